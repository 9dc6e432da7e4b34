"""The intelligence log: what a batch shares, one row per submission, and the tables that hold it.

- `IntelligenceLogEntry.from_record` turns a full (restricted) record into its shareable parts:
  the sanitised text (or, with entity operators, the redacted text), only the entities with
  `source: false`, and every offset moved to index that text. The source audit (removals, handler
  flags, source entities) is kept apart in `audit()`, for its own restricted file.
- The log row: id, outcome, categories and text, plus one column per kind of entity (persons,
  locations, vehicles, registrations, phones, emails, handles), values joined with "; ",
  normalised where the pipeline normalised them (`HN19XKD`, `+447700900123`).
- The entities table, long format for pandas: one row per shareable entity.
- Writers for JSONL, CSV, Parquet and Excel that stream rows (flat memory), and readers of an
  existing log for `--resume`.
"""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator, Mapping, Sequence

from pipeline.documents import EntityOperators, OffsetMap, redaction_edits
from pipeline.sanitise import apply_edits
from pipeline.submissions import InputError

log = logging.getLogger("cpi")

FORMATS = ("jsonl", "csv", "parquet", "xlsx")
_SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet",
                   ".pq": "parquet", ".xlsx": "xlsx"}
ENTITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "persons": ("PERSON",),
    "locations": ("LOCATION", "UK_POSTCODE"),
    "vehicles": ("VEHICLE",),
    "registrations": ("UK_VEHICLE_REGISTRATION",),
    "phones": ("PHONE_NUMBER",),
    "emails": ("EMAIL_ADDRESS",),
    "handles": ("SOCIAL_HANDLE",),
}
LOG_COLUMNS = ("id", "outcome", "categories", "text", *ENTITY_COLUMNS)
ENTITY_TABLE_COLUMNS = ("id", "type", "text", "normalized", "start", "end", "score")
# Fields of a shareable JSONL record; anything else in the full record stays restricted.
SHAREABLE_FIELDS = ("id", "sanitised_text", "entities", "categories", "outcome", "outcome_by",
                    "outcome_reasons", "assessment", "suppressed_cues")
EXCEL_CELL_LIMIT = 32_767


def log_format(path: Path | str, fmt: str | None = None) -> str:
    """The format named by `fmt`, or by the file's suffix."""
    if fmt:
        if fmt not in FORMATS:
            raise InputError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIX_FORMATS:
        raise InputError(f"{path}: cannot tell the output format from '{suffix or 'no suffix'}' "
                         f"(use .jsonl, .csv, .parquet or .xlsx, or --format)")
    return _SUFFIX_FORMATS[suffix]


def _unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


@dataclass
class IntelligenceLogEntry:
    """The shareable view of one record; every offset indexes `text`."""
    id: str
    outcome: str
    text: str
    entities: list[dict]
    categories: list[dict]
    record: dict
    offsets: OffsetMap

    @classmethod
    def from_record(cls, record: Mapping, original_text: str,
                    operators: EntityOperators | None = None) -> "IntelligenceLogEntry":
        """`original_text` is the submission's text (the record's offsets index it); with
        `operators` the text and the shareable entity values are redacted."""
        if operators is not None:
            operators.start_document()
        edits = redaction_edits(record, operators)
        text = apply_edits(original_text, edits)
        if operators is None and text != record["sanitised_text"]:
            # The removals give the sanitised text exactly; should that ever change, trust the record.
            log.warning("record %s: sanitised text differs from its removals; log offsets may be approximate",
                        record["id"])
            text = record["sanitised_text"]
        moved = OffsetMap(edits)
        entities = []
        for e in record["entities"]:
            if e["source"]:
                continue
            start, end = moved.span(e["start"], e["end"])
            entity = {**e, "start": start, "end": end}
            if operators is not None and operators.applies_to(e["type"]):
                entity["text"] = text[start:end]
                entity["normalized"] = entity["text"] if e.get("normalized") else None
            entities.append(entity)
        categories = [{**c, "evidence": [list(moved.span(s, t)) for s, t in c["evidence"]]}
                      for c in record["categories"]]
        return cls(record["id"], record["outcome"], text, entities, categories, dict(record), moved)

    def log_row(self) -> dict:
        row = {"id": self.id, "outcome": self.outcome,
               "categories": "; ".join(c["name"] for c in self.categories), "text": self.text}
        for column, types in ENTITY_COLUMNS.items():
            row[column] = "; ".join(_unique([e.get("normalized") or e["text"]
                                             for e in self.entities if e["type"] in types]))
        return row

    def entity_rows(self) -> list[dict]:
        return [{"id": self.id, "type": e["type"], "text": e["text"], "normalized": e.get("normalized"),
                 "start": e["start"], "end": e["end"], "score": e["score"]} for e in self.entities]

    def shareable_record(self) -> dict:
        """The record without anything about the source, in the full record's schema; offsets
        index `sanitised_text` (which holds the redacted text when operators were applied)."""
        record = self.record
        out: dict = {"id": self.id, "sanitised_text": self.text, "entities": self.entities,
                     "categories": self.categories, "outcome": self.outcome,
                     "outcome_reasons": list(record.get("outcome_reasons", []))}
        if "outcome_by" in record:
            out["outcome_by"] = record["outcome_by"]
        if "assessment" in record:
            a = record["assessment"]
            out["assessment"] = {**a, "evidence": [list(self.offsets.span(s, t)) for s, t in a.get("evidence", [])]}
        if "suppressed_cues" in record:
            out["suppressed_cues"] = [{**c, **dict(zip(("start", "end"), self.offsets.span(c["start"], c["end"])))}
                                      for c in record["suppressed_cues"]]
        return {k: out[k] for k in SHAREABLE_FIELDS if k in out}

    def audit(self) -> dict:
        """The restricted source audit of this record (offsets index the original text)."""
        return {"id": self.id,
                "source_removals": self.record.get("source_removals", []),
                "handler_flags": self.record.get("handler_flags", []),
                "source_entities": [e for e in self.record["entities"] if e["source"]]}


# ----------------------------------------------------------------------------------------------
# Writers: each streams rows into an open file (from outputs.atomic_writer) and finishes on close
# ----------------------------------------------------------------------------------------------

class JsonlRows:
    binary = False

    def __init__(self, handle: IO[str], columns: Sequence[str] | None = None):
        self.handle = handle

    def write(self, row: Mapping | str) -> None:
        self.handle.write((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n")

    def close(self) -> None:
        pass


class CsvRows:
    """UTF-8 with a byte-order mark, so Excel shows every character right; pandas reads it as is."""
    binary = False

    def __init__(self, handle: IO[str], columns: Sequence[str]):
        handle.write("\ufeff")
        self.writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        self.writer.writeheader()

    def write(self, row: Mapping) -> None:
        self.writer.writerow(row)

    def close(self) -> None:
        pass


_NUMERIC_COLUMNS = {"start": "int64", "end": "int64", "score": "float64"}


def _arrow_schema(columns: Sequence[str]):
    import pyarrow as pa

    kinds = {"int64": pa.int64(), "float64": pa.float64()}
    return pa.schema([(c, kinds.get(_NUMERIC_COLUMNS.get(c, ""), pa.string())) for c in columns])


class ParquetRows:
    binary = True
    ROW_GROUP = 2_000

    def __init__(self, handle: IO[bytes], columns: Sequence[str]):
        import pyarrow.parquet as pq

        self.columns = list(columns)
        self.schema = _arrow_schema(columns)
        self.writer = pq.ParquetWriter(handle, self.schema, compression="zstd")
        self.rows: list[dict] = []

    def write(self, row: Mapping) -> None:
        self.rows.append({c: row.get(c) for c in self.columns})
        if len(self.rows) >= self.ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()


_COLUMN_WIDTHS = {"id": 18, "outcome": 14, "categories": 24, "text": 90, "type": 26, "normalized": 20}


class ExcelRows:
    """A write-only workbook (rows stream to disk): the header row stays in view and has filters;
    every value is stored as text, so a narrative starting with "=" never becomes a formula."""
    binary = True

    def __init__(self, handle: IO[bytes], columns: Sequence[str], sheet: str = "log"):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        self.handle, self.columns = handle, list(columns)
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(sheet)
        self.sheet.freeze_panes = "A2"
        for n, column in enumerate(self.columns, start=1):
            self.sheet.column_dimensions[get_column_letter(n)].width = _COLUMN_WIDTHS.get(column, 30)
        self._wrap = Alignment(wrap_text=True, vertical="top")
        self._top = Alignment(vertical="top")
        self.sheet.append([self._cell(c, font=Font(bold=True)) for c in self.columns])
        self.rows = 1

    def _cell(self, value, column: str | None = None, font=None):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if len(value) > EXCEL_CELL_LIMIT:
                value = value[: EXCEL_CELL_LIMIT - 12] + " [truncated]"
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        if font is not None:
            cell.font = font
        cell.alignment = self._wrap if column == "text" else self._top
        return cell

    def write(self, row: Mapping) -> None:
        text = row.get("text")
        if isinstance(text, str) and len(text) > EXCEL_CELL_LIMIT:
            log.warning("record %s: text longer than an Excel cell holds; truncated in the workbook "
                        "(the CSV, Parquet and JSONL logs keep it whole)", row.get("id"))
        self.sheet.append([self._cell(row.get(c), c) for c in self.columns])
        self.rows += 1

    def close(self) -> None:
        from openpyxl.utils import get_column_letter

        self.sheet.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{self.rows}"
        self.workbook.save(self.handle)


WRITERS = {"jsonl": JsonlRows, "csv": CsvRows, "parquet": ParquetRows, "xlsx": ExcelRows}


# ----------------------------------------------------------------------------------------------
# Readers of an existing log or table (for --resume)
# ----------------------------------------------------------------------------------------------

def _excel_value(column: str, value):
    if value is None:
        return None if column in _NUMERIC_COLUMNS or column == "normalized" else ""
    return value


def iter_rows(path: Path | str, fmt: str) -> Iterator[dict | str]:
    """The rows of an existing output, in order: dicts for tables, raw lines for JSONL."""
    path = Path(path)
    try:
        if fmt == "jsonl":
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    if line.strip():
                        yield line.rstrip("\n")
        elif fmt == "csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                yield from csv.DictReader(handle)
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            for batch in pq.ParquetFile(path).iter_batches(batch_size=2_000):
                yield from batch.to_pylist()
        elif fmt == "xlsx":
            import openpyxl

            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                rows = workbook.worksheets[0].iter_rows(values_only=True)
                header = [str(v) if v is not None else "" for v in next(rows, ())]
                for values in rows:
                    yield {h: _excel_value(h, v) for h, v in zip(header, values) if h}
            finally:
                workbook.close()
    except InputError:
        raise
    except Exception as err:  # csv, pyarrow and openpyxl each raise their own types for a damaged file
        raise InputError(f"{path}: cannot read the existing output to resume ({type(err).__name__})") from None


def row_id_and_outcome(row: dict | str, path: Path | str) -> tuple[str, str | None]:
    """The id and outcome of one row of an existing output."""
    if isinstance(row, str):
        try:
            row = json.loads(row)
        except json.JSONDecodeError:
            raise InputError(f"{path}: a line is not JSON; cannot resume from it") from None
    if not isinstance(row, dict) or row.get("id") in (None, ""):
        raise InputError(f"{path}: a row has no id; cannot resume from it")
    return str(row["id"]), row.get("outcome")
