"""Each relation rule and the newer name recognisers, on sentences of our own."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from clusteratlas.extract import default_extractor

from .conftest import DATA, ROOT

EXTRACTOR = default_extractor()
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def relations(text: str) -> set[tuple]:
    graph = EXTRACTOR.extract(text)
    return {
        (graph.entities[r.subject].name, r.predicate, graph.entities[r.object].name, r.role) for r in graph.relations
    }


def entities(text: str) -> dict[str, str]:
    return {e.name: e.type for e in EXTRACTOR.extract(text).entities}


def test_list_of_participants_after_a_cue():
    text = ("The Volga Polymer Cluster unites producers of the region. "
            "Its participants include Alpha Plast LLC, Beta Films JSC and Gamma Resins LLC.")
    found = relations(text)
    for org in ("Alpha Plast", "Beta Films", "Gamma Resins"):
        assert (org, "member_of", "Volga Polymer Cluster", "participant") in found


def test_anchor_through_the_cluster_anaphor():
    text = ("The Oka Machine Cluster was registered in 2018. "
            "Tulamash-Forge JSC was named the anchor company of the cluster.")
    assert ("Tulamash-Forge", "member_of", "Oka Machine Cluster", "anchor") in relations(text)


def test_coordinator_in_brackets_and_managed_by():
    text = ("The participant enterprises in the Kama Valley Cluster are: Delta Motors JSC (coordinator), "
            "Epsilon Tools LLC. The Kama Gate Industrial Park is managed by Kama Gate Management Company LLC.")
    found = relations(text)
    assert ("Delta Motors", "member_of", "Kama Valley Cluster", "coordinator") in found
    assert ("Epsilon Tools", "member_of", "Kama Valley Cluster", "participant") in found
    assert ("Kama Gate Management Company", "member_of", "Kama Gate Industrial Park", "coordinator") in found


def test_university_and_institute_get_education_and_research():
    text = ("The Ural Photonics Cluster brings together Perm Optical Works LLC, "
            "Ural State Technical University and the Institute of Laser Physics.")
    found = relations(text)
    assert ("Ural State Technical University", "member_of", "Ural Photonics Cluster", "education") in found
    assert ("Institute of Laser Physics", "member_of", "Ural Photonics Cluster", "research") in found


def test_resident_of_a_site():
    text = "Sibneftekhim-Service LLC becomes the ninth resident of the Yugra Technology special economic zone."
    assert ("Sibneftekhim-Service", "member_of", "Yugra Technology special economic zone", "resident") in relations(text)


def test_role_stated_about_someone_else_is_not_taken():
    text = ("The Agidel Composite Cluster grows. Its core partners are Neftekamsk Resin Works and the producer "
            "Kompozit-Service, both of which supply the anchor company.")
    found = relations(text)
    assert ("Kompozit-Service", "member_of", "Agidel Composite Cluster", "core") in found
    assert not any(r[3] == "anchor" for r in found)


def test_part_of_subsidiary_and_joint_venture():
    found = relations(
        "Laval Vision, a subsidiary of Brightwell Group, opened a plant. "
        "PCMA Rus (joint venture of automotive concerns PSA Peugeot Citroen and Mitsubishi Motors) builds cars."
    )
    assert ("Laval Vision", "part_of", "Brightwell Group", None) in found
    assert ("PCMA Rus", "part_of", "PSA Peugeot Citroen", None) in found
    assert ("PCMA Rus", "part_of", "Mitsubishi Motors", None) in found
    assert ("PSA Peugeot Citroen", "partner_of", "Mitsubishi Motors", None) in found


def test_partner_of_in_collaboration_and_agreement():
    found = relations(
        "The Ministry of Industry and Trade works in collaboration with the Association of Clusters and "
        "Technoparks and the Higher School of Economics. Volga Technical University signed an agreement "
        "with Volga Industrial Sites LLC."
    )
    pairs = {frozenset((a, b)) for a, p, b, _ in found if p == "partner_of"}
    assert frozenset(("Volga Technical University", "Volga Industrial Sites")) in pairs
    assert len([p for p in pairs if any("Ministry" in x for x in p)]) == 2


@pytest.mark.parametrize(
    "text, holder, place",
    [
        ("The park hosts visitors from Adlershof Technology Park (Berlin) every year.", "Adlershof Technology Park", "Berlin"),
        ("Kessler Hydraulik GmbH of Stuttgart opened a plant.", "Kessler Hydraulik", "Stuttgart"),
        ("Riedl Sensorik AG, based in Amberg, makes sensors.", "Riedl Sensorik", "Amberg"),
        ("The company is a subsidiary of the Tyumen-based group Zapsib Oilfield Holding.", "Zapsib Oilfield Holding", "Tyumen"),
        ("The Angara Timber Cluster is located in Kezhemsky District.", "Angara Timber Cluster", "Kezhemsky District"),
    ],
)
def test_located_in_shapes(text: str, holder: str, place: str):
    assert (holder, "located_in", place, None) in relations(text)


def test_works_for_from_post_and_apposition():
    found = relations(
        "The Ministry of Industry and Trade backs parks. Deputy Minister of Industry and Trade Dmitry Ovsyannikov "
        "spoke. \"We grow,\" said Irina Savostina, general director of Zaoksky Bearing Works."
    )
    assert ("Dmitry Ovsyannikov", "works_for", "Ministry of Industry and Trade", None) in found
    assert ("Irina Savostina", "works_for", "Zaoksky Bearing Works", None) in found


def test_known_organisations_join_their_spellings():
    graph = EXTRACTOR.extract("Rostec signed it. Rostekh, known in Russia as Ростех, owns the plant.")
    rostec = [e for e in graph.entities if e.type == "organization"]
    assert len(rostec) == 1
    assert {"Rostec", "Rostekh", "Ростех"} <= set(rostec[0].names)


def test_acronym_in_brackets_is_an_alias():
    graph = EXTRACTOR.extract("The Centre for Cluster Development of Tula Region (CCD) runs it. CCD said so.")
    ccd = next(e for e in graph.entities if e.name.startswith("Centre for Cluster Development"))
    assert "CCD" in ccd.aliases and ccd.type == "organization"


def test_adjectives_and_programmes_are_not_names():
    found = entities("The Swiss Helvemed Group and German partners joined the List of Pilot Innovation Clusters.")
    assert "Helvemed Group" in found
    assert not any(name.startswith(("Swiss", "German", "List")) for name in found)


def test_headline_verb_splits_names():
    found = entities("Alpha Holding Creates Aerospace Materials Cluster in Kaluga\n\nThe text follows.")
    assert found.get("Aerospace Materials Cluster") == "cluster"


def test_bulleted_residents():
    text = "Residents of the Inya Technopark include:\n- Datavektor LLC (Novosibirsk);\n- Kolos Genetics;\n- Sibirsky Lazer JSC.\n"
    found = relations(text)
    for org in ("Datavektor", "Kolos Genetics", "Sibirsky Lazer"):
        assert (org, "member_of", "Inya Technopark", "resident") in found


def _micro_f1(gold: Path, pred: Path) -> float:
    out = subprocess.run([sys.executable, str(SHARED_EVAL / "score.py"), str(gold), str(pred)],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"micro P [\d.]+ R [\d.]+ F1 ([\d.]+)", out).group(1))


@pytest.mark.skipif(not (SHARED_EVAL / "score.py").exists(), reason="../shared/eval is not beside the checkout")
@pytest.mark.parametrize("folder, floor", [("extraction", 0.82), ("extraction-blind", 0.75), ("extraction-ru", 0.75)])
def test_own_extraction_documents_score(tmp_path: Path, folder: str, floor: float):
    """Our own documents with gold: a regression guard a little under today's score, not a target.
    The blind sets (English and Russian) were written without sight of the engine and are never tuned on."""
    import json

    base = DATA / folder
    for doc in sorted((base / "docs").glob("*.txt")):
        graph = EXTRACTOR.extract(doc.read_text(encoding="utf-8")).to_schema_dict(doc.name)
        (tmp_path / f"{doc.stem}.json").write_text(json.dumps(graph), encoding="utf-8")
    assert _micro_f1(base / "gold", tmp_path) >= floor
