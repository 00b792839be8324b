"""The Markdown report of a benchmark run: figures with baselines and ratios, goals, quality.

Every cell says what was measured; a phase that could not run says why ("not available:
...", "timed out after ... s"). Ratios are "how many times the baseline" (>1: slower or
bigger than the baseline).
"""

from __future__ import annotations

from typing import Any

GOAL_SIZE = 10_000
PAGE_ROWS = (("person", "person page"), ("body", "body page"), ("meeting", "meeting page"))
KINDS = ("persons", "bodies", "meetings", "agenda_items", "decisions", "mandates", "attendance")

# The figure rows, in order; the smoke test checks that these are present.
ROWS = (
    "documents",
    "quads in store",
    "build (extract + resolve + load + validate), s",
    "build without validation (extract + resolve + load), s",
    "build throughput, documents/s",
    "build throughput, MB/s",
    "build peak RSS, MiB",
    "store on disk, MiB",
    "load only: Oxigraph on disk vs rdflib Dataset, s",
    "incremental validation of one document, s",
    "full validation (whole store), s",
    "full validation, pyshacl baseline, s",
    "SPARQL person page queries, ms",
    "SPARQL body page queries, ms",
    "SPARQL meeting page queries, ms",
    "in-process page functions (api/pages), ms",
    "search: in-process index, ms",
    "search: SPARQL CONTAINS scan, ms",
    "search index build, s",
    "HTTP person page under load, ms",
    "HTTP body page under load, ms",
    "HTTP meeting page under load, ms",
    "HTTP search under load, ms",
    "HTTP throughput, requests/s (errors)",
    "HTTP pages at the lower load level, p95 ms",
    "first search request (builds the index), s",
    "/sparql over the embedded store, overhead",
    "server peak RSS, MiB",
    "intake: PDF beside .txt, documents/s and pages/s",
)

# Rows of the optional soak phase (``--soak SECONDS``), shown when a size has one.
SOAK_ROWS = (
    "soak: requests/s and errors",
    "soak: latency under load, p50 / p95 / p99 ms",
    "soak: server RSS start / after warm-up / end, MiB",
    "soak verdict",
)
SOAK_CATEGORIES = ("person", "body", "meeting", "search", "sparql")


def _get(mapping: Any, key: str, default: Any = None) -> Any:
    """``mapping.get(key)`` for the loosely typed JSON results (Any, so checks stay quiet)."""
    return mapping.get(key, default) if isinstance(mapping, dict) else default


def _ok(phase: Any) -> bool:
    return (
        isinstance(phase, dict)
        and bool(phase)
        and not phase.get("error")
        and not phase.get("timed_out")
        and phase.get("available", True)
    )


def _why(phase: Any) -> str:
    if not isinstance(phase, dict):
        return "not run"
    if phase.get("timed_out"):
        return f"timed out after {phase.get('timeout', 0):.0f} s"
    if not phase:
        return "not measured (its phase was stopped first)"
    if phase.get("available") is False:
        return "not available: " + str(phase.get("reason", ""))[:120].replace("|", "/")
    if phase.get("error"):
        return "error: " + str(phase["error"])[:120].replace("|", "/")
    return "not run"


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    value = seconds * 1000
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return (
        f"{seconds:.3f}"
        if seconds < 1
        else (f"{seconds:.1f}" if seconds < 100 else f"{seconds:,.0f}")
    )


def _ratio(value: float | None, baseline: float | None) -> str:
    if not value or not baseline:
        return ""
    ratio = value / baseline
    return f"{ratio:.2g}×" if ratio < 10 else f"{ratio:,.0f}×"


def _p(stats: dict[str, Any] | None, key: str) -> float | None:
    return stats.get(key) if isinstance(stats, dict) and stats.get("n") else None


def _page_cell(summary: dict[str, Any] | None, key: str) -> str:
    """p50/p95 of a page summary (benchmarks/measure.py ``read_lines``), censored entities
    (stopped while running) shown as lower bounds."""
    if not isinstance(summary, dict):
        return "not run"
    stats = _get(summary, key, {})
    text = f"p50 {_ms(_p(stats, 'p50'))}, p95 {_ms(_p(stats, 'p95'))}, max {_ms(_p(stats, 'max'))}"
    text += f" (n={stats.get('n', 0)})"
    censored = _get(summary, "censored") or []
    if censored:
        longest = max(c["at_least_seconds"] for c in censored)
        text += f"; {len(censored)} stopped after ≥ {_s(longest)} s"
    missing = _get(summary, "entities", 0)
    if _get(summary, "stopped") and not censored and missing == 0:
        text += "; stopped: " + str(_get(summary, "outcome", {}).get("error", "time limit"))[:80]
    return text


def _under_load(stats: dict[str, Any]) -> str:
    """One category's latencies under load from benchmarks/loadgen.py, with its errors."""
    return (
        f"p50 {_ms(_p(stats, 'p50'))}, p95 {_ms(_p(stats, 'p95'))}, "
        f"max {_ms(_p(stats, 'max'))} (n={stats.get('n', 0)}, "
        f"errors {stats.get('errors', 0)})"
    )


def build_seconds(size: dict[str, Any]) -> tuple[float, bool, float, float] | None:
    """(total, estimated?, without validation, validation) seconds of the build at one size.

    A build that validated every document is measured as is; otherwise its validation is
    estimated as documents × the time per document of the ``validate`` phase's batch (the
    build validates its documents in batches once the whole run is stored, so at the final
    store size), or of its one-by-one validations when no batch was measured."""
    build = _get(size, "build")
    if not _ok(build) or "seconds" not in build:
        return None
    validation = _get(build, "validation") or {}
    if _get(build, "validated_every_document") or not _get(build, "validates_in_build"):
        # The build's own clock for its validation step counts the worker processes, which
        # the wrapped validate_stored of this process does not see.
        spent = (_get(build, "steps") or {}).get("validate", validation.get("seconds", 0.0))
        return build["seconds"], False, build["seconds"] - spent, spent
    validate = _get(size, "validate")
    if not _ok(validate) or not validate["seconds"].get("n"):
        return None
    per_document = validate.get("batched_seconds_per_document") or validate["seconds"]["mean"]
    estimate = build["documents"] * per_document
    return build["seconds"] + estimate, True, build["seconds"], estimate


def cells(size: dict[str, Any]) -> dict[str, str]:
    """The figure rows for one size."""
    row: dict[str, str] = {}
    n = size["size"]
    build = _get(size, "build")
    corpus = _get(size, "corpus", {})
    row["documents"] = f"{n:,} ({corpus.get('bytes', 0) / 1e6:.1f} MB)"
    total = build_seconds(size)
    if total is not None:
        seconds, estimated, without, validating = total
        approx = "≈ " if estimated else ""
        row["quads in store"] = f"{build['quads']:,}"
        failed = f"; {build['failed']} failed" if _get(build, "failed") else ""
        if estimated:
            how = (
                f"{without:.1f} s measured without validating + {n:,} × "
                f"{validating / n:.3f} s validation per document (validate phase, in a batch)"
            )
        elif _get(build, "validates_in_build"):
            how = f"of which validation {_s(validating)} s, measured"
        else:
            how = "build_documents does not validate"
        row["build (extract + resolve + load + validate), s"] = (
            f"{approx}{_s(seconds)} ({how}){failed}"
        )
        row["build without validation (extract + resolve + load), s"] = (
            f"{_s(without)} ({n / without:.1f} documents/s, "
            f"{build['bytes'] / 1e6 / without:.3f} MB/s)"
        )
        row["build throughput, documents/s"] = f"{approx}{n / seconds:.1f}"
        row["build throughput, MB/s"] = f"{approx}{build['bytes'] / 1e6 / seconds:.3f}"
        row["build peak RSS, MiB"] = f"{build['peak_rss_mib']:,.0f} (building process only)" + (
            " (validation stubbed: its reports not held)" if estimated else ""
        )
        row["store on disk, MiB"] = f"{build['store_bytes'] / 2**20:,.1f}"
    else:
        for key in ROWS[1:8]:
            row[key] = _why(build)
    rdf = _get(size, "rdflib")
    rdf_loaded = isinstance(rdf, dict) and "load_seconds" in rdf
    if rdf_loaded:
        ox_load, rdf_load = rdf["oxigraph_load_seconds"], rdf["load_seconds"]
        row["load only: Oxigraph on disk vs rdflib Dataset, s"] = (
            f"{_s(ox_load)} vs {_s(rdf_load)} (Oxigraph = {_ratio(ox_load, rdf_load)} rdflib; "
            f"rdflib RSS {rdf['peak_rss_mib_after_load']:,.0f} MiB)"
        )
    else:
        row["load only: Oxigraph on disk vs rdflib Dataset, s"] = _why(rdf)
    validate, full = _get(size, "validate"), _get(size, "full_validate")
    incremental = _p(_get(validate, "seconds"), "p50") if _ok(validate) else None
    if incremental is not None:
        stats = validate["seconds"]
        row["incremental validation of one document, s"] = (
            f"p50 {_s(stats['p50'])}, p95 {_s(stats['p95'])}, max {_s(stats['max'])} "
            f"(n={stats['n']})"
        )
    else:
        row["incremental validation of one document, s"] = _why(validate)
    row["full validation (whole store), s"] = _full_cell(full, incremental)
    baseline = _get(size, "full_validate_pyshacl")
    row["full validation, pyshacl baseline, s"] = _full_cell(baseline, incremental)
    if _ok(full) and _ok(baseline) and full.get("seconds"):
        row["full validation, pyshacl baseline, s"] += (
            f"; pyshacl = {baseline['seconds'] / full['seconds']:,.1f}× kommunegraf's engine")
    pages = _get(size, "pages") or {}
    for kind, label in PAGE_ROWS:
        key = f"SPARQL {label} queries, ms"
        summary = _get(pages, kind)
        text = _page_cell(summary, "sparql")
        if rdf_loaded and kind in (_get(rdf, "pages") or {}):
            base = rdf["pages"][kind]
            ours = _p((summary or {}).get("sparql"), "p50")
            text += (
                f"; rdflib: {_page_cell(base, 'sparql')}, Oxigraph p50 = "
                f"{_ratio(ours, _p(base.get('sparql'), 'p50'))} rdflib"
            )
            if (summary or {}).get("skipped_in_rdflib"):
                text += f" ({summary['skipped_in_rdflib']} slow entities not run on rdflib)"
        elif not rdf_loaded:
            text += f"; rdflib: {_why(rdf)}"
        row[key] = text
    row["in-process page functions (api/pages), ms"] = (
        "<br>".join(f"{kind}: {_page_cell(_get(pages, kind), 'function')}" for kind, _ in PAGE_ROWS)
        if pages
        else "not run"
    )
    search = _get(size, "search")
    if _ok(search):
        index = _get(search, "search_index", {})
        if _ok(index):
            stats = index["search"]
            row["search: in-process index, ms"] = (
                f"p50 {_ms(_p(stats, 'p50'))}, p95 {_ms(_p(stats, 'p95'))}"
            )
            row["search index build, s"] = (
                f"{_s(index['build_seconds'])} ({index['entries']:,} entries)"
            )
        else:
            row["search: in-process index, ms"] = row["search index build, s"] = _why(index)
        contains = search["search_contains"]
        text = f"p50 {_ms(_p(contains, 'p50'))}, p95 {_ms(_p(contains, 'p95'))}"
        if rdf_loaded and "search_contains" in rdf:
            base = rdf["search_contains"]
            text += (
                f" (rdflib p50 {_ms(_p(base, 'p50'))}; "
                f"Oxigraph = {_ratio(_p(contains, 'p50'), _p(base, 'p50'))} rdflib)"
            )
        row["search: SPARQL CONTAINS scan, ms"] = text
    else:
        for key in (
            "search: in-process index, ms",
            "search: SPARQL CONTAINS scan, ms",
            "search index build, s",
        ):
            row[key] = _why(search)
    http = _get(size, "http")
    for kind, label in (*PAGE_ROWS, ("search", "search")):
        key = f"HTTP {label} under load, ms"
        if not _ok(http):
            row[key] = _why(http)
            continue
        stats = http["load"]["categories"].get(kind, {})
        text = _under_load(stats)
        function = (_get(pages, kind) or {}).get("function")
        if kind != "search" and _p(function, "p95"):
            text += (
                f"; in-process p95 {_ms(_p(function, 'p95'))} "
                f"(HTTP = {_ratio(_p(stats, 'p95'), _p(function, 'p95'))})"
            )
        if kind == "search" and _ok(search) and _ok(_get(search, "search_index", {})):
            base = search["search_index"]["search"]
            text += (
                f"; in-process index p95 {_ms(_p(base, 'p95'))} "
                f"(HTTP = {_ratio(_p(stats, 'p95'), _p(base, 'p95'))})"
            )
        row[key] = text
    uncached = _get(size, "http_uncached")
    for kind, label in (*PAGE_ROWS, ("search", "search")):
        key = f"HTTP {label} under load without the page cache, ms"
        if not _ok(uncached):
            row[key] = _why(uncached)
            continue
        row[key] = _under_load(uncached["load"]["categories"].get(kind, {}))
    if _ok(http):
        load = http["load"]
        lower = [
            v
            for k, v in sorted(_get(http, "levels", {}).items(), key=lambda kv: int(kv[0]))
            if int(k) < load["threads"]
        ]
        row["HTTP pages at the lower load level, p95 ms"] = (
            "; ".join(
                f"{level['threads']} threads: "
                + ", ".join(
                    f"{kind} {_ms(_p(level['categories'].get(kind), 'p95'))}"
                    for kind in ("person", "body", "meeting", "search")
                )
                + f" ({level['requests_per_second']:.0f} req/s, {level['errors']} errors)"
                for level in lower
            )
            or "-"
        )
        excluded = _get(http, "excluded_from_load") or []
        row["HTTP throughput, requests/s (errors)"] = (
            f"{load['requests_per_second']:.0f} ({load['errors']} errors of {load['requests']:,}; "
            f"{load['threads']} client threads, {load['seconds']:.0f} s"
            + (f"; {len(excluded)} slow entities kept out of the mix" if excluded else "")
            + ")"
        )
        first = (_get(http, "index_build") or {}).get("first_request_seconds", {}).get("search")
        row["first search request (builds the index), s"] = _s(first)
        row["/sparql over the embedded store, overhead"] = _sparql_overhead(http, search, size)
        rss = _get(http, "server_peak_rss_mib")
        row["server peak RSS, MiB"] = f"{rss:,.0f}" if rss else "-"
    else:
        for key in (
            "HTTP throughput, requests/s (errors)",
            "HTTP pages at the lower load level, p95 ms",
            "first search request (builds the index), s",
            "/sparql over the embedded store, overhead",
            "server peak RSS, MiB",
        ):
            row[key] = _why(http)
    row["intake: PDF beside .txt, documents/s and pages/s"] = _intake_cell(_get(size, "intake"))
    if "soak" in size:
        row.update(soak_cells(size["soak"]))
    return row


def _intake_cell(intake: Any) -> str:
    """Reading a document as PDF and as .txt: extraction alone, and with the meeting reader."""
    if not _ok(intake) or not _get(intake, "pdf"):
        return _why(intake)
    cells = []
    for form in ("pdf", "txt"):
        figures = intake[form]
        if not figures["documents"]:
            cells.append(f"{form}: none read")
            continue
        pages = (f", {figures['pages'] / figures['read_seconds']:.1f} pages/s"
                 if form == "pdf" else "")
        cells.append(
            f"{form}: {figures['documents'] / figures['read_seconds']:.1f} documents/s{pages} "
            f"extracting; {figures['documents'] / figures['seconds']:.1f} documents/s with the "
            f"reader ({figures['documents']} documents"
            + (f", {figures['pages']} pages)" if form == "pdf" else ")"))
    return "<br>".join(cells)


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def soak_cells(soak: Any) -> dict[str, str]:
    """The soak rows for one size (benchmarks/soak.py ``figures``)."""
    if not isinstance(soak, dict) or "verdict" not in soak:
        return {key: _why(soak) for key in SOAK_ROWS}
    base, growth = soak.get("rss_after_warmup"), soak.get("rss_growth")
    slope = soak.get("rss_slope_mib_per_minute")
    memory = f"{_mib(soak.get('rss_start'))} / {_mib(base)} / {_mib(soak.get('rss_end'))}"
    notes = []
    if growth is not None and base:
        notes.append(f"{growth:+.1f} MiB = {growth / base * 100:+.1f}% after the warm-up")
    if slope is not None:
        notes.append(f"slope {slope:+.2f} MiB/min over the last half")
    if notes:
        memory += " (" + "; ".join(notes) + ")"
    latency = []
    for kind in SOAK_CATEGORIES:
        stats = soak["categories"].get(kind)
        if stats:
            latency.append(
                f"{kind} {_ms(_p(stats, 'p50'))} / {_ms(_p(stats, 'p95'))} / "
                f"{_ms(_p(stats, 'p99'))}"
            )
    verdict = soak["verdict"] if soak.get("passed") else f"**{soak['verdict']}**"
    return {
        "soak: requests/s and errors": (
            f"{soak['requests_per_second']:.1f} req/s over {soak['measured_seconds']:.0f} s after "
            f"a {soak['warmup']:.0f} s warm-up ({soak['requests']:,} requests, "
            f"{soak['concurrency']} client threads); {soak['five_xx']} 5xx, "
            f"{soak['no_response']} without a response, {soak['other_errors']} other errors"
        ),
        "soak: latency under load, p50 / p95 / p99 ms": "; ".join(latency) or "-",
        "soak: server RSS start / after warm-up / end, MiB": memory,
        "soak verdict": f"{verdict}; flat means {soak['flat_definition']}",
    }


def _full_cell(full: Any, incremental: float | None) -> str:
    if _ok(full) and "seconds" in full:
        return (f"{_s(full['seconds'])} (= {_ratio(full['seconds'], incremental)} one "
                f"incremental; {_get(full, 'findings', 0):,} findings; "
                f"RSS {full['peak_rss_mib']:,.0f} MiB)")
    if isinstance(full, dict) and _get(full, "timed_out") and incremental:
        return (f"> {full['timeout']:.0f} (stopped at the limit; ≥ "
                f"{_ratio(full['timeout'], incremental)} one incremental)")
    return _why(full)


def _sparql_pairs(size: dict[str, Any]) -> list[tuple[str, float, float, int]]:
    """(example, embedded p50, HTTP p50, HTTP errors) for each /sparql example measured both
    ways (benchmarks/measure.py ``search`` and benchmarks/loadgen.py ``sequential``)."""
    http, search = _get(size, "http"), _get(size, "search")
    if not _ok(http) or not isinstance(search, dict) or "sequential" not in http:
        return []
    pairs = []
    for name, measured in http["sequential"].items():
        embedded = _get(_get(search, "sparql_embedded"), name)
        over = _p(_get(measured, "seconds"), "p50")
        base = _p(_get(embedded, "seconds"), "p50")
        if over is not None and base is not None:
            pairs.append((name, base, over, int(measured.get("errors", 0))))
    return pairs


def _sparql_overhead(http: dict[str, Any], search: Any, size: dict[str, Any]) -> str:
    pairs = _sparql_pairs(size)
    if not pairs:
        return _why(search) if not _ok(search) else "-"
    parts = []
    for name, base, over, errors in pairs:
        if errors:
            parts.append(
                f"{name} {_ms(base)} ms embedded; over HTTP {errors} error(s) (the "
                f"endpoint's query time limit, {_ms(over)} ms)"
            )
        else:
            parts.append(
                f"{name} {_ms(base)}→{_ms(over)} ms ({(over / base - 1) * 100:+.0f}%, "
                f"{(over - base) * 1000:+.1f} ms)"
            )
    overall = sparql_overhead_percent(size)
    head = (
        "no example answered over HTTP"
        if overall is None
        else (f"{overall:+.0f}% over the examples answered")
    )
    return f"{head} (p50: " + "; ".join(parts) + ")"


def sparql_overhead_percent(size: dict[str, Any]) -> float | None:
    """Overhead of /sparql over the embedded store, summed over the examples it answered."""
    answered = [(base, over) for _, base, over, errors in _sparql_pairs(size) if not errors]
    base = sum(b for b, _ in answered)
    return (sum(o for _, o in answered) / base - 1) * 100 if base else None


def goals(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(goal, measured, verdict) for each goal of the brief."""
    sizes = {s["size"]: s for s in results["sizes"]}
    at_goal: Any = sizes.get(GOAL_SIZE)
    largest: Any = max(sizes.values(), key=lambda s: s["size"]) if sizes else None
    rows: list[tuple[str, str, str]] = []

    def verdict(ok: bool | None, note: str = "") -> str:
        text = "not measured" if ok is None else ("met" if ok else "**missed**")
        return text + (f" ({note})" if note else "")

    # Build time and memory.
    reference, note = at_goal, f"at {GOAL_SIZE:,}"
    if reference is None and largest is not None:
        reference, note = largest, f"extrapolated linearly from {largest['size']:,}"
    build: Any = _get(reference, "build")
    total = build_seconds(reference) if reference else None
    if total is not None:
        per_doc = total[0] / build["documents"]
        estimate = per_doc * GOAL_SIZE
        if total[1]:
            note += "; validation estimated"
        rows.append(
            (
                "10,000 documents built in under 10 minutes",
                f"{estimate / 60:,.1f} min (without validation "
                f"{total[2] / build['documents'] * GOAL_SIZE / 60:,.1f} min)",
                verdict(estimate < 600, note),
            )
        )
        rss = build["peak_rss_mib"]
        rss_note = note if at_goal else f"{rss:,.0f} MiB at {largest['size']:,}; grows with size"
        rows.append(
            (
                "... with under 2 GB peak RSS",
                f"{rss:,.0f} MiB, the building process; its worker processes are not counted",
                verdict(None, rss_note),
            )
        )
    else:
        rows.append(("10,000 documents built in under 10 minutes", _why(build), verdict(None)))
    # Validation.
    reference = at_goal or largest
    label = "at 10,000" if at_goal else (f"at {largest['size']:,} only" if largest else "")
    validate: Any = _get(reference, "validate")
    full: Any = _get(reference, "full_validate")
    if _ok(validate) and validate["seconds"].get("n"):
        p95 = validate["seconds"]["p95"]
        rows.append(
            (
                "incremental validation of one document under 0.5 s",
                f"p95 {p95:.3f} s",
                verdict(p95 < 0.5 if at_goal else None, label),
            )
        )
        p50 = validate["seconds"]["p50"]
        if _ok(full) and "seconds" in full:
            ratio = full["seconds"] / p50
            rows.append(
                (
                    "... and at least 20x cheaper than a full validation",
                    f"{ratio:,.0f}x",
                    verdict(ratio >= 20 if at_goal else None, label),
                )
            )
        elif isinstance(full, dict) and _get(full, "timed_out"):
            ratio = full["timeout"] / p50
            rows.append(
                (
                    "... and at least 20x cheaper than a full validation",
                    f"≥ {ratio:,.0f}x (full validation timed out)",
                    verdict(ratio >= 20 if at_goal else None, label),
                )
            )
        else:
            rows.append(
                ("... and at least 20x cheaper than a full validation", _why(full), verdict(None))
            )
    else:
        rows.append(
            ("incremental validation of one document under 0.5 s", _why(validate), verdict(None))
        )
    # Pages under load.
    http: Any = _get(reference, "http")
    if _ok(http):
        categories = http["load"]["categories"]
        worst = max((categories.get(k, {}).get("p95") or 0.0) for k, _ in PAGE_ROWS)
        errors = sum(categories.get(k, {}).get("errors", 0) for k, _ in PAGE_ROWS)
        excluded = _get(http, "excluded_from_load") or []
        slowest = max(
            [
                (s.get("function") or {}).get("max") or 0.0
                for s in (_get(reference, "pages") or {}).values()
            ]
            + [
                c["at_least_seconds"]
                for s in (_get(reference, "pages") or {}).values()
                for c in s.get("censored", [])
            ]
            or [0.0]
        )
        measured = (
            f"worst p95 {worst * 1000:.0f} ms at {http['load']['threads']} client "
            f"threads, {errors} errors"
        )
        if excluded:
            measured += (
                f"; {len(excluded)} sampled entities kept out of the load because "
                f"their page alone takes up to ≥ {slowest:,.1f} s"
            )
        rows.append(
            (
                "entity pages p95 under 50 ms under load, 0 errors",
                measured,
                verdict(worst < 0.05 and errors == 0 and not excluded if at_goal else None, label),
            )
        )
        search = categories.get("search", {})
        rows.append(
            (
                "search p95 under 100 ms under load, 0 errors",
                f"p95 {(_get(search, 'p95') or 0) * 1000:.0f} ms, "
                f"{_get(search, 'errors', 0)} errors",
                verdict(
                    (_get(search, "p95") or 1) < 0.1 and not _get(search, "errors")
                    if at_goal
                    else None,
                    label,
                ),
            )
        )
        overhead = sparql_overhead_percent(reference)
        rows.append(
            (
                "/sparql overhead over the embedded store under 20%",
                "-" if overhead is None else f"{overhead:+.0f}%",
                verdict(None if overhead is None else overhead < 20, label),
            )
        )
    else:
        rows.append(("entity pages and search under load", _why(http), verdict(None)))
    return rows


def quality_table(size: dict[str, Any]) -> list[str]:
    quality = _get(size, "quality")
    if not _ok(quality):
        return [f"Extraction quality at {size['size']:,}: {_why(quality)}"]
    lines = [
        f"Extraction against the planted facts, {quality['documents_scored']} of "
        f"{size['size']:,} documents (loaders/evaluation.py `score_document`):",
        "",
        "| kind | precision | recall | tp | found | gold |",
        "|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        s = quality["totals"][kind]
        lines.append(
            f"| {kind} | {s['precision']:.3f} | {s['recall']:.3f} | {s['tp']} | "
            f"{s['found']} | {s['gold']} |"
        )
    by = quality["persons_recall_by_given_name"]
    res = quality["resolution"]
    lines += [
        "",
        f"Person recall by given name: known to loaders/data/names.yaml "
        f"{by['known']['recall']:.3f} (n={by['known']['gold']}), not known "
        f"{by['unknown']['recall']:.3f} (n={by['unknown']['gold']}).",
        f"Entity resolution over the whole store: {res['misspelt_persons_planted']} persons "
        f"planted with a misspelling; for {res['misspelt_persons_with_two_spellings_extracted']}"
        f" both spellings were extracted, {res['merged_into_one_person']} of them merged into "
        f"one person. Near-name pairs of different persons with both extracted: "
        f"{res['near_name_pairs_both_extracted']}, wrongly merged: {res['false_merges']}.",
    ]
    return lines


def markdown(results: dict[str, Any]) -> str:
    sizes = results["sizes"]
    header = "| figure | " + " | ".join(f"{s['size']:,} documents" for s in sizes) + " |"
    lines = [
        f"## kommunegraf benchmark ({results['when']}, {results['machine']['cpus']} CPUs, "
        f"Python {results['machine']['python']})",
        "",
        f"Code: commit {_get(_get(results, 'code'), 'commit', '?')}"
        + (
            f" with uncommitted changes to {', '.join(_get(results['code'], 'modified'))}"
            if _get(_get(results, "code"), "modified")
            else ""
        )
        + ". Synthetic corpus (benchmarks/corpus.py, seed "
        f"{results['options']['seed']}); each phase in its own process. Ratios are "
        "value ÷ baseline.",
        "",
        header,
        "|---|" + "---|" * len(sizes),
    ]
    columns = [cells(s) for s in sizes]
    rows = ROWS + (SOAK_ROWS if any("soak" in s for s in sizes) else ())
    for key in rows:
        lines.append(f"| {key} | " + " | ".join(c.get(key, "-") for c in columns) + " |")
    lines += ["", "### Goals", "", "| goal | measured | verdict |", "|---|---|---|"]
    for goal, measured, verdict in goals(results):
        lines.append(f"| {goal} | {measured} | {verdict} |")
    for size in sizes:
        lines += ["", f"### Extraction quality, {size['size']:,} documents", ""]
        lines += quality_table(size)
    if sizes:
        lines += ["", "### Slowest page queries", "", *slowest_queries(sizes[-1])]
    return "\n".join(lines) + "\n"


def slowest_queries(size: dict[str, Any]) -> list[str]:
    pages = _get(size, "pages")
    if not pages:
        return ["not run"]
    source = next((p.get("source") for p in pages.values() if p.get("source")), "?")
    lines = [
        f"At {size['size']:,} documents, queries from {source}; per page the three with "
        "the highest maximum (Oxigraph, embedded, on disk):",
        "",
        "| page | query | p50 ms | p95 ms | max ms | most rows |",
        "|---|---|---|---|---|---|",
    ]
    for kind, _label in PAGE_ROWS:
        summary = _get(pages, kind) or {}
        for entry in _get(summary, "slowest_queries", []):
            text = entry["query"].replace("|", "\\|")
            lines.append(
                f"| {kind} | `{text}` | {_ms(entry.get('p50'))} | "
                f"{_ms(entry.get('p95'))} | {_ms(entry.get('max'))} | "
                f"{entry.get('most_rows', 0):,} |"
            )
        for censored in _get(summary, "censored", []):
            lines.append(
                f"| {kind} | stopped while running ({censored['stage']}): "
                f"`{censored['iri']}` | | | ≥ {censored['at_least_seconds'] * 1000:,.0f} | |"
            )
    return lines
