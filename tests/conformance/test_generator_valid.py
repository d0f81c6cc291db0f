"""Generated schools are valid against the official 10.0 XSD (xmlschema is the oracle)."""
from __future__ import annotations

import pytest
import xmlschema

from lsucheck.generator import generate_school

pytestmark = pytest.mark.conformance


@pytest.fixture(scope="module")
def schema(official_xsd):
    return xmlschema.XMLSchema(str(official_xsd))


# Shapes that between them write every element the generator knows: all four niveaux with LV2
# groups, EPI, AP, compétences numériques and both bilans de cycle; semestres; one class in T1.
SHAPES = {
    "college_reduit": dict(seed=3, nb_divisions_par_niveau=2, eleves_par_division=8),
    "semestres": dict(seed=4, nb_divisions_par_niveau=1, eleves_par_division=6, nb_periodes=2),
    "petit": dict(seed=1, taille="petit"),
    "autre_annee": dict(seed=5, annee=2031, divisions=("6 1", "3 PREPA-METIERS"), eleves_par_division=5),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_clean_generated_school_is_valid_against_the_official_xsd(schema, shape):
    data = generate_school(**SHAPES[shape]).lsu_xml()
    errors = [f"{e.path}: {e.reason}" for e in schema.iter_errors(data.decode("utf-8"))]
    assert errors == []
