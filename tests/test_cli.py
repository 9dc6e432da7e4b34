"""The `cpi` commands on real text, including bad input."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main

TEXT = ("Kayla Brown (15) was seen getting into a silver Ford Focus HN19 XKD on Winchester Road, "
        "Southampton SO15 2JH. Her number is 07700 900123 and her mum's landline is 01632 960123.")
RECORD_KEYS = {"id", "entities", "sanitised_text", "source_removals", "categories", "outcome", "outcome_reasons"}


@pytest.fixture
def note(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check_record_schema(record):
    assert RECORD_KEYS <= set(record)
    assert isinstance(record["id"], str)
    for e in record["entities"]:
        assert set(e) == {"type", "start", "end", "text", "score", "normalized", "source"}
        assert isinstance(e["start"], int) and isinstance(e["end"], int) and 0 <= e["score"] <= 1
        assert isinstance(e["source"], bool)
    for r in record["source_removals"]:
        assert {"start", "end", "reason"} <= set(r)
    for c in record["categories"]:
        assert isinstance(c["name"], str) and isinstance(c["score"], float)
        assert all(len(span) == 2 for span in c["evidence"])
    assert record["outcome"] in {"HIGH", "CRIME", "SAFEGUARDING", "NORMAL"}
    assert all(isinstance(r, str) for r in record["outcome_reasons"])


def test_cli_analyze_prints_record_with_uk_entities(capsys, note):
    code, out, _ = run(capsys, "analyze", str(note))
    assert code == 0
    record = json.loads(out)
    check_record_schema(record)
    assert record["id"] == "note"
    found = {(e["type"], e["text"]) for e in record["entities"]}
    assert ("PHONE_NUMBER", "07700 900123") in found
    assert ("PHONE_NUMBER", "01632 960123") in found
    assert ("UK_VEHICLE_REGISTRATION", "HN19 XKD") in found
    assert ("UK_POSTCODE", "SO15 2JH") in found
    for e in record["entities"]:  # offsets index the original text
        assert TEXT[e["start"] : e["end"]] == e["text"]
    by_text = {e["text"]: e for e in record["entities"]}
    assert by_text["HN19 XKD"]["normalized"] == "HN19XKD"
    assert by_text["07700 900123"]["normalized"] == "+447700900123"


def test_cli_analyze_reads_stdin(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode())))
    code, out, _ = run(capsys, "analyze", "-")
    assert code == 0 and json.loads(out)["id"] == "stdin"


def test_cli_redact_replaces_entities_with_placeholders(capsys, note, tmp_path):
    code, out, _ = run(capsys, "redact", str(note))
    assert code == 0
    assert "<UK_VEHICLE_REGISTRATION_1>" in out and "<UK_POSTCODE_1>" in out
    assert "<PHONE_NUMBER_1>" in out and "<PHONE_NUMBER_2>" in out
    for value in ("HN19 XKD", "07700 900123", "SO15 2JH", "Kayla"):
        assert value not in out
    target = tmp_path / "out.txt"
    code, out, _ = run(capsys, "redact", str(note), "-o", str(target), "--entities", "PHONE_NUMBER")
    assert code == 0 and out == ""
    redacted = target.read_text()
    assert "07700 900123" not in redacted and "HN19 XKD" in redacted


def test_cli_batch_jsonl_with_a_bad_line_goes_on(capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": TEXT}),
        "{not json",
        json.dumps({"id": "b", "text": "   "}),
        json.dumps({"id": "c", "text": "Tom Reilly was at Havant Park with a black VW Golf."}),
    ]
    src.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "d", "text": "caf\xe9"}\n')
    out = tmp_path / "log.jsonl"
    code, stdout, err = run(capsys, "batch", str(src), "-o", str(out), "--summary")
    assert code == 1
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["a", "c"]
    for r in records:
        check_record_schema(r)
    errors = [json.loads(line) for line in (tmp_path / "log.errors.jsonl").read_text().splitlines()]
    assert [(e["where"], e["id"]) for e in errors] == [("line 2", None), ("line 3", "b"), ("line 5", None)]
    assert "malformed JSON" in errors[0]["reason"] and "empty text" in errors[1]["reason"]
    assert "not UTF-8" in errors[2]["reason"]
    assert "Processed 2 submissions, 3 errors" in stdout
    assert "Kayla" not in err and "HN19" not in err  # no narrative in messages


def test_cli_batch_csv(capsys, tmp_path):
    import csv

    src = tmp_path / "in.csv"
    with src.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ref", "narrative"])
        writer.writerow(["r1", TEXT])
        writer.writerow(["", "Seen near Havant Park, phone 07700 900999."])
    out = tmp_path / "log.jsonl"
    code, _, _ = run(capsys, "batch", str(src), "-o", str(out), "--id-field", "ref",
                     "--text-field", "narrative", "-q")
    assert code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records[0]["id"] == "r1" and records[1]["id"].startswith("cpi-")  # stable content id


@pytest.mark.parametrize("content,message", [
    (None, "file not found"),
    (b"", "file is empty"),
    (b"\xff\xfe bad bytes \x81", "not UTF-8"),
])
def test_cli_bad_single_file_is_clear_error(capsys, tmp_path, content, message):
    path = tmp_path / "note.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "analyze", str(path))
    assert code == 2 and out == ""
    assert str(path) in err and message in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name,content,message", [
    ("missing.jsonl", None, "file not found"),
    ("empty.jsonl", b"", "file is empty"),
    ("x.pdf", b"%PDF", "unsupported input type"),
    ("nocol.csv", b"a,b\n1,2\n", "no 'text' column"),
])
def test_cli_batch_bad_input_file(capsys, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, _, err = run(capsys, "batch", str(path), "-o", str(tmp_path / "o.jsonl"))
    assert code == 2 and message in err and str(path) in err
    assert not (tmp_path / "o.jsonl").exists()


def test_cli_subprocess_runs_offline_without_warnings(tmp_path):
    note = tmp_path / "email.txt"
    note.write_text(TEXT + " Contact her on kayla.b07@example.co.uk.")
    env = {**os.environ, "NO_PROXY": "*", "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}
    env.pop("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", None)  # the package itself must keep tldextract offline
    proc = subprocess.run([sys.executable, "-m", "pipeline", "analyze", str(note)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-500:]
    assert proc.stderr == ""
    record = json.loads(proc.stdout)
    emails = [e["text"] for e in record["entities"] if e["type"] == "EMAIL_ADDRESS"]
    assert emails == ["kayla.b07@example.co.uk"]  # tldextract ran, from its bundled snapshot


def test_cli_email_recogniser_uses_bundled_suffix_list(cpi):
    record = cpi.analyze("Her email is kayla.b07@example.co.uk and his is tj@mail.com")
    assert [e["text"] for e in record["entities"] if e["type"] == "EMAIL_ADDRESS"] == [
        "kayla.b07@example.co.uk", "tj@mail.com"]


def test_cli_help_lists_commands():
    proc = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    for command in ("analyze", "redact", "batch", "evaluate"):
        assert command in proc.stdout


def test_redact_and_sanitise_do_not_load_triage_but_analyze_does():
    import argparse

    from pipeline.cli import _load_pipeline

    args = argparse.Namespace(config="models/config.yaml", params=None)
    redactor = _load_pipeline(args, triage=False)
    assert redactor.triage_rules is None
    record = redactor.analyze("I am worried Kayla Brown is being groomed. Call me on 01632 960123.")
    assert "outcome" not in record and "categories" not in record
    assert any(e["type"] == "PERSON" for e in record["entities"]) and record["source_removals"]
    full = _load_pipeline(args)
    assert full is not redactor and full.triage_rules is not None
    assert full.analyze("I am worried Kayla Brown is being groomed.")["outcome"] in {"HIGH", "CRIME", "SAFEGUARDING", "NORMAL"}
