"""Typing a decision by its wording.

"godkendte" -> Approved, "tog ... til efterretning" -> Noted, and so on (danish.yaml).
"""

from __future__ import annotations

import re
from functools import cache

from loaders.language import danish


@cache
def _rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (outcome, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE))
        for outcome, pattern in danish()["outcomes"]
    )


def classify(text: str, spans: list[tuple[int, int]] | None = None) -> tuple[str, int, int] | None:
    """The strongest outcome the ``spans`` of ``text`` state (default: all of it), with the
    span of the words stating it.

    Rules are tried in the order of danish.yaml, so "godkendte" outweighs a "drøftelse"
    mentioned earlier in the same minutes.
    """
    for outcome, pattern in _rules():
        for start, end in spans or [(0, len(text))]:
            match = pattern.search(text, start, end)
            if match:
                return outcome, match.start(), match.end()
    return None


def outcomes_in(sentence: str) -> list[str]:
    """Every outcome one sentence states ("udpegede X ... og tog ... til efterretning")."""
    return [outcome for outcome, pattern in _rules() if pattern.search(sentence)]
