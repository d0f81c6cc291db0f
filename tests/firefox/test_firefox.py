"""The web app's browser tests in Debian's Firefox ESR: runs tests/firefox/app.test.mjs (puppeteer-core
over WebDriver BiDi, node's own test runner) and fails with node's output when node fails."""
import pathlib
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.browser

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIREFOX = "/usr/bin/firefox-esr"


def test_the_app_in_firefox_esr():
    if not pathlib.Path(FIREFOX).exists():
        pytest.fail(f"{FIREFOX} is missing: install Debian's firefox-esr (tests/run-all.sh does it)")
    assert shutil.which("node") and shutil.which("npm"), "node and npm are needed (tests/run-all.sh installs them)"
    res = subprocess.run([sys.executable, str(ROOT / "build.py"), "--if-stale"], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0, f"build.py failed:\n{res.stdout}\n{res.stderr}"
    if not (HERE / "node_modules" / "puppeteer-core").is_dir():
        res = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True)
        assert res.returncode == 0, f"npm ci failed:\n{res.stdout}\n{res.stderr}"
    res = subprocess.run(["node", "--test", "app.test.mjs"], cwd=HERE, capture_output=True, text=True)
    if res.returncode != 0:
        pytest.fail(f"node --test failed in Firefox ESR:\n{res.stdout}\n{res.stderr}", pytrace=False)
