"""Planted faults: one planting per catalogue code the LSU file alone can show (F and B),
each recorded beside the school as the finding a checker must report.

    school = generate_school(seed=1, faults=["B10", "F19"])
    school.expected   # [Expected("B10", 1, "…"), Expected("F19", 1, "…")]
    plant(school, "B14")            # or plant one more on an existing school

A planting changes the School model (never the written bytes, except F1), touches exactly one
element when it can, and spreads successive plantings over different pupils, so that plantings
combine and each expected count stays exact. ``Expected.also`` lists codes that the same change
may legitimately raise too (e.g. an EPI with a single discipline is both F27 and B10).

Other modules may register plantings for other codes (the SIECLE/STS ones live in
``references.py``) with the same ``@planting`` decorator.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable

from .school import School


@dataclass
class Expected:
    """A finding the checker must report on a school with a planted fault.

    code         catalogue code (FORMAT.md §6 id)
    count        occurrences of that code the planting causes
    detail_hint  where and what, in French, for humans and failing-test messages
    where        occurrence fields the finding should carry (eleve, division, periode,
                 discipline, enseignant, element)
    bilans       how many bilans the finding counts against, when the planting decides it
    also         codes the same change may legitimately raise as well
    """

    code: str
    count: int
    detail_hint: str
    where: dict = field(default_factory=dict)
    bilans: int | None = None
    also: tuple = ()

    def to_dict(self) -> dict:
        d = asdict(self)
        d["also"] = list(self.also)
        return d


Planter = Callable[..., Expected]
#: code -> planting function(school, **kw) -> Expected
FAULTS: dict[str, Planter] = {}


def planting(code: str):
    """Register the planting of ``code`` (one per code; a later registration replaces it)."""
    def deco(func: Planter) -> Planter:
        FAULTS[code] = func
        return func
    return deco


def plant(school: School, code: str, **kw) -> Expected:
    """Plant the fault ``code`` in ``school`` (in place) and record what a checker must find."""
    try:
        func = FAULTS[code]
    except KeyError:
        raise ValueError(f"aucun défaut à planter pour le code {code!r} "
                         f"(connus : {', '.join(FAULTS)})") from None
    expected = func(school, **kw)
    school.plant_cursor += 1
    school.expected.append(expected)
    return expected
