// Which standard-library modules the engine needs, found by running it: Pyodide under Node installs
// the site's wheels with micropip from the site's lock (as the browser does), imports every module
// of every served package, checks the demo school (then again with an XSD given, after installing
// xmlschema lazily), exports and renders the rules. Used by build.py to trim python_stdlib.zip, and
// by tests/browser/test_stdlib.py to prove the trimmed zip is enough.
//
//   node tools/trace_stdlib.mjs PYODIDE_DIR WHEELS_DIR SAMPLE_DIR [STDLIB_ZIP|-] [MODULE,MODULE…]
//
// Prints one JSON line: {"stdlib": [paths inside the zip of the modules that were loaded], "imported": N,
// "failed": {module: error} (imports that fail, e.g. optional third-party extras), "checks": [...]}.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheels, sampleDir] = process.argv.slice(2, 5).map((p) => path.resolve(p));
const stdlib = process.argv[5] && process.argv[5] !== "-" ? path.resolve(process.argv[5]) : null;
const extra = (process.argv[6] || "").split(",").filter(Boolean);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const options = { indexURL: pyodideDir + "/", lockFileURL: path.join(wheels, "lock.json"),
                  packageBaseUrl: wheels + "/", packages: ["micropip"], stdout: () => {}, stderr: () => {} };
if (stdlib) options.stdLibURL = stdlib;
const py = await loadPyodide(options);
py.FS.mkdirTree("/sample");
py.FS.mount(py.FS.filesystems.NODEFS, { root: sampleDir }, "/sample");
py.globals.set("EXTRA", py.toPy(extra));
py.globals.set("SAMPLE", fs.readdirSync(sampleDir).filter((n) => n.endsWith(".xml")).sort());

const micropip = py.pyimport("micropip");
await micropip.install("lsucheck");
const first = py.runPython(`
import json, sys
import lsucheck.browser as b
assert json.loads(b.prepare())["ok"]
lsu = [n for n in SAMPLE if "lsu" in n]
files = [{"path": "/sample/" + n, "name": n} for n in lsu + [n for n in SAMPLE if n not in lsu]]
r = json.loads(b.check(json.dumps({"files": files})))
assert r["ok"], r
VERDICT1 = b._last[0].verdict
for fmt in ("csv", "json", "html"):
    assert json.loads(b.export(json.dumps({"format": fmt})))["ok"]
assert json.loads(b.regles())["ok"]
"xmlschema" in sys.modules
`);
py.globals.set("XS_FIRST", first);
await micropip.install("xmlschema");
micropip.destroy();
const out = py.runPython(`
import importlib, json, os, pkgutil, sys, traceback
from importlib import resources
xsd = str(resources.files("lsucheck") / "data" / "xsd" / "10.0" / "lsun-bilans.xsd")
files2 = [{"path": "/sample/" + n, "name": n} for n in lsu] + [{"path": xsd, "name": os.path.basename(xsd)}]
r2 = json.loads(b.check(json.dumps({"files": files2})))
assert r2["ok"], r2
checks = [VERDICT1, b._last[0].verdict]   # the reports stay in Python (browser._last)
failed, imported = {}, 0
# every module of the engine; of its dependencies, what the engine's own imports and checks load
for top in ("lsucheck", "jinja2", "markupsafe", "defusedxml", "xmlschema", "elementpath", "micropip"):
    pkg = importlib.import_module(top)
    names = [top] + ([m.name for m in pkgutil.walk_packages(pkg.__path__, top + ".")] if top == "lsucheck" else [])
    for name in names:
        try:
            importlib.import_module(name)
            imported += 1
        except BaseException as exc:
            failed[name] = f"{type(exc).__name__}: {exc}"[:200]
# the standard-library modules any import statement of the engine names (function-level ones
# included, found by build.py in the sources), and the codecs an XML declaration may ask for
for name in EXTRA:
    try:
        importlib.import_module(name)
    except ImportError as exc:
        parent, _, attr = name.rpartition(".")
        if parent and hasattr(sys.modules.get(parent), attr):
            continue  # "from parent import attr": a name, not a module
        failed[name] = f"{type(exc).__name__}: {exc}"[:200]
zip_prefix = [p for p in sys.path if p.endswith(".zip")][0] + "/"
used = set()
for mod in list(sys.modules.values()):
    origin = getattr(getattr(mod, "__spec__", None), "origin", None) or getattr(mod, "__file__", None) or ""
    where = list(getattr(mod, "__path__", []) or []) + [origin]
    for f in where:
        if isinstance(f, str) and f.startswith(zip_prefix):
            used.add(f[len(zip_prefix):])
json.dumps({"stdlib": sorted(used), "imported": imported, "failed": failed, "checks": checks,
            "xmlschema_at_first_check": XS_FIRST})
`);
console.log(out);
