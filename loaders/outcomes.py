"""Typing a decision by its wording.

"godkendt" -> Approved, "taget til efterretning" -> Noted, "Anbefales" -> Approved, "Udsat"
-> Postponed, and so on (danish.yaml's outcomes, in three tiers).
"""

from __future__ import annotations

import re
from functools import cache

from loaders.language import danish


@cache
def _rules() -> tuple[tuple[int, str, re.Pattern[str]], ...]:
    return tuple(
        (tier, outcome, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE))
        for tier, outcome, pattern in danish()["outcomes"]
    )


def classify(text: str, spans: list[tuple[int, int]] | None = None) -> tuple[str, int, int] | None:
    """The outcome the ``spans`` of ``text`` state (default: all of it), with the span of the
    words stating it: the first decided outcome written, else a resolution, else a discussion.

    "godkendte" therefore outweighs a "drøftelse" mentioned earlier in the same minutes.
    """
    for wanted in (1, 2, 3):
        found: tuple[str, int, int] | None = None
        for tier, outcome, pattern in _rules():
            if tier != wanted:
                continue
            for start, end in spans or [(0, len(text))]:
                match = pattern.search(text, start, end)
                if match and (found is None or match.start() < found[1]):
                    found = (outcome, match.start(), match.end())
        if found is not None:
            return found
    return None


def outcomes_in(sentence: str) -> list[str]:
    """Every outcome one sentence states ("udpegede X ... og tog ... til efterretning"), in
    the order written; a phrase inside a longer one of another outcome ("ikke godkendt")
    counts once, for the longer."""
    hits: list[tuple[int, int, str]] = []
    for tier, outcome, pattern in _rules():
        if tier == 1:
            hits += [(m.start(), -m.end(), outcome) for m in pattern.finditer(sentence)]
    hits.sort()
    found: list[str] = []
    covered = -1
    for start, negative_end, outcome in hits:
        if start < covered:
            continue
        covered = -negative_end
        if outcome not in found:
            found.append(outcome)
    return found or [o for _, o, p in _rules() if p.search(sentence)][:1]
