"""The build: files -> facts -> resolved entities -> triples -> validation -> store.

Each document is one named graph and one transaction. A document that cannot be read or
stored is reported by name with its reason; the store keeps what it had for it, and the
other documents of the run still load.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from kommunegraf.config import Config
from kommunegraf.errors import KommunegrafError, LoaderError
from kommunegraf.store import ONTOLOGY_GRAPH, GraphStore
from loaders import DocumentFacts, Minter, document_triples, extract, read_source, resolve
from loaders.people import normalise_name
from ontology import ontology_graph

DOCUMENT_SUFFIXES = {".txt", ".text"}


@dataclass
class DocumentResult:
    path: Path
    graph: str | None = None
    triples: int = 0
    genre: str | None = None
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    findings: dict[str, int] = field(default_factory=dict)


@dataclass
class BuildReport:
    """What a build did, document by document."""

    documents: list[DocumentResult] = field(default_factory=list)

    @property
    def failed(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.error]

    @property
    def loaded(self) -> list[DocumentResult]:
        return [d for d in self.documents if not d.error]

    def summary_lines(self) -> list[str]:
        lines = []
        for doc in self.documents:
            if doc.error:
                lines.append(f"FAILED  {doc.error}")
                continue
            found = ", ".join(f"{n} {k}" for k, n in sorted(doc.findings.items()) if n)
            lines.append(
                f"loaded  {doc.path} ({doc.genre}, {doc.triples} triples"
                + (f"; validation: {found}" if found else "")
                + ")"
            )
            lines.extend(f"        note: {note}" for note in doc.notes)
        lines.append(f"{len(self.loaded)} document(s) loaded, {len(self.failed)} failed")
        return lines


def source_files(paths: Iterable[Path]) -> list[Path]:
    """The files to build: named files as given, folders expanded to their text files."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in DOCUMENT_SUFFIXES
                    and not p.name.startswith(".")
                )
            )
        else:
            files.append(path)
    return files


def known_persons(store: GraphStore) -> dict[str, str]:
    """Every spelling of a person already in the store, mapped to its canonical name."""
    rows = store.select(
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?name ?label WHERE { ?p foaf:name ?name . OPTIONAL { ?p skos:altLabel ?label } }"
    )
    known: dict[str, str] = {}
    for row in rows:
        name = str(row["name"])
        known[normalise_name(name)] = name
        if "label" in row:
            known[normalise_name(str(row["label"]))] = name
    return known


def ensure_ontology(store: GraphStore) -> None:
    """Keep the ontology in its own graph, so labels of roles and outcomes can be queried."""
    if not store.has_graph(ONTOLOGY_GRAPH):
        graph = ontology_graph()
        store.replace_graph(ONTOLOGY_GRAPH, iter(graph))


def build_documents(
    paths: list[Path], store: GraphStore, config: Config, progress: bool = False
) -> BuildReport:
    """Extract, resolve, validate and load every document named by ``paths``."""
    report = BuildReport()
    minter = Minter(config.base_iri)
    extracted: list[tuple[DocumentResult, DocumentFacts]] = []
    files = source_files(paths)
    for path in tqdm(files, desc="reading", unit="doc", disable=not progress):
        result = DocumentResult(path)
        report.documents.append(result)
        try:
            facts = extract(read_source(path))
        except LoaderError as error:
            result.error = str(error)
            continue
        except (RecursionError, ValueError, IndexError, KeyError) as error:
            result.error = f"{path}: could not be parsed ({type(error).__name__}: {error})"
            continue
        result.genre, result.notes = facts.genre, facts.notes
        extracted.append((result, facts))
    if not extracted:
        return report
    ensure_ontology(store)
    resolution = resolve([facts for _, facts in extracted], known_persons(store))
    for result, facts in tqdm(extracted, desc="loading", unit="doc", disable=not progress):
        graph = str(minter.document(facts.source.sha256))
        triples = document_triples(facts, resolution, minter)
        try:
            store.replace_graph(graph, triples)
        except KommunegrafError as error:
            result.error = f"{result.path}: not stored: {error}"
            continue
        result.graph, result.triples = graph, len(triples)
    store.flush()
    return report
