"""Entity resolution over name records: blocking, pairwise scoring, clustering.

Pure functions, no database: the store feeds records in, and the same code runs
the benchmark in ``bench/resolution``. Each name is first read by
:func:`clusteratlas.resolve.analysis.analyse`; then, as in Splink and nomenklatura:

1. **keys** (:func:`blocking_keys`): the analysed name's full form, its distinctive
   words and their typo-tolerant variants, initialisms, and identifiers (INN, OGRN).
   Only records sharing a key are compared, and keys shared by too many records are
   dropped, so comparisons grow about linearly.
2. **score** (:func:`score_pair`): 0–100 from the analysed names, lowered hard when one
   name has a distinctive word the other lacks ("Gazprom" vs "Gazprom Neft"), names
   another place or kind of place, or another number; identifiers decide outright when
   both sides have one.
3. **cluster** (:func:`resolve_records`): pairs at or above ``auto`` merge, those
   between ``review`` and ``auto`` wait for a person, judgements of "same" and
   "different" are applied first, and a "different" is never overridden.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from ..names import transliterate
from .analysis import PLACE_TOKEN, NameAnalysis, analyse, skeleton, vocabulary

__all__ = ["NameRecord", "Resolution", "analyse", "blocking_keys", "name_similarity", "resolve_records", "score_pair",
           "skeleton"]

AUTO, REVIEW = 90.0, 75.0
# An initialism of the other name ("РЖД" / "Российские железные дороги"): worth a person's look,
# merged without one only when it is the initialism of exactly one thing in the data.
ACRONYM_SCORE = 88.0


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


def blocking_keys(record: NameRecord) -> set[str]:
    keys: set[str] = set()
    for kind, value in record.identifiers.items():
        if value:
            keys.add(f"{kind}:{value}")
    for name in record.names:
        if record.type == "legal_act":
            keys.update("act:" + number for number in _act_numbers(name))
        a = analyse(name)
        compact = a.full.replace(" ", "")
        if compact:
            keys.add("f:" + compact)
            if " " not in a.full and 5 <= len(compact) <= 12:  # a one-word name: one letter dropped, added or changed
                keys.update(_deletions(compact))
        one_word = a.joined.partition(":")[2]
        if len(one_word) >= 6:
            keys.add("j:" + one_word)
        if a.distinctive:
            keys.add("s:" + " ".join(sorted(a.distinctive)))
            for word in a.distinctive:
                word = word.rstrip("~")
                if len(word) >= 4:
                    keys.add("w:" + word[:5])  # the first letters survive most typos and inflections
                if len(word) >= 4:
                    keys.add("a:" + "".join(sorted(word)))  # and the letters survive a swap
                if len(word) >= 7:
                    keys.add("e:" + word[-5:])  # the last letters survive a typo at the start
                if 5 <= len(word) <= 12:
                    keys.update(_deletions(word))
        numbers = "-".join(a.numbers)
        for acronym in a.acronyms:
            keys.add(f"i:{acronym}:{numbers}")
        if a.initialism:
            keys.add(f"i:{a.initialism}:{numbers}")  # "RZD" meets "Rossiyskie Zheleznye Dorogi"
    return {f"{record.type}|{k}" for k in keys}


def _deletions(word: str) -> set[str]:
    """Symmetric-deletion keys: two words one letter dropped, added or changed apart share one."""
    return {"d:" + word} | {"d:" + word[:i] + word[i + 1:] for i in range(len(word))}


def _word_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if a.startswith(PLACE_TOKEN) or b.startswith(PLACE_TOKEN):
        return False  # federal subjects are known: Tomsk Region is not Omsk Region, whatever the typo
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
    if len(a) >= 5 and len(a) == len(b) and a[:-1] == b[:-1] and a[-1] in "sieaou" and b[-1] in "sieaou":
        return True  # an English and a Russian plural or ending: motors/motori, sistems/sistemi
    if len(a) >= 4 and (a == b + "s" or b == a + "s"):
        return True  # tyre/tyres
    if len(a) >= 4 and len(a) == len(b) and sorted(a) == sorted(b):
        return True  # two letters swapped: plnat, karsnoarsk
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and long.startswith(short) and long[len(short):] in ("a", "e", "i", "o", "u"):
        return True  # a stem and its nominative: kalug/kaluga, tul/tula (not kirov/kirovsk)
    if (len(a) >= 5 and len(b) >= 5 and abs(len(a) - len(b)) <= 1 and OSA.distance(a, b) <= 1 and fuzz.ratio(a, b) >= 85
            and (a[0] == b[0] or len(a) != len(b))):
        return True  # one typo; a different first letter is another name (Yelabuga, Alabuga)
    # two typos in a long word, which still starts and ends the same way
    return (min(len(a), len(b)) >= 8 and abs(len(a) - len(b)) <= 2 and a[:2] == b[:2] and a[-1] == b[-1]
            and OSA.distance(a, b) <= 2)


def name_similarity(a: str, b: str) -> float:
    x, y = analyse(a), analyse(b)
    if not x.full or not y.full:
        return 0.0
    if x.kinds != y.kinds:
        return min(55.0, fuzz.ratio(x.full, y.full))  # Kaluga is not Kaluga Region
    if _initialism_of(x, y) or _initialism_of(y, x):
        return ACRONYM_SCORE
    if x.numbers != y.numbers:
        return 40.0  # Plant No. 1 is not Plant No. 2
    if x.full.replace(" ", "") == y.full.replace(" ", ""):
        return 100.0
    if x.words and y.words:
        joined_x, joined_y = (skeleton("".join(x.words).replace("~", "")), skeleton("".join(y.words).replace("~", "")))
        if joined_x == joined_y or _one_word_or_several(x, y) or (len(x.words) != len(y.words) and min(len(joined_x), len(joined_y)) >= 8
                                    and fuzz.ratio(joined_x, joined_y) >= 92):
            return 92.0  # VyatkaAgroPolymer = Vyatka-Agropolimer: one word or two
        unmatched_x = [w for w in x.words if not any(_word_match(w, v) for v in y.words)]
        unmatched_y = [w for w in y.words if not any(_word_match(w, v) for v in x.words)]
        if unmatched_x or unmatched_y:
            if _only_a_wrapper(x, unmatched_x, y, unmatched_y):
                return AUTO  # "Baltpribor Plant" = «Балтприбор»
            # a word on one side only: a subsidiary, a sibling, another plant, another kind of body
            return min(70.0, fuzz.token_sort_ratio(x.full, y.full))
        return max(92.0, float(fuzz.token_sort_ratio(x.full, y.full)))
    return float(fuzz.token_sort_ratio(x.full, y.full))


def _one_word_or_several(x: NameAnalysis, y: NameAnalysis) -> bool:
    """TatService = Татсервис: the same letters, written as one word on one side only."""
    count_x, _, one_x = x.joined.partition(":")
    count_y, _, one_y = y.joined.partition(":")
    return count_x != count_y and len(one_x) >= 6 and one_x == one_y


def _initialism_of(short: NameAnalysis, long: NameAnalysis) -> bool:
    return bool(short.initialism) and short.initialism in long.acronyms and short.numbers == long.numbers


def _only_a_wrapper(x: NameAnalysis, unmatched_x: list[str], y: NameAnalysis, unmatched_y: list[str]) -> bool:
    """The names differ only by a word naming the kind of establishment on one side ("plant"),
    and the other side does not name a different kind ("group")."""
    wrappers = vocabulary().wrappers
    extra = unmatched_x or unmatched_y
    if (unmatched_x and unmatched_y) or not all(w in wrappers for w in extra):
        return False
    if not set(x.words) - set(extra) or not set(y.words) - set(extra):
        return False  # a brand must remain on both sides
    other = y if unmatched_x else x
    return not other.wrappers or {wrappers[w] for w in extra} <= other.wrappers


def score_pair(a: NameRecord, b: NameRecord) -> float:
    """0–100: how sure we are that two records are one thing."""
    if a.type != b.type:
        return 0.0
    for kind in ("inn", "ogrn"):
        x, y = a.identifiers.get(kind), b.identifiers.get(kind)
        if x and y:
            return 100.0 if x == y else 0.0
    if a.type == "legal_act":
        return _same_act(a, b)
    best = max((name_similarity(x, y) for x in _comparable(a) for y in _comparable(b)), default=0.0)
    if best < 100 and a.context and b.context and a.context & b.context:
        best = min(99.0, best + 3.0)  # the same place, cluster or holding
    return best


_ACT_NUMBER = re.compile(r"(?:№|\bNo\.?|\bN)\s*([\w][\w\-/.]*\w|\w)|\b(\d+-[A-ZА-Я]{1,4})\b", re.IGNORECASE)
_ACT_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b|\b(\d{1,2}) ([A-Za-zА-Яа-я]+) (\d{4})\b")


def _act_numbers(name: str) -> list[str]:
    """An act's numbers in one spelling for keys and scores alike: «№ 992-п» and "No. 992-p" agree."""
    return [transliterate((m.group(1) or m.group(2)).lower()).upper() for m in _ACT_NUMBER.finditer(name)]


def _same_act(a: NameRecord, b: NameRecord) -> float:
    """Legal acts are one act when their numbers agree ("Federal Law No. 244-FZ" = "Federal Law No.
    244-FZ of 28 September 2010") and their dates, where both give one, do too."""
    def numbers(record: NameRecord) -> set[str]:
        return {number for n in record.names for number in _act_numbers(n)}

    def years(record: NameRecord) -> set[str]:
        return {m.group(3) or m.group(6) for n in record.names for m in _ACT_DATE.finditer(n)}

    numbers_a, numbers_b = numbers(a), numbers(b)
    if not numbers_a or not numbers_b:
        return max((name_similarity(x, y) for x in a.names for y in b.names), default=0.0)
    if not numbers_a & numbers_b:
        return 0.0
    years_a, years_b = years(a), years(b)
    if years_a and years_b and not years_a & years_b:
        return 0.0  # Decree No. 188 of 2012 is not Decree No. 188 of 2015
    return 95.0


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
    auto: float = AUTO,
    review: float = REVIEW,
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
    _join_unambiguous_initialisms(records, pending, clusters)
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


def _join_unambiguous_initialisms(records: list[NameRecord], pending: list[tuple[float, str, str]],
                                  clusters: _Clusters) -> None:
    """An initialism that stands for exactly one thing in the data ("ППЗ" and one Penza Bearing
    Plant) joins it; one that could stand for two waits for a person."""
    by_id = {r.id: r for r in records}

    def is_initialism(record_id: str) -> bool:
        return any(analyse(n).initialism for n in by_id[record_id].names)

    meanings: dict[str, set[str]] = defaultdict(set)  # initialism record → clusters it may stand for
    for score, a, b in pending:
        if score != ACRONYM_SCORE:
            continue
        for short, long in ((a, b), (b, a)):
            if is_initialism(short) and not is_initialism(long):
                meanings[short].add(clusters.find(long))
    for short in sorted(meanings):
        if len(meanings[short]) == 1:
            clusters.union(short, next(iter(meanings[short])))
