"""Batch runs: every input and output format, the errors file, atomic outputs, resume, order with
several workers, urgency order, redaction across a batch, flat memory and a 2,000-submission run."""

import io
import json
import time
from pathlib import Path

import pytest

from pipeline.batch import BatchEngine, BatchSummary, _Progress, process_submissions, run_batch
from pipeline.cli import main
from pipeline.intelligence_log import ENTITY_TABLE_COLUMNS, LOG_COLUMNS, CsvRows
from pipeline.submissions import RecordError, Submission
from pipeline.triage import outcome_rank
from tests.test_documents import REPORTER_NOTE, REPORTER_VALUES
from tests.test_submissions import make_eml

# fmt: off
SUBMISSIONS = [
    ("s1", REPORTER_NOTE),                                                                          # NORMAL, has a source
    ("s2", "Kayla Brown (14) disclosed that an older man, Jordan Lloyd, assaulted her at Havant Park on Saturday night."),  # CRIME
    ("s3", "Tyler Bennett (15) has been missing from school and comes home with new trainers and cash. "
           "He is seen with older men selling cannabis near Bitterne Road."),                      # SAFEGUARDING
    ("s4", "Kyle Mensah, 16, is going to meet a group at Havant Park tonight at 9pm to stab someone. He has a knife."),  # HIGH
    ("s5", "Tom Reilly was at Havant Park with a black VW Golf HN19 XKD. His number is 07700 900123."),  # NORMAL by the rules
    ("s6", "=HYPERLINK(\"x\") Mia Carter (13) is being picked up from school by adult men in a black VW Golf "
           "and given vapes and alcohol. She has been reported missing twice."),                   # SAFEGUARDING
]
# fmt: on


def write_jsonl(path, items):
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in items))
    return path


def read_log(path):
    """Rows of a log or table as dicts, whatever its format."""
    import pandas as pd

    path = Path(path)
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text().splitlines()]
    reader = {".csv": lambda p: pd.read_csv(p, dtype=str, keep_default_na=False),
              ".parquet": pd.read_parquet, ".xlsx": lambda p: pd.read_excel(p, dtype=str, keep_default_na=False)}
    frame = reader[path.suffix](path)
    return frame.to_dict("records"), list(frame.columns)


def no_partials(folder):
    return not [p for p in Path(folder).iterdir() if p.name.endswith(".partial")]


@pytest.fixture
def inputs(tmp_path):
    return write_jsonl(tmp_path / "in.jsonl", SUBMISSIONS)


# -- outputs ------------------------------------------------------------------------------------

def test_batch_full_jsonl_is_the_restricted_record(cpi, inputs, tmp_path):
    summary = run_batch(cpi, inputs, tmp_path / "log.jsonl", progress=False)
    assert summary.processed == 6 and summary.errors == 0
    records = read_log(tmp_path / "log.jsonl")
    assert [r["id"] for r in records] == [i for i, _ in SUBMISSIONS]
    assert records[0]["source_removals"] and any(e["source"] for e in records[0]["entities"])
    assert not (tmp_path / "log.audit.jsonl").exists()  # the full record is the audit
    assert summary.files["log"] == str(tmp_path / "log.jsonl")


@pytest.mark.parametrize("log_name,table_name", [
    ("log.csv", "entities.parquet"),
    ("log.parquet", "entities.xlsx"),
    ("log.xlsx", "entities.csv"),
    ("log.jsonl", "entities.jsonl"),   # --shareable
])
def test_batch_shareable_log_and_entities_table(cpi, inputs, tmp_path, log_name, table_name):
    log_path, table_path = tmp_path / log_name, tmp_path / table_name
    run_batch(cpi, inputs, log_path, entities_table=table_path, shareable=True, progress=False)
    if log_path.suffix == ".jsonl":
        records = read_log(log_path)
        texts = {r["id"]: r["sanitised_text"] for r in records}
        assert all("source_removals" not in r and not any(e["source"] for e in r["entities"]) for r in records)
        entities = read_log(table_path)
    else:
        rows, columns = read_log(log_path)
        assert columns == list(LOG_COLUMNS)
        assert [r["id"] for r in rows] == [i for i, _ in SUBMISSIONS]
        texts = {r["id"]: r["text"] for r in rows}
        by_id = {r["id"]: r for r in rows}
        assert by_id["s5"]["registrations"] == "HN19XKD" and by_id["s5"]["phones"] == "+447700900123"
        assert by_id["s5"]["persons"] == "Tom Reilly" and by_id["s4"]["outcome"] == "HIGH"
        assert by_id["s6"]["text"].startswith('=HYPERLINK("x")')  # text, never a formula
        for row in rows:  # nothing about the source in any cell
            assert not any(v in str(cell) for cell in row.values() for v in REPORTER_VALUES)
        entities, table_columns = read_log(table_path)
        assert table_columns == list(ENTITY_TABLE_COLUMNS)
    assert texts["s1"].startswith("Tyler Bennett (15)") and "Sarah" not in texts["s1"]
    for e in entities:  # offsets index the log's text
        assert texts[e["id"]][int(e["start"]):int(e["end"])] == e["text"]
        assert e["text"] not in REPORTER_VALUES
    audit = read_log(tmp_path / (log_path.stem + ".audit.jsonl"))
    assert [a["id"] for a in audit] == [i for i, _ in SUBMISSIONS]
    assert {e["text"] for e in audit[0]["source_entities"]} >= {"Sarah Whitcombe", "01632 960214"}


def test_batch_cli_folder_of_documents_to_excel(capsys, tmp_path):
    from tests.test_documents import cpi_form

    folder = tmp_path / "overnight"
    (folder / "school").mkdir(parents=True)
    cpi_form(folder / "school" / "referral.docx")
    (folder / "note.txt").write_text(SUBMISSIONS[1][1])
    make_eml(folder / "mail.eml", SUBMISSIONS[4][1], [("extra.txt", SUBMISSIONS[3][1])])
    (folder / "broken.docx").write_bytes(b"not a docx")
    out = tmp_path / "log.xlsx"
    code = main(["batch", str(folder), "-o", str(out), "--summary", "--workers", "1"])
    stdout, stderr = capsys.readouterr()
    assert code == 1 and "Processed 3 submissions, 1 errors" in stdout
    rows, _ = read_log(out)
    assert [r["id"] for r in rows] == ["mail", "note", "school/referral"]
    assert rows[0]["outcome"] == "HIGH"  # the attachment's threat counts
    referral = rows[2]
    assert "Sarah Whitcombe" not in referral["text"] and referral["registrations"] == "HN19XKD"
    errors = read_log(tmp_path / "log.errors.jsonl")
    assert [(e["id"], e["where"]) for e in errors] == [("broken", "file")]
    assert "source audit (restricted" in stderr


def test_batch_cli_excel_input_to_parquet(capsys, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["ref", "narrative"])
    for i, text in SUBMISSIONS[1:4]:
        wb.active.append([i, text])
    wb.save(tmp_path / "export.xlsx")
    code = main(["batch", str(tmp_path / "export.xlsx"), "-o", str(tmp_path / "log.parquet"), "-q",
                 "--id-field", "ref", "--text-field", "narrative"])
    assert code == 0
    rows, _ = read_log(tmp_path / "log.parquet")
    assert [(r["id"], r["outcome"]) for r in rows] == [("s2", "CRIME"), ("s3", "SAFEGUARDING"), ("s4", "HIGH")]


# -- errors, atomic output, resume ---------------------------------------------------------------

def test_batch_errors_file_has_place_id_and_reason_never_text(cpi, tmp_path, monkeypatch):
    src = tmp_path / "in.jsonl"
    long_text = "Tom Reilly was at Havant Park. " * 40
    lines = [json.dumps({"id": "ok1", "text": SUBMISSIONS[4][1]}), json.dumps({"id": "empty", "text": ""}),
             json.dumps({"id": "long", "text": long_text}), "{broken json",
             json.dumps({"id": "ok2", "text": SUBMISSIONS[1][1]})]
    src.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "bad", "text": "caf\xe9"}\n')
    monkeypatch.setattr(cpi.nlp, "max_length", 1000)
    summary = run_batch(cpi, src, tmp_path / "log.csv", progress=False, workers=1)
    assert (summary.processed, summary.errors) == (2, 4)
    errors = read_log(tmp_path / "log.errors.jsonl")
    assert [(e["id"], e["where"]) for e in errors] == [("empty", "line 2"), ("long", "line 3"),
                                                       (None, "line 4"), (None, "line 6")]
    assert "too long" in errors[1]["reason"] and "malformed JSON" in errors[2]["reason"]
    raw = (tmp_path / "log.errors.jsonl").read_text()
    assert "Tom Reilly" not in raw and "caf" not in raw


def test_batch_crash_mid_write_leaves_no_output(cpi, inputs, tmp_path, monkeypatch):
    log_path = tmp_path / "log.csv"
    log_path.write_text("previous complete log\n")
    written = []

    def crash_on_third(self, row):
        written.append(row["id"])
        if len(written) == 3:
            raise RuntimeError("disk full")

    monkeypatch.setattr(CsvRows, "write", crash_on_third)
    with pytest.raises(RuntimeError):
        run_batch(cpi, inputs, log_path, entities_table=tmp_path / "e.csv", progress=False)
    assert log_path.read_text() == "previous complete log\n"  # untouched, never half-written
    for name in ("log.errors.jsonl", "log.audit.jsonl", "e.csv"):
        assert not (tmp_path / name).exists()
    assert no_partials(tmp_path)


def test_batch_cli_interrupted_run_keeps_nothing(capsys, inputs, tmp_path, monkeypatch):
    def interrupt(self, row):
        raise KeyboardInterrupt

    monkeypatch.setattr(CsvRows, "write", interrupt)
    code = main(["batch", str(inputs), "-o", str(tmp_path / "log.csv"), "-q", "--workers", "2"])
    assert code == 130 and "no partial output" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


@pytest.mark.parametrize("name", ["log.jsonl", "log.csv", "log.parquet", "log.xlsx"])
def test_batch_resume_skips_ids_already_in_the_output(cpi, tmp_path, name):
    first = write_jsonl(tmp_path / "first.jsonl", SUBMISSIONS[:3])
    everything = write_jsonl(tmp_path / "all.jsonl", [SUBMISSIONS[1], *SUBMISSIONS])  # s2 twice
    log_path = tmp_path / name
    run_batch(cpi, first, log_path, entities_table=tmp_path / "e.csv", progress=False)
    before = read_log(log_path)
    summary = run_batch(cpi, everything, log_path, entities_table=tmp_path / "e.csv", resume=True, progress=False)
    assert (summary.skipped, summary.processed) == (4, 3)
    after = read_log(log_path)
    rows = after if name.endswith(".jsonl") else after[0]
    assert [r["id"] for r in rows] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    old = before if name.endswith(".jsonl") else before[0]
    assert rows[:3] == old  # the previous rows, copied as they were
    table, _ = read_log(tmp_path / "e.csv")
    assert {r["id"] for r in table} == {"s1", "s2", "s3", "s4", "s5", "s6"}
    assert no_partials(tmp_path)


# -- order, workers, redaction across the batch -------------------------------------------------

def test_batch_workers_keep_input_order_and_error_places(cpi, tmp_path):
    items = [(f"w{n}", text) for n in range(4) for _, text in SUBMISSIONS]
    items.insert(5, ("blank", " "))
    src = write_jsonl(tmp_path / "in.jsonl", items)
    one = run_batch(cpi, src, tmp_path / "one.jsonl", progress=False, workers=1)
    two = run_batch(cpi, src, tmp_path / "two.jsonl", progress=False, workers=2, chunk_size=3)
    assert two.workers == 2 and (two.processed, two.errors) == (one.processed, one.errors) == (24, 1)
    assert (tmp_path / "two.jsonl").read_text() == (tmp_path / "one.jsonl").read_text()
    assert (tmp_path / "two.errors.jsonl").read_text() == (tmp_path / "one.errors.jsonl").read_text()
    assert "line 6" in (tmp_path / "two.errors.jsonl").read_text()


def test_batch_order_urgency_most_urgent_first_stable_within_outcome(cpi, tmp_path):
    items = [(f"{i}-{n}", text) for n in range(2) for i, text in SUBMISSIONS]
    src = write_jsonl(tmp_path / "in.jsonl", items)
    run_batch(cpi, src, tmp_path / "log.csv", order="urgency", workers=2, chunk_size=2, progress=False)
    rows, _ = read_log(tmp_path / "log.csv")
    ranks = [outcome_rank(r["outcome"]) for r in rows]
    assert ranks == sorted(ranks) and rows[0]["outcome"] == "HIGH"
    position = {i: n for n, (i, _) in enumerate(items)}
    for outcome in {r["outcome"] for r in rows}:
        ids = [r["id"] for r in rows if r["outcome"] == outcome]
        assert ids == sorted(ids, key=position.get)  # input order within an outcome
    assert len(rows) == len(items)


def test_batch_cli_redact_with_consistent_placeholders(capsys, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [
        ("a", "Kayla Brown was seen with Tom Reilly at Havant Park."),
        ("b", "Tyler Bennett was seen again with Kayla Brown at Havant Park."),
    ])
    for flags, expected in [(["--redact"], "<PERSON_1> was seen again with <PERSON_2>"),
                            (["--consistent-placeholders"], "<PERSON_3> was seen again with <PERSON_1>")]:
        out = tmp_path / "log.csv"
        code = main(["batch", str(src), "-o", str(out), "-q", "--entities-table", str(tmp_path / "e.csv"), *flags])
        assert code == 0
        rows, _ = read_log(out)
        assert rows[0]["text"] == "<PERSON_1> was seen with <PERSON_2> at <LOCATION_1>."
        assert rows[1]["text"].startswith(expected)
        assert rows[1]["persons"] == "; ".join(expected.split(" was seen again with "))
        table, _ = read_log(tmp_path / "e.csv")
        assert not any("Kayla" in r["text"] for r in table)
    capsys.readouterr()


def test_batch_streams_without_reading_ahead(cpi):
    consumed = []

    def submissions(n):
        for k in range(n):
            consumed.append(k)
            yield Submission(f"id{k}", f"Tom Reilly was at Havant Park on day {k}.")

    for workers, chunk, ahead in [(1, 64, cpi.settings.batch_size), (2, 4, 2 * 2 * 4 + 4)]:
        consumed.clear()
        seen = 0
        for item, result in process_submissions(cpi, submissions(60), workers=workers, chunk_size=chunk):
            assert item.id == result["id"] == f"id{seen}"
            assert len(consumed) - seen <= ahead  # a bounded window, not the whole input
            seen += 1
        assert seen == 60


def test_batch_2000_submissions_every_id_accounted_for_once(cpi, tmp_path):
    names = ["Tom Reilly", "Kayla Brown", "Tyler Bennett", "Mia Carter", "Jordan Lloyd"]
    places = ["Havant Park", "Bitterne Road", "Winchester Road", "Leigh Park"]
    items = []
    for n in range(2000):
        text = (f"{names[n % 5]} was seen at {places[n % 4]} with a black VW Golf on day {n}. "
                f"Call 07700 900{n % 1000:03d}.")
        items.append((f"gen-{n:04d}", "" if n % 250 == 7 else text))
    src = write_jsonl(tmp_path / "gen.jsonl", items)
    started = time.perf_counter()
    summary = run_batch(cpi, src, tmp_path / "log.csv", workers=2, progress=False)
    elapsed = time.perf_counter() - started
    rows, _ = read_log(tmp_path / "log.csv")
    errors = read_log(tmp_path / "log.errors.jsonl")
    accounted = [r["id"] for r in rows] + [e["id"] for e in errors]
    assert sorted(accounted) == sorted(i for i, _ in items)  # every id exactly once
    assert (summary.processed, summary.errors) == (1992, 8)
    assert elapsed < 150


# -- progress and summary -------------------------------------------------------------------------

class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_batch_progress_shows_rate_and_eta_on_a_terminal_only():
    tty, pipe = _Terminal(), io.StringIO()
    for stream in (tty, pipe):
        bar = _Progress(stream, True, total=100)
        bar.update(0, 0)
        bar.update(25, 1, force=True)
        bar.close()
    assert "25/100 (25%)" in tty.getvalue() and "ETA" in tty.getvalue() and "/s" in tty.getvalue()
    assert pipe.getvalue() == ""
    quiet = _Terminal()
    _Progress(quiet, False, total=10).update(5, 0, force=True)
    assert quiet.getvalue() == ""


def test_batch_summary_table_reports_workers_and_wall_time():
    summary = BatchSummary(workers=2, seconds=4.0, skipped=3)
    summary.add({"outcome": "HIGH", "categories": [{"name": "WEAPONS"}], "entities": []})
    table = summary.table()
    assert "Processed 1 submissions, 0 errors, in 4.0 s wall time (0.2/s, 2 workers)" in table
    assert "Skipped 3 already in the output" in table and "WEAPONS" in table


def test_batch_engine_keeps_errors_in_place(cpi):
    items = [Submission("a", "Tom Reilly was at Havant Park."), RecordError("f", "line 2", "malformed JSON"),
             Submission("c", "Kayla Brown was at Leigh Park.")]
    with BatchEngine(cpi, workers=2, chunk_size=1) as engine:
        results = list(engine.results(items))
    assert [type(r).__name__ for _, r in results] == ["dict", "RecordError", "dict"]
    assert [i for i, _ in results] == items


def test_batch_spawned_workers_load_their_own_pipeline(tmp_path, cpi):
    """Where workers cannot be forked (macOS, Windows), each loads the pipeline from a PipelineSpec
    once (the same pipeline: the same outcomes as in this process); a pipeline that cannot load is
    a clear error before any output is written."""
    from pipeline.batch import PipelineSpec
    from pipeline.model import ModelError

    src = write_jsonl(tmp_path / "in.jsonl", SUBMISSIONS[3:5])
    summary = run_batch(PipelineSpec(), src, tmp_path / "log.csv", workers=2, start_method="spawn", progress=False)
    rows, _ = read_log(tmp_path / "log.csv")
    in_process = [(i, cpi.analyze(text)["outcome"]) for i, text in SUBMISSIONS[3:5]]
    assert summary.workers == 2 and [(r["id"], r["outcome"]) for r in rows] == in_process
    assert in_process[0] == ("s4", "HIGH") and rows[1]["registrations"] == "HN19XKD"
    with pytest.raises(ModelError, match="not found"):
        run_batch(PipelineSpec(config=str(tmp_path / "missing.yaml")), src, tmp_path / "bad.csv", workers=2,
                  start_method="spawn", progress=False)
    assert not (tmp_path / "bad.csv").exists() and no_partials(tmp_path)
