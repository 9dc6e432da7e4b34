"""Source protection ("sanitising"): remove every reference to who reported and how they knew.

Partners share CPI because police promise to hide the source and provenance. `sanitise_source`
finds, in a CPI narrative, the reporter's own details (name, role, organisation, phone, e-mail,
signature), their first-person voice ("I", "we", "my patient told me"), how they learnt it
("during a home visit") and provenance lines ("This information has been obtained by ..."), and
returns the text with those parts removed or rewritten in neutral third person, plus an audit of
every edit (`SourceRemoval`) and flags for what the rules could not decide (`HandlerFlag`).

How it works, in stages (earlier stages win where edits would overlap):
  1. blocks      letterhead (organisation, address, "Tel:" lines above the salutation), pasted
                 e-mail header ("From:/Sent:/To:"; the "Subject:" words stay), greeting line,
                 sign-off/signature block (with a valediction, as trailing lines - also "Jo" over
                 a job title alone on its line - or written after the last sentence: "... on Elm
                 Court. Jo Bloggs, DSL, Oakfield Academy", "JM, Senior Youth Worker, The Hub"),
                 "Submitted by:" and other reporter fields ("From:" with a job title, organisation
                 or e-mail takes the "Tel:"/"Email:" lines next to it)
  2. statements  provenance ("Submitted on behalf of ...", a "CPI - <organisation>" heading),
                 "contact me on ...", "Any questions: ..." and closing pleasantries
  3. phrases     self-identification ("I am the DSL at ...", "I am the key worker for Jo" ->
                 "Information concerns Jo"), how-learnt phrases ("on a new birth visit", "missed
                 his last two appointments", "in clinic"), and every other occurrence of the
                 reporter's name, phone, e-mail, role and organisation (from the `reporter` form
                 fields or learnt from the signature/self-identification; an organisation named
                 as a place, "outside Oakfield Academy", is flagged instead)
  4. rewrites    first-person lead-ins rewritten from templates ("I am concerned" -> "There are
                 concerns", "Pupils say" -> "It is reported that", "My client Jo Bloggs" -> "Jo
                 Bloggs"), "told me" -> "said"
  5. leftovers   role mentions of the reporter, remaining first-person pronouns (rewritten with a
                 neutral placeholder, a second verb made to agree: "... has called 999 and is
                 sharing this"; flagged when they may belong to someone else's unquoted words),
                 workplaces that are also the scene (flagged)
  6. tidy        sentences left without words are removed whole; with strategy "remove" every
                 sentence holding a source reference and no subject entity is removed whole;
                 punctuation and capitals around each edit are folded into the edit itself, so
                 applying the removals to the original text gives exactly `Sanitised.text`.

Text inside quotes is never treated as the reporter's voice ('he said "I owe them money"'), and
edits never cut into a subject entity passed in `entities` (a self-identification clause stops
before the person the reporter works with). All patterns and word lists are data
in patterns/source/*.yaml, compiled once by `SourceRules`; a rule's optional `requires` regex
is a cheap test that skips sentences without its key words before the full pattern is tried.

What the rules cannot do: they have no parser, so they rewrite only lead-ins the templates know
and fall back to "a third party" / "the" for other first-person words ("I spoke to mum" -> "A third
party spoke to mum"; flagged "reporter_action_kept", since the reporter's own action stays in the
text); they cannot tell whose "I" sits in unquoted reported speech, nor whether "his GP" is the
reporter when nothing else names the reporter's role (both flagged); a how-learnt phrase that also
names the scene ("during an inspection of Flat 2") is kept; and a reporter who uses no known role,
pronoun, phrase, signature or form field is not recognised at all.

Nothing here logs or prints narrative text or entity values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.patterns_io import phrase_alternation as _alternation
from pipeline.prefilter import FactsCache, LazyPattern, PatternFacts, Prefilter

_RULE_FLAGS = re.IGNORECASE | re.MULTILINE
REASONS = ("reporter_name", "first_person", "how_learnt", "role", "provenance", "contact", "signoff")
# Why a span was kept but needs a handler's eye.
FLAG_REASONS = (
    "workplace_also_event_location",  # the reporter's workplace is also where things happened
    "first_person_in_reported_speech",  # unquoted "I"/"me" after "he said": whose voice?
    "we_may_be_family",  # unquoted "we" in a family member's reported words
    "role_may_be_reporter",  # "his GP", "the DSL" when the reporter's role is unknown
    "field_may_be_reporter",  # "Tel: ..." line outside a signature: reporter or subject?
    "reporter_action_kept",  # first person replaced by a placeholder; the action itself remains
    "learned_source_near_subject",  # the learned tagger marks a source reference that holds a subject fact
    "source_statement_names_subject",  # a source statement's own clause names the subject: that clause is kept
)
# Removals found by the learned source tagger (pipeline/learned.py) carry the kind with
# this prefix, so the audit tells a rule's removal from the model's.
LEARNED_PREFIX = "learned_"
STRATEGIES = ("rewrite", "remove")
DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "patterns" / "source"


@dataclass(frozen=True)
class SourceRemoval:
    start: int
    end: int
    reason: str
    replacement: str


@dataclass(frozen=True)
class HandlerFlag:
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class EntitySpan:
    start: int
    end: int
    type: str


@dataclass(frozen=True)
class Sanitised:
    text: str
    removals: tuple[SourceRemoval, ...]
    flags: tuple[HandlerFlag, ...]

    def is_source(self, start: int, end: int) -> bool:
        """True if [start, end) of the original text lies inside removed text: one removal, or
        removals that touch (a signature is removed line by line; a name may span two lines)."""
        pos = start
        for r in self.removals:  # sorted, non-overlapping
            if r.start <= pos < r.end:
                pos = r.end
                if pos >= end:
                    return True
        return False


# ----------------------------------------------------------------------------------------------
# Rules: loading and validation
# ----------------------------------------------------------------------------------------------

# Sections a rule file may hold, by how they merge across files.
_RULE_SECTIONS = ("provenance", "contact", "closings", "self_identification", "how_learnt",
                  "lead_ins", "reporting_verbs")
_MERGED_SECTIONS = ("macros", "phrase_lists", "tables")
_SINGLE_SECTIONS = ("roles", "workplaces", "organisation_suffixes", "placeholders",
                    "third_person_verbs", "invariant_verbs", "present_ed_verbs", "inverting_words",
                    "signoff", "reporter_fields", "reporter_form", "letterhead", "email_header")
_SCOPES = ("match", "clause", "statement", "sentence", "field")
_POSITIONS = ("anywhere", "clause_start")
_MACRO_REF = re.compile(r"(?<!\?P)<([A-Z][A-Z0-9_]*)>")
_SAME_TABLE = "same"  # {group:same}: keep the group's words, as part of the replaced text
_TEMPLATE_FIELD = re.compile(r"\{(\+to|[a-z_]\w*)(?::([a-z_]\w*))?\}")
_SMALL_WORDS = {"of", "and", "the", "for", "in", "at", "from", "a", "an", "to", "with"}


class _RuleError(ValueError):
    """A problem in one rule file; always names the file, the entry and the reason."""

    def __init__(self, origin: str, entry: str, reason: str):
        super().__init__(f"{origin}: {entry}: {reason}")


@dataclass(frozen=True)
class _Piece:
    kind: str  # "text" | "group" | "to"
    value: str = ""
    table: str | None = None


@dataclass(frozen=True)
class PhraseRule:
    id: str
    section: str
    regex: LazyPattern  # compiled on first use
    reason: str  # a REASONS code, or "subject" (first_person or role, decided per match)
    scope: str
    at: str
    replace: tuple[_Piece, ...]
    replace_inline: tuple[_Piece, ...] | None
    flag: str | None = None  # a HandlerFlag put on the sentence when the rule applies
    requires: re.Pattern | None = None  # words the sentence must hold for the rule to be tried
    prefilter: Prefilter = Prefilter(())  # literal words every match holds, read off the regex

    def could_match(self, text: str, folded: str) -> bool:
        """A cheap test before the regex: False only if the rule cannot match ``text``."""
        return self.prefilter.could_match(folded) and (self.requires is None or bool(self.requires.search(text)))


@dataclass(frozen=True)
class _Lexeme:
    canonical: str
    kind: str


class SourceRules:
    """Source-protection patterns, compiled once from patterns/source/*.yaml."""

    def __init__(self, raw: Mapping[str, Any], origins: Mapping[str, str], *, facts_cache: FactsCache | None = None):
        self._origins = origins
        self._raw = raw
        self._facts_cache = facts_cache if facts_cache is not None else FactsCache()
        self.tables: dict[str, dict[str, str]] = {
            k: {str(a).lower(): str(b) for a, b in v.items()} for k, v in raw["tables"].items()
        }
        self.roles = self._lexemes("roles")
        self.workplaces = self._lexemes("workplaces")
        self._macros = self._macro_sources()
        self._expanded: dict[str, str] = {}
        self.placeholders = {k: str(v) for k, v in raw["placeholders"].items()}
        self.third_person_verbs = {str(k).lower(): str(v) for k, v in raw["third_person_verbs"].items()}
        self.invariant_verbs = {str(v).lower() for v in raw["invariant_verbs"]}
        self.present_ed_verbs = {str(v).lower() for v in raw["present_ed_verbs"]}
        self.inverting_words = {str(v).lower() for v in raw["inverting_words"]}
        self.rules = {name: tuple(self._compile_rules(name)) for name in _RULE_SECTIONS}
        self._facts_cache.save()
        self._compile_support()

    # -- loading ---------------------------------------------------------------------------------
    @classmethod
    def from_directory(cls, path: Path = DEFAULT_RULES_DIR) -> "SourceRules":
        path = Path(path)
        files = sorted(path.glob("*.yaml"))
        if not files:
            raise ValueError(f"{path}: no source rule files (*.yaml) found")
        raw: dict[str, Any] = {}
        origins: dict[str, str] = {}
        for file in files:
            for section, value in _read_rule_file(file).items():
                _merge_section(raw, origins, section, value, str(file))
        missing = [s for s in _RULE_SECTIONS + _MERGED_SECTIONS + _SINGLE_SECTIONS if s not in raw]
        if missing:
            raise ValueError(f"{path}: source rules incomplete, missing section(s): {', '.join(missing)}")
        return cls(raw, origins)

    def _origin(self, key: str) -> str:
        return self._origins.get(key, "patterns/source")

    def _lexemes(self, section: str) -> dict[str, _Lexeme]:
        out: dict[str, _Lexeme] = {}
        for i, entry in enumerate(self._raw[section]):
            if not isinstance(entry, Mapping) or not entry.get("name") or not entry.get("kind"):
                raise _RuleError(self._origin(section), f"{section}[{i}]", "needs `name` and `kind`")
            names = [str(entry["name"])] + [str(a) for a in entry.get("aliases") or ()]
            for name in names:
                out[name.lower()] = _Lexeme(str(entry["name"]), str(entry["kind"]))
        return out

    # -- macros ------------------------------------------------------------------------------------
    def _macro_sources(self) -> dict[str, str]:
        sources: dict[str, str] = {}
        for name, phrases in self._raw["phrase_lists"].items():
            if not isinstance(phrases, list) or not phrases:
                raise _RuleError(self._origin(f"phrase_lists.{name}"), f"phrase_lists.{name}",
                                 "must be a non-empty list of phrases")
            sources[name] = _alternation(str(p) for p in phrases)
        for name, snippet in self._raw["macros"].items():
            if name in sources:
                raise _RuleError(self._origin(f"macros.{name}"), f"macros.{name}",
                                 "name already used by a phrase list")
            sources[name] = str(snippet)
        # Roles match case-sensitively: a person called "Nurse" or "Dean" is not a job title.
        sources["ROLE"] = "(?-i:" + _alternation(_case_variants(_written_names(self._raw["roles"]))) + ")"
        sources["WORKPLACE"] = _alternation(self.workplaces)
        sources["ORG_SUFFIX"] = "(?-i:" + _alternation(str(s) for s in self._raw["organisation_suffixes"]) + ")"
        return sources

    def expand(self, pattern: str, origin: str, entry: str, _depth: int = 0) -> str:
        """Replace every <NAME> in a pattern by its macro, recursively."""
        if _depth > 12:
            raise _RuleError(origin, entry, "macros nest too deeply (a macro refers to itself?)")

        def sub(m: re.Match) -> str:
            name = m.group(1)
            if name not in self._macros:
                raise _RuleError(origin, entry, f"unknown name <{name}> in pattern")
            if name not in self._expanded:
                self._expanded[name] = "(?:" + self.expand(self._macros[name], origin, entry, _depth + 1) + ")"
            return self._expanded[name]

        return _MACRO_REF.sub(sub, pattern)

    def compile(self, pattern: str, origin: str, entry: str) -> re.Pattern:
        try:
            return re.compile(self.expand(pattern, origin, entry), _RULE_FLAGS)
        except re.error as err:
            raise _RuleError(origin, entry, f"invalid regular expression ({err})") from None

    def lazy(self, pattern: str, origin: str, entry: str) -> tuple[LazyPattern, PatternFacts]:
        """A phrase rule's regex, checked now but compiled on first use (most texts need only a
        few of the rules), with its group names and required words (cached between runs)."""
        expanded = self.expand(pattern, origin, entry)
        try:
            facts = self._facts_cache.facts(expanded, _RULE_FLAGS)
        except re.error as err:
            raise _RuleError(origin, entry, f"invalid regular expression ({err})") from None
        return LazyPattern(expanded, _RULE_FLAGS), facts

    # -- phrase rules ------------------------------------------------------------------------------
    def _compile_rules(self, section: str) -> Iterable[PhraseRule]:
        entries = self._raw[section]
        if not isinstance(entries, list):
            raise _RuleError(self._origin(section), section, "must be a list of rules")
        seen: set[str] = set()
        for i, entry in enumerate(entries):
            label = f"{section}[{i}]"
            origin = self._origin(f"{section}[{i}]")
            if not isinstance(entry, Mapping):
                raise _RuleError(origin, label, "a rule must be a mapping")
            rule_id = str(entry.get("id") or "")
            label = f"{section} rule {rule_id!r}" if rule_id else label
            unknown = set(entry) - {"id", "pattern", "reason", "scope", "at", "replace", "replace_inline", "flag", "requires"}
            if not rule_id or "pattern" not in entry or "reason" not in entry:
                raise _RuleError(origin, label, "needs `id`, `pattern` and `reason`")
            if unknown:
                raise _RuleError(origin, label, f"unknown field(s): {', '.join(sorted(unknown))}")
            if rule_id in seen:
                raise _RuleError(origin, label, "duplicate id")
            seen.add(rule_id)
            reason, scope, at = entry["reason"], entry.get("scope", "match"), entry.get("at", "anywhere")
            if reason not in REASONS + ("subject",):
                raise _RuleError(origin, label, f"reason {reason!r} is not one of {REASONS + ('subject',)}")
            if scope not in _SCOPES:
                raise _RuleError(origin, label, f"scope {scope!r} is not one of {_SCOPES}")
            if at not in _POSITIONS:
                raise _RuleError(origin, label, f"`at` {at!r} is not one of {_POSITIONS}")
            if entry.get("flag") is not None and entry["flag"] not in FLAG_REASONS:
                raise _RuleError(origin, label, f"flag {entry['flag']!r} is not one of {FLAG_REASONS}")
            regex, facts = self.lazy(str(entry["pattern"]), origin, label)
            requires = None if entry.get("requires") is None else self.compile(str(entry["requires"]), origin, label)
            replace = self._template(entry.get("replace", ""), facts.groups, origin, label)
            inline = entry.get("replace_inline")
            yield PhraseRule(
                id=rule_id, section=section, regex=regex, reason=reason, scope=scope, at=at,
                replace=replace,
                replace_inline=None if inline is None else self._template(inline, facts.groups, origin, label),
                flag=entry.get("flag"),
                requires=requires,
                prefilter=Prefilter(facts.needs),
            )

    def _template(self, template: Any, groups: Iterable[str], origin: str, label: str) -> tuple[_Piece, ...]:
        template = "" if template is None else str(template)
        pieces: list[_Piece] = []
        pos = 0
        for m in _TEMPLATE_FIELD.finditer(template):
            if m.start() > pos:
                pieces.append(_Piece("text", template[pos:m.start()]))
            name, table = m.group(1), m.group(2)
            if name == "+to":
                pieces.append(_Piece("to"))
            else:
                if name not in groups:
                    raise _RuleError(origin, label, f"template uses {{{name}}} but the pattern has no group {name!r}")
                if table is not None and table not in self.tables and table != _SAME_TABLE:
                    raise _RuleError(origin, label, f"template uses unknown table {table!r}")
                pieces.append(_Piece("group", name, table))
            pos = m.end()
        if pos < len(template):
            pieces.append(_Piece("text", template[pos:]))
        if any(ch in template for ch in "{}") and not _TEMPLATE_FIELD.search(template):
            raise _RuleError(origin, label, "template has braces but no valid {group} field")
        return tuple(pieces)

    # -- support patterns used by the stages -------------------------------------------------------
    def _compile_support(self) -> None:
        self._compile_signoff(self._raw["signoff"], self._origin("signoff"))
        self._compile_fields(self._raw["reporter_fields"], self._origin("reporter_fields"))
        self._compile_letterhead(self._raw["letterhead"], self._origin("letterhead"))
        self._compile_email_header(self._raw["email_header"], self._origin("email_header"))
        self._compile_lexicon_patterns()
        self.reporter_form = {k: [str(w).lower() for w in v] for k, v in self._raw["reporter_form"].items()}
        if set(self.reporter_form) - {"contact", "organisation", "role", "name"}:
            raise _RuleError(self._origin("reporter_form"), "reporter_form",
                             "keys must be contact, organisation, role, name")
        missing = {"person", "possessive", "organisation"} - set(self.placeholders)
        if missing:
            raise _RuleError(self._origin("placeholders"), "placeholders", f"missing {', '.join(sorted(missing))}")

    def _compile_signoff(self, signoff: Mapping[str, Any], origin: str) -> None:
        try:
            self.max_after_valediction = int(signoff["max_words_after_valediction"])
            self.max_signature_words = int(signoff["max_words_per_signature_line"])
            self.max_trailing_words = int(signoff["max_words_trailing_signature_line"])
            self.max_greeting_prefix = int(signoff["max_words_greeting_prefix"])
            valedictions = [str(v) for v in signoff["valedictions"]]
            greetings = [str(v) for v in signoff["greetings"]]
            titles = [str(v) for v in signoff["titles"]]
            disclaimers = [str(v) for v in signoff["disclaimers"]]
            self.max_inline_signature_words = int(signoff["max_words_inline_signature"])
            openers = [str(v) for v in signoff["inline_signature_openers"]]
            contact_words = [str(v) for v in signoff["signature_contact_words"]]
            team_words = [str(v) for v in signoff["signature_team_words"]]
            unit_words = [str(v) for v in signoff.get("signature_unit_words", ["team", "office", "department", "service", "unit"])]
            post_nominals = [str(v) for v in signoff.get("post_nominals", [])]
            role_heads = [str(v) for v in signoff.get("signature_role_heads", [])]
            role_abbreviations = [str(v) for v in signoff.get("signature_role_abbreviations", [])]
        except (KeyError, TypeError, ValueError) as err:
            raise _RuleError(origin, "signoff", f"missing or invalid setting ({err})") from None
        self.valediction = self.compile(
            r"(?:^|(?<=[.!?])[ \t]+)[ \t]*(?:[-–—]+[ \t]*)?"
            r"(?P<v>" + _alternation(valedictions) + r")\b(?P<rest>[^\n]*)$",
            origin, "signoff.valedictions")
        # "Hello," / "Hi Jo," / "Dear CPI team," alone on the first line, or opening it
        addressee = r"(?-i:[A-Z][\w'’/&-]*)|all|team|there|everyone|colleagues|both|sir|madam|sir/madam"
        greeting = r"^\s*(?:" + _alternation(greetings) + rf")\b(?![-'’])(?:\s+(?:{addressee})){{0,3}}"
        self.greeting_line = self.compile(greeting + r"\s*[,!:.]?\s*$", origin, "signoff.greetings")
        self.greeting_prefix = self.compile(greeting + r"\s*[,!:]\s*", origin, "signoff.greetings")
        self.disclaimer = self.compile(r"^\s*(?:" + "|".join(f"(?:{d})" for d in disclaimers) + ")",
                                       origin, "signoff.disclaimers")
        self.titles = "(?:" + _alternation(titles) + r")\.?"
        # "Jo", "O'Neill", and names written in capitals in a signature ("JO BLOGGS")
        # (an initial before a surname, "D. Whitcombe", and two people signing, "Femi + Rach")
        caps = r"[A-Z](?:[A-Z]+|['’][A-Z]{2,})(?:[-'’][A-Z]+)*"  # "JO", "O'DRISCOLL-BAPTISTE"
        name_word = rf"(?-i:[A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-öø-ÿĀ-ſ]*(?:[-'’][A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-öø-ÿĀ-ſ]+)*|{caps}|[A-Z]\.)"
        self.name_line = self.compile(
            rf"^\s*(?:{self.titles}\s+)?{name_word}(?:(?:\s+|\s*[+&]\s*|\s+and\s+){name_word}){{0,3}}\s*(?:[,(|\-–].*)?$",
            origin, "signoff.titles")
        # the name that opens a sign-off written on the last line: "Jo", "Dr Ngozi Oyelaran", "Ciaran McCarthy"
        name_part = r"(?-i:[A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-öø-ÿĀ-ſ]*(?:[-'’]?[A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-öø-ÿĀ-ſ]+)*)"
        initials = r"(?-i:[A-Z]{2,3}|[A-Z]\.\s?[A-Z]\.?(?:\s?[A-Z]\.?)?)"  # "JM", "J.M."
        # "A. Whitcombe", "S. HARDING", "K.": an initial before a surname, or alone
        surname = rf"(?-i:[A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-öø-ÿĀ-ſ]+(?:[-'’][A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-öø-ÿĀ-ſ]+)*|{caps})"
        initial_name = rf"(?-i:(?:[A-Z]\.\s?){{1,2}}){surname}"
        # "Mo & Priya": two people signing; "M. Oyelaran MRPharmS": letters after the name
        letters = rf"(?:\s+(?-i:{_alternation(post_nominals)}))*" if post_nominals else ""
        self.name_piece = self.compile(
            rf"(?:(?:{self.titles}\s+)?(?:{initial_name}|{name_part}(?:\s+{name_part}){{0,2}}"
            rf"|{name_part}(?:\s*[&+]\s*|\s+and\s+){name_part}){letters})|{initials}|(?-i:[A-Z]\.)"
            # "Olu A.", "Sunita R": a first name and an initial; "JOJO & PAWEL", "JO BLOGGS": in capitals
            rf"|{name_part}\s+(?-i:[A-Z])\.?|(?-i:{caps}(?:\s*[&+]\s*|\s+AND\s+|\s+){caps})",
            origin, "signoff.titles")
        # "Senior Hand Therapist", "SHIFT LEAD": a job title in title words or capitals, in a signature
        heads = [v for h in role_heads for v in (h[:1].upper() + h[1:], h.upper())]
        # "TA", "HoY8", "duty SW", "TA class 2W": a short job title in capitals, as written
        abbreviation = (r"|(?-i:(?:[A-Za-z][\w'’&-]*\s+){0,2}(?:" + _alternation(role_abbreviations) + r")"
                        r"(?:\d{1,2}|\s+(?:class|year|yr|Y)\s*\d{1,2}[A-Z]?)?(?!\s*\d[A-Z]{2}\b))") if role_abbreviations else ""
        self.signature_role = self.compile(
            r"(?<![\w'’-])(?:(?-i:(?:[A-Z][\w'’&-]*\s+){0,3}(?:" + _alternation(heads) + r"))" + abbreviation
            + r")(?![\w'’-])",
            origin, "signoff.signature_role_heads") if heads else re.compile(r"(?!)")
        # "bleep 4471", "ext 5523", "01632 960 550 ext 5523": contact pieces of a signature
        self.signature_contact = self.compile(
            r"(?:(?:<PHONE>)\s*)?(?:(?:" + _alternation(contact_words) + r")\.?\s*:?\s*\d[\d ]*)?",
            origin, "signoff.signature_contact_words")
        # a phone and/or extension closing a piece: "EDT Social Worker 01632 960463 ext 2", "case manager x3318"
        self.trailing_contact = self.compile(
            r"(?<=\S)\s+(?P<c>(?:<PHONE>)(?:\s*(?:" + _alternation(contact_words) + r")\.?\s*:?\s*\d{1,6})?"
            r"|(?:" + _alternation(contact_words) + r")\.?\s*:?\s*\d{1,6})\s*$",
            origin, "signoff.signature_contact_words")
        # "detached team", "pastoral", "safeguarding office": a team named in lower case
        self.team_piece = self.compile(
            r"(?:(?:" + _alternation(team_words) + r")(?:\s+(?:" + _alternation(unit_words) + r"))?"
            r"|(?:[a-z][\w-]*\s+){0,2}(?:" + _alternation(unit_words) + r")"
            r"|(?-i:(?:[A-Z][\w'’&-]*\s+){1,3})(?:" + _alternation(team_words + unit_words) + r"))",
            origin, "signoff.signature_team_words")
        # "(breakfast & after-school club)", "(asst mgr)": an organisation word, a team word or a
        # job-title head in lower case, inside brackets after a signature name
        self.lower_org_word = self.compile(
            r"(?<![\w'’-])(?:" + _alternation([str(w).lower() for w in self._raw.get("organisation_suffixes") or []]
                                             + team_words + unit_words + role_heads) + r")(?![\w'’-])",
            origin, "signoff.signature_team_words")
        self.signature_opener = self.compile(
            r"^\s*(?:[-–—]+\s*)?(?:(?:" + _alternation(valedictions) + r")\b\s*[,.!:\-–]?\s*)?"
            r"(?:(?:" + _alternation(openers) + r")\b\s*[:\-–]?\s*)?",
            origin, "signoff.inline_signature_openers")

    def _compile_fields(self, fields: Mapping[str, Any], origin: str) -> None:
        """"Label: value" lines; labels ending in "by" need no colon ("Reported by Jo Bloggs")."""
        self.field_labels: list[tuple[re.Pattern, dict[str, str], bool]] = []
        for strictness in ("strict", "in_context"):
            labels: dict[str, str] = {}
            for reason, words in (fields.get(strictness) or {}).items():
                if reason not in REASONS:
                    raise _RuleError(origin, f"reporter_fields.{strictness}.{reason}",
                                     f"{reason!r} is not one of {REASONS}")
                labels.update({str(w).lower(): reason for w in words})
            if not labels:
                raise _RuleError(origin, f"reporter_fields.{strictness}", "no labels")
            regex = self.compile(
                r"^[ \t]*(?:[-*•][ \t]*)?(?P<label>" + _alternation(labels) + r")"
                r"(?:[ \t]*[:=\-–][ \t]*|(?<=\bby)[ \t]+)(?P<value>[^\n]*)$",
                origin, f"reporter_fields.{strictness}")
            self.field_labels.append((regex, labels, strictness == "strict"))
        contact_labels = [str(w) for level in ("strict", "in_context")
                          for w in ((fields.get(level) or {}).get("contact") or ())]
        self.contact_label = self.compile(
            r"^\s*(?:" + _alternation(contact_labels) + r")\s*(?:[:=\-–]\s*|\s(?=\S))", origin,
            "reporter_fields.contact")
        # labels that describe the reporter on their own line only ("Allocated: CiC Team 3", "Patrol
        # direct: 07700 900716"): the line goes, the field lines around it are judged as before
        own = fields.get("own_line") or {}
        own_alts = []
        for reason, words in (own.get("labels") or {}).items():
            if reason not in REASONS:
                raise _RuleError(origin, f"reporter_fields.own_line.labels.{reason}",
                                 f"{reason!r} is not one of {REASONS}")
            own_alts.append(f"(?P<{reason}>" + _alternation([str(w) for w in words]) + ")")
        for reason, pattern in (own.get("patterns") or {}).items():
            if reason not in REASONS:
                raise _RuleError(origin, f"reporter_fields.own_line.patterns.{reason}",
                                 f"{reason!r} is not one of {REASONS}")
            own_alts.append(f"(?P<{reason}_p>{pattern})")
        self.own_line_label = self.compile(
            r"^[ \t]*(?:[-*•][ \t]*)?(?:" + "|".join(own_alts) + r")[ \t]*(?:[:=]|[-–](?=[ \t]))[ \t]*(?P<value>\S[^\n]*)$",
            origin, "reporter_fields.own_line") if own_alts else None
        self.sender_labels = {str(w).lower() for w in fields.get("sender") or ()}
        subject_labels = [str(w) for w in fields.get("subject") or ()]
        # "Subject name: ... / DOB: ... / Address: ...": a "Label:" line about the subject; the
        # unlabelled-by-whom lines that follow it in the same block are the subject's too
        self.subject_field = self.compile(
            r"^[ \t]*(?:[-*•][ \t]*)?(?:" + _alternation(subject_labels) + r")\b[^\n:]{0,20}[:=]",
            origin, "reporter_fields.subject") if subject_labels else None

    def _compile_letterhead(self, settings: Mapping[str, Any], origin: str) -> None:
        try:
            self.max_letterhead_lines = int(settings["max_lines"])
            labels = [str(v) for v in settings["labels"]]
            postcode = str(settings["postcode"])
        except (KeyError, TypeError, ValueError) as err:
            raise _RuleError(origin, "letterhead", f"missing or invalid setting ({err})") from None
        self.letterhead_label = self.compile(
            r"^\s*(?:" + _alternation(labels) + r")\.?\s*(?:[:=\-–]|\s(?=[\d(+]))", origin, "letterhead.labels")
        self.postcode = self.compile(postcode, origin, "letterhead.postcode")
        # any "Label:" opening a line ("Re:", "Address:", "Name:") ends a letterhead
        self.any_label = re.compile(r"^\s*[A-Za-z][\w .'’/&-]{0,30}:(?!//)")

    def _compile_email_header(self, settings: Mapping[str, Any], origin: str) -> None:
        try:
            labels = [str(v) for v in settings["labels"]]
            self.header_sender = {str(v).lower() for v in settings["sender"]}
            self.header_subject = {str(v).lower() for v in settings["subject"]}
            self.header_keep_value = {str(v).lower() for v in settings.get("keep_value") or ()}
            prefix = str(settings["subject_prefix"])
            separator = str(settings["separator"])
        except (KeyError, TypeError, ValueError) as err:
            raise _RuleError(origin, "email_header", f"missing or invalid setting ({err})") from None
        self.header_line = self.compile(
            r"^[ \t]*(?:>[ \t]*)*(?P<label>" + _alternation(labels) + r")[ \t]*:[ \t]*(?P<value>[^\n]*)$", origin,
            "email_header.labels")
        self.subject_prefix = self.compile(prefix, origin, "email_header.subject_prefix")
        self.header_separator = self.compile(separator, origin, "email_header.separator")

    def _compile_lexicon_patterns(self) -> None:
        here = self._origin("macros.ROLE_MENTION")
        self.role_re = self.compile("<ROLE>", here, "ROLE")
        self.workplace_re = self.compile(r"(?:(?:the|a|an)\s+)?<WORKPLACE>s?", here, "WORKPLACE")
        self.role_mention = self.compile(r"\b<ROLE_MENTION>", here, "ROLE_MENTION")
        self.workplace_at = self.compile(r"\b<WORKPLACE_AT>", here, "WORKPLACE_AT")
        self.premises_of = self.compile("<PREMISES_OF>", here, "PREMISES_OF")
        self.locative_before = self.compile(r"\b(?:<LOCATIVE>)\s+(?:(?:the|a|an)\s+)?$", here, "LOCATIVE")
        self.phone = self.compile("<PHONE>", here, "PHONE")
        self.email = self.compile("<EMAIL>", here, "EMAIL")
        self.org_line = self.compile(r"\b(?:<ORG_SUFFIX>)\b", here, "ORG_SUFFIX")
        self.speech_verb = self.compile(r"\b(?:<SPEECH_VERB>)\b", here, "SPEECH_VERB")
        self.family = self.compile(r"\b(?:<FAMILY>)\b", here, "FAMILY")
        self.clause_word = self.compile(r"\b(?:<CLAUSE_WORD>)$", here, "CLAUSE_WORD")
        self.time_opener = self.compile(r"(?:^|[,;:]\s*|\b(?:and|but|so)\s+)(?:<TIME_OPENER>)$", here, "TIME_OPENER")
        self.time_tail = self.compile(r"\b(?:<TIME_TAIL>)$", here, "TIME_TAIL")
        self.subject_adverbs = self.compile(r"(?:\s+(?:<SUBJECT_ADVERB>))*", here, "SUBJECT_ADVERB")
        self.no_infinitive = {str(w).lower() for w in self._raw["phrase_lists"]["NO_INFINITIVE"]}
        self.possessed_np = self.compile("<POSSESSED_NP>", here, "POSSESSED_NP")
        self.possessed_kept = self.compile(r"(?<![\w-])(?:<FAMILY>|<POSSESSED_KEPT>|<BODY_PART>)s?(?![\w-])", here,
                                           "POSSESSED_KEPT")  # "call" is not kept in "our on-call"
        self.possessed_person = self.compile(r"\b(?:<POSSESSED_PERSON>|<STAFF>)s?\b|<ROLE>", here, "POSSESSED_PERSON")
        self._workplace_res = [
            (re.compile(rf"\b{re.escape(name)}s?\b", re.IGNORECASE), lexeme.kind)
            for name, lexeme in sorted(self.workplaces.items(), key=lambda item: len(item[0]), reverse=True)
        ]

    # -- lexicon look-ups --------------------------------------------------------------------------
    def canonical_roles(self, text: str) -> set[str]:
        return {self.roles[_strip_role(m.group(0))].canonical
                for m in self.role_re.finditer(text) if _strip_role(m.group(0)) in self.roles}

    def role_kind(self, canonical: str) -> str:
        return self.roles[canonical.lower()].kind

    def workplace_kind(self, text: str) -> str | None:
        return next((kind for regex, kind in self._workplace_res if regex.search(text)), None)


class _PhraseLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available
    """YAML without YAML 1.1 surprises: word lists hold "on", "no" and "1:1" (not True, False
    and the base-60 number 61). Only plain decimal integers are read as numbers."""


_PhraseLoader.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers
          if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PhraseLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))


def _read_rule_file(file: Path) -> Mapping[str, Any]:
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_PhraseLoader)  # noqa: S506 - safe loader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ValueError(f"{file}: not valid YAML{where} ({getattr(err, 'problem', None) or 'syntax error'})") from None
    except OSError as err:
        raise ValueError(f"{file}: cannot be read ({err.strerror})") from None
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise ValueError(f"{file}: top level must be a mapping of sections")
    return data


def _merge_section(raw: dict, origins: dict, section: str, value: Any, origin: str) -> None:
    if section in _MERGED_SECTIONS:
        if not isinstance(value, Mapping):
            raise _RuleError(origin, section, "must be a mapping")
        target = raw.setdefault(section, {})
        for key, item in value.items():
            if key in target:
                raise _RuleError(origin, f"{section}.{key}", f"already defined in {origins[f'{section}.{key}']}")
            target[key] = item
            origins[f"{section}.{key}"] = origin
    elif section in _RULE_SECTIONS:
        if not isinstance(value, list):
            raise _RuleError(origin, section, "must be a list of rules")
        start = len(raw.setdefault(section, []))
        raw[section].extend(value)
        origins.update({f"{section}[{start + i}]": origin for i in range(len(value))})
        origins.setdefault(section, origin)
    elif section in _SINGLE_SECTIONS:
        if section in raw:
            raise _RuleError(origin, section, f"section already defined in {origins[section]}")
        raw[section] = value
        origins[section] = origin
    else:
        raise _RuleError(origin, section, "unknown section")


def _case_variants(names: Iterable[str]) -> set[str]:
    """Written forms of a role: as listed; multi-word roles also in Title Case and First-word case."""
    out: set[str] = set()
    for name in names:
        words = name.split()
        out.add(name)
        if len(words) > 1:
            out.add(" ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words)))
            out.add(words[0][:1].upper() + name[1:])
    return out


def _written_names(entries: Iterable[Mapping[str, Any]]) -> list[str]:
    return [str(n) for e in entries for n in [e["name"], *(e.get("aliases") or ())]]


def _strip_role(text: str) -> str:
    """Lexicon key of a matched role: "Head of Year 9" -> "head of year", "DSLs" -> "dsl"."""
    return re.sub(r"\s+", " ", re.sub(r"(?:\s+\d+|s)$", "", text.strip())).lower()


# ----------------------------------------------------------------------------------------------
# Working state for one document
# ----------------------------------------------------------------------------------------------

@dataclass
class _Edit:
    start: int
    end: int
    reason: str
    replacement: str = ""
    cased: bool = False  # replacement opens with template text: follows the sentence's capitals
    whole: bool = False  # removes a whole sentence, line or block
    clause: bool = False  # removes a clause: a following "and"/"but" goes too


@dataclass
class _Reporter:
    """What is known about the reporter: from form fields, signatures and self-identification."""
    names: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    orgs: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    literal_roles: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Unit:
    """A sentence (or line piece of one): the span edits and clause checks work within."""
    start: int
    end: int


class _Document:
    def __init__(self, doc: Any, entities: Sequence[EntitySpan], rules: SourceRules):
        self.text: str = doc.text
        self.rules = rules
        self.units = _units(doc, self.text)
        self.quotes = _quoted_spans(self.text)
        self.entities = list(entities) or [
            EntitySpan(e.start_char, e.end_char, e.label_) for e in getattr(doc, "ents", ())
        ]
        self.tags = {t.idx: t.tag_ for t in doc if t.tag_} if len(doc) else {}
        self.edits: list[_Edit] = []
        self.flags: list[HandlerFlag] = []
        self.reporter = _Reporter()

    # -- edits -------------------------------------------------------------------------------------
    def overlaps(self, start: int, end: int) -> bool:
        """Would [start, end) overlap an accepted edit? (An insertion overlaps if strictly inside.)"""
        return any(start < e.end and e.start < end or (start == end and e.start < start < e.end)
                   for e in self.edits)

    def covered(self, pos: int) -> bool:
        return any(e.start <= pos < e.end for e in self.edits)

    def add(self, edit: _Edit) -> bool:
        if edit.start > edit.end or self.overlaps(edit.start, edit.end):
            return False
        self.edits.append(edit)
        return True

    def flag(self, start: int, end: int, reason: str) -> None:
        item = HandlerFlag(start, end, reason)
        if item not in self.flags:
            self.flags.append(item)

    def masked(self) -> str:
        """The text with removed spans blanked (spaces) and rewritten spans blocked (NUL)."""
        chars = list(self.text)
        for e in self.edits:
            fill = " " if not e.replacement else "\x00"
            for i in range(e.start, e.end):
                if chars[i] != "\n":
                    chars[i] = fill
        return "".join(chars)

    def segments_outside_edits(self, start: int, end: int, *, rewrites_too: bool = False) -> list[tuple[int, int]]:
        """[start, end) minus the spans of empty (removal) edits, and of rewrites if asked."""
        cuts = sorted((e.start, e.end) for e in self.edits
                      if (rewrites_too or not e.replacement) and e.start < end and start < e.end)
        out, pos = [], start
        for s, e in cuts:
            if s > pos:
                out.append((pos, s))
            pos = max(pos, e)
        if pos < end:
            out.append((pos, end))
        return out

    # -- context -----------------------------------------------------------------------------------
    def in_quote(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quotes)

    def unit_of(self, pos: int) -> _Unit | None:
        for u in self.units:
            if u.start <= pos < u.end:
                return u
        return None

    def is_reporter_entity(self, ent: EntitySpan) -> bool:
        value = self.text[ent.start:ent.end]
        low = _norm(value)
        digits = _phone_digits(value)
        return (low in {_norm(n) for n in self.reporter.names} or low in self.reporter.emails
                or (digits and digits in self.reporter.phones) or low in {_norm(o) for o in self.reporter.orgs})

    def touches_subject(self, start: int, end: int, occasion: bool = False) -> bool:
        """An entity overlapping [start, end); with `occasion`, a weekday naming the reporter's
        session inside the match ("At his Tuesday budgeting session") goes with it."""
        return any(e.start < end and start < e.end and self.is_subject_entity(e)
                   and not (occasion and self._weekday_in_occasion(e, start, end)) for e in self.entities)

    def _weekday_in_occasion(self, ent: EntitySpan, start: int, end: int) -> bool:
        """A time entity that is only a weekday, inside the match and followed by more of it: a
        modifier of the occasion ("his Tuesday budgeting session"), not a date after it ("on Tuesday")."""
        if ent.type not in _TIME_TYPES or not (start <= ent.start and ent.end < end):
            return False
        return bool(_WEEKDAY_ONLY.fullmatch(self.text[ent.start:ent.end].strip()))

    def is_subject_entity(self, ent: EntitySpan) -> bool:
        """An entity that carries intelligence: not a count, not a job title the NER took for an
        organisation ("GP", "DSL"), not one of the reporter's own details."""
        if ent.type in _NOT_SUBJECT_TYPES:
            return False
        value = self.text[ent.start:ent.end].strip()
        if ent.type != "PERSON" and (self.rules.role_re.fullmatch(value) or self.rules.workplace_re.fullmatch(value)):
            return False  # "MIU", "the ward": a workplace word, not a named place
        return not self.is_reporter_entity(ent)

    def tag_at(self, pos: int) -> str:
        return self.tags.get(pos, "")


_TIME_TYPES = {"DATE", "TIME", "DATE_TIME"}
_WEEKDAY_ONLY = re.compile(r"(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:s|['’]s)?"
                           r"(?:\s+(?:morning|afternoon|evening|night|lunchtime|teatime))?)")
_NOT_SUBJECT_TYPES = {"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "LANGUAGE", "WORK_OF_ART", "LAW"}


def _units(doc: Any, text: str) -> list[_Unit]:
    """Sentences from the pipeline (senter/sentencizer), further cut at line breaks."""
    if len(doc) and doc.has_annotation("SENT_START"):
        spans = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        spans, pos = [], 0
        for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"'“‘(])", text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
    units: list[_Unit] = []
    for start, end in spans:
        for m in re.finditer(r"[^\n]+", text[start:end]):
            s, e = start + m.start(), start + m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                units.append(_Unit(s, e))
    return units


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (the quoted words of someone else, not the reporter's)."""
    spans = []
    for m in re.finditer(r'"[^"\n]*(?:"|$)|“[^”\n]*(?:”|$)', text, re.MULTILINE):
        spans.append((m.start(), m.end()))
    for m in re.finditer(r"(?<![\w'’])['‘](?=\S)(?:[^'’\n]|['’](?=\w))+?['’](?![\w])", text):
        if not any(s <= m.start() < e for s, e in spans):
            spans.append((m.start(), m.end()))
    return spans


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip()).lower()


def _phone_digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if text.strip().startswith("+44"):
        digits = "0" + digits[2:]
    return digits if len(digits) >= 9 else ""


def _words(text: str) -> int:
    return len(re.findall(r"[\w@'’.-]+", text))


# ----------------------------------------------------------------------------------------------
# Stage 1: greeting, signature and reporter field blocks
# ----------------------------------------------------------------------------------------------

def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _remove_blocks(d: _Document) -> None:
    lines = _lines(d.text)
    _remove_letterhead(d, lines)
    _remove_email_header(d, lines)
    _remove_greeting(d, lines)
    _remove_reporter_fields(d, lines)
    _remove_signoff(d, lines)
    _remove_trailing_signature(d, lines)
    _remove_inline_signature(d, lines)
    _remove_closing_block(d, lines)


def _remove_letterhead(d: _Document, lines: list[tuple[int, int]]) -> None:
    """The reporter's organisation, address and phone at the top of a letter, before the
    salutation, a "Re:" line or the first sentence."""
    rules = d.rules
    block: list[tuple[int, int]] = []
    for start, end in lines:
        line = d.text[start:end]
        if not line.strip():
            if block:
                break
            continue
        if len(block) >= rules.max_letterhead_lines or not _is_letterhead_line(d, line):
            break
        block.append((start, end))
    if len(block) < 2:
        return
    first = d.text[block[0][0]:block[0][1]].strip()
    if not _is_organisation_line(d, first):
        return
    rest = [d.text[s:e] for s, e in block[1:]]
    if not any(rules.letterhead_label.match(x) or rules.phone.search(x) or rules.email.search(x)
               or rules.postcode.search(x) for x in rest):
        return
    for i, (start, end) in enumerate(block):
        d.add(_Edit(start, end, "role" if i == 0 else "contact", whole=True))
    _harvest_block(d, block[0][0], block[-1][1])


def _is_organisation_line(d: _Document, line: str) -> bool:
    """ "Harbourside Medical Practice", "Oakfield Academy - Safeguarding Team": capitalised words
    ending in an organisation word, no digits, no label."""
    words = line.split()
    return (0 < len(words) <= d.rules.max_signature_words and not re.search(r"\d|:", line)
            and bool(d.rules.org_line.search(line)) and all(_TITLE_WORD.match(w.strip(",-–")) or not w.strip(",-–")
                                                            for w in words))


def _is_letterhead_line(d: _Document, line: str) -> bool:
    rules = d.rules
    if rules.greeting_line.match(line) or rules.greeting_prefix.match(line):
        return False
    if rules.any_label.match(line) and not rules.letterhead_label.match(line):
        return False  # "Re: ...", "Address: ...", "Name: ..." is about the subject
    if rules.letterhead_label.match(line) or rules.email.search(line):
        return True
    return _words(line) <= rules.max_signature_words and not re.search(r"[.!?]\s*$", line.rstrip())


def _remove_email_header(d: _Document, lines: list[tuple[int, int]]) -> None:
    """ "From: / Sent: / To: / Subject:" lines pasted from an e-mail: the sender, the date and
    the recipients go; the subject line keeps its words (it may name the child)."""
    rules = d.rules
    matches = [rules.header_line.match(d.text, s, e) if e > s else None for s, e in lines]
    i = 0
    while i < len(lines):
        if matches[i] is None:
            i += 1
            continue
        j = i
        while j < len(lines) and matches[j] is not None:
            j += 1
        labels = {_norm(matches[k].group("label")) for k in range(i, j)}
        if labels & rules.header_sender and len(labels) >= 2:
            if i > 0 and rules.header_separator.match(d.text, *lines[i - 1]) and not d.covered(lines[i - 1][0]):
                d.add(_Edit(lines[i - 1][0], lines[i - 1][1], "provenance", whole=True))
                _remove_name_before(d, lines, i - 1)
            for k in range(i, j):
                m, (start, end) = matches[k], lines[k]
                label = _norm(m.group("label"))
                if label in rules.header_keep_value and m.group("value").strip():
                    d.add(_Edit(start, m.start("value"), "provenance"))  # the date it was sent stays
                    continue
                if label in rules.header_subject:
                    prefix = rules.subject_prefix.match(d.text, m.start("value"), end)
                    cut = prefix.end() if prefix else m.start("value")
                    if d.text[cut:end].strip():
                        d.add(_Edit(start, cut, "provenance"))
                        continue
                reason = "contact" if rules.email.search(m.group("value")) and label not in rules.header_sender \
                    else ("reporter_name" if label in rules.header_sender else "provenance")
                d.add(_Edit(start, end, reason, whole=True))
                if label in rules.header_sender:
                    _harvest_sender(d, m.group("value"))
                    _harvest_block(d, start, end)
        i = j


def _remove_name_before(d: _Document, lines: list[tuple[int, int]], k: int) -> None:
    """ "Joe" signing the forwarding note just above "-----Original Message-----"."""
    for start, end in reversed(lines[:k]):
        line = d.text[start:end].strip()
        if not line:
            continue
        if d.rules.name_piece.fullmatch(line) and len(line.split()) <= 2 and not d.covered(start):
            d.add(_Edit(start, end, "signoff", whole=True))
        return


def _harvest_sender(d: _Document, value: str) -> None:
    """ "Jo Bloggs <jo.bloggs@example.org>", '"Bloggs, Jo" <jo@...>': the reporter's name and address."""
    for m in d.rules.email.finditer(value):
        d.reporter.emails.add(m.group(0).lower())
    name = re.sub(r"<[^>]*>|\[[^\]]*\]|[\"“”]", " ", value)
    name = d.rules.email.sub(" ", name)
    name = re.split(r"\s*[(|;]\s*|\s+[-–]\s+", name.strip())[0]
    if "," in name:
        parts = [p.strip() for p in name.split(",")]
        # "Bloggs, Jo" is a surname first; "Jo Bloggs, DSL, Oakfield" is a signature
        name = f"{parts[1]} {parts[0]}" if len(parts) == 2 and len(parts[0].split()) == 1 \
            and len(parts[1].split()) == 1 else parts[0]
    name = re.sub(r"\s+", " ", name).strip()
    if name and d.rules.name_line.match(name) and _is_full_name(d, name) and not d.rules.org_line.search(name):
        d.reporter.names.add(name)
        untitled = re.sub(rf"^{d.rules.titles}\s+", "", name)
        if untitled != name and len(untitled.split()) >= 2:
            d.reporter.names.add(untitled)  # "Mrs Jo Bloggs" also signs as "Jo Bloggs"


def _remove_greeting(d: _Document, lines: list[tuple[int, int]]) -> None:
    """The greeting opening the text, and the one opening each forwarded message under its header."""
    opening = True
    for start, end in lines:
        line = d.text[start:end]
        if not line.strip() or d.rules.header_separator.match(line):
            continue
        if d.covered(start):
            opening = True  # a letterhead/e-mail header line already removed: a message starts after it
            continue
        if opening:
            if d.rules.greeting_line.match(line):
                d.add(_Edit(start, end, "signoff", whole=True))
            else:
                prefix = d.rules.greeting_prefix.match(line)
                if prefix and _words(prefix.group(0)) <= d.rules.max_greeting_prefix:
                    d.add(_Edit(start, start + len(prefix.group(0).rstrip()), "signoff"))
        opening = False


def _field_kind(d: _Document, line: str) -> tuple[str, bool, str] | None:
    """(reason, strict, value) if the line is a "Label: value" reporter field."""
    for regex, labels, strict in d.rules.field_labels:
        m = regex.match(line)
        if m:
            return labels[_norm(m.group("label"))], strict, m.group("value")
    return None


def _remove_reporter_fields(d: _Document, lines: list[tuple[int, int]]) -> None:
    own = d.rules.own_line_label
    if own is not None:
        for s, e in lines:
            m = None if d.covered(s) else own.match(d.text[s:e])
            if m:
                reason = next(k for k, v in m.groupdict().items() if v is not None and k != "value")
                d.add(_Edit(s, e, reason.removesuffix("_p"), whole=True))
    kinds = [None if d.covered(s) else _field_kind(d, d.text[s:e]) for s, e in lines]
    i = 0
    while i < len(lines):
        if kinds[i] is None:
            i += 1
            continue
        j = i
        while j < len(lines) and kinds[j] is not None:
            j += 1
        run = list(range(i, j))
        # continuation lines under an empty strict label ("Submitted by:\nJo Bloggs\nDSL")
        if kinds[j - 1][1] and not kinds[j - 1][2].strip():
            while j < len(lines) and len(run) - (j - i) < _MAX_CONTINUATION_LINES \
                    and _is_signature_line(d, d.text[lines[j][0]:lines[j][1]]):
                run.append(j)
                j += 1
        strict_run = any(kinds[k] and (kinds[k][1] or _is_sender_line(d, d.text[lines[k][0]:lines[k][1]]))
                         for k in run)
        subject_lead = _subject_block_lead(d, lines, kinds, run) if strict_run else set()
        for k in run:
            start, end = lines[k]
            reason = kinds[k][0] if kinds[k] else _reason_for_signature_line(d, d.text[start:end])
            if strict_run and k not in subject_lead:
                d.add(_Edit(start, end, reason, whole=True))
                _harvest_block(d, start, end)
            else:
                d.flag(start, end, "field_may_be_reporter")
        i = j


_MAX_CONTINUATION_LINES = 4


def _subject_block_lead(d: _Document, lines: list[tuple[int, int]], kinds: list, run: list[int]) -> set[int]:
    """ "Subject name: ... / DOB: ... / Address: 14 X Close / Your organisation: ...": the loose
    ("Address:", "Tel:") lines that open a run straight under a field about the subject are the
    subject's, not the reporter's; they are flagged, not removed."""
    rules = d.rules
    first = run[0]
    if rules.subject_field is None or first == 0:
        return set()
    above = d.text[lines[first - 1][0]:lines[first - 1][1]]
    if not rules.subject_field.match(above):
        return set()
    lead = set()
    for k in run:
        if not kinds[k] or kinds[k][1] or _is_sender_line(d, d.text[lines[k][0]:lines[k][1]]):
            break
        lead.add(k)
    return lead


def _is_sender_line(d: _Document, line: str) -> bool:
    """ "From: Mrs Jo Bloggs, Designated Safeguarding Lead, Oakfield Academy": who sent it, with a
    job title, an organisation or an e-mail address."""
    for regex, _labels, _strict in d.rules.field_labels:
        m = regex.match(line)
        if m and _norm(m.group("label")) in d.rules.sender_labels:
            value = m.group("value")
            return bool(d.rules.role_re.search(value) or d.rules.org_line.search(value) or d.rules.email.search(value))
    return False


def _is_signature_line(d: _Document, line: str) -> bool:
    return bool(line.strip()) and _words(line) <= d.rules.max_signature_words


def _reason_for_signature_line(d: _Document, line: str) -> str:
    if d.rules.phone.search(line) or d.rules.email.search(line):
        return "contact"
    if d.rules.role_re.search(line) or d.rules.signature_role.search(line) or d.rules.org_line.search(line):
        return "role"
    return "reporter_name"


def _remove_signoff(d: _Document, lines: list[tuple[int, int]]) -> None:
    for m in d.rules.valediction.finditer(d.text):
        start = m.start("v")
        if d.covered(start) or d.in_quote(start):
            continue
        rest = m.group("rest")
        stripped = rest.strip()
        name_like = all(w[:1].isupper() or w[:1] == "(" for w in stripped.split())
        if stripped and not (stripped[0] in ",.!:;-–—(" or name_like):
            continue  # "Thanks to his mum ..." is narrative
        if _words(stripped) > d.rules.max_after_valediction:
            continue
        _remove_separator_before(d, lines, start)
        _remove_signature(d, start, _signature_end(d, lines, m.end()), first_reason="signoff")
        return


def _signature_end(d: _Document, lines: list[tuple[int, int]], pos: int) -> int:
    """Signature lines run on while short; a disclaimer runs to the end of the text."""
    end = pos
    for start, line_end in lines:
        if start <= pos:
            continue
        line = d.text[start:line_end]
        if d.rules.disclaimer.match(line):
            return len(d.text.rstrip())
        if not line.strip():
            continue
        # a forwarded message starts below the signature: its header is not the reporter's
        if d.rules.header_separator.match(d.text, start, line_end) or d.rules.header_line.match(d.text, start, line_end):
            break
        if not _continues_signature(d, line):
            break
        end = line_end
    return end


def _continues_signature(d: _Document, line: str) -> bool:
    """Name, role, organisation, phone or e-mail lines; a full sentence is narrative again."""
    if d.rules.phone.search(line) or d.rules.email.search(line):
        return True
    return _words(line) <= d.rules.max_signature_words and not re.search(r"\w{3,}[.!?]\s*$", line)


def _remove_trailing_signature(d: _Document, lines: list[tuple[int, int]]) -> None:
    """A signature without a valediction: name line + role/organisation/contact at the very end,
    or at the end of a message that a forwarded one follows ("Hollie | Supervising Social Worker |
    ..." just above "---- Forwarded message ----")."""
    # a disclaimer under the signature runs to the end: the signature is the block above it
    disclaimer = next((i for i, (s, e) in enumerate(lines) if d.rules.disclaimer.match(d.text[s:e])), None)
    _trailing_signature_above(d, lines, lines[:disclaimer] if disclaimer else lines, disclaimer)
    for k, (s, e) in enumerate(lines):
        if k and e > s and d.rules.header_separator.match(d.text, s, e):
            _trailing_signature_above(d, lines, lines[:k], None)


def _trailing_signature_above(d: _Document, lines: list[tuple[int, int]], above: list[tuple[int, int]],
                              disclaimer: int | None) -> None:
    tail: list[tuple[int, int]] = []
    for start, end in reversed(above):
        line = d.text[start:end]
        if not line.strip():
            if tail:
                break
            continue
        if _fully_covered(d, start, end) \
                or (_words(line) > d.rules.max_trailing_words and not _is_piece_line(d, line)
                    and not _is_long_signature_line(d, line) and not _is_name_team_line(d, line)
                    and not _is_contact_line(d, line)) \
                or (line.rstrip().endswith(".") and not d.rules.email.search(line)):
            break
        tail.insert(0, (start, end))
    for i, (start, end) in enumerate(tail):
        line = d.text[start:end]
        # the next line is a job title, alone or as its first piece ("Named GP for Safeguarding, Oxford Road MC")
        role_next = i + 1 < len(tail) and any(
            _is_role_line(d, piece) for piece in {d.text[tail[i + 1][0]:tail[i + 1][1]],
                                                   _signature_pieces(d.rules, d.text[tail[i + 1][0]:tail[i + 1][1]])[0]})
        if _is_role_line(d, line) and i == 0 and len(tail) <= 3 and _ends_after_sentence(d, start):
            pass  # "Senior Youth Worker\nThe Hub": a role on its own line closes the text
        elif not (d.rules.name_line.match(line)
                  and (_words(line) >= 2 or re.match(rf"\s*{d.rules.titles}\s", line) or role_next)) \
                and not (i == 0 and len(tail) > 1 and _LOWER_NAME_LINE.fullmatch(line)):
            continue
        block = d.text[start:tail[-1][1]]
        lone = len(tail) == 1 and _is_lone_name_signoff(d, start, line)
        # a role or organisation is needed: "Dean Walker\n07700 900456" may be the subject's details
        if not (d.rules.role_re.search(block) or d.rules.signature_role.search(block)
                or d.rules.org_line.search(block) or _team_in_parentheses(d, line) or lone):
            continue
        if len(tail) - i == 1 and not re.search(r"[(,|]", line) and not _is_role_line(d, line) and not lone \
                and not (i == 0 and _is_organisation_name(d, line) and _ends_after_sentence(d, start)):
            continue  # a lone "Tom Reilly" line is not a signature; "Estate Services" after the narrative is
        _remove_separator_before(d, lines, start)
        _remove_signature(d, start, tail[-1][1], first_reason=None)
        if disclaimer is not None and not d.overlaps(lines[disclaimer][0], len(d.text.rstrip())):
            d.add(_Edit(lines[disclaimer][0], len(d.text.rstrip()), "signoff", whole=True))
        return


def _is_contact_line(d: _Document, line: str) -> bool:
    """ "01632 960 638 | out of hours 01632 960 639": numbers and addresses with short labels, no sentence."""
    rules = d.rules
    if not (rules.phone.search(line) or rules.email.search(line)) or _FIRST_PERSON_WORD.search(line):
        return False
    rest = rules.email.sub(" ", rules.phone.sub(" ", line))
    return _words(rest) <= 6 and not re.search(r"\w{3,}[.!?]\s*$", rest)


def _fully_covered(d: _Document, start: int, end: int) -> bool:
    """Every non-space character of the line already removed (a header above a signature ends it;
    a job title a rule cut from inside a signature line does not: "Care Co-ordinator | Brightside")."""
    return all(d.covered(i) for i in range(start, end) if not d.text[i].isspace())


# "bev", "lou (owner)": a first name written in lower case opening a signature block
_LOWER_NAME_LINE = re.compile(r"\s*(?-i:[a-z]{2,12})(?:\s*\([^()\n]{2,30}\))?\s*")
_PIECE_SEPARATOR = re.compile(r"[|,]")
_LINE_ENDS_SENTENCE = re.compile(r"[.!?;:][\"”’')]*\s*$")


def _is_name_team_line(d: _Document, line: str) -> bool:
    """ "R + Fliss, detached team, Hedge End Town Council youth service": a name (or two) then a
    team, job or organisation in the pieces after it, with no first person and no sentence end."""
    rules = d.rules
    if _words(line) > rules.max_signature_words or not _PIECE_SEPARATOR.search(line) \
            or _FIRST_PERSON_WORD.search(line) or _LINE_ENDS_SENTENCE.search(line):
        return False
    pieces = _signature_pieces(rules, line)
    if len(pieces) < 2 or not rules.name_piece.fullmatch(pieces[0]):
        return False
    return all(_is_contact_piece(rules, p) or _is_team_or_job_piece(rules, p)
               or (_words(p) <= 6 and bool(rules.org_line.search(p) or rules.role_re.search(p)
                                            or rules.lower_org_word.search(p)))
               for p in pieces[1:])


def _is_long_signature_line(d: _Document, line: str) -> bool:
    """ "Kingsclere Road Academy (a Kestrel Learning Trust school)", "Independent inventory clerk -
    instructed by Tollgate Lettings": a longer organisation or job line of a signature, with no
    first person and no sentence end (a name line above it is still needed)."""
    rules = d.rules
    return _words(line) <= rules.max_signature_words and line.lstrip()[:1].isupper() \
        and not _FIRST_PERSON_WORD.search(line) \
        and not re.search(r"[.!?;:][\"”’')]*\s*$", line) \
        and _signature_head_piece(d, _signature_pieces(rules, line)[0] if line.strip() else "")


def _signature_head_piece(d: _Document, piece: str) -> bool:
    """The first piece of a long signature line is an organisation name ("Kingsclere Road Academy"),
    a job title ("Independent inventory clerk") or a team; not a clause ("Stays at Elm Court ...")."""
    rules = d.rules
    if not piece or _words(piece) > 5:
        return False
    if all(_TITLE_WORD.match(w) for w in piece.split()) and (rules.org_line.search(piece) or rules.role_re.search(piece)
                                                           or rules.signature_role.search(piece)):
        return True
    return bool(rules.role_re.search(piece) and _without_roles(rules, piece).strip() == "") \
        or _is_team_or_job_piece(rules, piece)


def _team_in_parentheses(d: _Document, line: str) -> bool:
    """ "(breakfast & after-school club)", "(asst mgr)": a lower-case team, service or job in brackets
    after a name in a signature (an organisation word, a team word or a job-title head)."""
    for m in re.finditer(r"\(([^()\n]{2,60})\)", line):
        inner = m.group(1)
        if d.rules.lower_org_word.search(inner) or d.rules.team_piece.fullmatch(inner.strip()):
            return True
    return False


def _is_piece_line(d: _Document, line: str) -> bool:
    """ "R. Bloggs | Designated Safeguarding Lead | Oakfield School": a longer signature line
    made of short pieces (name, job title, organisation, contact) split by bars or commas."""
    if _words(line) > d.rules.max_signature_words or not re.search(r"[|,]", line):
        return False
    pieces = _signature_pieces(d.rules, line)
    return len(pieces) >= 3 and all(
        _is_contact_piece(d.rules, p) or (_words(p) <= 4 and all(_TITLE_WORD.match(w) for w in p.split()))
        for p in pieces)


_FIRST_PERSON_WORD = re.compile(r"\b(?:I|I['’](?:m|ve|d|ll)|[Ww]e|[Mm]y|[Oo]ur|me|us)\b")


def _is_lone_name_signoff(d: _Document, start: int, line: str) -> bool:
    """ "Gav Mullins" alone on the last line, after a blank line that ends a first-person narrative
    which never names him: the writer signing off (a name already in the text is the subject's)."""
    words = line.split()
    # "Gav Mullins", "Mrs H. Oyelaran-Price": a title and initials may stand before the surname
    if words and re.fullmatch(d.rules.titles, words[0]) and len(words) > 1:
        words = words[1:]
    words = [w for w in words if not re.fullmatch(r"(?:[A-Z]\.){1,2}", w)] if len(words) > 1 else words
    if not 1 <= len(words) <= 3 or len(line.split()) < 2 \
            or not all(re.fullmatch(r"[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?", w) for w in words):
        return False
    before = d.text[:start]
    if not re.search(r"\n[ \t]*\n[ \t]*$", before):
        return False
    if not _ends_after_sentence(d, start) or not _FIRST_PERSON_WORD.search(before):
        return False
    return not any(re.search(rf"\b{re.escape(w)}\b", before) for w in words)


def _is_role_line(d: _Document, line: str) -> bool:
    """ "Senior Youth Worker", "GP Partner", "Designated Safeguarding Lead": a job title alone on
    its line, in title words."""
    words = line.strip().rstrip(".").split()
    if not words or len(words) > d.rules.max_trailing_words or not d.rules.role_re.search(line):
        return False
    return all(_TITLE_WORD.match(w.strip(",")) for w in words) and words[0][:1].isupper()


def _is_organisation_name(d: _Document, line: str) -> bool:
    """ "Estate Services", "Chapel & Ocean Youth Project": title words ending in an organisation word."""
    words = line.strip().rstrip(".").split()
    return 2 <= len(words) <= d.rules.max_trailing_words and words[0][:1].isupper() \
        and all(_TITLE_WORD.match(w) for w in words) and bool(d.rules.org_line.fullmatch(words[-1]))


def _ends_after_sentence(d: _Document, pos: int) -> bool:
    """The text before pos ends a sentence (a sign-off follows narrative, not a heading)."""
    return bool(re.search(r"[.!?][\"”’')]*\s*$", d.text[:pos]))


_SEPARATOR_LINE = re.compile(r"\s*(?:-{2,}|_{2,}|={2,}|\*{2,}|~{2,})\s*")


def _remove_separator_before(d: _Document, lines: list[tuple[int, int]], pos: int) -> None:
    """The "--" line that opens an e-mail signature goes with it."""
    for start, end in reversed(lines):
        if end >= pos:
            continue
        line = d.text[start:end]
        if not line.strip():
            continue
        if _SEPARATOR_LINE.fullmatch(line) and not d.overlaps(start, end):
            d.add(_Edit(start, end, "signoff", whole=True))
        return


_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bSt)(?<!\bMrs)[.!?][\"”’')]*\s+(?=\S)")
_SIGNATURE_SPLIT = re.compile(r"\s*[,|;]\s*|\s+[-–—@/]\s+|\s*[()]\s*")
_TITLE_WORD = re.compile(r"(?:[A-Z0-9][\w'’&./-]*|&|of|and|for|the|in|at|on|de|da|van|von)$")


def _remove_inline_signature(d: _Document, lines: list[tuple[int, int]]) -> None:
    """A sign-off written after the last sentence, on the same line: "... on Elm Court. Jo Bloggs,
    DSL, Oakfield Academy", "... above the unit. Contact: jo@example.org", "from Bianca (youth worker)"."""
    # the last line of the text, and the last line of a message that a forwarded one follows
    # ("Passing to police as intelligence - J. Ferreira, DSL" above "---- Forwarded message ----")
    ends_of_messages = [len(lines)] + [k for k, (s, e) in enumerate(lines)
                                       if k and e > s and d.rules.header_separator.match(d.text, s, e)]
    for k in ends_of_messages:
        last = next(((s, e) for s, e in reversed(lines[:k]) if d.text[s:e].strip()), None)
        if last is not None:
            _inline_signature_on(d, *last, after_dash=k < len(lines))


def _inline_signature_on(d: _Document, start: int, end: int, after_dash: bool) -> None:
    line = d.text[start:end]
    ends = list(_SENTENCE_END.finditer(line))
    seg_starts = [start + (ends[-1].end() if ends else len(line) - len(line.lstrip()))]
    dash = list(re.finditer(r"\s[-–—]\s+", line))
    if after_dash and dash and start + dash[-1].end() > seg_starts[0]:
        seg_starts.append(start + dash[-1].end())
    seg_end = start + len(line.rstrip())
    for seg_start in seg_starts:
        if seg_start >= seg_end or d.overlaps(seg_start, seg_end) or d.in_quote(seg_start):
            continue
        reason = _inline_signature_reason(d, d.text[seg_start:seg_end], seg_start)
        if reason:
            d.add(_Edit(seg_start, seg_end, reason, whole=True))
            _harvest_block(d, seg_start, seg_end)
            return


def _inline_signature_reason(d: _Document, segment: str, offset: int) -> str | None:
    rules = d.rules
    if _words(segment) > rules.max_inline_signature_words:
        return None
    body = segment.rstrip(" \t.") if not re.fullmatch(r"\s*(?-i:[A-Z])\.\s*", segment) else segment.strip()
    # "Contact: jo@example.org", "jo@example.org, 01632 960123": an e-mail or a label says whose
    label = rules.contact_label.match(body)
    pieces = [p.strip() for p in _SIGNATURE_SPLIT.split(body[label.end():] if label else body) if p and p.strip()]
    if pieces and all(rules.phone.fullmatch(p) or rules.email.fullmatch(p) for p in pieces):
        return "contact" if label or any(rules.email.fullmatch(p) for p in pieces) else None
    # "Jo Bloggs, DSL, Oakfield Academy", "Jo - Social Worker, Western Team, 01632 960123"
    body = body[rules.signature_opener.match(body).end():]
    evidence = False
    # "EDT social worker: Simon Achebe, 01632 960150": a job title as the label
    role_label = re.match(r"([^:\n]{2,40}):\s*(?=\S)", body)
    if role_label and _words(role_label.group(1)) <= 4 and rules.role_re.search(role_label.group(1)):
        body, evidence = body[role_label.end():], True
    pieces = _signature_pieces(rules, body)
    if not pieces:
        return None
    name = _signature_name(rules, pieces[0])
    if len(pieces) > 1 and pieces[0][:1].isupper() and rules.team_piece.fullmatch(pieces[0]):
        name, evidence = "", True  # "Office - Marsh Lane Primary", "Reception, Elm Surgery": a desk signs
    if name is None:
        return None
    if len(pieces) == 1:
        # a lone first name or initial on the last line, after the narrative: "Priya", "K."
        at_line_start = offset == 0 or d.text[offset - 1] == "\n"
        if not (at_line_start and name and len(name.split()) == 1
                and (evidence or _ends_after_line(d, offset) or d.text[:offset].endswith("\n\n"))):
            return None
        evidence = True
    if not name and len(pieces) < 2:
        return None
    for k, piece in enumerate(pieces[1:], 1):
        if _is_contact_piece(rules, piece) or _is_team_or_job_piece(rules, piece) or _PRONOUNS.fullmatch(piece):
            evidence = True
            continue
        # a short note in brackets on the number before it: "01632 960 744 (line open all night)",
        # "07700 900 155 (food bank mobile)", "ext 2231 (after 4pm)"
        if _is_contact_piece(rules, pieces[k - 1]) and _words(piece) <= 5 and f"({piece})" in body \
                and not _FIRST_PERSON_WORD.search(piece):
            continue
        # a job title ("youth worker", "Salaried GP") or a name in capitals ("Unity Youth Project");
        # other lower-case words make it a sentence ("seen by school nurse re weight loss")
        rest = _without_roles(rules, piece)
        if not all(_TITLE_WORD.match(w) for w in rest.split()):
            return None
        evidence = evidence or rest != piece or bool(rules.org_line.search(piece))
    if not evidence:
        return None
    if name.islower() and not any(_is_team_or_job_piece(rules, p) or _without_roles(rules, p) != p for p in pieces[1:]):
        return None  # "jo (pastoral)": a name in lower case only next to a team or job title
    # a name already used in the narrative is the subject's ("... Tom Reilly, Oakfield Academy")
    if _name_used_before(rules, name, d.masked()[:offset]):
        return None
    return "signoff"


def _name_used_before(rules: SourceRules, name: str, before: str) -> bool:
    """Whether a word of `name` (its title left out) already stands in `before`, the narrative."""
    names = [w for w in _NAME_WORD_RUN.findall(re.sub(rf"^{rules.titles}\s+", "", name)) if len(w) > 1]
    return any(re.search(rf"(?<![\w'’-]){re.escape(w)}(?![\w'’-])", before) for w in names)


# ----------------------------------------------------------------------------------------------
# The closing block: the last short lines after the narrative, a name and then what the writer is
# ("Jas\nDental Nurse\nSwaythling Urgent Dental Care", "Dee, night RSW", "Pat (lollipop)",
# "Steph, Redbridge Self Drive"), whatever words the role or organisation uses.
# ----------------------------------------------------------------------------------------------

_CLOSING_MAX_LINES = 4
# a phone's own footer and kisses after a name: "Sent from my iPhone", "Jodie x"
_DEVICE_FOOTER = re.compile(r"\s*(?:sent\s+from\s+(?:my\s+)?[\w ]{2,30}|get\s+outlook\s+for\s+\w+)\s*", re.IGNORECASE)
_KISSES = re.compile(r"(?<=\S)\s+(?:x{1,3}|X{1,3})\s*$")
_ENDS_PARAGRAPH = re.compile(r"\n[ \t]*\n[ \t]*$")
_ENDS_SENTENCE = re.compile(r"[.!?][\"”’')]*\s*$")
_NAME_WORD_RUN = re.compile(r"[\w'’-]+")
_HAS_LETTER, _HAS_DIGIT = re.compile(r"[A-Za-z]"), re.compile(r"\d")
_CLOSING_PIECE_CHARS = re.compile(r"[\w'’&+/. -]+")
# a badge or callsign number is the only number a closing block may hold ("collar 4471")
_BADGE_NUMBER = re.compile(r"(?i:callsign|call\s+sign|collar|badge|staff\s+no\.?|id)\s*\d{1,6}")
_ACRONYM = re.compile(r"(?-i:[A-Z]{2,6})")
# a heading piece with a number, a time or a question is not a service's name
_NOT_A_HEADING_NAME = re.compile(r"\d{2,}|[:/]\d|\?")
# words that make a lower-case piece a clause, not a team or job ("he was on his phone")
_CLAUSE_WORD = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|did|does|do|said|says|told|saw|seen|"
    r"he|she|they|it|him|her|them|his|their|not|no|if|when|then|that|this|there|here|who|what|very|"
    r"please|thanks|ring|call|asap|today|yesterday|tomorrow|tonight)\b", re.IGNORECASE)
_ADDRESS_WORD = re.compile(
    r"\b(?:road|rd|street|st|lane|close|avenue|ave|drive|way|court|crescent|gardens|terrace|place|"
    r"grove|walk|mews|hill|square|flat|house|estate)\b|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_SUBJECT_ENTITY_TYPES = {"LOCATION", "ADDRESS", "GPE", "LOC", "FAC", "VEHICLE", "DATE", "TIME", "DATE_TIME"}


def _remove_closing_block(d: _Document, lines: list[tuple[int, int]]) -> None:
    """A closing block the signature rules above did not know: at the very end, after a sentence or
    a blank line, up to four short lines that open with a name not used in the narrative (or a job
    title) and go on with pieces that are a team, a job, an organisation in title words or contact
    details: no clause, no first person, no field label and no address in the name."""
    rules = d.rules
    body = [(s, e) for s, e in lines if d.text[s:e].strip()]
    while body and _DEVICE_FOOTER.fullmatch(d.text[body[-1][0]:body[-1][1]]):
        body.pop()
    if not body:
        return
    block: list[tuple[int, int]] = []
    for s, e in reversed(body):
        if block and (len(block) >= _CLOSING_MAX_LINES or d.text[e:block[0][0]].count("\n") > 1):
            break
        block.insert(0, (s, e))
    # the block is the last paragraph; a long paragraph is narrative, unless its last line closes a sentence
    if len(block) == _CLOSING_MAX_LINES and d.text[:block[0][0]].strip() and \
            not _ENDS_PARAGRAPH.search(d.text[:block[0][0]]):
        block = block[-1:]
    for first in range(len(block)):
        start = block[first][0]
        line = d.text[start:block[first][1]]
        # "... wants it reported. Amrik, sewadar, Guru Nanak Gurdwara": after the last sentence of the line
        ends = list(_SENTENCE_END.finditer(line)) if first == len(block) - 1 else []
        if ends:
            start += ends[-1].end()
        before = d.text[:start]
        if not before.strip():
            continue
        after_sentence = bool(_ENDS_PARAGRAPH.search(before) or _ENDS_SENTENCE.search(before))
        if not after_sentence and not (first == len(block) - 1 and before.endswith("\n")):
            continue
        end = block[-1][1]
        if _closing_block_ok(d, start, end, after_sentence=after_sentence):
            if not d.overlaps(start, end):
                _remove_signature(d, start, end, first_reason=None)
            else:
                for a, b in d.segments_outside_edits(start, end):
                    if d.text[a:b].strip(" \t\n,|-–—"):
                        d.add(_Edit(a, b, "signoff", whole=True))
                _harvest_block(d, start, end)
            return


_POST_NOMINAL_TAIL = re.compile(r"(?:\s+(?-i:[A-Z][A-Za-z&]*[A-Z]))+$")  # "Anita Brook BVM&S MRCVS"
_KIN_WORD = re.compile(r"(?i:mum|mom|dad|nan|nana|gran|grandad|grandma|grandpa|aunt|auntie|uncle|sister|brother|"
                       r"son|daughter|cousin|partner|wife|husband|boyfriend|girlfriend|baby|child|kids?)$")


def _closing_block_ok(d: _Document, start: int, end: int, *, after_sentence: bool = True) -> bool:
    rules = d.rules
    text = d.text[start:end]
    if d.in_quote(start) or _FIRST_PERSON_WORD.search(text) or d.covered(end - 1) and d.covered(start):
        return False
    pieces: list[str] = []
    for line in text.split("\n"):
        line = _KISSES.sub("", line.strip())
        if not line:
            continue
        if _words(line) > rules.max_inline_signature_words or (_LINE_ENDS_SENTENCE.search(line)
                                                                and not rules.email.search(line)):
            return False
        if ":" in rules.email.sub("", rules.phone.sub("", line)) or "?" in line or '"' in line or "“" in line:
            return False
        pieces += _signature_pieces(rules, line)
    if len(pieces) < 2:
        return False
    head = pieces[0]
    name = _signature_name(rules, head)
    if name is None:
        bare = _POST_NOMINAL_TAIL.sub("", head)
        name = bare if bare != head and rules.name_piece.fullmatch(bare) else None
    if name is None and not (rules.signature_role.fullmatch(head) or _without_roles(rules, head).strip() == ""
                             or (all(_TITLE_WORD.match(w) for w in head.split()) and _words(head) <= 7
                                 and (rules.role_re.search(head) or rules.signature_role.search(head)))):
        return False
    if name and (_ADDRESS_WORD.search(head) or rules.org_line.search(head) or _KIN_WORD.match(name)):
        return False
    if not after_sentence and not (name and len(name.split()) == 1):
        return False  # no sentence before: only a lone first name opens it ("Pat (lollipop)")
    # the name's place in the text must not be a subject's place, vehicle or time
    head_at = d.text.find(head, start)
    if any(e.type in _SUBJECT_ENTITY_TYPES and e.start < head_at + len(head) and head_at < e.end for e in d.entities):
        return False
    evidence, strong = False, False
    for piece in pieces[1:]:
        if _is_contact_piece(rules, piece) or rules.email.search(piece):
            # a phone alone may be the subject's ("Dean Walker\n07700 900456"); an e-mail is the writer's
            if rules.email.search(piece):
                evidence = strong = True
            continue
        if _PRONOUNS.fullmatch(piece) or _is_team_or_job_piece(rules, piece):
            evidence = True
            strong = strong or bool(rules.team_piece.fullmatch(piece))
            continue
        # an age, a flat or house number or a postcode is the subject's ("Kai & Jordan, both 15",
        # "Flat 3, 4 Oak Road"); a callsign or badge number is the writer's
        if not _HAS_LETTER.search(piece) or not _CLOSING_PIECE_CHARS.fullmatch(piece) \
                or _CLAUSE_WORD.search(piece) or _HAS_DIGIT.search(piece) \
                and not _BADGE_NUMBER.fullmatch(piece):
            return False
        words = piece.split()
        if all(_TITLE_WORD.match(w) for w in words) and words[0][:1].isupper():
            if _words(piece) > 8:
                return False
            # "Redbridge Self Drive", "EDT", "Responsible Pharmacist": a name in title words or capitals
            evidence = evidence or len(words) >= 2 or bool(_ACRONYM.fullmatch(piece)) \
                or bool(rules.role_re.search(piece) or rules.signature_role.search(piece))
            continue
        # a job or team in lower or mixed case: "sewadar", "night RSW", "volunteer coach", "callsign 4417"
        if _words(piece) > 6 or (piece[:1].islower() and _words(piece) > 4):
            return False
        evidence = True
    if not evidence:
        return False
    # a name already used in the narrative is the subject's ("... Tom Reilly, Oakfield Academy"),
    # unless a team or an e-mail that only the writer has follows it
    if name and not strong and _name_used_before(rules, name, d.masked()[:start]):
        return False
    return True


# ----------------------------------------------------------------------------------------------
# A heading line made of pieces ("LAC Health - information for CPI", "EDT - OUT OF HOURS - FOR
# POLICE", "Probation - info for police - time sensitive"): a piece that names a service, team or
# job is the writer's, when another piece says what the text is (for police, a concern, info).
# ----------------------------------------------------------------------------------------------

_HEADING_SPLIT = re.compile(r"[ \t]+[-–—|/][ \t]+|[ \t]*\|[ \t]*|\*\*")
# what a heading says the text is: "information for CPI", "info for police", "concern form"
_HEADING_PURPOSE = re.compile(
    r"\b(?:for\s+(?:the\s+)?(?:police|cpi|info(?:rmation)?|your\s+info(?:rmation)?|awareness|the\s+log)|"
    r"info(?:rmation)?(?:\s+only)?|intel(?:ligence)?|fyi|urgent|not\s+urgent|non[\s-]urgent|time[\s-]sensitive|"
    r"please\s+(?:read|action|treat)|concern(?:s)?(?:\s+form)?|referral|safeguarding\s+(?:share|concern|info(?:rmation)?)|"
    r"share|cpi|submission|extract\s+for\s+police|out\s+of\s+hours|misper)\b", re.IGNORECASE)
# topic acronyms that name what happened, not who writes: "ASB - info for police"
_TOPIC_ACRONYM = re.compile(r"(?-i:ASB|CSE|CCE|CSA|DA|DV|FGM|HBA|MSHT|MISPER|FYI|CPI|NFA|RE|FW|FWD|NB|PLS|ASAP|"
                            r"OCG|UPDATE|URGENT|INFO|INTEL|NOTE|LOG|GUN|KNIFE|HIGH|LOW|RISK|SOS)")


def _remove_heading_units(d: _Document, lines: list[tuple[int, int]]) -> None:
    rules = d.rules
    first = next(((s, e) for s, e in lines if d.text[s:e].strip()), None)
    if first is None:
        return
    start, end = first
    line = d.text[start:end]
    if _words(line) > 16 or _ENDS_SENTENCE.search(line.rstrip("*! ")) and not line.rstrip().endswith("!"):
        return
    # split by the heading separators, keeping offsets
    cuts, pos = [], 0
    for m in _HEADING_SPLIT.finditer(line):
        cuts.append((pos, m.start()))
        pos = m.end()
    cuts.append((pos, len(line)))
    pieces = [(a + len(line[a:b]) - len(line[a:b].lstrip()), a + len(line[a:b].rstrip())) for a, b in cuts if line[a:b].strip()]
    if len(pieces) < 2 or not any(_HEADING_PURPOSE.search(line[a:b]) for a, b in pieces):
        return
    units = [k for k, (a, b) in enumerate(pieces) if _is_heading_unit(d, start + a, start + b)]
    runs: list[list[int]] = []
    for k in units:
        if runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)  # "DUTY - CHILDREN'S SERVICES": unit pieces in a row are one span
        else:
            runs.append([k])
    for run in runs:
        i, j = run[0], run[-1]
        # the separator goes with the unit: "LAC Health - information for CPI" -> "information for CPI"
        a = pieces[i][0] if i == 0 else pieces[i - 1][1]
        b = pieces[j + 1][0] if i == 0 and j + 1 < len(pieces) else pieces[j][1]
        if not d.overlaps(start + a, start + b):
            d.add(_Edit(start + a, start + b, "role", whole=True))
            _add_roles(d, line[a:b])


def _is_heading_unit(d: _Document, a: int, b: int) -> bool:
    rules = d.rules
    piece = d.text[a:b].strip(" \t:;,*!")
    if not piece or _words(piece) > 5 or _NOT_A_HEADING_NAME.search(piece) or _HEADING_PURPOSE.search(piece) \
            or _FIRST_PERSON_WORD.search(piece) or d.covered(a):
        return False
    if any(e.type in {"PERSON"} | (_SUBJECT_ENTITY_TYPES - {"LOCATION", "FAC", "GPE", "LOC"})
           and e.start < b and a < e.end for e in d.entities):
        return False
    words = piece.split()
    # "EDT", "HIWFRS", "OOH dental": an acronym of a service (not a topic: "ASB", "CSE")
    acronym = _ACRONYM.fullmatch(words[0]) and not _TOPIC_ACRONYM.fullmatch(words[0]) \
        and (len(words[0]) <= 3 or len(re.findall(r"[AEIOU]", words[0])) <= 1)
    if acronym and len(words) <= 2:
        return True
    if "," in piece or _CLAUSE_WORD.search(piece):
        return False
    if rules.role_re.search(piece) or rules.signature_role.search(piece) or rules.team_piece.search(piece):
        return True
    if _ADDRESS_WORD.search(piece):
        return False
    # an organisation word names the writer's service, not the scene ("GARAGES BEHIND TRINITY PARADE")
    place = any(e.type in ("LOCATION", "GPE", "LOC", "FAC") and e.start < b and a < e.end for e in d.entities)
    return not place and bool(rules.org_line.search(piece) or rules.lower_org_word.search(piece.lower()))


# the writer's pronouns after the name in a signature: "Sam (they/them)", "Jo - she/her"
_PRONOUNS = re.compile(r"(?i:(?:she|he|they|ze|xe)\s*/\s*(?:her|him|them|hers|his|theirs|zir|hir|xem)(?:\s*/\s*\w{2,6})?)")


def _is_team_or_job_piece(rules: SourceRules, piece: str) -> bool:
    """ "detached team", "safeguarding admin", "asst mgr", "breakfast & after-school club": a team,
    service or job written in lower case after the name (short, and holding a team word, an
    organisation word or a job-title head)."""
    if rules.team_piece.fullmatch(piece):
        return True
    return _words(piece) <= 4 and not _FIRST_PERSON_WORD.search(piece) and bool(rules.lower_org_word.search(piece)) \
        and bool(re.fullmatch(r"[\w'’&+/ -]+", piece))


def _signature_pieces(rules: SourceRules, body: str) -> list[str]:
    """The pieces of a sign-off line; a phone number written straight after an organisation
    ("Pawfect Mobile Grooming 07700 900 019") is a piece of its own."""
    pieces = []
    for p in _SIGNATURE_SPLIT.split(body):
        p = re.sub(r"^[-–—]+\s*", "", (p or "").strip())  # "Rhiannon (SW) - 07700 900264": the dash after a bracket
        if not p:
            continue
        contact = rules.trailing_contact.search(p)
        if contact and p[:contact.start()].strip():
            pieces += [p[:contact.start()].strip(), contact.group("c").strip()]
        else:
            pieces.append(p)
    return pieces


def _without_roles(rules: SourceRules, piece: str) -> str:
    """The piece with its job titles blanked out ("Recovery Worker" as listed, "Practitioner" in capitals)."""
    rest = piece
    for written in (piece, piece.lower()):
        for m in rules.role_re.finditer(written):
            # a whole word only: "Mentor" is not a job title inside "Mentoring"
            if len(written) == len(piece) and not written[m.end():m.end() + 1].isalnum() \
                    and not written[max(m.start() - 1, 0):m.start()].isalnum():
                rest = rest[:m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
    for m in rules.signature_role.finditer(piece):  # "Independent Visitor", "SHIFT LEAD"
        rest = rest[:m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
    return rest


def _signature_name(rules: SourceRules, piece: str) -> str | None:
    """The name opening a signature: "Jo Bloggs", "Dr A. Whitcombe", "Watch Manager S. Kaur" (a job
    title before the name), "jo"; "" for a job title alone ("Community Midwife"); None otherwise."""
    if rules.name_piece.fullmatch(piece):
        return piece
    if re.fullmatch(r"(?-i:[a-z]{2,12})", piece):
        return piece
    rest = _without_roles(rules, piece)
    tail = rest.strip()
    if rest == piece or not all(_TITLE_WORD.match(w) for w in tail.split()):
        return None
    if rest.rstrip() != rest:
        return "" if len(tail.split()) <= 2 else None  # "Community Midwife", "Senior Youth Worker"
    if rest[:1].isspace() and rules.name_piece.fullmatch(tail):
        return tail  # "Watch Manager S. Kaur"
    return None


def _is_contact_piece(rules: SourceRules, piece: str) -> bool:
    return bool(rules.phone.fullmatch(piece) or rules.email.fullmatch(piece)
                or (piece.strip() and rules.signature_contact.fullmatch(piece)))


def _ends_after_line(d: _Document, pos: int) -> bool:
    """The line before pos closes the narrative (a sentence end or a valediction line)."""
    before = d.text[:pos].rstrip()
    if not before:
        return False
    last_line = before.rsplit("\n", 1)[-1]
    return bool(re.search(r"[.!?][\"”’')]*$", before)) or bool(d.rules.valediction.match(last_line)) \
        or d.covered(len(before) - 1)


def _remove_signature(d: _Document, start: int, end: int, first_reason: str | None) -> None:
    """One removal per signature line, each with the reason its content gives (name, role,
    contact); the valediction line is the sign-off itself."""
    pos = start
    for i, line in enumerate(d.text[start:end].split("\n")):
        line_end = pos + len(line)
        if line.strip():
            reason = first_reason if i == 0 and first_reason else _reason_for_signature_line(d, line)
            if d.rules.disclaimer.match(line):
                reason = "signoff"
            for part in _split_around_removals(d, [_Edit(pos, line_end, reason, whole=True)]):
                d.add(part)
        pos = line_end + 1
    _harvest_block(d, start, end)


def _harvest_block(d: _Document, start: int, end: int) -> None:
    """Record the reporter's details found in a signature/field block, to find them elsewhere."""
    block = d.text[start:end]
    rep, rules = d.reporter, d.rules
    rep.phones.update(p for p in (_phone_digits(m.group(0)) for m in rules.phone.finditer(block)) if p)
    rep.emails.update(m.group(0).lower() for m in rules.email.finditer(block))
    _add_roles(d, block)
    for ent in d.entities:
        if start <= ent.start and ent.end <= end:
            value = d.text[ent.start:ent.end].split("\n")[0]
            if ent.type == "PERSON" and _is_full_name(d, value):
                rep.names.add(value)
            elif ent.type in ("ORG", "ORGANIZATION") and not rules.canonical_roles(value):
                rep.orgs.add(value)
    for line in block.split("\n"):
        line = re.sub(r"^\s*[-–—]+\s*", "", line)
        value = re.sub(r"^[^:\n]*:\s*", "", line) if ":" in line else line
        value = re.split(r"\s*[,(|]\s*", value.strip())[0] if value.strip() else ""
        if value and rules.name_line.match(value) and _is_full_name(d, value) \
                and not rules.role_re.search(value) and not rules.org_line.search(value) \
                and not rules.valediction.match(value):
            rep.names.add(value.strip())
        for part in re.split(r"\s*[,|]\s*", line):
            if rules.org_line.search(part) and not rules.phone.search(part) and not rules.role_re.search(part) \
                    and _words(part) <= 6:
                rep.orgs.add(part.strip())
                kind = rules.workplace_kind(part)
                if kind:
                    rep.kinds.add(kind)


def _is_full_name(d: _Document, value: str) -> bool:
    """Two or more words, or a title and a surname: safe to look for elsewhere in the text."""
    value = value.strip()
    return len(value.split()) >= 2 and bool(re.match(r"[A-Z]", value)) and not d.rules.role_re.fullmatch(value)


def _add_roles(d: _Document, text: str) -> None:
    for role in d.rules.canonical_roles(text):
        d.reporter.roles.add(role)
        d.reporter.kinds.add(d.rules.role_kind(role))


# ----------------------------------------------------------------------------------------------
# Stages 2-4: phrase rules from YAML
# ----------------------------------------------------------------------------------------------

def _apply_rules(d: _Document, rules: Sequence[PhraseRule]) -> None:
    """Match each rule in each sentence; accept the best non-overlapping candidates."""
    masked = d.masked()
    candidates = []
    for unit, unit_text, order, rule in _rules_by_unit(d, masked, rules):
        for m in rule.regex.finditer(unit_text):
            if m.end() == m.start():
                continue
            start = unit.start + m.start()
            if d.in_quote(start) or d.covered(start):
                continue
            position = _clause_position(d, masked, unit, start)
            if rule.at == "clause_start" and position is None:
                continue
            edits = _split_around_removals(d, _edits_for(d, rule, m, unit, start, position == "sentence"))
            if edits:
                candidates.append((order, -(m.end() - m.start()), start, rule, edits, m))
    for _, _, _, rule, edits, m in sorted(candidates, key=lambda c: c[:3]):
        if any(d.overlaps(e.start, e.end) for e in edits):
            continue
        if rule.scope == "match" and any(d.touches_subject(e.start, e.end, occasion=True) for e in edits):
            continue  # never cut into a subject entity
        for e in edits:
            d.add(e)
        if rule.flag:
            unit = d.unit_of(edits[0].start)
            if unit:
                d.flag(unit.start, unit.end, rule.flag)
        _harvest_match(d, rule, m, edits)


def _rules_by_unit(d: _Document, masked: str, rules: Sequence[PhraseRule]):
    """(unit, unit text, order, rule) for each sentence and each rule that could match it.

    Cheap tests before any rule's regex: the literal words the rule needs (one scan of the whole
    text per word list, see pipeline/prefilter.py), then its `requires` regex on the sentence."""
    folded = masked.casefold()
    by_unit: dict[int, list[tuple[int, PhraseRule]]] = {}
    if len(folded) == len(masked):  # case folding kept the offsets: locate the words once
        starts, ends = [u.start for u in d.units], [u.end for u in d.units]
        for order, rule in enumerate(rules):
            for i in rule.prefilter.possible_units(folded, starts, ends) or ():
                by_unit.setdefault(i, []).append((order, rule))
    else:  # rare ("ß" folds to "ss"): test each sentence on its own
        for i, unit in enumerate(d.units):
            unit_folded = masked[unit.start:unit.end].casefold()
            by_unit[i] = [(order, rule) for order, rule in enumerate(rules)
                          if rule.prefilter.could_match(unit_folded)]
    for i in sorted(by_unit):
        unit = d.units[i]
        unit_text = masked[unit.start:unit.end]
        for order, rule in by_unit[i]:
            if rule.requires is None or rule.requires.search(unit_text):
                yield unit, unit_text, order, rule


def _split_around_removals(d: _Document, edits: Sequence[_Edit]) -> list[_Edit]:
    """A match may run across text an earlier stage removed ("I overheard [in the staff room]
    that"): edit only the parts still there; the replacement goes in the first part."""
    out: list[_Edit] = []
    for e in edits:
        parts = d.segments_outside_edits(e.start, e.end) if e.end > e.start else [(e.start, e.end)]
        if not parts:
            return []
        for i, (s, t) in enumerate(parts):
            first = i == 0
            out.append(_Edit(s, t, e.reason, e.replacement if first else "", cased=e.cased and first,
                             whole=e.whole and len(parts) == 1, clause=e.clause))
    return out


def _clause_position(d: _Document, masked: str, unit: _Unit, pos: int) -> str | None:
    """'sentence' at the (effective) start of a sentence, 'clause' after , ; : or "and",
    None mid-clause. Removed text before the position counts as absent."""
    before = masked[unit.start:pos].replace("\x00", "X").rstrip()
    if not before.strip(" -–—•*(\"'“‘"):
        return "sentence"
    if before[-1] in ",;:(–—-":
        return "clause"
    if d.rules.clause_word.search(before):
        return "clause"
    if d.rules.time_opener.search(before.lstrip()) or d.rules.time_tail.search(before):
        return "clause"  # "Yesterday I saw him", "On 14/03 I noticed": the pronoun opens the clause
    if any(e.type in _TIME_TYPES and e.end == unit.start + len(before) for e in d.entities):
        return "clause"
    return None


def _edits_for(d: _Document, rule: PhraseRule, m: re.Match, unit: _Unit, start: int,
               at_sentence_start: bool) -> list[_Edit]:
    offset = unit.start
    end = offset + m.end()
    reason = _rule_reason(rule, d.text[start:end])
    if rule.scope == "sentence":
        return [_Edit(unit.start, unit.end, reason, whole=True)]
    if rule.scope == "statement":
        s, e = _statement_bounds(d, unit, start, end)
        kept = _after_subject_clause(d, s, start)
        if kept != s and s == unit.start and e > kept and d.text[e - 1] in ".;!?:":
            e -= 1  # the kept clause keeps the full stop
        s = kept
        whole = s == unit.start and e == unit.end
        return [_Edit(s, e, reason, whole=whole)]
    if rule.scope == "field":
        return _field_value_edits(d, start, end, reason)
    if rule.scope == "clause":
        e = _clause_end(d, unit, end)
        # "I am a key worker looking after Anh Tran and her baby": the clause stops before the person
        # the reporter works with, who is the subject (the reporter's own name is inside the match)
        # likewise before a place or time the clause goes on to ("the letting agent for 58 Gorse Lane",
        # "a hotel in Bournemouth", "the guard on the 14:12"), not the workplace itself ("at Oakfield Academy")
        for ent in sorted(d.entities, key=lambda x: x.start):
            if not (end <= ent.start < e and d.is_subject_entity(ent)) or ent.type in ("ORG", "ORGANIZATION") \
                    or d.rules.org_line.search(d.text, ent.start, ent.end):
                continue  # "a housing officer for Harbour Homes": the employer is the reporter's
            lead = _SUBJECT_OF_ROLE if ent.type == "PERSON" else _PLACE_AFTER_ROLE
            if lead.search(d.text, start, ent.start):
                e = ent.start
                break
        whole = start == unit.start and e == unit.end
        return [_Edit(start, e, reason, whole=whole, clause=True)]
    pieces = rule.replace if at_sentence_start or rule.replace_inline is None else rule.replace_inline
    return _render(d, pieces, m, offset, reason)


def _field_value_edits(d: _Document, label_start: int, label_end: int, reason: str) -> list[_Edit]:
    """A form field that asks how the reporter knows ("HOW KNOWN:", "How did you become aware?:"):
    the label and its whole value, to the end of the line, go as how it was learnt, except the
    times and places in the value, which stay; where the value names a subject, only the label goes."""
    text = d.text
    while label_start < label_end and text[label_start].isspace():
        label_start += 1
    line_end = text.find("\n", label_end)
    line_end = len(text) if line_end < 0 else line_end
    kept = sorted((e for e in d.entities if label_end <= e.start and e.end <= line_end and d.is_subject_entity(e)),
                  key=lambda e: e.start)
    edits, pos = [_Edit(label_start, label_end, reason)], label_end
    if any(e.type == "PERSON" for e in kept):
        return edits  # "Source of information: Tyler's mum Kerry Dean": who told is also a subject; only the label goes
    for bound, resume in [(e.start, e.end) for e in kept] + [(line_end, line_end)]:
        piece = text[pos:bound]
        lead, trail = len(piece) - len(piece.lstrip()), len(piece) - len(piece.rstrip(" \t([,;"))
        s, e = pos + lead, bound - trail
        if e > s and any(ch.isalnum() for ch in text[s:e]):
            edits.append(_Edit(s, e, reason))
        pos = max(pos, resume)
    return edits


def _after_subject_clause(d: _Document, s: int, start: int) -> int:
    """ "Son Graham Winship (07700 900352) knows and asked us to pass it on": a statement whose own
    clause before the match names a subject entity keeps that clause; the removal starts at the
    conjunction that joins the two, and the sentence is flagged."""
    last = max((ent.end for ent in d.entities if s <= ent.start and ent.end <= start
                and d.is_subject_entity(ent) and ent.type not in ("ORG", "ORGANIZATION")), default=None)
    if last is None:
        return s
    joins = list(_JOIN.finditer(d.text, last, start + 1))
    if not joins:
        return s
    d.flag(s, start, "source_statement_names_subject")
    return joins[-1].start()


_JOIN = re.compile(r"\s+(?:and|but|so|then)\s+(?=\S)", re.IGNORECASE)


def _rule_reason(rule: PhraseRule, matched: str) -> str:
    if rule.reason != "subject":
        return rule.reason
    return "first_person" if _FIRST_PERSON_WORD.search(matched) else "role"


_FIRST_PERSON_WORD = re.compile(r"\b(?:I|me|my|mine|myself|we|us|our|ours|ourselves)\b|\bI['’]", re.IGNORECASE)


# A full stop ends a statement unless it closes "Dr." or an initial ("J. Smith").
_FULL_STOP = r"(?<!\b[A-Z][a-z])(?<!\b[A-Z])\.(?=\s|$)"
_STATEMENT_END = re.compile(rf"[;!?]|:(?!\d)|{_FULL_STOP}")  # not the colon of "14:12"
_CLAUSE_END = re.compile(
    rf"\s*(?:[,;!?(\n]|:(?!\d)|{_FULL_STOP})|\s+(?:and|but|so|because|although|though|while|whilst)\s|\s+[-–—]\s"
)


_SUBJECT_OF_ROLE = re.compile(r"\b(?:for|with|to|of|after|about|regarding|re|supporting|support|supports)\s+$",
                              re.IGNORECASE)


_PLACE_AFTER_ROLE = re.compile(r"\b(?:for|in|on|near|covering|outside|of)\s+(?:the\s+)?$", re.IGNORECASE)


def _statement_bounds(d: _Document, unit: _Unit, start: int, end: int) -> tuple[int, int]:
    text = d.text
    s = start
    while s > unit.start and text[s - 1] not in ",;:":
        s -= 1
    while s < start and text[s].isspace():
        s += 1
    m = _STATEMENT_END.search(text, end, unit.end)
    if not m:
        return s, unit.end
    # a trailing statement goes without its full stop: the sentence before it keeps it
    return s, (m.end() if s == unit.start else m.start())


def _clause_end(d: _Document, unit: _Unit, pos: int) -> int:
    m = _CLAUSE_END.search(d.text, pos, unit.end)
    return m.start() if m else unit.end


def _render(d: _Document, pieces: Sequence[_Piece], m: re.Match, offset: int, reason: str) -> list[_Edit]:
    """Turn a template into edits; groups kept verbatim stay outside the edits."""
    edits: list[_Edit] = []
    cursor, buf = offset + m.start(), []
    first_is_text = bool(pieces) and (pieces[0].kind == "text" or _table_hit(d, pieces[0], m))

    def emit(until: int) -> None:
        replacement = "".join(buf)
        if until > cursor or replacement:
            if d.text[cursor:until] != replacement:
                edits.append(_Edit(cursor, until, reason, replacement, cased=not edits and first_is_text))

    for piece in pieces:
        if piece.kind == "text":
            buf.append(piece.value)
        elif piece.kind == "to":
            buf.append(" to" if _bare_verb_follows(d, offset + m.end()) else "")
        else:
            value = m.group(piece.value)
            if value is None:
                continue
            hit = _table_value(d, piece, value)
            if hit is not None:
                buf.append(hit)
                continue
            gs, ge = offset + m.start(piece.value), offset + m.end(piece.value)
            if gs < cursor:
                buf.append(value)
                continue
            emit(gs)
            cursor, buf = ge, []
    emit(offset + m.end())
    return edits


def _table_value(d: _Document, piece: _Piece, value: str) -> str | None:
    if piece.table is None:
        return None
    if piece.table == _SAME_TABLE:
        return value  # the words stay as written, but inside the edit ("disclosed to me" -> "disclosed")
    table = d.rules.tables[piece.table]
    return table.get(_norm(value), table.get("_default"))


def _table_hit(d: _Document, piece: _Piece, m: re.Match) -> bool:
    if piece.kind != "group" or m.group(piece.value) is None:
        return False
    return _table_value(d, piece, m.group(piece.value)) is not None


def _bare_verb_follows(d: _Document, pos: int) -> bool:
    """After "he was seen": "get into a car" needs "to"; "at the park" or "getting in" do not."""
    m = _NEXT_WORD.match(d.text, pos)
    if not m:
        return False
    tag = d.tag_at(m.start(1))
    if tag:
        return tag == "VB"
    word = m.group(1)
    return not (word.lower() in d.rules.no_infinitive or word.lower().endswith("ing") or word[0].isupper())


def _harvest_match(d: _Document, rule: PhraseRule, m: re.Match, edits: Sequence[_Edit]) -> None:
    """Self-identification and provenance tell us the reporter's name, role and organisation."""
    groups = m.groupdict()
    if groups.get("name") and _is_full_name(d, groups["name"]):
        d.reporter.names.add(groups["name"].strip())
    if rule.section in ("self_identification", "provenance", "lead_ins"):
        for e in edits:
            _add_roles(d, d.text[e.start:e.end])
            for ent in d.entities:
                value = d.text[ent.start:ent.end]
                if ent.type in ("ORG", "ORGANIZATION") and e.start <= ent.start and ent.end <= e.end \
                        and rule.section == "self_identification" and not d.rules.canonical_roles(value):
                    d.reporter.orgs.add(value)
            kind = d.rules.workplace_kind(d.text[e.start:e.end]) if rule.section == "self_identification" else None
            if kind:
                d.reporter.kinds.add(kind)


# ----------------------------------------------------------------------------------------------
# Reporter details given on the form, or learnt from the text
# ----------------------------------------------------------------------------------------------

def _read_reporter_form(d: _Document, reporter: Mapping[str, str] | None) -> None:
    for key, value in (reporter or {}).items():
        value = str(value or "").strip()
        if not value:
            continue
        kind = _form_kind(d.rules, key)
        rep = d.reporter
        if kind == "contact":
            digits = _phone_digits(value)
            if digits:
                rep.phones.add(digits)
            elif "@" in value:
                rep.emails.add(value.lower())
            else:
                rep.orgs.add(value)
        elif kind == "organisation":
            rep.orgs.add(value)
            if d.rules.workplace_kind(value):
                rep.kinds.add(d.rules.workplace_kind(value))
        elif kind == "role":
            roles = d.rules.canonical_roles(value) or d.rules.canonical_roles(value.lower())
            for role in roles:
                rep.roles.add(role)
                rep.kinds.add(d.rules.role_kind(role))
            rep.literal_roles.add(value)
        else:
            rep.names.add(value)


def _form_kind(rules: SourceRules, key: str) -> str:
    key = key.lower()
    for kind in ("contact", "organisation", "role", "name"):
        if any(word in key for word in rules.reporter_form.get(kind, ())):
            return kind
    return "name"  # unknown reporter detail: remove it like a name rather than keep it


def _remove_reporter_values(d: _Document) -> None:
    """Every other occurrence of the reporter's name, phone, e-mail, role or organisation."""
    rep, text, person = d.reporter, d.text, d.rules.placeholders["person"]
    for name in sorted(rep.names, key=len, reverse=True):
        for regex in _name_patterns(d, name):
            for m in regex.finditer(text):
                _add_value_edit(d, m.start(), m.end(), "reporter_name", person)
    for m in d.rules.phone.finditer(text):
        if _phone_digits(m.group(0)) in rep.phones:
            _add_value_edit(d, m.start(), m.end(), "contact", "")
    for m in d.rules.email.finditer(text):
        if m.group(0).lower() in rep.emails:
            _add_value_edit(d, m.start(), m.end(), "contact", "")
    for role in sorted(rep.literal_roles, key=len, reverse=True):
        # only with a determiner: "the attendance officer", never the surname in "Tom Nurse"
        for m in re.finditer(rf"\b(?:the|a|an|his|her|their)\s+{_flexible(role)}\b", text, re.IGNORECASE):
            _add_value_edit(d, m.start(), m.end(), "role", person)
    for org in sorted(rep.orgs, key=len, reverse=True):
        for m in re.finditer(rf"\b{_flexible(org)}\b", text, re.IGNORECASE):
            if d.covered(m.start()) or d.in_quote(m.start()):
                continue
            if d.rules.locative_before.search(text[max(0, m.start() - 40):m.start()]):
                d.flag(m.start(), m.end(), "workplace_also_event_location")
            else:
                _add_value_edit(d, m.start(), m.end(), "role", d.rules.placeholders["organisation"])


def _name_patterns(d: _Document, name: str) -> list[re.Pattern]:
    patterns = [re.compile(rf"(?<![\w-]){_flexible(name)}(?![\w-])", re.IGNORECASE)]
    parts = name.split()
    if len(parts) >= 2:
        surname = parts[-1]
        patterns.append(re.compile(rf"\b{d.rules.titles}\s+{re.escape(surname)}\b", re.IGNORECASE))
    return patterns


def _flexible(value: str) -> str:
    return r"\s+".join(re.escape(p) for p in value.split())


def _add_value_edit(d: _Document, start: int, end: int, reason: str, replacement: str) -> None:
    if d.in_quote(start) or d.overlaps(start, end):
        return
    d.add(_Edit(start, end, reason, replacement, cased=bool(replacement)))


# ----------------------------------------------------------------------------------------------
# Stage 5: role mentions, remaining first person, workplaces
# ----------------------------------------------------------------------------------------------

def _resolve_role_mentions(d: _Document) -> None:
    masked = d.masked()
    for m in d.rules.role_mention.finditer(masked):
        start, end = m.start(), m.end()
        if d.in_quote(start) or d.overlaps(start, end) or d.touches_subject(start, end):
            continue
        roles = d.rules.canonical_roles(m.group(0))
        if roles & d.reporter.roles:
            d.add(_Edit(start, end, "role", d.rules.placeholders["person"], cased=True))
        elif not d.reporter.roles:
            d.flag(start, end, "role_may_be_reporter")


_PRONOUN = re.compile(
    r"(?<![\w'’.@/])(?P<p>I(?:['’](?:m|ve|d|ll))?|i|me|my|mine|myself"
    r"|we(?:['’](?:re|ve|d|ll))?|us|our|ours|ourselves"
    # "im", "ive" typed without the apostrophe (not "IM" as in an intramuscular injection)
    r"|(?-i:[Ii](?:m|ve))(?=\s+(?-i:[a-z])))(?![\w'’@]|\.\w)",
    re.IGNORECASE,
)
_BARE_CONTRACTION = {"im": "'m", "ive": "'ve"}
_REPORTER_SPEAKS = re.compile(
    r"(?<![\w'’])(?:I|we)(?:['’](?:ve|d))?(?:\s+(?:have|had|has|also|then|already|previously|recently|never|just))*$",
    re.IGNORECASE,
)
_SUBJECT = {"i", "we"}
_OBJECT = {"me", "us", "myself", "ourselves"}
_POSSESSIVE = {"my", "our"}
_STANDALONE_POSSESSIVE = {"mine", "ours"}
_WE_WORDS = {"we", "us", "our", "ours", "ourselves"}


def _resolve_first_person(d: _Document) -> None:
    """First-person words no template handled: rewrite neutrally, or flag if not the reporter's."""
    masked = d.masked()
    for unit in d.units:
        flagged_action = False
        for m in _PRONOUN.finditer(masked, unit.start, unit.end):
            word = m.group("p")
            start, end = m.start(), m.end()
            if d.in_quote(start) or d.covered(start) or _is_not_pronoun(word, d.text, start, end) \
                    or any(e.start <= start < e.end for e in d.entities):
                continue
            base = re.split(r"['’]", word.lower())[0]
            speech = _reported_speech_before(d, masked, unit, start, base)
            if speech:
                family = base in _WE_WORDS and d.rules.family.search(masked[unit.start:start])
                d.flag(start, end, "we_may_be_family" if family else "first_person_in_reported_speech")
                continue
            edit = _neutral_pronoun_edit(d, m, base)
            if edit and d.add(edit) and not flagged_action:
                d.flag(unit.start, unit.end, "reporter_action_kept")
                flagged_action = True


_COORDINATED_VERB = re.compile(
    r"\s+(?:and|but)\s+(?:(?:also|then|now|still|just|already)\s+)?(?P<v>am|are|have|were)\b", re.IGNORECASE)
_NEW_SUBJECT = re.compile(r"[,;:.!?\"“]|\b(?:I|we|you|he|she|they|it|there|who|which|that)\b", re.IGNORECASE)


def _agree_coordinated_verbs(d: _Document) -> None:
    """After "I" became "a third party", a second verb of the same subject follows it: "A third
    party has called 999 but am also sharing this" -> "... but is also sharing this"."""
    person = d.rules.placeholders["person"].lower()
    for e in list(d.edits):
        if not e.replacement.lower().startswith(person):
            continue
        unit = d.unit_of(e.start)
        if unit is None:
            continue
        for m in _COORDINATED_VERB.finditer(d.text, e.end, unit.end):
            if _NEW_SUBJECT.search(d.text, e.end, m.start()) or d.overlaps(m.start("v"), m.end("v")):
                break
            verb = d.rules.third_person_verbs.get(m.group("v").lower())
            if verb:
                d.add(_Edit(m.start("v"), m.end("v"), "first_person", verb))
            break


def _is_not_pronoun(word: str, text: str, start: int, end: int) -> bool:
    """'US' and 'ME' in capitals are a country and an illness, unless the whole text shouts;
    "I." between two names is an initial ("Hanne I. Kreutzmann")."""
    if word.isupper() and word.lower() in {"us", "me", "my"} and not text.isupper():
        return True
    return word == "I" and bool(_INITIAL_BEFORE.search(text, 0, start)) and bool(_INITIAL_AFTER.match(text, end))


_INITIAL_BEFORE = re.compile(r"\b[A-Z][a-z]+\s+$")
_INITIAL_AFTER = re.compile(r"\.\s*[A-Z][a-z]+")


def _reported_speech_before(d: _Document, masked: str, unit: _Unit, pos: int, base: str) -> bool:
    """Is the pronoun inside someone else's unquoted words ("he said I owe them")?"""
    before = masked[unit.start:pos]
    verbs = list(d.rules.speech_verb.finditer(before))
    if not verbs:
        return False
    last = verbs[-1]
    between = before[last.end():]
    if base not in _SUBJECT and re.fullmatch(r"\s*(?:(?:to|with|in)\s+)?", between):
        return False  # "asked me", "said to us": the reporter was spoken to
    # Unquoted words follow the verb at once ("he said I owe them", "mum said that we are scared").
    # After a new clause ("nobody has reported anything and we have not seen it") or a longer
    # indirect report ("she says the car is lent to her brother, who I have seen dealing") the
    # pronoun is the reporter's again - unless an earlier pronoun already opened the quoted words.
    if not _PRONOUN.search(between):
        words = re.sub(r"^\s*[,:]", "", between)
        if _CLAUSE_BREAK.search(words) or len(re.findall(r"[\w'’-]+", words)) > _MAX_WORDS_TO_SPEECH:
            return False
    # "I said" / "we told" is the reporter speaking; an edit right before the verb was a rewrite of it
    lead = before[:last.start()].rstrip()
    if _REPORTER_SPEAKS.search(lead) or lead.endswith("\x00"):
        return False
    return True


_CLAUSE_BREAK = re.compile(r"[,;()]|\b(?:and|but|so|because|although|though|while|whilst|who|whom|which|where|when)\b",
                           re.IGNORECASE)
_MAX_WORDS_TO_SPEECH = 4


def _neutral_pronoun_edit(d: _Document, m: re.Match, base: str) -> _Edit | None:
    placeholder = d.rules.placeholders
    start, end = m.start(), m.end()
    word = m.group("p")
    if base in _BARE_CONTRACTION:
        verb = d.rules.third_person_verbs.get(_BARE_CONTRACTION[base], "")
        return _Edit(start, end, "first_person", f"{placeholder['person']} {verb}".rstrip(), cased=True)
    if base in _SUBJECT:
        contraction = re.split(r"['’]", word, maxsplit=1)
        if len(contraction) == 2:
            verb = d.rules.third_person_verbs.get("'" + contraction[1].lower(), contraction[1])
            return _Edit(start, end, "first_person", f"{placeholder['person']} {verb}", cased=True)
        return _subject_edit(d, start, end)
    if base in {"myself", "ourselves"} and not re.search(r"\b(?:to|for|by|with|at|of|about)\s+$", d.text[:start],
                                                         re.IGNORECASE):
        return _Edit(start, end, "first_person", "")  # emphatic: "I haven't seen it myself"
    if base in _OBJECT:
        return _Edit(start, end, "first_person", placeholder["person"], cased=True)
    if base in _POSSESSIVE:
        return _possessive_edit(d, start, end)
    if base in _STANDALONE_POSSESSIVE:
        return _Edit(start, end, "first_person", placeholder["person"] + "'s", cased=True)
    return None


def _possessive_edit(d: _Document, start: int, end: int) -> _Edit:
    """ "told our optom he ..." -> "told a third party he ...": the noun phrase after "my"/"our"
    names the reporter's colleague, service or thing, so it goes too - unless it is kin, a body
    part or a feeling ("my mum", "our worry"), or a subject entity ("our Mason (Y6)"). An entity
    may open the phrase as a modifier ("our Instagram inbox"); one later in it ends the phrase
    ("my patient Jo Bloggs" -> "the Jo Bloggs" is left to the templates)."""
    placeholder = d.rules.placeholders
    fallback = _Edit(start, end, "first_person", placeholder["possessive"], cased=True)
    m = d.rules.possessed_np.match(d.text, end)
    if not m:
        return fallback
    np_start = _skip_space(d.text, end, m.end())
    np_end = m.end()
    for ent in d.entities:
        if not (ent.start < np_end and np_start < ent.end) or not d.is_subject_entity(ent):
            continue
        if ent.start <= np_start and (ent.end >= np_end or ent.type not in _MODIFIER_ENTITY_TYPES):
            return fallback  # the whole phrase is the entity: "our Mason"
        if ent.start > np_start:
            np_end = min(np_end, ent.start)
    phrase = d.text[np_start:np_end].rstrip()
    if not phrase or d.rules.possessed_kept.search(phrase) or d.overlaps(start, np_start + len(phrase)):
        return fallback
    who = placeholder["person"] if d.rules.possessed_person.search(phrase) else placeholder["organisation"]
    return _Edit(start, np_start + len(phrase), "first_person", who, cased=True)


# entities that can open a possessed phrase as a modifier: "our Instagram inbox", "our Thursday session"
_MODIFIER_ENTITY_TYPES = {"ORGANIZATION", "LOCATION", "DATE_TIME", "ORG", "PRODUCT", "DATE", "TIME", "NORP", "FAC", "GPE", "LOC"}


_NEXT_WORD = re.compile(r"\s+([A-Za-z'’-]+)")
_PREVIOUS_WORD = re.compile(r"\b([A-Za-z]+)\s+$")


def _subject_edit(d: _Document, start: int, end: int) -> _Edit:
    """ "I think" -> "a third party thinks"; "we were" -> "a third party was"."""
    person = d.rules.placeholders["person"]
    before = _PREVIOUS_WORD.search(d.text, 0, start)
    if before and before.group(1).lower() in d.rules.inverting_words:
        return _Edit(start, end, "first_person", person, cased=True)  # "Could I ...?": verb stays
    adverbs = d.rules.subject_adverbs.match(d.text, end)
    m = _NEXT_WORD.match(d.text, adverbs.end())
    if not m or d.overlaps(start, m.end()) or d.in_quote(m.start(1)):
        return _Edit(start, end, "first_person", person, cased=True)
    verb = m.group(1)
    third = _third_person(d, verb, m.start(1))
    if third == verb:
        return _Edit(start, end, "first_person", person, cased=True)
    return _Edit(start, m.end(), "first_person", f"{person}{adverbs.group(0)} {third}", cased=True)


def _third_person(d: _Document, verb: str, pos: int) -> str:
    low = verb.lower()
    if low in d.rules.third_person_verbs:
        return d.rules.third_person_verbs[low]
    tag = d.tag_at(pos)
    if tag:
        if tag not in ("VBP", "VB"):
            return verb
    elif low in d.rules.invariant_verbs or not verb.isalpha() or verb[0].isupper() \
            or (low.endswith("ed") and low not in d.rules.present_ed_verbs):
        return verb
    if re.search(r"(?:s|sh|ch|x|z|o)$", low):
        return verb + "es"
    if re.search(r"[^aeiou]y$", low):
        return verb[:-1] + "ies"
    return verb + "s"


_PRONOUNS_ONLY = re.compile(r"(?i)[\W_]*(?:(?:i|me|my|mine|myself|we|us|our|ours|ourselves)[\W_]+)*"
                            r"(?:i|me|my|mine|myself|we|us|our|ours|ourselves)?[\W_]*")
_LEARNED_STOPWORDS = frozenset(
    "a an the and or but of in on at by to for from with as when while during after before this that "
    "it is was were be been has have had he she they him her them his their there then so".split())
# Where the learned tagger's spans are trusted. A closing block (sign-off, contact lines) is the
# text's last few short lines; a phrase (how it was learnt, a role, provenance) is short.
_CLOSING_KINDS = ("signoff", "contact", "reporter_name")
_LEARNED_KINDS = ("how_learnt", "role", "provenance") + _CLOSING_KINDS  # first person stays with the rules
_CLOSING_MAX_LINES, _CLOSING_MAX_LINE_WORDS = 6, 14
_PHRASE_MAX_WORDS = 14


def _apply_learned(d: _Document, spans: Sequence[Any]) -> None:
    """Stage 5b: what the learned tagger marks and no rule has edited.

    A sign-off, contact or reporter-name span is taken only inside the closing block, and is
    removed whole there (its names and numbers are the reporter's). Any other span is taken only
    when short; a piece of it that holds a subject entity is kept and flagged (the model may have
    taken the scene for the source), a piece of pronouns or small words only is left to the
    first-person rules, and the rest is removed."""
    for span in spans:
        start, end, kind = span.start, span.end, span.kind
        if kind not in _LEARNED_KINDS:
            continue
        closing = kind in _CLOSING_KINDS
        if closing and not _in_closing_block(d.text, start):
            continue
        if not closing and _words(d.text[start:end]) > _PHRASE_MAX_WORDS:
            continue
        for a, b in d.segments_outside_edits(start, end, rewrites_too=True):
            piece = d.text[a:b]
            a += len(piece) - len(piece.lstrip())
            b -= len(piece) - len(piece.rstrip())
            if b <= a or _PRONOUNS_ONLY.fullmatch(d.text[a:b]) or any(d.in_quote(i) for i in (a, b - 1)):
                continue
            if not any(w.lower() not in _LEARNED_STOPWORDS for w in re.findall(r"\w{3,}", d.text[a:b])):
                continue
            if not closing and d.touches_subject(a, b):
                d.flag(a, b, "learned_source_near_subject")
            else:
                d.add(_Edit(a, b, LEARNED_PREFIX + kind))


def _in_closing_block(text: str, pos: int) -> bool:
    """Does `pos` lie in the text's closing block: the last few lines, each short?"""
    line_start = text.rfind("\n", 0, pos) + 1
    lines = [ln for ln in text[line_start:].split("\n") if ln.strip()]
    return len(lines) <= _CLOSING_MAX_LINES and all(_words(ln) <= _CLOSING_MAX_LINE_WORDS for ln in lines)


def _flag_workplaces(d: _Document) -> None:
    """A workplace named as a place may be the scene, or may give the reporter away."""
    for m in d.rules.workplace_at.finditer(d.text):
        start, end = m.start("place"), m.end("place")
        if d.overlaps(start, end):
            continue
        kind = d.rules.workplace_kind(m.group("place"))
        kinds = d.reporter.kinds
        if not kinds or kind in kinds or "any" in kinds:
            d.flag(start, end, "workplace_also_event_location")
    # named premises in a text written in the first person are likely the reporter's own workplace
    if any(not d.in_quote(m.start()) for m in _FIRST_PERSON_WORD.finditer(d.text)):
        for m in d.rules.premises_of.finditer(d.text):
            if not d.overlaps(m.start("place"), m.end("place")):
                d.flag(m.start("place"), m.end("place"), "workplace_also_event_location")


# ----------------------------------------------------------------------------------------------
# Stage 6: whole sentences, the "remove" strategy, tidy-up
# ----------------------------------------------------------------------------------------------

def _remove_emptied_units(d: _Document, strategy: str) -> None:
    for unit in d.units:
        inside = [e for e in d.edits if unit.start <= e.start and e.end <= unit.end and not e.whole]
        if not inside or any(e.whole and e.start <= unit.start and unit.end <= e.end for e in d.edits):
            continue
        rendered = apply_edits(d.text, inside, unit.start, unit.end)
        emptied = not re.search(r"\w", rendered)
        subject_left = any(unit.start <= ent.start < unit.end and not d.covered(ent.start)
                           and d.is_subject_entity(ent) for ent in d.entities)
        if emptied or (strategy == "remove" and not subject_left):
            main = max(inside, key=lambda e: e.end - e.start)
            for e in inside:
                d.edits.remove(e)
            d.edits.append(_Edit(unit.start, unit.end, main.reason, whole=True))
            d.flags[:] = [f for f in d.flags if not (unit.start <= f.start and f.end <= unit.end)]


def apply_edits(text: str, edits: Iterable, start: int = 0, end: int | None = None) -> str:
    """Splice non-overlapping edits (anything with start, end, replacement) into text[start:end]."""
    end = len(text) if end is None else end
    out, pos = [], start
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:end])
    return "".join(out)


def _finalise(d: _Document) -> tuple[SourceRemoval, ...]:
    """Fold surrounding punctuation, spaces and capitals into each edit, then freeze them."""
    edits = sorted(d.edits, key=lambda e: (e.start, e.end))
    text = d.text
    done: list[_Edit] = []
    para_block = False
    for i, e in enumerate(edits):
        left = done[-1].end if done else 0
        right = edits[i + 1].start if i + 1 < len(edits) else len(text)
        unit = d.unit_of(e.start) or _Unit(e.start, max(e.end, e.start + 1))
        at_start = _effective_start(d, done + edits[i:], unit, e.start)
        if e.whole:
            # a block removed line by line that began a paragraph: no blank line left behind it
            after_block = bool(done) and done[-1].whole and done[-1].end == e.start and para_block
            e = _absorb_whole(d, e, left, right, after_block)
            para_block = after_block or e.start == 0 or text[:e.start].endswith("\n\n")
            if not text[:e.start].strip() or _removed_up_to(done, e.start):
                # the text now starts after this edit: no blank lines in front of it
                e = _Edit(e.start, _skip_space(text, e.end, right), e.reason, "", whole=True)
        elif not e.replacement:
            e = _absorb_phrase(d, e, left, right, at_start, unit)
        else:
            e = _case_replacement(d, e, right, at_start)
        done.append(e)
    _trim_trailing_space(text, done)
    return tuple(_merge(done))


def _trim_trailing_space(text: str, done: list[_Edit]) -> None:
    """When the removals run to the end of the text, take the blank lines before them too."""
    if not done or text[done[-1].end:].strip():
        return
    i = len(done) - 1
    while i > 0 and not done[i - 1].replacement and not done[i].replacement \
            and not text[done[i - 1].end:done[i].start].strip():
        gap = done[i]  # only blank space between two removals: close the gap
        done[i] = _Edit(done[i - 1].end, gap.end, gap.reason, gap.replacement, whole=gap.whole)
        i -= 1
    first = done[i]
    if first.replacement:
        return
    left = done[i - 1].end if i else 0
    start = first.start
    while start > left and text[start - 1].isspace():
        start -= 1
    done[i] = _Edit(start, first.end, first.reason, "", whole=first.whole)
    last = done[-1]
    done[-1] = _Edit(last.start if len(done) - 1 != i else start, len(text), last.reason, "", whole=last.whole)


def _skip_space(text: str, pos: int, limit: int) -> int:
    while pos < limit and text[pos].isspace():
        pos += 1
    return pos


def _removed_up_to(done: Sequence[_Edit], pos: int) -> bool:
    """All text before pos is removed by earlier edits."""
    reach = 0
    for e in done:
        if e.start > reach or e.replacement:
            return False
        reach = e.end
    return reach >= pos


def _effective_start(d: _Document, edits: Sequence[_Edit], unit: _Unit, pos: int) -> bool:
    """Only whitespace and removed text between the start of the sentence and pos."""
    i = unit.start
    while i < pos:
        hit = next((e for e in edits if e.start <= i < e.end and not e.replacement), None)
        if hit:
            i = hit.end
        elif d.text[i].isspace() or d.text[i] in "-–—•*(\"“'‘":
            i += 1
        else:
            return False
    return True


def _absorb_whole(d: _Document, e: _Edit, left: int, right: int, after_block: bool = False) -> _Edit:
    text, s, end = d.text, e.start, e.end
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    starts_line = not text[max(line_start, left):s].strip()
    ends_line = not text[end:min(line_end, right)].strip()
    if starts_line and ends_line:
        s = max(line_start, left)
        end = min(line_end + 1, len(text), right)
        if (s == 0 or text[:s].endswith("\n\n") or after_block) and right >= end:
            while end < right and text[end] in " \t\n":
                end += 1  # no blank line left hanging where a paragraph was
    elif ends_line:
        while s > left and text[s - 1] in " \t":
            s -= 1
    else:
        while end < right and text[end] in " \t":
            end += 1
    if end >= len(text.rstrip()) and right >= len(text.rstrip()):
        end = max(end, len(text)) if right >= len(text) else end
        while s > left and text[s - 1].isspace():
            s -= 1
    return _Edit(s, end, e.reason, "", whole=True)


def _absorb_phrase(d: _Document, e: _Edit, left: int, right: int, at_start: bool, unit: _Unit) -> _Edit:
    text, s, end = d.text, e.start, e.end
    if at_start:
        pattern = r"[\s,;:–—-]*(?:(?:and|but|so|then)\s+)?" if e.clause else r"[\s,;:–—-]*"
        m = re.compile(pattern, re.IGNORECASE).match(text, end, right)
        end = m.end() if m else end
        return _capitalise_next(d, _Edit(s, end, e.reason, ""), right)
    after = text[end:right]
    before = text[left:s]
    if re.match(r"\s*[,;]", after):
        lead = re.search(r"[,;]\s*$", before)
        s -= len(lead.group(0)) if lead else len(before) - len(before.rstrip())
        end += len(re.match(r"\s*[,;]", after).group(0))
    elif re.match(r"\s*(?:[.!?:)]|$)", after) or end >= unit.end:
        lead = re.search(r"\s*[,;]?\s*$", before)
        s -= len(lead.group(0)) if lead else 0
        stop = re.match(r"\s*[.!?]", after)
        if stop and re.search(r"[.!?][\"”’')]*\s*$", before):
            end += len(stop.group(0))  # a whole sentence went after another: "C. Please call us." -> "C."
    elif e.clause and re.search(r"\s(?:and|but|or)\s+$", before) and re.match(r"\s+(?:and|but)\b", after):
        s -= len(re.search(r"\s(?:and|but|or)\s+$", before).group(0))
    elif not text[end - 1:end].isspace():  # an edit that took its trailing space keeps the one before
        s -= len(before) - len(before.rstrip(" \t"))
    return _Edit(max(s, left), end, e.reason, "")


_WORD_AT = re.compile(r"[\w'’-]*")


def _capitalise_next(d: _Document, e: _Edit, right: int) -> _Edit:
    """After removing the start of a sentence, the next word starts it: give it a capital."""
    pos = e.end
    if pos >= right or pos >= len(d.text) or not d.text[pos].islower():
        return e
    word = _WORD_AT.match(d.text, pos).group(0)
    if not word.isalpha() or any(ent.start <= pos < ent.end for ent in d.entities):
        return e  # "hn19xkd", "kaylab07" or an entity: keep exactly as written
    return _Edit(e.start, pos + 1, e.reason, d.text[pos].upper())


def _case_replacement(d: _Document, e: _Edit, right: int, at_start: bool) -> _Edit:
    replacement, end = e.replacement, e.end
    if e.cased and replacement:
        first = replacement[0].upper() if at_start else replacement[0].lower()
        replacement = first + replacement[1:]
        if at_start:
            m = re.compile(r"[ \t]*,(?=\s)").match(d.text, end, right)
            end = m.end() if m else end  # "As far as we are aware, he" -> "It is believed he"
    return _Edit(e.start, end, e.reason, replacement)


def _merge(edits: Sequence[_Edit]) -> list[SourceRemoval]:
    out: list[SourceRemoval] = []
    for e in edits:
        if e.end <= e.start and not e.replacement:
            continue
        if out and out[-1].end == e.start and out[-1].reason == e.reason and not out[-1].replacement \
                and not e.replacement:
            out[-1] = SourceRemoval(out[-1].start, e.end, e.reason, "")
            continue
        out.append(SourceRemoval(e.start, e.end, e.reason, e.replacement))
    return out


# ----------------------------------------------------------------------------------------------
# Public entry point
# ----------------------------------------------------------------------------------------------

def sanitise_source(
    doc: Any,
    entities: Sequence[EntitySpan] = (),
    *,
    rules: SourceRules,
    strategy: str = "rewrite",
    reporter: Mapping[str, str] | None = None,
    learned: Sequence[Any] = (),
) -> Sanitised:
    """Remove or rewrite everything in `doc` that identifies the reporter or how they knew.

    `learned` are spans (start, end, kind) from the learned source tagger: after the rules, each
    part of one that no rule has edited is removed, or flagged for the handler when it holds a
    subject entity.

    strategy "rewrite" keeps every sentence and rewrites the reporter's voice into neutral third
    person. strategy "remove" deletes each sentence that carries a source reference, unless the
    sentence also names a subject entity (from `entities`, or the doc's own entities when none are
    given): such a sentence is rewritten instead, so no subject fact is lost.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; expected one of {STRATEGIES}")
    d = _Document(doc, entities, rules)
    _read_reporter_form(d, reporter)
    _remove_blocks(d)
    _apply_rules(d, rules.rules["provenance"] + rules.rules["contact"] + rules.rules["closings"])
    _apply_rules(d, rules.rules["self_identification"])
    _apply_rules(d, rules.rules["how_learnt"])
    _remove_heading_units(d, _lines(d.text))  # after the heading rules, which know more of a heading
    _remove_reporter_values(d)
    _apply_rules(d, rules.rules["lead_ins"] + rules.rules["reporting_verbs"])
    _apply_learned(d, learned)  # before the leftovers: a learned span goes whole, pronouns and all
    _resolve_role_mentions(d)
    _resolve_first_person(d)
    _agree_coordinated_verbs(d)
    _flag_workplaces(d)
    _remove_emptied_units(d, strategy)
    removals = _finalise(d)
    flags = tuple(sorted((f for f in d.flags if not any(r.start <= f.start and f.end <= r.end for r in removals)),
                         key=lambda f: (f.start, f.end, f.reason)))
    return Sanitised(apply_edits(d.text, removals), removals, flags)
