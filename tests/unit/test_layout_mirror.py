"""The tests mirror the package: a newcomer looking for the tests of ``lsucheck/x/y.py`` finds them in
``tests/unit/x/test_y.py`` (``tests/rules/test_y*.py`` for a rule family), or in the one place this
file names with the reason."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "py" / "lsucheck"

# Modules whose tests live elsewhere, and why.
ELSEWHERE = {
    "__init__.py": None,  # the public API is exercised by every other test
    "__main__.py": "tests/unit/test_cli.py",  # `python -m lsucheck` is the CLI
    # the browser boundary needs the browser suite's generated files (its `files` fixture)
    "browser.py": "tests/browser/test_browser_module.py",
    # the structure checks are the validators' findings as rules: tested with the dispatch
    "rules/structure.py": "tests/unit/xsd/test_dispatch.py",
    # the generator is a test tool: tested through the schools it builds
    "generator/*": "tests/unit/test_generator.py",
}


def expected_tests(module: Path) -> list[str]:
    relative = module.relative_to(PACKAGE).as_posix()
    for pattern in (relative, relative.split("/")[0] + "/*"):
        if pattern in ELSEWHERE:
            return [] if ELSEWHERE[pattern] is None else [ELSEWHERE[pattern]]
    folder, name = module.parent.relative_to(PACKAGE), module.stem
    if folder.as_posix() == "rules":
        return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests" / "rules").glob(f"test_{name}*.py"))
    candidate = ROOT / "tests" / "unit" / folder / f"test_{name}.py"
    return [candidate.relative_to(ROOT).as_posix()] if candidate.exists() else []


def test_every_module_of_the_package_has_its_tests_where_the_layout_says():
    modules = sorted(p for p in PACKAGE.rglob("*.py") if "templates" not in p.parts)
    assert len(modules) > 30
    missing = [m.relative_to(PACKAGE).as_posix() for m in modules
               if m.name != "__init__.py" and not expected_tests(m)]
    assert missing == []
    for target in {t for m in modules for t in expected_tests(m)}:
        assert (ROOT / target).is_file(), target


def test_every_test_module_of_tests_unit_tests_a_module_that_exists():
    """No stale mirror: tests/unit/x/test_y.py names a module lsucheck/x/y.py, except the few
    tests of a behaviour spread over several modules, listed here."""
    across = {"test_forbidden_words.py", "test_layout_mirror.py", "test_version_banner.py",
              "test_cli_lsureport.py", "test_cli_references.py", "test_page_lsureport.py",
              "test_browser_tools.py", "test_generator.py"}
    stale = []
    for test in sorted((ROOT / "tests" / "unit").rglob("test_*.py")):
        folder = test.parent.relative_to(ROOT / "tests" / "unit")
        if test.name in across:
            continue
        if not (PACKAGE / folder / (test.stem[len("test_"):] + ".py")).exists():
            stale.append(test.relative_to(ROOT).as_posix())
    assert stale == []
