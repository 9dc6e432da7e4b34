"""What each learned component costs: CPU ms a document of `CpiPipeline.pipe` on the first N
hand-written dev records, with the default settings, without the outcome classifier, without the
entity tagger, and with the rules alone. usage: python -m benchmarks.settings_cost [N]"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from pipeline.cpi import CpiPipeline, PipelineSettings
from pipeline.model import ModelConfig, load_nlp
from pipeline.submissions import Submission

DEV = Path(__file__).resolve().parent.parent / "data" / "samples" / "dev_handwritten.jsonl"
SETTINGS = {"default": PipelineSettings(), "learned_outcome: false": PipelineSettings(learned_outcome=False),
            "learned_entities: false": PipelineSettings(learned_entities=False),
            "--learned-model off": PipelineSettings(learned_model="off")}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if argv else 150
    with DEV.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh][:n]
    nlp = load_nlp(ModelConfig.from_yaml())
    for name, settings in SETTINGS.items():
        pipeline = CpiPipeline(nlp, settings=settings)
        list(pipeline.pipe(Submission(r["id"], r["text"]) for r in records[:10]))  # warm-up
        start = time.process_time()
        list(pipeline.pipe(Submission(r["id"], r["text"]) for r in records))
        print(f"{name:24} {(time.process_time() - start) / len(records) * 1000:6.1f} CPU ms/doc ({len(records)} records)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
