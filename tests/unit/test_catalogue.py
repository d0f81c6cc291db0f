"""The catalogue of checks is data (issue 2 item 6): 68 codes, LSU labels, levels from the seed."""
from __future__ import annotations

import re

import pytest

from lsucheck import catalogue
from lsucheck.findings import Level


def test_the_catalogue_holds_every_check_of_format_md_section_6():
    cat = catalogue.load()
    expected = ([f"F{i}" for i in range(1, 29)] + [f"B{i}" for i in range(1, 17)]
                + [f"S{i}" for i in range(1, 11)] + [f"T{i}" for i in range(1, 9)]
                + [f"C{i}" for i in range(1, 8)] + ["C8", "C9", "C10", "C11"]   # C8–C11: lsucheck's own (issue 10)
                + ["P1", "P2"])   # the LSU's class settings (issue 14)
    # the advice variants, checks of their own (issue 9 item 2): F29 (F3), F30 (F12), F31 (F17), B17 (B7)
    expected = expected[:28] + ["F29", "F30", "F31"] + expected[28:44] + ["B17"] + expected[44:]
    assert [c.code for c in cat.checks()] == expected


@pytest.mark.parametrize("label,level", [
    ("Elève non scolarisé", "BILAN"), ("Année scolaire incohérente", "BILAN"),
    ("Classe non trouvée", "BILAN"), ("Dispenses non autorisées", "BILAN"),
    ("Disciplines non enseignées", "ALERTE"), ("Enseignements hors programme", "ALERTE"),
    ("Enseignant inconnu", "ALERTE"), ("Enseignant manquant", "ALERTE"),
])
def test_the_levels_shown_by_the_users_own_lsu_report_win(label, level):
    checks = [c for c in catalogue.load().checks() if c.label == label]
    assert checks, label
    assert {c.level.value for c in checks} == {level}
    assert {c.level_source for c in checks} == {"seed"}


def test_file_checks_reject_the_whole_file_and_their_certainty_comes_from_the_level_source():
    cat = catalogue.load()
    assert all(cat[f"F{i}"].level is Level.FICHIER for i in range(1, 28))
    # F28 (the version the LSU probably requires, issue 11) is unconfirmed: ALERTE, never FICHIER by default
    assert (cat["F28"].level, cat["F28"].certainty, cat["F28"].banner) == (Level.ALERTE, "déduit", True)
    assert (cat["F11"].certainty, cat["F19"].certainty) == ("certain", "certain")   # the XSD shows them
    assert (cat["F1"].level_source, cat["F1"].certainty) == ("format", "déduit")    # FORMAT.md's table
    assert (cat["B16"].level_source, cat["B16"].certainty) == ("seed", "certain")   # the users' own LSU report


def test_a_check_has_no_certainty_of_its_own_beside_its_level_source():
    """Issue 10 item 3: FORMAT.md's confidence (the former ``certain`` key) is no longer read, so
    the data files no longer carry it; ``certain`` in the JSON is derived from level_source."""
    from importlib import resources
    root = resources.files("lsucheck") / "data" / "catalogue"
    assert [f.name for f in root.iterdir() if f.name.endswith(".toml") and re.search(
        r"^certain\s*=", f.read_text(encoding="utf-8"), re.M)] == []
    assert not hasattr(catalogue.load()["F1"], "certain")
    assert [(c.code, c.to_dict()["certain"]) for c in catalogue.load().checks()
            if c.to_dict()["certain"] != (c.certainty == "certain")] == []


def test_every_check_explains_itself_and_says_how_to_fix_it():
    missing = [c.code for c in catalogue.load().checks() if not c.explanation.strip() or not c.fix.strip()]
    assert missing == []


def test_per_software_fixes_name_only_known_software():
    for c in catalogue.load().checks():
        assert set(c.fixes) <= set(catalogue.EDITORS), c.code


def test_a_level_can_be_overridden_from_data_and_unknown_codes_are_refused():
    cat = catalogue.load({"B16": "alerte"})
    assert cat["B16"].level is Level.ALERTE and cat["B16"].level_source == "override"
    assert catalogue.load()["B16"].level is Level.BILAN
    with pytest.raises(KeyError):
        catalogue.load({"Z9": "ALERTE"})


# Issue 12 item 1: every check that can reject or alert speaks PRONOTE, from a source.
_REJECT_OR_ALERT = (Level.FICHIER, Level.BILAN, Level.ALERTE)
_SOURCED = re.compile(r"aide Index Education « [^»]+ »|guide d'établissement « [^»]+ »|guide PRONOTE : « [^»]+ »")
_UNSOURCED = re.compile(r"à vérifier dans votre logiciel", re.IGNORECASE)


def _reject_or_alert_checks():
    return [c for c in catalogue.load().checks() if c.level in _REJECT_OR_ALERT and not c.product_property]


def test_every_check_that_can_reject_or_alert_has_a_pronote_fix():
    checks = _reject_or_alert_checks()
    assert len(checks) == 59   # F28, C8 and C11 included
    assert [c.code for c in checks if not c.fixes.get("pronote", "").strip()] == []


def test_every_pronote_fix_cites_a_source_or_says_to_check_in_the_software():
    fixes = {c.code: c.fixes["pronote"] for c in catalogue.load().checks() if "pronote" in c.fixes}
    assert len(fixes) == 60   # the 59 above and B5, advice only
    assert [code for code, text in fixes.items()
            if not _SOURCED.search(text) and not _UNSOURCED.search(text)] == []


def test_the_pronote_fixes_still_without_a_source_are_the_known_debts():
    # Issue 12 item 1: each of these says « À vérifier dans votre logiciel » because no French Index Education
    # page shows the menu; sourcing one removes it from this list, an unsourced new fix adds to it.
    fixes = {c.code: c.fixes["pronote"] for c in catalogue.load().checks() if "pronote" in c.fixes}
    assert sorted(code for code, text in fixes.items() if _UNSOURCED.search(text)) == sorted(
        "F10 F13 F14 F16 F26 F27 B6 B9 B11 B12 B13 B15 B16 S3 S7".split())


def test_the_sources_are_cited_by_french_titles():
    # « Export to LSU, step 2 » was shown to French users as the source of their fix (issue 12)
    english = re.compile(r"\b(?:to|step|the|with|how|class|report|card|grades?|periodic)\b", re.IGNORECASE)
    titles = [(c.code, t) for c in catalogue.load().checks() for text in c.fixes.values()
              for t in re.findall(r"(?:aide Index Education|guide PRONOTE :|guide d'établissement) « ([^»]+) »", text)]
    assert len(titles) >= 60
    assert [(code, t) for code, t in titles if english.search(t)] == []


def test_the_source_check_tells_a_cited_fix_from_an_invented_one():
    assert _SOURCED.search("Refaites l'export (menu : guide d'établissement « Exportation des données depuis Pronote »).")
    assert _UNSOURCED.search("À vérifier dans votre logiciel : la thématique de chaque EPI.")
    invented = "Ressources > Classes > Fiche > Professeur principal, puis refaites l'export."
    assert not _SOURCED.search(invented) and not _UNSOURCED.search(invented)


# Issue 12 item 2: no developer words in what the user reads (the CLI's own --help keeps its flags).
_FORBIDDEN = {
    "CLI flag": r"--[a-z]",
    "XML attribute": r"(?<![\w./])@[A-Za-z_]",
    "code symbol": r"::",
    "XPath": r"/@",
    "attribute reference": r"\b[a-z]+(?:-[a-z]+)*-refs?\b",
    "namespace prefix": r"\bxsi:",
    "developer note": r"\[inferred",
    "developer file": r"FORMAT\.md|\.toml\b|\.py\b|\bdata/",
    "XML element name": r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b",
    "camelCase name": r"\b[a-z]+[A-Z][a-z]+[A-Za-z]*\b",
    "LSU attribute name": r"\bid-be\b",
}


def _user_texts():
    for c in catalogue.load().checks():
        yield c.code, "label", c.label
        yield c.code, "title", c.title
        yield c.code, "explanation", c.explanation
        yield c.code, "fix", c.fix
        for software, text in c.fixes.items():
            yield c.code, f"fixes.{software}", text


def _leaks(texts):
    return [(code, where, name, m.group(0))
            for code, where, text in texts
            for name, pattern in _FORBIDDEN.items()
            for m in re.finditer(pattern, text)]


def test_catalogue_texts_hold_no_cli_flag_xpath_or_code_symbol():
    assert _leaks(_user_texts()) == []


@pytest.mark.parametrize("text,leak", [
    ("donnez-le à lsucheck (option --xsd)", "--x"),
    ("indiquez cette année (--annee 2024)", "--a"),
    ("la division (DIVISION/@CODE)", "/@"),
    ("l'année en cours (To::annee_scolaire)", "::"),
    ("les professeurs principaux (prof-princ-refs)", "prof-princ-refs"),
    ("l'attribut xsi:type", "xsi:"),
    ("vu dans FORMAT.md §6", "FORMAT.md"),
    ("sa date d'entrée (DATE_ENTREE)", "DATE_ENTREE"),
    ("l'attribut schemaVersion", "schemaVersion"),
    ("Élève en double (id-be)", "id-be"),
])
def test_the_scan_catches_each_kind_of_leak(text, leak):
    assert [found for *_, found in _leaks([("X1", "fix", text)])] == [leak]


@pytest.mark.parametrize("text", [
    "Le 1er trimestre -- ou le 2e -- compte.",
    "Imports/Exports > LSL/LSU/… > Exporter les bulletins vers LSU",
    "c'est-à-dire la référence de l'élève, à vérifier dans votre logiciel : 14:30",
    "le fichier sts_emp_<UAI>_<année>.xml ; écrivez à assistance@exemple.fr",
    "SACoche, PRONOTE, STS-web, ElevesSansAdresses, EPI, AP, l'UAI 0382032C, le MEF 10110001110",
])
def test_the_scan_leaves_ordinary_french_alone(text):
    assert _leaks([("X1", "fix", text)]) == []


def test_each_advice_variant_is_a_check_of_its_own_beside_the_check_it_advises_on():
    cat = catalogue.load()
    variants = {c.code: (c.advice_of, c.label, c.level.value) for c in cat.checks() if c.advice_of}
    assert variants == {"F29": ("F3", "Version du format à vérifier", "CONSEIL"),
                        "F30": ("F12", "UAI à vérifier", "CONSEIL"),
                        "F31": ("F17", "Millésime à vérifier", "CONSEIL"),
                        "B17": ("B7", "Année scolaire à vérifier", "CONSEIL")}
    assert cat.advice_variant("F3").code == "F29" and cat.advice_variant("F5") is None


def test_the_legend_of_certainty_comes_from_the_level_source_alone():
    assert catalogue.CERTAINTY_LEGEND == {
        "certain": "certain : le schéma du format LSU ou un rapport LSU réel le montre",
        "déduit": "déduit : de la documentation ou du code des éditeurs, à confirmer"}
    cat = catalogue.load()
    assert (cat["F5"].certainty, cat["B7"].certainty, cat["F1"].certainty, cat["F29"].certainty) == (
        "certain", "certain", "déduit", "déduit")   # xsd, seed, format, inferred
    assert cat["B7"].to_dict()["certainty_legend"] == "certain : le schéma du format LSU ou un rapport LSU réel le montre"
    assert catalogue.load({"F5": "ALERTE"})["F5"].certainty == "déduit"   # a level chosen by the user


def test_causes_are_data_and_name_codes_of_the_catalogue():
    cat = catalogue.load()
    pairs = sorted((c.cause, c.consequence, c.where) for by in cat.causes.values() for c in by.values())
    assert [p for p in pairs if p[2] == "messages"] == [("C11", "B6", "messages"), ("C11", "B7", "messages"),
                                                         ("S4", "T8", "messages"), ("T1", "T4", "messages"),
                                                         ("T1", "T8", "messages"), ("T6", "T8", "messages")]
    assert {p[1] for p in pairs if p[0] == "C8"} == {f"S{i}" for i in range(1, 11)} | {
        f"T{i}" for i in range(1, 9)} | {"C2", "C3", "C6", "P2"}
    assert cat.is_cause("T1", "T4") and not cat.is_cause("T4", "T1")


def test_the_report_page_writes_the_legend_of_certainty_word_for_word():
    """Every group of a rendered report (HTML and text) says its level's certainty with the one
    legend, derived from level_source alone (issue 10 item 3)."""
    import re
    from lsucheck import render
    from tests.conftest import ROOT, check
    report = check(ROOT / "tests" / "fixtures" / "cli" / "college_2025.xml")
    html = render.standalone([report])
    lines = re.findall(r'<p class="certainty">Niveau (.*?)(?: \(|\.)', html)
    assert lines, "no certainty line in the report"
    assert set(lines) <= set(catalogue.CERTAINTY_LEGEND.values())
    text = render.text([report])
    for m in report.data["messages"]:
        legend = catalogue.certainty_legend(m["level_source"])
        assert f"[{m['code']}] " in text and legend in text
        assert legend in lines


@pytest.mark.parametrize("levels", [{}, {"F5": "ALERTE", "S1": "ALERTE"}], ids=["catalogue", "niveaux-choisis"])
def test_every_check_says_one_certainty_in_the_json_the_regles_page_the_cli_text_and_the_report_page(
        levels, tmp_path, capsys):
    """Issue 10 item 3: for every check of the catalogue, the JSON ``certain`` (report and
    --regles), the Règles page (HTML, text, CSV), the CLI text report and the report page say the
    same certainty, with the same legend sentence word for word (catalogue.CERTAINTY_LEGEND)."""
    import html as html_mod
    import json

    import lsucheck
    from lsucheck import cli, render
    from lsucheck.findings import Finding
    from lsucheck.rules import Rule
    from tests.conftest import NOW, two_class_school

    cat = catalogue.load(levels)
    codes = tuple(c.code for c in cat.checks() if not c.product_property)

    def one_finding_per_check(ctx):
        for code in codes:
            yield Finding(ctx.doc.entete, f"Constat de test {code}", code=code, bilans=[])

    school = two_class_school()
    report = lsucheck.check(school.lsu_xml(), name=school.file_name, options=lsucheck.Options(now=NOW, levels=levels),
                            rules=(Rule(codes=codes, func=one_finding_per_check, needs=("lsu",)),))
    assert sorted(report.codes()) == sorted(codes)
    page = html_mod.unescape(render.standalone([report]))
    text = cli._render([report], "text")
    regles_page = html_mod.unescape(render.regles_document(cat))
    regles_text = render.regles_text(cat)
    regles_csv = {row.split(";")[0].lstrip("\ufeff"): row.split(";")[4] for row in render.regles_csv(cat).splitlines()}
    assert cli.main(["--regles", "--format", "json", *sum((["--niveau", f"{c}={lv}"] for c, lv in levels.items()), [])]) == 0
    regles_json = {c["code"]: c for c in json.loads(capsys.readouterr().out)}
    seen = {}
    for code in codes:
        check = cat[code]
        certainty = catalogue.certainty(check.level_source)
        legend = catalogue.CERTAINTY_LEGEND[certainty]
        assert report.message(code)["certain"] is (certainty == "certain"), code
        assert (regles_json[code]["certain"], regles_json[code]["certainty"], regles_json[code]["certainty_legend"]) == (
            certainty == "certain", certainty, legend), code
        section = page[page.index(f'data-code="{code}"'):]
        assert re.search(r'<p class="certainty">Niveau (.*?)(?: \(|\. )', section).group(1) == legend, code
        assert re.search(rf"\[{code}\] .* — niveau (.*)", text).group(1) == legend, code
        article = regles_page[regles_page.index(f'id="regle-{code}"'):]
        assert re.search(r"</span> \((.*?)(?: ; |\))", article).group(1) == legend, code
        assert re.search(rf"^\[{code}\] .* \((.*)\)$", regles_text, re.M).group(1) == legend, code
        assert regles_csv[code] == certainty, code
        seen[certainty] = seen.get(certainty, 0) + 1
    assert set(seen) == {"certain", "déduit"}   # both certainties are tested
    if levels:
        assert report.message("F5")["certain"] is False and catalogue.load()["F5"].certainty == "certain"
    legend_line = "Niveaux : " + " ; ".join(catalogue.CERTAINTY_LEGEND.values()) + "."
    assert text.rstrip().splitlines()[-1] == legend_line
    assert [li for li in re.findall(r"<li>(.*?)</li>", regles_page[regles_page.index('class="certainty-legend"'):]
                                    .split("</ul>")[0])] == sorted(catalogue.CERTAINTY_LEGEND.values())
