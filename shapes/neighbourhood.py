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
new document and partly through the store is followed to its end.

The steps read the store's default graph, the set union of the documents' graphs, so a fact
that a thousand documents repeat (a body's type and name) is fetched once. That union holds
the document's own stored graph; when that graph is not the version being validated (a
re-load with changes), the steps read the other documents' graphs one by one instead and
leave the document's graph out. The validation report is never read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from string import Template

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, SKOS
from rdflib.term import Node

from kommunegraf.store import GraphStore, to_rdflib
from ontology import KG

# Links that shapes follow backwards (inverse paths, sh:targetObjectsOf).
INCOMING_LINKS = (KG.hasAgendaItem, KG.decision, KG.substitution, KG.evidence, KG.nameVariant)
MANDATE_FIELDS = (KG.holder, KG.role, KG.body, KG.startDate, KG.endDate)
# Links every document adds one more value of to the resources it names.
PER_DOCUMENT_LINKS = (KG.evidence, PROV.wasDerivedFrom)

_CHUNK = 400

# One query per predicate, written into the pattern: with the predicates given as a second
# VALUES clause instead, Oxigraph 0.5 took 170 ms instead of 2 ms for 400 subjects.
_OUTGOING = Template("""
CONSTRUCT { ?s $predicate ?o } WHERE {
    VALUES ?s { $nodes }
    $pattern
}""")

_INCOMING = Template("""
CONSTRUCT { ?s $predicate ?o } WHERE {
    VALUES ?o { $nodes }
    $pattern
}""")

# One value of a link for each node (a hub has thousands; a rule asking for one needs one).
_ONE_VALUE = Template("""
CONSTRUCT { ?s $predicate ?one } WHERE {
    { SELECT ?s (SAMPLE(?o) AS ?one) WHERE { VALUES ?s { $nodes } $pattern } GROUP BY ?s }
}""")

_CANDIDATES = Template("""
SELECT DISTINCT ?s WHERE {
    VALUES ?s { $nodes }
    ?s kg:role kg:Member ; kg:holder ?holder .
    FILTER NOT EXISTS { ?s kg:establishedBy ?decision }
    FILTER EXISTS { ?substitution kg:substitute ?holder }
}""")

# The meetings of the given bodies on the given dates. The date is matched first: Oxigraph
# joins in the order written, and a hub body has held thousands of meetings (1.1 s against
# 4 ms for 60 pairs at 10,000 documents).
_SAME_DAY = Template("""
CONSTRUCT { ?s kg:heldBy ?body . ?s kg:date ?o } WHERE {
    VALUES (?body ?o) { $pairs }
    $dated
    $held
}""")


# The member mandates of the given bodies that are current today (as the rule counts them).
_CURRENT_MEMBERS = Template("""
CONSTRUCT { ?s kg:body ?body ; kg:role kg:Member ; kg:holder ?holder ;
               kg:startDate ?start ; kg:endDate ?end } WHERE {
    VALUES ?body { $bodies }
    $body
    $role
    $holder
    OPTIONAL { $start }
    OPTIONAL { $end }
    BIND (SUBSTR(STR(NOW()), 1, 10) AS ?today)
    FILTER (!BOUND(?start) || STR(?start) <= ?today)
    FILTER (!BOUND(?end) || STR(?end) >= ?today)
}""")


class _Fetcher:
    """Adds triples of the store, outside the excluded graphs, to one rdflib graph."""

    def __init__(self, store: GraphStore, graph: Graph, exclude: Sequence[str] | None) -> None:
        """With ``exclude`` None, read the union; otherwise every graph but those named."""
        self.store = store
        self.graph = graph
        self.excluded = None if exclude is None else ", ".join(URIRef(g).n3() for g in exclude)

    def _pattern(self, triple: str, graph: str = "?g") -> str:
        """A triple pattern over the union, or over any graph not excluded (as ``graph``)."""
        if self.excluded is None:
            return f"{triple} ."
        return f"GRAPH {graph} {{ {triple} }} FILTER ({graph} NOT IN ({self.excluded}))"

    @property
    def reads_union(self) -> bool:
        return self.excluded is None

    def outgoing(self, nodes: Iterable[Node], predicates: Sequence[URIRef] = (),
                 but: Iterable[URIRef] = ()) -> None:
        """Add the triples whose subject is one of ``nodes`` (only ``predicates``, if given;
        with no predicates given, all but those in ``but``)."""
        self._run(_OUTGOING, nodes, predicates, but)

    def incoming(self, nodes: Iterable[Node], predicates: Sequence[URIRef]) -> None:
        """Add the triples whose object is one of ``nodes`` and predicate one of ``predicates``."""
        self._run(_INCOMING, nodes, predicates)

    def same_day_meetings(self, bodies_and_dates: Iterable[tuple[Node, Node]]) -> None:
        """Add the meetings held by a body on a date, for each (body, date) pair given."""
        pairs = {f"({b.n3()} {d.n3()})" for b, d in bodies_and_dates if isinstance(b, URIRef)}
        for chunk in _chunks(pairs):
            self._add(f"PREFIX kg: <{KG}>\n" + _SAME_DAY.substitute(
                pairs=chunk,
                held=self._pattern("?s kg:heldBy ?body", "?g1"),
                dated=self._pattern("?s kg:date ?o", "?g2")))

    def substitute_rule_candidates(self, nodes: Iterable[Node]) -> set[URIRef]:
        """The member mandates among ``nodes`` with no appointing decision whose holder is
        a substitute at some meeting: those the substitute-is-not-member rule may judge."""
        found: set[URIRef] = set()
        for chunk in _chunks(_iris(nodes)):
            rows = self.store.query(f"PREFIX kg: <{KG}>\n" + _CANDIDATES.substitute(
                nodes=chunk))
            found |= {URIRef(row["s"].value) for row in rows}
        return found

    def one_value(self, nodes: Iterable[Node], predicate: URIRef) -> None:
        """Add one ``predicate`` triple of each of ``nodes`` that has any."""
        self._run(_ONE_VALUE, nodes, [predicate])

    def current_members(self, bodies: Iterable[Node]) -> None:
        """Add the member mandates of ``bodies`` that have begun and not ended today."""
        for chunk in _chunks(_iris(bodies)):
            self._add(f"PREFIX kg: <{KG}>\n" + _CURRENT_MEMBERS.substitute(
                bodies=chunk,
                body=self._pattern("?s kg:body ?body", "?g1"),
                role=self._pattern("?s kg:role kg:Member", "?g2"),
                holder=self._pattern("?s kg:holder ?holder", "?g3"),
                start=self._pattern("?s kg:startDate ?start", "?g4"),
                end=self._pattern("?s kg:endDate ?end", "?g5")))

    def _run(self, template: Template, nodes: Iterable[Node],
             predicates: Sequence[URIRef], but: Iterable[URIRef] = ()) -> None:
        iris = _iris(nodes)
        left_out = ", ".join(p.n3() for p in but)
        for predicate in [p.n3() for p in predicates] or ["?p"]:
            pattern = self._pattern(f"?s {predicate} ?o")
            if predicate == "?p" and left_out:
                pattern += f" FILTER (?p NOT IN ({left_out}))"
            for chunk in _chunks(iris):
                self._add(template.substitute(nodes=chunk, predicate=predicate,
                                              pattern=pattern))

    def _add(self, construct: str) -> None:
        self.graph.addN(
            (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), self.graph)
            for t in self.store.query(construct, union=self.reads_union))


def add_neighbourhood(store: GraphStore, graph: Graph, focus: set[URIRef],
                      exclude: Sequence[str] | None = None) -> None:
    """Add to ``graph`` what the shapes read about the ``focus`` nodes from the store.

    Without ``exclude`` the store's union of documents is read; with it, every named graph
    except those named (the document's own stored graph when it is not the version in
    ``graph``, and the validation report).
    """
    fetch = _Fetcher(store, graph, exclude)

    # Node shapes: every statement about a focus node, the links into it that paths and
    # targets follow backwards, and the types of what it links to (sh:class).
    #
    # A body named by a thousand documents has a thousand kg:evidence and prov:wasDerivedFrom
    # values, one per document. Of a resource the shapes ask only that it has one of each
    # (what each value is, is judged on the value), so when the store's union is read and
    # the document gives a node a value of its own, the other documents' values are not
    # fetched: the findings stay the same, the fetch stays small. Mandates get all values:
    # a SPARQL rule compares their documents.
    # A node the document gives no value of its own (a resource of another document that
    # its facts reach) needs one value, not all. Only the sources of a member mandate whose
    # holder was a substitute somewhere are all read: the substitute rule compares them.
    if not fetch.reads_union:
        fetch.outgoing(focus)
    else:
        fetch.outgoing(focus, but=PER_DOCUMENT_LINKS)
        compared = fetch.substitute_rule_candidates(focus)
        fetch.outgoing(compared, [PROV.wasDerivedFrom])
        for link in PER_DOCUMENT_LINKS:
            read = compared if link == PROV.wasDerivedFrom else set()
            fetch.one_value(focus - {s for s in focus if (s, link, None) in graph} - read, link)
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

    # Stated member counts: the current member mandates of the focus bodies that state one
    # (only those are counted; a body of ten thousand documents has thousands of old ones).
    fetch.current_members({b for b in focus if (b, KG.statedMemberCount, None) in graph})

    # One meeting per body and date: the other meetings of the same bodies on the same dates.
    meetings = {m for m in focus if (m, KG.heldBy, None) in graph}
    hosts = _objects(graph, meetings, KG.heldBy)
    fetch.same_day_meetings((body, day) for m in meetings for body in graph.objects(m, KG.heldBy)
                            for day in graph.objects(m, KG.date))

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


# What a new fact can change for resources outside the document that states it.
_NEW_FACTS = Template("""
SELECT ?s ?p ?o WHERE {
    GRAPH <$graph> { ?s ?p ?o }
    FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER (?other NOT IN (<$graph>, <$report>)) }
}""")

# What a new fact reaches, one UNION branch per kind of value; a branch whose VALUES would
# be empty is left out (Virtuoso refuses a transitive path with neither end bound).
_DEPENDENT_BRANCHES = {
    "holders": "{ VALUES ?holder { $values } ?dependent kg:holder ?holder }",
    "municipalities": "{ VALUES ?municipality { $values } ?directorship kg:body ?municipality ;"
                      " kg:holder ?holder . ?dependent kg:holder ?holder }",
    "bodies": "{ VALUES ?body { $values } ?body kg:statedMemberCount ?count ."
              " BIND(?body AS ?dependent) }",
    "days": "{ VALUES (?body ?day) { $values } ?dependent kg:date ?day ; kg:heldBy ?body }",
    "decisions": "{ VALUES ?decision { $values } ?dependent kg:establishedBy ?decision }",
    "groups": "{ VALUES ?group { $values } ?body org:subOrganizationOf* ?group ."
              " ?dependent kg:body ?body }",
    "typed": "{ VALUES ?typed { $values } ?dependent ?link ?typed }",
}
_DEPENDENTS = Template("""
PREFIX kg: <https://kommunegraf.dk/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT DISTINCT ?dependent WHERE { $branches }""")


def dependents(store: GraphStore, document_graph_iri: str, report_graph_iri: str,
               document: Graph) -> set[URIRef]:
    """Resources outside a stored document whose findings its new facts may change.

    A document changes what the rules find about other documents' resources only through
    facts that no other document states. Each rule that looks past its focus node says what
    such a fact reaches: a new mandate, directorship or substitution of a person reaches
    that person's other mandates (the director and substitute rules); a new mandate in a
    body with a stated member count reaches the body; a meeting reaches the body's other
    meetings on its date; a decision or agenda item reaches the mandates it appointed (the
    DASSOS rule); a new parent body reaches the mandates of its new descendants (groups
    under KD-Net); a new type reaches what links to the typed resource (sh:class); a link
    into a resource reaches that resource.
    """
    new = Graph()
    for row in store.query(_NEW_FACTS.substitute(graph=document_graph_iri,
                                                 report=report_graph_iri), union=False):
        new.add((to_rdflib(row["s"]), to_rdflib(row["p"]), to_rdflib(row["o"])))
    if not len(new):
        return set()
    mandates = {s for s in set(new.subjects()) if (s, KG.holder, None) in document}
    holders = _objects(document, mandates, KG.holder) | set(new.objects(None, KG.substitute))
    municipalities = set(new.subjects(RDF.type, KG.Municipality)) | set(
        new.subjects(KG.regionName))
    bodies = set(new.objects(None, KG.body))
    meetings = set(new.subjects(KG.heldBy)) | set(new.subjects(KG.date))
    days = {(b, d) for m in meetings for b in document.objects(m, KG.heldBy)
            for d in document.objects(m, KG.date)}
    items = set(new.objects(None, KG.hasAgendaItem)) | set(new.subjects(KG.decision))
    decisions = set(new.objects(None, KG.decision)) | _objects(document, items, KG.decision)
    groups = set(new.subjects(ORG.subOrganizationOf))
    found = {o for p in INCOMING_LINKS for o in new.objects(None, p) if isinstance(o, URIRef)}
    values = {
        "holders": _values(holders), "municipalities": _values(municipalities),
        "bodies": _values(bodies), "decisions": _values(decisions), "groups": _values(groups),
        "typed": _values(new.subjects(RDF.type)),
        "days": " ".join(f"({b.n3()} {d.n3()})" for b, d in days if isinstance(b, URIRef))}
    branches = [Template(_DEPENDENT_BRANCHES[kind]).substitute(values=found_values)
                for kind, found_values in values.items() if found_values]
    if branches:
        query = _DEPENDENTS.substitute(branches=" UNION ".join(branches))
        found |= {to_rdflib(row["dependent"]) for row in store.query(query)}  # type: ignore[misc]
    return {n for n in found if isinstance(n, URIRef)}


def _iris(nodes: Iterable[Node]) -> set[str]:
    """The IRIs among ``nodes``, written for a VALUES clause."""
    return {n.n3() for n in nodes if isinstance(n, URIRef)}


def _chunks(terms: set[str]) -> Iterator[str]:
    """The terms, sorted, in VALUES clauses of at most _CHUNK (queries stay short)."""
    ordered = sorted(terms)
    for i in range(0, len(ordered), _CHUNK):
        yield " ".join(ordered[i:i + _CHUNK])


def _values(nodes: Iterable[Node]) -> str:
    return " ".join(sorted(_iris(nodes)))
