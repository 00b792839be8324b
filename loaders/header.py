"""The document's own meeting as its header states it: which body meets, when and where.

A secretary reads this from the top of the page: a title ("Byrådet - Referat", "Dagsorden til
mødet i Udvalg for regional udvikling den 1. februar 2023 kl. 09:00"), labelled fields
("Mødedato:", "Tid og sted:", "Mødested:", "Udvalg:", the value on the same or the next line),
or, on a page that starts inside an item, the heading of the decision itself ("Beslutning i
Byrådet 27. november 2018", "Kultur- og Idrætsudvalget, 03-04-2019, pkt. 42"). Dates that
items mention ("referatet fra mødet den 31. maj") are never the meeting's, and a date printed
without its year leaves the meeting undated rather than guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from loaders.bodies import (
    BodyMention,
    BodyName,
    find_bodies,
    generic_kind,
    indefinite,
    is_body_noun,
    named_body,
)
from loaders.dates import FoundDate, find_dates
from loaders.language import cue
from loaders.structure import Line

# The header is read from at most this many lines before the first item.
HEADER_LINES = 25
# A title line is at most this long; longer lines are running text.
TITLE_LENGTH = 200
TITLE_WORDS = 25
# A title may end with a full stop only when it is this short ("Referat 3. maj 2021.").
SHORT_SENTENCE = 60
# Words in capitals ("REFERAT ÆLDRERÅDET"), read again in ordinary case for a body's name.
CAPITALS = re.compile(r"\b[A-ZÆØÅ]{3,}(?:[ -][A-ZÆØÅ]{2,})*\b")


@dataclass
class Header:
    """What the header says of the meeting; ``how`` tells where each part was read."""

    body: BodyMention | None = None
    date: FoundDate | None = None
    lines: list[Line] = field(default_factory=list)  # the lines that state body or date
    start_time: str | None = None
    end_time: str | None = None
    location: str | None = None
    how: list[str] = field(default_factory=list)
    agenda_word: bool = False  # the title calls the document an agenda
    minutes_word: bool = False  # ... or minutes, a protocol

    @property
    def span(self) -> tuple[int, int]:
        if not self.lines:
            return (0, 0)
        return min(line.start for line in self.lines), max(line.end for line in self.lines)


@dataclass(frozen=True)
class _Field:
    kind: str  # date | place | body
    line: Line  # the label's line
    value: Line  # the line holding the value (the label's own or the next)
    value_start: int


def _fields(lines: list[Line]) -> list[_Field]:
    found: list[_Field] = []
    for index, line in enumerate(lines):
        match = cue("header_field").match(line.text)
        if match is None:
            continue
        kind = next(k for k in ("date", "place", "body") if match.group(k))
        if match.group("value").strip():
            found.append(_Field(kind, line, line, line.start + match.start("value")))
        elif index + 1 < len(lines):
            following = lines[index + 1]
            found.append(_Field(kind, line, following, following.start))
    return found


def _dated(text: str, line: Line, start: int | None = None) -> FoundDate | None:
    """The first date with its year printed in a line."""
    for found in find_dates(text, None, line.start if start is None else start, line.end):
        if found.year_given:
            return found
    return None


def _meeting_body(text: str, line: Line, start: int | None = None) -> BodyMention | None:
    """The body a header line names: an organ or group before a municipality or region, which
    is more often the site's name than the meeting's body."""
    bodies = find_bodies(text, line.start if start is None else start, line.end)
    own = [b for b in bodies if b.body.kind not in ("municipality", "region")]
    chosen = own or bodies
    return chosen[0] if chosen else None


def read_header(text: str, lines: list[Line], header_end: int) -> Header:
    """Body, date, time and place of the meeting from the lines before ``header_end``."""
    header = Header()
    top = [line for line in lines if line.start < header_end][:HEADER_LINES]
    top = [line for line in top if not cue("earlier_meeting").search(line.text)]
    fields = _fields(top)
    for found in fields:
        if found.kind == "date":
            if header.date is None:
                header.date = _dated(text, found.value, found.value_start)
                if header.date is not None:
                    header.lines.append(found.value)
                    header.how.append("date field")
            _times(header, text[found.value_start : found.value.end])
        elif found.kind == "place" and header.location is None:
            value = text[found.value_start : found.value.end].strip().rstrip(",.")
            if found.value is found.line and ":" not in found.line.text:
                value = found.line.text.strip()  # "Mødelokale 1": the room is the place
            header.location = value or None
        elif found.kind == "body" and header.body is None:
            header.body = _meeting_body(text, found.value, found.value_start) or _named_body(
                text, found.value, found.value_start
            )
            if header.body is not None:
                header.lines.append(found.value)
                header.how.append("body field")
    field_lines = {f.line.start for f in fields} | {f.value.start for f in fields}
    titles = [line for line in top if line.start not in field_lines and _title_like(line)]
    for line in titles:
        header.agenda_word = header.agenda_word or bool(cue("agenda_word").search(line.text))
        header.minutes_word = header.minutes_word or bool(cue("minutes_word").search(line.text))
    for line in titles:
        dated = _dated(text, line) if header.date is None else None
        if dated is not None:
            header.date = dated
            header.lines.append(line)
            header.how.append("title")
            _times(header, text[dated.end : line.end])
            if header.body is None:
                header.body = _own_body(text, line) or _body_in_other_words(text, line)
    if header.body is None:
        for line in titles:
            body = _own_body(text, line)
            if body is not None and _names_the_meeting(line, body):
                header.body = body
                header.lines.append(line)
                header.how.append("title")
                break
    if header.body is None:
        for line in titles:
            body = _body_in_other_words(text, line)
            if body is not None:
                header.body = body
                header.lines.append(line)
                header.how.append("title")
                break
    return header


def _body_in_other_words(text: str, line: Line) -> BodyMention | None:
    """A title that names its body in a way running text does not: in capitals ("REFERAT
    ÆLDRERÅDET"), in quotes (Udvalget "Læring og Trivsel"), or by its meeting
    ("Bestyrelsesmøde 29. januar 2016", "Referat af skolebestyrelsesmøde")."""
    quoted = cue("quoted_body").search(text, line.start, line.end)
    if quoted:
        name = quoted.group("body")
        return BodyMention(quoted.start(), quoted.end(), name,
                           BodyName(name, "committee", generic=True))
    for capitals in CAPITALS.finditer(text, line.start, line.end):
        titled = capitals.group().title()
        for found in find_bodies(titled):
            if found.body.kind not in ("municipality", "region") and len(titled) == len(
                capitals.group()
            ):
                start = capitals.start() + found.start
                return BodyMention(start, capitals.start() + found.end, found.text, found.body)
    before_genre = cue("title_body_before_genre").match(text, line.start, line.end)
    if before_genre:
        name = before_genre.group("body").strip()
        return BodyMention(before_genre.start("body"), before_genre.start("body") + len(name),
                           name, named_body(name))
    named = cue("title_meeting_of").match(text, line.start, line.end)
    if named:
        name = named.group("body")
        return BodyMention(named.start("body"), named.end("body"), name, named_body(name))
    if cue("agenda_word").search(line.text) or cue("minutes_word").search(line.text):
        # "Referat Bestyrelsen", "Dagsorden for Ældrerådet": the body by its noun alone
        for word in re.finditer(r"[A-ZÆØÅ][a-zæøå]+", line.text):
            if is_body_noun(word.group()):
                start = line.start + word.start()
                name = word.group()
                body = BodyName(indefinite(name).capitalize(), generic_kind(name), generic=True)
                return BodyMention(start, start + len(name), name, body)
    compound = cue("meeting_of_noun").search(text, line.start, line.end)
    if compound:
        noun = compound.group("body")
        label = noun[:1].upper() + noun[1:]
        return BodyMention(compound.start("body"), compound.end("body"), noun, named_body(label))
    return None


def _own_body(text: str, line: Line) -> BodyMention | None:
    """A body in a title line that can hold a meeting: not the municipality or region whose
    site the page is ("Frederikssund Kommunes logo")."""
    body = _meeting_body(text, line)
    return body if body is not None and body.body.kind not in ("municipality", "region") else None


def _named_body(text: str, line: Line, start: int) -> BodyMention | None:
    """The value of a labelled body field ("Udvalg: Social og sundhed") is the body's name,
    whatever its wording."""
    found = _body_in_other_words(text, line)
    if found is not None:
        return found
    name = " ".join(text[start : line.end].split()).strip(" .:")
    if not name or len(name) > 80 or not name[:1].isupper():
        return None
    return BodyMention(start, start + len(text[start : line.end].rstrip()), name, named_body(name))


def _names_the_meeting(line: Line, body: BodyMention) -> bool:
    """An undated title line that names the meeting's body, not prose that mentions a body:
    it calls the document an agenda or minutes, or is little more than the body's name."""
    if cue("agenda_word").search(line.text) or cue("minutes_word").search(line.text):
        return True
    rest = (line.text[: body.start - line.start] + line.text[body.end - line.start :]).split()
    return len(rest) <= 3


def _title_like(line: Line) -> bool:
    """A line that can be a title: short, not a sentence of running text."""
    stripped = line.text.strip().lstrip("• ")
    if len(stripped) > TITLE_LENGTH or len(stripped.split()) > TITLE_WORDS:
        return False
    if stripped[:1].islower() and (len(stripped) > SHORT_SENTENCE or stripped.endswith(".")):
        return False  # a sentence running on from the line above
    return not (stripped.endswith((".", ",")) and len(stripped) > SHORT_SENTENCE)


def _times(header: Header, text: str) -> None:
    """The meeting's start and end from the text after its date ("kl. 15:00 - 18:00")."""
    if header.start_time is not None:
        return
    match = cue("meeting_time").search(text)
    if match is None:
        return
    header.start_time = _clock(match.group("start"))
    header.end_time = _clock(match.group("end")) if match.group("end") else None


def _clock(value: str) -> str:
    hours, minutes = value.replace(".", ":").split(":")
    return f"{int(hours):02d}:{minutes}"


def decision_headings(text: str, lines: list[Line]) -> list[tuple[BodyMention, FoundDate, Line]]:
    """The dated decision headings of the document ("Beslutning i Byrådet 27. november 2018")."""
    found = []
    for line in lines:
        if len(line.text) > 160 or not cue("decision_heading").match(line.text):
            continue
        dated = _dated(text, line)
        body = _meeting_body(text, line)
        if dated is not None and body is not None:
            found.append((body, dated, line))
    return found


def fill_from_decisions(header: Header, text: str, lines: list[Line]) -> None:
    """A page without a header of its own: the meeting whose decisions it records.

    The body and date most decision headings name; when the header named a body, the
    headings of that body.
    """
    if header.body is not None and header.date is not None:
        return
    headings = decision_headings(text, lines)
    if header.body is not None:
        headings = [h for h in headings if h[0].body.name == header.body.body.name] or headings
    if not headings:
        return
    counts = Counter((h[0].body.name, h[1].value) for h in headings)
    (name, when), _ = max(counts.items(), key=lambda kv: kv[1])
    body, dated, line = next(
        h for h in reversed(headings) if (h[0].body.name, h[1].value) == (name, when)
    )
    if header.date is None:
        header.date = dated
        header.how.append("decision heading")
        header.lines.append(line)
    if header.body is None:
        header.body = body
        if line not in header.lines:
            header.lines.append(line)
        header.how.append("decision heading")
