"""The browser's own pages: home (counts, search box, latest meetings), search results,
lists of all entities of one kind, and the validation report."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from flask import Blueprint, Flask, abort, render_template, request
from rdflib import URIRef

from api import db
from api.i18n import current_language
from api.pagecache import cached_page
from api.pages.common import (
    LABEL_PATH,
    collect,
    meeting_title,
    readable_labels,
    select,
    severity_rank,
)
from api.pages.meeting import item_order
from api.presentation import (
    SPARQL_PREFIXES,
    evidence_href,
    local_name,
    local_path,
    plain,
    slug_of,
)
from api.search import MAX_QUERY_LENGTH, build_index, results
from kommunegraf.errors import KommunegrafError
from kommunegraf.store import VALIDATION_GRAPH, GraphStore
from ontology import KG

bp = Blueprint("browse", __name__)

# The kinds with a list page and a count on the home page, with their class.
CLASSES: dict[str, URIRef] = {
    "person": KG.Person,
    "body": KG.Body,
    "municipality": KG.Municipality,
    "meeting": KG.Meeting,
    "agenda-item": KG.AgendaItem,
    "decision": KG.Decision,
    "mandate": KG.Mandate,
    "document": KG.SourceDocument,
    "election-period": KG.ElectionPeriod,
}
PAGE_SIZE = 200
LATEST = 10


# What one counted thing is, by kind: a resource, except a decision, which is one stated
# decision text of one agenda item (the reader records a decision that both appoints and
# notes as one resource per outcome, with the same text).
COUNTED = {"decision": "COALESCE(CONCAT(STR(?item), \"|\", STR(?text)), STR(?s))"}


def _counts(store: GraphStore) -> dict[str, int]:
    counts = {}
    for kind, cls in CLASSES.items():
        counted = COUNTED.get(kind, "?s")
        rows = store.select(SPARQL_PREFIXES + f"""
            SELECT ?class (COUNT(DISTINCT {counted}) AS ?n) WHERE {{ ?s a ?class .
              OPTIONAL {{ ?item kg:decision ?s }} OPTIONAL {{ ?s kg:text ?text }} }}
            GROUP BY ?class""", {"class": cls})
        counts[kind] = int(plain(rows[0]["n"])) if rows else 0
    return counts


def _latest(store: GraphStore) -> list[dict[str, Any]]:
    """The latest meetings the documents say were held (minutes or decisions), not the
    planned ones of a calendar or an agenda."""
    rows = store.select(SPARQL_PREFIXES + f"""
        SELECT ?meeting ?date ?body ?bodyLabel (COUNT(DISTINCT ?item) AS ?itemCount) WHERE {{
          ?meeting kg:meetingStatus kg:Held ; kg:date ?date ; kg:heldBy ?body .
          OPTIONAL {{ ?body skos:prefLabel ?bodyLabel }}
          OPTIONAL {{ ?meeting kg:hasAgendaItem ?item }}
        }} GROUP BY ?meeting ?date ?body ?bodyLabel ORDER BY DESC(?date) LIMIT {LATEST * 3}""")
    meetings = collect(rows, "meeting", labels=("bodyLabel",))[:LATEST]
    for meeting in meetings:
        meeting["title"] = meeting_title(meeting.get("bodyLabel"), meeting.get("date"))
    return meetings


@bp.get("/")
@cached_page
def home() -> str:
    lang = current_language()
    return render_template(
        "home.html", title="kommunegraf",
        counts=db.cached("counts", _counts),
        latest=db.cached(f"latest-meetings-{lang}", _latest))


def _index(store: GraphStore) -> Any:
    return build_index(store, db.get_config().base_iri, local_path, meeting_title,
                       evidence_href)


def warm_search_index(app: Flask) -> threading.Thread:
    """Build the search index in the background, so the first search after the server
    starts does not wait for it (49 s at 10,000 synthetic documents)."""

    def build() -> None:
        with app.test_request_context("/search"):
            try:
                db.cached(f"search-index-{current_language()}", _index)
            except KommunegrafError as error:  # the first search will say what is wrong
                app.logger.warning("search index not built at start: %s", error)

    thread = threading.Thread(target=build, name="search-index", daemon=True)
    thread.start()
    return thread


@bp.get("/search")
@cached_page
def search() -> str:
    query = request.args.get("q", "")[:MAX_QUERY_LENGTH].strip()
    groups: list[Any] = []
    if query:
        index = db.cached(f"search-index-{current_language()}", _index)
        groups = results(index, query)
    return render_template("search.html", title=query or "", query=query, groups=groups)


def _listing(kind: str) -> list[dict[str, Any]]:
    """Every entity of one kind with what tells it apart: meetings with their status, agenda
    items and decisions with their meeting; meetings newest first, items and decisions by
    meeting (newest first) and then by number, everything else by label."""
    rows = select(f"""
        SELECT ?class ?s ?label ?date ?body ?number ?position ?itemTitle ?status ?outcome
               ?meeting ?meetingDate ?meetingBody ?text WHERE {{
          ?s a ?class .
          OPTIONAL {{ ?s {LABEL_PATH} ?label }}
          OPTIONAL {{ ?s kg:date ?date }}
          OPTIONAL {{ ?s kg:heldBy/skos:prefLabel ?body }}
          OPTIONAL {{ ?s kg:meetingStatus ?status }}
          OPTIONAL {{ ?s kg:outcome ?outcome }}
          OPTIONAL {{ ?s kg:text ?text }}
          OPTIONAL {{ ?item kg:decision ?s . ?item dct:title ?itemTitle .
                     OPTIONAL {{ ?item kg:number ?number }} }}
          OPTIONAL {{ ?s kg:number ?number }}
          OPTIONAL {{ ?s kg:position ?position }}
          BIND(COALESCE(?item, ?s) AS ?itemOrSelf)
          OPTIONAL {{ ?meeting kg:hasAgendaItem ?itemOrSelf .
                     OPTIONAL {{ ?meeting kg:date ?meetingDate }}
                     OPTIONAL {{ ?meeting kg:heldBy/skos:prefLabel ?meetingBody }} }}
        }}""", **{"class": CLASSES[kind]})
    found = collect(rows, "s", lists=("outcome",), labels=("label", "body", "itemTitle",
                                                            "meetingBody"))
    if kind == "decision":
        found = _one_per_stated_decision(found)
    for entry in found:
        if kind == "meeting":
            entry["label"] = meeting_title(entry.get("body"), entry.get("date"))
        elif kind == "agenda-item" and entry.get("label"):
            entry["label"] = _numbered(entry.get("number"), entry["label"])
        elif kind == "decision" and entry.get("itemTitle"):
            entry["label"] = _numbered(entry.get("number"), entry["itemTitle"])
        entry["label"] = entry.get("label") or slug_of(entry["s"])
        if entry.get("meeting"):
            entry["meeting_text"] = meeting_title(entry.get("meetingBody"),
                                                  entry.get("meetingDate"))
    if kind == "meeting":
        found.sort(key=lambda e: _newest_first(e.get("date")))
    elif kind in ("agenda-item", "decision"):
        found.sort(key=lambda e: (_newest_first(e.get("meetingDate")), e.get("meeting") or "",
                                  item_order(e)))
    else:
        found.sort(key=lambda e: e["label"].casefold())
    return found


def _numbered(number: Any, title: str) -> str:
    return f"{number}. {title}" if number else title


def _newest_first(date: Any) -> tuple[bool, int]:
    """A sort key: dated first, newest first, then undated."""
    return (not isinstance(date, dt.date), -date.toordinal() if isinstance(date, dt.date) else 0)


def _one_per_stated_decision(decisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Decisions of the same item with the same text as one entry with all their outcomes:
    the document states one decision, which the reader records once per outcome."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for decision in sorted(decisions, key=lambda d: d["s"]):
        key = (decision.get("meeting"), decision.get("number"), decision.get("text")) \
            if decision.get("text") else (decision["s"],)
        kept = merged.setdefault(key, decision)
        if kept is not decision:
            kept["outcome"] += [o for o in decision["outcome"] if o not in kept["outcome"]]
    return list(merged.values())


@bp.get("/browse/<kind>")
@cached_page
def listing(kind: str) -> str:
    if kind not in CLASSES:
        abort(404)
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        abort(400)
    entries = db.cached(f"list-{kind}-{current_language()}", lambda _store: _listing(kind))
    shown = entries[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    if page > 1 and not shown:
        abort(404)
    return render_template(
        "list.html", title=kind, kind=kind, entries=shown, page=page, total=len(entries),
        has_next=page * PAGE_SIZE < len(entries))


def _report() -> dict[str, Any]:
    graph = URIRef(VALIDATION_GRAPH)
    conforms = [plain(r["c"]) for r in select(
        "SELECT ?vg ?c WHERE { GRAPH ?vg { ?report sh:conforms ?c } }", vg=graph)]
    rows = select(f"""
        SELECT ?vg ?result ?focus ?severity ?message ?path ?value ?shape ?component ?rule
               ?focusLabel ?valueLabel WHERE {{
          GRAPH ?vg {{
            ?result sh:focusNode ?focus .
            OPTIONAL {{ ?result sh:resultSeverity ?severity }}
            OPTIONAL {{ ?result sh:resultMessage ?message }}
            OPTIONAL {{ ?result sh:resultPath ?path }}
            OPTIONAL {{ ?result sh:sourceShape ?shape }}
            OPTIONAL {{ ?result sh:sourceConstraintComponent ?component }}
            OPTIONAL {{ ?result kg:ruleId ?rule }}
          }}
          OPTIONAL {{ ?focus {LABEL_PATH} ?focusLabel }}
          OPTIONAL {{ GRAPH ?vg {{ ?result sh:value ?value }}
                     OPTIONAL {{ ?value {LABEL_PATH} ?valueLabel }} }}
        }}""", vg=graph)
    results = collect(rows, "result", labels=("message", "focusLabel", "valueLabel"))
    readable = readable_labels([r["focus"] for r in results])
    groups: dict[str, dict[str, Any]] = {}
    for result in results:
        name = (result.get("rule") or (local_name(result["shape"]) if result.get("shape") else None)
                or (local_name(result["component"]) if result.get("component") else "?"))
        entry = groups.setdefault(name, {"rule": name, "shape": result.get("shape"),
                                         "results": []})
        result["focus_label"] = result.get("focusLabel") or readable[result["focus"]]
        entry["results"].append(result)
    ordered = []
    for entry in groups.values():
        entry["results"].sort(key=lambda r: (severity_rank(r.get("severity")),
                                             r["focus_label"].casefold()))
        entry["worst"] = entry["results"][0].get("severity")
        ordered.append(entry)
    ordered.sort(key=lambda g: (severity_rank(g["worst"]), g["rule"]))
    totals: dict[str, int] = {}
    for result in results:
        severity = local_name(result.get("severity") or "")
        totals[severity] = totals.get(severity, 0) + 1
    return {"present": bool(conforms or results), "conforms": all(conforms) if conforms else None,
            "groups": ordered, "totals": totals, "count": len(results)}


@bp.get("/validation")
@cached_page
def validation() -> str:
    return render_template("validation.html", **_report())
