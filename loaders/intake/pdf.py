"""PDF: text in reading order by pdfminer.six's layout analysis; pages without text by OCR.

The layout analysis groups characters into lines and lines into blocks, and orders the
blocks, so two columns stay apart. Three things are added on top of it:

- a narrow block whose every line sits beside a line of its neighbour is a table column (the
  "Punkt | Indhold | Bilag" table of an agenda), so the rows are kept as lines, cells
  separated by tabs;
- a line at the top or bottom of the pages that repeats on most of them (a page header, a
  footer, "Side 3 af 9") is taken out;
- a page without a text layer (a scan) is rendered by PDFium and read by Tesseract with its
  Danish model, when that is installed; otherwise a warning names the page.

Hyphenation and ligatures are left to the cleaning step, which keeps the offset map.
"""

from __future__ import annotations

import io
import logging
import math
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import (
    LAParams,
    LTComponent,
    LTContainer,
    LTPage,
    LTTextBox,
    LTTextLine,
)
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from kommunegraf.errors import LoaderError
from loaders.intake.base import PDF_MAGIC, Extracted, Extraction, TextBuilder, Tool

LAYOUT = LAParams(all_texts=True)  # text inside form XObjects too
# pdfminer logs every oddity of a file it can still read; what matters reaches the user as
# the document's warnings or its failure.
logging.getLogger("pdfminer").setLevel(logging.ERROR)
OCR_LANGUAGE = "dan"
OCR_DPI = 300
OCR_SECONDS = 120
# A block at most this share of the page wide can be a table column (see _tables).
TABLE_COLUMN_WIDTH = 0.15
# A block at least this share of the text's width wide spans the page (see _reading_order).
SPANNING_WIDTH = 0.6
# Lines at the top and at the bottom of a page that may be a running header or footer.
FURNITURE_LINES = 2
NO_UNICODE = re.compile(r"\(cid:\d+\)")


@dataclass(frozen=True)
class Line:
    """One line of a page: its text and where it sits (PDF units, y grows upwards)."""

    text: str
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1.0)


@dataclass(frozen=True)
class Block:
    """Lines read together: a paragraph of the layout, or the rows of a table."""

    lines: tuple[Line, ...]

    @cached_property
    def x0(self) -> float:
        return min(line.x0 for line in self.lines)

    @cached_property
    def x1(self) -> float:
        return max(line.x1 for line in self.lines)

    @cached_property
    def y1(self) -> float:
        return max(line.y1 for line in self.lines)


def read_pdf(path: Path, data: bytes) -> Extracted:
    """Extract a PDF's text page by page; raise LoaderError if it cannot be read."""
    if PDF_MAGIC not in data[:1024]:
        raise LoaderError(path, "not a PDF file: it does not begin with %PDF-")
    try:
        pages = list(extract_pages(io.BytesIO(data), laparams=LAYOUT))
    except PDFPasswordIncorrect:
        raise LoaderError(path, "the PDF is protected by a password; save a copy without "
                                "one to read it") from None
    except PDFEncryptionError as error:
        raise LoaderError(path, f"the PDF is encrypted in a way that cannot be read ({error})"
                          ) from None
    except Exception as error:  # pdfminer raises many kinds on a broken file
        raise LoaderError(path, f"the PDF is damaged and cannot be read ({_describe(error)})"
                          ) from None
    if not pages:
        raise LoaderError(path, "the PDF is damaged: it has no pages that can be read")
    notes: list[str] = []
    warnings: list[str] = []
    laid_out: list[list[Block]] = []
    ocr_pages: list[int] = []
    for number, page in enumerate(pages, start=1):
        blocks = _reading_order(_tables(_blocks(page), page.width))
        if not blocks:
            language = ocr_language()
            if language is None:
                warnings.append(f"page {number} has no text layer; install tesseract-ocr-dan "
                                "to read it")
            else:
                blocks = _ocr(path, data, number, language)
                ocr_pages.append(number)
        unmapped = sum(len(NO_UNICODE.findall(line.text)) for b in blocks for line in b.lines)
        if unmapped:
            warnings.append(f"page {number}: {unmapped} character(s) in a font without a "
                            "Unicode mapping, shown as (cid:N)")
        laid_out.append(blocks)
    if ocr_pages:
        notes.append(f"page(s) {_numbers(ocr_pages)} had no text layer and were read by OCR "
                     f"({ocr_tool()}, language {OCR_LANGUAGE})")
    removed = _remove_furniture(laid_out)
    if removed:
        kinds = "; ".join(f"{text!r} (and the like) from {count} pages"
                          for text, count in removed.items())
        notes.append(f"repeated page headers and footers removed: {kinds}")
    builder = TextBuilder()
    for blocks in laid_out:
        builder.new_page()
        for block in blocks:
            for line in block.lines:
                builder.line(line.text)
            builder.paragraph_break()
    text = builder.text()
    if not text.strip():
        if ocr_pages or not warnings:
            reason = "the PDF holds no text"
        elif len(pages) == 1:
            reason = warnings[0]
        else:
            reason = (f"none of its {len(pages)} pages has a text layer; install "
                      "tesseract-ocr-dan to read them")
        raise LoaderError(path, reason)
    extraction = Extraction(Tool.library("pdfminer.six"),
                            ocr_tool() if ocr_pages else None, tuple(ocr_pages))
    return Extracted(text, extraction, "", tuple(builder.page_starts), tuple(notes),
                     tuple(warnings))


def _describe(error: Exception) -> str:
    message = str(error).strip()
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _numbers(pages: list[int]) -> str:
    return ", ".join(str(n) for n in pages)


def _text_boxes(container: LTContainer[LTComponent]) -> Iterator[LTTextBox]:
    for item in container:
        if isinstance(item, LTTextBox):
            yield item
        elif isinstance(item, LTContainer):  # a figure (form XObject) with text in it
            yield from _text_boxes(item)


def _blocks(page: LTPage) -> list[Block]:
    """The page's text blocks in the layout analysis' reading order."""
    blocks = []
    for box in _text_boxes(page):
        texts = [(line, line.get_text()) for line in box if isinstance(line, LTTextLine)]
        lines = tuple(
            Line(text.rstrip("\n"), line.x0, line.x1, line.y0, line.y1)
            for line, text in texts
            if text.strip()
        )
        if lines:
            blocks.append(Block(lines))
    return blocks


def _beside(narrow: Block, other: Block) -> bool:
    """Every line of ``narrow`` has a line of ``other`` at the same height."""
    return all(
        any(abs(line.middle - partner.middle) <= 0.4 * line.height for partner in other.lines)
        for line in narrow.lines
    )


def _tables(blocks: list[Block], page_width: float) -> list[Block]:
    """Join side-by-side blocks that are the columns of one table into rows of cells."""
    group = list(range(len(blocks)))

    def root(index: int) -> int:
        while group[index] != index:
            index = group[index]
        return index

    def narrow(block: Block) -> bool:
        return block.x1 - block.x0 <= TABLE_COLUMN_WIDTH * page_width

    # A narrow column of two or more lines beside another block; then the single cells of a
    # sparse column ("./." in a few rows) beside a table found so.
    for single in (False, True):
        tables = {root(k) for k in range(len(blocks)) if root(k) != k}
        for i, one in enumerate(blocks):
            if (len(one.lines) == 1) != single or not narrow(one):
                continue
            for j, other in enumerate(blocks):
                side_by_side = one.x1 <= other.x0 or other.x1 <= one.x0
                wider = other.x1 - other.x0 >= one.x1 - one.x0
                if (i != j and side_by_side and wider and (not single or root(j) in tables)
                        and _beside(one, other)):
                    group[root(i)] = root(j)
                    break
    members: dict[int, list[Block]] = {}
    for index, block in enumerate(blocks):
        members.setdefault(root(index), []).append(block)
    result, done = [], set()
    for index in range(len(blocks)):
        key = root(index)
        if key in done:
            continue
        done.add(key)
        columns = members[key]
        result.append(columns[0] if len(columns) == 1 else _rows(columns))
    return result


def _columns(blocks: list[Block]) -> list[list[Block]]:
    """Blocks grouped into columns that do not overlap horizontally, left to right."""
    columns: list[list[Block]] = []
    right = -math.inf
    for block in sorted(blocks, key=lambda b: b.x0):
        if columns and block.x0 < right:
            columns[-1].append(block)
            right = max(right, block.x1)
        else:
            columns.append([block])
            right = block.x1
    return columns


def _reading_order(blocks: list[Block]) -> list[Block]:
    """Order blocks as a person reads the page: top to bottom, a band of columns column by
    column. A block across most of the page (a heading, a table, a one-column paragraph)
    ends a band of columns."""
    if len(blocks) < 2:
        return blocks
    left, right = min(b.x0 for b in blocks), max(b.x1 for b in blocks)
    spanning = SPANNING_WIDTH * (right - left)
    ordered: list[Block] = []
    band: list[Block] = []

    def close_band() -> None:
        for column in _columns(band):
            ordered.extend(sorted(column, key=lambda b: -b.y1))
        band.clear()

    for block in sorted(blocks, key=lambda b: -b.y1):
        if block.x1 - block.x0 >= spanning:
            close_band()
            ordered.append(block)
        else:
            band.append(block)
    close_band()
    return ordered


def _rows(columns: list[Block]) -> Block:
    """The lines of a table's columns as rows, top to bottom, cells left to right."""
    lines = sorted((line for column in columns for line in column.lines),
                   key=lambda line: -line.middle)
    rows: list[list[Line]] = []
    for line in lines:
        if rows and abs(rows[-1][0].middle - line.middle) <= 0.4 * line.height:
            rows[-1].append(line)
        else:
            rows.append([line])
    joined = []
    for row in rows:
        cells = sorted(row, key=lambda line: line.x0)
        joined.append(Line("\t".join(cell.text.strip() for cell in cells), cells[0].x0,
                           cells[-1].x1, min(c.y0 for c in cells), max(c.y1 for c in cells)))
    return Block(tuple(joined))


def _furniture_key(line: Line) -> str:
    return re.sub(r"\d+", "#", " ".join(line.text.split())).casefold()


def _remove_furniture(pages: list[list[Block]]) -> dict[str, int]:
    """Take out lines repeated at the top or bottom of most pages; return what, how often."""
    if len(pages) < 2:
        return {}
    zones: list[tuple[set[Line], set[Line]]] = []
    for blocks in pages:
        by_height = sorted((line for b in blocks for line in b.lines), key=lambda line: -line.y1)
        zones.append((set(by_height[:FURNITURE_LINES]), set(by_height[-FURNITURE_LINES:])))
    needed = max(2, math.ceil(len(pages) / 2))
    repeated: set[str] = set()
    for zone in (0, 1):
        counts = Counter(key for z in zones for key in {_furniture_key(line) for line in z[zone]})
        repeated |= {key for key, count in counts.items() if count >= needed}
    removed: Counter[str] = Counter()
    example: dict[str, str] = {}
    for index, blocks in enumerate(pages):
        top, bottom = zones[index]
        kept_blocks = []
        for block in blocks:
            kept = []
            for line in block.lines:
                key = _furniture_key(line) if line in top or line in bottom else None
                if key is not None and key in repeated:
                    removed[key] += 1
                    example.setdefault(key, " ".join(line.text.split()))
                else:
                    kept.append(line)
            if kept:
                kept_blocks.append(Block(tuple(kept)))
        pages[index] = kept_blocks
    return {example[key]: count for key, count in removed.items()}


# --- OCR ---------------------------------------------------------------------------------


@cache
def ocr_language() -> str | None:
    """The Danish model when Tesseract and it are installed, else None."""
    if shutil.which("tesseract") is None:
        return None
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    languages = {line.strip() for line in listed.stdout.splitlines()[1:]}
    return OCR_LANGUAGE if OCR_LANGUAGE in languages else None


@cache
def ocr_tool() -> Tool:
    found = subprocess.run(["tesseract", "--version"], capture_output=True, text=True,
                           timeout=30, check=False)
    first = (found.stdout or found.stderr).split("\n", 1)[0].split()
    return Tool("tesseract", first[1] if len(first) > 1 else "unknown")


def _page_image(data: bytes, number: int) -> bytes:
    """Page ``number`` rendered as a greyscale PGM image for Tesseract."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        bitmap = document[number - 1].render(scale=OCR_DPI / 72, grayscale=True)
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        pixels = memoryview(bitmap.buffer).cast("B")
        rows = b"".join(bytes(pixels[row * stride: row * stride + width])
                        for row in range(height))
    finally:
        document.close()
    return b"P5\n%d %d\n255\n" % (width, height) + rows


def _ocr(path: Path, data: bytes, number: int, language: str) -> list[Block]:
    """The text Tesseract reads on page ``number``, one block per paragraph."""
    try:
        image = _page_image(data, number)
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", language],
                              input=image, capture_output=True, timeout=OCR_SECONDS, check=False)
    except Exception as error:  # PDFium's or Tesseract's failure on this page
        raise LoaderError(path, f"page {number} has no text layer, and OCR failed "
                                f"({_describe(error)})") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise LoaderError(path, f"page {number} has no text layer, and Tesseract failed: "
                                + (message[-1] if message else f"exit {done.returncode}"))
    text = done.stdout.decode("utf-8", "replace").replace("\f", "")
    blocks: list[Block] = []
    lines: list[Line] = []
    position = 0.0
    for raw in text.split("\n"):
        if not raw.strip():
            if lines:
                blocks.append(Block(tuple(lines)))
                lines = []
            continue
        position -= 1  # no coordinates: the order of the lines stands for their height
        lines.append(Line(raw.rstrip(), 0, 0, position, position + 0.9))
    if lines:
        blocks.append(Block(tuple(lines)))
    return blocks
