"""Soak test: ``kommunegraf serve`` under a steady mixed load for minutes, watching for server
errors and for memory that keeps growing.

    python -m benchmarks.soak --size 1000                  # generate + build 1,000 documents
    python -m benchmarks.soak --store data/store --duration 600

A short benchmark run shows how fast the server is; only a long one shows a leak or an error
that needs thousands of requests to happen. The server is the real ``kommunegraf serve``, on
127.0.0.1 and a free port, in a process of its own; the load comes from another process with
the benchmark's load generator (benchmarks/loadgen.py) and the benchmark's mix: entity pages
of persons, bodies and meetings and searches drawn from the store (benchmarks/measure.py
``sample``) and the /sparql example queries. Beside it, one hostile client sends what an
attacker would: malformed, too deeply nested and SERVICE queries (each must get a 4xx), and
heavy queries it abandons after half a second (the server must stop each at its time limit
or memory ceiling, with a 503), one heavy query at a time and none in the last time limit
of the run. This process samples the resident memory of the server and its query workers
every few seconds.

The load starts with a warm-up (the first search builds the search index, caches fill), then
the measured part. Verdict PASS needs no 5xx response to the mix at all, every request answered (no
connection error or client time-out), every hostile request refused as it should be (400,
413 or 503, never another 5xx), and flat memory: RSS at the end minus RSS after the
warm-up at most the larger of ``--flat-percent`` of RSS after the warm-up and
``--flat-mib``. Exit code 0 on PASS, 1 on FAIL. Every request has a time-out, the whole run a
hard deadline, and the server is always stopped.

``python -m benchmarks.soak --load PLAN.json`` is the load process itself (used internally).
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from benchmarks import loadgen
from benchmarks.measure import sparql_examples
from benchmarks.run import (
    ROOT,
    Options,
    _env,
    _limit_memory,
    _path,
    log,
    memory_of,
    run_phase,
)
from kommunegraf.config import SETTINGS

HOST = "127.0.0.1"  # never anything else: the soak must not expose the server
INDEX_TIMEOUT = 300.0  # seconds the first search (which builds the search index) may take
CATEGORIES = ("person", "body", "meeting", "search", "sparql")
KG = "https://kommunegraf.dk/ontology#"
# What the hostile client sends. Heavy: hours of counting, and a sort of the product of every
# triple with every triple (memory without end); it gives up on each after ABANDON_SECONDS.
HEAVY_QUERIES = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"?e{i} <{KG}quote> ?q{i} ." for i in range(4)) + " }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
)
# Malformed, nested past the limit, or asking the server to call another host (the discard
# port of loopback): each is refused with a 4xx.
MALFORMED_QUERIES = (
    "SELEKT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p }",
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "PREFIX : <http://127.0.0.1:9/sparql> SELECT * WHERE { SERVICE:{ ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
)
HOSTILE_EXPECTED = {"400", "413", "503"}
ABANDON_SECONDS = 0.5
# Seconds between two malformed queries of the hostile client.
HOSTILE_PAUSE = 0.5


@dataclass
class SoakOptions:
    duration: float = 300.0  # seconds of load, warm-up included
    concurrency: int = max(Options().http_levels)  # client threads: the benchmark's top level
    store: Path | None = None  # an existing store folder ...
    size: int | None = None  # ... or a corpus of this many documents, generated and built
    seed: int = 1
    warmup: float | None = None  # seconds; default 20% of the duration, at most 60
    sample_every: float = 5.0  # seconds between RSS samples
    timeout: float = 30.0  # seconds a client waits for one response
    per_kind: int = 30  # entities (and search words) drawn per kind for the mix
    query_timeout: float | None = None  # the server's /sparql time limit; None: its default
    deadline: float | None = None  # hard limit of the whole run, seconds; None: derived
    flat_percent: float = 5.0
    flat_mib: float = 20.0
    work: Path | None = None  # corpus, store and logs; a temporary folder when None

    @property
    def warmup_seconds(self) -> float:
        if self.warmup is not None:
            return min(self.warmup, self.duration)
        return min(60.0, 0.2 * self.duration)


def flat_definition(options: SoakOptions) -> str:
    return (
        f"RSS at end - RSS after warm-up <= max({options.flat_percent:g}% of RSS after "
        f"warm-up, {options.flat_mib:g} MiB)"
    )


# --- preparing the store and the mix --------------------------------------------------------


def build_store(size: int, seed: int, work: Path) -> Path:
    """Generate ``size`` documents and build them (the benchmark's build, without validation,
    which does not change what is served)."""
    from benchmarks.corpus import write_corpus

    corpus = work / f"corpus-{size}-seed{seed}"
    write_corpus(corpus, size, seed)
    store = work / f"store-{size}"
    shutil.rmtree(store, ignore_errors=True)
    log(f"soak: building {size} documents into {store}")
    built = run_phase(
        "build",
        {"store": str(store), "seed": seed, "docs": str(corpus / "docs"), "validate": False},
        work,
        3600.0,
        name="soak-build",
    )
    if "seconds" not in built:
        raise RuntimeError(f"the build failed: {built}")
    log(f"soak: built {built['loaded']} documents ({built['quads']:,} quads)")
    return store


def draw_sample(store: Path, per_kind: int, seed: int, work: Path) -> dict[str, list[str]]:
    """The benchmark's sample of entities and search words (read before the server opens the
    store)."""
    sample_file = work / "soak-sample.json"
    outcome = run_phase(
        "sample",
        {"store": str(store), "seed": seed, "sample_file": str(sample_file), "per_kind": per_kind},
        work,
        600.0,
        name="soak-sample",
    )
    if not sample_file.exists():
        raise RuntimeError(f"no sample drawn from {store}: {outcome}")
    sample: dict[str, list[str]] = json.loads(sample_file.read_text(encoding="utf-8"))
    return sample


def load_mix(
    sample: dict[str, list[str]], excluded: set[str] | None = None
) -> dict[str, list[str]]:
    """Paths per category: the HTTP benchmark's pages and searches, plus every /sparql example
    (as JSON results, what a program asks for)."""
    excluded = excluded or set()
    mix = {
        kind: [_path(iri) for iri in sample.get(kind, []) if iri not in excluded]
        for kind in ("person", "body", "meeting")
    }
    mix["search"] = ["/search?q=" + quote(term) for term in sample.get("search", [])]
    mix["sparql"] = [
        "/sparql?format=json&query=" + quote(text) for _name, text in sparql_examples()
    ]
    return {kind: paths for kind, paths in mix.items() if paths}


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def kommunegraf_command() -> list[str]:
    """The installed ``kommunegraf`` script beside this Python, else the same entry point."""
    script = Path(sys.executable).parent / "kommunegraf"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from kommunegraf.cli import main; main()"]


def start_server(
    store: Path, query_timeout: float | None, log_file: Path, wait: float = 120.0
) -> tuple[subprocess.Popen[bytes], int]:
    """``kommunegraf serve`` on 127.0.0.1 and a free port, once it accepts connections.

    The port is found free just before the server binds it; if another process takes it in
    between, the server exits and another port is tried.
    """
    env = {k: v for k, v in _env().items() if not k.startswith("KOMMUNEGRAF_")}
    if query_timeout is not None:
        env["KOMMUNEGRAF_QUERY_TIMEOUT"] = repr(query_timeout)
    for _attempt in range(3):
        port = free_port()
        with log_file.open("ab") as output:
            server = subprocess.Popen(
                [
                    *kommunegraf_command(),
                    "--store",
                    str(store),
                    "serve",
                    "--host",
                    HOST,
                    "--port",
                    str(port),
                ],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                preexec_fn=_limit_memory,
            )
        deadline = time.monotonic() + wait
        while server.poll() is None and time.monotonic() < deadline:
            try:
                socket.create_connection((HOST, port), timeout=1.0).close()
                return server, port
            except OSError:
                time.sleep(0.1)
        stop(server, signal.SIGINT)
    raise RuntimeError(
        "kommunegraf serve did not start: "
        + log_file.read_text(encoding="utf-8", errors="replace")[-2000:]
    )


def memory_with_workers(pid: int) -> float | None:
    """Resident MiB of the server and of every process it started (its query workers)."""
    own = memory_of(pid)
    if own is None:
        return None
    total = own
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            total += memory_of(int(entry.name)) or 0.0
    return total


def stop(process: subprocess.Popen[bytes], first: int = signal.SIGTERM) -> None:
    """Stop a child with the signal ``first``, then kill it if it does not go within 20 s."""
    if process.poll() is None:
        process.send_signal(first)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the load process -----------------------------------------------------------------------


def _sparql_path(text: str) -> str:
    return "/sparql?format=json&query=" + quote(text)


def hostile(plan: dict[str, Any], seconds: float) -> dict[str, Any]:
    """The hostile client for ``seconds``: a heavy query abandoned once every time limit
    (while a whole time limit is left), malformed ones between them; their statuses."""
    import http.client

    statuses: dict[str, int] = {}
    abandoned = 0
    limit = float(plan["query_timeout"])
    started = time.monotonic()
    deadline = started + seconds
    next_heavy = started
    heavy = malformed = 0
    while time.monotonic() < deadline:
        now = time.monotonic()
        if now >= next_heavy and deadline - now > limit + 2.0:
            path, wait = _sparql_path(HEAVY_QUERIES[heavy % len(HEAVY_QUERIES)]), ABANDON_SECONDS
            heavy += 1
            next_heavy = now + limit + 1.0  # one heavy query running at a time
        else:
            path = _sparql_path(MALFORMED_QUERIES[malformed % len(MALFORMED_QUERIES)])
            wait = plan["timeout"]
            malformed += 1
        connection = http.client.HTTPConnection(plan["host"], plan["port"], timeout=wait)
        try:
            connection.request("GET", path, headers={"Accept": "application/json"})
            response = connection.getresponse()
            response.read()
            status = str(response.status)
        except TimeoutError:
            status = "abandoned" if wait == ABANDON_SECONDS else "0"
        except (OSError, http.client.HTTPException):
            status = "0"
        finally:
            connection.close()
        if status == "abandoned":
            abandoned += 1
        else:
            statuses[status] = statuses.get(status, 0) + 1
        time.sleep(HOSTILE_PAUSE)
    return {"statuses": statuses, "abandoned": abandoned, "heavy": heavy,
            "malformed": malformed}


def load(plan: dict[str, Any]) -> dict[str, Any]:
    """In the load process: build the search index, warm up under load, then measure, with
    the hostile client beside the mix all along."""
    loadgen.TIMEOUT[0] = plan["timeout"]
    result: dict[str, Any] = {}
    first_search = plan["mix"].get("search", [])[:1]
    if first_search:  # the index build, on its own, with a long time-out
        loadgen.TIMEOUT[0] = max(INDEX_TIMEOUT, plan["timeout"])
        result["index_build"] = loadgen.warm(
            {"host": plan["host"], "port": plan["port"], "mix": {"search": first_search}}
        )
        loadgen.TIMEOUT[0] = plan["timeout"]
    result["load_started"] = time.time()
    hostile_result: dict[str, Any] = {}
    attacker = threading.Thread(
        target=lambda: hostile_result.update(hostile(plan, plan["duration"])), daemon=True)
    attacker.start()
    result["warm_up"] = loadgen.concurrent({**plan, "duration": plan["warmup"]}, plan["threads"])
    result["measured_started"] = time.time()
    result["measured"] = loadgen.concurrent(
        {**plan, "duration": plan["duration"] - plan["warmup"]}, plan["threads"]
    )
    result["ended"] = time.time()
    attacker.join(timeout=plan["timeout"] + 5)
    result["hostile"] = hostile_result
    return result


# --- the soak -------------------------------------------------------------------------------


def soak(
    store: Path, mix: dict[str, list[str]], options: SoakOptions, work: Path
) -> dict[str, Any]:
    """Serve ``store``, load it with ``mix`` for ``options.duration`` seconds, sample the
    server's RSS; return the figures and the verdict."""
    warmup = options.warmup_seconds
    deadline_seconds = options.deadline or (
        options.duration + INDEX_TIMEOUT + 2 * options.timeout + 120.0
    )
    hard_deadline = time.monotonic() + deadline_seconds
    result: dict[str, Any] = {
        "duration": options.duration,
        "warmup": warmup,
        "concurrency": options.concurrency,
        "store": str(store),
        "mix": {kind: len(paths) for kind, paths in mix.items()},
        "flat_definition": flat_definition(options),
        "deadline_seconds": deadline_seconds,
    }
    server, port = start_server(store, options.query_timeout, work / "soak-server.log")
    load_process: subprocess.Popen[bytes] | None = None
    samples: list[tuple[float, float]] = []
    try:
        result["port"] = port
        first = memory_with_workers(server.pid)
        if first is not None:
            samples.append((time.time(), first))
        plan = {
            "host": HOST,
            "port": port,
            "threads": options.concurrency,
            "duration": options.duration,
            "warmup": warmup,
            "max_requests": 10**9,
            "timeout": options.timeout,
            "mix": mix,
            "query_timeout": options.query_timeout or float(
                next(s.default for s in SETTINGS if s.name == "query_timeout") or 10),
        }
        plan_file = work / "soak-plan.json"
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        output_file = work / "soak-load.out"
        with output_file.open("wb") as output:
            load_process = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.soak", "--load", str(plan_file)],
                cwd=ROOT,
                env=_env(),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        next_sample = time.monotonic() + options.sample_every
        while load_process.poll() is None:
            now = time.monotonic()
            if now > hard_deadline:
                result["timed_out"] = True
                break
            if server.poll() is not None:
                result["server_exit"] = server.returncode
                break
            if now >= next_sample:
                rss = memory_with_workers(server.pid)
                if rss is not None:
                    samples.append((time.time(), rss))
                next_sample += options.sample_every
            time.sleep(min(0.2, max(0.01, next_sample - time.monotonic())))
        last = memory_with_workers(server.pid)
        if last is not None:
            samples.append((time.time(), last))
        stop(load_process)
        text = output_file.read_text(encoding="utf-8", errors="replace")
        line = next((ln for ln in reversed(text.splitlines()) if ln.startswith("RESULT ")), None)
        if line is None:
            result["load_error"] = text[-2000:]
        else:
            result["load"] = json.loads(line[len("RESULT ") :])
    finally:
        if load_process is not None:
            stop(load_process)
        stop(server, signal.SIGINT)  # as Ctrl-C: the server may close the store cleanly
    result["rss_samples"] = samples
    result.update(figures(result, options))
    return result


def _slope(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of (seconds, MiB) points, in MiB per minute."""
    if len(points) < 2:
        return None
    mean_t = sum(t for t, _ in points) / len(points)
    mean_m = sum(m for _, m in points) / len(points)
    spread = sum((t - mean_t) ** 2 for t, _ in points)
    if spread == 0:
        return None
    return 60 * sum((t - mean_t) * (m - mean_m) for t, m in points) / spread


def figures(result: dict[str, Any], options: SoakOptions) -> dict[str, Any]:
    """Requests, errors, latency per category and memory, from the load's result and the RSS
    samples; and the verdict."""
    load_result = result.get("load") or {}
    warm, measured = load_result.get("warm_up") or {}, load_result.get("measured") or {}
    statuses: dict[str, int] = {}
    for phase in (warm, measured):
        for status, count in (phase.get("statuses") or {}).items():
            statuses[status] = statuses.get(status, 0) + count
    index_errors = (load_result.get("index_build") or {}).get("errors", 0)
    out: dict[str, Any] = {
        "requests": sum(statuses.values()),
        "requests_warm_up": warm.get("requests", 0),
        "requests_measured": measured.get("requests", 0),
        "measured_seconds": measured.get("seconds", 0.0),
        "requests_per_second": measured.get("requests_per_second", 0.0),
        "statuses": statuses,
        "five_xx": sum(n for s, n in statuses.items() if s.startswith("5")),
        "no_response": statuses.get("0", 0),
        "other_errors": sum(
            n for s, n in statuses.items() if s not in ("200", "0") and not s.startswith("5")
        )
        + index_errors,
        "categories": measured.get("categories", {}),
        "index_build_seconds": (load_result.get("index_build") or {})
        .get("first_request_seconds", {})
        .get("search"),
    }
    samples = [(float(t), float(m)) for t, m in result.get("rss_samples", [])]
    started, ended = load_result.get("measured_started"), load_result.get("ended")
    if samples:
        out["rss_start"] = samples[0][1]
        during = [s for s in samples if ended is None or s[0] <= ended + 1] or samples
        out["rss_end"] = during[-1][1]
        after = [s for s in during if started is not None and s[0] >= started]
        out["rss_after_warmup"] = after[0][1] if after else None
        if started is not None and ended is not None:
            half = started + (ended - started) / 2
            last_part = [s for s in during if s[0] >= half]
            out["rss_slope_mib_per_minute"] = _slope(last_part)
            out["rss_slope_samples"] = len(last_part)
    base, end = out.get("rss_after_warmup"), out.get("rss_end")
    reasons = []
    if base is None or end is None:
        out["rss_growth"] = None
        reasons.append("memory not measured after the warm-up")
    else:
        out["rss_growth"] = end - base
        out["rss_allowed"] = max(options.flat_percent / 100 * base, options.flat_mib)
        if out["rss_growth"] > out["rss_allowed"]:
            reasons.append(
                f"memory grew {out['rss_growth']:+.1f} MiB after the warm-up "
                f"(allowed {out['rss_allowed']:.1f})"
            )
    if out["five_xx"]:
        reasons.append(f"{out['five_xx']} 5xx response(s)")
    if out["no_response"]:
        reasons.append(f"{out['no_response']} request(s) without a response")
    if result.get("timed_out"):
        reasons.append(f"the run passed its hard deadline of {result['deadline_seconds']:.0f} s")
    if "server_exit" in result:
        reasons.append(f"the server exited with {result['server_exit']}")
    if "load_error" in result:
        reasons.append("the load process gave no result")
    if not out["requests_measured"]:
        reasons.append("no request was answered in the measured part")
    hostile_result = load_result.get("hostile") or {}
    hostile_statuses = hostile_result.get("statuses") or {}
    out["hostile"] = {"statuses": hostile_statuses,
                      "abandoned": hostile_result.get("abandoned", 0),
                      "heavy": hostile_result.get("heavy", 0),
                      "malformed": hostile_result.get("malformed", 0)}
    out["hostile_unexpected"] = sum(
        n for status, n in hostile_statuses.items() if status not in HOSTILE_EXPECTED)
    if out["hostile_unexpected"]:
        reasons.append(f"{out['hostile_unexpected']} hostile request(s) not refused as they "
                       "should be (400, 413 or 503)")
    if load_result and not hostile_result:
        reasons.append("the hostile client gave no result")
    out["passed"] = not reasons
    out["verdict"] = (
        "PASS (0 5xx, every request answered, hostile requests refused, memory flat)"
        if not reasons
        else "FAIL (" + "; ".join(reasons) + ")"
    )
    return out


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:,.1f}"


def summary_lines(result: dict[str, Any]) -> list[str]:
    """The figures as ``label: value`` lines (the smoke test reads them back)."""
    growth, base = result.get("rss_growth"), result.get("rss_after_warmup")
    lines = [
        f"soak: {result['duration']:g} s of load ({result['warmup']:g} s warm-up) at "
        f"{result['concurrency']} client threads on http://{HOST}:{result.get('port')}/, "
        f"store {result['store']}",
        "mix: " + ", ".join(f"{n} {kind}" for kind, n in result["mix"].items()),
        f"requests total: {result['requests']} (warm-up {result['requests_warm_up']}, "
        f"measured {result['requests_measured']})",
        f"requests/s: {result['requests_per_second']:.1f} (measured part, "
        f"{result['measured_seconds']:.0f} s)",
    ]
    for kind in CATEGORIES:
        stats = result["categories"].get(kind)
        if stats:
            lines.append(
                f"latency {kind}, ms: p50 {_ms(stats.get('p50'))} p95 {_ms(stats.get('p95'))} "
                f"p99 {_ms(stats.get('p99'))} max {_ms(stats.get('max'))} "
                f"(n={stats.get('n', 0)}, not 200: {stats.get('errors', 0)})"
            )
    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(result["statuses"].items()))
    hostile_result = result.get("hostile") or {}
    hostile_statuses = ", ".join(
        f"{s}: {n}" for s, n in sorted((hostile_result.get("statuses") or {}).items()))
    lines += [
        f"hostile requests: {hostile_result.get('heavy', 0)} heavy (abandoned: "
        f"{hostile_result.get('abandoned', 0)}), {hostile_result.get('malformed', 0)} "
        f"malformed (statuses {hostile_statuses or 'none'}; unexpected: "
        f"{result.get('hostile_unexpected', 0)})",
        f"first search (builds the index), s: {result['index_build_seconds'] or 0:.2f}",
        f"5xx responses: {result['five_xx']}",
        f"requests without a response: {result['no_response']}",
        f"other errors: {result['other_errors']} (statuses {statuses or 'none'})",
        f"RSS start, MiB: {_mib(result.get('rss_start'))}",
        f"RSS after warm-up, MiB: {_mib(base)}",
        f"RSS end, MiB: {_mib(result.get('rss_end'))}",
        "RSS growth after warm-up, MiB: "
        + ("-" if growth is None or not base else f"{growth:+.1f} ({growth / base * 100:+.1f}%)"),
        "RSS slope over the last half of the measured part, MiB/min: "
        + (
            "-"
            if result.get("rss_slope_mib_per_minute") is None
            else f"{result['rss_slope_mib_per_minute']:+.2f} "
            f"({result['rss_slope_samples']} samples)"
        ),
        f"flat means: {result['flat_definition']}"
        + (f" = {result['rss_allowed']:.1f} MiB" if result.get("rss_allowed") else ""),
        f"verdict: {result['verdict']}",
    ]
    return lines


# --- command line ---------------------------------------------------------------------------


def parse(argv: list[str]) -> tuple[SoakOptions, Path | None]:
    """The options, and the file to write the figures to as JSON (if any)."""
    defaults = SoakOptions()
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.soak",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--store", type=Path, help="an existing store folder to serve")
    where.add_argument("--size", type=int, help="generate and build this many documents first")
    parser.add_argument(
        "--duration",
        type=float,
        default=defaults.duration,
        help="seconds of load, warm-up included (default %(default)s)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=defaults.concurrency,
        help="client threads (default %(default)s, as the benchmark)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=None,
        help="seconds of warm-up (default 20%% of the duration, at most 60)",
    )
    parser.add_argument(
        "--sample-every",
        type=float,
        default=defaults.sample_every,
        help="seconds between RSS samples (default %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=defaults.timeout,
        help="seconds a client waits for one response (default %(default)s)",
    )
    parser.add_argument("--per-kind", type=int, default=defaults.per_kind)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument(
        "--query-timeout",
        type=float,
        default=None,
        help="the server's /sparql time limit in seconds (default: its own)",
    )
    parser.add_argument(
        "--deadline",
        type=float,
        default=None,
        help="hard limit of the whole run in seconds (default: derived)",
    )
    parser.add_argument("--flat-percent", type=float, default=defaults.flat_percent)
    parser.add_argument("--flat-mib", type=float, default=defaults.flat_mib)
    parser.add_argument(
        "--work",
        type=Path,
        default=None,
        help="folder for corpus, store and logs, kept (default: temporary)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ns = parser.parse_args(argv)
    options = SoakOptions(
        duration=ns.duration,
        concurrency=ns.concurrency,
        store=ns.store,
        size=ns.size,
        seed=ns.seed,
        warmup=ns.warmup,
        sample_every=ns.sample_every,
        timeout=ns.timeout,
        per_kind=ns.per_kind,
        query_timeout=ns.query_timeout,
        deadline=ns.deadline,
        flat_percent=ns.flat_percent,
        flat_mib=ns.flat_mib,
        work=ns.work,
    )
    return options, ns.json


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--load"]:
        plan = json.loads(Path(arguments[1]).read_text(encoding="utf-8"))
        print("RESULT " + json.dumps(load(plan)), flush=True)
        return 0
    options, json_file = parse(arguments)
    temporary = None
    if options.work is None:
        temporary = tempfile.TemporaryDirectory(prefix="kommunegraf-soak-")
        work = Path(temporary.name)
    else:
        work = options.work
        work.mkdir(parents=True, exist_ok=True)
    try:
        if options.size is not None:
            store = build_store(options.size, options.seed, work)
        else:
            assert options.store is not None
            store = options.store
        mix = load_mix(draw_sample(store, options.per_kind, options.seed, work))
        log(f"soak: {options.duration:g} s at {options.concurrency} client threads")
        result = soak(store, mix, options, work)
    except RuntimeError as error:  # the store could not be built, sampled or served
        print(f"verdict: FAIL ({error})", flush=True)
        return 1
    finally:
        if temporary is not None:
            temporary.cleanup()
    if json_file is not None:
        json_file.write_text(json.dumps(result, indent=1), encoding="utf-8")
    for line in summary_lines(result):
        print(line, flush=True)
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
