"""Checks against the school's SIECLE exports (FORMAT.md §6.3, S1–S10).

LSU compares each bilan with the school's SIECLE base: the pupil (``eleve/@id-be`` = SIECLE
``ELEVE_ID``) must be enrolled at the bilan's ``date-scolarite`` (S1–S3: "Elève non scolarisé"), in
a division that exists (S4: "Classe non trouvée"), and each discipline must belong to the programme
of the pupil's MEF (S6: "Enseignements hors programme"). The exports are read by ``references.py``;
every join here is a dict or set lookup.

Each check runs only when the files it reads were given (``needs=``); otherwise the engine lists
it in ``not_run`` with the file it needs. What FORMAT.md leaves open is decided in the catalogue
(``data/catalogue/S.toml``, field ``decision``) and recalled in the docstrings below.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from datetime import date

from .. import recognise as rec
from ..findings import Finding
from ..calendar import ascii_int, fr_date, lsu_date, year_label
from ..model import q
from ..references import THE_NAMES, WHERE
from . import CheckContext, rule

SIECLE_KINDS = (rec.SIECLE_ELEVES, rec.NOMENCLATURE, rec.COMMUNS)

#: The first year the 3e compulsory enseignements are checked (DNB 2026, FORMAT.md §4.6, S10).
S10_FROM = 2025


# ---- joins shared with rules/sts.py ------------------------------------------------------------
class Joins:
    """What several checks need about the LSU file, computed once per check run (so that a whole
    collège's references add dict lookups, not passes over the tree)."""

    def __init__(self, ctx: CheckContext):
        doc = ctx.doc
        self.nomenclature = ctx.refs.get(rec.NOMENCLATURE)
        self.eleve_of: dict = {}          # bilan → eleve element (or None)
        self.bilans_of_eleve: dict = defaultdict(list)   # eleve element → its bilans
        for bilan in doc.bilans:
            eleve = doc.ref(bilan.get("eleve-ref"), "eleve")
            self.eleve_of[bilan] = eleve
            if eleve is not None:
                self.bilans_of_eleve[eleve].append(bilan)
        # the acquis of each bilan périodique: (bilan, eleve, [(acquis, discipline element or None)])
        self.by_bilan: list = []
        path = f"{q('liste-acquis')}/{q('acquis')}"
        ids = doc.ids
        discipline_of = {d.get("id"): d for d in doc.disciplines if ids.get(d.get("id")) is d}
        get = discipline_of.get
        eleve_of = self.eleve_of
        for bilan in doc.bilans_periodiques:
            items = [(acquis, get(acquis.get("discipline-ref"))) for acquis in bilan.findall(path)]
            self.by_bilan.append((bilan, eleve_of[bilan], items))
        self._codes: dict = {}

    @property
    def rows(self):
        """Every acquis of the bilans périodiques: (bilan, eleve, acquis, discipline or None)."""
        for bilan, eleve, items in self.by_bilan:
            for acquis, discipline in items:
                yield bilan, eleve, acquis, discipline

    def codes(self, discipline) -> tuple:
        """``matiere_codes`` of a discipline, once per discipline."""
        found = self._codes.get(discipline)
        if found is None:
            found = self._codes[discipline] = matiere_codes(discipline, self.nomenclature)
        return found


def joins(ctx: CheckContext) -> Joins:
    if ctx.lsu_joins is None:
        ctx.lsu_joins = Joins(ctx)
    return ctx.lsu_joins


def matiere_codes(discipline, nomenclature=None) -> tuple:
    """The codes a discipline may be known by in SIECLE/STS: its ``code``, its ``code-national``
    and, for an academic matière, the Nomenclature's CODE_MATIERE_NATIONALE (decision: either
    matches; FORMAT.md leaves open which one LSU compares, see S6/T3 in the catalogue)."""
    if discipline is None:
        return ()
    codes = []
    for value in (discipline.get("code"), discipline.get("code-national")):
        if value and value not in codes:
            codes.append(value)
    if nomenclature is not None and codes:
        mat = nomenclature.matieres.get(codes[0])
        if mat is not None and mat.code_national and mat.code_national not in codes:
            codes.append(mat.code_national)
    return tuple(codes)


def discipline_name(discipline) -> str:
    """« Espagnol LV2 » (030602, code national 030600): a discipline as the messages name it; a
    missing libellé or code is said as such, never « None »."""
    if discipline is None:
        return "non retrouvée dans le fichier"
    libelle, code = discipline.get("libelle"), discipline.get("code")
    national = discipline.get("code-national")
    if code and national and national != code:
        code_text = f"{code}, code national {national}"
    elif code:
        code_text = code
    else:
        code_text = f"sans code matière, code national {national}" if national else "sans code matière"
    if libelle:
        return f"« {libelle} » ({code_text})"
    return f"« {code_text} »" if code else f"sans libellé, {code_text}"


def _fold(text: str) -> str:
    """Accent-, case- and separator-insensitive form, to suggest near misses."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s_\-.'/]+", "", text).upper()


def near(code: str, candidates) -> list[str]:
    """Division codes that differ from ``code`` only by spaces, case, separators or accents."""
    folded = _fold(code)
    return sorted(c for c in candidates if c != code and _fold(c) == folded)


def file_name(ctx: CheckContext, kind: str) -> str:
    for inp in ctx.inputs:
        if inp.kind is not None and inp.kind.kind == kind and inp.model is ctx.refs.get(kind):
            return inp.source.name
    return rec.KIND_NAMES.get(kind, kind)


def date_scolarite(bilan) -> date | None:
    return lsu_date(bilan.get("date-scolarite"))


def scolarites(ctx: CheckContext) -> dict:
    """bilan périodique → its date-scolarite (or None), parsed once for S1–S3 and C6."""
    if ctx.scolarite_dates is None:
        ctx.scolarite_dates = {b: date_scolarite(b) for b in ctx.doc.bilans_periodiques}
    return ctx.scolarite_dates


def _pupil(ctx: CheckContext, eleve):
    """The SIECLE pupil of an LSU ``eleve`` (by id-be = ELEVE_ID), or None; cached per eleve."""
    if eleve is None:
        return None
    cache = ctx.siecle_pupils
    pupil = cache.get(eleve, cache)
    if pupil is cache:
        pupil = cache[eleve] = ctx.refs[rec.SIECLE_ELEVES].eleves.get((eleve.get("id-be") or "").strip())
    return pupil


def _is_ine(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{9}[A-Z]{2}|[0-9]{10}[A-Z]", value or ""))


# ---- S1 ------------------------------------------------------------------------------------------
@rule("S1", needs=("lsu", "siecle_eleves"))
def pupil_is_known_to_siecle(ctx: CheckContext):
    """S1 "Elève non scolarisé": ``eleve/@id-be`` must be a SIECLE ``ELEVE_ID`` of the school.
    One finding per bilan of that pupil (each is rejected)."""
    siecle = ctx.refs[rec.SIECLE_ELEVES]
    j = joins(ctx)
    by_name = None
    export = siecle.header.date_export
    for bilan, eleve in j.eleve_of.items():
        if eleve is None:
            continue  # a dangling eleve-ref is F19's
        id_be = (eleve.get("id-be") or "").strip()
        if not id_be or id_be in siecle.eleves:
            continue  # a missing id-be is F6's
        text = (f"L'identifiant SIECLE « {id_be} » de l'élève n'existe pas dans l'export SIECLE "
                f"des élèves ({file_name(ctx, rec.SIECLE_ELEVES)}).")
        if _is_ine(id_be):
            text += (" Cet identifiant ressemble à un INE : le LSU attend l'identifiant SIECLE ELEVE_ID, "
                     "pas le numéro national de l'élève.")
        if by_name is None:
            by_name = defaultdict(list)
            for pupil in siecle.eleves.values():
                by_name[(_fold(pupil.nom), _fold(pupil.prenom))].append(pupil.eleve_id)
        same = by_name.get((_fold(eleve.get("nom") or ""), _fold(eleve.get("prenom") or "")))
        if same:
            text += (f" SIECLE connaît un élève de même nom avec l'identifiant {', '.join(same)} : "
                     "votre logiciel n'a sans doute pas récupéré le bon identifiant SIECLE.")
        scolarite = scolarites(ctx).get(bilan)
        if export is not None and scolarite is not None and export.date() < scolarite:
            text += (f" L'export SIECLE date du {fr_date(export)}, avant la date de scolarité du bilan "
                     f"({fr_date(scolarite)}) : si l'élève est arrivé depuis, refaites l'export.")
        yield Finding(bilan, text)


# ---- S2 ------------------------------------------------------------------------------------------
@rule("S2", needs=("lsu", "siecle_eleves"))
def pupil_is_enrolled_at_the_bilan_date(ctx: CheckContext):
    """S2 "Elève non scolarisé": SIECLE DATE_ENTREE ≤ ``date-scolarite`` ≤ DATE_SORTIE (when the
    pupil left); for a bilan de fin de cycle, the pupil has not left before ``date-creation``."""
    j = joins(ctx)
    for bilan, eleve in j.eleve_of.items():
        pupil = _pupil(ctx, eleve)
        if pupil is None:
            continue  # S1
        if bilan.tag == q("bilan-cycle"):
            created = lsu_date(bilan.get("date-creation"))
            if created and pupil.date_sortie and pupil.date_sortie < created:
                yield Finding(bilan, f"D'après SIECLE, l'élève a quitté l'établissement le "
                                     f"{fr_date(pupil.date_sortie)}, avant la date de création du bilan de "
                                     f"fin de cycle ({fr_date(created)}).")
            continue
        scolarite = scolarites(ctx)[bilan]
        if scolarite is None:
            continue
        if pupil.date_entree and scolarite < pupil.date_entree:
            yield Finding(bilan, f"La date de scolarité du bilan ({fr_date(scolarite)}) est antérieure à "
                                 f"l'entrée de l'élève dans l'établissement ({fr_date(pupil.date_entree)} "
                                 "d'après SIECLE).")
        elif pupil.date_sortie and scolarite > pupil.date_sortie:
            yield Finding(bilan, f"La date de scolarité du bilan ({fr_date(scolarite)}) est postérieure à "
                                 f"la sortie de l'élève ({fr_date(pupil.date_sortie)} d'après SIECLE) : "
                                 "il n'était plus inscrit dans l'établissement.")


# ---- S3 ------------------------------------------------------------------------------------------
def exact_year_frame(ctx: CheckContext) -> tuple[date | None, date | None, str]:
    """The pupils' school-year frame read from a file: Communs DATE_DEBUT/FIN_ELEVE, else STS
    DATE_DEBUT/FIN (each only when the file is of the target year); (None, None, "") otherwise.
    B6 uses it too (rules/bilan.py)."""
    def same_year(model) -> bool:  # a file of another year is S9/T7's business, not a frame
        return not (ctx.target_year and model.header.annee and model.header.annee != ctx.target_year)

    communs = ctx.refs.get(rec.COMMUNS)
    if communs is not None and communs.date_debut and same_year(communs):
        return communs.date_debut, communs.date_fin, "d'après l'export SIECLE Communs"
    sts = ctx.refs.get(rec.STS)
    if sts is not None and sts.date_debut and same_year(sts):
        return sts.date_debut, sts.date_fin, "d'après STS-web"
    return None, None, ""


def year_frame(ctx: CheckContext) -> tuple[date | None, date | None, str]:
    """The pupils' school-year frame: Communs DATE_DEBUT/FIN_ELEVE, else STS DATE_DEBUT/FIN (each
    only when the file is of the target year), else 1 September of the target year (no end)."""
    exact = exact_year_frame(ctx)
    if exact[0] is not None:
        return exact
    if ctx.target_year:
        return (date(ctx.target_year, 9, 1), None,
                "1er septembre, faute de l'export SIECLE Communs ou de STS-web pour la date exacte")
    return None, None, ""


@rule("S3", needs=("lsu", "references"))
def date_scolarite_is_within_the_pupils_year(ctx: CheckContext):
    """S3 "Elève non scolarisé" (year frame): ``date-scolarite`` ≥ the start of the pupils' year
    (Communs DATE_DEBUT_ELEVE, else STS DATE_DEBUT, else 1 September) and ≤ its end when known."""
    start, end, source = year_frame(ctx)
    if start is None:
        return
    for bilan, scolarite in scolarites(ctx).items():
        if scolarite is None:
            continue
        if scolarite < start:
            yield Finding(bilan, f"La date de scolarité du bilan ({fr_date(scolarite)}) est antérieure au "
                                 f"début de l'année scolaire des élèves ({fr_date(start)}, {source}).")
        elif end is not None and scolarite > end:
            yield Finding(bilan, f"La date de scolarité du bilan ({fr_date(scolarite)}) est postérieure à la "
                                 f"fin de l'année scolaire des élèves ({fr_date(end)}, {source}).")


# ---- S4, S5 --------------------------------------------------------------------------------------
@rule("S4", needs=("lsu", "siecle_eleves"))
def division_exists_in_siecle(ctx: CheckContext):
    """S4 "Classe non trouvée": ``code-division`` is a SIECLE division (TYPE_STRUCTURE D) or an
    STS-web division. When both files are given, a division missing from both is S4's and one
    missing from STS-web only is T6's, so that one mistake gives one message."""
    siecle = ctx.refs[rec.SIECLE_ELEVES]
    sts = ctx.refs.get(rec.STS)
    j = joins(ctx)
    for bilan, eleve in j.eleve_of.items():
        if eleve is None:
            continue
        division = (eleve.get("code-division") or "").strip()
        if not division or division in siecle.divisions or (sts is not None and division in sts.divisions):
            continue  # a missing code-division is F6's
        text = f"La division « {division} » n'existe pas dans SIECLE" + (
            " ni dans STS-web." if sts is not None else ".")
        suggestions = near(division, siecle.divisions | (set(sts.divisions) if sts else set()))
        if suggestions:
            text += f" Division la plus proche : « {suggestions[0]} » (espaces ou majuscules différents)."
        pupil = _pupil(ctx, eleve)
        if pupil is not None and pupil.division:
            text += f" D'après SIECLE, l'élève est en « {pupil.division} »."
        yield Finding(bilan, text)


@rule("S5", needs=("lsu", "siecle_eleves"))
def division_is_the_pupils_siecle_division(ctx: CheckContext):
    """S5: ``code-division`` is the pupil's current SIECLE division. SIECLE is a snapshot: a pupil
    who changed class is known only in the new one (FORMAT.md §5.2). One finding per pupil, counted
    against all of the pupil's bilans; not raised when the division does not exist at all (S4/T6)."""
    siecle = ctx.refs[rec.SIECLE_ELEVES]
    sts = ctx.refs.get(rec.STS)
    j = joins(ctx)
    for eleve, bilans in j.bilans_of_eleve.items():
        pupil = _pupil(ctx, eleve)
        if pupil is None or not pupil.divisions:
            continue
        division = (eleve.get("code-division") or "").strip()
        if division in pupil.divisions:
            continue
        if division not in siecle.divisions and not (sts is not None and division in sts.divisions):
            continue  # S4 / T6
        yield Finding(eleve, f"L'élève est en « {division} » dans le fichier, mais en « {pupil.division} » "
                             "dans SIECLE. S'il a changé de classe, exportez les bilans de son ancienne "
                             "classe et ceux de la nouvelle dans des fichiers séparés.", bilans=bilans)


# ---- S6, S7, S8 ----------------------------------------------------------------------------------
def _modalite_label(nomenclature, modalite: str) -> str:
    label = nomenclature.modalites.get(modalite) if nomenclature is not None else None
    return f"{modalite} – {label.lower()}" if label else modalite


@rule("S6", needs=("lsu", "siecle_eleves", "nomenclature"))
def discipline_belongs_to_the_pupils_programme(ctx: CheckContext):
    """S6 "Enseignements hors programme": for each acquis, (code matière, modalité d'élection) is a
    PROGRAMME row of the pupil's MEF (SIECLE ELEVE/CODE_MEF) in the Nomenclature. Decisions: the
    discipline's code, code-national or the Nomenclature's national code may match; any HORAIRE
    (real Nomenclatures carry LV1/LV2 with HORAIRE 0.00); modalité X only when the programme lists it."""
    nomenclature = ctx.refs[rec.NOMENCLATURE]
    j = joins(ctx)
    verdicts: dict = {}   # (MEF, discipline) → in the programme?
    for _bilan, eleve, items in j.by_bilan:
        pupil = _pupil(ctx, eleve)
        if pupil is None or not pupil.code_mef:
            continue
        mef = pupil.code_mef
        for acquis, discipline in items:
            if discipline is None:
                continue
            key = (mef, discipline)
            verdict = verdicts.get(key)
            if verdict is None:
                programme = nomenclature.programmes.get(mef)
                modalite = discipline.get("modalite-election") or ""
                verdict = verdicts[key] = bool(programme) and any(
                    (c, modalite) in programme for c in j.codes(discipline))
            if not verdict:
                yield _hors_programme(nomenclature, mef, acquis, discipline, j.codes(discipline))


def _hors_programme(nomenclature, mef: str, acquis, discipline, codes) -> Finding:
    """The S6 finding of an acquis whose (matière, modalité) is not in the MEF's programme."""
    programme = nomenclature.programmes.get(mef)
    modalite = discipline.get("modalite-election") or ""
    mef_text = f"{mef} ({nomenclature.mefs[mef].label})" if mef in nomenclature.mefs else mef
    text = (f"La discipline {discipline_name(discipline)}, modalité {_modalite_label(nomenclature, modalite)}, "
            f"ne fait pas partie du programme du MEF {mef_text} de l'élève dans la Nomenclature SIECLE.")
    if not programme:
        text += " Ce MEF n'a aucune ligne de programme dans la Nomenclature fournie."
    else:
        others = sorted({m for (c, m) in programme for code in codes if c == code})
        if others:
            text += (" Le programme la prévoit avec la modalité " + " ou ".join(others)
                     + " : corrigez la modalité d'élection dans votre logiciel.")
        elif not codes:
            text += (" Sans code matière, elle ne correspond à aucune matière de la Nomenclature : indiquez "
                     "son code matière SIECLE dans votre logiciel.")
        elif not any(c in nomenclature.matieres for c in codes):
            text += " Ce code matière n'existe pas dans la Nomenclature."
    return Finding(acquis, text, code="S6")


@rule("S7", needs=("lsu", "nomenclature"))
def discipline_code_exists(ctx: CheckContext):
    """S7: ``discipline/@code`` (or ``code-national``) is a matière of the Nomenclature (or, when
    STS-web is given too, of STS-web's MATIERES). One finding per discipline, counted against every
    bilan that uses it."""
    nomenclature = ctx.refs[rec.NOMENCLATURE]
    sts = ctx.refs.get(rec.STS)
    for discipline in ctx.doc.disciplines:
        codes = matiere_codes(discipline, nomenclature)
        if not codes or any(c in nomenclature.matieres or (sts is not None and c in sts.matieres)
                            for c in codes):
            continue
        text = f"Le code matière de la discipline {discipline_name(discipline)} n'existe pas dans la Nomenclature SIECLE" \
               + (" ni dans STS-web." if sts is not None else ".")
        if codes[0].startswith("999") or discipline.get("modalite-election") == "X":
            text += (" C'est un code fictif, que certains logiciels donnent à une matière créée hors "
                     "SIECLE : associez cette matière à son code SIECLE.")
        yield Finding(discipline, text)


@rule("S8", needs=("lsu", "siecle_eleves"))
def options_are_the_pupils_options(ctx: CheckContext):
    """S8: a discipline with modalité O or F should be among the pupil's SIECLE OPTIONS (same code
    matière and modalité)."""
    options = {d for d in ctx.doc.disciplines if d.get("modalite-election") in ("O", "F")}
    if not options:
        return
    j = joins(ctx)
    for _bilan, eleve, acquis, discipline in j.rows:
        if discipline not in options:
            continue
        modalite = discipline.get("modalite-election")
        pupil = _pupil(ctx, eleve)
        if pupil is None:
            continue
        if any((c, modalite) in pupil.options for c in j.codes(discipline)):
            continue
        kind = "obligatoire" if modalite == "O" else "facultative"
        text = f"La discipline {discipline_name(discipline)} est une option {kind} (modalité {modalite}), " \
               "mais SIECLE ne l'inscrit pas parmi les options de l'élève"
        text += "." if pupil.options else " (SIECLE ne lui connaît aucune option)."
        yield Finding(acquis, text)


# ---- S9 ------------------------------------------------------------------------------------------
def header_mismatches(ctx: CheckContext, kinds, code: str):
    """S9 / T7: the UAI and school year of each reference file of ``kinds`` vs the LSU file's."""
    doc = ctx.doc
    uai = doc.entete_text("etablissement")
    millesimes = {e.get("millesime") for e in doc.periodes + doc.bilans_cycle if e.get("millesime")}
    years = {ascii_int(m) for m in millesimes} - {None}
    etab = doc.entete.find(q("etablissement")) if doc.entete is not None else None
    for inp in ctx.inputs:
        if inp.kind is None or inp.kind.kind not in kinds or inp.model is None:
            continue
        header, name, kind = inp.model.header, inp.source.name, inp.kind.kind
        where = WHERE.get(kind, "")
        if uai and header.uai and header.uai.upper() != uai.upper():
            yield Finding(etab, f"{THE_NAMES[kind]} « {name} » est celui de l'établissement "
                                f"{header.uai}, alors que le fichier LSU est celui de {uai}. Refaites l'export "
                                f"pour l'établissement {uai} ({where}).", code=code, bilans=[])
        if years and header.annee and header.annee not in years:
            mill = ", ".join(year_label(y) for y in sorted(years))
            yield Finding(None, f"{THE_NAMES[kind]} « {name} » est de l'année scolaire "
                                f"{year_label(header.annee)}, alors que les bilans du fichier LSU sont de {mill}. "
                                f"Refaites l'export dans la bonne année scolaire ({where}).", code=code, bilans=[])


@rule("S9", needs=("lsu", "references"))
def siecle_files_match_the_lsu_file(ctx: CheckContext):
    """S9: every SIECLE export given (élèves, Nomenclature, Communs) has the LSU file's UAI (UAJ)
    and school year (ANNEE_SCOLAIRE = millésime)."""
    yield from header_mismatches(ctx, SIECLE_KINDS, "S9")


# ---- S10 -----------------------------------------------------------------------------------------
def is_troisieme(nomenclature, mef: str) -> bool:
    """A 3e MEF: formation or label starting with 3 (3EME, 3EME SEGPA, 3EME PREPA-METIERS…), or a
    MEF code of the 3e level (103…)."""
    m = nomenclature.mefs.get(mef)
    if m is not None and (m.formation or m.libelle):
        return (m.formation or m.libelle).strip().upper().startswith("3")
    return mef.startswith("103")


@rule("S10", needs=("lsu", "siecle_eleves", "nomenclature"))
def troisieme_has_every_compulsory_enseignement(ctx: CheckContext):
    """S10 (DNB 2026): from 2025-2026, a 3e pupil's bilan has an acquis with a moyenne or a statut
    for every compulsory enseignement of the MEF. The list LSU holds is not public: approximated
    by the PROGRAMMES rows of modalité S with HORAIRE > 0 (FORMAT.md §4.6, §7.3)."""
    if not ctx.target_year or ctx.target_year < S10_FROM:
        return
    nomenclature = ctx.refs[rec.NOMENCLATURE]
    j = joins(ctx)
    compulsory_of: dict = {}   # MEF → its compulsory codes ([] when not a 3e MEF)
    for bilan, eleve, items in j.by_bilan:
        pupil = _pupil(ctx, eleve)
        if pupil is None or not pupil.code_mef:
            continue
        mef = pupil.code_mef
        if mef not in compulsory_of:
            compulsory_of[mef] = sorted(
                c for (c, m), h in nomenclature.programmes.get(mef, {}).items() if m == "S" and h > 0
            ) if is_troisieme(nomenclature, mef) else []
        if not compulsory_of[mef]:
            continue
        present = set()
        for acquis, discipline in items:
            if acquis.get("moyenne-eleve") is not None or acquis.get("statut-evaluation-eleve") is not None:
                present.update(j.codes(discipline))
        missing = [c for c in compulsory_of[mef] if c not in present]
        if missing:
            names = ", ".join(f"{nomenclature.matiere_label(c) or c} ({c})" for c in missing)
            yield Finding(bilan, f"Enseignements obligatoires du MEF {mef} sans moyenne ni statut dans ce bilan "
                                 f"de 3e : {names}.")
