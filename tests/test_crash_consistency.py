"""Crash consistency: ``kommunegraf build`` killed with SIGKILL at random points, repeatedly.

The store promises one transaction per document (kommunegraf/store.py): after a crash every
document's graph is whole or absent, the default graph is still the union of the documents'
graphs, and building again completes the store without duplicating anything. This test
checks that promise with real ``kommunegraf build`` processes and real SIGKILLs on one store,
against the graphs a clean build of the same documents gives in a store of its own.

Writing is a short stretch of a build (read every document, then one transaction per
document, then validation), so most kill points are drawn inside it: they are timed from the
moment the build's progress output says it started loading. The rest are drawn across the
whole build, from its start. Every delay comes from a seeded RNG.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kommunegraf.store import VALIDATION_GRAPH, to_rdflib

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # benchmarks/ is not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import write_corpus  # noqa: E402

SEEDS = ROOT / "seeds"

SEED = 20261122
GENERATED = 20  # synthetic documents, beside the five seeds
KILLS = 10
AT_WRITING = 0.7  # share of the kill points drawn inside the loading stretch
BUILD_TIMEOUT = 120.0  # seconds one build may take before the test gives up on it
PHASES = ("reading", "loading", "validating")  # the build's progress bars, in order

Triples = frozenset[ox.Triple]


def kommunegraf_command() -> list[str]:
    """The installed ``kommunegraf`` script beside this Python, else the same entry point."""
    script = Path(sys.executable).parent / "kommunegraf"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from kommunegraf.cli import main; main()"]


@dataclass
class Kill:
    """When to kill: ``delay`` seconds after the build starts, or after it starts loading."""

    anchor: str  # "start" or "loading"
    delay: float


@dataclass
class Build:
    """One ``kommunegraf build`` process: when each progress phase first showed, how it ended."""

    seconds: float
    returncode: int
    phases: dict[str, float] = field(default_factory=dict)
    phase_at_kill: str | None = None  # the last phase shown before the kill, "" if none
    killed: bool = False
    output: str = ""


def run_build(store: Path, docs: Path, kill: Kill | None = None) -> Build:
    """Run a build, following its progress bars on stderr, and SIGKILL it as ``kill`` says."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMMUNEGRAF_")}
    started = time.monotonic()
    phases: dict[str, float] = {}
    chunks: list[bytes] = []
    result = Build(seconds=0.0, returncode=0, phases=phases)

    def follow(stream: io.BufferedReader) -> None:
        seen = b""
        while chunk := stream.read1(4096):
            seen = seen[-64:] + chunk
            for phase in PHASES:
                if phase not in phases and phase.encode() in seen:
                    phases[phase] = time.monotonic() - started

    def keep(stream: io.BufferedReader) -> None:
        while chunk := stream.read1(4096):
            chunks.append(chunk)

    with subprocess.Popen(
        [*kommunegraf_command(), "--store", str(store), "build", "--progress", str(docs)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        readers = [
            threading.Thread(target=follow, args=(process.stderr,), daemon=True),
            threading.Thread(target=keep, args=(process.stdout,), daemon=True),
        ]
        for reader in readers:
            reader.start()
        try:
            if kill is not None:
                deadline = started + BUILD_TIMEOUT
                while kill.anchor != "start" and kill.anchor not in phases:
                    if process.poll() is not None or time.monotonic() > deadline:
                        break
                    time.sleep(0.002)
                at = started + phases.get(kill.anchor, 0.0) + kill.delay
                while process.poll() is None and time.monotonic() < at:
                    time.sleep(0.002)
                if process.poll() is None:
                    result.phase_at_kill = next((p for p in reversed(PHASES) if p in phases), "")
                    process.send_signal(signal.SIGKILL)
                    result.killed = True
            result.returncode = process.wait(timeout=BUILD_TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            for reader in readers:
                reader.join(timeout=10)
    result.seconds = time.monotonic() - started
    result.output = b"".join(chunks).decode("utf-8", "replace")
    return result


def read_store(path: Path) -> dict[str | None, Triples]:
    """Every graph of the store (``None``: the default graph), opened as kommunegraf opens it.

    The store object is dropped before returning: it holds the folder's lock.
    """
    store = ox.Store(str(path))
    graphs: dict[str | None, set[ox.Triple]] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        name = quad.graph_name
        key = None if isinstance(name, ox.DefaultGraph) else name.value
        graphs.setdefault(key, set()).add(ox.Triple(quad.subject, quad.predicate, quad.object))
    del store
    return {key: frozenset(triples) for key, triples in graphs.items()}


def is_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def has_blank_nodes(triples: Triples) -> bool:
    return any(is_blank(t) for t in triples)


def same_graph(found: Triples, expected: Triples) -> bool:
    """Equal as sets of triples, up to the renaming of blank nodes.

    Blank nodes get fresh names in every store, so triples with blank nodes are compared by
    graph isomorphism (rdflib.compare); the others, which no renaming touches, as sets.
    """
    ground_found = {t for t in found if not is_blank(t)}
    ground_expected = {t for t in expected if not is_blank(t)}
    if ground_found != ground_expected:
        return False
    blank_found, blank_expected = found - ground_found, expected - ground_expected
    if not blank_found and not blank_expected:
        return True
    return isomorphic(rdflib_graph(blank_found), rdflib_graph(blank_expected))


def rdflib_graph(triples: Triples) -> Graph:
    graph = Graph()
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def union_of_documents(graphs: dict[str | None, Triples]) -> set[ox.Triple]:
    """What the default graph must hold: every named graph but the validation report."""
    union: set[ox.Triple] = set()
    for name, triples in graphs.items():
        if name is not None and name != VALIDATION_GRAPH:
            union |= triples
    return union


def consistency_problems(
    graphs: dict[str | None, Triples], expected: dict[str | None, Triples]
) -> list[str]:
    """What is wrong with a store after a crash: named graphs that are neither whole nor
    absent, graphs no clean build has, and a default graph that is not the union."""
    problems = []
    for name, triples in graphs.items():
        if name is None or name == VALIDATION_GRAPH:
            continue
        if name not in expected:
            problems.append(f"unexpected graph <{name}> ({len(triples)} triples)")
        elif not same_graph(triples, expected[name]):
            problems.append(
                f"graph <{name}> is partial or different: {len(triples)} triples, "
                f"a clean build has {len(expected[name])}"
            )
    default = graphs.get(None, frozenset())
    union = union_of_documents(graphs)
    if default != union:
        problems.append(
            f"default graph is not the union of the named graphs: {len(default - union)} "
            f"triples too many, {len(union - default)} missing"
        )
    return problems


def kill_plan(rng: random.Random, clean: Build) -> list[Kill]:
    """Kill points: most inside the loading stretch, the rest across the whole build."""
    loading = clean.phases["validating"] - clean.phases["loading"]
    plan = []
    for _ in range(KILLS):
        if rng.random() < AT_WRITING:
            plan.append(Kill("loading", rng.uniform(0.0, 0.9 * loading)))
        else:
            plan.append(Kill("start", rng.uniform(0.2, clean.seconds)))
    return plan


def where(build: Build) -> str:
    """Where the kill landed, from the progress shown before it."""
    if not build.killed:
        return "after the end (build finished)"
    if build.phase_at_kill == "validating":
        return "after writing (validating)"
    if build.phase_at_kill == "loading":
        return "while writing (loading)"
    return "before the first document write"


@pytest.mark.slow
def test_sigkill_during_build_leaves_whole_graphs_and_a_rerun_completes(tmp_path: Path) -> None:
    started = time.monotonic()
    docs = write_corpus(tmp_path / "corpus", GENERATED, seed=SEED).folder / "docs"
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, docs / seed.name)
    documents = len(list(docs.glob("*.txt")))

    clean = run_build(tmp_path / "clean", docs)
    assert clean.returncode == 0, clean.output[-2000:]
    assert set(PHASES) <= set(clean.phases), clean.phases
    expected = read_store(tmp_path / "clean")
    document_graphs = {g for g in expected if g and "/document/" in g}
    assert len(document_graphs) == documents
    with_blank = sorted(g for g in expected if g and has_blank_nodes(expected[g]))
    print(
        f"\nclean build: {documents} documents, {sum(map(len, expected.values()))} quads, "
        f"{clean.seconds:.1f} s; loading from {clean.phases['loading']:.2f} s to "
        f"{clean.phases['validating']:.2f} s; graphs with blank nodes (compared by "
        f"isomorphism): {with_blank or 'none'}"
    )
    assert not any(has_blank_nodes(expected[g]) for g in document_graphs), "see same_graph"

    # Odd rounds start from an empty store, so a kill interrupts first writes; even rounds
    # continue the store the previous kill left, so a kill interrupts replacements of graphs
    # already there and the build has to carry on from a crashed store.
    store = tmp_path / "store"
    rng = random.Random(SEED)
    landed: dict[str, int] = {}
    interrupted = 0  # builds killed after storing some documents but not all
    failures: list[str] = []
    for number, kill in enumerate(kill_plan(rng, clean), 1):
        if number % 2:
            shutil.rmtree(store, ignore_errors=True)
        before = len(document_graphs & set(read_store(store))) if store.exists() else 0
        build = run_build(store, docs, kill)
        place = where(build)
        landed[place] = landed.get(place, 0) + 1
        graphs = read_store(store) if store.exists() else {}
        present = len(document_graphs & set(graphs))
        interrupted += before < present < documents
        problems = consistency_problems(graphs, expected)
        print(
            f"kill {number:2}: {kill.delay:5.2f} s after {kill.anchor:7} -> {place}; "
            f"documents stored {before} -> {present} of {documents}"
            + (f"; {len(problems)} problem(s)" if problems else "")
        )
        failures += [f"kill {number}: {problem}" for problem in problems]
    print("where the kills landed: " + ", ".join(f"{n} {p}" for p, n in sorted(landed.items())))
    print(f"builds killed after storing some documents but not all: {interrupted}")
    assert not failures, "\n".join(failures[:20])
    # The kills must really have interrupted writing, not only reading or validation.
    assert landed.get("while writing (loading)", 0) >= 3, landed
    assert interrupted >= 1

    rerun = run_build(store, docs)
    assert rerun.returncode == 0, rerun.output[-2000:]
    assert f"{documents} document(s) loaded, 0 failed" in rerun.output
    graphs = read_store(store)
    assert sorted(g for g in graphs if g) == sorted(g for g in expected if g)
    counts = {g: (len(graphs[g]), len(expected[g])) for g in expected if g}
    assert {g: c for g, c in counts.items() if c[0] != c[1]} == {}
    assert not consistency_problems(graphs, expected)
    assert same_graph(graphs[None], expected[None])
    assert same_graph(graphs[VALIDATION_GRAPH], expected[VALIDATION_GRAPH])
    print(f"re-run: {rerun.seconds:.1f} s; whole test {time.monotonic() - started:.0f} s")


def test_the_checks_see_a_partial_graph_a_stale_union_and_renamed_blank_nodes() -> None:
    """The checks above are not vacuous: each kind of damage they look for is reported."""
    ex = "http://example.org/"
    a, b, c = (
        ox.Triple(ox.NamedNode(ex + s), ox.NamedNode(ex + "p"), ox.Literal(s)) for s in "abc"
    )
    doc = "https://kommunegraf.dk/id/document/1"
    expected: dict[str | None, Triples] = {doc: frozenset({a, b}), None: frozenset({a, b})}
    assert consistency_problems(dict(expected), expected) == []
    assert consistency_problems({None: frozenset()}, expected) == []  # absent is fine
    partial = consistency_problems({doc: frozenset({a}), None: frozenset({a})}, expected)
    assert len(partial) == 1 and "partial" in partial[0]
    stale = consistency_problems({doc: frozenset({a, b}), None: frozenset({a, b, c})}, expected)
    assert len(stale) == 1 and "1 triples too many" in stale[0]
    blank = ox.Triple(ox.BlankNode("x"), ox.NamedNode(ex + "p"), ox.Literal("a"))
    renamed = ox.Triple(ox.BlankNode("y"), ox.NamedNode(ex + "p"), ox.Literal("a"))
    other = ox.Triple(ox.BlankNode("y"), ox.NamedNode(ex + "p"), ox.Literal("b"))
    assert same_graph(frozenset({a, blank}), frozenset({a, renamed}))
    assert not same_graph(frozenset({a, blank}), frozenset({a, other}))
