"""Compare two exports (issue 15, item 2): a school before and after fixing planted faults lists
exactly the fixed faults, per message and per pupil, in text and JSON."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from lsucheck import compare, engine
from lsucheck.generator import generate_school

from .test_cli import lsucheck

NOW = datetime(2026, 6, 20, 10, 0, tzinfo=timezone.utc)
OPTIONS = engine.Options(now=NOW)
KW = dict(seed=4, annee=2025, nb_divisions_par_niveau=2, eleves_par_division=6)
KEPT, FIXED = ["B6"], ["B3", "B4", "B14", "B16"]


@pytest.fixture(scope="module")
def schools():
    return generate_school(faults=KEPT + FIXED, **KW), generate_school(faults=KEPT, **KW)


@pytest.fixture(scope="module")
def comparison(schools):
    before, after = schools
    return compare.compare_files(before.lsu_xml(), after.lsu_xml(), names=("avant.xml", "apres.xml"),
                                 options=OPTIONS)


def test_exactly_the_fixed_faults_disappear(schools, comparison):
    before, _ = schools
    d = comparison.data
    assert sorted(m["code"] for m in d["messages"]["disappeared"]) == sorted(FIXED)
    assert d["messages"]["appeared"] == [] and d["messages"]["changed"] == []
    fixed = {e.code: e.where["eleve"] for e in before.expected if e.code in FIXED}
    assert {p["eleve"]: [f["code"] for f in p["fixed"]] for p in d["pupils"]} == {v: [k] for k, v in fixed.items()}
    assert all(p["new"] == [] for p in d["pupils"])
    assert d["bilans"] == {"added": [], "removed": []}


def test_the_counters_before_and_after(comparison):
    d = comparison.data
    b, a = d["counts"]["before"]["periodiques"], d["counts"]["after"]["periodiques"]
    assert b["traites"] == a["traites"]
    assert (b["rejetes"], a["rejetes"]) == (2, 1)  # B16 rejected one bilan; B6 still rejects one
    assert (b["alertes"], a["alertes"]) == (3, 0)
    text = comparison.text()
    assert "  Rejetés                                    2 → 1                     0 → 0" in text
    assert "Messages disparus (4)" in text and "Messages apparus (0)" in text
    assert "  [B16] Dispenses non autorisées (bilan rejeté) : 1 → 0" in text


def test_bilans_added_and_removed_and_new_findings(schools):
    before, after = schools
    data = after.lsu_xml()
    # the second export lost one pupil's bilans and gained a fault
    start = data.index(b'<bilan-periodique eleve-ref="EL_0001" periode-ref="P_01"')
    end = data.index(b"</bilan-periodique>", start) + len(b"</bilan-periodique>")
    changed = data[:start] + data[end:]
    changed = changed.replace(b'moyenne-eleve="13.36"', b'moyenne-eleve="13,36"', 1)
    c = compare.compare_files(data, changed, options=OPTIONS)
    d = c.data
    assert len(d["bilans"]["removed"]) == 1 and d["bilans"]["added"] == []
    assert d["bilans"]["removed"][0]["periode"] == "Trimestre 1 2025-2026"
    assert [m["code"] for m in d["messages"]["appeared"]] == ["F13"]
    assert any(f["code"] == "F13" for p in d["pupils"] for f in p["new"])
    assert c.exit_code == 1


def test_the_cli_compares_in_text_and_json(schools, tmp_path):
    before, after = schools
    a, b = tmp_path / "avant.xml", tmp_path / "apres.xml"
    a.write_bytes(before.lsu_xml())
    b.write_bytes(after.lsu_xml())
    p = lsucheck("--comparer", a, b, "--annee", "2025")
    assert p.returncode == 1, p.stderr
    assert p.stdout.splitlines()[:4] == ["Comparaison de deux exports LSU (prévision de lsucheck)", "",
                                         "Avant : avant.xml — Des bilans seraient rejetés",
                                         "Après : apres.xml — Des bilans seraient rejetés"]
    p = lsucheck("--comparer", a, b, "--annee", "2025", "--format", "json")
    d = json.loads(p.stdout)
    assert d["comparison_version"] == 1
    assert sorted(m["code"] for m in d["messages"]["disappeared"]) == sorted(FIXED)
    p = lsucheck("--comparer", a, "--annee", "2025")
    assert p.returncode == 2 and "l'option --comparer attend 2 valeurs" in p.stderr, p.stderr


def test_the_page_function(schools, tmp_path):
    from lsucheck import browser
    before, after = schools
    a, b = tmp_path / "avant.xml", tmp_path / "apres.xml"
    a.write_bytes(before.lsu_xml())
    b.write_bytes(after.lsu_xml())
    r = json.loads(browser.compare(json.dumps({"before": {"path": str(a), "name": "avant.xml"},
                                               "after": {"path": str(b), "name": "apres.xml"}, "annee": 2025})))
    assert r["ok"], r
    html = r["result"]["html"]
    assert html.startswith('<section id="comparison" class="comparison"')
    assert html.count('<li data-code="') == 4 and "Messages disparus (4)" in html
    assert sorted(m["code"] for m in r["result"]["comparison"]["messages"]["disappeared"]) == sorted(FIXED)


def test_the_comparison_can_be_pseudonymised(schools):
    before, after = schools
    c = compare.compare_files(before.lsu_xml(), after.lsu_xml(), names=(before.file_name, after.file_name),
                              options=OPTIONS, pseudonymise=True)
    text = c.to_json() + c.text() + c.html()
    assert all(e.nom not in text and e.prenom not in text for e in before.eleves if len(e.prenom) > 3)
    assert before.file_name not in text and before.uai not in text
    assert sorted(m["code"] for m in c.data["messages"]["disappeared"]) == sorted(FIXED)
    assert all(p["eleve"].startswith("Élève ") for p in c.data["pupils"])
    assert c.data["pseudonymisation"]["eleves"] == len(before.eleves)


def test_the_page_function_takes_the_files_as_check_does(schools, tmp_path):
    from lsucheck import browser
    before, after = schools
    a, b = tmp_path / "avant.xml", tmp_path / "apres.xml"
    a.write_bytes(before.lsu_xml())
    b.write_bytes(after.lsu_xml())
    files = [{"path": str(a), "name": "avant.xml"}, {"path": str(b), "name": "apres.xml"}]
    r = json.loads(browser.compare(json.dumps({"files": files, "annee": 2025})))
    assert r["ok"] and r["result"]["comparison"]["before"]["name"] == "avant.xml"
    r = json.loads(browser.compare(json.dumps({"files": files[:1]})))
    assert not r["ok"] and r["error"]["message"] == ("Déposez les deux exports à comparer : celui d'avant, puis "
                                                     "celui d'après.")
