"""The B rules on generated collèges (lsucheck.generator): a clean school of any size stays clean,
and every planted B fault gives exactly the finding recorded beside it."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

import lsucheck
from lsucheck.generator import generate_school
from lsucheck.generator.faults import FAULTS

from ..conftest import NOW, check

B_FAULTS = sorted((c for c in FAULTS if c.startswith("B")), key=lambda c: int(c[1:]))
FOUR_LEVELS = ("6 A", "5 A", "4 A", "3 A")




@pytest.mark.parametrize("kwargs, now", [
    (dict(seed=1, taille="petit"), NOW),
    (dict(seed=2, divisions=FOUR_LEVELS), NOW),
    (dict(seed=3, divisions=("6 A", "6 B", "3 A", "3 B"), nb_periodes=2), NOW),
    (dict(seed=4, annee=2024, divisions=FOUR_LEVELS), datetime(2025, 6, 20, 9, 0, tzinfo=timezone.utc)),
    (dict(seed=5, taille="college"), NOW),
], ids=["petit", "quatre-niveaux", "semestres", "annee-2024", "college"])
def test_a_clean_generated_school_gives_no_fichier_or_bilan_finding_and_no_b_finding(kwargs, now):
    report = check(generate_school(**kwargs), now=now)
    assert [(m["code"], m["level"]) for m in report.messages if m["level"] in ("FICHIER", "BILAN")] == []
    assert [c for c in report.codes() if c.startswith("B")] == []
    assert report.verdict == "succes"
    assert report.counts["periodiques"]["rejetes"] == 0 and report.counts["cycle"]["rejetes"] == 0


def test_every_b_code_has_a_planting():
    assert B_FAULTS == [f"B{i}" for i in range(1, 17)]


@pytest.mark.parametrize("code", B_FAULTS)
def test_a_planted_b_fault_gives_exactly_the_recorded_finding(code):
    school = generate_school(seed=11, divisions=FOUR_LEVELS, faults=[code])
    (expected,) = school.expected
    report = check(school)
    b_codes = [c for c in report.codes() if c.startswith("B")]
    assert set(b_codes) <= {code, *expected.also}, expected.detail_hint
    occurrences = [o for m in report.messages if m["code"] == code for o in m["occurrences"]]
    assert len(occurrences) == expected.count, expected.detail_hint
    occurrence = occurrences[0]
    where = {k: v for k, v in expected.where.items() if k != "element"}
    assert {k: occurrence[k] for k in where} == where
    assert occurrence["path"].rsplit("/", 1)[-1].split("[")[0] == expected.where["element"]
    if expected.bilans is not None:
        assert occurrence["bilans"] == expected.bilans


def test_planted_faults_combine_and_each_keeps_its_count():
    school = generate_school(seed=12, divisions=FOUR_LEVELS, faults=["B3", "B4", "B14", "B16"])
    report = check(school)
    counts = {m["code"]: m["count"] for m in report.messages if m["code"].startswith("B")}
    assert counts == {e.code: e.count for e in school.expected}
    assert report.verdict == "rejets_partiels"  # B16 rejects one bilan, the others are alerts
