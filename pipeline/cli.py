"""`cpi` command line: thin argument parsing over plain functions in the package."""

from __future__ import annotations

import argparse
import functools
import json
import logging
import sys
from pathlib import Path

from pipeline.model import DEFAULT_CONFIG, ModelError
from pipeline.patterns_io import PatternFileError
from pipeline.redact import RedactionError
from pipeline.submissions import InputError, Submission, read_text_file

log = logging.getLogger("cpi")

EXIT_OK, EXIT_RECORD_ERRORS, EXIT_USAGE = 0, 1, 2


def _load_pipeline(args, *, triage: bool = True):
    return _cached_pipeline(str(args.config), args.params, getattr(args, "batch_size", None),
                            getattr(args, "strategy", None), triage, getattr(args, "learned_model", None))


@functools.lru_cache(maxsize=4)
def _cached_pipeline(config_path: str, params: str | None, batch_size: int | None, strategy: str | None,
                     triage: bool = True, learned_model: str | None = None):
    # Cached so that notebooks and tests calling main() repeatedly load the model once.
    from pipeline.cpi import PipelineSpec

    return PipelineSpec(config_path, params, batch_size, strategy, triage, learned_model).load()


def _read_one(path: str) -> Submission:
    if path == "-":
        data = sys.stdin.buffer.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise InputError(f"<stdin>: not UTF-8 text (undecodable byte at offset {err.start})") from None
        if not text.strip():
            raise InputError("<stdin>: input is empty")
        return Submission("stdin", text)
    return read_text_file(Path(path))


def _write_text(text: str, output: str | None) -> None:
    if output:
        from pipeline.outputs import atomic_writer

        with atomic_writer(output) as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)


def cmd_analyze(args) -> int:
    submission = _read_one(args.file)
    pipeline = _load_pipeline(args)
    record = pipeline.build_record(submission, pipeline.nlp(submission.text))
    _write_text(json.dumps(record, indent=args.indent or None, ensure_ascii=False) + "\n", args.output)
    return EXIT_OK


def _redaction_policy(args):
    from pipeline.redact import RedactionError, RedactionPolicy

    policy = RedactionPolicy.from_yaml(Path(args.policy)) if args.policy else RedactionPolicy.from_yaml()
    per_type = dict(policy.per_type)
    default = policy.default
    if args.operator:
        default, per_type = args.operator, {}
    for item in args.type_operator or []:
        kind, sep, op = item.partition("=")
        if not sep:
            raise RedactionError(f"--type-operator expects TYPE=OPERATOR, got {item!r}")
        per_type[kind.strip().upper()] = op.strip()
    types = frozenset(t.strip().upper() for t in args.entities.split(",")) if args.entities else None
    return RedactionPolicy(default, per_type, args.mask_keep_last or policy.mask_keep_last, types)


def cmd_sanitise(args) -> int:
    submission = _read_one(args.file)
    pipeline = _load_pipeline(args, triage=False)
    record = pipeline.build_record(submission, pipeline.nlp(submission.text))
    _write_text(record["sanitised_text"].rstrip("\n") + "\n", args.output)
    if args.audit:
        from pipeline.outputs import atomic_writer

        audit = {k: record[k] for k in ("id", "source_removals", "handler_flags")}
        with atomic_writer(args.audit) as handle:
            json.dump(audit, handle, indent=2)
            handle.write("\n")
    if record["handler_flags"]:
        print(f"cpi: {len(record['handler_flags'])} passage(s) flagged for the handler to check "
              f"(offsets in the audit)", file=sys.stderr)
    return EXIT_OK


def cmd_redact(args) -> int:
    from pipeline.sanitise import apply_edits
    from pipeline.documents import (DocumentError, EntityOperators, read_docx, redact_docx,
                                    redaction_edits)
    from pipeline.outputs import atomic_writer
    from pipeline.redact import load_key
    from pipeline.submissions import RecordError

    operators = EntityOperators(_redaction_policy(args), key=load_key(args.key_file))
    source = Path(args.file)
    document = None
    if args.file != "-" and source.suffix.lower() == ".docx":
        if not source.is_file():
            raise InputError(f"{source}: file not found")
        try:
            document = read_docx(source)
        except DocumentError as err:
            raise InputError(f"{source}: {err}") from None
        if not document.text.strip():
            raise InputError(f"{source}: no text found")
        submission = Submission(source.stem, document.text)
    else:
        submission = _read_one(args.file)
    pipeline = _load_pipeline(args, triage=False)  # redaction needs entities and source removals only
    [record] = pipeline.pipe([submission])
    if isinstance(record, RecordError):
        raise InputError(f"{args.file}: {record.reason}")
    operators.start_document()
    edits = redaction_edits(record, operators, source_protection=args.source_protection)
    output = args.output
    if document is not None and (output is None or Path(output).suffix.lower() == ".docx"):
        output = output or str(source.with_name(source.stem + ".redacted.docx"))
        with atomic_writer(output, "wb") as handle:
            blanked = redact_docx(document, edits, handle)
        print(f"cpi: redacted copy written to {output}", file=sys.stderr)
        if blanked:
            print(f"cpi: {blanked} item(s) outside the analysed text (headers, footers, text boxes, comments, "
                  f"tracked changes, author properties) were blanked", file=sys.stderr)
    else:
        _write_text(apply_edits(submission.text, edits), output)
    if args.audit:
        audit = {"id": record["id"], "source_removals": record["source_removals"],
                 "handler_flags": record["handler_flags"],
                 "source_entities": [e for e in record["entities"] if e["source"]]}
        with atomic_writer(args.audit) as handle:
            json.dump(audit, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
    if args.source_protection and record["handler_flags"]:
        print(f"cpi: {len(record['handler_flags'])} passage(s) flagged for the handler to check "
              f"(offsets in the audit)", file=sys.stderr)
    return EXIT_OK


def cmd_decrypt(args) -> int:
    from pipeline.redact import RedactionError, decrypt_text, load_key

    key = load_key(args.key_file)
    if not key:
        raise RedactionError("decrypt needs the key: use --key-file or set CPI_REDACT_KEY")
    submission = _read_one(args.file)
    _write_text(decrypt_text(submission.text, key), args.output)
    return EXIT_OK


def cmd_batch(args) -> int:
    from pipeline.batch import BatchError, default_workers, run_batch, workers_inherit_pipeline
    from pipeline.cpi import PipelineSpec
    from pipeline.documents import EntityOperators
    from pipeline.redact import load_key

    operators = None
    if args.redact or args.consistent_placeholders:
        operators = EntityOperators(_redaction_policy(args), key=load_key(args.key_file),
                                    across_batch=args.consistent_placeholders)
    workers = args.workers or default_workers()
    if workers > 1 and not workers_inherit_pipeline():
        # Each worker loads its own copy of the same pipeline.
        pipeline = PipelineSpec(str(args.config), args.params, args.batch_size, args.strategy,
                                learned_model=args.learned_model)
    else:
        pipeline = _load_pipeline(args)
    output = Path(args.output)
    try:
        summary = run_batch(pipeline, args.input, output, errors_path=args.errors, id_field=args.id_field,
                            text_field=args.text_field, progress=not args.quiet, fmt=args.format,
                            shareable=args.shareable, entities_table=args.entities_table,
                            audit_path=args.audit, order=args.order, workers=workers, resume=args.resume,
                            operators=operators)
    except BatchError as err:
        print(f"cpi: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    if args.summary:
        print(summary.table())
    elif not args.quiet:
        print(f"{summary.processed} records written to {output}; {summary.errors} errors", file=sys.stderr)
    if summary.files.get("audit") and not args.quiet:
        print(f"source audit (restricted, not for sharing): {summary.files['audit']}", file=sys.stderr)
    if summary.errors:
        print(f"{summary.errors} records failed; see {summary.files['errors']}", file=sys.stderr)
        return EXIT_RECORD_ERRORS
    return EXIT_OK


def cmd_evaluate(args) -> int:
    from pipeline.evaluate import evaluate, format_report
    from pipeline.outputs import atomic_writer

    types = [t.strip().upper() for t in args.types.split(",")] if args.types else None
    pipeline = _load_pipeline(args)
    result = evaluate(args.gold, pipeline=pipeline, baseline=args.baseline, types=types)
    print(format_report(result))
    if args.output:
        with atomic_writer(args.output) as handle:
            json.dump(result, handle, indent=2)
            handle.write("\n")
    return EXIT_OK


def _add_redaction_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--entities", help="comma-separated entity types to redact (default: all)")
    p.add_argument("--operator", choices=["replace", "mask", "hash", "encrypt", "redact", "keep"],
                   help="one operator for every type (overrides the policy file)")
    p.add_argument("--type-operator", action="append", metavar="TYPE=OP",
                   help="operator for one type, e.g. PHONE_NUMBER=mask (repeatable)")
    p.add_argument("--mask-keep-last", type=int, help="characters the mask operator keeps at the end")
    p.add_argument("--policy", help="redaction policy YAML (default: patterns/redaction.yaml)")
    p.add_argument("--key-file", help="key for hash/encrypt (or set CPI_REDACT_KEY); never pass a key itself")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cpi",
        description="CPI Pipeline: entities, source protection and triage for Community "
                    "Partnership Information submissions. Runs fully offline.",
    )
    parser.add_argument("--config", default=str(DEFAULT_CONFIG),
                        help="model config YAML naming the spaCy model (default: %(default)s)")
    parser.add_argument("--params", help="YAML with a `pipeline:` section of tunables "
                        "(thresholds, disabled recognisers, strategy), e.g. params.yaml")
    parser.add_argument("--learned-model", metavar="DIR|off",
                        help="learned source tagger and category classifier read next to the rules: a model "
                             "directory, or 'off' for the rules alone (default: models/learned)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details (never text)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("analyze", help="print the intelligence record of one submission as JSON",
                       description="Analyse one submission (a .txt file or '-' for stdin) and print its record as JSON.")
    p.add_argument("file", nargs="?", default="-", help="text file, or - for stdin (default)")
    p.add_argument("-o", "--output", help="write the JSON here instead of stdout")
    p.add_argument("--indent", type=int, default=2, help="JSON indent (default: %(default)s)")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("sanitise", help="print the text with every trace of the reporter removed",
                       description="Source protection for one submission: the reporter's identity, role, "
                                   "contact details, first-person wording and how the information was learnt "
                                   "are removed or rewritten into neutral third person. The removal audit "
                                   "(offsets and reasons) is restricted: it is written only with --audit.")
    p.add_argument("file", help="text file, or - for stdin")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.add_argument("--audit", help="write the restricted removal audit (JSON) here")
    p.add_argument("--strategy", choices=["rewrite", "remove"], help="rewrite clauses (default) or remove sentences")
    p.set_defaults(func=cmd_sanitise)

    p = sub.add_parser("redact", help="write a text or .docx with the source removed and entities replaced",
                       description="Redact one file (.txt, .docx or - for stdin). By default the reporter is "
                                   "removed first (source protection, as `cpi sanitise`) and every entity left "
                                   "becomes a numbered placeholder (<PERSON_1>, the same person always the same "
                                   "number); the policy in patterns/redaction.yaml or the flags below choose "
                                   "other operators. A .docx gives a redacted .docx that keeps its layout "
                                   "(default: FILE.redacted.docx; -o x.txt for text).")
    p.add_argument("file", help="text or .docx file, or - for stdin")
    p.add_argument("-o", "--output", help="output file (default: stdout; for a .docx, FILE.redacted.docx)")
    p.add_argument("--source-protection", action=argparse.BooleanOptionalAction, default=True,
                   help="remove the reporter, their role, contact details and how they knew, as `cpi sanitise` "
                        "does, before applying the operators (default: on)")
    p.add_argument("--audit", help="write the restricted source audit (JSON) here")
    p.add_argument("--strategy", choices=["rewrite", "remove"], help="source protection: rewrite clauses "
                   "(default) or remove sentences")
    _add_redaction_options(p)
    p.set_defaults(func=cmd_redact)

    p = sub.add_parser("decrypt", help="reverse the encrypt operator in a redacted text (authorised users)",
                       description="Decrypt <ENC:TYPE:...> tokens written by `cpi redact --operator encrypt`.")
    p.add_argument("file", help="redacted text file, or - for stdin")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.add_argument("--key-file", help="the key file (or set CPI_REDACT_KEY)")
    p.set_defaults(func=cmd_decrypt)

    p = sub.add_parser("batch", help="process submissions (JSONL, CSV, Excel or a folder) into an intelligence log",
                       description="Process every submission in INPUT - JSONL with id/text per line, CSV or Excel "
                                   "(.xlsx) with id and text columns, one .txt/.docx/.eml file, or a folder of them "
                                   "(id = file name) - and write the log to OUTPUT: .jsonl (full restricted records, "
                                   "or --shareable), .csv, .parquet or .xlsx (one shareable row per submission). "
                                   "The source audit goes to its own restricted file. Bad records go to an errors "
                                   "file and the rest go on; exit code 1 if any failed.")
    p.add_argument("input", help="input .jsonl, .csv, .xlsx, .txt, .docx, .eml, or a folder of .txt/.docx/.eml")
    p.add_argument("-o", "--output", required=True, help="output log; its suffix chooses the format "
                   "(written atomically)")
    p.add_argument("--format", choices=["jsonl", "csv", "parquet", "xlsx"], help="output format (default: from the suffix)")
    p.add_argument("--shareable", action="store_true", help="JSONL: write records without the source audit "
                   "(removals, flags, source entities); offsets index the sanitised text")
    p.add_argument("--audit", help="restricted source audit JSONL (default: OUTPUT.audit.jsonl beside a "
                   "shareable log)")
    p.add_argument("--entities-table", metavar="PATH", help="also write one row per shareable entity "
                   "(.csv, .parquet, .xlsx or .jsonl)")
    p.add_argument("--errors", help="errors JSONL path (default: OUTPUT with .errors.jsonl)")
    p.add_argument("--order", choices=["input", "urgency"], default="input",
                   help="input order (default), or most urgent outcome first")
    p.add_argument("--workers", type=int, help="worker processes (default: the number of CPUs; 1 = this process)")
    p.add_argument("--resume", action="store_true", help="skip ids already in OUTPUT and add the rest to it")
    p.add_argument("--id-field", default="id", help="id field/column (default: %(default)s)")
    p.add_argument("--text-field", default="text", help="text field/column (default: %(default)s)")
    p.add_argument("--batch-size", type=int, help="nlp.pipe batch size (default: from config)")
    p.add_argument("--strategy", choices=["rewrite", "remove"], help="source protection: rewrite clauses "
                   "(default) or remove sentences")
    p.add_argument("--redact", action="store_true", help="apply the redaction operators to the log's text "
                   "(and its entity values)")
    p.add_argument("--consistent-placeholders", action="store_true",
                   help="with --redact: number placeholders across the whole batch (implies --redact)")
    _add_redaction_options(p)
    p.add_argument("--summary", action="store_true", help="print a summary table at the end")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("evaluate", help="score entities, source protection and triage against gold JSONL",
                       description="Score the pipeline against GOLD (JSONL: id, text, spans[start,end,label]; "
                                   "optional source_spans, keep_spans, categories, outcome). Prints precision, "
                                   "recall and F2 per entity type for exact and token-overlap matching.")
    p.add_argument("gold", help="gold JSONL file")
    p.add_argument("--baseline", choices=["presidio"], help="also score vanilla Presidio in the same run")
    p.add_argument("--types", help="comma-separated entity types to score (default: those in the gold)")
    p.add_argument("--output", help="write all metrics as JSON here")
    p.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="cpi: %(levelname)s: %(message)s")
    from pipeline.offline import enforce_offline

    enforce_offline()
    try:
        return args.func(args)
    except (InputError, ModelError, PatternFileError, RedactionError) as err:
        print(f"cpi: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("cpi: interrupted; no partial output was kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
