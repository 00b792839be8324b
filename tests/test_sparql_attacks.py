"""The requests an attacker sends to a public /sparql, against a real `kommunegraf serve` on the
seeds over HTTP on 127.0.0.1: none may take the server down, starve its pages, or make it
call another host (a real listener on loopback must see no connection)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.test_serve_during_build import free_port

ROOT = Path(__file__).resolve().parent.parent
KOMMUNEGRAF = str(Path(sys.executable).with_name("kommunegraf"))
TOKEN = "a token for the attack tests"
TIME_LIMIT = 2.0
MEMORY_MB = 300
KG = "https://kommunegraf.dk/ontology#"
# Every quote against every other, four times over: hours of counting, little memory.
ENDLESS_COUNT = ("SELECT (COUNT(*) AS ?n) WHERE { "
                 + " ".join(f"?e{i} <{KG}quote> ?q{i} ." for i in range(4)) + " }")
# The product of every triple with every triple, sorted: memory without end.
ENDLESS_SORT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
# Not nested, yet as deep for the parser as 3,500 levels: an ordinary stack overflows at 3,000.
CHAIN = "SELECT * WHERE { ?s ?p ?o " + " ".join(["MINUS{?s ?p ?o}"] * 3500) + "} LIMIT 1"


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    store: Path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@dataclass
class Answer:
    status: int
    body: str
    headers: dict[str, str]


def request(server: Server, path: str, data: bytes | None = None,
            headers: dict[str, str] | None = None, timeout: float = 30) -> Answer:
    sent = urllib.request.Request(server.url(path), data=data, headers={
        "Accept": "application/sparql-results+json", **(headers or {})})
    try:
        with urllib.request.urlopen(sent, timeout=timeout) as response:
            return Answer(response.status, response.read().decode(), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode(), dict(error.headers))


def query(server: Server, text: str, timeout: float = 30) -> Answer:
    return request(server, "/sparql?" + urllib.parse.urlencode({"query": text}),
                   timeout=timeout)


def update(server: Server, text: str, token: str | None) -> Answer:
    headers = {"Content-Type": "application/sparql-update"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return request(server, "/sparql", data=text.encode(), headers=headers)


def start_server(store: Path, **settings: str) -> Server:
    environment = {**{k: v for k, v in os.environ.items() if not k.startswith("KOMMUNEGRAF_")},
                   "PYTHONPATH": str(ROOT), "KOMMUNEGRAF_QUERY_TIMEOUT": str(TIME_LIMIT),
                   "KOMMUNEGRAF_QUERY_MEMORY_MB": str(MEMORY_MB),
                   **{f"KOMMUNEGRAF_{k.upper()}": v for k, v in settings.items()}}
    port = free_port()
    process = subprocess.Popen(
        [KOMMUNEGRAF, "--store", str(store), "serve", "--host", "127.0.0.1", "--port",
         str(port)], env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        cwd=ROOT)
    server = Server(process, port, store)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[0].decode()
        try:
            if query(server, "ASK {}", timeout=5).status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not start within 60 s")


def stop_server(server: Server) -> str:
    server.process.terminate()
    output = server.process.communicate(timeout=30)[0].decode()
    assert "Traceback" not in output, output
    return output


def build_seeds(store: Path) -> None:
    built = subprocess.run([KOMMUNEGRAF, "--store", str(store), "build", str(SEEDS)],
                           env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                           timeout=300, cwd=ROOT)
    assert built.returncode == 0, built.stderr.decode()


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("attacks") / "store"
    build_seeds(store)
    return store


@pytest.fixture(scope="module")
def server(seeds_store: Path) -> Iterator[Server]:
    """The public server: read-only, following the store."""
    started = start_server(seeds_store)
    yield started
    stop_server(started)


@pytest.fixture(scope="module")
def token_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with the update token, on a store of its own."""
    store = tmp_path_factory.mktemp("attacks-token") / "store"
    build_seeds(store)
    started = start_server(store, update_token=TOKEN)
    yield started
    stop_server(started)


class Listener:
    """A real TCP server on loopback that records every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.connections: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            connection.settimeout(2)
            try:
                self.connections.append(connection.recv(4096))
            except OSError:
                self.connections.append(b"")
            finally:
                connection.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"


@pytest.fixture
def listener() -> Iterator[Listener]:
    opened = Listener()
    yield opened
    opened.socket.close()


def server_memory_mib(server: Server) -> float:
    """Resident memory of the server and every process it started, from /proc."""
    pids = {server.process.pid}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == server.process.pid:
                pids.add(int(entry.name))
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except OSError:
            continue
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


# --- 1. a query nested too deep for the parser --------------------------------------------


@pytest.mark.parametrize("nested", [
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
    "SELECT * WHERE { FILTER(" + "\\u0028" * 5000 + "1" + "\\u0029" * 5000 + ") }",
    "SELECT * WHERE { ?s ?p " + "[ ?p " * 3000 + "1" + " ]" * 3000 + " }",
])
def test_a_query_nested_5000_deep_is_a_clear_400_and_the_server_lives(
        server: Server, nested: str) -> None:
    answer = query(server, nested)
    assert answer.status == 400
    assert "levels deep; at most 100" in json.loads(answer.body)["message"]
    assert query(server, "ASK { ?s ?p ?o }").status == 200
    assert server.process.poll() is None


def test_a_chain_of_3500_operators_does_not_crash_the_server(server: Server) -> None:
    """Not nested, yet as deep for the parser: the worker's deep stack holds it."""
    assert len(CHAIN) < 65536
    assert query(server, CHAIN).status in (200, 503)
    assert query(server, "ASK { ?s ?p ?o }").status == 200


@pytest.mark.parametrize("nested", [
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
])
def test_kommunegraf_query_refuses_a_query_nested_5000_deep(seeds_store: Path,
                                                            nested: str) -> None:
    ran = subprocess.run([KOMMUNEGRAF, "--store", str(seeds_store), "query", nested],
                         capture_output=True, timeout=120, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert ran.returncode in (1, 2), ran
    assert "levels deep; at most 100" in ran.stderr.decode()
    assert "Traceback" not in ran.stderr.decode()


def test_kommunegraf_query_evaluates_a_chain_of_3500_operators(seeds_store: Path) -> None:
    ran = subprocess.run([KOMMUNEGRAF, "--store", str(seeds_store), "query", CHAIN],
                         capture_output=True, timeout=300, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert ran.returncode == 0, ran.stderr.decode()
    assert "(0 rows)" in ran.stdout.decode()


# --- 2. and 4. heavy queries, abandoned -------------------------------------------------


def test_abandoned_heavy_queries_are_stopped_and_their_slots_and_memory_given_back(
        server: Server) -> None:
    before = server_memory_mib(server)
    answers: list[Answer] = []
    threads = [threading.Thread(target=lambda: answers.append(query(server, ENDLESS_COUNT)))
               for _ in range(4)]  # one for every worker
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [a.status for a in answers] == [503] * 4
    for answer in answers:
        assert "time limit of 2 s and was stopped" in json.loads(answer.body)["message"]
        assert answer.headers.get("Retry-After")
    # The next query is answered within a second of the limit, not refused as "busy".
    assert query(server, "ASK { ?s ?p ?o }").status == 200
    assert time.monotonic() - started < TIME_LIMIT + 1.0
    # The workers that were stopped gave their memory back.
    deadline = time.monotonic() + 20
    while server_memory_mib(server) > before + 50 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert server_memory_mib(server) <= before + 50, (before, server_memory_mib(server))


def test_a_query_that_takes_too_much_memory_is_stopped_at_the_ceiling(server: Server) -> None:
    before = server_memory_mib(server)
    answer = query(server, ENDLESS_SORT)
    assert answer.status == 503 and answer.headers.get("Retry-After")
    assert f"needed more than {MEMORY_MB} MiB" in json.loads(answer.body)["message"]
    assert query(server, "ASK { ?s ?p ?o }").status == 200
    deadline = time.monotonic() + 20
    while server_memory_mib(server) > before + 50 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert server_memory_mib(server) <= before + 50, (before, server_memory_mib(server))


def test_a_burst_of_100_slow_queries_does_not_hold_up_a_page(server: Server) -> None:
    answers: list[Answer] = []

    def send() -> None:
        try:
            answers.append(query(server, ENDLESS_COUNT, timeout=60))
        except OSError as error:
            answers.append(Answer(0, str(error), {}))

    burst = [threading.Thread(target=send) for _ in range(100)]
    for thread in burst:
        thread.start()
    time.sleep(0.5)  # the burst has arrived (not a timing assertion)
    started = time.monotonic()
    page = request(server, "/", headers={"Accept": "text/html"})
    page_seconds = time.monotonic() - started
    search = request(server, "/search?q=kaas", headers={"Accept": "text/html"})
    for thread in burst:
        thread.join(timeout=120)
    assert page.status == 200 and search.status == 200
    assert page_seconds < 1.0, page_seconds
    statuses = [a.status for a in answers]
    assert len(statuses) == 100 and set(statuses) == {503}, statuses
    refused_at_once = [a for a in answers if "running or waiting" in a.body]
    assert len(refused_at_once) >= 90  # all but the running and waiting ones
    assert all(a.headers.get("Retry-After") for a in answers)
    assert query(server, "ASK { ?s ?p ?o }").status == 200


# --- 3. the server made to call another host ----------------------------------------------


def ssrf_queries(url: str) -> list[str]:
    return [
        f"PREFIX : <{url}> SELECT * WHERE {{ SERVICE:{{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x a <https://kommunegraf.dk/ontolog\\u0079#Person> . "
        f"SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE<{url}>{{?s ?p ?o}} }}",
        f"SELECT * WHERE {{ SERVI\\u0043E <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?endpoint) SERVICE ?endpoint {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?endpoint {{ <{url}> }} SERVICE ?endpoint {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o # }}\n SERVICE <{url}> {{ }} }}",
        f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    ]


def test_no_query_makes_the_server_call_another_host(server: Server,
                                                     listener: Listener) -> None:
    for text in ssrf_queries(listener.url):
        answer = query(server, text)
        assert answer.status in (200, 400), (text, answer)
        if answer.status == 400:  # refused, or not SPARQL to Oxigraph (SERVI\u0043E)
            message = json.loads(answer.body)["message"].lower()
            assert "service" in message or message.startswith("malformed query"), text
    assert listener.connections == []
    assert query(server, "ASK { ?s ?p ?o }").status == 200


def test_the_word_service_in_comments_strings_and_names_is_a_normal_query(
        server: Server, listener: Listener) -> None:
    for text in [
        f'SELECT ?service WHERE {{ ?service ?p "SERVICE <{listener.url}> {{}}" }}',
        f"SELECT * WHERE {{ ?s ?p ?o # SERVICE <{listener.url}> {{ }}\n }} LIMIT 1",
        "PREFIX service: <http://example.org/service#>\n"
        "SELECT * WHERE { ?s service:SERVICE ?o }",
    ]:
        assert query(server, text).status == 200, text
    assert listener.connections == []


@pytest.mark.parametrize("token", [None, "wrong", TOKEN])
def test_no_update_makes_the_server_call_another_host(token_server: Server,
                                                      listener: Listener,
                                                      token: str | None) -> None:
    graph = "https://kommunegraf.dk/id/document/attack"
    for text in [
        f"LOAD <{listener.url}>",
        f"LOAD SILENT <{listener.url}> INTO GRAPH <{graph}>",
        f"PREFIX : <{listener.url}> LOAD:",
        f"LO\\u0041D <{listener.url}>",
        f"INSERT {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} "
        f"WHERE {{ SERVICE<{listener.url}>{{?s ?p ?o}} }}",
        f"PREFIX : <{listener.url}> INSERT {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} "
        "WHERE { SERVICE:{ ?s ?p ?o } }",
        f"INSERT DATA {{ GRAPH <{graph}> {{ <x:a> <x:b> <https://kommunegraf.dk/ontolog\\u0079#x>"
        f" }} }} ; LOAD <{listener.url}>",
    ]:
        answer = update(token_server, text, token)
        assert answer.status == (400 if token == TOKEN else 403), (text, answer)
    assert listener.connections == []
    assert query(token_server, f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").body.endswith(
        '"boolean":false}')


# --- the rest of the issue ------------------------------------------------------------------


@pytest.mark.parametrize("text,reason", [
    ("DROP GRAPH <urn:missing>", "does not exist"),
    ("CREATE GRAPH <https://kommunegraf.dk/ontology>", "already exists"),
])
def test_an_update_the_store_cannot_apply_is_a_400_with_the_reason(
        token_server: Server, text: str, reason: str) -> None:
    answer = update(token_server, text, TOKEN)
    assert answer.status == 400 and reason in json.loads(answer.body)["message"]


def test_an_update_is_seen_by_the_next_query(token_server: Server) -> None:
    graph = "https://kommunegraf.dk/id/document/seen"
    done = update(token_server, f"INSERT DATA {{ GRAPH <{graph}> {{ <x:a> <x:b> <x:c> }} }}",
                  TOKEN)
    assert done.status == 204
    assert query(token_server, "ASK { <x:a> <x:b> <x:c> }").body.endswith('"boolean":true}')
    assert update(token_server, f"DROP GRAPH <{graph}>", TOKEN).status == 204
    assert query(token_server, "ASK { <x:a> <x:b> <x:c> }").body.endswith('"boolean":false}')


@pytest.mark.parametrize("path", ["/sparql", "/void"])
def test_the_host_header_is_not_reflected_into_the_descriptions(server: Server,
                                                                path: str) -> None:
    answer = request(server, path, headers={"Accept": "text/turtle",
                                            "Host": "attacker.example"})
    assert answer.status == 200
    assert "attacker.example" not in answer.body
    assert "https://kommunegraf.dk/sparql" in answer.body
