"""The server answers while `kommunegraf build` writes the store, and never shows half a document.

A real `kommunegraf serve` (read-only, following the folder) and a real `kommunegraf build`
run as separate processes on one store folder; a client polls /sparql throughout.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, RDF

from benchmarks.corpus import write_corpus
from kommunegraf.errors import StoreError
from kommunegraf.store import EmbeddedStore, FollowingStore

ROOT = Path(__file__).resolve().parent.parent
KOMMUNEGRAF = [str(Path(sys.executable).with_name("kommunegraf"))]
DOCUMENT_PREFIX = "https://kommunegraf.dk/id/document/"
# Triples per document graph, and whether the default graph (the union) holds each of them.
PER_GRAPH = f"""
SELECT ?g (COUNT(*) AS ?n) (SUM(IF(EXISTS {{ ?s ?p ?o }}, 1, 0)) AS ?inUnion) WHERE {{
    GRAPH ?g {{ ?s ?p ?o }} FILTER STRSTARTS(STR(?g), "{DOCUMENT_PREFIX}")
}} GROUP BY ?g"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def per_graph(port: int) -> dict[str, tuple[int, int]]:
    url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": PER_GRAPH})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            rows = json.load(response)["results"]["bindings"]
    except urllib.error.HTTPError as error:
        raise AssertionError(f"/sparql answered {error.code}: {error.read()[:500]!r}") from None
    return {r["g"]["value"]: (int(r["n"]["value"]), int(r["inUnion"]["value"])) for r in rows}


def wait_until_serving(server: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[0].decode()
        try:
            per_graph(port)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start within 60 s")


def test_the_server_answers_during_a_build_and_shows_each_document_whole(
        tmp_path: Path) -> None:
    store = tmp_path / "store"
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40, seed=5)
    environment = {**os.environ, "KOMMUNEGRAF_UPDATE_TOKEN": "", "PYTHONPATH": str(ROOT)}
    first = subprocess.run([*KOMMUNEGRAF, "--store", str(store), "build", str(ROOT / "seeds")],
                           env=environment, capture_output=True, timeout=180, cwd=ROOT)
    assert first.returncode == 0, first.stderr.decode()

    port = free_port()
    server = subprocess.Popen(
        [*KOMMUNEGRAF, "--store", str(store), "serve", "--host", "127.0.0.1",
         "--port", str(port)],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        wait_until_serving(server, port)
        seeds = per_graph(port)
        assert len(seeds) == 5

        build = subprocess.Popen([*KOMMUNEGRAF, "--store", str(store), "build", str(corpus)],
                                 env=environment, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, cwd=ROOT)
        seen: list[dict[str, tuple[int, int]]] = []
        deadline = time.monotonic() + 240
        while build.poll() is None and time.monotonic() < deadline:
            seen.append(per_graph(port))  # every poll must be answered, with 200
            time.sleep(0.1)
        output = build.communicate(timeout=30)[0].decode()
        assert build.returncode == 0, output

        time.sleep(1.5)  # the server looks at the folder at most once a second
        final = per_graph(port)
    finally:
        server.terminate()
        server.communicate(timeout=30)

    assert not (tmp_path / "store.readers").exists()  # stopped, it left no snapshots
    assert len(seen) >= 10  # answered all through the build
    assert len(final) == 45  # and shows the build's documents once it is done
    assert_whole_or_absent(seen, final)


def assert_whole_or_absent(seen: list[dict[str, tuple[int, int]]],
                           final: dict[str, tuple[int, int]]) -> None:
    """Each document, whenever seen, had all its triples, each of them in the union."""
    for poll in seen:
        for graph, (triples, in_union) in poll.items():
            assert (triples, in_union) == (final[graph][0], final[graph][0]), graph


def test_a_followed_store_shows_each_document_whole_while_another_handle_writes(
        tmp_path: Path) -> None:
    """The same guarantee, looked at after every write rather than once a second."""
    documents = [(f"{DOCUMENT_PREFIX}{n}", [
        (URIRef(f"https://kommunegraf.dk/id/person/p{n}-{k}"), FOAF.name, Literal(f"P {k}"))
        for k in range(50 + n)] + [(URIRef("https://kommunegraf.dk/id/body/kl"), RDF.type,
                                    URIRef("https://kommunegraf.dk/ontology#Body"))])
        for n in range(60)]
    writer = EmbeddedStore(tmp_path / "store")
    reader = FollowingStore(tmp_path / "store", check_seconds=0)

    def poll() -> dict[str, tuple[int, int]]:
        return {str(row["g"]): (int(row["n"]), int(row["inUnion"]))
                for row in reader.select(PER_GRAPH)}

    def write() -> None:
        for document in documents:
            writer.replace_graph(*document)
            time.sleep(0.01)  # give the reader a chance to look between two writes

    seen = []
    thread = threading.Thread(target=write)
    thread.start()
    while thread.is_alive():
        seen.append(poll())
    thread.join()
    writer.flush()
    reader.refresh(force=True)
    final = poll()
    writer.close()
    reader.close()
    assert len(final) == 60
    assert len({len(p) for p in seen}) >= 5  # it followed the writer, step by step
    assert_whole_or_absent(seen, final)


def test_a_followed_store_removes_the_snapshots_of_a_server_that_died(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path / "store").close()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    abandoned = tmp_path / "store.readers" / f"{dead.pid}-1-0"
    abandoned.mkdir(parents=True)
    living = tmp_path / "store.readers" / f"{os.getpid()}-9-0"
    living.mkdir()
    reader = FollowingStore(tmp_path / "store")
    assert not abandoned.exists() and living.exists()
    reader.close()
    shutil.rmtree(living)


def test_a_followed_store_refuses_writes_with_a_clear_error(tmp_path: Path) -> None:
    reader = FollowingStore(tmp_path / "store")
    try:
        with pytest.raises(StoreError, match=r"read-only.*kommunegraf build"):
            reader.replace_graph(f"{DOCUMENT_PREFIX}x", [])
        assert reader.graphs() == []
    finally:
        reader.close()
    assert not (tmp_path / "store.readers").exists()  # its snapshots are gone with it
