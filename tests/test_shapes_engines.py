"""The compiled validator gives exactly pyshacl's findings on our shapes.

kommunegraf validates with the compiled engine (shapes/engine.py) because it is much faster
(see there); pyshacl (shapes/reference.py) is the reference it is held to here: every field
of every finding (rule, severity, focus node, path, value, both messages filled in), on the
seeds, on synthetic corpora in the seeds' genres, on the hand-made fixtures that break each
rule, and with focus nodes as incremental validation uses them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from test_shapes import evidence, world
from test_shapes_incremental import AGENDA, EVALUATION, FOLLOW_UP, MINUTES, synthetic_corpus

from benchmarks.corpus import write_corpus
from kommunegraf.config import load_config
from kommunegraf.pipeline import build_documents
from kommunegraf.store import VALIDATION_GRAPH, EmbeddedStore, GraphStore, ntriples
from shapes.engine import run_engine
from shapes.loading import DEFAULT_BASE_IRI
from shapes.reference import run_pyshacl
from shapes.report import Finding
from shapes.validation import _with_ontology, as_stored
from tests.conftest import SEEDS


def union(store: GraphStore) -> Graph:
    data = _with_ontology()
    for graph in store.graphs():
        if graph != VALIDATION_GRAPH:
            data.addN((s, p, o, data) for s, p, o in store.triples(graph))
    return data


@cache
def built(folder: str) -> Graph:
    store = EmbeddedStore(None)
    build_documents([Path(folder)], store, load_config({"store": ":memory:"}, environ={}))
    return union(store)


def both(data: Graph, focus: set[URIRef] | None = None) -> tuple[list[Finding], list[Finding]]:
    return (run_engine(ntriples(data), focus, DEFAULT_BASE_IRI).findings,
            run_pyshacl(data, focus, DEFAULT_BASE_IRI).findings)


def test_the_engines_agree_on_the_seeds() -> None:
    engine, reference = both(built(str(SEEDS)))
    assert engine == reference
    assert {f.rule_id for f in engine} >= {"chair-is-municipal-director", "meeting-has-date"}
    assert any("Kim Kofoed Hansen er formand for" in f.message_da for f in engine)


def test_the_engines_agree_on_a_synthetic_corpus_in_the_seeds_genres(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 40, seed=11)
    engine, reference = both(built(str(folder)))
    assert engine == reference
    assert engine  # the corpus plants numberless items, undated meetings and more


def test_the_engines_agree_on_documents_that_break_the_governance_rules() -> None:
    store = EmbeddedStore(None)
    for graph_iri, triples in [EVALUATION, MINUTES, AGENDA, FOLLOW_UP, *synthetic_corpus(12)]:
        store.replace_graph(graph_iri, triples)
    engine, reference = both(union(store))
    assert engine == reference
    assert {f.rule_id for f in engine} >= {
        "chair-is-municipal-director", "vice-chair-is-director", "substitute-is-not-member",
        "dassos-chair-appointed-by-kd-net", "one-meeting-per-body-and-date",
        "kd-net-member-is-municipal-director", "stated-member-count",
        "evidence-quote-matches-source", "mandate-start-not-after-end"}


def test_the_engines_agree_on_focus_nodes() -> None:
    store = EmbeddedStore(None)
    for graph_iri, triples in [EVALUATION, MINUTES, AGENDA, FOLLOW_UP]:
        store.replace_graph(graph_iri, triples)
    data = union(store)
    focus = {s for s, _, _ in FOLLOW_UP[1] if isinstance(s, URIRef)}
    engine, reference = both(data, focus)
    assert engine == reference
    assert engine and all(f.focus_node in focus for f in engine)


@pytest.mark.parametrize("extra", [
    evidence(start=7, end=20),
    evidence(quote="", start=3, end=3),
    'person:anne-andersen foaf:name "Anne Andersen", "Anne Andersén" .',
    'mandate:anne-andersen--chair--uddannelsesstyregruppen kg:startDate "2022-01-01"^^xsd:date .',
    'meeting:kd-net--2020-05-29 kg:date "1890-01-01"^^xsd:date .',
    'body:kd-net kg:statedMemberCount "-2"^^xsd:integer .',
])
def test_the_engines_agree_on_hand_made_breaks(extra: str) -> None:
    data = _with_ontology(as_stored(world(extra)))
    engine, reference = both(data)
    assert engine == reference
    assert engine  # each of these breaks a rule
