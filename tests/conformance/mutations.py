"""Seeded mutations of a valid LSU 10.0 file, for the differential conformance suite.

Each mutation changes one thing in a copy of a valid file — an attribute removed or added, an
element removed, added, duplicated or moved, a value out of range, a bad enumeration, a length,
a date, a dangling reference, a duplicate ID, a uniqueness violation, text where none is allowed,
the version — and says where the fault is: the element paths (``model.path`` form) a checker
must name, and the F codes a correct translation gives there. Whether the mutated file is valid
is *not* decided here: the oracle (xmlschema with the official XSD) decides.

Everything is deterministic for a given seed.
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import pathlib
import random
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter, ne

from lsucheck.xsd import words

NS = "urn:fr:edu:scolarite:lsun:bilans:import"
P = f"{{{NS}}}"


@dataclass(frozen=True)
class Mutation:
    ident: str
    kind: str
    description: str
    data: bytes
    fault_paths: frozenset      # the element at fault is one of these
    codes: frozenset            # the F codes a correct message gives there


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def path_of(elem, parents) -> str:
    """The same path as ``LsuDocument.path``: local names, ``[i]`` when a name repeats."""
    parts = []
    while elem is not None:
        parent = parents.get(elem)
        name = local(elem.tag)
        if parent is not None:
            tag, same, position = elem.tag, 0, 0
            for c in parent:
                if c.tag == tag:
                    same += 1
                    if c is elem and not position:
                        position = same
            if same > 1:
                name = f"{name}[{position}]"
        parts.append(name)
        elem = parent
    return "/" + "/".join(reversed(parts))


def serialise(root) -> bytes:
    """Bytes of the tree, as ``ElementTree.tostring(root, encoding="utf-8")`` writes them on
    Python 3.11 (prefixes ns0, ns1… in document order, ``xml`` and ``xsi`` kept), except that a CR
    in text or tail is written ``&#13;`` so that it survives. Written here, in one pass (the
    namespace declarations, known at the end, are put into the root's start tag then), six times
    faster than ElementTree, and the same bytes on every Python version: the oracles' verdicts are
    cached by these bytes."""
    return "".join(_write(root)[0]).encode("utf-8")


def _write(root, reuse: _Base | None = None, unclean=frozenset(), spans: dict | None = None):
    """(the pieces of ``serialise(root)``, {uri: prefix}). ``reuse``: the tree is that base changed
    in place, and an element of the base outside ``unclean`` (the changed elements and their
    ancestors) is written as the base wrote it (bytes: ``reuse.written``); the caller checks that the
    prefixes are the base's.
    ``spans``: filled with {element: (first piece, piece after its last)}."""
    namespaces: dict[str, str] = {}   # uri -> prefix
    qnames: dict[str, str] = {}

    def register(uri: str) -> str:
        prefix = _NAMESPACE_PREFIXES.get(uri) or f"ns{len(namespaces)}"
        if prefix != "xml":
            namespaces[uri] = prefix
        return prefix

    def qname(name: str) -> str:
        if name[:1] != "{":
            qnames[name] = name
            return name
        uri, tag = name[1:].rsplit("}", 1)
        prefix = namespaces.get(uri) or register(uri)
        found = qnames[name] = f"{prefix}:{tag}"
        return found

    out: list[str] = []
    write = out.append
    attributes, texts = _ATTRIBUTES, _TEXTS
    written, uris = (reuse.written, reuse.uris) if reuse is not None else ({}, {})

    def element(e) -> None:
        known = written.get(e)
        if known is not None and e not in unclean:
            for uri in uris[e]:
                if uri not in namespaces:
                    register(uri)
            write(known)
            return
        start = len(out)
        tag = qnames.get(e.tag) or qname(e.tag)
        write("<" + tag)
        for key, value in e.items():
            q = qnames.get(key) or qname(key)
            attribute = attributes.get((q, value))
            if attribute is None:
                attribute = attributes[q, value] = f' {q}="{_attribute(value)}"'
            write(attribute)
        text = e.text
        if text or len(e):
            write(">")
            if text:
                write(texts.get(text) or _text(text))
            for child in e:
                element(child)
            write(f"</{tag}>")
        else:
            write(" />")
        tail = e.tail
        if tail:
            write(texts.get(tail) or _text(tail))
        if spans is not None:
            spans[e] = (start, len(out))

    element(root)
    out[0] += "".join(f' xmlns:{prefix}="{_attribute(uri)}"'
                      for uri, prefix in sorted(namespaces.items(), key=lambda item: item[1]))
    return out, namespaces


#: ' name="value"' as written, by (qualified name, value): mutations of one base repeat most of them
_ATTRIBUTES: dict[tuple[str, str], str] = {}
#: a text or tail as written, by its value (the same indentation and texts again and again)
_TEXTS: dict[str, str] = {}
_XML = "http://www.w3.org/XML/1998/namespace"
_NAMESPACE_PREFIXES = {_XML: "xml",
                       "http://www.w3.org/2001/XMLSchema-instance": "xsi"}
_TEXT = re.compile("[&<>\r]")
_ATTRIBUTE = re.compile('[&<>"\r\n\t]')


def _text(value: str) -> str:
    written = value
    if _TEXT.search(value) is not None:
        written = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    _TEXTS[value] = written
    return written


def _attribute(value: str) -> str:
    if _ATTRIBUTE.search(value) is None:
        return value
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;"))


# ---------------------------------------------------------------------------------------------
# What the values of each field may become (valid ones included: the oracle decides)

TEXT_LIMITS = {  # attribute or element → maximum length of its text type
    "libelle": 40, "intitule": 150, "lien-parente": 40, "denomination": 600, "ligne1": 50,
    "ligne2": 50, "ligne3": 50, "ligne4": 50, "code-postal": 10, "commune": 100,
    "editeur": 50, "application": 50, "appliVersion": 50, "commentaire": 600, "description": 600,
    "appreciation": 1000, "acquis-conseils": 1000, "devoirs-faits": 600, "synthese": 1500,
    "parcours": 600, "competences-numeriques-commun": 600, "appreciation-num": 600,
    "complement-ppre": 600, "complement-contrat-reussite": 600,
}
PAIR_LIMITS = {("element-programme", "libelle"): 300, ("responsable-etab", "libelle"): 100,
               ("epi-thematique", "libelle"): 100}
NAME_ATTRS = {"nom": 100, "prenom": 100}       # NomPrenom: 1..100, no pattern
CODE_ATTRS = {"code-division": 20, "code-structure": 20, "thematique": 50}
ENUMS = {
    "modalite-election": ["S", "O", "F", "L", "R", "X", "D"],
    "civilite": ["M", "MME"], "type-structure": ["D", "G"],
    ("enseignant", "type"): ["epp", "local", "dir", "autre"],
    ("parcours", "code"): ["PAR_AVN", "PAR_CIT", "PAR_ART", "PAR_SAN"],
    ("modalite-accompagnement", "code"): ["PAP", "PPS", "UPE2A", "SEGPA", "ULIS", "PAI", "PPRE"],
    ("domaine", "code"): ["CPD_FRA", "CPD_ETR", "CPD_SCI", "CPD_ART", "MET_APP", "FRM_CIT",
                          "SYS_NAT", "REP_MND"],
    ("enseignement-complement", "code"): ["AUC", "LCA", "LCE", "LCR", "CHK", "PRO", "LSF", "LVE"],
    ("langue-culture-regionale", "code"): ["AUC", "BAQ", "BRE", "CAT", "COS", "OCI", "WLS"],
    ("competence-num", "code"): ["CN_INF_MEN", "CN_COM_INT", "CN_CRE_TEX", "CN_ENV_EVO"],
}
ENUM_MISSES = ["N", "CTR", "", " ", "x", "epp ", "Mme", "par_avn", "CPD_FR", "AUCUN", "RASED", "H"]
SMALL_INTS = {  # attribute → values to try (code if the schema refuses it)
    "positionnement": ["0", "1", "4", "5", "01", "+2", " 3 ", "-1", "2.0", "", "a", "10"],
    "statut-evaluation-eleve": ["0", "1", "3", "4", "01", " 2", "x"],
    "statut-evaluation-structure": ["0", "1", "2", "3", "+1"],
    "niveau": ["0", "1", "3", "4", "03"],
    "cycle": ["2", "3", "4", "5", "03", " 4 ", "quatre"],
}
VIE_SCOLAIRE = ["0", "999", "1000", "-1", "3.5", " 12 ", "+7", "", "douze", "0999"]
MOYENNES = ["0", "20", "20.00", "20.01", "21", "-1", "15.5", "15.50", "15.555", "15,5", "15.5/20",
            "NN", "abs", " 12.25 ", ".5", "100", "9.999", "1e1", "", "12."]
DATES = ["2025-02-30", "2025-13-01", "15/12/2025", "2025-1-5", "2024-02-29", "2025-02-29",
         "2025-12-15Z", "2025-12-15+01:00", " 2025-12-15 ", "", "2025-12-15T10:00:00", "20251215",
         "0000-01-01", "2025-12-32"]
INTS = ["0", "-3", "1", "x", "", "2147483648", " 2 ", "1.0"]
POSITIVE = ["0", "-1", "1", "00123", "12a", "", " 77 ", "99999999999999999999"]
MILLESIMES = ["2025", "15", "20255", "abcd", "", "    ", "2025 "]
BOOLEANS = ["true", "false", "1", "0", "oui", "TRUE", ""]
UAIS = ["123", "0382032", "0382032CC", "", "        ", "ABCDEFGH"]
ID_VALUES = ["1abc", "", "a b", "x:y", "É_01", "_ok", "-x"]

VALUE_CODES = {  # kind → F codes a correct translation may give
    "text": {"F9", "F10", "F11"}, "name": {"F9", "F10"}, "code": {"F9", "F10"},
    "enum": {"F8"}, "small": {"F14"}, "cycle": {"F8", "F14"}, "vie": {"F15"}, "moyenne": {"F13"},
    "date": {"F16"}, "int": {"F8"}, "positive": {"F8"}, "millesime": {"F17"}, "boolean": {"F8"},
    "uai": {"F12"}, "id": {"F18", "F19"}, "idref": {"F19"}, "epirefs": {"F19", "F27"},
    "matiere": {"F9"},
}

REF_ATTRS = ("eleve-ref", "periode-ref", "responsable-etab-ref", "prof-princ-refs", "enseignant-refs",
             "enseignant-ref", "discipline-ref", "discipline-refs", "id-lv", "element-programme-refs",
             "epi-ref", "epi-groupe-ref", "acc-perso-ref", "acc-perso-groupe-ref", "comp-num-commun-refs")

_REF_ATTRS = frozenset(REF_ATTRS)

UNIQUE_FIELDS = words.UNIQUE_FIELDS
UNIQUE_CODES = {"eleve": "F20", "periode": "F21", "discipline": "F22", "enseignant": "F23",
                "responsable-etab": "F24", "element-programme": "F24", "epi-thematique": "F24"}

SIMPLE_TEXT = set(TEXT_LIMITS) - {"libelle", "intitule", "lien-parente", "denomination", "ligne1",
                                  "ligne2", "ligne3", "ligne4", "code-postal", "commune"}
SIMPLE_TEXT.add("etablissement")


def value_kind(elem_name: str, attr: str | None):
    """(kind, candidate values) for an attribute (or the text of a simple element)."""
    if attr is None:
        if elem_name == "etablissement":
            return "uai", UAIS
        limit = TEXT_LIMITS.get(elem_name)
        return ("text", _texts(limit)) if limit else (None, [])
    if attr == "schemaVersion":
        return None, []
    if attr == "id":
        return "id", ID_VALUES
    if elem_name == "epi" and attr == "discipline-refs":
        return "epirefs", None
    if attr in REF_ATTRS:
        return "idref", None
    if attr.startswith("date-"):
        return "date", DATES
    if attr.startswith("moyenne-"):
        return "moyenne", MOYENNES
    if attr.startswith("nb-") and elem_name == "vie-scolaire":
        return "vie", VIE_SCOLAIRE
    if attr == "cycle":
        return "cycle", SMALL_INTS["cycle"]
    if attr in SMALL_INTS:
        return "small", SMALL_INTS[attr]
    if attr in ("indice", "nb-periodes"):
        return "int", INTS
    if attr == "id-sts":
        return "positive", POSITIVE
    if attr == "millesime":
        return "millesime", MILLESIMES
    if attr in ("legal1", "legal2"):
        return "boolean", BOOLEANS
    if attr in ("code", "code-national") and elem_name == "discipline":
        return "matiere", ["02070", "0207000", "", "020700", "      "]
    enum = ENUMS.get((elem_name, attr)) or ENUMS.get(attr)
    if enum:
        return "enum", enum + ENUM_MISSES
    if elem_name == "epi-thematique" and attr == "code":
        return "code", _codes(50)
    if attr in CODE_ATTRS:
        return "code", _codes(CODE_ATTRS[attr])
    if attr in NAME_ATTRS:
        return "name", ["", " ", "A" * 100, "A" * 101, "Jean\rPierre", "Zoé"]
    limit = PAIR_LIMITS.get((elem_name, attr)) or TEXT_LIMITS.get(attr)
    if limit:
        return "text", _texts(limit)
    return None, []


def _texts(limit: int) -> list[str]:
    return ["", " ", "\n\t ", "é" * limit, "é" * (limit + 1), "a\rb", "\r", "ligne 1\nligne 2",
            " texte ", "a" * (limit + 40), "\r\n"]


def _codes(limit: int) -> list[str]:
    return ["", " ", "x" * limit, "x" * (limit + 1), "3 B", "a\rb"]


# ---------------------------------------------------------------------------------------------
class _Base:
    """The base document, parsed once: every attempt changes it in place (no copy), and
    ``restore`` puts back what ``changed`` finds changed. Kept: its elements, parents and IDs as
    ``_Doc.refresh`` finds them, each element's own state (tag, text, tail, attributes in their
    order, children) and each element's subtree as ``serialise`` writes it."""

    def __init__(self, data: bytes):
        self.root = ET.fromstring(data)
        self.parents, self.elements, self.ids = _indexes(self.root)
        self.fields = fields_by_kind(self.elements)
        self.own, self.attributes = list(map(_OWN, self.elements)), list(map(ET.Element.items, self.elements))
        self.children, self.lengths = list(map(list, self.elements)), list(map(len, self.elements))
        spans: dict = {}
        out, self.namespaces = _write(self.root, spans=spans)
        self.data = "".join(out).encode("utf-8")
        # the root is always written again (the namespace declarations go into its start tag)
        self.written = {e: "".join(out[start:end]).encode("utf-8") for e, (start, end) in spans.items()
                        if e is not self.root}
        self.uris = {e: _uris(e) for e in self.written}

    def changed(self) -> list:
        """The indexes of the elements whose own state differs from the base's."""
        elements, indexes = self.elements, range(len(self.elements))
        found = set(compress(indexes, map(ne, map(_OWN, elements), self.own)))
        found.update(compress(indexes, map(ne, map(ET.Element.items, elements), self.attributes)))
        if not self.same_shape():
            found.update(compress(indexes, map(ne, map(list, elements), self.children)))
        return sorted(found)

    def same_shape(self) -> bool:
        """Whether every element has the base's children: the same elements in document order,
        each with as many children, make the same tree."""
        return list(self.root.iter()) == self.elements and list(map(len, self.elements)) == self.lengths

    def parents_now(self) -> dict:
        """{child: parent} of the tree as it is."""
        return self.parents if self.same_shape() else {c: p for p in self.root.iter() for c in p}

    def restore(self, changed) -> None:
        for i in changed:
            e = self.elements[i]
            e.tag, e.text, e.tail = self.own[i]
            e.attrib.clear()
            e.attrib.update(self.attributes[i])
            e[:] = self.children[i]

    def serialise(self, changed) -> bytes:
        """``serialise(self.root)`` after the changes: the unchanged subtrees as first written."""
        unclean = set()   # the changed elements and their ancestors
        for i in changed:
            e = self.elements[i]
            while e is not None and e not in unclean:
                unclean.add(e)
                e = self.parents.get(e)
        out, namespaces = _write(self.root, self, unclean)
        if namespaces != self.namespaces:   # other prefixes: written with the base's, they would differ
            return serialise(self.root)
        return b"".join([p if type(p) is bytes else p.encode("utf-8") for p in out])


def _indexes(root):
    """(parents, elements in document order, {id: first element of the namespace with it})."""
    parents = {c: p for p in root.iter() for c in p}
    elements = list(root.iter())
    ids = {}
    for e in elements:
        ident = e.get("id")
        if ident is not None and e.tag.startswith(P):
            ids.setdefault(ident, e)
    return parents, elements, ids


_OWN = attrgetter("tag", "text", "tail")   # an element's own state, its attributes and children aside


def _uris(elem) -> list[str]:
    """The namespaces (``xml``'s aside) of the names in the subtree, in the order first met."""
    found: dict = {}
    for e in elem.iter():
        for name in (e.tag, *e.keys()):
            if name[:1] == "{":
                uri = name[1:].rsplit("}", 1)[0]
                if uri != _XML:
                    found.setdefault(uri, None)
    return list(found)


class _Doc:
    """The base document as an operator sees it (changed in place), with parents and ID index."""

    def __init__(self, base: _Base):
        self.root = base.root
        self.fields = base.fields   # fields_by_kind of the base: same element order
        self.parents, self.elements, self.ids = base.parents, base.elements, base.ids

    def refresh(self):
        self.parents, self.elements, self.ids = _indexes(self.root)

    def named(self, name):
        return [e for e in self.elements if e.tag == P + name]

    def referencing(self, values) -> list:
        """The elements with a reference (``REF_ATTRS``) to one of ``values``, in document order."""
        values = set(values)
        out = []
        for e in self.elements:
            attrib = e.attrib
            for attr in _REF_ATTRS.intersection(attrib):
                v = attrib[attr]
                if v and not values.isdisjoint(v.split()):
                    out.append(e)
                    break
        return out

    def path(self, elem) -> str:
        return path_of(elem, self.parents)


# Each operator: (rng, doc) → (description, fault elements, codes) or None when not applicable.
# Fault elements are resolved to paths *after* the change (by generate), then the base is restored.

def op_remove_attribute(rng, doc):
    cands = [e for e in doc.elements if e.attrib and e is not doc.root]
    if not cands:
        return None
    e = rng.choice(cands)
    attr = rng.choice(sorted(a for a in e.attrib if not a.startswith("{")) or [None])
    if attr is None:
        return None
    del e.attrib[attr]
    faults = [e] + _same_key_siblings(doc, e)
    return f"remove @{attr} from <{local(e.tag)}>", faults, {"F6", "F20", "F21", "F22", "F23", "F24",
                                                              "F25", "F26"}


def op_add_attribute(rng, doc):
    e = rng.choice(doc.elements[1:])
    name = rng.choice(["foo", "date-verrou", "eleve-non-note", "id", "code", "libelle", "xml:lang"])
    if name == "xml:lang":
        name = "{http://www.w3.org/XML/1998/namespace}lang"
    if name in e.attrib:
        return None
    e.set(name, rng.choice(["x", "ZZ_1", "2025-01-01"]))
    return f"add @{local(name)} to <{local(e.tag)}>", [e], {"F7"}


def op_remove_element(rng, doc):
    e = rng.choice(doc.elements[1:])
    parent = doc.parents[e]
    ids = [x.get("id") for x in e.iter() if x.get("id")]
    parent.remove(e)
    doc.refresh()
    faults = [parent] + doc.referencing(ids)
    return f"remove <{local(e.tag)}> from <{local(parent.tag)}>", faults, {"F6", "F19", "F26"}


def op_add_element(rng, doc):
    parent = rng.choice([e for e in doc.elements if len(e) or e.tag in (P + "liste-acquis",)])
    kind = rng.choice(["unknown", "unknown", "no-namespace", "known"])
    if kind == "unknown":
        new = ET.Element(P + rng.choice(["foo", "date-verrou", "moyenne", "remarque"]))
    elif kind == "no-namespace":
        new = ET.Element(local(rng.choice(list(parent)).tag))
    else:
        new = copy.deepcopy(rng.choice(doc.elements[2:]))
        for x in new.iter():
            if x.get("id"):
                x.set("id", x.get("id") + "_NEW")
    parent.insert(rng.randint(0, len(parent)), new)
    doc.refresh()
    # a validator may name the new element, its twin (the one of the two that comes second) or,
    # when the new one fits where it stands, the next element, which no longer does
    kids = list(parent)
    twins = [c for c in kids if c.tag == new.tag and c is not new]
    after = kids[kids.index(new) + 1:kids.index(new) + 2]
    faults = [new] + list(new.iter()) + [parent] + twins + after + _same_key_siblings(doc, new)
    return f"add <{local(new.tag)}> ({kind}) in <{local(parent.tag)}>", faults, \
        {"F5", "F6", "F7", "F10", "F18", "F19", "F20", "F21", "F22", "F23", "F24", "F25", "F26"}


def op_duplicate_element(rng, doc):
    e = rng.choice(doc.elements[2:])
    parent = doc.parents[e]
    twin = copy.deepcopy(e)
    parent.insert(list(parent).index(e) + 1, twin)
    faults = [twin, e, parent] + list(twin.iter()) + list(e.iter())
    return f"duplicate <{local(e.tag)}>", faults, {"F5", "F7", "F18", "F20", "F21", "F22", "F23", "F24",
                                                   "F25", "F26"}


def op_reorder(rng, doc):
    parents = [e for e in doc.elements if len({c.tag for c in e}) > 1]
    parent = rng.choice(parents)
    kids = list(parent)
    i, j = sorted(rng.sample(range(len(kids)), 2))
    if kids[i].tag == kids[j].tag:
        return None
    a, b = kids[i], kids[j]
    parent[i], parent[j] = b, a
    # a validator names the first element it finds out of order: any of those between the two
    return f"swap <{local(a.tag)}> and <{local(b.tag)}> in <{local(parent.tag)}>", kids[i:j + 1] + [parent], \
        {"F5", "F6", "F7", "F26"}


def op_move(rng, doc):
    parents = [e for e in doc.elements if len({c.tag for c in e}) > 1]
    parent = rng.choice(parents)
    kids = list(parent)
    e = rng.choice(kids)
    parent.remove(e)
    others = list(parent)
    target = rng.randint(0, len(others))
    if target < len(others) and others[target].tag == e.tag or target == kids.index(e):
        parent.insert(kids.index(e), e)
        return None
    parent.insert(target, e)
    return f"move <{local(e.tag)}> to position {target} in <{local(parent.tag)}>", [e, parent] + \
        [c for c in parent if c is not e], {"F5", "F6", "F7", "F26"}


def fields_by_kind(elements) -> dict:
    """kind → [(element index, attribute or None)] of every mutable field of a document."""
    by_kind: dict = {}
    for index, e in enumerate(elements):
        name = local(e.tag)
        fields = [a for a in e.attrib if not a.startswith("{")]
        if name in SIMPLE_TEXT:
            fields.append(None)
        for attr in fields:
            kind, _ = value_kind(name, attr)
            if kind is not None:
                by_kind.setdefault(kind, []).append((index, attr))
    return by_kind


def op_value(rng, doc):
    # pick a kind of field first, so that rare fields (the UAI, a millésime) are mutated too
    kind = rng.choice(sorted(doc.fields))
    index, attr = rng.choice(doc.fields[kind])
    e = doc.elements[index]
    name = local(e.tag)
    kind, values = value_kind(name, attr)
    if kind in ("idref", "epirefs"):
        return _bad_reference(rng, doc, e, attr, kind)
    value = rng.choice(values)
    if attr is None:
        e.text = value
    else:
        if kind == "id":
            refs = doc.referencing([e.get("id")])
        e.set(attr, value)
    faults = [e]
    if kind == "id":
        faults += refs
    if name in UNIQUE_FIELDS and attr in UNIQUE_FIELDS[name]:
        faults += _same_key_siblings(doc, e)
    codes = set(VALUE_CODES[kind])
    if name in UNIQUE_FIELDS and attr in UNIQUE_FIELDS[name]:
        codes |= {UNIQUE_CODES.get(name, "F25"), "F26"}
    return f"set {'text' if attr is None else '@' + attr} of <{name}> to {value!r}", faults, codes


def _bad_reference(rng, doc, e, attr, kind):
    old = e.get(attr) or ""
    choice = rng.choice(["dangling", "append", "empty", "lexical", "single", "self"])
    if choice == "dangling":
        value = "ZZ_INTROUVABLE"
    elif choice == "append":
        value = (old + " ZZ_404").strip()
    elif choice == "empty":
        value = ""
    elif choice == "lexical":
        value = "1abc"
    elif choice == "single":
        value = old.split()[0] if old.split() else "X"
    else:
        ids = sorted(doc.ids)
        value = rng.choice(ids) if ids else "X"   # an existing ID (maybe of the wrong kind: valid)
    e.set(attr, value)
    return f"set @{attr} of <{local(e.tag)}> to {value!r}", [e], set(VALUE_CODES[kind])


def op_duplicate_id(rng, doc):
    holders = [e for e in doc.elements if e.get("id")]
    if len(holders) < 2:
        return None
    a, b = rng.sample(holders, 2)
    old = a.get("id")
    refs = doc.referencing([old])
    a.set("id", b.get("id"))
    return f"give <{local(a.tag)} id={old}> the id {b.get('id')!r}", [a, b] + refs, {"F18", "F19"}


def op_uniqueness(rng, doc):
    groups = {}
    for e in doc.elements:
        name = local(e.tag)
        if name in UNIQUE_FIELDS and e in doc.parents:
            groups.setdefault((doc.parents[e], e.tag), []).append(e)
    pairs = [g for g in groups.values() if len(g) > 1]
    if not pairs:
        return None
    a, b = rng.sample(rng.choice(pairs), 2)
    name = local(a.tag)
    for f in UNIQUE_FIELDS[name]:
        if b.get(f) is None:
            a.attrib.pop(f, None)
        else:
            a.set(f, b.get(f))
    faults = [a, b]
    return f"copy the key of <{name}> onto another", faults, {UNIQUE_CODES.get(name, "F25"), "F26"}


def op_text_in_element_only(rng, doc):
    cands = [e for e in doc.elements if local(e.tag) not in SIMPLE_TEXT | {"parcours", "competences-numeriques-commun"}]
    e = rng.choice(cands)
    if rng.random() < 0.5 or not len(e):
        e.text = rng.choice(["texte", " x ", "0"])
        return f"text in <{local(e.tag)}>", [e], {"F7"}
    child = rng.choice(list(e))
    child.tail = "reste"
    return f"tail text after <{local(child.tag)}>", [e, child], {"F7"}


def op_schema_version(rng, doc):
    value = rng.choice(["2.0", "7.0", "9.0", "10", "10.0 ", "", None, "abc"])
    if value is None:
        doc.root.attrib.pop("schemaVersion", None)
    else:
        doc.root.set("schemaVersion", value)
    return f"schemaVersion = {value!r}", [doc.root], {"F3"}


def op_rename(rng, doc):
    e = rng.choice(doc.elements[1:])
    e.tag = rng.choice([local(e.tag), P + local(e.tag).upper(), P + local(e.tag) + "s"])
    parent = doc.parents[e]
    return f"rename <{local(e.tag)}>", [e, parent], {"F5", "F6", "F7", "F26"}


OPERATORS = [
    (op_remove_attribute, 12), (op_add_attribute, 6), (op_remove_element, 10), (op_add_element, 8),
    (op_duplicate_element, 8), (op_reorder, 6), (op_move, 4), (op_value, 30), (op_duplicate_id, 4),
    (op_uniqueness, 8), (op_text_in_element_only, 3), (op_schema_version, 1), (op_rename, 3),
]


def _same_key_siblings(doc, e) -> list:
    parent = doc.parents.get(e)
    if parent is None or local(e.tag) not in UNIQUE_FIELDS:
        return []
    return [s for s in parent if s.tag == e.tag and s is not e] + [parent]


def generate(base: bytes, *, seed: int, count: int, label: str) -> list[Mutation]:
    """``count`` distinct mutations of the valid file ``base``, deterministic for ``seed``."""
    rng = random.Random(seed)
    base = _Base(base)
    ops, weights = zip(*OPERATORS)
    out: list[Mutation] = []
    seen: set = {base.data}   # a change that changes nothing is no mutation
    attempts = 0
    while len(out) < count:
        attempts += 1
        if attempts > count * 20:
            raise RuntimeError("too many inapplicable mutations")
        op = rng.choices(ops, weights)[0]
        doc = _Doc(base)
        result = op(rng, doc)
        changed = base.changed()
        try:
            if result is None or not changed:
                continue
            data = base.serialise(changed)
            if len(out) % 100 == 0:   # the subtrees reused are what writing it all again gives
                assert data == serialise(doc.root), (op.__name__, result[0])
            if data in seen:   # the same file twice (or the base itself) proves nothing more
                continue
            seen.add(data)
            description, faults, codes = result
            parents = base.parents_now()   # after the change
            paths = frozenset(path_of(f, parents) for f in faults if f is doc.root or f in parents)
            out.append(Mutation(ident=f"{label}-{len(out):04d}", kind=op.__name__[3:],
                                description=description, data=data, fault_paths=paths,
                                codes=frozenset(codes)))
        finally:
            base.restore(changed)
    return out


# ---------------------------------------------------------------------------------------------
# Oracle verdicts, cached by what they depend on: the XSD's bytes and the mutated file's bytes

def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class VerdictCache:
    """{XSD sha256: {file sha256: [valid, first error]}} in a committed JSON file.

    A verdict is looked up by the sha256 of the XSD *and* of the file's bytes: a changed
    mutation, base, generator or XSD misses the cache and is validated by the oracle again,
    so a stale entry can never stand for another file. ``LSUCHECK_UPDATE_VERDICTS=1`` writes
    the misses back (then commit the file)."""

    def __init__(self, path: pathlib.Path):
        self.path = path
        self.data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        self.used: dict[str, set] = {}
        self.misses = 0

    def verdicts(self, xsd: bytes, files: dict[str, bytes], oracle) -> dict[str, tuple[bool, str]]:
        """{name: (valid, first error)}; ``oracle(files)`` validates the misses only."""
        table = self.data.setdefault(sha256(xsd), {})
        digests = {name: sha256(data) for name, data in files.items()}
        self.used.setdefault(sha256(xsd), set()).update(digests.values())
        missing = {name: files[name] for name, d in digests.items() if d not in table}
        self.misses += len(missing)
        if missing:
            for name, (valid, error, *more) in oracle(missing).items():
                table[digests[name]] = [valid, error[:160], *more]
            if os.environ.get("LSUCHECK_UPDATE_VERDICTS") in ("1", "prune"):
                self.save()
        return {name: tuple(table[d]) for name, d in digests.items()}

    def xmlschema(self, xsd: bytes, files: dict[str, bytes]) -> dict[str, tuple[bool, str, int]]:
        """{name: (valid, first error, number of errors)}: xmlschema with ``xsd`` on each file as
        lsucheck parses it (compiled only when a file is missing from the cache)."""
        return self.verdicts(xsd, files, xmlschema_oracle(xsd))

    def xmlschema_valid(self, xsd: bytes, data: bytes) -> bool:
        return self.xmlschema(xsd, {"": data})[""][0]

    def save(self) -> None:
        """Write every entry (``LSUCHECK_UPDATE_VERDICTS=prune``: only those this run used), with
        those another process (a pytest-xdist worker) wrote meanwhile, under a lock."""
        import fcntl
        with open(self.path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if self.path.is_file():
                for xsd, table in json.loads(self.path.read_text(encoding="utf-8")).items():
                    mine = self.data.setdefault(xsd, {})
                    for digest, verdict in table.items():
                        mine.setdefault(digest, verdict)
            self._write()

    def _write(self) -> None:
        prune = os.environ.get("LSUCHECK_UPDATE_VERDICTS") == "prune"
        kept = {xsd: {d: v for d, v in sorted(table.items()) if not prune or d in self.used.get(xsd, ())}
                for xsd, table in sorted(self.data.items()) if not prune or self.used.get(xsd)}
        lines = ["{"]
        for i, (xsd, table) in enumerate(kept.items()):
            lines.append(f"{json.dumps(xsd)}: {{")
            rows = [f"{json.dumps(d)}: {json.dumps(v, ensure_ascii=False)}" for d, v in table.items()]
            lines.append(",\n".join(rows))
            lines.append("}" + ("," if i < len(kept) - 1 else ""))
        lines.append("}")
        self.path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def xmlschema_oracle(xsd: bytes):
    """A function validating {name: bytes} with xmlschema and ``xsd`` (compiled at first use):
    {name: (valid, first error, number of errors)}, each file as lsucheck parses it."""
    import io

    import xmlschema

    from lsucheck.parsing import Source, parse
    compiled = []

    def validate(files: dict[str, bytes]) -> dict[str, tuple[bool, str, int]]:
        if not compiled:
            compiled.append(xmlschema.XMLSchema(io.BytesIO(xsd), allow="none", defuse="always"))
        out = {}
        for name, data in files.items():
            errors = list(compiled[0].iter_errors(parse(Source.from_bytes(data)).root))
            out[name] = (not errors, str(errors[0].reason) if errors else "", len(errors))
        return out
    return validate


#: xmlschema's verdicts (official and project XSDs), by XSD sha256 then file sha256
XMLSCHEMA_CACHE = VerdictCache(pathlib.Path(__file__).resolve().parent / "oracle_verdicts.json")
