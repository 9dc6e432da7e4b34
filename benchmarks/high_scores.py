"""How many plain benchmark submissions the outcome classifier would raise to HIGH: its HIGH score
on the seeded corpus of `benchmarks/corpus.py` (no gold outcome; most are intelligence notes), per
model directory, counted at each bar.

    python -m benchmarks.high_scores models/learned [OTHER_MODEL_DIR ...] --size 300

Also prints the score of one plain note with a plate and a phone number and nothing urgent
(PLAIN_NOTE), a quick check of how flat the scores are on short texts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.corpus import generate_submissions
from pipeline.learned import LearnedModel, LearnedModelError
from pipeline.model import ModelConfig, load_nlp

PLAIN_NOTE = "Tom Reilly was at Havant Park with a black VW Golf HN19 XKD. His number is 07700 900123."


def high_scores(nlp, model_dir: Path, texts: list[str]) -> list[float]:
    model = LearnedModel.load(nlp, model_dir, ("outcome",))
    return [r.outcome_scores["HIGH"] for r in model.read_many(list(nlp.pipe(texts)), categories=False)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.high_scores", description=__doc__.split("\n\n")[0])
    parser.add_argument("models", type=Path, nargs="+", help="learned model directories (each with outcome*/)")
    parser.add_argument("--size", type=int, default=300, help="benchmark submissions to score (default: %(default)s)")
    parser.add_argument("--bars", default="0.3,0.4,0.5", help="bars to count at, comma-separated (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        bars = [float(b) for b in args.bars.split(",")]
    except ValueError:
        parser.error(f"--bars: numbers between 0 and 1, got {args.bars!r}")
    nlp = load_nlp(ModelConfig.from_yaml())
    texts = [r["text"] for r in generate_submissions(args.size)] + [PLAIN_NOTE]
    for model_dir in args.models:
        try:
            scores = high_scores(nlp, model_dir, texts)
        except LearnedModelError as err:
            print(f"error: {model_dir}: {err}", file=sys.stderr)
            return 2
        counts = ", ".join(f"{sum(s >= bar for s in scores[:-1])} at {bar:g}" for bar in bars)
        print(f"{model_dir}: of {args.size} benchmark submissions, HIGH score reached {counts}; "
              f"the plain note scores {scores[-1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
