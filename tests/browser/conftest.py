"""End-to-end tests of the web app in Debian's Chromium (Playwright for Python) on the built dist/.

The session builds dist/ when it is missing or stale (``python3 build.py --if-stale``), serves it
on a free port with build.py's own server (same MIME types and headers as netlify.toml), and
writes the input files the tests drop from lsucheck.generator: nothing from ../shared.

Playwright's ``wait_for_function`` evaluates its predicate with ``eval``, which the page's CSP
forbids: the helpers below poll with ``page.evaluate`` instead (RECIPE.md §2.7).
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import pathlib
import re
import subprocess
import sys
import tarfile
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "py"))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

#: axe-core, from npm, for the accessibility tests only (never shipped in dist/).
AXE = {"version": "4.10.3",
       "sha256": "0f2b4d7dcdf7d1219df8d1959ad68e565f51d14c3f0d88bb71cd59abeb956292"}


def _load_build():
    spec = importlib.util.spec_from_file_location("lsucheck_build", ROOT / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()


# ---------------------------------------------------------------------------------------------
# The browser (pytest-playwright's fixtures, pointed at Debian's chromium)
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not pathlib.Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (tests/run-all.sh does it)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "accept_downloads": True}


# ---------------------------------------------------------------------------------------------
# The site
@pytest.fixture(scope="session")
def site_dir() -> pathlib.Path:
    # one build at a time: with pytest-xdist every worker has its own session
    (ROOT / ".cache").mkdir(exist_ok=True)
    with open(ROOT / ".cache" / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        res = subprocess.run([sys.executable, str(ROOT / "build.py"), "--if-stale"], cwd=ROOT,
                             capture_output=True, text=True)
    assert res.returncode == 0, f"build.py failed:\n{res.stdout}\n{res.stderr}"
    return ROOT / "dist"


@contextlib.contextmanager
def served(site_dir, handler=None):
    """build.py's server of ``site_dir`` on a free port, in a thread: yields (server, url); the
    server records every request (``server.requests``). ``handler``: a SiteHandler subclass."""
    if handler is None:
        server = build.make_server(0, site_dir)
    else:
        server = build.SiteServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site_dir) -> str:
    with served(site_dir) as (_, url):
        yield url


@pytest.fixture()
def counted_site(site_dir):
    """A server of its own for one test, whose requests the test counts."""
    with served(site_dir) as site:
        yield site


# ---------------------------------------------------------------------------------------------
# Input files, generated (fictitious schools)
@pytest.fixture(scope="session")
def files(tmp_path_factory) -> dict[str, pathlib.Path]:
    from lsucheck.generator import generate_school

    out = tmp_path_factory.mktemp("inputs")
    made: dict[str, pathlib.Path] = {}

    def put(key: str, name: str, data: bytes) -> None:
        path = out / key / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        made[key] = path

    small = generate_school(seed=11, annee=2025, divisions=("6 A",), eleves_par_division=10)
    put("small", "import_lsu_petit.xml", small.lsu_xml())
    other = generate_school(seed=12, annee=2025, divisions=("5 B",), eleves_par_division=8)
    put("other", "import_lsu_autre.xml", other.lsu_xml())
    # every appreciation removed: thousands of "Appréciation manquante" alerts over 4 divisions,
    # 3 périodes and every discipline: what the filters are tested on
    many = generate_school(seed=3, annee=2025, nb_divisions_par_niveau=1, eleves_par_division=20)
    put("many", "import_lsu_sans_appreciations.xml", without_appreciations(many.lsu_xml()))
    tenk = generate_school(seed=4, annee=2025, nb_divisions_par_niveau=4, eleves_par_division=20)
    put("tenk", "import_lsu_10000_alertes.xml", without_appreciations(tenk.lsu_xml()))
    put("hostile", "import_lsu_piege.xml", BILLION_LAUGHS)
    put("siecle", "ElevesSansAdresses.xml", siecle_eleves(small))
    return made


def without_appreciations(xml: bytes) -> bytes:
    return re.sub(rb"<appreciation>[^<]*</appreciation>", b"", xml)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lsun-bilans xmlns="urn:fr:edu:scolarite:lsun:bilans:import">&lol4;</lsun-bilans>
"""


def siecle_eleves(school) -> bytes:
    """A SIECLE élèves export (BEE_ELEVES) of the school: the generator's when it has one."""
    maker = getattr(school, "siecle_eleves_xml", None)
    if callable(maker):
        return maker()
    rows = []
    for n, eleve in enumerate(getattr(school, "eleves", [])[:200], start=1):
        nom = getattr(eleve, "nom", f"ELEVE{n}")
        prenom = getattr(eleve, "prenom", "Camille")
        rows.append(f"<ELEVE ELEVE_ID=\"{n}\" ELENOET=\"{1000 + n}\"><NOM_DE_FAMILLE>{nom}</NOM_DE_FAMILLE>"
                    f"<PRENOM>{prenom}</PRENOM><DATE_ENTREE>01/09/2025</DATE_ENTREE></ELEVE>")
    return (f"<?xml version='1.0' encoding='UTF-8'?>\n<BEE_ELEVES VERSION=\"3.0\"><PARAMETRES>"
            f"<UAJ>{school.uai}</UAJ><ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE>"
            f"<DATE_EXPORT>15/12/2025</DATE_EXPORT><HORODATAGE>15/12/2025 08:00:00</HORODATAGE>"
            f"</PARAMETRES><DONNEES><ELEVES>{''.join(rows)}</ELEVES></DONNEES></BEE_ELEVES>\n").encode()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's browser build, from its npm tarball (pinned, sha256 checked, cached)."""
    folder = ROOT / ".cache" / "npm"
    tgz = folder / f"axe-core-{AXE['version']}.tgz"
    if not tgz.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"axe-core@{AXE['version']}", "--silent", "--pack-destination",
                        str(folder)], check=True, capture_output=True)
    digest = hashlib.sha256(tgz.read_bytes()).hexdigest()
    assert digest == AXE["sha256"], f"axe-core tarball sha256 {digest} ≠ pinned {AXE['sha256']}"
    with tarfile.open(tgz) as t:
        return t.extractfile("package/axe.min.js").read().decode("utf-8")


@pytest.fixture(scope="module")
def app(browser, site_url, browser_context_args):
    """One booted page shared by a module's tests (booting Python costs seconds each time)."""
    from tests.browser.pageutil import open_app

    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    open_app(page, site_url)
    yield page
    context.close()
