"""The ontology honours DESIGN.md's contract, is labelled in Danish and English, is consistent."""

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from ontology import (
    BESLUIT,
    DCT,
    FOAF,
    KG,
    KG_NS,
    MANDAAT,
    OA,
    ONTOLOGY_IRI,
    ONTOLOGY_PATH,
    ORG,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    aligned_terms,
    defined_terms,
    ontology_graph,
    sparql_prefixes,
)
from ontology.reasoning import OntologyInconsistent, check_consistency

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = URIRef(ONTOLOGY_IRI)

# The "Ontology contract" table of DESIGN.md: kg: term -> kind.
CONTRACT_TERMS: dict[str, URIRef] = {
    "Person": OWL.Class,
    "Body": OWL.Class,
    "Municipality": OWL.Class,
    "Mandate": OWL.Class,
    "Role": OWL.Class,
    "Meeting": OWL.Class,
    "AgendaItem": OWL.Class,
    "Decision": OWL.Class,
    "Outcome": OWL.Class,
    "SourceDocument": OWL.Class,
    "Substitution": OWL.Class,
    "holder": OWL.ObjectProperty,
    "body": OWL.ObjectProperty,
    "role": OWL.ObjectProperty,
    "establishedBy": OWL.ObjectProperty,
    "heldBy": OWL.ObjectProperty,
    "hasAgendaItem": OWL.ObjectProperty,
    "attendee": OWL.ObjectProperty,
    "absentee": OWL.ObjectProperty,
    "substitution": OWL.ObjectProperty,
    "substitute": OWL.ObjectProperty,
    "substituteFor": OWL.ObjectProperty,
    "presenter": OWL.ObjectProperty,
    "decision": OWL.ObjectProperty,
    "outcome": OWL.ObjectProperty,
    "evidence": OWL.ObjectProperty,
    "startDate": OWL.DatatypeProperty,
    "endDate": OWL.DatatypeProperty,
    "date": OWL.DatatypeProperty,
    "number": OWL.DatatypeProperty,
    "caseNumber": OWL.DatatypeProperty,
    "recommendation": OWL.DatatypeProperty,
    "text": OWL.DatatypeProperty,
    "quote": OWL.DatatypeProperty,
    "start": OWL.DatatypeProperty,
    "end": OWL.DatatypeProperty,
}

# The standard properties DESIGN.md uses directly, with the kind they are declared as.
STANDARD_PROPERTIES: dict[URIRef, URIRef] = {
    FOAF.name: OWL.DatatypeProperty,
    SKOS.prefLabel: OWL.AnnotationProperty,
    SKOS.altLabel: OWL.AnnotationProperty,
    ORG.subOrganizationOf: OWL.ObjectProperty,
    DCT.title: OWL.AnnotationProperty,
    PROV.wasDerivedFrom: OWL.ObjectProperty,
}

# Every alignment DESIGN.md names, plus those of the extras the loaders need.
ALIGNMENTS: list[tuple[str, URIRef, URIRef]] = [
    ("Person", RDFS.subClassOf, FOAF.Person),
    ("Body", RDFS.subClassOf, ORG.Organization),
    ("Municipality", RDFS.subClassOf, KG.Body),
    ("Municipality", RDFS.subClassOf, ORG.FormalOrganization),
    ("Mandate", RDFS.subClassOf, ORG.Membership),
    ("Mandate", RDFS.subClassOf, MANDAAT.Mandataris),
    ("Role", RDFS.subClassOf, ORG.Role),
    ("Role", RDFS.subClassOf, SKOS.Concept),
    ("Meeting", RDFS.subClassOf, SCHEMA.Event),
    ("Meeting", RDFS.subClassOf, BESLUIT.Zitting),
    ("AgendaItem", RDFS.subClassOf, BESLUIT.Agendapunt),
    ("Decision", RDFS.subClassOf, BESLUIT.Besluit),
    ("Outcome", RDFS.subClassOf, SKOS.Concept),
    ("SourceDocument", RDFS.subClassOf, FOAF.Document),
    ("SourceDocument", RDFS.subClassOf, PROV.Entity),
    ("Evidence", RDFS.subClassOf, OA.TextQuoteSelector),
    ("Evidence", RDFS.subClassOf, OA.TextPositionSelector),
    ("MeetingMode", RDFS.subClassOf, SKOS.Concept),
    ("ElectionPeriod", RDFS.subClassOf, DCT.PeriodOfTime),
    ("holder", RDFS.subPropertyOf, ORG.member),
    ("body", RDFS.subPropertyOf, ORG.organization),
    ("role", RDFS.subPropertyOf, ORG.role),
    ("date", RDFS.subPropertyOf, SCHEMA.startDate),
    ("hasAgendaItem", RDFS.subPropertyOf, BESLUIT.behandelt),
    ("inDocument", RDFS.subPropertyOf, OA.hasSource),
    ("quote", RDFS.subPropertyOf, OA.exact),
    ("start", RDFS.subPropertyOf, OA.start),
    ("end", RDFS.subPropertyOf, OA.end),
    ("description", RDFS.subPropertyOf, DCT.description),
    ("TextExtraction", RDFS.subClassOf, PROV.Activity),
    ("softwareVersion", RDFS.subPropertyOf, SCHEMA.softwareVersion),
]

# Concept schemes: scheme -> (class of its concepts, concepts DESIGN.md and the loaders need).
SCHEMES: dict[str, tuple[str, list[str]]] = {
    "Roles": (
        "Role",
        [
            "Chair",
            "ViceChair",
            "Member",
            "Substitute",
            "MunicipalDirector",
            "Director",
            "Mayor",
            "Consultant",
            "TeamLeader",
            "BoardMember",
            "Employee",
            "Representative",
            "Secretary",
        ],
    ),
    "Outcomes": (
        "Outcome",
        ["Approved", "Noted", "Discussed", "Appointed", "Rejected", "Postponed", "Other"],
    ),
    "MeetingModes": ("MeetingMode", ["InPerson", "Virtual", "Hybrid", "ByEmail"]),
    "MeetingStatuses": ("MeetingStatus", ["Held", "Planned"]),
}

KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return ontology_graph()


def kinds_of(graph: Graph, term: Node) -> set[URIRef]:
    return {kind for kind in KINDS if (term, RDF.type, kind) in graph}


def languages(graph: Graph, term: URIRef, predicate: URIRef) -> list[str | None]:
    return sorted(
        (obj.language for obj in graph.objects(term, predicate) if isinstance(obj, Literal)),
        key=str,
    )


def classes_and_properties(graph: Graph) -> list[URIRef]:
    return [term for term in defined_terms() if kinds_of(graph, term)]


# --- consistency (real HermiT runs) ---


def test_ontology_is_consistent_under_hermit() -> None:
    check_consistency()


def test_check_consistency_raises_on_an_inconsistent_variant(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # owlready2 leaves its temporary input file behind when HermiT fails; keep it in tmp_path.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    broken.add((KG.Person, OWL.disjointWith, KG.Body))
    someone = URIRef("https://kommunegraf.dk/id/person/test-both")
    broken.add((someone, RDF.type, KG.Person))
    broken.add((someone, RDF.type, KG.Body))
    with pytest.raises(OntologyInconsistent):
        check_consistency(broken)


def test_check_consistency_accepts_data_typed_with_xsd_date(graph: Graph) -> None:
    data = Graph()
    for triple in graph:
        data.add(triple)
    meeting = URIRef("https://kommunegraf.dk/id/meeting/kd-net-2020-05-29")
    data.add((meeting, RDF.type, KG.Meeting))
    data.add((meeting, KG.date, Literal("2020-05-29", datatype=XSD.date)))
    data.add((meeting, KG.mode, KG.Virtual))
    check_consistency(data)


# --- the contract ---


@pytest.mark.parametrize(("name", "kind"), sorted(CONTRACT_TERMS.items()))
def test_contract_term_is_defined_with_its_kind(graph: Graph, name: str, kind: URIRef) -> None:
    assert kinds_of(graph, KG[name]) == {kind}


@pytest.mark.parametrize(("term", "kind"), sorted(STANDARD_PROPERTIES.items()))
def test_standard_property_used_directly_is_declared(
    graph: Graph, term: URIRef, kind: URIRef
) -> None:
    assert kinds_of(graph, term) == {kind}


@pytest.mark.parametrize(("name", "predicate", "target"), ALIGNMENTS)
def test_alignment_is_present(graph: Graph, name: str, predicate: URIRef, target: URIRef) -> None:
    assert (KG[name], predicate, URIRef(target)) in graph


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_scheme_holds_the_named_concepts(graph: Graph, scheme: str) -> None:
    concept_class, names = SCHEMES[scheme]
    assert (KG[scheme], RDF.type, SKOS.ConceptScheme) in graph
    for name in names:
        concept = KG[name]
        assert (concept, RDF.type, KG[concept_class]) in graph, name
        assert (concept, SKOS.inScheme, KG[scheme]) in graph, name
        assert (KG[scheme], SKOS.hasTopConcept, concept) in graph, name
        assert (KG[concept_class], RDFS.subClassOf, SKOS.Concept) in graph


def test_every_concept_is_in_exactly_one_scheme(graph: Graph) -> None:
    for concept_class in ("Role", "Outcome", "MeetingMode", "MeetingStatus"):
        for concept in graph.subjects(RDF.type, KG[concept_class]):
            assert len(set(graph.objects(concept, SKOS.inScheme))) == 1, concept


# --- labels and definitions ---


def test_every_kg_term_has_labels_and_definitions_in_danish_and_english(graph: Graph) -> None:
    problems = []
    for term in defined_terms():
        for predicate in (RDFS.label, SKOS.prefLabel, SKOS.definition):
            if languages(graph, term, predicate) != ["da", "en"]:
                problems.append(f"{term} {predicate}: {languages(graph, term, predicate)}")
        if (term, RDFS.isDefinedBy, ONTOLOGY) not in graph:
            problems.append(f"{term} lacks rdfs:isDefinedBy")
    assert problems == []


def test_every_class_and_property_has_a_comment_in_danish_and_english(graph: Graph) -> None:
    missing = [
        term
        for term in classes_and_properties(graph)
        if languages(graph, term, RDFS.comment) != ["da", "en"]
    ]
    assert missing == []


def test_every_property_has_one_domain_and_one_range(graph: Graph) -> None:
    properties = [term for term in defined_terms() if kinds_of(graph, term) & set(PROPERTY_KINDS)]
    assert len(properties) > 50
    for term in properties:
        assert len(list(graph.objects(term, RDFS.domain))) == 1, term
        assert len(list(graph.objects(term, RDFS.range))) == 1, term


def test_labels_are_unique_within_each_kind_and_language(graph: Graph) -> None:
    for kind in KINDS:
        seen: dict[tuple[str, str | None], Node] = {}
        for term in graph.subjects(RDF.type, kind):
            if not str(term).startswith(KG_NS):
                continue
            for label in graph.objects(term, SKOS.prefLabel):
                assert isinstance(label, Literal)
                key = (str(label).casefold(), label.language)
                assert key not in seen, f"{term} and {seen[key]} share the label {label!r}"
                seen[key] = term


# --- the KG namespace ---


def test_kg_is_closed() -> None:
    assert KG.hasAgendaItem == URIRef(KG_NS + "hasAgendaItem")
    with pytest.raises(AttributeError):
        _ = KG.hasAgendaItm
    with pytest.raises(KeyError):
        _ = KG["hasAgendaItm"]


def test_every_kg_term_is_reachable_as_an_attribute() -> None:
    # A term named like a str method (title, count, ...) would be shadowed by it.
    for term in defined_terms():
        name = str(term)[len(KG_NS) :]
        assert getattr(KG, name) == term, name


def test_every_kg_iri_used_in_the_file_is_defined_in_it(graph: Graph) -> None:
    used = {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and node.startswith(KG_NS)
    }
    assert used - set(defined_terms()) == set()


def test_importing_the_package_does_not_load_owlready2() -> None:
    code = "import sys, ontology; assert 'owlready2' not in sys.modules"
    subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=ROOT, check=True)


# --- shape of the ontology: self-contained, OWL 2 DL typing, nothing real data breaks ---


def test_ontology_header(graph: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph
    assert (ONTOLOGY, OWL.versionInfo, Literal("0.1.0")) in graph
    assert (ONTOLOGY, OWL.versionIRI, URIRef(ONTOLOGY_IRI + "/0.1.0")) in graph
    assert (ONTOLOGY, DCT.modified, Literal("2026-11-22", datatype=XSD.date)) in graph
    assert languages(graph, ONTOLOGY, DCT.title) == ["da", "en"]
    assert languages(graph, ONTOLOGY, DCT.description) == ["da", "en"]
    assert isinstance(graph.value(ONTOLOGY, DCT.license), URIRef)
    assert list(graph.objects(ONTOLOGY, OWL.imports)) == []


def test_every_term_used_in_an_axiom_is_declared(graph: Graph) -> None:
    builtin = {OWL.Thing, RDFS.Literal}
    undeclared = set()
    for predicate in (
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.equivalentClass,
    ):
        for subject, obj in graph.subject_objects(predicate):
            for node in (subject, obj):
                if not isinstance(node, URIRef) or node in builtin or node.startswith(str(XSD)):
                    continue
                if not kinds_of(graph, node):
                    undeclared.add(node)
    assert undeclared == set()


def test_no_iri_has_two_kinds(graph: Graph) -> None:
    # Stricter than OWL 2 DL, which only forbids mixing property kinds: we pun nothing.
    for term in set(graph.subjects(RDF.type, None)):
        assert len(kinds_of(graph, term)) <= 1, term


def test_no_axioms_that_real_data_could_break(graph: Graph) -> None:
    forbidden_predicates = (
        OWL.disjointWith,
        OWL.propertyDisjointWith,
        OWL.cardinality,
        OWL.maxCardinality,
        OWL.minCardinality,
        OWL.qualifiedCardinality,
        OWL.maxQualifiedCardinality,
        OWL.inverseOf,
    )
    forbidden_types = (
        OWL.FunctionalProperty,
        OWL.InverseFunctionalProperty,
        OWL.AllDisjointClasses,
        OWL.AllDifferent,
        OWL.AsymmetricProperty,
        OWL.IrreflexiveProperty,
    )
    assert [t for t in graph if t[1] in forbidden_predicates] == []
    assert [t for t in graph.triples((None, RDF.type, None)) if t[2] in forbidden_types] == []


def test_declared_prefixes_match_the_namespace_module() -> None:
    text = ONTOLOGY_PATH.read_text(encoding="utf-8")
    for prefix, iri in PREFIXES.items():
        if f"@prefix {prefix}:" in text:
            assert f"<{iri}>" in text.split(f"@prefix {prefix}:", 1)[1].split("\n", 1)[0], prefix
    assert str(SCHEMA) == "http://schema.org/"


# --- helpers for other packages ---


def test_aligned_terms_follow_the_hierarchy_to_standard_terms() -> None:
    aligned = aligned_terms()
    assert aligned[KG.Person] == [FOAF.Person]
    assert set(aligned[KG.Municipality]) == {ORG.FormalOrganization, ORG.Organization}
    assert set(aligned[KG.Mandate]) == {ORG.Membership, MANDAAT.Mandataris}
    assert aligned[KG.holder] == [ORG.member]
    assert aligned[KG.date] == [SCHEMA.startDate]
    assert aligned[KG.Substitution] == []
    assert KG.Chair not in aligned
    for targets in aligned.values():
        for target in targets:
            assert isinstance(target, URIRef) and not isinstance(target, BNode)
            assert not target.startswith(KG_NS) and target != OWL.Thing


def test_sparql_prefixes_make_a_valid_query() -> None:
    query = (
        sparql_prefixes() + "SELECT ?m WHERE { ?m a kg:Meeting ; kg:date ?d ; schema:startDate ?s }"
    )
    prepareQuery(query)
    assert sparql_prefixes().count("PREFIX ") == len(PREFIXES)
