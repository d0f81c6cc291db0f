"""File-level structure checks: version (F3, F28) and schema (F5–F27), in the users' words.

The schema is validated by ``xsd.validate`` (the project's XSD through xmlschema, a user's
official XSD, or the fast validator); the xmlschema path's wording lives in ``xsd.words``.
"""
from __future__ import annotations

import re
from typing import Iterator

from .. import versions
from .. import xsd as schema_mod
from ..findings import Finding
from ..model import ascii_int
from ..recognise import NS
from ..xsd.words import (ATTRIBUTE_WORDS, ELEMENT_WORDS, attribute_word, describe,  # noqa: F401
                         element_word, findings_from_xmlschema, local, of)
from . import CheckContext, rule

STRUCTURE_CODES = ("F3",) + tuple(f"F{n}" for n in range(5, 29)) + ("F29", "F30", "F31")  # F29–F31: advice
#: what the schema itself can say (F3: a missing schemaVersion, the user XSD's note)
SCHEMA_CODES = ("F3",) + tuple(f"F{n}" for n in range(5, 28)) + ("F29",)   # F29: a note on the XSD given


class StructurePass:
    """The file's version policy and its one validation pass, computed once per check (the
    structure rules below read it; so do other modules through ``ctx.version``)."""

    def __init__(self, ctx: CheckContext):
        doc, options = ctx.doc, ctx.options
        self.version_findings: list[Finding] = []
        user_xsd = options is not None and getattr(options, "xsd", None) is not None
        if user_xsd:
            try:
                user = schema_mod.load_user_schema(options.xsd)
            except schema_mod.SchemaLoadError as exc:
                user_xsd = False
                self.version_findings.append(Finding(
                    doc.root, f"{exc.message} La structure a été vérifiée avec les règles de lsucheck "
                              "à la place.", code="F29"))
            else:
                if not user.accepts(doc.schema_version):   # an XSD of another version (issue 11 item 5)
                    user_xsd = False
                    declared = (f"en version {doc.schema_version}" if doc.schema_version
                                else "sans version déclarée")
                    accepted = ", ".join(user.versions)
                    self.version_findings.append(Finding(
                        doc.root, f"Le XSD que vous avez fourni{f' (« {user.name} »)' if user.name else ''} "
                                  f"est celui de la version {user.version} du format (versions acceptées : "
                                  f"{accepted}), et ce fichier est {declared} : il ne peut pas servir à le "
                                  "vérifier. La structure a été vérifiée avec les règles de lsucheck à la "
                                  "place.", code="F29"))
        self.policy = versions.decide(doc.schema_version, user_xsd=user_xsd)
        ctx.version = self.policy
        self.version_findings += versions.findings(self.policy, doc.root, doc)
        banner = versions.banner_finding(self.policy, doc.root, ctx.target_year)
        if banner is not None:
            self.version_findings.append(banner)
        self._options = options
        self._doc = doc
        self._schema: list[Finding] | None = None

    @property
    def schema_findings(self) -> list[Finding]:
        if self._schema is None:
            self._schema = list(schema_mod.validate(self._doc, self.policy, self._options))
        return self._schema


def structure_pass(ctx: CheckContext) -> StructurePass:
    """The one cached pass of this check (``ctx``)."""
    if ctx.structure is None:
        ctx.structure = StructurePass(ctx)
    return ctx.structure


@rule("F3", "F28", "F29")
def version_is_accepted(ctx: CheckContext) -> Iterator[Finding]:
    """The file's version is accepted (F3) and is the one the LSU requires this year (F28)."""
    yield from structure_pass(ctx).version_findings


@rule(*SCHEMA_CODES)
def structure_matches_schema(ctx: CheckContext) -> Iterator[Finding]:
    """The structure is valid (F5–F27, FORMAT.md §6.1), over the one validation pass."""
    yield from structure_pass(ctx).schema_findings


@rule("F30")
def uai_has_its_check_letter(ctx: CheckContext) -> Iterator[Finding]:
    """F30, F12's advice beyond the schema: the UAI's form and check letter."""
    yield from uai_advice(ctx.doc)


@rule("F31")
def millesime_is_a_year(ctx: CheckContext) -> Iterator[Finding]:
    """F31, F17's advice beyond the schema: a millésime of 4 characters that is a year."""
    yield from millesime_advice(ctx.doc)


# ---------------------------------------------------------------------------------------------
# Advice beyond the schema (CONSEIL)

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_UAI = re.compile(r"[0-9]{7}[A-Z]")


def uai_check_letter(digits: str) -> str:
    """The check letter of a UAI from its 7 digits (FORMAT.md F12: 0382032C, 0750680G…)."""
    return UAI_LETTERS[int(digits) % 23]


def uai_advice(doc) -> Iterator[Finding]:
    """F12 advice: a UAI of 8 characters that is not 7 digits and the right check letter."""
    entete = doc.entete
    elem = entete.find(f"{{{NS}}}etablissement") if entete is not None else None
    if elem is None or elem.text is None or len(elem.text) != 8:
        return  # absent or of the wrong length: the schema says so (F6, F12)
    uai = elem.text
    if not _UAI.fullmatch(uai):
        yield Finding(elem, f"Le code UAI « {uai} » (<etablissement> de l'en-tête) n'a pas la forme "
                            "d'un UAI : 7 chiffres suivis d'une lettre majuscule, par exemple "
                            "0750680G. Vérifiez-le dans votre logiciel (paramètres de "
                            "l'établissement).", code="F30")
        return
    expected = uai_check_letter(uai[:7])
    if uai[7] != expected:
        yield Finding(elem, f"Le code UAI « {uai} » (<etablissement> de l'en-tête) a une lettre de "
                            f"contrôle incorrecte : pour {uai[:7]}, la lettre attendue est "
                            f"{expected} ({uai[:7]}{expected}). Vérifiez l'UAI dans votre logiciel "
                            "(paramètres de l'établissement).", code="F30")


def millesime_advice(doc) -> Iterator[Finding]:
    """F17 advice: a millésime of 4 characters that is not a year."""
    for elem in doc.periodes + doc.bilans_cycle:
        value = elem.get("millesime")
        if value is not None and len(value) == 4 and ascii_int(value) is None:
            yield Finding(elem, f"Le millésime « {value} » {of(describe(elem, doc, skip='millesime'))} n'est pas une année : "
                                "4 chiffres sont attendus, l'année de début de l'année scolaire "
                                "(2025 pour 2025-2026).", code="F31")


