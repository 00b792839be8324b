"""Namespaces of kommunegraf and of the standard vocabularies it uses, declared once.

FOAF, ORG, SKOS, DCT, PROV, VOID, SH, RDF, RDFS and OWL are rdflib's closed namespaces,
so a misspelt term raises AttributeError. SCHEMA, BESLUIT, MANDAAT and OA are open
namespaces: rdflib ships no term list for them (and its SDO is https://schema.org/,
while we use http://schema.org/ as DESIGN.md fixes).
"""

from rdflib import Namespace
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    VOID,
    XSD,
)

__all__ = [
    "BESLUIT",
    "DCT",
    "FOAF",
    "KG_NS",
    "MANDAAT",
    "OA",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "VOID",
    "XSD",
    "sparql_prefixes",
]

ONTOLOGY_IRI: str = "https://kommunegraf.dk/ontology"
KG_NS: str = ONTOLOGY_IRI + "#"

DCT = DCTERMS
SCHEMA = Namespace("http://schema.org/")
BESLUIT = Namespace("http://data.vlaanderen.be/ns/besluit#")
MANDAAT = Namespace("http://data.vlaanderen.be/ns/mandaat#")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "foaf": str(FOAF),
    "org": str(ORG),
    "skos": str(SKOS),
    "dct": str(DCT),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "besluit": str(BESLUIT),
    "mandaat": str(MANDAAT),
    "oa": str(OA),
    "void": str(VOID),
    "sh": str(SH),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
}


def sparql_prefixes() -> str:
    """Return one SPARQL PREFIX line per entry of PREFIXES, to put before a query."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
