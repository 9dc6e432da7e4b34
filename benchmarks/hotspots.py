"""Where our pipeline spends its time: spaCy component by component, then cProfile of the rest.

    python -m benchmarks.hotspots --docs 300 --top 30 [--pstats out/pipeline.pstats]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

from benchmarks.corpus import DEFAULT_SEED, generate_submissions


def component_seconds(nlp, texts: list[str], batch_size: int) -> dict[str, float]:
    """CPU seconds per spaCy component over `texts` (tokeniser included), batch by batch as nlp.pipe
    runs. CPU rather than wall time, so other load on a shared machine distorts it less."""
    timings = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for start in range(0, len(texts), batch_size):
        began = time.process_time()
        docs = [nlp.make_doc(t) for t in texts[start : start + batch_size]]
        timings["tokenizer"] += time.process_time() - began
        for name, proc in nlp.pipeline:
            began = time.process_time()
            docs = list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            timings[name] += time.process_time() - began
    return timings


def profile_pipeline(*, docs: int = 300, seed: int = DEFAULT_SEED, top: int = 30,
                     pstats_path: Path | None = None) -> str:
    from pipeline.cpi import CpiPipeline
    from pipeline.model import ModelConfig, load_nlp
    from pipeline.submissions import Submission

    records = generate_submissions(docs, seed=seed)
    texts = [r["text"] for r in records]
    submissions = [Submission(r["id"], r["text"]) for r in records]
    cpi = CpiPipeline.load()
    full = load_nlp(ModelConfig(disable=(), enable=()))
    batch = cpi.settings.batch_size
    list(cpi.pipe(submissions[:20]))  # warm-up
    out = io.StringIO()

    for label, nlp in (("ours", cpi.nlp), ("raw spaCy, default components", full)):
        list(nlp.pipe(texts[:10]))  # warm-up
        timings = component_seconds(nlp, texts, batch)
        total = sum(timings.values())
        out.write(f"spaCy components, {label} ({docs} docs): {total:.2f} s, {1000 * total / docs:.1f} ms/doc\n")
        for name, secs in timings.items():
            out.write(f"  {name:<16} {secs:7.2f} s  {100 * secs / total:5.1f}%  {1000 * secs / docs:6.2f} ms/doc\n")

    began = time.process_time()
    list(cpi.nlp.pipe(texts, batch_size=batch))
    nlp_only = time.process_time() - began
    began = time.process_time()
    list(cpi.pipe(submissions))
    whole = time.process_time() - began
    out.write(f"\nours, CPU time: nlp.pipe only {nlp_only:.2f} s ({1000 * nlp_only / docs:.1f} ms/doc); "
              f"full pipe {whole:.2f} s ({1000 * whole / docs:.1f} ms/doc); "
              f"after the Doc: {1000 * (whole - nlp_only) / docs:.1f} ms/doc\n")

    profiler = cProfile.Profile()
    profiler.enable()
    list(cpi.pipe(submissions))
    profiler.disable()
    if pstats_path:
        Path(pstats_path).parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(str(pstats_path))
    for sort in ("cumulative", "tottime"):
        out.write(f"\ncProfile of list(CpiPipeline.pipe(...)), {docs} docs, by {sort}:\n")
        stats = pstats.Stats(profiler, stream=out)
        stats.strip_dirs().sort_stats(sort).print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hotspots", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300, help="submissions to profile (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed (default: %(default)s)")
    parser.add_argument("--top", type=int, default=30, help="functions to list (default: %(default)s)")
    parser.add_argument("--pstats", type=Path, help="also save the raw profile here (for snakeviz etc.)")
    args = parser.parse_args(argv)
    print(profile_pipeline(docs=args.docs, seed=args.seed, top=args.top, pstats_path=args.pstats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
