"""A bounded HTTP load generator: threads with keep-alive ``http.client`` connections.

``python -m benchmarks.loadgen PLAN.json`` reads ``{"host", "port", "levels", "duration",
"max_requests", "mix": {category: [path, ...]}, "sequential": {name: path}, "repeat"}`` and
prints one ``RESULT {json}`` line. For each load level (a number of client threads, each
sending its next request as soon as the last one is answered) it gives per category the
latency percentiles, the count and the errors (a status other than 200, or a failed
connection), and the throughput. Each level stops at ``duration`` seconds or
``max_requests`` requests, whichever comes first. The sequential phase then sends each
``sequential`` path ``repeat`` times, one request at a time (the /sparql overhead).
"""

from __future__ import annotations

import http.client
import itertools
import json
import random
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.measure import percentiles

TIMEOUT = [30.0]  # seconds a client waits for one response (plan["timeout"])


def _get(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> tuple[int, int]:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    return response.status, len(body)


def concurrent(plan: dict[str, Any], threads: int) -> dict[str, Any]:
    requests = [(category, path) for category, paths in plan["mix"].items() for path in paths]
    # Interleave categories so every thread sees every kind of page (fixed order).
    random.Random(0).shuffle(requests)
    cycle = itertools.cycle(requests)
    lock = threading.Lock()
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    statuses: dict[str, int] = defaultdict(int)
    issued = 0
    deadline = time.perf_counter() + plan["duration"]

    def next_request() -> tuple[str, str] | None:
        nonlocal issued
        with lock:
            if issued >= plan["max_requests"] or time.perf_counter() >= deadline:
                return None
            issued += 1
            return next(cycle)

    def worker() -> None:
        conn = http.client.HTTPConnection(plan["host"], plan["port"], timeout=TIMEOUT[0])
        while (job := next_request()) is not None:
            category, path = job
            started = time.perf_counter()
            try:
                status, _size = _get(conn, path, {"Accept": "text/html"})
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(plan["host"], plan["port"], timeout=TIMEOUT[0])
            spent = time.perf_counter() - started
            with lock:
                latencies[category].append(spent)
                statuses[str(status)] += 1
                if status != 200:
                    errors[category] += 1
        conn.close()

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - started
    total = sum(len(v) for v in latencies.values())
    return {
        "threads": threads,
        "seconds": elapsed,
        "requests": total,
        "requests_per_second": total / elapsed if elapsed else 0.0,
        "errors": sum(errors.values()),
        "statuses": dict(statuses),
        "categories": {
            c: {**percentiles(v), "errors": errors.get(c, 0)} for c, v in latencies.items()
        },
    }


def sequential(plan: dict[str, Any]) -> dict[str, Any]:
    result = {}
    for name, path in plan["sequential"].items():
        timeout = plan.get("sequential_timeout", {}).get(name, TIMEOUT[0])
        conn = http.client.HTTPConnection(plan["host"], plan["port"], timeout=timeout)
        times, errors, size = [], 0, 0
        for _ in range(plan.get("sequential_repeat", {}).get(name, plan["repeat"])):
            started = time.perf_counter()
            try:
                status, size = _get(conn, path, {"Accept": "application/sparql-results+json"})
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(plan["host"], plan["port"], timeout=timeout)
            times.append(time.perf_counter() - started)
            errors += status != 200
        conn.close()
        result[name] = {"seconds": percentiles(times), "errors": errors, "bytes": size}
    return result


def warm(plan: dict[str, Any]) -> dict[str, Any]:
    """One request per path before the clock starts; the first of each category is timed
    (the first search builds the search index, which may take longer than the timeout)."""
    conn = http.client.HTTPConnection(plan["host"], plan["port"], timeout=TIMEOUT[0])
    first: dict[str, float] = {}
    errors = skipped = 0
    deadline = time.perf_counter() + plan.get("warm_budget", 120.0)
    for category, paths in plan["mix"].items():
        for path in paths:
            if time.perf_counter() > deadline:
                skipped += 1
                continue
            started = time.perf_counter()
            try:
                status, _ = _get(conn, path, {"Accept": "text/html"})
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(plan["host"], plan["port"], timeout=TIMEOUT[0])
            first.setdefault(category, time.perf_counter() - started)
            errors += status != 200
    conn.close()
    return {"first_request_seconds": first, "errors": errors, "skipped": skipped}


def main(argv: list[str]) -> int:
    plan = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    TIMEOUT[0] = plan.get("timeout", TIMEOUT[0])
    result: dict[str, Any] = {}
    if plan.get("sequential"):  # first, while the server is idle
        result["sequential"] = sequential(plan)
    first_search = plan["mix"]["search"][:1]
    if first_search:  # the index build, timed on its own with a long timeout
        TIMEOUT[0], short = max(600.0, TIMEOUT[0]), TIMEOUT[0]
        result["index_build"] = warm(
            {"host": plan["host"], "port": plan["port"], "mix": {"search": first_search}}
        )
        TIMEOUT[0] = short
    result["warm_up"] = warm(plan)
    result["levels"] = {}
    for threads in plan["levels"]:
        result["levels"][str(threads)] = concurrent(plan, threads)
    result["load"] = result["levels"][str(max(plan["levels"]))]
    print("RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
