"""Resolution against the store: the whole graph (``rebuild``) or only new entities
(``resolve_new``), both honouring people's judgements.

Links map every entity ID to its canonical ID; statements are never rewritten, so
a merge is undone by a judgement and a rebuild, and a merged-away ID keeps
resolving to its canonical entity.
"""

from __future__ import annotations

from ..store import Store
from .matching import NameRecord, blocking_keys, resolve_records

MAX_BLOCK = 60


def _judged(store: Store) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(same, different) pairs; the latest judgement of a pair wins, "unsure" says nothing."""
    latest: dict[frozenset, tuple[str, str, str]] = {}
    for j in store.list_judgements():
        latest[frozenset((j["left_id"], j["right_id"]))] = (j["left_id"], j["right_id"], j["verdict"])
    same = [(a, b) for a, b, v in latest.values() if v == "same"]
    different = [(a, b) for a, b, v in latest.values() if v == "different"]
    return same, different


def rebuild(store: Store) -> dict[str, int]:
    """Resolve every entity from scratch; the same data and judgements give the same links."""
    records = store.entity_records()
    same, different = _judged(store)
    result = resolve_records(records, same=same, different=different, max_block=MAX_BLOCK)
    keys = {r.id: blocking_keys(r) for r in records}
    store.replace_resolution(result.canonical, keys, result.review)
    return {"entities": len(records), "canonical": len(set(result.canonical.values())),
            "review": len(result.review), "comparisons": result.comparisons}


def resolve_new(store: Store, new_ids: list[str]) -> dict[str, int]:
    """Resolve new entities against the graph through their blocking keys only.

    The comparison set is the new entities plus the stored entities sharing a key with them;
    their present clusters are kept (must-links), and a cluster the new entities join keeps the
    canonical ID of its earliest member, so no existing ID is renamed without a merge.
    """
    new = store.entity_records(new_ids)
    if not new:
        return {"entities": 0, "canonical": 0, "review": 0, "comparisons": 0}
    keys = {r.id: blocking_keys(r) for r in new}
    new_set = {r.id for r in new}
    neighbours = [i for i in store.entities_sharing_keys(set().union(*keys.values()), MAX_BLOCK) if i not in new_set]
    links = store.cluster_links(neighbours)  # only the clusters the new entities may touch
    old_clusters: dict[str, set[str]] = {}
    for entity_id in neighbours:
        canonical = links.get(entity_id, entity_id)
        old_clusters.setdefault(canonical, set()).add(entity_id)
    # whole clusters take part, so that their canonical member is in the comparison set
    involved = sorted(set(neighbours) | set(old_clusters) | {e for e, c in links.items() if c in old_clusters})
    records: list[NameRecord] = store.entity_records(involved) + new
    same, different = _judged(store)
    same = same + [(e, c) for c, members in old_clusters.items() for e in members if e != c]
    same += [(e, c) for e, c in links.items() if c in old_clusters and e != c]
    result = resolve_records(records, same=same, different=different, max_block=MAX_BLOCK)
    changed = {e: c for e, c in result.canonical.items() if links.get(e, e) != c or e in new_set}
    store.replace_resolution(changed, keys, result.review, partial=True)
    return {"entities": len(new), "canonical": len(set(result.canonical.values())),
            "review": len(result.review), "comparisons": result.comparisons}
