"""Reading the reference exports as schools download them (issue 6 item 1) and the sanity of the
inputs (FORMAT.md §6.5, C1–C7): ISO-8859-15 and zip inputs, a zip bomb, files of the wrong kind,
an EDT publisher's file, headers, school years, stale exports, the report's ``references``.

Inputs are written here or by ``lsucheck.generator.references``; nothing reads ../shared.
"""
from __future__ import annotations

import io
import struct
import zipfile
from datetime import date, datetime

import pytest

import lsucheck
from lsucheck import archives, calendar, references
from lsucheck import recognise as rec
from lsucheck.errors import HostileInputError, UnreadableError
from lsucheck.generator import references as gref
from lsucheck.parsing import Source, parse

from ..conftest import NOW
from ..rules.test_siecle_rules import check, referential, school_with

ELEVES = """<?xml version='1.0' encoding='ISO-8859-15'?>
<BEE_ELEVES VERSION="3.0">
  <PARAMETRES><UAJ>0999001W</UAJ><ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE>
    <DATE_EXPORT>12/01/2026</DATE_EXPORT><HORODATAGE>12/01/2026 08:05:09</HORODATAGE></PARAMETRES>
  <DONNEES>
    <ELEVES>
      <ELEVE ELEVE_ID="4100" ELENOET="1"><NOM_DE_FAMILLE>LEFÈVRE</NOM_DE_FAMILLE><PRENOM>Zoé</PRENOM>
        <DATE_ENTREE>02/09/2024</DATE_ENTREE><CODE_MEF>10110001110</CODE_MEF></ELEVE>
      <ELEVE ELEVE_ID="4101" ELENOET="2"><NOM_DE_FAMILLE>ŒUVRARD</NOM_DE_FAMILLE><PRENOM>Noël</PRENOM>
        <DATE_ENTREE>01/09/2025</DATE_ENTREE><DATE_SORTIE>15/12/2025</DATE_SORTIE><CODE_MEF>10110001110</CODE_MEF></ELEVE>
    </ELEVES>
    <OPTIONS><OPTION ELEVE_ID="4100"><OPTIONS_ELEVE><NUM_OPTION>1</NUM_OPTION>
      <CODE_MODALITE_ELECT>F</CODE_MODALITE_ELECT><CODE_MATIERE>020100</CODE_MATIERE></OPTIONS_ELEVE></OPTION></OPTIONS>
    <STRUCTURES>
      <STRUCTURES_ELEVE ELEVE_ID="4100"><STRUCTURE><CODE_STRUCTURE>5 B</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>
        <STRUCTURE><CODE_STRUCTURE>5LAT</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>
      <STRUCTURES_ELEVE ELEVE_ID="4101"><STRUCTURE><CODE_STRUCTURE>5 A</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>
    </STRUCTURES>
  </DONNEES>
</BEE_ELEVES>
""".encode("iso-8859-15")


def load(data: bytes, name: str):
    source = Source.from_bytes(data, name)
    tree = parse(source)
    kind = rec.recognise(tree.root).kind
    return kind, references.load(kind, tree, source)


# ---- reading -------------------------------------------------------------------------------------
def test_an_iso_8859_15_siecle_export_is_read_with_its_accents_dates_structures_and_options():
    assert "Œ".encode("iso-8859-15") in ELEVES      # a character ISO-8859-1 does not have
    kind, (model, meta) = load(ELEVES, "ElevesSansAdresses.xml")
    assert kind == rec.SIECLE_ELEVES
    zoe, noel = model.eleves["4100"], model.eleves["4101"]
    assert (zoe.nom, zoe.prenom, zoe.date_entree, zoe.date_sortie) == ("LEFÈVRE", "Zoé", date(2024, 9, 2), None)
    assert (noel.nom, noel.prenom, noel.date_sortie) == ("ŒUVRARD", "Noël", date(2025, 12, 15))
    assert (zoe.code_mef, zoe.division, zoe.groupes, zoe.options) == ("10110001110", "5 B", {"5LAT"}, {("020100", "F")})
    assert (model.divisions, model.groupes) == ({"5 A", "5 B"}, {"5LAT"})
    assert meta == {"kind": "siecle_eleves", "kind_label": "un export SIECLE (élèves)",
                    "name": "ElevesSansAdresses.xml", "uai": "0999001W", "annee": 2025,
                    "school_year": "2025-2026", "date_export": "2026-01-12T08:05:09",
                    "encoding": "ISO-8859-15", "used": True, "summary": "2 élèves, 2 divisions, 1 groupe"}


def test_the_nomenclature_communs_and_sts_models_index_what_the_checks_join_on():
    school = school_with()
    files = gref.reference_files(school)
    _, (nom, _) = load(files["Nomenclature.xml"], "Nomenclature.xml")
    assert nom.mefs["10310019110"].label == "3ème"
    assert nom.matieres["020700"].libelle == "Français"
    assert nom.programmes["10010012110"][("020700", "S")] == 3.0
    assert nom.modalites["X"] == "MESURE SPECIFIQUE"
    _, (communs, meta) = load(files["Communs.xml"], "Communs.xml")
    assert (communs.date_debut, communs.date_fin) == (date(2025, 9, 1), date(2026, 7, 4))
    assert meta["summary"] == "année des élèves du 01/09/2025 au 04/07/2026"
    _, (sts, meta) = load(files["sts_emp_0999001W_2025.xml"], "sts_emp_0999001W_2025.xml")
    teacher = school.enseignants[0]
    individu = sts.individus[str(teacher.id_sts)]
    assert (individu.type, individu.nom, individu.fonction) == ("epp", teacher.nom.upper(), "ENS")
    division = school.divisions[0]
    assert sts.divisions[division.code].mefs == {division.mef}
    assert sts.divisions[division.code].services["020700"] == {
        str(school.enseignant(s.enseignant_ids[0]).id_sts) for s in division.services if s.code_matiere == "020700"}
    assert sts.groupes_of_division["5 A"] == ["5ESP1"]
    assert (sts.header.uai, sts.header.annee, sts.date_debut) == ("0999001W", 2025, date(2025, 9, 1))
    assert meta["summary"] == f"{len(school.enseignants) + 1} personnels, 8 divisions, 3 groupes"


def test_dates_are_read_in_both_siecle_and_sts_forms_and_nonsense_is_none():
    assert calendar.parse_date("01/09/2025") == calendar.parse_date("2025-09-01") == date(2025, 9, 1)
    assert calendar.parse_date("31/02/2025") is None and calendar.parse_date("") is None
    assert calendar.parse_datetime("12/01/2026 08:05:09") == datetime(2026, 1, 12, 8, 5, 9)


def test_a_reference_file_missing_its_sections_gives_an_empty_model_not_an_error():
    _, (model, meta) = load(b"<BEE_ELEVES/>", "ElevesSansAdresses.xml")
    assert model.eleves == {} and meta["uai"] is None and meta["annee"] is None


# ---- zip -----------------------------------------------------------------------------------------
def test_a_zipped_siecle_export_is_expanded_and_recognised_by_its_content():
    school = school_with("S2")
    files = gref.reference_files(school)
    zipped = gref.zipped("ElevesSansAdresses.xml", files.pop("ElevesSansAdresses.xml"))
    files["ExportXML_ElevesSansAdresses.zip"] = zipped
    report = check(school, files=files)
    refs = {r["name"]: r for r in report.data["references"]}
    assert refs["ExportXML_ElevesSansAdresses.zip › ElevesSansAdresses.xml"]["kind"] == "siecle_eleves"
    assert referential(report) == {"S2": 1}


def _bomb(size_mb: int) -> bytes:
    buffer = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("ElevesSansAdresses.xml", "w", force_zip64=True) as member:
            for _ in range(size_mb):
                member.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_decompressed_with_a_clear_message():
    bomb = _bomb(300)
    assert len(bomb) < 1024 * 1024               # 300 Mo of zeros fit in less than 1 Mo
    with pytest.raises(HostileInputError) as refused:
        archives.expand("ExportXML_ElevesSansAdresses.zip", bomb)
    assert refused.value.message.startswith(
        "Archive refusée : « ElevesSansAdresses.xml » se décompresserait en 300 Mo (taux de compression ")
    assert refused.value.message.endswith(":1), ce qui ressemble à une « bombe de décompression ».")
    school = school_with()
    report = lsucheck.check_inputs([(school.lsu_xml(), school.file_name), (bomb, "ExportXML_ElevesSansAdresses.zip")],
                                   options=lsucheck.Options(now=NOW))
    assert len(report) == 1                      # named in the LSU file's report, not a report of its own
    detail, = report[0].details("C4")
    assert detail.startswith("Le fichier de référence « ExportXML_ElevesSansAdresses.zip » n'a pas pu être lu : "
                             "Archive refusée : « ElevesSansAdresses.xml » se décompresserait en 300 Mo")
    assert report[0].data["references"][0]["error"].startswith("Archive refusée")
    assert {n["code"] for n in report[0].data["not_run"]} >= {"S1", "T1"}


def test_a_zip_whose_headers_lie_about_sizes_is_refused_as_damaged_not_a_traceback():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Nomenclature.xml", b"<BEE_NOMENCLATURES>" + b"<x/>" * 20000 + b"</BEE_NOMENCLATURES>")
    data = bytearray(buffer.getvalue())
    struct.pack_into("<I", data, data.find(b"PK\x03\x04") + 22, 100)     # local header: 100 bytes
    struct.pack_into("<I", data, data.find(b"PK\x01\x02") + 24, 100)     # central directory too
    with pytest.raises(UnreadableError) as refused:
        archives.expand("ExportXML_Nomenclature.zip", bytes(data))
    assert refused.value.message == ("L'archive « ExportXML_Nomenclature.zip » est endommagée : "
                                     "« Nomenclature.xml » ne se décompresse pas correctement.")


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


# ---- the target year -------------------------------------------------------------------------------
def test_the_references_school_year_becomes_the_target_year_unless_one_is_given():
    school = school_with("S9")                  # Nomenclature of 2024 given first: the élèves' year wins
    files = gref.reference_files(school)
    files = {"Nomenclature.xml": files["Nomenclature.xml"], "ElevesSansAdresses.xml": files["ElevesSansAdresses.xml"]}
    report = check(school, files=files)
    assert (report.data["target_year"], report.data["year_source"]) == (2025, "references")
    report = check(school, files=files, annee=2025)
    assert report.data["year_source"] == "option"


def test_an_unreadable_reference_that_is_not_an_archive_keeps_its_own_report():
    school = school_with()
    reports = lsucheck.check_inputs([(school.lsu_xml(), school.file_name), (b"<BEE_ELEVES>", "ElevesSansAdresses.xml")],
                                    options=lsucheck.Options(now=NOW))
    assert [r.verdict for r in reports] == ["succes", "illisible"]


def test_the_library_takes_references_as_paths_bytes_or_named_bytes():
    school = school_with("T6")
    files = gref.reference_files(school)
    report = lsucheck.check(school.lsu_xml(), name=school.file_name,
                            references=[(data, name) for name, data in files.items()],
                            options=lsucheck.Options(now=NOW))
    assert [r["name"] for r in report.data["references"]] == list(files)
    assert referential(report)["T6"] == 27
    anonymous = lsucheck.check(school.lsu_xml(), references=list(files.values()), options=lsucheck.Options(now=NOW))
    assert referential(anonymous)["T6"] == 27


def test_damaged_files_never_take_a_referential_check_down():
    """Elements and attributes removed at random from the LSU file and the four exports: the S/T/C
    checks skip what they cannot read (the F checks report the file), never "erreur interne"."""
    import random
    import re as re_mod
    school = school_with()
    rnd = random.Random(6)
    lsu = school.lsu_xml().decode("utf-8")
    files = {n: d.decode("iso-8859-15") if n != gref.sts_file_name(school) else d.decode("utf-8")
             for n, d in gref.reference_files(school).items()}
    attribute = re_mod.compile(r' [\w-]+="[^"]*"')
    leaf = re_mod.compile(r"<(\w+)>[^<]*</\1>")
    for _round in range(12):
        def damage(text):
            head, _, text = text.partition("\n")     # keep the XML declaration
            for pattern in (attribute, leaf):
                hits = list(pattern.finditer(text))
                for m in sorted(rnd.sample(hits, min(len(hits), 25)), key=lambda m: -m.start()):
                    text = text[:m.start()] + text[m.end():]
            return head + "\n" + text
        damaged = {n: damage(t).encode("iso-8859-15" if n != gref.sts_file_name(school) else "utf-8",
                                      errors="xmlcharrefreplace") for n, t in files.items()}
        report = lsucheck.check(damage(lsu).encode("utf-8"), name=school.file_name,
                                references=[(d, n) for n, d in damaged.items()], options=lsucheck.Options(now=NOW))
        assert report.verdict != "illisible"
        assert len(report.data["references"]) == 4
        internal = [n for n in report.data["not_run"] if "erreur interne" in n["reason"]]
        assert internal == [], internal


def test_an_lsu_file_in_the_wrong_namespace_beside_another_keeps_its_own_report():
    school = school_with()
    broken = school.lsu_xml().replace(b'xmlns="urn:fr:edu:scolarite:lsun:bilans:import"', b"", 1)
    reports = lsucheck.check_inputs([(school.lsu_xml(), school.file_name), (broken, "import_lsu_copie.xml")],
                                    options=lsucheck.Options(now=NOW))
    assert [r.verdict for r in reports] == ["succes", "illisible"]
    assert "C1" not in reports[0].codes()


def test_a_school_year_or_dates_in_other_unicode_digits_are_not_read_and_nothing_crashes():
    from lsucheck.model import ascii_int
    assert [ascii_int(v) for v in ("2025", " 2025 ", "²025", "٢٠٢٥", "", None, "-1")] == [2025, 2025, None, None,
                                                                                       None, None, None]
    assert calendar.parse_date("٠٢/٠٩/٢٠٢٤") is None and calendar.parse_date("02/09/2024") == date(2024, 9, 2)
    text = ELEVES.decode("iso-8859-15")
    odd = text.replace("<ANNEE_SCOLAIRE>2025", "<ANNEE_SCOLAIRE>²025")
    _kind, (_model, meta) = load(odd.encode("iso-8859-15"), "ElevesSansAdresses.xml")
    assert meta["annee"] is None
    arabic = text.replace("<DATE_ENTREE>02/09/2024", "<DATE_ENTREE>٠٢/٠٩/٢٠٢٤").replace("ISO-8859-15", "UTF-8")
    _kind, (model, _meta) = load(arabic.encode("utf-8"), "ElevesSansAdresses.xml")
    assert model is not None
