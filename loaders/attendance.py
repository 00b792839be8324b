"""Who attended a meeting, who was absent, and who stood in for whom.

Attendance is stated in blocks ("Deltagere:", "Afbud:", "Fraværende:", "Medlemmer af
udvalget:", the names on the label's line or one per line below it, with parties and roles
beside them) and in sentences ("Der er afbud fra X, Y og Z", "X havde meldt afbud, og Y deltog
i stedet", "Fraværende: X (V) - Y (V) mødte som stedfortræder", "Alle medlemmer var mødt
undtagen X"). What the words right before and after a list of names say decides what the
names are; a block's label decides for names the words leave open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.facts import PersonRef, Span, SubstitutionFact
from loaders.language import cue
from loaders.people import NameMatch, find_names
from loaders.structure import Line, lines_of, section_label

# A block's entries are short lines; a longer line is running text and ends the block.
ENTRY_LENGTH = 160
# An entry's first name starts within this many characters of the line (after a bullet,
# a number, a title).
ENTRY_NAME_AT = 30
# A label without a colon opens a line no longer than this ("Formand Karen Dahl").
UNMARKED_LABEL = 60
ROLE_OF_LABEL = {"chair": "Chair", "vicechair": "ViceChair"}  # roles of kg:Roles
SUBSTITUTE_ROLE = "Substitute"


@dataclass
class Entry:
    """One person as an attendance statement names them."""

    name: NameMatch
    status: str | None  # present | absent | substitute | member | None
    party: str | None = None
    role: str | None = None  # a role of kg:Roles the statement gives the person
    replaces: NameMatch | None = None  # for a substitute: the absent member, where stated
    span: Span | None = None  # the statement, for its evidence


@dataclass
class Attendance:
    entries: list[Entry] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)  # starts of the lines the blocks hold
    group: tuple[str, Span] | None = None  # "Kommunaldirektørerne ... eller deres suppleanter"
    complete: bool = False  # the text states everyone's attendance ("Alle medlemmer var mødt")
    stacked: bool = False  # labels of two columns ran together ("Deltagere: Afbud: ...")


# The status a label gives the names it lists, by the kind of label the cue matched.
DEFAULT_STATUS = {
    "absent": "absent",
    "present": "present",
    "stated": None,
    "members": "member",
    "chair": "present",
    "vicechair": "present",
}


def _label(line: Line) -> tuple[str, str, int] | None:
    """The kind of attendance label a line opens with, the value after it and its offset."""
    match = cue("attendance_label").match(line.text)
    if match is None:
        return None
    if ":" not in line.text[: match.start("value") + 1] and len(line.text.strip()) > UNMARKED_LABEL:
        return None  # "Formand Karen Dahl bemyndiges ...": running text, not a label
    return _label_kind(match), match.group("value"), line.start + match.start("value")


def _label_kind(match: re.Match[str]) -> str:
    """Which kind of attendance label the ``attendance_label`` cue matched."""
    return next(k for k in DEFAULT_STATUS if match.group(k) is not None)


def _groups(text: str, names: list[NameMatch]) -> list[list[NameMatch]]:
    """Names joined into lists ("X, Y og Z") by nothing but list separators."""
    groups: list[list[NameMatch]] = []
    for name in names:
        gap = text[groups[-1][-1].end : name.start] if groups else ""
        if groups and (cue("name_list_separator").match(gap) or cue("name_list_gap").match(gap)):
            groups[-1].append(name)
        else:
            groups.append([name])
    return groups


def read_statement(
    text: str,
    start: int,
    end: int,
    known: frozenset[str],
    default: str | None,
    entry: bool = False,
) -> list[Entry]:
    """The persons one line or sentence names, with what it says of each."""
    names = find_names(text, start, end, known, entry=entry)
    groups = _groups(text, names)
    entries: list[Entry] = []
    for index, group in enumerate(groups):
        head_start = groups[index - 1][-1].end if index else start
        tail_end = groups[index + 1][0].start if index + 1 < len(groups) else end
        head = text[head_start : group[0].start]
        tail = text[group[-1].end : tail_end]
        status = _status(head, tail, default, last=index + 1 == len(groups))
        replaces = None
        if status == "substitute" and index + 1 < len(groups) and (
            cue("substitute_for").search(tail.split("(")[-1]) or re.search(r"\bfor[ ]+$", tail)
        ):
            replaces = groups[index + 1][0]
        if index and cue("substitute_for_before").search(
            text[(groups[index - 2][-1].end if index > 1 else start) : groups[index - 1][0].start]
        ):
            # "Suppleant for Justus Hansen (D), Michael Clasen": the name after stood in.
            status, replaces = "substitute", groups[index - 1][0]
        elif cue("substitute_for_before").search(head):
            status = "absent"
        # "Tine Hundahl Jensen stedfortræder", "1. suppleant Thomas ...": the role is named,
        # not only the standing in for someone ("Y deltog i stedet").
        before = cue("substitute_role_before").search(head)
        after = cue("substitute_role").match(tail.lstrip(" ,–-"))
        called = (status == "substitute" and (before or after)) or (status == "absent" and before)
        # "Anne Holm, Leif Sønderup for Bo Lund": the words after a list speak of its last name.
        last_only = (
            status == "substitute"
            and bool(cue("substitute_after").match(tail))
            and not cue("plural_substitutes").search(tail)
        )
        if default == "absent" and status == "present" and len(group) > 1:
            # "Jens Askov og Henrik Bang-Pedersen, Jes König deltog" under "Fraværende": the
            # one who took part stood in for the others.
            status, last_only = "substitute", True
        for name in group:
            party = cue("party_after_name").match(text, name.end, min(end, name.end + 30))
            entries.append(
                Entry(
                    name,
                    default if last_only and name is not group[-1] else status,
                    party=(party.group("party") or party.group("party2")) if party else None,
                    role=SUBSTITUTE_ROLE if called else None,
                    replaces=replaces,
                    span=Span(start, end),
                )
            )
    _pair_substitutes(entries, plural=bool(cue("plural_substitutes").search(text, start, end)))
    return entries


def _status(head: str, tail: str, default: str | None, last: bool = True) -> str | None:
    """What the words around a list of names say of it. ``last``: no name follows the tail,
    so "X stedfortræder" makes X the substitute, while in "X stedfortræder Y" Y is."""
    if cue("partial_attendance").match(tail):
        return "present"  # "Karoline Bendixen til kl. 18.40 i punkt 2": there for part of it
    if cue("substitute_after").match(tail) and (last or not cue("substitute_noun").fullmatch(tail)):
        return "absent" if cue("did_not_come").search(tail) else "substitute"
    if cue("absent_after").match(tail) or cue("did_not_come").search(tail.split(".")[0]):
        return "absent"
    if cue("substitute_before").search(head):
        return "substitute"
    if cue("absent_before").search(head):
        return "absent"
    if cue("present_after").match(tail):
        return "present"
    return default


def _pair_substitutes(entries: list[Entry], plural: bool = False) -> None:
    """A substitute stood in for the absent member named last before them, unless stated;
    substitutes named together ("A og B deltog som suppleanter") stood in for nobody named."""
    for index, entry in enumerate(entries):
        if entry.status != "substitute" or entry.replaces is not None or plural:
            continue
        before = [e for e in entries[:index] if e.status == "absent"]
        after = [e for e in entries[index + 1 :] if e.status == "absent"]
        # "X, indkaldes ... som følge af afbud fra Y": the absent member may be named after.
        absent = before[-1:] or after[:1]
        if absent:
            entry.replaces = absent[0].name
    replaced = {e.replaces.start for e in entries if e.replaces is not None}
    for entry in entries:
        if entry.name.start in replaced and entry.status != "substitute":
            entry.status = "absent"  # whom a substitute stood in for was not there


def _continuation(text: str, line: Line, entries: list[Entry]) -> bool:
    """A line holding only a role or a party for the entry above ("Formand", "(A)")."""
    stripped = line.text.strip().strip("•").strip()
    if not entries or len(stripped) > 30:
        return False
    party = re.fullmatch(r"\(([A-ZÆØÅ]{1,2})\)|([A-ZÆØÅ])", stripped)
    if party:
        entries[-1].party = entries[-1].party or party.group(1) or party.group(2)
        return True
    label = cue("attendance_label").match(stripped)
    if label and (label.group("chair") or label.group("vicechair")) and not label.group("value"):
        entries[-1].role = ROLE_OF_LABEL["chair" if label.group("chair") else "vicechair"]
        return True
    return bool(cue("party_word").fullmatch(stripped))


def read_attendance(text: str, lines: list[Line], known: frozenset[str]) -> Attendance:
    """Attendance blocks anywhere in the document."""
    result = Attendance()
    index = 0
    stacked: str | None = None  # the kind of a label above without names: columns run together
    while index < len(lines):
        line = lines[index]
        label = _label(line)
        if label is None:
            index += 1
            stacked = None
            continue
        kind, value, value_start = label
        # "Deltagere: Afbud: X, Y, Z": two columns run together; the names are read under the
        # first label, as most of them are its (the second column is the shorter).
        default = DEFAULT_STATUS[stacked or kind]
        if stacked is not None and kind != stacked:
            result.stacked = True
        following = lines[index + 1] if index + 1 < len(lines) else None
        if not value.strip() and following is not None and _label(following) is not None:
            stacked = stacked or kind
        else:
            stacked = None
        block_entries: list[Entry] = []
        result.claimed.add(line.start)
        on_label_line: list[Entry] = []
        if value.strip():
            on_label_line = read_statement(text, value_start, line.end, known, default, True)
            block_entries += on_label_line
            _group_statement(result, text, value_start, line.end, kind, block_entries)
        index += 1
        while index < len(lines) and _in_block(lines[index]):
            entry_line = lines[index]
            found = read_statement(text, entry_line.start, entry_line.end, known, default, True)
            if found and found[0].name.start - entry_line.start > ENTRY_NAME_AT:
                break  # running text (or an item heading) that names a person further on
            if found:
                block_entries += found
            elif not _continuation(text, entry_line, block_entries):
                if block_entries or kind not in ("present", "absent", "members"):
                    break
                if not _group_statement(result, text, entry_line.start, entry_line.end, kind, []):
                    break
            result.claimed.add(entry_line.start)
            index += 1
        if kind in ROLE_OF_LABEL:
            # "Formand: X" gives X the role; the label's own line, or the line below it.
            for entry in block_entries[: max(1, len(on_label_line))]:
                entry.role = entry.role or ROLE_OF_LABEL[kind]
        result.entries += block_entries
    return result


def statements_before(
    text: str, lines: list[Line], known: frozenset[str], first_item: int, claimed: set[int]
) -> list[Entry]:
    """Attendance stated in the sentences before the first item, outside the blocks."""
    entries: list[Entry] = []
    for line in lines:
        if line.start >= first_item:
            break
        if line.start not in claimed:
            entries += read_statement(text, line.start, line.end, known, None)
    return entries


def _in_block(line: Line) -> bool:
    """A line that may continue an attendance block: short, no label or section."""
    return (
        len(line.text.strip()) <= ENTRY_LENGTH
        and _label(line) is None
        and section_label(line.text) is None
    )


def _group_statement(
    result: Attendance, text: str, start: int, end: int, kind: str, entries: list[Entry]
) -> bool:
    """Attendance stated for a group rather than by name; True when the text is one."""
    if kind not in ("present", "stated") or entries:
        return False
    match = cue("group_attendance").search(text, start, end)
    if match is None:
        return False
    if result.group is None:
        result.group = (" ".join(text[start:end].split()), Span(start, end))
    if cue("everyone").search(match.group()) is not None:
        result.complete = True
    return True


def statements_in(
    text: str, regions: list[Span], known: frozenset[str], default: str | None = None
) -> list[Entry]:
    """Attendance stated in running text: decision sections, an item about attendance."""
    entries: list[Entry] = []
    for region in regions:
        for line in lines_of(text[region.start : region.end]):
            if not line.text:
                continue
            line_start, line_end = region.start + line.start, region.start + line.end
            label = cue("attendance_label").match(text, line_start, line_end)
            if label is not None:
                status = DEFAULT_STATUS[_label_kind(label)]
                entries += read_statement(text, label.start("value"), line_end, known, status)
            else:
                found = read_statement(text, line_start, line_end, known, default)
                entries += [e for e in found if e.status is not None]
    return entries


def substitutions(entries: list[Entry]) -> list[SubstitutionFact]:
    """The substitutions the entries state, each absent member's once."""
    found: list[SubstitutionFact] = []
    seen: set[str] = set()
    for entry in entries:
        if entry.status != "substitute":
            continue
        key = entry.replaces.name if entry.replaces else f"by {entry.name.name}"
        if key in seen or entry.name.name in seen:
            continue
        seen.update((key, entry.name.name))
        replaced = entry.replaces
        found.append(
            SubstitutionFact(
                PersonRef(replaced.name, Span(replaced.start, replaced.end)) if replaced else None,
                PersonRef(entry.name.name, Span(entry.name.start, entry.name.end)),
                entry.span or Span(entry.name.start, entry.name.end),
            )
        )
    return found
