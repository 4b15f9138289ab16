#!/usr/bin/env python3
"""Build the entity-resolution benchmark: name records of organisations and places.

Writes, next to this file (or to --out-dir):

  dataset.jsonl         one name record a line:
                        {"id", "type", "name", "truth", "inn"?, "how"}
  hard_negatives.jsonl  pairs of truth keys that must stay apart:
                        {"a", "b", "category", "reason"}

About 500 base entities (~380 organisations, ~120 places) each get 3-6 name
variants of the kinds met in Russian and English writing about industrial
clusters: Cyrillic originals and several transliterations (BGN/PCGN-like,
"simple" Wikipedia-like, ICAO passport, GOST-like, loose press spellings and
anglicised brand spellings), legal forms added, removed, moved and spelt out in
both languages, every kind of quotes, word order, translations, initialisms,
case changes and one-letter typos. Several families of deliberately similar
base entities (holding vs subsidiary, region vs city, one word apart, same name
with a different INN, numbered plants...) are the hard negatives.

Everything is generated from tables in this file with seeded random numbers:
the same seed gives byte-identical files, and nothing is read from the network.
The INNs are synthetic (valid check digit, region code of the entity's region),
not those of real companies; real companies carry no INN at all.

    .venv/bin/python bench/resolution/make_dataset.py            # default seed
    .venv/bin/python bench/resolution/make_dataset.py --seed 7 --out-dir /tmp/x
"""

from __future__ import annotations

import argparse
import json
import random
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
DEFAULT_SEED = 20240917

VARIANT_COUNTS = (3, 4, 5, 6)
VARIANT_WEIGHTS = (3, 4, 3, 2)  # mean about 4.3 variants an entity
TYPO_RATE = 0.12  # share of records given one dropped, doubled or swapped letter
UPPER_RATE = 0.06
LOWER_RATE = 0.04

# ---------------------------------------------------------------------------
# Transliteration
# ---------------------------------------------------------------------------

_VOWELS = set("аеёиоуыэюя")
_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "ч": "ch",
    "ш": "sh", "ы": "y", "э": "e",
}
# Per system: the letters that differ, "ий"/"ый" (with "$" for the end of a word), and whether е is
# written "ye" at the start of a word and after a vowel or soft/hard sign (Yekaterinburg).
SYSTEMS: dict[str, dict[str, str]] = {
    # BGN/PCGN-like: Rostekh, Kaluzhskaya oblast', Nizhniy, Yekaterinburg
    "bgn": {"х": "kh", "ц": "ts", "щ": "shch", "й": "y", "ю": "yu", "я": "ya", "ё": "yo", "ь": "'", "ъ": "",
            "ий": "iy", "ый": "yy", "ye": "1"},
    # the simple form of English-language media and Wikipedia: Nizhny, Permsky, Yekaterinburg
    "simple": {"х": "kh", "ц": "ts", "щ": "shch", "й": "y", "ю": "yu", "я": "ya", "ё": "yo", "ь": "", "ъ": "",
               "ий": "iy", "ий$": "y", "ый": "y", "ye": "1"},
    # ICAO passport transliteration (2013): Nizhnii, Kaluzhskaia, Ekaterinburg
    "icao": {"х": "kh", "ц": "ts", "щ": "shch", "й": "i", "ю": "iu", "я": "ia", "ё": "e", "ь": "", "ъ": "ie",
             "ий": "ii", "ый": "yi", "ye": ""},
    # GOST-like: Rosteh, Kaluzhskaja oblast', Nizhnij, Centr
    "gost": {"х": "h", "ц": "c", "щ": "shh", "й": "j", "ю": "ju", "я": "ja", "ё": "jo", "ь": "'", "ъ": "",
             "ий": "ij", "ый": "yj", "ye": ""},
    # loose press spellings: Tehnodinamika, Tzentr, Nizhny
    "loose": {"х": "h", "ц": "tz", "щ": "sch", "й": "i", "ю": "yu", "я": "ya", "ё": "e", "ь": "", "ъ": "",
              "ий": "iy", "ий$": "y", "ый": "y", "ye": ""},
}
LATIN_SYSTEM_WEIGHTS = {"bgn": 3, "simple": 4, "icao": 1, "gost": 1.2, "loose": 1}
_CYR_RUN = re.compile(r"[А-Яа-яЁё]+")


def translit(text: str, system: str = "simple") -> str:
    """Cyrillic → Latin in one of :data:`SYSTEMS`, keeping capitals (КАМАЗ → KAMAZ, КамАЗ → KamAZ)."""
    table = SYSTEMS[system]

    def convert(match: re.Match) -> str:
        run = match.group()
        low = run.lower()
        out: list[str] = []
        i = 0
        while i < len(low):
            ch, step = low[i], 1
            if ch in "иы" and i + 1 < len(low) and low[i + 1] == "й":
                pair, step = ch + "й", 2
                piece = table.get(pair + "$", table[pair]) if i + 2 == len(low) else table[pair]
            elif ch == "е":
                prev = low[i - 1] if i else ""
                piece = "ye" if table["ye"] and (i == 0 or prev in _VOWELS or prev in "ьъ") else "e"
            elif ch in table:
                piece = table[ch]
            else:
                piece = _COMMON.get(ch, ch)
            if run[i].isupper() and piece:
                piece = piece[0].upper() + piece[1:]
            out.append(piece)
            i += step
        result = "".join(out)
        return result.upper() if len(run) > 1 and run.isupper() else result

    return _CYR_RUN.sub(convert, text)


def _sub_keep_case(pattern: str, repl: str, text: str) -> str:
    """re.sub, case-insensitive, giving each replacement the case of what it replaces."""

    def fix(match: re.Match) -> str:
        found = match.group()
        if found.isupper() and len(found) > 1:
            return repl.upper()
        if found[:1].isupper():
            return repl[:1].upper() + repl[1:]
        return repl

    return re.sub(pattern, fix, text, flags=re.IGNORECASE)


# One spelling habit at a time: kh/h, ts/tz, ya/ia, yu/iu, iy/y/ii, ye/e, yo/e, apostrophes.
SPELLING = [
    ("kh", "h"), ("ts", "tz"), ("ya", "ia"), ("yu", "iu"), (r"iy\b", "y"), (r"iy\b", "ii"), (r"iy\b", "yi"),
    (r"yy\b", "y"), (r"\bye", "e"), ("tekh", "tech"), ("yo", "e"), ("yo", "io"),
    ("'", ""), ("j", "y"), (r"(?<=[aeiou])h", "kh"),
]


def spelling_variant(text: str, rng: random.Random) -> str:
    """One transliteration habit applied to ``text``; call it on transliterated words only
    (a name's stem), never on English words ("Components" is not "Componentz")."""
    options = [(p, r) for p, r in SPELLING if re.search(p, text, flags=re.IGNORECASE)]
    if not options:
        return text
    pattern, repl = rng.choice(options)
    return _sub_keep_case(pattern, repl, text)


# Anglicised brand spellings of transliterated stems (Tekhnodinamika → Technodinamika).
PRESS = [
    ("tekhnika", "technica"), ("tekhno", "techno"), ("tekh", "tech"), (r"kompozit(?=[a-z])", "composit"),
    ("kompozit", "composite"), ("servis", "service"), ("sistemy", "systems"), ("sistem", "system"),
    ("elektronika", "electronics"), ("elektro", "electro"), ("avto", "auto"), ("inzhiniring", "engineering"),
    ("proekt", "project"), ("khim", "chem"), ("polimer", "polymer"), ("optika", "optics"), ("kabel", "cable"),
    ("resurs", "resource"), ("kontrol", "control"), (r"metall\b", "metal"), ("komplekt", "complect"),
    ("sintez", "syntez"), ("logistika", "logistics"), ("devel", "devel"), ("lizing", "leasing"),
]


def press(text: str) -> str:
    out = text
    for pattern, repl in PRESS:
        out = _sub_keep_case(pattern, repl, out)
    return out


def latin(text: str, rng: random.Random, *, press_weight: float = 0.0) -> tuple[str, str]:
    """A Latin spelling of a Cyrillic name in a random system (or the press spelling)."""
    systems = dict(LATIN_SYSTEM_WEIGHTS)
    if press_weight:
        systems["press"] = press_weight
    system = rng.choices(list(systems), list(systems.values()))[0]
    out = press(translit(text, "simple")) if system == "press" else translit(text, system)
    return out, system


# ---------------------------------------------------------------------------
# Legal forms and quotes
# ---------------------------------------------------------------------------

LEGAL = {
    "ooo": dict(ru="ООО", ru_full="Общество с ограниченной ответственностью", en="LLC",
                en_full="Limited Liability Company", lat="OOO"),
    "ao": dict(ru="АО", ru_full="Акционерное общество", en="JSC", en_full="Joint Stock Company", lat="AO"),
    "pao": dict(ru="ПАО", ru_full="Публичное акционерное общество", en="PJSC",
                en_full="Public Joint Stock Company", lat="PAO"),
    "zao": dict(ru="ЗАО", ru_full="Закрытое акционерное общество", en="CJSC",
                en_full="Closed Joint Stock Company", lat="ZAO"),
    "oao": dict(ru="ОАО", ru_full="Открытое акционерное общество", en="OJSC",
                en_full="Open Joint Stock Company", lat="OAO"),
    "fgup": dict(ru="ФГУП", ru_full="Федеральное государственное унитарное предприятие", en="FSUE",
                 en_full="Federal State Unitary Enterprise", lat="FGUP"),
}
LEGAL_TOKENS = {form[k].lower() for form in LEGAL.values() for k in ("ru", "en", "lat")}
RU_QUOTES = (("«", "»"), ("„", "“"), ('"', '"'), ("“", "”"))
RU_QUOTE_WEIGHTS = (6, 1, 2, 1)
EN_QUOTES = (('"', '"'), ("“", "”"), ("'", "'"), ("«", "»"), ("‘", "’"))
EN_QUOTE_WEIGHTS = (5, 3, 1, 1, 1)
_QUOTE_CHARS = set('«»“”„"‘’')


def has_quotes(text: str) -> bool:
    return any(ch in _QUOTE_CHARS for ch in text)


def has_legal_form(text: str) -> bool:
    return any(tok.strip(",.").lower() in LEGAL_TOKENS for tok in text.split())


def _pick(rng: random.Random, options: list[tuple[str, float, str]]) -> tuple[str, str]:
    options = [o for o in options if o[1] > 0]
    text, _w, tag = rng.choices(options, [o[1] for o in options])[0]
    return text, tag


def render_ru(name: str, lf: str | None, rng: random.Random) -> tuple[str, list[str]]:
    """A Cyrillic name as written: АО «X», ООО "X", X, «X», Акционерное общество «X», «X», АО ..."""
    o, c = rng.choices(RU_QUOTES, RU_QUOTE_WEIGHTS)[0]
    quoted_already = has_quotes(name)
    quoted = name if quoted_already else f"{o}{name}{c}"
    options = [(name, 3.0, "legal:none"), (quoted, 0.0 if quoted_already else 0.8, "legal:none")]
    if lf:
        form = LEGAL[lf]
        options += [
            (f"{form['ru']} {quoted}", 5.0, "legal:prefix"),
            (f"{form['ru']} {name}", 1.2, "legal:prefix"),
            (f"{form['ru_full']} {quoted}", 0.7, "legal:full"),
            (f"{quoted}, {form['ru']}", 0.3, "legal:suffix"),
            (f"{form['ru']} {o}{name.upper()}{c}", 0.0 if quoted_already else 0.4, "legal:prefix"),
            (f"{form['ru']} {o}{name}{c}", 1.0 if quoted_already else 0.0, "legal:prefix"),  # АО «НПО «X»»
        ]
    text, tag = _pick(rng, options)
    tags = ["script:cyrillic", tag]
    if o in text and o not in name:
        tags.append("quotes:" + o + c)
    return text, tags


def render_lat(name: str, lf: str | None, rng: random.Random) -> tuple[str, list[str]]:
    """A Latin name as written: JSC X, X JSC, JSC "X", X, LLC, OOO X, Joint Stock Company X ..."""
    o, c = rng.choices(EN_QUOTES, EN_QUOTE_WEIGHTS)[0]
    quoted = name if has_quotes(name) else f"{o}{name}{c}"
    options = [(name, 4.0, "legal:none"), (quoted, 0.3, "legal:none")]
    if lf:
        form = LEGAL[lf]
        options = [(name, 3.0, "legal:none"), (quoted, 0.2, "legal:none"),
                   (f"{form['en']} {name}", 3.0, "legal:prefix"), (f"{name} {form['en']}", 3.0, "legal:suffix"),
                   (f"{form['en']} {quoted}", 1.2, "legal:prefix"), (f"{quoted} {form['en']}", 0.6, "legal:suffix"),
                   (f"{name}, {form['en']}", 0.6, "legal:suffix"), (f"{form['lat']} {name}", 1.0, "legal:ru-latin"),
                   (f"{form['lat']} {quoted}", 0.5, "legal:ru-latin"), (f"{form['en_full']} {name}", 0.5, "legal:full"),
                   (f"{form['en_full']} {quoted}", 0.3, "legal:full"), (f"{name} {form['en_full']}", 0.2, "legal:full")]
    text, tag = _pick(rng, options)
    tags = ["script:latin", tag]
    if o in text and o not in name:
        tags.append("quotes:" + o + c)
    return text, tags


def drop_yo(text: str, rng: random.Random) -> str:
    """ё is usually printed as е."""
    if ("ё" in text or "Ё" in text) and rng.random() < 0.5:
        return text.replace("ё", "е").replace("Ё", "Е")
    return text


def initialism(phrase: str) -> str:
    """Калужский турбинный завод → КТЗ; Казанский оптико-механический завод → КОМЗ."""
    parts = [p for p in re.split(r"[\s\-]+", phrase) if p]
    return "".join(p[0].upper() for p in parts if p.lower() not in {"и", "of", "and", "the"} and p[0].isalpha())


# ---------------------------------------------------------------------------
# Keys used to keep different entities from sharing (near-)identical names
# ---------------------------------------------------------------------------

_FOLD = [
    ("shch", "sh"), ("sch", "sh"), ("shh", "sh"), ("kh", "h"), ("ch", "h"), ("tz", "c"), ("ts", "c"),
    ("iy", "i"), ("yi", "i"), ("ii", "i"), ("ij", "i"), ("yy", "i"), ("ya", "a"), ("ia", "a"), ("ja", "a"),
    ("yu", "u"), ("iu", "u"), ("ju", "u"), ("yo", "o"), ("jo", "o"), ("io", "o"), ("ye", "e"), ("y", "i"),
    ("j", "i"), ("w", "v"), ("x", "ks"), ("ck", "k"), ("ph", "f"), ("q", "k"),
]


def skeleton(name: str) -> str:
    """Case-, script-, quote-, legal-form- and transliteration-blind spelling of a name.

    Only the generator uses it: two entities may not share a skeleton (unless they are a
    same-name pair told apart by INN), and a typo may not come within one edit of
    another entity's skeleton, so every record's truth stays recoverable in principle."""
    s = unicodedata.normalize("NFKC", name).lower().replace("ё", "е")
    s = translit(s, "simple")
    s = re.sub(r"[^\w\s]", " ", s)
    s = "".join(t for t in s.split() if t not in LEGAL_TOKENS)
    for a, b in _FOLD:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def deletions(s: str) -> set[str]:
    return {s[:i] + s[i + 1:] for i in range(len(s))}


# ---------------------------------------------------------------------------
# INN
# ---------------------------------------------------------------------------

INN_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)


def inn_check_digit(first9: str) -> int:
    return sum(int(d) * w for d, w in zip(first9, INN_WEIGHTS)) % 11 % 10


def is_valid_inn(inn: str) -> bool:
    return len(inn) == 10 and inn.isdigit() and inn_check_digit(inn[:9]) == int(inn[9])


def make_inn(rng: random.Random, region: int, used: set[str]) -> str:
    while True:
        first9 = f"{region:02d}{rng.randint(1, 29):02d}{rng.randint(0, 99999):05d}"
        inn = first9 + str(inn_check_digit(first9))
        if inn not in used:
            used.add(inn)
            return inn


# ---------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------

Gen = Callable[[random.Random], tuple[str, list[str]]]


@dataclass
class Entity:
    key: str
    type: str  # organization | place
    family: str  # real, brand, plant, government, numbered, same-name, city, oblast, krai, republic
    gen: Gen
    bases: list[str]  # canonical names, registered before any variant is drawn
    cyrillic: bool = True  # has a Cyrillic original
    inn: str | None = None
    inn_rate: float = 0.0  # share of its records that carry the INN
    group: str | None = None  # same-name group: members may share names (told apart by INN)
    n: int = 0
    variants: list[tuple[str, list[str], str | None]] = field(default_factory=list)


def weighted_forms(forms: list[tuple[str, float, list[str]]]) -> Gen:
    """A generator drawing from a fixed, weighted list of (name, weight, tags)."""

    def gen(rng: random.Random) -> tuple[str, list[str]]:
        text, _w, tags = rng.choices(forms, [f[1] for f in forms])[0]
        return text, list(tags)

    return gen


# ---- places ----------------------------------------------------------------

# (key, English stem, Russian adjective, region code, extra English names, extra Russian names)
OBLASTS = [
    ("kaluga", "Kaluga", "Калужская", 40, [], []),
    ("tula", "Tula", "Тульская", 71, [], []),
    ("samara", "Samara", "Самарская", 63, [], []),
    ("tomsk", "Tomsk", "Томская", 70, [], []),
    ("omsk", "Omsk", "Омская", 55, [], []),
    ("novosibirsk", "Novosibirsk", "Новосибирская", 54, [], []),
    ("ulyanovsk", "Ulyanovsk", "Ульяновская", 73, [], []),
    ("nizhny-novgorod", "Nizhny Novgorod", "Нижегородская", 52, ["Nizhegorodskaya Oblast"], []),
    ("novgorod", "Novgorod", "Новгородская", 53, [], []),
    ("yaroslavl", "Yaroslavl", "Ярославская", 76, [], []),
    ("lipetsk", "Lipetsk", "Липецкая", 48, [], []),
    ("voronezh", "Voronezh", "Воронежская", 36, [], []),
    ("kursk", "Kursk", "Курская", 46, [], []),
    ("kurgan", "Kurgan", "Курганская", 45, [], []),
    ("oryol", "Oryol", "Орловская", 57, ["Orel Oblast", "Orel Region"], []),
    ("bryansk", "Bryansk", "Брянская", 32, [], []),
    ("smolensk", "Smolensk", "Смоленская", 67, [], []),
    ("tver", "Tver", "Тверская", 69, [], []),
    ("vladimir", "Vladimir", "Владимирская", 33, [], []),
    ("ryazan", "Ryazan", "Рязанская", 62, [], []),
    ("penza", "Penza", "Пензенская", 58, [], []),
    ("saratov", "Saratov", "Саратовская", 64, [], []),
    ("volgograd", "Volgograd", "Волгоградская", 34, [], []),
    ("astrakhan", "Astrakhan", "Астраханская", 30, [], []),
    ("rostov", "Rostov", "Ростовская", 61, [], []),
    ("chelyabinsk", "Chelyabinsk", "Челябинская", 74, [], []),
    ("sverdlovsk", "Sverdlovsk", "Свердловская", 66, [], []),
    ("tyumen", "Tyumen", "Тюменская", 72, [], []),
    ("kemerovo", "Kemerovo", "Кемеровская", 42, ["Kuzbass", "Kemerovo Oblast – Kuzbass"], ["Кузбасс"]),
    ("irkutsk", "Irkutsk", "Иркутская", 38, [], []),
    ("murmansk", "Murmansk", "Мурманская", 51, [], []),
    ("arkhangelsk", "Arkhangelsk", "Архангельская", 29, [], []),
    ("vologda", "Vologda", "Вологодская", 35, [], []),
    ("kirov", "Kirov", "Кировская", 43, [], []),
    ("kostroma", "Kostroma", "Костромская", 44, [], []),
    ("ivanovo", "Ivanovo", "Ивановская", 37, [], []),
    ("belgorod", "Belgorod", "Белгородская", 31, [], []),
    ("tambov", "Tambov", "Тамбовская", 68, [], []),
    ("orenburg", "Orenburg", "Оренбургская", 56, [], []),
    ("pskov", "Pskov", "Псковская", 60, [], []),
    ("kaliningrad", "Kaliningrad", "Калининградская", 39, [], []),
    ("leningrad", "Leningrad", "Ленинградская", 47, [], []),
    ("moscow", "Moscow", "Московская", 50, ["Podmoskovye", "Moscow Province"], ["Подмосковье"]),
    ("sakhalin", "Sakhalin", "Сахалинская", 65, [], []),
]
KRAIS = [
    ("perm", "Perm", "Пермский", 59, ["Prikamye"], ["Прикамье"]),
    ("krasnodar", "Krasnodar", "Краснодарский", 23, ["Kuban"], ["Кубань"]),
    ("krasnoyarsk", "Krasnoyarsk", "Красноярский", 24, [], []),
    ("stavropol", "Stavropol", "Ставропольский", 26, ["Stavropolye"], ["Ставрополье"]),
    ("khabarovsk", "Khabarovsk", "Хабаровский", 27, [], []),
    ("altai", "Altai", "Алтайский", 22, ["Altay Krai", "Altai Territory"], []),
    ("primorsky", "Primorsky", "Приморский", 25, ["Primorye", "Primorye Territory"], ["Приморье"]),
]
# (key, region code, Russian names, English names); the first of each list is the usual one
REPUBLICS = [
    ("tatarstan", 16, ["Республика Татарстан", "Татарстан"],
     ["Republic of Tatarstan", "Tatarstan", "Tatarstan Republic", "the Republic of Tatarstan"]),
    ("bashkortostan", 2, ["Республика Башкортостан", "Башкортостан", "Башкирия"],
     ["Republic of Bashkortostan", "Bashkortostan", "Bashkiria", "Bashkortostan Republic", "Bashkiriya"]),
    ("udmurtia", 18, ["Удмуртская Республика", "Удмуртия"],
     ["Udmurt Republic", "Udmurtia", "Republic of Udmurtia", "Udmurtiya"]),
    ("chuvashia", 21, ["Чувашская Республика", "Чувашия"],
     ["Chuvash Republic", "Chuvashia", "Republic of Chuvashia", "Chuvashiya"]),
    ("mordovia", 13, ["Республика Мордовия", "Мордовия"],
     ["Republic of Mordovia", "Mordovia", "Mordovia Republic", "Mordoviya"]),
    ("altai", 4, ["Республика Алтай"], ["Altai Republic", "Republic of Altai", "Altay Republic", "Gorny Altai"]),
    ("tuva", 17, ["Республика Тыва", "Тыва", "Тува"], ["Tuva", "Tyva", "Republic of Tyva", "Tuva Republic"]),
    ("komi", 11, ["Республика Коми"], ["Komi Republic", "Republic of Komi", "Komi"]),
    ("karelia", 10, ["Республика Карелия", "Карелия"],
     ["Republic of Karelia", "Karelia", "Kareliya", "Karelian Republic"]),
    ("sakha", 14, ["Республика Саха (Якутия)", "Якутия"],
     ["Sakha Republic", "Yakutia", "Republic of Sakha (Yakutia)", "Yakutiya", "Sakha (Yakutia)"]),
    ("mari-el", 12, ["Республика Марий Эл", "Марий Эл"], ["Mari El", "Mari El Republic", "Republic of Mari El"]),
]
# (key, English name, Russian name, region code, extra English, extra Russian)
CITIES = [
    ("kaluga", "Kaluga", "Калуга", 40, [], []),
    ("tula", "Tula", "Тула", 71, [], []),
    ("samara", "Samara", "Самара", 63, [], []),
    ("tomsk", "Tomsk", "Томск", 70, [], []),
    ("omsk", "Omsk", "Омск", 55, [], []),
    ("novosibirsk", "Novosibirsk", "Новосибирск", 54, [], []),
    ("ulyanovsk", "Ulyanovsk", "Ульяновск", 73, ["Ul'yanovsk"], []),
    ("nizhny-novgorod", "Nizhny Novgorod", "Нижний Новгород", 52,
     ["Nizhniy Novgorod", "Nizhnii Novgorod", "N. Novgorod", "Nizhni Novgorod"], ["Н. Новгород"]),
    ("veliky-novgorod", "Veliky Novgorod", "Великий Новгород", 53,
     ["Velikiy Novgorod", "Novgorod the Great", "Novgorod Veliky"], []),
    ("yaroslavl", "Yaroslavl", "Ярославль", 76, ["Iaroslavl", "Jaroslavl"], []),
    ("lipetsk", "Lipetsk", "Липецк", 48, [], []),
    ("voronezh", "Voronezh", "Воронеж", 36, [], []),
    ("kursk", "Kursk", "Курск", 46, [], []),
    ("kurgan", "Kurgan", "Курган", 45, [], []),
    ("oryol", "Oryol", "Орёл", 57, ["Orel", "Orjol", "Oriol"], []),
    ("perm", "Perm", "Пермь", 59, [], []),
    ("krasnodar", "Krasnodar", "Краснодар", 23, [], []),
    ("krasnoyarsk", "Krasnoyarsk", "Красноярск", 24, [], []),
    ("khabarovsk", "Khabarovsk", "Хабаровск", 27, [], []),
    ("kazan", "Kazan", "Казань", 16, ["Qazan"], []),
    ("ufa", "Ufa", "Уфа", 2, [], []),
    ("izhevsk", "Izhevsk", "Ижевск", 18, [], []),
    ("cheboksary", "Cheboksary", "Чебоксары", 21, [], []),
    ("saransk", "Saransk", "Саранск", 13, [], []),
    ("yekaterinburg", "Yekaterinburg", "Екатеринбург", 66, ["Ekaterinburg", "Jekaterinburg"], []),
    ("chelyabinsk", "Chelyabinsk", "Челябинск", 74, [], []),
    ("tyumen", "Tyumen", "Тюмень", 72, [], []),
    ("kemerovo", "Kemerovo", "Кемерово", 42, [], []),
    ("irkutsk", "Irkutsk", "Иркутск", 38, [], []),
    ("kirov", "Kirov", "Киров", 43, [], []),
    ("kirovsk", "Kirovsk", "Кировск", 51, [], []),
    ("rostov-on-don", "Rostov-on-Don", "Ростов-на-Дону", 61, ["Rostov on Don", "Rostov-upon-Don"], []),
    ("rostov-veliky", "Rostov Veliky", "Ростов Великий", 76,
     ["Rostov the Great", "Rostov Yaroslavsky"], ["Ростов Ярославский"]),
    ("moscow", "Moscow", "Москва", 77, ["Moskva", "City of Moscow"], []),
    ("saint-petersburg", "Saint Petersburg", "Санкт-Петербург", 78,
     ["St. Petersburg", "St Petersburg", "Saint-Petersburg", "St.Petersburg"], ["СПб", "Петербург"]),
    ("naberezhnye-chelny", "Naberezhnye Chelny", "Набережные Челны", 16,
     ["Naberezhnyye Chelny", "Naberezhnie Chelny", "Nab. Chelny"], ["Наб. Челны"]),
    ("nizhnekamsk", "Nizhnekamsk", "Нижнекамск", 16, [], []),
    ("yelabuga", "Yelabuga", "Елабуга", 16, ["Elabuga", "Jelabuga"], []),
    ("tolyatti", "Tolyatti", "Тольятти", 63, ["Togliatti", "Toljatti"], []),
    ("zhigulevsk", "Zhigulevsk", "Жигулёвск", 63, ["Zhigulyovsk"], []),
    ("obninsk", "Obninsk", "Обнинск", 40, [], []),
    ("dubna", "Dubna", "Дубна", 50, [], []),
    ("innopolis", "Innopolis", "Иннополис", 16, [], []),
    ("magnitogorsk", "Magnitogorsk", "Магнитогорск", 74, [], []),
    ("nizhny-tagil", "Nizhny Tagil", "Нижний Тагил", 66, ["Nizhniy Tagil", "N. Tagil"], []),
    ("novokuznetsk", "Novokuznetsk", "Новокузнецк", 42, [], []),
    ("cherepovets", "Cherepovets", "Череповец", 35, [], []),
    ("komsomolsk-on-amur", "Komsomolsk-on-Amur", "Комсомольск-на-Амуре", 27, ["Komsomolsk on Amur"], []),
    ("dimitrovgrad", "Dimitrovgrad", "Димитровград", 73, [], []),
    ("kamensk-uralsky", "Kamensk-Uralsky", "Каменск-Уральский", 66, ["Kamensk Uralsky"], []),
    ("kamensk-shakhtinsky", "Kamensk-Shakhtinsky", "Каменск-Шахтинский", 61, [], []),
    ("novouralsk", "Novouralsk", "Новоуральск", 66, [], []),
    ("pervouralsk", "Pervouralsk", "Первоуральск", 66, [], []),
    ("vladivostok", "Vladivostok", "Владивосток", 25, [], []),
    ("vladimir", "Vladimir", "Владимир", 33, [], []),
    ("stavropol", "Stavropol", "Ставрополь", 26, [], []),
    ("volgograd", "Volgograd", "Волгоград", 34, [], []),
    ("saratov", "Saratov", "Саратов", 64, [], []),
    ("penza", "Penza", "Пенза", 58, [], []),
    ("murmansk", "Murmansk", "Мурманск", 51, [], []),
]


def _translit_forms(ru: str, weight: float) -> list[tuple[str, float, list[str]]]:
    """Every system's spelling of a Russian name, sharing ``weight`` by system popularity."""
    total = sum(LATIN_SYSTEM_WEIGHTS.values())
    by_text: dict[str, tuple[float, list[str]]] = {}
    for system, w in LATIN_SYSTEM_WEIGHTS.items():
        text = translit(ru, system)
        old = by_text.get(text, (0.0, ["script:latin", "translit:" + system]))
        by_text[text] = (old[0] + weight * w / total, old[1])
    return [(text, w, tags) for text, (w, tags) in by_text.items()]


def oblast_entity(key, stem, adj, _code, extra_en, extra_ru) -> Entity:
    ru = f"{adj} область"
    en = lambda text: ["script:latin", "en"] + (["order:of"] if " of " in text else [])  # noqa: E731
    forms = [
        (f"{stem} Oblast", 4, en("")), (f"{stem} Region", 4, en("")), (f"{stem} region", 1.5, en("")),
        (f"the {stem} Region", 0.7, en("")), (f"Region of {stem}", 0.6, en(" of ")), (f"{stem} oblast", 1, en("")),
        (f"{translit(adj, 'simple')} Oblast", 0.6, ["script:latin", "translit:simple"]),
        (ru, 4, ["script:cyrillic"]), (f"{adj} обл.", 0.7, ["script:cyrillic", "abbreviation"]),
    ]
    forms += _translit_forms(ru, 1.8)
    forms += [(x, 1.0, ["script:latin", "alias"]) for x in extra_en]
    forms += [(x, 0.8, ["script:cyrillic", "alias"]) for x in extra_ru]
    return Entity(f"place:oblast:{key}", "place", "oblast", weighted_forms(forms), [f"{stem} Oblast", ru])


def krai_entity(key, stem, adj, _code, extra_en, extra_ru) -> Entity:
    ru = f"{adj} край"
    forms = [
        (f"{stem} Krai", 4, ["script:latin", "en"]), (f"{stem} Territory", 2, ["script:latin", "en"]),
        (f"{stem} Kray", 1, ["script:latin", "en"]), (f"{stem} krai", 1, ["script:latin", "en"]),
        (f"the {stem} Territory", 0.5, ["script:latin", "en"]), (f"{stem} Region", 1, ["script:latin", "en"]),
        (f"{translit(adj, 'simple')} Krai", 0.5, ["script:latin", "translit:simple"]),
        (ru, 4, ["script:cyrillic"]),
    ]
    forms += _translit_forms(ru, 1.8)
    forms += [(x, 1.0, ["script:latin", "alias"]) for x in extra_en]
    forms += [(x, 0.8, ["script:cyrillic", "alias"]) for x in extra_ru]
    return Entity(f"place:krai:{key}", "place", "krai", weighted_forms(forms), [f"{stem} Krai", ru])


def republic_entity(key, _code, ru_names, en_names) -> Entity:
    forms = [(x, 4 if i == 0 else 2, ["script:cyrillic"] + (["alias"] if i else [])) for i, x in enumerate(ru_names)]
    forms += [(x, 4 if i == 0 else 2.2, ["script:latin", "en"] + (["order:of"] if " of " in x else []))
              for i, x in enumerate(en_names)]
    forms += _translit_forms(ru_names[0], 1.5)
    return Entity(f"place:republic:{key}", "place", "republic", weighted_forms(forms), [en_names[0], ru_names[0]])


def city_entity(key, en, ru, _code, extra_en, extra_ru) -> Entity:
    forms = [
        (en, 5, ["script:latin", "en"]), (f"city of {en}", 0.8, ["script:latin", "en", "order:of"]),
        (f"{en} city", 0.5, ["script:latin", "en"]), (f"the city of {en}", 0.3, ["script:latin", "en", "order:of"]),
        (ru, 4, ["script:cyrillic"]), (f"г. {ru}", 1, ["script:cyrillic", "abbreviation"]),
        (f"город {ru}", 0.3, ["script:cyrillic"]),
    ]
    forms += _translit_forms(ru, 2.0)
    forms += [(x, 1.5, ["script:latin", "alias"]) for x in extra_en]
    forms += [(x, 1.0, ["script:cyrillic", "alias"]) for x in extra_ru]
    return Entity(f"place:city:{key}", "place", "city", weighted_forms(forms), [en, ru])


# ---- real organisations ------------------------------------------------------

# (key, legal form or None, Russian names, Latin names). Names are the ones used in the press;
# "Rostec Cluster Development", "Kama Trucks", "Kama Tyres LLC" and "Tekhnopark LLC" are invented.
REAL_ORGS = [
    ("rostec", None, ["Ростех", "Госкорпорация «Ростех»", "Государственная корпорация «Ростех»", "Ростехнологии",
                      "ГК «Ростех»"],
     ["Rostec", "State Corporation Rostec", "Rostec State Corporation", "Rostekh", "Rosteh", "Rostekhnologii",
      "Rostec Corporation", "Russian Technologies State Corporation"]),
    ("rostec-cluster-development", "ao", ["Ростех Развитие кластеров", "АО «Ростех Развитие кластеров»"],
     ["Rostec Cluster Development", "Rostekh Cluster Development", "Rostec Cluster Development JSC"]),
    ("rt-khimkomposit", "ao", ["РТ-Химкомпозит", "АО «РТ-Химкомпозит»"],
     ["RT-Khimkomposit", "RT-Chemcomposite", "RT-Himkompozit", "RT Khimkomposit"]),
    ("tekhnodinamika", "ao", ["Технодинамика", "АО «Технодинамика»"],
     ["Technodinamika", "Tekhnodinamika", "Tehnodinamika", "JSC Technodinamika"]),
    ("tekhnologiya", "ao", ["ОНПП «Технология» им. А. Г. Ромашина", "ОНПП «Технология»", "Технология"],
     ["ONPP Tekhnologiya", "Tekhnologiya", "Technologiya", "ORPE Technologiya",
      "Obninsk Research and Production Enterprise Technologiya"]),
    ("tekhnopark", "ooo", ["Технопарк", "ООО «Технопарк»"], ["Tekhnopark", "Technopark LLC", "Tehnopark"]),
    ("rosatom", None, ["Росатом", "Госкорпорация «Росатом»", "Государственная корпорация по атомной энергии «Росатом»"],
     ["Rosatom", "ROSATOM", "Rosatom State Corporation", "State Atomic Energy Corporation Rosatom",
      "State Corporation Rosatom"]),
    ("rusatom-overseas", "ao", ["Русатом Оверсиз", "АО «Русатом Оверсиз»"],
     ["Rusatom Overseas", "JSC Rusatom Overseas", "Rusatom Overseas JSC"]),
    ("rusatom-infrastructure-solutions", "ao",
     ["Русатом Инфраструктурные решения", "АО «Русатом Инфраструктурные решения»"],
     ["Rusatom Infrastructure Solutions", "RusAtom Infrastructure Solutions", "Rusatom Infrastrukturnye Resheniya"]),
    ("rosatom-technical-academy", None, ["Техническая академия Росатома"],
     ["Rosatom Technical Academy", "Technical Academy of Rosatom", "Rosatom Tech Academy"]),
    ("roscosmos", None, ["Роскосмос", "Госкорпорация «Роскосмос»",
                         "Государственная корпорация по космической деятельности «Роскосмос»"],
     ["Roscosmos", "Roskosmos", "ROSCOSMOS", "State Space Corporation Roscosmos", "Roscosmos State Corporation"]),
    ("russian-space-systems", "ao", ["Российские космические системы", "АО «Российские космические системы»", "РКС"],
     ["Russian Space Systems", "JSC Russian Space Systems", "Rossiyskie Kosmicheskie Sistemy", "RKS"]),
    ("kamaz", "pao", ["КАМАЗ", "ПАО «КАМАЗ»", "КамАЗ", "Камский автомобильный завод"],
     ["KAMAZ", "Kamaz", "KamAZ", "PJSC KAMAZ", "KAMAZ PJSC", "Kama Automobile Plant", "Kamsky Avtomobilny Zavod"]),
    ("kamaz-leasing", "ooo", ["Лизинговая компания «КАМАЗ»", "КАМАЗ-Лизинг"],
     ["KAMAZ Leasing", "KAMAZ Leasing Company", "Kamaz-Leasing", "Leasing Company KAMAZ"]),
    ("kama-tyres", "ooo", ["Кама Шины", "ООО «Кама Шины»"], ["Kama Tyres", "KAMA TYRES", "Kama Tires", "KAMA Tyres LLC"]),
    ("kama-trucks", "ooo", ["Кама Тракс", "ООО «Кама Тракс»"], ["Kama Trucks", "KAMA Trucks", "Kama Trucks LLC"]),
    ("nizhnekamskneftekhim", "pao", ["Нижнекамскнефтехим", "ПАО «Нижнекамскнефтехим»", "НКНХ"],
     ["Nizhnekamskneftekhim", "Nizhnekamskneftehim", "PJSC Nizhnekamskneftekhim", "NKNKh"]),
    ("nizhnekamskshina", "pao", ["Нижнекамскшина", "ПАО «Нижнекамскшина»"],
     ["Nizhnekamskshina", "Nizhnekamsk Tyre Plant", "PJSC Nizhnekamskshina"]),
    ("kazanorgsintez", "pao", ["Казаньоргсинтез", "ПАО «Казаньоргсинтез»"],
     ["Kazanorgsintez", "Kazanorgsyntez", "Kazan Organic Synthesis"]),
    ("sibur", "pao", ["СИБУР", "Сибур", "ПАО «СИБУР Холдинг»", "СИБУР Холдинг"],
     ["SIBUR", "Sibur", "SIBUR Holding", "Sibur Holding PJSC", "PJSC SIBUR Holding"]),
    ("sibur-tobolsk", "ooo", ["СИБУР Тобольск", "ООО «СИБУР Тобольск»"],
     ["SIBUR Tobolsk", "Sibur Tobolsk LLC", "Sibur-Tobolsk"]),
    ("tatneft", "pao", ["Татнефть", "ПАО «Татнефть»", "ПАО «Татнефть» им. В. Д. Шашина"],
     ["Tatneft", "TATNEFT", "PJSC Tatneft", "Tatneft PJSC", "Tatneft named after V. D. Shashin"]),
    ("tatneftekhiminvest-holding", "oao", ["Татнефтехиминвест-холдинг", "ОАО «Татнефтехиминвест-холдинг»"],
     ["Tatneftekhiminvest-Holding", "Tatneftehiminvest Holding", "Tatneftekhiminvest Holding OJSC"]),
    ("tatenergo", "ao", ["Татэнерго", "АО «Татэнерго»"], ["Tatenergo", "TATENERGO", "JSC Tatenergo"]),
    ("gazprom", "pao", ["Газпром", "ПАО «Газпром»", "ОАО «Газпром»"],
     ["Gazprom", "GAZPROM", "PJSC Gazprom", "Gazprom PJSC", "OAO Gazprom", "OJSC Gazprom"]),
    ("gazprom-neft", "pao", ["Газпром нефть", "ПАО «Газпром нефть»", "Газпромнефть"],
     ["Gazprom Neft", "Gazpromneft", "Gazprom Neft PJSC", "PJSC Gazprom Neft", "Gazprom-Neft"]),
    ("gazprom-transgaz-kazan", "ooo", ["Газпром трансгаз Казань", "ООО «Газпром трансгаз Казань»"],
     ["Gazprom Transgaz Kazan", "Gazprom transgaz Kazan LLC", "Gazprom Transgaz Kazan LLC"]),
    ("gazprom-transgaz-yekaterinburg", "ooo", ["Газпром трансгаз Екатеринбург", "ООО «Газпром трансгаз Екатеринбург»"],
     ["Gazprom Transgaz Yekaterinburg", "Gazprom transgaz Ekaterinburg", "Gazprom Transgaz Ekaterinburg LLC"]),
    ("gazprom-neftekhim-salavat", "ooo", ["Газпром нефтехим Салават", "ООО «Газпром нефтехим Салават»"],
     ["Gazprom Neftekhim Salavat", "Gazprom Neftehim Salavat", "Gazprom neftekhim Salavat LLC"]),
    ("gazprombank", "ao", ["Газпромбанк", "АО «Газпромбанк»", "Банк ГПБ"],
     ["Gazprombank", "JSC Gazprombank", "Gazprombank JSC", "Bank GPB"]),
    ("sberbank", "pao", ["Сбербанк", "ПАО Сбербанк", "Сбер", "Сбербанк России"],
     ["Sberbank", "Sber", "PJSC Sberbank", "Sberbank of Russia", "SBERBANK"]),
    ("sberbank-leasing", "ao", ["Сбербанк Лизинг", "АО «Сбербанк Лизинг»", "СберЛизинг"],
     ["Sberbank Leasing", "SberLeasing", "Sber Leasing", "JSC Sberbank Leasing"]),
    ("united-aircraft-corporation", "pao",
     ["ОАК", "ПАО «ОАК»", "Объединённая авиастроительная корпорация"],
     ["United Aircraft Corporation", "UAC", "PJSC UAC", "Obyedinyonnaya Aviastroitelnaya Korporatsiya"]),
    ("united-shipbuilding-corporation", "ao",
     ["ОСК", "АО «ОСК»", "Объединённая судостроительная корпорация"],
     ["United Shipbuilding Corporation", "USC", "JSC USC", "Obyedinyonnaya Sudostroitelnaya Korporatsiya"]),
    ("united-engine-corporation", "ao",
     ["ОДК", "АО «ОДК»", "Объединённая двигателестроительная корпорация"],
     ["United Engine Corporation", "UEC", "JSC UEC", "ODK"]),
    ("uralmash", "pao", ["Уралмашзавод", "ПАО «Уралмашзавод»", "Уралмаш"],
     ["Uralmash", "Uralmash Plant", "Uralmashzavod", "PJSC Uralmashzavod", "Ural Heavy Machinery Plant"]),
    ("uralkhimmash", "ao", ["Уралхиммаш", "АО «Уралхиммаш»"],
     ["Uralkhimmash", "Uralhimmash", "Uralkhimmash Plant", "Ural Chemical Machinery Plant", "JSC Uralkhimmash"]),
    ("uralvagonzavod", "ao", ["Уралвагонзавод", "АО «НПК «Уралвагонзавод»", "УВЗ"],
     ["Uralvagonzavod", "UVZ", "Uralvagonzavod Research and Production Corporation", "JSC Uralvagonzavod"]),
    ("uralelektrotyazhmash", "ao", ["Уралэлектротяжмаш", "АО «Уралэлектротяжмаш»"],
     ["Uralelektrotyazhmash", "Uralelectrotyazhmash", "Uralelektrotjazhmash"]),
    ("avtovaz", "pao", ["АвтоВАЗ", "ПАО «АвтоВАЗ»", "АВТОВАЗ"], ["AvtoVAZ", "AVTOVAZ", "Avtovaz", "PJSC AvtoVAZ"]),
    ("gaz-group", None, ["Группа ГАЗ", "Группа «ГАЗ»"], ["GAZ Group", "GAZ Group of Companies", "Group GAZ"]),
    ("russian-railways", "oao", ["РЖД", "ОАО «РЖД»", "Российские железные дороги"],
     ["Russian Railways", "RZD", "JSC Russian Railways", "Rossiyskie Zheleznye Dorogi"]),
    ("rusnano", "ao", ["Роснано", "АО «Роснано»", "РОСНАНО"], ["Rusnano", "RUSNANO", "Rosnano", "JSC Rusnano"]),
    ("skolkovo-foundation", None, ["Фонд «Сколково»", "Фонд Сколково"],
     ["Skolkovo Foundation", "Skolkovo Fund", "The Skolkovo Foundation"]),
    ("skoltech", None, ["Сколтех", "Сколковский институт науки и технологий"],
     ["Skoltech", "Skolkovo Institute of Science and Technology"]),
    ("innopolis-university", None, ["Университет Иннополис", "АНО ВО «Университет Иннополис»"],
     ["Innopolis University", "University of Innopolis"]),
    ("alabuga-sez-management-company", "ao", ["Управляющая компания ОЭЗ «Алабуга»", "АО «ОЭЗ ППТ «Алабуга»"],
     ["Alabuga SEZ Management Company", "Management Company of SEZ Alabuga", "JSC SEZ Alabuga"]),
    ("kazan-helicopter-plant", "pao", ["Казанский вертолётный завод", "ПАО «Казанский вертолётный завод»", "КВЗ"],
     ["Kazan Helicopter Plant", "Kazan Helicopters", "KVZ", "Kazanskiy Vertoletnyy Zavod"]),
    ("kazan-aviation-plant", None, ["Казанский авиационный завод им. С. П. Горбунова", "КАЗ им. Горбунова"],
     ["Kazan Aviation Plant", "Kazan Aircraft Production Association", "KAPO named after Gorbunov",
      "Kazan Aviation Plant named after S. P. Gorbunov"]),
    ("aviadvigatel", "ao", ["ОДК-Авиадвигатель", "АО «ОДК-Авиадвигатель»", "Авиадвигатель"],
     ["Aviadvigatel", "UEC-Aviadvigatel", "JSC UEC-Aviadvigatel"]),
    ("aviaagregat", "ao", ["Авиаагрегат", "АО «Авиаагрегат»"], ["Aviaagregat", "Aviaagregat JSC", "Aviaagregat Samara"]),
    ("aviastar-sp", "ao", ["Авиастар-СП", "АО «Авиастар-СП»", "Авиастар"], ["Aviastar-SP", "Aviastar", "Aviastar SP JSC"]),
    ("perm-motors", "ao", ["ОДК-Пермские моторы", "АО «ОДК-Пермские моторы»", "Пермские моторы"],
     ["UEC-Perm Motors", "Perm Motors", "Permskie Motory", "UEC Perm Motors"]),
]

# (a, b, category, reason) over REAL_ORGS keys (and places, for the cross-type pairs)
REAL_HARD_NEGATIVES = [
    ("gazprom", "gazprom-neft", "holding-subsidiary", "Gazprom vs its oil subsidiary Gazprom Neft"),
    ("gazprom", "gazprom-transgaz-kazan", "holding-subsidiary", "Gazprom vs its gas transport subsidiary in Kazan"),
    ("gazprom", "gazprom-transgaz-yekaterinburg", "holding-subsidiary", "Gazprom vs its subsidiary in Yekaterinburg"),
    ("gazprom", "gazprom-neftekhim-salavat", "holding-subsidiary", "Gazprom vs its petrochemical subsidiary"),
    ("gazprom", "gazprombank", "shared-stem", "Gazprom vs Gazprombank: separate companies sharing a stem"),
    ("gazprom-neft", "gazprom-neftekhim-salavat", "similar-name", "Gazprom Neft vs Gazprom Neftekhim Salavat"),
    ("gazprom-transgaz-kazan", "gazprom-transgaz-yekaterinburg", "sibling-subsidiaries",
     "two Gazprom Transgaz subsidiaries differing only in the city"),
    ("gazprom", "gaz-group", "shared-stem", "Gazprom vs GAZ Group (car maker)"),
    ("rostec", "rostec-cluster-development", "holding-subsidiary", "Rostec vs a Rostec subsidiary"),
    ("rostec", "rt-khimkomposit", "holding-subsidiary", "Rostec vs its RT- holding RT-Khimkomposit"),
    ("rosatom", "rusatom-overseas", "holding-subsidiary", "Rosatom vs Rusatom Overseas"),
    ("rosatom", "rusatom-infrastructure-solutions", "holding-subsidiary", "Rosatom vs Rusatom Infrastructure Solutions"),
    ("rusatom-overseas", "rusatom-infrastructure-solutions", "sibling-subsidiaries", "two Rusatom subsidiaries"),
    ("rosatom", "rosatom-technical-academy", "holding-subsidiary", "Rosatom vs its training academy"),
    ("rosatom", "roscosmos", "similar-name", "two Ros- state corporations"),
    ("roscosmos", "russian-space-systems", "holding-subsidiary", "Roscosmos vs Russian Space Systems"),
    ("kamaz", "kamaz-leasing", "holding-subsidiary", "KAMAZ vs its leasing company"),
    ("kamaz", "kama-trucks", "similar-name", "KAMAZ (Kama Automobile Plant) vs Kama Trucks"),
    ("kama-tyres", "kama-trucks", "similar-name", "Kama Tyres vs Kama Trucks: one word differs"),
    ("kama-tyres", "nizhnekamskshina", "related-companies", "Kama Tyres vs the Nizhnekamsk tyre plant"),
    ("nizhnekamskneftekhim", "nizhnekamskshina", "similar-name", "Nizhnekamsk- petrochemicals vs tyres"),
    ("sibur", "sibur-tobolsk", "holding-subsidiary", "SIBUR Holding vs SIBUR Tobolsk"),
    ("tatneft", "tatneftekhiminvest-holding", "similar-name", "Tatneft vs Tatneftekhiminvest-Holding"),
    ("tatneft", "tatenergo", "similar-name", "Tatneft vs Tatenergo"),
    ("sberbank", "sberbank-leasing", "holding-subsidiary", "Sberbank vs Sberbank Leasing"),
    ("united-aircraft-corporation", "united-shipbuilding-corporation", "similar-name", "United ... Corporation (UAC/USC)"),
    ("united-aircraft-corporation", "united-engine-corporation", "similar-name", "United ... Corporation (UAC/UEC)"),
    ("united-shipbuilding-corporation", "united-engine-corporation", "similar-name", "United ... Corporation (USC/UEC)"),
    ("uralmash", "uralkhimmash", "similar-name", "Uralmash Plant vs Uralkhimmash Plant"),
    ("uralmash", "uralvagonzavod", "similar-name", "Uralmashzavod vs Uralvagonzavod"),
    ("uralmash", "uralelektrotyazhmash", "similar-name", "Uralmash vs Uralelektrotyazhmash"),
    ("uralkhimmash", "uralelektrotyazhmash", "similar-name", "Uralkhimmash vs Uralelektrotyazhmash"),
    ("skolkovo-foundation", "skoltech", "related-companies", "Skolkovo Foundation vs Skolkovo Institute"),
    ("kazan-helicopter-plant", "kazan-aviation-plant", "similar-name", "two Kazan aircraft plants"),
    ("aviadvigatel", "aviaagregat", "similar-name", "Avia- engine design bureau vs Avia- units plant"),
    ("aviadvigatel", "perm-motors", "sibling-subsidiaries", "two UEC companies in Perm"),
    ("aviadvigatel", "aviastar-sp", "similar-name", "Aviadvigatel vs Aviastar"),
    ("tekhnologiya", "tekhnopark", "similar-name", "Tekhnologiya vs Tekhnopark"),
    ("tekhnodinamika", "tekhnologiya", "similar-name", "Tekhnodinamika vs Tekhnologiya"),
]
# organisation ↔ place of the same name (the type differs)
REAL_CROSS_TYPE = [
    ("org:real:innopolis-university", "place:city:innopolis", "body-vs-territory", "Innopolis University vs the town"),
    ("org:real:kazan-helicopter-plant", "place:city:kazan", "body-vs-territory", "a Kazan plant vs the city"),
    ("org:real:sibur-tobolsk", "place:city:tyumen", "body-vs-territory", "a company named after a town vs a nearby city"),
]


def real_entity(key: str, lf: str | None, ru_names: list[str], lat_names: list[str]) -> Entity:
    def gen(rng: random.Random) -> tuple[str, list[str]]:
        r = rng.random()
        if r < 0.38:
            name = drop_yo(rng.choice(ru_names), rng)
            bare = lf and not has_legal_form(name)
            if bare and rng.random() < (0.15 if name.isupper() else 0.3):  # ОАК → ПАО «ОАК»
                return render_ru(name, lf, rng)
            return name, ["script:cyrillic", "alias"]
        if r < 0.46:  # transliteration of a Russian name
            name, system = latin(drop_yo(rng.choice(ru_names), rng), rng)
            return name, ["script:latin", "translit:" + system]
        name = rng.choice(lat_names)
        tags = ["script:latin", "alias"]
        if rng.random() < 0.2 and " " not in name and not name.isupper():  # Uralkhimmash → Uralhimmash
            spelt = spelling_variant(name, rng)
            tags += ["spelling"] if spelt != name else []
            name = spelt
        if lf and not has_legal_form(name) and rng.random() < 0.3:
            text, more = render_lat(name, lf, rng)
            return text, more + tags[1:]
        return name, tags

    return Entity(f"org:real:{key}", "organization", "real", gen, ru_names[:1] + lat_names)


# ---- generated brand-style companies -------------------------------------------

GEO = ["Сиб", "Урал", "Волга", "Кама", "Балт", "Дон", "Ока", "Ангара", "Енисей", "Алтай", "Север", "Тат", "Баш",
       "Печора", "Вятка", "Кубань", "Арктик", "Байкал"]
MID = ["техно", "тех", "энерго", "пром", "нефте", "авиа", "авто", "электро", "хим", "агро", "гидро", "транс", "спец",
       "станко", "тепло", "металл", "композит", "радио", "нано", "нефтегаз", "строй", "гео", "лес", "приборо", "вагоно"]
SUF = ["маш", "строй", "сервис", "монтаж", "динамика", "комплект", "автоматика", "прибор", "лит", "пласт", "хим", "тех",
       "энерго", "ресурс", "инвест", "снаб", "проект", "сталь", "металл", "композит", "полимер", "оптика", "электроника",
       "систем", "контроль", "кабель", "синтез", "техника", "пром", "трейд", "лаб", "инжиниринг", "логистика"]
SUBSIDIARY_SUFFIXES = ["Сервис", "Инвест", "Энерго", "Инжиниринг", "Трейд", "Лизинг", "Логистика", "Ремонт"]
WRAPPERS = {None: 0.58, "npo": 0.09, "npp": 0.06, "group": 0.12, "plant": 0.1, "holding": 0.05}
BRAND_LEGAL = {"ooo": 40, "ao": 35, "pao": 7, "zao": 8, "fgup": 5, "oao": 5}
BRAND_REGIONS = [40, 71, 59, 16, 63, 73, 54, 70, 55, 74, 52, 66, 77, 78, 50, 2, 18, 21, 24, 38, 42, 23, 36, 76]


def join_morphemes(pieces: list[str], hyphen: bool = False) -> str:
    out = pieces[0].capitalize()
    for piece in pieces[1:]:
        vowel_clash = out[-1].lower() == "а" and piece[0] in _VOWELS  # Кама-Автоматика
        out += "-" + piece.capitalize() if hyphen or vowel_clash else piece
    return out


def wrap_ru(core: str, wrapper: str | None, rng: random.Random, bare_ok: bool) -> tuple[str, str]:
    forms = {
        "npo": [("НПО «{c}»", 4), ("НПО {c}", 1), ("Научно-производственное объединение «{c}»", 1)],
        "npp": [("НПП «{c}»", 4), ("Научно-производственное предприятие «{c}»", 1)],
        "group": [("Группа компаний «{c}»", 3), ("ГК «{c}»", 3), ("Группа «{c}»", 1), ("ГК {c}", 1)],
        "plant": [("Завод «{c}»", 5), ("завод «{c}»", 1)],
        "holding": [("Холдинг «{c}»", 3), ("Холдинговая компания «{c}»", 1)],
    }
    if wrapper is None or (bare_ok and rng.random() < 0.18):
        return core, "wrapper:none"
    pattern = rng.choices([f[0] for f in forms[wrapper]], [f[1] for f in forms[wrapper]])[0]
    o, c = rng.choices(RU_QUOTES, RU_QUOTE_WEIGHTS)[0]
    return pattern.replace("«", o).replace("»", c).format(c=core), "wrapper:" + wrapper


def wrap_lat(core: str, wrapper: str | None, rng: random.Random, bare_ok: bool) -> tuple[str, str]:
    forms = {
        "npo": [("NPO {c}", 4), ("{c} NPO", 1), ("Research and Production Association {c}", 1),
                ("Scientific and Production Association {c}", 0.6)],
        "npp": [("NPP {c}", 4), ("{c} NPP", 1), ("Research and Production Enterprise {c}", 1)],
        "group": [("{c} Group", 5), ("{c} Group of Companies", 1.5), ("GK {c}", 1), ("Group of Companies {c}", 0.7)],
        "plant": [("{c} Plant", 5), ("Plant {c}", 1), ("{c} Works", 1), ("Zavod {c}", 0.8), ("{c} Factory", 0.5)],
        "holding": [("{c} Holding", 5), ("Holding Company {c}", 1), ("{c} Holding Company", 1)],
    }
    if wrapper is None or (bare_ok and rng.random() < 0.18):
        return core, "wrapper:none"
    pattern = rng.choices([f[0] for f in forms[wrapper]], [f[1] for f in forms[wrapper]])[0]
    return pattern.format(c=core), "wrapper:" + wrapper + (":order" if pattern.startswith("{c}") is False else "")


@dataclass
class Brand:
    pieces: list[str]  # Cyrillic morphemes; a hyphenated suffix is one piece starting with "-"
    hyphen: bool = False

    @property
    def ru(self) -> str:
        main = [p for p in self.pieces if not p.startswith("-")]
        tail = "".join(p for p in self.pieces if p.startswith("-"))
        return join_morphemes(main, self.hyphen) + tail


def brand_entity(brand: Brand, wrapper: str | None, lf: str, cyrillic: bool, bare_ok: bool,
                 rng: random.Random) -> Entity:
    core_ru = brand.ru
    # the spelling an English-only company uses for itself
    plain = [p for p in brand.pieces if not p.startswith("-")]
    camel_ok = len(plain) > 1 and not brand.hyphen
    canon_kind = rng.choices(["press", "simple", "camel"], [5, 4, 1.5 if camel_ok else 0])[0]

    def latin_core(r: random.Random) -> tuple[str, str]:
        if canon_kind == "camel" or (cyrillic and camel_ok and r.random() < 0.05):
            tail = "".join(press(translit(p, "simple")) for p in brand.pieces if p.startswith("-"))
            return "".join(press(translit(p, "simple")).capitalize() for p in plain) + tail, "translit:camel"
        if not cyrillic and r.random() < 0.65:
            return (press(translit(core_ru, "simple")) if canon_kind == "press" else translit(core_ru, "simple"),
                    "translit:" + canon_kind)
        text, system = latin(core_ru, r, press_weight=2.5)
        if r.random() < 0.2:
            text = spelling_variant(text, r)
        if "-" in text and r.random() < 0.25:
            text = text.replace("-", " ")
        return text, "translit:" + system

    def gen(r: random.Random) -> tuple[str, list[str]]:
        if cyrillic and r.random() < 0.4:
            name, wtag = wrap_ru(core_ru, wrapper, r, bare_ok)
            text, tags = render_ru(name, lf, r)
            return text, tags + [wtag]
        core, ttag = latin_core(r)
        name, wtag = wrap_lat(core, wrapper, r, bare_ok)
        text, tags = render_lat(name, lf, r)
        return text, tags + [ttag, wtag]

    slug = re.sub(r"[^a-z0-9]+", "-", translit(core_ru, "simple").lower()).strip("-")
    key = f"org:brand:{slug}" + (f":{wrapper}" if wrapper in ("group", "plant") and not bare_ok else "")
    bases = [core_ru] if bare_ok else [wrap_ru(core_ru, wrapper, random.Random(0), False)[0]]
    return Entity(key, "organization", "brand", gen, bases, cyrillic=cyrillic)


# ---- descriptive plants (Калужский турбинный завод) ------------------------------

PLANT_CITIES = [
    ("Калужский", "Kaluga", 40), ("Тульский", "Tula", 71), ("Пермский", "Perm", 59), ("Казанский", "Kazan", 16),
    ("Самарский", "Samara", 63), ("Ульяновский", "Ulyanovsk", 73), ("Новосибирский", "Novosibirsk", 54),
    ("Томский", "Tomsk", 70), ("Омский", "Omsk", 55), ("Челябинский", "Chelyabinsk", 74),
    ("Нижегородский", "Nizhny Novgorod", 52), ("Воронежский", "Voronezh", 36), ("Ярославский", "Yaroslavl", 76),
    ("Рязанский", "Ryazan", 62), ("Саратовский", "Saratov", 64), ("Уфимский", "Ufa", 2), ("Ижевский", "Izhevsk", 18),
    ("Чебоксарский", "Cheboksary", 21), ("Курганский", "Kurgan", 45), ("Тюменский", "Tyumen", 72),
    ("Красноярский", "Krasnoyarsk", 24), ("Иркутский", "Irkutsk", 38), ("Липецкий", "Lipetsk", 48),
    ("Брянский", "Bryansk", 32), ("Смоленский", "Smolensk", 67), ("Тверской", "Tver", 69),
    ("Владимирский", "Vladimir", 33), ("Пензенский", "Penza", 58), ("Обнинский", "Obninsk", 40),
]
PLANT_ADJ = [
    ("турбинный", "Turbine"), ("моторный", "Engine"), ("приборостроительный", "Instrument-Making"),
    ("механический", "Mechanical"), ("электромеханический", "Electromechanical"), ("химический", "Chemical"),
    ("шинный", "Tyre"), ("трубный", "Pipe"), ("вагоностроительный", "Railcar"), ("станкостроительный", "Machine-Tool"),
    ("кабельный", "Cable"), ("оптико-механический", "Optical-Mechanical"), ("агрегатный", "Aggregate"),
    ("металлургический", "Metallurgical"), ("подшипниковый", "Bearing"), ("компрессорный", "Compressor"),
    ("насосный", "Pump"), ("трансформаторный", "Transformer"), ("стекольный", "Glass"),
    ("радиотехнический", "Radio Engineering"),
]
PLANT_GEN = [
    ("композитных материалов", "Composite Materials"), ("тяжёлого машиностроения", "Heavy Machinery"),
    ("точного литья", "Precision Casting"), ("электротехнического оборудования", "Electrical Equipment"),
    ("полимерных труб", "Polymer Pipes"), ("металлоконструкций", "Steel Structures"),
    ("бурового оборудования", "Drilling Equipment"), ("медицинских изделий", "Medical Devices"),
    ("строительных материалов", "Building Materials"), ("нефтегазового оборудования", "Oil and Gas Equipment"),
    ("авиационных комплектующих", "Aircraft Components"), ("промышленной автоматики", "Industrial Automation"),
]


def plant_entity(city: tuple[str, str, int], product: tuple[str, str], genitive: bool, lf: str) -> Entity:
    adj, en_city, _code = city
    ru_prod, en_prod = product
    ru = f"{adj} завод {ru_prod}" if genitive else f"{adj} {ru_prod} завод"
    acronym_ru = initialism(ru)
    if genitive:
        en_forms = [(f"{en_city} {en_prod} Plant", 4, ""), (f"{en_city} Plant of {en_prod}", 3, "order:of"),
                    (f"{en_city} {en_prod} Works", 1, "")]
    else:
        en_forms = [(f"{en_city} {en_prod} Plant", 4, ""), (f"{en_city} {en_prod} Works", 2, ""),
                    (f"{en_city} {en_prod} Factory", 1, "")]

    def gen(r: random.Random) -> tuple[str, list[str]]:
        x = r.random()
        if x < 0.33:
            text, tags = render_ru(drop_yo(ru, r), lf, r)
            return text, tags
        if x < 0.80:
            name, _w, order = r.choices(en_forms, [f[1] for f in en_forms])[0]
            tags = ["en"] + ([order] if order else [])
            if r.random() < 0.12 and name.count(en_city) == 1:
                spelt = spelling_variant(en_city, r)
                name = name.replace(en_city, spelt)
                tags += ["spelling"] if spelt != en_city else []
            text, more = render_lat(name, lf, r)
            return text, more + tags
        if x < 0.94:
            name, system = latin(drop_yo(ru, r), r)
            text, more = render_lat(name, lf, r)
            return text, more + ["translit:" + system]
        acronym = acronym_ru if r.random() < 0.5 else translit(acronym_ru, "simple").upper()
        text, more = (render_ru if acronym == acronym_ru else render_lat)(acronym, lf, r)
        return text, more + ["initialism"]

    slug = re.sub(r"[^a-z0-9]+", "-", f"{en_city} {en_prod}".lower()).strip("-")
    return Entity(f"org:plant:{slug}", "organization", "plant", gen, [ru, en_forms[0][0]])


# ---- government and development bodies -----------------------------------------

# (place key, kind, English stem, Russian genitive)
GOV_REGIONS = [
    ("place:oblast:kaluga", "oblast", "Kaluga", "Калужской области"),
    ("place:oblast:tula", "oblast", "Tula", "Тульской области"),
    ("place:oblast:samara", "oblast", "Samara", "Самарской области"),
    ("place:oblast:ulyanovsk", "oblast", "Ulyanovsk", "Ульяновской области"),
    ("place:oblast:tomsk", "oblast", "Tomsk", "Томской области"),
    ("place:oblast:omsk", "oblast", "Omsk", "Омской области"),
    ("place:oblast:novosibirsk", "oblast", "Novosibirsk", "Новосибирской области"),
    ("place:oblast:nizhny-novgorod", "oblast", "Nizhny Novgorod", "Нижегородской области"),
    ("place:oblast:sverdlovsk", "oblast", "Sverdlovsk", "Свердловской области"),
    ("place:oblast:chelyabinsk", "oblast", "Chelyabinsk", "Челябинской области"),
    ("place:oblast:lipetsk", "oblast", "Lipetsk", "Липецкой области"),
    ("place:krai:perm", "krai", "Perm", "Пермского края"),
    ("place:krai:krasnoyarsk", "krai", "Krasnoyarsk", "Красноярского края"),
    ("place:republic:tatarstan", "republic", "Tatarstan", "Республики Татарстан"),
    ("place:republic:bashkortostan", "republic", "Bashkortostan", "Республики Башкортостан"),
]
BODIES = {
    # body: (Russian patterns, English "of" patterns, English pre-modifier patterns)
    "government": (["Правительство {g}"], ["Government of {of}"], ["{pre} Government"]),
    "ministry-industry": (["Министерство промышленности и торговли {g}", "Минпромторг {g}"],
                          ["Ministry of Industry and Trade of {of}", "Minpromtorg of {of}"],
                          ["{pre} Ministry of Industry and Trade"]),
    "ministry-economy": (["Министерство экономического развития {g}", "Минэкономразвития {g}"],
                         ["Ministry of Economic Development of {of}", "Ministry for Economic Development of {of}"],
                         ["{pre} Ministry of Economic Development"]),
    "development-corporation": (["Корпорация развития {g}", "АО «Корпорация развития {g}»"],
                                ["Development Corporation of {of}"],
                                ["{pre} Development Corporation", "JSC {pre} Development Corporation",
                                 "{pre} Development Corporation JSC"]),
    "cluster-development-center": (["Центр кластерного развития {g}", "АНО «Центр кластерного развития {g}»"],
                                   ["Cluster Development Center of {of}", "Center for Cluster Development of {of}"],
                                   ["{pre} Cluster Development Center", "{pre} Cluster Development Centre"]),
}
FEDERAL_BODIES = [
    ("ministry-industry", ["Министерство промышленности и торговли Российской Федерации", "Минпромторг России",
                           "Минпромторг РФ"],
     ["Ministry of Industry and Trade of the Russian Federation", "Russian Ministry of Industry and Trade",
      "Minpromtorg of Russia", "Minpromtorg", "Ministry of Industry and Trade of Russia"]),
    ("ministry-economy", ["Министерство экономического развития Российской Федерации", "Минэкономразвития России"],
     ["Ministry of Economic Development of the Russian Federation", "Russian Ministry of Economic Development",
      "Ministry of Economic Development of Russia", "Minekonomrazvitiya"]),
]


def region_phrases(kind: str, stem: str) -> tuple[list[str], list[str]]:
    """English ways to name a region after "of" and before a noun."""
    if kind == "oblast":
        return ([f"{stem} Region", f"the {stem} Region", f"{stem} Oblast", f"the {stem} Oblast"],
                [f"{stem} Region", f"{stem} Oblast", f"{stem} Regional"])
    if kind == "krai":
        return ([f"{stem} Krai", f"the {stem} Krai", f"{stem} Territory", f"the {stem} Territory"],
                [f"{stem} Krai", f"{stem} Territory"])
    return [f"the Republic of {stem}", f"Republic of {stem}", stem], [stem]


def gov_entity(place_key: str, kind: str, stem: str, genitive: str, body: str) -> Entity:
    ru_patterns, of_patterns, pre_patterns = BODIES[body]
    ofs, pres = region_phrases(kind, stem)
    ru_forms = [p.format(g=genitive) for p in ru_patterns]
    en_forms = [p.format(of=o) for p in of_patterns for o in ofs]
    en_forms += [p.format(pre=x) for p in pre_patterns for x in pres
                 if not (x.endswith("Regional") and body != "government")]
    if place_key == "place:republic:tatarstan" and body == "government":
        ru_forms = ["Кабинет Министров Республики Татарстан", "Правительство Республики Татарстан"]
        en_forms = ["Cabinet of Ministers of the Republic of Tatarstan", "Tatarstan Cabinet of Ministers",
                    "Government of the Republic of Tatarstan", "Government of Tatarstan", "Tatarstan Government"]

    def gen(r: random.Random) -> tuple[str, list[str]]:
        x = r.random()
        if x < 0.35:
            return r.choice(ru_forms), ["script:cyrillic"]
        if x < 0.92:
            name = r.choice(en_forms)
            tags = ["script:latin", "en"] + (["order:of"] if " of " in name else [])
            if r.random() < 0.12 and stem in name:
                spelt = spelling_variant(stem, r)
                name = name.replace(stem, spelt)
                tags += ["spelling"] if spelt != stem else []
            return name, tags
        name, system = latin(r.choice(ru_forms), r)
        return name, ["script:latin", "translit:" + system]

    region = place_key.split(":", 2)[2]
    return Entity(f"org:gov:{region}:{body}", "organization", "government", gen, [ru_forms[0], en_forms[0]])


def federal_entity(body: str, ru_forms: list[str], en_forms: list[str]) -> Entity:
    forms = [(x, 3 if i == 0 else 1.5, ["script:cyrillic"]) for i, x in enumerate(ru_forms)]
    forms += [(x, 3 if i == 0 else 1.5, ["script:latin", "en"]) for i, x in enumerate(en_forms)]
    return Entity(f"org:gov:russia:{body}", "organization", "government", weighted_forms(forms),
                  [ru_forms[0], en_forms[0]])


# ---- numbered plants --------------------------------------------------------------

def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# (slug, legal form, numbers, Russian patterns, English patterns)
NUMBERED = [
    ("plant", "ao", [1, 2, 7], ["Завод № {n}", "Завод №{n}", "завод № {n}"],
     ["Plant No. {n}", "Plant No.{n}", "Plant #{n}", "Zavod No. {n}", "Factory No. {n}"]),
    ("aircraft-repair-plant", "ao", [12, 21, 123],
     ["Авиаремонтный завод № {n}", "{n}-й авиаремонтный завод", "АРЗ № {n}", "{n} АРЗ"],
     ["Aircraft Repair Plant No. {n}", "{ord} Aircraft Repair Plant", "ARZ No. {n}", "ARZ-{n}",
      "Aviaremontny Zavod No. {n}"]),
    ("armoured-vehicle-repair-plant", "ao", [61, 103],
     ["Бронетанковый ремонтный завод № {n}", "БТРЗ № {n}", "{n} БТРЗ", "{n}-й бронетанковый ремонтный завод"],
     ["Armoured Vehicle Repair Plant No. {n}", "Armored Vehicle Repair Plant No. {n}", "BTRZ No. {n}",
      "{n} BTRZ", "{ord} Armoured Repair Plant"]),
    ("mechanical-plant", "fgup", [1, 3], ["Механический завод № {n}", "Механический завод №{n}"],
     ["Mechanical Plant No. {n}", "Mechanical Works No. {n}", "Mekhanicheskiy Zavod No. {n}"]),
    ("ship-repair-plant", "ao", [35, 82], ["Судоремонтный завод № {n}", "СРЗ № {n}", "{n}-й судоремонтный завод"],
     ["Ship Repair Plant No. {n}", "Ship Repair Yard No. {n}", "SRZ No. {n}", "{ord} Ship Repair Plant"]),
]


def numbered_entity(slug: str, lf: str, n: int, ru_patterns: list[str], en_patterns: list[str]) -> Entity:
    ru_forms = [p.format(n=n) for p in ru_patterns]
    en_forms = [p.format(n=n, ord=_ordinal(n)) for p in en_patterns]

    def gen(r: random.Random) -> tuple[str, list[str]]:
        if r.random() < 0.4:
            name = r.choice(ru_forms)
            if r.random() < 0.3:
                text, tags = render_ru(name, lf, r)
                return text, tags + ["numbered"]
            return name, ["script:cyrillic", "numbered"]
        name = r.choice(en_forms)
        if r.random() < 0.3:
            text, tags = render_lat(name, lf, r)
            return text, tags + ["numbered"]
        return name, ["script:latin", "numbered"]

    return Entity(f"org:numbered:{slug}-{n}", "organization", "numbered", gen, [ru_forms[0], en_forms[0]])


# ---- same name, different INN ------------------------------------------------------

# (Russian, Latin spellings incl. translations used in English text, how many companies)
SAME_NAME = [
    ("Прогресс", ["Progress"], 2), ("Вектор", ["Vektor", "Vector"], 2), ("Альянс", ["Alyans", "Alliance"], 2),
    ("Гранит", ["Granit"], 2), ("Импульс", ["Impuls", "Impulse"], 2), ("Орион", ["Orion"], 3),
    ("Сигнал", ["Signal"], 2), ("Кристалл", ["Kristall", "Crystal"], 2), ("Полюс", ["Polyus", "Polus"], 2),
    ("Стандарт", ["Standart", "Standard"], 2), ("Меридиан", ["Meridian"], 3), ("Монолит", ["Monolit", "Monolith"], 2),
    ("Гарант", ["Garant"], 2), ("Спектр", ["Spektr", "Spectrum"], 2),
]


def same_name_entity(ru: str, lat: list[str], index: int, lf: str) -> Entity:
    def gen(r: random.Random) -> tuple[str, list[str]]:
        if r.random() < 0.4:
            return render_ru(ru, lf, r)
        return render_lat(r.choice(lat), lf, r)

    slug = translit(ru, "simple").lower()
    return Entity(f"org:same:{slug}-{index}", "organization", "same-name", gen, [ru] + lat, group=f"same:{slug}")


# ---------------------------------------------------------------------------
# Building the entity list
# ---------------------------------------------------------------------------

class Registry:
    """Which entity owns which name skeleton; near-miss index for typos."""

    def __init__(self) -> None:
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.group: dict[str, str] = {}

    def _foreign(self, owners: set[str], key: str) -> bool:
        mine = self.group.get(key)
        return any(o != key and (mine is None or self.group.get(o) != mine) for o in owners)

    def conflicts(self, skel: str, key: str) -> bool:
        return self._foreign(self.exact.get(skel, set()), key)

    def add(self, skel: str, key: str) -> None:
        self.exact[skel].add(key)

    def near_index(self) -> dict[str, set[str]]:
        near: dict[str, set[str]] = defaultdict(set)
        for skel, owners in self.exact.items():
            for s in {skel} | deletions(skel):
                near[s] |= owners
        return near

    def near_conflicts(self, near: dict[str, set[str]], skel: str, key: str) -> bool:
        return any(self._foreign(near.get(s, set()), key) for s in {skel} | deletions(skel))


def build_entities(seed: int) -> tuple[list[Entity], list[dict], Registry]:
    rng = random.Random(seed)
    entities: list[Entity] = []
    hard: list[dict] = []
    registry = Registry()

    def hn(a: str, b: str, category: str, reason: str) -> None:
        hard.append({"a": a, "b": b, "category": category, "reason": reason})

    # places
    for row in OBLASTS:
        entities.append(oblast_entity(*row))
    for row in KRAIS:
        entities.append(krai_entity(*row))
    for row in REPUBLICS:
        entities.append(republic_entity(*row))
    for row in CITIES:
        entities.append(city_entity(*row))
    place_keys = {e.key for e in entities}
    for kind, rows in (("oblast", OBLASTS), ("krai", KRAIS)):
        for row in rows:
            city = f"place:city:{row[0]}"
            if city in place_keys:
                hn(f"place:{kind}:{row[0]}", city, "region-vs-city", f"{row[1]} {kind} vs its capital city {row[1]}")
    for a, b, reason in [
        ("place:oblast:novgorod", "place:city:veliky-novgorod", "Novgorod Oblast vs its capital Veliky Novgorod"),
        ("place:oblast:rostov", "place:city:rostov-on-don", "Rostov Oblast vs its capital Rostov-on-Don"),
    ]:
        hn(a, b, "region-vs-city", reason)
    for a, b, reason in [
        ("place:city:nizhny-novgorod", "place:city:veliky-novgorod", "Nizhny Novgorod vs Veliky Novgorod"),
        ("place:oblast:nizhny-novgorod", "place:oblast:novgorod", "Nizhny Novgorod Oblast vs Novgorod Oblast"),
        ("place:city:nizhny-novgorod", "place:oblast:novgorod", "Nizhny Novgorod (city) vs Novgorod Oblast"),
        ("place:city:veliky-novgorod", "place:oblast:nizhny-novgorod", "Veliky Novgorod vs Nizhny Novgorod Oblast"),
        ("place:city:tomsk", "place:city:omsk", "Tomsk vs Omsk: one letter apart"),
        ("place:oblast:tomsk", "place:oblast:omsk", "Tomsk Oblast vs Omsk Oblast"),
        ("place:city:krasnodar", "place:city:krasnoyarsk", "Krasnodar vs Krasnoyarsk"),
        ("place:krai:krasnodar", "place:krai:krasnoyarsk", "Krasnodar Krai vs Krasnoyarsk Krai"),
        ("place:city:kamensk-uralsky", "place:city:kamensk-shakhtinsky", "Kamensk-Uralsky vs Kamensk-Shakhtinsky"),
        ("place:city:novouralsk", "place:city:pervouralsk", "Novouralsk vs Pervouralsk"),
        ("place:city:kirov", "place:city:kirovsk", "Kirov vs Kirovsk"),
        ("place:oblast:kirov", "place:city:kirovsk", "Kirov Oblast vs Kirovsk (Murmansk Oblast)"),
        ("place:city:rostov-on-don", "place:city:rostov-veliky", "Rostov-on-Don vs Rostov Veliky"),
        ("place:oblast:rostov", "place:city:rostov-veliky", "Rostov Oblast vs Rostov Veliky (Yaroslavl Oblast)"),
        ("place:krai:altai", "place:republic:altai", "Altai Krai vs Altai Republic"),
        ("place:city:tula", "place:republic:tuva", "Tula vs Tuva"),
        ("place:oblast:tula", "place:republic:tuva", "Tula Region vs Tuva Republic"),
        ("place:city:vladimir", "place:city:vladivostok", "Vladimir vs Vladivostok"),
        ("place:city:nizhny-tagil", "place:city:nizhny-novgorod", "Nizhny Tagil vs Nizhny Novgorod"),
        ("place:city:kursk", "place:city:kurgan", "Kursk vs Kurgan"),
        ("place:oblast:kursk", "place:oblast:kurgan", "Kursk Oblast vs Kurgan Oblast"),
        ("place:city:novosibirsk", "place:city:novokuznetsk", "Novosibirsk vs Novokuznetsk"),
        ("place:city:saransk", "place:city:saratov", "Saransk vs Saratov"),
        ("place:city:moscow", "place:oblast:moscow", "Moscow (city) vs Moscow Oblast (also 'Moscow Region')"),
    ]:
        hn(a, b, "similar-place", reason)

    # real organisations
    for key, lf, ru_names, lat_names in REAL_ORGS:
        entities.append(real_entity(key, lf, ru_names, lat_names))
    for a, b, category, reason in REAL_HARD_NEGATIVES:
        hn(f"org:real:{a}", f"org:real:{b}", category, reason)
    for a, b, category, reason in REAL_CROSS_TYPE:
        hn(a, b, category, reason)

    # government and development bodies
    bodies_by_type: dict[str, list[str]] = defaultdict(list)
    others = [b for b in BODIES if b != "government"]
    for place_key, kind, stem, genitive in GOV_REGIONS:
        chosen = ["government"] + sorted(rng.sample(others, 2), key=others.index)
        keys = []
        for body in chosen:
            ent = gov_entity(place_key, kind, stem, genitive, body)
            entities.append(ent)
            keys.append(ent.key)
            bodies_by_type[body].append(ent.key)
        hn(keys[0], place_key, "body-vs-territory", f"the government of {stem} vs the region itself")
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                hn(keys[i], keys[j], "same-region-different-body", f"two bodies of {stem}: {chosen[i]} vs {chosen[j]}")
    for body, keys in bodies_by_type.items():
        for a, b in zip(keys, keys[1:]):
            hn(a, b, "same-body-different-region", f"{body} of two different regions")
    for body, ru_forms, en_forms in FEDERAL_BODIES:
        ent = federal_entity(body, ru_forms, en_forms)
        entities.append(ent)
        for regional in bodies_by_type.get(body, [])[:6]:
            hn(ent.key, regional, "federal-vs-regional", f"federal vs regional {body}")

    # numbered plants
    numbered_keys: dict[int, list[str]] = defaultdict(list)
    for slug, lf, numbers, ru_patterns, en_patterns in NUMBERED:
        keys = []
        for n in numbers:
            ent = numbered_entity(slug, lf, n, ru_patterns, en_patterns)
            entities.append(ent)
            keys.append(ent.key)
            numbered_keys[n].append(ent.key)
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                hn(keys[i], keys[j], "numbered-plant", f"{slug} with a different number")
    for n, keys in numbered_keys.items():
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                hn(keys[i], keys[j], "numbered-plant", f"different kinds of plant, both No. {n}")

    # same name, different INN
    inn_used: set[str] = set()
    for ru, lat, count in SAME_NAME:
        lf = rng.choices(["ooo", "ao"], [4, 1])[0]
        keys = []
        for index in range(1, count + 1):
            ent = same_name_entity(ru, lat, index, lf)
            ent.inn = make_inn(rng, rng.choice(BRAND_REGIONS), inn_used)
            ent.inn_rate = 1.0
            entities.append(ent)
            keys.append(ent.key)
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                hn(keys[i], keys[j], "same-name-different-inn", f"two companies named {lat[0]} ({lf}), told apart by INN")

    # descriptive plants: each of 18 cities gets 2-4 products; products recur across cities
    cities = rng.sample(PLANT_CITIES, 18)
    products = [(p, False) for p in PLANT_ADJ] + [(p, True) for p in PLANT_GEN]
    plant_by_city: dict[str, list[str]] = defaultdict(list)
    plant_by_product: dict[str, list[str]] = defaultdict(list)
    product_pool = products[:]
    rng.shuffle(product_pool)
    cursor = 0
    for city in cities:
        for _ in range(rng.choice([2, 3, 3, 4])):
            (product, genitive) = product_pool[cursor % len(product_pool)]
            cursor += 1
            ent = plant_entity(city, product, genitive, rng.choices(["ao", "pao", "ooo"], [5, 2, 2])[0])
            if any(e.key == ent.key for e in entities):
                continue
            ent.inn = make_inn(rng, city[2], inn_used) if rng.random() < 0.3 else None
            ent.inn_rate = 0.6 if ent.inn else 0.0
            entities.append(ent)
            plant_by_city[city[1]].append(ent.key)
            plant_by_product[product[1]].append(ent.key)
    for city, keys in plant_by_city.items():
        for a, b in zip(keys, keys[1:]):
            hn(a, b, "same-city-different-product", f"two {city} plants making different things")
    for product, keys in plant_by_product.items():
        for a, b in zip(keys, keys[1:]):
            hn(a, b, "same-product-different-city", f"{product} plants in two cities")

    # register every base name so far, refusing any clash (a bug in the tables above)
    groups = {e.key: e.group for e in entities if e.group}
    registry.group.update(groups)
    for ent in entities:
        for base in ent.bases:
            sk = skeleton(base)
            if registry.conflicts(sk, ent.key):
                raise SystemExit(f"base name {base!r} of {ent.key} clashes with {sorted(registry.exact[sk])}")
            registry.add(sk, ent.key)

    # generated brand-style companies, to ~380 organisations in all
    target_orgs = 380
    used_cores: set[str] = set()

    def new_brand(pieces: list[str], hyphen: bool = False) -> Brand | None:
        brand = Brand(pieces, hyphen)
        sk = skeleton(brand.ru)
        if sk in used_cores or registry.conflicts(sk, "?") or len(brand.ru) < 5:
            return None
        return brand

    def random_brand() -> Brand | None:
        shape = rng.choices(["geo+suf", "mid+suf", "geo+mid+suf"], [3, 3.5, 3.5])[0]
        if shape == "geo+suf":
            pieces = [rng.choice(GEO).lower(), rng.choice(SUF)]
        elif shape == "mid+suf":
            pieces = [rng.choice(MID), rng.choice(SUF)]
        else:
            pieces = [rng.choice(GEO).lower(), rng.choice(MID), rng.choice(SUF)]
        stems = [p[:3] for p in pieces]
        if len(set(stems)) < len(stems):
            return None  # Химхим, Энергоэнерго
        return new_brand(pieces, hyphen=shape == "geo+suf" and rng.random() < 0.15)

    def add_brand(brand: Brand, wrapper=None, bare_ok=True, lf=None) -> Entity:
        if wrapper == "?":
            wrapper = rng.choices(list(WRAPPERS), list(WRAPPERS.values()))[0]
        lf = lf or rng.choices(list(BRAND_LEGAL), list(BRAND_LEGAL.values()))[0]
        cyrillic = rng.random() < 0.6
        ent = brand_entity(brand, wrapper, lf, cyrillic, bare_ok, rng)
        if rng.random() < 0.3:
            ent.inn = make_inn(rng, rng.choice(BRAND_REGIONS), inn_used)
            ent.inn_rate = 0.6
        entities.append(ent)
        used_cores.add(skeleton(brand.ru))
        for base in ent.bases:
            registry.add(skeleton(base), ent.key)
        return ent

    def org_count() -> int:
        return sum(e.type == "organization" for e in entities)

    while org_count() < target_orgs:
        brand = random_brand()
        if brand is None:
            continue
        roll = rng.random()
        if roll < 0.05 and org_count() <= target_orgs - 2:  # a group and its plant
            group = add_brand(brand, "group", bare_ok=False)
            plant = add_brand(brand, "plant", bare_ok=False, lf="ao")
            hn(group.key, plant.key, "group-vs-plant", f"{brand.ru} group vs its {brand.ru} plant")
            continue
        parent = add_brand(brand, "?")
        if org_count() >= target_orgs:
            break
        if roll < 0.27:  # a sibling whose last morpheme differs: Сибэнергомаш / Сибэнергомонтаж
            for _ in range(20):
                sibling = new_brand(brand.pieces[:-1] + [rng.choice(SUF)], brand.hyphen)
                if sibling and skeleton(sibling.pieces[-1]) != skeleton(brand.pieces[-1]):
                    child = add_brand(sibling, "?")
                    hn(parent.key, child.key, "similar-name", f"one morpheme differs: {brand.ru} / {sibling.ru}")
                    break
        elif roll < 0.33 and brand.pieces[0].capitalize() in GEO:  # Сибэнергомаш / Уралэнергомаш
            for _ in range(20):
                sibling = new_brand([rng.choice(GEO).lower()] + brand.pieces[1:], brand.hyphen)
                if sibling:
                    child = add_brand(sibling, "?")
                    hn(parent.key, child.key, "similar-name", f"regional prefix differs: {brand.ru} / {sibling.ru}")
                    break
        elif roll < 0.40:  # parent vs subsidiary named after it: Технодинамика / Технодинамика-Сервис
            suffix = rng.choice([s for s in SUBSIDIARY_SUFFIXES if s.lower() not in brand.ru.lower()])
            sub = new_brand(brand.pieces + ["-" + suffix], brand.hyphen)
            if sub:
                child = add_brand(sub, None)
                hn(parent.key, child.key, "parent-vs-subsidiary", f"{brand.ru} vs its subsidiary {sub.ru}")

    return entities, hard, registry


# ---------------------------------------------------------------------------
# Drawing variants
# ---------------------------------------------------------------------------

def tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def draw_variants(ent: Entity, registry: Registry, seed: int) -> None:
    rng = random.Random(f"{seed}:{ent.key}")
    ent.n = rng.choices(VARIANT_COUNTS, VARIANT_WEIGHTS)[0]
    seen: set[str] = set()
    attempts = 0
    while len(ent.variants) < ent.n and attempts < 600:
        attempts += 1
        name, tags = ent.gen(rng)
        name = tidy(name)
        x = rng.random()
        if x < UPPER_RATE:
            name, tags = name.upper(), tags + ["case:upper"]
        elif x < UPPER_RATE + LOWER_RATE:
            name, tags = name.lower(), tags + ["case:lower"]
        if not name or name in seen:
            continue
        sk = skeleton(name)
        if not sk or registry.conflicts(sk, ent.key):
            continue
        seen.add(name)
        registry.add(sk, ent.key)
        inn = ent.inn if ent.inn and rng.random() < ent.inn_rate else None
        ent.variants.append((name, sorted(set(tags)), inn))
    if len(ent.variants) < 3:
        raise SystemExit(f"{ent.key}: only {len(ent.variants)} distinct variants could be drawn")


# Typos go into the words that name the thing, not into legal forms and generic nouns.
TYPO_SKIP = {
    "joint", "stock", "company", "companies", "limited", "liability", "public", "closed", "federal", "state",
    "unitary", "enterprise", "group", "holding", "corporation", "oblast", "region", "territory", "republic",
    "government", "ministry", "industry", "trade", "economic", "development", "center", "centre", "cluster",
    "research", "production", "association", "scientific", "общество", "ограниченной", "ответственностью",
    "акционерное", "публичное", "закрытое", "открытое", "федеральное", "государственное", "унитарное",
    "предприятие", "область", "республика", "правительство", "министерство", "промышленности", "торговли",
    "экономического", "развития", "корпорация", "группа", "компаний", "холдинг", "области", "республики",
    "oblasti", "respubliki", "kompaniya",
}


def make_typo(name: str, rng: random.Random) -> tuple[str, str] | None:
    words = [m.span() for m in re.finditer(r"[^\W\d_]{5,}", name) if m.group().lower() not in TYPO_SKIP]
    if not words:
        return None
    start, end = rng.choice(words)
    word = name[start:end]
    op = rng.choice(["drop", "double", "swap"])
    i = rng.randrange(1, len(word) - 1)
    if op == "drop":
        new = word[:i] + word[i + 1:]
    elif op == "double":
        new = word[:i] + word[i] + word[i:]
    else:
        if word[i].lower() == word[i + 1].lower():
            return None
        new = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return name[:start] + new + name[end:], op


def add_typos(entities: list[Entity], registry: Registry, seed: int) -> None:
    near = registry.near_index()
    for ent in entities:
        rng = random.Random(f"{seed}:typo:{ent.key}")
        budget = max(1, len(ent.variants) // 3)
        names = {v[0] for v in ent.variants}
        for index, (name, tags, inn) in enumerate(ent.variants):
            if budget == 0 or rng.random() >= TYPO_RATE or "initialism" in tags:
                continue
            for _ in range(10):
                made = make_typo(name, rng)
                if made is None:
                    continue
                typo, op = made
                sk = skeleton(typo)
                if typo in names or registry.near_conflicts(near, sk, ent.key):
                    continue
                names.add(typo)
                registry.add(sk, ent.key)
                for s in {sk} | deletions(sk):
                    near[s].add(ent.key)
                ent.variants[index] = (typo, sorted(set(tags + ["typo:" + op])), inn)
                budget -= 1
                break


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def build(seed: int) -> tuple[list[dict], list[dict], list[Entity]]:
    entities, hard, registry = build_entities(seed)
    for ent in entities:
        draw_variants(ent, registry, seed)
    add_typos(entities, registry, seed)

    rows = []
    for ent in entities:
        for name, tags, inn in ent.variants:
            row = {"type": ent.type, "name": name, "truth": ent.key}
            if inn:
                assert is_valid_inn(inn), inn
                row["inn"] = inn
            row["how"] = [ent.family] + tags
            rows.append(row)
    random.Random(f"{seed}:shuffle").shuffle(rows)
    rows = [{"id": f"r{i:05d}", **row} for i, row in enumerate(rows, 1)]

    keys = {e.key for e in entities}
    seen_pairs: set[tuple[str, str]] = set()
    pairs = []
    for pair in hard:
        a, b = pair["a"], pair["b"]
        missing = [k for k in (a, b) if k not in keys]
        if missing:
            raise SystemExit(f"hard negative names unknown entities: {missing}")
        unordered = tuple(sorted((a, b)))
        if a == b or unordered in seen_pairs:
            continue
        seen_pairs.add(unordered)
        pairs.append(pair)
    return rows, pairs, entities


def summarise(rows: list[dict], pairs: list[dict], entities: list[Entity]) -> str:
    by_type = Counter(e.type for e in entities)
    by_family = Counter(e.family for e in entities)
    sizes = Counter(len(e.variants) for e in entities)
    tags = Counter(t for r in rows for t in r["how"])
    cats = Counter(p["category"] for p in pairs)
    orgs = [e for e in entities if e.type == "organization"]
    lines = [
        f"records              {len(rows)}  (organization {sum(r['type'] == 'organization' for r in rows)}, "
        f"place {sum(r['type'] == 'place' for r in rows)})",
        f"base entities        {len(entities)}  (organization {by_type['organization']}, place {by_type['place']})",
        "  by family          " + ", ".join(f"{k} {v}" for k, v in sorted(by_family.items(), key=lambda kv: -kv[1])),
        f"  orgs with Cyrillic original {sum(e.cyrillic for e in orgs)} of {len(orgs)}",
        "variants per entity  " + ", ".join(f"{k}: {sizes[k]}" for k in sorted(sizes))
        + f"  (mean {len(rows) / len(entities):.2f})",
        f"script               cyrillic {tags['script:cyrillic']}, latin {tags['script:latin']}",
        f"typos                {sum(v for k, v in tags.items() if k.startswith('typo:'))} "
        f"({sum(v for k, v in tags.items() if k.startswith('typo:')) / len(rows):.1%})",
        f"case changes         upper {tags['case:upper']}, lower {tags['case:lower']}",
        f"records with INN     {sum('inn' in r for r in rows)}  "
        f"(entities with an INN {sum(1 for e in entities if e.inn)})",
        f"hard-negative pairs  {len(pairs)}",
    ]
    lines += [f"  {k:30s} {v}" for k, v in sorted(cats.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--out-dir", type=Path, default=HERE, help="where to write the two files (default: here)")
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)

    rows, pairs, entities = build(args.seed)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with open(args.out_dir / "dataset.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(args.out_dir / "hard_negatives.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for pair in pairs:
            fh.write(json.dumps(pair, ensure_ascii=False) + "\n")
    if not args.quiet:
        print(f"wrote {args.out_dir / 'dataset.jsonl'} and {args.out_dir / 'hard_negatives.jsonl'} (seed {args.seed})")
        print(summarise(rows, pairs, entities))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
