"""A time budget for reading one document, so a huge or pathological file cannot hang a build.

``extract`` opens a budget; the loops that grow with the text call ``check()``, which raises
``OutOfTime`` once the budget is spent. What was extracted before that is kept, with a note.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT_SECONDS = 60.0
_deadline: ContextVar[float | None] = ContextVar("kommunegraf_extract_deadline", default=None)


class OutOfTime(Exception):
    """The document's time budget is spent."""


@contextmanager
def budget(seconds: float = DEFAULT_SECONDS) -> Iterator[None]:
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def check() -> None:
    """Raise OutOfTime when the current document's budget is spent."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise OutOfTime
