"""Russian and English mentions of one thing share an ID in the mention export; look-alikes across the
two languages do not. Our own two pairs of articles, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from clusteratlas import Atlas

from .conftest import DATA

SAME = [
    [("kaluga-en.txt", "Rostec"), ("kaluga-ru.txt", "Ростех")],
    [("kaluga-en.txt", "RT-Khimkompozit"), ("kaluga-ru.txt", "АО «РТ-Химкомпозит»")],
    [("kaluga-en.txt", "Kaluga Region"), ("kaluga-ru.txt", "Калужская область"), ("kaluga-ru.txt", "Калужской области")],
    [("kaluga-en.txt", "Moscow"), ("kaluga-ru.txt", "Москвы")],
    [("kaluga-en.txt", "Tatarstan"), ("kaluga-ru.txt", "Республика Татарстан")],
    [("perm-en.txt", "Perm Krai"), ("perm-ru.txt", "Пермский край"), ("perm-ru.txt", "Пермского края")],
    [("perm-en.txt", "Perm"), ("perm-ru.txt", "Перми")],
    [("perm-en.txt", "Gazprom Neft"), ("perm-ru.txt", "ПАО «Газпром нефть»")],
    [("perm-en.txt", "Gazprom"), ("perm-ru.txt", "ПАО «Газпром»")],
]
APART = [
    (("kaluga-en.txt", "Krasnoyarsk Krai"), ("kaluga-ru.txt", "Краснодарском крае")),  # Krasnoyarsk is not Krasnodar
    (("kaluga-en.txt", "Kaluga Region"), ("kaluga-ru.txt", "Москвы")),
    (("kaluga-en.txt", "Rostec"), ("kaluga-ru.txt", "АО «РТ-Химкомпозит»")),  # a holding is not its subsidiary
    (("perm-en.txt", "Perm"), ("perm-ru.txt", "Пермский край")),  # a city is not its region
    (("perm-en.txt", "Omsk Region"), ("perm-ru.txt", "Томской области")),  # Omsk is not Tomsk
    (("perm-en.txt", "Gazprom"), ("perm-ru.txt", "ПАО «Газпром нефть»")),  # nor a holding its subsidiary
]


@pytest.fixture
def mentions(db_url) -> dict[tuple[str, str], str]:
    atlas = Atlas(db_url)
    try:
        assert atlas.ingest([DATA / "crosslingual"]).ok
        # a name may run over a line break in the text: compare it with its spaces folded
        return {(m["document"], " ".join(m["name"].split())): m["entity_id"] for m in atlas.mentions()}
    finally:
        atlas.close()


def test_russian_and_english_spellings_share_an_id(mentions):
    for group in SAME:
        ids = {mentions.get(m) for m in group}
        assert None not in ids, [m for m in group if m not in mentions]
        assert len(ids) == 1, group


def test_look_alikes_across_languages_stay_apart(mentions):
    for left, right in APART:
        assert left in mentions and right in mentions, (left, right)
        assert mentions[left] != mentions[right], (left, right)
