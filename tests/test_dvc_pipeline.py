"""dvc.yaml and params.yaml agree with the code, and `pipeline.metrics` writes the metric and
plot files the stages declare."""

from __future__ import annotations

import ast
import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline import metrics
from pipeline.cpi import PipelineSettings
from pipeline.evaluate import entity_metrics, gold_spans

ROOT = Path(__file__).resolve().parent.parent
DVC_YAML = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))
PARAMS = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
STAGES = DVC_YAML["stages"]


def _paths(entries) -> list[str]:
    """dvc.yaml lists a path either bare or as a one-key mapping of its options."""
    return [next(iter(e)) if isinstance(e, dict) else e for e in entries or ()]


def _outs(stage: dict) -> list[tuple[str, dict]]:
    found = []
    for key in ("outs", "metrics", "plots"):
        for entry in stage.get(key) or ():
            path, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
            found.append((path, options or {}))
    return found


def _lookup(data: dict, dotted: str):
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            raise KeyError(dotted)
        data = data[part]
    return data


def _module_of(cmd: str) -> str:
    match = re.match(r"python -m (pipeline\.\w+)\b", " ".join(cmd.split()))
    assert match, f"stage cmd must run `python -m pipeline.<module>`: {cmd!r}"
    return match.group(1)


def _pipeline_imports(path: Path) -> set[str]:
    """pipeline.* modules a file imports anywhere (also inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("pipeline."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "pipeline":
                found.update(f"pipeline.{a.name}" for a in node.names
                             if (ROOT / "pipeline" / f"{a.name}.py").is_file())
            elif node.module.startswith("pipeline."):
                found.add(node.module)
    return found


def _import_closure(module: str) -> set[str]:
    seen, todo = set(), [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(_pipeline_imports(ROOT / (name.replace(".", "/") + ".py")) - seen)
    return seen


def _module_path(module: str) -> str:
    return module.replace(".", "/") + ".py"


# --- dvc.yaml and params.yaml ------------------------------------------------------------------

def test_dvc_pipeline_has_the_five_stages():
    assert set(STAGES) == {"samples", "learned", "evaluate", "evaluate_dev_handwritten", "baseline"}


def test_dvc_pipeline_trains_on_the_dev_sets_only_and_evaluation_uses_the_model():
    name = "learned"
    train = " ".join(STAGES[name]["cmd"].split())
    assert "data/samples/gold.jsonl data/samples/dev_handwritten.jsonl" in train
    assert "heldout" not in train and not any("heldout" in p for p in _paths(STAGES[name]["deps"]))
    assert [p for p, _ in _outs(STAGES[name])] == [f"models/{name}"]
    assert f"--output models/{name}" in train
    assert {"models/learned_source.cfg", "models/learned_categories.cfg"} <= set(_paths(STAGES[name]["deps"]))
    missing = {_module_path(m) for m in _import_closure(f"pipeline.{name}")} - set(_paths(STAGES[name]["deps"]))
    assert not missing, f"{name} stage: add to deps: {sorted(missing)}"
    for stage in ("evaluate", "evaluate_dev_handwritten"):
        assert f"models/{name}" in _paths(STAGES[stage]["deps"])


@pytest.mark.parametrize("name", sorted(STAGES))
def test_dvc_pipeline_stage_runs_the_package_and_depends_on_its_module(name):
    stage = STAGES[name]
    module = _module_of(stage["cmd"])
    assert _module_path(module) in _paths(stage["deps"])


@pytest.mark.parametrize("name", sorted(STAGES))
def test_dvc_pipeline_deps_exist_and_outputs_stay_in_git(name):
    stage = STAGES[name]
    for dep in _paths(stage["deps"]):
        assert (ROOT / dep).exists(), f"{name}: dependency {dep} does not exist"
    outs = _outs(stage)
    assert outs, f"{name}: no outputs"
    for path, options in outs:
        # Committed to git rather than the DVC cache: `dvc repro` in a fresh clone needs no remote.
        assert options.get("cache") is False, f"{name}: {path} should be `cache: false`"


@pytest.mark.parametrize("name", sorted(STAGES))
def test_dvc_pipeline_params_and_interpolations_exist_in_params_yaml(name):
    stage = STAGES[name]
    for param in stage.get("params") or ():
        assert isinstance(param, str), "params come from params.yaml only"
        _lookup(PARAMS, param)
    for var in re.findall(r"\$\{([^}]+)\}", stage["cmd"]):
        _lookup(PARAMS, var.strip())
        assert any(var.strip() == p or var.strip().startswith(p + ".") for p in stage.get("params") or ()), \
            f"{name}: ${{{var}}} is used but not listed under params"


def test_dvc_pipeline_samples_params_are_corpus_options():
    # `${samples}` expands every key of the section to `--key value` for pipeline.corpus.
    from pipeline.corpus import build_parser

    options = {o for action in build_parser()._actions for o in action.option_strings}
    for key in PARAMS["samples"]:
        assert f"--{key}" in options, f"samples.{key} is not an option of python -m pipeline.corpus"
    assert {"size", "seed"} <= set(PARAMS["samples"])


def test_dvc_pipeline_params_pipeline_section_is_what_settings_accept():
    fields = set(PipelineSettings.__dataclass_fields__)
    assert set(PARAMS["pipeline"]) == fields
    assert {p.removeprefix("pipeline.") for p in STAGES["evaluate"]["params"]} == fields
    assert PipelineSettings.from_params(ROOT / "params.yaml") == PipelineSettings(
        **{**PARAMS["pipeline"], "disabled_recognizers": tuple(PARAMS["pipeline"]["disabled_recognizers"]),
           "learned_outcome_raises": tuple(PARAMS["pipeline"]["learned_outcome_raises"])})


@pytest.mark.parametrize("name,gold", [("evaluate", "data/samples/gold.jsonl"),
                                       ("evaluate_dev_handwritten", "data/samples/dev_handwritten.jsonl")])
def test_dvc_pipeline_evaluate_depends_on_every_module_it_imports(name, gold):
    deps = set(_paths(STAGES[name]["deps"]))
    missing = {_module_path(m) for m in _import_closure("pipeline.metrics")} - deps
    assert not missing, f"{name} stage: add to deps: {sorted(missing)}"
    assert {"patterns", "models/config.yaml", gold} <= deps
    assert f"--gold {gold}" in " ".join(STAGES[name]["cmd"].split())
    assert STAGES[name]["params"] == STAGES["evaluate"]["params"]


def test_dvc_pipeline_stages_chain_through_the_gold_corpus():
    assert "data/samples/gold.jsonl" in [p for p, _ in _outs(STAGES["samples"])]
    for name in ("evaluate", "baseline"):
        assert "data/samples/gold.jsonl" in _paths(STAGES[name]["deps"])
        assert "--gold data/samples/gold.jsonl" in " ".join(STAGES[name]["cmd"].split())


def test_dvc_pipeline_metrics_and_plots_are_stage_outputs():
    outputs = {p for stage in STAGES.values() for p, _ in _outs(stage)}
    assert _paths(STAGES["evaluate"]["metrics"]) == [f"metrics/{metrics.OURS_METRICS}"]
    assert _paths(STAGES["baseline"]["metrics"]) == [f"metrics/{metrics.PRESIDIO_METRICS}"]
    for plot in DVC_YAML["plots"]:
        (definition,) = plot.values()
        for path in definition["y"]:
            assert path in outputs, f"plot file {path} is not written by any stage"


def test_dvc_config_is_offline_and_quiet():
    config = (ROOT / ".dvc" / "config").read_text(encoding="utf-8")
    assert re.search(r"analytics\s*=\s*false", config)
    assert "remote" not in config


def test_dvc_pipeline_yaml_is_valid_for_dvc():
    dvc = shutil.which("dvc", path=str(Path(sys.executable).parent))
    if dvc is None:
        pytest.skip("dvc is not installed (pip install -e '.[dev]')")
    done = subprocess.run([dvc, "stage", "list"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert {line.split()[0] for line in done.stdout.splitlines() if line.strip()} == set(STAGES)


# --- pipeline.metrics: pure functions ----------------------------------------------------------

TEXT = "Kayla Brown met Tyler in Southampton on Friday."
GOLD = [{"id": "g1", "text": TEXT, "spans": [
    {"start": 0, "end": 11, "label": "PERSON"}, {"start": 16, "end": 21, "label": "PERSON"},
    {"start": 25, "end": 36, "label": "LOCATION"}, {"start": 40, "end": 46, "label": "DATE_TIME"}]}]


def _record(*spans):
    return {"id": "g1", "outcome": "NORMAL",
            "entities": [{"type": t, "start": s, "end": e, "text": TEXT[s:e], "score": 0.8,
                          "normalized": None, "source": False} for s, e, t in spans]}


# fmt: off
ERROR_CASES = [
    # predicted spans                                        (error, type, text, overlap)
    ([(0, 11, "PERSON"), (16, 21, "PERSON"), (25, 36, "LOCATION"), (40, 46, "DATE_TIME")], []),
    ([(0, 5, "PERSON"), (16, 21, "PERSON"), (25, 36, "LOCATION"), (40, 46, "DATE_TIME")],
     [("false_negative", "PERSON", "Kayla Brown", "boundary"), ("false_positive", "PERSON", "Kayla", "boundary")]),
    ([(0, 11, "PERSON"), (16, 21, "LOCATION"), (25, 36, "LOCATION"), (40, 46, "DATE_TIME")],
     [("false_negative", "PERSON", "Tyler", "type"), ("false_positive", "LOCATION", "Tyler", "type")]),
    ([(0, 11, "PERSON"), (16, 21, "PERSON"), (40, 46, "DATE_TIME"), (12, 15, "PERSON")],
     [("false_negative", "LOCATION", "Southampton", "none"), ("false_positive", "PERSON", "met", "none")]),
]
# fmt: on


@pytest.mark.parametrize("predicted, expected", ERROR_CASES)
def test_metrics_entity_errors_classify_each_error(predicted, expected):
    record = _record(*predicted)
    rows = metrics.entity_errors(GOLD, [record], types={"PERSON", "LOCATION", "DATE_TIME"})
    assert sorted((r["error"], r["type"], r["text"], r["overlap"]) for r in rows) == sorted(expected)
    for row in rows:
        assert f"[[{row['text']}]]" in row["context"]
    # the error rows are exactly the exact-match fn/fp counts of the harness
    scores = entity_metrics(GOLD, [metrics.record_spans(record)], {"PERSON", "LOCATION", "DATE_TIME"})
    for kind, counts in scores["exact"]["per_type"].items():
        assert counts["fn"] == len(metrics.false_negatives(GOLD, [record], kind, types={kind}))
        assert counts["fp"] == len(metrics.false_positives(GOLD, [record], kind, types={kind}))


def test_metrics_entity_errors_default_to_the_types_evaluate_scores():
    record = _record((0, 11, "PERSON"), (16, 21, "PERSON"), (25, 36, "LOCATION"), (40, 46, "DATE_TIME"),
                     (12, 15, "NRP"))  # a type the pipeline never emits is not scored
    assert metrics.entity_errors(GOLD, [record]) == []


def test_metrics_confusion_rows_expand_counts_to_one_row_per_record():
    confusion = {"HIGH": {"HIGH": 1, "CRIME": 0, "SAFEGUARDING": 0, "NORMAL": 2},
                 "CRIME": {"HIGH": 0, "CRIME": 0, "SAFEGUARDING": 0, "NORMAL": 0},
                 "SAFEGUARDING": {"HIGH": 0, "CRIME": 0, "SAFEGUARDING": 0, "NORMAL": 0},
                 "NORMAL": {"HIGH": 0, "CRIME": 0, "SAFEGUARDING": 0, "NORMAL": 1}}
    assert metrics.confusion_rows(confusion) == [
        {"actual": "HIGH", "predicted": "HIGH"}, {"actual": "HIGH", "predicted": "NORMAL"},
        {"actual": "HIGH", "predicted": "NORMAL"}, {"actual": "NORMAL", "predicted": "NORMAL"}]
    assert metrics.confusion_rows({}) == []


def test_metrics_score_changes_line_up_two_runs():
    before = entity_metrics(GOLD, [metrics.record_spans(_record((0, 11, "PERSON")))], {"PERSON", "LOCATION"})
    after = entity_metrics(GOLD, [metrics.record_spans(_record((0, 11, "PERSON"), (16, 21, "PERSON")))],
                           {"PERSON", "LOCATION"})
    rows = {r["type"]: r for r in metrics.score_changes(before, after)}
    assert list(rows) == ["LOCATION", "PERSON", "overall"]
    assert rows["PERSON"]["recall_before"] == 0.5 and rows["PERSON"]["recall_after"] == 1.0
    assert rows["PERSON"]["f2_change"] > 0 and rows["LOCATION"]["f2_change"] == 0


def test_metrics_displacy_example_and_entity_rows():
    example = metrics.displacy_example(TEXT, [(16, 21, "PERSON"), (0, 11, "PERSON")], "g1")
    assert example == {"text": TEXT, "title": "g1", "ents": [
        {"start": 0, "end": 11, "label": "PERSON"}, {"start": 16, "end": 21, "label": "PERSON"}]}
    rows = metrics.entity_rows([_record((0, 11, "PERSON"), (25, 36, "LOCATION"))])
    assert [(r["id"], r["outcome"], r["type"], r["text"]) for r in rows] == [
        ("g1", "NORMAL", "PERSON", "Kayla Brown"), ("g1", "NORMAL", "LOCATION", "Southampton")]


def _numeric_leaves(data, prefix=""):
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _numeric_leaves(value, f"{prefix}{key}.")
        else:
            assert isinstance(value, (int, float)) and not isinstance(value, bool), f"{prefix}{key}: {value!r}"
            yield f"{prefix}{key}"


# --- pipeline.metrics: the stage functions on the real model ------------------------------------

TINY_GOLD = [
    {"id": "t1", "text": "Kayla Brown (15) was seen in a silver Ford Focus HN19 XKD in Southampton.",
     "spans": [{"start": 0, "end": 11, "label": "PERSON"}, {"start": 31, "end": 48, "label": "VEHICLE"},
               {"start": 49, "end": 57, "label": "UK_VEHICLE_REGISTRATION"},
               {"start": 61, "end": 72, "label": "LOCATION"}],
     "source_spans": [], "keep_spans": [{"start": 0, "end": 11, "label": "PERSON"}],
     "categories": ["CCE"], "outcome": "SAFEGUARDING"},
    {"id": "t2", "text": "I am the DSL. Tyler's number is 07700 900123.",
     "spans": [{"start": 14, "end": 19, "label": "PERSON"}, {"start": 32, "end": 44, "label": "PHONE_NUMBER"}],
     "source_spans": [{"start": 0, "end": 1, "kind": "first_person"}, {"start": 9, "end": 12, "kind": "role"}],
     "keep_spans": [{"start": 32, "end": 44, "label": "PHONE_NUMBER"}],
     "categories": [], "outcome": "NORMAL"},
]


@pytest.fixture
def tiny_gold(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(g) + "\n" for g in TINY_GOLD), encoding="utf-8")
    return path


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_metrics_run_evaluate_writes_flat_metrics_and_plot_files(tmp_path, tiny_gold, cpi):
    out = tmp_path / "metrics"
    result = metrics.run_evaluate(tiny_gold, out, pipeline=cpi)
    data = json.loads((out / metrics.OURS_METRICS).read_text(encoding="utf-8"))
    keys = set(_numeric_leaves(data))
    for kind in {s[2] for g in TINY_GOLD for s in gold_spans(g)}:
        assert {f"entities.{kind}.precision", f"entities.{kind}.recall", f"entities.{kind}.f2"} <= keys
    assert {"entities.overall.f2", "entities.overall_token.recall", "source.leaked", "source.source_spans",
            "triage.outcome_accuracy", "triage.macro_f1", "triage.high_downgraded",
            "triage.categories.CCE.recall"} <= keys
    assert data["entities"]["overall"]["recall"] == result["ours"]["entities"]["exact"]["overall"]["recall"]
    assert data["source"]["source_spans"] == 2

    recall = _read_csv(out / metrics.RECALL_PLOT / "ours.csv")
    assert tuple(recall[0]) == metrics.RECALL_FIELDS
    assert [r["type"] for r in recall] == sorted(result["types"])
    confusion = _read_csv(out / metrics.CONFUSION_PLOT)
    assert len(confusion) == len(TINY_GOLD)
    assert {r["actual"] for r in confusion} == {"SAFEGUARDING", "NORMAL"}
    assert not list(out.rglob("*.partial")), "atomic writes leave no temporary files"


@pytest.mark.slow
def test_metrics_run_baseline_shares_the_entity_keys(tmp_path, tiny_gold, nlp, cpi):
    out = tmp_path / "metrics"
    metrics.run_evaluate(tiny_gold, out, pipeline=cpi)
    metrics.run_baseline(tiny_gold, out, nlp=nlp)
    ours = json.loads((out / metrics.OURS_METRICS).read_text(encoding="utf-8"))
    presidio = json.loads((out / metrics.PRESIDIO_METRICS).read_text(encoding="utf-8"))
    assert set(presidio) == {"entities"}
    assert set(_numeric_leaves(presidio)) == {k for k in _numeric_leaves(ours) if k.startswith("entities.")}
    rows = _read_csv(out / metrics.RECALL_PLOT / "presidio.csv")
    assert [r["type"] for r in rows] == sorted(ours["entities"].keys() - {"overall", "overall_token"})


def test_metrics_main_reports_a_missing_gold_file(tmp_path, capsys):
    code = metrics.main(["baseline", "--gold", str(tmp_path / "missing.jsonl"), "--out-dir", str(tmp_path)])
    assert code == 2
    assert "gold file not found" in capsys.readouterr().err
    assert not (tmp_path / metrics.PRESIDIO_METRICS).exists()
