"""Issue 14: the LSU's rapport d'exécution read back (pasted text, saved page, partial copies)."""
from __future__ import annotations

from pathlib import Path

from lsucheck import lsureport

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "lsureport"


def _read(name: str) -> lsureport.LsuReport:
    return lsureport.read((FIX / name).read_bytes())


def _messages(r) -> list:
    return [(m.label, m.count, m.level) for m in r.messages]


def test_the_seeds_first_report_gives_its_classes_file_counters_and_messages():
    r = _read("seed_2017_02_08.txt")
    assert r.classes[:3] == ["301", "302", "303"] and len(r.classes) == 32 and r.classes[-1] == "608"
    assert (r.file_name, r.file_size, r.source) == ("import_lsu_20170208153746.xml", "0.378 Mo", "Index Education")
    assert (r.date, r.time, r.date_fr) == ("2017-02-08", "15:39:44", "8 février 2017")
    assert r.counts["periodiques"] == {"traites": 877}
    assert r.total == 499
    assert _messages(r) == [("Disciplines non enseignées", 280, "alerte"),
                            ("Enseignements hors programme", 218, "alerte"),
                            ("Elève non scolarisé", 1, "erreur")]
    # the seed shows no other counter: said, not guessed
    assert r.problems == ["Bilans périodiques : compteurs non lus : Importés, avec succès, avec alerte(s), Rejetés."]


def test_the_seeds_second_report_gives_numbers_then_words_and_says_what_is_missing():
    r = _read("seed_2017_02_16.txt")
    assert r.counts["periodiques"] == {"traites": 33, "importes": 22, "succes": 20, "alertes": 2, "rejetes": 9}
    assert r.classes == ["3 B", "4 A"]
    assert (r.file_name, r.file_size, r.date, r.time) == ("college_poisy_cycle_travail.xml", "11.53 ko",
                                                          "2017-02-16", "10:27:43")
    assert _messages(r) == [("Enseignant inconnu", 1, "alerte"), ("Enseignant manquant", 3, "alerte"),
                            ("Année scolaire incohérente", None, "erreur"), ("Classe non trouvée", None, "erreur"),
                            ("Dispenses non autorisées", None, "erreur"), ("Eléve non scolarisé", None, "erreur")]
    assert r.problems[0] == ("Bilans périodiques : les compteurs lus ne concordent pas (33 traités, 22 importés, "
                             "9 rejetés) : vérifiez-les sur la page du LSU.")
    assert "Le message « Classe non trouvée » : son nombre n'a pas été lu." in r.problems


EXPECTED_FULL = [("Enseignements hors programme", 4, "alerte"), ("Nouvelle règle du LSU", 1, "alerte"),
                 ("Classe non trouvée", 2, "erreur"), ("Paramétrage incohérent", 3, "erreur")]


def test_a_saved_page_and_its_copied_text_read_the_same():
    page, text = _read("rapport_lsucheck.html"), _read("copie_lsucheck.txt")
    for r in (page, text):
        assert r.counts == {"periodiques": {"traites": 30, "importes": 25, "succes": 24, "alertes": 1, "rejetes": 5},
                            "cycle": {"traites": 10, "importes": 10, "succes": 10, "alertes": 0, "rejetes": 0}}
        assert r.classes == ["3 A", "4 A"]
        assert (r.file_name, r.source, r.date) == ("import_lsu_20260115103000.xml", "Éditeur fictif", "2026-01-15")
        assert _messages(r) == EXPECTED_FULL
        assert r.total == 10 and r.problems == []


def test_the_page_script_and_occurrence_lines_never_become_labels():
    r = _read("rapport_lsucheck.html")
    assert all("DURAND" not in m.label and "999" not in m.label for m in r.messages)
    assert r.message("Classe non trouvée").occurrences == 2


def test_a_partial_copy_keeps_what_it_holds_and_says_plainly_what_is_missing():
    r = _read("partielle.txt")
    assert _messages(r) == [("Enseignements hors programme", 4, "alerte"), ("Classe non trouvée", 2, "erreur"),
                            ("Nouvelle règle du LSU", 1, "alerte")]
    assert r.problems == [
        "Aucun compteur de bilans (Traités, Importés, Rejetés) n'a été lu : copiez toute la page du rapport "
        "d'exécution, du titre jusqu'à la liste des messages.",
        "La liste « Classes concernées par l'import » n'a pas été lue.",
        "Le nom du fichier importé n'a pas été lu.",
        "La date de l'import n'a pas été lue.",
        "1 ligne de la page n'a pas été comprise : « Une ligne que personne ne comprend ».",
    ]


def test_numbers_and_words_on_one_line_and_a_total_that_does_not_add_up():
    r = lsureport.read("Bilans de fin de cycle\n12 Traités\n12 Importés\n0 Rejetés\nAlertes\n3 Enseignant manquant\n"
                       "Tous (5)\n")
    assert r.counts["cycle"] == {"traites": 12, "importes": 12, "rejetes": 0}
    assert r.message("enseignant MANQUANT").count == 3
    assert ("La page annonce « Tous (5) » mais les messages lus en comptent 3 : une partie de la liste manque "
            "peut-être dans la copie.") in r.problems


def test_a_report_is_told_from_other_text():
    assert lsureport.looks_like_report((FIX / "copie_lsucheck.txt").read_text(encoding="utf-8"))
    assert lsureport.looks_like_report((FIX / "rapport_lsucheck.html").read_text(encoding="utf-8"))
    assert not lsureport.looks_like_report("Bonjour,\nvoici le bulletin du trimestre.\n")


def test_a_copy_that_lost_the_status_icons_says_the_level_was_not_read():
    r = lsureport.read("Statut\tMessage d'erreur\nDisciplines non enseignées (7)\n")
    assert _messages(r) == [("Disciplines non enseignées", 7, None)]
    assert ("Le message « Disciplines non enseignées » : lsucheck n'a pas pu lire s'il s'agit d'une erreur ou "
            "d'une alerte.") in r.problems
