"""Views of the graph for systems that do not speak RDF: Popolo JSON and OParl 1.1 JSON.

Both are built from the store with SPARQL (so they work on the embedded store and on a remote
one alike) and returned as plain dicts and lists, ready for ``json.dumps``; the mapping from
kommunegraf's terms to theirs is the table in docs/interop.md. Output is deterministic: lists
are sorted by id, so the same graph gives the same JSON.

- :func:`popolo` answers the Popolo export shape (``persons``, ``organizations``,
  ``memberships``, ``posts``) whose objects validate against the Popolo JSON schemas.
- :func:`oparl` answers every OParl object (System, Body, Organization, Person, Membership,
  Meeting, AgendaItem, LegislativeTerm) and the contents of every external list they name, for
  an API to serve by id; each object validates against its OParl 1.1 schema.

Values a document does not state are left out, never guessed: a meeting without a stated
time has no OParl ``start``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from rdflib import Literal, URIRef
from rdflib.term import Node

from kommunegraf.store import GraphStore
from ontology import DCT, FOAF, KG, ORG, PROV, RDF, RDFS, SKOS

OPARL = "https://schema.oparl.org/1.1/"
# Meetings are held in Denmark; a stated time of day is local time there.
LOCAL_TIME = ZoneInfo("Europe/Copenhagen")
LANGUAGE = "da"


def _q(sparql: str, **terms: URIRef) -> str:
    """A query with ``{name}`` replaced by the N3 form of a term of a closed namespace."""
    return sparql.format(**{name: term.n3() for name, term in terms.items()})


# --- reading the graph -------------------------------------------------------------------------


@dataclass
class _Body:
    iri: str
    names: dict[str | None, set[str]] = field(default_factory=lambda: defaultdict(set))
    alt: set[str] = field(default_factory=set)
    parents: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    municipality: bool = False

    @property
    def name(self) -> str:
        return _preferred(self.names)


@dataclass
class _Mandate:
    iri: str
    holder: str
    role: str
    body: str
    start: str | None = None
    end: str | None = None
    titles: set[str] = field(default_factory=set)
    representing: set[str] = field(default_factory=set)


@dataclass
class _Meeting:
    iri: str
    bodies: set[str] = field(default_factory=set)
    date: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    location: str | None = None
    cancelled: bool = False
    attendees: set[str] = field(default_factory=set)


@dataclass
class _Item:
    iri: str
    meeting: str
    number: str | None = None
    position: int | None = None
    title: str | None = None
    outcome: str | None = None
    text: str | None = None


@dataclass
class _Period:
    iri: str
    label: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass
class _Graph:
    """What both views need, read with a handful of queries."""

    persons: dict[str, str]
    person_alt: dict[str, set[str]]
    bodies: dict[str, _Body]
    mandates: dict[str, _Mandate]
    meetings: dict[str, _Meeting]
    items: dict[str, _Item]
    periods: dict[str, _Period]
    labels: dict[str, str]
    sources: dict[str, set[str]]


def _preferred(labels: dict[str | None, set[str]]) -> str:
    for language in (LANGUAGE, None, "en"):
        if labels.get(language):
            return min(labels[language])
    return min(min(values) for values in labels.values() if values)


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _date(node: Node | None) -> str | None:
    """An xsd:date value as ``YYYY-MM-DD`` (the form every schema here accepts), else None."""
    if node is None:
        return None
    text = str(node)[:10]
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return None
    return text


def read_graph(store: GraphStore) -> _Graph:
    """Read persons, bodies, mandates, meetings, agenda items and election periods."""
    persons: dict[str, set[str]] = defaultdict(set)
    person_alt: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_q(
        "SELECT ?p ?name ?alt WHERE {{ ?p a {Person} ; {name} ?name . "
        "OPTIONAL {{ ?p {altLabel} ?alt }} }}",
        Person=KG.Person, name=FOAF.name, altLabel=SKOS.altLabel,
    )):
        iri = str(row["p"])
        persons[iri].add(str(row["name"]))
        if "alt" in row:
            person_alt[iri].add(str(row["alt"]))

    bodies: dict[str, _Body] = {}
    for row in store.select(_q(
        "SELECT ?b ?label ?alt ?parent ?code ?kind WHERE {{ ?b a {Body} ; {prefLabel} ?label . "
        "OPTIONAL {{ ?b {altLabel} ?alt }} OPTIONAL {{ ?b {sub} ?parent }} "
        "OPTIONAL {{ ?b {code} ?code }} "
        "OPTIONAL {{ ?b a ?kind . FILTER(?kind = {Municipality}) }} }}",
        Body=KG.Body, prefLabel=SKOS.prefLabel, altLabel=SKOS.altLabel,
        sub=ORG.subOrganizationOf, code=KG.kommunekode, Municipality=KG.Municipality,
    )):
        body = bodies.setdefault(str(row["b"]), _Body(str(row["b"])))
        label = row["label"]
        body.names[label.language if isinstance(label, Literal) else None].add(str(label))
        if "alt" in row:
            body.alt.add(str(row["alt"]))
        if "parent" in row:
            body.parents.add(str(row["parent"]))
        if "code" in row:
            body.codes.add(str(row["code"]))
        if "kind" in row:
            body.municipality = True

    mandates: dict[str, _Mandate] = {}
    for row in store.select(_q(
        "SELECT ?m ?holder ?role ?body ?start ?end ?title ?rep WHERE {{ ?m a {Mandate} ; "
        "{holder} ?holder ; {role} ?role ; {body} ?body . OPTIONAL {{ ?m {startDate} ?start }} "
        "OPTIONAL {{ ?m {endDate} ?end }} OPTIONAL {{ ?m {jobTitle} ?title }} "
        "OPTIONAL {{ ?m {representing} ?rep }} }}",
        Mandate=KG.Mandate, holder=KG.holder, role=KG.role, body=KG.body,
        startDate=KG.startDate, endDate=KG.endDate, jobTitle=KG.jobTitle,
        representing=KG.representing,
    )):
        iri = str(row["m"])
        mandate = mandates.setdefault(
            iri, _Mandate(iri, str(row["holder"]), str(row["role"]), str(row["body"]))
        )
        # A mandate named by several documents is one resource; keep the earliest stated
        # start and the latest stated end, so the output does not depend on row order.
        start, end = _date(row.get("start")), _date(row.get("end"))
        if start and (mandate.start is None or start < mandate.start):
            mandate.start = start
        if end and (mandate.end is None or end > mandate.end):
            mandate.end = end
        if "title" in row:
            mandate.titles.add(str(row["title"]))
        if "rep" in row:
            mandate.representing.add(str(row["rep"]))

    meetings: dict[str, _Meeting] = {}
    for row in store.select(_q(
        "SELECT ?m ?body ?date ?start ?end ?location ?cancelled WHERE {{ ?m a {Meeting} ; "
        "{heldBy} ?body . OPTIONAL {{ ?m {date} ?date }} OPTIONAL {{ ?m {startTime} ?start }} "
        "OPTIONAL {{ ?m {endTime} ?end }} OPTIONAL {{ ?m {location} ?location }} "
        "OPTIONAL {{ ?m {cancelled} ?cancelled }} }}",
        Meeting=KG.Meeting, heldBy=KG.heldBy, date=KG.date, startTime=KG.startTime,
        endTime=KG.endTime, location=KG.location, cancelled=KG.cancelled,
    )):
        iri = str(row["m"])
        meeting = meetings.setdefault(iri, _Meeting(iri))
        meeting.bodies.add(str(row["body"]))
        meeting.date = min(filter(None, (meeting.date, _date(row.get("date")))), default=None)
        meeting.start_time = meeting.start_time or _text(row.get("start"))
        meeting.end_time = meeting.end_time or _text(row.get("end"))
        meeting.location = meeting.location or _text(row.get("location"))
        cancelled = row.get("cancelled")
        meeting.cancelled |= isinstance(cancelled, Literal) and cancelled.toPython() is True
    for row in store.select(_q(
        "SELECT DISTINCT ?m ?p WHERE {{ ?m a {Meeting} ; {attendee} ?p }}",
        Meeting=KG.Meeting, attendee=KG.attendee,
    )):
        if str(row["m"]) in meetings:
            meetings[str(row["m"])].attendees.add(str(row["p"]))

    items: dict[str, _Item] = {}
    for row in store.select(_q(
        "SELECT ?m ?i ?number ?position ?title ?outcome ?text WHERE {{ ?m {hasAgendaItem} ?i . "
        "OPTIONAL {{ ?i {number} ?number }} OPTIONAL {{ ?i {position} ?position }} "
        "OPTIONAL {{ ?i {title} ?title }} OPTIONAL {{ ?i {decision} ?d . "
        "OPTIONAL {{ ?d {outcome} ?outcome }} OPTIONAL {{ ?d {text} ?text }} }} }}",
        hasAgendaItem=KG.hasAgendaItem, number=KG.number, position=KG.position,
        title=DCT.title, decision=KG.decision, outcome=KG.outcome, text=KG.text,
    )):
        iri = str(row["i"])
        item = items.setdefault(iri, _Item(iri, str(row["m"])))
        item.number = min(filter(None, (item.number, _text(row.get("number")))), default=None)
        position = row.get("position")
        if isinstance(position, Literal) and str(position).lstrip("-").isdigit():
            value = int(str(position))
            item.position = value if item.position is None else min(item.position, value)
        item.title = min(filter(None, (item.title, _text(row.get("title")))), default=None)
        item.outcome = min(filter(None, (item.outcome, _text(row.get("outcome")))), default=None)
        item.text = min(filter(None, (item.text, _text(row.get("text")))), default=None)

    periods: dict[str, _Period] = {}
    for row in store.select(_q(
        "SELECT ?e ?label ?start ?end WHERE {{ ?e a {ElectionPeriod} . "
        "OPTIONAL {{ ?e {label} ?label }} OPTIONAL {{ ?e {startDate} ?start }} "
        "OPTIONAL {{ ?e {endDate} ?end }} }}",
        ElectionPeriod=KG.ElectionPeriod, label=RDFS.label, startDate=KG.startDate,
        endDate=KG.endDate,
    )):
        iri = str(row["e"])
        period = periods.setdefault(iri, _Period(iri))
        period.label = min(filter(None, (period.label, _text(row.get("label")))), default=None)
        period.start = period.start or _date(row.get("start"))
        period.end = period.end or _date(row.get("end"))

    labels: dict[str, dict[str | None, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in store.select(_q(
        "SELECT ?c ?label WHERE {{ ?c {inScheme} ?scheme ; {prefLabel} ?label . "
        "FILTER(?scheme IN ({Roles}, {Outcomes})) }}",
        inScheme=SKOS.inScheme, prefLabel=SKOS.prefLabel, Roles=KG.Roles, Outcomes=KG.Outcomes,
    )):
        label = row["label"]
        labels[str(row["c"])][label.language if isinstance(label, Literal) else None].add(
            str(label)
        )

    sources: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_q(
        "SELECT DISTINCT ?s ?doc WHERE {{ ?s {derived} ?doc . "
        "FILTER NOT EXISTS {{ ?s {type} {Evidence} }} }}",
        derived=PROV.wasDerivedFrom, type=RDF.type, Evidence=KG.Evidence,
    )):
        sources[str(row["s"])].add(str(row["doc"]))

    return _Graph(
        persons={iri: min(names) for iri, names in persons.items()},
        person_alt=person_alt,
        bodies=bodies,
        mandates=mandates,
        meetings=meetings,
        items=items,
        periods=periods,
        labels={iri: _preferred(by_language) for iri, by_language in labels.items()},
        sources=sources,
    )


def _local(iri: str) -> str:
    """The last part of a term's IRI: ``kg:Chair`` -> ``chair``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower()


def _path(iri: str) -> str:
    """``{base}{kind}/{slug}`` -> ``{kind}/{slug}`` (the data IRI contract of DESIGN.md)."""
    parts = iri.rstrip("/").split("/")
    return "/".join(parts[-2:])


def _sorted(objects: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(objects, key=lambda o: o["id"])


def _base(base_iri: str) -> str:
    if not base_iri.startswith(("http://", "https://")):
        raise ValueError(f"{base_iri!r}: the base of a view must be an http(s) URL")
    return base_iri if base_iri.endswith("/") else base_iri + "/"


# --- Popolo ------------------------------------------------------------------------------------


def popolo(store: GraphStore, base_iri: str) -> dict[str, Any]:
    """The graph as Popolo: persons, organizations, memberships and posts.

    Ids are the data IRIs. Posts exist only in this view (a role in a body, held through
    memberships); their ids are minted under ``base_iri``, the URL the view is published at.
    """
    base = _base(base_iri)
    graph = read_graph(store)

    def sources(iri: str) -> list[dict[str, str]]:
        return [{"url": doc} for doc in sorted(graph.sources.get(iri, ()))]

    persons = []
    for iri, name in graph.persons.items():
        person: dict[str, Any] = {"id": iri, "name": name}
        others = sorted(graph.person_alt.get(iri, set()) - {name})
        if others:
            person["other_names"] = [{"name": other} for other in others]
        person["links"] = [{"url": iri, "note": "kommunegraf"}]
        if sources(iri):
            person["sources"] = sources(iri)
        persons.append(person)

    organizations = []
    for iri, body in graph.bodies.items():
        organization: dict[str, Any] = {
            "id": iri,
            "name": body.name,
            "classification": "municipality" if body.municipality else "body",
        }
        others = sorted(body.alt - {body.name})
        if others:
            organization["other_names"] = [{"name": other} for other in others]
        if body.codes:
            organization["identifiers"] = [
                {"identifier": code, "scheme": "kommunekode"} for code in sorted(body.codes)
            ]
        parents = sorted(p for p in body.parents if p in graph.bodies)
        if parents:
            organization["parent_id"] = parents[0]
        organization["links"] = [{"url": iri, "note": "kommunegraf"}]
        if sources(iri):
            organization["sources"] = sources(iri)
        organizations.append(organization)

    posts: dict[str, dict[str, Any]] = {}
    memberships = []
    for iri, mandate in graph.mandates.items():
        if mandate.holder not in graph.persons or mandate.body not in graph.bodies:
            continue
        role = graph.labels.get(mandate.role, _local(mandate.role))
        post_id = f"{base}post/{_path(mandate.body).replace('/', '-')}--{_local(mandate.role)}"
        posts.setdefault(post_id, {
            "id": post_id,
            "label": f"{role}, {graph.bodies[mandate.body].name}",
            "role": role,
            "organization_id": mandate.body,
        })
        membership: dict[str, Any] = {
            "id": iri,
            "person_id": mandate.holder,
            "organization_id": mandate.body,
            "post_id": post_id,
            "role": role,
        }
        if mandate.titles:
            membership["label"] = min(mandate.titles)
        if mandate.start:
            membership["start_date"] = mandate.start
        if mandate.end:
            membership["end_date"] = mandate.end
        behalf = sorted(b for b in mandate.representing if b in graph.bodies)
        if behalf:
            membership["on_behalf_of_id"] = behalf[0]
        if sources(iri):
            membership["sources"] = sources(iri)
        memberships.append(membership)

    return {
        "persons": _sorted(persons),
        "organizations": _sorted(organizations),
        "memberships": _sorted(memberships),
        "posts": _sorted(posts.values()),
    }


# --- OParl -------------------------------------------------------------------------------------


def _datetime(date: str | None, time: str | None) -> str | None:
    """A stated date and time of day in Denmark as an RFC 3339 date-time, else None."""
    if not date or not time:
        return None
    try:
        clock = dt.time.fromisoformat(time.replace(".", ":"))
        moment = dt.datetime.combine(dt.date.fromisoformat(date), clock, LOCAL_TIME)
    except ValueError:
        return None
    return moment.isoformat(timespec="seconds")


def _roots(bodies: dict[str, _Body]) -> dict[str, str]:
    """Each body's top: follow org:subOrganizationOf up (first parent, cycles stopped)."""
    tops = {}
    for iri in bodies:
        current, seen = iri, {iri}
        while True:
            parents = sorted(p for p in bodies[current].parents if p in bodies and p not in seen)
            if not parents:
                break
            current = parents[0]
            seen.add(current)
        tops[iri] = current
    return tops


# The kind of data IRI each OParl type is made from; an object made from another kind (an
# Organization from a municipality) gets that kind in its id.
_DATA_KIND = {
    "body": "body",
    "organization": "body",
    "person": "person",
    "membership": "mandate",
    "meeting": "meeting",
    "agendaitem": "agenda-item",
    "legislativeterm": "election-period",
}


def oparl(store: GraphStore, base_iri: str) -> dict[str, Any]:
    """The graph as OParl 1.1: every object, and the contents of every external list.

    ``base_iri`` is the URL the OParl API is served at; an object's id is that base plus the
    path of its data IRI (``{base}person/{slug}``), and its ``web`` is the data IRI, whose
    page the API serves. OParl Bodies are the top bodies (no parent body) that hold meetings
    themselves or through their groups; each kg:Body is also an Organization.

    Returns ``system``; lists ``body``, ``organization``, ``person``, ``membership``,
    ``meeting``, ``agendaItem``, ``legislativeTerm``; and ``lists``, mapping every external
    list URL named in the objects to the ids it holds, in order.
    """
    base = _base(base_iri)
    graph = read_graph(store)

    def oid(kind: str, iri: str) -> str:
        data_kind, slug = _path(iri).split("/", 1) if "/" in _path(iri) else ("", _path(iri))
        if data_kind != _DATA_KIND.get(kind):
            slug = f"{data_kind}-{slug}"
        return f"{base}{kind}/{slug}"

    tops = _roots(graph.bodies)
    holders = {b for m in graph.meetings.values() for b in m.bodies if b in graph.bodies}
    top_bodies = sorted({tops[b] for b in holders})
    body_of = {iri: oid("body", tops[iri]) for iri in graph.bodies if tops[iri] in top_bodies}

    terms = []
    for iri, period in graph.periods.items():
        term: dict[str, Any] = {"id": oid("legislativeterm", iri),
                                "type": OPARL + "LegislativeTerm", "web": iri}
        if period.label:
            term["name"] = period.label
        if period.start:
            term["startDate"] = period.start
        if period.end:
            term["endDate"] = period.end
        terms.append(term)
    terms = _sorted(terms)

    memberships: dict[str, dict[str, Any]] = {}
    by_person: dict[str, list[str]] = defaultdict(list)
    by_organization: dict[str, list[str]] = defaultdict(list)
    for iri, mandate in graph.mandates.items():
        if mandate.holder not in graph.persons or mandate.body not in graph.bodies:
            continue
        membership: dict[str, Any] = {
            "id": oid("membership", iri),
            "type": OPARL + "Membership",
            "person": oid("person", mandate.holder),
            "organization": oid("organization", mandate.body),
            "role": graph.labels.get(mandate.role, _local(mandate.role)),
            "web": iri,
        }
        if mandate.start:
            membership["startDate"] = mandate.start
        if mandate.end:
            membership["endDate"] = mandate.end
        behalf = sorted(b for b in mandate.representing if b in graph.bodies)
        if behalf:
            membership["onBehalfOf"] = oid("organization", behalf[0])
        memberships[membership["id"]] = membership
        by_person[mandate.holder].append(membership["id"])
        by_organization[mandate.body].append(membership["id"])

    organizations = []
    for iri, body in graph.bodies.items():
        organization: dict[str, Any] = {
            "id": oid("organization", iri),
            "type": OPARL + "Organization",
            "name": body.name,
            "classification": "kommune" if body.municipality else "organ",
            "web": iri,
        }
        if iri in body_of:
            organization["body"] = body_of[iri]
        short = sorted((a for a in body.alt if len(a) < len(body.name)), key=lambda a: (len(a), a))
        if short:
            organization["shortName"] = short[0]
        parents = sorted(p for p in body.parents if p in graph.bodies)
        if parents:
            organization["subOrganizationOf"] = oid("organization", parents[0])
        if by_organization.get(iri):
            organization["membership"] = sorted(by_organization[iri])
        organizations.append(organization)
    organizations = _sorted(organizations)

    persons = []
    for iri, name in graph.persons.items():
        person: dict[str, Any] = {
            "id": oid("person", iri), "type": OPARL + "Person", "name": name, "web": iri,
        }
        if by_person.get(iri):
            person["membership"] = [memberships[m] for m in sorted(by_person[iri])]
        persons.append(person)
    persons = _sorted(persons)

    items_of: dict[str, list[_Item]] = defaultdict(list)
    for item in graph.items.values():
        items_of[item.meeting].append(item)
    agenda_items: list[dict[str, Any]] = []
    meetings = []
    for iri, meeting in graph.meetings.items():
        meeting_id = oid("meeting", iri)
        held_by = sorted(b for b in meeting.bodies if b in graph.bodies)
        name = ", ".join(graph.bodies[b].name for b in held_by)
        document: dict[str, Any] = {
            "id": meeting_id,
            "type": OPARL + "Meeting",
            "name": f"{name} {meeting.date}" if meeting.date else name,
            "organization": [oid("organization", b) for b in held_by],
            "web": iri,
        }
        if meeting.cancelled:
            document["cancelled"] = True
        start = _datetime(meeting.date, meeting.start_time)
        end = _datetime(meeting.date, meeting.end_time)
        if start:
            document["start"] = start
        if end and (start is None or end >= start):
            document["end"] = end
        if meeting.location:
            document["location"] = {
                "id": f"{meeting_id}/location",
                "type": OPARL + "Location",
                "description": meeting.location,
            }
        participants = sorted(oid("person", p) for p in meeting.attendees if p in graph.persons)
        if participants:
            document["participant"] = participants
        ordered = sorted(
            items_of.get(iri, []),
            key=lambda i: (i.position if i.position is not None else 10**9, i.number or "", i.iri),
        )
        embedded = []
        for order, item in enumerate(ordered, start=1):
            agenda_item: dict[str, Any] = {
                "id": oid("agendaitem", item.iri),
                "type": OPARL + "AgendaItem",
                "meeting": meeting_id,
                "order": item.position if item.position is not None else order,
                "web": item.iri,
            }
            if item.number:
                agenda_item["number"] = item.number
            if item.title:
                agenda_item["name"] = item.title
            if item.outcome:
                agenda_item["result"] = graph.labels.get(item.outcome, _local(item.outcome))
            if item.text:
                agenda_item["resolutionText"] = item.text
            embedded.append(agenda_item)
        if embedded:
            document["agendaItem"] = embedded
        agenda_items.extend(embedded)
        meetings.append(document)
    meetings = _sorted(meetings)

    lists: dict[str, list[str]] = {f"{base}body": [oid("body", b) for b in top_bodies]}
    bodies = []
    for top in top_bodies:
        body_id = oid("body", top)
        members = sorted(o["id"] for o in organizations if o.get("body") == body_id)
        member_set = set(members)
        body_meetings = [m for m in meetings if member_set & set(m["organization"])]
        body_memberships = sorted(
            m_id for m_id, m in memberships.items() if m["organization"] in member_set
        )
        body_persons = sorted({memberships[m]["person"] for m in body_memberships})
        body_items = [i["id"] for m in body_meetings for i in m.get("agendaItem", [])]
        body_doc: dict[str, Any] = {
            "id": body_id,
            "type": OPARL + "Body",
            "system": base,
            "name": graph.bodies[top].name,
            "organization": f"{body_id}/organization",
            "person": f"{body_id}/person",
            "meeting": f"{body_id}/meeting",
            "paper": f"{body_id}/paper",
            "membership": f"{body_id}/membership",
            "agendaItem": f"{body_id}/agendaItem",
            "legislativeTerm": terms,
            "mainOrganization": oid("organization", top),
            "classification": "kommune" if graph.bodies[top].municipality else "organ",
            "web": top,
        }
        short = sorted((a for a in graph.bodies[top].alt if len(a) < len(body_doc["name"])),
                       key=lambda a: (len(a), a))
        if short:
            body_doc["shortName"] = short[0]
        bodies.append(body_doc)
        lists[body_doc["organization"]] = members
        lists[body_doc["person"]] = body_persons
        lists[body_doc["meeting"]] = [m["id"] for m in body_meetings]
        lists[body_doc["paper"]] = []
        lists[body_doc["membership"]] = body_memberships
        lists[body_doc["agendaItem"]] = body_items

    system = {
        "id": base,
        "type": OPARL + "System",
        "oparlVersion": OPARL,
        "name": "kommunegraf",
        "body": f"{base}body",
    }
    return {
        "system": system,
        "body": bodies,
        "organization": organizations,
        "person": persons,
        "membership": _sorted(memberships.values()),
        "meeting": meetings,
        "agendaItem": _sorted(agenda_items),
        "legislativeTerm": terms,
        "lists": lists,
    }
