"""The SHACL shapes of the contract's classes, the shapes' vocabulary, and the report API.

Every rule is tested against a small world that conforms to all rules (``WORLD``): the
conforming example adds a resource that keeps it conforming, the violating example adds one
that breaks exactly the rule under test. The helpers here are shared by the other
test_shapes_*.py modules.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from ontology import KG, OA, SCHEMA, ontology_graph
from shapes import (
    SHAPES_PATH,
    Finding,
    Severity,
    ValidationReport,
    rule_ids,
    shapes_graph,
    validate_graph,
)

ID = Namespace("https://kommunegraf.dk/id/")
BODY = Namespace(ID["body/"])
PERSON = Namespace(ID["person/"])
MANDATE = Namespace(ID["mandate/"])
MEETING = Namespace(ID["meeting/"])
ITEM = Namespace(ID["agenda-item/"])
DECISION = Namespace(ID["decision/"])
SUBSTITUTION = Namespace(ID["substitution/"])
EVIDENCE = Namespace(ID["evidence/"])
DOC = Namespace(ID["document/"])
MUNICIPALITY = Namespace(ID["municipality/"])
VARIANT = Namespace(ID["name-variant/"])
PERIOD = Namespace(ID["election-period/"])

PREFIXES = """
@prefix kg: <https://kommunegraf.dk/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix body: <https://kommunegraf.dk/id/body/> .
@prefix person: <https://kommunegraf.dk/id/person/> .
@prefix mandate: <https://kommunegraf.dk/id/mandate/> .
@prefix meeting: <https://kommunegraf.dk/id/meeting/> .
@prefix item: <https://kommunegraf.dk/id/agenda-item/> .
@prefix decision: <https://kommunegraf.dk/id/decision/> .
@prefix substitution: <https://kommunegraf.dk/id/substitution/> .
@prefix evidence: <https://kommunegraf.dk/id/evidence/> .
@prefix doc: <https://kommunegraf.dk/id/document/> .
@prefix municipality: <https://kommunegraf.dk/id/municipality/> .
@prefix variant: <https://kommunegraf.dk/id/name-variant/> .
@prefix period: <https://kommunegraf.dk/id/election-period/> .
"""

CONTENT = ("Referat af møde i KD-Net den 29. maj 2020. Anne Andersen blev udpeget som formand "
           "for DASSOS. Afbud: Dorte Dahl, i stedet deltog Carl Clausen.")
QUOTE = "Anne Andersen blev udpeget som formand for DASSOS"
START = CONTENT.index(QUOTE)
END = START + len(QUOTE)
SHA = "ab" * 32

# A small world that breaks no rule: KD-Net with three groups, DASSOS and KOSU; Anne Andersen,
# municipal director of Aarhus, chairs Uddannelsesstyregruppen and DASSOS (appointed at a
# KD-Net meeting) and is a member of KD-Net; Bo Berg, a director in Aarhus, is vice-chair.
WORLD = PREFIXES + f"""
doc:d1 a kg:SourceDocument ;
    dct:title "Referat KD-Net 29. maj 2020" ;
    kg:sha256 "{SHA}" ;
    kg:byteSize "{len(CONTENT.encode())}"^^xsd:nonNegativeInteger ;
    kg:content "{CONTENT}" .

evidence:e1 a kg:Evidence ;
    kg:quote "{QUOTE}" ;
    kg:start "{START}"^^xsd:nonNegativeInteger ;
    kg:end "{END}"^^xsd:nonNegativeInteger ;
    kg:inDocument doc:d1 ;
    prov:wasDerivedFrom doc:d1 .

person:anne-andersen a kg:Person ; foaf:name "Anne Andersen" ;
    skos:altLabel "Anne Andersson" ;
    kg:nameVariant variant:anne-andersen--anne-andersson .
variant:anne-andersen--anne-andersson a kg:NameVariant ;
    kg:variantLabel "Anne Andersson" ;
    kg:mergeReason "Samme fornavn og næsten samme efternavn i samme kommune." ;
    kg:similarity 0.93 ;
    kg:seenIn doc:d1 .
person:bo-berg a kg:Person ; foaf:name "Bo Berg" .
person:carl-clausen a kg:Person ; foaf:name "Carl Clausen" .
person:dorte-dahl a kg:Person ; foaf:name "Dorte Dahl" .

municipality:0751 a kg:Municipality , kg:Body ;
    skos:prefLabel "Aarhus Kommune"@da ; skos:altLabel "Aarhus"@da ;
    kg:kommunekode "0751" ; kg:regionName "Region Midtjylland" .
municipality:0101 a kg:Municipality , kg:Body ;
    skos:prefLabel "Københavns Kommune"@da ;
    kg:kommunekode "0101" ; kg:regionName "Region Hovedstaden" .

body:kkr-midtjylland a kg:Body ; skos:prefLabel "KKR Midtjylland"@da .
body:kd-net a kg:Body ; skos:prefLabel "KD-Net"@da .
body:uddannelsesstyregruppen a kg:Body ; skos:prefLabel "Uddannelsesstyregruppen"@da ;
    org:subOrganizationOf body:kd-net ;
    kg:statedMemberCount "10"^^xsd:nonNegativeInteger .
body:trafikstyregruppen a kg:Body ; skos:prefLabel "Trafikstyregruppen"@da ;
    org:subOrganizationOf body:kd-net ;
    kg:statedComposition "8 kommunale repræsentanter, 1 repræsentant fra KKR sekretariatet, \
1 repræsentant fra Region Midtjylland og 1 repræsentant fra Midttrafik" ;
    kg:statedMemberCount "11"^^xsd:nonNegativeInteger .
body:dassos a kg:Body ; skos:prefLabel "DASSOS"@da ; org:subOrganizationOf body:kd-net .
body:kosu a kg:Body ; skos:prefLabel "KOSU"@da .

mandate:anne-andersen--municipal-director--0751 a kg:Mandate ;
    kg:holder person:anne-andersen ; kg:role kg:MunicipalDirector ; kg:body municipality:0751 ;
    kg:startDate "2015-01-01"^^xsd:date .
mandate:anne-andersen--chair--uddannelsesstyregruppen a kg:Mandate ;
    kg:holder person:anne-andersen ; kg:role kg:Chair ; kg:body body:uddannelsesstyregruppen ;
    kg:startDate "2018-01-01"^^xsd:date ; kg:endDate "2021-12-31"^^xsd:date .
mandate:anne-andersen--member--kd-net a kg:Mandate ;
    kg:holder person:anne-andersen ; kg:role kg:Member ; kg:body body:kd-net .
mandate:anne-andersen--chair--dassos a kg:Mandate ;
    kg:holder person:anne-andersen ; kg:role kg:Chair ; kg:body body:dassos ;
    kg:establishedBy decision:kd-net--2020-05-29--12 .
mandate:bo-berg--director--0751 a kg:Mandate ;
    kg:holder person:bo-berg ; kg:role kg:Director ; kg:body municipality:0751 ;
    kg:jobTitle "Velfærdsdirektør" .
mandate:bo-berg--vice-chair--uddannelsesstyregruppen a kg:Mandate ;
    kg:holder person:bo-berg ; kg:role kg:ViceChair ; kg:body body:uddannelsesstyregruppen .
mandate:bo-berg--member--uddannelsesstyregruppen a kg:Mandate ;
    kg:holder person:bo-berg ; kg:role kg:Member ; kg:body body:uddannelsesstyregruppen ;
    kg:representing municipality:0751 .

meeting:kd-net--2020-05-29 a kg:Meeting ;
    kg:heldBy body:kd-net ; kg:date "2020-05-29"^^xsd:date ;
    kg:startTime "10:00" ; kg:endTime "13:00" ; kg:mode kg:Virtual ; kg:cancelled false ;
    kg:attendee person:anne-andersen , person:carl-clausen ; kg:absentee person:dorte-dahl ;
    kg:substitution substitution:kd-net--2020-05-29--carl-clausen ;
    kg:hasAgendaItem item:kd-net--2020-05-29--12 .
substitution:kd-net--2020-05-29--carl-clausen a kg:Substitution ;
    kg:substitute person:carl-clausen ; kg:substituteFor person:dorte-dahl .
item:kd-net--2020-05-29--12 a kg:AgendaItem ;
    kg:number "12" ; dct:title "Udpegninger" ; kg:position 12 ;
    kg:caseNumber "SAG-2020-05018" ; kg:presenter person:anne-andersen ;
    kg:decision decision:kd-net--2020-05-29--12 .
decision:kd-net--2020-05-29--12 a kg:Decision ;
    kg:outcome kg:Appointed ; kg:text "KD-Net udpegede Anne Andersen som formand for DASSOS." .

period:2018-2021 a kg:ElectionPeriod ; rdfs:label "2018-2021" ;
    kg:startDate "2018-01-01"^^xsd:date ; kg:endDate "2021-12-31"^^xsd:date .
"""

EXTRACTED = (KG.Person, KG.Body, KG.Municipality, KG.Mandate, KG.Meeting, KG.AgendaItem,
             KG.Decision, KG.Substitution, KG.NameVariant, KG.ElectionPeriod)


def with_provenance(graph: Graph, document: URIRef = DOC.d1,
                    evidence: URIRef = EVIDENCE.e1) -> Graph:
    """Give every extracted resource that lacks them a source document and an evidence span."""
    resources = {s for c in EXTRACTED for s in graph.subjects(RDF.type, c)}
    resources |= set(graph.objects(None, KG.substitution))
    resources |= set(graph.objects(None, KG.nameVariant))
    for resource in resources:
        if (resource, PROV.wasDerivedFrom, None) not in graph:
            graph.add((resource, PROV.wasDerivedFrom, document))
        if (resource, KG.evidence, None) not in graph:
            graph.add((resource, KG.evidence, evidence))
    return graph


def world(extra: str = "", provenance: bool = True) -> Graph:
    """The conforming world plus ``extra`` Turtle; ``provenance`` gives extra's resources theirs."""
    graph = with_provenance(Graph().parse(data=WORLD, format="turtle"))
    added = Graph().parse(data=PREFIXES + extra, format="turtle")
    graph += with_provenance(added) if provenance else added
    return graph


def validate(extra: str = "", provenance: bool = True) -> ValidationReport:
    """Validate the world plus ``extra``."""
    return validate_graph(world(extra, provenance))


def found(report: ValidationReport) -> list[tuple[str, Node, Severity]]:
    """The findings as (rule id, focus node, severity), sorted."""
    return sorted((f.rule_id, f.focus_node, f.severity) for f in report.findings)


def assert_rule(conforming: str, violating: str, rule: str, severity: Severity,
                *focus: URIRef, provenance: bool = True) -> list[Finding]:
    """Check that ``conforming`` finds nothing and ``violating`` just ``rule`` on ``focus``."""
    assert found(validate(conforming, provenance)) == []
    report = validate(violating, provenance)
    assert found(report) == sorted((rule, node, severity) for node in focus)
    return report.findings


V, W, INFO = Severity.VIOLATION, Severity.WARNING, Severity.INFO


# --- the world ---------------------------------------------------------------------------


def test_world_conforms_to_every_rule() -> None:
    report = validate()
    assert report.findings == []
    assert report.conforms


def test_world_is_a_conforming_example_for_every_shape() -> None:
    """Every node shape targets something in the world, so the world is a conforming example."""
    data = world()
    data += ontology_graph()
    shapes = shapes_graph()
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        targets = set()
        for cls in shapes.objects(shape, SH.targetClass):
            targets |= set(data.subjects(RDF.type, cls))
        for predicate in shapes.objects(shape, SH.targetObjectsOf):
            targets |= set(data.objects(None, predicate))
        assert targets, f"{shape} targets nothing in the world"
    for shape, predicate in shapes.subject_objects(SH.targetSubjectsOf):
        assert set(data.subjects(predicate, None)), f"{shape} targets nothing in the world"


# --- Person ------------------------------------------------------------------------------


def test_person_name__person_without_name_is_violation() -> None:
    assert_rule('person:x a kg:Person ; foaf:name "X Y" .',
                "person:x a kg:Person .",
                "person-name", V, PERSON.x)


def test_person_name__person_with_two_names_is_violation() -> None:
    assert_rule("", 'person:x a kg:Person ; foaf:name "X Y" , "X Z" .',
                "person-name", V, PERSON.x)


# --- Body and Municipality ---------------------------------------------------------------


def test_body_label__body_without_danish_name_is_violation() -> None:
    assert_rule('body:x a kg:Body ; skos:prefLabel "Gruppen"@da .',
                'body:x a kg:Body ; skos:prefLabel "The group"@en .',
                "body-label", V, BODY.x)


def test_body_parent__parent_that_is_not_a_body_is_violation() -> None:
    assert_rule('body:x a kg:Body ; skos:prefLabel "X"@da ; org:subOrganizationOf body:kd-net .',
                'body:x a kg:Body ; skos:prefLabel "X"@da ; org:subOrganizationOf person:bo-berg .',
                "body-parent", V, BODY.x)


def test_body_stated_member_count__count_as_text_is_violation() -> None:
    assert_rule('body:x a kg:Body ; skos:prefLabel "X"@da ; '
                'kg:statedMemberCount "6"^^xsd:nonNegativeInteger .',
                'body:x a kg:Body ; skos:prefLabel "X"@da ; kg:statedMemberCount "seks" .',
                "body-stated-member-count", V, BODY.x)


def test_body_not_own_ancestor__cycle_of_parents_is_violation_on_each_body() -> None:
    assert_rule('body:a a kg:Body ; skos:prefLabel "A"@da ; org:subOrganizationOf body:b .'
                'body:b a kg:Body ; skos:prefLabel "B"@da ; org:subOrganizationOf body:kd-net .',
                'body:a a kg:Body ; skos:prefLabel "A"@da ; org:subOrganizationOf body:b .'
                'body:b a kg:Body ; skos:prefLabel "B"@da ; org:subOrganizationOf body:a .',
                "body-not-own-ancestor", V, BODY.a, BODY.b)


def test_municipality_code__three_digit_code_is_violation() -> None:
    conforming = ('municipality:0615 a kg:Municipality , kg:Body ;'
                  ' skos:prefLabel "Horsens Kommune"@da ;'
                  ' kg:kommunekode "0615" ; kg:regionName "Region Midtjylland" .')
    assert_rule(conforming, conforming.replace('"0615"', '"615"'),
                "municipality-code", V, MUNICIPALITY["0615"])


def test_municipality_region__municipality_without_region_is_violation() -> None:
    horsens = ('municipality:0615 a kg:Municipality , kg:Body ;'
               ' skos:prefLabel "Horsens Kommune"@da ; kg:kommunekode "0615" ')
    assert_rule(horsens + '; kg:regionName "Region Midtjylland" .', horsens + ".",
                "municipality-region", V, MUNICIPALITY["0615"])


def test_municipality__counts_as_body_through_the_ontology() -> None:
    """A municipality typed only kg:Municipality is still a body (subclass in the ontology)."""
    report = validate('municipality:0615 a kg:Municipality ; kg:kommunekode "0615" ;'
                      ' kg:regionName "Region Midtjylland" .')
    assert found(report) == [("body-label", MUNICIPALITY["0615"], V)]


# --- Mandate -----------------------------------------------------------------------------

MANDATE_OK = ("mandate:x a kg:Mandate ; kg:holder person:bo-berg ; kg:role kg:Member ;"
              " kg:body body:kkr-midtjylland ; ")


def test_mandate_holder__holder_that_is_a_body_is_violation() -> None:
    assert_rule(MANDATE_OK + ".",
                MANDATE_OK.replace("person:bo-berg", "body:kd-net") + ".",
                "mandate-holder", V, MANDATE.x)


def test_mandate_holder__mandate_without_holder_is_violation() -> None:
    assert_rule("", MANDATE_OK.replace("kg:holder person:bo-berg ;", "") + ".",
                "mandate-holder", V, MANDATE.x)


def test_mandate_role__role_that_is_not_a_role_concept_is_violation() -> None:
    assert_rule(MANDATE_OK + ".",
                MANDATE_OK.replace("kg:Member", "kg:Approved") + ".",
                "mandate-role", V, MANDATE.x)


def test_mandate_body__mandate_without_body_is_violation() -> None:
    assert_rule(MANDATE_OK + ".",
                MANDATE_OK.replace("kg:body body:kkr-midtjylland ;", "") + ".",
                "mandate-body", V, MANDATE.x)


def test_mandate_start_date__date_as_text_is_violation() -> None:
    assert_rule(MANDATE_OK + 'kg:startDate "2020-01-01"^^xsd:date .',
                MANDATE_OK + 'kg:startDate "2020-01-01" .',
                "mandate-start-date", V, MANDATE.x)


def test_mandate_end_date__two_end_dates_is_violation() -> None:
    assert_rule(MANDATE_OK + 'kg:endDate "2021-12-31"^^xsd:date .',
                MANDATE_OK + 'kg:endDate "2021-12-31"^^xsd:date , "2022-12-31"^^xsd:date .',
                "mandate-end-date", V, MANDATE.x)


def test_mandate_start_not_after_end__start_after_end_is_violation() -> None:
    dates = 'kg:startDate "{}"^^xsd:date ; kg:endDate "{}"^^xsd:date .'
    assert_rule(MANDATE_OK + dates.format("2020-01-01", "2020-01-01"),
                MANDATE_OK + dates.format("2021-01-01", "2020-12-31"),
                "mandate-start-not-after-end", V, MANDATE.x)


def test_mandate_established_by__established_by_a_meeting_is_violation() -> None:
    assert_rule(MANDATE_OK + "kg:establishedBy decision:kd-net--2020-05-29--12 .",
                MANDATE_OK + "kg:establishedBy meeting:kd-net--2020-05-29 .",
                "mandate-established-by", V, MANDATE.x)


def test_mandate_representing__representing_a_person_is_violation() -> None:
    assert_rule(MANDATE_OK + "kg:representing municipality:0751 .",
                MANDATE_OK + "kg:representing person:anne-andersen .",
                "mandate-representing", V, MANDATE.x)


# --- Role and Outcome concepts -----------------------------------------------------------


def test_role_in_scheme__role_outside_the_scheme_is_violation() -> None:
    role = URIRef("https://example.org/role/observer")
    assert_rule(f"<{role}> a kg:Role ; skos:inScheme kg:Roles .",
                f"<{role}> a kg:Role .",
                "role-in-scheme", V, role)


def test_outcome_in_scheme__outcome_outside_the_scheme_is_violation() -> None:
    outcome = URIRef("https://example.org/outcome/withdrawn")
    assert_rule(f"<{outcome}> a kg:Outcome ; skos:inScheme kg:Outcomes .",
                f"<{outcome}> a kg:Outcome ; skos:inScheme kg:Roles .",
                "outcome-in-scheme", V, outcome)


# --- Meeting -----------------------------------------------------------------------------

MEETING_OK = ('meeting:x a kg:Meeting ; kg:heldBy body:kkr-midtjylland ;'
              ' kg:date "2020-11-13"^^xsd:date ; ')


def test_meeting_held_by_one_body__meeting_of_two_bodies_is_violation() -> None:
    assert_rule(MEETING_OK + ".",
                MEETING_OK + "kg:heldBy body:kd-net .",
                "meeting-held-by-one-body", V, MEETING.x)


def test_meeting_held_by_one_body__meeting_of_no_body_is_violation() -> None:
    assert_rule("", 'meeting:x a kg:Meeting ; kg:date "2020-11-13"^^xsd:date .',
                "meeting-held-by-one-body", V, MEETING.x)


def test_meeting_date_plausible__date_in_2201_is_violation() -> None:
    assert_rule(MEETING_OK.replace("2020-11-13", "2099-12-31") + ".",
                MEETING_OK.replace("2020-11-13", "2201-11-13") + ".",
                "meeting-date-plausible", V, MEETING.x)


def test_meeting_date_plausible__date_in_1969_is_violation() -> None:
    assert_rule(MEETING_OK.replace("2020-11-13", "1970-01-01") + ".",
                MEETING_OK.replace("2020-11-13", "1969-12-31") + ".",
                "meeting-date-plausible", V, MEETING.x)


def test_meeting_has_date__undated_meeting_is_info() -> None:
    assert_rule(MEETING_OK + ".",
                "meeting:x a kg:Meeting ; kg:heldBy body:kkr-midtjylland .",
                "meeting-has-date", INFO, MEETING.x)


def test_meeting_agenda_item__agenda_item_that_is_a_person_is_violation() -> None:
    assert_rule(MEETING_OK + "kg:hasAgendaItem item:x . item:x a kg:AgendaItem ; kg:number \"1\" .",
                MEETING_OK + "kg:hasAgendaItem person:bo-berg .",
                "meeting-agenda-item", V, MEETING.x)


def test_meeting_attendee__attendee_that_is_a_body_is_violation() -> None:
    assert_rule(MEETING_OK + "kg:attendee person:bo-berg .",
                MEETING_OK + "kg:attendee body:kd-net .",
                "meeting-attendee", V, MEETING.x)


def test_meeting_absentee__absentee_that_is_a_body_is_violation() -> None:
    assert_rule(MEETING_OK + "kg:absentee person:bo-berg .",
                MEETING_OK + "kg:absentee municipality:0751 .",
                "meeting-absentee", V, MEETING.x)


def test_meeting_mode__mode_that_is_an_outcome_is_violation() -> None:
    assert_rule(MEETING_OK + "kg:mode kg:InPerson .",
                MEETING_OK + "kg:mode kg:Approved .",
                "meeting-mode", V, MEETING.x)


def test_meeting_start_time__time_with_a_dot_is_violation() -> None:
    assert_rule(MEETING_OK + 'kg:startTime "09:30" .',
                MEETING_OK + 'kg:startTime "9.30" .',
                "meeting-start-time", V, MEETING.x)


def test_meeting_end_time__time_in_words_is_violation() -> None:
    assert_rule(MEETING_OK + 'kg:endTime "23:59" .',
                MEETING_OK + 'kg:endTime "kl. 13" .',
                "meeting-end-time", V, MEETING.x)


def test_meeting_cancelled__cancelled_as_text_is_violation() -> None:
    assert_rule(MEETING_OK + "kg:cancelled true .",
                MEETING_OK + 'kg:cancelled "AFLYST" .',
                "meeting-cancelled", V, MEETING.x)


def test_one_meeting_per_body_and_date__two_meeting_nodes_on_one_date_is_violation() -> None:
    meeting = 'meeting:{} a kg:Meeting ; kg:heldBy body:kd-net ; kg:date "{}"^^xsd:date .'
    findings = assert_rule(
        meeting.format("kd-net--2020-05-30", "2020-05-30"),
        meeting.format("kd-net--sag-2020-05018", "2020-05-29"),
        "one-meeting-per-body-and-date", V,
        MEETING["kd-net--2020-05-29"], MEETING["kd-net--sag-2020-05018"])
    first = next(f for f in findings if f.focus_node == MEETING["kd-net--2020-05-29"])
    assert first.value == MEETING["kd-net--sag-2020-05018"]
    assert first.message_da.startswith("KD-Net har to møder den 2020-05-29")


def test_one_meeting_per_body_and_date__same_date_of_two_bodies_conforms() -> None:
    report = validate('meeting:kkr--2020-05-29 a kg:Meeting ; kg:heldBy body:kkr-midtjylland ;'
                      ' kg:date "2020-05-29"^^xsd:date .')
    assert found(report) == []


# --- Agenda item -------------------------------------------------------------------------

ITEM_OK = 'item:x a kg:AgendaItem ; kg:number "3.1" ; '


def test_agenda_item_in_one_meeting__item_of_no_meeting_is_violation() -> None:
    assert_rule("meeting:kd-net--2020-05-29 kg:hasAgendaItem item:x . " + ITEM_OK + ".",
                ITEM_OK + ".",
                "agenda-item-in-one-meeting", V, ITEM.x)


def test_agenda_item_in_one_meeting__item_of_two_meetings_is_violation() -> None:
    findings = assert_rule(
        "",
        MEETING_OK + "kg:hasAgendaItem item:kd-net--2020-05-29--12 .",
        "agenda-item-in-one-meeting", V, ITEM["kd-net--2020-05-29--12"])
    assert findings[0].path == "^kg:hasAgendaItem"


def test_agenda_item_number__number_in_words_is_violation() -> None:
    meeting = "meeting:kd-net--2020-05-29 kg:hasAgendaItem item:x . "
    assert_rule(meeting + ITEM_OK + ".",
                meeting + 'item:x a kg:AgendaItem ; kg:number "punkt 3" .',
                "agenda-item-number", V, ITEM.x)


def test_agenda_item_has_number__unnumbered_case_is_info() -> None:
    meeting = "meeting:kd-net--2020-05-29 kg:hasAgendaItem item:x . "
    assert_rule(meeting + ITEM_OK + ".",
                meeting + 'item:x a kg:AgendaItem ; dct:title "Information fra regionale fora" .',
                "agenda-item-has-number", INFO, ITEM.x)


def test_agenda_item_title__two_titles_is_violation() -> None:
    meeting = "meeting:kd-net--2020-05-29 kg:hasAgendaItem item:x . "
    assert_rule(meeting + ITEM_OK + 'dct:title "Udpegninger" .',
                meeting + ITEM_OK + 'dct:title "Udpegninger" , "Eventuelt" .',
                "agenda-item-title", V, ITEM.x)


def test_agenda_item_position__position_as_text_is_violation() -> None:
    meeting = "meeting:kd-net--2020-05-29 kg:hasAgendaItem item:x . "
    assert_rule(meeting + ITEM_OK + "kg:position 3 .",
                meeting + ITEM_OK + 'kg:position "tredje" .',
                "agenda-item-position", V, ITEM.x)


def test_agenda_item_presenter__presenter_that_is_a_body_is_violation() -> None:
    meeting = "meeting:kd-net--2020-05-29 kg:hasAgendaItem item:x . "
    assert_rule(meeting + ITEM_OK + "kg:presenter person:bo-berg .",
                meeting + ITEM_OK + "kg:presenter body:kd-net .",
                "agenda-item-presenter", V, ITEM.x)


def test_agenda_item_decision__decision_that_is_a_person_is_violation() -> None:
    meeting = "meeting:kd-net--2020-05-29 kg:hasAgendaItem item:x . "
    assert_rule(meeting + ITEM_OK + "kg:decision decision:x . "
                "decision:x a kg:Decision ; kg:outcome kg:Noted .",
                meeting + ITEM_OK + "kg:decision person:bo-berg .",
                "agenda-item-decision", V, ITEM.x)


def test_agenda_item_decision__an_appointment_and_a_noting_on_one_item_conform() -> None:
    meeting = "meeting:kd-net--2020-05-29 kg:hasAgendaItem item:x . "
    two = (meeting + ITEM_OK + "kg:decision decision:x , decision:y . "
           "decision:x a kg:Decision ; kg:outcome kg:Appointed . "
           "decision:y a kg:Decision ; kg:outcome kg:Noted .")
    assert_rule(two, meeting + ITEM_OK + "kg:decision person:bo-berg .",
                "agenda-item-decision", V, ITEM.x)


def test_case_number_format__case_number_of_unknown_form_warns() -> None:
    meeting = "meeting:kd-net--2020-05-29 kg:hasAgendaItem item:x . "
    assert_rule(meeting + ITEM_OK + 'kg:caseNumber "SAG-2019-03640" .',
                meeting + ITEM_OK + 'kg:caseNumber "se bilag 3" .',
                "case-number-format", W, ITEM.x)


def test_case_number_format__applies_to_undated_meetings_too() -> None:
    assert_rule('meeting:kkr--sag-2019-03640 a kg:Meeting ; kg:heldBy body:kkr-midtjylland ;'
                ' kg:date "2019-10-01"^^xsd:date ; kg:caseNumber "SAG-2019-03640" .',
                'meeting:kkr--sag-2019-03640 a kg:Meeting ; kg:heldBy body:kkr-midtjylland ;'
                ' kg:date "2019-10-01"^^xsd:date ; kg:caseNumber "SAG 2019 3640" .',
                "case-number-format", W, MEETING["kkr--sag-2019-03640"])


# --- Decision ----------------------------------------------------------------------------

DECISION_OK = "decision:x a kg:Decision ; kg:outcome kg:Noted ; "
IN_ITEM = ("meeting:kd-net--2020-05-29 kg:hasAgendaItem item:x . "
           'item:x a kg:AgendaItem ; kg:number "1" ; kg:decision decision:x . ')


def test_decision_in_one_agenda_item__decision_of_no_item_is_violation() -> None:
    assert_rule(IN_ITEM + DECISION_OK + ".", DECISION_OK + ".",
                "decision-in-one-agenda-item", V, DECISION.x)


def test_decision_in_one_agenda_item__decision_of_two_items_is_violation() -> None:
    assert_rule("",
                IN_ITEM.replace("decision:x", "decision:kd-net--2020-05-29--12"),
                "decision-in-one-agenda-item", V, DECISION["kd-net--2020-05-29--12"])


def test_decision_outcome__decision_without_outcome_is_violation() -> None:
    assert_rule(IN_ITEM + DECISION_OK + ".",
                IN_ITEM + "decision:x a kg:Decision .",
                "decision-outcome", V, DECISION.x)


def test_decision_outcome__outcome_that_is_a_role_is_violation() -> None:
    assert_rule("", IN_ITEM + "decision:x a kg:Decision ; kg:outcome kg:Chair .",
                "decision-outcome", V, DECISION.x)


def test_decision_text__two_texts_is_violation() -> None:
    assert_rule(IN_ITEM + DECISION_OK + 'kg:text "Godkendt." .',
                IN_ITEM + DECISION_OK + 'kg:text "Godkendt." , "Taget til efterretning." .',
                "decision-text", V, DECISION.x)


# --- Source document ---------------------------------------------------------------------

DOCUMENT_OK = f'doc:d2 a kg:SourceDocument ; kg:content "Tekst." ; kg:sha256 "{"cd" * 32}" ; '


def test_document_sha256__short_digest_is_violation() -> None:
    assert_rule(DOCUMENT_OK + ".", DOCUMENT_OK.replace("cd" * 32, "cd" * 31) + ".",
                "document-sha256", V, DOC.d2)


def test_document_content__document_without_text_is_violation() -> None:
    assert_rule(DOCUMENT_OK + ".", DOCUMENT_OK.replace('kg:content "Tekst." ;', "") + ".",
                "document-content", V, DOC.d2)


def test_document_byte_size__size_as_text_is_violation() -> None:
    assert_rule(DOCUMENT_OK + 'kg:byteSize "6"^^xsd:nonNegativeInteger .',
                DOCUMENT_OK + 'kg:byteSize "6 bytes" .',
                "document-byte-size", V, DOC.d2)


# --- Substitution ------------------------------------------------------------------------

SUBSTITUTION_OK = ("meeting:kd-net--2020-05-29 kg:substitution substitution:x . "
                   "substitution:x kg:substitute person:bo-berg ; ")


def test_substitution_substitute__substitution_without_substitute_is_violation() -> None:
    assert_rule(SUBSTITUTION_OK + "kg:substituteFor person:anne-andersen .",
                "meeting:kd-net--2020-05-29 kg:substitution substitution:x . "
                "substitution:x kg:substituteFor person:anne-andersen .",
                "substitution-substitute", V, SUBSTITUTION.x)


def test_substitution_substitute_for__substituted_body_is_violation() -> None:
    assert_rule(SUBSTITUTION_OK + "kg:substituteFor person:anne-andersen .",
                SUBSTITUTION_OK + "kg:substituteFor municipality:0751 .",
                "substitution-substitute-for", V, SUBSTITUTION.x)


def test_substitution_in_one_meeting__substitution_of_no_meeting_is_violation() -> None:
    assert_rule(SUBSTITUTION_OK + "kg:substituteFor person:anne-andersen .",
                "substitution:x a kg:Substitution ; kg:substitute person:bo-berg ;"
                " kg:substituteFor person:anne-andersen .",
                "substitution-in-one-meeting", V, SUBSTITUTION.x)


def test_substitution__untyped_node_is_found_through_its_meeting() -> None:
    """The data model does not promise `a kg:Substitution`; the meeting's link is enough."""
    report = validate("meeting:kd-net--2020-05-29 kg:substitution substitution:x .")
    assert ("substitution-substitute", SUBSTITUTION.x, V) in found(report)


def test_substitute_not_self__person_substituting_for_themselves_is_violation() -> None:
    assert_rule(SUBSTITUTION_OK + "kg:substituteFor person:anne-andersen .",
                SUBSTITUTION_OK + "kg:substituteFor person:bo-berg .",
                "substitute-not-self", V, SUBSTITUTION.x)


# --- Evidence ----------------------------------------------------------------------------


def evidence(quote: str = QUOTE, start: object = START, end: object = END,
             document: str = "doc:d1", extra: str = "; prov:wasDerivedFrom doc:d1 ") -> str:
    """Turtle for evidence:x, cited by Bo Berg, with the given quote and offsets."""
    def typed(value: object) -> str:
        return f'"{value}"^^xsd:nonNegativeInteger' if isinstance(value, int) else str(value)
    return (f"person:bo-berg kg:evidence evidence:x . evidence:x a kg:Evidence ; "
            f'kg:quote "{quote}" ; kg:start {typed(start)} ; kg:end {typed(end)} ; '
            f"kg:inDocument {document} {extra}.")


def test_evidence_quote__evidence_without_quote_is_violation() -> None:
    assert_rule(evidence(), evidence().replace(f'kg:quote "{QUOTE}" ;', ""),
                "evidence-quote", V, EVIDENCE.x)


def test_evidence_quote__second_quote_is_violation_and_does_not_match_the_source() -> None:
    report = validate(evidence(extra=f'; prov:wasDerivedFrom doc:d1 ; kg:quote "{QUOTE} "'))
    assert found(report) == [("evidence-quote", EVIDENCE.x, V),
                             ("evidence-quote-matches-source", EVIDENCE.x, V)]
    mismatch = next(f for f in report.findings if f.rule_id == "evidence-quote-matches-source")
    assert mismatch.value == Literal(QUOTE + " ")


def test_evidence_start__start_as_text_is_violation() -> None:
    assert_rule(evidence(), evidence(start=f'"{START}.0"^^xsd:decimal'),
                "evidence-start", V, EVIDENCE.x)


def test_evidence_start__offsets_typed_as_the_ontology_says_are_stored_as_integers() -> None:
    """Oxigraph keeps xsd:nonNegativeInteger as xsd:integer; either form conforms."""
    assert found(validate(evidence(start=f'"{START}"^^xsd:integer', end=f'"{END}"^^xsd:int'))) == []


def test_evidence_end__end_as_decimal_is_violation() -> None:
    assert_rule(evidence(), evidence(end=f"{END}.0"),
                "evidence-end", V, EVIDENCE.x)


def test_evidence_start_before_end__empty_span_is_violation() -> None:
    findings = assert_rule(evidence(), evidence(quote="", start=START, end=START),
                           "evidence-start-before-end", V, EVIDENCE.x)
    assert findings[0].path == "kg:start"


def test_evidence_document__evidence_of_no_document_is_violation() -> None:
    assert_rule(evidence(),
                "person:bo-berg kg:evidence evidence:x . evidence:x a kg:Evidence ; "
                f'kg:quote "{QUOTE}" ; kg:start "{START}"^^xsd:nonNegativeInteger ;'
                f' kg:end "{END}"^^xsd:nonNegativeInteger ; prov:wasDerivedFrom doc:d1 .',
                "evidence-document", V, EVIDENCE.x)


def test_evidence_quote_matches_source__quote_off_by_one_is_violation() -> None:
    findings = assert_rule(evidence(), evidence(start=START + 1, end=END + 1),
                           "evidence-quote-matches-source", V, EVIDENCE.x)
    assert findings[0].value == Literal(QUOTE)
    assert findings[0].message_da == (f"Citatet »{QUOTE}« står ikke i kildedokumentet "
                                      "på de angivne tegnpositioner.")


def test_evidence_quote_matches_source__counts_characters_not_bytes() -> None:
    """Offsets count characters: "møde" is 4 characters though 5 bytes in UTF-8."""
    start = CONTENT.index("møde i KD-Net")
    assert_rule(evidence(quote="møde i KD-Net", start=start, end=start + 13),
                evidence(quote="møde i KD-Net", start=start, end=start + 14),
                "evidence-quote-matches-source", V, EVIDENCE.x)


# --- Name variant and election period ----------------------------------------------------

VARIANT_OK = ('person:bo-berg kg:nameVariant variant:x . variant:x kg:variantLabel "Bo Bjerg" ; '
              'kg:mergeReason "Samme kommune og titel." ; kg:seenIn doc:d1 ; ')


def test_name_variant_label__variant_without_spelling_is_violation() -> None:
    assert_rule(VARIANT_OK + ".", VARIANT_OK.replace('kg:variantLabel "Bo Bjerg" ;', "") + ".",
                "name-variant-label", V, VARIANT.x)


def test_name_variant_reason__variant_without_reason_is_violation() -> None:
    assert_rule(VARIANT_OK + ".",
                VARIANT_OK.replace('kg:mergeReason "Samme kommune og titel." ;', "") + ".",
                "name-variant-reason", V, VARIANT.x)


def test_name_variant_similarity__similarity_above_one_is_violation() -> None:
    assert_rule(VARIANT_OK + "kg:similarity 1.0 .", VARIANT_OK + "kg:similarity 1.5 .",
                "name-variant-similarity", V, VARIANT.x)


def test_name_variant_seen_in__seen_in_a_person_is_violation() -> None:
    assert_rule(VARIANT_OK + ".",
                VARIANT_OK.replace("kg:seenIn doc:d1", "kg:seenIn person:bo-berg") + ".",
                "name-variant-seen-in", V, VARIANT.x)


PERIOD_OK = 'period:x a kg:ElectionPeriod ; rdfs:label "2022-2025" ; '
PERIOD_DATES = 'kg:startDate "2022-01-01"^^xsd:date ; kg:endDate "2025-12-31"^^xsd:date .'


def test_election_period_start__period_without_start_is_violation() -> None:
    assert_rule(PERIOD_OK + PERIOD_DATES,
                PERIOD_OK + 'kg:endDate "2025-12-31"^^xsd:date .',
                "election-period-start", V, PERIOD.x)


def test_election_period_end__period_without_end_is_violation() -> None:
    assert_rule(PERIOD_OK + PERIOD_DATES,
                PERIOD_OK + 'kg:startDate "2022-01-01"^^xsd:date .',
                "election-period-end", V, PERIOD.x)


def test_election_period_start_not_after_end__reversed_period_is_violation() -> None:
    assert_rule(PERIOD_OK + PERIOD_DATES,
                PERIOD_OK + 'kg:startDate "2025-12-31"^^xsd:date ;'
                ' kg:endDate "2022-01-01"^^xsd:date .',
                "election-period-start-not-after-end", V, PERIOD.x)


# --- Provenance --------------------------------------------------------------------------


def test_derived_from_document__resource_without_source_is_violation() -> None:
    person = 'person:x a kg:Person ; foaf:name "X Y" ; kg:evidence evidence:e1 '
    assert_rule(person + "; prov:wasDerivedFrom doc:d1 .", person + ".",
                "derived-from-document", V, PERSON.x, provenance=False)


def test_source_is_source_document__derived_from_something_else_is_violation() -> None:
    """What a source link points to is judged there: the person is fine, the meeting is no
    source document."""
    assert_rule("", 'person:x a kg:Person ; foaf:name "X Y" ; kg:evidence evidence:e1 ;'
                " prov:wasDerivedFrom meeting:kd-net--2020-05-29 .",
                "source-is-source-document", V, MEETING["kd-net--2020-05-29"],
                provenance=False)


def test_evidence_is_evidence_span__evidence_that_is_a_document_is_violation() -> None:
    """The document is given as evidence: reported on the document, with the evidence rules
    that a span's quote and offsets are missing."""
    report = validate('person:x a kg:Person ; foaf:name "X Y" ; prov:wasDerivedFrom doc:d1 ;'
                      " kg:evidence doc:d1 .", provenance=False)
    assert ("evidence-is-evidence-span", DOC.d1, V) in found(report)
    assert all(f.focus_node == DOC.d1 for f in report.findings)


def test_derived_from_document__evidence_needs_a_source_too() -> None:
    assert_rule(evidence(), evidence(extra=""), "derived-from-document", V, EVIDENCE.x)


def test_has_evidence__resource_without_evidence_is_violation() -> None:
    person = 'person:x a kg:Person ; foaf:name "X Y" ; prov:wasDerivedFrom doc:d1 '
    assert_rule(person + "; kg:evidence evidence:e1 .", person + ".",
                "has-evidence", V, PERSON.x, provenance=False)


def test_has_evidence__every_extracted_kind_is_covered() -> None:
    """Every extracted resource kind without evidence is reported, whatever its kind."""
    bare = Graph().parse(data=WORLD, format="turtle")
    report = validate_graph(bare)
    no_evidence = {f.focus_node for f in report.findings if f.rule_id == "has-evidence"}
    no_source = {f.focus_node for f in report.findings if f.rule_id == "derived-from-document"}
    extracted = {s for c in EXTRACTED for s in bare.subjects(RDF.type, c)}
    assert no_evidence == extracted
    assert no_source == extracted  # the world's evidence span has its source


# --- The shapes themselves ---------------------------------------------------------------

STANDARD: dict[str, Any] = {
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "foaf": FOAF, "org": ORG, "skos": SKOS,
    "dct": DCTERMS, "prov": PROV, "sh": SH, "schema": SCHEMA, "oa": OA,
}


def _defined(term: URIRef) -> bool:
    """Defined in the ontology file, or a term of a named standard vocabulary."""
    if term.startswith(str(KG)):
        kinds = set(ontology_graph().objects(term, RDF.type))
        return bool(kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                             OWL.AnnotationProperty, OWL.NamedIndividual, SKOS.ConceptScheme})
    for namespace in STANDARD.values():
        if term.startswith(str(namespace)):
            if isinstance(namespace, Namespace):  # open: rdflib ships no term list
                return True
            return term in namespace  # closed namespaces know their terms
    return False


def _path_terms(graph: Graph, path: Node) -> list[URIRef]:
    if isinstance(path, URIRef):
        return [path]
    terms: list[URIRef] = []
    for _, predicate, value in graph.triples((path, None, None)):
        if predicate in (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath,
                         SH.oneOrMorePath, SH.zeroOrOnePath, RDF.first, RDF.rest):
            terms += _path_terms(graph, value)
    return [t for t in terms if t != RDF.nil]


def test_shapes_use_only_terms_the_ontology_or_a_standard_vocabulary_defines() -> None:
    shapes = shapes_graph()
    used: set[URIRef] = set()
    for predicate in (SH.targetClass, SH["class"], SH.targetObjectsOf, SH.targetSubjectsOf,
                      SH.hasValue, SH.datatype, SH.lessThan, SH.lessThanOrEquals, SH.disjoint):
        used |= {o for o in shapes.objects(None, predicate) if isinstance(o, URIRef)}
    for path in shapes.objects(None, SH.path):
        used |= set(_path_terms(shapes, path))
    for select in shapes.objects(None, SH.select):
        used |= {KG[name] for name in re.findall(r"\bkg:(\w+)", str(select))}
    assert used, "found no terms in the shapes"
    assert sorted(t for t in used if not _defined(t)) == []


def test_every_rule_has_a_rule_id_a_severity_and_messages_in_danish_and_english() -> None:
    shapes = shapes_graph()
    constraint_parameters = {SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.pattern,
                             SH.sparql, SH.hasValue, SH.lessThan, SH.lessThanOrEquals,
                             SH.disjoint, SH.languageIn, SH.minInclusive, SH.maxInclusive}
    rules = {s for p in constraint_parameters for s in shapes.subjects(p, None)}
    assert rules
    for shape in rules:
        assert shapes.value(shape, KG.ruleId) is not None, shape
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
        languages = sorted(str(m.language) for m in shapes.objects(shape, SH.message)
                           if isinstance(m, Literal))
        assert languages == ["da", "en"], shape


def test_rule_ids_are_unique_and_kebab_case() -> None:
    ids = list(rule_ids().values())
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule) for rule in ids)


def test_every_rule_has_a_test_named_after_it() -> None:
    names = [name for path in Path(__file__).parent.glob("test_shapes*.py")
             for name in re.findall(r"^def (test_\w+)", path.read_text(), re.MULTILINE)]
    missing = [rule for rule in rule_ids().values()
               if not any(n.startswith("test_" + rule.replace("-", "_") + "__") for n in names)]
    assert missing == []


def test_shapes_graph_is_cached_and_the_file_is_packaged_beside_the_code() -> None:
    assert shapes_graph() is shapes_graph()
    assert SHAPES_PATH.parent.name == "shapes" and SHAPES_PATH.suffix == ".ttl"


def test_shapes_graph__base_iri_names_the_bodies_of_the_rules() -> None:
    """With another base, KD-Net is {base}body/kd-net; the default base's KD-Net is no longer it."""
    base = "https://data.example.org/kg/"
    chair = f"""
        <{base}body/kd-net> a kg:Body ; skos:prefLabel "KD-Net"@da .
        <{base}body/g> a kg:Body ; skos:prefLabel "G"@da ;
            org:subOrganizationOf <{base}body/kd-net> .
        <{base}mandate/m> a kg:Mandate ; kg:holder person:carl-clausen ; kg:role kg:Chair ;
            kg:body <{base}body/g> .
    """
    report = validate_graph(world(chair), base_iri=base)
    assert found(report) == [("chair-is-municipal-director", URIRef(f"{base}mandate/m"), W)]
    assert validate_graph(world(chair)).findings == []


# --- The report --------------------------------------------------------------------------

BROKEN = ('meeting:x a kg:Meeting ; kg:heldBy body:kd-net , body:kkr-midtjylland . '
          'mandate:x a kg:Mandate ; kg:holder person:carl-clausen ; kg:role kg:Chair ;'
          ' kg:body body:uddannelsesstyregruppen .')


def test_report__counts_severities_and_conforms_only_without_violations() -> None:
    report = validate(BROKEN)
    assert (report.violations, report.warnings, report.infos) == (1, 1, 1)
    assert not report.conforms
    assert list(report.graph.objects(None, SH.conforms)) == [Literal(False)]
    warnings_only = validate(BROKEN.split(" . ", 1)[1])
    assert warnings_only.conforms and warnings_only.warnings == 1
    assert list(warnings_only.graph.objects(None, SH.conforms)) == [Literal(True)]


def test_report__graph_is_a_shacl_report_with_rule_ids_and_tagged_messages() -> None:
    report = validate(BROKEN)
    graph = Graph().parse(data=report.as_turtle(), format="turtle")
    assert len(set(graph.subjects(RDF.type, SH.ValidationReport))) == 1
    results = set(graph.subjects(RDF.type, SH.ValidationResult))
    assert len(results) == 3
    for result in results:
        assert graph.value(result, KG.ruleId) is not None
        languages = sorted(str(m.language) for m in graph.objects(result, SH.resultMessage)
                           if isinstance(m, Literal))
        assert languages == ["da", "en"]
    chair = next(r for r in results
                 if str(graph.value(r, KG.ruleId)) == "chair-is-municipal-director")
    messages = {m.language: str(m) for m in graph.objects(chair, SH.resultMessage)
                if isinstance(m, Literal)}
    assert messages["da"].startswith("Carl Clausen er formand for Uddannelsesstyregruppen")
    assert messages["en"].startswith("Carl Clausen chairs Uddannelsesstyregruppen")


def test_report__finding_carries_what_a_user_needs() -> None:
    finding = next(f for f in validate(BROKEN).findings if f.rule_id == "meeting-held-by-one-body")
    assert finding.severity is Severity.VIOLATION
    assert finding.focus_node == MEETING.x
    assert finding.path == "kg:heldBy"
    assert finding.message_da == "Et møde skal være holdt af præcis ét organ (kg:heldBy)."
    assert finding.message_en == "A meeting must be held by exactly one body (kg:heldBy)."
    assert finding.source_shape == URIRef("https://kommunegraf.dk/shapes#MeetingHeldByOneBodyShape")


def test_report__text_groups_by_rule_with_danish_message_and_quotes() -> None:
    report = validate(BROKEN)

    def quotes(node: URIRef) -> list[tuple[str, str]]:
        return [("Carl Clausen er formand", "referat.txt")] if node == MANDATE.x else []

    text = report.as_text(quotes)
    assert text.splitlines()[0] == "Validering: 1 fejl, 1 advarsel, 1 oplysning."
    blocks = text.split("\n\n")
    assert blocks[1].splitlines()[0] == "FEJL  meeting-held-by-one-body  (1)"
    assert "Et møde skal være holdt af præcis ét organ" in blocks[1]
    assert blocks[2].splitlines()[0] == "ADVARSEL  chair-is-municipal-director  (1)"
    assert f"  - {MANDATE.x}" in blocks[2]
    assert "»Carl Clausen er formand« (referat.txt)" in blocks[2]
    assert blocks[3].splitlines()[0] == "OPLYSNING  meeting-has-date  (1)"
    assert "(referat.txt)" not in report.as_text()


def test_report__text_of_a_conforming_graph_says_so() -> None:
    assert "Ingen fund" in validate().as_text()


# --- validate_graph ----------------------------------------------------------------------


def test_validate_graph__does_not_change_the_data() -> None:
    data = world(BROKEN)
    before = len(data)
    validate_graph(data)
    assert len(data) == before


def test_validate_graph__focus_nodes_limit_findings_to_those_nodes() -> None:
    data = world(BROKEN)
    report = validate_graph(data, focus_nodes=[MANDATE.x])
    assert found(report) == [("chair-is-municipal-director", MANDATE.x, W)]


def test_validate_graph__focus_node_is_only_judged_by_the_shapes_that_target_it() -> None:
    """The pyshacl pitfall: shapes must not be applied to focus nodes they do not target."""
    report = validate_graph(world(), focus_nodes=[PERSON["bo-berg"], BODY["kd-net"]])
    assert report.findings == []


def test_validate_graph__empty_focus_means_nothing_to_judge() -> None:
    assert validate_graph(world(BROKEN), focus_nodes=[]).findings == []


@pytest.mark.parametrize("severity", list(Severity))
def test_severity__maps_to_shacl_iris(severity: Severity) -> None:
    assert severity.iri == SH[severity.value]
