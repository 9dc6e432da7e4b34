"""The regex pre-check: literal words a match cannot do without, read off the syntax tree."""

import re

import pytest

from pipeline.prefilter import Prefilter, required_words
from pipeline.sanitise import SourceRules
from pipeline.patterns_io import PATTERNS_DIR


def _needs(pattern: str, flags: int = re.I) -> list[set[str]]:
    return [set(c) for c in required_words(re.compile(pattern, flags))]


# fmt: off
NEEDS = [
    # pattern                                        the clauses (AND of OR-sets)
    (r"I\s+overheard\s+that",                        [{"overheard"}, {"that"}]),
    (r"(?:concerned|worried)\s+about",               [{"concerned", "worried"}, {"about"}]),
    (r"\b(?:I|we)\s+saw",                            [{"saw"}]),               # "I" is too short to help
    # re's parser factors the shared "p" out of (patient|pupil): the needs are what follows it
    (r"(?:my|our)\s+(?:patient|pupil)s?",            [{"atient", "upil"}]),
    (r"informed(?:\s+by\s+staff)?\s+of",             [{"informed"}]),          # an optional group needs nothing
    (r"(?:told|heard)(?=\s+that)",                   [{"told", "heard"}, {"that"}]),  # look-ahead text is needed
    (r"(?:told|heard)(?!\s+that)",                   [{"told", "heard"}]),     # a negative one is not
    (r"(?:saw|x)\s+him",                             [{"him"}]),               # one bare branch: no need from it
    (r"(?:visit){2,}",                               [{"visit"}]),
    (r"[A-Z][a-z]+\s+\d+",                           []),
    (r"(?-i:Mr)\s+Doyle",                            [{"doyle"}]),
]
# fmt: on


@pytest.mark.parametrize("pattern,expected", NEEDS)
def test_required_words(pattern, expected):
    got = _needs(pattern)
    assert sorted(map(sorted, got)) == sorted(map(sorted, expected))


def test_at_most_three_clauses_most_selective_first():
    clauses = required_words(re.compile(r"alpha\s+beta\s+gamma\s+delta\s+epsilonic"))
    assert len(clauses) == 3
    assert clauses[0] == {"epsilonic"}


@pytest.mark.parametrize("text,could", [
    ("We are WORRIED about him", True),
    ("We are worried for him", False),
    ("Nothing here", False),
])
def test_prefilter_checks_case_folded_text(text, could):
    pf = Prefilter.for_pattern(re.compile(r"(?:concerned|worried)\s+about", re.I))
    assert pf.could_match(text.casefold()) is could


def test_prefilter_never_rejects_a_text_the_rule_matches():
    """Every source rule: on sentences it matches, the pre-check must say it could match."""
    rules = SourceRules.from_directory(PATTERNS_DIR / "source")
    texts = [
        "I am the DSL at Oakfield Academy and I am concerned that Kayla is being exploited.",
        "During a home visit I noticed several young males coming and going.",
        "This information has been obtained by a school nurse during a drop-in session.",
        "My patient told me that he owes money to older boys. We have concerns about him.",
        "I overheard in the staff room that Tom was seen getting into a car. I would like to raise concerns.",
        "Kind regards, Sarah (DSL). Please contact me on 01632 960123 if you need more information.",
        "I was made aware of this by a colleague. I have been told he carries a knife.",
    ]
    checked = 0
    for section in rules.rules.values():
        for rule in section:
            for text in texts:
                if rule.regex.search(text):
                    checked += 1
                    assert rule.prefilter.could_match(text.casefold()), rule.id
    assert checked >= 10  # the texts do exercise the rules


def test_verbose_patterns_get_no_prefilter():
    assert required_words(re.compile(r"overheard  # a comment", re.X)) == ()
