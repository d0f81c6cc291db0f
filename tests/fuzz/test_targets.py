"""The worst-case benchmark (tests/benchmark/bench.py --worst) judges each row with the campaign's
own targets (over_time, over_memory): CPU ≤ max(2 s, 0.2 s per Mo), memory growth ≤ 8 × the file
+ 64 Mo."""
from __future__ import annotations

from tests.benchmark import bench

MB = 1024 * 1024


def _row(shape, size, cpu, grow):
    return {"shape": shape, "n": 1, "size": size, "cpu": cpu, "per10": 0.0, "rss": grow, "grow": grow,
            "ratio": grow / size, "verdict": "rejete", "exponent": None,
            "target": bench.meets_target(size, cpu, grow)}


def test_a_row_meets_the_target_up_to_each_limit_and_not_beyond():
    assert bench.meets_target(MB, 2.0, 8 * MB + 64 * MB)
    assert not bench.meets_target(MB, 2.01, 0)                  # 2 s for any file under 10 Mo
    assert bench.meets_target(20 * MB, 4.0, 0) and not bench.meets_target(20 * MB, 4.01, 0)   # 0.2 s per Mo
    assert not bench.meets_target(MB, 0.1, 8 * MB + 64 * MB + 1)


def test_the_table_says_oui_or_non_per_row_and_how_many_rows_are_over():
    table = bench.worst_table([_row("a", MB, 0.5, 10 * MB), _row("b", MB, 0.5, 100 * MB),
                               _row("c", MB, 3.0, 0)]).splitlines()
    assert table[0].endswith("| exposant | cible")
    assert [line.rsplit(" | ", 1)[1] for line in table[2:5]] == ["oui", "NON", "NON"]
    assert table[5] == ("2 lignes sur 3 au-delà de la cible (CPU ≤ max(2 s, 0,2 s par Mo), croissance de la "
                        "mémoire ≤ 8 × le fichier + 64 Mo)")
