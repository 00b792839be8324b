"""The benchmark driver: for each corpus size, generate, build, validate, query, serve, score.

Every phase runs in a child process (benchmarks/measure.py) with a time limit; the HTTP
benchmark serves the app from one child (benchmarks/server.py, 127.0.0.1 only) and loads it
from another (benchmarks/loadgen.py), both bounded in time and in requests. Results are a
Markdown table (figures with their baselines and ratios, goals met or missed, extraction
precision/recall) and the raw JSON, both written to benchmarks/out/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from benchmarks.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
BASE_IRI = "https://kommunegraf.dk/id/"
GOAL_SIZE = 10_000


@dataclass
class Options:
    sizes: list[int] = field(default_factory=lambda: [100, 1000])
    seed: int = 1
    out: Path = OUT
    work: Path | None = None  # corpora and stores; a temporary folder when None
    keep: bool = False  # keep the stores after the run
    per_kind: int = 30  # entities sampled per page kind
    validate_sample: int = 20  # documents validated incrementally
    full_timeout: float = 300.0  # seconds allowed for one full validation
    score_docs: int = 200  # documents scored against their gold
    http_duration: float = 10.0
    http_requests: int = 4000
    http_levels: list[int] = field(default_factory=lambda: [2, 8])  # client threads
    sparql_repeat: int = 15
    rdflib_max_quads: int = 1_500_000
    page_timeout: float = 240.0  # seconds per page kind (then the process is stopped)
    search_timeout: float = 600.0
    rdflib_timeout: float = 600.0
    rdflib_skip: float = 5.0  # entities whose page queries took longer on Oxigraph skip rdflib
    slow_page: float = 2.0  # pages slower than this in-process are kept out of the HTTP load
    http_timeout: float = 30.0  # client socket timeout per request
    memory_limit_gb: float = 8.0  # address-space limit of every child process
    phase_timeout: float = 3600.0
    full_build_max: int = 100  # above this, the build's per-document validation is estimated
    profile: bool = False
    skip_http: bool = False
    soak: float = 0.0  # seconds of the soak phase (benchmarks/soak.py); 0: not run
    intake_docs: int = 20  # corpus documents also read as PDFs (the intake phase)
    intake_seconds: float = 60.0  # at most this long reading each form


def log(message: str) -> None:
    stamp = dt.datetime.now().strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", file=sys.stderr, flush=True)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTHONWARNINGS", None)
    return env


MEMORY_LIMIT = [8.0]  # GB; set from the options by run()


def _limit_memory() -> None:
    """In a child: cap its address space, so a runaway query fails there (MemoryError or an
    abort) instead of pushing the machine into the OOM killer."""
    import resource

    limit = int(MEMORY_LIMIT[0] * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_phase(
    phase: str, args: dict[str, Any], work: Path, timeout: float, name: str | None = None
) -> dict[str, Any]:
    """Run one measurement phase in a child process and return its JSON result."""
    args_file = work / f"{name or phase}-args.json"
    args_file.write_text(json.dumps(args), encoding="utf-8")
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.measure", phase, str(args_file)],
            cwd=ROOT,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        return {"timed_out": True, "timeout": timeout, "stopped_at": time.time()}
    line = next((ln for ln in reversed(done.stdout.splitlines()) if ln.startswith("RESULT ")), None)
    if line is None:
        return {
            "error": f"phase {phase} exited {done.returncode}",
            "stderr": done.stderr[-3000:],
            "stopped_at": time.time(),
        }
    result: dict[str, Any] = json.loads(line[len("RESULT ") :])
    result["wall_seconds"] = time.perf_counter() - started
    return result


def _path(iri: str) -> str:
    return "/id/" + iri[len(BASE_IRI) :] if iri.startswith(BASE_IRI) else iri


def memory_of(pid: int, field: str = "VmRSS") -> float | None:
    """A memory figure of a process in MiB from /proc (VmRSS now, VmHWM its peak); None
    when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def http_phase(
    store: Path,
    sample: dict[str, list[str]],
    excluded: set[str],
    options: Options,
    work: Path,
    embedded: dict[str, Any],
    page_cache_mb: int | None = None,
) -> dict[str, Any]:
    """Serve the app from one process and load it from another, both bounded. With
    ``page_cache_mb=0`` the server renders every page anew (and /sparql is not measured)."""
    try:
        from api import create_app  # noqa: F401
    except ImportError as error:
        return {"available": False, "reason": f"api.create_app: {error}"}
    from benchmarks.measure import sparql_examples

    port_file = work / "port"
    port_file.unlink(missing_ok=True)
    server_log = (work / "server.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.server", str(store), str(port_file)]
        + ([] if page_cache_mb is None else [str(page_cache_mb)]),
        cwd=ROOT,
        env=_env(),
        stdout=server_log,
        stderr=subprocess.STDOUT,
        preexec_fn=_limit_memory,
    )
    try:
        deadline = time.monotonic() + 120
        while not port_file.exists() or not port_file.read_text().strip():
            if server.poll() is not None or time.monotonic() > deadline:
                server_log.flush()
                return {
                    "available": False,
                    "reason": "the server did not start: "
                    + (work / "server.log").read_text(encoding="utf-8")[-2000:],
                }
            time.sleep(0.1)
        port = int(port_file.read_text())
        mix = {
            kind: [_path(i) for i in sample[kind] if i not in excluded]
            for kind in ("person", "body", "meeting")
        }
        mix["search"] = ["/search?q=" + quote(t) for t in sample["search"]]
        plan = {
            "host": "127.0.0.1",
            "port": port,
            "levels": options.http_levels,
            "duration": options.http_duration,
            "max_requests": options.http_requests,
            "repeat": options.sparql_repeat,
            "timeout": options.http_timeout,
            "mix": mix,
            "sequential": {
                name: "/sparql?query=" + quote(text)
                for name, text in sparql_examples()
                if name in embedded and page_cache_mb != 0
            },
            # as many runs as on the embedded store, with room for the slowest of them
            "sequential_repeat": {name: e["seconds"]["n"] for name, e in embedded.items()},
            "sequential_timeout": {
                name: max(options.http_timeout, 3 * e["seconds"]["max"])
                for name, e in embedded.items()
            },
        }
        plan_file = work / "http-plan.json"
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        budget = (
            options.http_duration * len(options.http_levels)
            + 60
            + options.http_timeout * (sum(len(v) for v in mix.values()) + 2)
        )
        try:
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.loadgen", str(plan_file)],
                cwd=ROOT,
                env=_env(),
                capture_output=True,
                text=True,
                timeout=budget,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return {"available": True, "timed_out": True, "timeout": budget}
        line = next(
            (ln for ln in reversed(done.stdout.splitlines()) if ln.startswith("RESULT ")), None
        )
        if line is None:
            return {"available": True, "error": done.stderr[-3000:]}
        result: dict[str, Any] = json.loads(line[len("RESULT ") :])
        result["available"] = True
        result["excluded_from_load"] = sorted(excluded)
        result["server_peak_rss_mib"] = memory_of(server.pid, "VmHWM")
        result["server_exit"] = server.poll()
        return result
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server_log.close()


def soak_phase(
    store: Path, sample: dict[str, list[str]], excluded: set[str], options: Options, work: Path
) -> dict[str, Any]:
    """The soak (benchmarks/soak.py): ``kommunegraf serve`` under the HTTP phase's mix plus the
    /sparql examples for ``options.soak`` seconds, with its errors and memory over time."""
    from benchmarks.soak import SoakOptions, load_mix, soak

    settings = SoakOptions(
        duration=options.soak, concurrency=max(options.http_levels), timeout=options.http_timeout
    )
    try:
        return soak(store, load_mix(sample, excluded), settings, work)
    except RuntimeError as error:
        return {"error": str(error)}


def pages_phase(
    kind: str, common: dict[str, Any], sample_file: Path, options: Options, phase_dir: Path
) -> dict[str, Any]:
    """One kind of entity page, in a child stopped at ``page_timeout``; what it measured
    before that is kept (benchmarks/measure.py ``pages``)."""
    from benchmarks.measure import read_lines

    lines = phase_dir / f"pages-{kind}.jsonl"
    lines.unlink(missing_ok=True)
    outcome = run_phase(
        "pages",
        {**common, "kind": kind, "sample_file": str(sample_file), "lines": str(lines)},
        phase_dir,
        options.page_timeout,
        name=f"pages-{kind}",
    )
    summary = read_lines(lines, outcome.get("stopped_at"))
    summary["stopped"] = bool(outcome.get("timed_out") or outcome.get("error"))
    summary["outcome"] = {k: v for k, v in outcome.items() if k != "stderr"}
    if outcome.get("error"):
        summary["outcome"]["stderr"] = outcome.get("stderr", "")[-800:]
    return summary


def _slow_entities(lines: Path, threshold: float) -> set[str]:
    slow = set()
    if lines.exists():
        for raw in lines.read_text(encoding="utf-8").splitlines():
            entry = json.loads(raw)
            if entry["event"] == "function" and entry["seconds"] > threshold:
                slow.add(entry["iri"])
    return slow


def rdflib_phase(
    common: dict[str, Any],
    sample_file: Path,
    calls: dict[str, Any],
    options: Options,
    phase_dir: Path,
) -> dict[str, Any]:
    from benchmarks.measure import read_lines

    calls_file = phase_dir / "rdflib-calls.json"
    calls_file.write_text(json.dumps(calls), encoding="utf-8")
    result_file = phase_dir / "rdflib-result.json"
    result_file.unlink(missing_ok=True)
    prefix = str(phase_dir / "rdflib-pages-")
    for kind in calls:
        Path(f"{prefix}{kind}.jsonl").unlink(missing_ok=True)
    outcome = run_phase(
        "rdflib",
        {
            **common,
            "sample_file": str(sample_file),
            "calls_file": str(calls_file),
            "result_file": str(result_file),
            "lines_prefix": prefix,
            "max_quads": options.rdflib_max_quads,
        },
        phase_dir,
        options.rdflib_timeout,
    )
    if outcome.get("available") is False:
        return outcome
    result = (
        outcome
        if "load_seconds" in outcome
        else (
            json.loads(result_file.read_text(encoding="utf-8")) if result_file.exists() else outcome
        )
    )
    result["outcome"] = {
        k: v for k, v in outcome.items() if k in ("timed_out", "timeout", "error", "wall_seconds")
    }
    if "load_seconds" in result:
        result["pages"] = {}
        for kind in calls:
            summary = read_lines(Path(f"{prefix}{kind}.jsonl"), outcome.get("stopped_at"))
            summary.pop("calls")
            summary.pop("sparql_by_entity")
            result["pages"][kind] = summary
    return result


def run_size(size: int, options: Options, work: Path) -> dict[str, Any]:
    """Every measurement for one corpus size."""
    result: dict[str, Any] = {"size": size}
    corpus_dir = work / f"corpus-{size}-seed{options.seed}"
    started = time.perf_counter()
    corpus = write_corpus(corpus_dir, size, options.seed)
    result["corpus"] = {k: v for k, v in corpus.manifest.items() if k != "files"}
    result["corpus"]["generate_seconds"] = time.perf_counter() - started
    log(f"{size}: corpus of {size} documents, {corpus.manifest['bytes'] / 1e6:.1f} MB")
    store = work / f"store-{size}"
    shutil.rmtree(store, ignore_errors=True)
    phase_dir = work / f"phases-{size}"
    phase_dir.mkdir(exist_ok=True)
    common = {"store": str(store), "seed": options.seed}

    log(
        f"{size}: build"
        + (
            ""
            if size <= options.full_build_max
            else " (per-document validation estimated from the validate phase)"
        )
    )
    result["build"] = run_phase(
        "build",
        {**common, "docs": str(corpus_dir / "docs"), "validate": size <= options.full_build_max},
        phase_dir,
        options.phase_timeout,
    )
    if "seconds" not in result["build"]:
        log(f"{size}: build failed: {result['build']}")
        return result
    if options.profile:
        log(f"{size}: build under cProfile")
        scratch = work / f"profile-store-{size}"
        shutil.rmtree(scratch, ignore_errors=True)
        result["profile"] = run_phase(
            "profile",
            {
                "store": str(scratch),
                "docs": str(corpus_dir / "docs"),
                "dump": str(phase_dir / "build.prof"),
            },
            phase_dir,
            options.phase_timeout,
        )
        shutil.rmtree(scratch, ignore_errors=True)
    log(f"{size}: intake, PDF beside .txt (at most {options.intake_docs} documents, "
        f"{options.intake_seconds:.0f} s each)")
    result["intake"] = run_phase(
        "intake",
        {"docs": str(corpus_dir / "docs"), "work": str(phase_dir / "pdf"),
         "sample": options.intake_docs, "seconds": options.intake_seconds},
        phase_dir,
        options.phase_timeout,
    )
    log(f"{size}: extraction quality")
    result["quality"] = run_phase(
        "quality",
        {**common, "corpus": str(corpus_dir), "sample": options.score_docs},
        phase_dir,
        options.phase_timeout,
    )
    log(f"{size}: incremental validation")
    result["validate"] = run_phase(
        "validate", {**common, "sample": options.validate_sample}, phase_dir, options.phase_timeout
    )
    if options.profile:
        log(f"{size}: incremental validation under cProfile")
        result["profile_validate"] = run_phase(
            "profile-validate", {**common, "sample": 5}, phase_dir, options.phase_timeout
        )
    log(f"{size}: full validation (limit {options.full_timeout:.0f} s)")
    result["full_validate"] = run_phase("full-validate", common, phase_dir, options.full_timeout)
    log(f"{size}: full validation with pyshacl, the baseline (limit {options.full_timeout:.0f} s)")
    result["full_validate_pyshacl"] = run_phase(
        "full-validate", {**common, "engine": "pyshacl"}, phase_dir, options.full_timeout
    )
    sample_file = phase_dir / "sample.json"
    result["sample"] = run_phase(
        "sample",
        {**common, "sample_file": str(sample_file), "per_kind": options.per_kind},
        phase_dir,
        options.phase_timeout,
    )
    if not sample_file.exists():
        log(f"{size}: no sample: {result['sample']}")
        return result
    sample = json.loads(sample_file.read_text(encoding="utf-8"))
    result["pages"], calls, excluded = {}, {}, set()
    for kind in ("person", "body", "meeting"):
        log(f"{size}: {kind} pages on the embedded store (limit {options.page_timeout:.0f} s)")
        summary = pages_phase(kind, common, sample_file, options, phase_dir)
        noted = summary.pop("calls")
        by_entity = summary.pop("sparql_by_entity")
        calls[kind] = [
            (iri, c) for iri, c in noted.items() if by_entity.get(iri, 0.0) <= options.rdflib_skip
        ]
        summary["skipped_in_rdflib"] = len(noted) - len(calls[kind])
        result["pages"][kind] = summary
        excluded |= {c["iri"] for c in summary["censored"]}
        excluded |= _slow_entities(phase_dir / f"pages-{kind}.jsonl", options.slow_page)
        excluded |= set(sample[kind]) - set(noted) - {c["iri"] for c in summary["censored"]}
    log(f"{size}: search and /sparql on the embedded store (limit {options.search_timeout:.0f} s)")
    search_file = phase_dir / "search-result.json"
    search_file.unlink(missing_ok=True)
    outcome = run_phase(
        "search",
        {
            **common,
            "sample_file": str(sample_file),
            "repeat": options.sparql_repeat,
            "result_file": str(search_file),
        },
        phase_dir,
        options.search_timeout,
    )
    if "search_contains" not in outcome and search_file.exists():
        outcome = {
            **json.loads(search_file.read_text(encoding="utf-8")),
            "stopped": {k: v for k, v in outcome.items() if k != "stderr"},
        }
    result["search"] = outcome
    log(f"{size}: rdflib baseline (limit {options.rdflib_timeout:.0f} s)")
    result["rdflib"] = rdflib_phase(common, sample_file, calls, options, phase_dir)
    if not options.skip_http:
        log(
            f"{size}: HTTP under load ({options.http_levels} client threads, "
            f"{options.http_duration:.0f} s or {options.http_requests} requests each; "
            f"{len(excluded)} slow entities kept out)"
        )
        embedded = (
            (result["search"].get("sparql_embedded") or {})
            if isinstance(result["search"], dict)
            else {}
        )
        result["http"] = http_phase(store, sample, excluded, options, phase_dir, embedded)
        log(f"{size}: HTTP under load again, every page rendered anew (no page cache)")
        result["http_uncached"] = http_phase(
            store, sample, excluded, options, phase_dir, embedded, page_cache_mb=0
        )
    if options.soak > 0:
        log(
            f"{size}: soak, {options.soak:.0f} s at {max(options.http_levels)} client threads "
            f"({len(excluded)} slow entities kept out, as in the HTTP phase)"
        )
        result["soak"] = soak_phase(store, sample, excluded, options, phase_dir)
    if not options.keep:
        shutil.rmtree(store, ignore_errors=True)
    return result


def run(options: Options) -> dict[str, Any]:
    """Run every size; return the results with their Markdown table."""
    from benchmarks.report import markdown

    options.out.mkdir(parents=True, exist_ok=True)
    MEMORY_LIMIT[0] = options.memory_limit_gb
    temporary = None
    if options.work is None:
        temporary = tempfile.TemporaryDirectory(prefix="kommunegraf-bench-")
        work = Path(temporary.name)
    else:
        work = options.work
        work.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        code = _code_state()  # before: the project may change while this runs
        sizes: list[dict[str, Any]] = []
        head = {
            "when": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "code": code,
            "options": {
                k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(options).items()
            },
            "sizes": sizes,
        }
        for size in options.sizes:
            sizes.append(run_size(size, options, work))
            # What is measured so far, renderable with --report-only if the run stops.
            (options.out / "partial.json").write_text(
                json.dumps(head, default=str), encoding="utf-8"
            )
        results = {**head, "seconds": time.perf_counter() - started}
        results["markdown"] = markdown(results)
        return results
    finally:
        if temporary is not None:
            temporary.cleanup()


def _code_state() -> dict[str, Any]:
    """The commit measured and the files changed since (the project is worked on meanwhile).

    A snapshot of the code made for a run (git archive plus working-tree files, see the
    report) has no .git; it carries CODE_STATE.json instead."""
    snapshot = ROOT / "CODE_STATE.json"
    if snapshot.exists():
        return {**json.loads(snapshot.read_text(encoding="utf-8")), "root": str(ROOT)}
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--short", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split("\n")
    except OSError:
        return {}
    return {
        "commit": head,
        "modified": [line[3:] for line in dirty if line.strip()],
        "root": str(ROOT),
    }


def write(results: dict[str, Any], out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    stamp = results["when"].replace(":", "").replace("-", "")
    sizes = "-".join(str(s["size"]) for s in results["sizes"])
    md = out / f"benchmark-{sizes}-{stamp}.md"
    raw = out / f"benchmark-{sizes}-{stamp}.json"
    md.write_text(results["markdown"], encoding="utf-8")
    raw.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    shutil.copyfile(md, out / "latest.md")
    shutil.copyfile(raw, out / "latest.json")
    return md, raw


def parse(argv: list[str]) -> Options:
    defaults = Options()
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--sizes", default="100,1000", help="comma-separated corpus sizes (e.g. 100,1000,10000)"
    )
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--out", type=Path, default=defaults.out)
    parser.add_argument(
        "--work",
        type=Path,
        default=None,
        help="folder for corpora and stores (default: a temporary folder)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the stores")
    parser.add_argument("--per-kind", type=int, default=defaults.per_kind)
    parser.add_argument("--validate-sample", type=int, default=defaults.validate_sample)
    parser.add_argument("--full-timeout", type=float, default=defaults.full_timeout)
    parser.add_argument("--score-docs", type=int, default=defaults.score_docs)
    parser.add_argument("--http-duration", type=float, default=defaults.http_duration)
    parser.add_argument("--http-requests", type=int, default=defaults.http_requests)
    parser.add_argument(
        "--http-threads",
        default="2,8",
        help="load levels: client threads, comma-separated (default 2,8)",
    )
    parser.add_argument("--sparql-repeat", type=int, default=defaults.sparql_repeat)
    parser.add_argument("--rdflib-max-quads", type=int, default=defaults.rdflib_max_quads)
    parser.add_argument(
        "--page-timeout",
        type=float,
        default=defaults.page_timeout,
        help="seconds per kind of entity page before its process is stopped",
    )
    parser.add_argument("--rdflib-timeout", type=float, default=defaults.rdflib_timeout)
    parser.add_argument("--search-timeout", type=float, default=defaults.search_timeout)
    parser.add_argument("--http-timeout", type=float, default=defaults.http_timeout)
    parser.add_argument("--memory-limit-gb", type=float, default=defaults.memory_limit_gb)
    parser.add_argument("--phase-timeout", type=float, default=defaults.phase_timeout)
    parser.add_argument(
        "--full-build-max",
        type=int,
        default=defaults.full_build_max,
        help="largest size whose build validates every document for real "
        "(above it the validation is timed on a sample and added)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile each build and the incremental validation",
    )
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument(
        "--soak",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="also soak the server for this many seconds at each size (benchmarks/soak.py)",
    )
    parser.add_argument("--intake-docs", type=int, default=defaults.intake_docs,
                        help="corpus documents also read as PDFs in the intake phase")
    parser.add_argument("--intake-seconds", type=float, default=defaults.intake_seconds,
                        help="at most this long reading each form in the intake phase")
    ns = parser.parse_args(argv)
    return Options(
        sizes=[int(s.replace("_", "")) for s in ns.sizes.split(",") if s.strip()],
        seed=ns.seed,
        out=ns.out,
        work=ns.work,
        keep=ns.keep,
        per_kind=ns.per_kind,
        validate_sample=ns.validate_sample,
        full_timeout=ns.full_timeout,
        score_docs=ns.score_docs,
        http_duration=ns.http_duration,
        http_requests=ns.http_requests,
        http_levels=[int(t) for t in ns.http_threads.split(",") if t.strip()],
        sparql_repeat=ns.sparql_repeat,
        rdflib_max_quads=ns.rdflib_max_quads,
        page_timeout=ns.page_timeout,
        rdflib_timeout=ns.rdflib_timeout,
        search_timeout=ns.search_timeout,
        http_timeout=ns.http_timeout,
        memory_limit_gb=ns.memory_limit_gb,
        phase_timeout=ns.phase_timeout,
        profile=ns.profile,
        full_build_max=ns.full_build_max,
        skip_http=ns.skip_http,
        soak=ns.soak,
        intake_docs=ns.intake_docs,
        intake_seconds=ns.intake_seconds,
    )


def report_only(path: Path, out: Path) -> int:
    """Render the table again from a results JSON (or benchmarks/out/partial.json)."""
    from benchmarks.report import markdown

    results = json.loads(path.read_text(encoding="utf-8"))
    results["markdown"] = markdown(results)
    md, raw = write(results, out)
    print(results["markdown"])
    log(f"wrote {md} and {raw}")
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--report-only"]:
        return report_only(Path(arguments[1]), Path(arguments[2]) if len(arguments) > 2 else OUT)
    options = parse(arguments)
    results = run(options)
    md, raw = write(results, options.out)
    print(results["markdown"])
    log(f"wrote {md} and {raw}")
    return 0
