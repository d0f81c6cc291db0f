"""Lexical edge cases of a valid LSU file, where validators may differ (issue 11): blanks that are
not XML whitespace, characters outside the BMP at a length limit, ``xsi:type``, character
references, CDATA, comments and processing instructions between elements, blanks around values.

Each case is the base with one textual change; its verdict is the JDK's (test_jdk_oracle.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .mutations import PAIR_LIMITS, TEXT_LIMITS, value_kind


@dataclass(frozen=True)
class Lexical:
    ident: str
    description: str
    data: bytes


XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


def _replace_first(text: str, old: str, new: str) -> str | None:
    return text.replace(old, new, 1) if old in text else None


def cases(base: bytes, label: str) -> list[Lexical]:
    text = base.decode("utf-8")
    out: list[Lexical] = []

    def add(name: str, description: str, changed: str | None) -> None:
        if changed is not None and changed != text:
            out.append(Lexical(f"{label}-{name}", description, changed.encode("utf-8")))

    # between two elements of element-only content (after <entete>)
    for name, blank in (("space", " "), ("tab", "\t"), ("tab-ref", "&#9;"), ("lf-ref", "&#10;"),
                        ("cr-ref", "&#13;"), ("nbsp-ref", "&#160;"), ("nbsp", "\u00a0"),
                        ("nnbsp", "\u202f"), ("zwsp", "\u200b"), ("ideographic", "\u3000")):
        add(f"between-{name}", f"{name} between two elements", _replace_first(text, "<entete>", "<entete>" + blank))
    for name, insert in (("comment", "<!-- note -->"), ("pi", "<?editeur note?>"),
                         ("cdata-empty", "<![CDATA[]]>"), ("cdata-blank", "<![CDATA[ ]]>"),
                         ("cdata-text", "<![CDATA[x]]>"), ("charref-letter", "&#65;")):
        add(f"between-{name}", f"{name} between two elements", _replace_first(text, "<entete>", "<entete>" + insert))

    # a free text at its length limit: characters outside the BMP count twice for the JDK
    m = re.search(r"<appreciation>([^<]*)</appreciation>", text)
    if m:
        for name, body in (("ascii-1000", "a" * 1000), ("ascii-1001", "a" * 1001),
                           ("astral-998+1", "a" * 998 + "\U0001F600"),
                           ("astral-999+1", "a" * 999 + "\U0001F600"),
                           ("astral-995+5", "a" * 995 + "\U0001F600" * 5),
                           ("math-996+4", "a" * 996 + "\U0001D400" * 4),
                           ("combining-1000", ("e\u0301" * 500)),
                           ("nbsp-1000", "a\u00a0" * 500),
                           ("cr-ref-inside", "Bon trimestre&#13;Continuez"),
                           ("cr-ref-only", "&#13;"), ("nbsp-only", "\u00a0"),
                           ("blank-only", "   "), ("astral-only", "\U0001F600")):
            add(f"appreciation-{name}", f"appreciation {name}",
                text.replace(m.group(0), f"<appreciation>{body}</appreciation>", 1))

    # blanks around attribute values of several simple types (the first occurrence of each)
    for attr in ("schemaVersion", "millesime", "date-conseil-classe", "code-division",
                 "positionnement", "indice", "nb-periodes", "eleve-ref", "id", "date-debut"):
        am = re.search(rf'\s{re.escape(attr)}="([^"]*)"', text)
        if not am:
            continue
        value = am.group(1)
        for name, new in (("lead-space", " " + value), ("trail-space", value + " "),
                          ("tab-ref", "&#9;" + value), ("nbsp", value + "\u00a0"),
                          ("lf-ref", value + "&#10;")):
            add(f"attr-{attr}-{name}", f"{attr}: {name}",
                text.replace(am.group(0), am.group(0).replace(f'"{value}"', f'"{new}"'), 1))
    for attr, values in (("positionnement", ("+1", "01", "1.0", "-0", "1e0", "4", "0")),
                         ("date-conseil-classe", ("2018-02-29", "2020-02-29", "2018-01-15Z",
                                                  "2018-01-15+01:00", "0000-01-15", "10000-01-15")),
                         ("millesime", ("2018 ", "02018", "²⁰¹⁸"))):
        am = re.search(rf'\s{re.escape(attr)}="([^"]*)"', text)
        if not am:
            continue
        for i, new in enumerate(values):
            add(f"value-{attr}-{i}", f"{attr}={new!r}",
                text.replace(am.group(0), am.group(0).replace(f'"{am.group(1)}"', f'"{new}"'), 1))

    # namespaces and xsi attributes
    add("xsi-type-unknown", "xsi:type naming an unknown type",
        _replace_first(text, "<entete>", f'<entete {XSI} xsi:type="Inconnu">'))
    add("xsi-nil", "xsi:nil on an element", _replace_first(text, "<entete>", f'<entete {XSI} xsi:nil="false">'))
    add("xml-lang", "xml:lang on an element", _replace_first(text, "<entete>", '<entete xml:lang="fr">'))
    add("foreign-attribute", "an attribute of a foreign namespace",
        _replace_first(text, "<entete>", '<entete xmlns:x="urn:autre" x:note="1">'))
    root = re.search(r"<lsun-bilans[^>]*>", text)
    if root:
        prefixed = re.sub(r"<(/?)(?!\?|!)([a-zA-Z])", r"<\1l:\2", text[root.start():])
        prefixed = prefixed.replace('xmlns="urn:fr:edu:scolarite:lsun:bilans:import"',
                                    'xmlns:l="urn:fr:edu:scolarite:lsun:bilans:import"', 1)
        add("prefixed-namespace", "every element with a namespace prefix", text[:root.start()] + prefixed)
        add("redeclared-default", "the default namespace redeclared on <entete>",
            _replace_first(text, "<entete>", '<entete xmlns="urn:fr:edu:scolarite:lsun:bilans:import">'))
        add("other-default", "another default namespace on <entete>",
            _replace_first(text, "<entete>", '<entete xmlns="urn:autre">'))
    return out + systematic(text, label)


#: the blanks of item 2: XML's whitespace written as such or as a character reference, and the
#: non-breaking space, which is not XML whitespace
BLANKS = (("space", " "), ("tab", "\t"), ("tab-ref", "&#9;"), ("lf-ref", "&#10;"), ("cr-ref", "&#13;"),
          ("nbsp-ref", "&#160;"), ("nbsp", "\u00a0"))
#: numbers written every way XSD may or may not accept (decimal and integer forms)
NUMBER_FORMS = ("+{v}", "0{v}", "{v}.", "{v}.0", "{v}.00", ".5", "-0", "1e1", "12,5", "20.01", "19.999",
                "012.50", "+12.5", "{v}\u00a0", "\u0661")
DATE_FORMS = ("{v}Z", "{v}+01:00", "{v}-14:00", "{v}+14:01", "2024-02-29", "2023-02-29", "2000-02-29",
              "1900-02-29", "0000-01-01", "0001-01-01", "10000-01-01", "-2025-01-01", "2025-1-05",
              "{v}T00:00:00")
#: the families whose values are numbers, and how many occurrences of each field are mutated
NUMERIC = {"moyenne", "small", "cycle", "vie", "int", "positive", "millesime"}
PER_FIELD = 1
_ATTRIBUTE = re.compile(r'<([\w-]+)((?:\s+[\w:-]+="[^"]*")*)\s*/?>')
_PAIR = re.compile(r'\s([\w:-]+)="([^"]*)"')


def systematic(text: str, label: str) -> list[Lexical]:
    """Lexical variants of every field of the base, by the family of its simple type (issue 11
    item 2): blanks before, after and inside every value (numbers, enumerations, identifiers,
    identifier lists, dates, texts), number and date forms, texts at their length limit with
    astral, combining and non-breaking characters, and what may stand between two elements."""
    out: list[Lexical] = []
    seen: set = set()

    def add(name: str, description: str, changed: str) -> None:
        if changed != text and changed not in seen:
            seen.add(changed)
            out.append(Lexical(f"{label}-{name}", description, changed.encode("utf-8")))

    counts: dict = {}
    for tag in _ATTRIBUTE.finditer(text):
        element = tag.group(1)
        for pair in _PAIR.finditer(tag.group(2)):
            attr, value = pair.group(1), pair.group(2)
            if attr.startswith("xmlns") or attr == "schemaVersion":
                continue
            n = counts[(element, attr)] = counts.get((element, attr), 0) + 1
            if n > PER_FIELD:
                continue
            kind, _values = value_kind(element, attr)
            start = tag.start(2) + pair.start(2)
            end = tag.start(2) + pair.end(2)
            new_values = []
            for bname, blank in BLANKS:
                new_values += [(f"{bname}-before", blank + value), (f"{bname}-after", value + blank)]
                if len(value) > 1:
                    new_values.append((f"{bname}-inside", value[:1] + blank + value[1:]))
            if kind in NUMERIC and value:
                new_values += [(f"form{i}", f.format(v=value)) for i, f in enumerate(NUMBER_FORMS)]
            elif kind == "date" and value:
                new_values += [(f"date{i}", f.format(v=value)) for i, f in enumerate(DATE_FORMS)]
            elif kind in ("text", "name", "code") and value:
                limit = PAIR_LIMITS.get((element, attr)) or TEXT_LIMITS.get(attr) or 100
                new_values += _lengths(limit)
            elif kind in ("id", "idref", "epirefs") and value:
                new_values += [("combining", value + "\u0301"), ("colon", "x:" + value),
                               ("fullwidth", value + "\uff10")]
            for vname, new in new_values:
                add(f"f-{element}-{attr}-{n}-{vname}", f"{element}/{attr}: {vname}",
                    text[:start] + new + text[end:])
    # texts of simple elements at their length limit
    for m in re.finditer(r"<([\w-]+)>([^<]+)</\1>", text):
        element = m.group(1)
        limit = TEXT_LIMITS.get(element)
        n = counts[(element, None)] = counts.get((element, None), 0) + 1
        if limit is None or n > PER_FIELD:
            continue
        body_start, body_end = m.start(2), m.end(2)
        variants = _lengths(limit) + [(f"{b}-{where}", v) for b, blank in BLANKS
                                      for where, v in (("before", blank + m.group(2)),
                                                       ("after", m.group(2) + blank))]
        variants += [("cdata", f"<![CDATA[{m.group(2)}]]>"), ("comment-inside", m.group(2) + "<!-- x -->"),
                     ("pi-inside", m.group(2) + "<?x y?>"), ("charref", m.group(2) + "&#233;&#x1F600;")]
        for vname, new in variants:
            add(f"t-{element}-{n}-{vname}", f"<{element}>: {vname}", text[:body_start] + new + text[body_end:])
    # between two elements, after the start tag of each element-only container (its first occurrence)
    done: set = set()
    for m in re.finditer(r"<([\w-]+)(?:\s[^>]*)?(?<!/)>(\s*)<", text):
        element = m.group(1)
        if element in done or element.startswith("?"):
            continue
        done.add(element)
        at = m.end() - 1 - len(m.group(2))
        for name, insert in BLANKS + (("nnbsp", "\u202f"), ("zwsp", "\u200b"), ("comment", "<!-- n -->"),
                                      ("pi", "<?p q?>"), ("cdata-empty", "<![CDATA[]]>"),
                                      ("cdata-blank", "<![CDATA[ ]]>"), ("charref-letter", "&#65;")):
            add(f"b-{element}-{name}", f"between elements in <{element}>: {name}", text[:at] + insert + text[at:])
    return out


def _lengths(limit: int) -> list[tuple[str, str]]:
    """Texts at the length limit, with characters outside the BMP (two UTF-16 units each),
    combining accents (two characters, one letter) and non-breaking spaces."""
    return [("len-limit", "a" * limit), ("len-over", "a" * (limit + 1)),
            ("astral-at", "a" * (limit - 1) + "\U0001F600"), ("astral-over", "a" * (limit - 2) + "\U0001F600" * 2),
            ("astral-under", "a" * (limit - 2) + "\U0001F600"),
            ("math-over", "a" * (limit - 3) + "\U0001D400" * 3),
            ("combining-at", ("e\u0301" * (limit // 2)) + ("a" if limit % 2 else "")),
            ("combining-over", "e\u0301" * (limit // 2 + 1)), ("nbsp-at", "\u00a0" * limit),
            ("cr-ref", "a&#13;b"), ("crlf-ref", "a&#13;&#10;b")]
