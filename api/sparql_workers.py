"""The processes that evaluate /sparql queries over a store folder, and their pool.

Oxigraph cannot cancel a query, and a query can fetch a URL (SERVICE) or take all memory.
So each query runs in a worker process of its own pool, started fresh and confined
(:mod:`kommunegraf.sandbox`): it dies with the server, any network socket kills it (SIGSYS),
and it parses on a deep stack. Each worker reads the folder as a followed, read-only store.

The serving process waits for the answer and watches the clock and the worker's memory: a
query past the time limit or the memory ceiling is stopped by killing its worker, whose
memory goes back to the system at once, and a fresh worker takes its place. A worker that
dies otherwise tells why by its signal: SIGSYS means the query tried to reach another host.

At most ``size`` queries run at once and ``waiting`` more wait for a worker; a request past
that is refused at once (503 with Retry-After), so /sparql never holds more than
``size + waiting`` of the server's threads and pages keep the rest.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from api.sparql_protocol import (
    Busy,
    EvaluationError,
    Outcome,
    QueryTimeout,
    QueryTooLarge,
    decoded,
    encoded,
    evaluate,
    timeout_message,
)
from kommunegraf.errors import QueryError
from kommunegraf.sandbox import (
    NETWORK_REFUSED_SIGNAL,
    die_with_parent,
    forbid_network,
    on_deep_stack,
)
from kommunegraf.sparql_text import NO_REMOTE_CALLS, RemoteCallRefused
from kommunegraf.store import FollowingStore, remove_abandoned_snapshots

log = logging.getLogger("api")

# How often (seconds) the serving process looks at the clock and the worker's memory.
WATCH_SECONDS = 0.02
# Seconds a new worker may take to start and open the store.
START_SECONDS = 60.0
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Job:
    """One query for a worker: the text, the row cap, and the store's generation (a worker
    that has seen an older one reopens its view first, so an update is seen at once)."""

    query: str
    limit: int
    generation: int


# --- in the worker ----------------------------------------------------------------------


def serve_queries(connection: Connection, folder: str) -> None:
    """A worker's life: confine itself, open the store, answer jobs until told to stop."""
    die_with_parent()
    forbid_network()
    store = FollowingStore(Path(folder))
    seen = 0
    connection.send("ready")
    try:
        while True:
            job: Job | None = connection.recv()
            if job is None:
                return
            if job.generation != seen:
                store.refresh(force=True)
                seen = job.generation
            connection.send(on_deep_stack(lambda job=job: _answer(store, job)))  # type: ignore[misc]
    except EOFError:
        return
    finally:
        store.close()


def _answer(store: FollowingStore, job: Job) -> tuple[str, object, bool]:
    try:
        return encoded(evaluate(store, job.query, job.limit))
    except QueryError as error:
        return "malformed", str(error), False
    except Exception as error:  # the query's own failure, told to its client
        return "failed", f"{type(error).__name__}: {error}", False


# --- in the serving process ---------------------------------------------------------------


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    connection: Connection

    def resident_bytes(self) -> int:
        try:
            with open(f"/proc/{self.process.pid}/statm", encoding="ascii") as statm:
                return int(statm.read().split()[1]) * PAGE_BYTES
        except (OSError, IndexError, ValueError):
            return 0


class QueryPool:
    """``size`` worker processes for one store folder, and room for ``waiting`` requests."""

    def __init__(self, folder: Path, size: int, waiting: int) -> None:
        self.folder = folder
        self.size = size
        self.generation = 0
        self._admitted = threading.BoundedSemaphore(size + waiting)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._starts: queue.Queue[bool] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._running: set[_Worker] = set()
        # One long-lived thread starts every worker: a worker dies when the thread that
        # started it ends (see die_with_parent).
        threading.Thread(target=self._keep, name="sparql-pool", daemon=True).start()
        for _ in range(size):
            self._starts.put(True)

    def store_changed(self) -> None:
        """The store was written through this server: workers reopen their view first."""
        self.generation += 1

    def run(self, query: str, *, limit: int, timeout: float, memory_bytes: int) -> Outcome:
        """Evaluate ``query`` in a worker; stop it at ``timeout`` s or ``memory_bytes``."""
        if not self._admitted.acquire(blocking=False):
            raise Busy("too many queries are running or waiting; try again in a moment")
        try:
            try:
                worker = self._idle.get(timeout=timeout)
            except queue.Empty:
                raise Busy("every query worker stayed busy for the whole time limit; try "
                           "again in a moment") from None
            return self._run_on(worker, Job(query, limit, self.generation), timeout,
                                memory_bytes)
        finally:
            self._admitted.release()

    def _run_on(self, worker: _Worker, job: Job, timeout: float, memory_bytes: int) -> Outcome:
        with self._lock:
            self._running.add(worker)
        try:
            form, data, truncated = self._exchange(worker, job, timeout, memory_bytes)
        except (EOFError, OSError):
            raise self._died(worker) from None
        except BaseException:  # stopped at a limit, or this request failed: a fresh worker
            self._replace(worker)
            raise
        finally:
            with self._lock:
                self._running.discard(worker)
        self._idle.put(worker)
        if form == "malformed":
            raise QueryError(str(data))
        if form == "failed":
            raise EvaluationError(f"the query could not be evaluated: {data}")
        assert isinstance(data, bytes)
        return decoded(form, data, truncated, job.limit)

    def _exchange(self, worker: _Worker, job: Job, timeout: float,
                  memory_bytes: int) -> tuple[str, object, bool]:
        """Send the job and wait for the answer, watching the clock and the memory."""
        deadline = time.monotonic() + timeout
        start_bytes = worker.resident_bytes()
        worker.connection.send(job)
        while not worker.connection.poll(WATCH_SECONDS):
            if time.monotonic() >= deadline:
                raise QueryTimeout(timeout_message(timeout, stopped=True))
            if worker.resident_bytes() - start_bytes > memory_bytes:
                raise QueryTooLarge(
                    f"the query needed more than {memory_bytes // 2**20:,} MiB of memory "
                    "and was stopped; narrow it down or add a LIMIT")
        reply: tuple[str, object, bool] = worker.connection.recv()
        return reply

    def _died(self, worker: _Worker) -> Exception:
        """Why a worker ended in the middle of a query (it is replaced)."""
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        self._replace(worker)
        if code == -NETWORK_REFUSED_SIGNAL:
            return RemoteCallRefused("the query asked the server to fetch data from another "
                                     f"host (SERVICE): {NO_REMOTE_CALLS}")
        if code == -signal.SIGKILL:
            return QueryTooLarge("the query's worker was stopped by the system (out of "
                                 "memory?); narrow it down or add a LIMIT")
        log.warning("a query worker ended with exit code %s", code)
        return EvaluationError(f"the query could not be evaluated (its worker ended with "
                               f"exit code {code})")

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker, give back its snapshots, and have a fresh one started."""
        worker.process.kill()
        worker.process.join(timeout=10)
        worker.connection.close()
        remove_abandoned_snapshots(self.folder)
        if not self._closed:
            self._starts.put(True)

    def _keep(self) -> None:
        context = multiprocessing.get_context("spawn")
        while self._starts.get() and not self._closed:
            ours, theirs = context.Pipe()
            process = context.Process(target=serve_queries, args=(theirs, str(self.folder)),
                                      name="kommunegraf-sparql", daemon=True)
            try:
                process.start()
            except OSError as error:
                log.error("a query worker could not be started: %s", error)
                time.sleep(1.0)
                self._starts.put(True)
                continue
            theirs.close()
            threading.Thread(target=self._await_ready, args=(_Worker(process, ours),),
                             name="sparql-worker-start", daemon=True).start()

    def _await_ready(self, worker: _Worker) -> None:
        try:
            ready = worker.connection.poll(START_SECONDS) and worker.connection.recv()
        except (EOFError, OSError):
            ready = False
        if ready != "ready":
            log.error("a query worker did not start (exit code %s)", worker.process.exitcode)
            worker.process.kill()
            worker.process.join()
            if not self._closed:
                time.sleep(1.0)
                self._starts.put(True)
            return
        if self._closed:
            self._stop(worker)
        else:
            self._idle.put(worker)

    def _stop(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.connection.send(None)
        worker.process.join(timeout=10)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.connection.close()

    def close(self) -> None:
        """Stop every worker (each closes its view of the store and deletes its snapshots)."""
        self._closed = True
        self._starts.put(False)
        with self._lock:
            running = list(self._running)
        for worker in running:
            worker.process.kill()
        while True:
            try:
                self._stop(self._idle.get_nowait())
            except queue.Empty:
                break
        remove_abandoned_snapshots(self.folder)
