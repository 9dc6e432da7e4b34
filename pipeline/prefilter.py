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

import hashlib
import json
import os
import re
import sys
import tempfile
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

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


def _needs_of_tree(tree) -> tuple[Clause, ...]:
    clauses = sorted(set(_sequence(tree)), key=lambda c: (-_selectivity(c), sorted(c)))
    return tuple(clauses[:MAX_CLAUSES])


def required_words(pattern: re.Pattern | str, flags: int = 0) -> tuple[Clause, ...]:
    """The needs of ``pattern``: every match contains, for each clause, one of its strings
    (compared case-folded, as `str.casefold` gives). At most :data:`MAX_CLAUSES`, the most selective first."""
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    return _needs_of_tree(_p.parse(pattern, flags & ~re.UNICODE))


@dataclass(frozen=True)
class PatternFacts:
    """What loading needs to know about a pattern without compiling it: its group names (to check
    replacement templates) and its required words (the pre-check)."""

    groups: frozenset[str]
    needs: tuple[Clause, ...]


def pattern_facts(pattern: str, flags: int) -> PatternFacts:
    """Parse ``pattern`` (raises ``re.error`` when it is invalid) and read its facts."""
    tree = _p.parse(pattern, flags & ~re.UNICODE)
    return PatternFacts(frozenset(tree.state.groupdict), _needs_of_tree(tree))


def default_cache_dir() -> Path:
    """``$CPI_CACHE_DIR``, else ``$XDG_CACHE_HOME/cpi-pipeline``, else ``~/.cache/cpi-pipeline``."""
    if os.environ.get("CPI_CACHE_DIR"):
        return Path(os.environ["CPI_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cpi-pipeline"


class FactsCache:
    """Pattern facts kept on disk between runs, keyed by a hash of the pattern text, its flags
    and the Python version, so a changed pattern is simply parsed again. Parsing the expanded
    source-protection patterns is most of a cold start; with the facts cached, a one-paragraph
    `cpi redact` compiles only the rules its text could match. The cache holds pattern facts
    only, never submission text. A cache that cannot be read or written is ignored."""

    VERSION = 1

    def __init__(self, path: Path | None = None):
        self.path = path if path is not None else default_cache_dir() / f"pattern-facts-v{self.VERSION}.json"
        self._facts: dict[str, PatternFacts] = {}
        self._dirty = False
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            for key, (groups, needs) in raw.items():
                self._facts[key] = PatternFacts(frozenset(groups), tuple(Clause(c) for c in needs))
        except (OSError, ValueError, TypeError):
            pass  # no cache yet, or unreadable: everything is parsed

    @staticmethod
    def key(pattern: str, flags: int) -> str:
        tag = f"{sys.version_info[0]}.{sys.version_info[1]}:{flags}:{MIN_LITERAL}:{MAX_CLAUSES}:"
        return hashlib.sha256((tag + pattern).encode("utf-8")).hexdigest()

    def facts(self, pattern: str, flags: int) -> PatternFacts:
        key = self.key(pattern, flags)
        found = self._facts.get(key)
        if found is None:
            found = self._facts[key] = pattern_facts(pattern, flags)
            self._dirty = True
        return found

    def save(self) -> None:
        """Write the cache (atomically) if anything new was parsed."""
        if not self._dirty:
            return
        data = {k: [sorted(f.groups), [sorted(c) for c in f.needs]] for k, f in self._facts.items()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".facts.", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh)
            os.replace(tmp, self.path)
            self._dirty = False
        except OSError:
            pass  # read-only home, full disk: the next run parses again


class LazyPattern:
    """A regex compiled on first use (``search``/``finditer``/``match``), for rules most texts
    never need. The pattern must already be known to be valid (see :func:`pattern_facts`)."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int):
        self.pattern, self.flags, self._compiled = pattern, flags, None

    @property
    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, *args):
        return self.compiled.search(*args)

    def match(self, *args):
        return self.compiled.match(*args)

    def fullmatch(self, *args):
        return self.compiled.fullmatch(*args)

    def finditer(self, *args):
        return self.compiled.finditer(*args)

    @property
    def groupindex(self):
        return self.compiled.groupindex


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

    def possible_units(self, folded_text: str, starts: Sequence[int], ends: Sequence[int]) -> list[int] | None:
        """Indices of the units (sorted, disjoint [start, end) slices of the text) that hold
        every clause, from one scan of the whole text per clause; ``folded_text`` must have the
        text's offsets (the caller checks ``len(text.casefold()) == len(text)``). None when no
        unit can match. A unit is kept if any match overlaps it, so a unit is never lost to a
        match that runs across its edge."""
        possible: set[int] | None = None
        for probe in self._probes:  # type: ignore[attr-defined]
            found: set[int] = set()
            for m in probe.finditer(folded_text):
                i = max(0, bisect_right(starts, m.start()) - 1)
                while i < len(starts) and starts[i] < m.end():
                    if ends[i] > m.start():
                        found.add(i)
                    i += 1
            possible = found if possible is None else possible & found
            if not possible:
                return None
        return sorted(possible) if possible is not None else list(range(len(starts)))

    def could_match(self, folded_text: str) -> bool:
        for probe in self._probes:  # type: ignore[attr-defined]
            if probe.search(folded_text) is None:
                return False
        return True
