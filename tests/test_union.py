"""The union's update text, run on an in-memory Oxigraph store for every layout."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kommunegraf.remote import DIALECTS
from kommunegraf.union import EMBEDDED, STAGING_PREFIX, UNION_GRAPH, VALIDATION_GRAPH, UnionLayout

EX = "https://example.org/"
GRAPHS = [
    EX + "document/a",
    EX + "document/b",
    "https://kommunegraf.dk/ontology",
    VALIDATION_GRAPH,
    UNION_GRAPH,
    STAGING_PREFIX + "0123abcd",
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/2002/07/owl#",
    "http://127.0.0.1:8890/sparql",
    "http://127.0.0.1:8890/sparql-extra",
]
LAYOUTS = {"embedded": EMBEDDED, **{name: d.union for name, d in DIALECTS.items()}}


def union_of(store: ox.Store, layout: UnionLayout) -> set[str]:
    """The objects of the triples in the union, wherever the layout keeps it."""
    graph = ox.NamedNode(layout.graph) if layout.graph else ox.DefaultGraph()
    return {q.object.value for q in store.quads_for_pattern(None, None, None, graph)}


def fill(store: ox.Store, graphs: list[str]) -> None:
    """One triple in each of ``graphs``, its object the graph's name."""
    for graph in graphs:
        store.add(
            ox.Quad(
                ox.NamedNode(EX + "s"),
                ox.NamedNode(EX + "p"),
                ox.Literal(graph),
                ox.NamedNode(graph),
            )
        )


@pytest.mark.parametrize("name", LAYOUTS)
def test_the_sparql_and_python_views_of_the_union_s_graphs_agree(name: str) -> None:
    layout = LAYOUTS[name]
    store = ox.Store()
    fill(store, GRAPHS)
    assert store.query(layout.has_members())
    store.update(layout.rebuild())
    assert store.query(layout.has_union())
    assert union_of(store, layout) == {g for g in GRAPHS if layout.is_member(g)}


@pytest.mark.parametrize("name", LAYOUTS)
def test_a_missing_union_is_told_only_when_its_graphs_hold_facts(name: str) -> None:
    layout = LAYOUTS[name]
    store = ox.Store()
    assert not store.query(layout.has_union())
    assert not store.query(layout.has_members())
    fill(store, [g for g in GRAPHS if not layout.is_member(g) and g != layout.graph])
    assert not store.query(layout.has_union())
    assert not store.query(layout.has_members())
    fill(store, [EX + "document/a"])
    assert store.query(layout.has_members())


@pytest.mark.parametrize("name", LAYOUTS)
def test_forget_keeps_what_another_member_states_and_remember_adds_once(name: str) -> None:
    layout = LAYOUTS[name]
    store = ox.Store()
    a, b = ox.NamedNode(EX + "document/a"), ox.NamedNode(EX + "document/b")
    report = ox.NamedNode(VALIDATION_GRAPH)
    s, p = ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p")
    for graph, value in [(a, "shared"), (a, "a"), (b, "shared"), (report, "a")]:
        store.add(ox.Quad(s, p, ox.Literal(value), graph))
    store.update(layout.rebuild())
    assert union_of(store, layout) == {"shared", "a"}
    store.update(f"{layout.forget(a.value)} ;\nDROP GRAPH {a}")
    assert union_of(store, layout) == {"shared"}  # the report stating "a" does not keep it
    store.add(ox.Quad(s, p, ox.Literal("shared"), a))
    store.update(layout.remember(a.value))
    assert union_of(store, layout) == {"shared"}
    assert len(list(store.quads_for_pattern(None, None, None, None))) == 4
