"""The embedded store: one transaction per document, replace not duplicate, export round trip."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic

import kommunegraf.store as store_module
from kommunegraf.errors import StoreError
from kommunegraf.formats import rdf_format
from kommunegraf.store import EmbeddedStore

EX = "https://example.org/"
DOC_A = EX + "document/a"
DOC_B = EX + "document/b"


def triples(n: int, label: str) -> list[tuple[URIRef, URIRef, Literal]]:
    return [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(f"{label} {i}")) for i in range(n)]


def snapshot(store: EmbeddedStore) -> set[str]:
    buffer = io.BytesIO()
    store.export(rdf_format("nq"), buffer)
    return set(buffer.getvalue().decode().splitlines())


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(expected, actual)
        pytest.fail(
            "graphs differ\nonly expected:\n"
            + only_expected.serialize(format="nt")
            + "\nonly actual:\n"
            + only_actual.serialize(format="nt")
        )


def test_loading_the_same_document_twice_leaves_one_copy(store: EmbeddedStore) -> None:
    store.replace_graph(DOC_A, triples(3, "first"))
    store.replace_graph(DOC_A, triples(3, "first"))
    assert store.count(DOC_A) == 3
    assert store.count() == 3


def test_reloading_a_document_replaces_its_graph(store: EmbeddedStore) -> None:
    store.replace_graph(DOC_A, triples(3, "old"))
    store.replace_graph(DOC_A, triples(2, "new"))
    objects = {str(o) for _, _, o in store.triples(DOC_A)}
    assert objects == {"new 0", "new 1"}


def test_a_failing_load_leaves_the_store_exactly_as_it_was(store: EmbeddedStore) -> None:
    store.replace_graph(DOC_A, triples(3, "kept"))
    store.replace_graph(DOC_B, triples(2, "other"))
    before = snapshot(store)
    # A term Oxigraph refuses (an IRI with a space) halfway through the document.
    broken = [
        *triples(5, "half"),
        (URIRef(EX + "bad iri"), URIRef(EX + "p"), Literal("x")),
        *triples(5, "rest"),
    ]
    with pytest.raises(StoreError):
        store.replace_graph(DOC_A, broken)
    assert snapshot(store) == before


def test_a_load_that_fails_inside_the_transaction_changes_nothing(
    store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.replace_graph(DOC_A, triples(3, "kept"))
    before = snapshot(store)
    real = store_module.ntriples

    def half_then_garbage(rows):  # type: ignore[no-untyped-def]
        return real(rows) + '\n<https://example.org/s> <https://example.org/p> "unterminated'

    monkeypatch.setattr(store_module, "ntriples", half_then_garbage)
    with pytest.raises(StoreError):
        store.replace_graph(DOC_A, triples(50, "new"))
    assert snapshot(store) == before


def test_removing_a_document_removes_only_its_graph(store: EmbeddedStore) -> None:
    store.replace_graph(DOC_A, triples(3, "a"))
    store.replace_graph(DOC_B, triples(2, "b"))
    store.remove_graph(DOC_A)
    assert store.graphs() == [DOC_B]
    assert store.count() == 2


def test_the_store_persists_in_its_folder(tmp_path: Path) -> None:
    first = EmbeddedStore(tmp_path / "store")
    first.replace_graph(DOC_A, triples(4, "kept"))
    first.close()
    second = EmbeddedStore(tmp_path / "store")
    assert second.count(DOC_A) == 4


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_export_then_import_into_a_fresh_store_is_isomorphic(
    store: EmbeddedStore, tmp_path: Path, fmt: str
) -> None:
    store.replace_graph(DOC_A, triples(3, "a"))
    store.replace_graph(
        DOC_B, [(URIRef(EX + "x"), URIRef(EX + "name"), Literal("Åse Ø", lang="da"))]
    )
    dump = tmp_path / f"dump.{fmt}"
    with dump.open("wb") as handle:
        store.export(rdf_format(fmt), handle)
    fresh = EmbeddedStore(None)
    fresh.load_file(dump, rdf_format(fmt))
    for graph in (DOC_A, DOC_B):
        expected, actual = Graph(), Graph()
        for t in store.triples(graph):
            expected.add(t)
        for t in fresh.triples(graph):
            actual.add(t)
        assert_isomorphic(expected, actual)


def test_turtle_export_is_the_union_of_all_documents(store: EmbeddedStore) -> None:
    store.replace_graph(DOC_A, triples(2, "a"))
    store.replace_graph(DOC_B, triples(1, "b"))
    buffer = io.BytesIO()
    store.export(rdf_format("ttl"), buffer)
    parsed = Graph().parse(data=buffer.getvalue(), format="turtle")
    assert {str(o) for o in parsed.objects()} == {"a 0", "a 1", "b 0"}


def test_bindings_are_values_not_query_text(store: EmbeddedStore) -> None:
    store.replace_graph(DOC_A, triples(2, "a"))
    hostile = Literal('a 0" } UNION { ?s ?p ?o')
    rows = store.select("SELECT ?s ?label WHERE { ?s ?p ?label }", {"label": hostile})
    assert rows == []
    rows = store.select("SELECT ?s ?label WHERE { ?s ?p ?label }", {"label": Literal("a 0")})
    assert [str(r["s"]) for r in rows] == [EX + "s0"]
