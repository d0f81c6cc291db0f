"""Several LSU files, one report (issue 15, item 1): the combined counters are the sums of the
files', every occurrence names its file, and bilans present in two files are named (C10)."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from lsucheck import engine, ensemble, extract, render
from lsucheck.generator import generate_school

from .test_cli import lsucheck

NOW = datetime(2026, 6, 20, 10, 0, tzinfo=timezone.utc)
OPTIONS = engine.Options(now=NOW)


@pytest.fixture(scope="module")
def files():
    """One school exported per level (6e, 5e) by cutting it, plus a 5e file that repeats 5 A."""
    school = generate_school(seed=4, annee=2025, nb_divisions_par_niveau=2, eleves_par_division=6,
                             faults=["B6", "B4", "B14"])
    data = school.lsu_xml()
    return {"import_lsu_6e.xml": extract.extract(data, ["6 A", "6 B"], options=OPTIONS).data,
            "import_lsu_5e.xml": extract.extract(data, ["5 A", "5 B"], options=OPTIONS).data,
            "import_lsu_5A.xml": extract.extract(data, ["5 A"], options=OPTIONS).data}


def test_the_counters_are_the_sums_and_each_occurrence_names_its_file(files):
    inputs = [(files[n], n) for n in ("import_lsu_6e.xml", "import_lsu_5e.xml")]
    combined, reports = ensemble.check_inputs(inputs, options=OPTIONS)
    assert len(reports) == 2
    for kind in ("periodiques", "cycle"):
        for key in ("traites", "importes", "succes", "alertes", "rejetes"):
            assert combined.counts[kind][key] == sum(r.counts[kind][key] for r in reports)
    assert combined.data["classes"] == ["5 A", "5 B", "6 A", "6 B"]
    assert [f["classes"] for f in combined.data["files"]] == [["6 A", "6 B"], ["5 A", "5 B"]]
    assert sum(m["count"] for m in combined.messages) == sum(m["count"] for r in reports for m in r.messages)
    for m in combined.messages:
        for o in m["occurrences"]:
            assert o["file"] in ("import_lsu_6e.xml", "import_lsu_5e.xml")
            assert o["detail"].startswith(f"« {o['file']} » : ")
    assert combined.verdict == max((r.verdict for r in reports), key=render.VERDICT_ORDER.index)
    # every format renders it
    assert render.text([combined]).splitlines()[2].startswith(
        "Import des fichiers import_lsu_6e.xml + import_lsu_5e.xml")
    assert "« import_lsu_6e.xml » : " in render.standalone([combined])


def test_the_combined_report_keeps_the_json_contract(files):
    from .test_render import schema_errors
    combined, _ = ensemble.check_inputs([(files[n], n) for n in files], options=OPTIONS)
    assert schema_errors(combined.data) == []


def test_bilans_in_two_files_are_named_once(files):
    inputs = [(files[n], n) for n in ("import_lsu_6e.xml", "import_lsu_5e.xml", "import_lsu_5A.xml")]
    combined, reports = ensemble.check_inputs(inputs, options=OPTIONS)
    c10 = combined.message("C10")
    assert c10 is not None and c10["count"] == 1
    occ = c10["occurrences"][0]
    assert occ["file"] == "import_lsu_5e.xml, import_lsu_5A.xml"
    assert occ["detail"].startswith("Les fichiers « import_lsu_5e.xml » et « import_lsu_5A.xml » contiennent "
                                    "les mêmes bilans (")
    assert sum(1 for r in reports if r.message("C10")) == 2


def test_the_cli_gives_one_json_object_whose_counts_are_the_sums(files, tmp_path):
    paths = []
    for name in ("import_lsu_6e.xml", "import_lsu_5e.xml"):
        (tmp_path / name).write_bytes(files[name])
        paths.append(tmp_path / name)
    p = lsucheck(*paths, "--ensemble", "--format", "json", "--annee", "2025")
    assert p.returncode == 1, p.stderr
    d = json.loads(p.stdout)
    assert isinstance(d, dict) and d["ensemble"] is True and len(d["reports"]) == 2
    assert d["counts"]["periodiques"]["traites"] == sum(r["counts"]["periodiques"]["traites"] for r in d["reports"])
    p = lsucheck(*paths, "--ensemble", "--annee", "2025")
    assert p.stdout.count("Bilans > Import > Rapport d'exécution (prévision de lsucheck)") == 3
    assert "Rapport d'ensemble : les compteurs sont la somme de ceux des fichiers" in p.stdout


def test_the_page_function(files, tmp_path):
    from lsucheck import browser
    listing = []
    for name in ("import_lsu_6e.xml", "import_lsu_5e.xml"):
        (tmp_path / name).write_bytes(files[name])
        listing.append({"path": str(tmp_path / name), "name": name})
    r = json.loads(browser.ensemble(json.dumps({"files": listing, "annee": 2025})))
    assert r["ok"], r
    assert r["result"]["combined"]["counts"]["periodiques"]["traites"] == \
        sum(x["counts"]["periodiques"]["traites"] for x in r["result"]["reports"])
    assert 'class="lsu-reports"' in r["result"]["html"]
    r = json.loads(browser.ensemble(json.dumps({"files": listing, "annee": 2025, "format": "json"})))
    import base64
    d = json.loads(base64.b64decode(r["result"]["bytes"]))
    assert r["result"]["name"] == "rapport_lsucheck_ensemble.json" and d["ensemble"] is True
    assert d["counts"]["cycle"]["traites"] == sum(x["counts"]["cycle"]["traites"] for x in d["reports"])
