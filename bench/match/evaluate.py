#!/usr/bin/env python3
"""Supplier matching benchmark: how often ``clusteratlas match`` puts the right organisations first.

    .venv/bin/python bench/match/evaluate.py                 # builds a fresh atlas from examples/corpus
    .venv/bin/python bench/match/evaluate.py --db atlas.db   # or uses an existing one
    .venv/bin/python bench/match/evaluate.py --semantic      # with the optional sentence embeddings

For every need in needs.yaml it asks for 10 results and prints, per need, precision at 5 (relevant
results among the first five, divided by five), recall at 10 (expected organisations found in the
first ten, divided by how many are expected) and the rank of the first relevant result; then the
means. Since most needs expect one to three organisations, the best possible mean precision at 5
is printed beside it. A result is relevant when any name the atlas has for it (any spelling of any
merged entity) equals an expected name, case aside ("A | B" in needs.yaml: either spelling).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from clusteratlas import Atlas  # noqa: E402

NEEDS = Path(__file__).resolve().parent / "needs.yaml"


def load_needs(path: Path = NEEDS) -> list[dict]:
    needs = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in needs:
        if not item.get("need") or not item.get("expect"):
            raise SystemExit(f"{path}: every entry needs 'need' and 'expect' ({item!r})")
    return needs


def names_of(atlas: Atlas, entity_id: str, cache: dict) -> set[str]:
    """Every name the atlas has for a canonical entity, lower-cased."""
    if entity_id not in cache:
        found = atlas.entity(entity_id) or {}
        cache[entity_id] = {n.lower() for n in found.get("names", [])} | {str(found.get("caption", "")).lower()}
    return cache[entity_id]


def evaluate(atlas: Atlas, needs: list[dict], *, semantic: bool = False) -> dict:
    cache: dict[str, set[str]] = {}
    rows, times = [], []
    for item in needs:
        # each expected organisation as the set of its spellings ("ORPE Tekhnologiya | Tekhnologiya")
        expected = [frozenset(n.strip().lower() for n in e.split("|")) for e in item["expect"]]
        started = time.perf_counter()
        results = atlas.match(item["need"], region=item.get("region"), cluster=item.get("cluster"), limit=10,
                              semantic=semantic)
        times.append(time.perf_counter() - started)
        hits = []  # for each result: the expected name it is, or None
        for m in results:
            names = names_of(atlas, m.id, cache)
            hits.append(next((e for e in expected if e & names), None))
        found = {h for h in hits if h}
        top5 = [h for h in hits[:5] if h]
        rows.append({
            "need": item["need"], "region": item.get("region"), "cluster": item.get("cluster"),
            "expected": item["expect"],
            "p_at_5": len(top5) / 5,
            "best_p_at_5": min(5, len(expected)) / 5,
            "r_at_10": len({h for h in hits[:10] if h}) / len(set(expected)),
            "first_relevant": next((i + 1 for i, h in enumerate(hits) if h), None),
            "results": [m.name for m in results],
            "missed": [e for e, spellings in zip(item["expect"], expected) if spellings not in found],
            "evidence_ok": all(m.evidence and all(e.text and e.document.get("id") for e in m.evidence) for m in results),
        })
    n = len(rows)
    return {
        "needs": n,
        "mean_p_at_5": sum(r["p_at_5"] for r in rows) / n,
        "best_mean_p_at_5": sum(r["best_p_at_5"] for r in rows) / n,
        "mean_r_at_10": sum(r["r_at_10"] for r in rows) / n,
        "mrr": sum(1 / r["first_relevant"] for r in rows if r["first_relevant"]) / n,
        "mean_query_ms": 1000 * sum(times[1:]) / max(1, n - 1),  # the first query also builds the index
        "first_query_ms": 1000 * times[0],
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="an existing atlas (path or URL); default: a fresh SQLite atlas of --corpus")
    ap.add_argument("--corpus", type=Path, default=ROOT / "examples" / "corpus")
    ap.add_argument("--needs", type=Path, default=NEEDS)
    ap.add_argument("--semantic", action="store_true", help="add sentence-embedding similarity (needs the 'semantic' extra)")
    ap.add_argument("--json", type=Path, help="also write every figure as JSON here")
    args = ap.parse_args(argv)

    needs = load_needs(args.needs)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or f"sqlite:///{Path(tmp) / 'atlas.db'}"
        atlas = Atlas(db)
        ingest_s = None
        if not args.db:
            started = time.perf_counter()
            report = atlas.ingest([args.corpus])
            ingest_s = time.perf_counter() - started
            if not report.ok:
                print(f"bench: {len(report.failed)} corpus files failed to ingest", file=sys.stderr)
        figures = evaluate(atlas, needs, semantic=args.semantic)
        atlas.close()

    for r in figures["rows"]:
        where = "".join(f" [{k}: {r[k]}]" for k in ("region", "cluster") if r[k])
        first = r["first_relevant"] or "-"
        print(f"P@5 {r['p_at_5']:.2f}  R@10 {r['r_at_10']:.2f}  first {first!s:>2}  {r['need']}{where}"
              + (f"  (missed: {', '.join(r['missed'])})" if r["missed"] else ""))
    print()
    print(f"needs: {figures['needs']}")
    print(f"mean precision@5: {figures['mean_p_at_5']:.3f}  (best possible with these answer lists: "
          f"{figures['best_mean_p_at_5']:.3f})")
    print(f"mean recall@10:   {figures['mean_r_at_10']:.3f}")
    print(f"MRR:              {figures['mrr']:.3f}")
    print(f"every result has evidence with text and document: {all(r['evidence_ok'] for r in figures['rows'])}")
    if ingest_s is not None:
        print(f"ingest of {args.corpus.name}: {ingest_s:.1f} s; first query (builds the index) "
              f"{figures['first_query_ms']:.0f} ms, then {figures['mean_query_ms']:.1f} ms per query")
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, semantic={'on' if args.semantic else 'off'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
