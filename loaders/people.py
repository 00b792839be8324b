"""Recognising persons' names in Danish text.

A name is two to five capitalised words ("Jesper Kaas Schmidt", "Henrik D.H. Muller") that
either starts with a known given name (names.yaml) or stands where Danish documents put
names: after "v." (presented by), "Afbud:", "i stedet deltog", a role word, or before
", <title>". Names may run over a line break ("Lars\\nKeld Hansen"), never over a column gap.
A possessive ("Jesper Hosbond Jensens sted") is read as the name it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from loaders.bodies import _alias_index, generic_body, municipality_named, normalise
from loaders.budget import check
from loaders.language import (
    abbreviated_given_names,
    cue,
    danish,
    given_names,
    name_particles,
    not_name_words,
    place_words,
    surname_endings,
    surnames,
    title_endings,
)
from loaders.structure import section_label

WORD = r"[A-ZÆØÅÉÜÖÄ][a-zæøåéüöäëïóúíá]+(?:-[A-ZÆØÅ][a-zæøåéüöäúíá]+)?"
INITIALS = r"(?:[A-ZÆØÅ]\.){1,3}"
# A run of capitalised words (and initials) separated by one space or one line break.


@cache
def _candidate() -> re.Pattern[str]:
    """A run of capitalised words (initials, abbreviated given names, particles such as "de")
    separated by one space or one line break."""
    particles = "|".join(name_particles())
    short = "|".join(re.escape(name) for name in abbreviated_given_names())
    return re.compile(
        rf"(?<![\w.-])(?:{WORD})(?:(?: |\n)(?:(?:{short})(?=[ ][A-ZÆØÅ])|{WORD}|{INITIALS}"
        rf"|(?:{particles})(?=[ ][A-ZÆØÅ])))+"
    )

MAX_WORDS = 4
# A line that starts with a word and a full stop or colon: a label ("Pkt. 1", "Sagsid.:").
LABEL_START = re.compile(r"[A-ZÆØÅ][\wæøå]*(?:[ ][a-zæøå]+){0,3}\.?[ ]?:|[A-ZÆØÅ][\wæøå]*\.[ ]*\d")
# What may stand before the name that opens an entry of a list: a bullet, a number, a title.
ENTRY_START = re.compile(
    r"[\s•\d.)]*(?:[A-ZÆØÅ][\wæøå -]{0,40}:[ ]*)?(?:[A-ZÆØÅ][a-zæøå]+[ ])?"
)



@dataclass(frozen=True)
class NameMatch:
    """A person's name found in text, ``[start, end)``; ``possessive`` if written "...s"."""

    name: str
    start: int
    end: int


@cache
def _role_words() -> frozenset[str]:
    words: set[str] = set()
    for titles in danish()["roles"].values():
        words.update(t.casefold() for t in titles)
    return frozenset(words)


def _words(candidate: str) -> list[str]:
    return re.split(r"[ \n]", candidate)


def _is_title(word: str) -> bool:
    """A role word or a title ("Formand", "Økonomikonsulent") rather than part of a name."""
    lower = word.casefold()
    return lower in _role_words() or lower.endswith(title_endings())


def _trim(words: list[str], known_first: bool) -> tuple[int, list[str]]:
    """Cut a candidate run of capitalised words down to the person's name.

    Returns how many leading words were dropped (titles, sentence openers) and the name's words.
    """
    stop = not_name_words()
    given = given_names()
    start = 0
    if not known_first:
        while start < len(words) and (words[start] in stop or _is_title(words[start])):
            start += 1
    kept: list[str] = []
    for word in words[start:]:
        if word in stop or _is_title(word):
            break
        if kept and word in given and len(kept) >= 2:
            break  # a second person's given name starts here ("... Hansen Lone Lyrskov")
        kept.append(word)
        if len(kept) > MAX_WORDS:
            break
    return start, kept


def find_names(
    text: str,
    start: int = 0,
    end: int | None = None,
    known: frozenset[str] = frozenset(),
    entry: bool = False,
) -> list[NameMatch]:
    """Persons' names in ``text[start:end]``.

    ``known`` holds full names already established in the document, recognised wherever
    they occur even when their given name is not in the list of given names. With ``entry``
    the span is one entry of a list of persons (a line of an attendance block), so capitalised
    words at its start are a name whatever its given name.
    """
    stop_at = len(text) if end is None else end
    given = given_names()
    found: list[NameMatch] = []
    for match in _candidate().finditer(text, start, stop_at):
        check()
        words = _words(_within_entry(text, match.start(), match.end()))
        offsets, cursor = [], match.start()
        for word in words:
            offsets.append(cursor)
            cursor += len(word) + 1
        index = 0
        while index < len(words):
            head, tail = words[index], words[index : index + MAX_WORDS + 3]
            joined = " ".join(tail[: MAX_WORDS + 1])
            is_known = any(joined.startswith(k) for k in known) or _close_to_known(tail, known)
            at = offsets[index]
            previous_end = found[-1].end if found else start
            cued = (
                cue("name_cue").search(text, max(0, at - 40), at) is not None
                or (entry and index == 0 and ENTRY_START.fullmatch(text, start, at) is not None)
                or (entry and bool(found)
                    and cue("name_list_separator").match(text[previous_end:at]) is not None)
            )
            dropped, kept = _trim(tail, known_first=head in given or is_known)
            titled = dropped > 0 and _is_title(tail[dropped - 1]) and len(kept) >= 2
            if not (head in given or is_known or cued or titled or _surname_shaped(tail)) and not (
                _followed_by_cue(text, offsets, index + dropped, kept)
            ):
                index += 1
                continue
            if len(kept) < 2 or all(w.isupper() for w in kept):
                index += max(dropped, 1)
                continue
            first = index + dropped
            after = words[first + len(kept) : first + len(kept) + 1]
            if any(w in place_words() for w in [*kept, *after]):
                index = first + len(kept)
                continue  # "Niels Bohrs Vej", "Hotel Vinderup": a place
            name_start = offsets[first]
            name = " ".join(kept)
            name_end = offsets[first + len(kept) - 1] + len(kept[-1])
            if name.endswith("s") and name[:-1] in known:
                name, name_end = name[:-1], name_end - 1  # "Jensens sted"
            found.append(NameMatch(name, name_start, name_end))
            index = first + len(kept)
    return found


def _followed_by_cue(text: str, offsets: list[int], first: int, kept: list[str]) -> bool:
    """Two or three capitalised words that the text goes on to treat as a person: a title
    after a comma ("Hardy Lynge Flindt, chefkonsulent i ..."), a verb of speech ("Rolf Mørch
    tilføjede, at ...")."""
    if not 2 <= len(kept) <= 3 or first >= len(offsets):
        return False
    if any(w.isupper() or "." in w or _names_a_body(w) for w in kept):
        return False
    end = offsets[first + len(kept) - 1] + len(kept[-1])
    return cue("name_followed_by").match(text, end) is not None or (
        _title_after(text, end)
    )


def _title_after(text: str, end: int) -> bool:
    comma = re.compile(r",[ \n]*").match(text, end)
    if comma is None:
        return False
    word = re.compile(r"[\wæøåÆØÅ-]+").match(text, comma.end())
    return word is not None and _is_title(word.group())


def _within_entry(text: str, start: int, end: int) -> str:
    """A run of capitalised words up to where a line break starts a label ("Egon Madsen\n
    Bemærkninger:", "Heino Hahn\nPkt. 1"): a name goes on over a break, a label does not."""
    cursor = start
    while (newline := text.find("\n", cursor, end)) != -1:
        line_end = text.find("\n", newline + 1)
        following = text[newline + 1 : len(text) if line_end == -1 else line_end]
        if LABEL_START.match(following) or section_label(following) is not None or cue(
            "attendance_label"
        ).match(following):
            return text[start:newline]
        cursor = newline + 1
    return text[start:end]


def _surname_shaped(words: list[str]) -> bool:
    """Two or three capitalised words ending in a Danish surname ("Ulrik Brøns Kjærsgaard"),
    none of them a word that never belongs to a name: a name with an unlisted given name."""
    stop = not_name_words()
    roles = _role_words()
    for length in (3, 2):
        if len(words) < length:
            continue
        candidate = words[:length]
        if any(w in stop or w.casefold() in roles or w.isupper() or "." in w or _names_a_body(w)
               for w in candidate):
            continue
        last = candidate[-1]
        if last in surnames() or (len(last) > 4 and last.casefold().endswith(surname_endings())):
            return all(len(w) > 1 for w in candidate)
    return False


def _names_a_body(word: str) -> bool:
    """A word that names a body or a place ("Silkeborg", "Uddannelsesstyregruppen")."""
    return (municipality_named(word) is not None or normalise(word) in _alias_index()
            or generic_body().fullmatch(word) is not None)


def _close_to_known(words: list[str], known: frozenset[str]) -> bool:
    """The words begin with a misspelling of a known name: all words but one equal, and that
    one close ("Penille Blach Hansen" for a known "Pernille Blach Hansen")."""
    for name in known:
        parts = name.split()
        if len(parts) < 3 or len(words) < len(parts):
            continue
        candidate = words[: len(parts)]
        differing = [(a, b) for a, b in zip(candidate, parts, strict=True) if a != b]
        if len(differing) == 1 and fuzz.ratio(*differing[0]) >= 80:
            return True
    return False


def strip_possessive(name: str, known: set[str]) -> str:
    """ "Jesper Hosbond Jensens" -> "Jesper Hosbond Jensen" when that name is known."""
    if name.endswith("s") and name[:-1] in known:
        return name[:-1]
    return name


def normalise_name(name: str) -> str:
    """Comparison key of a person's name: spacing and case folded."""
    return re.sub(r"\s+", " ", name).strip().casefold()
