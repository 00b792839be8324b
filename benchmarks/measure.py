"""The measurements of one corpus size, one phase per process.

``python -m benchmarks.measure PHASE ARGS.json`` runs one phase and prints its result as one
JSON line. Each phase runs in a process of its own, so its peak RSS is its own and a phase
that must be stopped (a full validation that outlives its time limit) can be killed. The
embedded store is opened by one process at a time (Oxigraph locks its folder).

Phases: ``build`` (extract + resolve + load with ``build_documents``), ``profile`` (the same
under cProfile, into a throw-away store), ``validate`` (incremental per-document validation),
``full-validate`` (pyshacl over the whole store), ``queries`` (page queries, search, the
in-process page functions and the /sparql baseline on the embedded store), ``rdflib`` (the
same loads and queries on rdflib's in-memory Dataset), ``quality`` (precision and recall of
the extracted facts against the planted gold, and entity resolution).
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import random
import resource
import statistics
import sys
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from benchmarks import queries as Q

BASE_IRI = "https://kommunegraf.dk/id/"


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def percentiles(values: Iterable[float]) -> dict[str, Any]:
    data = sorted(values)
    if not data:
        return {"n": 0}

    def at(q: float) -> float:
        index = min(len(data) - 1, max(0, round(q * (len(data) - 1))))
        return data[index]

    return {
        "n": len(data),
        "p50": at(0.50),
        "p95": at(0.95),
        "p99": at(0.99),
        "max": data[-1],
        "mean": statistics.fmean(data),
    }


def _open(store_dir: str) -> Any:
    from kommunegraf.store import EmbeddedStore

    return EmbeddedStore(Path(store_dir))


def _config(store_dir: str, page_cache_mb: int | None = None) -> Any:
    from kommunegraf.config import load_config

    return load_config(
        {"store": store_dir, "base_iri": BASE_IRI, "page_cache_mb": page_cache_mb}, environ={}
    )


def _document_graphs(store: Any) -> list[str]:
    prefix = BASE_IRI + "document/"
    return [g for g in store.graphs() if g.startswith(prefix)]


# --- build ---------------------------------------------------------------------------------


def _wrap_validation(pipeline: Any, validate_all: bool) -> dict[str, Any]:
    """Time every batch the build validates (``validate_stored``, VALIDATED_TOGETHER
    documents at a time); with ``validate_all`` false, answer each with an empty report
    instead (the cost is then estimated from the ``validate`` phase). ``times`` holds each
    batch's time divided by its documents. Only this benchmark process is affected."""
    stats: dict[str, Any] = {"calls": 0, "batches": 0, "seconds": 0.0, "times": []}
    real = getattr(pipeline, "validate_stored", None)
    if real is None:
        stats["present"] = False
        return stats
    stats["present"] = True
    from shapes.report import empty_report

    def timed(store: Any, graphs: list[str], *args: Any, **kwargs: Any) -> Any:
        stats["calls"] += len(graphs)
        stats["batches"] += 1
        if not validate_all:
            return empty_report()
        started = time.perf_counter()
        try:
            return real(store, graphs, *args, **kwargs)
        finally:
            spent = time.perf_counter() - started
            stats["seconds"] += spent
            stats["times"].extend([spent / len(graphs)] * len(graphs))

    pipeline.validate_stored = timed
    return stats


def build(args: dict[str, Any]) -> dict[str, Any]:
    from kommunegraf import pipeline

    docs = Path(args["docs"])
    files = sorted(p for p in docs.iterdir() if p.suffix == ".txt")
    size = sum(p.stat().st_size for p in files)
    validate_all = args.get("validate", True)
    validation = _wrap_validation(pipeline, validate_all)
    store = _open(args["store"])
    config = _config(args["store"])
    started, cpu = time.perf_counter(), time.process_time()
    report = pipeline.build_documents([docs], store, config, progress=False)
    elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    quads = store.count()
    graphs = len(_document_graphs(store))
    store.close()
    times = validation.pop("times", [])
    return {
        "documents": len(files),
        "bytes": size,
        "seconds": elapsed,
        "cpu_seconds": cpu_used,
        "loaded": len(report.loaded),
        "failed": len(report.failed),
        "failures": [d.error for d in report.failed][:10],
        "genres": dict(Counter(d.genre for d in report.loaded)),
        "triples_written": sum(d.triples for d in report.loaded),
        "quads": quads,
        "document_graphs": graphs,
        "store_bytes": folder_size(Path(args["store"])),
        "peak_rss_mib": peak_rss_mib(),
        "steps": dict(report.seconds),  # read, resolve, load, validate (worker processes too)
        "validates_in_build": validation["present"],
        "validated_every_document": validate_all and validation["present"],
        "validation": {**validation, "per_document": percentiles(times)},
        "validation_findings": sum(sum((d.findings or {}).values()) for d in report.loaded),
    }


def profile(args: dict[str, Any]) -> dict[str, Any]:
    """The build under cProfile, its per-document validation left out (profiled on its own by
    ``profile-validate``); the top functions by own and by cumulative time."""
    from kommunegraf import pipeline

    _wrap_validation(pipeline, False)
    store = _open(args["store"])
    config = _config(args["store"])
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    pipeline.build_documents([Path(args["docs"])], store, config, progress=False)
    profiler.disable()
    elapsed = time.perf_counter() - started
    store.close()
    stats = pstats.Stats(profiler)
    if args.get("dump"):
        stats.dump_stats(args["dump"])
    return {
        "seconds_under_profiler": elapsed,
        "by_cumulative": top_functions(stats, "cumulative", 30),
        "by_own_time": top_functions(stats, "tottime", 25),
    }


def top_functions(stats: pstats.Stats, key: str, count: int) -> list[dict[str, Any]]:
    rows = []
    entries = stats.stats  # type: ignore[attr-defined]
    order = sorted(
        entries.items(), key=lambda kv: kv[1][3 if key == "cumulative" else 2], reverse=True
    )
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in order[:count]:
        short = filename.split("/site-packages/")[-1].replace(str(Path.cwd()) + "/", "")
        rows.append(
            {
                "function": f"{short}:{line}({name})",
                "calls": calls,
                "own_s": round(own, 3),
                "cumulative_s": round(cumulative, 3),
            }
        )
    return rows


# --- validation ----------------------------------------------------------------------------


def validate(args: dict[str, Any]) -> dict[str, Any]:
    try:
        from shapes import validate_document
    except ImportError as error:
        return {"available": False, "reason": f"shapes.validate_document: {error}"}
    store = _open(args["store"])
    graphs = _document_graphs(store)
    rng = random.Random(args.get("seed", 1))
    sample = rng.sample(graphs, min(args.get("sample", 20), len(graphs)))
    times, findings, triples = [], 0, []
    for graph in sample:
        data = list(store.triples(graph))
        started = time.perf_counter()
        report = validate_document(store, graph, data, base_iri=BASE_IRI)
        times.append(time.perf_counter() - started)
        findings += len(getattr(report, "findings", []) or [])
        triples.append(len(data))
    # The build validates its stored documents VALIDATED_TOGETHER at a time: one such batch
    # of other sampled documents, per document.
    from kommunegraf.pipeline import VALIDATED_TOGETHER
    from shapes import validate_stored

    batch = rng.sample(graphs, min(VALIDATED_TOGETHER, len(graphs)))
    started = time.perf_counter()
    validate_stored(store, batch, base_iri=BASE_IRI)
    batched = (time.perf_counter() - started) / len(batch)
    store.close()
    return {
        "available": True,
        "seconds": percentiles(times),
        "batched_seconds_per_document": batched,
        "batch": len(batch),
        "documents": len(sample),
        "findings": findings,
        "triples_per_document": statistics.fmean(triples or [0]),
        "peak_rss_mib": peak_rss_mib(),
    }


def profile_validate(args: dict[str, Any]) -> dict[str, Any]:
    """Incremental validation of a few documents under cProfile."""
    try:
        from shapes import validate_document
    except ImportError as error:
        return {"available": False, "reason": f"shapes.validate_document: {error}"}
    store = _open(args["store"])
    graphs = _document_graphs(store)
    sample = random.Random(args.get("seed", 1)).sample(
        graphs, min(args.get("sample", 5), len(graphs))
    )
    data = {g: list(store.triples(g)) for g in sample}
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for graph in sample:
        validate_document(store, graph, data[graph], base_iri=BASE_IRI)
    profiler.disable()
    elapsed = time.perf_counter() - started
    store.close()
    stats = pstats.Stats(profiler)
    return {
        "documents": len(sample),
        "seconds_under_profiler": elapsed,
        "by_cumulative": top_functions(stats, "cumulative", 30),
        "by_own_time": top_functions(stats, "tottime", 20),
    }


def full_validate(args: dict[str, Any]) -> dict[str, Any]:
    """Validate the whole store: with kommunegraf's engine (``validate_store``, which also
    stores the report), or with ``engine: pyshacl``, the baseline, on the same union."""
    store = _open(args["store"])
    started = time.perf_counter()
    if args.get("engine") == "pyshacl":
        from shapes.reference import run_pyshacl
        from shapes.validation import _with_ontology

        data = _with_ontology()
        for graph in store.graphs():
            if graph != "https://kommunegraf.dk/graph/validation":
                data.addN((s, p, o, data) for s, p, o in store.triples(graph))
        loaded = time.perf_counter() - started
        report = run_pyshacl(data, None, BASE_IRI)
    else:
        from shapes import validate_store

        loaded = 0.0
        report = validate_store(store, base_iri=BASE_IRI)
    elapsed = time.perf_counter() - started
    store.close()
    return {
        "available": True,
        "engine": args.get("engine", "kommunegraf"),
        "seconds": elapsed,
        "loading_seconds": loaded,
        "peak_rss_mib": peak_rss_mib(),
        "findings": len(report.findings),
        "conforms": report.conforms,
    }


# --- queries on the embedded store ---------------------------------------------------------
#
# A page of a busy entity can take minutes (and gigabytes) when the union of the document
# graphs repeats its facts, and a running Oxigraph query cannot be stopped. So the pages are
# measured one kind per process, entity by entity, each result written as a JSON line as soon
# as it is known: when the driver stops the process at its time limit, what was measured is
# kept and the entity in progress is reported as taking at least the time it had run.


def draw_sample(args: dict[str, Any]) -> dict[str, Any]:
    """The entities the page measurements and the HTTP load use: random ones, then the three
    bodies with the most meetings last (so that a slow one cannot hide the others)."""
    store = _open(args["store"])
    rng = random.Random(args.get("seed", 1))
    per_kind = args.get("per_kind", 30)
    sample: dict[str, list[str]] = {}
    for kind, sparql in Q.SAMPLE.items():
        found = sorted(str(r["s"]) for r in store.select(Q.PREFIXES + sparql))
        sample[kind] = rng.sample(found, min(per_kind, len(found)))
    busiest = [str(r["s"]) for r in store.select(Q.PREFIXES + Q.BUSIEST_BODIES)]
    sample["body"] = [b for b in sample["body"] if b not in busiest][
        : max(0, per_kind - len(busiest))
    ] + busiest
    sample["busiest_bodies"] = busiest
    names = sorted({str(r["n"]) for r in store.select(Q.PREFIXES + Q.NAMES)})
    words = sorted({w for n in names for w in n.split() if len(w) > 3})
    sample["search"] = [*rng.sample(words, min(per_kind, len(words))), "kommune", "klima"]
    store.close()
    Path(args["sample_file"]).write_text(json.dumps(sample), encoding="utf-8")
    return {"sizes": {k: len(v) for k, v in sample.items()}}


class Recorder:
    """A store that notes every query the app sends it, then passes the query on."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.calls: list[tuple[str, dict[str, str]]] | None = None

    def _note(self, sparql: str, bindings: Any) -> None:
        if self.calls is not None:
            self.calls.append((sparql, {k: v.n3() for k, v in (bindings or {}).items()}))

    def select(self, sparql: str, bindings: Any = None, union: bool = True) -> Any:
        self._note(sparql, bindings)
        return self._store.select(sparql, bindings, union)

    def query(self, sparql: str, bindings: Any = None, union: bool = True) -> Any:
        self._note(sparql, bindings)
        return self._store.query(sparql, bindings, union)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def _label(sparql: str) -> str:
    """A short name for a query: its SELECT clause and first pattern, whitespace folded."""
    upper = sparql.upper()
    body = sparql[upper.find("SELECT") :] if "SELECT" in upper else sparql
    return " ".join(body.split())[:110]


def _terms(bindings: dict[str, str]) -> dict[str, Any]:
    from rdflib.util import from_n3

    return {k: from_n3(v) for k, v in bindings.items()}


class Lines:
    """Results written one JSON line at a time, flushed, so a killed process loses nothing."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def write(self, **entry: Any) -> None:
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"t": time.time(), **entry}, default=str) + "\n")


def pages(args: dict[str, Any]) -> dict[str, Any]:
    """One kind of entity page: the app's page function per sampled entity (in-process, with
    every query it sends noted), then each noted query again on its own, timed."""
    from rdflib import URIRef

    kind = args["kind"]
    sample = json.loads(Path(args["sample_file"]).read_text(encoding="utf-8"))
    lines = Lines(args["lines"])
    store = _open(args["store"])
    recorder = Recorder(store)
    from api import create_app
    from api.pages import page_for

    app = create_app(_config(args["store"]), store=recorder)
    context: Any = app.test_request_context("/")
    context.push()
    page_function = page_for(kind)
    source = "api/pages (the app's page functions, their queries noted and replayed)"
    lines.write(event="source", source=source)
    for iri in sample[kind]:
        lines.write(event="start", iri=iri)
        recorder.calls = []
        started = time.perf_counter()
        failed: str | None = None
        try:
            page_function(URIRef(iri))
        except Exception as failure:
            failed = f"{type(failure).__name__}: {failure}"
        spent = time.perf_counter() - started
        calls, recorder.calls = recorder.calls, None
        lines.write(event="function", iri=iri, seconds=spent, error=failed, calls=calls)
        timed = []
        for sparql, bindings in calls:
            started = time.perf_counter()
            rows = len(store.select(sparql, _terms(bindings)))
            timed.append((_label(sparql), time.perf_counter() - started, rows))
            lines.write(event="query", iri=iri, label=timed[-1][0], seconds=timed[-1][1], rows=rows)
        lines.write(
            event="done",
            iri=iri,
            calls=calls,
            queries=timed,
            sparql_seconds=sum(t for _, t, _ in timed),
        )
    if context is not None:
        context.pop()
    store.close()
    return {"source": source, "peak_rss_mib": peak_rss_mib()}


def read_lines(path: Path, stopped_at: float | None) -> dict[str, Any]:
    """Summarise a pages/rdflib lines file; an entity begun but not done counts as taking at
    least the time it had run when the process was stopped (``censored``)."""
    entries: dict[str, dict[str, Any]] = {}
    source = None
    order: list[str] = []
    if path.exists():
        for raw in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(raw)
            if entry["event"] == "source":
                source = entry["source"]
                continue
            iri = entry.get("iri")
            if iri is None:
                continue
            record = entries.setdefault(iri, {"queries": []})
            if iri not in order:
                order.append(iri)
            if entry["event"] == "start":
                record["started"] = entry["t"]
            elif entry["event"] == "function":
                record["function"] = entry["seconds"]
                record["error"] = entry.get("error")
                record["calls"] = entry.get("calls")
            elif entry["event"] == "query":
                record["queries"].append((entry["label"], entry["seconds"], entry["rows"]))
            elif entry["event"] == "done":
                record["done"] = True
                record["sparql"] = entry["sparql_seconds"]
                record["calls"] = entry.get("calls")
    functions, sparql, censored = [], [], []
    per_query: dict[str, list[float]] = defaultdict(list)
    rows_of: dict[str, int] = defaultdict(int)
    most_rows = 0
    for iri in order:
        record = entries[iri]
        if "function" in record:
            functions.append(record["function"])
        if record.get("done"):
            sparql.append(record["sparql"])
        elif stopped_at is not None and "started" in record:
            censored.append(
                {
                    "iri": iri,
                    "at_least_seconds": stopped_at - record["started"],
                    "stage": "page function"
                    if "function" not in record
                    else "replaying its queries",
                }
            )
        for label, seconds, rows in record["queries"]:
            per_query[label].append(seconds)
            rows_of[label] = max(rows_of[label], rows)
            most_rows = max(most_rows, rows)
    slowest = sorted(per_query.items(), key=lambda kv: -max(kv[1]))[:3]
    errors = [f"{iri}: {entries[iri]['error']}" for iri in order if entries[iri].get("error")]
    return {
        "source": source,
        "entities": len(order),
        "function": percentiles(functions),
        "sparql": percentiles(sparql),
        "censored": censored,
        "most_rows": most_rows,
        "errors": errors[:5],
        "slowest_queries": [
            {"query": q, "most_rows": rows_of[q], **percentiles(v)} for q, v in slowest
        ],
        "calls": {
            iri: entries[iri].get("calls")
            for iri in order
            if entries[iri].get("done") and entries[iri].get("calls")
        },
        "sparql_by_entity": {
            iri: entries[iri]["sparql"] for iri in order if entries[iri].get("done")
        },
    }


def search(args: dict[str, Any]) -> dict[str, Any]:
    """Search (a SPARQL CONTAINS scan and the app's in-process index) and the /sparql examples
    run on the store directly. Each part is written to ``result_file`` when done, so a run
    stopped at its time limit keeps the parts it finished."""
    import pyoxigraph as ox
    from rdflib import Literal

    sample = json.loads(Path(args["sample_file"]).read_text(encoding="utf-8"))
    out = Path(args["result_file"])
    store = _open(args["store"])
    contains = []
    for term in sample["search"]:
        started = time.perf_counter()
        store.select(Q.PREFIXES + Q.SEARCH_CONTAINS, {"term": Literal(term.casefold())})
        contains.append(time.perf_counter() - started)
    result: dict[str, Any] = {"search_contains": percentiles(contains)}
    out.write_text(json.dumps(result), encoding="utf-8")
    result["sparql_embedded"] = {}
    for name, embedded in _sparql_embedded(
        store, args.get("repeat", 15), args.get("example_budget", 20.0), ox
    ):
        result["sparql_embedded"][name] = embedded
        out.write_text(json.dumps(result), encoding="utf-8")
    result["search_index"] = {"available": False, "reason": "index build did not finish"}
    out.write_text(json.dumps(result), encoding="utf-8")
    result["search_index"] = _search_index(args["store"], store, sample["search"])
    store.close()
    result["peak_rss_mib"] = peak_rss_mib()
    out.write_text(json.dumps(result), encoding="utf-8")
    return result


def _search_index(store_dir: str, store: Any, terms: list[str]) -> dict[str, Any]:
    """The browser's in-process search index (api/browse.py): its build, then the searches."""
    try:
        from api import browse, create_app
        from api.search import results
    except ImportError as error:
        return {"available": False, "reason": str(error)}
    try:
        app = create_app(_config(store_dir), store=store)
        with app.test_request_context("/"):
            started = time.perf_counter()
            index = browse._index(store)
            built = time.perf_counter() - started
            times: list[float] = []
            for term in terms:
                started = time.perf_counter()
                results(index, term)
                times.append(time.perf_counter() - started)
        return {
            "available": True,
            "build_seconds": built,
            "entries": len(index.entries),
            "search": percentiles(times),
        }
    except Exception as error:
        return {"available": False, "reason": f"{type(error).__name__}: {error}"}


def sparql_examples() -> list[tuple[str, str]]:
    from api.sparql import EXAMPLES

    return [(name, text) for name, text in EXAMPLES]


def _sparql_embedded(
    store: Any, repeat: int, budget: float, ox: Any
) -> Iterable[tuple[str, dict[str, Any]]]:
    """Each /sparql example query run on the store directly and serialised as JSON results,
    ``repeat`` times or until ``budget`` seconds are spent on it (at least once)."""
    for name, text in sparql_examples():
        times: list[float] = []
        size = 0
        buffer = io.BytesIO()
        while len(times) < repeat and (not times or sum(times) < budget):
            started = time.perf_counter()
            solutions = store.query(text)
            buffer = io.BytesIO()
            solutions.serialize(buffer, ox.QueryResultsFormat.JSON)
            times.append(time.perf_counter() - started)
            size = buffer.tell()
        rows = len(json.loads(buffer.getvalue())["results"]["bindings"])
        yield name, {"seconds": percentiles(times), "bytes": size, "rows": rows}


# --- the same on rdflib ----------------------------------------------------------------------


def rdflib_baseline(args: dict[str, Any]) -> dict[str, Any]:
    """Load the store's quads into rdflib's in-memory Dataset (and, for comparison, into a
    fresh on-disk Oxigraph store the way the build does), then replay the page queries noted
    on the embedded store and the search scan; results stream to ``lines`` like ``pages``."""
    import tempfile

    from rdflib import Dataset, Literal, URIRef

    from kommunegraf.store import EmbeddedStore

    store = _open(args["store"])
    quads = store.count()
    cap = args.get("max_quads", 1_500_000)
    if quads > cap:
        store.close()
        return {
            "available": False,
            "quads": quads,
            "reason": f"{quads:,} quads is above the rdflib cap of {cap:,} (rdflib needs "
            "about 1.3 GB and 95 s per million triples, PERFORMANCE-NOTES.md)",
        }
    dataset = Dataset(default_union=True)
    rdflib_seconds = oxigraph_seconds = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        fresh = EmbeddedStore(Path(scratch) / "store")
        for graph in store.graphs():
            triples = list(store.triples(graph))
            started = time.perf_counter()
            context = dataset.graph(URIRef(graph))
            context.addN((s, p, o, context) for s, p, o in triples)
            rdflib_seconds += time.perf_counter() - started
            started = time.perf_counter()
            fresh.replace_graph(graph, triples)
            oxigraph_seconds += time.perf_counter() - started
        fresh.close()
    store.close()
    result = {
        "available": True,
        "quads": quads,
        "load_seconds": rdflib_seconds,
        "oxigraph_load_seconds": oxigraph_seconds,
        "peak_rss_mib_after_load": peak_rss_mib(),
    }
    Path(args["result_file"]).write_text(json.dumps(result), encoding="utf-8")
    sample = json.loads(Path(args["sample_file"]).read_text(encoding="utf-8"))
    contains = []
    for term in sample["search"][:10]:
        started = time.perf_counter()
        list(
            dataset.query(
                Q.PREFIXES + Q.SEARCH_CONTAINS, initBindings={"term": Literal(term.casefold())}
            )
        )
        contains.append(time.perf_counter() - started)
    result["search_contains"] = percentiles(contains)
    Path(args["result_file"]).write_text(json.dumps(result), encoding="utf-8")
    noted = json.loads(Path(args["calls_file"]).read_text(encoding="utf-8"))
    for kind, entities in noted.items():
        lines = Lines(f"{args['lines_prefix']}{kind}.jsonl")
        for iri, calls in entities:
            lines.write(event="start", iri=iri)
            timed = []
            for sparql, bindings in calls:
                started = time.perf_counter()
                rows = len(list(dataset.query(sparql, initBindings=_terms(bindings))))
                timed.append((_label(sparql), time.perf_counter() - started, rows))
                lines.write(
                    event="query", iri=iri, label=timed[-1][0], seconds=timed[-1][1], rows=rows
                )
            lines.write(
                event="done", iri=iri, queries=timed, sparql_seconds=sum(t for _, t, _ in timed)
            )
    result["peak_rss_mib"] = peak_rss_mib()
    return result


# --- extraction quality and entity resolution ------------------------------------------------


def quality(args: dict[str, Any]) -> dict[str, Any]:
    import hashlib

    import yaml
    from rdflib import Graph

    from loaders import Minter
    from loaders.evaluation import KINDS, Score, score_document
    from loaders.people import normalise_name

    store = _open(args["store"])
    corpus = Path(args["corpus"])
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    files = manifest["files"]
    rng = random.Random(args.get("seed", 1))
    sample = sorted(rng.sample(files, min(args.get("sample", 200), len(files))))
    minter = Minter(BASE_IRI)
    totals = {kind: Score() for kind in KINDS}
    by_genre: dict[str, dict[str, Score]] = defaultdict(lambda: {k: Score() for k in KINDS})
    examples: dict[str, dict[str, list[str]]] = {k: {"missed": [], "spurious": []} for k in KINDS}
    given = _loader_given_names()
    persons_by_given = {"known": Score(), "unknown": Score()}
    started = time.perf_counter()
    for name in sample:
        data = (corpus / "docs" / name).read_bytes()
        graph_iri = str(minter.document(hashlib.sha256(data).hexdigest()))
        graph = Graph()
        for triple in store.triples(graph_iri):
            graph.add(triple)
        gold = yaml.safe_load(
            (corpus / "gold" / (Path(name).stem + ".yaml")).read_text(encoding="utf-8")
        )
        scores = score_document(graph, gold)
        genre = name.split("-", 1)[1].rsplit(".", 1)[0]
        for kind, score in scores.items():
            totals[kind].add(score)
            by_genre[genre][kind].add(score)
            for label in score.missed[:2]:
                if len(examples[kind]["missed"]) < 12:
                    examples[kind]["missed"].append(f"{name}: {label}")
            for label in score.spurious[:2]:
                if len(examples[kind]["spurious"]) < 12:
                    examples[kind]["spurious"].append(f"{name}: {label}")
        missed = set(scores["persons"].missed)
        for person in gold.get("persons") or []:
            bucket = persons_by_given["known" if person["name"].split()[0] in given else "unknown"]
            bucket.gold += 1
            if person["name"] not in missed:
                bucket.true_positives += 1
    scoring_seconds = time.perf_counter() - started

    # Entity resolution over the whole store.
    labels: dict[str, set[str]] = defaultdict(set)
    for row in store.select(
        Q.PREFIXES + "SELECT ?p ?n WHERE { ?p a kg:Person . "
        "{ ?p foaf:name ?n } UNION { ?p skos:altLabel ?n } }"
    ):
        labels[normalise_name(str(row["n"]))].add(str(row["p"]))
    store.close()
    merges = yaml.safe_load((corpus / "gold" / "merges.yaml").read_text(encoding="utf-8"))
    distinct = yaml.safe_load((corpus / "gold" / "distinct.yaml").read_text(encoding="utf-8"))
    planted = found = merged = 0
    split_examples: list[str] = []
    false_examples: list[str] = []
    for entry in merges["merges"]:
        planted += 1
        spellings = [normalise_name(s) for s in entry["spellings"]]
        seen = [s for s in spellings if s in labels]
        if len(seen) < 2:
            continue
        found += 1
        iris = set().union(*(labels[s] for s in seen))
        if len(iris) == 1:
            merged += 1
        elif len(split_examples) < 8:
            split_examples.append(" / ".join(entry["spellings"]))
    pairs = false = 0
    for a, b in distinct["distinct"]:
        ia, ib = labels.get(normalise_name(a), set()), labels.get(normalise_name(b), set())
        if ia and ib:
            pairs += 1
            if ia & ib:
                false += 1
                if len(false_examples) < 8:
                    false_examples.append(f"{a} = {b}")

    def table(scores: dict[str, Score]) -> dict[str, Any]:
        return {
            k: {
                "precision": s.precision,
                "recall": s.recall,
                "tp": s.true_positives,
                "found": s.extracted,
                "gold": s.gold,
            }
            for k, s in scores.items()
        }

    return {
        "documents_scored": len(sample),
        "scoring_seconds": scoring_seconds,
        "totals": table(totals),
        "by_genre": {g: table(s) for g, s in sorted(by_genre.items())},
        "persons_recall_by_given_name": {
            k: {"recall": s.true_positives / s.gold if s.gold else 1.0, "gold": s.gold}
            for k, s in persons_by_given.items()
        },
        "examples": examples,
        "resolution": {
            "misspelt_persons_planted": planted,
            "misspelt_persons_with_two_spellings_extracted": found,
            "merged_into_one_person": merged,
            "split_examples": split_examples,
            "near_name_pairs_both_extracted": pairs,
            "false_merges": false,
            "false_merge_examples": false_examples,
        },
    }


def intake(args: dict[str, Any]) -> dict[str, Any]:
    """Reading PDFs beside reading the same documents as .txt: extraction (read_source) and
    the meeting reader (extract), for the first ``sample`` documents of the corpus, each
    form measured for at most ``seconds``."""
    from benchmarks.render import pdf_bytes
    from loaders import extract, read_source

    docs = sorted(Path(args["docs"]).glob("*.txt"))[: args.get("sample", 20)]
    folder = Path(args["work"])
    folder.mkdir(parents=True, exist_ok=True)
    pdfs = []
    for doc in docs:
        pdf = folder / (doc.stem + ".pdf")
        pdf.write_bytes(pdf_bytes(doc.read_text(encoding="utf-8")))
        pdfs.append(pdf)
    limit = float(args.get("seconds", 60.0))
    result: dict[str, Any] = {}
    for form, files in (("txt", docs), ("pdf", pdfs)):
        started, read_seconds, pages, done = time.perf_counter(), 0.0, 0, 0
        for path in files:
            if time.perf_counter() - started > limit:
                break
            begun = time.perf_counter()
            source = read_source(path)
            read_seconds += time.perf_counter() - begun
            extract(source)
            pages += max(1, len(source.pages))
            done += 1
        total = time.perf_counter() - started
        result[form] = {"documents": done, "pages": pages, "read_seconds": read_seconds,
                        "seconds": total, "bytes": sum(p.stat().st_size for p in files[:done])}
    return result


def _loader_given_names() -> frozenset[str]:
    from benchmarks.corpus import loader_given_names

    return loader_given_names()


PHASES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "build": build,
    "profile": profile,
    "validate": validate,
    "full-validate": full_validate,
    "profile-validate": profile_validate,
    "sample": draw_sample,
    "pages": pages,
    "search": search,
    "rdflib": rdflib_baseline,
    "quality": quality,
    "intake": intake,
}


def main(argv: list[str]) -> int:
    phase, args_file = argv
    args = json.loads(Path(args_file).read_text(encoding="utf-8"))
    try:
        result = PHASES[phase](args)
    except Exception as error:
        result = {"error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc()}
    print("RESULT " + json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
