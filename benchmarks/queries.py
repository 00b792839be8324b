"""The SPARQL behind the entity browser's person, body and meeting pages and its search.

Each page is a list of queries, each starting from the bound entity ``?e`` (see
PERFORMANCE-NOTES.md: Oxigraph's planner must start from the bound IRI, not from a class).
They mirror the queries of api/pages/person.py, body.py, meeting.py and common.py as written
in November 2026; they are copied, not imported, because the pages build them inside
functions. The benchmark prefers the app's own queries, noted while its page functions run
(benchmarks/measure.py ``pages``); these copies are the fallback when the app cannot be
imported. Search has no SPARQL in the app (an in-process index); ``SEARCH_CONTAINS`` is what a
naive SPARQL search would cost, run on both stores.
"""

from __future__ import annotations

PREFIXES = """PREFIX kg: <https://kommunegraf.dk/ontology#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sh: <http://www.w3.org/ns/shacl#>
"""

LABEL_PATH = "foaf:name|skos:prefLabel|dct:title|rdfs:label|kg:variantLabel"
VALIDATION_GRAPH = "https://kommunegraf.dk/graph/validation"

PROPERTIES = "SELECT ?e ?p ?o WHERE { ?e ?p ?o }"


def evidence(*paths: str) -> str:
    branches = ["{ ?e kg:evidence ?ev . BIND(?e AS ?r) }"]
    branches += [f"{{ {path} . ?r kg:evidence ?ev }}" for path in paths]
    return (
        "SELECT ?e ?r ?ev ?quote ?start ?end ?doc ?docTitle WHERE { "
        + " UNION ".join(branches)
        + " ?ev kg:quote ?quote . OPTIONAL { ?ev kg:start ?start } "
        "OPTIONAL { ?ev kg:end ?end } "
        "OPTIONAL { ?ev kg:inDocument ?doc . OPTIONAL { ?doc dct:title ?docTitle } } }"
    )


FINDINGS = f"""SELECT ?e ?result ?severity ?message WHERE {{
  GRAPH <{VALIDATION_GRAPH}> {{ ?result sh:focusNode ?e .
    OPTIONAL {{ ?result sh:resultSeverity ?severity }}
    OPTIONAL {{ ?result sh:resultMessage ?message }} }} }}"""

PERSON = {
    "properties": PROPERTIES,
    "variants": """SELECT ?e ?v ?variantLabel ?reason ?similarity ?seen ?seenTitle WHERE {
  ?e kg:nameVariant ?v .
  OPTIONAL { ?v kg:variantLabel ?variantLabel }
  OPTIONAL { ?v kg:mergeReason ?reason }
  OPTIONAL { ?v kg:similarity ?similarity }
  OPTIONAL { ?v kg:seenIn ?seen . OPTIONAL { ?seen dct:title ?seenTitle } } }""",
    "mandates": """SELECT ?e ?m ?role ?body ?bodyLabel ?start ?end ?jobTitle ?decision ?item
       ?itemNumber ?itemTitle ?meeting ?meetingDate ?meetingBodyLabel WHERE {
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
        OPTIONAL { ?meeting kg:heldBy ?mb . ?mb skos:prefLabel ?meetingBodyLabel } } } } }""",
    "meetings": """SELECT ?e ?meeting ?relation ?via ?date ?body ?bodyLabel ?other ?otherName
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
  OPTIONAL { ?meeting kg:heldBy ?body . OPTIONAL { ?body skos:prefLabel ?bodyLabel } } }""",
    "items": """SELECT ?e ?item ?number ?title ?meeting ?date ?bodyLabel WHERE {
  ?item kg:presenter ?e .
  OPTIONAL { ?item kg:number ?number }
  OPTIONAL { ?item dct:title ?title }
  OPTIONAL { ?meeting kg:hasAgendaItem ?item .
    OPTIONAL { ?meeting kg:date ?date }
    OPTIONAL { ?meeting kg:heldBy ?b . ?b skos:prefLabel ?bodyLabel } } }""",
    "evidence": evidence(
        "?r kg:holder ?e",
        "?e kg:nameVariant ?r",
        "?r kg:presenter ?e",
        "?r kg:attendee ?e",
        "?r kg:absentee ?e",
        "?r kg:substitute ?e",
        "?r kg:substituteFor ?e",
    ),
    "mentioned": "SELECT ?e ?doc ?title WHERE { ?doc kg:mentions ?e . "
    "OPTIONAL { ?doc dct:title ?title } }",
    "findings": FINDINGS,
}

BODY = {
    "properties": PROPERTIES,
    "ancestors": """SELECT ?e ?anc ?label ?parent WHERE {
  ?e org:subOrganizationOf+ ?anc .
  OPTIONAL { ?anc skos:prefLabel ?label }
  OPTIONAL { ?anc org:subOrganizationOf ?parent } }""",
    "tree": """SELECT ?e ?d ?parent ?label WHERE {
  ?d org:subOrganizationOf+ ?e .
  ?d org:subOrganizationOf ?parent .
  OPTIONAL { ?d skos:prefLabel ?label } }""",
    "mandates": """SELECT ?e ?m ?holder ?name ?role ?start ?end ?jobTitle ?decision ?meeting
       ?meetingDate WHERE {
  ?m kg:body ?e .
  ?m kg:holder ?holder ; kg:role ?role .
  OPTIONAL { ?holder foaf:name ?name }
  OPTIONAL { ?m kg:startDate ?start }
  OPTIONAL { ?m kg:endDate ?end }
  OPTIONAL { ?m kg:jobTitle ?jobTitle }
  OPTIONAL { ?m kg:establishedBy ?decision .
    OPTIONAL { ?item kg:decision ?decision . ?meeting kg:hasAgendaItem ?item .
               OPTIONAL { ?meeting kg:date ?meetingDate } } } }""",
    "evidence": evidence("?r kg:body ?e"),
    "meetings": """SELECT ?e ?meeting ?date ?cancelled (COUNT(DISTINCT ?item) AS ?items) WHERE {
  ?meeting kg:heldBy ?e .
  OPTIONAL { ?meeting kg:date ?date }
  OPTIONAL { ?meeting kg:cancelled ?cancelled }
  OPTIONAL { ?meeting kg:hasAgendaItem ?item }
} GROUP BY ?e ?meeting ?date ?cancelled""",
    "findings": FINDINGS,
}

MEETING = {
    "properties": PROPERTIES,
    "body": "SELECT ?e ?l WHERE { ?e kg:heldBy/skos:prefLabel ?l }",
    "people": """SELECT ?e ?person ?name ?relation WHERE {
  { ?e kg:attendee ?person . BIND("attendee" AS ?relation) }
  UNION { ?e kg:absentee ?person . BIND("absentee" AS ?relation) }
  OPTIONAL { ?person foaf:name ?name } }""",
    "substitutions": """SELECT ?e ?s ?sub ?subName ?for ?forName WHERE {
  ?e kg:substitution ?s .
  OPTIONAL { ?s kg:substitute ?sub . OPTIONAL { ?sub foaf:name ?subName } }
  OPTIONAL { ?s kg:substituteFor ?for . OPTIONAL { ?for foaf:name ?forName } } }""",
    "agenda": """SELECT ?e ?item ?number ?position ?title ?caseNumber ?presenter ?presenterName
       ?recommendation ?decision ?outcome ?text WHERE {
  ?e kg:hasAgendaItem ?item .
  OPTIONAL { ?item kg:number ?number }
  OPTIONAL { ?item kg:position ?position }
  OPTIONAL { ?item dct:title ?title }
  OPTIONAL { ?item kg:caseNumber ?caseNumber }
  OPTIONAL { ?item kg:presenter ?presenter . OPTIONAL { ?presenter foaf:name ?presenterName } }
  OPTIONAL { ?item kg:recommendation ?recommendation }
  OPTIONAL { ?item kg:decision ?decision .
    OPTIONAL { ?decision kg:outcome ?outcome }
    OPTIONAL { ?decision kg:text ?text } } }""",
    "evidence": evidence(
        "?e kg:hasAgendaItem ?r", "?e kg:hasAgendaItem/kg:decision ?r", "?e kg:substitution ?r"
    ),
    "findings": FINDINGS,
}

PAGES = {"person": PERSON, "body": BODY, "meeting": MEETING}

# Search: what a naive SPARQL search does (a scan over every label), beside the browser's
# in-process index (api/search.py), for the word ``?term``.
SEARCH_CONTAINS = """SELECT ?term ?r ?label WHERE {
  ?r foaf:name|skos:prefLabel|skos:altLabel|dct:title ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), ?term)) } LIMIT 100"""

# Samples: which entities exist, for drawing the IRIs the page queries are bound to.
SAMPLE = {
    "person": "SELECT DISTINCT ?s WHERE { ?s a kg:Person }",
    "body": "SELECT DISTINCT ?s WHERE { ?s a kg:Body }",
    "meeting": "SELECT DISTINCT ?s WHERE { ?s a kg:Meeting }",
}
BUSIEST_BODIES = """SELECT ?s (COUNT(?m) AS ?n) WHERE { ?m kg:heldBy ?s }
GROUP BY ?s ORDER BY DESC(?n) LIMIT 3"""
NAMES = "SELECT ?n WHERE { ?p a kg:Person ; foaf:name ?n }"
