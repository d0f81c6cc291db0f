"""The campaign's own checks find what they are for: English, « None », « ? » and Python reprs in a
report's texts (outside the user's quoted data) and in a rendering."""
from __future__ import annotations

from .campaign import non_french, placeholders


def _report(detail: str, **fields) -> dict:
    return {"messages": [{"code": "B1", "label": "Élève inconnu",
                          "occurrences": [{"detail": detail, **fields}]}]}


def test_non_french_names_each_kind_of_fault_with_its_field_and_an_excerpt():
    assert non_french(_report("Le bilan est complet.", eleve="MARTIN Léa")) == []
    assert non_french(_report("Le bilan de « the error » est complet.")) == []   # the user's data, quoted
    assert non_french(_report("Le bilan: invalid value")) == ["anglais [detail] …Le bilan: invalid value…"]
    assert non_french(_report("La période None du bilan")) == ["None/? [detail] …La période None du bilan…"]
    assert non_french(_report("La période (?) du bilan")) == ["None/? [detail] …La période (?) du bilan…"]
    assert non_french(_report("Erreur {'code': 1}")) == ["repr [detail] …Erreur {'code': 1}…"]
    assert non_french(_report("Rien à redire.", eleve="None")) == ["None/? [eleve] 'None'"]
    assert non_french(_report("Rien à redire.", eleve="?")) == ["None/? [eleve] '?'"]
    # the same text twice in a report is found twice (the cache is per text, not per report)
    twice = {"messages": [{"occurrences": [{"detail": "x None"}, {"detail": "x None"}]}]}
    assert non_french(twice) == ["None/? [detail] …x None…"] * 2


def test_placeholders_finds_none_and_question_marks_in_a_rendering_outside_quotes():
    assert placeholders("texte", "Élève « None » : bilan complet\n") == []
    assert placeholders("texte", "Élève None : bilan complet\n") == ["texte None/?: …Élève None : bilan complet\n…"]
    assert placeholders("csv", "B1;(?);6 A\n") == ["csv None/?: …B1;(?);6 A\n…"]
    assert placeholders("csv", "B1;<lsucheck.Report object at 0x7f>\n") == []   # quoted as a snippet
    assert placeholders("csv", "B1;['6 A'];x\n") == ["csv repr: …B1;['6 A'];x\n…"]
