"""F28, the version the LSU probably requires, in the verdict banner (issue 11 item 4).

data/versions.toml says, per school year, which schemaVersion the LSU requires (13.0 from 2025-2026,
« déduit, à confirmer »). A file of another version gets one sentence right under the verdict; at
its default level (ALERTE, counting against no bilan) the counters, the verdict and the exit code are
those of the same file in 13.0; set to FICHIER, the file is rejected. Inputs: a generated « petit »
collège of 2026-2027 (lsucheck.generator) whose schemaVersion is set per test, and
tests/fixtures/valid/structure_minimal_10.0.xml (2025-2026).
"""
from __future__ import annotations

import functools
import json

import pytest

import lsucheck
from lsucheck import render, versions
from lsucheck.cli import main
from lsucheck.generator import generate_school

from ..conftest import FIXTURES
from ..conftest import check as shared_check
from .test_render import dom, schema_errors, squash

MINIMAL = FIXTURES / "valid" / "structure_minimal_10.0.xml"


def sentence(declared: str, year: str = "2026-2027") -> str:
    return (f"Votre logiciel a produit la version {declared} ; le LSU de {year} n'accepte probablement "
            "que la 13.0 : le fichier entier risque d'être refusé. Mettez votre logiciel à jour, puis "
            "refaites l'export.")


@functools.lru_cache(maxsize=None)
def school_xml(version: str) -> bytes:
    school = generate_school(seed=7, annee=2026, taille="petit")
    school.schema_version = version
    return school.lsu_xml()


def check(version: str, **options) -> lsucheck.Report:
    options.setdefault("now", None)   # the real clock: the school year is given
    return shared_check(school_xml(version), name="import_lsu_20270115093000.xml", annee=2026, **options)


def banner(report) -> list[tuple]:
    return [(b["code"], b["level"], b["text"]) for b in report.data["banner"]]


# ---------------------------------------------------------------------------------------------
def test_the_required_version_per_school_year_is_data():
    known = versions.load()
    assert known.required == ((2025, "13.0", "déduit, à confirmer"),)
    assert known.required_for(2024) is None
    assert known.required_for(2025) == ("13.0", "déduit, à confirmer", 2025)
    assert known.required_for(2030) == ("13.0", "déduit, à confirmer", 2025)


def test_the_13_0_file_the_others_are_compared_with_is_imported_without_a_banner():
    r13 = check("13.0")
    assert r13.verdict == "succes" and r13.exit_code == 0 and r13.counts["periodiques"]["traites"] > 0
    assert banner(r13) == [] and r13.message("F28") is None


@pytest.mark.parametrize("version", ["10.0", "11.0", "12.0"])
def test_an_accepted_version_other_than_13_0_gets_the_banner_and_nothing_else_changes(version):
    report, r13 = check(version), check("13.0")
    assert banner(report) == [("F28", "ALERTE", sentence(version))]
    assert (report.verdict, report.counts, report.exit_code) == (r13.verdict, r13.counts, r13.exit_code)
    f28 = report.message("F28")
    assert (f28["label"], f28["level"], f28["count"], f28["occurrences"][0]["bilans"]) == \
        ("Version de schéma probablement refusée", "ALERTE", 1, 0)


@pytest.mark.parametrize("version", ["9.9", "14.0"])
def test_an_unknown_version_is_rejected_by_f3_and_the_banner_names_13_0(version):
    report = check(version)
    assert report.verdict == "rejete" and report.exit_code == 1  # F3: « inconnue : le LSU rejettera »
    assert report.message("F3")["level"] == "FICHIER"
    assert banner(report) == [("F28", "ALERTE", sentence(version))]


def test_set_to_fichier_the_version_rejects_the_file():
    report = check("10.0", levels={"F28": "FICHIER"})
    assert report.verdict == "rejete" and report.exit_code == 1
    assert report.counts["periodiques"]["importes"] == 0
    assert report.counts["periodiques"]["rejetes"] == report.counts["periodiques"]["traites"]
    assert banner(report) == [("F28", "FICHIER", sentence("10.0"))]
    assert check("13.0", levels={"F28": "FICHIER"}).verdict == "succes"


def test_the_school_year_is_the_one_the_engine_decided():
    report = lsucheck.check(MINIMAL, options=lsucheck.Options(fast=False))
    assert report.data["target_year"] == 2025
    assert banner(report) == [("F28", "ALERTE", sentence("10.0", "2025-2026"))]
    # before 2025-2026 the data requires no version: no F28 (only C11: 2024 is not the file's year)
    assert [b[0] for b in banner(lsucheck.check(MINIMAL, options=lsucheck.Options(annee=2024, fast=False)))] == [
        "C11"]


def test_the_banner_validates_against_the_report_schema():
    data = json.loads(check("10.0").to_json())
    assert schema_errors(data) == []
    assert data["banner"][0]["text"] == sentence("10.0")


def test_the_html_shows_the_sentence_inside_the_verdict_banner():
    root = dom(render.fragment(check("10.0")))
    verdict = root.find("div", cls="verdict--succes")
    assert squash(verdict.find("p", cls="verdict-banner", data_code="F28").text) == \
        "Attention : " + sentence("10.0")
    assert root.find_all("p", cls="verdict-banner") == verdict.find_all("p", cls="verdict-banner")
    assert dom(render.fragment(check("13.0"))).find_all("p", cls="verdict-banner") == []


def test_its_group_says_alert_on_the_whole_file_not_hors_bilan():
    # « Alerte hors bilan » read as « sans importance » for the one alert that may refuse the file
    root = dom(render.fragment(check("10.0")))
    group = root.find("details", cls="msg", data_code="F28")
    assert squash(group.find("span", cls="level").text) == "⚠ Alerte sur le fichier"
    assert "Alerte sur le fichier entier : elle concerne tout l'import, pas un bilan en particulier (les " \
           "compteurs n'en tiennent pas compte) ; lisez-la avant d'importer" in squash(group.text)
    assert "hors bilan" not in squash(group.text)
    summary = squash(root.find("div", cls="summary-lists").text)
    assert "Version de schéma probablement refusée (sur le fichier entier)" in summary


def test_the_text_output_shows_the_sentence_right_under_the_verdict():
    lines = render.text(check("10.0")).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("✔ IMPORT PRÉVU AVEC SUCCÈS"))
    block = lines[start + 1:lines.index("", start)]
    assert block[0].startswith("  Les ") and block[0].endswith("seraient importés sans alerte.")
    assert squash(" ".join(block[1:])).startswith("Attention : " + sentence("10.0") + " Et maintenant : ")


def test_the_cli_level_override_turns_the_exit_code_to_1(tmp_path, capsys):
    path = tmp_path / "import_lsu_20270115093000.xml"
    path.write_bytes(school_xml("10.0"))
    assert main([str(path), "--annee", "2026", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["banner"][0]["level"] == "ALERTE"
    assert main([str(path), "--annee", "2026", "--niveau", "F28=FICHIER", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["verdict"] == "rejete"


def test_set_to_fichier_the_sentence_sits_in_the_rejected_verdict_and_the_level_is_data():
    """The level is the catalogue's (data: ALERTE, « inferred ») until a setting or a calibration
    says « fichier rejeté » (FICHIER)."""
    from lsucheck import catalogue
    f28 = catalogue.load()["F28"]
    assert (f28.level, f28.level_source) == ("ALERTE", "inferred")
    assert catalogue.load({"F28": "FICHIER"})["F28"].level == "FICHIER"
    root = dom(render.fragment(check("11.0", levels={"F28": "FICHIER"})))
    verdict = root.find("div", cls="verdict--rejete")
    assert squash(verdict.find("p", cls="verdict-banner", data_code="F28").text) == \
        "Attention : " + sentence("11.0")
