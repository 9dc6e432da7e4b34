"""The source-protection metrics of `cpi evaluate`: leaks, flags and facts kept."""

from pipeline.evaluate import source_metrics

TEXT = "Kayla was seen at Havant Park. I am worried.\nJo Reed, Havant Youth Service"
#       0         1         2         3         4          5         6         7
SIGNOFF = (TEXT.index("Jo Reed"), len(TEXT))
FIRST = (TEXT.index("I am"), TEXT.index("I am") + 1)


def _gold(*spans, keep=()):
    return {"id": "t", "text": TEXT,
            "source_spans": [{"start": s, "end": e, "kind": k} for s, e, k in spans],
            "keep_spans": [{"start": s, "end": e, "label": "LOCATION"} for s, e in keep]}


def _rec(sanitised, removals=(), flags=()):
    return {"sanitised_text": sanitised,
            "source_removals": [{"start": s, "end": e, "replacement": r} for s, e, r in removals],
            "handler_flags": [{"start": s, "end": e, "reason": "x"} for s, e in flags]}


def test_a_covered_span_is_not_a_leak_and_an_uncovered_one_is():
    gold = _gold((*FIRST, "first_person"), (*SIGNOFF, "signoff"))
    rec = _rec("Kayla was seen at Havant Park. There are concerns.",
               removals=[(FIRST[0], FIRST[0] + 4, "There are concerns"), (SIGNOFF[0] - 1, SIGNOFF[1], "")])
    m = source_metrics([gold], [rec])
    assert (m["source_spans"], m["leaked"], m["flagged"], m["rewrites"]) == (2, 0, 0, 1)
    m = source_metrics([gold], [_rec(TEXT)])
    assert m["leaked"] == 2 and m["leaks_by_kind"] == {"first_person": 1, "signoff": 1}


def test_a_signoff_leaks_when_its_own_words_survive_elsewhere():
    gold = _gold((*SIGNOFF, "signoff"))
    rec = _rec("Kayla was seen at Havant Park with Reed.", removals=[(SIGNOFF[0] - 1, SIGNOFF[1], "")])
    assert source_metrics([gold], [rec])["leaked"] == 1


def test_a_signoff_word_the_subject_text_also_uses_is_not_a_leak():
    # "Havant" is in the sign-off and in the subject's "Havant Park": it must survive
    gold = _gold((*SIGNOFF, "signoff"), keep=[(TEXT.index("Havant Park"), TEXT.index("Havant Park") + 11)])
    rec = _rec("Kayla was seen at Havant Park.", removals=[(SIGNOFF[0] - 1, SIGNOFF[1], "")])
    m = source_metrics([gold], [rec])
    assert m["leaked"] == 0 and m["kept_ratio"] == 1.0


def test_a_kept_span_under_a_handler_flag_counts_as_flagged():
    gold = _gold((*FIRST, "first_person"))
    m = source_metrics([gold], [_rec(TEXT, flags=[(FIRST[0], FIRST[1] + 5)])])
    assert (m["leaked"], m["flagged"]) == (0, 1)


def test_facts_lost_are_keep_spans_missing_from_the_sanitised_text():
    gold = _gold(keep=[(TEXT.index("Havant Park"), TEXT.index("Havant Park") + 11)])
    m = source_metrics([gold], [_rec("Kayla was seen.")])
    assert (m["keep_facts"], m["facts_lost"], m["kept_ratio"]) == (1, 1, 0.0)


def test_cuts_outside_gold_source_spans_are_counted_by_who_made_them():
    park = (TEXT.index("at Havant Park"), TEXT.index("at Havant Park") + 14)
    gold = _gold((*SIGNOFF, "signoff"))
    rec = _rec("Kayla was seen. I am worried.", removals=[(*park, "")])
    rec["source_removals"][0]["reason"] = "learned_how_learnt"
    rec["source_removals"].append({"start": SIGNOFF[0], "end": SIGNOFF[1], "replacement": "", "reason": "signoff"})
    m = source_metrics([gold], [rec])
    assert m["removed_chars"] == {"rules": len("JoReed,HavantYouthService"), "learned": len("atHavantPark")}
    assert m["removed_outside_source"] == {"rules": 0, "learned": len("atHavantPark")}


def test_a_rewrite_is_not_counted_as_a_cut():
    rec = _rec("Kayla was seen at Havant Park. There are concerns.",
               removals=[(FIRST[0], FIRST[0] + 4, "There are concerns")])
    m = source_metrics([_gold()], [rec])
    assert m["removed_chars"] == {"rules": 0, "learned": 0}
