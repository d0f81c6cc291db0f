"""The rapport d'exécution in data (report.py): verdict, exit code and counters agree; messages
are found by code; the JSON contract carries its version."""
from __future__ import annotations

import json

import lsucheck
from lsucheck import report as report_mod
from lsucheck.generator import generate_school


def _check(faults=()):
    school = generate_school(seed=3, divisions=["5 A"], eleves_par_division=2, faults=list(faults))
    return lsucheck.check(school.lsu_xml(), name=school.file_name)


def test_an_alert_gives_the_alertes_verdict_exit_code_0_and_one_bilan_with_alert():
    report = _check(["B3"])
    assert (report.verdict, report.exit_code) == ("alertes", 0)
    assert report.counts["periodiques"] == {"traites": 3, "importes": 3, "succes": 2, "alertes": 1, "rejetes": 0}
    assert "B3" in report.codes() and report.message("B3")["count"] == 1
    assert report.details("B3") == [
        "Aucune moyenne, aucun positionnement ni aucun statut (non noté, en attente, dispensé) n'est "
        "donné en Sciences de la vie et de la Terre (062900)."]
    assert report.message("B99") is None and report.details("B99") == []


def test_every_verdict_has_its_exit_code_and_its_french_label():
    assert set(report_mod.EXIT_CODES) == set(report_mod.VERDICTS) == set(report_mod.VERDICT_LABELS)
    assert [report_mod.EXIT_CODES[v] for v in report_mod.VERDICTS] == [0, 0, 1, 1, 2]


def test_the_json_carries_the_contract_version_and_the_same_counters():
    report = _check()
    data = json.loads(report.to_json())
    assert data["report_version"] == report_mod.REPORT_VERSION
    assert data["counts"] == report.counts and data["verdict"] == report.verdict == "succes"


def test_the_json_schema_states_the_cap_the_report_applies():
    from importlib import resources
    schema = json.loads(resources.files("lsucheck").joinpath("data/report.schema.json").read_text("utf-8"))
    text = json.dumps(schema, ensure_ascii=False)
    cap = f"{report_mod.MAX_OCCURRENCES:,}"
    assert f"more than {cap} times" in text and f"beyond the first {cap}" in text
