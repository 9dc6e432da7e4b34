"""Tests for the hand-written held-out set (data/heldout/*.md -> data/samples/heldout.jsonl)."""

from __future__ import annotations

import collections
import json
import os
import re
from pathlib import Path

import pytest

from pipeline import heldout
from pipeline.heldout import (
    CATEGORIES,
    DEFAULT_OUTPUT,
    DEFAULT_SOURCE_DIR,
    ENTITY_LABELS,
    OUTCOMES,
    PARTNERS,
    RECORD_KEYS,
    SOURCE_KINDS,
    HeldoutError,
    build_records,
    dumps_records,
    load_submissions,
    parse_file,
    write_records,
)

MIN_OUTCOMES = {"HIGH": 12, "CRIME": 12, "SAFEGUARDING": 15, "NORMAL": 15}
MIN_PER_CATEGORY = 4
MIN_TRAPS = {"negation": 4, "hypothetical": 3, "historical": 3, "quoted": 3}

MASK_CHARS = set("*xX?")
# A UK-looking phone number, possibly masked: +44 or 0, then 9-10 more digits/mask characters with
# optional single spaces or hyphens between them.
PHONE_LIKE = re.compile(r"(?<![\w*?])(?:\+44[ -]?|0)[\d*xX?](?:[ -]?[\d*xX?]){8,9}(?![\w*?])")
NHS_LIKE = re.compile(r"(?<!\d)999[ -]?\d{3}[ -]?\d{4}(?!\d)")
# (not inside a hyphenated word: "a hand-me-down")
FIRST_PERSON = re.compile(
    r"(?<![\w-])(?:i|i'm|i've|i'd|i'll|im|ive|me|my|mine|myself|we|we're|we've|we'll|our|ours|us|ourselves)(?![\w-])",
    re.IGNORECASE,
)
QUOTED = re.compile(r'"[^"\n]*"|\u201c[^\u201d\n]*\u201d')


# The hand-written sets share the markup and these checks: the held-out test set (never tuned
# on), a second development set written the same way (data/dev_handwritten), and the newest fresh
# round kept apart to measure on (data/dev_fresh).
HANDWRITTEN_SETS = {
    "heldout": {"source": DEFAULT_SOURCE_DIR, "output": DEFAULT_OUTPUT, "size": 60, "prefix": "heldout",
                "designed_variety": True},
    "dev_handwritten": {"source": DEFAULT_SOURCE_DIR.parent / "dev_handwritten",
                        "output": DEFAULT_OUTPUT.parent / "dev_handwritten.jsonl", "size": 1368, "prefix": "dev",
                        "designed_variety": False},
    # A fresh round kept apart to measure on (data/dev_fresh/README.md): too small for the
    # coverage minimums, every other check applies.
    "dev_fresh": {"source": DEFAULT_SOURCE_DIR.parent / "dev_fresh",
                  "output": DEFAULT_OUTPUT.parent / "dev_fresh.jsonl", "size": 24, "prefix": "dev",
                  "designed_variety": False, "coverage": False},
}


@pytest.fixture(scope="module", params=sorted(HANDWRITTEN_SETS))
def handwritten(request):
    return HANDWRITTEN_SETS[request.param]


@pytest.fixture(scope="module")
def submissions(handwritten):
    return load_submissions(handwritten["source"])


@pytest.fixture(scope="module")
def records(submissions):
    return [s.record for s in submissions]


def _value(record: dict, span: dict) -> str:
    return record["text"][span["start"] : span["end"]]


def _national(number: str) -> str:
    compact = re.sub(r"[\s\-().]", "", number)
    if compact.startswith("+44"):
        compact = "0" + compact[3:]
    return compact


def ofcom_compatible(number: str) -> bool:
    """True if the (possibly masked, possibly partial) number can only be an Ofcom drama number.

    A full number (11 characters once +44 is turned into 0) must fit a drama range, masked
    characters matching anything; a fragment without the leading 0 must fit the tail of one.
    """
    compact = _national(number)
    if not re.fullmatch(r"[\d*xX?]+", compact):
        return False
    for prefix in ("07700900", "01632960", "02079460"):
        template = prefix + "???"  # the last three digits are free
        if len(compact) == 11:
            target = template
        elif not compact.startswith("0") and len(compact) < 11:
            target = template[-len(compact) :]
        else:
            continue
        if all(c in MASK_CHARS or t == "?" or c == t for c, t in zip(compact, target)):
            return True
    return False


def nhs_valid(number: str) -> bool:
    digits = re.sub(r"[\s-]", "", number)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# --- the committed file -------------------------------------------------------------------------


def test_committed_file_equals_fresh_build(handwritten):
    out, src = handwritten["output"], handwritten["source"]
    assert out.exists(), f"run: python -m pipeline.heldout --source {src} --output {out}"
    assert out.read_text(encoding="utf-8") == dumps_records(build_records(src))


def test_build_is_deterministic():
    assert dumps_records(build_records()) == dumps_records(build_records())


def test_record_shape(records, handwritten):
    assert len(records) == handwritten["size"]
    ids = [r["id"] for r in records]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for r in records:
        assert tuple(r) == RECORD_KEYS
        assert r["partner"] in PARTNERS
        assert r["outcome"] in OUTCOMES
        assert all(c in CATEGORIES for c in r["categories"])
        assert len(set(r["categories"])) == len(r["categories"])
        assert r["id"].startswith(f"{handwritten['prefix']}-{r['partner']}-")
        assert r["template"] == f"{handwritten['source'].name}/{r['partner']}"
        assert r["text"] and r["text"] == r["text"].strip("\n")
        for line in dumps_records([r]).splitlines():
            assert json.loads(line) == r


# --- spans --------------------------------------------------------------------------------------


def test_spans_inside_text_and_match_marked_values(submissions):
    for sub in submissions:
        r = sub.record
        n = len(r["text"])
        for layer in ("spans", "source_spans", "keep_spans"):
            for s in r[layer]:
                assert 0 <= s["start"] < s["end"] <= n, (r["id"], layer, s)
                v = _value(r, s)
                assert v == v.strip(), (r["id"], v)
        assert all(s["label"] in ENTITY_LABELS for s in r["spans"])
        assert all(s["kind"] in SOURCE_KINDS for s in r["source_spans"])
        # each marked value is exactly the text under its span
        marked = sorted(((m.start, m.end, m.layer, m.label, m.value) for m in sub.marked))
        got = sorted(
            [(s["start"], s["end"], "entity", s["label"], _value(r, s)) for s in r["spans"]]
            + [(s["start"], s["end"], "source", s["kind"], _value(r, s)) for s in r["source_spans"]]
        )
        assert got == marked, r["id"]


def test_text_is_the_source_block_without_markup(submissions):
    """Independent of the converter's parser: deleting the markup tokens gives the record text, and
    the marked values, read left to right, are the span values in order of their start."""
    opener = re.compile(r"\[\[(?:[A-Z_]+|src:[a-z_]+)\|")
    for sub in submissions:
        r = sub.record
        assert opener.sub("", sub.raw_text).replace("]]", "") == r["text"], r["id"]
        n_marks = len(opener.findall(sub.raw_text))
        assert n_marks == sub.raw_text.count("]]") == len(r["spans"]) + len(r["source_spans"]), r["id"]
        # innermost values (no nested markup) in document order
        inner = re.findall(r"\[\[(?:[A-Z_]+|src:[a-z_]+)\|((?:(?!\[\[|\]\]).)*)\]\]", sub.raw_text, re.S)
        tagged = [("entity", s) for s in r["spans"]] + [("source", s) for s in r["source_spans"]]

        def holds(outer, inner_):
            (lo, o), (li, i) = outer, inner_
            if o is i or not (o["start"] <= i["start"] and i["end"] <= o["end"]):
                return False
            same = (o["start"], o["end"]) == (i["start"], i["end"])
            return not same or (lo == "source" and li == "entity")  # a source span wraps its entity

        leaf_spans = sorted(
            (t[1] for t in tagged if not any(holds(t, u) for u in tagged)), key=lambda s: s["start"]
        )
        assert [_value(r, s) for s in leaf_spans] == inner, r["id"]


def test_layers_do_not_overlap_and_keep_spans_are_subject_entities(records):
    for r in records:
        for layer in ("spans", "source_spans"):
            spans = sorted(r[layer], key=lambda s: (s["start"], s["end"]))
            for a, b in zip(spans, spans[1:]):
                assert b["start"] >= a["end"], (r["id"], layer, a, b)
        sources = r["source_spans"]

        def in_source(s):
            return any(o["start"] <= s["start"] and s["end"] <= o["end"] for o in sources)

        assert r["keep_spans"] == [s for s in r["spans"] if not in_source(s)], r["id"]
        # an entity either lies inside a source span or outside all of them, never across one
        for s in r["spans"]:
            for o in sources:
                crosses = s["start"] < o["end"] and o["start"] < s["end"]
                assert not crosses or (o["start"] <= s["start"] and s["end"] <= o["end"]), (r["id"], s, o)


def test_unmarked_first_person_is_only_inside_quotes(records):
    """Every reporter pronoun is a source span; what is left is a subject speaking in quotes."""
    for r in records:
        t = r["text"]
        covered = [(s["start"], s["end"]) for s in r["source_spans"]]
        covered += [(m.start(), m.end()) for m in QUOTED.finditer(t)]
        for m in FIRST_PERSON.finditer(t):
            if t[max(0, m.start() - 5) : m.end()] == "Find My":  # Apple's location app, not a pronoun
                continue
            assert any(a <= m.start() < b for a, b in covered), (r["id"], t[max(0, m.start() - 30) : m.end() + 30])


def test_entity_conventions(records):
    for r in records:
        for s in r["spans"]:
            v = _value(r, s)
            if s["label"] == "PERSON":
                assert not re.match(r"(?i)(mr|mrs|miss|ms|dr|imam)\.?\s", v), (r["id"], v)
                assert not v.startswith('"') and not v.endswith('"'), (r["id"], v)
            if s["label"] in ("LOCATION", "VEHICLE", "ORGANIZATION"):
                assert not re.match(r"(?i)(the|a|an)\s", v), (r["id"], v)
            if s["label"] == "DATE_TIME":
                assert not re.search(r"(?i)\b(aged|years? old)\b", v), (r["id"], v)
            if s["label"] == "PHONE_NUMBER":
                assert _national(v) not in ("999", "101", "111"), (r["id"], v)
            if s["label"] == "EMAIL_ADDRESS":
                assert re.fullmatch(r"[\w.+-]+@(?:[\w-]+\.)*example\.(?:com|org|net)", v), (r["id"], v)
            if s["label"] == "UK_NINO":
                assert re.fullmatch(r"QQ ?\d{2} ?\d{2} ?\d{2} ?[A-D]", v), (r["id"], v)
            if s["label"] == "UK_POSTCODE":
                assert re.fullmatch(r"(?i)[A-Z]{1,2}\d[A-Z\d]?(?: ?\d[A-Z]{2})?", v), (r["id"], v)


# --- identifiers ---------------------------------------------------------------------------------


def test_ofcom_helper():
    assert ofcom_compatible("07700 900418")
    assert ofcom_compatible("+44 7700 900 213")
    assert ofcom_compatible("020 7946 0382")
    assert ofcom_compatible("07xxx xxx 291")
    assert ofcom_compatible("07*** 9*0*7*")
    assert ofcom_compatible("9*0*1*")
    assert not ofcom_compatible("07911 123456")
    assert not ofcom_compatible("07*** 8*2*1*")  # the 9 of 900 is shown as 8
    assert not ofcom_compatible("01234 567890")


def test_every_phone_like_number_is_in_the_ofcom_ranges(records):
    for r in records:
        t = r["text"]
        phones = [s for s in r["spans"] if s["label"] == "PHONE_NUMBER"]
        for s in phones:
            assert ofcom_compatible(_value(r, s)), (r["id"], _value(r, s))
        for m in PHONE_LIKE.finditer(t):
            assert ofcom_compatible(m.group()), (r["id"], m.group())
            assert any(s["start"] <= m.start() and m.end() <= s["end"] for s in phones), (
                r["id"],
                f"unlabelled phone {m.group()!r}",
            )
        # no other long digit run that could be a real subscriber number
        for m in re.finditer(r"(?<!\d)\d{7,}(?!\d)", t):
            assert any(s["start"] <= m.start() and m.end() <= s["end"] for s in r["spans"]), (r["id"], m.group())


def test_nhs_numbers_pass_mod_11(records, handwritten):
    seen = 0
    for r in records:
        nhs = [s for s in r["spans"] if s["label"] == "UK_NHS"]
        for s in nhs:
            v = _value(r, s)
            assert re.sub(r"[\s-]", "", v).startswith("999") and nhs_valid(v), (r["id"], v)
            seen += 1
        for m in NHS_LIKE.finditer(r["text"]):
            assert any(s["start"] <= m.start() and m.end() <= s["end"] for s in nhs), (r["id"], m.group())
    if handwritten.get("coverage", True):
        assert seen >= 3
    assert nhs_valid("943 476 5919") and not nhs_valid("943 476 5918")


# --- coverage ------------------------------------------------------------------------------------


def test_coverage_minimums(submissions, records, handwritten):
    if not handwritten.get("coverage", True):
        pytest.skip("a small fresh round: no coverage minimums")
    outcomes = collections.Counter(r["outcome"] for r in records)
    for outcome, minimum in MIN_OUTCOMES.items():
        assert outcomes[outcome] >= minimum, (outcome, outcomes)
    categories = collections.Counter(c for r in records for c in r["categories"])
    for category in CATEGORIES:
        assert categories[category] >= MIN_PER_CATEGORY, (category, categories)
    assert set(r["partner"] for r in records) == set(PARTNERS)
    traps = collections.Counter(t for s in submissions for t in s.traps)
    for trap, minimum in MIN_TRAPS.items():
        assert traps[trap] >= minimum, (trap, traps)
    labels = collections.Counter(s["label"] for r in records for s in r["spans"])
    assert set(labels) == set(ENTITY_LABELS), labels
    kinds = collections.Counter(s["kind"] for r in records for s in r["source_spans"])
    assert set(kinds) == set(SOURCE_KINDS), kinds
    if handwritten["designed_variety"]:
        assert any(not r["categories"] for r in records)


def test_every_partner_type_writes_in_the_first_person_with_reporter_details(records):
    for partner in PARTNERS:
        mine = [r for r in records if r["partner"] == partner]
        assert any(s["kind"] == "first_person" for r in mine for s in r["source_spans"]), partner
        reporter_entities = [
            _value(r, s)
            for r in mine
            for s in r["spans"]
            if s not in r["keep_spans"] and s["label"] in ("PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "ORGANIZATION")
        ]
        assert len(reporter_entities) >= 3, (partner, reporter_entities)
        assert any(s["kind"] == "signoff" for r in mine for s in r["source_spans"]), partner


def test_surface_variety():
    """The held-out set was written to a checklist: each hard form at least once."""
    records = build_records(DEFAULT_SOURCE_DIR)

    def values(label):
        return [_value(r, s) for r in records for s in r["spans"] if s["label"] == label]

    plates = values("UK_VEHICLE_REGISTRATION")
    assert any(p == p.lower() and " " in p for p in plates)  # lower case
    assert any(" " not in p and len(p) == 7 for p in plates)  # no space
    assert any("?" in p for p in plates)  # unknown characters
    assert any(re.fullmatch(r"[A-Z]{2}\d{2}", p) for p in plates)  # start only
    assert any(re.fullmatch(r"[A-Za-z]\d{1,3} ?[A-Za-z]{3}", p) for p in plates)  # prefix format
    assert any(re.fullmatch(r"[A-Z]{3} \d{1,3}[A-Z]", p) for p in plates)  # suffix format
    assert any(re.fullmatch(r"[A-Z]{2}Z \d{1,4}", p) for p in plates)  # Northern Ireland
    persons = values("PERSON")
    assert any(re.fullmatch(r"\w\*+ \w\*+", p) for p in persons)  # P**** R****
    assert any(re.fullmatch(r"\w\*+", p) for p in persons)  # J***
    assert "XXXX" in persons and "XXXX" in values("LOCATION")
    assert any(p == p.lower() for p in persons) and any(p == p.upper() and len(p) > 3 for p in persons)
    phones = values("PHONE_NUMBER")
    assert any("*" in p for p in phones) and any("x" in p for p in phones)
    assert any(p.startswith("+44") for p in phones) and any(not p.startswith("0") and not p.startswith("+") for p in phones)
    postcodes = values("UK_POSTCODE")
    assert any(" " in p for p in postcodes) and any(" " not in p for p in postcodes)
    assert any(h.startswith("@") for h in values("SOCIAL_HANDLE")) and any(
        not h.startswith("@") for h in values("SOCIAL_HANDLE")
    )
    assert any(re.search(r"Flat \d+", v) for v in values("LOCATION"))


# --- markup errors ------------------------------------------------------------------------------

GOOD_HEADER = "id: t-01\npartner: school\ncategories: DRUGS\noutcome: NORMAL\n"


def _write(tmp_path: Path, body: str, name: str = "bad.md") -> Path:
    path = tmp_path / name
    path.write_text("# preamble, ignored: [[NOT|parsed]]\n\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text_line, message",
    [
        ("[[PERSN|Kayla Brown]] was seen", "unknown label 'PERSN'"),
        ("[[src:witness|I]] saw it", "unknown source kind 'witness'"),
        ("[[PERSON|Kayla Brown was seen", "never closed"),
        ("Kayla Brown]] was seen", "without a matching"),
        ("[[PERSON Kayla Brown]] was seen", "malformed markup"),
        ("[[LOCATION|[[LOCATION|Flat 3]], 22 London Road]]", "overlapping spans in the entity layer"),
        ("[[src:how_learnt|[[src:first_person|I]] was told]]", "overlapping spans in the source layer"),
        ("[[PERSON|[[src:reporter_name|Kayla]]]]", "inside entity"),
        ("[[PERSON|Kayla ]] was seen", "whitespace"),
        ("[[PERSON|]] was seen", "empty"),
    ],
)
def test_markup_errors_name_file_and_line(tmp_path, text_line, message):
    body = GOOD_HEADER + "```text\nFirst line is fine.\n" + text_line + "\n```\n"
    path = _write(tmp_path, body)
    # preamble (2 lines) + 4 header lines + fence + first text line -> the bad line is line 9
    with pytest.raises(ValueError) as info:
        parse_file(path)
    assert isinstance(info.value, HeldoutError)
    assert f"bad.md:9: " in str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize(
    "header, line, message",
    [
        ("id: t-01\npartner: school\ncategories: DRUGS, GANGS\noutcome: NORMAL\n", 5, "bad category 'GANGS'"),
        ("id: t-01\npartner: school\ncategories: DRUGS\noutcome: URGENT\n", 6, "bad outcome 'URGENT'"),
        ("id: t-01\npartner: police\ncategories: DRUGS\noutcome: NORMAL\n", 4, "bad partner 'police'"),
        ("id: t-01\npartner: school\ncategories: DRUGS\n", 3, "missing header key 'outcome'"),
        ("id: t-01\npartner: school\ncategories: DRUGS\noutcome: NORMAL\nmood: grim\n", 7, "unknown header key"),
        ("id: t-01\npartner: school\ncategories: DRUGS, DRUGS\noutcome: NORMAL\n", 5, "repeated category"),
        ("id: t-01\npartner: school\ncategories: DRUGS\noutcome: NORMAL\ntraps: sarcasm\n", 7, "bad trap"),
    ],
)
def test_header_errors_name_file_and_line(tmp_path, header, line, message):
    path = _write(tmp_path, header + "```text\nA note.\n```\n")
    with pytest.raises(HeldoutError) as info:
        parse_file(path)
    assert f"bad.md:{line}: " in str(info.value)
    assert message in str(info.value)


def test_structure_errors_name_file_and_line(tmp_path):
    unclosed = _write(tmp_path, GOOD_HEADER + "```text\nA note.\n", name="unclosed.md")
    with pytest.raises(HeldoutError, match=r"unclosed\.md:7: text block is never closed"):
        parse_file(unclosed)
    stray = _write(tmp_path, GOOD_HEADER + "```text\nA note.\n```\nstray words\n", name="stray.md")
    with pytest.raises(HeldoutError, match=r"stray\.md:10: stray text"):
        parse_file(stray)
    nofence = _write(tmp_path, GOOD_HEADER + "\nA note.\n", name="nofence.md")
    with pytest.raises(HeldoutError, match=r"nofence\.md:7: expected 'key: value'"):
        parse_file(nofence)


def test_duplicate_ids_across_files(tmp_path):
    body = GOOD_HEADER + "```text\nA note about [[PERSON|Kayla Brown]].\n```\n"
    _write(tmp_path, body, name="a.md")
    _write(tmp_path, body, name="b.md")
    with pytest.raises(HeldoutError, match=r"b\.md:3: duplicate id 't-01' \(first at .*a\.md:3\)"):
        load_submissions(tmp_path)


def test_a_small_file_parses_to_the_gold_shape(tmp_path):
    body = (
        "id: t-02\npartner: health\ncategories: none\noutcome: NORMAL\ntraps: quoted\nnote: ok\n"
        "```text\n"
        "[[src:first_person|I]] saw [[PERSON|Kayla Brown]] get into a [[VEHICLE|silver Ford Focus]].\n"
        '[[src:signoff|[[PERSON|Ann Lee]]\n[[PHONE_NUMBER|01632 960001]]]] "I am fine"\n'
        "```\n\n## next\n\n" + GOOD_HEADER + "```text\nSecond.\n```\n"
    )
    path = _write(tmp_path, body, name="small.md")
    subs = parse_file(path)
    assert [s.record["id"] for s in subs] == ["t-02", "t-01"]
    r = subs[0].record
    assert r["text"] == 'I saw Kayla Brown get into a silver Ford Focus.\nAnn Lee\n01632 960001 "I am fine"'
    assert r["categories"] == [] and subs[0].traps == ("quoted",) and subs[0].note == "ok"
    assert [(_value(r, s), s["label"]) for s in r["spans"]] == [
        ("Kayla Brown", "PERSON"),
        ("silver Ford Focus", "VEHICLE"),
        ("Ann Lee", "PERSON"),
        ("01632 960001", "PHONE_NUMBER"),
    ]
    assert [(_value(r, s), s["kind"]) for s in r["source_spans"]] == [
        ("I", "first_person"),
        ("Ann Lee\n01632 960001", "signoff"),
    ]
    assert [_value(r, s) for s in r["keep_spans"]] == ["Kayla Brown", "silver Ford Focus"]
    assert r["template"] == f"{tmp_path.name}/small"  # the folder name, then the file stem


# --- the command --------------------------------------------------------------------------------


def test_cli_writes_atomically_and_checks(tmp_path, capsys):
    out = tmp_path / "out" / "heldout.jsonl"
    assert heldout.main(["--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == dumps_records(build_records())
    assert sorted(p.name for p in out.parent.iterdir()) == ["heldout.jsonl"]  # no temp file left
    assert heldout.main(["--output", str(out), "--check"]) == 0
    out.write_text("stale\n", encoding="utf-8")
    assert heldout.main(["--output", str(out), "--check"]) == 1


def test_cli_reports_markup_errors(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    _write(src, GOOD_HEADER + "```text\n[[PERSN|x]]\n```\n")
    assert heldout.main(["--source", str(src), "--output", str(tmp_path / "o.jsonl")]) == 2
    assert "bad.md:8: unknown label 'PERSN'" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()


def test_cli_help():
    with pytest.raises(SystemExit) as info:
        heldout.main(["--help"])
    assert info.value.code == 0


def test_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "heldout.jsonl"
    out.write_text("old\n", encoding="utf-8")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_records(build_records(), out)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["heldout.jsonl"]


def test_default_paths():
    assert DEFAULT_SOURCE_DIR.name == "heldout" and DEFAULT_SOURCE_DIR.parent.name == "data"
    assert DEFAULT_OUTPUT.name == "heldout.jsonl"
