"""Dumps and the dataset description.

- ``/export`` (HTML list for people; RDF by ``Accept`` or ``?format=``), ``/export.<suffix>``:
  the whole graph; quad formats keep the named graphs, triple formats give their union.
- ``/export/document/<sha256>.<suffix>`` or ``/export?graph=<iri>``: one named graph.
- ``/export/standard.ttl``: the union with the standard types and properties that our
  classes and properties are aligned to materialised beside ours.
- ``/void`` and ``/.well-known/void``: a VoID description with counts per class and graph.

Dumps are streamed: the store writes into a bounded queue from a worker thread and the
response reads it chunk by chunk, so a dump is never held in memory whole.
"""

from __future__ import annotations

import io
import logging
import queue
import re
import threading
from collections.abc import Callable, Iterator
from typing import IO, Any

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request
from rdflib import Literal

from api import db
from api.negotiation import (
    HTML_CHOICE,
    TRIPLE_FORMATS,
    by_name,
    negotiate,
    rdf_choices,
)
from api.presentation import SPARQL_PREFIXES, site_url
from kommunegraf.formats import RDF_FORMATS, RdfFormat
from kommunegraf.store import GraphStore
from ontology import KG_NS, OWL, PREFIXES, RDF, aligned_terms, ontology_graph

bp = Blueprint("export", __name__)
log = logging.getLogger("api")

SHA256 = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 64 * 1024
_END = object()
VOID_NS = "http://rdfs.org/ns/void#"
SD_NS = "http://www.w3.org/ns/sparql-service-description#"
DCT_NS = "http://purl.org/dc/terms/"

Writer = Callable[[IO[bytes]], None]


class _QueueWriter(io.RawIOBase):
    """A write-only file that hands what it is given to a bounded queue (a pipe in memory)."""

    def __init__(self, chunks: queue.Queue[Any], cancelled: threading.Event) -> None:
        super().__init__()
        self.chunks = chunks
        self.cancelled = cancelled

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        piece = bytes(data)
        while not self.cancelled.is_set():
            try:
                self.chunks.put(piece, timeout=0.5)
                return len(piece)
            except queue.Full:
                continue
        raise BrokenPipeError("the client went away")


def stream(write: Writer) -> Iterator[bytes]:
    """Run ``write(file)`` in a worker thread and yield what it writes, in chunks."""
    chunks: queue.Queue[Any] = queue.Queue(maxsize=8)
    cancelled = threading.Event()

    def work() -> None:
        try:
            with io.BufferedWriter(_QueueWriter(chunks, cancelled), CHUNK) as output:
                write(output)
        except Exception as error:  # reported at the end of the stream, never a traceback
            if not cancelled.is_set():
                chunks.put(error)
        finally:
            if not cancelled.is_set():
                chunks.put(_END)

    threading.Thread(target=work, name="export", daemon=True).start()
    try:
        while True:
            item = chunks.get()
            if item is _END:
                return
            if isinstance(item, Exception):
                # Headers are already sent: log, and end the body (the client sees a short file).
                log.error("export stopped: %s", item)
                return
            yield item
    finally:
        cancelled.set()


def _download(write: Writer, fmt: RdfFormat, filename: str) -> Response:
    response = Response(stream(write), mimetype=fmt.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _whole(fmt: RdfFormat) -> Response:
    store = db.get_store()
    return _download(lambda out: store.export(fmt, out), fmt, f"kommunegraf.{fmt.suffix}")


def _graph(graph: str, fmt: RdfFormat) -> Response:
    store = db.get_store()
    try:
        ox.NamedNode(graph)
    except ValueError:
        abort(404)
    if not store.has_graph(graph):
        abort(404, f"there is no graph named {graph}")
    base = db.get_config().base_iri
    name = graph[len(base):].replace("/", "-") if graph.startswith(base) else "graph"
    return _download(lambda out: store.export(fmt, out, graph), fmt,
                     f"kommunegraf-{name}.{fmt.suffix}")


@bp.get("/export")
def export() -> Response | str:
    choices = [HTML_CHOICE, *rdf_choices(RDF_FORMATS)]
    chosen = negotiate(choices, request.args.get("format"))
    if chosen is None:
        abort(406)
    graph = request.args.get("graph")
    if chosen.is_html:
        if graph:
            abort(400, "say which format to export the graph in: ?format=ttl, nq, jsonld...")
        return render_template("export.html", title="export", documents=_documents(),
                               formats=RDF_FORMATS, triple_formats=TRIPLE_FORMATS)
    assert chosen.rdf is not None
    return _graph(graph, chosen.rdf) if graph else _whole(chosen.rdf)


@bp.get("/export.<suffix>")
def export_suffix(suffix: str) -> Response:
    choice = by_name(rdf_choices(RDF_FORMATS), suffix)
    if choice is None or choice.rdf is None or choice.rdf.suffix != suffix:
        abort(404)
    return _whole(choice.rdf)


@bp.get("/export/document/<name>")
def export_document(name: str) -> Response:
    sha, dot, suffix = name.partition(".")
    choice = by_name(rdf_choices(RDF_FORMATS), suffix) if dot else None
    if not SHA256.match(sha) or choice is None or choice.rdf is None:
        abort(404)
    return _graph(db.get_config().base_iri + "document/" + sha, choice.rdf)


def standard_triples(store: GraphStore) -> Iterator[ox.Triple]:
    """The union of all graphs, then the aligned standard types and properties of its terms."""
    yield from store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", union=True)
    rdf_type = ox.NamedNode(str(RDF.type))
    graph = ontology_graph()
    typed: set[tuple[Any, ox.NamedNode]] = set()
    for term, targets in aligned_terms().items():
        if not targets:
            continue
        standard = [ox.NamedNode(str(t)) for t in targets]
        if (term, RDF.type, OWL.Class) in graph:
            for row in store.query("SELECT ?c ?s WHERE { ?s a ?c }", {"c": term}):
                for target in standard:
                    # kg:Municipality and kg:Body both give org:Organization: write it once
                    if (row["s"], target) not in typed:
                        typed.add((row["s"], target))
                        yield ox.Triple(row["s"], rdf_type, target)
        else:
            for row in store.query("SELECT DISTINCT ?p ?s ?o WHERE { ?s ?p ?o }", {"p": term}):
                for target in standard:
                    yield ox.Triple(row["s"], target, row["o"])


@bp.get("/export/standard.<suffix>")
def export_standard(suffix: str) -> Response:
    choice = by_name(rdf_choices(TRIPLE_FORMATS), suffix)
    if choice is None or choice.rdf is None or choice.rdf.quads:
        abort(404)
    fmt = choice.rdf
    store = db.get_store()

    def write(out: IO[bytes]) -> None:
        ox.serialize(standard_triples(store), out, fmt.oxigraph, prefixes=PREFIXES)

    return _download(write, fmt, f"kommunegraf-standard.{fmt.suffix}")


def _documents() -> list[dict[str, Any]]:
    base = db.get_config().base_iri
    rows = db.get_store().select(SPARQL_PREFIXES + """
        SELECT ?prefix ?g ?title WHERE { GRAPH ?g { ?g a kg:SourceDocument .
          OPTIONAL { ?g dct:title ?title } } FILTER(STRSTARTS(STR(?g), ?prefix)) }
        ORDER BY ?title""", {"prefix": Literal(base + "document/")}, union=False)
    return [{"iri": str(r["g"]), "sha": str(r["g"])[len(base + "document/"):],
             "title": str(r.get("title") or r["g"])} for r in rows]


def _void_counts(store: GraphStore) -> dict[str, Any]:
    classes = store.select(
        "SELECT ?ns ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class . "
        "FILTER(STRSTARTS(STR(?class), ?ns)) } GROUP BY ?ns ?class ORDER BY ?class",
        {"ns": Literal(KG_NS)})
    graphs = store.select(
        "SELECT ?g (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) "
        "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g", union=False)
    entities = store.select(
        "SELECT ?base (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o . "
        "FILTER(ISIRI(?s) && STRSTARTS(STR(?s), ?base)) } GROUP BY ?base",
        {"base": Literal(db.get_config().base_iri)})
    return {
        "classes": [(str(r["class"]), int(str(r["n"]))) for r in classes],
        "graphs": [(str(r["g"]), int(str(r["triples"])), int(str(r["subjects"])))
                   for r in graphs],
        "entities": int(str(entities[0]["n"])) if entities else 0,
        "triples": store.count(),
    }


def grouped(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Sort a small description by subject, so Turtle writes each subject once."""
    return sorted(triples, key=lambda t: (isinstance(t.subject, ox.BlankNode), str(t.subject)))


def void_triples() -> list[ox.Triple]:
    """VoID: the dataset, its endpoint and dumps, a partition per class, a subset per graph."""
    counts = db.cached("void", _void_counts)
    base = db.get_config().base_iri
    dataset = ox.NamedNode(site_url("export.void"))

    def v(name: str) -> ox.NamedNode:
        return ox.NamedNode(VOID_NS + name)

    def integer(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))

    rdf_type = ox.NamedNode(str(RDF.type))
    triples = [
        ox.Triple(dataset, rdf_type, v("Dataset")),
        ox.Triple(dataset, ox.NamedNode(DCT_NS + "title"),
                  ox.Literal("kommunegraf", language="da")),
        ox.Triple(dataset, ox.NamedNode(DCT_NS + "description"), ox.Literal(
            "Personer, organer, hverv, møder, dagsordenspunkter og beslutninger udtrukket af "
            "offentlige mødedokumenter, med kildecitater.", language="da")),
        ox.Triple(dataset, v("sparqlEndpoint"),
                  ox.NamedNode(site_url("sparql.endpoint"))),
        ox.Triple(dataset, v("uriSpace"), ox.Literal(base)),
        ox.Triple(dataset, v("triples"), integer(counts["triples"])),
        ox.Triple(dataset, v("entities"), integer(counts["entities"])),
    ]
    for fmt in RDF_FORMATS:
        if fmt.quads:
            triples.append(ox.Triple(dataset, v("dataDump"), ox.NamedNode(
                site_url("export.export_suffix", suffix=fmt.suffix))))
    for namespace in dict.fromkeys(PREFIXES.values()):
        triples.append(ox.Triple(dataset, v("vocabulary"), ox.NamedNode(namespace)))
    for number, (cls, n) in enumerate(counts["classes"]):
        partition = ox.NamedNode(f"{dataset.value}#class-{number}")
        triples += [
            ox.Triple(dataset, v("classPartition"), partition),
            ox.Triple(partition, v("class"), ox.NamedNode(cls)),
            ox.Triple(partition, v("entities"), integer(n)),
        ]
    for number, (graph, n_triples, n_subjects) in enumerate(counts["graphs"]):
        subset = ox.NamedNode(f"{dataset.value}#graph-{number}")
        triples += [
            ox.Triple(dataset, v("subset"), subset),
            ox.Triple(subset, rdf_type, v("Dataset")),
            ox.Triple(subset, ox.NamedNode(SD_NS + "name"), ox.NamedNode(graph)),
            ox.Triple(subset, v("triples"), integer(n_triples)),
            ox.Triple(subset, v("entities"), integer(n_subjects)),
        ]
        if graph.startswith(base + "document/"):
            sha = graph[len(base + "document/"):]
            if SHA256.match(sha):
                triples += [
                    ox.Triple(subset, ox.NamedNode(DCT_NS + "source"), ox.NamedNode(graph)),
                    ox.Triple(subset, v("dataDump"), ox.NamedNode(site_url(
                        "export.export_document", name=f"{sha}.nq"))),
                ]
    return triples


@bp.get("/.well-known/void")
@bp.get("/void")
def void() -> Response:
    chosen = negotiate(rdf_choices(TRIPLE_FORMATS), request.args.get("format"))
    if chosen is None or chosen.rdf is None:
        abort(406)
    body = ox.serialize(grouped(void_triples()), None, chosen.rdf.oxigraph,
                        prefixes={**PREFIXES, "sd": SD_NS}) or b""
    response = Response(body, mimetype=chosen.rdf.media_type)
    response.vary.add("Accept")
    return response
