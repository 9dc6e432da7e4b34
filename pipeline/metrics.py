"""Metric and plot files for the DVC stages, and the error tables the tuning notebook shows.

The stages in `dvc.yaml` call this module; it is a thin layer over `pipeline.evaluate`:

    python -m pipeline.metrics evaluate --gold data/samples/gold.jsonl --params params.yaml --out-dir metrics
    python -m pipeline.metrics baseline --gold data/samples/gold.jsonl --out-dir metrics

Metric files hold numbers only, nested so that DVC names them `entities.PERSON.recall`,
`triage.outcome_accuracy` ...; ours and vanilla Presidio share the entity keys, so
`dvc metrics show` lines them up and `dvc metrics diff` compares them across commits.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Iterable, Sequence

from pipeline.cpi import OUTCOMES, CpiPipeline, PipelineSettings
from pipeline.entities import ENTITY_TYPES
from pipeline.evaluate import (Span, entity_metrics, evaluate, format_report, gold_spans,
                               predict_presidio_baseline, read_gold)
from pipeline.model import ModelConfig, ModelError
from pipeline.offline import enforce_offline
from pipeline.outputs import atomic_writer
from pipeline.patterns_io import PatternFileError
from pipeline.submissions import InputError, Submission

OURS_METRICS = "ours.json"
PRESIDIO_METRICS = "presidio.json"
RECALL_PLOT = Path("plots") / "recall_by_type"   # one CSV per system: type,precision,recall,f2,support
CONFUSION_PLOT = Path("plots") / "outcome_confusion.csv"   # one row per record: actual,predicted
RECALL_FIELDS = ("type", "precision", "recall", "f2", "support")


# --- metric files -------------------------------------------------------------------------------

def _scores(counts: dict, keys: Sequence[str]) -> dict:
    return {k: counts[k] for k in keys}


def entity_summary(entities: dict) -> dict:
    """Exact-match P/R/F2 per type and overall, plus the token-overlap overall, numbers only."""
    exact, token = entities["exact"], entities["token"]
    keys = ("precision", "recall", "f2")  # support lives in the plot files and the report
    summary = {kind: _scores(c, keys) for kind, c in exact["per_type"].items()}
    summary["overall"] = _scores(exact["overall"], keys)
    summary["overall_token"] = _scores(token["overall"], keys)
    return summary


def _numbers(section: dict) -> dict:
    """The scalar numbers of a result section (ids, lists and None are not metrics)."""
    return {k: v for k, v in section.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def source_summary(source: dict) -> dict:
    summary = _numbers(source)
    summary["leaks_by_kind"] = dict(sorted(source.get("leaks_by_kind", {}).items()))
    return summary


def triage_summary(triage: dict) -> dict:
    summary = _numbers(triage)
    summary["categories"] = {name: _scores(c, ("precision", "recall", "f1"))
                             for name, c in triage["per_category"].items()}
    return summary


def metrics_summary(system: dict) -> dict:
    """The metric file for one system (`result["ours"]` or `result["presidio"]` of `evaluate`)."""
    summary = {"entities": entity_summary(system["entities"])}
    if "source" in system:
        summary["source"] = source_summary(system["source"])
    if system.get("triage"):
        summary["triage"] = triage_summary(system["triage"])
    return summary


# --- plot files ---------------------------------------------------------------------------------

def recall_rows(entities: dict) -> list[dict]:
    """Per-type exact-match scores, one row per type, for a bar chart or a table."""
    return [{"type": kind, **_scores(c, RECALL_FIELDS[1:])} for kind, c in entities["exact"]["per_type"].items()]


def confusion_rows(confusion: dict[str, dict[str, int]]) -> list[dict]:
    """Expand outcome counts into one actual,predicted row per record (DVC's confusion template
    counts rows)."""
    return [{"actual": actual, "predicted": predicted}
            for actual in OUTCOMES for predicted in OUTCOMES
            for _ in range(confusion.get(actual, {}).get(predicted, 0))]


def write_json(path: Path | str, data: dict) -> None:
    with atomic_writer(path) as handle:
        json.dump(data, handle, indent=2)
        handle.write("\n")


def write_csv(path: Path | str, rows: Iterable[dict], fields: Sequence[str]) -> None:
    with atomic_writer(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(fields), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# --- stages -------------------------------------------------------------------------------------

def run_evaluate(gold: Path | str, out_dir: Path | str, *, params: Path | str | None = None,
                 config: Path | str | None = None, pipeline=None) -> dict:
    """Score our pipeline on `gold` and write `ours.json` and the plot files under `out_dir`.
    The pipeline is built from `config` and the `pipeline:` section of `params` unless given."""
    if pipeline is None:
        model_config = ModelConfig.from_yaml(config) if config else ModelConfig.from_yaml()
        settings = (PipelineSettings.from_params(params) if params
                    else PipelineSettings(batch_size=model_config.batch_size))
        pipeline = CpiPipeline.load(model_config, settings=settings)
    result = evaluate(gold, pipeline=pipeline)
    out_dir = Path(out_dir)
    ours = result["ours"]
    write_json(out_dir / OURS_METRICS, metrics_summary(ours))
    write_csv(out_dir / RECALL_PLOT / "ours.csv", recall_rows(ours["entities"]), RECALL_FIELDS)
    confusion = ours.get("triage", {}).get("confusion", {})
    write_csv(out_dir / CONFUSION_PLOT, confusion_rows(confusion), ("actual", "predicted"))
    return result


def run_baseline(gold: Path | str, out_dir: Path | str, *, nlp=None) -> dict:
    """Score vanilla Presidio on `gold` (the types `evaluate` scores) and write `presidio.json`
    and its recall plot file under `out_dir`."""
    records = read_gold(gold)
    types = default_types(records)
    entities = entity_metrics(records, predict_presidio_baseline(records, nlp=nlp), types)
    out_dir = Path(out_dir)
    write_json(out_dir / PRESIDIO_METRICS, metrics_summary({"entities": entities}))
    write_csv(out_dir / RECALL_PLOT / "presidio.csv", recall_rows(entities), RECALL_FIELDS)
    return {"gold": str(gold), "records": len(records), "types": sorted(types),
            "presidio": {"entities": entities}}


# --- error analysis (the tuning notebook) ------------------------------------------------------

def default_types(gold: Sequence[dict]) -> set[str]:
    """The types `evaluate` scores by default: those in the gold that the pipeline can emit."""
    return {kind for g in gold for (_, _, kind) in gold_spans(g)} & set(ENTITY_TYPES)


def predict_records(pipeline, gold: Sequence[dict]) -> list[dict]:
    """Our records for the gold texts, in order; a record that fails in processing is an error."""
    records = list(pipeline.pipe(Submission(str(g["id"]), g["text"]) for g in gold))
    failed = [r for r in records if not isinstance(r, dict)]
    if failed:
        raise InputError(f"{len(failed)} gold records failed in processing")
    return records


def record_spans(record: dict) -> list[Span]:
    return [(e["start"], e["end"], e["type"]) for e in record["entities"]]


def _context(text: str, start: int, end: int, window: int) -> str:
    """The span in [[brackets]] with `window` characters either side, on one line."""
    before = ("…" if start > window else "") + text[max(0, start - window) : start]
    after = text[end : end + window] + ("…" if end + window < len(text) else "")
    return " ".join(f"{before}[[{text[start:end]}]]{after}".split())


def entity_errors(gold: Sequence[dict], records: Sequence[dict], *, types: Iterable[str] | None = None,
                  window: int = 40) -> list[dict]:
    """Every exact-match error, one row each: a false negative (gold span not predicted) or a
    false positive (predicted span not in the gold), with the text around it. `overlap` says
    whether the other side has a span over the same characters: "boundary" (same type, other
    offsets), "type" (another type) or "none" (a plain miss or a spurious span)."""
    types = set(types) if types else default_types(gold)
    rows = []
    for g, record in zip(gold, records):
        text = g["text"]
        truth = {s for s in gold_spans(g) if s[2] in types}
        found = {s for s in record_spans(record) if s[2] in types}
        for error, spans, other in (("false_negative", truth - found, found), ("false_positive", found - truth, truth)):
            for start, end, kind in sorted(spans):
                near = [s for s in sorted(other) if s[0] < end and start < s[1]]
                overlap = ("none" if not near else
                           "boundary" if any(s[2] == kind for s in near) else "type")
                rows.append({
                    "id": g["id"], "error": error, "type": kind, "start": start, "end": end,
                    "text": text[start:end], "overlap": overlap,
                    "other": "; ".join(f"{s[2]} {text[s[0]:s[1]]!r}" for s in near),
                    "context": _context(text, start, end, window),
                })
    return rows


def false_negatives(gold: Sequence[dict], records: Sequence[dict], kind: str | None = None, **kwargs) -> list[dict]:
    return [r for r in entity_errors(gold, records, **kwargs)
            if r["error"] == "false_negative" and kind in (None, r["type"])]


def false_positives(gold: Sequence[dict], records: Sequence[dict], kind: str | None = None, **kwargs) -> list[dict]:
    return [r for r in entity_errors(gold, records, **kwargs)
            if r["error"] == "false_positive" and kind in (None, r["type"])]


def score_changes(before: dict, after: dict) -> list[dict]:
    """Exact-match P/R/F2 per type (and overall) of two `entity_metrics` results side by side,
    for "change one thing, see the metric move"."""
    b_types, a_types = before["exact"]["per_type"], after["exact"]["per_type"]
    rows = []
    for kind in [*sorted(set(b_types) | set(a_types)), "overall"]:
        b = before["exact"]["overall"] if kind == "overall" else b_types.get(kind, {})
        a = after["exact"]["overall"] if kind == "overall" else a_types.get(kind, {})
        row = {"type": kind}
        for m in ("precision", "recall", "f2"):
            row[f"{m}_before"], row[f"{m}_after"] = b.get(m, 0.0), a.get(m, 0.0)
        row["f2_change"] = round(row["f2_after"] - row["f2_before"], 4)
        rows.append(row)
    return rows


def displacy_example(text: str, spans: Iterable[Span], title: str | None = None) -> dict:
    """One `spacy.displacy.render(..., style="ent", manual=True)` input from (start, end, label)."""
    return {"text": text, "title": title,
            "ents": [{"start": s, "end": e, "label": label} for s, e, label in sorted(spans)]}


def entity_rows(records: Iterable[dict]) -> list[dict]:
    """The long entities table of a batch log: one row per entity, with its record's outcome."""
    return [{"id": r["id"], "outcome": r["outcome"], "type": e["type"], "text": e["text"],
             "normalized": e.get("normalized"), "start": e["start"], "end": e["end"],
             "score": e.get("score"), "source": e.get("source", False)}
            for r in records for e in r["entities"]]


# --- command line -------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.metrics",
        description="Write the metric and plot files of the DVC stages (see dvc.yaml).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("evaluate", help="score our pipeline: OUT_DIR/ours.json and plot files")
    p.add_argument("--gold", required=True, help="gold JSONL file")
    p.add_argument("--params", help="params YAML with a `pipeline:` section (default: built-in settings)")
    p.add_argument("--config", help="model config YAML (default: models/config.yaml)")
    p.add_argument("--out-dir", default="metrics", help="directory for the files (default: %(default)s)")
    p = sub.add_parser("baseline", help="score vanilla Presidio: OUT_DIR/presidio.json and its plot file")
    p.add_argument("--gold", required=True, help="gold JSONL file")
    p.add_argument("--out-dir", default="metrics", help="directory for the files (default: %(default)s)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    enforce_offline()
    try:
        if args.command == "evaluate":
            result = run_evaluate(args.gold, args.out_dir, params=args.params, config=args.config)
        else:
            result = run_baseline(args.gold, args.out_dir)
    except (InputError, ModelError, PatternFileError, ValueError) as err:
        print(f"pipeline.metrics: error: {err}", file=sys.stderr)
        return 2
    if args.command == "baseline":
        print("Vanilla Presidio: default recognisers and settings")
        presidio = result.pop("presidio")
        result["ours"] = presidio  # format_report's first columns
    print(format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
