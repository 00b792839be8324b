"""The graph built from the seeds: quality against the gold, evidence, identity, provenance."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal, URIRef

from loaders import Minter, document_triples, extract, read_source, resolve
from loaders.evaluation import Evaluation, evaluate_against_gold
from ontology import FOAF, KG, PROV, RDF, SKOS, sparql_prefixes

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"
BASE = "https://kommunegraf.dk/id/"

# The floors the project promises on the seeds: (precision, recall) per kind of fact.
FLOORS = {
    "persons": (0.97, 0.97),
    "meetings": (0.97, 0.97),
    "mandates": (0.95, 0.90),
    "decisions": (0.95, 0.90),
    "attendance": (0.95, 0.90),
    "agenda_items": (0.95, 0.95),
}


@cache
def seed_graphs() -> dict[str, Graph]:
    facts = [extract(read_source(path)) for path in sorted(SEEDS.glob("*.txt"))]
    resolution = resolve(facts)
    minter = Minter(BASE)
    graphs = {}
    for doc in facts:
        graph = Graph()
        for triple in document_triples(doc, resolution, minter):
            graph.add(triple)
        graphs[doc.source.path.name] = graph
    return graphs


def union() -> Graph:
    graph = Graph()
    for part in seed_graphs().values():
        for triple in part:
            graph.add(triple)
    return graph


@cache
def evaluation() -> Evaluation:
    return evaluate_against_gold([SEEDS], GOLD, BASE)


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_extraction_meets_its_floor_against_the_gold(kind: str) -> None:
    score = evaluation().totals[kind]
    precision, recall = FLOORS[kind]
    assert score.precision >= precision, f"{kind} spurious: {score.spurious}"
    assert score.recall >= recall, f"{kind} missed: {score.missed}"


def test_every_evidence_quote_is_the_source_text_at_its_offsets() -> None:
    checked = 0
    for graph in seed_graphs().values():
        content = {str(d): str(c) for d, c in graph.subject_objects(KG.content)}
        for evidence in graph.subjects(RDF.type, KG.Evidence):
            document = str(graph.value(evidence, KG.inDocument))
            start = int(graph.value(evidence, KG.start))  # type: ignore[arg-type]
            end = int(graph.value(evidence, KG.end))  # type: ignore[arg-type]
            assert content[document][start:end] == str(graph.value(evidence, KG.quote))
            checked += 1
    assert checked > 300


def test_every_extracted_resource_has_provenance_and_evidence() -> None:
    graph = union()
    for kind in (
        KG.Person,
        KG.Body,
        KG.Meeting,
        KG.AgendaItem,
        KG.Decision,
        KG.Mandate,
        KG.Substitution,
        KG.NameVariant,
    ):
        for resource in graph.subjects(RDF.type, kind):
            assert graph.value(resource, PROV.wasDerivedFrom) is not None, resource
            assert graph.value(resource, KG.evidence) is not None, resource


def test_iris_are_the_same_on_every_run() -> None:
    again = [extract(read_source(path)) for path in sorted(SEEDS.glob("*.txt"))]
    resolution = resolve(again)
    first = {t for g in seed_graphs().values() for t in g}
    second = {t for doc in again for t in document_triples(doc, resolution, Minter(BASE))}
    assert first == second


def test_each_person_has_exactly_one_canonical_name() -> None:
    graph = union()
    for person in graph.subjects(RDF.type, KG.Person):
        assert len(list(graph.objects(person, FOAF.name))) == 1, person


def persons_named(graph: Graph, spelling: str) -> set[URIRef]:
    rows = graph.query(
        sparql_prefixes()
        + """
        SELECT DISTINCT ?p WHERE { ?p a kg:Person .
          { ?p foaf:name ?n } UNION { ?p skos:altLabel ?n }
        FILTER(STR(?n) = ?spelling) }""",
        initBindings={"spelling": Literal(spelling)},
    )
    return {row[0] for row in rows}  # type: ignore[index]


@pytest.mark.parametrize(
    "merge", yaml.safe_load((GOLD / "merges.yaml").read_text()), ids=lambda m: m["name"]
)
def test_spellings_of_one_person_resolve_to_one_resource(merge: dict) -> None:  # type: ignore[type-arg]
    graph = union()
    resources = set().union(*(persons_named(graph, s) for s in merge["spellings"]))
    assert len(resources) == 1, (merge["spellings"], resources)


def test_within_document_misspellings_are_merged_with_their_reason() -> None:
    graph = union()
    for variant, canonical in (
        ("Penille Blach Hansen", "Pernille Blach Hansen"),
        ("Steinar Eggen Kristiansen", "Steinar Eggen Kristensen"),
    ):
        [person] = persons_named(graph, variant)
        assert str(graph.value(person, FOAF.name)) == canonical
        reasons = [
            str(graph.value(v, KG.mergeReason)) for v in graph.objects(person, KG.nameVariant)
        ]
        assert any(variant in reason and "samme dokument" in reason for reason in reasons)


@pytest.mark.parametrize(
    "pair",
    yaml.safe_load((GOLD / "distinct.yaml").read_text())["distinct"],
    ids=lambda p: " / ".join(p),
)
def test_different_people_with_similar_names_stay_apart(pair: list[str]) -> None:
    graph = union()
    first, second = (persons_named(graph, name) for name in pair)
    assert not (first & second)


def test_bodies_written_many_ways_are_one_body() -> None:
    graph = union()
    kd_net = URIRef(BASE + "body/kd-net")
    labels = {str(label).casefold() for label in graph.objects(kd_net, SKOS.altLabel)}
    assert {
        "kd-net",
        "kommunaldirektørenetværket i den midtjyske region",
        "kommunaldirektør netværket",
    } <= labels | {"kd-net"}
    assert str(graph.value(kd_net, SKOS.prefLabel)) == "KD-Net"


def test_municipalities_are_identified_by_their_kommunekode() -> None:
    graph = union()
    skanderborg = URIRef(BASE + "municipality/0746")
    assert (skanderborg, RDF.type, KG.Municipality) in graph
    assert str(graph.value(skanderborg, KG.kommunekode)) == "0746"
    assert str(graph.value(skanderborg, SKOS.prefLabel)) == "Skanderborg Kommune"


def test_an_undated_agenda_stays_undated() -> None:
    graph = seed_graphs()["kkr-midtjylland-dagsorden-sag-2019-03640.txt"]
    meeting = URIRef(BASE + "meeting/kkr-midtjylland--sag-2019-03640")
    assert (meeting, RDF.type, KG.Meeting) in graph
    assert graph.value(meeting, KG.date) is None
    notes = " ".join(str(n) for n in graph.objects(None, KG.extractionNote))
    assert "no date" in notes


def test_the_appointment_at_the_meeting_is_established_by_its_decision() -> None:
    graph = union()
    rows = list(
        graph.query(
            sparql_prefixes()
            + """
        SELECT ?start ?outcome WHERE {
          ?m kg:holder ?p ; kg:role kg:Member ; kg:body ?b ; kg:startDate ?start ;
             kg:establishedBy ?d . ?p foaf:name "Lauge Clemmesen" .
          ?b skos:prefLabel "Uddannelsesstyregruppen"@da . ?d kg:outcome ?outcome }"""
        )
    )
    assert {(str(r[0]), str(r[1])) for r in rows} >= {("2020-05-29", str(KG.Appointed))}  # type: ignore[index]


def test_a_skype_meeting_is_virtual_with_its_times() -> None:
    graph = union()
    meeting = URIRef(BASE + "meeting/kd-net--2020-05-29")
    assert graph.value(meeting, KG.mode) == KG.Virtual
    assert (str(graph.value(meeting, KG.startTime)), str(graph.value(meeting, KG.endTime))) == (
        "10:00",
        "13:00",
    )


def test_an_absence_with_a_substitute() -> None:
    graph = union()
    meeting = URIRef(BASE + "meeting/kd-net--2020-05-29")
    absent = URIRef(BASE + "person/jesper-hosbond-jensen")
    assert (meeting, KG.absentee, absent) in graph
    [substitution] = graph.objects(meeting, KG.substitution)
    assert graph.value(substitution, KG.substituteFor) == absent
    assert graph.value(substitution, KG.substitute) == URIRef(BASE + "person/joergen-andersen")
