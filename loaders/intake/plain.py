"""Plain text: the encoding told from the bytes, damage kept to the characters it touches."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kommunegraf import __version__
from kommunegraf.errors import LoaderError
from loaders.intake.base import OLE_MAGIC, Extracted, Extraction, Tool

# Byte-order marks, UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NOT_TEXT = {
    b"PK\x03\x04": "a ZIP archive (a Word file? it is read when named .docx)",
    OLE_MAGIC: "an old Microsoft Office file (.doc, .xls); save it as .docx or text",
    b"\x89PNG": "a PNG image, not a text document",
    b"\xff\xd8\xff": "a JPEG image, not a text document",
    b"GIF8": "a GIF image, not a text document",
    b"\x1f\x8b": "a gzip archive; unpack it first",
}
# A byte that did not decode, as surrogateescape leaves it: a lone surrogate.
UNDECODED = re.compile("[\udc80-\udcff]")
# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)}
TOOL = Tool("kommunegraf", __version__)


def _position(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"byte {offset:,} (line {line:,})"


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, list[str], list[str]]:
    """Decode bytes: by their byte-order mark, else as declared, else UTF-8, else cp1252.

    Returns the text, the encoding, notes and warnings. A UTF-8 file with a few invalid bytes
    stays UTF-8 (each bad byte read as U+FFFD, with a warning saying where); it is read as
    cp1252 only when it has more invalid bytes than valid UTF-8 characters beyond ASCII, as a
    cp1252 file has (its æ, ø and å are never valid UTF-8).
    """
    notes: list[str] = []
    warnings: list[str] = []
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None and declared:
        try:
            encoding = codecs.lookup(declared).name
        except LookupError:
            notes.append(f"declared encoding {declared!r} is unknown; read as UTF-8")
    encoding = encoding or "utf-8"
    try:
        # Each undecodable byte becomes a lone surrogate, which no valid text contains.
        text = data.decode(encoding, errors="surrogateescape").removeprefix("\ufeff")
    except UnicodeDecodeError as error:  # a byte below 0x80 that a UTF-16/32 file cannot hold
        warnings.append(f"not valid {encoding.upper()} from {_position(data, error.start)}; "
                        "the rest read with U+FFFD for what could not be decoded")
        return data.decode(encoding, errors="replace"), encoding, notes, warnings
    bad = [found.start() for found in UNDECODED.finditer(text)]
    name = encoding.removesuffix("-sig")
    if not bad:
        return text, name, notes, warnings
    tail = text[bad[0]:]
    if name == "utf-8" and len(tail) <= 3 and len(tail) == len(bad) and ord(tail[0]) >= 0xDCC0:
        warnings.append("the file ends in the middle of a character; it may be truncated")
        return text[: bad[0]], name, notes, warnings
    valid_multibyte = sum(1 for ch in text if ord(ch) > 127) - len(bad)
    if name == "utf-8" and not declared and valid_multibyte < len(bad):
        for legacy in ("cp1252", "latin-1"):  # Latin-1 decodes any byte
            try:
                legacy_text = data.decode(legacy)
            except UnicodeDecodeError:
                continue
            notes.append(f"not valid UTF-8; read as {legacy}")
            return legacy_text, legacy, notes, warnings
    first = len(text[: bad[0]].encode(encoding, errors="surrogateescape"))
    warnings.append(
        f"{len(bad)} byte(s) not valid {name.upper()}, each read as U+FFFD "
        f"(the first at {_position(data, first)})"
    )
    return UNDECODED.sub("\ufffd", text), name, notes, warnings


def read_text(path: Path, data: bytes) -> Extracted:
    """Read a plain text file; raise LoaderError if it is not text."""
    for signature, what in _NOT_TEXT.items():
        if data.startswith(signature):
            raise LoaderError(path, f"this is {what}")
    text, encoding, notes, warnings = decode(data)
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
        warnings.append(f"{control} control character(s) (e.g. NUL) read as spaces")
    return Extracted(text, Extraction(TOOL), encoding, notes=tuple(notes),
                     warnings=tuple(warnings))
