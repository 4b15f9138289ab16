"""Name matching rules, one by one: what the resolver must join and what it must keep apart,
across scripts, cases, typos, translations and initialisms. No database."""

from __future__ import annotations

import pytest

from clusteratlas.resolve.analysis import analyse
from clusteratlas.resolve.matching import ACRONYM_SCORE, AUTO, NameRecord, name_similarity, resolve_records


@pytest.mark.parametrize(
    "a, b",
    [
        # a federal subject in any language, case and transliteration
        ("Правительство Калужской области", "Government of the Kaluga Region"),
        ("Минпромторг Пермского края", "Ministry of Industry and Trade of Perm Krai"),
        ("Pravitel'stvo Tomskoy oblasti", "Tomsk Oblast Government"),
        ("Орловская обл.", "Oryol Oblast"),
        ("Республика Татарстан", "Tatarstan"),
        ("Voroezh Region", "Voronezh Region"),  # a typo, with the kind word to anchor it
        # cities with their prefixes
        ("г. Москва", "Moscow"),
        ("Ставрополь", "Stavropol"),
        # generic words translated, typos in them corrected
        ("Курганский шинный завод", "Kurgan Tyre Plant"),
        ("Корпорация развития Тульской области", "Development Corporation of the Tula Region"),
        ("АО Завод «Вяткаресурс»", "ООО звод «Вяткаресурс»"),
        ("Metallmash Plant", "Metallmash Woorks"),
        # a brand with or without the kind of establishment it is
        ("Уралмашзавод", "Uralmash"),
        ("Baltpribor Plant", "«Балтприбор»"),
        # one word or several, loanwords, honorifics, ordinals
        ("TatService", "Татсервис"),
        ("AviaSystem", "ООО «Авиасистем»"),
        ("Sibresource", "Sibresurs JSC"),
        ("Tatneft named after V. D. Shashin", "ПАО «Татнефть»"),
        ("35th Ship Repair Plant", "Судоремонтный завод № 35"),
    ],
)
def test_spellings_of_one_thing_merge(a: str, b: str):
    assert name_similarity(a, b) >= AUTO


@pytest.mark.parametrize(
    "a, b",
    [
        ("Правительство Томской области", "Правительство Омской области"),
        ("Правительство Томкой области", "Правительство Омской области"),  # a typo does not make Tomsk Omsk
        ("Красноярский край", "Краснодарский край"),
        ("Altai Krai", "Altai Republic"),
        ("Kaluga", "Калужская область"),
        ("Ставрополь", "Тольятти"),  # Tolyatti's old name is not Tolyatti's
        ("Metallmash Group", "Metallmash Plant"),
        ("ГК «Металлмаш»", "Завод «Металлмаш»"),  # ГК is also a legal form; it still says "group"
        ("Plant No. 1", "Завод № 2"),
        ("Uralteploavtomatika", "Altayteploavtomatika"),
        ("Elektrokomplekt Group", "Elektrometall Group"),
        ("Sberbank", "Sberbank Leasing"),
    ],
)
def test_hard_negatives_stay_apart(a: str, b: str):
    assert name_similarity(a, b) < AUTO


def test_well_known_organisations_take_their_gazetteer_name():
    assert name_similarity("РЖД", "Российские железные дороги") >= AUTO  # РЖД is in the organisations gazetteer
    assert name_similarity("State Corporation Rostekhnologii", "Ростех") >= AUTO


def test_federal_subjects_become_one_token_in_every_case():
    forms = ["Калужская область", "Калужской области", "Kaluzhskaya oblast'", "Kaluzhskoj oblasti", "Kaluga Oblast",
             "the Kaluga Region"]
    assert len({analyse(f).full for f in forms}) == 1
    assert analyse("Kaluga").full != analyse("Kaluga Region").full


@pytest.mark.parametrize(
    "short, long",
    [("СЗК", "Сибирская зерновая компания"), ("RZHD", "Rossiyskie Zheleznye Dorogi"), ("ППЗ", "Пензенский подшипниковый завод"),
     ("АРЗ № 12", "Авиаремонтный завод № 12"), ("btrz no. 103", "103-й бронетанковый ремонтный завод"),
     ("UMC", "Объединённая машиностроительная корпорация")],  # the initialism of its English translation
)
def test_initialisms_are_recognised(short: str, long: str):
    assert name_similarity(short, long) == ACRONYM_SCORE
    assert name_similarity("АРЗ № 12", "Авиаремонтный завод № 13") < ACRONYM_SCORE  # the number must agree


def test_an_initialism_of_one_thing_joins_it_and_of_two_waits_for_review():
    one = [NameRecord("a", "organization", ["Пензенский подшипниковый завод"]), NameRecord("b", "organization", ["ППЗ"])]
    assert resolve_records(one).canonical["b"] == "a"
    two = one + [NameRecord("c", "organization", ["Пермский пушечный завод"])]
    result = resolve_records(two)
    assert result.canonical["b"] == "b"
    assert {frozenset(p[:2]) for p in result.review} >= {frozenset(("a", "b")), frozenset(("b", "c"))}
