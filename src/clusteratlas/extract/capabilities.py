"""What organisations, clusters and sites make or can do, read from one sentence at a time.

The press states it in a handful of shapes, each read by one rule here with its cue phrases in
``patterns/capabilities.yaml``:

- a verb after the subject: "Hayat Kimya, another Turkish investor, produces hygiene products",
  "Inversiya-Sensor LLC, which builds fibre-optic monitoring systems for oil wells", "It supplies ...";
- a noun with "of": "Inkab LLC, a maker of fibre-optic cable", "the world's largest producer of
  titanium, PJSC VSMPO-AVISMA";
- a noun after the product: "the Danish insulin maker Novo Nordisk", "PJSC KAMAZ, Russia's biggest
  heavy truck maker";
- a plant named by its product: "built a float glass plant", "opened a tyre plant".

Each item of the list after the cue ("composite rebar, geogrids and geomembranes for road
building") becomes one :class:`~clusteratlas.model.GraphCapability` with its own span, so a page can
mark exactly the words that say it. Nothing here finds names: subjects are the mentions the earlier
components found, so this component cannot change what the scorer sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

from ..model import GraphCapability, GraphEntity, Span
from .coref import Mention

HOLDERS = ("organization", "cluster", "site")
# A word of a list: letters or digits, with inner hyphens, apostrophes, dots and slashes (6-10, R&D, S.p.A.).
_TOKEN = re.compile(r"[^\W_](?:[\w\-'’/&+.]*[\w&+])?|[,;:()\[\]\"«»“”„]|[—–]|\S")
_CLOSING = set(";()[]—–.!?\"«»“”„")
_QUOTES = "\"'«»“”„ "


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    shape: str  # verb | past | plant | of | after
    kind: str  # produces | capability | auto
    text: str


@dataclass
class _Item:
    start: int
    end: int
    use: str | None = None


@lru_cache(maxsize=1)
def load_cues() -> dict:
    return yaml.safe_load(files(__package__).joinpath("patterns/capabilities.yaml").read_text("utf-8"))


def _alternation(phrases) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))


class CapabilityRecogniser:
    """The ``capabilities`` component: (text, sentences, mentions, entities) → capabilities."""

    name = "capabilities"

    def __init__(self, cues: dict | None = None, demonyms=frozenset(), legal_forms=()):
        data = cues or load_cues()
        # a mention ends before its legal form ("Inkab" LLC, "Continental" AG): the form belongs to the name
        forms = "|".join(re.escape(f) for f in sorted(legal_forms, key=len, reverse=True))
        tail = rf"[»”\"')\]]|\s*\([A-ZА-ЯЁ][\w&.\- ]{{1,14}}\)" + (rf"|\s*(?:{forms})(?![\w])" if forms else "")
        self.name_tail = re.compile(rf"(?:{tail})*")
        # ... and begins at its legal form and opening quote (PJSC "VSMPO-AVISMA Corporation")
        self.name_head = re.compile(rf"(?:(?:{forms})\s*)?[«“\"]?\s*$" if forms else r"[«“\"]?\s*$")
        verbs = data["verbs"]
        self.patterns: list[tuple[re.Pattern, str, str]] = []
        for kind in ("produces", "capability", "auto"):
            self.patterns.append((re.compile(rf"(?<![\w\-])(?:{_alternation(verbs[kind])})(?![\w\-])", re.I), "verb", kind))
        self.patterns.append((re.compile(rf"(?<![\w\-])(?:{_alternation(verbs['produces_past'])})(?![\w\-])", re.I), "past", "produces"))
        self.patterns.append((re.compile(rf"(?<![\w\-])(?:{_alternation(verbs['plant'])})(?![\w\-])", re.I), "plant", "produces"))
        for kind, phrases in data["nouns_of"].items():
            self.patterns.append((re.compile(rf"(?<![\w\-])(?:{_alternation(phrases)})(?![\w\-])", re.I), "of", kind))
        for kind, phrases in data["nouns_after"].items():
            self.patterns.append((re.compile(rf"(?<![\w\-])(?:{_alternation(phrases)})(?![\w\-])", re.I), "after", kind))
        # "production of" reads like a verb: its subject is whoever set the production up
        self.verb_like_nouns = re.compile(r"^(?:production|manufacture|manufacturing|output)\s", re.I)
        # plain forms ("make", "build"): read only after a plural subject, never as an infinitive
        base = {"produce", "manufacture", "make", "fabricate", "build", "assemble", "supply", "design", "develop",
                "offer", "provide", "perform", "carry", "repair", "maintain", "work", "specialise", "specialize",
                "focus", "deliver", "export", "sell", "test", "install"}
        self.base_forms = {p for kind in ("produces", "capability", "auto") for p in verbs[kind] if p.split()[0] in base}
        self.stops = {w.lower() for w in data["list_stops"]}
        self.glue = re.compile(rf"^(?:{_alternation(data['list_glue'])})$", re.I)
        self.glue_words = {w.lower() for w in data["list_glue"]}
        self.drop_leading = {w.lower() for w in data["item_drop_leading"]}
        self.item_stops = {w.lower() for w in data["item_stops"]}
        self.item_heads = {w.lower() for w in data["item_heads"]}
        self.plant_nouns = sorted((p.lower().split() for p in data["plant_nouns"]), key=len, reverse=True)
        self.service_words = {w.lower() for w in data["service_words"]}
        self.demonyms = frozenset(demonyms)
        self.pronoun = re.compile(
            rf"(?<![\w\-])(?:{_alternation(data['pronouns'])})\s+(?:[a-z]+\s+){{0,6}}$", re.I)
        self.pronoun_is = re.compile(
            rf"^(?:{_alternation(data['pronouns'])})\s+(?:is|was|are|were|has\s+become|became|remains)\s+", re.I)
        # words that may stand between a subject and the noun that describes it: "X, Russia's biggest", "X is one of the leading"
        self.apposition_words = {",", "is", "was", "are", "were", "has", "have", "been", "become", "became", "becomes",
                                 "remains", "remained", "as", "a", "an", "the", "one", "of", "another", "also", "now",
                                 "today", "still", "which", "itself", "and", "leading", "largest", "biggest", "main",
                                 "major", "oldest", "only", "first", "second", "third", "known", "well-known", "big",
                                 "large", "small", "key", "top", "sole", "single", "specialised", "specialized",
                                 "based", "located", "headquartered", "in", "near", "developer", "designer", "maker",
                                 "producer", "manufacturer", "supplier", "exporter", "builder", "provider"}

    # ---- the component -----------------------------------------------------

    def __call__(self, text: str, sentences: list[Span], mentions: list[Mention],
                 entities: list[GraphEntity]) -> list[GraphCapability]:
        found: list[GraphCapability] = []
        seen: set[tuple] = set()
        last_subject: tuple[int, int] | None = None  # (entity, sentence number) of the latest capability
        k = 0
        previous_first: int | None = None  # the first holder named in the previous sentence
        for number, sentence in enumerate(sentences):
            while k < len(mentions) and mentions[k].start < sentence.start:
                k += 1
            j = k
            while j < len(mentions) and mentions[j].start < sentence.end:
                j += 1
            inside = mentions[k:j]
            k = j
            antecedent = last_subject[0] if last_subject and number - last_subject[1] <= 2 else previous_first
            # the cluster or site named last before this sentence (within ~2 sentences): what "its members" belong to
            groups = [m for m in mentions[max(0, k - 40):k] if m.type in ("cluster", "site") and sentence.start - m.start <= 400]
            group = groups[-1].entity if groups else None
            for cap in self._sentence(text, sentence, inside, entities, antecedent, group):
                key = (cap.subject, cap.kind, cap.value.lower(), sentence.start)
                if key not in seen:
                    seen.add(key)
                    found.append(cap)
                    last_subject = (cap.subject, number)
            holders = [m for m in inside if m.type in HOLDERS]
            previous_first = holders[0].entity if holders else None
        return found

    def _cues(self, text: str, sentence: Span, mentions: list[Mention]) -> list[_Cue]:
        said = text[sentence.start:sentence.end]
        cues = []
        for pattern, shape, kind in self.patterns:
            for m in pattern.finditer(said):
                start, end = sentence.start + m.start(), sentence.start + m.end()
                if any(x.start <= start < x.end for x in mentions if not x.anaphor):
                    continue  # "Production" inside "Federal Research and Production Center Altai" is a name
                cues.append(_Cue(start, end, shape, kind, m.group(0)))
        cues.sort(key=lambda c: (c.start, -(c.end - c.start)))
        kept, reach = [], -1
        for cue in cues:  # the longest cue at a place wins ("set up production of" over "set up")
            if cue.start >= reach:
                kept.append(cue)
                reach = cue.end
        return kept

    def _sentence(self, text, sentence, mentions, entities, antecedent, group=None):
        holders = [m for m in mentions if m.type in HOLDERS]
        cues = self._cues(text, sentence, mentions)
        pending: _Cue | None = None
        for cue in cues:
            if pending is not None and cue.shape in ("verb", "past") and not text[pending.end:cue.start].strip(" ,\n").replace(
                    "and", "").replace("or", "").strip():
                cue = _Cue(pending.start, cue.end, cue.shape, cue.kind, text[pending.start:cue.end])
            pending = None
            if cue.shape == "after":
                yield from self._noun_after(text, sentence, cue, holders, mentions)
                continue
            if re.match(r"\s*(?:and|or|,)\s", text[cue.end:cue.end + 6]):
                pending = pending or cue  # "designs and makes X": the later verb reads the list, for both
                continue
            items, list_end = self._list(text, cue.end, sentence.end, mentions, cues)
            if not items:
                continue
            if cue.shape == "of" and not self.verb_like_nouns.match(cue.text + " "):
                subject, confidence = self._described_subject(text, sentence, cue.start, items[-1].end, holders, antecedent,
                                                              mentions)
            else:
                if cue.shape == "past" and not self._active_past(text, sentence, cue, holders):
                    continue
                if cue.shape == "verb" and cue.text.lower() in self.base_forms and not self._base_form_ok(text, sentence, cue, holders):
                    continue
                subject, confidence = self._verb_subject(text, sentence, cue.start, holders, antecedent, mentions, group)
            if subject is None:
                continue
            for item in items:
                cap = self._capability(text, sentence, cue, item, subject, confidence)
                if cap is not None:
                    yield cap

    # ---- subjects ------------------------------------------------------------

    def _begin(self, text: str, m: Mention) -> int:
        """Where a name really begins: at its legal form or opening quote."""
        found = self.name_head.search(text, max(0, m.start - 60), m.start)
        return found.start() if found and found.end() == m.start else m.start

    def _end(self, text: str, m: Mention) -> int:
        """Where a name really ends: after its legal form and closing quote or bracket."""
        return m.end + len(self.name_tail.match(text, m.end).group(0))

    @staticmethod
    def _masked(text: str, start: int, end: int, mentions, mark: str = "x") -> str:
        """text[start:end] with names written as x's (or left out), so "Leonardo S.p.A." holds no full stop."""
        chars = list(text[start:end])
        for m in mentions:
            for i in range(max(m.start, start), min(m.end, end)):
                if not chars[i - start].isspace():
                    chars[i - start] = mark
        return "".join(chars)

    _APPOSITIVE = re.compile(r"\s*,[^,;:()]{1,120}?,\s*(?:which\s+|who\s+|that\s+)?(?:also\s+|now\s+|still\s+|today\s+)?")

    def _verb_subject(self, text, sentence, at, holders, antecedent, mentions=(), group_in_focus=None) -> tuple[int | None, float]:
        """The organisation a verb at ``at`` is said of: "M, <description>, [which] makes" → M; else the
        nearest name before the verb in its clause ("A of the Italian B also built": A); else what
        "it"/"they"/"the company" stands for."""
        before = [m for m in holders if self._end(text, m) <= at]
        for m in before:  # an appositive between the subject and its verb
            if self._APPOSITIVE.fullmatch(self._masked(text, self._end(text, m), at, mentions)):
                return m.entity, 0.75
        clause_start = max([sentence.start] + [sentence.start + i + 1 for i, ch in enumerate(text[sentence.start:at]) if ch == ";"])
        near = [m for m in before if m.start >= clause_start and at - m.end <= 150]
        pronoun = self.pronoun.search(text[max(clause_start, self._end(text, near[-1]) if near else clause_start):at])
        if pronoun and re.match(r"(?:its|their|the)?\s*(?:members|residents|participants)\b", pronoun.group(0), re.I):
            return (group_in_focus, 0.6) if group_in_focus is not None else (None, 0.0)
        if pronoun and before and not near:
            return before[0].entity, 0.65  # "X is the largest producer of Y; it supplies ...": X
        if pronoun and antecedent is not None:
            return antecedent, 0.6
        if near and re.search(r",\s*(?:owned by|part of|a subsidiary of|a unit of|a division of|controlled by|a member of)"
                              r"\s*(?:the\s+)?[^,]*$", text[clause_start:self._begin(text, near[-1])]):
            return None, 0.0  # "Hemofarm, owned by STADA, makes": the owner is not the maker, and the maker has no name here
        if near and re.search(r",\s+(?:and|while|but)\s+[A-Z]|;", text[self._end(text, near[-1]):at]):
            return None, 0.0  # "A built a plant, and Hayat Kimya produces": a clause whose subject we do not know
        if near:
            if len(near) > 1 and re.fullmatch(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w\-]+\s+)?", text[self._end(text, near[-2]):near[-1].start]):
                return near[-2].entity, 0.7  # "Berlin-Chemie AG of the Italian Menarini Group": the first is the subject
            return near[-1].entity, 0.7
        return None, 0.0

    def _described_subject(self, text, sentence, cue_start, list_end, holders, antecedent, mentions=()) -> tuple[int | None, float]:
        """Who "a maker of X" describes: a name right before it ("Inkab LLC, a maker of", "X is the
        largest producer of"), or right after the list ("the largest producer of titanium, PJSC X"),
        or "It is a maker of"."""
        before = [m for m in holders if self._end(text, m) <= cue_start]
        if before and self._apposition(text, self._end(text, before[-1]), cue_start, mentions):
            return before[-1].entity, 0.75
        after = [m for m in holders if m.start >= list_end]
        if after:
            gap = text[list_end:self._begin(text, after[0])]
            tail = text[self._end(text, after[0]):sentence.end].lstrip(_QUOTES)
            if re.fullmatch(r"[\s,]*[«“\"]?", gap) and "," in gap and (not tail or tail[0] in ",.;(!?"):
                return after[0].entity, 0.7
        head = text[sentence.start:cue_start]
        if not before and antecedent is not None and self.pronoun_is.match(head.lstrip(_QUOTES)):
            return antecedent, 0.6
        return None, 0.0

    def _apposition(self, text: str, start: int, end: int, mentions=()) -> bool:
        """Whether text[start:end] only joins a name to the noun that describes it: "X, Russia's biggest",
        "X, based in Kazan, is one of the largest", "X is a developer and"; places named in it are fine."""
        gap = self._masked(text, start, end, [m for m in mentions if m.type == "place"], mark="")
        if len(gap) > 100 or any(ch in gap for ch in "();:."):
            return False
        words = [w.strip("\"«»“”„ ") for w in re.findall(r",|[^\s,]+", gap)]  # an apostrophe is a possessive's
        return all(not w or w.lower() in self.apposition_words or w.lower() in self.drop_leading
                   or all(part in self.demonyms for part in w.split("-")) or re.fullmatch(r"[\w\-]*['’]s", w)
                   for w in words)

    def _active_past(self, text, sentence, cue, holders) -> bool:
        """"it made tiles", "X, part of Y, built a plant": a past form right after its subject
        (or its appositive), never a passive ("was made", "airliners built by")."""
        head = text[sentence.start:cue.start]
        if re.search(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$", head, re.I):
            return False
        if re.match(r"\s+by\b", text[cue.end:cue.end + 5]):
            return False
        if re.search(r"(?<![\w\-])(?:it|they)\s+(?:also\s+|later\s+|once\s+|recently\s+|then\s+)?$", head, re.I):
            return True
        for m in holders:
            end = self._end(text, m)
            if end <= cue.start and (re.fullmatch(r"\s*(?:also\s+|later\s+|recently\s+|then\s+)?", text[end:cue.start])
                                     or self._APPOSITIVE.fullmatch(text[end:cue.start])):
                return True
        return False

    def _base_form_ok(self, text, sentence, cue, holders) -> bool:
        """"They make", "which design and build", "A and B produce": a plural subject or a
        coordinated verb; an infinitive ("agreed to build", "would assemble") says nothing yet done."""
        head = text[sentence.start:cue.start]
        if re.search(r"\b(?:to|would|could|will|may|might|can|should|must|not)\s+[\w\s,\-]{0,40}$", head, re.I):
            return False
        if re.search(r"(?<![\w\-])(?:they|which|who|that|also|and|jointly|together|members|residents|participants|"
                     r"companies|firms|enterprises|plants)\s+$", head, re.I):
            return True
        return any(self._end(text, m) <= cue.start and not text[self._end(text, m):cue.start].strip() for m in holders)

    # ---- the "X maker" shape --------------------------------------------------

    def _noun_after(self, text, sentence, cue, holders, mentions):
        """"the Danish insulin maker Novo Nordisk", "PJSC KAMAZ, Russia's biggest heavy truck maker":
        the lower-case words right before the noun are the product."""
        taken: list[tuple[int, int, str]] = []
        pos = cue.start
        for w in reversed(list(re.finditer(r"\S+", text[sentence.start:cue.start]))):
            ws, we, token = sentence.start + w.start(), sentence.start + w.end(), w.group(0)
            low = token.lower()
            if text[we:pos].strip() or any(ch in token for ch in ",;:()[]\"«»“”„") \
                    or any(m.start <= ws < m.end for m in mentions) \
                    or not (token[:1].islower() or token[:1].isdigit()) \
                    or low in self.stops or low in self.glue_words or re.fullmatch(r"[\w\-]+['’]s", token) \
                    or low in ("a", "an", "the", "one", "of", "for", "by", "as", "to", "and", "or") \
                    or any(ch.isdigit() for ch in token) or (low.endswith("ed") and "-" not in low):
                break
            taken.insert(0, (ws, we, token))
            pos = ws
            if len(taken) == 5:
                break
        phrase_start = taken[0][0] if taken else cue.start
        while taken and taken[0][2].lower() in self.drop_leading:  # "biggest heavy truck" → "heavy truck"
            taken.pop(0)
        if not taken:
            return
        start, end = taken[0][0], taken[-1][1]
        value = " ".join(text[start:end].split())
        if value.lower() in self.item_stops:
            return
        subject = None
        after = [m for m in holders if m.start >= cue.end]
        before = [m for m in holders if self._end(text, m) <= phrase_start]
        if after and not text[cue.end:self._begin(text, after[0])].strip():
            subject = after[0].entity  # "A and the prepreg producer B": the name right after the noun first
        elif before and self._apposition(text, self._end(text, before[-1]), phrase_start, mentions):
            subject = before[-1].entity
        if subject is None:
            return
        yield GraphCapability(subject, self._kind(cue.kind, value), value, Span(start, end), sentence,
                              cue=" ".join(cue.text.lower().split()), confidence=0.7)

    # ---- the list after a cue -------------------------------------------------

    def _list(self, text: str, start: int, stop: int, mentions: list[Mention], cues=()) -> tuple[list[_Item], int]:
        """The items a cue introduces, up to the end of the list; and where the list ends.

        A list ends at a clause word (which, while, in, to ...), a year, a bracket or dash, a name,
        or an item too long to be a product. "for ..." after an item is what it is for; the items after
        such a "for", until one has its own "for", are more things it is for ("inertial navigation
        systems for aircraft, ships and drilling tools")."""
        # a brand named inside the list ("under the ROCKBAR brand") does not end it
        names = sorted(self._begin(text, m) for m in mentions if m.start >= start and not m.anaphor
                       and not re.search(r"\bunder\s+(?:the\s+|its\s+)?[«“\"]?$", text[max(0, m.start - 20):m.start]))
        # another cue starts another clause ("built a float glass plant, and X produces ...")
        limit = min([stop] + names + [c.start for c in cues if c.start >= start])
        chunk = text[start:limit]
        if not chunk.strip() or (names and not text[start:names[0]].strip(_QUOTES + "\n")):
            return [], start  # the verb's object is a name: a customer or partner, not a product
        tokens = [(start + m.start(), start + m.end(), m.group(0)) for m in _TOKEN.finditer(chunk)]
        items: list[_Item] = []
        words: list[tuple[int, int, str]] = []
        use: list[tuple[int, int, str]] | None = None  # the words after "for" in the current item
        last_for: _Item | None = None
        end = limit

        def close() -> bool:
            nonlocal words, use, last_for
            while words and words[0][2].lower() in self.drop_leading:
                words.pop(0)  # "and the", "and other": nothing left is no item
            if not words and not use:
                words, use = [], None
                return True
            if len(words) > 6 or (words and words[-1][2].lower() in ("of", "the", "a", "an", "for", "to", "with", "by")):
                return False
            item = _Item(words[0][0], words[-1][1]) if words else None
            use_text = " ".join(text[use[0][0]:use[-1][1]].split()) if use else None
            if item is not None and use is not None:
                item.use = use_text
                last_for = item
                items.append(item)
            elif item is not None and last_for is not None:
                # an item after "X for Y," without its own "for" is one more thing X is for
                last_for.use = f"{last_for.use}, {text[item.start:item.end]}" if last_for.use else text[item.start:item.end]
            elif item is not None:
                items.append(item)
            words, use = [], None
            return True

        i = 0
        while i < len(tokens):
            s, e, tok = tokens[i]
            low = tok.lower()
            phrase = self._glue_at(tokens, i)
            if phrase and i and tokens[i - 1][2] == "," and i + phrase < len(tokens) and tokens[i + phrase][2][:1].isupper():
                end = tokens[i - 1][0]  # ", and Hayat Kimya ...": a new clause with a subject of its own
                break
            if phrase:
                if not close():
                    end = s
                    break
                i += phrase
                continue
            if tok in (",", ":"):
                if not close():
                    end = s
                    break
                i += 1
                continue
            if low == "under":
                ahead = [t[2].lower() for t in tokens[i + 1:i + 6]]
                brand = next((n for n, w in enumerate(ahead) if w in ("brand", "brands", "trademark", "name", "label")), None)
                if brand is not None:  # "rebar under the ROCKBAR brand, along with ...": the list goes on
                    i += brand + 2
                    continue
            if tok in _CLOSING or low in self.stops or re.fullmatch(r"(?:1[89]|20)\d\d", tok) \
                    or (low.endswith("ed") and len(low) > 4 and low not in self.drop_leading
                        and (i + 1 == len(tokens) or tokens[i + 1][2].lower() in self.stops | {"for", "of"})):
                end = s
                if not close():
                    words, use = [], None
                break
            if low == "for":
                if not words:  # "provides for investments": no product before the "for"
                    end = s
                    break
                use = []
                i += 1
                continue
            if use is not None:
                use.append((s, e, tok))
            else:
                words.append((s, e, tok))
            i += 1
        else:
            if not close():
                words, use = [], None
        # one "for" at the end ("rebar, geogrids and geomembranes for road building") serves them all
        if items and items[-1].use and sum(1 for item in items if item.use) == 1:
            for item in items[:-1]:
                item.use = items[-1].use
        for item in items:
            if item.use:
                item.use = re.sub(r"^(?:the|a|an|its|their)\s+", "", item.use, flags=re.I)
        return items[:12], end

    def _glue_at(self, tokens, i) -> int:
        """How many tokens a list glue ("and", "as well as", "such as") starting at ``i`` spans, or 0."""
        for n in (3, 2, 1):
            if i + n <= len(tokens) and self.glue.match(" ".join(t[2] for t in tokens[i:i + n])):
                return n
        return 0

    # ---- one item ----------------------------------------------------------

    def _capability(self, text, sentence, cue, item: _Item, subject, confidence) -> GraphCapability | None:
        words = list(re.finditer(r"\S+", text[item.start:item.end]))
        while words and (words[0].group(0).lower() in self.drop_leading or words[0].group(0) in self.demonyms
                         or re.fullmatch(r"[\w\-]+['’]s", words[0].group(0))):
            words.pop(0)
        if not words:
            return None
        start, end = item.start + words[0].start(), item.start + words[-1].end()
        while end > start and text[end - 1] in _QUOTES + ".,":
            end -= 1
        value = " ".join(text[start:end].split())
        low = value.lower().split()
        plant = next((p for p in self.plant_nouns if low[-len(p):] == p), None)
        facility = cue.shape == "plant" or re.search(r"\b(?:a|an|its|their|the|new|own)\s+$", text[max(0, item.start - 15):start], re.I)
        if plant and len(low) > len(plant) and facility:  # "a float glass plant" makes float glass
            value = " ".join(value.split()[:-len(plant)])
            end = start + len(" ".join(text[start:end].split()[:-len(plant)]))
            if not re.search(r"\s", text[start:end]) and text[start:end] != value:
                end = start + len(value)
        elif (plant and facility) or cue.shape == "plant":
            return None  # "built a production site", "opened its office": no product named
        if not value or value.lower() in self.item_stops or not re.search(r"[^\W\d_]", value) \
                or low[-1] in self.item_heads or (len(low) == 1 and re.search(r"(?:ly|al|ical|ive|ous|ary|ful)$", low[0])):
            return None  # "the anchor company" is a customer, "mainly" no product
        if re.match(r"^\d", value):  # "over 800 people", "25 percent": a quantity, not a product
            return None
        kind = self._kind(cue.kind, value)
        return GraphCapability(subject, kind, value, Span(start, end), sentence, cue=" ".join(cue.text.lower().split()),
                               use=item.use, confidence=confidence)

    def _kind(self, cue_kind: str, value: str) -> str:
        words = [w[:-1] if w.endswith("s") and w[:-1] in self.service_words else w for w in value.lower().split()]
        service = words[0] in self.service_words or words[-1] in self.service_words or \
            any(" ".join(words[i:i + 2]) in self.service_words for i in range(len(words) - 1))
        if cue_kind == "capability" or service:
            return "capability"
        return "produces"
