"""Recognising bodies in text and naming each one canonically.

Known bodies (bodies.yaml) and the 98 municipalities (kommuner.csv) are found by any of their
names; other bodies are recognised from their wording (compounds ending in "-styregruppen",
"-udvalget", "-sekretariatet" ...). A misspelt name close to a known one ("Kontantudvalg")
is resolved to it by fuzzy matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from loaders.language import (
    KnownBody,
    MunicipalityRecord,
    cue,
    cue_text,
    danish,
    known_bodies,
    municipalities,
)


@cache
def _nouns() -> dict[str, dict[str, str]]:
    """Body nouns (danish.yaml): each with its definite ending and the kind it makes."""
    nouns: dict[str, dict[str, str]] = danish()["body_nouns"]
    return nouns


@cache
def _nouns_longest_first() -> tuple[tuple[str, dict[str, str]], ...]:
    """The body nouns, longest first: "styregruppe" is matched before "gruppe"."""
    return tuple(sorted(_nouns().items(), key=lambda kv: -len(kv[0])))


@cache
def anaphoric() -> frozenset[str]:
    """Bare nouns that refer back to a body named earlier; they name no body by themselves."""
    words = {noun + entry["definite"] for noun, entry in _nouns().items()} | set(_nouns())
    return frozenset(words | set(danish()["anaphoric_plurals"]))


@cache
def not_bodies() -> tuple[str, ...]:
    return tuple(danish()["not_bodies"])


@cache
def generic_body() -> re.Pattern[str]:
    """A body named by its wording: a capitalised compound ending in a body noun, perhaps
    coordinated ("Kultur- og Idrætsudvalget") and with its remit ("... for tandpleje")."""
    nouns = "|".join(
        f"{noun}(?:{entry['definite']}|{entry['definite']}s|s)?" for noun, entry in _nouns().items()
    )
    coordination = cue_text("body_coordination")
    return re.compile(
        rf"(?<![\w-])(?:(?:{coordination})[A-Za-zÆØÅæøå]|[A-ZÆØÅ])[\w-]*[a-zæøå](?:{nouns})(?![\w-])"
        rf"(?:{cue_text('body_remit')})?"
    )


FUZZY_THRESHOLD = 90
# A name written in capitals ("KL", "KKR", "DKS"), perhaps with a digit or a slash.
ABBREVIATION = re.compile(r"[A-ZÆØÅ][A-ZÆØÅ0-9/]{1,7}")


@dataclass(frozen=True)
class BodyName:
    """A body's canonical identity as resolved from a name."""

    name: str
    kind: str
    parent: str | None = None
    kommunekode: str | None = None
    region: str | None = None
    generic: bool = False  # named by its wording only, not a body the data files know


def normalise(name: str) -> str:
    """Comparison key of a body name: case, hyphens, apostrophes and spacing folded."""
    text = name.casefold().replace("’", "'").replace("-", " ")
    text = re.sub(r"'s\b", "", text)
    return re.sub(r"\s+", " ", text).strip()


def indefinite(word: str) -> str:
    """The indefinite form of a body noun ("Uddannelsesudvalget" -> "uddannelsesudvalg")."""
    lower = word.casefold()
    for noun, entry in _nouns().items():
        suffix = entry["definite"]
        for ending in (noun + suffix + "s", noun + suffix, noun + "s"):
            if lower.endswith(ending):
                return lower[: len(lower) - len(ending)] + noun
    return lower


def is_body_noun(name: str) -> bool:
    """A name that is only a body noun ("Bestyrelse", "Bestyrelsen"): a body named by its kind."""
    return indefinite(name.strip()) in _nouns()


def definite(name: str) -> str:
    """The definite form of a body's name ("Skolebestyrelse" -> "Skolebestyrelsen")."""
    words = name.split()
    last = words[-1] if words else ""
    for noun, entry in _nouns_longest_first():
        if last.casefold().endswith(noun):
            words[-1] = last + entry["definite"]
            return " ".join(words)
    return name


@cache
def _alias_index() -> dict[str, BodyName]:
    index: dict[str, BodyName] = {}
    for record in municipalities():
        body = BodyName(record.official_name, "municipality", None, record.code, record.region)
        for alias in (
            record.official_name,
            f"{record.official_name}s",
        ):
            index[normalise(alias)] = body
    for known in known_bodies():
        body = BodyName(known.name, known.kind, known.parent)
        for alias in (known.name, *known.aliases):
            index.setdefault(normalise(alias), body)
            index.setdefault(normalise(alias) + "s", body)
    return index


@cache
def _alias_pattern() -> re.Pattern[str]:
    aliases: set[str] = set()
    for record in municipalities():
        aliases.add(record.official_name)
    for known in known_bodies():
        aliases.update((known.name, *known.aliases))
    parts = []
    for alias in sorted(aliases, key=len, reverse=True):
        escaped = re.escape(alias).replace(r"\ ", r"[ \t\n]+").replace(r"\-", r"[- ]?")
        # An abbreviation is matched as written: "KL" is the association, "kl." a time.
        parts.append(f"(?-i:{escaped})" if ABBREVIATION.fullmatch(alias) else escaped)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?:s|'s|’s)?(?![\w-])", re.IGNORECASE)


@cache
def _municipality_by_short_name() -> dict[str, MunicipalityRecord]:
    return {normalise(m.short_name): m for m in municipalities()}


def municipality_named(name: str) -> BodyName | None:
    """A municipality by its short name ("Syddjurs") or official name."""
    record = _municipality_by_short_name().get(normalise(name))
    if record is None:
        found = _alias_index().get(normalise(name))
        return found if found and found.kind == "municipality" else None
    return BodyName(record.official_name, "municipality", None, record.code, record.region)


def resolve_body(name: str) -> BodyName | None:
    """The canonical body a name refers to, or ``None`` if it names no body we can tell."""
    key = normalise(name)
    index = _alias_index()
    if key in index:
        return index[key]
    if key.endswith("s") and key[:-1] in index:
        return index[key[:-1]]
    if key in anaphoric() or len(key) < 3:
        return None
    match = process.extractOne(key, list(index), scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    if match is not None and abs(len(match[0]) - len(key)) <= 2:
        return index[match[0]]
    written = " ".join(name.split())
    organ = cue("organ_with_owner").fullmatch(written)
    if organ:
        owner = organ.group("owner")
        owner = danish()["owner_abbreviations"].get(owner, owner)
        return BodyName(f"{owner} {indefinite(organ.group('organ'))}", "committee")
    if cue("named_by_remit").fullmatch(written):
        head, _, remit = written.partition(" ")
        head_noun = indefinite(head)
        return BodyName(f"{head_noun.capitalize()} {remit}", generic_kind(head_noun), generic=True)
    if generic_body().fullmatch(written) and not indefinite(written).endswith(not_bodies()):
        words = written.split()
        last = words[-1]
        words[-1] = last[: len(indefinite(last))] if len(words) > 1 else indefinite(last)
        label = " ".join(words)
        return BodyName(label[0].upper() + label[1:], generic_kind(label), generic=True)
    return None


def named_body(name: str) -> BodyName:
    """The body a name names: a known body, else one known only by its wording."""
    return resolve_body(name) or BodyName(name, generic_kind(name), generic=True)


def generic_kind(label: str) -> str:
    """The kind of a body named only by its wording ("Klimasekretariat" -> secretariat)."""
    lower = indefinite(label.split()[-1]) if label.strip() else ""
    for noun, entry in _nouns_longest_first():
        if lower.endswith(noun):
            return entry["kind"]
    return "group"


def owned_by(body: BodyName, owner: BodyName, own_body: str | None) -> BodyName:
    """A body named by its wording, as its owner's: the document's "Byrådet" is "Brønderslev
    Kommunes byråd". Only organs every municipality or region has, and the document's own
    meeting body, are qualified; other wording names a body of its own."""
    if not body.generic or owner.kind not in ("municipality", "region"):
        return body
    organs = danish()["organs"]
    organ = indefinite(body.name)
    if organ in organs[owner.kind]:
        label = organ
    elif any(organ in names for names in organs.values()):
        return body  # a region's organ in a municipality's document, or the reverse
    elif body.name == own_body and body.kind in ("committee", "council", "board", "group"):
        label = body.name
    else:
        return body
    return BodyName(f"{owner.name}s {label}", body.kind, owner.name, generic=False)


@dataclass(frozen=True)
class BodyMention:
    start: int
    end: int
    text: str
    body: BodyName


def find_bodies(text: str, start: int = 0, end: int | None = None) -> list[BodyMention]:
    """All body mentions in ``text[start:end]``; where names overlap, the longest wins
    ("RM forretningsudvalget" over "RM")."""
    stop = len(text) if end is None else end
    candidates: list[BodyMention] = []
    patterns = (_alias_pattern(), cue("organ_with_owner"), cue("named_by_remit"), generic_body())
    for pattern in patterns:
        for match in pattern.finditer(text, start, stop):
            word = match.group()
            if pattern is generic_body() and (
                normalise(word) in anaphoric() or indefinite(word).endswith(not_bodies())
            ):
                continue
            body = resolve_body(word)
            if body is not None:
                candidates.append(BodyMention(match.start(), match.end(), word, body))
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
    found: list[BodyMention] = []
    for mention in candidates:
        if found and mention.start < found[-1].end:
            continue
        found.append(mention)
    return found


def known_body(name: str) -> KnownBody | None:
    """The bodies.yaml entry of a canonical name."""
    return next((b for b in known_bodies() if b.name == name), None)
