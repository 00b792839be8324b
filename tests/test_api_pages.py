"""The entity browser: every page through the Flask test client, on the hand-written sample."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api import create_app
from api.browse import warm_search_index
from api.pages import body as body_page
from api.pages import common as common_page
from api.pages import person as person_page
from api.presentation import without_markup
from kommunegraf.config import load_config
from kommunegraf.store import EmbeddedStore
from tests.conftest import load_api_sample as load_sample

FIXTURE = Path(__file__).parent / "fixtures" / "api-sample.trig"
DOC = "0fdc01abd8bb8a62c4f382ab77a3946fc3cde839a3f13c19f676288b21700e9f"
DOC2 = "4a868ad4cc3eb76b61e5acbc2495edd4932ba23b6ffd67df20df7dfd64c33027"
HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
HTML = {"Accept": "text/html"}

PAGES = [
    "/",
    "/search?q=kristen",
    "/search?q=script",
    "/browse/person",
    "/browse/meeting",
    "/id/person/steinar-eggen-kristiansen",
    "/id/person/script-alert-1-script",
    "/id/person/jens-hansen",
    "/id/body/kd-net",
    "/id/body/uddannelsesstyregruppen",
    "/id/municipality/0751",
    "/id/meeting/kd-net--2020-05-29",
    "/id/agenda-item/kd-net--2020-05-29--2",
    "/id/decision/kd-net--2020-05-29--2",
    f"/id/document/{DOC}",
    "/id/mandate/steinar-eggen-kristiansen--chair--uddannelsesstyregruppen--2020-05-29",
    "/id/name-variant/steinar-eggen-kristiansen--steinar-eggen-kristensen",
    "/id/substitution/kd-net--2020-05-29--joergen-andersen",
    "/id/election-period/2018-2021",
    "/id/evidence/0fdc01abd8bb8a62-215-240",
    "/validation",
    "/ontology",
    "/sparql",
    "/export",
]


@pytest.fixture(scope="module")
def sample_store() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(None)
    load_sample(store)
    yield store


@pytest.fixture(scope="module")
def app(sample_store: EmbeddedStore) -> Flask:
    # Pages rendered anew on every request: tests change what a page shows (test_page_cache.py
    # is about the cache).
    return create_app(load_config({"store": ":memory:", "page_cache_mb": "0"}, environ={}),
                      store=sample_store)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def page(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path, headers=HTML)
    assert response.status_code == status, (path, response.data[:500])
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def main_of(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def text_of(html: str) -> str:
    """The visible text of some HTML, whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


class _Text(HTMLParser):
    BLOCKS: ClassVar[set[str]] = {"dt", "dd", "li", "p", "td", "th", "h1", "h2", "h3", "h4",
                                  "div", "br", "section", "tr", "ul", "ol", "dl", "table"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


class Outline(HTMLParser):
    """What the accessibility checks look at: landmarks, headings, labels, scripts, ids."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.labels_for: set[str] = set()
        self.fields: list[dict[str, str | None]] = []
        self.inline: list[str] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag == "label" and attributes.get("for"):
            self.labels_for.add(str(attributes["for"]))
        if tag in ("input", "textarea", "select") and attributes.get("type") != "hidden":
            self.fields.append(attributes)
        if tag == "script" or "style" in attributes or any(a.startswith("on") for a in attributes):
            self.inline.append(tag)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


# --- home and search --------------------------------------------------------------------


def test_home_shows_counts_search_box_and_latest_meetings(client: FlaskClient) -> None:
    html = page(client, "/")
    main = main_of(html)
    assert '<label for="q">' in main and 'name="q"' in main
    text = text_of(main)
    assert "6 Personer" in text
    assert "3 Møder" in text
    assert "3 Kommuner" in text
    latest = main[main.index('id="latest-h"'):]
    assert "Seneste holdte møder" in latest
    # The minutes' meeting is held; the later one on an agenda is only planned.
    assert "/id/meeting/kd-net--2020-05-29" in latest
    assert "kkr-midtjylland--2020-11-13" not in latest
    assert "dagsordenspunkter: 3" in text_of(latest)
    assert 'href="/browse/person"' in main


@pytest.mark.parametrize("query", ["aero", "ÆRØ", "ærø søren", "anna aer", "Sorensen"])
def test_search_folds_case_and_accents(client: FlaskClient, query: str) -> None:
    main = main_of(page(client, "/search?" + _q(query)))
    assert 'href="/id/person/anna-aeroe-soerensen"' in main


def test_search_matches_word_prefixes(client: FlaskClient) -> None:
    main = main_of(page(client, "/search?q=jes+kaa"))
    assert 'href="/id/person/jesper-kaas-schmidt"' in main
    assert "anna-aeroe-soerensen" not in main.split('id="group-evidence"')[0]


def test_search_groups_results_by_kind(client: FlaskClient) -> None:
    main = main_of(page(client, "/search?q=uddannelsesstyregruppen"))
    groups = re.findall(r'<h2 id="group-([a-z-]+)"', main)
    assert groups[0] == "body"
    assert "decision" in groups and "evidence" in groups
    assert groups.index("body") < groups.index("decision") < groups.index("evidence")


def test_search_finds_decision_texts_and_links_quotes_to_their_place(client: FlaskClient) -> None:
    main = main_of(page(client, "/search?q=klimastrategien"))
    assert 'href="/id/decision/kd-net--2020-05-29--3"' in main
    assert f'href="/id/document/{DOC}#c882"' in main


def test_search_finds_people_by_role_in_any_inflection_current_first(client: FlaskClient) -> None:
    main = main_of(page(client, "/search?q=formanden+uddannelsesstyregruppen"))
    people = main[main.index('id="group-person"'):main.index("</section>")]
    hits = [text_of(hit) for hit in re.findall(r"<li>(.*?)</li>", people, re.S)]
    assert hits[0].startswith("Steinar Eggen Kristiansen")
    assert "formand, Uddannelsesstyregruppen, fra 29. maj 2020" in hits[0]
    assert "Jens Hansen" in hits[1] and "til 28. maj 2020" in hits[1]  # no longer chair
    directors = text_of(main_of(page(client, "/search?q=kommunaldirekt%C3%B8ren")))
    assert "Steinar Eggen Kristiansen hverv: kommunaldirektør" in directors


def test_search_hits_say_their_meeting_and_document(client: FlaskClient) -> None:
    main = main_of(page(client, "/search?q=udpegede+steinar"))
    decision = text_of(main[main.index('id="group-decision"'):])
    assert "2. Udpegninger" in decision and "Møde i KD-Net, 29. maj 2020" in decision
    quotes = text_of(main[main.index('id="group-evidence"'):])
    assert "Referat af møde i KD-Net den 29. maj 2020" in quotes


def test_search_finds_a_body_by_its_members(client: FlaskClient) -> None:
    main = main_of(page(client, "/search?q=steinar"))
    bodies = text_of(main[main.index('id="group-body"'):])
    assert "Uddannelsesstyregruppen blandt medlemmerne: formand: Steinar Eggen" in bodies


def test_search_term_reaches_no_query_text(app: Flask, sample_store: EmbeddedStore,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    term = 'zzq" } ; DROP ALL ; SELECT * { ?s ?p ?o'
    seen: list[str] = []
    real_query = sample_store.query

    def recording(sparql: str, bindings=None, union: bool = True):  # type: ignore[no-untyped-def]
        seen.append(sparql)
        return real_query(sparql, bindings, union)

    monkeypatch.setattr(sample_store, "query", recording)
    from api import db

    db.invalidate_caches(app)  # force the index to be rebuilt under the recorder
    client = app.test_client()
    main = main_of(page(client, "/search?" + _q(term)))
    assert "Ingen resultater" in main
    assert seen, "the index should have been built from the store"
    assert not any("zzq" in sparql for sparql in seen)
    assert sample_store.count() > 0


def test_empty_search_asks_for_words(client: FlaskClient) -> None:
    assert "Skriv et eller flere ord" in page(client, "/search?q=")


# --- entity pages -----------------------------------------------------------------------


def test_person_page_explains_the_merge_and_shows_mandates_with_sources(
        client: FlaskClient) -> None:
    main = main_of(page(client, "/id/person/steinar-eggen-kristiansen"))
    assert main.count("<h1>") == 1 and "<h1>Steinar Eggen Kristiansen</h1>" in main
    assert "Steinar Eggen Kristensen" in main  # the spelling seen
    assert "efternavnet afviger med ét bogstav" in main  # kg:mergeReason
    assert "0.95" in main  # kg:similarity
    text = text_of(main)
    assert "fra 29. maj 2020" in text
    assert "formand" in text and "Uddannelsesstyregruppen" in text
    assert "udpeget på Møde i KD-Net, 29. maj 2020, Punkt 2: Udpegninger" in text
    assert 'href="/id/agenda-item/kd-net--2020-05-29--2"' in main
    assert f'href="/id/document/{DOC}#c691"' in main  # quote of the appointment
    assert "KD-Net udpegede Steinar Eggen Kristiansen som formand" in main
    assert "deltog" in text


def test_person_page_shows_missed_meetings_and_former_mandates(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/person/jens-hansen"))
    text = text_of(main)
    assert "afbud, med stedfortræder" in text and "Jørgen Andersen" in text
    assert "til 28. maj 2020" in text
    assert f"/id/document/{DOC}#c243" in main


def test_person_page_lists_items_presented(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/person/jesper-kaas-schmidt"))
    assert "Punkter personen har fremlagt" in main
    assert 'href="/id/agenda-item/kd-net--2020-05-29--1"' in main
    assert 'href="/id/agenda-item/kkr-midtjylland--2020-11-13--1"' in main
    assert f"/id/document/{DOC2}#c109" in main  # facts from the second document too


def test_org_chart_draws_only_the_links_a_sentence_states(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/body/kd-net"))
    tree = main[main.index('<ul class="tree">'):main.index("<figure")]
    assert 'aria-current="page">KD-Net' in tree
    # "Uddannelsesstyregruppen hører under KD-Net." and "Arbejdsgruppen for praktik hører
    # under Uddannelsesstyregruppen." are stated; the practice group hangs under the education
    # group, not directly under KD-Net.
    education = tree.index('href="/id/body/uddannelsesstyregruppen"')
    assert tree.index('href="/id/body/arbejdsgruppen-for-praktik"') > education
    source = re.search(r'<a class="source" href="([^"]+)" title="([^"]+)"', tree[education:])
    assert source and source[2] == "Organisation: Uddannelsesstyregruppen hører under KD-Net."
    assert "?span=" in source[1]
    # The health group is recorded under KD-Net, but no sentence says so.
    assert "/id/body/sundhedsstyregruppen" not in tree
    unstated = main[main.index("Registreret under KD-Net uden en sætning"):]
    assert 'href="/id/body/sundhedsstyregruppen"' in unstated[:unstated.index("</ul>")]
    health = text_of(main_of(page(client, "/id/body/sundhedsstyregruppen")))
    assert "Hører under KD-Net (registreret af læseren, men ingen sætning" in health
    text = text_of(main)
    assert "Formand: Jesper Kaas Schmidt" in text
    assert main.index("/id/meeting/kd-net--2020-01-24") < main.index(
        "/id/meeting/kd-net--2020-05-29")  # meetings in order


def test_body_page_has_a_server_drawn_picture_of_its_subtree(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/body/uddannelsesstyregruppen"))
    picture = main[main.index('<figure class="orgchart">'):main.index("</figure>")]
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in picture and "<script" not in picture
    assert "<title>Organisationsdiagram for Uddannelsesstyregruppen</title>" in picture
    assert '<a href="/id/body/arbejdsgruppen-for-praktik">' in picture
    assert picture.count("<rect") == 2 and picture.count("<path") == 1  # two boxes, one line
    width = int(re.search(r'viewBox="0 0 (\d+) ', picture)[1])  # type: ignore[index]
    assert width <= 720  # one A4 page wide at a readable size
    leaf = main_of(page(client, "/id/body/arbejdsgruppen-for-praktik"))
    assert "<svg" not in leaf  # nothing below it to draw


def test_body_page_shows_chairs_over_time_and_validation_findings(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/body/uddannelsesstyregruppen"))
    text = text_of(main)
    assert "Formand: Steinar Eggen Kristiansen" in text
    assert "Jens Hansen" in text  # the former chair, in the history
    assert "Hører under KD-Net" in text
    findings = main_of(page(client, "/id/body/sundhedsstyregruppen"))
    assert "Advarsel" in findings and "skal være kommunaldirektør" in findings


def test_municipality_page(client: FlaskClient) -> None:
    text = text_of(main_of(page(client, "/id/municipality/0751")))
    assert "Aarhus Kommune" in text and "0751" in text and "Region Midtjylland" in text
    assert "Jesper Kaas Schmidt" in text and "kommunaldirektør" in text


def test_meeting_page_shows_attendance_agenda_and_outcomes(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/meeting/kd-net--2020-05-29"))
    text = text_of(main)
    assert "<h1>Møde i KD-Net, 29. maj 2020</h1>" in main
    assert "virtuelt møde" in text and "10:00–13:00" in text and "Skype" in text
    # The minutes name five people without saying that the list is complete.
    assert "Navngivne deltagere (5)" in text and "Afbud (1)" in text
    assert "Jørgen Andersen i stedet for Jens Hansen" in text
    assert 'class="badge outcome-approved">godkendt<' in main
    assert 'class="badge outcome-appointed">udpeget<' in main
    assert 'class="badge outcome-noted">taget til efterretning<' in main
    assert "Indstilling: Det indstilles, at KD-Net godkender referatet." in text
    assert main.index("kd-net--2020-05-29--1") < main.index("kd-net--2020-05-29--2") < \
        main.index("kd-net--2020-05-29--3")
    assert f'href="/id/document/{DOC}"' in main


def test_each_attendee_is_quoted_by_the_sentence_that_names_them(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/meeting/kd-net--2020-05-29"))
    attendees = main[main.index("Navngivne deltagere"):main.index("Afbud <span")]
    anna = attendees[attendees.index("Anna Ærø Sørensen</a>"):]
    anna = text_of(anna[:anna.index("</li>")])
    assert "Deltagere: Jesper Kaas Schmidt, Anna Ærø Sørensen, Steinar Eggen Kristensen og" in anna
    assert "Referat af møde i KD-Net den 29. maj 2020 Tid og sted" not in anna
    absent = text_of(main[main.index("Afbud <span"):main.index("Stedfortrædere")])
    assert "Afbud: Jens Hansen, Syddjurs Kommune, i stedet deltog Jørgen Andersen." in absent
    # The quote's link highlights the sentence on the document page.
    link = re.search(r'href="(/id/document/[0-9a-f]+\?span=(\d+)-(\d+)#c\d+)"', attendees)
    assert link
    document = page(client, link[1].replace("&amp;", "&"))
    sentence = document[document.index(f'id="c{link[2]}"'):]
    assert text_of(sentence[sentence.index(">") + 1:]).startswith("Deltagere: Jesper Kaas")


def test_a_span_outside_the_document_is_a_clear_400(client: FlaskClient) -> None:
    for asked in ("9-2", "0-999999", "a-b"):
        response = client.get(f"/id/document/{DOC}?span={asked}", headers=HTML)
        assert response.status_code == 400
        assert "span must be start-end" in response.get_data(as_text=True)


def test_case_description_keeps_the_paragraphs_lists_and_tables_of_its_document(
        client: FlaskClient) -> None:
    main = main_of(page(client, "/id/agenda-item/kd-net--2020-05-29--2"))
    case = main[main.index('id="cd-h"'):main.index("</section>", main.index('id="cd-h"'))]
    paragraphs = [text_of(p) for p in re.findall(r'<p class="text">(.*?)</p>', case, re.S)]
    assert paragraphs == ["Sagsfremstilling til punkt 2: Uddannelsesstyregruppen har været uden "
                          "formand siden den 28. maj 2020.", "Styregruppen foreslår:"]
    items = [text_of(li) for li in re.findall(r"<li>(.*?)</li>", case, re.S)]
    assert items == ["at formanden er kommunaldirektør",
                     "at formanden udpeges for resten af valgperioden"]
    cells = [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", case, re.S)]
    assert cells == ["Udgift", "Beløb", "Sekretariat", "100.000 kr.", "Møder", "20.000 kr."]


def test_quotes_are_shown_without_markup() -> None:
    assert without_markup("**Beslutning:** *Godkender* __alt__") == "Beslutning: Godkender alt"
    assert without_markup("2 * 3 = 6") == "2 * 3 = 6"


def test_agenda_item_and_decision_pages_show_appointments(client: FlaskClient) -> None:
    item = text_of(main_of(page(client, "/id/agenda-item/kd-net--2020-05-29--2")))
    assert "Punkt 2: Udpegninger" in item and "SAG-2020-05018" in item
    assert "Fremlagt af Anna Ærø Sørensen" in item
    assert "Steinar Eggen Kristiansen: formand, Uddannelsesstyregruppen" in item
    assert "Møde i KD-Net, 29. maj 2020 holdt" in item  # the meeting, and that it was held
    decision = main_of(page(client, "/id/decision/kd-net--2020-05-29--2"))
    assert "outcome-appointed" in decision
    assert 'class="badge status-held">holdt<' in decision
    assert 'href="/id/agenda-item/kd-net--2020-05-29--2"' in decision
    assert 'href="/id/meeting/kd-net--2020-05-29"' in decision


def test_document_page_shows_the_text_with_anchored_spans(client: FlaskClient,
                                                          sample_store: EmbeddedStore) -> None:
    html = page(client, f"/id/document/{DOC}")
    main = main_of(html)
    body = main[main.index('<div class="doc-text" lang="da">'):]
    body = body[:body.index("</div>")]
    content = sample_store.select(
        "SELECT ?d ?c WHERE { ?d <https://kommunegraf.dk/ontology#content> ?c }",
        {"d": _iri(f"document/{DOC}")})[0]["c"]
    import html as html_module

    assert html_module.unescape(re.sub(r"<[^>]+>", "", body)) \
        == str(content)
    starts = {int(r["s"]) for r in sample_store.select(
        "SELECT ?d ?s WHERE { ?e <https://kommunegraf.dk/ontology#inDocument> ?d ; "
        "<https://kommunegraf.dk/ontology#start> ?s }", {"d": _iri(f"document/{DOC}")})}
    ids = outline(html).ids
    for start in starts:
        assert ids.count(f"c{start}") == 1
    assert '<mark id="c691">KD-Net udpegede Steinar Eggen Kristiansen' in body
    assert ESCAPED in body and HOSTILE not in body


def test_generic_pages_show_properties_and_references(client: FlaskClient) -> None:
    main = main_of(page(
        client, "/id/name-variant/steinar-eggen-kristiansen--steinar-eggen-kristensen"))
    assert "<h1>Steinar Eggen Kristensen</h1>" in main
    assert "efternavnet afviger" in main
    assert 'href="/id/person/steinar-eggen-kristiansen"' in main  # referred to by the person
    mandate = text_of(main_of(page(client, "/id/mandate/steinar-eggen-kristiansen--chair--"
                                           "uddannelsesstyregruppen--2020-05-29")))
    assert "formand" in mandate and "Uddannelsesstyregruppen" in mandate
    assert "Steinar Eggen Kristiansen" in mandate
    for path in ("/id/substitution/kd-net--2020-05-29--joergen-andersen",
                 "/id/election-period/2018-2021", "/id/evidence/0fdc01abd8bb8a62-215-240"):
        page(client, path)


def test_validation_report_is_grouped_by_rule_and_linked(client: FlaskClient) -> None:
    main = main_of(page(client, "/validation"))
    rules = re.findall(r"Regel: ([a-z-]+)", main)
    assert rules == ["person-name", "chair-is-municipal-director", "meeting-has-agenda"]
    assert 'href="/id/body/sundhedsstyregruppen"' in main
    assert 'href="/id/mandate/anna-aeroe-soerensen--chair--sundhedsstyregruppen--undated"' in main
    assert 'href="/id/meeting/kd-net--2020-01-24"' in main
    summary = text_of(main[main.index('class="notice summary"'):main.index("</p>")])
    assert "1 overtrædelser, 2 advarsler, 1 noter" in summary
    assert "Mindst én regel er overtrådt." in summary
    # Entities without a name of their own are shown by what they are made of.
    assert "Anna Ærø Sørensen, formand, Sundhedsstyregruppen" in text_of(main)
    assert "Møde i KD-Net, 24. januar 2020" in text_of(main)
    assert "--undated</a>" not in main


def test_lists_tell_held_from_planned_meetings_and_name_the_meeting_of_a_decision(
        client: FlaskClient) -> None:
    meetings = main_of(page(client, "/browse/meeting"))
    rows = {re.search(r'href="/id/meeting/([^"]+)"', row)[1]: text_of(row)  # type: ignore[index]
            for row in re.findall(r"<li>(.*?)</li>", meetings, re.S)}
    assert "holdt" in rows["kd-net--2020-05-29"]
    assert "planlagt" in rows["kkr-midtjylland--2020-11-13"]
    assert "status ikke oplyst" in rows["kd-net--2020-01-24"]
    decisions = text_of(main_of(page(client, "/browse/decision")))
    assert "1. Godkendelse af referatet fra mødet den 24. januar 2020 godkendt – Møde i KD-Net, " \
           "29. maj 2020" in decisions
    assert decisions.index("1. Godkendelse") < decisions.index("2. Udpegninger")


def test_page_titles_name_the_site_once_and_the_language_is_kept_for_the_session(
        client: FlaskClient) -> None:
    home = page(client, "/")
    assert re.search(r"<title>(.*?)</title>", home)[1].count("kommunegraf") == 1  # type: ignore[index]
    response = client.get("/?lang=en", headers=HTML)
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=en") and "Max-Age" not in cookie and "Expires" not in cookie
    client.get("/?lang=da", headers=HTML)


def test_list_pages(client: FlaskClient) -> None:
    main = main_of(page(client, "/browse/person"))
    assert "Anna Ærø Sørensen" in main and ESCAPED in main
    page(client, "/browse/nothing", status=404)
    page(client, "/browse/person?page=99", status=404)


# --- escaping -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/id/person/script-alert-1-script", "/id/body/kd-net", "/id/meeting/kd-net--2020-05-29",
    f"/id/document/{DOC}", "/search?q=script", "/search?q=alert", "/browse/person",
    "/validation", "/id/mandate/script-alert-1-script--member--kd-net--undated",
    "/sparql?" + urlencode({"query": "SELECT ?n WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?n }"}),
])
def test_hostile_name_is_escaped(client: FlaskClient, path: str) -> None:
    html = page(client, path)
    assert HOSTILE not in html
    assert ESCAPED in html


def test_hostile_search_term_is_escaped(client: FlaskClient) -> None:
    html = page(client, "/search?" + _q(HOSTILE))
    assert HOSTILE not in html and ESCAPED in html


# --- language, structure, headers, errors, speed -----------------------------------------


def test_english_switch_is_remembered(client: FlaskClient) -> None:
    html = page(client, "/id/meeting/kd-net--2020-05-29?lang=en")
    assert '<html lang="en">' in html
    assert "<h1>Meeting of KD-Net, 29 May 2020</h1>" in html
    assert ">virtual<" in html and ">approved<" in html
    follow = page(client, "/id/person/jens-hansen")
    assert '<html lang="en">' in follow and "Meetings" in follow
    back = page(client, "/?lang=da")
    assert '<html lang="da">' in back


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_are_accessible_in_structure(client: FlaskClient, path: str, lang: str) -> None:
    html = page(client, path + ("&" if "?" in path else "?") + "lang=" + lang)
    found = outline(html)
    assert found.html_lang == lang
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in found.tags, (path, landmark)
    assert found.headings.count(1) == 1, (path, found.headings)
    assert found.headings[0] == 1
    for before, after in zip(found.headings, found.headings[1:], strict=False):
        assert after <= before + 1, (path, found.headings)  # no skipped levels
    for field in found.fields:
        assert field.get("id") in found.labels_for or field.get("aria-label"), (path, field)
    assert not found.inline, (path, found.inline)  # no script, inline style or handlers
    assert len(found.ids) == len(set(found.ids)), (path, "duplicate ids")


@pytest.mark.parametrize("path", ["/", "/id/person/jens-hansen", "/sparql", "/static/style.css",
                                  "/no/such/page", "/id/person/nobody"])
def test_security_headers_on_every_response(client: FlaskClient, path: str) -> None:
    with client.get(path, headers=HTML) as response:
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src" not in csp
    assert "default-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]


def test_stylesheet_has_visible_focus(client: FlaskClient) -> None:
    with client.get("/static/style.css") as response:
        css = response.get_data(as_text=True)
    assert ":focus-visible" in css and "outline: 3px solid" in css


def test_errors_are_pages_without_tracebacks(app: Flask, client: FlaskClient,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    html = page(client, "/id/person/nobody", status=404)
    assert "Fejl 404" in html
    response = client.get("/id/person/nobody", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.json["error"] == 404  # type: ignore[index]

    from api import pages

    def broken(iri: object) -> dict:
        raise RuntimeError("secret internals")

    monkeypatch.setitem(pages.PAGES, "person", broken)
    response = client.get("/id/person/jens-hansen", headers=HTML)
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "secret internals" not in body
    assert "Fejl 500" in body


def test_request_body_is_limited(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_pages_are_fast(client: FlaskClient) -> None:
    slow = {}
    for path in PAGES:
        client.get(path, headers=HTML)  # warm the templates and caches
        times = []
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(path, headers=HTML)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
        median = statistics.median(times)
        if median >= 0.1:
            slow[path] = round(median * 1000)
    assert not slow, f"pages slower than 100 ms (ms): {slow}"


def _q(text: str) -> str:
    return urlencode({"q": text})


def _iri(rest: str):  # type: ignore[no-untyped-def]
    from rdflib import URIRef

    return URIRef("https://kommunegraf.dk/id/" + rest)


# --- an empty store, and a store the app opens itself --------------------------------------


@pytest.mark.parametrize("path", ["/", "/search?q=anna", "/browse/person", "/validation",
                                  "/ontology", "/sparql", "/export"])
def test_pages_work_on_an_empty_store(path: str) -> None:
    app = create_app(load_config({"store": ":memory:"}, environ={}), store=EmbeddedStore(None))
    html = page(app.test_client(), path)
    assert outline(html).headings.count(1) == 1
    if path == "/validation":
        assert "Der er ingen valideringsrapport" in html
    if path == "/ontology":  # read from the packaged file, and the page says so
        assert "Ontologien er ikke indlæst i lageret" in html and 'id="Mandate"' in html


def test_the_app_opens_the_configured_store_on_first_use(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    app = create_app(load_config({"store": str(folder)}, environ={}))
    assert not folder.exists()  # nothing opened while building the app
    assert app.test_client().get("/", headers=HTML).status_code == 200
    assert folder.exists()
    from api import db

    with app.app_context():
        db.get_store().close()


def test_a_document_written_to_the_served_store_shows_at_once() -> None:
    """The embedded store counts its writes, so what is derived from it (the search index,
    the kept pages) is rebuilt at the first request after a write, without counting quads."""
    from rdflib import Literal, URIRef

    store = EmbeddedStore(None)
    load_sample(store)
    client = create_app(load_config({"store": ":memory:"}, environ={}), store=store).test_client()
    assert "Ingen resultater" in page(client, "/search?q=zacharias")
    store.replace_graph("https://kommunegraf.dk/id/document/" + "1" * 64, [(
        URIRef("https://kommunegraf.dk/id/person/zacharias"),
        URIRef("http://xmlns.com/foaf/0.1/name"), Literal("Zacharias Zed"))])
    assert 'href="/id/person/zacharias"' in page(client, "/search?q=zacharias")


def test_a_body_page_lists_its_latest_meetings_and_links_to_all(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body_page, "MEETINGS_SHOWN", 1)
    main = main_of(page(client, "/id/body/kd-net"))
    assert "De 1 seneste af 2 møder." in text_of(main)
    assert "/id/meeting/kd-net--2020-05-29" in main
    assert "/id/meeting/kd-net--2020-01-24" not in main
    everything = main_of(page(client, "/id/body/kd-net?meetings=all"))
    assert "/id/meeting/kd-net--2020-01-24" in everything
    assert "seneste af" not in text_of(everything)


def test_a_page_shows_the_first_quotes_and_says_how_many_more_there_are(
        client: FlaskClient, sample_store: EmbeddedStore,
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = sample_store.select(
        "PREFIX kg: <https://kommunegraf.dk/ontology#> "
        "SELECT ?p (COUNT(DISTINCT ?ev) AS ?n) WHERE { ?p a kg:Person ; kg:evidence ?ev } "
        "GROUP BY ?p HAVING (COUNT(?ev) > 1) ORDER BY DESC(?n) ?p LIMIT 1")
    assert rows, "the sample has a person stated by several quotes"
    person, total = str(rows[0]["p"]), int(str(rows[0]["n"]))
    monkeypatch.setattr(common_page, "QUOTES_SHOWN", 1)
    main = main_of(page(client, "/id/" + person.split("/id/", 1)[1]))
    sources = main[main.index('id="sources-h"'):]
    assert sources.count("<q ") == 1
    assert f"… og {total - 1} andre steder i dokumenterne." in text_of(sources)


def test_the_search_index_is_built_in_the_background_when_the_server_starts(
        sample_store: EmbeddedStore) -> None:
    app = create_app(load_config({"store": ":memory:"}, environ={}), store=sample_store)
    warm_search_index(app).join(timeout=60)
    cached = app.extensions["kommunegraf"].caches
    assert "search-index-da" in cached
    with app.test_client() as client:
        assert "Jesper Kaas Schmidt" in page(client, "/search?q=jesper")
    assert app.extensions["kommunegraf"].caches["search-index-da"] is cached["search-index-da"]


def test_a_person_page_lists_the_latest_meetings_and_links_to_all(
        client: FlaskClient, sample_store: EmbeddedStore,
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = sample_store.select(
        "PREFIX kg: <https://kommunegraf.dk/ontology#> "
        "SELECT ?p (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m kg:attendee ?p } "
        "GROUP BY ?p HAVING (COUNT(DISTINCT ?m) > 1) ORDER BY DESC(?n) ?p LIMIT 1")
    assert rows, "the sample has a person who attended several meetings"
    person, total = "/id/" + str(rows[0]["p"]).split("/id/", 1)[1], int(str(rows[0]["n"]))
    monkeypatch.setattr(person_page, "MEETINGS_SHOWN", 1)
    main = main_of(page(client, person))
    shown = main[main.index('id="meetings-h"'):]
    assert f"De 1 seneste af {total} møder." in text_of(shown)
    everything = main_of(page(client, person + "?meetings=all"))
    assert everything.count("/id/meeting/") > main.count("/id/meeting/")
    assert "seneste af" not in text_of(everything)


def test_a_body_page_shows_the_first_current_and_latest_mandates_and_links_to_all(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body_page, "ROWS_SHOWN", 1)
    everything = main_of(page(client, "/id/body/uddannelsesstyregruppen?mandates=all"))
    mandates = set(re.findall(r'/id/mandate/[^"#?]+', everything))
    assert len(mandates) == 3
    current = set(re.findall(r'/id/mandate/[^"#?]+', everything[
        everything.index('id="now-h"'):everything.index('id="time-h"')]))
    assert len(current) == 2  # one of the three has ended
    main = main_of(page(client, "/id/body/uddannelsesstyregruppen"))
    now = main[main.index('id="now-h"'):main.index('id="time-h"')]
    over_time = main[main.index('id="time-h"'):main.index('id="meetings-h"')]
    assert len(set(re.findall(r'/id/mandate/[^"#?]+', now))) == 1
    assert "De første 1 af 2." in text_of(now)
    assert len(set(re.findall(r'/id/mandate/[^"#?]+', over_time))) == 1
    assert "De 1 seneste af 3 hverv." in text_of(over_time)
    assert 'href="?mandates=all#time-h"' in over_time
    # The chair comes first among the current members, whatever the names.
    assert "chair" in re.findall(r'/id/mandate/[^"#?]+', now)[0]


def test_a_person_page_shows_the_latest_presented_items_and_mentions_and_links_to_all(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    person = "/id/person/jesper-kaas-schmidt"
    everything = main_of(page(client, person + "?items=all&documents=all"))
    items = everything[everything.index('id="items-h"'):everything.index('id="sources-h"')]
    assert len(set(re.findall(r'/id/agenda-item/[^"#?]+', items))) == 2
    monkeypatch.setattr(person_page, "ROWS_SHOWN", 1)  # the items
    monkeypatch.setattr(common_page, "ROWS_SHOWN", 1)  # the documents
    main = main_of(page(client, person))
    items = main[main.index('id="items-h"'):main.index('id="sources-h"')]
    assert len(set(re.findall(r'/id/agenda-item/[^"#?]+', items))) == 1
    assert "De 1 seneste af 2." in text_of(items)
    mentions = main[main.index('id="sources-h"'):]
    assert "De første 1 af 2." in text_of(mentions)
    assert 'href="?documents=all#sources-h"' in mentions


def test_a_resource_named_by_many_documents_lists_its_first_sources_not_every_link() -> None:
    from rdflib import Literal, URIRef

    store = EmbeddedStore(None)
    load_sample(store)
    mandate = URIRef("https://kommunegraf.dk/id/mandate/"
                     "jesper-kaas-schmidt--municipal-director--aarhus-kommune--undated")
    documents = [f"https://kommunegraf.dk/id/document/{n:064d}" for n in range(1, 4)]
    for document in documents:
        store.replace_graph(document, [
            (mandate, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), URIRef(document)),
            (URIRef(document), URIRef("http://purl.org/dc/terms/title"),
             Literal(f"Referat {document[-1]}"))])
    client = create_app(load_config({"store": ":memory:"}, environ={}), store=store).test_client()
    monkeypatch = pytest.MonkeyPatch()
    with monkeypatch.context() as patch:
        patch.setattr(common_page, "ROWS_SHOWN", 2)
        main = main_of(page(client, "/id/" + str(mandate).split("/id/", 1)[1]))
    properties = main[main.index('id="props-h"'):main.index("</table>")]
    sources = main[main.index('id="docs-h"'):]
    assert "wasDerivedFrom" not in properties and "/id/document/" not in properties
    assert text_of(sources).count("Referat") == 2
    assert "De første 2 af 4." in text_of(sources)  # the sample's own source and three more
    everything = main_of(page(client, "/id/" + str(mandate).split("/id/", 1)[1]
                              + "?documents=all"))
    assert text_of(everything[everything.index('id="docs-h"'):]).count("Referat") == 4
