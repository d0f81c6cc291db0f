"""C8: a reference file of another school (UAI) or another school year is set aside, said first,
and changes nothing else (issue 10, item 1).

A generated collège (seed 7, 2025-2026, UAI 0999001W) checked with SIECLE/STS-web exports written
from last year's collège, from another school, or with a typed year that disagrees. Each case
compares the report with the same LSU file checked without the reference files: verdict, counters
and exit code must be equal; the first message is C8; the checks the file would have fed are
listed in ``not_run`` with the reason.
"""
from __future__ import annotations

import dataclasses
import functools

import lsucheck
from lsucheck import render
from lsucheck.generator import generate_school
from lsucheck.generator import references as gref

from ..conftest import NOW

ELEVES = "ElevesSansAdresses.xml"


@functools.lru_cache(maxsize=None)
def _school(annee=2025, uai=None):
    school = generate_school(seed=7, annee=annee, eleves_par_division=6)
    return dataclasses.replace(school, uai=uai) if uai else school


def _check(refs=(), annee=None) -> lsucheck.Report:
    school = _school()
    return lsucheck.check(school.lsu_xml(), name=school.file_name, references=list(refs),
                          options=lsucheck.Options(annee=annee, now=NOW))


def _refs(school, names=None):
    files = gref.reference_files(school)
    return [(files[n], n) for n in (names or sorted(files))]


def _assert_same_outcome(report, alone):
    assert report.verdict == alone.verdict
    assert report.counts == alone.counts
    assert report.exit_code == alone.exit_code
    assert [c for c in report.codes() if c != "C8"] == alone.codes()


def test_last_years_siecle_export_is_set_aside_said_first_and_changes_nothing():
    report = _check(_refs(_school(2024), [ELEVES]))
    alone = _check()
    assert report.codes()[0] == "C8"
    first = report.messages[0]
    assert (first["label"], first["level"], first["count"]) == ("Fichier de référence écarté", "ALERTE", 1)
    assert first["occurrences"][0]["detail"] == (
        "L'export SIECLE des élèves « ElevesSansAdresses.xml » n'est pas utilisé : il est de l'année "
        "scolaire 2024-2025, alors que les bilans du fichier LSU sont de 2025-2026. Aucun contrôle croisé "
        "n'a été fait avec lui et il ne change rien au rapport. Téléchargez l'export de l'année en cours "
        "pour cet établissement (SIECLE, Base élèves établissement : Exploitation > Exports standard > "
        "Exports XML génériques > Élèves sans adresses (ExportXML_ElevesSansAdresses.zip)) et relancez la "
        "vérification.")
    assert first["occurrences"][0]["bilans"] == 0
    _assert_same_outcome(report, alone)
    assert report.verdict == "succes" and report.counts["periodiques"]["alertes"] == 0
    reason = ("L'export SIECLE des élèves « ElevesSansAdresses.xml » a été écarté : il est de l'année "
              "scolaire 2024-2025, alors que les bilans du fichier LSU sont de 2025-2026.")
    not_run = {n["code"]: n["reason"] for n in report.data["not_run"]}
    assert not_run["S1"] == reason and not_run["C2"] == reason and not_run["C6"] == reason
    assert "S9" in not_run and "T7" in not_run
    (ref,) = report.data["references"]
    assert ref["used"] is False
    assert ref["set_aside"] == ("Il est de l'année scolaire 2024-2025, alors que les bilans du fichier LSU "
                                "sont de 2025-2026.")
    assert report.data["year_source"] == "fichier" and report.data["target_year"] == 2025
    # right under the verdict (one file: its own sentence), and the next step says to check again
    assert report.data["banner"][0] == {"code": "C8", "label": "Fichier de référence écarté", "level": "ALERTE",
                                        "text": first["occurrences"][0]["detail"]}
    assert [b["code"] for b in report.data["banner"]] == ["C8", "F28"]   # F28: the school's file is a 10.0
    assert render.next_step(report.data).startswith(
        "Et maintenant : vérifiez d'abord le fichier de nouveau avec les exports SIECLE et STS-web de l'année en "
        "cours de cet établissement (les contrôles croisés n'ont pas été faits), puis importez-le dans le LSU "
        "(menu Bilans › Import).")
    assert render.next_step(alone.data).startswith(
        "Et maintenant : importez le fichier dans le LSU (menu Bilans › Import).")


def test_all_of_last_years_exports_give_one_c8_each_and_no_s9_t7():
    report = _check(_refs(_school(2024)))
    alone = _check()
    assert report.codes()[0] == "C8"
    assert report.message("C8")["count"] == 4
    # one sentence for the four under the verdict, not four
    assert [(b["code"], b["text"]) for b in report.data["banner"]][:1] == [("C8", (
        "4 fichiers de référence sont écartés : ils sont d'un autre établissement ou d'une autre année scolaire "
        "que le fichier LSU. Aucun contrôle croisé n'a été fait avec eux ; « Fichier de référence écarté », plus "
        "bas, dit lesquels et où télécharger les exports de l'année en cours."))]
    html = render.fragment(report)
    verdict = html[html.index('class="verdict'):html.index("</div>", html.index('class="verdict'))]
    assert verdict.count('class="verdict-banner" data-code="C8"') == 1
    assert "S9" not in report.codes() and "T7" not in report.codes()
    _assert_same_outcome(report, alone)
    assert all(r["used"] is False and r["set_aside"] for r in report.data["references"])
    sts = next(o["detail"] for o in report.message("C8")["occurrences"] if "STS-web" in o["detail"])
    assert sts.startswith("L'export STS-web « sts_emp_0999001W_2024.xml » n'est pas utilisé : il est de "
                          "l'année scolaire 2024-2025, alors que les bilans du fichier LSU sont de 2025-2026.")
    assert "(STS-web : Mise à jour > Exports > Emplois du temps (sts_emp_<UAI>_<année>.xml))" in sts


def test_each_file_set_aside_is_named_once_with_every_check_it_leaves_undone():
    # the four files of last year: a check that needs two of them was listed under both sentences
    # joined, so each file came back in several groups of « Contrôles croisés non faits »
    report = _check(_refs(_school(2024)))
    s1 = next(n for n in report.data["not_run"] if n["code"] == "S3")
    assert s1["cause"] == "C8" and s1["reason"] == " ".join(s1["set_aside"]) and len(s1["set_aside"]) == 4
    html = render.fragment(report)
    section = html[html.index('class="missing-exports"'):html.index("</section>", html.index('class="missing-exports"'))]
    items = [item.split("</li>")[0] for item in section.split("<li>")[1:]]
    assert [item.split(" : ", 1)[0].replace("&#39;", "'") for item in items] == [
        "L'export SIECLE des élèves « ElevesSansAdresses.xml » a été écarté",
        "L'export SIECLE Communs « Communs.xml » a été écarté",
        "L'export SIECLE Nomenclature « Nomenclature.xml » a été écarté",
        "L'export STS-web « sts_emp_0999001W_2024.xml » a été écarté"]
    assert items[1].endswith("(5 contrôles : S3, S9, C2, C3, P2)")
    assert items[3].endswith("(13 contrôles : S3, S9, T1, T2, T3, T4, T5, T6, T7, T8, C2, C3, P2)")
    text = " ".join(render.text(report).split())   # the text is wrapped at 100 columns
    assert text.count("« ElevesSansAdresses.xml » a été écarté") == 1
    assert "« Communs.xml » a été écarté : il est de l'année scolaire 2024-2025, alors que les bilans du fichier LSU sont de 2025-2026 : S3, S9, C2, C3, P2" in text


def test_another_schools_export_is_set_aside():
    report = _check(_refs(_school(2025, uai="0999002X"), [ELEVES]))
    alone = _check()
    assert report.codes()[0] == "C8"
    assert report.messages[0]["occurrences"][0]["detail"].startswith(
        "L'export SIECLE des élèves « ElevesSansAdresses.xml » n'est pas utilisé : il est celui de "
        "l'établissement 0999002X, alors que le fichier LSU est celui de 0999001W. Aucun contrôle croisé")
    _assert_same_outcome(report, alone)
    assert report.data["references"][0]["set_aside"] == (
        "Il est celui de l'établissement 0999002X, alors que le fichier LSU est celui de 0999001W.")


def test_exports_of_another_year_than_the_year_typed_are_set_aside():
    report = _check(_refs(_school(2025), [ELEVES]), annee=2024)
    alone = _check(annee=2024)
    # the typed year that is not the file's comes first (C11), then the export set aside against it
    assert report.codes()[:2] == ["C11", "C8"] and alone.codes()[0] == "C11"
    assert report.messages[1]["occurrences"][0]["detail"].startswith(
        "L'export SIECLE des élèves « ElevesSansAdresses.xml » n'est pas utilisé : il est de l'année "
        "scolaire 2025-2026, alors que vous avez demandé 2024-2025. Aucun contrôle croisé")
    _assert_same_outcome(report, alone)
    assert report.verdict == "rejete"  # the typed year rejects the 2025 millésimes (B7), as alone
    assert "C3" not in report.codes()


def test_exports_of_the_right_school_and_year_are_used():
    report = _check(_refs(_school(2025)))
    assert "C8" not in report.codes()
    assert all(r["used"] is True and "set_aside" not in r for r in report.data["references"])
    assert not any("écarté" in n["reason"] for n in report.data["not_run"])


def test_the_report_renders_the_file_as_set_aside():
    from lsucheck import render
    report = _check(_refs(_school(2024), [ELEVES]))
    html = render.fragment(report)
    assert "<strong>écarté</strong> : Il est de l&#39;année scolaire 2024-2025" in html
    assert "écarté : Il est de l'année scolaire 2024-2025, alors que les bilans du fichier LSU sont de " \
           "2025-2026." in render.text(report)


def test_a_school_year_as_users_write_it_is_read_when_unambiguous():
    from lsucheck.engine import parse_annee
    assert [parse_annee(v) for v in ("2025", "2025-2026", "2025/2026", "2025-26", "2025/26", "25-26", " 25/26 ")] \
        == [2025] * 7
    assert [parse_annee(v) for v in ("25-27", "2025-2027", "25", "25-2026", "vingt-cinq", "")] == [None] * 6
    # "25-26" typed: the exports of 2024 are set aside against 2025-2026, as with 2025
    assert _check(_refs(_school(2024), [ELEVES]), annee="25-26").data["references"][0]["set_aside"] == (
        "Il est de l'année scolaire 2024-2025, alors que les bilans du fichier LSU sont de 2025-2026.")


def test_the_page_refuses_a_year_it_cannot_read_with_a_french_message():
    import json
    from lsucheck import browser
    answer = json.loads(browser.check(json.dumps({"files": [{"path": "/nonexistent", "name": "x.xml"}],
                                                  "annee": "vingt-cinq"}), None))
    assert answer == {"ok": False, "error": {"name": "ValueError", "message":
                      "Année scolaire « vingt-cinq » non reconnue : écrivez-la comme 2025-2026, 2025/26, 25-26 "
                      "ou 2025 (sa première année)."}}


# ---- issue 10, item 4: a reference export dropped without an LSU file -------------------------------
def test_a_reference_export_alone_says_to_add_the_lsu_file():
    files = gref.reference_files(_school())
    (report,) = lsucheck.check_inputs([(files[ELEVES], ELEVES)], options=lsucheck.Options(now=NOW))
    sentence = ("Vous avez déposé un export SIECLE (élèves) ; ajoutez le fichier import_lsu_….xml exporté par "
                "votre logiciel.")
    assert report.data["missing_lsu"] == sentence
    assert report.messages[0]["occurrences"][0]["detail"] == sentence
    assert (report.exit_code, report.data["not_run"]) == (2, [])
    (sts,) = lsucheck.check_inputs([(files["sts_emp_0999001W_2025.xml"], "sts.xml")])
    assert sts.data["missing_lsu"] == ("Vous avez déposé un export STS-web (emplois du temps, sts_emp) ; ajoutez "
                                       "le fichier import_lsu_….xml exporté par votre logiciel.")


def test_the_cli_says_to_add_the_lsu_file_and_exits_2(tmp_path):
    from ..unit.test_cli import lsucheck as run
    files = gref.reference_files(_school())
    for name in (ELEVES, "Nomenclature.xml"):
        (tmp_path / name).write_bytes(files[name])
    p = run(tmp_path / ELEVES, tmp_path / "Nomenclature.xml")
    assert (p.returncode, p.stdout) == (2, "")
    assert p.stderr.splitlines() == [
        "Vous avez déposé un export SIECLE (élèves) ; ajoutez le fichier import_lsu_….xml exporté par votre logiciel.",
        "Vous avez déposé un export SIECLE Nomenclature ; ajoutez le fichier import_lsu_….xml exporté par votre "
        "logiciel."]


def test_the_page_says_to_add_the_lsu_file_next_to_the_drop_zone(tmp_path):
    import json
    from lsucheck import browser
    files = gref.reference_files(_school())
    (tmp_path / ELEVES).write_bytes(files[ELEVES])
    (tmp_path / "sts.xml").write_bytes(files["sts_emp_0999001W_2025.xml"])
    answer = json.loads(browser.check(json.dumps({"files": [
        {"path": str(tmp_path / ELEVES), "name": ELEVES}, {"path": str(tmp_path / "sts.xml"), "name": "sts.xml"}]}),
        None))
    assert answer == {"ok": False, "error": {"name": "MissingLsu", "message":
                      "Vous avez déposé un export SIECLE (élèves) ; ajoutez le fichier import_lsu_….xml exporté par "
                      "votre logiciel. Vous avez déposé un export STS-web (emplois du temps, sts_emp) ; ajoutez le "
                      "fichier import_lsu_….xml exporté par votre logiciel."}}


def test_the_same_lsu_file_given_twice_is_checked_once_and_its_report_names_the_copy():
    school = _school()
    data = school.lsu_xml()
    reports = lsucheck.check_inputs([(data, "import_lsu_a.xml"), (data, "copie.xml")],
                                    options=lsucheck.Options(now=NOW))
    alone = _check()
    assert len(reports) == 1
    (report,) = reports
    assert report.data["file"]["name"] == "import_lsu_a.xml"
    assert report.details("C9") == [
        "Le fichier « copie.xml » est le même fichier que « import_lsu_a.xml » (contenu identique) : il n'a été "
        "vérifié qu'une fois. Ne l'importez qu'une fois dans le LSU."]
    assert report.message("C9")["level"] == "CONSEIL"
    assert (report.verdict, report.counts, report.exit_code) == (alone.verdict, alone.counts, alone.exit_code)
    assert [c for c in report.codes() if c != "C9"] == alone.codes()


def test_two_lsu_files_holding_the_same_bilans_each_name_the_bilans_they_share():
    school = _school()
    part = school.copy()
    part.bilans_periodiques = part.bilans_periodiques[:1]
    part.bilans_cycle = []
    eleve = part.eleve(part.bilans_periodiques[0].eleve_ref)
    reports = lsucheck.check_inputs([(school.lsu_xml(), "tout.xml"), (part.lsu_xml(), "partie.xml")],
                                    options=lsucheck.Options(now=NOW))
    assert [r.data["file"]["name"] for r in reports] == ["tout.xml", "partie.xml"]
    sentence = (f"Les fichiers « tout.xml » et « partie.xml » contiennent les mêmes bilans (1 bilan : {eleve.nom} "
                f"{eleve.prenom}, Trimestre 1 2025-2026) : le LSU importerait le second par-dessus le premier. "
                "N'importez qu'un fichier par élève et par période, ou retirez ces bilans de l'un des deux.")
    assert [r.details("C10") for r in reports] == [[sentence], [sentence]]
    alone = _check()
    assert (reports[0].verdict, reports[0].counts) == (alone.verdict, alone.counts)
    assert [c for c in reports[0].codes() if c != "C10"] == alone.codes()
    assert "C10" not in lsucheck.check_inputs([(school.lsu_xml(), "tout.xml")])[0].codes()


# ---- issue 10: one count of the file's millésimes ----------------------------------------------------
def _doc(data: bytes):
    from lsucheck.model import LsuDocument
    from lsucheck.parsing import Source, parse
    return LsuDocument(parse(Source.from_bytes(data)))


def test_the_files_year_is_the_millesime_of_most_periodes_and_an_implausible_one_never_decides():
    from lsucheck import engine
    data = _school().lsu_xml()
    assert data.count(b'millesime="2025"') > 2
    assert engine.file_year(_doc(data)) == 2025
    # every millésime but one made implausible: the most frequent (99999) does not decide, 2025 does
    first = data.index(b'millesime="2025"') + len(b'millesime="2025"')
    broken = data[:first] + data[first:].replace(b'millesime="2025"', b'millesime="99999"')
    assert broken.count(b'millesime="99999"') > 1
    assert engine.file_year(_doc(broken)) == 2025
    assert engine.decide_target_year(_doc(broken), [], lsucheck.Options()) == (2025, "fichier")
    assert engine.file_year(_doc(data.replace(b'millesime="2025"', b'millesime="99999"'))) is None


def test_the_target_year_and_the_set_aside_files_read_the_one_count_of_millesimes(monkeypatch):
    """engine.file_year is the only count of millésimes: the target year decided without a typed
    year nor any export, and the year the reference files are compared with, both follow it."""
    from lsucheck import engine
    monkeypatch.setattr(engine, "file_year", lambda doc: 2030)
    assert engine.decide_target_year(_doc(_school().lsu_xml()), [], lsucheck.Options()) == (2030, "fichier")
    report = _check(_refs(_school(2025), [ELEVES]))
    assert report.data["references"][0]["set_aside"] == (
        "Il est de l'année scolaire 2025-2026, alors que les bilans du fichier LSU sont de 2030-2031.")
