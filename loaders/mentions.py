"""Facts stated in running text of any genre: meetings mentioned in passing and mandates.

"Møde i Kontaktudvalget den 27. oktober 2020", "KKR Midtjylland holdt møde den 9. september
2020", a meeting calendar; "Christian Harsløf, direktør i KL", "Direktør for Erhvervshus
Midtjylland, Erik Krarup", "KD-Net udpegede Lauge Clemmesen til Uddannelsesstyregruppen",
"Claus Wistoft (V) Syddjurs, har valgt at træde ud af Praksisplanudvalget".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from loaders.bodies import (
    BodyMention,
    BodyName,
    find_bodies,
    indefinite,
    municipality_named,
    resolve_body,
)
from loaders.budget import check
from loaders.dates import find_dates
from loaders.facts import BodyRef, DocumentFacts, MandateFact, MeetingFact, PersonRef, Span
from loaders.language import cue, cue_text, danish, number_words
from loaders.people import NameMatch, find_names
from loaders.structure import lines_of, sentences

MAX_GAP = 60


@cache
def _role_pattern() -> re.Pattern[str]:
    words = []
    for titles in danish()["roles"].values():
        words.extend(titles)
    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)


@cache
def _role_of_word() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for role, titles in danish()["roles"].items():
        for title in titles:
            mapping[title.casefold()] = role
    return mapping


def role_for_title(title: str) -> str | None:
    """The kg:Roles concept of a printed title ("Specialkonsulent" -> Consultant)."""
    return _role_of_word().get(title.strip().casefold())


def _phrases(key: str) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(p) for p in danish()[key]), re.IGNORECASE)


# --- meetings mentioned in passing ---------------------------------------------------------


def find_mentioned_meetings(facts: DocumentFacts, default_year: int | None) -> None:
    """Add every dated meeting of a named body that the text mentions."""
    text = facts.clean.text
    main = facts.main_meeting
    seen: set[tuple[str, date]] = set()
    if main is not None and main.date is not None:
        seen.add((main.body.name, main.date))
    calendar_body: BodyMention | None = None
    calendar_until = -1
    for line in lines_of(text):
        stripped = line.text.strip().lstrip("• ")
        if cue("calendar_heading").match(stripped) or (
            stripped.endswith(":") and cue("meeting_of_noun").search(stripped)
        ):
            calendar_body = _calendar_body(facts, line.start, line.end)
            calendar_until = line.end + 400
            continue
        listed = _calendar_line(text, line.start, line.end, default_year)
        if listed is not None:
            listed_body, when = listed
            _add_meeting(
                facts,
                seen,
                listed_body,
                when,
                Span(line.start + len(line.text) - len(line.text.lstrip("• ")), line.end),
                text,
            )
            continue
        if calendar_body is not None and line.start <= calendar_until:
            dates = list(find_dates(text, default_year, line.start, line.end))
            if dates and len(stripped) <= 40 and not find_bodies(text, line.start, line.end):
                _add_meeting(
                    facts, seen, calendar_body, dates[0].value, Span(line.start, line.end), text
                )
                calendar_until = line.end + 200
                continue
            if not dates:
                calendar_body = None
    _table_rows(facts, seen, default_year)
    _assemblies(facts, seen, default_year)
    spans = sentences(text)
    starts = [s for s, _ in spans]
    for found in find_dates(text, default_year):
        check()
        index = max(0, bisect.bisect_right(starts, found.start) - 1)
        sentence_start, sentence_end = spans[index] if spans else (0, len(text))
        sentence_start = max(sentence_start, found.start - 300)
        sentence = text[sentence_start:sentence_end]
        if not cue("meeting_word").search(sentence):
            continue
        body = _body_for_date(text, sentence_start, found.start, found.end, sentence_end, facts)
        if body is None:
            continue
        span = Span(min(body.start, found.start), max(body.end, found.end))
        meeting = _add_meeting(facts, seen, body, found.value, span, text)
        if meeting is not None and cue("cancelled").search(text, found.end, sentence_end):
            meeting.cancelled = True


SHORT_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")


def _table_rows(
    facts: DocumentFacts, seen: set[tuple[str, date]], default_year: int | None
) -> None:
    """Process tables: a row with a "10/6" date and a body, or "RM regionsrådet (24/6)"."""
    from loaders.dates import context_year, parse_date

    text = facts.clean.text
    for line in lines_of(text):
        if line.text.count("\t") < 2:
            continue
        cells, offset = [], line.start
        for cell in line.text.split("\t"):
            cells.append((offset, cell))
            offset += len(cell) + 1
        if cue("meeting_noun_end").search(cells[0][1].strip()):
            continue  # "Sættende bestyrelsesmøde": whose meeting the row does not say
        year = context_year(text, line.start, default_year)
        if year is None:
            continue
        for index, (start, cell) in enumerate(cells):
            plain = SHORT_DATE.fullmatch(cell.strip())
            if plain:
                when = parse_date(int(plain.group(1)), int(plain.group(2)), year)
                others = [c for i, c in enumerate(cells) if i != index]
                for other_start, other in others:
                    bodies = find_bodies(text, other_start, other_start + len(other))
                    if bodies and when:
                        _add_meeting(
                            facts, seen, bodies[0], when, Span(bodies[0].start, bodies[0].end), text
                        )
                        break
                continue
            for dated in re.finditer(r"\((\d{1,2})/(\d{1,2})\)", cell):
                bodies = [
                    b
                    for b in find_bodies(text, start, start + dated.start())
                    if start + dated.start() - b.end <= 2
                ]
                when = parse_date(int(dated.group(1)), int(dated.group(2)), year)
                if bodies and when:
                    _add_meeting(
                        facts,
                        seen,
                        bodies[-1],
                        when,
                        Span(bodies[-1].start, start + dated.end()),
                        text,
                    )


def _assemblies(
    facts: DocumentFacts, seen: set[tuple[str, date]], default_year: int | None
) -> None:
    """ "stiftende generalforsamling den 31. august 2020" inside an item about a body: that
    body's general assembly."""
    text = facts.clean.text
    main = facts.main_meeting
    if main is None:
        return
    for match in cue("general_assembly").finditer(text):
        found = next(find_dates(text, default_year, match.end(), match.end() + 25), None)
        if found is None or found.start != match.end():
            continue
        item = next((i for i in reversed(main.items) if i.span.start <= match.start()), None)
        if item is None:
            continue
        subject = find_bodies(text, item.span.start, item.span.end)
        if subject:
            _add_meeting(facts, seen, subject[0], found.value, Span(match.start(), found.end), text)


def _own_body(facts: DocumentFacts) -> BodyMention | None:
    """The document's own meeting body, as a mention at its header."""
    main = facts.main_meeting
    if main is None:
        return None
    body = resolve_body(main.body.name) or BodyName(main.body.name, "group")
    return BodyMention(main.body.span.start, main.body.span.end, main.body.name, body)


def _calendar_body(facts: DocumentFacts, start: int, end: int) -> BodyMention | None:
    """Whose meetings a calendar lists: the body it names ("Mødeplan for Ældrerådet 2016:",
    "Dato for Ældrerådsmøderne blev aftalt til:"), else the document's own body."""
    text = facts.clean.text
    bodies = find_bodies(text, start, end)
    if bodies:
        return bodies[0]
    compound = cue("meeting_of_noun").search(text, start, end)
    own = _own_body(facts)
    if compound and own is not None:
        noun = compound.group("body").casefold()
        if indefinite(own.body.name).endswith(noun) or noun in own.body.name.casefold():
            return own
    return own


def _body_for_date(
    text: str,
    sentence_start: int,
    date_start: int,
    date_end: int,
    sentence_end: int,
    facts_of_text: DocumentFacts | None = None,
) -> BodyMention | None:
    """The body whose meeting a date is.

    A possessive before "møde" wins ("Uddannelsesstyregruppens møde med VIA's direktion den
    11. maj"); otherwise the nearest body named before the date in the same clause, or a body
    right after it ("22. januar 2021: KD-Net drøfter ...").
    """
    own = cue("own_meeting_before_date").search(text, max(sentence_start, date_start - 60),
                                                date_start)
    if own is not None and facts_of_text is not None:
        return _own_body(facts_of_text)
    before = [
        b for b in find_bodies(text, sentence_start, date_start) if date_start - b.end <= MAX_GAP
    ]
    clause = text[sentence_start:date_start]
    if cue("between").search(clause) and len(before) >= 2:
        return None  # "møde mellem KL og Danske Regioner": no single holder
    at_meeting = cue("at_a_meeting").search(text, max(0, date_start - 40), date_start)
    if at_meeting:
        subject = find_bodies(text, sentence_start, min(date_start, sentence_start + 40))
        if subject and subject[0].start - sentence_start <= 15:
            return subject[0]  # "Kontaktudvalget gav ... på et møde den 27. oktober 2020"
    for body in before:
        if cue("meeting_after_body").match(text, body.end):
            return body
    if before:
        nearest = before[-1]
        gap = cue("date_words").sub("", text[nearest.end : date_start])
        if re.search(r"[.;]", gap):
            return None
        return nearest
    after = list(find_bodies(text, date_end, min(sentence_end, date_end + 40)))
    if after and re.match(r"^[ :,\n]*(?:\w+ )?$", text[date_end : after[0].start]):
        return after[0]
    return None


def _calendar_line(
    text: str, start: int, end: int, default_year: int | None
) -> tuple[BodyMention, date] | None:
    """A short line that is just a body and a date ("Praksisplanudvalget 3. juni",
    "Kontantudvalgsmøde 17. juni")."""
    line = text[start:end].strip().lstrip("• ")
    if len(line) > 60:
        return None
    found = next(find_dates(text, default_year, start, end), None)
    if found is None:
        return None
    label = text[start : found.start].strip().lstrip("• ").strip(" :–-")
    if not label or len(label) > 45:
        return None
    label = cue("meeting_noun_end").sub("", label)
    body = resolve_body(label)
    if body is None:
        return None
    offset = text.find(label, start, found.start)
    return BodyMention(offset, offset + len(label), label, body), found.value


def _add_meeting(
    facts: DocumentFacts,
    seen: set[tuple[str, date]],
    body: BodyMention,
    when: date,
    span: Span,
    text: str,
) -> MeetingFact | None:
    key = (body.body.name, when)
    if key in seen:
        return None
    seen.add(key)
    meeting = MeetingFact(
        BodyRef(body.body.name, Span(body.start, body.end), body.text), when, span
    )
    facts.meetings.append(meeting)
    return meeting


# --- mandates ------------------------------------------------------------------------------


def _body_ref(mention: BodyMention) -> BodyRef:
    return BodyRef(mention.body.name, Span(mention.start, mention.end))


def _person(name: NameMatch, party: str | None = None) -> PersonRef:
    return PersonRef(name.name, Span(name.start, name.end), party)


GROUP_KINDS = ("group", "committee", "secretariat", "network", "council", "board")
STAFF_ROLES = ("Consultant", "TeamLeader", "Secretary")


def _topic_body(facts: DocumentFacts, position: int) -> BodyMention | None:
    """The body a passage is about: the nearest heading line before it that names one."""
    text = facts.clean.text
    for line in reversed([ln for ln in lines_of(text) if ln.end <= position]):
        stripped = line.text.strip().lstrip("• ")
        if len(stripped) > 90 or stripped.endswith((".", ",")):
            continue
        bodies = find_bodies(text, line.start, line.end)
        if bodies and (bodies[0].start - line.start) <= 12:
            return bodies[0]
    return None


def _antecedent(
    facts: DocumentFacts, position: int, window: int = 400, noun: str | None = None
) -> BodyMention | None:
    """The group a back-reference ("af gruppen", "udpeget af KD-Net") points to.

    With ``noun`` ("gruppe", "udvalg") only bodies whose name holds that noun qualify.
    """
    text = facts.clean.text
    groups = [
        b
        for b in find_bodies(text, max(0, position - window), position)
        if b.body.kind in GROUP_KINDS
        and (noun is None or noun in b.body.name.casefold() or noun in b.text.casefold())
    ]
    if groups:
        return groups[-1]
    topic = _topic_body(facts, position)
    if topic is not None and (noun is None or noun in topic.body.name.casefold()):
        return topic
    return None


@dataclass
class _Sentence:
    facts: DocumentFacts
    start: int
    end: int
    names: list[NameMatch]
    bodies: list[BodyMention]

    @property
    def text(self) -> str:
        return self.facts.clean.text

    def body_at(self, position: int, within: int = 2) -> BodyMention | None:
        """A body named right at ``position`` (after optional spaces)."""
        for body in self.bodies:
            if position <= body.start <= position + within:
                return body
        return None

    def body_after_preposition(self, position: int) -> BodyMention | None:
        """ "i KL", "for Erhvervshus Midtjylland": the body a preposition at ``position`` names."""
        match = cue("preposition").match(self.text, position)
        if match is None:
            return None
        return self.body_at(match.end(), within=0)


def find_mandates(facts: DocumentFacts, known: frozenset[str]) -> None:
    """Add the mandates the text states about named persons."""
    text = facts.clean.text
    for s_start, s_end in sentences(text):
        check()
        names = find_names(text, s_start, s_end, known)
        if not names:
            continue
        sentence = _Sentence(facts, s_start, s_end, names, find_bodies(text, s_start, s_end))
        for rule in (
            _apposition,
            _title_before,
            _copula,
            _representative,
            _leaving,
            _joining,
            _appointment,
            _chairs,
            _replacement,
        ):
            rule(sentence)
        if _phrases("new_director").search(text, s_start, s_end):
            _new_directors(facts, s_end, known)
    _listed_appointments(facts, known)
    _drop_vague(facts)


def _drop_vague(facts: DocumentFacts) -> None:
    """An affiliation ("X, KL") adds nothing when the same text gives the role ("direktør i KL")."""
    specific = {(m.person.name, m.body.name) for m in facts.mandates if m.role != "Employee"}
    facts.mandates = [
        m
        for m in facts.mandates
        if m.role != "Employee" or (m.person.name, m.body.name) not in specific or m.job_title
    ]


def _apposition(s: _Sentence) -> None:
    """ "X, direktør i KL", "X, teamleder", "X, Silkeborg Kommune", "X (V) Syddjurs", "X fra Y"."""
    text = s.text
    for name in s.names:
        party = re.compile(r",?[ ]*\(([A-ZÆØÅ]{1,3})\),?[ ]*").match(text, name.end)
        after = party.end() if party else name.end
        comma = re.compile(r",[ \n]*").match(text, after)
        if comma:
            role = _role_pattern().match(text, comma.end())
            if role:
                role_name = role_for_title(role.group())
                body = s.body_after_preposition(role.end())
                if body is None and role_name in STAFF_ROLES:
                    body = _topic_body(s.facts, name.start)
                _add(
                    s.facts,
                    name,
                    role.group(),
                    body,
                    Span(name.start, body.end if body and body.start > name.start else role.end()),
                    party.group(1) if party else None,
                )
                continue
        position = comma.end() if comma else after
        body = s.body_at(position, within=0)
        if body is None:
            via = cue("from_body").match(text, after)
            body = s.body_at(via.end(), within=0) if via else None
        if body is None and party:
            place = re.compile(r"([A-ZÆØÅ][\w-]+)").match(text, position)
            municipality = municipality_named(place.group(1)) if place else None
            if place is not None and municipality is not None:
                body = BodyMention(place.start(1), place.end(1), place.group(1), municipality)
        if body is None or (
            not comma and not party and not cue("from_body").match(text, after)
        ):
            continue
        role_word = (
            "Other"  # a politician, by the party letter
            if party
            else (
                "Member"
                if body.body.kind in GROUP_KINDS and body.body.kind != "secretariat"
                else "Employee"
            )
        )
        _add(
            s.facts,
            name,
            role_word,
            body,
            Span(name.start, body.end),
            party.group(1) if party else None,
        )


def _title_before(s: _Sentence) -> None:
    """ "Direktør for Erhvervshus Midtjylland, Erik Krarup", "Specialkonsulent Thomas Mikkelsen"."""
    text = s.text
    for name in s.names:
        title = None
        for match in _role_pattern().finditer(text, max(s.start, name.start - 70), name.start):
            title = match
        if title is None:
            continue
        gap = text[title.end() : name.start]
        body = s.body_after_preposition(title.end())
        if (
            body is not None
            and body.end <= name.start
            and re.fullmatch(r",?[ \n]*", text[body.end : name.start])
        ):
            _add(s.facts, name, title.group(), body, Span(title.start(), name.end), None)
        elif re.fullmatch(r"[ \n]*|,[ \n]*", gap):
            role_name = role_for_title(title.group())
            target = s.body_after_preposition(name.end)
            if target is None:
                # "Kommunaldirektør Anna Hougaard, Syddjurs Kommune, ..."
                comma = re.compile(r",[ \n]*").match(text, name.end)
                placed = s.body_at(comma.end(), within=0) if comma else None
                if placed is not None and placed.body.kind == "municipality":
                    target = placed
            if target is None and role_name in STAFF_ROLES:
                target = _topic_body(s.facts, name.start)
            if target is None:
                target = _implied_body(s.facts, title.group(), title.start())
            _add(
                s.facts,
                name,
                title.group(),
                target,
                Span(title.start(), target.end if target and target.start > name.end else name.end),
                None,
            )


def _implied_body(facts: DocumentFacts, title: str, position: int) -> BodyMention | None:
    """A body a title implies by itself ("beskæftigelsesminister" -> Regeringen)."""
    for suffix, body_name in (danish().get("implied_bodies") or {}).items():
        if title.casefold().endswith(suffix):
            body = resolve_body(body_name) or BodyName(body_name, "other")
            return BodyMention(position, position + len(title), title, body)
    return None


def _copula(s: _Sentence) -> None:
    """ "Niels Jensen er direktør for VARO Specialmaskiner", "X er Group CFO ved Stibo ..."."""
    text = s.text
    for name in s.names:
        copula = re.compile(r"[ ]+er[ ]+").match(text, name.end)
        if copula is None:
            continue
        role = _role_pattern().match(text, copula.end())
        if role is None:
            continue
        body = s.body_after_preposition(role.end())
        if body is None:
            company = cue("company_after_role").match(text, role.end())
            if company:
                label = company.group(1).strip()
                body = BodyMention(
                    company.start(1),
                    company.start(1) + len(label),
                    label,
                    resolve_body(label) or BodyName(label, "company"),
                )
        _add(
            s.facts,
            name,
            role.group(),
            body,
            Span(name.start, body.end if body else role.end()),
            None,
        )


def _representative(s: _Sentence) -> None:
    """ "X ... er indstillet som Dansk Erhvervs repræsentant"."""
    text = s.text
    for match in cue("as_word").finditer(text[s.start : s.end]):
        body = s.body_at(s.start + match.end(), within=0)
        if body is None or not cue("representative_after").match(text, body.end):
            continue
        for name in [n for n in s.names if n.end <= body.start][:1]:
            _add(s.facts, name, "Representative", body, Span(name.start, body.end + 13), None)


def _leaving(s: _Sentence) -> None:
    """ "Claus Wistoft ... har valgt at træde ud af Praksisplanudvalget", "X er udtrådt",
    "X udtræder af bestyrelsen pr. 1. maj": the membership ends (on the date given, else on
    the meeting's)."""
    text = s.text
    for said in _phrases("leaving").finditer(text, s.start, s.end):
        before = [n for n in s.names if n.end <= said.start() and said.start() - n.end < 80]
        if not before:
            continue
        name = before[-1]
        body = _changed_body(s, said.end())
        if body is None:
            continue
        _add(s.facts, name, "Member", body, Span(name.start, said.end()), None,
             end=_effective(s, said.end()), left=True)


def _joining(s: _Sentence) -> None:
    """ "Som nyt medlem indtræder Hanne Friis", "X afløser Y i bestyrelsen", "X er nyvalgt
    formand": a membership (or chair) that starts, on the date given or the meeting's."""
    text = s.text
    for said in cue("joining").finditer(text, s.start, s.end):
        after = [n for n in s.names if n.start >= said.end() and n.start - said.end() < 60]
        before = [n for n in s.names if n.end <= said.start() and said.start() - n.end < 60]
        replacing = cue("replaces_word").fullmatch(said.group()) is not None
        candidates = [before[-1]] if replacing and before else after or before
        if not candidates:
            continue
        newcomer = candidates[0]
        body = _changed_body(s, said.end())
        if body is None:
            continue
        role = cue("role_in_change").search(text, max(s.start, said.start() - 30), s.end)
        title = role.group() if role else "Member"
        _add(s.facts, newcomer, title, body, Span(min(newcomer.start, said.start()),
             max(newcomer.end, said.end())), None, start=_effective(s, said.end()))
        if replacing and after:
            _add(s.facts, after[0], "Member", body, Span(said.start(), after[0].end), None,
                 end=_effective(s, said.end()), left=True)


def _changed_body(s: _Sentence, position: int) -> BodyMention | None:
    """The body a change of members concerns: named right after ("udtræder af
    Praksisplanudvalget"), referred back to ("af gruppen", "i bestyrelsen": the document's
    own body when its name has that noun), or the group named before."""
    text = s.text
    body = s.body_at(position + 1, within=3)
    if body is None:
        anaphor = cue("left_body_anaphor").search(text, position, min(s.end, position + 60))
        noun = anaphor.group(1) if anaphor else None
        own = _own_body(s.facts)
        if own is not None and (noun is None or noun in own.body.name.casefold()):
            body = own  # "udtræder af bestyrelsen" in the board's own minutes
        else:
            body = _antecedent(s.facts, s.start, noun=noun)
    if body is None or body.body.kind == "municipality":
        return None
    return body


def _effective(s: _Sentence, position: int) -> date | None:
    """The date a change takes effect: "pr. 1. maj", "fra den 1. januar 2024", else the date
    of the meeting that records it."""
    main = s.facts.main_meeting
    default = main.date if main is not None and main.main else None
    year = default.year if default else None
    for found in find_dates(s.text, year, position, s.end):
        if cue("effective_from").search(s.text, max(position, found.start - 25), found.start):
            return found.value
    return default


def _project_group(s: _Sentence, position: int) -> BodyMention | None:
    """ "pladsen i styregruppen", "styregruppen for projektet" under a heading "Projekt X":
    the group of that project, named "Styregruppen for Projekt X"."""
    text = s.text
    match = cue("project_group").search(text, position, min(s.end, position + 60))
    if match is None:
        return None
    heading = next(
        (
            line
            for line in reversed(lines_of(text[: s.start]))
            if cue("project_heading").match(line.text.strip()) and len(line.text) < 160
        ),
        None,
    )
    if heading is None:
        return None
    noun = (match.group("noun") or match.group("noun2") or match.group("noun3")).capitalize()
    name = f"{noun} for {heading.text.strip()}"
    return BodyMention(match.start(), match.end(), match.group(), BodyName(name, "group"))


def _appointment(s: _Sentence) -> None:
    """ "KD-Net udpegede Lauge Clemmesen til Uddannelsesstyregruppen", "X ... er udpeget til Y",
    "X og Y ... udpeget af KD-Net" (to the group named just before)."""
    text = s.text
    previous_cue_end = s.start
    for said in _phrases("appointing").finditer(text, s.start, s.end):
        floor, previous_cue_end = previous_cue_end, said.end()
        target = None
        to = cue("appointed_to").search(
            text, said.end(), min(s.end, said.end() + 80)
        )
        if to and re.search(r"[.;:]", text[said.end() : to.start()]):
            to = None
        if to:
            target = s.body_at(to.end(), within=0) or _project_group(s, to.start())
            if target is None and cue("the_seats").match(text, to.end()):
                target = _seats_offered(s)
        elif cue("appointed_by").match(text, said.end()):
            target = _antecedent(s.facts, s.start, window=250, noun=danish()["group_noun"])
        if target is None or target.body.kind == "municipality":
            continue
        after = [
            n
            for n in s.names
            if said.end() <= n.start < (target.start if target.start > said.end() else s.end)
        ]
        before = [n for n in s.names if floor <= n.start and n.end <= said.start()]
        if after:
            appointed = after
        elif before:
            appointed = [
                n
                for n in before
                if n.start
                >= (
                    before[0].start
                    if cue("and_word").search(text, before[0].end, said.start())
                    else before[-1].start
                )
            ]
        else:
            continue
        decided = _item_at(s.facts, said.start())
        main = s.facts.main_meeting
        role = (
            "BoardMember" if cue("board_word").search(text, target.start, target.end + 12)
            else "Member"
        )
        for name in appointed:
            _add(
                s.facts,
                name,
                role,
                target,
                Span(min(name.start, said.start()), max(name.end, target.end)),
                None,
                start=main.date if decided and main else None,
                item=decided,
            )


def _seats_offered(s: _Sentence) -> BodyMention | None:
    """ "... er udpeget til pladserne": the group whose seats the previous sentence offered."""
    previous = sentences(s.text, max(0, s.start - 300), s.start)
    for start, end in reversed(previous):
        found = _project_group(_Sentence(s.facts, start, end, [], []), start)
        if found is not None:
            return found
    return None


def _chairs(s: _Sentence) -> None:
    """ "med X som formand", "Gruppen har haft kommunaldirektør X, Y Kommune, som formand",
    "Formand for gruppen er X", "Næstformand er X",
    "Formandskabet er delt mellem kommunaldirektør X og Y"."""
    text = s.text
    for name_of_cue in ("chair_as", "chair_is"):
        for match in cue(name_of_cue).finditer(text, s.start, s.end):
            body = next(
                (
                    b
                    for b in reversed(s.bodies)
                    if b.start < match.start() and b.body.kind in GROUP_KINDS
                ),
                None,
            )
            bare = name_of_cue == "chair_is" and match.group("of") is None  # "Næstformand er X"
            if body is None and (
                bare or cue("group_anaphor").search(text, s.start, match.start("who"))
            ):
                body = _topic_body(s.facts, s.start)  # "Gruppen har haft ...": the heading's group
            body = body or _antecedent(s.facts, s.start)
            for name in s.names:
                if match.start("who") <= name.start < match.end("who"):
                    _add(s.facts, name, match.group("role"), body,
                         Span(name.start, max(name.end, match.end("role"))), None)
                    break
    shared = cue("shared_chair").search(text, s.start, s.end)
    if shared:
        body = _topic_body(s.facts, s.start)
        for name in s.names:
            if name.start > shared.end():
                _add(s.facts, name, "Chair", body, Span(name.start, name.end), None)


def _replacement(s: _Sentence) -> None:
    """ "X udtræder af gruppen og erstattes af ... Børge Knudsen": Y joins the group X left."""
    text = s.text
    said = cue("replaced_by").search(text[s.start : s.end])
    if said is None:
        return
    left = [m for m in s.facts.mandates if m.end is not None or m.role == "Member"]
    replaced = [n for n in s.names if n.end <= s.start + said.start()]
    incoming = [n for n in s.names if n.start >= s.start + said.end()]
    if not replaced or not incoming:
        return
    for mandate in left:
        if mandate.person.name == replaced[-1].name and mandate.role == "Member":
            body = BodyMention(
                mandate.body.span.start,
                mandate.body.span.end,
                mandate.body.name,
                resolve_body(mandate.body.name) or BodyName(mandate.body.name, "group"),
            )
            _add(
                s.facts,
                incoming[0],
                "Member",
                body,
                Span(s.start + said.start(), incoming[0].end),
                None,
            )
            return


def _listed_appointments(facts: DocumentFacts, known: frozenset[str]) -> None:
    """ "... har udpeget tre medlemmer til Den Midtjyske Iværksætterfonds bestyrelse:" followed by
    one paragraph per appointee."""
    text = facts.clean.text
    pattern = re.compile(
        cue_text("listed_appointments").replace("{count}", "|".join(number_words())),
        re.IGNORECASE,
    )
    for match in pattern.finditer(text):
        count = number_words().get(match.group("count").casefold()) or int(match.group("count"))
        bodies = find_bodies(text, match.start("target"), match.end("target"))
        if not bodies:
            continue
        target = bodies[0]
        role = "BoardMember" if cue("board_word").search(match.group("target")) else "Member"
        found = 0
        for line in lines_of(text):
            if line.start <= match.end() or found >= count:
                continue
            names = find_names(text, line.start, line.end, known)
            if names and names[0].start - line.start <= 2:
                _add(facts, names[0], role, target, Span(names[0].start, names[0].end), None)
                found += 1


def _item_at(facts: DocumentFacts, position: int) -> str | None:
    """Number of the main meeting's item whose decision section holds ``position``."""
    main = facts.main_meeting
    if main is None:
        return None
    for item in main.items:
        span = item.section_spans.get("decision")
        if span and span.start <= position <= span.end:
            return item.number
    return None


def _new_directors(facts: DocumentFacts, after: int, known: frozenset[str]) -> None:
    """The list after "velkommen til tre nye kommunaldirektører:": "X i Y Kommune"."""
    text = facts.clean.text
    main = facts.main_meeting
    for line in lines_of(text):
        if line.start < after:
            continue
        if not line.text.startswith("• "):
            if line.start > after + 2:
                break
            continue
        names = find_names(text, line.start, line.end, known)
        bodies = [
            b for b in find_bodies(text, line.start, line.end) if b.body.kind == "municipality"
        ]
        if names and bodies:
            _add(
                facts, names[0], "MunicipalDirector", bodies[0],
                Span(line.start + 2, line.end), None,
            )
            if main is not None and main.main:
                meeting_body = BodyMention(
                    main.body.span.start,
                    main.body.span.end,
                    main.body.name,
                    resolve_body(main.body.name) or BodyName(main.body.name, "group"),
                )
                _add(facts, names[0], "Member", meeting_body, Span(line.start + 2, line.end), None)


def _add(
    facts: DocumentFacts,
    name: NameMatch,
    title: str,
    body: BodyMention | None,
    span: Span,
    party: str | None,
    *,
    start: date | None = None,
    end: date | None = None,
    left: bool = False,
    item: str | None = None,
) -> None:
    """Record a mandate once per (person, role, body); later statements add dates.

    ``title`` is the title as printed ("Specialkonsulent"), or the name of a role of kg:Roles
    ("Member") where the text states the role without a title.
    """
    stated_role = title in danish()["roles"]
    role = title if stated_role else role_for_title(title)
    if role is None or body is None:
        return
    if role in ("MunicipalDirector", "Mayor") and body.body.kind != "municipality":
        return
    printed = title.strip()
    job_title = None if stated_role or printed.casefold() in _generic_titles() else printed
    for existing in facts.mandates:
        if (
            existing.person.name == name.name
            and existing.role == role
            and existing.body.name == body.body.name
        ):
            existing.end = existing.end or (end if left else None)
            existing.start = existing.start or start
            existing.established_by_item = existing.established_by_item or item
            return
    facts.mandates.append(
        MandateFact(
            person=PersonRef(name.name, Span(name.start, name.end), party),
            role=role,
            body=BodyRef(body.body.name, Span(body.start, body.end), body.text),
            span=span,
            start=start,
            end=end if left else None,
            job_title=job_title,
            established_by_item=item,
        )
    )


@cache
def _generic_titles() -> frozenset[str]:
    """Role words that say nothing beyond the role ("medlem", "formand"): no job title."""
    return frozenset(t.casefold() for t in danish()["generic_titles"])
