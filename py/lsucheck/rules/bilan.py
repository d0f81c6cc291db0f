"""Bilan-level and cross-reference checks that need only the import file (FORMAT.md §6.2, B1–B16).

They never need a reference file; B6, B12 and B13 use the SIECLE/STS-web exports when given
(``ctx.refs``, FORMAT.md's "F (+S)"): B6 the pupils' year frame, B12 the pupils' MEF, B13 the groups.

Each check is a small generator: it says what is wrong, in one French sentence, on the element at
fault; the engine stamps label, level, pupil, division, période, discipline, teacher, path and line,
and counts the finding against the enclosing bilan or, for a shared element (an EPI, a période, a
discipline), against every bilan that uses it (``LsuDocument.bilans_of``).

Nothing here assumes the document is valid: a missing or malformed attribute is the schema's
business (F codes); these checks skip what they cannot read and never raise.

What can be tuned without touching the code (the EPI thématiques, the dispenses B16 allows, the
labels of the codes) lives in ``data/rules/bilan.toml``.
"""
from __future__ import annotations

import functools
import tomllib
from collections import defaultdict
from importlib import resources

from ..findings import Finding
from ..calendar import ascii_int, fr_date, lsu_date, school_year_bounds, school_year_of, year_label
from ..model import IDREF_TARGETS, LsuDocument, q, refs
from . import CheckContext, rule


# ---- data ------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def policy() -> dict:
    """The tunable data of the B checks (``data/rules/bilan.toml``)."""
    text = (resources.files("lsucheck") / "data" / "rules" / "bilan.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _label(table: str, code: str | None) -> str:
    return policy()["libelles"][table].get(code or "", code or "?")


def _named(table: str, code: str | None, missing: str) -> str:
    """« Latin » (LCA): a coded item as users read it; ``missing`` when the file gives no code."""
    if not code:
        return missing
    return f"« {_label(table, code)} » ({code})"


# ---- small helpers ---------------------------------------------------------------------------
def _has_text(elem) -> bool:
    return elem is not None and bool("".join(elem.itertext()).strip())


_int = ascii_int


def _matiere(discipline) -> str | None:
    """The national code matière of a discipline (code-national for an academic code)."""
    if discipline is None:
        return None
    return discipline.get("code-national") or discipline.get("code")


def _discipline_name(doc: LsuDocument, discipline_ref: str | None) -> str:
    discipline = doc.ref(discipline_ref, "discipline")
    name = doc.describe_discipline(discipline)
    return name or f"« {discipline_ref or '?'} »"


def _division_of(doc: LsuDocument, bilan) -> str | None:
    eleve = doc.ref(bilan.get("eleve-ref"), "eleve")
    return eleve.get("code-division") if eleve is not None else None


def _divisions_of(doc: LsuDocument, elem) -> dict:
    """Occurrence context naming the divisions of the pupils whose bilans use a shared element
    (an EPI, an EPI group), which the engine cannot stamp by itself."""
    divisions = sorted({d for d in (_division_of(doc, b) for b in doc.bilans_of(elem)) if d})
    return {"division": ", ".join(divisions)} if divisions else {}


def _minority(groups: dict) -> list:
    """The keys of ``groups`` (key → list) that are not the single largest group; all keys on a tie."""
    if len(groups) < 2:
        return []
    sizes = sorted((len(v) for v in groups.values()), reverse=True)
    if sizes[0] == sizes[1]:
        return list(groups)
    biggest = max(groups, key=lambda k: len(groups[k]))
    return [k for k in groups if k != biggest]


# ---- B1 ---------------------------------------------------------------------------------------

#: How to name the element an IDREF points to: (indefinite, "au lieu de" form).
TARGET_NAMES = {
    "eleve": ("un élève", "d'un élève"),
    "periode": ("une période", "d'une période"),
    "responsable-etab": ("un responsable de l'établissement", "d'un responsable de l'établissement"),
    "enseignant": ("un enseignant", "d'un enseignant"),
    "discipline": ("une discipline", "d'une discipline"),
    "element-programme": ("un élément de programme", "d'un élément de programme"),
    "epi": ("un EPI", "d'un EPI"),
    "epi-groupe": ("un groupe d'EPI", "d'un groupe d'EPI"),
    "acc-perso": ("un accompagnement personnalisé", "d'un accompagnement personnalisé"),
    "acc-perso-groupe": ("un groupe d'accompagnement personnalisé",
                         "d'un groupe d'accompagnement personnalisé"),
    "competences-numeriques-commun": ("une appréciation commune de compétences numériques",
                                      "d'une appréciation commune de compétences numériques"),
}


def _kind_name(tag: str) -> str:
    local = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else "?"
    return TARGET_NAMES.get(local, (f"un élément <{local}>",))[0]


def _attr_words(attr: str) -> str:
    """The attribute as the user knows it (« professeurs principaux », not prof-princ-refs)."""
    from ..xsd.words import ATTRIBUTE_WORDS
    return ATTRIBUTE_WORDS.get(attr) or f"attribut « {attr} »"


#: IDREF attribute → the tag of the element it must point to (IDREF_TARGETS, qualified once)
_TARGET_TAGS = {attr: q(kind) for attr, kind in IDREF_TARGETS.items()}


@rule("B1")
def idrefs_point_to_the_right_kind(ctx: CheckContext):
    """An IDREF is untyped in the XSD: LSU cannot use a reference to the wrong kind of element
    (FORMAT.md §2.3, B1). Dangling references are F19's."""
    ids = ctx.doc.ids
    right = set()  # (attribute, value) already seen pointing to the right kind (speed: issue 4)
    for elem in ctx.doc.root.iter():
        for attr, value in elem.items():  # not .attrib: it would create a dict on every element
            expected = _TARGET_TAGS.get(attr)
            if expected is None or not value or (attr, value) in right:
                continue
            wrong = False
            for ident in value.split():
                target = ids.get(ident)
                if target is None or target.tag == expected:
                    continue
                wrong = True
                yield Finding(elem, f"La référence « {ident} » ({_attr_words(attr)}) désigne {_kind_name(target.tag)} "
                                    f"au lieu {TARGET_NAMES[IDREF_TARGETS[attr]][1]}.")
            if not wrong:
                right.add((attr, value))


# ---- B2, B3, B4: the acquis ---------------------------------------------------------------------
def _evaluation_modes(acquis) -> set[str]:
    """How an acquis is evaluated: "moyennes" and/or "positionnements" (a statut alone is neutral)."""
    modes = set()
    if acquis.get("moyenne-eleve") is not None:
        modes.add("moyennes")
    if acquis.get("positionnement") is not None:
        modes.add("positionnements")
    return modes


_MODE_PHRASE = {"moyennes": "une moyenne", "positionnements": "un positionnement"}
_MODE_CLASS = {"moyennes": "des moyennes", "positionnements": "des positionnements"}


@rule("B2")
def one_evaluation_mode_per_class(ctx: CheckContext):
    """LSU accepts one evaluation system per class: grades or positionnements (FORMAT.md §2.5, B2).
    Within one division and one période, the acquis evaluated the other way than most of the class
    are at fault. An acquis with both (PRONOTE's mixed classes) or with a statut alone is neutral."""
    doc = ctx.doc
    groups: dict = defaultdict(lambda: {"moyennes": [], "positionnements": []})
    for bilan in doc.bilans_periodiques:
        division = _division_of(doc, bilan)
        key = (division, bilan.get("periode-ref"))
        for acquis in bilan.iter(q("acquis")):
            modes = _evaluation_modes(acquis)
            if len(modes) == 1:
                groups[key][modes.pop()].append(acquis)
    for (division, _periode), by_mode in groups.items():
        n_moy, n_pos = len(by_mode["moyennes"]), len(by_mode["positionnements"])
        if not n_moy or not n_pos:
            continue
        # the class's mode is the one most acquis use; on a tie, grades (required in 3e since DNB 2026)
        major = "positionnements" if n_pos > n_moy else "moyennes"
        minor = "moyennes" if major == "positionnements" else "positionnements"
        classe = f"la classe {division}" if division else "la classe"
        for acquis in by_mode[minor]:
            disc = _discipline_name(doc, acquis.get("discipline-ref"))
            yield Finding(acquis, f"En {disc}, l'élève est évalué par {_MODE_PHRASE[minor]} alors que {classe} "
                                  f"l'est par {_MODE_CLASS[major]} sur cette période : le LSU n'accepte "
                                  f"qu'un seul mode d'évaluation par classe.")


@rule("B3")
def each_discipline_is_evaluated(ctx: CheckContext):
    """Each acquis has a moyenne, a positionnement or a statut (PRONOTE's blocking list, B3)."""
    doc = ctx.doc
    for bilan in doc.bilans_periodiques:
        for acquis in bilan.iter(q("acquis")):
            if any(acquis.get(a) is not None for a in ("moyenne-eleve", "positionnement",
                                                       "statut-evaluation-eleve", "eleve-non-note")):
                continue
            disc = _discipline_name(doc, acquis.get("discipline-ref"))
            yield Finding(acquis, f"Aucune moyenne, aucun positionnement ni aucun statut (non noté, en "
                                  f"attente, dispensé) n'est donné en {disc}.")


@rule("B4")
def each_discipline_has_an_appreciation(ctx: CheckContext):
    """Each acquis carries the teacher's appréciation (PRONOTE blocking, eduscol, B4). A blank
    one is F10's business."""
    doc = ctx.doc
    for bilan in doc.bilans_periodiques:
        for acquis in bilan.iter(q("acquis")):
            if acquis.find(q("appreciation")) is None:
                disc = _discipline_name(doc, acquis.get("discipline-ref"))
                yield Finding(acquis, f"Il manque l'appréciation du professeur en {disc}.")


# ---- B5, B6, B7: dates and school year ----------------------------------------------------------
@rule("B5")
def conseil_after_scolarite(ctx: CheckContext):
    """date-conseil-classe ≥ date-scolarite (GEPI chargeXML.php:1135, B5)."""
    for bilan in ctx.doc.bilans_periodiques:
        conseil = lsu_date(bilan.get("date-conseil-classe"))
        scolarite = lsu_date(bilan.get("date-scolarite"))
        if conseil and scolarite and conseil < scolarite:
            yield Finding(bilan, f"La date du conseil de classe ({fr_date(conseil)}) est antérieure à la date "
                                 f"de scolarité ({fr_date(scolarite)}).")


_DATE_NAMES = {
    "date-scolarite": "La date de scolarité",
    "date-conseil-classe": "La date du conseil de classe",
    "date-creation": "La date de création du bilan de fin de cycle",
}


def _pupils_frame(ctx: CheckContext):
    """What S3 checks of the date-scolarite, so that B6 does not say it again: ``(start, end)`` of
    S3's frame (end None when unknown), or None when S3 does not run (no reference file)."""
    if not ctx.refs:
        return None
    from .siecle import year_frame  # not at import time: the rules run in RULES order
    start, end, _source = year_frame(ctx)
    return (start, end) if start is not None else None


@rule("B6")
def dates_within_the_school_year(ctx: CheckContext):
    """Every bilan date falls in the target school year, 1 August … 31 July ("Année scolaire
    incohérente", B6). The target year is decided by the engine (engine.decide_target_year).

    With the SIECLE Communs or STS-web export of that year (its pupils' year frame, the one S3
    uses), date-conseil-classe must fall within that frame (up to 31 July when it has no end).
    date-scolarite is S3's whenever S3 runs (a reference file is given): B6 then only reports one
    after 31 July when S3's frame has no end. date-creation keeps 1 August … 31 July (a bilan de
    fin de cycle may be written after the pupils' last day)."""
    year = ctx.target_year
    if year is None:
        return
    start, end = school_year_bounds(year)
    # a year typed that is not the file's (C11): a date of the file's own school year follows from it
    own = school_year_bounds(ctx.file_year) if ctx.year_typed_is_not_the_files else None

    def cause(day):
        return "C11" if own is not None and own[0] <= day <= own[1] else None
    s3 = _pupils_frame(ctx)
    conseil_frame = None
    if s3 is not None:
        from .siecle import exact_year_frame
        f_start, f_end, f_source = exact_year_frame(ctx)
        if f_start is not None:
            conseil_frame = (f_start, f_end or end, f_source, f_end is not None)
    for bilan in ctx.doc.bilans:
        if bilan.tag == q("bilan-cycle"):
            attrs = ("date-creation",)
        else:
            attrs = ("date-scolarite", "date-conseil-classe")
        for attr in attrs:
            day = lsu_date(bilan.get(attr))
            if day is None:
                continue
            if attr == "date-scolarite" and s3 is not None:
                s3_end = s3[1]
                if s3_end is None and day > end:
                    yield Finding(bilan, f"{_DATE_NAMES[attr]} ({fr_date(day)}) est en dehors de l'année scolaire "
                                         f"{year_label(year)} (du {fr_date(start)} au {fr_date(end)}).",
                                  cause=cause(day))
                continue  # the rest is S3's (before the start of the pupils' year, after its end)
            if attr == "date-conseil-classe" and conseil_frame is not None:
                f_start, f_end, f_source, f_has_end = conseil_frame
                if not f_start <= day <= f_end:
                    bounds = (f"du {fr_date(f_start)} au {fr_date(f_end)}, {f_source}" if f_has_end else
                              f"du {fr_date(f_start)} {f_source}, au {fr_date(f_end)}")
                    yield Finding(bilan, f"{_DATE_NAMES[attr]} ({fr_date(day)}) est en dehors de l'année scolaire "
                                         f"des élèves {year_label(year)} ({bounds}).")
                continue
            if not start <= day <= end:
                yield Finding(bilan, f"{_DATE_NAMES[attr]} ({fr_date(day)}) est en dehors de l'année scolaire "
                                     f"{year_label(year)} (du {fr_date(start)} au {fr_date(end)}).", cause=cause(day))


YEAR_SOURCES = {
    "option": "l'année demandée",
    "references": "l'année des fichiers SIECLE/STS-web",
    "fichier": "l'année de la plupart des millésimes du fichier",
}


@rule("B7", "B17")
def millesimes_are_the_target_year(ctx: CheckContext):
    """All millésimes equal the target school year ("Année scolaire incohérente", B7); and a
    CONSEIL when that year is not the school year of the check date: LSU takes the current
    year's bilans. The clock never decides the target year and never rejects anything."""
    year = ctx.target_year
    if year is None:
        return
    source = YEAR_SOURCES.get(ctx.year_source or "", "l'année vérifiée")
    # a year typed that is not the file's (C11): the millésimes of the file's year follow from it
    typed_elsewhere = ctx.year_typed_is_not_the_files
    doc = ctx.doc
    for elem in doc.periodes + doc.bilans_cycle:
        value = elem.get("millesime")
        millesime = _int(value)
        if millesime is None or millesime == year:
            continue
        what = "Le bilan de fin de cycle" if elem.tag == q("bilan-cycle") else "La période"
        yield Finding(elem, f"{what} a le millésime {millesime} ({year_label(millesime)}) alors que le "
                            f"fichier est vérifié pour l'année scolaire {year_label(year)} ({source}).",
                      code="B7", cause="C11" if typed_elsewhere and millesime == ctx.file_year else None)
    options = ctx.options
    if options is None or not hasattr(options, "clock"):
        return
    today = options.clock()
    current = school_year_of(today)
    if current != year:
        yield Finding(None, f"Le fichier est vérifié pour l'année scolaire {year_label(year)} alors que "
                            f"nous sommes le {fr_date(today)} (année scolaire {year_label(current)}) : le LSU "
                            f"n'accepte que les bilans de l'année scolaire en cours.", code="B17", bilans=[])


# ---- B8: periodicity ---------------------------------------------------------------------------
def _periodicity(n) -> str:
    return {2: "semestres", 3: "trimestres"}.get(n, f"{n} périodes")


def _division_cycles(doc: LsuDocument) -> dict:
    """Division → the set of cycles of its pupils' bilans de fin de cycle."""
    cycles: dict = defaultdict(set)
    for bilan in doc.bilans_cycle:
        division = _division_of(doc, bilan)
        if division is not None and bilan.get("cycle"):
            cycles[division].add(bilan.get("cycle"))
    return cycles


#: From 2025-2026 (DNB 2026) 3e bilans must be trimestriels or semestriels (FORMAT.md §4.4, B8).
DNB_2026 = 2025


@rule("B8")
def periodicity_is_consistent(ctx: CheckContext):
    """indice ∈ 1..nb-periodes; nb-periodes plausible (1..6), 2 or 3 for 3e from 2025-2026; one
    periodicity per division (FORMAT.md B8). A division is taken as 3e when its pupils' bilans de
    fin de cycle in the file are all cycle 4 (the file alone knows no MEF)."""
    doc = ctx.doc
    for periode in doc.periodes:
        indice, nb = _int(periode.get("indice")), _int(periode.get("nb-periodes"))
        if nb is None or indice is None:
            continue
        if not 1 <= nb <= 6:
            yield Finding(periode, f"Le nombre de périodes de l'année ({nb}) n'est pas plausible : on attend "
                                   f"3 (trimestres) ou 2 (semestres).")
        elif not 1 <= indice <= nb:
            yield Finding(periode, f"La période a l'indice {indice} alors que l'année compte {nb} périodes : "
                                   f"l'indice va de 1 à {nb}.")

    troisiemes = {d for d, cycles in _division_cycles(doc).items() if cycles == {"4"}}
    by_division: dict = defaultdict(lambda: defaultdict(list))
    for bilan in doc.bilans_periodiques:
        periode = doc.ref(bilan.get("periode-ref"), "periode")
        if periode is None:
            continue
        nb = _int(periode.get("nb-periodes"))
        if nb is None:
            continue
        division = _division_of(doc, bilan)
        by_division[division][nb].append(bilan)
        millesime = _int(periode.get("millesime"))
        if (division in troisiemes and millesime is not None and millesime >= DNB_2026
                and nb not in (2, 3)):
            yield Finding(bilan, f"Depuis l'année 2025-2026 (brevet 2026), les bilans de 3e sont trimestriels "
                                 f"ou semestriels : la classe {division} a une année en {nb} périodes.")
    for division, by_nb in by_division.items():
        if division is None:
            continue
        for nb in _minority(by_nb):
            others = " et ".join(_periodicity(n) for n in sorted(by_nb) if n != nb)
            for bilan in by_nb[nb]:
                yield Finding(bilan, f"Ce bilan est en {_periodicity(nb)} alors que d'autres bilans de la "
                                     f"classe {division} sont en {others} : tous les élèves d'une classe ont "
                                     f"la même périodicité.")


# ---- B9, B10: EPI ------------------------------------------------------------------------------
@rule("B9")
def epi_thematique_is_known(ctx: CheckContext):
    """epi/@thematique is a national code or one declared in <epis-thematiques> (XSD annotation, B9)."""
    doc = ctx.doc
    known = set(policy()["b9"]["thematiques"])
    known.update(t.get("code") for t in doc.epis_thematiques if t.get("code"))
    for epi in doc.epis:
        code = epi.get("thematique")
        if code and code not in known:
            yield Finding(epi, f"L'EPI « {epi.get('intitule') or epi.get('id')} » a la thématique « {code} », "
                               f"qui n'est ni une thématique nationale ni une thématique déclarée dans le "
                               f"fichier.", context=_divisions_of(doc, epi))


@rule("B10")
def epi_joins_two_disciplines_and_its_teachers_teach_them(ctx: CheckContext):
    """An EPI joins at least two *different* matières (the XSD only counts references), and each
    teacher of an EPI group teaches one of them (OPEN-ENT fr.json; GEPI chargeXML.php:696, 902-923)."""
    doc = ctx.doc
    for epi in doc.epis:
        disciplines = [doc.ref(r, "discipline") for r in refs(epi.get("discipline-refs"))]
        disciplines = [d for d in disciplines if d is not None]
        if len(disciplines) < 2:
            continue  # fewer than two references that resolve: F27 / F19 / B1
        codes = {_matiere(d) for d in disciplines}
        if len(codes) < 2:
            libelle = disciplines[0].get("libelle") or _matiere(disciplines[0]) or "?"
            yield Finding(epi, f"L'EPI « {epi.get('intitule') or epi.get('id')} » ne réunit qu'une seule "
                               f"discipline ({libelle}).", context=_divisions_of(doc, epi))
    for groupe in doc.epis_groupes:
        epi = doc.ref(groupe.get("epi-ref"), "epi")
        if epi is None:
            continue
        allowed_ids = set(refs(epi.get("discipline-refs")))
        allowed_codes = {_matiere(doc.ref(r, "discipline")) for r in allowed_ids} - {None}
        for ed in groupe.iter(q("enseignant-discipline")):
            ref = ed.get("discipline-ref")
            discipline = doc.ref(ref, "discipline")
            if discipline is None or ref in allowed_ids or _matiere(discipline) in allowed_codes:
                continue
            teacher = doc.describe_enseignant(doc.ref(ed.get("enseignant-ref"), "enseignant")) or "un enseignant"
            yield Finding(ed, f"Le groupe « {groupe.get('intitule') or groupe.get('id')} » associe {teacher} "
                              f"à {doc.describe_discipline(discipline)}, qui ne fait pas partie des "
                              f"disciplines de l'EPI « {epi.get('intitule') or epi.get('id')} ».", context=_divisions_of(doc, groupe))


# ---- B11, B12, B13 ------------------------------------------------------------------------------
@rule("B11")
def competences_numeriques_are_not_empty(ctx: CheckContext):
    """<competences-numeriques> needs an appréciation, a compétence or a non-empty commun
    (OPEN-ENT evaluation.lsu.error.no.digital.skills, B11)."""
    doc = ctx.doc
    for bilan in doc.bilans_periodiques:
        for cn in bilan.iter(q("competences-numeriques")):
            if _has_text(cn.find(q("appreciation-num"))) or cn.find(q("competence-num")) is not None:
                continue
            communs = [doc.ref(r, "competences-numeriques-commun") for r in refs(cn.get("comp-num-commun-refs"))]
            if any(_has_text(c) for c in communs):
                continue
            yield Finding(cn, "Les compétences numériques de ce bilan sont vides : il faut une appréciation "
                              "pour l'élève, une appréciation commune ou au moins une compétence évaluée.")


#: A level in words, when no reference file names the MEF.
_NIVEAU_WORDS = {"6": "6e", "5": "5e", "4": "4e", "3": "3e"}


def _siecle_niveaux(ctx: CheckContext) -> dict:
    """eleve element → (level "6"/"5"/"4"/"3", the pupil's MEF in words) for the pupils of the
    SIECLE élèves export whose MEF names a collège level; {} without that export."""
    siecle = ctx.refs.get("siecle_eleves") if ctx.refs else None
    if siecle is None:
        return {}
    from ..references import mef_niveau
    nomenclature, sts = ctx.refs.get("nomenclature"), ctx.refs.get("sts")
    by_mef: dict = {}
    out = {}
    for eleve in ctx.doc.eleves:
        pupil = siecle.eleves.get((eleve.get("id-be") or "").strip())
        if pupil is None or not pupil.code_mef:
            continue  # unknown to SIECLE: S1's; no MEF: the file alone decides
        code = pupil.code_mef
        if code not in by_mef:
            niveau, label = mef_niveau(code, nomenclature, sts)
            words = f"« {label} »" if label else _NIVEAU_WORDS.get(niveau or "", "")
            by_mef[code] = (niveau, f"{words} (MEF {code})") if niveau else None
        if by_mef[code] is not None:
            out[eleve] = by_mef[code]
    return out


@rule("B12")
def elements_belong_to_their_cycle(ctx: CheckContext):
    """enseignement-complement and langue-culture-regionale only in a bilan de fin de cycle 4;
    compétences numériques only in 6e (cycle 3); a bilan de fin de cycle 3 only in 6e, of cycle 4
    only in 3e. With the SIECLE élèves export, the pupil's MEF says the level (references.mef_niveau);
    for the pupils it does not place, or without it, the file alone is used: a division's bilans de
    fin de cycle share one cycle, and a division whose bilans de fin de cycle are all of cycle 4 is
    a 3e. The rule does not need SIECLE: it uses it when given."""
    doc = ctx.doc
    for bilan in doc.bilans_cycle:
        cycle = bilan.get("cycle")
        if cycle != "3":
            continue
        for ec in bilan.findall(q("enseignement-complement")):
            code = ec.get("code")
            yield Finding(ec, f"L'enseignement de complément "
                              f"{_named('enseignement_complement', code, 'sans code')} n'a sa place que dans un bilan de fin de cycle 4, pas de cycle 3.")
        for lcr in bilan.findall(q("langue-culture-regionale")):
            code = lcr.get("code")
            yield Finding(lcr, f"La langue et culture régionale "
                               f"{_named('langue_culture_regionale', code, 'sans code')} n'a sa place que dans un bilan de fin de cycle 4, pas de cycle 3.")

    niveaux = _siecle_niveaux(ctx)

    def placed(bilan):
        """(level, MEF in words) of the bilan's pupil when SIECLE places them, else None."""
        return niveaux.get(doc.ref(bilan.get("eleve-ref"), "eleve")) if niveaux else None

    division_cycles = _division_cycles(doc)
    troisiemes = {d for d, cycles in division_cycles.items() if cycles == {"4"}}
    for bilan in doc.bilans_periodiques:
        known = placed(bilan)
        if known is not None:
            if known[0] == "6":
                continue
            for cn in bilan.findall(q("competences-numeriques")):
                yield Finding(cn, f"Les compétences numériques ne concernent que le cycle 3 (6e) : d'après "
                                  f"SIECLE, l'élève est en {known[1]}.")
            continue
        division = _division_of(doc, bilan)
        if division not in troisiemes:
            continue
        for cn in bilan.findall(q("competences-numeriques")):
            yield Finding(cn, f"Les compétences numériques ne concernent que le cycle 3 (6e) : la classe "
                              f"{division} a des bilans de fin de cycle 4 (3e).")

    by_division: dict = defaultdict(lambda: defaultdict(list))
    for bilan in doc.bilans_cycle:
        cycle = bilan.get("cycle")
        known = placed(bilan)
        if known is not None:
            expected = {"3": "6", "4": "3"}.get(cycle)
            if expected is not None and known[0] != expected:
                yield Finding(bilan, f"Ce bilan de fin de cycle {cycle} concerne un élève qui est en {known[1]} "
                                     f"d'après SIECLE : un bilan de cycle {cycle} se fait en "
                                     f"{_NIVEAU_WORDS[expected]}.")
        division = _division_of(doc, bilan)
        if division is not None and cycle in ("3", "4"):
            by_division[division][cycle].append(bilan)
    for division, by_cycle in by_division.items():
        for cycle in _minority(by_cycle):
            for bilan in by_cycle[cycle]:
                if placed(bilan) is not None:
                    continue  # SIECLE placed this pupil: judged above by the MEF
                yield Finding(bilan, f"La classe {division} a des bilans de fin de cycle 3 et de cycle 4 : un "
                                     f"bilan de cycle 3 se fait en 6e, un bilan de cycle 4 en 3e.")


_COMMUNS = {
    "parcours-commun": ("Le parcours commun", "rattaché", "code-division"),
    "vie-scolaire-commun": ("Le commentaire de vie scolaire commun", "rattaché", "code-division"),
    "competences-numeriques-commun": ("L'appréciation commune de compétences numériques", "rattachée",
                                      "code-structure"),
}


def _known_structures(ctx: CheckContext) -> tuple[set, list[str]] | None:
    """Division and group codes of the SIECLE élèves / STS-web files given, and their names;
    None when neither was given."""
    known: set = set()
    names = []
    siecle = ctx.refs.get("siecle_eleves") if ctx.refs else None
    if siecle is not None:
        known.update(getattr(siecle, "divisions", ()) or ())
        known.update(getattr(siecle, "groupes", ()) or ())
        names.append("SIECLE")
    sts = ctx.refs.get("sts") if ctx.refs else None
    if sts is not None:
        known.update(getattr(sts, "divisions", ()) or ())
        known.update(getattr(sts, "groupes", ()) or ())
        names.append("STS-web")
    return ({str(k).strip() for k in known}, names) if names else None


@rule("B13")
def communs_concern_some_pupil(ctx: CheckContext):
    """parcours-commun, vie-scolaire-commun and competences-numeriques-commun name a division some
    pupil of the file is in, or a known group (B13). A group (type-structure G) is known from the
    SIECLE élèves or STS-web file when one is given; from the file alone it cannot be recognised,
    and is reported so that the user checks it."""
    doc = ctx.doc
    divisions = {e.get("code-division").strip() for e in doc.eleves if e.get("code-division")}
    known = _known_structures(ctx)
    for commun in doc.parcours_communs + doc.vies_scolaires_communs + doc.competences_numeriques_communs:
        what, participle, attr = _COMMUNS[commun.tag.rsplit("}", 1)[-1]]
        code = (commun.get(attr) or "").strip()
        if not code or code in divisions:
            continue
        if commun.get("type-structure") == "G":
            if known is None:
                yield Finding(commun, f"{what} est {participle} au groupe « {code} », que le fichier seul ne "
                                      f"permet pas de reconnaître : vérifiez qu'il existe dans SIECLE ou STS-web.")
            elif code not in known[0]:
                where = ("ni dans " + " ni dans ".join(known[1]) if len(known[1]) > 1
                         else f"pas dans {known[1][0]}")
                yield Finding(commun, f"{what} est {participle} au groupe « {code} », qui n'existe {where}.")
        else:
            yield Finding(commun, f"{what} est {participle} à la classe « {code} », qui n'est la classe d'aucun "
                                  f"élève du fichier.")


# ---- B14, B15, B16 ------------------------------------------------------------------------------
@rule("B14")
def bilan_names_a_professeur_principal(ctx: CheckContext):
    """prof-princ-refs on bilans périodiques and de cycle (PRONOTE and GEPI require it, B14)."""
    for bilan in ctx.doc.bilans:
        if not refs(bilan.get("prof-princ-refs")):
            yield Finding(bilan, "Aucun professeur principal n'est indiqué dans ce bilan.")


@rule("B15")
def enseignement_complement_has_a_positionnement(ctx: CheckContext):
    """An enseignement de complément other than AUC needs a positionnement 1 or 2 (SACoche
    code_livret_recolter.php:1219-1227, "donnée non exportée"; B15)."""
    for bilan in ctx.doc.bilans_cycle:
        for ec in bilan.findall(q("enseignement-complement")):
            code = ec.get("code")
            if code and code != "AUC" and ec.get("positionnement") is None:
                yield Finding(ec, f"L'enseignement de complément "
                                  f"{_named('enseignement_complement', code, 'sans code')} n'a pas de positionnement : indiquez « objectif atteint » (1) ou "
                                  f"« objectif dépassé » (2).")


@rule("B16")
def dispenses_are_allowed(ctx: CheckContext):
    """A socle domaine positionné 0 (dispensé) or an acquis with statut-evaluation-eleve 3
    (dispensé) only where LSU allows it ("Dispenses non autorisées", B16). The allowed list is
    data (data/rules/bilan.toml [b16]) and must be calibrated on real LSU reports."""
    doc = ctx.doc
    conf = policy()["b16"]
    socle_ok = set(conf.get("socle", ()))
    disc_ok = set(conf.get("disciplines", ()))
    prefixes = tuple(conf.get("prefixes", ()))
    for bilan in doc.bilans:
        for domaine in bilan.iter(q("domaine")):
            code = domaine.get("code")
            if domaine.get("positionnement") == "0" and code not in socle_ok:
                yield Finding(domaine, f"Le domaine du socle {_named('socle', code, 'non indiqué (attribut code absent)')} est positionné "
                                       f"« dispensé » (0), ce que le LSU n'accepte que pour "
                                       f"{conf['socle_texte']}.")
        for acquis in bilan.iter(q("acquis")):
            if acquis.get("statut-evaluation-eleve") != "3":
                continue
            matiere = _matiere(doc.ref(acquis.get("discipline-ref"), "discipline")) or ""
            if matiere in disc_ok or (prefixes and matiere.startswith(prefixes)):
                continue
            disc = _discipline_name(doc, acquis.get("discipline-ref"))
            yield Finding(acquis, f"L'élève est dispensé en {disc}, ce que le LSU n'accepte "
                                  f"qu'{conf['acquis_texte']}.")
