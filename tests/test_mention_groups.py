"""Acceptance: across the dev-set documents plus our own, the mention export puts every spelling
of the same thing under one ID, and the hard negatives under different IDs. SQLite and PostgreSQL.

The judgements are data, in tests/data/mention_groups.yaml (its header explains the format); each
`same` group and each `apart` pair is a test of its own, so a failure names the thing. All corpora
are ingested once per database, not once per test.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from clusteratlas import Atlas

from .conftest import CORPUS, DATA, database

DEV = Path(__file__).parents[2] / "shared" / "eval" / "dev" / "docs"  # ../shared beside the repository
CORPORA = {"dev": DEV, "resolution": DATA / "resolution", "corpus": CORPUS}
GROUPS = yaml.safe_load((DATA / "mention_groups.yaml").read_text(encoding="utf-8"))
SAME: list[dict] = GROUPS["same"]
APART: list[dict] = GROUPS["apart"]


def _norm(name: str) -> str:
    return " ".join(name.split())  # the export may keep no-break spaces from the source


def _corpus(mention: list[str]) -> str:
    return mention[0].partition("/")[0]


def _file(mention: list[str]) -> str:
    return mention[0].partition("/")[2]


def _show(mention: list[str]) -> str:
    return f"{mention[1]!r} in {mention[0]}" + (f" ({mention[2]})" if len(mention) > 2 else "")


def _available(mention: list[str]) -> bool:
    return _corpus(mention) != "dev" or DEV.is_dir()


def _ids(items: list[dict], label) -> list[str]:
    seen: dict[str, int] = defaultdict(int)
    out = []
    for item in items:
        base = re.sub(r"\s+", " ", label(item)).strip()
        seen[base] += 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


SAME_IDS = _ids(SAME, lambda g: re.split(r" \(|:", g["thing"])[0])
APART_IDS = _ids(APART, lambda p: f"{p['pair'][0][1]} vs {p['pair'][1][1]}")


def _params(items: list[dict], ids: list[str]) -> list:
    """A `known_gap` entry is expected to fail, strictly: when it starts passing, the mark must go."""
    return [pytest.param(item, id=i, marks=pytest.mark.xfail(strict=True, reason=item["known_gap"]))
            if item.get("known_gap") else pytest.param(item, id=i) for item, i in zip(items, ids)]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_db_url(request, tmp_path_factory):
    """conftest's db_url, once per module: the ingest below is shared by every test here."""
    yield from database(request.param, tmp_path_factory.mktemp("mention-groups"))


@pytest.fixture(scope="module")
def export(module_db_url) -> dict[tuple[str, str], list[dict]]:
    """All corpora in one atlas; the mention export indexed by (file name, surface form)."""
    folders = [path for name, path in CORPORA.items() if name != "dev" or DEV.is_dir()]
    atlas = Atlas(module_db_url)
    try:
        report = atlas.ingest(folders)
        assert report.ok, report.failed
        index: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for row in atlas.mentions():
            index[(row["document"], _norm(row["name"]))].append(row)
    finally:
        atlas.close()
    return dict(index)


def _row(export: dict, mention: list[str]) -> dict:
    rows = export.get((_file(mention), _norm(mention[1])), [])
    if len(mention) > 2:
        rows = [r for r in rows if r["type"] == mention[2]]
    assert rows, f"{_show(mention)} is not in the mention export"
    assert len(rows) == 1, (
        f"{_show(mention)} is in the export under {len(rows)} entities "
        f"({', '.join(r['type'] + ' ' + r['entity_id'] for r in rows)}): give its type in mention_groups.yaml"
    )
    return rows[0]


def test_groups_file_is_consistent():
    """Known corpora, existing files, file names unique across corpora, no mention judged twice."""
    names: dict[str, str] = {}
    for corpus, folder in CORPORA.items():
        if folder.is_dir():
            for path in folder.iterdir():
                assert names.setdefault(path.name, corpus) == corpus, f"{path.name} is in two corpora"
    mentions = [m for g in SAME for m in g["mentions"]] + [m for p in APART for m in p["pair"]]
    for m in mentions:
        assert _corpus(m) in CORPORA, f"{m[0]}: unknown corpus"
        assert len(m) in (2, 3), m
        if _available(m):
            assert (CORPORA[_corpus(m)] / _file(m)).is_file(), f"{m[0]} does not exist"
    group_of: dict[tuple, str] = {}
    for g in SAME:
        assert len(g["mentions"]) >= 2, g["thing"]
        for m in g["mentions"]:
            key = (m[0], _norm(m[1]), *m[2:])
            assert key not in group_of, f"{_show(m)} is in two groups: {group_of[key]!r} and {g['thing']!r}"
            group_of[key] = g["thing"]
    for p in APART:
        left, right = ((m[0], _norm(m[1]), *m[2:]) for m in p["pair"])
        both = group_of.get(left)
        assert both is None or both != group_of.get(right), f"{p['pair']} is both apart and in group {both!r}"


@pytest.mark.parametrize("group", _params(SAME, SAME_IDS))
def test_spellings_of_one_thing_share_an_id(export, group):
    mentions = [m for m in group["mentions"] if _available(m)]
    if len(mentions) < 2:
        pytest.skip(f"the group needs the dev set at {DEV}")
    by_id: dict[str, list[list[str]]] = defaultdict(list)
    for m in mentions:
        by_id[_row(export, m)["entity_id"]].append(m)
    if len(by_id) > 1:
        (first_id, first), (second_id, second) = list(by_id.items())[:2]
        parts = "; ".join(f"{eid}: " + ", ".join(_show(m) for m in ms) for eid, ms in by_id.items())
        pytest.fail(
            f"{group['thing']}: {_show(first[0])} is {first_id} but {_show(second[0])} is {second_id}; "
            f"the group is split into {len(by_id)} entities: {parts}",
            pytrace=False,
        )


@pytest.mark.parametrize("pair", _params(APART, APART_IDS))
def test_hard_negatives_keep_different_ids(export, pair):
    left, right = pair["pair"]
    if not (_available(left) and _available(right)):
        pytest.skip(f"the pair needs the dev set at {DEV}")
    left_id, right_id = _row(export, left)["entity_id"], _row(export, right)["entity_id"]
    if left_id == right_id:
        pytest.fail(f"{pair['why']}: {_show(left)} and {_show(right)} are both {left_id}", pytrace=False)
