"""lsucheck's structural verdict equals the JDK's, proven on more than 5,000 mutated files.

Oracle: the JDK's validator (``javax.xml.validation``, most probably the LSU's own: the LSU is a
Java application) with the OFFICIAL 10.0 XSD (../shared, third-party). xmlschema with the same XSD
is a second oracle: where the two disagree the JDK wins, and the suite prints the disagreements
by kind. Bases: the derived 10.0 sample of ../shared and, when the generator is there, a
generated school. Each mutation (tests/conformance/mutations.py, seeded) changes one thing; we
assert

(a) xmlschema + the project's XSD gives xmlschema + the official XSD's verdict on every mutation,
    and, on a fixed tenth of them (``translated``), its translation names the element at fault with one
    of the F codes expected there;
(b) ``lsucheck.check`` on the file's bytes, with whatever structural path is the default (the fast
    validator when present), gives the JDK's verdict (a FICHIER finding among F3–F27 ⇔ invalid)
    and names the element at fault (an occurrence's path) under one of the codes expected there.

Oracle verdicts are cached by the sha256 of the XSD and of each mutation's bytes
(``oracle_verdicts.json`` beside this file for xmlschema, ``jdk/verdicts.json`` for the JDK): a run
validates with an oracle only the files the cache has never seen, and a changed XSD, base,
generator or mutation can never be answered by a stale entry. ``LSUCHECK_UPDATE_VERDICTS=1``
writes the new verdicts back (commit them); the suite says how many it had to compute.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from importlib import resources

import pytest

import lsucheck
from lsucheck.xsd import dispatch as schema_mod
from lsucheck import versions
from lsucheck.engine import Options
from lsucheck.model import LsuDocument
from lsucheck.parsing import Source, parse
from lsucheck.rules.structure import findings_from_xmlschema

from ..conftest import NOW
from .jdk import oracle as jdk_oracle
from .mutations import XMLSCHEMA_CACHE, P, Mutation, generate

pytestmark = pytest.mark.conformance


#: (label, seed, count): ≥ 5,000 mutations in all (issue 11: "JDK on ≥ 5,000 mutations")
SAMPLE = ("sample", 20251215, 3400)
SCHOOL = ("school", 7, 1700)
MINIMUM = 5000
#: (a)'s translation runs xmlschema with the project's XSD (≈ 25 ms a file): on a subset
TRANSLATION_STRIDE = 20
STRUCTURE_CODES = {"F3"} | {f"F{n}" for n in range(5, 28)}
KINDS = {"remove_attribute", "add_attribute", "remove_element", "add_element", "duplicate_element",
         "reorder", "move", "value", "duplicate_id", "uniqueness", "text_in_element_only",
         "schema_version", "rename"}


def school_bytes() -> bytes | None:
    try:
        from lsucheck.generator import generate_school
    except ImportError:
        return None
    # every niveau (EPI, AP, compétences numériques, both bilans de cycle), one trimestre: small
    return generate_school(seed=7, nb_divisions_par_niveau=1, eleves_par_division=1,
                           nb_periodes=3, periodes=(1,)).lsu_xml()


@pytest.fixture(scope="module")
def mutations(sample_10) -> list[Mutation]:
    bases = [(SAMPLE, sample_10.read_bytes())]
    school = school_bytes()
    if school is not None:
        bases.append((SCHOOL, school))
    out = []
    for (label, seed, count), data in bases:
        out += generate(data, seed=seed, count=count, label=label)
    return out


@pytest.fixture(scope="module")
def jdk(mutations, official_xsd, tmp_path_factory) -> dict[str, tuple[bool, str]]:
    """{ident: (valid, first error)}: the JDK's verdicts (the cache's, else the JVM's)."""
    files = {m.ident: m.data for m in mutations}
    xsd = official_xsd.read_bytes()
    known = jdk_oracle.CACHE.data.get(jdk_oracle.sha256(xsd), {})
    if not jdk_oracle.available() and any(jdk_oracle.sha256(d) not in known for d in files.values()):
        pytest.fail("javac/java missing and verdicts not cached: tests/run-all.sh installs default-jdk-headless")
    return jdk_oracle.Jdk(tmp_path_factory.mktemp("jdk")).verdicts(official_xsd, files)


@pytest.fixture(scope="module")
def official(mutations, official_xsd) -> dict[str, tuple[bool, str]]:
    """xmlschema + the official XSD: {ident: (valid, first error)}."""
    xsd = official_xsd.read_bytes()
    return XMLSCHEMA_CACHE.xmlschema(xsd, {m.ident: m.data for m in mutations})


@pytest.fixture(scope="module")
def ours_xsd() -> bytes:
    """The project's 10.0 XSD, as ``schema.load_schema`` reads it."""
    return (resources.files("lsucheck") / "data" / "xsd" / "10.0" / schema_mod.SCHEMA_FILE).read_bytes()


@pytest.fixture(scope="module")
def ours(mutations, ours_xsd) -> dict[str, tuple[bool, str]]:
    """xmlschema + the project's XSD: {ident: (valid, first error)} (cached by that XSD's sha256)."""
    return XMLSCHEMA_CACHE.xmlschema(ours_xsd, {m.ident: m.data for m in mutations})


def test_the_suite_has_at_least_5000_mutations_of_every_kind_with_both_verdicts(mutations, jdk):
    verdicts = Counter(jdk[m.ident][0] for m in mutations)
    if school_bytes() is not None:
        assert len(mutations) == SAMPLE[2] + SCHOOL[2] >= MINIMUM
    else:
        assert len(mutations) == SAMPLE[2]
    assert len({m.data for m in mutations}) == len(mutations)   # distinct files
    assert verdicts[True] >= 0.1 * len(mutations) and verdicts[False] >= 0.5 * len(mutations), verdicts
    assert {m.kind for m in mutations} == KINDS


def test_where_the_jdk_and_xmlschema_disagree_the_table_says_so(mutations, jdk, official, unique_without_a_field, checked,
                                                                table):
    """The JDK wins; the disagreements are printed by kind (the suite's table, issue 11)."""
    rows = [(m, jdk[m.ident], official[m.ident]) for m in mutations if jdk[m.ident][0] != official[m.ident][0]]
    by_kind = Counter((m.kind, "JDK invalide, xmlschema valide" if x[0] else "JDK valide, xmlschema invalide")
                      for m, _, x in rows)
    lines = [f"  verdicts computed by the oracles (the rest from their caches): JDK {jdk_oracle.CACHE.misses}, "
             f"xmlschema {XMLSCHEMA_CACHE.misses}"]
    lines += [f"  {n:4d}  {kind:<22} {what}" for (kind, what), n in sorted(by_kind.items())]
    say = lambda valid, error: "valide" if valid else f"invalide ({error[:70]})"   # noqa: E731
    structural = {m.ident: found for m, found, _ in checked}
    for m, jdk_verdict, x in rows[:12]:
        ours = "invalide" if structural[m.ident] else "valide"
        lines.append(f"    {m.ident} {m.description[:50]:<50} JDK : {say(*jdk_verdict)} ; xmlschema : {say(*x)} ; "
                     f"lsucheck : {ours}")
    table(f"JDK ≠ xmlschema on {len(rows)} of {len(mutations)} mutations", "\n".join(lines))
    # one kind of disagreement, where the JDK follows the standard: xs:unique with an absent field
    assert rows and all(jdk_valid and unique_key_with_an_absent_field(m) for m, (jdk_valid, _), _ in rows), \
        [m.ident for m, (jdk_valid, _), _ in rows if not (jdk_valid and unique_key_with_an_absent_field(m))][:10]
    # … and those are exactly the files where lsucheck is known to differ from the JDK (≥ 20 of them)
    assert {m.ident for m, _, _ in rows} == unique_without_a_field and len(unique_without_a_field) >= 20


def test_our_xsd_gives_the_official_verdict(mutations, official, ours):
    failures = [f"{m.ident} {m.description}: official {'valid' if official[m.ident][0] else 'invalid'}, "
                f"ours {'valid' if ours[m.ident][0] else 'invalid (' + ours[m.ident][1][:80] + ')'}"
                for m in mutations if official[m.ident][0] != ours[m.ident][0]]
    assert failures == [], f"{len(failures)} divergences:\n" + "\n".join(failures[:25])


def translated(mutations: list[Mutation]) -> list[Mutation]:
    """Every TRANSLATION_STRIDE-th mutation, and one in 4 of the rarer uniqueness ones (F20–F25)."""
    return [m for i, m in enumerate(mutations)
            if i % TRANSLATION_STRIDE == 0 or (m.kind == "uniqueness" and i % 4 == 0)]


def test_our_xsd_translation_names_the_element_at_fault(mutations, ours):
    """xmlschema's errors with the project's XSD, in French: the element at fault, an expected code."""
    schema = schema_mod.load_schema("10.0").schema
    failures, reached = [], set()
    for m in translated(mutations):
        if ours[m.ident][0]:
            continue
        tree = parse(Source.from_bytes(m.data))
        doc = LsuDocument(tree)
        findings = findings_from_xmlschema(list(schema.iter_errors(tree.root)), doc, schema)
        reached |= {f.code for f in findings}
        located = [(f.code, doc.path(f.elem)) for f in findings if f.elem is not None]
        if not any(path in m.fault_paths and code in m.codes for code, path in located):
            failures.append(f"{m.ident} {m.description}: expected {sorted(m.codes)} at one of "
                            f"{sorted(m.fault_paths)[:4]}, got {located[:4]}")
    assert failures == [], f"{len(failures)} divergences:\n" + "\n".join(failures[:25])
    # every structural code is reached: the translation is exercised throughout
    assert STRUCTURE_CODES - reached == set()


@pytest.fixture(scope="module")
def checked(mutations):
    """(mutation, F3–F27 FICHIER occurrences as (code, path), report verdict) from ``lsucheck.check``."""
    options = Options(now=NOW)
    out = []
    for m in mutations:
        report = lsucheck.check(m.data, name=f"{m.ident}.xml", options=options)
        structural = [(msg["code"], o["path"]) for msg in report.messages
                      if msg["code"] in STRUCTURE_CODES and msg["level"] == "FICHIER"
                      for o in msg["occurrences"]]
        out.append((m, structural, report.verdict))
    return out


def unique_key_with_an_absent_field(m: Mutation) -> bool:
    """Two disciplines share @code and @modalite-election and both lack @id-lv.

    The XSD's ``xs:unique`` (code, modalité d'élection, id-lv) does not apply to them: a node
    whose field is absent is not in the constraint's qualified node-set (XSD 1.0 part 1,
    §3.11.4). The JDK accepts the file, and so does lsucheck; xmlschema says F22."""
    root = ET.fromstring(m.data)
    keys = Counter((d.get("code"), d.get("modalite-election")) for d in root.iter(P + "discipline")
                   if d.get("id-lv") is None and None not in (d.get("code"), d.get("modalite-election")))
    return any(n > 1 for n in keys.values())


@pytest.fixture(scope="module")
def unique_without_a_field(mutations, jdk) -> set[str]:
    """The files the JDK accepts that hold two disciplines differing only by an absent @id-lv."""
    return {m.ident for m in mutations if jdk[m.ident][0] and unique_key_with_an_absent_field(m)}


def test_lsucheck_check_gives_the_jdks_verdict_and_names_the_element_at_fault(checked, jdk):
    """Every mutation: the JDK's verdict, and the element at fault named."""
    path = schema_mod.path_for(versions.decide("10.0"), Options())
    failures = []
    for m, structural, verdict in checked:
        valid, error = jdk[m.ident]
        if bool(structural) == valid:
            failures.append(f"{m.ident} {m.description}: JDK {'valid' if valid else 'invalid: ' + error[:100]}, "
                            f"lsucheck ({path}) {verdict} {structural[:3]}")
        elif not valid and not any(p in m.fault_paths for _, p in structural):
            failures.append(f"{m.ident} {m.description}: expected one of {sorted(m.fault_paths)[:4]}, "
                            f"lsucheck ({path}) said {structural[:4]}")
    assert failures == [], f"{len(failures)} divergences from the JDK ({path} path):\n" + "\n".join(failures[:25])


def test_lsucheck_check_files_each_fault_under_the_expected_code(checked):
    """Whatever the path, the same problem is grouped under the same LSU-report code."""
    path = schema_mod.path_for(versions.decide("10.0"), Options())
    failures = []
    for m, structural, _ in checked:
        if structural and not any(p in m.fault_paths and code in m.codes for code, p in structural):
            failures.append(f"{m.ident} {m.description}: expected {sorted(m.codes)} at the element at "
                            f"fault, lsucheck ({path}) said {structural[:3]}")
    assert failures == [], f"{len(failures)} divergences ({path} path):\n" + "\n".join(failures[:25])


def test_lsucheck_accepts_two_disciplines_without_id_lv_like_the_jdk(checked, unique_without_a_field):
    said = {m.ident: structural for m, structural, _ in checked if m.ident in unique_without_a_field}
    assert len(said) >= 30   # 38 such mutations today: the case is exercised
    assert all(structural == [] for structural in said.values()), \
        f"{len(said)} files the JDK accepts, lsucheck says F22: {sorted(said)[:8]}"
