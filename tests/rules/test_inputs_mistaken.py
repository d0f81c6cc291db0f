"""Issue 10, « Done when »: each mistaken input a school makes, on the small generated collège
(tests/conftest.two_class_school: 3 A and 4 A, 2025-2026, UAI 0999001W), with its exact first
finding, its verdict, its counters and its ``not_run``.

The LSU file alone gets 33 bilans périodiques and 5 bilans de fin de cycle, all imported, and F28
(the version the LSU probably requires) as its first message; what a mistaken input adds must
never change that outcome unless the input itself is the file's fault.
"""
from __future__ import annotations

import dataclasses

import pytest

import lsucheck
from lsucheck.generator import references as gref

from ..conftest import NOW, check, two_class_school
from .test_inputs import NOT_RUN_ALONE, not_run_of

ELEVES = "ElevesSansAdresses.xml"
#: the LSU file alone, and with any reference file that is set aside: every bilan imported
ALL_IMPORTED = {"periodiques": {"traites": 33, "importes": 33, "succes": 33, "alertes": 0, "rejetes": 0},
                "cycle": {"traites": 5, "importes": 5, "succes": 5, "alertes": 0, "rejetes": 0}}
ALL_REJECTED = {"periodiques": {"traites": 33, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 33},
                "cycle": {"traites": 5, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 5}}
F28 = ("Votre logiciel a produit la version 10.0 ; le LSU de 2025-2026 n'accepte probablement que la 13.0 : le "
       "fichier entier risque d'être refusé. Mettez votre logiciel à jour, puis refaites l'export.")
WHERE_ELEVES = ("SIECLE, Base élèves établissement : Exploitation > Exports standard > Exports XML génériques > "
                "Élèves sans adresses (ExportXML_ElevesSansAdresses.zip)")


def _refs(school) -> list:
    """The four exports of ``school``, as a school drops them: élèves, Nomenclature, Communs, STS-web."""
    return [(data, name) for name, data in gref.reference_files(school).items()]


def first(report) -> tuple:
    m = report.messages[0]
    return m["code"], m["label"], m["level"], m["count"], m["occurrences"][0]["detail"]


def _assert_set_aside(report, why: str, sts_name: str):
    """All four exports set aside for ``why``; the outcome is the file's alone."""
    assert first(report) == (
        "C8", "Fichier de référence écarté", "ALERTE", 4,
        f"L'export SIECLE des élèves « {ELEVES} » n'est pas utilisé : {why}. Aucun contrôle croisé n'a été fait "
        f"avec lui et il ne change rien au rapport. Téléchargez l'export de l'année en cours pour cet "
        f"établissement ({WHERE_ELEVES}) et relancez la vérification.")
    assert (report.verdict, report.exit_code, report.counts) == ("succes", 0, ALL_IMPORTED)
    assert report.codes() == ["C8", "F28", "P1"]
    assert not_run_of(report) == NOT_RUN_ALONE
    assert {n.get("cause") for n in report.data["not_run"]} == {"C8"}
    not_run = {n["code"]: n["reason"] for n in report.data["not_run"]}
    assert not_run["S1"] == f"L'export SIECLE des élèves « {ELEVES} » a été écarté : {why}."
    assert not_run["T1"] == f"L'export STS-web « {sts_name} » a été écarté : {why}."
    assert [(r["name"], r["used"]) for r in report.data["references"]] == [
        (ELEVES, False), ("Nomenclature.xml", False), ("Communs.xml", False), (sts_name, False)]


def test_the_exports_of_another_school_are_set_aside_said_first_and_change_nothing():
    school = two_class_school()
    other = dataclasses.replace(school, uai="0999002X")
    report = check(school, references=_refs(other))
    _assert_set_aside(report, "il est celui de l'établissement 0999002X, alors que le fichier LSU est celui de "
                              "0999001W", "sts_emp_0999002X_2025.xml")


def test_last_years_exports_are_set_aside_said_first_and_change_nothing():
    report = check(two_class_school(), references=_refs(two_class_school(annee=2024)))
    _assert_set_aside(report, "il est de l'année scolaire 2024-2025, alors que les bilans du fichier LSU sont "
                              "de 2025-2026", "sts_emp_0999001W_2024.xml")


def test_a_typed_year_that_disagrees_with_the_millesimes_and_the_exports_is_said_first():
    """The exports and the millésimes are of 2025-2026, the year typed 2024-2025: C11 first (the year
    typed is used, and why), then the exports set aside against it (C8); the outcome is the file's
    checked for 2024-2025 alone. Without any export: tests/rules/test_inputs.py (C11)."""
    school = two_class_school()
    report = check(school, references=_refs(school), annee="2024-2025")
    alone = check(school, annee="2024-2025")
    code, label, level, count, detail = first(report)
    assert (code, label, level, count) == ("C11", "Année demandée différente des millésimes", "ALERTE", 1)
    assert detail == alone.details("C11")[0]
    assert detail.startswith("Vous avez demandé l'année scolaire 2024-2025, mais les bilans du fichier LSU sont "
                             "de 2025-2026 (le millésime de la plupart de ses périodes et bilans de fin de cycle). "
                             "Le fichier a été vérifié pour l'année demandée, 2024-2025, car ")
    assert report.codes()[:2] == ["C11", "C8"]
    assert report.details("C8")[0].startswith(f"L'export SIECLE des élèves « {ELEVES} » n'est pas utilisé : il est "
                                              "de l'année scolaire 2025-2026, alors que vous avez demandé 2024-2025.")
    assert (report.verdict, report.exit_code, report.counts) == ("rejete", 1, ALL_REJECTED)
    assert [c for c in report.codes() if c != "C8"] == alone.codes()
    assert not_run_of(report) == NOT_RUN_ALONE
    assert {n.get("cause") for n in report.data["not_run"]} == {"C8"}


@pytest.mark.parametrize("typed", ["vingt-cinq", "2025-2027", "25-27"])
def test_a_year_that_cannot_be_read_is_refused_with_a_sentence_never_ignored(typed):
    """No report at all (so no verdict, counters nor not_run): the page and the CLI refuse it the same
    way (tests/rules/test_set_aside_references.py, tests/unit/test_cli.py), and so does the library."""
    school = two_class_school()
    with pytest.raises(ValueError) as refused:
        check(school, annee=typed)
    assert str(refused.value) == (f"Année scolaire « {typed} » non reconnue : écrivez-la comme 2025-2026, "
                                  "2025/26, 25-26 ou 2025 (sa première année).")


def test_a_year_written_as_users_write_it_is_read_and_the_outcome_is_the_files():
    school = two_class_school()
    report = check(school, annee="25-26")
    assert (report.data["target_year"], report.data["year_source"]) == (2025, "option")
    assert first(report) == ("F28", "Version de schéma probablement refusée", "ALERTE", 1, F28)
    assert (report.verdict, report.counts, report.codes()) == ("succes", ALL_IMPORTED, ["F28", "P1"])
    assert not_run_of(report) == NOT_RUN_ALONE


def test_an_unknown_teacher_heads_its_consequences_which_name_it_and_never_contradict_the_data():
    school = two_class_school(faults=["T1"])
    (ens_id, true_id), = gref.overrides(school).sts_id.items()
    teacher = school.enseignant(ens_id)
    report = check(school, references=_refs(school))
    assert first(report) == ("F28", "Version de schéma probablement refusée", "ALERTE", 1, F28)
    assert report.codes() == ["F28", "T1", "T4", "T8", "P1"]   # the cause before its consequences
    t1 = report.message("T1")
    assert (t1["label"], t1["level"], t1["count"]) == ("Enseignant inconnu", "ALERTE", 1)
    assert report.details("T1") == [
        f"L'identifiant STS « {teacher.id_sts} » (type {teacher.type}) n'existe pas dans l'export STS-web. STS-web "
        f"connaît {teacher.nom.upper()} {teacher.prenom} (id STS {true_id}), type {teacher.type} : récupérez "
        "l'identifiant STS de cet enseignant dans votre logiciel."]
    for code in ("T4", "T8"):
        assert {o.get("cause") for o in report.message(code)["occurrences"]} == {"T1"}, code
    assert not any("l'attribue à" in d for d in report.details("T4"))
    assert all(f"(id STS {true_id}) assure bien ce service" in d for d in report.details("T4"))
    # the alerts are the LSU's: every bilan périodique of this teacher's classes is imported with an alert
    assert (report.verdict, report.exit_code) == ("alertes", 0)
    assert report.counts == {"periodiques": {"traites": 33, "importes": 33, "succes": 0, "alertes": 33, "rejetes": 0},
                             "cycle": {"traites": 5, "importes": 5, "succes": 5, "alertes": 0, "rejetes": 0}}
    assert report.data["not_run"] == []


def test_an_alert_on_a_shared_element_no_bilan_uses_is_said_hors_bilan_and_counts_no_alert():
    from lsucheck import render
    report = check(two_class_school(faults=["B13"]))
    assert first(report) == ("F28", "Version de schéma probablement refusée", "ALERTE", 1, F28)
    assert report.codes() == ["F28", "B13", "P1"]
    b13 = report.message("B13")
    assert (b13["label"], b13["level"], b13["count"]) == ("Éléments communs sans élève", "ALERTE", 1)
    assert report.details("B13") == ["Le commentaire de vie scolaire commun est rattaché à la classe « 3EME1 », "
                                     "qui n'est la classe d'aucun élève du fichier."]
    assert b13["occurrences"][0]["bilans"] == 0
    assert (report.verdict, report.data["verdict_label"], report.counts) == (
        "succes", "Import prévu avec succès", ALL_IMPORTED)
    assert not_run_of(report) == NOT_RUN_ALONE
    text = " ".join(render.text(report).split())
    assert ("⚠ Éléments communs sans élève (1) — Alerte hors bilan : aucun bilan n'est concerné (aucun bilan ne "
            "serait importé avec une alerte pour cela ; les compteurs n'en tiennent pas compte)") in text
    assert "le bilan serait importé avec une alerte" not in text
    assert "Les 38 bilans seraient importés sans alerte." in text


def test_a_reference_export_alone_is_named_as_such_never_as_a_report_of_an_lsu_file():
    files = gref.reference_files(two_class_school())
    (report,) = lsucheck.check_inputs([(files[ELEVES], ELEVES)], options=lsucheck.Options(now=NOW))
    sentence = ("Vous avez déposé un export SIECLE (élèves) ; ajoutez le fichier import_lsu_….xml exporté par "
                "votre logiciel.")
    assert report.data["missing_lsu"] == sentence
    m = report.messages[0]
    assert (m["code"], m["level"], m["count"], m["occurrences"][0]["detail"], m["fix"]) == (
        "F2", "FICHIER", 1, sentence, sentence)
    assert report.codes() == ["F2"]
    assert (report.verdict, report.exit_code) == ("illisible", 2)
    assert report.counts == {k: {"traites": 0, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 0}
                             for k in ("periodiques", "cycle")}
    assert report.data["not_run"] == []


def test_the_same_lsu_file_given_twice_is_checked_once_and_names_the_copy():
    school = two_class_school()
    data = school.lsu_xml()
    reports = lsucheck.check_inputs([(data, school.file_name), (data, "copie.xml")], options=lsucheck.Options(now=NOW))
    assert len(reports) == 1
    (report,) = reports
    assert first(report) == ("F28", "Version de schéma probablement refusée", "ALERTE", 1, F28)
    assert report.codes() == ["F28", "C9", "P1"]
    assert report.details("C9") == [
        f"Le fichier « copie.xml » est le même fichier que « {school.file_name} » (contenu identique) : il n'a été "
        "vérifié qu'une fois. Ne l'importez qu'une fois dans le LSU."]
    assert report.message("C9")["level"] == "CONSEIL"
    assert (report.verdict, report.exit_code, report.counts) == ("succes", 0, ALL_IMPORTED)
    assert not_run_of(report) == NOT_RUN_ALONE


def test_two_lsu_files_holding_the_same_bilans_each_name_the_bilans_they_share():
    school = two_class_school()
    part = school.copy()
    part.bilans_periodiques = part.bilans_periodiques[:2]
    part.bilans_cycle = []
    names = [f"{part.eleve(b.eleve_ref).nom} {part.eleve(b.eleve_ref).prenom}" for b in part.bilans_periodiques]
    reports = lsucheck.check_inputs([(school.lsu_xml(), "tout.xml"), (part.lsu_xml(), "partie.xml")],
                                    options=lsucheck.Options(now=NOW))
    sentence = (f"Les fichiers « tout.xml » et « partie.xml » contiennent les mêmes bilans (2 bilans : {names[0]}, "
                f"Trimestre 1 2025-2026 ; {names[1]}, Trimestre 1 2025-2026) : le LSU importerait le second "
                "par-dessus le premier. N'importez qu'un fichier par élève et par période, ou retirez ces bilans de "
                "l'un des deux.")
    counts = [ALL_IMPORTED, {"periodiques": {"traites": 2, "importes": 2, "succes": 2, "alertes": 0, "rejetes": 0},
                             "cycle": {"traites": 0, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 0}}]
    assert [r.data["file"]["name"] for r in reports] == ["tout.xml", "partie.xml"]
    for report, expected in zip(reports, counts):
        assert first(report) == ("F28", "Version de schéma probablement refusée", "ALERTE", 1, F28)
        assert report.codes() == ["F28", "C10", "P1"]
        assert report.details("C10") == [sentence]
        assert (report.verdict, report.exit_code, report.counts) == ("succes", 0, expected)
        assert not_run_of(report) == NOT_RUN_ALONE
