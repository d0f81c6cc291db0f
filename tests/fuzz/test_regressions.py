"""Each fault the fuzz campaign found, kept as a named fixture (tests/fixtures/fuzz/, written by
make_fixtures.py): the report it gives now, exactly, and what the campaign checks on every case
(JSON Schema, invariants, renderings, French only). No timed assertion: the CPU times in the
comments were measured before the fixes (python3 -m tests.fuzz and tests/benchmark/bench.py
measure them now)."""
from __future__ import annotations

import gzip
import json
import pathlib

import pytest

import lsucheck
from lsucheck import render

from .campaign import invariants, non_french, schema_validator

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "fuzz"
BASE = FIXTURES.parent / "valid" / "college_propre_2025.xml"
LIMIT_END = (" Aucun export de SIECLE, de STS-web ou d'un logiciel de vie scolaire n'en a autant : le fichier "
             "a été produit ou modifié par un autre programme.")


def load(name: str) -> bytes:
    data = (FIXTURES / name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


def clean(reports) -> None:
    """What the campaign asks of every report."""
    validator = schema_validator()
    for r in reports:
        assert [e.message for e in validator.iter_errors(r.data)] == []
        assert invariants(r.data) == []
        assert non_french(r.data) == []
    for fn in (render.text, render.csv, render.standalone):
        fn(reports).encode("utf-8")
    json.dumps([r.data for r in reports], ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("name, detail", [
    ("enseignant_refs_1500_ids.xml.gz",
     "Le fichier ne peut pas être lu : l'élément « acquis » (ligne 72, colonne 11) cite 1\u202f500 identifiants "
     "dans son attribut « enseignant-refs », plus que la limite de 1\u202f000."),
    ("attribut_200000_caracteres.xml.gz",
     "Le fichier ne peut pas être lu : l'élément « eleve » (ligne 16, colonne 7) a un attribut « nom » de "
     "200\u202f006 caractères, plus que la limite de 10\u202f000."),
    ("element_20000_attributs.xml.gz",
     "Le fichier ne peut pas être lu : l'élément « eleve » (ligne 16, colonne 7) a 20\u202f005 attributs, plus "
     "que la limite de 100."),
    ("profondeur_100000.xml.gz",
     "Le fichier ne peut pas être lu : l'élément « x » (ligne 5, colonne 305) est imbriqué dans plus de 100 "
     "éléments les uns dans les autres."),
    ("eleves_vides_600000.xml.gz",
     "Le fichier ne peut pas être lu : l'élément « eleves » (ligne 15) contient 600\u202f003 éléments, plus que "
     "la limite de 500\u202f000."),
    ("texte_2000000_caracteres.xml.gz",
     "Le fichier ne peut pas être lu : le fichier (ligne 6, colonne 14) contient un texte de plus de "
     "1\u202f000\u202f000 caractères."),
])
def test_a_file_beyond_a_limit_no_export_approaches_is_illisible_and_says_which_and_where(name, detail):
    report = lsucheck.check(load(name), name=name.removesuffix(".gz"))
    assert report.verdict == "illisible"
    assert report.codes() == ["F1"]
    assert report.details("F1") == [detail + LIMIT_END]
    assert report.message("F1")["fix"] == "Refaites l'export depuis votre logiciel, sans ouvrir ni modifier le fichier."
    clean([report])


def test_200000_empty_pupils_give_one_grouped_message_with_its_count_and_a_sample():
    # before: 600,002 messages, 17 s of CPU, 1.8 GB of memory and a 232 MB JSON report
    report = lsucheck.check(load("eleves_vides_200000.xml.gz"), name="eleves_vides_200000.xml")
    f6 = report.message("F6")
    assert (f6["count"], len(f6["occurrences"]), f6["omitted"]) == (600_000, 10_000, 590_000)
    assert f6["occurrences"][0]["detail"] == "Il manque l'attribut obligatoire « id » (identifiant) sur l'élève."
    # the positions among 200,000 siblings (model.py keeps them in two arrays beyond 5,000)
    assert [f6["occurrences"][i]["path"] for i in (0, 3, 9_999)] == [
        "/lsun-bilans/donnees/eleves/eleve[1]", "/lsun-bilans/donnees/eleves/eleve[2]",
        "/lsun-bilans/donnees/eleves/eleve[3334]"]
    assert report.verdict == "rejete"
    assert report.counts["periodiques"]["rejetes"] == report.counts["periodiques"]["traites"] > 0
    assert len(report.to_json()) < 5_000_000   # a few MB, whatever the file (issue 16 item 5)
    clean([report])


def test_300_acquis_citing_1000_unknown_teachers_each_are_all_counted():
    # the teachers of an acquis were described once per finding: quadratic in the list's length
    report = lsucheck.check(load("acquis_300_fois_1000_enseignants_inconnus.xml.gz"), name="acquis.xml")
    f19 = report.message("F19")
    assert (f19["count"], len(f19["occurrences"]), f19["omitted"]) == (300_000, 10_000, 290_000)
    assert f19["occurrences"][0]["detail"] == (
        "L'attribut « enseignant-refs » (enseignants) des acquis en Français (020700) du bilan "
        'périodique de MARTIN Léa (6 A, 1er trimestre) renvoie à « X0 », qui ne correspond à aucun '
        "identifiant du fichier : il faut l'identifiant (id) d'un <enseignant> déclaré dans le fichier.")
    assert report.message("F25")["count"] == 300
    clean([report])


def test_an_archive_holding_only_a_folder_is_a_reference_of_no_kind_in_a_valid_report():
    # the report's references[].kind and kind_label were None: 603 JSON Schema failures
    reports = lsucheck.check_inputs([(BASE.read_bytes(), "import_lsu_20251215093000.xml"),
                                     (load("archive_dossier_seul.zip"), "ExportXML_ElevesSansAdresses.zip")])
    assert len(reports) == 1
    ref = reports[0].data["references"][0]
    assert (ref["kind"], ref["kind_label"], ref["used"]) == (None, "Fichier illisible", False)
    assert ref["error"] == "L'archive « ExportXML_ElevesSansAdresses.zip » ne contient aucun fichier XML."
    clean(reports)


def test_an_archive_of_10000_members_is_refused_with_the_count_written_in_french():
    import random

    from .mutators import zip_case
    data = zip_case("members_10000", random.Random(1), b"<a/>", b"<a/>")
    reports = lsucheck.check_inputs([(BASE.read_bytes(), "import_lsu_20251215093000.xml"),
                                     (data, "ExportXML_ElevesSansAdresses.zip")])
    ref = reports[0].data["references"][0]
    assert ref["error"] == ("L'archive « ExportXML_ElevesSansAdresses.zip » contient 10\u202f000 fichiers : c'est "
                            "trop pour un export SIECLE ou STS-web.")
    clean(reports)


def test_a_bilan_de_cycle_without_its_cycle_is_said_so_not_shown_as_a_question_mark():
    # « Fin de cycle ? 2025-2026 » in the période column
    report = lsucheck.check(FIXTURES / "bilan_cycle_sans_cycle.xml")
    f6 = report.message("F6")
    assert [(o["periode"], o["detail"]) for o in f6["occurrences"]] == [
        ("Fin de cycle (cycle non indiqué) 2025-2026", "Il manque l'attribut obligatoire « cycle » sur "
                                                       'le bilan de fin de cycle de MARTIN Léa (6 A).')]
    clean([report])


def test_millesimes_99999_decide_no_target_year_and_no_check_stops_on_them():
    # « Contrôle interrompu par une erreur interne de lsucheck (ValueError) » for B6 and C5
    report = lsucheck.check(FIXTURES / "millesime_99999.xml", name="import_lsu_20251215093000.xml")
    assert report.data["target_year"] is None
    assert [n for n in report.data["not_run"] if "erreur interne" in n["reason"]] == []
    assert "F17" in report.codes()
    clean([report])


def test_an_empty_pupil_is_described_as_having_no_name_and_no_identifier():
    report = lsucheck.check(load("eleves_vides_200000.xml.gz"), name="eleves_vides_200000.xml")
    assert report.message("F6")["occurrences"][0]["eleve"] == "élève sans nom ni identifiant"


# ---------------------------------------------------------------------------------------------
# Repeats beyond the report's MAX_OCCURRENCES are counted by the structural validator, not worded
# (xsd.fast.RepeatFinding): the report must be the one that wording every problem gives.
def _repeats(version: str) -> bytes:
    data = BASE.read_bytes().replace(b'schemaVersion="10.0"', f'schemaVersion="{version}"'.encode(), 1)
    data = data.replace(b"<eleves>", b"<eleves>" + b"<eleve/>" * 40, 1)
    # F7 twice and F6 once on each of the 9 acquis of the 3 bilans: the missing « discipline-ref »
    # comes after the cap of its reason, from its first (worded for its code, then counted)
    return data.replace(b"<acquis discipline-ref=", b'<acquis x="1" dref=')


def _shape(report) -> list:
    return [(m["code"], m["level"], m["count"], [o["detail"] for o in m["occurrences"]]) for m in report.messages]


@pytest.mark.parametrize("version", ["10.0", "11.0"])   # 11.0: validated on a copy of the tree (adjusted)
def test_repeats_beyond_the_cap_give_the_report_that_wording_each_of_them_gives(monkeypatch, version):
    from lsucheck import report as report_mod
    from lsucheck.xsd import fast
    monkeypatch.setattr(report_mod, "MAX_OCCURRENCES", 10**9)
    whole = lsucheck.check(_repeats(version), name="import_lsu_20251215093000.xml")
    assert not any(isinstance(f, fast.RepeatFinding) for f in fast.iter_findings(parse_tree(_repeats(version))))
    monkeypatch.setattr(report_mod, "MAX_OCCURRENCES", 5)
    capped = lsucheck.check(_repeats(version), name="import_lsu_20251215093000.xml")
    assert any(isinstance(f, fast.RepeatFinding) for f in fast.iter_findings(parse_tree(_repeats(version))))
    f6, f7 = whole.message("F6"), whole.message("F7")
    assert (f6["count"], f7["count"]) == (129, 18)
    assert _shape(capped) == [(code, level, count, details[:5]) for code, level, count, details in _shape(whole)]
    assert capped.message("F6")["omitted"] == 124 and capped.message("F7")["omitted"] == 13
    assert (capped.verdict, capped.counts) == (whole.verdict, whole.counts)
    clean([capped])


@pytest.mark.parametrize("version", ["10.0", "11.0"])
def test_repeats_beyond_the_cap_still_count_against_each_of_their_bilans(monkeypatch, version):
    # F7 made a BILAN finding: the 9 acquis reject their 3 bilans, the second one only through
    # the repeats (the 2 findings listed are in the first bilan, the repeat's own in the third)
    from lsucheck import report as report_mod
    from lsucheck.engine import Options
    monkeypatch.setattr(report_mod, "MAX_OCCURRENCES", 2)
    data = BASE.read_bytes().replace(b'schemaVersion="10.0"', f'schemaVersion="{version}"'.encode(), 1)
    report = lsucheck.check(data.replace(b"<acquis ", b'<acquis x="1" '), name="import_lsu_20251215093000.xml",
                            options=Options(levels={"F7": "BILAN"}))
    f7 = report.message("F7")
    assert (f7["level"], f7["count"], len(f7["occurrences"]), f7["omitted"]) == ("BILAN", 9, 2, 7)
    assert report.counts["periodiques"] == {"traites": 3, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 3}


def parse_tree(data: bytes):
    from lsucheck.parsing import Source, parse
    return parse(Source.from_bytes(data))


def test_exports_of_another_year_than_millesimes_20259_are_said_so_not_a_crash():
    # campaign of seed 1, case semantique-1576: S9 and T7 gave their finding on the element « S9 »
    # (Finding's arguments in the wrong order): AttributeError, no report at all
    reports = lsucheck.check_inputs([((FIXTURES / "millesime_20259_exports_2025.xml").read_bytes(),
                                      "import_lsu_20260101120000.xml"),
                                     ((FIXTURES / "millesime_20259_ElevesSansAdresses.xml").read_bytes(),
                                      "ElevesSansAdresses.xml")])
    s9 = reports[0].message("S9")
    assert [(o["detail"], o["path"]) for o in s9["occurrences"]] == [(
        "L'export SIECLE des élèves « ElevesSansAdresses.xml » est de l'année scolaire 2025-2026, alors que les "
        "bilans du fichier LSU sont de 20259-20260. Refaites l'export dans la bonne année scolaire (SIECLE, Base "
        "élèves établissement : Exploitation > Exports standard > Exports XML génériques > Élèves sans adresses "
        "(ExportXML_ElevesSansAdresses.zip)).", None)]
    clean(reports)


# Duplicate ids and keys, and dangling references, beyond the cap: counted (the first of each
# element's references said once, two long ones alike said once), never worded for nothing.
def _duplicates_and_dangling(version: str) -> bytes:
    data = BASE.read_bytes().replace(b'schemaVersion="10.0"', f'schemaVersion="{version}"'.encode(), 1)
    data = data.replace(b"<eleves>", b"<eleves>" + b'<eleve id="EL_X" id-be="1" nom="A" prenom="B" '
                                     b'code-division="6 A"/>' * 40, 1)
    # on each of the 9 acquis: 8 unknown teachers, X1 twice, and two of 66 characters that read
    # the same once shortened (« YYY…… »): 9 sentences for 11 references
    refs = b"ENS_1 X1 X1 " + b" ".join(b"X%d" % i for i in range(2, 9)) + b" " + b"Y" * 65 + b"a " + b"Y" * 65 + b"b"
    return data.replace(b'enseignant-refs="ENS_', b'enseignant-refs="' + refs + b" ENS_")


@pytest.mark.parametrize("version", ["10.0", "11.0"])
@pytest.mark.parametrize("cap", [5, 10])   # 10: the first acquis says 9 references, fewer than the cap: all worded
def test_duplicates_and_dangling_references_beyond_the_cap_give_the_report_that_wording_each_gives(
        monkeypatch, version, cap):
    from lsucheck import report as report_mod
    from lsucheck.engine import Options
    from lsucheck.xsd import fast
    options = Options(levels={"F19": "BILAN"})   # so that the references count against their bilans
    monkeypatch.setattr(report_mod, "MAX_OCCURRENCES", 10**9)
    whole = lsucheck.check(_duplicates_and_dangling(version), name="import_lsu_20251215093000.xml", options=options)
    monkeypatch.setattr(report_mod, "MAX_OCCURRENCES", cap)
    capped = lsucheck.check(_duplicates_and_dangling(version), name="import_lsu_20251215093000.xml", options=options)
    repeats = {f.code for f in fast.iter_findings(parse_tree(_duplicates_and_dangling(version)))
               if isinstance(f, fast.RepeatFinding)}
    assert repeats == ({"F18", "F20", "F19"} if cap == 5 else {"F18", "F20"})
    assert [(code, whole.message(code)["count"]) for code in ("F18", "F19", "F20")] == [
        ("F18", 39), ("F19", 9 * 9), ("F20", 39)]
    assert _shape(capped) == [(code, level, count, details[:cap]) for code, level, count, details in _shape(whole)]
    assert [capped.message(code)["omitted"] for code in ("F18", "F19", "F20")] == [39 - cap, 81 - cap, 39 - cap]
    assert (capped.verdict, capped.counts) == (whole.verdict, whole.counts)
    assert capped.counts["periodiques"]["rejetes"] == 3
    clean([capped])


def test_a_number_of_periods_in_other_digits_names_the_period_without_a_question_mark():
    # semantique-6303 and xml-8715 (campaign of 2026-12-03, seed 1): « de la période période 1 sur ? »
    base = BASE.read_bytes()
    old = b'<periode id="P_1" millesime="2025" indice="1" nb-periodes="3"/>'
    assert old in base
    data = base.replace(old, old.replace(b'nb-periodes="3"', 'nb-periodes="３"'.encode()), 1)
    report = lsucheck.check(data, name="import_lsu_20260115093000.xml")
    assert report.details("F8") == [
        "Valeur « ３ » non valide pour l'attribut « nb-periodes » (nombre de périodes) de la période 1 2025-2026 : "
        "un nombre entier (3 pour des trimestres, 2 pour des semestres) est attendu."]
    clean([report])
