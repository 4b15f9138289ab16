"""Joining mentions of one thing inside a document, after grouping by name key:
acronyms introduced in brackets, a region's short form ("Kaluga" for Kaluga
Region), and generic anaphors ("the cluster", "the holding") whose referent
is the only candidate in the document."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import GraphEntity, Span
from .lexicon import load_lexicon


@dataclass(frozen=True, order=True)
class Mention:
    start: int
    end: int
    entity: int  # index into the graph's entities
    type: str
    anaphor: bool = False  # "the cluster": counts for relations, adds no name


_ACRONYM_AFTER = re.compile(r"^\s*\(([A-ZА-ЯЁ][A-ZА-ЯЁ0-9&.\-]{1,9}s?)\)")
_REGION_WORDS = re.compile(r"^(?P<base>.+?)\s+(?:Region|Oblast|Krai|Territory)$")

# Generic phrases and the entity types (with an optional 'kind' test) they may refer to.
ANAPHORS = {
    "cluster": re.compile(r"\b(?:[Tt]he|[Aa])\s+(?:new\s+|regional\s+|innovation\s+|industrial\s+)?(?:cluster|technopolis)\b(?!\s+[A-Z])"),
    "site": re.compile(r"\b[Tt]he\s+(?:new\s+)?(?:industrial\s+park|technopark|park|zone|special\s+economic\s+zone|SEZ|science\s+park)\b(?!\s+[A-Z])"),
    "holding": re.compile(r"\b[Tt]he\s+(?:holding(?:\s+company)?|state\s+corporation|corporation)\b(?!\s+[A-Z])"),
    "region": re.compile(r"\b[Tt]he\s+region\b"),
}


def join_acronyms(text: str, entities: list[GraphEntity]) -> None:
    """"special economic zone (SEZ)": the bracketed form becomes an alias of the long form."""
    by_name = {e.name: i for i, e in enumerate(entities)}
    for ent in entities:
        for span, _surface in list(ent.mentions):
            m = _ACRONYM_AFTER.match(text[span.end : span.end + 16])
            if not m:
                continue
            acronym = m.group(1)
            a_start = span.end + m.start(1)
            ent.mentions.append((Span(a_start, a_start + len(acronym)), acronym))
            if acronym not in ent.aliases and acronym != ent.name:
                ent.aliases.append(acronym)
            other = by_name.get(acronym)
            if other is not None and entities[other] is not ent:
                _absorb(ent, entities[other])


def join_region_short_forms(text: str, entities: list[GraphEntity]) -> None:
    """A bare "Kaluga" in the headline of a text about Kaluga Region, or as a possessive ("Kaluga's
    delegation"), means the region; elsewhere ("in Perm", "south of Novosibirsk") it is the city."""
    regions = {}
    for ent in entities:
        m = _REGION_WORDS.match(ent.name) if ent.type == "place" else None
        if m:
            regions[m.group("base")] = ent
    for ent in entities:
        region = regions.get(ent.name) if ent.type == "place" else None
        if region is None or region is ent:
            continue
        if re.search(rf"(?:city|town) of {re.escape(ent.name)}\b|\b{re.escape(ent.name)} city\b", text):
            continue
        # "Kaluga's delegation": the possessive of a region's short name speaks for the region;
        # and a short name that is no city's (Occitanie) can only be the region
        if load_lexicon().places.get(ent.name, ("", ""))[1] != "city" or all(_in_heading(text, span.start) or text[span.end : span.end + 2] in ("'s", "’s") for span, _ in ent.mentions):
            _absorb(region, ent)


def _in_heading(text: str, at: int) -> bool:
    """Is ``at`` in a heading: a short line that is not a sentence, standing apart from the lines
    around it (not a line of a paragraph wrapped by a PDF: those run on into the next line)?"""
    start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
    end = end if end >= 0 else len(text)
    line = text[start:end].strip()
    if len(line.split()) > 15 or line.endswith((".", "!", "?", ":", ";", ",")):
        return False
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    ends_before = not before or before.endswith((".", "!", "?", ":")) or text[:start].endswith("\n\n")
    starts_after = not after or after[0].isupper() or after[0] in "#*-•\"“«" or text[end:].startswith("\n\n")
    return ends_before and starts_after


def _absorb(keeper: GraphEntity, gone: GraphEntity) -> None:
    """Move every mention of ``gone`` into ``keeper``; ``gone`` is left empty and dropped later."""
    for span, surface in gone.mentions:
        keeper.mentions.append((span, surface))
        if surface != keeper.name and surface not in keeper.aliases:
            keeper.aliases.append(surface)
    for k, v in gone.attributes.items():
        keeper.attributes.setdefault(k, v)
    gone.mentions.clear()
    gone.type = "_merged"


def anaphor_mentions(text: str, entities: list[GraphEntity], taken: list[tuple[int, int]]) -> list[Mention]:
    """Mentions of the one cluster, site, holding or region a generic phrase can mean."""
    clusters = [i for i, e in enumerate(entities) if e.type == "cluster"]
    sites = [i for i, e in enumerate(entities) if e.type == "site"]
    holdings = [i for i, e in enumerate(entities) if e.type == "organization" and e.attributes.get("kind") == "holding"]
    regions = [i for i, e in enumerate(entities) if e.type == "place" and e.attributes.get("kind") == "region"]
    referents = {"cluster": clusters, "site": sites, "holding": holdings, "region": regions}
    taken = sorted(taken)
    taken_starts = [s for s, _ in taken]
    found = []
    for kind, pattern in ANAPHORS.items():
        candidates = referents[kind]
        if not candidates:
            continue
        # where each candidate is named, to pick the most recent one before the anaphor
        named = sorted((span.start, i) for i in candidates for span, _ in entities[i].mentions)
        starts = [s for s, _ in named]
        for m in pattern.finditer(text):
            if _overlaps(taken, taken_starts, m.start(), m.end()):
                continue
            k = bisect.bisect_left(starts, m.start())
            if m.group(0)[0] in "Aa" and len(candidates) > 1:
                continue  # "a cluster" is only the document's cluster when it has one
            if len(candidates) == 1:
                target = candidates[0]
            elif k:
                target = named[k - 1][1]
            else:
                continue
            found.append(Mention(m.start(), m.end(), target, entities[target].type, anaphor=True))
    return found


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, non-overlapping ``spans``."""
    k = bisect.bisect_right(starts, start)
    return (k > 0 and spans[k - 1][1] > start) or (k < len(spans) and spans[k][0] < end)


_TOKEN = re.compile(r"[\w’'\-.]+")


def _descriptive(word: str) -> bool:
    """A word that says what kind of body a name is, or an abbreviated designation (ORPE, JSC)."""
    return word.lower() in load_lexicon().generic_name_words or (word.isupper() and len(word) <= 5) or word.islower()


def _sole_distinctive_word(words: list[str]) -> list[str]:
    """The word of an organisation's name that may stand for it alone: only when it is the one
    distinctive word ("Tekhnologia" of "ORPE Tekhnologia"). In "Volkswagen Group Rus" or "Ford
    Sollers Elabuga" a bare "Volkswagen" or "Sollers" more likely names the parent."""
    distinctive = [w for w in words if not _descriptive(w)]
    if not distinctive:  # "WISTA Management": the abbreviation is the name
        distinctive = [w for w in words if w.isupper() and w.lower() not in load_lexicon().generic_name_words]
    return distinctive if len(distinctive) == 1 else []


def names_a_subsidiary(short: list[str], long: list[str]) -> bool:
    """A shorter name inside a longer one that goes on with a distinctive word ("Volkswagen" /
    "Volkswagen Group Rus", "Continental" / "Continental Kaluga", "Sollers" / "Ford Sollers
    Elabuga") names a parent or a partner, not the same company; "Alabuga" / "Alabuga Special
    Economic Zone" and "Tekhnologia" / "ORPE Tekhnologia" are short forms."""
    lowered, size = [w.lower() for w in long], len(short)
    at = next((i for i in range(len(long) - size + 1) if lowered[i : i + size] == [w.lower() for w in short]), None)
    if size >= len(long) or at is None:
        return False
    after = any(not _descriptive(w) for w in long[at + size :])
    before = any(not _descriptive(w) for w in long[:at])
    # a distinctive word after it: the parent it is named after; on both sides: a partner in a joint
    # venture ("Sollers" in "Ford Sollers Elabuga"); only before it: a short form ("ORPE Tekhnologia")
    return after and (at == 0 or before)


def propagate_names(text: str, entities: list[GraphEntity], ordinary_words: set[str], stop: set[str]) -> None:
    """Once the text has named a thing, its names mean it everywhere: find the other places a
    name (or a distinctive word of an organisation's name, or a person's surname) appears.

    A distinctive word is capitalised, five letters or more, never written in lower case
    in this text, and belongs to one entity only: "Tekhnologia" of "ORPE Tekhnologia".
    """
    forms: dict[str, int] = {}
    owners: dict[str, set[int]] = {}
    for i, ent in enumerate(entities):
        if ent.type in ("legal_act", "_merged"):
            continue
        for surface in {s for _, s in ent.mentions}:
            forms.setdefault(surface, i)
        if ent.type in ("organization", "person"):
            words = _TOKEN.findall(ent.name)
            pick = words[-1:] if ent.type == "person" else {
                w for form in [ent.name, *ent.aliases] for w in _sole_distinctive_word(_TOKEN.findall(form))}
            for word in pick:
                if len(word) >= 5 and word[0].isupper() and word.lower() not in ordinary_words and word not in stop:
                    owners.setdefault(word, set()).add(i)
    for word, who in owners.items():
        if len(who) == 1 and word not in forms:
            forms[word] = next(iter(who))
    if not forms:
        return
    taken = sorted((span.start, span.end) for ent in entities for span, _ in ent.mentions)
    starts = [s for s, _ in taken]
    pattern = re.compile(r"(?<![\w\-])(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w\-])")
    for m in pattern.finditer(text):
        if _overlaps(taken, starts, m.start(), m.end()):
            continue  # inside a mention already
        ent = entities[forms[m.group(0)]]
        ent.mentions.append((Span(m.start(), m.end()), m.group(0)))
        if m.group(0) != ent.name and m.group(0) not in ent.aliases:
            ent.aliases.append(m.group(0))
