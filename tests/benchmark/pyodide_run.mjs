// One measured run of tests/benchmark/bench.py's run_one() inside Pyodide, under Node.
// Node runs the same WebAssembly engine (V8) as Chromium: this gives Pyodide's Python speed
// without a browser (the page's own timing is the web app's business).
//
//   node pyodide_run.mjs <pyodide dir> <wheels dir> <py source dir> <file> <bench dir> [mode]
//
// The dependencies are unpacked from the site's wheels (dist/app/<hash>/py/*.whl); lsucheck
// itself is imported from the source tree, so the code measured is the code being worked on.
// Prints one JSON line: run_one()'s result plus boot (s) and the wasm heap (Mo): Pyodide starts
// with a large heap (≈229 Mo here), which a 50 Mo file still fits in (32-bit objects are small).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheels, src, file, benchDir] = process.argv.slice(2, 7).map(p => path.resolve(p));
const mode = process.argv[7] || "fast";
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const t0 = performance.now();
const py = await loadPyodide({ indexURL: pyodideDir + "/", lockFileURL: path.join(wheels, "lock.json"),
                               packageBaseUrl: wheels + "/", stdout: () => {}, stderr: () => {} });
const tBoot = performance.now();
for (const name of fs.readdirSync(wheels)) {
  if (!name.endsWith(".whl") || name.startsWith("lsucheck-") || name.startsWith("micropip-")) continue;
  const buf = fs.readFileSync(path.join(wheels, name));
  py.unpackArchive(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), "wheel");
}
const mounts = { "/mnt/src": src, "/mnt/data": path.dirname(file), "/mnt/bench": benchDir };
for (const [where, root] of Object.entries(mounts)) {
  py.FS.mkdirTree(where);
  py.FS.mount(py.FS.filesystems.NODEFS, { root }, where);
}
py.globals.set("FILE", "/mnt/data/" + path.basename(file));
py.globals.set("MODE", mode);
const out = py.runPython(`
import sys, json
sys.path[:0] = ["/mnt/src", "/mnt/bench"]
import bench
json.dumps(bench.run_one(FILE, MODE, "wall"))
`);
const result = JSON.parse(out);
result.boot = (tBoot - t0) / 1000;
result.heap_mb = py._module.HEAPU8.buffer.byteLength / 1048576;  // grows, never shrinks
console.log(JSON.stringify(result));
