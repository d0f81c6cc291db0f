"""The built site: pinned inputs, integrity data, reproducible wheels, headers shared with Netlify."""
import hashlib
import json
import tomllib
import urllib.request

import pytest

from tests.browser.conftest import ROOT, build

#: builds dist/ (the site_dir fixture): never part of ``-m "not browser"``
pytestmark = pytest.mark.browser


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sha256sums_lists_every_published_file_with_its_digest(site_dir):
    lines = (site_dir / "SHA256SUMS").read_text().splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}
    # NAME.gz / NAME.br files are NAME's transfer encodings (test_gzip_files_...), not files of the site
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")}
    assert set(listed) == files - {"SHA256SUMS", ".build-stamp"}
    for name, digest in listed.items():
        assert sha256(site_dir / name) == digest, name


def test_the_lock_carries_the_sha256_of_each_served_wheel_and_resolves_every_dependency(site_dir):
    (lock_path,) = site_dir.glob("app/*/py/lock.json")
    lock = json.loads(lock_path.read_text())
    packages = lock["packages"]
    assert set(packages) == {"lsucheck", "micropip", "defusedxml", "jinja2", "markupsafe", "xmlschema", "elementpath"}
    for entry in packages.values():
        assert entry["sha256"] == sha256(lock_path.parent / entry["file_name"])
        assert set(entry["depends"]) <= set(packages)
    # xmlschema is for a user's XSD only: installed on demand (micropip.install("xmlschema")), not with lsucheck
    assert set(packages["lsucheck"]["depends"]) == {"defusedxml", "jinja2"}
    assert packages["xmlschema"]["depends"] == ["elementpath"]
    assert packages["jinja2"]["depends"] == ["markupsafe"]
    assert lock["info"]["python"].startswith("3.14")


def test_served_wheels_hold_precompiled_bytecode_and_the_package_data(site_dir):
    import zipfile
    (wheel,) = site_dir.glob("app/*/py/lsucheck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "lsucheck/engine.pyc" in names and "lsucheck/engine.py" not in names
    assert "lsucheck/browser.pyc" in names
    assert any(n.startswith("lsucheck/data/xsd/") and n.endswith(".xsd") for n in names)
    assert any(n.startswith("lsucheck/data/catalogue/") and n.endswith(".toml") for n in names)
    assert "lsucheck/templates/report.html" in names


def test_the_browser_wheel_leaves_the_generator_out_and_the_demo_files_are_built_with_it(site_dir, tmp_path):
    """The generator writes the demo school at build time; the browser never runs it (issue 9)."""
    import zipfile
    (served,) = site_dir.glob("app/*/py/lsucheck-*.whl")
    built = build.build_project_wheel(tmp_path)
    for wheel in (served, built):
        names = zipfile.ZipFile(wheel).namelist()
        assert [n for n in names if n.startswith("lsucheck/generator")] == []
        assert any(n.startswith("lsucheck/engine.py") for n in names)
    # the demo school the generator wrote, LSU file and reference exports, is published
    demo = sorted(p.name for p in (site_dir / "exemple").iterdir() if p.suffix == ".xml")
    assert demo == ["ElevesSansAdresses_exemple.xml", "Nomenclature_exemple.xml", "import_lsu_exemple.xml",
                    "sts_emp_exemple.xml"]
    assert b"<lsun-bilans" in (site_dir / "exemple" / "import_lsu_exemple.xml").read_bytes()


def test_only_what_the_page_loads_is_published(site_dir):
    core = sorted(p.name for p in site_dir.glob("pyodide/*/*") if p.suffix not in (".gz", ".br"))
    assert core == sorted(build.PYODIDE_FILES)
    assert not list(site_dir.rglob("*.map")) and not list(site_dir.rglob("*.d.ts"))
    assert (site_dir / "exemple" / "import_lsu_exemple.xml").exists()


def test_the_project_wheel_is_byte_identical_when_built_twice(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    assert build.build_project_wheel(a).read_bytes() == build.build_project_wheel(b).read_bytes()


def test_the_server_sends_netlifys_headers_and_exact_mime_types(site_dir, site_url):
    config = tomllib.loads((ROOT / "netlify.toml").read_text())
    assert (config["build"]["command"], config["build"]["publish"]) == ("python3 build.py", "dist")
    csp = config["headers"][0]["values"]["Content-Security-Policy"]
    (wasm,) = site_dir.glob("pyodide/*/pyodide.asm.wasm")
    (wheel,) = site_dir.glob("app/*/py/jinja2-*.whl")
    expected = {
        "": ("text/html; charset=utf-8", "no-cache, must-revalidate"),
        "sw.js": ("text/javascript; charset=utf-8", "no-cache, must-revalidate"),
        wasm.relative_to(site_dir).as_posix(): ("application/wasm", "public, max-age=31536000, immutable"),
        wasm.relative_to(site_dir).as_posix().replace(".asm.wasm", ".mjs"):
            ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
        wheel.relative_to(site_dir).as_posix(): ("application/zip", "public, max-age=31536000, immutable"),
        "exemple/import_lsu_exemple.xml": ("application/xml", "public, max-age=0, must-revalidate"),
    }
    for path, (mime, cache) in expected.items():
        with urllib.request.urlopen(site_url + path) as response:
            assert response.headers["Content-Type"] == mime, path
            assert response.headers["Cache-Control"] == cache, path
            assert response.headers["Content-Security-Policy"] == csp, path
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_service_worker_precaches_exactly_the_published_files(site_dir):
    sw = (site_dir / "sw.js").read_text()
    start = sw.index("const PRECACHE = ") + len("const PRECACHE = ")
    manifest = json.JSONDecoder().raw_decode(sw[start:])[0]
    # NAME.gz / NAME.br files are NAME's transfer encodings (test_gzip_files_...), not files of the site
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")}
    on_demand = {f for f in files if f.startswith("exemple/") or f.rsplit("/", 1)[-1].startswith(("xmlschema-", "elementpath-"))}
    assert len(on_demand) == 6  # the demo school's 4 files, the 2 wheels of xmlschema
    assert set(manifest["onDemand"]) == on_demand
    assert set(manifest["files"]) == (files - on_demand - {"SHA256SUMS", ".build-stamp", "sw.js", "index.html"}) | {"./"}
    assert len(manifest["version"]) == 16


@pytest.mark.parametrize("pin", ["micropip-0.11.1", "defusedxml-0.7.1", "jinja2-3.1.6", "xmlschema-4.3.2",
                                 "elementpath-5.1.4"])
def test_every_pypi_wheel_is_pinned_with_its_hash(pin):
    (name,) = [n for n in build.WHEELS if n.startswith(pin + "-")]
    assert len(build.WHEELS[name]) == 64


def test_a_rebuild_works_offline_from_the_cache(site_dir, tmp_path):
    """With .cache/ filled, no registry is asked: npm fails and pip has no index, the build passes."""
    import os
    import subprocess
    import sys

    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "npm").write_text("#!/bin/sh\necho 'npm: pas de réseau' >&2\nexit 1\n")
    (fake / "npm").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "PIP_NO_INDEX": "1",
           "PIP_FIND_LINKS": "", "https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9"}
    online, offline = tmp_path / "online", tmp_path / "offline"
    res = subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(online)], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    res = subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(offline)], env=env, cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "npm pack" not in res.stdout and "pip download" not in res.stdout
    # same inputs, same bytes: the wheels and the lock are identical
    (lock_a,) = online.glob("app/*/py/lock.json")
    (lock_b,) = offline.glob("app/*/py/lock.json")
    assert lock_a.read_bytes() == lock_b.read_bytes()


def test_gzip_files_are_their_originals_compressed_and_cover_every_compressible_file(site_dir):
    import gzip

    gz = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.gz"))
    wanted = sorted(p.relative_to(site_dir).as_posix() + ".gz" for p in site_dir.rglob("*")
                    if p.is_file() and p.suffix in build.COMPRESSIBLE)
    assert gz == wanted
    assert "pyodide/314.0.7/pyodide.asm.wasm.gz" in gz
    assert not [n for n in gz if n.endswith((".whl.gz", ".zip.gz"))]
    for name in gz:
        assert gzip.decompress((site_dir / name).read_bytes()) == (site_dir / name[:-3]).read_bytes()
    # NAME.br beside each, made by Node's zlib; checked the same way (Python's stdlib has no Brotli)
    br = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.br"))
    assert br == [n[:-3] + ".br" for n in gz]
    import subprocess
    for name in ("pyodide/314.0.7/pyodide.asm.mjs.br", "index.html.br"):
        out = subprocess.run(["node", "-e", "process.stdout.write(require('zlib').brotliDecompressSync("
                              "require('fs').readFileSync(process.argv[1])))", str(site_dir / name)],
                             capture_output=True, check=True).stdout
        assert out == (site_dir / name[:-3]).read_bytes()
    assert (site_dir / "pyodide/314.0.7/pyodide.asm.wasm.br").stat().st_size < \
        (site_dir / "pyodide/314.0.7/pyodide.asm.wasm.gz").stat().st_size
