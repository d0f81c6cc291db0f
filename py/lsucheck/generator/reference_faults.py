"""Planted referential faults (S, T, C codes): the School and the reference exports disagree
the way real schools' files do.

    school = generate_school(seed=3, faults=["S1", "T3"])
    school.expected       # what a checker given the four reference files must report
"""
from __future__ import annotations

from datetime import datetime, timedelta

from .dates import rentree
from .planting import Expected, _bilan, _eleve_text, _expected, _fresh, _where, registry
from .references import _fr, overrides
from .school import Acquis, Discipline, School

#: the plantings of this module: code -> planting function(school, **kw) -> Expected
REFERENCE_FAULTS, planting = registry()


# ---- planted referential faults -------------------------------------------------------------------
# Each planting changes the LSU side (the School) or the reference side (overrides), touches one
# pupil, teacher or division, and records every finding the change causes with the four reference
# files given (SIECLE élèves, Nomenclature, Communs, STS-web).

def _bilans_of(school: School, eleve_id: str) -> tuple[list, list]:
    return ([b for b in school.bilans_periodiques if b.eleve_ref == eleve_id],
            [b for b in school.bilans_cycle if b.eleve_ref == eleve_id])


def _new_number(taken, start: int) -> int:
    n = start
    while str(n) in taken or n in taken:
        n += 1
    return n


def _pupil_with_bilans(school: School, niveaux: str = "54", old_entry: bool = False):
    eleves = [e for e in school.eleves if e.niveau in niveaux and e.id not in school.planted_eleves
              and (not old_entry or e.date_entree < rentree(school.annee))]
    with_bilans = {b.eleve_ref for b in school.bilans_periodiques}
    eleves = [e for e in eleves if e.id in with_bilans]
    eleves = eleves[len(eleves) // 2:] + eleves[:len(eleves) // 2]
    return _fresh(school, eleves, eleve_of=lambda e: e.id)


@planting("S1")
def unknown_pupil_id(school: School) -> Expected:
    """The software exported a pupil with an ELEVE_ID SIECLE does not know (identifiers never fetched)."""
    e = _pupil_with_bilans(school)
    ov = overrides(school)
    ov.siecle_id[e.id] = e.id_be
    e.id_be = str(_new_number({x.id_be for x in school.eleves}, 9900001))
    periodiques, cycle = _bilans_of(school, e.id)
    n = len(periodiques) + len(cycle)
    return _expected("S1", n, f"{_eleve_text(e)} : id-be {e.id_be} inconnu de SIECLE",
                     {"eleve": _eleve_text(e), "division": e.division}, bilans=n)


@planting("S2")
def pupil_who_left(school: School) -> Expected:
    """SIECLE says the pupil left the day before the last bilan's date-scolarite."""
    e = _pupil_with_bilans(school)
    periodiques, cycle = _bilans_of(school, e.id)
    last = max(periodiques, key=lambda b: b.date_scolarite)
    e.date_sortie = last.date_scolarite - timedelta(days=1)
    n = sum(1 for b in periodiques if b.date_scolarite > e.date_sortie) + \
        sum(1 for b in cycle if b.date_creation > e.date_sortie)
    return _expected("S2", n, f"{_eleve_text(e)} : sorti le {_fr(e.date_sortie)} d'après SIECLE",
                     _where(school, last), bilans=n)


@planting("S3")
def date_before_the_rentree(school: School) -> Expected:
    """A bilan dated before the rentrée, for a pupil enrolled since an earlier year (S2 stays quiet)."""
    e = _pupil_with_bilans(school, niveaux="543", old_entry=True)
    periodiques, _ = _bilans_of(school, e.id)
    b = min(periodiques, key=lambda x: x.date_scolarite)
    b.date_scolarite = rentree(school.annee) - timedelta(days=3)
    return _expected("S3", 1, f"{_eleve_text(e)} : date de scolarité {_fr(b.date_scolarite)} avant la rentrée",
                     _where(school, b), bilans=1)


@planting("S4")
def division_renamed(school: School) -> Expected:
    """The software renamed a division ("5 A" → "5A"): neither SIECLE nor STS-web knows it."""
    candidates = [d for d in school.divisions if " " in d.code and d.code[:1] in "54"]
    division = candidates[len(candidates) // 2] if candidates else school.divisions[0]
    old, new = division.code, division.code.replace(" ", "")
    ov = overrides(school)
    for e in school.eleves:
        if e.division == old:
            ov.siecle_division[e.id] = old
            e.division = new
            school.planted_eleves.add(e.id)
    for commun in school.parcours_communs + school.vies_scolaires_communs:
        if commun.code_division == old:
            commun.code_division = new
    for c in school.competences_numeriques_communs:
        if c.code_structure == old:
            c.code_structure = new
    ids = {e.id for e in school.eleves if e.division == new}
    n = sum(1 for b in school.bilans_periodiques + school.bilans_cycle if b.eleve_ref in ids)
    return _expected("S4", n, f"division « {new} » (« {old} » dans SIECLE et STS-web)",
                     {"division": new}, bilans=n)


@planting("S5")
def pupil_in_another_division(school: School) -> Expected:
    """SIECLE has the pupil in another division of the same level (a class change)."""
    e = _pupil_with_bilans(school)
    others = [d.code for d in school.divisions if d.niveau == e.niveau and d.code != e.division]
    if not others:
        others = [d.code for d in school.divisions if d.code != e.division]
    overrides(school).siecle_division[e.id] = others[0]
    periodiques, cycle = _bilans_of(school, e.id)
    return _expected("S5", 1, f"{_eleve_text(e)} : en « {others[0]} » dans SIECLE",
                     {"eleve": _eleve_text(e), "division": e.division},
                     bilans=len(periodiques) + len(cycle))


def _extra_discipline(school: School, base: Discipline, code: str, modalite: str, libelle: str) -> Discipline:
    new = Discipline(f"DI_{code}_{modalite}_{len(school.disciplines)}", code, libelle, modalite, None, None,
                     base.libelle_court, base.libelle_long, base.code_gestion, base.niveaux,
                     base.in_nomenclature)
    school.disciplines.append(new)
    return new


@planting("S6")
def modalite_off_programme(school: School) -> Expected:
    """An acquis in a discipline whose modalité (X) the pupil's programme does not have."""
    b = _bilan(school)
    a = b.acquis[0]
    base = school.discipline(a.discipline_ref)
    new = _extra_discipline(school, base, base.code, "X", base.libelle)
    a.discipline_ref = new.id
    return _expected("S6", 1, f"{base.libelle} en modalité X, hors programme", _where(school, b, a), bilans=1)


@planting("S7")
def fictitious_code(school: School) -> Expected:
    """An acquis in a matière created outside SIECLE (code 999…, modalité X), taught by its teacher."""
    b = _bilan(school)
    base = school.discipline(b.acquis[0].discipline_ref)
    new = _extra_discipline(school, base, "999001", "X", "Atelier lecture")
    a = Acquis(new.id, list(b.acquis[0].enseignant_refs), [], moyenne_eleve=14.0,
               appreciation="Participation active à l'atelier, lectures régulières et partagées.")
    b.acquis.append(a)
    where = _where(school, b, a)
    school.expected.append(_expected("S6", 1, "code fictif hors programme", where, bilans=1))
    school.expected.append(_expected("T3", 1, "code fictif sans service STS-web", where, bilans=1))
    return _expected("S7", 1, "code matière 999001 inconnu de la Nomenclature", {"discipline": "Atelier lecture (999001)"},
                     bilans=1)


@planting("S8")
def option_not_followed(school: School) -> Expected:
    """An acquis in an option (modalité F) that SIECLE does not list among the pupil's options.
    The option is in the programme and taught by the pupil's teacher: only S8 fires."""
    b = _bilan(school)
    a0 = next((a for a in b.acquis if school.discipline(a.discipline_ref).code == "030201"), b.acquis[0])
    base = school.discipline(a0.discipline_ref)
    new = _extra_discipline(school, base, base.code, "F", f"{base.libelle} renforcé"[:40])
    a = Acquis(new.id, list(a0.enseignant_refs), [], moyenne_eleve=13.5,
               appreciation="Bon investissement dans l'option, travail régulier.")
    b.acquis.append(a)
    return _expected("S8", 1, f"option {base.code} F absente de SIECLE", _where(school, b, a), bilans=1)


@planting("S9")
def nomenclature_of_last_year(school: School) -> Expected:
    """The Nomenclature given is last year's: set aside (C8, issue 10), S9 no longer repeats it."""
    overrides(school).nomenclature_annee = school.annee - 1
    return _expected("C8", 1, f"Nomenclature de {school.annee - 1}-{school.annee}", {}, bilans=0)


@planting("S10")
def compulsory_enseignement_missing(school: School) -> Expected:
    """A 3e bilan without Arts plastiques (checked from 2025-2026 only)."""
    b = _bilan(school, niveau="3")
    a = next((x for x in b.acquis if school.discipline(x.discipline_ref).code == "090100"), b.acquis[-1])
    b.acquis.remove(a)
    count = 1 if school.annee >= 2025 else 0
    return _expected("S10", count, "3e sans Arts plastiques", _where(school, b), bilans=count)


def _teacher_in_use(school: School, exclude=()):
    """A teacher named in acquis of pupils no planting touched, not a professeur principal."""
    pps = {t for d in school.divisions for t in d.profs_principaux}
    used = {}
    for b in school.bilans_periodiques:
        if b.eleve_ref in school.planted_eleves:
            continue
        for a in b.acquis:
            for t in a.enseignant_refs:
                used[t] = used.get(t, 0) + 1
    taken = set(school.__dict__.setdefault("planted_enseignants", set()))
    candidates = [t for t in school.enseignants if t.id in used and t.id not in pps
                  and t.id not in taken and t.id not in exclude]
    t = candidates[len(candidates) // 2]
    school.__dict__["planted_enseignants"].add(t.id)
    return t


def _uses(school: School, ens_id: str) -> tuple[int, int, set]:
    """(acquis naming the teacher, EPI/AP pairs naming them, pupils concerned)."""
    acquis = 0
    pupils = set()
    for b in school.bilans_periodiques:
        for a in b.acquis:
            if ens_id in a.enseignant_refs:
                acquis += 1
                pupils.add(b.eleve_ref)
    pairs = sum(1 for g in school.epis_groupes + school.acc_persos_groupes
                for ed in g.enseignants_disciplines if ed.enseignant_ref == ens_id)
    return acquis, pairs, pupils


@planting("T1")
def unknown_teacher(school: School) -> Expected:
    """The software exported a teacher with an id-sts STS-web does not know. Every acquis and EPI/AP
    pair of theirs then lacks a known teacher (T4, T8)."""
    t = _teacher_in_use(school)
    ov = overrides(school)
    ov.sts_id[t.id] = t.id_sts
    t.id_sts = _new_number({e.id_sts for e in school.enseignants}, 880001)
    acquis, pairs, pupils = _uses(school, t.id)
    school.planted_eleves.update(pupils)
    name = f"{t.nom} {t.prenom}"
    if acquis:
        school.expected.append(_expected("T4", acquis, f"{name} inconnu : aucun enseignant connu", {}, bilans=None))
    if pairs:
        school.expected.append(_expected("T8", pairs, f"{name} inconnu de STS-web dans un EPI/AP", {}))
    return _expected("T1", 1, f"{name} : id-sts {t.id_sts} inconnu de STS-web", {"enseignant": name})


@planting("T2")
def teacher_of_another_type(school: School) -> Expected:
    """The file says « local », STS-web « epp »."""
    t = _teacher_in_use(school)
    overrides(school).sts_type[t.id] = "epp"
    t.type = "local"
    return _expected("T2", 1, f"{t.nom} {t.prenom} : local dans le fichier, epp dans STS-web",
                     {"enseignant": f"{t.nom} {t.prenom}"})


def _untouched_divisions(school: School) -> list:
    """Divisions none of whose pupils an earlier planting touched, from the middle of the school."""
    divisions = school.divisions[len(school.divisions) // 2:] + school.divisions[:len(school.divisions) // 2]
    dropped = overrides(school).sts_drop_divisions | {c for c, _m in overrides(school).sts_drop_services}
    out = [d for d in divisions if d.code not in dropped
           and not any(e.division == d.code and e.id in school.planted_eleves for e in school.eleves)]
    if not out:
        raise ValueError("toutes les divisions de ce collège portent déjà un défaut planté")
    return out


@planting("T3")
def service_missing_from_sts(school: School) -> Expected:
    """STS-web lacks a division's Technologie service (the teacher keeps other services)."""
    teaches: dict = {}
    for d in school.divisions:
        for s in d.services:
            for t in s.enseignant_ids:
                teaches.setdefault((t, s.code_matiere), []).append(d.code)
    found = [(d, s) for d in _untouched_divisions(school) for s in d.services if s.code_matiere == "070800"
             and any(len(teaches[(t, s.code_matiere)]) > 1 for t in s.enseignant_ids)]
    if not found:
        raise ValueError("ce collège n'a pas de professeur de technologie dans deux divisions")
    division, service = found[0]
    overrides(school).sts_drop_services.add((division.code, service.code_matiere))
    pupils = {e.id for e in school.eleves if e.division == division.code}
    school.planted_eleves.update(pupils)
    n = sum(1 for b in school.bilans_periodiques if b.eleve_ref in pupils
            for a in b.acquis if school.discipline(a.discipline_ref).code == service.code_matiere)
    return _expected("T3", n, f"pas de service Technologie pour « {division.code} » dans STS-web",
                     {"division": division.code}, bilans=n)


@planting("T4")
def teacher_who_does_not_hold_the_service(school: School) -> Expected:
    """An acquis names a teacher STS-web knows, but who teaches another matière."""
    b = _bilan(school)
    a = b.acquis[0]
    code = school.discipline(a.discipline_ref).code
    other = next(t for t in school.enseignants if code not in t.discipline_codes and t.type in ("epp", "local"))
    a.enseignant_refs = [other.id]
    return _expected("T4", 1, f"{other.nom} {other.prenom} n'assure pas le service {code}",
                     _where(school, b, a), bilans=1)


@planting("T5")
def professeur_principal_not_declared(school: School) -> Expected:
    """A bilan names as professeur principal a teacher STS-web does not declare so for the division."""
    b = _bilan(school)
    pps = {t for d in school.divisions for t in d.profs_principaux}
    other = next(t for t in school.enseignants if t.id not in pps)
    b.prof_princ_refs = [other.id]
    return _expected("T5", 1, f"{other.nom} {other.prenom} professeur principal non déclaré",
                     _where(school, b), bilans=1)


@planting("T6")
def division_missing_from_sts(school: School) -> Expected:
    """STS-web lacks a division SIECLE knows."""
    division = _untouched_divisions(school)[0]
    overrides(school).sts_drop_divisions.add(division.code)
    pupils = {e.id for e in school.eleves if e.division == division.code}
    school.planted_eleves.update(pupils)
    n = sum(1 for b in school.bilans_periodiques + school.bilans_cycle if b.eleve_ref in pupils)
    # EPI/AP pairs of teachers whose only services of that matière were in this division
    services = {}
    for d in school.divisions:
        if d.code == division.code:
            continue
        for s in d.services:
            for t in s.enseignant_ids:
                services.setdefault(t, set()).add(s.code_matiere)
    for g in school.groupes:
        for s in g.services:
            for t in s.enseignant_ids:
                services.setdefault(t, set()).add(s.code_matiere)
    pairs = sum(1 for g in school.epis_groupes + school.acc_persos_groupes for ed in g.enseignants_disciplines
                if school.discipline(ed.discipline_ref).code not in services.get(ed.enseignant_ref, set()))
    if pairs:
        school.expected.append(_expected("T8", pairs, f"services de « {division.code} » absents de STS-web", {}))
    return _expected("T6", n, f"division « {division.code} » absente de STS-web", {"division": division.code},
                     bilans=n)


@planting("T7")
def sts_of_last_year(school: School) -> Expected:
    """The STS-web file given is last year's: set aside (C8, issue 10), T7 no longer repeats it."""
    overrides(school).sts_annee = school.annee - 1
    return _expected("C8", 1, f"STS-web de {school.annee - 1}-{school.annee}", {}, bilans=0)


@planting("T8")
def epi_teacher_without_the_service(school: School) -> Expected:
    """An EPI pair names a teacher with the other discipline of the EPI."""
    groupes = [g for g in school.epis_groupes if len(g.enseignants_disciplines) >= 2]
    g = groupes[len(groupes) // 2]
    first, second = g.enseignants_disciplines[0], g.enseignants_disciplines[1]
    code = school.discipline(first.discipline_ref).code
    if code in school.enseignant(second.enseignant_ref).discipline_codes:
        raise ValueError("EPI à deux disciplines identiques")
    first.enseignant_ref = second.enseignant_ref
    return _expected("T8", 1, f"EPI « {g.intitule} » : enseignant sans service de {code}",
                     {"discipline": code})


@planting("C6")
def siecle_export_too_old(school: School) -> Expected:
    """The SIECLE élèves export predates the last period."""
    last = max(b.date_scolarite for b in school.bilans_periodiques)
    stamp = last - timedelta(days=20)
    overrides(school).siecle_export_at = datetime(stamp.year, stamp.month, stamp.day, 8, 0, 0)
    return _expected("C6", 1, f"export SIECLE du {_fr(stamp)}", {}, bilans=0)


#: the referential codes this module plants
CODES = ("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10",
         "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "C6")
