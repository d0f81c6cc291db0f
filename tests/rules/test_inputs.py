"""The sanity of the inputs (rules/inputs.py, FORMAT.md §6.5, C1–C7): files of the wrong kind, an
EDT publisher's file, headers, school years, names, stale exports. Inputs are written here or by
``lsucheck.generator.references``; nothing reads ../shared."""
from __future__ import annotations

from datetime import date, datetime

import lsucheck
from lsucheck import references
from lsucheck.generator import references as gref

from ..conftest import NOW
from .test_siecle_rules import check, school_with


# ---- C1 ------------------------------------------------------------------------------------------
def test_c1_an_edt_publishers_sts_file_is_not_used_and_the_sts_web_export_is_named():
    school = school_with()
    files = {"ElevesSansAdresses.xml": gref.siecle_eleves_xml(school),
             "sts_emp_0999001W_2025.xml": gref.sts_xml(school, application_source="EDT 2025 (Index Éducation)")}
    report = check(school, files=files)
    assert report.details("C1") == [
        "Le fichier « sts_emp_0999001W_2025.xml » n'est pas utilisé : il vient d'un logiciel d'emploi du temps "
        "(EDT 2025 (Index Éducation)), pas de STS-web (SACoche refuse aussi ce fichier). Exportez le fichier de "
        "STS-web : STS-web : Mise à jour > Exports > Emplois du temps (sts_emp_<UAI>_<année>.xml)."]
    assert {n["code"] for n in report.data["not_run"]} >= {f"T{i}" for i in range(1, 9)}
    assert [(r["kind"], r["used"]) for r in report.data["references"]] == [("siecle_eleves", True), ("edt", False)]


def test_c1_a_responsables_export_or_any_other_xml_is_named_and_a_second_eleves_export_ignored():
    school = school_with()
    eleves = gref.siecle_eleves_xml(school)
    files = {"ElevesSansAdresses.xml": eleves, "ElevesAvecAdresses.xml": eleves,
             "ResponsablesAvecAdresses.xml": b"<BEE_RESPONSABLES/>", "notes.xml": b"<classeur/>"}
    report = check(school, files=files, kinds=("siecle_eleves", "sts"))
    assert report.details("C1") == [
        "Deux fichiers de même nature ont été donnés (un export SIECLE (élèves)) : « ElevesSansAdresses.xml » est "
        "utilisé, « ElevesAvecAdresses.xml » est ignoré. Ne déposez que l'export le plus récent.",
        "Le fichier « ResponsablesAvecAdresses.xml » n'est pas utilisé : il contient les responsables des élèves, "
        "pas les élèves. Déposez l'export des élèves : SIECLE, Base élèves établissement : Exploitation > Exports "
        "standard > Exports XML génériques > Élèves sans adresses (ExportXML_ElevesSansAdresses.zip).",
        "Le fichier « notes.xml » n'est pas utilisé : ce n'est ni un export SIECLE (élèves, Nomenclature, Communs) "
        "ni un export STS-web (élément racine « classeur »)."]
    assert report.message("C1")["level"] == "CONSEIL" and report.verdict == "succes"


def test_c1_passes_when_every_file_is_a_known_export():
    assert "C1" not in check(school_with()).codes()


# ---- C2, C3, C4 ----------------------------------------------------------------------------------
def test_c2_an_export_without_school_or_year_in_its_header_cannot_be_matched():
    school = school_with()
    files = gref.reference_files(school)
    files["Communs.xml"] = files["Communs.xml"].replace(b"<UAJ>0999001W</UAJ>", b"").replace(
        b"<ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE>", b"")
    report = check(school, files=files)
    assert report.details("C2") == [
        "L'export SIECLE Communs « Communs.xml » n'indique pas l'établissement (UAI) ni l'année scolaire : lsucheck "
        "ne peut pas vérifier qu'il correspond au fichier LSU. Refaites l'export (SIECLE, Base élèves "
        "établissement : Exploitation > Exports standard > Exports XML génériques > Communs "
        "(ExportXML_Communs.zip))."]


def test_c2_passes_when_every_header_names_school_and_year():
    assert "C2" not in check(school_with()).codes()


def test_references_of_another_year_than_the_one_asked_for_are_set_aside_by_c8_not_c3():
    # issue 10: such a file is set aside (C8) and C3 no longer repeats it
    report = check(school_with(), kinds=("sts",), annee=2026)
    assert "C3" not in report.codes()
    assert report.details("C8")[0].startswith(
        "L'export STS-web « sts_emp_0999001W_2025.xml » n'est pas utilisé : il est de l'année scolaire "
        "2025-2026, alors que vous avez demandé 2026-2027.")
    assert (report.data["target_year"], report.data["year_source"]) == (2026, "option")


def test_c3_passes_when_the_year_asked_for_is_the_references_year():
    report = check(school_with(), annee="2025-2026")
    assert "C3" not in report.codes() and report.data["year_source"] == "option"


def test_c4_a_file_named_like_another_export_is_used_for_what_it_contains():
    school = school_with()
    files = {"Nomenclature.xml": gref.siecle_eleves_xml(school)}
    report = check(school, files=files, kinds=("nomenclature",))
    assert report.details("C4") == [
        "Le nom du fichier « Nomenclature.xml » annonce un export SIECLE Nomenclature, mais il contient un export "
        "SIECLE (élèves) : lsucheck l'utilise pour ce qu'il contient. Vérifiez que vous avez déposé le bon fichier."]
    assert report.data["references"][0]["kind"] == "siecle_eleves"
    assert "S1" not in {n["code"] for n in report.data["not_run"]}


def test_c4_passes_for_files_named_as_siecle_and_sts_name_them():
    assert "C4" not in check(school_with()).codes()


# ---- C5, C6, C7 ----------------------------------------------------------------------------------
def test_c5_a_pronote_file_name_stamped_outside_the_school_year_is_questioned():
    school = school_with()
    report = lsucheck.check(school.lsu_xml(), name="import_lsu_20240612153000.xml",
                            options=lsucheck.Options(now=NOW))
    assert report.details("C5") == ["Le nom du fichier indique un export du 12/06/2024, en dehors de l'année "
                                    "scolaire 2025-2026 vérifiée : est-ce le bon fichier ?"]


def test_c5_a_file_without_the_xml_extension_is_questioned_and_a_normal_name_passes():
    school = school_with()
    report = lsucheck.check(school.lsu_xml(), name="import_lsu.xml.txt", options=lsucheck.Options(now=NOW))
    assert report.details("C5")[0].startswith("Le fichier « import_lsu.xml.txt » n'a pas l'extension .xml")
    assert "C5" not in lsucheck.check(school.lsu_xml(), name=school.file_name,
                                      options=lsucheck.Options(now=NOW)).codes()


def test_c6_a_siecle_export_older_than_the_last_period_is_named():
    school = school_with("C6")
    stamp = gref.overrides(school).siecle_export_at
    report = check(school)
    assert report.details("C6") == [
        f"L'export SIECLE des élèves « ElevesSansAdresses.xml » date du {stamp:%d/%m/%Y}, avant la date de "
        "scolarité la plus récente du fichier LSU (01/03/2026) : un élève arrivé depuis cet export serait signalé "
        "à tort « Elève non scolarisé ». Refaites l'export (SIECLE, Base élèves établissement : Exploitation > "
        "Exports standard > Exports XML génériques > Élèves sans adresses (ExportXML_ElevesSansAdresses.zip))."]


def test_c6_passes_for_an_export_made_with_the_lsu_file():
    assert "C6" not in check(school_with()).codes()


def test_c7_privacy_is_a_property_never_a_finding_nor_a_check_not_run():
    school = school_with()
    for report in (check(school), lsucheck.check(school.lsu_xml(), options=lsucheck.Options(now=NOW))):
        assert "C7" not in report.codes()
        assert "C7" not in {n["code"] for n in report.data["not_run"]}
    assert "propriété du produit" in lsucheck.load_catalogue()["C7"].decision


