"""The one French wording of structural problems (xsd/words.py): elements named as users know
them, with their pupil, division and période inside the sentence."""
from __future__ import annotations

from lsucheck.generator import generate_school
from lsucheck.model import LsuDocument, q
from lsucheck.parsing import Source, parse
from lsucheck.xsd import words


def test_an_element_is_named_with_its_pupil_division_and_period():
    school = generate_school(seed=3, divisions=["5 A"], eleves_par_division=2)
    doc = LsuDocument(parse(Source.from_bytes(school.lsu_xml(), school.file_name)))
    bilan = doc.bilans[0]
    acquis = bilan.find(f"{q('liste-acquis')}/{q('acquis')}")
    assert words.describe(bilan, doc) == "le bilan périodique de Durand Nicolas (5 A, 1er trimestre)"
    assert words.describe(acquis, doc) == ("les acquis en Français (020700) du bilan périodique de "
                                           "Durand Nicolas (5 A, 1er trimestre)")


def test_elements_and_attributes_are_said_with_their_meaning():
    assert words.element_word("vie-scolaire") == "<vie-scolaire> (vie scolaire)"
    assert words.attribute_word("acquis", "moyenne-eleve") == "« moyenne-eleve » (moyenne de l'élève)"
    assert (words.of("le bilan"), words.of("les acquis")) == ("du bilan", "des acquis")


def test_a_period_is_named_without_a_question_mark_whatever_is_missing():
    from lsucheck.xsd.words import periode_words
    assert periode_words({"indice": "2", "nb-periodes": "3"}) == "2e trimestre"
    assert periode_words({"indice": "1", "nb-periodes": "2"}) == "1er semestre"
    assert periode_words({"indice": "3", "nb-periodes": "5"}) == "période 3 sur 5"
    assert periode_words({"indice": "3"}) == "période 3"
    assert periode_words({"nb-periodes": "3"}) == "période sans numéro (sur 3)"
    assert periode_words({"indice": " ", "nb-periodes": ""}) == "période sans numéro"
