"""Word documents (.docx) with python-docx: paragraphs, headings and tables in order.

Page headers and footers of the document's sections are left out, as for a PDF: they
repeat on every page and are not the document's text.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from kommunegraf.errors import LoaderError
from loaders.intake.base import OLE_MAGIC, Extracted, Extraction, TextBuilder, Tool, one_line


def _table_rows(table: Table) -> list[list[str]]:
    """Each row's cells; a merged cell is read once."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(one_line(" ".join(p.text for p in cell.paragraphs)))
        rows.append(cells)
    return rows


def read_docx(path: Path, data: bytes) -> Extracted:
    """Read a .docx file's body; raise LoaderError if it is not a Word document."""
    if data.startswith(OLE_MAGIC):  # a compound file: Word 97-2003, or encrypted
        raise LoaderError(path, "an old-format (.doc) or password-protected Word file; save it "
                                "as .docx without a password to read it")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise LoaderError(path, f"not a Word document (.docx) that can be read ({error})"
                          ) from None
    builder = TextBuilder()
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraph = block.text  # python-docx builds it from the runs on each reading
            for line in paragraph.split("\n"):  # a manual line break inside a paragraph
                builder.line(line)
            if not paragraph.strip():
                builder.paragraph_break()
        elif isinstance(block, Table):
            for row in _table_rows(block):
                builder.row(row)
            builder.paragraph_break()
    text = builder.text()
    if not text.strip():
        raise LoaderError(path, "the Word document holds no text")
    return Extracted(text, Extraction(Tool.library("python-docx")), "utf-8")
