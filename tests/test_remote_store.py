"""Every store backend behaves the same: the embedded Oxigraph store, a real Oxigraph server and
a real Virtuoso, each started here on 127.0.0.1 on a free port with a temporary database.

The behaviours of tests/test_store.py (replace not duplicate, a failed load changes nothing,
export round trip) run against all three through the ``store`` fixture of this module, which
replaces conftest's embedded-only one. Virtuoso comes from Debian's ``virtuoso-opensource``
(scripts/install-system-packages.sh installs it); when it is missing or does not start, its
tests fail with the reason, they are never skipped.
"""

from __future__ import annotations

import io
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic

import kommunegraf.store as store_module
from kommunegraf.cli import main
from kommunegraf.config import Config, load_config
from kommunegraf.errors import QueryError, StoreError
from kommunegraf.formats import rdf_format
from kommunegraf.interop import oparl, popolo
from kommunegraf.pipeline import build_documents
from kommunegraf.remote import (
    GENERIC,
    OXIGRAPH,
    VIRTUOSO,
    HttpClient,
    RemoteStore,
    bind_values,
    dialect_for,
    endpoints_for,
    has_graph_pattern,
    query_form,
    where_group_start,
)
from kommunegraf.store import EmbeddedStore, GraphStore, open_store
from tests.conftest import SEEDS

EX = "https://example.org/"
DOC_A = EX + "document/a"
DOC_B = EX + "document/b"
BACKENDS = ["embedded", "oxigraph", "virtuoso"]
SERVERS = ["oxigraph", "virtuoso"]
# Virtuoso's own account; the server in these tests is a throwaway one on loopback.
VIRTUOSO_USER = ("dba", "dba")
# Low on purpose, so that reading in pages and the truncation check are exercised.
VIRTUOSO_MAX_ROWS = 5000
START_TIMEOUT = 120.0


# --- servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class ServerProcess:
    """A SPARQL server this test session started, and can kill and start again."""

    name: str
    argv: list[str]
    cwd: Path
    url: str
    ready_url: str
    log: Path
    user: tuple[str, str] | None = None
    process: subprocess.Popen[bytes] | None = None
    _log_handle: IO[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        self._log_handle = self.log.open("ab")
        self.process = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            stdout=self._log_handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._close_log()
                pytest.fail(
                    f"{self.name} exited with code {self.process.returncode} while starting; "
                    f"its log ({self.log}):\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(self.ready_url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(
            f"{self.name} did not answer on {self.ready_url} within {START_TIMEOUT:g} s; "
            f"its log:\n{self.log_tail()}"
        )

    def kill(self) -> None:
        """Stop the server abruptly, as a crash would (SIGKILL)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
        self._close_log()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self._close_log()

    def _close_log(self) -> None:
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def open(self, **kwargs: Any) -> RemoteStore:
        user, password = self.user or (None, None)
        return RemoteStore(self.url, user=user, password=password, **kwargs)

    def config(self) -> Config:
        user, password = self.user or (None, None)
        return load_config(
            {"store": self.url, "store_user": user, "store_password": password}, environ={}
        )


def oxigraph_server(directory: Path) -> ServerProcess:
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        found = shutil.which("oxigraph")
        if found is None:
            pytest.fail("the Oxigraph server is not installed: pip install 'oxigraph>=0.5.13,<0.6'")
        binary = Path(found)
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = ServerProcess(
        "Oxigraph server",
        [
            str(binary),
            "serve",
            "--location",
            str(directory / "data"),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        directory,
        base + "/",
        base + "/query?query=ASK%7B%7D",
        directory / "oxigraph.log",
    )
    server.start()
    return server


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 5000
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1
AsyncQueueMaxThreads = 1

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


def virtuoso_server(directory: Path) -> ServerProcess:
    binary = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
    if not Path(binary).exists():
        pytest.fail(
            "Virtuoso is not installed (no virtuoso-t): run scripts/install-system-packages.sh "
            "or `apt-get install virtuoso-opensource`; the Virtuoso tests cannot run without it"
        )
    directory.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            dir=directory, sql_port=sql_port, http_port=http_port, max_rows=VIRTUOSO_MAX_ROWS
        )
    )
    base = f"http://127.0.0.1:{http_port}"
    server = ServerProcess(
        "Virtuoso",
        [binary, "+configfile", str(ini), "+foreground"],
        directory,
        base + "/sparql",
        base + "/sparql?query=ASK%7B%7D",
        directory / "virtuoso.out",
        user=VIRTUOSO_USER,
    )
    server.start()
    return server


STARTERS: dict[str, Callable[[Path], ServerProcess]] = {
    "oxigraph": oxigraph_server,
    "virtuoso": virtuoso_server,
}


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = oxigraph_server(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = virtuoso_server(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of the backend under test."""
    opened: GraphStore
    if backend == "embedded":
        opened = EmbeddedStore(tmp_path / "store")
    else:
        server: ServerProcess = request.getfixturevalue(backend)
        opened = server.open(retries=1, backoff=0.05)
        opened.clear()
    yield opened
    opened.close()


@pytest.fixture(params=SERVERS)
def server(request: pytest.FixtureRequest) -> ServerProcess:
    """The session's server of each kind (for tests that only make sense over HTTP)."""
    started: ServerProcess = request.getfixturevalue(request.param)
    return started


@pytest.fixture(scope="session")
def reference() -> EmbeddedStore:
    """The seeds built once into the embedded store: what every backend must end up holding."""
    built = EmbeddedStore(None)
    report = build_documents([SEEDS], built, load_config({"store": ":memory:"}, environ={}))
    assert not report.failed, report.summary_lines()
    return built


# --- helpers ---------------------------------------------------------------------------------


def triples(n: int, label: str) -> list[tuple[URIRef, URIRef, Literal]]:
    return [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(f"{label} {i}")) for i in range(n)]


def snapshot(store: GraphStore) -> set[str]:
    buffer = io.BytesIO()
    store.export(rdf_format("nq"), buffer)
    return set(buffer.getvalue().decode().splitlines())


XSD = "http://www.w3.org/2001/XMLSchema#"
# Oxigraph (embedded and server) stores every integer type derived from xsd:integer as
# xsd:integer; Virtuoso keeps the datatype as written. The values are the same.
INTEGER_TYPES = {
    URIRef(XSD + name)
    for name in (
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}


def graph_of(store: GraphStore, name: str, integers_as_integer: bool = False) -> Graph:
    graph = Graph()
    for s, p, o in store.triples(name):
        if integers_as_integer and isinstance(o, Literal) and o.datatype in INTEGER_TYPES:
            o = Literal(str(o), datatype=URIRef(XSD + "integer"))
        graph.add((s, p, o))
    return graph


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(expected, actual)
        pytest.fail(
            "graphs differ\nonly expected:\n"
            + only_expected.serialize(format="nt")
            + "\nonly actual:\n"
            + only_actual.serialize(format="nt")
        )


def counts(store: GraphStore) -> dict[str, int]:
    return {g: store.count(g) for g in store.graphs()}


VALIDATION = store_module.VALIDATION_GRAPH


def fact(name: str) -> tuple[URIRef, URIRef, Literal]:
    return (URIRef(EX + "entity"), URIRef(EX + "name"), Literal(name))


def stated(store: GraphStore) -> set[Any]:
    """The facts of the graphs the union is made of (all but the validation report), as a set."""
    return {t for g in store.graphs() if g != VALIDATION for t in store.triples(g)}


def union_rows(store: GraphStore) -> list[Any]:
    """Every match of ?s ?p ?o in the default graph, duplicates kept, sorted."""
    rows = store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    return sorted((r["s"], r["p"], r["o"]) for r in rows)


def number(store: GraphStore, sparql: str) -> int:
    return int(str(store.select(sparql)[0]["n"]))


def assert_union_is_the_set_union(store: GraphStore) -> None:
    """The default graph matches each fact of the documents' graphs once, and nothing else
    (counted, so that it also holds for stores larger than Virtuoso's row cap)."""
    expected = len(stated(store))
    matched = number(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    stray = number(
        store,
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(?g != <{VALIDATION}>) }} }}",
    )
    assert (matched, stray) == (expected, 0), (
        f"the default graph matches {matched} facts, {stray} of them stated by no document; "
        f"the documents state {expected}"
    )


# --- the behaviours of the embedded store, on every backend ---------------------------------


def test_loading_the_same_document_twice_leaves_one_copy(store: GraphStore) -> None:
    store.replace_graph(DOC_A, triples(3, "first"))
    store.replace_graph(DOC_A, triples(3, "first"))
    assert store.count(DOC_A) == 3
    assert store.count() == 3


def test_reloading_a_document_replaces_its_graph(store: GraphStore) -> None:
    store.replace_graph(DOC_A, triples(3, "old"))
    store.replace_graph(DOC_A, triples(2, "new"))
    objects = {str(o) for _, _, o in store.triples(DOC_A)}
    assert objects == {"new 0", "new 1"}


def test_a_failing_load_leaves_the_store_exactly_as_it_was(store: GraphStore) -> None:
    store.replace_graph(DOC_A, triples(3, "kept"))
    store.replace_graph(DOC_B, triples(2, "other"))
    before = snapshot(store)
    broken = [
        *triples(5, "half"),
        (URIRef(EX + "bad iri"), URIRef(EX + "p"), Literal("x")),
        *triples(5, "rest"),
    ]
    with pytest.raises(StoreError):
        store.replace_graph(DOC_A, broken)
    assert snapshot(store) == before


def test_a_load_that_fails_inside_the_transaction_changes_nothing(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.replace_graph(DOC_A, triples(3, "kept"))
    before = snapshot(store)
    real = store_module.ntriples

    def half_then_garbage(rows: Any) -> str:
        return real(rows) + '\n<https://example.org/s> <https://example.org/p> "unterminated'

    monkeypatch.setattr(store_module, "ntriples", half_then_garbage)
    with pytest.raises(StoreError):
        store.replace_graph(DOC_A, triples(50, "new"))
    assert snapshot(store) == before
    assert store.graphs() == [DOC_A]


def test_a_large_document_with_a_bad_end_changes_nothing(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Virtuoso the good part is loaded into the staging graph first; it never shows."""
    store.replace_graph(DOC_A, triples(3, "kept"))
    before = snapshot(store)
    real = store_module.ntriples

    def garbage_at_the_end(rows: Any) -> str:
        return real(rows) + "\n<https://example.org/s> <https://example.org/p> <bad iri> ."

    monkeypatch.setattr(store_module, "ntriples", garbage_at_the_end)
    with pytest.raises(StoreError, match="not stored"):
        store.replace_graph(DOC_A, triples(6000, "new"))
    assert snapshot(store) == before
    assert store.graphs() == [DOC_A]


def test_removing_a_document_removes_only_its_graph(store: GraphStore) -> None:
    store.replace_graph(DOC_A, triples(3, "a"))
    store.replace_graph(DOC_B, triples(2, "b"))
    store.remove_graph(DOC_A)
    assert store.graphs() == [DOC_B]
    assert store.count() == 2


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_export_then_import_into_a_fresh_store_is_isomorphic(
    store: GraphStore, tmp_path: Path, fmt: str
) -> None:
    store.replace_graph(DOC_A, triples(3, "a"))
    store.replace_graph(
        DOC_B,
        [
            (URIRef(EX + "x"), URIRef(EX + "name"), Literal('Åse Ø "citat"\nny', lang="da")),
            (
                URIRef(EX + "x"),
                URIRef(EX + "born"),
                Literal("1970-01-02", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
            ),
        ],
    )
    dump = tmp_path / f"dump.{fmt}"
    with dump.open("wb") as handle:
        store.export(rdf_format(fmt), handle)
    expected = {g: graph_of(store, g) for g in (DOC_A, DOC_B)}
    fresh = EmbeddedStore(None)
    fresh.load_file(dump, rdf_format(fmt))
    # ... and back into the same backend, emptied first.
    store.clear()
    assert store.graphs() == []
    store.load_file(dump, rdf_format(fmt))
    for target in (fresh, store):
        assert target.graphs() == [DOC_A, DOC_B]
        for graph in (DOC_A, DOC_B):
            assert_isomorphic(expected[graph], graph_of(target, graph))


def test_turtle_export_is_the_union_of_all_documents(store: GraphStore) -> None:
    store.replace_graph(DOC_A, triples(2, "a"))
    store.replace_graph(DOC_B, [*triples(1, "b"), *triples(1, "a")])
    buffer = io.BytesIO()
    store.export(rdf_format("ttl"), buffer)
    parsed = Graph().parse(data=buffer.getvalue(), format="turtle")
    assert {str(o) for o in parsed.objects()} == {"a 0", "a 1", "b 0"}
    assert len(parsed) == 3


def test_bindings_are_values_not_query_text(store: GraphStore) -> None:
    store.replace_graph(DOC_A, triples(2, "a"))
    hostile = Literal('a 0" } UNION { ?s ?p ?o')
    rows = store.select("SELECT ?s ?label WHERE { ?s ?p ?label }", {"label": hostile})
    assert rows == []
    rows = store.select("SELECT ?s ?label WHERE { ?s ?p ?label }", {"label": Literal("a 0")})
    assert [str(r["s"]) for r in rows] == [EX + "s0"]


# --- the same answers, of the same types ----------------------------------------------------


def test_query_answers_the_result_types_of_the_embedded_store(store: GraphStore) -> None:
    store.replace_graph(DOC_A, triples(2, "a"))
    solutions = store.query("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert isinstance(solutions, ox.QuerySolutions)
    assert [v.value for v in solutions.variables] == ["s", "o"]
    assert [s["o"].value for s in solutions] == ["a 0", "a 1"]
    asked = store.query("ASK { ?s ?p 'a 1' }")
    assert isinstance(asked, ox.QueryBoolean) and bool(asked)
    assert not bool(store.query("ASK { ?s ?p 'nothing' }"))
    built = store.query("CONSTRUCT { ?s <https://example.org/q> ?o } WHERE { ?s ?p ?o }")
    assert isinstance(built, ox.QueryTriples)
    assert {t.object.value for t in built} == {"a 0", "a 1"}
    described = store.query("CONSTRUCT { ?e ?p ?o } WHERE { ?e ?p ?o }", {"e": URIRef(EX + "s1")})
    assert isinstance(described, ox.QueryTriples)
    assert [t.object.value for t in described] == ["a 1"]


def test_the_default_graph_is_the_union_only_when_asked(store: GraphStore) -> None:
    store.replace_graph(DOC_A, triples(2, "a"))
    store.replace_graph(DOC_B, triples(3, "b"))
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(str(store.select(query)[0]["n"])) == 5
    assert int(str(store.select(query, union=False)[0]["n"])) == 0
    named = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    for union in (True, False):
        rows = store.select(named, union=union)
        assert [(str(r["g"]), int(str(r["n"]))) for r in rows] == [(DOC_A, 2), (DOC_B, 3)]


def test_bindings_survive_comments_strings_and_braces_in_the_query(store: GraphStore) -> None:
    store.replace_graph(DOC_A, triples(3, "a"))
    rows = store.select(
        "# a comment with { braces }\nSELECT ?s ?o WHERE { ?s ?p ?o . FILTER(?o != '}') }",
        {"s": URIRef(EX + "s0")},
    )
    assert [str(r["o"]) for r in rows] == ["a 0"]
    described = store.query("DESCRIBE ?s", {"s": URIRef(EX + "s2")})
    assert isinstance(described, ox.QueryTriples)


def test_blank_nodes_keep_their_structure(store: GraphStore) -> None:
    person, address = BNode(), BNode()
    data = [
        (URIRef(EX + "x"), URIRef(EX + "knows"), person),
        (person, URIRef(EX + "name"), Literal("Ukendt")),
        (person, URIRef(EX + "address"), address),
        (address, URIRef(EX + "city"), Literal("Aarhus")),
        *triples(5, "plain"),
    ]
    store.replace_graph(DOC_A, data)
    expected = Graph()
    for t in data:
        # As the stores answer them: a plain literal comes back typed xsd:string.
        s, p, o = (store_module.to_rdflib(store_module.to_oxigraph(x)) for x in t)
        expected.add((s, p, o))
    assert_isomorphic(expected, graph_of(store, DOC_A))
    rows = store.select(
        "SELECT ?city WHERE { ?x <https://example.org/knows>/<https://example.org/address>/"
        "<https://example.org/city> ?city }"
    )
    assert [str(r["city"]) for r in rows] == ["Aarhus"]


def test_a_large_document_is_replaced_whole(store: GraphStore) -> None:
    # Larger than one Virtuoso INSERT DATA (about 5,000 triples), than one page of reads
    # (1,000 subjects) and than the test server's row cap (5,000).
    chain = [BNode() for _ in range(600)]
    links = [(chain[i], URIRef(EX + "next"), chain[i + 1]) for i in range(len(chain) - 1)]
    store.replace_graph(DOC_A, [*triples(6000, "old"), *links])
    assert store.count(DOC_A) == 6000 + len(links)
    store.replace_graph(DOC_A, triples(5500, "new"))
    assert store.count(DOC_A) == 5500
    assert store.count() == 5500
    read = list(store.triples(DOC_A))
    assert len(read) == 5500
    assert {str(o) for _, _, o in read} == {f"new {i}" for i in range(5500)}


def test_the_store_lists_and_counts_only_its_own_graphs(store: GraphStore) -> None:
    assert store.graphs() == []
    assert store.count() == 0
    assert not store.has_graph(DOC_A)
    store.replace_graph(DOC_A, triples(1, "a"))
    assert store.graphs() == [DOC_A]
    assert store.has_graph(DOC_A)
    rows = store.select("SELECT DISTINCT ?class WHERE { ?s a ?class }")
    assert rows == []  # nothing of Virtuoso's own (quad maps, OWL, LDP) shows


def test_a_malformed_query_is_a_query_error(store: GraphStore) -> None:
    with pytest.raises(QueryError):
        store.query("SELECT ?s WHERE { ?s ?p }")


def test_a_fact_stated_by_two_documents_is_in_the_union_once(store: GraphStore) -> None:
    shared, only_a, only_b, new_a = fact("shared"), fact("a"), fact("b"), fact("new a")
    finding = (URIRef(EX + "result"), URIRef(EX + "message"), Literal("only the report"))
    store.replace_graph(DOC_A, [shared, only_a])
    store.replace_graph(DOC_B, [shared, only_b])
    store.replace_graph(VALIDATION, [finding])
    query = "SELECT ?o WHERE { ?s <https://example.org/name> ?o }"
    assert sorted(str(r["o"]) for r in store.select(query)) == ["a", "b", "shared"]
    assert union_rows(store) == sorted(stated(store))
    assert not bool(store.query("ASK { ?s <https://example.org/message> ?o }"))
    assert bool(store.query(f"ASK {{ GRAPH <{VALIDATION}> {{ ?s ?p 'only the report' }} }}"))
    # The union is no named graph of the store's: not listed, counted or exported as one.
    assert store.graphs() == [DOC_A, DOC_B, VALIDATION]
    assert store.count() == 5
    assert len(snapshot(store)) == 5
    buffer = io.BytesIO()
    store.export(rdf_format("ttl"), buffer)
    parsed = Graph().parse(data=buffer.getvalue(), format="turtle")
    exported = {(str(s), str(p), str(o)) for s, p, o in parsed}
    assert exported == {(str(s), str(p), str(o)) for s, p, o in [shared, only_a, only_b, finding]}

    store.replace_graph(DOC_A, [only_a, new_a])  # A no longer states the shared fact; B does
    assert sorted(str(r["o"]) for r in store.select(query)) == ["a", "b", "new a", "shared"]
    assert union_rows(store) == sorted(stated(store))
    store.replace_graph(DOC_A, [shared, new_a])
    assert sorted(str(r["o"]) for r in store.select(query)) == ["b", "new a", "shared"]
    store.remove_graph(DOC_A)
    assert sorted(str(r["o"]) for r in store.select(query)) == ["b", "shared"]
    store.remove_graph(DOC_B)
    assert store.select(query) == []
    assert union_rows(store) == []
    assert store.graphs() == [VALIDATION]


def test_a_fact_the_validation_report_repeats_leaves_the_union_with_its_last_document(
    store: GraphStore,
) -> None:
    shared = fact("shared")
    store.replace_graph(DOC_A, [shared])
    store.replace_graph(VALIDATION, [shared])
    store.remove_graph(DOC_A)
    assert union_rows(store) == []


def test_a_failed_replace_then_a_rerun_leaves_the_union_exact(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A replace that fails inside the write (in the transaction, or Virtuoso's staging PUT).

    A server killed mid-write: test_a_server_that_dies_mid_build_leaves_no_half_document; a
    failure between a request's operations: test_a_write_cut_off_after_any_of_its_operations_*.
    """
    store.replace_graph(DOC_A, [fact("shared"), fact("a"), *triples(3, "a")])
    store.replace_graph(DOC_B, [fact("shared"), fact("b")])
    before = union_rows(store)
    assert before == sorted(stated(store))
    real = store_module.ntriples

    def garbage_at_the_end(rows: Any) -> str:
        return real(rows) + "\n<https://example.org/s> <https://example.org/p> <bad iri> ."

    new_a = [fact("shared"), fact("new a"), *triples(2, "new a")]
    monkeypatch.setattr(store_module, "ntriples", garbage_at_the_end)
    with pytest.raises(StoreError, match="not stored"):
        store.replace_graph(DOC_A, new_a)
    monkeypatch.undo()
    assert union_rows(store) == before
    store.replace_graph(DOC_A, new_a)
    assert union_rows(store) == sorted(stated(store))
    assert_union_is_the_set_union(store)


def test_an_update_rebuilds_the_union(store: GraphStore) -> None:
    store.replace_graph(DOC_A, [fact("shared"), fact("a")])
    store.update(
        f"INSERT DATA {{ GRAPH <{DOC_B}> {{ <{EX}entity> <{EX}name> 'shared', 'b' }} }} ;\n"
        f"DELETE DATA {{ GRAPH <{DOC_A}> {{ <{EX}entity> <{EX}name> 'a' }} }}"
    )
    assert union_rows(store) == sorted(stated(store))
    assert {str(o) for _, _, o in union_rows(store)} == {"shared", "b"}


# --- the seeds, on every backend --------------------------------------------------------------


def test_the_seeds_build_the_same_graphs_on_every_backend(
    store: GraphStore, reference: EmbeddedStore
) -> None:
    config = load_config({"store": ":memory:"}, environ={})
    started = time.monotonic()
    report = build_documents([SEEDS], store, config)
    elapsed = time.monotonic() - started
    assert not report.failed, report.summary_lines()
    assert counts(store) == counts(reference), f"after {elapsed:.1f} s"
    assert_union_is_the_set_union(store)
    for graph in reference.graphs():
        assert_isomorphic(graph_of(reference, graph), graph_of(store, graph, True))


def test_exported_turtle_and_nquads_are_read_by_oxigraph_and_rdflib(
    store: GraphStore, tmp_path: Path
) -> None:
    build_documents([SEEDS], store, load_config({"store": ":memory:"}, environ={}))
    to_ox = store_module.to_oxigraph
    quads = {
        (to_ox(s), to_ox(p), to_ox(o), g) for g in store.graphs() for s, p, o in store.triples(g)
    }
    union = {(s, p, o) for s, p, o, _ in quads}

    def ground(items: set[Any]) -> set[Any]:
        return {t for t in items if not any(isinstance(x, ox.BlankNode) for x in t)}

    for fmt in ("ttl", "nq"):
        path = tmp_path / f"export.{fmt}"
        with path.open("wb") as handle:
            store.export(rdf_format(fmt), handle)
        by_oxigraph = list(ox.parse(path=str(path), format=rdf_format(fmt).oxigraph))
        if fmt == "nq":
            assert len(by_oxigraph) == len(quads) == store.count()
            read = {(q.subject, q.predicate, q.object, q.graph_name.value) for q in by_oxigraph}
            assert ground(read) == ground(quads)
            dataset = Dataset()
            with warnings.catch_warnings():
                # rdflib 7.6's own Dataset.parse calls its deprecated default_context.
                warnings.simplefilter("ignore", DeprecationWarning)
                dataset.parse(path, format="nquads")
            rdflib_quads = list(dataset.quads((None, None, None, None)))
            assert len(rdflib_quads) == len(quads)
            assert {str(q[3]) for q in rdflib_quads} == set(store.graphs())
        else:
            assert ground({(t.subject, t.predicate, t.object) for t in by_oxigraph}) == (
                ground(union)
            )
            assert len(set(by_oxigraph)) == len(union)
            by_rdflib = Graph().parse(path, format="turtle")
            assert len(by_rdflib) == len(union)


def test_the_interop_views_are_the_same_on_every_backend(
    store: GraphStore, reference: EmbeddedStore
) -> None:
    build_documents([SEEDS], store, load_config({"store": ":memory:"}, environ={}))
    base = "https://kommunegraf.dk/oparl/"
    assert popolo(store, base) == popolo(reference, base)
    assert oparl(store, base) == oparl(reference, base)


# --- over HTTP only ----------------------------------------------------------------------------


def test_an_unreachable_server_is_a_store_error_naming_the_endpoint() -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    store = RemoteStore(url, retries=2, backoff=0.01)
    with pytest.raises(StoreError, match=r"127\.0\.0\.1:\d+/query is unreachable.*3 attempts"):
        store.count()
    with pytest.raises(StoreError, match=r"/update is unreachable"):
        store.replace_graph(DOC_A, triples(1, "a"))


def test_a_server_that_does_not_answer_in_time_is_a_store_error() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        store = RemoteStore(url, timeout=0.3, retries=3)
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"did not answer within 0\.3 s"):
            store.count()
        assert time.monotonic() - started < 3


def test_virtuoso_refuses_writes_without_its_credentials(virtuoso: ServerProcess) -> None:
    anonymous = RemoteStore(virtuoso.url, retries=0)
    with pytest.raises(StoreError, match="KOMMUNEGRAF_STORE_USER"):
        anonymous.replace_graph(DOC_A, triples(1, "a"))
    wrong = RemoteStore(virtuoso.url, user="dba", password="wrong", retries=0)
    with pytest.raises(StoreError, match=r"HTTP 401 \(user 'dba'\)"):
        wrong.replace_graph(DOC_A, triples(1, "a"))
    assert not virtuoso.open().has_graph(DOC_A)


def test_virtuoso_cutting_a_result_at_its_row_cap_is_an_error(virtuoso: ServerProcess) -> None:
    store = virtuoso.open()
    store.clear()
    store.replace_graph(DOC_A, triples(VIRTUOSO_MAX_ROWS + 10, "a"))
    assert store.row_cap() == VIRTUOSO_MAX_ROWS
    with pytest.raises(StoreError, match="ResultSetMaxRows"):
        store.select("SELECT ?s WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError, match="ResultSetMaxRows"):
        store.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert len(store.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 10")) == 10
    assert store.count(DOC_A) == VIRTUOSO_MAX_ROWS + 10
    assert len(list(store.triples(DOC_A))) == VIRTUOSO_MAX_ROWS + 10
    store.clear()


def test_virtuoso_system_graphs_are_there_but_hidden(virtuoso: ServerProcess) -> None:
    store = virtuoso.open()
    store.clear()
    everything = store._all_graphs()
    assert "http://www.openlinksw.com/schemas/virtrdf#" in everything
    assert store.graphs() == []
    with pytest.raises(StoreError, match="belongs to the virtuoso server"):
        store.remove_graph("http://www.openlinksw.com/schemas/virtrdf#")


def test_open_store_opens_a_url_with_the_remote_settings(oxigraph: ServerProcess) -> None:
    config = load_config(
        {"store": oxigraph.url},
        environ={"KOMMUNEGRAF_STORE_USER": "reader", "KOMMUNEGRAF_STORE_PASSWORD": "secret"},
    )
    opened = open_store(config.store, config)
    assert isinstance(opened, RemoteStore) and isinstance(opened, GraphStore)
    assert opened.endpoints.update == oxigraph.url + "update"
    assert opened._http.user == "reader"
    assert opened.location == f"{oxigraph.url} (oxigraph)"


def test_the_generic_dialect_works_against_a_plain_sparql_server(oxigraph: ServerProcess) -> None:
    """Oxigraph's endpoints spoken to as any SPARQL 1.1 server: no union flag, no dump."""
    url = oxigraph.url + "query"
    store = RemoteStore(url, dialect="generic", update_endpoint=oxigraph.url + "update", retries=0)
    store.clear()
    store.replace_graph(DOC_A, triples(2500, "a"))
    store.replace_graph(DOC_B, [*triples(2, "b"), (BNode(), URIRef(EX + "p"), Literal("x"))])
    assert store.graphs() == [DOC_A, DOC_B]
    assert int(str(store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])) == 2503
    assert len(list(store.triples(DOC_A))) == 2500
    buffer = io.BytesIO()
    store.export(rdf_format("nq"), buffer)
    assert len(buffer.getvalue().splitlines()) == 2503
    # The union is a named graph here too, hidden, and a set.
    store.replace_graph(EX + "document/c", triples(2, "b"))
    assert store.graphs() == [DOC_A, DOC_B, EX + "document/c"]
    assert_union_is_the_set_union(store)
    store.remove_graph(DOC_B)
    assert_union_is_the_set_union(store)
    assert number(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == 2502
    store.clear()


def test_a_write_cut_off_after_any_of_its_operations_is_repaired_by_running_it_again(
    server: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a failure between the operations of a write's one request leaves behind.

    Virtuoso does not undo the operations of a request that ran before a failing one; on
    Oxigraph the request is one transaction, which makes this the stricter test there. After
    any prefix of the operations the union holds no fact that no graph states and lacks only
    facts of the document written; running the write again makes it exact.
    """
    store = server.open(retries=1, backoff=0.05)
    method = "_swap_operations" if store.dialect.staged_writes else "_replace_operations"
    real = getattr(store, method)
    old_a = [fact("shared"), fact("kept"), fact("old a")]
    new_a = [fact("shared"), fact("kept"), fact("new a")]
    of_a = set(store_module.ntriples(old_a + new_a).splitlines())
    cut, operations = 0, [""]
    while cut < len(operations):
        cut += 1
        store.clear()
        store.replace_graph(DOC_A, old_a)
        store.replace_graph(DOC_B, [fact("shared"), fact("b")])

        def cut_off(*args: Any, cut: int = cut) -> list[str]:
            operations[:] = real(*args)
            return operations[:cut]

        monkeypatch.setattr(store, method, cut_off)
        store.replace_graph(DOC_A, new_a)
        monkeypatch.undo()
        union, expected = set(union_rows(store)), stated(store)
        assert union <= expected, f"after {cut} of {operations}"
        missing = store_module.ntriples(expected - union).splitlines()
        assert set(missing) <= of_a, f"after {cut} of {operations}"
        store.replace_graph(DOC_A, new_a)
        assert union_rows(store) == sorted(stated(store)), f"after {cut} of {operations}"
    assert cut == len(operations) >= 3
    store.clear()


# --- a store written by a kommunegraf that did not keep the union ---------------------------


def open_again(kind: str, request: pytest.FixtureRequest) -> RemoteStore:
    """A newly opened store of the session's server of ``kind`` (generic: Oxigraph's)."""
    if kind == "generic":
        oxigraph: ServerProcess = request.getfixturevalue("oxigraph")
        return RemoteStore(
            oxigraph.url + "query",
            dialect="generic",
            update_endpoint=oxigraph.url + "update",
            retries=1,
            backoff=0.05,
        )
    server: ServerProcess = request.getfixturevalue(kind)
    return server.open(retries=1, backoff=0.05)


def without_the_union(store: RemoteStore) -> None:
    """Empty the union and keep the documents' graphs: a store as older versions wrote it."""
    union = store.dialect.union_graph
    target = f"GRAPH <{union}>" if union else "DEFAULT"
    store._update(f"DROP SILENT {target}", what="emptying the union")
    assert not store._plain_query(store.dialect.union.has_union())


def cli_with_credentials(server: ServerProcess) -> CliRunner:
    user, password = server.user or (None, None)
    return CliRunner(env={"KOMMUNEGRAF_STORE_USER": user, "KOMMUNEGRAF_STORE_PASSWORD": password})


def test_a_store_without_the_union_has_it_rebuilt_once_when_first_queried(
    server: ServerProcess,
) -> None:
    store = server.open(retries=1, backoff=0.05)
    store.clear()
    store.replace_graph(DOC_A, [fact("shared"), fact("a")])
    store.replace_graph(DOC_B, [fact("shared"), fact("b")])
    store.replace_graph(VALIDATION, [fact("only the report")])
    without_the_union(store)
    runner = cli_with_credentials(server)
    query = "SELECT ?o WHERE { ?s <https://example.org/name> ?o } ORDER BY ?o"
    arguments = ["--store", server.url, "query", query, "--format", "csv"]

    first = runner.invoke(main, arguments)
    assert first.exit_code == 0, first.output
    assert first.stdout.split() == ["o", "a", "b", "shared"]
    assert len(first.stderr.splitlines()) == 1 and "rebuilt" in first.stderr, first.stderr
    assert_union_is_the_set_union(store)
    again = runner.invoke(main, arguments)  # once rebuilt, nothing to say
    assert (again.exit_code, again.stdout, again.stderr) == (0, first.stdout, "")
    store.clear()


@pytest.mark.parametrize("kind", [*SERVERS, "generic"])
def test_a_store_without_the_union_has_it_rebuilt_before_the_first_write(
    kind: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not only the document written: after it, an empty union would no longer tell."""
    store = open_again(kind, request)
    store.clear()
    store.replace_graph(DOC_A, [fact("shared"), fact("a")])
    store.replace_graph(DOC_B, [fact("shared"), fact("b")])
    without_the_union(store)
    capsys.readouterr()

    reopened = open_again(kind, request)
    reopened.replace_graph(EX + "document/c", [fact("c")])
    assert {str(o) for _, _, o in union_rows(reopened)} == {"shared", "a", "b", "c"}
    assert union_rows(reopened) == sorted(stated(reopened))
    assert "rebuilt" in capsys.readouterr().err
    # A store that is merely empty, or has no documents, is not rebuilt.
    reopened.clear()
    reopened.replace_graph(VALIDATION, [fact("only the report")])
    open_again(kind, request).replace_graph(DOC_A, [fact("a")])
    assert capsys.readouterr().err == ""
    assert [str(o) for _, _, o in union_rows(reopened)] == ["a"]
    reopened.clear()


SEEDS_WITH_FINDINGS = (
    "kd-net-evaluering-valgperiode-2018-2021",
    "kkr-midtjylland-dagsorden-sag-2019-03640",
)


def test_validate_on_a_store_without_the_union_judges_its_documents(
    server: ServerProcess,
) -> None:
    store = server.open(retries=1, backoff=0.05)
    store.clear()
    # Two seeds with findings (the five together exceed the test Virtuoso's row cap, which
    # validate's one CONSTRUCT of the union must stay under).
    seeds = [SEEDS / f"{name}.txt" for name in SEEDS_WITH_FINDINGS]
    report = build_documents(seeds, store, server.config())
    assert not report.failed, report.summary_lines()
    runner = cli_with_credentials(server)
    arguments = ["--store", server.url, "validate"]
    kept = runner.invoke(main, arguments)
    assert kept.stdout.startswith("Validering:"), kept.output
    assert "Ingen fund" not in kept.stdout, kept.output  # an empty union has no findings
    assert "rebuilt" not in kept.stderr
    without_the_union(store)

    rebuilt = runner.invoke(main, arguments)
    assert (rebuilt.exit_code, rebuilt.stdout) == (kept.exit_code, kept.stdout)
    assert "rebuilt" in rebuilt.stderr
    assert_union_is_the_set_union(store)
    store.clear()


# --- query text, dialects and chunks (no server) --------------------------------------------


@pytest.mark.parametrize(
    ("query", "form", "inside"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT", "{ ?s"),
        ("PREFIX ex: <http://x/{a}> ask { ?s ex:where ?o }", "ASK", "{ ?s ex:where"),
        ("SELECT (EXISTS { ?a ?b ?c } AS ?e) ?x { ?x ?y ?z }", "SELECT", "{ ?x ?y"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT", "{ ?s ?p ?o }"),
        ("CONSTRUCT { ?s ?p '{' } { ?s ?p ?o }", "CONSTRUCT", "{ ?s ?p ?o }"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", None),
        ("DESCRIBE <http://x/y>", "DESCRIBE", None),
        ('SELECT ?where WHERE { ?s ?p "WHERE {" }', "SELECT", '{ ?s ?p "WHERE'),
    ],
)
def test_the_where_pattern_is_found_in_the_query_text(
    query: str, form: str, inside: str | None
) -> None:
    assert query_form(query) == form
    start = where_group_start(query)
    if inside is None:
        assert start is None
    else:
        assert start is not None and query[start - 1 :].startswith(inside)


def test_graph_patterns_are_found_in_the_query_text() -> None:
    assert has_graph_pattern("SELECT * { graph ?g { ?s ?p ?o } }")
    assert not has_graph_pattern("SELECT * { ?s <https://example.org/graph> 'GRAPH' } # GRAPH")
    assert not has_graph_pattern("SELECT ?graph { ?graph ex:graph ?o }")


def test_bound_values_are_serialised_terms() -> None:
    text = bind_values(
        "SELECT ?s WHERE { ?s ?p ?o }",
        {"o": Literal('x" } ?a ?b ?c {'), "s": URIRef(EX)},
        OXIGRAPH,
    )
    assert text == (
        'SELECT ?s WHERE { VALUES (?o ?s) { ("x\\" } ?a ?b ?c {" <https://example.org/>) }'
        "  ?s ?p ?o }"
    )
    assert bind_values("DESCRIBE ?e", {"e": URIRef(EX)}, OXIGRAPH) == (
        "DESCRIBE ?e\nWHERE { VALUES (?e) { (<https://example.org/>) } }"
    )
    assert bind_values("DESCRIBE ?e LIMIT 3", {"e": URIRef(EX)}, OXIGRAPH) == (
        "DESCRIBE ?e\nWHERE { VALUES (?e) { (<https://example.org/>) } }\nLIMIT 3"
    )
    assert bind_values("CONSTRUCT WHERE { ?e ?p ?o }", {"e": URIRef(EX)}, OXIGRAPH) == (
        "CONSTRUCT WHERE { ?e ?p ?o }\nVALUES (?e) { (<https://example.org/>) }"
    )
    with pytest.raises(QueryError):
        bind_values("SELECT * { ?s ?p ?o }", {"s": BNode()}, GENERIC)
    assert "<nodeID://b1>" in bind_values("SELECT * { ?s ?p ?o }", {"s": BNode("b1")}, VIRTUOSO)
    with pytest.raises(QueryError):
        bind_values("SELECT * { ?s ?p ?o }", {"s p": URIRef(EX)}, OXIGRAPH)


def test_dialects_and_endpoints_follow_the_url() -> None:
    assert dialect_for("http://h:7878") is OXIGRAPH
    assert dialect_for("http://h:7878/query") is OXIGRAPH
    assert dialect_for("http://h:8890/sparql") is VIRTUOSO
    assert dialect_for("http://h/fuseki/ds") is GENERIC
    assert dialect_for("http://h:8890/sparql", "generic") is GENERIC
    assert endpoints_for("http://h:7878/", OXIGRAPH) == (
        endpoints_for("http://h:7878/query", OXIGRAPH)
    )
    oxi = endpoints_for("http://h:7878/", OXIGRAPH)
    assert (oxi.query, oxi.update, oxi.graph_store) == (
        "http://h:7878/query",
        "http://h:7878/update",
        "http://h:7878/store",
    )
    virt = endpoints_for("http://h:8890/sparql", VIRTUOSO)
    assert (virt.query, virt.update, virt.graph_store) == (
        "http://h:8890/sparql",
        "http://h:8890/sparql-auth",
        "http://h:8890/sparql-graph-crud-auth",
    )
    custom = endpoints_for("http://h/ds/sparql", GENERIC, update="http://h/ds/update")
    assert (custom.query, custom.update, custom.graph_store) == (
        "http://h/ds/sparql",
        "http://h/ds/update",
        None,
    )


def test_credentials_belong_in_the_environment_not_the_url() -> None:
    from kommunegraf.errors import ConfigError

    with pytest.raises(ConfigError, match="KOMMUNEGRAF_STORE_USER"):
        RemoteStore("http://dba:dba@127.0.0.1:8890/sparql")


def test_the_http_client_does_not_repeat_a_request_that_may_have_been_applied() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/update"
        client = HttpClient([url], None, None, timeout=5, retries=3, backoff=0.01)

        def hang_up_once() -> None:
            connection, _ = listener.accept()
            connection.recv(65536)
            connection.close()

        thread = threading.Thread(target=hang_up_once, daemon=True)
        thread.start()
        with pytest.raises(StoreError, match="may or may not have applied it"):
            client.fetch("POST", url, what="a test", data=b"x", idempotent=False)
        thread.join(timeout=5)
        listener.settimeout(0.3)
        with pytest.raises(TimeoutError):
            listener.accept()  # no second attempt came


# --- a server that dies in the middle of a build ---------------------------------------------


def _kill_during_second_document(store: RemoteStore, server: ServerProcess) -> list[str]:
    """Make the server die as the second document's final write goes out (the first is in).

    On Virtuoso that is after the document was staged and before the swap that would make
    it visible; on Oxigraph before its one update request. Returns the writes seen.
    """
    documents: list[str] = []
    real_open = store._http.open

    def open_and_maybe_kill(method: str, url: str, **kwargs: Any) -> Any:
        what = kwargs["what"]
        final_write = what.startswith(("replacing graph <", "swapping in graph <"))
        if final_write and "/document/" in what:
            if what not in documents:
                documents.append(what)
            if len(documents) == 2 and server.process and server.process.poll() is None:
                server.kill()
        return real_open(method, url, **kwargs)

    store._http.open = open_and_maybe_kill  # type: ignore[method-assign]
    return documents


@pytest.mark.slow
@pytest.mark.parametrize("kind", SERVERS)
def test_a_server_that_dies_mid_build_leaves_no_half_document(
    kind: str, tmp_path: Path, reference: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server dies while the second document is written and is back for validation.

    (It stays down for the rest of the loading; the build's validation phase needs the
    store, see the next test for a server that stays down.)
    """
    server = STARTERS[kind](tmp_path / kind)
    try:
        config = server.config()
        store = RemoteStore.from_config(config, retries=2, backoff=0.05)
        seeds = sorted(SEEDS.glob("*.txt"))
        _kill_during_second_document(store, server)
        real_triples = store.triples

        def back_for_validation(graph: str) -> Any:
            # Validation begins by reading each stored document back.
            if server.process and server.process.poll() is not None:
                server.start()
            return real_triples(graph)

        monkeypatch.setattr(store, "triples", back_for_validation)
        started = time.monotonic()
        report = build_documents(seeds, store, config)
        elapsed = time.monotonic() - started

        assert len(report.loaded) == 1, report.summary_lines()
        assert len(report.failed) == len(seeds) - 1
        for result in report.failed:
            assert result.error and "not stored" in result.error, result.error
            assert "unreachable" in result.error and "127.0.0.1" in result.error, result.error
        failed_lines = [line for line in report.summary_lines() if line.startswith("FAILED")]
        assert {r.error for r in report.failed} == {
            line[len("FAILED  ") :] for line in failed_lines
        }

        survivor = RemoteStore.from_config(config, retries=2, backoff=0.05)
        expected = counts(reference)
        loaded_graph = report.loaded[0].graph
        assert loaded_graph is not None
        documents = [g for g in survivor.graphs() if "/document/" in g]
        # Nothing half-loaded: the one document stored is whole, the others are absent.
        assert documents == [loaded_graph]
        assert survivor.count(loaded_graph) == expected[loaded_graph]
        assert survivor.count(store_module.ONTOLOGY_GRAPH) == expected[store_module.ONTOLOGY_GRAPH]

        again = build_documents(seeds, survivor, config)
        assert not again.failed, again.summary_lines()
        rebuilt = counts(survivor)
        assert_union_is_the_set_union(survivor)
        assert {g: n for g, n in rebuilt.items() if g != store_module.VALIDATION_GRAPH} == {
            g: n for g, n in expected.items() if g != store_module.VALIDATION_GRAPH
        }
        assert store_module.VALIDATION_GRAPH in rebuilt
        print(f"\n{kind}: build with a crash {elapsed:.1f} s")
    finally:
        server.stop()


def test_a_build_whose_server_stays_down_still_reports_each_document(tmp_path: Path) -> None:
    server = oxigraph_server(tmp_path / "oxigraph")
    try:
        config = server.config()
        store = RemoteStore.from_config(config, retries=1, backoff=0.05)
        seeds = sorted(SEEDS.glob("*.txt"))
        _kill_during_second_document(store, server)
        report = build_documents(seeds, store, config)
        assert len(report.loaded) == 1
        assert len(report.failed) == len(seeds) - 1
    finally:
        server.stop()
