"""After the first visit the app works with the network cut (service worker precache)."""
import pytest

from tests.browser.pageutil import check_files, open_app, wait_for, wait_state

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
