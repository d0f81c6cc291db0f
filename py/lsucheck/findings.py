"""What checks RETURN: levels and findings.

A check (see ``rules``) yields :class:`Finding` objects. It says *what* is wrong and *where* (an
element of the parsed tree); the engine stamps the rest — label, level, certainty, pupil,
division, période, discipline, teacher, path and line — from the catalogue and the document.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Level(str, enum.Enum):
    """How LSU treats a finding (FORMAT.md §6)."""

    FICHIER = "FICHIER"   # the whole file is rejected
    BILAN = "BILAN"       # that bilan is rejected
    ALERTE = "ALERTE"     # the bilan is imported with an alert
    CONSEIL = "CONSEIL"   # advice from lsucheck only; never changes the verdict or the counters

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Level.FICHIER: 3, Level.BILAN: 2, Level.ALERTE: 1, Level.CONSEIL: 0}


@dataclass(eq=False, slots=True)   # slots: a file can give hundreds of thousands
class Finding:
    """One thing wrong, as a check yields it: ``Finding(element, message)``.

    elem     the element at fault (an ElementTree element of the LSU document), or None
    message  one French sentence in the users' words; becomes the occurrence's ``detail``
    code     only for a rule that declares several codes: which one this finding is for. The
             engine stamps the code (a rule of one code never repeats it) and fails loudly
             (RuleError) if a rule yields for a code it did not declare
    bilans   the bilan elements this finding counts against; None = let the engine work it out
             from ``elem`` (the enclosing bilan, or every bilan that uses a shared element)
    context  explicit occurrence fields that override what the engine would stamp
             (keys: eleve, division, periode, discipline, enseignant, path, line, bilan)
    level    a level override for this one finding (rare: the catalogue normally decides)
    cause    the code of the finding that explains this one (data/catalogue/causes.toml): an
             unknown teacher (T1) explains its services without a known teacher (T4)…; the
             engine checks the pair against causes.toml and writes it in the occurrence's ``cause``
    """

    elem: Any = None
    message: str = ""
    code: str | None = None
    bilans: list | None = None
    context: dict = field(default_factory=dict)
    level: Level | None = None
    cause: str | None = None


class RuleError(Exception):
    """A rule yielded a finding for a code it did not declare (a bug in lsucheck, never the user's)."""
