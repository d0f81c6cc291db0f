"""render.py: the HTML fragment (the web app's DOM contract), the standalone document, the Règles
page, CSV and text — and the JSON Schema of the report contract."""
from __future__ import annotations

import base64
import csv as csv_mod
import hashlib
import io
import json
import pathlib
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser

import pytest

import lsucheck
from lsucheck import catalogue, render
from lsucheck.engine import Options

from . import _render_samples as samples
from ..conftest import NOW, ROOT

SCHEMA = json.loads((ROOT / "py" / "lsucheck" / "data" / "report.schema.json").read_text(encoding="utf-8"))
COLLEGE = ROOT / "tests" / "fixtures" / "cli" / "college_2025.xml"


# ---- a tiny DOM over html.parser, enough to query the fragment ---------------------------------
VOID = {"meta", "br", "hr", "img", "input", "link"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def classes(self) -> set:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        return [n for n in self.iter()
                if (tag is None or n.tag == tag) and (cls is None or cls in n.classes())
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}>"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = Node("#root", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        node = self.cur
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None, f"stray </{tag}>"
        self.cur = node.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def dom(html: str) -> Node:
    b = _Builder()
    b.feed(html)
    b.close()
    assert b.cur is b.root, f"unclosed <{b.cur.tag}>"
    return b.root


def squash(s: str) -> str:
    return " ".join(s.split())


# ---- a minimal JSON Schema check (the subset report.schema.json uses), no dependency -----------
def schema_errors(instance, schema=SCHEMA, root=SCHEMA, where="$") -> list[str]:
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return schema_errors(instance, target, root, where)
    errors = []
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        py = {"object": dict, "array": list, "string": str, "boolean": bool, "number": (int, float),
              "integer": int, "null": type(None)}
        ok = any(isinstance(instance, py[t]) and not (t in ("integer", "number") and isinstance(instance, bool))
                 for t in names)
        if not ok:
            return [f"{where}: {instance!r} is not {types}"]
    if "const" in schema and instance != schema["const"]:
        errors.append(f"{where}: {instance!r} != {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{where}: {instance!r} not in {schema['enum']}")
    if "minimum" in schema and isinstance(instance, (int, float)) and instance < schema["minimum"]:
        errors.append(f"{where}: {instance} < {schema['minimum']}")
    if "pattern" in schema and isinstance(instance, str) and not re.search(schema["pattern"], instance):
        errors.append(f"{where}: {instance!r} does not match {schema['pattern']}")
    if isinstance(instance, dict):
        for key in schema.get("required", []):
            if key not in instance:
                errors.append(f"{where}: missing {key}")
        props = schema.get("properties", {})
        for key, value in instance.items():
            if key in props:
                errors += schema_errors(value, props[key], root, f"{where}.{key}")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += schema_errors(value, schema["additionalProperties"], root, f"{where}.{key}")
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0):
            errors.append(f"{where}: fewer than {schema['minItems']} items")
        if "items" in schema:
            for i, item in enumerate(instance):
                errors += schema_errors(item, schema["items"], root, f"{where}[{i}]")
    return errors


def engine_reports() -> dict:
    """Real reports from the engine: a clean file, a bilan rejected (B6), an unreadable file."""
    text = COLLEGE.read_text(encoding="utf-8")
    late = text.replace('eleve-ref="EL_2" periode-ref="P_1" date-conseil-classe="2025-12-08" '
                        'date-scolarite="2025-09-01"',
                        'eleve-ref="EL_2" periode-ref="P_1" date-conseil-classe="2025-12-08" '
                        'date-scolarite="2024-09-01"')
    assert late != text
    opts = Options(now=NOW, annee=2025)
    return {
        "propre": lsucheck.check(COLLEGE, options=opts),
        "b6": lsucheck.check(late.encode("utf-8"), name="college_b6.xml", options=opts),
        "illisible": lsucheck.check(b"ceci n'est pas du XML", name="notes.xml", options=opts),
    }


# ================================================================================================
# JSON Schema
def test_the_schema_is_a_draft_2020_12_schema_of_report_version_2():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["properties"]["report_version"]["const"] == 2 == lsucheck.report.REPORT_VERSION
    assert "level_source alone" in SCHEMA["$defs"]["message"]["properties"]["certain"]["description"]
    assert SCHEMA["properties"]["verdict"]["enum"] == list(lsucheck.report.VERDICTS)


def test_engine_reports_and_built_reports_validate_against_the_schema():
    reports = list(engine_reports().values()) + [samples.partial(), samples.clean(), samples.file_rejected()]
    for r in reports:
        data = json.loads(r.to_json())  # what a consumer reads
        assert schema_errors(data) == [], r.data["file"]["name"]


def test_the_schema_check_rejects_a_broken_report():
    data = json.loads(samples.partial().to_json())
    data["verdict"] = "ok"
    data["counts"]["cycle"].pop("rejetes")
    data["messages"][0]["occurrences"][0]["line"] = "120"
    assert schema_errors(data) == [
        "$.verdict: 'ok' not in ['succes', 'alertes', 'rejets_partiels', 'rejete', 'illisible']",
        "$.counts.cycle: missing rejetes",
        "$.messages[0].occurrences[0].line: '120' is not ['integer', 'null']",
    ]


@pytest.mark.conformance
def test_reports_with_the_shared_reference_files_validate_against_the_schema(shared):
    s = shared / "samples"
    reports = lsucheck.check_inputs(
        [s / "derived__sample-bilan-complet__schemaVersion-10.0.xml",
         s / "constructed__ElevesSansAdresses_0382032C_2015.xml",
         s / "constructed__Nomenclature_0382032C_2015.xml", s / "constructed__sts_emp_0382032C_2015.xml"],
        options=Options(now=NOW))
    assert len(reports) == 1 and [ref["kind"] for ref in reports[0].data["references"]] == [
        "siecle_eleves", "nomenclature", "sts"]
    assert schema_errors(json.loads(reports[0].to_json())) == []
    html = render.fragment(reports[0])
    assert dom(html).find("table", cls="references-table") is not None


def test_jsonschema_agrees_when_it_is_installed():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed (not a dependency)")
    validator = jsonschema.Draft202012Validator(SCHEMA)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    for r in list(engine_reports().values()) + [samples.partial()]:
        assert list(validator.iter_errors(json.loads(r.to_json()))) == []
    broken = json.loads(samples.partial().to_json())
    broken["file"]["size"] = -1
    assert len(list(validator.iter_errors(broken))) == 1


# ================================================================================================
# the fragment
def test_the_fragment_root_is_report_with_the_verdict_and_the_file():
    root = dom(render.fragment(samples.partial()))
    sections = [n for n in root.children if isinstance(n, Node)]
    assert len(sections) == 1
    sec = sections[0]
    assert (sec.tag, sec.attrs["id"], sec.attrs["data-verdict"]) == ("section", "report", "rejets_partiels")
    assert sec.attrs["data-file"] == "import_lsu_20251215093000.xml"
    assert sec.attrs["data-exit-code"] == "1"
    assert sec.attrs["data-total"] == "5"


def test_a_report_read_back_from_json_renders_the_same():
    r = samples.partial()
    back = json.loads(r.to_json())
    assert render.fragment(back) == render.fragment(r)
    assert render.csv([back]) == render.csv(r)
    assert render.text(back) == render.text(r)


def test_a_report_with_only_the_required_fields_renders():
    data = json.loads(samples.partial().to_json())
    for key in [k for k in data if k not in SCHEMA["required"]]:
        del data[key]
    for key in [k for k in data["file"] if k not in SCHEMA["$defs"]["file"]["required"]]:
        del data["file"][key]
    for m in data["messages"]:
        for key in [k for k in m if k not in SCHEMA["$defs"]["message"]["required"]]:
            del m[key]
        for o in m["occurrences"]:
            for key in [k for k in o if k not in SCHEMA["$defs"]["occurrence"]["required"]]:
                del o[key]
    assert schema_errors(data) == []
    root = dom(render.fragment(data))
    assert len(root.find_all("tr", cls="occ")) == 5
    assert root.find("tr", cls="occ").attrs["data-bilan"] == ""
    assert render.standalone(data).startswith("<!DOCTYPE html>")
    assert len(render.csv(data).splitlines()) == 6 and "Messages — Tous (5)" in render.text(data)


def test_the_verdict_banner_has_an_icon_and_text():
    root = dom(render.fragment(samples.partial()))
    banner = root.find("div", cls="verdict--rejets_partiels")
    assert squash(banner.text) == ("✖ Des bilans seraient rejetés "
                                   "2 bilans sur 8 seraient rejetés ; 6 seraient importés, dont 1 avec alerte(s). "
                                   + render.next_step(samples.partial().data))
    assert banner.find("span", cls="icon").attrs["aria-hidden"] == "true"


def test_the_resume_counts_both_bilan_types_in_a_table_with_headers():
    root = dom(render.fragment(samples.partial()))
    table = root.find("table", cls="counters")
    assert [squash(th.text) for th in table.find_all("th", scope="col")] == ["Bilans périodiques", "Bilans de fin de cycle"]
    rows = [[squash(c.text) for c in tr.iter() if c.tag in ("th", "td")] for tr in table.find("tbody").find_all("tr")]
    assert rows == [["Traités", "6", "2"], ["Importés", "4", "2"], ["dont avec succès", "3", "2"],
                    ["dont avec alerte(s)", "1", "0"], ["Rejetés", "2", "0"]]
    assert table.find("td", data_bilan="cycle", data_counter="traites").text == "2"
    assert squash(root.find("p", cls="classes").text) == "Classes concernées par l'import : 3 B, 4 A"


def test_the_file_metadata_reads_in_french():
    root = dom(render.fragment(samples.partial()))
    meta = root.find("section", cls="file-meta")
    pairs = {squash(d.find("dt").text): squash(d.find("dd").text) for d in meta.find("dl").find_all("div")}
    assert pairs["Nom"] == "import_lsu_20251215093000.xml"
    assert pairs["Taille"] == "387,07 ko"
    assert pairs["Éditeur"] == "INDEX EDUCATION"
    assert pairs["Logiciel"] == "PRONOTE 2025.1.3"
    assert pairs["UAI"] == "0382032C"
    assert pairs["Version du schéma"] == "10.0"
    assert pairs["Vérifié le"] == "15 décembre 2025 à 10:30:00"
    assert pairs["Année scolaire"] == "2025-2026 (choisie par vous)"
    assert squash(root.find("p", cls="import-line").text) == (
        "Import du fichier import_lsu_20251215093000.xml (387,07 ko) depuis PRONOTE 2025.1.3 "
        "(INDEX EDUCATION), vérifié le 15 décembre 2025 à 10:30:00")


def test_messages_are_grouped_by_label_as_lsu_does_with_their_codes_inside():
    root = dom(render.fragment(samples.partial()))
    groups = root.find_all("details", cls="msg")
    assert [(g.attrs["data-level"], g.attrs["data-code"], g.attrs["data-label"], g.attrs["data-count"])
            for g in groups] == [
        ("BILAN", "S1 S2", "Elève non scolarisé", "2"),
        ("ALERTE", "B4", "Appréciation manquante", "2"),
        ("CONSEIL", "B5", "Date du conseil antérieure à la date de scolarité", "1"),
    ]
    summary = squash(groups[0].find("summary").text)
    assert summary == "✖ Bilan rejeté Elève non scolarisé (2) S1, S2"
    assert [s.attrs["data-code"] for s in groups[0].find_all("section", cls="msg-code")] == ["S1", "S2"]
    assert groups[0].find("a", cls="rule-link").attrs["href"] == "#regle-S1"
    lists = root.find("div", cls="summary-lists")
    assert [squash(li.text) for li in lists.find_all("li")] == [
        "2 ✖ Elève non scolarisé", "2 ⚠ Appréciation manquante",
        "1 ℹ Date du conseil antérieure à la date de scolarité"]


def test_every_occurrence_row_carries_the_filtering_attributes_and_seven_cells():
    root = dom(render.fragment(samples.partial()))
    table = root.find("table", id="report-B4-occ")
    assert [squash(th.text) for th in table.find_all("th", scope="col")] == [
        "Élève", "Division", "Période", "Discipline", "Enseignant", "Détail", "Ligne"]
    rows = root.find_all("tr", cls="occ")
    assert len(rows) == 5
    b4 = table.find_all("tr", cls="occ")[0]
    assert {k: v for k, v in b4.attrs.items() if k.startswith("data-")} == {
        "data-level": "ALERTE", "data-code": "B4", "data-label": "Appréciation manquante",
        "data-bilan": "periodique", "data-division": "4 A", "data-periode": "Trimestre 1 2025-2026",
        "data-discipline": "MATHEMATIQUES (061300)", "data-eleve": "MARTIN Léa"}
    cells = [squash(td.text) for td in b4.find_all("td")]
    assert cells == ["MARTIN Léa", "4 A", "Trimestre 1 2025-2026", "MATHEMATIQUES (061300)",
                     "Mme DURAND Anne (id STS 1234)", "Appréciation vide.", "251"]
    conseil = root.find("tr", cls="occ", data_code="B5")
    assert conseil.attrs["data-discipline"] == ""  # null → empty


def test_a_hostile_pupil_name_is_escaped_everywhere():
    r = samples.partial()
    for html in (render.fragment(r), render.standalone(r)):
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Zoé" in html
    frag = render.fragment(r)
    # the JSON block cannot be closed early by a value, and holds no pupil name (issue 9 item 3)
    block = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', frag, re.S).group(1)
    assert "</" not in block and "Zoé" not in block
    root = dom(frag)
    assert root.find("tr", cls="occ", data_code="S1").attrs["data-eleve"] == samples.HOSTILE
    # a view Python renders for a filter escapes it too, even when the search is the name itself
    view = render.Browse(r).html({"eleve": "<script>", "vue": "eleves", "open": []})
    assert "<script>alert(1)" not in view and "&lt;script&gt;alert(1)&lt;/script&gt; Zoé" in view
    assert "« &lt;script&gt; »" in view


def test_the_fragment_has_no_inline_style_no_executable_script_and_no_external_resource():
    html = render.fragment([samples.partial(), samples.clean()])
    root = dom(html)
    for node in root.iter():
        assert "style" not in node.attrs and not any(a.startswith("on") for a in node.attrs), node.tag
        assert node.tag not in ("style", "link", "img", "iframe", "object")
        if node.tag == "script":
            assert node.attrs.get("type") == "application/json"
        if node.tag == "a":
            assert node.attrs["href"].startswith("#")
    assert "http://" not in html and "https://" not in html


def test_ids_are_unique_and_prefixed_per_report_when_there_are_several():
    html = render.fragment([samples.partial(), samples.partial(), samples.file_rejected()])
    root = dom(html)
    ids = [n.attrs["id"] for n in root.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    wrapper = root.find("div", id="report")
    assert (wrapper.attrs["data-verdict"], wrapper.attrs["data-count"]) == ("rejete", "3")
    sections = wrapper.find_all("section", cls="lsu-report")
    assert [(s.attrs["id"], s.attrs["data-index"], s.attrs["data-verdict"]) for s in sections] == [
        ("report-0", "0", "rejets_partiels"), ("report-1", "1", "rejets_partiels"), ("report-2", "2", "rejete")]
    for s in sections:
        for n in s.iter():
            if "id" in n.attrs:
                assert n.attrs["id"].startswith(s.attrs["id"] + "-")
    one = dom(render.fragment(samples.partial(), index=4)).find("section", cls="lsu-report")
    assert one.attrs["id"] == "report-4" and one.find("table", cls="occurrences").attrs["id"] == "report-4-S1-occ"


def test_a_code_found_at_two_levels_keeps_ids_unique():
    r = samples.two_levels()
    assert [(m["code"], m["level"]) for m in r.messages] == [("B6", "BILAN"), ("B7", "BILAN"), ("B7", "CONSEIL")]
    root = dom(render.fragment(r))
    ids = [n.attrs["id"] for n in root.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    groups = root.find_all("details", cls="msg")
    assert [(g.attrs["data-level"], g.attrs["data-code"], g.attrs["data-count"]) for g in groups] == [
        ("BILAN", "B6 B7", "2"), ("CONSEIL", "B7", "1")]
    data = json.loads(root.find("script", cls="report-data").text)
    assert [(m["section"], m["table"]) for m in data["messages"]] == [
        ("report-B6", "report-B6-occ"), ("report-B7", "report-B7-occ"),
        ("report-B7-conseil", "report-B7-conseil-occ")]
    for m in data["messages"]:
        assert root.find("section", id=m["section"]).find("table").attrs["id"] == m["table"]


def test_the_json_block_holds_the_facets_and_no_row():
    # contract change (issue 9 item 3): the rows stay in Python (render.Browse); the block keeps
    # the facets and each message's ids and counts, for automation
    root = dom(render.fragment(samples.partial()))
    block = root.find("script", cls="report-data")
    assert block.attrs["id"] == "report-data"
    data = json.loads(block.text)
    assert (data["id"], data["verdict"], data["total"]) == ("report", "rejets_partiels", 5)
    assert all("rows" not in m for m in data["messages"])
    f = data["facets"]
    assert f["levels"] == [{"value": "BILAN", "label": "Bilan rejeté", "count": 2},
                           {"value": "ALERTE", "label": "Alerte", "count": 2},
                           {"value": "CONSEIL", "label": "Conseil", "count": 1}]
    assert f["divisions"] == [{"value": "3 B", "count": 3}, {"value": "4 A", "count": 2}]
    assert f["periodes"] == [{"value": "Trimestre 1 2025-2026", "count": 5}]
    assert f["disciplines"] == [{"value": "ANGLAIS LV1 (030201)", "count": 1},
                                {"value": "MATHEMATIQUES (061300)", "count": 1}]
    assert f["bilans"] == [{"value": "periodique", "label": "Bilans périodiques", "count": 5}]
    assert [(x["value"], x["group"], x["count"]) for x in f["labels"]] == [
        ("Elève non scolarisé", "report-g0", 2), ("Appréciation manquante", "report-g1", 2),
        ("Date du conseil antérieure à la date de scolarité", "report-g2", 1)]
    s2 = next(m for m in data["messages"] if m["code"] == "S2")
    assert (s2["section"], s2["table"]) == ("report-S2", "report-S2-occ")
    row = root.find("table", id="report-S2-occ").find("tr", cls="occ")
    assert [squash(td.text) for td in row.find_all("td")] == [
        "MARTIN Léa", "4 A", "Trimestre 1 2025-2026", "", "",
        "Date de scolarité 2025-09-01 avant l'entrée dans l'établissement (2025-10-06).",
        "240"]
    # the filter bar is Python's: every facet an option, with its count
    options = [squash(o.text) for o in root.find("select", id="report-filtre-division").find_all("option")]
    assert options == ["Toutes", "3 B (3)", "4 A (2)"]


def test_ten_thousand_occurrences_render_one_page_per_table_and_no_row_json():
    big = samples.many(10_000)
    html = render.fragment(big)
    assert len(html) < 300_000          # 3.1 MB before, 3.0 MB of it rows as JSON (issue 9)
    root = dom(html)
    assert len(root.find_all("tr", cls="occ")) == 200
    pager = root.find("p", cls="pager")
    assert squash(pager.text) == "200 occurrences affichées sur 10000. Afficher 200 de plus"
    assert pager.find("button").attrs["data-more"] == "report-B4"
    table = root.find("table", cls="occurrences")
    assert (table.attrs["data-shown"], table.attrs["data-count"]) == ("200", "10000")
    data = json.loads(root.find("script", cls="report-data").text)
    assert [d["value"] for d in data["facets"]["divisions"]] == ["3 A", "4 B", "5 C", "6 D"]
    # the next page: 400 rows, the focus on the first new one
    view = dom(render.Browse(big).html({"pages": {"report-B4": 2}}))
    rows = view.find_all("tr", cls="occ")
    assert len(rows) == 400 and "data-focus" in rows[200].attrs and "data-focus" not in rows[0].attrs


def vdom(html: str):
    """The ``.browse`` block of a view, parsed."""
    return dom(html).find("div", cls="browse")


# ---- the views Python renders (issue 9 item 3) ---------------------------------------------------
def test_a_view_filters_counts_and_says_the_filters_in_french():
    b = render.Browse(samples.many(1000))
    root = vdom(b.html({"division": "4 B", "periode": "Trimestre 2 2025-2026"}))
    n = sum(1 for i in range(1000) if i % 4 == 1 and i % 3 == 1)
    assert root.attrs["data-shown"] == str(n) and root.attrs["data-total"] == "1000"
    assert squash(root.find("p", cls="filter-count").text) == f"{n} occurrences sur 1000 correspondent aux filtres"
    assert squash(root.find("p", cls="filters-stated").text) == (
        "Filtres : Division : 4 B · Période : Trimestre 2 2025-2026")
    assert squash(root.find("details", cls="msg").find("summary").find("span", cls="count").text) == f"({n} sur 1000)"
    one = vdom(b.html({"eleve": "eleve00005 prénom"}))
    assert squash(one.find("p", cls="filter-count").text) == "1 occurrence sur 1000 correspond aux filtres"
    assert squash(vdom(b.html({})).find("p", cls="filter-count").text) == "1000 occurrences affichées"
    none = vdom(b.html({"division": "9 Z"}))
    assert none.attrs["data-shown"] == "0" and len(none.find_all("p", cls="no-match")) == 1
    assert squash(none.find("p", cls="filter-count").text) == "Aucune occurrence sur 1000 ne correspond aux filtres"
    assert "hidden" in none.find("details", cls="msg").attrs


def test_the_search_ignores_accents_case_and_word_order():
    b = render.Browse(samples.partial())
    for query in ("lea martin", "MARTIN Léa", "Léa", "martin lea"):
        root = vdom(b.html({"eleve": query}))
        assert root.attrs["data-shown"] == "2", query
    assert vdom(b.html({"eleve": "martine"})).attrs["data-shown"] == "0"


def test_the_teacher_filter_keeps_a_teachers_messages_and_its_counts_agree():
    # issue 12 item 5: many messages are about a teacher (T1, T4, T5…); a filter beside the others
    occ = samples.occurrence
    durand, petit = "Mme DURAND Anne (id STS 1234)", "M. PETIT Paul (id STS 5678)"
    rows = [("T1", occ("MARTIN Léa", "3 B", "Trimestre 1 2025-2026", "MATHEMATIQUES (061300)", durand,
                       detail="a", line=10), 0),
            ("T1", occ("DUBOIS Tom", "4 A", "Trimestre 1 2025-2026", "MATHEMATIQUES (061300)", durand,
                       detail="b", line=20), 1),
            ("T4", occ("DUBOIS Tom", "4 A", "Trimestre 1 2025-2026", "FRANCAIS (020700)", petit,
                       detail="c", line=30), 2),
            ("B4", occ("MARTIN Léa", "3 B", "Trimestre 1 2025-2026", "FRANCAIS (020700)", detail="d", line=40), 3)]
    b = render.Browse(samples.build(rows))
    assert b.r["facets"]["enseignants"] == [{"value": durand, "count": 2}, {"value": petit, "count": 1}]
    bar = dom(render.fragment(samples.build(rows))).find("select", id="report-filtre-enseignant")
    assert [squash(o.text) for o in bar.find_all("option")] == [
        "Tous", f"{durand} (2)", f"{petit} (1)"]
    assert squash(bar.parent.find("label").text) == "Enseignant"
    root = vdom(b.html({"enseignant": durand}))
    assert root.attrs["data-shown"] == "2"
    assert squash(root.find("p", cls="filter-count").text) == "2 occurrences sur 4 correspondent aux filtres"
    assert squash(root.find("p", cls="filters-stated").text) == f"Filtres : Enseignant : {durand}"
    shown = [d for d in root.find_all("details", cls="msg") if "hidden" not in d.attrs]
    assert [d.attrs["data-code"] for d in shown] == ["T1"]
    assert [squash(tr.find_all("td")[5].text) for tr in shown[0].find("tbody").find_all("tr")] == ["a", "b"]
    both = vdom(b.html({"enseignant": petit, "division": "4 A"}))
    assert both.attrs["data-shown"] == "1"
    assert b.filtered({"enseignant": durand})["filters_stated"] == [f"Enseignant : {durand}"]
    assert sum(m["count"] for m in b.filtered({"enseignant": durand})["messages"]) == 2


def test_the_per_pupil_view_tells_two_pupils_of_the_same_name_apart_by_their_id():
    occ = samples.occurrence
    rows = [("B4", {**occ("MARTIN Léa", "3 B", "Trimestre 1 2025-2026", detail="a", line=10), "eleve_id": "EL_1"}, 0),
            ("B4", {**occ("MARTIN Léa", "3 B", "Trimestre 1 2025-2026", detail="b", line=20), "eleve_id": "EL_2"}, 1),
            ("B4", {**occ("MARTIN Léa", "3 B", "Trimestre 2 2025-2026", detail="c", line=30), "eleve_id": "EL_1"}, 2),
            ("B4", occ(None, None, None, detail="d", line=40, bilan=None), None)]
    b = render.Browse(samples.build(rows))
    root = vdom(b.html({"vue": "eleves"}))
    # the words say what they count: pupils with messages, the « sans élève précis » group apart
    assert squash(root.find("p", cls="grouped-title").text) == "2 élèves ont des messages, et des messages sans élève précis"
    groups = root.find_all("details", cls="group")
    assert [squash(g.find("summary").text) for g in groups] == [
        "MARTIN Léa — 3 B (2 messages)", "MARTIN Léa — 3 B (1 message)",
        "Sans élève précis (fichier, EPI, enseignant…) (1 message)"]
    assert all(g.find_all("table") == [] for g in groups)      # a table is rendered when opened
    opened = dom(b.html({"vue": "eleves", "open": [groups[0].attrs["id"]]}))
    table = opened.find("details", id=groups[0].attrs["id"]).find("table")
    assert [squash(tr.find_all("td")[5].text) for tr in table.find("tbody").find_all("tr")] == ["a", "c"]
    classes = dom(b.html({"vue": "classes"}))
    assert squash(classes.find("p", cls="grouped-title").text) == "1 classe a des messages, et des messages sans division"


def test_the_pupil_pager_counts_what_the_title_counts():
    # « 2812 élèves concernés » above « Afficher 100 de plus (sur 2813) »: the 2813th was the
    # « sans élève précis » group (issue 12 item 5, counts that agree)
    occ = samples.occurrence
    rows = [("B4", {**occ(f"ÉLÈVE{i:03} Léa", "3 B", "Trimestre 1 2025-2026", detail=str(i), line=i),
                    "eleve_id": f"EL_{i}"}, 0) for i in range(130)]
    rows.append(("B4", occ(None, None, None, detail="fichier", line=1, bilan=None), None))
    root = vdom(render.Browse(samples.build(rows)).html({"vue": "eleves"}))
    assert squash(root.find("p", cls="grouped-title").text) == (
        "130 élèves ont des messages, et des messages sans élève précis")
    pager = root.find("div", cls="grouped-view").find_all("p", cls="pager")[-1]
    assert squash(pager.text) == ("100 élèves affichés sur 130 (les messages sans élève précis viennent à la "
                                  "fin). Afficher 30 de plus")
    assert len(root.find_all("details", cls="group")) == 100


def test_the_group_without_a_pupil_is_reachable_when_the_pupils_fill_the_pages():
    # 100 pupils (one page) and the « sans élève précis » group: the pager leads to it
    occ = samples.occurrence
    rows = [("B4", {**occ(f"ÉLÈVE{i:03} Léa", "3 B", "Trimestre 1 2025-2026", detail=str(i), line=i),
                    "eleve_id": f"EL_{i}"}, 0) for i in range(100)]
    rows.append(("B4", occ(None, None, None, detail="fichier", line=1, bilan=None), None))
    b = render.Browse(samples.build(rows))
    pager = vdom(b.html({"vue": "eleves"})).find("div", cls="grouped-view").find_all("p", cls="pager")[-1]
    assert squash(pager.text) == ("100 élèves affichés sur 100 (les messages sans élève précis viennent à la fin). "
                                  "Afficher les messages sans élève précis")
    second = vdom(b.html({"vue": "eleves", "gpage": 2}))
    assert len(second.find_all("details", cls="group")) == 101
    assert second.find("div", cls="grouped-view").find_all("p", cls="pager") == []


def test_an_alert_no_bilan_uses_is_said_hors_bilan_never_imported_with_an_alert():
    # issue 10 item 3: 0 bilan has an alert, so the group must not say "le bilan serait importé avec une alerte"
    occ = samples.occurrence
    r = samples.build([("B4", {**occ("MARTIN Léa", "3 B", detail="Appréciation vide.", line=10, bilan=None),
                               "bilans": 0}, None)])
    assert r.counts["periodiques"]["alertes"] == 0
    html = render.fragment(r)
    root = dom(html)
    group = root.find("details", cls="msg")
    assert "data-hors-bilan" in group.attrs
    assert squash(group.find("p", cls="level-long").text) == (
        "Alerte hors bilan : aucun bilan n'est concerné (aucun bilan ne serait importé avec une alerte pour "
        "cela ; les compteurs n'en tiennent pas compte).")
    assert "le bilan serait importé avec une alerte" not in html
    assert squash(group.find("span", cls="level").text) == "⚠ Alerte hors bilan"
    assert "(hors bilan : aucun bilan n'est concerné)" in squash(root.find("div", cls="summary-lists").text)
    # one occurrence on a bilan, one outside: the group says both
    mixed = samples.build([("B4", occ("MARTIN Léa", "3 B", detail="x", line=10), 0),
                           ("B4", {**occ(None, "3 B", detail="y", line=20, bilan=None), "bilans": 0}, None)])
    long = squash(dom(render.fragment(mixed)).find("p", cls="level-long").text)
    assert long == ("Alerte : le bilan serait importé avec une alerte (1 occurrence hors bilan : aucun bilan "
                    "n'est concerné).")


def test_the_print_block_holds_every_occurrence_of_the_groups_shown_with_the_filters():
    b = render.Browse(samples.many(1000))
    root = dom(b.print_html({"division": "3 A"}))
    assert squash(root.find("p", cls="filters-stated").text) == "Filtres : Division : 3 A."
    assert len(root.find_all("tr", cls="occ")) == 250 and root.find_all("p", cls="pager") == []
    everything = dom(b.print_html({}))
    assert squash(everything.find("p", cls="filters-stated").text) == "Filtres : aucun, tout le rapport est imprimé."


def test_an_export_of_what_is_shown_keeps_the_filtered_rows_and_says_so():
    b = render.Browse(samples.many(100))
    part = b.filtered({"division": "3 A"})
    assert sum(m["count"] for m in part["messages"]) == 25
    lines = render.csv(part).lstrip("\ufeff").splitlines()
    assert lines[0] == "Extrait du rapport (ce qui est affiché) — filtres : Division : 3 A."
    assert len(lines) == 2 + 25
    assert "Extrait du rapport (ce qui est affiché) — filtres : Division : 3 A." in render.standalone(part)


def test_the_illisible_report_says_why_without_counters():
    r = engine_reports()["illisible"]
    root = dom(render.fragment(r))
    sec = root.find("section", id="report")
    assert sec.attrs["data-verdict"] == "illisible" and sec.attrs["data-exit-code"] == "2"
    assert root.find_all("table", cls="counters") == []
    group = root.find("details", cls="msg")
    assert "open" in group.attrs and group.attrs["data-level"] == "FICHIER"
    assert squash(root.find("div", cls="verdict").text) == (
        "✖ Fichier illisible " + r.data["messages"][0]["occurrences"][0]["detail"])


def test_checks_not_run_are_listed_with_their_reason():
    root = dom(render.fragment(samples.partial()))
    nr = root.find("section", cls="not-run")
    assert squash(nr.find("h3").text) == "Contrôles non faits (8)"
    assert squash(nr.find("p", cls="reason").text) == "Il faut l'export STS-web (sts_emp_<UAI>_<année>.xml)."
    assert [a.attrs["href"] for a in nr.find_all("a")] == [f"#regle-T{i}" for i in range(1, 9)]
    assert squash(root.find("p", cls="notice").text).startswith(
        "Non opposable. Ce rapport est une prévision établie par lsucheck")


def test_references_used_are_shown_in_a_table():
    r = samples.clean()
    r.data["references"] = [
        {"kind": "sts", "name": "sts_emp_0382032C_2025.xml", "uai": "0382032C", "annee": "2025",
         "date_export": "2025-11-30"},
        {"kind": "siecle_eleves", "name": "ElevesSansAdresses.xml", "uai": "0382032C", "annee": 2025,
         "school_year": "2025-2026", "date_export": "2025-12-01T08:00:00", "used": False,
         "summary": "3 élèves, 2 divisions"}]
    assert schema_errors(json.loads(r.to_json())) == []
    root = dom(render.fragment(r))
    rows = root.find("table", cls="references-table").find("tbody").find_all("tr")
    assert [[squash(td.text) for td in row.find_all("td")] for row in rows] == [
        ["STS-web", "sts_emp_0382032C_2025.xml", "0382032C", "2025-2026", "30 novembre 2025", ""],
        ["SIECLE élèves", "ElevesSansAdresses.xml", "0382032C", "2025-2026", "01 décembre 2025 à 08:00:00",
         "3 élèves, 2 divisions (non utilisé)"]]
    assert ("  - SIECLE élèves · ElevesSansAdresses.xml · UAI 0382032C · année 2025-2026 · exporté le "
            "01 décembre 2025 à 08:00:00 · 3 élèves, 2 divisions · non utilisé") in render.text(r).splitlines()
    assert squash(root.find("p", cls="no-message").text) == (
        "Aucun message : les contrôles faits ne prévoient ni erreur ni alerte.")


# ================================================================================================
# the standalone document and the Règles page
def test_the_standalone_document_needs_nothing_external_and_no_script():
    html = render.standalone(samples.partial())
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"fr\">")
    root = dom(html)
    assert root.find_all("script") == [] and root.find_all("link") == []
    style = root.find("style").text
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    csp = root.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert csp.startswith(f"default-src 'none'; style-src 'sha256-{digest}'")
    assert "http://" not in html and "https://" not in html
    assert all("open" in d.attrs for d in root.find_all("details", cls="msg"))  # small: all shown
    assert root.find("section", id="regles") is not None
    assert root.find_all("div", cls="filters") == []


def test_every_rule_link_of_a_report_lands_on_the_regles_page():
    html = render.standalone([samples.partial(), samples.file_rejected()])
    root = dom(html)
    ids = {n.attrs["id"] for n in root.iter() if "id" in n.attrs}
    targets = {n.attrs["href"][1:] for n in root.find_all("a") if n.attrs["href"].startswith("#")}
    assert {"regle-S1", "regle-S2", "regle-B4", "regle-F19", "regle-T8"} <= targets
    assert targets <= ids


def test_the_standalone_document_shows_every_occurrence_of_a_large_report():
    html = render.standalone(samples.many(450))
    root = dom(html)
    assert len(root.find_all("tr", cls="occ")) == 450
    assert root.find_all("p", cls="more") == []
    assert all("open" not in d.attrs for d in root.find_all("details", cls="msg"))  # large: closed


def test_the_regles_page_lists_every_catalogued_check_with_its_level_and_certainty():
    cat = catalogue.load()
    root = dom(render.regles(cat))
    articles = root.find_all("article", cls="regle")
    assert [a.attrs["data-code"] for a in articles] == [c.code for c in cat.checks()]
    s1 = root.find("article", id="regle-S1")
    assert squash(s1.find("h4").text) == "S1 Elève non scolarisé"
    meta = s1.find("dl", cls="regle-meta").find("div")
    assert squash(meta.find("dt").text) == "Niveau"
    level = squash(meta.find("dd").text)
    assert level.startswith("✖ Bilan rejeté (")
    assert catalogue.certainty_legend(cat["S1"].level_source) in level   # the one legend (issue 10 item 3)
    f1 = root.find("article", id="regle-F1")
    assert squash(f1.find("dl", cls="regle-meta").find("dd").text) == (
        "✖ Fichier rejeté (déduit : de la documentation ou du code des éditeurs, à confirmer)")  # level_source "format"


def test_the_regles_page_shows_no_developer_notes_to_its_readers():
    # decisions carried "[inferred]", "(FORMAT.md §6.6)", XPaths and option names under « Précision
    # technique : choix de lsucheck » (issue 12 item 2): they are the developers' notes, kept in the
    # catalogue's JSON (--regles --format json), not shown to users
    page = render.regles()
    assert 'class="decision"' not in page and "Précision technique" not in page
    b6 = catalogue.load()["B6"].decision
    assert b6.startswith("Année scolaire du 1er août au 31 juillet") and b6[:60] not in page.replace("&#39;", "'")


def test_a_level_override_shows_on_the_regles_page():
    root = dom(render.regles(catalogue.load({"B4": "BILAN"})))
    meta = squash(root.find("article", id="regle-B4").find("dl", cls="regle-meta").find("dd").text)
    assert meta == ("✖ Bilan rejeté (déduit : de la documentation ou du code des éditeurs, à confirmer ; "
                    "niveau choisi par vous)")


def test_templates_load_from_a_zipped_package():
    """Pyodide may import the package from a zip: the templates come through importlib.resources."""
    tmp = pathlib.Path(__file__).parent / "__zip_test__.zip"
    try:
        with zipfile.ZipFile(tmp, "w") as z:
            for p in (ROOT / "py" / "lsucheck").rglob("*"):
                if p.is_file() and "__pycache__" not in p.parts:
                    z.write(p, p.relative_to(ROOT / "py").as_posix())
        code = ("import sys; sys.path.insert(0, sys.argv[1]); import lsucheck.render as r; "
                "assert r.__file__.startswith(sys.argv[1]), r.__file__; "
                "print(r.regles()[:35]); print(len(r.stylesheet()) > 100)")
        out = subprocess.run([sys.executable, "-c", code, str(tmp)], capture_output=True, text=True,
                             timeout=60, cwd="/")
        assert out.returncode == 0, out.stderr
        assert out.stdout == '<section id="regles" class="regles"\nTrue\n'
    finally:
        tmp.unlink(missing_ok=True)


def test_the_environment_is_built_once_with_autoescape_on():
    assert render.environment() is render.environment()
    assert render.environment().autoescape is True


# ================================================================================================
# CSV
def test_the_csv_has_a_bom_french_headers_and_one_row_per_occurrence():
    r = samples.partial()
    out = render.csv(r)
    assert out.startswith("\ufeffFichier;Verdict;Niveau;Code;Message;Contrôle;Type de bilan;Élève;Division;"
                          "Période;Discipline;Enseignant;Détail;Ligne\r\n")
    rows = list(csv_mod.reader(io.StringIO(out[1:]), delimiter=";"))
    assert len(rows) == 1 + 5
    assert rows[3] == ["import_lsu_20251215093000.xml", "Des bilans seraient rejetés", "Alerte", "B4",
                       "Appréciation manquante", "Appréciation manquante", "Bilans périodiques", "MARTIN Léa",
                       "4 A", "Trimestre 1 2025-2026", "MATHEMATIQUES (061300)", "Mme DURAND Anne (id STS 1234)",
                       "Appréciation vide.", "251"]


def test_the_csv_quotes_separators_and_defuses_formulas():
    r = samples.build([("B4", samples.occurrence('=HYPERLINK("x";"y")', "3;B", detail='dit "non"; puis\nrien',
                                                 line=3), 0)])
    out = render.csv(r)
    assert "\"'=HYPERLINK(\"\"x\"\";\"\"y\"\")\";\"3;B\"" in out
    rows = list(csv_mod.reader(io.StringIO(out[1:]), delimiter=";"))
    assert rows[1][7:10] == ["'=HYPERLINK(\"x\";\"y\")", "3;B", ""]
    assert rows[1][12] == 'dit "non"; puis\nrien'


def test_the_csv_of_several_reports_names_each_file():
    out = render.csv([samples.partial(), samples.build([("B4", samples.occurrence("A B", "5 C", line=2), 0)],
                                                       name="autre.xml")])
    rows = list(csv_mod.reader(io.StringIO(out[1:]), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["import_lsu_20251215093000.xml"] * 5 + ["autre.xml"]


# ================================================================================================
# text
def test_the_text_output_reads_like_the_lsu_report():
    out = render.text(samples.partial())
    lines = out.splitlines()
    assert lines[0] == "Bilans > Import > Rapport d'exécution (prévision de lsucheck)"
    assert "✖ DES BILANS SERAIENT REJETÉS" in lines
    assert "  2 bilans sur 8 seraient rejetés ; 6 seraient importés, dont 1 avec alerte(s)." in lines
    i = lines.index("Résumé                    Bilans périodiques    Bilans de fin de cycle")
    assert lines[i + 1:i + 6] == [
        "  Traités                                  6                         2",
        "  Importés                                 4                         2",
        "    dont avec succès                       3                         2",
        "    dont avec alerte(s)                    1                         0",
        "  Rejetés                                  2                         0",
    ]
    assert "Classes concernées par l'import : 3 B, 4 A" in lines
    assert "Messages — Tous (5)" in lines
    assert "✖ Elève non scolarisé (2) — Erreur : le bilan concerné serait rejeté" in lines
    assert "    - <script>alert(1)</script> Zoé · 3 B · Trimestre 1 2025-2026 · ligne 120" in lines
    assert "  - Il faut l'export STS-web (sts_emp_<UAI>_<année>.xml) : T1, T2, T3, T4, T5, T6, T7, T8" in lines
    assert lines[-1] == "du LSU. Il n'est pas opposable : seul le rapport d'exécution du LSU fait foi."


def test_the_text_output_never_starts_a_line_with_french_punctuation_nor_splits_a_division():
    # textwrap broke "… Causes fréquentes : export …" before ":" and "5 B" into "5" / "B"
    classes = tuple(f"{n} {c}" for n in (3, 4, 5, 6) for c in "ABCDEF")
    out = render.text(samples.build([], classes=classes)) + render.regles_text()
    lines = out.splitlines()
    assert not [ln for ln in lines if re.match(r"\s*[;:!?»]", ln)]
    assert not [ln for ln in lines if re.search(r"«$", ln)]
    listed = " ".join(ln for ln in lines if ln.startswith("Classes concernées") or re.match(r"\d ", ln))
    assert listed == "Classes concernées par l'import : " + ", ".join(classes)
    assert all(re.fullmatch(r"\d [A-F]", c) for ln in lines if ln.startswith("Classes concernées")
               for c in ln.split(" : ", 1)[1].rstrip(",").split(", ") if c)


def test_the_text_output_caps_long_lists():
    out = render.text(samples.many(120))
    assert out.count("Appréciation vide.") == 50
    assert "    … et 70 autres occurrences (toutes dans le rapport CSV ou HTML)." in out.splitlines()


def test_dates_are_written_in_french():
    assert render.french_datetime("2017-02-08T15:39:44+01:00") == "08 février 2017 à 15:39:44"
    assert render.french_datetime("2025-08-01T00:00:00") == "01 août 2025 à 00:00:00"
    assert render.french_datetime("2025-11-30") == "30 novembre 2025"
    assert render.french_datetime(None) == ""


def test_the_top_of_a_report_comes_in_one_order_input_findings_and_missing_exports_first():
    # issue 12 item 4: verdict, counters, input findings, missing exports, messages; then the rest
    occ = samples.occurrence
    r = samples.build([("B4", occ("MARTIN Léa", "3 B", detail="Appréciation vide.", line=10), 0),
                       ("C8", occ(detail="ElevesSansAdresses.xml est de l'année 2024-2025 : il n'est pas utilisé.",
                                  bilan=None), None)])
    html = render.fragment(r)
    marks = ['class="verdict ', 'class="counters"', 'id="report-inputs"', 'id="report-missing"',
             'id="report-messages"', 'id="report-not-run"', 'id="report-references"', 'id="report-file"']
    positions = [html.index(m) for m in marks]
    assert positions == sorted(positions)
    root = dom(html)
    inputs = root.find("section", id="report-inputs")
    assert [squash(li.text) for li in inputs.find_all("li")] == [
        "⚠ " + r.message("C8")["label"] + " : ElevesSansAdresses.xml est de l'année 2024-2025 : il n'est pas utilisé."]
    missing = root.find("section", id="report-missing")
    assert [squash(li.text) for li in missing.find_all("li")] == [
        "Il faut l'export STS-web (sts_emp_<UAI>_<année>.xml). (8 contrôles : T1, T2, T3, T4, T5, T6, T7, T8)"]


def test_the_files_own_software_gives_the_first_fix_and_the_others_are_folded():
    """Issue 12 item 1: the file's <application> decides which fix comes first, unfolded; the others
    are folded under « Autres logiciels »; PRONOTE first when the software is unknown."""
    import copy
    report = lsucheck.check(COLLEGE, options=Options(now=NOW))
    data = copy.deepcopy(report.to_dict())
    data["file"]["application"], data["file"]["editeur"] = "SACoche", "Sésamath"
    assert render.software_of(data["file"]) == "sacoche"
    assert render.software_of({"application": "PRONOTE 2025", "editeur": "Index Education"}) == "pronote"
    assert render.software_of({"application": "Enseignement", "editeur": None}) == "pronote"
    assert render.software_of({"application": "Skolengo", "editeur": None}) == "ent"
    sac = render.view(report.__class__(data))
    part = next(it for g in sac["groups"] for it in g["parts"] if len(it["fixes"]) > 1)
    assert part["fixes"][0][0] == "SACoche"
    html = render.standalone([report.__class__(data)])
    first = html.index("<dt>Dans SACoche</dt>")
    assert html.index('<details class="fixes-other"><summary>Autres logiciels</summary>', first) < html.index(
        "<dt>Dans PRONOTE</dt>", first)
    text = render.text([report])
    assert "    Autres logiciels :" in text
    assert text.index("Dans PRONOTE :") < text.index("Autres logiciels :")


@pytest.mark.parametrize("verdict,start,words", [
    ("succes", "Et maintenant : importez le fichier dans le LSU (menu Bilans › Import).",
     ("commencez par une seule classe", "ne l'interrompez pas")),
    ("alertes", "Et maintenant : importez le fichier dans le LSU (menu Bilans › Import). Les bilans avec alerte "
                "seront importés", ("lisez d'abord les alertes",)),
    ("rejets_partiels", "Et maintenant : corrigez les erreurs, dans l'ordre de ce rapport (une cause avant ses "
                        "conséquences) dans votre logiciel, refaites l'export, puis vérifiez le nouveau fichier ici",
     ("Les bilans sans erreur seraient importés",)),
    ("rejete", "Et maintenant : corrigez", ("le LSU refuserait tout le fichier",)),
])
def test_each_verdict_ends_with_the_next_step(verdict, start, words):
    """Issue 12 item 3: success says how to import (one class first, 30 minutes, not interrupted);
    rejections say in which order to fix, then to check again here; an unreadable file's own
    message says what to do."""
    assert render.next_step({"verdict": "illisible", "classes": [], "messages": []}) == ""
    d = {"verdict": verdict, "classes": ["3 A"], "messages": []}
    text = render.next_step(d)
    assert text.startswith(start) and all(w in text for w in words), text
    if verdict in ("succes", "alertes"):
        assert "(par exemple 3 A)" in text


def test_a_pdf_is_named_as_a_pdf_in_the_label_not_only_in_the_detail():
    # issue 12 item 5: a PDF given instead of the XML was « Fichier illisible : XML mal formé »
    from lsucheck import engine
    (r,) = engine.check_inputs([(b"%PDF-1.4\n1 0 obj<<>>endobj\n", "bulletins.pdf")], options=engine.Options())
    root = dom(render.fragment(r))
    group = root.find("details", cls="msg")
    assert squash(group.find("span", cls="msg-label").text) == "Fichier illisible : document PDF, pas un fichier XML"
    shown = re.sub(r"<script.*?</script>", "", render.fragment(r), flags=re.S)    # not the automation data
    assert "XML mal formé" not in shown and "XML mal formé" not in render.standalone(r).split('id="regles"')[0]
    assert "✖ Fichier illisible : document PDF, pas un fichier XML (1)" in render.text(r)
    # a file that is XML but broken keeps the catalogue's label
    (broken,) = engine.check_inputs([(b"<lsun-bilans><donnees>", "import_lsu_x.xml")], options=engine.Options())
    assert "Fichier illisible : XML mal formé" in render.fragment(broken)


def test_the_files_fingerprint_says_what_it_is_for():
    # issue 12: « Empreinte SHA-256 » was shown unexplained
    r = samples.partial()
    sha = dom(render.fragment(r)).find("div", cls="sha")
    assert squash(sha.find("dt").text) == "Empreinte du fichier"
    assert squash(sha.find("span", cls="sha-help").text) == (
        "(SHA-256 : la même empreinte sur le fichier que vous importez prouve que c'est bien le fichier vérifié ici)")
