"""Relations stated within one sentence, found by the cue phrases of patterns/cues.yaml."""

from __future__ import annotations

import re

from ..model import GraphRelation, Span
from .lexicon import Lexicon


def _cue_regex(phrases) -> re.Pattern:
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternation})(?![\w])", re.IGNORECASE)


class RelationRecogniser:
    name = "relations"

    def __init__(self, lex: Lexicon):
        cues = lex.cues
        self.roles = [(role, _cue_regex(phrases)) for role, phrases in cues["member_roles"].items()]
        self.part_of = _cue_regex(cues["part_of"])
        self.located_in = _cue_regex(cues["located_in"])
        self.partner_of = _cue_regex(cues["partner_of"])
        self.works_for = _cue_regex(cues["works_for"])

    def __call__(self, text: str, sentence: Span, mentions: list[tuple[int, int, int, str]]) -> list[GraphRelation]:
        """``mentions``: (start, end, entity index, type) inside ``sentence``, in text order."""
        said = text[sentence.start : sentence.end]
        by_type: dict[str, list[tuple[int, int, int, str]]] = {}
        for m in mentions:
            by_type.setdefault(m[3], []).append(m)
        orgs = by_type.get("organization", [])
        groups = by_type.get("cluster", []) + by_type.get("site", [])
        found: list[GraphRelation] = []

        if orgs and groups:
            role = self._role(said)
            if role:
                target = groups[0][2]
                for org in orgs:
                    found.append(GraphRelation(org[2], "member_of", target, sentence, role=role))
        if len(orgs) >= 2:
            cue = self.part_of.search(said)
            if cue:
                cue_at = sentence.start + cue.start()
                before = [o for o in orgs if o[1] <= cue_at]
                after = [o for o in orgs if o[0] >= cue_at]
                if before and after and before[-1][2] != after[0][2]:
                    found.append(GraphRelation(before[-1][2], "part_of", after[0][2], sentence))
            elif self.partner_of.search(said):
                a, b = orgs[0][2], orgs[1][2]
                if a != b:
                    found.append(GraphRelation(a, "partner_of", b, sentence))
        for place in by_type.get("place", []):
            cue_window = text[max(sentence.start, place[0] - 30) : place[0]]
            if not self.located_in.search(cue_window):
                continue
            holders = [m for m in mentions if m[3] in ("organization", "cluster", "site") and m[1] <= place[0]]
            if holders:
                found.append(GraphRelation(holders[-1][2], "located_in", place[2], sentence))
        people = by_type.get("person", [])
        if people and orgs and self.works_for.search(said):
            for person in people:
                nearest = min(orgs, key=lambda o: abs(o[0] - person[0]))
                found.append(GraphRelation(person[2], "works_for", nearest[2], sentence))
        return found

    def _role(self, said: str) -> str | None:
        for role, pattern in self.roles:
            if pattern.search(said):
                return role
        return None
