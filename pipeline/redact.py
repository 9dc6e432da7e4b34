"""Redaction operators: what each entity becomes in a redacted text.

Operators (per entity type, from `patterns/redaction.yaml` or flags):
- replace: consistent numbered placeholders - the same person is `<PERSON_1>` every time;
- mask:    keep the first two and last N characters of a value (`07*** ***123`);
- hash:    a keyed HMAC token, the same value always gives the same token (`<PERSON#3fa1...>`);
- encrypt: AES with a key, reversible by `cpi decrypt` for authorised users (`<ENC:PERSON:...>`);
- redact:  remove the value;
- keep:    leave it.
Keys come from a file or an environment variable, never from the command line.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from presidio_anonymizer.operators.aes_cipher import AESCipher

from pipeline.patterns_io import PATTERNS_DIR, PatternFileError, load_yaml_mapping

OPERATORS = ("replace", "mask", "hash", "encrypt", "redact", "keep")
KEY_ENV = "CPI_REDACT_KEY"
_ENCRYPTED = re.compile(r"<ENC:([A-Z_]+):([A-Za-z0-9+/=_-]+)>")
_KEYED = ("hash", "encrypt")


class RedactionError(ValueError):
    """A redaction policy or key problem (never carries text)."""


def load_key(key_file: str | Path | None = None, *, env: Mapping[str, str] = os.environ) -> bytes | None:
    """The redaction key from a file or the CPI_REDACT_KEY environment variable."""
    if key_file:
        try:
            raw = Path(key_file).read_bytes().strip()
        except OSError:
            raise RedactionError(f"{key_file}: cannot read key file") from None
        if not raw:
            raise RedactionError(f"{key_file}: key file is empty")
        return raw
    value = env.get(KEY_ENV, "").strip()
    return value.encode() if value else None


@dataclass
class RedactionPolicy:
    default: str = "replace"
    per_type: dict[str, str] = field(default_factory=dict)
    mask_keep_last: int = 3
    types: frozenset[str] | None = None   # entity types to redact; None = all

    def __post_init__(self):
        for kind, op in {"default": self.default, **self.per_type}.items():
            if op not in OPERATORS:
                raise RedactionError(f"unknown operator {op!r} for {kind} (choose from {', '.join(OPERATORS)})")

    @classmethod
    def from_yaml(cls, path: Path = PATTERNS_DIR / "redaction.yaml") -> "RedactionPolicy":
        data = load_yaml_mapping(path)
        try:
            return cls(default=str(data.get("default", "replace")),
                       per_type={str(k).upper(): str(v) for k, v in (data.get("operators") or {}).items()},
                       mask_keep_last=int(data.get("mask_keep_last", 3)))
        except RedactionError as err:
            raise PatternFileError(path, "operators", str(err)) from None

    def operator_for(self, kind: str) -> str:
        return self.per_type.get(kind, self.default)

    def needs_key(self) -> bool:
        return any(op in _KEYED for op in (self.default, *self.per_type.values()))


def _aes_key(key: bytes) -> bytes:
    # AES needs 16/24/32 bytes; any key material is stretched to 32 with SHA-256.
    return hashlib.sha256(key).digest()


def mask_value(value: str, keep_last: int) -> str:
    """Keep the first two and last `keep_last` letters/digits; mask the rest, keep separators."""
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    visible = set(positions[:2]) | set(positions[-keep_last:] if keep_last else [])
    return "".join("*" if i in positions and i not in visible else ch for i, ch in enumerate(value))


class Redactor:
    """Applies a policy to texts. One Redactor per document, or one for a whole batch when
    placeholders must be consistent across it (`shared=True`)."""

    def __init__(self, policy: RedactionPolicy | None = None, *, key: bytes | None = None, shared: bool = False):
        self.policy = policy or RedactionPolicy()
        if self.policy.needs_key() and not key:
            raise RedactionError(f"the hash and encrypt operators need a key: use --key-file or set {KEY_ENV}")
        self.key = key
        self.shared = shared
        self._numbers: dict[tuple[str, str], int] = {}
        self._counters: dict[str, int] = {}

    def _identity(self, entity: Mapping) -> str:
        value = entity.get("normalized") or entity["text"]
        return " ".join(str(value).lower().split())

    def _placeholder(self, entity: Mapping) -> str:
        kind = entity["type"]
        ident = (kind, self._identity(entity))
        if ident not in self._numbers:
            self._counters[kind] = self._counters.get(kind, 0) + 1
            self._numbers[ident] = self._counters[kind]
        return f"<{kind}_{self._numbers[ident]}>"

    def _replacement(self, entity: Mapping) -> str:
        op = self.policy.operator_for(entity["type"])
        if op == "replace":
            return self._placeholder(entity)
        if op == "mask":
            return mask_value(entity["text"], self.policy.mask_keep_last)
        if op == "hash":
            digest = hmac.new(self.key, f"{entity['type']}|{self._identity(entity)}".encode(), hashlib.sha256)
            return f"<{entity['type']}#{digest.hexdigest()[:16]}>"
        if op == "encrypt":
            return f"<ENC:{entity['type']}:{AESCipher.encrypt(_aes_key(self.key), entity['text'])}>"
        if op == "redact":
            return ""
        return entity["text"]  # keep

    def redact(self, text: str, entities: Sequence[Mapping]) -> str:
        """Replace each entity span (record-format dicts, offsets into `text`)."""
        if not self.shared:
            self._numbers.clear()
            self._counters.clear()
        wanted = self.policy.types
        chosen = [e for e in sorted(entities, key=lambda e: e["start"])
                  if wanted is None or e["type"] in wanted]
        # Number placeholders in reading order, then splice from the end so offsets stay valid.
        replacements = [(e["start"], e["end"], self._replacement(e)) for e in chosen]
        out = text
        last_start = len(text) + 1
        for start, end, new in reversed(replacements):
            if end > last_start:  # overlapping spans: the earlier one is already covered
                continue
            out = out[:start] + new + out[end:]
            last_start = start
        return out


def decrypt_text(text: str, key: bytes) -> str:
    """Reverse the `encrypt` operator in a redacted text."""
    aes = _aes_key(key)

    def one(match: re.Match) -> str:
        try:
            return AESCipher.decrypt(aes, match.group(2))
        except Exception:
            raise RedactionError(f"cannot decrypt the token at offset {match.start()}: wrong key or damaged text") from None

    return _ENCRYPTED.sub(one, text)


def redact_text(text: str, entities: Sequence[Mapping], *, types: Iterable[str] | None = None,
                policy: RedactionPolicy | None = None, key: bytes | None = None) -> str:
    """One-shot redaction of one text."""
    policy = policy or RedactionPolicy()
    if types:
        policy = RedactionPolicy(policy.default, dict(policy.per_type), policy.mask_keep_last, frozenset(types))
    return Redactor(policy, key=key).redact(text, entities)
