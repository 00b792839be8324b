"""Clean-up of extracted text, done once, with every offset mapped back to the source.

Documents extracted from PDFs carry page footers, URL footnotes, bullet glyphs, markdown
emphasis, words hyphenated across lines and names broken over lines. The parsers work on
``CleanText.text``, where those are gone and lines are joined where a word was split; every
character of it remembers where it came from, so an evidence span found in the clean text is
reported as the exact span of the original.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# A footer names a body and a date ("KKR Midtjylland  | 13-11-2020") or a page ("SIDE | 9").
FOOTER = re.compile(
    r"^[ \t]*(?:[A-ZÆØÅ][\w'’.\- ]{1,60}?[ \t]*\|[ \t]*\d{1,2}-\d{1,2}-\d{4}"
    r"|SIDE[ \t]*\|[ \t]*\d{1,4}|Side[ \t]+\d{1,4}(?:[ \t]+af[ \t]+\d{1,4})?|\d{1,3})[ \t]*$"
)
URL_LINE = re.compile(r"^[ \t]*(?:https?://|www\.)\S+[ \t]*$")
LEADING_MARKS = re.compile(
    r"^(?:[ \t\uf0b7\uf0a7\u2022\u25aa\u00b7\u25e6\u2023]|[–—\-o*](?=[ \t]))+"
)
INLINE_MARKUP = re.compile(r"\*\*|\*|</?p>|</?b>|</?strong>|</?em>")
GAP = re.compile(r"[ \t]*\t[ \t]*|[ ]{2,}")
SPACE = re.compile(r"[ \u00a0]+")


@dataclass
class Removed:
    """A line taken out of the clean text (a footer or a URL), with its source span."""

    kind: str
    text: str
    start: int
    end: int


@dataclass
class CleanText:
    """Clean text plus the map from each of its characters back to the source."""

    source: str
    text: str = ""
    removed: list[Removed] = field(default_factory=list)
    # Parallel lists: clean offset where a segment begins, its source start and source end.
    # A verbatim segment maps character by character; a synthetic one (a single space,
    # tab or newline standing for a run of layout) maps to the run it replaced.
    _clean_starts: list[int] = field(default_factory=list)
    _source_starts: list[int] = field(default_factory=list)
    _source_ends: list[int] = field(default_factory=list)
    _verbatim: list[bool] = field(default_factory=list)

    def source_offset(self, clean: int) -> int:
        """Source offset of the clean character at ``clean``."""
        index = bisect.bisect_right(self._clean_starts, clean) - 1
        if self._verbatim[index]:
            return self._source_starts[index] + clean - self._clean_starts[index]
        return self._source_starts[index]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source span ``[s, e)`` of the clean span ``[start, end)`` (end exclusive)."""
        if end <= start:
            raise ValueError(f"empty span {start}..{end}")
        first = self.source_offset(start)
        index = bisect.bisect_right(self._clean_starts, end - 1) - 1
        if self._verbatim[index]:
            last = self._source_starts[index] + end - 1 - self._clean_starts[index] + 1
        else:
            last = self._source_ends[index]
        return first, last

    def quote(self, start: int, end: int) -> tuple[int, int, str]:
        """The source span of a clean span and the exact source text it covers."""
        s, e = self.source_span(start, end)
        return s, e, self.source[s:e]

    def lines(self) -> list[tuple[int, str]]:
        """The clean lines with their clean start offsets."""
        result, offset = [], 0
        for line in self.text.split("\n"):
            result.append((offset, line))
            offset += len(line) + 1
        return result


class _Builder:
    def __init__(self, clean: CleanText) -> None:
        self.clean = clean
        self.parts: list[str] = []
        self.length = 0

    def verbatim(self, source_start: int, text: str) -> None:
        if text:
            self._segment(source_start, source_start + len(text), True, text)

    def synthetic(self, char: str, source_start: int, source_end: int) -> None:
        self._segment(source_start, max(source_end, source_start + 1), False, char)

    def _segment(self, start: int, end: int, verbatim: bool, text: str) -> None:
        c = self.clean
        c._clean_starts.append(self.length)
        c._source_starts.append(start)
        c._source_ends.append(end)
        c._verbatim.append(verbatim)
        self.parts.append(text)
        self.length += len(text)


BULLET = "• "


def _line_pieces(line: str, offset: int) -> list[tuple[int, str]]:
    """The visible pieces of one line as (source offset, text), markup removed.

    A leading bullet glyph or dash becomes the piece ``"• "`` (mapped to the glyph), so list
    items stay recognisable and no name or sentence runs into the next item.
    """
    lead = LEADING_MARKS.match(line)
    begin = lead.end() if lead else 0
    end = len(line.rstrip())
    pieces, cursor = [], begin
    for markup in INLINE_MARKUP.finditer(line, begin, end):
        if markup.start() > cursor:
            pieces.append((offset + cursor, line[cursor : markup.start()]))
        cursor = markup.end()
    if cursor < end:
        pieces.append((offset + cursor, line[cursor:end]))
    if lead and lead.group().strip() and pieces:
        glyph = offset + lead.start() + len(lead.group()) - len(lead.group().lstrip())
        pieces.insert(0, (-glyph - 1, BULLET))
    return pieces


def _emit_line(builder: _Builder, pieces: list[tuple[int, str]]) -> None:
    """Emit one line's pieces, with inner whitespace runs as one space or a column tab."""
    previous_end: int | None = None
    for start, text in pieces:
        if start < 0:
            glyph = -start - 1
            builder.synthetic(text, glyph, glyph + 1)
            continue
        if previous_end is not None and previous_end < start:
            builder.synthetic(" ", previous_end, start)
        cursor = 0
        for run in re.finditer(r"[ \t\u00a0]+", text):
            if run.start() == 0 and previous_end is not None:
                cursor = run.end()
                continue
            builder.verbatim(start + cursor, text[cursor : run.start()])
            gap = run.group()
            char = "\t" if ("\t" in gap or len(gap) >= 2) else " "
            if run.end() < len(text):
                builder.synthetic(char, start + run.start(), start + run.end())
            cursor = run.end()
        builder.verbatim(start + cursor, text[cursor:])
        previous_end = start + len(text)


def clean(source: str) -> CleanText:
    """Clean ``source`` as described in the module docstring."""
    result = CleanText(source=source)
    lines: list[tuple[int, str]] = []
    offset = 0
    for raw in source.split("\n"):
        lines.append((offset, raw))
        offset += len(raw) + 1

    kept: list[tuple[int, int, list[tuple[int, str]]]] = []  # (line start, line end, pieces)
    for start, raw in lines:
        end = start + len(raw)
        if FOOTER.match(raw) and raw.strip():
            result.removed.append(Removed("footer", raw.strip(), start, end))
            continue
        if URL_LINE.match(raw):
            result.removed.append(Removed("url", raw.strip(), start, end))
            continue
        pieces = [(s, t) for s, t in _line_pieces(raw, start) if t.strip()]
        if pieces:
            kept.append((start, end, pieces))

    builder = _Builder(result)
    for index, (_start, end, pieces) in enumerate(kept):
        following = kept[index + 1] if index + 1 < len(kept) else None
        last_start, last_text = pieces[-1]
        next_lower = (
            following is not None
            and re.match(r"[a-zæøåé]", following[2][0][1].lstrip()) is not None
        )
        # "uddannel-\nsesinstitutionerne" loses its hyphen; "KKR-\nformandskabet" keeps it.
        joins_word = next_lower and re.search(r"[a-zæøåé]-$", last_text) is not None
        keeps_hyphen = next_lower and re.search(r"[A-ZÆØÅ0-9]-$", last_text) is not None
        if joins_word:
            pieces = [*pieces[:-1], (last_start, last_text[:-1])]
        _emit_line(builder, [(s, t) for s, t in pieces if t])
        if following is None:
            continue
        if joins_word:
            # The hyphen and the line break vanish; the join point maps to the hyphen.
            next_start = following[2][0][0]
            lead = len(following[2][0][1]) - len(following[2][0][1].lstrip())
            kept[index + 1] = (
                following[0],
                following[1],
                [(next_start + lead, following[2][0][1].lstrip()), *following[2][1:]],
            )
            builder.synthetic("", last_start + len(last_text) - 1, next_start + lead)
        elif keeps_hyphen:
            assert following is not None
            builder.synthetic("", last_start + len(last_text), following[2][0][0])
        else:
            builder.synthetic("\n", end, following[2][0][0])
    result.text = "".join(builder.parts)
    if not result._clean_starts:
        builder.synthetic("", 0, 0)
    return result
