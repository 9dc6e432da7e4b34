"""The learned components (pipeline/learned.py) and how sanitising and triage combine them with
the rules.

The combination tests feed spans and scores by hand to a blank pipeline, so they test the rules
for trusting the model, not the model. The model tests load the trained model in `models/learned/`
with the real md model. All names are fictional; phone numbers come from Ofcom's drama ranges.
"""

from __future__ import annotations

import json

import pytest
import spacy

from pipeline.learned import (
    DEFAULT_LEARNED_DIR,
    ENSEMBLE_SIZES,
    ENTITY_LABELS,
    SOURCE_KINDS,
    LearnedModel,
    LearnedModelError,
    TaggedSpan,
    split_records,
    categories_doc,
    entities_doc,
    ordinary_words,
    outcome_doc,
    source_doc,
)
from pipeline.entities import Entity, entity_types_the_tagger_reads, organisations_the_tagger_backs
from pipeline.sanitise import LEARNED_PREFIX, EntitySpan, SourceRules, sanitise_source
from pipeline.triage import CATEGORIES, OUTCOMES, TriageRules, assess_triage
from pipeline.submissions import Submission


@pytest.fixture(scope="module")
def source_rules() -> SourceRules:
    return SourceRules.from_directory()


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def tagged(text: str, phrase: str, kind: str) -> TaggedSpan:
    start = text.index(phrase)
    return TaggedSpan(start, start + len(phrase), kind)


def learned_removals(result):
    return [r for r in result.removals if r.reason.startswith(LEARNED_PREFIX)]


# --- how sanitising trusts the model's spans -----------------------------------------------------

def test_a_short_phrase_no_rule_knows_is_removed_with_a_learned_reason(blank, source_rules):
    text = "Tia has bruises on both arms. Came up over the tuck shop rota that mum hits her."
    result = sanitise_source(blank(text), rules=source_rules, learned=[tagged(text, "over the tuck shop rota", "how_learnt")])
    assert "tuck shop" not in result.text
    assert "mum hits her" in result.text and "Tia has bruises on both arms." in result.text
    assert [r.reason for r in learned_removals(result)] == ["learned_how_learnt"]


def test_a_learned_span_holding_a_subject_entity_is_kept_and_flagged(blank, source_rules):
    text = "Seen outside Havant Park on Friday with an older male."
    park = EntitySpan(text.index("Havant Park"), text.index("Havant Park") + 11, "LOCATION")
    result = sanitise_source(blank(text), [park], rules=source_rules,
                             learned=[tagged(text, "Seen outside Havant Park", "how_learnt")])
    assert result.text == text
    assert [f.reason for f in result.flags] == ["learned_source_near_subject"]
    assert not learned_removals(result)


@pytest.mark.parametrize("text, phrase, kind", [
    # small words only
    ("Kayla was with him at the shop.", "with him at the", "how_learnt"),
    # inside quotes: the subject's own words
    ('Kayla said "my key worker knows about it" and left.', "my key worker", "role"),
    # a phrase too long to be a how-learnt phrase: the model has run on into the narrative
    ("Kayla was picked up from the end of her road by two men in a car that she did not know and "
     "taken to a flat in another town overnight.",
     "picked up from the end of her road by two men in a car that she did not know and taken", "how_learnt"),
    # a sign-off kind outside the closing block: narrative follows it
    ("Regards from the team at the front desk.\nKayla was seen at the station with two older men.\n"
     "She had a new phone and cash and said she was going to stay with a friend in Bristol for the week.",
     "Regards from the team at the front desk.", "signoff"),
    # not a source kind
    ("Kayla was seen at the shop.", "the shop", "first_person"),
])
def test_spans_the_stage_does_not_trust_are_left_alone(blank, source_rules, text, phrase, kind):
    result = sanitise_source(blank(text), rules=source_rules, learned=[tagged(text, phrase, kind)])
    assert not learned_removals(result)
    assert phrase in result.text


def test_a_signoff_in_the_closing_block_goes_whole_with_the_reporters_name(blank, source_rules):
    text = "Kayla was seen at the station with two older men on Friday.\n\nGrateful if someone calls back\nTamsin H / ext 4471"
    name = EntitySpan(text.index("Tamsin H"), text.index("Tamsin H") + 8, "PERSON")
    result = sanitise_source(blank(text), [name], rules=source_rules,
                             learned=[tagged(text, "Grateful if someone calls back", "signoff"),
                                      tagged(text, "Tamsin H / ext 4471", "signoff")])
    assert "Tamsin" not in result.text and "4471" not in result.text and "Grateful" not in result.text
    assert result.text.startswith("Kayla was seen at the station with two older men on Friday.")


def test_pronouns_are_left_to_the_first_person_rules(blank, source_rules):
    text = "Kayla was with him when we saw them at the shop."
    plain = sanitise_source(blank(text), rules=source_rules)
    result = sanitise_source(blank(text), rules=source_rules, learned=[tagged(text, "we", "how_learnt")])
    assert result == plain and not learned_removals(result)


def test_rule_edits_win_and_the_model_only_adds_what_they_left(blank, source_rules):
    text = "Kayla said during the cookery club that she is scared of him. I am the school nurse."
    plain = sanitise_source(blank(text), rules=source_rules)
    assert "school nurse" not in plain.text and "cookery club" in plain.text  # the rules know the role only
    result = sanitise_source(blank(text), rules=source_rules,
                             learned=[tagged(text, "during the cookery club", "how_learnt"),
                                      tagged(text, "I am the school nurse", "role")])
    assert "school nurse" not in result.text and "cookery club" not in result.text
    assert {r.reason for r in plain.removals} <= {r.reason for r in result.removals}
    (learned,) = learned_removals(result)
    assert learned.end <= text.index("I am")


# --- training data --------------------------------------------------------------------------------

def test_source_doc_takes_the_tagged_kinds_as_whole_token_entities(blank):
    text = "My patient told me at clinic that Jo is scared.\nRegards, Sam Patel, Practice Nurse"
    record = {"id": "t", "text": text, "source_spans": [
        {"start": 0, "end": 2, "kind": "first_person"},
        {"start": text.index("at clin"), "end": text.index("at clin") + 7, "kind": "how_learnt"},  # "at clin": widened
        {"start": text.index("Regards"), "end": len(text), "kind": "signoff"},
        {"start": text.index("Sam"), "end": text.index("Sam") + 9, "kind": "reporter_name"},  # inside the sign-off
    ]}
    doc = source_doc(blank, record)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("at clinic", "HOW_LEARNT"), ("Regards, Sam Patel, Practice Nurse", "SIGNOFF")]
    assert "first_person" not in SOURCE_KINDS


def test_the_step_picking_split_is_by_id_and_reproducible():
    records = [{"id": f"r{i}", "text": "x"} for i in range(40)]
    train_a, dev_a = split_records(records, 0.25, seed=3)
    train_b, dev_b = split_records(records, 0.25, seed=3)
    assert dev_a == dev_b and len(dev_a) == 10 and len(train_a) == 30
    assert not {r["id"] for r in train_a} & {r["id"] for r in dev_a}
    assert split_records(records, 0.25, seed=4)[1] != dev_a


# --- the trained model ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def model(nlp):
    return LearnedModel.load(nlp)


def test_loading_needs_a_trained_model_and_word_vectors(tmp_path, blank, nlp):
    with pytest.raises(LearnedModelError, match="no trained learned model"):
        LearnedModel.load(nlp, tmp_path)
    with pytest.raises(LearnedModelError, match="no word vectors"):
        LearnedModel.load(blank, DEFAULT_LEARNED_DIR)


# Not in any training record as written (two dev records tell of other minibus trips): a how-learnt
# clause and a sign-off in words of their own; the rules alone leave the clause.
NEW_WORDING = ("On the minibus back from the away game he told me his uncle makes him sell weed. "
               "Deacon Ryle (15) lives at 4 Elm Court, Gosport, and an older lad called Fitz collects him.\n\n"
               "Many thanks\nGwen Ashby, Sports Development Officer")


def test_the_trained_tagger_finds_source_phrases_in_new_wording(nlp, model):
    text = NEW_WORDING
    spans = model.read(nlp(text)).source_spans
    kinds = {s.kind for s in spans}
    assert kinds <= set(SOURCE_KINDS)
    assert any(s.kind == "signoff" and "Gwen Ashby" in text[s.start:s.end] for s in spans)
    assert any(s.kind == "how_learnt" and "minibus" in text[s.start:s.end] for s in spans)
    assert not any(w in text[s.start:s.end] for s in spans for w in ("sell weed", "Elm Court", "Fitz"))


def test_the_pipeline_removes_what_the_tagger_finds_and_can_switch_it_off(nlp):
    from pipeline.cpi import CpiPipeline, PipelineSettings

    text = NEW_WORDING
    with_model = CpiPipeline(nlp, triage=False).analyze(text)
    without = CpiPipeline(nlp, settings=PipelineSettings(learned_source=False), triage=False).analyze(text)
    assert "minibus" in without["sanitised_text"]
    assert "minibus" not in with_model["sanitised_text"]
    assert any(r["reason"].startswith(LEARNED_PREFIX) for r in with_model["source_removals"])
    for fact in ("Deacon Ryle", "Fitz", "Elm Court", "sell weed"):
        assert fact in with_model["sanitised_text"]
    json.dumps(with_model)  # the record stays serialisable


# === categories ===

@pytest.fixture(scope="module")
def triage_rules():
    return TriageRules.from_directory()


def scores(**named: float) -> dict[str, float]:
    return {name: named.get(name, 0.0) for name in CATEGORIES}


PLAIN = "Jayden (14) has been seen with a lot of cash lately. He says it is for helping out some older lads."
ORDINARY = "Jo has started a new job at the library and enjoys it. Her brother plays football on Saturdays."


# --- combining the classifier with the rules --------------------------------------------------------

def test_a_confident_classifier_adds_a_category_no_rule_fired_and_says_so(blank, triage_rules):
    doc = blank(PLAIN)
    assert "CCE" not in {c.name for c in assess_triage(doc, triage_rules).categories}
    second = list(doc.sents)[1]
    result = assess_triage(doc, triage_rules, learned=scores(CCE=0.83), learned_threshold=0.6,
                           learned_evidence=lambda names: {n: ((second.start_char, second.end_char),) for n in names})
    (hit,) = [c for c in result.categories if c.name == "CCE"]
    assert (hit.by, hit.score, hit.evidence) == ("learned", 0.83, ((second.start_char, second.end_char),))
    assert any(r.startswith("CCE suggested by the learned classifier (score 0.83)") for r in result.outcome_reasons)


@pytest.mark.parametrize("score", [0.0, 0.3, 0.59])
def test_a_score_under_the_threshold_adds_nothing(blank, triage_rules, score):
    result = assess_triage(blank(PLAIN), triage_rules, learned=scores(CCE=score), learned_threshold=0.6)
    assert result == assess_triage(blank(PLAIN), triage_rules)


@pytest.mark.parametrize("text, category", [
    ("No concerns about drugs at home. Jayden (14) is doing well at school.", "DRUGS"),
    ("If he were to go missing again mum would ring 999. Jayden (14) is at home.", "MISSING"),
])
def test_the_classifier_cannot_add_a_category_the_rules_set_aside(blank, triage_rules, text, category):
    plain = assess_triage(blank(text), triage_rules)
    assert category in {cue.category for cue in plain.suppressed}
    result = assess_triage(blank(text), triage_rules, learned=scores(**{category: 0.97}))
    assert category not in {c.name for c in result.categories}


def test_the_classifier_never_removes_what_the_rules_found(blank, triage_rules):
    text = "Kayla (15) was found with a kitchen knife in her bag at school today."
    plain = assess_triage(blank(text), triage_rules)
    assert "WEAPONS" in {c.name for c in plain.categories}
    result = assess_triage(blank(text), triage_rules, learned=scores())
    assert result.categories == plain.categories and all(c.by == "rules" for c in result.categories)


def test_a_learned_category_counts_towards_the_outcome(blank, triage_rules):
    # a named child plus a category (and nothing else) is SAFEGUARDING under the outcome rules
    text = "Jayden Moss (14) is often out late. He has new trainers and says older lads look after him."
    plain = assess_triage(blank(text), triage_rules)
    result = assess_triage(blank(text), triage_rules, learned=scores(CCE=0.9))
    assert {c.name for c in plain.categories} < {c.name for c in result.categories}
    assert result.outcome in ("SAFEGUARDING", plain.outcome)


WEAK = "Mia Cole (15) lives at the flat. There are people coming and going from the flat at all hours."


def test_a_confirming_classifier_reports_a_category_whose_cues_fell_short(blank, triage_rules):
    doc = blank(WEAK)
    plain = assess_triage(doc, triage_rules)
    assert "DRUGS" not in {c.name for c in plain.categories}
    result = assess_triage(doc, triage_rules, confirm=lambda: scores(DRUGS=0.7), confirm_threshold=0.4)
    (hit,) = [c for c in result.categories if c.name == "DRUGS"]
    # the rule cue is the evidence, the classifier's score is the score
    assert (hit.by, hit.score) == ("confirmed", 0.7)
    assert [WEAK[s:e] for s, e in hit.evidence] == ["people coming and going"]
    assert "DRUGS: phrase cues too weak on their own, confirmed by the learned classifier (score 0.70)" \
        in result.outcome_reasons
    assert result.outcome == "SAFEGUARDING" and plain.outcome == "NORMAL"  # a child, a category, visitors


@pytest.mark.parametrize("score, threshold", [(0.0, 0.4), (0.39, 0.4), (0.7, 0.8)])
def test_a_confirming_score_under_its_threshold_changes_nothing(blank, triage_rules, score, threshold):
    result = assess_triage(blank(WEAK), triage_rules, confirm=lambda: scores(DRUGS=score), confirm_threshold=threshold)
    assert result == assess_triage(blank(WEAK), triage_rules)


def never_called() -> dict[str, float]:
    raise AssertionError("the classifier ran although no category fell short")


@pytest.mark.parametrize("text", [
    ORDINARY,                                                             # no cue at all
    "Kayla (15) was found with a kitchen knife in her bag at school today.",  # cues that reach the threshold
    "No concerns about drugs at home. Jayden (14) is doing well at school.",  # cues set aside (negated)
])
def test_the_classifier_only_runs_when_a_category_fell_short(blank, triage_rules, text):
    result = assess_triage(blank(text), triage_rules, confirm=never_called)
    assert result == assess_triage(blank(text), triage_rules)


def test_the_confirm_threshold_is_checked(blank, triage_rules):
    with pytest.raises(ValueError, match="confirm_threshold"):
        assess_triage(blank(WEAK), triage_rules, confirm=lambda: scores(), confirm_threshold=-0.1)


def test_the_learned_threshold_is_checked(blank, triage_rules):
    with pytest.raises(ValueError, match="learned_threshold"):
        assess_triage(blank(PLAIN), triage_rules, learned=scores(), learned_threshold=1.5)


def outcome_scores(**named: float) -> dict[str, float]:
    return {name: named.get(name, 0.0) for name in OUTCOMES}


HIGH_BY_RULES = "Kayla (15) told a friend he will stab her brother tonight after school."


def test_a_confident_outcome_classifier_raises_the_outcome_and_says_what_the_rules_gave(blank, triage_rules):
    plain = assess_triage(blank(PLAIN), triage_rules)
    assert plain.outcome != "HIGH" and plain.outcome_by == "rules"
    result = assess_triage(blank(PLAIN), triage_rules, learned_outcome=outcome_scores(HIGH=0.8, NORMAL=0.2),
                           learned_high_needs_support=False)
    assert (result.outcome, result.outcome_by) == ("HIGH", "learned")
    assert result.outcome_reasons[0].startswith("HIGH suggested by the learned outcome classifier (score 0.80)")
    assert result.outcome_reasons[1] == f"The phrase rules alone give {plain.outcome}:"
    assert result.outcome_reasons[2:] == plain.outcome_reasons
    assert result.categories == plain.categories


@pytest.mark.parametrize("learned, doubt", [
    (dict(NORMAL=0.99), "The learned outcome classifier reads this as NORMAL (score 0.99), less urgent than HIGH"),
    (dict(HIGH=0.09, CRIME=0.91), "The learned outcome classifier reads this as CRIME (score 0.91), less urgent than HIGH"),
    (dict(HIGH=0.3, NORMAL=0.7), None),                  # the rules' outcome is not all but ruled out
    (dict(HIGH=0.05, CRIME=0.79, NORMAL=0.16), None),    # no less urgent outcome is all but sure
    (dict(HIGH=0.12, SAFEGUARDING=0.88), None),          # HIGH at 0.12 is not below 0.1
])
def test_the_outcome_classifier_never_lowers_the_rules_outcome_but_says_when_it_doubts_it(
        blank, triage_rules, learned, doubt):
    plain = assess_triage(blank(HIGH_BY_RULES), triage_rules)
    assert plain.outcome == "HIGH"
    result = assess_triage(blank(HIGH_BY_RULES), triage_rules, learned_outcome=outcome_scores(**learned))
    assert (result.outcome, result.outcome_by, result.categories) == (plain.outcome, "rules", plain.categories)
    assert result.outcome_reasons[:len(plain.outcome_reasons)] == plain.outcome_reasons
    extra = result.outcome_reasons[len(plain.outcome_reasons):]
    if doubt is None:
        assert extra == ()
    else:
        assert len(extra) == 1 and extra[0].startswith(doubt) and extra[0].endswith("check that the risk is current")


@pytest.mark.parametrize("learned, raises, expected", [
    (dict(HIGH=0.29, NORMAL=0.71), OUTCOMES, None),      # nothing more urgent reaches its threshold
    (dict(HIGH=0.2, CRIME=0.49, NORMAL=0.31), OUTCOMES, None),
    (dict(HIGH=0.25, CRIME=0.55), OUTCOMES, "CRIME"),    # the most urgent outcome that reaches it
    (dict(HIGH=0.3, CRIME=0.7), OUTCOMES, "HIGH"),       # HIGH has the lower bar (0.3)
    (dict(SAFEGUARDING=0.5, NORMAL=0.5), OUTCOMES, "SAFEGUARDING"),
    (dict(HIGH=0.25, CRIME=0.55), ("HIGH",), None),      # only the outcomes it may raise to
    (dict(HIGH=0.35, CRIME=0.65), ("HIGH",), "HIGH"),
])
def test_the_outcome_is_raised_to_the_most_urgent_allowed_outcome_reaching_its_threshold(
        blank, triage_rules, learned, raises, expected):
    plain = assess_triage(blank(ORDINARY), triage_rules)
    assert plain.outcome == "NORMAL"
    result = assess_triage(blank(ORDINARY), triage_rules, learned_outcome=outcome_scores(**learned),
                           learned_outcome_threshold=0.5, learned_outcome_high_threshold=0.3,
                           learned_outcome_raises=raises, learned_high_needs_support=False)
    assert result.outcome == (expected or plain.outcome)
    assert result.outcome_by == ("learned" if expected else "rules")


def test_the_default_raises_to_any_more_urgent_outcome_with_a_lower_bar_for_high(blank, triage_rules):
    def raised(**scores):
        return assess_triage(blank(ORDINARY + " He is going tonight."), triage_rules,
                             learned_outcome=outcome_scores(**scores)).outcome
    assert raised(HIGH=0.42, NORMAL=0.58) == "HIGH"
    assert raised(HIGH=0.38, NORMAL=0.62) == "NORMAL"
    assert raised(SAFEGUARDING=0.6, NORMAL=0.4) == "SAFEGUARDING"
    assert raised(CRIME=0.45, NORMAL=0.55) == "NORMAL"


@pytest.mark.parametrize("text, raised", [
    (ORDINARY, False),                                   # no category, no time word: shown, not acted on
    (ORDINARY + " He is going there tonight.", True),    # a time word
    ("Jayden (14) is selling cannabis for some older lads.", True),  # a risk category (DRUGS)
    ("The driver dropped two girls and a man at the hotel; he booked a pick up for 6am.", True),  # a clock time
    ("Room 14 was booked for 2 nights at £45.50 on 14/03.", False),  # a room, a price and a date are not times
])
def test_the_classifier_raises_to_high_only_with_a_category_or_a_time_word(blank, triage_rules, text, raised):
    result = assess_triage(blank(text), triage_rules, learned_outcome=outcome_scores(HIGH=0.9, NORMAL=0.1))
    assert (result.outcome == "HIGH") is raised
    held_back = [r for r in result.outcome_reasons if r.startswith("The learned outcome classifier scores HIGH 0.90, but no risk category")]
    assert bool(held_back) is not raised
    unsupported = assess_triage(blank(text), triage_rules, learned_outcome=outcome_scores(HIGH=0.9, NORMAL=0.1),
                                learned_high_needs_support=False)
    assert unsupported.outcome == "HIGH"


def test_the_learned_outcome_settings_are_checked(blank, triage_rules):
    with pytest.raises(ValueError, match="learned_outcome_threshold"):
        assess_triage(blank(PLAIN), triage_rules, learned_outcome=outcome_scores(), learned_outcome_threshold=-0.1)
    with pytest.raises(ValueError, match="learned_outcome_high_threshold"):
        assess_triage(blank(PLAIN), triage_rules, learned_outcome=outcome_scores(), learned_outcome_high_threshold=1.5)
    with pytest.raises(ValueError, match="learned_outcome_raises: unknown outcomes"):
        assess_triage(blank(PLAIN), triage_rules, learned_outcome=outcome_scores(), learned_outcome_raises=("URGENT",))


# --- training data ------------------------------------------------------------------------------

def test_categories_doc_sets_every_category(blank):
    doc = categories_doc(blank, {"id": "t", "text": PLAIN, "categories": ["CCE", "DRUGS"]})
    assert doc.cats == {name: float(name in ("CCE", "DRUGS")) for name in CATEGORIES}
    with pytest.raises(LearnedModelError, match="record t: unknown categories"):
        categories_doc(blank, {"id": "t", "text": PLAIN, "categories": ["GANGS"]})


def test_outcome_doc_marks_the_gold_outcome_only(blank):
    doc = outcome_doc(blank, {"id": "t", "text": PLAIN, "outcome": "CRIME"})
    assert doc.cats == {"HIGH": 0.0, "CRIME": 1.0, "SAFEGUARDING": 0.0, "NORMAL": 0.0}
    for bad in ("URGENT", None):
        with pytest.raises(LearnedModelError, match="record t: outcome"):
            outcome_doc(blank, {"id": "t", "text": PLAIN, "outcome": bad})


# --- the trained model -------------------------------------------------------------------------

def test_the_trained_outcome_classifier_gives_one_distribution_over_the_outcomes(nlp):
    model = LearnedModel.load(nlp, parts=("outcome",))
    assert model.source is None and model.categories is None
    assert len(model.outcome) == ENSEMBLE_SIZES["outcome"] > 1
    got = model.read(nlp(PLAIN)).outcome_scores
    members = [LearnedModel(outcome_nlp=m).read(nlp(PLAIN)).outcome_scores for m in model.outcome]
    assert got == pytest.approx({o: sum(m[o] for m in members) / len(members) for o in OUTCOMES})
    assert set(got) == set(OUTCOMES) and sum(got.values()) == pytest.approx(1.0, abs=1e-4)
    urgent = ("Mia (14) has not come home since last night and her phone is off. She said she was meeting "
              "a man she met online, who is 30, and he was picking her up in his car.")
    assert model.read(nlp(urgent)).outcome_scores["HIGH"] > model.read(nlp(PLAIN)).outcome_scores["HIGH"]


def test_the_trained_classifier_scores_every_category(nlp, model):
    got = model.read(nlp(PLAIN)).category_scores
    assert set(got) == set(CATEGORIES) and all(0.0 <= v <= 1.0 for v in got.values())


@pytest.mark.parametrize("text, category", [
    ("Liam (15) keeps turning up with new trainers and two phones. He told staff he has to go to "
     "Portsmouth at weekends to drop things off for some older boys or he will owe them.", "CCE"),
    ("Mum has told us her partner grabbed her by the throat last week and he checks her phone "
     "every night. She is scared to leave him.", "DOMESTIC_ABUSE"),
    ("The boy, 14, has been watching videos of a far-right group and saying the town needs to be "
     "cleansed. He has been sharing their posters in a group chat.", "RADICALISATION"),
])
def test_the_trained_classifier_ranks_the_described_category_first(nlp, model, text, category):
    # Ranking only: its scores are not calibrated (on ordinary text or on these), which is why the
    # classifier only confirms weak rule cues by default (README, "Rules and learned components").
    scores = model.read(nlp(text)).category_scores
    assert max(scores, key=scores.get) == category


def test_evidence_is_the_sentence_the_classifier_scores_highest(nlp, model):
    # Evidence is asked for a category the classifier adds, so one it scores at the add threshold
    # (0.6) or near it; on a short text a bag of words has too little to go on for either.
    text = ("The family moved to a new flat in March and mum has started a new job. Liam (15) keeps going "
            "missing to Portsmouth at weekends, comes back with cash and a second phone, and says he has to "
            "drop parcels off for older boys or he owes them. His sister is settled at school and doing well "
            "in Year 7.")
    doc = nlp(text)
    assert model.category_scores(doc)["CCE"] >= 0.5
    (span,) = model.evidence(doc, ["CCE"])["CCE"]
    assert "Portsmouth" in text[span[0]:span[1]]
    assert model.evidence(doc, []) == {}


def test_the_classifier_adds_nothing_when_switched_off_and_the_record_says_who_found_each_category(nlp):
    from pipeline.cpi import CpiPipeline, PipelineSettings

    off = CpiPipeline(nlp, settings=PipelineSettings(learned_categories=False, learned_category_confirm=False))
    assert off.learned is not None and off.learned.categories is None  # the source tagger and outcome only
    assert CpiPipeline(nlp, triage=False).learned.categories is None  # redact / sanitise: no triage
    text = ("Liam Doyle (15) keeps turning up with new trainers and two phones. The family moved to a new "
            "flat in March and mum is worried about him.")
    plain = off.analyze(text)
    assert all(c["by"] == "rules" for c in plain["categories"])
    on = CpiPipeline(nlp, settings=PipelineSettings(learned_categories=True, learned_category_threshold=0.0)).analyze(text)
    # threshold 0: every category no rule fired or set aside is added, each marked as learned
    learned = [c for c in on["categories"] if c["by"] == "learned"]
    assert learned and all(c["evidence"] for c in learned)
    assert {c["name"] for c in plain["categories"]} <= {c["name"] for c in on["categories"]}


@pytest.mark.parametrize("text", [
    "Jo has started a new job at the library.",
    "Info only.",
    "Dad has asked for a copy of the school report.",
    "Moved house last month, new school from September.",
    "He was seen in town on Saturday with his friends.",
])
def test_by_default_the_classifier_adds_no_category_to_a_short_neutral_text(nlp, text):
    # a bag of words scores every category about 0.45-0.58 on these: under the 0.7 bar
    from pipeline.cpi import CpiPipeline

    record = CpiPipeline(nlp).analyze(text)
    assert [c["name"] for c in record["categories"] if c["by"] == "learned"] == []


def test_the_trained_classifier_confirms_weak_cues_and_when_it_adds_none_runs_only_then(nlp):
    from pipeline.cpi import CpiPipeline, PipelineSettings

    cpi = CpiPipeline(nlp, settings=PipelineSettings(learned_categories=False))
    assert cpi.learned.categories is not None
    # people coming and going (a weak DRUGS cue) at a child's address: the classifier confirms it
    record = cpi.analyze(WEAK)
    (drugs,) = [c for c in record["categories"] if c["name"] == "DRUGS"]
    assert drugs["by"] == "confirmed" and drugs["score"] >= 0.2
    assert [WEAK[s:e] for s, e in drugs["evidence"]] == ["people coming and going"]
    assert record["outcome"] == "SAFEGUARDING"
    # a batch reads no category scores; a record with no weak cue never runs the classifier
    calls = []
    real = cpi.learned.category_scores
    cpi.learned.category_scores = lambda doc: calls.append(doc.text) or real(doc)
    records = list(cpi.pipe([Submission("a", ORDINARY), Submission("b", WEAK)]))
    assert calls == [WEAK] and [r["id"] for r in records] == ["a", "b"]
    assert all(c["by"] == "rules" for c in records[0]["categories"])


def test_a_record_the_learned_model_fails_on_fails_alone_and_the_batch_goes_on(nlp):
    from pipeline.cpi import CpiPipeline
    from pipeline.submissions import RecordError, Submission

    cpi = CpiPipeline(nlp, triage=False)
    real = cpi.learned.read_many

    def fragile(docs, *args, **kwargs):
        if any("boom" in d.text for d in docs):
            raise RuntimeError("model failure")
        return real(docs, *args, **kwargs)

    cpi.learned.read_many = fragile
    texts = ["Kayla was seen at Havant Park.", "boom goes the model.", "Jo was seen in Fareham."]
    out = list(cpi.pipe(Submission(f"r{i}", t) for i, t in enumerate(texts)))
    assert [type(o).__name__ for o in out] == ["dict", "RecordError", "dict"]
    assert isinstance(out[1], RecordError) and out[1].id == "r1" and "RuntimeError" in out[1].reason
    assert out[0]["id"] == "r0" and out[2]["id"] == "r2"


def test_training_writes_the_part_and_keeps_the_others(tmp_path):
    from pipeline.learned import train

    gold = tmp_path / "gold.jsonl"
    texts = ["Jo (14) carries parcels for older boys in Fareham.", "Kayla was seen with a knife at the park.",
             "Mum says her partner hit her last night.", "The family moved house in March."]
    cats = [["CCE"], ["WEAPONS"], ["DOMESTIC_ABUSE"], []]
    gold.write_text("".join(json.dumps({"id": f"r{i}", "text": texts[i % 4], "categories": cats[i % 4]}) + "\n"
                            for i in range(12)), encoding="utf-8")
    out = tmp_path / "learned"
    (out / "source").mkdir(parents=True)
    (out / "source" / "marker").write_text("kept", encoding="utf-8")
    train([gold], out, parts=("categories",), overrides={"training.max_epochs": 1, "training.eval_frequency": 5})
    assert (out / "source" / "marker").read_text(encoding="utf-8") == "kept"
    assert (out / "categories" / "config.cfg").is_file() and not (out / "categories" / "vocab").exists()
    assert not (tmp_path / "learned.tmp").exists()


def test_training_an_ensemble_part_writes_one_folder_per_member_and_drops_stale_ones(tmp_path):
    from pipeline.learned import member_dirs, train

    gold = tmp_path / "gold.jsonl"
    texts = ["Jo (14) will be stabbed tonight after school.", "Kayla was punched and robbed of her phone.",
             "Mum says her partner checks her phone.", "The family moved house in March."]
    outcomes = ["HIGH", "CRIME", "SAFEGUARDING", "NORMAL"]
    gold.write_text("".join(json.dumps({"id": f"r{i}", "text": texts[i % 4], "outcome": outcomes[i % 4]}) + "\n"
                            for i in range(12)), encoding="utf-8")
    out = tmp_path / "learned"
    (out / "outcome.7").mkdir(parents=True)  # a member of an earlier, larger ensemble
    train([gold], out, parts=("outcome",), seed=3, overrides={"training.max_epochs": 1, "training.eval_frequency": 5})
    names = [p.name for p in member_dirs(out, "outcome")]
    assert names == ["outcome"] + [f"outcome.{k}" for k in range(2, ENSEMBLE_SIZES["outcome"] + 1)]
    assert "seed = 3" in (out / "outcome" / "config.cfg").read_text(encoding="utf-8")
    assert "seed = 4" in (out / "outcome.2" / "config.cfg").read_text(encoding="utf-8")


def test_training_refuses_the_held_out_set_and_reports_a_missing_file(tmp_path, capsys):
    from pipeline.learned import main

    assert main(["train", "data/samples/heldout.jsonl", "--output", str(tmp_path / "x")]) == 2
    assert "held-out" in capsys.readouterr().err
    assert main(["train", str(tmp_path / "missing.jsonl"), "--output", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "missing.jsonl" in err and "cannot read gold file" in err
    assert not (tmp_path / "x").exists()


def test_a_learned_span_goes_whole_with_its_pronouns_and_leaves_no_placeholder(blank, source_rules):
    text = "Between sets while I belayed him at the climbing wall he said his uncle makes him sell weed."
    result = sanitise_source(blank(text), rules=source_rules,
                             learned=[tagged(text, "Between sets while I belayed him at the climbing wall", "how_learnt")])
    assert result.text == "He said his uncle makes him sell weed."
    assert "learned_how_learnt" in {r.reason for r in result.removals}
    assert not any("third party" in r.replacement for r in result.removals)


# === entities ===

def test_entities_doc_takes_people_organisations_and_places_as_whole_token_entities(blank):
    text = "Kez (15) goes to Bitterne Park School and hangs about on Elm Road with 'Tank' from 07700 900123."
    spans = [("Kez", "PERSON"), ("Bitterne Park School", "ORGANIZATION"), ("Elm Ro", "LOCATION"),  # widened
             ("Tank", "PERSON"), ("07700 900123", "PHONE_NUMBER")]
    record = {"id": "t", "text": text, "spans": [
        {"start": text.index(p), "end": text.index(p) + len(p), "label": label} for p, label in spans]}
    doc = entities_doc(blank, record)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Kez", "PERSON"), ("Bitterne Park School", "ORGANIZATION"), ("Elm Road", "LOCATION"), ("Tank", "PERSON")]
    assert set(ENTITY_LABELS) == {"PERSON", "ORGANIZATION", "LOCATION"}


@pytest.fixture(scope="module")
def entity_finder(nlp):
    from pipeline.entities import EntityFinder

    return EntityFinder(nlp)


GAP_TEXT = ("Kai Doyle (14) was dropped at the gates by an older lad, Biscuit, in a Ford. Later Biscuit "
            "gave him a new phone. Kai says the bin store smells of weed.")


def people(entities) -> list[str]:
    return [e.text for e in entities if e.type == "PERSON"]


def test_a_learned_name_fills_a_gap_the_rules_left_and_spreads_to_its_other_mentions(nlp, entity_finder):
    doc = nlp(GAP_TEXT)
    assert "Biscuit" not in people(entity_finder.find(doc))
    start = GAP_TEXT.index("Biscuit")
    found = entity_finder.find(doc, learned_people=[(start, start + 7)])
    assert [e.start for e in found if e.text == "Biscuit"] == [start, GAP_TEXT.index("Biscuit", start + 1)]


@pytest.mark.parametrize("phrase, why", [
    ("Doyle (14)", "overlaps the rules' name"),
    ("Ford", "a vehicle make"),
    ("bin", "a lower-case word that is not a given name"),
])
def test_a_learned_name_never_displaces_a_rule_entity_or_passes_as_an_ordinary_word(nlp, entity_finder, phrase, why):
    doc = nlp(GAP_TEXT)
    start = GAP_TEXT.index(phrase)
    rules = entity_finder.find(doc)
    found = entity_finder.find(doc, learned_people=[(start, start + len(phrase))])
    assert [(e.type, e.start, e.end) for e in found] == [(e.type, e.start, e.end) for e in rules], why


ORG_TEXT = "Kacey was with Budgie and the lads who work at Vickers Cars in Eastleigh."


def test_a_one_word_organisation_the_tagger_reads_as_a_person_is_a_person(nlp, entity_finder):
    doc = nlp(ORG_TEXT)
    assert {e.text: e.type for e in entity_finder.find(doc)}["Budgie"] == "ORGANIZATION"  # the md model's reading
    budgie, cars = ORG_TEXT.index("Budgie"), ORG_TEXT.index("Vickers Cars")
    found = {e.text: e.type for e in entity_finder.find(doc, learned_people=[(budgie, budgie + 6), (cars, cars + 12)])}
    assert found["Budgie"] == "PERSON"
    assert found["Vickers Cars"] == "ORGANIZATION"  # longer spans keep their type
    assert found["Kacey"] == "PERSON" and found["Eastleigh"] == "LOCATION"


def test_a_one_word_organisation_needs_the_tagger_span_exactly(nlp, entity_finder):
    doc = nlp(ORG_TEXT)
    budgie = ORG_TEXT.index("Budgie")
    found = {e.text: e.type for e in entity_finder.find(doc, learned_people=[(budgie, budgie + 10)])}
    assert found["Budgie"] == "ORGANIZATION"  # "Budgie and" is not the same span


def _org(start, end, recognizer):
    return Entity("ORGANIZATION", start, end, "x" * (end - start), 0.85, recognizer=recognizer)


@pytest.mark.parametrize("entity, tagged, kept", [
    (_org(10, 14, "SpacyRecognizer"), [], False),                   # the md model alone: "MUGA", "SBAR"
    (_org(10, 14, "SpacyRecognizer"), [(0, 9), (14, 20)], False),   # spans that only touch it
    (_org(10, 14, "SpacyRecognizer"), [(12, 20)], True),            # an overlapping span of any type
    (_org(10, 14, "SpacyRecognizer"), [(10, 14)], True),
    (_org(10, 22, "OrganisationRecognizer"), [], True),             # a business suffix: ours
    (_org(10, 22, "SignOffRecognizer"), [], True),                  # a sign-off: ours
    (Entity("PERSON", 10, 14, "Dean", 0.85, recognizer="SpacyRecognizer"), [], True),  # organisations only
    (Entity("LOCATION", 10, 14, "Hove", 0.85, recognizer="SpacyRecognizer"), [], True),
])
def test_an_organisation_only_the_md_model_found_needs_the_tagger_over_it(entity, tagged, kept):
    assert organisations_the_tagger_backs([entity], tagged) == ([entity] if kept else [])


def test_the_pipeline_drops_the_md_models_organisations_the_tagger_does_not_back(nlp):
    from pipeline.cpi import CpiPipeline, PipelineSettings

    text = "Discussed at the SBAR handover, then Jordan told the MLRO at Lloyds."
    tagger = spacy.blank("en", vocab=nlp.vocab)
    tagger.add_pipe("entity_ruler", name="ner").add_patterns([{"label": "ORGANIZATION", "pattern": "Lloyds"}])

    def organisations(settings, learned):
        pipeline = CpiPipeline(nlp, settings=settings, triage=False)
        pipeline.learned = learned
        return [e["text"] for e in pipeline.analyze(text)["entities"] if e["type"] == "ORGANIZATION"]

    off = PipelineSettings(learned_model="off")
    assert organisations(off, None) == ["SBAR", "MLRO", "Lloyds"]  # the md model's three
    assert organisations(off, LearnedModel(entities_nlp=tagger)) == ["Lloyds"]
    # without the entity tagger (switched off, or a learned model without it) all three stay
    assert organisations(PipelineSettings(learned_model="off", learned_entities=False),
                         LearnedModel(entities_nlp=tagger)) == ["SBAR", "MLRO", "Lloyds"]
    assert organisations(off, LearnedModel()) == ["SBAR", "MLRO", "Lloyds"]


def _ent(kind, text, recognizer="SpacyRecognizer"):
    return Entity(kind, 10, 10 + len(text), text, 0.85, recognizer=recognizer)


@pytest.mark.parametrize("entity, tagged, kind", [
    (_ent("PERSON", "Carlisle"), [(10, 18, "LOCATION")], "LOCATION"),          # a town the md model calls a person
    (_ent("LOCATION", "Bronze Bay"), [(10, 20, "ORGANIZATION")], "ORGANIZATION"),
    (_ent("ORGANIZATION", "Hursley"), [(10, 17, "LOCATION")], "LOCATION"),
    (_ent("LOCATION", "Jordan"), [(10, 16, "PERSON")], "PERSON"),
    (_ent("PERSON", "Lincoln Ashby"), [(10, 23, "LOCATION")], "PERSON"),       # a full name stays a name
    (_ent("PERSON", "Carlisle"), [(10, 17, "LOCATION")], "PERSON"),            # not the very same characters
    (_ent("PERSON", "Carlisle"), [(8, 18, "LOCATION")], "PERSON"),
    (_ent("PERSON", "Carlisle"), [(10, 18, "PERSON")], "PERSON"),              # they agree
    (_ent("PERSON", "Carlisle"), [], "PERSON"),                                # the tagger found nothing
    (_ent("LOCATION", "Elm Road", "StreetRecognizer"), [(10, 18, "ORGANIZATION")], "LOCATION"),  # ours: kept
    (_ent("DATE_TIME", "Summer"), [(10, 16, "PERSON")], "DATE_TIME"),         # names, places, bodies only
])
def test_the_tagger_types_a_name_place_or_organisation_only_the_md_model_found(entity, tagged, kind):
    [typed] = entity_types_the_tagger_reads([entity], tagged)
    assert typed.type == kind and (typed.start, typed.end, typed.text) == (entity.start, entity.end, entity.text)


def test_the_pipeline_takes_the_taggers_type_for_the_md_models_span(nlp):
    from pipeline.cpi import CpiPipeline, PipelineSettings

    text = "He moved to Carlisle last year and works for Kingfisher Paving."
    found = {e.text: e.type for e in CpiPipeline(nlp, settings=PipelineSettings(learned_model="off"),
                                                  triage=False).entity_finder.find(nlp(text))}
    tagger = spacy.blank("en", vocab=nlp.vocab)
    tagger.add_pipe("entity_ruler", name="ner").add_patterns([{"label": "LOCATION", "pattern": "Carlisle"}])

    def typed(settings, learned):
        pipeline = CpiPipeline(nlp, settings=settings, triage=False)
        pipeline.learned = learned
        return {e["text"]: e["type"] for e in pipeline.analyze(text)["entities"]}

    off = PipelineSettings(learned_model="off")
    md_type = found["Carlisle"]
    assert md_type != "LOCATION"  # the md model mistypes the town (an ORGANIZATION)
    assert typed(off, LearnedModel(entities_nlp=tagger))["Carlisle"] == "LOCATION"
    # without the entity tagger, or with only this step off, the md model's type stays
    assert typed(PipelineSettings(learned_model="off", learned_entities=False),
                 LearnedModel(entities_nlp=tagger))["Carlisle"] == md_type
    assert typed(PipelineSettings(learned_model="off", learned_entity_types=False),
                 LearnedModel(entities_nlp=tagger))["Carlisle"] == md_type


def test_ordinary_words_are_the_lower_case_words_written_twice_outside_names():
    records = [{"text": "The man ran. A man and his dog. jay said the dog bit jay.",
                "spans": [{"start": 32, "end": 35, "label": "PERSON"}, {"start": 53, "end": 56, "label": "PERSON"}]},
               {"text": "Man United fans. ran", "spans": []}]
    assert ordinary_words(records) == ["dog", "man", "ran"]  # "jay" only inside names; "the", "a" once
    assert ordinary_words(records, min_count=3) == []


def test_a_tagged_person_made_only_of_ordinary_words_is_dropped(blank):
    tagger = spacy.blank("en", vocab=blank.vocab)
    ruler = tagger.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns([{"label": "PERSON", "pattern": w} for w in ("Man", "Bathroom", "Kenzo", "Big J")])
    model = LearnedModel(entities_nlp=tagger, ordinary_words=["man", "bathroom", "big"])
    text = "Man in his 30s waits for Kenzo and Big J at 4pm.\nBathroom: foil."
    spans = model.read_many([blank(text)], categories=False)[0].entity_spans
    assert [text[s.start:s.end] for s in spans] == ["Kenzo", "Big J"]
    assert {s.kind for s in spans} == {"PERSON"}


def test_loading_the_entity_tagger_needs_its_ordinary_words(tmp_path, nlp):
    import shutil

    shutil.copytree(DEFAULT_LEARNED_DIR / "entities", tmp_path / "entities")
    (tmp_path / "entities" / "ordinary_words.txt").unlink()
    with pytest.raises(LearnedModelError, match="ordinary_words.txt"):
        LearnedModel.load(nlp, tmp_path, parts=("entities",))


@pytest.mark.parametrize("text, added", [
    ("He hangs about by the garages with Dobbo and Smudge most nights.", ["Dobbo", "Smudge"]),  # gaps the rules left
    ("Mum thinks the older boy, Gizmo, is the one giving him cash.", ["Gizmo"]),  # the md model's organisation
])
def test_the_trained_entity_tagger_adds_names_the_rules_miss_and_can_be_switched_off(nlp, text, added):
    from pipeline.cpi import CpiPipeline, PipelineSettings

    def people(settings):
        record = CpiPipeline(nlp, settings=settings, triage=False).analyze(text)
        return [e["text"] for e in record["entities"] if e["type"] == "PERSON"]

    with_tagger, without = people(PipelineSettings()), people(PipelineSettings(learned_entities=False))
    assert [p for p in with_tagger if p not in without] == added
    assert set(without) <= set(with_tagger)


def test_the_trained_entity_tagger_takes_no_capitalised_ordinary_word_for_a_name(nlp):
    from pipeline.cpi import CpiPipeline

    text = "Info only. Man in his 30s with a dog waits by the gates most mornings; Dog is booked in for its jabs."
    record = CpiPipeline(nlp, triage=False).analyze(text)
    assert not [e for e in record["entities"] if e["type"] == "PERSON"]


def test_the_organisation_backing_step_has_its_own_switch(nlp):
    """An ORGANIZATION only the md model found goes where the tagger finds nothing there, unless
    `learned_organisation_backing` is off (the other entity steps stay on)."""
    from pipeline.cpi import CpiPipeline, PipelineSettings

    text = "Staff at Barclays said he paid in cash."
    tagger = spacy.blank("en", vocab=nlp.vocab)
    tagger.add_pipe("entity_ruler", name="ner").add_patterns([{"label": "PERSON", "pattern": "Nobody"}])

    def organisations(settings):
        pipeline = CpiPipeline(nlp, settings=settings, triage=False)
        pipeline.learned = LearnedModel(entities_nlp=tagger)
        return [e["text"] for e in pipeline.analyze(text)["entities"] if e["type"] == "ORGANIZATION"]

    assert organisations(PipelineSettings(learned_model="off", learned_entities=False)) == ["Barclays"]
    assert organisations(PipelineSettings(learned_model="off")) == []  # not backed: dropped
    assert organisations(PipelineSettings(learned_model="off", learned_organisation_backing=False)) == ["Barclays"]
