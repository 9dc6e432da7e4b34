"""Tests for the synthetic gold corpus generator (pipeline/corpus.py) and the committed samples."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
import yaml

from pipeline import corpus
from pipeline.corpus import (
    CATEGORIES,
    DEFAULT_TEMPLATES_DIR,
    OUTCOMES,
    PARTNERS,
    RECORD_KEYS,
    SOURCE_KINDS,
    TemplateError,
    dumps_corpus,
    generate_corpus,
    load_lexicon,
    load_templates,
    nhs_check_digit,
    parse_template,
    render,
    write_corpus,
)

SAMPLES_DIR = corpus.REPO_ROOT / "data" / "samples"
GOLD_PATH = SAMPLES_DIR / "gold.jsonl"
SUBMISSIONS_PATH = SAMPLES_DIR / "submissions.jsonl"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return generate_corpus()


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(DEFAULT_TEMPLATES_DIR)


@pytest.fixture(scope="module")
def templates(lexicon):
    return load_templates(DEFAULT_TEMPLATES_DIR, lexicon)


def span_text(record: dict, span: dict) -> str:
    return record["text"][span["start"]:span["end"]]


def covered(position: int, spans: list[dict]) -> bool:
    return any(s["start"] <= position < s["end"] for s in spans)


def inside_quotes(text: str, position: int) -> bool:
    # Templates only use straight double quotes, so an odd count before a position means "inside".
    return text.count('"', 0, position) % 2 == 1


# --------------------------------------------------------------------------- determinism and shape
def test_corpus_same_seed_gives_identical_bytes():
    assert dumps_corpus(generate_corpus(size=60, seed=7)) == dumps_corpus(generate_corpus(size=60, seed=7))


def test_corpus_different_seed_gives_different_corpus():
    assert dumps_corpus(generate_corpus(size=60, seed=7)) != dumps_corpus(generate_corpus(size=60, seed=8))


def test_corpus_does_not_touch_global_random():
    random.seed(99)
    expected = random.random()
    random.seed(99)
    generate_corpus(size=20)
    assert random.random() == expected


def test_committed_gold_equals_fresh_generation():
    fresh = dumps_corpus(generate_corpus())
    assert GOLD_PATH.read_text(encoding="utf-8") == fresh, (
        "data/samples/gold.jsonl is stale: run "
        "`python -m pipeline.corpus --size 240 --seed 13 --output data/samples/gold.jsonl`"
    )


def test_corpus_default_size_and_ids(records):
    assert len(records) == 240
    assert [r["id"] for r in records] == [f"gold-{n:04d}" for n in range(1, 241)]


def test_corpus_record_shape(records, templates):
    template_ids = {t.id for t in templates}
    for record in records:
        assert tuple(record) == RECORD_KEYS
        assert record["partner"] in PARTNERS
        assert record["outcome"] in OUTCOMES
        assert record["template"] in template_ids
        assert record["categories"] == [c for c in CATEGORIES if c in record["categories"]]
        for span in record["source_spans"]:
            assert span["kind"] in SOURCE_KINDS


def test_corpus_uses_at_least_60_templates(records, templates):
    assert len(templates) >= 60
    assert len({r["template"] for r in records}) == len(templates)


# --------------------------------------------------------------------------- spans
@pytest.mark.parametrize("layer", ["spans", "source_spans", "keep_spans"])
def test_spans_inside_text_and_trimmed(records, layer):
    for record in records:
        for span in record[layer]:
            assert 0 <= span["start"] < span["end"] <= len(record["text"]), (record["id"], span)
            value = span_text(record, span)
            assert value == value.strip(), (record["id"], value)


@pytest.mark.parametrize("layer", ["spans", "source_spans", "keep_spans"])
def test_spans_do_not_overlap_within_a_layer(records, layer):
    for record in records:
        spans = sorted(record[layer], key=lambda s: (s["start"], s["end"]))
        for before, after in zip(spans, spans[1:]):
            assert before["end"] <= after["start"], (record["id"], before, after)


def test_rendered_slot_values_sit_at_their_offsets(templates, lexicon):
    rng = random.Random(5)
    for template in templates:
        for _ in range(5):
            rendered = render(template, rng, lexicon)
            for start, end, value in rendered.fills:
                assert rendered.text[start:end] == value, template.id


def test_keep_spans_are_a_subset_of_spans(records):
    for record in records:
        assert all(span in record["spans"] for span in record["keep_spans"]), record["id"]


def test_reporter_entities_are_dropped_from_keep_and_covered_by_source(records):
    for record in records:
        for span in record["spans"]:
            if span not in record["keep_spans"]:
                assert any(
                    s["start"] <= span["start"] and span["end"] <= s["end"] for s in record["source_spans"]
                ), (record["id"], span_text(record, span))


# fmt: off
SPAN_FORMATS = {
    "UK_POSTCODE": r"(?i)[A-Z]{1,2}\d[A-Z\d]?( \d[A-Z]{2})?",
    # current (full or partial), prefix, suffix, Northern Ireland
    "UK_VEHICLE_REGISTRATION": r"(?i)[A-Z]{2}\d{2} ?[A-Z?]{0,3}|[A-Z]\d{1,3} ?[A-Z]{3}|[A-Z]{3} ?\d{1,3}[A-Z]"
                               r"|[A-Z]{3} ?\d{1,4}",
    "PHONE_NUMBER": r"(\+44 ?|\(?0)[\d ()*x]{8,}|[\d*]{6}",
    "EMAIL_ADDRESS": r"[a-z0-9._]+@example\.(com|org|net)",
    "SOCIAL_HANDLE": r"@?[a-z0-9._]+",
    "UK_NINO": r"QQ ?\d{2} ?\d{2} ?\d{2} ?[A-D]",
    "UK_NHS": r"999 ?\d{3} ?\d{4}",
}
# fmt: on


@pytest.mark.parametrize("label,pattern", SPAN_FORMATS.items())
def test_span_values_have_the_right_shape(records, label, pattern):
    values = [span_text(r, s) for r in records for s in r["spans"] if s["label"] == label]
    assert values, f"no {label} spans in the corpus"
    for value in values:
        assert re.fullmatch(pattern, value), (label, value)


def test_current_format_plates_are_valid(records):
    current = re.compile(r"([A-Z]{2})(\d{2})([A-Z]{3})")
    for record in records:
        for span in record["spans"]:
            if span["label"] != "UK_VEHICLE_REGISTRATION":
                continue
            match = current.fullmatch(span_text(record, span).upper().replace(" ", ""))
            if match:
                tag, age, letters = match.groups()
                assert not set(tag) & set("IQZ"), tag
                assert 2 <= int(age) <= 26 or 51 <= int(age) <= 76, age
                assert not set(letters) & set("IQ"), letters


# --------------------------------------------------------------------------- numbers
# A UK number: 0 or +44, then 9-10 more digits with optional spaces and brackets.
UK_PHONE = re.compile(r"(?<![\w+])\(?(?:\+44\s?\(?0?\)?\s?|0)(?:[\s()]*\d){9,10}(?!\d)")
OFCOM_DRAMA = re.compile(r"07700900\d{3}|01632960\d{3}|02079460\d{3}")


def uk_numbers(text: str) -> list[re.Match]:
    return list(UK_PHONE.finditer(text))


def normalise_phone(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    return "0" + digits[2:] if digits.startswith("44") else digits


# fmt: off
@pytest.mark.parametrize("text,expected", [
    ("call 07700 900123 now", ["07700900123"]),
    ("+44 7700 900456", ["07700900456"]),
    ("(020) 7946 0123", ["02079460123"]),
    ("(01632) 960999 or 01632960000", ["01632960999", "01632960000"]),
    ("NHS 999 012 3452, aged 15, ring 999 or 101", []),
    ("masked 07*** 9*0*2* and 07xxx xxx123", []),
])
# fmt: on
def test_phone_scanner_finds_uk_numbers(text, expected):
    assert [normalise_phone(m.group()) for m in uk_numbers(text)] == expected


def test_every_phone_number_in_the_corpus_is_ofcom_drama_range(records):
    for record in records:
        for match in uk_numbers(record["text"]):
            assert OFCOM_DRAMA.fullmatch(normalise_phone(match.group())), (record["id"], match.group())
            phone_spans = [s for s in record["spans"] if s["label"] == "PHONE_NUMBER"]
            assert covered(match.start() + len(match.group()) - 1, phone_spans), (record["id"], match.group())


# fmt: off
@pytest.mark.parametrize("number,valid", [
    ("9434765919", True),   # the example in data/ANNOTATION.md
    ("4010232137", True),
    ("9434765918", False),
    ("1234567890", False),  # check digit would be 10: no valid number
])
# fmt: on
def test_nhs_check_digit(number, valid):
    assert (nhs_check_digit(number[:9]) == int(number[9])) is valid


def test_every_nhs_span_passes_mod_11(records):
    spans = [span_text(r, s) for r in records for s in r["spans"] if s["label"] == "UK_NHS"]
    assert spans
    for value in spans:
        digits = value.replace(" ", "")
        assert nhs_check_digit(digits[:9]) == int(digits[9]), value


# --------------------------------------------------------------------------- labelling consistency
TEMPORAL_WORDS = re.compile(
    r"\b(today|tonight|tomorrow|yesterday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"January|February|March|April|June|July|August|September|October|November|December|"
    r"(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
FIRST_PERSON = re.compile(r"\b(I|me|my|mine|we|our|us|myself|ourselves)\b", re.IGNORECASE)


def test_temporal_words_are_always_date_time_spans(records):
    for record in records:
        dates = [s for s in record["spans"] if s["label"] == "DATE_TIME"]
        others = [s for s in record["spans"] if s["label"] != "DATE_TIME"]
        for match in TEMPORAL_WORDS.finditer(record["text"]):
            if covered(match.start(), others):
                continue  # e.g. the digits of a plate or an NI number
            assert covered(match.start(), dates), (record["id"], match.group())


def test_place_names_are_always_location_spans(records, lexicon):
    names = sorted({*lexicon["towns"], *(a for t in lexicon["towns"].values() for a in t["areas"])}, key=len)
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in reversed(names)) + r")\b")
    for record in records:
        for match in pattern.finditer(record["text"]):
            assert covered(match.start(), record["spans"]), (record["id"], match.group())


def test_unmarked_first_person_is_only_inside_quotes(records):
    """First person is the reporter unless quoted: the child's "I owe them" or the family's "we"."""
    for record in records:
        for match in FIRST_PERSON.finditer(record["text"]):
            if covered(match.start(), record["source_spans"]) or covered(match.start(), record["spans"]):
                continue
            assert inside_quotes(record["text"], match.start()), (record["id"], match.group())


def test_quoted_first_person_is_never_a_source_span(records):
    found = 0
    for record in records:
        for match in FIRST_PERSON.finditer(record["text"]):
            if inside_quotes(record["text"], match.start()):
                found += 1
                assert not covered(match.start(), record["source_spans"]), (record["id"], match.group())
    assert found >= 10


def test_texts_are_tidy(records):
    for record in records:
        text = record["text"]
        assert text == text.strip(), record["id"]
        assert "  " not in text, record["id"]
        assert text.count('"') % 2 == 0, record["id"]
        assert not re.search(r"[{}\[\]<>|]", text), record["id"]


# --------------------------------------------------------------------------- coverage
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_outcome_has_at_least_20_records(records, outcome):
    assert sum(r["outcome"] == outcome for r in records) >= 20


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_has_at_least_12_records(records, category):
    assert sum(category in r["categories"] for r in records) >= 12


def test_first_person_records_cover_partners_and_source_kinds(records):
    first_person = [r for r in records if any(s["kind"] == "first_person" for s in r["source_spans"])]
    assert len(first_person) >= 40
    assert {r["partner"] for r in first_person} == set(PARTNERS)
    assert {s["kind"] for r in first_person for s in r["source_spans"]} == set(SOURCE_KINDS)


@pytest.mark.parametrize("label", corpus.ENTITY_LABELS)
def test_every_entity_label_is_used(records, label):
    assert any(s["label"] == label for r in records for s in r["spans"])


# fmt: off
HARD_CASES = {
    # a subject whose surname is a job title is still a kept PERSON
    "job-title surname": lambda r: any(
        span_text(r, s).endswith((" Nurse", " Carer")) for s in r["keep_spans"] if s["label"] == "PERSON"),
    # the reporter's workplace named as the scene of events
    "workplace is the scene": lambda r: any(
        s["label"] == "LOCATION" and s not in r["keep_spans"] for s in r["spans"]),
    "already-hidden XXXX": lambda r: any(span_text(r, s) == "XXXX" for s in r["keep_spans"]),
    "partner-masked name": lambda r: any(
        "*" in span_text(r, s) for s in r["spans"] if s["label"] == "PERSON"),
    "lowercase plate": lambda r: any(
        span_text(r, s).islower() for s in r["spans"] if s["label"] == "UK_VEHICLE_REGISTRATION"),
    "partial plate": lambda r: any(
        "?" in span_text(r, s) or len(span_text(r, s).replace(" ", "")) <= 5
        for s in r["spans"] if s["label"] == "UK_VEHICLE_REGISTRATION"),
    "outward postcode": lambda r: any(
        " " not in span_text(r, s) for s in r["spans"] if s["label"] == "UK_POSTCODE"),
    "masked phone": lambda r: any("*" in span_text(r, s) for s in r["spans"] if s["label"] == "PHONE_NUMBER"),
    "service number": lambda r: re.search(r"\b(999|101|111)\b", r["text"]) is not None,
}
# fmt: on


@pytest.mark.parametrize("name", HARD_CASES)
def test_hard_cases_are_in_the_corpus(records, name):
    assert any(HARD_CASES[name](r) for r in records), name


# fmt: off
# Trap template -> the categories its wording mentions but does not report.
TRAPS = {
    "trap-negation-denies-knife": {"WEAPONS", "DRUGS", "CCE"},
    "trap-hypothetical-if-he-went-missing": {"MISSING"},
    "trap-history-exploited-no-current-concerns": {"CSE"},
    "trap-quote-runaway-story": {"MISSING"},
    "trap-history-da-neighbour-dealing": {"DOMESTIC_ABUSE"},
    "trap-advice-if-caught-with-knife": {"WEAPONS"},
    "trap-history-cce-now-criminal-damage": {"CCE"},
    "trap-quote-drill-lyrics": {"WEAPONS", "OCG"},
    "trap-negation-no-exploitation-dads-car": {"CSE", "MISSING"},
    "trap-hypothetical-far-right-stickers": {"RADICALISATION"},
    "trap-joke-kill-me-brother-dealing": {"DOMESTIC_ABUSE"},
    "trap-negation-no-knife-found-cannabis": {"WEAPONS"},
}
# fmt: on


@pytest.mark.parametrize("template_id,trapped", TRAPS.items())
def test_trap_records_do_not_carry_the_trapped_category(records, template_id, trapped):
    trap_records = [r for r in records if r["template"] == template_id]
    assert trap_records, f"{template_id} not in the default corpus"
    for record in trap_records:
        assert not trapped & set(record["categories"]), record["id"]
        assert record["outcome"] == "NORMAL"


# --------------------------------------------------------------------------- category mix
def test_category_mix_only_draws_weighted_templates():
    mixed = generate_corpus(size=40, category_mix={"RADICALISATION": 1.0})
    assert all("RADICALISATION" in r["categories"] for r in mixed)


@pytest.mark.parametrize("mix", [{"KNIVES": 1.0}, {"DRUGS": -1.0}, {"DRUGS": 0.0}])
def test_category_mix_rejects_bad_weights(mix):
    with pytest.raises(ValueError):
        generate_corpus(size=5, category_mix=mix)


# --------------------------------------------------------------------------- template parsing
def test_parse_template_nodes():
    nodes = parse_template("[[first_person|I]] saw {person:c|lower} <<at|near>> {park}.")
    kinds = [type(n).__name__ for n in nodes]
    assert kinds == ["SourcePhrase", "Text", "Slot", "Text", "Choice", "Text", "Slot", "Text"]
    assert nodes[2] == corpus.Slot("person", "c", ("lower",))


# fmt: off
@pytest.mark.parametrize("text", [
    "unclosed {person",
    "unclosed [[first_person|I",
    "unclosed <<a|b",
    "stray ]] here",
    "stray >> here",
    "bad slot {Person}",
])
# fmt: on
def test_parse_template_rejects_broken_markup(text):
    with pytest.raises(TemplateError):
        parse_template(text)


# fmt: off
@pytest.mark.parametrize("text,problem", [
    ("{no_such_slot}", "unknown slot"),
    ("[[gossip|I heard]]", "unknown source kind"),
    ("[[how_learnt|at {address}]]", "inside a"),
    ("{plate|shout}", "unknown modifiers"),
])
# fmt: on
def test_bad_templates_are_rejected(tmp_path, text, problem):
    lexicon_text = (DEFAULT_TEMPLATES_DIR / "lexicon.yaml").read_text(encoding="utf-8")
    (tmp_path / "lexicon.yaml").write_text(lexicon_text, encoding="utf-8")
    template = {"id": "broken", "reporter": "gp", "outcome": "NORMAL", "categories": [], "text": text}
    (tmp_path / "broken.yaml").write_text(yaml.safe_dump({"templates": [template]}), encoding="utf-8")
    with pytest.raises(TemplateError, match=problem):
        generate_corpus(size=1, templates_dir=tmp_path)


# --------------------------------------------------------------------------- writing and CLI
def test_write_corpus_is_atomic_and_leaves_no_temp_files(tmp_path):
    records = generate_corpus(size=3)
    target = tmp_path / "out" / "gold.jsonl"
    write_corpus(target, records)
    assert target.read_text(encoding="utf-8") == dumps_corpus(records)
    assert [p.name for p in target.parent.iterdir()] == ["gold.jsonl"]
    assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600


def test_main_writes_requested_corpus(tmp_path, capsys):
    target = tmp_path / "gold.jsonl"
    assert corpus.main(["--size", "5", "--seed", "3", "--output", str(target), "--stats"]) == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [f"gold-{n:04d}" for n in range(1, 6)]
    assert "outcome:" in capsys.readouterr().err


def test_main_reports_bad_mix_as_an_error(capsys):
    assert corpus.main(["--size", "5", "--output", "-", "--mix", "KNIVES=1"]) == 2
    assert "unknown categories" in capsys.readouterr().err


# --------------------------------------------------------------------------- hand-written samples
def sample_texts() -> list[tuple[str, str]]:
    lines = SUBMISSIONS_PATH.read_text(encoding="utf-8").splitlines()
    texts = [(json.loads(line)["id"], json.loads(line)["text"]) for line in lines]
    texts += [(path.name, path.read_text(encoding="utf-8")) for path in sorted(SAMPLES_DIR.glob("*.txt"))]
    return texts


def test_submissions_are_well_formed():
    lines = SUBMISSIONS_PATH.read_text(encoding="utf-8").splitlines()
    submissions = [json.loads(line) for line in lines]
    assert len(submissions) == 15
    assert all(set(s) == {"id", "text"} for s in submissions)
    assert len({s["id"] for s in submissions}) == 15
    for submission in submissions:
        assert 40 <= len(submission["text"].split()) <= 300, submission["id"]
    assert len(list(SAMPLES_DIR.glob("*.txt"))) >= 3


def test_sample_phone_numbers_are_ofcom_drama_range():
    for name, text in sample_texts():
        for match in uk_numbers(text):
            assert OFCOM_DRAMA.fullmatch(normalise_phone(match.group())), (name, match.group())
