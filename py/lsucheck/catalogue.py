"""Every check lsucheck knows, as data (FORMAT.md §6).

The catalogue lives in ``data/catalogue/{F,B,S,T,C,P}.toml``: one ``[[check]]`` table per code.
It drives the report (label, level, explanation, fix), the "checks not run" list and the
"Règles" page. Fields of a check:

code          FORMAT.md's id ("F19", "B10"…); never reused or renumbered
label         what LSU's report groups messages under (LSU's wording where known)
title         lsucheck's own short title for the check (FORMAT.md's proposed message)
level         FICHIER | BILAN | ALERTE | CONSEIL (see findings.Level)
level_source  where the level comes from: "xsd", "seed" (the user's own LSU report), "format"
              (FORMAT.md's table), "inferred", or "rapport" (a real LSU rapport d'exécution, issue 14:
              a calibration file, see calibration.py) with ``level_date`` (ISO date of that report);
              it alone makes the level « certain » or « déduit » (:func:`certainty`), on every screen
needs         the inputs the check reads: "lsu", "siecle_eleves", "nomenclature", "communs",
              "sts", "references"
explanation   why LSU complains, in plain French
fix           what to change, where (general)
fixes         optional table of fixes per software: pronote, sacoche, gepi, ent
decision      optional: what lsucheck decided where FORMAT.md leaves it open (marked inferred)
product_property  optional, true for a property of lsucheck itself rather than a check of a file
              (C7, privacy): no rule, never "not run"
advice_of     optional: the code of the check this one is the advice variant of (F29 "Version du
              format à vérifier" beside F3 "Version de schéma non acceptée"): a per-occurrence
              advice is a check of its own, with its own code, label and level
banner        optional, true for a check whose findings are also shown at the top of the report,
              right under the verdict (F28, the version the LSU probably requires; C8, a reference
              file set aside; C11, a year asked for that is not the file's): the report's ``banner``
              list, one sentence per check
banner_many   optional: that sentence when the check has several occurrences (``{n}`` their number),
              instead of each occurrence's own text

Causes and consequences (``data/catalogue/causes.toml``): which finding explains which others
(an unknown teacher T1 → its services without a known teacher T4); a finding names its cause in
its ``cause`` field, and the engine refuses a pair the file does not declare.

Levels can be overridden from data: ``load(overrides={"B16": "ALERTE"})`` (CLI ``--niveau``), or
with where the level was seen: ``{"B16": {"level": "ALERTE", "level_source": "rapport",
"level_date": "2026-01-15"}}`` (a calibration file, CLI ``--calibration``).
"""
from __future__ import annotations

import functools
import json
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources

from .findings import Level

FAMILIES = ("F", "B", "S", "T", "C", "P")   # P: the LSU's own class settings (issue 14)

#: The title of each family, as the Règles page and the reports head it.
FAMILY_TITLES = {
    "F": "Fichier : structure et format",
    "B": "Bilans : contrôles sur le fichier seul",
    "S": "Contrôles avec SIECLE",
    "T": "Contrôles avec STS-web",
    "C": "Cohérence des fichiers fournis",
    "P": "Paramétrage des classes dans le LSU",
}

#: The level sources that make a level certain (the XSD, the seed's real reports, a real report
#: read from a calibration file); every other source (FORMAT.md's table, lsucheck's inference, a
#: level chosen with --niveau) makes it deduced.
CERTAIN_SOURCES = ("xsd", "seed", "rapport")   # rapport: a real LSU report (a calibration file)

#: The one legend of certainty, word for word on every screen (report, Règles page, CLI, exports),
#: derived from ``level_source`` alone (see :func:`certainty`).
CERTAINTY_LEGEND = {
    "certain": "certain : le schéma du format LSU ou un rapport LSU réel le montre",
    "déduit": "déduit : de la documentation ou du code des éditeurs, à confirmer",
}


def certainty(level_source: str) -> str:
    """« certain » or « déduit », from a check's ``level_source`` alone."""
    return "certain" if level_source in CERTAIN_SOURCES else "déduit"


def certainty_legend(level_source: str) -> str:
    """The legend sentence of a check's certainty (CERTAINTY_LEGEND)."""
    return CERTAINTY_LEGEND[certainty(level_source)]


def is_certain(level_source: str) -> bool:
    """The JSON ``certain`` of a message or a check (report_version 2): its certainty is « certain »."""
    return certainty(level_source) == "certain"


#: Human names of the inputs a check may need (used in "not run" reasons).
INPUT_NAMES = {
    "lsu": "le fichier d'import LSU",
    "siecle_eleves": "l'export SIECLE des élèves (ElevesSansAdresses.xml)",
    "nomenclature": "l'export SIECLE Nomenclature (Nomenclature.xml)",
    "communs": "l'export SIECLE Communs (Communs.xml)",
    "sts": "l'export STS-web (sts_emp_<UAI>_<année>.xml)",
    "references": "au moins un fichier de référence SIECLE ou STS-web",
}

EDITORS = {"pronote": "PRONOTE", "sacoche": "SACoche", "gepi": "GEPI", "ent": "ENT"}


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    title: str
    level: Level
    level_source: str
    needs: tuple[str, ...]
    explanation: str
    fix: str
    fixes: dict = field(default_factory=dict)
    decision: str = ""
    advice_of: str = ""
    product_property: bool = False
    banner: bool = False
    banner_many: str = ""
    level_date: str = ""

    @property
    def certainty(self) -> str:
        return certainty(self.level_source)

    @property
    def family(self) -> str:
        return self.code[0]

    @property
    def order(self) -> tuple[int, int]:
        return FAMILIES.index(self.family), int(self.code[1:])

    def to_dict(self) -> dict:
        return {
            "code": self.code, "label": self.label, "title": self.title,
            "level": self.level.value, "certain": is_certain(self.level_source),
            "level_source": self.level_source, "needs": list(self.needs),
            "explanation": self.explanation, "fix": self.fix, "fixes": dict(self.fixes),
            "decision": self.decision, "advice_of": self.advice_of, "level_date": self.level_date,
            "certainty": self.certainty, "certainty_legend": certainty_legend(self.level_source),
        }


class Catalogue(dict):
    """code → Check, in catalogue order; ``causes``: cause code → the codes it explains."""

    causes: dict = {}

    def checks(self) -> list[Check]:
        return sorted(self.values(), key=lambda c: c.order)

    def advice_variant(self, code: str) -> Check | None:
        """The check that is the advice variant of ``code`` (its ``advice_of``), or None."""
        return next((c for c in self.values() if c.advice_of == code), None)

    def is_cause(self, cause: str, consequence: str) -> bool:
        return consequence in self.causes.get(cause, {})


@dataclass(frozen=True)
class Cause:
    """One line of causes.toml: ``cause`` explains ``consequence`` (``why``, in French)."""

    cause: str
    consequence: str
    why: str
    where: str = "messages"   # "messages" (findings) or "not_run" (checks that could not run)


def _causes(root, cat: Catalogue) -> dict:
    data = tomllib.loads((root / "causes.toml").read_text(encoding="utf-8"))
    out: dict = {}
    for raw in data.get("cause", []):
        for code in (raw["cause"], *raw["consequences"]):
            if code not in cat:
                raise ValueError(f"causes.toml : code {code} absent du catalogue")
        for code in raw["consequences"]:
            out.setdefault(raw["cause"], {})[code] = Cause(raw["cause"], code, raw["why"],
                                                           raw.get("in", "messages"))
    return out


@functools.lru_cache(maxsize=1)
def _base() -> Catalogue:
    cat = Catalogue()
    root = resources.files("lsucheck") / "data" / "catalogue"
    for fam in FAMILIES:
        data = tomllib.loads((root / f"{fam}.toml").read_text(encoding="utf-8"))
        for raw in data.get("check", []):
            check = Check(
                code=raw["code"], label=raw["label"], title=raw.get("title", raw["label"]),
                level=Level(raw["level"]), level_source=raw.get("level_source", "format"),
                needs=tuple(raw["needs"]),
                explanation=raw.get("explanation", ""), fix=raw.get("fix", ""),
                fixes=dict(raw.get("fixes", {})), decision=raw.get("decision", ""),
                advice_of=raw.get("advice_of", ""), product_property=bool(raw.get("product_property", False)),
                banner=bool(raw.get("banner", False)), banner_many=raw.get("banner_many", ""),
                level_date=str(raw.get("level_date", "")),
            )
            if check.code in cat:
                raise ValueError(f"catalogue: code {check.code} defined twice")
            cat[check.code] = check
    cat.causes = _causes(root, cat)
    return with_calibrations(cat, _shipped_calibrations())


def _shipped_calibrations() -> list[dict]:
    """The calibration files the project ships (data/calibrations/*.json, issue 14 item 3): levels
    seen on real LSU reports, which turn inferred levels into observed ones."""
    folder = resources.files("lsucheck") / "data" / "calibrations"
    if not folder.is_dir():
        return []
    return [json.loads(f.read_text(encoding="utf-8")) for f in sorted(folder.iterdir(), key=lambda f: f.name)
            if f.name.endswith(".json")]


def with_calibrations(cat: Catalogue, calibrations: list[dict]) -> Catalogue:
    """``cat`` with the levels of each calibration file (level_source "rapport", with its date)."""
    from . import calibration   # calibration reads the catalogue: imported here, not at load time
    for cal in calibrations:
        levels, _notes = calibration.overrides(cal, cat)
        for code, seen in levels.items():
            cat[code] = replace(cat[code], level=Level(seen["level"]), level_source="rapport",
                                level_date=seen["level_date"])
    return cat


def load(overrides: dict[str, str] | None = None) -> Catalogue:
    """The catalogue, with optional level overrides {code: level}."""
    base = _base()
    if not overrides:
        return base
    cat = Catalogue(base)
    cat.causes = base.causes
    for code, level in overrides.items():
        if code not in cat:
            raise KeyError(f"code inconnu dans le catalogue : {code}")
        if isinstance(level, dict):  # {"level": …, "level_source": "rapport", "level_date": "2026-01-15"}
            cat[code] = replace(cat[code], level=Level(str(level["level"]).upper()),
                                level_source=level.get("level_source", "override"),
                                level_date=level.get("level_date", ""))
        else:
            cat[code] = replace(cat[code], level=Level(level.upper()), level_source="override")
    return cat
