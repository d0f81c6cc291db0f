"""The neutral record of one structural problem, as every validator reports it (no French here:
:mod:`lsucheck.xsd.words` words it, the same way whatever validator found it).

reason      what is wrong:
              "missing-attribute"     ``attribute`` required on ``elem`` is absent
              "unexpected-attribute"  ``attribute`` (``value``) is not allowed on ``elem``
              "unknown-type"          ``xsi:type`` on ``elem`` names a type the format does not know
              "nil-not-allowed"       ``xsi:nil`` on ``elem``, which is not nillable
              "value"                 ``value`` of ``attribute`` (or ``elem``'s text when None) is
                                      invalid; ``facets`` the failing ones, ``detail`` the facts
              "duplicate-id"          ``elem`` carries the identifier ``value`` already on ``other``
              "dangling-ref"          the reference ``value`` in ``attribute`` names no identifier
              "text-not-allowed"      text ``value`` in ``elem`` (``limit`` 0: ``elem`` must stay empty)
              "invisible-blank"       blanks XML does not count as whitespace between elements
              "unexpected-element"    ``other`` is not allowed in ``elem``
              "too-many"              ``other`` appears ``count`` times in ``elem``, ``limit`` at most
              "order"                 ``other`` is out of place in ``elem``: ``detail`` says before /
                                      after which element, or the expected order
              "missing-element"       ``elem`` lacks the child ``expected[0]``
              "duplicate-key"         ``elem`` repeats the identity of ``other`` (in ``detail``'s parent)
              "key-incomplete"        ``elem`` lacks a value the key ``expected[0]`` requires
              "root"                  the root ``elem`` is not one of ``expected`` (namespace ``value``)
              "bad-location"          ``xsi:schemaLocation`` (``attribute``) holds ``value``, which the
                                      JDK does not read as addresses (a non-breaking space…)
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=False, slots=True)
class Problem:
    reason: str
    elem: Any
    attribute: str | None = None
    value: str | None = None
    expected: tuple = ()
    other: Any = None
    count: int | None = None
    limit: int | None = None
    facets: tuple = ()
    detail: tuple = ()      # (key, value) pairs, e.g. (("after", element),) or a value's facts

    def facts(self) -> dict:
        return dict(self.detail)


def utf16_length(text: str) -> int:
    """A string's length as the JDK's validator (the LSU's) counts it: in UTF-16 code units, so a
    character outside the BMP (an emoji, a mathematical letter) counts twice. XSD 1.0 says code
    points (xmlschema counts so); the LSU's verdict is the one that matters."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf16_length_within(text: str, lo: int, hi: int) -> bool:
    """``lo <= utf16_length(text) <= hi``, counted only when the characters do not decide it: each
    character is one UTF-16 unit or two, so a text of ``n`` characters has ``n`` to ``2n`` units."""
    n = len(text)
    if lo <= n and 2 * n <= hi:
        return True
    return lo <= utf16_length(text) <= hi


# The JDK's validator (Xerces, the LSU's) reads names with the classes of XML 1.0 4th edition
# (Appendix B), where xmlschema uses the 5th: a fullwidth digit (U+FF10), a character of the
# compatibility area or with a compatibility decomposition is no name character for the LSU.
_START = {"Ll", "Lu", "Lo", "Lt", "Nl"}
_OTHER = {"Mc", "Me", "Mn", "Lm", "Nd"}
_EXTENDERS = {"\u00b7", "\u0387"}


def _name_char(c: str, start: bool) -> bool:
    if c.isascii():
        return c.isalpha() or c == "_" or (not start and (c.isdigit() or c in ".-"))
    o = ord(c)
    if 0xF900 < o < 0xFFFE or unicodedata.decomposition(c).startswith("<"):
        return False
    category = unicodedata.category(c)
    return category in _START or (not start and (category in _OTHER or c in _EXTENDERS))


def xml4_name(value: str, builtin: str | None = None) -> bool:
    """``value`` is a name (NCName, ID, IDREF; every character a name character for NMTOKEN) by
    XML 1.0 4th edition, as the JDK reads it. Only called for non-ASCII values."""
    if not value:
        return False
    if builtin == "NMTOKEN":
        return all(_name_char(c, False) for c in value)
    if builtin == "language":
        return True
    return _name_char(value[0], True) and all(_name_char(c, False) for c in value[1:])


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def locations_are_uris(value: str) -> bool:
    """Each item of ``xsi:schemaLocation`` is an address as the JDK reads ``anyURI``: one without
    a scheme (`urn:`, `http:`) may not have a colon before its first ``/``, ``?`` or ``#`` — what a
    non-breaking space before or inside ``urn:…`` makes of it."""
    for token in re.split(r"[ \t\n\r]+", value.strip(" \t\n\r")):
        if token and not _SCHEME.match(token) and ":" in re.split(r"[/?#]", token)[0]:
            return False
    return True
