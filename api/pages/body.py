"""The body page: names, place in the organisation, chair and members over time, meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup
from rdflib import URIRef

from api.i18n import t
from api.pages import orgchart
from api.pages.common import (
    MEETINGS_SHOWN,
    ROWS_SHOWN,
    collect,
    count,
    evidence_for,
    evidence_of,
    findings_for,
    label,
    properties,
    select,
    select_for,
    shows_all,
    value,
    values,
)
from api.pages.person import ROLE_ORDER, is_current, role_rank, timeline_key
from api.presentation import pick, plain
from kommunegraf.store import VALIDATION_GRAPH
from ontology import KG, RDF, SKOS

# Chairs first, then by role as on person pages (ROLE_ORDER), then by name.
_ROLE_RANK = ("OPTIONAL { VALUES (?role ?rank) { "
              + " ".join(f"(<{role}> {rank})" for rank, role in enumerate(ROLE_ORDER)) + " } }")


def _current(today: dt.date) -> str:
    """The filter for a current mandate: one without an end date counts as current."""
    return (f'FILTER(!BOUND(?end) || DATATYPE(?end) != xsd:date '
            f'|| ?end >= "{today.isoformat()}"^^xsd:date)')


def _limit(everything: bool, shown: int) -> str:
    return "" if everything else f" LIMIT {shown}"


def _current_mandates(iri: URIRef) -> tuple[list[dict[str, Any]], int]:
    """The body's current mandates, at most ROWS_SHOWN unless ``?mandates=all``, and how
    many there are. Ordered and cut in the query: a body can have thousands."""
    everything, today = shows_all("mandates"), dt.date.today()
    rows = select(f"""
        SELECT ?e ?m ?holder ?name ?role ?jobTitle ?asOf WHERE {{
          ?m kg:body ?e ; kg:holder ?holder ; kg:role ?role .
          OPTIONAL {{ ?m kg:endDate ?end }}
          OPTIONAL {{ ?m kg:statedAsOf ?asOf }}
          {_current(today)}
          {_ROLE_RANK}
          OPTIONAL {{ ?holder foaf:name ?name }}
          OPTIONAL {{ ?m kg:jobTitle ?jobTitle }}
        }} ORDER BY COALESCE(?rank, {len(ROLE_ORDER)}) LCASE(STR(?name)) ?m"""
        + _limit(everything, ROWS_SHOWN), e=iri)
    current = collect(rows, "m", labels=("name",))
    current.sort(key=lambda m: (role_rank(m.get("role")), (m.get("name") or "").casefold()))
    total = len(rows)
    if total == ROWS_SHOWN and not everything:
        total = count(f"""SELECT ?e (COUNT(?m) AS ?n) WHERE {{ ?m kg:body ?e .
            OPTIONAL {{ ?m kg:endDate ?end }} {_current(today)} }} GROUP BY ?e""", e=iri)
    return current, max(total, len(current))


def _mandates_over_time(iri: URIRef) -> tuple[list[dict[str, Any]], int]:
    """The body's latest mandates by start (else end) date, at most ROWS_SHOWN unless
    ``?mandates=all``, in time order, with how they were appointed; and how many there are."""
    everything = shows_all("mandates")
    rows = select("""
        SELECT ?e ?m ?holder ?name ?role ?start ?end WHERE {
          ?m kg:body ?e ; kg:holder ?holder ; kg:role ?role .
          OPTIONAL { ?m kg:startDate ?start }
          OPTIONAL { ?m kg:endDate ?end }
          OPTIONAL { ?holder foaf:name ?name }
        } ORDER BY DESC(COALESCE(?start, ?end)) ?m""" + _limit(everything, ROWS_SHOWN), e=iri)
    mandates = collect(rows, "m", labels=("name",))
    appointed = {str(row["r"]): row for row in select_for((m["m"] for m in mandates), """
        SELECT ?r ?decision ?meeting ?meetingDate WHERE { {values}
          ?r kg:establishedBy ?decision .
          OPTIONAL { ?item kg:decision ?decision . ?meeting kg:hasAgendaItem ?item .
                     OPTIONAL { ?meeting kg:date ?meetingDate } } }""")}
    for mandate in mandates:
        found = appointed.get(mandate["m"], {})
        for name in ("decision", "meeting", "meetingDate"):
            mandate[name] = plain(found.get(name))
    mandates.sort(key=timeline_key)
    total = len(rows)
    if total == ROWS_SHOWN and not everything:
        total = count("SELECT ?e (COUNT(?m) AS ?n) WHERE { ?m kg:body ?e } GROUP BY ?e", e=iri)
    return mandates, max(total, len(mandates))


def _meetings(iri: URIRef) -> tuple[list[dict[str, Any]], int]:
    """The body's latest MEETINGS_SHOWN meetings (every one with ``?meetings=all``), oldest
    first, with their number of agenda items; and how many there are. The latest are chosen
    before the items are counted: a regional council holds thousands over the years."""
    everything = shows_all("meetings")
    rows = select("SELECT ?e ?meeting ?date WHERE { ?meeting kg:heldBy ?e . "
                  "OPTIONAL { ?meeting kg:date ?date } } ORDER BY DESC(?date) ?meeting"
                  + _limit(everything, MEETINGS_SHOWN), e=iri)
    meetings = collect(rows, "meeting")
    details = {str(row["r"]): row for row in select_for((m["meeting"] for m in meetings), """
        SELECT ?r ?cancelled ?status (COUNT(DISTINCT ?item) AS ?items) WHERE { {values}
          OPTIONAL { ?r kg:cancelled ?cancelled }
          OPTIONAL { ?r kg:meetingStatus ?status }
          OPTIONAL { ?r kg:hasAgendaItem ?item } } GROUP BY ?r ?cancelled ?status""")}
    for meeting in meetings:
        found = details.get(meeting["meeting"], {})
        meeting["cancelled"] = plain(found.get("cancelled"))
        meeting["status"] = plain(found.get("status"))
        meeting["items"] = plain(found.get("items")) or 0
    meetings.sort(key=lambda m: (not isinstance(m.get("date"), dt.date),
                                 m.get("date") or dt.date.min, m["meeting"]))
    total = len(rows)
    if total == MEETINGS_SHOWN and not everything:
        total = count("SELECT ?e (COUNT(?meeting) AS ?n) WHERE { ?meeting kg:heldBy ?e } "
                      "GROUP BY ?e", e=iri)
    return meetings, max(total, len(meetings))


def _chairs_of(bodies: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The current chairs of each body, each with the validation rules its mandate breaks:
    the chart answers "which groups lack a chair, or have a chair who is not a
    kommunaldirektør?" at a glance."""
    rows = collect(select_for(bodies, """
        SELECT ?r ?m ?holder ?name ?end WHERE { {values}
          ?m kg:body ?r ; kg:role kg:Chair ; kg:holder ?holder .
          OPTIONAL { ?holder foaf:name ?name } OPTIONAL { ?m kg:endDate ?end } }"""),
        "m", labels=("name",))
    current = [row for row in rows if is_current(row)]
    rules: dict[str, list[str]] = {}
    for row in select_for((c["m"] for c in current), f"""
            SELECT ?r ?rule WHERE {{ {{values}} GRAPH <{VALIDATION_GRAPH}> {{
              ?result sh:focusNode ?r ; kg:ruleId ?rule }} }}"""):
        rules.setdefault(str(row["r"]), []).append(str(row["rule"]))
    chairs: dict[str, list[dict[str, Any]]] = {body: [] for body in bodies}
    for chair in sorted(current, key=lambda c: str(c.get("name") or c["holder"]).casefold()):
        chairs[chair["r"]].append({"holder": chair["holder"],
                                   "name": chair.get("name") or chair["holder"],
                                   "rules": rules.get(chair["m"], [])})
    return chairs


def _bodies_in(node: dict[str, Any]) -> list[str]:
    return [node["iri"], *(iri for child in node["children"] for iri in _bodies_in(child))]


def page(iri: URIRef) -> dict[str, Any]:
    props = properties(iri)
    name = label(props, SKOS.prefLabel) or str(iri)
    chain = orgchart.ancestors(iri)
    top, top_label = (chain[-1]["anc"], chain[-1].get("label") or chain[-1]["anc"]) if chain \
        else (str(iri), name)
    links = orgchart.links_below(URIRef(top))
    chart = orgchart.tree(top, top_label, links)
    chairs_by_body = _chairs_of([*_bodies_in(chart), *(link.child for link in links)])
    own = orgchart.subtree(chart, str(iri))
    picture = orgchart.svg(own, t("body.orgchart_of", name=name)) \
        if own and own["children"] else None

    current, current_count = _current_mandates(iri)
    over_time, mandate_count = _mandates_over_time(iri)
    quotes = evidence_for(iri)
    quotes.update(evidence_of(m["m"] for m in current))
    for mandate in current:
        mandate["evidence"] = quotes.get(mandate["m"], [])
    chairs = [m for m in current if m.get("role") == str(KG.Chair)]

    meetings, meeting_count = _meetings(iri)

    types = values(props, RDF.type)
    return {
        "template": "body.html",
        "title": name,
        "name": name,
        "is_municipality": str(KG.Municipality) in types,
        "aliases": values(props, SKOS.altLabel),
        "description": pick(props.get(str(KG.description)) or []),
        "principle": pick(props.get(str(KG.principle)) or []),
        "composition": pick(props.get(str(KG.statedComposition)) or []),
        "member_count": value(props, KG.statedMemberCount),
        "kommunekode": value(props, KG.kommunekode),
        "region": value(props, KG.regionName),
        "ancestors": chain,
        "placement": [link for link in links if link.child == str(iri)],
        "labels": {c["anc"]: c.get("label") or c["anc"] for c in chain},
        "tree": chart,
        "chairs_of": chairs_by_body,
        "in_chart": own is not None,
        "picture": Markup(picture) if picture else None,
        "served": [link for link in links if link.status == orgchart.SERVED
                   and link.parent == str(iri)],
        "not_stated": [link for link in links if link.status == orgchart.NOT_STATED
                       and link.parent == str(iri)],
        "chairs": chairs,
        "current": current,
        "current_count": current_count,
        "mandates": over_time,
        "mandate_count": mandate_count,
        "meetings": meetings,
        "meeting_count": meeting_count,
        "evidence": quotes.get(str(iri), []),
        "findings": findings_for(iri),
    }
