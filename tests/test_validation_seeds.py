"""Validation of the seeds' graph: the findings expected there, and both paths agree."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from benchmarks.corpus import write_corpus
from kommunegraf.config import load_config
from kommunegraf.pipeline import build_documents
from kommunegraf.store import VALIDATION_GRAPH, EmbeddedStore
from shapes import shapes_graph, validate_store
from shapes.report import build_report
from tests.conftest import SEEDS

BASE = "https://kommunegraf.dk/id/"


def findings(report_graph: Graph) -> set[tuple[str, str, str]]:
    report = build_report(report_graph, shapes_graph(BASE))
    return {(f.severity.value, f.rule_id, str(f.focus_node)) for f in report.findings}


@cache
def built() -> tuple[set[tuple[str, str, str]], set[tuple[str, str, str]]]:
    """The findings the build stored (per document) and those of a full validation."""
    store = EmbeddedStore(None)
    report = build_documents([SEEDS], store, load_config({"store": ":memory:"}, environ={}))
    assert not report.failed
    incremental = Graph()
    for triple in store.triples(VALIDATION_GRAPH):
        incremental.add(triple)
    full = validate_store(store, base_iri=BASE)
    return findings(incremental), {(f.severity.value, f.rule_id, str(f.focus_node))
                                   for f in full.findings}


def test_build_and_full_validation_give_the_same_findings_on_the_seeds() -> None:
    incremental, full = built()
    assert incremental == full


def test_the_seeds_hold_exactly_the_findings_their_texts_explain() -> None:
    _, full = built()
    assert full == {
        # The evaluation report names "kommunaldirektør Thomas Lindberg" without his
        # municipality and gives no title for Kim Kofoed Hansen, so neither co-chair of
        # DK2020 Midt (a group under KD-Net) can be shown to be a municipal director.
        ("Warning", "chair-is-municipal-director",
         BASE + "mandate/thomas-lindberg--chair--styregruppen-for-dk2020-midt--undated"),
        ("Warning", "chair-is-municipal-director",
         BASE + "mandate/kim-kofoed-hansen--chair--styregruppen-for-dk2020-midt--undated"),
        # The 2019 KKR agenda never states its meeting's date.
        ("Info", "meeting-has-date", BASE + "meeting/kkr-midtjylland--sag-2019-03640"),
        # The Direktion case is one case without a printed number.
        ("Info", "agenda-item-has-number", BASE + "agenda-item/direktionen--2021-09-15--case"),
    }


def test_the_governance_rules_find_the_groups_under_kd_net() -> None:
    store = EmbeddedStore(None)
    build_documents([SEEDS], store, load_config({"store": ":memory:"}, environ={}))
    rows = store.select("PREFIX org: <http://www.w3.org/ns/org#> "
                        "SELECT DISTINCT ?g ?kd WHERE { ?g org:subOrganizationOf+ ?kd }",
                        {"kd": URIRef(BASE + "body/kd-net")})
    groups = {str(row["g"]).rsplit("/", 1)[-1] for row in rows}
    assert {"dassos", "kosu", "uddannelsesstyregruppen", "trafikstyregruppen",
            "styregruppen-for-dk2020-midt"} <= groups


def test_the_stored_report_states_each_finding_once(tmp_path: Path) -> None:
    """Documents naming the same resource each judge it; the stored report keeps one set."""
    write_corpus(tmp_path, 60, seed=1)
    store = EmbeddedStore(None)
    build_documents([tmp_path, SEEDS], store, load_config({"store": ":memory:"}, environ={}))
    report = Graph()
    for triple in store.triples(VALIDATION_GRAPH):
        report.add(triple)
    results = [(report.value(r, SH.focusNode), report.value(r, SH.sourceShape),
                report.value(r, SH.value)) for r in report.objects(None, SH.result)]
    assert len(results) == len(set(results)) >= 10
