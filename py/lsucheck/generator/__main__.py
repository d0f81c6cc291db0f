"""``python -m lsucheck.generator --seed 1 --annee 2025 --taille college [--faults B10,F19] -o OUTDIR``

Writes ``import_lsu_<horodatage>.xml`` (the time stamp derives from the seed), the school's
reference exports (SIECLE ElevesSansAdresses, Nomenclature, Communs; STS-web sts_emp: see
``references.py``) unless ``--sans-references``, and, when faults are planted, ``attendu.json``
listing the findings a checker must report.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

from . import SIZES, generate_school


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lsucheck.generator",
        description="Génère un collège fictif (élèves, bilans périodiques et de fin de cycle) et "
                    "son fichier d'import LSU, avec des défauts plantés à la demande.")
    parser.add_argument("--seed", type=int, default=0, help="graine (même graine → même fichier)")
    parser.add_argument("--annee", type=int, default=2025,
                        help="année scolaire, première année (2025 pour 2025-2026)")
    parser.add_argument("--taille", choices=sorted(SIZES), default="college")
    parser.add_argument("--faults", default="",
                        help="codes des défauts à planter, séparés par des virgules (ex. B10,F19)")
    parser.add_argument("--sans-references", action="store_true",
                        help="n'écrit pas les fichiers SIECLE et STS-web")
    parser.add_argument("-o", "--output", default=".", help="dossier de sortie")
    args = parser.parse_args(argv)

    faults = [c.strip().upper() for c in args.faults.split(",") if c.strip()]
    from .faults import FAULTS
    unknown = [c for c in faults if c not in FAULTS]
    if unknown:
        parser.error(f"défaut inconnu : {', '.join(unknown)} (connus : {', '.join(FAULTS)})")
    t0 = time.perf_counter()
    try:
        school = generate_school(args.seed, args.annee, taille=args.taille, faults=faults)
    except ValueError as exc:  # a fault that this school cannot carry (no EPI in a 6e-only school…)
        parser.error(f"impossible de planter ces défauts dans ce collège : {exc}")
    data = school.lsu_xml()
    out = pathlib.Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    path = out / school.file_name
    path.write_bytes(data)
    written = [path]
    if school.expected:
        attendu = out / "attendu.json"
        attendu.write_text(json.dumps([e.to_dict() for e in school.expected], ensure_ascii=False, indent=2)
                           + "\n", encoding="utf-8")
        written.append(attendu)
    if not args.sans_references:
        from .references import reference_files
        for name, content in reference_files(school).items():
            ref = out / name
            ref.write_bytes(content)
            written.append(ref)
    elapsed = time.perf_counter() - t0
    print(f"{school.nom} (UAI {school.uai}), année {school.annee}-{school.annee + 1} : "
          f"{_n(len(school.divisions), 'division')}, {_n(len(school.eleves), 'élève')}, "
          f"{_n(len(school.bilans_periodiques), 'bilan périodique', 'bilans périodiques')}, "
          f"{_n(len(school.bilans_cycle), 'bilan de fin de cycle', 'bilans de fin de cycle')} "
          f"({len(data) / 1e6:.1f} Mo, {elapsed:.1f} s)")
    for p in written:
        print(f"  {p}")
    return 0


def _n(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n <= 1 else (many or one + 's')}"


if __name__ == "__main__":
    sys.exit(main())
