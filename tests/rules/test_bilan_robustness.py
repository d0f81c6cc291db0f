"""The B checks never crash on an invalid document (missing, empty or absurd attributes, missing
elements): what they cannot read is the schema's business (F codes)."""
from __future__ import annotations

import pytest

from lsucheck import Options, catalogue
from lsucheck.model import LsuDocument
from lsucheck.parsing import Source, parse
from lsucheck.engine import stamp_code
from lsucheck.rules import RULES, CheckContext

from ..conftest import FIXTURES, NOW

CLEAN = (FIXTURES / "valid" / "college_propre_2025.xml").read_bytes()
B_RULES = [r for r in RULES if r.codes[0].startswith("B")]


def run_b_rules(tree, target_year=2025) -> list:
    doc = LsuDocument(tree)
    ctx = CheckContext(doc=doc, options=Options(now=NOW), target_year=target_year, year_source="fichier",
                       catalogue=catalogue.load())
    findings = []
    for r in B_RULES:   # as the engine runs them: each finding gets its code from its rule
        findings.extend(stamp_code(r, f, ctx.catalogue) for f in r.func(ctx))
    return findings


def attribute_sites() -> list[tuple[int, str]]:
    tree = parse(Source.from_bytes(CLEAN))
    return [(i, name) for i, elem in enumerate(tree.root.iter()) for name in elem.attrib]


def test_every_b_code_has_a_rule():
    assert sorted({c for r in B_RULES for c in r.codes}, key=lambda c: int(c[1:])) == [f"B{i}" for i in range(1, 18)]   # B17: B7's advice, a check of its own


@pytest.mark.parametrize("value", [None, "", "   ", "x", "0", "-1", "99999999999999999999", "2025-13-45", "P_1 EL_1"])
def test_no_b_rule_raises_whatever_an_attribute_holds(value):
    for index, name in attribute_sites():
        tree = parse(Source.from_bytes(CLEAN))
        elem = list(tree.root.iter())[index]
        if value is None:
            del elem.attrib[name]
        else:
            elem.set(name, value)
        for finding in run_b_rules(tree):
            assert finding.code.startswith("B") and finding.message.endswith(".")


def test_no_b_rule_raises_when_any_element_is_missing():
    count = len(list(parse(Source.from_bytes(CLEAN)).root.iter()))
    for index in range(1, count):
        tree = parse(Source.from_bytes(CLEAN))
        elem = list(tree.root.iter())[index]
        tree.parents[elem].remove(elem)
        run_b_rules(tree)


def test_no_b_rule_raises_without_a_target_year_or_options():
    tree = parse(Source.from_bytes(CLEAN))
    doc = LsuDocument(tree)
    ctx = CheckContext(doc=doc)
    for r in B_RULES:
        assert list(r.func(ctx)) == []
