"""Rendered pages kept until the store changes.

A page of a body named by thousands of documents reads thousands of rows (30-80 ms in
Oxigraph at 10,000 documents), and the same pages are asked for again and again. The data
changes only when a build or a SPARQL Update writes the store, so a rendered page stays
right until then: the cache lives in :func:`api.db.cached` and is dropped with every other
cache derived from the store. Responses carry an ETag, so clients and proxies can revalidate
with ``If-None-Match`` and get 304. ``page_cache_mb = 0`` turns the cache off.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Response, make_response, request

from api import db
from api.i18n import current_language

MIB = 1024 * 1024

Key = tuple[str, str, str]


@dataclass
class _Page:
    body: bytes
    status: int
    headers: list[tuple[str, str]]


@dataclass
class PageCache:
    """Responses by (path with query, language, Accept), least recently used dropped first
    once their bodies pass ``limit`` bytes."""

    limit: int
    pages: OrderedDict[Key, _Page] = field(default_factory=OrderedDict)
    size: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: Key) -> _Page | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: Key, page: _Page) -> None:
        if len(page.body) > self.limit:
            return
        with self.lock:
            old = self.pages.pop(key, None)
            self.size -= len(old.body) if old else 0
            self.pages[key] = page
            self.size += len(page.body)
            while self.size > self.limit:
                _, dropped = self.pages.popitem(last=False)
                self.size -= len(dropped.body)


def cached_page(view: Callable[..., Any]) -> Callable[..., Response]:
    """Serve the view's 200 responses from the page cache (GET only)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        limit = db.get_config().page_cache_mb * MIB
        if not limit or request.method != "GET":
            return make_response(view(*args, **kwargs))
        pages: PageCache = db.cached("pages", lambda _store: PageCache(limit))
        key = (request.full_path, current_language(), request.headers.get("Accept", ""))
        page = pages.get(key)
        if page is None:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200 or response.is_streamed:
                return response
            response.add_etag()
            page = _Page(response.get_data(), response.status_code,
                         list(response.headers.items()))
            pages.put(key, page)
        response = Response(page.body, status=page.status, headers=page.headers)
        response.make_conditional(request)  # 304 without a body when the ETag matches
        return response

    return wrapper
