"""Root cause before symptoms (issue 10 item 2): each pair of data/catalogue/causes.toml, on the
generated collège (seed 7) with a planted cause: the derived findings name their cause in
``cause``, and no occurrence's text contradicts the data."""
from __future__ import annotations

from lsucheck import catalogue
from lsucheck.generator import references as gref

from .test_set_aside_references import ELEVES, _check, _refs, _school
from .test_siecle_rules import check, school_with


def pairs(where: str) -> set:
    return {(c.cause, c.consequence) for by in catalogue.load().causes.values() for c in by.values()
            if c.where == where}


def test_every_pair_of_causes_toml_is_tested_here():
    assert pairs("messages") == {("T1", "T4"), ("T1", "T8"), ("T6", "T8"), ("S4", "T8"), ("C11", "B6"),
                                 ("C11", "B7")}
    assert {c for c, _ in pairs("not_run")} == {"C8"}


def test_t1_explains_t4_and_t4_never_says_sts_gives_the_service_to_the_teacher_the_file_names():
    school = school_with("T1")
    (ens_id, true_id), = gref.overrides(school).sts_id.items()
    t = school.enseignant(ens_id)
    sts_name = f"{t.nom.upper()} {t.prenom}"
    report = check(school)
    t4 = report.message("T4")
    assert t4["count"] > 0 and {o.get("cause") for o in t4["occurrences"]} == {"T1"}
    assert report.message("T1")["occurrences"][0].get("cause") is None   # the cause has none
    for detail in report.details("T4"):
        assert detail.startswith(f"{sts_name} (id STS {true_id}) assure bien ce service de la discipline ")
        assert detail.endswith(f"mais le fichier le désigne par l'identifiant STS « {t.id_sts} », inconnu de "
                               "STS-web (voir « Enseignant inconnu ») : corrigez son identifiant STS dans votre "
                               "logiciel.")
        assert "l'attribue à" not in detail


def test_t4_of_a_known_teacher_has_no_cause():
    report = check(school_with("T4"))
    assert [o.get("cause") for o in report.message("T4")["occurrences"]] == [None]


def test_t1_explains_t8_for_an_epi_teacher_unknown_to_sts():
    school = school_with()
    ens_id = school.epis_groupes[0].enseignants_disciplines[0].enseignant_ref
    t = school.enseignant(ens_id)
    gref.overrides(school).sts_id[t.id] = t.id_sts
    t.id_sts = 880001
    report = check(school)
    assert "T1" in report.codes()
    t8 = report.message("T8")
    assert t8["count"] > 0 and {o.get("cause") for o in t8["occurrences"]} == {"T1"}
    assert all(d.endswith("est inconnu de STS-web.") for d in report.details("T8"))


def test_a_division_missing_from_sts_explains_the_epi_teachers_without_a_service():
    school = school_with("T6")
    report = check(school)
    (division,) = {o["division"] for o in report.message("T6")["occurrences"]}
    t8 = report.message("T8")
    assert [(o["cause"], o["detail"].startswith(f"Dans l'EPI « ")) for o in t8["occurrences"]] == [("T6", True)]
    assert f"({division})" in t8["occurrences"][0]["detail"]


def test_a_division_missing_from_siecle_and_sts_is_the_cause_said_by_s4():
    school = school_with("T6")
    (dropped,) = gref.overrides(school).sts_drop_divisions
    files = gref.reference_files(school)
    eleves = next(name for name in files if "Eleves" in name)
    files[eleves] = files[eleves].replace(f'CODE_STRUCTURE="{dropped}"'.encode(), b'CODE_STRUCTURE="ZZZ"').replace(
        f"<CODE_STRUCTURE>{dropped}</CODE_STRUCTURE>".encode(), b"<CODE_STRUCTURE>ZZZ</CODE_STRUCTURE>")
    report = check(school, files=files)
    assert "T6" not in report.codes() and "S4" in report.codes()
    assert [o["cause"] for o in report.message("T8")["occurrences"]] == ["S4"]


def test_a_typed_year_that_is_not_the_files_explains_its_millesimes_and_dates_out_of_that_year():
    """C11 → B7 (a période of the file's millésime) and C11 → B6 (a date of the file's school year);
    no B6/B7 text says the date or millésime is wrong when it is the file's own year that was not used."""
    from ..conftest import check as check_file, two_class_school
    report = check_file(two_class_school(), annee=2024)
    assert report.codes()[0] == "C11" and report.message("C11")["occurrences"][0].get("cause") is None
    for code in ("B6", "B7"):
        assert {o.get("cause") for o in report.message(code)["occurrences"]} == {"C11"}, code
    assert all(d.endswith("(l'année demandée).") and "(2025-2026)" in d for d in report.details("B7"))
    assert all("2024-2025 (du 01/08/2024 au 31/07/2025)" in d for d in report.details("B6"))
    assert not any(o.get("cause") for o in check_file(two_class_school()).messages for o in o["occurrences"])


def test_a_reference_file_set_aside_is_the_cause_of_the_checks_it_would_have_fed():
    report = _check(_refs(_school(2024), [ELEVES]))
    caused = {n["code"] for n in report.data["not_run"] if n.get("cause") == "C8"}
    # the checks that need the SIECLE élèves export, or any reference file (S7 needs the Nomenclature,
    # the T checks STS-web: neither was given, so their reason is the missing file, not C8; P2 needs
    # SIECLE or STS-web to tell a class the LSU will not find)
    assert caused == {"S1", "S2", "S3", "S4", "S5", "S6", "S8", "S9", "S10", "C2", "C3", "C6", "P2"}
    assert caused <= {c for _, c in pairs("not_run")}
    assert all(n.get("cause") is None for n in report.data["not_run"] if n["code"] not in caused)


def test_every_set_aside_file_causes_only_pairs_of_causes_toml():
    report = _check(_refs(_school(2024)))
    caused = {n["code"] for n in report.data["not_run"] if n.get("cause") == "C8"}
    assert caused == {c for _, c in pairs("not_run")}


def test_the_cause_field_is_in_the_json_schema_and_the_reports_holding_it_validate():
    from ..unit.test_render import SCHEMA, schema_errors
    defs = SCHEMA["$defs"]
    assert "cause" in defs["occurrence"]["properties"] and "cause" in defs["not_run"]["properties"]
    for report in (check(school_with("T1")), _check(_refs(_school(2024), [ELEVES]))):
        assert any(o.get("cause") for m in report.messages for o in m["occurrences"]) or any(
            n.get("cause") for n in report.data["not_run"])
        assert schema_errors(report.to_dict()) == []


def test_the_report_heads_the_consequences_with_their_cause_in_the_page_and_the_text():
    """Issue 10 item 2: the cause's group says how many occurrences follow from it; each
    consequence says which of its occurrences follow from which cause."""
    from lsucheck import render
    report = check(school_with("T1"))
    n = report.message("T4")["count"]
    t1_label, t4_label = report.message("T1")["label"], report.message("T4")["label"]
    html = render.standalone([report])
    t1 = html[html.index('<section class="msg-code" id="report-T1"'):]
    t1 = t1[:t1.index("</section>")]
    assert (f'<p class="cause-note cause-note--cause" data-consequence="T4">Cause de {n} occurrence'
            f'{"s" if n > 1 else ""} de « {t4_label} » (T4)') in t1
    t4 = html[html.index('<section class="msg-code" id="report-T4"'):]
    t4 = t4[:t4.index("</section>")]
    assert (f'<p class="cause-note cause-note--consequence" data-cause="T1">Dont {n} '
            f'{"découle" if n == 1 else "découlent"} de « {t1_label} » (T1)') in t4
    text = render.text([report])
    assert f"Dont {n} {'découle' if n == 1 else 'découlent'} de « {t1_label} » (T1)" in " ".join(text.split())
