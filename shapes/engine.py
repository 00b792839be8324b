"""Run the shapes on a data graph with the compiled SHACL engine (the ``shacl`` package).

The engine is a SHACL Core + SHACL-SPARQL validator written in Rust. On our shapes it gives
the same findings as pyshacl (tests/test_shapes_engines.py holds it to that on the seeds and
on synthetic corpora, with pyshacl run from ``shapes.reference``) faster: 5 to 30 times on
one document's neighbourhood (milliseconds instead of most of a second), 2 to 7 times on a
whole store (benchmarks, 1,000 and 100 documents).

It validates every node of the graph it is given; with focus nodes, the results about other
nodes (the neighbourhood fetched for them, which is described only in part) are dropped. It
returns SPARQL messages with their templates unfilled ("{?holderName} er formand for ..."),
so each found SPARQL result's query is run once more, on Oxigraph over the same data, to
fill them as SHACL-SPARQL says: every variable of the matching solution, by its text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
import shacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from kommunegraf.store import to_oxigraph, to_rdflib
from shapes.loading import shapes_graph
from shapes.report import ValidationReport, build_report, simple_term

_TEMPLATE = re.compile(r"\{[?$](\w+)\}")


@lru_cache(maxsize=4)
def compiled_shapes(base_iri: str) -> shacl.Shapes:
    """The shapes compiled once per base IRI (compiling is a fair share of a small run)."""
    return shacl.Shapes.from_text(shapes_graph(base_iri).serialize(format="turtle"))


def run_engine(text: str, focus: set[URIRef] | None, base_iri: str) -> ValidationReport:
    """Validate the N-Triples ``text``; keep the results about ``focus`` (all when None)."""
    outcome = compiled_shapes(base_iri).validate_text(text, format="ntriples",
                                                      allow_warnings=True)
    shapes = shapes_graph(base_iri)
    results = _report_graph(outcome.serialize("ntriples"), focus)
    _fill_sparql_messages(results, shapes, text)
    return build_report(results, shapes)


def _report_graph(report: str, focus: set[URIRef] | None) -> Graph:
    """The report as an rdflib graph, with only the results about ``focus`` when given.

    Parsed with Oxigraph and filtered before rdflib sees it: a document's neighbourhood
    yields thousands of results about the nodes fetched around it, and few about its own.
    """
    triples = list(ox.parse(report.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    about: dict[Any, list[ox.Triple]] = {}
    for triple in triples:
        about.setdefault(triple.subject, []).append(triple)
    kept = {to_oxigraph(f) for f in focus} if focus is not None else None
    results = Graph()
    report_node = BNode()
    violations = False
    renamed: dict[ox.BlankNode, BNode] = {}

    def fresh(term: Any) -> Node:
        """rdflib's term, with blank nodes renamed apart: reports are merged into one graph."""
        if isinstance(term, ox.BlankNode):
            return renamed.setdefault(term, BNode())
        return to_rdflib(term)

    for node, statements in about.items():
        if not _states(statements, _TYPE, _RESULT):
            continue
        if kept is not None and not any(t.predicate == _FOCUS and t.object in kept
                                        for t in statements):
            continue
        results.add((report_node, SH.result, fresh(node)))
        for triple in _closure(about, node):
            results.add((fresh(triple.subject), to_rdflib(triple.predicate),
                         fresh(triple.object)))
        violations |= _states(statements, _SEVERITY, _VIOLATION)
    results.add((report_node, RDF.type, SH.ValidationReport))
    results.add((report_node, SH.conforms, Literal(not violations, datatype=XSD.boolean)))
    return results


_TYPE, _FOCUS, _SEVERITY = (ox.NamedNode(str(RDF.type)), ox.NamedNode(str(SH.focusNode)),
                            ox.NamedNode(str(SH.resultSeverity)))
_RESULT, _VIOLATION = ox.NamedNode(str(SH.ValidationResult)), ox.NamedNode(str(SH.Violation))


def _states(statements: list[Any], predicate: Any, obj: Any) -> bool:
    return any(t.predicate == predicate and t.object == obj for t in statements)


def _closure(about: dict[Any, list[ox.Triple]], node: Any) -> list[ox.Triple]:
    """The statements about ``node`` and about the blank nodes they reach (paths, lists)."""
    found, todo, seen = [], [node], set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for triple in about.get(subject, []):
            found.append(triple)
            if isinstance(triple.object, ox.BlankNode):
                todo.append(triple.object)
    return found


def _fill_sparql_messages(results: Graph, shapes: Graph, data_text: str) -> None:
    """Fill the {?variable} templates of SPARQL results from the solution that raised each."""
    store: ox.Store | None = None
    solutions: dict[Node, dict[Node | None, list[dict[str, Node]]]] = {}  # by constraint, focus
    for result in list(results.subjects(SH.sourceConstraintComponent,
                                        SH.SPARQLConstraintComponent)):
        messages = [m for m in results.objects(result, SH.resultMessage)
                    if isinstance(m, Literal) and _TEMPLATE.search(str(m))]
        if not messages:
            continue
        if store is None:
            store = ox.Store()
            store.load(data_text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        solution = _solution(store, shapes, results, result, solutions)
        for message in messages:
            results.remove((result, SH.resultMessage, message))
            results.add((result, SH.resultMessage,
                         Literal(_filled(str(message), solution), lang=message.language)))


def _solution(store: ox.Store, shapes: Graph, results: Graph, result: Node,
              solutions: dict[Node, dict[Node | None, list[dict[str, Node]]]]) -> dict[str, Node]:
    """The solution of the result's SPARQL constraint for its focus node and value.

    Each constraint's query runs once, for every focus node: a document with forty findings
    of one rule would otherwise run it forty times (6 ms each at 10,000 documents)."""
    shape = results.value(result, SH.sourceShape)
    focus = results.value(result, SH.focusNode)
    value = results.value(result, SH.value)
    for constraint in shapes.objects(shape, SH.sparql):
        if constraint not in solutions:
            query = _prefixes(shapes, constraint) + str(shapes.value(constraint, SH.select))
            rows = store.query(query)
            assert isinstance(rows, ox.QuerySolutions)
            names = [v.value for v in rows.variables]
            by_focus: dict[Node | None, list[dict[str, Node]]] = {}
            for row in rows:
                found = {n: to_rdflib(row[n]) for n in names if row[n] is not None}
                by_focus.setdefault(found.get("this"), []).append(found)
            solutions[constraint] = by_focus
        for solution in solutions[constraint].get(focus, []):
            if value is None or simple_term(solution.get("value")) == simple_term(value):
                return solution
    return {"this": focus} if focus is not None else {}


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for declarer in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(declarer, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines) + "\n"


def _filled(template: str, solution: dict[str, Node]) -> str:
    """The template with each {?name} that the solution binds replaced by the value's text."""
    return _TEMPLATE.sub(lambda m: str(solution.get(m.group(1), m.group(0))), template)
