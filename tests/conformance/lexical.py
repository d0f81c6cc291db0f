"""Lexical edge cases of a valid LSU file, where validators may differ (issue 11): blanks that are
not XML whitespace, characters outside the BMP at a length limit, ``xsi:type``, character
references, CDATA, comments and processing instructions between elements, blanks around values.

Each case is the base with one textual change; its verdict is the JDK's (test_jdk_oracle.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass


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
    return out
