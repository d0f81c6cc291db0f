"""The trimmed standard library the site serves (build.py trim_stdlib) is enough: Pyodide under
Node, given only that zip, installs the wheels with micropip from the site's lock, imports every
module of the engine and every standard-library module the engine's sources name, checks the demo
school, with and without an XSD (xmlschema installed on demand), exports and renders the rules."""
import json
import subprocess
import zipfile

import pytest

from tests.browser.conftest import ROOT, build

pytestmark = pytest.mark.browser


def test_every_module_of_the_engine_imports_from_the_trimmed_standard_library(site_dir):
    (wheels,) = site_dir.glob("app/*/py")
    trimmed = wheels / "python_stdlib.zip"
    pyodide = build.fetch_pyodide()
    full = zipfile.ZipFile(pyodide / "python_stdlib.zip").namelist()
    kept = zipfile.ZipFile(trimmed).namelist()
    assert set(kept) < set(full) and len(kept) < len(full) / 2
    assert trimmed.stat().st_size < (pyodide / "python_stdlib.zip").stat().st_size / 2
    extra = ",".join([*build.engine_stdlib_imports(), *build.CODECS])
    res = subprocess.run(["node", str(build.TRACE_STDLIB), str(pyodide), str(wheels), str(site_dir / "exemple"),
                          str(trimmed), extra], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr[-3000:]
    trace = json.loads(res.stdout.strip().splitlines()[-1])
    # the one failure is the command line's entry point, which exits without arguments
    assert trace["failed"] == {"lsucheck.__main__": "SystemExit: 2"}
    engine = [n for n in zipfile.ZipFile(next(wheels.glob("lsucheck-*.whl"))).namelist()
              if n.startswith("lsucheck/") and n.endswith(".pyc")]
    assert trace["imported"] >= len(engine) > 30
    # the demo school's verdict, then the same with the XSD (xmlschema was not loaded before)
    assert trace["checks"] == ["rejets_partiels", "rejets_partiels"]
    assert trace["xmlschema_at_first_check"] is False
    assert "encodings/cp1252.py" in kept and "encodings/iso8859_15.py" in kept
