"""Positive and negative tables for each recogniser of ours, run on raw text (no model)."""

import datetime as dt

import pytest

from pipeline.patterns_io import PATTERNS_DIR, PatternFileError
from pipeline.recognizers import (
    ContextPatternRecognizer,
    PlaceGazetteerRecognizer,
    VehicleDescriptionRecognizer,
    VehicleRegistrationRecognizer,
    build_phone_recognizer,
    load_pattern_recognizers,
    valid_age_identifiers,
)


def found(recognizer, text):
    return [text[r.start : r.end] for r in recognizer.analyze(text, None)]


@pytest.fixture(scope="module")
def by_name():
    return {r.name: r for r in load_pattern_recognizers(PATTERNS_DIR)}


@pytest.fixture(scope="module")
def plates():
    return VehicleRegistrationRecognizer(PATTERNS_DIR)


# fmt: off
PLATE_POSITIVE = [
    ("seen in HN19 XKD outside", "HN19 XKD"),
    ("car reg hn19xkd", "hn19xkd"),
    ("a blue Corsa GU64RKD", "GU64RKD"),
    ("the plate was GU64 R??", "GU64 R??"),
    ("partial reg HN19 only", "HN19"),
    ("a black VW Golf R reg starts KX19 is selling", "KX19"),
    ("prefix plate A123 BCD", "A123 BCD"),
    ("old car ABC 123D", "ABC 123D"),
    ("NI car ABZ 1234", "ABZ 1234"),
    ("the car is usually yia2113", "yia2113"),
    ("private plate on the van 7 AB", "7 AB"),
    ("registration sv70 opu", "sv70 opu"),
]
PLATE_NEGATIVE = [
    "he stayed for 2 h",
    "age 14 y/o",
    "b12 cat food",
    "call 999 or 101",
    "IQ19 ABC",            # I and Q are never in the first two letters
    "HN99 XKD",            # 99 is not an age identifier
    "HN19 XQD",            # Q never in the last three
    "partial HN19 without any vehicle word",
    "ZZ19 ABC",
    "SO51 and has not been paid",   # mixed case is prose, not a plate
    "a red Audi A3 and a van",
    "works at the car wash in Winchester SO23 and",   # an outward postcode, not a partial plate
]
# fmt: on


@pytest.mark.parametrize("text,plate", PLATE_POSITIVE)
def test_recognizers_plate_positive(plates, text, plate):
    assert plate in found(plates, text)


@pytest.mark.parametrize("text", PLATE_NEGATIVE)
def test_recognizers_plate_negative(plates, text):
    assert found(plates, text) == []


def test_recognizers_age_identifiers_follow_the_calendar():
    ids = valid_age_identifiers(dt.date(2026, 11, 21))
    assert {"02", "26", "51", "76"} <= ids and not {"01", "27", "50", "77"} & ids
    assert "76" not in valid_age_identifiers(dt.date(2026, 5, 1))


# fmt: off
PATTERN_CASES = [
    # recogniser, text, expected values (empty = nothing)
    ("MaskedPhoneRecognizer", "her number is 07*** 8*2*1* apparently", ["07*** 8*2*1*"]),
    ("MaskedPhoneRecognizer", "calls from 07xxx xxx123", ["07xxx xxx123"]),
    ("MaskedPhoneRecognizer", "rang +44 7700 ***123 twice", ["+44 7700 ***123"]),
    ("MaskedPhoneRecognizer", "number 07700 900123 in full", []),
    ("MaskedPhoneRecognizer", "P**** R**** was there", []),
    ("PhoneFragmentRecognizer", "numbers: 07700 900123, 8*7*8*", ["8*7*8*"]),
    ("PhoneFragmentRecognizer", "she got 8*7*8* in a test", []),
    ("SocialHandleRecognizer", "messaging @kayla_b07 on insta", ["@kayla_b07"]),
    ("SocialHandleRecognizer", "Snapchat: kaylab07", ["kaylab07"]),
    ("SocialHandleRecognizer", "he is on insta as jayboi", ["jayboi"]),
    ("SocialHandleRecognizer", "added her on snapchat and messaged", []),
    ("SocialHandleRecognizer", "messages on Snapchat (yusufh16) daily", ["yusufh16"]),
    ("SocialHandleRecognizer", "PUT IT ON SNAP (kasia.zielinska).", ["kasia.zielinska"]),
    ("SocialHandleRecognizer", "the Telegram name cian.byrne today", ["cian.byrne"]),
    ("SocialHandleRecognizer", "email j.smith@example.com", []),
    ("NinoRecognizer", "NI number QQ 12 34 56 C", ["QQ 12 34 56 C"]),
    ("NinoRecognizer", "NI number QQ123456C", ["QQ123456C"]),
    ("NinoRecognizer", "ref GB 12 34 56 C", []),
    ("OutwardPostcodeRecognizer", "lives in the SO15 area", ["SO15"]),
    ("OutwardPostcodeRecognizer", "address SO15 2JH", ["SO15 2JH"]),
    ("OutwardPostcodeRecognizer", "postcode po9 1ab", ["po9 1ab"]),
    ("OutwardPostcodeRecognizer", "high in B12", ["B12"]),
    ("OutwardPostcodeRecognizer", "in HN19 now", []),          # HN is not a postcode area
    ("OutwardPostcodeRecognizer", "Nelson Parade, Romsey SO51 and", ["SO51"]),
    ("OutwardPostcodeRecognizer", "around the Subway on Cobden Parade, PO14.", ["PO14"]),
    ("OutwardPostcodeRecognizer", "driving on the M27 again", []),
    ("PersonContextRecognizer", "a man called Dave", ["Dave"]),
    ("PersonContextRecognizer", "known as 'Smiley'", ["Smiley"]),
    ("PersonContextRecognizer", "an older lad aka tj", ["tj"]),
    ("PersonContextRecognizer", "Tom \"Smiley\" Reilly", ["Smiley"]),
    ("PersonContextRecognizer", "spoke to P**** R**** and J***", ["P**** R****", "J***"]),
    ("PersonContextRecognizer", "she called the police", []),
    ("PersonContextRecognizer", "he called 999", []),
    ("PlaceholderPlaceRecognizer", "seen at XXXX with friends", ["XXXX"]),
    ("PlaceholderPersonRecognizer", "XXXX was seen", ["XXXX"]),
    ("StreetAddressRecognizer", "on Winchester Road last night", ["Winchester Road"]),
    ("StreetAddressRecognizer", "lives at 14 Elm Court", ["14 Elm Court"]),
    ("StreetAddressRecognizer", "Flat 3, 22 London Road, Southampton", ["Flat 3, 22 London Road"]),
    ("StreetAddressRecognizer", "down the High Street", ["High Street"]),
    ("StreetAddressRecognizer", "lives on winchester road", ["winchester road"]),
    ("StreetAddressRecognizer", "walking down the road", []),
    ("StreetAddressRecognizer", "the Co-Op on Bitterne Road", ["Bitterne Road"]),
    ("ChainPremisesRecognizer", "the Co-Op on Bitterne Road", ["Co-Op"]),
    ("NamedPremisesRecognizer", "hanging around Havant Park", ["Havant Park"]),
    ("NamedPremisesRecognizer", "The Park was busy", []),
    ("OrganisationRecognizer", "a pupil at Oakfield Academy", ["Oakfield Academy"]),
    ("TimestampRecognizer", "logged 2000-04-16 11:34:35", ["2000-04-16 11:34:35"]),
    ("TimestampRecognizer", "picked up at 5.30am. Then", ["5.30am"]),
    ("TimestampRecognizer", "seen at 22:30 and again at 9pm", ["22:30", "9pm"]),
    ("TimestampRecognizer", "dealing from about midnight", ["midnight"]),
    ("TimestampRecognizer", "exploited in 2021 by a group", ["2021"]),
    ("TimestampRecognizer", "paid £5.30 for it, 3.5 grams", []),
    ("LocalityAfterAddressRecognizer", "They live at 52 Chapel Walk, Rowner.", ["Rowner"]),
    ("LocalityAfterAddressRecognizer", "at Flat 3, Nightingale House, Gosport and", ["Gosport"]),
    ("LocalityAfterAddressRecognizer", "on Chapel Walk, Kayla said", []),
    ("StreetAddressRecognizer", "her flat at Flat 16, Canute House, where", ["Flat 16, Canute House"]),
    ("StreetAddressRecognizer", "PARKED OUTSIDE THE LONDIS ON STATION STREET AT 9", ["STATION STREET"]),
    ("StreetAddressRecognizer", "the olders drive a van", []),
    ("ChainPremisesRecognizer", "PARKED OUTSIDE THE LONDIS ON", ["LONDIS"]),
    ("NamedPremisesRecognizer", "meets him at Eastleigh bus station", ["Eastleigh bus station"]),
    ("OrganisationRecognizer", "I am the DSL at Westwood Park School", ["Westwood Park School"]),
    ("OrganisationRecognizer", "works at Kings Car Wash on", ["Kings Car Wash"]),
    # dates: relative days, weekday + date, parts of the day, numeric dates, holidays
    ("DatePhraseRecognizer", "PLEASE ACTION TODAY", ["TODAY"]),
    ("DatePhraseRecognizer", "going there later tonight", ["later tonight"]),
    ("DatePhraseRecognizer", "seen at training last night and tmrw", ["last night", "tmrw"]),
    ("DatePhraseRecognizer", "walkabout - Thurs 5/3", ["Thurs 5/3", "5/3"]),   # the longest wins later
    ("DatePhraseRecognizer", "on Sunday 1st March 2026 at 2pm",
     ["Sunday 1st March 2026", "1st March 2026", "March 2026"]),
    ("DatePhraseRecognizer", "collects them on Sunday evenings", ["Sunday evenings"]),
    ("DatePhraseRecognizer", "most Tuesday and Thursday afternoons", ["Tuesday and Thursday afternoons"]),
    ("DatePhraseRecognizer", "missing on 28/2, back on 4th March", ["4th March", "28/2"]),
    ("DatePhraseRecognizer", "DOB 19.07.2010 and 14/06/2011", ["19.07.2010", "14/06/2011"]),
    ("DatePhraseRecognizer", "since about half-term and Easter", ["half-term", "Easter"]),
    ("DatePhraseRecognizer", "robbed weds about 4.15pm", ["weds"]),
    ("DatePhraseRecognizer", "gestation 14/40, scored 3.5/10", []),
    ("DatePhraseRecognizer", "he sat on the wall in the sun", []),
    ("DatePhraseRecognizer", "paid £5.30 and 2.5 grams", []),
    ("TimestampRecognizer", "found at 0230hrs and approx 2200 on", ["0230hrs", "2200"]),
    ("TimestampRecognizer", 'the caption "4 O CLOCK DONT RUN"', ["4 O CLOCK"]),
    ("TimestampRecognizer", "DOB 19.07.2010", []),
    ("TimestampRecognizer", "room 2200 and 1500 people", []),
    # organisations: line-bound names, groups that name themselves, employers, workplaces
    ("OrganisationRecognizer", "Designated Safeguarding Lead\nBrookfield Academy\nTel", ["Brookfield Academy"]),
    ("OrganisationRecognizer", "Watch Manager S. Kaur, Solent Fire & Rescue Service", ["Solent Fire & Rescue Service"]),
    ("OrganisationRecognizer", "a group calling itself the Iron Oak Brotherhood. He", ["Iron Oak Brotherhood"]),
    ("OrganisationRecognizer", "a group called Wessex Active Club. He", ["Wessex Active Club"]),
    ("OrganisationRecognizer", "a group calling itself Patriots of the South and", ["Patriots of the South"]),
    ("OrganisationRecognizer", "the brothers who run Mahoney's Cuts on Winton Street", ["Mahoney's Cuts"]),
    ("OrganisationRecognizer", "Sam Reddy, Paramedic, Wessex Ambulance Service", ["Wessex Ambulance Service"]),
    ("OrganisationRecognizer", "Kerry Lyle, Centre Manager, Forton Youth Centre, 01632 960 588", ["Forton Youth Centre"]),
    ("OrganisationRecognizer", "Sent by Priya Lal, Neighbourhood Housing Officer", []),
    ("OrganisationRecognizer", "Kids say he runs the Zee line", []),
    ("OrganisationRecognizer", "DRIVER KNOWN AS MOONY. Kids", []),
    # places: venues before their noun, names after "at/outside the", business premises
    ("NamedPremisesRecognizer", "outside Fryer Tucks chippy on Cranbourne Lane", ["Fryer Tucks"]),
    ("NamedPremisesRecognizer", "a flat above the Golden Dragon takeaway", ["Golden Dragon"]),
    ("NamedPremisesRecognizer", "pushed outside the Anchor & Hope on Palmerston Row", ["Anchor & Hope"]),
    ("NamedPremisesRecognizer", "meetings at the Royal Oak in Farnborough", ["Royal Oak"]),
    ("NamedPremisesRecognizer", "sleeping behind Sparkle Hand Car Wash, Reading Road", ["Sparkle Hand Car Wash"]),
    ("NamedPremisesRecognizer", "left Bramble Ward at 3pm", ["Bramble Ward"]),
    ("NamedPremisesRecognizer", "families from the Somali community", []),
    ("NamedPremisesRecognizer", "he is linked to the Marin family", []),
    ("NamedPremisesRecognizer", "she went to the Police about it", []),
    ("ChainPremisesRecognizer", "lads outside the Nisa Local on Forton Road", ["Nisa Local"]),
    ("MaskedPhoneRecognizer", "His mobile 07xxx xxx 508 is used", ["07xxx xxx 508"]),
]
# fmt: on


@pytest.mark.parametrize("name,text,expected", PATTERN_CASES)
def test_recognizers_pattern_table(by_name, name, text, expected):
    assert found(by_name[name], text) == expected


# fmt: off
VEHICLE_CASES = [
    ("getting into a silver Ford Focus", ["silver Ford Focus"]),
    ("a black VW Golf parked up", ["black VW Golf"]),
    ("a white Transit van outside", ["white Transit van"]),
    ("dark blue bmw 3 series", ["dark blue bmw 3 series"]),
    ("in a dark blue Range Rover Evoque, n592 uru", ["dark blue Range Rover Evoque"]),
    ("into a black Mercedes A Class, reg wr19", ["black Mercedes A Class"]),
    ("he drives a grey Lexus RX ML70 BNE", ["grey Lexus RX"]),
    ("a man in a black VW Golf R reg starts", ["black VW Golf R"]),
    ("he drives a Ford", []),
    ("lack of focus in class", []),
    ("plays golf on Sundays", []),
]
# fmt: on


@pytest.mark.parametrize("text,expected", VEHICLE_CASES)
def test_recognizers_vehicle_descriptions(text, expected):
    assert found(VehicleDescriptionRecognizer(PATTERNS_DIR), text) == expected


@pytest.mark.parametrize("text,expected", [
    ("lives in Chandler's Ford now", ["Chandler's Ford"]),
    ("went to Eastleigh and Southampton", ["Eastleigh", "Southampton"]),
    ("fordingbridges", []),
    ("Her uncle Jack Charlton picks her up in Charlton", ["Charlton"]),
])
def test_recognizers_gazetteer(text, expected):
    assert found(PlaceGazetteerRecognizer(PATTERNS_DIR), text) == expected


# fmt: off
PHONE_CASES = [
    ("mobile 07700 900123", ["07700 900123"]),
    ("landline 01632 960123", ["01632 960123"]),
    ("call +44 7700 900456", ["+44 7700 900456"]),
    ("office (020) 7946 0123", ["(020) 7946 0123"]),
    ("a second phone (07700 900336) too", ["07700 900336"]),
    ("ring 999 or 101 or 111", []),
    ("card 4111 1111 1111 1111", []),
]
# fmt: on


@pytest.mark.parametrize("text,expected", PHONE_CASES)
def test_recognizers_phone_numbers(patterns_dir, text, expected):
    assert found(build_phone_recognizer(patterns_dir), text) == expected


def test_recognizers_bad_pattern_file_names_file_and_entry(tmp_path):
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "postcode_areas.txt").write_text("SO\n")
    (tmp_path / "entity_patterns.yaml").write_text(
        "recognizers:\n  - name: Broken\n    entity: PERSON\n    patterns:\n      - {regex: '([a-z'}\n"
    )
    with pytest.raises(PatternFileError, match=r"entity_patterns.yaml: Broken.patterns\[0\]: invalid regex"):
        load_pattern_recognizers(tmp_path)


def test_recognizers_unquoted_yaml_boolean_is_reported(tmp_path):
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "postcode_areas.txt").write_text("SO\n")
    (tmp_path / "entity_patterns.yaml").write_text(
        "recognizers:\n  - name: Yes\n    entity: PERSON\n    deny: [on]\n    patterns:\n      - {regex: 'x'}\n"
    )
    with pytest.raises(PatternFileError, match="must be a string"):
        load_pattern_recognizers(tmp_path)


def test_recognizers_invalid_yaml_reports_line(tmp_path):
    (tmp_path / "vehicle_registration.yaml").write_text("formats: [\n  - bad: : :\n")
    with pytest.raises(PatternFileError, match="vehicle_registration.yaml: line"):
        VehicleRegistrationRecognizer(tmp_path)


def test_recognizers_context_recognizer_is_reusable():
    import re

    from pipeline.recognizers import _Pattern

    rec = ContextPatternRecognizer(name="T", entity="X", patterns=[_Pattern("p", re.compile(r"\d{4}"), 0.5)],
                                   context=["code"], context_required=True)
    assert found(rec, "the code is 1234") == ["1234"]
    assert found(rec, "the year 1234") == []
