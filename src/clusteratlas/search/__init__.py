"""Full-text search over documents and entities: one interface, two engines.

SQLite (the embedded default) uses its FTS5 index with BM25 ranking; PostgreSQL uses a
``tsvector`` column with a GIN index and ``ts_rank_cd``. Both see the same rows (``index.py``),
the same parsed query (``query.py``: the user's words, never query syntax) and answer the same
:class:`SearchPage`: ranked hits with a highlighted snippet, facet counts and pagination.

A row matches when it holds every word of the query (phrases as phrases), or when its names'
transliteration-blind skeletons hold every word's skeleton, so "Ростех" finds Rostec.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from .index import facet_token, index_documents, index_entities, rebuild
from .query import MAX_QUERY_CHARS, ParsedQuery, SearchError, parse_query

__all__ = ["FACETS", "Hit", "MAX_QUERY_CHARS", "SearchError", "SearchFilters", "SearchPage", "index_documents",
           "index_entities", "parse_query", "rebuild", "search"]

FACETS = ("type", "region", "cluster", "language", "year")
FACET_VALUES_SHOWN = 12
FACET_SAMPLE = 2000  # facets count over the best 2,000 hits: exact for most queries, bounded for any
# A query matching more rows than this is ranked among its RANK_WINDOW most recently indexed
# matches. Below it, ranking is over every match. It bounds the work of a query for a word most
# documents contain, whose ranking says little anyway.
RANK_WINDOW = 5_000
# Totals are exact up to this; above it a page says "10,000+" (``SearchPage.total_is_exact``).
COUNT_LIMIT = 10_000
_START, _STOP = "\x02", "\x03"  # snippet markers no text contains


@dataclass(frozen=True)
class SearchFilters:
    type: str | None = None  # an entity type, or "document"
    region: str | None = None
    cluster: str | None = None
    language: str | None = None
    year: int | None = None

    def facets(self) -> list[tuple[str, str]]:
        return [(name, str(value)) for name in FACETS if (value := getattr(self, name)) is not None]


@dataclass
class Hit:
    kind: str  # document | entity
    id: str  # the document's ID, or the entity's (canonical where it was merged)
    type: str
    title: str
    score: float  # higher is better, comparable only within one search
    snippet: list[tuple[str, bool]]  # (text, is a hit) parts


@dataclass
class SearchPage:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    total_is_exact: bool = True  # False: at least ``total`` rows match (see COUNT_LIMIT)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict:
        """The JSON shape of ``/api/search`` and ``clusteratlas search --json``."""
        return {
            "query": self.query, "total": self.total, "total_is_exact": self.total_is_exact, "page": self.page,
            "per_page": self.per_page, "pages": self.pages,
            "hits": [{"kind": h.kind, "id": h.id, "type": h.type, "title": h.title, "score": round(h.score, 4),
                      "snippet": [{"text": t, "hit": is_hit} for t, is_hit in h.snippet]} for h in self.hits],
            "facets": {name: [{"value": v, "count": n} for v, n in values] for name, values in self.facets.items()},
        }


def search(engine: Engine, query: str, filters: SearchFilters = SearchFilters(), *, page: int = 1,
           per_page: int = 20, canonical=None) -> SearchPage:
    """Search; ``canonical`` maps entity IDs to canonical IDs (merged entities answer once)."""
    parsed = parse_query(query)
    result = SearchPage(query=query, total=0, page=page, per_page=per_page, hits=[])
    if parsed.empty:
        return result
    if engine.dialect.name == "postgresql":
        backend, (where, params) = _Postgres(parsed), _filters_sql(filters)
    else:
        backend, where, params = _SQLite(parsed, filters), "", {}
    offset = (page - 1) * per_page
    with engine.connect() as conn:
        result.total = backend.count(conn, where, params)
        result.total_is_exact = result.total <= COUNT_LIMIT
        result.total = min(result.total, COUNT_LIMIT)
        if result.total:
            # one ranked pass gives both the page and the best hits that facets count over
            ranked = backend.ranked(conn, where, params, max(FACET_SAMPLE, offset + per_page))
            page_ids = ranked[offset : offset + per_page]
            result.hits = _hits(backend.details(conn, page_ids), canonical)
            result.facets = _facet_counts(conn, [row_id for row_id, _ in ranked[:FACET_SAMPLE]])
    return result


def _filters_sql(filters: SearchFilters) -> tuple[str, dict]:
    clauses, params = [], {}
    for n, (name, value) in enumerate(filters.facets()):
        clauses.append(f"{{row}} IN (SELECT row_id FROM search_facets WHERE facet = :ff{n} AND value = :fv{n})")
        params[f"ff{n}"], params[f"fv{n}"] = name, value
    return "".join(f" AND {c}" for c in clauses), params


def _hits(rows, canonical) -> list[Hit]:
    hits, seen = [], set()
    for row in rows:
        ref = row.ref_id
        if row.kind == "entity" and canonical is not None:
            ref = canonical(ref)
            if ref in seen:
                continue  # a merged-away entity answers as its canonical one, once
            seen.add(ref)
        hits.append(Hit(row.kind, ref, row.type, row.title, float(row.score), _snippet_parts(row.snip or "")))
    return hits


def _snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    parts, hit, buf = [], False, []
    for ch in snippet:
        if ch in (_START, _STOP):
            if buf:
                parts.append(("".join(buf), hit))
                buf = []
            hit = ch == _START
        else:
            buf.append(ch)
    if buf:
        parts.append(("".join(buf), hit))
    return parts


class _SQLite:
    def __init__(self, q: ParsedQuery, filters: SearchFilters):
        def quoted(words):
            return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)

        in_phrases = {w for p in q.phrases for w in p}
        terms = [w for w in q.words if w not in in_phrases] + [" ".join(p) for p in q.phrases]
        text_part = "{title body} : (" + quoted(terms) + ")"
        # names across scripts for plain words; a quoted phrase is about the text as written
        self.match = f"(({text_part}) OR (folded : ({quoted(q.folded)})))" if q.folded and not q.phrases \
            else f"({text_part})"
        wanted = [facet_token(name, value) for name, value in filters.facets()]
        if wanted:  # facets are tokens of their own column: a filter is one more term
            self.match += " AND (facets : (" + quoted(wanted) + "))"

    # the full-text table alone: SQLite then walks the index's rowids and stops at a LIMIT
    _FROM = "FROM search_fts WHERE search_fts MATCH :q"

    def count(self, conn: Connection, where: str, params: dict) -> int:
        where = where.format(row="search_fts.rowid")
        return conn.execute(text(f"SELECT count(*) FROM (SELECT search_fts.rowid {self._FROM}{where} LIMIT :cap)"),
                            {"q": self.match, "cap": COUNT_LIMIT + 1, **params}).scalar_one()

    def ranked(self, conn: Connection, where: str, params: dict, limit: int) -> list[tuple[int, float]]:
        # BM25 over at most RANK_WINDOW matches, the most recently indexed: a word found in most of
        # 100k documents would otherwise be scored 100k times for twenty hits (see RANK_WINDOW)
        where = where.format(row="search_fts.rowid")
        rows = conn.execute(text(
            "SELECT id, rank FROM ("
            f"SELECT search_fts.rowid AS id, bm25(search_fts, 4.0, 1.0, 3.0, 0.0) AS rank {self._FROM}{where} "
            "ORDER BY search_fts.rowid DESC LIMIT :window) ORDER BY rank LIMIT :limit"),
            {"q": self.match, "limit": limit, "window": RANK_WINDOW, **params})
        return [(int(row.id), -float(row.rank)) for row in rows]

    def details(self, conn: Connection, ranked: list[tuple[int, float]]) -> list:
        """The page's rows with snippets: a second MATCH narrowed to their rowids."""
        if not ranked:
            return []
        ids = ",".join(str(int(i)) for i, _ in ranked)
        found = {row.id: row for row in conn.execute(text(
            "SELECT r.id, r.kind, r.ref_id, r.type, r.title, "
            f"snippet(search_fts, 1, '{_START}', '{_STOP}', '…', 24) AS snip "
            "FROM search_fts JOIN search_rows r ON r.id = search_fts.rowid "
            f"WHERE search_fts MATCH :q AND search_fts.rowid IN ({ids})"), {"q": self.match})}
        return [_Row(found[i], score) for i, score in ranked if i in found]


class _Postgres:
    def __init__(self, q: ParsedQuery):
        self.params = {"words": " ".join(q.words), "folded": " & ".join(q.folded) or "''"}
        phrase_sql = "".join(f" && phraseto_tsquery('english', :phrase{i})" for i in range(len(q.phrases)))
        self.params.update({f"phrase{i}": " ".join(p) for i, p in enumerate(q.phrases)})
        folded = " || to_tsquery('simple', :folded)" if q.folded and not q.phrases else ""
        self.tsquery = f"((plainto_tsquery('english', :words){phrase_sql}){folded})"

    def _from(self, where: str) -> str:
        return f"FROM search_rows r WHERE r.tsv @@ {self.tsquery}{where.format(row='r.id')}"

    def count(self, conn: Connection, where: str, params: dict) -> int:
        return conn.execute(text(f"SELECT count(*) FROM (SELECT r.id {self._from(where)} LIMIT :cap) AS m"),
                            {**self.params, **params, "cap": COUNT_LIMIT + 1}).scalar_one()

    def ranked(self, conn: Connection, where: str, params: dict, limit: int) -> list[tuple[int, float]]:
        rows = conn.execute(text(
            "SELECT id, rank FROM ("
            f"SELECT r.id AS id, ts_rank_cd(r.tsv, {self.tsquery}) AS rank {self._from(where)} "
            "ORDER BY r.id DESC LIMIT :window) AS w ORDER BY rank DESC, id LIMIT :limit"),
            {**self.params, **params, "limit": limit, "window": RANK_WINDOW})
        return [(int(row.id), float(row.rank)) for row in rows]

    def details(self, conn: Connection, ranked: list[tuple[int, float]]) -> list:
        if not ranked:
            return []
        options = f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, MaxFragments=1, FragmentDelimiter=…"
        found = {row.id: row for row in conn.execute(text(
            "SELECT r.id, r.kind, r.ref_id, r.type, r.title, "
            f"ts_headline('english', r.body, {self.tsquery}, :options) AS snip "
            "FROM search_rows r WHERE r.id = ANY(:ids)"), {**self.params, "options": options, "ids": [i for i, _ in ranked]})}
        return [_Row(found[i], score) for i, score in ranked if i in found]


class _Row:
    def __init__(self, row, score: float):
        self.kind, self.ref_id, self.type, self.title, self.snip = row.kind, row.ref_id, row.type, row.title, row.snip
        self.score = score


def _facet_counts(conn: Connection, row_ids: list[int]) -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    if not row_ids:
        return out
    rows = conn.execute(text(
        f"SELECT facet, value, count(*) AS n FROM search_facets WHERE row_id IN ({','.join(str(int(i)) for i in row_ids)}) "
        "GROUP BY facet, value ORDER BY facet, n DESC, value"))
    for facet, value, n in rows:
        if facet in out and len(out[facet]) < FACET_VALUES_SHOWN:
            out[facet].append((value, int(n)))
    return out
