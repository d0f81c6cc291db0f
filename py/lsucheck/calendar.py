"""School years, dates and their French formats: the one place for them.

A school year is named by its first calendar year, as the LSU's millésime does: 2025 is the
school year 2025-2026 (``year_label(2025)`` → "2025-2026").

The end of the school year, stated once: a school year runs from 1 August to 31 July.
Why 31 July: the LSU's millésime Y covers the bilans of the year that begins in September Y and
whose classes end in early July Y+1; its campaigns close before the summer and SIECLE switches to
the next year (its "bascule") over the summer. 1 August is the first day that belongs to no
class of the old year, so dates from 1 August belong to the next school year (B6's frame, B17's
"année du jour"). Exports are another matter: a school still exports last year's bilans or
references in August, before the bascule, so a file's *export date* is read with a grace period
of one month after the end of the year (EXPORT_GRACE: until 31 August, C5). That month is not a
second end of the year: it is the time left to export the year that ended.

Dates come in two shapes: ``yyyy-mm-dd`` (LSU's xs:date, STS-web) and ``dd/mm/yyyy`` (SIECLE);
:func:`parse_date` reads both, with ASCII digits only (a « ٠٢/٠٩/٢٠٢٤ » is not a date).
French users read them as ``dd/mm/yyyy`` (:func:`fr_date`).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

#: The first day of a school year (month, day) and its last; see the module's docstring.
YEAR_START = (8, 1)
YEAR_END = (7, 31)
#: How long after the end of a school year its exports are still expected (C5).
EXPORT_GRACE = timedelta(days=31)

_DATE_FR = re.compile(r"^\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_DATE_ISO = re.compile(r"^\s*([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")


def ascii_int(value) -> int | None:
    """The number written with the digits 0-9 only (spaces around allowed), else None.

    Every year, date part or count lsucheck reads goes through here (or an ASCII regex): Python's
    ``str.isdigit()`` and ``int()`` also take « ²⁰²⁵ » or « ٢٠٢٥ », which the LSU does not read as 2025."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip() if value is not None else ""
    return int(text) if text and text.isascii() and text.isdigit() else None


# ---- school years ---------------------------------------------------------------------------
def school_year_of(day: date | datetime) -> int:
    """The school year (its first calendar year) a day falls in: 1 August … 31 July."""
    return day.year if (day.month, day.day) >= YEAR_START else day.year - 1


def school_year_bounds(year: int) -> tuple[date, date]:
    """The first and last days of school year ``year`` (``year``-``year+1``): 1 August … 31 July."""
    return date(year, *YEAR_START), date(year + 1, *YEAR_END)


def export_window(year: int) -> tuple[date, date]:
    """The days an export of school year ``year`` may be made: the year, plus EXPORT_GRACE."""
    start, end = school_year_bounds(year)
    return start, end + EXPORT_GRACE


def year_label(year) -> str:
    """``2025`` or ``"2025"`` → "2025-2026"; what is not a year is returned as written."""
    first = ascii_int(year)
    if first is None:
        return str(year)
    return f"{first}-{first + 1}"


# ---- dates ----------------------------------------------------------------------------------
def parse_date(value: str | None) -> date | None:
    """``dd/mm/yyyy`` (SIECLE) or ``yyyy-mm-dd`` (STS, LSU); None when empty or unreadable."""
    if not value:
        return None
    try:
        m = _DATE_FR.match(value)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _DATE_ISO.match(value)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def parse_datetime(value: str | None) -> datetime | None:
    """``dd/mm/yyyy hh:mm:ss`` (SIECLE HORODATAGE) or ISO; the time is optional."""
    day = parse_date(value)
    if day is None:
        return None
    m = _TIME.search(value[10:]) if value else None
    if m:
        try:
            return datetime(day.year, day.month, day.day, int(m.group(1)), int(m.group(2)),
                            int(m.group(3) or 0))
        except ValueError:
            pass
    return datetime(day.year, day.month, day.day)


def lsu_date(value: str | None) -> date | None:
    """An LSU ``xs:date`` (``yyyy-mm-dd``, maybe with a time zone), or None when unreadable:
    reading it is the schema's business (F16), the checks only skip what they cannot read."""
    if not value:
        return None
    return parse_date(value.strip()[:10])


def fr_date(day: date | datetime | None) -> str:
    """A date as French users write it: 01/09/2025 (« date non indiquée » when unknown)."""
    return day.strftime("%d/%m/%Y") if day else "date non indiquée"
