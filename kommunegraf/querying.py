"""Running a SPARQL query from the command line and printing its results."""

from __future__ import annotations

import io
from typing import TextIO

import pyoxigraph as ox

from kommunegraf.formats import rdf_format, result_format
from kommunegraf.sandbox import on_deep_stack
from kommunegraf.sparql_text import check_text
from kommunegraf.store import GraphStore


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def print_results(store: GraphStore, sparql: str, fmt: str, out: TextIO) -> None:
    """Print SELECT/ASK results as a table, JSON, CSV, TSV or XML; CONSTRUCT as Turtle.

    The text is judged first (length, nesting), then parsed and evaluated on a deep stack,
    as /sparql does."""
    check_text(sparql)
    out.write(on_deep_stack(lambda: _results_text(store, sparql, fmt)))


def _results_text(store: GraphStore, sparql: str, fmt: str) -> str:
    out = io.StringIO()
    results = store.query(sparql)
    if isinstance(results, (bool, ox.QueryBoolean)) and fmt == "table":
        return ("true" if results else "false") + "\n"
    if isinstance(results, ox.QueryTriples):
        buffer = io.BytesIO()
        results.serialize(buffer, rdf_format("ttl").oxigraph)
        return buffer.getvalue().decode("utf-8")
    if fmt != "table":
        buffer = io.BytesIO()
        results.serialize(buffer, result_format(fmt).oxigraph)
        return buffer.getvalue().decode("utf-8")
    names = [v.value for v in results.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in results]
    widths = [max([len(name)] + [len(row[i]) for row in rows]) for i, name in enumerate(names)]
    out.write("  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return out.getvalue()
