"""Sanity of lsucheck's own inputs (FORMAT.md §6.5, C1–C7, and lsucheck's own C8–C11): not LSU
messages, advice (CONSEIL) or, for an input that changes what the report means, an alert counted
against no bilan (C8, C11).

The reference files are recognised by their content (``recognise.py``), never their name; these
checks say, in French, when a file given beside the LSU file is not what lsucheck can use, and
what to re-export, where. They never change the counters (``bilans=[]``).

How the checks share the work with S9/T7 (decision, catalogue ``C.toml``): S9 and T7 compare each
SIECLE / STS-web file's UAI and school year with the LSU file's; C2 says when a file's header does
not let lsucheck compare them; C3 compares the references with the school year the user asked for
(``--annee``). C7 (privacy) is a property of the product, not a check of a file: the catalogue
marks it ``product_property = true``, so it has no rule and is never listed as "not run" (see C.toml); the
browser tests prove it (tests/browser/test_privacy.py).
"""
from __future__ import annotations

import re
from datetime import date

from .. import recognise as rec
from ..findings import Finding
from ..calendar import export_window, fr_date, year_label
from ..references import NAME_HINTS, THE_NAMES, WHERE
from . import CheckContext, rule
from .siecle import scolarites

_EDT_FIX = ("il vient d'un logiciel d'emploi du temps{source}, pas de STS-web (SACoche refuse aussi ce "
            "fichier). Exportez le fichier de STS-web : " + WHERE[rec.STS] + ".")
_FIX_BY_KIND = {
    rec.SIECLE_RESPONSABLES: ("il contient les responsables des élèves, pas les élèves. Déposez "
                              "l'export des élèves : " + WHERE[rec.SIECLE_ELEVES] + "."),
    rec.LSU2D: "c'est un fichier d'import LSU, pas un export SIECLE ou STS-web.",
    rec.LSU1D: "c'est un fichier d'import LSU du premier degré, pas un export SIECLE ou STS-web.",
}


# ---- C1 ------------------------------------------------------------------------------------------
@rule("C1", needs=("lsu",))
def reference_files_are_of_a_known_kind(ctx: CheckContext):
    """C1: each file given beside the LSU file is a SIECLE élèves, Nomenclature, Communs or STS-web
    export; an EDT publisher's ``STS_EDT`` (``PARAMETRES/APPLICATION_SOURCE``) is not STS-web. Of
    two files of one kind, the first is used and the second is named."""
    used: dict = {}
    for inp in ctx.inputs:
        if inp.error is not None or inp.kind is None:
            continue  # C4
        kind = inp.kind.kind
        name = inp.source.name
        if kind in rec.REFERENCE_KINDS:
            if kind in used:
                yield Finding(None, f"Deux fichiers de même nature ont été donnés ({rec.KIND_NAMES[kind]}) : "
                                    f"« {used[kind]} » est utilisé, « {name} » est ignoré. Ne déposez que "
                                    "l'export le plus récent.", bilans=[])
            else:
                used[kind] = name
            continue
        if kind == rec.EDT:
            source = ""
            if inp.tree is not None:
                app = inp.tree.root.find("PARAMETRES/APPLICATION_SOURCE")
                text = " ".join(t.strip() for t in app.itertext() if t.strip()) if app is not None else ""
                source = f" ({text})" if text else ""
            yield Finding(None, f"Le fichier « {name} » n'est pas utilisé : " + _EDT_FIX.format(source=source), bilans=[])
        elif kind in _FIX_BY_KIND:
            yield Finding(None, f"Le fichier « {name} » n'est pas utilisé : {_FIX_BY_KIND[kind]}", bilans=[])
        else:
            detail = f" ({inp.kind.detail})" if inp.kind.detail else ""
            yield Finding(None, f"Le fichier « {name} » n'est pas utilisé : ce n'est ni un export SIECLE "
                                f"(élèves, Nomenclature, Communs) ni un export STS-web{detail}.", bilans=[])


# ---- C2 ------------------------------------------------------------------------------------------
@rule("C2", needs=("lsu", "references"))
def reference_headers_name_school_and_year(ctx: CheckContext):
    """C2: each reference file says which school (UAJ) and school year it comes from, so that S9/T7
    can compare them with the LSU file."""
    for inp in ctx.inputs:
        if inp.model is None or inp.kind is None:
            continue
        header = inp.model.header
        missing = [what for what, value in (("l'établissement (UAI)", header.uai),
                                             ("l'année scolaire", header.annee)) if not value]
        if missing:
            yield Finding(None, f"{THE_NAMES[inp.kind.kind]} « {inp.source.name} » n'indique pas "
                                f"{' ni '.join(missing)} : lsucheck ne peut pas vérifier qu'il correspond au "
                                f"fichier LSU. Refaites l'export ({WHERE[inp.kind.kind]}).", bilans=[])


# ---- C3 ------------------------------------------------------------------------------------------
@rule("C3", needs=("lsu", "references"))
def references_are_of_the_year_asked_for(ctx: CheckContext):
    """C3: when the user gave the school year (``--annee``), each reference file is of that year
    (otherwise the references' year *is* the target year, and S9/T7 compare it with the file)."""
    if ctx.year_source != "option" or not ctx.target_year:
        return
    for inp in ctx.inputs:
        if inp.model is None or inp.kind is None:
            continue
        annee = inp.model.header.annee
        if annee and annee != ctx.target_year:
            yield Finding(None, f"Vous vérifiez le fichier pour l'année scolaire {year_label(ctx.target_year)}, "
                                f"mais {THE_NAMES[inp.kind.kind][0].lower()}{THE_NAMES[inp.kind.kind][1:]} "
                                f"« {inp.source.name} » est de {year_label(annee)}. Refaites l'export dans la "
                                f"bonne année ({WHERE[inp.kind.kind]}), ou vérifiez l'année demandée.", bilans=[])


# ---- C4 ------------------------------------------------------------------------------------------
@rule("C4", needs=("lsu",))
def reference_files_can_be_read(ctx: CheckContext):
    """C4: each reference file (or archive) can be read — a zip bomb, a damaged or protected
    archive is refused with its reason — and a file whose name announces another kind than its
    content is named (lsucheck goes by the content)."""
    for inp in ctx.inputs:
        name = inp.source.name
        if inp.error is not None:
            yield Finding(None, f"Le fichier de référence « {name} » n'a pas pu être lu : {inp.error.message}"
                                + (f" {inp.error.fix}" if inp.error.fix else ""), bilans=[])
            continue
        if inp.kind is None:
            continue
        kind = inp.kind.kind
        base = name.rsplit(" › ", 1)[-1]
        announced = [k for k, pattern in NAME_HINTS.items() if pattern.search(base)]
        if announced and kind not in announced:
            yield Finding(None, f"Le nom du fichier « {name} » annonce {rec.KIND_NAMES[announced[0]]}, mais il "
                                f"contient {rec.KIND_NAMES[kind]} : lsucheck l'utilise pour ce qu'il contient. "
                                "Vérifiez que vous avez déposé le bon fichier.", bilans=[])


# ---- C5 ------------------------------------------------------------------------------------------
_PRONOTE_NAME = re.compile(r"import_lsu_([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{6})?", re.I)


@rule("C5", needs=("lsu",))
def lsu_file_name_is_plausible(ctx: CheckContext):
    """C5 (information only; LSU does not need it): the LSU file is an ``.xml`` file, and a PRONOTE
    file name's time stamp (``import_lsu_AAAAMMJJhhmmss.xml``) falls in the school year checked."""
    source = ctx.source
    if source is None:
        return
    name = source.name.rsplit(" › ", 1)[-1]
    if not name.lower().endswith(".xml"):
        yield Finding(None, f"Le fichier « {name} » n'a pas l'extension .xml : les logiciels nomment l'export "
                            "import_lsu_AAAAMMJJhhmmss.xml (PRONOTE) ou import-lsun-….xml (SACoche). Déposez dans "
                            "le LSU le fichier tel que votre logiciel l'a produit.", bilans=[])
    m = _PRONOTE_NAME.search(name)
    if m and ctx.target_year:
        try:
            stamp = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return
        start, end = export_window(ctx.target_year)   # the year, and the August after it (calendar.py)
        if not start <= stamp <= end:
            yield Finding(None, f"Le nom du fichier indique un export du {fr_date(stamp)}, en dehors de l'année "
                                f"scolaire {year_label(ctx.target_year)} vérifiée : est-ce le bon fichier ?", bilans=[])


# ---- C6 ------------------------------------------------------------------------------------------
@rule("C6", needs=("lsu", "siecle_eleves"))
def siecle_export_is_recent_enough(ctx: CheckContext):
    """C6: the SIECLE élèves export (HORODATAGE, else DATE_EXPORT) is not older than the latest
    ``date-scolarite`` of the file: a pupil who arrived after the export would be reported
    "Elève non scolarisé" by lsucheck although SIECLE (and LSU) know them."""
    siecle = ctx.refs[rec.SIECLE_ELEVES]
    export = siecle.header.date_export
    if export is None:
        return
    latest = None
    for bilan, d in scolarites(ctx).items():
        if d is not None and (latest is None or d > latest[0]):
            latest = (d, bilan)
    if latest is None or export.date() >= latest[0]:
        return
    name = next((i.source.name for i in ctx.inputs if i.model is siecle), "ElevesSansAdresses")
    yield Finding(None, f"L'export SIECLE des élèves « {name} » date du {fr_date(export)}, avant la date de "
                        f"scolarité la plus récente du fichier LSU ({fr_date(latest[0])}) : un élève arrivé depuis "
                        "cet export serait signalé à tort « Elève non scolarisé ». Refaites l'export "
                        f"({WHERE[rec.SIECLE_ELEVES]}).", bilans=[])


# ---- C11 -----------------------------------------------------------------------------------------
@rule("C11", needs=("lsu",))
def year_asked_for_is_the_files_year(ctx: CheckContext):
    """C11 (issue 10 item 1): the school year the user typed is the year of the file's bilans (the
    millésime of most of its périodes and bilans de cycle, engine.file_year). When it is not, the
    typed year is used (the LSU imports the bilans of its open school year only) and the report
    says so first; the B7 findings of the file's millésime, and the B6 findings of a date of the
    file's year, name C11 as their cause."""
    if not ctx.year_typed_is_not_the_files:
        return
    typed, found = year_label(ctx.target_year), year_label(ctx.file_year)
    yield Finding(None, f"Vous avez demandé l'année scolaire {typed}, mais les bilans du fichier LSU sont de "
                        f"{found} (le millésime de la plupart de ses périodes et bilans de fin de cycle). Le fichier "
                        f"a été vérifié pour l'année demandée, {typed}, car le LSU n'importe que les bilans de "
                        "l'année scolaire en cours : les périodes et bilans de fin de cycle du "
                        f"millésime {ctx.file_year}, et les dates de {found}, sont donc signalés « Année scolaire "
                        f"incohérente ». Si les bilans de {found} sont les bons, demandez {found} "
                        "(ou aucune année) et relancez la vérification ; sinon, exportez de votre logiciel les "
                        f"bilans de {typed}.", bilans=[])
