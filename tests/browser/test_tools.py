"""The « Outils » after a check (issue 15), in Chromium on the built dist/: several LSU files give
the combined report first; « Comparer » lists exactly the faults fixed between two exports; the
report for the assistance downloads pseudonymised; one class's file downloads, re-checked here by
lsucheck. Every request stays on the page's origin."""
from __future__ import annotations

import pathlib

import pytest

from tests.browser.pageutil import check_files, open_app, wait_for

pytestmark = pytest.mark.browser

KW = dict(seed=4, annee=2025, nb_divisions_par_niveau=2, eleves_par_division=6)
KEPT, FIXED = ["B6"], ["B3", "B4", "B14", "B16"]
AVANT, APRES = "import_lsu_20260110083000.xml", "import_lsu_20260115170000.xml"
SHOTS = pathlib.Path(__file__).resolve().parents[2] / ".cache" / "screenshots"


@pytest.fixture(scope="module")
def schools():
    from lsucheck.generator import generate_school
    return generate_school(faults=KEPT + FIXED, **KW), generate_school(faults=KEPT, **KW)


@pytest.fixture(scope="module")
def exports(schools, tmp_path_factory):
    before, after = schools
    out = tmp_path_factory.mktemp("exports")
    (out / AVANT).write_bytes(before.lsu_xml())
    (out / APRES).write_bytes(after.lsu_xml())
    return out / AVANT, out / APRES


@pytest.fixture(scope="module")
def tools_page(browser, site_url, browser_context_args, exports):
    """One booted page, every request recorded; the two exports given newest first."""
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_app(page, site_url)
    avant, apres = exports
    assert check_files(page, [apres, avant]) == "done"
    wait_for(page, "document.querySelector('#outils') && document.querySelector('#outils').dataset.ready",
             what="the tools panel")
    page.requests = requests
    yield page
    context.close()


def tool_answer(page, button_selector: str):
    """Click a tool's button and wait for its answer to be shown."""
    before = int(page.evaluate("() => Number(document.body.dataset.tools || 0)"))
    page.click(button_selector)
    wait_for(page, f"Number(document.body.dataset.tools || 0) > {before}", timeout=90, what="the tool's answer")


def test_several_files_give_the_combined_report_first(tools_page):
    page = tools_page
    tabs = page.locator("[role=tab]")
    assert [t.strip() for t in tabs.all_inner_texts()] == [
        f"✖ {name}\n: Des bilans seraient rejetés" for name in ("Ensemble des 2 fichiers", APRES, AVANT)]
    assert page.locator("#report-0").is_visible() and not page.locator("#report-1").is_visible()
    assert page.locator("#report-0 .import-line").inner_text().startswith(f"Import des fichiers {APRES} + {AVANT}")
    # combined counters = the sum of the files' counters, cell by cell
    for bilan in ("periodique", "cycle"):
        for counter in ("traites", "importes", "succes", "alertes", "rejetes"):
            cell = f"td[data-bilan={bilan}][data-counter={counter}]"
            values = [int(page.locator(f"#report-{i}-resume {cell}").text_content()) for i in range(3)]
            assert values[0] == values[1] + values[2], (bilan, counter, values)
    assert int(page.locator("#report-0-resume td[data-bilan=periodique][data-counter=traites]").text_content()) == 280
    files = page.locator("#report-0-fichiers tbody tr")
    assert files.count() == 2
    assert files.nth(0).locator("td").all_inner_texts() == [
        "Des bilans seraient rejetés", "140", "25", "1", "3 A, 3 B, 4 A, 4 B, 5 A, 5 B, 6 A, 6 B"]
    assert files.nth(1).locator("td").all_inner_texts()[3] == "2"
    shared = page.locator("#report-0-fichiers .ensemble-shared li").inner_text()
    assert shared.startswith(f"Les fichiers « {APRES} » et « {AVANT} » contiennent les mêmes bilans (165 bilans : ")
    # each occurrence of the combined report says its file
    details = page.locator("#report-0 tr.occ:not([data-code=C10]) td:nth-child(6)").evaluate_all(
        "cells => cells.map(c => c.textContent)")
    assert details and all(d.startswith((f"« {APRES} » : ", f"« {AVANT} » : ")) for d in details)


def test_compare_lists_exactly_the_fixed_faults(tools_page, schools, exports):
    from lsucheck import compare, engine
    page = tools_page
    # « Avant » is the oldest export (by the date in its name), though it was given second
    assert page.locator("#comparer-avant option:checked").inner_text() == \
        f"{AVANT} (exporté le 10 janvier 2026 à 08:30:00)"
    assert page.locator("#comparer-apres option:checked").inner_text() == \
        f"{APRES} (exporté le 15 janvier 2026 à 17:00:00)"
    tool_answer(page, "#outil-comparer button[data-tool=compare]")
    avant, apres = exports
    expected = compare.compare_files(str(avant), str(apres), names=(AVANT, APRES), options=engine.Options()).data
    gone = page.locator("#comparer-resultat ul[data-kind=disappeared] li")
    assert sorted(gone.evaluate_all("els => els.map(e => e.dataset.code)")) == sorted(FIXED)
    assert gone.all_inner_texts() == [f"[{m['code']}] {m['label']} ({ {'BILAN': 'bilan rejeté', 'ALERTE': 'alerte', 'CONSEIL': 'conseil', 'FICHIER': 'fichier rejeté'}[m['level']]}) : {m['before']} → 0"
                                      for m in expected["messages"]["disappeared"]]
    headings = page.locator("#comparer-resultat h4").all_inner_texts()
    assert headings == ["Messages disparus (4)", "Messages apparus (0)", "Messages dont le nombre a changé (0)",
                        "Bilans ajoutés (0)", "Bilans retirés (0)", f"Par élève ({len(expected['pupils'])})"]
    assert page.locator("#comparer-resultat td[data-bilan=periodiques][data-counter=rejetes]").inner_text() == "2 → 1"
    assert page.locator("#comparer-resultat .comparison-files").inner_text() == (
        f"Avant : {AVANT} — Des bilans seraient rejetés\nAprès : {APRES} — Des bilans seraient rejetés")
    pupils = page.locator("#comparer-resultat table.comparison-pupils tbody tr")
    assert sorted(pupils.evaluate_all("rows => rows.map(r => r.dataset.eleve)")) == \
        sorted(p["eleve"] for p in expected["pupils"])
    # the same export twice is refused in French
    page.select_option("#comparer-apres", label=f"{AVANT} (exporté le 10 janvier 2026 à 08:30:00)")
    tool_answer(page, "#outil-comparer button[data-tool=compare]")
    assert page.locator("#comparer-resultat .alert").inner_text() == \
        "Choisissez deux exports différents : l'un pour « Avant », l'autre pour « Après »."


def test_the_report_for_the_assistance_is_pseudonymised(tools_page, schools):
    page = tools_page
    button = page.get_by_role("button", name="Rapport pour l'assistance (pseudonymisé)")
    with page.expect_download() as info:
        before = int(page.evaluate("() => Number(document.body.dataset.tools || 0)"))
        button.click()
    download = info.value
    wait_for(page, f"Number(document.body.dataset.tools || 0) > {before}", what="the note")
    assert download.suggested_filename == "rapport_lsucheck_pseudonymise.html"
    text = pathlib.Path(download.path()).read_text(encoding="utf-8")
    before_school, _ = schools
    for school in schools:
        for e in school.eleves:
            assert e.nom not in text and f"{e.nom} {e.prenom}" not in text
        assert school.uai not in text
    assert AVANT not in text and APRES not in text
    assert "Élève 1" in text
    note = page.locator("#assistance-resultat")
    assert note.locator(".tool-done").inner_text() == \
        "Fichier rapport_lsucheck_pseudonymise.html téléchargé : le rapport pour l'assistance, pseudonymisé."
    removed = note.locator(".pseudonymised-removed li").all_inner_texts()
    assert removed[1:] == [
        "leurs identifiants (identifiant de l'élève dans la base élèves SIECLE, identifiant STS, identifiants propres au fichier), "
        "remplacés par des identifiants neutres (IDBE_…, STS_…, ID_ELEVE_…)",
        "le code UAI de l'établissement",
        "le nom des fichiers (remplacé par «\u00a0fichier 1\u00a0», «\u00a0fichier 2\u00a0»…) et leur empreinte",
        "les appréciations, synthèses, commentaires et adresses cités dans les messages"]
    assert removed[0].startswith(f"les noms et prénoms des {len(before_school.eleves)} élèves («\u00a0Élève 1\u00a0» à ")
    assert note.locator(".pseudonymised-kept li").all_inner_texts() == [
        "les codes et les libellés des messages", "les nombres de bilans (compteurs)", "les divisions",
        "les disciplines", "les périodes", "les numéros de ligne"]


def test_one_class_file_then_without_the_rejected_bilans(tools_page, exports):
    from lsucheck import engine
    page = tools_page
    section = page.locator("#outil-classe")
    assert section.locator("p.notice").all_inner_texts() == [
        "Le LSU remplace un bilan déjà importé quand il est importé à nouveau : importer ensuite un fichier qui "
        "contient les mêmes bilans (même élève, même période) les remplace, sans doublon.",
        "Le fichier d'origine n'est pas modifié : le nouveau fichier est une copie réduite."]
    assert section.locator("input[name=division]").evaluate_all("els => els.map(e => e.value)") == [
        "6 A", "6 B", "5 A", "5 B", "4 A", "4 B", "3 A", "3 B"]
    section.get_by_label("6 A").uncheck()
    section.get_by_label("5 B").check()
    with page.expect_download() as info:
        tool_answer(page, "#outil-classe button[data-tool=extract_file]:not([data-sans-rejetes])")
    download = info.value
    assert download.suggested_filename == "import_lsu_20260115170000_5B.xml"
    data = pathlib.Path(download.path()).read_bytes()
    report = engine.check(data, name=download.suggested_filename, options=engine.Options())
    assert report.verdict != "illisible" and report.data["classes"] == ["5 B"]
    _, apres = exports
    # structure valid: the file's structural messages are the original's (the version advice, F28)
    original = engine.check(apres.read_bytes(), name=APRES, options=engine.Options())
    structural = lambda r: sorted(m["code"] for m in r.data["messages"] if m["code"].startswith("F"))  # noqa: E731
    assert structural(report) == structural(original) == ["F28"]
    assert apres.read_bytes().count(b"<eleve ") > data.count(b"<eleve ") > 0   # the original unchanged
    assert page.locator("#classe-resultat .tool-done").inner_text() == \
        "Fichier import_lsu_20260115170000_5B.xml téléchargé."
    # « sans les bilans rejetés »: the division with B6's rejected bilan
    section.get_by_label("5 B").uncheck()
    section.get_by_label("6 A").check()
    with page.expect_download() as info:
        tool_answer(page, "#outil-classe button[data-sans-rejetes]")
    data = pathlib.Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename == "import_lsu_20260115170000_6A.xml"
    report = engine.check(data, name="x.xml", options=engine.Options())
    assert report.data["classes"] == ["6 A"] and sum(c["rejetes"] for c in report.counts.values()) == 0
    assert page.locator("#classe-resultat h4").inner_text() == "Bilans laissés de côté (1)"
    left = page.locator("#classe-resultat .left-out li").all_inner_texts()
    assert len(left) == 1 and left[0].endswith(" : Année scolaire incohérente") and " · 6 A · " in left[0]
    summary = page.locator("#classe-resultat .extract-summary").inner_text()
    assert "1 bilan prévu rejeté a été laissé de côté." in summary


def test_the_class_file_can_be_cut_from_the_other_export(tools_page):
    page = tools_page
    section = page.locator("#outil-classe")
    choice = page.locator("#classe-fichier")
    assert choice.evaluate("s => s.options[s.selectedIndex].textContent").startswith(APRES)
    before = int(page.evaluate("() => Number(document.body.dataset.tools || 0)"))
    choice.select_option(label=next(t for t in choice.locator("option").all_inner_texts() if t.startswith(AVANT)))
    wait_for(page, f"Number(document.body.dataset.tools || 0) > {before}", timeout=90, what="the divisions")
    assert section.locator("input[name=division]").count() == 8
    assert section.locator("p.notice").count() == 2      # the choice swapped, the notices not repeated
    with page.expect_download() as info:
        tool_answer(page, "#outil-classe button[data-tool=extract_file]:not([data-sans-rejetes])")
    assert info.value.suggested_filename.startswith("import_lsu_20260110083000_")
    choice.select_option("0")     # back to the first file given, for the tests after
    wait_for(page, f"document.querySelector('#classe-divisions').dataset.file === '0'", timeout=90,
             what="the first file's divisions")


def test_the_tools_and_their_answers_have_no_axe_violation(tools_page, axe_source):
    from tests.browser.test_accessibility import axe_violations
    page = tools_page
    assert page.locator("#outils").is_visible() and page.locator("#comparer-resultat .alert").count() == 1
    assert axe_violations(page, axe_source) == []


def test_screenshots_and_no_request_to_another_origin(tools_page, site_url):
    page = tools_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    for w, h in ((390, 844), (1366, 768)):
        page.set_viewport_size({"width": w, "height": h})
        page.locator("#outils").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"outils_{w}x{h}.png"))
        page.locator("#outils").screenshot(path=str(SHOTS / f"outils_{w}x{h}_tout.png"))
        page.locator("#report-0-resume").screenshot(path=str(SHOTS / f"ensemble_{w}x{h}_resume.png"))
        page.locator("#report-0-fichiers").screenshot(path=str(SHOTS / f"ensemble_{w}x{h}_fichiers.png"))
        # nothing wider than the screen
        assert page.evaluate("() => document.documentElement.scrollWidth") <= w
    others = [u for u in page.requests if not u.startswith(site_url) and not u.startswith(("blob:", "data:"))]
    assert others == []
    assert len(page.requests) > 10
