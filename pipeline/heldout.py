"""Build the hand-written held-out test set (``data/heldout/*.md``) into gold JSONL.

The held-out submissions are written by hand, not rendered from ``data/templates/``, so that the
pipeline can be measured on text it was not built around. Each source file is markdown:

* anything before the first ``id:`` line is free prose (documentation);
* a submission is a block of ``key: value`` header lines starting with ``id:``, then a fenced
  block opened by a line ````` ```text ````` and closed by a line ````` ``` `````;
* header keys: ``id``, ``partner``, ``categories`` (comma separated, ``none`` for no category),
  ``outcome`` (required), ``traps`` and ``note`` (optional, not written to the output);
* between submissions only blank lines and markdown headings (``#``) are allowed.

Inside the text block:

* ``[[LABEL|value]]`` marks an entity span (``LABEL`` is one of :data:`ENTITY_LABELS`);
* ``[[src:kind|phrase]]`` marks a source-protection span (``kind`` is one of :data:`SOURCE_KINDS`);
  it may contain entity markup (the reporter's name, phone, e-mail, organisation, workplace);
* an entity inside a source span is a reporter entity: it is in ``spans`` but not in
  ``keep_spans``; every entity outside source spans is a subject entity and is kept;
* entities never nest in entities, source spans never nest in source spans or in entities.

Everything else is literal text. Errors (unknown label, unbalanced markup, overlapping spans in one
layer, bad header values) raise :class:`HeldoutError` (a ``ValueError``) naming the file and line.

Usage: ``python -m pipeline.heldout --output data/samples/heldout.jsonl`` (``--check`` to verify
that the committed file is up to date).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE_DIR = REPO_ROOT / "data" / "heldout"
DEFAULT_OUTPUT = REPO_ROOT / "data" / "samples" / "heldout.jsonl"

ENTITY_LABELS = (
    "PERSON",
    "LOCATION",
    "ORGANIZATION",
    "UK_POSTCODE",
    "UK_VEHICLE_REGISTRATION",
    "VEHICLE",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "SOCIAL_HANDLE",
    "UK_NINO",
    "UK_NHS",
    "DATE_TIME",
)
SOURCE_KINDS = (
    "reporter_name",
    "first_person",
    "how_learnt",
    "role",
    "provenance",
    "contact",
    "signoff",
)
CATEGORIES = (
    "MISSING",
    "CSE",
    "CCE",
    "DRUGS",
    "MODERN_SLAVERY",
    "COMMUNITY_COHESION",
    "ASB",
    "OCG",
    "RADICALISATION",
    "DOMESTIC_ABUSE",
    "WEAPONS",
)
OUTCOMES = ("HIGH", "CRIME", "SAFEGUARDING", "NORMAL")
PARTNERS = ("school", "health", "youth", "social_care", "housing", "other")
TRAPS = ("negation", "hypothetical", "historical", "quoted")
RECORD_KEYS = (
    "id",
    "text",
    "partner",
    "spans",
    "source_spans",
    "keep_spans",
    "categories",
    "outcome",
    "template",
)
HEADER_KEYS = ("id", "partner", "categories", "outcome", "traps", "note")
REQUIRED_KEYS = ("id", "partner", "categories", "outcome")

FENCE_OPEN = "```text"
FENCE_CLOSE = "```"
SOURCE_PREFIX = "src:"
_HEADER_RE = re.compile(r"^([a-z_]+):[ \t]*(.*?)[ \t]*$")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_LABEL_RE = re.compile(r"^(?:[A-Z_]+|src:[a-z_]+)$")


class HeldoutError(ValueError):
    """A markup or header error in a held-out source file, reported as ``file:line: message``."""

    def __init__(self, path: str | Path, line: int, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(f"{self.path}:{line}: {message}")


@dataclass
class MarkedSpan:
    """One span as marked in the source: offsets into the clean text, its label and marked value."""

    start: int
    end: int
    label: str  # entity label, or the source kind for source spans
    layer: str  # "entity" or "source"
    value: str
    line: int


@dataclass
class Submission:
    """A parsed submission: the gold record plus what the source file says about it."""

    record: dict
    path: str
    line: int
    raw_text: str
    marked: list[MarkedSpan] = field(default_factory=list)
    traps: tuple[str, ...] = ()
    note: str = ""


def parse_markup(raw: str, path: str | Path, first_line: int) -> tuple[str, list[MarkedSpan]]:
    """Strip the markup from ``raw``; return the clean text and the marked spans.

    ``first_line`` is the file line number of ``raw``'s first character, used in error messages.
    """
    out: list[str] = []
    out_len = 0
    stack: list[tuple[str, str, int, int]] = []  # (layer, label, start, line)
    marked: list[MarkedSpan] = []
    line = first_line
    i = 0
    n = len(raw)
    while i < n:
        if raw.startswith("[[", i):
            bar = raw.find("|", i + 2)
            close = raw.find("]]", i + 2)
            newline = raw.find("\n", i + 2)
            limits = [x for x in (close, newline) if x != -1]
            if bar == -1 or (limits and bar > min(limits)):
                raise HeldoutError(path, line, "malformed markup: expected '[[LABEL|value]]' after '[['")
            label = raw[i + 2 : bar]
            if not _LABEL_RE.match(label):
                raise HeldoutError(path, line, f"malformed markup label {label!r}")
            if label.startswith(SOURCE_PREFIX):
                layer, name = "source", label[len(SOURCE_PREFIX) :]
                if name not in SOURCE_KINDS:
                    raise HeldoutError(
                        path, line, f"unknown source kind {name!r} (expected one of {', '.join(SOURCE_KINDS)})"
                    )
            else:
                layer, name = "entity", label
                if name not in ENTITY_LABELS:
                    raise HeldoutError(
                        path, line, f"unknown label {name!r} (expected one of {', '.join(ENTITY_LABELS)})"
                    )
            for open_layer, open_name, _, open_line in stack:
                if open_layer == layer:
                    raise HeldoutError(
                        path,
                        line,
                        f"overlapping spans in the {layer} layer: {name} inside {open_name} opened at line {open_line}",
                    )
                if open_layer == "entity" and layer == "source":
                    raise HeldoutError(
                        path, line, f"source span {name} inside entity {open_name} opened at line {open_line}"
                    )
            stack.append((layer, name, out_len, line))
            i = bar + 1
            continue
        if raw.startswith("]]", i):
            if not stack:
                raise HeldoutError(path, line, "unbalanced markup: ']]' without a matching '[['")
            layer, name, start, open_line = stack.pop()
            value = "".join(out)[start:]
            if not value:
                raise HeldoutError(path, open_line, f"empty {name} span")
            if value != value.strip():
                raise HeldoutError(path, open_line, f"{name} span {value!r} starts or ends with whitespace")
            if layer == "entity" and "\n" in value:
                raise HeldoutError(path, open_line, f"{name} span {value!r} crosses a line break")
            marked.append(MarkedSpan(start, out_len, name, layer, value, open_line))
            i += 2
            continue
        ch = raw[i]
        out.append(ch)
        out_len += 1
        if ch == "\n":
            line += 1
        i += 1
    if stack:
        layer, name, _, open_line = stack[-1]
        raise HeldoutError(path, open_line, f"unbalanced markup: '[[{name}|' is never closed")
    text = "".join(out)
    _check_overlaps(marked, path)
    return text, marked


def _check_overlaps(marked: list[MarkedSpan], path: str | Path) -> None:
    for layer in ("entity", "source"):
        spans = sorted((m for m in marked if m.layer == layer), key=lambda m: (m.start, m.end))
        for a, b in zip(spans, spans[1:]):
            if b.start < a.end:
                raise HeldoutError(path, b.line, f"overlapping spans in the {layer} layer: {a.label} and {b.label}")


def _split_list(value: str, allowed: tuple[str, ...], what: str, path: str | Path, line: int) -> tuple[str, ...]:
    if value.strip().lower() in ("", "none", "-"):
        return ()
    items = [v.strip() for v in value.split(",")]
    for item in items:
        if item not in allowed:
            raise HeldoutError(path, line, f"bad {what} {item!r} (expected one of {', '.join(allowed)})")
    if len(set(items)) != len(items):
        raise HeldoutError(path, line, f"repeated {what} in {value!r}")
    return tuple(sorted(items, key=allowed.index))


def _record(sub_id: str, text: str, partner: str, marked: list[MarkedSpan], categories, outcome, template) -> dict:
    entities = sorted((m for m in marked if m.layer == "entity"), key=lambda m: (m.start, m.end))
    sources = sorted((m for m in marked if m.layer == "source"), key=lambda m: (m.start, m.end))

    def inside_source(m: MarkedSpan) -> bool:
        return any(s.start <= m.start and m.end <= s.end for s in sources)

    return {
        "id": sub_id,
        "text": text,
        "partner": partner,
        "spans": [{"start": m.start, "end": m.end, "label": m.label} for m in entities],
        "source_spans": [{"start": m.start, "end": m.end, "kind": m.label} for m in sources],
        "keep_spans": [{"start": m.start, "end": m.end, "label": m.label} for m in entities if not inside_source(m)],
        "categories": list(categories),
        "outcome": outcome,
        "template": template,
    }


def parse_file(path: str | Path) -> list[Submission]:
    """Parse one held-out markdown file into submissions (in file order)."""
    path = Path(path)
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise HeldoutError(path, 1, f"not UTF-8: {exc}") from None
    if "\r" in content:
        raise HeldoutError(path, content[: content.index("\r")].count("\n") + 1, "carriage return in file")
    lines = content.split("\n")
    template = f"{path.parent.name}/{path.stem}"  # e.g. heldout/school, dev_handwritten/youth
    subs: list[Submission] = []
    seen_record = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("id:"):
            if seen_record and line.strip() and not line.startswith("#"):
                raise HeldoutError(path, i + 1, f"stray text between submissions: {line[:40]!r}")
            i += 1
            continue
        seen_record = True
        start_line = i + 1
        header: dict[str, tuple[str, int]] = {}
        while i < len(lines) and lines[i] != FENCE_OPEN:
            m = _HEADER_RE.match(lines[i])
            if not m:
                raise HeldoutError(path, i + 1, f"expected 'key: value' header line or '{FENCE_OPEN}', got {lines[i][:40]!r}")
            key, value = m.group(1), m.group(2)
            if key not in HEADER_KEYS:
                raise HeldoutError(path, i + 1, f"unknown header key {key!r} (expected one of {', '.join(HEADER_KEYS)})")
            if key in header:
                raise HeldoutError(path, i + 1, f"repeated header key {key!r}")
            header[key] = (value, i + 1)
            i += 1
        if i == len(lines):
            raise HeldoutError(path, start_line, f"submission has no '{FENCE_OPEN}' block")
        for key in REQUIRED_KEYS:
            if key not in header:
                raise HeldoutError(path, start_line, f"missing header key {key!r}")
        fence_line = i + 1
        i += 1
        body: list[str] = []
        while i < len(lines) and lines[i] != FENCE_CLOSE:
            body.append(lines[i])
            i += 1
        if i == len(lines):
            raise HeldoutError(path, fence_line, "text block is never closed with '```'")
        i += 1  # past the closing fence
        raw = "\n".join(body)
        if not raw.strip():
            raise HeldoutError(path, fence_line, "empty text block")

        sub_id, id_line = header["id"]
        if not _ID_RE.match(sub_id):
            raise HeldoutError(path, id_line, f"bad id {sub_id!r}")
        partner, partner_line = header["partner"]
        if partner not in PARTNERS:
            raise HeldoutError(path, partner_line, f"bad partner {partner!r} (expected one of {', '.join(PARTNERS)})")
        outcome, outcome_line = header["outcome"]
        if outcome not in OUTCOMES:
            raise HeldoutError(path, outcome_line, f"bad outcome {outcome!r} (expected one of {', '.join(OUTCOMES)})")
        cat_value, cat_line = header["categories"]
        categories = _split_list(cat_value, CATEGORIES, "category", path, cat_line)
        traps: tuple[str, ...] = ()
        if "traps" in header:
            traps = _split_list(header["traps"][0], TRAPS, "trap", path, header["traps"][1])
        text, marked = parse_markup(raw, path, fence_line + 1)
        subs.append(
            Submission(
                record=_record(sub_id, text, partner, marked, categories, outcome, template),
                path=str(path),
                line=start_line,
                raw_text=raw,
                marked=marked,
                traps=traps,
                note=header.get("note", ("", 0))[0],
            )
        )
    return subs


def source_files(source_dir: str | Path = DEFAULT_SOURCE_DIR) -> list[Path]:
    """The held-out source files: every ``*.md`` in ``source_dir`` except ``README.md``, by name."""
    return sorted(p for p in Path(source_dir).glob("*.md") if p.name != "README.md")


def load_submissions(source_dir: str | Path = DEFAULT_SOURCE_DIR) -> list[Submission]:
    """Parse every source file; submissions sorted by id; ids must be unique across files."""
    files = source_files(source_dir)
    if not files:
        raise ValueError(f"no held-out source files (*.md) in {source_dir}")
    subs: list[Submission] = []
    seen: dict[str, Submission] = {}
    for path in files:
        for sub in parse_file(path):
            sub_id = sub.record["id"]
            if sub_id in seen:
                first = seen[sub_id]
                raise HeldoutError(sub.path, sub.line, f"duplicate id {sub_id!r} (first at {first.path}:{first.line})")
            seen[sub_id] = sub
            subs.append(sub)
    return sorted(subs, key=lambda s: s.record["id"])


def build_records(source_dir: str | Path = DEFAULT_SOURCE_DIR) -> list[dict]:
    """The gold records of the held-out set, sorted by id."""
    return [s.record for s in load_submissions(source_dir)]


def dumps_records(records: list[dict]) -> str:
    """Deterministic JSONL: one record per line, fixed key order, UTF-8 text kept as is."""
    return "".join(json.dumps({k: r[k] for k in RECORD_KEYS}, ensure_ascii=False) + "\n" for r in records)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_records(records: list[dict], output: str | Path) -> Path:
    """Write ``records`` to ``output`` atomically (temporary file in the same folder, then rename)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    data = dumps_records(records).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, output)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.heldout",
        description=(
            "Build the hand-written held-out CPI test set from data/heldout/*.md (inline "
            "[[LABEL|value]] / [[src:kind|phrase]] markup) into gold JSONL "
            "(id, text, partner, spans, source_spans, keep_spans, categories, outcome)."
        ),
    )
    parser.add_argument(
        "--source", default=str(DEFAULT_SOURCE_DIR), help="folder of held-out *.md files (default: %(default)s)"
    )
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="JSONL file to write (default: %(default)s)")
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if OUTPUT differs from a fresh build"
    )
    args = parser.parse_args(argv)
    try:
        records = build_records(args.source)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        output = Path(args.output)
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if current != dumps_records(records):
            print(f"{output} is out of date: run python -m pipeline.heldout --output {output}", file=sys.stderr)
            return 1
        print(f"{output} is up to date ({len(records)} records)")
        return 0
    write_records(records, args.output)
    print(f"wrote {len(records)} records to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
