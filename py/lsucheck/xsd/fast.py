"""A schema-specific, one-pass structural validator (F5–F27), derived from the project's XSD.

xmlschema is the reference validator and stays the path for a user-supplied XSD, but it is slow
(≈1.3 MB/s natively, ≈0.8 MB/s in Pyodide; RECIPE.md §7): most of its time goes to generic
machinery and to the 20 ``xs:unique``. This module reads the XSD *once* with xmlschema and compiles
it into small tables — per element: a content model as a DFA, precompiled attribute checks, simple
type checks, identity constraints — then validates the parsed tree in one pass, with sets for
``xs:ID`` / ``xs:IDREF(S)`` and for the ``xs:unique`` keys. The schema is written once (the XSD);
the table is derived from it ahead of time, as data beside the XSD
(``data/xsd/10.0/lsun-bilans.table.json``, written by ``python -m lsucheck.xsd.fast --write-table``
and listed in ``data/MANIFEST.json`` with the XSD's sha256), so the browser does not need to import
xmlschema at all. ``build.py`` refuses to build with a stale table; at run time a stale table
raises :class:`StaleTable`, it is never recompiled silently.

The verdict (valid or not) is the one of the JDK's validator, most probably the LSU's own
(tests/conformance/test_jdk_oracle.py), and equals xmlschema's wherever the two agree, including
xmlschema's readings of typed values in ``xs:unique`` keys, any character data refused in an empty content. Where they disagree, the JDK wins: only
XSD's four blanks are whitespace (not the non-breaking space), lengths are counted in UTF-16 units
(an emoji counts twice), integers and decimals are read by the XSD's lexical rules (no ``1_000``, no
inner blank), an ``xsi:type`` naming an unknown type is an error, an ``xs:unique`` row missing one
of its fields is not compared (xmlschema compares it). The differential suite proves it against the official
XSD; ``tests/unit/xsd/test_fast.py`` against the package XSD.

API::

    iter_findings(tree, xsd=None)  -> Iterator[Finding]    (xsd: None = package XSD, a path, or
                                                             a Compiled from compile_xsd/compiled())
    compiled()                     -> Compiled              (package XSD, cached)
    compile_xsd(path)              -> Compiled              (any XSD in the supported subset)

``iter_findings`` validates the whole tree before yielding anything, and raises
:class:`Unsupported` (before yielding) for the rare inputs it does not model (``xsi:type``):
the caller then validates with xmlschema instead.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date as _date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, Iterator

from ..findings import Finding
from .problems import Problem as Problem_
from .problems import (locations_are_uris, utf16_length, utf16_length_within,  # noqa: F401  (the JDK's readings)
                       xml4_name)
from ..recognise import local as _local

XS = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XSI = "{" + XSI + "}"
TABLE_FORMAT = 1

#: The package XSD (written by the schema helper; the table is derived from it).
PACKAGE_XSD = ("data", "xsd", "10.0", "lsun-bilans.xsd")
#: Its compiled table, as data beside it.
PACKAGE_TABLE = ("data", "xsd", "10.0", "lsun-bilans.table.json")
#: How to regenerate the table (said by build.py and by StaleTable).
REGENERATE = "PYTHONPATH=py python3 -m lsucheck.xsd.fast --write-table"


class Unsupported(Exception):
    """The input uses a schema feature this validator does not model (e.g. ``xsi:type``):
    validate it with xmlschema instead. Raised before any finding is yielded."""


class StaleTable(RuntimeError):
    """The packaged table was not compiled from the packaged XSD (or in another format)."""


class SchemaNotSupported(ValueError):
    """The XSD uses a construct outside the subset this compiler supports."""


@dataclass(eq=False, slots=True)
class SchemaFinding(Finding):
    """A structural finding, with what a caller needs to filter or regroup it.

    reason     a short key: "missing-attribute", "unexpected-attribute", "unexpected-element",
               "missing-element", "order", "too-many", "text-not-allowed", "value", "duplicate-id",
               "dangling-ref", "duplicate-key", "root"
    attribute  the attribute concerned, or None (element text / structure)
    value      the offending value, or None
    """

    reason: str = ""
    attribute: str | None = None
    value: str | None = None


#: the context of every structural finding (none: the engine stamps it), one read-only mapping
#: rather than an empty dict per finding
_NO_CONTEXT = MappingProxyType({})


@dataclass(eq=False, slots=True)
class RepeatFinding(SchemaFinding):
    """The same problem (``reason`` and ``attribute`` on elements of one name) beyond the report's
    ``MAX_OCCURRENCES``: one finding on ``elem`` that stands for it and for each element of
    ``repeated``, counted (and against their bilans) but not worded again (issue 16 item 5). It
    always comes after ``MAX_OCCURRENCES`` findings of its code, so the report never lists it."""

    repeated: tuple = ()


# =============================================================================================
# 1. Compiling an XSD into a table (plain data), with xmlschema
# =============================================================================================

_BUILTIN_KINDS = {
    # name: (family, whitespace)
    "string": ("string", "preserve"), "normalizedString": ("string", "replace"),
    "token": ("string", "collapse"), "language": ("name", "collapse"),
    "Name": ("name", "collapse"), "NCName": ("name", "collapse"), "ID": ("name", "collapse"),
    "IDREF": ("name", "collapse"), "NMTOKEN": ("name", "collapse"), "anyURI": ("uri", "collapse"),
    "decimal": ("decimal", "collapse"), "integer": ("integer", "collapse"),
    "long": ("integer", "collapse"), "int": ("integer", "collapse"), "short": ("integer", "collapse"),
    "byte": ("integer", "collapse"), "nonNegativeInteger": ("integer", "collapse"),
    "positiveInteger": ("integer", "collapse"), "nonPositiveInteger": ("integer", "collapse"),
    "negativeInteger": ("integer", "collapse"), "unsignedLong": ("integer", "collapse"),
    "unsignedInt": ("integer", "collapse"), "unsignedShort": ("integer", "collapse"),
    "unsignedByte": ("integer", "collapse"), "date": ("date", "collapse"),
    "boolean": ("boolean", "collapse"),
}

#: Value ranges of the integer built-ins (xmlschema's validators).
_INT_RANGES = {
    "integer": (None, None), "long": (-2 ** 63, 2 ** 63 - 1), "int": (-2 ** 31, 2 ** 31 - 1),
    "short": (-2 ** 15, 2 ** 15 - 1), "byte": (-128, 127), "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None), "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
    "unsignedLong": (0, 2 ** 64 - 1), "unsignedInt": (0, 2 ** 32 - 1),
    "unsignedShort": (0, 2 ** 16 - 1), "unsignedByte": (0, 255),
}

#: XML's whitespace (space, tab, LF, CR): ``str.isspace`` also takes the non-breaking space and
#: other Unicode blanks, which the JDK's validator (the LSU's) and the XSD rules refuse between
#: elements. ``text.strip(XML_SPACE)`` is empty for a text of XML's whitespace only.
XML_SPACE = " \t\n\r"


def _is_xml_blank(text: str) -> bool:
    """XML's whitespace only (see XML_SPACE)."""
    return not text.strip(XML_SPACE)


_FACETS = ("length", "minLength", "maxLength", "enumeration", "minInclusive", "maxInclusive",
           "minExclusive", "maxExclusive", "totalDigits", "fractionDigits")


def compile_table(xsd_path) -> dict:
    """Read an XSD with xmlschema and compile it into a table of plain data (see module doc)."""
    import xmlschema  # only here: the runtime never needs it when the table is pregenerated
    from xmlschema.validators import (XsdAtomicBuiltin, XsdAtomicRestriction, XsdElement,
                                      XsdGroup, XsdList, XsdUnion)

    path = os.fspath(xsd_path)
    with open(path, "rb") as fh:
        raw = fh.read()
    schema = xmlschema.XMLSchema10(path)
    types: dict = {}
    anon = [0]
    type_keys: dict = {}

    def type_key(t) -> str:
        k = type_keys.get(id(t))
        if k is not None:
            return k
        if t.name:
            k = _short(t.name, schema)
        else:
            anon[0] += 1
            k = f"#anonyme{anon[0]}"
        type_keys[id(t)] = k
        types[k] = None  # placeholder (recursion guard)
        types[k] = simple_entry(t, k)
        return k

    def facets_of(t) -> dict:
        out = {}
        for tag, facet in (t.facets or {}).items():
            if tag is None or not isinstance(tag, str):
                continue
            local = tag.rsplit("}", 1)[-1]
            if local in ("whiteSpace", "pattern"):
                continue
            if local not in _FACETS:
                raise SchemaNotSupported(f"facette {local} non prise en charge ({t})")
            if local == "enumeration":
                out[local] = [str(v) for v in facet.enumeration]
            elif local in ("length", "minLength", "maxLength", "totalDigits", "fractionDigits"):
                out[local] = int(facet.value)
            else:
                out[local] = str(facet.value)
        return out

    def patterns_of(t) -> list:
        pats = getattr(t, "patterns", None)
        if not pats:
            return []
        return [[p.pattern for p in pats.patterns], list(pats.regexps)]

    def simple_entry(t, key) -> dict:
        entry = {"name": key if not key.startswith("#") else None, "variety": "atomic",
                 "builtin": None, "item": None, "levels": []}
        while True:
            if isinstance(t, XsdUnion):
                raise SchemaNotSupported(f"xs:union non pris en charge ({key})")
            if isinstance(t, XsdList):
                entry["variety"] = "list"
                entry["item"] = type_key(t.item_type)
                entry["levels"].append({"ws": "collapse", "patterns": [], "facets": {}})
                return entry
            if isinstance(t, XsdAtomicBuiltin):
                local = t.name.rsplit("}", 1)[-1]
                if local == "IDREFS":  # built-in list (a restriction in xmlschema)
                    entry["variety"] = "list"
                    entry["item"] = type_key(schema.maps.types[f"{{{XS}}}IDREF"])
                    entry["levels"].append({"ws": "collapse", "patterns": [], "facets": {"minLength": 1}})
                    return entry
                if local not in _BUILTIN_KINDS:
                    raise SchemaNotSupported(f"type prédéfini xs:{local} non pris en charge")
                entry["builtin"] = local
                entry["builtin_patterns"] = patterns_of(t)
                return entry
            if isinstance(t, XsdAtomicRestriction) or getattr(t, "is_restriction", lambda: False)():
                name = (t.name or "").rsplit("}", 1)[-1]
                if t.name and t.name.startswith(f"{{{XS}}}") and name == "IDREFS":
                    entry["variety"] = "list"
                    entry["item"] = type_key(schema.maps.types[f"{{{XS}}}IDREF"])
                    entry["levels"].append({"ws": "collapse", "patterns": [], "facets": {"minLength": 1}})
                    return entry
                entry["levels"].append({"ws": t.white_space or "preserve", "patterns": patterns_of(t),
                                        "facets": facets_of(t)})
                t = t.base_type
                if not getattr(t, "is_simple", lambda: True)():
                    t = t.content  # a complexType with simple content used as a base
                continue
            raise SchemaNotSupported(f"type simple non pris en charge : {t!r}")

    elements: list = []
    elem_index: dict = {}

    def particle(p):
        occ = [p.min_occurs, p.max_occurs]  # max None = unbounded
        if isinstance(p, XsdElement):
            if p.ref is not None:
                p = p.ref
            return ["element", p.name, occ[0], occ[1], elem_entry(p)]
        if isinstance(p, XsdGroup):
            if p.model not in ("sequence", "choice", "all"):
                raise SchemaNotSupported(f"groupe {p.model} non pris en charge")
            return [p.model, [particle(c) for c in p], occ[0], occ[1]]
        raise SchemaNotSupported(f"particule non prise en charge (xs:any ?) : {p!r}")

    def elem_entry(e) -> int:
        if id(e) in elem_index:
            return elem_index[id(e)]
        idx = len(elements)
        elem_index[id(e)] = idx
        elements.append(None)
        if e.abstract or e.nillable or e.default is not None or e.fixed is not None \
                or getattr(e, "alternatives", None):
            raise SchemaNotSupported(f"élément {e.name} : abstract/nillable/default/fixed non pris en charge")
        t = e.type
        entry = {"tag": e.name, "type": _short(t.name, schema) if t.name else None,
                 "content": None, "text_type": None, "attributes": [], "model": None,
                 "identities": []}
        if t.is_simple():
            entry["content"] = "simple"
            entry["text_type"] = type_key(t)
        else:
            for name, attr in t.attributes.items():
                if name is None:
                    raise SchemaNotSupported(f"xs:anyAttribute non pris en charge ({e.name})")
                if attr.default is not None or attr.fixed is not None:
                    raise SchemaNotSupported(f"attribut {name} : default/fixed non pris en charge")
                if attr.use == "prohibited":
                    continue
                entry["attributes"].append([name, type_key(attr.type), attr.use == "required"])
            if t.has_simple_content():
                entry["content"] = "simple"
                entry["text_type"] = type_key(t.content)
            elif t.mixed:
                raise SchemaNotSupported(f"contenu mixte non pris en charge ({e.name})")
            elif t.is_empty():
                entry["content"] = "empty"
            else:
                entry["content"] = "element"
                entry["model"] = particle(t.content)
        for ident in e.identities:
            kind = type(ident).__name__
            if kind not in ("XsdUnique", "XsdKey"):
                raise SchemaNotSupported(f"contrainte {kind} non prise en charge ({ident.name})")
            ns = dict(ident.selector.namespaces or {})
            entry["identities"].append({
                "name": ident.local_name or ident.name, "kind": "unique" if kind == "XsdUnique" else "key",
                "selector": _parse_selector(ident.selector.path, ns),
                "fields": [_parse_field(f.path, dict(f.namespaces or ns)) for f in ident.fields],
            })
        elements[idx] = entry
        return idx

    roots = {e.name: elem_entry(e) for e in schema.elements.values()}
    return {"format": TABLE_FORMAT, "xsd_sha256": hashlib.sha256(raw).hexdigest(),
            "namespace": schema.target_namespace, "roots": roots, "elements": elements,
            "types": types}


def _short(name: str, schema) -> str:
    """A type's name as a label: "xs:int", "lsun:Chaine600" → "Chaine600" is enough for messages."""
    if name.startswith(f"{{{XS}}}"):
        return "xs:" + name.rsplit("}", 1)[-1]
    return name.rsplit("}", 1)[-1]


_STEP = re.compile(r"^(?:child::)?(?:(\*)|([A-Za-z_][\w.\-]*):(\*|[A-Za-z_][\w.\-]*)|([A-Za-z_][\w.\-]*))$")


def _qualify(step: str, ns: dict) -> str:
    m = _STEP.match(step.strip())
    if not m:
        raise SchemaNotSupported(f"pas XPath non pris en charge : {step!r}")
    if m.group(1):
        return "*"
    if m.group(2):
        uri = ns.get(m.group(2))
        if uri is None:
            raise SchemaNotSupported(f"préfixe inconnu {m.group(2)!r}")
        return "{" + uri + "}*" if m.group(3) == "*" else "{" + uri + "}" + m.group(3)
    uri = ns.get("")  # xpathDefaultNamespace is XSD 1.1: unprefixed = no namespace in 1.0
    return m.group(4)


def _parse_selector(path: str, ns: dict) -> list:
    """``a/b | .//c`` → [[descendant?, [tag, …]], …] (the XSD 1.0 selector subset)."""
    out = []
    for alt in path.split("|"):
        alt = alt.strip()
        desc = alt.startswith(".//")
        if desc:
            alt = alt[3:]
        elif alt.startswith("./"):
            alt = alt[2:]
        steps = [s for s in alt.split("/") if s.strip() not in ("", ".")] if alt not in ("", ".") else []
        out.append([desc, [_qualify(s, ns) for s in steps]])
    return out


def _parse_field(path: str, ns: dict) -> list:
    """``@a`` / ``b/@a`` / ``b`` → [descendant?, [tag, …], attribute or None]."""
    path = path.strip()
    if "|" in path:
        raise SchemaNotSupported(f"champ en union non pris en charge : {path!r}")
    desc = path.startswith(".//")
    if desc:
        path = path[3:]
    elif path.startswith("./"):
        path = path[2:]
    parts = [p for p in path.split("/") if p.strip() not in ("", ".")]
    attr = None
    if parts and (parts[-1].startswith("@") or parts[-1].startswith("attribute::")):
        last = parts.pop()
        name = last[1:] if last.startswith("@") else last[len("attribute::"):]
        if ":" in name:
            prefix, local = name.split(":", 1)
            attr = "{" + ns[prefix] + "}" + local
        else:
            attr = name
    return [desc, [_qualify(s, ns) for s in parts], attr]


# =============================================================================================
# 2. Simple types at run time
# =============================================================================================

# XSD's four blanks (space, tab, LF, CR), as the JDK's validator (the LSU's) collapses them;
# xmlschema uses Python's Unicode \s and so also takes a non-breaking space for a blank.
_SPACES = re.compile(r"[ \t\n\r]+")
_SPACE = re.compile(r"[\t\n\r]")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_DATE = re.compile(r"^(?P<year>-?[0-9]*[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
                   r"(?P<tz>Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$")
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}

#: Patterns (as xmlschema translates them) that mean "at least one character other than XSD's
#: four blanks, and no CR" — the LSU text types: ``(.|\n)*[^\s](.|\n)*`` in the official XSD
#: (XSD's ``.`` excludes \n and \r) and ``[^\r]*[^\s][^\r]*`` in the package's. They are checked
#: with a plain predicate, ≈20× faster than the regex on a 300-character appréciation;
#: tests/unit/xsd/test_fast.py proves both equal to the regex.
_NONBLANK_PATTERNS = {
    "^(?:(?:[^\\r\\n]|\\n)*[^\t\n\r ](?:[^\\r\\n]|\\n)*)$(?!\\n\\Z)",
    "^(?:[^\r]*[^\t\n\r ][^\r]*)$(?!\\n\\Z)",
}


def _is_nonblank_without_cr(value: str) -> bool:
    return "\r" not in value and bool(value.strip(" \t\n\r"))


def _split_list(text: str) -> list[str]:
    """The items of an xs:list value, split on XSD's blanks only."""
    collapsed = _normalize("collapse", text)
    return collapsed.split(" ") if collapsed else []


def _normalize(ws: str, text: str) -> str:
    if ws == "collapse":
        return _SPACES.sub(" ", text).strip(" ")
    if ws == "replace":
        return _SPACE.sub(" ", text)
    return text


def _count_digits(number) -> tuple[int, int]:
    """xmlschema's count of integer and fraction digits of a number (utils/decoding.py, MIT)."""
    text = str(number).lstrip("-+")
    if "E" in text or "e" in text:
        significand, _, exp = text.replace("e", "E").partition("E")
        significand = significand.strip("0")
        exponent = int(exp)
        num_digits = len(significand) - 1 if "." in significand else len(significand)
        if exponent > 0:
            return num_digits + exponent, 0
        return 0, num_digits - exponent - 1
    if "." not in text:
        return len(text.lstrip("0")), 0
    integer_part, _, decimal_part = text.partition(".")
    return len(integer_part.lstrip("0")), len(decimal_part.rstrip("0"))


@dataclass(frozen=True)
class Problem:
    """Why a value is invalid: ``kind`` is a facet name, "lexical" or "pattern"; ``limit`` the
    facet's value (or the pattern) and ``type`` the named type it belongs to."""

    kind: str
    limit: Any = None
    type: str | None = None


class SimpleType:
    """A compiled simple type: ``is_valid(text)`` (fast, memoised where useful),
    ``problems(text)`` (every facet that fails), ``key(text)`` (the typed value, for keys)."""

    def __init__(self, key: str, entry: dict, types: dict):
        self.key_name = key
        self.name = entry.get("name")
        self.variety = entry["variety"]
        self.levels = entry["levels"]
        self.item: SimpleType | None = types[entry["item"]] if entry.get("item") else None
        self.builtin = entry.get("builtin")
        if self.item is not None:
            self.builtin = self.item.builtin
        self.family = _BUILTIN_KINDS[self.builtin][0] if self.builtin else None
        self.label = self.name or (self.item.label if self.item else None)
        # the levels as (ws, compiled patterns or fast predicate, decoded facets, type name)
        self._levels = []
        for lv in self.levels:
            pats = lv.get("patterns") or []
            compiled_pats = None
            if pats:
                regexes, sources = pats
                if len(regexes) == 1 and regexes[0] in _NONBLANK_PATTERNS:
                    compiled_pats = ("nonblank", sources)
                else:
                    compiled_pats = ([re.compile(r) for r in regexes], sources)
            self._levels.append((lv["ws"], compiled_pats, self._decode_facets(lv["facets"])))
        bpats = entry.get("builtin_patterns") or []
        self._builtin_patterns = [re.compile(r) for r in bpats[0]] if bpats else []
        self.ws = self._levels[0][0] if self._levels else (
            _BUILTIN_KINDS[self.builtin][1] if self.builtin else "preserve")
        self.facets = {}
        for _ws, _p, f in reversed(self._levels):
            self.facets.update(f)
        self.enumeration = self.facets.get("enumeration")
        self.idkind = None
        if self.variety == "list" and self.item is not None and self.item.idkind == "IDREF":
            self.idkind = "IDREFS"
        elif self.variety == "atomic" and self.builtin in ("ID", "IDREF"):
            self.idkind = self.builtin
        # memoise valid values, except long free texts (appréciations): they rarely repeat
        max_len = self.facets.get("maxLength", self.facets.get("length"))
        self._memo: set | None = set() if (self.family != "string" or self.enumeration
                                           or (max_len is not None and max_len <= 100)) else None
        self._fast = self._specialise()

    # ---- construction helpers --------------------------------------------------------------
    def _decode_facets(self, facets: dict) -> dict:
        out = dict(facets)
        for k in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            if k in out:
                out[k] = self._to_python_base(out[k])
        if "enumeration" in out and self.variety == "atomic":
            values = []
            for v in out["enumeration"]:
                try:
                    values.append(self._to_python_base(v))
                except (ValueError, ArithmeticError):
                    values.append(v)
            out["enumeration"] = values
        return out

    def _to_python_base(self, text: str):
        fam = self.family
        if fam == "integer":
            return int(text)
        if fam == "decimal":
            return Decimal(text)
        if fam == "boolean":
            return _BOOLEANS[text]
        if fam == "date":
            return _parse_date(text)
        return text

    def _specialise(self):
        """A fast validity test for the common shapes (strings with lengths, the non-blank
        pattern, enumerations), or None (then problems() decides)."""
        if self.variety != "atomic" or self.builtin != "string" or not self._levels:
            return None
        lo, hi, nonblank, enum = 0, None, False, None
        for ws, pats, facets in self._levels:
            if ws != "preserve":
                return None
            if pats is not None:
                if pats[0] != "nonblank":
                    return None
                nonblank = True
            for kind, limit in facets.items():
                if kind in ("minLength", "length"):
                    lo = max(lo, limit)
                if kind in ("maxLength", "length"):
                    hi = limit if hi is None else min(hi, limit)
                if kind == "enumeration":
                    enum = frozenset(limit) if enum is None else enum & frozenset(limit)
                if kind not in ("minLength", "maxLength", "length", "enumeration"):
                    return None
        if enum is not None:
            if lo or hi is not None or nonblank:
                return None
            return enum.__contains__
        if hi is None:
            hi = 1 << 62
        if nonblank:
            return lambda v: utf16_length_within(v, lo, hi) and "\r" not in v and bool(v.strip(" \t\n\r"))
        return lambda v: utf16_length_within(v, lo, hi)

    # ---- run time ---------------------------------------------------------------------------
    def is_valid(self, text: str) -> bool:
        memo = self._memo
        if memo is not None and text in memo:
            return True
        fast = self._fast
        ok = fast(text) if fast is not None else not self.problems(text)
        if ok and memo is not None:
            memo.add(text)
        return ok

    def problems(self, text: str) -> list[Problem]:
        """Every reason ``text`` is invalid (xmlschema's order: patterns, then the base, then
        facets from the most basic level up)."""
        if self.variety == "list":
            return self._list_problems(text)
        out: list[Problem] = []
        value = text
        for ws, pats, _facets in self._levels:
            value = _normalize(ws, value)
            if pats is not None and not self._pattern_ok(pats, value):
                out.append(Problem("nonblank" if pats[0] == "nonblank" else "pattern", pats[1],
                                   self.label))
        value = _normalize(_BUILTIN_KINDS[self.builtin][1], value)
        for p in self._builtin_patterns:
            if not p.match(value):
                return out + [Problem("lexical", self.builtin, self.label)]
        if self.family == "name" and not value.isascii() and not xml4_name(value, self.builtin):
            return out + [Problem("lexical", self.builtin, self.label)]
        try:
            typed = self._builtin_decode(value)
        except (ValueError, ArithmeticError, KeyError):
            return out + [Problem("lexical", self.builtin, self.label)]
        problem = self._builtin_range(typed)
        if problem is not None:
            out.append(problem)
        for _ws, _pats, facets in reversed(self._levels):
            out.extend(self._facet_problems(facets, typed))
        return out

    def _pattern_ok(self, pats, value: str) -> bool:
        if pats[0] == "nonblank":
            return _is_nonblank_without_cr(value)
        return any(p.match(value) for p in pats[0])

    def _builtin_decode(self, value: str):
        fam = self.family
        if fam == "integer":
            if not _INTEGER.match(value):  # int() would take "1_000", "١٢" and a trailing nbsp
                raise ValueError(value)
            return int(value)
        if fam == "decimal":
            if not _DECIMAL.match(value):
                raise ValueError(value)
            d = Decimal(value)
            if not d.is_finite():
                raise ValueError(value)
            return d
        if fam == "date":
            return _parse_date(value)
        if fam == "boolean":
            return _BOOLEANS[value]
        return value

    def _builtin_range(self, typed):
        if self.family != "integer":
            return None
        lo, hi = _INT_RANGES[self.builtin]
        if lo is not None and typed < lo:
            return Problem("minInclusive", lo, "xs:" + self.builtin)
        if hi is not None and typed > hi:
            return Problem("maxInclusive", hi, "xs:" + self.builtin)
        return None

    def _facet_problems(self, facets: dict, typed) -> list[Problem]:
        out = []
        label = self.label
        for kind, limit in facets.items():
            if kind == "enumeration":
                if typed not in limit:
                    out.append(Problem(kind, limit, label))
            elif kind in ("length", "minLength", "maxLength"):
                n = (utf16_length(typed) if isinstance(typed, str)
                     else len(typed) if isinstance(typed, list) else None)
                if n is None:
                    continue
                if (kind == "length" and n != limit) or (kind == "minLength" and n < limit) \
                        or (kind == "maxLength" and n > limit):
                    out.append(Problem(kind, limit, label))
            elif kind == "minInclusive" and typed < limit or kind == "maxInclusive" and typed > limit \
                    or kind == "minExclusive" and typed <= limit or kind == "maxExclusive" and typed >= limit:
                out.append(Problem(kind, limit, label))
            elif kind in ("totalDigits", "fractionDigits"):
                a, b = _count_digits(typed)
                if kind == "totalDigits" and a + b > limit or kind == "fractionDigits" and b > limit:
                    out.append(Problem(kind, limit, label))
        return out

    def _list_problems(self, text: str) -> list[Problem]:
        out: list[Problem] = []
        items = _split_list(text)
        for item in items:
            for p in self.item.problems(item):
                out.append(Problem("item-" + p.kind, p.limit, p.type))
        for _ws, pats, facets in reversed(self._levels):
            out.extend(self._facet_problems(facets, items))
        return out

    def key(self, text: str):
        """The typed value xmlschema compares in ``xs:unique`` keys (the raw text if invalid)."""
        try:
            if self.variety == "list":
                return tuple(_split_list(text))
            value = text
            for ws, _p, _f in self._levels:
                value = _normalize(ws, value)
            value = _normalize(_BUILTIN_KINDS[self.builtin][1], value)
            typed = self._builtin_decode(value)
        except (ValueError, ArithmeticError, KeyError):
            return text
        if isinstance(typed, bool):
            return typed, bool
        return typed

    def normalized(self, text: str) -> str:
        return _normalize(self.ws, text)


def _parse_date(text: str):
    """xs:date as elementpath reads it in XSD 1.0: a real calendar date, year ≠ 0000."""
    m = _DATE.match(text)
    if not m:
        raise ValueError(text)
    year = int(m.group("year"))
    if year == 0:
        raise ValueError(text)
    month, day = int(m.group("month")), int(m.group("day"))
    if not 1 <= month <= 12:
        raise ValueError(text)
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    dim = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    if not 1 <= day <= dim:
        raise ValueError(text)
    return (year, month, day, m.group("tz"))


# =============================================================================================
# 3. Content models as DFAs
# =============================================================================================

def _build_dfa(model) -> tuple[list[dict], list[bool], dict]:
    """Compile a particle tree (sequence/choice with min/max occurs) into a DFA over child tags.
    Returns (transitions per state, accepting per state, tag → element index)."""
    eps: list[set] = []
    moves: list[dict] = []
    tags: dict = {}

    def new() -> int:
        eps.append(set())
        moves.append({})
        return len(eps) - 1

    def frag(node) -> tuple[int, int]:
        kind = node[0]
        lo, hi = node[2], node[3]

        def once() -> tuple[int, int]:
            s, e = new(), new()
            if kind == "element":
                tag = node[1]
                tags[tag] = node[4]
                moves[s].setdefault(tag, set()).add(e)
            elif kind == "sequence":
                cur = s
                for child in node[1]:
                    cs, ce = frag(child)
                    eps[cur].add(cs)
                    cur = ce
                eps[cur].add(e)
            elif kind == "choice":
                if not node[1]:
                    eps[s].add(e)  # an empty choice matches nothing; minOccurs>0 is refused below
                for child in node[1]:
                    cs, ce = frag(child)
                    eps[s].add(cs)
                    eps[ce].add(e)
            else:
                raise SchemaNotSupported(f"xs:{kind} imbriqué non pris en charge")
            return s, e

        start = new()
        cur = start
        for _ in range(lo):
            s, e = once()
            eps[cur].add(s)
            cur = e
        if hi is None:
            s, e = once()
            eps[cur].add(s)
            eps[e].add(s)
            end = new()
            eps[cur].add(end)
            eps[e].add(end)
            return start, end
        end = new()
        for _ in range(hi - lo):
            eps[cur].add(end)
            s, e = once()
            eps[cur].add(s)
            cur = e
        eps[cur].add(end)
        return start, end

    start, final = frag(model)

    def closure(states) -> frozenset:
        stack = list(states)
        seen = set(states)
        while stack:
            s = stack.pop()
            for t in eps[s]:
                if t not in seen:
                    seen.add(t)
                    stack.append(t)
        return frozenset(seen)

    first = closure([start])
    index = {first: 0}
    order = [first]
    trans: list[dict] = []
    accept: list[bool] = []
    i = 0
    while i < len(order):
        cur = order[i]
        i += 1
        out: dict = {}
        for s in cur:
            for tag, targets in moves[s].items():
                out.setdefault(tag, set()).update(targets)
        row = {}
        for tag, targets in out.items():
            nxt = closure(targets)
            if nxt not in index:
                index[nxt] = len(order)
                order.append(nxt)
            row[tag] = index[nxt]
        trans.append(row)
        accept.append(final in cur)
    return trans, accept, tags


# =============================================================================================
# 4. The compiled schema
# =============================================================================================

EMPTY, SIMPLE, ELEMENT, ALL = 0, 1, 2, 3


class AttributeDecl:
    """An attribute's check: ``value in memo`` (known valid) or ``check(value)``; ``idkind``
    "ID", "IDREF", "IDREFS" or None."""

    __slots__ = ("name", "type", "required", "memo", "check", "idkind", "memoisable")

    def __init__(self, name, type_: SimpleType, required):
        self.name = name
        self.type = type_
        self.required = required
        self.memo = type_._memo if type_._memo is not None else frozenset()
        self.memoisable = type_._memo is not None
        self.check = type_.is_valid
        self.idkind = type_.idkind


class ElementDecl:
    """One element declaration: its attributes, its content and its identity constraints."""

    __slots__ = ("tag", "local", "type_name", "kind", "text_type", "attributes", "required",
                 "trans", "accept", "children", "all_parts", "all_min", "identities", "index",
                 "has_ids", "steps", "leaf", "text_check")

    def __init__(self, index, entry):
        self.index = index
        self.tag = entry["tag"]
        self.local = self.tag.rsplit("}", 1)[-1]
        self.type_name = entry.get("type")
        self.kind = {"empty": EMPTY, "simple": SIMPLE, "element": ELEMENT}[entry["content"]]
        self.text_type = None
        self.attributes: dict = {}
        self.required: frozenset = frozenset()
        self.trans = self.accept = None
        self.children: dict = {}
        self.all_parts = None
        self.all_min = 1
        self.identities: list = []
        self.has_ids = False
        self.steps = None  # per DFA state: {tag: (next state, child declaration)}
        self.leaf = False        # simple content, no attribute declared: checked inline
        self.text_check = None   # the text's validity test (the type's fastest)


class Identity:
    """An xs:unique / xs:key. ``fast`` is set for the common shape — one child step selected,
    attribute fields — as (tag, ((attribute, key function or None), …))."""

    __slots__ = ("name", "kind", "selector", "fields", "code", "fast")

    def __init__(self, name, kind, selector, fields, code):
        self.name, self.kind, self.selector, self.fields, self.code = name, kind, selector, fields, code
        self.fast = None
        if kind != "unique" or len(selector) != 1:
            return
        desc, steps, targets = selector[0]
        if desc or len(steps) != 1 or "*" in steps[0] or len(targets) != 1:
            return
        target = targets.get(steps[0])
        if target is None or any(f[0] or f[1] or f[2] is None for f in fields):
            return
        keyed = []
        for _d, _s, attr in fields:
            ad = target.attributes.get(attr)
            if ad is None:
                return
            keyed.append((attr, _key_function(ad.type)))
        self.fast = (steps[0], tuple(keyed))


def _key_function(t: SimpleType):
    """How an attribute's text becomes the typed value xmlschema compares (None: the text itself)."""
    if t.variety == "atomic" and t.family == "string" and all(ws == "preserve" for ws, _p, _f in t._levels):
        return None
    if t.variety == "atomic" and t.family == "name":
        return str.strip  # a valid NCName has no inner blank: collapsing is stripping
    return t.key


class Compiled:
    """A compiled XSD, ready to validate trees (build it with :func:`compile_xsd`)."""

    def __init__(self, table: dict):
        if table.get("format") != TABLE_FORMAT:
            raise SchemaNotSupported("table de schéma d'un autre format : régénérez-la")
        self.table = table
        self.sha256 = table["xsd_sha256"]
        self.namespace = table["namespace"]
        self.types: dict = {}
        pending = dict(table["types"])

        def build_type(key):
            if key in self.types:
                return self.types[key]
            entry = pending[key]
            if entry.get("item"):
                build_type(entry["item"])
            t = SimpleType(key, entry, self.types)
            self.types[key] = t
            return t

        for key in pending:
            build_type(key)
        self.elements = [ElementDecl(i, e) for i, e in enumerate(table["elements"])]
        for decl, entry in zip(self.elements, table["elements"]):
            if entry["text_type"]:
                decl.text_type = self.types[entry["text_type"]]
            decl.attributes = {name: AttributeDecl(name, self.types[t], req)
                               for name, t, req in entry["attributes"]}
            decl.has_ids = any(a.idkind for a in decl.attributes.values())
            decl.required = frozenset(name for name, _t, req in entry["attributes"] if req)
            model = entry["model"]
            if model is not None:
                if model[0] == "all":
                    decl.kind = ALL
                    decl.all_parts = {}
                    for p in model[1]:
                        if p[0] != "element":
                            raise SchemaNotSupported("xs:all ne contient que des éléments")
                        decl.all_parts[p[1]] = (p[2], p[3])
                        decl.children[p[1]] = self.elements[p[4]]
                    decl.all_min = model[2]
                else:
                    if model[0] == "choice" and not model[1] and model[2]:
                        raise SchemaNotSupported("xs:choice vide avec minOccurs > 0")
                    trans, accept, tags = _build_dfa(model)
                    decl.trans, decl.accept = trans, accept
                    decl.children = {tag: self.elements[i] for tag, i in tags.items()}
                    decl.steps = [{tag: (nxt, decl.children[tag]) for tag, nxt in row.items()}
                                  for row in trans]
        for decl, entry in zip(self.elements, table["elements"]):
            decl.identities = [self._identity(decl, ident) for ident in entry["identities"]]
            if decl.text_type is not None:
                t = decl.text_type
                decl.text_check = t._fast if (t._fast is not None and t._memo is None) else t.is_valid
            decl.leaf = decl.kind == SIMPLE and not decl.attributes and not decl.identities
        self.roots = {tag: self.elements[i] for tag, i in table["roots"].items()}

    def _identity(self, decl, ident) -> Identity:
        selector = []
        for desc, steps in ident["selector"]:
            selector.append((desc, tuple(steps), self._targets(decl, desc, steps)))
        fields = [(desc, tuple(steps), attr) for desc, steps, attr in ident["fields"]]
        targets = {_local(tag) for _d, _s, found in selector for tag in found}
        code = next((c for name, c in _IDENTITY_CODES.items() if name in targets), "F25")
        return Identity(ident["name"], ident["kind"], selector, fields, code)

    def _targets(self, decl, desc, steps) -> dict:
        """tag → declaration of the elements a selector reaches (to type their key fields)."""
        found: dict = {}
        level = [decl]
        if desc:
            # every declaration reachable below: good enough to type the fields
            seen, stack = set(), [decl]
            while stack:
                d = stack.pop()
                for c in d.children.values():
                    if c.index not in seen:
                        seen.add(c.index)
                        stack.append(c)
            level = [self.elements[i] for i in seen] + [decl]
        for step in steps:
            nxt = []
            for d in level:
                for tag, c in d.children.items():
                    if step == "*" or step == tag or (step.endswith("}*") and tag.startswith(step[:-1])):
                        nxt.append(c)
            level = nxt
        for d in level:
            found.setdefault(d.tag, d)
        return found


# Which F code a duplicate key gets (FORMAT.md §6.1 F20–F25), by the element the constraint
# selects (the format's names, not the XSD's constraint names); the others are F25.
_IDENTITY_CODES = {
    "eleve": "F20",
    "periode": "F21",
    "discipline": "F22",
    "enseignant": "F23",
    "responsable-etab": "F24",
    "element-programme": "F24",
}


def compile_xsd(xsd_path) -> Compiled:
    """Compile any XSD of the supported subset (cached by path and content)."""
    path = os.path.abspath(os.fspath(xsd_path))
    with open(path, "rb") as fh:
        sha = hashlib.sha256(fh.read()).hexdigest()
    return _compile_cached(path, sha)


@functools.lru_cache(maxsize=8)
def _compile_cached(path: str, sha: str) -> Compiled:
    return Compiled(compile_table(path))


def _package_dir() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def package_xsd_path() -> str:
    return os.path.join(_package_dir(), *PACKAGE_XSD)


def package_table_path() -> str:
    return os.path.join(_package_dir(), *PACKAGE_TABLE)


def sha256_of(path) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def table_problem(xsd_path, table_path) -> str | None:
    """Why the table at ``table_path`` is not the compiled ``xsd_path`` (None: it is current).
    Compares sha256 and format only: no xmlschema needed (build.py and run time)."""
    import json
    if not os.path.exists(table_path):
        return f"la table {os.path.basename(table_path)} est absente"
    try:
        with open(table_path, encoding="utf-8") as fh:
            table = json.load(fh)
    except ValueError as exc:
        return f"la table {os.path.basename(table_path)} n'est pas du JSON valide ({exc})"
    if table.get("format") != TABLE_FORMAT:
        return (f"la table {os.path.basename(table_path)} est au format {table.get('format')!r}, "
                f"le validateur attend le format {TABLE_FORMAT}")
    sha = sha256_of(xsd_path)
    if table.get("xsd_sha256") != sha:
        return (f"la table {os.path.basename(table_path)} a été compilée depuis un XSD d'empreinte "
                f"{str(table.get('xsd_sha256'))[:12]}…, or {os.path.basename(xsd_path)} a l'empreinte "
                f"{sha[:12]}… : elle est périmée")
    return None


@functools.lru_cache(maxsize=1)
def compiled() -> Compiled:
    """The package XSD, compiled: from its table (data beside the XSD; no xmlschema import, which
    matters in Pyodide). A stale table raises :class:`StaleTable`: build.py refuses to ship one."""
    import json
    problem = table_problem(package_xsd_path(), package_table_path())
    if problem is not None:
        raise StaleTable(f"{problem} ; régénérez-la : {REGENERATE}")
    with open(package_table_path(), encoding="utf-8") as fh:
        return Compiled(json.load(fh))


def table_json(table: dict) -> str:
    import json
    return json.dumps(table, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n"


def write_table(xsd_path=None, out_path=None) -> str:
    """Regenerate the package table from the package XSD and record both sha256 in the data
    manifest (a development step; build.py checks the result)."""
    import json
    default = xsd_path is None and out_path is None
    xsd_path = xsd_path or package_xsd_path()
    out_path = out_path or package_table_path()
    text = table_json(compile_table(xsd_path))
    with open(out_path, "w", encoding="utf-8") as fh:
        fh.write(text)
    if default:
        manifest_path = os.path.join(_package_dir(), "data", "MANIFEST.json")
        with open(manifest_path, encoding="utf-8") as fh:
            manifest = json.load(fh)
        rel = "/".join(PACKAGE_TABLE[1:])
        entry = {"file": rel, "source": f"generated by `{REGENERATE}` from {'/'.join(PACKAGE_XSD[1:])}",
                 "version": "10.0", "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                 "xsd": "/".join(PACKAGE_XSD[1:]), "xsd_sha256": sha256_of(xsd_path),
                 "note": "Table du validateur rapide, dérivée du XSD ; build.py refuse une table périmée."}
        files = [f for f in manifest["files"] if f.get("file") != rel]
        files.append(entry)
        manifest["files"] = files
        with open(manifest_path, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return out_path


# =============================================================================================
# 5. Validating a tree
# =============================================================================================

def iter_findings(tree, xsd=None) -> Iterator[Finding]:
    """Validate ``tree`` (a :class:`~lsucheck.parsing.Tree`) against ``xsd`` (None = the package
    XSD; a path; or a :class:`Compiled`) and yield one :class:`SchemaFinding` per problem, in
    document order, with a French message. Raises :class:`Unsupported` before yielding anything
    when the input needs xmlschema."""
    if xsd is None:
        schema = compiled()
    elif isinstance(xsd, Compiled):
        schema = xsd
    else:
        schema = compile_xsd(xsd)
    validator = _Validator(schema, tree)
    findings = validator.run()
    return iter(findings)


def iter_problems(tree, xsd=None) -> Iterator[Problem_]:
    """The neutral records (:class:`~lsucheck.xsd.problems.Problem`) of ``tree``'s structural
    problems, unworded, in the order found; same ``xsd`` and :class:`Unsupported` as
    :func:`iter_findings`."""
    schema = compiled() if xsd is None else xsd if isinstance(xsd, Compiled) else compile_xsd(xsd)
    validator = _Validator(schema, tree)
    validator.words_later = True
    validator.run()
    return iter(validator.problems)


def is_valid(tree, xsd=None) -> bool:
    return not any(True for _ in iter_findings(tree, xsd))


#: reasons worded as exactly one finding per (element, attribute or missing child), whose code
#: follows from the names (the element's, the attribute's or the child's, and the grandparent's): beyond the report's MAX_OCCURRENCES problems of one of
#: these reasons, the problems are counted, not recorded (see RepeatFinding); _worded checks,
#: on the lines, that the report would not have listed them, and words them otherwise
_COUNTABLE = frozenset(("missing-attribute", "unexpected-attribute", "missing-element"))
#: reasons worded as exactly one finding per problem too, whose code follows from the names (with
#: the package's schema, an element has at most one ID and each identity of an element selects its
#: own children): their records are kept (the first of each identifier, the scope of each key), but
#: beyond MAX_OCCURRENCES findings of their code they are counted, not worded (40,000 pupils of one
#: id: 80,000 sentences nobody would read)
_HELD = _COUNTABLE | {"duplicate-id", "duplicate-key"}
_ATTRIBUTE_REASONS = frozenset(("missing-attribute", "unexpected-attribute", "duplicate-id"))  # kind[2]: the attribute


class _Validator:
    def __init__(self, schema: Compiled, tree):
        self.schema = schema
        self.tree = tree
        self.findings: list = []
        self.ids: dict = {}          # ID value → first element carrying it
        self.refs: set = set()       # raw IDREF / IDREFS texts (resolved at the end)
        self.described: dict = {}    # (declaration, attribute, value) → its neutral analysis
        # per declaration, the (attribute, value) pairs already found valid in this document: an
        # element whose attributes are all known pairs is checked with one set comparison (IDs
        # never enter: each must be registered). Per document, since a pair's first sighting
        # also registers its references.
        self.pairs: list = [set() for _ in schema.elements]
        self.problems: list = []     # the neutral records (problems.Problem), in order found
        self.words_later = False     # iter_problems: leave the records unworded
        # a systematic repeat (200,000 <eleve/> without their 3 attributes; 8,000 pupils with 100
        # unknown attributes): beyond the report's MAX_OCCURRENCES problems of a countable reason,
        # a problem keeps only its element, under its kind (reason, element name, attribute)
        self.seen_reasons: dict = {}  # countable reason → its problems so far
        self.overflow: dict = {}      # (reason, tag, attribute) → elements beyond the cap
        self.repeat_order: dict = {}  # id(RepeatFinding) → its place in the sort (a line)
        # dangling references beyond the cap (200 acquis citing 1,000 unknown teachers each): the
        # (element, attribute) whose references are counted, not recorded (see _worded_dangling)
        self.dangling_over: list = []
        from .. import report
        self.cap = report.MAX_OCCURRENCES

    # ---- driver ---------------------------------------------------------------------------
    def run(self) -> list:
        root = self.tree.root
        decl = self.schema.roots.get(root.tag)
        if decl is None:
            self._problem(Problem_("root", root, value=self.schema.namespace,
                                   expected=tuple(self.schema.roots)))
            return self._worded()
        self._walk(root, decl)
        self._resolve_refs()
        self._worded()
        self.findings.sort(key=lambda f: self._order(f))
        return self.findings

    def _order(self, f):
        line = self.tree.lines.get(f.elem) if f.elem is not None else None
        line = line if line is not None else 0
        if type(f) is RepeatFinding:
            return max(line, self.repeat_order.get(id(f), 0))
        return line

    def _counted(self, reason: str, elem, name) -> bool:
        """True when this problem is a repeat beyond the cap, only counted (see ``overflow``)."""
        n = self.seen_reasons[reason] = self.seen_reasons.get(reason, 0) + 1
        if n <= self.cap or self.words_later:
            return False
        self.overflow.setdefault((reason, elem.tag, name), []).append(elem)
        return True

    def _kind(self, p) -> tuple:
        """A countable problem's kind: what its wording follows from (see ``_counted``)."""
        if p.reason == "missing-element":
            return (p.reason, p.elem.tag, self._child_kind(p.elem, p.expected[0]))
        if p.reason == "duplicate-key":   # its code: the element's name, and its scope's (F26)
            scope = p.facts().get("parent")
            return (p.reason, p.elem.tag, None if scope is None else self._child_kind(scope, scope.tag))
        return (p.reason, p.elem.tag, p.attribute)

    def _child_kind(self, elem, tag) -> tuple:
        # the words of a missing child follow from its name, its parent's and the grandparent's
        # (<domaine> missing from the <socle> of a bilan de cycle)
        grand = self.tree.parents.get(elem)
        return (tag, grand.tag if grand is not None else None)

    @staticmethod
    def _unkind(kind, elem):
        if kind[0] == "missing-element":
            return Problem_(kind[0], elem, expected=(kind[2][0],))
        return Problem_(kind[0], elem, kind[2])

    def _missing_element(self, elem, tag) -> None:
        if not self._counted("missing-element", elem, self._child_kind(elem, tag)):
            self._problem(Problem_("missing-element", elem, expected=(tag,)))

    def _add(self, code, message, elem, reason, attribute=None, value=None):
        self.findings.append(SchemaFinding(code=code, message=message, elem=elem, reason=reason,
                                           attribute=attribute, value=value, context=_NO_CONTEXT))

    def _problem(self, problem: Problem_) -> None:
        self.problems.append(problem)

    def _worded(self) -> list:
        """The problems in the one wording of structural problems (xsd/words.py), shared with
        the xmlschema path: each sentence becomes a finding."""
        if not (self.problems or self.dangling_over) or self.words_later:
            return self.findings
        from ..model import LsuDocument
        from .words import Wording
        words = Wording(LsuDocument.of(self.tree))
        lines, cap = self.tree.lines, self.cap
        per_code: dict = {}   # code → the lines of its findings worded so far (their place in the sort)
        last_of: dict = {}    # code → the last of these lines
        code_of: dict = {}    # countable kind → its one code (False: not one finding of one code each)
        message_of: dict = {}
        held: dict = {}       # countable kind → elements of records left unworded (see below)

        def say(p, kind) -> None:
            n = len(words.out)
            words.word(p)
            new = words.out[n:]
            if kind is not None:
                one = new[0].code if len(new) == 1 else False
                code_of[kind] = one if code_of.get(kind, one) == one else False
                if new:
                    message_of[kind] = new[0].message
            for f in new:
                self._add(f.code, f.message, f.elem, p.reason, p.attribute, p.value)
                line = (lines.get(f.elem) or 0) if f.elem is not None else 0
                per_code.setdefault(f.code, []).append(line)
                if line > last_of.get(f.code, -1):
                    last_of[f.code] = line
            del words.out[n:]   # copied: not kept twice

        for p in self.problems:
            kind = self._kind(p) if p.reason in _HELD else None
            if kind is not None:
                # its code has ``cap`` findings already, all before this element: the report would
                # not list it (verified on the lines, else it is worded as before)
                code = code_of.get(kind)
                if code and len(per_code[code]) >= cap and last_of[code] <= (lines.get(p.elem) or 0):
                    held.setdefault(kind, []).append(p.elem)
                    continue
            say(p, kind)
        before = {code: sorted(found) for code, found in per_code.items()}   # the lines worded in order
        for kind in list(held) + [k for k in self.overflow if k not in held]:
            elems = self.overflow.pop(kind, None) or []   # the big list: extended, never copied
            if elems and kind not in code_of:   # beyond the walk's cap from its first: word one, for its code
                say(self._unkind(kind, elems.pop(0)), kind)
            code = code_of.get(kind)
            if elems and code:   # the walk kept none of these: ``cap`` findings of their code come before?
                first = lines.get(elems[0]) or 0
                code = code if bisect_right(before.get(code, ()), first) >= cap else False
            elems.extend(held.pop(kind, ()))
            if not elems:
                continue
            if code:
                last = elems.pop()
                f = RepeatFinding(code=code, message=message_of[kind], elem=last, reason=kind[0],
                                  attribute=kind[2] if kind[0] in _ATTRIBUTE_REASONS else None, repeated=elems)
                self.repeat_order[id(f)] = last_of[code]
                self.findings.append(f)
                continue
            for elem in elems:  # a countable kind worded otherwise, or too early: word them all
                say(self._unkind(kind, elem), None)
        if self.dangling_over:
            self._worded_dangling(words, say, before, last_of)
        return self.findings

    def _worded_dangling(self, words, say, before, last_of) -> None:
        """The dangling references beyond the cap (``dangling_over``): when ``cap`` findings of
        F19 come before the first of them, each element's are worded, counted and dropped — the
        same count as their findings, the same repeats of a reference said once — and one
        RepeatFinding stands for them all; else they are worded as the others."""
        over, self.dangling_over = self.dangling_over, []
        lines, cap = self.tree.lines, self.cap
        first = lines.get(over[0][0]) or 0
        if bisect_right(before.get("F19", ()), first) < cap:
            for elem, name in over:
                for p in self._dangling_problems(elem, name):
                    say(p, None)
            return
        repeated: list = []
        message = last = attribute = None
        out, seen = words.out, words.seen
        for elem, name in over:
            n = len(out)
            for p in self._dangling_problems(elem, name):
                words.word(p)
            new = out[n:]
            del out[n:]
            if not new:
                continue
            for f in new:   # F19 each (words.dangling_reference); counted, its sentence not kept
                seen.discard((f.code, id(f.elem), f.message))
            if message is None:
                message = new[0].message
            if last is not None:
                repeated.append(last)
            repeated.extend(elem for _ in range(len(new) - 1))
            last, attribute = elem, name
        if last is None:
            return
        f = RepeatFinding(code="F19", message=message, elem=last, reason="dangling-ref", attribute=attribute,
                          repeated=repeated)
        self.repeat_order[id(f)] = last_of.get("F19", 0)
        self.findings.append(f)

    # ---- one element, recursively -----------------------------------------------------------
    def _walk(self, elem, decl: ElementDecl) -> None:
        # The hot loop: ≈60,000 elements for a collège's year, and Pyodide runs it 2–3× slower
        # than CPython, so every call saved counts. Everything rare is a method call.
        # ``elem.items()`` rather than ``elem.attrib``: the latter creates (and keeps) an empty
        # dict on every element without attributes.
        items = elem.items()
        if items:
            if not self.pairs[decl.index].issuperset(items):
                self._attributes(elem, decl, items)
            if decl.required and not decl.required <= elem.attrib.keys():
                self._missing_attributes(elem, decl)
        elif decl.required:
            self._missing_attributes(elem, decl)

        kind = decl.kind
        if kind == ELEMENT:
            text = elem.text
            if text and not _is_xml_blank(text):
                self._text_not_allowed(elem, decl, text)
            steps = decl.steps
            row = steps[0]
            state = 0
            walk = self._walk
            for child in elem:
                tail = child.tail
                if tail and tail.strip(XML_SPACE):   # not XML's whitespace only (_is_xml_blank, inlined)
                    self._text_not_allowed(elem, decl, tail)
                step = row.get(child.tag)
                if step is not None:
                    state, cd = step
                    row = steps[state]
                    # leaves of simple content (appréciations…) are checked here, without a call
                    if cd.leaf and not len(child) and not child.keys():
                        text = child.text or ""
                        if not cd.text_check(text):
                            self._bad_value(child, cd, None, text, cd.text_type)
                        elif cd.text_type.idkind is not None:
                            self._text_id(child, cd, text, cd.text_type.idkind)
                    else:
                        walk(child, cd)
                elif not isinstance(child.tag, str):
                    continue  # a comment or processing instruction kept by another builder
                else:
                    self._content_error(elem, decl, state, child)
                    self._walk_rest(elem, decl, child)
                    state = -1
                    break
            if state >= 0 and not decl.accept[state]:
                self._incomplete(elem, decl, state)
        elif kind == EMPTY:
            text = elem.text
            if text:  # xmlschema refuses any character data here, even blanks
                self._text_not_allowed(elem, decl, text, empty=True)
            if len(elem):
                for child in elem:
                    self._problem(Problem_("unexpected-element", elem, other=child))
                    if child.tail and not _is_xml_blank(child.tail):
                        self._text_not_allowed(elem, decl, child.tail, empty=True)
        elif kind == SIMPLE:
            t = decl.text_type
            text = elem.text or ""
            if len(elem):
                for child in elem:
                    self._problem(Problem_("unexpected-element", elem, other=child))
            if not t.is_valid(text):
                self._bad_value(elem, decl, None, text, t)
            elif t.idkind is not None:
                self._text_id(elem, decl, text, t.idkind)
        else:  # ALL
            self._walk_all(elem, decl)
        if decl.identities:
            self._identities(elem, decl)

    def _attributes(self, elem, decl: ElementDecl, items: list) -> None:
        """The attributes not yet known valid here (``items``: the element's (name, value)
        pairs): check each; remember the valid ones."""
        attributes = decl.attributes
        pairs = self.pairs[decl.index]
        for pair in items:
            if pair in pairs:
                continue
            name, value = pair
            ad = attributes.get(name)
            if ad is None:
                self._unknown_attribute(elem, decl, name, value)
                continue
            if value not in ad.memo and not ad.check(value):
                self._bad_value(elem, decl, name, value, ad.type)
                continue
            idk = ad.idkind
            if idk == "ID":
                v = value.strip()  # a valid NCName has no inner blank
                first = self.ids.setdefault(v, elem)
                if first is not elem:
                    self._duplicate_id(elem, decl, name, v, first)
                continue  # an ID is never a known pair: each one must be registered
            if idk is not None:
                self.refs.add(value)  # once per distinct value is enough: refs is a set
            if ad.memoisable:  # short values only; long free texts are checked each time
                pairs.add(pair)

    def _walk_rest(self, elem, decl, bad_child) -> None:
        """After a content error: the remaining children are still checked, each against the
        declaration its tag has in this content model (as xmlschema does)."""
        children = decl.children
        seen = False
        for child in elem:
            if child is bad_child:
                seen = True
            elif not seen:
                continue
            else:  # the bad child's tail was checked by the caller
                tail = child.tail
                if tail and not _is_xml_blank(tail):
                    self._text_not_allowed(elem, decl, tail)
            cd = children.get(child.tag)
            if cd is not None:
                self._walk(child, cd)

    def _text_id(self, elem, decl, text, idk) -> None:
        if idk == "ID":
            v = text.strip()
            first = self.ids.setdefault(v, elem)
            if first is not elem:
                self._duplicate_id(elem, decl, None, v, first)
        else:
            self.refs.add(text)

    def _identities(self, elem, decl) -> None:
        for ident in decl.identities:
            fast = ident.fast
            if fast is None:
                self._check_identity(elem, decl, ident)
                continue
            tag, fields = fast
            seen: dict = {}
            if len(fields) == 1:
                attr, fn = fields[0]
                for sel in elem:
                    if sel.tag != tag:
                        continue
                    v = sel.get(attr)
                    if v is None:
                        continue
                    key = v if fn is None else fn(v)
                    first = seen.setdefault(key, sel)
                    if first is not sel:
                        self._duplicate_key(elem, decl, ident, sel, first)
            else:
                for sel in elem:
                    if sel.tag != tag:
                        continue
                    get = sel.get
                    key = tuple(v if (v := get(attr)) is None or fn is None else fn(v)
                                for attr, fn in fields)
                    if None in key:
                        continue  # xs:unique: a row missing a field is not in the key set (the JDK)
                    first = seen.setdefault(key, sel)
                    if first is not sel:
                        self._duplicate_key(elem, decl, ident, sel, first)

    def _walk_all(self, elem, decl: ElementDecl) -> None:
        text = elem.text
        if text and not _is_xml_blank(text):
            self._text_not_allowed(elem, decl, text)
        parts = decl.all_parts
        counts: dict = {}
        broken = False
        for child in elem:
            tag = child.tag
            if child.tail and not _is_xml_blank(child.tail):
                self._text_not_allowed(elem, decl, child.tail)
            occ = parts.get(tag)
            if occ is None:
                if not broken:
                    self._problem(Problem_("unexpected-element", elem, other=child))
                broken = True
                continue
            n = counts.get(tag, 0) + 1
            counts[tag] = n
            if not broken and occ[1] is not None and n > occ[1]:
                self._problem(Problem_("too-many", elem, other=child, count=n, limit=occ[1]))
                broken = True
            self._walk(child, decl.children[tag])
        if not broken and (counts or decl.all_min):
            missing = [t for t, (lo, _hi) in parts.items() if lo and not counts.get(t)]
            for t in missing:
                self._missing_element(elem, t)

    # ---- attributes -------------------------------------------------------------------------
    def _unknown_attribute(self, elem, decl, name, value) -> None:
        if name.startswith(_XSI):
            local = name[len(_XSI):]
            if local in ("schemaLocation", "noNamespaceSchemaLocation"):
                if not locations_are_uris(value):   # the JDK checks them as anyURI (cvc-datatype-valid)
                    self._problem(Problem_("bad-location", elem, name, value))
                return
            if local == "type":
                if value.rpartition(":")[2] in self.schema.types:
                    raise Unsupported(f"xsi:type sur <{decl.local}>")
                # the JDK's validator (the LSU's) refuses a type it cannot resolve (cvc-elt.4.2)
                self._problem(Problem_("unknown-type", elem, name, value))
                return
            if local == "nil":
                self._problem(Problem_("nil-not-allowed", elem, name, value))
                return
        if not self._counted("unexpected-attribute", elem, name):
            self._problem(Problem_("unexpected-attribute", elem, name, value))

    def _missing_attributes(self, elem, decl) -> None:
        for name in decl.attributes:  # schema order
            # ``elem.get``, not ``elem.attrib``: the latter creates (and keeps) a dict on an empty element
            if name in decl.required and elem.get(name) is None and not self._counted("missing-attribute", elem, name):
                self._problem(Problem_("missing-attribute", elem, name))

    def _bad_value(self, elem, decl, name, value, t: SimpleType) -> None:
        # a systematic error (every moyenne written "15,5") repeats the same value thousands of
        # times: analyse each (element, attribute, value) once; the sentence names each element
        key = (decl.index, name, value)
        described = self.described.get(key)
        if described is None:
            problems = t.problems(value)
            if not problems:  # pragma: no cover - is_valid and problems disagree: a bug
                problems = [Problem("lexical", t.builtin, t.label)]
            described = _neutral(t, value, problems)
            if len(self.described) < 50_000:
                self.described[key] = described
        kinds, detail = described
        self._problem(Problem_("value", elem, name, value, facets=tuple(kinds), detail=tuple(detail.items())))

    def _duplicate_id(self, elem, decl, name, v, first) -> None:
        self._problem(Problem_("duplicate-id", elem, name, v, other=first))

    def _resolve_refs(self) -> None:
        ids = self.ids
        known = ids.keys()
        missing = {raw for raw in self.refs if not known >= set(raw.split())}   # one names no ID
        if not missing:
            return
        # rare: find the referencing elements again, in document order
        root = self.tree.root
        self._find_refs(root, self.schema.roots[root.tag], missing)

    def _find_refs(self, elem, decl, missing) -> None:
        if decl.has_ids:
            for name, value in elem.items():  # not ``elem.attrib``: no dict made on an empty element
                ad = decl.attributes.get(name)
                if ad is None or ad.idkind not in ("IDREF", "IDREFS") or value not in missing:
                    continue
                self._dangling(elem, name, value)
        if decl.text_type is not None and decl.text_type.idkind in ("IDREF", "IDREFS"):
            self._dangling(elem, None, elem.text or "")
        children = decl.children
        for child in elem:
            cd = children.get(child.tag)
            if cd is not None:
                self._find_refs(child, cd, missing)

    def _dangling(self, elem, name, value) -> None:
        """The references of ``value`` (attribute ``name``, or the text) that name no identifier:
        recorded, or beyond the cap of their reason only noted (``dangling_over``)."""
        ids = self.ids
        count = sum(1 for v in value.split() if v not in ids)
        if not count:
            return
        n = self.seen_reasons.get("dangling-ref", 0)
        self.seen_reasons["dangling-ref"] = n + count
        if n >= self.cap and not self.words_later:
            self.dangling_over.append((elem, name))
            return
        for p in self._dangling_problems(elem, name):
            self._problem(p)

    def _dangling_problems(self, elem, name) -> list:
        ids = self.ids
        value = elem.get(name) if name is not None else elem.text or ""
        return [Problem_("dangling-ref", elem, name, v) for v in value.split() if v not in ids]

    # ---- content --------------------------------------------------------------------------
    def _text_not_allowed(self, elem, decl, text, empty=False) -> None:
        visible = text.strip(" \t\n\r")
        if visible and not visible.strip():  # only blanks XML does not count as whitespace
            self._problem(Problem_("invisible-blank", elem, None, text, limit=0 if empty else None,
                                   expected=tuple(sorted(set(visible)))))
            return
        self._problem(Problem_("text-not-allowed", elem, None, text, limit=0 if empty else None))

    def _content_error(self, elem, decl, state, child) -> None:
        tag = child.tag
        index = list(elem).index(child)
        children = decl.children
        if tag not in children:
            self._problem(Problem_("unexpected-element", elem, other=child))
            return
        path = _path_to(decl, state, tag)
        if path is not None:
            # the child is allowed later: what lies in between is missing — or comes later
            missing = _dedupe(path)
            later = [c for c in list(elem)[index + 1:] if c.tag in missing]
            if later:
                self._problem(Problem_("order", elem, other=child, detail=(("after", later[0]),)))
                return
            for t in missing:
                self._missing_element(elem, t)
            return
        prev = elem[index - 1].tag if index else None
        if prev == tag:
            n = sum(1 for c in elem if c.tag == tag)
            most = sum(1 for c in list(elem)[:index] if c.tag == tag)
            self._problem(Problem_("too-many", elem, other=child, count=n, limit=most))
            return
        before = [c.tag for c in list(elem)[:index] if c.tag in children]
        later = _first_after(decl, tag, before)
        first = next((c for c in elem if c.tag == later), None) if later else None
        self._problem(Problem_("order", elem, other=child,
                               detail=(("before", first), ("model", tuple(_model_order(decl))))))

    def _incomplete(self, elem, decl, state) -> None:
        path = _path_to_accept(decl, state)
        missing = _dedupe(path or [])
        if not missing:  # pragma: no cover - a non-accepting state always has a way out
            missing = list(decl.children)[:1]
        for t in missing:
            self._missing_element(elem, t)

    # ---- identity constraints -----------------------------------------------------------
    def _check_identity(self, elem, decl, ident: Identity) -> None:
        seen: dict = {}
        for desc, steps, targets in ident.selector:
            for sel in _select(elem, desc, steps):
                target = targets.get(sel.tag)
                key = tuple(_field_value(sel, target, f) for f in ident.fields)
                if all(k is None for k in key):
                    if ident.kind == "key":
                        self._problem(Problem_("key-incomplete", sel, expected=(ident.name,), count=0))
                    continue
                if any(k is None for k in key):
                    if ident.kind == "unique":
                        continue  # XSD 1.0 §3.11.4: only rows with every field are unique (the JDK)
                    self._problem(Problem_("key-incomplete", sel, expected=(ident.name,), count=1))
                first = seen.get(key)
                if first is None:
                    seen[key] = sel
                    continue
                self._duplicate_key(elem, decl, ident, sel, first)

    def _duplicate_key(self, scope, decl, ident, sel, first) -> None:
        self._problem(Problem_("duplicate-key", sel, other=first, detail=(("parent", scope),)))




def _select(elem, desc, steps):
    current = [elem]
    if desc:
        current = [e for e in elem.iter() if e is not elem] + [elem]
        if not steps:
            return [e for e in current if e is not elem]
    for step in steps:
        nxt = []
        for e in current:
            for c in e:
                tag = c.tag
                if not isinstance(tag, str):
                    continue
                if step == "*" or step == tag or (step.endswith("}*") and tag.startswith(step[:-1])):
                    nxt.append(c)
        current = nxt
    if desc:
        # ".//a/b": every b child of an a at any depth; dedupe, document order
        seen = set()
        out = []
        for e in current:
            if id(e) not in seen:
                seen.add(id(e))
                out.append(e)
        return out
    return current


def _field_value(sel, target: ElementDecl | None, field):
    desc, steps, attr = field
    nodes = _select(sel, desc, steps) if steps or desc else [sel]
    if not nodes:
        return None
    if len(nodes) > 1:
        return ("#plusieurs",)  # xmlschema: an error; count it as a distinct, invalid key
    node = nodes[0]
    decl = target
    for step in steps:
        decl = decl.children.get(node.tag) if decl is not None else None
    if attr is not None:
        raw = node.get(attr)
        if raw is None:
            return None
        ad = decl.attributes.get(attr) if decl is not None else None
        return ad.type.key(raw) if ad is not None else raw
    if decl is None or decl.text_type is None:
        return node.text or ""
    return decl.text_type.key(node.text or "")




# ---- content model diagnosis (only on failure: cost does not matter) ------------------------



def _path_to(decl, state, tag):
    """Shortest list of tags to consume from ``state`` before ``tag`` can come, or None."""
    from collections import deque
    trans = decl.trans
    seen = {state: []}
    queue = deque([state])
    while queue:
        s = queue.popleft()
        if tag in trans[s]:
            return seen[s]
        for t, nxt in trans[s].items():
            if nxt not in seen:
                seen[nxt] = seen[s] + [t]
                queue.append(nxt)
    return None


def _path_to_accept(decl, state):
    from collections import deque
    trans, accept = decl.trans, decl.accept
    seen = {state: []}
    queue = deque([state])
    while queue:
        s = queue.popleft()
        if accept[s]:
            return seen[s]
        for t, nxt in trans[s].items():
            if nxt not in seen:
                seen[nxt] = seen[s] + [t]
                queue.append(nxt)
    return None


def _first_after(decl, tag, before):
    """Among the elements already seen, the first one ``tag`` should have preceded."""
    order = _model_order(decl)
    pos = order.get(tag)
    if pos is None:
        return None
    for t in before:
        if order.get(t, -1) > pos:
            return t
    return None


def _model_order(decl) -> dict:
    """Rank of each child tag in the content model (first reachable position, BFS)."""
    order: dict = {}
    from collections import deque
    trans = decl.trans
    seen = {0}
    queue = deque([0])
    while queue:
        s = queue.popleft()
        for t, nxt in trans[s].items():
            order.setdefault(t, len(order))
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return order








def _dedupe(tags):
    out = []
    for t in tags:
        if t not in out:
            out.append(t)
    return out


# =============================================================================================
# 6. Messages
# =============================================================================================
















_NEUTRAL_KINDS = {"enumeration": "enumeration", "maxLength": "max-length", "minLength": "min-length",
                  "length": "length", "pattern": "pattern", "nonblank": "pattern", "minInclusive": "range",
                  "maxInclusive": "range", "minExclusive": "range", "maxExclusive": "range",
                  "fractionDigits": "fraction", "totalDigits": "digits", "lexical": "type"}


def _type_facts(t: SimpleType) -> tuple:
    """What a value of ``t`` must be, as facts the wording turns into words."""
    f = t.facets
    lo = f.get("minInclusive", _INT_RANGES.get(t.builtin or "", (None, None))[0])
    hi = f.get("maxInclusive", _INT_RANGES.get(t.builtin or "", (None, None))[1])
    pats = [lv[1] for lv in t._levels if lv[1] is not None and lv[1] != "nonblank"]
    return (("family", t.family), ("low", lo), ("high", hi), ("fraction_digits", f.get("fractionDigits")),
            ("patterns", tuple(pats[0][1]) if pats else ()), ("label", t.label))


def _neutral(t: SimpleType, value: str, problems) -> tuple[list, dict]:
    """The failing facets of one value, as the shared wording (xsd/words.py) reads them."""
    kinds, limits = [], {}
    enumeration, patterns = "(liste du format)", "du format"
    for p in problems:
        kind = _NEUTRAL_KINDS.get(p.kind[5:] if p.kind.startswith("item-") else p.kind, "type")
        if p.kind.startswith("item-") and kind != "type":
            kind = "type"  # a malformed item of a list: the list is not a list of identifiers
        kinds.append(kind)
        if kind in ("max-length", "min-length", "length"):
            limits.setdefault(kind, p.limit)
        elif kind == "enumeration":
            enumeration = ", ".join(str(v) for v in p.limit)
        elif kind == "pattern" and p.limit:
            patterns = " ou ".join(p.limit)
    count = utf16_length(value) if t.variety == "atomic" and not value.isascii() else None
    return kinds, {"enumeration": enumeration, "patterns": patterns, "limits": limits,
                   "is_id": t.idkind == "ID", "is_ref": t.idkind in ("IDREF", "IDREFS"),
                   "technical": "", "type_facts": _type_facts(t),
                   "count": count if count != len(value) else None}


# =============================================================================================
def main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="python -m lsucheck.xsd.fast")
    parser.add_argument("--write-table", action="store_true",
                        help="régénère la table (JSON) du validateur rapide à partir du XSD du paquet")
    parser.add_argument("--xsd", help="un autre XSD (par défaut : celui du paquet)")
    parser.add_argument("files", nargs="*", help="fichiers à valider")
    args = parser.parse_args(argv)
    if args.write_table:
        print(write_table(args.xsd))
        return 0
    from ..parsing import parse, read_source
    schema = compile_xsd(args.xsd) if args.xsd else compiled()
    worst = 0
    for path in args.files:
        tree = parse(read_source(path))
        for f in iter_findings(tree, schema):
            worst = 1
            print(f"{path}:{tree.lines.get(f.elem)}: {f.code} {f.message}")
    return worst


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
