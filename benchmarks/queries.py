"""The benchmark's own SPARQL: drawing the sample of entities, and a naive search.

The page queries are not here: the benchmark notes the ones the app's page functions send
(benchmarks/measure.py ``pages``). Search has no SPARQL in the app (an in-process index);
``SEARCH_CONTAINS`` is what a naive SPARQL search would cost, run on both stores.
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
