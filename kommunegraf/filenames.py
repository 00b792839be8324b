"""File names as shown and stored: escaped, so that no name can forge a line of the build's
report or break an RDF literal.

A byte that is not UTF-8 (which Python keeps as a lone surrogate) is shown as ``\\xNN``, a
control or other invisible character as ``\\n``, ``\\t`` or ``\\uNNNN``, and a backslash as
``\\\\``, so the shown name is unambiguous.
"""

from __future__ import annotations

from pathlib import Path

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def _escaped(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of the name
        return f"\\x{code - 0xDC00:02x}"
    if char.isprintable():
        return char
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(path: Path | str) -> str:
    """The path with every character that could mislead a reader escaped."""
    return "".join(_escaped(char) for char in str(path))
