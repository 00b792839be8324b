"""Validating the store, and one new document against its neighbourhood in the store.

The promise of ``validate_document``: its findings are exactly the findings a full validation
reports on the document's resources once the document is stored. The tests load documents
one by one into an in-memory store and compare the two paths after every document.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, timedelta
from random import Random

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, SH, SKOS, XSD
from test_shapes import DOC, EVIDENCE, ID, ITEM, MANDATE, MEETING, PERSON, PREFIXES, with_provenance

from kommunegraf.pipeline import record_findings
from kommunegraf.store import ONTOLOGY_GRAPH, VALIDATION_GRAPH, EmbeddedStore, RdfTriple
from ontology import KG, ontology_graph
from shapes import (
    Finding,
    findings_for,
    shapes_graph,
    validate_document,
    validate_graph,
    validate_store,
    validate_stored,
)
from shapes.neighbourhood import add_neighbourhood
from shapes.report import build_report

Document = tuple[str, list[RdfTriple]]


@pytest.fixture
def memory_store() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(None)
    yield store
    store.close()


def document(name: str, content: str, quote: str, turtle: str) -> Document:
    """One document's graph: its SourceDocument, one evidence span, and ``turtle``."""
    start = content.index(quote)
    graph = Graph().parse(data=PREFIXES + turtle, format="turtle")
    iri, evidence = DOC[name], EVIDENCE[name]
    sha = hashlib.sha256(content.encode()).hexdigest()
    graph.add((iri, RDF.type, KG.SourceDocument))
    graph.add((iri, KG.sha256, Literal(sha)))
    graph.add((iri, KG.content, Literal(content)))
    graph.add((evidence, RDF.type, KG.Evidence))
    graph.add((evidence, KG.quote, Literal(quote)))
    graph.add((evidence, KG.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((evidence, KG.end, Literal(start + len(quote), datatype=XSD.nonNegativeInteger)))
    graph.add((evidence, KG.inDocument, iri))
    graph.add((evidence, PROV.wasDerivedFrom, iri))
    return str(iri), list(with_provenance(graph, iri, evidence))


def focus_of(triples: list[RdfTriple]) -> set[URIRef]:
    return {s for s, _, _ in triples if isinstance(s, URIRef)}


def load_and_compare(store: EmbeddedStore, documents: list[Document]) -> set[str]:
    """Load ``documents`` one by one; after each, incremental must equal full on its nodes."""
    rules: set[str] = set()
    for graph_iri, triples in documents:
        incremental = validate_document(store, graph_iri, triples)
        store.replace_graph(graph_iri, triples)
        full = validate_store(store)
        expected = findings_for(full, focus_of(triples))
        assert incremental.findings == expected, graph_iri
        rules |= {f.rule_id for f in incremental.findings}
    return rules


# Three documents about one KD-Net meeting, whose facts depend on each other.
EVALUATION = document("evaluation", "Uddannelsesstyregruppen: formand Anne Andersen.",
                      "formand Anne Andersen", """
    body:kd-net a kg:Body ; skos:prefLabel "KD-Net"@da .
    body:uddannelsesstyregruppen a kg:Body ; skos:prefLabel "Uddannelsesstyregruppen"@da ;
        org:subOrganizationOf body:kd-net ; kg:statedMemberCount "2"^^xsd:nonNegativeInteger .
    body:dassos a kg:Body ; skos:prefLabel "DASSOS"@da ; org:subOrganizationOf body:kd-net .
    body:trafikstyregruppen a kg:Body ; skos:prefLabel "Trafikstyregruppen"@da ;
        org:subOrganizationOf body:kd-net .
    body:baggrundsgruppen a kg:Body ; skos:prefLabel "Baggrundsgruppen til Midttrafik"@da ;
        org:subOrganizationOf body:trafikstyregruppen .
    person:anne-andersen a kg:Person ; foaf:name "Anne Andersen" .
    person:bo-berg a kg:Person ; foaf:name "Bo Berg" .
    person:carl-clausen a kg:Person ; foaf:name "Carl Clausen" .
    person:dorte-dahl a kg:Person ; foaf:name "Dorte Dahl" .
    mandate:anne--chair--udd a kg:Mandate ; kg:holder person:anne-andersen ; kg:role kg:Chair ;
        kg:body body:uddannelsesstyregruppen ;
        kg:startDate "2018-01-01"^^xsd:date ; kg:endDate "2021-12-31"^^xsd:date .
    mandate:bo--vice-chair--udd a kg:Mandate ; kg:holder person:bo-berg ; kg:role kg:ViceChair ;
        kg:body body:uddannelsesstyregruppen .
    mandate:anne--chair--dassos a kg:Mandate ; kg:holder person:anne-andersen ; kg:role kg:Chair ;
        kg:body body:dassos .
    mandate:bo--member--udd a kg:Mandate ; kg:holder person:bo-berg ; kg:role kg:Member ;
        kg:body body:uddannelsesstyregruppen .
    mandate:carl--member--udd a kg:Mandate ; kg:holder person:carl-clausen ; kg:role kg:Member ;
        kg:body body:uddannelsesstyregruppen .
    mandate:dorte--member--udd a kg:Mandate ; kg:holder person:dorte-dahl ; kg:role kg:Member ;
        kg:body body:uddannelsesstyregruppen .
    person:frida-friis a kg:Person ; foaf:name "Frida Friis" .
    mandate:frida--member--udd a kg:Mandate ; kg:holder person:frida-friis ; kg:role kg:Member ;
        kg:body body:uddannelsesstyregruppen .
""")

MINUTES = document("minutes", "Afbud: Erik Eriksen, i stedet deltog Carl Clausen. Punkt 12.",
                   "i stedet deltog Carl Clausen", """
    body:kd-net a kg:Body ; skos:prefLabel "KD-Net"@da .
    municipality:0751 a kg:Municipality , kg:Body ; skos:prefLabel "Aarhus Kommune"@da ;
        kg:kommunekode "0751" ; kg:regionName "Region Midtjylland" .
    person:anne-andersen a kg:Person ; foaf:name "Anne Andersen" .
    person:carl-clausen a kg:Person ; foaf:name "Carl Clausen" .
    person:erik-eriksen a kg:Person ; foaf:name "Erik Eriksen" .
    mandate:anne--director--0751 a kg:Mandate ; kg:holder person:anne-andersen ;
        kg:role kg:MunicipalDirector ; kg:body municipality:0751 ;
        kg:startDate "2019-01-01"^^xsd:date .
    mandate:anne--member--kd-net a kg:Mandate ; kg:holder person:anne-andersen ;
        kg:role kg:Member ; kg:body body:kd-net .
    mandate:carl--member--kd-net a kg:Mandate ; kg:holder person:carl-clausen ;
        kg:role kg:Member ; kg:body body:kd-net .
    meeting:kd-net--2020-05-29 a kg:Meeting ; kg:heldBy body:kd-net ;
        kg:date "2020-05-29"^^xsd:date ; kg:attendee person:anne-andersen ;
        kg:absentee person:erik-eriksen ; kg:substitution substitution:kd-net--2020-05-29--carl ;
        kg:hasAgendaItem item:kd-net--2020-05-29--12 .
    substitution:kd-net--2020-05-29--carl a kg:Substitution ;
        kg:substitute person:carl-clausen ; kg:substituteFor person:erik-eriksen .
    item:kd-net--2020-05-29--12 a kg:AgendaItem ; kg:number "12" ; dct:title "Udpegninger" ;
        kg:decision decision:kd-net--2020-05-29--12 .
    decision:kd-net--2020-05-29--12 a kg:Decision ; kg:outcome kg:Appointed .
""")

AGENDA = document("agenda", "Dagsorden SAG-2020-05018. Carl Claussen. KKR.", "SAG-2020-05018", """
    body:kd-net a kg:Body ; skos:prefLabel "KD-Net"@da .
    body:kkr-midtjylland a kg:Body ; skos:prefLabel "KKR Midtjylland"@da .
    person:carl-clausen a kg:Person ; foaf:name "Carl Claussen" .
    meeting:kd-net--sag-2020-05018 a kg:Meeting ; kg:heldBy body:kd-net ;
        kg:date "2020-05-29"^^xsd:date ; kg:hasAgendaItem item:kd-net--2020-05-29--12 .
    item:kd-net--2020-05-29--12 a kg:AgendaItem ; kg:caseNumber "SAG-2020-05018" .
    mandate:anne--director--0751 a kg:Mandate ; kg:endDate "2018-12-31"^^xsd:date .
    meeting:kkr--sag-2019-03640 a kg:Meeting ; kg:heldBy body:kkr-midtjylland .
""")

# A later document that mentions again, briefly, what the others stated in full: each of its
# resources is judged by facts that only the earlier documents hold. Anne Andersen's DASSOS
# chair was appointed at the KD-Net meeting of the minutes; Bo Berg (named only in the
# evaluation) is vice-chair without a directorship; Carl Clausen substituted again, at a
# second KD-Net meeting; Dorte Dahl chairs Baggrundsgruppen, two levels under KD-Net; a
# quote of the evaluation is given at the wrong offsets.
FOLLOW_UP = document("follow-up", "Opfølgning. Carl Clausen deltog i stedet for Erik Eriksen.",
                     "Carl Clausen deltog i stedet for Erik Eriksen", """
    mandate:anne--chair--dassos a kg:Mandate ; kg:establishedBy decision:kd-net--2020-05-29--12 .
    mandate:anne--member--kd-net a kg:Mandate .
    mandate:bo--vice-chair--udd a kg:Mandate ; kg:startDate "2018-01-01"^^xsd:date .
    mandate:carl--member--kd-net a kg:Mandate .
    mandate:dorte--chair--baggrundsgruppen a kg:Mandate ; kg:holder person:dorte-dahl ;
        kg:role kg:Chair ; kg:body body:baggrundsgruppen .
    body:uddannelsesstyregruppen a kg:Body ; skos:prefLabel "Uddannelsesstyregruppen"@da ;
        kg:statedMemberCount "2"^^xsd:nonNegativeInteger .
    meeting:kd-net--2020-08-14 a kg:Meeting ; kg:heldBy body:kd-net ;
        kg:date "2020-08-14"^^xsd:date ; kg:substitution substitution:kd-net--2020-08-14--carl .
    substitution:kd-net--2020-08-14--carl a kg:Substitution ;
        kg:substitute person:carl-clausen ; kg:substituteFor person:erik-eriksen .
    person:carl-clausen kg:evidence evidence:follow-up-misquote .
    evidence:follow-up-misquote a kg:Evidence ; kg:quote "formand Anne Andersen" ;
        kg:start "0"^^xsd:nonNegativeInteger ; kg:end "21"^^xsd:nonNegativeInteger ;
        kg:inDocument doc:evaluation ; prov:wasDerivedFrom doc:follow-up .
""")


def test_validate_document__equals_full_validation_on_each_new_document(
        memory_store: EmbeddedStore) -> None:
    rules = load_and_compare(memory_store, [EVALUATION, MINUTES, AGENDA, FOLLOW_UP])
    # The example exercises rules whose evidence is spread over several documents.
    assert rules >= {
        "chair-is-municipal-director", "vice-chair-is-director",
        "dassos-chair-appointed-by-kd-net", "stated-member-count",
        "kd-net-member-is-municipal-director", "substitute-is-not-member",
        "one-meeting-per-body-and-date", "agenda-item-in-one-meeting", "person-name",
        "mandate-start-not-after-end", "meeting-has-date", "evidence-quote-matches-source",
    }


def test_validate_document__judges_brief_mentions_by_what_other_documents_state(
        memory_store: EmbeddedStore) -> None:
    for graph_iri, triples in (EVALUATION, MINUTES, AGENDA):
        memory_store.replace_graph(graph_iri, triples)
    report = validate_document(memory_store, *FOLLOW_UP)
    found = {(f.rule_id, f.focus_node): f for f in report.findings}
    assert set(found) == {
        ("vice-chair-is-director", MANDATE["bo--vice-chair--udd"]),
        ("chair-is-municipal-director", MANDATE["dorte--chair--baggrundsgruppen"]),
        ("substitute-is-not-member", MANDATE["carl--member--kd-net"]),
        ("kd-net-member-is-municipal-director", MANDATE["carl--member--kd-net"]),
        ("stated-member-count", ID["body/uddannelsesstyregruppen"]),
        ("evidence-quote-matches-source", EVIDENCE["follow-up-misquote"]),
        ("person-name", PERSON["carl-clausen"]),  # "Carl Claussen" in the agenda
    }
    assert found[("vice-chair-is-director", MANDATE["bo--vice-chair--udd"])].message_da.startswith(
        "Bo Berg er næstformand for Uddannelsesstyregruppen")
    dorte = found[("chair-is-municipal-director", MANDATE["dorte--chair--baggrundsgruppen"])]
    assert dorte.message_da.startswith("Dorte Dahl er formand for Baggrundsgruppen til Midttrafik")


def test_validate_document__finds_the_appointing_kd_net_meeting_in_the_store(
        memory_store: EmbeddedStore) -> None:
    appointment = document("appointment", "Anne Andersen blev udpeget.", "Anne Andersen", """
        mandate:anne--chair--dassos a kg:Mandate ;
            kg:establishedBy decision:kd-net--2020-05-29--12 .""")
    load_and_compare(memory_store, [EVALUATION, MINUTES])
    report = validate_document(memory_store, *appointment)
    assert report.findings == []
    load_and_compare(memory_store, [appointment])


def test_validate_document__follows_a_substitution_to_its_meeting_in_the_store(
        memory_store: EmbeddedStore) -> None:
    """A mention that is not typed gets no provenance of its own here: the substitution and
    its meeting in the minutes are all that the member mandate comes from."""
    mention = document("mention", "Carl Clausen, medlem.", "Carl Clausen", """
        mandate:carl--member--kd-net kg:jobTitle "Medlem" .""")
    load_and_compare(memory_store, [EVALUATION, MINUTES])
    report = validate_document(memory_store, *mention)
    assert {f.rule_id for f in report.findings} == {
        "substitute-is-not-member", "kd-net-member-is-municipal-director"}
    load_and_compare(memory_store, [mention])


def test_validate_document__sees_facts_of_earlier_documents(memory_store: EmbeddedStore) -> None:
    for graph_iri, triples in (EVALUATION, MINUTES):
        memory_store.replace_graph(graph_iri, triples)
    report = validate_document(memory_store, *AGENDA)
    found = {(f.rule_id, f.focus_node) for f in report.findings}
    # The twin meeting is a twin only with the minutes' meeting; the name clash is only
    # with the evaluation's spelling; the end date is before the minutes' start date.
    assert ("one-meeting-per-body-and-date", MEETING["kd-net--sag-2020-05018"]) in found
    assert ("person-name", PERSON["carl-clausen"]) in found
    assert ("mandate-start-not-after-end", MANDATE["anne--director--0751"]) in found
    assert ("agenda-item-in-one-meeting", ITEM["kd-net--2020-05-29--12"]) in found
    # Only the document's own resources are judged: the minutes' meeting is not reported.
    assert all(f.focus_node in focus_of(AGENDA[1]) for f in report.findings)


def test_validate_document__writes_nothing(memory_store: EmbeddedStore) -> None:
    memory_store.replace_graph(*EVALUATION)
    before = {g: memory_store.count(g) for g in memory_store.graphs()}
    validate_document(memory_store, *MINUTES)
    assert {g: memory_store.count(g) for g in memory_store.graphs()} == before


def test_validate_document__ignores_the_earlier_version_of_the_same_document(
        memory_store: EmbeddedStore) -> None:
    graph_iri, triples = MINUTES
    memory_store.replace_graph(graph_iri, triples)
    moved = [(s, p, Literal("2020-06-05", datatype=XSD.date) if p == KG.date else o)
             for s, p, o in triples]
    report = validate_document(memory_store, graph_iri, moved)
    assert "meeting-date-plausible" not in {f.rule_id for f in report.findings}  # no 2 dates


def test_validate_document__fetches_a_neighbourhood_not_the_graph(
        memory_store: EmbeddedStore) -> None:
    corpus = synthetic_corpus(12)
    for graph_iri, triples in corpus:
        memory_store.replace_graph(graph_iri, triples)
    graph_iri, triples = MINUTES
    data = Graph()
    data += triples
    add_neighbourhood(memory_store, data, focus_of(triples),
                      exclude=(graph_iri, VALIDATION_GRAPH))
    stored = memory_store.count()
    assert stored > 4000
    assert len(data) < len(triples) + 200
    # Persons of other meetings are not fetched, nor KD-Net's meetings on other days.
    assert (PERSON["p-1"], None, None) not in data
    assert set(data.subjects(KG.heldBy, ID["body/kd-net"])) <= focus_of(triples)


def test_validate_document__fetches_a_meeting_on_the_same_day_with_body_and_date_only(
        memory_store: EmbeddedStore) -> None:
    for graph_iri, triples in [*synthetic_corpus(4), EVALUATION]:
        memory_store.replace_graph(graph_iri, triples)
    twin = MEETING["kd-net--twin"]
    memory_store.update(f"""INSERT DATA {{ GRAPH <urn:test:twin> {{
        {twin.n3()} a {KG.Meeting.n3()} ; {KG.heldBy.n3()} {ID["body/kd-net"].n3()} ;
            {KG.date.n3()} "2020-05-29"^^<http://www.w3.org/2001/XMLSchema#date> ;
            {KG.title.n3()} "Ekstraordinært møde" }} }}""")
    data = Graph()
    data += MINUTES[1]
    add_neighbourhood(memory_store, data, focus_of(MINUTES[1]))
    assert set(data.subjects(KG.heldBy, ID["body/kd-net"])) - focus_of(MINUTES[1]) == {twin}
    assert {p for p, _ in data.predicate_objects(twin)} == {KG.heldBy, KG.date}


def test_validate_document__does_not_read_a_hub_s_links_from_other_documents(
        memory_store: EmbeddedStore) -> None:
    """A body named by many documents: their evidence and sources are not fetched. What such
    a link points to is judged where it is stated, so the findings stay those of a full
    validation, also when one of them points to something that is no evidence span."""
    kd_net = ID["body/kd-net"]
    for n in range(30):
        memory_store.replace_graph(*document(f"mention-{n}", f"KD-Net, møde {n}.", "KD-Net", """
            body:kd-net a kg:Body ; skos:prefLabel "KD-Net"@da ."""))
    data = Graph()
    data += MINUTES[1]
    add_neighbourhood(memory_store, data, focus_of(MINUTES[1]))
    for link in (KG.evidence, PROV.wasDerivedFrom):
        own = {o for s, p, o in MINUTES[1] if (s, p) == (kd_net, link)}
        assert own and set(data.objects(kd_net, link)) == own
    broken = document("broken", "KD-Net.", "KD-Net", """
        body:kd-net a kg:Body ; kg:evidence doc:broken .""")
    memory_store.replace_graph(*broken)
    report = validate_document(memory_store, *broken)
    assert ("evidence-is-evidence-span", DOC["broken"]) in {
        (f.rule_id, f.focus_node) for f in report.findings}
    load_and_compare(memory_store, [MINUTES])


def test_validate_store__stores_the_report_and_does_not_validate_it(
        memory_store: EmbeddedStore) -> None:
    for graph_iri, triples in (EVALUATION, MINUTES, AGENDA):
        memory_store.replace_graph(graph_iri, triples)
    first = validate_store(memory_store)
    assert memory_store.has_graph(VALIDATION_GRAPH)
    assert memory_store.count(VALIDATION_GRAPH) == len(first.graph)
    second = validate_store(memory_store)
    assert second.findings == first.findings
    stored = memory_store.select(
        "SELECT ?rule (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?r ?p ?rule } "
        "FILTER (?p = <https://kommunegraf.dk/ontology#ruleId>) } GROUP BY ?rule", union=False)
    results = set(first.graph.subjects(RDF.type, SH.ValidationResult))
    assert sum(int(str(row["n"])) for row in stored) == len(results) >= len(first.findings) > 0


def test_validate_store__of_an_empty_store_conforms(memory_store: EmbeddedStore) -> None:
    report = validate_store(memory_store)
    assert report.findings == [] and report.conforms


def test_validate_store__the_ontology_graph_conforms(memory_store: EmbeddedStore) -> None:
    """The ontology's graph is part of the union; its concepts are judged too, and pass."""
    memory_store.replace_graph(ONTOLOGY_GRAPH, ontology_graph())
    assert validate_store(memory_store).findings == []


def test_validate_document__equals_full_validation_on_a_synthetic_corpus(
        memory_store: EmbeddedStore) -> None:
    rules = load_and_compare(memory_store, synthetic_corpus(6))
    assert {"chair-is-municipal-director", "one-meeting-per-body-and-date",
            "substitute-is-not-member"} <= rules


def test_synthetic_corpus__is_deterministic_and_about_400_triples_a_document() -> None:
    first, again = synthetic_corpus(3), synthetic_corpus(3)
    assert first == again
    sizes = [len(triples) for _, triples in first]
    assert all(300 < n < 600 for n in sizes)


# --- a synthetic corpus ------------------------------------------------------------------

MUNICIPALITIES = (("0751", "Aarhus", "Region Midtjylland"),
                  ("0615", "Horsens", "Region Midtjylland"),
                  ("0730", "Randers", "Region Midtjylland"),
                  ("0740", "Silkeborg", "Region Midtjylland"),
                  ("0791", "Viborg", "Region Midtjylland"),
                  ("0101", "København", "Region Hovedstaden"),
                  ("0461", "Odense", "Region Syddanmark"))
GROUPS = ("uddannelsesstyregruppen", "trafikstyregruppen", "dassos", "kosu", "klimastyregruppen")
MEETING_BODIES = ("kd-net", "kkr-midtjylland", *GROUPS)


def synthetic_corpus(documents: int, seed: int = 7) -> list[Document]:
    """Deterministic minutes of KD-Net, KKR and KD-Net's groups, about 400 triples each.

    Shared persons, bodies and municipalities tie the documents together; some documents
    break rules on purpose: a chair who is no director, a second meeting node on a date, a
    substitute made a member, a directorship that has ended.
    """
    rng = Random(seed)
    people = [f"p-{i}" for i in range(60)]
    return [_minutes(k, rng, people) for k in range(documents)]


def _minutes(k: int, rng: Random, people: list[str]) -> Document:
    sha = hashlib.sha256(f"synthetic document {k}".encode()).hexdigest()
    doc = ID[f"document/{sha}"]
    sentences: list[str] = []
    triples: list[RdfTriple] = []

    def resource(iri: URIRef, sentence: str, *facts: tuple[URIRef, object]) -> URIRef:
        offset = sum(len(s) + 1 for s in sentences)
        sentences.append(sentence)
        evidence = ID[f"evidence/{sha[:16]}-{offset}-{offset + len(sentence)}"]
        triples.extend([
            (evidence, RDF.type, KG.Evidence), (evidence, KG.quote, Literal(sentence)),
            (evidence, KG.start, Literal(offset, datatype=XSD.nonNegativeInteger)),
            (evidence, KG.end, Literal(offset + len(sentence), datatype=XSD.nonNegativeInteger)),
            (evidence, KG.inDocument, doc), (evidence, PROV.wasDerivedFrom, doc),
            (iri, PROV.wasDerivedFrom, doc), (iri, KG.evidence, evidence),
        ])
        for predicate, value in facts:
            obj = value if isinstance(value, URIRef | Literal) else Literal(value)
            triples.append((iri, predicate, obj))
        return iri

    def body(slug: str) -> URIRef:
        iri = ID[f"body/{slug}"]
        facts: list[tuple[URIRef, object]] = [(RDF.type, KG.Body),
                                               (SKOS.prefLabel, Literal(slug.title(), lang="da"))]
        if slug in GROUPS:
            facts.append((ORG.subOrganizationOf, ID["body/kd-net"]))
        if slug == "uddannelsesstyregruppen":
            facts.append((KG.statedMemberCount, Literal(10, datatype=XSD.nonNegativeInteger)))
        return resource(iri, f"{slug.title()}.", *facts)

    def person(slug: str) -> URIRef:
        return resource(ID[f"person/{slug}"], f"{slug.upper()} deltog.",
                        (RDF.type, KG.Person), (FOAF.name, slug.upper()))

    def mandate(who: URIRef, role: URIRef, where: URIRef, start: date | None = None,
                end: date | None = None) -> URIRef:
        name, role_name, place = (who.rsplit("/", 1)[1], role.rsplit("#", 1)[1],
                                  where.rsplit("/", 1)[1])
        slug = f"{name}--{role_name.lower()}--{place}"
        facts: list[tuple[URIRef, object]] = [(RDF.type, KG.Mandate), (KG.holder, who),
                                               (KG.role, role), (KG.body, where)]
        if start:
            facts.append((KG.startDate, Literal(start)))
        if end:
            facts.append((KG.endDate, Literal(end)))
        return resource(ID[f"mandate/{slug}--{start or 'undated'}"],
                        f"{who.rsplit('/', 1)[1]} er {role.rsplit('#', 1)[1]}.", *facts)

    # Every fifth meeting is undated; every fifth, from the fourth on, is a second node for
    # the meeting of the document before (same body, same date, another IRI).
    twin = k % 5 == 3
    host = MEETING_BODIES[(k - 1 if twin else k) % len(MEETING_BODIES)]
    day = date(2019, 1, 4) + timedelta(days=7 * (k - 1 if twin else k))
    dated = k % 5 != 4
    meeting = ID[f"meeting/{host}--{day}" if dated and not twin else f"meeting/{host}--{sha[:8]}"]
    host_iri = body(host)
    body("kd-net")
    attendees = [person(p) for p in rng.sample(people, 7)]
    absent, substitute = attendees[-2], attendees[-1]
    substitution = ID[f"substitution/{k}--{substitute.rsplit('/', 1)[1]}"]
    resource(substitution, "I stedet deltog.", (RDF.type, KG.Substitution),
             (KG.substitute, substitute), (KG.substituteFor, absent))
    items = []
    for n in range(1, 6):
        item = ID[f"agenda-item/{k}--{n}"]
        decision = ID[f"decision/{k}--{n}"]
        resource(decision, f"Beslutning {n}.", (RDF.type, KG.Decision),
                 (KG.outcome, rng.choice((KG.Approved, KG.Noted, KG.Discussed))),
                 (KG.text, f"Punkt {n} blev behandlet."))
        items.append(resource(item, f"Punkt {n}.", (RDF.type, KG.AgendaItem),
                              (KG.number, str(n)), (KG.position, Literal(n)),
                              (KG.caseNumber, f"SAG-{day.year}-{k:03d}{n:02d}"),
                              (KG.decision, decision)))
    resource(meeting, f"Møde i {host}.", (RDF.type, KG.Meeting), (KG.heldBy, host_iri),
             *([(KG.date, Literal(day))] if dated else []),
             *[(KG.attendee, a) for a in attendees[:-2]], (KG.absentee, absent),
             (KG.substitution, substitution), *[(KG.hasAgendaItem, i) for i in items])
    for i, attendee in enumerate(attendees[:-2]):
        code, name, region = MUNICIPALITIES[(k + i) % len(MUNICIPALITIES)]
        municipality = resource(ID[f"municipality/{code}"], f"{name} Kommune.",
                                (RDF.type, KG.Municipality), (RDF.type, KG.Body),
                                (SKOS.prefLabel, Literal(f"{name} Kommune", lang="da")),
                                (KG.kommunekode, code), (KG.regionName, region))
        ended = date(2018, 12, 31) if rng.random() < 0.2 else None
        mandate(attendee, KG.MunicipalDirector, municipality, date(2015, 1, 1), ended)
        mandate(attendee, KG.Member, host_iri)
    if host in GROUPS:
        chair = attendees[0] if k % 3 else person(f"q-{k}")  # q-k is nobody's director
        mandate(chair, KG.Chair, host_iri, date(2018, 1, 1), date(2021, 12, 31))
    if k % 4 == 1:  # the substitute wrongly made a member
        mandate(substitute, KG.Member, host_iri)
    content = "\n".join(sentences)
    triples += [(doc, RDF.type, KG.SourceDocument), (doc, KG.sha256, Literal(sha)),
                (doc, KG.content, Literal(content))]
    return str(doc), sorted(set(triples))


@pytest.mark.parametrize("reverse", [False, True], ids=["in-order", "reversed"])
def test_the_stored_report_equals_a_full_validation_after_each_separate_build(
        memory_store: EmbeddedStore, reverse: bool) -> None:
    """Documents loaded one build at a time: the findings stored after each build are those
    of a full validation, also where a later document settles or breaks a rule about an
    earlier one's resources (Anne's chairmanship is a warning until the minutes show her
    directorship)."""
    order = [EVALUATION, FOLLOW_UP, AGENDA, MINUTES, *synthetic_corpus(8)]
    if reverse:
        order = [*reversed(order[4:]), *order[:4]]
    anne_chair = MANDATE["anne--chair--udd"]
    seen_warning = False
    for graph_iri, triples in order:
        memory_store.replace_graph(graph_iri, triples)
        report = validate_document(memory_store, graph_iri, triples)
        assert report.judged is not None and focus_of(triples) <= report.judged
        record_findings(memory_store, [(set(report.judged), report)])
        stored = build_report(Graph().__iadd__(memory_store.triples(VALIDATION_GRAPH)),
                              shapes_graph())
        union = Graph()
        for graph in memory_store.graphs():
            if graph != VALIDATION_GRAPH:
                union += memory_store.triples(graph)
        full = validate_graph(union)
        assert _keys(stored.findings) == _keys(full.findings), graph_iri
        seen_warning |= any(f.focus_node == anne_chair for f in stored.findings)
    assert seen_warning
    assert not any(f.focus_node == anne_chair and f.rule_id == "chair-is-municipal-director"
                   for f in stored.findings)


def test_documents_validated_together_get_the_findings_of_a_full_validation(
        memory_store: EmbeddedStore) -> None:
    """A build validates its stored documents in batches: each batch judges the documents'
    resources and what their facts reach, as a full validation would."""
    documents = [EVALUATION, FOLLOW_UP, AGENDA, MINUTES, *synthetic_corpus(8)]
    for graph_iri, triples in documents:
        memory_store.replace_graph(graph_iri, triples)
    together = validate_stored(memory_store, [graph_iri for graph_iri, _ in documents])
    assert together.judged is not None
    assert all(focus_of(triples) <= together.judged for _, triples in documents)
    full = validate_store(memory_store)
    judged = [f for f in full.findings if f.focus_node in together.judged]
    assert _keys(together.findings) == _keys(judged)
    assert len(judged) > 10


def _keys(findings: list[Finding]) -> set[tuple[str, str, str, str]]:
    return {(f.severity.value, f.rule_id, str(f.focus_node), str(f.value)) for f in findings}
