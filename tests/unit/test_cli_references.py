"""Reference files on the command line (issue 6 item 4): more positional files, recognised by their
content whatever their order and name, zipped or not —
``python -m lsucheck import_lsu.xml ExportXML_ElevesSansAdresses.zip Nomenclature.xml sts_emp_….xml``.

The files are a generated collège (seed 7) with two planted faults (a pupil who left, S2; a service
missing from STS-web, T3) and its own exports, written to a temporary directory.
"""
from __future__ import annotations

import json

import pytest

from lsucheck.generator import references as gref

from ..rules.test_siecle_rules import expected, school_with
from .test_cli import lsucheck


@pytest.fixture(scope="module")
def college(tmp_path_factory):
    school = school_with("S2", "T3")
    folder = tmp_path_factory.mktemp("college")
    files = gref.reference_files(school, communs=False)
    paths = {"lsu": folder / school.file_name}
    paths["lsu"].write_bytes(school.lsu_xml())
    paths["eleves"] = folder / "ExportXML_ElevesSansAdresses.zip"
    paths["eleves"].write_bytes(gref.zipped("ElevesSansAdresses.xml", files["ElevesSansAdresses.xml"]))
    paths["nomenclature"] = folder / "Nomenclature.xml"
    paths["nomenclature"].write_bytes(files["Nomenclature.xml"])
    sts_name = gref.sts_file_name(school)
    paths["sts"] = folder / sts_name
    paths["sts"].write_bytes(files[sts_name])
    return school, paths


def test_reference_files_are_more_positional_files_and_feed_the_cross_checks(college):
    school, p = college
    done = lsucheck(p["lsu"], p["eleves"], p["nomenclature"], p["sts"], "--format", "json")
    assert done.returncode == 1, done.stderr          # S2 rejects a bilan: rejets prévus
    report = json.loads(done.stdout)
    assert [(r["kind"], r["name"]) for r in report["references"]] == [
        ("siecle_eleves", "ExportXML_ElevesSansAdresses.zip › ElevesSansAdresses.xml"),
        ("nomenclature", "Nomenclature.xml"),
        ("sts", f"sts_emp_{school.uai}_2025.xml")]
    counts = {m["code"]: m["count"] for m in report["messages"] if m["code"][0] in "ST"}
    assert counts == dict(expected(school))
    assert report["target_year"] == 2025 and report["year_source"] == "references"
    assert {n["code"] for n in report["not_run"]} == set()    # Communs is optional: S3 uses STS-web


def test_the_order_of_the_files_does_not_matter(college):
    _school, p = college
    first = json.loads(lsucheck(p["lsu"], p["eleves"], p["nomenclature"], p["sts"], "--format", "json").stdout)
    shuffled = json.loads(lsucheck(p["sts"], p["nomenclature"], p["lsu"], p["eleves"], "--format", "json").stdout)
    assert [(m["code"], m["count"]) for m in shuffled["messages"]] == [(m["code"], m["count"]) for m in first["messages"]]


def test_the_text_report_lists_the_reference_files_and_the_checks_they_made_possible(college):
    _school, p = college
    done = lsucheck(p["lsu"], p["eleves"], p["sts"])
    assert "Fichiers de référence utilisés :" in done.stdout
    assert "Elève non scolarisé" in done.stdout and "Disciplines non enseignées" in done.stdout


def test_without_reference_files_the_cli_says_which_checks_were_not_run(college):
    _school, p = college
    report = json.loads(lsucheck(p["lsu"], "--format", "json").stdout)
    not_run = {n["code"]: n["reason"] for n in report["not_run"]}
    assert not_run["S1"] == "Il faut l'export SIECLE des élèves (ElevesSansAdresses.xml)."
    assert not_run["T3"] == "Il faut l'export STS-web (sts_emp_<UAI>_<année>.xml)."
    assert report["references"] == []
