"""lsucheck.browser, the worker's entry points, run natively: JSON in, JSON out, never raises."""
import json

from lsucheck import browser


def call_check(paths, **extra):
    phases = []
    answer = json.loads(browser.check(json.dumps({"files": [{"path": str(p), "name": p.name} for p in paths],
                                                  **extra}), lambda phase, detail: phases.append(phase)))
    return answer, phases


def test_check_returns_the_reports_their_html_and_reports_progress_by_phase(files):
    answer, phases = call_check([files["small"]])
    assert answer["ok"] is True
    (report,) = answer["result"]["reports"]
    assert report["file"]["name"] == "import_lsu_petit.xml"
    assert '<section id="report" class="lsu-report"' in answer["result"]["html"]
    assert phases[0] == "lecture" and phases[-1] == "rapport"
    assert "controles" in phases


def test_check_lists_the_reference_files_with_their_kind_in_words(files):
    answer, _ = call_check([files["small"], files["siecle"]])
    (ref,) = answer["result"]["references"]
    assert ref["kind_label"] == "SIECLE élèves"
    assert ref["annee_label"] == "2025-2026"
    assert ref["name"] == "ElevesSansAdresses.xml"


def test_the_school_year_given_is_passed_to_the_engine(files):
    answer, _ = call_check([files["small"]], annee="2023-2024")
    assert answer["result"]["reports"][0]["target_year"] == 2023


def test_exports_are_made_from_the_last_check(files):
    call_check([files["small"]])
    csv = json.loads(browser.export(json.dumps({"format": "csv"})))["result"]
    assert csv["filename"] == "rapport_lsucheck_import_lsu_petit.csv"
    assert csv["text"].startswith("\ufeffFichier;Verdict;")
    data = json.loads(json.loads(browser.export(json.dumps({"format": "json"})))["result"]["text"])
    assert data["file"]["name"] == "import_lsu_petit.xml"
    html = json.loads(browser.export(json.dumps({"format": "html"})))["result"]
    assert html["mime"] == "text/html;charset=utf-8" and "<html" in html["text"]


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
