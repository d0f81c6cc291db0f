"""Issue 14 item 5: ``lsucheck import_lsu.xml --rapport-lsu rapport.html`` and calibration files."""
from __future__ import annotations

import json
import shutil

from ..conftest import ROOT, two_class_school
from .test_cli import lsucheck

FIX = ROOT / "tests" / "fixtures" / "lsureport"


def _school_file(tmp_path):
    school = two_class_school(faults=["B16"])
    path = tmp_path / school.file_name
    path.write_bytes(school.lsu_xml())
    return school, path


REAL = """Bilans > Import > Rapport d'exécution
Classes concernées par l'import : 3 A, 4 A
Fichier : import_lsu.xml (11.53 ko)
Importé le 15 janvier 2026 à 10:31:02
Bilans périodiques
33
Traités
33
Importés
32
avec succès
1
avec alerte(s)
0
Rejetés
Alertes
1
Dispenses non autorisées
"""


def test_the_side_by_side_is_printed_after_the_report_and_the_calibration_written(tmp_path):
    school, lsu = _school_file(tmp_path)
    real = tmp_path / "rapport.txt"
    real.write_text(REAL, encoding="utf-8")
    cal = tmp_path / "calibration.json"
    r = lsucheck(lsu, "--rapport-lsu", real, "--calibration-sortie", cal, "--annee", "2025")
    assert r.returncode == 1, r.stderr   # the prediction still rejects B16's bilan
    side = r.stdout.split("Prévision de lsucheck et rapport d'exécution du LSU du 15 janvier 2026\n", 1)[1]
    assert "  Bilans périodiques : Traités 33 / 33 ; Importés 32 / 33 ; avec succès 32 / 32" in side
    assert "  Dispenses non autorisées : 1 / 1 ; rejet du bilan / alerte — LSU plus souple" in side
    assert "Fichier de calibration écrit" in r.stderr
    data = json.loads(cal.read_text(encoding="utf-8"))
    assert data["libelles"] == [{"libelle": "Dispenses non autorisées", "niveau": "ALERTE", "nombre": 1, "connu": True}]
    assert school.uai not in cal.read_text(encoding="utf-8")
    # applied again: B16 becomes an alert, said with the report's date
    again = lsucheck(lsu, "--calibration", cal, "--annee", "2025")
    assert again.returncode == 0, again.stderr
    assert ("B16 « Dispenses non autorisées » : alerte, niveau constaté sur votre rapport LSU du 15 janvier 2026 "
            "(rejet du bilan → alerte).") in again.stderr
    # --niveau still wins over a calibration
    assert lsucheck(lsu, "--calibration", cal, "--niveau", "B16=BILAN", "--annee", "2025").returncode == 1


def test_a_saved_page_works_too(tmp_path):
    _school, lsu = _school_file(tmp_path)
    page = tmp_path / "rapport.html"
    shutil.copy(FIX / "rapport_lsucheck.html", page)
    r = lsucheck(lsu, "--rapport-lsu", page, "--annee", "2025")
    assert "  Nouvelle règle du LSU : — / 1 ; — / alerte — libellé inconnu de lsucheck" in r.stdout
    assert "  Paramétrage incohérent : — / 3 ; rejet du bilan / erreur (rejet du bilan) — concorde" in r.stdout


def test_wrong_calibration_and_output_without_a_report_are_refused_in_french(tmp_path):
    _school, lsu = _school_file(tmp_path)
    bad = tmp_path / "autre.json"
    bad.write_text('{"format": "autre"}', encoding="utf-8")
    r = lsucheck(lsu, "--calibration", bad)
    assert r.returncode == 2
    assert "lsucheck : --calibration : Ce fichier n'est pas un fichier de calibration lsucheck." in r.stderr
    r = lsucheck(lsu, "--calibration-sortie", tmp_path / "c.json")
    assert r.returncode == 2
    assert "--calibration-sortie s'emploie avec --rapport-lsu" in r.stderr
