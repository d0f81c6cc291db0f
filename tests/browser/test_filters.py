"""Filtering the report on screen, without running Python again (issue 5 item 4)."""
import time
import unicodedata

import pytest

from tests.browser.pageutil import check_files, report_data

pytestmark = pytest.mark.browser


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


@pytest.fixture(scope="module")
def many(app, files):
    """The report of a file with thousands of "Appréciation manquante" alerts."""
    assert check_files(app, [files["many"]]) == "done"
    data = report_data(app)
    assert data["total"] > 1000
    return data


def shown(page) -> int:
    return int(page.evaluate("() => document.querySelector('#report').dataset.shown"))


def rows_of(data, pred=lambda m, r: True):
    col = {name: i for i, name in enumerate(data["columns"])}
    return [(m, {k: r[i] for k, i in col.items()}) for m in data["messages"] for r in m["rows"] if pred(m, {k: r[i] for k, i in col.items()})]


def reset(page):
    page.click("#report .filter-all")


def test_tous_shows_every_occurrence_and_its_count(app, many):
    reset(app)
    assert app.locator("#report .filter-all").inner_text() == f"Tous ({many['total']})"
    assert shown(app) == many["total"]
    assert app.locator("#report .filter-count").inner_text() == f"{many['total']} occurrences affichées"


def test_a_division_filter_shows_only_that_divisions_rows_and_counts_them(app, many):
    reset(app)
    division = many["facets"]["divisions"][1]
    app.select_option("#report-filtre-division", division["value"])
    assert shown(app) == division["count"] < many["total"]
    assert app.locator("#report .filter-count").inner_text() == (
        f"{division['count']} occurrences sur {many['total']} correspondent aux filtres")
    group = app.locator("details.msg[data-code~=B4]")
    if not group.evaluate("d => d.open"):
        group.locator("summary").click()
    divisions = set(app.eval_on_selector_all("#report-B4-occ tbody tr.occ", "rows => rows.map(r => r.dataset.division)"))
    assert divisions == {division["value"]}
    b4 = sum(1 for m, r in rows_of(many, lambda m, r: m["code"] == "B4" and r["division"] == division["value"]))
    assert group.locator("summary .count").inner_text() == f"({b4} sur {group.get_attribute('data-count')})"


def test_filters_combine_level_periode_and_discipline(app, many):
    reset(app)
    periode = many["facets"]["periodes"][0]["value"]
    discipline = many["facets"]["disciplines"][0]["value"]
    app.select_option("#report-filtre-level", "ALERTE")
    app.select_option("#report-filtre-periode", periode)
    app.select_option("#report-filtre-discipline", discipline)
    expected = rows_of(many, lambda m, r: m["level"] == "ALERTE" and r["periode"] == periode and r["discipline"] == discipline)
    assert 0 < len(expected) < many["total"]
    assert shown(app) == len(expected)


def test_a_message_filter_keeps_only_that_group(app, many):
    reset(app)
    label = next(f for f in many["facets"]["labels"] if f["value"] == "Appréciation manquante")
    app.select_option("#report-filtre-group", label["group"])
    assert shown(app) == label["count"]
    visible = app.eval_on_selector_all("#report details.msg", "ds => ds.filter(d => !d.hidden).map(d => d.dataset.label)")
    assert visible == ["Appréciation manquante"]


def test_searching_a_pupils_name_keeps_only_their_rows(app, many):
    reset(app)
    name = next(r["eleve"] for m, r in rows_of(many) if r["eleve"])
    query = name.split()[-1][:5]
    app.fill("#report-filtre-eleve", query)
    expected = [r for m, r in rows_of(many) if fold(query) in fold(r["eleve"])]
    deadline = time.monotonic() + 5
    while shown(app) != len(expected) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert shown(app) == len(expected) > 0
    group = app.locator("details.msg[data-code~=B4]")
    if not group.evaluate("d => d.open"):
        group.locator("summary").click()
    names = app.eval_on_selector_all("#report-B4-occ tbody tr.occ", "rows => rows.map(r => r.dataset.eleve)")
    assert names and all(fold(query) in fold(n) for n in names)
    app.fill("#report-filtre-eleve", "")


def test_the_per_pupil_view_groups_the_rows_by_pupil(app, many):
    reset(app)
    app.check("#report-vue-eleves")
    # the "Sans élève précis" entry (file-level messages) is listed, but is not counted as a pupil
    pupils = {r["eleve"] for m, r in rows_of(many) if r["eleve"]}
    assert any(not r["eleve"] for m, r in rows_of(many))
    title = app.locator("#report .grouped-title").inner_text()
    assert title == f"{len(pupils)} élèves concernés"
    assert app.locator("#report details.msg:not([hidden])").count() == 0
    first = app.locator("#report .grouped-view details.group").first
    first.locator("summary").click()
    pupil = first.locator(".group-name").inner_text()
    rows = first.locator("tbody tr.occ").count()
    assert rows == sum(1 for m, r in rows_of(many) if r["eleve"] == pupil)


def test_the_per_class_view_groups_the_rows_by_division(app, many):
    reset(app)
    app.check("#report-vue-classes")
    names = app.eval_on_selector_all("#report .grouped-view details.group .group-name", "els => els.map(e => e.textContent)")
    # file-level messages (B7's school year) concern no division: they are listed last
    without = sum(1 for m, r in rows_of(many) if not r["division"])
    assert without >= 1
    assert names == [f["value"] for f in many["facets"]["divisions"]] + ["Sans division"]
    n = len(many["facets"]["divisions"])
    assert app.locator("#report .grouped-title").inner_text() == f"{n} classe{'s' if n > 1 else ''} concernée{'s' if n > 1 else ''}"
    counts = app.eval_on_selector_all("#report .grouped-view details.group .count", "els => els.map(e => e.textContent)")
    assert counts == [f" ({f['count']} messages)" for f in many["facets"]["divisions"]] + [
        f" ({without} message{'s' if without > 1 else ''})"]
    reset(app)
    assert app.locator("#report .grouped-view").is_hidden()
    assert app.is_checked("#report-vue-messages")


def test_long_tables_are_paged(app, many):
    reset(app)
    group = app.locator("details.msg[data-code~=B4]")
    if not group.evaluate("d => d.open"):
        group.locator("summary").click()
    table = app.locator("#report-B4-occ tbody tr.occ")
    assert table.count() == 200
    app.click("#report-B4 .pager button")
    assert table.count() == 400


def test_the_hors_bilan_filter_keeps_only_the_rows_outside_any_bilan(app, many):
    # its facet value is "", the value of "Tous les bilans": choosing it used to change nothing
    reset(app)
    facet = next(f for f in many["facets"]["bilans"] if f["label"] == "Hors bilan")
    options = app.eval_on_selector_all("#report-filtre-bilan option", "os => os.map(o => [o.value, o.textContent])")
    value = next(v for v, t in options if t == f"Hors bilan ({facet['count']})")
    assert value != ""
    app.select_option("#report-filtre-bilan", value)
    expected = rows_of(many, lambda m, r: not r["bilan"])
    assert shown(app) == len(expected) == facet["count"] < many["total"]
    periodiques = next(f for f in many["facets"]["bilans"] if f["value"] == "periodique")
    app.select_option("#report-filtre-bilan", "periodique")
    assert shown(app) == periodiques["count"]


def test_filters_stay_instant_with_10000_occurrences(app, files):
    assert check_files(app, [files["tenk"]]) == "done"
    data = report_data(app)
    assert data["total"] >= 9000
    # the page holds at most one page of rows per table, whatever the total
    assert app.locator("#report tr.occ").count() <= 200 * len(data["messages"])
    timing = app.evaluate("""() => {
        const time = (fn) => { const t0 = performance.now(); fn(); return performance.now() - t0; };
        const change = (sel, value) => { const el = document.querySelector(sel); el.value = value; el.dispatchEvent(new Event("change")); };
        const divisions = document.querySelector("#report-filtre-division");
        const out = {};
        out.division = time(() => change("#report-filtre-division", divisions.options[2].value));
        out.reset = time(() => document.querySelector("#report .filter-all").click());
        out.eleves = time(() => { const r = document.querySelector("#report-vue-eleves"); r.checked = true; r.dispatchEvent(new Event("change")); });
        out.shownEleves = document.querySelectorAll("#report .grouped-view details.group").length;
        out.back = time(() => document.querySelector("#report .filter-all").click());
        return out;
    }""")
    assert timing["shownEleves"] == 100          # the per-pupil list is paged too
    for key in ("division", "reset", "eleves", "back"):
        assert timing[key] < 400, timing           # ms, on a busy 2-core machine

