"""The trained fact tagger: a spaCy pipeline (ogi/models/facts/) that marks fact spans by type
(its count typer types the counts, its character tagger finds the nouns of statements of
absence); the value, unit and flags of each span come from the value reader.

`load_tagger()` loads it once per process. spaCy stores the weights as msgpack data and the
pipeline as a config: loading it runs no code from the file. A missing or foreign model is a
`ModelError` that says how to retrain.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from functools import cache
from pathlib import Path

from ..model_files import ModelError, load_meta, models_dir, retrain_hint
from . import count_model, hints  # noqa: F401  (register the ogi_count_typer and ogi_fact_hints components)
from .candidates import CandidatesOrText, absence_places, candidates, read_candidates
from .canon import canonical
from .decode import Decoding
from .iob import predict_spans
from .rules import absence_of_another, backstop_absences
from .text import category_of, clause_around
from .values import fact_data, read_value

MODEL_VERSION = 1
_RETRAIN = retrain_hint("facts")
_CACHE: dict = {}
UNMEASURED = {"agree": None, "disagree": None, "rules": None}


class FactTagger:
    def __init__(self, nlp, meta: dict) -> None:
        self.nlp = nlp
        self.meta = meta
        # Confidence of a predicted fact, measured on held-out reports: how often a prediction
        # was right when the rules baseline agreed with it and when it did not.
        # null in meta.json: a model trained without held-out figures gives its facts no confidence
        self.confidence = meta.get("confidence", {"agree": 0.9, "disagree": 0.7}) or UNMEASURED
        self.rule_types = set(meta.get("rule_types", []))
        self.rule_count_types = set(meta.get("rule_count_types", []))
        self.typer = next((p for _, p in nlp.pipeline if isinstance(p, count_model.CountTyper)), None)

    def tag(self, sentences: list[str]) -> list[list[dict]]:
        """Facts of each sentence (sentence offsets), in order. The sentences are one report's:
        the count typer's choices respect the report (`decode.Decoding`: a type it states once
        goes to one count of them). Each sentence is read once (`read_candidates`) for all
        the steps, as its canonical copy (`canon.canonical`); the offsets are the sentence's own."""
        copies = [canonical(text) for text in sentences]
        found = [read_candidates(copy.text) for copy in copies]
        out = []
        for copy, sentence, spans in zip(copies, found, self.spans(found)):
            facts = facts_from_spans(sentence, spans, self.confidence)
            facts = with_rule_types(sentence, facts, self.rule_types, self.confidence, self.rule_count_types)
            for f in facts:
                f["start"], f["end"] = copy.span(f["start"], f["end"])
            out.append(facts)
        return out

    def spans(self, sentences: Sequence[CandidatesOrText]) -> list[list[tuple[int, int, str]]]:
        """Typed spans of each sentence. With a count typer in the pipeline, it types the
        counts and the tagger reads only the clauses around negation cues, for the nouns of
        statements of absence; without one (an older pipeline), the tagger does both."""
        read = [candidates(s) for s in sentences]
        if self.typer is None:
            return predict_spans(self.nlp, read)
        counts = self.typer.type_counts(read, _decoding())
        absences = predict_spans(self.nlp, read, places=absence_places)
        out = []
        for sentence, typed, found in zip(read, counts, absences):
            numbers = sentence.numbers
            spans = [(s, e, t) for s, e, t, _ in typed]
            spans += [(s, e, t) for s, e, t in found if not any(a < e and s < b for a, b in numbers)]
            out.append(sorted(spans))
        return out


@cache
def _decoding() -> Decoding:
    return Decoding.of_data()


def with_rule_types(
    sentence: CandidatesOrText,
    facts: list[dict],
    rule_types: set[str],
    confidence: dict | None = None,
    count_types: Set[str] = frozenset(),
) -> list[dict]:
    """The model's facts, with what the rules read where the model has claimed nothing (letting
    the rules win a span measured worse): the types with too few training examples (which the
    model's facts never hold), the counts or absences of types with too few annotated ones
    (`count_types`: `type` for its counts, `type:absent` for its absences), the other absence
    of a pair (`paired_absences`) where the model found one (未发生…行政复议案、行政诉讼案: the
    tagger, reading a noun far from its cue, may stop at the first), and the backstop absences
    (`rules.backstop_absences`) of the types the model states nothing of in the sentence. A
    count the rules read as one of `rules_over_model`, or by a rule marked `over_model`, is
    theirs, whatever the model read it as."""
    read = candidates(sentence)
    paired = _paired_absences()
    stated = {f["type"] for f in facts}
    absent = {f["type"] for f in facts if f["negated"] and f["type"] in paired}

    def ours(f: dict) -> bool:
        kind = f["type"] + (":absent" if f["negated"] else "")
        other_of_pair = f["negated"] and f["type"] in paired - stated and bool(absent)
        return f["type"] in rule_types or kind in count_types or other_of_pair or "over_model" in f

    extra = [f for f in read.rule_facts() if ours(f)]
    if read.negations:
        extra += [f for f in backstop_absences(read.text) if f["type"] not in stated]
    if not extra and not rule_types:
        return facts
    over = _rules_over_model()
    ruled = [f for f in extra if (f.pop("over_model", False) or f["type"] in over) and not f["negated"]]
    kept = [
        f
        for f in facts
        if f["type"] not in rule_types and not any(f["start"] < r["end"] and r["start"] < f["end"] for r in ruled)
    ]
    for f in extra:
        if not any(f["start"] < k["end"] and k["start"] < f["end"] for k in kept):
            f["via"] = "rules"
            if confidence:
                f["confidence"] = confidence.get("rules", confidence["disagree"])
            kept.append(f)
    return sorted(kept, key=lambda f: f["start"])


@cache
def _rules_over_model() -> frozenset[str]:
    return frozenset(fact_data().get("rules_over_model", ()))


@cache
def _paired_absences() -> frozenset[str]:
    return frozenset(fact_data().get("paired_absences", ()))


def snap_to_numbers(sentence: CandidatesOrText, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Each span that overlaps exactly one number of the sentence becomes that number as the
    span convention writes it (the number with its marker and unit: `100件`, not `100` or
    `36件政府`; `4659份`, not `465`); spans of absence and spans over two numbers stay.

    The tagger decides per character and may stop a count short or run past it, and then its
    value is wrong too. Every number span of the annotations is exactly one of `number_spans`,
    so the snap only ever moves a span onto the convention. A number claimed twice keeps its
    first type."""
    numbers = candidates(sentence).numbers
    out, taken = [], set()
    for s, e, typ in spans:
        over = [(a, b) for a, b in numbers if a < e and s < b]
        if len(over) == 1:
            s, e = over[0]
        if (s, e) not in taken:
            taken.add((s, e))
            out.append((s, e, typ))
    return out


def facts_from_spans(
    sentence: CandidatesOrText, spans: list[tuple[int, int, str]], confidence: dict | None = None
) -> list[dict]:
    """Typed spans -> facts: a span with a numeral is a count, one without is an absence (0).
    A sentence states each absence once (no annotated sentence has two of one type): a second
    span of the same type without a number, mostly the tagger's split of one noun, is dropped;
    so is an absence whose clause names nothing of its type (`absence_words` in facts.toml)
    or that `rules.absence_of_another` reads as of something else (`absence_not_before`,
    `absence_not_after`)."""
    sentence = candidates(sentence)
    text = sentence.text
    data = fact_data()
    units, words = data["types"], data.get("absence_words", {})
    rules = {(f["start"], f["end"]): f for f in sentence.rules}
    facts = []
    absent: set[str] = set()
    for s, e, typ in snap_to_numbers(sentence, spans):
        r = read_value(text[s:e], units.get(typ))
        negated = r.value is None
        if negated:
            if (
                typ in absent
                or (typ in words and not any(w in clause_around(text, s, e) for w in words[typ]))
                or (absence_of_another(text, typ, s, e))
            ):
                continue
            absent.add(typ)
        fact = {
            "start": s,
            "end": e,
            "type": typ,
            "value": 0 if negated else r.value,
            "unit": units.get(typ) if negated else r.unit,
            "approx": r.approx,
            "negated": negated,
            "category": _category(text, s, e, rules.get((s, e))) if typ == "published.category" else None,
        }
        if confidence:
            same = rules.get((s, e))
            agree = same is not None and same["type"] == typ and same["value"] == fact["value"]
            fact["confidence"] = confidence["agree" if agree else "disagree"]
        facts.append(fact)
    return facts


def _category(text: str, start: int, end: int, rule: dict | None) -> str | None:
    """`text.category_of` the count, as the rules read it already where they type it a category."""
    if rule is not None and rule["type"] == "published.category" and not rule["negated"]:
        return rule["category"]
    return category_of(text, start, end)


def load_tagger(model_dir: Path | None = None) -> FactTagger:
    """The shipped tagger; a clear ModelError if it is missing, damaged or incompatible."""
    model_dir = Path(model_dir or models_dir() / "facts")
    key = str(model_dir)
    if key in _CACHE:
        return _CACHE[key]
    meta = load_meta(model_dir, "facts", MODEL_VERSION, {"types": list(fact_data()["types"])}, ("model", "meta.json"))
    import spacy

    try:
        nlp = spacy.load(model_dir / "model")
    except Exception as exc:  # a truncated or foreign file fails in many ways inside spaCy/msgpack
        raise ModelError(
            f"The fact model in {model_dir} cannot be read ({type(exc).__name__}: {exc}). {_RETRAIN}"
        ) from exc
    tagger = FactTagger(nlp, meta)
    _CACHE[key] = tagger
    return tagger
