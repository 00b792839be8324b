"""Documents in the forms municipalities publish them, made from plain text: PDF (one or two
columns, running header and footer, or pages as images only), a web page and a Word file.

The tests build real files with these, and the benchmark measures PDF intake on them. A line
with tabs is a table row (cells at fixed columns, as an agenda's "Punkt | Indhold | Bilag").
"""

from __future__ import annotations

import html
import io
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian's fonts-dejavu-core
MARGIN = 20.0  # millimetres
FONT_SIZE = 7.0  # points; lines 1.3 times as high
TABLE_COLUMNS = (0.0, 0.08, 0.92)  # where a row's cells begin, as shares of the text width
HEADER = "KD-Net · Kommunaldirektørnetværket i Midtjylland"


def _paragraphs(text: str) -> list[list[str]]:
    """Runs of non-empty lines; an empty line ends a paragraph. The private-use bullet of
    Word's Symbol font (U+F0B7) is drawn as the bullet it stands for."""
    paragraphs: list[list[str]] = [[]]
    for line in text.replace("\uf0b7", "•").split("\n"):
        if line.strip():
            paragraphs[-1].append(line.strip(" "))
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


class _Pdf:
    """Lays out lines on A4 pages, in one or two columns, with a header and a footer."""

    def __init__(self, columns: int, font_size: float) -> None:
        from fpdf import FPDF

        # Two columns on an A3 landscape page are as wide as one on A4.
        self.pdf = FPDF(orientation="portrait" if columns == 1 else "landscape",
                        format="A4" if columns == 1 else "A3", unit="mm")
        self.pdf.set_auto_page_break(False)
        self.pdf.add_font("DejaVu", fname=str(FONT))
        self.pdf.set_font("DejaVu", size=font_size)
        self.page_width, self.page_height = self.pdf.w, self.pdf.h
        self.columns = columns
        self.gap = 10.0
        self.line = font_size * 1.3 * 25.4 / 72
        self.width = (self.page_width - 2 * MARGIN - (columns - 1) * self.gap) / columns
        self.column = 0
        self.y = 0.0
        self.band_top = 0.0  # where the columns of the current band begin
        self.column_ends: list[float] = []
        self.pages = 0
        self._new_page()

    def _new_page(self) -> None:
        self.pdf.add_page()
        self.pages += 1
        self.column = 0
        self.y = self.band_top = MARGIN + 8
        self.column_ends = []
        self.pdf.text(MARGIN, MARGIN, HEADER)
        self.pdf.text(self.page_width / 2 - 8, self.page_height - MARGIN + 8, f"Side {self.pages}")

    def _room(self, height: float) -> None:
        if self.y + height <= self.page_height - MARGIN:
            return
        if self.column + 1 < self.columns:
            self.column_ends.append(self.y)
            self.column += 1
            self.y = self.band_top
        else:
            self._new_page()

    @property
    def x(self) -> float:
        return MARGIN + self.column * (self.width + self.gap)

    def wrapped(self, line: str, width: float) -> list[str]:
        words, lines, current = line.split(" "), [], ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if current and self.pdf.get_string_width(candidate) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        return [*lines, current]

    def paragraph(self, lines: list[str]) -> None:
        for line in lines:
            if "\t" in line:
                self.row(line.split("\t"))
                continue
            for part in self.wrapped(line, self.width):
                self._room(self.line)
                self.pdf.text(self.x, self.y, part)
                self.y += self.line
        self.y += self.line

    def _full_width(self, height: float) -> None:
        """End the band of columns: what follows spans the page, below all of them."""
        self.y = max([self.y, *self.column_ends])
        self.column, self.column_ends = 0, []
        if self.y + height > self.page_height - MARGIN:
            self._new_page()

    def row(self, cells: list[str]) -> None:
        """A table row, across the page."""
        self._full_width(self.line)
        for offset, cell in zip(TABLE_COLUMNS, cells, strict=False):
            if cell.strip():
                self.pdf.text(MARGIN + offset * (self.page_width - 2 * MARGIN), self.y,
                              cell.strip())
        self.y += self.line
        self.band_top = self.y

    def side_by_side(self, left: list[str], right: list[str]) -> None:
        """Two paragraphs next to each other across the page ("Deltagere | Afbud")."""
        half = (self.page_width - 2 * MARGIN - self.gap) / 2
        parts = [[p for line in lines for p in self.wrapped(line, half)] for lines in (left, right)]
        height = self.line * max(len(p) for p in parts)
        self._full_width(height)
        for index, lines in enumerate(parts):
            for number, part in enumerate(lines):
                self.pdf.text(MARGIN + index * (half + self.gap), self.y + number * self.line, part)
        self.y += height + self.line
        self.band_top = self.y

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def pdf_bytes(text: str, *, columns: int = 1,
              side_by_side: tuple[str, str] | None = None,
              font_size: float = FONT_SIZE) -> bytes:
    """A PDF with the text's paragraphs; ``side_by_side`` names the first words of two
    paragraphs laid next to each other (as "Deltagere" and "Afbud" in KD-Net's minutes)."""
    layout = _Pdf(columns, font_size)
    paragraphs = _paragraphs(text)
    index = 0
    while index < len(paragraphs):
        lines = paragraphs[index]
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if (side_by_side and following and lines[0].startswith(side_by_side[0])
                and following[0].startswith(side_by_side[1])):
            layout.side_by_side(lines, following)
            index += 2
            continue
        layout.paragraph(lines)
        index += 1
    return layout.output()


def image_only_pdf(pdf: bytes, dpi: int = 200) -> bytes:
    """The same pages as pictures only: what a scanner makes, without a text layer."""
    import pypdfium2
    from fpdf import FPDF

    source = pypdfium2.PdfDocument(pdf)
    out = FPDF(format="A4", unit="mm")
    try:
        for page in source:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            out.add_page()
            out.image(buffer, x=0, y=0, w=210, h=297)
    finally:
        source.close()
    return bytes(out.output())


def _table(lines: list[str]) -> list[list[str]]:
    """A paragraph whose every line has tabs is a table: its rows' cells (else none)."""
    if all("\t" in line for line in lines):
        return [line.split("\t") for line in lines]
    return []


def html_page(text: str, title: str) -> str:
    """The text as a meeting portal's print view: the site's navigation, a cookie banner and
    buttons around the document; paragraphs as <p>, lines with tabs as table rows."""
    body = []
    for lines in _paragraphs(text):
        rows = _table(lines)
        if rows:
            cells = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in rows)
            body.append(f"<table><tbody>{cells}</tbody></table>")
        else:
            body.append("<p>" + "<br>\n".join(html.escape(line) for line in lines) + "</p>")
    return (
        '<!DOCTYPE html>\n<html lang="da"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><script>var tracking = 1;</script></head><body>"
        '<div id="cookie-banner"><p>Vi bruger cookies til statistik.</p>'
        "<button>Accepter alle</button></div>"
        '<header><a href="/">Forside</a><nav><ul><li><a href="/politik">Politik</a></li>'
        '<li><a href="/dagsordener">Dagsordener og referater</a></li></ul></nav></header>'
        '<main><p class="tools"><a href="#" onclick="print()">Udskriv</a></p>'
        + "\n".join(body)
        + '<p><a href="#top">Tilbage til toppen</a></p></main>'
        "<footer><p>Kommunen · Rådhuspladsen 1 · Telefon 89 40 20 00</p></footer>"
        "</body></html>"
    )


def docx_bytes(text: str) -> bytes:
    """The text as a Word file: lines as paragraphs, the first as a heading, tab lines as a
    table."""
    import docx

    document = docx.Document()
    paragraphs = _paragraphs(text)
    for number, lines in enumerate(paragraphs):
        rows = _table(lines)
        if rows:
            table = document.add_table(rows=0, cols=max(len(r) for r in rows))
            for row in rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    cell.text = value
            continue
        if number == 0 and len(lines) == 1:
            document.add_heading(lines[0], level=1)
            continue
        for line in lines:
            document.add_paragraph(line)
        document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
