"""How resolution reads one name: the words that must match, the distinctive ones, the kind of
place it names, its numbers and the initialisms it may be written as.

Everything is compared in *skeleton* spelling, which folds the ways Cyrillic is written in Latin
(Rostekh ~ Rosteh ~ Rostec, Kaluzhskaja ~ Kaluzhskaya), after Russian generic words are put in
English (завод → plant, промышленности → industry) and federal subjects in any language and case
are put as one token («Калужской области», "Kaluga Oblast", "Kaluzhskaya oblast'" → the same
token). The vocabulary is data: vocabulary.yaml and glossary.yaml beside this module, and the
federal subjects of the extraction gazetteer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from rapidfuzz.distance import OSA

from ..extract.lexicon import load_lexicon
from ..names import name_key, strip_legal_form, transliterate

# Placeholders (capitals) protect digraphs before single letters are folded; every way of
# writing х (kh, h, ch in "Tech"), к and ц-like c ends as k. Both sides fold the same way.
_SKELETON_RULES = [
    ("shch", "S"), ("sch", "S"), ("sh", "S"), ("zh", "J"), ("tch", "k"), ("kh", "k"), ("ch", "k"), ("ck", "k"),
    ("tz", "Z"), ("ts", "Z"), ("ph", "f"), ("h", "k"), ("c", "k"), ("x", "ks"), ("q", "k"),
    ("yu", "u"), ("iu", "u"), ("ju", "u"), ("ya", "a"), ("ia", "a"), ("ja", "a"), ("yo", "e"), ("jo", "e"),
    ("ye", "e"), ("je", "e"), ("iy", "i"), ("yi", "i"), ("ij", "i"), ("ii", "i"), ("y", "i"), ("w", "v"), ("j", "i"),
]
_DOUBLE = re.compile(r"(.)\1+")
_WORD = re.compile(r"[^\W_]+")
# A Russian adjective (калужская, томской, пермского, липецкая) in skeleton spelling: its stem is
# what comes before -sk-/-k- and the case ending.
_ADJECTIVE = re.compile(r"^(?P<stem>[a-zA-Z]{2,}?)s?k(?:a|i|oi|ogo|omu|om|im|oe|ie|ik|u|oiu)$")
# The first letter of a word, as an initialism spells it: Cyrillic and Latin initialisms agree.
_LETTER_FOLD = str.maketrans({"c": "k", "h": "k", "y": "i", "j": "i", "w": "v", "q": "k", "x": "k",
                              "S": "s", "J": "z", "Z": "t"})  # and the skeleton's placeholders: ш, ж, ц
_DIGRAPHS = re.compile(r"(?<=[a-z])h|(?<=t)s")  # RZHD → RZD, KSHZ → KSZ, TS → T
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
PLACE_TOKEN = "@"  # a federal subject, put as one token: "@kalugaregion"


@lru_cache(maxsize=400_000)
def skeleton(word: str) -> str:
    """A transliteration-blind spelling: Rostekh ~ Rosteh ~ Rostec; Tekhnodinamika ~ Technodinamika."""
    out = word.lower()
    if not out.isascii():  # Orël → orel
        out = "".join(ch for ch in unicodedata.normalize("NFKD", out) if not unicodedata.combining(ch))
    return _fold(out)


def _fold(text: str) -> str:
    """The skeleton rules on lower-case text, or on skeletons joined together (placeholders stay)."""
    for a, b in _SKELETON_RULES:
        text = text.replace(a, b)
    return _DOUBLE.sub(r"\1", text)


def _skeleton_words(text: str) -> tuple[str, ...]:
    """The words of a vocabulary entry or a gazetteer form (no legal form to strip) in skeleton spelling."""
    return tuple(skeleton(w) for w in _WORD.findall(transliterate(text.lower())))


@dataclass(frozen=True)
class Vocabulary:
    filler: frozenset[str]
    soft: frozenset[str]
    legal_words: frozenset[str]
    generic: frozenset[str]
    wrappers: dict[str, str]
    compound_suffixes: tuple[str, ...]
    compound_prefixes: tuple[str, ...]
    honorifics: tuple[str, ...]
    place_kinds: dict[str, str]
    phrases: list[tuple[tuple[str, ...], tuple[str, ...]]]  # longest first
    glossary: list[tuple[str, tuple[str, ...]]]  # (Russian word beginning, English words), longest first
    typo_targets: tuple[str, ...]  # generic words worth correcting a typo into (zvaod → zavod)
    loanword_endings: tuple[tuple[str, str], ...]  # longest first
    loanword_parts: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Loaded on first use, not at import: every CLI command imports this module."""
    import yaml

    raw = yaml.safe_load(files(__package__).joinpath("vocabulary.yaml").read_text("utf-8"))
    glossary = yaml.safe_load(files(__package__).joinpath("glossary.yaml").read_text("utf-8"))

    def words(items) -> frozenset[str]:
        return frozenset(skeleton(w) for w in items)

    phrases = [(_skeleton_words(long) or (skeleton(long),), tuple(skeleton(w) for w in (short or "").split()))
               for long, short in raw["phrases"].items()]
    phrases.sort(key=lambda p: -len(p[0]))
    place_kinds = {skeleton(w): kind for kind, ws in raw["place_kinds"].items() for w in ws}
    # a beginning ends before its last vowels: razviti- must meet razvitiya, whose skeleton is razvita
    gloss = sorted(((skeleton(k).rstrip("aeiou") or skeleton(k), tuple(skeleton(w) for w in v.split()))
                    for k, v in glossary.items()), key=lambda kv: -len(kv[0]))
    single_phrases = [p[0][0] for p in phrases if len(p[0]) == 1 and len(p[0][0]) >= 5]
    return Vocabulary(
        filler=words(raw["filler"]),
        soft=words(raw["soft"]),
        legal_words=words(raw["legal_words"]),
        generic=words(raw["generic"]) | words(load_lexicon().generic_name_words),
        wrappers={skeleton(k): v for k, v in raw["wrappers"].items()},
        compound_suffixes=tuple(skeleton(w) for w in raw["compound_suffixes"]),
        compound_prefixes=tuple(sorted((skeleton(w) for w in raw["compound_prefixes"]), key=len, reverse=True)),
        honorifics=tuple(raw["honorifics"]),
        place_kinds=place_kinds,
        phrases=phrases,
        glossary=gloss,
        typo_targets=tuple(sorted(set(single_phrases) | {w for w in place_kinds if len(w) >= 5})),
        loanword_endings=tuple(sorted(((skeleton(k), skeleton(v)) for k, v in raw["loanword_endings"].items()),
                                      key=lambda kv: -len(kv[0]))),
        loanword_parts=tuple((skeleton(k), skeleton(v)) for k, v in raw["loanword_parts"].items()),
    )


def adjective_stem(word: str) -> str | None:
    m = _ADJECTIVE.match(word)
    return m.group("stem") if m and len(word) >= 5 else None


def _place_core(words: tuple[str, ...], vocab: Vocabulary) -> tuple[tuple[str, ...], str | None]:
    """(core words, kind) of a place name: "Калужская область" → (("kaluJ",), "region")."""
    kinds = {vocab.place_kinds[w] for w in words if w in vocab.place_kinds}
    core = tuple(adjective_stem(w) or w for w in words
                 if w not in vocab.place_kinds and w not in vocab.filler and not w.startswith("avtonom")
                 and not w.startswith("autonom"))
    kind = "republic" if "republic" in kinds else ("region" if kinds & {"region"} else None)
    return core, kind


@lru_cache(maxsize=1)
def federal_subjects() -> dict[tuple[tuple[str, ...], str | None], tuple[str, str]]:
    """(core words, kind) → (token, kind) for every written form of every federal subject, in
    English and Russian; the official Russian adjective also gives the stem of every case form."""
    vocab = vocabulary()
    index: dict[tuple[tuple[str, ...], str | None], tuple[str, str]] = {}
    by_canonical: dict[str, list[str]] = {}
    for form, (canonical, kind) in load_lexicon().places.items():
        if kind == "region":
            by_canonical.setdefault(canonical, []).append(form)
    for canonical, forms in by_canonical.items():
        core, kind = _place_core(_skeleton_words(canonical), vocab)
        if kind is None:  # Moscow, Saint Petersburg, Sevastopol: cities of federal status are cities
            continue
        token = PLACE_TOKEN + "".join(_skeleton_words(canonical))
        for form in forms:
            form_core, form_kind = _place_core(_skeleton_words(form), vocab)
            if form_core:
                index.setdefault((form_core, form_kind), (token, kind))
    return index


@dataclass(frozen=True)
class NameAnalysis:
    full: str  # the words that must match, joined: the exact-match key
    joined: str  # "2:avasistem": how many words, and them as one, untranslated: AviaSystem = Авиасистем
    words: tuple[str, ...]  # words that must match (skeleton spelling; "~" marks an adjective stem)
    distinctive: tuple[str, ...]  # of those, the ones that are not generic
    kinds: tuple[str, ...]  # kinds of place named: region, republic, district
    wrappers: frozenset[str]  # plant, group
    numbers: tuple[str, ...]
    acronyms: frozenset[str]  # initialisms this name may be written as
    initialism: str  # this name, when it is itself an initialism ("РЖД", "ARZ-12"), folded


def _fuzzy_vocabulary_word(word: str, vocab: Vocabulary) -> str:
    """A typo in a generic word (zvaod, plnat, Woorks, Facory) is corrected, so it still means plant."""
    if len(word) < 4 or not word.isalpha() or word in vocab.typo_targets:
        return word
    for target in vocab.typo_targets:
        if len(word) == 4 and len(target) != 5:
            continue  # a four-letter word only as a five-letter one with a letter dropped (zvod, zavd)
        if abs(len(target) - len(word)) <= 1 and target[0] == word[0] and OSA.distance(word, target) <= 1:
            return target
    return word


def _loanword(word: str, vocab: Vocabulary) -> str:
    for part, russian in vocab.loanword_parts:
        word = word.replace(part, russian)
    for ending, russian in vocab.loanword_endings:
        if word.endswith(ending) and len(word) >= max(len(ending), 5):
            return word[: -len(ending)] + russian
    return word


def _translate(word: str, vocab: Vocabulary) -> tuple[str, ...]:
    """A Russian generic word (transliterated, any ending) in English: podsipnikovi → bearing."""
    for start, english in vocab.glossary:
        if word.startswith(start) and len(word) - len(start) <= 7:  # the beginning and an ending, not a compound
            return english
    for start, english in vocab.glossary:  # one typo in the word's beginning
        if len(start) >= 8 and 0 <= len(word) - len(start) <= 4 and OSA.distance(word[: len(start)], start) <= 1:
            return english
    return (word,)


def _apply_phrases(words: list[str], vocab: Vocabulary) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        for long, short in vocab.phrases:
            if tuple(words[i : i + len(long)]) == long:
                out.extend(short)
                i += len(long)
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _federal_subject_tokens(words: list[str], vocab: Vocabulary) -> tuple[list[str], set[str]]:
    """Replace a federal subject written in any way by its token; return the words and their kinds."""
    index = federal_subjects()
    out: list[str] = []
    kinds: set[str] = set()
    i = 0
    while i < len(words):
        found = None
        for length in (4, 3, 2, 1):  # longest span first: "Republic of Sakha Yakutia", "Kaluga Oblast", "Tatarstan"
            span = tuple(words[i : i + length])
            if len(span) < length:
                continue
            core, kind = _place_core(span, vocab)
            if not core or (kind is None and any(w in vocab.place_kinds for w in span)):
                continue
            if kind is None and len(core) == 1 and (core[0] in vocab.generic or len(core[0]) < 4):
                continue
            hit = index.get((core, kind)) or (_near_subject(core, kind) if kind else None)
            if hit and (kind is not None or not _is_city(span)):
                found = (length, hit)
                break
        if found:
            length, (token, kind) = found
            out.append(token)
            kinds.add(kind)
            i += length
        else:
            out.append(words[i])
            i += 1
    return out, kinds


@lru_cache(maxsize=50_000)
def _near_subject(core: tuple[str, ...], kind: str) -> tuple[str, str] | None:
    """A federal subject named with its kind word but a typo in its name ("Voroezh Region",
    «Сведловской области»): the one subject of that kind within one edit (two in a long name)."""
    text = " ".join(core)
    if len(text) < 5:
        return None
    allowed = 1 if len(text) < 9 else 2
    found = {hit for (other, other_kind), hit in federal_subjects().items()
             if other_kind == kind and abs(len(" ".join(other)) - len(text)) <= allowed
             and OSA.distance(" ".join(other), text) <= allowed}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1)
def _city_skeletons() -> frozenset[str]:
    return frozenset(" ".join(_skeleton_words(f)) for f, (_c, kind) in load_lexicon().places.items() if kind == "city")


def _is_city(span: tuple[str, ...]) -> bool:
    return " ".join(span) in _city_skeletons()


@lru_cache(maxsize=1)
def _place_names() -> dict[str, str]:
    """Every written form of a known place (English, transliterated, Cyrillic) → its English name."""
    return {form.lower(): canonical for form, (canonical, _kind) in load_lexicon().places.items()}


@lru_cache(maxsize=1)
def _organisation_names() -> dict[str, str]:
    """Every written form of a well-known organisation (state corporations, ministries, the largest
    companies: the extraction gazetteer) → its English name."""
    return {form.lower(): canonical for form, canonical in load_lexicon().organizations.items()}


_HOLDING_PREFIX = re.compile(r"^([A-ZА-ЯЁ]{2,5})[-‑–](\w.*)$", re.IGNORECASE)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th|-?[йя]|-?[ыио]й|-?ая|-?go|-?j|-?y)\b", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-zа-яё])(?=[A-ZА-ЯЁ][a-zа-яё])")
_APOSTROPHE = re.compile(r"(?<=\w)['’ʹ](?=\w)")
_CITY_PREFIX = re.compile(r"^(?:г\.|г |город |city of |the city of |g\. )\s*", re.IGNORECASE)


def _drop_honorific(name: str, vocab: Vocabulary) -> str:
    """"Tatneft named after V. D. Shashin" → "Tatneft"; «Завод имени Дегтярёва» keeps its name, as
    nothing but a generic word comes before the honorific."""
    latin = transliterate(name)
    lowered = latin.lower()
    for honorific in vocab.honorifics:
        at = lowered.find(" " + honorific + " ")
        if at > 0:
            head = latin[:at]
            if any(skeleton(w) not in vocab.generic for w in name_key(head).split()):
                return head
    return name


def _initialism(name: str, vocab: Vocabulary) -> str:
    """"РЖД" → "rzd", "ARZ-12" → "arz", "btrz no. 103" → "btrz": a name that is one short
    letter-word (besides numbers), spelt as initialisms are; "" for any other name."""
    clean, _form = strip_legal_form(name)
    tokens = [t for t in re.split(r"[\W\d_]+", clean) if t and t.lower() not in ("no", "nr", "n")]
    if len(tokens) != 1 or not 2 <= len(tokens[0]) <= 6:
        return ""
    token = tokens[0]
    if len(token) == 6 and not token.isupper():
        return ""
    if _CYRILLIC.search(token):
        letters = "".join(transliterate(ch.lower())[:1] for ch in token)
    else:
        letters = _DIGRAPHS.sub("", token.lower())
    return letters.translate(_LETTER_FOLD)


def _acronyms(original: list[str], translated: list[str], vocab: Vocabulary) -> frozenset[str]:
    """The initialisms a long name may be written as: first letters of its words, with compound words
    giving a letter per part (Aviaremontnyy → AR), and of its English translation (USC)."""
    if len(original) < 2:
        return frozenset()

    def initials(words) -> str:
        return "".join(w[0] for w in words).translate(_LETTER_FOLD)

    split: list[str] = []
    for word in original:
        for prefix in vocab.compound_prefixes:
            if word.startswith(prefix) and len(word) - len(prefix) >= 4:
                split.extend([prefix, word[len(prefix):]])
                break
        else:
            split.append(word)
    found = {initials(original), initials(split)}
    if len(original[0]) >= 4:  # Russian initialisms may keep two letters of the first word: УрФУ, ТУСУР
        found.add((original[0][:2] + initials(original[1:])).translate(_LETTER_FOLD))
    if len(translated) >= 2:
        found.add(initials(translated))
    return frozenset(a for a in found if len(a) >= 2)


@lru_cache(maxsize=200_000)
def analyse(name: str) -> NameAnalysis:
    vocab = vocabulary()
    name = _APOSTROPHE.sub("", name)  # Pravitel'stvo: the soft sign's apostrophe is not a word break
    name = _drop_honorific(name, vocab)
    bare = _CITY_PREFIX.sub("", name.strip())
    known = (_place_names().get(name.strip().lower()) or _place_names().get(bare.lower())
             or _organisation_names().get(strip_legal_form(name)[0].lower()))
    if known:  # Moskva, Москва, г. Москва → Moscow; Rostekhnologii, Ростех → Rostec
        name = _APOSTROPHE.sub("", known)
    name = _ORDINAL.sub("", name)  # 35th, 103-й
    prefix = _HOLDING_PREFIX.match(strip_legal_form(name)[0].strip(" «»\"“”'"))
    if prefix and prefix.group(1).lower() in _organisation_names():
        name = prefix.group(2)  # UEC-Aviadvigatel, ОДК-Авиадвигатель: the holding's initialism before the name
    name = _CAMEL.sub(" ", name)  # VyatkaAgroCable, SibEnergoMash: the parts are words
    numbers = tuple(re.findall(r"\d+", name))
    key = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", name_key(name).replace("-", " "))
    raw = [_loanword(skeleton(w), vocab) for w in key.split()]
    # the name as one word, untranslated, and how many words it was: AviaSystem = Авиасистем
    parts = [w for w, k in zip(key.split(), raw) if k not in vocab.filler and k not in vocab.soft
             and k not in vocab.place_kinds]
    joined = f"{len(parts)}:{_fold(''.join(_loanword(skeleton(w), vocab) for w in parts))}"
    words: list[str] = []
    for word in raw:  # «Уралмашзавод» → uralmas + zavod
        suffix = next((s for s in vocab.compound_suffixes if word.endswith(s) and len(word) - len(s) >= 4), None)
        words.extend([word[: -len(suffix)], suffix] if suffix else [word])
    words = [_fuzzy_vocabulary_word(w, vocab) for w in words]
    original = [w for w in words if w not in vocab.filler and w not in vocab.legal_words and not w.isdigit()
                and not (w in vocab.soft and len(w) <= 4)]
    words = _apply_phrases(words, vocab)
    words = [w for w in words if w not in vocab.filler]
    words = [english for w in words for english in _translate(w, vocab)]
    words, subject_kinds = _federal_subject_tokens(words, vocab)
    kinds = {vocab.place_kinds[w] for w in words if w in vocab.place_kinds} | subject_kinds
    kinds.discard("city")  # a bare name is a city
    # read from the whole name, legal forms included: «ГК» is also a legal form, and says "group"
    whole = _apply_phrases(list(_skeleton_words(name)), vocab)
    wrappers = frozenset(vocab.wrappers[w] for w in whole + words if w in vocab.wrappers)
    significant = [w for w in words if w not in vocab.soft and w not in vocab.place_kinds]
    must_match = tuple(_mark_adjective(w) for w in significant)
    distinctive = tuple(_mark_adjective(w) for w in significant if w not in vocab.generic)
    full = " ".join(must_match).replace("~", "") or " ".join(words)
    translated = [w for w in words if not w.isdigit() and not w.startswith(PLACE_TOKEN) and w not in vocab.place_kinds
                  and not (w in vocab.soft and len(w) <= 4)]
    return NameAnalysis(
        full=full,
        joined=joined,
        words=must_match,
        distinctive=distinctive,
        kinds=tuple(sorted(kinds)),
        wrappers=wrappers,
        numbers=numbers,
        acronyms=_acronyms(original, translated, vocab),
        initialism=_initialism(name, vocab),
    )


def _mark_adjective(word: str) -> str:
    """A Russian adjective of place loses its ending and is marked with "~" (kaluJska → kaluJ~) so
    that it can meet Kaluga; tokens and short words stay as they are."""
    if word.startswith(PLACE_TOKEN) or len(word) < 6:
        return word
    stem = adjective_stem(word)
    return stem + "~" if stem and len(stem) >= 3 else word
