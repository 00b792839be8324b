"""Clean-up of extracted text, done once, with every offset mapped back to the source.

Two passes, each keeping a map from its output back to its input:
- *repair* fixes the characters: HTML character references left by web pages, mojibake
  (UTF-8 read as Latin-1 or as an old DOS code page, with ftfy and the code pages of cues.yaml's
  neighbour danish.yaml), typographic ligatures, soft hyphens and zero-width characters;
- *layout* drops page footers, page numbers, URL footnotes and the web chrome of meeting
  portals ("Til toppen", "Udskriv", cookie banners), repeated page headers, bullet glyphs and
  markdown emphasis, and joins words hyphenated across lines and names broken over lines.
The parsers work on ``CleanText.text``; every character of it remembers where it came from,
so an evidence span found in the clean text is reported as the exact span of the original.
"""

from __future__ import annotations

import bisect
import difflib
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import ftfy

from loaders.language import cue, danish
from loaders.structure import section_label

URL_LINE = re.compile(r"^[ \t]*(?:https?://|www\.)\S+[ \t]*$")
LEADING_MARKS = re.compile(
    r"^(?:[ \t\uf0b7\uf0a7\u2022\u25aa\u00b7\u25e6\u2023\u0335]|[–—\-o*](?=[ \t]))+"
)
INLINE_MARKUP = re.compile(r"\*\*|\*|</?p>|</?b>|</?strong>|</?em>")
# ASCII control characters other than tab (ftfy removes most of them): a line without
# them and without non-ASCII characters has nothing to repair.
ASCII_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
# An HTML character reference left in text taken from a web page ("L&oslash;vstr&oslash;m").
HTML_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# Characters that carry no text: soft hyphen, zero-width space and joiners, byte-order mark.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# A word holding a box-drawing or similar character: UTF-8 read as a DOS code page
# ("Regionsr\u251c\u0105det" for "Regionsrådet").
CODE_PAGE_MOJIBAKE = re.compile(r"\S*[\u2500-\u259f\u0100-\u017f]\S*")
FIX = ftfy.TextFixerConfig(
    uncurl_quotes=False, fix_line_breaks=False, unescape_html=False, normalization="NFC"
)
# A line repeated this often, short and holding a digit, is a running page header.
RUNNING_HEADER_REPEATS = 3


@dataclass
class OffsetMap:
    """Where each character of a derived text came from in the text it was derived from.

    Parallel lists: the derived offset where a segment begins, its origin start and end. A
    verbatim segment maps character by character; a synthetic one (a space standing for a run
    of layout, a repaired letter) maps to the whole run it replaced.
    """

    starts: list[int] = field(default_factory=list)
    origin_starts: list[int] = field(default_factory=list)
    origin_ends: list[int] = field(default_factory=list)
    verbatim: list[bool] = field(default_factory=list)

    def add(self, start: int, origin_start: int, origin_end: int, verbatim: bool) -> None:
        self.starts.append(start)
        self.origin_starts.append(origin_start)
        self.origin_ends.append(origin_end)
        self.verbatim.append(verbatim)

    def offset(self, position: int) -> int:
        """Origin offset of the derived character at ``position``."""
        index = max(0, bisect.bisect_right(self.starts, position) - 1)
        if self.verbatim[index]:
            return self.origin_starts[index] + position - self.starts[index]
        return self.origin_starts[index]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Origin span ``[s, e)`` of the derived span ``[start, end)`` (end exclusive)."""
        if end <= start:
            raise ValueError(f"empty span {start}..{end}")
        index = max(0, bisect.bisect_right(self.starts, end - 1) - 1)
        if self.verbatim[index]:
            last = self.origin_starts[index] + end - self.starts[index]
        else:
            last = self.origin_ends[index]
        return self.offset(start), last


@dataclass
class Removed:
    """A line taken out of the clean text (a footer, a URL, web chrome), with its source span."""

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
    repaired: str = ""  # the source with its characters repaired: what the layout pass read
    repairs: int = 0  # how many places the repair pass changed
    _layout: OffsetMap = field(default_factory=OffsetMap)  # clean -> repaired
    _repair: OffsetMap | None = None  # repaired -> source; None when nothing was repaired

    def source_offset(self, clean: int) -> int:
        """Source offset of the clean character at ``clean``."""
        offset = self._layout.offset(clean)
        return self._repair.offset(offset) if self._repair else offset

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source span ``[s, e)`` of the clean span ``[start, end)`` (end exclusive)."""
        first, last = self._layout.span(start, end)
        if self._repair is None or last <= first:
            return first, last
        return self._repair.span(first, last)

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


@cache
def _code_pages() -> tuple[str, ...]:
    return tuple(danish()["mojibake_code_pages"])


def _undo_code_page(word: str) -> str:
    """ "Regionsr\u251c\u0105det" -> "Regionsrådet": re-encode in the code page it was read as."""
    for code_page in _code_pages():
        try:
            fixed = word.encode(code_page).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != word:
            return fixed
    return word


def repair_line(line: str) -> str:
    """One line with its characters repaired (mojibake, HTML character references, ligatures,
    invisible characters)."""
    if line.isascii() and not ASCII_CONTROL.search(line) and "&" not in line:
        return line  # most lines of most documents
    unescaped = HTML_ENTITY.sub(lambda m: html.unescape(m.group()), line)
    fixed = ftfy.fix_text(INVISIBLE.sub("", unescaped), FIX)
    return CODE_PAGE_MOJIBAKE.sub(lambda m: _undo_code_page(m.group()), fixed)


def repair(source: str) -> tuple[str, OffsetMap | None, int]:
    """The source with its characters repaired, the map back, and how many places changed."""
    parts: list[str] = []
    mapping = OffsetMap()
    changes = 0
    origin = derived = 0
    for line in source.split("\n"):
        fixed = repair_line(line)
        if fixed == line:
            mapping.add(derived, origin, origin + len(line), True)
        else:
            matcher = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                changes += tag != "equal"
                if j2 == j1:
                    continue  # deleted characters (a soft hyphen) map to nothing
                mapping.add(derived + j1, origin + i1, origin + max(i2, i1 + 1), tag == "equal")
        parts.append(fixed)
        origin += len(line) + 1
        derived += len(fixed) + 1
        mapping.add(derived - 1, origin - 1, origin, True)  # the line break
    if not changes:
        return source, None, 0
    return "\n".join(parts), mapping, changes


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
        self.clean._layout.add(self.length, start, end, verbatim)
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


def _running_headers(lines: list[tuple[int, str]]) -> set[str]:
    """Short lines with a digit that recur on page after page ("Byrådet 29-01-2020")."""
    counts = Counter(
        text.strip() for _, text in lines if len(text.strip()) <= 80 and re.search(r"\d", text)
    )
    return {
        text
        for text, n in counts.items()
        if n >= RUNNING_HEADER_REPEATS
        # A label printed with every item ("Beslutning i Udvalget den 14. november 2022:",
        # "Fraværende: X") is the items' text, not the page's.
        and section_label(text) is None
        and not cue("attendance_label").match(text)
    }


def _removed_kind(raw: str, repeated: set[str], seen: set[str]) -> str | None:
    """Why a line is left out of the clean text, or None when it is kept."""
    stripped = raw.strip()
    if not stripped:
        return None
    if cue("footer").match(raw):
        return "footer"
    if URL_LINE.match(raw):
        return "url"
    if cue("chrome").match(raw):
        return "chrome"
    if stripped in repeated:
        if stripped in seen:
            return "running header"
        seen.add(stripped)
    return None


def clean(source: str) -> CleanText:
    """Clean ``source`` as described in the module docstring."""
    repaired, repair_map, repairs = repair(source)
    result = CleanText(source=source, repaired=repaired, repairs=repairs, _repair=repair_map)
    lines: list[tuple[int, str]] = []
    offset = 0
    for raw in repaired.split("\n"):
        lines.append((offset, raw))
        offset += len(raw) + 1
    repeated = _running_headers(lines)
    seen: set[str] = set()
    kept: list[tuple[int, int, list[tuple[int, str]]]] = []  # (line start, line end, pieces)
    apart: set[int] = set()  # kept lines that a dropped bullet line separates from the one before
    for start, raw in lines:
        end = start + len(raw)
        kind = _removed_kind(raw, repeated, seen)
        if kind is not None:
            first, last = (start, end)
            if repair_map is not None and end > start:
                first, last = repair_map.span(start, end)
            result.removed.append(Removed(kind, raw.strip(), first, last))
            continue
        pieces = [(s, t) for s, t in _line_pieces(raw, start) if t.strip()]
        if pieces:
            kept.append((start, end, pieces))
        elif raw.strip():
            apart.add(len(kept))  # a lone bullet between two lines: no word runs across it

    builder = _Builder(result)
    for index, (_start, end, pieces) in enumerate(kept):
        following = kept[index + 1] if index + 1 < len(kept) else None
        last_start, last_text = pieces[-1]
        next_lower = (
            following is not None
            and index + 1 not in apart
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
    if not result._layout.starts:
        builder.synthetic("", 0, 0)
    return result
