"""The LSU document (model.py): ids, the enclosing bilan, path and line, and the context every
occurrence carries in the users' words (pupil, division, période, discipline, teacher)."""
from __future__ import annotations

from lsucheck.generator import generate_school
from lsucheck.model import LsuDocument, q, refs
from lsucheck.parsing import Source, parse


def _document():
    school = generate_school(seed=3, divisions=["5 A"], eleves_par_division=2)
    return LsuDocument(parse(Source.from_bytes(school.lsu_xml(), school.file_name)))


def test_an_acquis_carries_its_pupil_division_period_discipline_teacher_path_and_line():
    doc = _document()
    bilan = doc.bilans[0]
    acquis = bilan.find(f"{q('liste-acquis')}/{q('acquis')}")
    assert doc.enclosing_bilan(acquis) is bilan and doc.bilan_kind(bilan) == "periodique"
    assert doc.context(acquis) == {
        "eleve": "Durand Nicolas", "division": "5 A", "periode": "Trimestre 1 2025-2026",
        "discipline": "Français (020700)", "enseignant": "M. Marie Célestin (id STS 310897)",
        "bilan": "periodique", "eleve_id": "EL_0001", "line": doc.line(acquis),
        "path": "/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[1]/liste-acquis/acquis[1]"}
    assert doc.path(acquis) == doc.context(acquis)["path"] and doc.line(acquis) > 1


def test_an_id_list_is_split_on_any_whitespace_and_an_absent_one_is_empty():
    assert refs(" ENS_1  ENS_2\tENS_3 ") == ["ENS_1", "ENS_2", "ENS_3"]
    assert refs(None) == [] and refs("") == []


def test_a_reference_is_found_by_its_id():
    doc = _document()
    eleve = doc.ref(doc.bilans[0].get("eleve-ref"))
    assert eleve is not None and LsuDocument.describe_eleve(eleve) == "Durand Nicolas"
    assert doc.ref("EL_INCONNU") is None
