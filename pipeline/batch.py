"""Batch processing: stream submissions through the pipeline into an intelligence log.

`run_batch` reads any input `iter_submissions` reads, runs `nlp.pipe` over it in this process or
in N worker processes (results always in input order), and writes, each through a temporary file
renamed only when the run completes:

- the log: the full records as JSONL (the restricted record), or the shareable view as JSONL
  (`shareable=True`), CSV, Parquet or Excel (one row per submission, see `pipeline.intelligence_log`);
- the source audit (restricted: removals, handler flags, source entities), beside any shareable log;
- the entities table (optional; one row per shareable entity);
- the errors file: id, place and reason of every submission that failed (never its text).

Memory stays flat as the input grows: submissions are read lazily, only a few chunks are in
flight, and `order="urgency"` spools rows to one temporary file per outcome, replayed most urgent
first. Nothing here logs or prints narrative text or entity values.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import multiprocessing
import os
import signal
import sys
import tempfile
import time
import warnings
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from pipeline.cpi import OUTCOMES, CpiPipeline, PipelineSpec
from pipeline.documents import EntityOperators
from pipeline.intelligence_log import (ENTITY_TABLE_COLUMNS, LOG_COLUMNS, WRITERS, IntelligenceLogEntry,
                                       iter_rows, log_format, row_id_and_outcome)
from pipeline.outputs import atomic_writer
from pipeline.submissions import InputError, RecordError, Submission, count_submissions, iter_submissions
from pipeline.triage import outcome_rank

log = logging.getLogger("cpi")

ORDERS = ("input", "urgency")
CHUNK_SIZE = 64  # submissions per task sent to a worker


class BatchError(RuntimeError):
    """The run could not complete (a worker process died); no output was written."""


def default_workers() -> int:
    """The CPUs this process may use (os.process_cpu_count from Python 3.13)."""
    counter = getattr(os, "process_cpu_count", None)
    if counter:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


# ----------------------------------------------------------------------------------------------
# Summary and progress
# ----------------------------------------------------------------------------------------------

@dataclass
class BatchSummary:
    processed: int = 0
    errors: int = 0
    skipped: int = 0          # already in the output (resume)
    seconds: float = 0.0      # wall time of the whole run
    workers: int = 1
    outcomes: Counter = field(default_factory=Counter)
    categories: Counter = field(default_factory=Counter)
    entity_types: Counter = field(default_factory=Counter)
    files: dict[str, str] = field(default_factory=dict)  # what was written: log, errors, audit, entities

    @property
    def per_second(self) -> float:
        return self.processed / self.seconds if self.seconds else 0.0

    def add(self, record: dict) -> None:
        self.processed += 1
        self.outcomes[record["outcome"]] += 1
        self.categories.update(c["name"] for c in record["categories"])
        self.entity_types.update(e["type"] for e in record["entities"] if not e["source"])

    def as_dict(self) -> dict:
        return {"processed": self.processed, "errors": self.errors, "skipped": self.skipped,
                "seconds": round(self.seconds, 2), "workers": self.workers,
                "per_second": round(self.per_second, 1), "outcomes": dict(self.outcomes),
                "categories": dict(self.categories), "entity_types": dict(self.entity_types)}

    def table(self) -> str:
        lines = [f"Processed {self.processed} submissions, {self.errors} errors, "
                 f"in {self.seconds:.1f} s wall time ({self.per_second:.1f}/s, "
                 f"{self.workers} worker{'s' if self.workers != 1 else ''})"]
        if self.skipped:
            lines.append(f"Skipped {self.skipped} already in the output (resumed)")
        lines += ["", "Outcome        count"]
        lines += [f"  {o:<12} {self.outcomes.get(o, 0):>5}" for o in OUTCOMES]
        if self.categories:
            lines += ["", "Category             count"]
            lines += [f"  {c:<18} {n:>5}" for c, n in self.categories.most_common()]
        if self.entity_types:
            lines += ["", "Entity type                count"]
            lines += [f"  {t:<24} {n:>5}" for t, n in self.entity_types.most_common()]
        return "\n".join(lines)


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class _Progress:
    """A one-line progress bar on a terminal (rate, and ETA when the total is known); silent otherwise.
    The rate is measured from the first result, so loading and worker start-up do not skew the ETA."""

    def __init__(self, stream: TextIO, enabled: bool, total: int | None = None):
        self.stream, self.total = stream, total
        self.enabled = enabled and hasattr(stream, "isatty") and stream.isatty()
        self.first: tuple[float, int] | None = None
        self.last = 0.0
        self.width = 0

    def update(self, done: int, errors: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if self.first is None:
            self.first, self.last = (now, done), now
        if now - self.last < 0.5 and not force:
            return
        self.last = now
        elapsed, counted = now - self.first[0], done - self.first[1]
        rate = counted / elapsed if elapsed > 0 and counted > 0 else 0.0
        if self.total:
            share = min(done / self.total, 1.0)
            eta = _clock((self.total - done) / rate) if rate and done < self.total else "-"
            line = (f"  [{'#' * int(share * 20):<20}] {done}/{self.total} ({share:.0%}), {errors} errors, "
                    f"{rate:.1f}/s, ETA {eta}")
        else:
            line = f"  {done} submissions, {errors} errors, {rate:.1f}/s"
        self.width = max(self.width, len(line))
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


# ----------------------------------------------------------------------------------------------
# Processing: in this process, or in worker processes with results in input order
# ----------------------------------------------------------------------------------------------

_WORKER_PIPELINE: CpiPipeline | None = None
_WORKER_ERROR: BaseException | None = None


def _init_worker(source: CpiPipeline | PipelineSpec) -> None:
    global _WORKER_PIPELINE, _WORKER_ERROR
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        _WORKER_PIPELINE = source.load() if isinstance(source, PipelineSpec) else source
    except BaseException as err:  # reported with the first task, not a silent respawn loop
        _WORKER_ERROR = err


def _worker_ready() -> bool:
    if _WORKER_ERROR is not None:
        raise _WORKER_ERROR
    return True


def _process_chunk(chunk: tuple) -> list:
    if _WORKER_ERROR is not None:
        raise _WORKER_ERROR
    return list(_WORKER_PIPELINE.pipe(chunk))


class BatchEngine:
    """Runs submissions through the pipeline; `results` yields (input item, result) in input
    order. With workers > 1, chunks go to a process pool with at most `2 * workers` chunks in
    flight, so memory does not grow with the input. Workers are started (and a failure to load
    the pipeline reported) on entry, before any output is opened."""

    def __init__(self, pipeline: CpiPipeline | PipelineSpec, *, workers: int = 1, chunk_size: int = CHUNK_SIZE,
                 start_method: str | None = None):
        self.source, self.workers, self.chunk_size = pipeline, max(1, workers), max(1, chunk_size)
        self.start_method = start_method
        self.pool: ProcessPoolExecutor | None = None
        if self.workers > 1 and self.start_method is None:
            forkable = "fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux")
            if forkable:
                self.start_method = "fork"  # a loaded pipeline is inherited, not reloaded
            elif isinstance(pipeline, PipelineSpec):
                self.start_method = "spawn"
            else:
                log.warning("worker processes need a PipelineSpec on this platform; running in one process")
                self.workers = 1

    def __enter__(self) -> "BatchEngine":
        if self.workers == 1:
            if isinstance(self.source, PipelineSpec):
                self.source = self.source.load()
            return self
        source = self.source
        if self.start_method != "fork" and not isinstance(source, PipelineSpec):
            raise ValueError("worker processes started without fork need a PipelineSpec")
        self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(self.start_method),
                                        initializer=_init_worker, initargs=(source,))
        try:
            with warnings.catch_warnings():
                # numpy's OpenBLAS keeps a thread pool, so Python 3.12 warns on every fork; OpenBLAS
                # re-initialises it in the child (pthread_atfork) and the workers use nothing else.
                warnings.filterwarnings("ignore", message=r".*use of fork\(\) may lead to deadlocks",
                                        category=DeprecationWarning)
                readiness = [self.pool.submit(_worker_ready) for _ in range(self.workers)]
            for ready in readiness:
                ready.result()
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            raise BatchError("a worker process stopped while loading the pipeline") from None
        except BaseException:
            self.pool.shutdown(wait=False, cancel_futures=True)
            raise
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=kind is None, cancel_futures=True)

    def results(self, items: Iterable[Submission | RecordError]) -> Iterator[tuple]:
        if self.pool is None:
            yield from self._in_process(items)
        else:
            yield from self._in_pool(items)

    def _in_process(self, items: Iterable) -> Iterator[tuple]:
        pending: deque = deque()

        def feed():
            for item in items:
                pending.append(item)
                yield item

        for result in self.source.pipe(feed()):
            yield pending.popleft(), result

    def _in_pool(self, items: Iterable) -> Iterator[tuple]:
        in_flight: deque = deque()

        def oldest() -> Iterator[tuple]:
            chunk, future = in_flight.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                raise BatchError("a worker process stopped unexpectedly (out of memory?); "
                                 "no output was written") from None
            yield from zip(chunk, results, strict=True)

        for chunk in itertools.batched(items, self.chunk_size):
            in_flight.append((chunk, self.pool.submit(_process_chunk, chunk)))
            while len(in_flight) >= 2 * self.workers:
                yield from oldest()
        while in_flight:
            yield from oldest()


def process_submissions(pipeline: CpiPipeline | PipelineSpec, items: Iterable[Submission | RecordError], *,
                        workers: int = 1, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple]:
    """(input item, record or RecordError) for each item, in input order."""
    with BatchEngine(pipeline, workers=workers, chunk_size=chunk_size) as engine:
        yield from engine.results(items)


# ----------------------------------------------------------------------------------------------
# Outputs
# ----------------------------------------------------------------------------------------------

def errors_path_for(output: Path) -> Path:
    return output.with_name(output.stem + ".errors.jsonl")


def audit_path_for(output: Path) -> Path:
    return output.with_name(output.stem + ".audit.jsonl")


class _UrgencySpool:
    """Rows spooled to one anonymous temporary file per outcome (gone if the run dies), replayed
    most urgent first, each bucket in input order."""

    def __init__(self, folder: Path):
        self.buckets = {o: tempfile.TemporaryFile("w+", encoding="utf-8", dir=folder) for o in OUTCOMES}

    def add(self, outcome: str | None, row: dict | str) -> None:
        try:
            outcome_rank(outcome)
        except ValueError:
            outcome = OUTCOMES[-1]
        self.buckets[outcome].write(json.dumps(row, ensure_ascii=False) + "\n")

    def drain(self) -> Iterator[dict | str]:
        for outcome in sorted(self.buckets, key=outcome_rank):
            handle = self.buckets[outcome]
            handle.seek(0)
            for line in handle:
                yield json.loads(line)

    def close(self) -> None:
        for handle in self.buckets.values():
            handle.close()


class _TableOutput:
    """One output file: a writer over an atomic temporary file, committed by the ExitStack."""

    def __init__(self, stack: contextlib.ExitStack, path: Path, fmt: str, columns):
        writer_class = WRITERS[fmt]
        mode = "wb" if writer_class.binary else "w"
        handle = stack.enter_context(atomic_writer(path, mode, newline="" if fmt == "csv" else None))
        self.writer = writer_class(handle, columns)

    def write(self, row) -> None:
        self.writer.write(row)


@dataclass
class _Paths:
    output: Path
    fmt: str
    errors: Path
    audit: Path | None
    entities: Path | None
    entities_fmt: str | None


def _check_paths(input_path: Path, paths: _Paths) -> None:
    named = [("output", paths.output), ("errors", paths.errors), ("audit", paths.audit),
             ("entities table", paths.entities)]
    seen: dict[Path, str] = {}
    for label, path in named:
        if path is None:
            continue
        key = path.resolve()
        if key == input_path.resolve():
            raise InputError(f"{path}: the {label} file would overwrite the input")
        if key in seen:
            raise InputError(f"{path}: used for both the {seen[key]} and the {label} file")
        seen[key] = label


def run_batch(pipeline: CpiPipeline | PipelineSpec, input_path: Path | str, output_path: Path | str, *,
              errors_path: Path | str | None = None, id_field: str = "id", text_field: str = "text",
              progress: bool = True, fmt: str | None = None, shareable: bool = False,
              entities_table: Path | str | None = None, audit_path: Path | str | None = None,
              order: str = "input", workers: int = 1, resume: bool = False,
              operators: EntityOperators | None = None, chunk_size: int = CHUNK_SIZE,
              start_method: str | None = None) -> BatchSummary:
    """Process every submission in `input_path` (JSONL, CSV, .xlsx, .txt/.docx/.eml or a folder of
    them) and write the log to `output_path` in `fmt` (default: from its suffix).

    - JSONL: full (restricted) records, or with `shareable=True` records without the source audit;
      CSV/Parquet/Excel: one shareable row per submission. Beside a shareable log the source audit
      goes to `audit_path` (default OUTPUT.audit.jsonl); with full JSONL only if `audit_path` is given.
    - `entities_table`: one row per shareable entity (format from its suffix).
    - `order="urgency"`: most urgent outcome first, input order within an outcome.
    - `workers`: processes (1: this one); results stay in input order.
    - `resume`: ids already in the output are skipped; their rows are copied into the new output.
    - `operators`: redact the log's text (and shareable entity values) with these operators.
    Bad submissions go to the errors file (id, place, reason) and the rest go on.
    """
    input_path, output_path = Path(input_path), Path(output_path)
    if order not in ORDERS:
        raise InputError(f"unknown order {order!r} (choose from {', '.join(ORDERS)})")
    fmt = log_format(output_path, fmt)
    shareable = shareable or fmt != "jsonl"
    paths = _Paths(
        output_path, fmt,
        Path(errors_path) if errors_path else errors_path_for(output_path),
        Path(audit_path) if audit_path else (audit_path_for(output_path) if shareable else None),
        Path(entities_table) if entities_table else None,
        log_format(entities_table) if entities_table else None,
    )
    _check_paths(input_path, paths)
    started = time.perf_counter()
    items = iter_submissions(input_path, id_field=id_field, text_field=text_field)
    summary = BatchSummary(workers=max(1, workers))
    bar = _Progress(sys.stderr, progress)
    if bar.enabled:
        bar.total = count_submissions(input_path)

    with contextlib.ExitStack() as stack:
        # Workers first: forked before this process reads or writes anything.
        engine = stack.enter_context(BatchEngine(pipeline, workers=workers, chunk_size=chunk_size,
                                                 start_method=start_method))
        summary.workers = engine.workers
        done_ids: set[str] = set()
        if resume and output_path.exists():
            done_ids = {row_id_and_outcome(row, output_path)[0] for row in iter_rows(output_path, fmt)}
            items = _without(items, done_ids, summary)
        errors = stack.enter_context(atomic_writer(paths.errors))
        audit = _TableOutput(stack, paths.audit, "jsonl", None) if paths.audit else None
        table = _TableOutput(stack, paths.entities, paths.entities_fmt, ENTITY_TABLE_COLUMNS) if paths.entities else None
        log_out = _TableOutput(stack, output_path, fmt, LOG_COLUMNS)
        spool = None
        if order == "urgency":
            spool = _UrgencySpool(output_path.parent)
            stack.callback(spool.close)
        emit = spool.add if spool else (lambda outcome, row: log_out.write(row))

        if done_ids:
            _copy_previous(paths, emit, audit, table)

        for item, result in engine.results(items):
            if isinstance(result, RecordError):
                if result.source == "-" and isinstance(item, Submission) and item.where:
                    result = RecordError(item.source, item.where, result.reason, result.id)
                summary.errors += 1
                errors.write(json.dumps(result.as_record(), ensure_ascii=False) + "\n")
            else:
                try:
                    entry = IntelligenceLogEntry.from_record(result, item.text, operators)
                except Exception as err:  # one bad record must not stop the batch
                    log.error("record %s: log entry failed: %s", result["id"], type(err).__name__)
                    summary.errors += 1
                    errors.write(json.dumps(RecordError(item.source or "-", item.where or f"id {item.id}",
                                                        f"log entry failed ({type(err).__name__})",
                                                        item.id).as_record()) + "\n")
                    continue
                summary.add(result)
                if fmt == "jsonl" and not shareable:
                    if operators is not None:
                        result = {**result, "redacted_text": entry.text}
                    emit(result["outcome"], json.dumps(result, ensure_ascii=False))
                else:
                    emit(entry.outcome, entry.shareable_record() if fmt == "jsonl" else entry.log_row())
                if audit:
                    audit.write(entry.audit())
                if table:
                    for row in entry.entity_rows():
                        table.write(row)
            bar.update(summary.processed + summary.skipped, summary.errors)
        if spool:
            for row in spool.drain():
                log_out.write(row)
        log_out.writer.close()
        if table:
            table.writer.close()
        bar.update(summary.processed + summary.skipped, summary.errors, force=True)
    bar.close()
    summary.seconds = time.perf_counter() - started
    summary.files = {name: str(path) for name, path in (("log", paths.output), ("errors", paths.errors),
                     ("audit", paths.audit), ("entities", paths.entities)) if path is not None}
    return summary


def _without(items: Iterable, done: set[str], summary: BatchSummary) -> Iterator:
    for item in items:
        if isinstance(item, Submission) and item.id in done:
            summary.skipped += 1
            continue
        yield item


def _copy_previous(paths: _Paths, emit, audit: _TableOutput | None, table: _TableOutput | None) -> None:
    """Resume: the rows of the previous run go first (into the urgency buckets when ordering)."""
    for row in iter_rows(paths.output, paths.fmt):
        emit(row_id_and_outcome(row, paths.output)[1], row)
    if audit and paths.audit.exists():
        for line in iter_rows(paths.audit, "jsonl"):
            audit.write(line)
    if table and paths.entities.exists():
        for row in iter_rows(paths.entities, paths.entities_fmt):
            table.write(row)


def workers_inherit_pipeline() -> bool:
    """True where worker processes are forked and so share the loaded pipeline (Linux)."""
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux")
