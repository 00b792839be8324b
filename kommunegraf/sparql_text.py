"""Judging a SPARQL text before any parser sees it: its length and its depth of nesting.

Oxigraph's parser recurses once per level of brackets, so a text of a few kilobytes nested
thousands deep overflows an ordinary stack. The depth is counted the way the parser will read
the text: codepoint escapes (``\\u0028``) are decoded first, as SPARQL requires, and
comments, strings, IRIs and escaped characters of names do not count. The guarantee is the
deep stack the text is then evaluated on (:func:`kommunegraf.sandbox.on_deep_stack`); this
check gives the clear answer.

For the cases no sandbox covers (updates, which change the store in the serving process, and
stores that are not a folder of this machine), :func:`refuse_remote_calls` refuses the
keywords that make a SPARQL engine fetch a URL, reading the decoded text as conservatively
as the grammar allows.
"""

from __future__ import annotations

import re

from kommunegraf.errors import QueryError

# Longest query or update text accepted, in characters.
MAX_QUERY_CHARS = 64 * 1024
# Deepest nesting of brackets ( { [ and << accepted; real queries stay under about 20.
MAX_NESTING = 100


class TextRefused(QueryError):
    """A SPARQL text refused before parsing; ``status`` is the HTTP status to answer with."""

    status = 400


class QueryTooLong(TextRefused):
    status = 413


class QueryTooDeep(TextRefused):
    status = 400


class RemoteCallRefused(TextRefused):
    status = 400


NO_REMOTE_CALLS = "this endpoint does not call other SPARQL endpoints or fetch remote data"

_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Lexemes whose characters are not brackets or keywords (SPARQL 1.1 grammar, section 19.8):
# comments, the four kinds of string, IRIs, variables, and the escaped characters of names
# (``ex:a\)``).
_NOT_CODE = re.compile(r"""
    \#[^\n\r]*
  | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
  | '''(?:[^'\\]|\\.|'(?!''))*'''
  | "(?:[^"\\\n\r]|\\.)*"
  | '(?:[^'\\\n\r]|\\.)*'
  | <[^<>"{}|^`\\\x00-\x20]*>
  | [?$][\w\u00b7\u00c0-\uffff]+
  | \\.
""", re.VERBOSE | re.DOTALL)
# The local part of a prefixed name (after its colon) up to a dot: never a keyword, whatever
# its letters. What follows a dot counts, in case the parser ends the name there.
_LOCAL_NAME = re.compile(r":(?:[\w\-\u00b7\u00c0-\uffff]|%[0-9A-Fa-f]{2})*")
_OPENERS, _CLOSERS = "({[", ")}]"


def decoded(text: str) -> str:
    """The text with its codepoint escapes decoded, as the parser reads it."""
    def character(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else match.group()
    return _CODEPOINT_ESCAPE.sub(character, text)


def _code(text: str) -> str:
    """The decoded text with comments, strings, IRIs and variables blanked out."""
    return _NOT_CODE.sub(" ", decoded(text))


def nesting_depth(text: str) -> int:
    """How deep the brackets of the text nest, as the parser will read them."""
    depth = deepest = 0
    code = _code(text)
    for position, char in enumerate(code):
        if char in _OPENERS or (char == "<" and code.startswith("<<", position)):
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSERS or (char == ">" and code.startswith(">>", position)):
            depth = max(0, depth - 1)
    return deepest


def check_text(text: str, update: bool = False) -> None:
    """Refuse a query or update that is too long or nested too deeply to be parsed safely."""
    kind = "update" if update else "query"
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooLong(f"the {kind} is {len(text):,} characters long; at most "
                           f"{MAX_QUERY_CHARS:,} are accepted")
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise QueryTooDeep(f"the {kind} nests brackets {depth:,} levels deep; at most "
                           f"{MAX_NESTING} are accepted")


def keywords_used(text: str, keywords: tuple[str, ...]) -> list[str]:
    """Which of ``keywords`` the text may use as keywords (case-insensitive, after decoding).

    Conservative where a reader that is not the parser could be misled: the letters count
    wherever they stand in what is left once the local parts of prefixed names
    (``ex:SERVICE``), variables, strings, IRIs and comments are taken out, glued to other
    characters (``SERVICE:``, ``SERVICE<...>``) or inside a prefix (``myservice:``).
    """
    code = _LOCAL_NAME.sub(" ", _code(text)).upper()
    return [k for k in keywords if k in code]


def refuse_remote_calls(text: str, update: bool = False) -> None:
    """Refuse SERVICE (and in updates LOAD): the keywords that make an engine fetch a URL."""
    refused = keywords_used(text, ("SERVICE", "LOAD") if update else ("SERVICE",))
    if refused:
        raise RemoteCallRefused(f"{' and '.join(refused)} is not allowed here: {NO_REMOTE_CALLS}")
