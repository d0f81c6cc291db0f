"""Generated schools are valid against the official 10.0 XSD (xmlschema is the oracle; its verdicts
are cached by the sha256 of the XSD and of the file, like the differential suite's)."""
from __future__ import annotations

import pytest

from lsucheck.generator import generate_school

from .mutations import XMLSCHEMA_CACHE

pytestmark = pytest.mark.conformance


@pytest.fixture(scope="module")
def schema(official_xsd):
    """``schema(data)``: (valid, first error, number of errors) with the official XSD."""
    xsd = official_xsd.read_bytes()
    return lambda data: XMLSCHEMA_CACHE.xmlschema(xsd, {"": data})[""]


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
    valid, error, *_ = schema(generate_school(**SHAPES[shape]).lsu_xml())
    assert valid, error


# -- planted faults: structural ones break the official XSD, business ones do not --------------
from lsucheck.generator.faults import FAULTS  # noqa: E402

#: One division per niveau is enough to plant every F and B fault, and keeps validation quick.
FAULT_SHAPE = dict(seed=3, nb_divisions_par_niveau=1, eleves_par_division=6)


@pytest.mark.parametrize("code", sorted(c for c in FAULTS if c[0] == "F" and c != "F1" and c[1:].isdigit()))
def test_each_structural_planting_is_invalid_against_the_official_xsd(schema, code):
    valid, error, *count = schema(generate_school(**FAULT_SHAPE, faults=[code]).lsu_xml())
    assert not valid and count == [1], (error, count)


@pytest.mark.parametrize("code", sorted(c for c in FAULTS if c[0] == "B"))
def test_each_business_planting_stays_valid_against_the_official_xsd(schema, code):
    """B findings are what the schema cannot see: the planted file must still be schema-valid."""
    valid, error, *_ = schema(generate_school(**FAULT_SHAPE, faults=[code]).lsu_xml())
    assert valid, error
