"""Batch processing: stream submissions through the pipeline into a JSONL log."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from pipeline.cpi import OUTCOMES, CpiPipeline
from pipeline.outputs import atomic_writer
from pipeline.submissions import RecordError, iter_submissions


@dataclass
class BatchSummary:
    processed: int = 0
    errors: int = 0
    seconds: float = 0.0
    outcomes: Counter = field(default_factory=Counter)
    categories: Counter = field(default_factory=Counter)
    entity_types: Counter = field(default_factory=Counter)

    @property
    def per_second(self) -> float:
        return self.processed / self.seconds if self.seconds else 0.0

    def add(self, record: dict) -> None:
        self.processed += 1
        self.outcomes[record["outcome"]] += 1
        self.categories.update(c["name"] for c in record["categories"])
        self.entity_types.update(e["type"] for e in record["entities"] if not e["source"])

    def as_dict(self) -> dict:
        return {"processed": self.processed, "errors": self.errors, "seconds": round(self.seconds, 2),
                "per_second": round(self.per_second, 1), "outcomes": dict(self.outcomes),
                "categories": dict(self.categories), "entity_types": dict(self.entity_types)}

    def table(self) -> str:
        lines = [f"Processed {self.processed} submissions, {self.errors} errors, "
                 f"in {self.seconds:.1f} s ({self.per_second:.1f}/s)", "", "Outcome        count"]
        lines += [f"  {o:<12} {self.outcomes.get(o, 0):>5}" for o in OUTCOMES]
        if self.categories:
            lines += ["", "Category             count"]
            lines += [f"  {c:<18} {n:>5}" for c, n in self.categories.most_common()]
        if self.entity_types:
            lines += ["", "Entity type                count"]
            lines += [f"  {t:<24} {n:>5}" for t, n in self.entity_types.most_common()]
        return "\n".join(lines)


class _Progress:
    """A one-line counter on a terminal; silent otherwise."""

    def __init__(self, stream: TextIO, enabled: bool):
        self.stream, self.enabled = stream, enabled and stream.isatty()
        self.start = self.last = time.monotonic()

    def update(self, done: int, errors: int) -> None:
        now = time.monotonic()
        if self.enabled and now - self.last >= 0.5:
            self.last = now
            rate = done / (now - self.start)
            self.stream.write(f"\r  {done} submissions, {errors} errors, {rate:.1f}/s")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 60 + "\r")


def errors_path_for(output: Path) -> Path:
    return output.with_name(output.stem + ".errors.jsonl")


def run_batch(pipeline: CpiPipeline, input_path: Path | str, output_path: Path | str, *,
              errors_path: Path | str | None = None, id_field: str = "id", text_field: str = "text",
              progress: bool = True) -> BatchSummary:
    """Process every submission in `input_path`; write records to `output_path` (JSONL) and
    unreadable or failed records (id, place and reason only) to the errors file."""
    output_path = Path(output_path)
    errors_path = Path(errors_path) if errors_path else errors_path_for(output_path)
    summary = BatchSummary()
    bar = _Progress(sys.stderr, progress)
    started = time.perf_counter()
    items = iter_submissions(input_path, id_field=id_field, text_field=text_field)
    with atomic_writer(output_path) as out, atomic_writer(errors_path) as err:
        for result in pipeline.pipe(items):
            if isinstance(result, RecordError):
                summary.errors += 1
                err.write(json.dumps(result.as_record()) + "\n")
            else:
                summary.add(result)
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
            bar.update(summary.processed, summary.errors)
    bar.close()
    summary.seconds = time.perf_counter() - started
    return summary
