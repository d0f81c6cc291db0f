"""A first visit downloads each file once: the engine's files pass through the service worker,
which keeps them, and the rest of the offline copy is fetched once the engine is ready."""
import collections

import pytest

from tests.browser.conftest import build
from tests.browser.pageutil import open_app, wait_for, wait_state

pytestmark = pytest.mark.browser



def test_a_first_visit_downloads_each_file_once(browser, browser_context_args, counted_site, site_dir, table):
    server, url = counted_site
    context = browser.new_context(**browser_context_args)  # a fresh profile
    try:
        page = context.new_page()
        open_app(page, url)
        page.click("#sample")
        assert wait_state(page, "done", "error") == "done"
        assert page.locator("#report").get_attribute("data-file") == "import_lsu_exemple.xml"
        wait_for(page, "document.documentElement.dataset.offline === 'ready'", timeout=90,
                 what="the service worker's copy")
        requests = list(server.requests)
    finally:
        context.close()
    counts = collections.Counter(path for path, status, _sent in requests if status == 200)
    twice = {path: n for path, n in counts.items() if n > 1}
    assert twice == {}
    # besides, only the browser's check of the service worker's script (304, no body)
    others = {(path, status, sent) for path, status, sent in requests if status != 200}
    assert others <= {("/sw.js", 304, 0)}
    # everything the offline copy holds was downloaded, plus the demo school the user asked for,
    # and nothing else: not xmlschema (no XSD was given), not the full standard library
    manifest = build.precache_files(site_dir)
    demo = [p for p in build.precache_files(site_dir, on_demand=True) if p.startswith("exemple/")]
    assert len(demo) == 4
    assert sorted(counts) == sorted({"/" + p.removeprefix("./") for p in manifest + demo} | {"/sw.js"})
    assert not [p for p in counts if "xmlschema" in p or "elementpath" in p]
    assert [p for p in counts if p.endswith("python_stdlib.zip")] == [
        "/" + p for p in manifest if p.startswith("app/") and p.endswith("/py/python_stdlib.zip")]

    # every compressible file came compressed, Brotli when the browser offers it, else gzip
    def size(path, ext=""):
        served = site_dir / ("index.html" if path == "/" else path.lstrip("/"))
        coded = served.with_name(served.name + ext)
        return coded.stat().st_size if ext and coded.exists() else served.stat().st_size if not ext else None

    sent = {path: n for path, status, n in requests if status == 200}
    encodings = collections.Counter()
    for path, n in sent.items():
        how = next((ext for ext in (".br", ".gz", "") if size(path, ext) == n), None)
        assert how is not None and (how or size(path, ".gz") is None), (path, n)
        encodings[how or "identity"] += 1
    assert encodings[".gz"] == 0 or encodings[".br"] == 0  # one negotiated encoding for the visit
    total = sum(sent.values())
    identity = sum(size(p) for p in counts)
    table("First visit", f"{len(requests)} requests, {total} bytes sent ({identity} uncompressed), {dict(encodings)}")
