"""The pseudonymised report for the assistance (issue 15, item 3): no name, id, UAI, file name or
free text of the source survives, in any format; codes, counts, divisions, disciplines, périodes
and line numbers do."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest

from lsucheck import engine, pseudonym, render
from lsucheck.generator import generate_school
from lsucheck.references import load as load_reference

from .test_cli import lsucheck

NOW = datetime(2026, 6, 20, 10, 0, tzinfo=timezone.utc)
#: faults whose messages name people, ids, the UAI or quote free texts
FAULTS = ["F20", "F23", "F9", "F11", "F10", "B10", "F12", "F19", "F18", "F24", "B6", "B14",
          "S1", "S5", "T1", "T5"]


@pytest.fixture(scope="module")
def school():
    return generate_school(seed=5, annee=2025, nb_divisions_par_niveau=1, eleves_par_division=8, faults=FAULTS)


@pytest.fixture(scope="module")
def inputs(school):
    refs = school.reference_files()
    return [(school.lsu_xml(), school.file_name)] + [(data, name) for name, data in refs.items()]


@pytest.fixture(scope="module")
def reports(inputs):
    options = engine.Options(now=NOW)
    plain = engine.check_inputs(inputs, options=options)
    return plain, pseudonym.pseudonymise(plain, inputs, options)


def secrets(school, inputs) -> set[str]:
    """Every name, id, UAI and file name of the source files, and the free texts' beginnings."""
    out = {school.uai, school.file_name}
    for e in school.eleves:
        out |= {e.nom, e.prenom, e.id, str(e.id_be)}
    for t in school.enseignants:
        out |= {t.nom, t.prenom, t.id, str(t.id_sts)}
    for r in school.responsables_etab:
        out |= {r.nom, r.prenom, r.id, r.libelle}
    for data, name in inputs[1:]:
        out.add(name)
        inp = engine.load_input(data, name=name, options=engine.Options(), progress=lambda *_: None)
        model, meta = load_reference(inp.kind.kind, inp.tree, inp.source)
        out.add(meta.get("uai") or "")
        for p in (getattr(model, "eleves", None) or {}).values():
            out |= {p.nom, p.prenom, p.eleve_id}
        for i in (getattr(model, "individus", None) or {}).values():
            out |= {i.nom, i.prenom, i.id}
    out = {s.strip() for s in out if s and s.strip()}
    # lsucheck's own texts name the exports generically (« Importez Communs.xml… »): not the school's
    own = {s for s in out if whole(s, OWN_TEXT)}
    assert own <= {name for _data, name in inputs[1:]}, own
    return out - own


OWN_TEXT = render.regles_text() + render.regles_document()


def free_texts(school) -> set[str]:
    texts = set()
    for b in school.bilans_periodiques:
        texts |= {a.appreciation[:40].rsplit(" ", 1)[0] for a in b.acquis
                  if a.appreciation and a.appreciation.strip()}
    return texts


def leaks(text: str, words: set[str]) -> list[str]:
    """The words found whole in ``text``, case ignored."""
    low = text.lower()
    return sorted(w for w in words if whole(w.lower(), low))


def whole(word: str, text: str) -> bool:
    r"""``re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text)``, written with ``str.find``:
    the regex, once per word over a whole report, took 5 s a school."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and _word(text[at - 1])) and not (end < len(text) and _word(text[end])):
            return True
        at = text.find(word, at + 1)
    return False


def _word(c: str) -> bool:
    return c.isalnum() or c == "_"


def test_the_plain_report_does_name_them(school, inputs, reports):
    """The scan can fail: on the report before pseudonymisation it finds names, ids, UAI, texts."""
    plain, _ = reports
    text = render.text(plain, cap=None) + json.dumps([r.to_dict() for r in plain], ensure_ascii=False)
    found = leaks(text, secrets(school, inputs))
    assert school.uai in found and school.file_name in found
    assert any(e.nom in found for e in school.eleves)
    assert any(str(t.id_sts) in found for t in school.enseignants)
    assert any(str(e.id_be) in found for e in school.eleves)
    # no message quotes an appreciation today (the structural wording names the element, not its
    # text, issue 9): the scan of the pseudonymised report still guards against one that would


@pytest.mark.parametrize("fmt", ["json", "text", "html", "csv"])
def test_no_name_id_uai_file_name_or_free_text_survives(school, inputs, reports, fmt):
    _, pseudo = reports
    if fmt == "json":
        out = json.dumps([r.to_dict() for r in pseudo], ensure_ascii=False)
    elif fmt == "text":
        out = render.text(pseudo, cap=None)
    elif fmt == "html":
        out = render.standalone(pseudo)
    else:
        out = render.csv(pseudo)
    assert leaks(out, secrets(school, inputs)) == []
    assert leaks(out, free_texts(school)) == []
    assert "Élève 1" in out and "Enseignant 1" in out


def test_codes_counts_divisions_disciplines_periods_and_lines_are_kept(reports):
    plain, pseudo = reports
    a, b = plain[0].data, pseudo[0].data
    assert a["counts"] == b["counts"] and a["classes"] == b["classes"] and a["verdict"] == b["verdict"]
    keys = ("division", "periode", "discipline", "line", "path", "bilan", "bilans")
    assert [(m["code"], m["count"], m["level"], m["label"]) for m in a["messages"]] == \
        [(m["code"], m["count"], m["level"], m["label"]) for m in b["messages"]]
    assert [[tuple(o[k] for k in keys) for o in m["occurrences"]] for m in a["messages"]] == \
        [[tuple(o[k] for k in keys) for o in m["occurrences"]] for m in b["messages"]]
    assert plain[0].data["file"]["name"] != "fichier 1"  # the original report is untouched


def test_the_pseudonyms_are_stable_and_people_are_named_as_such(school, reports):
    _, pseudo = reports
    d = pseudo[0].data
    f20 = next(m for m in d["messages"] if m["code"] == "F20")["occurrences"][0]
    assert re.fullmatch(r"Élève \d+", f20["eleve"])
    # two pupils share one id-be: the neutral id is the same in the sentence, each pupil his pseudonym
    assert re.search(r"« IDBE_\d+ »", f20["detail"]), f20["detail"]
    b10 = next(m for m in d["messages"] if m["code"] == "B10")["occurrences"][0]
    assert re.search(r"Enseignant \d+", b10["detail"]), b10["detail"]
    # the same pupil has the same pseudonym in every message
    by_line = {}
    for m in d["messages"]:
        for o in m["occurrences"]:
            if o["eleve"] and o["path"] and "/bilan-" in o["path"]:
                by_line.setdefault(o["path"].split("/liste-acquis")[0], set()).add(o["eleve"])
    assert by_line and all(len(v) == 1 for v in by_line.values())
    f9 = next(m for m in d["messages"] if m["code"] == "F9")["occurrences"][0]
    # the structural wording names the element, never its text (issue 9): nothing to remove there
    assert f9["detail"].startswith('Le texte de <appreciation> (appréciation) des acquis en ')
    # the pupil the sentence names (issue 11 item 3) is pseudonymised like the columns
    assert re.search(r" du bilan périodique de Élève \d+ \(", f9["detail"]), f9["detail"]


def test_the_pseudonymised_report_keeps_the_json_contract(reports):
    from .test_render import schema_errors
    _, pseudo = reports
    assert all(schema_errors(r.data) == [] for r in pseudo)


def test_the_report_says_exactly_what_was_removed(school, reports):
    _, pseudo = reports
    d = pseudo[0].data
    summary = d["pseudonymisation"]
    assert summary["eleves"] >= len(school.eleves) and summary["enseignants"] >= len(school.enseignants)
    assert summary["responsables_etab"] == len(school.responsables_etab)
    assert summary["textes_retires"] == 0   # no message of this school quotes a free text
    assert d["notice"].startswith("Rapport pseudonymisé pour l'assistance. Ont été retirés : les noms et "
                                  f"prénoms des {summary['eleves']} élèves (« Élève 1 » à « Élève "
                                  f"{summary['eleves']} »)")
    assert "le code UAI de l'établissement" in d["notice"]
    assert "Sont conservés : les codes, les libellés, les nombres de bilans, les divisions" in d["notice"]
    assert d["file"]["name"] == "fichier 1" and d["file"]["uai"] is None and d["file"]["sha256"] == ""
    assert render.text(pseudo).count("Rapport pseudonymisé pour l'assistance.") == 1


def test_responsables_and_addresses_of_a_bilan_are_removed():
    school = generate_school(seed=2, taille="petit")
    data = school.lsu_xml().decode("utf-8")
    responsable = ('<responsables><responsable civilite="MME" nom="Zorglub" prenom="Hortense" legal1="true" '
                   'legal2="false" lien-parente="MERE"><adresse ligne1="12 rue des Acacias" '
                   'code-postal="99123" commune="Villefictive"/></responsable></responsables>')
    first = data.index("</vie-scolaire>") + len("</vie-scolaire>")
    data = data[:first] + responsable + data[first:]
    reports = pseudonym.check_inputs([(data.encode("utf-8"), "import_lsu_test.xml")],
                                     options=engine.Options(now=NOW))
    out = render.text(reports, cap=None) + json.dumps(reports[0].data, ensure_ascii=False)
    assert leaks(out, {"Zorglub", "Hortense", "12 rue des Acacias", "Villefictive", "99123"}) == []
    assert reports[0].data["pseudonymisation"]["responsables"] == 1


def test_the_cli_writes_the_pseudonymised_report(school, tmp_path):
    path = tmp_path / school.file_name
    path.write_bytes(school.lsu_xml())
    p = lsucheck(path, "--pseudonymiser", "--format", "json")
    assert p.returncode == 1, p.stderr
    data = json.loads(p.stdout)
    assert data["file"]["name"] == "fichier 1"
    assert data["pseudonymisation"]["eleves"] == len(school.eleves)
    assert leaks(p.stdout, {school.uai, school.file_name} | {e.nom for e in school.eleves}) == []


def test_the_page_function(school, tmp_path):
    import base64
    from lsucheck import browser
    src = tmp_path / school.file_name
    src.write_bytes(school.lsu_xml())
    files = [{"path": str(src), "name": school.file_name}]
    r = json.loads(browser.pseudonymised(json.dumps({"files": files})))
    assert r["ok"] and r["result"]["summary"].startswith("Rapport pseudonymisé pour l'assistance.")
    assert "Élève 1" in r["result"]["html"] and leaks(r["result"]["html"], {school.uai, school.file_name}) == []
    r = json.loads(browser.pseudonymised(json.dumps({"files": files, "format": "csv"})))
    assert r["ok"] and r["result"]["name"] == "rapport_lsucheck_pseudonymise.csv"
    text = base64.b64decode(r["result"]["bytes"]).decode("utf-8")
    assert leaks(text, {e.nom for e in school.eleves} | {school.uai}) == []


from lsucheck.generator import FAULTS as ALL_FAULTS  # noqa: E402

PLANTABLE = [c for c in ALL_FAULTS if c not in ("F1", "F2")]  # F1, F2: the file cannot be read at all


@pytest.mark.parametrize("group", range(4))
def test_no_leak_whatever_the_planted_fault(group):
    """Every plantable fault (F, B, S, T, C), four schools: no name, id, UAI, file name or free text."""
    codes = PLANTABLE[group::4]
    school = generate_school(seed=11, annee=2025, nb_divisions_par_niveau=1, eleves_par_division=10, faults=codes)
    inputs = [(school.lsu_xml(), school.file_name)] + [(d, n) for n, d in school.reference_files().items()]
    options = engine.Options(now=NOW)
    plain = engine.check_inputs(inputs, options=options)
    assert len({m["code"] for m in plain[0].messages} & set(codes)) >= len(codes) - 3  # most are found
    pseudo = pseudonym.pseudonymise(plain, inputs, options)
    words, texts = secrets(school, inputs), free_texts(school)
    for out in (json.dumps([r.to_dict() for r in pseudo], ensure_ascii=False), render.text(pseudo, cap=None),
                render.standalone(pseudo), render.csv(pseudo)):
        assert leaks(out, words) == [] and leaks(out, texts) == []
