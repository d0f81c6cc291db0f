"""The first thing a user does: open the page, try the built-in example, read the report."""
import pytest

from tests.browser.pageutil import open_app, wait_for, wait_state

pytestmark = pytest.mark.browser


def test_the_example_school_is_checked_and_its_report_shown(page, site_url):
    open_app(page, site_url)
    sample = page.evaluate("() => document.body.dataset.sample")
    assert sample.split()[0] == "exemple/import_lsu_exemple.xml"
    page.click("#sample")
    assert wait_state(page, "done", "error") == "done"
    report = page.locator("#report")
    assert report.get_attribute("data-verdict") in ("succes", "alertes", "rejets_partiels", "rejete")
    assert report.get_attribute("data-file") == "import_lsu_exemple.xml"
    # the counters read like LSU's: Traités = Importés + Rejetés for both kinds of bilan
    for bilan in ("periodique", "cycle"):
        cell = lambda counter: int(page.locator(f"#report td[data-bilan={bilan}][data-counter={counter}]").inner_text())
        assert cell("traites") == cell("importes") + cell("rejetes")
    assert int(page.locator("#report td[data-bilan=periodique][data-counter=traites]").inner_text()) > 0
    assert "Non opposable" in page.locator("#report .notice").inner_text()


def test_focus_moves_to_the_verdict_when_the_report_arrives(page, site_url):
    open_app(page, site_url)
    page.click("#sample")
    wait_state(page, "done")
    assert page.evaluate("() => document.activeElement.classList.contains('verdict')")
    assert page.evaluate("() => document.activeElement.closest('#report') !== null")


def test_a_file_chosen_while_python_loads_is_checked_once_it_is_ready(page, site_url, files):
    page.goto(site_url)
    assert page.evaluate("() => document.body.dataset.state") == "booting"
    page.set_input_files("input[type=file]", str(files["small"]))
    assert wait_state(page, "checking", "done") in ("checking", "done")
    assert wait_state(page, "done") == "done"
    assert page.locator("#report").get_attribute("data-file") == "import_lsu_petit.xml"
    # the progress went through the phases, and the elapsed time was shown
    assert wait_for(page, "document.querySelectorAll('#status li.done').length >= 4")


def test_a_file_chosen_before_the_engine_starts_is_checked_once_it_is_ready(browser, browser_context_args,
                                                                             site_dir, files):
    """The page starts the engine once its service worker controls it (up to 5 s): a file chosen
    before that waited on a worker that did not exist yet (« Cannot read properties of null »), seen
    on a loaded machine. Here the service worker's script is slow to come."""
    import time

    from tests.browser.conftest import build, served

    class SlowServiceWorker(build.SiteHandler):
        def do_GET(self):
            if self.path.split("?")[0].endswith("/sw.js"):
                time.sleep(3)
            return super().do_GET()

    with served(site_dir, SlowServiceWorker) as (_, url):
        context = browser.new_context(**browser_context_args)
        try:
            page = context.new_page()
            page.goto(url)
            page.set_input_files("input[type=file]", str(files["small"]))
            # chosen before the worker exists (its script not even asked for yet)
            assert page.evaluate("() => performance.getEntriesByType('resource')"
                                 ".filter((e) => e.name.endsWith('/worker.js')).length") == 0
            assert wait_state(page, "done", "error", timeout=120) == "done"
            assert page.locator("#report").get_attribute("data-file") == "import_lsu_petit.xml"
        finally:
            context.close()
