"""The rule-based extractor: a pipeline of named components.

Components run in order over one text: ``sentences`` splits; ``money`` and
``dates`` find values; ``legal_acts``, ``names`` and ``listed_organisations``
find entity mentions from cues, and ``statistical_names`` (spaCy's NER) offers
more names that the cues missed; ``grouping`` joins the mentions of one thing,
``coreference`` adds acronyms, short forms and generic anaphors;
``relations`` reads each sentence; ``capabilities`` reads what the named organisations
make or can do. Every component is linear in the text. Russian text goes to
``ru.RussianExtractor`` instead; none of the components above reads it.
"""

from __future__ import annotations

import bisect
import re

from ..model import DocumentGraph, GraphEntity, Span
from ..names import name_key, strip_legal_form
from ..read.language import guess_language
from .capabilities import CapabilityRecogniser
from .coref import Mention, anaphor_mentions, join_acronyms, join_region_short_forms, names_a_subsidiary, propagate_names
from .entities import Candidate, KnownOrganisations, LegalActRecogniser, ListedOrganisations, NameRecogniser
from .lexicon import load_lexicon
from .relations import ROLE_ORDER, DocumentContext, RelationRecogniser
from .sentences import split_sentences
from .spans import non_overlapping
from .statistical import StatisticalNames
from .values import DateRecogniser, MoneyRecogniser

# Which type wins when two recognisers of the same rank claim overlapping text.
_TYPE_PRIORITY = {"legal_act": 0, "site": 1, "cluster": 2, "organization": 3, "person": 4, "place": 5}


class RuleExtractor:
    name = "rules"
    version = "0.4.0"  # 0.3.0: capabilities (what organisations make or can do); 0.4.0: a Russian path (ru.py)

    def __init__(self, *, statistical: bool = True) -> None:
        lex = load_lexicon()
        self.money = MoneyRecogniser(lex)
        self.dates = DateRecogniser(lex)
        self.legal_acts = LegalActRecogniser(lex)
        self.names = NameRecogniser(lex)
        self.listed = ListedOrganisations(lex)
        self.known = KnownOrganisations(lex)
        self.statistical = StatisticalNames() if statistical else None
        self.relations = RelationRecogniser(lex)
        self.capabilities = CapabilityRecogniser(demonyms=lex.demonyms, legal_forms=lex.legal_forms)
        self._russian = None  # built on the first Russian document
        self.components = ["sentences", "money", "dates", "legal_acts", "known_organisations", "names", "listed_organisations",
                           *(["statistical_names"] if statistical else []), "grouping", "coreference", "relations",
                           "capabilities"]

    def extract(self, text: str, *, language: str | None = None) -> DocumentGraph:
        graph = DocumentGraph()
        if not text or not text.strip():
            return graph
        if (language or guess_language(text) or "").lower().split("-")[0] == "ru":
            # Russian text has its own recognisers; everything below is the English path, unchanged
            if self._russian is None:
                from .ru import RussianExtractor  # loads pymorphy3's dictionaries only when Russian turns up

                self._russian = RussianExtractor()
            return self._russian.extract(text)
        sentences = split_sentences(text)
        graph.values = self.money(text) + self.dates(text)
        candidates = self.legal_acts(text) + self.known(text) + self.names(text) + self.listed(text)
        ordinary = {w.lower() for w in re.findall(r"(?<![\w\-])[a-z][a-z\-]+", text)}
        if self.statistical is not None:
            for span in self.statistical(text):
                cand = self.names.classify_statistical(text, span.start, span.end, span.label, ordinary)
                if cand is not None:
                    candidates.append(cand)
        candidates = _resolve_overlaps(candidates)
        value_spans = sorted((v.span.start, v.span.end) for v in graph.values)
        candidates = [c for c in candidates if c.type == "legal_act" or not _inside_any(c, value_spans)]
        entities = _group(candidates)
        join_acronyms(text, entities)
        propagate_names(text, entities, ordinary, self.names.stop_tokens)
        join_region_short_forms(text, entities)
        entities = [e for e in entities if e.mentions and e.type != "_merged"]
        for ent in entities:
            ent.mentions.sort(key=lambda m: m[0].start)
        graph.entities = entities
        mentions = sorted(
            Mention(span.start, span.end, i, ent.type) for i, ent in enumerate(entities) for span, _ in ent.mentions
        )
        taken = [(m.start, m.end) for m in mentions]
        mentions = sorted(mentions + anaphor_mentions(text, entities, taken))
        context = DocumentContext(entities, mentions)
        for sentence, inside in _mentions_by_sentence(sentences, mentions):
            if len(inside) >= 1:
                graph.relations.extend(self.relations(text, sentence, inside, entities, context))
        graph.relations = _dedupe_relations(graph.relations)
        # reads the mentions only: what the scorer compares (entities, values, relations) stays as it was
        graph.capabilities = self.capabilities(text, sentences, mentions, entities)
        return graph


def _mentions_by_sentence(sentences: list[Span], mentions: list[Mention]):
    """Pairs each sentence with the mentions starting in it; one sweep, both lists sorted."""
    i = 0
    for sentence in sentences:
        while i < len(mentions) and mentions[i].start < sentence.start:
            i += 1
        j = i
        while j < len(mentions) and mentions[j].start < sentence.end:
            j += 1
        yield sentence, mentions[i:j]
        i = j


def _inside_any(cand: Candidate, spans: list[tuple[int, int]]) -> bool:
    """Whether ``cand`` lies inside one of the sorted ``spans`` ("No. 188" inside a date is no name)."""
    k = bisect.bisect_right(spans, (cand.start, float("inf")))
    return any(spans[x][0] <= cand.start and cand.end <= spans[x][1] for x in range(max(0, k - 3), k))


def _resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Rule mentions before statistical ones, then the longest span, then type priority;
    a mention never overlaps another."""
    return non_overlapping(cands, _TYPE_PRIORITY)


def _group(cands: list[Candidate]) -> list[GraphEntity]:
    """One entity per normalised name and type; shorter names whose words are all
    in a longer name of the same type join it ("Tekhnologia" → "ORPE Tekhnologia")."""
    entities: list[GraphEntity] = []
    by_key: dict[tuple[str, str], int] = {}
    by_word: dict[tuple[str, str], list[int]] = {}  # (type, word) → entities whose key holds it
    # names from the gazetteer group by their canonical name: "Rostekh" and "Rostec" are one
    pending = [(cand, "=" + cand.attributes["canonical"] if "canonical" in cand.attributes else name_key(cand.surface))
               for cand in cands]
    # rule-found and longest keys first, so short forms can find the long form they abbreviate
    for cand, key in sorted((p for p in pending if p[1]), key=lambda p: (p[0].rank, -len(p[1]))):
        slot = by_key.get((cand.type, key))
        if slot is None and cand.type in ("organization", "cluster", "site") and len(key) >= 4:
            words = key.split()
            pool = by_word.get((cand.type, words[0]), [])
            for idx in pool:
                other = name_key(entities[idx].name)
                if set(words) < set(other.split()) and not names_a_subsidiary(cand.surface.split(), entities[idx].name.split()):
                    slot = idx
                    break
        if slot is None:
            clean, form = strip_legal_form(cand.surface)
            attributes = {k: v for k, v in cand.attributes.items() if k != "canonical"}
            if form:
                attributes.setdefault("legal_form", form)
            entities.append(GraphEntity(cand.type, clean, attributes=attributes, confidence=0.8 if cand.rank == 0 else 0.6))
            slot = len(entities) - 1
            by_key[(cand.type, key)] = slot
            for word in set(key.split()):
                by_word.setdefault((cand.type, word), []).append(slot)
        ent = entities[slot]
        for k, v in cand.attributes.items():
            if k != "canonical":
                ent.attributes.setdefault(k, v)
        ent.mentions.append((Span(cand.start, cand.end), cand.surface))
        if cand.surface != ent.name and cand.surface not in ent.aliases:
            ent.aliases.append(cand.surface)
    return entities


def _dedupe_relations(relations):
    """One relation per (subject, predicate, object); for member_of the most explicit role wins."""
    best: dict[tuple, object] = {}
    for rel in relations:
        if rel.subject == rel.object:
            continue
        key = (rel.subject, rel.predicate, rel.object)
        if rel.predicate == "partner_of":  # symmetric
            key = (min(rel.subject, rel.object), rel.predicate, max(rel.subject, rel.object))
        kept = best.get(key)
        if kept is None or (rel.role and kept.role and ROLE_ORDER.index(rel.role) < ROLE_ORDER.index(kept.role)):
            best[key] = rel
    return list(best.values())
