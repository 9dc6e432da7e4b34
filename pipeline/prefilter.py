"""Cheap pre-checks for large regular expressions: the literal words a match cannot do without.

A source-protection rule is a long regex (macros expand to alternations of roles, verbs and
pronouns), and trying it at every position of every sentence is the slowest part of the pipeline.
Most rules cannot match most sentences because a word they need is absent. :func:`required_words`
reads a compiled pattern's syntax tree and returns that need as an AND of OR-sets of case-folded
strings; :class:`Prefilter` tests it on case-folded text with plain substring checks, so a regex only runs where a
match is possible. The check is conservative: a text that passes may still not match, but a text
that fails can never match, so results are the same with or without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

try:  # Python >= 3.11
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

MIN_LITERAL = 3  # shorter runs ("I", "we") are everywhere and rule nothing out
MAX_CLAUSES = 3  # the most selective needs are enough; each costs a few substring tests

Clause = frozenset  # of case-folded strings, one of which must occur


def _sequence(items: Iterable) -> list[Clause]:
    """The needs of a sequence of regex items: its literal runs and its children's needs."""
    clauses: list[Clause] = []
    run: list[str] = []

    def flush() -> None:
        text = "".join(run).casefold()
        if len(text.strip()) >= MIN_LITERAL:
            clauses.append(Clause({text}))
        run.clear()

    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        flush()
        if op is _c.SUBPATTERN:
            clauses.extend(_sequence(arg[-1]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = arg
            if low >= 1:
                clauses.extend(_sequence(sub))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            clauses.extend(_sequence(arg))
        elif op is _c.ASSERT:  # a positive look-ahead/behind: its text is in the string too
            clauses.extend(_sequence(arg[1]))
        elif op is _c.BRANCH:
            clause = _branch(arg[1])
            if clause:
                clauses.append(clause)
        # anything else (classes, ANY, anchors, negative assertions, backreferences) needs nothing
    flush()
    return clauses


def _selectivity(clause: Clause) -> int:
    """Longer shortest-alternative first: a long word is rarer than a short one."""
    return min(len(s) for s in clause)


def _branch(alternatives: Iterable) -> Clause | None:
    """(a|b|c) needs one of: the best need of each alternative; nothing if any needs nothing."""
    options: set[str] = set()
    for alternative in alternatives:
        clauses = _sequence(alternative)
        if not clauses:
            return None
        options |= max(clauses, key=_selectivity)
    return Clause(options) if options else None


def required_words(pattern: re.Pattern | str, flags: int = 0) -> tuple[Clause, ...]:
    """The needs of ``pattern``: every match contains, for each clause, one of its strings
    (compared case-folded, as `str.casefold` gives). At most :data:`MAX_CLAUSES`, the most selective first."""
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    if flags & re.VERBOSE:
        return ()  # rare here; comments and free spacing are not worth parsing twice
    tree = _p.parse(pattern, flags & ~re.UNICODE)
    clauses = sorted(set(_sequence(tree)), key=lambda c: (-_selectivity(c), sorted(c)))
    return tuple(clauses[:MAX_CLAUSES])


@dataclass(frozen=True)
class Prefilter:
    """``could_match(text.casefold())`` is False only when the pattern cannot match ``text``."""

    clauses: tuple[Clause, ...]

    def __post_init__(self) -> None:
        # One literal alternation per clause: a single C-level scan instead of a loop of `in` tests.
        probes = tuple(re.compile("|".join(re.escape(s) for s in sorted(c, key=len, reverse=True)))
                       for c in self.clauses)
        object.__setattr__(self, "_probes", probes)

    @classmethod
    def for_pattern(cls, pattern: re.Pattern) -> "Prefilter":
        return cls(required_words(pattern))

    def could_match(self, folded_text: str) -> bool:
        for probe in self._probes:  # type: ignore[attr-defined]
            if probe.search(folded_text) is None:
                return False
        return True
