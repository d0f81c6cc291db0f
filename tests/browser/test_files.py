"""Giving files to the app: the picker, drag and drop, several files at once, limits, hostile input."""
import re

import pytest

from tests.browser.pageutil import check_files, checks_done, drop_files, wait_for

pytestmark = pytest.mark.browser


def test_a_file_chosen_with_the_picker_gets_its_report(app, files):
    assert check_files(app, [files["small"]], how="picker") == "done"
    assert app.locator("#report").get_attribute("data-file") == "import_lsu_petit.xml"
    assert app.locator("#report").get_attribute("data-verdict") in ("succes", "alertes")


def test_a_file_dropped_on_the_page_gets_its_report(app, files):
    assert check_files(app, [files["other"]], how="drop") == "done"
    assert app.locator("#report").get_attribute("data-file") == "import_lsu_autre.xml"


def test_two_lsu_files_give_the_combined_report_then_one_report_each_in_tabs(app, files):
    # contract change (issue 15 item 1): the first tab is the combined report of the files
    assert check_files(app, [files["small"], files["other"]]) == "done"
    tabs = app.locator("[role=tab]")
    assert tabs.count() == 3
    assert "Ensemble des 2 fichiers" in tabs.nth(0).inner_text()
    assert "import_lsu_petit.xml" in tabs.nth(1).inner_text()
    assert "import_lsu_autre.xml" in tabs.nth(2).inner_text()
    assert tabs.nth(0).get_attribute("aria-selected") == "true"
    assert app.locator("#report-0").is_visible() and not app.locator("#report-1").is_visible()
    # keyboard: the arrow key moves to the next report
    tabs.nth(1).click()
    app.keyboard.press("ArrowRight")
    assert tabs.nth(2).get_attribute("aria-selected") == "true"
    assert app.locator("#report-2").is_visible() and not app.locator("#report-1").is_visible()
    assert app.locator("#report-2").get_attribute("data-file") == "import_lsu_autre.xml"


def test_an_lsu_file_with_a_siecle_export_lists_it_in_the_reference_panel(app, files):
    # contract change (issue 12 item 4): the references panel is the report's own section, after
    # the messages (the page's separate panel above the report is gone), dates as the report says them
    assert check_files(app, [files["small"], files["siecle"]]) == "done"
    panel = app.locator("#report-references")
    assert panel.is_visible()
    cells = panel.locator("tbody tr").first.locator("td").all_inner_texts()
    assert "SIECLE" in cells[0]
    assert cells[1] == "ElevesSansAdresses.xml"
    assert cells[2] == "0999001W"
    assert cells[3] == "2025-2026"
    d, m, y = re.search(rb"<DATE_EXPORT>([^<]+)</DATE_EXPORT>", files["siecle"].read_bytes()).group(1).decode().split("/")
    from lsucheck.render import MONTHS
    assert cells[4].startswith(f"{d} {MONTHS[int(m) - 1]} {y}")
    # the references come after the messages
    assert app.evaluate("""() => !!(document.querySelector('#report-messages').compareDocumentPosition(
        document.querySelector('#report-references')) & Node.DOCUMENT_POSITION_FOLLOWING)""")
    # one report only: the SIECLE file is a reference, not a file to check
    assert app.locator("#report").get_attribute("data-file") == "import_lsu_petit.xml"
    assert app.locator("[role=tab]").count() == 0


def test_a_file_over_100_mo_is_refused_before_anything_is_read(app):
    before = checks_done(app)
    app.evaluate("""() => {
        const dt = new DataTransfer();
        dt.items.add(new File([new ArrayBuffer(101 * 1024 * 1024)], "import_lsu_enorme.xml"));
        document.querySelector("#form").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""")
    message = app.locator("#message")
    assert message.is_visible()
    assert message.inner_text().startswith("Fichier trop volumineux : « import_lsu_enorme.xml » (101 Mo).")
    assert checks_done(app) == before              # the worker never saw it
    assert app.evaluate("() => document.body.dataset.state") != "checking"


def test_a_hostile_file_gets_the_engines_message_and_the_next_file_is_checked(app, files):
    assert check_files(app, [files["hostile"]]) == "done"
    report = app.locator("#report")
    assert report.get_attribute("data-verdict") == "illisible"
    detail = app.locator("#report tr.occ td").nth(5).inner_text()
    assert "entité" in detail.lower() or "dtd" in detail.lower(), detail
    assert check_files(app, [files["small"]]) == "done"
    assert app.locator("#report").get_attribute("data-verdict") in ("succes", "alertes")
    assert not app.locator("#message").is_visible()


def test_a_reference_export_alone_is_named_next_to_the_drop_zone(app, files):
    # issue 10, item 4: not an « illisible » report, a sentence next to the drop zone
    assert check_files(app, [files["siecle"]]) == "ready"
    assert app.locator("#message").inner_text().strip() == (
        "Vous avez déposé un export SIECLE (élèves) ; ajoutez le fichier import_lsu_….xml exporté par votre "
        "logiciel.")
    assert app.locator("#resultats").is_hidden()


def test_the_school_year_field_sets_the_year_checked_against(app, files):
    app.fill("#annee", "2024-2025")
    try:
        assert check_files(app, [files["small"]]) == "done"
        meta = app.locator("#report-file").inner_text()
        assert "2024-2025 (choisie par vous)" in meta
        labels = app.eval_on_selector_all("#report details.msg", "ds => ds.map(d => d.dataset.label)")
        assert "Année scolaire incohérente" in labels
    finally:
        app.fill("#annee", "")


def test_a_file_given_during_a_check_is_not_lost_silently(app, files):
    before = checks_done(app)
    app.set_input_files("input[type=file]", str(files["tenk"]))
    drop_files(app, [files["small"]])
    assert app.locator("#message").inner_text() == (
        "Une vérification est déjà en cours : attendez sa fin pour en lancer une autre.")
    wait_for(app, f"Number(document.body.dataset.checks || 0) > {before}", timeout=90)
    assert app.locator("#report").get_attribute("data-file") == "import_lsu_10000_alertes.xml"
    assert app.locator("#message").is_hidden()
