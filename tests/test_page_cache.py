"""The server keeps rendered pages until the store changes, and never serves a stale one after."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import FOAF

from api import create_app, db, pages
from api.pagecache import PageCache, _Page
from kommunegraf.config import load_config
from kommunegraf.store import EmbeddedStore, FollowingStore
from tests.conftest import load_api_sample

HTML = {"Accept": "text/html"}
PERSON = "/id/person/jesper-kaas-schmidt"
NEW_DOCUMENT = "https://kommunegraf.dk/id/document/" + "7" * 64
NEW_PERSON = URIRef("https://kommunegraf.dk/id/person/zacharias-zed")


def counting(monkeypatch: pytest.MonkeyPatch, kind: str) -> list[object]:
    """Count the renderings of one kind of page."""
    calls: list[object] = []
    render = pages.PAGES[kind]

    def counted(iri: URIRef) -> dict[str, object]:
        calls.append(iri)
        return render(iri)

    monkeypatch.setitem(pages.PAGES, kind, counted)
    return calls


@pytest.fixture
def store() -> EmbeddedStore:
    store = EmbeddedStore(None)
    load_api_sample(store)
    return store


def test_a_page_asked_for_again_is_served_from_the_cache_with_an_etag(
        store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> None:
    client = create_app(load_config({"store": ":memory:"}, environ={}), store=store).test_client()
    renderings = counting(monkeypatch, "person")
    first = client.get(PERSON, headers=HTML)
    second = client.get(PERSON, headers=HTML)
    assert first.status_code == second.status_code == 200
    assert len(renderings) == 1
    assert second.data == first.data and second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Content-Security-Policy"]  # the headers every response gets
    unchanged = client.get(PERSON, headers={**HTML, "If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and not unchanged.data


def test_each_language_and_format_is_a_page_of_its_own(
        store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> None:
    client = create_app(load_config({"store": ":memory:"}, environ={}), store=store).test_client()
    danish = client.get(PERSON, headers=HTML).get_data(as_text=True)
    english = client.get(PERSON + "?lang=en", headers=HTML).get_data(as_text=True)
    assert 'lang="da"' in danish and 'lang="en"' in english
    # The cookie set by ?lang=en chooses English for the same path without the parameter.
    assert 'lang="en"' in client.get(PERSON, headers=HTML).get_data(as_text=True)
    turtle = client.get(PERSON, headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle" and b"foaf:name" in turtle.data


def test_a_missing_page_is_not_kept(store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> None:
    client = create_app(load_config({"store": ":memory:"}, environ={}), store=store).test_client()
    path = "/id/person/zacharias-zed"
    assert client.get(path, headers=HTML).status_code == 404
    store.replace_graph(NEW_DOCUMENT, [(NEW_PERSON, FOAF.name, Literal("Zacharias Zed"))])
    assert client.get(path, headers=HTML).status_code == 200


def test_an_update_through_sparql_drops_the_kept_pages(
        store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config({"store": ":memory:", "update_token": "s3cret"}, environ={})
    client = create_app(config, store=store).test_client()
    assert "<h1>Jesper Kaas Schmidt</h1>" in client.get(PERSON, headers=HTML).get_data(as_text=True)
    response = client.post("/sparql", data={"update": (
        "DELETE WHERE { GRAPH ?g { <https://kommunegraf.dk/id/person/jesper-kaas-schmidt> "
        "<http://xmlns.com/foaf/0.1/name> ?n } }")},
        headers={"Authorization": "Bearer s3cret"})
    assert response.status_code in (200, 204)
    assert "<h1>Jesper Kaas Schmidt</h1>" not in client.get(PERSON, headers=HTML).get_data(
        as_text=True)


def test_a_followed_store_drops_the_kept_pages_when_a_build_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writer = EmbeddedStore(tmp_path / "store")
    load_api_sample(writer)
    writer.flush()
    reader = FollowingStore(tmp_path / "store", check_seconds=0)
    monkeypatch.setattr(db, "_check_interval", lambda _store: 0.0)
    client = create_app(load_config({"store": str(tmp_path / "store")}, environ={}),
                        store=reader).test_client()
    before = client.get("/search?q=zacharias", headers=HTML).get_data(as_text=True)
    assert "/id/person/zacharias-zed" not in before
    writer.replace_graph(NEW_DOCUMENT, [(NEW_PERSON, FOAF.name, Literal("Zacharias Zed"))])
    writer.flush()
    # The store's files may still change after the flush (its own background work), so a
    # snapshot can be a step behind; the next look at the files catches up, as on a server.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        after = client.get("/search?q=zacharias", headers=HTML).get_data(as_text=True)
        if 'href="/id/person/zacharias-zed"' in after:
            break
        time.sleep(0.1)
    assert 'href="/id/person/zacharias-zed"' in after
    writer.close()
    reader.close()


def test_without_a_page_cache_every_request_renders_the_page(
        store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config({"store": ":memory:", "page_cache_mb": "0"}, environ={})
    client = create_app(config, store=store).test_client()
    renderings = counting(monkeypatch, "person")
    for _ in range(3):
        assert client.get(PERSON, headers=HTML).status_code == 200
    assert len(renderings) == 3


def test_the_cache_drops_the_least_recently_used_pages_past_its_size() -> None:
    cache = PageCache(limit=250)
    for name in "abc":
        cache.put((name, "da", ""), _Page(b"x" * 100, 200, []))
    assert cache.get(("a", "da", "")) is None  # 300 bytes: the oldest went
    assert cache.get(("b", "da", "")) is not None  # b is now the most recently used
    cache.put(("d", "da", ""), _Page(b"x" * 100, 200, []))
    assert cache.get(("c", "da", "")) is None and cache.get(("b", "da", "")) is not None
    assert cache.size == 200
    cache.put(("huge", "da", ""), _Page(b"x" * 251, 200, []))  # larger than the whole cache
    assert cache.get(("huge", "da", "")) is None and cache.size == 200
