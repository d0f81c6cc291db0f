#!/usr/bin/env python3
"""Build the static site into dist/ from pinned, verified inputs, and serve it.

    python3 build.py                 build dist/ (downloads are cached in .cache/, so a rebuild
                                     works offline)
    python3 build.py --py-source     same, with plain .py wheels instead of precompiled .pyc
    python3 build.py serve [--port N] build if dist/ is missing or stale, then serve it on
                                     127.0.0.1 with the headers of netlify.toml

Layout of dist/ (hashed folders never change once published, hence their immutable cache rule):

    index.html, sw.js                      revalidated on every visit
    app/<hash>/app.js engine.js worker.js tools.js style.css  the page, its worker client, its worker, its tools
    app/<hash>/py/lock.json + *.whl        the Python wheels and the small lock micropip installs
                                           them from, sha256 checked by Pyodide (RECIPE §2.2 A/C)
    pyodide/<version>/                     the Pyodide core from its npm package
    exemple/                               the fictitious school of "Essayer avec un exemple"
    SHA256SUMS

Needs: python3 ≥ 3.11, pip, npm and node (≥ 18; node runs Pyodide to precompile the .pyc).
"""
from __future__ import annotations

import argparse
import base64
import csv
import datetime
import fnmatch
import functools
import gzip
import hashlib
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DIST = ROOT / "dist"
CACHE = ROOT / ".cache"
WEB = ROOT / "web"
PY = ROOT / "py"
NETLIFY = ROOT / "netlify.toml"
COMPILE_PYC = ROOT / "tools" / "compile_pyc.mjs"

# ---------------------------------------------------------------------------------------------
# Pinned inputs. Changing a version means changing its hash here, after checking the new file.
PYODIDE = {"version": "314.0.7",
           "sha256": "66b7949e5a0cba2250b586d7e368bf12fb482800748d182c4618254b685ffaa0"}
#: Files of the npm package the site needs (RECIPE §2.1); the stock lock is replaced by ours, and
#: the standard library by a trimmed python_stdlib.zip in app/<hash>/py/ (see trim_stdlib).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
TRACE_STDLIB = ROOT / "tools" / "trace_stdlib.mjs"
#: Installed only when the user gives an XSD (the worker asks micropip for them then, from the same
#: lock): the fast validator never imports them, so a first visit does not download them.
LAZY = ("xmlschema", "elementpath")
#: Codecs an LSU file or a SIECLE/STS export may declare, kept in the trimmed stdlib even if the
#: demo school does not use them (Python looks codecs up by name, at run time).
CODECS = ("encodings.ascii", "encodings.latin_1", "encodings.utf_8", "encodings.utf_8_sig",
          "encodings.utf_16", "encodings.utf_16_le", "encodings.utf_16_be", "encodings.utf_32",
          "encodings.cp1252", "encodings.cp1250", "encodings.cp850", "encodings.cp437",
          "encodings.mac_roman", "encodings.charmap", "encodings.idna", "encodings.punycode",
          *(f"encodings.iso8859_{n}" for n in (1, 2, 9, 15)), "encodings.unicode_escape",
          "encodings.raw_unicode_escape")
#: Packages of the zip kept whole: Pyodide's own (its FFI loads modules on demand).
STDLIB_WHOLE = ("pyodide/", "_pyodide/")

WHEELS = {  # file name → sha256 of the file PyPI serves
    "micropip-0.11.1-py3-none-any.whl":
        "768de165adb8e66906039d8fec4127a57f522dfdf8e6fbff877a4616941ecfd3",
    "defusedxml-0.7.1-py2.py3-none-any.whl":
        "a352e7e428770286cc899e2542b6cdaedb2b4953ff269a210103ec58f6198a61",
    "jinja2-3.1.6-py3-none-any.whl":
        "85ece4451f492d0c13c5dd7c13a64681a86afae63a5f347908daf103ce6d2f67",
    "xmlschema-4.3.2-py3-none-any.whl":
        "cf5c970a30f6ebcb3da35260e694704cc0b6794d8ace46125bb2a95e38ed9307",
    "elementpath-5.1.4-py3-none-any.whl":
        "5ec8d7bb44b16c98414a6a95e20cb150f3cbfc3cac65edc14773288c7a937376",
}
MARKUPSAFE = {  # built from its sdist without a compiler: the pure-Python fallback (RECIPE §2.3)
    "sdist": "markupsafe-3.0.3.tar.gz",
    "sdist_sha256": "722695808f4b6457b320fdc131280796bdceb04ab50fe1795cd540799ebe1698",
    "wheel": "markupsafe-3.0.3-py3-none-any.whl",
    # the build is reproducible (SOURCE_DATE_EPOCH, pinned setuptools), so its output is pinned too
    "wheel_sha256": "5752de4f401d8f384641a79fdd515613320d26f8c9c9ab05f116dd928916b6c5",
}
SETUPTOOLS = {"wheel": "setuptools-80.9.0-py3-none-any.whl",
              "sha256": "062d34222ad13e0cc312a4c02d73f059e86a4acbfbdea8f8f76b28c99f306922"}

#: Fixed timestamp for every archive member, so the same inputs give byte-identical zips.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SOURCE_DATE_EPOCH = "315532800"

#: MIME types served by `serve` (never guessed from /etc/mime.types; RECIPE §2.6).
MIME = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".json": "application/json", ".wasm": "application/wasm", ".whl": "application/zip",
    ".zip": "application/zip", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon",
    "": "application/octet-stream",
}


#: Files served compressed when the browser accepts it: build.py writes NAME.br (Brotli, by Node's
#: zlib: no extra dependency) and NAME.gz beside each. Wheels and zips are already compressed
#: (gzip saves 1–2 % of them): left out. Brotli earns its place on the wasm: 2.77 MB against
#: 3.53 MB gzipped (measured, quality 11), 1.5 s less at 4 Mbit/s.
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".xml", ".txt", ".svg"}


def log(msg: str) -> None:
    print(f"[build] {msg}", flush=True)


class BuildError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Small helpers
def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify(path: Path, expected: str) -> None:
    actual = sha256_file(path)
    if actual != expected:
        raise BuildError(f"{path.name}: sha256 {actual} ≠ pinned {expected}. Refusing to build with it.")


def run(cmd: list[str], **kw) -> None:
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if res.returncode != 0:
        raise BuildError(f"command failed: {' '.join(cmd)}\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")


def write_zip(path: Path, files: dict[str, bytes]) -> None:
    """A deterministic zip: sorted members, fixed timestamps and permissions."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, files[name], compresslevel=9)
    path.write_bytes(buf.getvalue())


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist() if not i.is_dir()}


def record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def finish_wheel(path: Path, files: dict[str, bytes]) -> None:
    """Write a wheel with a RECORD that matches its content."""
    dist_info = next(n.split("/")[0] for n in files if n.split("/")[0].endswith(".dist-info"))
    record_name = f"{dist_info}/RECORD"
    files = {n: d for n, d in files.items() if n != record_name}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for name in sorted(files):
        w.writerow([name, record_hash(files[name]), len(files[name])])
    w.writerow([record_name, "", ""])
    files[record_name] = out.getvalue().encode()
    write_zip(path, files)


# ---------------------------------------------------------------------------------------------
# Step 1: inputs from the registries, cached and verified
def fetch_pyodide() -> Path:
    """npm pack pyodide@<pinned> into .cache/, verify the tarball, extract it; → package dir."""
    version = PYODIDE["version"]
    tgz = CACHE / "npm" / f"pyodide-{version}.tgz"
    if not tgz.exists():
        log(f"npm pack pyodide@{version}")
        tgz.parent.mkdir(parents=True, exist_ok=True)
        run(["npm", "pack", f"pyodide@{version}", "--silent", "--pack-destination", str(tgz.parent)])
    verify(tgz, PYODIDE["sha256"])
    out = CACHE / f"pyodide-{version}"
    stamp = out / ".verified"
    if stamp.exists() and stamp.read_text() == PYODIDE["sha256"]:
        return out / "package"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tarfile.open(tgz) as t:
        t.extractall(out, filter="data")
    stamp.write_text(PYODIDE["sha256"])
    return out / "package"


def fetch_wheels() -> dict[str, Path]:
    """pip download each pinned wheel (pure Python, for CPython 3.14) into .cache/pypi/."""
    folder = CACHE / "pypi"
    folder.mkdir(parents=True, exist_ok=True)
    wanted = dict(WHEELS)
    wanted[SETUPTOOLS["wheel"]] = SETUPTOOLS["sha256"]
    missing = [n for n in wanted if not (folder / n).exists()]
    if missing:
        specs = [requirement_of(n) for n in missing]
        log("pip download " + " ".join(specs))
        run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
             "--only-binary=:all:", "--python-version", "3.14", "-d", str(folder), *specs])
    sdist = folder / MARKUPSAFE["sdist"]
    if not sdist.exists():
        log(f"pip download {MARKUPSAFE['sdist']} (sdist)")
        run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
             "--no-binary=:all:", "-d", str(folder), "markupsafe==3.0.3"])
    for name, digest in wanted.items():
        verify(folder / name, digest)
    verify(sdist, MARKUPSAFE["sdist_sha256"])
    return {name: folder / name for name in WHEELS}


def requirement_of(wheel_name: str) -> str:
    name, version = wheel_name.split("-")[:2]
    return f"{name}=={version}"


def build_markupsafe() -> Path:
    """MarkupSafe's pure-Python wheel: its setup.py falls back to no C speedups when the
    compiler fails (CC=false). setuptools is pinned and installed from the cache only."""
    folder = CACHE / "pypi"
    out = CACHE / "built"
    wheel = out / MARKUPSAFE["wheel"]
    if wheel.exists() and sha256_file(wheel) == MARKUPSAFE["wheel_sha256"]:
        return wheel
    log("building the pure-Python MarkupSafe wheel from its sdist")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        constraints = Path(tmp) / "constraints.txt"
        constraints.write_text(f"setuptools=={requirement_of(SETUPTOOLS['wheel']).split('==')[1]}\n")
        env = {**os.environ, "CC": "false", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
               "PIP_CONSTRAINT": str(constraints), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-cache-dir", "--no-index",
             "--find-links", str(folder), "-w", tmp, str(folder / MARKUPSAFE["sdist"])], env=env)
        built = Path(tmp) / MARKUPSAFE["wheel"]
        if not built.exists():
            raise BuildError("MarkupSafe did not build as a pure-Python wheel: "
                             + ", ".join(p.name for p in Path(tmp).iterdir()))
        shutil.copyfile(built, wheel)
    if sha256_file(wheel) != MARKUPSAFE["wheel_sha256"]:
        raise BuildError(f"{wheel.name}: sha256 {sha256_file(wheel)} ≠ pinned {MARKUPSAFE['wheel_sha256']} "
                         "(the build is not reproducible any more: check the setuptools pin)")
    return wheel


# ---------------------------------------------------------------------------------------------
# Step 2: the project's own wheel, straight from py/ (package data included)
def project_metadata() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def project_files() -> list[Path]:
    pkg = PY / "lsucheck"
    skip_dirs = {"__pycache__"}
    out = []
    for path in sorted(pkg.rglob("*")):
        if path.is_dir() or skip_dirs & set(path.relative_to(PY).parts):
            continue
        if path.suffix in (".pyc", ".pyo") or path.name.startswith("."):
            continue
        out.append(path)
    return out


#: Subpackages the browser never runs, left out of its wheel: the generator writes the demo
#: school at build time (build_sample); pip-installed lsucheck keeps it (CLI and library).
NOT_IN_BROWSER_WHEEL = ("lsucheck/generator/",)


REGENERATE_TABLE = "PYTHONPATH=py python3 -m lsucheck.xsd.fast --write-table"


def check_schema_tables(pkg_dir) -> None:
    """Refuse to build with a fast validator's table that is not its XSD compiled (issue 9 §4).

    Every data/MANIFEST.json entry naming an ``xsd`` is a table derived from that XSD: its own
    sha256, the XSD's sha256 (in the manifest and inside the table) and the table format the
    validator reads must all match, or the build stops and says how to regenerate it."""
    pkg = Path(pkg_dir)
    data = pkg / "data"
    manifest = json.loads((data / "MANIFEST.json").read_text(encoding="utf-8"))
    m = re.search(r"^TABLE_FORMAT = (\d+)", (pkg / "xsd" / "fast.py").read_text(encoding="utf-8"), re.M)
    expected_format = int(m.group(1)) if m else None
    for entry in manifest["files"]:
        if "xsd" not in entry:
            continue
        table_path, xsd_path = data / entry["file"], data / entry["xsd"]
        why = None
        if not table_path.exists():
            why = "elle est absente"
        else:
            xsd_sha = sha256_file(xsd_path)
            try:
                table = json.loads(table_path.read_text(encoding="utf-8"))
            except ValueError:
                table = {}
            if table.get("format") != expected_format:
                why = f"elle est au format {table.get('format')!r}, le validateur lit le format {expected_format}"
            elif table.get("xsd_sha256") != xsd_sha or entry.get("xsd_sha256") != xsd_sha:
                why = (f"elle a été compilée depuis un XSD d'empreinte {str(table.get('xsd_sha256'))[:12]}…, "
                       f"or {entry['xsd']} a l'empreinte {xsd_sha[:12]}… : elle est périmée")
            elif sha256_file(table_path) != entry.get("sha256"):
                why = "son empreinte n'est pas celle que donne data/MANIFEST.json"
        if why:
            raise BuildError(f"la table du validateur rapide data/{entry['file']} ne correspond pas à "
                             f"data/{entry['xsd']} : {why}. Régénérez-la (et le manifeste) avec : "
                             f"{REGENERATE_TABLE}")


def build_project_wheel(out_dir: Path) -> Path:
    meta = project_metadata()
    name, version = meta["name"], meta["version"]
    dist_info = f"{name}-{version}.dist-info"
    files = {p.relative_to(PY).as_posix(): p.read_bytes() for p in project_files()}
    files = {n: d for n, d in files.items() if not n.startswith(NOT_IN_BROWSER_WHEEL)}
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
             f"Summary: {meta.get('description', '')}", f"Requires-Python: {meta.get('requires-python', '')}"]
    lines += [f"Requires-Dist: {dep}" for dep in meta.get("dependencies", [])]
    files[f"{dist_info}/METADATA"] = ("\n".join(lines) + "\n").encode()
    files[f"{dist_info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: lsucheck build.py\n"
                                   b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    files[f"{dist_info}/top_level.txt"] = b"lsucheck\n"
    path = out_dir / f"{name}-{version}-py3-none-any.whl"
    finish_wheel(path, files)
    return path


# ---------------------------------------------------------------------------------------------
# Step 3: wheels as served: trimmed, optionally precompiled to .pyc by Pyodide under Node
def trim(files: dict[str, bytes]) -> dict[str, bytes]:
    """Drop what the browser never uses: C sources and type stubs (MarkupSafe ships them)."""
    return {n: d for n, d in files.items() if not n.endswith((".c", ".pyi"))}


def precompile(pyodide_dir: Path, wheels: list[Path], out_dir: Path) -> list[Path]:
    """Rewrite each wheel with source-less .pyc compiled by Pyodide's own CPython (RECIPE §2.2 G).
    Vendor wheels are cached by their sha256; the project's wheel is compiled on every build."""
    cache = CACHE / "pyc"
    cache.mkdir(parents=True, exist_ok=True)
    tool_key = hashlib.sha256(COMPILE_PYC.read_bytes() + PYODIDE["sha256"].encode()).hexdigest()[:12]
    result, todo = {}, []
    for wheel in wheels:
        cached = cache / f"{sha256_file(wheel)[:16]}-{tool_key}" / wheel.name
        if cached.exists():
            result[wheel] = cached
        else:
            todo.append((wheel, cached))
    if todo:
        log("precompiling .pyc with Pyodide under Node: " + ", ".join(w.name for w, _ in todo))
        with tempfile.TemporaryDirectory() as tmp:
            stage = Path(tmp)
            for i, (wheel, _) in enumerate(todo):
                for name, data in trim(read_zip(wheel)).items():
                    target = stage / str(i) / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
            run(["node", str(COMPILE_PYC), str(pyodide_dir), str(stage)])
            for i, (wheel, cached) in enumerate(todo):
                base = stage / str(i)
                files = {p.relative_to(base).as_posix(): p.read_bytes()
                         for p in sorted(base.rglob("*")) if p.is_file()}
                cached.parent.mkdir(parents=True, exist_ok=True)
                finish_wheel(cached, files)
                result[wheel] = cached
    out = []
    for wheel in wheels:
        target = out_dir / wheel.name
        shutil.copyfile(result[wheel], target)
        out.append(target)
    return out


def copy_source_wheels(wheels: list[Path], out_dir: Path) -> list[Path]:
    out = []
    for wheel in wheels:
        target = out_dir / wheel.name
        finish_wheel(target, trim(read_zip(wheel)))
        out.append(target)
    return out


# ---------------------------------------------------------------------------------------------
# Step 4: the lock micropip installs from (same origin, sha256 of each served wheel)
def wheel_metadata(path: Path) -> tuple[str, str, list[str], list[str]]:
    """(name, version, depends, imports) read from the wheel itself."""
    files = read_zip(path)
    dist_info = next(n.split("/")[0] for n in files if n.split("/")[0].endswith(".dist-info"))
    meta = Parser().parsestr(files[f"{dist_info}/METADATA"].decode("utf-8"))
    depends = []
    for req in meta.get_all("Requires-Dist") or []:
        if "extra ==" in req:
            continue
        depends.append(canonical(re.match(r"[A-Za-z0-9._-]+", req).group(0)))
    imports = sorted({n.split("/")[0].removesuffix(".py").removesuffix(".pyc") for n in files
                      if not n.split("/")[0].endswith((".dist-info", ".data"))})
    return meta["Name"], meta["Version"], depends, imports


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def write_lock(pyodide_dir: Path, wheels: list[Path], out: Path) -> dict:
    info = json.loads((pyodide_dir / "pyodide-lock.json").read_text())["info"]
    packages = {}
    for wheel in wheels:
        name, version, depends, imports = wheel_metadata(wheel)
        packages[canonical(name)] = {
            "name": name, "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": sha256_file(wheel), "package_type": "package", "imports": imports,
            "depends": depends, "unvendored_tests": False, "tool": {},
        }
    # lsucheck's own XSD-only dependencies are installed on demand, not with it
    packages["lsucheck"]["depends"] = [d for d in packages["lsucheck"]["depends"] if d not in LAZY]
    names = set(packages)
    for entry in packages.values():
        unknown = [d for d in entry["depends"] if d not in names]
        if unknown:
            raise BuildError(f"{entry['name']} depends on {unknown}, which the site does not serve")
    lock = {"info": info, "packages": dict(sorted(packages.items()))}
    out.write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")
    return lock


# ---------------------------------------------------------------------------------------------
# Step 4b: the standard library, trimmed to the modules the engine loads
def engine_stdlib_imports() -> list[str]:
    """Every standard-library module an import statement of the engine names (function-level
    imports included): read from the sources, so a lazily imported module is kept too."""
    import ast
    names = set()
    for path in project_files():
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{a.name}" for a in node.names)
    return sorted(n for n in names if n.split(".")[0] in sys.stdlib_module_names)


def stdlib_trace(pyodide_dir: Path, wheel_dir: Path, sample_dir: Path, stdlib: Path | None = None) -> dict:
    """Run tools/trace_stdlib.mjs (see there): the engine under Pyodide, every module imported."""
    extra = ",".join([*engine_stdlib_imports(), *CODECS])
    res = subprocess.run(["node", str(TRACE_STDLIB), str(pyodide_dir), str(wheel_dir), str(sample_dir),
                          str(stdlib) if stdlib else "-", extra], capture_output=True, text=True)
    if res.returncode != 0:
        # Node prints the (minified, one-line) source of the throwing frame first: keep the error itself
        err = "\n".join(line for line in res.stderr.splitlines() if len(line) < 500)
        raise BuildError(f"tools/trace_stdlib.mjs failed:\n{res.stdout[-2000:]}\n{err[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def trim_stdlib(pyodide_dir: Path, wheel_dir: Path, sample_dir: Path) -> Path:
    """python_stdlib.zip holding only what the engine loads (2.5 MB → ≈1.1 MB), beside the wheels
    (its content depends on theirs, hence the hashed folder). Cached by the lock's content."""
    key = hashlib.sha256((wheel_dir / "lock.json").read_bytes() + TRACE_STDLIB.read_bytes()
                         + "".join(CODECS).encode() + PYODIDE["sha256"].encode()
                         + "\n".join(engine_stdlib_imports()).encode()).hexdigest()[:16]
    cached = CACHE / "stdlib" / f"{key}.json"
    if cached.exists():
        trace = json.loads(cached.read_text())
    else:
        log("tracing the standard-library modules the engine loads (Pyodide under Node)")
        trace = stdlib_trace(pyodide_dir, wheel_dir, sample_dir)
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(trace, indent=1))
    used = set(trace["stdlib"])
    full = read_zip(pyodide_dir / "python_stdlib.zip")
    kept = {n: d for n, d in full.items() if n in used or n.startswith(STDLIB_WHOLE)}
    out = wheel_dir / "python_stdlib.zip"
    write_zip(out, kept)
    log(f"standard library: {len(kept)} of {len(full)} files, {out.stat().st_size} bytes")
    return out


# ---------------------------------------------------------------------------------------------
# Step 5: the demo school (fictitious, generated; a few planted faults)
#: The demo school: small enough to check in about a second; the faults the demo shows.
SAMPLE_SCHOOL = {"seed": 2025, "nb_divisions_par_niveau": 1, "eleves_par_division": 24}


def sample_school_year() -> int:
    """The demo's school year: the current one at build time (1 August → 31 July), so that the
    example never carries the "Année scolaire à vérifier" advice. SOURCE_DATE_EPOCH pins it for
    reproducible builds; within a school year the demo is byte-identical anyway."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    today = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date() if epoch
             else datetime.date.today())
    return today.year if today.month >= 8 else today.year - 1


#: Bilans rejected and alerts, not a whole-file rejection: the demo shows every part of a report,
#: the cross-checks with SIECLE and STS-web included (S1 "Elève non scolarisé", T3 "Disciplines non
#: enseignées", as in the user's own LSU report).
SAMPLE_FAULTS = ("B6", "B3", "B10", "B14", "S1", "T3")
#: Reference exports the generator may write beside the LSU file (method name → file name).
SAMPLE_REFERENCES = (("siecle_eleves_xml", "ElevesSansAdresses_exemple.xml"),
                     ("nomenclature_xml", "Nomenclature_exemple.xml"),
                     ("sts_xml", "sts_emp_exemple.xml"))


def build_sample(out_dir: Path) -> list[str]:
    """Write the fictitious school into out_dir; → the file names, LSU file first."""
    sys.path.insert(0, str(PY))
    try:
        from lsucheck.generator import generate_school
        from lsucheck.generator.faults import FAULTS   # F, B, S, T and C plantings
    except ImportError as exc:
        raise BuildError(f"lsucheck.generator is not available ({exc}): cannot build the demo school")
    finally:
        sys.path.remove(str(PY))
    faults = [code for code in SAMPLE_FAULTS if code in FAULTS]
    school = generate_school(**SAMPLE_SCHOOL, annee=sample_school_year(), faults=faults)
    files = [("import_lsu_exemple.xml", school.lsu_xml())]
    for method, name in SAMPLE_REFERENCES:
        if callable(getattr(school, method, None)):
            files.append((name, getattr(school, method)()))
    for name, data in files:
        (out_dir / name).write_bytes(data)
    log(f"demo school: {school.nb_bilans} bilans, faults {', '.join(faults) or 'none'}, "
        f"{len(files) - 1} reference file(s)")
    return [name for name, _ in files]


# ---------------------------------------------------------------------------------------------
# Step 6: the page, its worker, the service worker
def short_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(sha256_file(p).encode())
    return h.hexdigest()[:12]


def assemble(pyodide_dir: Path, wheels: list[Path], sample_names: list[str], staging: Path) -> None:
    """Lay out dist/ in `staging` (wheels and sample already in staging/app-tmp and exemple/)."""
    version = PYODIDE["version"]
    core = staging / "pyodide" / version
    core.mkdir(parents=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(pyodide_dir / name, core / name)

    worker_src = (WEB / "worker.js").read_text(encoding="utf-8")
    if f"pyodide/{version}/pyodide.mjs" not in worker_src:
        raise BuildError(f"web/worker.js does not import pyodide/{version}/pyodide.mjs")
    if "/*DOWNLOAD*/null" not in worker_src:
        raise BuildError("web/worker.js lacks its /*DOWNLOAD*/null placeholder")

    tmp_app = staging / "app-tmp"
    for name in ("app.js", "engine.js", "tools.js", "style.css"):
        shutil.copyfile(WEB / name, tmp_app / name)
    (tmp_app / "worker.js").write_text(worker_src.replace("/*DOWNLOAD*/null", download_manifest(
        core, tmp_app, [w for w in wheels if not lazy_wheel(w.name)])), encoding="utf-8")
    # the report's own stylesheet comes from the Python package (one look, page and standalone)
    shutil.copyfile(PY / "lsucheck" / "templates" / "report.css", tmp_app / "report.css")
    app_hash = short_hash([p for p in tmp_app.rglob("*") if p.is_file()])
    app_dir = staging / "app" / app_hash
    app_dir.parent.mkdir(parents=True)
    tmp_app.rename(app_dir)

    index = (WEB / "index.html").read_text(encoding="utf-8")
    for name in ("app.js", "tools.js", "style.css", "report.css"):
        ref = f'"{name}"'
        if ref not in index:
            raise BuildError(f"web/index.html does not reference {name}")
        index = index.replace(ref, f'"app/{app_hash}/{name}"')
    index = index.replace('data-sample=""', 'data-sample="' + " ".join(f"exemple/{n}" for n in sample_names) + '"')
    (staging / "index.html").write_text(index, encoding="utf-8")

    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    # the demo school and xmlschema are fetched when the user asks for them (and kept then)
    on_demand = [f for f in files if f.startswith("exemple/") or lazy_wheel(f)]
    precache = ["./"] + [f for f in files if f != "index.html" and f not in on_demand]
    version_hash = hashlib.sha256("".join(f + sha256_file(staging / f) for f in files).encode()).hexdigest()[:16]
    manifest = json.dumps({"version": version_hash, "files": precache, "onDemand": on_demand}, indent=1)
    sw = (WEB / "sw.js").read_text(encoding="utf-8")
    if "/*PRECACHE*/null" not in sw:
        raise BuildError("web/sw.js lacks its /*PRECACHE*/null placeholder")
    (staging / "sw.js").write_text(sw.replace("/*PRECACHE*/null", manifest), encoding="utf-8")


def download_manifest(core: Path, app_dir: Path, boot_wheels: list[Path]) -> str:
    """What the engine downloads on a first visit, for its progress (issue 12 item 5): each file
    by its URL relative to the worker, with [bytes on the wire, bytes once decoded] (on the wire:
    its Brotli copy when it has one, as `serve` and a production host send it)."""
    files = [core / "pyodide.asm.mjs", core / "pyodide.asm.wasm", app_dir / "py" / "lock.json",
             app_dir / "py" / "python_stdlib.zip"] + [app_dir / "py" / w.name for w in boot_wheels]
    coded = brotli_copies([f for f in files if f.suffix in COMPRESSIBLE])
    out = {}
    for f in files:
        # the worker is served from app/<hash>/ (app_dir once renamed), the Pyodide files from pyodide/
        rel = f.relative_to(app_dir).as_posix() if f.is_relative_to(app_dir) \
            else "../../" + f.relative_to(app_dir.parent).as_posix()
        out[rel] = [(coded[f] if f in coded else f).stat().st_size, f.stat().st_size]
    return json.dumps({"files": out}, sort_keys=True)


def lazy_wheel(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name.endswith(".whl") and canonical(name.split("-")[0]) in LAZY


def precache_files(site: Path = DIST, on_demand: bool = False) -> list[str]:
    """The files the service worker keeps for offline use (its manifest, as built into sw.js);
    with on_demand, those it keeps only once the page asked for them (the demo, xmlschema)."""
    sw = (site / "sw.js").read_text(encoding="utf-8")
    start = sw.index("const PRECACHE = ") + len("const PRECACHE = ")
    manifest, _ = json.JSONDecoder().raw_decode(sw[start:])
    return manifest["onDemand" if on_demand else "files"]


def write_checksums(site: Path) -> None:
    lines = [f"{sha256_file(p)}  {p.relative_to(site).as_posix()}"
             for p in sorted(site.rglob("*")) if p.is_file() and p.name not in ("SHA256SUMS", ".build-stamp")]
    (site / "SHA256SUMS").write_text("\n".join(lines) + "\n")


BROTLI_JS = """
const zlib = require("node:zlib"), fs = require("node:fs");
for (const [src, dst] of JSON.parse(fs.readFileSync(0, "utf8"))) {
  const data = fs.readFileSync(src);
  fs.writeFileSync(dst, zlib.brotliCompressSync(data, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
}
"""


def brotli_copies(paths: list[Path]) -> dict[Path, Path]:
    """Each file's Brotli copy (Node's zlib, quality 11, deterministic), cached by content in
    .cache/br/, since the wasm alone takes ≈25 s: {path: its cached .br}."""
    cache = CACHE / "br"
    cache.mkdir(parents=True, exist_ok=True)
    out, todo = {}, []
    for path in paths:
        out[path] = cache / (sha256_file(path) + ".br")
        if not out[path].exists():
            todo.append([str(path), str(out[path])])
    if todo:
        log(f"brotli: {len(todo)} file(s)")
        res = subprocess.run(["node", "-e", BROTLI_JS], input=json.dumps(todo), capture_output=True, text=True)
        if res.returncode != 0:
            raise BuildError(f"brotli failed: {res.stderr[-2000:]}")
    return out


def write_brotli(site: Path) -> None:
    """NAME.br beside each compressible file."""
    paths = [p for p in sorted(site.rglob("*")) if p.is_file() and p.suffix in COMPRESSIBLE]
    for path, cached in brotli_copies(paths).items():
        shutil.copyfile(cached, path.with_name(path.name + ".br"))


def write_gzip(site: Path) -> None:
    """NAME.gz beside each compressible file, deterministic (no name, mtime 0, level 9)."""
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in COMPRESSIBLE:
            with path.open("rb") as src, open(path.with_name(path.name + ".gz"), "wb") as raw:
                with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
                    shutil.copyfileobj(src, gz)


# ---------------------------------------------------------------------------------------------
# The whole build
def input_stamp(py_source: bool) -> str:
    """A hash of everything the build reads from the tree: dist/ is stale when it changes."""
    paths = [Path(__file__), NETLIFY, COMPILE_PYC, TRACE_STDLIB, ROOT / "pyproject.toml"]
    paths += sorted(p for p in WEB.rglob("*") if p.is_file())
    paths += [p for p in project_files()]
    h = hashlib.sha256(b"py-source" if py_source else b"pyc")
    for p in paths:
        h.update(p.relative_to(ROOT).as_posix().encode())
        h.update(sha256_file(p).encode())
    return h.hexdigest()


def is_stale(site: Path = DIST, py_source: bool = False) -> bool:
    stamp = site / ".build-stamp"
    return not stamp.exists() or stamp.read_text().strip() != input_stamp(py_source)


def build(site: Path = DIST, py_source: bool = False) -> Path:
    t0 = time.perf_counter()
    check_schema_tables(PY / "lsucheck")  # before anything is fetched: a stale table stops the build
    stamp = input_stamp(py_source)
    pyodide_dir = fetch_pyodide()
    vendor = fetch_wheels()
    markupsafe = build_markupsafe()
    staging = Path(tempfile.mkdtemp(prefix="dist-", dir=site.parent))
    try:
        app_tmp = staging / "app-tmp"
        wheel_dir = app_tmp / "py"
        wheel_dir.mkdir(parents=True)
        project = build_project_wheel(Path(tempfile.mkdtemp(dir=staging)))
        inputs = [*vendor.values(), markupsafe, project]
        if py_source:
            served = copy_source_wheels(inputs, wheel_dir)
        else:
            served = precompile(pyodide_dir, inputs, wheel_dir)
        shutil.rmtree(project.parent)
        write_lock(pyodide_dir, served, wheel_dir / "lock.json")
        (staging / "exemple").mkdir()
        sample_names = build_sample(staging / "exemple")
        trim_stdlib(pyodide_dir, wheel_dir, staging / "exemple")
        assemble(pyodide_dir, served, sample_names, staging)
        write_checksums(staging)
        write_gzip(staging)
        write_brotli(staging)
        (staging / ".build-stamp").write_text(stamp + "\n")
        staging.chmod(0o755)  # mkdtemp made it private
        old = site.with_name(site.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if site.exists():
            site.rename(old)
        staging.rename(site)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log(f"{site.name}/ built in {time.perf_counter() - t0:.1f} s ({'source' if py_source else '.pyc'} wheels)")
    return site


# ---------------------------------------------------------------------------------------------
# Serving: the same headers as netlify.toml, read from it (one definition, no drift)
@functools.cache
def header_rules() -> list[tuple[str, dict[str, str]]]:
    config = tomllib.loads(NETLIFY.read_text(encoding="utf-8"))
    return [(rule["for"], dict(rule.get("values", {}))) for rule in config.get("headers", [])]


def headers_for(url_path: str) -> dict[str, str]:
    """Netlify semantics: every matching rule applies, later rules override earlier values."""
    candidates = {url_path}
    if url_path.endswith("/"):
        candidates.add(url_path + "index.html")
    out: dict[str, str] = {}
    for pattern, values in header_rules():
        if any(fnmatch.fnmatchcase(c, pattern) for c in candidates):
            out.update(values)
    return out


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = MIME

    _gzip = None   # the Content-Encoding sent ("br" or "gzip"), None for the file as is

    def guess_type(self, path):
        name = str(path)
        if self._gzip and name.endswith((".gz", ".br")):
            name = name[:-3]  # the type of the original, sent compressed
        return MIME.get(Path(name).suffix.lower(), MIME[""])

    def accepts(self, wanted: str) -> bool:
        for item in self.headers.get("Accept-Encoding", "").split(","):
            coding, _, params = item.strip().partition(";")
            if coding.strip().lower() in (wanted, "*"):
                q = params.strip().lower()
                return not (q.startswith("q=") and float(q[2:] or 0) == 0)
        return False

    def accepts_gzip(self) -> bool:
        return self.accepts("gzip")

    def translate_path(self, path):
        # as a production host does: NAME.br, else NAME.gz, when the browser accepts it
        real = super().translate_path(path)
        if os.path.isdir(real) and os.path.isfile(os.path.join(real, "index.html")):
            real = os.path.join(real, "index.html")  # "/" is index.html, compressed like any page
        self._compressible = Path(real).suffix in COMPRESSIBLE and os.path.isfile(real)
        self._gzip = None
        if self._compressible:
            for coding, ext in (("br", ".br"), ("gzip", ".gz")):
                if self.accepts(coding) and os.path.isfile(real + ext):
                    self._gzip = coding
                    return real + ext
        return real

    def end_headers(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if getattr(self, "_compressible", False):
            self.send_header("Vary", "Accept-Encoding")
        if self._gzip:
            self.send_header("Content-Encoding", self._gzip)
        for key, value in headers_for(path).items():
            self.send_header(key, value)
        super().end_headers()

    def send_response(self, code, message=None):
        self._status = code
        super().send_response(code, message)

    def copyfile(self, source, outputfile):
        data = source.read()
        self._sent = getattr(self, "_sent", 0) + len(data)
        outputfile.write(data)

    def do_HEAD(self):
        self._gzip, self._compressible = None, False
        super().do_HEAD()

    def do_GET(self):
        self._status, self._sent = None, 0
        self._gzip, self._compressible = None, False
        try:
            super().do_GET()
        finally:
            # what a production host's access log shows: path, status, body bytes sent
            self.server.requests.append((self.path.split("?", 1)[0], self._status, self._sent))

    def log_message(self, fmt, *args):
        if os.environ.get("LSUCHECK_SERVE_LOG"):
            super().log_message(fmt, *args)


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.requests: list[tuple[str, int | None, int]] = []  # (path, status, body bytes), in order

    def handle_error(self, request, client_address):
        # a browser that closes a connection mid-transfer (tab closed, reload) is not an error
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


def make_server(port: int = 0, site: Path = DIST) -> SiteServer:
    """A server of `site` on 127.0.0.1 (port 0: a free port, see server.server_address)."""
    handler = functools.partial(SiteHandler, directory=str(site))
    return SiteServer(("127.0.0.1", port), handler)


def serve(port: int, py_source: bool = False, site: Path = DIST) -> None:
    if is_stale(site, py_source):
        build(site, py_source)
    server = make_server(port, site)
    print(f"lsucheck: http://127.0.0.1:{server.server_address[1]}/  (Ctrl+C pour arrêter)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", choices=("build", "serve"), default="build")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--py-source", action="store_true",
                        help="serve plain .py wheels instead of precompiled .pyc (for measurements)")
    parser.add_argument("--if-stale", action="store_true", help="build only when dist/ is stale")
    parser.add_argument("--out", type=Path, default=DIST, help="build into this folder (default dist/)")
    args = parser.parse_args(argv)
    site = args.out.resolve()
    try:
        if args.command == "serve":
            serve(args.port, args.py_source, site)
        elif not args.if_stale or is_stale(site, args.py_source):
            build(site, args.py_source)
        else:
            log(f"{site.name}/ is up to date")
    except BuildError as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
