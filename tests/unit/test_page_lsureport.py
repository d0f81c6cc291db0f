"""Issue 14 item 6: a saved rapport (.html/.txt) or a calibration file dropped on the page, recognised
from its content, and the side by side rendered in Python under the report (browser.check)."""
from __future__ import annotations

import json
import shutil
import urllib.parse
from pathlib import Path

from lsucheck import browser, recognise
from lsucheck.generator import generate_school

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "lsureport"


def _lsu(tmp_path):
    school = generate_school(seed=1, divisions=["3 A", "4 A"], eleves_par_division=5, faults=["B16"])
    path = tmp_path / school.file_name
    path.write_bytes(school.lsu_xml())
    return school, path


def _check(*files):
    out = json.loads(browser.check(json.dumps({"files": [{"path": str(f), "name": f.name} for f in files],
                                               "annee": 2025})))
    assert out["ok"], out
    return out["result"]


def test_files_are_recognised_from_their_content_not_their_name(tmp_path):
    renamed = tmp_path / "sans_extension"
    shutil.copy(FIX / "rapport_lsucheck.html", renamed)
    assert recognise.recognise_text(renamed.read_bytes()).kind == recognise.LSU_REPORT
    assert recognise.recognise_text((FIX / "copie_lsucheck.txt").read_bytes()).kind == recognise.LSU_REPORT
    assert recognise.recognise_text(b'{"format": "lsucheck-calibration", "version": 1}').kind == recognise.CALIBRATION
    assert recognise.recognise_text(b"<?xml version='1.0'?><lsun-bilans/>") is None
    assert recognise.recognise_text("Compte rendu du conseil de classe".encode()) is None


def test_a_dropped_rapport_gives_the_side_by_side_and_a_calibration_to_download(tmp_path):
    school, lsu = _lsu(tmp_path)
    page = tmp_path / "rapport.html"
    shutil.copy(FIX / "rapport_lsucheck.html", page)
    result = _check(lsu, page)
    assert len(browser._last) == 1   # the rapport is not a file to check (the reports stay in Python)
    html = result["html"]
    assert "Prévision de lsucheck et rapport d&#x27;exécution du LSU du 15 janvier 2026" in html
    assert '<tr class="verdict--inconnu"><td>Nouvelle règle du LSU' in html
    assert "<td>Bilans périodiques</td><td>Traités</td><td>33</td><td>30</td>" in html
    href = html.split('download="calibration_lsu.json" href="', 1)[1].split('"', 1)[0]
    cal = json.loads(urllib.parse.unquote(href.replace("&amp;", "&").split(",", 1)[1]))
    assert cal["format"] == "lsucheck-calibration" and cal["date_rapport"] == "2026-01-15"
    assert school.uai not in json.dumps(cal) and "import_lsu" not in json.dumps(cal)
    assert "Il ne contient aucun nom d&#x27;élève ni d&#x27;enseignant" in html


def test_a_dropped_calibration_applies_its_levels(tmp_path):
    _school, lsu = _lsu(tmp_path)
    cal = tmp_path / "calibration.json"
    cal.write_text(json.dumps({"format": "lsucheck-calibration", "version": 1, "date_rapport": "2026-01-15",
                               "libelles": [{"libelle": "Dispenses non autorisées", "niveau": "ALERTE",
                                             "nombre": 1}]}), encoding="utf-8")
    result = _check(lsu, cal)
    report = browser._last[0].to_dict()
    assert report["verdict"] == "alertes"
    b16 = next(m for m in report["messages"] if m["code"] == "B16")
    assert (b16["level"], b16["level_source"]) == ("ALERTE", "rapport")
    assert ("B16 « Dispenses non autorisées » : alerte, niveau constaté sur votre rapport LSU du 15 janvier 2026 "
            "(rejet du bilan → alerte).") in result["html"]
    assert "niveau constaté sur votre rapport LSU" in result["html"]


def test_a_rapport_alone_asks_for_the_lsu_file(tmp_path):
    page = tmp_path / "rapport.txt"
    shutil.copy(FIX / "copie_lsucheck.txt", page)
    out = json.loads(browser.check(json.dumps({"files": [{"path": str(page), "name": page.name}]})))
    assert out == {"ok": False, "error": {"name": "MissingLsu", "message":
                   "Ajoutez le fichier d'import LSU (import_lsu_….xml) qui a été importé."}}
