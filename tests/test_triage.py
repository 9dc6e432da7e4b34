"""Tests for pipeline.triage: categories, context traps, outcome rules, assessment, rule loading.

All texts are synthetic; names are fictional, phone numbers are from Ofcom's drama range.
"""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
import spacy

from pipeline.triage import (
    CATEGORIES,
    DEFAULT_RULES_DIR,
    OUTCOMES,
    SUGGESTION_LABEL,
    TriageResult,
    TriageRules,
    assess_triage,
    outcome_rank,
)


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="module")
def rules():
    return TriageRules.from_directory()


@pytest.fixture
def triage(nlp, rules):
    def run(text: str, **kwargs) -> TriageResult:
        return assess_triage(nlp(text), rules, **kwargs)
    return run


def reported(result: TriageResult) -> set[str]:
    return {hit.name for hit in result.categories}


def suppressed_reasons(result: TriageResult, category: str) -> set[str]:
    return {cue.reason for cue in result.suppressed if cue.category == category}


# ---------------------------------------------------------------------------------------------
# Categories
# ---------------------------------------------------------------------------------------------

# fmt: off
CATEGORY_POSITIVE = [
    ("OCG", "He counts it all in the car, stacks of it, elastic bands round, and the lads answer to a boss."),
    ("OCG", "The Audi had one plate on Monday and another on Wednesday: the same car on different plates, with a hire company barcode on the windscreen."),
    ("OCG", "Nobody crosses the Kershaws, they've got people everywhere."),
    ("OCG", "They told him every shop on the row pays £400 a week, counting cash out of an envelope."),
    ("OCG", "Upstairs windows foil-lined on the inside and a steady hum."),
    ("OCG", "Cars come in on a low-loader late at night; wheels, seats and a dashboard stacked by the side gate."),
    ("MISSING", "He has been missing from home since Friday."),
    ("MISSING", "She was reported as MFH by her carer on Sunday."),
    ("MISSING", "He has not returned home since Tuesday."),
    ("MISSING", "She went missing overnight and was found in another town."),
    ("MISSING", "He absconded from his placement at the weekend."),
    ("MISSING", "He is believed to be trafficked between cities."),
    ("CSE", "She has an older boyfriend who picks her up from school."),
    ("CSE", "She receives gifts from older men at the park."),
    ("CSE", "She has been sexting and sending nudes to an adult male."),
    ("CSE", "Concerns of CSE have been raised by her carer."),
    ("CSE", "She is being groomed by a man she met at the bus station."),
    ("CCE", "He is involved in county lines."),
    ("CCE", "He has been going country for a week at a time."),
    ("CCE", "He has been going OT with the older boys."),
    ("CCE", "His flat has been cuckooed by dealers."),
    ("CCE", "He is running a deal line for an older male."),
    ("CCE", "He was found plugging drugs before the trip."),
    ("CCE", "He is a runner for a drugs gang on the estate."),
    ("CCE", "He is shotting food around the estate."),
    ("CCE", "He is being used to sell drugs."),
    ("DRUGS", "Mum's partner uses drugs in the house."),
    ("DRUGS", "He sells cannabis from the bando behind the shops."),
    ("DRUGS", "There is a trap house on the estate where a nitty lives."),
    ("DRUGS", "She smells of cannabis every morning."),
    ("DRUGS", "He is a known crack cocaine supplier."),
    ("DRUGS", "There is a cannabis farm in the loft."),
    ("MODERN_SLAVERY", "Workers at the car wash are forced to work long hours."),
    ("MODERN_SLAVERY", "Her passport was taken by her employer."),
    ("MODERN_SLAVERY", "He is in debt bondage to the gangmaster."),
    ("MODERN_SLAVERY", "Staff at the nail bar live on the premises and are not paid."),
    ("MODERN_SLAVERY", "There are signs of modern slavery at the farm."),
    ("COMMUNITY_COHESION", "He was subjected to racist abuse at the bus stop."),
    ("COMMUNITY_COHESION", "There has been a rise in hate crime against the family."),
    ("COMMUNITY_COHESION", "Homophobic graffiti appeared on the wall."),
    ("COMMUNITY_COHESION", "There are community tensions after the incident."),
    ("COMMUNITY_COHESION", "Neighbours shouted at the family to go back to their own country."),
    ("ASB", "Youths are causing anti-social behaviour in the park."),
    ("ASB", "Graffiti has appeared on the underpass."),
    ("ASB", "A group of youths have been throwing stones at buses."),
    ("ASB", "Scramblers are being ridden around the estate."),
    ("OCG", "He is linked to an organised crime group."),
    ("OCG", "He is a member of a gang."),
    ("OCG", "His uncle is involved in money laundering."),
    ("OCG", "There is a postcode war between rival gangs."),
    ("RADICALISATION", "He has been referred to Prevent."),
    ("RADICALISATION", "He has expressed extremist views online."),
    ("RADICALISATION", "He has been sharing far-right propaganda."),
    ("RADICALISATION", "He talks about jihad and has watched beheading videos."),
    ("RADICALISATION", "He has shared posts supporting neo-Nazi groups."),
    ("DOMESTIC_ABUSE", "Her partner is controlling and coercive."),
    ("DOMESTIC_ABUSE", "Dad hit her in front of the children."),
    ("DOMESTIC_ABUSE", "She was strangled by her ex-partner."),
    ("DOMESTIC_ABUSE", "There is a history of domestic abuse in the home."),
    ("DOMESTIC_ABUSE", "She is scared of her husband, who checks her phone."),
    ("WEAPONS", "He carries a machete in his bag."),
    ("WEAPONS", "Two men armed with a machete were at the door."),
    ("WEAPONS", "He has a zombie knife under his bed."),
    ("WEAPONS", "He showed a blade to other pupils."),
    ("WEAPONS", "He was seen with a shank."),
    ("WEAPONS", "He has access to a firearm."),
    # General rules from the gold-corpus review, each in wording of our own.
    ("CSE", 'Her boyfriend "Jay" is 22 and collects her from the bus station.'),
    ("CSE", "A man in his forties buys her cigarettes and tells her to keep it secret."),
    ("CSE", "She went to a party with older men and woke up with no memory of the night."),
    ("CSE", "An adult male posted a naked photo of her on a group chat."),
    ("CSE", "He has asked her to come back to his flat and has given her vodka."),
    ("CSE", "An older man keeps messaging girls from the school on Instagram."),
    ("CCE", "He says he is doing favours for the olders and gets calls at all hours."),
    ("CCE", 'He was told to "do a drop" in Andover.'),
    ("CCE", "Two young men have been staying at his flat and he looks after the phone for them."),
    ("CCE", 'She keeps "packs" for an older lad on the estate.'),
    ("CCE", "A girl of about 13 has been seen shotting outside the chip shop."),
    ("CCE", "Dealers use her flat and she cannot get them to leave."),
    ("DRUGS", "The hallway smelled of crack when staff visited."),
    ("DRUGS", "The account posts prices for m-cat and delivers by moped."),
    ("DRUGS", "Neighbours report short visits all evening; callers leave after a few minutes."),
    ("DRUGS", "A teenager was handing small packages through car windows."),
    ("DRUGS", "There is foil over the windows and the meter has been bypassed."),
    ("MODERN_SLAVERY", "The owner keeps hold of their passports and their bank cards."),
    ("MODERN_SLAVERY", "Ten men seem to be living in a three-bedroom house and a minibus collects them at 5am."),
    ("MODERN_SLAVERY", "A kitchen worker told a customer that the boss locks him in at night."),
    ("MODERN_SLAVERY", "She works fourteen hours a day and her boss holds her passport."),
    ("COMMUNITY_COHESION", 'Youths shouted at her and called her a "paki".'),
    ("COMMUNITY_COHESION", "There has been abuse aimed at Muslim families on the estate."),
    ("COMMUNITY_COHESION", "The flyers blame asylum seekers for every burglary."),
    ("COMMUNITY_COHESION", "Jewish families say they no longer feel safe walking to the synagogue."),
    ("COMMUNITY_COHESION", "There is tension between young people from the Kurdish and Albanian communities."),
    ("ASB", "A group has been kicking over wheelie bins along the parade."),
    ("ASB", "There was a fight outside the chip shop on Friday."),
    ("ASB", "Lads have been lighting fires in the play park."),
    ("ASB", "Teenagers are riding e-bikes along the pavement and doing wheelies."),
    ("ASB", "Youths in the stairwell have been abusing residents."),
    ("OCG", "The unit behind the pub is stripping stolen cars."),
    ("OCG", "The van has cloned number plates."),
    ("OCG", "The barbers is a front: large amounts of cash going in and hardly any trade."),
    ("OCG", "He runs two drug lines out of Basingstoke."),
    ("OCG", "The bungalow has foil over the windows and hydroponic equipment was delivered."),
    ("RADICALISATION", "He talks about a coming race war."),
    ("RADICALISATION", "He idolises school shooters."),
    ("RADICALISATION", "He shares videos calling for violence against migrants."),
    ("DOMESTIC_ABUSE", "Her ex keeps turning up at her work and has sent threatening messages."),
    ("DOMESTIC_ABUSE", "Dad throws things when he is angry and mum seemed frightened of him."),
    ("DOMESTIC_ABUSE", "His grandson has been taking his pension."),
    ("DOMESTIC_ABUSE", "Neighbours hear screaming and banging from the flat; she lives with her boyfriend."),
    ("DOMESTIC_ABUSE", "Her husband collects her wages and will not let her see her family."),
    ("WEAPONS", 'He was handed "the ting" to carry in his bag.'),
    ("WEAPONS", "Someone was seen with a blade near the shops."),
    # Broader coverage of common partner wording.
    ("CCE", "She is selling weed for a man called T."),
    ("CCE", "He works for a dealer in the town centre."),
    ("DRUGS", "He was stopped with wraps of crack in his sock."),
    ("COMMUNITY_COHESION", "A protest is planned outside the hotel housing asylum seekers."),
    ("COMMUNITY_COHESION", "The synagogue doors were daubed with paint overnight."),
    ("COMMUNITY_COHESION", "There is anti-migrant graffiti on the bridge."),
    ("COMMUNITY_COHESION", "Posts on social media are stirring up tension on the estate."),
    ("ASB", "Youths have been fly-tipping and setting off fireworks in the street."),
    ("ASB", "Cars are racing and doing doughnuts in the retail park every night."),
    ("ASB", "Kids keep knocking on doors and running away."),
    ("OCG", "The shop sells illicit tobacco and counterfeit vapes."),
    ("OCG", "He is a loan shark who charges huge interest."),
    ("OCG", "The flat above the salon is being used as a brothel."),
    ("OCG", "Bags of cash are moved between the businesses every Friday."),
    ("RADICALISATION", "He has shared the Christchurch shooter's manifesto."),
    ("RADICALISATION", "He talks about remigration and white genocide."),
    ("RADICALISATION", "He is fixated on school shootings."),
    ("DOMESTIC_ABUSE", "She said the bruises were from walking into a door."),
    ("DOMESTIC_ABUSE", "Her son hits her when he has been drinking."),
    ("DOMESTIC_ABUSE", "He has breached his bail conditions by contacting her."),
]

CATEGORY_NEGATIVE = [
    ("CCE", "He is a runner in the school cross country team."),
    ("CCE", "He had food in the canteen at lunch."),
    ("CCE", "He has an OT appointment on Tuesday."),
    ("DRUGS", "She is dealing with a lot at home."),
    ("DRUGS", "His dad works as a car dealer."),
    ("WEAPONS", "He was playing with a nerf gun in the garden."),
    ("WEAPONS", "She needs a razor blade for her art project."),
    ("WEAPONS", "He is sensible with the knives in food tech."),
    ("WEAPONS", "We want to go to the insurers armed with the facts."),
    ("WEAPONS", "I went to the council armed with my phone videos twice."),
    ("RADICALISATION", "Staff tried to prevent him from leaving."),
    ("MISSING", "He has been missing school and lessons."),
    ("MISSING", "She is missing her phone."),
    ("OCG", "A gang of friends were playing football."),
    ("DOMESTIC_ABUSE", "The ball hit her on the head during PE."),
    ("ASB", "She is tagging along with her sister."),
    ("MODERN_SLAVERY", "Her mum took her to the nail bar for her birthday."),
    ("CSE", "She received birthday gifts from her grandparents."),
    ("COMMUNITY_COHESION", "The community centre runs a youth club."),
    # General rules from the gold-corpus review: innocent senses that must not fire.
    ("WEAPONS", "A man called Blade runs the boxing gym."),
    ("WEAPONS", "He drives for the Blade line on Saturdays."),
    ("WEAPONS", "He searched online for how to make a pipe bomb."),
    ("WEAPONS", "He has a ting for a girl in his class."),
    ("ASB", "Racist graffiti was sprayed on the mosque wall."),
    ("COMMUNITY_COHESION", "He drew swastikas in his exercise book."),
    ("COMMUNITY_COHESION", "Residents no longer feel safe because of the drug dealing."),
    ("RADICALISATION", 'His neighbour called him a "terrorist" in the street.'),
    ("RADICALISATION", "He is calling for the death penalty on his Facebook page."),
    ("RADICALISATION", "We learnt about the holy war in a history lesson."),
    ("DRUGS", "Gran takes pregabalin prescribed by her GP."),
    ("DRUGS", "She does the school drop-offs for her neighbour."),
    ("DRUGS", "A car with blacked-out windows was parked outside."),
    ("OCG", "A car with blacked-out windows was parked outside."),
    ("OCG", "We put the food on different plates."),
    ("OCG", "The house has a front door that does not lock."),
    ("CCE", "The boy was serving customers at the cafe."),
    ("CCE", "She is holding the phone while her sister films the dance."),
    ("CCE", "Young people were seen playing football in the park."),
    ("MODERN_SLAVERY", "Her mum took her bank card away as a punishment."),
    ("MODERN_SLAVERY", "Dad locks the doors at night."),
    ("CSE", "She was seen getting into a taxi and has a new phone."),
    ("CSE", "The older lads hang around the shops."),
    ("DOMESTIC_ABUSE", "Her son collects her pension for her as she is housebound."),
    ("DOMESTIC_ABUSE", "She shouted at the referee during the match."),
    ("MISSING", "Kids keep knocking on doors and running away."),
    ("COMMUNITY_COHESION", "The church hall was booked for a party."),
    ("DOMESTIC_ABUSE", "He walked into a door at football practice."),
    ("OCG", "The youth club raised money with a cake sale."),
    ("OCG", "She was counting the money in the till at the end of the day."),
    ("OCG", "He was counting out his pocket money for the trip."),
    ("OCG", "We hire a car from the rental company every summer."),
    ("OCG", "The plates were still in their packaging after the school fair."),
    ("COMMUNITY_COHESION", "We can keep her for about another half hour before she has to go."),
    ("CCE", "He works for a builder at the weekend."),
]
# fmt: on


def test_triage_every_category_has_a_positive_case():
    assert {category for category, _ in CATEGORY_POSITIVE} == set(CATEGORIES)


def test_triage_categories_are_multi_label_with_evidence_offsets(triage):
    text = "He is going country and carries a machete for an organised crime group."
    result = triage(text)
    assert {"CCE", "WEAPONS", "OCG"} <= reported(result)
    weapons = next(hit for hit in result.categories if hit.name == "WEAPONS")
    assert any("machete" in text[start:end] for start, end in weapons.evidence)
    assert [hit.score for hit in result.categories] == sorted((hit.score for hit in result.categories), reverse=True)


def test_triage_evidence_offsets_survive_curly_quotes(triage):
    text = "Mum\u2019s partner said \u201cthe knife is mine\u201d and sells cannabis."
    result = triage(text)
    for hit in result.categories:
        for start, end in hit.evidence:
            assert text[start:end].strip() == text[start:end] and end > start
    assert {"WEAPONS", "DRUGS"} <= reported(result)


def test_triage_works_without_sentence_boundaries(rules):
    doc = spacy.blank("en")("He carries a machete. There are no concerns about drugs.")
    result = assess_triage(doc, rules)
    assert reported(result) == {"WEAPONS"}


def test_triage_lemma_adds_matches_when_the_doc_has_lemmas(nlp, rules):
    doc = nlp("He garrotted her in the kitchen.")
    assert not assess_triage(doc, rules).categories
    doc[1].lemma_ = "strangle"  # a form the regexes do not list; a lemmatiser would supply this
    result = assess_triage(doc, rules)
    assert "DOMESTIC_ABUSE" in reported(result)
    assert result.outcome == "HIGH"


# ---------------------------------------------------------------------------------------------
# Scoring (on a small rule set written for the test, so tuning the lexicons cannot break it)
# ---------------------------------------------------------------------------------------------

SCORING_CSE = """\
kind: category
category: CSE
cues:
  - {id: strong, weight: 0.5, terms: [older boyfriend]}
  - {id: weak, weight: 0.4, terms: [gifts]}
"""


@pytest.fixture
def scoring_rules(tmp_path):
    rules_dir = tmp_path / "triage"
    shutil.copytree(DEFAULT_RULES_DIR, rules_dir)
    (rules_dir / "cse.yaml").write_text(SCORING_CSE, encoding="utf-8")
    return TriageRules.from_directory(rules_dir)


def cse_score(nlp, rules, text, threshold=0.0):
    result = assess_triage(nlp(text), rules, threshold=threshold)
    return next((hit.score for hit in result.categories if hit.name == "CSE"), None)


def test_triage_score_combines_distinct_cues(nlp, scoring_rules):
    assert cse_score(nlp, scoring_rules, "She has an older boyfriend.") == pytest.approx(0.5)
    assert cse_score(nlp, scoring_rules, "An older boyfriend gives her gifts.") == pytest.approx(1 - 0.5 * 0.6)


def test_triage_score_counts_a_repeated_cue_once(nlp, scoring_rules):
    score = cse_score(nlp, scoring_rules, "Gifts, more gifts and gifts again.")
    assert score == pytest.approx(0.4)


# A cue that ends with a space ends there: it used to need a non-word character after that space,
# so "answers to a boss" and "deals from the flat" never matched.
SPACE_ENDED = """\
kind: category
category: CSE
cues:
  - {id: trailing_space, weight: 0.5, pattern: 'answers? to (?:the|a) '}
  - {id: optional_tail, weight: 0.4, pattern: 'keep \\w+ for (?:local )?(?:families)?'}
"""


@pytest.mark.parametrize("text, score", [
    ("The lads answer to a boss.", 0.5),
    ("He said he answers to the man upstairs.", 0.5),
    ("She answered to nobody.", None),
    ("They keep houses for local families.", 0.4),
    ("We can keep her for about an hour.", 0.4),   # an optional tail makes a cue end in a space
])
def test_triage_cue_ending_with_a_space_matches(nlp, tmp_path, text, score):
    rules_dir = tmp_path / "triage"
    shutil.copytree(DEFAULT_RULES_DIR, rules_dir)
    (rules_dir / "cse.yaml").write_text(SPACE_ENDED, encoding="utf-8")
    rules = TriageRules.from_directory(rules_dir)
    got = cse_score(nlp, rules, text)
    assert got == (pytest.approx(score) if score is not None else None)


def test_triage_threshold_decides_what_is_reported(nlp, scoring_rules):
    assert cse_score(nlp, scoring_rules, "She gets gifts.", threshold=0.5) is None
    assert cse_score(nlp, scoring_rules, "She gets gifts.", threshold=0.3) == pytest.approx(0.4)
    assert cse_score(nlp, scoring_rules, "She has an older boyfriend.", threshold=0.5) == pytest.approx(0.5)


# ---------------------------------------------------------------------------------------------
# Context traps: negation, hypotheticals and advice, history, quotes
# ---------------------------------------------------------------------------------------------

# fmt: off
CONTEXT_TRAPS = [
    ("There are no concerns about drugs.", "DRUGS", "negated"),
    ("Nothing seen to suggest weapons.", "WEAPONS", "negated"),
    ("Nobody's seen any weapons.", "WEAPONS", "negated"),
    ("No one's mentioned a knife.", "WEAPONS", "negated"),
    ("I spoke to all three. Nobody had a knife or anything else, they emptied their bags.", "WEAPONS", "negated"),
    ("The talk on the group chat about him having a knife isn't true, he had nothing in his hands.", "WEAPONS", "negated"),
    ("The rumour that he carries a blade is untrue.", "WEAPONS", "negated"),
    ("There are no concerns about drugs, weapons or gangs.", "WEAPONS", "negated"),
    ("He denies carrying a knife.", "WEAPONS", "negated"),
    ("There is no suggestion that she is being sexually exploited.", "CSE", "negated"),
    ("Staff are not aware of any involvement in county lines.", "CCE", "negated"),
    ("He has never been reported missing.", "MISSING", "negated"),
    ("He doesn't carry a blade.", "WEAPONS", "negated"),
    ("He has not been found with any drugs or weapons at school.", "WEAPONS", "negated"),
    ("Nothing seen or said about weapons tonight.", "WEAPONS", "negated"),
    ("If he were to go missing, mum would call 999.", "MISSING", "hypothetical"),
    ("Mum was advised to call 999 if he goes missing.", "MISSING", "hypothetical"),
    ("Should she go missing again, police will be informed.", "MISSING", "hypothetical"),
    ("Pupils attended a knife crime awareness assembly.", "WEAPONS", "hypothetical"),
    ("He was spoken to about the dangers of county lines.", "CCE", "hypothetical"),
    ("She was exploited in 2019, no current concerns.", "MISSING", "historical"),
    ("He was previously involved in county lines.", "CCE", "historical"),
    ("There are historic concerns about CSE.", "CSE", "historical"),
    ("He used to carry a knife.", "WEAPONS", "historical"),
    ("He went missing several times as a child.", "MISSING", "historical"),
    ("His drill track is called 'Shotting in the Bando'.", "DRUGS", "quoted"),
    ("His drill track is called 'Shotting in the Bando'.", "CCE", "quoted"),
    ("His Instagram name is 'Shank Boss'.", "WEAPONS", "quoted"),
    ("He is known as \u201cMachete\u201d on the estate.", "WEAPONS", "quoted"),
    ("He posted lyrics \"ride out with the blade\" on his story.", "WEAPONS", "quoted"),
    # Fiction named after the quote, and jokes.
    ("She wrote \"I will run away and never come home\" in a short story.", "MISSING", "quoted"),
    ("He wrote \"I will stab you\" in a creative writing task.", "WEAPONS", "quoted"),
    ("Dad joked \"I'll kill them if they get a tattoo\" at the parents' evening.", "HIGH", "quoted"),
    # A conviction is history; so is "two years ago", even with "now" after a semicolon.
    ("He has a previous conviction for assault.", "CRIME", "historical"),
    ("Two years ago he was stabbed; he now volunteers as a mentor.", "CRIME", "historical"),
    # "nothing about X" negates X; summers and winters ago are history too.
    ("There has been nothing about weapons since he moved.", "WEAPONS", "negated"),
    ("We have heard nothing about drugs since the summer.", "DRUGS", "negated"),
    ("Nothing suggesting drugs was found in the room.", "DRUGS", "negated"),
    ("Three summers ago he was stabbed at the fair.", "CRIME", "historical"),
    # A list after a negation stays negated: no new clause with its own subject.
    ("No knives and no drugs were found.", "DRUGS", "negated"),
    ("No knives or drugs were found in his bedroom.", "DRUGS", "negated"),
    ("There is no knife crime or drug dealing on the estate.", "DRUGS", "negated"),
    # A sign worded as a negative is still set aside by an explicit denial.
    ("There is no suggestion the workers are not being paid.", "MODERN_SLAVERY", "negated"),
    ("Staff deny that the men are not allowed to leave.", "MODERN_SLAVERY", "negated"),
    ("There are no concerns that he has not come home.", "MISSING", "negated"),
    # Nobody has it, never talked of it, nothing in the chat about it; a place between "no one" and its verb.
    ("There are no weapons in the house and nobody in the family holds a firearms licence.", "WEAPONS", "negated"),
    ("He has never talked about hurting anyone or about weapons, and he is quiet.", "WEAPONS", "negated"),
    ("He says he has never been shown or offered any weapons.", "WEAPONS", "negated"),
    ("There is nothing in the chat about weapons or hurting anyone.", "WEAPONS", "negated"),
    ("No one at the meeting has seen knives or guns.", "WEAPONS", "negated"),
    # The reporter's own hypotheticals, and a carer's plan, are not threats.
    ("If this continues he will be stabbed one day.", "WEAPONS", "hypothetical"),
    ("If he carries on like this he'll get stabbed.", "WEAPONS", "hypothetical"),
    ("Mum says if he doesn't come home on time she will report him missing.", "MISSING", "hypothetical"),
]

# The scope of a trigger is limited: these cues must still count.
SCOPE_LIMITS = [
    ("There are no concerns about drugs but he carries a knife.", "WEAPONS"),
    ("Nobody's seen him since, and he had a knife in his bag.", "WEAPONS"),
    ("Nothing seen, but he had a knife on him.", "WEAPONS"),
    # "nobody had" negates what nobody had, not a later clause with its own subject.
    ("Nobody had a clue where he was, but he carries a knife every day.", "WEAPONS"),
    ("Nobody had a word to say and then Jay pulled a knife on him.", "WEAPONS"),
    ("No drugs were found; however he admitted carrying a machete.", "WEAPONS"),
    ("He has no fixed address and has been carrying a knife.", "WEAPONS"),
    ("He was previously missing and went missing again last night.", "MISSING"),
    ("He is being used to sell drugs.", "CCE"),
    ("If he does not pay the debt, they will stab him.", "WEAPONS"),
    # A negation stops at a new clause with its own subject and a future.
    ("Kai (15) said he won't go back or they'll stab him.", "WEAPONS"),
    ("She does not know where he is and he is going to sell drugs in Bournemouth for them.", "DRUGS"),
    ("He said 'I have to go country this weekend'.", "CCE"),
    ("There are no concerns at school. He has been going country.", "CCE"),
    # "nothing about" needs a topic after it, and only negates that.
    ("Mum said nothing about it. He was carrying a knife at the park.", "WEAPONS"),
    ("He cares nothing for school and deals cannabis from the flat.", "DRUGS"),
    # A naming word counts only right before the quote: here the quote is what the man does.
    ('They mentioned a man called Dee who "holds the work phone" for them.', "CCE"),
    # "without" stops at the next clause.
    ("They ride mopeds without helmets and throw stones at buses.", "ASB"),
    # "nobody holds" and "never talked" negate what they govern, not the next clause.
    ("Nobody holds his bank card but his uncle keeps a machete in the van.", "WEAPONS"),
    ("He has never talked to me but he carries a knife in his bag every day.", "WEAPONS"),
    # Stopping something that is itself a risk is not "the concern has stopped".
    ("Her older boyfriend bought her a phone and she has stopped seeing her friends.", "CSE"),
    # "no longer feel safe" is a current state, not history.
    ("Somali families no longer feel safe near the mosque.", "COMMUNITY_COHESION"),
    # A negation ends at "and"/"or"/"so" starting a clause with its own subject.
    ("He doesn't talk much and they pay him to deliver parcels.", "CCE"),
    ("He had no knife and Jordan deals cannabis from the flat.", "DRUGS"),
    ("She does not go out and the older men pick her up from school.", "CSE"),
    ("She won't say and her boyfriend keeps her passport.", "MODERN_SLAVERY"),
    # Signs worded as negatives (`negation: own`) are not set aside by a negation before them.
    ("The workers don't speak English and never get paid.", "MODERN_SLAVERY"),
    ("She doesn't speak English and is not allowed to leave the house.", "MODERN_SLAVERY"),
    ("They won't talk to staff and don't get paid.", "MODERN_SLAVERY"),
    ("He isn't answering his phone and hasn't come home since Friday.", "MISSING"),
    ("He never says much and has not been seen since Sunday.", "MISSING"),
    # A threat in the main clause of a condition said by or to the subject is real.
    ('The lender told her "if you\'re late you pay it back double" and the loan keeps going up.', "OCG"),
    ("He said if I don't go back they'll say I owe them for the bag.", "CCE"),
    ("He told her if she tells anyone he'll stab her brother.", "WEAPONS"),
    ('He said "unless I sell the rest they\'re going to stab me".', "WEAPONS"),
    ("They told him if he doesn't pay they're going to stab him.", "WEAPONS"),
]
# fmt: on


@pytest.mark.parametrize("text,category,reason", CONTEXT_TRAPS)
def test_triage_context_suppresses_cue(triage, text, category, reason):
    result = triage(text)
    assert category not in reported(result)
    assert reason in suppressed_reasons(result, category)


@pytest.mark.parametrize("text,category", SCOPE_LIMITS)
def test_triage_context_scope_is_limited(triage, text, category):
    assert category in reported(triage(text))


def test_triage_negation_scope_stops_at_but(triage):
    result = triage("There are no concerns about drugs but he carries a knife.")
    assert "DRUGS" not in reported(result)
    assert "negated" in suppressed_reasons(result, "DRUGS")


def test_triage_recent_year_is_not_historical(triage):
    this_year = date.today().year
    assert "MISSING" in reported(triage(f"She was exploited in {this_year}."))
    assert "MISSING" not in reported(triage(f"She was exploited in {this_year - 7}."))


def test_triage_suppressed_offsets_point_at_the_cue(triage):
    text = "He denies carrying a knife."
    cue = next(c for c in triage(text).suppressed if c.category == "WEAPONS")
    assert "knife" in text[cue.start:cue.end]


# A weapon the text explains as something harmless (weapons.yaml `explained`): every cue naming
# that kind of weapon is set aside, with the reason "explained".
# fmt: off
EXPLAINED_AWAY = [
    'She told her TA "daddy has got a gun". The "gun" is an orange Nerf blaster she showed us.',
    "A video shows him pointing a large knife at the camera. The knife is the rubber one from the props box.",
    "A parent says she draws guns in class. The gun is a pencil study of an old army revolver.",
    'He says he will bring the shank. The "knife" is a pickaxe skin in the game they all call the knife.',
    "A neighbour saw a boy with a gun on the green. It turned out to be a toy from the pound shop.",
    "There is a photo of her pointing a gun at the camera. It is a bright orange Nerf blaster.",
    "He carried a sword in the parade. It is a blunt prop that belongs to the group.",
    "The clip shows him waving something long that we first took for a machete. Zoomed in it is a length of fence paling.",
    'A neighbour saw a man with a massive knife. The "knife" was the chef carrying his knife roll to the van.',
]
# The weapon is real, another kind is not explained, or the statement is not an explanation.
NOT_EXPLAINED_AWAY = [
    # An imitation firearm is a weapon.
    "Staff took a gun off him at the gate. It was a plastic BB pistol with an orange tip.",
    # A negated explanation explains nothing.
    "He showed them a gun in the park. It was not a toy, staff are sure of that.",
    "The knife was not a prop: it had a real blade.",
    # "it" with no weapon in this or the sentence before explains nothing.
    "He carries a knife every day. His mum works at the market. She sells clothes there. It was a toy stall once.",
]
# fmt: on


@pytest.mark.parametrize("text", EXPLAINED_AWAY)
def test_triage_weapon_explained_as_harmless_is_set_aside(triage, text):
    result = triage(text)
    assert "WEAPONS" not in reported(result)
    assert "explained" in suppressed_reasons(result, "WEAPONS")


@pytest.mark.parametrize("text", NOT_EXPLAINED_AWAY)
def test_triage_weapon_not_explained_still_counts(triage, text):
    result = triage(text)
    assert "WEAPONS" in reported(result)
    assert "explained" not in suppressed_reasons(result, "WEAPONS")


def test_triage_explained_weapon_leaves_other_kinds_counted(triage):
    # Only the gun is a toy: the knife is the evidence.
    text = "The gun is a Nerf blaster, but he also had a kitchen knife in his bag."
    result = triage(text)
    weapons = next(hit for hit in result.categories if hit.name == "WEAPONS")
    assert all("knife" in text[start:end] for start, end in weapons.evidence)
    assert [text[c.start:c.end] for c in result.suppressed if c.reason == "explained"] == ["gun"]


def test_triage_explained_weapon_keeps_offsets_of_the_cue(triage):
    text = "There is a photo of her pointing a gun at the camera. It is a bright orange Nerf blaster."
    cue = next(c for c in triage(text).suppressed if c.reason == "explained")
    assert text[cue.start:cue.end] == "gun"


# ---------------------------------------------------------------------------------------------
# Outcome
# ---------------------------------------------------------------------------------------------

WORKED_EXAMPLE_NORMAL = "A child says mum's partner uses drugs in the house."
WORKED_EXAMPLE_SAFEGUARDING = (
    "A child says mum's partner uses drugs, openly leaves drugs and needles about the house "
    "and many people visit the property."
)

# fmt: off
OUTCOME_CASES = [
    # HIGH: a time word with a threat, weapon, planned meeting or missing person; or on its own
    ("She is meeting an older man tonight.", "HIGH"),
    ("He has a knife in his bag right now.", "HIGH"),
    ("He is going to stab him after school today.", "HIGH"),
    ("He was seen with a knife. He plans to use it tonight.", "HIGH"),
    ("She is currently missing.", "HIGH"),
    ("There is a threat to life against her brother.", "HIGH"),
    ("Her partner strangled her.", "HIGH"),
    ("He has a gun at his flat.", "HIGH"),
    ("They are planning to rob the shop tonight.", "HIGH"),
    ("He is being sent OT tonight.", "HIGH"),
    # CRIME: a crime with a victim
    ("He was punched in the face by an older pupil.", "CRIME"),
    ("She was mugged on her way home.", "CRIME"),
    ("He touched her inappropriately in the changing rooms.", "CRIME"),
    ("She disclosed that she was raped at a party.", "CRIME"),
    ("He had his phone stolen at the bus stop.", "CRIME"),
    ("His house was burgled last week.", "CRIME"),
    # SAFEGUARDING: child or vulnerable adult + category + aggravating factor
    (WORKED_EXAMPLE_SAFEGUARDING, "SAFEGUARDING"),
    ("The 14 year old girl has an older boyfriend who buys her gifts.", "SAFEGUARDING"),
    ("The pupil is involved in county lines and is not attending school.", "SAFEGUARDING"),
    ("The boy smells of cannabis in lessons and is selling weed.", "SAFEGUARDING"),
    ("A vulnerable adult has been cuckooed and many people visit the flat.", "SAFEGUARDING"),
    # NORMAL: intelligence only
    (WORKED_EXAMPLE_NORMAL, "NORMAL"),
    ("A white van parks outside the flat most evenings.", "NORMAL"),
    ("He is involved in county lines.", "NORMAL"),
    ("He has been going country and carries a knife.", "NORMAL"),
    ("The pupil was told today that he carries a knife.", "NORMAL"),
    # Longer, multi-sentence submissions
    ("I am the DSL at Oakfield Academy. A Year 9 pupil told me that Jayden has been staying out "
     "until 3am and has a new phone. He said older boys pay him to take packages to Basingstoke.",
     "SAFEGUARDING"),
    ("During a home visit I noticed several men coming and going from the flat. Mum appeared under "
     "the influence and there were needles in the kitchen. Her two children, aged 3 and 5, were present.",
     "SAFEGUARDING"),
    ("My patient disclosed that her husband checks her phone, will not let her see her family and "
     "pushed her down the stairs last month.", "CRIME"),
    ("He told me he owes money to the older lads and they said they will stab him if he does not "
     "pay by Friday.", "HIGH"),
    ("She said her stepdad hits her mum and she is scared to go home tonight.", "HIGH"),
    ("The patient is a vulnerable adult with dementia; people are using her flat to sell drugs.",
     "SAFEGUARDING"),
    ("The pupil has been absent for two days with a cold. Mum called the school this morning.", "NORMAL"),
    ("He cut his hand on a kitchen knife while cooking; the school nurse dressed it.", "NORMAL"),
    # Suppressed signals never raise the outcome
    ("She denies being punched.", "NORMAL"),
    ("If she goes missing tonight, mum will call 999.", "NORMAL"),
    ("He was strangled in 2015 and there are no current concerns.", "NORMAL"),
    ("There is no threat to life.", "NORMAL"),
    ("The school ran a workshop about knife crime this afternoon.", "NORMAL"),
    # --- General rules from the gold-corpus review (own wording) ---
    # HIGH: threats and plans in the words people use
    ('Her ex has messaged that he is coming over tonight "to finish it".', "HIGH"),
    ("An adult she met on Instagram has asked her to meet him this evening.", "HIGH"),
    ("She is going to a party tonight with men she met through TikTok.", "HIGH"),
    ('He has been told to "do a drop" in Fareham tonight.', "HIGH"),
    ('They are meeting at the park tonight to "sort out" a lad who owes them.', "HIGH"),
    ("Her former partner says he is coming to take the kids tonight and she will never see them again.", "HIGH"),
    ("Gran is coming to take the children to the park tonight.", "NORMAL"),
    # "says he will ..." is not the time the disclosure was made
    ("He asked her to meet him at the station tonight and says he will pay for a taxi.", "HIGH"),
    # HIGH on its own: missing now, held captive, a plea for help, 999 called, marked urgent, a gun
    ("Josh (12) went missing from school at 1pm and has not been found.", "HIGH"),
    ("Jade has been missing since 9pm and her phone is off.", "HIGH"),
    ("The worker passed a note to a customer saying they lock him in the back room.", "HIGH"),
    ('Her mum got a text from her saying "please come and get me".', "HIGH"),
    ("I have just rung 999 as he is outside the school.", "HIGH"),
    ("Mum has called 999 twice before about the neighbours' parties.", "NORMAL"),
    ("Nobody has called 999 yet; mum wants advice.", "NORMAL"),
    ('He said "help me with my maths" and laughed.', "NORMAL"),
    ('She wrote "please come and get me" for a drama piece.', "NORMAL"),
    ("URGENT. Please call me back about Leo.", "HIGH"),
    ("This is a non-urgent update about Leo's attendance.", "NORMAL"),
    ("He needs an urgent referral to CAMHS for his anxiety.", "NORMAL"),
    ("One of the men has what looks like a gun in his waistband.", "HIGH"),
    ("He is threatening to kill himself.", "HIGH"),
    ("She has just taken an overdose.", "HIGH"),
    ("He is on his way to the house with a knife.", "HIGH"),
    ("The girl has been abducted by two men in a van.", "HIGH"),
    ("There are no concerns that he is suicidal.", "NORMAL"),
    ("He said he will finish it by Friday, meaning his coursework.", "NORMAL"),
    # CRIME: a disclosed crime with a victim
    ("Older boys have been taking £5 off him every morning at the bus stop.", "CRIME"),
    ("A group of Year 11s are taking money from younger pupils at lunch.", "CRIME"),
    ("Her ex-boyfriend shared a nude photo of her on a group chat.", "CRIME"),
    ("Someone threw eggs at their front door and shouted abuse.", "CRIME"),
    ("He said he was forced to work on a farm for no pay.", "CRIME"),
    ("She says a neighbour has been stealing her post but she is too frightened to report it.", "CRIME"),
    ("His niece has been emptying his account.", "CRIME"),
    ("He was spat at and pushed over in the street.", "CRIME"),
    ("Her car windows were smashed and the tyres slashed.", "CRIME"),
    ("She was scammed out of £2,000 by a man she met online.", "CRIME"),
    ("He had £50 stolen from his locker.", "CRIME"),
    ("He has received threats to stab him.", "CRIME"),
    ("A man sent her unsolicited explicit pictures.", "CRIME"),
    ("Her carer has been stealing from her.", "CRIME"),
    ("They made him hand over his trainers.", "CRIME"),
    ("The club took money from parents for the trip.", "NORMAL"),
    ("He has a previous conviction for assault and lives with his mum.", "NORMAL"),
    # SAFEGUARDING: an identified child or vulnerable adult ...
    ("Amy (14) has an older boyfriend.", "SAFEGUARDING"),                  # CSE in itself
    ("Priya, 15, is involved in county lines.", "SAFEGUARDING"),           # CCE in itself
    ("Age: 13. Has been going missing from home.", "SAFEGUARDING"),        # a missing child
    ("Sam (Yr 8) shares extremist videos and talks about a race war.", "SAFEGUARDING"),
    ("Her partner is controlling and checks her phone; she has a baby.", "SAFEGUARDING"),
    ("Her partner is controlling and checks her phone. They have no children.", "NORMAL"),
    ("Mrs Khan (aged 86) says young men have taken over her flat to sell drugs.", "SAFEGUARDING"),
    ("Maya (15 y/o) was sick after taking ket at a party.", "SAFEGUARDING"),
    ("Leo (16) carries a knife for protection.", "SAFEGUARDING"),
    ("Leo (16) carries a knife.", "NORMAL"),
    ("The car wash owner keeps hold of the workers' passports.", "SAFEGUARDING"),  # MS victim
    ("There were mattresses and post for several men at the empty flat.", "NORMAL"),
    # ... not a cohort or a stranger of estimated age
    ("Jayden, who is 14, has been going country with older boys.", "SAFEGUARDING"),
    ("Some Year 8 girls have older boyfriends.", "NORMAL"),
    ("A boy of about 15 is selling weed for older lads by the shops.", "NORMAL"),
    # "intelligence only" holds SAFEGUARDING back unless harm is already happening
    ("Intelligence only: Sam (15) is involved in county lines.", "NORMAL"),
    ("Intelligence only: Sam (15) is involved in county lines and has unexplained injuries.",
     "SAFEGUARDING"),
]
# fmt: on


@pytest.mark.parametrize("text,outcome", OUTCOME_CASES)
def test_triage_outcome(triage, text, outcome):
    result = triage(text)
    assert result.outcome == outcome, result.outcome_reasons
    assert result.outcome in OUTCOMES
    assert result.outcome_reasons and all(isinstance(r, str) and r for r in result.outcome_reasons)


def test_triage_domain_worked_example_normal(triage):
    result = triage(WORKED_EXAMPLE_NORMAL)
    assert reported(result) == {"DRUGS"}
    assert result.outcome == "NORMAL"
    assert result.outcome_reasons[0].startswith("Intelligence only: DRUGS")


def test_triage_domain_worked_example_safeguarding(triage):
    result = triage(WORKED_EXAMPLE_SAFEGUARDING)
    assert "DRUGS" in reported(result)
    assert result.outcome == "SAFEGUARDING"
    reason = result.outcome_reasons[0]
    assert "('child')" in reason and "DRUGS" in reason
    assert "'needles'" in reason and "many visitors" in reason
    assert reason.endswith("(SAFEGUARDING)")


def test_triage_high_reason_names_the_time_word_and_the_event(triage):
    result = triage("Kayla is meeting an older man tonight.")
    assert result.outcome_reasons[0] == "Imminent: 'tonight' with a planned meeting with an adult (HIGH)"


def test_triage_high_reason_quotes_a_deadline(triage):
    result = triage("They said they will stab him if he does not pay by Friday.")
    assert "Imminent: 'by friday' with a threat to harm someone (HIGH)" in result.outcome_reasons


def test_triage_time_word_of_the_disclosure_is_not_imminence(triage):
    result = triage("A pupil told staff today that he carries a knife.")
    assert result.outcome == "NORMAL"
    assert "WEAPONS" in reported(result)


# The time word says when the partner heard or wrote it, not when the risk is: not HIGH. Beside them,
# the same dangers with a time of the risk, still HIGH.
# fmt: off
TELLING_TIMES = [
    "Aaron (17) told his GP today he was jumped on Saturday and one lad had a hammer.",
    "On a planned home visit today I was shown a machete he keeps under his bed.",
    "Reece came to me at the hub at 7pm tonight and handed over a knife in a sock.",
    "7.55am today a parent phoned reception about a boy carrying a rifle in a bag.",
    "TENANT THREATENED WITH A BAT - PLEASE CAN SOMEONE RING HER TODAY",
    'On Saturday night he held the knife to her neck and said "you wont see tonight out".',
    'Yesterday one of them said "there\'s gonna be a stabbing out here tonight".',
]
TELLING_TIMES_HIGH = [
    "Aaron (17) told his GP today that the lad with the knife is waiting for him after school tonight.",
    "On a planned home visit today he showed me a machete and said he is using it on Dean tonight.",
    "Reece says the older lads are bringing a knife to the park tonight.",
    "A parent phoned reception: a boy is carrying a rifle in a bag on Station Road right now.",
    "The landlord is outside her flat with a bat right now.",
    'He held the knife to her neck and said "you wont see tonight out".',
    'One of them just said "there\'s gonna be a stabbing out here tonight".',
]
# fmt: on


# A "gun" that turns out to be a toy, or put away for police to collect, is not a firearm now;
# beside each, a firearm the same words do not take back.
# fmt: off
NOT_A_FIREARM = [
    'She told her TA "daddy has got a gun". The "gun" is an orange Nerf blaster she showed me.',
    "He keeps a black BB pistol that looks like a real handgun under his bed.",
    "He was carrying a handgun. His mum has put it in a locked cupboard for police to collect.",
]
STILL_A_FIREARM = [
    'She told her TA "daddy has got a gun". The "gun" is under his bed in a shoebox.',
    "He keeps a black pistol that looks like a real handgun under his bed.",
    "He was carrying a handgun. His mum says he keeps it in his room.",
    "URGENT: he has a knife. His brother's BB gun is a toy.",
]
# fmt: on


@pytest.mark.parametrize("text,high", [(t, False) for t in TELLING_TIMES + NOT_A_FIREARM]
                         + [(t, True) for t in TELLING_TIMES_HIGH + STILL_A_FIREARM])
def test_triage_high_only_for_a_time_and_a_gun_of_now(triage, text, high):
    assert (triage(text).outcome == "HIGH") is high


def test_triage_high_beats_crime_and_says_so(triage):
    result = triage("He was punched by a man who is going to stab him tonight.")
    assert result.outcome == "HIGH"
    assert any(r.endswith("(HIGH)") for r in result.outcome_reasons)
    assert "Also meets CRIME; HIGH takes priority" in result.outcome_reasons


def test_triage_crime_beats_safeguarding_and_says_so(triage):
    result = triage("The 15 year old was assaulted, has injuries and is involved in county lines.")
    assert result.outcome == "CRIME"
    assert result.outcome_reasons[0] == "Crime disclosed: an assault on a person ('assaulted') (CRIME)"
    assert "Also meets SAFEGUARDING; CRIME takes priority" in result.outcome_reasons


def test_triage_suppressed_outcome_signals_are_recorded(triage):
    result = triage("She denies being punched.")
    assert result.outcome == "NORMAL"
    assert "negated" in suppressed_reasons(result, "CRIME")
    assert any(r.startswith("Not counted") and "1 negated" in r for r in result.outcome_reasons)


def test_triage_safeguarding_category_in_itself_is_named_in_the_reason(triage):
    result = triage("Amy (14) has an older boyfriend.")
    assert result.outcome == "SAFEGUARDING"
    assert "aggravating factors: an older adult involved ('older boyfriend')" in result.outcome_reasons[0]
    result = triage("Priya, 15, is involved in county lines.")
    assert result.outcome_reasons[0].endswith("CCE is a safeguarding concern in itself (SAFEGUARDING)")


def test_triage_modern_slavery_victim_counts_as_a_vulnerable_adult(triage):
    result = triage("The car wash owner keeps hold of the workers' passports.")
    assert result.outcome == "SAFEGUARDING"
    assert result.outcome_reasons[0].startswith("Possible victim of MODERN_SLAVERY (a vulnerable adult)")


def test_triage_intelligence_only_note_explains_normal(triage):
    result = triage("Intelligence only: Sam (15) is involved in county lines.")
    assert result.outcome == "NORMAL"
    assert any("marked as intelligence only" in r for r in result.outcome_reasons)


def test_triage_aggravating_factors_without_a_child_stay_normal(triage):
    result = triage("He deals drugs and many people visit the property.")
    assert result.outcome == "NORMAL"
    assert any("no child or vulnerable-adult marker" in r for r in result.outcome_reasons)


# fmt: off
ENTITY_TEXTS = [
    ("Kayla Brown (07700 900123) is meeting an older man called Darren Price in Havant Park tonight.",
     ["Kayla", "Brown", "07700", "900123", "Darren", "Price", "Havant"]),
    ("Tom Reilly was punched by Jake Smith outside the Co-Op on Winchester Road and Jake is going to stab him tonight.",
     ["Tom", "Reilly", "Jake", "Smith", "Co-Op", "Winchester"]),
    ("Priya Shah, aged 14, has an older boyfriend known as Smiley who drives a silver Ford Focus HN19 XKD and buys her gifts.",
     ["Priya", "Shah", "Smiley", "Ford", "Focus", "HN19", "XKD"]),
    ("A pupil told me that Liam O'Neill carries a zombie knife at Oakfield Academy, SO15 2JH.",
     ["Liam", "Neill", "Oakfield", "SO15", "2JH"]),
]
# fmt: on


@pytest.mark.parametrize("text,values", ENTITY_TEXTS)
def test_triage_reasons_contain_no_entity_values(triage, text, values):
    result = triage(text)
    shown = " ".join(result.outcome_reasons) + " " + result.assessment.note
    for value in values:
        assert value.lower() not in shown.lower()


def test_outcome_rank_sorts_most_urgent_first():
    batch = ["NORMAL", "SAFEGUARDING", "HIGH", "CRIME", "NORMAL"]
    assert sorted(batch, key=outcome_rank) == ["HIGH", "CRIME", "SAFEGUARDING", "NORMAL", "NORMAL"]
    assert outcome_rank("HIGH") == 0
    with pytest.raises(ValueError, match="unknown outcome"):
        outcome_rank("URGENT")


# ---------------------------------------------------------------------------------------------
# Suggested intelligence assessment (3x5x2, A-E)
# ---------------------------------------------------------------------------------------------

# fmt: off
ASSESSMENT_CASES = [
    ("I saw him carrying a knife near the shops.", "A"),
    ("I witnessed the exchange of a package.", "A"),
    ("A pupil told me and CCTV shows him at the address.", "B"),
    ("It has been reported that he sells drugs. This is corroborated by two separate sources.", "B"),
    ("A pupil told me he carries a knife.", "C"),
    ("It has been reported that he sells drugs.", "C"),
    ("I was told he is going country.", "C"),
    ("Staff heard that he sells drugs.", "C"),
    ("The report is unverified and it is not known whether this is true.", "D"),
    ("The information was given anonymously.", "D"),
    ("The report may be malicious.", "E"),
    ("This is suspected to be false as she has a history of making false allegations.", "E"),
    ("I saw him with a knife but the report may be malicious.", "E"),
    ("There is no suggestion the report is malicious; a pupil told me.", "C"),
    ("He carries a knife.", "C"),
]
# fmt: on


@pytest.mark.parametrize("text,letter", ASSESSMENT_CASES)
def test_triage_assessment_letter(triage, text, letter):
    assessment = triage(text).assessment
    assert assessment.suggested == letter
    assert assessment.note.startswith(SUGGESTION_LABEL)
    assert "handler decides" in assessment.note


def test_triage_assessment_evidence_points_at_the_wording(triage):
    text = "I saw him carrying a knife near the shops."
    assessment = triage(text).assessment
    assert [text[s:e].lower() for s, e in assessment.evidence] == ["i saw"]
    assert "'i saw'" in assessment.note


def test_triage_assessment_default_is_c_with_no_evidence(triage):
    assessment = triage("He carries a knife.").assessment
    assert (assessment.suggested, assessment.evidence) == ("C", ())
    assert "no wording" in assessment.note


# ---------------------------------------------------------------------------------------------
# Loading rules: broken files fail with the file, the entry and the reason
# ---------------------------------------------------------------------------------------------

# fmt: off
BROKEN_FILES = [
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncues: [unclosed\n",
     ["weapons.yaml", "not valid YAML"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncues:\n  - {id: broken, weight: 0.5, pattern: '(unclosed'}\n",
     ["weapons.yaml", "cues[0] 'broken'", "does not compile"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncues:\n  - {id: heavy, weight: 1.5, terms: [knife]}\n",
     ["weapons.yaml", "'heavy'", "'weight' must be a number in (0, 1]"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncues:\n  - {id: light, terms: [knife]}\n",
     ["weapons.yaml", "'light'", "missing key 'weight'"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncues:\n  - {id: typo, wieght: 0.5, terms: [knife]}\n",
     ["weapons.yaml", "'typo'", "unknown key"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncues:\n  - {id: twice, weight: 0.5, terms: [knife]}\n  - {id: twice, weight: 0.5, terms: [blade]}\n",
     ["weapons.yaml", "cues[1] 'twice'", "duplicate id"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncues:\n  - {id: empty, weight: 0.5, pattern: 'x?'}\n",
     ["weapons.yaml", "'empty'", "empty string"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncues:\n  - {id: grouped, weight: 0.5, pattern: '(?P<w>knife)'}\n",
     ["weapons.yaml", "'grouped'", "named groups"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncue:\n  - {id: knife, weight: 0.5, terms: [knife]}\n",
     ["weapons.yaml", "unknown top-level key(s) ['cue']"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPON\ncues:\n  - {id: knife, weight: 0.5, terms: [knife]}\n",
     ["weapons.yaml", "unknown category 'WEAPON'"]),
    ("weapons.yaml", "category: WEAPONS\ncues:\n  - {id: knife, weight: 0.5, terms: [knife]}\n",
     ["weapons.yaml", "kind"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncategory: DRUGS\ncues: []\n",
     ["weapons.yaml", "line 3", "duplicate key 'category'"]),
    ("weapons.yaml", "- just\n- a list\n",
     ["weapons.yaml", "mapping"]),
    ("extra.yaml", "kind: category\ncategory: DRUGS\ncues:\n  - {id: drugs, weight: 0.5, terms: [drugs]}\n",
     ["extra.yaml", "defined in two files"]),
    ("context.yaml", "kind: context\nquotes: {label_before: [song], handle_like: '@\\w+'}\nscopes:\n  historical:\n    triggers:\n      - {id: year, pattern: 'in (19|20)\\d\\d', direction: backward, min_years_ago: 2}\n",
     ["context.yaml", "'year'", "(?P<year>"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncues:\n  - {id: neg, weight: 0.5, terms: [knife], negation: ignore}\n",
     ["weapons.yaml", "'neg'", "'negation' must be one of"]),
    ("context.yaml", "kind: context\nquotes: {label_before: [song], handle_like: '@\\w+'}\nscopes:\n  negated:\n    triggers:\n      - {id: plain, terms: [not], bare: 'yes'}\n",
     ["context.yaml", "'plain'", "'bare' must be true or false"]),
    ("context.yaml", "kind: context\nquotes: {label_before: [song], handle_like: '@\\w+'}\nscopes:\n  negated:\n    new_clauses: ['and he']\n    triggers:\n      - {id: plain, terms: [not]}\n",
     ["context.yaml", "scopes.negated", "unknown key(s) ['new_clauses']"]),
    ("outcome.yaml", "kind: outcome\nimminent: {categories: {}, time_words: [{id: t, terms: [tonight]}], events: [{id: e, terms: [meet]}]}\n",
     ["outcome.yaml", "'e'", "description"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncues:\n  - {id: knife, weight: 0.5, terms: [knife]}\nexplained:\n  kinds: {blade: knife}\n  statements:\n    - {id: toy, pattern: '(toy'}\n",
     ["weapons.yaml", "explained statements[0] 'toy'", "does not compile"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncues:\n  - {id: knife, weight: 0.5, terms: [knife]}\nexplained:\n  kinds: {blade: knife}\n  statement:\n    - {id: toy, pattern: toy}\n",
     ["weapons.yaml", "explained", "unknown key(s) ['statement']"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncues:\n  - {id: knife, weight: 0.5, terms: [knife]}\nexplained:\n  kinds: []\n  statements:\n    - {id: toy, pattern: toy}\n",
     ["weapons.yaml", "explained", "'kinds' must be a non-empty mapping"]),
    ("weapons.yaml", "kind: category\ncategory: WEAPONS\ncues:\n  - {id: knife, weight: 0.5, terms: [knife]}\nexplained:\n  kinds: {blade: knife}\n  statements:\n    - {id: toy}\n",
     ["weapons.yaml", "explained statements[0] 'toy'", "pattern"]),
]
# fmt: on


@pytest.fixture
def rules_copy(tmp_path):
    rules_dir = tmp_path / "triage"
    shutil.copytree(DEFAULT_RULES_DIR, rules_dir)
    return rules_dir


@pytest.mark.parametrize("filename,content,fragments", BROKEN_FILES)
def test_triage_rules_bad_file_raises_clear_error(rules_copy, filename, content, fragments):
    (rules_copy / filename).write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        TriageRules.from_directory(rules_copy)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message


def test_triage_rules_unknown_harm_factor_is_an_error(rules_copy):
    outcome = rules_copy / "outcome.yaml"
    text = outcome.read_text(encoding="utf-8")
    assert "harm_factors: [needles," in text
    outcome.write_text(text.replace("harm_factors: [needles,", "harm_factors: [no_such_factor, needles,"),
                       encoding="utf-8")
    with pytest.raises(ValueError, match="outcome.yaml.*harm_factors.*no_such_factor"):
        TriageRules.from_directory(rules_copy)


def test_triage_rules_unknown_withdrawal_is_an_error(rules_copy):
    outcome = rules_copy / "outcome.yaml"
    text = outcome.read_text(encoding="utf-8")
    assert "withdrawn_by: [danger_away, in_custody, weapon_secured, not_a_firearm]" in text
    outcome.write_text(text.replace("withdrawn_by: [danger_away, in_custody, weapon_secured, not_a_firearm]",
                                    "withdrawn_by: [danger_away, gun_gone]"), encoding="utf-8")
    with pytest.raises(ValueError, match="outcome.yaml.*firearm.*withdrawn_by.*gun_gone"):
        TriageRules.from_directory(rules_copy)


def test_triage_rules_unknown_safeguarding_category_is_an_error(rules_copy):
    outcome = rules_copy / "outcome.yaml"
    text = outcome.read_text(encoding="utf-8")
    outcome.write_text(text.replace("categories: [CSE, CCE,", "categories: [GROOMING, CCE,"), encoding="utf-8")
    with pytest.raises(ValueError, match="outcome.yaml.*unknown category 'GROOMING'"):
        TriageRules.from_directory(rules_copy)


def test_triage_rules_unknown_quote_key_is_an_error(rules_copy):
    context = rules_copy / "context.yaml"
    text = context.read_text(encoding="utf-8")
    context.write_text(text.replace("  words_after: 6", "  word_after: 6"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"context.yaml.*quotes.*unknown key\(s\) \['word_after'\]"):
        TriageRules.from_directory(rules_copy)


def test_triage_rules_missing_category_lexicon_is_an_error(rules_copy):
    (rules_copy / "weapons.yaml").unlink()
    with pytest.raises(ValueError, match="no lexicon for category WEAPONS"):
        TriageRules.from_directory(rules_copy)


def test_triage_rules_empty_directory_is_an_error(tmp_path):
    with pytest.raises(ValueError, match=r"no \*\.yaml"):
        TriageRules.from_directory(tmp_path)


def test_triage_rules_load_every_category(rules):
    assert set(rules.categories) == set(CATEGORIES)
    assert all(lexicon.cues for lexicon in rules.categories.values())


# ---------------------------------------------------------------------------------------------
# The real model (tok2vec, tagger, senter, attribute_ruler, lemmatizer, ner; no parser)
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def model_nlp():
    from pipeline.model import load_nlp
    return load_nlp()


# fmt: off
MODEL_CASES = [
    (WORKED_EXAMPLE_NORMAL, "NORMAL", {"DRUGS"}),
    (WORKED_EXAMPLE_SAFEGUARDING, "SAFEGUARDING", {"DRUGS"}),
    ("Kayla is meeting an older man tonight. She has been sending nudes.", "HIGH", {"CSE"}),
    ("He denies carrying a knife. There are no concerns about drugs.", "NORMAL", set()),
    ("He was punched by a man who is going to stab him tonight.", "HIGH", {"WEAPONS"}),
    ("His drill track is called 'Shotting in the Bando'.", "NORMAL", set()),
]
# fmt: on


@pytest.mark.slow
@pytest.mark.parametrize("text,outcome,categories", MODEL_CASES)
def test_triage_real_model_agrees_with_blank_pipeline(model_nlp, nlp, rules, text, outcome, categories):
    with_model = assess_triage(model_nlp(text), rules)
    blank = assess_triage(nlp(text), rules)
    assert with_model.outcome == outcome
    assert reported(with_model) == categories
    assert (with_model.outcome, reported(with_model)) == (blank.outcome, reported(blank))


@pytest.mark.slow
def test_triage_real_model_lemmas_are_used_when_the_lemmatizer_runs(rules):
    from pipeline.model import ModelConfig, load_nlp
    nlp = load_nlp(ModelConfig(disable=("parser",), enable=("senter",)))  # tagger + lemmatizer kept
    doc = nlp("Her partner strangles her in the kitchen.")
    assert doc.has_annotation("LEMMA")
    result = assess_triage(doc, rules)
    assert result.outcome == "HIGH"
    assert "DOMESTIC_ABUSE" in reported(result)


def test_triage_default_model_has_no_lemmas_and_inflections_still_fire(model_nlp, rules):
    doc = model_nlp("Her partner was strangling her in the kitchen.")
    assert not doc.has_annotation("LEMMA")  # the default pipeline excludes the lemmatizer
    result = assess_triage(doc, rules)
    assert result.outcome == "HIGH"
    assert "DOMESTIC_ABUSE" in reported(result)


# ---------------------------------------------------------------------------------------------
# Plain-word wordings partners use (exploitation, hate, labour, domestic abuse, urgency)
# ---------------------------------------------------------------------------------------------

# fmt: off
PLAIN_WORDING_POSITIVE = [
    # Cuckooing and county lines described without the jargon.
    ("CCE", "Two men from London have been staying at his flat and they have taken over the bedroom."),
    ("CCE", "He says they need the flat for work and he has to keep it charged and answer it."),
    ("CCE", 'He has been "doing runs" for an older lad who gave him a phone and trainers.'),
    ("CCE", "They made him take bags over to the island on the ferry."),
    ("CCE", "He owes them £300 for a parcel he lost and until it's paid he works for them."),
    ("CCE", "Police found him at the station with £250 in cash and two phones."),
    # Grooming signs in plain words.
    ("CSE", 'Her "boyfriend" Liam, who is 22, picks her up after school.'),
    ("CSE", "A girl who looks about 13 went into the room with a man aged around 50."),
    ("CSE", 'He kept asking her for pics and told her "dont tell ur mum about me".'),
    ("CSE", "Since the summer she has been in a relationship with Tom Hale (24)."),
    # Organised crime: laundering, mules, stolen goods, named crews.
    ("OCG", 'The brothers are "washing money" through the shop.'),
    ("OCG", "He helps young people open online bank accounts and they keep ten percent."),
    ("OCG", "They run all the robbing round here and swap the plates on the vans."),
    ("OCG", "He runs with the Northside boys, who run lines and sell drugs for the men above them."),
    # Hate and community tension.
    ("COMMUNITY_COHESION", 'Stickers saying "Remigration now" have gone up on the lampposts.'),
    ("COMMUNITY_COHESION", 'He calls Muslims "invaders" in his posts.'),
    ("COMMUNITY_COHESION", "There is growing tension between local lads and the boys at the hostel."),
    ("COMMUNITY_COHESION", 'Teenagers keep calling him a "retard" at his door.'),
    # Labour exploitation.
    ("MODERN_SLAVERY", "The men sleep in a shipping container behind the yard and never seem to leave except on Sundays."),
    ("MODERN_SLAVERY", '"They don\'t get paid, they are paying off their tickets."'),
    # Domestic abuse in a child's words or from CCTV.
    ("DOMESTIC_ABUSE", 'Lacey said "daddy pushed mummy really hard".'),
    ("DOMESTIC_ABUSE", "Her ex-husband said he would burn her out."),
    ("DOMESTIC_ABUSE", "He checks her messages and told her to block her friends; he turned up at the house shouting."),
    # Missing episodes in plain words.
    ("MISSING", "She has not been back to the hostel since 9pm last night."),
    ("MISSING", "He left the ward at 4pm and has not returned."),
]

PLAIN_WORDING_NEGATIVE = [
    ("CCE", "His cousins are staying at his flat for the holidays."),
    ("CCE", "No one has been staying at her flat and she lives alone."),
    ("CSE", "She has a boyfriend in her year group."),
    ("OCG", "The Smith family run a barber shop with plenty of customers."),
    ("OCG", "He is from the Northside area."),
    ("COMMUNITY_COHESION", "The group put up stickers for the school fete."),
    ("COMMUNITY_COHESION", "His dad wants him to go home by nine."),
    ("MODERN_SLAVERY", "He is paid weekly and lives in his own flat."),
    ("DOMESTIC_ABUSE", "She walked into the door of the gym and pushed it open."),
    ("MISSING", "Rhi is our youth worker and runs the session."),
    ("MISSING", "She has not returned the consent form yet."),
]
# fmt: on




# fmt: off
PLAIN_WORDING_TRAPS = [
    ("There are no concerns about men staying at his flat or taking over the bedroom.", "CCE"),
    ("If anyone asks her for pics she knows to tell staff.", "CSE"),
    ("He was made to take bags over to the island years ago when he was younger.", "CCE"),
    ("As a teenager he experienced domestic abuse from his father.", "DOMESTIC_ABUSE"),
]
# fmt: on


@pytest.mark.parametrize("text,category", PLAIN_WORDING_TRAPS)
def test_triage_plain_wording_respects_context(triage, text, category):
    assert category not in reported(triage(text))


def test_triage_previous_disclosure_is_not_history(triage):
    text = "Aged 14. She has previously said that a man about 30 gives her vapes and money."
    assert "CSE" in reported(triage(text))


# fmt: off
URGENCY_CASES = [
    # A time today or tonight that is a plan or a deadline, with a danger in the same paragraph
    # or the next sentence; the partner's calm words do not lower it.
    ("Prob nothing, just flagging. Mia (15) told me a man of 29 is collecting her at half five and driving her to a party at his mate's flat, and she's stopping over.", "HIGH"),
    ("Not an emergency I don't think. Lee (31, learning disability) says the boss is picking him up tonight at 10pm to go up north for the summer.", "HIGH"),
    ("Heads up, no panic. He owes them £800. They told him he has until 9pm tonight to have it or they'll come back and take it out of him.", "HIGH"),
    ("They gave her until 6pm today to pay up.\nThey said she will be sorry, or else.", "HIGH"),
    ("He told me he's doing a drop to Reading for his olders after school.\n\nLessons finish at 3.05pm today.", "HIGH"),
    ("The older one lifted his top and showed him a gun.", "HIGH"),
    ("Mum is collecting her at 5pm today from the party.", "NORMAL"),
    ("The group hang about from 7pm till 3am most nights and play music.", "NORMAL"),
    ("The pupils have until 3pm today to hand in their coursework.", "NORMAL"),
    ("He'll be back round for tea at half five.", "NORMAL"),
    # Urgent words taken back, or a threat to others, are not HIGH.
    ("URGENT!!! Sorry for the capitals, it is not an emergency. The car parks on the zigzags at pick up.", "NORMAL"),
    ('ok maybe not "urgent" urgent, it was two weeks ago. He got "poked" with a blade at a party and wants it recorded.', "CRIME"),
    ('He told a member of staff "your lot won\'t be here much longer".', "NORMAL"),
    ('Lily said "he pushed me into the door because I was screaming".', "CRIME"),
    ("She said he squeezed mummy's neck on the stairs last night.", "CRIME"),
    ("She walked into a door at home.", "NORMAL"),
    ("He says it's not his stash and if he loses it he'll get battered.", "NORMAL"),
    ("She is scared she could get jumped on the way home from college.", "NORMAL"),
    ("He got battered outside the chippy on Friday by two lads.", "CRIME"),
    ("URGENT PLS ACTION TODAY. Tenant (62, learning disability) has young lads with a machete in his flat.", "HIGH"),
    ("Please action tonight. A man checked into room 12 with a girl who looks 14.", "HIGH"),
    ("Need someone to look at this today. Kai (16) has set up a fight after school today at the park.", "HIGH"),
    ("Three men have taken over the flat of a man with a learning disability. They are still there now.", "HIGH"),
    ("Gareth (41, brain injury) rang: 3 men are in his flat NOW and have taken his keys.", "HIGH"),
    ("*** MISSING NOW *** Ella, 14, not been home since yesterday 5pm.", "HIGH"),
    ("He said his ex-wife took everything and he would \"burn her out tonight\".", "HIGH"),
    ("The tenant whispered \"they said im not allowed out till Sunday\".", "HIGH"),
    # Not urgent: the same words in other senses.
    ("Not urgent. The tenant says his friends are still there now and then for dinner.", "NORMAL"),
    ("He has not been back to football since last season.", "NORMAL"),
]

CRIME_WORDING_CASES = [
    ("Her ex-partner kicked the front door in and punched her twice in the face.", "CRIME"),
    ("CCTV shows a male pushing a female to the ground and dragging her by the hair.", "CRIME"),
    ("A group of boys punched Callum Reid (14) in the face twice outside the shop.", "CRIME"),
    ("He called the shop worker a terrorist and spat in his face.", "CRIME"),
    ("Someone put the front bedroom window through with a brick.", "CRIME"),
    ("He sent her a picture of himself in his underwear.", "CRIME"),
    ("She sent him two topless photos and they are being passed round a group chat.", "CRIME"),
    ("The boss takes all his wages for rent and transport.", "CRIME"),
    ("They work 7 days a week at the car wash and get £20 a day if anything.", "CRIME"),
    # Not crimes.
    ("She walked into the door and hit her head.", "NORMAL"),
    ("He gets £20 a day pocket money from his nan.", "NORMAL"),
]
# fmt: on


def test_triage_documents_held_alone_is_not_a_crime(triage):
    assert triage("The boss keeps his passport in the office safe.").outcome != "CRIME"


def test_triage_slur_terrorist_is_not_radicalisation(triage):
    result = triage('He called my colleague a "P***" and a terrorist and told him to go back to his own country.')
    assert "RADICALISATION" not in reported(result)
    assert "COMMUNITY_COHESION" in reported(result)


# ---------------------------------------------------------------------------------------------
# Round 2: plain partner wording for indicators (each cue alone at >= 0.5, or a realistic pair)
# ---------------------------------------------------------------------------------------------

# fmt: off
PLAIN_WORDING_POSITIVE_2 = [
    # OCG: cash businesses without trade, hierarchy, cloned plates, gun supply, money mules, grows
    ("OCG", "The nail bar is nearly empty every day yet they bank thousands in cash each week."),
    ("OCG", "Locals say his uncle \"runs\" Eastleigh and nobody crosses him."),
    ("OCG", "The same van was seen on two different plates last month."),
    ("OCG", "He converts blank-firers in a lock-up and sells them for £900 each."),
    ("OCG", "A man offers teenagers cash to put money into their bank accounts and take it out again."),
    ("OCG", "A neighbour says he is minding the plants for men who take the crop every month."),
    ("OCG", "The tattoo studio just washes the money for his brother."),
    # COMMUNITY_COHESION: hate described without the word "hate"
    ("COMMUNITY_COHESION", "Two men told him to go back where he came from and pulled at his coat."),
    ("COMMUNITY_COHESION", "Someone wrote \"MUSLIMS OUT\" on the bus shelter overnight."),
    ("COMMUNITY_COHESION", "A lad ripped her hijab off outside the shop."),
    ("COMMUNITY_COHESION", "Kids keep mocking his stammer and calling him names about the way he walks."),
    ("COMMUNITY_COHESION", "There is a lot of bad feeling on the estate towards the Kurdish families."),
    ("COMMUNITY_COHESION", "Posts on the estate page say the refugees are taking our houses."),
    # RADICALISATION: far-right and Islamist recruitment described plainly
    ("RADICALISATION", "He keeps saying white youth must wake up before it is too late."),
    ("RADICALISATION", "He has joined an active club that does combat training in the woods."),
    ("RADICALISATION", "His brother tells him to stop mixing with kuffar."),
    ("RADICALISATION", "He talks a lot about the coming war and getting fit for what's coming."),
    # ASB: damage and nuisance in passing
    ("ASB", "Youths let down the tyres on three cars in the close last night."),
    ("ASB", "A group keeps blocking the footpath and shouting at dog walkers."),
    ("ASB", "Fires were lit on the common with pallets at the weekend."),
    ("ASB", "Scooters are being ridden along the pavement at speed every evening."),
    # CCE: concealment, debts worked off, payment in kind, threats to family, money mules
    ("CCE", "Scans showed packages inside his body and he said they made him keep it inside."),
    ("CCE", "She said she is working it off now and does what they say until it's paid."),
    ("CCE", "He goes to Reading for them most weekends and is paid in trainers."),
    ("CCE", "He was told to drop this off in Swindon or they'll hurt his mum."),
    ("CCE", "Locals say the flat has turned into a \"trap\" since the summer."),
    ("CCE", "He has been holding a box for some older boys in his wardrobe."),
    # DRUGS: kit and callers described plainly
    ("DRUGS", "There were burnt spoons on the side in the kitchen."),
    ("DRUGS", "He smokes a glass pipe in the bathroom."),
    ("DRUGS", "Callers knock at the door day and night and stay two minutes and leave."),
    ("DRUGS", "She had a sandwich bag of small wraps in her coat."),
    # WEAPONS
    ("WEAPONS", "They said to bring bats to the park at eight."),
    ("WEAPONS", "He said the piece is coming later and he will hide it under the bed."),
    # DOMESTIC_ABUSE: coercive control described plainly
    ("DOMESTIC_ABUSE", "Her boyfriend makes her share her location and goes through her phone every night."),
    ("DOMESTIC_ABUSE", "A GPS tracker was found under her car after she left her husband."),
    # CSE
    ("CSE", "He sent her £40 \"for pics\" and asked for more."),
    ("CSE", "Men in a car meet girls in school uniform and hand them bottles of vodka."),
]

PLAIN_WORDING_NEGATIVE_2 = [
    ("ASB", "I tried the ASB line this morning but nobody answered."),
    ("RADICALISATION", "Someone sprayed a swastika on their front door overnight."),
    ("OCG", "The shop has very few customers in winter."),
    ("OCG", "He runs the youth club on Tuesdays."),
    ("WEAPONS", "She brought a piece of cake to the session."),
    ("WEAPONS", "The cricket club left bats and balls in the pavilion."),
    ("COMMUNITY_COHESION", "There is some friction between the two sisters."),
    ("COMMUNITY_COHESION", "He told his son to go home before dark."),
    ("CCE", "She is saving up until it's paid off, the loan for her car."),
    ("DRUGS", "He uses a glass jug for water."),
    ("DOMESTIC_ABUSE", "She shares her location with her mum when she walks home."),
    ("CSE", "He takes pics of the football team for the newsletter."),
]

PLAIN_WORDING_OUTCOMES = [
    # Called in to 999 already, and "sending as urgent": HIGH with no time word needed.
    ("Lads at the rec are fighting and one has a knife. We called it in to 999 as well.", "HIGH"),
    ("Sending as urgent. Three men have been at the flat all afternoon with a vulnerable tenant.", "HIGH"),
    # Debt bondage disclosed by the worker: a crime (forced labour), not only a referral.
    ("She said the boss took her passport and says she owes £3,000 for the journey, and she is given no money.", "CRIME"),
    ("He told us the door is locked from the outside at night and he works twelve hours a day on the farm.", "CRIME"),
    # Stalking disclosed.
    ("She told us her ex keeps turning up wherever she goes and a tracker was found on her car.", "CRIME"),
    # Subject markers written the way partners write them.
    ('Re: "Bree", 14, lives with her nan. She comes back with new clothes from an older boyfriend and goes missing overnight.', "SAFEGUARDING"),
    ("Tyler (Y3) has told staff about domestic abuse at home.", "SAFEGUARDING"),
    ("Mr Hale has schizophrenia; men from London have been staying at his flat and selling drugs from it.", "SAFEGUARDING"),
]
# fmt: on


# One test for every category table: the textbook wording (CATEGORY_*) and two rounds of the
# plain words partners use for the same things (PLAIN_WORDING_*).
@pytest.mark.parametrize("category,text", CATEGORY_POSITIVE + PLAIN_WORDING_POSITIVE + PLAIN_WORDING_POSITIVE_2)
def test_triage_category_fires(triage, category, text):
    assert category in reported(triage(text))


@pytest.mark.parametrize("category,text", CATEGORY_NEGATIVE + PLAIN_WORDING_NEGATIVE + PLAIN_WORDING_NEGATIVE_2)
def test_triage_category_innocent_sense_does_not_fire(triage, category, text):
    assert category not in reported(triage(text))


# ---------------------------------------------------------------------------------------------
# Outcome boundaries (round 3): imminent risk and crimes in plain words, and their traps
# ---------------------------------------------------------------------------------------------

# fmt: off
BOUNDARY_OUTCOMES = [
    # A bare hour or "on my way" with an imminent event is HIGH.
    ('Her screen shows a man writing "cant wait to see u at 5, wait outside the library".', "HIGH"),
    ('He said "when he walks in from work at six I\'m doing him".', "HIGH"),
    ('Zara (15) texted "on my way to see him, hes got us a room at the hotel".', "HIGH"),
    ("Her partner is sitting in the car park right now waiting to drive her home.", "HIGH"),
    ('He texted her "your dead" after she left.', "HIGH"),
    ("URGENT\n\nLeo (15) is with two men he does not know.", "HIGH"),
    ("Crisis team - URGENT\n\nLeo (15) is with two men he does not know.", "HIGH"),
    # ... traps: a clock timestamp, a found weapon "this morning", a harmless wait, not urgent.
    ("Leo (15) went missing overnight and returned at 5.30am.", "SAFEGUARDING"),
    ("Caretaker walk-round this morning: a knife was found behind the pipes.", "NORMAL"),
    ("His mum is waiting outside right now to drive him home.", "NORMAL"),
    ("I'm doing her hair at 5 for the school photo.", "NORMAL"),
    ("Not urgent\n\nLeo (15) is with two men he does not know.", "NORMAL"),
    ("Intel only - not urgent\n\nGroup of lads in the underpass most evenings.", "NORMAL"),
    # Crimes disclosed in plain words.
    ("An older boy grabbed her wrist and pulled her phone out of her blazer pocket.", "CRIME"),
    ('He said "dad did it with his belt" and has marks on his legs.', "CRIME"),
    ("Her carer has been taking £20 notes from her purse after each visit.", "CRIME"),
    ('Her neighbour shouted "I\'ll burn this flat down with you in it".', "CRIME"),
    ('He laughed and said "tell anyone and I\'ll find you".', "CRIME"),
    ("Nude photos of a 14 year old girl have been posted in a group chat.", "CRIME"),
    ('A man said he was "from the bank" and got him to hand over his card and PIN.', "CRIME"),
    ("Last night they let down the tyres on his mobility scooter and snapped the mirror off.", "CRIME"),
    ("A brick was thrown through the front window of the cafe.", "CRIME"),
    # ... traps: the same words without the crime.
    ("She pulled her phone out of her pocket to show staff the messages.", "NORMAL"),
    ("He took his belt off at the airport security check.", "NORMAL"),
    ("She gave the carer £20 from her purse for the shopping.", "NORMAL"),
    ("The lyrics go \"we ride out tonight\" and are worrying parents.", "NORMAL"),
    ("Staff have been told not to share photos of pupils online.", "NORMAL"),
    ("He rang the bank to cancel his card.", "NORMAL"),
    ("The tyres on his scooter were flat so he walked to the shop.", "NORMAL"),
]
# fmt: on


# ---------------------------------------------------------------------------------------------
# Round 3: plain wordings of indicators, and the traps that share their words
# ---------------------------------------------------------------------------------------------

# fmt: off
PLAIN_WORDING_POSITIVE = [
    # DOMESTIC_ABUSE: strangulation, violence and control told plainly.
    ("DOMESTIC_ABUSE", 'Her son said dad "put his hands on mummy\'s neck and squeezed".'),
    ("DOMESTIC_ABUSE", 'I could hear her saying "get off my neck" and then the line went dead.'),
    ("DOMESTIC_ABUSE", "She has fingertip bruising on both sides of her neck."),
    ("DOMESTIC_ABUSE", "She said her partner Gary (34) threw a mug at her this morning."),
    ("DOMESTIC_ABUSE", 'Mr Hall said his son Craig (52, lives with him) "grabbed me and shoved me" last night.'),
    ("DOMESTIC_ABUSE", "He said his stepdad hit him with a belt on Sunday."),
    ("DOMESTIC_ABUSE", 'She said he keeps her bank card "so I don\'t waste it", checks her phone every night and made her stop seeing her friends.'),
    # MISSING: absences described without the word "missing".
    ("MISSING", "Since half-term he has been disappearing for a night or two at a time."),
    ("MISSING", "Lacey has not been home at night several times this month."),
    ("MISSING", "Boarding house: she is still not back and it is 11pm."),
    ("MISSING", "He did not arrive at school today and his phone has been off since 8.30am."),
    ("MISSING", "Mum did not know where he was until he came home at 11pm."),
    # CSE: sexual touching, an adult picking a girl up and choosing her clothes.
    ("CSE", "She said the coach keeps touching her between her legs while helping her stretch."),
    ("CSE", 'Her messages say "one of them keeps touching me".'),
    ("CSE", "He picks her up from the station, has bought her a phone and tells her what she should wear."),
    # MODERN_SLAVERY: servitude told plainly.
    ("MODERN_SLAVERY", "He did not know what he was paid, does not have a bank card and sleeps in a static caravan."),
    ("MODERN_SLAVERY", 'Asked about her passport, she said her father-in-law "keeps all the papers".'),
    ("MODERN_SLAVERY", "He works six days a week on the jobs and does not know how much he gets paid."),
    # WEAPONS: tools used as weapons, gun slang being brought.
    ("WEAPONS", "He was jumped by four lads, one had a hammer, and they took his bike."),
    ("WEAPONS", "Her ex is banging on the front door with a hammer."),
    ("WEAPONS", '"my cousin\'s bringing the strap to the rec at 4"'),
    # CCE: running for older people in plain words.
    ("CCE", "He has been running errands for some older lads and carrying parcels for them."),
    ("CCE", "She is being driven to other towns by older boys and says she owes them for the trainers."),
    ("CCE", "He carries bags for older men between the flats."),
]

PLAIN_WORDING_NEGATIVE = [
    # Denials and other people's words.
    ("WEAPONS", "None of them has been seen with a knife or anything like that."),
    ("WEAPONS", "Nobody has seen Connor with a knife or any weapon."),
    ("WEAPONS", "Patients were clear nobody has talked about bringing weapons."),
    ("WEAPONS", "Dad was fixing the shelf with a hammer and some nails."),
    ("WEAPONS", "He borrowed a hammer from the toolbox to hang a picture."),
    # Objects that go missing, an ordinary absence, a parent who knows.
    ("MISSING", "A marked note went missing during the carer's visit."),
    ("MISSING", "Her phone has been off all day because it is broken."),
    ("MISSING", "He was off sick and did not arrive at school today."),
    ("MISSING", "Mum knows where he is: he is at his nan's."),
    # Innocent touching and an ordinary lift.
    ("CSE", "The nurse touched her arm to reassure her."),
    ("CSE", "Her dad picks her up from the station after her shift."),
    # Beaten by exploiters, not family; a punch-bag; a belt at the airport.
    ("DOMESTIC_ABUSE", 'He said the bruising was from being hit with a belt by two men from London after he "lost a bag".'),
    ("DOMESTIC_ABUSE", "He took his belt off at the airport security check."),
    ("DOMESTIC_ABUSE", "She threw a ball at the wall in PE."),
    # Ordinary working life.
    ("MODERN_SLAVERY", "He knows what he is paid and has his own bank card."),
    ("MODERN_SLAVERY", "They keep the papers for the mortgage in a drawer."),
    ("MODERN_SLAVERY", "The family went camping and slept in a caravan for a week."),
    # Ordinary errands and trips.
    ("CCE", "He runs errands for his nan on Saturdays."),
    ("CCE", "She carries the shopping bags for her mum."),
    ("CCE", "The team was driven to other towns for away matches."),
]
# fmt: on


@pytest.mark.parametrize("category,text", PLAIN_WORDING_POSITIVE)
def test_triage_plain_wording_is_reported(triage, category, text):
    assert category in reported(triage(text))


@pytest.mark.parametrize("category,text", PLAIN_WORDING_NEGATIVE)
def test_triage_plain_wording_trap_is_not_reported(triage, category, text):
    assert category not in reported(triage(text))


def test_triage_negation_ends_at_a_closing_quote(triage):
    result = triage('She said he keeps her card "so I don\'t waste it", checks her phone every night.')
    assert "negated" not in suppressed_reasons(result, "DOMESTIC_ABUSE")


def test_triage_nobody_seen_negates_the_weapon(triage):
    result = triage("Nobody has seen him with a knife.")
    assert "negated" in suppressed_reasons(result, "WEAPONS")


@pytest.mark.parametrize("text", [
    "I have raised a safeguarding concern with the council.",
    "A safeguarding alert was raised on Friday.",
])
def test_triage_safeguarding_concern_raised_counts_as_referral(triage, text):
    result = triage("Graham (50) has a learning disability. He did not know what he was paid, "
                    "does not have a bank card and sleeps in a static caravan. " + text)
    assert result.outcome == "SAFEGUARDING", result.outcome_reasons


# fmt: off
PLAIN_CRIME_AND_IMMINENCE = [
    ("Her partner threw a mug at her and cut her head.", "CRIME"),
    ("He hurled a glass at his wife during the argument.", "CRIME"),
    ("He threw the ball at her in PE and she caught it.", "NORMAL"),
    ("They were throwing snowballs at us on the field.", "NORMAL"),
    ("Jay (15) says the older lads are going to stab him any minute now.", "HIGH"),
    ("Kai (14) says they are going to jump him straight after school.", "HIGH"),
    ("Kai (14) said last year they were going to jump him after school.", "NORMAL"),
]
# fmt: on


# fmt: off
CSE_PLAIN_WORDING = [
    (True,  'A bloke in his 30s hands out free weed and vapes to the 13/14 yr old girls and tells them they can "chill at his".'),
    (True,  "He is a man called Jordan, early 20s, who she met online and who has sent her a bracelet and money."),
    (True,  "A man pays cash in advance for a car to pick up a girl and take her to a hotel."),
    (False, "A bloke in his 30s runs the skate park cafe."),
    (False, "Her dad pays for a taxi to take her to school when it rains."),
    (False, "Staff hand out free fruit to the pupils at break."),
]
# fmt: on


@pytest.mark.parametrize("expected,text", CSE_PLAIN_WORDING)
def test_triage_cse_plain_wording(triage, expected, text):
    assert ("CSE" in reported(triage(text))) is expected


# fmt: off
ROUND3_MORE = [
    # Residents' fears and "no one has seen" are not a weapon disclosure.
    ("WEAPONS", False, "Residents feel someone's going to get stabbed, though no one has seen a weapon."),
    ("WEAPONS", False, '"There\'ll be a stabbing here one day the way they carry on."'),
    ("WEAPONS", True,  "He says someone stabbed his brother last night."),
    # "strapped" as a bandage, not a gun.
    ("WEAPONS", False, "Her left wrist was strapped and she had a bruise by her eye."),
    ("WEAPONS", True,  "He has been strapped since the fight, he carries it everywhere."),
    # A tenant made to store things for new "mates"; a child held until the drugs are sold.
    ("CCE", True,  'His new "mates" borrowed his bank card and asked him to keep a bag in his wardrobe.'),
    ("CCE", True,  "He said they won't let me go till I've shifted it all."),
    ("CCE", True,  "He was found in Portsmouth with £200, two phones and a wrap."),
    ("CCE", False, "She keeps a bag packed in her wardrobe in case she needs to leave."),
    ("CCE", False, "Her mum borrowed her bank card to buy the shopping."),
]
# fmt: on


@pytest.mark.parametrize("category,expected,text", ROUND3_MORE)
def test_triage_round3_wordings(triage, category, expected, text):
    assert (category in reported(triage(text))) is expected


def test_triage_no_one_alone_does_not_negate(triage):
    assert "MISSING" in reported(triage("No one knew where she was; she has been missing since Friday."))


# ---------------------------------------------------------------------------------------------
# Round 4: HIGH held/sighted now, plain-word crimes, older adults and children by date of birth
# ---------------------------------------------------------------------------------------------

# fmt: off
ROUND4_OUTCOME = [
    # A person left inside with the adult who controls them; the same words about the past are not.
    ("HIGH",  "The girl is still inside the flat with this man and nobody has checked on her."),
    ("HIGH",  "Paramedics left; the lad is still in the house with the adults who run it."),
    ("NORMAL", "She was still in the house with her mum when we left."),
    # A missing child sighted now; a poster seen long ago does not count.
    ("HIGH",  "A girl matching the missing appeal on your page got off the bus with a man."),
    ("HIGH",  "The boy fits the description in the missing person alert from Hull."),
    ("NORMAL", "There was no missing appeal for him."),
    # "has not come home." as a plain fact is missing now; episodes in the past are not.
    ("HIGH",  "Tia (14) has not come home."),
    ("HIGH",  "Our foster child hasn't come back home yet."),
    ("NORMAL", "She has not come home on three occasions this term."),
    # A threat against a place or group with a time word.
    ("HIGH",  'He was clear the church "will get what\'s coming" tonight and he has a crossbow.'),
    ("NORMAL", "He said they deserve what's coming to them one day."),
    # Assaults described by the act.
    ("CRIME", "Her ex headbutted her in his car on Friday and broke her tooth."),
    ("CRIME", "A lad tipped Mr Cole's wheelchair over and left him on the path."),
    ("CRIME", "Someone pushed him out of his wheelchair outside the shop."),
    ("CRIME", 'She says her son "grabs me when I ask about the money".'),
    ("NORMAL", "He was hit by a car on the ring road last year and uses a wheelchair."),
    ("NORMAL", "He grabbed his coat and left."),
    # Damage aimed at a home; a derelict building is not a victim's home.
    ("CRIME", "Someone threw a brick through the lounge window on Sunday night."),
    ("CRIME", "They sprayed a swastika on the front door of 12 Oak Close."),
    ("NORMAL", "Kids threw stones at the windows of the derelict pub."),
    # Forced labour in the worker's own words; a lock inside is not.
    ("CRIME", 'She said "I have not been paid since I came here" and the room has a bolt on the outside.'),
    ("CRIME", "He has never been paid a penny for the work on the farm."),
    ("NORMAL", "The bathroom has a lock on the inside."),
    # An older person's account drained by someone holding the card.
    ("CRIME", "Her account has gone from about £6,000 to £140 since her nephew moved in."),
    ("NORMAL", "Her balance went up after the pension was paid."),
]
# fmt: on


@pytest.mark.parametrize("outcome,text", ROUND4_OUTCOME)
def test_triage_round4_outcomes(triage, outcome, text):
    assert triage(text).outcome == outcome


# fmt: off
ROUND4_CATEGORIES = [
    ("CSE", True,  'Her "boyfriend" called Dean, who she says is 21, picks her up from the school gates and gives her vapes.'),
    ("CSE", True,  "Asked for emergency contraception with a man in his mid-20s who said he was her cousin; love bite on her neck."),
    ("CSE", False, "She asked about emergency contraception at the school health session."),
    ("CSE", False, "Her cousin picks her up from the school gates on Fridays."),
    ("DOMESTIC_ABUSE", True,  'The children said "dad threw the telly at the wall" and they hide in the wardrobe when the parents shout.'),
    ("DOMESTIC_ABUSE", False, "The children like to hide in the wardrobe when they play hide and seek."),
    ("DOMESTIC_ABUSE", False, "He threw the ball against the wall in the playground."),
]
# fmt: on


@pytest.mark.parametrize("category,expected,text", ROUND4_CATEGORIES)
def test_triage_round4_categories(triage, category, expected, text):
    assert (category in reported(triage(text))) is expected


# fmt: off
ROUND4_SUBJECTS = [
    # An older adult by age with a name, or a child by date of birth, makes a category a referral.
    ("SAFEGUARDING", "Concern: Albert Finch, 83, lives alone. His grandson keeps his bank card and he shouts at him. There are bruises on his arms."),
    ("SAFEGUARDING", f"Patient: Kya Lowe DOB: 04/05/{date.today().year - 14}. Reported missing twice this month, came back with a new phone."),
    ("NORMAL", "Patient: Kya Lowe DOB: 04/05/1992. Reported missing twice this month, came back with a new phone."),
]
# fmt: on


@pytest.mark.parametrize("outcome,text", ROUND4_SUBJECTS)
def test_triage_round4_subjects(triage, outcome, text):
    assert triage(text).outcome == outcome


def test_child_birth_years_follow_the_calendar():
    from pipeline.triage import child_birth_years

    years = child_birth_years(date(2026, 11, 21))
    assert re.fullmatch(years, "2008") and re.fullmatch(years, "2026")
    assert not re.fullmatch(years, "2007") and not re.fullmatch(years, "1992")
    assert re.fullmatch(child_birth_years(date(2031, 1, 1)), "2013") and not re.fullmatch(child_birth_years(date(2031, 1, 1)), "2012")


def test_a_date_of_birth_makes_a_child_only_while_they_are_under_18(triage):
    this_year = date.today().year
    text = "Patient: Kya Lowe DOB: 04/05/{}. Reported missing twice this month, came back with a new phone."
    assert triage(text.format(this_year - 14)).outcome == "SAFEGUARDING"
    assert triage(text.format(this_year - 25)).outcome == "NORMAL"


# Round 6: urgency in everyday words, and CCE through its signs. Positive and negative cases.
URGENT_EVERYDAY = [
    ("Could someone please go and get her, she is at the bus station.", "HIGH"),
    ("We need an officer to go round tonight.", "HIGH"),
    ("Please send someone round there before her dad gets home.", "HIGH"),
    ("The lad needs picking up tonight from the services.", "HIGH"),
    ("Her ex-partner is sitting outside the school gates in his van.", "HIGH"),
    ("A man is waiting by the back gate with a baseball bat.", "HIGH"),
    ("Tia (15) says they have taken her trainers so she can't leave.", "HIGH"),
    ("He texted \"can you come and get me\" from a number we do not know.", "HIGH"),
    ("Someone is coming at 6 to collect him from the flat.", "HIGH"),
    ("I don't think the girl is safe where she is tonight.", "HIGH"),
    ("Mum and the toddler are locked in the flat with them right now.", "HIGH"),
    ("The men told him he is going Reading tonight.", "HIGH"),
    # traps: ordinary requests, past or no risk, a partner not outside, no time word.
    ("Could someone contact the family next week about the bike.", "NORMAL"),
    ("Please can someone look at the CCTV when convenient.", "NORMAL"),
    ("Her husband was waiting outside the surgery last year.", "NORMAL"),
    ("The kids are sitting outside the shop most evenings.", "NORMAL"),
    ("He is going to Reading today with his nan to see a film.", "NORMAL"),
    ("The lift is broken so residents are stuck in the flat.", "NORMAL"),
]


CCE_SIGNS = [
    ("Kai (14) had a bag taped under his jumper and said he does drops for them in Slough.", True),
    ("Rhys (15) says he can't come home till it's all sold and he owes for the last lot.", True),
    ("Dale has a learning disability; two lads keep stopping over at his flat and he picks up "
     "parcels \"for the lads\" from the post office.", True),
    # traps: ordinary parcels, lending, tape for injuries.
    ("Dale (15) picks up parcels for his nan from the post office.", False),
    ("Kai (14) had a bandage taped to his leg after football.", False),
    ("She owes her sister for the last lot of shopping.", False),
]


@pytest.mark.parametrize("text,expected", CCE_SIGNS)
def test_triage_cce_through_its_signs(triage, text, expected):
    assert ("CCE" in reported(triage(text))) is expected


@pytest.mark.parametrize("text,expected", [
    ("There were digital scales and a pile of little white wraps on the table.", True),
    ("The kitchen scales and some bags of flour were on the side.", False),
])
def test_triage_scales_and_bags_is_drugs(triage, text, expected):
    assert ("DRUGS" in reported(triage(text))) is expected


# Round 6 (hand-written by people who never saw the rules): families of wording. Positive and
# negative cases for each.
ROUND6_OUTCOMES = [
    # an end to life planned soon, in everyday words
    ("He said \"I've been saving the tablets up, I won't be here by then\".", "HIGH"),
    ("Mrs Lee (70) says she has been stockpiling her pills.", "HIGH"),
    ("Dad (48) is saving up for a holiday and takes his tablets every day.", "NORMAL"),
    ("She won't be here by Monday because she is moving to Leeds.", "NORMAL"),
    # a child missing now
    ("Kacey (13) has not been home since last night and her phone is off.", "HIGH"),
    ("Jo (14) has never stayed out all night before.", "HIGH"),
    ("Jo (14) was home by ten last night as usual.", "NORMAL"),
    # a child meeting an adult today, in the adult's own messages
    ("Messages from a man of 22 to Leah (13): \"ill be parked round the back when u finish\".",
     "HIGH"),
    ("A man (25) messaged Ami (14): \"ill be outside the gates after school tmrw, we'll go back to mine\".",
     "HIGH"),
    ("Her mum said \"ill be parked round the back\" when she collects her on Fridays.", "NORMAL"),
    # a threat with a weapon for later today
    ("He is holding a hammer and says when the lad gets in at 6 he is going to put this through "
     "his skull.", "HIGH"),
    ("He is going to put this through the letterbox at 6.", "NORMAL"),
    # crimes told plainly
    ("Keeley (17) says her landlord sat on her bed and put his hand up her top.", "CRIME"),
    ("Her ex sends her 30-40 texts a day from new numbers.", "CRIME"),
    ("Her brother found an AirTag taped inside the bumper of her car.", "CRIME"),
    ("He posted a topless photo of her into a group chat.", "CRIME"),
    ("Two men came to the door claiming to be from the water board and his wallet went missing.",
     "CRIME"),
    ("She put her hand up to ask a question.", "NORMAL"),
    ("He checks the weather app a few times a day.", "NORMAL"),
    ("The council sent a man from the water board to fix the leak.", "NORMAL"),
    # lookalikes and updates must not fire
    ("Riley moved back in with his dad at 3 Tern Close in November; he is doing well.", "NORMAL"),
]


ROUND6_CSE = [
    ("A man in his 20s bought her acrylic nails and vapes and told her \"dont tell ur mum\".", True),
    ("Lily (14) is getting picked up by a man in a white Audi; he told her to delete everything.",
     True),
    # lookalikes: grooming animals, a grooming business, ordinary gifts and secrets.
    ("Callum (15) grooms and mucks out the horses at weekends.", False),
    ("They helped him groom a spaniel at the trampoline park.", False),
    ("Kerry @ Pawfect Mobile Grooming, 07700 900 019.", False),
    ("Her nan bought her new trainers for her birthday.", False),
]


# Round 8: a time word and a weapon in the same quoted message (split over lines or sentences),
# time words that point forward only in direct speech, and lookalikes.
ROUND8_OUTCOMES = [
    # one message over two quoted lines: the time is in the first, the weapon in the second
    ('He showed messages from a friend (Snapchat abc.d0e):\n"6 oclock by the skate park. we finish it"\n'
     '"im bringing my shank this time"', "HIGH"),
    ('Messages in the group chat:\n"8 o\'clock by the shops"\n"bringing the blade"', "HIGH"),
    # "later" in direct speech, with a weapon in the same sentence
    ('Reece (15) posted a photo of a zombie knife with "bringing this down the park later".', "HIGH"),
    ('He sent "got the shank, see u l8r" to the group.', "HIGH"),
    # negatives: the quotes are two separate messages with text between them
    ('She said "see you at 6 oclock". Weeks earlier he had said "i own a knife".', "NORMAL"),
    # "later" outside a quote is narrative, not a plan
    ('He was seen with a knife in March and later told staff he had thrown it away.', "NORMAL"),
    # a quoted label with a time word is not a message
    ('He plays the drill track "Later" with a knife emoji on his profile.', "NORMAL"),
    # a bare clock hour reported after the event
    ('He returned at 6 oclock with a knife cut to his hand.', "NORMAL"),
]


ROUND8_LOOKALIKES = [
    # a raid or trap in a video game is not a trap house
    ('It is a raid in Destiny 2. The "trap" is part of the level.', "CCE", False),
    ('He says the flat has become a "trap" and the olders run it.', "CCE", True),
    # a knife in food tech or cookery is not a weapon
    ("She nicked her thumb with a vegetable knife in food tech.", "WEAPONS", False),
    ("Rowan put the knife down halfway through the onions.", "WEAPONS", False),
    ("He had a kitchen knife in his hoodie at the bus stop.", "WEAPONS", True),
    # "nothing said about weapons" is a negation
    ("Nothing said about weapons, plans or a date.", "WEAPONS", False),
    ("He said he has weapons stashed at his nan's.", "WEAPONS", True),
    # a bag going missing is not a missing person
    ("He owes them for a bag that went missing.", "MISSING", False),
    ("Jay (14) went missing on Friday night.", "MISSING", True),
]


@pytest.mark.parametrize("text,category,expected", ROUND8_LOOKALIKES)
def test_triage_round8_lookalikes(triage, text, category, expected):
    assert (category in reported(triage(text))) is expected


def test_triage_platform_label_only_before_a_handle(triage):
    # on snap as "x" is a handle (a label); after "(Snapchat x):" the quote is the message itself
    label = triage('She is on snap as "i owe them".')
    message = triage('Messages from him (Snapchat jd.x1):\n"i owe them, i have to do a few more trips for them"')
    assert "quoted" in suppressed_reasons(label, "CCE") or "CCE" not in reported(label)
    assert "CCE" in reported(message)


# Round 9: a person still missing told plainly, a subject line marked urgent, an attack being
# planned, "not safe there long term", damage done to a building, a request to record a crime.
ROUND9_OUTCOMES = [
    ("Kai (15) walked out after tea yesterday and has not come back. Staff reported him missing.", "HIGH"),
    ("Tyler (14) has not come back since last night.", "HIGH"),
    ("MISSING CHILD - STILL NOT BACK - Sunday 12 April 09:30\n\nKai (15) left the home yesterday.", "HIGH"),
    ("Subject: URGENT - young man at the library\n\nHe left a document open.", "HIGH"),
    ("He told a volunteer he is planning an attack on the mosque.", "HIGH"),
    ("Four youths threw stones through three of the hall windows.", "CRIME"),
    ("They set fire to the memorial bench on the green.", "CRIME"),
    ("The Council wishes this to be recorded as a crime and can provide the footage.", "CRIME"),
    # negatives and lookalikes
    ("Kai (15) has not come back on three occasions this year.", "NORMAL"),
    ("Kai (15) is still not back at school after the holidays.", "NORMAL"),
    ("Subject: Non-urgent - youth club rota", "NORMAL"),
    ("He was not planning an attack; it was part of a video game.", "NORMAL"),
    ("Nothing to suggest he is in danger today, but he is not safe there long term.", "NORMAL"),
    ("Kids have been throwing stones at buses and setting fires in the woods.", "NORMAL"),
    # round 11: a threat on a time to come, help wanted before he is back, a child due on a train,
    # a knife held to a body, a loan shark's debt; and their lookalikes
    ('He shouted "you won\'t see the morning" at his mum as he left.', "HIGH"),
    ("Son threatening her, need someone round b4 11 tonight.", "HIGH"),
    ("Please can someone get round there before he comes back.", "HIGH"),
    ("Please get someone over before her dad gets home.", "HIGH"),
    ("Jay (15) is due at the station for the 20:10 train tonight.", "HIGH"),
    ('Jay (15) got a message: "train 2nite, dont be late".', "HIGH"),
    ("He pulled a knife on him and took his black mountain bike and his phone.", "CRIME"),
    ("The lad held it against Sam's stomach and said give me the phone.", "CRIME"),
    ("He was robbed at knifepoint near the station.", "CRIME"),
    ("He owes £2,600 and it goes up £100 every week he is late.", "CRIME"),
    ("They hold his bank card and PIN and take his wages out on Fridays.", "CRIME"),
    ("A loan shark on the estate is lending to families.", "CRIME"),
    # round 11 lookalikes
    ("Jay (15) is going to his dad's on the train this weekend as usual.", "NORMAL"),
    ("He went up £5 a week in pocket money this year.", "NORMAL"),
    ("The nurse held a dressing against his leg.", "NORMAL"),
    ("Need someone round before 3 on Friday to fix the boiler.", "NORMAL"),
    ("We told her to ring 999 if he turns up tonight.", "NORMAL"),
    # round 12: urgency marked "time critical"; a hate crime to be recorded; a head forced into
    # something; arson; filmed without knowing; sex without consent; drugs or neglect around a
    # small child; an update needing nothing from police; and their lookalikes
    ("FAO intelligence - TIME CRITICAL - the van is still in the lay-by.", "HIGH"),
    ("Time-critical: the patrol cannot keep the driver there much longer.", "HIGH"),
    ("This is not time critical, just for your records.", "NORMAL"),
    ("Mr Khan would like this recorded as a hate crime.", "CRIME"),
    ("Her family want it reported as a hate crime.", "CRIME"),
    ("The man grabbed the back of his neck and pushed his head into the window.", "CRIME"),
    ("She slammed her head against the wall during the row.", "CRIME"),
    ("He grabbed her by the hair in the car park.", "CRIME"),
    ("He banged his head on the cupboard door while playing.", "NORMAL"),
    ("The fire appears to have been set during Sunday night.", "CRIME"),
    ("He found his shed burnt to the ground on Monday morning.", "CRIME"),
    ("Police treated it as an arson attack on the garage.", "CRIME"),
    ("The chip pan fire was started by accident and nobody was hurt.", "NORMAL"),
    ("The bonfire was lit at 7pm for the fireworks display.", "NORMAL"),
    ("She had no idea she was being filmed.", "CRIME"),
    ("He secretly recorded her in the shower at his flat.", "CRIME"),
    ("She knew she was being filmed for the school play.", "NORMAL"),
    ("He gave her vodka and had sex with her at the flat.", "CRIME"),
    ("He had sex with her when she was too drunk to stand.", "CRIME"),
    ("She told him no but he had sex with her anyway.", "CRIME"),
    ("She says she has had sex with her boyfriend, who is 17.", "NORMAL"),
    ("Ruby (3): grinder, scales and wraps on the low table within reach of the toddler, mum using cannabis.", "SAFEGUARDING"),
    ("Mia (2) was sitting in a heavy, leaking nappy and mum smells of weed and deals from the flat.", "SAFEGUARDING"),
    ("Mia (2) was eating crisps off the floor and mum sells cannabis from the kitchen.", "SAFEGUARDING"),
    ("Mum sells cannabis from the kitchen; the rooms are clean and Mia (2) was happy.", "NORMAL"),
    ("The paracetamol is kept in a locked cupboard out of reach of the children.", "NORMAL"),
    ("UPDATE ONLY - nothing needed from police. Jay (14) went missing in January with older lads; he has moved away.", "NORMAL"),
    ("He takes her bank card when he wants money and she lets him for a quiet life.", "NORMAL"),
    ("He takes her bank card and spends her pension while she is in hospital.", "CRIME"),
    # the victim or family wants it reported; things pushed through a letterbox; "nobody has
    # been hit"; a door kicked in is not a person; a phone taken when it rings is control
    ("His mum knows and wants it reported.", "CRIME"),
    ("He wants this recorded and will speak to an officer.", "CRIME"),
    ("She would like it reported to the police.", "CRIME"),
    ("She does not want it reported.", "NORMAL"),
    ("Dad wants it recorded for information only.", "NORMAL"),
    ("Dog mess was pushed through her letterbox twice this month.", "CRIME"),
    ("Someone posted lit paper through their letterbox on Sunday.", "CRIME"),
    ("The postman pushed a parcel card through the letterbox.", "NORMAL"),
    ("Nobody has been hit as far as the driver knows.", "NORMAL"),
    ("None of them has ever been stabbed or robbed.", "NORMAL"),
    ("No one was hurt but later he was punched in the face.", "CRIME"),
    ("The fence panel has been kicked in twice.", "NORMAL"),
    ("He was kicked in the stomach at the bus stop.", "CRIME"),
    ("Liam took her phone off her when it rang during the visit.", "NORMAL"),
    ("He took her phone and ran off towards the park.", "CRIME"),
    ("Tyler (11) is always hungry and dad uses heroin at home.", "SAFEGUARDING"),
    ("Same school jumper all week, hair not washed. Poppy (Y2) says Gaz sells little bags of heroin.", "SAFEGUARDING"),
    ("Tyler (11) was hungry after football; dad uses cannabis at home.", "NORMAL"),
    # an adult victim of modern slavery: a sign of control counts, "an older man" (a child's factor) does not
    ("The workers at the car wash sleep on site and the boss keeps their passports; an older man brings them food.", "SAFEGUARDING"),
    ("The nail bar workers sleep above the shop and are driven to and from work by an older man.", "NORMAL"),
    # locked in as a habit is a crime to report; locked in now is HIGH
    ("Her husband locks her in the bedroom when he goes to the pub.", "CRIME"),
    ("He often locks her in when he goes out.", "CRIME"),
    ("He has locked her in the bedroom and she is texting us.", "HIGH"),
    ("She locks up the shop at six.", "NORMAL"),
    # round 17: a missing child told only by its signs (two kinds in one paragraph), never one alone
    ("Jay (14) has not been home since Tuesday. His bed hasn't been slept in and his phone goes straight to voicemail.", "HIGH"),
    ("Mum says she has no idea where she is and her mobile is switched off. Amy is 13.", "HIGH"),
    ("Nobody has heard from him since Friday night and his snap location is turned off. Leo is 15.", "HIGH"),
    ("Ria (12) was last seen at 9pm going to the shop. Bed not slept in.", "HIGH"),
    ("Ben (15) went missing in March and was found the next day.", "SAFEGUARDING"),
    ("Her bed has not been slept in on three nights this month; each time her phone location was turned off. Mia is 14.", "NORMAL"),
    ("His phone goes straight to voicemail most days, mum says. Sam is 15.", "NORMAL"),
    # inside with others and not come out yet
    ("Two men in their 20s went into the empty flat with Kayla (13). Nobody has come back out.", "HIGH"),
    ("He hasn't come out of his room all week, says mum.", "NORMAL"),
    # a time said in the direct speech after "said" is the speaker's own time
    ('He said "8 o\'clock at the garages, we\'re doing him proper".', "HIGH"),
    ("He said today that the fight was last week.", "NORMAL"),
    # threats in everyday words, with a time word
    ('He told her "when I get in tonight you and that dog are going in the river".', "HIGH"),
    ('The text said "tonight she gets it".', "HIGH"),
    ('Her ex texted: "im coming round tonite" "u no what happens when u lie to me"', "HIGH"),
    ('They sent "we r back tonite, open up or we torch it with u in it".', "HIGH"),
    ("He said tell your dad eight o'clock, he can bring who he likes.", "HIGH"),
    ("She is getting it done tonight at the hairdresser.", "NORMAL"),
    ("You know what happens at the end of term: the kids go wild.", "NORMAL"),
    # a plan time (tomorrow, a departure, due back, coming round tonight) with a danger anywhere
    ("Flight from Gatwick tomorrow at 06:10.\n\nShe says it is her own wedding and her dad has her passport. Sara is 16.", "HIGH"),
    ("Her brother has the tickets, the flight is at 06:40 tomorrow.\n\nShe is going to marry her cousin, she says, and is scared. Nasreen is 19 with a learning disability.", "HIGH"),
    ("A courier will collect the cash from her house at 3 o'clock today.\n\nA man claiming to be a detective rang her about her bank.", "HIGH"),
    ("They are coming back at 2pm today to take him to the building society to draw out the rest.", "HIGH"),
    ('He is on the 6.10 to Reading to "pick something up for T".', "HIGH"),
    ("He said he'd be back about 5 o'clock.\n\nHe told his grandad to have the money ready or you're going out that window.", "HIGH"),
    ("The family fly to Sylhet tomorrow at 06:40 for a cousin's wedding.", "NORMAL"),
    ("Her appointment is tomorrow at 10am at the clinic.", "NORMAL"),
    ("Mum is coming back at 3pm today to collect her from the club.", "NORMAL"),
    ("Kai (15) has gone missing twice this month; each time he has come back at about 7am with new trainers.", "SAFEGUARDING"),
    # an urgent marking set aside when the facts say the danger is away now; other signals still count
    ("URGENT!!!\n\nHe was kicked in the street on Saturday by his ex-partner. She has moved back to her sister's in Leeds and he has heard nothing since.", "CRIME"),
    ("URGENT\n\nThe men cleared out on Wednesday and have not been back since. They robbed him in February.", "CRIME"),
    ("URGENT\n\nHe has a knife and says he will stab her tonight. He ran off when staff came.", "HIGH"),
    # licensing words are not a gun held
    ("He sells shotgun cartridges for cash out of his boot.", "NORMAL"),
    ("He showed them a shotgun in the boot of his car.", "HIGH"),
    # a clock time in someone's stated plan, with a weapon; a child not home since a weekday is
    # missing now, unless the episode is told as over
    ("Leon walked off site saying hes going to do Marcus at the gates at 3.15 with his bros blade.", "HIGH"),
    ("He said he will ring mum at 3.15 about the trip.", "NORMAL"),
    ("kacey lamb 14 not been home since fri, mum hasnt reported it.", "HIGH"),
    ("Kayla (15) has not been home since Friday but she is safe at her nan's.", "SAFEGUARDING"),
    # money demanded with menaces, due at a time: a plan with a danger; a loan's first payment is not
    ('They said "Lenny runs this street now". They will be back tonight at 10 for the first payment.', "HIGH"),
    ("Two men said the shop has to pay protection. They are back tomorrow at 5pm.", "HIGH"),
    ("She makes the first payment on the loan tonight at 6.", "NORMAL"),
    # a gun drawn, a toy or a replica is not a gun held; a gun locked away or under licence, or its
    # owner in custody, is out of reach now; a threat or a strangulation whose author is held now
    # is a crime to report, not an immediate risk
    ("Her sketchbook has a pencil drawing of a revolver from a museum photo.", "NORMAL"),
    ("He had a BB pistol in his bag.", "NORMAL"),
    ("He keeps a shotgun at the farm; it is kept in a locked steel cabinet.", "NORMAL"),
    ("She found what looked like a handgun in the holdall. I locked the bag away.", "NORMAL"),
    ("He was seen with a pistol on Friday. He is now in custody.", "NORMAL"),
    ("He was seen with a pistol on Friday.", "HIGH"),
    ('He said "I\'ll stab you" last month and threatened to kill him. Right now he is in custody.', "CRIME"),
    ("He threatened to kill him on the landing.", "HIGH"),
    ("Her ex strangled her on Saturday. He was detained under the Mental Health Act yesterday.", "CRIME"),
    ("Her ex strangled her on Saturday.", "HIGH"),
    # a threat to kill in everyday words, even inside the speaker's own "if" ("if you ... I'll ...")
    ('He told her "if you\'ve been to the police when I get in I\'ll put you and that baby in the ground". He is usually home by 6.', "HIGH"),
    ("Her ex said he will put her in the ground if she goes to court.", "HIGH"),
    ('He messaged her "you\'ll end up in a box, I know where you live".', "HIGH"),
    ("He said he is going to put him six feet under.", "HIGH"),
    ("They put the dog in the ground at the bottom of the garden last year.", "NORMAL"),
    ("Grandad wanted his ashes put in the ground at the church.", "NORMAL"),
    # more kinds of missing sign (two kinds in one paragraph), and a 999 call being made now
    ("Mum says he never turned up at Kofi's and his phone has been off since 11pm.", "HIGH"),
    ("She didn't arrive at her dad's. Nobody knows where she is.", "HIGH"),
    ("He has never stopped out overnight before without a text.", "HIGH"),
    ("At 19:10 she got into the back of a grey car with two males, neither known to us. Her mobile went straight to voicemail.", "HIGH"),
    ("The plumber never turned up and his number goes straight to voicemail.", "NORMAL"),
    ("He got into a taxi with his mum and arrived at school on time.", "NORMAL"),
    ("Mum is ringing 999 now.", "HIGH"),
    ("She was calling 999 about the noise last week.", "NORMAL"),
    # a bare hour of a pick-up with a danger anywhere (a stay-over at an adult's)
    ('She is 14 and said "he always has vodka in and you can stay over, my mum thinks I\'m at Jade\'s". He is picking them both up at 9pm from the car park.', "HIGH"),
    ("He is collecting her at 10.30 from the station and she is staying the night at his flat.", "HIGH"),
    ("Mum is picking them up at 3pm from the school gate.", "NORMAL"),
    ('He is telling everyone in the pub he is going to "petrol the family\'s door tonight after closing".', "HIGH"),
    # a visit time is when it was found, not a plan
    ("I visited today at 10.15. The men took £3,000 from him and have not been back. They said a courier will collect the rest.", "NORMAL"),
    # the danger gone sets aside a held-captive signal too; the reporter's apology alone does not
    ("He has been kept prisoner in his own flat.", "HIGH"),
    ("Two men are keeping him prisoner in his flat.", "HIGH"),
    ("He has been kept prisoner in his own flat. The men cleared out on Wednesday.", "NORMAL"),
    ("Two men are keeping him prisoner in his flat. He says they have left now.", "NORMAL"),
    ("URGENT - sorry for the capitals. Two men are keeping him prisoner in his flat.", "HIGH"),
    # doorstep traders: driven to the bank to draw out cash, or paid for work never done
    ("Two men said her roof tiles were loose. They drove her to the bank and waited while she drew out £3,000.", "CRIME"),
    ("The builders took £2,000 cash for the driveway and nothing has been done.", "CRIME"),
    ("Two roofers knocked and the younger one ran him to the building society to get £1,500 out. Nothing was done to the roof.", "CRIME"),
    ("Her son drove her to the bank to draw out her pension.", "NORMAL"),
    ("The roofer quoted £400 for the gutters; nothing has been done yet because of the rain.", "NORMAL"),
    ("She drove him to the station to get the train out.", "NORMAL"),
    # Round 18 outcome boundaries. An ultimatum: a deadline at an hour, then "or" and what follows.
    ("He texted her: \"home by 6 or u wont see them kids again\".", "HIGH"),
    ("The message said \"back here by half 9 or else\".", "HIGH"),
    ("A man rang and said \"tell him he's got till ten to be there with my money or he knows what happens\".", "HIGH"),
    ("Text from him: \"home by 3 or ur getting it worse than last time\".", "HIGH"),
    ("\"Be at the garages by 8 or we'll come for you\" was the last message.", "HIGH"),
    ("She always had to be home by 9 or he would shout at her.", "NORMAL"),
    ("Lessons finish by 3 or 3.30 on Fridays.", "NORMAL"),
    ("He said he would be home by 6 or 7 and we could talk then.", "NORMAL"),
    # A time to come with no day said, and the person told they can be found.
    ("They told him he is driving the car up tonight, picking it up at 10 from the car park. He said \"we know where your mum works\".", "HIGH"),
    ("He rang at 7.30pm and said \"I know she's at the hostel, I'll be there at 10\".", "HIGH"),
    ("\"I'll be there at 10 and I'm bringing the hammer,\" he said to her sister.", "HIGH"),
    ("The car is coming at 9 to take her to a party in Brighton with his mates.", "HIGH"),
    ("The woman is expected at the flat at about 9am tomorrow for the cutting of both girls.", "HIGH"),
    ("They are coming back tonight, around 9pm. Reece told him \"be in when we get back or we'll do the other leg\".", "HIGH"),
    ("Rizzy says the big man comes tonight at ten. \"They said they'll do my legs.\"", "HIGH"),
    ("We know where she is staying; she is safe with her aunt.", "NORMAL"),
    ("The nurse is due at 10 to change his dressing.", "NORMAL"),
    ("The plumber is coming at 9 to fix the boiler.", "NORMAL"),
    ("Her dad is picking her up at 3 from the school gate.", "NORMAL"),
    # Missing signs told as a terse list: a negation does not run on past the comma.
    ("Mum texted: not been home since Sunday, phone off.", "HIGH"),
    ("16:15 not back, mobile off. Rang his nan.", "HIGH"),
    ("Not back in school since half term; phone off in lessons.", "NORMAL"),
    ("Ruby, 13, missing from Portchester since yesterday, was seen at the station.", "HIGH"),
    ("Ruby has been missing from school since yesterday with a cold.", "NORMAL"),
    # ... unless the submission says the episode is over.
    ("Mum rang 101: Frankie not back from school, bed not slept in, phone off. He turned up Wednesday morning at his dad's.", "SAFEGUARDING"),
    ("Mum rang: Frankie not back from school, bed not slept in, phone off. Last time he came back the next day.", "HIGH"),
    # Still inside, the abuser outside, the person afraid to go home, a letterbox attack.
    ("A man took a girl of about 14 up to room 214. The girl hasn't come down.", "HIGH"),
    ("The girl hasn't come down with the flu this year.", "NORMAL"),
    ("\"hes outside in the car, hes gonna do me when i come out.\"", "HIGH"),
    ("2 lads back about 10pm tonight with more stuff. He wont go home.", "HIGH"),
    ("They are putting a rocket through the letterbox of the family above the shop tonight.", "HIGH"),
    ("He said they will post a lit rag through their door tonight.", "HIGH"),
    ("Someone put a leaflet through the letterbox tonight.", "NORMAL"),
    # A first-day call: not arrived at school (or left for it as normal) is one sign, a phone
    # showing somewhere else another; absent for a reason, or an old location, is not.
    ("Not in for reg this morning. Mum says he left at 7.35 in uniform as normal; his phone location is showing Basingstoke station.", "HIGH"),
    ("His phone location is showing Reading. Not in school today.", "HIGH"),
    ("Not in for reg this morning. Mum says he left the house at 7.35 in uniform as normal.", "NORMAL"),
    ("Her Snap Map was showing her in Portsmouth last month; she was not in school today as she has a dentist appointment.", "NORMAL"),
]


# CCE told only through its signs: several weak signs together, never one alone.
ROUND9_CCE_SIGNS = [
    ("Mason (12) has a new iPhone that rings non stop. Two older lads hand him a drawstring bag "
     "and he rides off.", True),
    ("Kyrie (15) came back in brand new Jordans, with a train ticket to Reading in his pocket. "
     "His phone rings at all hours.", True),
    ("2 phones buzzing non stop on the windowsill next to the lad.", True),
    ('He said "I have to get this lot to Southsea by tonight" and he has two phones.', True),
    # one sign alone, ordinary gifts, an office phone, a bag taken to the shop
    ("Mum bought her a new iPhone for her birthday.", False),
    ("The office phone rings non stop on Mondays.", False),
    ("We need to take the parcel to Basingstoke.", False),
    ("His new iPhone was a Christmas present from his dad.", False),
    ("The shop assistant handed him a bag with his shopping.", False),
]


@pytest.mark.parametrize("text,expected", [
    ("On the windowsill a sandwich bag full of little wraps and digi scales.", True),
    ("The bathroom scales are broken.", False),
])
def test_triage_round9_drug_kit(triage, text, expected):
    assert ("DRUGS" in reported(triage(text))) is expected


# Round 10: categories told through everyday signs rather than their names.
# DOMESTIC_ABUSE through control (someone else holding a card, phone taken, not allowed out),
# threats and violence to a partner, harassment after a break-up.
ROUND10_DOMESTIC_ABUSE = [
    ("Her son keeps his mum's pension card and she has to ask him for money.", True),
    ("Her nephew has had her bank card since March and he shouts if she asks for it back.", True),
    ("Her grandson looks after the bank card now. He called her a stupid old woman.", True),
    ("He has had her bank card and PIN since he moved in and grabs me when I ask about the money, she said.", True),
    ("Her boyfriend, Jay Cole (20), had headbutted her in the car.", True),
    ("Her husband held her by the throat against the wall.", True),
    ("He won't let mum go to the shops without him and checks the bank app every night.", True),
    ('She said "he doesn\'t like me having cash, I\'m not allowed out on my own".', True),
    ("Her partner texted her \"you're dead when I get in\".", True),
    ("Her ex shoved her into a door frame on Sunday.", True),
    ("Her ex said he would keep the kids from me, she told us.", True),
    ("Since she split up with Kyle he has sent her 40-50 messages a day and waited outside her work.", True),
    # one sign alone, ordinary help with cards, a stolen card, a parent's rule, an accident
    ("He had his bank card stolen on the bus.", False),
    ("The carer has his bank card for the weekly shop.", False),
    ("The man keeps his passport and has his bank card and takes his wages.", False),
    ("Mum won't let me go out on a school night.", False),
    ("He pushed the door into the wall to get the pram through.", False),
    ("She split up with Kyle last year and they are still friends.", False),
    ("He sends about 30 messages a day in the team group chat.", False),
    ("He has his bank card and his phone with him.", False),
    # round 11: keys, phone or going out controlled, suffocation, a son's shove after a refusal,
    # a no-contact order, money demanded from a relative; and their lookalikes
    ('She has not been allowed out on her own since and he took her car keys and her charger.', True),
    ('Her partner held a pillow over her face until she passed out.', True),
    ('He put his hand over her mouth so the neighbours would not hear. Her boyfriend has done it before.', True),
    ("Her son shoved her back into the door frame when she said no.", True),
    ('Her ex is not allowed to contact her (court order) and was kicking the door and shouting through the letterbox at 1am.', True),
    ('He texted his ex "you\'ll get what you deserve" and she says her ex broke her nose in 2021.', True),
    ('Her grandson keeps going on at her for her pension money and took her spare door key.', True),
    ('Mum said he hides her phone charger and her purse, and her partner is not allowed to come to the house under bail conditions.', True),
    # round 11 lookalikes: one sign alone, a robbery, a school rule, a careless accident
    ('Two lads took her phone and her purse at the bus stop.', False),
    ('He is not allowed to contact her on social media, the school has told both pupils.', False),
    ('The boy broke his arm falling off the climbing frame.', False),
    ('She trapped her fingers in the car door.', False),
    ('The pupil was shouting through the letterbox as a prank at the wrong house.', False),
]


# OCG through signs: a vehicle on two plates, a pile of plates, signal blockers, cash up front,
# converters taken in, grow houses, brothel signs; each weak sign needs another.
ROUND10_OCG = [
    ("A black Audi went into the unit as AB12 CDE and came out an hour later as XY34 ZZZ.", True),
    ("The same van has been on AB12 CDE one week and XY34 ??? the next.", True),
    ("Vans change plates in the yard at night.", True),
    ("There was a pile of number plates and a signal blocker behind the door.", True),
    ("They are taking in catalytic converters off lads in vans at 3am.", True),
    ('He is said to have "grows" in at least three rented houses.', True),
    ("He handed over £3,000 in a carrier bag, cash only, no paperwork.", True),
    ("He pays six months up front in cash. Men buzz up one after the other until 3am.", True),
    # a single weak sign, ordinary plates and bags, a card and PIN scam
    ("The landlord was paid six months up front in cash.", False),
    ("The plates are in the cupboard next to the cups.", False),
    ("The dinner plates were piled in the sink.", False),
    ("A man at the bus stop told him to hand over his card and PIN to keep it safe.", False),
    ("Her car is AB12 CDE and his is XY34 ZZZ.", False),
]


# MISSING told as "not home since", "missing from X since", a date range, "last seen", a child
# outside school with no documents.
ROUND10_MISSING = [
    ("KAYLA, 13 - NOT HOME SINCE LAST NIGHT.", True),
    ("A police appeal says he is missing from Leeds since last Thursday.", True),
    ("She was missing from Tues 10th to Thurs 12th and would not say where she had been.", True),
    ("She went to a friend's and never arrived. Last seen near the station.", True),
    ("He is 15 but does not go to school and has no documents.", True),
    ("Her phone (07700 900 000) has been off since 2am. She never arrived.", True),
    # school absence, objects, a single sign
    ("He has been missing from school since Monday with flu.", False),
    ("Stock has been missing from the shop since the delivery.", False),
    ("He does not go to school on Fridays because of his placement.", False),
    ("The parcel never arrived.", False),
    ("Last seen at the youth club, the lost property box is now full.", False),
]


def test_triage_round10_safety_plan_tonight_is_not_imminent(triage):
    text = ("Grace (16) was missing from Tues 10th to Thurs 12th. She is in her room now and has "
            "agreed to stay in tonight.")
    result = triage(text)
    assert "MISSING" in reported(result)
    assert result.outcome != "HIGH"


# CSE secrecy told plainly: chats deleted on an adult's say-so, hidden from the carer.
@pytest.mark.parametrize("text,expected", [
    ("She is 14 and he has asked her to delete their chats.", True),
    ("He sent him a new headset and told him to wear it so nan can't hear.", True),
    ("She deleted the chats herself after the argument.", False),
    ("Mum turned the TV down so the baby can sleep.", False),
])
def test_triage_round10_cse_secrecy(triage, text, expected):
    assert ("CSE" in reported(triage(text))) is expected


# Signs of one category told in everyday words (tuning rounds 6, 9 and 10): each text fires the
# category or, for the lookalikes, does not.
CATEGORY_SIGN_TABLES = [
    ("CSE", ROUND6_CSE),
    # round 15: weapons only mentioned, ASB in everyday words, control and threats as DA,
    # disability hate as COMMUNITY_COHESION, drug kit told plainly
    ("WEAPONS", [
        ('He pulled out a zombie knife and waved it at them.', True),
        ('He keeps a shooter under his bed, his mate said he has it.', True),
        ('He had a blade in his sock when he was searched.', True),
        ('Two lads from London, "Skeng" and "Little T", moved into his flat. "Skeng" punched him.', False),
        ('Kai later told friends the driver was "Blade" and that he looks after him.', False),
        ('Lucas plays airsoft and has "1488" written on the stock of his rifle and his plate carrier.', False),
        ('He was watching videos praising a mass shooter on his phone.', False),
        ('He asked his key worker where he could "get a proper crossbow".', False),
        ('There was a stabbing on this field two summers ago, nothing like that since.', False),
        ("Her car had both rear windows smashed with a scaffold pole while parked outside.", False),
    ]),
    ("ASB", [
        ("There was shouting on the landing at 3am Sunday again.", True),
        ("He has banged on the adjoining wall and played music through the night most weekends.", True),
        ('They have sprayed "R8" tags along both walls and sit across the path so people have to step over them.', True),
        ("6-8 teenagers in stairwell C most nights, kicking the fire door and setting off the lift alarm.", True),
        ("Lads shooting at pigeons and at the bus shelter from the balcony, and eggs and cans dropped on cars.", True),
        ("The nurse was shouting in the corridor at 3pm for help.", False),
        ("He went shooting at the clay pigeon club with his dad.", False),
        ("We dropped the cans at the recycling centre.", False),
        ("The kids sat across the steps for the class photo.", False),
    ]),
    ("DOMESTIC_ABUSE", [
        ("Daddy squeezed Mummy's neck on the stairs and Mummy went all floppy.", True),
        ("He's got the big carving knife out and keeps saying he'll see to me and then himself.", True),
        ("Her husband said he would kill us all and then himself.", True),
        ("He said he'd finish her off first and then himself.", True),
        ("He told her he would sort himself out.", False),
        ("Something hit her in the side of the neck while she was pegging washing.", False),
        ("He squeezed the lemon over the fish.", False),
    ]),
    ("COMMUNITY_COHESION", [
        ('Three lads started copying his signing, pulled the aid out of his ear and shouted "deaf freak".', True),
        ("Someone shouted \"go back to your special school\" at him at the bus stop.", True),
        ('Brandon tipped Colin\'s wheelchair over and the clip says "spaz of the week".', True),
        ("They were mimicking her stammer at the bus stop every morning.", True),
        ("She is learning sign language and copying her teacher's signing in class.", False),
        ("He pulled out his hearing aid because it was whistling.", False),
        ("The kids were laughing at his jokes.", False),
    ]),
    ("DRUGS", [
        ("On the kitchen side: digital scales, cling film, a pile of tiny knotted bags with off-white lumps in.", True),
        ("The landing smells of burning plastic and people are in and out all day and night.", True),
        ("Scales with cling film and knotted bags on his desk.", True),
        ("The toddler got white powder paint everywhere.", False),
        ("Used the kitchen scales and cling film for the sandwiches.", False),
    ]),
    ("CCE", ROUND9_CCE_SIGNS),
    ("DOMESTIC_ABUSE", ROUND10_DOMESTIC_ABUSE),
    ("OCG", ROUND10_OCG),
    ("MISSING", ROUND10_MISSING),
    # round 11: cars, noise and throwing as ASB; nitrous told by its look as DRUGS
    ("ASB", [
        ("Most nights lads park up, rev their engines and play music till 3am.", True),
        ("Youths keep lobbing empty cans over the fence and chucking stones at buses.", True),
        ("Cars racing up and down the estate and doing doughnuts on the field.", True),
        ("The mechanic was revving the engine in the garage for the MOT.", False),
        ("He was throwing cans in the recycling bin.", False),
    ]),
    ("DRUGS", [
        ("They fill balloons from big silver canisters in the car park.", True),
        ("Silver canisters and balloons all over the grass in the morning.", True),
        ("Someone selling balloons of gas out the boot, fast gas, £5 a go.", True),
        ("Helium balloons from the gas cylinders for the birthday party.", False),
        ("Camping gas canisters were left by the tent.", False),
    ]),
    # round 11: exploitation told by what partners SEE; two or three signs together, one alone is weak
    ("CCE", [
        ('Leo (15) is staying with his uncle in Plymouth, nobody can say which uncle, and comes home in taxis he never pays for.', True),
        ('Since Easter Jay (14) has a cheap flip phone as well as his own and it buzzes non stop; he came back with a roll of twenties.', True),
        ("Mia (15) told staff she 'can't be off it' about her second phone and would not say how she got the burn on her arm.", True),
        ('Kyle (16) is out till 4am most nights and a car waits outside on the corner with the engine running.', True),
        ('Two men have been staying at Pete\'s for a fortnight and people keep knocking at all hours; he calls them "my boys, they look after me".', True),
        ('Callers come and go at all hours and leave within minutes; the lads use her phone for work.', True),
        ('Two lads moved into his flat last month and have been selling crack from it.', True),
        ('Sam (15) has a part-time job at the cafe and a new phone he saved up for.', False),
        ("Ella (14) is staying at her cousin's for half term.", False),
        ('Josh (15) has a new North Face coat his mum bought him for Christmas.', False),
        ('Dad waits outside in the car with the engine running at pick-up time.', False),
        ('He paid the £40 from a roll of twenties, an older lad with him.', False),
        ('His son moved into the flat last month after leaving college.', False),
        ('There is no second phone, no roll of cash and he is never out at night.', False),
        ('In 2015, years ago, he had a cheap flip phone and came home in taxis he did not pay for.', False),
    ]),
    ("CSE", [
        ('Amber (14) has "Dee" tattooed on her wrist and the men at the chicken shop call her "wifey".', True),
        ('A man who is about 30 drops Lily (15) at the end of the road, never at the door, and gives her free vape refills.', True),
        ('Grace (14) told a friend her "friend" is "like 22" and he knows how old she is.', True),
        ('The landlord put his hand up her top and said there are other ways to sort the rent out.', True),
        ('Chloe (13) says he is 25 and he told her to bring a change of clothes.', True),
        ('Her mum calls her "princess" and drops her at the end of the road for school.', False),
        ("She has her nan's name tattooed on her wrist.", False),
        ('Her brother, who is 19, picks her up from the end of the road.', False),
        ('If a man ever called her "wifey" or dropped her at the corner she would tell staff.', False),
    ]),
    ("MODERN_SLAVERY", [
        ('A transit van drops off eight men at the house at night and a man counts them back in.', True),
        ('The women rarely go out and each of them hands him their wages on a Friday.', True),
        ('There are mattresses across the floor upstairs; the boss answers for them when we ask anything.', True),
        ('A minibus drops ten lads at the football ground for the match.', False),
        ('The teacher counted the children back in after the trip.', False),
    ]),
    ("OCG", [
        ('She borrowed £200 and it goes up £50 every week; they take her benefits out at the post office.', True),
        ('Half the shops on the parade pay them every week, and he runs three nail bars in town.', True),
        ('He runs three takeaways in town with his brothers.', False),
        ('Her rent goes up £10 every month under the new tenancy.', False),
    ]),
    # round 15: exploitation signs in everyday words (mail drops, illicit stock, collection rounds,
    # people hidden in a van, nights away, an adult's age as the child believes it); and lookalikes
    ("OCG", [
        ("Post on the mat for at least 9 different names and 11 companies. It looks like accounts being opened in bulk.", True),
        ("Letters arrive for six different names and bank cards in other people's names.", True),
        ("The shop sells single cigarettes to kids and the same family are said to run the car wash and the barbers.", True),
        ("Unbranded vapes come from a cavity behind the chiller. A driver comes out of each with a carrier bag every Monday.", True),
        ("Five young women registered giving the same address. He paid from a thick roll of £50 notes.", True),
        ("We get post for the previous tenant.", False),
        ("The same family run the corner shop.", False),
        ("Her mum sells single cigarettes.", False),
    ]),
    ("MODERN_SLAVERY", [
        ('Knocking from the load area of the van. A note saying "HELP 7 PERSON NO WATER" was pushed out.', True),
        ("There were voices from the back of the lorry and the driver refused to open the back doors.", True),
        ('He said the house is "for my workers" and we have never seen them leave the house.', True),
        ("None of them has a fob and they rarely go out.", True),
        ("Her son brings her shopping and she rarely goes out.", False),
        ("The driver would not open the back doors until he found the key.", False),
    ]),
    ("MISSING", [
        ("He went off for 4 nights over half-term and came back and won't say where he was.", True),
        ("She was gone for three days and nobody knew, and she would not say where she had been.", True),
        ("He went off for two nights on the school residential trip.", False),
        ("She won't say where she bought the dress.", False),
    ]),
    ("CSE", [
        ("She has been seeing a man called Cal who she thinks is 23. He gave her vodka and had sex with her.", True),
        ("There is a video of Elif and Dale having sex and he knows she is 16.", True),
        ("He took her back to his flat. Her boyfriend who she says is 24 bought her drinks.", True),
        ("She is seeing a boy from Year 10.", False),
        ("Her dad gave her wine at Christmas.", False),
    ]),
    ("CCE", [
        ('One of the men told the boy (13) he is "going Andover tonight with Nico".', True),
        ("Cars pull up outside all day, the lad runs down to them and comes back up with cash.", True),
        ("We are going Christmas shopping at the weekend.", False),
        ("He went out to the car and came back with his coat.", False),
    ]),
    # Round 10 families: OCG, CCE, CSE and modern slavery by their signs in everyday words, hate
    # said plainly, weapons held (a toy or a work tool is not one), drug orders in street words.
    ("OCG", [
        ('Everyone round here knows the Dawsons lend money and you pay it back double.', True),
        ('He borrowed £300 off the Kellys in the summer and it is £900 now. They run the doors at the Anchor.', True),
        ('That family run half the estate and they run the doors at the clubs in town.', True),
        ('Nobody will go to the police about them because of what happened to the lad in Eastleigh. They lend cash to anyone.', True),
        ('The deposit came in vacuum-sealed bundles of cash and the invoice went to a company that was dissolved last year.', True),
        ('Her mum lent her money for the bus.', False),
        ('The event company was dissolved and the CCTV was switched off for the refit.', False),
        ('He paid it back double quick.', False),
        ('He is going country to pay back what he owes and says "the Eastney lot" know where his mum lives.', True),
        ('He says he owes him money and he knows where his mum lives.', False),
    ]),
    ("CCE", [
        ('She was told to sit at the end of the road and ring him if the police turn up.', True),
        ('He says he is doing a drop to Bournemouth for his mate later.', True),
        ("It isn't his normal phone, it's a cheap flip one, and the older lad he's with keeps texting him.", True),
        ('A message on his phone said "dont come back short again".', True),
        ('They pay him £40 a time to keep a sports bag under his bed.', True),
        ('She is doing a run to the shop for her nan.', False),
        ('He keeps a PE bag under his bed.', False),
        ('He has to keep his phone charged for his Duke of Edinburgh expedition.', False),
    ]),
    ("CSE", [
        ('A man she calls her uncle picks her up from school; he is not her uncle at all.', True),
        ("He's not really her cousin, and he is driving her to a party at his mate's flat on Saturday.", True),
        ("Her mum thinks she is staying at a friend's, but a man in his 30s collected her.", True),
        ('He wanted his initials inked on the inside of her wrist and he did all the talking.', True),
        ('He is not her real dad but he has brought her up since she was two.', False),
        ("Her mum thinks she is staying at her nan's tonight.", False),
        ("She has her nan's name on her wrist in memory of her.", False),
        ('I think he is being groomed into dealing by the older lads.', False),
    ]),
    ("MODERN_SLAVERY", [
        ('The gaffer keeps their bank cards and gives them £30 on a Saturday.', True),
        ('Most of his pay goes on rent for the caravan and the boss holds his card.', True),
        ("The men in the van don't speak English. Their wages all go on the digs.", True),
        ('Her son keeps her bank card to help her with the shopping.', False),
        ("He doesn't speak English and his son interprets for him.", False),
        ('She has not paid the invoice yet.', False),
    ]),
    ("COMMUNITY_COHESION", [
        ('A note through the door said "no more Poles on this street".', True),
        ('He told the Somali shopkeeper "your lot are finished round here".', True),
        ('Stickers saying "white lives matter" were put on the bus shelter.', True),
        ('Men were filmed yelling at families going into the synagogue.', True),
        ('They shouted "go back to India" at him.', True),
        ('Someone shouted tranny at her from a car.', True),
        ('She is going back to Nigeria for a family wedding.', False),
        ('Your lot never tidy the staffroom.', False),
        ('He joked that the new computers are taking our jobs.', False),
    ]),
    ("WEAPONS", [
        ('One of them was holding a crowbar and told him to get out.', True),
        ('He showed her a screwdriver in his pocket and said she would regret it.', True),
        ('Four lads jumped him on the cut-through and one had a hammer.', True),
        ('The builder was holding a hammer while fixing the fence.', False),
        ('A kid had a plastic sword from his Halloween costume.', False),
        ('The only blade about was his box cutter for the deliveries.', False),
        ('A parent posted that a kid "had a machete" but it was a toy one from a costume.', False),
    ]),
    ("DRUGS", [
        ('People keep knocking at the flat to buy "white".', True),
        ('The text to everyone on the list said "back on, B n W, 2 for 25, save this new number".', True),
        ('He was heard saying he needs to shot the rest before Friday.', True),
        ('She has been "holding" for two older lads from the estate.', True),
        ('He hands small bags through a gap in the door and takes cash.', True),
        ('The guard saw them carrying taped, vacuum-packed blocks to the car.', True),
        ('The pub does 2 for 25 on cocktails on Fridays.', False),
        ('He was buying white paint for the fence.', False),
        ('She is holding the door for the older ladies.', False),
    ]),
    ("MISSING", [
        ('He says he is missing about £600 of his pension.', False),
        ("He hasn't been back to training since the fight.", False),
        ('He has not been back to the hostel since Friday night.', True),
    ]),
    ("RADICALISATION", [
        ('He handed out leaflets saying "Save our towns from the invasion" with a link to a Telegram channel.', True),
        ('He said he is going to be the one who actually does something, and talks about invaders.', True),
        ('The council leaflet asks residents to help save our towns from litter.', False),
    ]),
    ("DRUGS", [
        ('The text said "need 2 of the brown by 8".', True),
        ('He was asked for three of the white tonight.', True),
        ('Can I have two of the white ones, please?', False),
        ("I'll take three of the white roses.", False),
    ]),
    # round 17: OCG in everyday words - a family that "runs" a patch, debts that grow, cars taken
    # apart, changing details, a round of collections; and the lookalikes
    ("OCG", [
        ('Everyone says the Harlows "run the lot round the Oaks flats" and you don\'t cross them.', True),
        ('Apparently his uncle "runs Eastfield" and nobody buys off anyone but his lads round there.', True),
        ("The brothers run that side of town, it's their patch. One of them goes round the takeaways on Mondays \"collecting\".", True),
        ('They lend money round the estate and you pay it back double by Friday.', True),
        ('He borrowed £300 in May and it is "a grand now"; the Marshes lend money to half the estate.', True),
        ('Vans go in whole at night and by morning the shells come out, with engines, doors and wheels stacked up.', True),
        ('He hires a car every week with a different licence each time and it comes back reeking of bleach.', True),
        ('Mum runs the lot at home since dad left, she is amazing.', False),
        ('She runs the youth club on the estate on Tuesdays.', False),
        ('He borrowed £20 off his nan for the bus.', False),
        ('The barber shouted him as Spanner and he drove off.', False),
    ]),
    # MISSING by its signs now (a bed not slept in, nobody knows where she is, not back for curfew),
    # and an adult who simply has not come round again
    ("MISSING", [
        ("Her bed wasn't slept in and mum has no idea where she is.", True),
        ('His bed has not been slept in since Saturday.', True),
        ('He signed out at 6, not back for curfew, and his phone keeps going to answerphone.', True),
        ("Neither of us has heard from him since Sunday. His phone goes straight to voicemail.", True),
        ("The roofer took her £900 deposit and he hasn't been back since Monday.", False),
        ('He went to his brother\'s after the hearing and has not been back.', False),
        ('Nobody knows where he lives.', False),
        ('She has blocked him and has not seen him since.', False),
    ]),
    # CSE by its signs: sextortion, "age is just a number", men passing a girl to friends, gifts
    ("CSE", [
        ("He sent a nude pic and they said they'll post it to all his followers unless he pays £100.", True),
        ('He told her "age is just a number" and not to tell her mum.', True),
        ('One man pays her phone bill and told her to "be nice to my mates" on Saturday.', True),
        ('He gives the girls vapes and lifts home, and she came back with a new phone she had no money for.', True),
        ('They said they would post the results on the website unless he objected.', False),
        ('The club pays the phone bill for the office.', False),
        ('Two men in their 30s picked him up from the station.', False),
    ]),
    # CCE by its signs: errands and fetching for older lads, paid to mind, fines, cuckooing
    ("CCE", [
        ('He has been away in Brighton sorting stuff for people and he has two phones now.', True),
        ('He said he is going to "pick something up for K" and bring it back, he owes K since his bike got nicked.', True),
        ('He gets paid £30 a week to look after their bags and if he misses a call it\'s a fine.', True),
        ('Two "friends" have been stopping at the flat and Jay keeps Dave\'s bank card "so it doesn\'t get lost".', True),
        ('He went to pick something up for his mum from the shop.', False),
        ('He keeps his bank card in his wallet.', False),
        ('She dropped something off at her nan\'s.', False),
    ]),
    # DOMESTIC_ABUSE in everyday words: forced marriage, control, things broken, elder abuse
    ("DOMESTIC_ABUSE", [
        ('She said she is being taken to Sylhet to marry her cousin and it is her own wedding.', True),
        ('Her aunt said "you\'ll come back a wife or not at all".', True),
        ('Mummy has to give him her phone and she can\'t go to the shops on her own.', True),
        ('He shouts at mum and throws the plates, and she is not allowed to see her sister any more.', True),
        ('He twisted her arm up behind her back and pushed her down the stairs.', True),
        ('He answers every question for her, and the pull cord has been tied up out of reach.', True),
        ('Her grandson took his pension and said "have the rest ready or you\'re going out that window". He is frightened of him.', True),
        ('She is going to Sylhet for her cousin\'s wedding in May.', False),
        ('He punched the bag at the boxing gym.', False),
        ("She can't go to the shops on her own since her hip operation.", False),
    ]),
    # WEAPONS carried, shown or used, not merely mentioned
    ("WEAPONS", [
        ('He opened his coat to show me a claw hammer and said tonight.', True),
        ('The bigger one kept poking a screwdriver at his belly.', True),
        ('He leaned over the fence holding a metal baseball bat.', True),
        ("There's a crowbar down his trousers.", True),
        ('The lads were on about the machetes in a drill video, nobody has one.', False),
        ('He said he looked at crossbows online for a laugh but hasn\'t got one.', False),
        ('He brings his knife roll home from the butcher\'s to sharpen.', False),
        ('The knife amnesty bin by the gate was tipped over.', False),
    ]),
    # MODERN_SLAVERY: passports held by the family before a wedding are forced marriage, not labour
    ("MODERN_SLAVERY", [
        ('The boss held all 6 passports and answered every question for them.', True),
        ("The lady keeps Ana's passport in the safe and Ana sleeps in the utility room.", True),
        ('Dad has kept her passport since Saturday because of the wedding.', False),
        ('He sent the nude back and said he would share it unless paid; he has not paid anything.', False),
    ]),
    # Context: a bare "not"/"no" stops at a comma that starts a new clause; a list stays negated
    ("MISSING", [
        ("Signed out at 5pm, not back for curfew, reported missing by night staff.", True),
        ("He went missing from care again last night.", True),
        ("The time he went missing was over a year ago, nothing since.", False),
    ]),
    ("DRUGS", [
        ("He was not in school, seen dealing weed by the shops.", True),
        ("No knives, drugs or cash were found.", False),
    ]),
    # a child's question about her own situation is not a hypothetical; the reporter's "if" is
    ("CSE", [
        ('Summer (13) put a note in the worry box saying "is it bad if my boyfriend is 22".', True),
        ("If her boyfriend is 22 we would be worried.", False),
    ]),
    ("DOMESTIC_ABUSE", [
        ("He went to prison for strangling her in 2019 and there's meant to be a non-molestation order. He has been banging on her door every night.", True),
        # a partner's threat to kill in everyday words with her phone and keys taken
        ("Her partner has taken her mobile and her door keys. He told her he'll put her in the ground.", True),
        ("The lads took her phone and ran off towards the park.", False),
        ("Her partner took her phone to get it repaired.", False),
    ]),
    # Categories bear on each other: a trafficked child is MISSING too (a child in the same sentence)
    ("MISSING", [
        ("Tuan, 15, sleeps at the nail bar and is not paid.", True),
        ("Andrei (Year 1) lives with his parents. Their boss took their passports and they are not paid.", False),
    ]),
    # in a Prevent referral only a sexual cue makes CSE
    ("CSE", [
        ("Prevent referral: he watches extremist videos and an older man asked him for nudes.", True),
        ("Prevent referral: he is being groomed online by an older man who messages him extremist videos and tells him to delete the chats.", False),
    ]),
    # debts and threats in adult modern slavery are the traffickers' hold, not CCE
    ("CCE", [
        ("Kai, 15, is not paid at the car wash, the boss keeps his passport and says he owes him for the lost parcel.", True),
        ("The workers at the car wash are not paid, the boss keeps their passports and says they owe him for the journey and knows where their families live.", False),
    ]),
    # Round 18: hard categories in everyday words. ASB: a counted group at a public place, bikes where people
    # walk, things thrown at homes and buses, everyday nuisance.
    ("ASB", [
        ("A group of 12-15 by the garages most nights, mostly 16-19 year olds.", True),
        ("About 10 teens on the footbridge every Friday after 9pm.", True),
        ("There were 20 or 30 kids hanging around the skate park until late.", True),
        ("Two off-road bikes going up and down the close and across the green.", True),
        ("Lads on e-scooters down the platform, spitting onto train roofs.", True),
        ("Eggs and a bag of dog mess thrown at the front windows of the family's house.", True),
        ("This month they have been flicking lit bangers at buses from the underpass.", True),
        ("Fireworks set off in the stairwell, very loud, residents shouting from windows.", True),
        ("Lads knocking and running after midnight, kicking seats and swearing at drivers.", True),
        ("A group of 12 from the youth club went on the trip to the park.", False),
        ("He rode his bike up and down the drive while his mum cooked.", False),
        ("Fireworks were set off for bonfire night at the school display.", False),
        ("Eggs were thrown at their windows and \"GO HOME\" was sprayed on their door.", False),
    ]),
    # CCE: cuckooing of a vulnerable adult told by its signs.
    ("CCE", [
        ("Dennis has a learning disability. Two boys are stopping at his flat and one of them wears his door key round his neck, London accents.", True),
        ("Two men \"staying\" since Friday, London accent; the men have his front door key and his bank card.", True),
        ("2 lads dossing at his since fri, took his bank card and phone, london accents.", True),
        ("They told him he can clear what he owes by \"doing a few runs\" for them.", True),
        ("His daughter has his bank card and does his shopping.", False),
        ("The lads were \"staying\" at a festival campsite.", False),
    ]),
    # DRUGS: constant callers, street names for crack and heroin, opiate treatment.
    ("DRUGS", [
        ("Door knocked every few minutes while we were there, digital scales on the side.", True),
        ("Door knocked every few minutes by the same two neighbours' kids.", False),
        ("He left a bag of white in the kitchen drawer.", True),
        ("He has been on supervised consumption at the pharmacy for years.", True),
        ("Digital scales and a roll of small bags on the side.", True),
        ("She bought a bag of white paint for the fence.", False),
        ("He has supervised contact with his dad once a month.", False),
    ]),
    # CSE: images, a much older boyfriend by age, secret gifts, a child let into a man's room.
    ("CSE", [
        ("A man in his 30s posted a photo of her with no top on to a group chat.", True),
        ("Her ex, 17, posted a topless photo she had sent him to his college group chat.", False),
        ("Kacey, 14, was at Jordan's - boyfriend, 22, drives a black BMW.", True),
        ("He wrote \"bring ur school skirt, u know why\" and said his mates will be about.", True),
        ("He has bought Kaja a phone their mum doesn't know about. He says he is 19.", True),
        ("A man checked in to room 214 for one night. She looked 13 or 14 at the most.", True),
        ("A man about 30 gives the girls vodka and lets them stay at his flat as long as they want.", True),
        ("Her boyfriend, 16, walks her home from school.", False),
        ("Her mum bought her a new phone for her birthday.", False),
        ("She looked about 10 years younger than her age at the hotel.", False),
        ("Same girl to the same flat, she's in school uniform sometimes and looks 13/14 max; she told the driver \"my boyfriends 23\".", True),
        ("Pictures of Layla \"with no clothes on\" made with an AI undressing app; he messaged \"if you send real ones I'll delete the fake ones\".", True),
        ("Police found her at a flat belonging to a 19 year old called Jaden.", True),
        ("Two girls in Hatchmoor Academy uniform got in the back of the car; the driver passed one girl a bottle of vodka.", True),
        ("In the back bedroom was a boy who looked about 14.", False),
        ("The girls in Year 9 uniform were collected by the coach for the museum trip.", False),
    ]),
    # DOMESTIC_ABUSE: a child telling of rows at home; a woman who fled her partner.
    ("DOMESTIC_ABUSE", [
        ("Ruby said \"Daddy throws the plates and Mummy cries in the bathroom\".", True),
        ("A note in the worry box said \"Daddy is back and the shouting is back\".", True),
        ("She said Deano put mummy's phone in the bath and they hid in the wardrobe till it went quiet.", True),
        ("Shanice and Mia were placed here after she fled her ex in Farnborough.", True),
        ("Dad throws the ball for the dog in the park after school.", False),
        ("He says his dad threw him out after Christmas.", False),
        ("The class went quiet when the head came in.", False),
    ]),
    # MISSING: nights away as a span; "nobody is missing" is not a missing person.
    ("MISSING", [
        ("KJ, 16, was out Thu 19th to Sun 22nd, three nights. Third weekend running.", True),
        ("Tia, 15, has been away four nights in a row and nobody knows where.", True),
        ("Nobody is missing that anyone knows of and nobody says they got hurt.", False),
        ("Jay, 15, was away three nights on the Year 10 residential trip.", False),
    ]),
    # OCG: a loan that grows in words, stolen stock, catalytic converters, a car kept in his name.
    ("OCG", [
        ("They lend money to half of the town and the debt goes up two hundred every week.", True),
        ("The £150 has become £1,200 and they want to \"keep a motor\" in his name.", True),
        ("Garages full to the roof of boxed power tools and perfume, still in shop packaging with security tags on some.", True),
        ("Vans come in after 10pm with catalytic converters still warm, cut off cars from all over.", True),
        ("His car is registered in his name and insured by his dad.", False),
        ("The garage replaced the catalytic converter on my car at the MOT.", False),
    ]),
]


@pytest.mark.parametrize("category,text,expected",
                         [(category, text, expected) for category, table in CATEGORY_SIGN_TABLES for text, expected in table])
def test_triage_category_signs_in_everyday_words(triage, category, text, expected):
    assert (category in reported(triage(text))) is expected


# Outcome wordings of the tuning rounds (plain crimes, urgency in everyday words, boundaries,
# quoted messages) and the traps that share their words.
@pytest.mark.parametrize("text,outcome", (URGENCY_CASES + CRIME_WORDING_CASES +
                                          PLAIN_WORDING_OUTCOMES +
                                          BOUNDARY_OUTCOMES +
                                          PLAIN_CRIME_AND_IMMINENCE +
                                          URGENT_EVERYDAY +
                                          ROUND6_OUTCOMES +
                                          ROUND8_OUTCOMES +
                                          ROUND9_OUTCOMES))
def test_triage_outcome_wordings_of_the_tuning_rounds(triage, text, outcome):
    result = triage(text)
    assert result.outcome == outcome, result.outcome_reasons
