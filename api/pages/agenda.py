"""The agenda item page and the decision page."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from api.i18n import t
from api.pages.common import (
    as_written,
    collect,
    evidence_for,
    findings_for,
    properties,
    select,
    source_documents,
    value,
)
from api.pages.meeting import meeting_title
from api.presentation import pick
from ontology import DCT, KG


def _meeting_of(item: URIRef) -> dict[str, Any] | None:
    rows = collect(select("""
        SELECT ?e ?meeting ?date ?status ?body ?bodyLabel WHERE {
          ?meeting kg:hasAgendaItem ?e .
          OPTIONAL { ?meeting kg:date ?date }
          OPTIONAL { ?meeting kg:meetingStatus ?status }
          OPTIONAL { ?meeting kg:heldBy ?body . OPTIONAL { ?body skos:prefLabel ?bodyLabel } }
        }""", e=item), "meeting", labels=("bodyLabel",))
    if not rows:
        return None
    meeting = rows[0]
    meeting["title"] = meeting_title(meeting.get("bodyLabel"), meeting.get("date"))
    return meeting


def _appointments(decision: URIRef) -> list[dict[str, Any]]:
    return collect(select("""
        SELECT ?e ?m ?holder ?name ?role ?body ?bodyLabel ?start WHERE {
          ?m kg:establishedBy ?e .
          OPTIONAL { ?m kg:holder ?holder . OPTIONAL { ?holder foaf:name ?name } }
          OPTIONAL { ?m kg:role ?role }
          OPTIONAL { ?m kg:body ?body . OPTIONAL { ?body skos:prefLabel ?bodyLabel } }
          OPTIONAL { ?m kg:startDate ?start }
        }""", e=decision), "m", labels=("name", "bodyLabel"))


def item_page(iri: URIRef) -> dict[str, Any]:
    props = properties(iri)
    number = value(props, KG.number)
    title = pick(props.get(str(DCT.title)) or [])
    decision = value(props, KG.decision)
    decision_props = properties(URIRef(decision)) if decision else {}
    presenters = collect(select(
        "SELECT ?e ?p ?name WHERE { ?e kg:presenter ?p . OPTIONAL { ?p foaf:name ?name } }",
        e=iri), "p", labels=("name",))
    quotes = evidence_for(iri, "?e kg:decision ?r",
                          "?e kg:decision ?d . ?r kg:establishedBy ?d")
    appointments = _appointments(URIRef(decision)) if decision else []
    for appointment in appointments:
        appointment["evidence"] = quotes.get(appointment["m"], [])
    heading = t("item.title", number=number or "?")
    documents = source_documents(iri)
    sources = [doc for doc, _title in documents]
    return {
        "template": "agenda_item.html",
        "title": f"{heading}: {title}" if title else heading,
        "number": number,
        "item_title": title,
        "meeting": _meeting_of(iri),
        "case_number": value(props, KG.caseNumber),
        "presenters": presenters,
        "background": as_written(pick(props.get(str(KG.background)) or []), sources),
        "case_description": as_written(pick(props.get(str(KG.caseDescription)) or []), sources),
        "recommendation": as_written(pick(props.get(str(KG.recommendation)) or []), sources),
        "decision": decision,
        "outcome": value(decision_props, KG.outcome),
        "decision_text": as_written(pick(decision_props.get(str(KG.text)) or []), sources),
        "decision_evidence": quotes.get(decision or "", []),
        "appointments": appointments,
        "evidence": quotes.get(str(iri), []),
        "documents": documents,
        "findings": findings_for(iri),
    }


def decision_page(iri: URIRef) -> dict[str, Any]:
    props = properties(iri)
    items = collect(select("""
        SELECT ?e ?item ?number ?title WHERE {
          ?item kg:decision ?e .
          OPTIONAL { ?item kg:number ?number }
          OPTIONAL { ?item dct:title ?title }
        }""", e=iri), "item", labels=("title",))
    item = items[0] if items else None
    meeting = _meeting_of(URIRef(item["item"])) if item else None
    quotes = evidence_for(iri, "?r kg:decision ?e", "?r kg:establishedBy ?e")
    appointments = _appointments(iri)
    for appointment in appointments:
        appointment["evidence"] = quotes.get(appointment["m"], [])
    if item:
        heading = t("decision.on", number=item.get("number") or "?")
        title = f"{heading}: {item['title']}" if item.get("title") else heading
    else:
        title = t("decision.title")
    return {
        "template": "decision.html",
        "title": title,
        "item": item,
        "meeting": meeting,
        "outcome": value(props, KG.outcome),
        "text": pick(props.get(str(KG.text)) or []),
        "appointments": appointments,
        "evidence": quotes.get(str(iri), []),
        "item_evidence": quotes.get(item["item"], []) if item else [],
        "documents": source_documents(iri),
        "findings": findings_for(iri),
    }
