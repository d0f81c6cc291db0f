"""xmlschema is downloaded only when the user gives an XSD (issue 13 item 2, issue 11 item 5): a
first visit never asks for it; an XSD dropped beside the LSU file installs it (micropip, from the
same sha256 lock) and the LSU file's structure is then verified with that XSD (the report says so
under « Version du format à vérifier », in the occurrence's detail)."""
import pytest

from tests.browser.conftest import ROOT
from tests.browser.pageutil import check_files, open_app, wheel_with_one_module_more

pytestmark = pytest.mark.browser

XSD = ROOT / "py" / "lsucheck" / "data" / "xsd" / "10.0" / "lsun-bilans.xsd"



def wheels(server, name):
    return [path for path, status, _ in server.requests if f"/py/{name}-" in path and status == 200]


def test_an_xsd_dropped_beside_the_lsu_file_installs_xmlschema_then_and_validates_with_it(
        browser, browser_context_args, counted_site, files):
    server, url = counted_site
    context = browser.new_context(**browser_context_args)
    try:
        page = context.new_page()
        open_app(page, url)
        assert check_files(page, [files["small"]], how="drop") == "done"
        text = page.locator("#report").text_content()
        assert "Structure vérifiée avec le XSD officiel" not in text
        assert wheels(server, "xmlschema") == [] and wheels(server, "elementpath") == []

        assert check_files(page, [files["small"], XSD], how="drop") == "done"
        assert page.locator("#report").get_attribute("data-file") == "import_lsu_petit.xml"
        assert "Structure vérifiée avec le XSD officiel 10.0 que vous avez fourni (« lsun-bilans.xsd »" in page.locator("#report").text_content()
        assert len(wheels(server, "xmlschema")) == 1 and len(wheels(server, "elementpath")) == 1
        # a second XSD check installs nothing more
        assert check_files(page, [files["other"], XSD], how="drop") == "done"
        assert "Structure vérifiée avec le XSD officiel 10.0 que vous avez fourni (« lsun-bilans.xsd »" in page.locator("#report").text_content()
        assert len(wheels(server, "xmlschema")) == 1
    finally:
        context.close()


def test_a_modified_xmlschema_wheel_is_refused_and_the_built_in_rules_apply(
        browser, browser_context_args, site_url, files):
    """The lazy install goes through the same lock: its sha256 refuses a changed wheel, and the
    file is still checked, with lsucheck's own rules (the XSD is named as unusable)."""
    context = browser.new_context(**browser_context_args, service_workers="block")

    tampered = []

    def tamper(route):
        tampered.append(route.request.url)
        response = route.fetch()
        route.fulfill(response=response, body=wheel_with_one_module_more(response.body(), "xmlschema/_ajout.py"))

    context.route("**/py/xmlschema-*.whl", tamper)
    try:
        page = context.new_page()
        open_app(page, site_url)
        assert check_files(page, [files["small"], XSD], how="drop") == "done"
        text = page.locator("#report").text_content()
        assert page.locator("#report").get_attribute("data-file") == "import_lsu_petit.xml"
        assert "Structure vérifiée avec le XSD officiel" not in text
        assert "lsun-bilans.xsd" in text
        assert len(tampered) == 1
    finally:
        context.close()
