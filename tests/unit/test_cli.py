"""The command line, run as users run it: ``python -m lsucheck`` in a subprocess.

Inputs are the project's own fixture (tests/fixtures/cli/college_2025.xml: two pupils of 6 A, a
clean first trimestre 2025-2026 and a bilan de fin de cycle 3) and variants written here: one
date-scolarite a year early (B6: that bilan rejected), every date a year early (every bilan
rejected), and a file that is not XML. ``--annee 2025`` pins the school year.
"""
from __future__ import annotations

import csv as csv_mod
import io
import json
import os
import subprocess
import sys

import pytest

from ..conftest import ROOT

COLLEGE = ROOT / "tests" / "fixtures" / "cli" / "college_2025.xml"
EL2_DATES = 'eleve-ref="EL_2" periode-ref="P_1" date-conseil-classe="2025-12-08" date-scolarite="2025-09-01"'


def lsucheck(*args, cwd=None, stdin=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "py") + os.pathsep + os.environ.get("PYTHONPATH", ""),
               PYTHONIOENCODING="utf-8")
    env.pop("LSUCHECK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "lsucheck", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd or ROOT, env=env, timeout=120, input=stdin)


@pytest.fixture
def files(tmp_path):
    text = COLLEGE.read_text(encoding="utf-8")
    assert EL2_DATES in text
    out = {"propre": tmp_path / "college_propre.xml", "b6": tmp_path / "college_b6.xml",
           "rejete": tmp_path / "college_rejete.xml", "illisible": tmp_path / "notes.xml"}
    out["propre"].write_text(text, encoding="utf-8")
    out["b6"].write_text(text.replace(EL2_DATES, EL2_DATES.replace('date-scolarite="2025-09-01"',
                                                                   'date-scolarite="2024-09-01"')),
                         encoding="utf-8")
    out["rejete"].write_text(text.replace("2025-", "2024-"), encoding="utf-8")
    out["illisible"].write_bytes(b"Ceci n'est pas du XML.\n")
    return out


# ---- exit codes --------------------------------------------------------------------------------
def test_a_clean_file_exits_0_with_the_text_report(files):
    p = lsucheck(files["propre"], "--annee", "2025")
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""
    lines = p.stdout.splitlines()
    assert lines[0] == "Bilans > Import > Rapport d'exécution (prévision de lsucheck)"
    assert lines[2].startswith("Import du fichier college_propre.xml (")
    assert "✔ IMPORT PRÉVU AVEC SUCCÈS" in lines
    assert "  Les 3 bilans seraient importés sans alerte." in lines
    assert "  Traités                                  2                         1" in lines
    assert "Classes concernées par l'import : 6 A" in lines
    assert "UAI : 0999001W · version du schéma : 10.0 · année scolaire : 2025-2026 (choisie par vous)" in lines


def test_a_bilan_rejected_exits_1(files):
    p = lsucheck(files["b6"], "--annee", "2025")
    assert p.returncode == 1, p.stderr
    assert "✖ DES BILANS SERAIENT REJETÉS" in p.stdout
    assert "  1 bilan sur 3 serait rejeté ; 2 seraient importés." in p.stdout.splitlines()
    assert ("La date de scolarité (01/09/2024) est en dehors de l'année scolaire 2025-2026 (du "
            "01/08/2025 au 31/07/2026).") in " ".join(p.stdout.split())


def test_every_bilan_rejected_exits_1_with_verdict_rejete(files):
    p = lsucheck(files["rejete"], "--annee", "2025", "--format", "json")
    assert p.returncode == 1, p.stderr
    data = json.loads(p.stdout)
    assert data["verdict"] == "rejete"
    assert data["counts"]["periodiques"] == {"traites": 2, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 2}


def test_an_unreadable_file_exits_2_with_its_report(files):
    p = lsucheck(files["illisible"], "--format", "json")
    assert p.returncode == 2, p.stderr
    data = json.loads(p.stdout)
    assert (data["verdict"], data["messages"][0]["code"]) == ("illisible", "F1")


def test_the_exit_code_is_the_worst_of_the_reports(files):
    assert lsucheck(files["propre"], files["b6"], "--annee", "2025").returncode == 1
    assert lsucheck(files["propre"], files["illisible"], "--annee", "2025").returncode == 2


# ---- formats -----------------------------------------------------------------------------------
def test_one_file_gives_a_json_object_and_several_a_json_array(files):
    one = lsucheck(files["propre"], "--annee", "2025", "--format", "json")
    data = json.loads(one.stdout)
    assert isinstance(data, dict) and data["report_version"] == 2
    assert data["file"]["name"] == "college_propre.xml" and data["target_year"] == 2025
    two = lsucheck(files["propre"], files["b6"], "--annee", "2025", "--format", "json")
    arr = json.loads(two.stdout)
    assert [(d["file"]["name"], d["verdict"]) for d in arr] == [
        ("college_propre.xml", "succes"), ("college_b6.xml", "rejets_partiels")]


def test_csv_goes_to_a_file_with_bom_and_one_row_per_occurrence(files, tmp_path):
    out = tmp_path / "rapport.csv"
    p = lsucheck(files["b6"], files["rejete"], "--annee", "2025", "--format", "csv", "-o", out)
    assert p.returncode == 1 and p.stdout == ""
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfFichier;Verdict;Niveau;Code;Message;")
    rows = list(csv_mod.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    reports = json.loads(lsucheck(files["b6"], files["rejete"], "--annee", "2025", "--format", "json").stdout)
    assert len(rows) - 1 == sum(m["count"] for r in reports for m in r["messages"])
    assert {r[0] for r in rows[1:]} == {"college_b6.xml", "college_rejete.xml"}
    b6 = [r for r in rows if r[3] == "B6" and r[0] == "college_b6.xml"]
    assert len(b6) == 1 and b6[0][2] == "Bilan rejeté" and b6[0][7] == "LEFEBVRE Noé"


def test_html_is_a_standalone_document(files, tmp_path):
    out = tmp_path / "rapport.html"
    p = lsucheck(files["b6"], "--annee", "2025", "--format", "html", "-o", out)
    assert p.returncode == 1
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<section id="report" class="lsu-report" data-verdict="rejets_partiels" data-file="college_b6.xml"' in html
    assert 'id="regle-B6"' in html and "<script" not in html


def test_o_dir_writes_one_file_per_input_named_after_it(files, tmp_path):
    outdir = tmp_path / "rapports"
    p = lsucheck(files["propre"], files["b6"], files["illisible"], "--annee", "2025", "--format", "json",
                 "-o", str(outdir) + "/")
    assert p.returncode == 2
    assert sorted(os.listdir(outdir)) == ["college_b6.json", "college_propre.json", "notes.json"]
    assert json.loads((outdir / "college_b6.json").read_text(encoding="utf-8"))["verdict"] == "rejets_partiels"
    assert p.stderr.splitlines() == [f"Rapport écrit : {outdir / n}" for n in
                                     ("college_propre.json", "college_b6.json", "notes.json")]
    p = lsucheck(files["propre"], "--format", "html", "-o", outdir)  # existing directory, no slash
    assert (outdir / "college_propre.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_o_dir_never_overwrites_an_input(tmp_path, files):
    src = tmp_path / "rapport.txt"
    src.write_bytes(files["propre"].read_bytes())
    p = lsucheck(src, "--annee", "2025", "-o", tmp_path)
    assert p.returncode == 0
    assert src.read_bytes() == files["propre"].read_bytes()
    assert "IMPORT PRÉVU AVEC SUCCÈS" in (tmp_path / "rapport-2.txt").read_text(encoding="utf-8")


def test_standard_input_is_read_with_a_dash(files):
    p = lsucheck("-", "--format", "json", stdin=files["illisible"].read_text())
    assert p.returncode == 2
    assert json.loads(p.stdout)["file"]["name"] == "entrée standard"


# ---- options -----------------------------------------------------------------------------------
def test_niveau_overrides_a_level(files):
    p = lsucheck(files["b6"], "--annee", "2025", "--niveau", "B6=ALERTE", "--format", "json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["verdict"] == "alertes"
    assert [m["level"] for m in data["messages"] if m["code"] == "B6"] == ["ALERTE"]


def test_max_size_refuses_a_larger_file(files):
    p = lsucheck(files["propre"], "--max-size", "0,001", "--format", "json")
    assert p.returncode == 2
    data = json.loads(p.stdout)
    assert data["messages"][0]["occurrences"][0]["detail"].startswith("Le fichier fait ")
    assert data["messages"][0]["occurrences"][0]["detail"].endswith(", plus que la limite de 1,02 ko.")


def test_annee_accepts_a_school_year_as_written(files):
    data = json.loads(lsucheck(files["propre"], "--annee", "2025-2026", "--format", "json").stdout)
    assert data["target_year"] == 2025 and data["year_source"] == "option"


def test_regles_prints_the_catalogue(tmp_path):
    p = lsucheck("--regles")
    assert p.returncode == 0
    lines = p.stdout.splitlines()
    assert lines[0] == "Règles vérifiées par lsucheck"
    assert "F — Fichier : structure et format" in lines
    assert any(line.startswith("[S1] Elève non scolarisé — ✖ Bilan rejeté (") for line in lines)
    out = tmp_path / "regles.html"
    assert lsucheck("--regles", "--format", "html", "-o", out).returncode == 0
    html = out.read_text(encoding="utf-8")
    assert '<article class="regle regle--bilan" id="regle-S1"' in html
    data = json.loads(lsucheck("--regles", "--format", "json").stdout)
    assert data[0]["code"] == "F1" and {"code", "label", "level", "certain", "explanation", "fix"} <= set(data[0])


# ---- bad arguments: French, on stderr, no traceback, exit 2 ------------------------------------
@pytest.mark.parametrize("args, message", [
    ((), "lsucheck : donnez au moins un fichier à vérifier (le fichier d'import LSU)"),
    (("introuvable.xml",), "lsucheck : le fichier « introuvable.xml » est introuvable"),
    (("tests",), "lsucheck : « tests » est un dossier : donnez les fichiers qu'il contient"),
    (("x.xml", "--format", "pdf"), "lsucheck : --format/-f : format « pdf » inconnu (text, json, html ou csv)"),
    (("x.xml", "--format"), "lsucheck : l'option --format/-f attend une valeur"),
    (("x.xml", "--annee", "2025-2027"),
     "lsucheck : --annee : année scolaire « 2025-2027 » non reconnue : écrivez-la comme 2025-2026, 2025/26, "
     "25-26 ou 2025 (sa première année)"),
    (("x.xml", "--annee", "vingt-cinq"),
     "lsucheck : --annee : année scolaire « vingt-cinq » non reconnue : écrivez-la comme 2025-2026, 2025/26, "
     "25-26 ou 2025 (sa première année)"),
    (("x.xml", "--niveau", "B6"), "lsucheck : --niveau : « B6 » : écrivez CODE=NIVEAU, par exemple B16=ALERTE"),
    (("x.xml", "--niveau", "B6=ROUGE"),
     "lsucheck : --niveau : « B6=ROUGE » : niveau inconnu (FICHIER, BILAN, ALERTE ou CONSEIL)"),
    (("x.xml", "--niveau", "Z9=ALERTE"), "lsucheck : --niveau : code de contrôle inconnu « Z9 » (voir lsucheck --regles)"),
    (("x.xml", "--max-size", "beaucoup"),
     "lsucheck : --max-size : taille « beaucoup » non reconnue : donnez un nombre de Mo, par exemple 200"),
    (("x.xml", "--inconnue"), "lsucheck : option ou argument inconnu : --inconnue"),
    (("--regles", "x.xml"), "lsucheck : --regles s'emploie sans fichier"),
])
def test_bad_arguments_are_explained_in_french(args, message):
    p = lsucheck(*args)
    assert p.returncode == 2
    assert p.stdout == ""
    assert p.stderr.splitlines() == [message, "Pour l'aide : lsucheck --help"]


def test_several_unreadable_paths_are_named_together(tmp_path, files):
    p = lsucheck(files["propre"], tmp_path / "a.xml", tmp_path / "b.xml")
    assert p.returncode == 2
    assert p.stderr.splitlines()[:3] == [
        "lsucheck : fichier(s) impossible(s) à lire :",
        f"  le fichier « {tmp_path / 'a.xml'} » est introuvable",
        f"  le fichier « {tmp_path / 'b.xml'} » est introuvable"]


def test_an_unwritable_output_is_explained(files, tmp_path):
    p = lsucheck(files["propre"], "-o", tmp_path / "absent" / "rapport.txt")
    assert p.returncode == 2
    assert p.stderr.startswith(f"lsucheck : impossible d'écrire « {tmp_path / 'absent' / 'rapport.txt'} » (")
    assert "Traceback" not in p.stderr


def test_help_is_in_french():
    p = lsucheck("--help")
    assert p.returncode == 0
    assert p.stdout.startswith("utilisation : lsucheck ")
    assert "Code de sortie : 0 import prévu (avec ou sans alertes), 1 rejets prévus, 2 fichier illisible ou" in p.stdout


def test_main_is_callable_in_process(files, capsys):
    from lsucheck.cli import main
    assert main([str(files["b6"]), "--annee", "2025", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["verdict"] == "rejets_partiels"


# ---- the user's files are never overwritten --------------------------------------------------
def _refused(p, path, ext="txt", other="un autre nom au rapport", example=None):
    """-o onto a file given: refused in one French sentence that ends with its period."""
    assert p.returncode == 2
    assert p.stderr.splitlines() == [
        f"lsucheck : « {path} » est l'un des fichiers donnés à vérifier : lsucheck ne l'écrase pas. "
        f"Donnez {other} (par exemple « {example or f'rapport.{ext}'} »).",
        "Pour l'aide : lsucheck --help"]
    assert p.stdout == ""


def test_o_onto_an_input_is_refused_with_a_sentence_ending_with_its_period_by_every_command(files):
    before = files["b6"].read_bytes()
    p = lsucheck(files["propre"], files["b6"], "--ensemble", "--annee", "2025", "-o", files["b6"])
    _refused(p, files["b6"])
    p = lsucheck("--comparer", files["propre"], files["b6"], "--format", "json", "-o", files["b6"])
    _refused(p, files["b6"], other="un autre nom à la comparaison", example="comparaison.json")
    assert files["b6"].read_bytes() == before
    assert p.stderr.splitlines()[0].endswith(".")


def test_o_onto_the_input_is_refused_and_the_input_kept(files):
    before = files["propre"].read_bytes()
    p = lsucheck(files["propre"], "--annee", "2025", "-o", files["propre"])
    _refused(p, files["propre"])
    assert files["propre"].read_bytes() == before


def test_o_onto_an_input_by_another_path_is_refused(files, tmp_path):
    before = files["b6"].read_bytes()
    detour = tmp_path / "sous" / ".." / files["b6"].name
    (tmp_path / "sous").mkdir()
    link = tmp_path / "lien.xml"
    link.symlink_to(files["b6"])
    hard = tmp_path / "dur.xml"
    os.link(files["b6"], hard)
    for out in (detour, link, hard):
        _refused(lsucheck(files["propre"], files["b6"], "--format", "json", "-o", out), out, "json")
    for given, out in ((link, files["b6"]), (hard, files["b6"])):
        _refused(lsucheck(given, "-o", out), out)
    assert files["b6"].read_bytes() == before


def test_o_onto_the_xsd_is_refused(files, tmp_path):
    xsd = tmp_path / "schema.xsd"
    xsd.write_text("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'/>", encoding="utf-8")
    _refused(lsucheck(files["propre"], "--xsd", xsd, "-o", xsd), xsd)
    assert xsd.read_text(encoding="utf-8").startswith("<xs:schema")


def test_o_dir_holding_an_input_reached_by_a_link_does_not_overwrite_it(tmp_path, files):
    src = tmp_path / "college_propre.txt"
    src.write_bytes(files["propre"].read_bytes())
    outdir = tmp_path / "rapports"
    outdir.mkdir()
    (outdir / "college_propre.xml").symlink_to(src)  # its report, college_propre.txt, would be src itself
    p = lsucheck(outdir / "college_propre.xml", "--annee", "2025", "-o", tmp_path)
    assert p.returncode == 0, p.stderr
    assert src.read_bytes() == files["propre"].read_bytes()
    assert p.stderr.splitlines() == [f"Rapport écrit : {tmp_path / 'college_propre-2.txt'}"]


# ---- issue 10: the cause of derived findings and the one legend of certainty in the text output ---
def test_the_text_report_ends_with_the_legend_of_certainty_word_for_word(files):
    p = lsucheck(files["propre"], "--annee", "2025")
    assert p.stdout.splitlines()[-1] == (
        "Niveaux : certain : le schéma du format LSU ou un rapport LSU réel le montre ; déduit : de la documentation ou du code "
        "des éditeurs, à confirmer.")


def test_the_regles_text_ends_with_the_legend_of_certainty():
    p = lsucheck("--regles")
    assert p.returncode == 0 and p.stdout.splitlines()[-1].startswith("Niveaux : certain : le schéma du format LSU ou un rapport")


def test_the_text_report_names_the_cause_of_derived_findings():
    from lsucheck.cli import _text_footer
    from lsucheck.report import Report
    report = Report({"messages": [
        {"code": "T1", "label": "Enseignant inconnu", "occurrences": [{"detail": "…"}]},
        {"code": "T4", "label": "Enseignant manquant", "occurrences": [{"detail": "…", "cause": "T1"}] * 3}],
        "not_run": [{"code": "S1", "cause": "C8"}, {"code": "S2", "cause": "C8"}, {"code": "T1"}]})
    assert _text_footer([report]).splitlines()[:4] == [
        "", "Causes :", "  [T4] Enseignant manquant : 3 constats, cause : « Enseignant inconnu » (T1)",
        "  2 contrôles non faits, cause : un fichier de référence écarté (C8)"]
