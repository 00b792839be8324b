"""A SPARQL 1.1 server as the store, with the same interface as the embedded one.

``--store http://host:port/...`` (or ``KOMMUNEGRAF_STORE``) makes kommunegraf read and write a
server over the SPARQL 1.1 Protocol (query, update) and the Graph Store Protocol. Every method of
:class:`~kommunegraf.store.EmbeddedStore` is here with the same meaning and the same result
types: ``query`` answers pyoxigraph ``QuerySolutions``, ``QueryTriples`` or ``QueryBoolean``,
parsed from the server's SPARQL results or N-Triples by pyoxigraph itself.

What differs between servers is kept in one :class:`Dialect` per kind of server; what each
difference is and why it is handled so is in docs/remote-store.md. As in the embedded store,
queries run on the union of the documents' graphs kept as a set (a fact stated by many
documents is there once), maintained by the writes. In short:

- Oxigraph server: an update request is one transaction, so replacing a document's graph is
  one request exactly as in the embedded store: forget the facts only the old graph states,
  ``DROP SILENT GRAPH``, ``INSERT DATA``, ``ADD`` the graph to the default graph, which is the
  union; the whole dataset streams from the Graph Store endpoint.
- Virtuoso: a failing operation does not undo the operations before it in the same request,
  its Graph Store ``PUT`` drops the graph before parsing the new content (a bad file leaves
  half a graph), ``INSERT DATA`` refuses blank nodes and more than about 5,000 triples, results
  are cut at ``ResultSetMaxRows`` (for CONSTRUCT and Graph Store reads without telling), and
  its own system graphs sit beside ours, in its default graph too. So a document is loaded into
  a hidden staging graph (one Graph Store PUT) and swapped in by one request that forgets, then
  ``MOVE``s, then ``ADD``s (an order that a re-run repairs after any failure); the union is the
  named graph :data:`UNION_GRAPH`, named as the default graph of every query; reads are paged;
  system graphs are hidden.
- generic: plain SPARQL 1.1; one update request per document (assumed transactional, as in
  Jena Fuseki) keeps the union in :data:`UNION_GRAPH` too, as a server's own default graph may
  be the union of all its graphs already (GraphDB, RDF4J).

The update text that keeps the union is kommunegraf.union's, shared with the embedded store.
A store written by a kommunegraf that did not keep the union (documents, but an empty union)
gets it rebuilt once, before it is first queried over the union or written.

The HTTP client is urllib from the standard library (no new dependency): one opener per thread
with Basic and Digest authentication, a timeout on every request, bounded retries with
exponential backoff on connection errors, and errors that name the endpoint and what failed.
SPARQLWrapper is not used: for Digest authentication (Virtuoso's) it installs a process-wide
urllib opener on every request, it emits warnings on query texts it cannot classify, and it
adds non-standard ``format``/``output`` parameters; none of that suits a threaded server.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib.term import Node

from kommunegraf import store as store_module
from kommunegraf.errors import ConfigError, QueryError, StoreError
from kommunegraf.formats import RdfFormat
from kommunegraf.union import STAGING_PREFIX, UNION_GRAPH, VALIDATION_GRAPH, UnionLayout
from kommunegraf.union import iri as _iri

if TYPE_CHECKING:
    from kommunegraf.config import Config

# STAGING_PREFIX and UNION_GRAPH are kommunegraf.union's, beside the updates that keep the
# union; the graphs they name are hidden from graphs(), counts, has_graph() and quad exports.
# A graph that never holds anything: lets a dataset be "no graph" rather than "every graph"
# (an empty list of default-graph-uri parameters would mean the server's default).
EMPTY_GRAPH = "urn:kommunegraf:empty"

# Keys (graph names, subjects) asked for per page when the store is read in pages. Pages
# follow the last key seen rather than an OFFSET: Virtuoso refuses to sort more than
# MaxSortedTopRows (10,000) rows for OFFSET + LIMIT.
PAGE_KEYS = 1000
# Graphs dropped per request by clear() on servers without a usable DROP ALL.
DROPS_PER_REQUEST = 200

# SELECT and ASK results are asked for as SPARQL JSON everywhere. Not XML: pyoxigraph's XML
# results parser trims the white space at both ends of a literal.
RESULTS = "application/sparql-results+json"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
N_TRIPLES = "application/n-triples"
N_QUADS = "application/n-quads"


# --- dialects ------------------------------------------------------------------------------


# Graphs a fresh Virtuoso holds for itself: quad maps, its bundled ontologies, and the service
# description it keeps at http://{DefaultHost}/sparql. One regular expression over the whole
# IRI, so that Python and SPARQL's REGEX (in the updates that keep the union) agree.
VIRTUOSO_SYSTEM_GRAPHS = (
    r"http://www\.openlinksw\.com/.*|http://www\.w3\.org/ns/ldp#|http://www\.w3\.org/2002/07/owl#"
    r"|https?://[^/]+/(sparql|DAV/?)"
)


@dataclass(frozen=True)
class Dialect:
    """What one kind of SPARQL server needs done differently."""

    name: str
    # Where the union of the documents' graphs is kept: None for the server's own default
    # graph, written in the same transaction as the documents' graphs (Oxigraph, as the
    # embedded store); otherwise a named graph that every query names as its default graph.
    union_graph: str | None
    # Load a document into a hidden staging graph and swap it in with one MOVE, because an
    # update request is not one transaction (Virtuoso).
    staged_writes: bool
    # GET on the Graph Store endpoint without ?graph answers the whole dataset as N-Quads.
    dataset_dump: bool
    # Name of the graph parameter of the Graph Store endpoint.
    graph_param: str = "graph"
    # Graphs that belong to the server, never shown and never part of the union (a regular
    # expression the whole IRI must match).
    system_graphs: str | None = None
    # Blank nodes come in results as this IRI-like prefix and are named so in queries
    # (Virtuoso: "nodeID://"); its JSON results also need repairs, see _repair_virtuoso_json.
    blank_prefix: str | None = None
    # Whether DROP ALL empties the store (Virtuoso ignores it, and it must never reach
    # Virtuoso's system graphs anyway).
    drop_all: bool = True
    # Whether ``GRAPH ?g {}`` lists the named graphs (Virtuoso answers one unbound row).
    empty_graph_pattern: bool = False

    def is_system_graph(self, graph: str) -> bool:
        return (
            self.system_graphs is not None and re.fullmatch(self.system_graphs, graph) is not None
        )

    @cached_property
    def union(self) -> UnionLayout:
        """Where this kind of server keeps the union, and the graphs it is not made of.

        Not the validation report, not the union's graph, no staging graph (a document not
        swapped in yet), none of the server's own graphs.
        """
        return UnionLayout(
            graph=self.union_graph,
            excluded=(VALIDATION_GRAPH, UNION_GRAPH),
            excluded_prefix=STAGING_PREFIX,
            excluded_pattern=self.system_graphs,
        )


OXIGRAPH = Dialect(
    "oxigraph",
    union_graph=None,
    staged_writes=False,
    dataset_dump=True,
    empty_graph_pattern=True,
)
VIRTUOSO = Dialect(
    "virtuoso",
    union_graph=UNION_GRAPH,
    staged_writes=True,
    dataset_dump=False,
    graph_param="graph-uri",
    system_graphs=VIRTUOSO_SYSTEM_GRAPHS,
    blank_prefix="nodeID://",
    drop_all=False,
)
GENERIC = Dialect(
    "generic",
    union_graph=UNION_GRAPH,
    staged_writes=False,
    dataset_dump=False,
)
DIALECTS = {d.name: d for d in (OXIGRAPH, VIRTUOSO, GENERIC)}


@dataclass(frozen=True)
class Endpoints:
    """Where the three protocols are served."""

    query: str
    update: str
    graph_store: str | None


def dialect_for(url: str, name: str = "auto") -> Dialect:
    """The dialect named, or for ``auto`` the one the URL's path suggests."""
    if name != "auto":
        try:
            return DIALECTS[name]
        except KeyError:
            known = ", ".join(DIALECTS)
            raise ConfigError(f"unknown store dialect {name!r}; known: auto, {known}") from None
    path = urllib.parse.urlsplit(url).path.rstrip("/")
    if path.endswith("/sparql"):
        return VIRTUOSO
    if path in ("", "/query") or path.endswith("/query"):
        return OXIGRAPH
    return GENERIC


def endpoints_for(
    url: str, dialect: Dialect, update: str | None = None, graph_store: str | None = None
) -> Endpoints:
    """Derive the query, update and Graph Store endpoints from the store URL."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    if dialect is OXIGRAPH:
        root = path[: -len("/query")] if path.endswith("/query") else path
        derived = Endpoints(at(root + "/query"), at(root + "/update"), at(root + "/store"))
    elif dialect is VIRTUOSO:
        root = path[: -len("/sparql")] if path.endswith("/sparql") else path
        derived = Endpoints(
            at(root + "/sparql"), at(root + "/sparql-auth"), at(root + "/sparql-graph-crud-auth")
        )
    else:
        derived = Endpoints(url, url, None)
    return Endpoints(derived.query, update or derived.update, graph_store or derived.graph_store)


# --- query text ----------------------------------------------------------------------------

# The lexemes of SPARQL 1.1 (grammar section 19.8) that matter for finding keywords and the
# top-level braces: comments, the four kinds of string, IRIs, variables and prefixed names are
# read whole so that nothing inside them is taken for a keyword or a brace.
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n\r]|\\.)*"
      | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u00c0-\uffff]+)
  | (?P<pname>(?:[A-Za-z_\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*)?
              :[\w.\-:%\\\u00b7\u00c0-\uffff]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<open>\{) | (?P<close>\}) | (?P<lparen>\() | (?P<rparen>\))
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_VARIABLE_NAME = re.compile(r"[A-Za-z_][\w]*")


def query_form(sparql: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first query-form keyword outside braces."""
    depth = 0
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0 and match.group().upper() in _FORMS:
            return match.group().upper()
    return None


def has_dataset_clause(sparql: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED)."""
    return any(
        m.lastgroup == "word" and m.group().upper() == "FROM" for m in _TOKEN.finditer(sparql)
    )


def has_graph_pattern(sparql: str) -> bool:
    """Whether the query reads named graphs (has a GRAPH pattern)."""
    return any(
        m.lastgroup == "word" and m.group().upper() == "GRAPH" for m in _TOKEN.finditer(sparql)
    )


def where_group_start(sparql: str) -> int | None:
    """Offset just inside the brace that opens the query's WHERE pattern, if it has one.

    ``None`` for queries without a pattern (``DESCRIBE <x>``) and for the short form
    ``CONSTRUCT WHERE { ... }``, whose pattern is also its template.
    """
    form: str | None = None
    depth = paren = 0
    previous: str | None = None
    template_seen = False
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        if kind == "word":
            word = match.group().upper()
            if depth == 0 and paren == 0 and form is None and word in _FORMS:
                form = word
            previous = word
            continue
        if kind == "open":
            if depth == 0 and paren == 0 and form is not None:
                if form != "CONSTRUCT" or template_seen:
                    return match.end()
                if previous == "WHERE":
                    return None
                template_seen = True
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "lparen":
            paren += 1
        elif kind == "rparen":
            paren -= 1
        previous = None
    return None


def _sparql_term(term: Node, dialect: Dialect) -> str:
    value = store_module.to_oxigraph(term)
    if isinstance(value, ox.BlankNode):
        if dialect.blank_prefix is None:
            raise QueryError(
                "a blank node cannot be bound as a value on this SPARQL server; bind an IRI or "
                "a literal"
            )
        # Virtuoso names its blank nodes by this IRI-like form in queries.
        return f"<{dialect.blank_prefix}{value.value}>"
    return str(value)


def bind_values(sparql: str, bindings: Mapping[str, Node] | None, dialect: Dialect) -> str:
    """Give variables values with a VALUES block; values are serialised terms, never text.

    The block goes first in the WHERE pattern, so it joins like a pre-binding (also under
    GROUP BY and aggregates). ``DESCRIBE ?x`` without a pattern gets ``WHERE { VALUES ... }``
    (Virtuoso refuses a trailing VALUES clause on anything but SELECT); the short form
    ``CONSTRUCT WHERE`` gets the standard trailing VALUES clause.
    """
    if not bindings:
        return sparql
    names = list(bindings)
    for name in names:
        if not _VARIABLE_NAME.fullmatch(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    terms = " ".join(_sparql_term(bindings[name], dialect) for name in names)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }}"
    start = where_group_start(sparql)
    if start is not None:
        return f"{sparql[:start]} {block} {sparql[start:]}"
    if query_form(sparql) == "DESCRIBE":
        at = _modifiers_start(sparql)
        return f"{sparql[:at].rstrip()}\nWHERE {{ {block} }}\n{sparql[at:]}".rstrip()
    return f"{sparql}\n{block}"


def _modifiers_start(sparql: str) -> int:
    """Where the solution modifiers (ORDER BY, LIMIT, OFFSET...) of a query begin, or its end."""
    depth = 0
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif (
            kind == "word"
            and depth == 0
            and match.group().upper() in ("ORDER", "LIMIT", "OFFSET", "GROUP", "HAVING", "VALUES")
        ):
            return match.start()
    return len(sparql)


def _repair_virtuoso_json(body: bytes, blank_prefix: str) -> bytes:
    """Make Virtuoso's SPARQL JSON results say what they mean.

    It names blank nodes ``nodeID://b1`` (no parser takes that for a blank node label), writes
    stored ``true``/``false`` as ``"1"``/``"0"``, and uses SPARQL 1.0's "typed-literal".
    """
    try:
        document = json.loads(body)
    except ValueError:
        return body  # the parser reports it
    for row in document.get("results", {}).get("bindings", []):
        for cell in row.values():
            kind, value = cell.get("type"), cell.get("value", "")
            if kind == "bnode" and value.startswith(blank_prefix):
                cell["value"] = value[len(blank_prefix) :]
            elif kind == "typed-literal":
                cell["type"] = "literal"
                if cell.get("datatype") == XSD_BOOLEAN and value in ("0", "1"):
                    cell["value"] = "true" if value == "1" else "false"
    return json.dumps(document).encode("utf-8")


# --- HTTP ----------------------------------------------------------------------------------


class _Refused(Exception):
    """Connection refused: the request never reached the server, so it is safe to repeat."""


class NotFound(StoreError):
    """The server answered 404 Not Found."""


class _AuthHandler(urllib.request.HTTPDigestAuthHandler):
    """Digest authentication when the server asks for it (Virtuoso), Basic otherwise.

    urllib's two handlers cannot simply be stacked: the Basic one raises ValueError on a
    Digest challenge, so this one reads the challenge and hands Basic ones over. It also
    answers the last Digest challenge of a host up front: otherwise a large body is sent
    unauthenticated first, and Virtuoso answers 401 and hangs up before reading it (the
    client sees a broken pipe instead of the challenge).
    """

    def __init__(self, passwords: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwords)
        self._basic = urllib.request.HTTPBasicAuthHandler(passwords)
        self._challenges: dict[str, str] = {}

    def http_error_401(self, req, fp, code, msg, headers):
        challenge = headers.get("WWW-Authenticate", "") or ""
        scheme, _, rest = challenge.partition(" ")
        if scheme.lower() == "basic":
            self._basic.parent = self.parent
            return self._basic.http_error_401(req, fp, code, msg, headers)
        if scheme.lower() == "digest":
            self._challenges[req.host] = rest
        return super().http_error_401(req, fp, code, msg, headers)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        rest = self._challenges.get(req.host)
        if rest and not req.has_header(self.auth_header):
            parts = urllib.request.parse_http_list(rest)
            challenge = urllib.request.parse_keqv_list([p for p in parts if p])
            answer = self.get_authorization(req, challenge)
            if answer:
                req.add_unredirected_header(self.auth_header, f"Digest {answer}")
        return req

    https_request = http_request


def _detail(error: urllib.error.HTTPError) -> str:
    """The server's own words about a failed request, as one short line."""
    try:
        body = error.read(4000).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        body = ""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.DOTALL | re.IGNORECASE)
    text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    # Virtuoso repeats the whole request after its message; the message is what matters.
    text = text.split(" SPARQL query:")[0].split(" SPARQL request:")[0]
    return (text[:500] + "...") if len(text) > 500 else (text or error.reason or "no detail")


class HttpClient:
    """urllib with credentials, timeouts and bounded retries; one opener per thread."""

    def __init__(
        self,
        urls: Sequence[str],
        user: str | None,
        password: str | None,
        timeout: float,
        retries: int,
        backoff: float,
    ) -> None:
        self.urls = [u for u in urls if u]
        self.user = user
        self.password = password
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._local = threading.local()

    def _opener(self) -> urllib.request.OpenerDirector:
        opener: urllib.request.OpenerDirector | None = getattr(self._local, "opener", None)
        if opener is None:
            handlers: list[urllib.request.BaseHandler] = []
            if self.user is not None:
                passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                passwords.add_password(None, self.urls, self.user, self.password or "")
                handlers.append(_AuthHandler(passwords))
            opener = urllib.request.build_opener(*handlers)
            self._local.opener = opener
        return opener

    def open(
        self,
        method: str,
        url: str,
        *,
        what: str,
        params: Sequence[tuple[str, str]] = (),
        data: bytes | None = None,
        content_type: str | None = None,
        accept: str | None = None,
        idempotent: bool = True,
        retries: int | None = None,
    ) -> http.client.HTTPResponse:
        """Send one request and return the open response (the caller closes it).

        Connection refused is retried whatever the request; a connection lost after the
        request went out only when repeating it is harmless (``idempotent``).
        """
        target = url
        if params:
            target += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        headers = {"User-Agent": "kommunegraf"}
        if accept:
            headers["Accept"] = accept
        if content_type:
            headers["Content-Type"] = content_type
        retries = self.retries if retries is None else retries
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            request = urllib.request.Request(target, data=data, headers=headers, method=method)
            try:
                try:
                    response: http.client.HTTPResponse = self._opener().open(
                        request, timeout=self.timeout
                    )
                    return response
                except urllib.error.URLError as error:
                    if isinstance(error, urllib.error.HTTPError):
                        raise
                    if isinstance(error.reason, ConnectionRefusedError):
                        raise _Refused(str(error.reason)) from None
                    if isinstance(error.reason, (TimeoutError, socket.timeout)):
                        raise TimeoutError() from None
                    if isinstance(error.reason, OSError):
                        raise error.reason from None
                    raise
            except urllib.error.HTTPError as error:
                if error.code == 503 and idempotent and attempt <= retries:
                    error.close()
                    self._pause(attempt)
                    continue
                raise self._http_error(error, url, what) from None
            except TimeoutError:
                raise StoreError(
                    f"{url} did not answer within {self.timeout:g} s while {what}; "
                    "raise KOMMUNEGRAF_STORE_TIMEOUT for long requests"
                ) from None
            except _Refused as error:
                reason = f"connection refused ({error})"
            except (ConnectionError, http.client.HTTPException, OSError) as error:
                reason = f"{type(error).__name__}: {error}".rstrip(": ")
                if not idempotent:
                    raise StoreError(
                        f"{url}: the connection broke while {what} ({reason}); the server may "
                        "or may not have applied it, so it was not repeated"
                    ) from None
            if attempt > retries:
                elapsed = time.monotonic() - started
                raise StoreError(
                    f"{url} is unreachable: {reason}, {attempt} attempt"
                    f"{'s' if attempt != 1 else ''} over {elapsed:.1f} s, while {what}"
                ) from None
            self._pause(attempt)

    def fetch(self, method: str, url: str, *, what: str, **kwargs: Any) -> tuple[Any, bytes]:
        """Send one request and read the whole answer: (headers, body)."""
        response = self.open(method, url, what=what, **kwargs)
        with response:
            try:
                return response.headers, response.read()
            except (OSError, http.client.HTTPException) as error:
                raise StoreError(f"{url}: the answer broke off while {what}: {error}") from None

    def _pause(self, attempt: int) -> None:
        time.sleep(min(self.backoff * 2 ** (attempt - 1), 5.0))

    def _http_error(self, error: urllib.error.HTTPError, url: str, what: str) -> Exception:
        detail = _detail(error)
        error.close()
        if error.code == 400:
            return QueryError(f"{url} refused {what}: {detail}")
        if error.code in (401, 403):
            who = f"user {self.user!r}" if self.user else "no credentials"
            return StoreError(
                f"{url} refused {what} with HTTP {error.code} ({who}); set "
                "KOMMUNEGRAF_STORE_USER and KOMMUNEGRAF_STORE_PASSWORD to an account that may "
                f"do this: {detail}"
            )
        if error.code == 404:
            return NotFound(
                f"{url} answered 404 Not Found while {what}: is this the right endpoint? "
                f"(see KOMMUNEGRAF_STORE_DIALECT and the *_ENDPOINT settings): {detail}"
            )
        return StoreError(f"{url} failed while {what}: HTTP {error.code}: {detail}")


def _ox_lines(triples: Iterable[ox.Triple]) -> str:
    return "\n".join(f"{t} ." for t in triples)


# --- the store -----------------------------------------------------------------------------


class RemoteStore:
    """A SPARQL 1.1 server, used exactly like :class:`~kommunegraf.store.EmbeddedStore`."""

    def __init__(
        self,
        url: str,
        *,
        dialect: str = "auto",
        update_endpoint: str | None = None,
        graph_store_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 0.25,
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"{url}: a remote store must be an http(s) URL with a host")
        if parts.username or parts.password:
            raise ConfigError(
                f"{parts.hostname}: put the store's credentials in KOMMUNEGRAF_STORE_USER and "
                "KOMMUNEGRAF_STORE_PASSWORD, not in the URL"
            )
        self.url = url
        self.dialect = dialect_for(url, dialect)
        self.endpoints = endpoints_for(url, self.dialect, update_endpoint, graph_store_endpoint)
        self._http = HttpClient(
            [self.endpoints.query, self.endpoints.update, self.endpoints.graph_store or ""],
            user,
            password,
            timeout,
            retries,
            backoff,
        )
        self._row_cap: int | None = None
        self._row_cap_known = False
        self._closed = False
        self._union_checked = False
        self._union_lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Config, *, retries: int = 3, backoff: float = 0.25) -> RemoteStore:
        """Open the server named by ``config.store`` with the remote settings of ``config``."""
        return cls(
            config.store,
            dialect=config.store_dialect,
            update_endpoint=config.update_endpoint,
            graph_store_endpoint=config.graph_store_endpoint,
            user=config.store_user,
            password=config.store_password,
            timeout=config.store_timeout,
            retries=retries,
            backoff=backoff,
        )

    @property
    def location(self) -> str:
        return f"{self.url} ({self.dialect.name})"

    # --- writing -------------------------------------------------------------------------

    def replace_graph(self, graph: str, triples: Iterable[store_module.RdfTriple]) -> None:
        """Make ``graph`` hold exactly ``triples``, atomically for readers (union kept in step)."""
        target = _iri(graph)
        self._check_writable(graph)
        try:
            body = store_module.ntriples(triples)
        except ValueError as error:
            raise StoreError(
                f"graph <{graph}> not stored: a term is not valid RDF: {error}"
            ) from None
        self._ensure_union()
        if self.dialect.staged_writes:
            self._staged_write(graph, body, replace=True)
            return
        try:
            self._update(
                " ;\n".join(self._replace_operations(graph, body)),
                what=f"replacing graph {target}",
            )
        except (QueryError, StoreError) as error:
            raise StoreError(f"graph <{graph}> not stored: {error}") from None

    def _replace_operations(self, graph: str, body: str) -> list[str]:
        """The operations of the one request that replaces ``graph`` (one transaction)."""
        target = _iri(graph)
        write = [f"DROP SILENT GRAPH {target}", f"INSERT DATA {{ GRAPH {target} {{\n{body}\n}} }}"]
        union = self.dialect.union
        if not union.is_member(graph):
            return write
        return [union.forget(graph), *write, union.remember(graph)]

    def _remove_operations(self, graph: str) -> list[str]:
        """The operations that drop ``graph``, forgetting first the facts only it states."""
        drop = f"DROP SILENT GRAPH {_iri(graph)}"
        union = self.dialect.union
        return [union.forget(graph), drop] if union.is_member(graph) else [drop]

    def _swap_operations(self, graph: str, staging: str, replace: bool) -> list[str]:
        """The operations of the one request that swaps a staged graph in (Virtuoso).

        Virtuoso does not undo the earlier operations of a request when a later one fails, so
        their order is what keeps the union right: forget before the graph changes, add after.
        Whatever prefix of them ran, the union holds no fact that no graph states, and only
        facts of this graph can be missing from it; running the write again adds them.
        """
        target, staged = _iri(graph), _iri(staging)
        union = self.dialect.union
        member = union.is_member(graph)
        if replace:
            move = f"MOVE SILENT GRAPH {staged} TO GRAPH {target}"
            if not member:
                return [move]
            # A graph not there yet has nothing to forget; asking costs less than Virtuoso
            # spends on that forgetting in one request with the MOVE (up to seconds).
            forget = [union.forget(graph, keep=staging)] if self.has_graph(graph) else []
            return [*forget, move, union.remember(graph)]
        add = [f"ADD SILENT GRAPH {staged} TO GRAPH {target}"]
        if member:
            add.append(union.remember(staging))
        return [*add, f"DROP SILENT GRAPH {staged}"]

    def _staged_write(self, graph: str, body: str, replace: bool) -> None:
        """Load ``body`` (N-Triples) into a hidden staging graph, then swap it in at once.

        The staging graph is filled with one Graph Store PUT: Virtuoso's Turtle loader takes
        any size and blank nodes, which its INSERT DATA does not; that a bad body leaves the
        staging graph half-filled does not matter, as it is never swapped in. The swap is one
        operation (MOVE, or ADD for an additive load), in one request with the union's upkeep.
        """
        target = _iri(graph)
        if not body.strip():
            if replace:
                self._update(
                    " ;\n".join(self._remove_operations(graph)), what=f"emptying graph {target}"
                )
            return
        if self.endpoints.graph_store is None:
            raise StoreError(
                f"graph <{graph}> not stored: writing to {self.dialect.name} needs its Graph "
                "Store endpoint; set KOMMUNEGRAF_GRAPH_STORE_ENDPOINT"
            )
        staging_name = STAGING_PREFIX + hashlib.sha256(graph.encode()).hexdigest()[:40]
        staging = _iri(staging_name)
        try:
            self._check_open()
            # Small first: clears a staging graph left by a failed write, and gets the
            # Digest challenge that the large PUT then answers up front.
            with contextlib.suppress(NotFound):
                self._http.fetch(
                    "DELETE",
                    self.endpoints.graph_store,
                    what=f"clearing the staging graph of {target}",
                    params=[(self.dialect.graph_param, staging_name)],
                )
            self._http.fetch(
                "PUT",
                self.endpoints.graph_store,
                what=f"staging graph {target}",
                params=[(self.dialect.graph_param, staging_name)],
                data=body.encode("utf-8"),
                # N-Triples is Turtle; Virtuoso's Graph Store takes Turtle by this name.
                content_type="text/turtle; charset=utf-8",
            )
        except (StoreError, QueryError) as error:
            self._discard(staging)
            raise StoreError(
                f"graph <{graph}> not stored, the store is unchanged: {error}"
            ) from None
        swap = self._swap_operations(graph, staging_name, replace)
        try:
            self._update(" ;\n".join(swap), what=f"swapping in graph {target}", idempotent=False)
        except (StoreError, QueryError) as error:
            raise StoreError(f"graph <{graph}> not stored: {error}") from None

    def _discard(self, staging: str) -> None:
        """Best effort, one attempt: drop a staging graph after a failed write.

        It is hidden anyway, and the next write of the same document clears it.
        """
        with contextlib.suppress(StoreError, QueryError):
            self._http.fetch(
                "POST",
                self.endpoints.update,
                what="discarding a staging graph",
                data=f"DROP SILENT GRAPH {staging}".encode(),
                content_type="application/sparql-update; charset=utf-8",
                retries=0,
            )

    def _check_writable(self, graph: str) -> None:
        """Refuse to write the server's own graphs, or the union (it follows the graphs)."""
        if self.dialect.is_system_graph(graph):
            raise StoreError(f"<{graph}> belongs to the {self.dialect.name} server; not changed")
        if graph == UNION_GRAPH:
            raise StoreError(
                f"<{graph}> is the union of the documents' graphs, kept by kommunegraf; "
                "write the documents' graphs instead"
            )

    def remove_graph(self, graph: str) -> None:
        """Remove a named graph and everything in it; a missing graph is not an error."""
        self._check_writable(graph)
        self._ensure_union()
        self._update(
            " ;\n".join(self._remove_operations(graph)), what=f"removing graph {_iri(graph)}"
        )

    def clear(self) -> None:
        """Remove every graph, the union too (never the server's own system graphs)."""
        if self.dialect.drop_all:
            self._update("DROP SILENT ALL", what="clearing the store")
            return
        graphs = self._all_graphs()
        doomed = [g for g in graphs if not self.dialect.is_system_graph(g)]
        for start in range(0, len(doomed), DROPS_PER_REQUEST):
            batch = doomed[start : start + DROPS_PER_REQUEST]
            self._update(
                " ;\n".join(f"DROP SILENT GRAPH {_iri(g)}" for g in batch),
                what="clearing the store",
            )

    def update(self, update: str) -> None:
        """Send a SPARQL Update (the API's token-guarded update path), then rebuild the union.

        As in the embedded store the union is derived from the named graphs, so the same
        request rebuilds it afterwards: an update should write named graphs (one per document).
        """
        self._update(
            f"{update} ;\n{self.dialect.union.rebuild()}",
            what="running a SPARQL update",
            idempotent=False,
        )

    def rebuild_union(self) -> None:
        """Make the union again from the named graphs, in one request.

        For a store whose interrupted write is not going to be run again (see
        _swap_operations). A store without a union at all is rebuilt when it is first used
        (see _ensure_union).
        """
        self._update(self.dialect.union.rebuild(), what="rebuilding the union")

    def _ensure_union(self) -> None:
        """Rebuild the union once if the graphs it is made of hold facts but it holds none.

        That is a store written by a kommunegraf that did not keep the union: queries over it
        would see no document, and the first write would leave it with that document alone
        (after which an empty union no longer tells). So before the first query over the
        union and the first write of each opened store: one ASK while the union holds
        anything (every write adds to it), a second only when it is empty, and the rebuild
        (one request) only when the graphs hold facts; it says so in one line on stderr.
        """
        if self._union_checked:
            return
        with self._union_lock:
            if self._union_checked:
                return
            union = self.dialect.union
            try:
                missing = not self._plain_query(union.has_union()) and bool(
                    self._plain_query(union.has_members())
                )
            except StoreError:
                return  # not answering: the operation itself will say so, and ask again
            if missing:
                try:
                    self.rebuild_union()
                except (StoreError, QueryError) as error:
                    raise StoreError(
                        f"{self.url} holds documents but not their union (a store written by "
                        f"an older kommunegraf), and rebuilding it failed: {error}"
                    ) from None
                print(
                    f"kommunegraf: {self.location} held documents but not their union (written "
                    "by an older kommunegraf); rebuilt it from the documents' graphs",
                    file=sys.stderr,
                )
            self._union_checked = True

    def _update(self, update: str, *, what: str, idempotent: bool = True) -> None:
        self._check_open()
        self._http.fetch(
            "POST",
            self.endpoints.update,
            what=what,
            data=update.encode("utf-8"),
            content_type="application/sparql-update; charset=utf-8",
            idempotent=idempotent,
        )

    def load_file(self, path: Path, fmt: RdfFormat, graph: str | None = None) -> None:
        """Load an RDF file (used to re-import an export); adds to what the graphs hold.

        Triples outside any named graph go into the union itself, as they go into the
        embedded store's default graph.
        """
        try:
            quads = list(ox.parse(path=str(path), format=fmt.oxigraph))
        except (SyntaxError, ValueError, OSError) as error:
            raise StoreError(f"{path}: not valid {fmt.name}: {error}") from error
        by_graph: dict[str | None, list[ox.Triple]] = {}
        for item in quads:
            name: str | None = graph
            if isinstance(item, ox.Quad) and isinstance(item.graph_name, ox.NamedNode):
                name = graph or item.graph_name.value
            triple = item.triple if isinstance(item, ox.Quad) else item
            by_graph.setdefault(name, []).append(triple)
        for name in by_graph:
            if name is not None:
                self._check_writable(name)
        self._ensure_union()
        if not self.dialect.staged_writes:
            parts = []
            for name, triples in by_graph.items():
                body = _ox_lines(triples)
                into = name or self.dialect.union_graph
                parts.append(
                    f"INSERT DATA {{ GRAPH {_iri(into)} {{\n{body}\n}} }}"
                    if into
                    else f"INSERT DATA {{\n{body}\n}}"
                )
                if name is not None and self.dialect.union.is_member(name):
                    parts.append(self.dialect.union.remember(name))
            if parts:
                self._update(" ;\n".join(parts), what=f"loading {path}", idempotent=False)
            return
        for name, triples in by_graph.items():
            into = name or self.dialect.union_graph
            assert into is not None, "a dialect with staged writes keeps the union in a graph"
            self._staged_write(into, _ox_lines(triples), replace=False)

    def flush(self) -> None:
        """Nothing to do: the server has applied every update when it answered."""

    def close(self) -> None:
        self._closed = True

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the store {self.url} has been closed")

    # --- reading -------------------------------------------------------------------------

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, union: bool = True
    ) -> Any:
        """Run a SPARQL query; answers the same result objects as the embedded store.

        With ``union`` (the default) the default graph is the union of the documents' graphs,
        kept as a set; without it the default graph is empty and only ``GRAPH`` patterns match.
        """
        if union:
            self._ensure_union()
        text = bind_values(sparql, bindings, self.dialect)
        form = query_form(text)
        params = self._dataset(text, union)
        if form in ("CONSTRUCT", "DESCRIBE"):
            _, body = self._query_request(text, params, N_TRIPLES, "running a query")
            return self._triples_result(body)
        headers, body = self._query_request(text, params, RESULTS, "running a query")
        self._check_not_truncated(headers)
        return self._parse_results(body)

    def select(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, union: bool = True
    ) -> list[dict[str, Node]]:
        """Run a SELECT query and return its rows as dicts of rdflib terms (unbound omitted)."""
        solutions = self.query(sparql, bindings, union)
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = store_module.to_rdflib(value)
            rows.append(row)
        return rows

    def graphs(self) -> list[str]:
        """Names of all named graphs, sorted (without the server's or kommunegraf's own)."""
        return sorted(g for g in self._all_graphs() if self._shown(g))

    def _shown(self, graph: str) -> bool:
        """Whether ``graph`` is one of the store's graphs as the embedded store has them: not
        a staging graph, not the union, not one of the server's own."""
        return not (
            graph.startswith(STAGING_PREFIX)
            or graph == UNION_GRAPH
            or self.dialect.is_system_graph(graph)
        )

    def has_graph(self, graph: str) -> bool:
        if not self._shown(graph):
            return False
        pattern = "" if self.dialect.empty_graph_pattern else "?s ?p ?o"
        result = self._plain_query(f"ASK {{ GRAPH {_iri(graph)} {{ {pattern} }} }}")
        return bool(result)

    def triples(self, graph: str) -> Iterator[store_module.RdfTriple]:
        """All triples of one named graph, as rdflib terms."""
        to_rdflib = store_module.to_rdflib
        for triple in self._graph_triples(graph):
            yield (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))

    def count(self, graph: str | None = None) -> int:
        """Number of quads, in one graph or in the whole store."""
        if graph is not None:
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}"
            return int(next(iter(self._plain_query(query)))["n"].value)
        rows = self._plain_query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
        return sum(int(row["n"].value) for row in rows if self._shown(row["g"].value))

    # --- export --------------------------------------------------------------------------

    def export(self, fmt: RdfFormat, output: IO[bytes], graph: str | None = None) -> None:
        """Stream the store (or one graph) to ``output`` without building it in memory.

        Quad formats keep the named graphs (not the union: it is rebuilt on import); triple
        formats get the union and the validation report beside it, as the embedded store.
        """
        items: Iterable[Any]
        if graph is not None:
            _iri(graph)
            name = ox.NamedNode(graph)
            triples = self._graph_triples(graph)
            items = (
                (ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
                if fmt.quads
                else triples
            )
        elif fmt.quads:
            items = self._dataset_quads()
        else:
            self._ensure_union()
            items = self._union_triples()
        try:
            ox.serialize(items, output, fmt.oxigraph)
        except OSError as error:
            raise StoreError(f"cannot write the export of {self.url}: {error}") from error

    def _dataset_quads(self) -> Iterator[ox.Quad]:
        if self.dialect.dataset_dump and self.endpoints.graph_store:
            for quad in self._stream_rdf(
                self.endpoints.graph_store, (), N_QUADS, ox.RdfFormat.N_QUADS, "exporting"
            ):
                # The default graph is the union (Oxigraph): the named graphs only.
                if isinstance(quad.graph_name, ox.NamedNode) and self._shown(quad.graph_name.value):
                    yield quad
            return
        for name in self.graphs():
            node = ox.NamedNode(name)
            for triple in self._graph_triples(name):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, node)

    def _union_triples(self) -> Iterator[ox.Triple]:
        """The union, then the validation report (a triple in both is written twice, which
        Turtle and the other triple formats read as one)."""
        if self.dialect.union_graph is not None:
            yield from self._graph_triples(self.dialect.union_graph)
        else:
            params = [("query", "CONSTRUCT WHERE { ?s ?p ?o }")]
            yield from self._stream_rdf(
                self.endpoints.query,
                params,
                N_TRIPLES,
                ox.RdfFormat.N_TRIPLES,
                "exporting",
                method="POST",
            )
        yield from self._graph_triples(VALIDATION_GRAPH)

    def _graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        """One graph's triples, streamed (Oxigraph) or read in ordered pages (others)."""
        target = _iri(graph)
        if self.dialect.dataset_dump and self.endpoints.graph_store:
            yield from self._stream_rdf(
                self.endpoints.graph_store,
                [(self.dialect.graph_param, graph)],
                N_TRIPLES,
                ox.RdfFormat.N_TRIPLES,
                f"reading graph {target}",
                missing_ok=True,
            )
            return
        read = 0
        # Triples about blank nodes have no key to page by; a graph holds few of them.
        rows, capped = self._select(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH {target} {{ ?s ?p ?o }} FILTER(isBlank(?s)) }}"
        )
        if capped:
            raise self._truncated(capped, f"reading the blank nodes of graph {target}")
        for row in rows:
            read += 1
            yield ox.Triple(row["s"], row["p"], row["o"])
        for rows in self._keyset(
            f"GRAPH {target} {{ ?s ?p ?o }} FILTER(isIRI(?s))",
            "s",
            lambda keys: f"{keys} GRAPH {target} {{ ?s ?p ?o }}",
            f"reading graph {target}",
        ):
            for row in rows:
                read += 1
                yield ox.Triple(row["s"], row["p"], row["o"])
        expected = self.count(graph)
        if read != expected:
            raise StoreError(
                f"{self.endpoints.query}: read {read:,} triples of graph {target} in pages but "
                f"it holds {expected:,}; it changed while it was read, try again"
            )

    def _keyset(
        self, pattern: str, key: str, rows_for: Callable[[str], str], what: str
    ) -> Iterator[list[Any]]:
        """Read in pages of at most PAGE_KEYS distinct values of ``?key`` in ``pattern``.

        Each page asks for the next keys after the last one seen (in string order) and then,
        through ``rows_for(subquery)``, the rows that belong to them. A page that the server
        cuts at its row cap is asked again with fewer keys.
        """
        last: str | None = None
        batch = PAGE_KEYS
        while True:
            after = f"FILTER(STR(?{key}) > {ox.Literal(last)})" if last is not None else ""
            keys = (
                f"{{ SELECT DISTINCT ?{key} WHERE {{ {pattern} {after} }} "
                f"ORDER BY (STR(?{key})) LIMIT {batch} }}"
            )
            rows, capped = self._select(f"SELECT * WHERE {{ {rows_for(keys)} }}")
            if capped:
                if batch == 1:
                    raise self._truncated(capped, what)
                batch = max(1, batch // 4)
                continue
            seen = {row[key].value for row in rows}
            yield rows
            if len(seen) < batch:
                return
            last = max(seen)

    def _stream_rdf(
        self,
        url: str,
        params: Sequence[tuple[str, str]],
        accept: str,
        fmt: ox.RdfFormat,
        what: str,
        method: str = "GET",
        missing_ok: bool = False,
    ) -> Iterator[Any]:
        self._check_open()
        data = None
        if method == "POST":
            data = urllib.parse.urlencode(params).encode("ascii")
            params = ()
        try:
            response = self._http.open(
                method,
                url,
                what=what,
                params=params,
                data=data,
                accept=accept,
                content_type="application/x-www-form-urlencoded" if data else None,
            )
        except NotFound:
            if missing_ok:
                return
            raise
        with response:
            try:
                yield from ox.parse(response, format=fmt)
            except (SyntaxError, ValueError) as error:
                raise StoreError(f"{url} sent data that is not valid {accept}: {error}") from None
            except (OSError, http.client.HTTPException) as error:
                raise StoreError(f"{url}: the answer broke off while {what}: {error}") from None

    def _select(self, sparql: str) -> tuple[list[Any], str | None]:
        """Rows of a SELECT that names its graphs itself, and the row cap if it cut them."""
        headers, body = self._query_request(sparql, [], RESULTS, "reading the store")
        return list(self._parse_results(body)), headers.get("X-SPARQL-MaxRows")

    def _all_graphs(self) -> list[str]:
        if self.dialect.empty_graph_pattern:
            rows = self._plain_query("SELECT ?g WHERE { GRAPH ?g { } }")
            return [r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode)]
        names: list[str] = []
        for rows in self._keyset(
            "GRAPH ?g { ?s ?p ?o }", "g", lambda keys: keys, "listing the graphs"
        ):
            names.extend(r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode))
        return names

    def row_cap(self) -> int | None:
        """The most rows the server answers for one query, when it says (Virtuoso)."""
        if self.dialect is not VIRTUOSO:
            return None
        if not self._row_cap_known:
            query = (
                'SELECT (bif:cfg_item_value(bif:virtuoso_ini_path(), "SPARQL", '
                '"ResultSetMaxRows") AS ?cap) WHERE { }'
            )
            try:
                rows = list(self._plain_query(query))
                value = rows[0]["cap"].value if rows and rows[0]["cap"] is not None else ""
                self._row_cap = int(value) if value.strip().isdigit() else None
            except (QueryError, StoreError):
                self._row_cap = None
            self._row_cap_known = True
        return self._row_cap

    def _plain_query(self, sparql: str) -> Any:
        """A query that names its graphs itself: no dataset parameters."""
        headers, body = self._query_request(sparql, [], RESULTS, "reading the store")
        self._check_not_truncated(headers)
        return self._parse_results(body)

    def _dataset(self, sparql: str, union: bool) -> list[tuple[str, str]]:
        """Protocol parameters that make the default graph the union (or empty) as asked.

        Where the server's own default graph is the union (Oxigraph) a query over it needs
        none. Naming a default graph leaves a query no named graphs unless they are named
        too, so a query with a GRAPH pattern gets ours listed (one more request, and on
        Oxigraph a GRAPH ?g pattern then looks in each listed graph in turn).
        """
        if has_dataset_clause(sparql):
            return []
        default = self.dialect.union_graph if union else EMPTY_GRAPH
        if default is None:
            return []
        params = [("default-graph-uri", default)]
        if has_graph_pattern(sparql):
            params += [("named-graph-uri", g) for g in [*self.graphs(), EMPTY_GRAPH]]
        return params

    def _query_request(
        self, sparql: str, params: Sequence[tuple[str, str]], accept: str, what: str
    ) -> tuple[Any, bytes]:
        self._check_open()
        return self._http.fetch(
            "POST",
            self.endpoints.query,
            what=what,
            data=urllib.parse.urlencode([("query", sparql), *params]).encode("ascii"),
            content_type="application/x-www-form-urlencoded",
            accept=accept,
        )

    def _parse_results(self, body: bytes) -> Any:
        if self.dialect.blank_prefix is not None:
            body = _repair_virtuoso_json(body, self.dialect.blank_prefix)
        try:
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as error:
            raise StoreError(
                f"{self.endpoints.query} sent query results that are not valid {RESULTS}: {error}"
            ) from None

    def _triples_result(self, body: bytes) -> ox.QueryTriples:
        # pyoxigraph makes QueryTriples only from a store, so the triples go through a small
        # in-memory one; callers get the very type the embedded store answers.
        scratch = ox.Store()
        try:
            scratch.load(body, format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, ValueError) as error:
            raise StoreError(
                f"{self.endpoints.query} sent triples that are not valid N-Triples: {error}"
            ) from None
        cap = self.row_cap()
        if cap is not None and len(scratch) >= cap:
            raise StoreError(
                f"{self.endpoints.query} cut the result at its limit of {cap:,} triples "
                "(Virtuoso's [SPARQL] ResultSetMaxRows); raise it, or narrow the query"
            )
        result = scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
        assert isinstance(result, ox.QueryTriples)
        return result

    def _check_not_truncated(self, headers: Any) -> None:
        capped = headers.get("X-SPARQL-MaxRows")
        if capped:
            raise self._truncated(capped, "running a query")

    def _truncated(self, capped: str, what: str) -> StoreError:
        return StoreError(
            f"{self.endpoints.query} cut its answer at its limit of {capped} rows while {what} "
            "(Virtuoso's [SPARQL] ResultSetMaxRows); raise that limit, or narrow the query"
        )
