"""The page's « Outils » (issue 15), run natively: browser.check with several LSU files puts the
combined report first; browser.tools renders the panel; browser.page_tool runs each button on the
last check's files (compare, pseudonymised report, one class's file)."""
from __future__ import annotations

import base64
import json
import re

import pytest

from lsucheck import browser, engine, extract
from lsucheck.generator import generate_school

from ..conftest import browser_export

KW = dict(seed=4, annee=2025, nb_divisions_par_niveau=2, eleves_par_division=6)
KEPT, FIXED = ["B6"], ["B3", "B4", "B14", "B16"]
AVANT, APRES = "import_lsu_20260110083000.xml", "import_lsu_20260115170000.xml"


@pytest.fixture(scope="module")
def schools():
    return generate_school(faults=KEPT + FIXED, **KW), generate_school(faults=KEPT, **KW)


@pytest.fixture()
def checked(schools, tmp_path):
    """The two exports given newest first: the panel must still propose the oldest as « Avant »."""
    before, after = schools
    (tmp_path / APRES).write_bytes(after.lsu_xml())
    (tmp_path / AVANT).write_bytes(before.lsu_xml())
    files = [{"path": str(tmp_path / n), "name": n} for n in (APRES, AVANT)]
    r = json.loads(browser.check(json.dumps({"files": files})))
    assert r["ok"], r
    return files, r["result"]["html"]


def test_several_lsu_files_put_the_combined_report_first(checked):
    files, html = checked
    tabs = re.findall(r'role="tab" id="(report-\d)-tab"[^>]*>.*?</span> ([^<]+)<span', html)
    assert tabs == [("report-0", "Ensemble des 2 fichiers"), ("report-1", APRES), ("report-2", AVANT)]
    d0, d1, d2 = (b.data for b in browser._browsers)
    for kind in ("periodiques", "cycle"):
        for key in ("traites", "importes", "succes", "alertes", "rejetes"):
            assert d0["counts"][kind][key] == d1["counts"][kind][key] + d2["counts"][kind][key]
    # the table of files: each file's classes; the bilans present in both files named
    table = html[html.index('id="report-0-fichiers"'):html.index('id="report-0-inputs"')]
    assert table.count('<tr data-file="') == 2
    row = re.search(r'<tr data-file="%s"><th scope="row">%s</th>(.*?)</tr>' % (re.escape(APRES), re.escape(APRES)),
                    table).group(1)
    assert re.sub(r"<[^>]+>", "|", row).strip("|").split("||") == [
        "Des bilans seraient rejetés", "140", "25", "1", "3 A, 3 B, 4 A, 4 B, 5 A, 5 B, 6 A, 6 B"]
    assert "<strong>Bilans présents dans deux fichiers :</strong>" in table
    assert table.count("<li>") == 1
    assert "<li>Les fichiers « %s » et « %s » contiennent les mêmes bilans (165 bilans : " % (APRES, AVANT) in table
    # the combined report is filtered like any other (its Browse is _browsers[0])
    v = json.loads(browser.view(json.dumps({"report": 0, "filters": {"level": "BILAN"}})))["result"]["html"]
    shown = int(re.search(r'data-shown="(\d+)"', v).group(1))
    assert shown == sum(m["count"] for m in d0["messages"] if m["level"] == "BILAN") == 3
    # exports: JSON is one object whose counts are the sums, CSV each file's rows once
    d = json.loads(browser_export(format="json")["text"])
    assert d["ensemble"] is True and d["counts"] == d0["counts"] and len(d["reports"]) == 2
    csv_all = browser_export(format="csv")["text"]
    rows = csv_all.count("\n") - 1
    assert rows == sum(m["count"] for dd in (d1, d2) for m in dd["messages"])


def test_the_panel_proposes_the_oldest_export_as_avant(checked):
    files, _ = checked
    html = json.loads(browser.tools(json.dumps({"files": files, "modified": [0, 0]})))["result"]["html"]
    avant = re.search(r'<select id="comparer-avant".*?</select>', html, re.S).group(0)
    assert '<option value="1" selected>%s (exporté le 10 janvier 2026 à 08:30:00)</option>' % AVANT in avant
    apres = re.search(r'<select id="comparer-apres".*?</select>', html, re.S).group(0)
    assert '<option value="0" selected>%s (exporté le 15 janvier 2026 à 17:00:00)</option>' % APRES in apres
    assert re.findall(r'name="division" value="([^"]+)"', html) == ["6 A", "6 B", "5 A", "5 B", "4 A", "4 B",
                                                                   "3 A", "3 B"]
    # the class file: from the first file given unless another is chosen (see the test below)
    assert re.search(r'<select id="classe-fichier".*?<option value="0" selected>%s' % re.escape(APRES), html, re.S)
    assert extract.REPLACE_NOTICE.replace("'", "&#39;") in html


def test_compare_lists_exactly_the_fixed_faults(checked):
    files, _ = checked
    r = json.loads(browser.page_tool(json.dumps({"tool": "compare", "files": files, "avant": 1, "apres": 0})))
    assert r["ok"], r
    html = r["result"]["html"]
    disparus = re.search(r'<ul class="comparison-messages" data-kind="disappeared">(.*?)</ul>', html, re.S).group(1)
    assert sorted(re.findall(r'data-code="(\w+)"', disparus)) == sorted(FIXED)
    assert "<h4>Messages apparus (0)</h4>" in html and "<h4>Messages dont le nombre a changé (0)</h4>" in html
    assert '<td data-bilan="periodiques" data-counter="rejetes">2 → 1</td>' in html
    same = json.loads(browser.page_tool(json.dumps({"tool": "compare", "files": files, "avant": 1, "apres": 1})))
    assert same["error"]["message"] == ("Choisissez deux exports différents : l'un pour « Avant », l'autre pour "
                                        "« Après ».")


def test_the_pseudonymised_download_names_no_pupil(checked, schools):
    files, _ = checked
    r = json.loads(browser.page_tool(json.dumps({"tool": "pseudonymised", "files": files})))
    assert r["ok"], r
    assert r["result"]["name"] == "rapport_lsucheck_pseudonymise.html"
    text = base64.b64decode(r["result"]["bytes"]).decode("utf-8")
    before, _ = schools
    assert all(e.nom not in text for e in before.eleves) and before.uai not in text and AVANT not in text
    assert "Rapport pseudonymisé pour l&#39;assistance" in text or "Rapport pseudonymisé pour l'assistance" in text
    note = r["result"]["html"]
    assert "<li>le code UAI de l&#39;établissement</li>" in note
    assert "<li>les numéros de ligne</li>" in note


def test_one_class_file_and_without_the_rejected_bilans(checked, schools):
    files, _ = checked
    r = json.loads(browser.page_tool(json.dumps({"tool": "extract_file", "files": files, "divisions": ["6 A"]})))
    assert r["ok"], r
    assert r["result"]["name"] == "import_lsu_20260115170000_6A.xml"
    data = base64.b64decode(r["result"]["bytes"])
    report = engine.check(data, name=r["result"]["name"], options=engine.Options())
    assert report.data["classes"] == ["6 A"]
    assert "Bilans laissés de côté" not in r["result"]["html"]
    r = json.loads(browser.page_tool(json.dumps({"tool": "extract_file", "files": files, "divisions": ["6 A"],
                                                 "sans_rejetes": True})))
    assert "<h4>Bilans laissés de côté (1)</h4>" in r["result"]["html"]
    none = json.loads(browser.page_tool(json.dumps({"tool": "extract_file", "files": files, "divisions": []})))
    assert none["error"]["message"] == "Cochez au moins une division."


def test_the_class_file_is_cut_from_the_lsu_file_chosen(checked, tmp_path):
    files, _ = checked
    panel = json.loads(browser.tools(json.dumps({"files": files, "modified": [0, 0]})))["result"]["html"]
    select = re.search(r'<select id="classe-fichier" name="fichier">(.*?)</select>', panel, re.S).group(1)
    assert re.findall(r'<option value="(\d)"( selected)?>', select) == [("1", ""), ("0", " selected")]
    # the second file given (« avant »): its date names the file cut from it
    r = json.loads(browser.page_tool(json.dumps({"tool": "extract_file", "files": files, "divisions": ["6 A"],
                                                 "fichier": 1})))
    assert r["ok"], r
    assert r["result"]["name"] == "import_lsu_20260110083000_6A.xml"
    # another school's file: its own divisions to choose, the panel's notices not repeated
    other = generate_school(seed=9, annee=2025, divisions=["3 C", "4 D"], eleves_par_division=2)
    (tmp_path / "import_lsu_20260120090000.xml").write_bytes(other.lsu_xml())
    three = files + [{"path": str(tmp_path / "import_lsu_20260120090000.xml"), "name": "import_lsu_20260120090000.xml"}]
    assert json.loads(browser.check(json.dumps({"files": three})))["ok"]
    d = json.loads(browser.page_tool(json.dumps({"tool": "divisions", "files": three, "fichier": 2})))["result"]
    assert d["divisions"] == ["3 C", "4 D"]
    assert re.findall(r'value="([^"]+)"', d["html"]) == ["3 C", "4 D"] and "notice" not in d["html"]
    wrong = json.loads(browser.page_tool(json.dumps({"tool": "divisions", "files": three, "fichier": 7})))["result"]
    assert wrong["divisions"] == json.loads(browser.page_tool(json.dumps({"tool": "divisions", "files": three})))[
        "result"]["divisions"]   # an index that is no LSU file: the first LSU file, as without a choice


def test_one_file_has_no_combined_report_and_no_comparison(schools, tmp_path):
    _, after = schools
    (tmp_path / APRES).write_bytes(after.lsu_xml())
    files = [{"path": str(tmp_path / APRES), "name": APRES}]
    r = json.loads(browser.check(json.dumps({"files": files})))
    assert r["result"]["html"].startswith('<section id="report" class="lsu-report"') and browser._combined is None
    html = json.loads(browser.tools(json.dumps({"files": files})))["result"]["html"]
    assert 'id="outil-comparer"' not in html and 'id="outil-assistance"' in html and 'id="outil-classe"' in html
    assert "tiré de" not in html
