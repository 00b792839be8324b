"""Running one SPARQL request for /sparql, with no Flask in sight.

- SERVICE (and, for updates, LOAD) is refused before the store sees the text: pyoxigraph would
  otherwise really call the remote endpoint. The check is lexical: comments, strings, IRIs,
  variables and prefixed names are removed first, so ``?service`` or ``ex:service`` pass.
- The time limit: pyoxigraph cannot cancel a query, so the query runs in a daemon worker
  thread and the request stops waiting when the limit passes (the caller answers 503). The
  abandoned query finishes in the background and then frees its slot; at most
  :data:`api.db.MAX_RUNNING_QUERIES` run at once. A further request waits up to
  :data:`SLOT_WAIT_SECONDS` for one to end (a burst of quick queries is queued, not refused),
  then gets 503.
- The result cap: at most ``limit`` rows or triples are read; when there were more, the
  outcome says so (the caller adds a header).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kommunegraf.errors import KommunegrafError, QueryError, StoreError
from kommunegraf.formats import RdfFormat, ResultFormat
from kommunegraf.store import GraphStore

# Longest query or update text accepted, in characters.
MAX_QUERY_CHARS = 64 * 1024

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Refused(KommunegrafError):
    """A request /sparql will not run; ``status`` is the HTTP status to answer with."""

    status = 400


class RemoteCallRefused(Refused):
    status = 400


class QueryTooLong(Refused):
    status = 413


class QueryTimeout(Refused):
    status = 503


class Busy(Refused):
    status = 503


class EvaluationError(Refused):
    status = 400


# Lexemes that may contain a keyword's letters without being the keyword (SPARQL 1.1 grammar,
# section 19.8): comments, the four kinds of string, IRIs, variables, prefixed names.
_NOT_KEYWORDS = re.compile(r"""
    \#[^\n\r]*
  | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
  | '''(?:[^'\\]|\\.|'(?!''))*'''
  | "(?:[^"\\\n\r]|\\.)*"
  | '(?:[^'\\\n\r]|\\.)*'
  | <[^<>"{}|^`\\\x00-\x20]*>
  | [?$][\w\u00b7\u00c0-\uffff]+
  | (?:[A-Za-z_\u00c0-\uffff](?:[\w.\-\u00b7\u00c0-\uffff]*[\w\-\u00b7\u00c0-\uffff])?)?
    :(?:(?:[\w:\-\u00b7\u00c0-\uffff]|%[0-9A-Fa-f]{2}|\\.)
        (?:(?:[\w.:\-\u00b7\u00c0-\uffff]|%[0-9A-Fa-f]{2}|\\.)*
           (?:[\w:\-\u00b7\u00c0-\uffff]|%[0-9A-Fa-f]{2}|\\.))?)?
""", re.VERBOSE | re.DOTALL)


def keywords_used(text: str, keywords: tuple[str, ...]) -> list[str]:
    """Which of ``keywords`` the query or update uses as keywords (case-insensitive)."""
    stripped = _NOT_KEYWORDS.sub(" ", text)
    return [k for k in keywords
            if re.search(rf"(?<![\w]){k}(?![\w])", stripped, re.IGNORECASE)]


def check_text(text: str, update: bool = False) -> None:
    """Refuse texts that are too long or that would make the server call another host."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooLong(f"the {'update' if update else 'query'} is {len(text):,} characters "
                           f"long; at most {MAX_QUERY_CHARS:,} are accepted")
    refused = keywords_used(text, ("SERVICE", "LOAD") if update else ("SERVICE",))
    if refused:
        raise RemoteCallRefused(
            f"{' and '.join(refused)} is not allowed here: this endpoint does not call other "
            "SPARQL endpoints or fetch remote data")


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


def evaluate(store: GraphStore, query: str, limit: int) -> Outcome:
    """Run the query over the union of all graphs and read at most ``limit`` results."""
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


def execute(store: GraphStore, query: str, *, timeout: float, limit: int,
            slots: threading.BoundedSemaphore) -> Outcome:
    """Evaluate in a worker thread; give up waiting after ``timeout`` seconds."""
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
        threading.Thread(target=work, name="sparql-query", daemon=True).start()
    except RuntimeError:
        slots.release()
        raise
    if not done.wait(timeout):
        raise QueryTimeout(
            f"the query ran longer than the time limit of {timeout:g} s and was abandoned "
            "(it finishes in the background); narrow it down or add a LIMIT")
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
    if outcome.form == "boolean":
        document: dict[str, Any] = {"head": {}, "boolean": bool(outcome.boolean)}
    else:
        bindings = []
        for solution in outcome.rows:
            row = {}
            for name in outcome.variables:
                term = solution[name]
                if term is not None:
                    row[name] = _json_term(term)
            bindings.append(row)
        document = {"head": {"vars": outcome.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def results_bytes(outcome: Outcome, fmt: ResultFormat) -> bytes:
    """The capped solutions (or boolean) in a results format, written by pyoxigraph."""
    data = solutions_json(outcome)
    if fmt.oxigraph == ox.QueryResultsFormat.JSON:
        return data
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    return parsed.serialize(None, fmt.oxigraph) or b""


def triples_bytes(triples: list[ox.Triple], fmt: RdfFormat, prefixes: dict[str, str]) -> bytes:
    return ox.serialize(triples, None, fmt.oxigraph, prefixes=prefixes) or b""
