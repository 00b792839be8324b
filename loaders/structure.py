"""Layout of a cleaned document: lines, numbered headings, labelled sections, sentences.

Item headings come in many numberings ("3.1.", "12.", "Punkt 1.", "Pkt. 42", "Sag nr. 246",
"1)"), sometimes twice (in a list of contents and in the body), sometimes with the number on
a line of its own and the title on the next. The items of a document are the longest chain
of such headings whose numbers rise in small steps; lists inside an item ("1. at budgettet
godkendes", "1. Afbud. Der var afbud fra ...") and lines claimed by the attendance block are
never items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from loaders.dates import find_dates
from loaders.language import cue, danish

TABLE_ROW = re.compile(r"^(?P<number>\d{1,2})\t(?P<title>[^\t]+)")
# A number that is a clock time in a programme ("9.00 Velkomst", "10.30 - 11.00 Pause").
CLOCK = re.compile(r"^[0-2]?\d[.:][0-5]\d$")
CLOCK_RANGE = re.compile(r"\d[.:][0-5]\d\s*[-–]\s*[0-2]?\d[.:][0-5]\d")
# A title that runs on into a sentence ("Afbud. Der var afbud fra ...").
SENTENCE_INSIDE = re.compile(r"[a-zæøå)]{2}\.[ ]+[A-ZÆØÅ]\S*[ ]+\S+[ ]+\S+")
# The largest step between the numbers of consecutive items (closed items may be left out).
MAX_STEP = 6
MAX_TITLE = 250
# Besides a capital, what a title may begin with: a quote or a digit.
TITLE_FIRST = "\"”“'«0123456789"
# A sentence ends at . ! ? before a capital or a bullet, but not after an abbreviation
# ("d. 14. september", "bl.a. KL", "jf. punkt 3").


@cache
def _sentence_end() -> re.Pattern[str]:
    abbreviations = "".join(
        rf"(?<!\b{re.escape(a)})" for a in danish()["abbreviations"]
    )
    return re.compile(
        abbreviations + r"(?<![ .][A-ZÆØÅ]\.)(?<=[.!?])(?:[ \n]+)(?=[A-ZÆØÅ•])|\n(?=• )"
    )


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    flattened: bool = False  # a part of a longer line of a flattened transcript


@dataclass(frozen=True)
class Heading:
    """An item heading: its printed number ("" when none is printed), title and line.

    ``title_line`` is the line holding the title when the number stands alone on ``line``;
    ``contents`` marks a line of a list of contents rather than the item's own heading.
    """

    number: str
    title: str
    line: Line
    title_line: Line | None = None
    contents: bool = False

    @property
    def end(self) -> int:
        return (self.title_line or self.line).end


def lines_of(text: str) -> list[Line]:
    """The lines of a clean text with their offsets."""
    lines, offset = [], 0
    for raw in text.split("\n"):
        lines.append(Line(offset, offset + len(raw), raw))
        offset += len(raw) + 1
    return lines


@cache
def section_labels() -> tuple[tuple[str, str], ...]:
    """Section labels (lower case) with their kinds, longest first."""
    labels: dict[str, str] = {}
    for kind, words in danish()["sections"].items():
        for word in words:
            labels[word.casefold()] = kind
    return tuple(sorted(labels.items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=8192)
def section_label(line: str) -> tuple[str, str] | None:
    """If ``line`` opens a labelled section, its kind and the text after the label (cached:
    the detector, the header, attendance and items all ask of the same lines)."""
    stripped = cue("pipe_cell").sub(" ", line).strip().lstrip("• ").strip()
    stripped = cue("label_chrome").sub("", stripped)
    if line.lstrip().startswith("|"):
        stripped = re.sub(r"\s+", " ", stripped)
    lower = stripped.casefold()
    for label, kind in section_labels():
        if lower == label or lower.startswith((label + ":", label + " :")):
            rest = stripped[len(label) :].lstrip(" :").strip()
            return kind, rest
        if lower.startswith(label + " ") and line.lstrip().startswith("|"):
            return kind, stripped[len(label) :].strip()
    if cue("decision_heading").match(stripped) and len(stripped) <= 140:
        after = re.search(r":[ ]+(?P<rest>\S.*)$", stripped)
        return "decision", after.group("rest") if after else ""
    if cue("recommends").match(stripped):
        return "recommendation", stripped
    return None


def _heading(
    line: Line, following: Line | None, after: Line | None = None, previous: Line | None = None
) -> Heading | None:
    """The item heading ``line`` is, if it is one. A heading that reads on into a sentence
    ("2. Forskellige meddelelser. Orientering ved borgmesteren") counts only when a labelled
    section follows it (``following`` or the line ``after`` that)."""
    match = cue("item_heading").match(line.text)
    if match is None or TABLE_ROW.match(line.text):
        return None
    number = match.group("number")
    title = (match.group("title") or match.group("glued") or "").strip()
    if match.group("sep") is None and match.group("prefix") is None and title[:1].isdigit():
        inner = line.text.find(title)
        # "3 1. Godkendelse af dagsorden": a transcript's page number before the heading.
        return _heading(Line(line.start + inner, line.end, title, line.flattened), following, after)
    prefixed = match.group("prefix") is not None
    if match.group("sep") == ")" and line.text.lstrip().startswith("•"):
        return None  # "• 1) ..." is a list inside an item
    if not prefixed and (re.fullmatch(r"(?:19|20)\d{2}", number) or _is_clock(number, line.text)):
        return None
    if not prefixed and _starts_with_date(line.text):
        return None  # "25. February 2020": a date, not item 25
    title_line = None
    if not title:
        if not (prefixed or line.text.strip().endswith((".", ")"))):
            return None
        nxt = following.text.strip() if following else ""
        if following is not None and not (
            cue("item_heading").match(nxt) or section_label(nxt) is not None or ":" in nxt
        ):
            title_line, title = following, nxt
        elif prefixed and previous is not None and _is_title_above(previous):
            # "Spørgetid\nSag nr. 129\nBeslutningskompetence: KB": the title stands above.
            return Heading(number, previous.text.strip(), previous, previous)
        else:
            return None
    title = cue("title_chrome").sub("", title).strip()
    if not title or len(title) > MAX_TITLE or not (title[:1].isupper() or title[:1] in TITLE_FIRST):
        return None
    if cue("list_entry").match(title):
        return None
    if not prefixed and cue("inline_numbering").search(title):
        return None
    if not prefixed and SENTENCE_INSIDE.search(title[:80]) and not any(
        other is not None and section_label(other.text) is not None
        for other in (following, after)
    ):
        return None
    contents = cue("contents_page").search(title) is not None and title_line is None
    if contents:
        title = cue("contents_page").sub("", title).strip()
    return Heading(number, title, line, title_line, contents)


def _is_title_above(line: Line) -> bool:
    text = line.text.strip()
    return (
        bool(text)
        and text[:1].isupper()
        and len(text) <= MAX_TITLE
        and section_label(text) is None
        and not cue("item_heading").match(text)
        and not text.endswith((".", ":"))
    )


def _starts_with_date(text: str) -> bool:
    found = next(find_dates(text.strip().lstrip("• ")), None)
    return found is not None and found.start == 0


def _is_clock(number: str, text: str) -> bool:
    return CLOCK.match(number) is not None and (
        CLOCK_RANGE.search(text) is not None or number.endswith(("00", "15", "30", "45"))
    )


# A list printed as "1." for every item has at least this many.
RENUMBERED = 3
# A line longer than this may be a flattened transcript of several lines.
FLATTENED = 150
# The page number a transcript's page starts with ("1 Referat fra møde i ...").
PAGE_NUMBER = re.compile(r"\d{1,3}(?=[ ][A-ZÆØÅ])")


def split_flattened(lines: list[Line]) -> list[Line]:
    """Lines of a flattened PDF transcript ("1 Dagsorden Forum: Handicaprådet Tid: 14. marts
    2018 ... 1. Godkendelse af referat 2. Valg af formand ..."), read as the lines they were:
    broken before each inline label and before numbered headings that follow on one another.
    The parts are spans of the same clean text, so offsets are unchanged."""
    result: list[Line] = []
    for line in lines:
        cuts = {m.start() for m in cue("inline_label").finditer(line.text)}
        if len(line.text) > FLATTENED:
            page = PAGE_NUMBER.match(line.text)
            if page:
                cuts.add(page.end())
            cuts |= _inline_headings(line.text)
        cuts = {c for c in cuts if 0 < c < len(line.text)}
        previous = 0
        for cut in [*sorted(cuts), len(line.text)]:
            part = line.text[previous:cut]
            if part.strip():
                lead = len(part) - len(part.lstrip())
                begin = line.start + previous + lead
                result.append(Line(begin, begin + len(part.strip()), part.strip(), True))
            previous = cut
    return result


def _inline_headings(text: str) -> set[int]:
    """Where the numbered headings inside one line begin: runs of numbers rising by one or
    two ("1. ... 2. ... 4. ..."), at least two in a run."""
    found = [
        (m.start(), int(m.group("number")))
        for m in cue("inline_heading").finditer(text)
        if not cue("number_reference").search(text, 0, m.start())
    ]
    if len(found) == 1 and found[0][0] > 0:
        return {found[0][0]}  # one item heading glued to the page header before it
    cuts: set[int] = set()
    run: list[tuple[int, int]] = []
    for start, number in found:
        if run and 1 <= number - run[-1][1] <= 2:
            run.append((start, number))
            continue
        if len(run) >= 2:
            cuts.update(s for s, _ in run)
        run = [(start, number)]
    if len(run) >= 2:
        cuts.update(s for s, _ in run)
    return cuts


def numbered_headings(lines: list[Line], claimed: frozenset[int] = frozenset()) -> list[Heading]:
    """Every line shaped like a numbered item heading, except lines ``claimed`` (by start
    offset) by another reader, such as the attendance block."""
    found = []
    in_list = False
    for index, line in enumerate(lines):
        if line.start in claimed:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        after = lines[index + 2] if index + 2 < len(lines) else None
        previous = lines[index - 1] if index else None
        heading = _heading(line, following, after, previous)
        if heading is None:
            in_list = False
            continue
        # A numbered list that a recommendation or a sentence opens ("... indstiller, at:",
        # "Indstilling" then "1. Godkende flytning ..."), not a list of items ("Dagsorden:").
        in_list = in_list or (index > 0 and _opens_list(lines[index - 1]))
        if not in_list:
            found.append(heading)
    return found


def _opens_list(line: Line) -> bool:
    text = line.text.strip()
    label = section_label(text)
    if label is not None and label[0] == "recommendation" and not label[1]:
        return True
    return text.endswith((":", ",")) and not cue("agenda_word").search(text) and not (
        cue("list_of_items").search(text)
    )


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part)


def item_headings(lines: list[Line], claimed: frozenset[int] = frozenset()) -> list[Heading]:
    """The headings that are agenda items, one per item (a repeated heading is merged into its
    first occurrence).

    With two-level numbering ("3.1.") the items are the second level and single numbers are
    section headings; otherwise the items are the longest chain of headings whose numbers
    rise by at most MAX_STEP, which skips numbered lists inside the text.
    """
    headings = numbered_headings(lines, claimed)
    two_level = [h for h in headings if h.number.count(".") == 1]
    if len(two_level) >= 2:
        return _merge_repeats(_relocated(_increasing(two_level), two_level))
    single = _renumbered([h for h in headings if "." not in h.number])
    return _merge_repeats(_relocated(_longest_chain(single), single))


def _renumbered(headings: list[Heading]) -> list[Heading]:
    """A list whose renderer printed every item as "1." ("1. A", "1. B", "1. C"): the items are
    numbered by their position."""
    ones = [h for h in headings if h.number == "1"]
    distinct = {h.title for h in ones}
    if len(ones) < RENUMBERED or len(distinct) < len(ones) or len(ones) < len(headings) / 2:
        return headings
    return [replace(h, number=str(position)) for position, h in enumerate(headings, start=1)]


def same_heading(first: Heading, second: Heading) -> bool:
    """Two headings that print the same item: the same number and a like (or no) title."""
    if first.number != second.number:
        return False
    a, b = first.title.casefold(), second.title.casefold()
    return not a or not b or a.startswith(b[:20]) or b.startswith(a[:20])


def _relocated(chain: list[Heading], headings: list[Heading]) -> list[Heading]:
    """Items first seen in a list of contents (headings on consecutive lines) and printed again
    as headings further down: each item is its body heading, where its text is."""
    chosen = {id(h) for h in chain}
    result: list[Heading] = []
    for heading in chain:
        again = next(
            (
                h
                for h in headings
                if h.line.start > heading.line.start
                and id(h) not in chosen
                and same_heading(heading, h)
            ),
            None,
        )
        if again is not None and _in_contents(heading, headings):
            chosen.add(id(again))
            heading = again
        result.append(heading)
    return result


def _in_contents(heading: Heading, headings: list[Heading]) -> bool:
    """A heading with another heading on the line right before or after it."""
    return any(h is not heading and _adjacent(h, heading) for h in headings)


def _adjacent(first: Heading, second: Heading) -> bool:
    low, high = sorted((first, second), key=lambda h: h.line.start)
    return 0 <= high.line.start - low.line.end <= 3


def _increasing(headings: list[Heading]) -> list[Heading]:
    result: list[Heading] = []
    for heading in headings:
        if not result or _number_key(heading.number) >= _number_key(result[-1].number):
            result.append(heading)
    return result


def _longest_chain(headings: list[Heading]) -> list[Heading]:
    """The longest run of headings in document order whose numbers rise by 1..MAX_STEP, a
    number repeated right after itself (the same heading printed twice) kept in the run.

    Linear: for each number, the best run ending there so far (length, index, previous).
    """
    best_at: dict[int, tuple[int, int]] = {}  # number -> (length, index of its last heading)
    previous: list[int | None] = []
    lengths: list[int] = []
    for index, heading in enumerate(headings):
        number = int(heading.number)
        repeat = best_at.get(number)
        if repeat is not None and repeat[1] == index - 1 and same_heading(
            headings[index - 1], heading
        ):
            previous.append(repeat[1])
            lengths.append(repeat[0])
            best_at[number] = (repeat[0], index)
            continue
        before = [best_at[n] for n in range(number - MAX_STEP, number) if n in best_at]
        length, link = max(before, default=(0, None), key=lambda pair: pair[0])
        previous.append(link)
        lengths.append(length + 1)
        if repeat is None or length + 1 >= repeat[0]:
            best_at[number] = (length + 1, index)
    if not headings:
        return []
    end: int | None = max(range(len(headings)), key=lambda i: (lengths[i], -i))
    chain: list[Heading] = []
    while end is not None:
        chain.append(headings[end])
        end = previous[end]
    return list(reversed(chain))


def _merge_repeats(headings: list[Heading]) -> list[Heading]:
    """One heading per item: a heading printed again (the body's after the contents list's,
    "Pkt. 42" twice) is the same item. The contents line gives way to the body's heading."""
    merged: list[Heading] = []
    for heading in headings:
        if merged and same_heading(merged[-1], heading):
            first = merged[-1]
            if first.contents and not heading.contents:
                merged[-1] = heading
            continue
        merged.append(heading)
    return merged


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]``.

    A sentence ends at . ! ? before a capital (not after an abbreviation), before a list
    bullet, and after a short line without final punctuation (a heading).
    """
    stop = len(text) if end is None else end
    cuts = [(b.start(), b.end()) for b in _sentence_end().finditer(text, start, stop)]
    for line in lines_of(text[start:stop]):
        line_end = start + line.end
        stripped = line.text.strip()
        if (
            stripped
            and len(stripped) < 60
            and not re.search(r"[.,;:!?\-–]$", stripped)
            and not cue("open_line_end").search(stripped)
            and line_end < stop
            and text[line_end + 1 : line_end + 2].isupper()
        ):
            cuts.append((line_end, line_end + 1))
    spans, cursor = [], start
    for cut_start, cut_end in sorted(set(cuts)):
        if cut_start < cursor:
            continue
        if cut_start > cursor:
            spans.append((cursor, cut_start))
        cursor = cut_end
    if cursor < stop:
        spans.append((cursor, stop))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def sentence_around(text: str, position: int, limit: int = 400) -> tuple[int, int]:
    """The span of the sentence (or list line) that holds ``position``."""
    left = max(
        text.rfind(". ", max(0, position - limit), position) + 2,
        text.rfind("\n", max(0, position - limit), position) + 1,
        text.rfind(": ", max(0, position - limit), position) + 2,
        max(0, position - limit),
    )
    right_candidates = [
        i
        for i in (text.find(". ", position), text.find(".\n", position), text.find("\n", position))
        if i != -1
    ]
    right = min(right_candidates) if right_candidates else len(text)
    return left, min(right + 1 if text[right : right + 1] == "." else right, position + limit)
