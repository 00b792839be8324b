"""Linked data, the ontology, the dumps and VoID, through the Flask test client."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF, VOID
from rdflib.term import Node

from api import create_app
from kommunegraf.config import load_config
from kommunegraf.store import VALIDATION_GRAPH, EmbeddedStore, to_rdflib
from ontology import KG, ontology_graph
from tests.conftest import load_api_sample as load_sample

FIXTURE = Path(__file__).parent / "fixtures" / "api-sample.trig"
BASE = "https://kommunegraf.dk/id/"
DOC = "0fdc01abd8bb8a62c4f382ab77a3946fc3cde839a3f13c19f676288b21700e9f"
DOC2 = "4a868ad4cc3eb76b61e5acbc2495edd4932ba23b6ffd67df20df7dfd64c33027"
PERSON = URIRef(BASE + "person/steinar-eggen-kristiansen")

# (media type, suffix, parser) of each format an entity is served in.
FORMATS = [
    ("text/turtle", "ttl", ox.RdfFormat.TURTLE),
    ("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML),
]
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


@pytest.fixture(scope="module")
def sample_store() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(None)
    load_sample(store)
    yield store


@pytest.fixture(scope="module")
def app(sample_store: EmbeddedStore) -> Flask:
    return create_app(load_config({"store": ":memory:"}, environ={}), store=sample_store)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def term(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """An rdflib term, with xsd:string literals written plainly as rdflib parsers do."""
    converted = to_rdflib(node)
    if isinstance(converted, Literal) and converted.datatype == XSD_STRING:
        return Literal(str(converted))
    return converted


def parse(data: bytes, parser: ox.RdfFormat | str) -> Graph:
    """Parse with pyoxigraph (rdflib's JSON-LD parser warns about deprecations)."""
    if isinstance(parser, str):
        parser = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}[parser]
    graph = Graph()
    for quad in ox.parse(data, parser):
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph


# --- the fixture itself -------------------------------------------------------------------


def test_fixture_quotes_are_exact_substrings_at_their_offsets() -> None:
    quads = list(ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG))
    content = {q.subject.value: q.object.value for q in quads
               if q.predicate.value == str(KG.content)}
    for iri, text in content.items():
        assert iri == BASE + "document/" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    evidence: dict[str, dict[str, str]] = {}
    for q in quads:
        if q.predicate.value in (str(KG.quote), str(KG.start), str(KG.end), str(KG.inDocument)):
            evidence.setdefault(q.subject.value, {})[q.predicate.value] = q.object.value
    used = {q.object.value for q in quads if q.predicate.value == str(KG.evidence)}
    assert used <= set(evidence), "every kg:evidence points at a described evidence node"
    for iri, e in evidence.items():
        start, end = int(e[str(KG.start)]), int(e[str(KG.end)])
        assert content[e[str(KG.inDocument)]][start:end] == e[str(KG.quote)], iri
        assert iri.endswith(f"-{start}-{end}")


# --- linked data --------------------------------------------------------------------------


@pytest.mark.parametrize(("media_type", "suffix", "parser"), FORMATS)
def test_entity_by_accept(client: FlaskClient, media_type: str, suffix: str,
                          parser: ox.RdfFormat) -> None:
    response = client.get("/id/person/steinar-eggen-kristiansen", headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]
    graph = parse(response.data, parser)
    assert (PERSON, FOAF.name, Literal("Steinar Eggen Kristiansen")) in graph
    # Triples with the person as object come along (the mandates that name it as holder).
    mandate = URIRef(BASE + "mandate/steinar-eggen-kristiansen--chair--uddannelsesstyregruppen"
                            "--2020-05-29")
    assert (mandate, KG.holder, PERSON) in graph


@pytest.mark.parametrize(("media_type", "suffix", "parser"), FORMATS)
def test_entity_by_suffix(client: FlaskClient, media_type: str, suffix: str,
                          parser: ox.RdfFormat) -> None:
    response = client.get(f"/id/person/steinar-eggen-kristiansen.{suffix}",
                          headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == media_type
    assert (PERSON, RDF.type, KG.Person) in parse(response.data, parser)


def test_description_is_all_triples_in_and_out_from_all_graphs(
        client: FlaskClient, sample_store: EmbeddedStore) -> None:
    iri = URIRef(BASE + "person/jesper-kaas-schmidt")
    response = client.get("/id/person/jesper-kaas-schmidt.nt")
    graph = parse(response.data, "nt")
    expected = {tuple(_plain(r[k]) for k in "spo") for r in sample_store.select(
        "SELECT ?e ?s ?p ?o WHERE { { ?e ?p ?o BIND(?e AS ?s) } "
        "UNION { ?s ?p ?e BIND(?e AS ?o) } }",
        {"e": iri})}
    assert set(graph) == expected
    docs = {o for s, p, o in graph if p == URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")}
    assert docs == {URIRef(BASE + "document/" + DOC), URIRef(BASE + "document/" + DOC2)}


def test_html_is_the_default_and_links_the_alternates(client: FlaskClient) -> None:
    response = client.get("/id/body/kd-net", headers={"Accept": "*/*"})
    assert response.mimetype == "text/html"
    link = response.headers["Link"]
    for _, suffix, _ in FORMATS:
        assert f"</id/body/kd-net.{suffix}>; rel=\"alternate\"" in link
    assert 'type="text/turtle"' in link and 'type="application/ld+json"' in link
    assert '<link rel="alternate" type="text/turtle" href="/id/body/kd-net.ttl">' in \
        response.get_data(as_text=True)


def test_entity_format_parameter(client: FlaskClient) -> None:
    response = client.get("/id/body/kd-net?format=ttl")
    assert response.mimetype == "text/turtle"


def test_every_iri_under_the_base_resolves(client: FlaskClient,
                                           sample_store: EmbeddedStore) -> None:
    rows = sample_store.select(
        "SELECT DISTINCT ?base ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } "
        "FILTER(ISIRI(?x) && STRSTARTS(STR(?x), ?base)) }", {"base": Literal(BASE)})
    assert len(rows) > 60
    for row in rows:
        path = "/id/" + str(row["x"])[len(BASE):]
        assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 200, path


@pytest.mark.parametrize("path", ["/id/person/nobody", "/id/person/nobody.ttl",
                                  "/id/person/a%20b", "/id/person/%3Cx%3E", "/id/PERSON/x",
                                  "/id/person/", "/id/document/abc.xyz"])
def test_unknown_iri_is_404(client: FlaskClient, path: str) -> None:
    assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 404


@pytest.mark.parametrize("accept", ["application/pdf", "image/png", "application/json"])
def test_unsupported_accept_is_406(client: FlaskClient, accept: str) -> None:
    response = client.get("/id/person/jens-hansen", headers={"Accept": accept})
    assert response.status_code == 406
    assert client.get("/id/person/jens-hansen?format=pdf").status_code == 406


def test_get_responses_allow_cross_origin_reads(client: FlaskClient) -> None:
    response = client.get("/id/person/jens-hansen.ttl")
    assert response.headers["Access-Control-Allow-Origin"] == "*"


# --- the ontology -------------------------------------------------------------------------


def test_ontology_page_documents_terms_in_both_languages(client: FlaskClient) -> None:
    response = client.get("/ontology", headers={"Accept": "text/html"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="Person"' in html and 'id="holder"' in html and 'id="Chair"' in html
    assert "Hverv" in html and "Mandate" in html  # Danish and English labels
    assert "En persons rolle i et organ over en periode" in html  # a Danish definition
    assert "A person&#39;s role in a body" in html or "A person's role in a body" in html
    assert 'href="http://www.w3.org/ns/org#Membership"' in html  # alignment, linked


@pytest.mark.parametrize("path,accept", [("/ontology.ttl", None), ("/ontology", "text/turtle")])
def test_ontology_as_turtle(client: FlaskClient, path: str, accept: str | None) -> None:
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = parse(response.data, "turtle")
    assert (KG.Person, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
            FOAF.Person) in graph
    assert len(graph) == len(ontology_graph())


# --- dumps --------------------------------------------------------------------------------


def _plain(node: Node) -> Node:
    if isinstance(node, Literal) and node.datatype == XSD_STRING:
        return Literal(str(node))
    return node


@pytest.mark.parametrize("path,media_type", [
    ("/export.ttl", "text/turtle"), ("/export.nq", "application/n-quads"),
    ("/export.jsonld", "application/ld+json"), ("/export?format=nq", "application/n-quads"),
])
def test_whole_graph_export_is_streamed(client: FlaskClient, sample_store: EmbeddedStore,
                                        path: str, media_type: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == media_type
    assert response.is_streamed
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    if media_type == "application/n-quads":
        assert len(data.splitlines()) == sample_store.count()
        graphs = {q.graph_name.value for q in ox.parse(data, ox.RdfFormat.N_QUADS)}
        assert graphs == set(sample_store.graphs())
    elif media_type == "text/turtle":
        assert (PERSON, FOAF.name, Literal("Steinar Eggen Kristiansen")) in parse(data, "turtle")
    else:
        document = json.loads(data)
        assert any(entry.get("@id") == VALIDATION_GRAPH for entry in document)


def test_whole_graph_export_by_accept(client: FlaskClient) -> None:
    response = client.get("/export", headers={"Accept": "application/n-quads"})
    assert response.mimetype == "application/n-quads"
    html = client.get("/export", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert f'href="/export/document/{DOC}.ttl"' in html and 'href="/export/standard.ttl"' in html


@pytest.mark.parametrize("path", [
    f"/export/document/{DOC2}.nq",
    f"/export?graph={BASE}document/{DOC2}&format=nq",
])
def test_one_document_graph(client: FlaskClient, sample_store: EmbeddedStore, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert DOC2 in response.headers["Content-Disposition"]
    quads = list(ox.parse(response.get_data(), ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {BASE + "document/" + DOC2}
    assert len(quads) == sample_store.count(BASE + "document/" + DOC2)


@pytest.mark.parametrize("path", [
    "/export/document/" + "0" * 64 + ".ttl", "/export/document/nothex.ttl",
    f"/export/document/{DOC}.pdf", "/export?graph=https://example.org/none&format=ttl",
    "/export.pdf",
])
def test_unknown_dump_is_404(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_standard_view_materialises_the_aligned_terms(client: FlaskClient) -> None:
    response = client.get("/export/standard.ttl")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    assert response.is_streamed
    graph = parse(response.get_data(), "turtle")
    mandate = URIRef(BASE + "mandate/jens-hansen--chair--uddannelsesstyregruppen--undated")
    aarhus = URIRef(BASE + "municipality/0751")
    assert (PERSON, RDF.type, FOAF.Person) in graph
    assert (PERSON, RDF.type, KG.Person) in graph  # ours stay beside the standard terms
    assert (mandate, RDF.type, ORG.Membership) in graph
    assert (mandate, ORG.member, URIRef(BASE + "person/jens-hansen")) in graph
    assert (aarhus, RDF.type, ORG.FormalOrganization) in graph
    assert (aarhus, RDF.type, ORG.Organization) in graph
    meeting = URIRef(BASE + "meeting/kd-net--2020-05-29")
    assert (meeting, URIRef("http://schema.org/startDate"), None) in graph
    assert (meeting, RDF.type, URIRef("http://data.vlaanderen.be/ns/besluit#Zitting")) in graph


def test_void_counts_classes_and_document_graphs(client: FlaskClient,
                                                 sample_store: EmbeddedStore) -> None:
    for path in ("/void", "/.well-known/void"):
        response = client.get(path, headers={"Accept": "text/turtle"})
        assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = parse(response.data, "turtle")
    dataset = next(graph.subjects(VOID.sparqlEndpoint, None))
    assert int(graph.value(dataset, VOID.triples)) == sample_store.count()  # type: ignore[arg-type]
    partitions = {graph.value(p, VOID["class"]): int(graph.value(p, VOID.entities))  # type: ignore[arg-type]
                  for p in graph.objects(dataset, VOID.classPartition)}
    assert partitions[KG.Person] == 6 and partitions[KG.Meeting] == 3
    subsets = {graph.value(s, URIRef("http://www.w3.org/ns/sparql-service-description#name")):
               int(graph.value(s, VOID.triples))  # type: ignore[arg-type]
               for s in graph.objects(dataset, VOID.subset)}
    assert subsets[URIRef(BASE + "document/" + DOC2)] == sample_store.count(
        BASE + "document/" + DOC2)
    assert URIRef(VALIDATION_GRAPH) in subsets


def test_stream_stops_when_the_reader_goes_away(app: Flask) -> None:
    from api.export import stream

    written = []

    def endless(out: io.BufferedIOBase) -> None:
        while True:
            out.write(b"x" * 65536)
            written.append(1)

    chunks = stream(endless)  # type: ignore[arg-type]
    assert next(chunks)
    chunks.close()  # the client hung up: the writer must stop instead of running forever
    import time

    time.sleep(1.5)
    count = len(written)
    time.sleep(0.5)
    assert len(written) == count


def test_ontology_falls_back_to_the_packaged_file() -> None:
    app = create_app(load_config({"store": ":memory:"}, environ={}), store=EmbeddedStore(None))
    client = app.test_client()
    from ontology import ONTOLOGY_PATH

    assert client.get("/ontology.ttl").data == ONTOLOGY_PATH.read_bytes()
    graph = parse(client.get("/ontology.nt").data, "nt")
    assert len(graph) == len(ontology_graph())
