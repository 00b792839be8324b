"""``/sparql``: the SPARQL 1.1 Protocol through the Flask test client, on a store folder (so
queries run in the endpoint's worker processes, as served)."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from api import create_app, db
from kommunegraf.config import load_config
from kommunegraf.sparql_text import MAX_QUERY_CHARS, keywords_used
from kommunegraf.store import EmbeddedStore
from tests.conftest import load_api_sample as load_sample

FIXTURE = Path(__file__).parent / "fixtures" / "api-sample.trig"
BASE = "https://kommunegraf.dk/id/"
TOKEN = "correct horse battery staple"

# DISTINCT: a triple stated in two documents' graphs appears once per graph in the union.
NAMES = ("SELECT DISTINCT ?p ?name WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?name } "
         "ORDER BY ?name")
CONSTRUCT = ("CONSTRUCT { ?p <http://xmlns.com/foaf/0.1/name> ?name } "
             "WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?name }")
# Four independent patterns over the 42 quotes: 3.1 million rows to count, about 0.4 s.
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { "
        + " ".join(f"?a{i} <https://kommunegraf.dk/ontology#quote> ?q{i} ." for i in range(4))
        + " }")
JSON = {"Accept": "application/sparql-results+json"}
# Six of them: 5.5 billion rows, far past any time limit of these tests.
ENDLESS = ("SELECT (COUNT(*) AS ?n) WHERE { "
           + " ".join(f"?a{i} <https://kommunegraf.dk/ontology#quote> ?q{i} ." for i in range(6))
           + " }")


MakeApp = Callable[..., Flask]


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The API sample in a store folder, copied for each app that may write it."""
    folder = tmp_path_factory.mktemp("sample") / "store"
    store = EmbeddedStore(folder)
    load_sample(store)
    store.close()
    return folder


def _open_app(folder: Path, copy_to: Path, **settings: Any) -> tuple[Flask, EmbeddedStore]:
    import shutil

    shutil.copytree(folder, copy_to)
    store = EmbeddedStore(copy_to)
    app = create_app(load_config({"store": str(copy_to), **settings}, environ={}), store=store)
    return app, store


@pytest.fixture
def make_app(sample_folder: Path, tmp_path: Path) -> Iterator[MakeApp]:
    """Apps on their own copy of the sample store; their query workers stop with the test."""
    opened: list[tuple[Flask, EmbeddedStore]] = []

    def make(**settings: Any) -> Flask:
        opened.append(_open_app(sample_folder, tmp_path / f"store-{len(opened)}", **settings))
        return opened[-1][0]

    yield make
    for app, store in opened:
        db.close(app)
        store.close()


@pytest.fixture(scope="module")
def app(sample_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    shared, store = _open_app(sample_folder, tmp_path_factory.mktemp("shared") / "store")
    yield shared
    db.close(shared)
    store.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.data[:300]
    document = json.loads(response.data)
    return [b["name"]["value"] for b in document["results"]["bindings"]]


# --- the three ways to send a query -------------------------------------------------------


def test_get(client: FlaskClient) -> None:
    found = names(client.get("/sparql", query_string={"query": NAMES}, headers=JSON))
    assert len(found) == 6 and "Anna Ærø Sørensen" in found


def test_post_form(client: FlaskClient) -> None:
    found = names(client.post("/sparql", data={"query": NAMES}, headers=JSON))
    assert len(found) == 6


def test_post_direct(client: FlaskClient) -> None:
    response = client.post("/sparql", data=NAMES.encode("utf-8"),
                           content_type="application/sparql-query", headers=JSON)
    assert len(names(response)) == 6


def test_post_other_content_type_is_415(client: FlaskClient) -> None:
    response = client.post("/sparql", data=NAMES, content_type="text/plain")
    assert response.status_code == 415


def test_queries_see_the_union_of_all_graphs(client: FlaskClient) -> None:
    query = ("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { "
             "<https://kommunegraf.dk/id/person/jesper-kaas-schmidt> "
             "<http://www.w3.org/ns/prov#wasDerivedFrom> ?d }")
    document = client.get("/sparql", query_string={"query": query}, headers=JSON).json
    assert document["results"]["bindings"][0]["n"]["value"] == "2"  # type: ignore[index]


def test_dataset_parameters_are_refused(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": NAMES,
                                                   "default-graph-uri": BASE + "x"})
    assert response.status_code == 400


# --- result formats -----------------------------------------------------------------------


def test_results_as_json_by_default(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": NAMES})
    assert response.mimetype == "application/sparql-results+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("accept,param,media_type", [
    ("application/sparql-results+json", None, "application/sparql-results+json"),
    ("application/json", None, "application/sparql-results+json"),
    ("application/sparql-results+xml", None, "application/sparql-results+xml"),
    ("text/csv", None, "text/csv"),
    ("text/tab-separated-values", None, "text/tab-separated-values"),
    (None, "xml", "application/sparql-results+xml"),
    (None, "csv", "text/csv"),
    ("text/csv", "tsv", "text/tab-separated-values"),  # the parameter wins
])
def test_select_results_formats(client: FlaskClient, accept: str | None, param: str | None,
                                media_type: str) -> None:
    query: dict[str, str] = {"query": NAMES}
    if param:
        query["format"] = param
    response = client.get("/sparql", query_string=query,
                          headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.mimetype == media_type
    text = response.get_data(as_text=True)
    assert "Anna Ærø Sørensen" in text
    if media_type == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["p", "name"] and len(rows) == 7
    if media_type.endswith("xml"):
        parsed = list(ox.parse_query_results(response.data, ox.QueryResultsFormat.XML))
        assert len(parsed) == 6
    if media_type == "text/tab-separated-values":
        parsed = list(ox.parse_query_results(response.data, ox.QueryResultsFormat.TSV))
        assert len(parsed) == 6


@pytest.mark.parametrize("accept,media_type,fmt", [
    ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("*/*", "text/turtle", ox.RdfFormat.TURTLE),
])
def test_construct_formats(client: FlaskClient, accept: str, media_type: str,
                           fmt: ox.RdfFormat) -> None:
    response = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == media_type
    triples = list(ox.parse(response.data, fmt))
    assert len(triples) == 6


def test_describe(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={
        "query": f"DESCRIBE <{BASE}person/jens-hansen>"}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and b"Jens Hansen" in response.data


def test_ask(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}, headers=JSON)
    assert response.json == {"head": {}, "boolean": True}
    xml = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "format": "xml"})
    assert b"<boolean>true</boolean>" in xml.data


@pytest.mark.parametrize("query,accept", [
    (NAMES, "text/turtle"), (CONSTRUCT, "text/csv"), (NAMES, "image/png"),
])
def test_unacceptable_format_is_406(client: FlaskClient, query: str, accept: str) -> None:
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    bad_param = client.get("/sparql", query_string={"query": NAMES, "format": "pdf"})
    assert bad_param.status_code == 406


# --- errors and refusals ------------------------------------------------------------------


def test_malformed_query_is_400_with_the_parser_message(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"},
                          headers=JSON)
    assert response.status_code == 400
    assert "error at 1:" in response.json["message"]  # type: ignore[index]
    html = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"},
                      headers={"Accept": "text/html"})
    assert html.status_code == 400 and b"error at 1:" in html.data
    assert b"Traceback" not in html.data


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?endpoint { <http://example.org/> } "
    "?s ?p ?o .SERVICE ?endpoint { ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/>\nSELECT * { ?s ex:b ?o # }\n SERVICE <http://x/> {} }",
])
def test_service_is_refused(client: FlaskClient, query: str) -> None:
    response = client.get("/sparql", query_string={"query": query}, headers=JSON)
    assert response.status_code == 400
    assert "service" in response.json["message"].lower()  # type: ignore[index]
    assert client.get("/sparql", query_string={"query": "ASK {}"}, headers=JSON).json == {
        "head": {}, "boolean": True}  # a fresh worker took the refused one's place


def test_the_word_service_elsewhere_is_fine(client: FlaskClient) -> None:
    query = ('PREFIX service: <http://example.org/service#>\n'
             'SELECT ?service WHERE { ?service <http://example.org/p> "SERVICE <x> {}" . '
             '# SERVICE in a comment\n ?service service:SERVICE <http://example.org/service> }')
    response = client.get("/sparql", query_string={"query": query}, headers=JSON)
    assert response.status_code == 200, response.data


@pytest.mark.parametrize("text,expected", [
    ("SELECT * { SERVICE <x:y> {} }", ["SERVICE"]),
    ("SELECT ?service { ?service ?p 'SERVICE' }", []),
    ('SELECT * { ?s ?p """\nSERVICE\n""" }', []),
    ("SELECT * { <http://x/SERVICE> ?p ex:SERVICE }", []),
    ("SELECT * { ?s ?p ex:o.SERVICE }", ["SERVICE"]),  # after a dot: counted, to be safe
    ("SELECT * { ?s ?p ex:o .SERVICE <x:y> {} }", ["SERVICE"]),
    ("LOAD <http://example.org/data.ttl>", ["LOAD"]),
    ("PREFIX : <http://x/> SELECT * { SERVICE:{ ?s ?p ?o } }", ["SERVICE"]),
    ("SELECT * { SERVICE<http://x/>{} }", ["SERVICE"]),
    ("SELECT * { SERVI\\u0043E <http://x/> {} }", ["SERVICE"]),
    ("SELECT * { ?s a <https://kommunegraf.dk/ontolog\\u0079#Person> . SERVICE <x:y> {} }",
     ["SERVICE"]),
    ("LOAD:", ["LOAD"]),
])
def test_keyword_detection(text: str, expected: list[str]) -> None:
    assert keywords_used(text, ("SERVICE", "LOAD")) == expected


def test_query_length_is_limited(client: FlaskClient) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_QUERY_CHARS
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 413


def test_a_query_past_its_time_limit_is_stopped_and_the_next_one_answered(
        make_app: MakeApp) -> None:
    app = make_app(query_timeout=0.5)
    client = app.test_client()
    deadline = time.monotonic() + 60  # the workers start in the background, slower under load
    while client.get("/sparql", query_string={"query": "ASK {}"}, headers=JSON).status_code != 200:
        assert time.monotonic() < deadline, "no query worker started within 60 s"
    time.sleep(2)  # and the others too, so that one is idle for the next query
    started = time.perf_counter()
    response = client.get("/sparql", query_string={"query": ENDLESS},
                          headers=JSON)
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "time limit of 0.5 s and was stopped" in response.json["message"]  # type: ignore[index]
    assert client.get("/sparql", query_string={"query": "ASK {}"}, headers=JSON).status_code \
        == 200
    assert time.perf_counter() - started < 0.5 + 1.0


def test_result_cap_is_announced(make_app: MakeApp) -> None:
    client = make_app(result_limit=4).test_client()
    response = client.get("/sparql", query_string={"query": NAMES}, headers=JSON)
    assert len(names(response)) == 4
    assert response.headers["X-Result-Truncated"] == "true"
    assert response.headers["X-SPARQL-MaxRows"] == "4"
    assert "X-Result-Truncated" in response.headers["Access-Control-Expose-Headers"]
    construct = client.get("/sparql", query_string={"query": CONSTRUCT},
                           headers={"Accept": "application/n-triples"})
    assert len(construct.data.splitlines()) == 4
    assert construct.headers["X-Result-Truncated"] == "true"
    small = client.get("/sparql", query_string={"query": NAMES + " LIMIT 2"}, headers=JSON)
    assert "X-Result-Truncated" not in small.headers


# --- updates ------------------------------------------------------------------------------

INSERT = f"INSERT DATA {{ GRAPH <{BASE}document/test> {{ <{BASE}person/new> " \
         "<http://xmlns.com/foaf/0.1/name> \"New Person\" } }"


def test_update_is_refused_without_a_configured_token(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"update": INSERT},
                           headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": f"Basic {TOKEN}"}])
def test_update_is_refused_without_the_token(make_app: MakeApp,
                                             headers: dict[str, str]) -> None:
    client = make_app(update_token=TOKEN).test_client()
    response = client.post("/sparql", data={"update": INSERT}, headers=headers)
    assert response.status_code == 403
    found = names(client.get("/sparql", query_string={"query": NAMES}, headers=JSON))
    assert "New Person" not in found


@pytest.mark.parametrize("direct", [False, True])
def test_update_with_the_token(make_app: MakeApp, direct: bool) -> None:
    app = make_app(update_token=TOKEN)
    client = app.test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    client.get("/search?q=new")  # build the search index before the update
    if direct:
        response = client.post("/sparql", data=INSERT.encode(), headers=auth,
                               content_type="application/sparql-update")
    else:
        response = client.post("/sparql", data={"update": INSERT}, headers=auth)
    assert response.status_code == 204
    assert "New Person" in names(client.get("/sparql", query_string={"query": NAMES},
                                            headers=JSON))
    assert b"/id/person/new" in client.get("/search?q=new+pers").data  # caches were dropped


@pytest.mark.parametrize("update", [
    "LOAD <http://example.org/data.ttl>",
    "INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "INSERT DATA { <x:a> <x:b> }",
])
def test_bad_updates_are_400(make_app: MakeApp, update: str) -> None:
    client = make_app(update_token=TOKEN).test_client()
    response = client.post("/sparql", data={"update": update},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400


@pytest.mark.parametrize("update,reason", [
    ("DROP GRAPH <urn:missing>", "does not exist"),
    ("CREATE GRAPH <https://kommunegraf.dk/ontology>", "already exists"),
])
def test_an_update_the_store_cannot_apply_is_400_with_the_reason(
        make_app: MakeApp, update: str, reason: str) -> None:
    client = make_app(update_token=TOKEN).test_client()
    response = client.post("/sparql", data={"update": update}, headers={
        "Authorization": f"Bearer {TOKEN}", "Accept": "application/json"})
    assert response.status_code == 400
    assert reason in response.json["message"]  # type: ignore[index]


def test_update_by_get_is_refused(client: FlaskClient) -> None:
    assert client.get("/sparql", query_string={"update": INSERT}).status_code == 400


# --- service description and the query page -----------------------------------------------


def test_service_description(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    triples = list(ox.parse(response.data, ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    predicates = {t.predicate.value for t in triples}
    assert sd + "endpoint" in predicates and sd + "resultFormat" in predicates
    objects = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)}
    assert sd + "SPARQL11Query" in objects and sd + "SPARQL11Update" not in objects
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in objects
    assert BASE + "document/4a868ad4cc3eb76b61e5acbc2495edd4932ba23b6ffd67df20df7dfd64c33027" \
        in objects
    assert client.get("/sparql").mimetype == "text/turtle"  # */* or none: the description


def test_query_page_has_examples_that_work(client: FlaskClient) -> None:
    html = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    for title in ("Hvem er formand for hvad?", "Beslutninger efter udfald",
                  "Personer i flere organer", "Formænd, der bryder formandsreglen"):
        assert title in html
    assert '<label for="query">' in html and '<textarea id="query"' in html
    from api.sparql import EXAMPLES

    expected = {"chairs": "Jesper Kaas Schmidt", "outcomes": "godkendt",
                "several": "Anna Ærø Sørensen", "chair_rule": "Anna Ærø Sørensen"}
    for key, query in EXAMPLES:
        response = client.get("/sparql", query_string={"query": query}, headers=JSON)
        assert response.status_code == 200, (key, response.data)
        assert expected[key] in response.get_data(as_text=True), key
        page = client.get("/sparql", query_string={"query": query},
                          headers={"Accept": "text/html"}).get_data(as_text=True)
        assert '<table class="results">' in page and expected[key] in page
    rule = client.get("/sparql", query_string={"query": dict(EXAMPLES)["chair_rule"]},
                      headers=JSON).json
    breakers = {b["name"]["value"] for b in rule["results"]["bindings"]}  # type: ignore[index]
    # Steinar is a kommunaldirektør; Anna (now) and Jens (until 2020) are not known to be.
    assert breakers == {"Anna Ærø Sørensen", "Jens Hansen"}


def test_query_page_links_iris_to_entity_pages(client: FlaskClient) -> None:
    html = client.get("/sparql", query_string={"query": NAMES, "format": "html"}).get_data(
        as_text=True)
    assert 'href="/id/person/anna-aeroe-soerensen"' in html


def test_concurrent_queries(app: Flask) -> None:
    client_app = app
    results: list[int] = []

    def run() -> None:
        response = client_app.test_client().get("/sparql", query_string={"query": NAMES},
                                                 headers=JSON)
        results.append(response.status_code)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200, 200, 200]
