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
"""
from __future__ import annotations

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
