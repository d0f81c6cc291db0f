"""The generated school's calendar: the rentrée, the periods and their conseils de classe.

The lowest layer of the generator with ``vocabulary`` (it imports nothing of the package):
``builder`` draws the school on it, ``references`` dates the exports with it."""
from __future__ import annotations

from datetime import date, timedelta


def rentree(annee: int) -> date:
    """The first school day: 1 September, or the Monday after when it falls on a week-end."""
    d = date(annee, 9, 1)
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _weekday_on_or_after(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def calendrier(annee: int, nb_periodes: int) -> list[tuple[date, date, date]]:
    """(début, fin, first day of the conseils de classe) of each period of the school year.

    Trimestres: T1 rentrée → 30 Nov, conseils early December; T2 → end of February, conseils
    mid-March; T3 → early July, conseils early June. Semestres: S1 → 31 January, conseils early
    February. Other counts split September–June evenly."""
    start = rentree(annee)
    end = date(annee + 1, 7, 4)
    if nb_periodes == 3:
        return [(start, date(annee, 11, 30), _weekday_on_or_after(date(annee, 12, 1))),
                (date(annee, 12, 1), date(annee + 1, 3, 1) - timedelta(days=1),
                 _weekday_on_or_after(date(annee + 1, 3, 9))),
                (date(annee + 1, 3, 1), end, _weekday_on_or_after(date(annee + 1, 6, 1)))]
    if nb_periodes == 2:
        return [(start, date(annee + 1, 1, 31), _weekday_on_or_after(date(annee + 1, 2, 2))),
                (date(annee + 1, 2, 1), end, _weekday_on_or_after(date(annee + 1, 6, 1)))]
    n = max(1, int(nb_periodes))
    span = (date(annee + 1, 6, 20) - start).days
    out = []
    for i in range(n):
        debut = start + timedelta(days=span * i // n)
        fin = (start + timedelta(days=span * (i + 1) // n) - timedelta(days=1)) if i < n - 1 else end
        conseil = _weekday_on_or_after(min(fin, date(annee + 1, 6, 20)) - timedelta(days=10))
        out.append((debut, fin, conseil))
    return out


def _conseil_day(first: date, k: int) -> date:
    """The k-th school day from ``first`` (one conseil de classe per division)."""
    d = first
    for _ in range(k):
        d += timedelta(days=1)
        while d.weekday() >= 5:
            d += timedelta(days=1)
    return d


def year_end(annee: int) -> date:
    """The last day of the school year (the end of its last trimestre)."""
    return calendrier(annee, 3)[-1][1]
