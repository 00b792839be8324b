"""The body page: names, place in the organisation, chair and members over time, meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import request
from rdflib import URIRef

from api.pages.common import (
    MEETINGS_SHOWN,
    collect,
    evidence_for,
    findings_for,
    label,
    properties,
    select,
    sources,
    value,
    values,
)
from api.pages.person import is_current, role_rank, timeline_key
from api.presentation import pick
from ontology import KG, ORG, RDF, SKOS

# Deepest organisation chart drawn (guards against cycles in org:subOrganizationOf).
MAX_DEPTH = 8


def _ancestors(iri: URIRef, props: dict[str, list[Any]]) -> list[dict[str, Any]]:
    rows = select("""
        SELECT ?e ?anc ?label ?parent WHERE {
          ?e org:subOrganizationOf+ ?anc .
          OPTIONAL { ?anc skos:prefLabel ?label }
          OPTIONAL { ?anc org:subOrganizationOf ?parent }
        }""", e=iri)
    info = {a["anc"]: a for a in collect(rows, "anc", labels=("label",))}
    chain: list[dict[str, Any]] = []
    parents = values(props, ORG.subOrganizationOf)
    current = parents[0] if parents else None
    while current is not None and current in info and len(chain) < MAX_DEPTH:
        chain.append(info[current])
        current = info[current].get("parent")
        if current in {c["anc"] for c in chain}:
            break
    return chain  # nearest parent first


def _tree(root: str, root_label: str) -> dict[str, Any]:
    rows = select("""
        SELECT ?e ?d ?parent ?label WHERE {
          ?d org:subOrganizationOf+ ?e .
          ?d org:subOrganizationOf ?parent .
          OPTIONAL { ?d skos:prefLabel ?label }
        }""", e=URIRef(root))
    nodes = collect(rows, ("d", "parent"), labels=("label",))
    children: dict[str, list[dict[str, Any]]] = {}
    for node in nodes:
        children.setdefault(node["parent"], []).append(node)

    def build(iri: str, name: str, depth: int, path: frozenset[str]) -> dict[str, Any]:
        kids = [] if depth >= MAX_DEPTH else [
            build(c["d"], c.get("label") or c["d"], depth + 1, path | {iri})
            for c in sorted(children.get(iri, []), key=lambda c: (c.get("label") or "").casefold())
            if c["d"] not in path]
        return {"iri": iri, "label": name, "children": kids}

    return build(root, root_label, 0, frozenset())


def page(iri: URIRef) -> dict[str, Any]:
    props = properties(iri)
    name = label(props, SKOS.prefLabel) or str(iri)
    ancestors = _ancestors(iri, props)
    if ancestors:
        top = ancestors[-1]
        tree = _tree(top["anc"], top.get("label") or top["anc"])
    else:
        tree = _tree(str(iri), name)

    mandates = collect(select("""
        SELECT ?e ?m ?holder ?name ?role ?start ?end ?jobTitle ?decision ?meeting ?meetingDate
        WHERE {
          ?m kg:body ?e .
          ?m kg:holder ?holder ; kg:role ?role .
          OPTIONAL { ?holder foaf:name ?name }
          OPTIONAL { ?m kg:startDate ?start }
          OPTIONAL { ?m kg:endDate ?end }
          OPTIONAL { ?m kg:jobTitle ?jobTitle }
          OPTIONAL { ?m kg:establishedBy ?decision .
            OPTIONAL { ?item kg:decision ?decision . ?meeting kg:hasAgendaItem ?item .
                       OPTIONAL { ?meeting kg:date ?meetingDate } } }
        }""", e=iri), "m", labels=("name",))
    quotes = evidence_for(iri, "?r kg:body ?e")
    for mandate in mandates:
        mandate["evidence"] = quotes.get(mandate["m"], [])
    today = dt.date.today()
    current = sorted((m for m in mandates if is_current(m, today)),
                     key=lambda m: (role_rank(m.get("role")), (m.get("name") or "").casefold()))
    chairs = [m for m in current if m.get("role") == str(KG.Chair)]
    over_time = sorted(mandates, key=timeline_key)

    everything = request.args.get("meetings") == "all"
    meetings = collect(select("""
        SELECT ?e ?meeting ?date ?cancelled (COUNT(DISTINCT ?item) AS ?items) WHERE {
          ?meeting kg:heldBy ?e .
          OPTIONAL { ?meeting kg:date ?date }
          OPTIONAL { ?meeting kg:cancelled ?cancelled }
          OPTIONAL { ?meeting kg:hasAgendaItem ?item }
        } GROUP BY ?e ?meeting ?date ?cancelled
        ORDER BY DESC(?date) ?meeting""" + ("" if everything else f" LIMIT {MEETINGS_SHOWN}"),
        e=iri), "meeting")
    meetings.sort(key=lambda m: (not isinstance(m.get("date"), dt.date),
                                 m.get("date") or dt.date.min, m["meeting"]))
    meeting_count = len(meetings)
    if len(meetings) == MEETINGS_SHOWN and not everything:
        counted = select("SELECT ?e (COUNT(DISTINCT ?meeting) AS ?n) WHERE { "
                         "?meeting kg:heldBy ?e } GROUP BY ?e", e=iri)
        meeting_count = int(str(counted[0]["n"])) if counted else meeting_count

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
        "ancestors": ancestors,
        "tree": tree,
        "chairs": chairs,
        "current": current,
        "mandates": over_time,
        "meetings": meetings,
        "meeting_count": meeting_count,
        "evidence": quotes.get(str(iri), []),
        "sources": sources(props),
        "findings": findings_for(iri),
    }
