"""From a source document to the facts it states: clean, pick the reader, read.

Readers form a small registry: each has a detector, a parser and a title. The report reader
takes a report about bodies (KD-Net's evaluation of its groups); the meeting reader takes
every document with a meeting header, numbered items or decision fields, whatever its layout,
and labels it agenda, minutes or case by what it found. A document neither reader takes is
read with the general rules only (persons, bodies, meetings and mandates in running text), and
says so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from loaders.bodies import find_bodies
from loaders.budget import DEFAULT_SECONDS, OutOfTime, budget
from loaders.dates import YEAR
from loaders.facts import BodyFact, BodyRef, DocumentFacts, PersonRef, Span
from loaders.language import danish
from loaders.meeting import looks_like_meeting, parse_meeting_document
from loaders.mentions import find_mandates, find_mentioned_meetings
from loaders.people import find_names, strip_possessive
from loaders.report import looks_like_report, parse_report
from loaders.source import Source
from loaders.structure import lines_of, section_label
from loaders.text import clean


@dataclass(frozen=True)
class Reader:
    """One way of reading a family of documents."""

    name: str
    detects: Callable[[DocumentFacts], bool]
    parse: Callable[[DocumentFacts, frozenset[str]], None]
    title: Callable[[DocumentFacts], str | None]


def _is_report(facts: DocumentFacts) -> bool:
    text = facts.clean.text
    return looks_like_report(text) and not any(
        (found := section_label(line.text)) and found[0] == "decision" for line in lines_of(text)
    )


def _parse_report(facts: DocumentFacts, known: frozenset[str]) -> None:
    facts.genre = "report"
    parse_report(facts, known)


def _report_title(facts: DocumentFacts) -> str | None:
    """ "Rapport – KD-Net, valgperioden 2018–2021"."""
    chair = next((m.body.name for m in facts.mandates if m.role == "Chair"), None)
    period = facts.election_periods[0] if facts.election_periods else None
    if chair and period:
        return f"{cue_word('report')} – {chair}, {cue_word('election_period')} " \
               f"{period.start_year}–{period.end_year}"
    return None


def _meeting_title(facts: DocumentFacts) -> str | None:
    """ "Dagsorden – KKR Midtjylland 13-11-2020": what the document is, from its own meeting."""
    main = facts.main_meeting
    if main is None or facts.genre not in ("agenda", "minutes", "case"):
        return None
    undated = main.case_number or cue_word("undated")
    when = main.date.strftime("%d-%m-%Y") if main.date else undated
    return f"{cue_word(facts.genre)} – {main.body.name} {when}"


def cue_word(name: str) -> str:
    """A Danish word the titles use (danish.yaml's title_words)."""
    return str(danish()["title_words"][name])


READERS = (
    Reader("report", _is_report, _parse_report, _report_title),
    Reader("meeting", looks_like_meeting, parse_meeting_document, _meeting_title),
)


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        stripped = line.strip().lstrip("• ")
        if len(stripped) > 3:
            return stripped[:200]
    return ""


def _plan(facts: DocumentFacts) -> None:
    """A meeting the document mentions after its own meeting's date is planned: a calendar
    entry, "næste møde den ...". One before it may have been held; the text does not say."""
    main = facts.main_meeting
    if main is None or main.date is None:
        return
    for meeting in facts.meetings:
        if not meeting.main and meeting.date and meeting.date > main.date and not meeting.cancelled:
            meeting.status = "planned"


def _persons(facts: DocumentFacts) -> frozenset[str]:
    """Every person named, found in two passes so later mentions use names learnt earlier."""
    text = facts.clean.text
    first = find_names(text)
    known = {m.name for m in first}
    known = {strip_possessive(n, known) for n in known}
    second = find_names(text, known=frozenset(known))
    for match in second:
        name = strip_possessive(match.name, known)
        facts.persons.append(PersonRef(name, Span(match.start, match.end)))
    return frozenset(known)


LISTED_WITH_DESCRIPTION = re.compile(
    r"^• (?P<body>[^(\n]{2,80}?) \((?P<description>[^)]{10,300})\)", re.MULTILINE
)


def _described_bodies(facts: DocumentFacts) -> None:
    """List items "• KKR (politiske udvalg for de 19 kommuner ...)": the body's description."""
    text = facts.clean.text
    for match in LISTED_WITH_DESCRIPTION.finditer(text):
        bodies = find_bodies(text, match.start("body"), match.end("body"))
        if len(bodies) != 1 or bodies[0].end != match.end("body"):
            continue
        body = bodies[0]
        description = " ".join(match.group("description").split())
        facts.bodies.append(BodyFact(
            BodyRef(body.body.name, Span(body.start, match.end()), body.text),
            description=description))


def _body_mentions(facts: DocumentFacts) -> None:
    """Every body the text names, once per way of writing it."""
    seen: set[tuple[str, str]] = set()
    for mention in find_bodies(facts.clean.text):
        key = (mention.body.name, mention.text.casefold())
        if key not in seen:
            seen.add(key)
            facts.body_mentions.append(
                BodyRef(mention.body.name, Span(mention.start, mention.end), mention.text)
            )


def extract(source: Source, seconds: float = DEFAULT_SECONDS) -> DocumentFacts:
    """Extract every fact of one document; what cannot be read goes into ``notes``.

    Reading stops after ``seconds``; the facts found by then are kept, with a note.
    """
    cleaned = clean(source.text)
    facts = DocumentFacts(source=source, clean=cleaned, genre="general",
                          title=_first_line(cleaned.text), notes=list(source.notes))
    if cleaned.repairs:
        facts.notes.append(
            f"repaired {cleaned.repairs} place(s) of garbled characters (mojibake, ligatures); "
            "quotes show the text as printed"
        )
    with budget(seconds):
        try:
            _extract(facts)
        except OutOfTime:
            facts.notes.append(f"stopped reading after {seconds:g} s: the document is too large "
                               "or unusual to read fully; the facts found until then are kept")
    return facts


def _extract(facts: DocumentFacts) -> None:
    known = _persons(facts)
    reader = next((r for r in READERS if r.detects(facts)), None)
    if reader is not None:
        reader.parse(facts, known)
    main = facts.main_meeting
    years = [int(y) for y in YEAR.findall(facts.clean.text)]
    default_year = (
        main.date.year
        if main and main.date
        else (Counter(years).most_common(1)[0][0] if years else None)
    )
    find_mentioned_meetings(facts, default_year)
    _plan(facts)
    find_mandates(facts, known)
    _body_mentions(facts)
    _described_bodies(facts)
    facts.title = (reader.title(facts) if reader else None) or facts.title
    if reader is None:
        facts.notes.append(
            "layout not recognised (no meeting header, numbered items or decision fields, "
            "and not a report): "
            "read with the general rules only"
        )
    if not facts.persons:
        facts.notes.append("no person's name recognised")
