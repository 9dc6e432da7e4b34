"""Reading pattern files: fail fast with the file, the entry and the reason."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

PATTERNS_DIR = Path(__file__).resolve().parent.parent / "patterns"


class PatternFileError(ValueError):
    """A pattern or lexicon file is invalid."""

    def __init__(self, path: Path | str, entry: str, reason: str):
        self.path, self.entry, self.reason = str(path), entry, reason
        super().__init__(f"{path}: {entry}: {reason}")


# libyaml's C parser when PyYAML was built with it (several times faster on the big rule files).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):
    """Safe loader that rejects duplicate keys: PyYAML would silently keep the last one."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml_mapping(path: Path, *, expect: str = "a mapping at the top level") -> dict[str, Any]:
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_StrictLoader)
    except FileNotFoundError:
        raise PatternFileError(path, "-", "file not found") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        raise PatternFileError(path, where, f"not valid YAML ({getattr(err, 'problem', err)})") from None
    if not isinstance(data, dict):
        raise PatternFileError(path, "-", f"expected {expect}")
    return data


def load_word_list(path: Path, *, lower: bool = True) -> list[str]:
    """One entry per line; blank lines and '#' comments ignored."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise PatternFileError(path, "-", "file not found") from None
    words = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return [w.lower() for w in words] if lower else words


def phrase_alternation(phrases: Iterable[str]) -> str:
    """Escaped phrases, spaces matching any whitespace, as a prefix tree ("head(?: of (?:year|house))?")
    so that the regex engine reads a long word list in one pass instead of trying every phrase in
    turn; a longer phrase is preferred to its prefix, as with a longest-first list."""
    trie: dict = {}
    for phrase in {p for p in phrases if p}:
        node = trie
        for token in re.findall(r"\s+|.", phrase, re.DOTALL):
            node = node.setdefault(" " if token.isspace() else token, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [(r"\s+" if token == " " else re.escape(token)) + _trie_pattern(child)
                for token, child in sorted(node.items()) if token]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if "" in node else group
