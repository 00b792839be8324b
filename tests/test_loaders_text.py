"""Reading files and cleaning their text: errors name the file; offsets map back exactly."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kommunegraf.errors import LoaderError
from loaders.dates import find_dates
from loaders.people import find_names
from loaders.source import read_source
from loaders.text import clean


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n\t ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (bytes(range(256)) * 40, "binary"),
        (b"1234 5678 -- 42\n", "no letters"),
    ],
)
def test_unreadable_files_give_an_error_naming_the_file(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    path = write(tmp_path, "referat.txt", data)
    with pytest.raises(LoaderError) as error:
        read_source(path)
    assert "referat.txt" in str(error.value)
    assert reason.lower() in str(error.value).lower()


def test_cp1252_text_is_read_with_a_note(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "gammel.txt",
        "Møde i Kontaktudvalget den 27. oktober 2020 – referat".encode("cp1252"),
    )
    source = read_source(path)
    assert source.text.startswith("Møde i Kontaktudvalget")
    assert any("cp1252" in note for note in source.notes)


def test_a_file_cut_inside_a_character_is_read_up_to_the_cut(tmp_path: Path) -> None:
    path = write(tmp_path, "afkortet.txt", b"Referat fra KD-Net, " + "Å".encode()[:1])
    source = read_source(path)
    assert source.text.startswith("Referat fra KD-Net")
    assert any("truncated" in warning for warning in source.warnings)


def test_identity_is_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    one = read_source(write(tmp_path, "a.txt", b"Referat KD-Net"))
    two = read_source(write(tmp_path, "b.txt", b"Referat KD-Net"))
    assert one.sha256 == two.sha256 and len(one.sha256) == 64


def test_cleaning_joins_hyphenated_words_and_drops_footers() -> None:
    source = (
        "bestyrelsesmedlemmer fra uddannel-\n\nsesinstitutionerne i Midtjylland\n"
        "KKR Midtjylland  | 13-11-2020 \n\n SIDE  |  9 \n\n– Erhvervshusene bliver\n"
        "KKR-\n\nformandskabet godkender"
    )
    cleaned = clean(source)
    assert "uddannelsesinstitutionerne" in cleaned.text
    assert "13-11-2020" not in cleaned.text and "SIDE" not in cleaned.text
    assert "• Erhvervshusene" in cleaned.text
    assert "KKR-formandskabet" in cleaned.text  # a hyphen after a capital is a real hyphen
    assert [r.kind for r in cleaned.removed] == ["footer", "footer"]


def test_a_span_of_clean_text_quotes_the_exact_source() -> None:
    source = "Stina Vrang Eliassen, DEA, holdt et oplæg for mø-\n\ndedeltagerne om valg."
    cleaned = clean(source)
    start = cleaned.text.index("mødedeltagerne")
    s, e, quote = cleaned.quote(start, start + len("mødedeltagerne"))
    assert quote == "mø-\n\ndedeltagerne"
    assert source[s:e] == quote


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå", min_size=1, max_size=8)
layout = st.sampled_from([" ", "  ", "\n", "\n\n", " \n\n ", "-\n\n", "\t", "\n• "])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(words, layout), min_size=1, max_size=40))
def test_every_clean_word_maps_back_to_its_source_letters(pieces: list[tuple[str, str]]) -> None:
    source = "".join(word + gap for word, gap in pieces)
    cleaned = clean(source)
    for match in re.finditer(r"[a-zæøå]+", cleaned.text):
        _, _, quote = cleaned.quote(match.start(), match.end())
        assert re.sub(r"[^a-zæøå]", "", quote) == match.group()


def test_dates_take_a_missing_year_from_context_and_never_invent_one() -> None:
    text = "Mødekalender for KD-Net 2020:\n• 28. august\nKD-Net den 13. marts"
    assert [d.value.isoformat() for d in find_dates(text)] == ["2020-08-28", "2020-03-13"]
    assert list(find_dates("Møde den 14. september")) == []
    assert [d.value.isoformat() for d in find_dates("Møde den 14. september", 2021)] == [
        "2021-09-14"
    ]


def test_dates_in_the_forms_danish_documents_use() -> None:
    text = ("Fredag den 29. maj 2020; den 5 februar 2020; 8.november 2019; 13-11-2020; "
            "d. 9. \nseptember 2020")
    assert [d.value.isoformat() for d in find_dates(text)] == [
        "2020-05-29",
        "2020-02-05",
        "2019-11-08",
        "2020-11-13",
        "2020-09-09",
    ]


def test_names_run_over_line_breaks_but_not_over_columns_or_sentences() -> None:
    text = (
        "v. Lars\nKeld Hansen\nJesper Kaas Schmidt\tLone Lyrskov\nv. Jan Kallestrup\nDet indstilles"
    )
    assert [n.name for n in find_names(text)] == [
        "Lars Keld Hansen",
        "Jesper Kaas Schmidt",
        "Lone Lyrskov",
        "Jan Kallestrup",
    ]


def test_a_title_before_a_name_is_not_part_of_it() -> None:
    text = "Klimakoordinator: Specialkonsulent Thomas Mikkelsen."
    [name] = find_names(text)
    assert (name.name, text[name.start : name.end]) == ("Thomas Mikkelsen", "Thomas Mikkelsen")


def test_a_possessive_is_read_as_the_name_it_belongs_to() -> None:
    text = "deltog i Jesper Hosbond Jensens sted"
    [name] = find_names(text, known=frozenset({"Jesper Hosbond Jensen"}))
    assert name.name == "Jesper Hosbond Jensen"


def test_a_name_with_an_unlisted_given_name_is_found_by_its_surname() -> None:
    text = "Afdelingen ledes af Ulrike Brøns Kjærsgaard. Mødet holdes på Scandic Silkeborg."
    assert [n.name for n in find_names(text)] == ["Ulrike Brøns Kjærsgaard"]
    text = "Uddannelsesstyregruppen\nLauge Clemmesen deltog"
    assert [n.name for n in find_names(text)] == ["Lauge Clemmesen"]


def test_one_invalid_byte_in_utf8_spoils_that_character_only(tmp_path: Path) -> None:
    text = "Referat fra KD-Net\nAfbud: Jesper Hosbond Jensen, i stedet deltog Jørgen Andersen\n"
    data = text.encode("utf-8").replace(b"Afbud", b"Af\xe6bud")
    source = read_source(write(tmp_path, "referat.txt", data))
    assert source.encoding == "utf-8"
    assert source.text == text.replace("Afbud", "Af\ufffdbud")  # æøå elsewhere intact
    [warning] = source.warnings
    assert "1 byte(s) not valid UTF-8" in warning and "byte 21 (line 2)" in warning


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path: Path, encoding: str) -> None:
    text = "Referat fra mødet i Kontaktudvalget – Søren Ærø\n"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[encoding]
    source = read_source(write(tmp_path, "referat.txt", bom + text.encode(encoding)))
    assert source.text == text and not source.warnings
    assert source.encoding.startswith(encoding[:6])


def test_an_abbreviated_given_name_and_accented_letters_stay_inside_a_name() -> None:
    text = "Orientering ved Jens Kr. Hedegaard, formand.\nTil stede: Nivi Høy Kúko (S)"
    assert [n.name for n in find_names(text)] == ["Jens Kr. Hedegaard", "Nivi Høy Kúko"]
