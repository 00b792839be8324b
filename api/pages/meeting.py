"""The meeting page: when and how, who came, the agenda with decisions, the sources."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from api.pages.common import (
    collect,
    evidence_for,
    findings_for,
    meeting_title,
    properties,
    select,
    sentences_naming,
    source_documents,
    value,
)
from api.presentation import pick
from ontology import KG


def agenda(iri: URIRef) -> list[dict[str, Any]]:
    rows = select("""
        SELECT ?e ?item ?number ?position ?title ?caseNumber ?presenter ?presenterName
               ?recommendation ?decision ?outcome ?text WHERE {
          ?e kg:hasAgendaItem ?item .
          OPTIONAL { ?item kg:number ?number }
          OPTIONAL { ?item kg:position ?position }
          OPTIONAL { ?item dct:title ?title }
          OPTIONAL { ?item kg:caseNumber ?caseNumber }
          OPTIONAL { ?item kg:presenter ?presenter .
                     OPTIONAL { ?presenter foaf:name ?presenterName } }
          OPTIONAL { ?item kg:recommendation ?recommendation }
          OPTIONAL { ?item kg:decision ?decision .
            OPTIONAL { ?decision kg:outcome ?outcome }
            OPTIONAL { ?decision kg:text ?text } }
        }""", e=iri)
    items = collect(rows, "item", lists=("presenter",), labels=("title",))
    names = {str(r["presenter"]): str(r["presenterName"]) for r in rows
             if "presenter" in r and "presenterName" in r}
    for item in items:
        item["presenters"] = [(p, names.get(p, p)) for p in item["presenter"]]
    items.sort(key=item_order)
    return items


def item_order(item: dict[str, Any]) -> tuple[Any, ...]:
    position = item.get("position")
    number = str(item.get("number") or "")
    parts = tuple(int(p) if p.isdigit() else 0 for p in number.replace("-", ".").split("."))
    return (position if isinstance(position, int) else 10**9, parts, number)


def page(iri: URIRef) -> dict[str, Any]:
    props = properties(iri)
    body = value(props, KG.heldBy)
    body_label = None
    if body:
        body_label = pick(r["l"] for r in select(
            "SELECT ?e ?l WHERE { ?e kg:heldBy/skos:prefLabel ?l }", e=iri))
    date = value(props, KG.date)

    people = select("""
        SELECT ?e ?person ?name ?spelling ?relation WHERE {
          { ?e kg:attendee ?person . BIND("attendee" AS ?relation) }
          UNION { ?e kg:absentee ?person . BIND("absentee" AS ?relation) }
          OPTIONAL { ?person foaf:name ?name }
          OPTIONAL { ?person skos:altLabel|kg:nameVariant/kg:variantLabel ?spelling }
        }""", e=iri)
    attendance = collect(people, ("person", "relation"), lists=("spelling",), labels=("name",))
    attendees = sorted((p for p in attendance if p["relation"] == "attendee"),
                       key=lambda p: (p.get("name") or p["person"]).casefold())
    absentees = sorted((p for p in attendance if p["relation"] == "absentee"),
                       key=lambda p: (p.get("name") or p["person"]).casefold())
    substitutions = collect(select("""
        SELECT ?e ?s ?sub ?subName ?for ?forName WHERE {
          ?e kg:substitution ?s .
          OPTIONAL { ?s kg:substitute ?sub . OPTIONAL { ?sub foaf:name ?subName } }
          OPTIONAL { ?s kg:substituteFor ?for . OPTIONAL { ?for foaf:name ?forName } }
        }""", e=iri), "s", labels=("subName", "forName"))

    items = agenda(iri)
    quotes = evidence_for(iri, "?e kg:hasAgendaItem ?r", "?e kg:hasAgendaItem/kg:decision ?r",
                          "?e kg:substitution ?r")
    for item in items:
        item["evidence"] = quotes.get(item["item"], [])
        item["decision_evidence"] = quotes.get(item.get("decision") or "", [])
    for substitution in substitutions:
        substitution["evidence"] = quotes.get(substitution["s"], [])

    # The graph keeps no quote per attendee nor for a group statement of attendance: the
    # sentences of the meeting's documents that name them are shown instead.
    documents = source_documents(iri)
    statement = value(props, KG.attendanceStatement)
    wanted = {p["person"]: [p.get("name") or "", *p["spelling"]] for p in attendance}
    if statement:
        wanted["statement"] = [statement.strip(" ,.;")]
    sentences = sentences_naming((doc for doc, _title in documents), wanted)
    for person in attendance:
        person["evidence"] = sentences.get(person["person"], [])

    return {
        "template": "meeting.html",
        "title": meeting_title(body_label, date),
        "body": body,
        "body_label": body_label,
        "date": date,
        "mode": value(props, KG.mode),
        "start_time": value(props, KG.startTime),
        "end_time": value(props, KG.endTime),
        "location": pick(props.get(str(KG.location)) or []),
        "cancelled": bool(value(props, KG.cancelled)),
        "status": value(props, KG.meetingStatus),
        "attendance_statement": statement,
        "statement_evidence": sentences.get("statement", []),
        # A statement for a group makes the named attendees a part, whatever else is said.
        "attendance_complete": bool(value(props, KG.attendanceComplete)) and not statement,
        "attendees": attendees,
        "absentees": absentees,
        "substitutions": substitutions,
        "items": items,
        "evidence": quotes.get(str(iri), []),
        "documents": documents,
        "findings": findings_for(iri),
    }
