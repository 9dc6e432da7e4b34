"""How a learned outcome classifier does on records it was not trained on, alone and raising the
rules' outcome. Train it first without those records, e.g.

    python -m pipeline.learned train data/samples/gold.jsonl data/samples/dev_handwritten.jsonl \\
        --part outcome --seed 1 --exclude-ids ids.txt --output /tmp/leftout

then: python -m benchmarks.outcome_leftout /tmp/leftout data/samples/dev_handwritten.jsonl \\
          --groups 41-46,47-54,55-58

Each group is a range of the number at the end of the record ids (dev-school-41 is 41); records
outside every group are skipped. Printed per group: outcome accuracy of the rules alone, of the
classifier alone (its top outcome) and of the rules raised by it with the settings of params.yaml,
and how many HIGH cases each gives a less urgent outcome."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from pipeline.cpi import CpiPipeline, PipelineSettings
from pipeline.learned import LearnedModel
from pipeline.model import ModelConfig, load_nlp
from pipeline.submissions import Submission

PARAMS = Path(__file__).resolve().parent.parent / "params.yaml"


def parse_groups(text: str) -> list[tuple[int, int]]:
    groups = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        try:
            groups.append((int(first), int(last or first)))
        except ValueError:
            raise argparse.ArgumentTypeError(f"a group is FIRST-LAST (e.g. 41-46), got {part!r}") from None
    return groups


def id_number(record_id: str) -> int | None:
    tail = record_id.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.outcome_leftout", description=__doc__.split("\n\n")[0])
    parser.add_argument("learned", type=Path, help="a learned model directory with an outcome part, trained without the groups")
    parser.add_argument("gold", type=Path, help="gold JSONL with outcomes")
    parser.add_argument("--groups", type=parse_groups, required=True, help="id-number ranges, e.g. 41-46,47-54")
    args = parser.parse_args(argv)

    with args.gold.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    grouped = {g: [r for r in records if (n := id_number(r["id"])) is not None and g[0] <= n <= g[1]] for g in args.groups}
    chosen = [r for g in args.groups for r in grouped[g]]
    if not chosen:
        print(f"error: {args.gold}: no record ids in the groups", file=sys.stderr)
        return 2
    nlp = load_nlp(ModelConfig.from_yaml())
    settings = PipelineSettings.from_params(PARAMS)
    model = LearnedModel.load(nlp, args.learned, ("outcome",))
    top = {r["id"]: max(s.outcome_scores, key=s.outcome_scores.get)
           for r, s in zip(chosen, model.read_many(list(nlp.pipe(r["text"] for r in chosen))))}
    runs = {"rules alone": replace(settings, learned_model="off"),
            "raised by it": replace(settings, learned_model=str(args.learned), learned_source=False,
                                    learned_categories=False, learned_outcome=True)}
    outcomes = {"classifier alone": top}
    for name, run_settings in runs.items():
        pipeline = CpiPipeline(nlp, settings=run_settings)
        outcomes[name] = {rec["id"]: rec["outcome"] for rec in pipeline.pipe(Submission(r["id"], r["text"]) for r in chosen)}
    print(f"{'':18}" + "".join(f"{f'ids {a}-{b} ({len(grouped[(a, b)])})':>26}" for a, b in args.groups))
    for name in ("rules alone", "classifier alone", "raised by it"):
        cells = []
        for g in args.groups:
            rs = grouped[g]
            acc = sum(outcomes[name][r["id"]] == r["outcome"] for r in rs) / len(rs) if rs else 0.0
            high = [r for r in rs if r["outcome"] == "HIGH"]
            down = sum(outcomes[name][r["id"]] != "HIGH" for r in high)
            cells.append(f"acc {acc:.2f}, HIGH less {down}/{len(high)}")
        print(f"{name:18}" + "".join(f"{c:>26}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
