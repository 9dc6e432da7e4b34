"""Triage a CPI submission: risk categories, a suggested outcome and a suggested assessment letter.

Every lexicon and rule is data in ``patterns/triage/*.yaml`` (each file says its ``kind``);
``TriageRules.from_directory`` validates and compiles them once, ``assess_triage`` applies them to
one spaCy ``Doc``. Matching runs precompiled regexes over the Doc text and uses only sentence
boundaries, so ``spacy.blank("en")`` + ``sentencizer`` gives the same answer as the full model;
when the Doc has lemmas, single-word ``lemmas`` entries add matches for forms a pattern missed.

Scoring: a category's score is ``1 - prod(1 - weight)`` over the distinct cues that fired and were
not suppressed (a cue repeated counts once; a cue nested inside a longer cue of the same category
is dropped so "selling drugs" is not also counted as "drugs"). A category is reported at
``score >= threshold``.

Context (``patterns/triage/context.yaml``) can suppress a cue, with the reason recorded:

- ``quoted``: text in quotation marks counts as reported speech ("he said 'I owe them'"), unless
  the few words before the quote mark it as a label - a song, lyric or drill track, a username,
  handle or account, a nickname or a title, a joke - or the few words after it do ("... in a
  creative writing piece"), or the quoted text itself looks like a handle ("@x", "trap_king07").
  Cues inside a label are not counted.
- ``negated``, ``hypothetical`` (incl. advice and awareness sessions), ``historical``: a trigger
  ("no", "denies", "if", "advised", "previously", "in 2019") scopes over a few words in one
  direction, inside the sentence, and the scope stops at a breaker ("but", "however", ";" ...).
  A past year counts as historical only when it is at least ``min_years_ago`` before this year.
  A negation also ends at "and"/"or" starting a clause with its own subject (``new_clause``); a
  cue marked ``negation: own`` ("never get paid") is not set aside by a bare negation word before
  it; a threat in the main clause of an "if" said by or to the subject is not hypothetical.

Suppressed cues never score and never raise the outcome. Outcome signals that were suppressed
are listed in ``suppressed`` with the outcome they would have raised as their ``category``.

Outcome (``patterns/triage/outcome.yaml``); every rule that is met is worked out, the most urgent
wins and the reasons say which others were also met ("Also meets CRIME; HIGH takes priority"):

- HIGH: an ``immediate`` signal (threat to life, strangulation, firearm, missing now, held
  against their will, a plea for help, 999 already called, marked urgent), or a time
  word ("tonight", "right now", "by Friday") in the same sentence as an imminent event (planned
  meeting with an adult, threat to harm, crime about to happen, being moved for exploitation,
  afraid to go home) or as evidence of a reported WEAPONS or MISSING category; or a time today,
  tonight or tomorrow that is someone's plan or a deadline ("collect the money at 3 o'clock
  today", "flight tomorrow at 06:40", "on the 18:52") with a danger anywhere in the submission;
  or two kinds of sign that a person is missing now in one paragraph ("bed not slept in",
  "phone straight to voicemail", "not been home since Tuesday"). An "URGENT" marking is set
  aside when the partner takes it back or the facts say the danger is away ("moved back to his
  brother's", "hasn't been back since Monday"); a threat to life, a strangulation, a firearm or a
  person held is set aside only by facts that its author is away or held ("in custody now") or,
  for a firearm, that the gun is out of reach ("handed in", "locked in a gun cabinet") - each
  immediate signal names the facts that take it back (``withdrawn_by``);
- CRIME: a crime with a victim is disclosed (assault, robbery, sexual offence, burglary ...);
- SAFEGUARDING: an identified child or vulnerable adult (an age given with a name, a family
  relation, a care status, a vulnerability; a victim of a ``vulnerable_categories`` category such
  as modern slavery), at least one reported category, and either an aggravating factor (needles,
  many visitors, unexplained gifts, older adult, missing episodes, injuries, fear, control by
  another ...) or a category that is a safeguarding matter in itself (exploitation, a missing
  child, radicalisation, domestic abuse). A partner's "intelligence only" keeps it NORMAL unless
  a harm factor (injuries, needles, fear ...) shows harm already happening;
- NORMAL: otherwise - intelligence only.

Reasons describe cue types and quote only lexicon terms (never text that was not in a lexicon),
so names, places and numbers from the Doc cannot appear in them.

Assessment (``patterns/triage/assessment.yaml``): the first grade in ``precedence`` (E, A, B, D,
C) whose wording is found and not negated is suggested; C ("known indirectly") when there is none.
It is labelled as a suggestion: the handler grades.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from pipeline.categories import CATEGORIES, OUTCOMES
from pipeline.patterns_io import PatternFileError, load_yaml_mapping

if TYPE_CHECKING:
    from spacy.tokens import Doc

SUPPRESSION_REASONS = ("quoted", "negated", "hypothetical", "historical")  # checked in this order
ASSESSMENT_LETTERS = ("A", "B", "C", "D", "E")
DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "patterns" / "triage"
SUGGESTION_LABEL = "Suggestion - handler decides"

Span = tuple[int, int]


@dataclass(frozen=True)
class CategoryHit:
    name: str
    score: float
    evidence: tuple[Span, ...]  # char offsets into doc.text
    by: str = "rules"  # "rules"; "confirmed": rule cues short of the threshold, confirmed by the
                       # category classifier; "learned": added by the classifier, no rule fired


@dataclass(frozen=True)
class SuppressedCue:
    category: str  # a risk category, or the outcome an outcome signal would have raised
    start: int
    end: int
    reason: str  # negated | hypothetical | historical | quoted | explained


@dataclass(frozen=True)
class Assessment:
    suggested: str  # 3x5x2 intelligence assessment "A".."E": a suggestion, the handler decides
    evidence: tuple[Span, ...]
    note: str


@dataclass(frozen=True)
class TriageResult:
    categories: tuple[CategoryHit, ...]
    outcome: str
    outcome_reasons: tuple[str, ...]
    assessment: Assessment
    suppressed: tuple[SuppressedCue, ...]
    outcome_by: str = "rules"  # "rules", or "learned": raised by the outcome classifier


# ---------------------------------------------------------------------------------------------
# Compiled rule objects
# ---------------------------------------------------------------------------------------------

# Curly quotes, dashes and no-break spaces map to one ASCII character each, so offsets survive.
_NORMALISE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " ",
})
_WORD = re.compile(r"\w+(?:'\w+)*")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class _Cue:
    id: str
    regex: re.Pattern[str]  # on the lower-cased text unless case_sensitive
    case_sensitive: bool
    literals: frozenset[str]  # the lexicon terms, lower-cased: the only text a reason may quote
    weight: float = 1.0
    description: str = ""
    near: re.Pattern[str] | None = None  # must occur within `window` words for the cue to fire
    unless_near: re.Pattern[str] | None = None  # stops the cue within `window` words
    window: int = 6
    lemmas: frozenset[str] = frozenset()
    # Worded as a negative ("never get paid", "not allowed to leave"): a bare negation word
    # before it ("don't speak English and never get paid") does not set it aside.
    own_negation: bool = False
    # An immediate HIGH signal the facts can take back: the ids of the `urgency_withdrawn` entries
    # that set it aside ("any": every one), e.g. a threat whose author is in custody now.
    withdrawn_by: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Explanations:
    """Statements in which the text explains a cue's thing as something harmless ("the 'gun' is
    an orange Nerf blaster"), and the kinds of thing they can explain: a cue match that names a
    kind a statement explained is set aside for the whole record."""
    kinds: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, regex of its words), lower-cased
    statements: re.Pattern[str]  # every statement, on the lower-cased text

    def kind_of(self, text: str) -> str | None:
        for kind, regex in self.kinds:
            if regex.search(text):
                return kind
        return None


class _Lexicon:
    """Cues of one category or outcome signal group, compiled for matching."""

    def __init__(self, name: str, cues: tuple[_Cue, ...], description: str = "",
                 explained: "_Explanations | None" = None):
        self.name = name  # a category, or an outcome signal group
        self.cues = cues
        self.description = description
        self.explained = explained
        # One scan per lexicon finds where any cue starts; cues are then only tried there.
        lower = tuple(c for c in cues if not c.case_sensitive)
        cased = tuple(c for c in cues if c.case_sensitive)
        self._passes = tuple((case_sensitive, _probe(group), group)
                             for case_sensitive, group in ((False, lower), (True, cased)) if group)
        by_lemma: dict[str, list[_Cue]] = {}
        for cue in cues:
            for lemma in cue.lemmas:
                by_lemma.setdefault(lemma, []).append(cue)
        self.lemma_cues = {lemma: tuple(group) for lemma, group in by_lemma.items()}

    def matches(self, view: "_TextView") -> Iterable[tuple[_Cue, int, int]]:
        """(cue, start, end) for every non-overlapping match of every cue, as finditer would give."""
        for case_sensitive, probe, cues in self._passes:
            text = view.text if case_sensitive else view.lower
            starts = [m.start() for m in probe.finditer(text)]
            if not starts:
                continue
            for cue in cues:
                last_end = 0
                for pos in starts:
                    if pos >= last_end and (m := cue.regex.match(text, pos)):
                        last_end = m.end()
                        yield cue, pos, last_end


@dataclass(frozen=True)
class _Trigger:
    id: str
    regex: re.Pattern[str]
    direction: str  # forward | backward | both
    window: int
    breakers: re.Pattern[str] | None = None  # extra breakers for this trigger only
    min_years_ago: int | None = None
    bare: bool = False  # a bare negation word: does not apply to cues with their own negation


@dataclass(frozen=True)
class _Scope:
    reason: str
    triggers: tuple[_Trigger, ...]
    breakers: re.Pattern[str] | None
    pseudo: re.Pattern[str] | None  # look like triggers but are not ("no doubt")
    cancel_after: re.Pattern[str] | None  # e.g. "again": the cue is current after all
    cancel_window: int = 0
    # Breakers matched on the text as written (capitals tell a name): a new clause with its own
    # subject after "and"/"or" ("... and their wages all go on rent", "... and Jordan says").
    new_clause: re.Pattern[str] | None = None


@dataclass(frozen=True)
class _ContextRules:
    scopes: tuple[_Scope, ...]
    quote_label_before: re.Pattern[str]
    quote_words_before: int
    quote_handle_like: re.Pattern[str]
    quote_label_after: re.Pattern[str] | None = None  # "... in a creative writing piece"
    quote_words_after: int = 0


@dataclass(frozen=True)
class _OutcomeRules:
    time_words: _Lexicon
    imminent_events: _Lexicon
    imminent_categories: Mapping[str, str]  # category -> description used in reasons
    immediate: _Lexicon
    crime: _Lexicon
    subjects: _Lexicon
    aggravating: _Lexicon
    # A child or vulnerable adult with one of these categories is a safeguarding concern without a
    # further aggravating factor (exploitation, missing, radicalisation, domestic abuse).
    safeguarding_categories: frozenset[str] = frozenset()
    # Categories whose victims count as vulnerable adults (a modern slavery victim).
    vulnerable_categories: frozenset[str] = frozenset()
    # Aggravating factors showing harm already happening: they outweigh "intelligence only".
    harm_factors: frozenset[str] = frozenset()
    # Aggravating factors that only say something about a child (an older adult involved, gifts,
    # missing school): they do not make an adult a victim of a ``vulnerable_categories`` category.
    child_factors: frozenset[str] = frozenset()
    # The partner marks the submission as intelligence only: no safeguarding referral suggested.
    intelligence_only: _Lexicon | None = None
    # Time words that point to the future only in direct speech ("bringing this down later").
    quoted_time_words: _Lexicon | None = None
    # A time today, tonight or tomorrow that is someone's plan or a deadline ("has until 9pm
    # tonight", "collecting her at half five"): HIGH with a danger anywhere in the submission
    # (`plan_dangers`, the imminent events, a `plan_categories` cue).
    plan_times: _Lexicon | None = None
    plan_dangers: _Lexicon | None = None
    plan_categories: Mapping[str, str] = field(default_factory=dict)
    # Loose time words ("after school", "later") that count with an event in their sentence only
    # when the submission also has a plan time for today.
    loose_time_words: _Lexicon | None = None
    # The partner takes back their own "URGENT" ("sorry for the capitals, it's not an emergency"):
    # the urgent marking no longer counts. Other signals are untouched.
    urgency_withdrawn: _Lexicon | None = None
    # Signs that a person is missing now ("bed not slept in", "phone straight to voicemail",
    # "not been home since Tuesday"): two different kinds in one paragraph are HIGH.
    missing_signs: _Lexicon | None = None
    # A time word inside one of these phrases is when the partner heard or wrote it ("told his GP
    # today", "on a home visit this morning"): it does not pair with an event.
    telling_times: _Lexicon | None = None
    # A time word (`quoted_now_words`) in quoted speech, in a sentence dated outside the quote to a
    # past day (`past_anchors`: "on Saturday night", "yesterday"), is that day's, not today's.
    past_anchors: _Lexicon | None = None
    quoted_now_words: _Lexicon | None = None


@dataclass(frozen=True)
class _Grade:
    letter: str
    description: str
    lexicon: _Lexicon | None


@dataclass(frozen=True)
class _AssessmentRules:
    precedence: tuple[_Grade, ...]  # first grade whose cues fire is suggested
    default: _Grade


# ---------------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------------

_CUE_KEYS = {"id", "terms", "pattern", "weight", "near", "unless_near", "window",
             "case_sensitive", "lemmas", "description", "negation", "withdrawn_by"}
_NEGATION_VALUES = ("applies", "own")  # cue key `negation`; "own": worded as a negative
_TRIGGER_KEYS = {"id", "pattern", "terms", "direction", "window", "breakers", "min_years_ago", "bare"}
_SCOPE_KEYS = {"triggers", "breakers", "pseudo", "cancel_after", "new_clause"}
_EXPLAINED_KEYS = {"kinds", "statements"}
_FILE_KEYS = {  # allowed top-level keys per file kind
    "category": {"kind", "category", "description", "cues", "explained"},
    "context": {"kind", "scopes", "quotes"},
    "outcome": {"kind", "imminent", "immediate", "crime", "subjects", "aggravating", "safeguarding",
                "intelligence_only", "urgency_withdrawn"},
    "assessment": {"kind", "precedence", "default", "grades"},
}


class _Source:
    """The file being loaded, so every error names the file, the entry and the reason."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, entry: str, reason: str) -> PatternFileError:
        return PatternFileError(self.path, entry, reason)

    def require(self, raw: Mapping[str, Any], key: str, kind: type | tuple[type, ...], entry: str):
        if key not in raw:
            raise self.fail(entry, f"missing key '{key}'")
        value = raw[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.fail(entry, f"'{key}' has the wrong type ({type(value).__name__})")
        return value

    def integer(self, raw: Mapping[str, Any], key: str, default: int, entry: str, *, minimum: int) -> int:
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(entry, f"'{key}' must be an integer >= {minimum}, got {value!r}")
        return value


def _term_regex(term: str, case_sensitive: bool) -> str:
    """A literal term as a regex: a space matches any run of spaces or hyphens, a hyphen is optional."""
    term = term.strip() if case_sensitive else term.strip().lower()
    parts = re.split(r"(\s+|-)", term)
    out = []
    for part in parts:
        if not part:
            continue
        if part.isspace():
            out.append(r"[\s\-]+")
        elif part == "-":
            out.append(r"[\s\-]?")
        else:
            out.append(re.escape(part))
    return "".join(out)


def _lower_pattern(pattern: str) -> str:
    """Lower-case a regex except its escapes (\\S stays \\S), to match lower-cased text.

    Case-insensitive cues are matched on lower-cased text without re.IGNORECASE: Python's re
    scans that way about twice as fast, and the offsets are the same.
    """
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\" or pattern.startswith("(?P", i):  # escapes, named groups
            out.append(pattern[i:i + 3] if pattern[i] == "(" else pattern[i:i + 2])
            i += len(out[-1])
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


# Word boundaries. Cues and triggers start and end with words; breakers and labels may be
# punctuation (";"), so for those a boundary is only required next to a word character. A cue that
# ends in a space ("answers? to (?:the|a) ", "deals? (?:from|at) ") ends at that space: the end edge
# asks for no word character after a match only when the match itself ends with one.
_WORD_EDGES = (r"(?<!\w)", r"(?:(?<!\w)|(?!\w))")
_LOOSE_EDGES = (r"(?:(?<!\w)|(?!\w))", r"(?:(?!\w)|(?<!\w))")


def _compile(src: _Source, entry: str, body: str, *, case_sensitive: bool = False,
             edges: tuple[str, str] = _WORD_EDGES) -> re.Pattern[str]:
    """Whole-word regex; unless case_sensitive it is meant for the lower-cased text."""
    if not case_sensitive:
        body = _lower_pattern(body)
    try:
        regex = re.compile(f"{edges[0]}(?:{body}){edges[1]}")
    except re.error as err:
        raise src.fail(entry, f"pattern does not compile ({err})") from None
    if regex.match("") is not None:
        raise src.fail(entry, "pattern matches the empty string")
    return regex


def _probe(cues: Iterable[_Cue]) -> re.Pattern[str] | None:
    """A zero-width regex that finds every position where at least one of the cues matches."""
    # Every cue regex starts with the same word-start lookbehind: test it once, not per cue.
    lead = _WORD_EDGES[0]
    patterns = [cue.regex.pattern.removeprefix(lead) for cue in cues]
    return re.compile(lead + "(?=" + "|".join(f"(?:{p})" for p in patterns) + ")") if patterns else None


def _string_list(src: _Source, raw: Mapping[str, Any], key: str, entry: str) -> list[str]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise src.fail(entry, f"'{key}' must be a list of non-empty strings")
    return value


def _alternation(src: _Source, entry: str, patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return _compile(src, entry, "|".join(f"(?:{p})" for p in patterns), edges=_LOOSE_EDGES)


def _entry_name(raw: Any, section: str, index: int) -> str:
    name = raw.get("id") if isinstance(raw, dict) else None
    return f"{section}[{index}] '{name}'" if isinstance(name, str) else f"{section}[{index}]"


def _check_entry(src: _Source, raw: Any, entry: str, allowed: set[str]) -> None:
    if not isinstance(raw, dict):
        raise src.fail(entry, "expected a mapping")
    unknown = set(raw) - allowed
    if unknown:
        raise src.fail(entry, f"unknown key(s) {sorted(unknown)}")


# In a cue pattern, this placeholder stands for the four-digit years in which someone born is
# under 18 now ("DOB: 03/08/2010"); it is filled in when the rules load, so it never goes stale.
_CHILD_BIRTH_YEARS = "{child_birth_years}"


def child_birth_years(today: date | None = None) -> str:
    """A regex alternation of the birth years of people under 18 on `today` (the year of the
    18th birthday counts: the day is not known)."""
    year = (today or date.today()).year
    return "(?:" + "|".join(str(y) for y in range(year, year - 19, -1)) + ")"


def _build_cue(src: _Source, raw: Any, entry: str, *, need_weight: bool, need_description: bool) -> _Cue:
    _check_entry(src, raw, entry, _CUE_KEYS)
    cue_id = src.require(raw, "id", str, entry)
    case_sensitive = bool(raw.get("case_sensitive", False))
    terms = _string_list(src, raw, "terms", entry)
    lemmas = _string_list(src, raw, "lemmas", entry)
    pattern = raw.get("pattern")
    if pattern is not None and (not isinstance(pattern, str) or not pattern.strip()):
        raise src.fail(entry, "'pattern' must be a non-empty string")
    if not terms and pattern is None and not lemmas:
        raise src.fail(entry, "needs 'terms', 'pattern' or 'lemmas'")
    if pattern and _CHILD_BIRTH_YEARS in pattern:
        pattern = pattern.replace(_CHILD_BIRTH_YEARS, child_birth_years())
    pieces = [_term_regex(t, case_sensitive) for t in terms] + ([pattern] if pattern else [])
    # A lemma-only cue still needs a regex; one that cannot match keeps the code path simple.
    body = "|".join(f"(?:{p})" for p in pieces) if pieces else r"(?!x)x"
    if re.search(r"\(\?P[<=]|\\[1-9]", body):
        # Cues of a lexicon are combined into one probe regex, where these would clash.
        raise src.fail(entry, "named groups and backreferences are not allowed in cue patterns")
    regex = _compile(src, entry, body, case_sensitive=case_sensitive)
    weight = raw.get("weight", 1.0 if not need_weight else None)
    if weight is None:
        raise src.fail(entry, "missing key 'weight'")
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 1:
        raise src.fail(entry, f"'weight' must be a number in (0, 1], got {weight!r}")
    description = raw.get("description", "")
    if need_description and (not isinstance(description, str) or not description.strip()):
        raise src.fail(entry, "missing key 'description' (used in outcome reasons)")
    window = src.integer(raw, "window", 6, entry, minimum=1)
    negation = raw.get("negation", "applies")
    if negation not in _NEGATION_VALUES:
        raise src.fail(entry, f"'negation' must be one of {', '.join(_NEGATION_VALUES)}, got {negation!r}")
    return _Cue(
        id=cue_id,
        regex=regex,
        case_sensitive=case_sensitive,
        literals=frozenset(_SPACES.sub(" ", t.strip().lower()) for t in terms),
        weight=float(weight),
        description=str(description),
        near=_alternation(src, f"{entry} near", _string_list(src, raw, "near", entry)),
        unless_near=_alternation(src, f"{entry} unless_near", _string_list(src, raw, "unless_near", entry)),
        window=window,
        lemmas=frozenset(lemma.lower() for lemma in lemmas),
        own_negation=negation == "own",
        withdrawn_by=frozenset(_string_list(src, raw, "withdrawn_by", entry)),
    )


def _build_lexicon(src: _Source, raw: Any, section: str, *, name: str | None = None,
                   need_weight: bool = False, need_description: bool = False,
                   description: str = "") -> _Lexicon:
    if not isinstance(raw, list) or not raw:
        raise src.fail(section, "expected a non-empty list of entries")
    cues, seen = [], set()
    for index, item in enumerate(raw):
        entry = _entry_name(item, section, index)
        cue = _build_cue(src, item, entry, need_weight=need_weight, need_description=need_description)
        if cue.id in seen:
            raise src.fail(entry, f"duplicate id '{cue.id}'")
        seen.add(cue.id)
        cues.append(cue)
    try:
        return _Lexicon(name=name or section, cues=tuple(cues), description=description)
    except re.error as err:
        raise src.fail(section, f"cue patterns do not combine into one regex ({err})") from None


def _load_explanations(src: _Source, raw: Any) -> _Explanations | None:
    if raw is None:
        return None
    _check_entry(src, raw, "explained", _EXPLAINED_KEYS)
    kinds_raw = raw.get("kinds")
    if not isinstance(kinds_raw, dict) or not kinds_raw:
        raise src.fail("explained", "'kinds' must be a non-empty mapping of kind name to pattern")
    kinds = []
    for kind, pattern in kinds_raw.items():
        if not isinstance(pattern, str) or not pattern.strip():
            raise src.fail(f"explained kinds '{kind}'", "expected a non-empty pattern")
        kinds.append((str(kind), _compile(src, f"explained kinds '{kind}'", pattern)))
    statements = raw.get("statements")
    if not isinstance(statements, list) or not statements:
        raise src.fail("explained", "'statements' must be a non-empty list of entries")
    bodies = []
    for index, item in enumerate(statements):
        entry = _entry_name(item, "explained statements", index)
        _check_entry(src, item, entry, {"id", "pattern"})
        src.require(item, "id", str, entry)
        pattern = src.require(item, "pattern", str, entry)
        _compile(src, entry, pattern)  # each one on its own, so an error names its entry
        bodies.append(f"(?:{pattern})")
    return _Explanations(kinds=tuple(kinds), statements=_compile(src, "explained statements", "|".join(bodies)))


def _load_category(src: _Source, raw: Mapping[str, Any]) -> _Lexicon:
    name = src.require(raw, "category", str, "category")
    if name not in CATEGORIES:
        raise src.fail("category", f"unknown category '{name}' (expected one of {', '.join(CATEGORIES)})")
    lexicon = _build_lexicon(src, raw.get("cues"), "cues", name=name, need_weight=True,
                             description=str(raw.get("description", "")))
    lexicon.explained = _load_explanations(src, raw.get("explained"))
    return lexicon


def _build_trigger(src: _Source, raw: Any, entry: str) -> _Trigger:
    _check_entry(src, raw, entry, _TRIGGER_KEYS)
    trigger_id = src.require(raw, "id", str, entry)
    pieces = [_term_regex(t, False) for t in _string_list(src, raw, "terms", entry)]
    if isinstance(raw.get("pattern"), str):
        pieces.append(raw["pattern"])
    if not pieces:
        raise src.fail(entry, "needs 'terms' or 'pattern'")
    regex = _compile(src, entry, "|".join(f"(?:{p})" for p in pieces))
    direction = raw.get("direction", "forward")
    if direction not in ("forward", "backward", "both"):
        raise src.fail(entry, f"'direction' must be forward, backward or both, got {direction!r}")
    window = src.integer(raw, "window", 5, entry, minimum=0)
    min_years = None
    if "min_years_ago" in raw:
        min_years = src.integer(raw, "min_years_ago", 0, entry, minimum=0)
        if "year" not in regex.groupindex:
            raise src.fail(entry, "'min_years_ago' needs a named group (?P<year>...) in the pattern")
    breakers = _alternation(src, f"{entry} breakers", _string_list(src, raw, "breakers", entry))
    bare = raw.get("bare", False)
    if not isinstance(bare, bool):
        raise src.fail(entry, f"'bare' must be true or false, got {bare!r}")
    return _Trigger(trigger_id, regex, direction, window, breakers, min_years, bare)


def _load_context(src: _Source, raw: Mapping[str, Any]) -> _ContextRules:
    scopes_raw = src.require(raw, "scopes", dict, "scopes")
    scopes = []
    for reason, body in scopes_raw.items():
        entry = f"scopes.{reason}"
        if reason not in SUPPRESSION_REASONS or reason == "quoted":
            raise src.fail(entry, "scope must be one of negated, hypothetical, historical")
        if not isinstance(body, dict):
            raise src.fail(entry, "expected a mapping")
        unknown = set(body) - _SCOPE_KEYS
        if unknown:
            raise src.fail(entry, f"unknown key(s) {sorted(unknown)}")
        new_clause = _string_list(src, body, "new_clause", entry)
        triggers_raw = src.require(body, "triggers", list, entry)
        triggers = tuple(
            _build_trigger(src, item, f"{entry}.{_entry_name(item, 'triggers', i)}")
            for i, item in enumerate(triggers_raw)
        )
        cancel = body.get("cancel_after") or {}
        if not isinstance(cancel, dict):
            raise src.fail(f"{entry}.cancel_after", "expected a mapping with 'terms' and 'window'")
        scopes.append(_Scope(
            reason=reason,
            triggers=triggers,
            breakers=_alternation(src, f"{entry}.breakers", _string_list(src, body, "breakers", entry)),
            pseudo=_alternation(src, f"{entry}.pseudo", _string_list(src, body, "pseudo", entry)),
            cancel_after=_alternation(src, f"{entry}.cancel_after",
                                      _string_list(src, cancel, "terms", f"{entry}.cancel_after")),
            cancel_window=src.integer(cancel, "window", 0, f"{entry}.cancel_after", minimum=0),
            new_clause=_compile(src, f"{entry}.new_clause", "|".join(f"(?:{p})" for p in new_clause),
                                case_sensitive=True, edges=_LOOSE_EDGES) if new_clause else None,
        ))
    order = {reason: i for i, reason in enumerate(SUPPRESSION_REASONS)}
    quotes = src.require(raw, "quotes", dict, "quotes")
    label_words = _string_list(src, quotes, "label_before", "quotes")
    if not label_words:
        raise src.fail("quotes", "missing key 'label_before'")
    unknown = set(quotes) - {"words_before", "label_before", "handle_like", "words_after", "label_after"}
    if unknown:
        raise src.fail("quotes", f"unknown key(s) {sorted(unknown)}")
    handle = src.require(quotes, "handle_like", str, "quotes")
    try:
        handle_regex = re.compile(rf"(?:{handle})\Z")
    except re.error as err:
        raise src.fail("quotes.handle_like", f"pattern does not compile ({err})") from None
    return _ContextRules(
        scopes=tuple(sorted(scopes, key=lambda s: order[s.reason])),
        quote_label_before=_alternation(src, "quotes.label_before", label_words),
        quote_words_before=src.integer(quotes, "words_before", 4, "quotes", minimum=1),
        quote_handle_like=handle_regex,
        quote_label_after=_alternation(src, "quotes.label_after",
                                       _string_list(src, quotes, "label_after", "quotes")),
        quote_words_after=src.integer(quotes, "words_after", 6, "quotes", minimum=1),
    )


def _load_outcome(src: _Source, raw: Mapping[str, Any]) -> _OutcomeRules:
    imminent = src.require(raw, "imminent", dict, "imminent")
    categories = src.require(imminent, "categories", dict, "imminent.categories")
    plan_categories = imminent.get("plan_categories") or {}
    for key, mapping in (("categories", categories), ("plan_categories", plan_categories)):
        if not isinstance(mapping, dict):
            raise src.fail(f"imminent.{key}", "expected a mapping of category to description")
        for name, description in mapping.items():
            if name not in CATEGORIES or not isinstance(description, str):
                raise src.fail(f"imminent.{key}.{name}", "expected a known category and a description")

    def group(section: Any, name: str, described: bool = True) -> _Lexicon:
        return _build_lexicon(src, section, name, need_description=described)

    safeguarding = raw.get("safeguarding") or {}
    if not isinstance(safeguarding, dict) or set(safeguarding) - {"categories", "vulnerable_categories",
                                                                  "harm_factors", "child_factors"}:
        raise src.fail("safeguarding", "expected a mapping with 'categories', 'vulnerable_categories' "
                                       "and 'harm_factors' (and optionally 'child_factors')")
    for key in ("categories", "vulnerable_categories"):
        for name in _string_list(src, safeguarding, key, f"safeguarding.{key}"):
            if name not in CATEGORIES:
                raise src.fail(f"safeguarding.{key}", f"unknown category '{name}'")
    intelligence_only = raw.get("intelligence_only")

    rules = _OutcomeRules(
        time_words=group(imminent.get("time_words"), "imminent.time_words", described=False),
        imminent_events=group(imminent.get("events"), "imminent.events"),
        imminent_categories=dict(categories),
        immediate=group(raw.get("immediate"), "immediate"),
        crime=group(raw.get("crime"), "crime"),
        subjects=group(raw.get("subjects"), "subjects", described=False),
        aggravating=group(raw.get("aggravating"), "aggravating"),
        harm_factors=frozenset(_string_list(src, safeguarding, "harm_factors",
                                            "safeguarding.harm_factors")),
        child_factors=frozenset(_string_list(src, safeguarding, "child_factors",
                                             "safeguarding.child_factors")),
        safeguarding_categories=frozenset(safeguarding.get("categories") or ()),
        vulnerable_categories=frozenset(safeguarding.get("vulnerable_categories") or ()),
        intelligence_only=(group(intelligence_only, "intelligence_only", described=False)
                           if intelligence_only is not None else None),
        quoted_time_words=(group(imminent["quoted_time_words"], "imminent.quoted_time_words",
                                 described=False)
                           if imminent.get("quoted_time_words") is not None else None),
        plan_times=(group(imminent["plan_times"], "imminent.plan_times", described=False)
                    if imminent.get("plan_times") is not None else None),
        plan_dangers=(group(imminent["plan_dangers"], "imminent.plan_dangers")
                      if imminent.get("plan_dangers") is not None else None),
        plan_categories=dict(plan_categories),
        loose_time_words=(group(imminent["loose_time_words"], "imminent.loose_time_words", described=False)
                          if imminent.get("loose_time_words") is not None else None),
        urgency_withdrawn=(group(raw["urgency_withdrawn"], "urgency_withdrawn", described=False)
                           if raw.get("urgency_withdrawn") is not None else None),
        missing_signs=(group(imminent["missing_signs"], "imminent.missing_signs")
                       if imminent.get("missing_signs") is not None else None),
        telling_times=(group(imminent["telling_times"], "imminent.telling_times", described=False)
                       if imminent.get("telling_times") is not None else None),
        past_anchors=(group(imminent["past_anchors"], "imminent.past_anchors", described=False)
                      if imminent.get("past_anchors") is not None else None),
        quoted_now_words=(group(imminent["quoted_now_words"], "imminent.quoted_now_words", described=False)
                          if imminent.get("quoted_now_words") is not None else None),
    )
    for key, ids in (("harm_factors", rules.harm_factors), ("child_factors", rules.child_factors)):
        unknown = ids - {cue.id for cue in rules.aggravating.cues}
        if unknown:
            raise src.fail(f"safeguarding.{key}", f"not an aggravating factor id: {sorted(unknown)}")
    withdrawals = {cue.id for cue in rules.urgency_withdrawn.cues} if rules.urgency_withdrawn else set()
    for cue in rules.immediate.cues:
        unknown = cue.withdrawn_by - withdrawals - {"any"}
        if unknown:
            raise src.fail(f"immediate '{cue.id}' withdrawn_by", f"not an urgency_withdrawn id: {sorted(unknown)}")
    return rules


def _load_assessment(src: _Source, raw: Mapping[str, Any]) -> _AssessmentRules:
    grades_raw = src.require(raw, "grades", dict, "grades")
    grades = {}
    for letter, body in grades_raw.items():
        entry = f"grades.{letter}"
        if letter not in ASSESSMENT_LETTERS or not isinstance(body, dict):
            raise src.fail(entry, "expected a letter A-E with a mapping")
        description = src.require(body, "description", str, entry)
        cues = body.get("cues")
        lexicon = _build_lexicon(src, cues, f"{entry}.cues") if cues is not None else None
        grades[letter] = _Grade(letter, description, lexicon)
    precedence = src.require(raw, "precedence", list, "precedence")
    default = src.require(raw, "default", str, "default")
    for letter in [*precedence, default]:
        if letter not in grades:
            raise src.fail("precedence", f"grade '{letter}' is not defined under 'grades'")
    ordered = tuple(grades[letter] for letter in precedence if grades[letter].lexicon is not None)
    return _AssessmentRules(precedence=ordered, default=grades[default])


def _read_rules_file(path: Path) -> dict[str, Any]:
    return load_yaml_mapping(path, expect="a mapping with a 'kind' key at the top level")


_LOADERS = {"category": _load_category, "context": _load_context,
            "outcome": _load_outcome, "assessment": _load_assessment}


class TriageRules:
    """Compiled triage lexicons and rules; build once with ``from_directory`` and reuse."""

    def __init__(self, *, categories: Mapping[str, _Lexicon], context: _ContextRules,
                 outcome: _OutcomeRules, assessment: _AssessmentRules, source: Path | None = None):
        self.categories = dict(categories)
        self.context = context
        self.outcome = outcome
        self.assessment = assessment
        self.source = source

    @classmethod
    def from_directory(cls, path: Path = DEFAULT_RULES_DIR) -> "TriageRules":
        path = Path(path)
        files = sorted(path.glob("*.yaml"))
        if not files:
            raise PatternFileError(path, "-", "no *.yaml triage rule files found")
        loaded: dict[str, Any] = {"category": {}}
        for file in files:
            src = _Source(file)
            raw = _read_rules_file(file)
            kind = raw.get("kind")
            if kind not in _FILE_KEYS:
                raise src.fail("kind", f"expected one of {', '.join(_FILE_KEYS)}, got {kind!r}")
            unknown = set(raw) - _FILE_KEYS[kind]
            if unknown:
                raise src.fail("-", f"unknown top-level key(s) {sorted(unknown)} for kind {kind}")
            result = _LOADERS[kind](src, raw)
            if kind == "category":
                if result.name in loaded["category"]:
                    raise src.fail("category", f"category '{result.name}' is defined in two files")
                loaded["category"][result.name] = result
            elif kind in loaded:
                raise src.fail("kind", f"a second '{kind}' file (only one is allowed)")
            else:
                loaded[kind] = result
        for kind in ("context", "outcome", "assessment"):
            if kind not in loaded:
                raise PatternFileError(path, "-", f"no file with kind: {kind}")
        missing = [c for c in CATEGORIES if c not in loaded["category"]]
        if missing:
            raise PatternFileError(path, "-", f"no lexicon for categor{'y' if len(missing) == 1 else 'ies'} "
                                              f"{', '.join(missing)}")
        for name in loaded["outcome"].imminent_categories:
            if name not in loaded["category"]:
                raise PatternFileError(path, "-", f"imminent category '{name}' has no lexicon")
        return cls(categories=loaded["category"], context=loaded["context"],
                   outcome=loaded["outcome"], assessment=loaded["assessment"], source=path)

    def lexicons(self) -> list[_Lexicon]:
        """Every compiled lexicon (categories, outcome signals, assessment wording)."""
        o = self.outcome
        lexicons = [*self.categories.values(), o.time_words, o.imminent_events, o.immediate,
                    o.crime, o.subjects, o.aggravating]
        if o.intelligence_only is not None:
            lexicons.append(o.intelligence_only)
        if o.quoted_time_words is not None:
            lexicons.append(o.quoted_time_words)
        return lexicons + [g.lexicon for g in self.assessment.precedence if g.lexicon]


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Hit:
    cue: _Cue
    start: int
    end: int


class _TextView:
    """The Doc text (quotes and dashes normalised, same offsets), its sentences and its words."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text.translate(_NORMALISE)
        lower = self.text.lower()
        # A few characters change length when lower-cased ("İ"); keep offsets aligned.
        self.lower = lower if len(lower) == len(self.text) else "".join(
            c.lower() if len(c.lower()) == 1 else c for c in self.text)
        if doc.has_annotation("SENT_START"):
            bounds = [(s.start_char, s.end_char) for s in doc.sents]
        else:
            bounds = [(0, len(self.text))]
        self.sent_starts = [s for s, _ in bounds]
        self.sent_ends = [e for _, e in bounds]
        words = [m.span() for m in _WORD.finditer(self.text)]
        self.word_starts = [s for s, _ in words]
        self.word_ends = [e for _, e in words]
        self.has_lemmas = doc.has_annotation("LEMMA")

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect_right(self.sent_starts, pos) - 1)

    def sentence_bounds(self, pos: int) -> Span:
        i = self.sentence_of(pos)
        return self.sent_starts[i], self.sent_ends[i]

    def words_between(self, start: int, end: int) -> int:
        """Number of whole words inside [start, end)."""
        return max(0, bisect_right(self.word_ends, end) - bisect_left(self.word_starts, start))

    def window(self, start: int, end: int, words: int) -> Span:
        """`words` words either side of [start, end), clipped to the sentence."""
        sent_start, sent_end = self.sentence_bounds(start)
        before = bisect_right(self.word_ends, start)
        after = bisect_left(self.word_starts, end)
        lo = self.word_starts[before - words] if before - words >= 0 else 0
        hi_index = min(after + words, len(self.word_ends)) - 1
        hi = self.word_ends[hi_index] if hi_index >= after else end
        return max(lo, sent_start), min(max(hi, end), sent_end)

    def words_after(self, end: int, words: int) -> Span:
        sent_end = self.sentence_bounds(max(0, end - 1))[1]
        after = bisect_left(self.word_starts, end)
        hi_index = min(after + words, len(self.word_ends)) - 1
        hi = self.word_ends[hi_index] if hi_index >= after else end
        return end, min(hi, sent_end)

    def quote_word(self, hit: _Hit) -> str | None:
        """A lexicon term of the cue found in the matched text - never free text from the Doc."""
        text = _SPACES.sub(" ", self.lower[hit.start:hit.end])
        if text in hit.cue.literals:
            return text
        inside = [t for t in hit.cue.literals if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text)]
        return max(inside, key=len) if inside else None


def _context_ok(cue: _Cue, view: _TextView, start: int, end: int) -> bool:
    if cue.near is None and cue.unless_near is None:
        return True
    lo, hi = view.window(start, end, cue.window)
    if cue.near is not None and not _near(cue.near, view, lo, hi, start, end):
        return False
    return cue.unless_near is None or not _near(cue.unless_near, view, lo, hi, start, end)


def _near(regex: re.Pattern[str], view: _TextView, lo: int, hi: int, start: int, end: int) -> bool:
    """A match inside the window [lo, hi) that does not touch the cue [start, end).

    The regex runs over the rest of the sentence, so a lookahead may look past the window:
    "says he will ..." can be told apart from "says".
    """
    sent_end = view.sentence_bounds(start)[1]
    for m in regex.finditer(view.lower, lo, max(hi, sent_end)):
        if m.start() >= hi:
            return False
        if m.end() <= hi and (m.end() <= start or m.start() >= end):
            return True
    return False


def _find(lexicon: _Lexicon, view: _TextView) -> list[_Hit]:
    hits = [_Hit(cue, start, end) for cue, start, end in lexicon.matches(view)
            if _context_ok(cue, view, start, end)]
    if view.has_lemmas and lexicon.lemma_cues:
        taken = {(h.cue.id, h.start) for h in hits}
        for token in view.doc:
            for cue in lexicon.lemma_cues.get(token.lemma_.lower(), ()):
                start, end = token.idx, token.idx + len(token.text)
                if (cue.id, start) not in taken and _context_ok(cue, view, start, end):
                    hits.append(_Hit(cue, start, end))
    return _drop_nested(hits)


def _drop_nested(hits: list[_Hit]) -> list[_Hit]:
    """Keep the longest cue where one cue's match lies inside another's (same lexicon)."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end, -h.cue.weight)):
        if not any(k.start <= hit.start and hit.end <= k.end for k in kept):
            kept.append(hit)
    return kept


# ---------------------------------------------------------------------------------------------
# Context: quoted labels, negation, hypotheticals, history
# ---------------------------------------------------------------------------------------------

_QUOTES = re.compile(r'"[^"\n]{1,300}"|(?<!\w)\'[^\'\n]{1,300}?\'(?!\w)')


@dataclass(frozen=True)
class _TriggerAt:
    trigger: _Trigger
    start: int
    end: int


class _ContextIndex:
    """Everything context-related found once per document, then asked about each cue."""

    def __init__(self, view: _TextView, rules: _ContextRules, reference_year: int):
        self.view = view
        self.labels = self._quoted_labels(view, rules)
        self.scopes = [(scope, self._triggers(scope, reference_year),
                        sorted(self._starts(scope.breakers) + self._starts(scope.new_clause, self.view.text)),
                        self._starts(scope.cancel_after)) for scope in rules.scopes]

    def _starts(self, regex: re.Pattern[str] | None, text: str | None = None) -> list[int]:
        return [m.start() for m in regex.finditer(self.view.lower if text is None else text)] if regex else []

    def _triggers(self, scope: _Scope, reference_year: int) -> dict[int, list[_TriggerAt]]:
        text = self.view.lower
        pseudo = [m.span() for m in scope.pseudo.finditer(text)] if scope.pseudo else []
        by_sentence: dict[int, list[_TriggerAt]] = {}
        for trigger in scope.triggers:
            for m in trigger.regex.finditer(text):
                if any(ps <= m.start() < pe for ps, pe in pseudo):
                    continue
                if trigger.min_years_ago is not None:
                    if int(m.group("year")) > reference_year - trigger.min_years_ago:
                        continue
                sentence = self.view.sentence_of(m.start())
                by_sentence.setdefault(sentence, []).append(_TriggerAt(trigger, m.start(), m.end()))
        return by_sentence

    @staticmethod
    def _quoted_labels(view: _TextView, rules: _ContextRules) -> list[Span]:
        labels = []
        for m in _QUOTES.finditer(view.text):
            inner = m.group()[1:-1].strip()
            before = bisect_right(view.word_ends, m.start())
            lo = view.word_starts[before - rules.quote_words_before] \
                if before >= rules.quote_words_before else 0
            lead_in = view.lower[lo:m.start()]
            follow = ""
            if rules.quote_label_after is not None:
                after = bisect_left(view.word_starts, m.end())
                last = min(after + rules.quote_words_after, len(view.word_ends)) - 1
                follow = view.lower[m.end():view.word_ends[last]] if last >= after else ""
            if (rules.quote_handle_like.match(inner) or rules.quote_label_before.search(lead_in)
                    or (follow and rules.quote_label_after.search(follow))):
                labels.append(m.span())
        return labels

    def reason(self, start: int, end: int, own_negation: bool = False) -> str | None:
        """Why the cue at [start, end) is not counted, or None. A cue with `own_negation` whose
        match holds a bare negation word of its own is worded as a negative: bare negation words
        before it do not set it aside."""
        if any(ls <= start and end <= le for ls, le in self.labels):
            return "quoted"
        sentence = self.view.sentence_of(start)
        for scope, triggers, breakers, cancels in self.scopes:
            found_here = triggers.get(sentence, ())
            # Only the negative wordings of such a cue carry their own negation ("never get paid",
            # not "the workers look scared"): a bare negation word inside the match shows it.
            own = own_negation and any(f.trigger.bare and start <= f.start and f.end <= end for f in found_here)
            for found in found_here:
                if own and found.trigger.bare:
                    continue
                if (self._in_scope(found, start, end, breakers)
                        and not self._cancelled(scope, cancels, breakers, end)):
                    return scope.reason
        return None

    def _in_scope(self, found: _TriggerAt, start: int, end: int, breakers: list[int]) -> bool:
        trigger = found.trigger
        if found.end <= start and trigger.direction in ("forward", "both"):
            gap = (found.end, start)
        elif end <= found.start and trigger.direction in ("backward", "both"):
            gap = (end, found.start)
        else:
            return False  # overlaps the cue ("not returned home") or points the other way
        if self.view.words_between(*gap) > trigger.window:
            return False
        if _any_between(breakers, *gap):
            return False
        if trigger.breakers is None:
            return True
        # A breaker starts in the gap but may run on into the cue ("if you're late you pay it back"),
        # or starts the cue itself: in "if you've been to them when I get in I'll put you in the
        # ground" the threat's own "I'll" opens the main clause.
        m = trigger.breakers.search(self.view.lower, gap[0], self.view.sentence_bounds(gap[0])[1])
        return m is None or m.start() > gap[1] or (m.start() == gap[1] and trigger.direction == "backward")

    def _cancelled(self, scope: _Scope, cancels: list[int], breakers: list[int], end: int) -> bool:
        """A cancel word ("again", "now") just after the cue, with no breaker (";") before it."""
        if not cancels or not scope.cancel_window:
            return False
        lo, hi = self.view.words_after(end, scope.cancel_window)
        i = bisect_left(cancels, lo)
        return i < len(cancels) and cancels[i] < hi and not _any_between(breakers, end, cancels[i])


def _any_between(sorted_starts: list[int], start: int, end: int) -> bool:
    i = bisect_left(sorted_starts, start)
    return i < len(sorted_starts) and sorted_starts[i] < end


# ---------------------------------------------------------------------------------------------
# Categories, outcome, assessment
# ---------------------------------------------------------------------------------------------

class _Screen:
    """Splits hits into counted and suppressed, recording the suppressed ones once."""

    def __init__(self, context: _ContextIndex):
        self.context = context
        self.suppressed: dict[tuple[str, int, int], SuppressedCue] = {}

    def counted(self, hits: list[_Hit], label: str | None) -> list[_Hit]:
        kept = []
        for hit in hits:
            reason = self.context.reason(hit.start, hit.end, hit.cue.own_negation)
            if reason is None:
                kept.append(hit)
            elif label is not None:
                self.suppressed.setdefault((label, hit.start, hit.end),
                                           SuppressedCue(label, hit.start, hit.end, reason))
        return kept


# How categories bear on each other (data/heldout/README.md, data/ANNOTATION.md):
# - a trafficked child is MISSING too: MODERN_SLAVERY with a subject under 18 (a stated age or a
#   child word) adds MISSING, with the MODERN_SLAVERY evidence;
# - in a Prevent referral (RADICALISATION) the weak CSE signs of an adult's influence ("groomed",
#   "an older man messages him", "delete the chats") describe the radicaliser: CSE counts there only
#   with a sexual cue;
# - in adult MODERN_SLAVERY with no child involved, debts and threats are the traffickers' hold,
#   not criminal exploitation of a child: those CCE cues are set aside.
_CSE_SEXUAL_CUES = frozenset({
    "cse", "older_boyfriend", "boyfriend_age_claimed", "emergency_contraception", "asks_for_images",
    "love_bites", "sexting", "nudes", "sex_for", "sex_with_adult", "sex_with_partner_adult", "sexual_harm",
    "image_requests", "sexual_touching", "sign_hand_on_her", "sign_sexual_video", "sign_had_sex",
    "sextortion", "relationship_with_adult"})
_CCE_HOLD_CUES = frozenset({
    "drug_debt", "owes_older", "lost_parcel_debt", "debt_worked_off", "owes_them", "gifts_become_debt",
    "owes_for_lost_stock", "child_in_debt", "owes_someone_since", "fined_by_others", "family_threatened"})
# Subject words that say a child (not a parent, a baby of an adult, or a grown-up son or daughter).
_CHILD_WORDS = frozenset({
    "child", "young person", "yp", "teenager", "minor", "looked after child", "child in care",
    "children in care", "child in need", "foster carer", "foster carers", "foster placement",
    "children's home", "unaccompanied asylum-seeking child", "uasc"})


def _set_aside_explained(view: _TextView, lexicon: _Lexicon, hits: list[_Hit], screen: _Screen) -> list[_Hit]:
    """The hits left once those naming a kind of thing the text explains as harmless are set
    aside (reason "explained"). A statement names its kind ("the 'gun' is a Nerf blaster") or,
    worded with "it" ("it was a toy"), takes the kind of the nearest hit before it in the same or
    the sentence before. Hits naming no kind ("a weapon", "stabbing") or another kind still count."""
    rules = lexicon.explained
    if rules is None or not hits:
        return hits
    explained: set[str] = set()
    for match in rules.statements.finditer(view.lower):
        kind = rules.kind_of(match.group())
        if kind is None:
            sentence = view.sentence_of(match.start())
            before = [h for h in hits if h.end <= match.start() and view.sentence_of(h.start) >= sentence - 1]
            kinds = [k for h in sorted(before, key=lambda h: h.start, reverse=True)
                     if (k := rules.kind_of(view.lower[h.start:h.end])) is not None]
            kind = kinds[0] if kinds else None
        if kind is not None:
            explained.add(kind)
    if not explained:
        return hits
    kept = []
    for hit in hits:
        if rules.kind_of(view.lower[hit.start:hit.end]) in explained:
            screen.suppressed.setdefault((lexicon.name, hit.start, hit.end),
                                         SuppressedCue(lexicon.name, hit.start, hit.end, "explained"))
        else:
            kept.append(hit)
    return kept


def _score(hits: list[_Hit]) -> float:
    remaining = 1.0
    for weight in {h.cue.id: h.cue.weight for h in hits}.values():
        remaining *= 1.0 - weight
    return round(1.0 - remaining, 4)


def _child_subject(view: _TextView, rules: TriageRules, screen: _Screen, cues: list[_Hit] | None) -> bool:
    """A subject under 18 (a stated age, a year group, "boy"/"girl"/"pupil", or a child word) told
    in the same sentence as one of `cues`: the worker "15, sleeps at the car wash", not a pupil
    whose parent told the school about the men at the car wash. `cues` None: anywhere."""
    if rules.outcome.subjects is None:
        return False
    sentences = {view.sentence_of(h.start) for h in cues} if cues is not None else None
    for hit in screen.counted(_find(rules.outcome.subjects, view), None):
        if hit.cue.id != "child" or (sentences is not None and view.sentence_of(hit.start) not in sentences):
            continue
        word = view.quote_word(hit)
        if word is None or word in _CHILD_WORDS:
            return True
    return False


def _relate_categories(view: _TextView, rules: TriageRules, screen: _Screen,
                       found: dict[str, list[_Hit]], threshold: float) -> None:
    """Adjust the counted cues of each category for what the others say (see above)."""
    def reported(name: str) -> bool:
        return bool(found[name]) and _score(found[name]) >= threshold - 1e-9

    if reported("RADICALISATION") and found["CSE"] \
            and not any(h.cue.id in _CSE_SEXUAL_CUES for h in found["CSE"]):
        found["CSE"] = []
    if reported("MODERN_SLAVERY"):
        if not found["MISSING"] and _child_subject(view, rules, screen, found["MODERN_SLAVERY"]):
            found["MISSING"] = list(found["MODERN_SLAVERY"])
        if found["CCE"] and not _child_subject(view, rules, screen, None):
            found["CCE"] = [h for h in found["CCE"] if h.cue.id not in _CCE_HOLD_CUES]


def _score_categories(view: _TextView, rules: TriageRules, screen: _Screen,
                      threshold: float, short: list[CategoryHit] | None = None) -> tuple[CategoryHit, ...]:
    """The categories whose counted cues reach `threshold`; those with counted cues that fall
    short are appended to `short` when it is given."""
    reported = []
    found = {name: _set_aside_explained(view, rules.categories[name],
                                        screen.counted(_find(rules.categories[name], view), name), screen)
             for name in CATEGORIES}
    _relate_categories(view, rules, screen, found, threshold)
    for name in CATEGORIES:
        hits = found[name]
        weights = {h.cue.id: h.cue.weight for h in hits}
        remaining = 1.0
        for weight in weights.values():
            remaining *= 1.0 - weight
        score = round(1.0 - remaining, 4)
        if hits and score >= threshold - 1e-9:
            evidence = tuple(sorted({(h.start, h.end) for h in hits}))
            reported.append(CategoryHit(name, score, evidence))
        elif hits and short is not None:
            short.append(CategoryHit(name, score, tuple(sorted({(h.start, h.end) for h in hits}))))
    reported.sort(key=lambda c: (-c.score, CATEGORIES.index(c.name)))
    return tuple(reported)


def _confirm_short(categories: tuple[CategoryHit, ...], short: list[CategoryHit],
                   scores: Mapping[str, float], threshold: float) -> tuple[CategoryHit, ...]:
    """Report the categories whose rule cues fell short when the classifier's score reaches
    `threshold`: the cues are the evidence, the classifier's score is the score."""
    confirmed = [replace(c, score=round(float(scores[c.name]), 4), by="confirmed")
                 for c in short if scores.get(c.name, 0.0) >= threshold]
    if not confirmed:
        return categories
    return tuple(sorted((*categories, *confirmed), key=lambda c: (-c.score, CATEGORIES.index(c.name))))


def _add_learned(categories: tuple[CategoryHit, ...], learned: Mapping[str, float], threshold: float,
                 screen: _Screen, evidence_of: Callable[[list[str]], Mapping[str, tuple[Span, ...]]] | None,
                 ) -> tuple[CategoryHit, ...]:
    fired = {c.name for c in categories}
    set_aside = {cue.category for cue in screen.suppressed.values()}
    added = [name for name in CATEGORIES
             if name not in fired and name not in set_aside and learned.get(name, 0.0) >= threshold]
    if not added:
        return categories
    evidence = evidence_of(added) if evidence_of else {}
    hits = list(categories) + [CategoryHit(name, round(float(learned[name]), 4), tuple(evidence.get(name, ())), "learned")
                               for name in added]
    hits.sort(key=lambda c: (-c.score, CATEGORIES.index(c.name)))
    return tuple(hits)


def _quoted(view: _TextView, hit: _Hit) -> str:
    word = view.quote_word(hit)
    return f" ('{word}')" if word else ""


def _one_per_cue(view: _TextView, hits: list[_Hit]) -> list[_Hit]:
    """One hit per cue, preferring one whose text is a lexicon term that a reason can quote."""
    best: dict[str, _Hit] = {}
    for hit in hits:
        if hit.cue.id not in best or (view.quote_word(hit) and not view.quote_word(best[hit.cue.id])):
            best[hit.cue.id] = hit
    return list(best.values())


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


_MESSAGE = re.compile(r'"[^"\n]{1,300}"')


def _messages(view: _TextView, screen: _Screen) -> list[Span]:
    """Direct speech: double-quoted text that is not a label, with quotes that follow each other
    with only white space between them (one message per line) joined into one message."""
    labels = screen.context.labels
    groups: list[Span] = []
    for m in _MESSAGE.finditer(view.text):
        start, end = m.span()
        if any(ls <= start and end <= le for ls, le in labels):
            continue
        if groups and not view.text[groups[-1][1]:start].strip():
            groups[-1] = (groups[-1][0], end)
        else:
            groups.append((start, end))
    return groups




def _high_reasons(view: _TextView, rules: TriageRules, screen: _Screen,
                  categories: tuple[CategoryHit, ...]) -> list[str]:
    o = rules.outcome
    immediate = screen.counted(_find(o.immediate, view), "HIGH")
    if o.urgency_withdrawn is not None and any(h.cue.withdrawn_by for h in immediate):
        found = {h.cue.id for h in screen.counted(_find(o.urgency_withdrawn, view), None)}
        # Each signal names the facts that take it back (`withdrawn_by`): any withdrawal but a
        # missing episode told as over takes back an URGENT marking; only facts that the danger
        # has gone or is held ("the men cleared out on Wednesday", "he is in custody") set aside a
        # threat or a person held, and only an episode told as over ("came home by herself", "is
        # safe") a person missing now.
        immediate = [h for h in immediate
                     if not (found & h.cue.withdrawn_by
                             or (found - _NARROW_WITHDRAWALS and "any" in h.cue.withdrawn_by))]
    reasons = [f"Immediate risk: {h.cue.description}{_quoted(view, h)} (HIGH)"
               for h in _one_per_cue(view, immediate)]
    events = screen.counted(_find(o.imminent_events, view), "HIGH")
    messages = _messages(view, screen)
    starts = [s for s, _ in messages]

    def message_of(pos: int) -> int | None:
        i = bisect_right(starts, pos) - 1
        return i if i >= 0 and pos < messages[i][1] else None

    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(view.text)]

    def paragraph_of(pos: int) -> int:
        return bisect_right(breaks, pos)

    def places(pos: int) -> list[tuple[str, int]]:
        # A time word pairs with an event in the same sentence, or in the same quoted message
        # even when the sentencizer split it ("6 oclock by the skate bit." / "bringing my shank").
        # A sentence the sentencizer ran over a blank line is two places.
        found = [("sentence", view.sentence_of(pos) * 10_000 + paragraph_of(pos))]
        message = message_of(pos)
        if message is not None:
            found.append(("message", message))
        return found

    by_place: dict[tuple[str, int], list[str]] = {}
    for hit in events:
        for place in places(hit.start):
            by_place.setdefault(place, []).append(hit.cue.description)
    for category in categories:
        description = o.imminent_categories.get(category.name)
        for start, _ in category.evidence if description else ():
            for place in places(start):
                by_place.setdefault(place, []).append(description)
    time_hits = _find(o.time_words, view)
    if o.quoted_time_words is not None and messages:
        time_hits += [h for h in _find(o.quoted_time_words, view) if message_of(h.start) is not None]
    time_hits = _times_of_the_risk(view, o, time_hits, messages, message_of)
    for time_hit in time_hits:
        word = view.quote_word(time_hit)
        found = [d for place in places(time_hit.start) for d in by_place.get(place, ())]
        for description in _unique(found):
            when = f"'{word}'" if word else "a time word"
            reasons.append(f"Imminent: {when} with {description} (HIGH)")
    if o.plan_times is not None:
        reasons += _plan_reasons(view, rules, screen, categories, events, paragraph_of, by_place)
    if o.missing_signs is not None:
        kinds: dict[int, set[str]] = {}
        for hit in screen.counted(_find(o.missing_signs, view), "HIGH"):
            kinds.setdefault(paragraph_of(hit.start), set()).add(hit.cue.id)
        # Signs of an episode the submission says is over ("turned up Wednesday at his dad's",
        # "missing episode now closed") tell the past, not a person missing now (looked for only
        # when two signs are found).
        if any(len(found) >= 2 for found in kinds.values()) and not (o.urgency_withdrawn is not None and any(
                h.cue.id == "missing_over" for h in screen.counted(_find(o.urgency_withdrawn, view), None))):
            reasons.append("Immediate risk: a person missing now, told by two or more of its signs (HIGH)")
    return _unique(reasons)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Withdrawals that take back only the signals naming them, never an URGENT marking ("any"): an
# episode told as over, a "gun" that turns out to be a toy.
_NARROW_WITHDRAWALS = frozenset({"missing_over", "not_a_firearm"})


def _times_of_the_risk(view: _TextView, o: _OutcomeRules, time_hits: list[_Hit], messages: list[Span],
                       message_of: Callable[[int], int | None]) -> list[_Hit]:
    """The time words that may say when the risk is: not those inside a phrase telling when the
    partner heard it ("told his GP today"), nor a "tonight" quoted in a sentence dated to a past
    day outside the quote ("on Saturday night he said 'you won't see tonight out'")."""
    telling = [(h.start, h.end) for h in _find(o.telling_times, view)] if o.telling_times is not None else []
    time_hits = [h for h in time_hits if not any(s <= h.start and h.end <= e for s, e in telling)]
    if o.past_anchors is None or o.quoted_now_words is None or not messages:
        return time_hits
    now_words = {(h.start, h.end) for h in _find(o.quoted_now_words, view)}
    anchored = {view.sentence_of(h.start) for h in _find(o.past_anchors, view) if message_of(h.start) is None}
    if not anchored:
        return time_hits

    def past(hit: _Hit) -> bool:
        message = message_of(hit.start)
        if message is None or (hit.start, hit.end) not in now_words:
            return False
        return bool({view.sentence_of(hit.start), view.sentence_of(messages[message][0])} & anchored)

    return [h for h in time_hits if not past(h)]


def _plan_reasons(view: _TextView, rules: TriageRules, screen: _Screen, categories: tuple[CategoryHit, ...],
                  events: list[_Hit], paragraph_of: Callable[[int], int],
                  by_place: Mapping[tuple[str, int], list[str]]) -> list[str]:
    """HIGH for a time today, tonight or tomorrow that is a plan or a deadline with a danger
    anywhere in the submission: "they told him he has until 9pm tonight" / "the older one showed
    him a gun". Loose time words ("after school") then count with an event in their
    own sentence too: the plan time says the day is today."""
    o = rules.outcome
    plans = _find(o.plan_times, view)
    if not plans:
        return []
    dangers = [(h.start, h.cue.description) for h in events]
    if o.plan_dangers is not None:
        dangers += [(h.start, h.cue.description) for h in screen.counted(_find(o.plan_dangers, view), "HIGH")]
    for category in categories:
        description = o.plan_categories.get(category.name)
        dangers += [(start, description) for start, _ in category.evidence if description]
    reasons = []
    # The plan time says when; the danger may be told anywhere in the submission (a flight at
    # 06:40 tomorrow in one paragraph, "it is her own wedding" in the next).
    for _start, description in dangers:
        reasons.append(f"Imminent: a time today, tonight or tomorrow that is a plan or a deadline, "
                       f"with {description} (HIGH)")
    if o.loose_time_words is not None:
        for hit in _find(o.loose_time_words, view):
            place = ("sentence", view.sentence_of(hit.start) * 10_000 + paragraph_of(hit.start))
            for description in _unique(by_place.get(place, ())):
                reasons.append(f"Imminent: a time later today with {description} (HIGH)")
    return _unique(reasons)


def _crime_reasons(view: _TextView, rules: TriageRules, screen: _Screen) -> list[str]:
    hits = screen.counted(_find(rules.outcome.crime, view), "CRIME")
    return [f"Crime disclosed: {h.cue.description}{_quoted(view, h)} (CRIME)" for h in _one_per_cue(view, hits)]


def _safeguarding(view: _TextView, rules: TriageRules, screen: _Screen,
                  categories: tuple[CategoryHit, ...]) -> tuple[list[str], list[str]]:
    """(reasons if SAFEGUARDING is met, notes explaining why it was not).

    Met when a child or vulnerable adult is identified, at least one category is reported, and
    either an aggravating factor is found or a reported category is one that is a safeguarding
    matter for a child or vulnerable adult in itself (``safeguarding.categories``). Victims of a
    ``safeguarding.vulnerable_categories`` category (modern slavery) count as vulnerable adults.
    A partner's explicit "intelligence only" keeps it NORMAL unless one of the factors found is a
    ``safeguarding.harm_factors`` entry (injuries, needles, fear ...): harm already happening.
    """
    o = rules.outcome
    if not categories:
        return [], []
    subjects = screen.counted(_find(o.subjects, view), "SAFEGUARDING")
    factors = screen.counted(_find(o.aggravating, view), "SAFEGUARDING")
    inherent = [c.name for c in categories if c.name in o.safeguarding_categories]
    vulnerable_by_category = [c.name for c in categories if c.name in o.vulnerable_categories]
    if not (factors or inherent):
        return [], []
    if not subjects and not vulnerable_by_category:
        note = "Aggravating factors found but no child or vulnerable-adult marker"
        return [], [note] if factors else []
    if not subjects:
        # An adult victim of modern slavery: factors about a child do not count.
        factors = [h for h in factors if h.cue.id not in o.child_factors]
        if not (factors or inherent):
            return [], ["Aggravating factors found only concern a child; no child marker"]
    harm = any(h.cue.id in o.harm_factors for h in factors)
    marked = o.intelligence_only is not None and screen.counted(_find(o.intelligence_only, view), None)
    if marked and not harm:
        return [], ["The submission is marked as intelligence only and shows no sign of harm already "
                    "happening; no safeguarding referral suggested"]
    subject_words = _unique(w for w in (view.quote_word(h) for h in subjects) if w)
    if subjects:
        who = f" ('{subject_words[0]}')" if subject_words else ""
        subject = f"Child or vulnerable adult{who}"
    else:
        subject = f"Possible victim of {', '.join(vulnerable_by_category)} (a vulnerable adult)"
    named = ", ".join(c.name for c in categories)
    if factors:
        factor_text = "; ".join(f"{h.cue.description}{_quoted(view, h)}"
                                for h in _one_per_cue(view, factors))
        because = f"aggravating factors: {factor_text}"
    else:
        because = f"{', '.join(inherent)} is a safeguarding concern in itself"
    return [f"{subject} with {named} and {because} (SAFEGUARDING)"], []


def _decide_outcome(view: _TextView, rules: TriageRules, screen: _Screen,
                    categories: tuple[CategoryHit, ...]) -> tuple[str, tuple[str, ...]]:
    safeguarding, notes = _safeguarding(view, rules, screen, categories)
    met = {
        "HIGH": _high_reasons(view, rules, screen, categories),
        "CRIME": _crime_reasons(view, rules, screen),
        "SAFEGUARDING": safeguarding,
    }
    winner = next((o for o in OUTCOMES[:-1] if met[o]), "NORMAL")
    if winner == "NORMAL":
        if categories:
            named = ", ".join(c.name for c in categories)
            reasons = [f"Intelligence only: {named} with no imminent risk, crime disclosure or "
                       "aggravating factors (NORMAL)"]
        else:
            reasons = ["Intelligence only: no risk category reached the threshold (NORMAL)"]
        reasons += notes
    else:
        reasons = met[winner] + [f"Also meets {o}; {winner} takes priority"
                                 for o in OUTCOMES[:-1] if o != winner and met[o]]
    counts: dict[str, int] = {}
    for cue in screen.suppressed.values():
        counts[cue.reason] = counts.get(cue.reason, 0) + 1
    if counts:
        listed = ", ".join(f"{counts[r]} {r}" for r in SUPPRESSION_REASONS if r in counts)
        reasons.append(f"Not counted towards categories or outcome: {listed} cue(s)")
    return winner, tuple(reasons)


def _suggest_assessment(view: _TextView, rules: TriageRules, screen: _Screen) -> Assessment:
    for grade in rules.assessment.precedence:
        hits = screen.counted(_find(grade.lexicon, view), None)
        if hits:
            words = _unique(w for w in (view.quote_word(h) for h in hits) if w)
            wording = f" from wording such as '{words[0]}'" if words else ""
            note = f"{SUGGESTION_LABEL}: {grade.letter} ({grade.description}){wording}"
            return Assessment(grade.letter, tuple(sorted({(h.start, h.end) for h in hits})), note)
    default = rules.assessment.default
    note = (f"{SUGGESTION_LABEL}: {default.letter} ({default.description}); "
            "no wording about how the source knows this was found")
    return Assessment(default.letter, (), note)


# The classifier never lowers the rules' outcome. When it is all but sure of a less urgent one
# (its top score at least DOUBT_SCORE, the rules' outcome below DOUBT_OWN), the reasons say so,
# for the handler to check: on dev records it had not been trained on, most of the submissions the
# rules raised to HIGH in error (urgent words, nothing imminent) read this way, but so did a few
# real HIGH cases, which is why the outcome stays.
DOUBT_SCORE, DOUBT_OWN = 0.8, 0.1


def _doubt(outcome: str, learned: Mapping[str, float]) -> tuple[str, ...]:
    """A reason noting that the outcome classifier reads the text as clearly less urgent."""
    if not learned or learned.get(outcome, 1.0) >= DOUBT_OWN:
        return ()
    top = max(learned, key=lambda o: learned[o])
    if learned[top] < DOUBT_SCORE or OUTCOMES.index(top) <= OUTCOMES.index(outcome):
        return ()
    return (f"The learned outcome classifier reads this as {top} (score {learned[top]:.2f}), less urgent "
            f"than {outcome}: the more urgent outcome is kept, but check that the risk is current",)


def _raise_outcome(outcome: str, reasons: tuple[str, ...], learned: Mapping[str, float],
                   thresholds: Mapping[str, float], raises: tuple[str, ...]) -> tuple[str, tuple[str, ...], str]:
    """The outcome classifier may raise the rules' outcome to one of `raises`, never lower it:
    the most urgent of them above the rules' outcome whose score reaches its threshold wins, and
    the reasons say that no rule of that outcome fired and what the rules alone decided."""
    more_urgent = [o for o in OUTCOMES[:OUTCOMES.index(outcome)] if o in raises]
    raised = next((o for o in more_urgent if learned.get(o, 0.0) >= thresholds[o]), None)
    if raised is None:
        return outcome, reasons + _doubt(outcome, learned), "rules"
    why = (f"{raised} suggested by the learned outcome classifier (score {learned[raised]:.2f}); no {raised} "
           f"rule fired, so check the submission. The more urgent outcome is kept ({raised})")
    return raised, (why, f"The phrase rules alone give {outcome}:") + reasons, "learned"


def assess_triage(doc: Doc, rules: TriageRules, *, threshold: float = 0.5,
                  learned: Mapping[str, float] | None = None, learned_threshold: float = 0.6,
                  learned_evidence: Callable[[list[str]], Mapping[str, tuple[Span, ...]]] | None = None,
                  learned_outcome: Mapping[str, float] | None = None, learned_outcome_threshold: float = 0.5,
                  learned_outcome_high_threshold: float = 0.4,
                  learned_outcome_raises: Iterable[str] = ("HIGH", "CRIME", "SAFEGUARDING"),
                  learned_high_needs_support: bool = True,
                  confirm: Callable[[], Mapping[str, float]] | None = None, confirm_threshold: float = 0.2,
                  ) -> TriageResult:
    """Risk categories, a suggested outcome with reasons, and a suggested assessment for one Doc.

    `learned` are the category classifier's scores (pipeline/learned.py). A category no
    rule fired is added when its score reaches `learned_threshold`, unless the rules set aside a
    cue of that category (negated, hypothetical, historical, quoted): the classifier cannot see
    that context. `learned_evidence(names)` gives the evidence spans of the added categories.
    `learned_outcome` are the outcome classifier's scores: it may raise the outcome to a more
    urgent one of `learned_outcome_raises` whose score reaches its threshold
    (`learned_outcome_high_threshold` for HIGH, where a buried case costs most;
    `learned_outcome_threshold` for the others), never lower it. With `learned_high_needs_support`
    it raises to HIGH only where the text has a risk category, a time word or a clock time (the
    reasons still show a HIGH score it did not act on).
    `confirm()` gives the category classifier's scores; it is called only when a category has
    counted rule cues whose score falls short of `threshold`, and such a category is reported
    (`by="confirmed"`, the cues as evidence) when its classifier score reaches `confirm_threshold`.
    """
    raises = tuple(learned_outcome_raises)
    unknown = set(raises) - set(OUTCOMES)
    if unknown:
        raise ValueError(f"learned_outcome_raises: unknown outcomes {sorted(unknown)} (expected some of {', '.join(OUTCOMES)})")
    for name, value in (("threshold", threshold), ("learned_threshold", learned_threshold),
                        ("learned_outcome_threshold", learned_outcome_threshold),
                        ("learned_outcome_high_threshold", learned_outcome_high_threshold),
                        ("confirm_threshold", confirm_threshold)):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
    view = _TextView(doc)
    screen = _Screen(_ContextIndex(view, rules.context, date.today().year))
    short: list[CategoryHit] = []
    categories = _score_categories(view, rules, screen, threshold, short)
    if confirm is not None and short:
        categories = _confirm_short(categories, short, confirm(), confirm_threshold)
    if learned:
        categories = _add_learned(categories, learned, learned_threshold, screen, learned_evidence)
    outcome, reasons = _decide_outcome(view, rules, screen, categories)
    reasons += tuple(f"{c.name} suggested by the learned classifier (score {c.score:.2f}); no phrase rule "
                     "fired, so check its evidence sentence" for c in categories if c.by == "learned")
    reasons += tuple(f"{c.name}: phrase cues too weak on their own, confirmed by the learned classifier "
                     f"(score {c.score:.2f})" for c in categories if c.by == "confirmed")
    outcome_by = "rules"
    if learned_outcome:
        thresholds = {o: learned_outcome_high_threshold if o == "HIGH" else learned_outcome_threshold
                      for o in OUTCOMES}
        doc_raises = raises
        if learned_high_needs_support and "HIGH" in raises and not categories \
                and not _find(rules.outcome.time_words, view) and not _CLOCK_TIME.search(view.text):
            # a HIGH score with no category, no time word and no clock time behind it (a plain
            # intelligence note the classifier happens to score high) is shown, not acted on
            doc_raises = tuple(o for o in raises if o != "HIGH")
            if outcome != "HIGH" and learned_outcome.get("HIGH", 0.0) >= thresholds["HIGH"]:
                reasons += (f"The learned outcome classifier scores HIGH {learned_outcome['HIGH']:.2f}, but no "
                            "risk category and no time back it, so the outcome is not raised; check the submission",)
        outcome, reasons, outcome_by = _raise_outcome(outcome, reasons, learned_outcome, thresholds, doc_raises)
    assessment = _suggest_assessment(view, rules, screen)
    suppressed = tuple(sorted(screen.suppressed.values(), key=lambda s: (s.start, s.end, s.category)))
    return TriageResult(categories, outcome, reasons, assessment, suppressed, outcome_by)


# A clock time ("6am", "at 9.30", "21:55"): with the learned outcome's HIGH, as good as a time word
# ("booked pick up for 6am"). Not a date ("14/03"), a price or part of a longer number.
_CLOCK_TIME = re.compile(r"(?<![\w.:/£$])(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?\s?(?:am|pm)(?!\w)"
                         r"|(?<![\w.:/£$])(?:[01]?\d|2[0-3])[.:][0-5]\d(?![\d.:/])", re.I)


def outcome_rank(outcome: str) -> int:
    """0 for the most urgent outcome (HIGH), for sorting a batch."""
    try:
        return OUTCOMES.index(outcome)
    except ValueError:
        raise ValueError(f"unknown outcome {outcome!r} (expected one of {', '.join(OUTCOMES)})") from None
