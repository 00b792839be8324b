"""A large run is read by worker processes and stores exactly what one process would, and
its documents, validated in batches, get the findings of a full validation."""

from __future__ import annotations

import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from benchmarks.corpus import write_corpus
from kommunegraf import pipeline
from kommunegraf.config import load_config
from kommunegraf.store import VALIDATION_GRAPH, EmbeddedStore
from shapes import Finding, shapes_graph, validate_store
from shapes.report import build_report
from tests.conftest import SEEDS

DOCUMENTS = "https://kommunegraf.dk/id/document/"


def build(docs: Path, store_dir: Path) -> tuple[list[Any], dict[str, set[str]]]:
    """Build into a fresh store: (file name, error, findings) per document, and each
    document graph's triples. The stored validation report must be a full validation's."""
    store = EmbeddedStore(store_dir)
    report = pipeline.build_documents([docs], store, load_config({"store": str(store_dir)},
                                                                  environ={}))
    graphs = {g: {" ".join(t.n3() for t in triple) for triple in store.triples(g)}
              for g in store.graphs() if g.startswith(DOCUMENTS)}
    stored = build_report(Graph().__iadd__(store.triples(VALIDATION_GRAPH)), shapes_graph())
    full = validate_store(store)
    assert keys(stored.findings) == keys(full.findings) and full.findings
    store.close()
    outcome = [(d.path.name, d.error.replace(str(docs), "") if d.error else None,
                sorted(d.findings.items())) for d in report.documents]
    return outcome, graphs


def keys(findings: list[Finding]) -> set[tuple[str, str, str, str]]:
    return {(f.severity.value, f.rule_id, str(f.focus_node), str(f.value)) for f in findings}


def test_worker_processes_store_what_one_process_stores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "corpus" / "docs"
    write_corpus(tmp_path / "corpus", 16, seed=5)
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, docs / seed.name)
    (docs / "tom.txt").write_bytes(b"")
    (docs / "scan.txt").write_bytes(b"%PDF-1.4 binary")

    monkeypatch.setattr(pipeline, "VALIDATED_TOGETHER", 2)  # more batches than are in flight
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10**9)
    one_process = build(docs, tmp_path / "serial")

    pools: list[int] = []

    class CountedPool(ProcessPoolExecutor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pools.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)
    monkeypatch.setattr(pipeline, "workers", lambda: 2)
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", CountedPool)
    workers = build(docs, tmp_path / "parallel")

    assert len(pools) == 2  # one reads the documents, one validates them
    assert not any((tmp_path / "parallel.readers").glob("*"))  # the workers' snapshots went
    assert workers[0] == one_process[0]  # the same documents, in order, failing alike
    failed = {name for name, error, _ in workers[0] if error}
    assert failed == {"scan.txt"}  # tom.txt, being empty, is skipped
    assert len(workers[1]) == len(one_process[1]) == 18
    assert workers[1] == one_process[1]
