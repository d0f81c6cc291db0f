"""The catalogue of checks is data (issue 2 item 6): 68 codes, LSU labels, levels from the seed."""
from __future__ import annotations

import pytest

from lsucheck import catalogue
from lsucheck.findings import Level


def test_the_catalogue_holds_every_check_of_format_md_section_6():
    cat = catalogue.load()
    expected = ([f"F{i}" for i in range(1, 28)] + [f"B{i}" for i in range(1, 17)]
                + [f"S{i}" for i in range(1, 11)] + [f"T{i}" for i in range(1, 9)]
                + [f"C{i}" for i in range(1, 8)] + ["C8", "C9", "C10"])   # C8–C10: lsucheck's own (issue 10)
    assert [c.code for c in cat.checks()] == expected


@pytest.mark.parametrize("label,level", [
    ("Elève non scolarisé", "BILAN"), ("Année scolaire incohérente", "BILAN"),
    ("Classe non trouvée", "BILAN"), ("Dispenses non autorisées", "BILAN"),
    ("Disciplines non enseignées", "ALERTE"), ("Enseignements hors programme", "ALERTE"),
    ("Enseignant inconnu", "ALERTE"), ("Enseignant manquant", "ALERTE"),
])
def test_the_levels_shown_by_the_users_own_lsu_report_win(label, level):
    checks = [c for c in catalogue.load().checks() if c.label == label]
    assert checks, label
    assert {c.level.value for c in checks} == {level}
    assert {c.level_source for c in checks} == {"seed"}


def test_file_checks_reject_the_whole_file_and_are_certain_where_format_md_says_h():
    cat = catalogue.load()
    assert all(cat[f"F{i}"].level is Level.FICHIER for i in range(1, 28))
    assert cat["F11"].certain is False and cat["F19"].certain is True
    assert cat["B16"].certain is False


def test_every_check_explains_itself_and_says_how_to_fix_it():
    missing = [c.code for c in catalogue.load().checks() if not c.explanation.strip() or not c.fix.strip()]
    assert missing == []


def test_per_software_fixes_name_only_known_software():
    for c in catalogue.load().checks():
        assert set(c.fixes) <= set(catalogue.EDITORS), c.code


def test_a_level_can_be_overridden_from_data_and_unknown_codes_are_refused():
    cat = catalogue.load({"B16": "alerte"})
    assert cat["B16"].level is Level.ALERTE and cat["B16"].level_source == "override"
    assert catalogue.load()["B16"].level is Level.BILAN
    with pytest.raises(KeyError):
        catalogue.load({"Z9": "ALERTE"})
