"""The benchmark runs end to end on a tiny corpus and writes well-formed results (no timing asserts)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # `benchmarks` is not installed; bare `pytest` may not have the repo root
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.corpus import MAX_WORDS, MIN_WORDS, generate_submissions, word_count  # noqa: E402
from benchmarks.run import TARGETS, evaluate_target, run_measured  # noqa: E402

ROWS = ("spacy_raw", "presidio_loop", "presidio_batch", "ours_1w", "ours_2w")
PHONE_LIKE = re.compile(r"(?:\+44\s?|\(?0)\d[\d\s()]{8,12}\d")


def test_bench_corpus_is_seeded_and_in_range():
    first, again, other = generate_submissions(150), generate_submissions(150), generate_submissions(150, seed=8)
    assert first == again and first != other
    assert len({r["id"] for r in first}) == 150
    lengths = [word_count(r["text"]) for r in first]
    assert all(MIN_WORDS <= n <= MAX_WORDS for n in lengths)
    assert min(lengths) < 110 and max(lengths) > 260  # short notes and long narratives both present
    text = "\n".join(r["text"] for r in first)
    assert re.search(r"\b[A-Z]{2}\d{2} [A-Z]{3}\b", text)  # UK plates
    for number in PHONE_LIKE.findall(text):  # only Ofcom drama-range numbers
        digits = re.sub(r"\D", "", number).removeprefix("44")
        digits = digits if digits.startswith("0") else "0" + digits
        assert digits.startswith(("07700900", "01632960")), number


# fmt: off
@pytest.mark.parametrize("name,measured,met", [
    ("ours_1w_vs_spacy",  1.05, True),
    ("ours_1w_vs_spacy",  0.80, False),
    ("workers_scaling",   1.70, True),
    ("memory_flat",       1.04, True),
    ("memory_flat",       1.25, False),
    ("cold_start",        2.10, True),
    ("cold_start",        4.00, False),
    ("cold_start",        None, None),
])
# fmt: on
def test_bench_target_verdicts(name, measured, met):
    target = next(t for t in TARGETS if t.name == name)
    result = evaluate_target(target, measured)
    assert result["met"] is met
    if measured is not None:
        assert result["verdict"].startswith("met" if met else "MISSED")
        assert (result["margin"] >= 0) is met


def test_bench_run_measured_reports_child_peak_rss(tmp_path):
    seconds, peak_kib, code = run_measured(
        [sys.executable, "-c", "b = bytearray(80 * 2**20); b[::4096] = b'x' * len(b[::4096])"], cwd=tmp_path)
    assert code == 0 and seconds > 0
    assert peak_kib > 80 * 1024


def _positive(value):
    return isinstance(value, (int, float)) and value > 0


FAKE_CPI = """
import sys
args = sys.argv[1:]
if args[0] == "batch":
    lines = open(args[1], encoding="utf-8").readlines()
    with open(args[args.index("-o") + 1], "w", encoding="utf-8") as out:
        out.writelines(lines)
else:
    print(open(args[1], encoding="utf-8").read())
"""


def test_bench_memory_and_cold_start_records(tmp_path, monkeypatch):
    # A stand-in `cpi` keeps this test fast; the real one runs in `make bench`.
    import benchmarks.run as bench

    fake = tmp_path / "fake_cpi.py"
    fake.write_text(FAKE_CPI, encoding="utf-8")
    monkeypatch.setattr(bench, "cpi_command", lambda: [sys.executable, str(fake)])
    memory = bench.measure_memory([3, 6], seed=7, workdir=tmp_path, log=lambda _: None)
    assert set(memory["sizes"]) == {"3", "6"} and _positive(memory["growth_ratio"])
    for size, row in memory["sizes"].items():
        assert row["records_written"] == int(size)
        assert _positive(row["peak_rss_mb"]) and _positive(row["seconds"])
    cold = bench.measure_cold_start(2, tmp_path, log=lambda _: None)
    assert len(cold["seconds_runs"]) == 2 and _positive(cold["seconds_median"])
    assert _positive(cold["floor_seconds_median"])


def test_bench_smoke_writes_well_formed_results(tmp_path):
    output = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--docs", "12", "--repeats", "1", "--skip-memory",
         "--cold-start-runs", "0", "--output", str(output)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Targets" in proc.stdout and "(4) CPI pipeline, 1 worker" in proc.stdout
    results = json.loads(output.read_text(encoding="utf-8"))
    assert {"schema_version", "created", "machine", "settings", "corpus", "throughput", "cold_start",
            "memory", "targets", "load_average", "warnings"} <= set(results)
    assert {"cpu_model", "usable_cpus", "python", "spacy", "presidio_analyzer"} <= set(results["machine"])
    assert results["corpus"]["docs"] == 12 and _positive(results["corpus"]["words"])
    assert set(ROWS) <= set(results["throughput"])  # plus "ours_batch_1w" where run_batch has workers
    for row in results["throughput"].values():
        for key in ("docs_per_s", "words_per_s", "ratio_to_spacy", "seconds_median", "cpu_ms_per_doc"):
            assert _positive(row[key]), (key, row)
        assert len(row["seconds_runs"]) == 1
    assert results["throughput"]["spacy_raw"]["ratio_to_spacy"] == 1.0
    assert results["cold_start"] is None and results["memory"] is None
    targets = {t["name"]: t for t in results["targets"]}
    assert list(targets) == [t.name for t in TARGETS]
    assert targets["cold_start"]["met"] is None and targets["memory_flat"]["met"] is None
    assert all(isinstance(targets[name]["met"], bool) for name in
               ("ours_1w_vs_spacy", "ours_vs_presidio_loop", "ours_vs_presidio_batch", "workers_scaling"))


def test_outcome_leftout_prints_the_three_ways_for_each_group(capsys):
    """The left-out outcome report runs on the shipped model (here not left out: a smoke test)."""
    from benchmarks.outcome_leftout import main as outcome_leftout, parse_groups

    assert parse_groups("41-46, 55") == [(41, 46), (55, 55)]
    with pytest.raises(Exception, match="FIRST-LAST"):
        parse_groups("a-b")
    gold = REPO_ROOT / "data" / "samples" / "dev_handwritten.jsonl"
    assert outcome_leftout([str(REPO_ROOT / "models" / "learned"), str(gold), "--groups", "1-1,2-2"]) == 0
    out = capsys.readouterr().out
    assert "ids 1-1 (6)" in out and "ids 2-2 (6)" in out
    for row in ("rules alone", "classifier alone", "raised by it"):
        assert re.search(rf"^{row} +acc \d\.\d\d, HIGH less \d+/\d+ +acc", out, re.MULTILINE), row


def test_outcome_leftout_says_when_no_record_is_in_the_groups(capsys):
    from benchmarks.outcome_leftout import main as outcome_leftout

    gold = REPO_ROOT / "data" / "samples" / "dev_handwritten.jsonl"
    assert outcome_leftout([str(REPO_ROOT / "models" / "learned"), str(gold), "--groups", "900-901"]) == 2
    assert "no record ids in the groups" in capsys.readouterr().err


def test_outcome_cv_deals_every_record_into_one_fold_the_same_way_each_run():
    from benchmarks.folds import folds_of

    ids = [f"dev-school-{n}" for n in range(1, 11)]
    folds = folds_of(ids, 3, seed=7)
    assert sorted(i for fold in folds for i in fold) == sorted(ids)
    assert [len(f) for f in folds] == [4, 3, 3]
    assert folds_of(list(reversed(ids)), 3, seed=7) == folds  # the order given does not matter
    assert folds_of(ids, 3, seed=8) != folds


@pytest.mark.parametrize("rules, scores, high_bar, expected", [
    ("NORMAL", {"HIGH": 0.55, "CRIME": 0.2, "SAFEGUARDING": 0.2, "NORMAL": 0.05}, 0.5, "HIGH"),
    ("NORMAL", {"HIGH": 0.45, "CRIME": 0.2, "SAFEGUARDING": 0.3, "NORMAL": 0.05}, 0.5, "NORMAL"),  # under both bars
    ("NORMAL", {"HIGH": 0.45, "CRIME": 0.0, "SAFEGUARDING": 0.5, "NORMAL": 0.05}, 0.5, "SAFEGUARDING"),
    ("NORMAL", {"HIGH": 0.45, "CRIME": 0.0, "SAFEGUARDING": 0.5, "NORMAL": 0.05}, 0.4, "HIGH"),  # the most urgent wins
    ("HIGH", {"HIGH": 0.0, "CRIME": 0.0, "SAFEGUARDING": 0.0, "NORMAL": 1.0}, 0.5, "HIGH"),  # never lowered
])
def test_outcome_cv_raises_the_rules_outcome_as_the_pipeline_does(rules, scores, high_bar, expected):
    from benchmarks.outcome_cv import raised

    assert raised(rules, scores, high_bar, 0.5) == expected


def test_outcome_cv_reports_each_high_bar_with_fold_models_already_trained(tmp_path, capsys):
    """With a model in every fold directory nothing is trained (a smoke test on the shipped one)."""
    import json
    import shutil

    from benchmarks.outcome_cv import main as outcome_cv

    gold = tmp_path / "gold.jsonl"
    with (REPO_ROOT / "data" / "samples" / "dev_handwritten.jsonl").open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh][:8]
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    for k in range(2):
        for member in ("outcome", "outcome.2", "outcome.3"):
            shutil.copytree(REPO_ROOT / "models" / "learned" / member, tmp_path / "work" / f"fold{k}" / member)
    assert outcome_cv([str(gold), "--folds", "2", "--work", str(tmp_path / "work"), "--high-bars", "0.4,0.6"]) == 0
    out = capsys.readouterr().out
    assert "8 records" in out
    for row in ("rules alone", "HIGH bar 0.4", "HIGH bar 0.6"):
        assert re.search(rf"^{row} +\d\.\d{{3}} +\d+ +\d+$", out, re.MULTILINE), row
    assert "HIGH score of each HIGH case the rules give less:" in out


def test_outcome_cv_refuses_the_held_out_set(tmp_path, capsys):
    from benchmarks.outcome_cv import main as outcome_cv

    held_out = REPO_ROOT / "data" / "samples" / "heldout.jsonl"
    assert outcome_cv([str(held_out), "--work", str(tmp_path)]) == 2
    assert "held-out set" in capsys.readouterr().err


def test_high_scores_counts_benchmark_texts_at_each_bar(capsys):
    from benchmarks.high_scores import main as high_scores

    assert high_scores([str(REPO_ROOT / "models" / "learned"), "--size", "20", "--bars", "0.0,1.01"]) == 0
    out = capsys.readouterr().out
    assert "of 20 benchmark submissions, HIGH score reached 20 at 0, 0 at 1.01" in out
    assert re.search(r"the plain note scores 0\.\d\d", out)
    # the plain note has no category, time word or clock time: the pipeline never raises it
    assert re.search(r"the pipeline raises \d+ of them to HIGH on the classifier's word, and the plain note not", out)


def test_high_scores_names_a_model_directory_it_cannot_load(tmp_path, capsys):
    from benchmarks.high_scores import main as high_scores

    assert high_scores([str(tmp_path), "--size", "2"]) == 2
    assert str(tmp_path) in capsys.readouterr().err


def test_entities_cv_scores_each_tagger_setting_with_fold_taggers_already_trained(tmp_path, capsys):
    """With a tagger in every fold directory nothing is trained (a smoke test on the shipped one)."""
    import json
    import shutil

    from benchmarks.entities_cv import VARIANTS
    from benchmarks.entities_cv import main as entities_cv

    gold = tmp_path / "gold.jsonl"
    with (REPO_ROOT / "data" / "samples" / "dev_handwritten.jsonl").open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh][:6]
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    for k in range(2):
        shutil.copytree(REPO_ROOT / "models" / "learned" / "entities", tmp_path / "work" / f"fold{k}" / "entities")
    assert entities_cv([str(gold), "--folds", "2", "--work", str(tmp_path / "work")]) == 0
    out = capsys.readouterr().out
    assert "6 records" in out
    rows = {}
    for name in VARIANTS:
        m = re.search(rf"^{re.escape(name)} +(\d\.\d{{3}}) +(\d\.\d{{3}}) +(\d\.\d{{3}})", out, re.MULTILINE)
        assert m, name
        rows[name] = tuple(float(x) for x in m.groups())
    assert all(0 < f2 <= 1 for _, _, f2 in rows.values())


def test_entities_cv_refuses_the_held_out_set_and_a_fold_out_of_range(tmp_path, capsys):
    from benchmarks.entities_cv import main as entities_cv

    held_out = REPO_ROOT / "data" / "samples" / "heldout.jsonl"
    assert entities_cv([str(held_out), "--work", str(tmp_path)]) == 2
    assert "held-out set" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        entities_cv([str(held_out), "--work", str(tmp_path), "--train-fold", "2"])
