"""The checks. One module per area; each check is a small generator, a plain :class:`Rule` value.

A check receives a :class:`CheckContext` and yields :class:`~lsucheck.findings.Finding`\\ s:
``Finding(element, message)``. It says what is wrong and on which element; the engine stamps
code, label, level, pupil, division, période, discipline, teacher, path and line.

    @rule("B10")
    def epi_has_two_distinct_disciplines(ctx):
        for epi in ctx.doc.epis: ...
            yield Finding(epi, "L'EPI « … » ne réunit qu'une seule discipline")

A rule of several codes says which one with ``code=``; a rule that yields for a code it did not
declare stops the check with :class:`~lsucheck.findings.RuleError` naming the rule.

``@rule`` only wraps the function in a :class:`Rule`; nothing is registered. The engine runs
:data:`RULES`, the explicit tuple at the bottom of this module (order = run order), or the
``rules=`` it is given (tests). A rule runs only when every input it ``needs`` was given
(default: the union of its codes' catalogue ``needs``); otherwise its codes are listed in the
report's ``not_run``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

from ..findings import Finding


@dataclass(frozen=True)
class Rule:
    """A check: the codes it may yield, the function, the inputs it needs."""

    codes: tuple[str, ...]
    func: Callable
    needs: tuple[str, ...] | None = None

    @property
    def name(self) -> str:
        return self.func.__name__

    def __call__(self, ctx):
        return self.func(ctx)


def rule(*codes: str, needs: tuple[str, ...] | None = None):
    """Make a :class:`Rule` of a function that yields findings for ``codes``."""
    def deco(func) -> Rule:
        return Rule(codes=codes, func=func, needs=tuple(needs) if needs else None)
    return deco


@dataclass
class CheckContext:
    """Everything a check may read, and the joins several checks share (computed once per file).

    doc          the LSU document (model.LsuDocument)
    refs         the reference files given, by kind: {"siecle_eleves": …, "nomenclature": …,
                 "communs": …, "sts": …} (parsed models; absent kinds are missing)
    options      the engine's Options
    target_year  the school year the file is checked against (first calendar year, e.g. 2025
                 for 2025-2026), or None if it could not be decided
    year_source  where target_year comes from: "option", "references", "fichier" or None
    file_year    the LSU file's own school year, the millésime of most of its périodes and bilans
                 de cycle (engine.file_year), or None; C11 and B7 compare it with a year typed
    version      the version policy decided for this file (versions.VersionPolicy) or None
    inputs       every reference input given beside the LSU file (engine.Input: source, kind,
                 meta, error), including those lsucheck cannot use — for the C checks
    source       the LSU file's parsing.Source (its name, for C5)

    Cached joins (filled on first use by the rules' modules, never by the engine):
    lsu_joins            siecle.Joins: bilan ↔ eleve, the acquis of each bilan with its discipline
    scolarite_dates      bilan périodique → its date-scolarite (siecle.scolarites)
    siecle_pupils        LSU eleve → its SIECLE pupil or None (pupils ↔ SIECLE)
    sts_statuses         LSU enseignant → (status, STS individu) (teachers ↔ STS)
    sts_structures       LSU eleve → (division, STS structures, groups from SIECLE?) or None
    sts_structure_sets   (division, groups, from SIECLE?) → the shared tuple of sts_structures
    sts_holders          (structures, matière codes) → teachers holding the service (services ↔ STS)
    sts_service_findings the T3 and T4 findings, from one pass over the acquis
    """

    doc: object
    refs: dict = field(default_factory=dict)
    options: object = None
    target_year: int | None = None
    year_source: str | None = None
    file_year: int | None = None
    version: object = None
    catalogue: object = None
    inputs: list = field(default_factory=list)
    source: object = None
    structure: object = field(default=None, repr=False)   # rules.structure.StructurePass, once per check
    lsu_joins: object = field(default=None, repr=False)
    scolarite_dates: dict | None = field(default=None, repr=False)
    siecle_pupils: dict = field(default_factory=dict, repr=False)
    sts_statuses: dict | None = field(default=None, repr=False)
    sts_structures: dict = field(default_factory=dict, repr=False)
    sts_structure_sets: dict = field(default_factory=dict, repr=False)
    sts_holders: dict = field(default_factory=dict, repr=False)
    sts_service_findings: tuple | None = field(default=None, repr=False)

    def has(self, *kinds: str) -> bool:
        return all(k == "lsu" or self.refs.get(k) is not None for k in kinds)

    @property
    def year_typed_is_not_the_files(self) -> bool:
        """The year checked was typed by the user and is not the file's own (C11's finding; the B6
        and B7 findings of the file's year name C11 as their cause)."""
        return (self.year_source == "option" and None not in (self.target_year, self.file_year)
                and self.target_year != self.file_year)


FindingIter = Iterator[Finding]

# The rules, in run order: the structure first (it decides the version policy), then the bilans,
# SIECLE, STS-web and the inputs. Imported here, after Rule/rule/CheckContext exist.
from . import bilan, inputs, lsu_settings, siecle, sts, structure  # noqa: E402

RULES: tuple[Rule, ...] = (
    structure.version_is_accepted,
    structure.structure_matches_schema,
    structure.uai_has_its_check_letter,
    structure.millesime_is_a_year,
    bilan.idrefs_point_to_the_right_kind,
    bilan.one_evaluation_mode_per_class,
    bilan.each_discipline_is_evaluated,
    bilan.each_discipline_has_an_appreciation,
    bilan.conseil_after_scolarite,
    bilan.dates_within_the_school_year,
    bilan.millesimes_are_the_target_year,
    bilan.periodicity_is_consistent,
    bilan.epi_thematique_is_known,
    bilan.epi_joins_two_disciplines_and_its_teachers_teach_them,
    bilan.competences_numeriques_are_not_empty,
    bilan.elements_belong_to_their_cycle,
    bilan.communs_concern_some_pupil,
    bilan.bilan_names_a_professeur_principal,
    bilan.enseignement_complement_has_a_positionnement,
    bilan.dispenses_are_allowed,
    siecle.pupil_is_known_to_siecle,
    siecle.pupil_is_enrolled_at_the_bilan_date,
    siecle.date_scolarite_is_within_the_pupils_year,
    siecle.division_exists_in_siecle,
    siecle.division_is_the_pupils_siecle_division,
    siecle.discipline_belongs_to_the_pupils_programme,
    siecle.discipline_code_exists,
    siecle.options_are_the_pupils_options,
    siecle.siecle_files_match_the_lsu_file,
    siecle.troisieme_has_every_compulsory_enseignement,
    sts.teacher_is_known_to_sts,
    sts.teacher_type_is_the_sts_type,
    sts.discipline_is_taught_to_the_pupil,
    sts.a_teacher_of_the_service_is_named,
    sts.professeur_principal_is_declared_in_sts,
    sts.division_exists_in_sts,
    sts.sts_file_matches_the_lsu_file,
    sts.epi_and_ap_teachers_hold_a_service_of_their_discipline,
    inputs.reference_files_are_of_a_known_kind,
    inputs.reference_headers_name_school_and_year,
    inputs.references_are_of_the_year_asked_for,
    inputs.reference_files_can_be_read,
    inputs.lsu_file_name_is_plausible,
    inputs.siecle_export_is_recent_enough,
    inputs.year_asked_for_is_the_files_year,
    lsu_settings.class_settings_checklist,        # the LSU's own class settings (issue 14)
    lsu_settings.class_not_found_means_no_periods,
)


def all_rules() -> list[Rule]:
    """Every rule lsucheck runs (:data:`RULES`), as a list."""
    return list(RULES)
