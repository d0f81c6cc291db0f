"""The campaign checks its cases in batches, one forked process each (``campaign.run_batch``): a
case that crashes its process or hangs is recorded as such, alone, and the others of its batch are
checked all the same; each case's peak memory is its own."""
from __future__ import annotations

import os
import time

from . import campaign as C


def _cases(n: int) -> list[C.Case]:
    lsu = b'<?xml version="1.0" encoding="UTF-8"?><lsun-bilans/>'
    return [C.Case(f"essai-{i}", "xml", "essai", "essai", (lsu, "import_lsu_20260101120000.xml"), [])
            for i in range(n)]


def test_a_crash_and_a_hang_are_recorded_for_their_case_and_the_others_are_checked(monkeypatch):
    checked = C.run_in_process

    def run(case):
        if case.ident == "essai-2":
            os._exit(3)            # the process dies, as a hard crash in a C library would
        if case.ident == "essai-4":
            time.sleep(30)         # a hang
        return checked(case)
    monkeypatch.setattr(C, "run_in_process", run)
    results = C.run_batch(_cases(6), timeout=1)
    assert [r["id"] for r in results] == [f"essai-{i}" for i in range(6)]
    assert results[2]["crash"] == "processus terminé sans résultat (statut 768)"
    assert results[4]["crash"] == "arrêté après 1 s"
    assert all(r["crash"] is None and r["verdicts"] == ["illisible"] for i, r in enumerate(results) if i not in (2, 4))


def test_each_case_of_a_batch_measures_its_own_peak_memory(monkeypatch):
    checked = C.run_in_process

    def run(case):
        result = checked(case)
        if case.ident == "essai-0":   # after its measure: 200 Mo touched, then freed
            big = bytearray(200 * 1024 * 1024)
            big[::4096] = b"x" * len(big[::4096])
            del big
        return result
    monkeypatch.setattr(C, "run_in_process", run)
    first, second = C.run_batch(_cases(2))
    # without the reset, the second case's peak would be the first one's 200 Mo
    assert first["mem"] < 20 * 1024 * 1024 and second["mem"] < 20 * 1024 * 1024, (first["mem"], second["mem"])
