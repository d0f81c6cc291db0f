"""Shared fixtures. Only tests marked ``conformance`` read ../shared/ (third-party files);
they are skipped, with the reason shown, when it is absent. Everything else uses fixtures the
project writes itself (tests/fixtures/, lsucheck.generator)."""
from __future__ import annotations

import os
import pathlib
import sys
from datetime import datetime, timezone

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent

# The CLI tests run ``python -m lsucheck`` as users do, in a subprocess. Where PYTHONDONTWRITEBYTECODE
# is set (it is on this workplace's machines), each run compiled the package's ~80 modules again (80 of its 220 ms;
# tests/unit/test_cli.py 9.2 s → 5.4 s without it). The bytecode goes to .cache/pycache instead,
# never into py/.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ.setdefault("PYTHONPYCACHEPREFIX", str(ROOT / ".cache" / "pycache"))
sys.dont_write_bytecode = False
sys.pycache_prefix = os.environ["PYTHONPYCACHEPREFIX"]

import lsucheck  # noqa: E402 - after the bytecode settings, so that it is compiled once

SHARED = pathlib.Path(os.environ.get("LSUCHECK_SHARED", ROOT.parent / "shared")).resolve()
FIXTURES = ROOT / "tests" / "fixtures"

#: A pinned clock for reports (tests never depend on today's date).
NOW = datetime(2025, 12, 15, 10, 30, tzinfo=timezone.utc)


def check(source, *, name: str | None = None, references=(), inputs: bool = False, **options
          ) -> lsucheck.Report:
    """The one way tests check an LSU file: ``source`` is bytes, a path or a generated school
    (``lsucheck.generator.School``: its LSU file and file name); ``references`` are (bytes, name)
    pairs; ``options`` are ``lsucheck.Options`` fields, the clock pinned to NOW unless given
    (``now=None``: the real clock). ``inputs=True`` checks the files as one drop of files
    (``lsucheck.check_inputs``: the page's path) and asserts it gives one report."""
    if hasattr(source, "lsu_xml"):
        name = name or source.file_name
        source = source.lsu_xml()
    options.setdefault("now", NOW)
    if inputs:
        reports = lsucheck.check_inputs([(source, name), *references], options=lsucheck.Options(**options))
        assert len(reports) == 1, len(reports)
        return reports[0]
    return lsucheck.check(source, name=name, references=list(references), options=lsucheck.Options(**options))


def two_class_school(**kw):
    """The small generated collège the calibration tests read: 3 A and 4 A, 5 pupils each."""
    from lsucheck.generator import generate_school
    return generate_school(seed=1, divisions=["3 A", "4 A"], eleves_par_division=5, **kw)


def browser_export(**request) -> dict:
    """lsucheck.browser.export's download (as the worker gets it), its bytes decoded to the text they
    hold (UTF-8)."""
    import base64
    import json

    from lsucheck import browser
    result = json.loads(browser.export(json.dumps(request)))["result"]
    return {**result, "text": base64.b64decode(result.pop("bytes")).decode("utf-8")}


# ---------------------------------------------------------------------------------------------
# In parallel (``-n auto --dist loadgroup``, tests/run-all.sh): the tests of a module that shares a
# module-scoped fixture (a generated corpus, a page with the engine started) stay on one worker, so
# the fixture is built once; the other tests go one by one to whichever worker is free.
@pytest.hookimpl(tryfirst=True)   # before pytest-xdist reads the marks
def pytest_collection_modifyitems(config, items):
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        scopes = {d.scope for defs in (info.name2fixturedefs.values() if info else ()) for d in defs}
        if scopes & {"module", "package", "class"}:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


# ---------------------------------------------------------------------------------------------
# Tables the suite prints (oracle disagreements, the fuzz sample, the first visit's bytes): after
# the run, in the terminal summary, also when the tests run in parallel (pytest-xdist hands each
# test's user_properties to the main process; a print in a worker would be lost)
_TABLES: list[tuple[str, str, str]] = []


@pytest.fixture()
def table(request):
    """``table(title, text)``: print ``text`` under ``title`` at the end of the run."""
    def say(title: str, text: str) -> None:
        request.node.user_properties.append(("lsucheck-table", (title, text)))
    return say


def pytest_runtest_logreport(report):
    if report.when == "call":
        _TABLES.extend((report.nodeid, *value) for name, value in report.user_properties
                       if name == "lsucheck-table")


def pytest_terminal_summary(terminalreporter):
    for nodeid, title, text in sorted(_TABLES):
        terminalreporter.write_sep("-", title)
        terminalreporter.write_line(f"({nodeid})")
        terminalreporter.write_line(text)


@pytest.fixture(scope="session")
def shared() -> pathlib.Path:
    """../shared/lsu (the third-party reference files), or skip with a clear reason."""
    lsu = SHARED / "lsu"
    if not lsu.is_dir():
        pytest.skip(f"conformance: {lsu} is absent (the third-party reference files are not here)")
    return lsu


@pytest.fixture(scope="session")
def official_xsd(shared) -> pathlib.Path:
    return shared / "xsd" / "OPEN-ENT-NG__competences__import-complet-strict.xsd"


@pytest.fixture(scope="session")
def sample_10(shared) -> pathlib.Path:
    return shared / "samples" / "derived__sample-bilan-complet__schemaVersion-10.0.xml"


@pytest.fixture(scope="session")
def sample_2(shared) -> pathlib.Path:
    return shared / "samples" / "tbelliard__gepi__sample-bilan-complet.xml"
