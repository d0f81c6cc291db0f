"""Accessibility (RGAA / WCAG 2.1 AA): axe-core finds nothing; the keyboard alone is enough."""
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.pageutil import check_files, open_app, views_done, wait_for, wait_view

pytestmark = pytest.mark.browser

RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
  });
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""


def axe_violations(page, axe_source):
    # injected through the DevTools protocol: a <script> tag would break the page's CSP
    page.evaluate(axe_source)
    return page.evaluate(RUN_AXE)


def test_the_start_page_has_no_axe_violation(page, site_url, axe_source):
    open_app(page, site_url)
    assert axe_violations(page, axe_source) == []


def test_a_report_with_its_filters_and_rules_has_no_axe_violation(page, site_url, files, axe_source):
    open_app(page, site_url)
    assert check_files(page, [files["many"], files["small"]]) == "done"
    page.locator("#report-0 details.msg summary").first.click()
    page.click("#regles-details summary")
    assert axe_violations(page, axe_source) == []
    page.check("#report-0-vue-eleves")
    page.locator("#report-0 details.group summary").first.click()
    assert axe_violations(page, axe_source) == []


def test_the_keyboard_alone_chooses_a_file_reads_and_filters_the_report(page, site_url, files):
    open_app(page, site_url)
    page.bring_to_front()
    visited = []
    for _ in range(12):
        page.keyboard.press("Tab")
        visited.append(page.evaluate("() => document.activeElement.id || document.activeElement.className"))
        if visited[-1] == "files":
            break
    assert visited[0] == "skip-link" and visited[-1] == "files", visited
    # the focus is visible on the styled label of the hidden file input
    outline = page.evaluate("() => getComputedStyle(document.querySelector('label[for=files]')).outlineStyle")
    assert outline == "solid"
    # Space on the focused input opens the file chooser; headless Chromium now and then drops the
    # first key press when the page has just become ready: press it again (the keyboard still does it)
    for attempt in range(3):
        try:
            with page.expect_file_chooser(timeout=8000) as chooser:
                page.keyboard.press("Space")
            break
        except PlaywrightTimeout:
            assert page.evaluate("() => document.activeElement.id") == "files"
            if attempt == 2:
                raise
    before = page.evaluate("() => Number(document.body.dataset.checks || 0)")
    chooser.value.set_files(str(files["many"]))
    wait_for(page, f"Number(document.body.dataset.checks || 0) > {before}", timeout=90)
    # the focus went to the verdict; Tab then reaches the filters and the message groups
    assert page.evaluate("() => document.activeElement.classList.contains('verdict')")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "report-filtre-level":
            break
    assert page.evaluate("() => document.activeElement.id") == "report-filtre-level"
    before = views_done(page)
    page.keyboard.press("ArrowDown")   # a native select: the keyboard changes it
    assert page.evaluate("() => document.querySelector('#report-filtre-level').value") != ""
    wait_view(page, before)            # Python renders the view (issue 9 item 3)
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.tagName") == "SUMMARY":
            break
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.parentElement.open")


def test_progress_is_announced_and_levels_are_never_colour_alone(page, site_url, files):
    open_app(page, site_url)
    assert page.get_attribute("#live", "aria-live") == "polite"
    assert check_files(page, [files["many"]]) == "done"
    assert page.inner_text("#live").startswith("Vérification terminée en ")
    # each message group says its level in words, not only with a colour
    levels = page.eval_on_selector_all("#report details.msg summary .level", "els => els.map(e => e.textContent.trim())")
    assert levels and all(any(w in t for w in ("Alerte", "Conseil", "rejeté")) for t in levels)
    headers = page.eval_on_selector_all("#report-B4-occ thead th", "ths => ths.map(t => t.scope + ':' + t.textContent)")
    assert headers[0] == "col:Élève"
