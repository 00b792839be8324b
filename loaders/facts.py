"""What the parsers extract from one document, before any IRI is minted.

Every fact carries the clean-text span that states it; persons and bodies are referred to by
the name as written, and entity resolution later maps those names to canonical resources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from loaders.source import Source
from loaders.text import CleanText


@dataclass(frozen=True)
class Span:
    """A span of the clean text, ``[start, end)``."""

    start: int
    end: int


@dataclass
class PersonRef:
    """A person as named at one place in the text; ``speaks`` if the text has them present or
    speak there ("X orienterer om ...")."""

    name: str
    span: Span
    party: str | None = None
    speaks: bool = False


@dataclass
class BodyRef:
    """A body at one place in the text: its canonical name and, if different, how it is written."""

    name: str
    span: Span
    written: str | None = None


@dataclass
class DecisionFact:
    """What was decided on an item: its outcomes (one sentence may state two) and text."""

    outcomes: list[str]
    text: str
    span: Span


@dataclass
class ItemFact:
    """One numbered agenda item."""

    number: str
    title: str
    span: Span
    case_number: str | None = None
    presenters: list[PersonRef] = field(default_factory=list)
    background: str | None = None
    recommendation: str | None = None
    case_description: str | None = None
    decision: DecisionFact | None = None
    section_spans: dict[str, Span] = field(default_factory=dict)


@dataclass
class SubstitutionFact:
    """Who stood in at a meeting, and for whom when the text says it."""

    absent: PersonRef | None
    substitute: PersonRef
    span: Span


@dataclass
class MeetingFact:
    """A meeting: the document's own (``main``) or one mentioned in passing."""

    body: BodyRef
    date: date | None
    span: Span
    main: bool = False
    cancelled: bool = False
    case_number: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    location: str | None = None
    mode: str | None = None
    items: list[ItemFact] = field(default_factory=list)
    attendees: list[PersonRef] = field(default_factory=list)
    absentees: list[PersonRef] = field(default_factory=list)
    substitutions: list[SubstitutionFact] = field(default_factory=list)
    status: str | None = None  # "held" (minutes, decisions) or "planned" (an agenda, a calendar)
    attendance_group: tuple[str, Span] | None = None  # attendance stated for a group only
    attendance_complete: bool = False  # the text states everyone's attendance


@dataclass
class MandateFact:
    """A person's role in a body, as stated."""

    person: PersonRef
    role: str
    body: BodyRef
    span: Span
    start: date | None = None
    end: date | None = None
    job_title: str | None = None
    representing: BodyRef | None = None
    established_by_item: str | None = None  # number of an item of the main meeting


@dataclass
class BodyFact:
    """What a document says about a body itself."""

    body: BodyRef
    parent: BodyRef | None = None
    description: str | None = None
    principles: list[str] = field(default_factory=list)
    composition: str | None = None
    member_count: int | None = None
    anchor_for: list[str] = field(default_factory=list)
    anchor_of: BodyRef | None = None


@dataclass
class ElectionPeriodFact:
    start_year: int
    end_year: int
    span: Span


@dataclass(frozen=True)
class Reading:
    """What the reader found of a document's own meeting, for the build's report."""

    meeting: str | None  # "Byråd 29-01-2020", None when no meeting was read
    items: int
    decisions: int
    attendees: int
    absentees: int
    partial: tuple[str, ...]  # what a meeting document lacks that such a document has

    def summary(self) -> str:
        if self.meeting is None:
            return "no meeting"
        return (
            f"{self.meeting}: {self.items} item(s), {self.decisions} decision(s), "
            f"{self.attendees} attendee(s), {self.absentees} absentee(s)"
        )


@dataclass
class DocumentFacts:
    """Everything extracted from one document, plus what could not be read."""

    source: Source
    clean: CleanText
    genre: str
    title: str
    meetings: list[MeetingFact] = field(default_factory=list)
    mandates: list[MandateFact] = field(default_factory=list)
    bodies: list[BodyFact] = field(default_factory=list)
    persons: list[PersonRef] = field(default_factory=list)
    body_mentions: list[BodyRef] = field(default_factory=list)
    election_periods: list[ElectionPeriodFact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    owner: BodyRef | None = None  # the municipality or region whose document this is
    # The meeting's body when it is named only by its kind ("Bestyrelsen") and no owner is
    # stated: its IRI is kept to this document rather than merged with others of that name.
    local_body: str | None = None

    @property
    def main_meeting(self) -> MeetingFact | None:
        return next((m for m in self.meetings if m.main), None)

    def reading(self) -> Reading:
        """What was read of the document's own meeting, and what a reader would miss: a
        meeting document without a meeting, items or decisions is read only partly."""
        main = self.main_meeting
        partial: list[str] = []
        if self.genre == "general":
            partial.append("layout not recognised: no meeting, items or decisions read")
        if main is None:
            if self.genre in ("agenda", "minutes", "case"):
                partial.append("a meeting document, but no meeting was read")
            return Reading(None, 0, 0, 0, 0, tuple(partial))
        decisions = sum(1 for item in main.items if item.decision)
        if not main.items:
            partial.append("no agenda items were read")
        elif main.status == "held" and not decisions:
            partial.append("minutes, but no decisions were read")
        when = main.date.strftime("%d-%m-%Y") if main.date else "undated"
        return Reading(
            f"{main.body.name} {when}",
            len(main.items),
            decisions,
            len(main.attendees),
            len(main.absentees),
            tuple(partial),
        )
