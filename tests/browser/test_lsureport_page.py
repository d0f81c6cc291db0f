"""Issue 14: the LSU's real rapport dropped beside the LSU file; the side by side, the calibration to
download, and a calibration file dropped again applying the levels seen (rendered in Python)."""
import json
import shutil
import urllib.parse

import pytest

from tests.browser.pageutil import check_files

pytestmark = pytest.mark.browser

RAPPORT = """Bilans > Import > Rapport d'exécution
Classes concernées par l'import : 6 A
Import du fichier <import_lsu_petit.xml> (0.1 Mo) depuis Éditeur fictif le 15 janvier 2026 à 10:31:02
Bilans périodiques
{n}
Traités
Alertes
2
Appréciation manquante
1
Nouvelle règle du LSU
Erreurs
3
Enseignements hors programme
"""


@pytest.fixture()
def rapport(files, tmp_path):
    from lsucheck.engine import check
    n = check(str(files["small"])).counts["periodiques"]["traites"]
    path = tmp_path / "rapport_lsu.txt"
    path.write_text(RAPPORT.format(n=n), encoding="utf-8")
    return path, n


def test_a_dropped_rapport_shows_the_side_by_side_and_its_calibration_applies_later(app, files, rapport, tmp_path):
    path, n = rapport
    assert check_files(app, [files["small"], path], how="drop") == "done"
    table = app.locator("section.lsu-compare table.lsu-compare-messages")
    assert table.is_visible()
    rows = {r[0].split("\n")[0]: r for r in
            (row.locator("td").all_inner_texts() for row in table.locator("tbody tr").all())}
    assert rows["Nouvelle règle du LSU"][1:] == ["—", "1", "—", "alerte", "libellé inconnu de lsucheck"]
    assert rows["Enseignements hors programme"][3:] == ["alerte", "erreur (rejet du bilan)", "LSU plus strict"]
    counts = app.locator("section.lsu-compare table.lsu-compare-counts tbody tr").first.locator("td").all_inner_texts()
    assert counts == ["Bilans périodiques", "Traités", str(n), str(n)]
    assert app.locator("[role=tab]").count() == 0   # the rapport is not a report to check
    href = app.locator("a[download='calibration_lsu.json']").get_attribute("href")
    cal = json.loads(urllib.parse.unquote(href.split(",", 1)[1]))
    assert [x["libelle"] for x in cal["libelles"]] == ["Appréciation manquante", "Nouvelle règle du LSU",
                                                       "Enseignements hors programme"]
    saved = tmp_path / "calibration_lsu.json"
    saved.write_text(json.dumps(cal), encoding="utf-8")
    assert check_files(app, [files["small"], saved], how="drop") == "done"
    applied = app.locator("section.lsu-calibration-applied").inner_text()
    assert ("S6 « Enseignements hors programme » : rejet du bilan, niveau constaté sur votre rapport LSU du "
            "15 janvier 2026 (alerte → rejet du bilan).") in applied


def test_a_pasted_rapport_is_compared_with_the_file_given_just_before(app, files, rapport):
    path, n = rapport
    assert check_files(app, [files["small"]], how="drop") == "done"
    app.locator("details.rapport-colle summary").click()
    app.fill("#rapport-colle", path.read_text(encoding="utf-8"))
    before = int(app.evaluate("() => document.body.dataset.checks || '0'"))
    app.click("#rapport-colle-comparer")
    from tests.browser.pageutil import wait_for
    wait_for(app, f"Number(document.body.dataset.checks || 0) > {before}", what="the check to finish")
    assert app.locator("#report").get_attribute("data-file") == "import_lsu_petit.xml"
    table = app.locator("section.lsu-compare table.lsu-compare-messages")
    assert "Nouvelle règle du LSU" in table.inner_text()
