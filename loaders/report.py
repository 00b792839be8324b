"""Reports about bodies, such as KD-Net's evaluation of its administrative groups.

A report names a subject body in its signature ("Formand for KD-Net"), treats each body
named in a section heading as one of the subject's groups, and states compositions
("Gruppen består af 10 medlemmer"), principles (a numbered list after "principper"),
and election periods ("valgperioden 2018 – 2021").
"""

from __future__ import annotations

import re

from loaders.bodies import find_bodies
from loaders.facts import BodyFact, BodyRef, DocumentFacts, ElectionPeriodFact, Span
from loaders.language import cue, cue_text, number_words
from loaders.mentions import _add, _topic_body
from loaders.people import find_names
from loaders.structure import Line, lines_of


def _count() -> re.Pattern[str]:
    """ "10 medlemmer", "fem kommunale og to regionale medlemmer"."""
    return re.compile(
        cue_text("member_count").replace("{count}", "|".join(number_words())), re.IGNORECASE
    )


def _number(word: str) -> int:
    return int(word) if word.isdigit() else number_words()[word.casefold()]


def looks_like_report(text: str) -> bool:
    """A report about bodies: signed by a chair and about groups or an election period."""
    return bool(cue("chair_signature").search(text)) and bool(cue("report_subject").search(text))


def parse_report(facts: DocumentFacts, known: frozenset[str]) -> None:
    text = facts.clean.text
    lines = [line for line in lines_of(text) if line.text.strip()]
    subject = _signatures(facts, lines, known)
    for line in lines:
        stripped = line.text.strip()
        heading = re.match(r"^(?:\d{1,2}(?:\.\d{1,2})?\.?\s+)?(?P<rest>.+)$", stripped)
        if not heading or len(stripped) > 90 or stripped.endswith((".", ",", ":")):
            continue
        bodies = find_bodies(text, line.start, line.end)
        if not bodies or bodies[0].body.kind in ("municipality", "region", "company"):
            continue
        for body in bodies[:3]:
            if (
                subject is not None
                and body.body.name != subject.name
                and body.body.kind in ("group", "secretariat", "committee", "network")
                and body.body.parent in (None, subject.name)
            ):
                _body_fact(
                    facts, BodyRef(body.body.name, Span(body.start, body.end), body.text), subject
                )
    for match in cue("election_period").finditer(text):
        facts.election_periods.append(
            ElectionPeriodFact(
                int(match.group(1)), int(match.group(2)), Span(match.start(), match.end())
            )
        )
    _compositions(facts)
    _anchors(facts, lines, subject)
    _principles(facts, lines, subject)


def _body_fact(facts: DocumentFacts, body: BodyRef, parent: BodyRef | None) -> BodyFact:
    for existing in facts.bodies:
        if existing.body.name == body.name:
            return existing
    fact = BodyFact(body=body, parent=parent)
    facts.bodies.append(fact)
    return fact


def _signatures(facts: DocumentFacts, lines: list[Line], known: frozenset[str]) -> BodyRef | None:
    """Names above "Formand for X" / "Næstformand for X", matched by column."""
    text = facts.clean.text
    subject: BodyRef | None = None
    for index, line in enumerate(lines):
        cells = line.text.split("\t")
        if not any(cue("chair_signature").match(c.strip()) for c in cells) or index == 0:
            continue
        names_line = lines[index - 1]
        name_cells = names_line.text.split("\t")
        offset = names_line.start
        cell_starts = []
        for cell in name_cells:
            cell_starts.append(offset)
            offset += len(cell) + 1
        title_offset = line.start
        for column, cell in enumerate(cells):
            title = cell.strip()
            cell_start = title_offset
            title_offset += len(cell) + 1
            role = cue("chair_signature_of").match(title)
            if not role or column >= len(name_cells):
                continue
            bodies = find_bodies(text, cell_start, cell_start + len(cell))
            names = find_names(
                text, cell_starts[column], cell_starts[column] + len(name_cells[column]), known
            )
            if not bodies or not names:
                continue
            if subject is None:
                subject = BodyRef(bodies[0].body.name, Span(bodies[0].start, bodies[0].end))
            _add(
                facts, names[0], role.group(1), bodies[0], Span(names[0].start, bodies[0].end), None
            )
    return subject


def _anchors(facts: DocumentFacts, lines: list[Line], subject: BodyRef | None) -> None:
    """Under a heading on anchor municipalities: "Pædagoguddannelsen: Ringkøbing-Skjern Kommune"."""
    text = facts.clean.text
    in_section = False
    for line in lines:
        stripped = line.text.strip()
        if cue("anchor_heading").search(stripped) and len(stripped) < 60:
            in_section = True
            continue
        if not in_section:
            continue
        row = re.match(r"^(?P<what>[^:\n]{3,60}):[ ]*(?P<where>.+)$", stripped)
        bodies = find_bodies(text, line.start, line.end)
        if row is None or not bodies or bodies[-1].body.kind != "municipality":
            if re.match(r"^\d+(?:\.\d+)*\.?\s", stripped):
                break  # the next numbered section
            continue
        municipality = bodies[-1]
        fact = _body_fact(
            facts,
            BodyRef(municipality.body.name, Span(line.start, line.end), municipality.text),
            None,
        )
        fact.anchor_for.append(row.group("what").strip())
        fact.anchor_of = subject


def _compositions(facts: DocumentFacts) -> None:
    text = facts.clean.text
    for match in cue("composition").finditer(text):
        subject = match.group("subject")
        bodies = find_bodies(text, match.start(), match.start() + len(subject))
        body = bodies[0] if bodies else _topic_body(facts, match.start())
        if body is None:
            continue
        fact = _body_fact(
            facts, BodyRef(body.body.name, Span(body.start, body.end), body.text), None
        )
        what = match.group("what")
        fact.composition = re.sub(r"\s+", " ", match.group())
        counts = [_number(c.group(1)) for c in _count().finditer(what)]
        if counts and not cue("from_all").search(what):
            fact.member_count = sum(counts)


def _principles(facts: DocumentFacts, lines: list[Line], subject: BodyRef | None) -> None:
    text = facts.clean.text
    intro = cue("principles_intro").search(text)
    if intro is None or subject is None:
        return
    fact = _body_fact(facts, subject, None)
    for line in lines:
        if line.start < intro.end():
            continue
        item = re.match(r"^(\d{1,2})\.\s+(.+)$", line.text.strip())
        if item is None:
            if fact.principles and line.text[:1].islower():
                fact.principles[-1] += " " + line.text.strip()
                continue
            if fact.principles:
                break
            continue
        fact.principles.append(item.group(2).strip())
