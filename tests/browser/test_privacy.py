"""Privacy, proven: same-origin requests only, the strict CSP holds, nothing stored (issue 5 item 6)."""
from urllib.parse import urlsplit

import pytest

from tests.browser.pageutil import check_files, open_app, wait_for

pytestmark = pytest.mark.browser

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def session(browser, browser_context_args, site_url):
    """A fresh context that records every request (page, worker, service worker) and console line."""
    context = browser.new_context(**browser_context_args)
    requests, console = [], []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    page.on("console", lambda m: console.append(m.text))
    yield context, page, requests, console
    context.close()


def test_the_server_sends_the_strict_csp_and_the_other_security_headers(page, site_url):
    response = page.goto(site_url)
    headers = response.headers
    assert headers["content-security-policy"] == CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "camera=()" in headers["permissions-policy"]
    assert headers["cache-control"] == "no-cache, must-revalidate"


def test_a_whole_session_makes_requests_to_its_own_origin_only(session, site_url, files):
    context, page, requests, console = session
    open_app(page, site_url)
    assert check_files(page, [files["small"], files["siecle"]]) == "done"
    with page.expect_download():
        page.click("[data-export=csv]")
    page.click("#sample")
    wait_for(page, "document.body.dataset.state === 'done'")
    # the service worker has precached the site (it controls the page once its cache is full)
    wait_for(page, "navigator.serviceWorker.controller !== null", timeout=60)
    origin = urlsplit(site_url)
    foreign = [u for u in requests if urlsplit(u).scheme not in ("blob", "data")
               and (urlsplit(u).scheme, urlsplit(u).netloc) != (origin.scheme, origin.netloc)]
    assert requests and foreign == []
    # the worker's files were fetched too: the context saw the worker's and service worker's requests
    assert any(u.endswith("pyodide.asm.wasm") for u in requests)
    assert any(u.endswith("/py/lock.json") for u in requests)
    assert not any(u.endswith("pyodide-lock.json") for u in requests)


def test_the_strict_csp_raises_no_violation_while_booting_and_checking(session, site_url, files):
    context, page, requests, console = session
    open_app(page, site_url)
    assert check_files(page, [files["many"]]) == "done"
    page.click("#regles-details summary")
    assert page.evaluate("() => window.__csp") == []
    assert [line for line in console if "Content Security Policy" in line or "Refused to" in line] == []


def test_nothing_of_the_files_is_stored_in_the_browser(session, site_url, files):
    context, page, requests, console = session
    open_app(page, site_url)
    assert check_files(page, [files["small"]]) == "done"
    wait_for(page, "navigator.serviceWorker.controller !== null", timeout=60)
    # the engine's memory snapshot is stored after the engine is ready, in the background
    wait_for(page, "caches.open('lsucheck.snapshot').then((c) => c.keys()).then((keys) => keys.length)",
             timeout=60, what="the engine's snapshot in the cache")
    stored = page.evaluate("""async () => ({
        local: localStorage.length, session: sessionStorage.length, cookie: document.cookie,
        idb: (await indexedDB.databases()).length,
        cached: (await Promise.all((await caches.keys()).map(async k =>
            (await (await caches.open(k)).keys()).map(r => r.url)))).flat(),
    })""")
    assert stored["local"] == 0 and stored["session"] == 0 and stored["cookie"] == "" and stored["idb"] == 0
    # the service worker's cache holds the site's own files only, never a checked file
    manifest = page.evaluate("async () => (await (await fetch('sw.js')).text())")
    assert stored["cached"]
    # ... and the memory snapshot of the engine (web/worker.js), taken before any file is checked:
    # no pupil of the checked file is in it
    (snapshot,) = [u for u in stored["cached"] if u.endswith("/py/engine.snapshot")]
    for url in stored["cached"]:
        path = urlsplit(url).path.lstrip("/")
        assert path == "" or f'"{path}"' in manifest or url == snapshot, url
    assert not any("import_lsu_petit" in u for u in stored["cached"])
    import re
    # the pupils' national numbers (id-be), which the checked report holds in Python's memory
    pupils = [m.decode() for m in re.findall(rb'<eleve [^>]*\bid-be="(\d+)"', files["small"].read_bytes())]
    assert len(pupils) == 10
    found = page.evaluate("""async ([url, words]) => {
        const bytes = new Uint8Array(await (await (await caches.open("lsucheck.snapshot")).match(url)).arrayBuffer());
        const text = new TextDecoder("latin1").decode(bytes);
        return [bytes.length, words.map((w) => text.includes(w))];
    }""", [snapshot, pupils + ["import_lsu_petit"]])
    assert found[0] > 10_000_000 and found[1] == [False] * 11, found
