"""Layout of a cleaned document: lines, numbered headings, labelled sections, sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from loaders.language import danish

CASE_NUMBER = re.compile(
    r"\b(?:SAG|Sag|sag)[- ]?\d{4}[- ]\d{3,6}\b|\b\d{2}\.\d{2}\.\d{2}-[A-Z]\d{2}-\d+-\d{2}\b"
)
# "3.1. Title", "12. Title", "• 8. Title"; a number alone in a table row is not a heading.
HEADING = re.compile(
    r"^(?:• )?(?:(?:Punkt|Pkt\.|Sag|Dagsordenspunkt)[ ]+)?"
    r"(?P<number>\d{1,2}(?:\.\d{1,2})?)[.:]?[ \t]+(?P<title>\S.*)$")
TABLE_ROW = re.compile(r"^(?P<number>\d{1,2})\t(?P<title>[^\t]+)")
# A sentence ends at . ! ? before a capital or a bullet, but not after an abbreviation
# ("d. 14. september", "bl.a. KL", "jf. punkt 3").
SENTENCE_END = re.compile(
    r"(?<!\bd\.)(?<!\bbl\.a\.)(?<!\bf\.eks\.)(?<!\bjf\.)(?<!\bca\.)(?<!\bkl\.)(?<!\bnr\.)"
    r"(?<!\bpr\.)(?<!\bevt\.)(?<!\bv\.)(?<![ .][A-ZÆØÅ]\.)"
    r"(?<=[.!?])(?:[ \n]+)(?=[A-ZÆØÅ•])|\n(?=• )"
)


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Heading:
    number: str
    title: str
    line: Line


def lines_of(text: str) -> list[Line]:
    """The lines of a clean text with their offsets."""
    lines, offset = [], 0
    for raw in text.split("\n"):
        lines.append(Line(offset, offset + len(raw), raw))
        offset += len(raw) + 1
    return lines


@cache
def section_labels() -> dict[str, str]:
    """Map a section label (lower case) to its kind: background, recommendation, decision ..."""
    labels: dict[str, str] = {}
    for kind, words in danish()["sections"].items():
        for word in words:
            labels[word.casefold()] = kind
    return labels


def section_label(line: str) -> tuple[str, str] | None:
    """If ``line`` opens a labelled section, its kind and the text after the label."""
    stripped = line.strip().lstrip("• ").strip()
    lower = stripped.casefold()
    for label, kind in sorted(section_labels().items(), key=lambda kv: -len(kv[0])):
        if lower == label or lower.startswith(label + ":") or lower == label + ":":
            rest = stripped[len(label) :].lstrip(":").strip()
            return kind, rest
        # "Beslutning i Direktionen den 15-09-2021" opens a decision section with a context.
        if (
            kind == "decision"
            and lower.startswith(label + " ")
            and len(stripped) < 80
            and not lower.startswith(label + " af")
        ):
            return kind, ""
    if lower.startswith("det indstilles") or re.match(r"^\w+ indstiller,? at", lower):
        return "recommendation", stripped
    return None


def numbered_headings(lines: list[Line]) -> list[Heading]:
    """Numbered item headings of the body text (table-of-contents rows excluded)."""
    found = []
    for line in lines:
        match = HEADING.match(line.text)
        if match and not TABLE_ROW.match(line.text):
            title = match.group("title").strip()
            if title[:1].isupper() or title[:1].isdigit():
                found.append(Heading(match.group("number"), title, line))
    return found


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def item_headings(lines: list[Line]) -> list[Heading]:
    """The headings that are agenda items.

    With two-level numbering ("3.1.") the items are the second level and single numbers are
    section headings; otherwise the items are the longest run of headings numbered 1, 2, 3 ...
    in order, which skips numbered lists inside the text.
    """
    headings = numbered_headings(lines)
    two_level = [h for h in headings if "." in h.number]
    if len(two_level) >= 2:
        return _increasing(two_level)
    single = [h for h in headings if "." not in h.number]
    return _longest_sequence(single)


def _increasing(headings: list[Heading]) -> list[Heading]:
    result: list[Heading] = []
    for heading in headings:
        if not result or _number_key(heading.number) > _number_key(result[-1].number):
            result.append(heading)
    return result


def _longest_sequence(headings: list[Heading]) -> list[Heading]:
    """The longest run 1, 2, 3 ... (each number once, in document order).

    One pass: for each next number expected, keep the first run that waits for it (an
    earlier run is at least as long as a later one waiting for the same number).
    """
    waiting: dict[int, list[Heading]] = {}
    best: list[Heading] = []
    for heading in headings:
        number = int(heading.number)
        run = waiting.pop(number, None)
        if run is None and number == 1:
            run = []
        if run is None:
            continue
        run = [*run, heading] if len(run) < 200 else run
        waiting.setdefault(number + 1, run)
        if len(run) > len(best):
            best = run
    return best


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]``.

    A sentence ends at . ! ? before a capital (not after an abbreviation), before a list
    bullet, and after a short line without final punctuation (a heading).
    """
    stop = len(text) if end is None else end
    cuts = [(b.start(), b.end()) for b in SENTENCE_END.finditer(text, start, stop)]
    for line in lines_of(text[start:stop]):
        line_end = start + line.end
        stripped = line.text.strip()
        if (
            stripped
            and len(stripped) < 60
            and not re.search(r"[.,;:!?\-–]$|\b(?:og|i|for|af|til|med|den|de|det)$", stripped)
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
