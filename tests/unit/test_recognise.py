"""Which file is it (recognise.py): each export schools drop, by its root element, never by its name."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from lsucheck import recognise as rec

NS = rec.NS


@pytest.mark.parametrize("xml,kind", [
    (f'<lsun-bilans xmlns="{NS}" schemaVersion="10.0"><donnees/></lsun-bilans>', rec.LSU2D),
    (f'<lsun-bilans xmlns="{NS}" schemaVersion="1.0"><donnees/></lsun-bilans>', rec.LSU1D),
    (f'<lsun-bilans xmlns="{NS}" schemaVersion="10.0"><donnees><classes/></donnees></lsun-bilans>', rec.LSU1D),
    ("<BEE_ELEVES/>", rec.SIECLE_ELEVES),
    ("<BEE_NOMENCLATURES/>", rec.NOMENCLATURE),
    ("<BEE_COMMUN/>", rec.COMMUNS),
    ("<BEE_RESPONSABLES/>", rec.SIECLE_RESPONSABLES),
    ("<STS_EDT><PARAMETRES/></STS_EDT>", rec.STS),
    ("<STS_EDT><PARAMETRES><APPLICATION_SOURCE>EDT</APPLICATION_SOURCE></PARAMETRES></STS_EDT>", rec.EDT),
])
def test_each_export_is_recognised_by_its_root_element(xml, kind):
    assert rec.recognise(ET.fromstring(xml)).kind == kind


def test_an_lsu_root_in_another_namespace_or_another_root_is_named_in_french():
    wrong = rec.recognise(ET.fromstring('<lsun-bilans xmlns="urn:autre"/>'))
    assert (wrong.kind, wrong.detail) == (rec.OTHER, f"élément racine lsun-bilans sans l'espace de noms {NS} "
                                                     "(espace de noms trouvé : urn:autre)")
    other = rec.recognise(ET.fromstring("<bulletins/>"))
    assert (other.kind, other.detail, other.name) == (
        rec.OTHER, "élément racine « bulletins »",
        "un fichier XML qui n'est ni un import LSU, ni un export SIECLE ou STS-web")


def test_every_kind_has_a_french_name_and_every_reference_kind_a_short_one():
    assert set(rec.KIND_NAMES) >= {rec.LSU2D, rec.LSU1D, *rec.REFERENCE_KINDS, rec.EDT, rec.OTHER}
    assert set(rec.SHORT_NAMES) == set(rec.REFERENCE_KINDS)


def test_local_gives_the_tag_without_its_namespace_and_nothing_for_a_comment():
    assert rec.local(f"{{{NS}}}eleve") == "eleve"
    assert rec.local("ELEVE") == "ELEVE"
    assert rec.local(ET.Comment) == ""


def test_a_text_file_that_is_neither_a_report_nor_a_calibration_is_not_recognised():
    assert rec.recognise_text(b"<?xml version='1.0'?><a/>") is None
    assert rec.recognise_text(b"PK\x03\x04") is None
    assert rec.recognise_text(b'{"autre": 1}') is None
