"""Generate the synthetic, labelled gold corpus of CPI submissions.

Each record is rendered from a hand-written template in ``data/templates/``. The gold labels come
from how the text was built: an entity span is where the generator inserted a slot value, a
source span is where the template marked a source-protection phrase, and the categories and
outcome were set per template by a human reading of the CPI process. No pipeline code is ever
run to label the corpus. Template syntax: ``data/templates/README.md``.

    python -m pipeline.corpus --size 240 --seed 13 --output data/samples/gold.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence, Union

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATES_DIR = REPO_ROOT / "data" / "templates"
DEFAULT_OUTPUT = REPO_ROOT / "data" / "samples" / "gold.jsonl"
LEXICON_FILE = "lexicon.yaml"

CATEGORIES = (
    "MISSING", "CSE", "CCE", "DRUGS", "MODERN_SLAVERY", "COMMUNITY_COHESION", "ASB", "OCG",
    "RADICALISATION", "DOMESTIC_ABUSE", "WEAPONS",
)
OUTCOMES = ("HIGH", "CRIME", "SAFEGUARDING", "NORMAL")
PARTNERS = ("school", "health", "youth", "social_care", "housing", "other")
SOURCE_KINDS = ("reporter_name", "first_person", "how_learnt", "role", "provenance", "contact", "signoff")
ENTITY_LABELS = (
    "PERSON", "LOCATION", "ORGANIZATION", "UK_POSTCODE", "UK_VEHICLE_REGISTRATION", "VEHICLE",
    "PHONE_NUMBER", "EMAIL_ADDRESS", "SOCIAL_HANDLE", "UK_NINO", "UK_NHS", "DATE_TIME",
)
# Fixed key order keeps the JSONL byte-stable and easy to read.
RECORD_KEYS = (
    "id", "text", "partner", "spans", "source_spans", "keep_spans", "categories", "outcome", "template",
)
# The reporter is a cast member like any other, under a name templates cannot use.
REPORTER = "__reporter__"


class TemplateError(ValueError):
    """A template or lexicon file is malformed."""


# --------------------------------------------------------------------------- template syntax
@dataclass(frozen=True)
class Text:
    value: str


@dataclass(frozen=True)
class Slot:
    kind: str
    var: str | None
    modifiers: tuple[str, ...]


@dataclass(frozen=True)
class SourcePhrase:
    kind: str
    body: tuple["Node", ...]


@dataclass(frozen=True)
class Choice:
    options: tuple[tuple["Node", ...], ...]


Node = Union[Text, Slot, SourcePhrase, Choice]

_SLOT_RE = re.compile(r"\{([a-z_0-9]+)(?::([A-Za-z0-9_]+))?((?:\|[a-z]+)*)\}")
_KIND_RE = re.compile(r"\[\[([a-z_]+)\|")
MODIFIERS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "upper": str.upper,
    "nospace": lambda value: value.replace(" ", ""),
}


def parse_template(text: str) -> tuple[Node, ...]:
    """Parse template text into nodes: text, {slot}, [[kind|source phrase]], <<choice|choice>>."""
    nodes, pos = _parse_sequence(text, 0, stops=())
    assert pos == len(text)
    return nodes


def _parse_sequence(text: str, pos: int, stops: tuple[str, ...]) -> tuple[tuple[Node, ...], int]:
    nodes: list[Node] = []
    chars: list[str] = []

    def flush() -> None:
        if chars:
            nodes.append(Text("".join(chars)))
            chars.clear()

    while pos < len(text):
        if text.startswith(stops, pos):
            break
        if text.startswith("{", pos):
            match = _SLOT_RE.match(text, pos)
            if not match:
                raise TemplateError(f"bad slot at {text[pos:pos + 30]!r}")
            flush()
            modifiers = tuple(m for m in match.group(3).split("|") if m)
            nodes.append(Slot(match.group(1), match.group(2), modifiers))
            pos = match.end()
        elif text.startswith("[[", pos):
            match = _KIND_RE.match(text, pos)
            if not match:
                raise TemplateError(f"bad source phrase at {text[pos:pos + 30]!r}")
            flush()
            body, pos = _parse_sequence(text, match.end(), stops=("]]",))
            if not text.startswith("]]", pos):
                raise TemplateError(f"unclosed source phrase [[{match.group(1)}|...")
            nodes.append(SourcePhrase(match.group(1), body))
            pos += 2
        elif text.startswith("<<", pos):
            flush()
            options, pos = _parse_choice(text, pos + 2)
            nodes.append(Choice(options))
        elif text.startswith(("]]", ">>", "}"), pos):
            raise TemplateError(f"unbalanced markup at {text[max(0, pos - 20):pos + 10]!r}")
        else:
            chars.append(text[pos])
            pos += 1
    flush()
    return tuple(nodes), pos


def _parse_choice(text: str, pos: int) -> tuple[tuple[tuple[Node, ...], ...], int]:
    options = []
    while True:
        option, pos = _parse_sequence(text, pos, stops=("|", ">>"))
        options.append(option)
        if text.startswith(">>", pos):
            return tuple(options), pos + 2
        if not text.startswith("|", pos):
            raise TemplateError("unclosed choice <<...>>")
        pos += 1


def iter_slots(nodes: Iterable[Node], inside: str | None = None) -> Iterable[tuple[Slot, str | None]]:
    """Every slot in a node tree with the source-phrase kind it sits in (None if outside)."""
    for node in nodes:
        if isinstance(node, Slot):
            yield node, inside
        elif isinstance(node, SourcePhrase):
            yield from iter_slots(node.body, node.kind)
        elif isinstance(node, Choice):
            for option in node.options:
                yield from iter_slots(option, inside)


def iter_source_phrases(nodes: Iterable[Node], depth: int = 0) -> Iterable[tuple[SourcePhrase, int]]:
    for node in nodes:
        if isinstance(node, SourcePhrase):
            yield node, depth
            yield from iter_source_phrases(node.body, depth + 1)
        elif isinstance(node, Choice):
            for option in node.options:
                yield from iter_source_phrases(option, depth)


# --------------------------------------------------------------------------- loading
@dataclass(frozen=True)
class CastMember:
    gender: str | None = None  # "f", "m" or None for either
    first: str | None = None
    last: str | None = None  # e.g. a surname that is also a job title ("Nurse")
    groups: tuple[str, ...] = ()  # naming traditions to draw from, when the story needs one


@dataclass(frozen=True)
class Template:
    id: str
    reporter: str
    partner: str
    categories: tuple[str, ...]
    outcome: str
    nodes: tuple[Node, ...]
    cast: dict[str, CastMember] = field(default_factory=dict)


@dataclass(frozen=True)
class SlotSpec:
    label: str | None  # entity label; None for filler words that are never entities
    source_kind: str | None = None  # reporter details are source spans as well as entities


# Slots the generator builds in code; plain list slots come from the lexicon's `lists`.
BUILT_IN_SLOTS: dict[str, SlotSpec] = {
    "person": SlotSpec("PERSON"),
    "first": SlotSpec("PERSON"),
    "last": SlotSpec("PERSON"),
    "masked_name": SlotSpec("PERSON"),
    "masked_first": SlotSpec("PERSON"),
    "nickname": SlotSpec("PERSON"),
    "hidden_person": SlotSpec("PERSON"),
    "handle": SlotSpec("SOCIAL_HANDLE"),
    "at_handle": SlotSpec("SOCIAL_HANDLE"),
    "email": SlotSpec("EMAIL_ADDRESS"),
    "town": SlotSpec("LOCATION"),
    "area": SlotSpec("LOCATION"),
    "street": SlotSpec("LOCATION"),
    "address": SlotSpec("LOCATION"),
    "hidden_place": SlotSpec("LOCATION"),
    "postcode": SlotSpec("UK_POSTCODE"),
    "outward": SlotSpec("UK_POSTCODE"),
    "vehicle": SlotSpec("VEHICLE"),
    "plate": SlotSpec("UK_VEHICLE_REGISTRATION"),
    "plate_partial": SlotSpec("UK_VEHICLE_REGISTRATION"),
    "plate_start": SlotSpec("UK_VEHICLE_REGISTRATION"),
    "phone": SlotSpec("PHONE_NUMBER"),
    "mobile": SlotSpec("PHONE_NUMBER"),
    "landline": SlotSpec("PHONE_NUMBER"),
    "masked_phone": SlotSpec("PHONE_NUMBER"),
    "phone_fragment": SlotSpec("PHONE_NUMBER"),
    "nino": SlotSpec("UK_NINO"),
    "nhs": SlotSpec("UK_NHS"),
    "date": SlotSpec("DATE_TIME"),
    "dob": SlotSpec("DATE_TIME"),
    "dob_child": SlotSpec("DATE_TIME"),
    "year": SlotSpec("DATE_TIME"),
    "reporter_name": SlotSpec("PERSON", "reporter_name"),
    "reporter_first": SlotSpec("PERSON", "reporter_name"),
    "reporter_phone": SlotSpec("PHONE_NUMBER", "contact"),
    "reporter_email": SlotSpec("EMAIL_ADDRESS", "contact"),
    "reporter_org": SlotSpec("ORGANIZATION", "role"),
    # A workplace named as the scene of events: a place, but it still gives the source away.
    "reporter_workplace": SlotSpec("LOCATION", "role"),
    "reporter_role": SlotSpec(None, "role"),
}


@dataclass(frozen=True)
class Lexicon:
    raw: dict[str, Any]
    slots: dict[str, SlotSpec]

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]

    def list_values(self, kind: str) -> list[str]:
        return [str(value) for value in self.raw["lists"][kind]["values"]]


def load_lexicon(templates_dir: Path) -> Lexicon:
    path = Path(templates_dir) / LEXICON_FILE
    raw = _read_yaml(path)
    slots = dict(BUILT_IN_SLOTS)
    for name, spec in (raw.get("lists") or {}).items():
        if name in slots:
            raise TemplateError(f"{path}: list slot {name!r} shadows a built-in slot")
        label = spec.get("label")
        if label is not None and label not in ENTITY_LABELS:
            raise TemplateError(f"{path}: list slot {name!r} has unknown label {label!r}")
        if not spec.get("values"):
            raise TemplateError(f"{path}: list slot {name!r} has no values")
        slots[name] = SlotSpec(label)
    for name, reporter in raw["reporters"].items():
        if reporter.get("partner") not in PARTNERS:
            raise TemplateError(f"{path}: reporter {name!r} has unknown partner {reporter.get('partner')!r}")
    return Lexicon(raw, slots)


def load_templates(templates_dir: Path, lexicon: Lexicon) -> list[Template]:
    """All templates from every YAML file except the lexicon, in file-name then file order."""
    templates: list[Template] = []
    for path in sorted(Path(templates_dir).glob("*.yaml")):
        if path.name == LEXICON_FILE:
            continue
        for entry in _read_yaml(path).get("templates") or []:
            try:
                templates.append(_build_template(entry, lexicon))
            except TemplateError as err:
                raise TemplateError(f"{path.name}: template {entry.get('id')!r}: {err}") from None
    ids = Counter(t.id for t in templates)
    if duplicates := sorted(i for i, n in ids.items() if n > 1):
        raise TemplateError(f"duplicate template ids: {duplicates}")
    if not templates:
        raise TemplateError(f"no templates found in {templates_dir}")
    return templates


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateError(f"{path}: file not found") from None
    except yaml.YAMLError as err:
        raise TemplateError(f"{path}: not valid YAML ({err})") from None
    if not isinstance(data, dict):
        raise TemplateError(f"{path}: expected a mapping at the top level")
    return data


def _build_template(entry: dict[str, Any], lexicon: Lexicon) -> Template:
    reporter = entry.get("reporter")
    if reporter not in lexicon["reporters"]:
        raise TemplateError(f"unknown reporter {reporter!r}")
    categories = tuple(entry.get("categories") or ())
    if unknown := [c for c in categories if c not in CATEGORIES]:
        raise TemplateError(f"unknown categories {unknown}")
    if entry.get("outcome") not in OUTCOMES:
        raise TemplateError(f"unknown outcome {entry.get('outcome')!r}")
    nodes = parse_template(str(entry["text"]).strip())
    _check_nodes(nodes, lexicon)
    cast = {var: _cast_member(spec, lexicon) for var, spec in (entry.get("cast") or {}).items()}
    return Template(
        id=str(entry["id"]),
        reporter=reporter,
        partner=entry.get("partner") or lexicon["reporters"][reporter]["partner"],
        # Canonical order so the output does not depend on how a template lists them.
        categories=tuple(c for c in CATEGORIES if c in categories),
        outcome=entry["outcome"],
        nodes=nodes,
        cast=cast,
    )


def _cast_member(spec: Any, lexicon: Lexicon) -> CastMember:
    if isinstance(spec, str):
        spec = {"gender": spec}
    if spec.get("gender") not in (None, "f", "m"):
        raise TemplateError(f"cast gender must be f or m, not {spec.get('gender')!r}")
    groups = spec.get("group") or ()
    groups = (groups,) if isinstance(groups, str) else tuple(groups)
    if unknown := [g for g in groups if g not in lexicon["people"]]:
        raise TemplateError(f"unknown name groups {unknown}")
    return CastMember(spec.get("gender"), spec.get("first"), spec.get("last"), groups)


def _check_nodes(nodes: tuple[Node, ...], lexicon: Lexicon) -> None:
    for phrase, depth in iter_source_phrases(nodes):
        if phrase.kind not in SOURCE_KINDS:
            raise TemplateError(f"unknown source kind {phrase.kind!r}")
        if depth:
            raise TemplateError("source phrases cannot be nested")
    for slot, inside in iter_slots(nodes):
        spec = lexicon.slots.get(slot.kind)
        if spec is None:
            raise TemplateError(f"unknown slot {{{slot.kind}}}")
        if bad := [m for m in slot.modifiers if m not in MODIFIERS]:
            raise TemplateError(f"unknown modifiers {bad} on {{{slot.kind}}}")
        # A subject entity inside a source phrase would be sanitised away with it.
        if inside and spec.label and not spec.source_kind:
            raise TemplateError(f"subject slot {{{slot.kind}}} inside a [[{inside}|...]] phrase")


# --------------------------------------------------------------------------- slot values
@dataclass(frozen=True)
class Persona:
    first: str
    last: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


# Ofcom numbers reserved for drama: the only phone numbers the corpus may contain.
OFCOM_MOBILE = "07700900"
OFCOM_LANDLINE = "01632960"
OFCOM_LONDON = "0207946"
PLATE_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"  # no I or Q in the random letters
PREFIX_LETTERS = "ABCDEFGHJKLMNPRSTVWXY"  # no I, O, Q, U or Z as a year letter
NI_CODES = (
    "IA", "IB", "IG", "IJ", "IL", "IW", "AZ", "BZ", "CZ", "DZ", "FZ", "GZ", "HZ", "JZ", "KZ", "LZ", "MZ",
)
POSTCODE_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # no C, I, K, M, O or V in the inward code
DATE_WINDOW = (date(2025, 9, 1), date(2026, 3, 31))
# Spelled out rather than strftime("%A %B"), which follows the machine's locale.
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


def nhs_check_digit(first_nine: str) -> int | None:
    """Mod-11 check digit for an NHS number, or None when no valid number has these digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


class SlotValues:
    """Fills slots for one record. A named slot ({plate:v}) keeps its value for the whole record;
    person-derived slots ({first:c}, {handle:c}) all describe the same cast member."""

    def __init__(self, rng: random.Random, lexicon: Lexicon, template: Template):
        self.rng = rng
        self.lexicon = lexicon
        self.template = template
        self._cache: dict[tuple[str, str], str] = {}
        self._people: dict[str, Persona] = {}
        self._towns: dict[str, str] = {}
        self._used_names: set[str] = set()
        self._used_numbers: set[str] = set()
        self._anonymous = 0
        self._builders: dict[str, Callable[[str], str]] = {
            "person": lambda var: self.persona(var).full,
            "first": lambda var: self.persona(var).first,
            "last": lambda var: self.persona(var).last,
            "masked_name": lambda var: " ".join(self._mask(part) for part in self.persona(var).full.split()),
            "masked_first": lambda var: self._mask(self.persona(var).first),
            "nickname": lambda var: self._fresh(self.lexicon["nicknames"]),
            "hidden_person": lambda var: "XXXX",
            "hidden_place": lambda var: "XXXX",
            "handle": self._handle,
            "at_handle": lambda var: "@" + self.value("handle", var),
            "email": self._email,
            "town": self.town,
            "area": self._area,
            "street": lambda var: self._street(),
            "address": lambda var: self._address(),
            "postcode": self._postcode,
            "outward": lambda var: self._district(var),
            "vehicle": lambda var: self._vehicle(),
            "plate": lambda var: self._plate(),
            "plate_partial": lambda var: self._plate_partial(),
            "plate_start": lambda var: self._plate_start(),
            "phone": lambda var: self._phone(self.rng.choice("mmmmlld")),
            "mobile": lambda var: self._phone("m"),
            "landline": lambda var: self._phone(self.rng.choice("lld")),
            "masked_phone": lambda var: self._masked_phone(),
            "phone_fragment": lambda var: self._phone_fragment(),
            "nino": lambda var: self._nino(),
            "nhs": lambda var: self._nhs(),
            "date": lambda var: self._date(),
            "dob": lambda var: self._dob(1978, 2004),
            "dob_child": lambda var: self._dob(2008, 2013),
            "year": lambda var: str(self.rng.randint(2018, 2022)),
            "reporter_name": lambda var: self.persona(REPORTER).full,
            "reporter_first": lambda var: self.persona(REPORTER).first,
            "reporter_phone": lambda var: self._phone(self.rng.choice("mlld")),
            "reporter_email": lambda var: self._reporter_email(),
            "reporter_org": lambda var: self.rng.choice(self._reporter()["orgs"]),
            "reporter_workplace": lambda var: self.rng.choice(
                self._reporter().get("workplaces") or self._reporter()["orgs"]),
            "reporter_role": lambda var: self.rng.choice(self._reporter()["roles"]),
        }

    def value(self, kind: str, var: str | None) -> str:
        if kind.startswith("reporter_"):
            var = REPORTER  # one reporter per record, whatever the template calls it
        if var is None:
            return self._build(kind, None)
        key = (kind, var)
        if key not in self._cache:
            self._cache[key] = self._build(kind, var)
        return self._cache[key]

    def _build(self, kind: str, var: str | None) -> str:
        builder = self._builders.get(kind)
        if builder is None:
            return self.rng.choice(self.lexicon.list_values(kind))
        return builder(var)

    # people ---------------------------------------------------------------
    def persona(self, var: str | None) -> Persona:
        if var is None:
            self._anonymous += 1
            var = f"__anon{self._anonymous}__"
        if var not in self._people:
            self._people[var] = self._new_persona(self.template.cast.get(var, CastMember()))
        return self._people[var]

    def _new_persona(self, cast: CastMember) -> Persona:
        groups = self.lexicon["people"]
        while True:
            group = groups[self.rng.choice(cast.groups or sorted(groups))]
            gender = cast.gender or self.rng.choice("fm")
            first = cast.first or self.rng.choice(group["female" if gender == "f" else "male"])
            # Some traditions inflect surnames for women (Kowalski / Kowalska).
            surnames = group.get("female_surnames") if gender == "f" else None
            last = cast.last or self.rng.choice(surnames or group["surnames"])
            # Distinct names keep "which Kayla?" ambiguity out of the gold; names a template
            # fixes in its cast are taken as given.
            clash = (cast.first is None and first in self._used_names) or (
                cast.last is None and last in self._used_names)
            if not clash:
                self._used_names.update((first, last))
                return Persona(first, last)

    def _fresh(self, choices: Sequence[str]) -> str:
        unused = [c for c in choices if c not in self._used_names]
        choice = self.rng.choice(unused or list(choices))
        self._used_names.add(choice)
        return choice

    def _mask(self, name: str) -> str:
        return name[0] + "*" * (len(name) - 1)

    def _handle(self, var: str | None) -> str:
        person = self.persona(var)
        first, last = ascii_fold(person.first).lower(), ascii_fold(person.last).lower()
        number = f"{self.rng.randint(1, 99):02d}"
        return self.rng.choice([
            f"{first}_{last[0]}{number}", f"{first}{last[0]}{number}", f"{first}.{last}",
            f"lil{first}{number}", f"{first}x{last}", f"x{first}{number}x",
        ])

    def _email(self, var: str | None) -> str:
        person = self.persona(var)
        first, last = ascii_fold(person.first).lower(), ascii_fold(person.last).lower()
        number = f"{self.rng.randint(1, 99):02d}"
        local = self.rng.choice([f"{first}.{last}", f"{first}{last[0]}{number}", f"{first}_{last}"])
        return f"{local}@{self.rng.choice(['example.com', 'example.org', 'example.net'])}"

    def _reporter(self) -> dict[str, Any]:
        return self.lexicon["reporters"][self.template.reporter]

    def _reporter_email(self) -> str:
        person = self.persona(REPORTER)
        return f"{ascii_fold(person.first).lower()}.{ascii_fold(person.last).lower()}@example.org"

    # places ---------------------------------------------------------------
    def town(self, var: str | None) -> str:
        if var is not None and var in self._towns:
            return self._towns[var]
        town = self.rng.choice(sorted(self.lexicon["towns"]))
        if var is not None:
            self._towns[var] = town
        return town

    def _area(self, var: str | None) -> str:
        return self.rng.choice(self.lexicon["towns"][self.town(var)]["areas"])

    def _district(self, var: str | None) -> str:
        return self.rng.choice(self.lexicon["towns"][self.town(var)]["districts"])

    def _postcode(self, var: str | None) -> str:
        inward = f"{self.rng.randint(0, 9)}{self._letters(2, POSTCODE_INWARD_LETTERS)}"
        return f"{self._district(var)} {inward}"

    def _street(self) -> str:
        if self.rng.random() < 0.06:
            return "High Street"
        stem = self.rng.choice(self.lexicon["street_stems"])
        return f"{stem} {self.rng.choice(self.lexicon['street_suffixes'])}"

    def _address(self) -> str:
        number, flat, street = self.rng.randint(1, 140), self.rng.randint(1, 24), self._street()
        block = self.rng.choice(self.lexicon["blocks"])
        return self.rng.choice([
            f"{number} {street}",
            f"{number} {street}",
            f"Flat {flat}, {number} {street}",
            f"{number}{self.rng.choice('ab')} {street}",
            f"Flat {flat}{self.rng.choice('ABC')}, {number} {street}",
            f"Flat {flat}, {block} House",
        ])

    # vehicles -------------------------------------------------------------
    def _vehicle(self) -> str:
        colour = self.rng.choice(self.lexicon["vehicle_colours"])
        return f"{colour} {self.rng.choice(self.lexicon['vehicle_models'])}"

    def _letters(self, count: int, alphabet: str = PLATE_LETTERS) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(count))

    def _current_plate(self) -> tuple[str, str]:
        tag = self.rng.choice(self.lexicon["plate_memory_tags"])
        age = self.rng.choice([f"{self.rng.randint(2, 26):02d}", str(self.rng.randint(51, 76))])
        return f"{tag}{age}", self._letters(3)

    def _plate(self) -> str:
        style = self.rng.choices(["current", "prefix", "suffix", "ni"], weights=[80, 8, 6, 6])[0]
        if style == "prefix":
            return f"{self.rng.choice(PREFIX_LETTERS)}{self.rng.randint(1, 999)} {self._letters(3)}"
        if style == "suffix":
            return f"{self._letters(3)} {self.rng.randint(1, 999)}{self.rng.choice(PREFIX_LETTERS)}"
        if style == "ni":
            return f"{self.rng.choice(PLATE_LETTERS)}{self.rng.choice(NI_CODES)} {self.rng.randint(1, 9999)}"
        front, back = self._current_plate()
        return f"{front} {back}"

    def _plate_partial(self) -> str:
        front, back = self._current_plate()
        known = self.rng.randint(0, 2)
        return f"{front} {back[:known]}{'?' * (3 - known)}"

    def _plate_start(self) -> str:
        front, back = self._current_plate()
        return self.rng.choice([front, f"{front} {back[0]}"])

    # numbers --------------------------------------------------------------
    def _ofcom_number(self, kind: str) -> str:
        while True:
            if kind == "m":
                number = f"{OFCOM_MOBILE}{self.rng.randint(0, 999):03d}"
            elif kind == "l":
                number = f"{OFCOM_LANDLINE}{self.rng.randint(0, 999):03d}"
            else:
                number = f"{OFCOM_LONDON}0{self.rng.randint(0, 999):03d}"
            if number not in self._used_numbers:
                self._used_numbers.add(number)
                return number

    def _phone(self, kind: str) -> str:
        n = self._ofcom_number(kind)
        if kind == "m":
            formats = [
                f"{n[:5]} {n[5:]}", n, f"+44 {n[1:5]} {n[5:]}", f"+44{n[1:]}", f"{n[:5]} {n[5:8]} {n[8:]}",
            ]
        elif kind == "l":
            formats = [f"{n[:5]} {n[5:]}", f"({n[:5]}) {n[5:]}", n]
        else:
            formats = [f"{n[:3]} {n[3:7]} {n[7:]}", f"({n[:3]}) {n[3:7]} {n[7:]}", n]
        return self.rng.choice(formats)

    def _masked_phone(self) -> str:
        n = self._ofcom_number("m")
        tail = n[5:]
        return self.rng.choice([
            f"07*** {self._alternate_mask(tail)}",
            f"07xxx xxx{tail[3:]}",
            f"077** ***{tail[3:]}",
            f"{n[:5]} {tail[:1]}**{tail[3]}*{tail[5]}",
        ])

    def _phone_fragment(self) -> str:
        return self._alternate_mask(self._ofcom_number("m")[5:])

    def _alternate_mask(self, digits: str) -> str:
        return "".join(d if i % 2 == 0 else "*" for i, d in enumerate(digits))

    def _nino(self) -> str:
        digits = f"{self.rng.randint(0, 999999):06d}"
        suffix = self.rng.choice("ABCD")
        if self.rng.random() < 0.7:
            return f"QQ {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
        return f"QQ{digits}{suffix}"

    def _nhs(self) -> str:
        # 999 is NHS England's range for test patients, so no number can belong to a real person.
        while True:
            first_nine = f"999{self.rng.randint(0, 999999):06d}"
            check = nhs_check_digit(first_nine)
            if check is not None:
                number = f"{first_nine}{check}"
                return self.rng.choice([f"{number[:3]} {number[3:6]} {number[6:]}", number])

    # dates ----------------------------------------------------------------
    def _random_day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def _date(self) -> str:
        day = self._random_day(*DATE_WINDOW)
        weekday, month = WEEKDAY_NAMES[day.weekday()], MONTH_NAMES[day.month - 1]
        return self.rng.choice([
            f"{day:%d/%m/%Y}",
            f"{day:%d/%m/%y}",
            f"{day:%d.%m.%Y}",
            f"{ordinal(day.day)} {month}",
            f"{weekday} {ordinal(day.day)} {month}",
            f"{day.day} {month} {day.year}",
        ])

    def _dob(self, first_year: int, last_year: int) -> str:
        return self._random_day(date(first_year, 1, 1), date(last_year, 12, 31)).strftime("%d/%m/%Y")


# --------------------------------------------------------------------------- rendering
@dataclass
class Rendered:
    """One rendered template: text plus gold spans. `fills` records every slot value inserted."""

    text: str
    spans: list[dict[str, Any]]
    source_spans: list[dict[str, Any]]
    keep_spans: list[dict[str, Any]]
    fills: list[tuple[int, int, str]]


class _Renderer:
    def __init__(self, values: SlotValues, lexicon: Lexicon):
        self.values = values
        self.lexicon = lexicon
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[tuple[int, int, str, bool]] = []
        self.source_spans: list[tuple[int, int, str]] = []
        self.fills: list[tuple[int, int, str]] = []

    def emit(self, nodes: Sequence[Node], inside: str | None = None) -> None:
        for node in nodes:
            if isinstance(node, Text):
                self._append(node.value)
            elif isinstance(node, Slot):
                self._emit_slot(node, inside)
            elif isinstance(node, SourcePhrase):
                start = self.length
                self.emit(node.body, node.kind)
                self.source_spans.append((start, self.length, node.kind))
            else:
                self.emit(self.values.rng.choice(node.options), inside)

    def _emit_slot(self, slot: Slot, inside: str | None) -> None:
        spec = self.lexicon.slots[slot.kind]
        value = self.values.value(slot.kind, slot.var)
        for modifier in slot.modifiers:
            value = MODIFIERS[modifier](value)
        start = self.length
        self._append(value)
        self.fills.append((start, self.length, value))
        if spec.label:
            self.spans.append((start, self.length, spec.label, spec.source_kind is None))
        # Inside a marked phrase the phrase already covers the reporter's detail.
        if spec.source_kind and inside is None:
            self.source_spans.append((start, self.length, spec.source_kind))

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)


def render(template: Template, rng: random.Random, lexicon: Lexicon) -> Rendered:
    renderer = _Renderer(SlotValues(rng, lexicon, template), lexicon)
    renderer.emit(template.nodes)
    spans = sorted(renderer.spans)
    return Rendered(
        text="".join(renderer.parts),
        spans=[{"start": s, "end": e, "label": label} for s, e, label, _ in spans],
        source_spans=[{"start": s, "end": e, "kind": kind} for s, e, kind in sorted(renderer.source_spans)],
        keep_spans=[{"start": s, "end": e, "label": label} for s, e, label, keep in spans if keep],
        fills=renderer.fills,
    )


# --------------------------------------------------------------------------- corpus
def choose_templates(
    templates: Sequence[Template], size: int, rng: random.Random, category_mix: dict[str, float] | None
) -> list[Template]:
    """Balanced by default: every template once per shuffled round, so counts never drift.
    With a category mix, templates are drawn with weights from the categories they carry."""
    if category_mix is None:
        chosen: list[Template] = []
        while len(chosen) < size:
            round_ = list(templates)
            rng.shuffle(round_)
            chosen.extend(round_)
        return chosen[:size]
    if unknown := sorted(set(category_mix) - set(CATEGORIES) - {"NONE"}):
        raise ValueError(f"unknown categories in category_mix: {unknown}")
    if any(weight < 0 for weight in category_mix.values()):
        raise ValueError("category_mix weights must not be negative")
    weights = [_template_weight(t, category_mix) for t in templates]
    if not any(weights):
        raise ValueError("category_mix gives every template a weight of zero")
    return rng.choices(list(templates), weights=weights, k=size)


def _template_weight(template: Template, category_mix: dict[str, float]) -> float:
    # "NONE" weights the templates that carry no category (traps, plain intelligence).
    if not template.categories:
        return category_mix.get("NONE", 0.0)
    return sum(category_mix.get(c, 0.0) for c in template.categories) / len(template.categories)


def generate_corpus(
    *,
    size: int = 240,
    seed: int = 13,
    templates_dir: Path = DEFAULT_TEMPLATES_DIR,
    category_mix: dict[str, float] | None = None,
) -> list[dict[str, Any]]:
    """Render `size` gold records. Same arguments, same records: all randomness comes from `seed`."""
    if size < 0:
        raise ValueError("size must not be negative")
    lexicon = load_lexicon(Path(templates_dir))
    templates = load_templates(Path(templates_dir), lexicon)
    rng = random.Random(seed)
    records = []
    for number, template in enumerate(choose_templates(templates, size, rng, category_mix), start=1):
        rendered = render(template, rng, lexicon)
        records.append({
            "id": f"gold-{number:04d}",
            "text": rendered.text,
            "partner": template.partner,
            "spans": rendered.spans,
            "source_spans": rendered.source_spans,
            "keep_spans": rendered.keep_spans,
            "categories": list(template.categories),
            "outcome": template.outcome,
            "template": template.id,
        })
    return records


def dumps_corpus(records: Iterable[dict[str, Any]]) -> str:
    lines = [json.dumps({key: record[key] for key in RECORD_KEYS}, ensure_ascii=False) for record in records]
    return "".join(line + "\n" for line in lines)


def write_corpus(path: str | Path, records: Iterable[dict[str, Any]]) -> None:
    """Write JSONL atomically: a reader never sees a half-written corpus."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = dumps_corpus(records)
    # mkstemp makes a private 0600 file; the corpus is shared data, so keep the usual mode.
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(payload)
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def corpus_stats(records: Sequence[dict[str, Any]]) -> dict[str, Counter]:
    """Counts for a quick look at the corpus balance (also printed by --stats)."""
    return {
        "outcome": Counter(r["outcome"] for r in records),
        "category": Counter(c for r in records for c in r["categories"]),
        "partner": Counter(r["partner"] for r in records),
        "label": Counter(s["label"] for r in records for s in r["spans"]),
        "source_kind": Counter(s["kind"] for r in records for s in r["source_spans"]),
        "records": Counter(
            {
                "total": len(records),
                "templates": len({r["template"] for r in records}),
                "first_person": sum(
                    any(s["kind"] == "first_person" for s in r["source_spans"]) for r in records),
                "with_source_spans": sum(bool(r["source_spans"]) for r in records),
                "no_category": sum(not r["categories"] for r in records),
            }
        ),
    }


def format_stats(stats: dict[str, Counter]) -> str:
    lines = []
    for name, counts in stats.items():
        lines.append(f"{name}:")
        order = counts if name == "records" else sorted(counts, key=lambda k: (-counts[k], k))
        lines.extend(f"  {key:<26}{counts[key]:>6}" for key in order)
    return "\n".join(lines)


def _parse_mix(text: str) -> dict[str, float]:
    mix = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, weight = item.partition("=")
        if not sep:
            raise argparse.ArgumentTypeError(f"expected CATEGORY=WEIGHT, got {item!r}")
        try:
            mix[name.strip().upper()] = float(weight)
        except ValueError:
            raise argparse.ArgumentTypeError(f"weight for {name!r} is not a number: {weight!r}") from None
    return mix


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.corpus",
        description="Generate the synthetic, labelled CPI gold corpus (JSONL) from data/templates/. "
        "Labels come from how each text was built, never from running the pipeline.",
    )
    parser.add_argument("--size", type=int, default=240, help="number of records (default: 240)")
    parser.add_argument(
        "--seed", type=int, default=13, help="random seed; same seed, same bytes (default: 13)")
    parser.add_argument(
        "--output", "-o", default=str(DEFAULT_OUTPUT),
        help="JSONL file to write, or - for stdout (default: data/samples/gold.jsonl)",
    )
    parser.add_argument(
        "--templates", type=Path, default=DEFAULT_TEMPLATES_DIR,
        help="directory with lexicon.yaml and template files (default: data/templates)",
    )
    parser.add_argument(
        "--mix", type=_parse_mix, default=None, metavar="CATEGORY=WEIGHT,...",
        help="weight templates by category instead of the balanced default, e.g. CCE=3,DRUGS=1,NONE=0.5",
    )
    parser.add_argument("--stats", action="store_true", help="print corpus counts to stderr")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        records = generate_corpus(
            size=args.size, seed=args.seed, templates_dir=args.templates, category_mix=args.mix)
    except (TemplateError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.output == "-":
        sys.stdout.write(dumps_corpus(records))
    else:
        write_corpus(args.output, records)
        print(f"wrote {len(records)} records to {args.output}", file=sys.stderr)
    if args.stats:
        print(format_stats(corpus_stats(records)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
