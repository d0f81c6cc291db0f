"""The report contract (issue 2 item 7): verdicts, counters, invariants, exit codes, not_run.

The rules are replaced by test rules here, so that each verdict is produced on purpose."""
from __future__ import annotations

import json

import pytest

import lsucheck
from lsucheck import engine
from lsucheck.findings import Finding, Level, RuleError
from lsucheck.model import q
from lsucheck.rules import Rule

from ..conftest import NOW

NS = "urn:fr:edu:scolarite:lsun:bilans:import"

MINI = f"""<?xml version="1.0" encoding="UTF-8"?>
<lsun-bilans xmlns="{NS}" schemaVersion="10.0">
  <entete><editeur>Éditeur fictif</editeur><application>Logiciel</application>
    <appliVersion>1.2</appliVersion><etablissement>0382032C</etablissement></entete>
  <donnees>
    <responsables-etab><responsable-etab id="RESP_1" libelle="Mme la principale"/></responsables-etab>
    <eleves>
      <eleve id="EL_1" id-be="1001" nom="MARTIN" prenom="Léa" code-division="5 B"/>
      <eleve id="EL_2" id-be="1002" nom="BERNARD" prenom="Hugo" code-division="3 A"/>
    </eleves>
    <periodes><periode id="P_1" millesime="2025" indice="1" nb-periodes="3"/></periodes>
    <disciplines><discipline id="DI_1" code="061300" modalite-election="S" libelle="Mathématiques"/></disciplines>
    <bilans-periodiques>
      <bilan-periodique eleve-ref="EL_1" periode-ref="P_1" date-conseil-classe="2025-12-04"
          date-scolarite="2025-09-01" responsable-etab-ref="RESP_1">
        <liste-acquis><acquis discipline-ref="DI_1" enseignant-refs="" moyenne-eleve="12.5"/></liste-acquis>
      </bilan-periodique>
      <bilan-periodique eleve-ref="EL_2" periode-ref="P_1" date-conseil-classe="2025-12-04"
          date-scolarite="2025-09-01" responsable-etab-ref="RESP_1">
        <liste-acquis><acquis discipline-ref="DI_1" enseignant-refs="" moyenne-eleve="9"/></liste-acquis>
      </bilan-periodique>
    </bilans-periodiques>
    <bilans-cycle>
      <bilan-cycle eleve-ref="EL_2" cycle="4" millesime="2025" date-creation="2026-06-20"
          responsable-etab-ref="RESP_1"><synthese>Bien.</synthese></bilan-cycle>
    </bilans-cycle>
  </donnees>
</lsun-bilans>
""".encode()


def run(monkeypatch, *findings_by_code, data=MINI, name="import_lsu_20251215103000.xml"):
    """Check MINI with a single test rule yielding the given (code, selector, level) findings."""
    def fake_rule(ctx):
        doc = ctx.doc
        pick = {"bp1": doc.bilans_periodiques[0], "bp2": doc.bilans_periodiques[1],
                "bc": doc.bilans_cycle[0], "disc": doc.disciplines[0], "entete": doc.entete}
        for code, where, level in findings_by_code:
            yield Finding(pick[where], f"Constat de test {code}", code=code, level=level)
    codes = tuple(sorted({c for c, _w, _l in findings_by_code})) or ("B3",)
    return lsucheck.check(data, name=name, options=lsucheck.Options(now=NOW), rules=(Rule(codes=codes, func=fake_rule),))


def assert_invariants(report):
    for c in report.counts.values():
        assert c["traites"] == c["importes"] + c["rejetes"]
        assert c["importes"] == c["succes"] + c["alertes"]


def test_no_finding_means_success_and_every_bilan_imported(monkeypatch):
    r = run(monkeypatch)
    assert r.verdict == "succes" and r.exit_code == 0
    assert r.counts == {"periodiques": {"traites": 2, "importes": 2, "succes": 2, "alertes": 0, "rejetes": 0},
                        "cycle": {"traites": 1, "importes": 1, "succes": 1, "alertes": 0, "rejetes": 0}}
    assert r.data["classes"] == ["3 A", "5 B"]
    f = r.data["file"]
    assert (f["name"], f["editeur"], f["application"], f["appli_version"], f["uai"], f["schema_version"]) == (
        "import_lsu_20251215103000.xml", "Éditeur fictif", "Logiciel", "1.2", "0382032C", "10.0")
    assert f["size"] == len(MINI) and len(f["sha256"]) == 64
    assert f["checked_at"] == "2025-12-15T10:30:00+00:00"


def test_an_alert_marks_only_its_bilan_imported_with_alert(monkeypatch):
    r = run(monkeypatch, ("B3", "bp1", None))
    assert r.verdict == "alertes" and r.exit_code == 0
    assert r.counts["periodiques"] == {"traites": 2, "importes": 2, "succes": 1, "alertes": 1, "rejetes": 0}
    assert_invariants(r)
    occ = r.message("B3")["occurrences"][0]
    assert (occ["eleve"], occ["division"], occ["periode"], occ["bilan"], occ["detail"]) == (
        "MARTIN Léa", "5 B", "Trimestre 1 2025-2026", "periodique", "Constat de test B3")
    assert occ["line"] == 14


def test_a_bilan_finding_rejects_that_bilan_only(monkeypatch):
    r = run(monkeypatch, ("B6", "bc", None), ("B3", "bp1", None))
    assert r.verdict == "rejets_partiels" and r.exit_code == 1
    assert r.counts["cycle"] == {"traites": 1, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 1}
    assert r.counts["periodiques"]["alertes"] == 1
    assert_invariants(r)
    assert r.codes() == ["B6", "B3"]  # the worse level first


def test_a_finding_on_a_shared_discipline_counts_against_every_bilan_using_it(monkeypatch):
    r = run(monkeypatch, ("B6", "disc", None))
    assert r.counts["periodiques"]["rejetes"] == 2
    assert r.verdict == "rejets_partiels"  # the bilan de cycle does not use it
    occ = r.message("B6")["occurrences"][0]
    assert occ["discipline"] == "Mathématiques (061300)" and occ["bilans"] == 2


def test_a_file_finding_rejects_every_bilan(monkeypatch):
    r = run(monkeypatch, ("F19", "entete", None))
    assert r.verdict == "rejete" and r.exit_code == 1
    assert r.counts["periodiques"] == {"traites": 2, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 2}
    assert r.counts["cycle"]["rejetes"] == 1
    assert_invariants(r)


def test_advice_never_changes_the_verdict_or_the_counters(monkeypatch):
    r = run(monkeypatch, ("B5", "bp1", None), ("F29", "entete", None))
    assert r.verdict == "succes"
    assert r.counts["periodiques"]["succes"] == 2
    assert [m["level"] for m in r.messages] == ["CONSEIL", "CONSEIL"]
    # advice beside a check that can reject is a check of its own (F29 beside F3), with its own label
    assert [m["label"] for m in r.messages] == ["Version du format à vérifier",
                                                "Date du conseil antérieure à la date de scolarité"]


def test_messages_carry_the_catalogue_label_level_and_count(monkeypatch):
    r = run(monkeypatch, ("B16", "bp1", None), ("B16", "bp2", None))
    m = r.message("B16")
    # B16's level is seen on the users' own LSU report (level_source « seed »): certain
    assert (m["label"], m["level"], m["certain"], m["count"]) == ("Dispenses non autorisées", "BILAN", True, 2)
    assert r.flatten(["code", "eleve"]) == [["B16", "MARTIN Léa"], ["B16", "BERNARD Hugo"]]


def test_level_overrides_come_from_data(monkeypatch):
    def fake_rule(ctx):
        yield Finding(ctx.doc.bilans_periodiques[0], "Dispense")
    r = lsucheck.check(MINI, options=lsucheck.Options(now=NOW, levels={"B16": "alerte"}),
                       rules=(Rule(codes=("B16",), func=fake_rule),))
    assert r.message("B16")["level"] == "ALERTE" and r.verdict == "alertes"


def test_a_crashing_rule_is_listed_as_not_run_and_the_report_still_comes(monkeypatch):
    def broken(ctx):
        raise KeyError("oups")
        yield  # pragma: no cover
    r = lsucheck.check(MINI, options=lsucheck.Options(now=NOW), rules=(Rule(codes=("B9",), func=broken),))
    assert r.verdict == "succes"
    entry = next(n for n in r.data["not_run"] if n["code"] == "B9")
    assert entry["reason"].startswith("Contrôle interrompu par une erreur interne de lsucheck (KeyError)")


def test_checks_needing_reference_files_are_listed_as_not_run_with_the_file_they_need(monkeypatch):
    r = run(monkeypatch)
    s1 = next(n for n in r.data["not_run"] if n["code"] == "S1")
    assert s1["reason"] == "Il faut l'export SIECLE des élèves (ElevesSansAdresses.xml)."
    t1 = next(n for n in r.data["not_run"] if n["code"] == "T1")
    assert t1["reason"] == "Il faut l'export STS-web (sts_emp_<UAI>_<année>.xml)."


@pytest.mark.parametrize("data,expected", [
    (b"", "Le fichier est vide."),
    (b"<a><b></a>", "XML mal formé : une balise fermante ne correspond pas à la balise ouverte (ligne 1, colonne 9)."),
    (b'<BEE_ELEVES VERSION="3.0"/>', "Ce fichier est un export SIECLE (élèves), pas un fichier d'import LSU."),
    (b'<STS_EDT/>', "Ce fichier est un export STS-web (emplois du temps, sts_emp), pas un fichier d'import LSU."),
    (b'<BEE_NOMENCLATURES/>', "Ce fichier est un export SIECLE Nomenclature, pas un fichier d'import LSU."),
    (f'<lsun-bilans xmlns="{NS}" schemaVersion="1.0"/>'.encode(),
     "Ce fichier est un fichier d'import LSU du premier degré (école) : lsucheck ne vérifie pour "
     "l'instant que les fichiers du second degré (collège)."),
    (b'<lsun-bilans schemaVersion="10.0"/>',
     "Ce fichier est un fichier XML qui n'est ni un import LSU, ni un export SIECLE ou STS-web "
     "(élément racine lsun-bilans sans l'espace de noms urn:fr:edu:scolarite:lsun:bilans:import)."),
])
def test_an_input_that_cannot_be_checked_gives_an_illisible_report_with_exit_code_2(data, expected):
    r = lsucheck.check(data, name="x.xml", options=lsucheck.Options(now=NOW))
    assert r.verdict == "illisible" and r.exit_code == 2
    assert r.details(r.codes()[0]) == [expected]
    assert all(c == {"traites": 0, "importes": 0, "succes": 0, "alertes": 0, "rejetes": 0}
               for c in r.counts.values())
    json.loads(r.to_json())  # always serialisable


def test_check_inputs_gives_one_report_per_lsu_file_and_uses_the_rest_as_references(tmp_path, monkeypatch):
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    a.write_bytes(MINI)
    b.write_bytes(MINI.replace(b"0382032C", b"0750680G"))
    reports = lsucheck.check_inputs([a, b], options=lsucheck.Options(now=NOW), rules=())
    assert [r.data["file"]["name"] for r in reports] == ["a.xml", "b.xml"]
    assert [r.data["file"]["uai"] for r in reports] == ["0382032C", "0750680G"]


def test_the_target_year_comes_from_the_option_first_then_the_file(monkeypatch):
    r = run(monkeypatch)
    assert (r.data["target_year"], r.data["year_source"]) == (2025, "fichier")
    r = lsucheck.check(MINI, options=lsucheck.Options(now=NOW, annee=2026), rules=())
    assert (r.data["target_year"], r.data["year_source"]) == (2026, "option")


@pytest.mark.parametrize("given,expected", [
    (2025, 2025), ("2025", 2025), ("2025-2026", 2025), ("2025/2026", 2025), ("2025-26", 2025),
    (" 2025 - 2026 ", 2025), ("2099-00", 2099), ("2025-2027", None), ("2025-27", None),
    ("vingt", None), ("", None), (None, None),
])
def test_a_school_year_is_read_as_users_write_it(given, expected):
    assert engine.parse_annee(given) == expected


# ---- odd inputs never crash -----------------------------------------------------------------
def test_a_folder_gives_an_illisible_report_in_french(tmp_path):
    r = lsucheck.check(tmp_path, options=lsucheck.Options(now=NOW))
    assert r.verdict == "illisible" and r.exit_code == 2
    assert r.details(r.codes()[0]) == [f"« {tmp_path} » est un dossier, pas un fichier : lsucheck vérifie un fichier."]


@pytest.mark.parametrize("given", ["²⁰²⁵", "٢٠٢٥", "２０２５", "²⁰²⁵-²⁰²⁶", "2025-²⁶"])
def test_a_school_year_in_other_unicode_digits_is_not_a_year(given):
    assert engine.parse_annee(given) is None


def test_a_millesime_in_superscript_digits_is_said_not_a_year_and_the_check_goes_on():
    data = MINI.replace(b'millesime="2025"', 'millesime="²⁰²⁵"'.encode())
    r = lsucheck.check(data, options=lsucheck.Options(now=NOW))
    assert r.verdict != "illisible" and r.data["target_year"] is None
    assert r.details("F31")[0] == ("Le millésime « ²⁰²⁵ » de la période 1er trimestre n'est pas une année : 4 "
                                   "chiffres sont attendus, l'année de début de l'année scolaire (2025 pour "
                                   "2025-2026).")
    assert not any("erreur interne" in m for c in r.codes() for m in r.details(c))


def test_a_date_in_arabic_indic_digits_is_said_invalid():
    text = MINI.decode()
    import re
    stamp = re.search(r'date-conseil-classe="([0-9-]+)"', text).group(1)
    arabic = stamp.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    r = lsucheck.check(text.replace(stamp, arabic, 1).encode(), options=lsucheck.Options(now=NOW))
    assert r.details("F16")[0] == (f"Date « {arabic} » invalide pour l'attribut « date-conseil-classe » (date du "
                                   "conseil de classe) du bilan périodique de MARTIN Léa (5 B, 1er trimestre) : "
                                   "une date réelle au format AAAA-MM-JJ est attendue (par exemple 2025-12-15).")


def one_finding_rule(codes, **fields) -> Rule:
    def rule_under_test(ctx):
        yield Finding(ctx.doc.bilans_periodiques[0], "Constat", **fields)
    return Rule(codes=codes, func=rule_under_test)


@pytest.mark.parametrize("codes,fields,error", [
    (("B16",), {"code": "B9"}, "la règle rule_under_test a produit un constat B9, code qu'elle ne déclare pas (B16)"),
    (("B9", "B16"), {}, "la règle rule_under_test déclare B9, B16 : chaque constat doit dire son code"),
    (("B16",), {"cause": "B9"}, "la règle rule_under_test attribue un constat B16 à la cause B9, que "
                                "data/catalogue/causes.toml ne déclare pas"),
])
def test_a_rule_breaking_the_contract_stops_the_check_naming_the_rule(codes, fields, error):
    with pytest.raises(RuleError) as exc:
        lsucheck.check(MINI, options=lsucheck.Options(now=NOW), rules=(one_finding_rule(codes, **fields),))
    assert str(exc.value).startswith(error)


def test_the_engine_stamps_the_only_code_of_a_rule_or_the_one_it_names():
    for codes, fields in ((("B16",), {}), (("B9", "B16"), {"code": "B16"})):
        r = lsucheck.check(MINI, options=lsucheck.Options(now=NOW), rules=(one_finding_rule(codes, **fields),))
        assert r.codes() == ["B16"] and r.details("B16") == ["Constat"]


def test_the_default_rules_are_the_explicit_tuple():
    from lsucheck import rules
    assert isinstance(rules.RULES, tuple) and all(isinstance(r, Rule) for r in rules.RULES)
    assert len({r.name for r in rules.RULES}) == len(rules.RULES) == 47   # 41, P1 and P2 (issue 14), the structure in four (issue 9), C11 (issue 10)


def test_the_rules_share_their_joins_through_the_typed_context_only():
    from dataclasses import fields

    from lsucheck.rules import CheckContext
    from lsucheck.generator import references as gref
    from tests.rules.test_siecle_rules import school_with
    school = school_with()
    inputs = [(school.lsu_xml(), school.file_name)]
    inputs += [(data, name) for name, data in gref.reference_files(school).items()]
    seen = []
    real = CheckContext.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        seen.append(self)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(CheckContext, "__init__", spy)
        lsucheck.check_inputs(inputs, options=lsucheck.Options(now=NOW))
    (ctx,) = seen
    assert set(vars(ctx)) == {f.name for f in fields(CheckContext)}   # no cache hidden in __dict__
    assert ctx.lsu_joins is not None and ctx.sts_statuses and ctx.siecle_pupils and ctx.sts_holders
