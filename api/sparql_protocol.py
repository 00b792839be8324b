"""Running one SPARQL request for /sparql, with no Flask in sight.

- A store folder's queries run in worker processes (:mod:`api.sparql_workers`): stopped at
  the time limit and the memory ceiling, unable to reach the network. This module has what
  they and the serving process share: the outcome of a query, read up to the cap, and how it
  travels between them and is written out.
- Stores that are not a folder of this machine (a remote SPARQL server, a store in memory)
  are queried from a thread of the serving process (:func:`execute`): a remote server has
  its own limits and the client's time-out; SERVICE is refused from the text
  (:func:`kommunegraf.sparql_text.refuse_remote_calls`).
- The result cap: at most ``limit`` rows or triples are read; when there were more, the
  outcome says so (the caller adds a header).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kommunegraf.errors import KommunegrafError, QueryError, StoreError
from kommunegraf.formats import RdfFormat, ResultFormat
from kommunegraf.sandbox import deep_thread
from kommunegraf.store import GraphStore

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Refused(KommunegrafError):
    """A request /sparql could not answer; ``status`` is the HTTP status to answer with, and
    ``retry_after`` (seconds) is sent with a 503."""

    status = 400
    retry_after = 0


class QueryTimeout(Refused):
    status = 503
    retry_after = 5


class QueryTooLarge(Refused):
    status = 503
    retry_after = 5


class Busy(Refused):
    status = 503
    retry_after = 2


class EvaluationError(Refused):
    status = 400


@dataclass
class Outcome:
    """What a query gave: solutions, triples or a boolean, read up to the cap."""

    form: str  # "solutions", "triples" or "boolean"
    variables: list[str] = field(default_factory=list)
    rows: list[ox.QuerySolution] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    boolean: bool | None = None
    truncated: bool = False
    limit: int = 0
    # The SPARQL JSON of the solutions, when another process wrote it: served as it is, and
    # read into rows only for a page that shows them (:meth:`table`).
    json: bytes | None = None

    def table(self) -> tuple[list[str], list[ox.QuerySolution]]:
        """The variables and the solutions read."""
        if self.json is None:
            return self.variables, self.rows
        results = ox.parse_query_results(self.json, ox.QueryResultsFormat.JSON)
        assert isinstance(results, ox.QuerySolutions)
        return [v.value for v in results.variables], list(results)


def evaluate(store: GraphStore, query: str, limit: int) -> Outcome:
    """Run the query over the union of all graphs and read at most ``limit`` results.

    Call it on a deep stack (:func:`kommunegraf.sandbox.on_deep_stack`), where the query is
    parsed, evaluated and let go of.
    """
    results = store.query(query, union=True)
    if isinstance(results, ox.QueryBoolean):
        return Outcome("boolean", boolean=bool(results), limit=limit)
    if isinstance(results, ox.QueryTriples):
        triples: list[ox.Triple] = []
        for triple in results:
            if len(triples) == limit:
                return Outcome("triples", triples=triples, truncated=True, limit=limit)
            triples.append(triple)
        return Outcome("triples", triples=triples, limit=limit)
    variables = [v.value for v in results.variables]
    rows: list[ox.QuerySolution] = []
    for solution in results:
        if len(rows) == limit:
            return Outcome("solutions", variables, rows, truncated=True, limit=limit)
        rows.append(solution)
    return Outcome("solutions", variables, rows, limit=limit)


# How long a request waits for one of the running queries to end before it is refused.
SLOT_WAIT_SECONDS = 1.0


def timeout_message(timeout: float, stopped: bool) -> str:
    what = "was stopped" if stopped else "was abandoned (it finishes on the remote server)"
    return (f"the query ran longer than the time limit of {timeout:g} s and {what}; "
            "narrow it down or add a LIMIT")


def execute(store: GraphStore, query: str, *, timeout: float, limit: int,
            slots: threading.BoundedSemaphore) -> Outcome:
    """Evaluate in a thread of this process (a remote or in-memory store); give up waiting
    after ``timeout`` seconds."""
    if not slots.acquire(timeout=SLOT_WAIT_SECONDS):
        raise Busy("too many queries are running; try again in a moment")
    box: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["outcome"] = evaluate(store, query, limit)
        except BaseException as error:  # handed to the waiting request, never lost
            box["error"] = error
        finally:
            slots.release()
            done.set()

    try:
        deep_thread(work, "sparql-query")
    except RuntimeError:
        slots.release()
        raise
    if not done.wait(timeout):
        raise QueryTimeout(timeout_message(timeout, stopped=False))
    error = box.get("error")
    if isinstance(error, (QueryError, Refused)):
        raise error
    if isinstance(error, (StoreError, OSError)):
        raise StoreError(f"the store could not answer the query: {error}") from error
    if error is not None:
        raise EvaluationError(f"the query could not be evaluated: {error}") from error
    outcome: Outcome = box["outcome"]
    return outcome


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        cell: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            cell["datatype"] = term.datatype.value
        return cell
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def solutions_json(outcome: Outcome) -> bytes:
    """SPARQL 1.1 Query Results JSON of the rows read (the other formats start from it)."""
    if outcome.json is not None:
        return outcome.json
    if outcome.form == "boolean":
        document: dict[str, Any] = {"head": {}, "boolean": bool(outcome.boolean)}
    else:
        names = outcome.variables  # a solution's terms come in the order of its variables
        bindings = [
            {
                name: _json_term(term)
                for name, term in zip(names, solution, strict=True)
                if term is not None
            }
            for solution in outcome.rows
        ]
        document = {"head": {"vars": outcome.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encoded(outcome: Outcome) -> tuple[str, bytes, bool]:
    """The outcome as bytes to send between processes: (form, data, truncated)."""
    if outcome.form == "triples":
        data = ox.serialize(outcome.triples, None, ox.RdfFormat.N_TRIPLES) or b""
        return "triples", data, outcome.truncated
    return outcome.form, solutions_json(outcome), outcome.truncated


def decoded(form: str, data: bytes, truncated: bool, limit: int) -> Outcome:
    """The outcome :func:`encoded` gave."""
    if form == "triples":
        triples = [quad.triple for quad in ox.parse(data, ox.RdfFormat.N_TRIPLES)]
        return Outcome("triples", triples=triples, truncated=truncated, limit=limit)
    if form == "boolean":
        results = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        return Outcome("boolean", boolean=bool(results), limit=limit)
    return Outcome("solutions", truncated=truncated, limit=limit, json=data)


def results_bytes(outcome: Outcome, fmt: ResultFormat) -> bytes:
    """The capped solutions (or boolean) in a results format, written by pyoxigraph."""
    data = solutions_json(outcome)
    if fmt.oxigraph == ox.QueryResultsFormat.JSON:
        return data
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    return parsed.serialize(None, fmt.oxigraph) or b""


def triples_bytes(triples: list[ox.Triple], fmt: RdfFormat, prefixes: dict[str, str]) -> bytes:
    return ox.serialize(triples, None, fmt.oxigraph, prefixes=prefixes) or b""
