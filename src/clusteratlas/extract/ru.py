"""The Russian path of the extractor: recognisers that read the way Russian news writes.

Russian names change their endings with case («Калужская область», «в Калужской области»), so
every comparison here goes through pymorphy3's lemmas, and names that are common-noun phrases
are put back into the nominative for output. Quoted names («…», „…“, "…") after a legal form or
a type word carry most organisations and sites. The cue words, months, scales and legal forms are
data (patterns/lexicon_ru.yaml); the place names come from the same gazetteers as the English
path (federal_subjects_ru.yaml, GeoNames' Cyrillic city names) plus the Russian country names.
Nothing here is used for English text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files

import yaml

from ..model import DocumentGraph, GraphEntity, GraphRelation, GraphValue, Span
from .lexicon import load_lexicon
from .sentences import split_sentences
from .spans import non_overlapping

_OPEN = "«„\"“"
_CLOSE = {"«": "»", "„": "“”", "\"": "\"", "“": "”"}
_WORD_RE = re.compile(r"[А-ЯЁа-яёA-Za-z0-9][А-ЯЁа-яёA-Za-z0-9\-+]*")
_CYR_UPPER = "А-ЯЁ"


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3  # imported on first Russian text: English runs never load the dictionaries

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50000)
def _parses(word: str):
    """pymorphy3's analyses of one word, cached: a text repeats its words, and each analysis costs."""
    return tuple(_morph().parse(word))


@lru_cache(maxsize=50000)
def _lemmas(word: str) -> tuple[str, ...]:
    """The normal forms pymorphy3 offers for one word (the likeliest first, at most three)."""
    out: list[str] = []
    for parse in _parses(word)[:4]:
        if parse.normal_form not in out:
            out.append(parse.normal_form)
    return tuple(out[:3]) or (word.lower(),)


def _lemma_keys(words: list[str]) -> list[str]:
    """Every lemma sequence the words may stand for, as space-joined keys (capped product)."""
    choices = [_lemmas(w.lower()) if not w.isupper() else (w.lower(),) for w in words]
    return [" ".join(combo) for combo in itertools.islice(itertools.product(*choices), 16)]


@lru_cache(maxsize=20000)
def _forms_of(lemma: str) -> frozenset[str]:
    """Every case and number form of a word ("постановление" → постановления, постановлением …)."""
    parse = _morph().parse(lemma)[0]
    return frozenset(f.word for f in parse.lexeme) | {lemma}


def _phrase_forms(phrase: str) -> set[str]:
    """A phrase such as «особая экономическая зона» in each case and number, inflected word by word."""
    words = phrase.split()
    out = {phrase}
    parses = [_morph().parse(w)[0] for w in words]
    for number in ("sing", "plur"):
        for case in ("nomn", "gent", "datv", "accs", "ablt", "loct"):
            forms = []
            for w, p in zip(words, parses):
                if "-" in w or not p.tag.POS:
                    forms.append(w)
                    continue
                f = p.inflect({case, number})
                forms.append(f.word if f else w)
            out.add(" ".join(forms))
    return out


def to_nominative(phrase: str) -> str:
    """«Калужской области» → «Калужская область»: the words up to and including the first noun are
    put into the nominative (keeping number), a genitive tail («… Республики Башкортостан») stays.
    Words pymorphy3 does not know, abbreviations and quoted parts are left as written."""
    if any(q in phrase for q in "«»\"„“”"):
        return phrase
    words = phrase.split(" ")
    out = []
    done = False
    for word in words:
        if done or not word or word.isupper() or not re.fullmatch(r"[А-ЯЁа-яё\-]+", word):
            out.append(word)
            continue
        parses = [p for p in _parses(word) if p.tag.POS in ("NOUN", "ADJF", "PRTF") and p.is_known]
        if not parses:
            out.append(word)
            if not any(p.tag.POS in ("ADJF", "PRTF") for p in _parses(word)):
                done = True
            continue
        parse = parses[0]
        number = "plur" if "plur" in parse.tag else "sing"
        infl = parse.inflect({"nomn", number}) if "nomn" not in parse.tag else parse
        new = infl.word if infl else word
        if word[0].isupper():
            new = new[0].upper() + new[1:]
        out.append(new)
        if parse.tag.POS == "NOUN":
            done = True
    return " ".join(out)


def _alternation(forms) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


@dataclass
class RuLexicon:
    months: dict[str, int]
    scales: dict[str, float]
    currencies: dict[str, str]
    legal_forms: tuple[str, ...]
    legal_act_heads: frozenset[str]
    legal_act_issuers: tuple[str, ...]
    site_heads: frozenset[str]
    site_abbreviations: tuple[str, ...]
    cluster_heads: frozenset[str]
    organization_heads: frozenset[str]
    not_organization_heads: frozenset[str]
    place_heads: frozenset[str]
    organization_abbreviations: tuple[str, ...]
    person_posts: frozenset[str]
    member_cues: dict[str, tuple[str, ...]]
    located_cues: tuple[str, ...]
    places: dict[str, tuple[str, str, str]]  # lemma key → (nominative name, kind, official name of that place)
    place_stopwords: frozenset[str]
    place_abbreviations: dict[str, str]
    ministries: dict[str, str]


@lru_cache(maxsize=1)
def load_ru_lexicon() -> RuLexicon:
    raw = yaml.safe_load(files(__package__).joinpath("patterns/lexicon_ru.yaml").read_text("utf-8"))
    months = {form.lower(): int(num) for num, forms in raw["months"].items() for form in forms}
    currencies = {form.lower(): code for code, forms in raw["currencies"].items() for form in forms}

    def phrases(key):
        return frozenset(f.lower() for p in raw[key] for f in _phrase_forms(p))

    # Places: the Russian forms of the federal subjects, GeoNames' Cyrillic city names, country names.
    names: list[tuple[str, str, str]] = []  # (form, kind, canonical: one key per real place)
    for form, (canonical, kind) in load_lexicon().places.items():
        if re.match(rf"[{_CYR_UPPER}]", form):
            names.append((form, kind, canonical))
    names.extend((c, "country", c) for c in raw["countries"])
    try:  # pycountry's Russian translations of the ISO country names, when the package has them
        import gettext

        import pycountry

        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
        for country in pycountry.countries:
            ru = tr.gettext(country.name)
            if ru != country.name and "," not in ru:
                names.append((ru, "country", country.name))
    except Exception:  # optional knowledge; the YAML list alone still works
        pass
    stop = frozenset(raw["place_stopwords"])
    places: dict[str, tuple[str, str, str]] = {}
    # the official (first) form of a federal subject wins over its short forms as the output name
    official: dict[str, str] = {}
    for form, kind, canonical in names:
        official.setdefault(canonical, form)
    for form, kind, canonical in names:
        if form in stop:
            continue
        for key in _lemma_keys(form.replace("—", " ").split()):
            places.setdefault(key, (form, kind, official[canonical]))
    for abbr, full in raw["place_abbreviations"].items():
        target = next((v for k, v in places.items() if v[0] == full), (full, "region", full))
        places.setdefault(abbr.lower(), (full, target[1], target[2]))
    return RuLexicon(
        months=months,
        scales={k.lower(): float(v) for k, v in raw["scales"].items()},
        currencies=currencies,
        legal_forms=tuple(sorted(raw["legal_forms"], key=len, reverse=True)),
        legal_act_heads=frozenset(f for h in raw["legal_act_heads"] for f in _forms_of(h)),
        legal_act_issuers=tuple(raw["legal_act_issuers"]),
        site_heads=phrases("site_heads"),
        site_abbreviations=tuple(raw["site_abbreviations"]),
        cluster_heads=phrases("cluster_heads"),
        organization_heads=frozenset(raw["organization_heads"]),
        not_organization_heads=frozenset(raw["not_organization_heads"]),
        place_heads=frozenset(raw["place_heads"]),
        organization_abbreviations=tuple(raw["organization_abbreviations"]),
        person_posts=frozenset(f.lower() for p in raw["person_posts"] for f in _phrase_forms(p)),
        member_cues={role: tuple(cues) for role, cues in raw["member_cues"].items()},
        located_cues=tuple(raw["located_cues"]),
        places=places,
        place_stopwords=stop,
        place_abbreviations=dict(raw["place_abbreviations"]),
        ministries=dict(raw["ministries"]),
    )


# ---------------------------------------------------------------- values


class RuMoneyRecogniser:
    """«141,5 млн рублей», «1,73 млрд руб.», «₽40,3 млрд», «5 тыс. долларов»."""

    def __init__(self, lex: RuLexicon):
        self.lex = lex
        number = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
        scale = _alternation(lex.scales)
        cur = _alternation(lex.currencies)
        self.after = re.compile(
            rf"(?<![\w.,])(?P<num>{number})\s*(?:(?P<scale>{scale})\.?\s*)?(?P<cur>{cur})(?![\w])", re.IGNORECASE)
        self.before = re.compile(
            rf"(?<![\w])(?P<cur>[₽$€])\s*(?P<num>{number})(?:\s*(?P<scale>{scale})(?![\w])\.?)?", re.IGNORECASE)

    def __call__(self, text: str) -> list[GraphValue]:
        found: list[GraphValue] = []
        taken: list[tuple[int, int]] = []
        for pattern in (self.after, self.before):
            for m in pattern.finditer(text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                digits = re.sub(r"[ \u00a0\u202f]", "", m.group("num")).replace(",", ".")
                try:
                    amount = float(digits)
                except ValueError:
                    continue
                if m.group("scale"):
                    amount *= self.lex.scales[m.group("scale").lower()]
                code = self.lex.currencies.get(m.group("cur").lower())
                if code is None:
                    continue
                taken.append((m.start(), m.end()))
                found.append(GraphValue("money", m.group(0).strip(), Span(m.start(), m.end()),
                                        amount=round(amount, 2), currency=code))
        # A figure repeated (a title and its body) is one stated quantity: keep its first mention.
        seen: set[tuple[str, float]] = set()
        unique = []
        for v in sorted(found, key=lambda v: v.span.start):
            if (v.currency, v.amount) not in seen:
                seen.add((v.currency, v.amount))
                unique.append(v)
        return unique


class RuDateRecogniser:
    """«6 марта 2013 года», «19-го августа 2011 г.», «от 28.08.2012», «31 мая 2023»."""

    def __init__(self, lex: RuLexicon):
        self.lex = lex
        month = _alternation(lex.months)
        self.patterns = [
            re.compile(rf"(?<![\w\d])(?P<day>[0-3]?\d)(?:-?го)?\s+(?P<month>{month})\s+(?P<year>(?:1[89]|20)\d\d)"
                       r"(?:\s*(?:года|году|год|г\.|г(?![\w])))?", re.IGNORECASE),
            re.compile(r"(?<![\w.])(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.(?P<year>(?:1[89]|20)\d\d)(?![\d])"),
            re.compile(r"(?<![\w-])(?P<year>(?:1[89]|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?![\d])"),
        ]

    def __call__(self, text: str) -> list[GraphValue]:
        found: list[GraphValue] = []
        seen: set[str] = set()
        for pattern in self.patterns:
            for m in pattern.finditer(text):
                g = m.groupdict()
                month = int(g["mnum"]) if g.get("mnum") else self.lex.months.get(g["month"].lower())
                try:
                    iso = date(int(g["year"]), int(month), int(g["day"])).isoformat()
                except (TypeError, ValueError):
                    continue
                if iso in seen:  # one date, however often the text repeats it
                    continue
                seen.add(iso)
                found.append(GraphValue("date", m.group(0), Span(m.start(), m.end()), value=iso))
        return sorted(found, key=lambda v: v.span.start)


# ---------------------------------------------------------------- entity mentions


@dataclass
class RuMention:
    start: int
    end: int
    type: str
    name: str  # the name to output (nominative where it can be made)
    surface: str
    attributes: dict[str, str] = field(default_factory=dict)
    rank: int = 0  # 0: quoted name or legal form; 1: gazetteer; 2: shape alone


def _quoted_at(text: str, i: int) -> tuple[int, int] | None:
    """The quoted stretch opening at ``text[i]``: (start, end) including the quotes, or None.
    Straight quotes close at a quote that is followed by punctuation, a space and a lower-case
    word or the end, so `"НПП "ВЕКТОР", …` keeps its inner quote (the source collapsed two)."""
    q = text[i]
    if q not in _OPEN:
        return None
    limit = min(len(text), i + 160)
    if q == "«":
        depth = 0
        for j in range(i, limit):
            if text[j] == "«":
                depth += 1
            elif text[j] == "»":
                depth -= 1
                if depth == 0:
                    return (i, j + 1)
            elif text[j] == "\n":
                return None
        return None
    closers = _CLOSE[q]
    for j in range(i + 1, limit):
        if text[j] == "\n":
            return None
        if text[j] in closers:
            nxt = text[j + 1:j + 4]
            if q != "\"" or not nxt or re.match(r"[\s,.;:)\-—–]|$", nxt):
                if q == "\"" and re.match(r"\s[А-ЯЁA-Z]", nxt) and "\"" in text[j + 1:limit]:
                    # `"НПП "ВЕКТОР"`: a capitalised word after the quote means it opened an inner name
                    k = text.find("\"", j + 1, limit)
                    if k != -1 and re.match(r"[\s,.;:)\-—–]|$", text[k + 1:k + 2] or " "):
                        continue
                return (i, j + 1)
    return None


def _inner(text: str, span: tuple[int, int]) -> str:
    s = text[span[0] + 1:span[1] - 1].strip()
    if s.count("\"") % 2 == 1:  # a collapsed closing quote: give the inner name its quote back
        s += "\""
    return s


class RuEntityRecogniser:
    def __init__(self, lex: RuLexicon):
        self.lex = lex
        # organisations everyone knows (gazetteers/organizations.yaml), Cyrillic forms in any case ending;
        # they keep the gazetteer's canonical name, as on the English path, so documents in both languages meet
        self.known = load_lexicon().organizations
        cyr = sorted((f for f in self.known if re.match(rf"[{_CYR_UPPER}]", f)), key=len, reverse=True)
        self.known_re = re.compile(rf"(?<![\w\-])(?P<form>{_alternation(cyr)})(?P<ending>[а-яё]{{0,3}})(?![\w\-])") if cyr else None
        self.initials = re.compile(r"(?<![\w])([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s+([А-ЯЁ]\.\s?[А-ЯЁ]\.)")
        self.ministry = re.compile(
            r"(?<![\w])(?:(?P<short>Мин[а-яё]{3,})|(?P<full>Министерств[оауе](?:м)?(?:\s+[а-яё\-,]+){1,5}?))"
            r"\s+(?P<country>РФ|России|Российской Федерации"
            # a regional ministry names its region in the genitive: «… Омской области», «… Республики Тыва»
            r"|[А-ЯЁ][а-яё\-]+(?:ой|ого)\s+(?:области|края|округа)|Республики\s+[А-ЯЁ][а-яё\-]+(?:\s+[А-ЯЁ][а-яё\-]+)?"
            r"|[А-ЯЁ][а-яё\-]+(?:ой|ской)\s+Республики)(?![\w])")
        self.number_act = re.compile(r"(?:\s+от\s+(?P<date>[0-3]?\d\.[01]?\d\.\d{4}|[0-3]?\d\s+[а-яё]+\s+\d{4}(?:\s*(?:года|г\.))?))?"
                                     r"(?:\s+(?:№|N|No\.?)\s*(?P<num>[\w\-/]+))?")

    # -- helpers
    def _words_before(self, text: str, pos: int, n: int = 4) -> list[tuple[int, int, str]]:
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(text, max(0, pos - 80), pos)]
        return words[-n:]

    def _head_before(self, text: str, pos: int, heads: frozenset[str]) -> int | None:
        """Start of a head phrase («индустриальный парк», «кластер») ending right before ``pos``
        (an abbreviation in brackets between them is allowed: «зоны (ОЭЗ) «…»»)."""
        gap = text[max(0, pos - 12):pos]
        m = re.search(r"\s*(?:\((?:" + _alternation(self.lex.site_abbreviations) + r")\)\s*)?$", gap)
        end = pos - len(m.group(0)) if m else pos
        words = self._words_before(text, end, 5)
        for k in range(len(words)):
            s = words[k][0]
            if words[-1][1] != end:
                return None
            phrase = " ".join(w[2] for w in words[k:]).lower()
            if phrase in heads:
                return s
        return None

    def __call__(self, text: str) -> list[RuMention]:
        lex = self.lex
        out: list[RuMention] = []
        quoted_used: set[int] = set()
        names_quoted: list[tuple[int, int]] = []  # quoted names, whatever they name
        # 1. every quoted name, typed by what stands before it
        for i, ch in enumerate(text):
            if ch not in _OPEN or i in quoted_used:
                continue
            span = _quoted_at(text, i)
            if span is None:
                continue
            inner = _inner(text, span)
            if not inner or not re.match(rf"[{_CYR_UPPER}A-Z0-9]", inner) or len(inner.split()) > 8:
                continue
            quoted_used.update(range(span[0], span[1]))
            names_quoted.append(span)
            before = text[max(0, span[0] - 40):span[0]]
            form = re.search(rf"(?<![\w])({_alternation(lex.legal_forms)})\s*$", before)
            abbr = re.search(rf"(?<![\w])({_alternation(lex.organization_abbreviations)})\s*$", before)
            site_start = self._head_before(text, span[0], lex.site_heads | frozenset(a.lower() for a in lex.site_abbreviations))
            cluster_start = self._head_before(text, span[0], lex.cluster_heads)
            prev = self._words_before(text, span[0], 1)
            prev_lemma = _lemmas(prev[0][2].lower())[0] if prev and prev[0][1] >= span[0] - 2 else ""
            if form:
                out.append(RuMention(span[0] - len(before) + form.start(1), span[1], "organization", inner,
                                     text[span[0] - len(before) + form.start(1):span[1]],
                                     {"legal_form": form.group(1)}))
            elif abbr:
                out.append(RuMention(span[0] - len(before) + abbr.start(1), span[1], "organization",
                                     f"{abbr.group(1)} {text[span[0]:span[1]]}", text[span[0] - len(before) + abbr.start(1):span[1]]))
            elif site_start is not None:
                out.append(RuMention(site_start, span[1], "site", inner, text[site_start:span[1]]))
            elif cluster_start is not None:
                out.append(RuMention(cluster_start, span[1], "cluster", inner, text[cluster_start:span[1]]))
            elif prev_lemma in lex.place_heads:
                s = prev[0][0]
                out.append(RuMention(s, span[1], "place", inner, text[s:span[1]]))
            elif prev_lemma in lex.not_organization_heads or len(re.findall(r"\w+", inner)) > 8 \
                    or re.match(r"(?:О|Об|Обо)\s+[а-яё]", inner) \
                    or len(inner) < 2 or inner.endswith((".", "!", "?", ",")):
                continue  # an event or a project, quoted speech, or a one-letter logo («Ъ»)
            else:
                # a bare quoted name: an organisation unless a site or cluster of the same name turns up
                out.append(RuMention(span[0], span[1], "organization", inner, inner, rank=1))
        # 1b. known organisations
        if self.known_re is not None:
            for m in self.known_re.finditer(text):
                if m.group("ending") and m.group("form").isupper():
                    continue  # an abbreviation takes no case ending: «РЖДа» is not written
                canonical = self.known[m.group("form")]
                out.append(RuMention(m.start(), m.end(), "organization", canonical, m.group(0),
                                     {"_canon": "=" + canonical}))
        # 1c. an institute or centre of the Academy of Sciences, named by its field: «научный центр лазерной
        # оптики РАН»; the academy inside it is part of the name, not a mention of its own
        for m in re.finditer(r"(?<![\w])(?:[Нн]аучн\w+\s+|[Фф]едеральн\w+\s+)?(?:[Цц]ентр|[Ии]нститут|[Лл]аборатори)\w*"
                             r"(?:\s+[а-яё\-]+){1,5}\s+(?:(?:СО|УрО|ДВО)\s+)?РАН(?![\w])", text):
            out.append(RuMention(m.start(), m.end(), "organization", to_nominative(m.group(0)), m.group(0)))
        # 2. ministries («Минпромторга России», «Министерство экономического развития РФ»)
        for m in self.ministry.finditer(text):
            name = m.group(0)
            if m.group("full"):
                name = to_nominative(m.group("full")) + " " + m.group("country")
            else:  # «Минпромторга» → Министерство промышленности и торговли, the name the short form stands for
                short = next((k for k in sorted(lex.ministries, key=len, reverse=True) if m.group("short").startswith(k)), None)
                if short:
                    name = lex.ministries[short] + " " + m.group("country")
            out.append(RuMention(m.start(), m.end(), "organization", name, m.group(0), {"_canon": _inflection_key(name)}))
        # 3. legal acts: a head with a number or a date
        for w in _WORD_RE.finditer(text):
            if w.group(0).lower() not in lex.legal_act_heads:
                continue
            end = w.end()
            issuer = re.match(rf"\s+(?:{_alternation(lex.legal_act_issuers)})(?:\s+(?:РФ|России|Российской Федерации|[А-ЯЁ][а-яё]+ой области))?",
                              text[end:end + 60])
            if issuer:
                end += issuer.end()
            tail = self.number_act.match(text, end)
            if not tail or not (tail.group("num") or tail.group("date")):
                continue
            attrs = {}
            if tail.group("num"):
                attrs["number"] = tail.group("num")
            stop = tail.end()
            # the act's title in quotes belongs to its name: «… № 116-ФЗ «Об особых экономических зонах»»
            title = re.match(r"\s*(?=[«\"„])", text[stop:stop + 3])
            if title is not None:
                q = _quoted_at(text, stop + title.end())
                if q is not None and re.match(r"(?:О|Об|Обо)\s", _inner(text, q)):
                    stop = q[1]
            begin = w.start()
            adj = re.search(r"(?:[Фф]едеральн|[Оо]бластн|[Рр]егиональн|[Мм]униципальн)[а-яё]+\s+$", text[max(0, begin - 20):begin])
            if adj:
                begin -= len(adj.group(0))
            out.append(RuMention(begin, stop, "legal_act", text[begin:stop], text[begin:stop], attrs))
        # 4. persons: «Ивановым П.С.», and a first name followed by a capitalised surname
        for m in self.initials.finditer(text):
            if m.group(1).lower() in lex.legal_act_heads:
                continue
            out.append(RuMention(m.start(), m.end(), "person", m.group(0), m.group(0), rank=1))
        words = list(_WORD_RE.finditer(text))
        for a, b in zip(words, words[1:]):
            if not (a.group(0)[:1].isupper() and b.group(0)[:1].isupper()) or text[a.end():b.start()] != " ":
                continue
            if a.group(0).isupper() or b.group(0).isupper():
                continue
            pa = _parses(a.group(0))
            pb = _parses(b.group(0))
            if any("Name" in p.tag for p in pa[:2]) and not any("Geox" in p.tag or "Name" in p.tag for p in pb[:1]) \
                    and any(p.tag.POS == "NOUN" or not p.is_known for p in pb[:2]):
                out.append(RuMention(a.start(), b.end(), "person", text[a.start():b.end()], text[a.start():b.end()], rank=1))
        # a lone surname after a post («губернатором Сидоровым»)
        for w in words:
            if w.group(0)[:1].isupper() and any("Surn" in p.tag for p in _parses(w.group(0))[:1]):
                before = text[max(0, w.start() - 40):w.start()].lower()
                if re.search(r"(президент|губернатор|министр|директор|глав|премьер)\w*(?:\s+(?:рф|россии))?\s+$", before):
                    out.append(RuMention(w.start(), w.end(), "person", w.group(0), w.group(0), rank=2))
        # 5. clusters named without quotes: «Нефтехимический территориальный кластер Республики Башкортостан»
        for m in re.finditer(r"(?<![\w])[А-ЯЁ][а-яё\-]+(?:ый|ий|ой)(?:\s+[а-яё\-]+(?:ый|ий|ой))*\s+кластер(?![\w])", text):
            end = m.end()
            place = self._place_at(text, end + 1, words) if text[end:end + 1] == " " else None
            if place:
                end = place[1]
            out.append(RuMention(m.start(), end, "cluster", text[m.start():end], text[m.start():end]))
        # 5b. a technopark named by what follows it, without quotes: «Технопарк калужского наукограда»
        for m in re.finditer(r"(?<![\w])(?:Технопарк|Технополис)[а-яё]{0,2}(?:\s+[а-яё]+(?:ого|ой|их|ых))?\s+[А-ЯЁ][а-яё\-]+", text):
            out.append(RuMention(m.start(), m.end(), "site", to_nominative(m.group(0)), m.group(0)))
        # 6. a place adjective with the zone («липецкой особой экономической зоны (ОЭЗ)»)
        for m in re.finditer(r"(?<![\w])[а-яёА-ЯЁ]+(?:ская|ской|скую|ской|ская)\s+(?:особ(?:ая|ой|ую)\s+экономическ(?:ая|ой|ую)\s+зон[аыуе]|ОЭЗ)(?![\w])", text):
            stem = m.group(0).split()[0][:-4].lower()
            if len(stem) < 3:
                continue
            out.append(RuMention(m.start(), m.end(), "site", to_nominative(m.group(0)), m.group(0), {"_canon": "zone " + stem}))
        # 7. places from the gazetteer, in any case
        i = 0
        while i < len(words):
            hit = self._place_at(text, words[i].start(), words, index=i)
            if hit and any(qs < hit[0] and hit[1] < qe for qs, qe in names_quoted):
                hit = None  # a place word inside a quoted name («Наукоград 2.0») is part of that name
                i += 1
            elif hit:
                s, e, name, kind, canonical = hit
                out.append(RuMention(s, e, "place", canonical if kind == "region" else name, text[s:e],
                                     {"kind": kind, "_canon": canonical}, rank=1))
                while i < len(words) and words[i].start() < e:
                    i += 1
            else:
                i += 1
        return out

    def _place_at(self, text: str, start: int, words, index: int | None = None):
        if index is None:
            index = next((k for k, w in enumerate(words) if w.start() == start), None)
            if index is None:
                return None
        first = words[index].group(0)
        if not first[:1].isupper():
            return None
        for n in (4, 3, 2, 1):
            seq = words[index:index + n]
            if len(seq) < n or any(not re.fullmatch(r"\s|\s—\s|\s-\s", text[x.end():y.start()]) for x, y in zip(seq, seq[1:])):
                continue
            toks = [w.group(0) for w in seq]
            if n == 1 and (toks[0] in self.lex.place_stopwords or (len(toks[0]) < 4 and not toks[0].isupper())):
                continue
            if n == 1 and toks[0].isupper() and toks[0].lower() not in self.lex.places:
                continue
            for key in _lemma_keys(toks):
                hit = self.lex.places.get(key)
                if hit is None or (n == 1 and any(p.tag.POS == "ADJF" for p in _parses(toks[0])[:1])):
                    continue
                # a lemma may be a guess: the written words must still begin as the place's words do
                if n == 1 and not toks[0].isupper() and toks[0][:3].lower() != hit[0][:3].lower():
                    continue
                return seq[0].start(), seq[-1].end(), hit[0], hit[1], hit[2]
        return None


# ---------------------------------------------------------------- the Russian pipeline


def _inflection_key(name: str) -> str:
    """A key blind to case endings: each word cut to its first five letters (Перми/Пермь, долины/долина)."""
    words = re.findall(r"[\wЁё+]+", name.lower().replace("ё", "е"))
    return " ".join(w[:5] if len(w) > 4 else w for w in words)


def _acronym(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-]+", name) if w and w[0].isalpha()).upper()


_PRIORITY = {"legal_act": 0, "site": 1, "cluster": 2, "organization": 3, "person": 4, "place": 5}


class RussianExtractor:
    """Extracts a document graph from Russian text: values, quoted and gazetteer names, simple cue relations."""

    def __init__(self) -> None:
        self.lex = load_ru_lexicon()
        self.money = RuMoneyRecogniser(self.lex)
        self.dates = RuDateRecogniser(self.lex)
        self.entities = RuEntityRecogniser(self.lex)

    def extract(self, text: str) -> DocumentGraph:
        graph = DocumentGraph()
        if not text or not text.strip():
            return graph
        graph.values = self.money(text) + self.dates(text)
        value_spans = [(v.span.start, v.span.end) for v in graph.values]
        mentions = [m for m in self.entities(text)
                    if m.type == "legal_act" or not any(s <= m.start and m.end <= e for s, e in value_spans)]
        mentions = _resolve(mentions)
        entities, mention_ents = self._group(text, mentions)
        graph.entities = entities
        graph.relations = self._relations(text, mentions, mention_ents, entities)
        return graph

    def _group(self, text: str, mentions: list[RuMention]):
        entities: list[GraphEntity] = []
        keys: dict[tuple[str, str], int] = {}  # (type, name key) → entity; bare quoted names look across types
        order = sorted(range(len(mentions)), key=lambda k: (mentions[k].rank, mentions[k].start))
        slot_for: dict[int, int] = {}
        for k in order:
            m = mentions[k]
            key = m.attributes.get("_canon") or _inflection_key(m.name)
            slot = keys.get((m.type, key)) if (m.type, key) in keys else None
            if slot is None and m.rank >= 1 and m.type == "organization":
                slot = next((v for (t, kk), v in keys.items() if kk == key), None)
            if slot is None and m.type in ("organization", "place") and m.surface.isupper():
                slot = next((v for (t, kk), v in keys.items() if t == m.type and _acronym(entities[v].name) == m.surface), None)
            if slot is None:
                attrs = {a: b for a, b in m.attributes.items() if not a.startswith("_")}
                entities.append(GraphEntity(m.type, m.name, attributes=attrs, confidence=0.7 if m.rank == 0 else 0.5))
                slot = len(entities) - 1
                keys[(m.type, key)] = slot
            ent = entities[slot]
            ent.mentions.append((Span(m.start, m.end), m.surface))
            for alias in (m.surface, m.name):
                if alias != ent.name and alias not in ent.aliases:
                    ent.aliases.append(alias)
            for a, b in m.attributes.items():
                if not a.startswith("_"):
                    ent.attributes.setdefault(a, b)
            slot_for[k] = slot
        # «Калужский турбинный завод (КТЗ)»: an abbreviation in brackets after a name is its alias
        for ent in entities:
            for span, _ in list(ent.mentions):
                m = re.match(r"\s*\(([А-ЯЁA-Z]{2,8})\)", text[span.end:span.end + 12])
                if m and ent.type == "organization" and m.group(1) not in ent.aliases:
                    ent.aliases.append(m.group(1))
        # an acronym standing alone («КТЗ») joins the organisation it abbreviates
        # (and each place it stands becomes a mention of that organisation, so relations can read it)
        taken = [(m.start, m.end) for m in mentions]
        words = set(re.findall(r"(?<![\w])[А-ЯЁ]{3,8}(?![\w])", text))
        for slot, ent in enumerate(entities):
            if ent.type == "organization":
                acr = _acronym(ent.name)
                if acr in words and len(acr) >= 3:
                    if acr not in ent.aliases:
                        ent.aliases.append(acr)
                    for m in re.finditer(rf"(?<![\w]){re.escape(acr)}(?![\w])", text):
                        if not any(s < m.end() and m.start() < e for s, e in taken):
                            mentions.append(RuMention(m.start(), m.end(), "organization", ent.name, acr, rank=2))
                            slot_for[len(mentions) - 1] = slot
                            ent.mentions.append((Span(m.start(), m.end()), acr))
        for ent in entities:
            ent.mentions.sort(key=lambda x: x[0].start)
        index_of = [slot_for[k] for k in range(len(mentions))]
        return entities, index_of

    def _relations(self, text, mentions, ment_ent, entities) -> list[GraphRelation]:
        rels: list[GraphRelation] = []
        seen: set[tuple] = set()
        sentences = split_sentences(text)

        def add(s, p, o, span, role=None):
            if s == o or (s, p, o) in seen:
                return
            seen.add((s, p, o))
            rels.append(GraphRelation(s, p, o, span, role=role, confidence=0.6))

        sites = [i for i, e in enumerate(entities) if e.type == "site"]
        clusters = [i for i, e in enumerate(entities) if e.type == "cluster"]
        order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
        order_starts = [mentions[k].start for k in order]
        for sent in sentences:
            inside = order[bisect.bisect_left(order_starts, sent.start):bisect.bisect_left(order_starts, sent.end)]
            low = text[sent.start:sent.end].lower()
            for a, b in zip(inside, inside[1:]):
                ma, mb = mentions[a], mentions[b]
                between = text[ma.end:mb.start]
                # «индустриальный парк «X» (Тульская область)»: the bracket ties a site or company to its place
                if mb.type == "place" and ma.type in ("site", "cluster", "organization") and re.fullmatch(r"\s*\(", between) \
                        and text[mb.end:mb.end + 1] == ")":
                    add(ment_ent[a], "located_in", ment_ent[b], sent)
                # «генеральным директором ООО «X» Иваном Петровым»: the post, the company, the person
                if ma.type == "organization" and mb.type == "person" and re.fullmatch(r"\s+", between):
                    head = text[max(sent.start, ma.start - 40):ma.start].lower()
                    if any(head.rstrip().endswith(p) for p in self.lex.person_posts):
                        add(ment_ent[b], "works_for", ment_ent[a], sent)
            # «на базе X создан кластер Y»: the organisation the cluster or park was built around is its core
            for a_, b_ in zip(inside, inside[1:]):
                ma, mb = mentions[a_], mentions[b_]
                if ma.type == "organization" and mb.type in ("cluster", "site") \
                        and re.search(r"на\s+базе\s+$", text[max(sent.start, ma.start - 12):ma.start]) \
                        and re.fullmatch(r"\s+(?:был[аио]?\s+)?(?:создан|сформирован|организован)[аоы]?\s+(?:[а-яё]+\s+)?",
                                         text[ma.end:mb.start]):
                    add(ment_ent[a_], "member_of", ment_ent[b_], sent, "core")
            # located_in cues: «X расположен в Y»
            for cue in self.lex.located_cues:
                for cm in re.finditer(rf"(?<![\w]){re.escape(cue)}(?![\w])", low):
                    pos = sent.start + cm.start()
                    subj = [k for k in inside if mentions[k].end <= pos and mentions[k].type in ("site", "cluster", "organization")]
                    obj = [k for k in inside if mentions[k].start >= pos + len(cue) and mentions[k].type == "place"]
                    if subj and obj:
                        add(ment_ent[subj[-1]], "located_in", ment_ent[obj[0]], sent)
            # membership cues: residents of the one zone, participants of the one cluster
            targets = [k for k in inside if mentions[k].type in ("site", "cluster")]
            for role in ("anchor", "resident", "participant"):
                cues = self.lex.member_cues[role]
                # a cue is the beginning of a word: «резидент» stands for резидентам, резидентов …
                found = [cm for c in cues for cm in [re.search(rf"(?<![\w]){re.escape(c)}", low)] if cm]
                if not found:
                    continue
                cue_pos = sent.start + min(cm.start() for cm in found)
                members = [k for k in inside if mentions[k].type == "organization" and mentions[k].start > cue_pos]
                if not members:
                    continue
                pool = sites if role in ("resident", "anchor") else clusters + sites
                obj = None
                later = [k for k in targets if mentions[k].start > cue_pos and entities[ment_ent[k]].type in ("site", "cluster")]
                if role == "participant" and later:
                    obj = ment_ent[later[-1]]
                elif len(pool) == 1:
                    obj = pool[0]
                if obj is None:
                    continue
                for k in members:
                    if role == "participant" and later and mentions[k].start > mentions[later[-1]].start:
                        continue
                    add(ment_ent[k], "member_of", obj, sent, role)
                break
        return rels


def _resolve(mentions: list[RuMention]) -> list[RuMention]:
    """Rule mentions before gazetteer ones, then the longest; no two mentions overlap."""
    return non_overlapping(mentions, _PRIORITY)
