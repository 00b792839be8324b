"""Meeting documents: agendas, minutes and single-case decisions of any body.

One parser serves every layout seen so far (KKR agendas, KD-Net minutes, a Direktion case),
because they share one anatomy: a header naming the body and the date, optionally an
attendance block, then numbered items whose labelled sections (Baggrund, Indstilling,
Sagsfremstilling, Referat/Beslutning) carry the recommendation and the decision. What a
document does not show (no date, no items) is left out and reported in the document's notes.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from loaders.bodies import BodyMention, BodyName, find_bodies, resolve_body
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
    SubstitutionFact,
)
from loaders.language import danish
from loaders.mentions import _add as _add_mandate
from loaders.mentions import _role_of_word, _role_pattern
from loaders.outcomes import classify, outcomes_in
from loaders.people import NameMatch, find_names, strip_possessive
from loaders.structure import (
    CASE_NUMBER,
    Heading,
    Line,
    item_headings,
    lines_of,
    section_label,
)

TIME_RANGE = re.compile(r"kl\.?\s*(\d{1,2})[.:](\d{2})\s*[–-]\s*(\d{1,2})[.:](\d{2})")
PRESENTER_VERBS = re.compile(
    r"[ ,]*(?:\([A-ZÆØÅ]{1,3}\),?[ ]*)?(?:[^.]{0,60}?,[ ]*)?"
    r"(?:deltager på mødet|orienterer om|orienterede om|"
    r"orienterer|orienterede|indleder|indledte punktet|indledte drøftelsen|fremlægger|fremlagde|"
    r"præsenterer|præsenterede)\b"
)
SPEECH_VERBS = re.compile(
    r"[ ]*(?:indledte|orienterede|roste|foreslog|tilkendegav|ytrede|gjorde opmærksom|"
    r"understregede|kvitterede|takkede|bemærkede|spurgte|oplyste|meddelte|fremlagde)\b"
)
HEADER_LINES = 6


def _role_words() -> set[str]:
    return set(_role_of_word())


def _span(line: Line) -> Span:
    return Span(line.start, line.end)


def _header(facts: DocumentFacts, lines: list[Line]) -> MeetingFact | None:
    """The document's own meeting: body and date from the title, a footer, or the wording."""
    text = facts.clean.text
    for line in lines[:HEADER_LINES]:
        end = min(line.end, line.start + 300)  # a title, not a run-on line of a broken file
        bodies = find_bodies(text, line.start, end)
        dates = list(find_dates(text, None, line.start, end))
        if bodies and dates:
            body = bodies[0]
            return MeetingFact(
                BodyRef(body.body.name, Span(body.start, body.end), body.text),
                dates[0].value,
                Span(line.start, line.end),
                main=True,
            )
    for removed in facts.clean.removed:
        if removed.kind != "footer" or "|" not in removed.text:
            continue
        name, _, when = removed.text.partition("|")
        dates = list(find_dates(when.strip()))
        bodies = find_bodies(name.strip())
        if dates and bodies:
            # Footers are not part of the clean text: anchor the meeting at the first line.
            first = next(line for line in lines if line.text.strip())
            facts.notes.append(
                f"meeting date {dates[0].value.isoformat()} read from the page "
                f"footer '{removed.text}'"
            )
            meeting = MeetingFact(
                BodyRef(bodies[0].body.name, _span(first)), dates[0].value, _span(first), main=True
            )
            meeting.footer = removed  # type: ignore[attr-defined]
            return meeting
    return None


def _deciding_body(facts: DocumentFacts) -> BodyRef | None:
    """The body the recommendations address ("Det indstilles, at KKR Midtjylland ...")."""
    text = facts.clean.text
    counts: Counter[str] = Counter()
    first: dict[str, BodyRef] = {}
    for match in re.finditer(r"(?:indstilles|indstiller),? at[ \n]+", text, re.IGNORECASE):
        bodies = find_bodies(text, match.end(), match.end() + 60)
        if bodies and bodies[0].start == match.end():
            name = bodies[0].body.name
            counts[name] += 1
            first.setdefault(name, BodyRef(name, Span(bodies[0].start, bodies[0].end)))
    if not counts:
        return None
    return first[counts.most_common(1)[0][0]]


def _time_place_mode(facts: DocumentFacts, meeting: MeetingFact, lines: list[Line]) -> None:
    text = facts.clean.text
    labels = danish()["attendance"]["time_place"]
    modes = danish()["meeting_modes"]
    for line in lines[:25]:
        lower = line.text.casefold()
        header = meeting.span.start <= line.start < meeting.span.end
        if header or any(lower.startswith(label.casefold()) for label in labels):
            if meeting.date is None:
                found = next(find_dates(text, None, line.start, line.end), None)
                if found:
                    meeting.date = found.value
            times = TIME_RANGE.search(line.text)
            if times:
                meeting.start_time = f"{int(times.group(1)):02d}:{times.group(2)}"
                meeting.end_time = f"{int(times.group(3)):02d}:{times.group(4)}"
            place = re.search(r"(?:Sted|Mødested):\s*(.+)$", line.text)
            if place:
                meeting.location = place.group(1).strip().rstrip(",.")
        if lower.startswith(("mødet blev afholdt", "mødet afholdes", "sted:", "mødested:")) or any(
            lower.startswith(label.casefold()) for label in labels
        ):
            for mode, words in modes.items():
                if any(re.search(rf"\b{re.escape(w.casefold())}", lower) for w in words):
                    meeting.mode = mode


def _attendance(
    facts: DocumentFacts, meeting: MeetingFact, lines: list[Line], known: frozenset[str]
) -> None:
    """Participants, absences and substitutes from the attendance block and the minutes."""
    text = facts.clean.text
    words = danish()["attendance"]
    absent_labels = [w.casefold() for w in words["absent"]]
    present_labels = [w.casefold() for w in words["present"]]
    markers = "|".join(re.escape(m) for m in words["substitute_markers"])
    participant_role = None
    for line in lines[:40]:
        lower = line.text.casefold()
        if any(lower.startswith(label + ":") for label in present_labels):
            role_word = _role_pattern().search(line.text)
            participant_role = role_word.group() if role_word else None
    for line in lines[:40]:
        lower = line.text.casefold()
        if any(lower.startswith(label + ":") for label in absent_labels):
            names = find_names(text, line.start, line.end, known)
            cue = re.search(rf"\b(?:{markers})\b", line.text, re.IGNORECASE)
            cue_at = line.start + cue.start() if cue else line.end
            absent = [n for n in names if n.start < cue_at]
            substitutes = [n for n in names if n.start >= cue_at]
            for name in absent:
                meeting.absentees.append(PersonRef(name.name, Span(name.start, name.end)))
                _member_of_meeting_body(facts, meeting, name, participant_role)
            if absent and substitutes:
                sub = substitutes[0]
                _add_mandate(
                    facts, sub, "suppleant", _meeting_body(meeting), Span(sub.start, sub.end), None
                )
                meeting.substitutions.append(
                    SubstitutionFact(
                        PersonRef(absent[-1].name, Span(absent[-1].start, absent[-1].end)),
                        PersonRef(sub.name, Span(sub.start, sub.end)),
                        _span(line),
                    )
                )
                meeting.attendees.append(PersonRef(sub.name, Span(sub.start, sub.end)))
        elif any(lower.startswith(label + ":") for label in present_labels):
            for name in find_names(text, line.start, line.end, known):
                meeting.attendees.append(PersonRef(name.name, Span(name.start, name.end)))
    # "... Jørgen Andersen ..., som deltog i Jesper Hosbond Jensens sted"
    for match in re.finditer(r"deltog i ([^,.]{3,60}?)s sted", text):
        before = find_names(text, max(0, match.start() - 120), match.start(), known)
        replaced = find_names(text, match.start(1), match.end(1) + 1, known)
        if before and replaced:
            sub, stood_in_for = before[-1], replaced[0]
            absent_name = strip_possessive(stood_in_for.name, set(known))
            meeting.substitutions.append(
                SubstitutionFact(
                    PersonRef(absent_name, Span(stood_in_for.start, stood_in_for.end)),
                    PersonRef(sub.name, Span(sub.start, sub.end)),
                    Span(sub.start, match.end()),
                )
            )
    for match in re.finditer(r"ikke (?:var|er) afbud fra[ \n]+", text):
        for name in find_names(text, match.end(), match.end() + 60, known)[:1]:
            meeting.attendees.append(PersonRef(name.name, Span(name.start, name.end)))
    # "... byde velkommen til tre nye kommunaldirektører:" and the list that follows.
    headings = item_headings(lines)
    first_item = headings[0].line.start if headings else len(text)
    for match in re.finditer(r"velkommen til\b", text[:first_item]):
        end_of_sentence = text.find("\n", match.end())
        end_of_sentence = len(text) if end_of_sentence == -1 else end_of_sentence
        region_end = end_of_sentence
        if text[end_of_sentence - 1 : end_of_sentence] == ":":
            for line in lines:
                if line.start > end_of_sentence and line.text.startswith("• "):
                    region_end = line.end
                elif line.start > region_end + 1:
                    break
        away = {p.name for p in meeting.absentees}
        for name in find_names(text, match.end(), region_end, known):
            if name.name not in away and not any(
                s.substitute.name == name.name for s in meeting.substitutions
            ):
                meeting.attendees.append(PersonRef(name.name, Span(name.start, name.end)))


def _meeting_body(meeting: MeetingFact) -> BodyMention:
    body = resolve_body(meeting.body.name) or BodyName(meeting.body.name, "group")
    return BodyMention(meeting.body.span.start, meeting.body.span.end, meeting.body.name, body)


def _member_of_meeting_body(
    facts: DocumentFacts, meeting: MeetingFact, name: NameMatch, participant_role: str | None
) -> None:
    """An apology for a meeting whose participants are "Kommunaldirektørerne ...": the person
    is a member of the meeting's body and, with a municipality named, its municipal director."""
    text = facts.clean.text
    _add_mandate(facts, name, "medlem", _meeting_body(meeting), Span(name.start, name.end), None)
    place = re.compile(r",[ ]*").match(text, name.end)
    if place is None or participant_role is None:
        return
    bodies = find_bodies(text, place.end(), place.end() + 40)
    if bodies and bodies[0].start == place.end() and bodies[0].body.kind == "municipality":
        role = participant_role.casefold()
        for word in sorted(_role_words(), key=len, reverse=True):
            if role.startswith(word):
                _add_mandate(facts, name, word, bodies[0], Span(name.start, bodies[0].end), None)
                break


def _presenters(
    text: str, title: str, title_start: int, body_start: int, body_end: int, known: frozenset[str]
) -> tuple[str, list[PersonRef]]:
    """Split "Title v. Presenter og Presenter" and find who presents inside the item."""
    presenters: list[PersonRef] = []
    cut = re.search(r"(?:^|\s)v\.\s", title)
    if cut:
        for name in find_names(
            text, title_start + cut.start(), title_start + len(title) + 40, known
        ):
            if name.start < title_start + len(title) + 40:
                presenters.append(PersonRef(name.name, Span(name.start, name.end)))
        title = title[: cut.start()].strip()
    for name in find_names(text, body_start, body_end, known):
        if PRESENTER_VERBS.match(text, name.end) and all(p.name != name.name for p in presenters):
            presenters.append(PersonRef(name.name, Span(name.start, name.end), speaks=True))
    return title.rstrip(" .:"), presenters


def _join(text: str, spans: list[tuple[int, int]]) -> str:
    return " ".join(re.sub(r"\s+", " ", text[s:e]).strip() for s, e in spans).strip()


def _item(
    facts: DocumentFacts,
    heading: Heading,
    region_end: int,
    lines: list[Line],
    known: frozenset[str],
    line_starts: list[int] | None = None,
) -> ItemFact:
    """One numbered item: title (continued over lines), case number, sections, decision."""
    text = facts.clean.text
    title = heading.title
    title_start = heading.line.end - len(heading.title)
    title_end = heading.line.end
    inline = re.search(r"\s(?:Det indstilles|\w+ indstiller)", title)
    inline_recommendation: tuple[int, int] | None = None
    if inline:
        inline_recommendation = (title_start + inline.start() + 1, title_end)
        title = title[: inline.start()]
    starts = line_starts if line_starts is not None else [line.start for line in lines]
    first = bisect.bisect_right(starts, heading.line.end)
    body_lines = []
    for line in lines[first:]:
        if line.start >= region_end:
            break
        body_lines.append(line)
    # Title continued on the next lines ("... den 9.\nseptember 2020", "v. Lars\nKeld Hansen").
    while (
        body_lines
        and section_label(body_lines[0].text) is None
        and not CASE_NUMBER.match(body_lines[0].text)
        and not inline_recommendation
    ):
        nxt = body_lines[0].text
        open_presenter = re.search(r"\sv\.\s+\S+$", title) is not None
        if nxt[:1].islower() or (open_presenter and len(nxt.split()) <= 3):
            title = f"{title} {nxt.strip()}"
            title_end = body_lines[0].end
            body_lines = body_lines[1:]
        else:
            break
    item = ItemFact(number=heading.number, title="", span=Span(heading.line.start, title_end))
    for line in body_lines[:3]:
        case = CASE_NUMBER.search(line.text)
        if case:
            item.case_number = case.group().replace(" ", "-").upper()
            break
    sections: dict[str, list[tuple[int, int]]] = {}
    current: str | None = None
    if inline_recommendation:
        sections.setdefault("recommendation", []).append(inline_recommendation)
    for line in body_lines:
        label = section_label(line.text)
        if label is not None:
            current, rest = label
            if rest:
                offset = line.text.find(rest)
                sections.setdefault(current, []).append((line.start + max(offset, 0), line.end))
            else:
                sections.setdefault(current, [])
            continue
        if current is not None and not CASE_NUMBER.match(line.text):
            sections.setdefault(current, []).append((line.start, line.end))
    item.title, item.presenters = _presenters(
        text, title, title_start, heading.line.end, region_end, known
    )
    for kind, attr in (
        ("background", "background"),
        ("recommendation", "recommendation"),
        ("case_description", "case_description"),
    ):
        if sections.get(kind):
            setattr(item, attr, _join(text, sections[kind]))
            item.section_spans[kind] = Span(sections[kind][0][0], sections[kind][-1][1])
    decision_spans = sections.get("decision") or []
    if decision_spans:
        decision_text = _join(text, decision_spans)
        item.section_spans["decision"] = Span(decision_spans[0][0], decision_spans[-1][1])
        item.decision = _decision(text, decision_spans, decision_text, item.recommendation)
    return item


def _decision(
    text: str, spans: list[tuple[int, int]], joined: str, recommendation: str | None
) -> DecisionFact | None:
    """Type the decision from its wording; fall back on what the recommendation asked."""
    if not joined or re.match(r"^intet at referere", joined, re.IGNORECASE):
        return None
    start, end = spans[0][0], spans[-1][1]
    found = classify(text, spans)
    if found:
        _outcome, s, e = found
        start, end = next((a, b) for a, b in spans if a <= s < b)
        sentence_start = max(text.rfind(". ", start, s) + 2, text.rfind("\n", start, s) + 1, start)
        stops = [i for i in (text.find(".", e, end), text.find("\n", e, end)) if i != -1]
        sentence_end = min(stops) + 1 if stops else end
        outcomes = outcomes_in(text[sentence_start:sentence_end])
        return DecisionFact(outcomes, joined, Span(sentence_start, sentence_end))
    asked = classify(recommendation or "")
    outcome = asked[0] if asked and asked[0] == "Discussed" else "Other"
    return DecisionFact([outcome], joined, Span(start, end))


def _single_case(
    facts: DocumentFacts, meeting: MeetingFact, lines: list[Line], known: frozenset[str]
) -> ItemFact | None:
    """A document that is one case without a number (a Direktion case): its one item."""
    if not any(section_label(line.text) for line in lines):
        return None
    header_end = meeting.span.end if meeting.main else 0
    title_line = next(
        (
            line
            for line in lines
            if line.start >= header_end
            and line.text.strip()
            and section_label(line.text) is None
            and not re.fullmatch(r"\s*(?:Åben|Lukket) [Ss]ag\s*", line.text)
        ),
        None,
    )
    if title_line is None:
        return None
    heading = Heading("", title_line.text.strip(), title_line)
    facts.notes.append("no numbered items; read the document as one unnumbered case")
    return _item(facts, heading, len(facts.clean.text) + 1, lines, known)


def parse_meeting_document(facts: DocumentFacts, known: frozenset[str]) -> None:
    """Fill ``facts`` with the document's own meeting, its items, decisions and attendance."""
    text = facts.clean.text
    lines = [line for line in lines_of(text) if line.text.strip()]
    meeting = _header(facts, lines)
    deciding = _deciding_body(facts)
    if meeting is None:
        if deciding is None:
            facts.notes.append(
                "found no meeting: neither a header with body and date, "
                "a footer, nor recommendations addressed to a body"
            )
            return
        meeting = MeetingFact(deciding, None, deciding.span, main=True)
        facts.notes.append(
            f"the meeting's body ({deciding.name}) was read from the "
            "recommendations; the document states no meeting date"
        )
    _time_place_mode(facts, meeting, lines)
    if meeting.date is None:
        facts.notes.append("the document states no date for its meeting; left undated")
    cases = Counter(m.group().upper() for m in CASE_NUMBER.finditer(text))
    if cases:
        meeting.case_number = cases.most_common(1)[0][0].replace(" ", "-")
    _attendance(facts, meeting, lines, known)
    headings = item_headings(lines)
    line_starts = [line.start for line in lines]
    for index, heading in enumerate(headings):
        check()
        region_end = headings[index + 1].line.start if index + 1 < len(headings) else len(text) + 1
        meeting.items.append(_item(facts, heading, region_end, lines, known, line_starts))
    if not headings:
        single = _single_case(facts, meeting, lines, known)
        if single is not None:
            meeting.items.append(single)
        else:
            facts.notes.append("found no numbered agenda items")
    if any(item.decision for item in meeting.items):
        _speakers_attended(facts, meeting, known)
    for item in meeting.items:
        for presenter in item.presenters:
            if presenter.speaks and presenter.name not in {p.name for p in meeting.attendees}:
                meeting.attendees.append(presenter)
    facts.meetings.append(meeting)


def _speakers_attended(facts: DocumentFacts, meeting: MeetingFact, known: frozenset[str]) -> None:
    """In minutes, a person recorded as speaking at the meeting attended it."""
    text = facts.clean.text
    absent = {p.name for p in meeting.absentees}
    for item in meeting.items:
        span = item.section_spans.get("decision")
        regions = [span] if span else []
        for region in regions:
            for name in find_names(text, region.start, region.end, known):
                if SPEECH_VERBS.match(text, name.end) and name.name not in absent:
                    meeting.attendees.append(PersonRef(name.name, Span(name.start, name.end)))
    # The opening of minutes before the first item ("X indledte mødet").
    first_item = meeting.items[0].span.start if meeting.items else len(text)
    for name in find_names(text, meeting.span.end, first_item, known):
        if SPEECH_VERBS.match(text, name.end) and name.name not in absent:
            meeting.attendees.append(PersonRef(name.name, Span(name.start, name.end)))
