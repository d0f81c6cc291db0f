"""The top of the report, on a phone, a laptop and paper (issue 12 item 4), and the reference files
kept for a re-check (issue 10 item 5). Geometry is asserted, in CSS pixels."""
import pytest

from tests.browser.pageutil import check_files, open_app

pytestmark = pytest.mark.browser

#: What must come first, in this order (those present in the report).
TOP = ["#report .verdict", "#report table.counters", "#report-inputs", "#report-missing", "#report-messages",
       "#report-references"]

WIDEST = """() => {
    const w = document.documentElement.clientWidth;
    let worst = null;
    for (const el of document.querySelectorAll('#resultats *')) {
        const r = el.getBoundingClientRect();
        if (!r.width || !el.offsetParent) continue;
        if (r.right > w + 0.5 && (!worst || r.right > worst[1])) worst = [el.tagName + '.' + el.className, r.right];
    }
    return [w, document.documentElement.scrollWidth, worst];
}"""


@pytest.fixture
def page_at(browser, site_url, browser_context_args):
    pages = []

    def make(width, height):
        context = browser.new_context(**{**browser_context_args, "viewport": {"width": width, "height": height}})
        page = context.new_page()
        open_app(page, site_url)
        pages.append(context)
        return page
    yield make
    for c in pages:
        c.close()


def tops(page):
    return page.evaluate("""(sels) => sels.map((s) => { const el = document.querySelector(s);
        return el ? el.getBoundingClientRect().top + window.scrollY : null; })""", TOP)


def test_the_top_of_the_report_comes_in_one_order(page_at, files):
    page = page_at(1280, 900)
    assert check_files(page, [files["small"]]) == "done"
    ys = [y for y in tops(page) if y is not None]
    assert len(ys) >= 4 and ys == sorted(ys)
    # without SIECLE nor STS-web, the cross-checks not made are said before the messages
    assert "Il faut" in page.locator("#report-missing").inner_text()


def test_on_a_390_px_phone_nothing_is_wider_than_the_screen(page_at, files, tmp_path):
    page = page_at(390, 844)
    assert check_files(page, [files["small"], files["siecle"]]) == "done"
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=False)
    width, scroll, worst = page.evaluate(WIDEST)
    assert scroll <= width and worst is None, worst
    counters = page.locator("#report table.counters").bounding_box()
    assert counters["x"] >= 0 and counters["x"] + counters["width"] <= 390
    # the verdict comes before the references (they used to fill the first screen)
    verdict, refs = (page.locator(s).bounding_box() for s in ("#report .verdict", "#report-references"))
    assert verdict["y"] < refs["y"]


def test_on_a_1366_by_768_laptop_the_verdict_and_the_counters_show_without_scrolling(page_at, files, tmp_path):
    page = page_at(1366, 768)
    assert check_files(page, [files["small"], files["siecle"]]) == "done"
    page.screenshot(path=str(tmp_path / "laptop.png"))
    for sel in ("#report .verdict", "#report table.counters"):
        box = page.locator(sel).bounding_box()        # relative to the viewport
        assert box["y"] >= 0 and box["y"] + box["height"] <= 768, (sel, box)


def test_print_is_a_one_page_summary_then_the_occurrences_shown_with_the_filters(page_at, files):
    page = page_at(1280, 900)
    assert check_files(page, [files["many"]]) == "done"
    page.evaluate("() => { window.print = () => { document.body.dataset.printed = '1'; }; }")
    division = page.locator("#report-filtre-division option").nth(1).get_attribute("value")
    page.select_option("#report-filtre-division", division)
    page.click("#print")
    from tests.browser.pageutil import wait_for
    wait_for(page, "document.body.dataset.printed === '1'")
    page.emulate_media(media="print")
    assert page.locator("#report .browse").is_hidden() and page.locator("#report .filters").is_hidden()
    view = page.locator("#report .print-view")
    assert view.is_visible()
    assert view.locator(".filters-stated").inner_text() == f"Filtres : Division : {division}."
    assert set(view.locator("tr.occ").evaluate_all("rs => rs.map(r => r.dataset.division)")) == {division}
    # the summary (verdict, counters, messages with counts, the cross-checks not made) fits on one
    # A4 page (≈ 1017 px tall at 96 dpi inside the 14 mm margins, 718 px wide); the messages start
    # on the next one
    page.set_viewport_size({"width": 718, "height": 1017})
    height = page.evaluate("""() => document.querySelector('#report-messages').getBoundingClientRect().top
                                    - document.querySelector('#report').getBoundingClientRect().top""")
    assert 300 < height < 1017, height
    assert page.evaluate("() => getComputedStyle(document.querySelector('#report-messages')).breakBefore") == "page"
    assert page.locator("#report-messages h3 .total").is_hidden()     # not « Tous (…) » under a filter
    page.emulate_media(media="screen")


def test_checking_another_file_keeps_the_reference_files_visibly_with_a_way_to_remove_them(page_at, files, tmp_path):
    page = page_at(1280, 900)
    assert check_files(page, [files["small"], files["siecle"]]) == "done"
    page.click("#again")
    kept = page.locator("#kept")
    assert kept.is_visible()
    assert page.locator("#kept-list li").all_inner_texts() == ["SIECLE élèves : ElevesSansAdresses.xml Retirer"]
    page.screenshot(path=str(tmp_path / "kept.png"))
    # the corrected LSU file alone: the SIECLE export given before is used again
    assert check_files(page, [files["small"]]) == "done"
    assert "ElevesSansAdresses.xml" in page.locator("#report-references").inner_text()
    page.click("#again")
    page.click("#kept-list button")
    assert kept.is_hidden()
    assert check_files(page, [files["small"]]) == "done"
    assert page.locator("#report-references").inner_text().find("ElevesSansAdresses.xml") == -1


def test_an_export_of_last_year_is_said_at_the_top_and_kept_set_aside_after_checking_another_file(
        page_at, files, tmp_path):
    """Issue 10 « Done when »: the set-aside export (C8) heads the report, before every message, the
    references panel marks it « écarté », the verdict is the LSU file's alone; after « Vérifier un
    autre fichier » it is kept (visibly) and the re-check says it again; the right export replaces it."""
    import lsucheck
    from lsucheck.generator import generate_school
    from tests.browser.conftest import siecle_eleves
    last_year = tmp_path / "2024" / "ElevesSansAdresses.xml"
    last_year.parent.mkdir()
    last_year.write_bytes(siecle_eleves(generate_school(seed=11, annee=2024, divisions=("6 A",),
                                                        eleves_par_division=10)))
    (expected,) = lsucheck.check_inputs([(str(files["small"]), files["small"].name),
                                         (str(last_year), last_year.name)])
    (alone,) = lsucheck.check_inputs([(str(files["small"]), files["small"].name)])
    detail = expected.details("C8")[0]
    assert detail.startswith("L'export SIECLE des élèves « ElevesSansAdresses.xml » n'est pas utilisé : il est de "
                             "l'année scolaire 2024-2025, alors que les bilans du fichier LSU sont de 2025-2026.")
    assert (expected.verdict, expected.counts) == (alone.verdict, alone.counts)

    def says_it_first():
        top = page.locator("#report-inputs li").first.inner_text()
        assert top == f"⚠ Fichier de référence écarté : {detail}"
        ys = [y for y in tops(page) if y is not None]
        assert ys == sorted(ys)
        assert page.evaluate("() => document.querySelector('#report-inputs').getBoundingClientRect().top"
                             " < document.querySelector('#report-messages').getBoundingClientRect().top")
        first_code = page.locator("#report-messages section.msg-code").first.get_attribute("data-code")
        assert first_code == "C8"
        assert page.locator("#report").get_attribute("data-verdict") == alone.verdict
        assert "écarté : Il est de l'année scolaire 2024-2025, alors que les bilans du fichier LSU sont de " \
               "2025-2026." in " ".join(page.locator("#report-references").inner_text().split())

    page = page_at(1280, 900)
    assert check_files(page, [files["small"], last_year]) == "done"
    says_it_first()
    page.screenshot(path=str(tmp_path / "set-aside.png"))
    page.click("#again")
    assert page.locator("#kept").is_visible()
    assert page.locator("#kept-list li").all_inner_texts() == ["SIECLE élèves : ElevesSansAdresses.xml Retirer"]
    # the LSU file checked again alone: the kept export goes with it, and is set aside again, first
    assert check_files(page, [files["small"]]) == "done"
    says_it_first()
    # this year's export, under the same name, replaces the kept one: used, nothing set aside
    page.click("#again")
    assert check_files(page, [files["small"], files["siecle"]]) == "done"
    assert page.locator("#report-inputs").count() == 0 or "écarté" not in page.locator("#report-inputs").inner_text()
    assert page.locator("#report-messages section.msg-code[data-code='C8']").count() == 0
    assert "écarté" not in page.locator("#report-references").inner_text()
    page.click("#again")
    assert page.locator("#kept-list li").all_inner_texts() == ["SIECLE élèves : ElevesSansAdresses.xml Retirer"]


def test_the_example_neither_keeps_its_exports_nor_drops_the_users(page_at, files):
    """The example is another school: its SIECLE/STS exports are not kept for the next check, and
    the user's own kept exports stay (nothing the user gave is lost)."""
    import time
    page = page_at(1280, 900)
    assert check_files(page, [files["small"], files["siecle"]]) == "done"
    page.click("#again")
    page.click("#sample")
    for _ in range(240):
        if page.evaluate("() => Number(document.body.dataset.checks || 0)") >= 2 and \
                page.evaluate("() => document.body.dataset.state") == "done":
            break
        time.sleep(0.25)
    assert "import_lsu_exemple.xml" in page.locator("#report").inner_text()
    page.click("#again")
    assert page.locator("#kept-list li").all_inner_texts() == ["SIECLE élèves : ElevesSansAdresses.xml Retirer"]


# ---- The small things of issue 12 item 5 ---------------------------------------------------------
SHOTS = ((390, 844), (1366, 768))


def test_a_summary_link_opens_its_group_in_the_app_and_in_the_exported_html(page_at, files, tmp_path):
    page = page_at(1280, 900)
    assert check_files(page, [files["many"]]) == "done"
    link = page.locator("#report .summary-lists a").first
    group_id = page.locator("#report details.msg").first.get_attribute("id")
    assert page.evaluate(f"() => document.getElementById('{group_id}').open") is False
    link.click()
    assert page.evaluate(f"() => document.getElementById('{group_id}').open") is True
    # the exported page has no script: the browser opens the <details> holding the link's target
    with page.expect_download() as info:
        page.click("[data-export=html][data-scope=all]")
    exported = tmp_path / "rapport.html"
    exported.write_bytes(open(info.value.path(), "rb").read())
    page.goto(exported.as_uri())
    first = page.locator("details.msg").first
    assert first.evaluate("d => d.open") is False           # > 200 occurrences: the groups come closed
    page.locator(".summary-lists a").first.click()
    assert first.evaluate("d => d.open") is True
    assert page.evaluate("() => location.hash") == page.locator(".summary-lists a").first.get_attribute("href")


def test_a_class_name_never_breaks_inside(page_at, files):
    page = page_at(390, 844)
    assert check_files(page, [files["many"]]) == "done"
    # in the summary's list of classes and in every division cell: one line box each
    boxes = page.eval_on_selector_all("#report .classes .division-name, #report td.division",
                                      "els => els.map(e => [e.textContent, e.getClientRects().length, getComputedStyle(e).whiteSpace])")
    assert len(boxes) > 4
    assert all(ws == "nowrap" for _, _, ws in boxes), boxes
    assert all(n == 1 for text, n, ws in boxes if text), boxes
    names = [t for t, _, _ in boxes[:4]]
    assert all(" " in t for t in names), names      # « 6 A »: a space a line could break at


def test_after_a_report_tab_reaches_the_exports_forwards(page_at, files, tmp_path):
    for width, height in SHOTS:
        page = page_at(width, height)
        assert check_files(page, [files["small"]]) == "done"
        assert page.evaluate("() => document.activeElement.classList.contains('verdict')")
        page.keyboard.press("Tab")
        assert page.evaluate("() => [document.activeElement.dataset.export, document.activeElement.dataset.scope]") == [
            "csv", "all"]
        pressed = [page.evaluate("() => document.activeElement.textContent")]
        for _ in range(7):
            page.keyboard.press("Tab")
            pressed.append(page.evaluate("() => document.activeElement.textContent"))
        assert pressed == ["CSV (Excel)", "Page HTML", "JSON", "CSV (Excel)", "Page HTML", "Imprimer",
                           "Outils : comparer, assistance, fichier d'une classe", "Vérifier un autre fichier"]
        page.screenshot(path=str(tmp_path / f"exports-{width}.png"))
        # the verdict and the counters still show at once on the laptop (the exports sit between)
        if width == 1366:
            page.evaluate("() => document.querySelector('#report .verdict').scrollIntoView()")
            box = page.locator("#report table.counters").bounding_box()
            assert box["y"] + box["height"] <= 768, box
        # checking another file takes the exports out of the report first, and puts them back after
        page.click("#again")
        assert page.locator("#toolbar").count() == 1
        assert check_files(page, [files["other"]]) == "done"
        assert page.evaluate("() => document.querySelector('#report .verdict').nextElementSibling.id") == "toolbar"
        # a second drop without « Vérifier un autre fichier »: the exports survive the old report
        # (they were inside it, and went with it: the Firefox suite found no CSV button)
        assert check_files(page, [files["small"]]) == "done"
        assert page.locator("#toolbar [data-export]").count() == 5
        assert page.evaluate("() => document.querySelector('#report .verdict').nextElementSibling.id") == "toolbar"


def test_the_drag_over_state_is_clear(page_at, tmp_path):
    for width, height in SHOTS:
        page = page_at(width, height)
        page.evaluate("""() => { const dt = new DataTransfer();
            dt.items.add(new File(['x'], 'import_lsu.xml', {type: 'text/xml'}));
            document.querySelector('#form').dispatchEvent(new DragEvent('dragenter', {dataTransfer: dt, bubbles: true})); }""")
        zone = page.locator("#form")
        assert "dropzone--over" in zone.get_attribute("class")
        from tests.browser.pageutil import wait_for      # the colours change with a 0.1 s transition
        wait_for(page, "getComputedStyle(document.querySelector('#form .dropzone-main')).backgroundColor "
                       "=== 'rgb(207, 220, 241)'", timeout=5)
        style = page.evaluate("""() => { const z = document.querySelector('#form'), m = z.querySelector('.dropzone-main');
            const a = getComputedStyle(z), b = getComputedStyle(m);
            return [a.outlineStyle, a.outlineWidth, b.borderTopStyle, b.borderTopWidth, b.backgroundColor]; }""")
        assert style == ["solid", "4px", "solid", "3px", "rgb(207, 220, 241)"]
        page.screenshot(path=str(tmp_path / f"drag-{width}.png"))
        page.evaluate("() => document.dispatchEvent(new DragEvent('dragleave', {bubbles: true}))")
        assert "dropzone--over" not in zone.get_attribute("class")
        assert page.evaluate("() => getComputedStyle(document.querySelector('#form .dropzone-main')).borderTopStyle") == "dashed"


def test_a_pdf_is_named_as_a_pdf_in_the_label(page_at, tmp_path):
    pdf = tmp_path / "bulletins.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    for width, height in SHOTS:
        page = page_at(width, height)
        assert check_files(page, [pdf]) == "done"
        assert page.locator("#report").get_attribute("data-verdict") == "illisible"
        assert page.locator("#report details.msg .msg-label").inner_text() == (
            "Fichier illisible : document PDF, pas un fichier XML")
        assert page.locator("#report .verdict-text").inner_text() == (
            "Ce fichier n'est pas un fichier XML : c'est un document PDF.")
        assert "XML mal formé" not in page.locator("#report").inner_text()
        page.screenshot(path=str(tmp_path / f"pdf-{width}.png"))
