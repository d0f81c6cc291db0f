"""The checks. One module per area; each check is a small generator registered with ``@rule``.

A check receives a :class:`CheckContext` and yields :class:`~lsucheck.findings.Finding`\\ s.
It says what is wrong and on which element; the engine stamps code, label, level, pupil,
division, période, discipline, teacher, path and line (jsonschema-style).

    @rule("B10")
    def epi_has_two_distinct_disciplines(ctx):
        for epi in ctx.doc.epis: ...
            yield Finding("B10", "L'EPI « … » ne réunit qu'une seule discipline", epi)

A rule runs only when every input it ``needs`` was given (default: the union of its codes'
catalogue ``needs``); otherwise its codes are listed in the report's ``not_run``.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ..findings import Finding

#: Modules holding rules, imported on first use (order = run order).
RULE_MODULES = ("structure", "bilan", "siecle", "sts", "inputs",
                "lsu_settings")  # issue 14: the LSU's class settings (P1, P2)


@dataclass
class Rule:
    codes: tuple[str, ...]
    func: Callable
    needs: tuple[str, ...] | None = None

    @property
    def name(self) -> str:
        return self.func.__name__


_REGISTRY: list[Rule] = []


def rule(*codes: str, needs: tuple[str, ...] | None = None):
    """Register a check that yields findings for ``codes``."""
    def deco(func):
        _REGISTRY.append(Rule(codes=codes, func=func, needs=tuple(needs) if needs else None))
        return func
    return deco


def all_rules() -> list[Rule]:
    for name in RULE_MODULES:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    return list(_REGISTRY)


@dataclass
class CheckContext:
    """Everything a check may read.

    doc          the LSU document (model.LsuDocument)
    refs         the reference files given, by kind: {"siecle_eleves": …, "nomenclature": …,
                 "communs": …, "sts": …} (parsed models; absent kinds are missing)
    options      the engine's Options
    target_year  the school year the file is checked against (first calendar year, e.g. 2025
                 for 2025-2026), or None if it could not be decided
    year_source  where target_year comes from: "option", "references", "fichier" or None
    version      the version policy decided for this file (versions.VersionPolicy) or None
    inputs       every reference input given beside the LSU file (engine.Input: source, kind,
                 meta, error), including those lsucheck cannot use — for the C checks
    source       the LSU file's parsing.Source (its name, for C5)
    """

    doc: object
    refs: dict = field(default_factory=dict)
    options: object = None
    target_year: int | None = None
    year_source: str | None = None
    version: object = None
    catalogue: object = None
    inputs: list = field(default_factory=list)
    source: object = None

    def has(self, *kinds: str) -> bool:
        return all(k == "lsu" or self.refs.get(k) is not None for k in kinds)


FindingIter = Iterator[Finding]
