#!/usr/bin/env python3
"""Score an entity resolver on bench/resolution/dataset.jsonl.

By default it runs the library's resolver::

    from clusteratlas.resolve.matching import NameRecord, resolve_records

one record per dataset line (its one name, its INN when it has one), and
compares the clusters with the truth:

  pairwise precision / recall / F1   over all pairs of records: a pair is
                                     predicted "same" when both records get the
                                     same cluster id, truly "same" when both have
                                     the same truth key
  hard-negative precision            of all record pairs (a, b) with a from one
                                     and b from the other entity of a pair in
                                     hard_negatives.jsonl, the share kept apart
  comparisons per record             result.comparisons / records
  seconds                            wall time of resolve_records() alone

``--baseline exact`` scores a stand-in instead: records whose names are equal
after strip() and lower() share a cluster. It needs no library and is the
reference line to beat.

    .venv/bin/python bench/resolution/evaluate.py
    .venv/bin/python bench/resolution/evaluate.py --show-errors 10
    .venv/bin/python bench/resolution/evaluate.py --baseline exact --json out.json
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RESOLVER_MODULE = "clusteratlas.resolve.matching"


def c2(n: int) -> int:
    return n * (n - 1) // 2


# ---- loading -------------------------------------------------------------------


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# ---- resolvers -------------------------------------------------------------------


@dataclass
class Run:
    canonical: dict[str, str]  # record id → cluster id
    comparisons: int | None
    seconds: float
    label: str


def run_exact(rows: list[dict]) -> Run:
    """Stand-in resolver: equal names after strip().lower() are one entity. "Comparisons" are
    the pairs inside each block of equal names, as a blocking resolver would count them."""
    start = time.perf_counter()
    first: dict[str, str] = {}
    canonical = {}
    for row in rows:
        key = row["type"] + "\x1f" + row["name"].strip().lower()
        canonical[row["id"]] = first.setdefault(key, row["id"])
    seconds = time.perf_counter() - start
    comparisons = sum(c2(n) for n in Counter(canonical.values()).values())
    return Run(canonical, comparisons, seconds, "baseline: exact match of lowercased names")


def load_resolver():
    """The library's NameRecord and resolve_records, or exit with a message saying why not."""
    src = ROOT / "src"
    if src.is_dir() and str(src) not in sys.path:
        sys.path.insert(0, str(src))  # score the working tree, installed or not
    try:
        module = importlib.import_module(RESOLVER_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name and (RESOLVER_MODULE == exc.name or RESOLVER_MODULE.startswith(exc.name + ".")):
            what = f"the module {RESOLVER_MODULE} does not exist (yet)"
        else:
            what = f"importing {RESOLVER_MODULE} failed because {exc.name!r} is not installed"
        sys.exit(
            f"evaluate.py: cannot load the resolver: {what}.\n"
            f"  It is expected at src/clusteratlas/resolve/matching.py, providing NameRecord and resolve_records.\n"
            f"  Install the project into the virtual environment (`make install` or `.venv/bin/pip install -e .`),\n"
            f"  or score the stand-in instead: .venv/bin/python bench/resolution/evaluate.py --baseline exact"
        )
    missing = [name for name in ("NameRecord", "resolve_records") if not hasattr(module, name)]
    if missing:
        sys.exit(
            f"evaluate.py: {RESOLVER_MODULE} ({module.__file__}) has no {' or '.join(missing)}; "
            f"the benchmark needs NameRecord and resolve_records.\n"
            f"  Score the stand-in instead with --baseline exact."
        )
    return module.NameRecord, module.resolve_records


def run_library(rows: list[dict]) -> Run:
    NameRecord, resolve_records = load_resolver()
    records = [
        NameRecord(id=r["id"], type=r["type"], names=[r["name"]], identifiers={"inn": r["inn"]} if r.get("inn") else {})
        for r in rows
    ]
    start = time.perf_counter()
    result = resolve_records(records)
    seconds = time.perf_counter() - start
    canonical = dict(result.canonical)
    missing = [r["id"] for r in rows if r["id"] not in canonical]
    if missing:
        sys.exit(f"evaluate.py: the resolver gave no cluster for {len(missing)} records, e.g. {missing[:5]}")
    comparisons = getattr(result, "comparisons", None)
    return Run(canonical, comparisons, seconds, f"{RESOLVER_MODULE}.resolve_records")


# ---- metrics ---------------------------------------------------------------------


def pairwise(pred: list[str], true: list[str]) -> dict:
    predicted = sum(c2(n) for n in Counter(pred).values())
    actual = sum(c2(n) for n in Counter(true).values())
    tp = sum(c2(n) for n in Counter(zip(pred, true)).values())
    precision = tp / predicted if predicted else 1.0
    recall = tp / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_positive_pairs": tp,
            "predicted_pairs": predicted, "true_pairs": actual, "false_merge_pairs": predicted - tp,
            "missed_pairs": actual - tp}


def hard_negative_scores(rows: list[dict], canonical: dict[str, str], pairs: list[dict]) -> dict:
    """Share of record pairs across each hard-negative entity pair that are kept apart."""
    clusters_of: dict[str, Counter] = defaultdict(Counter)  # truth → Counter(cluster id)
    for row in rows:
        clusters_of[row["truth"]][canonical[row["id"]]] += 1
    total = apart = entity_pairs_clean = 0
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # pairs, apart, entity pairs, clean
    merged: list[tuple[int, dict]] = []
    for pair in pairs:
        a, b = clusters_of.get(pair["a"]), clusters_of.get(pair["b"])
        if not a or not b:
            continue
        n = sum(a.values()) * sum(b.values())
        together = sum(count * b[cluster] for cluster, count in a.items() if cluster in b)
        total += n
        apart += n - together
        entity_pairs_clean += together == 0
        cat = by_category[pair["category"]]
        cat[0] += n
        cat[1] += n - together
        cat[2] += 1
        cat[3] += together == 0
        if together:
            merged.append((together, pair))
    return {
        "precision": apart / total if total else 1.0,
        "record_pairs": total,
        "record_pairs_kept_apart": apart,
        "entity_pairs": len(pairs),
        "entity_pairs_fully_apart": entity_pairs_clean,
        "by_category": {
            k: {"precision": v[1] / v[0] if v[0] else 1.0, "record_pairs": v[0], "entity_pairs": v[2],
                "entity_pairs_fully_apart": v[3]}
            for k, v in sorted(by_category.items())
        },
        "merged": sorted(merged, key=lambda m: -m[0]),
    }


def evaluate(rows: list[dict], pairs: list[dict], run: Run) -> dict:
    ids = [r["id"] for r in rows]
    pred = [run.canonical[i] for i in ids]
    true = [r["truth"] for r in rows]
    report = {
        "resolver": run.label,
        "records": len(rows),
        "entities": len(set(true)),
        "clusters": len(set(pred)),
        "pairwise": pairwise(pred, true),
        "by_type": {},
        "seconds": run.seconds,
        "comparisons": run.comparisons,
        "comparisons_per_record": run.comparisons / len(rows) if run.comparisons is not None and rows else None,
    }
    for kind in sorted({r["type"] for r in rows}):
        sel = [i for i, r in enumerate(rows) if r["type"] == kind]
        report["by_type"][kind] = pairwise([pred[i] for i in sel], [true[i] for i in sel])
        report["by_type"][kind]["records"] = len(sel)
    cross = sum(1 for c, types in _cluster_types(rows, run.canonical).items() if len(types) > 1)
    report["clusters_mixing_types"] = cross
    hn = hard_negative_scores(rows, run.canonical, pairs)
    report["hard_negatives"] = {k: v for k, v in hn.items() if k != "merged"}
    report["_merged_hard_negatives"] = hn["merged"]
    return report


def _cluster_types(rows: list[dict], canonical: dict[str, str]) -> dict[str, set[str]]:
    types: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        types[canonical[row["id"]]].add(row["type"])
    return types


# ---- errors --------------------------------------------------------------------


def _names(rows: list[dict], limit: int = 6) -> str:
    names = [repr(r["name"]) + (f" [INN {r['inn']}]" if r.get("inn") else "") for r in rows]
    more = f", … (+{len(names) - limit})" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def show_errors(rows: list[dict], canonical: dict[str, str], pairs: list[dict], n: int) -> str:
    hn_set = {tuple(sorted((p["a"], p["b"]))): p["category"] for p in pairs}
    by_cluster: dict[str, list[dict]] = defaultdict(list)
    by_truth: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_cluster[canonical[row["id"]]].append(row)
        by_truth[row["truth"]].append(row)

    false_merges = []
    for cluster, members in by_cluster.items():
        truths = Counter(r["truth"] for r in members)
        if len(truths) > 1:
            wrong = c2(len(members)) - sum(c2(k) for k in truths.values())
            false_merges.append((wrong, cluster, members, truths))
    false_merges.sort(key=lambda x: (-x[0], x[1]))

    missed = []
    for truth, members in by_truth.items():
        parts = Counter(canonical[r["id"]] for r in members)
        if len(parts) > 1:
            lost = c2(len(members)) - sum(c2(k) for k in parts.values())
            missed.append((lost, truth, members, parts))
    missed.sort(key=lambda x: (-x[0], x[1]))

    out = [f"\nWorst false merges ({len(false_merges)} clusters hold more than one entity; "
           f"showing {min(n, len(false_merges))}, by wrongly joined record pairs):"]
    for wrong, cluster, members, truths in false_merges[:n]:
        out.append(f"  cluster {cluster}: {len(members)} records, {len(truths)} entities, {wrong} false pairs")
        keys = [t for t, _ in truths.most_common()]
        for t in keys:
            out.append(f"    {t}: {_names([r for r in members if r['truth'] == t])}")
        flagged = [f"{a} ~ {b} ({hn_set[tuple(sorted((a, b)))]})" for i, a in enumerate(keys) for b in keys[i + 1:]
                   if tuple(sorted((a, b))) in hn_set]
        if flagged:
            out.append("    listed hard negatives: " + "; ".join(flagged))
        for i, a in enumerate(keys[:4]):
            for b in keys[i + 1:4]:
                link = _closest([r for r in members if r["truth"] == a], [r for r in members if r["truth"] == b])
                if link:
                    out.append(f"    closest names across {a} / {b}: {link}")
    out.append(f"\nWorst missed merges ({len(missed)} entities are split over more than one cluster; "
               f"showing {min(n, len(missed))}, by record pairs not joined):")
    for lost, truth, members, parts in missed[:n]:
        out.append(f"  {truth}: {len(members)} records in {len(parts)} clusters, {lost} pairs missed")
        clusters = [c for c, _k in parts.most_common()]
        for cluster in clusters:
            out.append(f"    {cluster}: {_names([r for r in members if canonical[r['id']] == cluster])}")
        for i, a in enumerate(clusters[:4]):
            for b in clusters[i + 1:4]:
                link = _closest([r for r in members if canonical[r["id"]] == a],
                                [r for r in members if canonical[r["id"]] == b])
                if link:
                    out.append(f"    closest names across {a} / {b}: {link}")
    return "\n".join(out)


_SIMILARITY = []


def _similarity():
    """The library's name_similarity(a, b) -> 0..100, or None when it cannot be imported."""
    if not _SIMILARITY:
        src = ROOT / "src"
        if src.is_dir() and str(src) not in sys.path:
            sys.path.insert(0, str(src))
        try:
            _SIMILARITY.append(importlib.import_module(RESOLVER_MODULE).name_similarity)
        except (ImportError, AttributeError):
            _SIMILARITY.append(None)
    return _SIMILARITY[0]


def _closest(left: list[dict], right: list[dict]) -> str:
    """The most similar pair of names across two groups of records, with its name_similarity score."""
    similarity = _similarity()
    if similarity is None:
        return ""
    score, a, b = max((similarity(x["name"], y["name"]), x["name"], y["name"]) for x in left for y in right)
    return f"{a!r} ~ {b!r} name_similarity {score:.1f}"


# ---- report ---------------------------------------------------------------------


def format_report(report: dict) -> str:
    pw = report["pairwise"]
    hn = report["hard_negatives"]
    cpr = report["comparisons_per_record"]
    lines = [
        f"Resolver      {report['resolver']}",
        f"Records       {report['records']}  ({report['entities']} true entities, {report['clusters']} predicted clusters)",
        "",
        f"{'':22s}{'precision':>10s}{'recall':>10s}{'F1':>10s}{'pred pairs':>12s}{'true pairs':>12s}",
        f"{'all records':22s}{pw['precision']:10.4f}{pw['recall']:10.4f}{pw['f1']:10.4f}"
        f"{pw['predicted_pairs']:12d}{pw['true_pairs']:12d}",
    ]
    for kind, m in report["by_type"].items():
        lines.append(f"{kind + 's':22s}{m['precision']:10.4f}{m['recall']:10.4f}{m['f1']:10.4f}"
                     f"{m['predicted_pairs']:12d}{m['true_pairs']:12d}")
    lines += [
        "",
        f"Hard negatives: precision {hn['precision']:.4f} "
        f"({hn['record_pairs_kept_apart']} of {hn['record_pairs']} record pairs kept apart; "
        f"{hn['entity_pairs_fully_apart']} of {hn['entity_pairs']} entity pairs fully apart)",
    ]
    for cat, m in sorted(hn["by_category"].items(), key=lambda kv: kv[1]["precision"]):
        lines.append(f"  {cat:30s} {m['precision']:7.4f}   {m['entity_pairs_fully_apart']:3d}/{m['entity_pairs']:<3d}"
                     f" entity pairs apart")
    lines += [
        "",
        f"Clusters mixing types  {report['clusters_mixing_types']}",
        f"Comparisons            {report['comparisons'] if report['comparisons'] is not None else 'n/a'}"
        + (f"  ({cpr:.2f} per record)" if cpr is not None else ""),
        f"Seconds                {report['seconds']:.3f}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=HERE / "dataset.jsonl")
    parser.add_argument("--hard-negatives", type=Path, default=HERE / "hard_negatives.jsonl")
    parser.add_argument("--baseline", choices=["exact"], help="score a stand-in resolver instead of the library's")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N",
                        help="also list the N worst false merges and the N worst missed merges, each with "
                             "its closest names across entities or clusters and their name_similarity score")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON ('-' for stdout)")
    args = parser.parse_args(argv)

    if not args.dataset.exists():
        sys.exit(f"evaluate.py: {args.dataset} not found; run bench/resolution/make_dataset.py first")
    rows = load_jsonl(args.dataset)
    pairs = load_jsonl(args.hard_negatives) if args.hard_negatives.exists() else []

    run = run_exact(rows) if args.baseline == "exact" else run_library(rows)
    report = evaluate(rows, pairs, run)
    merged = report.pop("_merged_hard_negatives")

    if args.json and str(args.json) == "-":
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(format_report(report))
    if args.show_errors:
        print(show_errors(rows, run.canonical, pairs, args.show_errors))
        if merged:
            print(f"\nHard-negative entity pairs merged at least once: {len(merged)} (showing {min(args.show_errors, len(merged))})")
            for together, pair in merged[: args.show_errors]:
                print(f"  {pair['a']} ~ {pair['b']}: {together} record pairs joined ({pair['category']}: {pair['reason']})")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
