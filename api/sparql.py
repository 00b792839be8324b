"""``/sparql``: the SPARQL 1.1 Protocol (queries only, unless the update token is sent).

GET ``?query=``, POST form-encoded ``query=``, POST ``application/sparql-query``. Results in
JSON, XML, CSV or TSV, CONSTRUCT/DESCRIBE in Turtle, N-Triples, JSON-LD or RDF/XML, chosen by
``Accept`` or ``format``; an HTML page for browsers. Without a query, GET answers the
service description (Turtle, sd: vocabulary) or, for browsers, the query page with examples.
Queries see the union of all named graphs; a triple stated in two documents' graphs is
matched once per graph there, so the examples use DISTINCT.
"""

from __future__ import annotations

import hmac
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request, url_for
from werkzeug.http import HTTP_STATUS_CODES

from api import db
from api.errors import error_response
from api.export import grouped
from api.negotiation import (
    HTML_CHOICE,
    TRIPLE_FORMATS,
    Choice,
    negotiate,
    rdf_choices,
    result_choices,
)
from api.presentation import base_iri, curie, local_path, site_url
from api.sparql_protocol import (
    Outcome,
    Refused,
    execute,
    results_bytes,
    triples_bytes,
)
from kommunegraf.errors import QueryError, StoreError
from kommunegraf.formats import RESULT_FORMATS
from kommunegraf.sparql_text import MAX_QUERY_CHARS, TextRefused, check_text, refuse_remote_calls
from ontology import PREFIXES

bp = Blueprint("sparql", __name__)

QUERY_CHOICES: list[Choice] = [*result_choices(), *rdf_choices(TRIPLE_FORMATS), HTML_CHOICE]
DESCRIPTION_CHOICES: list[Choice] = [*rdf_choices(TRIPLE_FORMATS), HTML_CHOICE]
# The HTML page shows at most this many rows; machines get up to the configured cap.
HTML_ROWS = 1000
UNSUPPORTED_PARAMETERS = ("default-graph-uri", "named-graph-uri", "using-graph-uri",
                          "using-named-graph-uri")

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
# W3C's IRIs (http://www.w3.org/ns/formats/) for the formats of the table, by short name.
FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "ttl": "Turtle", "nt": "N-Triples", "nq": "N-Quads",
    "trig": "TriG", "jsonld": "JSON-LD", "rdfxml": "RDF_XML",
}

EXAMPLE_PREFIXES = """PREFIX kg: <https://kommunegraf.dk/ontology#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
"""

# Ready example queries for the query page: (message key, query).
EXAMPLES: tuple[tuple[str, str], ...] = (
    ("chairs", EXAMPLE_PREFIXES + """
SELECT DISTINCT ?person ?name ?body ?bodyName ?start ?end WHERE {
  ?mandate kg:role kg:Chair ;
           kg:holder ?person ;
           kg:body ?body .
  ?person foaf:name ?name .
  ?body skos:prefLabel ?bodyName .
  OPTIONAL { ?mandate kg:startDate ?start }
  OPTIONAL { ?mandate kg:endDate ?end }
}
ORDER BY ?bodyName ?name"""),
    ("outcomes", EXAMPLE_PREFIXES + """
SELECT DISTINCT ?outcome ?date ?bodyName ?number ?title ?text WHERE {
  ?decision kg:outcome ?o .
  ?o skos:prefLabel ?outcome .
  FILTER(LANG(?outcome) = "da")
  ?item kg:decision ?decision .
  OPTIONAL { ?item kg:number ?number }
  OPTIONAL { ?item dct:title ?title }
  OPTIONAL { ?decision kg:text ?text }
  OPTIONAL { ?meeting kg:hasAgendaItem ?item ;
                      kg:heldBy/skos:prefLabel ?bodyName .
             OPTIONAL { ?meeting kg:date ?date } }
}
ORDER BY ?outcome DESC(?date) ?number"""),
    ("several", EXAMPLE_PREFIXES + """
SELECT ?person ?name (COUNT(DISTINCT ?body) AS ?bodies)
       (GROUP_CONCAT(DISTINCT ?bodyName; separator=" · ") AS ?names) WHERE {
  ?mandate kg:holder ?person ;
           kg:body ?body .
  ?person foaf:name ?name .
  ?body skos:prefLabel ?bodyName .
}
GROUP BY ?person ?name
HAVING (COUNT(DISTINCT ?body) > 1)
ORDER BY DESC(?bodies) ?name"""),
    ("chair_rule", EXAMPLE_PREFIXES + """
# "Formanden for grupperne er altid kommunaldirektør": chairs of groups under KD-Net
# whom no document names as a municipal director.
SELECT DISTINCT ?group ?groupName ?chair ?name WHERE {
  ?kdnet skos:prefLabel|skos:altLabel ?kdnetName .
  FILTER(STR(?kdnetName) = "KD-Net")
  ?group org:subOrganizationOf+ ?kdnet ;
         skos:prefLabel ?groupName .
  ?mandate kg:body ?group ;
           kg:role kg:Chair ;
           kg:holder ?chair .
  ?chair foaf:name ?name .
  FILTER NOT EXISTS { ?other kg:holder ?chair ; kg:role kg:MunicipalDirector . }
}
ORDER BY ?groupName"""),
)


def example_queries() -> list[dict[str, str]]:
    return [{"key": key, "query": query.strip() + "\n",
             "href": url_for("sparql.endpoint", query=query.strip() + "\n")}
            for key, query in EXAMPLES]


def _parameter(name: str) -> str | None:
    if name in request.args:
        return request.args[name]
    if request.method == "POST" and name in request.form:
        return request.form[name]
    return None


def _read_request() -> tuple[str | None, str | None]:
    """The query or the update the request carries (at most one of them)."""
    for name in UNSUPPORTED_PARAMETERS:
        if _parameter(name) is not None:
            abort(400, f"the {name} parameter is not supported: every query runs over the "
                       "union of all named graphs; use FROM or GRAPH in the query instead")
    if request.method == "GET":
        if "update" in request.args:
            abort(400, "SPARQL Update must be sent with POST")
        return request.args.get("query"), None
    mimetype = request.mimetype
    if mimetype == "application/sparql-query":
        return request.get_data(as_text=True), None
    if mimetype == "application/sparql-update":
        return None, request.get_data(as_text=True)
    if mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        query, update = request.form.get("query"), request.form.get("update")
        if query is not None and update is not None:
            abort(400, "send either query= or update=, not both")
        if query is None and update is None:
            abort(400, "the request has neither query= nor update=")
        return query, update
    abort(415, "POST a query as application/x-www-form-urlencoded (query=...) or as "
               "application/sparql-query")


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    query, update = _read_request()
    if update is not None:
        return _update(update)
    if query is None or not query.strip():
        return _description_or_page()
    return _query(query)


def _authorised() -> bool:
    token = db.get_config().update_token
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8"))


def _update(text: str) -> Response:
    if not _authorised():
        abort(403, "this endpoint is read-only: SPARQL Update needs the update token "
                   "(Authorization: Bearer ...)")
    try:
        check_text(text, update=True)
        # An update runs in this process, which may fetch: its text is judged instead.
        refuse_remote_calls(text, update=True)
        db.run_update(text)
    except TextRefused as refused:
        abort(refused.status, str(refused))
    except QueryError as error:
        abort(400, str(error) if str(error).startswith(("malformed", "the update"))
              else f"malformed update: {error}")
    return Response(status=204)


def _status(error: Exception) -> tuple[int, str]:
    """The HTTP status and message of a query that could not be answered."""
    if isinstance(error, (Refused, TextRefused)):
        return error.status, str(error)
    if isinstance(error, QueryError):
        return 400, f"malformed query: {error}"
    return 503, str(error)


def _run(text: str) -> Outcome:
    """Judge the query, then evaluate it: in a worker process for a store folder, else here."""
    config = db.get_config()
    check_text(text)
    pool = db.query_pool()
    if pool is not None:
        return pool.run(text, limit=config.result_limit, timeout=config.query_timeout,
                        memory_bytes=config.query_memory_mb * 2**20)
    refuse_remote_calls(text)
    return execute(db.get_store(), text, timeout=config.query_timeout,
                   limit=config.result_limit, slots=db.query_slots())


def _query(text: str) -> Response:
    param = _parameter("format")
    chosen = negotiate(QUERY_CHOICES, param)
    if chosen is None:
        abort(406, "no acceptable format; results come as "
                   + ", ".join(c.media_type for c in QUERY_CHOICES))
    try:
        outcome = _run(text)
    except (Refused, QueryError, StoreError) as error:
        status, message = _status(error)
        if chosen.is_html:
            response = _page(text, error=message, status=status)
        else:
            response = error_response(status, HTTP_STATUS_CODES.get(status, "Error"), message)
        retry_after = getattr(error, "retry_after", 0)
        if status == 503:
            response.headers["Retry-After"] = str(retry_after or 5)
        return response
    if chosen.is_html:
        return _page(text, outcome=outcome)
    if outcome.form == "triples":
        choice = chosen if chosen.rdf else negotiate(rdf_choices(TRIPLE_FORMATS), param)
        if choice is None or choice.rdf is None:
            abort(406, "a CONSTRUCT or DESCRIBE result comes as "
                       + ", ".join(f.media_type for f in TRIPLE_FORMATS))
        body = triples_bytes(outcome.triples, choice.rdf, PREFIXES)
        media_type = choice.rdf.media_type
    else:
        choice = chosen if chosen.results else negotiate(result_choices(), param)
        if choice is None or choice.results is None:
            abort(406, "a SELECT or ASK result comes as "
                       + ", ".join(f.media_types[0] for f in RESULT_FORMATS))
        body = results_bytes(outcome, choice.results)
        media_type = choice.results.media_types[0]
    response = Response(body, mimetype=media_type)
    _mark_cap(response, outcome)
    response.vary.add("Accept")
    return response


def _mark_cap(response: Response, outcome: Outcome) -> None:
    if outcome.truncated:
        response.headers["X-Result-Truncated"] = "true"
        response.headers["X-SPARQL-MaxRows"] = str(outcome.limit)


def _cell(term: Any) -> dict[str, Any]:
    if term is None:
        return {"text": "", "href": None, "kind": "unbound"}
    if isinstance(term, ox.NamedNode):
        base = base_iri()
        text = term.value[len(base):] if term.value.startswith(base) else curie(term.value)
        link = local_path(term.value) or (
            term.value if term.value.startswith(("http://", "https://")) else None)
        return {"text": text, "href": link, "kind": "iri", "title": term.value}
    if isinstance(term, ox.BlankNode):
        return {"text": f"_:{term.value}", "href": None, "kind": "bnode"}
    if isinstance(term, ox.Literal):
        return {"text": term.value, "href": None, "kind": "literal", "lang": term.language}
    return {"text": str(term), "href": None, "kind": "other"}


def _page(text: str, outcome: Outcome | None = None, error: str | None = None,
          status: int = 200) -> Response:
    table: dict[str, Any] | None = None
    if outcome is not None:
        if outcome.form == "boolean":
            table = {"boolean": outcome.boolean}
        elif outcome.form == "triples":
            table = {"variables": ["subject", "predicate", "object"],
                     "rows": [[_cell(t.subject), _cell(t.predicate), _cell(t.object)]
                              for t in outcome.triples[:HTML_ROWS]],
                     "count": len(outcome.triples)}
        else:
            variables, rows = outcome.table()
            table = {"variables": variables,
                     "rows": [[_cell(s[v]) for v in variables] for s in rows[:HTML_ROWS]],
                     "count": len(rows)}
        table["truncated"] = outcome.truncated
        table["limit"] = outcome.limit
        table["shown"] = HTML_ROWS
    config = db.get_config()
    html = render_template(
        "sparql.html", title="SPARQL", query=text, table=table, error=error,
        examples=example_queries(), timeout=config.query_timeout, limit=config.result_limit,
        max_chars=MAX_QUERY_CHARS,
        result_formats=RESULT_FORMATS, rdf_formats=TRIPLE_FORMATS,
        format=_parameter("format") or "html")
    response = Response(html, status=status, mimetype="text/html")
    if outcome is not None:
        _mark_cap(response, outcome)
    response.vary.add("Accept")
    return response


def _description_or_page() -> Response:
    chosen = negotiate(DESCRIPTION_CHOICES, _parameter("format"))
    if chosen is None:
        abort(406, "the service description comes as "
                   + ", ".join(c.media_type for c in DESCRIPTION_CHOICES))
    if chosen.is_html:
        return _page("", status=200)
    assert chosen.rdf is not None
    body = triples_bytes(grouped(service_description()), chosen.rdf, {**PREFIXES, "sd": SD,
                                                              "formats": FORMATS})
    response = Response(body, mimetype=chosen.rdf.media_type)
    response.vary.add("Accept")
    return response


def service_description() -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint (at the configured site, whatever
    Host the request named)."""
    endpoint = ox.NamedNode(site_url("sparql.endpoint"))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()
    triples = [
        ox.Triple(endpoint, rdf_type, sd("Service")),
        ox.Triple(endpoint, sd("endpoint"), endpoint),
        ox.Triple(endpoint, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(endpoint, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(endpoint, sd("defaultDataset"), dataset),
        ox.Triple(endpoint, ox.NamedNode("http://purl.org/dc/terms/description"), ox.Literal(
            "kommunegraf: read-only SPARQL 1.1 endpoint over the union of all documents' "
            f"graphs; time limit {db.get_config().query_timeout:g} s, at most "
            f"{db.get_config().result_limit} results; SERVICE is not allowed.", language="en")),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, rdf_type, sd("Graph")),
    ]
    if db.get_config().update_token:
        triples.append(ox.Triple(endpoint, sd("supportedLanguage"), sd("SPARQL11Update")))
    served = [f.name for f in RESULT_FORMATS] + [f.name for f in TRIPLE_FORMATS]
    for name in served:
        if name in FORMAT_IRIS:
            triples.append(ox.Triple(endpoint, sd("resultFormat"),
                                     ox.NamedNode(FORMATS + FORMAT_IRIS[name])))
    for graph in db.get_store().graphs():
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, rdf_type, sd("NamedGraph")),
            ox.Triple(named, sd("name"), ox.NamedNode(graph)),
        ]
    return triples
