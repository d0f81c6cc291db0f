"""Checks against STS-web (FORMAT.md §6.4, T1–T8): one failing and one passing generated case per
check, exact French messages and counts, and the decisions FORMAT.md leaves open (teachers of
type dir and autre, code-national, group membership). Same generated collège as
test_siecle_rules.py (seed 7), checked with its own four reference files.
"""
from __future__ import annotations

import pytest

from lsucheck.generator import references as gref

from .test_siecle_rules import T_CODES, check, expected, only, referential, school_with


def teacher(school, ens_id):
    t = school.enseignant(ens_id)
    return t, f"{t.nom.upper()} {t.prenom}"


@pytest.mark.parametrize("code", T_CODES)
def test_each_t_check_passes_on_the_clean_collège(code):
    assert code not in check(school_with()).codes()


@pytest.mark.parametrize("code", T_CODES)
def test_each_planted_sts_fault_gives_exactly_the_findings_it_records(code):
    school = school_with(code)
    assert referential(check(school)) == expected(school)


# ---- T1, T2 -------------------------------------------------------------------------------------
def test_t1_a_teacher_sts_does_not_know_is_an_alert_and_leaves_their_acquis_without_teacher():
    school = school_with("T1")
    (ens_id, true_id), = gref.overrides(school).sts_id.items()
    t, sts_name = teacher(school, ens_id)
    report = check(school)
    message = only(report, "T1")
    assert (message["label"], message["level"], message["count"]) == ("Enseignant inconnu", "ALERTE", 1)
    assert report.details("T1") == [
        f"L'identifiant STS « {t.id_sts} » (type epp) n'existe pas dans l'export STS-web. STS-web connaît "
        f"{sts_name} (id STS {true_id}), type epp : récupérez l'identifiant STS de cet enseignant dans votre "
        "logiciel."]
    occurrence = message["occurrences"][0]
    assert occurrence["enseignant"] == f"{'M.' if t.civilite == 'M' else 'Mme'} {t.nom} {t.prenom} (id STS {t.id_sts})"
    assert occurrence["bilans"] == report.counts["periodiques"]["alertes"] > 0
    assert report.counts["periodiques"]["rejetes"] == 0


def test_t1_dir_is_matched_by_id_alone_and_autre_is_not_looked_up():
    school = school_with()
    t = school.enseignants[0]
    t.type = "dir"                     # STS-web knows them as epp, FONCTION ENS: T2, not T1
    school.enseignants[1].type = "autre"
    school.enseignants[1].id_sts = 99999
    report = check(school)
    assert "T1" not in report.codes()
    assert report.details("T2") == [
        f"L'enseignant est déclaré de type « dir » (direction) dans le fichier, mais STS-web le connaît comme epp "
        f"avec la fonction ENS (ID {t.id_sts}) : le LSU risque de ne pas le reconnaître. Donnez-lui le type de "
        "STS-web."]


def test_t1_says_when_the_id_sts_is_a_dummy_999_identifier():
    school = school_with()
    t = school.enseignants[2]
    gref.overrides(school).sts_id[t.id] = t.id_sts
    t.id_sts = 999999
    detail = check(school).details("T1")[0]
    assert detail.startswith("L'identifiant STS « 999999 » (type epp) n'existe pas dans l'export STS-web. C'est "
                             "un identifiant fictif, que certains logiciels donnent à un enseignant sans "
                             "identifiant STS.")


def test_t2_a_local_teacher_sts_knows_as_epp_is_named_once():
    school = school_with("T2")
    (ens_id, _), = gref.overrides(school).sts_type.items()
    t, _ = teacher(school, ens_id)
    report = check(school)
    assert report.details("T2") == [
        f"L'enseignant est déclaré de type « local » dans le fichier, mais STS-web le connaît avec le type "
        f"« epp » (ID {t.id_sts}) : le LSU risque de ne pas le reconnaître. Mettez à jour les enseignants depuis "
        "STS-web dans votre logiciel."]
    assert "T1" not in report.codes() and "T4" not in report.codes()   # found by ID: still their services


def test_t2_passes_for_a_dir_teacher_whose_sts_fonction_is_dir():
    school = school_with()
    files = gref.reference_files(school)
    name = next(n for n in files if n.startswith("sts_emp"))
    school.enseignants[0].type = "dir"     # the first INDIVIDU written: make them a director
    files[name] = files[name].replace(b"<FONCTION>ENS</FONCTION>", b"<FONCTION>DIR</FONCTION>", 1)
    assert "T2" not in check(school, files=files).codes()


# ---- T3, T4 ---------------------------------------------------------------------------------------
def test_t3_a_service_missing_from_sts_means_the_discipline_is_not_taught_to_the_division():
    school = school_with("T3")
    (division, _), = gref.overrides(school).sts_drop_services
    report = check(school)
    message = only(report, "T3")
    assert (message["label"], message["level"], message["count"]) == ("Disciplines non enseignées", "ALERTE", 27)
    group = next(g.code for g in school.groupes if division in g.divisions)
    assert set(report.details("T3")) == {
        f"Aucun service STS-web de la discipline « Technologie » (070800) pour la division « {division} » et ses "
        f"groupes (« {group} ») : d'après STS-web, elle n'est pas enseignée à l'élève."}
    assert message["occurrences"][0]["discipline"] == "Technologie (070800)"
    assert "T4" not in report.codes()   # no service: nothing to compare the teacher with


def test_t3_accepts_an_academic_code_whose_code_national_has_the_service():
    school = school_with()
    eps = school.discipline_by_code("100100")
    eps.code, eps.code_national = "100A00", "100100"
    report = check(school, kinds=("sts",))
    assert "T3" not in report.codes() and "T4" not in report.codes()


def test_t3_says_when_siecle_does_not_put_the_pupil_in_the_group_that_has_the_service():
    school = school_with()
    pupil = next(e for e in school.eleves if e.groupes)
    group = pupil.groupes[0]
    pupil.groupes = []                   # SIECLE: the groups were never imported for this pupil
    report = check(school)
    assert set(report.details("T3")) == {
        f"Aucun service STS-web de la discipline « Espagnol LV2 » (030602) pour la division « {pupil.division} » : "
        f"d'après STS-web, elle n'est pas enseignée à l'élève. Elle est enseignée au groupe « {group} » de sa "
        "division, mais SIECLE n'y inscrit pas l'élève : vérifiez la composition des groupes dans SIECLE."}


def test_t3_without_siecle_takes_every_sts_group_of_the_pupils_division():
    school = school_with()
    next(e for e in school.eleves if e.groupes).groupes = []
    assert "T3" not in check(school, kinds=("sts",)).codes()


def test_t4_an_acquis_whose_teacher_does_not_hold_the_service_names_who_does():
    school = school_with("T4")
    report = check(school)
    message = only(report, "T4")
    assert (message["label"], message["level"], message["count"]) == ("Enseignant manquant", "ALERTE", 1)
    detail = report.details("T4")[0]
    assert detail.startswith("Aucun des enseignants indiqués pour la discipline « Français » (020700) n'assure ce "
                             "service dans STS-web pour la division « ")
    assert " ; STS-web l'attribue à " in detail


def test_t4_passes_when_the_named_teacher_holds_the_service():
    assert "T4" not in check(school_with()).codes()


# ---- T5, T6, T7, T8 -------------------------------------------------------------------------------
def test_t5_a_professeur_principal_sts_does_not_declare_is_advice():
    report = check(school_with("T5"))
    detail, = report.details("T5")
    assert detail.endswith("figure comme professeur principal dans ce bilan, mais STS-web ne le déclare "
                           f"professeur principal d'aucune division, pas de « {only(report, 'T5')['occurrences'][0]['division']} ».")
    assert only(report, "T5")["level"] == "CONSEIL" and report.verdict == "succes"


def test_t6_a_division_sts_does_not_have_rejects_the_bilans():
    school = school_with("T6")
    division, = gref.overrides(school).sts_drop_divisions
    report = check(school)
    message = only(report, "T6")
    assert (message["label"], message["level"], message["count"]) == ("Classe non trouvée", "BILAN", 27)
    assert set(report.details("T6")) == {f"La division « {division} » n'existe pas dans STS-web (elle existe dans "
                                         "SIECLE)."}
    in_division = {e.id for e in school.eleves if e.division == division}
    assert report.counts["periodiques"]["rejetes"] == sum(
        1 for b in school.bilans_periodiques if b.eleve_ref in in_division)
    assert "S4" not in report.codes() and "T3" not in report.codes()


def test_t6_passes_when_the_division_is_an_sts_division():
    assert "T6" not in check(school_with(), kinds=("sts",)).codes()


def test_t7_an_sts_file_of_last_year_is_set_aside_by_c8_and_its_year_frame_is_not_used():
    # issue 10: the file is set aside (C8, first message) and T7 does not repeat it
    school = school_with("T7")
    report = check(school, kinds=("siecle_eleves", "sts"))
    assert "T7" not in report.codes() and report.codes()[0] == "C8"
    assert report.details("C8") == [
        "L'export STS-web « sts_emp_0999001W_2024.xml » n'est pas utilisé : il est de l'année scolaire 2024-2025, "
        "alors que les bilans du fichier LSU sont de 2025-2026. Aucun contrôle croisé n'a été fait avec lui et il "
        "ne change rien au rapport. Téléchargez l'export de l'année en cours pour cet établissement (STS-web : "
        "Mise à jour > Exports > Emplois du temps (sts_emp_<UAI>_<année>.xml)) et relancez la vérification."]
    assert "S3" not in report.codes()    # the 2024 frame would reject everything: 1 September instead


def test_t8_an_epi_teacher_without_a_service_of_their_discipline_is_an_alert_on_the_groups_pupils():
    school = school_with("T8")
    report = check(school)
    detail, = report.details("T8")
    assert detail.startswith("Dans l'EPI « ") and " n'a aucun service de la discipline « " in detail
    occurrence = only(report, "T8")["occurrences"][0]
    assert occurrence["enseignant"] and occurrence["discipline"]
    assert occurrence["bilans"] == report.counts["periodiques"]["alertes"] > 0


def test_t8_passes_when_every_epi_teacher_teaches_their_discipline():
    assert "T8" not in check(school_with()).codes()


def test_the_sts_checks_need_only_the_sts_file():
    school = school_with("T3", "T6")    # two plantings on two different divisions
    report = check(school, kinds=("sts",))
    assert not {n["code"] for n in report.data["not_run"]} & set(T_CODES)
    assert referential(report, "T") == expected(school)
    assert {c for c in expected(school)} >= {"T3", "T6"}


def test_t8_a_discipline_without_code_matiere_is_said_so_never_none():
    from .test_siecle_rules import check_edited
    report = check_edited(school_with(), lambda x: x.replace('<discipline id="DI_030602" code="030602"',
                                                             '<discipline id="DI_030602"'))
    assert report.details("T8") == [
        "Dans l'EPI « Voyage au cœur du monde hispanique (3 A) », JACQUET Élise (id STS 510584) n'a aucun service "
        "de la discipline « Espagnol LV2 » (sans code matière) dans STS-web (ses services : Espagnol LV2 (030602)).",
        "Dans l'EPI « Voyage au cœur du monde hispanique (3 B) », JACQUET Élise (id STS 510584) n'a aucun service "
        "de la discipline « Espagnol LV2 » (sans code matière) dans STS-web (ses services : Espagnol LV2 (030602))."]
