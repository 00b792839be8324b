"""Run the shapes: on a graph, on the whole store, or on one new document."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kommunegraf.store import (
    VALIDATION_GRAPH,
    EmbeddedStore,
    GraphStore,
    RdfTriple,
    ntriples,
)
from ontology import ontology_graph
from shapes.engine import run_engine
from shapes.loading import DEFAULT_BASE_IRI
from shapes.neighbourhood import add_neighbourhood, dependents
from shapes.report import ValidationReport, empty_report

_SCRATCH_GRAPH = "urn:kommunegraf:scratch"


def validate_graph(data: Graph, focus_nodes: Iterable[URIRef] | None = None, *,
                   base_iri: str = DEFAULT_BASE_IRI) -> ValidationReport:
    """Validate ``data`` against the shapes, on every node or only on ``focus_nodes``.

    What is validated is a copy of ``data`` as the store would hold it (see ``as_stored``),
    with the ontology's classes and concepts, which the shapes read (kg:Chair is a kg:Role,
    a kg:Municipality is a kg:Body). ``data`` itself is never changed.
    """
    return _validate(_with_ontology(as_stored(data)), focus_nodes, base_iri)


def validate_store(store: GraphStore, *, base_iri: str = DEFAULT_BASE_IRI) -> ValidationReport:
    """Validate the union of the documents' graphs and store the report in its own graph.

    The union goes from the store to the engine as N-Triples text, never as an rdflib graph
    (which would take gigabytes at ten thousand documents).
    """
    union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    text = (ox.serialize(union, None, ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    report = run_engine(text + "\n" + ntriples(_ontology_for_shapes()), None, base_iri)
    store.replace_graph(VALIDATION_GRAPH, report.graph)
    return report


def validate_document(store: GraphStore, document_graph_iri: str, triples: Iterable[RdfTriple],
                      *, base_iri: str = DEFAULT_BASE_IRI) -> ValidationReport:
    """Validate one document's resources as if its triples were in the store.

    The focus nodes are the IRIs the document makes statements about, and, once the
    document is stored, the resources of other documents whose findings its new facts may
    change (see ``dependents``). Only they are judged (``judged`` of the report), against
    the document's triples plus the neighbourhood their rules read, fetched from the store
    (see :mod:`shapes.neighbourhood`); any earlier version of the document's graph is
    ignored. The findings are those a full validation would report on these nodes once the
    document is stored. Nothing is written to the store.
    """
    document = as_stored(triples)
    focus = {s for s, _, _ in document if isinstance(s, URIRef)}
    data = _with_ontology()
    data.addN((s, p, o, data) for s, p, o in document)
    stored = store.has_graph(document_graph_iri)
    stored_as_given = not stored or set(store.triples(document_graph_iri)) == set(document)
    if stored and stored_as_given:
        focus |= dependents(store, document_graph_iri, VALIDATION_GRAPH, data)
    exclude = None if stored_as_given else (document_graph_iri, VALIDATION_GRAPH)
    add_neighbourhood(store, data, focus, exclude=exclude)
    report = _validate(data, focus, base_iri)
    report.judged = frozenset(focus)
    return report


def validate_stored(store: GraphStore, document_graph_iris: Sequence[str], *,
                    base_iri: str = DEFAULT_BASE_IRI) -> ValidationReport:
    """Validate documents already in the store, together.

    Judged are the resources the documents make statements about and those of other
    documents that their facts reach (``dependents``), against the documents' triples and
    the neighbourhood the rules read. The findings are those of ``validate_document`` on each
    once all are stored; a build validates its documents this way in batches, because the
    neighbourhood they share (the bodies they all name) is then fetched and judged once.
    One document is validated as ``validate_document`` does (which also copes with a server
    that gives back a stored value in another datatype than it was given).
    """
    if len(document_graph_iris) == 1:
        graph = document_graph_iris[0]
        return validate_document(store, graph, store.triples(graph), base_iri=base_iri)
    data = _with_ontology()
    focus: set[URIRef] = set()
    for graph in document_graph_iris:
        document = Graph()
        document.addN((s, p, o, document) for s, p, o in store.triples(graph))
        data.addN((s, p, o, data) for s, p, o in document)
        focus |= {s for s in document.subjects() if isinstance(s, URIRef)}
        focus |= dependents(store, graph, VALIDATION_GRAPH, document)
    add_neighbourhood(store, data, focus)
    report = _validate(data, focus, base_iri)
    report.judged = frozenset(focus)
    return report


def _validate(data: Graph, focus_nodes: Iterable[URIRef] | None, base_iri: str) -> ValidationReport:
    focus = None if focus_nodes is None else {n for n in focus_nodes if isinstance(n, URIRef)}
    if focus is not None and not focus:
        return empty_report()
    return run_engine(ntriples(data), focus, base_iri)


def as_stored(triples: Iterable[RdfTriple]) -> list[RdfTriple]:
    """Return ``triples`` as the store will hold them, by passing them through a scratch store.

    Oxigraph keeps every integer type (xsd:nonNegativeInteger, xsd:int...) as xsd:integer, so
    a document validated before it is stored must be validated in that form to be judged as
    it will be after.
    """
    scratch = EmbeddedStore(None)
    try:
        scratch.replace_graph(_SCRATCH_GRAPH, triples)
        return list(scratch.triples(_SCRATCH_GRAPH))
    finally:
        scratch.close()


def _with_ontology(triples: Iterable[RdfTriple] = ()) -> Graph:
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in _ontology_for_shapes())
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


@lru_cache(maxsize=1)
def _ontology_for_shapes() -> tuple[RdfTriple, ...]:
    """The part of the ontology the shapes read: classes and their hierarchy, concept schemes."""
    return tuple(t for p in (RDF.type, RDFS.subClassOf, SKOS.inScheme)
                 for t in ontology_graph().triples((None, p, None)))
