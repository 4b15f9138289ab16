"""Loads the data files the recognisers key on (patterns/*.yaml, gazetteers/*.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

from .gazetteer import load_places


def _load(name: str) -> dict:
    return yaml.safe_load(files(__package__).joinpath(name).read_text("utf-8"))


@dataclass(frozen=True)
class Lexicon:
    legal_forms: tuple[str, ...]
    organization_heads: frozenset[str]
    cluster_heads: tuple[str, ...]
    site_heads: tuple[str, ...]
    name_stopwords: frozenset[str]
    name_connectors: frozenset[str]
    person_posts: tuple[str, ...]
    post_words: tuple[str, ...]
    company_plurals: tuple[str, ...]
    site_plurals: tuple[str, ...]
    cluster_plurals: tuple[str, ...]
    headline_verbs: frozenset[str]
    organization_nouns: tuple[str, ...]
    non_entity_heads: tuple[str, ...]
    demonyms: frozenset[str]
    generic_name_words: frozenset[str]
    currencies: dict[str, str]  # surface form → ISO 4217
    scales: dict[str, float]
    months: dict[str, int]
    legal_act_heads: tuple[str, ...]
    places: dict[str, tuple[str, str]]  # surface form → (canonical name, kind)
    organizations: dict[str, str]  # surface form → canonical name
    cues: dict


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    lex = _load("patterns/lexicon.yaml")
    places_raw = _load("gazetteers/places.yaml")
    triples = []
    for kind, key in (("region", "federal_subjects"), ("country", "countries"), ("city", "cities"), ("region", "foreign_regions")):
        for names in places_raw[key]:
            triples.extend((form, names[0], kind) for form in names)
    # the Russian names of the federal subjects, for Russian text and for resolution across scripts
    for canonical, forms in _load("gazetteers/federal_subjects_ru.yaml").items():
        triples.extend((form, canonical, "region") for form in forms)
    places = load_places(tuple(triples))
    currencies = {form: code for code, forms in lex["currencies"].items() for form in forms}
    return Lexicon(
        legal_forms=tuple(sorted(lex["legal_forms"], key=len, reverse=True)),
        organization_heads=frozenset(lex["organization_heads"]),
        cluster_heads=tuple(lex["cluster_heads"]),
        site_heads=tuple(sorted(lex["site_heads"], key=len, reverse=True)),
        name_stopwords=frozenset(lex["name_stopwords"]),
        name_connectors=frozenset(lex["name_connectors"]),
        person_posts=tuple(lex["person_posts"]),
        post_words=tuple(lex["post_words"]),
        company_plurals=tuple(lex["company_plurals"]),
        site_plurals=tuple(lex["site_plurals"]),
        cluster_plurals=tuple(lex["cluster_plurals"]),
        headline_verbs=frozenset(lex["headline_verbs"]),
        organization_nouns=tuple(lex["organization_nouns"]),
        non_entity_heads=tuple(lex["non_entity_heads"]),
        demonyms=frozenset(lex["demonyms"]),
        generic_name_words=frozenset(lex["generic_name_words"]),
        currencies=currencies,
        scales={k.lower(): float(v) for k, v in lex["scales"].items()},
        months={k.lower(): int(v) for k, v in lex["months"].items()},
        legal_act_heads=tuple(lex["legal_act_heads"]),
        places=places,
        organizations={form: names[0] for names in _load("gazetteers/organizations.yaml") for form in names},
        cues=_load("patterns/cues.yaml"),
    )
