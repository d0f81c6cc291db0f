"""What lsucheck raises when it cannot check a file (errors.py): a French message, its code, and
the engine turns it into an « illisible » report, never a traceback."""
from __future__ import annotations

import lsucheck
from lsucheck.errors import HostileInputError, LsucheckError, NotLsuError, TooLargeError, UnreadableError


def test_every_error_carries_its_code_and_where():
    assert [cls("m").code for cls in (UnreadableError, HostileInputError, TooLargeError)] == ["F1"] * 3
    e = NotLsuError("Ce fichier est un export SIECLE.", kind="siecle_eleves", line=2, column=5)
    assert (e.code, e.kind, e.line, e.column, e.message, str(e)) == (
        "F2", "siecle_eleves", 2, 5, "Ce fichier est un export SIECLE.", "Ce fichier est un export SIECLE.")
    assert LsucheckError("m", code="F4").code == "F4"


def test_the_engine_turns_an_error_into_an_illisible_report_with_its_french_message():
    report = lsucheck.check(b"<?xml version='1.0'?><!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>", name="a.xml")
    assert report.verdict == "illisible" and report.exit_code == 2
    (message,) = [m for m in report.data["messages"] if m["code"] == "F1"]
    assert message["occurrences"][0]["detail"].startswith("Fichier refusé")
