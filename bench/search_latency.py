#!/usr/bin/env python3
"""Search latency on a synthetic atlas: 100k documents and 300k entities, SQLite and PostgreSQL.

The atlas is written straight into the store's tables (documents, entities, statements), as
ingest would leave them, then indexed with the same code ingest uses (``Store.reindex``); no
extraction runs, so building takes minutes, not days. Texts are made from a fixed vocabulary of
the field's words with a Zipf-like spread, company names from Russian syllables (stored in Latin
letters), regions from the gazetteer's federal subjects and invented cluster names.

Then 200 searches go through ``Atlas.search`` (the CLI's and the API's path), 40 of each kind:

  rare       a company name that occurs in one or two documents
  frequent   one of the commonest words (found in most documents)
  phrase     a quoted two- or three-word phrase of the field ("special economic zone")
  facet      a common word narrowed to one region
  cyrillic   a company name typed in Cyrillic, stored in Latin letters (Ростех → Rostekh)

and the script prints p50 and p99 latency per kind and over all 200, per backend, with the
number of hits. Every query runs once unmeasured first (warm cache), then measured.

    .venv/bin/python bench/search_latency.py                    # 100k docs, 300k entities
    .venv/bin/python bench/search_latency.py --docs 10000 --entities 30000
    .venv/bin/python bench/search_latency.py --postgres postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import create_engine, insert, text  # noqa: E402

from clusteratlas.atlas import Atlas  # noqa: E402
from clusteratlas.extract.lexicon import load_lexicon  # noqa: E402
from clusteratlas.names import transliterate  # noqa: E402
from clusteratlas.store import Store, database_url  # noqa: E402
from clusteratlas.store.tables import documents, entities, statements  # noqa: E402

WORDS = ("cluster park zone industrial special economic production plant company investment regional federal "
         "support project supplier residents engineering composite materials aircraft automotive pharmaceutical "
         "chemical machinery technology innovation export infrastructure hectares budget subsidy agreement "
         "management development research university institute programme anchor participant member holding "
         "equipment components steel titanium polymer pipes cable bearing turbine engine software electronics "
         "logistics warehouse railway road energy gas oil petrochemical timber food agricultural medical devices "
         "laboratory startup venture grant loan ministry government decree order law tax preference customs "
         "land lease office workshop shop line capacity output tonnes units jobs employees wages training").split()
PHRASES = ["special economic zone", "industrial park", "anchor company", "composite materials", "regional budget",
           "federal support", "research institute", "production line"]
SYLLABLES = "тех про маш ком сиб урал волга кама нефте хим энерго авто авиа пром строй газ лес агро мет " \
            "лит фарм био гео трон вект ор им ал ан ер ин ос ту ра ко ри ла".split()
CLUSTER_WORDS = "Aerospace Automotive Composite Pharmaceutical Petrochemical Photonics Titanium Timber Medical " \
                "Machine-Building Shipbuilding Electronics Agro Biotech Space Energy".split()
KINDS = ("rare", "frequent", "phrase", "facet", "cyrillic")


class _NoExtractor:  # the benchmark writes facts directly; nothing is extracted
    name, version = "bench", "1"


def _brand(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((3, 3, 4))))


def build(url: str, n_docs: int, n_entities: int, seed: int) -> dict:
    rng = random.Random(seed)
    store = Store(url)
    store.migrate()
    regions = sorted({canonical for _f, (canonical, kind) in load_lexicon().places.items() if kind == "region"})
    clusters = list(dict.fromkeys(f"{rng.choice(regions).split()[0]} {rng.choice(CLUSTER_WORDS)} Cluster"
                                  for _ in range(600)))
    weights = [1 / (i + 1) for i in range(len(WORDS))]
    now = datetime.now(timezone.utc)
    brands: dict[str, str] = {}  # Cyrillic original → Latin as stored
    rate = (n_entities - len(regions) - len(clusters)) / n_docs  # companies per document, on average
    started = time.perf_counter()
    with store.engine.begin() as conn:
        for table, name in ((regions, "place"), (clusters, "cluster")):
            conn.execute(insert(entities), [{"id": _id(name, v), "type": name, "caption": v, "name_key": v.lower(),
                                             "created_at": now} for v in table])
        made = len(regions) + len(clusters)
        batch_docs, batch_ents, batch_stmts = [], [], []
        for d in range(n_docs):
            doc_id = f"doc-{d:012x}"
            region, cluster = rng.choice(regions), rng.choice(clusters)
            names = []
            for _ in range(max(1, int((d + 1) * rate) - int(d * rate)) if made < n_entities else 0):
                ru = _brand(rng)
                latin = transliterate(ru).capitalize()
                brands.setdefault(ru, latin)
                names.append(latin)
                made += 1
            words = rng.choices(WORDS, weights, k=70)
            for phrase in rng.sample(PHRASES, 2):
                words.insert(rng.randrange(len(words)), phrase)
            body = " ".join(words)
            text_ = (f"{names[0] if names else 'A company'} joins the {cluster} in {region}. "
                     f"{body}. " + " ".join(f"{n} LLC is a {rng.choice(WORDS)} supplier." for n in names[1:]))
            batch_docs.append({"id": doc_id, "content_hash": hashlib.sha256(doc_id.encode()).hexdigest(),
                               "path": f"/synthetic/{doc_id}.txt", "format": "txt", "title": f"{cluster}: news {d}",
                               "language": "en", "published": f"{2010 + d % 15}-01-01", "size": len(text_),
                               "text": text_, "ingested_at": now})
            for name in names:
                entity_id = _id("organization", f"{name}-{d}")
                batch_ents.append({"id": entity_id, "type": "organization", "caption": name, "name_key": name.lower(),
                                   "created_at": now})
                at = text_.find(name)
                for prop, value, target in (("name", name, None), ("located_in", region, _id("place", region)),
                                            ("member_of", cluster, _id("cluster", cluster))):
                    batch_stmts.append(_statement(doc_id, entity_id, prop, value, target, at, at + len(name), now))
            for value, kind in ((region, "place"), (cluster, "cluster")):
                at = text_.find(value)
                batch_stmts.append(_statement(doc_id, _id(kind, value), "name", value, None, at, at + len(value), now))
            if len(batch_docs) >= 2000:
                _flush(conn, batch_docs, batch_ents, batch_stmts)
        _flush(conn, batch_docs, batch_ents, batch_stmts)
        # everything is its own canonical entity: the benchmark measures search, not resolution
        conn.execute(text("INSERT INTO entity_links (entity_id, canonical_id) SELECT id, id FROM entities"))
    written = time.perf_counter() - started
    started = time.perf_counter()
    counts = store.reindex()
    indexed = time.perf_counter() - started
    store.close()
    return {"brands": brands, "regions": regions, "counts": counts, "write_s": written, "index_s": indexed}


def _id(kind: str, value: str) -> str:
    return f"{kind[:3]}-" + hashlib.sha1(f"{kind}|{value}".encode()).hexdigest()[:12]


def _statement(doc_id, entity_id, prop, value, target, start, end, now) -> dict:
    sid = hashlib.sha1(f"{doc_id}|{entity_id}|{prop}|{value}".encode()).hexdigest()[:24]
    return {"id": sid, "entity_id": entity_id, "property": prop, "value": value, "value_entity_id": target,
            "qualifiers": {}, "document_id": doc_id, "start": max(start, 0), "end": max(end, 0), "extractor": "bench",
            "extractor_version": "1", "confidence": 1.0, "created_at": now}


def _flush(conn, docs, ents, stmts) -> None:
    if docs:
        conn.execute(insert(documents), docs)
    if ents:
        conn.execute(insert(entities).prefix_with("OR IGNORE") if conn.dialect.name == "sqlite"
                     else insert(entities), _unique(ents))
    if stmts:
        conn.execute(insert(statements), _unique(stmts))
    docs.clear(), ents.clear(), stmts.clear()


def _unique(rows: list[dict]) -> list[dict]:
    return list({r["id"]: r for r in rows}.values())


def queries(built: dict, seed: int) -> list[tuple[str, str, dict]]:
    rng = random.Random(seed + 1)
    brands = list(built["brands"].items())
    common = WORDS[:12]
    out = []
    for _ in range(40):
        ru, latin = rng.choice(brands)
        out.append(("rare", latin, {}))
        out.append(("frequent", rng.choice(common), {}))
        out.append(("phrase", f'"{rng.choice(PHRASES)}"', {}))
        out.append(("facet", rng.choice(common), {"region": rng.choice(built["regions"])}))
        out.append(("cyrillic", rng.choice(brands)[0], {}))
    return out


def measure(url: str, qs: list[tuple[str, str, dict]]) -> dict[str, list[tuple[float, int]]]:
    atlas = Atlas(store=Store(url), extractor=_NoExtractor())
    for _kind, q, filters in qs:  # warm up: the first touch of each index page is the disk's, not ours
        atlas.search(q, **filters)
    out: dict[str, list[tuple[float, int]]] = {k: [] for k in KINDS}
    for kind, q, filters in qs:
        started = time.perf_counter()
        result = atlas.search(q, **filters)
        out[kind].append(((time.perf_counter() - started) * 1000, result.total))
    atlas.close()
    return out


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def report(name: str, built: dict, times: dict[str, list[tuple[float, int]]]) -> None:
    c = built["counts"]
    print(f"\n{name}: {c['documents']:,} documents, {c['entities']:,} entities "
          f"(written in {built['write_s']:.0f} s, indexed in {built['index_s']:.0f} s)")
    print(f"  {'kind':<10} {'p50 ms':>8} {'p99 ms':>8} {'median hits':>12}")
    every = []
    for kind in KINDS:
        ms = [t for t, _ in times[kind]]
        every += ms
        hits = statistics.median(h for _, h in times[kind])
        print(f"  {kind:<10} {_p(ms, 0.5):>8.1f} {_p(ms, 0.99):>8.1f} {hits:>12,.0f}")
    print(f"  {'all 200':<10} {_p(every, 0.5):>8.1f} {_p(every, 0.99):>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--postgres", default=os.environ.get("CLUSTERATLAS_TEST_DATABASE_URL"),
                        help="a PostgreSQL URL; a fresh schema is made and dropped (default: $CLUSTERATLAS_TEST_DATABASE_URL)")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'atlas.db'}"
            built = build(url, args.docs, args.entities, args.seed)
            report("SQLite (FTS5, BM25)", built, measure(url, queries(built, args.seed)))
            print(f"  database file {os.path.getsize(Path(tmp) / 'atlas.db') / 2**20:,.0f} MiB")
    if args.postgres:
        schema = "bench_" + uuid.uuid4().hex[:10]
        admin = create_engine(database_url(args.postgres))
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            sep = "&" if "?" in args.postgres else "?"
            url = f"{database_url(args.postgres)}{sep}options=-csearch_path%3D{schema}"
            built = build(url, args.docs, args.entities, args.seed)
            report("PostgreSQL (tsvector + GIN, ts_rank_cd)", built, measure(url, queries(built, args.seed)))
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
