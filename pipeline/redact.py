"""Redaction: replace entities in a text with placeholders (presidio-anonymizer)."""

from __future__ import annotations

from typing import Iterable, Sequence

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult as AnonResult

_ENGINE: AnonymizerEngine | None = None


def _engine() -> AnonymizerEngine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = AnonymizerEngine()
    return _ENGINE


def redact_text(text: str, entities: Sequence[dict], *, types: Iterable[str] | None = None) -> str:
    """Replace each entity span (record-format dicts) with `<TYPE>`."""
    wanted = set(types) if types else None
    spans = [
        AnonResult(entity_type=e["type"], start=e["start"], end=e["end"], score=e.get("score", 1.0))
        for e in entities
        if wanted is None or e["type"] in wanted
    ]
    operators = {"DEFAULT": OperatorConfig("replace")}  # replace -> "<ENTITY_TYPE>"
    return _engine().anonymize(text=text, analyzer_results=spans, operators=operators).text
