"""Exports made by Python, downloaded from the page: CSV for French Excel, JSON, standalone HTML."""
import csv
import io
import json

import pytest

from tests.browser.pageutil import check_files, expected_report, views_done, wait_view

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def checked(app, files):
    # contract change (issue 9 item 3): the expected counts come from lsucheck, not the page's JSON
    assert check_files(app, [files["many"]]) == "done"
    return expected_report(files["many"])


def download(page, fmt: str, scope: str = "all"):
    selector = f"[data-export={fmt}][data-scope={scope}]" if fmt != "json" else "[data-export=json]"
    with page.expect_download() as info:
        page.click(selector)
    dl = info.value
    return dl.suggested_filename, open(dl.path(), "rb").read()


def test_the_csv_export_is_for_french_excel_with_one_row_per_occurrence(app, checked):
    name, data = download(app, "csv")
    assert name == "rapport_lsucheck_import_lsu_sans_appreciations.csv"
    assert data.startswith(b"\xef\xbb\xbf")                      # UTF-8 BOM: Excel reads accents
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Fichier", "Verdict", "Niveau", "Code", "Message"]
    assert len(rows) - 1 == checked["total"]
    assert sum(1 for r in rows[1:] if r[3] == "B4") == next(m["count"] for m in checked["messages"] if m["code"] == "B4")


def test_the_json_export_is_the_engines_report(app, checked):
    name, data = download(app, "json")
    assert name == "rapport_lsucheck_import_lsu_sans_appreciations.json"
    report = json.loads(data)
    assert report["report_version"] == 2
    assert report["verdict"] == app.locator("#report").get_attribute("data-verdict")
    assert report["file"]["name"] == "import_lsu_sans_appreciations.xml"
    assert sum(m["count"] for m in report["messages"]) == checked["total"]


def test_the_html_export_is_a_standalone_document(app, checked):
    name, data = download(app, "html")
    assert name == "rapport_lsucheck_import_lsu_sans_appreciations.html"
    html = data.decode("utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "import_lsu_sans_appreciations.xml" in html
    assert "Appréciation manquante" in html
    # opens offline: no external resource, no script
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert "<script src" not in html


def test_the_csv_of_what_is_shown_holds_the_filtered_rows_and_says_which_filters(app, checked):
    division = checked["facets"]["divisions"][0]
    before = views_done(app)
    app.select_option("#report-filtre-division", division["value"])
    wait_view(app, before)
    name, data = download(app, "csv", "view")
    assert name == "rapport_lsucheck_import_lsu_sans_appreciations_affiche.csv"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [f"Extrait du rapport (ce qui est affiché) — filtres : Division : {division['value']}."]
    assert rows[1][:5] == ["Fichier", "Verdict", "Niveau", "Code", "Message"]
    assert len(rows) - 2 == division["count"] and {r[8] for r in rows[2:]} == {division["value"]}
    name, data = download(app, "html", "view")
    assert f"Extrait du rapport (ce qui est affiché) — filtres : Division : {division['value']}." in data.decode()
    # « tout le rapport » stays whole
    name, data = download(app, "csv", "all")
    assert len(list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))) - 1 == checked["total"]
    before = views_done(app)
    app.click("#report .filter-all")
    wait_view(app, before)
