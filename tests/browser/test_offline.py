"""After the first visit the app works with the network cut (service worker precache)."""
import pytest

from tests.browser.conftest import ROOT
from tests.browser.pageutil import check_files, expected_report, open_app, wait_for, wait_state

pytestmark = pytest.mark.browser


def test_after_a_first_visit_the_app_reloads_and_checks_a_file_offline(context, page, site_url, files):
    open_app(page, site_url)
    wait_for(page, "navigator.serviceWorker.controller !== null", timeout=60, what="the service worker")
    # the page is controlled before the engine starts; the offline copy is complete a bit later
    wait_for(page, "document.documentElement.dataset.offline === 'ready'", timeout=60, what="the offline copy")
    # the demo school is fetched only when asked for (issue 13), and kept then: ask once online
    page.click("#sample")
    wait_for(page, "document.querySelector('#report')?.dataset.file === 'import_lsu_exemple.xml'")
    context.set_offline(True)
    try:
        page.reload()
        assert wait_state(page, "ready", "error", timeout=90) == "ready"
        assert check_files(page, [files["small"]]) == "done"
        assert page.locator("#report").get_attribute("data-verdict") in ("succes", "alertes")
        page.click("#sample")
        wait_for(page, "document.querySelector('#report').dataset.file === 'import_lsu_exemple.xml'")
    finally:
        context.set_offline(False)


XSD = ROOT / "py" / "lsucheck" / "data" / "xsd" / "10.0" / "lsun-bilans.xsd"


def test_a_later_visit_starts_from_the_memory_snapshot_and_checks_as_the_first_did(context, page, site_url, files):
    """The first visit keeps Python's memory once the engine is ready; the next visits, online or
    not, restore it instead of starting Python, and check files, the example and an XSD alike."""
    open_app(page, site_url)
    assert page.evaluate("() => JSON.parse(document.documentElement.dataset.engineTimings).snapshot") is False
    wait_for(page, "document.documentElement.dataset.offline === 'ready'", timeout=60, what="the offline copy")
    kept = wait_for(page, """caches.open('lsucheck.snapshot').then((c) => c.keys())
        .then((keys) => keys.map((r) => new URL(r.url).pathname))""", timeout=30, what="the snapshot")
    (worker,) = page.evaluate("() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)"
                              ".filter((p) => p.endsWith('/worker.js'))")
    assert kept == [worker.replace("worker.js", "py/engine.snapshot")]
    page.reload()
    assert wait_state(page, "ready", "error", timeout=90) == "ready"
    assert page.evaluate("() => JSON.parse(document.documentElement.dataset.engineTimings).snapshot") is True
    expected = expected_report(files["small"])["report"]["verdict"]
    assert check_files(page, [files["small"]]) == "done"
    assert page.locator("#report").get_attribute("data-verdict") == expected
    # xmlschema was never installed before the snapshot: micropip installs it now
    assert check_files(page, [files["small"], XSD], how="drop") == "done"
    assert "Structure vérifiée avec le XSD officiel 10.0 que vous avez fourni (« lsun-bilans.xsd »" in page.locator("#report").text_content()
    context.set_offline(True)
    try:
        page.reload()
        assert wait_state(page, "ready", "error", timeout=90) == "ready"
        assert page.evaluate("() => JSON.parse(document.documentElement.dataset.engineTimings).snapshot") is True
        assert check_files(page, [files["small"]]) == "done"
        assert page.locator("#report").get_attribute("data-verdict") == expected
    finally:
        context.set_offline(False)
