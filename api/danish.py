"""Danish words by their stem (Snowball's Danish stemmer), for search and for telling
inflected forms of one word apart from different words."""

from __future__ import annotations

import threading

import snowballstemmer

_STEMMERS = threading.local()  # a Snowball stemmer keeps state between words


def stem(word: str) -> str:
    """The Danish stem of a word: "kommunaldirektøren" -> "kommunaldirektør"."""
    stemmer = getattr(_STEMMERS, "danish", None)
    if stemmer is None:
        stemmer = _STEMMERS.danish = snowballstemmer.stemmer("danish")
    return str(stemmer.stemWord(word.casefold()))


def same_words(first: str, second: str) -> bool:
    """Whether two texts are the same words, inflected or not ("direktøren", "Direktør")."""
    return [stem(w) for w in first.split()] == [stem(w) for w in second.split()]
