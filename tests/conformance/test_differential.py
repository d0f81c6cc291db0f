"""The project's schema equals the official 10.0 XSD, proven on thousands of mutated files.

Oracle: xmlschema with the OFFICIAL 10.0 XSD (../shared, third-party; libxml2 is no oracle: it
does not resolve IDREFs). Bases: the derived 10.0 sample of ../shared and, when the generator is
there, a generated school. Each mutation (tests/conformance/mutations.py, seeded) changes one
thing; for every one we assert

(a) xmlschema + the project's XSD gives the oracle's verdict, and its translation names the element
    at fault with one of the F codes expected there;
(b) ``lsucheck.check`` on the file's bytes, with whatever structural path is the default (the fast
    validator when present), gives the oracle's verdict (a FICHIER finding among F3–F27 ⇔
    invalid) and names the element at fault (an occurrence's path).

Each mutated file is parsed once for the oracle and (a); the schemas are compiled once.
"""
from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass

import pytest
import xmlschema

import lsucheck
from lsucheck.xsd import dispatch as schema_mod
from lsucheck import versions
from lsucheck.engine import Options
from lsucheck.model import LsuDocument
from lsucheck.parsing import Source, parse
from lsucheck.rules.structure import findings_from_xmlschema

from ..conftest import NOW
from .mutations import Mutation, generate

pytestmark = pytest.mark.conformance

#: (label, seed, count): ≥ 2,000 mutations in all, within ~3 minutes on a 2-core machine
SAMPLE = ("sample", 20251215, 1700)
SCHOOL = ("school", 7, 320)
STRUCTURE_CODES = {"F3"} | {f"F{n}" for n in range(5, 28)}
KINDS = {"remove_attribute", "add_attribute", "remove_element", "add_element", "duplicate_element",
         "reorder", "move", "value", "duplicate_id", "uniqueness", "text_in_element_only",
         "schema_version", "rename"}


@dataclass
class Case:
    mutation: Mutation
    official_valid: bool
    ours_problem: str | None     # (a): None when our XSD agrees and names the element at fault
    codes: tuple                 # (a): the codes our translation gave


def school_bytes() -> bytes | None:
    try:
        from lsucheck.generator import generate_school
    except ImportError:
        return None
    # every niveau (EPI, AP, compétences numériques, both bilans de cycle), one trimestre: small
    return generate_school(seed=7, nb_divisions_par_niveau=1, eleves_par_division=1,
                           nb_periodes=3, periodes=(1,)).lsu_xml()


@pytest.fixture(scope="module")
def oracle(official_xsd):
    return xmlschema.XMLSchema(io.BytesIO(official_xsd.read_bytes()), allow="none", defuse="always")


@pytest.fixture(scope="module")
def cases(sample_10, oracle) -> list[Case]:
    """Every mutation, with the oracle's verdict and what xmlschema + our XSD made of it."""
    ours = schema_mod.load_schema("10.0").schema
    bases = [(SAMPLE, sample_10.read_bytes())]
    school = school_bytes()
    if school is not None:
        bases.append((SCHOOL, school))
    out = []
    for (label, seed, count), data in bases:
        assert oracle.is_valid(parse(Source.from_bytes(data)).root), f"the base {label} must be valid"
        for m in generate(data, seed=seed, count=count, label=label):
            tree = parse(Source.from_bytes(m.data))
            official_valid = not any(True for _ in oracle.iter_errors(tree.root))
            out.append(_ours(m, tree, official_valid, ours))
    return out


def _ours(m: Mutation, tree, official_valid: bool, ours) -> Case:
    errors = list(ours.iter_errors(tree.root))
    if (not errors) != official_valid:
        verdict = "valid" if official_valid else "invalid"
        got = "valid" if not errors else f"invalid ({errors[0].reason})"
        return Case(m, official_valid, f"official {verdict}, ours {got}", ())
    if official_valid:
        return Case(m, official_valid, None, ())
    doc = LsuDocument(tree)
    findings = findings_from_xmlschema(errors, doc, ours)
    located = [(f.code, doc.path(f.elem)) for f in findings if f.elem is not None]
    problem = None
    if not any(path in m.fault_paths and code in m.codes for code, path in located):
        problem = f"expected {sorted(m.codes)} at one of {sorted(m.fault_paths)[:4]}, got {located[:4]}"
    return Case(m, official_valid, problem, tuple(f.code for f in findings))


def test_the_suite_has_at_least_2000_mutations_of_every_kind_with_both_verdicts(cases):
    verdicts = Counter(c.official_valid for c in cases)
    if school_bytes() is not None:
        assert len(cases) == SAMPLE[2] + SCHOOL[2] >= 2000
    else:
        assert len(cases) == SAMPLE[2]
    assert verdicts[True] >= 0.1 * len(cases) and verdicts[False] >= 0.5 * len(cases), verdicts
    assert {c.mutation.kind for c in cases} == KINDS


def test_our_xsd_gives_the_official_verdict_and_names_the_element_at_fault(cases):
    failures = [f"{c.mutation.ident} {c.mutation.description}: {c.ours_problem}"
                for c in cases if c.ours_problem]
    assert failures == [], f"{len(failures)} divergences:\n" + "\n".join(failures[:25])
    # every structural code is reached: the translation is exercised throughout
    reached = {code for c in cases for code in c.codes}
    assert STRUCTURE_CODES - reached == set()


@pytest.fixture(scope="module")
def checked(cases):
    """(case, F3–F27 FICHIER occurrences as (code, path), report verdict) from ``lsucheck.check``."""
    options = Options(now=NOW)
    out = []
    for c in cases:
        report = lsucheck.check(c.mutation.data, name=f"{c.mutation.ident}.xml", options=options)
        structural = [(msg["code"], o["path"]) for msg in report.messages
                      if msg["code"] in STRUCTURE_CODES and msg["level"] == "FICHIER"
                      for o in msg["occurrences"]]
        out.append((c, structural, report.verdict))
    return out


def test_lsucheck_check_gives_the_official_verdict_and_names_the_element_at_fault(checked):
    path = schema_mod.path_for(versions.decide("10.0"), Options())
    failures = []
    for c, structural, verdict in checked:
        m = c.mutation
        if bool(structural) == c.official_valid:
            failures.append(f"{m.ident} {m.description}: official "
                            f"{'valid' if c.official_valid else 'invalid'}, lsucheck ({path}) "
                            f"{verdict} {structural[:3]}")
        elif not c.official_valid and not any(p in m.fault_paths for _, p in structural):
            failures.append(f"{m.ident} {m.description}: expected one of {sorted(m.fault_paths)[:4]}, "
                            f"lsucheck ({path}) said {structural[:4]}")
    assert failures == [], f"{len(failures)} divergences ({path} path):\n" + "\n".join(failures[:25])


def test_lsucheck_check_files_each_fault_under_the_expected_code(checked):
    """Whatever the path, the same problem is grouped under the same LSU-report code."""
    path = schema_mod.path_for(versions.decide("10.0"), Options())
    failures = []
    for c, structural, _ in checked:
        m = c.mutation
        if structural and not any(p in m.fault_paths and code in m.codes for code, p in structural):
            failures.append(f"{m.ident} {m.description}: expected {sorted(m.codes)} at the element at "
                            f"fault, lsucheck ({path}) said {structural[:3]}")
    assert failures == [], f"{len(failures)} divergences ({path} path):\n" + "\n".join(failures[:25])
