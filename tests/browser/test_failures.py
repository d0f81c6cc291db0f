"""Failures are handled: blocked WebAssembly, a crashed worker (issue 5 item 7)."""
import time

from playwright.sync_api import Error as PlaywrightError

import pytest

from tests.browser.pageutil import check_files, open_app, wait_for, wait_state, wheel_with_one_module_more

pytestmark = pytest.mark.browser



def fulfil_unless_gone(route, **kwargs) -> None:
    """route.fulfill, unless the page has given up the request (closed, or fetching it again)."""
    try:
        route.fulfill(**kwargs)
    except PlaywrightError as exc:
        if "disposed" not in str(exc) and "closed" not in str(exc):
            raise

def test_a_crashed_worker_is_restarted_and_the_next_file_is_checked(page, site_url, files):
    open_app(page, site_url)
    first = page.workers[0]
    first.evaluate("() => { setTimeout(() => { throw new Error('panne simulée'); }, 0); }")
    wait_for(page, "document.body.dataset.state === 'booting'", timeout=10, what="the restart")
    assert wait_state(page, "ready", timeout=90) == "ready"
    assert check_files(page, [files["small"]]) == "done"
    assert page.locator("#report").get_attribute("data-verdict") in ("succes", "alertes")


def test_blocked_webassembly_gives_a_french_message_instead_of_a_spinner(browser, browser_context_args, site_url,
                                                                          files):
    """A CSP without 'wasm-unsafe-eval' (as some locked-down networks impose) blocks Pyodide."""
    context = browser.new_context(**browser_context_args, service_workers="block")

    def strip_wasm(route):
        response = route.fetch()
        headers = dict(response.headers)
        if "content-security-policy" in headers:
            headers["content-security-policy"] = headers["content-security-policy"].replace(" 'wasm-unsafe-eval'", "")
        fulfil_unless_gone(route, response=response, headers=headers)

    context.route("**/*", strip_wasm)
    page = context.new_page()
    try:
        t0 = time.monotonic()
        page.goto(site_url)
        assert wait_state(page, "error", timeout=30) == "error"
        assert time.monotonic() - t0 < 30
        message = page.locator("#message").inner_text()
        assert "ne peut pas démarrer" in message and "WebAssembly" in message
        # a file given now gets the same message at once, not a silent queue
        page.evaluate("() => { document.querySelector('#message').hidden = true; }")
        page.set_input_files("input[type=file]", str(files["small"]))
        assert page.locator("#message").inner_text() == message
        assert page.evaluate("() => document.body.dataset.state") == "error"
    finally:
        context.unroute_all(behavior="ignoreErrors")   # a handler still running must not fail the next test
        context.close()


def test_a_wheel_altered_on_the_way_is_refused_by_the_integrity_check(browser, browser_context_args, site_url):
    """micropip installs from the lock, whose sha256 Pyodide checks: a changed wheel never runs."""
    context = browser.new_context(**browser_context_args, service_workers="block")

    def tamper(route):
        # a perfectly valid wheel with one module more: only its sha256 betrays it
        response = route.fetch()
        fulfil_unless_gone(route, response=response, body=wheel_with_one_module_more(response.body(), "jinja2/_ajout.py"))

    context.route("**/py/jinja2-*.whl", tamper)
    page = context.new_page()
    try:
        page.goto(site_url)
        assert wait_state(page, "error", "ready", timeout=90) == "error"
        assert page.locator("#message").inner_text().startswith(
            "Le moteur de vérification n'a pas pu démarrer : le module « jinja2 » n'a pas été installé, "
            "car le fichier reçu était incomplet ou différent de celui publié (contrôle d'intégrité).")
    finally:
        context.unroute_all(behavior="ignoreErrors")   # a handler still running must not fail the next test
        context.close()
