"""How many plain benchmark submissions the outcome classifier would raise to HIGH: its HIGH score
on the seeded corpus of `benchmarks/corpus.py` (no gold outcome; most are intelligence notes), per
model directory, counted at each bar.

    python -m benchmarks.high_scores models/learned [OTHER_MODEL_DIR ...] --size 300

Also prints the score of one plain note with a plate and a phone number and nothing urgent
(PLAIN_NOTE), a quick check of how flat the scores are on short texts, and how many of the
submissions (and whether the plain note) the whole pipeline with that model actually raises to
HIGH on the classifier's word: the classifier's HIGH needs the pipeline's bar and, by default, a
risk category, a time word or a clock time in the text (`learned_high_needs_support`)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from benchmarks.corpus import generate_submissions
from pipeline.cpi import CpiPipeline, PipelineSettings
from pipeline.learned import LearnedModel, LearnedModelError
from pipeline.model import ModelConfig, load_nlp
from pipeline.submissions import Submission

PARAMS = Path(__file__).resolve().parent.parent / "params.yaml"
PLAIN_NOTE = "Tom Reilly was at Havant Park with a black VW Golf HN19 XKD. His number is 07700 900123."


def high_scores(nlp, model_dir: Path, texts: list[str]) -> list[float]:
    model = LearnedModel.load(nlp, model_dir, ("outcome",))
    return [r.outcome_scores["HIGH"] for r in model.read_many(list(nlp.pipe(texts)), categories=False)]


def raised_to_high(model_dir: Path, texts: list[str]) -> list[bool]:
    """Whether the default pipeline with this learned model raises each text to HIGH on the
    outcome classifier's word (no HIGH rule fired)."""
    cpi = CpiPipeline.load(settings=replace(PipelineSettings.from_params(PARAMS), learned_model=str(model_dir)))
    records = cpi.pipe(Submission(f"b{i}", text) for i, text in enumerate(texts))
    return [isinstance(r, dict) and r["outcome"] == "HIGH" and r.get("outcome_by") == "learned" for r in records]


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
        raised = raised_to_high(model_dir, texts)
        print(f"{model_dir}: of {args.size} benchmark submissions, HIGH score reached {counts}; "
              f"the plain note scores {scores[-1]:.2f}; the pipeline raises {sum(raised[:-1])} of them to HIGH "
              f"on the classifier's word, and the plain note {'too' if raised[-1] else 'not'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
