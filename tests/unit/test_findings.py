"""What checks return (findings.py): levels in their order, findings as small plain values."""
from __future__ import annotations

import pytest

from lsucheck.findings import Finding, Level


def test_levels_rank_from_advice_to_a_rejected_file():
    assert sorted(Level, key=lambda lv: lv.rank) == [Level.CONSEIL, Level.ALERTE, Level.BILAN, Level.FICHIER]
    assert Level("BILAN") is Level.BILAN and Level.BILAN == "BILAN"


def test_a_finding_is_an_element_and_a_message_the_rest_defaulting_to_the_engines_stamps():
    f = Finding(None, "Une phrase.")
    assert (f.elem, f.message, f.code, f.bilans, f.context, f.level, f.cause) == (
        None, "Une phrase.", None, None, {}, None, None)
    assert Finding(None, "a").context is not Finding(None, "b").context   # no shared default


def test_a_finding_takes_no_field_of_its_own_invention():
    with pytest.raises(AttributeError):
        Finding(None, "x").eleve = "Durand"   # slots: hundreds of thousands per file stay small
