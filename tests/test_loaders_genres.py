"""Genre detection and the general path for documents unlike the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import extract, read_source

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DOCUMENTS = Path(__file__).resolve().parent / "fixtures" / "documents"


@pytest.mark.parametrize(("seed", "genre"), [
    ("direktionen-2021-09-15.txt", "case"),
    ("kd-net-referat-2020-05-29.txt", "minutes"),
    ("kkr-midtjylland-dagsorden-2020-11-13.txt", "agenda"),
    ("kkr-midtjylland-dagsorden-sag-2019-03640.txt", "agenda"),
    ("kd-net-evaluering-valgperiode-2018-2021.txt", "report"),
])
def test_genre_is_read_from_the_text(seed: str, genre: str, tmp_path: Path) -> None:
    renamed = tmp_path / "dokument.txt"  # the file name says nothing
    renamed.write_bytes((SEEDS / seed).read_bytes())
    assert extract(read_source(renamed)).genre == genre


def test_minutes_of_another_layout_yield_meeting_items_and_decisions() -> None:
    facts = extract(read_source(DOCUMENTS / "byraad-referat.txt"))
    meeting = facts.main_meeting
    assert meeting is not None
    assert meeting.date is not None and meeting.date.isoformat() == "2021-03-22"
    assert (meeting.start_time, meeting.end_time) == ("17:00", "19:30")
    assert [i.number for i in meeting.items] == ["1", "2", "3"]
    assert [i.decision.outcomes if i.decision else None for i in meeting.items] == [
        ["Approved"], ["Approved"], ["Noted"]]
    assert meeting.items[1].case_number == "01.02.05-P16-3-20"
    assert [p.name for p in meeting.absentees] == ["Steen Vindum"]
    assert [(s.absent.name, s.substitute.name) for s in meeting.substitutions] == [
        ("Steen Vindum", "Hans Okholm")]


def test_an_unknown_layout_still_yields_persons_titles_bodies_and_meetings() -> None:
    facts = extract(read_source(DOCUMENTS / "ukendt-format.txt"))
    assert facts.genre == "general"
    assert any("not recognised" in note for note in facts.notes)
    assert {p.name for p in facts.persons} == {"Lise Brandt", "Morten Fisker"}
    roles = {(m.person.name, m.role, m.body.name) for m in facts.mandates}
    assert ("Lise Brandt", "Employee", "Horsens Kommune") in roles
    assert [(m.body.name, m.date.isoformat()) for m in facts.meetings if m.date] == [
        ("Kontaktudvalget", "2021-04-12")]


def test_bodies_listed_with_a_description_keep_it() -> None:
    facts = extract(read_source(SEEDS / "direktionen-2021-09-15.txt"))
    described = {b.body.name: b.description for b in facts.bodies if b.description}
    kkr = described["KKR Midtjylland"]
    assert kkr == "politiske udvalg for de 19 kommuner i Region Midtjylland"
    assert "regionsrådets formand" in described["Kontaktudvalget"]


def test_the_evaluation_report_names_groups_principles_and_anchor_municipalities() -> None:
    facts = extract(read_source(SEEDS / "kd-net-evaluering-valgperiode-2018-2021.txt"))
    bodies = {b.body.name: b for b in facts.bodies}
    assert bodies["Uddannelsesstyregruppen"].parent is not None
    assert bodies["Uddannelsesstyregruppen"].parent.name == "KD-Net"
    assert bodies["Uddannelsesstyregruppen"].member_count == 10
    assert bodies["Trafikstyregruppen"].member_count == 11
    assert bodies["KD-Net"].principles[0].startswith("KD-Net udpeger formandskabet")
    assert len(bodies["KD-Net"].principles) == 4
    assert bodies["Silkeborg Kommune"].anchor_for == [
        "SOSU-/PAU Uddannelsen", "Specialuddannelsen i borgernær sygepleje"]
    periods = {(p.start_year, p.end_year) for p in facts.election_periods}
    assert periods >= {(2018, 2021), (2022, 2025)}
    chairs = {(m.person.name, m.role) for m in facts.mandates if m.body.name == "KD-Net"}
    assert chairs == {("Jesper Kaas Schmidt", "Chair"), ("Lone Lyrskov", "ViceChair")}
