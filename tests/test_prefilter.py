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


def test_verbose_patterns_are_read_like_re_reads_them():
    assert required_words(re.compile(r"over heard  # a comment", re.X)) == ({"overheard"},)


def _units(text: str) -> tuple[list[int], list[int]]:
    """Sentences as [start, end) slices: split after ". "."""
    starts, ends, pos = [], [], 0
    for part in text.split(". "):
        starts.append(pos)
        ends.append(pos + len(part))
        pos += len(part) + 2
    return starts, ends


@pytest.mark.parametrize("text,expected", [
    ("He is fine. I am worried about him. Worried about her too", [1, 2]),
    ("He is fine. I am worried. About him", None),           # the words must share a sentence
    ("Nothing. Here", None),
    ("worried about a. worried about b", [0, 1]),
])
def test_possible_units_find_the_sentences_that_hold_every_clause(text, expected):
    pf = Prefilter.for_pattern(re.compile(r"(?:concerned|worried)\s+about", re.I))
    starts, ends = _units(text)
    assert pf.possible_units(text.casefold(), starts, ends) == expected


def test_possible_units_keep_a_unit_a_match_runs_into():
    # The scan is non-overlapping: in "xaaaaa" it finds "aaa" at 1-4, across the edge of the
    # units "xaa" and "aaa", and never reports the "aaa" wholly inside the second unit. Marking
    # every unit a match touches keeps that unit.
    pf = Prefilter.for_pattern(re.compile(r"aaa"))
    assert pf.possible_units("xaaaaa", [0, 3], [3, 6]) == [0, 1]


def test_possible_units_without_clauses_is_every_unit():
    pf = Prefilter.for_pattern(re.compile(r"[A-Z][a-z]+\s+\d+"))
    assert pf.possible_units("a. b. c", [0, 3, 6], [1, 4, 7]) == [0, 1, 2]


# --- facts cache and lazy patterns ----------------------------------------------------------------

from pipeline.prefilter import FactsCache, LazyPattern, pattern_facts  # noqa: E402


def test_pattern_facts_give_group_names_and_needs():
    facts = pattern_facts(r"(?P<who>my\s+patient)\s+(?:told|said)", re.I)
    assert facts.groups == {"who"}
    assert {"patient"} in [set(c) for c in facts.needs]


def test_pattern_facts_reject_an_invalid_pattern():
    with pytest.raises(re.error):
        pattern_facts(r"(?:unclosed", re.I)


def test_facts_cache_round_trip_and_reuse(tmp_path):
    path = tmp_path / "c" / "facts.json"
    cache = FactsCache(path)
    first = cache.facts(r"(?P<x>worried)\s+about", re.I)
    cache.save()
    assert path.is_file() and not list(path.parent.glob(".facts.*"))  # no temp file left
    again = FactsCache(path)
    assert again._facts and again.facts(r"(?P<x>worried)\s+about", re.I) == first
    assert not again._dirty  # served from disk, nothing parsed
    assert again.facts(r"worried\s+about", re.I) != first  # another pattern is parsed afresh


def test_facts_cache_ignores_a_corrupt_or_unwritable_file(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text("{not json", encoding="utf-8")
    cache = FactsCache(path)
    assert cache.facts(r"concerned\s+about", re.I).needs  # parsed, no error
    blocked = FactsCache(tmp_path / "file-not-dir" / "facts.json")
    (tmp_path / "file-not-dir").write_text("x", encoding="utf-8")
    blocked.facts(r"abc", 0)
    blocked.save()  # cannot write: ignored


def test_facts_cache_location_follows_the_environment(monkeypatch, tmp_path):
    from pipeline.prefilter import default_cache_dir
    monkeypatch.setenv("CPI_CACHE_DIR", str(tmp_path / "x"))
    assert default_cache_dir() == tmp_path / "x"
    monkeypatch.delenv("CPI_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "cpi-pipeline"


def test_lazy_pattern_compiles_on_first_use():
    lazy = LazyPattern(r"(?P<w>seen)\s+him", re.I)
    assert lazy._compiled is None
    assert [m.group("w") for m in lazy.finditer("SEEN him, seen HIM")] == ["SEEN", "seen"]
    assert lazy._compiled is not None and lazy.groupindex == {"w": 1}
    assert lazy.search("not here") is None
