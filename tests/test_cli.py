"""The command line, through click's runner, against a store in a temporary folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from kommunegraf.cli import main
from tests.conftest import SEEDS


def run(runner: CliRunner, store: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(main, ["--store", str(store), *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_build_export_query_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, output = run(runner, store, "build", str(SEEDS))
    assert code == 0, output
    assert "5 document(s) loaded, 0 failed" in output
    out = tmp_path / "out.ttl"
    code, output = run(runner, store, "export", "--format", "ttl", "-o", str(out))
    assert code == 0, output
    graph = Graph().parse(out, format="turtle")
    assert len(graph) > 1500
    code, output = run(
        runner,
        store,
        "query",
        "--format",
        "json",
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?n WHERE { ?p foaf:name ?n } ORDER BY ?n",
    )
    names = [b["n"]["value"] for b in json.loads(output)["results"]["bindings"]]
    assert "Pernille Blach Hansen" in names and "Penille Blach Hansen" not in names


def test_query_prints_a_table_by_default(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "store"
    run(runner, store, "build", str(SEEDS / "direktionen-2021-09-15.txt"))
    code, output = run(
        runner,
        store,
        "query",
        "SELECT ?label WHERE { ?b <http://www.w3.org/2004/02/skos/core#prefLabel> ?label "
        "FILTER(STR(?label) = 'K98') }",
    )
    assert code == 0
    assert output.splitlines()[0].strip() == "label"
    assert "K98" in output and "(1 row)" in output


def test_a_malformed_query_is_a_clean_error(runner: CliRunner, tmp_path: Path) -> None:
    code, output = run(runner, tmp_path / "store", "query", "SELEKT nothing")
    assert code != 0
    assert "Error:" in output and "Traceback" not in output


def test_a_bad_document_fails_alone_and_names_itself(runner: CliRunner, tmp_path: Path) -> None:
    sources = tmp_path / "docs"
    sources.mkdir()
    shutil.copy(SEEDS / "direktionen-2021-09-15.txt", sources / "direktionen.txt")
    (sources / "tom.txt").write_bytes(b"")
    (sources / "scan.txt").write_bytes(b"%PDF-1.4 binary")
    store = tmp_path / "store"
    code, output = run(runner, store, "build", str(sources))
    assert code == 1
    assert "skipped  " in output and "tom.txt: the file is empty" in output
    assert "FAILED  " in output and "scan.txt: the PDF is damaged" in output
    assert "1 document(s) loaded, 1 failed, 1 skipped" in output
    code, output = run(
        runner,
        store,
        "query",
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?d a "
        "<https://kommunegraf.dk/ontology#SourceDocument> } }",
    )
    assert "1" in output.splitlines()[2]


def test_rebuilding_does_not_duplicate(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "store"
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    run(runner, store, "build", str(SEEDS))
    _, first = run(runner, store, "query", count)
    run(runner, store, "build", str(SEEDS))
    _, second = run(runner, store, "query", count)
    assert first == second


def test_an_unknown_export_format_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    code, output = run(runner, tmp_path / "store", "export", "--format", "xlsx")
    assert code != 0 and "unknown RDF format 'xlsx'" in output


def test_an_unknown_environment_value_is_reported(tmp_path: Path) -> None:
    runner = CliRunner(env={"KOMMUNEGRAF_PORT": "not-a-port"})
    result = runner.invoke(main, ["--store", str(tmp_path / "s"), "serve"])
    assert result.exit_code != 0
    assert "KOMMUNEGRAF_PORT" in result.output
