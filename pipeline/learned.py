"""The learned components: one small spaCy pipeline trained on the development sets, read next to
the phrase rules.

The rules in `patterns/` fire on wordings someone wrote a rule for. On new wording they miss a
lot: tuning the triage rules on the hand-written dev set lifted its macro-F1 from 0.87 to 0.93 and
left a fresh round of 60 hand-written records exactly where it was (0.57); the source rules leaked
111 of that round's 301 source spans. So one learned pipeline, trained on the gold of both dev
sets (never the held-out set), reads every submission:

- a source tagger (an NER over the source kinds: how it was learnt, the reporter's role, a
  sign-off, contact lines, provenance, the reporter's name). `pipeline/sanitise.py` removes what
  it finds after the rules, or flags it for the handler where it holds a subject fact;
- a category classifier (multi-label, one score per risk category). `pipeline/triage.py` lets it
  add a category no rule fired (never remove one, never one the rules set aside as negated,
  hypothetical, historical or quoted), with the sentence it scores highest as evidence;
- an outcome classifier (one outcome per text). `pipeline/triage.py` lets it raise the rules'
  outcome to a more urgent one (HIGH by default), never lower it;
- an entity tagger (an NER over PERSON, ORGANIZATION and LOCATION). `pipeline/entities.py` adds
  the PERSON spans it finds that no rule entity covers (nicknames, lower-case names, initials),
  unless they look like ordinary words.

Each is a small spaCy pipeline (`models/learned/source/`, `models/learned/categories/`,
`models/learned/outcome/`, `models/learned/entities/`) with its own tok2vec reading the md model's static word vectors. (One shared tok2vec trained on both tasks
was tried: it lost most of the classifier's gain on unseen records.) They are saved without those
vectors and loaded with the pipeline model's vocab, so the vectors exist once; at run time they
read a copy of the Doc's tokens (same vocab and offsets) and never write to the pipeline's Doc.

Train with `python -m pipeline.learned train data/samples/gold.jsonl data/samples/dev_handwritten.jsonl --seed 1`
(the DVC stage `learned`); configs `models/learned_source.cfg`, `models/learned_categories.cfg`,
`models/learned_outcome.cfg`, `models/learned_entities.cfg`.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from pipeline.categories import CATEGORIES, OUTCOMES
from pipeline.model import ModelError

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LEARNED_DIR = PACKAGE_ROOT / "models" / "learned"
# part -> its training config; each part is trained on its own and saved in a folder of its name
TRAINING_CONFIGS = {"source": PACKAGE_ROOT / "models" / "learned_source.cfg",
                    "categories": PACKAGE_ROOT / "models" / "learned_categories.cfg",
                    "outcome": PACKAGE_ROOT / "models" / "learned_outcome.cfg",
                    "entities": PACKAGE_ROOT / "models" / "learned_entities.cfg"}
# Parts trained several times (seeds seed, seed+1, ...) and read as the average of their members:
# on the outcome, single trainings on ~560 records disagreed a lot from one seed to the next (on
# dev rounds 5-6, left out: 7, 16 and 19 of 24 HIGH cases scored >= 0.6), the average less so.
ENSEMBLE_SIZES = {"categories": 3, "outcome": 3}
TRAIN_COMMAND = "python -m pipeline.learned train data/samples/gold.jsonl data/samples/dev_handwritten.jsonl --seed 1"

# Gold source kinds the tagger learns. "first_person" (one-word pronouns) stays with the rules,
# which rewrite the sentence around the pronoun instead of cutting it out.
SOURCE_KINDS = ("how_learnt", "role", "provenance", "signoff", "contact", "reporter_name")
# Gold entity labels the entity tagger learns (it learns all three, the pipeline uses PERSON).
ENTITY_LABELS = ("PERSON", "ORGANIZATION", "LOCATION")
# Saved with the entity tagger: the words its training texts write in lower case, outside any
# name, at least ORDINARY_MIN_COUNT times. A tagged PERSON made only of such words ("Man",
# "Dog", "Bathroom" opening a line) is an ordinary word, not a name, and is dropped. Trained
# without dev rounds 5-9 and scored on them, this dropped 12 of the 32 wrong names the tagger
# added and none of the 20 right ones.
ORDINARY_WORDS_FILE, ORDINARY_MIN_COUNT = "ordinary_words.txt", 2
_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z]+(?![\w])")
_WORD = re.compile(r"[^\W\d_]+")
_NER, _TEXTCAT, _OUTCOME = "ner", "textcat_multilabel", "textcat"

Span = tuple[int, int]
log = logging.getLogger("cpi.learned")


class LearnedModelError(ModelError):
    """The learned model is missing, or does not fit the pipeline's model or the gold data."""


@dataclass(frozen=True)
class TaggedSpan:
    start: int  # character offsets into the submission text
    end: int
    kind: str  # one of SOURCE_KINDS, or of ENTITY_LABELS for the entity tagger


@dataclass(frozen=True)
class LearnedReading:
    """What the learned model reads in one submission."""
    source_spans: tuple[TaggedSpan, ...]
    category_scores: dict[str, float]
    outcome_scores: dict[str, float] = field(default_factory=dict)  # sums to 1 when the part is loaded
    entity_spans: tuple[TaggedSpan, ...] = ()  # the entity tagger's spans (kind: an ENTITY_LABELS label)


# --- training data ----------------------------------------------------------------------------

def read_gold(paths: Iterable[str | Path]) -> list[dict]:
    records = []
    for path in paths:
        try:
            fh = open(path, encoding="utf-8")
        except OSError as err:
            raise LearnedModelError(f"{path}: cannot read gold file ({err.strerror})") from None
        with fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise LearnedModelError(f"{path}: line {n}: not valid JSON ({err.msg})") from None
    return records


def _tagged_doc(nlp, text: str, spans: Iterable[dict], key: str, labels: Sequence[str]):
    """`text` tokenised by `nlp` with the gold spans whose `key` is one of `labels` as entities
    (labelled in upper case). A span is widened to whole tokens; one that overlaps an earlier
    one is dropped."""
    doc = nlp.make_doc(text)
    ents, taken = [], set()
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if span.get(key) not in labels:
            continue
        tokens = doc.char_span(span["start"], span["end"], label=span[key].upper(), alignment_mode="expand")
        if tokens is None or any(i in taken for i in range(tokens.start, tokens.end)):
            continue
        taken.update(range(tokens.start, tokens.end))
        ents.append(tokens)
    doc.ents = sorted(ents, key=lambda s: s.start)
    return doc


def source_doc(nlp, record: dict):
    """The record's text with its gold source spans (SOURCE_KINDS) as entities."""
    return _tagged_doc(nlp, record["text"], record.get("source_spans", ()), "kind", SOURCE_KINDS)


def entities_doc(nlp, record: dict):
    """The record's text with its gold PERSON, ORGANIZATION and LOCATION spans as entities."""
    return _tagged_doc(nlp, record["text"], record.get("spans", ()), "label", ENTITY_LABELS)


def ordinary_words(records: Iterable[dict], min_count: int = ORDINARY_MIN_COUNT) -> list[str]:
    """The words the records' texts write in lower case outside their gold PERSON spans, at
    least `min_count` times, sorted."""
    counts: dict[str, int] = {}
    for record in records:
        text = record["text"]
        people = sorted((s["start"], s["end"]) for s in record.get("spans", ()) if s.get("label") == "PERSON")
        for m in _LOWER_WORD.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b in people):
                counts[m.group()] = counts.get(m.group(), 0) + 1
    return sorted(w for w, n in counts.items() if n >= min_count)


def categories_doc(nlp, record: dict):
    """The record's text with its gold categories as `doc.cats` (1.0 or 0.0 for each)."""
    unknown = set(record.get("categories", ())) - set(CATEGORIES)
    if unknown:
        raise LearnedModelError(f"record {record.get('id', '?')}: unknown categories {sorted(unknown)}")
    doc = nlp.make_doc(record["text"])
    doc.cats = {name: float(name in record.get("categories", ())) for name in CATEGORIES}
    return doc


def outcome_doc(nlp, record: dict):
    """The record's text with its gold outcome as `doc.cats` (1.0 for it, 0.0 for the others)."""
    if record.get("outcome") not in OUTCOMES:
        raise LearnedModelError(f"record {record.get('id', '?')}: outcome {record.get('outcome')!r} is not one of {list(OUTCOMES)}")
    doc = nlp.make_doc(record["text"])
    doc.cats = {name: float(name == record["outcome"]) for name in OUTCOMES}
    return doc


_TRAINING_DOCS = {"source": source_doc, "categories": categories_doc, "outcome": outcome_doc,
                  "entities": entities_doc}


def split_records(records: Sequence[dict], dev_share: float, seed: int) -> tuple[list[dict], list[dict]]:
    """Hold out a share of the records (by id, reproducibly) to pick the best training step."""
    ids = sorted({r["id"] for r in records})
    random.Random(seed).shuffle(ids)
    dev_ids = set(ids[: int(len(ids) * dev_share)])
    return [r for r in records if r["id"] not in dev_ids], [r for r in records if r["id"] in dev_ids]


def train(gold: Sequence[str | Path], output: Path, *, configs: dict[str, Path] | None = None,
          parts: Sequence[str] = ("source", "categories"), dev_share: float = 0.15, seed: int = 0,
          exclude_ids: Iterable[str] = (), overrides: dict | None = None) -> Path:
    """Train each part on the gold records and write the best step of each to `output/<part>`
    (atomically: the whole folder is replaced at the end; the word vectors are not saved)."""
    from spacy.cli.train import train as spacy_train
    from spacy.tokens import DocBin

    from pipeline.model import ModelConfig, load_nlp

    configs = {**TRAINING_CONFIGS, **(configs or {})}
    unknown = set(parts) - set(configs)
    if unknown:
        raise LearnedModelError(f"unknown parts {sorted(unknown)} (expected {sorted(TRAINING_CONFIGS)})")
    exclude = set(exclude_ids)
    records = [r for r in read_gold(gold) if r["id"] not in exclude]
    if len(records) < 10:
        raise LearnedModelError(f"only {len(records)} training records; at least 10 are needed")
    nlp = load_nlp(ModelConfig.from_yaml())
    output = Path(output)
    tmp = output.with_name(output.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    if output.is_dir():
        shutil.copytree(output, tmp)  # parts not retrained now are kept
    tmp.mkdir(parents=True, exist_ok=True)
    for part in parts:
        for stale in member_dirs(tmp, part):
            shutil.rmtree(stale)
        for k in range(ENSEMBLE_SIZES.get(part, 1)):
            member_seed = seed + k  # each member: its own seed and its own step-picking split
            train_records, dev_records = split_records(records, dev_share, member_seed)
            with tempfile.TemporaryDirectory(prefix="cpi-train-") as work:
                work = Path(work)
                for name, subset in (("train", train_records), ("dev", dev_records)):
                    bin_ = DocBin(store_user_data=False)
                    for record in subset:
                        bin_.add(_TRAINING_DOCS[part](nlp, record))
                    bin_.to_disk(work / f"{name}.spacy")
                settings = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
                            "paths.vectors": str(nlp.path), "system.seed": member_seed, **(overrides or {})}
                log.info("training the %s part (member %d of %d, seed %d) on %d records (%d to pick the best step)",
                         part, k + 1, ENSEMBLE_SIZES.get(part, 1), member_seed, len(train_records), len(dev_records))
                spacy_train(configs[part], work / "out", overrides=settings)
                _save_without_vectors(work / "out" / "model-best", tmp / _member_name(part, k))
            if part == "entities":
                (tmp / _member_name(part, k) / ORDINARY_WORDS_FILE).write_text(
                    "\n".join(ordinary_words(records)) + "\n", encoding="utf-8")
    shutil.rmtree(output, ignore_errors=True)
    tmp.rename(output)
    return output


def _member_name(part: str, k: int) -> str:
    return part if k == 0 else f"{part}.{k + 1}"


def member_dirs(path: Path, part: str) -> list[Path]:
    """The trained members of a part in `path`: `<part>/`, then `<part>.2/`, `<part>.3/` ..."""
    extra = [p for p in path.glob(f"{part}.*") if p.is_dir() and p.name.split(".", 1)[1].isdigit()]
    first = [path / part] if (path / part).is_dir() else []
    return first + sorted(extra, key=lambda p: int(p.name.split(".", 1)[1]))


def _save_without_vectors(model_dir: Path, output: Path) -> None:
    import spacy

    spacy.load(model_dir).to_disk(output, exclude=["vocab"])


# --- run time ---------------------------------------------------------------------------------

def _check_classifier(model_nlp, pipe: str, labels: Sequence[str], what: str) -> None:
    """A learned classifier must have its pipe and exactly the labels the triage uses."""
    if pipe not in model_nlp.pipe_names:
        raise LearnedModelError(f"the learned {what} needs a {pipe} pipe")
    found = set(model_nlp.get_pipe(pipe).labels)
    if found != set(labels):
        raise LearnedModelError(f"the learned {what}'s labels are not the triage's (missing "
                                f"{sorted(set(labels) - found)}, extra {sorted(found - set(labels))})")


def _members(part) -> list[Any] | None:
    """One pipeline or a list of ensemble members, as a list (None when the part is not loaded)."""
    members = part if isinstance(part, (list, tuple)) else [part] if part is not None else []
    return list(members) or None


class LearnedModel:
    """Reads Docs of the pipeline's model: source spans and category scores (each part only when
    it is loaded)."""

    def __init__(self, source_nlp=None, categories_nlp=None, outcome_nlp=None, entities_nlp=None,
                 ordinary_words: Iterable[str] = ()):
        """`categories_nlp` and `outcome_nlp` are each one pipeline or a list of ensemble members
        (their scores are averaged). `ordinary_words`: a PERSON the entity tagger finds made only
        of these words (lower-cased) is dropped."""
        self.source = source_nlp
        self.entities = entities_nlp
        self.ordinary_words = frozenset(ordinary_words)
        self.categories = _members(categories_nlp)
        self.outcome = _members(outcome_nlp)
        for member in self.outcome or ():
            _check_classifier(member, _OUTCOME, OUTCOMES, "outcome classifier")
        for tagger, what in ((source_nlp, "source"), (entities_nlp, "entity")):
            if tagger is not None and _NER not in tagger.pipe_names:
                raise LearnedModelError(f"the learned {what} tagger needs an {_NER} pipe")
        for member in self.categories or ():
            _check_classifier(member, _TEXTCAT, CATEGORIES, "category classifier")

    @classmethod
    def load(cls, nlp, path: str | Path = DEFAULT_LEARNED_DIR,
             parts: Sequence[str] = ("source", "categories")) -> "LearnedModel":
        """Load the trained parts to run on Docs made by `nlp` (whose vocab holds the vectors)."""
        import spacy

        path = Path(path)
        unknown = set(parts) - set(TRAINING_CONFIGS)
        if unknown:
            raise LearnedModelError(f"unknown parts {sorted(unknown)} (expected {sorted(TRAINING_CONFIGS)})")
        missing = [part for part in parts if not (path / part / "config.cfg").is_file()]
        if missing:
            raise LearnedModelError(f"{path}: no trained learned model here (missing {', '.join(missing)}; "
                                    f"run `{TRAIN_COMMAND}`)")
        if not nlp.vocab.vectors.shape[0]:
            raise LearnedModelError("the pipeline's model has no word vectors; the learned model needs them")
        loaded = {part: [spacy.load(d, vocab=nlp.vocab) for d in member_dirs(path, part)] for part in parts}
        ordinary = path / "entities" / ORDINARY_WORDS_FILE
        if "entities" in parts and not ordinary.is_file():
            raise LearnedModelError(f"{path}: the entity tagger has no {ORDINARY_WORDS_FILE} (run `{TRAIN_COMMAND}`)")
        return cls(loaded["source"][0] if "source" in loaded else None, loaded.get("categories"),
                   loaded.get("outcome"), loaded["entities"][0] if "entities" in loaded else None,
                   ordinary.read_text(encoding="utf-8").split() if "entities" in parts else ())

    @staticmethod
    def _copies(docs: Sequence[Any]) -> list[Any]:
        """Docs with the same vocab, tokens and offsets, for a part to write its annotations on."""
        from spacy.tokens import Doc

        return [Doc(d.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d]) for d in docs]

    @staticmethod
    def _apply(model_nlp, copies: list[Any]) -> list[Any]:
        for _, proc in model_nlp.pipeline:
            copies = list(proc.pipe(copies))
        return copies

    def _run(self, model_nlp, docs: Sequence[Any]) -> list[Any]:
        return self._apply(model_nlp, self._copies(docs))

    def read(self, doc, categories: bool = True) -> LearnedReading:
        return self.read_many([doc], categories)[0]

    def read_many(self, docs: Sequence[Any], categories: bool = True) -> list[LearnedReading]:
        """`categories=False` leaves the category classifier out (its scores are then empty;
        `category_scores` reads one Doc when they are needed)."""
        # Each part reads copies of its own: each tagger writes `ents`, each classifier member `cats`.
        tagged = self._run(self.source, docs) if self.source is not None else [None] * len(docs)
        named = self._run(self.entities, docs) if self.entities is not None else [None] * len(docs)
        run_categories = categories and self.categories is not None
        categories_ = self._averaged(self.categories, CATEGORIES, docs) if run_categories else [{}] * len(docs)
        outcomes = self._averaged(self.outcome, OUTCOMES, docs) if self.outcome else [{}] * len(docs)
        return [LearnedReading(
            tuple(TaggedSpan(e.start_char, e.end_char, e.label_.lower()) for e in t.ents) if t is not None else (),
            c, o, tuple(TaggedSpan(e.start_char, e.end_char, e.label_) for e in n.ents
                        if not self._ordinary(e.label_, e.text)) if n is not None else ())
            for t, c, o, n in zip(tagged, categories_, outcomes, named)]

    def _ordinary(self, label: str, text: str) -> bool:
        """A tagged PERSON made only of ordinary words."""
        words = _WORD.findall(text.lower())
        return label == "PERSON" and bool(words) and all(w in self.ordinary_words for w in words)

    def category_scores(self, doc) -> dict[str, float]:
        """The category classifier's scores for one Doc (averaged over its members)."""
        if self.categories is None:
            raise LearnedModelError("the category classifier is not loaded")
        return self._averaged(self.categories, CATEGORIES, [doc])[0]

    def _averaged(self, members: list[Any], labels: Sequence[str], docs: Sequence[Any]) -> list[dict[str, float]]:
        """Each label's score averaged over the ensemble members."""
        runs = [self._run(member, docs) for member in members]
        return [{name: sum(run[i].cats[name] for run in runs) / len(runs) for name in labels}
                for i in range(len(docs))]

    def evidence(self, doc, names: Iterable[str], candidates: int = 2) -> dict[str, tuple[Span, ...]]:
        """For each category, the sentence that carries it: of the `candidates` sentences the
        classifier scores highest on their own, the one whose removal lowers the whole text's
        score the most (a sentence is judged in its context, at the cost of a few passes)."""
        from spacy.tokens import Doc

        names = list(names)
        if not names or self.categories is None:
            return {}
        sents = [s for s in (doc.sents if doc.has_annotation("SENT_START") else [doc[:]]) if s.text.strip()]
        if len(sents) < 2:
            return {name: tuple((s.start_char, s.end_char) for s in sents) for name in names}
        alone = self._averaged(self.categories, CATEGORIES, [s.as_doc() for s in sents])
        best = {}
        for name in names:
            shortlist = sorted(range(len(sents)), key=lambda k: -alone[k][name])[:candidates]
            without = []
            for k in shortlist:
                words = [t for t in doc if not sents[k].start <= t.i < sents[k].end]
                without.append(Doc(doc.vocab, words=[t.text for t in words], spaces=[bool(t.whitespace_) for t in words]))
            scored = self._averaged(self.categories, CATEGORIES, without)
            i = shortlist[min(range(len(shortlist)), key=lambda j: scored[j][name])]
            best[name] = ((sents[i].start_char, sents[i].end_char),)
        return best


# --- command line -----------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline.learned",
                                     description="Train the learned parts: source tagger, category and outcome classifiers, entity tagger.")
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train on gold JSONL files and write the model directory",
                       description="Train on gold JSONL files (source_spans and categories) and write the "
                                   "best step to --output. Never train on the held-out set.")
    t.add_argument("gold", nargs="+", help="gold JSONL files")
    t.add_argument("--output", type=Path, default=DEFAULT_LEARNED_DIR, help="model directory to write (default: %(default)s)")
    t.add_argument("--part", action="append", choices=sorted(TRAINING_CONFIGS),
                   help="train only this part (repeatable; default: all); the other parts in --output are kept")
    t.add_argument("--exclude-ids", default="",
                   help="record ids to leave out, to measure on them: comma-separated, or a file of ids")
    t.add_argument("--seed", type=int, default=0, help="training seed (default: %(default)s)")
    t.add_argument("--max-epochs", type=int, default=None, help="override the config's max_epochs")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from pipeline.offline import enforce_offline

    args = build_parser().parse_args(argv)
    enforce_offline()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    exclude: list[str] = []
    if args.exclude_ids:
        ids = Path(args.exclude_ids)
        exclude = ids.read_text(encoding="utf-8").split() if ids.is_file() else args.exclude_ids.split(",")
    if any("heldout" in str(g) for g in args.gold):
        print("error: the held-out set is for measuring only; do not train on it", file=sys.stderr)
        return 2
    overrides = {"training.max_epochs": args.max_epochs} if args.max_epochs else None
    try:
        out = train(args.gold, args.output, parts=args.part or tuple(TRAINING_CONFIGS), seed=args.seed,
                    exclude_ids=exclude, overrides=overrides)
    except LearnedModelError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"learned model written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
