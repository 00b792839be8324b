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

from kommunegraf.config import Config
from kommunegraf.store import GraphStore, open_store

EXTENSION = "kommunegraf"
# At most this many queries sent to /sparql run at once; a query that outlives its time
# limit keeps its slot until its thread finishes (Oxigraph cannot cancel a query).
MAX_RUNNING_QUERIES = 4
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
    caches: dict[str, tuple[Any, Any, float]] = field(default_factory=dict)
    generation: int = 0


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
    return _state().queries


def run_update(sparql: str) -> None:
    """Apply a SPARQL Update to the store and drop every cache derived from it."""
    store = get_store()
    update = getattr(store, "update", None)
    if update is None:
        # kommunegraf.store has no public update method yet; replace_graph and clear use this
        # same transactional entry point, which turns parser errors into QueryError.
        update = store._update
    try:
        update(sparql)
    finally:
        invalidate_caches(current_app)


def invalidate_caches(app: Flask) -> None:
    """Forget everything computed from the store (call after changing the store directly)."""
    state: State = app.extensions[EXTENSION]
    with state.lock:
        state.caches.clear()
        state.generation += 1


def _fingerprint(store: GraphStore) -> tuple[tuple[str, ...], int]:
    return tuple(store.graphs()), store.count()


def cached(name: str, build: Callable[[GraphStore], T]) -> T:
    """Return a value computed from the store, rebuilt when the store has changed.

    The store is only compared (its graph names and quad count) every CACHE_CHECK_SECONDS,
    so a change made behind the app's back shows within that time; changes made through
    /sparql invalidate at once.
    """
    state = _state()
    store = get_store()
    now = time.monotonic()
    entry = state.caches.get(name)
    if entry is not None:
        value, fingerprint, checked = entry
        if now - checked < CACHE_CHECK_SECONDS:
            return value  # type: ignore[no-any-return]
        current = _fingerprint(store)
        if current == fingerprint:
            state.caches[name] = (value, fingerprint, now)
            return value  # type: ignore[no-any-return]
    fingerprint = _fingerprint(store)
    value = build(store)
    state.caches[name] = (value, fingerprint, now)
    return value
