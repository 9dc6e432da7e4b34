"""Cross-validate the learned entity tagger: what each of its three steps does to the entities,
on records the tagger was not trained on.

    python -m benchmarks.entities_cv data/samples/gold.jsonl data/samples/dev_handwritten.jsonl \\
        --folds 2 --seed 7 --work /tmp/entities_cv

The records of the last gold file are shuffled (--seed) and dealt into --folds folds (the same
folds as `benchmarks.outcome_cv` with the same --folds and --seed). For each fold an entity tagger
(the `entities` part of `models/learned`, training seed 1) is trained on every other record of the
gold files into WORK/fold<k>, and reused from there on a later run; `--train-fold K` trains fold K
only and stops, so folds can be trained in parallel processes. Each fold is then run through the
pipeline (rules as in params.yaml, the other learned parts off) with the tagger trained without it,
once per row below, and the folds' entities are scored together:

- no entity tagger: `learned_entities: false`;
- people only: the tagger's PERSON spans are added, nothing else;
- + types: an md-model name, place or organisation also takes the tagger's type;
- + organisation backing: an md-model ORGANIZATION is also dropped where the tagger finds nothing
  (the three steps together: the shipped default);
- people + backing: the backing without the typing.

Printed per row: overall exact-match precision, recall and F2, and precision / recall of PERSON,
ORGANIZATION and LOCATION. The rules have been tuned on most dev records, so every row does better
here than on unseen text: the figures compare settings, they are not an estimate of accuracy."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace
from pathlib import Path

from benchmarks.folds import FoldError, fold_parser, folds_of, records_to_fold
from pipeline.cpi import CpiPipeline, PipelineSettings
from pipeline.entities import ENTITY_TYPES
from pipeline.evaluate import entity_metrics, gold_spans
from pipeline.learned import train
from pipeline.model import ModelConfig, load_nlp
from pipeline.submissions import Submission

PARAMS = Path(__file__).resolve().parent.parent / "params.yaml"

# row name -> (learned_entities, learned_entity_types, learned_organisation_backing)
VARIANTS = {
    "no entity tagger": (False, False, False),
    "people only": (True, False, False),
    "+ types": (True, True, False),
    "+ organisation backing": (True, True, True),
    "people + backing": (True, False, True),
}
SHOWN_TYPES = ("PERSON", "ORGANIZATION", "LOCATION")


def variant_settings(base: PipelineSettings, model_dir: Path, variant: tuple[bool, bool, bool]) -> PipelineSettings:
    """The settings of one row: the fold's tagger, the other learned parts off."""
    entities, types, backing = variant
    return replace(base, learned_model=str(model_dir), learned_source=False, learned_categories=False,
                   learned_category_confirm=False, learned_outcome=False, learned_entities=entities,
                   learned_entity_types=types, learned_organisation_backing=backing)


def train_fold(gold: list[Path], work: Path, fold: list[str], k: int, folds: int) -> Path:
    model_dir = work / f"fold{k}"
    if not (model_dir / "entities").is_dir():
        print(f"training fold {k + 1} of {folds} without its {len(fold)} records -> {model_dir}", file=sys.stderr)
        with contextlib.redirect_stdout(sys.stderr):  # spaCy's training log stays off the report
            train(gold, model_dir, parts=("entities",), seed=1, exclude_ids=fold)
    return model_dir


def format_row(name: str, metrics: dict) -> str:
    overall = metrics["exact"]["overall"]
    per_type = metrics["exact"]["per_type"]
    cells = [f"{overall['precision']:.3f}", f"{overall['recall']:.3f}", f"{overall['f2']:.3f}"]
    for kind in SHOWN_TYPES:
        c = per_type.get(kind)
        cells.append(f"{c['precision']:.3f} / {c['recall']:.3f}" if c else "-")
    return f"{name:24}" + "".join(f"{cell:>8}" for cell in cells[:3]) + "".join(f"{cell:>16}" for cell in cells[3:])


def main(argv: list[str] | None = None) -> int:
    parser = fold_parser("python -m benchmarks.entities_cv", __doc__.split("\n\n")[0], folds=2, what="taggers")
    parser.add_argument("--train-fold", type=int, metavar="K", help="only train fold K's tagger (0-based) and stop")
    args = parser.parse_args(argv)
    if args.folds < 2:
        parser.error("--folds must be at least 2")
    if args.train_fold is not None and not 0 <= args.train_fold < args.folds:
        parser.error(f"--train-fold must be between 0 and {args.folds - 1}")
    try:
        records = records_to_fold(args.gold, args.folds)
    except FoldError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    by_id = {r["id"]: r for r in records}
    folds = folds_of(list(by_id), args.folds, args.seed)
    if args.train_fold is not None:
        train_fold(args.gold, args.work, folds[args.train_fold], args.train_fold, args.folds)
        return 0

    base = PipelineSettings.from_params(PARAMS)
    nlp = load_nlp(ModelConfig.from_yaml())
    gold_order: list[dict] = []
    predictions: dict[str, list] = {name: [] for name in VARIANTS}
    for k, fold in enumerate(folds):
        model_dir = train_fold(args.gold, args.work, fold, k, args.folds)
        fold_records = [by_id[i] for i in fold]
        gold_order += fold_records
        # each text parsed once and read by the fold's tagger once; every row builds its records
        # from the same Docs and readings (a row without the tagger ignores the reading)
        docs = list(nlp.pipe(r["text"] for r in fold_records))
        readings = None
        for name, variant in VARIANTS.items():
            pipeline = CpiPipeline(nlp, settings=variant_settings(base, model_dir, variant), triage=False)
            if readings is None and pipeline.learned is not None:
                readings = pipeline.learned.read_many(docs, categories=False)
            for i, (record, doc) in enumerate(zip(fold_records, docs)):
                out = pipeline.build_record(Submission(record["id"], record["text"]), doc,
                                            readings[i] if readings is not None else None)
                predictions[name].append([(e["start"], e["end"], e["type"]) for e in out["entities"]])
    types = {kind for g in gold_order for (_, _, kind) in gold_spans(g)} & set(ENTITY_TYPES)
    print(f"{len(gold_order)} records of {args.gold[-1]} in {args.folds} folds (seed {args.seed}); exact match")
    print(f"{'':24}{'P':>8}{'R':>8}{'F2':>8}" + "".join(f"{kind + ' P / R':>16}" for kind in ("PERSON", "ORG", "LOC")))
    for name in VARIANTS:
        print(format_row(name, entity_metrics(gold_order, predictions[name], types)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
