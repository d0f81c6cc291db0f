"""Neutral structural problems (xsd/problems.py) and the lexical rules of the LSU's validator (the
JDK's): lengths in UTF-16 units, names by XML 1.0 4th edition."""
from __future__ import annotations

from lsucheck.xsd.problems import Problem, utf16_length, xml4_name


def test_a_length_counts_each_character_outside_the_bmp_twice_as_the_lsu_does():
    assert utf16_length("abc") == 3
    assert utf16_length("é") == 1
    assert utf16_length("😀") == 2 and utf16_length("é😀𝒜") == 5


def test_a_name_is_read_as_the_jdk_reads_it():
    assert xml4_name("EL_0001") and xml4_name("DI_FR")
    assert not xml4_name("ID_\uff11")      # a fullwidth digit: a name character for XML 5th ed. only
    assert not xml4_name("1EL")            # a name does not start with a digit


def test_a_problem_keeps_its_facts_as_pairs():
    p = Problem("too-long", None, attribute="appreciation", detail=(("length", 607), ("limit", 600)))
    assert p.facts() == {"length": 607, "limit": 600} and p.expected == () and p.value is None
