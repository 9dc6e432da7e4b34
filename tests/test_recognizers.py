"""Positive and negative tables for each recogniser of ours, run on raw text (no model)."""

import datetime as dt

import pytest

from pipeline.patterns_io import PATTERNS_DIR, PatternFileError
from pipeline.recognizers import (
    ContextPatternRecognizer,
    GivenNameRecognizer,
    PlaceGazetteerRecognizer,
    SignOffRecognizer,
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
    ("a Ford Fiesta, reg starts KX65, seen twice", "KX65"),      # a partial plate not right after a make
    ("THE RED CAR Y8 ABC WAS OUTSIDE AGAIN TODAY", "Y8 ABC"),   # a year-group shape after a vehicle word is a plate
    ("the plate was GU64 R??", "GU64 R??"),
    ("partial reg HN19 only", "HN19"),
    ("a black VW Golf R reg starts KX19 is selling", "KX19"),
    ("prefix plate A123 BCD", "A123 BCD"),
    ("old car ABC 123D", "ABC 123D"),
    ("NI car ABZ 1234", "ABZ 1234"),
    ("the car is usually yia2113", "yia2113"),
    ("private plate on the van 7 AB", "7 AB"),
    ("registration sv70 opu", "sv70 opu"),
    ("a red Audi RS3 with a Northern Ireland plate LIZ 4471", "LIZ 4471"),   # unissued NI code
    ("BLACK RANGE ROVER SPORT 8 VNY AND", "8 VNY"),                           # a make is context
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
    "HE IS 14 AND HIS CAR WAS TAKEN",                # two letters and digits: not an NI plate
    "THE CAR PARK HAS 120 SPACES",                   # three letters without I or Z
    "the plate was liz 4471",                        # the unlisted NI shape is capitals only
    "RE: Y8 LAD ROBBED AT KNIFEPOINT YESTERDAY - GRANDAD WANTS IT REPORTED",   # a school year, not a prefix plate
    "HE HAD HIS BIKE NICKED IN YEAR 6 BUT NOTHING LIKE THIS",                  # a number that belongs to "YEAR"
    "the car was parked outside flat 9 was empty",                            # ... or to "flat"
    "two off-road bikes (a green Kawasaki KX65 and one with no plates)",      # a model code after its make
    "a Honda CR85 and a Yamaha YZ85 on the field",
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
    ("PersonContextRecognizer", "Tom \"Smiley\" Reilly", ["Smiley", "Reilly"]),  # the surname after the nickname too
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
    ("NamedPremisesRecognizer", "drives them to Starlight Cinema, above Cloud Nine Vapes", ["Starlight Cinema", "Cloud Nine Vapes"]),
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
    # handles without a platform word right before them
    ("SocialHandleContextRecognizer", "Reece is on there as reece_ldn. Amber", ["reece_ldn"]),
    ("SocialHandleContextRecognizer", "ginger beard. snap given as smokey.bsk. we", ["smokey.bsk"]),
    ("SocialHandleContextRecognizer", 'he goes by "WessexWolf88" on there.', ["WessexWolf88"]),
    ("SocialHandleContextRecognizer", "on snap, says Mo messages her from mo_bsk_. when", ["mo_bsk_"]),
    ("SocialHandleContextRecognizer", "met on Snapchat (his name on there is kez_x_official)", ["kez_x_official"]),
    ("SocialHandleContextRecognizer", "talks on Snapchat, he is ash.rider_09; he says", ["ash.rider_09"]),
    ("SocialHandleContextRecognizer", "on snap; his email is jo.b@example.com", []),
    ("SocialHandleContextRecognizer", "on Snapchat she sent it as report_v2.pdf", []),
    ("SocialHandleContextRecognizer", "he is 17 and is on Snapchat all night", []),
    ("SocialHandleContextRecognizer", "his name is jay_b07 and he lives nearby", []),   # no platform word
    ("SocialHandleRecognizer", "HIS SNAPCHAT STORY (jrw.x0) THIS MORNING", ["jrw.x0"]),
    ("SocialHandleRecognizer", "a QR code to a Telegram channel.", []),
    ("SocialHandleRecognizer", "his Snapchat story showed a knife", []),
    # postcodes in brackets and closing a line
    ("OutwardPostcodeRecognizer", 'he was "in a flat in Peckham" (SE15) and', ["SE15"]),
    ("OutwardPostcodeRecognizer", "at 7 Linnet Close, Fareham PO14\n\nEthan has", ["PO14"]),
    ("OutwardPostcodeRecognizer", "Child: R*** (U14 girls) in (Y9)", []),
    # dates: weekday alone, month after a preposition, ordinal days, parts of days and months
    ("DatePhraseRecognizer", "shouting at 3am Sunday as well", ["Sunday"]),
    ("DatePhraseRecognizer", "will not be before tomorrow morning. His", ["tomorrow morning"]),
    ("DatePhraseRecognizer", "a meeting booked for next Wednesday but", ["next Wednesday", "Wednesday"]),
    ("DatePhraseRecognizer", "Mum says since October half-term Kayden", ["October", "October half-term"]),
    ("DatePhraseRecognizer", "Since January Lewis has", ["January"]),
    ("DatePhraseRecognizer", "since about the start of February two", ["February", "start of February"]),
    ("DatePhraseRecognizer", "missing on the 2nd, 6th, 9th and 13th. Each", ["2nd", "6th", "9th", "13th"]),
    ("DatePhraseRecognizer", "lives on the 3rd floor and it was the 5th time", []),
    ("DatePhraseRecognizer", "missing twice in the last month", []),
    ("DatePhraseRecognizer", "she may go in May", []),
    # people: initials, particles, words after naming phrases that are not names
    ("PersonContextRecognizer", "Dr P. Lindqvist and ENP R. Okafor", ["P. Lindqvist", "R. Okafor"]),
    ("PersonContextRecognizer", "drivers name 3 of them: T. Barnes, Riley", ["T. Barnes"]),
    ("PersonContextRecognizer", "Harjit Singh Bains, 58, and Tran Van Hung", ["Harjit Singh Bains", "Tran Van Hung"]),
    ("PersonContextRecognizer", "received for Nguyen Thi Hoa (says", ["Nguyen Thi Hoa"]),
    ("PersonContextRecognizer", "Plan B. Then he left in a White Van Man costume", []),
    ("PersonContextRecognizer", "Lads named as doing most of it; called names; no surname given", []),
    # a workplace after a role is not a street
    ("OrganisationRecognizer", "Margaret Oduya, Scheme Manager, Ferndale Court (sheltered", []),
]
# fmt: on


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
    ("A red Seat Leon Cupra LK68 ZFW is", ["red Seat Leon Cupra"]),
    ("in the boot of a silver Audi A4 Avant. The", ["silver Audi A4 Avant"]),
    ("a yellow Suzuki RM-Z ridden by", ["yellow Suzuki RM-Z"]),       # a model code needs no list
    ("Rob drives a white Isuzu D-Max pickup HJ19 FBN.", ["white Isuzu D-Max pickup"]),
    ("drives a black Mercedes CLA YE70 DWV", ["black Mercedes CLA"]),
    ("a white Ford KX19 ABC outside", ["white Ford"]),                # a plate is not a model code
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
    ("BOYS FROM WECOCK AT THE SKATEPARK, WATERLOOVILLE AT 4PM", ["WECOCK", "WATERLOOVILLE"]),
    ("she stays at his in farnborough", ["farnborough"]),
    ("reading a book in the fleet of cars", []),              # lower case and an ordinary word
    ("booking cars from Southampton Central to Salisbury", ["Southampton Central", "Salisbury"]),
    ("jumped near Northam Bridge. The", ["Northam Bridge"]),
    ("now between Brockenhurst and Christchurch", ["Brockenhurst", "Christchurch"]),
    ("staying with her in North Baddesley. He", ["North Baddesley"]),
    ("Totton Together posted", ["Totton"]),
    # towns across the UK; after an initial or a nickname in quotes a town is a surname
    ("he has gone to his mums in Kettering, then Barrow-in-Furness and Stoke-on-Trent",
     ["Kettering", "Barrow-in-Furness", "Stoke-on-Trent"]),
    ("D. Harlow, Emergency Duty Team; a friend, Sharon \"Shaz\" Bexley (40s)", []),
    ('who "run" Somers Town', ["Somers Town"]),
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


# fmt: off
SIGN_OFF_CASES = [
    # text, expected (type, value) pairs
    ("contacting him and the DSL now\nCarys, School Nurse", [("PERSON", "Carys")]),
    ("she doesnt feel at risk.\nNikki, Personal Adviser, Leaving Care", [("PERSON", "Nikki")]),
    ("against dates if it helps.\n\nThanks\nMo", [("PERSON", "Mo")]),
    ("with his nan. phone 07700 900 983\n\nLee", [("PERSON", "Lee")]),
    ("since Easter.\ncheers\nJodie - Waterlooville Youth Outreach",
     [("PERSON", "Jodie"), ("ORGANIZATION", "Waterlooville Youth Outreach")]),
    ("any weapons\n\njo (pastoral)", [("PERSON", "jo")]),
    ("bravado but passing it on.\nK.", [("PERSON", "K.")]),
    ("want it on here.\n\nFemi + Rach, Portsmouth Detached Youth Team",
     [("PERSON", "Femi"), ("PERSON", "Rach"), ("ORGANIZATION", "Portsmouth Detached Youth Team")]),
    ("mob 07700 900 163.\nENP R. Okafor, Eastleigh Minor Injuries Unit",
     [("PERSON", "R. Okafor"), ("ORGANIZATION", "Eastleigh Minor Injuries Unit")]),
    ("has been made.\nDr P. Lindqvist, Peartree Medical Centre",
     [("PERSON", "P. Lindqvist"), ("ORGANIZATION", "Peartree Medical Centre")]),
    ("terrified.\n\nDarren Price, Conductor, South Coast Rail, 07700 900 188",
     [("PERSON", "Darren Price"), ("ORGANIZATION", "South Coast Rail")]),
    ("the council.\n\nTom Achterberg, Tenancy Support, Test Valley Housing Trust, 01632 960 100",
     [("PERSON", "Tom Achterberg"), ("ORGANIZATION", "Test Valley Housing Trust")]),
    ("x\n\nCommunity Midwife, Rowan Midwifery Team, 01632 960 054", [("ORGANIZATION", "Rowan Midwifery Team")]),
    ("x\n\nS. HARDING, HEAD OF YEAR 10, HART PLAIN SCHOOL, 01632 960 305",
     [("PERSON", "S. HARDING"), ("ORGANIZATION", "HART PLAIN SCHOOL")]),
    ("Reported by: Margaret Oduya, Scheme Manager, Ferndale Court (sheltered housing), Abbey Road\nMore",
     [("PERSON", "Margaret Oduya")]),
    ("x\nLou (Andover Youth Club)", [("PERSON", "Lou"), ("ORGANIZATION", "Andover Youth Club")]),
    # not sign-offs
    ("nothing like that since.\n\nEstate Services", []),
    ("Millie Stokes, 16, Cherbourg Road, Eastleigh\nBoyfriend: Jordan Ellery", []),
    ("- Maisie, 13, Year 8, lives with dad at 8 White Road\n- more", []),
    ("Harjit Singh Bains, 58, taxi driver, attended 22:15 last night\nMore text", []),
    ("x\n\nKind regards\nSafeguarding Team", []),
    ("OUT OF HOURS - EMERGENCY DUTY TEAM\nDate: 15/03/2026", []),
    ("He was seen near the shop.\nThe police were called", []),
    ("x\n\nYvonne Petit, Health Visitor, 0-19 Team North, y.petit@example.net", [("PERSON", "Yvonne Petit")]),
]
# fmt: on


@pytest.mark.parametrize("text,expected", SIGN_OFF_CASES)
def test_recognizers_sign_off_lines(text, expected):
    results = SignOffRecognizer(PATTERNS_DIR).analyze(text, None)
    assert [(r.entity_type, text[r.start : r.end]) for r in results] == expected


# fmt: off
GIVEN_NAME_CASES = [
    ("mum Kerry-Anne Dunn came down", ["Kerry-Anne Dunn"]),
    ("Subject: Amber-Rose W - missing episode", ["Amber-Rose W"]),
    ("On Wednesday Lily-Mae Harper (Year 8) said", ["Lily-Mae Harper"]),
    ("Hello,\n\nMia H (15, Y11) disclosed", ["Mia H"]),
    ("Harjit Singh Bains (14) was waiting", ["Harjit Singh Bains"]),
    ("Mia said I was there", ["Mia"]),                      # "I" is not an initial
    ("Amber said she was there", []),                       # a word-name alone is not enough
    ("a well-known ex-partner", []),
    # round 16: a lone lower-case given name counts when the writer uses it again; a lower-case
    # double given name joins its halves
    ("ur in debt now kai, u know that. kai told me", ["kai", "kai"]),
    ("ricky is in his 30s. a phone from ricky", ["ricky", "ricky"]),
    ("kai told me he has to go", []),                        # once, lower case: too weak
    ("the max is two, max two at a time", []),               # not a name after a determiner
    ("yp: jayden-lee cross (15) writes in lower case", ["jayden-lee cross"]),
]
# fmt: on


@pytest.fixture(scope="module")
def blank_nlp():
    import spacy

    return spacy.blank("en")


@pytest.mark.parametrize("text,expected", GIVEN_NAME_CASES)
def test_recognizers_given_names_hyphens_and_initials(blank_nlp, text, expected):
    from types import SimpleNamespace

    artifacts = SimpleNamespace(tokens=blank_nlp(text))
    results = GivenNameRecognizer(PATTERNS_DIR).analyze(text, None, artifacts)
    assert [text[r.start : r.end] for r in results] == expected


# fmt: off
# Round 5: initials and post-nominal letters in sign-offs, a workplace on the line below, a role
# on the line below the name; role-only lines are not names.
SIGN_OFF_ROUND5_CASES = [
    ("She agreed to police being told.\n\nR.K., DSL", [("PERSON", "R.K.")]),
    ("passing this on.\n- R.T., Solent Mentoring Partnership",
     [("PERSON", "R.T."), ("ORGANIZATION", "Solent Mentoring Partnership")]),
    ("no other contact.\n\nBO'C | Repairs Desk Supervisor | Itchen Valley Homes",
     [("PERSON", "BO'C"), ("ORGANIZATION", "Itchen Valley Homes")]),
    ("not shared.\n\nBec (HV) | Solent Health Visiting",
     [("PERSON", "Bec"), ("ORGANIZATION", "Solent Health Visiting")]),
    ("not paid.\nCarys (FSW), Netley & Hound Family Hub",
     [("PERSON", "Carys"), ("ORGANIZATION", "Netley & Hound Family Hub")]),
    ("thanks\nDev Patel MRPharmS\nWaterside Community Pharmacy\n01632 960 227",
     [("PERSON", "Dev Patel"), ("ORGANIZATION", "Waterside Community Pharmacy")]),
    ("x\n\nA. Siddiqui MRPharmS, responsible pharmacist, Wellcross Pharmacy",
     [("PERSON", "A. Siddiqui"), ("ORGANIZATION", "Wellcross Pharmacy")]),
    ("x\n\nKwame Mensah\nSenior Property Manager\nHarbour Lettings\n020 7946 0381",
     [("PERSON", "Kwame Mensah"), ("ORGANIZATION", "Harbour Lettings")]),
    # not names: a role alone, a sentence line, a name line with no role below it
    ("not banked yet.\n\nTreasurer, Nursling Colts JFC", [("ORGANIZATION", "Nursling Colts JFC")]),
    ("x\n\nKwame Mensah came in\nSenior Property Manager", []),
    ("x\nThe boys were seen.\nHe was calm", []),
]
# fmt: on


@pytest.mark.parametrize("text,expected", SIGN_OFF_ROUND5_CASES)
def test_recognizers_sign_off_initials_post_nominals_and_lines_below(text, expected):
    results = SignOffRecognizer(PATTERNS_DIR).analyze(text, None)
    assert sorted((r.entity_type, text[r.start : r.end]) for r in results) == sorted(expected)


# fmt: off
PERSON_ROUND5_PATTERN_CASES = [
    # hedges after a naming phrase stay outside the name
    ("PersonContextRecognizer", "think his surname is Doherty, about 12", ["Doherty"]),
    ("PersonContextRecognizer", "Kian (surname possibly Rudd) and", ["Rudd"]),
    ("PersonContextRecognizer", "a girl called maybe Tasha", ["Tasha"]),
    # a name with an age or school year in brackets, one to three words
    ("PersonContextRecognizer", "her daughter Hope (13) has not been home", ["Hope"]),
    ("PersonContextRecognizer", "Children: Poppy (9), Alfie (6) and Rose Marsh (2)", ["Poppy", "Alfie", "Rose Marsh"]),
    ("PersonContextRecognizer", "Mercedes Quinn (14, looked after) has not come home", ["Mercedes Quinn"]),
    ("PersonContextRecognizer", "visit re attendance - Ionuț (Y3) and Denisa (Y5)", ["Ionuț", "Denisa"]),
    ("PersonContextRecognizer", "Lacey (aged 8) came into class", ["Lacey"]),
    ("PersonContextRecognizer", "Flat (2) and Year (10) and Children (3)", []),
    ("PersonContextRecognizer", "Route 7 (21:40) and Harbour Road (2.5 miles)", []),
    # a given name with a surname the partner masked
    ("MaskedNameRecognizer", "Mrs P******'s son Nigel P****** (50s) moved in", ["Nigel P******"]),
    ("MaskedNameRecognizer", "told Mr K***** and The B***** about it", []),
    # a handle does not stop at a hyphen inside a name ("FACEBOOK PAGE: LEXI-MAE")
    ("SocialHandleRecognizer", "ON YOUR FACEBOOK PAGE: LEXI-MAE CARTER, 12", []),
    ("SocialHandleRecognizer", "her snapchat: lexi_mae09 and", ["lexi_mae09"]),
    # nicknames in quotes, an initial closing them
    ("QuotedNicknameRecognizer", 'a contact saved as "Bossman T" in his phone', ["Bossman T"]),
    ("QuotedNicknameRecognizer", 'two lads, "Skeng" and "Little T", moved in', ["Skeng", "Little T"]),
    ("QuotedNicknameRecognizer", 'who calls himself "Big Steve"', ["Big Steve"]),
    ("QuotedNicknameRecognizer", 'she said "Help" and "Stop"', []),
    ("QuotedNicknameRecognizer", 'graffiti saying "No A" on it', []),
    # named bodies: a fire and rescue service, "&" inside a business name, club initials
    ("OrganisationRecognizer", "Shared by Wessex Fire and Rescue Service under", ["Wessex Fire and Rescue Service"]),
    ("OrganisationRecognizer", "the brothers who run LS Plant & Tyres on the estate", ["LS Plant & Tyres"]),
    ("OrganisationRecognizer", "U14S COACH, Bursledon Rangers JFC", ["Bursledon Rangers JFC"]),
    ("OrganisationRecognizer", "he told Mum and Oakfield Dad", []),
    ("StreetAddressRecognizer", "Address given: 17 Coxford Drove, Lordswood", ["17 Coxford Drove"]),
    ("LocalityAfterAddressRecognizer", "Address given: 17 Coxford Drove, Lordswood, Southampton", ["Lordswood"]),
]
# fmt: on


# fmt: off
GIVEN_NAME_ROUND5_CASES = [
    ("GARY DANVERS DRIVES A BLACK RANGE ROVER", ["GARY DANVERS"]),
    ("APPEAL: LEXI-MAE CARTER, 12, FROM FAREHAM", ["LEXI-MAE CARTER"]),
    ("Tenants Julian Harcourt-Lee and Penny Harcourt-Lee were out", ["Julian Harcourt-Lee", "Penny Harcourt-Lee"]),
    ("Bartek let it slip", ["Bartek"]),
    # a word-name alone, or in lower case, when an age or school year follows in brackets
    ("summer (14, yr 9 at the school) said", ["summer"]),
    ("her daughter Hope (13) has gone", ["Hope"]),
    ("jordan (Y10) was there", ["jordan"]),
    ("hope (not sure) he is ok", []),
    ("- fartun abdullahi (17) - seen by", ["fartun abdullahi"]),
    ("we saw jordan (14) there", ["jordan"]),
    ("in summer (2024) it started", []),
    ("a penny for them", []),                                  # an ambiguous name in lower case
    ("Penny said so", []),                                     # an ambiguous name alone
    ("a Stanley knife was found", []),
]
# fmt: on


@pytest.mark.parametrize("text,expected", GIVEN_NAME_ROUND5_CASES)
def test_recognizers_given_names_round5(blank_nlp, text, expected):
    from types import SimpleNamespace

    artifacts = SimpleNamespace(tokens=blank_nlp(text))
    results = GivenNameRecognizer(PATTERNS_DIR).analyze(text, None, artifacts)
    assert [text[r.start : r.end] for r in results] == expected


# fmt: off
# Round 6: handles after "user" / "map", handles before "on <platform>", a handle alone in
# brackets near an account word; organisation suffixes for clubs, churches, clinics, homecare,
# food banks, garages, hire firms and named teams.
ROUND6_PATTERN_CASES = [
    ("SocialHandleRecognizer", "a message from TikTok user kdz.b4nks about a party", ["kdz.b4nks"]),
    ("SocialHandleRecognizer", "her Snap Map (lulu.x7) put her by the docks", ["lulu.x7"]),
    ("SocialHandleRecognizer", "adds him as dex_771 on Insta", ["dex_771"]),
    ("SocialHandleRecognizer", "talks to someone (nightowl_22 on Discord) late", ["nightowl_22"]),
    ("SocialHandleRecognizer", "he was a Snapchat user who posted a lot", []),
    ("SocialHandleRecognizer", "met at 10.30 on Snapchat and again later", []),
    ("SocialHandleRecognizer", "she spends hours on Discord most nights", []),
    ("SocialHandleContextRecognizer", "her cousin's account (tay.r33) posted it", ["tay.r33"]),
    ("SocialHandleContextRecognizer", "the account was reported (see the e.g. note)", []),
    ("SocialHandleContextRecognizer", "he was seen (approx 14) near the shops", []),
    ("OrganisationRecognizer", "I coach at Westfield Amateur Boxing Club on Mondays", ["Westfield Amateur Boxing Club"]),
    ("OrganisationRecognizer", "I help at the Moorside Community Food Bank weekly", ["Moorside Community Food Bank"]),
    ("OrganisationRecognizer", "Jo, 0-25 Leaving Care Team", ["0-25 Leaving Care Team"]),
    ("OrganisationRecognizer", "he trades as Hallam Motors from a yard", ["Hallam Motors"]),
    ("OrganisationRecognizer", "her carer from Ashdown Homecare came late", ["Ashdown Homecare"]),
    ("OrganisationRecognizer", "Kim, Lakeside Medical Centre", ["Lakeside Medical Centre"]),
    ("OrganisationRecognizer", "the Harewood Scout Group meets on Tuesdays", ["Harewood Scout Group"]),
    ("OrganisationRecognizer", "he joined a club for the summer", []),
    ("OrganisationRecognizer", "met at the Riverside Shopping Centre food court", []),
]
# fmt: on


@pytest.mark.parametrize("text,expected", [
    ("on Snap as jay.tb19 and rarely replies", []),             # a plate shape inside a handle
    ("mail from kx.ab12 cde@example.com", []),
    ("a silver Focus, tb19 xyz, parked up", ["tb19 xyz"]),      # a real plate still counts
    ("a car reg KX19 ABC outside", ["KX19 ABC"]),
])
def test_recognizers_no_plate_inside_a_handle(plates, text, expected):
    assert sorted(set(found(plates, text))) == expected  # several formats may match one plate


@pytest.mark.parametrize("text,expected", [
    ("Ex-partner: DANNY McCARTHY, 41", ["DANNY McCARTHY"]),
    ("Name: LEWIS MacDONALD (15)", ["LEWIS MacDONALD"]),
    ("DANNY MCCARTHY was there", ["DANNY MCCARTHY"]),
    ("DANNY McC was there", ["DANNY"]),                          # not a whole Mc surname
])
def test_recognizers_given_names_mc_surnames_in_capitals(blank_nlp, text, expected):
    from types import SimpleNamespace

    artifacts = SimpleNamespace(tokens=blank_nlp(text))
    results = GivenNameRecognizer(PATTERNS_DIR).analyze(text, None, artifacts)
    assert [text[r.start : r.end] for r in results] == expected


@pytest.mark.parametrize("text,expected", [
    ("we don't know his surname or age", []),
    ("his mum has not called yet today", []),
    ("this e-mail is for the named recipient only", []),
    ("a lad called Jaden hangs about there", ["Jaden"]),
])
def test_recognizers_naming_phrase_skips_function_words(by_name, text, expected):
    assert found(by_name["PersonContextRecognizer"], text) == expected


# fmt: off
# Round 8: wordings of the representative week (new names, places and employers invented here).
ROUND8_PATTERN_CASES = [
    # a second name after a naming phrase; a name after "he/she calls"
    ("PersonContextRecognizer", "- goes by Mazzy or Maz, white, early 20s", ["Mazzy", "Maz"]),
    ("PersonContextRecognizer", "two older lads he calls Spider and Tommo - keeping", ["Spider", "Tommo"]),
    ("PersonContextRecognizer", "she calls Childline when it gets bad", []),
    # "SURNAME NOT KNOWN", "Named GP", a file "called FRIDAY" are not names
    ("PersonContextRecognizer", "KEV (SURNAME NOT KNOWN), WHO", []),
    ("PersonContextRecognizer", "Named GP for Safeguarding", []),
    ("PersonContextRecognizer", 'a document open called "MONDAY". It said', []),
    # a full name straight after a kin noun
    ("FamilyNameRecognizer", "- dad, Harpal Sandhu, 07700 900 111, has asked", ["Harpal Sandhu"]),
    ("FamilyNameRecognizer", "Her husband Tomasz Wrobel drove her here", ["Tomasz Wrobel"]),
    ("FamilyNameRecognizer", "her dad Said Nothing and mum Went Home", []),
    # the organisation a form field names; not a field without a capitalised name
    ("OrganisationRecognizer", "Your organisation: Tidewater Valley Sexual Health\nHow did you learn this: clinic",
     ["Tidewater Valley Sexual Health"]),
    ("OrganisationRecognizer", "CPI SUBMISSION\nReporting organisation: Quayside Night Shelter\nReporter: A. Nowak",
     ["Quayside Night Shelter"]),
    ("OrganisationRecognizer", "Organisation: self", []),
    # a youth work project, and a workplace after "Assistant," or "reception,"
    ("OrganisationRecognizer", "Jo - Hartley Detached Youth Work - 07700 900 123", ["Hartley Detached Youth Work"]),
    ("OrganisationRecognizer", "Library Assistant, Portsmouth City Libraries\n020 7946 0111",
     ["Portsmouth City Libraries"]),
    ("OrganisationRecognizer", "she does youth work on Fridays", []),
    # premises names stay on one line; a regnal number is part of the name
    ("NamedPremisesRecognizer", "the document.\n\nNadia Chowdhury\nLibrary Assistant, Leeds", []),
    ("NamedPremisesRecognizer", "YOUTH BUS - King Edward VII Playing Fields, Andover", ["King Edward VII Playing Fields"]),
]
# fmt: on


# fmt: off
ROUND8_SIGN_OFF_CASES = [
    # a name with the number straight after it, on the last line
    ("i see her again thurs 4pm.\n\nDaz 07700 900 296", [("PERSON", "Daz")]),
    # a contact label is not a name
    ("Caretaker, Loddon Housing\nMob 07700 900412", []),
    # "reception" is a role; a title "Sr" and an accented name
    ("at 5.20pm.\nKerry, reception, Weeke Dental Surgery\nsent later",
     [("PERSON", "Kerry"), ("ORGANIZATION", "Weeke Dental Surgery")]),
    ("mobile 07700 900 736.\n\nSr Aoife Ní Bhriain, Emergency Dept, Itchen General Hospital, bleep 4471",
     [("PERSON", "Aoife Ní Bhriain"), ("ORGANIZATION", "Itchen General Hospital")]),
    # a workplace with the number after it
    ("rung 999 too.\n\nMo & Priya, Hamble Detached Youth Work 07700 900 940",
     [("PERSON", "Mo"), ("PERSON", "Priya"), ("ORGANIZATION", "Hamble Detached Youth Work")]),
    # round 15b: a kiss after an initial, an initial and a job, a pair in capitals, "@" before the
    # workplace, a name beyond Latin-1 with an unknown job before the workplace
    ("Sorry if I've done this wrong.\n\nP x\n\nGemma Thorne | Centre Manager", [("PERSON", "P"), ("PERSON", "Gemma Thorne")]),
    ("see you soon\n\nJo xx", [("PERSON", "Jo")]),
    ("so the old info isnt read as current.\n\nK - safeguarding admin", [("PERSON", "K")]),
    ("Any questions give me a ring.\n\nJ, front office", [("PERSON", "J")]),
    ("I told him to call 999.\n\nA - The bus was late again today and he missed it", []),
    ("NO DRUGS SEEN.\n\nDM + ROSIE, PCC Youth Svc detached", [("PERSON", "DM"), ("PERSON", "ROSIE")]),
    ("Still waiting.\n\nTom and Jerry, the cartoon, was on", []),
    ("no children seen going in or out.\nKez & Mo, streetbase SO50", [("PERSON", "Kez"), ("PERSON", "Mo")]),
    ("came from the shop\n\nYaw @ Fadez & Blendz - 07700 900 258", [("PERSON", "Yaw"), ("ORGANIZATION", "Fadez & Blendz")]),
    ("next there on 23rd April.\n\nKerry @ Pawfect Mobile Grooming 07700 900 019",
     [("PERSON", "Kerry"), ("ORGANIZATION", "Pawfect Mobile Grooming")]),
    ("for her sake.\n\nRenata Szymańska - TEO, Itchen Valley Homes",
     [("PERSON", "Renata Szymańska"), ("ORGANIZATION", "Itchen Valley Homes")]),
    # round 16b: a role then the workplace on the line below the name
    ("always on time.\n\nbev\nSchool Business Manager, Tadfield Road Primary\n01632 960 288",
     [("PERSON", "bev")]),
    ("on Friday.\n\nŁukasz Wójcik - caretaker, Hillside Community Centre",
     [("PERSON", "Łukasz Wójcik"), ("ORGANIZATION", "Hillside Community Centre")]),
]
# fmt: on


@pytest.mark.parametrize("text,expected", ROUND8_SIGN_OFF_CASES)
def test_recognizers_round8_sign_off_lines(text, expected):
    results = SignOffRecognizer(PATTERNS_DIR).analyze(text, None)
    assert [(r.entity_type, text[r.start : r.end]) for r in results] == expected


# fmt: off
ROUND9_PATTERN_CASES = [
    # a role or team before an age range is not a name; a name before an age is
    ("PersonContextRecognizer", "Worker: Nadia Rahimi, Transitions Worker (16-25)", []),
    ("PersonContextRecognizer", "Leaving Care Team (18-25) and Hope Marsh (16)", ["Hope Marsh"]),
    # "called" as a verb, "names of" a group
    ("PersonContextRecognizer", "Parents being called now.", []),
    ("PersonContextRecognizer", "Names of subjects: none", []),
    ("PersonContextRecognizer", "a lad called Kenzo", ["Kenzo"]),
    # a business in capitals stops before a preposition, on a whole word
    ("OrganisationRecognizer", "WHO RUN DANVERS TYRES & EXHAUSTS ON SPITFIRE WAY", ["DANVERS TYRES & EXHAUSTS"]),
    ("OrganisationRecognizer", "he works at Kings Car Wash on Botley Road", ["Kings Car Wash"]),
    # a uniformed group with its number and district in brackets
    ("OrganisationRecognizer", "ASL, 5th Eastleigh (Bishopstoke) Scout Group", ["5th Eastleigh (Bishopstoke) Scout Group"]),
    ("OrganisationRecognizer", "5th of March at the group", []),
    # an employer after a job word ("a support worker at ...", "chef at the ...", "his worker from ...")
    ("OrganisationRecognizer", "a support worker at Harbour Lights Supported Living, has", ["Harbour Lights Supported Living"]),
    ("OrganisationRecognizer", "(chef at the Old Forge Bistro). Mechanism", ["Old Forge Bistro"]),
    ("OrganisationRecognizer", "His worker from Pathways Floating Support rang", ["Pathways Floating Support"]),
    ("OrganisationRecognizer", "the same crew have traded as AJ Roofing Solutions and", ["AJ Roofing", "AJ Roofing Solutions"]),
    ("OrganisationRecognizer", "a taxi driver from Leeds; the nurse at the front desk", []),
    # round 17: a mentor's or site manager's employer; a driver's; not a coordinator's area
    ("OrganisationRecognizer", "I am a youth mentor with Step Forward Sheffield and", ["Step Forward Sheffield"]),
    ("OrganisationRecognizer", "Site manager at Stowaway Self Storage, Anchor Way", ["Stowaway Self Storage"]),
    ("OrganisationRecognizer", "He drives for Kestrel Freight Services most nights", ["Kestrel Freight Services"]),
    ("OrganisationRecognizer", "Neighbourhood Watch coordinator for Abbey Fields here; a mentor with Jack", []),
    # one word the writer then says is a business, or a business "called" one word
    ("TradingNameRecognizer", "He drives for Carpathia, a food wholesaler, and", ["Carpathia"]),
    ("TradingNameRecognizer", "they run Fairbrother, the recovery and scrap yard on", ["Fairbrother"]),
    ("TradingNameRecognizer", "the job through an agency called Carpathia. He", ["Carpathia"]),
    ("TradingNameRecognizer", "Kev, the agency worker, and Jade, the company director", []),
    ("TradingNameRecognizer", "a firm called Harlow Brothers; a lad called Kenzo", []),
    # an age before a street is not a house number; "no.4" and "Ct" are
    ("StreetAddressRecognizer", "Lorraine Tebbutt, 50s, Sywell Road, Kettering", ["Sywell Road"]),
    ("StreetAddressRecognizer", "Jordan Pike, aged 20, Redbridge Hill area", ["Redbridge Hill"]),
    ("StreetAddressRecognizer", "lives at no.4 Cobden Terrace; flat 2b Tamar Ct", ["no.4 Cobden Terrace", "flat 2b Tamar Ct"]),
    ("StreetAddressRecognizer", "He lives at 14, Elm Court.", ["14, Elm Court"]),
    # a road by its number after "the"
    ("RoadNumberRecognizer", "They are on the A303 past Andover; a unit off the A33; the M27", ["A303", "A33", "M27"]),
    ("RoadNumberRecognizer", "his BMW M3, the A4 paper, the A1 grade, A303 without the", []),
    # a street with a compass point after its type
    ("StreetAddressRecognizer", "on Bitterne Road East right now", ["Bitterne Road East"]),
    ("StreetAddressRecognizer", "on London Road. East of there", ["London Road"]),
    # round 15: Gaelic particles, surname-first names after a naming word, a name and its age
    ("FamilyNameRecognizer", "Cathal Ó Briain (19, deaf)", ["Cathal Ó Briain"]),
    ("FamilyNameRecognizer", "Sorcha Ní Mhaoláin rang", ["Sorcha Ní Mhaoláin"]),
    ("FamilyNameRecognizer", "The Ó family", []),
    ("FamilyNameRecognizer", "card in the name of KOWALSKI, Jan, dob 1/2/90", ["KOWALSKI, Jan"]),
    ("FamilyNameRecognizer", "Client: MENSAH-BOATENG, Akosua-Ama\nAddress", ["MENSAH-BOATENG, Akosua-Ama"]),
    ("FamilyNameRecognizer", "URGENT, Please call back", []),
    ("FamilyNameRecognizer", "Subject: NOT KNOWN, Male", []),
    ("PersonContextRecognizer", "Kacper Nowak, 15; Ellie-Mae Dunn, 13)", ["Kacper Nowak", "Ellie-Mae Dunn"]),
    ("PersonContextRecognizer", "Mercedes Quinn, aged 14, was seen", ["Mercedes Quinn"]),
    ("PersonContextRecognizer", "at 9 Milton Road, 14, again", []),
    ("PersonContextRecognizer", "Oakfield Academy, 12, 13 and 14", []),
    ("TradingNameRecognizer", "bought at Cash4Stuff and Pay2Go", ["Cash4Stuff", "Pay2Go"]),
    ("TradingNameRecognizer", "SpeakUp4Kids Advocacy", ["SpeakUp4Kids"]),
    ("TradingNameRecognizer", "@Kayla4Life and kid4Life and Year10", []),
    ("OrganisationRecognizer", "on behalf of Wessex Coastal Housing Group. Please", ["Wessex Coastal Housing Group"]),
    # a sports team by its team word; not a vehicle, a job or a country
    ("OrganisationRecognizer", "the u13s at Ravensworth Rovers, and a Bitterne Park Colts hoodie", ["Ravensworth Rovers", "Bitterne Park Colts"]),
    ("OrganisationRecognizer", "derby between Hartcliffe Rangers and Hamble Harriers on Sat", ["Hartcliffe Rangers", "Hamble Harriers"]),
    ("OrganisationRecognizer", "two black Range Rovers and a Land Rover; the Park Rangers came", []),
    ("OrganisationRecognizer", "moved to the United Kingdom in 2019; Rangers won 3-1", []),
    ("OrganisationRecognizer", "outside Itchen Valley Sixth Form & Skills Centre in", ["Itchen Valley Sixth Form & Skills Centre"]),
    # round 15b: "called himself", "called him", "known as the ..."; an age range is not an age
    ("PersonContextRecognizer", "and called himself Uncle Dee. Rio got in", ["Uncle Dee"]),
    ("PersonContextRecognizer", "the men called him Sandu.", ["Sandu"]),
    ("PersonContextRecognizer", 'she calls herself "Kiki" online', ["Kiki"]),
    ("PersonContextRecognizer", 'known as "the Gaffer".', ["Gaffer"]),
    ("PersonContextRecognizer", "She called her mum about it.", []),
    ("PersonContextRecognizer", "who she called her boyfriend; they called him racist names", []),
    ("PersonContextRecognizer", "Mrs Pennington is happy; Mr O'Dowd too; he wears Dr Martens", ["Pennington", "O'Dowd"]),
    ("PersonContextRecognizer", "hi its Kez from Foyer Plus. Hiya, it's Dan here", ["Kez", "Dan"]),
    ("PersonContextRecognizer", "it's Monday today and this is Tesco", []),
    ("PersonContextRecognizer", "Dr Destiny Bailey and Mrs Ann O'Dowd", []),
    ("PersonContextRecognizer", 'the others called one of them "Dizzy"', []),
    ("PersonContextRecognizer", "Case note - Next Steps (16-25) drop-in", []),
    ("PersonContextRecognizer", "Open Door (11 - 19) youth club", []),
    # the surname after a quoted nickname inside a name
    ("PersonContextRecognizer", 'Student: Harvey "Haz" Pettifer-Ross, Year 7', ["Haz", "Pettifer-Ross"]),
    ("PersonContextRecognizer", "Jade 'JJ' O'Hara was there", ["JJ", "O'Hara"]),
    ("PersonContextRecognizer", 'Kyle “Kiddo” McBride (15)', ["Kiddo", "McBride"]),
    ("PersonContextRecognizer", 'a "Kwik Kabz" sticker', []),
    # trading names: a joined-up name and a number, a name joined to a place by "@", a project
    # before the age range it serves
    ("TradingNameRecognizer", "from RoadAssist 24 duty control", ["RoadAssist 24"]),
    ("TradingNameRecognizer", "ring SafeHands 247 or KwikCabs 2 for a lift", ["SafeHands 247", "KwikCabs 2"]),
    ("TradingNameRecognizer", "a PlayStation 5 and RoadAssist 24 hours a day, WhatsApp 3 times", []),
    ("TradingNameRecognizer", "Centre Manager | Loft@Bursledon youth hub", ["Loft@Bursledon"]),
    ("TradingNameRecognizer", "e-mail gemma@loft.org.uk or Gemma@Loft.org, @Loft", []),
    ("TradingNameRecognizer", "Case note - Next Steps (16-25) drop-in", ["Next Steps"]),
    ("TradingNameRecognizer", "Also Open Door (11-19) youth club and Bright Futures (8-13s) project", ["Open Door", "Bright Futures"]),
    ("TradingNameRecognizer", "Hope Marsh (16) and Year 9 (13-14) group", []),
    # a private group chat is not an organisation; a Facebook group is
    ("OrganisationRecognizer", 'a WhatsApp group called "Dizzy\'s Garage" showing', []),
    ("OrganisationRecognizer", 'a snapchat group called Top Boys and a Messenger chat "Night Owls"', []),
    ("OrganisationRecognizer", "a Facebook group called Locals First posts", ["Locals First"]),
    ("OrganisationRecognizer", 'adding them to a Telegram group called "Wessex Watch"', ["Wessex Watch"]),
    # round 16b: a short name in quotes after a naming word, a kin noun and a comma, or before
    # what only a person does; a name before a naming phrase; a hyphenated nickname in quotes
    ("PersonContextRecognizer", 'a shirt they call "j.d." and saved in it as "J" - 07700', ["j.d.", "J"]),
    ("PersonContextRecognizer", 'a boy she knows as "JJ", and his name "BEAR" in script', ["JJ", "BEAR"]),
    ("PersonContextRecognizer", 'THE NAME ON THE SCREEN WAS "SKIP" AND', ["SKIP"]),
    ("PersonContextRecognizer", 'a man she called her stepdad, "gaz". Her mate, "tee" was there', ["gaz", "tee"]),
    ("PersonContextRecognizer", 'says "AJ" bought it; one had "DEEKO" on the screen; "mj" gave him £20', ["AJ", "DEEKO", "mj"]),
    ("PersonContextRecognizer", 'she said "no" and her mum "knows"; he shouted "STOP"; the "yes" said', []),
    ("PersonContextRecognizer", 'the "friend" says he is 17; her "boyfriend" paid', []),
    ("PersonContextRecognizer", "He's Will, goes by Bish. Gareth Smith, known as Gaz. Tyrone aka T.",
     ["Will", "Bish", "Gareth Smith", "Gaz", "Tyrone"]),
    ("PersonContextRecognizer", "He, goes by Tiny. Locally known as Biscuit", ["Tiny", "Biscuit"]),
    ("QuotedNicknameRecognizer", 'Tyrese Campbell ("T-Bone") and the lads "K-Dog" and "Lil-J"', ["T-Bone", "K-Dog", "Lil-J"]),
    ("QuotedNicknameRecognizer", 'it was "well-known" and "Anti social"', []),
    ("FamilyNameRecognizer", "moved in with the Keels; stays with the Hendersons; lives with the Samaritans",
     ["Keels", "Hendersons"]),
    ("FamilyNameRecognizer", '"the Vickers". From what he says they are a well known family', ["Vickers"]),
    ("FamilyNameRecognizer", "a drink at the Cricketers; they are a nice bunch", []),
    ("TransportOperatorRecognizer", "the bus (Wessex Connect no. 4) and the driver; Bluestar route 18 bus",
     ["Wessex Connect", "Bluestar"]),
    ("TransportOperatorRecognizer", "the bus stop by flat no. 4; Platform number 2 driver", []),
    ("TransportOperatorRecognizer", "Tyler number 2 is at home", []),
]
# fmt: on


@pytest.mark.parametrize("text,expected", [
    ("He works at Rapid Van & Car Hire.", []),
    ("A Transit Van Sales yard", []),
    ("a white Transit van and a red Corsa", ["white Transit van", "red Corsa"]),
])
def test_recognizers_vehicle_not_inside_a_business_name(text, expected):
    results = VehicleDescriptionRecognizer(PATTERNS_DIR).analyze(text, None)
    assert [text[r.start : r.end] for r in results] == expected


# The pattern tables: what each recogniser finds, in order, or (tuning rounds 5, 8, 9) as a set.
@pytest.mark.parametrize("name,text,expected", PATTERN_CASES + ROUND6_PATTERN_CASES)
def test_recognizers_pattern_table(by_name, name, text, expected):
    assert found(by_name[name], text) == expected


@pytest.mark.parametrize("name,text,expected", PERSON_ROUND5_PATTERN_CASES + ROUND8_PATTERN_CASES + ROUND9_PATTERN_CASES)
def test_recognizers_round_pattern_tables(by_name, name, text, expected):
    assert sorted(found(by_name[name], text)) == sorted(expected)
