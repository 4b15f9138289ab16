"""The rule-based extractor: a pipeline of named components.

Components run in order over one text: ``sentences`` splits, ``money`` and
``dates`` find values, ``legal_acts`` and ``names`` find entity mentions,
``grouping`` joins the mentions of one thing, ``relations`` reads each
sentence. A later issue swaps components without touching the rest.
"""

from __future__ import annotations

import bisect

from ..model import DocumentGraph, GraphEntity, Span
from ..names import name_key, strip_legal_form
from .entities import Candidate, LegalActRecogniser, NameRecogniser
from .lexicon import load_lexicon
from .relations import RelationRecogniser
from .sentences import sentence_at, split_sentences
from .values import DateRecogniser, MoneyRecogniser

# Which type wins when two recognisers claim overlapping text.
_TYPE_PRIORITY = {"legal_act": 0, "site": 1, "cluster": 2, "organization": 3, "person": 4, "place": 5}


class RuleExtractor:
    name = "rules"
    version = "0.1.0"

    def __init__(self) -> None:
        lex = load_lexicon()
        self.money = MoneyRecogniser(lex)
        self.dates = DateRecogniser(lex)
        self.legal_acts = LegalActRecogniser(lex)
        self.names = NameRecogniser(lex)
        self.relations = RelationRecogniser(lex)
        self.components = ["sentences", self.money.name, self.dates.name, self.legal_acts.name,
                           self.names.name, "grouping", self.relations.name]

    def extract(self, text: str, *, language: str | None = None) -> DocumentGraph:
        graph = DocumentGraph()
        if not text or not text.strip():
            return graph
        sentences = split_sentences(text)
        graph.values = self.money(text) + self.dates(text)
        candidates = _resolve_overlaps(self.legal_acts(text) + self.names(text))
        value_spans = sorted((v.span.start, v.span.end) for v in graph.values)
        candidates = [c for c in candidates if c.type == "legal_act" or not _inside_any(c, value_spans)]
        graph.entities, mention_index = _group(candidates)
        for sentence, inside in _mentions_by_sentence(sentences, mention_index):
            if len(inside) >= 2:
                graph.relations.extend(self.relations(text, sentence, inside))
        graph.relations = _dedupe_relations(graph.relations)
        return graph

    def sentence_for(self, text: str, offset: int) -> Span | None:
        return sentence_at(split_sentences(text), offset)


def _mentions_by_sentence(sentences: list[Span], mentions: list[tuple[int, int, int, str]]):
    """Pairs each sentence with the mentions starting in it; one sweep, both lists sorted."""
    i = 0
    for sentence in sentences:
        while i < len(mentions) and mentions[i][0] < sentence.start:
            i += 1
        j = i
        while j < len(mentions) and mentions[j][0] < sentence.end:
            j += 1
        yield sentence, mentions[i:j]
        i = j


def _inside_any(cand: Candidate, spans: list[tuple[int, int]]) -> bool:
    """Whether ``cand`` lies inside one of the sorted ``spans`` ("No. 188" inside a date is no name)."""
    k = bisect.bisect_right(spans, (cand.start, float("inf")))
    return any(spans[x][0] <= cand.start and cand.end <= spans[x][1] for x in range(max(0, k - 3), k))


def _resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Longest span first, then type priority; a mention never overlaps another."""
    ordered = sorted(cands, key=lambda c: (-(c.end - c.start), _TYPE_PRIORITY.get(c.type, 9), c.start))
    starts: list[int] = []  # kept spans, sorted by start; they never overlap each other
    ends: list[int] = []
    kept: list[Candidate] = []
    for cand in ordered:
        k = bisect.bisect_left(starts, cand.end)  # kept spans starting before cand ends: indices < k
        if k and ends[k - 1] > cand.start:
            continue
        starts.insert(k, cand.start)
        ends.insert(k, cand.end)
        kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def _group(cands: list[Candidate]) -> tuple[list[GraphEntity], list[tuple[int, int, int, str]]]:
    """One entity per normalised name and type; shorter names whose words are all
    in a longer name of the same type join it ("Tekhnologia" → "ORPE Tekhnologia")."""
    entities: list[GraphEntity] = []
    by_key: dict[tuple[str, str], int] = {}
    index: list[tuple[int, int, int, str]] = []
    pending: list[tuple[Candidate, str]] = []
    for cand in cands:
        key = name_key(cand.surface)
        if key:
            pending.append((cand, key))
    # longest keys first so short forms can find the long form they abbreviate
    for cand, key in sorted(pending, key=lambda p: -len(p[1])):
        slot = by_key.get((cand.type, key))
        if slot is None and cand.type in ("organization", "cluster", "site"):
            words = set(key.split())
            for (etype, other), idx in by_key.items():
                if etype == cand.type and words < set(other.split()) and len(key) >= 4:
                    slot = idx
                    break
        if slot is None:
            clean, form = strip_legal_form(cand.surface)
            attributes = dict(cand.attributes)
            if form:
                attributes.setdefault("legal_form", form)
            entities.append(GraphEntity(cand.type, clean, attributes=attributes))
            slot = len(entities) - 1
            by_key[(cand.type, key)] = slot
        ent = entities[slot]
        for k, v in cand.attributes.items():
            ent.attributes.setdefault(k, v)
        ent.mentions.append((Span(cand.start, cand.end), cand.surface))
        if cand.surface != ent.name and cand.surface not in ent.aliases:
            ent.aliases.append(cand.surface)
        index.append((cand.start, cand.end, slot, cand.type))
    for ent in entities:
        ent.mentions.sort(key=lambda m: m[0].start)
    index.sort()
    return entities, index


def _dedupe_relations(relations):
    seen = set()
    unique = []
    for rel in relations:
        key = (rel.subject, rel.predicate, rel.object)
        if rel.predicate == "partner_of":
            key = (min(rel.subject, rel.object), rel.predicate, max(rel.subject, rel.object))
        if key in seen or rel.subject == rel.object:
            continue
        seen.add(key)
        unique.append(rel)
    return unique
