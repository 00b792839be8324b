"""Mutated and hostile input: a clear error or a partial result, never a crash or a hang."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kommunegraf.errors import LoaderError
from loaders import Minter, document_triples, extract, read_source, resolve
from loaders.source import Source

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
SEED_TEXTS = [path.read_text(encoding="utf-8") for path in SEEDS]


def source_of(text: str) -> Source:
    data = text.encode("utf-8", "surrogatepass")
    return Source(Path("fuzz.txt"), text, hashlib.sha256(data).hexdigest(), len(data), "utf-8")


def check_facts(text: str) -> None:
    """Extract with a short budget; every evidence quote must still be exact."""
    facts = extract(source_of(text), seconds=5)
    triples = document_triples(facts, resolve([facts]), Minter("https://kommunegraf.dk/id/"))
    starts = {s: int(o) for s, p, o in triples if str(p).endswith("#start")}
    ends = {s: int(o) for s, p, o in triples if str(p).endswith("#end")}
    for s, p, o in triples:
        if str(p).endswith("#quote"):
            assert text[starts[s]:ends[s]] == str(o)


mutation = st.sampled_from(["truncate", "shuffle", "duplicate", "unicode", "nul", "drop"])
noise = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEED_TEXTS), how=mutation, cut=st.floats(0, 1), junk=noise,
       rnd=st.randoms(use_true_random=False))
def test_mutated_seeds_are_read_without_crashing(seed: str, how: str, cut: float, junk: str,
                                                 rnd) -> None:  # type: ignore[no-untyped-def]
    lines = seed.split("\n")
    if how == "truncate":
        text = seed[: int(len(seed) * cut)]
    elif how == "shuffle":
        rnd.shuffle(lines)
        text = "\n".join(lines)
    elif how == "duplicate":
        text = "\n".join(lines + lines[: int(len(lines) * cut)])
    elif how == "unicode":
        # right-to-left marks, combining accents and random characters between lines
        text = "\n".join(line + ("\u200f\u0301" if i % 3 else junk) for i, line in enumerate(lines))
    elif how == "nul":
        text = seed.replace(" ", "\x00", 20)
    else:
        text = "\n".join(lines[::2])
    check_facts(text)


def test_a_ten_megabyte_single_line_is_read_within_its_budget() -> None:
    text = ("Jesper Kaas Schmidt og KD-Net den 13. marts 2020 godkendte. " * 170_000)[:10_000_000]
    started = time.monotonic()
    facts = extract(source_of(text), seconds=2)
    assert time.monotonic() - started < 30
    assert any("stopped reading" in note for note in facts.notes)


def test_nul_bytes_and_mixed_encodings_in_a_file(tmp_path: Path) -> None:
    mixed = b"Referat fra KD-Net den 29. maj 2020\n" + "Afbud: Søren Ærø".encode("cp1252")
    path = tmp_path / "blandet.txt"
    path.write_bytes(mixed)
    source = read_source(path)
    assert "Referat fra KD-Net" in source.text and source.notes
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"Referat\x00 fra KD-Net\x00 den 29. maj 2020")
    assert any("control character" in warning for warning in read_source(nul).warnings)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 1000)
    try:
        read_source(binary)
    except LoaderError as error:
        assert "binary.txt" in str(error)
    else:
        raise AssertionError("binary data was read as text")
