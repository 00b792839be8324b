"""Reading a file into text: encoding, sanity checks and the document's identity."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from kommunegraf.errors import LoaderError

MAX_BYTES = 50 * 1024 * 1024
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF file; extract its text first (for example with pdftotext)",
    b"PK\x03\x04": "a ZIP archive (a .docx or .xlsx?); save it as plain text first",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file; save it as plain text first",
    b"\x89PNG": "a PNG image, not a text document",
    b"\xff\xd8\xff": "a JPEG image, not a text document",
}
# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)}


@dataclass(frozen=True)
class Source:
    """One document as read: its text (offsets refer to this), identity and how it was read."""

    path: Path
    text: str
    sha256: str
    byte_size: int
    encoding: str
    notes: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        guessed, _ = mimetypes.guess_type(self.path.name)
        return guessed or "text/plain"


def decode(data: bytes, path: Path) -> tuple[str, str, list[str]]:
    """Decode bytes as UTF-8, else cp1252, else Latin-1; say which and what was odd."""
    notes: list[str] = []
    try:
        return data.decode("utf-8-sig"), "utf-8", notes
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            notes.append("the file ends in the middle of a character; it may be truncated")
            return data[: error.start].decode("utf-8-sig"), "utf-8", notes
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        notes.append(f"not valid UTF-8; read as {encoding}")
        return text, encoding, notes
    raise LoaderError(path, "cannot decode the text (tried UTF-8, cp1252 and Latin-1)")


def read_source(path: Path, data: bytes | None = None) -> Source:
    """Read and check one document; raise LoaderError naming the file and the problem."""
    if data is None:
        try:
            if path.stat().st_size > MAX_BYTES:
                raise LoaderError(path, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
            data = path.read_bytes()
        except OSError as error:
            raise LoaderError(path, f"cannot read the file: {error.strerror or error}") from None
    if not data.strip():
        raise LoaderError(path, "the file is empty")
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise LoaderError(path, f"this is {what}")
    text, encoding, notes = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:65536]
    control = sum(1 for ch in sample if ord(ch) in _CONTROL)
    if control > max(8, len(sample) // 100):
        raise LoaderError(
            path,
            f"looks binary, not text ({control} control characters "
            f"in the first {len(sample):,} characters)",
        )
    if control:
        text = "".join(" " if ord(ch) in _CONTROL else ch for ch in text)
        notes.append(f"{control} control character(s) (e.g. NUL) read as spaces")
    if not any(ch.isalpha() for ch in text):
        raise LoaderError(path, "the file holds no letters, so no text to read")
    return Source(
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        byte_size=len(data),
        encoding=encoding,
        notes=tuple(notes),
    )
