"""What every planting shares: the ``Expected`` finding it records, a table of plantings per
module, and how a planting chooses what to touch (a fresh pupil, a bilan, its French context).

Layers of the generator, each importing only those before it (tests/unit/test_generator.py
checks it): ``vocabulary``, ``dates`` → ``writer``, ``references`` (the files; they know the model
by its attributes only) → ``school`` (the model) → ``planting`` → ``reference_faults``, ``faults``
(plant faults in a school) → ``builder`` (draws a school, then plants the faults asked)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable

from .school import School
from ..calendar import year_label


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


def registry() -> tuple[dict[str, Planter], Callable]:
    """(a module's {code: planting}, its ``@planting(code)`` decorator): each faults module
    fills its own table, and ``faults.FAULTS`` joins them explicitly (no registration by import)."""
    table: dict[str, Planter] = {}

    def planting(code: str):
        def deco(func: Planter) -> Planter:
            table[code] = func
            return func
        return deco
    return table, planting


# ---- choosing what to touch ---------------------------------------------------------------------
def _school_year(annee) -> str:
    return year_label(annee)


def _periode_text(p) -> str:
    kind = {3: "Trimestre", 2: "Semestre"}.get(p.nb_periodes)
    text = f"{kind} {p.indice}" if kind else f"Période {p.indice}/{p.nb_periodes}"
    return f"{text} {_school_year(p.millesime)}"


def _eleve_text(e) -> str:
    return f"{e.nom} {e.prenom}"


def _discipline_text(d) -> str:
    return f"{d.libelle} ({d.code})"


def _fresh(school: School, items, eleve_of=lambda x: x.eleve_ref):
    """The first item whose pupil no earlier planting touched (then marks that pupil)."""
    items = list(items)
    if not items:
        raise ValueError("ce collège n'a pas l'élément à modifier pour planter ce défaut "
                         "(générez-le avec plus de niveaux ou de périodes)")
    for item in items:
        if eleve_of(item) not in school.planted_eleves:
            school.planted_eleves.add(eleve_of(item))
            return item
    return items[school.plant_cursor % len(items)]


def _bilan(school: School, niveau: str | None = None, last_period: bool = False):
    eleves = {e.id: e for e in school.eleves}
    last = school.periodes[-1].id if school.periodes else None
    items = [b for b in school.bilans_periodiques
             if (niveau is None or eleves[b.eleve_ref].niveau == niveau)
             and (not last_period or b.periode_ref == last)]
    # start in the middle of the school, away from the first pupils that tests look at
    items = items[len(items) // 3:] + items[:len(items) // 3]
    return _fresh(school, items)


def _bilan_cycle(school: School, cycle: int):
    items = [b for b in school.bilans_cycle if b.cycle == cycle]
    return _fresh(school, items[len(items) // 2:] + items[:len(items) // 2])


def _where(school: School, bilan, acquis=None) -> dict:
    e = school.eleve(bilan.eleve_ref)
    where = {"eleve": _eleve_text(e), "division": e.division}
    if hasattr(bilan, "periode_ref"):
        where["periode"] = _periode_text(school.periode(bilan.periode_ref))
    else:
        where["periode"] = f"Fin de cycle {bilan.cycle} {_school_year(bilan.millesime)}"
    if acquis is not None:
        where["discipline"] = _discipline_text(school.discipline(acquis.discipline_ref))
    return where


def _acquis(school: School, bilan, code: str | None = None):
    for a in bilan.acquis:
        if code is None or school.discipline(a.discipline_ref).code == code:
            return a
    return bilan.acquis[0]


def _expected(code, count, hint, where=None, bilans=None, also=()) -> Expected:
    return Expected(code, count, hint, dict(where or {}), bilans, tuple(also))
