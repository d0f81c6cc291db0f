"""The first visit says what it downloads, how far it is (in bytes, against the total build.py
measured), that it happens once, then that the engine is being prepared, then the file being
checked (issue 12 item 5). The line is slowed at the server so that the download takes a while."""
import json
import re
import time

import pytest

from tests.browser.conftest import build, served
from tests.browser.pageutil import wait_state

pytestmark = pytest.mark.browser

#: every text the engine line (#engine) shows, in order, recorded by the page itself
RECORD = """
window.__engineTexts = [];
document.addEventListener("DOMContentLoaded", () => {
  const el = document.querySelector("#engine");
  const keep = () => { if (!el.hidden && el.textContent) window.__engineTexts.push(el.textContent); };
  keep();
  new MutationObserver(keep).observe(el, { childList: true, characterData: true, subtree: true, attributes: true });
});
"""


@pytest.fixture()
def slow_site(site_dir):
    """The site at ≈ 16 Mbit/s (bodies sent in 16 KB chunks), so that the download lasts ≈ 3 s."""
    class Slow(build.SiteHandler):
        def copyfile(self, source, outputfile):
            data = source.read()
            self._sent = getattr(self, "_sent", 0) + len(data)
            for i in range(0, len(data), 16384):
                outputfile.write(data[i:i + 16384])
                time.sleep(16384 * 8 / 16e6)

    with served(site_dir, Slow) as (_, url):
        yield url


def megabytes(n: int) -> str:
    return f"{n / 1e6:.1f}".replace(".", ",") + " Mo"


def test_the_first_visit_shows_the_download_in_bytes_then_the_file_checked(browser, browser_context_args,
                                                                           slow_site, site_dir):
    (worker,) = site_dir.glob("app/*/worker.js")
    manifest = json.loads(re.search(r"const DOWNLOAD = (\{.*?\});", worker.read_text()).group(1))
    total = sum(wire for wire, _decoded in manifest["files"].values())
    assert 4e6 < total < 6e6
    context = browser.new_context(**browser_context_args)  # a fresh profile: nothing kept yet
    try:
        page = context.new_page()
        page.add_init_script(RECORD)
        page.goto(slow_site)
        page.click("#sample")           # while the engine downloads: the check waits for it
        assert wait_state(page, "done", "error", timeout=180) == "done"
        texts = page.evaluate("() => window.__engineTexts")
    finally:
        context.close()
    download = re.compile(r"Téléchargement du moteur : (\d+,\d) Mo sur (\d+,\d) Mo "
                          r"\(une seule fois ; ensuite l'application démarre depuis ce poste\)")
    seen = [m.groups() for m in map(download.fullmatch, texts) if m]
    assert seen, texts
    assert {t for _, t in seen} == {megabytes(total)[:-3]}
    done = [float(r.replace(",", ".")) for r, _ in seen]
    assert done == sorted(done) and len(set(done)) >= 3 and done[-1] <= round(total / 1e6, 1)
    # then the preparation, then the file being checked, in that order, and never a word of Python
    last = max(i for i, t in enumerate(texts) if download.fullmatch(t))
    after = texts[last + 1:]
    assert after[0] == "Préparation du moteur de vérification…", texts
    assert "Vérification de import_lsu_exemple.xml…" in after[1:], texts
    assert not [t for t in texts if "Python" in t]
