"""Reading CPI submissions from files: one bad record is reported, never fatal to the rest."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator


DOCUMENT_SUFFIXES = (".txt", ".docx", ".eml")
INPUT_TYPES = (".jsonl", ".csv", ".xlsx", *DOCUMENT_SUFFIXES)


class InputError(Exception):
    """A whole input cannot be read (missing, empty, wrong format). Message names the file."""


@dataclass(frozen=True)
class Submission:
    id: str
    text: str
    reporter: dict[str, str] = field(default_factory=dict)  # optional form fields about the source
    source: str = field(default="", compare=False)  # the file it came from, for error reports
    where: str = field(default="", compare=False)   # its place there: 'line 7', 'row 3', 'file'


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
    return Submission(rid or content_id(text), text, _reporter(obj), source, where)


def _decode_text(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not UTF-8 text (undecodable byte at offset {err.start})") from None


def read_text_file(path: Path) -> Submission:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a text file") from None
    text = _decode_text(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: file is empty")
    return Submission(path.stem, text)


def read_document(path: Path | str, id: str | None = None) -> Submission:
    """One submission from a .txt, .docx (body paragraphs and tables in reading order) or .eml
    (body and .txt/.docx attachments; the sender as reporter fields) file."""
    from pipeline.documents import DocumentError, read_docx, read_eml

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise InputError(f"{path}: unsupported file type '{suffix}' (use {', '.join(DOCUMENT_SUFFIXES)})")
    sid = id or path.stem
    if suffix == ".txt":
        return replace_id(read_text_file(path), sid)
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    try:
        if suffix == ".docx":
            text, reporter = read_docx(path).text, {}
        else:
            email = read_eml(path.read_bytes())
            text, reporter = email.text, email.reporter
    except DocumentError as err:
        raise InputError(f"{path}: {err}") from None
    if not text.strip():
        raise InputError(f"{path}: no text found")
    return Submission(sid, text, reporter)


def replace_id(submission: Submission, id: str) -> Submission:
    return submission if submission.id == id else Submission(id, submission.text, submission.reporter)


def _located(submission: Submission, source: Path, where: str) -> Submission:
    return Submission(submission.id, submission.text, submission.reporter, str(source), where)


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


def _cell(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores whole-number ids as floats
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def _open_workbook(path: Path):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # zip, XML and openpyxl errors alike: the workbook is unusable
        raise InputError(f"{path}: not a readable .xlsx workbook ({type(err).__name__})") from None


def _iter_xlsx(path: Path, id_field: str, text_field: str) -> Iterator[Submission | RecordError]:
    """The first sheet; its first row names the columns. Blank rows are skipped."""
    workbook = _open_workbook(path)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [str(v).strip() if v is not None else "" for v in next(rows, ())]
        if text_field not in header:
            raise InputError(f"{path}: sheet has no '{text_field}' column (columns: {', '.join(h for h in header if h)})")
        for number, values in enumerate(rows, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            obj = {name: value for name, value in zip(header, values) if name}
            text = obj.get(text_field)
            if text is not None and not isinstance(text, str):
                yield RecordError(str(path), f"row {number}", f"non-text '{text_field}' cell", _cell(obj.get(id_field)))
                continue
            obj[id_field] = _cell(obj.get(id_field))
            yield _make(obj, f"row {number}", str(path), id_field, text_field)
    finally:
        workbook.close()


_JUNK_FILES = {"thumbs.db", "desktop.ini"}


def _folder_files(root: Path) -> Iterator[tuple[Path, str]]:
    """(file, id) for every file under `root`, sorted, skipping hidden files, Office lock files and
    system files. The id is the file name stem, with the folder for nested files ("week2/note");
    files that share a stem in one folder keep their suffix ("note.txt", "note.docx")."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        names = sorted(f for f in files if not f.startswith((".", "~$")) and f.lower() not in _JUNK_FILES)
        stems = Counter(Path(f).stem for f in names)
        rel = Path(folder).relative_to(root)
        for name in names:
            stem = Path(name).stem if stems[Path(name).stem] == 1 else name
            yield Path(folder) / name, (rel / stem).as_posix()


def _iter_folder(root: Path) -> Iterator[Submission | RecordError]:
    for path, sid in _folder_files(root):
        try:
            yield _located(read_document(path, sid), path, "file")
        except InputError as err:
            reason = str(err).removeprefix(f"{path}: ")
            yield RecordError(str(path), "file", "empty text" if reason in ("file is empty", "no text found") else reason, sid)
        except OSError as err:
            yield RecordError(str(path), "file", f"cannot read file ({type(err).__name__})", sid)


def iter_submissions(path: Path | str, *, id_field: str = "id", text_field: str = "text") -> Iterator[Submission | RecordError]:
    """Yield each submission (or a RecordError for a bad one) from JSONL, CSV, Excel (.xlsx), one
    .txt/.docx/.eml file, or a folder of .txt/.docx/.eml files (one submission each)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if path.is_dir():
        if next(_folder_files(path), None) is None:
            raise InputError(f"{path}: folder has no files")
        return _iter_folder(path)
    if path.stat().st_size == 0:
        raise InputError(f"{path}: file is empty")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _iter_jsonl(path, id_field, text_field)
    if suffix == ".csv":
        return _iter_csv(path, id_field, text_field)
    if suffix == ".xlsx":
        return _iter_xlsx(path, id_field, text_field)
    if suffix in DOCUMENT_SUFFIXES:
        return iter([read_document(path)])
    raise InputError(f"{path}: unsupported input type '{suffix}' (use {', '.join(INPUT_TYPES)} or a folder)")


def count_submissions(path: Path | str) -> int | None:
    """How many submissions `path` holds, when that is cheap to count (for a progress bar's ETA):
    non-blank JSONL lines, CSV rows, sheet rows, files in a folder. None when unknown."""
    path = Path(path)
    try:
        if path.is_dir():
            return sum(1 for _ in _folder_files(path))
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".ndjson", ".json"):
            with path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
        if suffix == ".csv":
            with path.open("r", encoding="utf-8-sig", newline="") as handle:
                return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        if suffix == ".xlsx":
            workbook = _open_workbook(path)
            try:
                rows = workbook.worksheets[0].max_row
            finally:
                workbook.close()
            return max(rows - 1, 0) if rows else None
        if suffix in DOCUMENT_SUFFIXES:
            return 1
    except (OSError, UnicodeDecodeError, csv.Error, InputError):
        return None
    return None
