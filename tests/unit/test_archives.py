"""Reading zipped exports as SIECLE gives them (archives.py): expanded and recognised by content,
a zip bomb refused before it is decompressed, a damaged archive refused in French."""
from __future__ import annotations

import io
import struct
import zipfile
from datetime import datetime

import pytest

import lsucheck
from lsucheck import archives, references
from lsucheck.errors import HostileInputError, UnreadableError
from lsucheck.generator import references as gref

from ..conftest import NOW
from ..rules.test_siecle_rules import check, referential, school_with

# ---- zip -----------------------------------------------------------------------------------------
def test_a_zipped_siecle_export_is_expanded_and_recognised_by_its_content():
    school = school_with("S2")
    files = gref.reference_files(school)
    zipped = gref.zipped("ElevesSansAdresses.xml", files.pop("ElevesSansAdresses.xml"))
    files["ExportXML_ElevesSansAdresses.zip"] = zipped
    report = check(school, files=files)
    refs = {r["name"]: r for r in report.data["references"]}
    assert refs["ExportXML_ElevesSansAdresses.zip › ElevesSansAdresses.xml"]["kind"] == "siecle_eleves"
    assert referential(report) == {"S2": 1}


def _bomb(size_mb: int) -> bytes:
    buffer = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("ElevesSansAdresses.xml", "w", force_zip64=True) as member:
            for _ in range(size_mb):
                member.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_decompressed_with_a_clear_message():
    bomb = _bomb(300)
    assert len(bomb) < 1024 * 1024               # 300 Mo of zeros fit in less than 1 Mo
    with pytest.raises(HostileInputError) as refused:
        archives.expand("ExportXML_ElevesSansAdresses.zip", bomb)
    assert refused.value.message.startswith(
        "Archive refusée : « ElevesSansAdresses.xml » se décompresserait en 300 Mo (taux de compression ")
    assert refused.value.message.endswith(":1), ce qui ressemble à une « bombe de décompression ».")
    school = school_with()
    report = lsucheck.check_inputs([(school.lsu_xml(), school.file_name), (bomb, "ExportXML_ElevesSansAdresses.zip")],
                                   options=lsucheck.Options(now=NOW))
    assert len(report) == 1                      # named in the LSU file's report, not a report of its own
    detail, = report[0].details("C4")
    assert detail.startswith("Le fichier de référence « ExportXML_ElevesSansAdresses.zip » n'a pas pu être lu : "
                             "Archive refusée : « ElevesSansAdresses.xml » se décompresserait en 300 Mo")
    assert report[0].data["references"][0]["error"].startswith("Archive refusée")
    assert {n["code"] for n in report[0].data["not_run"]} >= {"S1", "T1"}


def test_a_zip_whose_headers_lie_about_sizes_is_refused_as_damaged_not_a_traceback():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Nomenclature.xml", b"<BEE_NOMENCLATURES>" + b"<x/>" * 20000 + b"</BEE_NOMENCLATURES>")
    data = bytearray(buffer.getvalue())
    struct.pack_into("<I", data, data.find(b"PK\x03\x04") + 22, 100)     # local header: 100 bytes
    struct.pack_into("<I", data, data.find(b"PK\x01\x02") + 24, 100)     # central directory too
    with pytest.raises(UnreadableError) as refused:
        archives.expand("ExportXML_Nomenclature.zip", bytes(data))
    assert refused.value.message == ("L'archive « ExportXML_Nomenclature.zip » est endommagée : "
                                     "« Nomenclature.xml » ne se décompresse pas correctement.")


