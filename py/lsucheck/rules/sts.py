"""Checks against the school's STS-web export ``sts_emp_<UAI>_<année>.xml`` (FORMAT.md §6.4, T1–T8).

LSU recognises teachers by their STS identity (``enseignant/@id-sts`` = ``INDIVIDU/@ID``,
``@type`` = ``INDIVIDU/@TYPE``: "Enseignant inconnu"), expects each discipline to be taught to the
pupil by an STS service of the pupil's division or groups ("Disciplines non enseignées") given by
one of the teachers named ("Enseignant manquant"), and the division to exist ("Classe non trouvée").

Decisions where FORMAT.md leaves LSU's behaviour open (catalogue ``data/catalogue/T.toml``,
field ``decision``; all inferred):

* epp/local teachers are matched by ID *and* TYPE; an ID found with another TYPE is T2, not T1.
* ``dir`` teachers are matched by ID alone (STS types are epp/local only); T2 notes a ``dir`` whose
  STS FONCTION is not DIR. ``autre`` teachers are not looked up (the ministry sample gives one the
  dummy id 99999); they hold no STS service, so T4/T8 treat them as teaching nothing.
* A discipline matches a service by its ``code``, its ``code-national`` or the Nomenclature's
  national code: either is enough (``rules.siecle.matiere_codes``).
* Services are matched by teacher ID alone (the type is reported once, by T2).
* Group membership comes from SIECLE (STRUCTURES_ELEVE, TYPE G) when the élèves export is given
  and knows the pupil, else from every STS group of the pupil's division (FORMAT.md T3).
"""
from __future__ import annotations

from .. import recognise as rec
from ..findings import Finding
from ..model import q, refs
from . import CheckContext, rule
from .siecle import discipline_name, header_mismatches, joins, matiere_codes, near

OK, WRONG_TYPE, UNKNOWN, AUTRE = "ok", "type", "inconnu", "autre"


def sts_status(enseignant, sts) -> tuple[str, object]:
    """How STS-web knows an LSU ``enseignant``: (status, Individu or None)."""
    kind = (enseignant.get("type") or "").strip()
    if kind == "autre":
        return AUTRE, None
    individu = sts.individus.get((enseignant.get("id-sts") or "").strip())
    if individu is None:
        return UNKNOWN, None
    if kind in ("epp", "local"):
        return (OK if not individu.type or individu.type == kind else WRONG_TYPE), individu
    if kind == "dir" and individu.fonction and individu.fonction != "DIR":
        return WRONG_TYPE, individu
    return OK, individu


def _statuses(ctx: CheckContext) -> dict:
    if ctx.sts_statuses is None:
        sts = ctx.refs[rec.STS]
        ctx.sts_statuses = {e: sts_status(e, sts) for e in ctx.doc.enseignants}
    return ctx.sts_statuses


def _teacher_name(individu) -> str:
    return individu.name if individu is not None else "?"


def _individus_names(sts, ids) -> str:
    names = sorted(sts.individus[i].name if i in sts.individus else f"id STS {i}" for i in ids)
    return ", ".join(names)


# ---- T1, T2 --------------------------------------------------------------------------------------
@rule("T1", needs=("lsu", "sts"))
def teacher_is_known_to_sts(ctx: CheckContext):
    """T1 "Enseignant inconnu": an epp/local/dir teacher's id-sts is an STS ``INDIVIDU/@ID``.
    One finding per teacher, counted against every bilan that names them."""
    sts = ctx.refs[rec.STS]
    by_name = None
    for enseignant, (status, _individu) in _statuses(ctx).items():
        if status != UNKNOWN:
            continue
        ident = (enseignant.get("id-sts") or "").strip()
        if not ident:
            continue  # a missing id-sts is F6's
        text = (f"L'identifiant STS « {ident} » (type {enseignant.get('type')}) n'existe pas dans l'export "
                "STS-web.")
        if ident.startswith("999"):
            text += (" C'est un identifiant fictif, que certains logiciels donnent à un enseignant sans "
                     "identifiant STS.")
        if by_name is None:
            by_name = {}
            for ind in sts.individus.values():
                by_name.setdefault(ind.nom.upper(), []).append(ind)
        same = by_name.get((enseignant.get("nom") or "").strip().upper(), [])
        if same:
            text += " STS-web connaît " + ", ".join(f"{i.name}, type {i.type}" for i in same) + \
                    " : récupérez l'identifiant STS de cet enseignant dans votre logiciel."
        yield Finding(enseignant, text)


@rule("T2", needs=("lsu", "sts"))
def teacher_type_is_the_sts_type(ctx: CheckContext):
    """T2: the teacher's ``type`` is the STS ``INDIVIDU/@TYPE`` (epp/local); a ``dir`` teacher is
    a director in STS (FONCTION DIR)."""
    for enseignant, (status, individu) in _statuses(ctx).items():
        if status != WRONG_TYPE:
            continue
        kind = enseignant.get("type")
        if kind == "dir":
            text = (f"L'enseignant est déclaré de type « dir » (direction) dans le fichier, mais STS-web le "
                    f"connaît comme {individu.type or '?'} avec la fonction {individu.fonction} (ID {individu.id}) : "
                    "le LSU risque de ne pas le reconnaître. Donnez-lui le type de STS-web.")
        else:
            text = (f"L'enseignant est déclaré de type « {kind} » dans le fichier, mais STS-web le connaît "
                    f"avec le type « {individu.type} » (ID {individu.id}) : le LSU risque de ne pas le "
                    "reconnaître. Mettez à jour les enseignants depuis STS-web dans votre logiciel.")
        yield Finding(enseignant, text)


# ---- T3, T4: services ----------------------------------------------------------------------------
def pupil_structures(ctx: CheckContext, eleve):
    """(division code, (STS structures: the division then the pupil's groups), groups from SIECLE?)
    or None when the pupil's division is not an STS division (T6). Pupils with the same division
    and groups share one tuple, so that service lookups can be cached per structures."""
    cache = ctx.sts_structures
    if eleve in cache:
        return cache[eleve]
    sts = ctx.refs[rec.STS]
    division = (eleve.get("code-division") or "").strip()
    result = None
    if division in sts.divisions:
        siecle = ctx.refs.get(rec.SIECLE_ELEVES)
        pupil = siecle.eleves.get((eleve.get("id-be") or "").strip()) if siecle is not None else None
        if pupil is not None:
            groups = tuple(g for g in sorted(pupil.groupes) if g in sts.groupes)
        else:
            groups = tuple(sts.groupes_of_division.get(division, ()))
        shared = ctx.sts_structure_sets
        key = (division, groups, pupil is not None)
        if key not in shared:
            shared[key] = (division, (sts.divisions[division],) + tuple(sts.groupes[g] for g in groups),
                           pupil is not None)
        result = shared[key]
    cache[eleve] = result
    return result


def service_holders(ctx: CheckContext, structures, codes):
    """The teacher IDs of the STS services of ``codes`` in ``structures``, or None when there is
    no such service (T3); cached per (structures, codes)."""
    cache = ctx.sts_holders
    key = (id(structures), codes)
    if key not in cache:
        services = [s.services[c] for s in structures for c in codes if c in s.services]
        cache[key] = frozenset().union(*services) if services else None
    return cache[key]


def _where(division: str, structures) -> str:
    groups = [s.code for s in structures[1:]]
    text = f"la division « {division} »"
    if groups:
        text += " et ses groupes (" + ", ".join(f"« {g} »" for g in groups) + ")"
    return text


def _service_findings(ctx: CheckContext) -> tuple[list, list]:
    """The T3 and T4 findings, from one pass over the acquis (shared by both rules): per acquis,
    the services of its matière in the pupil's division and groups (cached per structures and
    discipline), then the teachers named (cached per ``enseignant-refs`` value and service)."""
    cached = ctx.sts_service_findings
    if cached is not None:
        return cached
    sts = ctx.refs[rec.STS]
    statuses = _statuses(ctx)
    doc = ctx.doc
    j = joins(ctx)
    t3: list = []
    t4: list = []
    holders_of: dict = {}   # (structures, discipline) → service holders, None (no service) or False
    named_ok: dict = {}     # (enseignant-refs value, holders) → a named known teacher holds the service?
    for _bilan, eleve, items in j.by_bilan:
        found = pupil_structures(ctx, eleve) if eleve is not None else None
        if found is None:
            continue  # T6 / S4
        division, structures, from_siecle = found
        for acquis, discipline in items:
            if discipline is None:
                continue
            key = (id(structures), discipline)
            holders = holders_of.get(key, holders_of)
            if holders is holders_of:
                codes = j.codes(discipline)
                holders = holders_of[key] = service_holders(ctx, structures, codes) if codes else False
            if holders is False:
                continue
            if holders is None:
                t3.append(_not_taught(sts, division, structures, from_siecle, acquis, discipline, j.codes(discipline)))
                continue
            value = acquis.get("enseignant-refs")
            ok_key = (value, holders)
            ok = named_ok.get(ok_key)
            if ok is None:
                named = [doc.ref(r, "enseignant") for r in refs(value)]
                known = {statuses[e][1].id for e in named
                         if e is not None and statuses.get(e, (None,))[0] in (OK, WRONG_TYPE)}
                ok = named_ok[ok_key] = bool(known & holders)
            if not ok:
                t4.append(_teacher_missing(doc, sts, division, structures, acquis, discipline, holders, value,
                                           statuses))
    cached = ctx.sts_service_findings = (t3, t4)
    return cached


def _not_taught(sts, division, structures, from_siecle, acquis, discipline, codes) -> Finding:
    text = (f"Aucun service STS-web de la discipline {discipline_name(discipline)} pour "
            f"{_where(division, structures)} : d'après STS-web, elle n'est pas enseignée à l'élève.")
    if from_siecle:
        others = [g for g in sts.groupes_of_division.get(division, ())
                  if any(c in sts.groupes[g].services for c in codes)]
        if others:
            text += (" Elle est enseignée au groupe " + ", ".join(f"« {g} »" for g in others)
                     + " de sa division, mais SIECLE n'y inscrit pas l'élève : vérifiez la "
                     "composition des groupes dans SIECLE.")
    return Finding(acquis, text, code="T3")


def _teacher_missing(doc, sts, division, structures, acquis, discipline, holders, value, statuses) -> Finding:
    named = [e for e in (doc.ref(r, "enseignant") for r in refs(value)) if e is not None]
    unknown = [e for e in named if statuses.get(e, (None,))[0] == UNKNOWN]
    cause = "T1" if unknown else None   # an unknown teacher explains it (causes.toml)
    if not holders:
        text = (f"Le service STS-web de la discipline {discipline_name(discipline)} pour "
                f"{_where(division, structures)} n'a aucun enseignant : complétez-le dans STS-web.")
        cause = None
    elif not named:
        text = (f"Aucun enseignant n'est indiqué pour la discipline {discipline_name(discipline)} ; dans "
                f"STS-web, ce service est assuré par {_individus_names(sts, holders)}.")
    elif same := _same_person(sts, unknown, holders):
        ident = same[1]
        same = same[0]
        # the file names the very teacher STS-web gives the service to, under another STS id: never
        # say "STS-web gives it to X" as if the file named someone else
        text = (f"{same} assure bien ce service de la discipline {discipline_name(discipline)} dans STS-web pour "
                f"{_where(division, structures)}, mais le fichier le désigne par l'identifiant STS "
                f"« {ident} », inconnu de STS-web (voir « Enseignant inconnu ») : corrigez son identifiant "
                "STS dans votre logiciel.")
    else:
        text = (f"Aucun des enseignants indiqués pour la discipline {discipline_name(discipline)} n'assure "
                f"ce service dans STS-web pour {_where(division, structures)} ; STS-web l'attribue à "
                f"{_individus_names(sts, holders)}.")
    return Finding(acquis, text, code="T4", cause=cause)


def _same_person(sts, enseignants, holders) -> tuple[str, str] | None:
    """(STS name of a service holder, the file's id-sts) when the holder has the name of one of
    ``enseignants`` (LSU teachers unknown to STS-web by their id), else None."""
    names = {((e.get("nom") or "").strip().upper(), (e.get("prenom") or "").strip().upper()):
             (e.get("id-sts") or "").strip() for e in enseignants}
    for ident in sorted(holders):
        ind = sts.individus.get(ident)
        key = (ind.nom.strip().upper(), ind.prenom.strip().upper()) if ind is not None else None
        if key in names:
            return ind.name, names[key]
    return None


@rule("T3", needs=("lsu", "sts"))
def discipline_is_taught_to_the_pupil(ctx: CheckContext):
    """T3 "Disciplines non enseignées": for each acquis, an STS ``SERVICE`` of that matière exists
    in the pupil's division or in one of the pupil's groups."""
    yield from _service_findings(ctx)[0]


@rule("T4", needs=("lsu", "sts"))
def a_teacher_of_the_service_is_named(ctx: CheckContext):
    """T4 "Enseignant manquant": for each acquis whose matière has an STS service for the pupil
    (T3 passes), at least one of ``enseignant-refs`` is a teacher STS knows (T1 passes) and holds
    that service."""
    yield from _service_findings(ctx)[1]


# ---- T5 ------------------------------------------------------------------------------------------
@rule("T5", needs=("lsu", "sts"))
def professeur_principal_is_declared_in_sts(ctx: CheckContext):
    """T5: each ``prof-princ-refs`` teacher is professeur principal of the pupil's division in
    STS-web (``PROFS_PRINC/PROF_PRINC/CODE_STRUCTURE``). Teachers STS does not know are T1's, and
    divisions it does not know S4/T6's."""
    sts = ctx.refs[rec.STS]
    statuses = _statuses(ctx)
    doc = ctx.doc
    j = joins(ctx)
    for bilan, eleve in j.eleve_of.items():
        if eleve is None:
            continue
        division = (eleve.get("code-division") or "").strip()
        if division not in sts.divisions:
            continue  # S4 / T6 say the division is unknown
        for ref in refs(bilan.get("prof-princ-refs")):
            enseignant = doc.ref(ref, "enseignant")
            if enseignant is None:
                continue
            status, individu = statuses.get(enseignant, (None, None))
            if individu is None or division in individu.profs_principaux:
                continue
            declared = ", ".join(f"« {d} »" for d in sorted(individu.profs_principaux))
            text = (f"{individu.name} figure comme professeur principal dans ce bilan, mais STS-web ne le déclare "
                    + (f"professeur principal que de {declared}" if declared else "professeur principal d'aucune division")
                    + f", pas de « {division} ».")
            yield Finding(bilan, text, context={"enseignant": doc.describe_enseignant(enseignant)})


# ---- T6 ------------------------------------------------------------------------------------------
@rule("T6", needs=("lsu", "sts"))
def division_exists_in_sts(ctx: CheckContext):
    """T6 "Classe non trouvée": ``code-division`` is an STS ``DIVISION/@CODE``. When the SIECLE
    élèves export is given too, a division missing from both is reported once, by S4."""
    sts = ctx.refs[rec.STS]
    siecle = ctx.refs.get(rec.SIECLE_ELEVES)
    j = joins(ctx)
    for bilan, eleve in j.eleve_of.items():
        if eleve is None:
            continue
        division = (eleve.get("code-division") or "").strip()
        if not division or division in sts.divisions:
            continue  # a missing code-division is F6's
        if siecle is not None and division not in siecle.divisions:
            continue  # S4
        text = f"La division « {division} » n'existe pas dans STS-web"
        text += " (elle existe dans SIECLE)." if siecle is not None else "."
        suggestions = near(division, sts.divisions)
        if suggestions:
            text += f" Division la plus proche : « {suggestions[0]} » (espaces ou majuscules différents)."
        yield Finding(bilan, text)


def _missing_division_cause(ctx: CheckContext, groupe) -> str | None:
    """T6 (or S4, when SIECLE lacks it too) when every pupil of an EPI/AP group is in a division
    STS-web does not have: the services of that division are missing with it (causes.toml)."""
    sts = ctx.refs[rec.STS]
    siecle = ctx.refs.get(rec.SIECLE_ELEVES)
    j = joins(ctx)
    divisions = {(j.eleve_of[b].get("code-division") or "").strip() for b in ctx.doc.bilans_of(groupe)
                 if j.eleve_of.get(b) is not None}
    divisions.discard("")
    if not divisions or divisions & set(sts.divisions):
        return None
    if siecle is not None and not divisions & set(siecle.divisions):
        return "S4"   # missing from both: S4 says it, not T6
    return "T6"


# ---- T7 ------------------------------------------------------------------------------------------
@rule("T7", needs=("lsu", "sts"))
def sts_file_matches_the_lsu_file(ctx: CheckContext):
    """T7: the STS-web export has the LSU file's UAI (UAJ/@CODE) and school year
    (ANNEE_SCOLAIRE/@ANNEE = millésime). An EDT publisher's file (APPLICATION_SOURCE) is not used
    as STS-web at all: C1 names it."""
    yield from header_mismatches(ctx, (rec.STS,), "T7")


# ---- T8 ------------------------------------------------------------------------------------------
@rule("T8", needs=("lsu", "sts"))
def epi_and_ap_teachers_hold_a_service_of_their_discipline(ctx: CheckContext):
    """T8: each EPI / AP ``enseignant-discipline`` pair (teacher, matière) is an STS service of that
    teacher, in any division or group."""
    sts = ctx.refs[rec.STS]
    nomenclature = ctx.refs.get(rec.NOMENCLATURE)
    statuses = _statuses(ctx)
    doc = ctx.doc
    for groupe in doc.epis_groupes + doc.acc_persos_groupes:
        for pair in groupe.iter(q("enseignant-discipline")):
            enseignant = doc.ref(pair.get("enseignant-ref"), "enseignant")
            discipline = doc.ref(pair.get("discipline-ref"), "discipline")
            if enseignant is None or discipline is None:
                continue  # F19 / B1
            codes = matiere_codes(discipline, nomenclature)
            status, individu = statuses.get(enseignant, (None, None))
            if individu is not None and any(c in sts.services_of.get(individu.id, ()) for c in codes):
                continue
            what = "l'EPI" if groupe.tag == q("epi-groupe") else "l'accompagnement personnalisé"
            intro = f"Dans {what} « {groupe.get('intitule') or groupe.get('id')} », "
            if status == AUTRE:
                text = intro + (f"l'enseignant de type « autre » associé à la discipline {discipline_name(discipline)} "
                                "n'a pas de service dans STS-web.")
            elif individu is None:
                text = intro + (f"l'enseignant associé à la discipline {discipline_name(discipline)} est inconnu "
                                "de STS-web.")
                yield Finding(pair, text, cause="T1" if status == UNKNOWN else None)
                continue
            else:
                taught = sorted(sts.services_of.get(individu.id, ()))
                labels = ", ".join(f"{sts.matieres.get(c) or c} ({c})" for c in taught) or "aucun"
                text = intro + (f"{individu.name} n'a aucun service de la discipline {discipline_name(discipline)} "
                                f"dans STS-web (ses services : {labels}).")
            yield Finding(pair, text, cause=_missing_division_cause(ctx, groupe))
