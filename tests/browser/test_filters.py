"""Filtering the report on screen: Python renders each view (issue 9 item 3; issue 5 item 4).

Contract change (issue 9 item 3): the page no longer holds the rows as JSON; the expected rows
and facets are computed here by lsucheck on the same file (pageutil.expected_report), and each
filter change waits for the view Python renders (pageutil.wait_view)."""
import unicodedata

import pytest

from tests.browser.pageutil import check_files, expected_report, views_done, wait_view

pytestmark = pytest.mark.browser


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


@pytest.fixture(scope="module")
def many(app, files):
    """The report of a file with thousands of "Appréciation manquante" alerts."""
    assert check_files(app, [files["many"]]) == "done"
    data = expected_report(files["many"])
    assert data["total"] > 1000
    assert int(app.locator("#report").get_attribute("data-total")) == data["total"]
    return data


def shown(page) -> int:
    return int(page.evaluate("() => document.querySelector('#report').dataset.shown"))


def rows_of(data, pred=lambda m, r: True):
    col = {name: i for i, name in enumerate(data["columns"])}
    out = []
    for m in data["messages"]:
        for r in m["rows"]:
            row = {k: r[i] for k, i in col.items()}
            if pred(m, row):
                out.append((m, row))
    return out


def act(page, fn):
    """Do something that asks Python for a view, and wait for it."""
    before = views_done(page)
    fn()
    wait_view(page, before)


def reset(page):
    act(page, lambda: page.click("#report .filter-all"))


def test_tous_shows_every_occurrence_and_its_count(app, many):
    reset(app)
    assert app.locator("#report .filter-all").inner_text() == f"Tous ({many['total']})"
    assert shown(app) == many["total"]
    assert app.locator("#report .filter-count").inner_text() == f"{many['total']} occurrences affichées"
    assert app.locator("#report .filter-all").get_attribute("aria-pressed") == "true"


def test_a_division_filter_shows_only_that_divisions_rows_and_counts_them(app, many):
    reset(app)
    division = many["facets"]["divisions"][1]
    act(app, lambda: app.select_option("#report-filtre-division", division["value"]))
    assert shown(app) == division["count"] < many["total"]
    assert app.locator("#report .filter-count").inner_text() == (
        f"{division['count']} occurrences sur {many['total']} correspondent aux filtres")
    assert app.locator("#report .filters-stated").inner_text() == f"Filtres : Division : {division['value']}"
    assert app.locator("#report .filter-all").get_attribute("aria-pressed") == "false"
    group = app.locator("details.msg[data-code~=B4]")
    if not group.evaluate("d => d.open"):
        group.locator(":scope > summary").click()
    divisions = set(app.eval_on_selector_all("#report-B4-occ tbody tr.occ", "rows => rows.map(r => r.dataset.division)"))
    assert divisions == {division["value"]}
    b4 = sum(1 for m, r in rows_of(many, lambda m, r: m["code"] == "B4" and r["division"] == division["value"]))
    assert group.locator("summary .count").inner_text() == f"({b4} sur {group.get_attribute('data-count')})"


def test_filters_combine_level_periode_and_discipline(app, many):
    reset(app)
    periode = many["facets"]["periodes"][0]["value"]
    discipline = many["facets"]["disciplines"][0]["value"]
    act(app, lambda: app.select_option("#report-filtre-level", "ALERTE"))
    act(app, lambda: app.select_option("#report-filtre-periode", periode))
    act(app, lambda: app.select_option("#report-filtre-discipline", discipline))
    expected = rows_of(many, lambda m, r: m["level"] == "ALERTE" and r["periode"] == periode and r["discipline"] == discipline)
    assert 0 < len(expected) < many["total"]
    assert shown(app) == len(expected)


def test_a_message_filter_keeps_only_that_group(app, many):
    reset(app)
    label = next(f for f in many["facets"]["labels"] if f["value"] == "Appréciation manquante")
    act(app, lambda: app.select_option("#report-filtre-group", label["group"]))
    assert shown(app) == label["count"]
    visible = app.eval_on_selector_all("#report details.msg", "ds => ds.filter(d => !d.hidden).map(d => d.dataset.label)")
    assert visible == ["Appréciation manquante"]


def test_searching_a_pupils_name_keeps_only_their_rows(app, many):
    reset(app)
    name = next(r["eleve"] for m, r in rows_of(many) if r["eleve"])
    query = name.split()[-1][:5]
    act(app, lambda: app.fill("#report-filtre-eleve", query))
    expected = [r for m, r in rows_of(many) if fold(query) in fold(r["eleve"])]
    assert shown(app) == len(expected) > 0
    # typing goes on in the search box: the swap keeps the focus there
    assert app.evaluate("() => document.activeElement.id") == "report-filtre-eleve"
    group = app.locator("details.msg[data-code~=B4]")
    if not group.evaluate("d => d.open"):
        group.locator(":scope > summary").click()
    names = app.eval_on_selector_all("#report-B4-occ tbody tr.occ", "rows => rows.map(r => r.dataset.eleve)")
    assert names and all(fold(query) in fold(n) for n in names)
    act(app, lambda: app.fill("#report-filtre-eleve", ""))


def test_an_empty_result_says_so(app, many):
    reset(app)
    act(app, lambda: app.fill("#report-filtre-eleve", "personne de ce nom"))
    assert shown(app) == 0
    assert app.locator("#report .filter-count").inner_text() == (
        f"Aucune occurrence sur {many['total']} ne correspond aux filtres")
    assert app.locator("#report .no-match").inner_text() == (
        "Changez un filtre, effacez la recherche ou choisissez « Tous » pour revoir tous les messages.")
    act(app, lambda: app.fill("#report-filtre-eleve", ""))


def test_the_per_pupil_view_groups_the_rows_by_pupil(app, many):
    reset(app)
    act(app, lambda: app.check("#report-vue-eleves"))
    # the "Sans élève précis" entry (file-level messages) is listed, but is not counted as a pupil;
    # pupils are told apart by their id in the file, not by their name
    occs = [o for m in many["report"]["messages"] for o in m["occurrences"]]
    pupils = {o["eleve_id"] for o in occs if o.get("eleve")}
    assert all(o.get("eleve_id") for o in occs if o.get("eleve"))
    assert any(not r["eleve"] for m, r in rows_of(many))
    title = app.locator("#report .grouped-title").inner_text()
    assert title == f"{len(pupils)} élèves ont des messages, et des messages sans élève précis"
    assert app.locator("#report details.msg:not([hidden])").count() == 0
    first = app.locator("#report .grouped-view details.group").first
    pupil = first.locator(".group-name").inner_text()
    act(app, lambda: first.locator(":scope > summary").click())
    first = app.locator("#report .grouped-view details.group").first
    rows = first.locator("tbody tr.occ").count()
    assert rows == sum(1 for m, r in rows_of(many) if r["eleve"] == pupil)


def test_the_per_class_view_groups_the_rows_by_division(app, many):
    reset(app)
    act(app, lambda: app.check("#report-vue-classes"))
    names = app.eval_on_selector_all("#report .grouped-view details.group .group-name", "els => els.map(e => e.textContent)")
    # file-level messages (B7's school year) concern no division: they are listed last
    without = sum(1 for m, r in rows_of(many) if not r["division"])
    assert without >= 1
    assert names == [f["value"] for f in many["facets"]["divisions"]] + ["Sans division"]
    n = len(many["facets"]["divisions"])
    assert app.locator("#report .grouped-title").inner_text() == (
        f"{n} classe{'s' if n > 1 else ''} {'ont' if n > 1 else 'a'} des messages, et des messages sans division")
    counts = app.eval_on_selector_all("#report .grouped-view details.group .count", "els => els.map(e => e.textContent)")
    assert counts == [f" ({f['count']} messages)" for f in many["facets"]["divisions"]] + [
        f" ({without} message{'s' if without > 1 else ''})"]
    reset(app)
    assert app.locator("#report .grouped-view").count() == 0
    assert app.is_checked("#report-vue-messages")


def test_long_tables_are_paged(app, many):
    reset(app)
    group = app.locator("details.msg[data-code~=B4]")
    if not group.evaluate("d => d.open"):
        group.locator(":scope > summary").click()
    table = app.locator("#report-B4-occ tbody tr.occ")
    assert table.count() == 200
    assert app.locator("#report-B4 .pager span").inner_text() == f"200 occurrences affichées sur {next(m['count'] for m in many['messages'] if m['code'] == 'B4')}."
    act(app, lambda: app.click("#report-B4 .pager button"))
    assert table.count() == 400
    # the first new row has the focus, so a keyboard user goes on reading from there
    assert app.evaluate("() => Array.from(document.querySelectorAll('#report-B4-occ tbody tr')).indexOf(document.activeElement)") == 200


def test_the_hors_bilan_filter_keeps_only_the_rows_outside_any_bilan(app, many):
    # its facet value is "", the value of "Tous les bilans": choosing it used to change nothing
    reset(app)
    facet = next(f for f in many["facets"]["bilans"] if f["label"] == "Hors bilan")
    options = app.eval_on_selector_all("#report-filtre-bilan option", "os => os.map(o => [o.value, o.textContent])")
    value = next(v for v, t in options if t == f"Hors bilan ({facet['count']})")
    assert value != ""
    act(app, lambda: app.select_option("#report-filtre-bilan", value))
    expected = rows_of(many, lambda m, r: not r["bilan"])
    assert shown(app) == len(expected) == facet["count"] < many["total"]
    periodiques = next(f for f in many["facets"]["bilans"] if f["value"] == "periodique")
    act(app, lambda: app.select_option("#report-filtre-bilan", "periodique"))
    assert shown(app) == periodiques["count"]


def test_the_page_holds_no_row_data_and_one_page_per_table_with_10000_occurrences(app, files):
    # the fragment carried 3 MB of rows as JSON, and the answer the report twice more (issue 9)
    assert check_files(app, [files["tenk"]]) == "done"
    total = int(app.locator("#report").get_attribute("data-total"))
    assert total >= 9000
    size = app.evaluate("() => document.getElementById('report-host').innerHTML.length")
    assert size < 400_000, size
    assert app.evaluate("() => 'rows' in JSON.parse(document.getElementById('report-data').textContent).messages[0]") is False
    assert app.locator("#report tr.occ").count() <= 200 * app.locator("#report section.msg-code").count()
    act(app, lambda: app.check("#report-vue-eleves"))
    assert app.locator("#report .grouped-view details.group").count() == 100    # the pupil list is paged
    pupils = int(app.locator("#report .grouped-title").inner_text().split()[0])
    # the pager counts what the title counts (it said « sur 2813 » under « 2812 élèves concernés »)
    assert app.locator("#report .grouped-view > .pager span").inner_text().startswith(f"100 élèves affichés sur {pupils}")
    act(app, lambda: app.click("#report .grouped-view [data-more-groups]"))
    assert app.locator("#report .grouped-view details.group").count() == 200
    reset(app)


def again_many(app, files, many):
    """The report of the « many » file on the page (a test before may have checked another file)."""
    if int(app.locator("#report").get_attribute("data-total")) != many["total"]:
        assert check_files(app, [files["many"]]) == "done"
    reset(app)


def test_the_teacher_filter_keeps_that_teachers_rows_and_its_count_agrees(app, files, many, tmp_path):
    # issue 12 item 5: many messages concern a teacher; a filter beside division, période, discipline
    again_many(app, files, many)
    teachers = many["facets"]["enseignants"]
    assert len(teachers) > 1
    teacher = teachers[1]
    assert app.locator("label[for=report-filtre-enseignant]").inner_text() == "Enseignant"
    options = app.eval_on_selector_all("#report-filtre-enseignant option", "os => os.map(o => o.textContent)")
    assert options == ["Tous"] + [f"{t['value']} ({t['count']})" for t in teachers]
    act(app, lambda: app.select_option("#report-filtre-enseignant", teacher["value"]))
    expected = rows_of(many, lambda m, r: r["enseignant"] == teacher["value"])
    assert shown(app) == len(expected) == teacher["count"] < many["total"]
    assert app.locator("#report .filter-count").inner_text() == (
        f"{teacher['count']} occurrences sur {many['total']} correspondent aux filtres")
    assert app.locator("#report .filters-stated").inner_text() == f"Filtres : Enseignant : {teacher['value']}"
    group = app.locator("details.msg[data-code~=B4]")
    if not group.evaluate("d => d.open"):
        group.locator(":scope > summary").click()
    cells = app.eval_on_selector_all("#report-B4-occ tbody tr.occ", "rows => rows.map(r => r.cells[4].textContent)")
    assert cells and set(cells) == {teacher["value"]}
    for width, height in ((390, 844), (1366, 768)):
        app.set_viewport_size({"width": width, "height": height})
        app.locator("#report-filtre-enseignant").scroll_into_view_if_needed()
        app.screenshot(path=str(tmp_path / f"enseignant-{width}.png"))
    app.set_viewport_size({"width": 1280, "height": 900})
    # with a division: both filters hold
    division = many["facets"]["divisions"][0]["value"]
    act(app, lambda: app.select_option("#report-filtre-division", division))
    both = rows_of(many, lambda m, r: r["enseignant"] == teacher["value"] and r["division"] == division)
    assert shown(app) == len(both)


def _accented(word: str) -> str:
    """« HUMBERT » → « HUMBÉRT »: an accent the name does not have, as a hurried user types it."""
    out = word.upper()
    for plain, accent in (("E", "É"), ("A", "À"), ("O", "Ô"), ("I", "Ï"), ("U", "Ù")):
        if plain in out:
            return out.replace(plain, accent, 1)
    return out


def test_the_pupil_search_matches_nom_and_prenom_in_any_order_with_or_without_accents(app, files, many):
    again_many(app, files, many)
    # a pupil whose nom has an accent (« Barthélemy Isaac »): the page lists « Nom Prénom »
    name = next(r["eleve"] for m, r in rows_of(many) if r["eleve"] and fold(r["eleve"]) != r["eleve"].lower())
    nom, prenom = name.rsplit(" ", 1)
    expected = [r for m, r in rows_of(many) if r["eleve"] == name]
    for query in (f"{prenom} {nom}", f"{fold(nom)} {fold(prenom)}", f"{_accented(fold(nom))} {prenom.upper()}",
                  f"  {prenom.lower()}   {nom}  "):
        act(app, lambda: app.fill("#report-filtre-eleve", query))
        assert shown(app) == len(expected) > 0, query
        group = app.locator("details.msg[data-code~=B4]")
        if not group.evaluate("d => d.open"):
            group.locator(":scope > summary").click()
        names = app.eval_on_selector_all("#report-B4-occ tbody tr.occ", "rows => rows.map(r => r.dataset.eleve)")
        assert names and set(names) == {name}, query
    act(app, lambda: app.fill("#report-filtre-eleve", f"{prenom} {nom}x"))
    assert shown(app) == 0
    act(app, lambda: app.fill("#report-filtre-eleve", ""))
