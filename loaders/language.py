"""Danish language knowledge, read once from the data files beside this module."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def danish() -> dict[str, Any]:
    """Months, section labels, role words, outcome phrases and more (danish.yaml)."""
    data: dict[str, Any] = _load("danish.yaml")
    return data


@cache
def number_words() -> dict[str, int]:
    """Danish numbers written as words ("tre" -> 3)."""
    words: dict[str, int] = danish()["number_words"]
    return words


@cache
def given_names() -> frozenset[str]:
    return frozenset(_load("names.yaml")["given_names"])


@cache
def surnames() -> frozenset[str]:
    return frozenset(_load("names.yaml")["surnames"])


@cache
def surname_endings() -> tuple[str, ...]:
    return tuple(_load("names.yaml")["surname_endings"])


@cache
def place_words() -> frozenset[str]:
    return frozenset(_load("names.yaml")["place_words"])


@cache
def title_endings() -> tuple[str, ...]:
    return tuple(_load("names.yaml")["title_endings"])


@cache
def name_particles() -> tuple[str, ...]:
    return tuple(_load("names.yaml")["particles"])


@cache
def abbreviated_given_names() -> tuple[str, ...]:
    return tuple(_load("names.yaml")["abbreviated_given_names"])


@cache
def not_name_words() -> frozenset[str]:
    return frozenset(_load("names.yaml")["not_name_words"])


@dataclass(frozen=True)
class KnownBody:
    """A body from bodies.yaml: canonical name, other names, kind and parent."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    parent: str | None


@cache
def known_bodies() -> tuple[KnownBody, ...]:
    return tuple(
        KnownBody(b["name"], tuple(b.get("aliases") or ()), b.get("kind", "other"), b.get("parent"))
        for b in _load("bodies.yaml")["bodies"]
    )


@dataclass(frozen=True)
class MunicipalityRecord:
    """One of the 98 municipalities (kommuner.csv)."""

    code: str
    short_name: str
    official_name: str
    region: str


@cache
def municipalities() -> tuple[MunicipalityRecord, ...]:
    with (DATA / "kommuner.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            MunicipalityRecord(
                row["kommunekode"], row["navn"], row["officielt_navn"], row["region"]
            )
            for row in csv.DictReader(handle)
        )


def message(name: str, **values: object) -> str:
    """A Danish sentence kommunegraf writes (danish.yaml's messages), filled in."""
    template: str = danish()["messages"][name]
    return template.format(**values)


@cache
def _cues() -> dict[str, Any]:
    cues: dict[str, Any] = _load("cues.yaml")
    return cues


@cache
def cue(name: str) -> re.Pattern[str]:
    """The compiled pattern of one layout or wording cue (cues.yaml)."""
    entry = _cues()[name]
    if isinstance(entry, str):
        entry = {"pattern": entry}
    pattern = entry.get("pattern") or "|".join(f"(?:{alt})" for alt in entry["any"])
    if entry.get("line"):
        pattern = rf"^[ \t•]*(?:{pattern})[ \t.:]*$"
    flags = re.MULTILINE | (0 if entry.get("case") == "sensitive" else re.IGNORECASE)
    return re.compile(pattern, flags)


def cue_text(name: str) -> str:
    """The pattern text of a cue, for building a larger pattern around it."""
    entry = _cues()[name]
    return entry if isinstance(entry, str) else entry.get("pattern") or "|".join(entry["any"])
