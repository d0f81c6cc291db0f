"""Issue 14 item 4: the LSU's own class settings, as a per-class checklist (P1, P2)."""
from __future__ import annotations

from datetime import datetime, timezone

from lsucheck import calibration as cal_mod
from lsucheck import catalogue, engine, lsureport
from lsucheck.findings import Level
from lsucheck.generator import generate_school

NOW = datetime(2026, 1, 20, 10, 0, tzinfo=timezone.utc)
MENUS = "(Paramétrage > Paramétrage par classe et Paramétrage > Paramétrage des périodes)"


def _check(school, references=()):
    return engine.check(school.lsu_xml(), name=school.file_name, references=references,
                        options=engine.Options(now=NOW))


def test_a_two_class_file_gets_one_reminder_per_class():
    report = _check(generate_school(seed=1, divisions=["3 A", "4 A"], eleves_par_division=5))
    expected = [f"Dans le LSU, la classe {c} doit être en Import(s) Editeur(s) et avoir sa périodicité (trimestres : "
                f"3 périodes) — sinon « Paramétrage incohérent » / « Périodes non paramétrées » rejettera ses bilans "
                f"{MENUS}." for c in ("3 A", "4 A")]
    assert report.details("P1") == expected
    assert [o["division"] for o in report.message("P1")["occurrences"]] == ["3 A", "4 A"]
    assert [b["code"] for b in report.data["banner"]] == ["F28"]   # the banner stays the version's (F28)
    # advice: neither the verdict nor the counters change
    assert report.message("P1")["level"] == "CONSEIL" and report.verdict == "succes"
    assert report.counts["periodiques"]["rejetes"] == 0
    assert report.message("P2") is None   # no reference file: « Classe non trouvée » cannot be predicted


def test_semestres_are_named_as_such():
    report = _check(generate_school(seed=3, divisions=["6 A"], eleves_par_division=4, nb_periodes=2))
    assert report.details("P1") == [
        "Dans le LSU, la classe 6 A doit être en Import(s) Editeur(s) et avoir sa périodicité (semestres : 2 périodes) "
        f"— sinon « Paramétrage incohérent » / « Périodes non paramétrées » rejettera ses bilans {MENUS}."]


def test_a_class_not_found_announces_periodes_non_parametrees():
    school = generate_school(seed=1, divisions=["3 A", "4 A"], eleves_par_division=5)
    other = generate_school(seed=1, divisions=["3 A", "4 B"], eleves_par_division=5)
    refs = [(data, name) for name, data in other.reference_files().items() if name.startswith("Eleves")]
    report = _check(school, refs)
    assert report.message("S4")["level"] == "BILAN"
    assert report.details("P2") == [
        "La classe 4 A ne sera pas trouvée par le LSU (« Classe non trouvée ») : le rapport d'exécution signalera "
        "aussi « Périodes non paramétrées » pour ses bilans."]


def test_the_catalogue_cites_the_first_degree_evidence_to_be_confirmed_for_colleges():
    cat = catalogue.load()
    for code, label in (("P1", "Paramétrage incohérent"), ("P2", "Périodes non paramétrées")):
        c = cat[code]
        assert (c.label, c.level, c.certainty) == (label, Level.CONSEIL, "déduit")
        assert "Opencomp, éditeur agréé du premier degré" in c.explanation
        assert "à confirmer pour les collèges" in c.explanation
    assert "Paramétrage > Paramétrage par classe" in cat["P1"].fix


def test_the_lsus_settings_messages_are_known_labels_beside_the_prediction():
    school = generate_school(seed=1, divisions=["3 A", "4 A"], eleves_par_division=5)
    real = lsureport.read("Erreurs\n3\nParamétrage incohérent\n2\nPériodes non paramétrées\n")
    rows = {r["label"]: r for r in cal_mod.compare(_check(school), real)["rows"]}
    assert rows["Paramétrage incohérent"]["verdict"] == "concorde"
    assert rows["Paramétrage incohérent"]["codes"] == ["P1"]
    assert rows["Périodes non paramétrées"]["predicted_count"] is None
    # never turned into a rejection by a calibration: they are reminders, counted by the LSU alone
    levels, _ = cal_mod.overrides(cal_mod.calibration(cal_mod.compare(_check(school), real), _check(school)))
    assert levels == {}


def test_the_checklist_is_folded_to_one_line_at_the_top_of_the_report_before_the_messages():
    from lsucheck import render
    report = _check(generate_school(seed=1, divisions=["3 A", "4 A"], eleves_par_division=5))
    html = render.standalone([report])
    start = html.index('<details id="report-settings" class="lsu-settings">')
    assert start < html.index('<section id="report-messages"')
    assert html.index('class="resume"') < start
    block = html[start:html.index("</details>", start)]
    assert "<summary>Dans le LSU, avant l'import : le paramétrage de 2 classes à vérifier</summary>" in block
    assert [d for d in ("3 A", "4 A") if f'data-division="{d}"' in block] == ["3 A", "4 A"]
    assert " open" not in block.split(">", 1)[0]   # folded
