"""From extracted facts to the triples of one document's named graph (docs/data-model.md)."""

from __future__ import annotations

import re
from datetime import date

from rdflib import Literal, URIRef
from rdflib.term import Node

from kommunegraf.filenames import shown
from loaders.bodies import (
    BodyName,
    definite,
    generic_kind,
    is_body_noun,
    known_body,
    municipality_named,
    owned_by,
    resolve_body,
)
from loaders.facts import BodyRef, DocumentFacts, PersonRef, Span
from loaders.identifiers import Minter, slug
from loaders.language import message
from loaders.resolve import Resolution
from ontology import DCT, FOAF, KG, ORG, PROV, RDF, RDFS, SKOS, XSD

Triple = tuple[Node, Node, Node]
ROLE_CONCEPTS = {
    name: getattr(KG, name)
    for name in (
        "Chair",
        "ViceChair",
        "Member",
        "Substitute",
        "MunicipalDirector",
        "Director",
        "Mayor",
        "Consultant",
        "TeamLeader",
        "BoardMember",
        "Employee",
        "Representative",
        "Secretary",
    )
}
ROLE_CONCEPTS["Other"] = KG.OtherRole
OUTCOME_CONCEPTS = {
    name: getattr(KG, name)
    for name in ("Approved", "Noted", "Discussed", "Appointed", "Rejected", "Postponed", "Other")
}
MODE_CONCEPTS = {name: getattr(KG, name) for name in ("InPerson", "Virtual", "Hybrid", "ByEmail")}
STATUS_CONCEPTS = {"held": KG.Held, "planned": KG.Planned}
MAX_TEXT = 4000


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _text(value: str) -> Literal:
    value = re.sub(r"\s+", " ", value).strip()
    return Literal(value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + " …")


class GraphWriter:
    """Collects the triples of one document, minting IRIs and evidence as it goes."""

    def __init__(self, facts: DocumentFacts, resolution: Resolution, minter: Minter) -> None:
        self.facts = facts
        self.resolution = resolution
        self.mint = minter
        self.document = minter.document(facts.source.sha256)
        self.triples: set[Triple] = set()
        self._bodies: dict[str, URIRef] = {}
        self._persons: dict[str, URIRef] = {}

    def add(self, s: Node, p: Node, o: Node | None) -> None:
        if o is not None:
            self.triples.add((s, p, o))

    def extracted(self, resource: URIRef, kind: URIRef, span: Span) -> None:
        """Type a resource, tie it to this document and to the text that states it."""
        self.add(resource, RDF.type, kind)
        self.add(resource, PROV.wasDerivedFrom, self.document)
        self.evidence(resource, span)

    def evidence(self, resource: URIRef, span: Span) -> None:
        start, end, quote = self.facts.clean.quote(span.start, span.end)
        node = self.mint.evidence(self.facts.source.sha256, start, end)
        self.add(resource, KG.evidence, node)
        self.add(node, RDF.type, KG.Evidence)
        self.add(node, KG.quote, Literal(quote))
        self.add(node, KG.start, Literal(start, datatype=XSD.nonNegativeInteger))
        self.add(node, KG.end, Literal(end, datatype=XSD.nonNegativeInteger))
        self.add(node, KG.inDocument, self.document)
        self.add(node, PROV.wasDerivedFrom, self.document)
        page = self.facts.source.page_of(start)
        if page is not None:
            self.add(node, KG.page, Literal(page, datatype=XSD.positiveInteger))

    def extraction(self) -> None:
        """How the document's text was made (PROV-O): the tools, and the pages read by OCR."""
        made = self.facts.source.extraction
        if made is None:
            return
        activity = self.mint.iri("extraction", self.facts.source.sha256)
        self.add(self.document, PROV.wasGeneratedBy, activity)
        self.add(activity, RDF.type, KG.TextExtraction)
        self.add(activity, KG.ocr, Literal(bool(made.ocr_pages)))
        for page in made.ocr_pages:
            self.add(activity, KG.ocrPage, Literal(page, datatype=XSD.positiveInteger))
        for tool in (made.tool, made.ocr_tool):
            if tool is None:
                continue
            agent = self.mint.iri("software", slug(tool.name), slug(tool.version))
            self.add(activity, PROV.wasAssociatedWith, agent)
            self.add(agent, RDF.type, PROV.SoftwareAgent)
            self.add(agent, RDFS.label, Literal(str(tool)))
            self.add(agent, KG.softwareVersion, Literal(tool.version))

    # --- persons and bodies ---------------------------------------------------------------

    def person(self, ref: PersonRef) -> URIRef:
        canonical = self.resolution.name(ref.name)
        iri = self.mint.person(canonical)
        written = " ".join(ref.name.split())
        key = written.casefold()
        if key not in self._persons:
            self._persons[key] = iri
            self.extracted(iri, KG.Person, ref.span)
            self.add(iri, FOAF.name, Literal(canonical))
            if written != canonical:
                self.add(iri, SKOS.altLabel, Literal(written))
                merge = self.resolution.merges.get(key)
                if merge is not None:
                    variant = self.mint.name_variant(slug(canonical), written)
                    self.add(iri, KG.nameVariant, variant)
                    self.extracted(variant, KG.NameVariant, ref.span)
                    self.add(variant, KG.variantLabel, Literal(written))
                    self.add(variant, KG.mergeReason, Literal(merge.reason))
                    self.add(
                        variant,
                        KG.similarity,
                        Literal(f"{merge.similarity:.2f}", datatype=XSD.decimal),
                    )
                    self.add(variant, KG.seenIn, self.document)
        if ref.party:
            self.add(iri, KG.party, Literal(ref.party))
        return iri

    def body(self, ref: BodyRef | None, name: BodyName | None = None) -> URIRef | None:
        if ref is None:
            return None
        resolved = (
            name
            or resolve_body(ref.name)
            or municipality_named(ref.name)
            or BodyName(ref.name, generic_kind(ref.name), generic=is_body_noun(ref.name))
        )
        resolved = self._owned(resolved)
        scope = self.facts.source.sha256[:12] if resolved.name == self.facts.local_body else None
        iri = self.mint.body(resolved.name, resolved.kommunekode, scope)
        if resolved.name not in self._bodies:
            self._bodies[resolved.name] = iri
            self.extracted(iri, KG.Municipality if resolved.kommunekode else KG.Body, ref.span)
            self.add(iri, RDF.type, KG.Body)
            self.add(iri, SKOS.prefLabel, Literal(resolved.name, lang="da"))
            if resolved.kommunekode:
                self.add(iri, KG.kommunekode, Literal(resolved.kommunekode))
                self.add(iri, KG.regionName, Literal(resolved.region))
            # The parent comes from the body list (bodies.yaml), not from this text: link to
            # it, but describe it only where a document names it.
            known = known_body(resolved.name)
            parent_name = resolved.parent or (known.parent if known else None)
            if parent_name:
                parent = resolve_body(parent_name) or municipality_named(parent_name)
                parent_code = parent.kommunekode if parent else None
                self.add(iri, ORG.subOrganizationOf, self.mint.body(parent_name, parent_code))
        written = " ".join((ref.written or ref.name).split())
        stem = re.sub(r"(?:'s|’s|s)$", "", written)
        if stem != written and (resolve_body(stem) or municipality_named(stem)) == resolved:
            written = stem
        if written.casefold() != resolved.name.casefold():
            self.add(iri, SKOS.altLabel, Literal(written, lang="da"))
        if resolved.generic:
            # "Byråd" is written "Byrådet": the definite form is how documents name it.
            self.add(iri, SKOS.altLabel, Literal(definite(resolved.name), lang="da"))
        return iri

    def _owned(self, body: BodyName) -> BodyName:
        """The document's "Byrådet" as its owner's ("Brønderslev Kommunes byråd")."""
        owner_ref = self.facts.owner
        if owner_ref is None or not body.generic:
            return body
        owner = resolve_body(owner_ref.name) or municipality_named(owner_ref.name)
        main = self.facts.main_meeting
        own = resolve_body(main.body.name) if main else None
        return owned_by(body, owner, own.name if own else None) if owner else body

    # --- the document ------------------------------------------------------------------------

    def write(self) -> set[Triple]:
        facts, doc = self.facts, self.document
        source = facts.source
        self.add(doc, RDF.type, KG.SourceDocument)
        self.add(doc, DCT.title, Literal(facts.title or shown(source.path.name)))
        self.add(doc, KG.fileName, Literal(shown(source.path.name)))
        self.add(doc, KG.sha256, Literal(source.sha256))
        self.add(doc, KG.byteSize, Literal(source.byte_size, datatype=XSD.nonNegativeInteger))
        self.add(doc, KG.mediaType, Literal(source.media_type))
        self.add(doc, KG.genre, Literal(facts.genre))
        self.add(doc, KG.content, Literal(source.text))
        self.extraction()
        for note in (*source.warnings, *facts.notes):
            self.add(doc, KG.extractionNote, Literal(note, lang="en"))
        for person in facts.persons:
            self.add(doc, KG.mentions, self.person(person))
        for body in facts.body_mentions:
            self.add(doc, KG.mentions, self.body(body))
        if facts.owner is not None:
            # The owner of the document's "Byrådet" is its parent: described here too.
            self.add(doc, KG.mentions, self.body(facts.owner))
        for fact in facts.bodies:
            iri = self.body(fact.body)
            assert iri is not None
            parent = self.body(fact.parent)
            self.add(iri, ORG.subOrganizationOf, parent)
            if fact.composition:
                self.add(iri, KG.statedComposition, _text(fact.composition))
            if fact.member_count is not None:
                self.add(
                    iri,
                    KG.statedMemberCount,
                    Literal(fact.member_count, datatype=XSD.nonNegativeInteger),
                )
            for principle in fact.principles:
                self.add(iri, KG.principle, _text(principle))
            if fact.description:
                self.add(iri, KG.description, _text(fact.description))
            for programme in fact.anchor_for:
                owner = self.body(fact.anchor_of)
                if owner is not None:
                    self.add(owner, KG.anchorMunicipality, iri)
                description = message("anchor_for", programme=programme)
                self.add(iri, KG.description, Literal(description))
        for period in facts.election_periods:
            iri = self.mint.election_period(period.start_year, period.end_year)
            self.extracted(iri, KG.ElectionPeriod, period.span)
            self.add(iri, RDFS.label, Literal(f"{period.start_year}–{period.end_year}"))
            self.add(iri, KG.startDate, _date(date(period.start_year, 1, 1)))
            self.add(iri, KG.endDate, _date(date(period.end_year, 12, 31)))
            self.add(doc, KG.electionPeriod, iri)
        decisions = self._meetings()
        self._mandates(decisions)
        return self.triples

    def _meetings(self) -> dict[str, URIRef]:
        """Write meetings; return the main meeting's decisions by item number."""
        decisions: dict[str, URIRef] = {}
        for meeting in self.facts.meetings:
            body = self.body(meeting.body)
            assert body is not None
            meeting_slug = self.mint.meeting_slug(
                body.rsplit("/", 1)[-1],
                meeting.date,
                meeting.case_number if meeting.main else None,
                self.facts.source.sha256,
            )
            iri = self.mint.iri("meeting", meeting_slug)
            self.extracted(iri, KG.Meeting, meeting.span)
            self.add(iri, KG.heldBy, body)
            if meeting.date:
                self.add(iri, KG.date, _date(meeting.date))
            if meeting.cancelled:
                self.add(iri, KG.cancelled, Literal(True))
            if meeting.main and meeting.case_number:
                self.add(iri, KG.caseNumber, Literal(meeting.case_number))
            self.add(iri, KG.startTime, Literal(meeting.start_time) if meeting.start_time else None)
            self.add(iri, KG.endTime, Literal(meeting.end_time) if meeting.end_time else None)
            self.add(iri, KG.location, Literal(meeting.location) if meeting.location else None)
            self.add(iri, KG.mode, MODE_CONCEPTS.get(meeting.mode or ""))
            self.add(iri, KG.meetingStatus, STATUS_CONCEPTS.get(meeting.status or ""))
            if meeting.main:
                self.add(self.document, KG.records, iri)
            if meeting.attendance_group is not None:
                self.add(iri, KG.attendanceStatement, Literal(meeting.attendance_group[0]))
            if meeting.attendance_complete:
                self.add(iri, KG.attendanceComplete, Literal(True))
            for person in meeting.attendees:
                self.add(iri, KG.attendee, self.person(person))
            for person in meeting.absentees:
                self.add(iri, KG.absentee, self.person(person))
            for substitution in meeting.substitutions:
                sub = self.person(substitution.substitute)
                absent = self.person(substitution.absent) if substitution.absent else None
                # One node per member stood in for; a substitute for whom is not said, by the
                # substitute.
                whom = (absent or sub).rsplit("/", 1)[-1]
                node = self.mint.iri("substitution", meeting_slug, whom if absent else f"by-{whom}")
                self.extracted(node, KG.Substitution, substitution.span)
                self.add(iri, KG.substitution, node)
                self.add(node, KG.substitute, sub)
                self.add(node, KG.substituteFor, absent)
            for position, item in enumerate(meeting.items, start=1):
                item_slug = slug(item.number) if item.number else "case"
                item_iri = self.mint.iri("agenda-item", meeting_slug, item_slug)
                self.extracted(item_iri, KG.AgendaItem, item.span)
                self.add(iri, KG.hasAgendaItem, item_iri)
                self.add(item_iri, KG.number, Literal(item.number) if item.number else None)
                self.add(item_iri, KG.position, Literal(position, datatype=XSD.integer))
                self.add(item_iri, DCT.title, _text(item.title) if item.title else None)
                self.add(
                    item_iri, KG.caseNumber, Literal(item.case_number) if item.case_number else None
                )
                for attr, prop in (
                    ("background", KG.background),
                    ("recommendation", KG.recommendation),
                    ("case_description", KG.caseDescription),
                ):
                    value = getattr(item, attr)
                    if value:
                        self.add(item_iri, prop, _text(value))
                for presenter in item.presenters:
                    self.add(item_iri, KG.presenter, self.person(presenter))
                if item.decision is not None:
                    # One decision per outcome: "udpegede X ... og tog orienteringen til
                    # efterretning" is an appointment and a noting, on the same item.
                    for index, outcome in enumerate(item.decision.outcomes):
                        parts = [meeting_slug, item_slug] + ([slug(outcome)] if index else [])
                        decision = self.mint.iri("decision", *parts)
                        self.extracted(decision, KG.Decision, item.decision.span)
                        self.add(item_iri, KG.decision, decision)
                        self.add(decision, KG.outcome, OUTCOME_CONCEPTS[outcome])
                        self.add(decision, KG.text, _text(item.decision.text))
                        if meeting.main and (index == 0 or outcome == "Appointed"):
                            decisions[item.number or ""] = decision
        return decisions

    @property
    def _stated_as_of(self) -> date | None:
        """The date of the document: its own meeting's."""
        main = self.facts.main_meeting
        return main.date if main else None

    def _mandates(self, decisions: dict[str, URIRef]) -> None:
        for mandate in self.facts.mandates:
            holder = self.person(mandate.person)
            body = self.body(mandate.body)
            if body is None:
                continue
            start = mandate.start.isoformat() if mandate.start else "undated"
            iri = self.mint.iri(
                "mandate",
                holder.rsplit("/", 1)[-1],
                slug(mandate.role),
                body.rsplit("/", 1)[-1],
                start,
            )
            self.extracted(iri, KG.Mandate, mandate.span)
            self.add(iri, KG.holder, holder)
            self.add(iri, KG.body, body)
            self.add(iri, KG.role, ROLE_CONCEPTS[mandate.role])
            if mandate.start:
                self.add(iri, KG.startDate, _date(mandate.start))
            if mandate.end:
                self.add(iri, KG.endDate, _date(mandate.end))
            if not mandate.start and not mandate.end and self._stated_as_of:
                self.add(iri, KG.statedAsOf, _date(self._stated_as_of))
            if mandate.job_title:
                self.add(iri, KG.jobTitle, Literal(mandate.job_title))
            if mandate.representing is not None:
                self.add(iri, KG.representing, self.body(mandate.representing))
            if mandate.established_by_item and mandate.established_by_item in decisions:
                self.add(iri, KG.establishedBy, decisions[mandate.established_by_item])


def document_triples(facts: DocumentFacts, resolution: Resolution, minter: Minter) -> set[Triple]:
    """The triples of one document's named graph."""
    return GraphWriter(facts, resolution, minter).write()
