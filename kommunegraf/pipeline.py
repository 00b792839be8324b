"""The build: files -> facts -> resolved entities -> triples -> validation -> store.

Each document is one named graph and one transaction. A document that cannot be read or
stored is reported by name with its reason; the store keeps what it had for it, and the
other documents of the run still load.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node
from tqdm import tqdm

from kommunegraf.config import Config
from kommunegraf.errors import KommunegrafError, LoaderError
from kommunegraf.store import ONTOLOGY_GRAPH, VALIDATION_GRAPH, GraphStore, RdfTriple
from loaders import DocumentFacts, Minter, document_triples, extract, read_source, resolve
from loaders.people import normalise_name
from ontology import ontology_graph
from shapes import Severity, ValidationReport, findings_for, validate_document, validate_store

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
    problems: list[str] = field(default_factory=list)

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
        lines.extend(self.problems)
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


# Documents whose findings are stored together (see build_documents).
VALIDATION_BATCH = 200


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
        except Exception as error:  # one unreadable document must not stop the run
            result.error = f"{path}: could not be parsed ({type(error).__name__}: {error})"
            continue
        result.genre, result.notes = facts.genre, facts.notes
        extracted.append((result, facts))
    if not extracted:
        return report
    ensure_ontology(store)
    resolution = resolve([facts for _, facts in extracted], known_persons(store))
    loaded: list[DocumentResult] = []
    for result, facts in tqdm(extracted, desc="loading", unit="doc", disable=not progress):
        graph = str(minter.document(facts.source.sha256))
        triples = document_triples(facts, resolution, minter)
        try:
            store.replace_graph(graph, triples)
        except KommunegrafError as error:
            result.error = f"{result.path}: not stored: {error}"
            continue
        result.graph, result.triples = graph, len(triples)
        loaded.append(result)
    del extracted, resolution  # a large run's facts are not needed past here
    # Each document is validated against its own triples and the neighbourhood its rules
    # read, once the whole run is stored, so its findings do not depend on load order. Its
    # triples are read back from the store rather than kept: at ten thousand documents they
    # would be gigabytes. The findings are stored every VALIDATION_BATCH documents, so a
    # stopped build loses at most that many documents' findings.
    reports: list[tuple[set[URIRef], ValidationReport]] = []
    for result in tqdm(loaded, desc="validating", unit="doc", disable=not progress):
        assert result.graph is not None
        try:
            triples = set(store.triples(result.graph))
            findings = validate_document(store, result.graph, triples,
                                         base_iri=config.base_iri)
        except KommunegrafError as error:
            result.notes.append(f"stored but not validated: {error}; run `kommunegraf validate`")
            continue
        own = Counter(f.severity for f in findings_for(
            findings, {s for s, _, _ in triples if isinstance(s, URIRef)}))
        result.findings = {"violation(s)": own[Severity.VIOLATION],
                           "warning(s)": own[Severity.WARNING], "note(s)": own[Severity.INFO]}
        reports.append((set(findings.judged or ()), findings))
        if len(reports) == VALIDATION_BATCH:
            _store_findings(store, reports, report)
            reports = []
    if reports:
        _store_findings(store, reports, report)
    store.flush()
    return report


def _store_findings(store: GraphStore, reports: list[tuple[set[URIRef], ValidationReport]],
                    build: BuildReport) -> None:
    try:
        record_findings(store, reports)
    except KommunegrafError as error:
        build.problems.append(f"validation report not stored: {error}")


def _closure(graph: Graph, node: BNode | URIRef) -> list[RdfTriple]:
    """A validation result with everything hanging off it (paths are blank-node lists)."""
    found, todo, seen = [], [node], set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for triple in graph.triples((subject, None, None)):
            found.append(triple)
            if isinstance(triple[2], BNode):
                todo.append(triple[2])
    return found


def record_findings(store: GraphStore, reports: list[tuple[set[URIRef], ValidationReport]]) -> None:
    """Update the stored validation report with the findings of the documents just loaded.

    Results about the documents' resources are replaced; the rest of the report stays, so
    loading a document costs a validation of that document, not of the whole graph.
    """
    stored = Graph()
    for triple in store.triples(VALIDATION_GRAPH):
        stored.add(triple)
    touched = set().union(*(focus for focus, _ in reports))
    merged = Graph()
    report_node = URIRef(VALIDATION_GRAPH + "#report")
    results: list[BNode | URIRef] = []
    for result in stored.objects(None, SH.result):
        if stored.value(result, SH.focusNode) not in touched:
            results.append(result)  # type: ignore[arg-type]
            for triple in _closure(stored, result):  # type: ignore[arg-type]
                merged.add(triple)
    # A node judged by several documents' reports (a body they all name) is judged alike by
    # each, against the same store: its results are taken from the first report only.
    judged_by: dict[Node | None, int] = {}
    for number, (focus, _) in enumerate(reports):
        for node in focus:
            judged_by.setdefault(node, number)
    for number, (_, found) in enumerate(reports):
        for result in found.graph.objects(None, SH.result):
            if judged_by.get(found.graph.value(result, SH.focusNode)) != number:
                continue
            results.append(result)  # type: ignore[arg-type]
            for triple in _closure(found.graph, result):  # type: ignore[arg-type]
                merged.add(triple)
    merged.add((report_node, RDF.type, SH.ValidationReport))
    violations = any(merged.value(r, SH.resultSeverity) == SH.Violation for r in results)
    merged.add((report_node, SH.conforms, Literal(not violations)))
    for result in results:
        merged.add((report_node, SH.result, result))
    store.replace_graph(VALIDATION_GRAPH, iter(merged))


def evidence_quotes(store: GraphStore) -> Callable[[URIRef], list[tuple[str, str]]]:
    """For the text report: the quotes that state a resource, with their document's title."""

    def lookup(resource: URIRef) -> list[tuple[str, str]]:
        rows = store.select(
            "PREFIX kg: <https://kommunegraf.dk/ontology#> "
            "PREFIX dct: <http://purl.org/dc/terms/> "
            "SELECT ?r ?quote ?title WHERE { ?r kg:evidence ?e . ?e kg:quote ?quote ; "
            "kg:inDocument ?d . ?d dct:title ?title } LIMIT 3", {"r": resource})
        return [(str(row["quote"]), str(row["title"])) for row in rows]

    return lookup


def validate_all(store: GraphStore, config: Config) -> ValidationReport:
    """Full validation of the whole graph; the report replaces the stored one."""
    return validate_store(store, base_iri=config.base_iri)
