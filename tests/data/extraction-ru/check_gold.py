#!/usr/bin/env python3
"""Sanity check for the Russian blind set: every gold file parses, every entity
name/alias and every value text occurs word-bounded in its document, and every
relation endpoint is a name or alias of a gold entity. Reads nothing outside
this folder."""
import json, re, sys
from pathlib import Path
here = Path(__file__).resolve().parent
bad = 0
for gf in sorted((here / "gold").glob("*.json")):
    g = json.loads(gf.read_text(encoding="utf-8"))
    doc = here / "docs" / g["document"]
    assert doc.name == gf.stem + ".txt", gf
    text = doc.read_text(encoding="utf-8")
    def occurs(s):
        return re.search(r"(?<!\w)" + re.escape(s) + r"(?!\w)", text) is not None
    names = set()
    for e in g["entities"]:
        assert set(e) <= {"type", "name", "aliases", "attributes"}, e
        assert e["type"] in {"organization", "cluster", "site", "person", "place", "legal_act"}, e
        for s in [e["name"], *e["aliases"]]:
            names.add(s)
            if not occurs(s):
                print(f"{gf.name}: not in text: {s!r}"); bad += 1
    for v in g["values"]:
        assert v["kind"] in {"money", "date"}
        if not occurs(v["text"]):
            print(f"{gf.name}: value text not in text: {v['text']!r}"); bad += 1
        if v["kind"] == "date":
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", v["value"]), v
        else:
            assert isinstance(v["amount"], (int, float)) and len(v["currency"]) == 3, v
    for r in g["relations"]:
        assert r["predicate"] in {"member_of", "part_of", "located_in", "works_for", "partner_of"}, r
        assert ("role" in r) == (r["predicate"] == "member_of"), r
        for side in ("subject", "object"):
            if r[side] not in names:
                print(f"{gf.name}: relation endpoint not an entity name: {r[side]!r}"); bad += 1
    words = len(re.findall(r"\w+", text))
    print(f"{gf.name}: ok-ish, {words} words, {len(g['entities'])} entities, {len(g['values'])} values, {len(g['relations'])} relations")
print("FAIL" if bad else "ALL OK", bad)
sys.exit(1 if bad else 0)
