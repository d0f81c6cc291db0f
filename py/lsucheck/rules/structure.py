"""File-level structure checks: version (F3, F28) and schema (F5–F27), in the users' words.

The schema is validated by ``xsd.validate`` (the project's XSD through xmlschema, a user's
official XSD, or the fast validator); the xmlschema path's wording lives in ``xsd.words``.
"""
from __future__ import annotations

import re
from typing import Iterator

from .. import versions
from .. import xsd as schema_mod
from ..findings import Finding, Level
from ..model import ascii_int
from ..recognise import NS
from ..xsd.words import (ATTRIBUTE_WORDS, ELEMENT_WORDS, attribute_word, describe,  # noqa: F401
                         element_word, findings_from_xmlschema, local)
from . import CheckContext, rule

STRUCTURE_CODES = ("F3",) + tuple(f"F{n}" for n in range(5, 29))


@rule(*STRUCTURE_CODES)
def structure_matches_schema(ctx: CheckContext) -> Iterator[Finding]:
    """The file's version is accepted (F3) and its structure is valid (F5–F27, FORMAT.md §6.1)."""
    doc = ctx.doc
    options = ctx.options
    user_xsd = options is not None and getattr(options, "xsd", None) is not None
    if user_xsd:
        try:
            schema_mod.load_user_schema(options.xsd)
        except schema_mod.SchemaLoadError as exc:
            user_xsd = False
            yield Finding("F3", f"{exc.message} La structure a été vérifiée avec les règles de lsucheck "
                                "à la place.", doc.root, level=Level.CONSEIL)
    policy = versions.decide(doc.schema_version, user_xsd=user_xsd)
    ctx.version = policy
    yield from versions.findings(policy, doc.root, doc)
    banner = versions.banner_finding(policy, doc.root, ctx.target_year)
    if banner is not None:
        yield banner
    yield from schema_mod.validate(doc, policy, options)
    yield from uai_advice(doc)
    yield from millesime_advice(doc)


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
        yield Finding("F12", f"Le code UAI « {uai} » (<etablissement> de l'en-tête) n'a pas la forme "
                             "d'un UAI : 7 chiffres suivis d'une lettre majuscule, par exemple "
                             "0750680G. Vérifiez-le dans votre logiciel (paramètres de "
                             "l'établissement).", elem, level=Level.CONSEIL)
        return
    expected = uai_check_letter(uai[:7])
    if uai[7] != expected:
        yield Finding("F12", f"Le code UAI « {uai} » (<etablissement> de l'en-tête) a une lettre de "
                             f"contrôle incorrecte : pour {uai[:7]}, la lettre attendue est "
                             f"{expected} ({uai[:7]}{expected}). Vérifiez l'UAI dans votre logiciel "
                             "(paramètres de l'établissement).", elem, level=Level.CONSEIL)


def millesime_advice(doc) -> Iterator[Finding]:
    """F17 advice: a millésime of 4 characters that is not a year."""
    for elem in doc.periodes + doc.bilans_cycle:
        value = elem.get("millesime")
        if value is not None and len(value) == 4 and ascii_int(value) is None:
            yield Finding("F17", f"Le millésime « {value} » de {describe(elem)} n'est pas une année : "
                                 "4 chiffres sont attendus, l'année de début de l'année scolaire "
                                 "(2025 pour 2025-2026).", elem, level=Level.CONSEIL)


