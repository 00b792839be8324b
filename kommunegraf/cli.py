"""The command line: ``kommunegraf [--store PATH] build|validate|export|query|serve|eval``.

Errors that kommunegraf raises on purpose become one-line messages and a non-zero exit code;
nothing here shows a traceback to a user.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from kommunegraf.config import Config, load_config
from kommunegraf.errors import KommunegrafError
from kommunegraf.formats import rdf_format
from kommunegraf.store import GraphStore, open_store

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_SOURCES = (Path("seeds"),)


def reports_errors(command: F) -> F:
    """Turn kommunegraf's own errors into a clean CLI message and exit code 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KommunegrafError as error:
            raise click.ClickException(str(error)) from None

    return wrapper  # type: ignore[return-value]


class Context:
    """What every command needs: the configuration and, opened lazily, the store."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._store: GraphStore | None = None

    @property
    def store(self) -> GraphStore:
        if self._store is None:
            self._store = open_store(self.config.store, self.config)
        return self._store

    def close(self) -> None:
        """Release the store (its folder lock) when the command ends."""
        if self._store is not None:
            self._store.close()
            self._store = None


@click.group()
@click.option(
    "--store",
    "store",
    metavar="PATH|URL",
    default=None,
    help="Store folder or SPARQL server URL (default: $KOMMUNEGRAF_STORE or data/store).",
)
@click.version_option(package_name="kommunegraf")
@click.pass_context
@reports_errors
def main(ctx: click.Context, store: str | None) -> None:
    """Turn Danish public-sector meeting documents into a validated knowledge graph."""
    ctx.obj = Context(load_config({"store": store}))
    ctx.call_on_close(ctx.obj.close)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: when the output is a terminal).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when a document is loaded with warnings (read only partly, or garbled).",
)
@click.pass_obj
@reports_errors
def build(obj: Context, paths: tuple[Path, ...], progress: bool | None, strict: bool) -> None:
    """Extract, validate and load documents (default: seeds/), one transaction per document.

    Every path given or found is reported: loaded (with the meeting, items, decisions and
    attendance read), loaded with warnings, failed (exit 1) or skipped, each with its reason.
    """
    from kommunegraf.pipeline import build_documents

    report = build_documents(
        list(paths or DEFAULT_SOURCES),
        obj.store,
        obj.config,
        progress=sys.stderr.isatty() if progress is None else progress,
    )
    for line in report.summary_lines():
        click.echo(line)
    if report.failed or (strict and report.warned):
        sys.exit(1)


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "ttl"]), default="text", show_default=True
)
@click.pass_obj
@reports_errors
def validate(obj: Context, fmt: str) -> None:
    """Validate the whole graph against the SHACL shapes; exit 1 on violations."""
    from kommunegraf.pipeline import evidence_quotes, validate_all

    report = validate_all(obj.store, obj.config)
    if fmt == "ttl":
        click.echo(report.as_turtle(), nl=False)
    else:
        click.echo(report.as_text(evidence_quotes(obj.store)), nl=False)
    if report.violations:
        sys.exit(1)


@main.command()
@click.option(
    "--format",
    "fmt",
    default="ttl",
    show_default=True,
    help="ttl, nq, jsonld, nt, trig or rdfxml; or popolo or oparl (JSON views).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output).",
)
@click.option("--graph", default=None, metavar="IRI", help="Export only this document's graph.")
@click.pass_obj
@reports_errors
def export(obj: Context, fmt: str, output: Path | None, graph: str | None) -> None:
    """Dump the graph, streamed."""
    if fmt in ("popolo", "oparl"):
        _export_json(obj, fmt, output)
        return
    rdf = rdf_format(fmt)
    if output is None:
        obj.store.export(rdf, sys.stdout.buffer, graph)
        sys.stdout.buffer.flush()
        return
    with output.open("wb") as handle:
        obj.store.export(rdf, handle, graph)
    click.echo(f"wrote {output} ({output.stat().st_size:,} bytes, {rdf.name})", err=True)


def _export_json(obj: Context, fmt: str, output: Path | None) -> None:
    """The Popolo or OParl JSON view, with ids under the base IRI's site."""
    import json

    from kommunegraf.interop import oparl, popolo

    base = obj.config.base_iri.removesuffix("id/") + fmt + "/"
    view = popolo(obj.store, base) if fmt == "popolo" else oparl(obj.store, base)
    text = json.dumps(view, ensure_ascii=False, indent=1)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {output} ({fmt})", err=True)


@main.command()
@click.argument("sparql")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "tsv", "xml"]),
    default="table",
    show_default=True,
)
@click.pass_obj
@reports_errors
def query(obj: Context, sparql: str, fmt: str) -> None:
    """Run a SPARQL query over the union of all documents' graphs."""
    from kommunegraf.querying import print_results

    print_results(obj.store, sparql, fmt, sys.stdout)


@main.command()
@click.option("--host", default=None, help="Address to bind (default: 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default: 5000).")
@click.pass_obj
@reports_errors
def serve(obj: Context, host: str | None, port: int | None) -> None:
    """Serve the entity browser, SPARQL endpoint and export over HTTP.

    Without an update token the store is only read, so `kommunegraf build` can add documents
    to it while it is served; each one appears whole once stored.
    """
    import waitress

    from api import create_app, db
    from api.browse import warm_search_index

    config = load_config({"store": obj.config.store, "host": host, "port": port})
    store = open_store(config.store, config, follow=not config.update_token)
    app = create_app(config, store=store)
    warm_search_index(app)
    with app.app_context():
        db.query_pool()  # its worker processes start now, not with the first query
    mode = "read-only, following builds" if not config.update_token else "updates with the token"
    click.echo(f"kommunegraf serving {store.location} ({mode}) "
               f"on http://{config.host}:{config.port}/")
    # Stop on SIGTERM as on Ctrl-C, so the store is closed (a followed store's snapshots
    # are deleted) whichever way the server is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        waitress.serve(app, host=config.host, port=config.port, threads=db.SERVER_THREADS,
                       ident="kommunegraf")
    finally:
        db.close(app)
        store.close()


@main.command(name="eval")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("tests/gold"),
    show_default=True,
)
@click.option("--details", is_flag=True, help="List every fact missed or found in excess.")
@click.pass_obj
@reports_errors
def evaluate(obj: Context, paths: tuple[Path, ...], gold_dir: Path, details: bool) -> None:
    """Print extraction precision and recall per kind of fact against the gold annotations."""
    from loaders.evaluation import evaluate_against_gold

    result = evaluate_against_gold(list(paths or DEFAULT_SOURCES), gold_dir, obj.config.base_iri)
    click.echo(f"{result.documents} document(s) scored")
    click.echo(result.as_table(details=details))
