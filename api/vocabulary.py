"""``/ontology``: the ontology as readable documentation, or as RDF (``/ontology.ttl``).

Read from the ontology graph in the store; when the store has no ontology graph yet, from
the packaged ``ontology/kommunegraf.ttl`` (the page says so).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from api import db
from api.negotiation import HTML_CHOICE, TRIPLE_FORMATS, alternates, by_name, negotiate, rdf_choices
from api.presentation import curie, href
from kommunegraf.formats import RdfFormat
from kommunegraf.store import ONTOLOGY_GRAPH, GraphStore, to_oxigraph
from ontology import (
    DCT,
    KG_NS,
    ONTOLOGY_IRI,
    ONTOLOGY_PATH,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    SKOS,
    ontology_graph,
)

bp = Blueprint("vocabulary", __name__)

CHOICES = [HTML_CHOICE, *rdf_choices(TRIPLE_FORMATS)]
SECTIONS = (
    ("classes", OWL.Class),
    ("object_properties", OWL.ObjectProperty),
    ("datatype_properties", OWL.DatatypeProperty),
    ("annotation_properties", OWL.AnnotationProperty),
)
ALIGNMENTS = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty)

Triples = dict[Node, dict[Node, list[Node]]]


def _load(store: GraphStore) -> tuple[Triples, bool]:
    rows = store.select("SELECT ?og ?s ?p ?o WHERE { GRAPH ?og { ?s ?p ?o } }",
                        {"og": URIRef(ONTOLOGY_GRAPH)}, union=False)
    from_store = bool(rows)
    source: Iterable[tuple[Node, Node, Node]] = (
        ((r["s"], r["p"], r["o"]) for r in rows) if from_store else ontology_graph())
    triples: Triples = {}
    for s, p, o in source:
        triples.setdefault(s, {}).setdefault(p, []).append(o)
    return triples, from_store


def _texts(props: dict[Node, list[Node]], *predicates: Node) -> dict[str, str]:
    found: dict[str, str] = {}
    for predicate in predicates:
        for value in props.get(predicate, []):
            if isinstance(value, Literal):
                found.setdefault(value.language or "", str(value))
    return found


def _rdf_list(triples: Triples, node: Node) -> list[Node]:
    items: list[Node] = []
    while node != RDF.nil and node in triples and len(items) < 100:
        items += triples[node].get(RDF.first, [])
        node = (triples[node].get(RDF.rest) or [RDF.nil])[0]
    return items


def _expression(triples: Triples, node: Node) -> list[dict[str, Any]]:
    """A class or range as links: an IRI, or the members of an owl:unionOf."""
    if isinstance(node, URIRef):
        return [{"text": curie(node), "href": href(node), "iri": str(node)}]
    if isinstance(node, BNode):
        members = triples.get(node, {}).get(OWL.unionOf, [])
        if members:
            return [part for member in _rdf_list(triples, members[0])
                    for part in _expression(triples, member)]
    return []


def _term(triples: Triples, iri: Node) -> dict[str, Any]:
    props = triples.get(iri, {})
    aligned = [{"text": curie(o), "href": href(o), "relation": curie(p)}
               for p in ALIGNMENTS for o in props.get(p, []) if isinstance(o, URIRef)]
    return {
        "iri": str(iri),
        "name": str(iri)[len(KG_NS):],
        "labels": _texts(props, SKOS.prefLabel, RDFS.label),
        "alt_labels": [str(v) for v in props.get(SKOS.altLabel, [])],
        "definitions": _texts(props, SKOS.definition),
        "comments": _texts(props, RDFS.comment),
        "aligned": aligned,
        "domain": [p for d in props.get(RDFS.domain, []) for p in _expression(triples, d)],
        "range": [p for r in props.get(RDFS.range, []) for p in _expression(triples, r)],
    }


def _documentation(store: GraphStore) -> dict[str, Any]:
    triples, from_store = _load(store)

    def ours(kind: Node) -> list[Node]:
        return sorted((s for s, props in triples.items()
                       if isinstance(s, URIRef) and str(s).startswith(KG_NS)
                       and kind in props.get(RDF.type, [])), key=str)

    sections = [(name, [_term(triples, s) for s in ours(kind)]) for name, kind in SECTIONS]
    schemes = []
    for scheme in ours(SKOS.ConceptScheme):
        concepts = sorted((s for s, props in triples.items()
                           if scheme in props.get(SKOS.inScheme, [])), key=str)
        schemes.append({**_term(triples, scheme),
                        "concepts": [_term(triples, c) for c in concepts]})
    header = triples.get(URIRef(ONTOLOGY_IRI), {})
    return {
        "from_store": from_store,
        "titles": _texts(header, DCT.title, RDFS.label),
        "descriptions": _texts(header, DCT.description),
        "version": " ".join(str(v) for v in header.get(OWL.versionInfo, [])),
        "sections": sections,
        "schemes": schemes,
    }


def _rdf(fmt: RdfFormat) -> Response:
    store = db.get_store()
    if store.has_graph(ONTOLOGY_GRAPH):
        triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?og { ?s ?p ?o } }",
                              {"og": URIRef(ONTOLOGY_GRAPH)}, union=False)
        # Small enough to sort, so that Turtle writes each term once with all it says.
        ordered = sorted(triples, key=lambda t: (isinstance(t.subject, ox.BlankNode),
                                                 str(t.subject), str(t.predicate)))
        body = ox.serialize(ordered, None, fmt.oxigraph, prefixes=PREFIXES) or b""
    elif fmt.name == "ttl":
        body = ONTOLOGY_PATH.read_bytes()
    else:
        triples = [ox.Triple(*map(to_oxigraph, triple))  # type: ignore[arg-type]
                   for triple in ontology_graph()]
        body = ox.serialize(triples, None, fmt.oxigraph, prefixes=PREFIXES) or b""
    response = Response(body, mimetype=fmt.media_type)
    response.headers["Link"] = '</ontology>; rel="alternate"; type="text/html"'
    return response


@bp.get("/ontology")
def ontology() -> Response:
    chosen = negotiate(CHOICES, request.args.get("format"))
    if chosen is None:
        abort(406)
    if chosen.rdf is not None:
        response = _rdf(chosen.rdf)
    else:
        html = render_template("ontology.html", title="ontology",
                               alternates=alternates("/ontology", TRIPLE_FORMATS),
                               **db.cached("ontology-documentation", _documentation))
        response = Response(html, mimetype="text/html")
    response.vary.add("Accept")
    return response


@bp.get("/ontology.<suffix>")
def ontology_suffix(suffix: str) -> Response:
    choice = by_name(CHOICES[1:], suffix)
    if choice is None or choice.rdf is None or choice.rdf.suffix != suffix:
        abort(404)
    return _rdf(choice.rdf)
