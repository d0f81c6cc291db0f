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




# ---- C11: a typed year that is not the year of the file's millésimes --------------------------------
#: what the LSU file alone does not check: every check that needs a SIECLE or STS-web export
NOT_RUN_ALONE = [("S1", ["siecle_eleves"]), ("S2", ["siecle_eleves"]), ("S3", ["references"]),
                 ("S4", ["siecle_eleves"]), ("S5", ["siecle_eleves"]), ("S6", ["siecle_eleves", "nomenclature"]),
                 ("S7", ["nomenclature"]), ("S8", ["siecle_eleves"]), ("S9", ["references"]),
                 ("S10", ["siecle_eleves", "nomenclature"])] + [(f"T{i}", ["sts"]) for i in range(1, 9)] + [
                 ("C2", ["references"]), ("C3", ["references"]), ("C6", ["siecle_eleves"]), ("P2", ["references"])]


def not_run_of(report) -> list:
    return [(n["code"], n["needs"]) for n in report.data["not_run"]]


def test_c11_a_typed_year_that_is_not_the_files_is_said_first_with_the_year_used_and_why():
    from ..conftest import check as check_file, two_class_school
    school = two_class_school()
    report = check_file(school, annee="2024-2025")
    first = report.messages[0]
    assert (first["code"], first["label"], first["level"], first["count"]) == (
        "C11", "Année demandée différente des millésimes", "ALERTE", 1)
    assert report.details("C11") == [
        "Vous avez demandé l'année scolaire 2024-2025, mais les bilans du fichier LSU sont de 2025-2026 (le "
        "millésime de la plupart de ses périodes et bilans de fin de cycle). Le fichier a été vérifié pour l'année "
        "demandée, 2024-2025, car le LSU n'importe que les bilans de l'année scolaire en cours : les périodes et "
        "bilans de fin de cycle du millésime 2025, et les dates de 2025-2026, sont donc signalés « Année scolaire "
        "incohérente ». Si les bilans de 2025-2026 sont les bons, demandez 2025-2026 (ou aucune année) et relancez "
        "la vérification ; sinon, exportez de votre logiciel les bilans de 2024-2025."]
    assert first["occurrences"][0]["bilans"] == 0
    # the typed year is used: every bilan of 2025-2026 is rejected (« Année scolaire incohérente »), as the
    # LSU of 2024-2025 would; C11 itself counts against no bilan
    assert (report.verdict, report.exit_code) == ("rejete", 1)
    assert report.counts == {"periodiques": {"traites": 33, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 33},
                             "cycle": {"traites": 5, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 5}}
    assert (report.data["target_year"], report.data["year_source"]) == (2024, "option")
    assert report.codes() == ["C11", "B6", "B7", "B17", "C5", "P1"]
    assert not_run_of(report) == NOT_RUN_ALONE
    assert report.data["not_run"][0]["reason"] == "Il faut l'export SIECLE des élèves (ElevesSansAdresses.xml)."
    # its consequences name it (data/catalogue/causes.toml): each B7 of the millésime 2025, each B6 of a 2025-2026 date
    assert {o.get("cause") for c in ("B6", "B7") for o in report.message(c)["occurrences"]} == {"C11"}
    assert report.message("B7")["count"] == 8 and report.message("B6")["count"] == 71
    # shown first on the page and in the text too, before the rejections it explains
    from lsucheck import render
    import re
    page = render.fragment(report)
    assert re.findall(r'<section class="msg-code" id="report-(\w+)"', page)[:2] == ["C11", "B6"]
    assert "<h3 id=\"report-inputs-title\">Année demandée et fichiers fournis : à revoir d'abord</h3>" in page
    text = render.text(report)
    assert text.index("[C11]") < text.index("[B6]")
    assert ("Et maintenant : corrigez d'abord l'année demandée si ce n'est pas la bonne (premier message), puis "
            "les erreurs") in " ".join(text.split())


def test_c11_only_the_consequences_of_the_typed_year_name_it():
    """A période of another millésime than the file's is « Année scolaire incohérente » whatever the
    year typed: it has no cause; a date outside both years neither."""
    from ..conftest import check as check_file, two_class_school
    data = two_class_school().lsu_xml()
    first = data.index(b'millesime="2025"')
    stray = data[:first] + b'millesime="2023"' + data[first + len(b'millesime="2025"'):]
    report = check_file(stray, name="import_lsu_20251215103000.xml", annee=2024)
    causes = [(o["detail"].startswith("La période a le millésime 2023"), o.get("cause"))
              for o in report.message("B7")["occurrences"]]
    assert (True, None) in causes and (False, "C11") in causes
    assert {c for stray_one, c in causes if stray_one} == {None}


def test_c11_passes_when_the_typed_year_is_the_files_or_no_year_is_typed():
    from ..conftest import check as check_file, two_class_school
    school = two_class_school()
    for annee in ("2025-2026", "25-26", 2025, None):
        report = check_file(school, annee=annee)
        assert "C11" not in report.codes() and "C11" not in {n["code"] for n in report.data["not_run"]}
        assert (report.verdict, report.data["target_year"]) == ("succes", 2025)
        assert all(o.get("cause") is None for m in report.messages for o in m["occurrences"])
