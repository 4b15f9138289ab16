"""Relations stated within one sentence, found by the cue phrases of
patterns/cues.yaml and the order of the mentions around them.

Each rule reads one way the press states a relation ("X (Berlin)", "X, a
member of Y", "participants include A, B and C", "A signed an agreement with
B"); the rules share the sentence's mentions and a table of cue matches.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import GraphEntity, GraphRelation, Span
from .coref import Mention
from .lexicon import Lexicon

HOLDERS = ("organization", "cluster", "site")
GROUPS = ("cluster", "site")
# One member_of per pair: the most explicit role wins (see the annotation notes).
ROLE_ORDER = ("anchor", "coordinator", "core", "founder", "resident", "research", "education", "participant")
# Roles that a sentence may state about "the cluster" without naming it.
IMPLICIT_GROUP_ROLES = {"anchor", "coordinator", "core", "participant", "resident"}
# Between list items: commas, "and", "as well as", and a short lower-case descriptor ("and the prepreg producer").
_LIST_GLUE = re.compile(r"^[»”\"]?(?:\s*(?:,|and|as well as|&|;)?\s*(?:with\s+)?(?:[A-Z]{2,5}\s+)?[«“\"]?(?:(?:the|a|an)\s+)?(?:(?:[a-z][\w\-]*|[A-Z]{2,4})\s+){0,3})$")


def _cue_regex(phrases) -> re.Pattern:
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternation})(?![\w])", re.IGNORECASE)


class MaskedSentence:
    """The text of one sentence with the named things other than organisations written as
    lower-case x's, so that "the Kama Valley Cluster are:" reads as ordinary words between
    list items. Sliced with absolute offsets, like the text."""

    _DEMONYM = None

    def __init__(self, text: str, sentence: Span, masked: list[Mention]):
        if MaskedSentence._DEMONYM is None:
            from .lexicon import load_lexicon

            forms = sorted(load_lexicon().demonyms, key=len, reverse=True)
            MaskedSentence._DEMONYM = re.compile(r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b")
        # "the German cluster Photonik Nordwest": an adjective of nationality reads as a lower-case word
        said = MaskedSentence._DEMONYM.sub(lambda m: m.group(0).lower(), text[sentence.start : sentence.end])
        chars = list(said)
        for m in masked:
            for i in range(max(m.start, sentence.start), min(m.end, sentence.end)):
                if not chars[i - sentence.start].isspace():
                    chars[i - sentence.start] = "x"
        self.offset = sentence.start
        self.text = "".join(chars)

    def __getitem__(self, key: slice) -> str:
        return self.text[key.start - self.offset : key.stop - self.offset]


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    role: str


class RelationRecogniser:
    name = "relations"

    def __init__(self, lex: Lexicon):
        cues = lex.cues
        self.roles = [(role, _cue_regex(cues["member_roles"][role])) for role in ROLE_ORDER]
        self.education_name = _cue_regex(cues["education_names"])
        self.research_name = _cue_regex(cues["research_names"])
        # participant cues that name membership of the cluster itself, not any inclusion
        # verbs that say the subject holds the role named after them
        self.predicates = re.compile(r"\b(?:is|are|was|were|be|been|being|became|become|becomes|remain|remains|remained|"
                                     r"serve|serves|served|act|acts|acted|as|named|appointed|selected|chosen|joined|join|joins)\b")
        self.generic_participant = re.compile(
            r"includes?|included|including|comprises|consists of|unites|united|brings together", re.IGNORECASE)
        self.strong_participant = re.compile(r"participants?|participating|members?|part of the cluster", re.IGNORECASE)
        self.part_of = _cue_regex(cues["part_of"])
        self.part_of_after = re.compile(
            rf"^,?\s+(?:a|an|one of)\s+(?P<org>.+?)\s+(?:{'|'.join(map(re.escape, cues['part_of_after']))})\b")
        self.joint_venture = _cue_regex(cues["joint_venture"])
        self.located_in = re.compile(rf"(?:{_cue_regex(cues['located_in']).pattern})\s+(?:the\s+)?$", re.IGNORECASE)
        self.partner_of = _cue_regex(cues["partner_of"])
        self.partner_between = _cue_regex(cues["partner_between"])
        self.signed = re.compile(r"\b(?:signed|concluded|entered into)\b[^.;]{0,60}\b(?:agreement|memorandum|contract|deal|partnership)", re.IGNORECASE)
        # "X signed a memorandum of cooperation with Y", "an agreement on conducting ... activities with Y"
        self.signed_with = re.compile(
            r"\b(?:signed|concluded|entered into|has|have|had)\b[^.;]{0,60}?\b(?:agreements?|memorand(?:um|a)|contracts?|deal)\b"
            r"[^.;]{0,80}?\bwith\s+", re.IGNORECASE)
        self.post = re.compile(rf"(?<![\w])(?:{'|'.join(map(re.escape, sorted(lex.person_posts, key=len, reverse=True)))})(?![\w])")

    def __call__(
        self, text: str, sentence: Span, mentions: list[Mention], entities: list[GraphEntity], doc: "DocumentContext"
    ) -> list[GraphRelation]:
        found: list[GraphRelation] = []
        for rule in (self._member_of, self._located_in, self._part_of, self._partner_of, self._works_for):
            found.extend(rule(text, sentence, mentions, entities, doc))
        return found

    # ---- member_of -------------------------------------------------------

    def _role_cues(self, text: str, sentence: Span, mentions: list[Mention]) -> list[Cue]:
        said = text[sentence.start : sentence.end]
        cues: list[Cue] = []
        for role, pattern in self.roles:
            for m in pattern.finditer(said):
                start, end = sentence.start + m.start(), sentence.start + m.end()
                if any(x.start <= start and end <= x.end for x in mentions if not x.anaphor):
                    continue  # "University" inside a university's name is no cue
                if any(c.start <= start and end <= c.end for c in cues):
                    continue  # a longer, more explicit cue already covers it
                cues.append(Cue(start, end, role))
        return cues

    def _member_of(self, text, sentence, mentions, entities, doc):
        """Three shapes: "A and B are anchor companies of G" (orgs, cue, group);
        "G's participants are A, B and C" / "participants include A, B" (cue, then a list of orgs);
        "A (coordinator)" inside such a list gives A its own role."""
        orgs = [m for m in mentions if m.type == "organization" and not m.anaphor]
        if not orgs:
            return []
        groups = [m for m in mentions if m.type in GROUPS]
        cues = self._role_cues(text, sentence, mentions)
        if not cues:
            return []
        # every (org, role, group) a cue offers, with how far the cue is from the org; the nearest wins
        offers: dict[int, list[tuple[int, int, int, str, Mention | None]]] = {}
        masked = MaskedSentence(text, sentence, [m for m in mentions if m.type != "organization"])

        def offer(org: Mention, cue: Cue, group: Mention | None) -> None:
            generic = bool(self.generic_participant.fullmatch(text[cue.start : cue.end]))
            offers.setdefault(org.entity, []).append((generic, _gap(cue, org), ROLE_ORDER.index(cue.role), cue.role, group))

        for cue in cues:
            strong = cue.role != "participant" or self.strong_participant.fullmatch(text[cue.start : cue.end])
            # orgs listed right after the cue: "participants include A, B and C", "houses a plant of L'Oreal";
            # the group is named near the cue, or, for a strong cue, is the document's one cluster
            listed = _listed_after(masked, [o for o in orgs if o.start >= cue.end], cue.end, loose=True)
            if listed:
                near = [g for g in groups if cue.start - 80 <= g.start and g.end <= listed[0].start]
                group = near[-1] if near else None
                if group is not None or strong:
                    for org in listed:
                        offer(org, cue, group)
            # orgs just before the cue, with the group right after it: "A and B are the cores of the cluster"
            chain = _listed_before(masked, [o for o in orgs if o.end <= cue.start], cue.start)
            if chain and not self.predicates.search(text[chain[0].end : cue.start]) and cue.role != "resident":
                chain = []  # "A and B supply the anchor company": the role is someone else's
            if chain:
                group_after = [g for g in groups if g.start >= cue.end and g.start - cue.end <= 60]
                group = group_after[0] if group_after else None
                if group is not None or strong:
                    for org in chain:
                        offer(org, cue, group)
        # the nearest specific cue wins; "include" and its kin only when nothing more specific speaks
        roles: dict[int, tuple[str, Mention | None]] = {
            entity: (best[3], best[4]) for entity, options in offers.items() for best in [min(options, key=lambda o: o[:3])]
        }
        for org in orgs:  # "Proton-PM PJSC (coordinator)"
            bracket = re.match(r"\s*(?:[A-Z]{2,5}\s*)?\((\w[\w\s-]{2,30})\)", text[org.end : org.end + 40])
            if bracket:
                for role, pattern in self.roles:
                    if pattern.fullmatch(bracket.group(1).strip()):
                        roles[org.entity] = (role, roles.get(org.entity, (None, None))[1] or _nearest(groups, org))
                        break
        found = []
        for entity, (role, group) in roles.items():
            if group is not None:
                target = group.entity
            elif role in IMPLICIT_GROUP_ROLES or role in ("research", "education", "founder"):
                # "Its residents include ...": the cluster or site the text is talking about
                target = doc.group_in_focus(sentence.start, prefer="site" if role == "resident" else "cluster")
            else:
                target = None
            if target is None:
                continue
            name = entities[entity].name
            if role in ("participant", "resident", "founder"):
                if self.education_name.search(name):
                    role = "education"
                elif self.research_name.search(name):
                    role = "research"
            found.append(GraphRelation(entity, "member_of", target, sentence, role=role))
        return found

    # ---- located_in ------------------------------------------------------

    def _located_in(self, text, sentence, mentions, entities, doc):
        found: dict[int, list[tuple[int, Mention]]] = {}
        places = [m for m in mentions if m.type == "place"]
        for place in places:
            before = text[sentence.start : place.start]
            holders_before = [m for m in mentions if m.type in HOLDERS and m.end <= place.start]
            holder = holders_before[-1] if holders_before else None
            between = text[holder.end : place.start] if holder else ""
            if holder and re.fullmatch(r"\s*(?:[A-Z]{2,5}\s*)?\(\s*", between):  # "Adlershof (Berlin)", "Alpha LLC (Ufa)"
                found.setdefault(holder.entity, []).append((0, place))
                continue
            if holder and re.fullmatch(r"\s*(?:[A-Z][\w.]{1,5}\s+)?(?:of|from)\s+(?:the\s+)?", between):
                found.setdefault(holder.entity, []).append((1, place))  # "Kessler Hydraulik GmbH of Stuttgart"
                continue
            based = re.match(r"-based\s+(?:[a-z][\w\-]*\s+){0,3}", text[place.end : place.end + 60])
            if based:  # "the Tyumen-based group Zapsib Oilfield Holding"
                nxt = [m for m in mentions if m.type in HOLDERS and m.start == place.end + based.end()]
                if nxt:
                    found.setdefault(nxt[0].entity, []).append((1, place))
                    continue
            if holder and re.fullmatch(r"\s*,\s*", between) and re.match(r"\s*[,;).]", text[place.end : place.end + 2]):
                found.setdefault(holder.entity, []).append((1, place))  # "Tekhnologia, Obninsk, ..."
                continue
            if self.located_in.search(before[-40:]):
                after = text[place.end : min(sentence.end, place.end + 40)]
                listed = re.match(r"\s*(?:includes?|are|:|by)\b|\s*:", after)
                if listed:  # "projects implemented in Kaluga Region include A, B and C"
                    for m in mentions:
                        if m.type == "organization" and m.start > place.end and not m.anaphor and not _in_brackets(text, place.end, m.start):
                            found.setdefault(m.entity, []).append((3, place))
                    continue
                listed_places = [p for p in places if p.start > holder.end and p.end <= place.start] if holder else []
                in_list = all(re.fullmatch(r"\s*(?:,|and|,\s*and)?\s*(?:in\s+)?(?:the\s+(?:city|town|village)\s+of\s+)?", text[a.end : b.start])
                              for a, b in zip(listed_places, listed_places[1:] + [place]))
                if holder and "; " not in between and len(between) <= 150 and (not listed_places or in_list):
                    found.setdefault(holder.entity, []).append((2, place))
                    continue
            owned = re.match(r"(?:’s|'s)\s+", text[place.end : place.end + 4])
            if owned:  # "France's biggest pharmaceutical cluster Eurobiomed"
                after = [m for m in mentions if m.type in HOLDERS and m.start > place.end]
                if after and after[0].start - place.end <= 70 and not re.search(r"[,;:.]", text[place.end : after[0].start]):
                    found.setdefault(after[0].entity, []).append((1, place))
                elif after:  # "The region's leading research organizations ...: A, B and C"
                    colon = text.find(":", place.end, after[0].start)
                    if colon >= 0:
                        for m in _listed_after(text, [a for a in after if a.type == "organization"], colon + 1, loose=True):
                            found.setdefault(m.entity, []).append((1, place))
        relations = []
        for holder_idx, tied in found.items():
            best = min(rank for rank, _ in tied)
            chosen = [p for rank, p in tied if rank == best]
            specific = [p for p in chosen if entities[p.entity].attributes.get("kind") in ("city", "district")]
            for place in specific or chosen:
                if place.entity != holder_idx:
                    relations.append(GraphRelation(holder_idx, "located_in", place.entity, sentence))
        return relations

    # ---- part_of ---------------------------------------------------------

    def _part_of(self, text, sentence, mentions, entities, doc):
        orgs = [m for m in mentions if m.type == "organization"]
        if len(orgs) < 2:
            return []
        said = text[sentence.start : sentence.end]
        found = []
        for m in self.joint_venture.finditer(said):
            cue_end = sentence.start + m.end()
            parents = _listed_after(text, [o for o in orgs if o.start >= cue_end], cue_end)
            venture = [o for o in orgs if o.end <= sentence.start + m.start()]
            if venture and len(parents) >= 1:
                for parent in parents:
                    found.append(GraphRelation(venture[-1].entity, "part_of", parent.entity, sentence))
                for a, b in zip(parents, parents[1:]):
                    found.append(GraphRelation(a.entity, "partner_of", b.entity, sentence))
        for m in self.part_of.finditer(said):
            cue_start, cue_end = sentence.start + m.start(), sentence.start + m.end()
            after = [o for o in mentions if o.start >= cue_end and o.start - cue_end <= 60 and o.type != "place"]
            before = [o for o in orgs if o.end <= cue_start and not o.anaphor]
            if after and after[0].type == "organization" and before:
                found.append(GraphRelation(before[-1].entity, "part_of", after[0].entity, sentence))
        for org in orgs:  # "VSMPO-AVISMA, a Rostec company"
            m = self.part_of_after.match(text[org.end : min(sentence.end, org.end + 80)])
            if m:
                parent = [o for o in orgs if o.start >= org.end + m.start("org") and o.end <= org.end + m.end("org")]
                if parent:
                    found.append(GraphRelation(org.entity, "part_of", parent[0].entity, sentence))
        return found

    # ---- partner_of ------------------------------------------------------

    def _partner_of(self, text, sentence, mentions, entities, doc):
        parties = [m for m in mentions if m.type in ("organization", "cluster")]
        if len(parties) < 2:
            return []
        said = text[sentence.start : sentence.end]
        found = []
        masked = MaskedSentence(text, sentence, [x for x in mentions if x.type not in ("organization", "cluster")])
        only_orgs = MaskedSentence(text, sentence, [x for x in mentions if x.type != "organization"])
        for m in self.partner_between.finditer(said):
            cue_end = sentence.start + m.end()
            listed = _listed_after(masked, [p for p in parties if p.start >= cue_end], cue_end, loose=True)
            if len(listed) < 2:  # "between A, which is the specialised organisation of the X Cluster, and B"
                orgs_after = [p for p in parties if p.start >= cue_end and p.type == "organization"]
                listed = _listed_after(only_orgs, orgs_after, cue_end, loose=True)
            for a, b in zip(listed, listed[1:]):
                found.append(GraphRelation(a.entity, "partner_of", b.entity, sentence))
        for m in self.partner_of.finditer(said):
            cue_start, cue_end = sentence.start + m.start(), sentence.start + m.end()
            before = [p for p in parties if p.end <= cue_start]
            listed = _listed_after(text, [p for p in parties if p.start >= cue_end], cue_end)
            if not before or not listed:
                continue
            subject = before[0] if before[0].type == before[-1].type else before[-1]
            cue = m.group(0).lower()
            for other in listed:
                if cue in ("member of", "participant of", "participant in", "partner of") and not (
                    subject.type == "cluster" and other.type == "cluster"
                ):
                    continue  # an organisation's membership is member_of, read elsewhere
                found.append(GraphRelation(subject.entity, "partner_of", other.entity, sentence))
        for m in self.signed_with.finditer(said):
            cue_start, cue_end = sentence.start + m.start(), sentence.start + m.end()
            before = [p for p in parties if p.end <= cue_start and cue_start - p.end <= 120]
            listed = _listed_after(masked, [p for p in parties if p.start >= cue_end], cue_end)
            if before and re.search(r"\b(?:it|they|we|he|she)\b|,\s*and\b|;", text[before[-1].end : cue_start]):
                continue  # "..., and on 3 October it concluded a memorandum with": the subject is not the last name
            if before and listed:
                for other in listed:
                    found.append(GraphRelation(before[-1].entity, "partner_of", other.entity, sentence))
        signed = self.signed.search(said)
        if signed:
            cue_start = sentence.start + signed.start()
            before = [p for p in parties if p.end <= cue_start]
            if len(before) >= 2 and re.search(r"\band\b", text[before[-2].end : before[-1].start]):
                found.append(GraphRelation(before[-2].entity, "partner_of", before[-1].entity, sentence))
        return found

    # ---- works_for -------------------------------------------------------

    def _works_for(self, text, sentence, mentions, entities, doc):
        people = [m for m in mentions if m.type == "person"]
        orgs = [m for m in mentions if m.type == "organization"]
        found = []
        for person in people:
            ent = entities[person.entity]
            employer = None
            after = [o for o in orgs if o.start >= person.end and o.start - person.end <= 90]
            window_after = text[person.end : after[0].start] if after else ""
            before = [o for o in orgs if o.end <= person.start and person.start - o.end <= 90]
            window_before = text[before[-1].end : person.start] if before else ""
            if after and window_after.lstrip().startswith(",") and self.post.search(window_after) and ";" not in window_after:
                employer = after[0].entity  # "Sergey Chemezov, CEO of Rostec"
            elif before and self.post.search(window_before) and not re.search(r"[.;]", window_before):
                employer = before[-1].entity  # "Rostec CEO Sergey Chemezov"
            elif before and re.fullmatch(r"\s*,\s*", window_before) and self.post.search(
                    text[max(sentence.start, before[-1].start - 30) : before[-1].start]):
                employer = before[-1].entity  # "the Chairman of the Government of X, Dmitri Medvedev"
            elif ent.attributes.get("position"):
                employer = doc.organisation_for_post(ent.attributes["position"])
            else:  # "said Nikolai Ostapenko, Deputy Minister of Industry and Science of Sverdlovsk Region"
                post = re.match(r",\s*(?:the\s+)?([^,;.()]{3,120})", text[person.end : sentence.end])
                if post and self.post.match(post.group(1)):
                    employer = doc.organisation_for_post(post.group(1))
            if employer is not None:
                found.append(GraphRelation(person.entity, "works_for", employer, sentence))
        return found


class DocumentContext:
    """What relation rules may know about the whole document."""

    def __init__(self, entities: list[GraphEntity], mentions: list[Mention]):
        clusters = [i for i, e in enumerate(entities) if e.type == "cluster"]
        sites = [i for i, e in enumerate(entities) if e.type == "site"]
        self.only_cluster = clusters[0] if len(clusters) == 1 else None
        self.only_site = sites[0] if len(sites) == 1 else None
        self.entities = entities
        self.group_mentions = [m for m in mentions if m.type in GROUPS]
        self._group_starts = [m.start for m in self.group_mentions]

    def group_in_focus(self, offset: int, prefer: str, reach: int = 800) -> int | None:
        """The cluster or site named last before ``offset`` (within ``reach`` characters), else the
        document's only one; ``prefer`` breaks a tie between a recent cluster and a recent site."""
        k = bisect.bisect_left(self._group_starts, offset)
        recent = [m for m in self.group_mentions[max(0, k - 6) : k] if offset - m.start <= reach]
        preferred = [m for m in recent if m.type == prefer]
        if preferred:
            return preferred[-1].entity
        if recent:
            return recent[-1].entity
        if prefer == "site":
            return self.only_site if self.only_site is not None else self.only_cluster
        return self.only_cluster if self.only_cluster is not None else self.only_site

    def organisation_for_post(self, position: str) -> int | None:
        """"Deputy Minister of Industry and Trade" → the Ministry of Industry and Trade named in the text."""
        m = re.search(r"\bof\s+(?:the\s+)?(.+)$", position)
        if not m:
            return None
        field_words = m.group(1).strip()
        for i, ent in enumerate(self.entities):
            if ent.type != "organization":
                continue
            for name in ent.names:
                if name.endswith(field_words) or name.endswith("of " + field_words):
                    return i
        return None


def _gap(a, b) -> int:
    """Characters between two spans (0 if they touch or overlap)."""
    return max(0, max(a.start, b.start) - min(a.end, b.end))


def _in_brackets(text: str, start: int, end: int) -> bool:
    """Whether ``end`` sits inside a bracket opened after ``start``."""
    between = text[start:end]
    return between.count("(") > between.count(")")


def _nearest(groups: list[Mention], org: Mention) -> Mention | None:
    return min(groups, key=lambda g: _gap(g, org)) if groups else None


# Between list items: commas, "and", legal forms, a bracketed note, a short descriptor after a comma.
_LOOSE_GLUE = re.compile(
    r"^(?:\s*(?:[A-Z]{2,5}\b)?\s*(?:\([^()]{0,40}\))?\s*(?:,|;|and|as well as|&|\n\s*[-•*–])?\s*(?:the\s+)?)+$|"
    r"^\s*(?:[A-Z]{2,5}\s*)?,\s*(?:a|an|the)?\s*[a-z][\w\s\-]{0,60}?(?:;|,)\s*(?:and\s+)?$|"
    r"^\s*,\s*(?:which|that|who)\s[^,;()]{0,90},\s*and\s+(?:the\s+)?$|"
    r"^\s*(?:[A-Z]{2,5}\s+)?(?:,\s*(?:a|an|the)?\s*[a-z][\w\s\-]{0,50}?\s)?(?:of|from|in|based in)\s+[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?\s*(?:,|;|and|,\s*and)\s*(?:the\s+)?(?:[a-z][\w\-]*\s+){0,3}$",
)


def _listed_after(text: str, candidates: list[Mention], start: int, loose: bool = False) -> list[Mention]:
    """The mentions right after ``start`` joined by commas and "and": "with A, B and C"."""
    listed = []
    pos = start
    for m in candidates:
        glue = text[pos : m.start]
        if listed:
            ok = _LIST_GLUE.match(glue) or (loose and _LOOSE_GLUE.match(glue))
        elif re.search(r",\s*and\b|;", glue):
            ok = False  # a new clause starts before any item: "of the X, and the Y" lists nothing for the cue
        else:  # before the first item: a few lower-case words ("a plant of", "are:")
            ok = re.fullmatch(
                r"[\s:—–-]*(?:(?:the|a|an|of|are|is|in|include|includes|enterprises|companies)\b[\s:—–-]*|[a-z][\w\-’']*[\s:—–,-]+){0,10}"
                r"(?:[A-Z][\w\-]*\s+){0,4}[«“\"]?", glue)
        if not ok:
            break
        listed.append(m)
        pos = m.end
    return listed


def _listed_before(text: str, candidates: list[Mention], end: int) -> list[Mention]:
    """The mentions right before ``end`` joined by commas and "and", nearest last: "A, B and C are"."""
    chain: list[Mention] = []
    pos = end
    for m in reversed(candidates):
        glue = text[m.end : pos]
        if chain:
            ok = _LIST_GLUE.match(glue) or _LOOSE_GLUE.match(glue)
        else:  # between the last item and the cue: "was selected as the", "is the", "became a"
            ok = re.fullmatch(r"[»”\"]?[\s,]*(?:[A-Z]{2,5}[\s,]+)?(?:(?:a|an|the)\s+)?(?:[a-z][\w\-’']*[\s,]+){0,12}", glue)
        if not ok:
            break
        chain.append(m)
        pos = m.start
    return chain
