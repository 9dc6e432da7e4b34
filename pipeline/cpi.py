"""The CPI pipeline: one shared spaCy Doc per submission, then entities, source protection and
triage, assembled into one intelligence record."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.categories import OUTCOMES
from pipeline.entities import Entity, EntityFinder, entity_types_the_tagger_reads, organisations_the_tagger_backs
from pipeline.model import ModelConfig, load_nlp
from pipeline.patterns_io import PATTERNS_DIR
from pipeline.sanitise import EntitySpan, SourceRules, sanitise_source
from pipeline.learned import DEFAULT_LEARNED_DIR, LearnedModel, LearnedReading
from pipeline.submissions import RecordError, Submission
from pipeline.triage import TriageRules, assess_triage

log = logging.getLogger("cpi")



@dataclass
class PipelineSettings:
    """Tunables (DVC's params.yaml `pipeline:` section holds the same keys)."""
    strategy: str = "rewrite"                 # source protection: rewrite | remove
    category_threshold: float = 0.5           # triage: minimum category score
    score_threshold: float = 0.0              # entities below this score are dropped
    disabled_recognizers: tuple[str, ...] = ()  # recogniser names to switch off
    batch_size: int = 64
    learned_model: str = "default"            # learned components: "default" (models/learned), a path, or "off"
    learned_source: bool = True               # source protection also removes what the learned tagger finds
    learned_entities: bool = True             # the entities take the learned entity tagger's PERSON spans, keep an md-model ORGANIZATION only where it tags something, and take its type for an md-model span it types otherwise
    learned_entity_types: bool = True         # with learned_entities: an md-model name, place or organisation takes the tagger's type where they disagree
    learned_organisation_backing: bool = True  # with learned_entities: an ORGANIZATION only the md model found is kept only where the tagger tags something
    learned_categories: bool = True           # triage also takes categories from the learned classifier (see README)
    learned_category_threshold: float = 0.7   # classifier score that adds a category no rule fired
    learned_category_confirm: bool = True     # the classifier may confirm a category whose rule cues fell short
    learned_category_confirm_threshold: float = 0.2  # averaged classifier score that confirms it
    learned_outcome: bool = True              # triage also lets the learned outcome classifier raise the outcome
    learned_outcome_threshold: float = 0.5    # averaged classifier score that raises the outcome to CRIME or SAFEGUARDING
    learned_outcome_high_threshold: float = 0.4  # the same for HIGH (lower: a buried urgent case costs most)
    learned_outcome_raises: tuple[str, ...] = ("HIGH", "CRIME", "SAFEGUARDING")  # the outcomes it may raise to
    learned_high_needs_support: bool = True   # it raises to HIGH only with a risk category, a time word or a clock time in the text

    @classmethod
    def from_params(cls, path: str | Path, section: str = "pipeline") -> "PipelineSettings":
        import yaml

        from pipeline.patterns_io import PatternFileError

        try:
            data = (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}).get(section) or {}
        except (OSError, yaml.YAMLError) as err:
            raise PatternFileError(path, section, f"cannot read params ({type(err).__name__})") from None
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise PatternFileError(path, section, f"unknown settings: {', '.join(sorted(unknown))}")
        for key in ("disabled_recognizers", "learned_outcome_raises"):
            if key in data:
                data[key] = tuple(data[key] or ())
        return cls(**data)


@dataclass(frozen=True)
class PipelineSpec:
    """How to build the pipeline (picklable), for worker processes that load their own copy."""
    config: str | None = None       # model config YAML; None: models/config.yaml
    params: str | None = None       # params YAML with a `pipeline:` section
    batch_size: int | None = None
    strategy: str | None = None
    triage: bool = True             # False: entities and source protection only (redact, sanitise)
    learned_model: str | None = None  # "off", a model directory, or None for the settings' choice

    def load(self) -> "CpiPipeline":
        config = ModelConfig.from_yaml(self.config) if self.config else ModelConfig.from_yaml()
        settings = PipelineSettings.from_params(self.params) if self.params else PipelineSettings(batch_size=config.batch_size)
        if self.batch_size:
            settings = replace(settings, batch_size=self.batch_size)
        if self.strategy:
            settings = replace(settings, strategy=self.strategy)
        if self.learned_model:
            settings = replace(settings, learned_model=self.learned_model)
        return CpiPipeline.load(config, settings=settings, triage=self.triage)


class CpiPipeline:
    """Build once (loads the model and every pattern file), then analyse many submissions."""

    def __init__(self, nlp, *, patterns_dir: Path = PATTERNS_DIR, settings: PipelineSettings | None = None,
                 triage: bool = True):
        self.nlp = nlp
        self.settings = settings or PipelineSettings()
        self.patterns_dir = Path(patterns_dir)
        self.entity_finder = EntityFinder(
            nlp, self.patterns_dir,
            score_threshold=self.settings.score_threshold,
            disabled_recognizers=self.settings.disabled_recognizers,
        )
        self.source_rules = SourceRules.from_directory(self.patterns_dir / "source")
        # Without triage (a redaction or a sanitised text is all that is wanted) the triage rules
        # are not loaded, and records carry no categories or outcome.
        self.triage_rules = TriageRules.from_directory(self.patterns_dir / "triage") if triage else None
        # The learned model is loaded when a stage that runs here uses it.
        parts = (("source",) if self.settings.learned_source else ()) + \
            (("entities",) if self.settings.learned_entities else ()) + \
            (("categories",) if triage and (self.settings.learned_categories or self.settings.learned_category_confirm)
             else ()) + \
            (("outcome",) if triage and self.settings.learned_outcome else ())
        self.learned = None
        if self.settings.learned_model != "off" and parts:
            path = DEFAULT_LEARNED_DIR if self.settings.learned_model == "default" else Path(self.settings.learned_model)
            self.learned = LearnedModel.load(nlp, path, parts)
        if self.settings.strategy not in ("rewrite", "remove"):
            raise ValueError(f"unknown source-protection strategy {self.settings.strategy!r} (rewrite or remove)")

    @classmethod
    def load(cls, model_config: ModelConfig | str | Path | None = None, **kwargs) -> "CpiPipeline":
        if not isinstance(model_config, ModelConfig):
            model_config = ModelConfig.from_yaml(model_config) if model_config else ModelConfig.from_yaml()
        settings = kwargs.pop("settings", None) or PipelineSettings(batch_size=model_config.batch_size)
        return cls(load_nlp(model_config), settings=settings, **kwargs)

    # -- one Doc -> one record ---------------------------------------------------------------
    def build_record(self, submission: Submission, doc, reading: LearnedReading | None = None) -> dict:
        """The full (restricted) record: shareable fields plus the source-removal audit.
        `reading` is the learned model's reading of `doc` when it was read in a batch."""
        if reading is None and self.learned is not None:
            reading = self.learned.read(doc, categories=self.settings.learned_categories)
        # the entity tagger's spans, None when it did not read this Doc
        tagged = reading.entity_spans if reading is not None and self.settings.learned_entities \
            and self.learned is not None and self.learned.entities is not None else None
        people = [(s.start, s.end) for s in tagged if s.kind == "PERSON"] if tagged is not None else []
        entities = self.entity_finder.find(doc, learned_people=people)
        sanitised = sanitise_source(
            doc, [EntitySpan(e.start, e.end, e.type) for e in entities],
            rules=self.source_rules, strategy=self.settings.strategy, reporter=submission.reporter or None,
            learned=reading.source_spans if reading and self.settings.learned_source else (),
        )
        # An entity touching a removal identifies the reporter (their name, phone, organisation).
        entities = [
            replace(e, source=any(r.start < e.end and e.start < r.end for r in sanitised.removals))
            for e in entities
        ]
        if tagged is not None:
            # after sanitising: the source rules still see every organisation the md model found,
            # with the md model's types
            if self.settings.learned_entity_types:
                entities = entity_types_the_tagger_reads(entities, [(s.start, s.end, s.kind) for s in tagged])
            if self.settings.learned_organisation_backing:
                entities = organisations_the_tagger_backs(entities, [(s.start, s.end) for s in tagged])
        record = {
            "id": submission.id,
            "entities": [e.as_record() for e in entities],
            "sanitised_text": sanitised.text,
            "source_removals": [
                {"start": r.start, "end": r.end, "reason": r.reason, "replacement": r.replacement}
                for r in sanitised.removals
            ],
            "handler_flags": [{"start": f.start, "end": f.end, "reason": f.reason} for f in sanitised.flags],
        }
        if self.triage_rules is None:
            return record
        use_learned = reading is not None and self.settings.learned_categories
        confirm = None
        if self.learned is not None and self.learned.categories is not None and self.settings.learned_category_confirm:
            confirm = (lambda: reading.category_scores) if use_learned else (lambda: self.learned.category_scores(doc))
        triage = assess_triage(
            doc, self.triage_rules, threshold=self.settings.category_threshold,
            learned=reading.category_scores if use_learned else None,
            learned_threshold=self.settings.learned_category_threshold,
            learned_evidence=(lambda names: self.learned.evidence(doc, names)) if use_learned else None,
            learned_outcome=reading.outcome_scores if reading is not None and self.settings.learned_outcome else None,
            learned_outcome_threshold=self.settings.learned_outcome_threshold,
            learned_outcome_high_threshold=self.settings.learned_outcome_high_threshold,
            learned_outcome_raises=self.settings.learned_outcome_raises,
            learned_high_needs_support=self.settings.learned_high_needs_support,
            confirm=confirm, confirm_threshold=self.settings.learned_category_confirm_threshold,
        )
        return record | {
            "categories": [
                {"name": c.name, "score": round(c.score, 3), "evidence": [list(span) for span in c.evidence],
                 "by": c.by}
                for c in triage.categories
            ],
            "outcome": triage.outcome,
            "outcome_by": triage.outcome_by,
            "outcome_reasons": list(triage.outcome_reasons),
            "assessment": {"suggested": triage.assessment.suggested,
                           "evidence": [list(span) for span in triage.assessment.evidence],
                           "note": triage.assessment.note},
            "suppressed_cues": [
                {"category": c.category, "start": c.start, "end": c.end, "reason": c.reason}
                for c in triage.suppressed
            ],
        }

    def analyze(self, text: str, id: str = "submission") -> dict:
        submission = Submission(id, text)
        return self.build_record(submission, self.nlp(text))

    def pipe(self, submissions: Iterable[Submission | RecordError]) -> Iterator[dict | RecordError]:
        """Records in input order; a RecordError passes through, and a submission that fails
        in processing becomes one, so the rest of the batch goes on."""
        max_len = self.nlp.max_length

        def checked() -> Iterator[tuple[str, Submission | RecordError]]:
            for item in submissions:
                if isinstance(item, Submission) and len(item.text) > max_len:
                    item = RecordError("-", f"id {item.id}", f"text too long ({len(item.text)} > {max_len} characters)", item.id)
                # RecordErrors travel through nlp.pipe as empty texts to keep input order.
                yield (item.text if isinstance(item, Submission) else "", item)

        batch: list = []
        for doc, item in self.nlp.pipe(checked(), as_tuples=True, batch_size=self.settings.batch_size):
            batch.append((doc, item))
            if len(batch) >= self.settings.batch_size:
                yield from self._records(batch)
                batch = []
        yield from self._records(batch)

    def _records(self, batch: list) -> Iterator[dict | RecordError]:
        """Records of one batch, in order; the learned model reads the batch's Docs at once."""
        readings: list = [None] * len(batch)
        todo = [i for i, (_, item) in enumerate(batch) if not isinstance(item, RecordError)]
        if self.learned is not None and todo:
            try:
                read = self.learned.read_many([batch[i][0] for i in todo], categories=self.settings.learned_categories)
                for i, reading in zip(todo, read):
                    readings[i] = reading
            except Exception as err:  # read them one by one in build_record: a bad one fails alone
                log.warning("learned model failed on a batch (%s); reading its records one by one", type(err).__name__)
        for (doc, item), reading in zip(batch, readings):
            if isinstance(item, RecordError):
                yield item
                continue
            try:
                yield self.build_record(item, doc, reading)
            except Exception as err:  # one bad record must not stop the batch
                log.error("record %s failed in processing: %s", item.id, type(err).__name__)
                yield RecordError("-", f"id {item.id}", f"processing failed ({type(err).__name__})", item.id)
