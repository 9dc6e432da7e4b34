"""Reading CPI submissions from files: one bad record is reported, never fatal to the rest."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator


class InputError(Exception):
    """A whole input cannot be read (missing, empty, wrong format). Message names the file."""


@dataclass(frozen=True)
class Submission:
    id: str
    text: str
    reporter: dict[str, str] = field(default_factory=dict)  # optional form fields about the source


@dataclass(frozen=True)
class RecordError:
    """One record that could not be read; `where` is e.g. 'line 7' or 'row 3'. No content."""
    source: str
    where: str
    reason: str
    id: str | None = None

    def as_record(self) -> dict:
        return {"file": self.source, "where": self.where, "id": self.id, "reason": self.reason}


def content_id(text: str) -> str:
    """A stable id for a submission without one, so reruns give the same ids."""
    return "cpi-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


REPORTER_FIELDS = ("reporter_name", "reporter_role", "reporter_organisation", "reporter_phone",
                   "reporter_email")


def _reporter(obj: dict) -> dict[str, str]:
    fields = {k.removeprefix("reporter_"): str(obj[k]) for k in REPORTER_FIELDS if obj.get(k)}
    nested = obj.get("reporter")
    if isinstance(nested, dict):
        fields.update({str(k): str(v) for k, v in nested.items() if v})
    return fields


def _make(obj: dict, where: str, source: str, id_field: str, text_field: str) -> Submission | RecordError:
    raw_id = obj.get(id_field)
    text = obj.get(text_field)
    rid = None if raw_id in (None, "") else str(raw_id)
    if not isinstance(text, str):
        return RecordError(source, where, f"missing or non-text '{text_field}' field", rid)
    if not text.strip():
        return RecordError(source, where, "empty text", rid)
    return Submission(rid or content_id(text), text, _reporter(obj))


def read_text_file(path: Path) -> Submission:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a text file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text (undecodable byte at offset {err.start})") from None
    if not text.strip():
        raise InputError(f"{path}: file is empty")
    return Submission(path.stem, text)


def _iter_jsonl(path: Path, id_field: str, text_field: str) -> Iterator[Submission | RecordError]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            where = f"line {number}"
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as err:
                yield RecordError(str(path), where, f"not UTF-8 (undecodable byte at column {err.start + 1})")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                yield RecordError(str(path), where, f"malformed JSON ({err.msg} at column {err.colno})")
                continue
            if not isinstance(obj, dict):
                yield RecordError(str(path), where, "expected a JSON object")
                continue
            yield _make(obj, where, str(path), id_field, text_field)


def _iter_csv(path: Path, id_field: str, text_field: str) -> Iterator[Submission | RecordError]:
    with path.open("rb") as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.DictReader(stream)
        try:
            header = reader.fieldnames
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text") from None
        if not header or text_field not in header:
            raise InputError(f"{path}: CSV has no '{text_field}' column (columns: {', '.join(header or [])})")
        row = 1
        while True:
            row += 1
            try:
                obj = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                yield RecordError(str(path), f"row {row}", "not UTF-8; rest of file unreadable")
                return
            except csv.Error as err:
                yield RecordError(str(path), f"row {row}", f"malformed CSV ({err})")
                continue
            yield _make(obj, f"row {row}", str(path), id_field, text_field)


def iter_submissions(path: Path | str, *, id_field: str = "id", text_field: str = "text") -> Iterator[Submission | RecordError]:
    """Yield each submission (or a RecordError for a bad one) from JSONL, CSV or a .txt file."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; pass a .jsonl, .csv or .txt file")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: file is empty")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _iter_jsonl(path, id_field, text_field)
    if suffix == ".csv":
        return _iter_csv(path, id_field, text_field)
    if suffix == ".txt":
        return iter([read_text_file(path)])
    raise InputError(f"{path}: unsupported input type '{suffix}' (use .jsonl, .csv or .txt)")
