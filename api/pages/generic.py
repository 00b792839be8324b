"""The page for every other kind (mandates, name variants, substitutions, quotes, periods...):
its properties and what refers to it, with labels, quotes and validation findings."""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Literal, URIRef

from api.i18n import kind_name
from api.pages.common import (
    evidence_for,
    findings_for,
    kind,
    label,
    labels_of,
    properties,
    select,
    source_documents,
)
from api.presentation import plain, slug_of, vocabulary_label
from ontology import FOAF, KG, RDFS, SKOS

# Long texts (a document's full text) are shown on their own page, not in a property table.
HIDDEN = {str(KG.content)}
MAX_INCOMING = 500


def _cell(term: Any, labels: dict[str, str]) -> dict[str, Any]:
    if isinstance(term, Literal):
        return {"text": plain(term), "lang": term.language, "iri": None}
    if isinstance(term, BNode):
        return {"text": f"_:{term}", "lang": None, "iri": None}
    iri = str(term)
    text = labels.get(iri)
    if text is None:
        text = vocabulary_label(iri) if kind(iri) == "other" else slug_of(iri)
    return {"text": text, "lang": None, "iri": iri}


def page(iri: URIRef) -> dict[str, Any]:
    props = properties(iri)
    incoming_rows = select(
        f"SELECT ?e ?s ?p WHERE {{ ?s ?p ?e }} LIMIT {MAX_INCOMING}", e=iri)
    labels = labels_of([*(o for objects in props.values() for o in objects),
                        *(r["s"] for r in incoming_rows)])
    outgoing = [
        {"predicate": p, "values": [_cell(o, labels) for o in objects]}
        for p, objects in props.items() if p not in HIDDEN]
    outgoing.sort(key=lambda row: vocabulary_label(row["predicate"]).casefold())
    incoming = [{"subject": _cell(r["s"], labels), "predicate": str(r["p"])}
                for r in incoming_rows]
    resource_kind = kind(iri)
    title = label(props, FOAF.name, SKOS.prefLabel, RDFS.label, KG.variantLabel, KG.quote)
    if title is None:
        title = f"{kind_name(resource_kind)} {slug_of(iri)}"
    return {
        "template": "entity.html",
        "title": title,
        "kind": resource_kind,
        "outgoing": outgoing,
        "incoming": incoming,
        "evidence": evidence_for(iri).get(str(iri), []),
        "documents": source_documents(iri),
        "findings": findings_for(iri),
    }
