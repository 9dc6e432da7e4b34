"""Shared fixtures: the real model and pipeline are built once per test session."""

from __future__ import annotations

import os
import tempfile

import pytest

from pipeline.patterns_io import PATTERNS_DIR

# The pattern-facts cache (pipeline/prefilter.py) goes to a fresh folder per test session, never
# to the user's ~/.cache; subprocesses started by tests inherit it.
os.environ["CPI_CACHE_DIR"] = tempfile.mkdtemp(prefix="cpi-test-cache-")


@pytest.fixture(scope="session")
def nlp():
    from pipeline.model import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def cpi(nlp):
    from pipeline.cpi import CpiPipeline

    return CpiPipeline(nlp)


@pytest.fixture(scope="session")
def patterns_dir():
    return PATTERNS_DIR


def entities_of(record: dict, kind: str | None = None) -> list[tuple[str, str]]:
    return [(e["type"], e["text"]) for e in record["entities"] if kind is None or e["type"] == kind]
