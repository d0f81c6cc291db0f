"""Issue 14 items 2-3: the prediction beside the LSU's real report, and calibration files."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lsucheck import calibration as cal_mod
from lsucheck import catalogue, engine, lsureport
from lsucheck.findings import Level
from lsucheck.generator import generate_school
from lsucheck.model import LsuDocument
from lsucheck.parsing import Source, parse

from ..conftest import two_class_school

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "lsureport"
NOW = __import__("datetime").datetime(2026, 1, 20, 10, 0).astimezone()


_school = two_class_school


def _check(school, levels=None):
    return engine.check(school.lsu_xml(), name=school.file_name, options=engine.Options(levels=levels or {}, now=NOW))


REAL = """Bilans > Import > Rapport d'exécution
Classes concernées par l'import : 3 A, 4 A
Import du fichier <import_lsu_20260115103000.xml> (0.052 Mo) depuis Éditeur fictif le 15 janvier 2026 à 10:31:02
Bilans périodiques
33
Traités
33
Importés
32
avec succès
1
avec alerte(s)
0
Rejetés
Alertes
1
Dispenses non autorisées
2
Nouvelle règle du LSU
Erreurs
4
Classe non trouvée
"""


def _row(cmp, label):
    return next(r for r in cmp["rows"] if r["label"] == label)


def test_side_by_side_counters_levels_and_verdicts():
    school = _school(faults=["B16"])
    pred = _check(school)
    cmp = cal_mod.compare(pred, lsureport.read(REAL))
    per = {c["counter"]: (c["predicted"], c["real"]) for c in cmp["counts"] if c["section"] == "periodiques"}
    assert per == {"traites": (33, 33), "importes": (32, 33), "succes": (32, 32), "alertes": (0, 1), "rejetes": (1, 0)}
    b16 = _row(cmp, "Dispenses non autorisées")
    assert (b16["predicted_count"], b16["real_count"], b16["predicted_level"], b16["real_level"], b16["verdict"]) == \
        (1, 1, "BILAN", "alerte", "LSU plus souple")
    unknown = _row(cmp, "Nouvelle règle du LSU")
    assert (unknown["verdict"], unknown["codes"], unknown["real_count"]) == ("libellé inconnu de lsucheck", [], 2)
    classe = _row(cmp, "Classe non trouvée")
    assert (classe["predicted_count"], classe["predicted_level"], classe["verdict"]) == (0, "BILAN", "concorde")
    assert classe["note"] == ("lsucheck n'avait rien prévu pour ce message (contrôle non fait : il faut l'export "
                              "SIECLE des élèves (ElevesSansAdresses.xml)).")
    # predicted, absent from the LSU's report: shown too
    f28 = _row(cmp, "Version de schéma probablement refusée")
    assert (f28["predicted_count"], f28["real_count"], f28["verdict"]) == (1, 0, "LSU plus souple")
    # lsucheck's advice (B7, CONSEIL) is not expected in the LSU's report
    assert not any(r["label"].startswith("Année scolaire") for r in cmp["rows"])
    text = cal_mod.render_text(cmp)
    assert "  Dispenses non autorisées : 1 / 1 ; rejet du bilan / alerte — LSU plus souple" in text
    assert "  Nouvelle règle du LSU : — / 2 ; — / alerte — libellé inconnu de lsucheck" in text
    assert "Bilans périodiques : Traités 33 / 33 ; Importés 32 / 33" in text
    page = cal_mod.render_html(cmp)
    assert '<tr class="verdict--inconnu"><td>Nouvelle règle du LSU' in page and "<script" not in page


def test_a_lsu_stricter_than_predicted_is_said_so():
    real = lsureport.read("Alertes\n\nErreurs\n5\nDisciplines non enseignées\n")
    row = _row(cal_mod.compare(_check(_school()), real), "Disciplines non enseignées")
    assert (row["predicted_level"], row["real_level"], row["verdict"]) == ("ALERTE", "erreur", "LSU plus strict")


def test_the_calibration_applies_the_real_levels_as_overrides_of_the_catalogue(tmp_path):
    school = _school(faults=["B16"])
    pred = _check(school)
    cmp = cal_mod.compare(pred, lsureport.read(REAL))
    cal = cal_mod.calibration(cmp, pred)
    assert cal["libelles"] == [
        {"libelle": "Dispenses non autorisées", "niveau": "ALERTE", "nombre": 1, "connu": True},
        {"libelle": "Nouvelle règle du LSU", "niveau": "ALERTE", "nombre": 2, "connu": False},
        {"libelle": "Classe non trouvée", "niveau": "BILAN", "nombre": 4, "connu": True}]
    assert (cal["date_rapport"], cal["annee_scolaire"], cal["schema_version"], cal["editeur"], cal["application"]) == \
        ("2026-01-15", "2025-2026", "10.0", "Éditeur fictif", "lsucheck-generateur")
    path = tmp_path / "calibration.json"
    path.write_text(cal_mod.to_json(cal), encoding="utf-8")
    levels, notes = cal_mod.overrides(cal_mod.read_calibration(path.read_bytes()))
    assert levels["B16"] == {"level": "ALERTE", "level_source": "rapport", "level_date": "2026-01-15"}
    assert set(levels) == {"B16", "S4", "T6"}
    assert notes[0] == ("B16 « Dispenses non autorisées » : alerte, niveau constaté sur votre rapport LSU du "
                        "15 janvier 2026 (rejet du bilan → alerte).")
    assert "« Nouvelle règle du LSU » : libellé inconnu de lsucheck, aucun contrôle à ajuster." in notes
    again = _check(school, levels)
    assert again.verdict == "alertes" and again.counts["periodiques"]["rejetes"] == 0
    b16 = again.message("B16")
    assert (b16["level"], b16["level_source"]) == ("ALERTE", "rapport")
    check = catalogue.load(levels)["B16"]
    assert cal_mod.level_note(check) == "niveau constaté sur votre rapport LSU du 15 janvier 2026"
    assert catalogue.load()["B16"].level is Level.BILAN


def test_lsuchecks_own_advice_is_never_turned_into_a_rejection():
    cal = {"format": "lsucheck-calibration", "version": 1, "date_rapport": "2026-01-15",
           "libelles": [{"libelle": "Année scolaire incohérente", "niveau": "ALERTE", "nombre": 1}]}
    levels, _ = cal_mod.overrides(cal)
    assert set(levels) == {"B6", "B7"}
    # B7's advice, B17 (the file's year is not the check date's year), stays advice
    school = _school()
    later = __import__("datetime").datetime(2027, 3, 1, 10, 0).astimezone()
    report = engine.check(school.lsu_xml(), name=school.file_name, options=engine.Options(levels=levels, now=later))
    assert [(m["code"], m["level"], m["label"]) for m in report.messages if m["code"] in ("B7", "B17")] == \
        [("B17", "CONSEIL", "Année scolaire à vérifier")]


@pytest.mark.parametrize("text,message", [
    (b"pas du json", "Ce fichier n'est pas un fichier de calibration lsucheck (contenu illisible)."),
    (b'{"format": "autre"}', "Ce fichier n'est pas un fichier de calibration lsucheck."),
    (b'{"format": "lsucheck-calibration", "version": 9}',
     "Ce fichier de calibration est de la version 9 : cette version de lsucheck lit la version 1."),
])
def test_a_file_that_is_not_a_calibration_is_refused_in_french(text, message):
    with pytest.raises(cal_mod.CalibrationError) as exc:
        cal_mod.read_calibration(text)
    assert str(exc.value) == message


def test_the_calibration_file_names_no_pupil_teacher_school_or_file_on_a_large_school():
    school = generate_school(seed=4, taille="college")
    data = school.lsu_xml()
    doc = LsuDocument(parse(Source.from_bytes(data, school.file_name)))
    assert len(doc.eleves) > 500
    pred = engine.check(data, name=school.file_name, options=engine.Options(now=NOW))
    e1, e2, t1 = doc.eleves[0], doc.eleves[1], doc.enseignants[0]
    lines = ["Bilans > Import > Rapport d'exécution",
             "Classes concernées par l'import : " + ", ".join(sorted({e.get("code-division") for e in doc.eleves})),
             f"Import du fichier <{school.file_name}> (11.2 Mo) depuis {school.editeur} le 15 janvier 2026 à 10:31:02",
             "Bilans périodiques", f"{len(doc.bilans_periodiques)} Traités", "Erreurs", "2 Classe non trouvée",
             "Alertes", f"1 Élève {e2.get('nom')} {e2.get('prenom')} inconnu", f"1 Enseignant {t1.get('nom')} absent",
             f"1 Établissement {school.uai} fermé", f"1 Collège des Tilleuls", "1 Fichier mal nommé",
             "Statut\tMessage d'erreur", "×\tClasse non trouvée (2)"]
    for e in doc.eleves:   # every pupil named in an occurrence line, as the LSU's detail list does
        lines.append(f"Le bilan de l'élève {e.get('nom')} {e.get('prenom')} ({e.get('code-division')}) pour la "
                     "période 1/3 (2025-2026) ne sera pas importé.")
    real = lsureport.read("\n".join(lines))
    cmp = cal_mod.compare(pred, real)
    assert any(r["label"].startswith("Élève ") for r in cmp["rows"])    # shown beside the prediction…
    out = cal_mod.to_json(cal_mod.calibration(cmp, pred, doc))
    labels = [x["libelle"] for x in json.loads(out)["libelles"]]
    assert labels == ["Classe non trouvée", "Fichier mal nommé"]      # … never written in the file
    words = {w for e in doc.eleves + doc.enseignants for k in ("nom", "prenom") for w in [e.get(k)] if w}
    found = [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", out, re.I)]
    assert found == []
    for forbidden in (school.uai, school.file_name, school.nom, school.commune, "import_lsu"):
        assert forbidden.lower() not in out.lower()
    divisions = {e.get("code-division") for e in doc.eleves}
    assert not any(f'"{d}"' in out for d in divisions)


def test_a_calibration_the_project_ships_turns_an_inferred_level_into_an_observed_one():
    """Issue 14 item 3: a calibration file shipped as data (data/calibrations/*.json) gives the
    catalogue the level seen on a real report, with its source and date."""
    from dataclasses import replace as _replace
    base = catalogue.load()
    assert base["B16"].level_source != "rapport"
    cat = catalogue.Catalogue({code: _replace(c) for code, c in base.items()})
    cal = {"format": "lsucheck-calibration", "version": 1, "date_rapport": "2026-01-15",
           "libelles": [{"libelle": "Dispenses non autorisées", "niveau": "ALERTE", "nombre": 3}]}
    shipped = catalogue.with_calibrations(cat, [cal])
    assert (shipped["B16"].level, shipped["B16"].level_source, shipped["B16"].level_date) == (
        Level.ALERTE, "rapport", "2026-01-15")
    assert shipped["B16"].certainty == "certain"
    assert catalogue._shipped_calibrations() == []   # none shipped yet: the catalogue is unchanged
