"""The person page: name and spellings, why they are one person, mandates, meetings, items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import request
from rdflib import URIRef

from api.i18n import t
from api.pages.common import (
    MEETINGS_SHOWN,
    ROWS_SHOWN,
    collect,
    count,
    documents_shown,
    evidence_for,
    evidence_of,
    findings_for,
    label,
    meeting_title,
    properties,
    quotes_naming,
    select,
    sentences_of_sources,
    shows_all,
    values,
)
from api.pages.meeting import item_order
from api.presentation import pick
from ontology import FOAF, KG, SKOS

ROLE_ORDER = (KG.Chair, KG.ViceChair, KG.MunicipalDirector, KG.Director, KG.Mayor, KG.Member,
              KG.Substitute)


def role_rank(role: Any) -> int:
    iri = URIRef(str(role)) if role is not None else None
    return ROLE_ORDER.index(iri) if iri in ROLE_ORDER else len(ROLE_ORDER)


def is_current(mandate: dict[str, Any], today: dt.date | None = None) -> bool:
    end = mandate.get("end")
    return not isinstance(end, dt.date) or end >= (today or dt.date.today())


def timeline_key(mandate: dict[str, Any]) -> tuple[Any, ...]:
    start, end = mandate.get("start"), mandate.get("end")
    anchor = start if isinstance(start, dt.date) else end if isinstance(end, dt.date) else None
    return (anchor is None, anchor or dt.date.min, role_rank(mandate.get("role")))


def mandates_of(iri: URIRef) -> list[dict[str, Any]]:
    rows = select("""
        SELECT ?e ?m ?role ?body ?bodyLabel ?start ?end ?jobTitle ?decision ?item ?itemNumber
               ?itemTitle ?meeting ?meetingDate ?meetingBodyLabel WHERE {
          ?m kg:holder ?e .
          ?m kg:role ?role ; kg:body ?body .
          OPTIONAL { ?body skos:prefLabel ?bodyLabel }
          OPTIONAL { ?m kg:startDate ?start }
          OPTIONAL { ?m kg:endDate ?end }
          OPTIONAL { ?m kg:jobTitle ?jobTitle }
          OPTIONAL { ?m kg:establishedBy ?decision .
            OPTIONAL { ?item kg:decision ?decision .
              OPTIONAL { ?item kg:number ?itemNumber }
              OPTIONAL { ?item dct:title ?itemTitle }
              OPTIONAL { ?meeting kg:hasAgendaItem ?item .
                OPTIONAL { ?meeting kg:date ?meetingDate }
                OPTIONAL { ?meeting kg:heldBy ?mb . ?mb skos:prefLabel ?meetingBodyLabel } } } }
        }""", e=iri)
    mandates = collect(rows, "m", labels=("bodyLabel", "meetingBodyLabel", "itemTitle"))
    for mandate in mandates:
        if mandate.get("meeting"):
            mandate["meeting_text"] = meeting_title(mandate.get("meetingBodyLabel"),
                                                    mandate.get("meetingDate"))
        number, title = mandate.get("itemNumber"), mandate.get("itemTitle")
        heading = t("item.title", number=number) if number else t("decision.title")
        mandate["item_text"] = f"{heading}: {title}" if title else heading
    return mandates


def _presented(iri: URIRef) -> tuple[list[dict[str, Any]], int]:
    """The agenda items the person presented, the latest ROWS_SHOWN unless ``?items=all``
    (oldest first), and how many there are: a director presents hundreds over the years."""
    everything = shows_all("items")
    rows = select("""
        SELECT ?e ?item ?number ?position ?title ?meeting ?date ?bodyLabel WHERE {
          ?item kg:presenter ?e .
          OPTIONAL { ?item kg:number ?number }
          OPTIONAL { ?item kg:position ?position }
          OPTIONAL { ?item dct:title ?title }
          OPTIONAL { ?meeting kg:hasAgendaItem ?item .
            OPTIONAL { ?meeting kg:date ?date }
            OPTIONAL { ?meeting kg:heldBy ?b . ?b skos:prefLabel ?bodyLabel } }
        } ORDER BY DESC(?date) ?item""" + ("" if everything else f" LIMIT {ROWS_SHOWN}"), e=iri)
    items = collect(rows, "item", labels=("title", "bodyLabel"))
    items.sort(key=lambda item: (not isinstance(item.get("date"), dt.date),
                                 item.get("date") or dt.date.min, item_order(item)))
    total = len(rows)
    if total == ROWS_SHOWN and not everything:
        total = count("SELECT ?e (COUNT(?item) AS ?n) WHERE { ?item kg:presenter ?e } "
                      "GROUP BY ?e", e=iri)
    return items, max(total, len(items))


def page(iri: URIRef) -> dict[str, Any]:
    props = properties(iri)
    name = label(props, FOAF.name) or str(iri)
    spellings = values(props, SKOS.altLabel)

    variants = collect(select("""
        SELECT ?e ?v ?variantLabel ?reason ?similarity ?seen ?seenTitle WHERE {
          ?e kg:nameVariant ?v .
          OPTIONAL { ?v kg:variantLabel ?variantLabel }
          OPTIONAL { ?v kg:mergeReason ?reason }
          OPTIONAL { ?v kg:similarity ?similarity }
          OPTIONAL { ?v kg:seenIn ?seen . OPTIONAL { ?seen dct:title ?seenTitle } }
        }""", e=iri), "v", lists=("seen",), labels=("reason", "seenTitle"))
    seen_titles = {
        str(r["seen"]): str(r["title"]) for r in select(
            "SELECT ?e ?seen ?title WHERE { ?e kg:nameVariant/kg:seenIn ?seen . "
            "?seen dct:title ?title }", e=iri)}

    mandates = mandates_of(iri)
    mandates.sort(key=timeline_key)

    meetings = collect(select("""
        SELECT ?e ?meeting ?relation ?via ?date ?status ?body ?bodyLabel ?other ?otherName
        WHERE {
          { ?meeting kg:attendee ?e . BIND("attended" AS ?relation) }
          UNION { ?meeting kg:absentee ?e . BIND("absent" AS ?relation) }
          UNION { ?via kg:substitute ?e . ?meeting kg:substitution ?via .
                  BIND("substitute" AS ?relation)
                  OPTIONAL { ?via kg:substituteFor ?other . ?other foaf:name ?otherName } }
          UNION { ?via kg:substituteFor ?e . ?meeting kg:substitution ?via .
                  BIND("substituted" AS ?relation)
                  OPTIONAL { ?via kg:substitute ?other . ?other foaf:name ?otherName } }
          OPTIONAL { ?meeting kg:date ?date }
          OPTIONAL { ?meeting kg:meetingStatus ?status }
          OPTIONAL { ?meeting kg:heldBy ?body . OPTIONAL { ?body skos:prefLabel ?bodyLabel } }
        }""", e=iri), ("meeting", "relation"), labels=("bodyLabel",))
    # One line per meeting: a substitution says more than the bare attendance it implies.
    by_meeting: dict[str, dict[str, Any]] = {}
    precedence = {"substitute": 0, "substituted": 1, "attended": 2, "absent": 3}
    for row in meetings:
        current = by_meeting.get(row["meeting"])
        if current is None or precedence[row["relation"]] < precedence[current["relation"]]:
            by_meeting[row["meeting"]] = row
    meetings = sorted(by_meeting.values(), key=lambda m: (
        isinstance(m.get("date"), dt.date), m.get("date") or dt.date.min))
    meeting_count = len(meetings)
    if request.args.get("meetings") != "all":
        meetings = meetings[-MEETINGS_SHOWN:]  # the latest; undated ones sort first
    meetings.sort(key=lambda m: (not isinstance(m.get("date"), dt.date),
                                 m.get("date") or dt.date.min))

    items, item_count = _presented(iri)

    quotes = evidence_for(iri, "?r kg:holder ?e", "?e kg:nameVariant ?r")
    quotes.update(evidence_of([*(m.get("via") or m["meeting"] for m in meetings),
                               *(item["item"] for item in items)]))
    names = [name, *spellings, *(v.get("variantLabel") or "" for v in variants)]
    for mandate in mandates:
        mandate["evidence"] = quotes.get(mandate["m"], [])
    for variant in variants:
        variant["evidence"] = quotes.get(variant["v"], [])
        variant["seen"] = [(s, seen_titles.get(s, s)) for s in variant["seen"]]
    for meeting in meetings:
        meeting["meeting_text"] = meeting_title(meeting.get("bodyLabel"), meeting.get("date"))
        source = meeting.get("via") or meeting["meeting"]
        meeting["evidence"] = quotes_naming(quotes.get(source, []), names)
    for item in items:
        if item.get("meeting"):
            item["meeting_text"] = meeting_title(item.get("bodyLabel"), item.get("date"))
        item["evidence"] = quotes_naming(quotes.get(item["item"], []), names) or quotes.get(
            item["item"], [])
    # A meeting's quotes name the meeting, seldom its attendees: the sentence that names the
    # person shows that they were there.
    unquoted = [m for m in meetings if not m["evidence"]]
    sentences = sentences_of_sources((m["meeting"] for m in unquoted), names)
    for meeting in unquoted:
        meeting["evidence"] = sentences.get(meeting["meeting"], [])

    mentioned = documents_shown(iri, "?doc kg:mentions ?e")

    return {
        "template": "person.html",
        "title": name,
        "name": name,
        "spellings": spellings,
        "party": pick(props.get(str(KG.party)) or []),
        "variants": variants,
        "mandates": mandates,
        "current": [m for m in mandates if is_current(m)],
        "meetings": meetings,
        "meeting_count": meeting_count,
        "items": items,
        "item_count": item_count,
        "evidence": quotes.get(str(iri), []),
        "mentioned": mentioned,
        "findings": findings_for(iri),
    }
