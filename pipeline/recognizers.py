"""Recognisers Presidio does not ship, for UK partner text.

Patterns live in `patterns/` as YAML; this module holds only the logic a regex cannot: value
groups and context windows, plate validation, lexicon-built vehicle descriptions and a
gazetteer. Every recogniser compiles its patterns once, at construction.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import phonenumbers
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from pipeline.patterns_io import PatternFileError, load_word_list, load_yaml_mapping, phrase_alternation

PRIORITY_KEY = "priority"


def _result(entity: str, start: int, end: int, score: float, name: str, priority: int) -> RecognizerResult:
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            PRIORITY_KEY: priority,
        },
    )


def _context_regex(words: Iterable[str]) -> re.Pattern | None:
    words = sorted({w.lower() for w in words}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w+])(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


# --- validators named from YAML --------------------------------------------------------------

def _postcode_areas(patterns_dir: Path) -> frozenset[str]:
    areas = set()
    for line in load_word_list(patterns_dir / "lexicons" / "postcode_areas.txt", lower=False):
        areas.update(line.split())
    return frozenset(areas)


def make_validators(patterns_dir: Path) -> dict[str, Callable[[str], bool]]:
    areas = _postcode_areas(patterns_dir)

    def postcode_area(value: str) -> bool:
        letters = re.match(r"[A-Za-z]+", value)
        return bool(letters) and letters.group(0).upper() in areas

    return {"postcode_area": postcode_area}


# --- generic YAML-driven pattern recogniser ----------------------------------------------------

@dataclass(frozen=True)
class _Pattern:
    name: str
    regex: re.Pattern
    score: float


class ContextPatternRecognizer(EntityRecognizer):
    """A regex recogniser with value groups, context windows, deny lists and validators."""

    def __init__(
        self,
        *,
        name: str,
        entity: str,
        patterns: Sequence[_Pattern],
        priority: int = 50,
        context: Sequence[str] = (),
        context_required: bool = False,
        context_window: int = 40,
        context_after: int = 0,
        deny: Sequence[str] = (),
        trim_leading: Sequence[str] = (),
        must_contain: str = "",
        min_words: int = 1,
        validator: Callable[[str], bool] | None = None,
    ):
        self.patterns = list(patterns)
        self.priority = priority
        self.context_regex = _context_regex(context)
        self.context_required = context_required
        self.context_window = context_window
        self.context_after = context_after
        self.deny = frozenset(w.lower() for w in deny)
        self.trim_leading = frozenset(w.lower() for w in trim_leading)
        self.must_contain = frozenset(must_contain)
        self.min_words = min_words
        self.validator = validator
        super().__init__(supported_entities=[entity], name=name, supported_language="en")

    def load(self) -> None:  # patterns are compiled in __init__
        pass

    def _has_context(self, text: str, start: int, end: int) -> bool:
        if self.context_regex is None:
            return False
        window = text[max(0, start - self.context_window) : end + self.context_after].lower()
        return self.context_regex.search(window) is not None

    def _trim(self, text: str, start: int, end: int) -> tuple[int, int]:
        while True:
            word = re.match(r"[\w'’.-]+,?\s+", text[start:end])
            if not word or word.group(0).strip(" ,").lower() not in self.trim_leading:
                return start, end
            start += word.end()

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        entity = self.supported_entities[0]
        results = []
        seen: set[tuple[int, int]] = set()
        for pattern in self.patterns:
            for match in pattern.regex.finditer(text):
                if "value" in match.re.groupindex and match.group("value") is not None:
                    start, end = match.span("value")
                else:
                    start, end = match.span()
                if self.trim_leading:
                    start, end = self._trim(text, start, end)
                while end > start and text[end - 1] in "'’\"”":  # closing quote, not O'Brien's
                    end -= 1
                if (start, end) in seen:
                    continue
                value = text[start:end]
                if len(value.split()) < self.min_words:
                    continue
                if start >= end or value.lower() in self.deny:
                    continue
                if self.must_contain and not (self.must_contain & set(value)):
                    continue
                if self.validator and not self.validator(value):
                    continue
                if self.context_required and not self._has_context(text, start, end):
                    continue
                seen.add((start, end))
                results.append(_result(entity, start, end, pattern.score, self.name, self.priority))
        return results


def load_pattern_recognizers(patterns_dir: Path) -> list[ContextPatternRecognizer]:
    """Build the recognisers listed in `patterns/entity_patterns.yaml`."""
    path = patterns_dir / "entity_patterns.yaml"
    config = load_yaml_mapping(path)
    validators = make_validators(patterns_dir)
    recognizers = []
    for index, entry in enumerate(config.get("recognizers") or []):
        where = f"recognizers[{index}]"
        if not isinstance(entry, dict):
            raise PatternFileError(path, where, "expected a mapping")
        name = entry.get("name") or where
        for key in ("entity", "patterns"):
            if key not in entry:
                raise PatternFileError(path, name, f"missing '{key}'")
        patterns = []
        for p_index, spec in enumerate(entry["patterns"]):
            p_where = f"{name}.patterns[{p_index}]"
            if not isinstance(spec, dict) or "regex" not in spec:
                raise PatternFileError(path, p_where, "each pattern needs a 'regex'")
            try:
                regex = re.compile(spec["regex"])
            except re.error as err:
                raise PatternFileError(path, p_where, f"invalid regex: {err}") from None
            score = float(spec.get("score", 0.5))
            if not 0 < score <= 1:
                raise PatternFileError(path, p_where, "score must be in (0, 1]")
            patterns.append(_Pattern(spec.get("name", p_where), regex, score))
        for key in ("context", "deny", "trim_leading"):
            if not all(isinstance(w, str) for w in entry.get(key, ())):
                raise PatternFileError(path, name, f"every '{key}' entry must be a string (quote yes/no/on/off)")
        validator = None
        if "validate" in entry:
            if entry["validate"] not in validators:
                raise PatternFileError(path, name, f"unknown validator {entry['validate']!r}")
            validator = validators[entry["validate"]]
        recognizers.append(
            ContextPatternRecognizer(
                name=name,
                entity=entry["entity"],
                patterns=patterns,
                priority=int(entry.get("priority", 50)),
                context=entry.get("context", ()),
                context_required=bool(entry.get("context_required", False)),
                context_window=int(entry.get("context_window", 40)),
                context_after=int(entry.get("context_after", 0)),
                deny=entry.get("deny", ()),
                trim_leading=entry.get("trim_leading", ()),
                must_contain=str(entry.get("must_contain", "")),
                min_words=int(entry.get("min_words", 1)),
                validator=validator,
            )
        )
    return recognizers


# --- vehicle registration marks ----------------------------------------------------------------

_FORMAT_PRIORITY = {"current": 95, "prefix": 92, "suffix": 92, "northern ireland": 92,
                    "northern ireland unlisted code": 90,
                    "dateless": 60, "partial current": 72}
# Units and ordinals that give dateless plates their false positives ("2 h", "14 yo", "3 pm").
_NOT_DATELESS_LETTERS = frozenset(
    "h hr hrs am pm th st nd rd yo y yr yrs mph kg g mg ml min mins k m km ft s x".split()
)


# A Mc/Mac surname written in capitals after its prefix: "McALLISTER", "MacDONALD".
_MC_CAPS = re.compile(r"Ma?c[A-Z]{2,}")

# A plate-shaped match straight after "x." / "_" / "@" is the tail of a handle or address.
_IN_HANDLE_BEFORE = re.compile(r"(?:[A-Za-z0-9]\.|[_@])$")
# A number that belongs to the word before it is no plate's: "YEAR 6 BUT", "AGED 14 AND", "FLAT
# 9 WAS" (a dateless match is the number and the next word)
_NUMBER_WORD_BEFORE = re.compile(r"(?i)\b(?:year|yr|age|aged|flat|room|no|number|class|form|bus|route|unit|house)[ \t]+$")
# A school year opening a prefix-shaped match in a line in capitals with no vehicle word before it:
# "Y8 LAD", "Y11 GIRLS" (not "RED CAR Y8 ABC")
_YEAR_GROUP_HEAD = re.compile(r"[Yy](?:[1-9]|1[0-3])")


def valid_age_identifiers(today: _dt.date | None = None) -> frozenset[str]:
    """Age identifiers issued so far: March codes 02.. and September codes 51.."""
    today = today or _dt.date.today()
    year = today.year % 100
    march = range(2, year + 1) if today.month >= 3 else range(2, year)
    september = range(51, 51 + year) if today.month >= 9 else range(51, 50 + year)
    return frozenset(f"{n:02d}" for n in (*march, *september))


class VehicleRegistrationRecognizer(EntityRecognizer):
    """UK VRMs in every format, validated, with partial plates ("GU64 R??", "partial reg HN19")."""

    def __init__(self, patterns_dir: Path):
        path = patterns_dir / "vehicle_registration.yaml"
        config = load_yaml_mapping(path)
        self.context_window = int(config.get("context_window", 60))
        self.context_regex = _context_regex(config.get("context", ()))
        self.formats = []
        for index, spec in enumerate(config.get("formats") or []):
            name = spec.get("name", f"formats[{index}]")
            if spec.get("needs_context") not in ("never", "always", "if_lowercase", "unless_masked"):
                raise PatternFileError(path, name, "needs_context must be never|always|if_lowercase|unless_masked")
            try:
                regex = re.compile(spec["regex"])
            except (KeyError, re.error) as err:
                raise PatternFileError(path, name, f"invalid or missing regex: {err}") from None
            self.formats.append((name, regex, float(spec.get("score", 0.5)), spec["needs_context"]))
        self.age_identifiers = valid_age_identifiers()
        self.postcode_areas = _postcode_areas(patterns_dir)
        # a model code after its make is no partial or short plate ("Kawasaki KX65", "Yamaha YZ85")
        makes = load_yaml_mapping(patterns_dir / "lexicons" / "vehicles.yaml").get("makes") or []
        self.make_before = re.compile(r"(?i)(?<![\w-])" + _alternation(str(m) for m in makes) + r"[ \t]+$") if makes else None
        super().__init__(supported_entities=["UK_VEHICLE_REGISTRATION"],
                         name="VehicleRegistrationRecognizer", supported_language="en")

    def load(self) -> None:
        pass

    def _letters_ok(self, fmt: str, first: str, second: str | None) -> bool:
        first, second = first.upper(), (second or "").upper()
        if fmt in ("current", "partial current"):
            region, age = first[:2], first[2:]
            if set(region) & set("IQZ") or age not in self.age_identifiers:
                return False
            return not set(second) & set("IQ")
        if fmt == "prefix":
            return first[0] not in "IOQUZ" and not set(second) & set("IQ")
        if fmt == "suffix":
            return not set(first) & set("IQ") and second[-1] not in "IOQUZ"
        if fmt == "northern ireland":
            return "Q" not in first
        if fmt == "northern ireland unlisted code":
            return len(first) == 3 and bool(set(first[1:]) & set("IZ")) and "Q" not in first
        if fmt == "dateless":
            return second.lower() not in _NOT_DATELESS_LETTERS and not set(second) & set("IQ")
        return True

    def _has_context(self, text: str, start: int) -> bool:
        window = text[max(0, start - self.context_window) : start]
        window = re.split(r"[.!?\n]\s", window)[-1].lower()
        return self.context_regex is not None and self.context_regex.search(window) is not None

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        results = []
        for fmt, regex, score, needs_context in self.formats:
            for match in regex.finditer(text):
                # inside a handle, e-mail or file name ("mase.tl12", "jay_ab12", "x@ab12"): no plate
                if _IN_HANDLE_BEFORE.search(text, max(0, match.start() - 2), match.start()):
                    continue
                value = match.group(0)
                before = text[max(0, match.start() - 20) : match.start()]
                if fmt == "dateless" and _NUMBER_WORD_BEFORE.search(before):
                    continue
                if fmt == "prefix" and _YEAR_GROUP_HEAD.fullmatch(match.group(1)) and in_caps_line(text, match.start(), match.end()) \
                        and not self._has_context(text, match.start()):
                    continue
                if (fmt == "partial current" or fmt == "northern ireland" and len(value) <= 5) \
                        and self.make_before is not None and self.make_before.search(before):
                    continue
                letters = [c for c in value if c.isalpha()]
                end = match.end()
                # a plate is written all in capitals or all in lower case: "SO51 and" is not one,
                # but its start alone still is a partial plate ("starts KX19 is ...")
                if not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
                    head = match.group(1)
                    # ... unless it reads as an outward postcode ("Winchester SO23 and")
                    if fmt != "partial current" or not (head.isupper() or head.islower()) \
                            or head[:2].upper() in self.postcode_areas:
                        continue
                    value, end = head, match.start() + len(head)
                if not self._letters_ok(fmt, match.group(1), match.group(2) if end == match.end() else None):
                    continue
                masked = "?" in value or "*" in value
                need = {
                    "never": False,
                    "always": True,
                    "if_lowercase": value != value.upper(),
                    "unless_masked": not masked,
                }[needs_context]
                if need and not self._has_context(text, match.start()):
                    continue
                results.append(_result("UK_VEHICLE_REGISTRATION", match.start(), end,
                                       score, self.name, _FORMAT_PRIORITY.get(fmt, 80)))
        return results


# --- vehicle descriptions ----------------------------------------------------------------------

def _alternation(words: Iterable[str]) -> str:
    ordered = sorted({w for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


class VehicleDescriptionRecognizer(EntityRecognizer):
    """Colour + make + model (+ body word) descriptions from the lexicon in patterns/lexicons."""

    PRIORITY = 75

    def __init__(self, patterns_dir: Path):
        path = patterns_dir / "lexicons" / "vehicles.yaml"
        lex = load_yaml_mapping(path)
        for key in ("colours", "makes", "models", "body"):
            if not isinstance(lex.get(key), list) or not lex[key]:
                raise PatternFileError(path, key, "expected a non-empty list")
        col, make = _alternation(lex["colours"]), _alternation(lex["makes"])
        # a model can be two lexicon entries in a row: "Range Rover Evoque", "Golf GTI"
        # a model code with a digit or a hyphen after a make needs no list ("RS7", "D-Max", "RM-Z")
        # (not a plate's start: "white Ford KX19 ABC")
        code = r"(?-i:(?![A-Z]{2}[0-9]{2}\b)[A-Z]{1,3}[0-9]{1,3}[a-z]?(?![ \t]?[A-Z?*]{1,3}\b)|[A-Z]{1,3}-[A-Z0-9][A-Za-z0-9]*)"
        one_model = _alternation(str(m) for m in lex["models"])
        model = rf"{one_model}(?:\s+{one_model})?"
        make_model = rf"(?:{model}|{code}(?:\s+{one_model})?)"
        body = _alternation(lex["body"])
        self.makes = frozenset(str(w).lower() for w in lex["makes"])
        self.models = frozenset(str(w).lower() for w in lex["models"])
        # Order matters: the first alternative that matches wins, so the fullest come first.
        self.regex = re.compile(
            r"(?i)(?<![\w-])(?:"
            rf"(?:{col}\s+)?{make}\s+{make_model}(?:\s+{body})?"
            rf"|{col}\s+{make}(?:\s+{body})?"
            rf"|{col}\s+{model}(?:\s+{body})?"
            rf"|{model}\s+{body}"
            r")(?![\w-])"
            # not the start of a business's name ("Rapid Van & Car Hire", "Transit Van Sales")
            r"(?![ \t]+(?-i:(?:&|and)[ \t]+(?:[A-Z][\w-]*[ \t]+){0,2})?(?-i:Hire|Rental|Rentals|Sales|Repairs|Services|Centre|Ltd)\b)"
        )
        super().__init__(supported_entities=["VEHICLE"], name="VehicleDescriptionRecognizer",
                         supported_language="en")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        return [
            _result("VEHICLE", m.start(), m.end(), 0.8, self.name, self.PRIORITY)
            for m in self.regex.finditer(text)
        ]


def load_given_names(patterns_dir: Path) -> frozenset[str]:
    """Every given name in the lexicons (lower case), ambiguous ones included."""
    lex = patterns_dir / "lexicons"
    return frozenset(
        w for name in ("first_names.txt", "first_names_ambiguous.txt")
        for line in load_word_list(lex / name) for w in line.split()
    )


# --- given names ------------------------------------------------------------------------------

# a surname in capitals then a comma before a given name, opening a line or a form field
_SURNAME_FIRST = re.compile(
    r"(?:^|(?<=[:|–-])|(?<=\n))[ \t]*(?P<s>(?:O['’]|MC|MAC|Mc|Mac)?[A-Z]{2,}(?:['’-][A-Z]{2,})*),[ \t]+$")
_VOWEL = re.compile(r"[AEIOUY](?=[A-Z])")  # a vowel inside the word: not an initialism ("CCE", "CSE")
_CAPS_LINE_MIN = 12
_LOWER = re.compile(r"[a-z]")


def in_caps_line(text: str, start: int, end: int) -> bool:
    """Whether the line(s) holding text[start:end] are written in capitals (at least 12 capitals
    and at most one lower-case letter to four of them)."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    line = text[a : b if b >= 0 else len(text)]
    upper = sum(c.isupper() for c in line)
    return upper >= _CAPS_LINE_MIN and len(_LOWER.findall(line)) * 4 <= upper

class GivenNameRecognizer(EntityRecognizer):
    """People the NER model misses or mislabels (an ORG "Tunde Okafor", a lone "Tomasz", a
    lower-case "ionut popescu", "AMA OKAFOR" in a form): a given name from the lexicon, extended
    over a following surname. Names that are also words need a capital and a surname."""

    PRIORITY = 52
    _SURNAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "X", ""})
    _VERB_FORM = re.compile(r"(?:ed|ing)$")
    # an age or school year in brackets right after a name: "summer (14, yr 9", "Hope (13)"
    _AGE_AFTER = re.compile(r"[ \t]*\((?:(?i:aged?)[ \t]*)?(?:\d{1,2}(?![\d:./])|(?i:y|yr|year)[ \t]?\d{1,2}\b)")

    def __init__(self, patterns_dir: Path):
        lex = patterns_dir / "lexicons"
        ambiguous = {w for line in load_word_list(lex / "first_names_ambiguous.txt") for w in line.split()}
        self.names = load_given_names(patterns_dir) - ambiguous
        self.ambiguous = frozenset(ambiguous)
        self.not_surnames = frozenset(load_word_list(lex / "not_surnames.txt"))
        particles = lex / "surname_particles.txt"
        self.particles = frozenset(load_word_list(particles)) if particles.exists() else frozenset()
        super().__init__(supported_entities=["PERSON"], name="GivenNameRecognizer", supported_language="en")

    def load(self) -> None:
        pass

    def _surname(self, token, case: str) -> bool:
        text = token.text
        # "O'Connor", "Okonkwo-Bell": an apostrophe or hyphen inside a surname
        if not re.sub(r"(?<=\w)['’-](?=\w)", "", text).isalpha() or text.lower() in self.not_surnames or token.is_stop:
            return False
        if case == "title":
            return text[0].isupper() and not text.isupper()
        if case == "upper":
            # "OKEKE", and a Mc/Mac name in capitals written with its prefix in title case ("McALLISTER")
            return text.isupper() and len(text) > 1 or _MC_CAPS.fullmatch(text) is not None
        if not text.islower():
            return False
        if token.doc.has_annotation("POS"):
            return token.pos_ in self._SURNAME_POS
        # No tagger in the pipeline (the default): a verb form is not a surname ("ionut popescu punched").
        return not self._VERB_FORM.search(text)

    def _hyphen_part(self, doc, i: int, case: str) -> int:
        """The end of a hyphenated given name starting at token i ("Kerry-Anne", "LILY-MAE"):
        the tokenizer splits it into word, "-", word."""
        if i + 2 >= len(doc) or doc[i].whitespace_ or doc[i + 1].text != "-" or doc[i + 1].whitespace_:
            return i + 1
        second = doc[i + 2].text
        if not second.isalpha() or len(second) < 2:
            return i + 1
        if case == "upper" and second.isupper() or case == "title" and second[0].isupper() and not second.isupper():
            return i + 3
        if case == "lower" and second.islower() and (second in self.names or second in self.ambiguous):
            return i + 3  # a double given name in lower case ("jayden-lee")
        return i + 1

    def _lower_given(self, doc, j: int) -> bool:
        """A lower-case word opening a line or a list item, before a known name."""
        token = doc[j]
        if not (token.text.isalpha() and token.text.islower()) or token.is_stop or token.whitespace_ != " " \
                or token.text in self.not_surnames or self._VERB_FORM.search(token.text):
            return False
        return j == 0 or not doc[j - 1].text.isalpha() or "\n" in doc[j - 1].whitespace_

    def _particle_surname(self, doc, j: int) -> int:
        """The end of a surname opened by lower-case particles after a given name ("Theo [van der
        Berg]", "Ffion [ap Rhys]", "Lucas [de la Cruz]"), or j when there is none."""
        k = j
        while k < len(doc) and k - j < 2 and doc[k].text in self.particles and doc[k].whitespace_ == " ":
            k += 1
        if k == j or k >= len(doc) or not self._surname(doc[k], "title"):
            return j
        return self._hyphen_part(doc, k, "title")

    def _surname_first(self, text: str, start: int) -> int:
        """The start of a surname written first in capitals before a given name in a register,
        heading or form field ("Pupil: [O'DONOGHUE-PRICE, Callum]", "Y10 - [OKAFOR, Joseph]"), or
        start when there is none."""
        line_start = text.rfind("\n", 0, start) + 1
        m = _SURNAME_FIRST.search(text, max(line_start, start - 60), start)
        if not m:
            return start
        surname = m.group("s")
        parts = [w.lower() for w in re.split(r"['’-]", surname) if w]
        if any(w in self.not_surnames or w in self.names or w in self.ambiguous for w in parts) \
                or not _VOWEL.search(surname):
            return start
        return m.start("s")

    def _repeated_lower(self, doc, i: int, text: str) -> bool:
        """A lone lower-case given name the writer uses again, as a name, elsewhere in the text
        ("kai told me ... now kai, u know"): someone who writes names in lower case does it each
        time. Not after a determiner or a preposition of measure ("the max", "per bill")."""
        token = doc[i]
        if token.is_stop or len(token.text) < 3 or token.text in self.ambiguous \
                or i > 0 and doc[i - 1].lower_ in self._NOT_BEFORE_NAME:
            return False
        return len(re.findall(r"(?<![\w'’-])" + re.escape(token.text) + r"(?![\w'’-])", text)) >= 2

    _NOT_BEFORE_NAME = frozenset("the a an per of my your his her their our this that".split())

    def _initial(self, token, case: str) -> bool:
        """A surname given as an initial closes a name ("Mia H", "Dawid N.")."""
        # not the first letter of a masked surname ("Nigel P******")
        masked = token.i + 1 < len(token.doc) and not token.whitespace_ and token.doc[token.i + 1].text.startswith("*")
        return case == "title" and len(token.text) == 1 and token.text.isupper() and token.text not in "IA" \
            and not masked

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc = nlp_artifacts.tokens
        results = []
        i = 0
        while i < len(doc):
            token = doc[i]
            word = token.text
            low = word.lower()
            if not word.isalpha() or (low not in self.names and low not in self.ambiguous):
                i += 1
                continue
            case = "upper" if word.isupper() and len(word) > 1 else "title" if word[0].isupper() else "lower"
            aged = case != "upper" and bool(self._AGE_AFTER.match(text, token.idx + len(word)))
            if case == "lower" and (low in self.ambiguous or len(low) < 4 and not self._repeated_lower(doc, i, text)) \
                    and not aged:
                i += 1
                continue
            end = self._hyphen_part(doc, i, case)
            compound = end > i + 1  # "Amber-Rose" is a given name even when both halves are words
            if case == "upper" and low in self.ambiguous and not aged and in_caps_line(text, token.idx, token.idx):
                i += 1
                continue  # "WILL RING", "MAY HAVE" in a submission written in capitals
            first_end = end
            while end < len(doc) and end - first_end < 2 and doc[end - 1].whitespace_ == " ":
                if case == "title" and doc[end].text in self.particles:
                    after = self._particle_surname(doc, end)
                    end = after if after > end else end
                    break
                if self._surname(doc[end], case):
                    end = self._hyphen_part(doc, end, case)
                elif self._initial(doc[end], case):
                    end += 1
                    break
                else:
                    break
            if low in self.ambiguous and not compound and end == i + 1 and not aged:
                i += 1
                continue
            if case == "lower" and end == i + 1 and not aged and not self._repeated_lower(doc, i, text):
                i += 1
                continue  # a lone lower-case word is too weak, unless an age follows ("summer (14)")
            begin = i
            if aged and case == "lower" and end == i + 1 and i > 0 and self._lower_given(doc, i - 1):
                begin = i - 1  # a given name before the name we know: "fartun abdullahi (17)"
            span = doc[begin:end]
            start_char = span.start_char
            if case == "title" and begin == i:
                start_char = self._surname_first(text, start_char)
            results.append(_result("PERSON", start_char, span.end_char, 0.7, self.name, self.PRIORITY))
            i = end
        return results


# --- gazetteer of towns and areas --------------------------------------------------------------

# titles before a surname: a place name after one is a person ("Mrs Pennington")
_TITLES = frozenset("Mr Mrs Ms Miss Mx Dr MR MRS MS MISS DR".split())


class PlaceGazetteerRecognizer(EntityRecognizer):
    """Towns and areas from patterns/lexicons/places.txt (the NER model mislabels many), as
    written in the lexicon or in capitals ("WATERLOOVILLE"); in lower case ("farnborough") only
    when the place is not also an ordinary word (places_common_words.txt: "reading", "fleet")."""

    PRIORITY = 66

    def __init__(self, patterns_dir: Path):
        lex = patterns_dir / "lexicons"
        places = load_word_list(lex / "places.txt", lower=False)
        common = frozenset(load_word_list(lex / "places_common_words.txt"))
        self.forms = frozenset(places) | {p.upper() for p in places} | {
            p.lower() for p in places if p.lower() not in common and len(p) >= 5}
        # one case-insensitive scan over a prefix tree of the names (some 1,400: a flat list would
        # be tried name by name at every position); the case of what matched is checked against the forms
        self.regex = re.compile(r"(?i)(?<![\w'-])" + phrase_alternation(p.lower() for p in places) + r"(?![\w'-])")
        suffixes = load_word_list(lex / "place_name_suffixes.txt", lower=False)
        self.suffix = re.compile(r"[ \t]+" + _alternation(suffixes) + r"(?![\w'-])")
        # Some places are surnames too ("Jack Charlton"): after a given name they are a person.
        self.given_names = load_given_names(patterns_dir)
        self._previous_word = re.compile(r"([A-Za-z]+(?:-[A-Za-z]+)*)\s+$")
        # an initial ("D. Harlow") or a nickname in quotes ('Sharon "Shaz" Bexley') before it
        self._initial_or_nickname = re.compile(r"(?:(?<![\w.])[A-Z]\.?|[\"“][A-Z]\w*[\"”'’])[ \t]+$")
        super().__init__(supported_entities=["LOCATION"], name="PlaceGazetteerRecognizer",
                         supported_language="en")

    def load(self) -> None:
        pass

    def _after_given_name(self, text: str, start: int) -> bool:
        """After a given name or a title ("Mrs Pennington", "Dr Hythe") a place is a surname."""
        if self._initial_or_nickname.search(text[max(0, start - 20) : start]):
            return True
        before = self._previous_word.search(text[max(0, start - 20) : start])
        return bool(before) and before.group(1)[0].isupper() and (
            any(part.lower() in self.given_names for part in before.group(1).split("-"))
            or before.group(1) in _TITLES)

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        results = []
        for m in self.regex.finditer(text):
            value = re.sub(r"\s+", " ", m.group(0))
            if value not in self.forms or self._after_given_name(text, m.start()):
                continue
            end = m.end()
            suffix = self.suffix.match(text, end) if value[0].isupper() and not value.isupper() else None
            if suffix:
                end = suffix.end()
            results.append(_result("LOCATION", m.start(), end, 0.8, self.name, self.PRIORITY))
        return results



# --- sign-off lines ---------------------------------------------------------------------------

# (accented letters too, beyond Latin-1: "Gráinne", "Zoë", "Szymańska", "Łukasz")
_NAME_WORD = r"(?:[A-ZŁŚŻŹĆŃŠŽČŘĐ][a-zß-öø-ÿĀ-ž'’]+(?:-[A-ZŁŚŻŹĆŃŠŽČŘĐ][a-zß-öø-ÿĀ-ž]+)?|[A-Z]{2,}(?:-[A-Z]{2,})?)"
_INITIALS = re.compile(r"(?:[A-Z]\.){2,3}")
# A writer's name: "R.K.", "BO'C", "Carys", "Kerry Lyle", "R. Okafor", "S. HARDING", "Mia H", "jo" (lower case
# only on its own), "K." (an initial closing the message).
_SIGNOFF_NAME = (
    r"(?:(?:[A-Z]\.){2,3}(?![\w'’])|[A-Z]{1,2}['’][A-Z]{1,2}(?![\w'’])|(?:[A-Z]\.[ \t]?){1,2}" + _NAME_WORD
    + r"|" + _NAME_WORD + r"(?:[ \t]+(?:[A-Z]\.?(?![\w'’])|" + _NAME_WORD + r")){0,2}"
    + r"|[a-z]{2,12}|[A-Z]\.?)"
)
_SIGNOFF_TITLE = r"(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Rev|Cllr|Sr|Sister|DR|MR|MRS|MS)\.?[ \t]+|[A-Z]{2,5}[ \t]+(?=[A-Z]\.))?"
_SIGNOFF_SEPARATOR = re.compile(r"[ \t]*(?:,|[-–—/]|\(|\||$)[ \t]*")
_BRACKETED_INITIALISM = re.compile(r"[ \t]*\([A-Z]{3,8}\)(?![\w'’])")
_WORKPLACE = re.compile(
    r"^(?:(?:[A-Z][A-Za-z'’&-]*|[A-Z0-9]{1,3})[ \t]+|(?:of|and|&|the|for|on)[ \t]+){1,5}[A-Z][A-Za-z'’&-]*$")
# the start of a UK phone number: a sign-off's contact line ("Baz 07700 900 296", "Jo - 01632 960 111")
_PHONE_START = r"(?:\+44[ \t]?\(?0?\)?[ \t]?|0)[1-9][0-9]{2,3}[ \t]?[0-9]{3}"
_TRAILING_PHONE = re.compile(r"[ \t]+" + _PHONE_START + r"[0-9 \t]*$")
_CONTACT_NEXT = re.compile(r"[ \t]*(?:[,/|–—-][ \t]*)?" + _PHONE_START)
_STREET_END = re.compile(
    r"(?i)\b(?:road|rd|street|st|lane|avenue|ave|close|court|crescent|drive|way|gardens|place|"
    r"terrace|grove|mews|parade|rise|row|walk|square|hill)$")


# words that open a clause, not a team, after two names and a comma ("Tom and Jerry, the cartoon, was on")
_PAIR_NOT_AFTER = frozenset("the a an this that was were is are has had have and or but so then who which "
                            "when where they we he she it i you both".split())


class SignOffRecognizer(EntityRecognizer):
    """The writer's name and workplace on a sign-off line: the line after a closing ("Thanks\nMo"),
    the last line of the message, or any line shaped "Name, <role>" ("Carys, School Nurse").
    Workplaces are the capitalised segments after the name that are not roles, streets or numbers."""

    PRIORITY = 55
    ORG_PRIORITY = 71

    def __init__(self, patterns_dir: Path):
        lex = patterns_dir / "lexicons"
        path = lex / "sign_off.yaml"
        config = load_yaml_mapping(path)
        for key in ("closings", "labels", "roles", "not_names", "named_unit_words"):
            if not isinstance(config.get(key), list) or not all(isinstance(w, str) for w in config[key]):
                raise PatternFileError(path, key, "expected a list of strings")
        self.closing = re.compile(r"(?i)^(?:" + "|".join(
            re.escape(w).replace(r"\ ", r"\s+") for w in config["closings"]) + r")[\s,.!:;)-]*$")
        labels = sorted(config["labels"], key=len, reverse=True)
        self.line = re.compile(
            r"^[ \t]*(?:[-*•][ \t]+)?(?:(?i:" + "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in labels)
            + r")[ \t]*:[ \t]*)?" + _SIGNOFF_TITLE
            + r"(?P<first>" + _SIGNOFF_NAME + r")(?:[ \t]*(?:\+|&|and)[ \t]*(?P<second>" + _SIGNOFF_NAME + r"))?"
            # a kiss after the name marks a sign-off ("P x", "Jo xx")
            + r"(?P<kiss>[ \t]+x{1,3}(?![\w'’]))?"
            # post-nominal letters stay outside the name ("Dev Patel MRPharmS", "A. Shah BDS")
            + r"(?:[ \t]+(?=[A-Za-z]*[A-Z][a-z]*[A-Z])[A-Z][A-Za-z]{1,8}(?![\w'’-]))*"
            # a phone number straight after the name ("Baz 07700 900 296")
            # (or "@" before the workplace: "Yaw @ Fadez & Blendz - 07700 900 258")
            + r"(?=[ \t]*(?:[,(/|–—-]|$)|[ \t]+@[ \t]|[ \t]+" + _PHONE_START + ")")
        self.roles = frozenset(load_word_list(lex / "role_words.txt")) | frozenset(
            w.lower() for w in config["roles"])
        self.not_names = frozenset(w.lower() for w in config["not_names"]) | frozenset(
            load_word_list(lex / "ner_false_positives.txt"))
        self.unit_words = frozenset(w.lower() for w in config["named_unit_words"])
        self.given_names = load_given_names(patterns_dir)
        super().__init__(supported_entities=["PERSON", "ORGANIZATION"], name="SignOffRecognizer",
                         supported_language="en")

    def load(self) -> None:
        pass

    def _has_role(self, segment: str) -> bool:
        words = re.findall(r"[a-z][a-z'’-]*", segment.lower())
        return bool(words) and len(words) <= 5 and any(w in self.roles for w in words)

    def _has_word(self, name: str, words: frozenset) -> bool:
        # an initial ("A. Siddiqui") is not the word "a"
        return name.lower() in words or any(
            w.strip(".").lower() in words for w in name.split() if not re.fullmatch(r"[A-Z]\.", w))

    def _name_ok(self, name: str, *, introduced: bool, last: bool) -> bool:
        """introduced: after a closing line or before a role or workplace."""
        words = name.split()
        if name.islower():
            return introduced and len(words) == 1
        if re.fullmatch(r"[A-Z]\.?", name):
            return last or introduced
        if len(words) == 1:
            return introduced or name.lower() in self.given_names
        return True

    def _workplace(self, segment: str) -> bool:
        value = segment.strip()
        words = value.split()
        if len(words) < 2 or not _WORKPLACE.match(value) or _STREET_END.search(value):
            return False
        if value.lower() in self.not_names or any(c.isdigit() for c in value):
            return False
        last = words[-1].lower()
        if last in self.roles and not (last in self.unit_words and len(words) >= 3):
            return False
        return not self._has_role(" ".join(words[:-1])) or len(words) >= 3 and last in self.unit_words

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
        lines = [(start, line) for start, line in lines if line.strip()]
        results = []
        for index, (start, line) in enumerate(lines):
            if len(line) > 140:
                continue
            match = self.line.match(line)
            if not match:
                continue
            rest = line[match.end():]
            segments = [seg for seg in re.split(r"[ \t]*(?:,|\(|\)|\||[ \t][-–—/@][ \t])[ \t]*", rest) if seg.strip(" \t-–—/@")]
            after_closing = index > 0 and bool(self.closing.match(lines[index - 1][1].strip()))
            last = index == len(lines) - 1
            role_next = bool(segments) and self._has_role(segments[0])
            # a workplace with the number after it ("Mo & Priya, Itchen Detached Youth Work 07700 900 940")
            work_next = bool(segments) and self._workplace(_TRAILING_PHONE.sub("", segments[0]).strip(" \t-–—/"))
            # a role on the line below the name ("Kwame Mensah\nSenior Property Manager")
            # (the role may be followed by the workplace: "bev\nSchool Business Manager, Tadfield Road Primary")
            role_below = not rest.strip() and index + 1 < len(lines) and len(lines[index + 1][1]) <= 90 \
                and self._has_role(re.split(r"[,(|]|[ \t][-–—/@][ \t]", lines[index + 1][1], maxsplit=1)[0])
            contact_next = bool(_CONTACT_NEXT.match(rest))
            kiss = bool(match.group("kiss")) and not rest.strip()
            # two names signing off together on the last line ("DM + ROSIE, PCC Youth Svc detached")
            after_pair = rest.lstrip(" \t,").split()
            pair = last and bool(match.group("second")) and rest.lstrip()[:1] == "," \
                and bool(after_pair) and after_pair[0].lower() not in _PAIR_NOT_AFTER and len(after_pair) <= 6
            # the last line: a name, then a workplace after a job the role words do not know
            # ("Renata Szymańska - TEO, Itchen Valley Homes"), or an initial and a few words of job
            # ("K - safeguarding admin", "J, front office")
            work_later = last and any(self._workplace(_TRAILING_PHONE.sub("", seg).strip(" \t-–—/")) for seg in segments[1:3])
            initial_job = last and bool(re.fullmatch(r"[A-Z]\.?", match.group("first"))) and not match.group("second") \
                and bool(segments) and len(segments) <= 2 and len(rest.split()) <= 6 and rest.lstrip()[:1] in ",-–—"
            if not (after_closing or role_next or role_below or kiss or pair or work_later or initial_job
                    or last and (work_next or contact_next or not rest.strip())):
                continue
            if self.closing.match(line.strip()):
                continue
            names = [g for g in ("first", "second") if match.group(g)]
            spans = [(start + match.start(g), start + match.end(g)) for g in names]
            if any(self._has_word(text[a:b], self.not_names) for a, b in spans):
                continue  # a heading or a phrase ("OUT OF HOURS - ..."), not a sign-off
            is_role = any(self._has_word(text[a:b], self.roles) for a, b in spans)
            introduced = after_closing or role_next or work_next or role_below or last and contact_next or kiss or pair \
                or work_later or initial_job
            if not is_role and all(self._name_ok(text[a:b], introduced=introduced, last=last) for a, b in spans):
                for a, b in spans:
                    if text[b - 1] == "." and b - a > 2 and not _INITIALS.fullmatch(text[a:b]):
                        b -= 1  # a full stop after a name, not an initial
                    results.append(_result("PERSON", a, b, 0.65, self.name, self.PRIORITY))
            # "Name, Department, Organisation": the last workplace is the organisation
            offset = start + match.end()
            workplaces = []
            for segment in re.finditer(r"[^,()|]+", rest):
                value = _TRAILING_PHONE.sub("", segment.group(0))
                inner = value.strip(" \t-–—/@")
                if inner and self._workplace(inner):
                    a = offset + segment.start() + value.index(inner)
                    workplaces.append((a, a + len(inner)))
            if not workplaces and not is_role:
                # a workplace on its own line below the name, maybe under a role line
                # ("Kwame Mensah\nSenior Property Manager\nHarbour Lettings")
                for next_start, next_line in lines[index + 1 : index + 3]:
                    inner = next_line.strip()
                    if self._workplace(inner):
                        a = next_start + next_line.index(inner)
                        workplaces.append((a, a + len(inner)))
                        break
                    if not self._has_role(inner):
                        break
            if workplaces:
                a, b = workplaces[-1]
                # the workplace's initialism in brackets is part of its name ("... Youth Project (LPCYP)")
                initialism = _BRACKETED_INITIALISM.match(text, b)
                b = initialism.end() if initialism else b
                results.append(_result("ORGANIZATION", a, b, 0.6, self.name, self.ORG_PRIORITY))
        return results

class UkPhoneRecognizer(PhoneRecognizer):
    """Presidio's phonenumbers recogniser at POSSIBLE leniency, keeping only numbers that are
    valid or have the shape of a UK number (POSSIBLE alone also matches card and IBAN digits)."""

    def __init__(self, *, uk_national_shape: re.Pattern, **kwargs):
        self.uk_national_shape = uk_national_shape
        super().__init__(**kwargs)

    def _plausible(self, raw: str, region: str) -> bool:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            return False
        if phonenumbers.is_valid_number(number):
            return True
        national = str(number.national_number)
        return number.country_code == 44 and bool(self.uk_national_shape.match(national))

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        results = []
        seen = set()
        for region in self.supported_regions:
            for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=self.leniency):
                start, raw = match.start, match.raw_string
                if raw.startswith("(") and ")" not in raw:  # "(07700 900123)": the bracket is prose
                    start, raw = start + 1, raw[1:]
                if (start, match.end) in seen or not self._plausible(raw, region):
                    continue
                seen.add((start, match.end))
                results.append(RecognizerResult(
                    "PHONE_NUMBER", start, match.end, self.SCORE,
                    analysis_explanation=self._get_analysis_explanation(region),
                    recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                          RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}))
        return results


_LENIENCY = {"possible": 0, "valid": 1, "strict_grouping": 2, "exact_grouping": 3}


def build_phone_recognizer(patterns_dir: Path) -> EntityRecognizer:
    path = patterns_dir / "phone.yaml"
    config = load_yaml_mapping(path)
    regions = config.get("regions")
    if not isinstance(regions, list) or not regions:
        raise PatternFileError(path, "regions", "expected a non-empty list of region codes")
    leniency = str(config.get("leniency", "possible")).lower()
    if leniency not in _LENIENCY:
        raise PatternFileError(path, "leniency", f"must be one of {sorted(_LENIENCY)}")
    try:
        uk_shape = re.compile(str(config.get("uk_national_shape", r"^\d{9,10}$")))
    except re.error as err:
        raise PatternFileError(path, "uk_national_shape", f"invalid regex: {err}") from None
    return UkPhoneRecognizer(
        supported_regions=tuple(str(r).upper() for r in regions),
        leniency=_LENIENCY[leniency],
        context=[str(w) for w in config.get("context", ())] or None,
        uk_national_shape=uk_shape,
    )


def build_custom_recognizers(patterns_dir: Path) -> list[EntityRecognizer]:
    return [
        build_phone_recognizer(patterns_dir),
        *load_pattern_recognizers(patterns_dir),
        VehicleRegistrationRecognizer(patterns_dir),
        VehicleDescriptionRecognizer(patterns_dir),
        PlaceGazetteerRecognizer(patterns_dir),
        GivenNameRecognizer(patterns_dir),
        SignOffRecognizer(patterns_dir),
    ]
