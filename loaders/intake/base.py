"""What every format's reader hands back: the extracted text, its pages and how it was made."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version


@cache
def library_version(distribution: str) -> str:
    """The installed version of a library, as recorded with each document's extraction."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True)
class Tool:
    """A program or library that made a document's text: name and version."""

    name: str
    version: str

    @classmethod
    def library(cls, distribution: str) -> Tool:
        return cls(distribution, library_version(distribution))

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


@dataclass(frozen=True)
class Extraction:
    """How a document's text was extracted: the tool, and the pages read by OCR (1-based)."""

    tool: Tool
    ocr_tool: Tool | None = None
    ocr_pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class Extracted:
    """A reader's result. ``pages`` holds the offset in ``text`` where each page begins."""

    text: str
    extraction: Extraction
    encoding: str = "utf-8"
    pages: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


# The first bytes of a PDF, and of an OLE compound file (Word 97-2003, Excel, an encrypted
# Office file).
PDF_MAGIC = b"%PDF-"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"

_SPACES = re.compile(r"[ \t\r\n\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def one_line(text: str) -> str:
    """Text of an inline run (a web page's paragraph, a table cell) as one line."""
    return _SPACES.sub(" ", text).strip()


@dataclass
class TextBuilder:
    """Lines of text put together page by page, remembering where each page begins."""

    lines: list[str] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)
    _length: int = 0

    def line(self, text: str) -> None:
        """Add one line (a paragraph, a heading, a table row); line breaks inside it kept."""
        text = text.rstrip()
        if not text.strip():
            return
        self.lines.append(text)
        self._length += len(text) + 1

    def row(self, cells: list[str]) -> None:
        """Add a table row: its cells separated by tabs."""
        self.line("\t".join(cells).strip("\t"))

    def paragraph_break(self) -> None:
        """An empty line between blocks, never two in a row."""
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
            self._length += 1

    def new_page(self) -> None:
        self.paragraph_break()
        self.page_starts.append(self._length)

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n" if self.lines else ""
