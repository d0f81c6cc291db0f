"""The JDK's validator (``javax.xml.validation``), most probably the LSU's own: compiled once per
run from ``Validate.java`` beside this file, run once for a whole list of files.

Its verdicts are cached in ``verdicts.json`` beside this file, by the sha256 of the XSD and of
each file's bytes (``tests/conformance/mutations.py``, ``VerdictCache``): a run starts the JVM
only for files the cache has never seen. ``tests/run-all.sh`` installs Debian's
``default-jdk-headless`` when ``javac`` is missing."""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import tempfile

from ..mutations import VerdictCache, sha256  # noqa: F401  (sha256: for the suites)

HERE = pathlib.Path(__file__).resolve().parent
CACHE = VerdictCache(HERE / "verdicts.json")


def available() -> bool:
    return shutil.which("javac") is not None and shutil.which("java") is not None


class Jdk:
    def __init__(self, workdir: pathlib.Path):
        self.workdir = workdir
        self.compiled = False

    def verdicts(self, xsd: pathlib.Path, files: dict[str, bytes]) -> dict[str, tuple[bool, str]]:
        """{name: (valid, first error)} for every file's bytes: the cache's, else the JDK's."""
        return CACHE.verdicts(xsd.read_bytes(), files, lambda missing: self.validate(xsd, missing))

    def validate(self, xsd: pathlib.Path, files: dict[str, bytes]) -> dict[str, tuple[bool, str]]:
        """{name: (valid, first error)} for every file's bytes, in one JVM (no cache)."""
        if not self.compiled:
            subprocess.run(["javac", "-d", str(self.workdir), str(HERE / "Validate.java")], check=True,
                           capture_output=True)
            self.compiled = True
        folder = pathlib.Path(tempfile.mkdtemp(dir=self.workdir))
        paths = {}
        for i, (name, data) in enumerate(files.items()):
            path = folder / f"{i:05d}.xml"
            path.write_bytes(data)
            paths[str(path)] = name
        listing = folder / "list.txt"
        listing.write_text("\n".join(paths), encoding="utf-8")
        out = subprocess.run(["java", "-cp", str(self.workdir), "Validate", str(xsd), str(listing)],
                             check=True, capture_output=True, text=True, encoding="utf-8").stdout
        result = {}
        for line in out.split("\n"):
            if not line:
                continue
            path, verdict, *error = line.split("\t")
            result[paths[path]] = (verdict == "VALID", error[0] if error else "")
        assert len(result) == len(files), "the JDK answered for every file"
        return result
