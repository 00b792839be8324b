"""The one accessor for the store, the configuration and the caches derived from the store.

Like the Flask tutorial's ``get_db()``: views call :func:`get_store` and nothing else reaches
the store. The embedded Oxigraph store is opened once per app (it holds a folder lock, so
it cannot be opened per request) and only when first needed, never at import time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask, current_app

from api.sparql_workers import QueryPool
from kommunegraf.config import Config
from kommunegraf.sandbox import on_deep_stack
from kommunegraf.store import EmbeddedStore, FollowingStore, GraphStore, open_store

EXTENSION = "kommunegraf"
# At most this many queries sent to /sparql run at once (one worker process each for a store
# folder), and this many more wait for one; a request past that is refused at once.
MAX_RUNNING_QUERIES = 4
MAX_WAITING_QUERIES = 4
# The server's threads: /sparql never holds more than its running and waiting queries' worth,
# and pages, search and exports have the rest.
SERVER_THREADS = MAX_RUNNING_QUERIES + MAX_WAITING_QUERIES + 8
# How often (seconds) a cache derived from the store checks whether the store changed.
CACHE_CHECK_SECONDS = 30.0

T = TypeVar("T")


@dataclass
class State:
    """What one app holds: its settings, its store (opened lazily) and derived caches."""

    config: Config
    store: GraphStore | None
    lock: threading.Lock = field(default_factory=threading.Lock)
    queries: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(MAX_RUNNING_QUERIES))
    pool: QueryPool | None = None
    cache_lock: threading.Lock = field(default_factory=threading.Lock)
    caches: dict[str, Any] = field(default_factory=dict)
    generation: int = 0
    fingerprint: Any = None
    checked: float = float("-inf")


def init_app(app: Flask, config: Config, store: GraphStore | None) -> None:
    app.extensions[EXTENSION] = State(config=config, store=store)


def _state() -> State:
    state: State = current_app.extensions[EXTENSION]
    return state


def get_config() -> Config:
    return _state().config


def get_store() -> GraphStore:
    """Return the app's store, opening the configured one on first use."""
    state = _state()
    if state.store is None:
        with state.lock:
            if state.store is None:
                state.store = open_store(state.config.store)
    return state.store


def query_slots() -> threading.BoundedSemaphore:
    """The slots of queries run in this process (stores that are not a folder)."""
    return _state().queries


def query_pool() -> QueryPool | None:
    """The worker processes that answer /sparql for a store folder, started on first use;
    None for a store in memory or on a remote server."""
    state = _state()
    store = get_store()
    if state.pool is None and isinstance(store, EmbeddedStore) and store.path is not None:
        with state.lock:
            if state.pool is None:
                state.pool = QueryPool(store.path, MAX_RUNNING_QUERIES, MAX_WAITING_QUERIES)
    return state.pool


def close(app: Flask) -> None:
    """Stop the app's query workers (the store itself belongs to whoever opened it)."""
    state: State = app.extensions[EXTENSION]
    if state.pool is not None:
        state.pool.close()
        state.pool = None


def run_update(sparql: str) -> None:
    """Apply a SPARQL Update to the store (parsed on a deep stack, as queries are) and drop
    every cache derived from it."""
    store = get_store()
    try:
        on_deep_stack(lambda: store.update(sparql))
    finally:
        invalidate_caches(current_app)
        pool = _state().pool
        if pool is not None:
            pool.store_changed()


def invalidate_caches(app: Flask) -> None:
    """Forget everything computed from the store (call after changing the store directly)."""
    state: State = app.extensions[EXTENSION]
    with state.cache_lock:
        state.caches.clear()
        state.generation += 1
        state.checked = float("-inf")


def _fingerprint(store: GraphStore) -> Any:
    if isinstance(store, FollowingStore):
        # Look now, not at the next query: the cached pages may be all that is asked for.
        store.refresh()
        return store.generation  # it counts its own reopenings
    if isinstance(store, EmbeddedStore):
        return store.generation  # it counts its writes; no other process can write it
    return tuple(store.graphs()), store.count()


def _check_interval(store: GraphStore) -> float:
    if isinstance(store, FollowingStore):
        return 1.0
    return 0.0 if isinstance(store, EmbeddedStore) else CACHE_CHECK_SECONDS


def cached(name: str, build: Callable[[GraphStore], T]) -> T:
    """Return a value computed from the store, rebuilt after the store has changed.

    Changes made through /sparql drop every cache at once. The embedded store counts the
    writes made through it (its folder is locked to one process), and a followed store
    (served read-only while a build writes it) says itself when it reopened, looked at every
    second. A remote server can be written by others: that is noticed by comparing its graph
    names and quad count, at most every CACHE_CHECK_SECONDS for all caches together, because
    counting every quad of a large store is not free.
    """
    state = _state()
    store = get_store()
    with state.cache_lock:
        now = time.monotonic()
        if now - state.checked >= _check_interval(store):
            fingerprint = _fingerprint(store)
            if fingerprint != state.fingerprint:
                state.caches.clear()
                state.generation += 1
                state.fingerprint = fingerprint
            state.checked = now
        if name in state.caches:
            found: T = state.caches[name]
            return found
        generation = state.generation
    value = build(store)  # outside the lock: building may take a while, or read other caches
    with state.cache_lock:
        if state.generation == generation:  # not invalidated while we were building
            state.caches[name] = value
    return value
