"""A first visit downloads each file once: the engine's files pass through the service worker,
which keeps them, and the rest of the offline copy is fetched once the engine is ready."""
import collections

import pytest

from tests.browser.conftest import build
from tests.browser.pageutil import open_app, wait_for, wait_state

pytestmark = pytest.mark.browser


@pytest.fixture()
def counted_site(site_dir):
    import threading

    server = build.make_server(0, site_dir)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_first_visit_downloads_each_file_once(browser, browser_context_args, counted_site, site_dir):
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
    # everything the offline copy holds was downloaded, and nothing else
    manifest = build.precache_files(site_dir)
    assert sorted(counts) == sorted({"/" + p.removeprefix("./") for p in manifest} | {"/sw.js"})
    # every compressible file came gzipped (Chromium accepts gzip): the bytes are the .gz sizes
    def size(path, gzipped=True):
        served = site_dir / ("index.html" if path == "/" else path.lstrip("/"))
        gz = served.with_name(served.name + ".gz")
        return (gz if gzipped and gz.exists() else served).stat().st_size

    sent = {path: n for path, status, n in requests if status == 200}
    assert sent == {path: size(path) for path in counts}
    total = sum(sent.values())
    identity = sum(size(p, gzipped=False) for p in counts)
    print(f"first visit: {len(requests)} requests, {total} bytes sent ({identity} uncompressed)")
