"""The build: files -> facts -> resolved entities -> triples -> validation -> store.

Each document is one named graph and one transaction. A document that cannot be read or
stored is reported by name with its reason; the store keeps what it had for it, and the
other documents of the run still load.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import pickle
import shutil
import stat
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node
from tqdm import tqdm

from kommunegraf.config import Config
from kommunegraf.errors import KommunegrafError, LoaderError
from kommunegraf.filenames import shown
from kommunegraf.sandbox import die_with_parent
from kommunegraf.store import (
    ONTOLOGY_GRAPH,
    VALIDATION_GRAPH,
    EmbeddedStore,
    FollowingStore,
    GraphStore,
    RdfTriple,
    process_exists,
    remove_abandoned_snapshots,
)
from loaders import (
    DocumentFacts,
    Minter,
    NamedIn,
    document_triples,
    extract,
    read_source,
    resolve,
)
from loaders.facts import Reading
from loaders.intake.formats import format_named, supported_suffixes
from loaders.people import normalise_name
from loaders.source import EmptyFile
from ontology import ontology_graph
from shapes import Severity, ValidationReport, findings_for, validate_store, validate_stored


class Status(StrEnum):
    """What became of one file of a build."""

    LOADED = "loaded"
    LOADED_WITH_WARNINGS = "loaded with warnings"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass
class DocumentResult:
    """One file of a build: its status, why it failed or was skipped, and what was noted.

    ``warnings`` say what of the file could not be read exactly; ``notes`` how it was read
    and what the reader found odd.
    """

    path: Path
    graph: str | None = None
    triples: int = 0
    genre: str | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failure: str | None = None
    skip: str | None = None
    sha256: str | None = None
    findings: dict[str, int] = field(default_factory=dict)
    reading: Reading | None = None  # what was read of the document's own meeting

    @property
    def status(self) -> Status:
        if self.failure:
            return Status.FAILED
        if self.skip:
            return Status.SKIPPED
        return Status.LOADED_WITH_WARNINGS if self.warnings else Status.LOADED

    @property
    def reason(self) -> str | None:
        """Why the file failed or was skipped."""
        return self.failure or self.skip

    @property
    def error(self) -> str | None:
        """The failure as one message naming the file."""
        return f"{shown(self.path)}: {self.failure}" if self.failure else None


@dataclass
class BuildReport:
    """What a build did, file by file."""

    documents: list[DocumentResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # by step: read, load, validate

    def _with(self, *statuses: Status) -> list[DocumentResult]:
        return [d for d in self.documents if d.status in statuses]

    @property
    def failed(self) -> list[DocumentResult]:
        return self._with(Status.FAILED)

    @property
    def skipped(self) -> list[DocumentResult]:
        return self._with(Status.SKIPPED)

    @property
    def loaded(self) -> list[DocumentResult]:
        return self._with(Status.LOADED, Status.LOADED_WITH_WARNINGS)

    @property
    def warned(self) -> list[DocumentResult]:
        return self._with(Status.LOADED_WITH_WARNINGS)

    def summary_lines(self) -> list[str]:
        """One line per file (then its warnings and notes), the run's problems, the counts."""
        lines = []
        for doc in self.documents:
            if doc.status is Status.FAILED:
                lines.append(f"FAILED  {doc.error}")
                continue
            if doc.status is Status.SKIPPED:
                lines.append(f"skipped  {shown(doc.path)}: {doc.skip}")
                continue
            found = ", ".join(f"{n} {k}" for k, n in sorted(doc.findings.items()) if n)
            read = f"; {doc.reading.summary()}" if doc.reading else ""
            lines.append(
                f"{doc.status}  {shown(doc.path)} ({doc.genre}{read}; {doc.triples} triples"
                + (f"; validation: {found}" if found else "")
                + ")"
            )
            lines.extend(f"        warning: {warning}" for warning in doc.warnings)
            lines.extend(f"        note: {note}" for note in doc.notes)
        lines.extend(self.problems)
        steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in self.seconds.items())
        warned = len(self.warned)
        partly = len([d for d in self.loaded if d.reading and d.reading.partial])
        lines.append(f"{len(self.loaded)} document(s) loaded"
                     + (f" ({warned} with warnings)" if warned else "")
                     + (f", {partly} read only partly" if partly else "")
                     + f", {len(self.failed)} failed, {len(self.skipped)} skipped"
                     + (f" ({steps})" if steps else ""))
        return lines


@dataclass(frozen=True)
class Found:
    """A path given or found in a folder: to be read, or why not (skipped or failed)."""

    path: Path
    skip: str | None = None
    failure: str | None = None

    @property
    def readable(self) -> bool:
        return self.skip is None and self.failure is None


def source_files(paths: Iterable[Path]) -> list[Found]:
    """Every path given, and every file in the folders given, each to be read or with the
    reason it is not: a file named on the command line is read whatever its suffix; in a
    folder, files of the supported types (loaders/intake/formats.py)."""
    found: list[Found] = []
    for path in paths:
        try:
            info = path.stat()
        except OSError as error:
            found.append(Found(path, failure=_missing(path, error)))
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(path, found, set())
        elif stat.S_ISREG(info.st_mode):
            found.append(Found(path))
        else:
            found.append(Found(path, skip="not a regular file (a pipe, socket or device)"))
    return found


def _missing(path: Path, error: OSError) -> str:
    if path.is_symlink():
        return f"a symbolic link to {shown(os.readlink(path))}, which does not exist"
    return f"cannot be read: {error.strerror or error}"


def _walk(folder: Path, found: list[Found], seen: set[Path]) -> None:
    """The folder's files and subfolders, in name order; a folder is read once."""
    real = folder.resolve()
    if real in seen:
        found.append(Found(folder, skip="a link to a folder already read"))
        return
    seen.add(real)
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        found.append(Found(folder, failure=f"cannot read the folder: {error.strerror or error}"))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            info = path.stat()
        except OSError as error:
            found.append(Found(path, failure=_missing(path, error)))
            continue
        folder_entry = stat.S_ISDIR(info.st_mode)
        if entry.name.startswith("."):
            found.append(Found(path, skip="a hidden " + ("folder" if folder_entry else "file")))
        elif folder_entry:
            _walk(path, found, seen)
        elif not stat.S_ISREG(info.st_mode):
            found.append(Found(path, skip="not a regular file (a pipe, socket or device)"))
        elif format_named(path) is None:
            found.append(Found(path, skip=f"unsupported type ({path.suffix or 'no suffix'}); "
                                          f"read are {supported_suffixes()}"))
        else:
            found.append(Found(path))


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


# Documents validated together: one neighbourhood fetched, one engine run (see _validate).
VALIDATED_TOGETHER = 40
# Documents whose findings are stored together (see _validate).
VALIDATION_BATCH = 200
# Documents stored between two flushes of the store's write buffers to disk: without them
# the embedded store's buffers grow past a gigabyte in a large run (and are flushed anyway).
FLUSH_EVERY = 100
# Runs of at least this many documents are read by a pool of worker processes, one per
# core; smaller runs in this process, as starting the workers costs about a second.
PARALLEL_FROM = 50


@dataclass
class _Read:
    """What reading one document hands back: what resolution needs of it, or why it failed
    or is skipped. Its facts wait on disk (``spool``) until it is loaded: a large run's facts
    would take gigabytes, and sending them between processes costs more than a file."""

    genre: str | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reading: Reading | None = None
    named: NamedIn | None = None
    sha256: str | None = None
    failure: str | None = None
    skip: str | None = None


def _read_document(path: Path, spool: Path, number: int) -> _Read:
    try:
        source = read_source(path)
        facts = extract(source)
    except EmptyFile as empty:
        return _Read(skip=empty.reason)
    except LoaderError as error:
        return _Read(failure=error.reason)
    except Exception as error:  # one unreadable document must not stop the run
        return _Read(failure=f"could not be parsed ({type(error).__name__}: {error})")
    with (spool / f"{number}.pickle").open("wb") as out:
        pickle.dump(facts, out, protocol=pickle.HIGHEST_PROTOCOL)
    reading = facts.reading()
    return _Read(facts.genre, facts.notes, [*source.warnings, *reading.partial], reading,
                 NamedIn.of(facts), source.sha256)


def _spooled(spool: Path, number: int) -> DocumentFacts:
    with (spool / f"{number}.pickle").open("rb") as spooled:
        facts: DocumentFacts = pickle.load(spooled)
    return facts


def workers() -> int:
    """How many processes read or validate documents: one per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _worker_context() -> multiprocessing.context.SpawnContext:
    """How worker processes start: fresh (not forked from a process that holds the store open),
    as children of this process, so they die with it (:func:`die_with_parent`); a script that
    calls the build must guard its top level with ``if __name__ == "__main__"``."""
    return multiprocessing.get_context("spawn")


def _read_all(files: list[Path], spool: Path, problems: list[str]) -> Iterator[_Read]:
    """Read every file, in order; in worker processes when the run is large enough."""
    done = 0
    if len(files) >= PARALLEL_FROM and workers() > 1:
        try:
            with ProcessPoolExecutor(workers(), mp_context=_worker_context(),
                                     initializer=die_with_parent) as pool:
                for read in pool.map(_read_document, files, [spool] * len(files),
                                     range(len(files)), chunksize=8):
                    yield read
                    done += 1
        except BrokenProcessPool as error:  # a worker died (out of memory?)
            problems.append(f"the processes reading documents stopped ({error}); "
                            f"{len(files) - done} document(s) were read in one process")
    for number in range(done, len(files)):
        yield _read_document(files[number], spool, number)


# A build's spool folder in the temporary directory: this prefix, the build's process id, "-".
SPOOL_PREFIX = "kommunegraf-build-"


def remove_abandoned_spools() -> None:
    """Delete the spool folders of builds whose process has ended without removing them
    (killed, or the machine stopped)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SPOOL_PREFIX}*-*"):
        owner = folder.name.removeprefix(SPOOL_PREFIX).split("-", 1)[0]
        if folder.is_dir() and owner.isdigit() and not process_exists(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def build_documents(
    paths: list[Path], store: GraphStore, config: Config, progress: bool = False
) -> BuildReport:
    """Extract, resolve, validate and load every document named by ``paths``."""
    report = BuildReport()
    found = source_files(paths)
    report.documents = [DocumentResult(f.path, failure=f.failure, skip=f.skip) for f in found]
    remove_abandoned_spools()
    with tempfile.TemporaryDirectory(prefix=f"{SPOOL_PREFIX}{os.getpid()}-") as folder:
        loaded = _extract_and_load(report, Path(folder), store, config, progress)
    if loaded:
        started = time.perf_counter()
        _validate(loaded, store, config, report, progress)
        store.flush()
        report.seconds["validate"] = time.perf_counter() - started
    return report


def _extract_and_load(report: BuildReport, spool: Path, store: GraphStore, config: Config,
                      progress: bool) -> list[DocumentResult]:
    """Read the files to be read, resolve the persons they name across all of them and the
    store, and store each document's graph; the documents stored. A file whose content is
    another's of the run is skipped."""
    started = time.perf_counter()
    to_read = [result for result in report.documents if result.reason is None]
    extracted: list[tuple[int, DocumentResult, NamedIn]] = []
    first_with: dict[str, Path] = {}
    reads = _read_all([result.path for result in to_read], spool, report.problems)
    for number, (result, read) in enumerate(tqdm(zip(to_read, reads, strict=True),
                                                 total=len(to_read), desc="reading", unit="doc",
                                                 disable=not progress)):
        result.genre, result.notes, result.warnings = read.genre, read.notes, read.warnings
        result.reading = read.reading
        result.failure, result.skip, result.sha256 = read.failure, read.skip, read.sha256
        if read.sha256 is not None and read.sha256 in first_with:
            result.skip = f"the same content as {shown(first_with[read.sha256])}"
            result.notes, result.warnings = [], []
            continue
        if read.sha256 is not None:
            first_with[read.sha256] = result.path
        if read.named is not None:
            extracted.append((number, result, read.named))
    report.seconds["read"] = time.perf_counter() - started
    if not extracted:
        return []
    started = time.perf_counter()
    ensure_ontology(store)
    resolution = resolve([named for _, _, named in extracted], known_persons(store))
    report.seconds["resolve"] = time.perf_counter() - started
    started = time.perf_counter()
    minter = Minter(config.base_iri)
    loaded: list[DocumentResult] = []
    for count, (number, result, _) in enumerate(
            tqdm(extracted, desc="loading", unit="doc", disable=not progress), start=1):
        if count % FLUSH_EVERY == 0:
            store.flush()
        facts = _spooled(spool, number)
        graph = str(minter.document(facts.source.sha256))
        triples = document_triples(facts, resolution, minter)
        try:
            store.replace_graph(graph, triples)
        except KommunegrafError as error:
            result.failure = f"not stored: {error}"
            continue
        result.graph, result.triples = graph, len(triples)
        loaded.append(result)
    store.flush()
    report.seconds["load"] = time.perf_counter() - started
    return loaded


def _validate(loaded: list[DocumentResult], store: GraphStore, config: Config,
              report: BuildReport, progress: bool) -> None:
    """Validate the stored documents, VALIDATED_TOGETHER at a time, once the whole run is
    stored, so their findings do not depend on load order.

    Each batch is judged against its documents' triples, read back from the store (at ten
    thousand documents they would be gigabytes to keep), and the neighbourhood the rules read.
    The findings are stored every VALIDATION_BATCH documents, so a stopped build loses at most
    that many documents' findings.
    """
    # A SPARQL server caps the rows of one answer (Virtuoso: 5,000 by default), which the
    # neighbourhood of a batch can pass: there, each document is validated on its own.
    together = VALIDATED_TOGETHER if isinstance(store, EmbeddedStore) else 1
    batches = [loaded[first:first + together] for first in range(0, len(loaded), together)]
    reports: list[tuple[set[URIRef], ValidationReport]] = []
    waiting = 0
    with tqdm(total=len(loaded), desc="validating", unit="doc", disable=not progress) as bar:
        graphs = [[r.graph or "" for r in batch] for batch in batches]
        for batch, found in zip(batches, _validated(store, graphs, config.base_iri,
                                                    report.problems), strict=True):
            bar.update(len(batch))
            if isinstance(found, str):
                for result in batch:
                    result.notes.append(
                        f"stored but not validated: {found}; run `kommunegraf validate`")
                continue
            for result in batch:
                subjects = {s for s, _, _ in store.triples(result.graph or "")
                            if isinstance(s, URIRef)}
                own = Counter(f.severity for f in findings_for(found, subjects))
                result.findings = {"violation(s)": own[Severity.VIOLATION],
                                   "warning(s)": own[Severity.WARNING],
                                   "note(s)": own[Severity.INFO]}
            reports.append((set(found.judged or ()), found))
            waiting += len(batch)
            if waiting >= VALIDATION_BATCH:
                _store_findings(store, reports, report)
                reports, waiting = [], 0
    if reports:
        _store_findings(store, reports, report)


def _validated(store: GraphStore, batches: list[list[str]], base_iri: str,
               problems: list[str]) -> Iterator[ValidationReport | str]:
    """Each batch's report, or why it could not be validated, in order.

    When the store is a folder and the run is large enough (as for reading), worker
    processes (one per core) validate them, each on its own read-only snapshot of the store
    (as a followed store is read): the findings this process stores meanwhile do not
    disturb them.
    """
    done = 0
    folder = store.path if type(store) is EmbeddedStore else None
    documents = sum(len(batch) for batch in batches)
    if folder is not None and len(batches) > 1 and documents >= PARALLEL_FROM and workers() > 1:
        store.flush()
        try:
            with ProcessPoolExecutor(workers(), mp_context=_worker_context(),
                                     initializer=_open_snapshot,
                                     initargs=(folder,)) as pool:
                # A few batches ahead, not all: reports this process has not taken yet would
                # pile up in memory (1.7 GiB at 10,000 documents with every batch submitted).
                pending: deque[Future[ValidationReport | str]] = deque()
                for batch in batches:
                    pending.append(pool.submit(_validate_batch, batch, base_iri))
                    if len(pending) > 2 * workers():
                        yield pending.popleft().result()
                        done += 1
                while pending:
                    yield pending.popleft().result()
                    done += 1
        except BrokenProcessPool as error:  # a worker died (out of memory?)
            problems.append(f"the processes validating documents stopped ({error}); "
                            f"{len(batches) - done} batch(es) were validated in one process")
        finally:
            remove_abandoned_snapshots(folder)
    for batch in batches[done:]:
        yield _validate_batch_on(store, batch, base_iri)


# A validating worker's read-only view of the store (see _validated).
_SNAPSHOT: FollowingStore | None = None


def _open_snapshot(folder: Path) -> None:
    global _SNAPSHOT
    die_with_parent()
    _SNAPSHOT = FollowingStore(folder, check_seconds=math.inf)  # never renewed


def _validate_batch(graphs: list[str], base_iri: str) -> ValidationReport | str:
    assert _SNAPSHOT is not None
    return _validate_batch_on(_SNAPSHOT, graphs, base_iri)


def _validate_batch_on(store: GraphStore, graphs: list[str],
                       base_iri: str) -> ValidationReport | str:
    try:
        return validate_stored(store, graphs, base_iri=base_iri)
    except KommunegrafError as error:
        return str(error)


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
