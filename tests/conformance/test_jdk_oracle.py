"""lsucheck gives the verdict of the JDK's validator — most probably the LSU's own
(``javax.xml.validation``) — on lexical edge cases where validators differ (issue 11).

Oracle: the JDK with the OFFICIAL 10.0 XSD (../shared). xmlschema is a second oracle: where the two
disagree the case is printed in a table (what, JDK, xmlschema, lsucheck) and lsucheck must follow
the JDK. Bases: the derived 10.0 sample and a generated school."""
from __future__ import annotations

import io
from collections import Counter

import pytest
import xmlschema

import lsucheck
from lsucheck.engine import Options
from lsucheck.parsing import Source, parse

from ..conftest import NOW
from .jdk import oracle as jdk_oracle
from .lexical import cases as lexical_cases
from .mutations import XMLSCHEMA_CACHE
from .test_differential import STRUCTURE_CODES, school_bytes

pytestmark = pytest.mark.conformance


@pytest.fixture(scope="module")
def jdk(tmp_path_factory):
    if not jdk_oracle.available():
        pytest.fail("javac/java missing: tests/run-all.sh installs default-jdk-headless")
    return jdk_oracle.Jdk(tmp_path_factory.mktemp("jdk"))


@pytest.fixture(scope="module")
def lexical(sample_10):
    out = lexical_cases(sample_10.read_bytes(), "sample")
    school = school_bytes()
    if school is not None:
        out += lexical_cases(school, "school")
    return out


def _lsucheck_invalid(data: bytes) -> bool:
    report = lsucheck.check(data, name="x.xml", options=Options(now=NOW))
    return any(m["code"] in STRUCTURE_CODES | {"F1", "F2"} and m["level"] == "FICHIER"
               for m in report.messages) or report.verdict == "illisible"


def _xmlschema_verdict(oracle, data: bytes) -> str:
    try:
        tree = parse(Source.from_bytes(data))
    except lsucheck.LsucheckError if hasattr(lsucheck, "LsucheckError") else Exception:
        return "illisible"
    try:
        return "valide" if oracle.is_valid(tree.root) else "invalide"
    except Exception as exc:  # xmlschema raises on some inputs (unknown xsi:type)
        return f"exception ({type(exc).__name__})"


def _what(case) -> str:
    """The kind of a lexical case, without the field it was applied to (the table's first column)."""
    if case.ident.split("-")[1] in ("f", "t", "b"):
        where, _, variant = case.description.rpartition(": ")
        kind = {"f": "attribut", "t": "texte", "b": "entre éléments"}[case.ident.split("-")[1]]
        return f"{kind} : {variant}"
    return case.description


def test_the_lexical_corpus_covers_both_bases_and_both_verdicts(lexical, jdk, official_xsd):
    verdicts = jdk.verdicts(official_xsd, {c.ident: c.data for c in lexical})
    # issue 11 item 2: at least 3,000 lexical cases beside the other mutations, on two bases
    by_base = Counter(c.ident.split("-")[0] for c in lexical)
    assert set(by_base) == {"sample", "school"} and sum(by_base.values()) >= 3000, by_base
    assert min(by_base.values()) >= 1000, by_base
    valid = sum(1 for v, _ in verdicts.values() if v)
    assert 0 < valid < len(lexical)


def _xmlschema_verdicts(xsd: bytes, lexical) -> dict[str, str]:
    """{ident: "valide" | "invalide" | "illisible" | "exception (…)"}, cached by the sha256 of the XSD and
    of the file like the differential suite's verdicts (xmlschema was 90 % of this suite's time)."""
    compiled = []

    def oracle(files: dict[str, bytes]) -> dict[str, tuple[bool, str]]:
        if not compiled:
            compiled.append(xmlschema.XMLSchema(io.BytesIO(xsd), allow="none", defuse="always"))
        return {name: (v == "valide", v) for name, data in files.items()
                for v in [_xmlschema_verdict(compiled[0], data)]}
    cached = XMLSCHEMA_CACHE.verdicts(xsd, {c.ident: c.data for c in lexical}, oracle)
    return {name: ("valide" if valid else said) for name, (valid, said) in cached.items()}


def test_lsucheck_follows_the_jdk_on_every_lexical_case(lexical, jdk, official_xsd, table):
    verdicts = jdk.verdicts(official_xsd, {c.ident: c.data for c in lexical})
    others = _xmlschema_verdicts(official_xsd.read_bytes(), lexical)
    grouped: dict = {}   # (what, JDK, xmlschema, lsucheck) → (count, first case)
    failures = []
    for c in lexical:
        jdk_valid, error = verdicts[c.ident]
        ours_invalid = _lsucheck_invalid(c.data)
        other = others[c.ident]
        if other != ("valide" if jdk_valid else "invalide"):
            key = (_what(c), "valide" if jdk_valid else "invalide", other,
                   "invalide" if ours_invalid else "valide")
            n, first = grouped.get(key, (0, c.ident))
            grouped[key] = (n + 1, first)
        if ours_invalid == jdk_valid:
            failures.append(f"{c.ident} ({c.description}): JDK {'valid' if jdk_valid else 'invalid'} "
                            f"{error[:120]}, lsucheck {'invalid' if ours_invalid else 'valid'}")
    rows = [f"{what:<44} JDK {j:<9} xmlschema {x:<22} lsucheck {o:<9} {n:5d}  (ex. {first})"
            for (what, j, x, o), (n, first) in sorted(grouped.items())]
    table(f"JDK ≠ xmlschema on {sum(n for n, _ in grouped.values())} of {len(lexical)} lexical cases "
          "(what, JDK, xmlschema, lsucheck, how many)", "\n".join(rows))
    assert failures == [], f"{len(failures)} divergences from the JDK:\n" + "\n".join(failures[:30])
    # the known disagreements are there: a non-breaking space between elements, an emoji at the limit
    assert any("nbsp between" in row for row in rows)
    assert any("astral-999+1" in row or "astral-995+5" in row for row in rows)
