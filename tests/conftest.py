"""The fixture ladder: a temporary store, then the app, then its test client and CLI runner."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from kommunegraf.config import Config, load_config
from kommunegraf.store import ONTOLOGY_GRAPH, EmbeddedStore, to_rdflib
from ontology import ontology_graph

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
API_SAMPLE = Path(__file__).resolve().parent / "fixtures" / "api-sample.trig"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def load_api_sample(store: EmbeddedStore) -> None:
    """Put the API sample's graphs (tests/fixtures/api-sample.trig) and the ontology in a store."""
    graphs: dict[str, list[tuple]] = {}  # type: ignore[type-arg]
    for quad in ox.parse(path=str(API_SAMPLE), format=ox.RdfFormat.TRIG):
        triple = (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
        graphs.setdefault(quad.graph_name.value, []).append(triple)  # type: ignore[union-attr]
    for graph, triples in graphs.items():
        store.replace_graph(graph, triples)
    store.replace_graph(ONTOLOGY_GRAPH, list(ontology_graph()))


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """Settings for one test: a store folder of its own, defaults otherwise."""
    return load_config({"store": str(tmp_path / "store")}, environ={})


@pytest.fixture
def store(config: Config) -> Iterator[EmbeddedStore]:
    """An empty embedded store on disk in the test's temporary folder."""
    opened = EmbeddedStore(Path(config.store))
    yield opened
    opened.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def server() -> Iterator[str]:
    """The app over the API sample, served by werkzeug on a free loopback port in a thread."""
    from api import create_app

    store = EmbeddedStore(None)
    load_api_sample(store)
    app = create_app(load_config({"store": ":memory:"}, environ={}), store=store)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, name="test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture
def browser_page(server: str) -> Iterator[Any]:
    """A Danish Chromium page 1280 px wide; fails the test on any script error."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium "
                    "(apt-get install chromium) to run the browser tests")
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="da-DK")
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(server + "/")
            yield page
        finally:
            browser.close()
    assert not problems, f"the browser reported errors: {problems}"
