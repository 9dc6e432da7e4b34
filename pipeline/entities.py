"""Entity stage: Presidio recognisers over the shared spaCy Doc, then filtering, overlap
resolution and normalisation into intelligence-log entities."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

import phonenumbers
from spacy.lang.en.stop_words import STOP_WORDS
from presidio_analyzer import AnalyzerEngine, RecognizerResult
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.recognizer_registry import RecognizerRegistryProvider

from pipeline.offline import enforce_offline
from pipeline.patterns_io import PATTERNS_DIR, PatternFileError, load_word_list, load_yaml_mapping
from pipeline.recognizers import PRIORITY_KEY, build_custom_recognizers, in_caps_line, load_given_names

# The types the intelligence log carries (Presidio's names where they exist).
ENTITY_TYPES = (
    "PERSON", "LOCATION", "ORGANIZATION", "PHONE_NUMBER", "EMAIL_ADDRESS", "DATE_TIME",
    "UK_POSTCODE", "UK_VEHICLE_REGISTRATION", "UK_NINO", "UK_NHS", "VEHICLE", "SOCIAL_HANDLE",
    "URL", "IP_ADDRESS", "IBAN_CODE", "CREDIT_CARD", "UK_PASSPORT", "UK_DRIVING_LICENCE",
)

# spaCy labels -> Presidio types. FAC holds most streets and premises the model does find.
_NER_MAPPING = {
    "PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
    "ORG": "ORGANIZATION", "DATE": "DATE_TIME", "TIME": "DATE_TIME", "NORP": "NRP",
}
_NER_IGNORED = ("NRP",)

# Overlap resolution: recognisers that validate a format beat the statistical model.
_DEFAULT_PRIORITY = {
    "EMAIL_ADDRESS": 98, "UK_NHS": 90, "IP_ADDRESS": 89, "UK_NINO": 88, "CREDIT_CARD": 86,
    "IBAN_CODE": 86, "PHONE_NUMBER": 84, "UK_POSTCODE": 80, "UK_PASSPORT": 30,
    "UK_DRIVING_LICENCE": 30, "URL": 40, "DATE_TIME": 35,
    "PERSON": 30, "LOCATION": 30, "ORGANIZATION": 25,
}

# The learned entity tagger's PERSON spans: below every recogniser (the statistical model's
# names are 30), with a fixed score (the tagger gives none).
LEARNED_PERSON_PRIORITY, LEARNED_PERSON_SCORE = 10, 0.6


def _people_the_tagger_reads(raw: list[RecognizerResult], text: str,
                             learned_people: list[tuple[int, int]]) -> list[RecognizerResult]:
    """A one-word ORGANIZATION that the learned entity tagger reads, with the same bounds, as a
    PERSON becomes a PERSON ("Keeley", "Budgie", "Unc": nicknames the md model takes for
    organisations). Longer spans keep their type: the tagger also reads "Meonside Pharmacy" or
    "Vickers Cars" as people; an organisation the writer defined in brackets stays one. Measured
    on dev rounds the tagger was not trained on (round 10 with
    the tagger trained before it, rounds 5-9 with one trained without them): ORGANIZATION
    precision 0.611 -> 0.710 and 0.944 -> 0.950 with no organisation lost, and round 10 PERSON
    recall 0.824 -> 0.862."""
    people = set(learned_people)
    if not people:
        return raw
    return [RecognizerResult("PERSON", r.start, r.end, r.score, analysis_explanation=r.analysis_explanation,
                             recognition_metadata=r.recognition_metadata)
            if r.entity_type == "ORGANIZATION" and (r.start, r.end) in people
            and not any(c.isspace() for c in text[r.start : r.end])
            and (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY) != "DefinedOrganisationRecognizer"
            else r
            for r in raw]

# "the" and a capitalised word ending in s: a family named by the plural of a surname ("the Varleys")
_FAMILY_PLURAL = re.compile(r"(?<![\w'’-])(?:the|The|THE)[ \t]+(?P<family>[A-Z][a-z]+s)(?![\w'’-])")
_DIGITS = re.compile(r"\d")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _propagate_defined_organisations(text: str, kept: list[RecognizerResult]) -> list[RecognizerResult]:
    """An organisation the writer defined in brackets ("Rowan (the day service he used to attend)")
    is that organisation wherever its name is written again ("no one from Rowan has been near")."""
    names = {text[r.start : r.end] for r in kept if r.entity_type == "ORGANIZATION"
             and (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY) == "DefinedOrganisationRecognizer"}
    if not names:
        return kept
    pattern = re.compile(r"(?<![\w'’&-])(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w'’&-])")
    extra = [RecognizerResult("ORGANIZATION", m.start(), m.end(), 0.6, recognition_metadata={
                 RecognizerResult.RECOGNIZER_NAME_KEY: "OrganisationPropagation", PRIORITY_KEY: 29})
             for m in pattern.finditer(text)]
    # the statistical model's reading of the same characters gives way ("Rowan" a place, "Addison" a person)
    spans = {(r.start, r.end) for r in extra}
    kept = [r for r in kept if not (r.entity_type in ("PERSON", "LOCATION") and _priority(r) <= 35
                                    and (r.start, r.end) in spans)]
    return resolve_overlaps([*kept, *extra])


def _possessive_without_apostrophe(text: str, kept: list[RecognizerResult]) -> list[RecognizerResult]:
    """ "Zak opened his bag ... a video of Zaks sister": a one-word name ending in "s" whose
    stem is another person's name in the submission is that person, the "s" a possessive
    written without its apostrophe."""
    words = {w for r in kept if r.entity_type == "PERSON" for w in text[r.start : r.end].split()}
    out = []
    for r in kept:
        value = text[r.start : r.end]
        if r.entity_type == "PERSON" and len(value) >= 4 and value.isalpha() and value.endswith("s") \
                and value[:-1] in words and value[0].isupper() and not value.isupper() \
                and not re.search(r"(?i)\bthe[ \t]+$", text[max(0, r.start - 5) : r.start]):  # "the Keels": a family
            r = RecognizerResult(r.entity_type, r.start, r.end - 1, r.score, r.analysis_explanation, r.recognition_metadata)
        out.append(r)
    return out


@dataclass(frozen=True)
class Entity:
    type: str
    start: int
    end: int
    text: str
    score: float
    normalized: str | None = None
    source: bool = False
    recognizer: str = ""

    def as_record(self) -> dict:
        return {"type": self.type, "start": self.start, "end": self.end, "text": self.text,
                "score": round(self.score, 3), "normalized": self.normalized, "source": self.source}


def organisations_the_tagger_backs(entities: Iterable[Entity], tagged: Iterable[tuple[int, int]]) -> list[Entity]:
    """An ORGANIZATION only the md model found ("SpacyRecognizer") is kept where a span of the
    learned entity tagger, of any type, overlaps it, and dropped where the tagger finds nothing:
    most such spans are acronyms, headings, teams and job titles ("MUGA", "SBAR", "FAO CPI",
    "Team Heron", "Clinical Specialist Physiotherapist"). Organisations of our own recognisers
    (a business suffix, a sign-off) keep their place whatever the tagger says. Measured on dev
    records the tagger had not been trained on, with a tagger trained before them: 84 records
    (588-record tagger) ORGANIZATION precision 0.863 -> 0.909, recall 0.815 -> 0.806; 192 records
    (420-record tagger) 0.891 -> 0.935, 0.791 -> 0.775; overall F2 unchanged to 3 decimals."""
    spans = sorted(tagged)
    return [e for e in entities
            if not (e.type == "ORGANIZATION" and e.recognizer == "SpacyRecognizer")
            or any(start < e.end and e.start < end for start, end in spans)]


_TAGGER_TYPES = ("PERSON", "LOCATION", "ORGANIZATION")


def entity_types_the_tagger_reads(entities: Iterable[Entity], tagged: Iterable[tuple[int, int, str]]) -> list[Entity]:
    """A name, place or organisation only the md model found ("SpacyRecognizer") takes the type
    the learned entity tagger gives the very same characters, when the two disagree: the md model
    calls towns people ("Carlisle", "Bridgwater"), businesses places ("Itchen Valley Vets") and
    villages organisations ("Hursley"). A full name (two words or more) the md model calls a
    PERSON stays a PERSON: a missed name costs more than a mistyped place. Measured on 71 dev
    records the 708-record tagger had not been trained on (round 13 and ids 127-134): 11 types
    put right, 4 put wrong before the full-name guard (3 after), 3 wrong either way."""
    kinds = {(start, end): kind for start, end, kind in tagged if kind in _TAGGER_TYPES}
    out = []
    for e in entities:
        kind = kinds.get((e.start, e.end))
        if kind and kind != e.type and e.type in _TAGGER_TYPES and e.recognizer == "SpacyRecognizer" \
                and not (e.type == "PERSON" and len(e.text.split()) >= 2):
            e = replace(e, type=kind)
        out.append(e)
    return out


class PrebuiltSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine around a model we already loaded: it never loads or downloads."""

    def __init__(self, nlp, ner_model_configuration: NerModelConfiguration):
        super().__init__(models=[{"lang_code": nlp.lang, "model_name": "prebuilt"}],
                         ner_model_configuration=ner_model_configuration)
        self.nlp = {nlp.lang: nlp}

    def load(self) -> None:
        pass

    def artifacts(self, doc):
        return self._doc_to_nlp_artifact(doc, doc.lang_)

    def _doc_to_nlp_artifact(self, doc, language: str) -> NlpArtifacts:
        """Without a lemmatizer in the pipeline (the default: it needs the tagger, which costs
        more than the NER), context words are matched on the lower-cased token text."""
        if doc.has_annotation("LEMMA"):
            return super()._doc_to_nlp_artifact(doc, language)
        entities, scores = self._get_updated_entities(self._get_entities(doc), self._get_scores_for_entities(doc))
        return NlpArtifacts(entities=entities, tokens=doc, tokens_indices=[t.idx for t in doc],
                            lemmas=[t.lower_ for t in doc], nlp_engine=self, language=language, scores=scores)


def build_analyzer(nlp, patterns_dir: Path = PATTERNS_DIR) -> tuple[AnalyzerEngine, PrebuiltSpacyNlpEngine]:
    """Presidio's AnalyzerEngine for UK text on our model, with our recognisers added."""
    enforce_offline()
    ner_config = NerModelConfiguration(
        model_to_presidio_entity_mapping=_NER_MAPPING,
        labels_to_ignore=list(_NER_IGNORED),
    )
    engine = PrebuiltSpacyNlpEngine(nlp, ner_config)
    registry = RecognizerRegistryProvider(
        conf_file=str(patterns_dir / "recognizers.yaml"), nlp_engine=engine
    ).create_recognizer_registry()
    for recognizer in build_custom_recognizers(patterns_dir):
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["en"])
    return analyzer, engine


def _priority(result: RecognizerResult) -> int:
    meta = result.recognition_metadata or {}
    return int(meta.get(PRIORITY_KEY, _DEFAULT_PRIORITY.get(result.entity_type, 20)))


# ... or a sign-off kiss ("Gail x"), or a layout gap before the next form field ("Grace Whitlock    NHS")
_PERSON_TAIL = re.compile(r"(?:['’]s?|\s+-.*|\n.*|[ \t]+x{1,4}|[ \t]{2,}.*|\t.*)$", re.S)
# The next word a job title ends with, in title case ("Tenancy Sustainment [Officer]"): the span
# is the start of the job title, not a name (capitals are post-nominals: "M. Oyelaran FSW").
_ROLE_WORD_AFTER = re.compile(r"[ \t]+([A-Z][a-z][\w-]*)(?![\w-])")
# Titles, relationship words and weekdays stay outside a name ("Mr [Hale]", "Tenant [Gordon Pike]").
_PERSON_HEAD = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lady|Lord|Rev|Cllr|Sr|Sister|MR|MRS|MS|MISS|DR)\.?|"
    # a clergy title, with its article ("The Revd [Philippa Orme-Baxter]", "Canon [Ruth Ede]")
    r"(?:The\s+)?(?:Very\s+|Ven\.?\s+|Rt\.?\s+Revd?\.?\s+)?(?:Revd|Rev|Reverend|Canon|Fr|Pastor|Imam|Rabbi)\.?|"
    # a police rank ("PC [Hadley]", "DS [Kaur]", "Sgt [Lowe]")
    r"(?:PC|PCSO|DC|DS|DI|DCI|Sgt|SGT|Sergeant|Insp|Inspector|Supt)\.?|"
    # a fire-service rank ("WM [Sadie Trevithick]", "CM [Rees]", "FF [Okafor]")
    r"(?:FF|CM|WM|SM|GM|AM)(?=[ \t]+[A-Z][a-z])|"
    # a greeting the model runs into the name it opens ("Hiya [Rhi]", "Morning [Jo]")
    r"(?:Hi|Hiya|Hey|Hello|Dear|Morning|Evening|Afternoon|Cheers|Thanks)(?=[ \t]+[A-Z])|"
    r"(?i:tenant|resident|patient|client|pupil|student|auntie|aunty|uncle|nan|nana|grandad|mum|dad|baby|crew)|"
    # a case label before the name ("Pt [Lewis Baker]", "Applicant [Kayleigh-Marie Stroud]", "YP [Kobe Ashworth]")
    r"(?:Pt|PT|YP|Applicant|APPLICANT|Claimant|Casualty|Witness|Victim|Suspect|Lodger|Occupant)|"
    # a weekday the model runs into a name ("on Saturday Kian told me")
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\s+(?=\S)")
# Hedges and copulas a span starts with ("[is Doherty]", "[possibly Rudd]").
_KIN_HEAD = re.compile(r"(?i:auntie|aunty|uncle|nan|nana|grandad)\s+(?=[A-Z])")
_PERSON_HEDGE = re.compile(
    r"^(?i:is|was|possibly|probably|maybe|perhaps|prob|poss|think|thinks|might\s+be|could\s+be|himself|herself|themselves)\s+(?=[A-Z])")
# a span the model starts at a middle initial ("Mr Wiremu [T. Ngata]"): the given name before it
_INITIAL_HEAD = re.compile(r"[A-Z]\.?[ \t]+[A-Z]")
_GIVEN_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][^\W\d_A-Z]+)[ \t]+$")
_FIRST_WORD = re.compile(r"^([A-Za-z]+)[ \t]+(?=\S)")
_AMP_LETTERS = re.compile(r"&[A-Za-z]{1,4}\b")
_LAST_WORD = re.compile(r"[ \t,]+([A-Za-z]+(?:&[A-Za-z]+)?)\.?$")
# Words a statistical span runs on into after a name ("KANE WHO GAVE", "Tom and").
_PERSON_STOP_TAIL = re.compile(r"\s+(?i:who|and|or|but|the|was|is|has|had|said|says|from|with|at|in|on|to)$")
# A name part joined by a hyphen with no space ("Tia-Louise", "ROSS-WHITE", "Okonkwo-Bell").
_HYPHEN_BEFORE = re.compile(r"[A-Za-z]+-$")
_HYPHEN_AFTER = re.compile(r"^-[A-Z][A-Za-z]*")
# A surname given as an initial after a name, where the name ends (a sign-off, a bracket, a list):
# "Sunita R (Safety desk)", "Olu A. - nights", "Kasia W, Customer Services"; the full stop of an
# initial only before a separator.
_INITIAL_AFTER = re.compile(r"^[ \t](?!I\b)[A-Z](?:\.(?=[ \t]+[-–|(])|(?=[ \t]*(?:[-–|,(/]|\n|$)))")
_INITIAL_STOP_AFTER = re.compile(r"^\.(?=[ \t]+[-–|(])")
_ENDS_INITIAL = re.compile(r"[a-z][ \t][A-Z]$")
# A capitals surname after a name written in title case ("Leon OKEKE", "Jasmine O'CONNOR").
_CAPS_SURNAME_AFTER = re.compile(r"^[ \t]((?:O['’])?[A-Z]{2,}(?:-[A-Z]{2,})?)(?![\w'’-])")


def trim_person(text: str, result: RecognizerResult, not_surnames: frozenset = frozenset(),
                post_nominals: frozenset = frozenset(), role_words: frozenset = frozenset()) -> RecognizerResult | None:
    """NER person spans run on into a possessive, a dash or the next line ("Kayla's", "Dwayne
    Campbell - Senior", "AMA OKAFOR\n- Age"), into post-nominal letters ("Dev Patel MRPharmS"),
    or start with a title, a hedge or a job title ("Mr Hale", "possibly Rudd", "CONTROLLER P.
    KHAN"), and stop short at a hyphen ("Tia-[Louise Barker]") or before a surname in capitals:
    fix both ends."""
    start, end = result.start, result.end
    # a nickname in quotes keeps its kin word ("Uncle Rob", "Auntie Lan" - data/ANNOTATION.md)
    quoted = start > 0 and text[start - 1] in "\"“" and text[end : end + 1] in "\"”"
    while True:
        value = text[start:end]
        if quoted and _KIN_HEAD.match(value):
            break
        head = _PERSON_HEAD.match(value) or _PERSON_HEDGE.match(value)
        if not head and role_words:
            first = _FIRST_WORD.match(value)
            head = first if first and first.group(1).lower() in role_words else None
        if not head or head.end() >= len(value):
            break
        start += head.end()
    while True:
        value = text[start:end]
        cut = _PERSON_TAIL.search(value) or _PERSON_STOP_TAIL.search(value)
        if not cut and post_nominals:
            last = _LAST_WORD.search(value)
            # post-nominal letters, or a role written as capitals after the name ("M. Oyelaran FSW")
            # (letters written with "&" are one: the span may stop before it, "BVM[&S]")
            joined = last.group(1) + (m.group(0) if last and (m := _AMP_LETTERS.match(text, end)) else "") if last else ""
            cut = last if last and (last.group(1) in post_nominals or joined in post_nominals
                                    or last.group(1).isupper() and last.group(1).lower() in role_words) else None
        if not cut or cut.start() == 0:
            break
        end = start + cut.start()
    if end <= start:
        return None
    role_after = _ROLE_WORD_AFTER.match(text, end)
    if role_after and role_after.group(1).lower() in role_words:
        return None
    if _INITIAL_HEAD.match(text, start):
        given = _GIVEN_BEFORE.search(text[max(0, start - 25) : start])
        if given and given.group(1).lower() not in STOP_WORDS and given.group(1).lower() not in role_words \
                and not _PERSON_HEAD.match(given.group(1) + " x"):
            start -= len(given.group(0))
    before = _HYPHEN_BEFORE.search(text[max(0, start - 20) : start])
    if before and (start - len(before.group(0)) == 0 or not text[start - len(before.group(0)) - 1].isalnum()):
        start -= len(before.group(0))
    after = _HYPHEN_AFTER.match(text[end : end + 30])
    if after:
        end += after.end()
    value = text[start:end]
    if not value.isupper():
        caps = _CAPS_SURNAME_AFTER.match(text[end : end + 40])
        if caps and caps.group(1).lower() not in not_surnames and caps.group(1) not in post_nominals \
                and caps.group(1).lower() not in role_words and not _AMP_LETTERS.match(text, end + caps.end()):
            end += caps.end()
    value = text[start:end]
    if _ENDS_INITIAL.search(value):
        stop = _INITIAL_STOP_AFTER.match(text[end : end + 4])
        end += stop.end() if stop else 0
    elif value[:1].isupper() and not value.isupper() and value[-1:].islower():
        initial = _INITIAL_AFTER.match(text[end : end + 8])
        end += initial.end() if initial else 0
    if (start, end) == (result.start, result.end):
        return result
    return RecognizerResult(result.entity_type, start, end, result.score,
                            result.analysis_explanation, result.recognition_metadata)


# Relabelling statistical ORGANIZATION spans (EntityFinder._relabel_organisation).
_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_ORG_SUFFIX = re.compile(
    r"(?i)\b(?:academy|school|college|primary|university|council|trust|association|partnership|"
    r"practice|surgery|service|services|project|forum|fc|afc|abc|club|ltd|limited|plc|llp|group|"
    r"homes|housing|church|mosque|solutions|lettings|cars|taxis|motors|autos|logistics|recruitment|"
    r"hospital|hospice|clinic|centre|team|unit|foods|buses|coaches|brotherhood|patriots|front)$")
# a school year or age-group team, alone or as a range: Y7, Y9/Y10, U14s, Year 11
_YEAR_GROUP = re.compile(r"(?i)(?:y|yr|year|u|under)[ -]?\d{1,2}s?(?:\s*[/&-]\s*(?:y|yr|year|u)?[ -]?\d{1,2}s?)?")
_SERVICE_WORD = re.compile(r"(?i)\b(?:service|services|team|care|justice|support|help|unit|hub)\b")
_SUPPORTED_PREMISES = re.compile(r"(?i)\bsupported\s+(?:housing|lodgings)$")
# where a place is named: "lives above the", "outside", "in the car park of", "the grounds of"
# (not "from the back of": a business run as a front is the organisation)
_PLACE_BEFORE = re.compile(
    r"(?i)\b(?:above|outside|behind|opposite|inside|near|next\s+to|in\s+front\s+of|car\s+park\s+of"
    r"|(?:grounds|entrance|gates?|fence)\s+of)"
    r"(?:\s+the)?\s+$")

# education bodies stay organisations even where a place is named: "the crossing outside Hart Plain
# Junior School" is the school (often the reporter's workplace)
_EDUCATION_SUFFIX = re.compile(
    r"(?i)\b(?:academy|school|college|primary|infants|juniors|university|secondary|sixth\s+form|"
    r"pupil\s+referral\s+unit|council|trust)(?:\s+(?:&|and)\s+[A-Z][\w'’ -]*)?$")
# a premises given with its address straight after ("Barclays on Newbury Street", "Spinnaker
# Clinic, Hampshire Terrace", "Golden Fryer on Station Road") or a room or flat in it before
# ("room 6, Hatherley Foyer"): the place, not the body
_ADDRESS_AFTER = re.compile(
    r"(?:,[ \t]*|[ \t]+on[ \t]+(?:the[ \t]+)?)(?:\d{1,4}[A-Za-z]?,?[ \t]+)?(?:[A-Z][a-z]+[ \t]+){1,2}"
    r"(?:Road|Street|Lane|Avenue|Close|Way|Drive|Parade|Grove|Hill|Crescent|Terrace|Place|Square|Row|Walk|"
    r"Gardens|Green|Broadway|Precinct|Yard|Quay|Quays)\b")
_COMPANY_FORM = re.compile(
    r"(?i)\b(?:ltd|limited|plc|llp|cic|motors|car\s+wash|valet|takeaway|foods|lettings|agents|estates|properties|management|\d+)$")
_ROOM_BEFORE = re.compile(r"(?i)\b(?:room|flat|unit|apartment|bedsit|bed)[ \t]+\d{1,4}[a-z]?[ \t]*,[ \t]*$")
# premises heads a patterned organisation is named by when it is the place ("Spinnaker Clinic")
_PREMISES_HEAD = re.compile(r"(?i)\s(?:clinic|centre|hospital|surgery|pharmacy|foyer|hostel|hotel|library|"
                            r"salon|barbers?|cafe|café|chippy|bar|pub|inn|store|stores|shop|mart)$")
# a product noun straight after a brand: "[Trapstar] tracksuit", "[Digital] scales"
_PRODUCT_AFTER = re.compile(
    r"[ \t]+(?i:tracksuits?|trackies|joggers|coats?|jackets?|puffers?|gilets?|hoodies?|trainers|sliders|"
    r"shoes|boots|caps?|hats?|bags?|man[ \t-]?bags?|scales|vapes?|watch|watches|tops?|shirts?|jeans|"
    r"sunglasses|headphones|airpods|chains?|belts?|bottles?|vodka|cans?|console|controllers?|tech|accents?|tattoos?)\b")
_MEASURE_BEFORE = re.compile(r"(?i:\b(?:bottles?|cans?|glass|glasses|shots?|packs?|packets?|boxes|box|crates?|litres?)[ \t]+of)[ \t]+$")
# a person and their firm joined by "of": "Lyle Marlowe of Marlowe Haulage Ltd"
_PERSON_OF_FIRM = re.compile(r"(?P<person>([A-Z][a-z]+(?:-[A-Z][a-z]+)?)[ \t]+(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
                             r"[ \t]+of[ \t]+(?P<firm>[A-Z0-9])")
# a home or block named as a workplace is a premises ("Registered Manager, Beechwood House",
# "I manage Lavender Court sheltered housing")
_DWELLING_HEAD = re.compile(r"(?i)\s(?:house|court|towers?|mansions|flats|heights|foyer|hostel|library)$")
# what only a person does, right after one word: "Tiny [will sort]", "Budgie [says]", "Reno [texted]"
_PERSON_VERBS = (r"says|said|told|tells|texted|texts|rang|rings|messaged|messages|picks|picked|drives|drove|"
                 r"pays|paid|gave|gives|sort|sorts|sorted|threatened|threatens|punched|hit|hits|laughed|shouted|"
                 r"lives|lived|reckons|owes|fancies|kissed|slapped|grabbed")
_VERB_LEAD = r"[ \t]+(?:(?:will|would|'ll|’ll|has|had|then|also|just)[ \t]+)?"
_PERSON_VERB_AFTER = re.compile(_VERB_LEAD + r"(?:" + _PERSON_VERBS + r")\b")
# a trade or venue noun right after a name: the name is a business, not a person ("works nights at
# Jade Garden takeaway", "Rosie Lee cafe")
_VENUE_AFTER = re.compile(r"[ \t]+(?i:takeaway|chippy|chip shop|kebab shop|restaurant|cafe|café|pub|hotel|nightclub|"
                          r"car wash|salon|barbers?|depot|yard|garage|wholesalers?)(?![\w-])")
# ... and what follows a name written in lower case after it was found capitalised: the same verbs
# and a few more only a person does ("voss hangs about", "summer begged me not to tell")
_LOWER_NAME_VERB_AFTER = re.compile(
    _VERB_LEAD + r"(?:" + _PERSON_VERBS + r"|begged|begs|hangs|hung|asked|asks|admitted|admits|smokes|smoked|"
    r"showed|shows|sent|sends|wants|wanted|disclosed|discloses|refused|refuses|climbs|climbed|swore|swears)\b")
_CALENDAR_WORD = re.compile(
    r"(?i:mon|tues|wednes|thurs|fri|satur|sun)day|(?:January|February|March|April|June|July|August|September|October|November|December)")
_SHORT_CAPS = re.compile(r"[A-Z]{2,3}")
# one word closing a line after a span: "Events & Weddings [Manager]", "Estates [Lead], 07700 ..."
_ROLE_CLOSES_LINE = re.compile(r"[ \t]+([A-Za-z-]+)[ \t]*(?:[,|/(]|\n|$)")
# two people signing off together at the start of a line ("Kez & Mo, streetbase", "DM + ROSIE, ...")
_NAME_PAIR = re.compile(r"[A-Z][A-Za-z]{1,11}[ \t]+(?:&|\+|and)[ \t]+[A-Z][A-Za-z]{1,11}")
# In a line written in capitals (`in_caps_line`) the model's ORGANIZATION spans are any capitalised
# words ("Y11 GIRLS", "WATER BOARD").
_NO_VOWEL_CAPS = re.compile(r"[B-DF-HJ-NP-TV-XZ]{2,6}")


# spaCy's stop words without those that open names of places and bodies ("FIRST BUS", "SEVEN
# SISTERS", "FRONT STREET", "TOP SHOP")
_FUNCTION_WORDS = frozenset(STOP_WORDS) - frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty forty fifty sixty hundred "
    "first last front back top bottom side full name call part well empty amount serious due various show give "
    "take move put see become get go keep make made say really regarding using used nobody next third".split())


# A street or area word at the end of a name: "Albert Road", "Leigh Park", "Wesley Mews" are places
# even where the model calls them people (the given-name lexicon reads their first word as a name).
_STREET_TAIL = re.compile(r"(?i)(?<![\w'’-])(?:road|rd|street|lane|avenue|ave|close|court|crescent|drive|way|gardens|"
                          r"place|terrace|grove|mews|parade|rise|row|walk|square|hill|park|green|vale|estate)$")
# a whole name as the model writes it: two to four capitalised words ("Tran Van Hung", "Amira Yusuf")
_MODEL_NAME = re.compile(r"[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*(?:[ ][A-Z][a-z]*(?:['’-][A-Z]?[a-z]+)*){1,3}")
# initials that are an everyday abbreviation before they are a person's ("AM", "PM", "OK", "ID")
_COMMON_INITIALISMS = frozenset("AM PM OK ID TV UK US EU GP YP PC DC DS DI MP RE PE IT HR NB PS AKA DOB ASB CSE CCE NHS".split())
# a nickname of a word and an initial, spread whole: "Little V", "Big J"
_NICKNAME_AND_INITIAL = re.compile(r"[A-Z][a-z]+[ \t][A-Z]")
# a one-word nickname in brackets straight after a name: "(Dot)", "(ade)"
_BRACKET_NICKNAME = re.compile(r"[ \t]*\((?P<nick>[A-Z]?[a-z]{1,11})\)")
# initials as a nickname in brackets, quoted or not, alone or before an age: "(TJ)", '("AJ", 16)'
_BRACKET_INITIALS = re.compile(r"[ \t]*\([\"“]?(?P<nick>[A-Z]{2,3})[\"”]?(?=\)|,[ \t]*\d)")
# a nickname in quotes in brackets after a name, whatever its shape: 'Tyrese Campbell ("T-Bone"), 20',
# 'Kofi Asante ("KB", 14)', 'jacob jessop ("jj")', 'Keanu ("K")'
_BRACKET_QUOTED = re.compile(
    r"[ \t]*\([ \t]*[\"“‘'](?P<nick>[A-Za-z][A-Za-z.'’-]{0,14}(?:[ \t][A-Za-z][A-Za-z.'’-]{0,14})?)[\"”’'](?=[ \t]*[),;])")
# a list of people after a names label: "names: summer clarke and her brother tank (might be Tyler),
# ... and mj.", "Names of subjects: J*** Hollis (16), "Mouse", ollie, finn kerr", "Names that come
# up: deacon, Marley Stokes"; the list runs to the end of the line or sentence
_NAMES_LABEL = re.compile(
    r"(?im)(?<![\w'’-])(?:name(?P<plural>s)|name)(?:[ \t]+(?:of[ \t]+(?:the[ \t]+)?(?:subjects?|suspects?|people|persons?|those[ \t]+involved|"
    r"others|lads|girls|boys|men|women|children|kids|young[ \t]+people|associates|friends|victims|individuals|males|females|group)"
    r"|(?:that|which|we|they|i|he|she)\b[^:\n]{0,30}|given|mentioned|used|involved))?[ \t]*:[ \t]*(?P<list>[^\n]{1,300})")
_LIST_PLACE_END = re.compile(
    r"(?i)[ \t](?:road|rd|street|st|lane|avenue|close|court|crescent|drive|way|gardens|place|terrace|grove|park|house|"
    r"estate|school|academy|college|centre|center|hospital|surgery|station|team|service|services|ltd|group)$")
_LIST_SPLIT = re.compile(r"[ \t]*(?:,|;|&|\+|/|\band\b|\bor\b)[ \t]*")
_LIST_BRACKET = re.compile(r"\([^()\n]*\)")
_LIST_END = re.compile(r"\.(?:[ \t]|$)")  # a full stop ends the list
_LIST_KIN = re.compile(
    r"^(?:(?:his|her|their|the|a|an)[ \t]+)?(?:(?:older|younger|big|little|twin|baby|half|step)[ \t]+)?"
    r"(?:brother|sister|cousin|mate|friend|boyfriend|girlfriend|dad|mum|uncle|auntie|aunty|nan|partner|son|daughter|lad|girl)[ \t]+", re.I)
_LIST_ITEM = re.compile(r"[\"“‘']?(?P<name>[A-Za-z][A-Za-z*'’-]*(?:[ \t]+[A-Za-z][A-Za-z*'’-]*){0,2})[\"”’']?")
_LIST_NOT_NAME = frozenset("unknown unk withheld none tbc nk n/k not known various others other etc unclear male female "
                           "adult adults child children boy boys girl girls man men woman women lad lads youth youths "
                           "white black asian mixed british dob aged age approx".split())
_NICKNAME_BEFORE = re.compile(r"(?<![\w'’-])(?P<nick>[A-Z][a-z]{2,11})[ \t]*\($")
_NAME_PARTS = re.compile(r"[A-Za-z][^\s'’-]*")

_ARTICLE = re.compile(r"^(?:the|The|THE)\s+(?=[A-Z])")


def trim_to_line(text: str, result: RecognizerResult) -> RecognizerResult | None:
    """An entity never spans a line break: the NER model runs a heading into the next line ("Yr
    [10\n\nMorning]") or a name into the phone number below it. Outer whitespace is dropped
    and, of what is left, the longest line is kept."""
    value = text[result.start : result.end]
    if not value.strip():
        return None
    if "\n" not in value and value == value.strip():
        return result
    offset, best = result.start, None
    for line in value.split("\n"):
        stripped = line.strip()
        if stripped and (best is None or len(stripped) > best[1] - best[0]):
            start = offset + line.index(stripped)
            best = (start, start + len(stripped))
        offset += len(line) + 1
    if best == (result.start, result.end):
        return result
    return RecognizerResult(result.entity_type, best[0], best[1], result.score,
                            result.analysis_explanation, result.recognition_metadata)


def trim_article(text: str, result: RecognizerResult) -> RecognizerResult:
    """"the" stays outside a place or organisation ("the [Royal Oak]", "the [Iron Oak Brotherhood]")."""
    head = _ARTICLE.match(text[result.start : result.end])
    if not head or result.start + head.end() >= result.end:
        return result
    return RecognizerResult(result.entity_type, result.start + head.end(), result.end, result.score,
                            result.analysis_explanation, result.recognition_metadata)


_PHONE_EXTENSION = re.compile(r"\s+(?i:ext|extn|x)\b\.?\s*\d{1,5}$")


def trim_phone(text: str, result: RecognizerResult) -> RecognizerResult:
    """An extension stays outside the number ("[01632 960 550] ext 5523")."""
    cut = _PHONE_EXTENSION.search(text[result.start : result.end])
    if not cut or cut.start() == 0:
        return result
    return RecognizerResult(result.entity_type, result.start, result.start + cut.start(), result.score,
                            result.analysis_explanation, result.recognition_metadata)


_DATE_HEAD = re.compile(r"^(?:\d{1,3}\s+(?=later|tonight|tomorrow|today|this|next|last)|earlier\s+(?=today|tonight|this)|overnight\s+(?=\S)|about\s+|around\s+|approx\.?\s+|approximately\s+)", re.I)
# "... every day", and a count the NER model runs on into ("Thurs 26 Feb one", "months 7").
_DATE_TAIL = re.compile(r"\s+every\s+\w+$|(?<=[a-z])\s+(?:one|two|three)$|(?<=ths|eks|ays|urs)\s+\d{1,2}$", re.I)


def trim_date(text: str, result: RecognizerResult) -> RecognizerResult | None:
    """"flat 9 tonight" -> "tonight", "about 06:15 every day" -> "06:15"."""
    value = text[result.start : result.end]
    head = _DATE_HEAD.match(value)
    tail = _DATE_TAIL.search(value)
    start = result.start + (head.end() if head else 0)
    end = result.start + (tail.start() if tail else len(value))
    if start >= end:
        return None
    if (start, end) == (result.start, result.end):
        return result
    return RecognizerResult(result.entity_type, start, end, result.score,
                            result.analysis_explanation, result.recognition_metadata)


def resolve_overlaps(results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
    """Keep, greedily, the highest-priority then longest then most confident span; drop any
    span that overlaps one already kept (a plate inside an ORG, a street inside an address)."""
    ranked = sorted(results, key=lambda r: (-_priority(r), -(r.end - r.start), -r.score, r.start))
    kept: list[RecognizerResult] = []
    for result in ranked:
        if all(result.end <= k.start or result.start >= k.end for k in kept):
            kept.append(result)
    return sorted(kept, key=lambda r: (r.start, r.end))


def normalise(entity_type: str, value: str) -> str | None:
    """The searchable form of a value for the log; None when there is nothing to normalise."""
    if entity_type == "UK_VEHICLE_REGISTRATION":
        return re.sub(r"\s+", "", value).upper()
    if entity_type == "UK_POSTCODE":
        compact = re.sub(r"\s+", "", value).upper()
        return f"{compact[:-3]} {compact[-3:]}" if len(compact) >= 5 and compact[-3].isdigit() else compact
    if entity_type == "PHONE_NUMBER":
        if re.search(r"[*xX#?]", value):
            return value  # masked by the partner: kept as given
        try:
            number = phonenumbers.parse(value, "GB")
        except phonenumbers.NumberParseException:
            return None
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if entity_type in ("UK_NINO",):
        return re.sub(r"\s+", "", value).upper()
    if entity_type == "UK_NHS":
        return re.sub(r"\D", "", value)
    if entity_type == "EMAIL_ADDRESS":
        return value.lower()
    if entity_type == "SOCIAL_HANDLE":
        return value.lstrip("@").lower()
    if entity_type == "VEHICLE":
        return " ".join(value.split()).lower()
    return None


class EntityFinder:
    """Finds intelligence-log entities in a Doc. Build once; call per Doc."""

    def __init__(self, nlp, patterns_dir: Path = PATTERNS_DIR, *, score_threshold: float = 0.0,
                 disabled_recognizers: Iterable[str] = ()):
        self.analyzer, self.engine = build_analyzer(nlp, patterns_dir)
        self.score_threshold = score_threshold
        lex = patterns_dir / "lexicons"
        self.ner_false_positives = frozenset(load_word_list(lex / "ner_false_positives.txt"))
        self.role_words = frozenset(load_word_list(lex / "role_words.txt"))
        self.not_surnames = frozenset(load_word_list(lex / "not_surnames.txt"))
        self.post_nominals = frozenset(
            w for line in load_word_list(lex / "post_nominals.txt", lower=False) for w in line.split())
        self.given_names = load_given_names(patterns_dir)
        # names that are never ordinary words: enough to overrule a pattern's ORGANIZATION
        self.plain_given_names = frozenset(
            w for line in load_word_list(lex / "first_names.txt") for w in line.split())
        vehicles = load_yaml_mapping(lex / "vehicles.yaml")  # validated by the vehicle recogniser
        self.vehicle_words = frozenset(str(w).lower() for key in ("makes", "models") for w in vehicles[key])
        self.vehicle_makes = frozenset(str(w).lower() for w in vehicles["makes"])
        not_dates = load_yaml_mapping(lex / "not_date_time.yaml").get("not_date_time") or []
        try:
            self.not_date_time = re.compile("(?i)(?:" + "|".join(f"(?:{p})" for p in not_dates) + ")")
        except re.error as err:
            raise PatternFileError(lex / "not_date_time.yaml", "not_date_time", f"invalid regex: {err}") from None
        not_org = load_yaml_mapping(lex / "not_organisation.yaml")
        try:
            self.not_organisation = re.compile(
                "(?i)(?:" + "|".join(f"(?:{p})" for p in not_org.get("not_organisation") or []) + ")")
        except re.error as err:
            raise PatternFileError(lex / "not_organisation.yaml", "not_organisation", f"invalid regex: {err}") from None
        try:
            self.org_shapes = re.compile("|".join(f"(?:{x})" for x in not_org.get("statistical_shapes") or []) or r"(?!)")
            self.org_followed_by = re.compile("(?i)" + str(not_org.get("followed_by") or r"(?!)"))
            self.org_place_followed_by = re.compile(str(not_org.get("place_followed_by") or r"(?!)"))
            self.org_department_tail = re.compile(str(not_org.get("department_tail") or r"(?!)"))
        except re.error as err:
            raise PatternFileError(lex / "not_organisation.yaml", "statistical_shapes", f"invalid regex: {err}") from None
        self.generic_org_words = frozenset(str(w).lower() for w in not_org.get("generic_words") or []) | self.role_words
        heads = sorted((str(w).lower() for w in not_org.get("place_heads") or []), key=len, reverse=True)
        self.place_head = re.compile(r"(?i)(?<![\w'’-])(?:" + "|".join(map(re.escape, heads)) + r")$") if heads else None
        not_person = load_yaml_mapping(lex / "not_person.yaml")
        try:
            self.person_followed_by = re.compile(str(not_person.get("followed_by") or r"(?!)"))
            self.person_place_before = re.compile(str(not_person.get("place_before") or r"(?!)"))
            self.person_place_label = re.compile(str(not_person.get("place_label_before") or r"(?!)"))
            self.person_animal_before = re.compile(str(not_person.get("animal_before") or r"(?!)"))
            heads = sorted((str(w) for w in not_person.get("place_heads") or []), key=len, reverse=True)
            self.person_place_head = re.compile(
                r"(?i)[ \t](?:" + "|".join(map(re.escape, heads)) + r")$" if heads else r"(?!)")
        except re.error as err:
            raise PatternFileError(lex / "not_person.yaml", "followed_by", f"invalid regex: {err}") from None
        self.not_nickname = frozenset(str(w).lower() for w in not_person.get("not_nickname") or []) | self.role_words
        # a town or area named where an organisation was expected ("her new work at Dibden Purlieu")
        self.places = frozenset(w.lower() for w in load_word_list(lex / "places.txt"))
        self.entity_types = list(ENTITY_TYPES)
        available = self.analyzer.registry.get_recognizers(language=nlp.lang, all_fields=True)
        unknown = set(disabled_recognizers) - {r.name for r in available}
        if unknown:
            raise ValueError(f"unknown recogniser(s) to disable: {', '.join(sorted(unknown))}")
        self.recognizers = [
            r for r in available
            if set(r.supported_entities) & set(self.entity_types) and r.name not in set(disabled_recognizers)
        ]
        self.context_recognizers = [r for r in self.recognizers if getattr(r, "context", None)]
        self.context_ids = {r.id for r in self.context_recognizers}

    def _trim_department(self, result: RecognizerResult, text: str) -> RecognizerResult:
        """A department after its body stays outside the organisation ("Eastleigh Borough Council
        [Housing]", "NEW FOREST HOMES [ESTATE SERVICES]"): patterns/lexicons/not_organisation.yaml
        department_tail."""
        cut = self.org_department_tail.search(text, result.start, result.end)
        if not cut or cut.start() <= result.start or cut.end() != result.end:
            return result
        return RecognizerResult(result.entity_type, result.start, cut.start(), result.score,
                                result.analysis_explanation, result.recognition_metadata)

    def _split_person_of_firm(self, result: RecognizerResult, text: str) -> tuple[RecognizerResult, ...]:
        """A person joined to their firm by "of", read as one organisation ("Driver was [Lyle Marlowe
        of Marlowe Haulage Ltd]", "Tom Reid of Reid Roofing"): the person, then the firm. Only a
        given name and a surname before the "of" ("Friends of ...", "Church of England" stay whole)."""
        m = _PERSON_OF_FIRM.match(text, result.start, result.end)
        # (a given name first, or the surname the firm is named by: "Lyle Marlowe of Marlowe Haulage")
        if not m or m.group(2).lower() not in self.given_names \
                and m.group("person").split()[-1] not in text[result.start + m.start("firm") - m.start() : result.end].split():
            return (result,)
        meta = dict(result.recognition_metadata or {})
        meta.pop(PRIORITY_KEY, None)
        firm = RecognizerResult("ORGANIZATION", result.start + m.start("firm") - m.start(), result.end, result.score,
                                result.analysis_explanation, result.recognition_metadata)
        person = RecognizerResult("PERSON", result.start, result.start + m.end("person") - m.start(), result.score,
                                  result.analysis_explanation, meta)
        return (person, firm)

    def _relabel_organisation(self, result: RecognizerResult, text: str) -> RecognizerResult:
        """A statistical ORGANIZATION span that is a person ("social worker, Nadia Price", "the
        boss Arben") or a place where things happen ("outside Rumbridge Pharmacy", "lives above
        the Red Lion") takes the right type. A patterned employer or sign-off keeps its type,
        except supported housing, which is a premises."""
        value = text[result.start : result.end]
        words = value.split()
        kind = None
        statistical = _priority(result) <= 30
        names = self.given_names if statistical else self.plain_given_names
        if 1 <= len(words) <= 3 and (statistical or len(words) >= 2) and all(_NAME_WORD.fullmatch(w) for w in words) \
                and words[0].lower() in names and not _ORG_SUFFIX.search(value) \
                and not (self.place_head and self.place_head.search(value)) \
                and not _VENUE_AFTER.match(text, result.end):
            kind = "PERSON"
        elif value.lower() in self.places or (
                self.place_head and (head := self.place_head.search(value))
                and (statistical and not ((suffix := _ORG_SUFFIX.search(value)) and suffix.start() <= head.start())
                     or _SUPPORTED_PREMISES.search(value))) \
                or not statistical and _DWELLING_HEAD.search(value) and not _ORG_SUFFIX.search(value[: -len(value.split()[-1])].rstrip()):
            kind = "LOCATION"
        elif not _EDUCATION_SUFFIX.search(value) and not (
                # (one word with 's is someone's home: "at Wez's on Victoria Road")
                " " not in value and value[-2:] in ("'s", "’s")) and (
                _ROOM_BEFORE.search(text[max(0, result.start - 20) : result.start])
                or _ADDRESS_AFTER.match(text, result.end)
                and (statistical and not _COMPANY_FORM.search(value) and not _ORG_SUFFIX.search(value)
                     or _PREMISES_HEAD.search(value))):
            kind = "LOCATION"
        elif _PLACE_BEFORE.search(text[max(0, result.start - 30) : result.start]) \
                and (not _ORG_SUFFIX.search(value) if statistical else not _EDUCATION_SUFFIX.search(value)):
            # "outside Rumbridge Pharmacy", "behind Bramblewood Surgery": premises named as the
            # place where things happen, whoever found them
            kind = "LOCATION"
        elif statistical and self.org_place_followed_by.match(text, result.end):
            # an area named as a group of young people ("Northend boys", "the Eastfield lot")
            kind = "LOCATION"
        elif statistical and _NAME_WORD.fullmatch(value) and value.lower() not in self.given_names \
                and self.person_place_before.search(text[max(0, result.start - 20) : result.start]):
            # one word the model calls an organisation where a town is named ("a party in Soton",
            # "a lad from Northend")
            kind = "LOCATION"
        elif statistical and _NAME_WORD.fullmatch(value) and "-" not in value and value.lower() not in self.places \
                and not value.endswith("s") \
                and _PERSON_VERB_AFTER.match(text, result.end):
            # one word the model calls an organisation that acts as only a person does ("Tiny will
            # sort you a phone", "Budgie says he borrowed", "Reno texted him"): a nickname (a word
            # ending in s is left alone: firms are often named so, "Barclays paid it back")
            kind = "PERSON"
        if kind is None:
            return result
        meta = dict(result.recognition_metadata or {})
        meta.pop(PRIORITY_KEY, None)
        return RecognizerResult(kind, result.start, result.end, result.score, result.analysis_explanation, meta)

    def _relabel_person(self, result: RecognizerResult, text: str) -> RecognizerResult:
        """A single capitalised word the model calls a person, after "in" or "from" and not a
        known given name, is a place ("missing from Birkenhead", "recruited in Constanta"). A
        name that ends in a building or dwelling noun is a premises, whoever found it ("Holly
        Tree Farm", "Sheridan Tower", "Brook Cottage"): the given-name lexicon reads its first
        word as a given name."""
        value = text[result.start : result.end]
        if _priority(result) <= 52 and self.person_place_head.search(value) and len(value.split()) >= 2 \
                and all(w[:1].isupper() for w in value.split()):
            return RecognizerResult("LOCATION", result.start, result.end, result.score,
                                    result.analysis_explanation, dict(result.recognition_metadata or {}))
        if _priority(result) > 30:
            return result
        if self.person_place_label.search(text[max(0, result.start - 30) : result.start]):
            # a name right after an address label is the place ("Home address: Thornton Heath")
            meta = dict(result.recognition_metadata or {})
            meta.pop(PRIORITY_KEY, None)
            return RecognizerResult("LOCATION", result.start, result.end, result.score, result.analysis_explanation, meta)
        if not _NAME_WORD.fullmatch(value) or value.lower() in self.given_names \
                or not self.person_place_before.search(text[max(0, result.start - 20) : result.start]):
            return result
        meta = dict(result.recognition_metadata or {})
        meta.pop(PRIORITY_KEY, None)
        return RecognizerResult("LOCATION", result.start, result.end, result.score, result.analysis_explanation, meta)

    def _plausible(self, result: RecognizerResult, text: str) -> bool:
        value = text[result.start : result.end]
        low = value.lower().strip()
        kind = result.entity_type
        if kind in ("ORGANIZATION", "LOCATION", "PERSON") and _YEAR_GROUP.fullmatch(low):
            return False
        if kind == "LOCATION":
            # a generic service taken for a place ("open to the Youth Justice Service")
            words = re.findall(r"[\w'’&-]+", low)
            if words and all(w in self.generic_org_words for w in words) and _SERVICE_WORD.search(low):
                return False
        if kind == "ORGANIZATION":
            # year groups, products, handles, clothing, sentences; generic services and headings
            if self.not_organisation.fullmatch(low):
                return False
            words = re.findall(r"[\w'’&-]+", low)
            if words and all(w in self.generic_org_words for w in words):
                return False
            line_start = text.rfind("\n", 0, result.start) + 1
            if _NAME_PAIR.fullmatch(value) and not text[line_start : result.start].strip() \
                    and text[result.end : result.end + 1] in (",", "\n", ""):
                return False
        if kind in ("PERSON", "LOCATION", "ORGANIZATION") and _priority(result) <= 70 \
                and in_caps_line(text, result.start, result.end):
            # a submission written in capitals: ordinary words taken for a name, a street or a
            # body ("HE SAID", "US", "GOING ALL THAT WAY") open with, or are mostly, function words
            words = re.findall(r"[\w'’]+", low)
            if words and (words[0] in _FUNCTION_WORDS
                          or len(words) >= 3 and sum(w in _FUNCTION_WORDS for w in words[:-1]) * 2 > len(words) - 1):
                return False
        if kind in ("ORGANIZATION", "LOCATION") and not _ORG_SUFFIX.search(value) and (
                _PRODUCT_AFTER.match(text, result.end) or _MEASURE_BEFORE.search(text, max(0, result.start - 20), result.start)):
            # a brand named by the thing it is on or the measure it comes in ("new Trapstar
            # tracksuit", "Digital scales", "a bottle of Malibu", "Pompey tattoo", "London
            # accents"): a product or a description, not a body or a place in the report
            return False
        if kind == "DATE_TIME":
            if _YEAR.match(low):
                return True
            return not self.not_date_time.fullmatch(low) and not low.isdigit()
        if kind == "PERSON" and " " in low and low in self.ner_false_positives:
            return False  # a brand of two words is never a name, whoever found it ("Michael Kors bag")
        if kind in ("PERSON", "ORGANIZATION", "LOCATION") and _priority(result) <= 30:
            # statistical NER only: drop vehicle words, drugs, platforms, roles, digits
            if low in self.ner_false_positives or low in self.vehicle_words:
                return False
            if kind == "LOCATION" and (
                    # a weekday or a month ("at the Friday night football")
                    _CALENDAR_WORD.fullmatch(value)
                    # an initialism that is not a known place: a role or a shift ("Kofi (RM, lates)")
                    or _SHORT_CAPS.fullmatch(value) and low not in self.places
                    # lower-case words the model reads as a place: a phrase opening with a function
                    # word ("the whole terrace", "give the road", "us"), or one word that is neither
                    # a known place nor a premises noun ("addresses of mosques")
                    or value == low and (low.split()[0] in _FUNCTION_WORDS
                                         or " " not in low and low not in self.places
                                         and not (self.place_head and self.place_head.search(low)))):
                return False
            words = re.findall(r"[\w'’&-]+", low)
            # a job title or team, not a name or a place ("Staff Nurse", "Health Visitor", "Team
            # Lead"; "Nicola, Nurse, Westwood Clinic" in a sign-off)
            if words and words[-1] in self.role_words:
                return False
            # a lone lower-case word is a name only when it is a known given name ("bin", "known")
            if kind == "PERSON" and value[:1].islower() and words[0] not in self.given_names:
                return False
            # an initialism without a vowel is a team or a service, not a name ("CMHT", "SPOC")
            if kind == "PERSON" and _NO_VOWEL_CAPS.fullmatch(value):
                return False
            # a brand worn or carried ("white Moncler puffer")
            if kind == "PERSON" and self.person_followed_by.match(text, result.end):
                return False
            # a pet ("her French bulldog, Bruno")
            if kind == "PERSON" and self.person_animal_before.search(text, max(0, result.start - 30), result.start):
                return False
            # a make, or only model words ("Ford", "Seat Leon", "Corsa"); a model that is also a
            # given name does not spoil a full name ("Rio Campbell", "Leon Okeke")
            if kind == "PERSON" and (_DIGITS.search(value) or any(w in self.vehicle_makes for w in low.split())
                                     or all(w in self.vehicle_words for w in low.split())):
                return False
            if kind == "ORGANIZATION" and any(w in self.vehicle_words for w in low.split()):
                return False
            # a make or model in the plural ("3 new Range Rovers")
            if kind == "ORGANIZATION" and len(low) > 4 and low.endswith("s") and low[:-1] in self.vehicle_words:
                return False
            # an organisation's name is capitalised ("scrambler", "grey tracksuit" are not)
            if kind == "ORGANIZATION" and value == low:
                return False
            # in a line written all in capitals the model takes any words for an organisation;
            # only a name ending in an organisation word is kept ("SOLENT BLUE COACHES")
            if kind == "ORGANIZATION" and not _ORG_SUFFIX.search(value) and in_caps_line(text, result.start, result.end):
                return False
            # a job title on a signature line: what opens the line before a role word that closes
            # it is a department or a specialty ("Events & Weddings Manager", "Estates Lead, ...")
            if kind == "ORGANIZATION" and not text[text.rfind("\n", 0, result.start) + 1 : result.start].strip() \
                    and (role := _ROLE_CLOSES_LINE.match(text, result.end)) and role.group(1).lower() in self.role_words:
                return False
            # an initialism, or a drug line, platform or record by the noun after it ("the Zee line")
            if kind == "ORGANIZATION" and (self.org_shapes.fullmatch(value)
                                           or self.org_followed_by.match(text, result.end)):
                return False
        if kind == "UK_PASSPORT" and len(re.sub(r"\D", "", value)) >= 10:
            return False
        return True

    def _prefer_model_names(self, raw: list[RecognizerResult], text: str) -> list[RecognizerResult]:
        """The NER model's full name beats a pattern's part of it: "Terry [Kelly]" and "Amira
        [Yusuf]" from the given-name lexicon become "Terry Kelly", "Amira Yusuf"; a premises
        pattern's "Sam Ward" that the model calls a person, after a given name, is the person."""
        model = [r for r in raw if r.entity_type == "PERSON" and _priority(r) <= 30
                 and _MODEL_NAME.fullmatch(text[r.start : r.end]) and self._plausible(r, text)]
        if not model:
            return raw
        extra = []
        for r in raw:
            if _priority(r) <= 30 or r.entity_type not in ("PERSON", "LOCATION"):
                continue
            for m in model:
                inside = m.start <= r.start and r.end <= m.end and (m.start, m.end) != (r.start, r.end)
                same_place = r.entity_type == "LOCATION" and (m.start, m.end) == (r.start, r.end) \
                    and text[r.start : r.end].split()[0].lower() in self.plain_given_names \
                    and not _STREET_TAIL.search(text[r.start : r.end])
                if r.entity_type == "PERSON" and inside or same_place:
                    meta = dict(m.recognition_metadata or {})
                    meta[PRIORITY_KEY] = _priority(r) + 1
                    extra.append(RecognizerResult("PERSON", m.start, m.end, m.score, m.analysis_explanation, meta))
        return [*raw, *extra]

    def _bracket_nicknames(self, text: str, kept: list[RecognizerResult]) -> list[RecognizerResult]:
        """A nickname in brackets after a full name is the same person: "Mrs Dorothy Ferrand
        (Dot)", "Adrian Marsh-Kowal (ade)". Only after a PERSON of two words or more, so a place
        in brackets after a street ("Milton Road (Eastleigh)") is never taken; a lower-case word
        only when it shortens the given name."""
        extra = []
        for r in kept:
            if r.entity_type != "PERSON":
                continue
            quoted = _BRACKET_QUOTED.match(text, r.end)
            if quoted and quoted.group("nick").lower() not in self.not_nickname \
                    and quoted.group("nick").lower() not in self.ner_false_positives:
                extra.append(RecognizerResult(
                    "PERSON", quoted.start("nick"), quoted.end("nick"), 0.6,
                    recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: "BracketNickname", PRIORITY_KEY: 52}))
                continue
            words = [w for w in text[r.start : r.end].split() if w.strip(".").lower() not in self.not_nickname]
            if len(words) < 2:
                continue
            # a short form before the full name in brackets: "Zuza (Zuzanna Wójcik, 14"
            before = _NICKNAME_BEFORE.search(text[max(0, r.start - 16) : r.start])
            if before and words[0].lower().startswith(before.group("nick").lower()[:3]) \
                    and before.group("nick").lower() not in self.not_nickname:
                extra.append(RecognizerResult(
                    "PERSON", r.start - len(before.group(0)), r.start - len(before.group(0)) + len(before.group("nick")),
                    0.6, recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: "BracketNickname", PRIORITY_KEY: 52}))
            m = _BRACKET_NICKNAME.match(text, r.end)
            if not m:
                # the initials of the name's parts, in order ("Tyler-Jay Atwal ("TJ", 16)")
                m = _BRACKET_INITIALS.match(text, r.end)
                # (a name written surname first, "ODUYA, Tyreke-Jay", is read given name first)
                surname, _, given = text[r.start : r.end].rpartition(",")
                initials = "".join(w[0].upper() for w in _NAME_PARTS.findall(f"{given} {surname}"))
                if not m or not initials.startswith(m.group("nick")):
                    continue
            nick = m.group("nick")
            low = nick.lower()
            if low in self.not_nickname or low in self.ner_false_positives or low in self.places:
                continue
            if nick.islower() and not words[0].lower().startswith(low[:2]):
                continue
            extra.append(RecognizerResult(
                "PERSON", m.start("nick"), m.end("nick"), 0.6,
                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: "BracketNickname", PRIORITY_KEY: 52}))
        return resolve_overlaps([*kept, *extra]) if extra else kept

    def _name_lists(self, text: str) -> list[RecognizerResult]:
        """The people in a list after a names label ("names: summer clarke and her brother tank
        (might be Tyler), and mj."): each item of one to three words, once a kin noun before it and
        a note in brackets after it are set aside, is a name, in whatever case it is written."""
        found = []
        for label in _NAMES_LABEL.finditer(text):
            body = label.group("list")
            stop = _LIST_END.search(body)
            body = body[: stop.start()] if stop else body
            offset = label.start("list")
            masked = _LIST_BRACKET.sub(lambda m: " " * len(m.group(0)), body)
            position = 0
            for part in _LIST_SPLIT.split(masked):
                at = masked.index(part, position) if part else position
                position = at + len(part)
                item = part.strip()
                if not item:
                    continue
                at += part.index(item)
                kin = _LIST_KIN.match(item)
                if kin:
                    at += kin.end()
                    item = item[kin.end():]
                m = _LIST_ITEM.fullmatch(item.rstrip())
                if not m or _LIST_PLACE_END.search(m.group("name")):
                    continue
                name = m.group("name")
                words = [w.lower().strip("*") for w in name.split()]
                if any(not w or w in _FUNCTION_WORDS or w in _LIST_NOT_NAME or w in self.role_words
                       or w in self.ner_false_positives for w in words):
                    continue
                start = offset + at + m.start("name")
                found.append(RecognizerResult("PERSON", start, start + len(name), 0.6, recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: "NameList", PRIORITY_KEY: 56}))
                if not label.group("plural"):
                    break  # "Name:" gives one person; what follows is their details
        return found

    def _propagate_names(self, text: str, kept: list[RecognizerResult]) -> list[RecognizerResult]:
        """A name found once is a name everywhere in the submission ("Kayla ... Kayla said")."""
        parts = set()
        for r in kept:
            if r.entity_type == "PERSON":
                if _NICKNAME_AND_INITIAL.fullmatch(text[r.start : r.end]):
                    parts.add(text[r.start : r.end])  # "Little V", "Big J": the whole nickname, not "Little"
                    continue
                for word in text[r.start : r.end].split():
                    word = word.strip(".,'\"")
                    if len(word) >= 3 and word[0].isupper() and "*" not in word and word.lower() not in self.ner_false_positives and not word.isupper():
                        parts.add(word)
                    elif len(word) >= 3 and word.isalpha() and word.isupper() and word.lower() not in self.ner_false_positives \
                            and word.lower() not in self.role_words and len(span_words := text[r.start : r.end].split()) >= 2 \
                            and all(w.strip(".,'\"").isupper() for w in span_words):
                        parts.add(word)  # a full name in capitals ("DEXTER LLOYD"), then one word of it ("LLOYD HAS BOOKED")
                    elif len(word) >= 3 and word.isalpha() and word.islower() and word not in self.ner_false_positives \
                            and (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY) == "PersonContextRecognizer":
                        parts.add(word)  # a lower-case nickname given as a name ("saved as biscuit ... biscuit is 20")
                    elif (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY) == "NameList" \
                            and len(word) >= 3 and word.isalpha() and word.islower() and word not in self.ner_false_positives:
                        parts.add(word.capitalize())  # a name listed in lower case, then written capitalised ("Summer")
                    elif (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY) in (
                            "BracketNickname", "PersonContextRecognizer") \
                            and 2 <= len(word) <= 3 and word.isupper():
                        parts.add(word)  # initials given as a nickname ("TJ") are that person again
        # a person found by full name and then written by their initials ("Lenny Marsh (referred to
        # as LM) ... LM twisted her arm", "RF (Reece Frost, Year 11)", "Kobe Ashworth (KA on our
        # register)"): the initials, in capitals, are that person too
        initials = set()
        for r in kept:
            words = text[r.start : r.end].split()
            if r.entity_type == "PERSON" and 2 <= len(words) <= 3 \
                    and all(_NAME_WORD.fullmatch(w.rstrip(",.")) for w in words):
                letters = "".join(w[0] for w in words)
                if letters.lower() not in self.ner_false_positives and letters not in _COMMON_INITIALISMS:
                    initials.add(letters)
        if not parts and not initials:
            return kept
        extra = [RecognizerResult("PERSON", m.start(), m.end(), 0.6, recognition_metadata={
                     RecognizerResult.RECOGNIZER_NAME_KEY: "NamePropagation", PRIORITY_KEY: 29})
                 for m in re.finditer(r"(?<![\w.*'’-])(?:" + "|".join(sorted(initials)) + r")(?![\w*'’-]|\.\w)", text)] \
            if initials else []
        if not parts:
            found = {(r.start, r.end) for r in extra}
            kept = [r for r in kept if not (r.entity_type in ("LOCATION", "DATE_TIME", "ORGANIZATION")
                                            and _priority(r) <= 35 and (r.start, r.end) in found)]
            return resolve_overlaps([*kept, *extra])
        pattern = re.compile(r"(?<![\w*-])(?:" + "|".join(map(re.escape, sorted(parts, key=len, reverse=True))) + r")(?:[ \t]+(?:" + "|".join(map(re.escape, sorted(parts, key=len, reverse=True))) + r"))*(?![\w*]|-\w)")
        extra += [
            RecognizerResult("PERSON", m.start(), m.end(), 0.6,
                             recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: "NamePropagation", PRIORITY_KEY: 29})
            for m in pattern.finditer(text)
        ]
        # a name found capitalised, then written in lower case where it acts as only a person does
        # ("Lenny Voss ... said voss hangs about", "Tel Hughes ... on my visit tel was crying" is
        # not caught: only a person verb right after counts, so "a moss bank" or "rich food" stay out)
        lower = {w.lower() for w in parts if w.isalpha() and w[0].isupper() and not w.isupper()}
        if lower:
            lower_pattern = re.compile(r"(?<![\w*'’-])(?:" + "|".join(map(re.escape, sorted(lower, key=len, reverse=True)))
                                       + r")(?![\w*'’-])(?=" + _LOWER_NAME_VERB_AFTER.pattern + r")")
            extra += [
                RecognizerResult("PERSON", m.start(), m.end(), 0.6,
                                 recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: "NamePropagation", PRIORITY_KEY: 29})
                for m in lower_pattern.finditer(text)
            ]
        # a family named by the plural of a surname found on a person ("Ronnie VARLEY ... nobody
        # grasses on the Varleys", "Dean Keel ... scared of the Keels")
        surnames = {w.strip(".,'\"").capitalize() for r in kept if r.entity_type == "PERSON"
                    for w in text[r.start : r.end].split()[1:] if len(text[r.start : r.end].split()) >= 2}
        surnames = {w for w in surnames if len(w) >= 3 and w.isalpha() and w.lower() not in self.ner_false_positives}
        if surnames:
            extra += [
                RecognizerResult("PERSON", m.start("family"), m.end("family"), 0.6, recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: "NamePropagation", PRIORITY_KEY: 29})
                for m in _FAMILY_PLURAL.finditer(text)
                if m["family"][:-1] in surnames or m["family"].endswith("es") and m["family"][:-2] in surnames
            ]
        # the same name the model called a place, a date or an organisation ("Jordan", "Summer")
        # is the person: a statistical span of exactly a propagated name gives way
        # ... and so does a town from the gazetteer that is a surname of a person named in full
        # ("Kieran Dawlish ... Dawlish pulled his patka off")
        found = {(r.start, r.end) for r in extra}
        kept = [r for r in kept if not (r.entity_type in ("LOCATION", "DATE_TIME", "ORGANIZATION")
                                        and (_priority(r) <= 35 or text[r.start : r.end] in surnames and (
                                            r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY)
                                            == "PlaceGazetteerRecognizer")
                                        and (r.start, r.end) in found)]
        return resolve_overlaps([*kept, *extra])

    def find(self, doc, learned_people: Iterable[tuple[int, int]] = ()) -> list[Entity]:
        """The entities of one Doc. `learned_people` are (start, end) PERSON spans of the learned
        entity tagger (pipeline/learned.py): they rank below every recogniser, so one is kept only
        where no other entity is, and pass the same checks as the statistical model's names. A
        one-word ORGANIZATION the tagger reads, exactly, as a PERSON is a person."""
        text = doc.text
        artifacts = self.engine.artifacts(doc)
        raw: list[RecognizerResult] = []
        # Our own loop rather than AnalyzerEngine.analyze: analyze() drops a span contained in
        # a same-type span before we can rank them (a masked name inside an NER PERSON).
        for recognizer in self.recognizers:
            found = recognizer.analyze(text=text, entities=self.entity_types, nlp_artifacts=artifacts)
            for result in found or ():
                meta = result.recognition_metadata or {}
                meta.setdefault(RecognizerResult.RECOGNIZER_NAME_KEY, recognizer.name)
                meta.setdefault(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, recognizer.id)
                result.recognition_metadata = meta
                raw.append(result)
        # Presidio's context words only raise scores; the enhancer deep-copies every result, so
        # it only sees results from recognisers that have context words.
        with_context = [r for r in raw if r.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] in self.context_ids]
        if with_context:
            raw = [r for r in raw if r.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] not in self.context_ids]
            raw += self.analyzer.context_aware_enhancer.enhance_using_context(
                text=text, raw_results=with_context, nlp_artifacts=artifacts, recognizers=self.context_recognizers
            )
        raw = [r for r in (trim_to_line(text, r) for r in raw) if r is not None]
        raw = [trim_person(text, r, self.not_surnames, self.post_nominals, self.role_words) if r.entity_type == "PERSON"
               else trim_date(text, r) if r.entity_type == "DATE_TIME"
               else trim_article(text, r) if r.entity_type in ("LOCATION", "ORGANIZATION")
               else trim_phone(text, r) if r.entity_type == "PHONE_NUMBER" else r for r in raw]
        raw = [r for r in raw if r is not None]
        raw = [self._trim_department(r, text) if r.entity_type == "ORGANIZATION" else r for r in raw]
        raw = [x for r in raw for x in (self._split_person_of_firm(r, text) if r.entity_type == "ORGANIZATION" else (r,))]
        raw = [self._relabel_organisation(r, text) if r.entity_type == "ORGANIZATION"
               else self._relabel_person(r, text) if r.entity_type == "PERSON" else r
               for r in raw if r is not None]
        raw = self._prefer_model_names(raw, text)
        learned_people = list(learned_people)
        raw = _people_the_tagger_reads(raw, text, learned_people)
        learned = (trim_person(text, RecognizerResult("PERSON", start, end, LEARNED_PERSON_SCORE, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: "LearnedEntityTagger", PRIORITY_KEY: LEARNED_PERSON_PRIORITY}),
            self.not_surnames, self.post_nominals, self.role_words) for start, end in learned_people)
        raw += [r for r in learned if r is not None]
        raw += self._name_lists(text)
        kept = resolve_overlaps([
            r for r in raw if r.score > max(0.0, self.score_threshold - 1e-9) and self._plausible(r, text)
        ])
        kept = self._bracket_nicknames(text, kept)
        kept = self._propagate_names(text, kept)
        kept = _propagate_defined_organisations(text, kept)
        kept = _possessive_without_apostrophe(text, kept)
        return [
            Entity(
                type=r.entity_type, start=r.start, end=r.end, text=text[r.start : r.end],
                score=float(r.score), normalized=normalise(r.entity_type, text[r.start : r.end]),
                recognizer=(r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY, ""),
            )
            for r in kept
        ]
