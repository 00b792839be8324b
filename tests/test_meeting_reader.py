"""The meeting reader on the cues real documents use, each in a short document of its own.

Every document here is written for the test, in the layouts of real municipal, regional and
inter-municipal minutes and agendas; what each test asserts is what a secretary reading the
paper would say.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Graph

from loaders import Minter, document_triples, extract, read_source, resolve
from loaders.facts import DocumentFacts
from loaders.text import clean
from ontology import KG

BASE = "https://kommunegraf.dk/id/"


def read(tmp_path: Path, text: str, name: str = "dokument.txt") -> DocumentFacts:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(read_source(path))


def graph_of(facts: DocumentFacts) -> Graph:
    graph = Graph()
    for triple in document_triples(facts, resolve([facts]), Minter(BASE)):
        graph.add(triple)
    return graph


MINUTES = """Teknik- og Miljøudvalget - Referat

Dato: 14. juni 2021
Tidspunkt: kl. 9.00 - 11.30
Mødested: Mødelokale 2, Rådhuset

Til stede: Anne Holm (A), Bo Lund (V), Carl Vestergaard (C)
Fraværende: Dorte Kjær (F)

Punkt 1. Godkendelse af referat fra mødet den 31. maj 2021
Beslutning: Godkendt.

Punkt 2. Trafikplan for midtbyen
Indstilling
Direktionen indstiller, at planen sendes i høring.
Beslutning
Indstillingen tiltrådt.

Punkt 3. Orientering om vejbelysning
Beslutning
Taget til efterretning.
"""


def test_kl_is_a_time_never_the_association_kl(tmp_path: Path) -> None:
    facts = read(tmp_path, MINUTES)
    meeting = facts.main_meeting
    assert meeting is not None
    assert meeting.body.name != "KL"
    assert (meeting.start_time, meeting.end_time) == ("09:00", "11:30")
    assert all(m.body.name != "KL" for m in facts.mandates)
    assert all(b.name != "KL" for b in facts.body_mentions)


def test_the_meetings_own_date_beats_a_date_mentioned_in_an_item(tmp_path: Path) -> None:
    meeting = read(tmp_path, MINUTES).main_meeting
    assert meeting is not None
    assert meeting.date == dt.date(2021, 6, 14)
    assert meeting.body.name.startswith("Teknik- og Miljøudvalg")


def test_a_heading_date_without_a_year_leaves_the_meeting_undated(tmp_path: Path) -> None:
    facts = read(tmp_path, "Referat Bestyrelsen\nFredag den 5. februar\n\n"
                           "1. Godkendelse af dagsorden\nBeslutning: Godkendt.\n")
    assert facts.main_meeting is not None
    assert facts.main_meeting.date is None
    assert any("no date" in note for note in facts.notes)


def test_minutes_in_the_common_layout_give_items_outcomes_and_attendance(tmp_path: Path) -> None:
    meeting = read(tmp_path, MINUTES).main_meeting
    assert meeting is not None
    assert [(i.number, i.decision.outcomes if i.decision else None) for i in meeting.items] == [
        ("1", ["Approved"]), ("2", ["Approved"]), ("3", ["Noted"])]
    assert meeting.items[0].title == "Godkendelse af referat fra mødet den 31. maj 2021"
    assert [p.name for p in meeting.attendees] == ["Anne Holm", "Bo Lund", "Carl Vestergaard"]
    assert [p.name for p in meeting.absentees] == ["Dorte Kjær"]
    assert meeting.status == "held"


@pytest.mark.parametrize(
    ("headings", "numbers"),
    [
        (["Pkt. 42 Beslutninger om dagsordenen", "Pkt. 43 Meddelelser fra formanden"],
         ["42", "43"]),
        (["Sag nr. 246: Budget 2024", "Sag nr. 247: Takster for 2024"], ["246", "247"]),
        (["1) Velkomst", "2) Status på byggeriet"], ["1", "2"]),
        (["101. Godkendelse af dagsorden", "102. Lokalplan for Skovvej"], ["101", "102"]),
        (["Sag nr. 1234 Godkendelse af dagsorden", "Sag nr. 1235 Regnskab"], ["1234", "1235"]),
        (["38Godkendelse af dagsorden", "39Flytning af tandklinikken"], ["38", "39"]),
        (["1. Godkendelse af dagsorden", "1. Nyt fra formanden", "1. Eventuelt"],
         ["1", "2", "3"]),
    ],
    ids=["pkt", "sag-nr", "parenthesis", "past-99", "sag-nr-1234", "glued", "all-printed-1"],
)
def test_items_in_every_numbering(tmp_path: Path, headings: list[str], numbers: list[str]) -> None:
    body = "\n".join(f"{h}\nBeslutning\nGodkendt.\n" for h in headings)
    facts = read(tmp_path, f"Ældrerådet - Referat\nDato: 3. marts 2022\n\n{body}")
    assert facts.main_meeting is not None
    assert [i.number for i in facts.main_meeting.items] == numbers
    assert all(i.decision for i in facts.main_meeting.items)


def test_a_numbered_list_inside_an_unnumbered_item_is_not_read_as_items(tmp_path: Path) -> None:
    facts = read(tmp_path, "Ældrerådet - Referat\nDato: 3. marts 2022\n\n"
                           "Godkendelse af dagsorden\nBeslutning\nGodkendt.\n\n"
                           "Orientering\nSagsfremstilling\n"
                           " 1. Formanden har holdt møde med plejecentrene.\n"
                           " 2. Næste møde holdes den 7. april 2022.\n"
                           "Beslutning\nTaget til efterretning.\n\n"
                           "Tilskud til udflugt\nSagsfremstilling\nRådet søger om 5.000 kr.\n"
                           "Beslutning\nGodkendt.\n")
    assert facts.main_meeting is not None
    assert [(i.title, i.decision.outcomes if i.decision else None)
            for i in facts.main_meeting.items] == [
        ("Godkendelse af dagsorden", ["Approved"]),
        ("Orientering", ["Noted"]),
        ("Tilskud til udflugt", ["Approved"]),
    ]


def test_web_chrome_is_not_part_of_a_title_or_the_text(tmp_path: Path) -> None:
    facts = read(tmp_path, "Landdistriktsrådet - Referater\nMødedato: 6. september 2023\n"
                           "Til toppen\n"
                           "1. Godkendelse af dagsordenKlik her for at folde ud og læse mere om "
                           "Godkendelse af dagsorden\nBeslutning\nGodkendt\nUdskriv\n")
    assert facts.main_meeting is not None
    assert [i.title for i in facts.main_meeting.items] == ["Godkendelse af dagsorden"]
    assert "Til toppen" not in facts.clean.text and "Udskriv" not in facts.clean.text


@pytest.mark.parametrize(
    ("decision", "outcome"),
    [
        ("Godkendt.", "Approved"),
        ("Indstillingen godkendt.", "Approved"),
        ("Indstillingen tiltrådt.", "Approved"),
        ("Tiltrådt.", "Approved"),
        ("Anbefales.", "Approved"),
        ("Bemyndiget som indstillet.", "Approved"),
        ("Taget til efterretning.", "Noted"),
        ("Orienteringen blev taget til efterretning.", "Noted"),
        ("Drøftet.", "Discussed"),
        ("Afvist.", "Rejected"),
        ("Indstillingen blev ikke godkendt.", "Rejected"),
        ("Udsat.", "Postponed"),
        ("Ikke behandlet.", "Postponed"),
        ("Anbefales, idet orienteringen tages til efterretning.", "Approved"),
    ],
)
def test_outcomes_as_minutes_write_them(tmp_path: Path, decision: str, outcome: str) -> None:
    facts = read(tmp_path, "Byrådet - Referat\nDato: 2. maj 2023\n\n"
                           f"1. Lokalplan for havnen\nBeslutning\n{decision}\n")
    item = facts.main_meeting.items[0] if facts.main_meeting else None
    assert item is not None and item.decision is not None
    assert item.decision.outcomes[0] == outcome


@pytest.mark.parametrize(
    ("statement", "absent", "substitutes"),
    [
        ("Fraværende: Bo Lund (V) - Eva Holm (V) mødte som stedfortræder.",
         ["Bo Lund"], [("Eva Holm", "Bo Lund")]),
        ("Afbud: Bo Lund, i stedet deltog Eva Holm", ["Bo Lund"], [("Eva Holm", "Bo Lund")]),
        ("Bo Lund havde meldt afbud, og Eva Holm deltog i stedet.",
         ["Bo Lund"], [("Eva Holm", "Bo Lund")]),
        ("Der er afbud fra Bo Lund, Finn Kjær og Gitte Dahl.",
         ["Bo Lund", "Finn Kjær", "Gitte Dahl"], []),
        ("Bo Lund og Finn Kjær deltog ikke.", ["Bo Lund", "Finn Kjær"], []),
        ("Alle medlemmer var mødt undtagen Bo Lund.", ["Bo Lund"], []),
        ("Afbud fra Bo Lund stedfortræder Eva Holm", ["Bo Lund"], [("Eva Holm", "Bo Lund")]),
        ("Eva Holm deltog som suppleant for Bo Lund.", ["Bo Lund"], [("Eva Holm", "Bo Lund")]),
        ("Afbud: Bo Lund, suppleant Eva Holm deltog", ["Bo Lund"], [("Eva Holm", "Bo Lund")]),
        ("Deltagere: Anne Holm, Leif Sønderup for Bo Lund", ["Bo Lund"],
         [("Leif Sønderup", "Bo Lund")]),
        ("Der mødte ikke stedfortræder for Bo Lund.", ["Bo Lund"], []),
        ("Bo Lund, Gitte winther og Finn Kjær deltog ikke. Eva Holm og Ole Dam deltog som "
         "suppleanter.", ["Bo Lund", "Finn Kjær"], [("Eva Holm", None), ("Ole Dam", None)]),
    ],
)
def test_attendance_as_minutes_state_it(
    tmp_path: Path, statement: str, absent: list[str], substitutes: list[tuple[str, str | None]]
) -> None:
    facts = read(tmp_path, f"Skoleudvalget - Referat\nDato: 1. februar 2022\n{statement}\n\n"
                           "1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n")
    meeting = facts.main_meeting
    assert meeting is not None
    assert [p.name for p in meeting.absentees] == absent
    assert [
        (s.substitute.name, s.absent.name if s.absent else None) for s in meeting.substitutions
    ] == substitutes


def test_attendance_stated_for_a_group_is_recorded_as_such(tmp_path: Path) -> None:
    facts = read(tmp_path, "Referat af møde i KD-Net den 2. november 2020\n\n"
                           "Deltagere: Kommunaldirektørerne i den midtjyske region eller deres "
                           "suppleanter.\nAfbud: Bo Lund, Skive Kommune\n\n"
                           "1. Godkendelse af dagsorden\nReferat: Godkendt.\n")
    meeting = facts.main_meeting
    assert meeting is not None and meeting.attendance_group is not None
    assert meeting.attendance_group[0].startswith("Kommunaldirektørerne i den midtjyske region")
    graph = graph_of(facts)
    assert next(graph.objects(None, KG.attendanceStatement), None) is not None
    assert ("Bo Lund", "Member", "KD-Net") in {
        (m.person.name, m.role, m.body.name) for m in facts.mandates}


def test_a_member_leaving_ends_the_mandate_on_the_date_the_text_gives(tmp_path: Path) -> None:
    facts = read(tmp_path, "Bestyrelsesmøde 13. marts 2023 kl. 10.00\n\n"
                           "1. Ændringer i bestyrelsen\n"
                           "Per Vestergaard udtræder af bestyrelsen pr. 1. maj 2023. "
                           "Som nyt medlem indtræder Hanne Friis fra samme dato.\n"
                           "Referat: Taget til efterretning.\n")
    mandates = {(m.person.name, m.role): m for m in facts.mandates}
    leaving = mandates[("Per Vestergaard", "Member")]
    assert leaving.end == dt.date(2023, 5, 1)
    assert ("Hanne Friis", "Member") in mandates


def test_a_person_who_leaves_without_a_date_leaves_at_the_meeting(tmp_path: Path) -> None:
    facts = read(tmp_path, "Handicaprådet - Referat\nDato: 12. april 2022\n\n"
                           "1. Meddelelser\nBeslutning\nLis Kjær er udtrådt af rådet. "
                           "Taget til efterretning.\n")
    leaving = [m for m in facts.mandates if m.person.name == "Lis Kjær"]
    assert [(m.role, m.end) for m in leaving] == [("Member", dt.date(2022, 4, 12))]
    assert {str(o) for o in graph_of(facts).objects(None, KG.endDate)} == {"2022-04-12"}


def test_an_undated_mandate_is_stated_as_of_its_documents_date(tmp_path: Path) -> None:
    facts = read(tmp_path, MINUTES.replace("Punkt 3.", "Specialkonsulent Eva Holm, KL, "
                                           "orienterede.\n\nPunkt 3."))
    graph = graph_of(facts)
    stated = {str(o) for o in graph.objects(None, KG.statedAsOf)}
    assert stated == {"2021-06-14"}


def test_an_agenda_is_a_planned_meeting_and_minutes_a_held_one(tmp_path: Path) -> None:
    agenda = read(tmp_path, "Dagsorden\nØkonomiudvalget\nDato: 9. januar 2024\n\n"
                            "1. Budgetopfølgning\nIndstilling\nDirektionen indstiller, at "
                            "budgetopfølgningen godkendes.\n", "a.txt")
    minutes = read(tmp_path, MINUTES, "b.txt")
    assert (agenda.genre, agenda.main_meeting.status if agenda.main_meeting else None) == (
        "agenda", "planned")
    assert (minutes.genre, minutes.main_meeting.status if minutes.main_meeting else None) == (
        "minutes", "held")
    assert (None, KG.meetingStatus, KG.Planned) in graph_of(agenda)


def test_a_flattened_two_column_header_is_read_with_a_warning(tmp_path: Path) -> None:
    facts = read(tmp_path, "1 Referat fra møde i Beredskabskommissionen Tid og sted: Mandag "
                           "13. marts 2023 Deltagere: Afbud: Anne Holm, Bo Lund, Carl Vestergaard, "
                           "Dorte Kjær 1. Godkendelse af dagsorden Referat: Godkendt. "
                           "2. Meddelelser Referat: Taget til efterretning.\n")
    meeting = facts.main_meeting
    assert meeting is not None and meeting.date == dt.date(2023, 3, 13)
    assert [(i.number, i.decision.outcomes if i.decision else None) for i in meeting.items] == [
        ("1", ["Approved"]), ("2", ["Noted"])]
    assert any("run together" in note for note in facts.notes)


@pytest.mark.parametrize(
    ("garbled", "repaired"),
    [
        ("Regionsr\u251c\u0105det", "Regionsrådet"),
        ("KÃ¸benhavns Kommune", "Københavns Kommune"),
        ("ﬂere ﬁnansielle", "flere finansielle"),
        ("Ud\u00advalget", "Udvalget"),
        ("Aviaaja L&oslash;vstr&oslash;m", "Aviaaja Løvstrøm"),
        ("Teknik &amp; Milj&#248;", "Teknik & Miljø"),
    ],
)
def test_garbled_characters_are_repaired_and_quotes_stay_exact(
    garbled: str, repaired: str
) -> None:
    source = f"Mødet i {garbled} blev holdt."
    cleaned = clean(source)
    assert repaired in cleaned.text
    start = cleaned.text.index(repaired)
    _, _, quote = cleaned.quote(start, start + len(repaired))
    assert quote == garbled


def test_an_unrecognised_document_says_so(tmp_path: Path) -> None:
    facts = read(tmp_path, "Nyhedsbrev fra kommunen\n\nLise Brandt, klimachef i Horsens "
                           "Kommune, fortæller om sommerens arrangementer.\n")
    assert facts.genre == "general"
    assert facts.reading().partial
