"""A fixed, seeded corpus of CPI-style submissions for throughput benchmarks.

Unlabelled and independent of the gold corpus (`pipeline/corpus.py`): all this needs is text that
costs what real partner narratives cost - realistic lengths (30 to 600 words, most short), people,
places, UK plates, Ofcom drama-range phone numbers, vehicles, first-person partner phrasing and
risk words. Everything here is fictional.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Iterator

from pipeline.outputs import atomic_writer

DEFAULT_SEED = 7
MIN_WORDS, MAX_WORDS = 30, 600
# Share of submissions per length band: most partner notes are a paragraph, a few run long.
LENGTH_BANDS = ((0.45, 30, 110), (0.35, 110, 260), (0.20, 260, 600))

FIRST_F = ("Kayla", "Chloe", "Megan", "Jade", "Courtney", "Ellie", "Poppy", "Lacey", "Aoife", "Niamh",
           "Priya", "Aisha", "Zara", "Fatima", "Zofia", "Natalia", "Ioana", "Hodan", "Shanice", "Tia")
FIRST_M = ("Tyler", "Callum", "Jordan", "Reece", "Connor", "Alfie", "Harvey", "Mason", "Kieran",
           "Declan", "Ravi", "Imran", "Bilal", "Zain", "Jakub", "Kacper", "Andrei", "Abdi", "Marcus", "Kai")
SURNAMES = ("Brown", "Smith", "Taylor", "Evans", "Hughes", "Cooper", "Price", "Mitchell", "Walker",
            "Murphy", "Byrne", "Patel", "Khan", "Hussain", "Kowalski", "Nowak", "Popescu", "Farah",
            "Campbell", "Thompson", "Okafor", "Nguyen", "Bennett", "Lloyd")
NICKNAMES = ("Smiley", "Tiny", "Ghost", "Snowy", "Kash", "Zee", "Lil K", "Bossman", "Rico", "Biggz")
TOWNS = ("Southampton", "Portsmouth", "Havant", "Basingstoke", "Eastleigh", "Winchester", "Andover",
         "Fareham", "Gosport", "Aldershot", "Romsey", "Totton", "Waterlooville", "Chandler's Ford")
AREAS = ("Bitterne", "Shirley", "Portswood", "Millbrook", "Thornhill", "Fratton", "Somers Town",
         "Paulsgrove", "Leigh Park", "Popley", "South Ham", "Rowner", "Stanmore", "Woolston")
STREET_STEMS = ("Elm", "Oak", "Victoria", "Station", "Church", "Mill", "London", "Winchester",
                "Portswood", "Cobden", "Kingsland", "Albert", "Alma", "Harbour", "Copnor", "Nelson",
                "Jubilee", "Meadow", "Priory", "Orchard")
STREET_SUFFIXES = ("Road", "Street", "Lane", "Avenue", "Close", "Crescent", "Drive", "Way", "Gardens")
POSTCODE_DISTRICTS = ("SO14", "SO15", "SO16", "SO17", "SO19", "PO1", "PO4", "PO6", "PO9", "RG21",
                      "RG24", "SO50", "SO23", "SP10", "PO14", "PO12", "GU11", "SO51", "SO40")
SCHOOLS = ("Bitterne Park School", "Oaklands Academy", "Regents Park Community College",
           "Mayfield School", "Cantell School", "Priory Academy", "Kings Meadow Primary")
ORGS = ("Shirley Youth Centre", "Solent Housing", "the Harbour Project", "Westside Family Hub",
        "the Bridge Youth Trust", "Sure Start Thornhill", "the Mayflower Medical Centre")
SHOPS = ("the Co-op", "the chicken shop", "the Spar", "the bookies", "the chippy", "the vape shop",
         "the Tesco Express", "the launderette")
COLOURS = ("silver", "black", "white", "grey", "dark blue", "red", "blue", "matt black", "dark grey")
VEHICLES = ("Ford Focus", "Ford Fiesta", "Vauxhall Corsa", "VW Golf", "BMW 3 Series", "Audi A3",
            "Mercedes A-Class", "Toyota Yaris", "Nissan Qashqai", "Ford Transit van", "Kia Sportage",
            "Range Rover Evoque", "Peugeot 208", "Seat Leon", "Mini Cooper", "Yamaha moped")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
HANDLES = ("@kayla_b07", "@tyler.x.23", "@zee_official", "@lilk_050", "@ghosty.ghost", "@mase_2k9")
ROLES = ("the DSL", "a youth worker", "a housing officer", "a school nurse", "the head of year",
         "a family support worker", "a social worker", "a health visitor", "the attendance officer")
# Current-format plate letters (no I, Q or Z in the random part).
PLATE_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"

OPENERS = (
    "I am {role} at {school} and I want to pass on a concern about {p1}.",
    "I work as {role} for {org} and was asked to submit this by my manager.",
    "Hi, I'm {role} at {org}. I'm sharing this because I think it needs to be on record.",
    "I have been made aware by a parent of a concern regarding {p1} ({age}).",
    "A colleague told me this morning about something she saw near {shop} on {street}.",
    "We are worried about {p1}, aged {age}, who attends {school}.",
    "I was told by a neighbour of one of our tenants that there is activity at {address}.",
    "I'm writing as {role}. This came up in a home visit on {date}.",
    "Passing this on as CPI as I'm not sure it meets the threshold for a referral.",
    "During a drop-in session at {org} a young person disclosed the following.",
)
EVENTS = (
    "{p1} has been seen getting into a {vehicle}, reg {plate}, near {shop} on {street}.",
    "A {vehicle} registration {plate} has been parked outside {address} most evenings this week.",
    "On {date} at around {time} {p1_first} was dropped off on {street}, {area} by an older male in a {vehicle}.",
    "The car is a {vehicle}, I think the plate was {plate} but I only saw it briefly.",
    "{p2} has been hanging around the school gates at home time and was seen handing {p1_first} a package.",
    "Neighbours report lots of short visits to {address}, {town} {postcode}, at all hours, mostly young lads on bikes.",
    "{p1_first} told staff that she has been staying at a flat in {area} with a man called {p2_first}, who is in his twenties.",
    "A {vehicle} ({plate}) was seen driving slowly past the youth centre several times on {date}.",
    "{p1_first} said that {p2} picks him up from {street} and drives him to {town} to 'do work'.",
    "Two males, one known as '{nick}', were seen on {date} outside {shop} in {area} exchanging small bags.",
    "{p1_first} returned home on {date} with a black eye and would not say what happened.",
    "Her mum's partner, {p2}, has a {vehicle} registration {plate} and collects her from school.",
    "Tenant at {address}, {postcode} reports a strong smell of cannabis and people coming and going from the flat above.",
    "{p1_first} was reported missing on {date} and was found in {town} the following morning.",
)
CONTACTS = (
    "{p1_first}'s mobile number is {mobile}.",
    "The number {p2_first} uses is {mobile} and he contacts {p1_first} late at night.",
    "Mum can be reached on {landline} or {mobile}.",
    "{p1_first} has a new phone and the number saved as '{nick}' is {mobile}.",
    "His Snapchat is {handle} and he posts videos of cash and knives.",
    "The landline at the address is {landline}.",
    "I have the number {mobile} written down from a text message {p1_first} showed me.",
)
RISKS = (
    "I am worried that {p1_first} is being groomed and exploited for county lines.",
    "{p1_first} has mentioned carrying a knife 'for protection'.",
    "There are concerns about cuckooing at the address as the tenant is vulnerable and has learning needs.",
    "{p1_first} has had new trainers, designer clothes and about £300 in cash with no explanation.",
    "Staff believe there may be drug dealing from the property.",
    "She disclosed that he hit her and took her phone, and she is scared to go home.",
    "There have been reports of a machete being shown to other children at the park.",
    "I think this may be linked to the OCG that has been active in {area}.",
    "{p1_first} has been going missing overnight and is vague about where she has been.",
    "Older males have been offering vapes and weed to year 9 pupils after school.",
    "There are concerns about domestic abuse in the home; police were called twice last month.",
    "{p1_first} appears to owe money to {p2_first} and says she has to 'pay it off'.",
)
FILLERS = (
    "Attendance has dropped to about 70% this term and he is often late.",
    "She has been withdrawn in lessons and has stopped seeing her usual friends.",
    "Mum says she is struggling to manage and has asked for help from early help.",
    "He is known to CAMHS and has an EHCP.",
    "The family moved to the area about a year ago and are not well known to services.",
    "There was no answer when we knocked and the curtains were closed.",
    "We have raised this with children's services and a strategy discussion is planned.",
    "She was tired and hungry when she arrived and said she had not eaten since the day before.",
    "He became defensive when asked about it and left the session early.",
    "The flat was untidy and there were several mobile phones on the table.",
    "Staff have noticed that she is on her phone constantly and gets anxious if she misses a call.",
    "This is the third time this has been mentioned to us in the last month.",
    "He said he was 'just helping a mate out' and that it was nothing to worry about.",
    "I don't have any more detail than this at the moment but will update if I hear more.",
    "Grandparents are involved and have been supportive but live some distance away.",
    "There is a younger sibling in the household who attends the primary school.",
    "The tenant is in rent arrears and has missed the last two appointments with us.",
    "We have no concerns about the parents themselves, who are engaging well.",
    "It was raining heavily so I did not get a clear look at the faces of the males.",
    "The youth club has a CCTV camera covering the car park which may have captured this.",
    "I spoke to the head of year who confirmed there had been a falling out between the two groups.",
    "She has stopped coming to netball and her grades have dropped noticeably.",
    "A neighbour said the men have been there 'on and off' since the summer.",
    "We have offered support through the school counsellor but she declined.",
)
CLOSERS = (
    "Please let me know if you need anything further.",
    "I have not spoken to mum yet.",
    "Submitted by {reporter}, {role}, {org}. Tel {landline}.",
    "Many thanks, {reporter}.",
    "I am happy to be contacted on {mobile} if needed.",
    "No further action taken by us at this stage.",
)
SENTENCE_BANKS = {"event": EVENTS, "contact": CONTACTS, "risk": RISKS, "filler": FILLERS}
BANK_WEIGHTS = {"event": 3, "filler": 4, "risk": 2, "contact": 1}


class _Person:
    def __init__(self, rng: random.Random):
        self.first = rng.choice(FIRST_F + FIRST_M)
        self.full = f"{self.first} {rng.choice(SURNAMES)}"


def _plate(rng: random.Random) -> str:
    area = "".join(rng.choice(PLATE_LETTERS) for _ in range(2))
    age = rng.choice(("15", "16", "17", "18", "19", "20", "21", "22", "23", "65", "66", "68", "69", "70", "71", "72"))
    return f"{area}{age} " + "".join(rng.choice(PLATE_LETTERS) for _ in range(3))


def _mobile(rng: random.Random) -> str:
    # Ofcom drama range 07700 900000-900999, written the ways partners write numbers.
    tail = f"{rng.randrange(1000):03d}"
    return rng.choice((f"07700 900{tail}", f"07700900{tail}", f"07700 900 {tail}", f"+44 7700 900{tail}"))


def _landline(rng: random.Random) -> str:
    tail = f"{rng.randrange(1000):03d}"  # Ofcom drama range 01632 960000-960999
    return rng.choice((f"01632 960{tail}", f"01632960{tail}", f"(01632) 960{tail}"))


def _postcode(rng: random.Random) -> str:
    return f"{rng.choice(POSTCODE_DISTRICTS)} {rng.randrange(1, 10)}{rng.choice(PLATE_LETTERS)}{rng.choice(PLATE_LETTERS)}"


def _street(rng: random.Random) -> str:
    return f"{rng.choice(STREET_STEMS)} {rng.choice(STREET_SUFFIXES)}"


def _date(rng: random.Random) -> str:
    day = rng.randrange(1, 29)
    nth = f"{day}{'th' if 10 < day < 14 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"
    return rng.choice((f"{rng.choice(WEEKDAYS)} {day} {rng.choice(MONTHS)}",
                       f"{day:02d}/{rng.randrange(1, 13):02d}/2024", f"the {nth} of {rng.choice(MONTHS)}",
                       f"{rng.choice(WEEKDAYS)} {nth}"))


def _time(rng: random.Random) -> str:
    return rng.choice((f"{rng.randrange(1, 12)}pm", f"{rng.randrange(13, 24)}:{rng.choice(('00', '15', '30', '45'))}",
                       "half past nine", "midnight"))


class _SlotValues(dict):
    """Slot values made on first use, so a sentence only draws the random values it needs."""

    def __init__(self, rng: random.Random, p1: _Person, p2: _Person, reporter: str):
        super().__init__(p1=p1.full, p1_first=p1.first, p2=p2.full, p2_first=p2.first, reporter=reporter)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        return SLOT_MAKERS[key](self.rng)


SLOT_MAKERS = {
    "age": lambda rng: str(rng.randrange(12, 18)), "role": lambda rng: rng.choice(ROLES),
    "school": lambda rng: rng.choice(SCHOOLS), "org": lambda rng: rng.choice(ORGS),
    "shop": lambda rng: rng.choice(SHOPS), "street": _street,
    "address": lambda rng: f"{rng.randrange(1, 140)} {_street(rng)}",
    "area": lambda rng: rng.choice(AREAS), "town": lambda rng: rng.choice(TOWNS),
    "postcode": _postcode, "plate": _plate, "mobile": _mobile, "landline": _landline,
    "vehicle": lambda rng: f"{rng.choice(COLOURS)} {rng.choice(VEHICLES)}",
    "date": _date, "time": _time, "nick": lambda rng: rng.choice(NICKNAMES),
    "handle": lambda rng: rng.choice(HANDLES),
}


def _target_words(rng: random.Random) -> int:
    pick, total = rng.random(), 0.0
    for share, low, high in LENGTH_BANDS:
        total += share
        if pick <= total:
            return rng.randint(low, high)
    return rng.randint(LENGTH_BANDS[-1][1], LENGTH_BANDS[-1][2])


def make_submission_text(rng: random.Random) -> str:
    """One partner narrative of MIN_WORDS..MAX_WORDS words."""
    target = _target_words(rng)
    p1, p2 = _Person(rng), _Person(rng)
    reporter = _Person(rng).full
    slots = _SlotValues(rng, p1, p2, reporter)
    sentences = [rng.choice(OPENERS).format_map(slots)]
    closer = rng.choice(CLOSERS).format_map(slots)
    words = len(sentences[0].split()) + len(closer.split())
    # Narrative body: events, contacts and risks, padded with background; no sentence repeats
    # until its bank runs out.
    banks = {name: [] for name in SENTENCE_BANKS}
    names, weights = list(BANK_WEIGHTS), list(BANK_WEIGHTS.values())
    while words < target:
        name = rng.choices(names, weights)[0]
        if not banks[name]:
            banks[name] = rng.sample(SENTENCE_BANKS[name], len(SENTENCE_BANKS[name]))
        sentence = banks[name].pop().format_map(slots)
        n = len(sentence.split())
        if words + n > MAX_WORDS:
            break
        sentences.append(sentence)
        words += n
    sentences.append(closer)
    # Partners write in paragraphs on longer notes.
    paragraphs, current = [], []
    for sentence in sentences:
        current.append(sentence)
        if len(current) >= 4 and rng.random() < 0.35:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def generate_submissions(n: int, *, seed: int = DEFAULT_SEED) -> list[dict]:
    """`n` submissions as {"id", "text"} dicts; the same n and seed give the same texts."""
    rng = random.Random(seed)
    return [{"id": f"bench-{i:06d}", "text": make_submission_text(rng)} for i in range(n)]


def iter_jsonl_lines(records: list[dict]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def write_jsonl(path: Path | str, records: list[dict]) -> Path:
    with atomic_writer(path) as handle:
        handle.writelines(iter_jsonl_lines(records))
    return Path(path)


def word_count(text: str) -> int:
    return len(text.split())
