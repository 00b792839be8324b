"""The shapes file and the shapes graph parsed from it, for a given base IRI of the data."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH, XSD

from kommunegraf.config import SETTINGS
from ontology import KG

SHAPES_PATH: Path = Path(__file__).with_name("kommunegraf-shapes.ttl")
SHAPES_NS = Namespace("https://kommunegraf.dk/shapes#")

DEFAULT_BASE_IRI: str = next(s.default for s in SETTINGS if s.name == "base_iri") or ""

# The SPARQL rules name bodies (KD-Net, DASSOS, KOSU) through this prefix only.
BODY_PREFIX = "body"


@lru_cache(maxsize=4)
def shapes_graph(base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """Return the parsed shapes, with body IRIs under ``base_iri``; shared, so do not change it."""
    if not base_iri.endswith("/"):
        base_iri += "/"
    graph = Graph()
    graph.parse(SHAPES_PATH, format="turtle")
    declarations = [d for d in graph.subjects(SH.prefix, Literal(BODY_PREFIX))]
    if len(declarations) != 1:
        raise ValueError(f"{SHAPES_PATH}: expected one declaration of the prefix {BODY_PREFIX!r}")
    graph.set((declarations[0], SH.namespace, Literal(base_iri + "body/", datatype=XSD.anyURI)))
    for constraint, select in list(graph.subject_objects(SH.select)):
        graph.set((constraint, SH.select, Literal(_one_line(str(select)))))
    return graph


def _one_line(sparql: str) -> str:
    """Fold a query onto one line.

    pyshacl checks a SHACL-SPARQL text with regular expressions once per focus node; on our
    indented multi-line rules that took about 2 ms a call, on one line about 0.2 ms.
    """
    if "#" in sparql:
        raise ValueError(f"{SHAPES_PATH}: a SPARQL rule must not contain '#' (comments "
                         f"or IRIs): it is folded onto one line\n{sparql}")
    return " ".join(sparql.split())


def rule_ids(graph: Graph | None = None) -> dict[URIRef, str]:
    """Map every shape that has a kg:ruleId to it."""
    graph = shapes_graph() if graph is None else graph
    return {s: str(o) for s, o in graph.subject_objects(KG.ruleId) if isinstance(s, URIRef)}
