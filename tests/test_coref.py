"""Within one document: which short forms are the same thing as a longer name, and which name
a parent, a partner or a city. One text per rule."""

from __future__ import annotations

import pytest

from clusteratlas.extract.pipeline import RuleExtractor


@pytest.fixture(scope="module")
def extractor() -> RuleExtractor:
    return RuleExtractor()


def _entity_of(graph, surface: str):
    found = [e for e in graph.entities if e.name == surface or surface in e.aliases]
    assert found, f"{surface!r} not extracted: {[e.name for e in graph.entities]}"
    return found[0]


def test_a_parent_named_first_is_not_its_subsidiary(extractor):
    text = ("Volkswagen Group Rus LLC opened an engine plant in the Grabtsevo industrial park. "
            "Volkswagen has invested in Russia since 2007.")
    graph = extractor.extract(text)
    assert _entity_of(graph, "Volkswagen") is not _entity_of(graph, "Volkswagen Group Rus")


def test_a_partner_inside_a_joint_venture_name_is_not_the_venture(extractor):
    text = ("Ford Sollers Elabuga LLC is a joint venture of Ford and Sollers PJSC. "
            "Sollers also builds vans in Ulyanovsk.")
    graph = extractor.extract(text)
    assert _entity_of(graph, "Sollers") is not _entity_of(graph, "Ford Sollers Elabuga")


def test_a_short_form_after_a_designation_joins_its_name(extractor):
    text = "JSC ORPE Tekhnologia makes radomes in Obninsk. Tekhnologia employs about 2,000 people."
    graph = extractor.extract(text)
    assert _entity_of(graph, "Tekhnologia") is _entity_of(graph, "ORPE Tekhnologia")


def test_a_bare_region_name_is_the_region_in_a_heading_and_the_city_in_the_body(extractor):
    heading = "Kaluga builds an aerospace cluster\n\nThe Kaluga Region signed an agreement with Rostec on 5 May 2014.\n"
    graph = extractor.extract(heading)
    assert _entity_of(graph, "Kaluga") is _entity_of(graph, "Kaluga Region")
    body = ("Perm Krai supports the photonics cluster.\n\n"
            "The cluster's members met in Perm, where most of them have their plants.\n")
    graph = extractor.extract(body)
    assert _entity_of(graph, "Perm") is not _entity_of(graph, "Perm Krai")
