#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs (Debian's chromium and firefox-esr,
# libxml2-utils, nodejs and npm, default-jdk-headless, the Python packages), builds dist/, then runs
# unit, rule, conformance and
# browser tests. Usage: bash tests/run-all.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# tests/firefox: the same app in Debian's Firefox ESR (puppeteer-core, WebDriver BiDi)
[ -x /usr/bin/firefox-esr ] || need_apt+=(firefox-esr)
command -v xmllint >/dev/null 2>&1 || need_apt+=(libxml2-utils)
# build.py: npm packs Pyodide and node runs it to precompile the .pyc (Node >= 18)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# the JDK's validator, most probably the LSU's own, is the structural oracle (tests/conformance/jdk)
command -v javac >/dev/null 2>&1 || need_apt+=(default-jdk-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "== apt-get install ${need_apt[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== pip install -e .[test]"
python3 -m pip install -q --disable-pip-version-check -e ".[test]"

echo "== python3 build.py"
python3 build.py

echo "== pytest"
# in parallel, one worker per core; the tests of a module sharing a module fixture stay on one worker
# (tests/conftest.py marks them), the others go to whichever worker is free
python3 -m pytest -q -n "${LSUCHECK_TEST_WORKERS:-auto}" --dist loadgroup "$@"
