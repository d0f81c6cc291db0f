// Precompile Python sources to .pyc with Pyodide itself under Node (RECIPE.md §2.2 G), so the
// bytecode matches the browser's CPython exactly. Used by build.py; never shipped.
//
//   node tools/compile_pyc.mjs PYODIDE_DIR STAGE_DIR
//
// STAGE_DIR holds one folder per wheel, each in site-packages layout. Every .py gets a source-less
// ("legacy") .pyc beside it, whose recorded path is the browser's site-packages; the .py is then
// removed. UNCHECKED_HASH makes the output independent of file mtimes, so rebuilds are identical.
import { readdirSync, statSync, unlinkSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, stageDir] = process.argv.slice(2).map((p) => resolve(p));
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: pyodideDir + "/", stdout: () => {}, stderr: console.error });
py.mountNodeFS("/stage", stageDir);

const compileall = py.pyimport("compileall");
const pyCompile = py.pyimport("py_compile");
const sys = py.pyimport("sys");
const target = `/lib/python${sys.version_info.major}.${sys.version_info.minor}/site-packages`;

let failed = false;
for (const wheel of readdirSync(stageDir).sort()) {
  const ok = compileall.compile_dir.callKwargs(`/stage/${wheel}`, {
    ddir: target, legacy: true, quiet: 1, workers: 1,
    invalidation_mode: pyCompile.PycInvalidationMode.UNCHECKED_HASH,
  });
  if (!ok) { console.error(`compileall failed in ${wheel}`); failed = true; }
}
if (failed) process.exit(1);

// Remove each .py that now has its .pyc.
function prune(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) prune(path);
    else if (name.endsWith(".py") && existsSync(path + "c")) unlinkSync(path);
  }
}
prune(stageDir);
console.log(`compiled for ${target}`);
