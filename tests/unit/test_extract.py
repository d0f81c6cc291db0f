"""One division's file for a first import, and the file « sans les bilans rejetés » (issue 15, item 4).

The file is cut out of the original bytes (kept lines unchanged, in order), holds every shared
element its divisions use and nothing else, validates with the official XSD (xmlschema and the
JDK's validator), and gives the findings the whole file gives for that division."""
from __future__ import annotations

import functools
import hashlib
import io
import json
import re
from collections import Counter
from datetime import datetime, timezone

import pytest
import xmlschema

from lsucheck import engine, extract
from lsucheck.generator import generate_school
from lsucheck.model import IDREF_TARGETS

from ..conformance.jdk import oracle as jdk_oracle
from .test_cli import lsucheck

NOW = datetime(2026, 6, 20, 10, 0, tzinfo=timezone.utc)
OPTIONS = engine.Options(now=NOW)
#: faults in bilans and in shared elements (EPI, périodes, communs, classes' evaluation modes)
FAULTS = ["B6", "B3", "B4", "B14", "B16", "B10", "B9", "B2", "B8", "B13", "B11", "B12", "B15", "B5", "B1"]
DIVISIONS = [f"{n} {x}" for n in "6543" for x in "AB"]


# Session-level caches of pure results that no test changes (not module fixtures: those would keep
# the module's tests on one pytest-xdist worker, tests/conftest.py)
@functools.lru_cache(maxsize=None)
def _school():
    return generate_school(seed=4, annee=2025, nb_divisions_par_niveau=2, eleves_par_division=6, faults=FAULTS)


@functools.lru_cache(maxsize=None)
def _data() -> bytes:
    return _school().lsu_xml()


@functools.lru_cache(maxsize=None)
def _whole_report(data: bytes, name: str):
    """The whole file's report, which a dozen tests compare with (checked once)."""
    return engine.check(data, name=name, options=OPTIONS)


@pytest.fixture()
def school():
    return _school()


@pytest.fixture()
def data():
    return _data()


def is_subsequence(small: list, big: list) -> bool:
    it = iter(big)
    return all(any(line == other for other in it) for line in small)


def occurrences(report, divisions) -> Counter:
    """The report's findings for those divisions, without line and path (they move in a shorter file)."""
    out = Counter()
    for m in report.messages:
        for o in m["occurrences"]:
            divs = set((o["division"] or "").split(", ")) & set(divisions)
            if divs:
                out[(m["code"], m["level"], o["eleve"], ", ".join(sorted(divs)), o["periode"], o["discipline"],
                     re.sub(r"ligne \d+", "ligne …", o["detail"]))] += 1
    return out


@pytest.mark.parametrize("divisions", [[d] for d in DIVISIONS] + [["3 A", "4 B"], ["6 A", "6 B", "5 A"]])
def test_the_division_file_gives_the_whole_files_findings_for_that_division(school, data, divisions):
    full = _whole_report(data, school.file_name)
    ex = extract.extract(data, divisions, name=school.file_name, options=OPTIONS)
    assert ex.same_findings and ex.offered
    assert occurrences(ex.report, divisions) == occurrences(full, divisions)
    assert ex.report.data["classes"] == sorted(divisions)
    # every pupil, every bilan of the divisions, nobody else
    pupils = [e for e in school.eleves if e.division in divisions]
    assert ex.kept["eleves"] == len(pupils)
    ids = {e.id for e in pupils}
    n = sum(1 for b in school.bilans_periodiques + school.bilans_cycle if b.eleve_ref in ids)
    assert sum(c["traites"] for c in ex.report.counts.values()) == n


def test_planted_faults_of_the_division_are_found_again(school, data):
    b6 = next(x for x in school.expected if x.code == "B6")
    ex = extract.extract(data, [b6.where["division"]], name=school.file_name, options=OPTIONS)
    found = ex.report.message("B6")
    assert found is not None and [o["eleve"] for o in found["occurrences"]] == [b6.where["eleve"]]


def test_the_kept_bytes_are_the_originals_and_the_original_is_untouched(school, data, tmp_path):
    path = tmp_path / school.file_name
    path.write_bytes(data)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    ex = extract.extract(str(path), ["6 A"], options=OPTIONS)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    new_lines, old_lines = ex.data.split(b"\n"), data.split(b"\n")
    assert len(new_lines) < len(old_lines) / 3
    assert is_subsequence(new_lines, old_lines)
    assert new_lines[:8] == old_lines[:8]  # declaration, root, entête: as written
    assert ex.name == school.file_name.replace(".xml", "_6A.xml")


def test_an_iso_8859_15_file_stays_in_its_encoding(school):
    text = generate_school(seed=9, taille="petit").lsu_xml().decode("utf-8")
    latin = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-15"', 1).encode("iso-8859-15")
    latin = latin.replace(b"\n", b"\r\n")  # Windows line breaks, as some software writes them
    ex = extract.extract(latin, ["6 A"], sans_rejetes=True, name="import_lsu_20251215093000.xml",
                         options=engine.Options(now=datetime(2025, 12, 15, tzinfo=timezone.utc)))
    # one division, nothing rejected: the same lines, in the same bytes (CR LF, ISO-8859-15), less
    # the shared elements no bilan uses (a responsable, éléments de programme, an AP group)
    assert is_subsequence(ex.data.split(b"\r\n"), latin.split(b"\r\n"))
    assert ex.data.count(b"<bilan-periodique ") == latin.count(b"<bilan-periodique ")
    gone = set(re.findall(rb' id="([^"]+)"', latin)) - set(re.findall(rb' id="([^"]+)"', ex.data))
    used = {v for value in re.findall(rb'[\w-]+-refs?="([^"]*)"', ex.data) for v in value.split()}
    assert gone and not gone & used
    assert ex.removed == {"responsables-etab": 1, "elements-programme": 37, "acc-persos": 1, "acc-persos-groupes": 1}
    assert ex.data.decode("iso-8859-15").startswith('<?xml version="1.0" encoding="ISO-8859-15"?>\r\n')
    assert ex.left_out == [] and ex.name == "import_lsu_20251215093000_6A.xml"


def test_only_what_the_division_uses(school, data):
    ex = extract.extract(data, ["6 A"], name=school.file_name, options=OPTIONS)
    text = ex.data.decode("utf-8")
    declared = set(re.findall(r'<(?!eleve |bilan-)[\w-]+ id="([^"]+)"', text))
    used = set()
    for attr in IDREF_TARGETS:
        for value in re.findall(rf' {re.escape(attr)}="([^"]*)"', text):
            used |= set(value.split())
    assert declared and declared <= used, sorted(declared - used)
    assert "<epis>" not in text and "<epi " not in text  # 6e: no EPI
    assert ex.removed["eleves"] == len(school.eleves) - ex.kept["eleves"]
    # an unknown division is named with the file's divisions
    with pytest.raises(extract.ExtractError, match=r"La division « 7 Z » n'a aucun élève dans ce fichier\. "
                                                   r"Divisions du fichier : 6 A, 6 B, 5 A"):
        extract.extract(data, ["7 Z"], options=OPTIONS)
    # « 6A » typed without the space is the file's « 6 A »
    assert extract.extract(data, ["6a"], options=OPTIONS).divisions == ["6 A"]


def test_sans_les_bilans_rejetes_lists_what_was_left_out(school, data):
    full = _whole_report(data, school.file_name)
    rejected = sum(c["rejetes"] for c in full.counts.values())
    assert rejected >= 1
    ex = extract.extract(data, None, sans_rejetes=True, name=school.file_name, options=OPTIONS)
    assert sum(c["rejetes"] for c in ex.report.counts.values()) == 0
    assert len(ex.left_out) == rejected
    b6 = next(x for x in school.expected if x.code == "B6")
    entry = next(b for b in ex.left_out if b["eleve"] == b6.where["eleve"] and b["periode"] == b6.where["periode"])
    assert entry["raisons"] == [full.message("B6")["label"]]
    assert ex.report.counts["periodiques"]["traites"] == full.counts["periodiques"]["traites"] - \
        sum(1 for b in ex.left_out if b["bilan"] == "periodique")
    assert ex.same_findings, (ex.new_findings, ex.gone_findings)
    assert "Le LSU remplace un bilan déjà importé quand il est importé à nouveau" in ex.summary()
    assert ex.name == school.file_name.replace(".xml", "_toutes.xml")


def test_sans_les_bilans_rejetes_is_refused_when_the_whole_file_is(data):
    bad = data.replace(b'moyenne-eleve="1', b'moyenne-eleve="1,', 1)
    with pytest.raises(extract.ExtractError, match="Le LSU refuserait ce fichier entier"):
        extract.extract(bad, None, sans_rejetes=True, options=OPTIONS)


@functools.lru_cache(maxsize=None)
def _extracted() -> dict:
    data = _data()
    return {f"{'-'.join(d)}{'-sans' if s else ''}": extract.extract(data, d, sans_rejetes=s, options=OPTIONS).data
            for d, s in ((["6 A"], False), (["5 B"], True), (["3 A", "4 B"], False))}


@pytest.fixture()
def extracted():
    return _extracted()


@pytest.mark.conformance
def test_the_extracted_files_validate_with_the_official_xsd(extracted, official_xsd, data):
    schema = xmlschema.XMLSchema(io.BytesIO(official_xsd.read_bytes()), allow="none", defuse="always")
    assert schema.is_valid(io.BytesIO(data))
    for name, content in extracted.items():
        errors = list(schema.iter_errors(io.BytesIO(content)))
        assert errors == [], (name, errors[:1])


@pytest.mark.conformance
def test_the_extracted_files_validate_with_the_jdk(extracted, official_xsd, data, tmp_path):
    if not jdk_oracle.available():
        pytest.fail("javac/java missing: tests/run-all.sh installs default-jdk-headless")
    verdicts = jdk_oracle.Jdk(tmp_path).verdicts(official_xsd, {"original": data, **extracted})
    assert verdicts == {name: (True, "") for name in ["original", *extracted]}


def test_the_cli_writes_the_division_file(school, data, tmp_path):
    src = tmp_path / school.file_name
    src.write_bytes(data)
    out = tmp_path / "extraits"
    p = lsucheck(src, "--extraire", "6 A", "--extraire", "6 B", "-o", f"{out}/", "--annee", "2025")
    assert p.returncode == 0, p.stderr
    name = school.file_name.replace(".xml", "_6A-6B.xml")
    assert p.stdout.splitlines()[0] == f"Fichier écrit : {out / name}"
    assert "Vérifié : mêmes messages que le fichier d'origine pour ce qui est gardé." in p.stdout
    assert (out / name).read_bytes() == extract.extract(data, ["6 A", "6 B"], options=engine.Options(annee=2025)).data
    p = lsucheck(src, "--sans-rejetes", "-o", f"{out}/", "--format", "json", "--annee", "2025")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["left_out"] and d["counts"]["periodiques"]["rejetes"] == 0 and d["same_findings"] is True
    p = lsucheck(src, "--extraire", "9 Z", "-o", f"{out}/")
    assert p.returncode == 2 and "La division « 9 Z » n'a aucun élève dans ce fichier" in p.stderr


def test_the_page_functions(school, data, tmp_path):
    import base64
    from lsucheck import browser
    src = tmp_path / school.file_name
    src.write_bytes(data)
    files = [{"path": str(src), "name": school.file_name}]
    d = json.loads(browser.divisions(json.dumps({"files": files})))
    assert d["ok"] and d["result"]["divisions"][:3] == ["6 A", "6 B", "5 A"]
    r = json.loads(browser.extract_file(json.dumps({"files": files, "divisions": ["6 A"], "annee": 2025})))
    assert r["ok"], r
    assert r["result"]["name"] == school.file_name.replace(".xml", "_6A.xml")
    assert base64.b64decode(r["result"]["bytes"]) == extract.extract(data, ["6 A"],
                                                                     options=engine.Options(annee=2025)).data
    assert "Le LSU remplace un bilan déjà importé" in r["result"]["html"]
    r = json.loads(browser.extract_file(json.dumps({"files": files, "sans_rejetes": True, "annee": 2025})))
    assert r["ok"] and "Bilans laissés de côté" in r["result"]["html"] and r["result"]["left_out"]
    bad = json.loads(browser.extract_file(json.dumps({"files": files, "divisions": ["9 Z"]})))
    assert not bad["ok"] and bad["error"]["message"].startswith("La division « 9 Z » n'a aucun élève")


def test_the_divisions_carry_the_planted_faults(school, data):
    full = _whole_report(data, school.file_name)
    found = {k[0] for d in DIVISIONS for k in occurrences(full, [d])}
    assert found >= {"B1", "B2", "B3", "B4", "B6", "B9", "B10", "B11", "B12", "B14", "B15", "B16"}


def test_a_file_on_one_line_is_cut_too(school, data):
    """Some software writes the whole file on one line: elements are cut out of the line."""
    flat = re.sub(rb">\s+<", b"><", data)
    assert flat.count(b"\n") == 1
    full = engine.check(flat, name=school.file_name, options=OPTIONS)
    ex = extract.extract(flat, ["5 A"], name=school.file_name, options=OPTIONS)
    assert ex.same_findings
    assert occurrences(ex.report, ["5 A"]) == occurrences(full, ["5 A"])
    assert ex.data.count(b"\n") == 1 and ex.data.startswith(flat[:flat.index(b"<responsable-etab ")])


def test_a_utf16_file_is_refused_with_a_reason():
    text = generate_school(seed=9, taille="petit").lsu_xml().decode("utf-8")
    utf16 = text.replace('encoding="UTF-8"', 'encoding="UTF-16"', 1).encode("utf-16")
    with pytest.raises(extract.ExtractError, match=r"^Ce fichier est écrit en UTF-16 : lsucheck ne sait en extraire"):
        extract.extract(utf16, ["6 A"], options=OPTIONS)


def test_a_file_named_otherwise_gets_a_date_of_its_school_year(data):
    """« college.xml » checked in December 2026 for 2025-2026: the name takes the latest bilan's date,
    so that the new file's name does not look like another year's export (C5)."""
    options = engine.Options(now=datetime(2026, 12, 2, 19, 0, tzinfo=timezone.utc), annee=2025)
    ex = extract.extract(data, ["3 A"], name="college.xml", options=options)
    assert re.fullmatch(r"import_lsu_2026(0[1-8])\d{2}000000_3A\.xml", ex.name), ex.name
    assert ex.offered and ex.report.message("C5") is None
    inside = engine.Options(now=datetime(2026, 3, 2, 19, 0, tzinfo=timezone.utc), annee=2025)
    assert extract.extract(data, ["3 A"], name="college.xml", options=inside).name == "import_lsu_20260302190000_3A.xml"
