"""The loaders hold no Danish words in code: the cues they read are language data.

Danish words in a Python string literal of loaders/ (docstrings aside, which document the
cues with examples) would be a cue that a translator or a new layout cannot see in
loaders/data/. The Danish vocabulary is taken from the data files themselves, so a word moved
there and still written in code fails here too.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

LOADERS = Path(__file__).resolve().parent.parent / "loaders"
DATA = LOADERS / "data"
SEEDS = LOADERS.parent / "seeds"
FIXTURES = LOADERS.parent / "tests" / "fixtures"
# Word lists of danish.yaml whose keys are Danish words (the others' keys are English names).
DANISH_KEYS = ("months", "number_words", "body_nouns")
# Words the data files share with English and with the code's own names.
ENGLISH = {"for", "case", "line", "any", "true", "may", "march", "june", "july", "october",
           "january", "february", "print", "menu", "video", "item", "start", "end", "you", "are",
           "here", "tid", "group", "committee", "council", "network", "secretariat", "other",
           "board", "region", "organ", "hybrid", "sensitive", "under", "else", "sig", "approved",
           "noted", "discussed", "appointed", "rejected", "postponed", "municipality", "company",
           "association", "count", "word", "with", "deadline", "first", "holder", "save", "mark",
           "layer", "media", "dialog", "drop", "version", "this", "https", "strong", "person",
           "cookie", "navigation"}
WORD = re.compile(r"[a-zæøåA-ZÆØÅ]{3,}")


def _words(text: str) -> set[str]:
    text = re.sub(r"\(\?P<\w+>", "(", text)  # group names of patterns are English
    text = re.sub(r"[\w-]+\.(?:csv|yaml|txt)\b", " ", text)  # names of the data files
    text = re.sub(r"\{\w+\}", " ", text)  # placeholders of messages and patterns
    text = re.sub(r"\[[^\]]*\]", " ", text)  # character classes ("[A-ZÆØÅ]") are no words
    return {w.casefold() for w in WORD.findall(text)}


def _values(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _values(item)


def danish_vocabulary() -> set[str]:
    vocabulary: set[str] = set()
    danish = yaml.safe_load((DATA / "danish.yaml").read_text(encoding="utf-8"))
    for key, value in danish.items():
        if key in DANISH_KEYS:
            vocabulary |= {w for k in value for w in _words(str(k))}
        for text in _values(value):
            vocabulary |= _words(text)
    cues = yaml.safe_load((DATA / "cues.yaml").read_text(encoding="utf-8"))
    for text in _values(cues):
        vocabulary |= _words(text)
    # The longer words of the Danish documents in the repository: the seeds and the fixtures.
    for document in [*SEEDS.glob("*.txt"), *FIXTURES.rglob("*.txt")]:
        vocabulary |= {w for w in _words(document.read_text(encoding="utf-8")) if len(w) >= 4}
    return vocabulary - ENGLISH


def danish_in_code() -> list[str]:
    vocabulary = danish_vocabulary()
    found = []
    for path in sorted(LOADERS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            if id(node) in docstrings:
                continue
            words = [w for w in _words(node.value) if w in vocabulary or re.search("[æøå]", w)]
            if words:
                found.append(f"{path.relative_to(LOADERS.parent)}:{node.lineno}: {sorted(words)}")
    return found


def test_the_vocabulary_is_read_from_the_data_files() -> None:
    vocabulary = danish_vocabulary()
    assert {"beslutning", "afbud", "stedfortræder", "indstiller", "godkendt"} <= vocabulary


def test_no_danish_word_is_written_in_a_loaders_literal() -> None:
    assert danish_in_code() == []
