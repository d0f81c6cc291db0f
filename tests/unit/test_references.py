"""Reading the reference exports as schools download them (references.py, issue 6 item 1):
ISO-8859-15, dates in both forms, missing sections, the target year, damaged files, the report's
``references``. Zips: test_archives.py; the input checks C1–C7: tests/rules/test_inputs.py.

Inputs are written here or by ``lsucheck.generator.references``; nothing reads ../shared.
"""
from __future__ import annotations

from datetime import date, datetime

import lsucheck
from lsucheck import calendar, references
from lsucheck import recognise as rec
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
                kept, at = [], 0              # the matches drawn cut out in one pass (they never overlap)
                for m in sorted(rnd.sample(hits, min(len(hits), 25)), key=lambda m: m.start()):
                    kept.append(text[at:m.start()])
                    at = m.end()
                text = "".join(kept) + text[at:]
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
