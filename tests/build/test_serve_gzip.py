"""build.py writes NAME.gz beside each compressible file; `serve` negotiates Accept-Encoding."""
import gzip
import importlib.util
import pathlib
import threading
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("lsucheck_build_gz", ROOT / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(build, tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    (site / "pyodide").mkdir()
    (site / "pyodide" / "engine.wasm").write_bytes(b"\0asm\1\0\0\0" + bytes(range(256)) * 400)
    (site / "app.js").write_text("console.log('bonjour');\n" * 300, encoding="utf-8")
    (site / "roue.whl").write_bytes(b"PK" + bytes(100))
    build.write_gzip(site)
    server = build.make_server(0, site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def get(url, accept=None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


def test_gz_files_are_written_deterministically_and_only_for_compressible_files(build, site, tmp_path):
    folder, _ = site
    assert sorted(p.name for p in folder.rglob("*.gz")) == ["app.js.gz", "engine.wasm.gz"]
    data = (folder / "app.js.gz").read_bytes()
    assert data[4:8] == b"\0\0\0\0"  # mtime 0
    (tmp_path / "app.js").write_bytes((folder / "app.js").read_bytes())
    build.write_gzip(tmp_path)
    assert (tmp_path / "app.js.gz").read_bytes() == data


@pytest.mark.parametrize("path, mime", [("pyodide/engine.wasm", "application/wasm"),
                                        ("app.js", "text/javascript; charset=utf-8")])
def test_gzip_is_sent_when_accepted_and_identity_otherwise(site, path, mime):
    folder, url = site
    original = (folder / path).read_bytes()
    headers, body = get(url + path, "gzip, deflate, br")
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"] == mime
    assert headers["Vary"] == "Accept-Encoding"
    assert int(headers["Content-Length"]) == len(body) == (folder / (path + ".gz")).stat().st_size
    assert gzip.decompress(body) == original
    headers, body = get(url + path)
    assert headers["Content-Encoding"] is None
    assert headers["Content-Type"] == mime
    assert headers["Vary"] == "Accept-Encoding"
    assert body == original
    headers, body = get(url + path, "gzip;q=0, identity")
    assert headers["Content-Encoding"] is None and body == original


def test_a_wheel_is_sent_as_is(site):
    folder, url = site
    headers, body = get(url + "roue.whl", "gzip")
    assert headers["Content-Encoding"] is None
    assert headers["Content-Type"] == "application/zip"
    assert body == (folder / "roue.whl").read_bytes()
