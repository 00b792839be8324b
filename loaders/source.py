"""Reading a file into text: its type, its reader, sanity checks and the document's identity."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass
from pathlib import Path

from kommunegraf.errors import LoaderError
from loaders.intake.base import Extraction
from loaders.intake.formats import format_of

MAX_BYTES = 50 * 1024 * 1024


class EmptyFile(LoaderError):
    """A file with nothing to read in it: the build skips it rather than failing it."""


@dataclass(frozen=True)
class Source:
    """One document as read: its text (offsets refer to this), identity and how it was read.

    ``notes`` say how it was read; ``warnings`` what of the file could not be read exactly
    (a byte that is not UTF-8, a page without text). ``pages`` holds the offset in ``text``
    where each page begins, for paged formats (PDF).
    """

    path: Path
    text: str
    sha256: str
    byte_size: int
    encoding: str
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    media_type: str = "text/plain"
    pages: tuple[int, ...] = ()
    extraction: Extraction | None = None

    def page_of(self, offset: int) -> int | None:
        """The 1-based page that the character at ``offset`` is on, if the text has pages."""
        if not self.pages:
            return None
        return max(1, bisect.bisect_right(self.pages, offset))


def read_source(path: Path, data: bytes | None = None) -> Source:
    """Read and check one document; raise LoaderError naming the file and the problem."""
    if data is None:
        try:
            if path.stat().st_size > MAX_BYTES:
                raise LoaderError(path, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
            data = path.read_bytes()
        except OSError as error:
            raise LoaderError(path, f"cannot read the file: {error.strerror or error}") from None
    if not data:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    if not data.strip():
        raise EmptyFile(path, "the file is empty (only white space)")
    document_format = format_of(path, data)
    extracted = document_format.read(path, data)
    if not any(ch.isalpha() for ch in extracted.text):
        raise LoaderError(path, "the file holds no letters, so no text to read")
    return Source(
        path=path,
        text=extracted.text,
        sha256=hashlib.sha256(data).hexdigest(),
        byte_size=len(data),
        encoding=extracted.encoding,
        notes=extracted.notes,
        warnings=extracted.warnings,
        media_type=document_format.media_type,
        pages=extracted.pages,
        extraction=extracted.extraction,
    )
