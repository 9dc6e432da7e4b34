"""Cross-validate the learned outcome classifier: how the rules' outcome raised by it does, at each
HIGH bar, on records the classifier was not trained on.

    python -m benchmarks.outcome_cv data/samples/gold.jsonl data/samples/dev_handwritten.jsonl \\
        --folds 4 --seed 7 --work /tmp/outcome_cv

The records of the last gold file are shuffled (--seed) and dealt into --folds folds. For each
fold an outcome classifier (the three-member ensemble of `models/learned/outcome*`, training
seed 1) is trained on every other record of the gold files into WORK/fold<k>, and reused from
there on a later run. Each fold is then scored by the classifier trained without it, and the rules'
outcome (every learned part off) is raised by it as the pipeline does, with params.yaml's bar for
CRIME and SAFEGUARDING and each --high-bars value for HIGH. Printed per HIGH bar: outcome
accuracy, HIGH cases given a less urgent outcome and other cases given HIGH; then the classifier's
HIGH score for each HIGH case the rules alone give less. The rules have been tuned on most dev
records, so they do better here than on unseen text: the figures compare bars, they are not an
estimate of accuracy."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace
from pathlib import Path

from benchmarks.folds import FoldError, fold_parser, folds_of, records_to_fold
from pipeline.cpi import CpiPipeline, PipelineSettings
from pipeline.learned import LearnedModel, train
from pipeline.model import ModelConfig, load_nlp
from pipeline.submissions import Submission
from pipeline.triage import OUTCOMES, _raise_outcome

PARAMS = Path(__file__).resolve().parent.parent / "params.yaml"


def raised(rules_outcome: str, scores: dict[str, float], high_bar: float, other_bar: float) -> str:
    bars = {o: high_bar if o == "HIGH" else other_bar for o in OUTCOMES}
    return _raise_outcome(rules_outcome, (), scores, bars, ("HIGH", "CRIME", "SAFEGUARDING"))[0]


def main(argv: list[str] | None = None) -> int:
    parser = fold_parser("python -m benchmarks.outcome_cv", __doc__.split("\n\n")[0], folds=4, what="models")
    parser.add_argument("--high-bars", default="0.3,0.4,0.5,0.6,0.7",
                        help="HIGH bars to compare, comma-separated (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        bars = [float(b) for b in args.high_bars.split(",")]
    except ValueError:
        parser.error(f"--high-bars: numbers between 0 and 1, got {args.high_bars!r}")
    if args.folds < 2:
        parser.error("--folds must be at least 2")
    try:
        records = records_to_fold(args.gold, args.folds, keep=lambda r: r.get("outcome") in OUTCOMES)
    except FoldError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

    settings = PipelineSettings.from_params(PARAMS)
    nlp = load_nlp(ModelConfig.from_yaml())
    rules = CpiPipeline(nlp, settings=replace(settings, learned_model="off"))
    rules_outcome = {rec["id"]: rec["outcome"] for rec in rules.pipe(Submission(r["id"], r["text"]) for r in records)}
    by_id = {r["id"]: r for r in records}
    scores: dict[str, dict[str, float]] = {}
    for k, fold in enumerate(folds_of(list(by_id), args.folds, args.seed)):
        model_dir = args.work / f"fold{k}"
        if not (model_dir / "outcome").is_dir():
            print(f"training fold {k + 1} of {args.folds} without its {len(fold)} records -> {model_dir}", file=sys.stderr)
            with contextlib.redirect_stdout(sys.stderr):  # spaCy's training log stays off the report
                train(args.gold, model_dir, parts=("outcome",), seed=1, exclude_ids=fold)
        model = LearnedModel.load(nlp, model_dir, ("outcome",))
        readings = model.read_many(list(nlp.pipe(by_id[i]["text"] for i in fold)), categories=False)
        scores.update({i: reading.outcome_scores for i, reading in zip(fold, readings)})

    gold = {i: r["outcome"] for i, r in by_id.items()}
    print(f"{len(gold)} records of {args.gold[-1]} in {args.folds} folds (seed {args.seed}); "
          f"CRIME and SAFEGUARDING raised at {settings.learned_outcome_threshold}")
    print(f"{'':16}{'accuracy':>10}{'HIGH given less':>17}{'others given HIGH':>19}")
    rows = [("rules alone", rules_outcome)] + [
        (f"HIGH bar {bar:g}", {i: raised(rules_outcome[i], scores[i], bar, settings.learned_outcome_threshold) for i in gold})
        for bar in bars]
    for name, outcome in rows:
        accuracy = sum(outcome[i] == gold[i] for i in gold) / len(gold)
        less = sum(gold[i] == "HIGH" and outcome[i] != "HIGH" for i in gold)
        over = sum(gold[i] != "HIGH" and outcome[i] == "HIGH" for i in gold)
        print(f"{name:16}{accuracy:>10.3f}{less:>17}{over:>19}")
    missed = sorted(scores[i]["HIGH"] for i in gold if gold[i] == "HIGH" and rules_outcome[i] != "HIGH")
    print("HIGH score of each HIGH case the rules give less: " + (", ".join(f"{s:.2f}" for s in missed) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
