"""What the cross-validation tools share: refusing the held-out set, reading the records to deal
into folds, and dealing them the same way on every run."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Callable, Sequence


class FoldError(Exception):
    """A gold file that cannot be cross-validated; the message names the file and the reason."""


def folds_of(ids: list[str], folds: int, seed: int) -> list[list[str]]:
    """The ids dealt into `folds` folds after a seeded shuffle (the same folds on every run)."""
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    return [shuffled[k::folds] for k in range(folds)]


def records_to_fold(gold: Sequence[Path], folds: int, keep: Callable[[dict], bool] = lambda r: True) -> list[dict]:
    """The records of the last gold file that `keep` accepts; the held-out set is never trained on."""
    if any("heldout" in str(g) for g in gold):
        raise FoldError("the held-out set is for measuring only; do not train on it")
    try:
        with Path(gold[-1]).open(encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
    except (OSError, json.JSONDecodeError) as err:
        raise FoldError(f"{gold[-1]}: cannot read ({type(err).__name__})") from None
    records = [r for r in records if keep(r)]
    if len(records) < folds:
        raise FoldError(f"{gold[-1]}: {len(records)} records to deal, fewer than --folds")
    return records


def fold_parser(prog: str, description: str, *, folds: int, what: str) -> argparse.ArgumentParser:
    """The arguments every cross-validation tool takes: gold files, --folds, --seed, --work."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("gold", type=Path, nargs="+", help="gold JSONL files to train on; the last one is cross-validated")
    parser.add_argument("--folds", type=int, default=folds, help="number of folds (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the shuffle that makes the folds (default: %(default)s)")
    parser.add_argument("--work", type=Path, required=True, help=f"directory for the fold {what} (reused when present)")
    return parser
