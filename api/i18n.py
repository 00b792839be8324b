"""The browser's words in Danish (the default) and English, and the choice between them.

The language is ``?lang=da|en`` on any page (remembered in a cookie for the browser session),
else the cookie, else Danish. Words are data: one table per language, looked up with ``t("key")``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, Response, g, request

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"
COOKIE = "lang"

MONTHS = {
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}

MESSAGES: dict[str, dict[str, str]] = {
    "da": {
        "site.tagline": "Personer, organer, møder og beslutninger i det tværkommunale samarbejde, "
                        "hvert faktum med sit kildecitat.",
        "skip": "Spring til indholdet",
        "nav.label": "Hovedmenu",
        "nav.home": "Forside",
        "nav.sparql": "SPARQL",
        "nav.validation": "Validering",
        "nav.ontology": "Ontologi",
        "nav.export": "Data",
        "lang.switch": "English",
        "footer.text": "kommunegraf: data udtrukket af offentlige mødedokumenter. "
                       "Hver side findes også som RDF.",
        "footer.formats": "Denne side som",
        "search.label": "Søg efter navne, titler, beslutninger og citater",
        "search.button": "Søg",
        "search.title": "Søgning",
        "search.results_for": "Resultater for",
        "search.none": "Ingen resultater.",
        "search.hint": "Store og små bogstaver og accenter er ligegyldige; ord kan forkortes "
                       "(fx \u201ejes kaa\u201c).",
        "search.more": "flere",
        "search.empty": "Skriv et eller flere ord.",
        "search.matched": "fundet i",
        "field.name": "navn",
        "field.alias": "anden stavemåde",
        "field.title": "titel",
        "field.text": "beslutningstekst",
        "field.quote": "citat",
        "field.label": "betegnelse",
        "site.short": "møder, organer og personer med kildecitater",
        "home.counts": "Indhold",
        "home.latest": "Seneste holdte møder",
        "home.no_meetings": "Ingen holdte møder med dato.",
        "home.items": "dagsordenspunkter: {n}",
        "meeting.status_unknown": "status ikke oplyst",
        "browse.title": "Alle",
        "browse.next": "Næste side",
        "browse.previous": "Forrige side",
        "browse.none": "Ingen.",
        "kind.person": "Personer",
        "kind.body": "Organer",
        "kind.municipality": "Kommuner",
        "kind.meeting": "Møder",
        "kind.agenda-item": "Dagsordenspunkter",
        "kind.decision": "Beslutninger",
        "kind.document": "Kildedokumenter",
        "kind.mandate": "Hverv",
        "kind.name-variant": "Navnevarianter",
        "kind.substitution": "Stedfortrædelser",
        "kind.evidence": "Citater",
        "kind.election-period": "Valgperioder",
        "kind.other": "Andet",
        "one.person": "Person",
        "one.body": "Organ",
        "one.municipality": "Kommune",
        "one.meeting": "Møde",
        "one.agenda-item": "Dagsordenspunkt",
        "one.decision": "Beslutning",
        "one.document": "Kildedokument",
        "one.mandate": "Hverv",
        "one.name-variant": "Navnevariant",
        "one.substitution": "Stedfortrædelse",
        "one.evidence": "Citat",
        "one.election-period": "Valgperiode",
        "one.other": "Ressource",
        "source": "kilde",
        "quotes.more": "… og %d andre steder i dokumenterne.",
        "sources": "Kilder",
        "source.quote": "Kildecitat",
        "evidence.none": "Intet kildecitat.",
        "unknown": "ukendt",
        "undated": "uden dato",
        "since": "fra",
        "until": "til",
        "now": "nu",
        "person.spellings": "Stavemåder set i dokumenterne",
        "person.canonical": "Kanonisk navn",
        "person.other_spellings": "Andre stavemåder",
        "person.why": "Hvorfor det er én person",
        "person.similarity": "lighed",
        "person.seen_in": "set i",
        "person.mandates": "Hverv",
        "person.no_mandates": "Ingen kendte hverv.",
        "person.appointed_at": "udpeget på",
        "person.meetings": "Møder",
        "person.no_meetings": "Ingen kendte møder.",
        "person.items": "Punkter personen har fremlagt",
        "person.party": "Parti",
        "person.mentioned": "Nævnt i",
        "attendance.attended": "deltog",
        "attendance.absent": "afbud",
        "attendance.substitute": "deltog som stedfortræder",
        "attendance.substituted": "afbud, med stedfortræder",
        "body.parent": "Hører under",
        "body.orgchart": "Organisationsdiagram",
        "body.chair_now": "Formand",
        "body.members_now": "Medlemmer og hverv nu",
        "body.now_note": (
            "Hverv uden slutdato ifølge dokumenterne. Et hverv, som intet dokument dater, er "
            "kun kendt pr. datoen for det dokument, der nævner det; det kan være ophørt siden."
        ),
        "body.stated_as_of": "oplyst pr.",
        "body.mandates_over_time": "Hverv over tid",
        "body.meetings": "Møder",
        "body.no_meetings": "Ingen kendte møder.",
        "meetings.shown": "De %d seneste af %d møder.",
        "mandates.shown": "De %d seneste af %d hverv.",
        "rows.shown": "De første %d af %d.",
        "rows.latest": "De %d seneste af %d.",
        "rows.all": "Vis alle",
        "body.no_mandates": "Ingen kendte hverv.",
        "body.aliases": "Andre navne",
        "body.kommunekode": "Kommunekode",
        "body.region": "Region",
        "body.description": "Beskrivelse",
        "body.principle": "Princip",
        "body.composition": "Sammensætning",
        "body.member_count": "Oplyst antal medlemmer",
        "body.items": "punkter",
        "body.cancelled": "aflyst",
        "col.person": "Person",
        "col.role": "Rolle",
        "col.body": "Organ",
        "col.period": "Periode",
        "col.appointed": "Udpeget",
        "col.date": "Dato",
        "col.meeting": "Møde",
        "col.items": "Punkter",
        "col.severity": "Alvor",
        "col.focus": "Gælder",
        "col.path": "Egenskab",
        "col.value": "Værdi",
        "col.message": "Besked",
        "col.property": "Egenskab",
        "col.count": "Antal",
        "col.quote": "Citat",
        "col.about": "Om",
        "meeting.title": "Møde i {body}",
        "meeting.body": "Organ",
        "meeting.date": "Dato",
        "meeting.time": "Tid",
        "meeting.mode": "Mødeform",
        "meeting.place": "Sted",
        "meeting.cancelled": "Mødet blev aflyst.",
        "meeting.status": "Status",
        "meeting.attendance_stated": "Dokumentet oplyser fremmødet for en hel gruppe:",
        "meeting.attendance_partial": "Listen nedenfor viser kun de deltagere, dokumentet nævner "
                                      "ved navn; den er ikke fuldstændig.",
        "meeting.attendance_named": (
            "Listen viser de personer, dokumenterne nævner som til stede; de siger ikke, at "
            "den er fuldstændig."
        ),
        "meeting.attendance": "Fremmøde",
        "meeting.attendees": "Deltagere",
        "meeting.absentees": "Afbud",
        "meeting.substitutions": "Stedfortrædere",
        "meeting.substitute_for": "i stedet for",
        "meeting.agenda": "Dagsorden",
        "meeting.no_agenda": "Ingen kendte dagsordenspunkter.",
        "meeting.documents": "Kildedokumenter",
        "item.title": "Punkt {number}",
        "item.meeting": "Møde",
        "item.case": "Sagsnummer",
        "item.presenter": "Fremlagt af",
        "item.background": "Baggrund",
        "item.case_description": "Sagsfremstilling",
        "item.recommendation": "Indstilling",
        "item.decision": "Beslutning",
        "item.no_decision": "Ingen beslutning registreret.",
        "item.appointments": "Udpegninger efter beslutningen",
        "decision.title": "Beslutning",
        "decision.on": "Beslutning under punkt {number}",
        "decision.outcome": "Udfald",
        "decision.text": "Beslutningstekst",
        "decision.item": "Dagsordenspunkt",
        "document.title": "Kildedokument",
        "document.file": "Filnavn",
        "document.sha": "SHA-256",
        "document.size": "Størrelse",
        "document.bytes": "byte",
        "document.media": "Medietype",
        "document.genre": "Genre",
        "document.notes": "Hvad indlæseren ikke kunne læse",
        "document.text": "Teksten med de udtrukne steder markeret",
        "document.spans": "Udtrukne tekststeder",
        "document.no_text": "Teksten er ikke gemt.",
        "document.resources": "Udtrukket af dokumentet",
        "document.export": "Dokumentets graf",
        "document.extracted_with": "Tekst udtrukket med",
        "document.ocr_pages": "læst med OCR: side",
        "document.page": "side",
        "entity.properties": "Egenskaber",
        "entity.incoming": "Henvisninger hertil",
        "findings.title": "Valideringsfund",
        "findings.none": "Ingen valideringsfund.",
        "validation.title": "Valideringsrapport",
        "validation.conforms": "Grafen overholder alle regler.",
        "validation.not_conforms": "Grafen bryder mindst én regel.",
        "validation.missing": "Der er ingen valideringsrapport i lageret.",
        "validation.rule": "Regel",
        "validation.results": "fund",
        "severity.Violation": "Overtrædelse",
        "severity.Warning": "Advarsel",
        "severity.Info": "Note",
        "ontology.title": "Ontologien",
        "ontology.classes": "Klasser",
        "ontology.object_properties": "Relationer",
        "ontology.datatype_properties": "Dataegenskaber",
        "ontology.annotation_properties": "Annotationsegenskaber",
        "ontology.schemes": "Begrebssystemer",
        "ontology.label_da": "Dansk",
        "ontology.label_en": "Engelsk",
        "ontology.definition": "Definition",
        "ontology.comment": "Note",
        "ontology.aligned": "Svarer til",
        "ontology.domain": "Gælder for",
        "ontology.range": "Værdi",
        "ontology.concepts": "Begreber",
        "ontology.download": "Hent som Turtle",
        "ontology.missing": "Ontologien er ikke indlæst i lageret; viser ontologifilen.",
        "ontology.or": "eller",
        "sparql.title": "SPARQL-forespørgsel",
        "sparql.intro": "Skriv en SPARQL 1.1-forespørgsel. Den kører over alle dokumenters grafer "
                        "under ét, kun til læsning, med en tidsgrænse på {timeout} s og højst "
                        "{limit} rækker.",
        "sparql.query": "Forespørgsel",
        "sparql.format": "Resultatformat",
        "sparql.run": "Kør",
        "sparql.examples": "Eksempler",
        "sparql.example_run": "Kør eksemplet",
        "sparql.results": "Resultat",
        "sparql.rows": "{n} rækker",
        "sparql.truncated": "Resultatet er afkortet til {limit} rækker.",
        "sparql.shown": "Viser de første {n}.",
        "sparql.yes": "Ja",
        "sparql.no": "Nej",
        "sparql.error": "Forespørgslen kunne ikke køres",
        "sparql.endpoint": "Maskiner: send forespørgsler til",
        "example.chairs": "Hvem er formand for hvad?",
        "example.chairs.about": "Alle formandshverv med person, organ og periode.",
        "example.outcomes": "Beslutninger efter udfald",
        "example.outcomes.about": "Hver beslutning med udfald, møde og punkt, ordnet efter udfald.",
        "example.several": "Personer i flere organer",
        "example.several.about": "Personer med hverv i mere end ét organ.",
        "example.chair_rule": "Formænd, der bryder formandsreglen",
        "example.chair_rule.about": "Formænd for grupper under KD-Net, som intet dokument nævner "
                                    "som kommunaldirektør.",
        "export.title": "Data og eksport",
        "export.intro": "Hele grafen og hvert dokuments graf kan hentes i standardformater.",
        "export.whole": "Hele grafen",
        "export.standard": "Standardordforråd",
        "export.standard_about": "Grafen med de tilsvarende standardtyper og -egenskaber (W3C ORG, "
                                 "FOAF, PROV-O, Dublin Core, schema.org, LBLOD) tilføjet.",
        "export.documents": "Et dokuments graf",
        "export.void": "Datasætbeskrivelse (VoID)",
        "export.sparql": "SPARQL-endepunkt",
        "error.title": "Fejl {code}",
        "error.back": "Til forsiden",
        "outcome": "Udfald",
        "validation.summary": "{violations} overtrædelser, {warnings} advarsler, {notes} noter",
        "validation.clean": "Grafen overholder alle regler.",
        "validation.only_warnings": "Ingen regel er overtrådt; advarslerne og noterne nedenfor "
                                    "bør ses efter.",
        "validation.violated": "Mindst én regel er overtrådt.",
        "field.role": "hverv",
        "field.member": "blandt medlemmerne",
        "meeting.attendees_named": "Navngivne deltagere",
        "body.orgchart_of": "Organisationsdiagram for {name}",
        "body.picture": "Tegning af {name} og organerne under",
        "body.served": "Betjenes af et sekretariat, hører ikke under",
        "body.served_note": (
            "Dokumenterne siger kun, at et sekretariat betjener disse organer; "
            "de tegnes ikke som underorganer."
        ),
        "body.not_stated": "Registreret under {name} uden en sætning, der siger det",
        "body.not_stated_note": (
            "Læseren har registreret disse organer under {name}, men ingen "
            "sætning i dokumenterne siger, at de hører under; de tegnes ikke "
            "i diagrammet."
        ),
        "body.placement_served": "betjenes af et sekretariat under",
        "body.placement_unstated": ("registreret af læseren, men ingen sætning i dokumenterne "
                                    "siger det"),
        "body.not_in_chart": (
            "Ingen sætning i dokumenterne siger, hvor dette organ hører under; "
            "det står derfor ikke i diagrammet."
        ),
        "body.no_chair": "ingen kendt formand",
        "body.chair_warning": "ikke kendt som kommunaldirektør",
    },
    "en": {
        "site.tagline": "Persons, bodies, meetings and decisions of Danish inter-municipal "
                        "governance, every fact with its source quote.",
        "skip": "Skip to content",
        "nav.label": "Main menu",
        "nav.home": "Home",
        "nav.sparql": "SPARQL",
        "nav.validation": "Validation",
        "nav.ontology": "Ontology",
        "nav.export": "Data",
        "lang.switch": "Dansk",
        "footer.text": "kommunegraf: data extracted from public meeting documents. "
                       "Every page is also available as RDF.",
        "footer.formats": "This page as",
        "search.label": "Search names, titles, decisions and quotes",
        "search.button": "Search",
        "search.title": "Search",
        "search.results_for": "Results for",
        "search.none": "No results.",
        "search.hint": "Case and accents do not matter; words may be abbreviated "
                       "(\u201cjes kaa\u201d).",
        "search.more": "more",
        "search.empty": "Type one or more words.",
        "search.matched": "found in",
        "field.name": "name",
        "field.alias": "other spelling",
        "field.title": "title",
        "field.text": "decision text",
        "field.quote": "quote",
        "field.label": "label",
        "site.short": "meetings, bodies and persons with their source quotes",
        "home.counts": "Contents",
        "home.latest": "Latest held meetings",
        "home.no_meetings": "No dated held meetings.",
        "browse.title": "All",
        "browse.next": "Next page",
        "browse.previous": "Previous page",
        "browse.none": "None.",
        "kind.person": "Persons",
        "kind.body": "Bodies",
        "kind.municipality": "Municipalities",
        "kind.meeting": "Meetings",
        "kind.agenda-item": "Agenda items",
        "kind.decision": "Decisions",
        "kind.document": "Source documents",
        "kind.mandate": "Mandates",
        "kind.name-variant": "Name variants",
        "kind.substitution": "Substitutions",
        "kind.evidence": "Quotes",
        "kind.election-period": "Election periods",
        "kind.other": "Other",
        "one.person": "Person",
        "one.body": "Body",
        "one.municipality": "Municipality",
        "one.meeting": "Meeting",
        "one.agenda-item": "Agenda item",
        "one.decision": "Decision",
        "one.document": "Source document",
        "one.mandate": "Mandate",
        "one.name-variant": "Name variant",
        "one.substitution": "Substitution",
        "one.evidence": "Quote",
        "one.election-period": "Election period",
        "one.other": "Resource",
        "source": "source",
        "quotes.more": "… and %d more places in the documents.",
        "sources": "Sources",
        "source.quote": "Source quote",
        "evidence.none": "No source quote.",
        "unknown": "unknown",
        "undated": "undated",
        "since": "from",
        "until": "until",
        "now": "now",
        "person.spellings": "Spellings seen in the documents",
        "person.canonical": "Canonical name",
        "person.other_spellings": "Other spellings",
        "person.why": "Why this is one person",
        "person.similarity": "similarity",
        "person.seen_in": "seen in",
        "person.mandates": "Mandates",
        "person.no_mandates": "No known mandates.",
        "person.appointed_at": "appointed at",
        "person.meetings": "Meetings",
        "person.no_meetings": "No known meetings.",
        "person.items": "Items presented",
        "person.party": "Party",
        "person.mentioned": "Mentioned in",
        "attendance.attended": "attended",
        "attendance.absent": "absent",
        "attendance.substitute": "attended as substitute",
        "attendance.substituted": "absent, substituted",
        "body.parent": "Part of",
        "body.orgchart": "Organisation chart",
        "body.chair_now": "Chair",
        "body.members_now": "Members and mandates now",
        "body.now_note": (
            "Mandates without an end date in the documents. A mandate no document dates is "
            "only known as of the date of the document that states it; it may have ended since."
        ),
        "body.stated_as_of": "stated as of",
        "body.mandates_over_time": "Mandates over time",
        "body.meetings": "Meetings",
        "body.no_meetings": "No known meetings.",
        "meetings.shown": "The latest %d of %d meetings.",
        "mandates.shown": "The latest %d of %d mandates.",
        "rows.shown": "The first %d of %d.",
        "rows.latest": "The latest %d of %d.",
        "rows.all": "Show all",
        "body.no_mandates": "No known mandates.",
        "body.aliases": "Other names",
        "body.kommunekode": "Municipality code",
        "body.region": "Region",
        "body.description": "Description",
        "body.principle": "Principle",
        "body.composition": "Composition",
        "body.member_count": "Stated number of members",
        "body.items": "items",
        "body.cancelled": "cancelled",
        "col.person": "Person",
        "col.role": "Role",
        "col.body": "Body",
        "col.period": "Period",
        "col.appointed": "Appointed",
        "col.date": "Date",
        "col.meeting": "Meeting",
        "col.items": "Items",
        "col.severity": "Severity",
        "col.focus": "Concerns",
        "col.path": "Property",
        "col.value": "Value",
        "col.message": "Message",
        "col.property": "Property",
        "col.count": "Count",
        "col.quote": "Quote",
        "col.about": "About",
        "meeting.title": "Meeting of {body}",
        "meeting.body": "Body",
        "meeting.date": "Date",
        "meeting.time": "Time",
        "meeting.mode": "Mode",
        "meeting.place": "Place",
        "meeting.cancelled": "The meeting was cancelled.",
        "meeting.status": "Status",
        "meeting.attendance_stated": "The document states the attendance for a whole "
                                     "group:",
        "meeting.attendance_partial": "The list below shows only the attendees the document "
                                      "names; it is not complete.",
        "meeting.attendance_named": (
            "The list shows the persons the documents name as present; they do not say it is "
            "complete."
        ),
        "meeting.attendance": "Attendance",
        "meeting.attendees": "Present",
        "meeting.absentees": "Absent",
        "meeting.substitutions": "Substitutes",
        "meeting.substitute_for": "in place of",
        "meeting.agenda": "Agenda",
        "meeting.no_agenda": "No known agenda items.",
        "meeting.documents": "Source documents",
        "item.title": "Item {number}",
        "item.meeting": "Meeting",
        "item.case": "Case number",
        "item.presenter": "Presented by",
        "item.background": "Background",
        "item.case_description": "Case description",
        "item.recommendation": "Recommendation",
        "item.decision": "Decision",
        "item.no_decision": "No decision recorded.",
        "item.appointments": "Appointments made by the decision",
        "decision.title": "Decision",
        "decision.on": "Decision on item {number}",
        "decision.outcome": "Outcome",
        "decision.text": "Decision text",
        "decision.item": "Agenda item",
        "document.title": "Source document",
        "document.file": "File name",
        "document.sha": "SHA-256",
        "document.size": "Size",
        "document.bytes": "bytes",
        "document.media": "Media type",
        "document.genre": "Genre",
        "document.notes": "What the loader could not read",
        "document.text": "The text with the extracted spans highlighted",
        "document.spans": "Extracted spans",
        "document.no_text": "The text is not stored.",
        "document.resources": "Extracted from this document",
        "document.export": "The document's graph",
        "document.extracted_with": "Text extracted with",
        "document.ocr_pages": "read by OCR: page",
        "document.page": "page",
        "entity.properties": "Properties",
        "entity.incoming": "Referred to by",
        "findings.title": "Validation findings",
        "findings.none": "No validation findings.",
        "validation.title": "Validation report",
        "validation.conforms": "The graph conforms to every rule.",
        "validation.not_conforms": "The graph breaks at least one rule.",
        "validation.missing": "There is no validation report in the store.",
        "validation.rule": "Rule",
        "validation.results": "findings",
        "severity.Violation": "Violation",
        "severity.Warning": "Warning",
        "severity.Info": "Note",
        "ontology.title": "The ontology",
        "ontology.classes": "Classes",
        "ontology.object_properties": "Relations",
        "ontology.datatype_properties": "Data properties",
        "ontology.annotation_properties": "Annotation properties",
        "ontology.schemes": "Concept schemes",
        "ontology.label_da": "Danish",
        "ontology.label_en": "English",
        "ontology.definition": "Definition",
        "ontology.comment": "Note",
        "ontology.aligned": "Aligned to",
        "ontology.domain": "Applies to",
        "ontology.range": "Value",
        "ontology.concepts": "Concepts",
        "ontology.download": "Download as Turtle",
        "ontology.missing": "The ontology is not loaded in the store; showing the ontology file.",
        "ontology.or": "or",
        "sparql.title": "SPARQL query",
        "sparql.intro": "Write a SPARQL 1.1 query. It runs over the union of all documents' "
                        "graphs, read-only, with a time limit of {timeout} s and at most "
                        "{limit} rows.",
        "sparql.query": "Query",
        "sparql.format": "Result format",
        "sparql.run": "Run",
        "sparql.examples": "Examples",
        "sparql.example_run": "Run the example",
        "sparql.results": "Result",
        "sparql.rows": "{n} rows",
        "sparql.truncated": "The result was cut to {limit} rows.",
        "sparql.shown": "Showing the first {n}.",
        "sparql.yes": "Yes",
        "sparql.no": "No",
        "sparql.error": "The query could not be run",
        "sparql.endpoint": "Machines: send queries to",
        "example.chairs": "Who chairs what?",
        "example.chairs.about": "Every chair mandate with person, body and period.",
        "example.outcomes": "Decisions by outcome",
        "example.outcomes.about": "Every decision with outcome, meeting and item, ordered by "
                                  "outcome.",
        "example.several": "Persons in several bodies",
        "example.several.about": "Persons with mandates in more than one body.",
        "example.chair_rule": "Chairs that break the chair rule",
        "example.chair_rule.about": "Chairs of groups under KD-Net whom no document names as a "
                                    "municipal director.",
        "export.title": "Data and export",
        "export.intro": "The whole graph and each document's graph can be downloaded in standard "
                        "formats.",
        "export.whole": "The whole graph",
        "export.standard": "Standard vocabularies",
        "export.standard_about": "The graph with the matching standard types and properties (W3C "
                                 "ORG, FOAF, PROV-O, Dublin Core, schema.org, LBLOD) added.",
        "export.documents": "One document's graph",
        "export.void": "Dataset description (VoID)",
        "export.sparql": "SPARQL endpoint",
        "error.title": "Error {code}",
        "error.back": "Go to the home page",
        "outcome": "Outcome",
        "home.items": "agenda items: {n}",
        "meeting.status_unknown": "status not stated",
        "validation.summary": "{violations} violations, {warnings} warnings, {notes} notes",
        "validation.clean": "The graph conforms to every rule.",
        "validation.only_warnings": "No rule is violated; the warnings and notes below are "
                                    "worth a look.",
        "validation.violated": "At least one rule is violated.",
        "field.role": "role",
        "field.member": "among its members",
        "meeting.attendees_named": "Named attendees",
        "body.orgchart_of": "Organisation chart of {name}",
        "body.picture": "Drawing of {name} and the bodies under it",
        "body.served": "Served by a secretariat, not part of",
        "body.served_note": (
            "The documents only say that a secretariat serves these bodies; they "
            "are not drawn as sub-bodies."
        ),
        "body.not_stated": "Recorded under {name} without a sentence that says so",
        "body.not_stated_note": (
            "The reader recorded these bodies under {name}, but no sentence "
            "of the documents says they are part of it; they are not drawn "
            "in the chart."
        ),
        "body.placement_served": "served by a secretariat of",
        "body.placement_unstated": ("recorded by the reader, but no sentence of the documents "
                                    "says so"),
        "body.not_in_chart": (
            "No sentence of the documents says where this body belongs; it is "
            "therefore not in the chart."
        ),
        "body.no_chair": "no known chair",
        "body.chair_warning": "not known as a kommunaldirektør",
    },
}


def current_language() -> str:
    return str(getattr(g, "lang", DEFAULT_LANGUAGE))


def t(key: str, **values: Any) -> str:
    """Return the text for ``key`` in the current language, formatted with ``values``."""
    lang = current_language()
    text = MESSAGES[lang].get(key) or MESSAGES[DEFAULT_LANGUAGE].get(key) or key
    return text.format(**values) if values else text


def kind_name(kind: str | None, plural: bool = False) -> str:
    """The name of a kind of resource (``person`` -> "Person" / "Personer")."""
    key = ("kind." if plural else "one.") + (kind or "other")
    table = MESSAGES[current_language()]
    return table.get(key) or (kind or table["one.other"])


def format_date(value: Any, lang: str | None = None) -> str:
    """Write a date the Danish way ("29. maj 2020") or the English way ("29 May 2020")."""
    lang = lang or current_language()
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return str(value)
    month = MONTHS[lang][value.month - 1]
    if lang == "da":
        return f"{value.day}. {month} {value.year}"
    return f"{value.day} {month} {value.year}"


def _choose_language() -> None:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        g.lang = asked
        g.set_lang_cookie = True
        return
    cookie = request.cookies.get(COOKIE)
    g.lang = cookie if cookie in LANGUAGES else DEFAULT_LANGUAGE


def _remember_language(response: Response) -> Response:
    if response.mimetype == "text/html":
        response.vary.add("Cookie")  # the page's language comes from the cookie
    if getattr(g, "set_lang_cookie", False):
        # A session cookie: a shared office computer must not keep one reader's choice.
        response.set_cookie(COOKIE, g.lang, samesite="Lax", httponly=True)
    return response


def init_app(app: Flask) -> None:
    app.before_request(_choose_language)
    app.after_request(_remember_language)
    app.jinja_env.globals.update(t=t, current_language=current_language, kind_name=kind_name)
    app.jinja_env.filters["date"] = format_date
