"""The kommunegraf OWL ontology: its file, its closed ``KG`` namespace and its alignments.

Importing this package parses ``kommunegraf.ttl`` once with rdflib (no reasoner); the
HermiT consistency check lives in :mod:`ontology.reasoning`.
"""

from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import ClosedNamespace

from ontology.namespaces import (
    BESLUIT,
    DCT,
    FOAF,
    KG_NS,
    MANDAAT,
    OA,
    ONTOLOGY_IRI,
    ORG,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SH,
    SKOS,
    VOID,
    XSD,
    sparql_prefixes,
)

__all__ = [
    "BESLUIT",
    "DCT",
    "FOAF",
    "KG",
    "KG_NS",
    "MANDAAT",
    "OA",
    "ONTOLOGY_IRI",
    "ONTOLOGY_PATH",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "VOID",
    "XSD",
    "aligned_terms",
    "defined_terms",
    "ontology_graph",
    "sparql_prefixes",
]

ONTOLOGY_PATH: Path = Path(__file__).with_name("kommunegraf.ttl")

_TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_ALIGNMENT_PREDICATES = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
)
_SYMMETRIC_PREDICATES = (OWL.equivalentClass, OWL.equivalentProperty)


@cache
def ontology_graph() -> Graph:
    """Return the parsed ontology; the graph is shared, so copy it before changing it."""
    graph = Graph()
    graph.parse(ONTOLOGY_PATH, format="turtle")
    return graph


def defined_terms() -> list[URIRef]:
    """Return every IRI of the kg: namespace that the ontology file describes, sorted."""
    return sorted(
        {
            subject
            for subject in ontology_graph().subjects()
            if isinstance(subject, URIRef) and subject.startswith(KG_NS)
        }
    )


KG: ClosedNamespace = ClosedNamespace(KG_NS, [str(term)[len(KG_NS) :] for term in defined_terms()])


def _supers(graph: Graph, term: URIRef) -> set[URIRef]:
    """Return the named super-classes/-properties and equivalents of ``term``, transitively."""
    found: set[URIRef] = set()
    pending = [term]
    while pending:
        current = pending.pop()
        nexts = [graph.objects(current, predicate) for predicate in _ALIGNMENT_PREDICATES]
        nexts += [graph.subjects(predicate, current) for predicate in _SYMMETRIC_PREDICATES]
        for iterator in nexts:
            for node in iterator:
                if isinstance(node, URIRef) and node != term and node not in found:
                    found.add(node)
                    pending.append(node)
    return found


@cache
def _aligned_terms() -> dict[URIRef, tuple[URIRef, ...]]:
    graph = ontology_graph()
    result: dict[URIRef, tuple[URIRef, ...]] = {}
    for term in defined_terms():
        if not any((term, RDF.type, kind) in graph for kind in _TERM_KINDS):
            continue  # concepts and concept schemes are individuals, not aligned terms
        standard = {
            node
            for node in _supers(graph, term)
            if not node.startswith(KG_NS) and node != OWL.Thing
        }
        result[term] = tuple(sorted(standard))
    return result


def aligned_terms() -> dict[URIRef, list[URIRef]]:
    """Map every kg: class and property to the standard terms it is aligned to.

    Follows rdfs:subClassOf, rdfs:subPropertyOf, owl:equivalentClass and
    owl:equivalentProperty transitively, through kg: terms and through the standard
    hierarchy declared in the file, so kg:Municipality gives org:FormalOrganization and
    org:Organization. Terms without an alignment map to an empty list.
    """
    return {term: list(targets) for term, targets in _aligned_terms().items()}
