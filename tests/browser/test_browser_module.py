"""lsucheck.browser, the worker's entry points, run natively: JSON in, JSON out, never raises.

Contract change (issue 9 item 3): a check answers {html, reference_files, timings}, no report
JSON; a view request answers {html}; an export answers {name, mime, text} ("filename" before)."""
import json

from lsucheck import browser

from ..conftest import browser_export


def call_check(paths, **extra):
    phases = []
    answer = json.loads(browser.check(json.dumps({"files": [{"path": str(p), "name": p.name} for p in paths],
                                                  **extra}), lambda phase, detail: phases.append(phase)))
    return answer, phases


def test_check_returns_the_html_only_and_reports_progress_by_phase(files):
    answer, phases = call_check([files["small"]])
    assert answer["ok"] is True
    assert set(answer["result"]) == {"html", "reference_files", "timings"}
    assert '<section id="report" class="lsu-report"' in answer["result"]["html"]
    assert 'data-file="import_lsu_petit.xml"' in answer["result"]["html"]
    assert phases[0] == "lecture" and phases[-1] == "rapport"
    assert "controles" in phases


def test_check_names_the_reference_files_the_page_keeps_for_a_recheck(files):
    answer, _ = call_check([files["small"], files["siecle"]])
    assert answer["result"]["reference_files"] == [{"index": 1, "kind": "SIECLE élèves"}]
    assert "<td>SIECLE élèves</td><td>ElevesSansAdresses.xml</td>" in answer["result"]["html"]


def test_the_school_year_given_is_passed_to_the_engine(files):
    answer, _ = call_check([files["small"]], annee="2023-2024")
    assert "<dt>Année scolaire</dt><dd>2023-2024" in answer["result"]["html"]


def test_a_view_request_renders_the_last_checks_view_for_the_filters(files):
    call_check([files["small"]])
    answer = json.loads(browser.view(json.dumps({"report": 0, "filters": {"division": "6 A"}})))
    assert answer["ok"] is True and set(answer["result"]) == {"html"}
    assert answer["result"]["html"].startswith('<div class="browse" id="report-browse"')
    answer = json.loads(browser.view(json.dumps({"report": 0, "filters": {"division": "9 Z"}})))
    assert 'data-shown="0"' in answer["result"]["html"]
    assert "<strong>Filtres :</strong> Division : 9 Z" in answer["result"]["html"]
    assert json.loads(browser.view(json.dumps({"report": 3})))["error"]["message"] == (
        "Ce rapport n'existe plus : vérifiez à nouveau le fichier.")


export = browser_export


def test_exports_are_made_from_the_last_check(files):
    call_check([files["small"]])
    csv = export(format="csv")
    assert csv["name"] == "rapport_lsucheck_import_lsu_petit.csv"
    assert csv["text"].startswith("\ufeffFichier;Verdict;")
    data = json.loads(export(format="json")["text"])
    assert data["file"]["name"] == "import_lsu_petit.xml"
    html = export(format="html")
    assert html["mime"] == "text/html;charset=utf-8" and "<html" in html["text"]


def test_the_exports_of_what_is_shown_follow_the_last_view_and_say_so(files):
    call_check([files["many"]])
    full = export(format="csv")["text"]
    browser.view(json.dumps({"report": 0, "filters": {"division": "6 A"}}))
    part = export(format="csv", scope="view")
    assert part["name"] == "rapport_lsucheck_import_lsu_sans_appreciations_affiche.csv"
    lines = part["text"].lstrip("\ufeff").splitlines()
    assert lines[0] == "Extrait du rapport (ce qui est affiché) — filtres : Division : 6 A."
    assert lines[1].startswith("Fichier;Verdict;")
    rows = lines[2:]
    assert rows and all(";6 A;" in r for r in rows)
    assert len(rows) == sum(1 for r in full.splitlines()[1:] if ";6 A;" in r) < len(full.splitlines()) - 1
    html = export(format="html", scope="view")["text"]
    assert "Extrait du rapport (ce qui est affiché) — filtres : Division : 6 A." in html


def test_a_broken_request_gives_a_french_error_not_an_exception():
    answer = json.loads(browser.check("{pas du json", None))
    assert answer == {"ok": False, "error": {
        "name": "JSONDecodeError",
        "message": "La vérification s'est arrêtée sur une erreur interne de lsucheck (JSONDecodeError). "
                   "Réessayez ; si cela se reproduit, signalez-le."}}
    assert json.loads(browser.export(json.dumps({"format": "pdf"})))["error"]["message"].startswith(
        "Format d'export inconnu")


def test_prepare_imports_everything_and_gives_the_version():
    answer = json.loads(browser.prepare())
    assert answer["ok"] is True and answer["result"]["version"]
