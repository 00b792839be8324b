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

from loaders.language import KnownBody, MunicipalityRecord, known_bodies, municipalities

# Compound nouns that name a body, in indefinite and definite forms.
BODY_NOUNS = (
    "styregruppe",
    "arbejdsgruppe",
    "baggrundsgruppe",
    "følgegruppe",
    "gruppe",
    "udvalg",
    "sekretariat",
    "råd",
    "forum",
    "netværk",
    "bestyrelse",
    "direktion",
    "kontor",
    "formandskab",
    "kreds",
)
_DEFINITE = {
    "styregruppe": "n",
    "arbejdsgruppe": "n",
    "baggrundsgruppe": "n",
    "følgegruppe": "n",
    "gruppe": "n",
    "udvalg": "et",
    "sekretariat": "et",
    "råd": "et",
    "forum": "met",
    "netværk": "et",
    "bestyrelse": "n",
    "direktion": "en",
    "kontor": "et",
    "formandskab": "et",
    "kreds": "en",
}
# Bare nouns that refer back to a body named earlier; they name no body by themselves.
ANAPHORIC = (
    {noun + suffix for noun, suffix in _DEFINITE.items()}
    | set(_DEFINITE)
    | {"styregrupperne", "grupperne", "udvalgene"}
)
GENERIC_BODY = re.compile(
    r"(?<![\w-])(?:[A-ZÆØÅ][\w-]*[a-zæøå])(?:"
    + "|".join(f"{n}(?:{_DEFINITE[n]}|{_DEFINITE[n]}s|s)?" for n in BODY_NOUNS)
    + r")(?![\w-])"
    # "Koordinationsudvalget for tandpleje", "Chefforum for sundheds- og ældrechefer"
    + r"(?:[ ]for[ ](?:[a-zæøå]+-[ ]og[ ])?(?!ikke\b|at\b|den\b|det\b|de\b)[a-zæøå]{3,}(?![\w-]))?"
)
# "Udvalget for nære sundhedstilbud": a body noun with its remit.
NAMED_BY_REMIT = re.compile(
    r"(?<![\w-])(?:Udvalg(?:et)?|Styregruppe(?:n)?|Arbejdsgruppe(?:n)?|Rådet|Råd|Bestyrelse(?:n)?|Forum)"
    r"[ ]for[ ](?:[a-zæøå][\w]*(?:-[ ]og)?[ ]?){1,4}(?<![ ])"
)
# "RM forretningsudvalget", "Aarhus Kommunes byråd": an organ of a region or municipality.
ORGAN = re.compile(
    r"(?<![\w-])(?P<owner>RM|Region[ ][A-ZÆØÅ]\w+?s|[A-ZÆØÅ][\w-]+[ ]Kommunes)[ ]"
    r"(?P<organ>forretningsudvalg(?:et)?|regionsråd(?:et)?|byråd(?:et)?|kommunalbestyrelse(?:n)?|"
    r"økonomiudvalg(?:et)?|direktion(?:en)?)(?![\w-])"
)
FUZZY_THRESHOLD = 90
# Compounds that look like body nouns but name a field, not a body ("sundhedsområdet").
NOT_BODIES = ("områd", "område", "ungeråd")


@dataclass(frozen=True)
class BodyName:
    """A body's canonical identity as resolved from a name."""

    name: str
    kind: str
    parent: str | None = None
    kommunekode: str | None = None
    region: str | None = None


def normalise(name: str) -> str:
    """Comparison key of a body name: case, hyphens, apostrophes and spacing folded."""
    text = name.casefold().replace("’", "'").replace("-", " ")
    text = re.sub(r"'s\b", "", text)
    return re.sub(r"\s+", " ", text).strip()


def indefinite(word: str) -> str:
    """The indefinite form of a body noun ("Uddannelsesudvalget" -> "uddannelsesudvalg")."""
    lower = word.casefold()
    for noun, suffix in _DEFINITE.items():
        for ending in (noun + suffix + "s", noun + suffix, noun + "s"):
            if lower.endswith(ending):
                return lower[: len(lower) - len(ending)] + noun
    return lower


@cache
def _alias_index() -> dict[str, BodyName]:
    index: dict[str, BodyName] = {}
    for record in municipalities():
        body = BodyName(record.official_name, "municipality", None, record.code, record.region)
        for alias in (
            record.official_name,
            f"{record.short_name} Kommunes",
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
        parts.append(escaped)
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
    if key in ANAPHORIC or len(key) < 3:
        return None
    match = process.extractOne(key, list(index), scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    if match is not None and abs(len(match[0]) - len(key)) <= 2:
        return index[match[0]]
    organ = ORGAN.fullmatch(name.strip())
    if organ:
        owner = organ.group("owner")
        owner = "Region Midtjyllands" if owner == "RM" else owner
        return BodyName(f"{owner} {indefinite(organ.group('organ'))}", "committee")
    if NAMED_BY_REMIT.fullmatch(name.strip()):
        head, _, remit = name.strip().partition(" for ")
        return BodyName(f"{indefinite(head).capitalize()} for {remit}", generic_kind(head))
    if GENERIC_BODY.fullmatch(name.strip()) and not indefinite(name).endswith(NOT_BODIES):
        words = name.strip().split()
        words[-1] = indefinite(words[-1])
        label = " ".join(words)
        return BodyName(label[0].upper() + label[1:], generic_kind(label))
    return None


def generic_kind(label: str) -> str:
    """The kind of a body named only by its wording ("Klimasekretariat" -> secretariat)."""
    lower = label.casefold()
    for noun, kind in (
        ("sekretariat", "secretariat"),
        ("udvalg", "committee"),
        ("råd", "council"),
        ("bestyrelse", "board"),
        ("netværk", "network"),
    ):
        if lower.endswith(noun):
            return kind
    return "group"


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
    for pattern in (_alias_pattern(), ORGAN, NAMED_BY_REMIT, GENERIC_BODY):
        for match in pattern.finditer(text, start, stop):
            word = match.group()
            if pattern is GENERIC_BODY and (
                normalise(word) in ANAPHORIC or indefinite(word).endswith(NOT_BODIES)
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
