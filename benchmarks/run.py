"""Throughput, cold-start and memory benchmark of CPI Pipeline against spaCy and Presidio.

In one process, on the same seeded corpus and the same spaCy model, it times:

  (1) raw spaCy `nlp.pipe` with the model's default components (the reference ceiling);
  (2) vanilla Presidio, one `AnalyzerEngine.analyze` call per text;
  (3) Presidio `BatchAnalyzerEngine.analyze_iterator`;
  (4) our full pipeline, `list(CpiPipeline.pipe(...))`, 1 worker;
  (5) our full pipeline, 2 workers;

then, in subprocesses, the cold start of `cpi redact` on one paragraph and the peak RSS of
`cpi batch` at two corpus sizes. Warm-up runs are excluded; each figure is the median of the
repeats, and the repeats are interleaved so that drift on a shared machine hits every row alike.

    python -m benchmarks.run                    # full run, writes benchmarks/results.json
    python -m benchmarks.run --quick            # everything scaled down
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import inspect
import json
import multiprocessing
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from benchmarks.corpus import DEFAULT_SEED, generate_submissions, word_count, write_jsonl

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
DEFAULT_OUTPUT = BENCH_DIR / "results.json"
SCHEMA_VERSION = 1

DEFAULTS = {"docs": 500, "repeats": 3, "memory_sizes": (2000, 20000), "cold_start_runs": 3}
QUICK = {"docs": 100, "repeats": 1, "memory_sizes": (100, 1000), "cold_start_runs": 1}

COLD_START_TEXT = (
    "I am the DSL at Oaklands Academy. Kayla Brown (15) was seen getting into a silver Ford Focus "
    "HN19 XKD on Winchester Road, Southampton SO15 2JH, after school on Tuesday. Her number is "
    "07700 900123 and her mum's landline is 01632 960123. Staff are worried she is being exploited.\n"
)
# Offline and quiet in every subprocess, as the Makefile sets it.
OFFLINE_ENV = {"TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


# --------------------------------------------------------------------------- targets
@dataclass(frozen=True)
class Target:
    name: str
    description: str
    threshold: float
    higher_is_better: bool
    unit: str  # "x" for ratios, "s" for seconds


TARGETS = (
    Target("ours_1w_vs_spacy", "ours (1 worker) docs/s vs raw spaCy nlp.pipe", 1.0, True, "x"),
    Target("ours_vs_presidio_loop", "ours (1 worker) docs/s vs vanilla Presidio analyze() loop", 2.0, True, "x"),
    Target("ours_vs_presidio_batch", "ours (1 worker) docs/s vs Presidio BatchAnalyzerEngine (must be ahead)",
           1.0, True, "x"),
    Target("workers_scaling", "ours 2 workers docs/s vs ours 1 worker (run_batch vs run_batch where it has "
           "workers)", 1.7, True, "x"),
    Target("memory_flat", "cpi batch peak RSS, large size vs small size", 1.10, False, "x"),
    Target("cold_start", "cpi redact cold start, median (process start to exit)", 2.5, False, "s"),
)


def evaluate_target(target: Target, measured: float | None) -> dict:
    """Met or missed, and by how much (absolute and relative to the threshold)."""
    record = {"name": target.name, "description": target.description, "threshold": target.threshold,
              "comparison": ">=" if target.higher_is_better else "<=", "unit": target.unit}
    if measured is None:
        return {**record, "measured": None, "met": None, "margin": None, "margin_pct": None,
                "verdict": "not measured"}
    margin = measured - target.threshold if target.higher_is_better else target.threshold - measured
    met = margin >= 0
    pct = 100.0 * margin / target.threshold
    fmt = (lambda v: f"{v:.2f}x") if target.unit == "x" else (lambda v: f"{v:.2f} s")
    verdict = (f"{'met' if met else 'MISSED'} by {fmt(abs(margin))} ({abs(pct):.0f}%): "
               f"{fmt(measured)} vs {record['comparison']} {fmt(target.threshold)}")
    return {**record, "measured": round(measured, 4), "met": met, "margin": round(margin, 4),
            "margin_pct": round(pct, 1), "verdict": verdict}


# --------------------------------------------------------------------------- machine
def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(dist: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def machine_info() -> dict:
    info = {
        "cpu_model": _cpu_model(),
        "logical_cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "spacy": _version("spacy"),
        "presidio_analyzer": _version("presidio-analyzer"),
        "presidio_anonymizer": _version("presidio-anonymizer"),
        "cpi_pipeline": _version("cpi-pipeline"),
    }
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    return info


def _load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# --------------------------------------------------------------------------- throughput
@dataclass
class Runner:
    name: str
    label: str
    run: Callable[[], int]  # processes the whole corpus, returns the number of outputs
    warmup: Callable[[], object]
    method: str
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)  # this process + reaped workers
    others_cpu_seconds: list[float] = field(default_factory=list)  # everything else on the machine


_WORKER_PIPELINE = None  # set before forking; each forked worker uses its copy


def _pipe_chunk(chunk: list) -> list:
    return list(_WORKER_PIPELINE.pipe(chunk))


def pipe_with_workers(pipeline, submissions: Sequence, *, workers: int, chunk_size: int) -> list:
    """Our pipeline over `workers` forked processes, chunk by chunk, results in input order.

    Stands in for a `workers` option in `run_batch` until the pipeline has one."""
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = pipeline
    chunks = [list(submissions[i : i + chunk_size]) for i in range(0, len(submissions), chunk_size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return [record for part in pool.imap(_pipe_chunk, chunks) for record in part]


def batch_supports_workers() -> bool:
    from pipeline.batch import run_batch

    return "workers" in inspect.signature(run_batch).parameters


def build_runners(records: list[dict], *, batch_size: int, presidio_batch_size: int, workers: int,
                  workdir: Path, log: Callable[[str], None]) -> tuple[list[Runner], dict]:
    """Load every engine (untimed) and return one runner per row of the table."""
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NerModelConfiguration

    from pipeline.cpi import CpiPipeline
    from pipeline.entities import PrebuiltSpacyNlpEngine
    from pipeline.model import ModelConfig, load_nlp
    from pipeline.offline import enforce_offline
    from pipeline.submissions import Submission

    enforce_offline()
    texts = [r["text"] for r in records]
    submissions = [Submission(r["id"], r["text"]) for r in records]
    warm_texts, warm_subs = texts[: min(20, len(texts))], submissions[: min(20, len(submissions))]
    loads = {}

    started = time.perf_counter()
    full_nlp = load_nlp(ModelConfig(disable=(), enable=()))  # the model's default pipeline, as spacy.load gives it
    loads["spacy_full_model_s"] = round(time.perf_counter() - started, 2)
    log(f"  raw spaCy components: {', '.join(full_nlp.pipe_names)}")

    engine = PrebuiltSpacyNlpEngine(full_nlp, NerModelConfiguration())
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=engine, languages=["en"])
    analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry)
    batch_analyzer = BatchAnalyzerEngine(analyzer_engine=analyzer)

    started = time.perf_counter()
    ours = CpiPipeline.load()
    loads["cpi_pipeline_s"] = round(time.perf_counter() - started, 2)
    log(f"  our spaCy components: {', '.join(ours.nlp.pipe_names)}")

    def spacy_raw(sample=texts) -> int:
        return sum(1 for _ in full_nlp.pipe(sample, batch_size=batch_size))

    def presidio_loop(sample=texts) -> int:
        return len([analyzer.analyze(text=t, language="en") for t in sample])

    def presidio_batch(sample=texts) -> int:
        return len(batch_analyzer.analyze_iterator(sample, language="en", batch_size=presidio_batch_size))

    def ours_one(sample=submissions) -> int:
        return len(list(ours.pipe(sample)))

    batch_rows = []
    if batch_supports_workers():
        from pipeline.batch import run_batch

        input_path = write_jsonl(workdir / "throughput.jsonl", records)
        warm_path = write_jsonl(workdir / "warmup.jsonl", records[: len(warm_subs)])
        method = f"pipeline.batch.run_batch(workers={workers}), JSONL file to JSONL file"

        def batch_file(path: Path, n_workers: int) -> int:
            summary = run_batch(ours, path, workdir / "out.jsonl", progress=False, workers=n_workers)
            return summary.processed + summary.errors

        def ours_workers() -> int:
            return batch_file(input_path, workers)

        def ours_workers_warmup() -> int:
            return batch_file(warm_path, workers)

        # The same file-to-file path with one worker: the fair base for the scaling figure.
        batch_rows.append(Runner(
            "ours_batch_1w", "(4b) CPI pipeline, run_batch, 1 worker", lambda: batch_file(input_path, 1),
            lambda: batch_file(warm_path, 1), "pipeline.batch.run_batch(workers=1), JSONL file to JSONL file"))
    else:
        # Many small chunks per worker, so that no worker idles at the end of a short corpus.
        chunk = max(1, min(batch_size, -(-len(submissions) // (workers * 16))))
        method = f"benchmark multiprocessing (fork) over chunks of {chunk}; run_batch has no workers option"

        def ours_workers(sample=submissions) -> int:
            return len(pipe_with_workers(ours, sample, workers=workers, chunk_size=chunk))

        def ours_workers_warmup() -> int:
            return ours_workers(warm_subs)

    runners = [
        Runner("spacy_raw", "(1) raw spaCy nlp.pipe, default components", spacy_raw, lambda: spacy_raw(warm_texts),
               f"nlp.pipe(batch_size={batch_size}); {'+'.join(full_nlp.pipe_names)}"),
        Runner("presidio_loop", "(2) vanilla Presidio, analyze() per text", presidio_loop,
               lambda: presidio_loop(warm_texts), "AnalyzerEngine(default registry).analyze per text"),
        Runner("presidio_batch", f"(3) Presidio BatchAnalyzerEngine (batch {presidio_batch_size})", presidio_batch,
               lambda: presidio_batch(warm_texts),
               f"BatchAnalyzerEngine.analyze_iterator(batch_size={presidio_batch_size})"),
        Runner("ours_1w", "(4) CPI pipeline, 1 worker", ours_one, lambda: ours_one(warm_subs),
               f"list(CpiPipeline.load().pipe(...)), batch_size={ours.settings.batch_size}"),
        *batch_rows,
        Runner(f"ours_{workers}w", f"(5) CPI pipeline, {workers} workers", ours_workers, ours_workers_warmup,
               method),
    ]
    return runners, loads


def measure_throughput(runners: list[Runner], *, docs: int, repeats: int, log: Callable[[str], None]) -> None:
    for runner in runners:
        runner.warmup()
    for rep in range(1, repeats + 1):
        for runner in runners:  # interleaved: rep 1 of every row, then rep 2, ...
            cpu_started, busy_started = _cpu_seconds(), _machine_busy_seconds()
            started = time.perf_counter()
            produced = runner.run()
            elapsed = time.perf_counter() - started
            cpu = _cpu_seconds() - cpu_started
            if busy_started is not None:
                runner.others_cpu_seconds.append(max(0.0, _machine_busy_seconds() - busy_started - cpu))
            if produced != docs:
                raise RuntimeError(f"{runner.name}: produced {produced} outputs for {docs} documents")
            runner.seconds.append(elapsed)
            runner.cpu_seconds.append(cpu)
            others = f", other processes {runner.others_cpu_seconds[-1]:.1f} s" if runner.others_cpu_seconds else ""
            log(f"  repeat {rep}/{repeats}  {runner.name:<16} {elapsed:7.2f} s  {docs / elapsed:7.1f} docs/s"
                f"  (CPU {cpu:.2f} s{others})")


def _machine_busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy (Linux /proc/stat), steal time included."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _cpu_seconds() -> float:
    """CPU time of this process and its reaped children (the worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def throughput_table(runners: list[Runner], *, docs: int, words: int) -> dict:
    rows = {}
    for runner in runners:
        median = statistics.median(runner.seconds)
        rows[runner.name] = {
            "label": runner.label, "method": runner.method,
            "seconds_median": round(median, 4), "seconds_runs": [round(s, 4) for s in runner.seconds],
            "docs_per_s_best": round(docs / min(runner.seconds), 3),
            "docs_per_s": round(docs / median, 3), "words_per_s": round(words / median, 1),
            # CPU per doc is robust to other load on the machine; wall time is what users see.
            "cpu_ms_per_doc": round(1000 * statistics.median(runner.cpu_seconds) / docs, 2),
            "cpu_per_wall": round(statistics.median(c / s for c, s in zip(runner.cpu_seconds, runner.seconds)), 3),
            # CPUs' worth of other processes running beside this row: > 0.2 means the figure is suspect.
            "others_cpu_per_wall": round(statistics.median(o / s for o, s in zip(
                runner.others_cpu_seconds, runner.seconds)), 3) if runner.others_cpu_seconds else None,
        }
    reference = rows["spacy_raw"]["docs_per_s"]
    for row in rows.values():
        row["ratio_to_spacy"] = round(row["docs_per_s"] / reference, 4)
    return rows


# --------------------------------------------------------------------------- subprocesses
def cpi_command() -> list[str]:
    """The installed `cpi` script beside this interpreter, else `python -m pipeline`."""
    script = Path(sys.executable).parent / "cpi"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "pipeline"]


def _subprocess_env() -> dict:
    return {**os.environ, **OFFLINE_ENV}


def run_measured(argv: list[str], *, cwd: Path) -> tuple[float, int, int]:
    """Run `argv`; return (wall seconds, peak RSS in KiB of the child, exit code 0 or 1)."""
    # stderr to a file, not a pipe: nothing reads a pipe while we wait, so a chatty child could block.
    with open(os.devnull, "wb") as devnull, tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=_subprocess_env(), stdout=devnull, stderr=errors)
        # wait4 gives this child's own rusage, unlike RUSAGE_CHILDREN (a max over all children).
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {stderr.strip()[-500:]}")
    return elapsed, usage.ru_maxrss, proc.returncode  # ru_maxrss is KiB on Linux


def measure_cold_start(runs: int, workdir: Path, log: Callable[[str], None]) -> dict:
    note = workdir / "cold_start.txt"
    note.write_text(COLD_START_TEXT, encoding="utf-8")
    argv = [*cpi_command(), "redact", str(note)]
    seconds = []
    for i in range(runs):
        elapsed, _, code = run_measured(argv, cwd=workdir)
        if code != 0:
            raise RuntimeError(f"cpi redact exited {code}")
        seconds.append(elapsed)
        log(f"  cold start {i + 1}/{runs}: {elapsed:.2f} s")
    floor = []
    for i in range(runs):
        elapsed, _, code = run_measured([sys.executable, "-c", FLOOR_SCRIPT], cwd=workdir)
        if code != 0:
            raise RuntimeError(f"the floor script exited {code}")
        floor.append(elapsed)
        log(f"  floor (import spaCy + Presidio, load the model) {i + 1}/{runs}: {elapsed:.2f} s")
    return {"command": " ".join(["cpi", "redact", note.name]), "words": word_count(COLD_START_TEXT),
            "seconds_median": round(statistics.median(seconds), 3), "seconds_runs": [round(s, 3) for s in seconds],
            "floor_seconds_median": round(statistics.median(floor), 3),
            "floor_what": "python -c: import spacy, presidio_analyzer, presidio_anonymizer; load the model "
                          "with the components models/config.yaml runs; nothing of ours"}


# The least any tool on this stack pays before its first document: the imports and the model load.
FLOOR_SCRIPT = (
    "import spacy, presidio_analyzer, presidio_anonymizer\n"
    "from pipeline.model import ModelConfig, resolve_model_location\n"
    "c = ModelConfig.from_yaml()\n"
    "spacy.load(resolve_model_location(c.model), exclude=[x for x in c.disable if x not in c.enable])\n"
)


def measure_memory(sizes: Sequence[int], *, seed: int, workdir: Path, log: Callable[[str], None]) -> dict:
    """Peak RSS of `cpi batch` (one fresh process per size) on the first N docs of the corpus.

    One worker where `cpi batch` has --workers: the peak of one process is well defined, and
    flatness over corpus size is what this shows."""
    records = generate_submissions(max(sizes), seed=seed)
    options = ["-q", *(["--workers", "1"] if batch_supports_workers() else [])]
    result = {"command": " ".join(["cpi batch INPUT.jsonl -o OUTPUT.jsonl", *options]), "sizes": {}}
    for size in sizes:
        input_path = write_jsonl(workdir / f"memory_{size}.jsonl", records[:size])
        output_path = workdir / f"memory_{size}.out.jsonl"
        log(f"  cpi batch on {size} docs ...")
        elapsed, maxrss_kib, code = run_measured(
            [*cpi_command(), "batch", str(input_path), "-o", str(output_path), *options], cwd=workdir)
        if not output_path.is_file():
            raise RuntimeError(f"cpi batch on {size} docs exited {code} without writing {output_path.name}")
        with output_path.open(encoding="utf-8") as handle:
            written = sum(1 for _ in handle)
        result["sizes"][str(size)] = {
            "docs": size, "records_written": written, "exit_code": code,
            "peak_rss_mb": round(maxrss_kib / 1024, 1), "seconds": round(elapsed, 2),
            "docs_per_s_incl_start": round(size / elapsed, 2),
        }
        log(f"  cpi batch on {size} docs: peak RSS {maxrss_kib / 1024:.0f} MiB, {elapsed:.1f} s")
        for path in (input_path, output_path):
            path.unlink(missing_ok=True)
    small, large = (result["sizes"][str(s)]["peak_rss_mb"] for s in (min(sizes), max(sizes)))
    result["growth_ratio"] = round(large / small, 4)
    return result


# --------------------------------------------------------------------------- report
def contention_warnings(results: dict) -> list[str]:
    """Signs that other work on the machine distorted the wall-clock figures."""
    warnings = []
    cpus = results["machine"]["usable_cpus"] or 1
    loads = [x for x in (results["load_average"]["before"], results["load_average"]["after"]) if x]
    if loads and max(l[0] for l in loads) > 0.5 * cpus + 1:
        warnings.append(f"machine busy: 1-minute load average up to {max(l[0] for l in loads):.1f} on {cpus} CPUs")
    multi = f"ours_{results['settings']['workers']}w"
    for name, row in results["throughput"].items():
        if name != multi and row["cpu_per_wall"] < 0.85:  # a single process should keep one CPU busy
            warnings.append(f"{name}: CPU/wall {row['cpu_per_wall']:.2f} < 0.85, so it was waiting for a CPU")
        if (row.get("others_cpu_per_wall") or 0) > 0.2:
            warnings.append(f"{name}: other processes used {row['others_cpu_per_wall']:.2f} CPUs meanwhile")
    return warnings


def check_targets(results: dict, workers: int) -> list[dict]:
    rows = results["throughput"]
    ours = rows["ours_1w"]["docs_per_s"]
    memory, cold = results.get("memory"), results.get("cold_start")
    single = rows.get("ours_batch_1w", rows["ours_1w"])
    measured = {
        "ours_1w_vs_spacy": ours / rows["spacy_raw"]["docs_per_s"],
        "ours_vs_presidio_loop": ours / rows["presidio_loop"]["docs_per_s"],
        "ours_vs_presidio_batch": ours / rows["presidio_batch"]["docs_per_s"],
        "workers_scaling": rows[f"ours_{workers}w"]["docs_per_s"] / single["docs_per_s"],
        "memory_flat": memory["growth_ratio"] if memory else None,
        "cold_start": cold["seconds_median"] if cold else None,
    }
    return [evaluate_target(t, measured[t.name]) for t in TARGETS]


def format_table(results: dict) -> str:
    m, c, s = results["machine"], results["corpus"], results["settings"]
    lines = [
        f"CPI Pipeline benchmark, {results['created']}",
        f"Machine: {m['cpu_model']}, {m['usable_cpus']} cores, {m.get('memory_gb', '?')} GB; {m['platform']}",
        f"Python {m['python']}, spaCy {m['spacy']} ({results['model']}), presidio-analyzer {m['presidio_analyzer']}",
        f"Corpus: {c['docs']} submissions, {c['words']:,} words (seed {c['seed']}; {c['min_words']}-{c['max_words']} "
        f"words, median {c['median_words']:.0f}); median of {s['repeats']} run(s) after warm-up; "
        f"load average before/after {results['load_average']['before']} / {results['load_average']['after']}",
        "",
        f"{'Run':<48} {'docs/s':>8} {'words/s':>9} {'vs (1)':>7} {'CPU ms/doc':>11}",
        "-" * 87,
    ]
    for row in results["throughput"].values():
        lines.append(f"{row['label']:<48} {row['docs_per_s']:>8.1f} {row['words_per_s']:>9,.0f} "
                     f"{row['ratio_to_spacy']:>6.2f}x {row['cpu_ms_per_doc']:>11.1f}")
    lines.append("")
    cold = results.get("cold_start")
    if cold:
        runs = ", ".join(f"{x:.2f}" for x in cold["seconds_runs"])
        lines.append(f"Cold start, `{cold['command']}` ({cold['words']} words): {cold['seconds_median']:.2f} s median "
                     f"(runs: {runs})")
        if cold.get("floor_seconds_median") is not None:
            lines.append(f"  of which the floor (import spaCy + Presidio, load the model, nothing of ours): "
                         f"{cold['floor_seconds_median']:.2f} s")
    else:
        lines.append("Cold start: not measured")
    memory = results.get("memory")
    if memory:
        parts = [f"{v['docs']:,} docs {v['peak_rss_mb']:,.0f} MiB ({v['seconds']:.0f} s)"
                 for v in memory["sizes"].values()]
        lines.append(f"Peak RSS, `{memory['command']}`: " + "; ".join(parts) +
                     f"; growth {100 * (memory['growth_ratio'] - 1):+.1f}%")
    else:
        lines.append("Peak RSS: not measured")
    for warning in results.get("warnings") or ():
        lines.append(f"WARNING: {warning}")
    lines += ["", "Targets"]
    for t in results["targets"]:
        lines.append(f"  {t['name']:<24} {t['verdict']}")
    return "\n".join(lines)


def write_results(results: dict, path: Path | str) -> None:
    from pipeline.outputs import atomic_writer

    with atomic_writer(path) as handle:
        json.dump(results, handle, indent=2)
        handle.write("\n")


# --------------------------------------------------------------------------- entry points
def _log_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_benchmark(*, docs: int = DEFAULTS["docs"], repeats: int = DEFAULTS["repeats"], seed: int = DEFAULT_SEED,
                  batch_size: int | None = None, presidio_batch_size: int | None = None, workers: int = 2,
                  memory_sizes: Sequence[int] = DEFAULTS["memory_sizes"], skip_memory: bool = False,
                  cold_start_runs: int = DEFAULTS["cold_start_runs"], output: Path | str | None = DEFAULT_OUTPUT,
                  quick: bool = False, command: str | None = None,
                  log: Callable[[str], None] = _log_stderr) -> dict:
    """Run every measurement; return the results (and write them to `output` unless None)."""
    from pipeline.model import ModelConfig

    if docs < 1 or repeats < 1 or workers < 2:
        raise ValueError("docs and repeats must be at least 1, and workers at least 2")
    config = ModelConfig.from_yaml()
    batch_size = batch_size or config.batch_size
    presidio_batch_size = presidio_batch_size or batch_size
    load_before = _load_average()
    records = generate_submissions(docs, seed=seed)
    words = [word_count(r["text"]) for r in records]
    results: dict = {
        "schema_version": SCHEMA_VERSION,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": command,
        "machine": machine_info(),
        "settings": {"docs": docs, "repeats": repeats, "seed": seed, "quick": quick, "workers": workers,
                     "batch_size": batch_size, "presidio_batch_size": presidio_batch_size,
                     "memory_sizes": None if skip_memory else list(memory_sizes),
                     "cold_start_runs": cold_start_runs, "warmup_docs": min(20, docs)},
        "corpus": {"docs": docs, "seed": seed, "words": sum(words), "min_words": min(words), "max_words": max(words),
                   "mean_words": round(statistics.mean(words), 1), "median_words": statistics.median(words)},
    }
    with tempfile.TemporaryDirectory(prefix="cpi-bench-") as tmp:
        workdir = Path(tmp)
        log(f"Loading engines (corpus: {docs} docs, {sum(words):,} words) ...")
        runners, loads = build_runners(records, batch_size=batch_size, presidio_batch_size=presidio_batch_size,
                                       workers=workers, workdir=workdir, log=log)
        results["load_seconds"] = loads
        results["model"] = _model_name()
        log(f"Throughput: warm-up, then {repeats} interleaved repeat(s) ...")
        measure_throughput(runners, docs=docs, repeats=repeats, log=log)
        results["throughput"] = throughput_table(runners, docs=docs, words=sum(words))
        del runners  # free the engines before the subprocess measurements
        gc.collect()
        if cold_start_runs > 0:
            log("Cold start ...")
            results["cold_start"] = measure_cold_start(cold_start_runs, workdir, log)
        else:
            results["cold_start"] = None
        if not skip_memory:
            if len(set(memory_sizes)) != 2:
                raise ValueError("memory_sizes needs two different sizes (small, large)")
            log("Peak memory ...")
            results["memory"] = measure_memory(sorted(memory_sizes), seed=seed, workdir=workdir, log=log)
        else:
            results["memory"] = None
    results["load_average"] = {"before": load_before, "after": _load_average()}
    results["warnings"] = contention_warnings(results)
    results["targets"] = check_targets(results, workers)
    if output is not None:
        write_results(results, output)
    return results


def _model_name() -> str:
    from pipeline.model import ModelConfig, resolve_model_location

    location = resolve_model_location(ModelConfig.from_yaml().model)
    try:
        meta = json.loads((Path(location) / "meta.json").read_text(encoding="utf-8"))
        return f"{meta['lang']}_{meta['name']} {meta['version']}"
    except (OSError, ValueError, KeyError):
        return location


def _sizes(text: str) -> tuple[int, int]:
    try:
        sizes = tuple(int(x) for x in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("expected SMALL,LARGE, e.g. 2000,20000") from None
    if len(sizes) != 2 or min(sizes) < 1 or sizes[0] == sizes[1]:
        raise argparse.ArgumentTypeError("expected two different positive sizes SMALL,LARGE")
    return tuple(sorted(sizes))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Benchmark CPI Pipeline against raw spaCy and Presidio on a seeded corpus of CPI-style "
                    "submissions: docs/s and words/s (median of repeats, warm-up excluded, each as a ratio to "
                    "raw spaCy), `cpi redact` cold start and `cpi batch` peak memory at two sizes. Prints a "
                    "table with met/missed for each target and writes JSON.",
    )
    parser.add_argument("--docs", type=int, help=f"submissions in the throughput corpus (default {DEFAULTS['docs']}, "
                        f"--quick {QUICK['docs']})")
    parser.add_argument("--repeats", type=int, help=f"timed repetitions per row; the median is reported "
                        f"(default {DEFAULTS['repeats']}, --quick {QUICK['repeats']})")
    parser.add_argument("--quick", action="store_true", help="scale everything down for a fast sanity check")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="results JSON path, written atomically (default: benchmarks/results.json in the repo)")
    parser.add_argument("--skip-memory", action="store_true", help="skip the `cpi batch` peak-memory runs")
    parser.add_argument("--memory-sizes", type=_sizes, metavar="SMALL,LARGE",
                        help="corpus sizes for the peak-memory runs (default "
                             f"{','.join(map(str, DEFAULTS['memory_sizes']))}, --quick "
                             f"{','.join(map(str, QUICK['memory_sizes']))})")
    parser.add_argument("--cold-start-runs", type=int, help="`cpi redact` cold starts to time; 0 skips "
                        f"(default {DEFAULTS['cold_start_runs']}, --quick {QUICK['cold_start_runs']})")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes for row (5), at least 2 (default: %(default)s)")
    parser.add_argument("--batch-size", type=int, help="nlp.pipe batch size for rows (1) and (5) chunks "
                        "(default: models/config.yaml)")
    parser.add_argument("--presidio-batch-size", type=int,
                        help="BatchAnalyzerEngine batch size (default: --batch-size)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed (default: %(default)s)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    preset = QUICK if args.quick else DEFAULTS
    pick = lambda value, key: preset[key] if value is None else value  # noqa: E731
    output = args.output.resolve()
    results = run_benchmark(
        docs=pick(args.docs, "docs"), repeats=pick(args.repeats, "repeats"), seed=args.seed,
        batch_size=args.batch_size, presidio_batch_size=args.presidio_batch_size, workers=args.workers,
        memory_sizes=pick(args.memory_sizes, "memory_sizes"), skip_memory=args.skip_memory,
        cold_start_runs=pick(args.cold_start_runs, "cold_start_runs"), output=output, quick=args.quick,
        command=" ".join(["python -m benchmarks.run", *(argv if argv is not None else sys.argv[1:])]),
    )
    print(format_table(results))
    print(f"\nResults written to {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
