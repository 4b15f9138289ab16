"""Entity resolution over name records: blocking, pairwise scoring, clustering.

Pure functions, no database: the store feeds records in, and the same code runs
the benchmark in ``bench/resolution``. The steps, as in Splink and nomenklatura:

1. **keys** (:func:`blocking_keys`): a transliteration-blind skeleton of each
   name, the sorted skeletons of its distinctive words, an acronym, and
   identifiers (INN, OGRN). Only records sharing a key are compared, and keys
   shared by too many records are dropped, so comparisons grow about linearly.
2. **score** (:func:`score_pair`): 0–100 from name similarity on skeletons,
   lowered hard when one name has a distinctive word the other lacks ("Gazprom"
   vs "Gazprom Neft") or a different kind of place ("Kaluga" vs "Kaluga
   Region"); identifiers decide outright when both sides have one.
3. **cluster** (:func:`resolve_records`): pairs at or above ``auto`` merge, those
   between ``review`` and ``auto`` wait for a person, judgements of "same" and
   "different" are applied first, and a "different" is never overridden.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from ..extract.lexicon import load_lexicon
from ..names import name_key

# Words that carry nothing: they are dropped before any comparison.
FILLER_WORDS = frozenset("of the and for de la der und des du di del y i no nr n".split())
# Words a name may carry or drop and stay the same thing: "VSMPO-AVISMA Corporation" = "VSMPO-AVISMA".
SOFT_WORDS = frozenset(
    "company group holding holdings corporation corp co inc plc ltd llc jsc pjsc ojsc cjsc ooo ao pao zao oao npp npo "
    "russian rossiyskaya rossiiskaya kompaniya gruppa rf "
    # Russian legal forms written out, in any case, after transliteration
    "aktsionernoe obshchestvo zakrytoe otkrytoe publichnoe nepublichnoe ogranichennoy otvetstvennostyu s "
    "federalnoe gosudarstvennoe unitarnoe predpriyatie byudzhetnoe uchrezhdenie".split()
)
# Words that say what kind of thing a name is, not which one: they do not open a block, but two
# names that differ in one ("Yugra Development Bank" / "Yugra SEZ Management Company") differ.
# The lexicon's generic_name_words plus these (see _generic_words).
_EXTRA_GENERIC_WORDS = frozenset(
    "the of and for de la der und ltd llc jsc pjsc ojsc cjsc inc ooo ao pao zao oao fgup npo russian rossiyskaya "
    "rossiiskaya nauchno proizvodstvennoe obedinenie zavod kompaniya gruppa".split()
)
# Words that say which kind of place: a city and its region are different places.
PLACE_KIND = {
    # a federal subject is one kind whatever its style (Perm Krai = Perm Region); a city is another
    "region": "region", "oblast": "region", "oblast'": "region", "oblasti": "region", "krai": "region", "kray": "region",
    "territory": "region", "okrug": "region",
    # a republic is its own kind: Altai Republic is not Altai Krai
    "republic": "republic", "respublika": "republic", "respubliki": "republic",
    "district": "district", "raion": "district", "rayon": "district", "city": "city",
    "gorod": "city", "municipality": "district",
}
# Placeholders (capitals) protect digraphs before single letters are folded; every way of
# writing х (kh, h, ch in "Tech"), к and ц-like c ends as k. Both sides fold the same way.
_SKELETON_RULES = [
    ("shch", "S"), ("sch", "S"), ("sh", "S"), ("zh", "J"), ("tch", "k"), ("kh", "k"), ("ch", "k"), ("ck", "k"),
    ("tz", "Z"), ("ts", "Z"), ("ph", "f"), ("h", "k"), ("c", "k"), ("x", "ks"), ("q", "k"),
    ("yu", "u"), ("iu", "u"), ("ya", "a"), ("ia", "a"), ("yo", "o"), ("jo", "o"), ("ye", "e"),
    ("iy", "i"), ("yi", "i"), ("ij", "i"), ("ii", "i"), ("y", "i"), ("w", "v"), ("j", "i"),
]
_RUSSIAN_ADJECTIVE = re.compile(r"(skaya|skiy|skii|skij|skoy|skoi|sky|ski|skaia|kaya|kii|koi|aya|yy|iy|ij)$")
# Phrases written several ways, in two languages (after transliteration): both sides compare as
# the right-hand form. General knowledge of how the field names things, not a list of names.
_ABBREVIATIONS = [
    ("federalnoe gosudarstvennoe unitarnoe predpriatie", "fgup"), ("federal state unitary enterprise", "fgup"),
    ("special economic zone", "sez"), ("osobaya ekonomicheskaya zona", "sez"), ("oez", "sez"),
    ("nauchno proizvodstvennoe obedinenie", "npo"), ("nauchno proizvodstvennoe obединение", "npo"),
    ("scientific and production association", "npo"), ("research and production association", "npo"),
    ("research and production enterprise", "npp"), ("nauchno proizvodstvennoe predpriyatie", "npp"),
    ("research and production", "npo"), ("open joint stock company", ""), ("joint stock company", ""),
    ("ministerstvo promyshlennosti i torgovli", "ministry industry trade"), ("minpromtorg", "ministry industry trade"),
    ("ministry of industry and trade", "ministry industry trade"), ("promyshlennosti", "industry"),
    ("torgovli", "trade"), ("ministerstvo", "ministry"), ("pravitelstvo", "government"),
    ("administratsiya", "administration"), ("aviaremontnyy zavod", "aircraft repair plant"),
    ("aviaremontny zavod", "aircraft repair plant"), ("zavod", "plant"), ("kombinat", "plant"), ("fabrika", "factory"),
    ("factory", "plant"), ("kholding", "holding"), ("gruppa kompaniy", "group"), ("gruppa", "group"),
    ("of the russian federation", ""), ("of russia", ""), (" rf", ""), ("rossiyskoy federatsii", ""),
    ("respubliki", "republic"), ("respublika", "republic"), ("oblasti", "region"), ("obl", "region"),
    ("kraya", "krai"), ("regional", "region"), ("works", "plant"), ("group of companies", "group"), ("gk", "group"),
    ("the city of", "city"), ("city of", "city"), ("gorod", "city"), ("g", "city"),
]
_DOUBLE = re.compile(r"(.)\1+")


@dataclass
class NameRecord:
    """One thing to resolve: all the names it was seen under, its identifiers, its context."""

    id: str
    type: str
    names: list[str]
    identifiers: dict[str, str] = field(default_factory=dict)  # inn, ogrn
    context: frozenset[str] = frozenset()  # ids of places, clusters, holdings it is tied to


@dataclass
class Resolution:
    canonical: dict[str, str]  # record id → canonical record id (the first record of its cluster)
    review: list[tuple[str, str, float]]  # pairs between the thresholds, most uncertain first
    comparisons: int
    scores: dict[tuple[str, str], float] = field(default_factory=dict)


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """A transliteration-blind spelling: Rostekh ~ Rosteh ~ Rostec; Tekhnodinamika ~ Technodinamika."""
    out = word
    for a, b in _SKELETON_RULES:
        out = out.replace(a, b)
    return _DOUBLE.sub(r"\1", out.lower())


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """Loaded on first use, not at import: every CLI command imports this module."""
    return load_lexicon().generic_name_words | _EXTRA_GENERIC_WORDS


@lru_cache(maxsize=1)
def _glossary() -> list[tuple[str, str]]:
    """(Russian word beginning, English word), longest beginnings first."""
    import yaml
    from importlib.resources import files

    raw = yaml.safe_load(files(__package__).joinpath("glossary.yaml").read_text("utf-8"))
    return sorted(raw.items(), key=lambda kv: -len(kv[0]))


def _translate(word: str) -> str:
    for start, english in _glossary():
        if word.startswith(start):
            return english
    return word


@lru_cache(maxsize=1)
def _place_names() -> dict[str, str]:
    """Every written form of a known place (English, transliterated, Cyrillic) → its English name."""
    return {form.lower(): canonical for form, (canonical, _kind) in load_lexicon().places.items()}


def _stem(word: str) -> str:
    """A word's skeleton; a Russian adjective of place loses its ending and is marked with "~"
    (kaluzhskaya → kalug~, murmanskaya → murman~) so that it can meet Kaluga and Murmansk."""
    stem = _RUSSIAN_ADJECTIVE.sub("", word) if len(word) > 5 else word
    if stem == word:
        return skeleton(word)
    return skeleton(stem) + "~"


@lru_cache(maxsize=200_000)
def analyse(name: str) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str]:
    """(full skeleton, words that must match, distinctive words, place kinds, acronym) of one name."""
    name = re.sub(r"(?<=\w)['’ʹ](?=\w)", "", name)  # Pravitel'stvo: the soft sign's apostrophe is not a word break
    known = _place_names().get(name.strip().lower())
    if known:  # Moskva, Москва → Moscow
        name = known
    key = " " + re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", name_key(name).replace("-", " ")) + " "
    for long_form, short_form in _ABBREVIATIONS:
        key = key.replace(f" {long_form} ", f" {short_form} ")
    original = [w for w in key.split() if w not in FILLER_WORDS]
    words = [english for w in original for english in _translate(w).split()]  # промышленной → industrial
    # a bare name is a city, so "city of Voronezh" = "Voronezh"; a region is another kind of place
    kinds = tuple(sorted({PLACE_KIND[w] for w in words if w in PLACE_KIND} - {"city"}))
    significant = [w for w in words if w not in SOFT_WORDS and w not in PLACE_KIND]
    must_match = tuple(_stem(w) for w in significant)
    generic = _generic_words()
    distinctive = tuple(_stem(w) for w in significant if w not in generic)
    full = " ".join(must_match).replace("~", "") or " ".join(skeleton(w) for w in words)
    acronym = "".join(w[0] for w in original) if len(original) >= 3 else ""
    return full, must_match, distinctive, kinds, acronym


def blocking_keys(record: NameRecord) -> set[str]:
    keys: set[str] = set()
    for kind, value in record.identifiers.items():
        if value:
            keys.add(f"{kind}:{value}")
    for name in record.names:
        full, _must_match, distinctive, _kinds, acronym = analyse(name)
        if full:
            keys.add("f:" + full.replace(" ", ""))
        if distinctive:
            keys.add("s:" + " ".join(sorted(distinctive)))
            for word in distinctive:
                if len(word) >= 4:
                    keys.add("w:" + word[:5])  # the first letters survive most typos and inflections
                if len(word) >= 5:
                    keys.add("a:" + "".join(sorted(word.rstrip("~"))))  # and the letters survive a swap
                if len(word) >= 7:
                    keys.add("e:" + word.rstrip("~")[-5:])  # the last letters survive a typo at the start
        if acronym:
            keys.add("f:" + acronym)
        compact = name_key(name).replace(" ", "")
        if compact.isalpha() and len(compact) <= 6 and name.strip().isupper():
            keys.add("f:" + skeleton(compact))  # "RZD" meets the acronym of "Rossiyskie Zheleznye Dorogi"
    return {f"{record.type}|{k}" for k in keys}


def _word_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if a.rstrip("~") == b.rstrip("~"):
        return True
    if a.endswith("~") or b.endswith("~"):  # an adjective stem meets a name: kalug~ ~ kaluga, murman~ ~ murmansk
        stem, other = (a[:-1], b.rstrip("~")) if a.endswith("~") else (b[:-1], a)
        stems = {stem, stem[:-1] + "g"} if stem.endswith("j") else {stem}  # г/ж: Калуга → калужская, but Voronezh
        if any(other == x or other == x + "sk" or (other.startswith(x) and other[len(x):] in ("a", "e", "i", "o", "u"))
               for x in stems):
            return True
        # Penza → penzenskiy: the name without its last vowel opens the adjective
        if len(other) >= 5 and other[-1] in "aeiou" and stem.startswith(other[:-1]) and len(stem) - len(other) <= 2:
            return True
        a, b = stem, other  # else judge them as two spellings, typos included
    if len(a) >= 4 and len(a) == len(b) and sorted(a) == sorted(b):
        return True  # two letters swapped: plnat, karsnoarsk
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and long.startswith(short) and long[len(short):] in ("a", "e", "i", "o", "u"):
        return True  # a stem and its nominative: kalug/kaluga, tul/tula (not kirov/kirovsk)
    if len(a) >= 5 and len(b) >= 5 and abs(len(a) - len(b)) <= 1 and fuzz.ratio(a, b) >= 85:
        return True  # one typo
    # two typos in a long word, which still starts and ends the same way
    return (min(len(a), len(b)) >= 8 and abs(len(a) - len(b)) <= 2 and a[:2] == b[:2] and a[-1] == b[-1]
            and fuzz.ratio(a, b) >= 88)


def name_similarity(a: str, b: str) -> float:
    full_a, words_a, _, kinds_a, acr_a = analyse(a)
    full_b, words_b, _, kinds_b, acr_b = analyse(b)
    if not full_a or not full_b:
        return 0.0
    if kinds_a != kinds_b and (kinds_a or kinds_b):
        return min(55.0, fuzz.ratio(full_a, full_b))  # Kaluga is not Kaluga Region
    compact_a, compact_b = full_a.replace(" ", ""), full_b.replace(" ", "")
    if compact_a == compact_b:
        return 100.0
    if (compact_a == acr_b and len(compact_a) >= 3) or (compact_b == acr_a and len(compact_b) >= 3):
        return 88.0  # an acronym of the other name: worth a person's look, not an automatic merge
    if words_a and words_b:
        joined_a, joined_b = "".join(words_a).replace("~", ""), "".join(words_b).replace("~", "")
        if joined_a == joined_b or (len(words_a) != len(words_b) and min(len(joined_a), len(joined_b)) >= 8
                                    and fuzz.ratio(joined_a, joined_b) >= 92):
            return 92.0  # VyatkaAgroPolymer = Vyatka-Agropolimer: one word or two
        unmatched_a = [w for w in words_a if not any(_word_match(w, v) for v in words_b)]
        unmatched_b = [w for w in words_b if not any(_word_match(w, v) for v in words_a)]
        if unmatched_a or unmatched_b:
            # a word on one side only: a subsidiary, a sibling, another plant, another kind of body
            return min(70.0, fuzz.token_sort_ratio(full_a, full_b))
        if _numbers(a) != _numbers(b):
            return 40.0  # Plant No. 1 is not Plant No. 2
        return max(92.0, float(fuzz.token_sort_ratio(full_a, full_b)))
    return float(fuzz.token_sort_ratio(full_a, full_b))


@lru_cache(maxsize=100_000)
def _numbers(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\d+", name))


def score_pair(a: NameRecord, b: NameRecord) -> float:
    """0–100: how sure we are that two records are one thing."""
    if a.type != b.type:
        return 0.0
    for kind in ("inn", "ogrn"):
        x, y = a.identifiers.get(kind), b.identifiers.get(kind)
        if x and y:
            return 100.0 if x == y else 0.0
    best = max((name_similarity(x, y) for x in _comparable(a) for y in _comparable(b)), default=0.0)
    if best < 100 and a.context and b.context and a.context & b.context:
        best = min(99.0, best + 3.0)  # the same place, cluster or holding
    return best


def _comparable(record: NameRecord) -> list[str]:
    """The names worth comparing: a place by its own name only (its aliases include short forms that
    name the city of a region), and no bare acronym beside a full name ("TSU" is many universities)."""
    if record.type == "place" or len(record.names) == 1:
        return record.names[:1]
    return [n for n in record.names if not (n.isupper() and len(n) <= 5)] or record.names[:1]


class _Clusters:
    """Union-find that refuses to join two clusters a person has said are different."""

    def __init__(self, ids: list[str]):
        self.parent = {i: i for i in ids}
        self.order = {i: n for n, i in enumerate(ids)}
        self.apart: dict[str, set[str]] = defaultdict(set)  # root → roots it must stay apart from

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def keep_apart(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        self.apart[ra].add(rb)
        self.apart[rb].add(ra)

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if rb in self.apart[ra]:
            return False
        keep, gone = (ra, rb) if self.order[ra] <= self.order[rb] else (rb, ra)  # the earliest record names the cluster
        self.parent[gone] = keep
        for other in self.apart.pop(gone, set()):
            self.apart[other].discard(gone)
            self.apart[other].add(keep)
            self.apart[keep].add(other)
        return True


def candidate_pairs(records: list[NameRecord], max_block: int = 60) -> set[tuple[int, int]]:
    """Index pairs sharing a blocking key; keys shared by more than ``max_block`` records are too
    common to say anything ("w:tekhn") and are skipped."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        for key in blocking_keys(record):
            blocks[key].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                pairs.add((x, y))
    return pairs


def resolve_records(
    records: list[NameRecord],
    *,
    auto: float = 90.0,
    review: float = 75.0,
    same: list[tuple[str, str]] = (),
    different: list[tuple[str, str]] = (),
    max_block: int = 60,
) -> Resolution:
    """Cluster records; the canonical ID of a cluster is its earliest record (input order), so
    adding records later never renames an existing cluster unless they merge into it."""
    ids = [r.id for r in records]
    clusters = _Clusters(ids)
    known = set(ids)
    for a, b in different:
        if a in known and b in known:
            clusters.keep_apart(a, b)
    for a, b in same:
        if a in known and b in known:
            clusters.union(a, b)
    scored = []
    pairs = candidate_pairs(records, max_block)
    for x, y in pairs:
        score = score_pair(records[x], records[y])
        if score >= review:
            scored.append((score, records[x].id, records[y].id))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))  # deterministic: the same data gives the same clusters
    pending = []
    for score, a, b in scored:
        if score >= auto:
            clusters.union(a, b)
        else:
            pending.append((score, a, b))
    review_pairs = [
        (a, b, score) for score, a, b in sorted(pending, key=lambda s: abs(s[0] - (auto + review) / 2))
        if clusters.find(a) != clusters.find(b) and clusters.find(b) not in clusters.apart[clusters.find(a)]
    ]
    return Resolution(
        canonical={i: clusters.find(i) for i in ids},
        review=review_pairs,
        comparisons=len(pairs),
        scores={(a, b): s for s, a, b in scored},
    )
