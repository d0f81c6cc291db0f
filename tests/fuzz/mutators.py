"""Seeded mutations of LSU files, reference exports and zip archives (issue 16 item 1).

Every mutator takes a ``random.Random`` and the bytes (or the parsed tree) of a base file and
returns ``(name, bytes)``: the same seed gives the same bytes. Families:

* ``octets``      byte-level: flips, insertions, deletions, truncation, NUL and high bytes, BOMs,
                  encoding declarations, a second ``<?xml?>`` declaration;
* ``xml``         XML-aware: elements and attributes deleted, duplicated, reordered, emptied, huge;
                  namespaces, CDATA, comments, PIs; deep nesting; very many siblings, attributes,
                  ids in a list;
* ``semantique``  impossible dates, other Unicode digits, negative and huge numbers, dangling and
                  duplicate ids;
* ``reference``   the same on a SIECLE, Nomenclature, Communs or STS-web export (checked beside the
                  unchanged LSU file), plus the year, UAI and date fields those files carry;
* ``zip``         archives: bombs, nesting, traversal names, encryption, 10,000 members, damage;
* ``hostile``     DTDs, entities, external references, non-XML files.

Values a mutator writes are never ``None`` or ``?`` (the campaign flags those words in reports).
"""
from __future__ import annotations

import io
import random
import re
import struct
import xml.etree.ElementTree as ET
import zipfile

NS = "urn:fr:edu:scolarite:lsun:bilans:import"
ET.register_namespace("", NS)
ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")

#: other Unicode digits: superscripts, Arabic-Indic, fullwidth, Devanagari, mathematical bold
OTHER_DIGITS = ("⁰¹²³⁴⁵⁶⁷⁸⁹", "٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "०१२३४५६७८९", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗")
IMPOSSIBLE_DATES = ("2025-02-30", "2025-13-01", "0000-00-00", "2025-00-10", "9999-99-99", "2025-1-1",
                    "31/12/2025", "2025-02-29T00:00:00", "-2025-01-01", "2025-01-01Z+25:00", "")
NUMBERS = ("-1", "-0", "0", "99999999999999999999999999", "1e9", "1,5", "NaN", "+7", " 12 ", "00000000001",
           "-99999999999999999999", "3.0")
WEIRD_TEXT = ("\u00a0", "\u200b", "é" * 3, "\U0001F600", "&amp;", "]]>", "\t", "x" * 301, "A\u0301")


def _digits(text: str, rnd: random.Random) -> str:
    table = rnd.choice(OTHER_DIGITS)
    out = [table[int(c)] if c.isdigit() and c.isascii() and rnd.random() < 0.7 else c for c in text]
    if out == list(text) and any(c.isdigit() for c in text):
        i = next(i for i, c in enumerate(text) if c.isdigit() and c.isascii())
        out[i] = table[int(text[i])]
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# byte level
def _bytes_mutation(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    n = len(data)
    pos = rnd.randrange(max(n, 1))
    kind = rnd.choice(("flip", "insert", "delete", "truncate", "duplicate", "nul", "high", "bom",
                       "encoding", "misplaced_decl", "crlf", "swap"))
    if kind == "flip":
        b = bytearray(data)
        for _ in range(rnd.randint(1, 8)):
            i = rnd.randrange(n)
            b[i] ^= 1 << rnd.randrange(8)
        return kind, bytes(b)
    if kind == "insert":
        junk = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 16)))
        return kind, data[:pos] + junk + data[pos:]
    if kind == "delete":
        return kind, data[:pos] + data[pos + rnd.randint(1, 200):]
    if kind == "truncate":
        return kind, data[:pos]
    if kind == "duplicate":
        end = min(n, pos + rnd.randint(1, 2000))
        return kind, data[:end] + data[pos:end] + data[end:]
    if kind == "nul":
        return kind, data[:pos] + b"\x00" + data[pos:]
    if kind == "high":
        return kind, data[:pos] + bytes([rnd.randrange(0x80, 0x100)]) + data[pos:]
    if kind == "bom":
        bom = rnd.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"))
        return kind, bom + data
    if kind == "encoding":
        enc = rnd.choice(("x-inconnu", "Shift_JIS", "UTF-16", "UTF-32", "ISO-8859-1", "US-ASCII", "EBCDIC",
                          "utf8", "windows-1252", "", "UTF-8\x00", "ISO-2022-JP", "cp1252", "GB18030"))
        decl = f'<?xml version="1.0" encoding="{enc}"?>'.encode("latin-1")
        body = re.sub(rb"^(\xef\xbb\xbf)?<\?xml[^>]*\?>", b"", data)
        return kind, decl + body
    if kind == "misplaced_decl":
        return kind, rnd.choice((b"\n", b" ", b"<!-- x -->")) + data if rnd.random() < 0.5 else \
            data[:pos] + b'<?xml version="1.0"?>' + data[pos:]
    if kind == "crlf":
        return kind, data.replace(b"\n", rnd.choice((b"\r\n", b"\r", b"\n\n")))
    a, b2 = sorted((rnd.randrange(n), rnd.randrange(n)))
    return kind, data[:a] + data[b2:b2 + 50] + data[a + 50:b2] + data[a:a + 50] + data[b2 + 50:]


# ---------------------------------------------------------------------------------------------
# XML-aware
def _serialise(root) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _elements(root):
    return list(root.iter())


def _parents(root) -> dict:
    return {c: p for p in root.iter() for c in p}


def _with_attrs(root):
    return [e for e in root.iter() if e.attrib]


def _xml_mutation(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    root = ET.fromstring(data)
    elems = _elements(root)
    parents = _parents(root)
    elem = rnd.choice(elems[1:] or elems)
    parent = parents.get(elem, root)
    kind = rnd.choice(("delete_elem", "dup_elem", "reorder", "empty_elem", "delete_attr", "empty_attr",
                       "huge_attr", "huge_text", "unknown_attr", "foreign_ns", "cdata", "comment", "pi",
                       "deep", "siblings", "many_attrs", "ids_list", "text_in_empty", "rename",
                       "move", "xsi_type", "xml_lang"))
    if kind == "delete_elem" and elem is not root:
        parent.remove(elem)
    elif kind == "dup_elem":
        i = list(parent).index(elem) if elem in list(parent) else 0
        for _ in range(rnd.choice((1, 1, 2, 10))):
            parent.insert(i, ET.fromstring(ET.tostring(elem)))
    elif kind == "reorder":
        kids = list(parent)
        rnd.shuffle(kids)
        parent[:] = kids
    elif kind == "empty_elem":
        if rnd.random() < 0.5:
            elem.attrib.clear()
        elem[:] = []
        elem.text = None if rnd.random() < 0.5 else ""
    elif kind == "delete_attr":
        e = rnd.choice(_with_attrs(root))
        e.attrib.pop(rnd.choice(sorted(e.attrib)))
    elif kind == "empty_attr":
        e = rnd.choice(_with_attrs(root))
        e.set(rnd.choice(sorted(e.attrib)), rnd.choice(("", " ", "\u00a0")))
    elif kind == "huge_attr":
        e = rnd.choice(_with_attrs(root))
        k = rnd.choice(sorted(e.attrib))
        e.set(k, e.get(k) + rnd.choice(("x", "é", " ", "1", "A B ")) * rnd.choice((300, 1500, 9000, 12000, 60000)))
    elif kind == "huge_text":
        leaves = [e for e in elems if len(e) == 0] or elems
        e = rnd.choice(leaves)
        e.text = (e.text or "") + rnd.choice(("texte ", "é", "\u00a0", "x")) * rnd.choice((700, 1600, 50000, 300000))
    elif kind == "unknown_attr":
        elem.set(rnd.choice(("inconnu", "id", "code", "date")), rnd.choice(WEIRD_TEXT))
    elif kind == "foreign_ns":
        if rnd.random() < 0.5:
            elem.append(ET.Element("{urn:autre}extension", {"{urn:autre}a": "1"}))
        else:
            elem.tag = elem.tag.replace(NS, "urn:autre") if "}" in elem.tag else "{urn:autre}" + elem.tag
    elif kind in ("cdata", "comment", "pi"):
        target = rnd.choice([e for e in elems if e.text and e.text.strip()] or elems)
        marker = "\ue000MARK\ue000"
        target.text = (target.text or "") + marker
        out = _serialise(root)
        insert = {"cdata": b"<![CDATA[ <b>gras</b> & ]]>", "comment": b"<!-- commentaire -- -->"
                  if rnd.random() < 0.3 else b"<!-- commentaire -->", "pi": b"<?traitement x='1'?>"}[kind]
        return kind, out.replace(marker.encode(), insert, 1)
    elif kind == "deep":
        depth = rnd.choice((20, 90, 150, 5000))
        marker = "\ue000DEEP\ue000"
        elem.text = (elem.text or "") + marker
        name = elem.tag.rsplit("}", 1)[-1].encode()
        return kind, _serialise(root).replace(marker.encode(), b"<" + name + b">" * 1 + (b"<" + name + b">") * (depth - 1)
                                             + (b"</" + name + b">") * depth, 1)
    elif kind == "siblings":
        count = rnd.choice((100, 3000, 30000))
        leaf = ET.Element(elem.tag, dict(list(elem.attrib.items())[:2]))
        parent.extend(ET.fromstring(ET.tostring(leaf)) for _ in range(count))
    elif kind == "many_attrs":
        for i in range(rnd.choice((20, 101, 2000))):
            elem.set(f"a{i}", str(i))
    elif kind == "ids_list":
        ids = [e.get("id") for e in elems if e.get("id")]
        e = rnd.choice([x for x in elems if any(k.endswith("-refs") for k in x.attrib)] or [elem])
        key = next((k for k in e.attrib if k.endswith("-refs")), "enseignant-refs")
        count = rnd.choice((50, 999, 1001, 20000))
        pool = ids if rnd.random() < 0.5 else [f"INCONNU_{i}" for i in range(count)]
        e.set(key, " ".join(rnd.choice(pool) for _ in range(count)))
    elif kind == "text_in_empty":
        elem.text = rnd.choice(WEIRD_TEXT)
    elif kind == "rename":
        elem.tag = elem.tag[:-1] if len(elem.tag) > 1 else "x"
    elif kind == "move" and elem is not root:
        parent.remove(elem)
        rnd.choice(elems).append(elem)
    elif kind == "xsi_type":
        elem.set("{http://www.w3.org/2001/XMLSchema-instance}type", rnd.choice(("xs:string", "Inconnu", "")))
    else:
        elem.set("{http://www.w3.org/XML/1998/namespace}lang", "fr")
    return kind, _serialise(root)


# ---------------------------------------------------------------------------------------------
# semantic
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NUM = re.compile(r"^-?\d+([.,]\d+)?$")


def _semantic_mutation(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    root = ET.fromstring(data)
    elems = _elements(root)
    dates = [(e, k) for e in elems for k, v in e.attrib.items() if _DATE.match(v)]
    dates += [(e, None) for e in elems if e.text and _DATE.match(e.text.strip())]
    nums = [(e, k) for e in elems for k, v in e.attrib.items() if _NUM.match(v)]
    nums += [(e, None) for e in elems if e.text and _NUM.match(e.text.strip())]
    ids = [e for e in elems if e.get("id")]
    refs = [(e, k) for e in elems for k in e.attrib if k.endswith("-ref") or k.endswith("-refs")]

    def put(e, k, v):
        if k is None:
            e.text = v
        else:
            e.set(k, v)

    def get(e, k):
        return (e.text or "").strip() if k is None else e.get(k)

    kind = rnd.choice(("date", "digits", "number", "dangling", "duplicate_id", "digits_date", "year",
                       "weird_text"))
    if kind in ("date", "digits_date") and dates:
        e, k = rnd.choice(dates)
        put(e, k, rnd.choice(IMPOSSIBLE_DATES) if kind == "date" else _digits(get(e, k), rnd))
    elif kind == "digits" and nums:
        e, k = rnd.choice(nums)
        put(e, k, _digits(get(e, k), rnd))
    elif kind == "number" and nums:
        e, k = rnd.choice(nums)
        put(e, k, rnd.choice(NUMBERS))
    elif kind == "dangling" and refs:
        e, k = rnd.choice(refs)
        put(e, k, rnd.choice(("INCONNU", "", "ID ID", get(e, k) + "_X", " ", get(e, k) + " " + get(e, k))))
    elif kind == "duplicate_id" and len(ids) > 1:
        a, b = rnd.sample(ids, 2)
        a.set("id", b.get("id"))
    elif kind == "year":
        targets = [(e, k) for e in elems for k in e.attrib if k in ("millesime", "schemaVersion", "cycle")]
        targets += [(e, None) for e in elems if e.tag.rsplit("}", 1)[-1] in ("ANNEE_SCOLAIRE", "ANNEE_CODE")]
        if targets:
            e, k = rnd.choice(targets)
            v = get(e, k) or "2025"
            put(e, k, rnd.choice((_digits(v, rnd), "-" + v, v + "9", "99999", "", "0", "2025-2026")))
    else:
        e = rnd.choice(elems)
        if e.attrib and rnd.random() < 0.6:
            k = rnd.choice(sorted(e.attrib))
            e.set(k, rnd.choice(WEIRD_TEXT) + e.get(k))
        else:
            e.text = rnd.choice(WEIRD_TEXT) + (e.text or "")
    return kind, _serialise(root)


FAMILY_MUTATORS = {"octets": _bytes_mutation, "xml": _xml_mutation, "semantique": _semantic_mutation}


def mutate(family: str, rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    try:
        return FAMILY_MUTATORS[family](rnd, data)
    except (ET.ParseError, ValueError, IndexError, RecursionError):  # a base this mutator cannot change
        kind, out = _bytes_mutation(rnd, data)
        return "octets/" + kind, out


def mutate_reference(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    family = rnd.choice(("octets", "xml", "semantique", "semantique"))
    kind, out = mutate(family, rnd, data)
    return f"{family}/{kind}", out


# ---------------------------------------------------------------------------------------------
# zips
def _zip(members, *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, content in members:
            z.writestr(name, content)
    return buf.getvalue()


def _encrypted(data: bytes) -> bytes:
    """Set the 'encrypted' flag of every entry (local and central headers)."""
    b = bytearray(data)
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = b.find(sig)
        while i >= 0:
            flags = struct.unpack_from("<H", b, i + off)[0] | 1
            struct.pack_into("<H", b, i + off, flags)
            i = b.find(sig, i + 4)
    return bytes(b)


ZIP_KINDS = ("bomb", "bomb_many", "nested", "traversal", "absolute", "encrypted", "members_10000",
             "damaged", "truncated", "empty", "no_xml", "stored", "two_xml", "non_utf8_name", "lying_size",
             "comment", "dir_only", "lsu_inside")


def zip_case(kind: str, rnd: random.Random, xml: bytes, lsu: bytes) -> bytes:
    if kind == "bomb":
        return _zip([("ElevesSansAdresses.xml", b"<a>" + b" " * (rnd.choice((60, 250)) * 1024 * 1024) + b"</a>")])
    if kind == "bomb_many":
        return _zip([(f"f{i}.xml", b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>") for i in range(15)])
    if kind == "nested":
        inner = _zip([("ElevesSansAdresses.xml", xml)])
        for _ in range(rnd.choice((1, 3))):
            inner = _zip([("inner.zip", inner)])
        return inner if rnd.random() < 0.5 else _zip([("ElevesSansAdresses.xml", xml), ("inner.zip", inner)])
    if kind == "traversal":
        return _zip([("../../../tmp/ElevesSansAdresses.xml", xml)])
    if kind == "absolute":
        return _zip([(rnd.choice(("/etc/ElevesSansAdresses.xml", "C:\\Windows\\x.xml", "..\\..\\x.xml")), xml)])
    if kind == "encrypted":
        return _encrypted(_zip([("ElevesSansAdresses.xml", xml)]))
    if kind == "members_10000":
        return _zip([(f"m{i:05d}.xml", b"<a/>") for i in range(10000)], compression=zipfile.ZIP_STORED)
    if kind == "damaged":
        z = bytearray(_zip([("ElevesSansAdresses.xml", xml)]))
        for _ in range(8):
            z[rnd.randrange(30, len(z) - 30)] ^= 0xFF
        return bytes(z)
    if kind == "truncated":
        z = _zip([("ElevesSansAdresses.xml", xml)])
        return z[:rnd.randrange(4, len(z))]
    if kind == "empty":
        return _zip([])
    if kind == "no_xml":
        return _zip([("lisez-moi.txt", "Bonjour".encode())])
    if kind == "stored":
        return _zip([("ElevesSansAdresses.xml", xml)], compression=zipfile.ZIP_STORED)
    if kind == "two_xml":
        return _zip([("ElevesSansAdresses.xml", xml), ("Copie.xml", xml)])
    if kind == "non_utf8_name":
        z = bytearray(_zip([("El\u00e8ves.xml", xml)]))
        return bytes(z).replace("El\u00e8ves".encode("utf-8"), b"El\xe8ve\xff")
    if kind == "lying_size":
        z = bytearray(_zip([("ElevesSansAdresses.xml", xml)]))
        i = z.find(b"PK\x01\x02")
        struct.pack_into("<I", z, i + 24, 10)  # uncompressed size
        return bytes(z)
    if kind == "comment":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zz:
            zz.comment = b"\xff" * 100
            zz.writestr("ElevesSansAdresses.xml", xml)
        return buf.getvalue()
    if kind == "dir_only":
        return _zip([("dossier/", b"")])
    return _zip([("import_lsu.xml", lsu)])


# ---------------------------------------------------------------------------------------------
# hostile files
def hostile_files(lsu: bytes) -> list[tuple[str, bytes]]:
    body = re.sub(rb"^(\xef\xbb\xbf)?<\?xml[^>]*\?>", b"", lsu)
    return [
        ("dtd", b'<?xml version="1.0"?><!DOCTYPE lsun-bilans [<!ELEMENT a ANY>]>' + body),
        ("billion_laughs", b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;&l;">]><a>&l2;</a>'),
        ("xxe", b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'),
        ("external_dtd", b'<?xml version="1.0"?><!DOCTYPE a SYSTEM "http://exemple.invalid/a.dtd"><a/>'),
        ("param_entity", b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY % p "x"> %p;]><a/>'),
        ("pdf", b"%PDF-1.4\n" + b"x" * 100),
        ("png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50),
        ("gzip", b"\x1f\x8b\x08\x00" + b"\x00" * 50),
        ("office", b"\xd0\xcf\x11\xe0" + b"\x00" * 50),
        ("csv", "nom;prénom;classe\nDupont;Jean;6 A\n".encode()),
        ("html", b"<!DOCTYPE html><html><body>Erreur 404</body></html>"),
        ("empty", b""),
        ("blank", b" \n\t\n"),
        ("bom_only", b"\xef\xbb\xbf"),
        ("utf16_no_bom", body.decode("utf-8", "replace").encode("utf-16-le")),
        ("utf32", lsu.decode("utf-8", "replace").encode("utf-32")),
        ("only_decl", b'<?xml version="1.0"?>'),
        ("other_root", b'<?xml version="1.0"?><racine/>'),
        ("lsu_wrong_ns", body.replace(NS.encode(), b"urn:autre", 1)),
        ("lsu_no_ns", body.replace(b'xmlns="' + NS.encode() + b'"', b"", 1)),
        ("xml_1_1", b'<?xml version="1.1"?>' + body),
        ("nul_bytes", b"\x00" * 5000),
        ("random_binary", bytes(random.Random(7).randrange(256) for _ in range(5000))),
        ("million_attrs", b"<a " + b" ".join(b'a%d="1"' % i for i in range(200000)) + b"/>"),
        ("long_attribute", body.replace(b'nom="', b'nom="' + b"x" * 200000, 1)),
        ("ids_500000", body.replace(b'prof-princ-refs="', b'prof-princ-refs="' + b"E1 " * 500000, 1)
         if b'prof-princ-refs="' in body else body),
        ("siblings_600000", body.replace(b"<eleves>", b"<eleves>" + b"<eleve/>" * 600000, 1)),
        ("eleves_vides_200000", body.replace(b"<eleves>", b"<eleves>" + b"<eleve/>" * 200000, 1)),
        ("depth_100000", b"<a>" * 100000 + b"</a>" * 100000),
    ]
