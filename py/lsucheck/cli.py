"""Command line: ``python -m lsucheck FILE... [--format text|json|html|csv] [-o OUT] [--xsd FILE]``."""
from __future__ import annotations

import argparse
import json
import sys

from .engine import Options, check_inputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lsucheck", description="Prévoit le rapport d'exécution d'un import LSU.")
    parser.add_argument("files", nargs="+")
    parser.add_argument("--format", choices=["json"], default="json")
    args = parser.parse_args(argv)
    reports = check_inputs(args.files, options=Options())
    out = [r.to_dict() for r in reports]
    json.dump(out[0] if len(out) == 1 else out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return max(r.exit_code for r in reports)
