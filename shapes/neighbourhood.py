"""Fetch from the store what the shapes need to judge one document's resources.

Validating a new document must not re-validate the whole graph, but its rules look past the
document: a chair's directorship may be stated elsewhere, a meeting's twin may come from
another document. ``add_neighbourhood`` adds to a graph that holds the document's triples
the triples of the store (other documents) that the shapes can read when their focus node
is one of the document's resources: all of those, and a few more. Each step below is needed
by some test in tests/test_shapes_incremental.py: leave one out and a test fails.

Each step follows one link of a rule, from nodes already in the graph, with a single
CONSTRUCT over the store: the next nodes are always read from the graph, which holds the
new document's triples as well as what was fetched, so a path that runs partly through the
new document and partly through the store is followed to its end. The document's own graph
(if it is being re-loaded) and the validation report are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from string import Template

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, SKOS
from rdflib.term import Node

from kommunegraf.store import GraphStore, to_rdflib
from ontology import KG

# Links that shapes follow backwards (inverse paths, sh:targetObjectsOf).
INCOMING_LINKS = (KG.hasAgendaItem, KG.decision, KG.substitution, KG.evidence, KG.nameVariant)
MANDATE_FIELDS = (KG.holder, KG.role, KG.body, KG.startDate, KG.endDate)

_CHUNK = 400

# One query per predicate, written into the pattern: with the predicates given as a second
# VALUES clause instead, Oxigraph 0.5 took 170 ms instead of 2 ms for 400 subjects.
_OUTGOING = Template("""
CONSTRUCT { ?s $predicate ?o } WHERE {
    VALUES ?s { $nodes }
    GRAPH ?g { ?s $predicate ?o }
    FILTER (?g NOT IN ($excluded))
}""")

_INCOMING = Template("""
CONSTRUCT { ?s $predicate ?o } WHERE {
    VALUES ?o { $nodes }
    GRAPH ?g { ?s $predicate ?o }
    FILTER (?g NOT IN ($excluded))
}""")


class _Fetcher:
    """Adds triples of the store, outside the excluded graphs, to one rdflib graph."""

    def __init__(self, store: GraphStore, graph: Graph, exclude: Sequence[str]) -> None:
        self.store = store
        self.graph = graph
        self.excluded = ", ".join(URIRef(g).n3() for g in exclude)

    def outgoing(self, nodes: Iterable[Node], predicates: Sequence[URIRef] = ()) -> None:
        """Add the triples whose subject is one of ``nodes`` (only ``predicates``, if given)."""
        self._run(_OUTGOING, nodes, predicates)

    def incoming(self, nodes: Iterable[Node], predicates: Sequence[URIRef]) -> None:
        """Add the triples whose object is one of ``nodes`` and predicate one of ``predicates``."""
        self._run(_INCOMING, nodes, predicates)

    def _run(self, template: Template, nodes: Iterable[Node],
             predicates: Sequence[URIRef]) -> None:
        iris = sorted({n for n in nodes if isinstance(n, URIRef)})
        for predicate in [p.n3() for p in predicates] or ["?p"]:
            for i in range(0, len(iris), _CHUNK):
                query = template.substitute(
                    nodes=" ".join(n.n3() for n in iris[i:i + _CHUNK]),
                    predicate=predicate, excluded=self.excluded)
                self.graph.addN(
                    (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), self.graph)
                    for t in self.store.query(query, union=False))


def add_neighbourhood(store: GraphStore, graph: Graph, focus: set[URIRef],
                      exclude: Sequence[str]) -> None:
    """Add to ``graph`` what the shapes read about the ``focus`` nodes from the store."""
    fetch = _Fetcher(store, graph, exclude)

    # Node shapes: every statement about a focus node, the links into it that paths and
    # targets follow backwards, and the types of what it links to (sh:class).
    fetch.outgoing(focus)
    fetch.incoming(focus, INCOMING_LINKS)
    fetch.outgoing(_objects(graph, focus) - focus, [RDF.type])

    # Mandate rules: the holders' names and all their mandates, with those mandates' bodies
    # (a directorship counts only in a kg:Municipality of the right region).
    mandates = {m for m in focus if (m, KG.holder, None) in graph}
    holders = _objects(graph, mandates, KG.holder)
    fetch.outgoing(holders, [FOAF.name])
    fetch.incoming(holders, [KG.holder])
    held = _subjects(graph, KG.holder, holders) - focus
    fetch.outgoing(held, MANDATE_FIELDS)
    fetch.outgoing(_objects(graph, held | mandates, KG.body) - focus,
                   [RDF.type, KG.regionName, SKOS.prefLabel])

    # DASSOS' chair appointed by KD-Net: decision <- agenda item <- meeting -> body.
    decisions = _objects(graph, mandates, KG.establishedBy)
    fetch.incoming(decisions, [KG.decision])
    items = _subjects(graph, KG.decision, decisions)
    fetch.incoming(items, [KG.hasAgendaItem])
    fetch.outgoing(_subjects(graph, KG.hasAgendaItem, items) - focus, [KG.heldBy])

    # A substitute is not a member: the holders' substitutions, their documents and meetings.
    fetch.incoming(holders, [KG.substitute])
    substitutions = _subjects(graph, KG.substitute, holders)
    fetch.outgoing(substitutions - focus, [KG.substitute, PROV.wasDerivedFrom])
    fetch.incoming(substitutions, [KG.substitution])
    fetch.outgoing(_subjects(graph, KG.substitution, substitutions) - focus, [KG.heldBy])

    # Stated member counts: the mandates of the focus bodies that state one.
    counted = {b for b in focus if (b, KG.statedMemberCount, None) in graph}
    fetch.incoming(counted, [KG.body])
    fetch.outgoing(_subjects(graph, KG.body, counted) - focus, MANDATE_FIELDS)

    # One meeting per body and date: the other meetings of the same bodies, with dates.
    meetings = {m for m in focus if (m, KG.heldBy, None) in graph}
    hosts = _objects(graph, meetings, KG.heldBy)
    fetch.incoming(hosts, [KG.heldBy])
    fetch.outgoing(_subjects(graph, KG.heldBy, hosts) - focus, [KG.date])

    # Groups under KD-Net, and no body its own ancestor: the chains of parent bodies of the
    # focus bodies, the mandates' bodies and the meetings' bodies, with their names.
    frontier = focus | _objects(graph, mandates, KG.body) | hosts
    seen = set(frontier)
    while frontier:
        fetch.outgoing(frontier - focus, [ORG.subOrganizationOf, SKOS.prefLabel])
        frontier = _objects(graph, frontier, ORG.subOrganizationOf) - seen
        seen |= frontier

    # Quotes match their source: the text of the documents the focus evidence points into.
    documents = _objects(graph, focus, KG.inDocument)
    fetch.outgoing({d for d in documents if (d, KG.content, None) not in graph}, [KG.content])


def _objects(graph: Graph, subjects: Iterable[Node], predicate: URIRef | None = None) -> set[Node]:
    return {o for s in subjects for o in graph.objects(s, predicate) if isinstance(o, URIRef)}


def _subjects(graph: Graph, predicate: URIRef, objects: Iterable[Node]) -> set[Node]:
    return {s for o in objects for s in graph.subjects(predicate, o) if isinstance(s, URIRef)}
