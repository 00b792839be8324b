"""From a source document to the facts it states: detect the genre, clean, parse."""

from __future__ import annotations

import re
from collections import Counter

from loaders.bodies import find_bodies
from loaders.budget import DEFAULT_SECONDS, OutOfTime, budget
from loaders.dates import YEAR
from loaders.facts import BodyFact, BodyRef, DocumentFacts, PersonRef, Span
from loaders.meeting import parse_meeting_document
from loaders.mentions import find_mandates, find_mentioned_meetings
from loaders.people import find_names, strip_possessive
from loaders.report import looks_like_report, parse_report
from loaders.source import Source
from loaders.structure import item_headings, lines_of, section_label
from loaders.text import CleanText, clean

GENRES = ("agenda", "minutes", "case", "report", "general")


def detect_genre(text: CleanText) -> str:
    """Tell the layout family of a document from its wording, never from its file name."""
    body = text.text
    lines = [line for line in lines_of(body) if line.text.strip()]
    labels = Counter(
        kind for line in lines if (found := section_label(line.text)) for kind in [found[0]]
    )
    if looks_like_report(body) and labels["decision"] == 0:
        return "report"
    items = item_headings(lines)
    if labels["decision"] and (items or re.search(r"^(?:Referat|Deltagere|Afbud)\b", body, re.M)):
        return "minutes" if items else "case"
    if items and labels["recommendation"]:
        return "agenda"
    if labels["decision"] or labels["recommendation"]:
        return "case"
    return "general"


def _title(text: str) -> str:
    for line in text.split("\n"):
        stripped = line.strip().lstrip("• ")
        if len(stripped) > 3 and stripped.casefold() not in ("mission", "vision"):
            return stripped[:200]
    return ""


GENRE_TITLES = {"agenda": "Dagsorden", "minutes": "Referat", "case": "Sag"}


def _document_title(facts: DocumentFacts) -> str | None:
    """"Dagsorden – KKR Midtjylland 13-11-2020": what the document is, from its own meeting."""
    main = facts.main_meeting
    kind = GENRE_TITLES.get(facts.genre)
    if facts.genre == "report":
        chair = next((m.body.name for m in facts.mandates if m.role == "Chair"), None)
        period = facts.election_periods[0] if facts.election_periods else None
        if chair and period:
            return f"Rapport – {chair}, valgperioden {period.start_year}–{period.end_year}"
        return None
    if main is None or kind is None:
        return None
    when = main.date.strftime("%d-%m-%Y") if main.date else (main.case_number or "udateret")
    return f"{kind} – {main.body.name} {when}"


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
    r"^• (?P<body>[^(\n]{2,80}?) \((?P<description>[^)]{10,300})\)", re.MULTILINE)


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
    facts = DocumentFacts(source=source, clean=cleaned, genre=detect_genre(cleaned),
                          title=_title(cleaned.text), notes=list(source.notes))
    with budget(seconds):
        try:
            _extract(facts)
        except OutOfTime:
            facts.notes.append(f"stopped reading after {seconds:g} s: the document is too large "
                               "or unusual to read fully; the facts found until then are kept")
    return facts


def _extract(facts: DocumentFacts) -> None:
    known = _persons(facts)
    if facts.genre == "report":
        parse_report(facts, known)
    else:
        parse_meeting_document(facts, known)
    main = facts.main_meeting
    years = [int(y) for y in YEAR.findall(facts.clean.text)]
    default_year = (
        main.date.year
        if main and main.date
        else (Counter(years).most_common(1)[0][0] if years else None)
    )
    find_mentioned_meetings(facts, default_year)
    find_mandates(facts, known)
    _body_mentions(facts)
    _described_bodies(facts)
    facts.title = _document_title(facts) or facts.title
    if facts.genre == "general":
        facts.notes.append(
            "layout not recognised as an agenda, minutes, case or report; "
            "read with the general rules only"
        )
    if not facts.persons:
        facts.notes.append("no person's name recognised")
