"""The Russian path of the extractor: each recogniser on sentences written for these tests."""

from __future__ import annotations

import pytest

from clusteratlas.extract import RuleExtractor
from clusteratlas.extract.ru import RussianExtractor, load_ru_lexicon, to_nominative


@pytest.fixture(scope="module")
def ru() -> RussianExtractor:
    return RussianExtractor()


def _money(graph):
    return sorted((v.currency, v.amount) for v in graph.values if v.kind == "money")


def _dates(graph):
    return sorted(v.value for v in graph.values if v.kind == "date")


def _names(graph, etype):
    return {e.name for e in graph.entities if e.type == etype}


def test_money_scales_currencies_and_decimal_commas(ru):
    g = ru.extract("Инвестиции составят 141,5 млн рублей, из них 1,73 млрд руб. — частные; "
                   "ещё 90 млн руб. даст фонд, а грант в 5 тыс. долларов получит стартап.")
    assert _money(g) == [("RUB", 90_000_000.0), ("RUB", 141_500_000.0), ("RUB", 1_730_000_000.0), ("USD", 5_000.0)]


def test_money_symbol_before_and_one_value_per_repeated_figure(ru):
    g = ru.extract("Оборот достиг ₽12,4 млрд. Как сообщается, оборот составил 12,4 млрд рублей, а прибыль — 800 тыс. евро.")
    assert _money(g) == [("EUR", 800_000.0), ("RUB", 12_400_000_000.0)]


def test_percentages_hectares_and_headcounts_are_not_money(ru):
    g = ru.extract("Площадь парка 250 га, занятость 3,2 тыс. человек, рост на 12,5%.")
    assert _money(g) == []


def test_dates_in_words_with_case_forms_and_in_figures(ru):
    g = ru.extract("Соглашение от 28.08.2012 продлено 6 марта 2013 года; парк открыли 19-го августа 2011 г., "
                   "а проверка прошла 2 декабря 2020.")
    assert _dates(g) == ["2011-08-19", "2012-08-28", "2013-03-06", "2020-12-02"]


def test_dates_without_a_year_or_day_are_not_values(ru):
    g = ru.extract("Заявки принимают до 15 июня, работы начнутся в апреле 2024 года, а 31 февраля 2020 года не было.")
    assert _dates(g) == []


def test_legal_acts_with_number_and_date(ru):
    g = ru.extract("Парк создан по постановлению Правительства РФ от 31.07.2015 № 779. "
                   "Участок передан согласно распоряжению № 992-п.")
    acts = {e.name: e.attributes.get("number") for e in g.entities if e.type == "legal_act"}
    assert acts == {"постановлению Правительства РФ от 31.07.2015 № 779": "779", "распоряжению № 992-п": "992-п"}
    assert "Россия" not in _names(g, "place")  # «РФ» inside the act's name is no place mention


def test_a_legal_act_head_without_number_or_date_is_no_act(ru):
    g = ru.extract("Правительство готовит постановление о поддержке технопарков.")
    assert _names(g, "legal_act") == set()


def test_places_in_any_case_come_out_in_the_nominative(ru):
    g = ru.extract("Завод построят в Калужской области, офис откроют в Перми, а склад — под Екатеринбургом. "
                   "Поставки пойдут из Германии и Республики Татарстан в Ямало-Ненецкий автономный округ.")
    assert _names(g, "place") >= {"Калужская область", "Пермь", "Екатеринбург", "Германия", "Республика Татарстан",
                                  "Ямало-Ненецкий автономный округ"}
    kaluga = next(e for e in g.entities if e.name == "Калужская область")
    assert "Калужской области" in kaluga.aliases


def test_short_and_official_forms_of_a_region_are_one_place(ru):
    g = ru.extract("Татарстан привлёк инвесторов. Власти Республики Татарстан довольны.")
    places = [e for e in g.entities if e.type == "place"]
    assert [p.name for p in places] == ["Республика Татарстан"]


def test_place_adjectives_are_not_places(ru):
    g = ru.extract("Калужские предприятия и пермский завод подписали договор.")
    assert _names(g, "place") == set()


def test_quoted_organisations_with_legal_forms(ru):
    g = ru.extract("Договор подписали ООО «Северный композит», АО „Тверской станкозавод“ и ПАО «Волжская энергия».")
    orgs = {e.name: e.attributes.get("legal_form") for e in g.entities if e.type == "organization"}
    assert orgs == {"Северный композит": "ООО", "Тверской станкозавод": "АО", "Волжская энергия": "ПАО"}
    comp = next(e for e in g.entities if e.name == "Северный композит")
    assert "ООО «Северный композит»" in comp.aliases


def test_sites_and_clusters_named_in_quotes_and_their_places(ru):
    g = ru.extract("Резидентами индустриального парка «Заречье» (Тверская область) стали ООО «Альфа» и АО «Бета». "
                   "Оба входят в кластер «Композит-Волга».")
    assert _names(g, "site") == {"Заречье"}
    assert _names(g, "cluster") == {"Композит-Волга"}
    names = [e.name for e in g.entities]
    rels = {(names[r.subject], r.predicate, names[r.object], r.role) for r in g.relations}
    assert ("Заречье", "located_in", "Тверская область", None) in rels
    assert ("Альфа", "member_of", "Заречье", "resident") in rels
    assert ("Бета", "member_of", "Заречье", "resident") in rels


def test_works_for_from_post_company_person(ru):
    g = ru.extract("Соглашение подписал генеральный директор ООО «Гамма-Сервис» Иван Петров.")
    names = [e.name for e in g.entities]
    rels = {(names[r.subject], r.predicate, names[r.object]) for r in g.relations}
    assert ("Иван Петров", "works_for", "Гамма-Сервис") in rels


def test_acronym_and_bracketed_abbreviation_join_the_company(ru):
    g = ru.extract("АО «Северная машиностроительная компания» (СМК) расширяет цех. В СМК работают 900 человек.")
    orgs = [e for e in g.entities if e.type == "organization"]
    assert len(orgs) == 1 and "СМК" in orgs[0].aliases


def test_ministry_short_form_gets_the_full_name(ru):
    g = ru.extract("Проект одобрило Минэкономразвития России.")
    assert _names(g, "organization") == {"Министерство экономического развития России"}


def test_to_nominative_keeps_a_genitive_tail():
    assert to_nominative("Калужской области") == "Калужская область"
    assert to_nominative("особой экономической зоны Республики Татарстан") == "особая экономическая зона Республики Татарстан"


def test_the_lexicon_is_data():
    lex = load_ru_lexicon()
    assert lex.months["марта"] == 3 and lex.months["августе"] == 8
    assert lex.scales["млрд"] == 1e9
    assert "ФГУП" in lex.legal_forms


def test_rule_extractor_routes_by_language():
    extractor = RuleExtractor(statistical=False)
    text = "Инвестиции составят 141,5 млн рублей."
    ru_graph = extractor.extract(text, language="ru")
    assert [(v.currency, v.amount) for v in ru_graph.values] == [("RUB", 141_500_000.0)]
    # with no language given, the script decides: Cyrillic text takes the Russian path too
    assert [(v.currency, v.amount) for v in extractor.extract(text).values] == [("RUB", 141_500_000.0)]
    en_graph = extractor.extract("The park received 141.5 million rubles.", language="en")
    assert [(v.currency, v.amount) for v in en_graph.values] == [("RUB", 141_500_000.0)]


def test_the_organisation_a_cluster_was_built_on_is_its_core(ru):
    g = ru.extract("Именно на базе АО «Сибирский станкостроитель» был создан кластер «Станки Сибири».")
    names = [e.name for e in g.entities]
    rels = {(names[r.subject], r.predicate, names[r.object], r.role) for r in g.relations}
    assert rels == {("Сибирский станкостроитель", "member_of", "Станки Сибири", "core")}
