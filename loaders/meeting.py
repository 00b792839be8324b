"""The meeting reader: one reader for the agendas, minutes and case pages of every layout.

Whatever the publisher's layout, a meeting document has one anatomy: a header naming the body
and the date (loaders.header), attendance (loaders.attendance), then items, numbered or not
(loaders.structure), whose labelled sections (Resume, Sagsfremstilling, Indstilling,
Beslutning ...) carry the recommendation and the decision. The genre (agenda, minutes, case)
is a label this reader reports from what it found, not a gate that decides what is read.
What a document does not show (no date, no items, no decisions) is left out and said in the
document's notes.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from loaders.attendance import (
    SUBSTITUTE_ROLE,
    Attendance,
    Entry,
    read_attendance,
    statements_before,
    statements_in,
    substitutions,
)
from loaders.bodies import BodyMention, BodyName, find_bodies, municipality_named, resolve_body
from loaders.budget import check
from loaders.dates import find_dates
from loaders.facts import (
    BodyRef,
    DecisionFact,
    DocumentFacts,
    ItemFact,
    MeetingFact,
    PersonRef,
    Span,
)
from loaders.header import Header, fill_from_decisions, read_header
from loaders.language import cue, cue_text
from loaders.mentions import _add as _add_mandate
from loaders.mentions import _role_of_word, _role_pattern
from loaders.outcomes import classify, outcomes_in
from loaders.people import NameMatch, find_names, strip_possessive
from loaders.structure import (
    Heading,
    Line,
    item_headings,
    lines_of,
    section_label,
    split_flattened,
)

ITEM_KINDS = ("background", "recommendation", "case_description")


def _span(line: Line) -> Span:
    return Span(line.start, line.end)


def _ref(mention: BodyMention) -> BodyRef:
    return BodyRef(mention.body.name, Span(mention.start, mention.end), mention.text)


# --- the meeting and its body -------------------------------------------------------------


def _footer_meeting(facts: DocumentFacts, lines: list[Line]) -> MeetingFact | None:
    """A PDF transcript's page footer "KKR Midtjylland | 13-11-2020"."""
    for removed in facts.clean.removed:
        if removed.kind != "footer" or "|" not in removed.text:
            continue
        name, _, when = removed.text.partition("|")
        dates = list(find_dates(when.strip()))
        bodies = find_bodies(name.strip())
        if dates and bodies and lines:
            # Footers are not part of the clean text: anchor the meeting at the first line.
            first = lines[0]
            facts.notes.append(
                f"meeting date {dates[0].value.isoformat()} read from the page "
                f"footer '{removed.text}'"
            )
            return MeetingFact(
                BodyRef(bodies[0].body.name, _span(first)), dates[0].value, _span(first), main=True
            )
    return None


def _deciding_body(text: str) -> BodyRef | None:
    """The body the recommendations address ("Det indstilles, at KKR Midtjylland ...")."""
    found = []
    for match in cue("addressed_recommendation").finditer(text):
        bodies = find_bodies(text, match.end(), match.end() + 60)
        if bodies and bodies[0].start == match.end():
            name = bodies[0].body.name
            found.append(BodyRef(name, Span(bodies[0].start, bodies[0].end)))
    return _most_named(found)


def _most_named(mentions: list[BodyRef]) -> BodyRef | None:
    """The first mention of the body mentioned most often."""
    counts = Counter(m.name for m in mentions)
    if not counts:
        return None
    most = counts.most_common(1)[0][0]
    return next(m for m in mentions if m.name == most)


def _meeting(facts: DocumentFacts, lines: list[Line], header: Header) -> MeetingFact | None:
    """The document's own meeting from its header, decision headings, footer or wording."""
    text = facts.clean.text
    fill_from_decisions(header, text, lines)
    if header.body is not None and header.date is None:
        footer = _footer_meeting(facts, lines)
        if footer is not None:
            return footer
    if header.body is not None:
        start, end = header.span
        meeting = MeetingFact(
            _ref(header.body), header.date.value if header.date else None, Span(start, end),
            main=True,
        )
        meeting.start_time, meeting.end_time = header.start_time, header.end_time
        meeting.location = header.location
        if "decision heading" in header.how:
            facts.notes.append("the meeting was read from its decision headings (no header)")
        return meeting
    footer = _footer_meeting(facts, lines)
    if footer is not None:
        return footer
    deciding = _deciding_body(text) or _body_named_most(text)
    if deciding is not None:
        facts.notes.append(
            f"the meeting's body ({deciding.name}) was not named by the header; read from "
            "the recommendations or the items"
        )
        meeting = MeetingFact(deciding, header.date.value if header.date else None, deciding.span,
                              main=True)
        meeting.location = header.location
        return meeting
    return None


def _body_named_most(text: str) -> BodyRef | None:
    """The body a page that starts inside an item talks about most ("lokaludvalgets
    synlighed", "Lokaludvalget godkender"): a last resort for a meeting whose header is not on
    the page."""
    found = []
    for match in cue("body_compound_any_case").finditer(text):
        word = match.group()
        body = resolve_body(word[:1].upper() + word[1:])
        if body is not None and body.kind not in ("municipality", "region"):
            found.append(BodyRef(body.name, Span(match.start(), match.end()), word))
    return _most_named(found)


def _owner(text: str, lines: list[Line], header_end: int) -> BodyMention | None:
    """The municipality or region whose document this is, as its header shows it ("Silkeborg
    Byråd", "Brønderslev Rådhus", "Region Syddanmark"): the owner of its "Byrådet"."""
    found: list[BodyMention] = []
    for line in lines:
        if line.start >= header_end:
            break
        found += [b for b in find_bodies(text, line.start, line.end)
                  if b.body.kind in ("municipality", "region")]
        for match in cue("owner_before_organ").finditer(text, line.start, line.end):
            body = municipality_named(match.group("owner"))
            if body is not None:
                found.append(BodyMention(match.start("owner"), match.end("owner"),
                                         match.group("owner"), body))
    names = {b.body.name for b in found}
    return found[0] if len(names) == 1 else None


def _owner_in_chrome(facts: DocumentFacts, lines: list[Line]) -> BodyMention | None:
    """The owner a portal's chrome names ("Region Syddanmark logo, link til forsiden",
    "Frederikssund Kommunes logo"), anchored at the first line: chrome is not clean text."""
    found = {
        b.body.name: b
        for removed in facts.clean.removed
        if removed.kind == "chrome"
        for b in find_bodies(removed.text)
        if b.body.kind in ("municipality", "region")
    }
    if len(found) != 1 or not lines:
        return None
    body = next(iter(found.values()))
    facts.notes.append(f"the owner, {body.body.name}, read from the page's chrome")
    return BodyMention(lines[0].start, lines[0].end, body.text, body.body)


def _mode(facts: DocumentFacts, meeting: MeetingFact, lines: list[Line]) -> None:
    """Virtual, hybrid or by e-mail, from the wording of the header."""
    end = meeting.items[0].span.start if meeting.items else len(facts.clean.text)
    for line in lines:
        if line.start >= end:
            break
        for mode in ("ByEmail", "Hybrid", "Virtual"):
            if cue(f"mode_{mode.casefold()}").search(line.text):
                meeting.mode = mode
                return


# --- items ----------------------------------------------------------------------------------


@dataclass
class _Section:
    kind: str
    spans: list[tuple[int, int]]
    heading: Line | None = None  # a decision's own heading ("Beslutning i Byrådet den ...")


def _sections(text: str, body_lines: list[Line]) -> list[_Section]:
    sections: list[_Section] = []
    for line in body_lines:
        label = section_label(line.text)
        if label is not None:
            kind, rest = label
            section = _Section(kind, [], line)
            if rest:
                offset = line.text.find(rest)
                section.spans.append((line.start + max(offset, 0), line.end))
            sections.append(section)
            continue
        if sections and not cue("case_number").match(line.text.strip()):
            sections[-1].spans.append((line.start, line.end))
    return sections


def _join(text: str, spans: list[tuple[int, int]]) -> str:
    return " ".join(re.sub(r"\s+", " ", text[s:e]).strip() for s, e in spans).strip()


def _item(
    facts: DocumentFacts,
    heading: Heading,
    region_end: int,
    lines: list[Line],
    line_starts: list[int],
    known: frozenset[str],
    meeting_body: str | None,
    minutes: bool,
) -> ItemFact:
    """One item: title (continued over lines), case number, sections, decision. In ``minutes``
    the text under a heading without sections is what was decided."""
    text = facts.clean.text
    title_line = heading.title_line or heading.line
    title = heading.title
    title_start = title_line.start + max(title_line.text.find(title), 0)
    title_end = title_start + len(title)
    inline = re.search(r"\s(?:" + cue_text("recommends_inline") + r")", title)
    inline_recommendation: tuple[int, int] | None = None
    if inline:
        inline_recommendation = (title_start + inline.start() + 1, title_line.end)
        title = title[: inline.start()]
    first = bisect.bisect_right(line_starts, title_line.end)
    body_lines = [line for line in lines[first:] if line.start < region_end]
    # A title continued on the next lines ("... den 9.\nseptember 2020", "v. Lars\nKeld Hansen").
    while body_lines and section_label(body_lines[0].text) is None and not inline_recommendation:
        following = body_lines[0].text
        open_presenter = cue("presenter_open").search(title) is not None
        if following[:1].islower() or (open_presenter and len(following.split()) <= 3):
            title = f"{title} {following.strip()}"
            title_end = body_lines[0].end
            body_lines = body_lines[1:]
        else:
            break
    item = ItemFact(number=heading.number, title="", span=Span(heading.line.start, title_end))
    for line in [title_line, *body_lines[:4]]:
        case = cue("case_number").search(line.text)
        if case:
            item.case_number = (case.group("number") or case.group()).replace(" ", "-").upper()
            title = title.replace(case.group(), "").strip(" ,")
            break
    sections = _sections(text, body_lines)
    plain = [line for line in body_lines if not cue("case_number").match(line.text.strip())]
    if not sections and minutes and plain:
        # Plain minutes write what was decided under the heading, without a label.
        sections = [_Section("decision", [(line.start, line.end) for line in plain])]
    if inline_recommendation:
        sections.insert(0, _Section("recommendation", [inline_recommendation]))
    item.title, item.presenters = _presenters(
        text, title, title_start, title_line.end, region_end, known
    )
    for kind in ITEM_KINDS:
        spans = [span for s in sections if s.kind == kind for span in s.spans]
        if spans:
            setattr(item, kind, _join(text, spans))
            item.section_spans[kind] = Span(spans[0][0], spans[-1][1])
    decision = _own_decision(text, sections, meeting_body)
    if decision is not None and decision.spans:
        joined = _join(text, decision.spans)
        item.section_spans["decision"] = Span(decision.spans[0][0], decision.spans[-1][1])
        item.decision = _decision(text, decision.spans, joined, item.recommendation)
    return item


def _own_decision(
    text: str, sections: list[_Section], meeting_body: str | None
) -> _Section | None:
    """The decision of the meeting's own body: an item may print the decisions of the bodies
    that treated it before ("Beslutning i Økonomiudvalget den ...") above its own."""
    decisions = [s for s in sections if s.kind == "decision" and s.spans]
    if not decisions:
        return None
    if meeting_body is not None:
        for section in reversed(decisions):
            if section.heading is None:
                continue
            named = find_bodies(text, section.heading.start, section.heading.end)
            if any(b.body.name == meeting_body for b in named):
                return section
    return decisions[-1]


def _presenters(
    text: str, title: str, title_start: int, body_start: int, body_end: int, known: frozenset[str]
) -> tuple[str, list[PersonRef]]:
    """Split "Title v. Presenter og Presenter" and find who presents inside the item."""
    presenters: list[PersonRef] = []
    cut = cue("presenter_cut").search(title)
    if cut:
        for name in find_names(text, title_start + cut.start(), title_start + len(title) + 40,
                               known):
            if name.start < title_start + len(title) + 40:
                presenters.append(PersonRef(name.name, Span(name.start, name.end)))
        title = title[: cut.start()].strip()
    for name in find_names(text, body_start, body_end, known):
        if cue("presenter_verbs").match(text, name.end) and all(
            p.name != name.name for p in presenters
        ):
            presenters.append(PersonRef(name.name, Span(name.start, name.end), speaks=True))
    title = cue("title_chrome").sub("", title)
    return title.rstrip(" .:–-"), presenters


def _decision(
    text: str, spans: list[tuple[int, int]], joined: str, recommendation: str | None
) -> DecisionFact | None:
    """Type the decision from its wording; fall back on what the recommendation asked."""
    if not joined or cue("nothing_to_record").match(joined):
        return None
    start, end = spans[0][0], spans[-1][1]
    found = classify(text, spans)
    if found:
        _outcome, s, e = found
        start, end = next((a, b) for a, b in spans if a <= s < b)
        sentence_start = max(text.rfind(". ", start, s) + 2, text.rfind("\n", start, s) + 1, start)
        stops = [i for i in (text.find(".", e, end), text.find("\n", e, end)) if i != -1]
        sentence_end = min(stops) + 1 if stops else end
        outcomes = outcomes_in(text[sentence_start:sentence_end]) or [found[0]]
        return DecisionFact(outcomes, joined, Span(sentence_start, sentence_end))
    asked = classify(recommendation or "")
    outcome = asked[0] if asked and asked[0] == "Discussed" else "Other"
    return DecisionFact([outcome], joined, Span(start, end))


def _unnumbered_items(lines: list[Line], header_end: int, claimed: set[int]) -> list[Heading]:
    """Items whose numbers were not printed or were lost: the title line above each run of
    sections. A section kind seen again, or any section after a decision, starts the next
    item: the decision closes an item."""
    headings: list[Heading] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        label = section_label(line.text)
        if label is None or label[0] in ("economy", "attachments", "process"):
            continue
        if label[0] in seen or "decision" in seen or not headings:
            title = _title_above(lines, index, header_end, claimed, headings)
            if title is not None:
                headings.append(Heading("", title.text.strip(), title))
                seen = set()
        seen.add(label[0])
    return headings


def _title_above(
    lines: list[Line], index: int, header_end: int, claimed: set[int], found: list[Heading]
) -> Line | None:
    floor = found[-1].line.start if found else -1
    for line in reversed(lines[max(0, index - 4) : index]):
        stripped = line.text.strip()
        if line.start <= floor or line.start in claimed:
            return None
        if section_label(stripped) is not None or cue("case_number").match(stripped):
            continue
        if len(stripped) < 4 or len(stripped) > 200 or stripped.endswith((".", ",", ":")):
            if stripped.endswith("."):
                return None
            continue
        if line.start < header_end and found:
            return None
        return line
    return None


# --- attendance -----------------------------------------------------------------------------


def _meeting_body(meeting: MeetingFact) -> BodyMention:
    body = resolve_body(meeting.body.name) or BodyName(meeting.body.name, "group")
    return BodyMention(meeting.body.span.start, meeting.body.span.end, meeting.body.name, body)


def _person(entry: Entry) -> PersonRef:
    return PersonRef(entry.name.name, Span(entry.name.start, entry.name.end), entry.party)


def _apply_attendance(
    facts: DocumentFacts, meeting: MeetingFact, entries: list[Entry], attendance: Attendance
) -> None:
    """Attendees, absentees and substitutions of the meeting, each person's first statement
    winning; roles printed in the attendance become mandates in the meeting's body. Where the
    participants are stated as a group ("Gruppens medlemmer", "Kommunaldirektørerne ..."), an
    apology is a member's."""
    group, group_role = attendance.group, _group_role(attendance)
    body = _meeting_body(meeting)
    seen: set[str] = set()
    # Where one statement lists a person among the members or participants and another as
    # absent or standing in, the specific statement wins.
    rank = {"absent": 0, "substitute": 1, "present": 2}
    entries = sorted(entries, key=lambda e: rank.get(e.status or "", 3))
    for entry in entries:
        name = entry.name.name
        if entry.role is not None:
            _add_mandate(facts, entry.name, entry.role, body,
                         Span(entry.name.start, entry.name.end), entry.party)
        if entry.status == "member":
            _add_mandate(facts, entry.name, "Member", body,
                         Span(entry.name.start, entry.name.end), entry.party)
            continue
        if entry.status is None or name in seen:
            continue
        seen.add(name)
        if entry.status == "absent":
            meeting.absentees.append(_person(entry))
            if group is not None:
                _member_of_meeting_body(facts, body, entry.name, group_role)
        else:
            meeting.attendees.append(_person(entry))
    _members_attended(meeting, entries)
    meeting.substitutions = substitutions(entries)
    for substitution in meeting.substitutions:
        # Whoever stands in for a member at a meeting of a body is its substitute (suppleant).
        sub = substitution.substitute
        _add_mandate(facts, NameMatch(sub.name, sub.span.start, sub.span.end), SUBSTITUTE_ROLE,
                     body, sub.span, None)


def _members_attended(meeting: MeetingFact, entries: list[Entry]) -> None:
    """Minutes that list the members and name who was absent: the other members attended."""
    absent = {p.name for p in meeting.absentees}
    if meeting.status != "held" or not absent:
        return
    present = {p.name for p in meeting.attendees}
    for entry in entries:
        if entry.status == "member" and entry.name.name not in absent | present:
            meeting.attendees.append(_person(entry))
            present.add(entry.name.name)
    meeting.attendance_complete = True


def _member_of_meeting_body(
    facts: DocumentFacts, body: BodyMention, name: NameMatch, participant_role: str | None
) -> None:
    """An apology for a meeting whose participants are "Kommunaldirektørerne ...": the person
    is a member of the meeting's body and, with a municipality named, its municipal director."""
    text = facts.clean.text
    _add_mandate(facts, name, "Member", body, Span(name.start, name.end), None)
    place = re.compile(r",[ ]*").match(text, name.end)
    if place is None or participant_role is None:
        return
    bodies = find_bodies(text, place.end(), place.end() + 40)
    if bodies and bodies[0].start == place.end() and bodies[0].body.kind == "municipality":
        role = participant_role.casefold()
        for word in sorted(_role_of_word(), key=len, reverse=True):
            if role.startswith(word):
                _add_mandate(facts, name, word, bodies[0], Span(name.start, bodies[0].end), None)
                break


def _group_role(attendance: Attendance) -> str | None:
    """The role of the group attendance is stated for ("Kommunaldirektørerne ...")."""
    if attendance.group is None:
        return None
    found = _role_pattern().search(attendance.group[0])
    return found.group() if found else None


def _stated_in_text(
    facts: DocumentFacts, meeting: MeetingFact, known: frozenset[str]
) -> list[Entry]:
    """Attendance stated in the items: decision sections ("Fraværende: X (V)") and items about
    attendance ("1. Fraværende"), read after the header's blocks."""
    text = facts.clean.text
    regions: list[Span] = []
    absent_regions: list[Span] = []
    for index, item in enumerate(meeting.items):
        span = item.section_spans.get("decision")
        if span:
            regions.append(span)
        if cue("attendance_item").match(item.title):
            following = meeting.items[index + 1] if index + 1 < len(meeting.items) else None
            end = following.span.start if following else len(text)
            absent_regions.append(Span(item.span.end, end))
    entries = statements_in(text, regions, known)
    entries += statements_in(text, absent_regions, known, default=None)
    return entries


def _special_statements(
    facts: DocumentFacts, lines: list[Line], known: frozenset[str], first_item: int
) -> list[Entry]:
    """ "X, som deltog i Ys sted", "ikke var afbud fra X", "velkommen til" the persons named."""
    text = facts.clean.text
    entries: list[Entry] = []
    for match in cue("in_place_of").finditer(text):
        before = find_names(text, max(0, match.start() - 120), match.start(), known)
        replaced = find_names(text, match.start("absent"), match.end("absent") + 1, known)
        if before and replaced:
            sub, stood_in_for = before[-1], replaced[0]
            absent_name = strip_possessive(stood_in_for.name, set(known))
            absent = NameMatch(absent_name, stood_in_for.start, stood_in_for.end)
            entries.append(Entry(sub, "substitute", replaces=absent,
                                 span=Span(sub.start, match.end())))
    for match in cue("no_apology_from").finditer(text):
        for name in find_names(text, match.end(), match.end() + 60, known)[:1]:
            entries.append(Entry(name, "present", span=Span(name.start, name.end)))
    for match in cue("welcome").finditer(text, 0, first_item):
        end_of_sentence = text.find("\n", match.end())
        end_of_sentence = len(text) if end_of_sentence == -1 else end_of_sentence
        region_end = end_of_sentence
        if text[end_of_sentence - 1 : end_of_sentence] == ":":
            for line in lines:
                if line.start > end_of_sentence and line.text.startswith("• "):
                    region_end = line.end
                elif line.start > region_end + 1:
                    break
        for name in find_names(text, match.end(), region_end, known):
            entries.append(Entry(name, "present", span=Span(name.start, name.end)))
    return entries


# --- the reader -----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _reading_lines(text: str) -> tuple[Line, ...]:
    """The lines the reader reads: those with text, a flattened transcript's split apart
    (cached: the detector asks for the same lines as the parser after it)."""
    return tuple(split_flattened([line for line in lines_of(text) if line.text.strip()]))


def looks_like_meeting(facts: DocumentFacts) -> bool:
    """A meeting header, numbered items or decision fields: a document this reader reads."""
    text = facts.clean.text
    lines = list(_reading_lines(text))
    if any(section_label(line.text) for line in lines) or item_headings(lines):
        return True
    header = read_header(text, lines, len(text))
    return header.body is not None and header.date is not None


def parse_meeting_document(facts: DocumentFacts, known: frozenset[str]) -> None:
    """Fill ``facts`` with the document's own meeting, its items, decisions and attendance."""
    text = facts.clean.text
    lines = list(_reading_lines(text))
    attendance = read_attendance(text, lines, known)
    headings = item_headings(lines, frozenset(attendance.claimed))
    first_section = next((line.start for line in lines if section_label(line.text)), len(text))
    header_end = headings[0].line.start if headings else first_section
    if not headings or first_section < header_end:
        # No numbered items, or numbers that only begin inside an item's sections (a numbered
        # list in "Meddelelser"): the items are the titles above the runs of sections.
        unnumbered = _unnumbered_items(lines, first_section, attendance.claimed)
        before_numbers = sum(heading.line.start < header_end for heading in unnumbered)
        if unnumbered and (not headings or before_numbers >= 2):
            headings = unnumbered
            header_end = min(header_end, headings[0].line.start)
            facts.notes.append("no numbered items; read the items by their section labels")
    header = read_header(text, lines, header_end)
    meeting = _meeting(facts, lines, header)
    if meeting is None:
        facts.notes.append(
            "found no meeting: neither a header with body and date, a decision heading, "
            "a footer, nor recommendations addressed to a body"
        )
        return
    owner = (
        _owner(text, lines, header_end)
        or _owner_in_chrome(facts, lines)
        or _owner(text, lines, len(text))
    )
    if owner is not None:
        facts.owner = _ref(owner)
    own = resolve_body(meeting.body.name)
    if owner is None and own is not None and own.generic:
        facts.local_body = own.name
        facts.notes.append(
            f"the meeting's body '{own.name}' is named only by its kind and the document names "
            "no owner: it is kept apart from bodies of that name in other documents"
        )
    if meeting.date is None:
        facts.notes.append("the document states no date for its meeting; left undated")
    cases = Counter(m.group().upper() for m in cue("meeting_case_number").finditer(text))
    if cases:
        meeting.case_number = cases.most_common(1)[0][0].replace(" ", "-")
    line_starts = [line.start for line in lines]
    heading_starts = sorted(h.line.start for h in headings)
    for heading in headings:
        check()
        later = bisect.bisect_right(heading_starts, heading.line.start)
        region_end = heading_starts[later] if later < len(heading_starts) else len(text) + 1
        meeting.items.append(
            _item(facts, heading, region_end, lines, line_starts, known, meeting.body.name,
                  header.minutes_word)
        )
    if not meeting.items:
        facts.notes.append("found no agenda items")
    first_item = meeting.items[0].span.start if meeting.items else len(text)
    decided = any(item.decision for item in meeting.items)
    if decided or header.minutes_word:
        meeting.status = "held"
    elif header.agenda_word or meeting.items:
        meeting.status = "planned"
    entries = attendance.entries + statements_before(
        text, lines, known, first_item, attendance.claimed
    )
    entries += _stated_in_text(facts, meeting, known)
    entries += _special_statements(facts, lines, known, first_item)
    _apply_attendance(facts, meeting, entries, attendance)
    if attendance.stacked:
        facts.notes.append(
            "attendance labels run together (two columns flattened into one line): "
            "the names were read under the first label; check them against the paper"
        )
    if attendance.group is not None:
        meeting.attendance_group = attendance.group
    meeting.attendance_complete = meeting.attendance_complete or attendance.complete
    _mode(facts, meeting, lines)
    if decided:
        _speakers_attended(facts, meeting, known)
    for item in meeting.items:
        for presenter in item.presenters:
            if presenter.speaks and presenter.name not in {p.name for p in meeting.attendees}:
                meeting.attendees.append(presenter)
    facts.meetings.append(meeting)
    facts.genre = _genre(meeting)


def _genre(meeting: MeetingFact) -> str:
    """The label of what was read: minutes, an agenda, or a single case."""
    if len(meeting.items) == 1 and not meeting.items[0].number:
        return "case"
    if meeting.status == "held":
        return "minutes"
    return "agenda"


def _speakers_attended(facts: DocumentFacts, meeting: MeetingFact, known: frozenset[str]) -> None:
    """In minutes, a person recorded as speaking at the meeting attended it."""
    text = facts.clean.text
    absent = {p.name for p in meeting.absentees}
    present = {p.name for p in meeting.attendees}
    regions = [item.section_spans["decision"] for item in meeting.items
               if "decision" in item.section_spans]
    # The opening of minutes before the first item ("X indledte mødet").
    first_item = meeting.items[0].span.start if meeting.items else len(text)
    regions.append(Span(meeting.span.end, max(meeting.span.end, first_item)))
    for region in regions:
        for name in find_names(text, region.start, region.end, known):
            if (cue("speech_verbs").match(text, name.end) and name.name not in absent
                    and name.name not in present):
                meeting.attendees.append(PersonRef(name.name, Span(name.start, name.end)))
                present.add(name.name)
