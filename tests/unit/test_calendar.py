"""School years, dates and their French formats: one module (issue 9 item 2), the end of the
school year stated once (31 July), exports read with a month's grace (31 August)."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from lsucheck import calendar


@pytest.mark.parametrize("day,year", [((2025, 7, 31), 2024), ((2025, 8, 1), 2025), ((2026, 7, 31), 2025),
                                      ((2026, 8, 1), 2026)])
def test_a_school_year_ends_on_31_july(day, year):
    assert calendar.school_year_of(date(*day)) == year
    assert calendar.school_year_of(datetime(*day, 10, 30)) == year


def test_exports_of_a_year_are_expected_until_the_august_after_it():
    assert calendar.school_year_bounds(2025) == (date(2025, 8, 1), date(2026, 7, 31))
    assert calendar.export_window(2025) == (date(2025, 8, 1), date(2026, 8, 31))


@pytest.mark.parametrize("value,label", [(2025, "2025-2026"), ("2025", "2025-2026"), (" 2024 ", "2024-2025"),
                                         ("²⁰²⁵", "²⁰²⁵"), ("x", "x")])
def test_a_school_year_is_named_by_its_two_calendar_years(value, label):
    assert calendar.year_label(value) == label


@pytest.mark.parametrize("value,day", [
    ("2025-09-01", date(2025, 9, 1)), ("2025-09-01+02:00", date(2025, 9, 1)), (" 2025-09-01", date(2025, 9, 1)),
    ("01/09/2025", date(2025, 9, 1)), ("2025-02-30", None), ("", None), (None, None), ("٢٠٢٥-٠٩-٠١", None)])
def test_one_parser_reads_the_lsu_siecle_and_sts_dates(value, day):
    assert calendar.lsu_date(value) == day


def test_dates_are_written_as_french_users_write_them():
    assert calendar.fr_date(date(2025, 9, 1)) == "01/09/2025"
    assert calendar.fr_date(None) == "date non indiquée"   # never « ? » (issue 16 item 3)
