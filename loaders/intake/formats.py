"""The one table of document types that ``build`` reads, and how each is read.

It decides which files of a folder are read, which reader reads a file, the media type
stored with the document, and the table in the README, so a type is supported everywhere
or nowhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from loaders.intake.base import PDF_MAGIC, Extracted
from loaders.intake.docx import read_docx
from loaders.intake.html import read_agenda_xml, read_html
from loaders.intake.pdf import read_pdf
from loaders.intake.plain import read_text


@dataclass(frozen=True)
class DocumentFormat:
    """A type of document file: its suffixes, media type, reader and what the reader keeps."""

    name: str
    suffixes: tuple[str, ...]
    media_type: str
    read: Callable[[Path, bytes], Extracted]
    how: str
    # The file's first bytes when they tell the type whatever the file is called.
    signature: bytes | None = None


PLAIN_TEXT = DocumentFormat(
    "plain text", (".txt", ".text"), "text/plain", read_text,
    "UTF-8 (an invalid byte becomes U+FFFD, with a warning), UTF-16/32 with a byte-order "
    "mark, or cp1252/Latin-1 when the file is not UTF-8",
)
DOCUMENT_FORMATS: tuple[DocumentFormat, ...] = (
    PLAIN_TEXT,
    DocumentFormat(
        "PDF", (".pdf",), "application/pdf", read_pdf,
        "text in reading order by pdfminer.six's layout analysis (columns kept apart, "
        "table rows as lines), repeated page headers and footers removed, each page's "
        "start kept for the evidence; a page without a text layer read by Tesseract "
        "(`tesseract-ocr-dan`) when installed, else a warning",
        signature=PDF_MAGIC,
    ),
    DocumentFormat(
        "web page", (".html", ".htm", ".xhtml"), "text/html", read_html,
        "the main content by lxml (navigation, cookie banners, print and back-to-top links "
        "dropped), headings, paragraphs, list items and table rows as lines",
    ),
    DocumentFormat(
        "agenda XML", (".xml",), "application/xml", read_agenda_xml,
        "a meeting portal's agenda XML field by field by lxml: each item's number and title "
        "as its heading, each field (the case, the recommendation, the decision ...) under "
        "its name",
    ),
    DocumentFormat(
        "Word", (".docx",), "application/vnd.openxmlformats-officedocument."
        "wordprocessingml.document", read_docx,
        "paragraphs, headings and tables (rows as lines) in order by python-docx; page "
        "headers and footers left out",
    ),
)


def format_named(path: Path) -> DocumentFormat | None:
    """The type a file's suffix names, or None when kommunegraf does not read it."""
    suffix = path.suffix.lower()
    return next((f for f in DOCUMENT_FORMATS if suffix in f.suffixes), None)


def format_of(path: Path, data: bytes) -> DocumentFormat:
    """The reader for a file: by its first bytes where they tell, else by its suffix; a file
    of another suffix is read as plain text (it was named on the command line)."""
    for candidate in DOCUMENT_FORMATS:
        if candidate.signature and data.startswith(candidate.signature):
            return candidate
    return format_named(path) or PLAIN_TEXT


def supported_suffixes() -> str:
    return ", ".join(s for f in DOCUMENT_FORMATS for s in f.suffixes)


def formats_table() -> str:
    """The README's table of supported document types."""
    lines = ["| type | suffixes | media type | how it is read |", "|---|---|---|---|"]
    for fmt in DOCUMENT_FORMATS:
        suffixes = ", ".join(f"`{s}`" for s in fmt.suffixes)
        lines.append(f"| {fmt.name} | {suffixes} | `{fmt.media_type}` | {fmt.how} |")
    return "\n".join(lines)
