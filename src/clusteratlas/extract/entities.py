"""Recognisers for named entities: organisations, clusters, sites, places,
people and legal acts. Baseline rules keyed on the words in patterns/lexicon.yaml
and the gazetteers; each recogniser returns (start, end, type, attributes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .values import _alternation


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    surface: str
    attributes: dict[str, str] = field(default_factory=dict)
    rank: int = 0  # 0: a rule saw a cue; 1: only the statistical model proposed it


# Heads that may open a name instead of closing it: "Technopolis Moscow", "Special Economic Zone Alabuga".
_LEADING_HEADS = {"Technopark", "Technopolis", "Special Economic Zone", "Industrial Park", "Science Park", "Techno Park",
                  "Eco-Technopark", "Pôle", "Pole"}
_WORD = r"[A-ZА-ЯЁ0-9][\w’'\-]*(?:\.[A-Z][\w\-]*)*"
_QUOTED = re.compile(r"[«“\"„]([^«»“”\"„\n]{2,80})[»”\"“]")


class NameRecogniser:
    """Finds capitalised name runs and classifies them by head word, legal form,
    gazetteer and context."""

    name = "names"

    def __init__(self, lex: Lexicon):
        self.lex = lex
        connectors = "|".join(sorted(lex.name_connectors))
        self.run = re.compile(rf"(?<![\w\-]){_WORD}(?:[ \t\u00a0]+(?:(?:{connectors})[ \t\u00a0]+(?:the[ \t\u00a0]+)?)?{_WORD})*")
        self.single_forms = {f for f in lex.legal_forms if " " not in f}
        self.headline_verbs = set(lex.headline_verbs)
        self.non_entity_heads = set(lex.non_entity_heads)
        # words that never stand alone for an organisation or person
        self.stop_tokens = (set(lex.organization_heads) | set(lex.places) | set(lex.name_stopwords) | set(lex.legal_forms)
                            | set(lex.post_words) | self.non_entity_heads | set(lex.demonyms)
                            | {w.title() for w in lex.generic_name_words})
        self.tail_stop = re.compile(r"\b(?:of|the|in|for|to|and|by|at|on|with|within|from|into|a|an|is|are|was|were|"
                                    r"leading|major|main|first|only|own|new|\w+est)\b")
        self.place_before = re.compile(r"\b(?:village|town|city|settlement|hamlet|municipality|urban district|district|region) of\s+$")
        self.typed_before = re.compile(r"\b(cluster|pôle de compétitivité|competitiveness cluster|technopark|industrial park|science park|special economic zone)[ \t]+$")
        nouns = _alternation(lex.organization_nouns)
        # "Benteler Automotive, manufacturer of ...", "PCMA Rus (joint venture of ..."
        self.descriptor_after = re.compile(
            rf"^(?:[ \t]*(?:{_alternation(lex.legal_forms)}))?[ \t]*[,(][ \t]*(?:a|an|the|one of the)?[ \t]*"
            rf"(?:[a-z][\w\-]*[ \t]+){{0,3}}(?:{nouns})s?\b")
        # "cosmetics giant L'Oreal", "automotive concerns PSA Peugeot Citroen", "French brands – PCMA Rus"
        self.descriptor_before = re.compile(rf"\b(?:{nouns})s?[ \t]*(?:[–—-][ \t]*)?$")
        heads = _alternation([*lex.cluster_heads, *lex.site_heads])
        self.lower_tail = re.compile(rf"^((?:\s+[a-z][\w\-]*){{0,3}}?)\s+(?:{heads})\b")
        # legal forms stick to a name on the same line only: "JSC Alpha", "Alpha, LLC"
        self.legal_before = re.compile(rf"(?<![\w])(?P<form>{_alternation(lex.legal_forms)})[ \t\u00a0]*[«“\"„]?$")
        self.legal_after = re.compile(rf"^[»”\"“]?,?[ \t\u00a0]*(?P<form>{_alternation(lex.legal_forms)})(?![\w])")
        self.post = re.compile(rf"(?<![\w])(?:{_alternation(lex.person_posts)})(?![\w])")
        self.site_head = re.compile(rf"(?<![\w])(?:{_alternation(lex.site_heads)})(?![\w])")
        self.cluster_head = re.compile(rf"(?<![\w])(?:{_alternation(lex.cluster_heads)})(?![\w])|[a-z]Cluster\b")
        self.post_word = re.compile(rf"^(?:{_alternation(lex.post_words)})$")
        self.org_of_head = re.compile(rf"\b(?:{_alternation(sorted(lex.organization_heads))})\b.*\b(?:of|for)\b")
        self.place_suffix = re.compile(r"\b(Region|Oblast|Krai|Territory|Republic|District|Okrug|Province|State|County|Prefecture)$")

    def __call__(self, text: str) -> list[Candidate]:
        found: list[Candidate] = []
        headlines = _headline_spans(text)
        for m in self.run.finditer(text):
            for start, end in self._split_at_legal_forms(text, m.start(), m.end()):
                for piece in self._split(text, start, end):
                    if len(piece) == 4:  # a person after a post
                        _, p_start, p_end, position = piece
                        found.append(Candidate(p_start, p_end, "person", text[p_start:p_end], {"position": position}))
                        continue
                    start, end = piece
                    in_headline = any(hs <= start < he for hs, he in headlines)
                    pieces = (_headline_cut(text, start, end, self.headline_verbs)
                              if in_headline else [(start, end)])
                    for start, end in pieces:
                        cand = self._classify(text, start, end)
                        if cand:
                            found.append(cand)
        for m in re.finditer(r"(?<![\w\-])([A-ZА-ЯЁ][\w\-]+?)-based\b", text):
            if m.group(1) in self.lex.places:  # "the Tyumen-based group"
                found.append(Candidate(m.start(1), m.end(1), "place", m.group(1), {"kind": self.lex.places[m.group(1)][1]}))
        for m in _QUOTED.finditer(text):
            cand = self._quoted(text, m)
            if cand:
                found.append(cand)
        return found

    def _split_at_legal_forms(self, text: str, start: int, end: int):
        """"Russian State Research Center JSC ORPE Tekhnologia" holds two names, and so does
        "Tula Region's Oka Metalworking Cluster" (the possessor and the possessed)."""
        pieces, pos = [], start
        for m in re.finditer(r"\S+", text[start:end]):
            if m.group(0).rstrip(",") in self.single_forms:
                pieces.append((pos, start + m.start()))
                pos = start + m.end()
            elif re.search(r"(?:’s|'s)$", m.group(0)) and start + m.end() < end:
                pieces.append((pos, start + m.end()))
                pos = start + m.end()
        pieces.append((pos, end))
        out = []
        for s, e in pieces:
            while s < e and text[s].isspace():
                s += 1
            lead = re.match(r"(?:(?:and|of|for|the|de|du|des|der|la|le|am)\s+)+", text[s:e])
            if lead:  # "Kessler Hydraulik GmbH of Stuttgart" leaves "of Stuttgart"
                s += lead.end()
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append((s, e))
        return out

    def _split(self, text: str, start: int, end: int):
        """Drop leading stop words; split at "and" unless it joins words of one name."""
        while True:
            first = re.match(r"\S+", text[start:end])
            if first and (first.group(0) in self.lex.name_stopwords or first.group(0) in self.lex.name_connectors
                          or first.group(0) == "the") and start + first.end() < end:
                start = start + first.end()
                while start < end and text[start].isspace():
                    start += 1
            else:
                break
        if first and first.group(0) in self.lex.name_stopwords:
            return []
        surface = text[start:end]
        lead = re.match(r"(\S+)\s+", surface)
        if surface in self.lex.demonyms:
            return []
        if (lead and lead.group(1) in self.lex.demonyms and surface not in self.lex.organizations
                and surface not in self.lex.places and not self._official_after_demonym(surface[lead.end():])):
            # "Swiss Helvemed Group" → "Helvemed Group"; "Russian Federation" stays a place
            return self._split(text, start + lead.end(), end)
        person = self._post_and_person(text, start, end)
        if person:
            return person
        nested = re.match(r"^(.+? (?:District|Region|Oblast|Krai|Republic|Okrug|Province|County))( of (?:the )?)(.+)$", surface)
        if nested and (self.place_suffix.search(nested.group(3)) or nested.group(3) in self.lex.places):
            first_end = start + len(nested.group(1))
            return [(start, first_end), (first_end + len(nested.group(2)), end)]
        if " and the " in surface:  # "the Association of Clusters and Technoparks and the Higher School"
            parts, pos = [], start
            for piece in surface.split(" and the "):
                parts.extend(self._split(text, pos, pos + len(piece)) if " and " in piece else [(pos, pos + len(piece))])
                pos += len(piece) + len(" and the ")
            return parts
        if " and " in surface and not self.org_of_head.search(surface.split(" and ")[0]):
            last = surface.rsplit(" ", 1)[-1]
            second_word = surface.split(" and ", 1)[1].split(" ")[0]
            # "Perm Research and Production Company" is one name; "Officine Zanon and Lipetsk Pump Plant" two
            if not (last in self.lex.organization_heads and second_word not in self.lex.places):
                parts, pos = [], start
                for piece in surface.split(" and "):
                    parts.append((pos, pos + len(piece)))
                    pos += len(piece) + 5
                return parts
        return [(start, end)]

    def _official_after_demonym(self, rest: str) -> bool:
        """"Russian Federal Space Agency", "Russian Ministry of ...": the adjective belongs to an
        official name; "Swiss Helvemed Group": it only describes."""
        first = rest.split(" ", 1)[0]
        return first in self.lex.organization_heads or first in ("Federal", "State", "National", "Academy", "Railways",
                                                                 "Export", "Venture", "Direct", "Helicopters", "Technologies")

    def _post_and_person(self, text: str, start: int, end: int):
        """"Deputy Minister of Industry and Trade Dmitry Ovsyannikov", "Rostec CEO Sergey Chemezov":
        the run holds a post and then a person's name; the person gets the post as ``position``."""
        tokens = [(m.start() + start, m.end() + start, m.group(0)) for m in re.finditer(r"\S+", text[start:end])]
        post_at = next((i for i, t in enumerate(tokens) if self.post_word.match(t[2])), None)
        if post_at is None or len(tokens) - post_at < 3:
            return None
        size = 3 if len(tokens) - post_at >= 4 and re.search(r"(?:ovich|evich|ich|ovna|evna|ichna)$", tokens[-2][2]) else 2
        name = tokens[-size:]
        if tokens[-size - 1][2] in self.lex.name_connectors or tokens[-size - 1][2] == "the":
            # "Chairman of the Government of the Russian Federation": a post and an organisation, no person
            lead = re.match(r"\S+(?:\s+\S+)?\s+of\s+(?:the\s+)?", text[tokens[post_at][0] : end])
            if lead and post_at == 0:
                return [(tokens[0][0] + lead.end(), end)]
            return None
        if not all(re.fullmatch(r"[A-ZА-ЯЁ][a-zа-яё’'\-]+", t[2]) for t in name):
            return None
        if any(t[2] in self.lex.organization_heads or t[2] in self.lex.places for t in name):
            return None
        pieces = []
        if post_at > 0:  # "Rostec" in "Rostec CEO Sergey Chemezov"
            pieces.append((tokens[0][0], tokens[post_at - 1][1]))
        position = text[tokens[post_at][0] : tokens[-size - 1][1]]
        pieces.append(("person", name[0][0], name[-1][1], position))
        return pieces

    def _classify(self, text: str, start: int, end: int) -> Candidate | None:
        tail = self.lower_tail.match(text[end : end + 80])
        if tail and not self.tail_stop.search(tail.group(1)):  # "Kaluga’s pharmaceutical cluster"
            full_end = end + tail.end()
            kind = self._head_type(text[start:full_end])
            if kind:
                return Candidate(start, full_end, kind, text[start:full_end])
        surface = re.sub(r"(?:’s|'s|’|')$", "", text[start:end])
        if not re.search(r"\.\w+\.$", surface):  # "E.S.T.E.R." keeps its last dot
            surface = surface.rstrip(".")
        end = start + len(surface)
        if not surface or surface.isdigit() or len(surface) < 2:
            return None
        tokens = surface.split()
        if tokens[0] in self.non_entity_heads or tokens[-1] in self.non_entity_heads or surface.endswith("-based"):
            return None
        cue_before = text[max(0, start - 40) : start]
        if self.place_before.search(cue_before) or re.match(r",\s+(?:a|an|the)\s+(?:small\s+|large\s+|historic\s+|port\s+)?(?:town|city|village|municipality|commune)\b", text[end : end + 40]):
            # "in the village of Novye Lyady", "Bassano del Grappa, a town in Veneto"
            return Candidate(start, end, "place", surface, {"kind": "city"})
        typed = self.typed_before.search(cue_before)  # "France's biggest pharmaceutical cluster Eurobiomed"
        if typed and not self._head_type(surface) and surface not in self.lex.places:
            return Candidate(start, end, "cluster" if typed.group(1).lower().startswith(("cluster", "pôle", "pole")) else "site", surface)
        before = text[max(0, start - 24) : start]
        after = text[end : end + 24]
        legal = self.legal_before.search(before) or self.legal_after.match(after)
        if surface in self.lex.legal_forms or all(t in self.lex.legal_forms for t in tokens):
            return None
        head = self._head_type(surface)
        if head:
            if len(tokens) == 1 and surface.lower() in {"cluster", "technopark", "sez", "valley", "technopolis"}:
                return None
            return Candidate(start, end, head, surface)
        if legal:
            form = legal.group("form")
            return Candidate(start, end, "organization", surface, {"legal_form": form})
        if surface in self.lex.places:
            canonical, kind = self.lex.places[surface]
            return Candidate(start, end, "place", surface, {"kind": kind})
        org_tail = re.match(r"[ \t\u00a0]+(holding|company|group|corporation|concern|plant|university|institute|bank|fund)\b", after)
        if org_tail or (any(t in self.lex.organization_heads for t in tokens) and len(tokens) > 1):
            kind = {"kind": "holding"} if org_tail and org_tail.group(1) == "holding" else {}
            return Candidate(start, end, "organization", surface, kind)
        if self.place_suffix.search(surface) and len(tokens) > 1:
            return Candidate(start, end, "place", surface, {"kind": "region"})
        if 2 <= len(tokens) <= 3 and all(re.fullmatch(r"[A-ZА-ЯЁ][a-zа-яё’'\-]+", t) for t in tokens):
            window = text[max(0, start - 60) : end + 60]
            if self.post.search(window):
                return Candidate(start, end, "person", surface)
        if self.descriptor_after.match(text[end : end + 80]) or self.descriptor_before.search(text[max(0, start - 40) : start]):
            return Candidate(start, end, "organization", surface)
        return None

    def _head_type(self, surface: str) -> str | None:
        """English names end with their head ("Vorsino Industrial Park"); a few start with it
        ("Technopolis Moscow"). A head in the middle names something else ("Program for Cluster Development")."""
        surface = surface.rstrip(" .,’'")
        for etype, pattern in (("site", self.site_head), ("cluster", self.cluster_head)):
            for m in pattern.finditer(surface):
                rest = surface[m.end():]
                if " " not in rest or rest.strip() in self.lex.places:  # "AutoCluster.NRW", "MedTech Cluster Upper Palatinate"
                    return etype
                if m.start() == 0 and m.group(0) in _LEADING_HEADS:
                    return etype
        return None

    def classify_statistical(self, text: str, start: int, end: int, label: str, ordinary: set[str] = frozenset()) -> Candidate | None:
        """Type a name the statistical model found, by our own evidence first, its label last."""
        surface = text[start:end]
        lead = re.match(r"(?:(?:the|The|a|A)\s+)?(?:(?:" + "|".join(map(re.escape, self.lex.demonyms)) + r")\s+)?", surface)
        if lead and lead.end() and surface not in self.lex.organizations and surface not in self.lex.places:
            if self._official_after_demonym(surface[lead.end():]):
                lead = re.match(r"(?:(?:the|The|a|A)\s+)?", surface)
            start += lead.end()
        if start >= end or text[start:end] in self.lex.demonyms:
            return None
        first_word = text[start:end].split()[0]
        if first_word in self.non_entity_heads or text[start:end].split()[-1] in self.non_entity_heads:
            return None
        cand = self._classify(text, start, end)
        if cand is not None:
            cand.rank = 1
            return cand
        surface = re.sub(r"(?:’s|'s|’|')$", "", text[start:end]).strip(" .,;:")
        end = start + len(surface)
        tokens = surface.split()
        if not tokens or len(surface) < 2 or not surface[0].isupper() or surface.upper() == surface and len(surface) <= 2:
            return None
        if any(self.post_word.match(t) for t in tokens) or tokens[0] in self.lex.name_stopwords:
            return None
        if label == "ORG" and not any(t in self.lex.legal_forms for t in tokens):
            if len(tokens) == 1 and (len(surface) <= 4 and surface.isupper() or surface.lower() in ordinary):
                return None  # "IT", "PET", "Research": words, not names
            return Candidate(start, end, "organization", surface, rank=1)
        if label == "PERSON" and 2 <= len(tokens) <= 3 and all(re.fullmatch(r"[A-ZА-ЯЁ][a-zа-яё’'\-]+", t) for t in tokens):
            if self.post.search(text[max(0, start - 80) : end + 80]):
                return Candidate(start, end, "person", surface, rank=1)
            return None
        if label in ("GPE", "LOC") and re.search(r"(?:village|town|city|settlement|district) of\s+$", text[max(0, start - 30):start]):
            return Candidate(start, end, "place", surface, {"kind": "city"}, rank=1)
        return None

    def _quoted(self, text: str, m: re.Match) -> Candidate | None:
        inner = m.group(1).strip()
        if not inner or not inner[0].isupper():
            return None
        before = text[max(0, m.start() - 24) : m.start()]
        after = text[m.end() : m.end() + 24]
        legal = self.legal_before.search(before) or self.legal_after.match(after)
        if legal:
            return Candidate(m.start(1), m.end(1), "organization", inner, {"legal_form": legal.group("form")})
        head = self._head_type(inner)
        if head:
            return Candidate(m.start(1), m.end(1), head, inner)
        return None


class KnownOrganisations:
    """Organisations everyone in the field knows (gazetteers/organizations.yaml), in any listed spelling."""

    name = "known_organisations"

    def __init__(self, lex: Lexicon):
        self.canonical = lex.organizations
        forms = sorted(self.canonical, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w\-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w\-])") if forms else None

    def __call__(self, text: str) -> list[Candidate]:
        if self.pattern is None:
            return []
        return [
            Candidate(m.start(), m.end(), "organization", m.group(0), {"canonical": self.canonical[m.group(0)]})
            for m in self.pattern.finditer(text)
        ]


class ListedOrganisations:
    """Names listed after a plural noun for companies: "agricultural companies Grimme, Lemken and
    Big Dutchman", "residents include Alpha, Beta and Gamma"."""

    name = "listed_organisations"

    def __init__(self, lex: Lexicon):
        nouns = _alternation([*lex.company_plurals, *lex.site_plurals, *lex.cluster_plurals])
        item = r"[A-ZА-ЯЁ][\w’'.\-&]*(?:[ \t]+[A-ZА-ЯЁ][\w’'.\-&]*){0,3}"
        bracket = r"(?:[ \t]*\([^()\n]{1,40}\))?"  # "Adlershof (Berlin)"
        self.pattern = re.compile(
            rf"(?<![\w])(?P<noun>{nouns})(?:[ \t]+(?:such as|including|include|includes|are|like|as))?[ \t]*:?[ \t]+"
            rf"(?P<items>{item}{bracket}(?:[ \t]*,[ \t]*{item}{bracket})*(?:,?[ \t]+and[ \t]+{item}{bracket})?)"
        )
        self.types = {**{n: "organization" for n in lex.company_plurals}, **{n: "site" for n in lex.site_plurals},
                      **{n: "cluster" for n in lex.cluster_plurals}}
        self.item = re.compile(item)
        self.lex = lex

    def __call__(self, text: str) -> list[Candidate]:
        found = self._bullets(text)
        for m in self.pattern.finditer(text):
            etype = self.types.get(m.group("noun"), "organization")
            items_text = re.sub(r"\([^()]*\)", lambda b: " " * len(b.group(0)), m.group("items"))
            items = [i for i in self.item.finditer(items_text)]
            if len(items) < 2:
                continue
            for i in items:
                surface = i.group(0).rstrip(".")
                if (etype == "organization" and surface in self.lex.places) or surface.split()[0] in self.lex.name_stopwords:
                    continue
                start = m.start("items") + i.start()
                found.append(Candidate(start, start + len(surface), etype, surface))
        return found


    _BULLET = re.compile(r"^[ \t]*(?:[-•*–]|\d+[.)])[ \t]+(?P<name>[A-ZА-ЯЁ][\w’'.\-&]*(?:[ \t]+[A-ZА-ЯЁ][\w’'.\-&]*){0,4})", re.MULTILINE)

    def _bullets(self, text: str) -> list[Candidate]:
        """A bulleted list after "participants include:" or "Residents:" names organisations, one a line."""
        found = []
        for m in self._BULLET.finditer(text):
            intro_end = text.rfind("\n", 0, m.start())
            block_start = text.rfind(":", 0, max(intro_end, 0) + 1)
            if block_start < 0 or m.start() - block_start > 600:
                continue
            intro_line = text[text.rfind("\n", 0, block_start) + 1 : block_start].lower()
            if not any(noun in intro_line for noun in self.lex.company_plurals):
                continue
            surface = m.group("name").rstrip(".")
            while surface.split()[-1] in self.lex.legal_forms and len(surface.split()) > 1:
                surface = surface.rsplit(" ", 1)[0]
            if surface in self.lex.places or surface.split()[0] in self.lex.name_stopwords:
                continue
            found.append(Candidate(m.start("name"), m.start("name") + len(surface), "organization", surface))
        return found


class LegalActRecogniser:
    """"Decree No. 188 of March 6, 2013", "order No. DM-P8-5060", "resolution № 992-p"."""

    name = "legal_acts"

    def __init__(self, lex: Lexicon):
        heads = _alternation(lex.legal_act_heads)
        months = _alternation(lex.months)
        date = rf"(?:[0-3]?\d\.[01]?\d\.(?:19|20)\d\d|(?:{months})\.?\s+[0-3]?\d,?\s+(?:19|20)\d\d|[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{months})\.?,?\s+(?:19|20)\d\d)"
        # capitalised words between the head and the number ("Decree of the RF Government No.") are case-sensitive
        qualifier = r"(?-i:(?:(?:[A-Z][\w\-]*|of|the)[ \t\u00a0]+){0,6})"
        number = r"(?:No\.?|Nr\.?|№|#)\s*(?P<number>[\w][\w\-/.]*\w|\w)"
        # a bare code right after the head word: "order VP-P7-1232", "decree 992-p", "Federal Law 116-FZ"
        code = r"(?P<code>(?-i:(?!(?:19|20)\d\d[\-–/](?:19|20)?\d\d\b)(?=[\w\-/]*\d)[A-Z0-9][\w]*(?:[\-/][\w]+)+))"
        # "Order No. 1234 of the Ministry of Industry and Trade dated 2 March 2023"
        issuer = r"(?:\s+of\s+the\s+(?-i:[A-Z][\w\-]*(?:\s+(?:of|and|for|the)?\s*[A-Z][\w\-]*)*))?"
        dated = rf"{issuer}(?:,?\s*(?:of|dated|from)\s+(?P<date1>{date}))?"
        self.pattern = re.compile(
            rf"(?<![\w])(?-i:(?:[A-Z][\w\-]*[ \t\u00a0]+){{0,3}})(?:{heads})(?:\s+{qualifier})?\s*"
            rf"(?:{number}{dated}|{code}{dated.replace('date1', 'date3').replace('{issuer}', '')}|(?:of|dated)\s+(?P<date2>{date})(?:\s*{number.replace('number', 'number2')})?)",
            re.IGNORECASE,
        )

    def __call__(self, text: str) -> list[Candidate]:
        found = []
        for m in self.pattern.finditer(text):
            surface = m.group(0).rstrip(" .,")
            start = m.start()
            lead = re.match(r"(?:(?:The|the|A|a|By|by|Under|under|In|in|With|with)\s+)+", surface)
            if lead:
                start += lead.end()
                surface = surface[lead.end():]
            attrs = {}
            number = m.group("number") or m.group("number2") or m.group("code")
            if number:
                attrs["number"] = number.rstrip(".")
            date = m.group("date1") or m.group("date2") or m.group("date3")
            if date:
                attrs["date"] = date
            found.append(Candidate(start, start + len(surface), "legal_act", surface, attrs))
        return found


def _headline_spans(text: str) -> list[tuple[int, int]]:
    """Title-case lines (short, no full stop, most words capitalised): "X Creates Y Cluster"."""
    spans, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if 3 <= len(stripped) <= 200 and not stripped.endswith((".", "!", "?")):
            words = stripped.split()
            if len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.6:
                spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _headline_cut(text: str, start: int, end: int, verbs: set[str]) -> list[tuple[int, int]]:
    """In a title-case headline, a verb ("Creates", "Opens") is not part of a name:
    cut the run there."""
    pieces, pos = [], start
    for m in re.finditer(r"\S+", text[start:end]):
        word = m.group(0)
        if word in verbs and m.start() > 0:
            pieces.append((pos, start + m.start()))
            pos = start + m.end()
            while pos < end and text[pos].isspace():
                pos += 1
    pieces.append((pos, end))
    return [(s, e) for s, e in pieces if e > s]
