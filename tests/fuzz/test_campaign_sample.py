"""The CI sample of the fuzz campaign (issue 16 item 1): 500 seeded cases — byte, XML-aware and
semantic mutations of three generated collèges and of the ministry's sample, mutated SIECLE /
Nomenclature / Communs / STS-web exports, zips, hostile files — in forked processes; and 4 of
them through the command line (``python3 -m lsucheck``) in each of the four formats (json, html,
csv, text): exit code 0, 1 or 2, UTF-8, French, the JSON Schema. Cost: ≈ 21 s on an idle 2-core
machine (the 16 CLI runs ≈ 4 s of it), ≈ 35 s beside the rest of the suite under pytest-xdist. The full campaign runs from the command: ``python3 -m tests.fuzz --cases 10000
--seed 1`` (it prints the table, times and memory too; ``--start`` and ``--merge`` split it).

Time and memory are measured and printed, not asserted (no timed assertion in the suite)."""
from __future__ import annotations

from . import campaign as campaign_mod
from .campaign import campaign, faults
from .campaign import table as campaign_table

SEED = 16


def test_500_mutated_inputs_give_no_crash_no_internal_error_and_valid_french_reports(monkeypatch, table):
    monkeypatch.setattr(campaign_mod, "SCHEMA_OCCURRENCES", 20)  # the first 20 and the last of each message
    results = campaign(500, SEED, cli_every=125)
    table(f"Fuzz: {len(results)} cases, seed {SEED}", campaign_table(results))
    cli = [r for r in results if r["family"] == "cli"]
    assert len(results) - len(cli) == 500
    assert {r["family"] for r in results} == {"octets", "xml", "semantique", "reference", "zip", "hostile", "cli"}
    assert sorted(r["kind"].split(":")[0] for r in cli) == sorted(["json", "html", "csv", "text"] * 4)
    assert {r["exit"] for r in cli} <= {0, 1, 2}
    bad = {r["id"]: [f for f in faults(r) if not f.startswith(("temps", "mémoire"))] for r in results}
    assert {k: v for k, v in bad.items() if v} == {}
    # every case was checked to the end: a verdict per report (the CLI's in its JSON)
    assert all(r.get("verdicts") for r in results if r["family"] != "cli" or r["kind"].startswith("json"))
