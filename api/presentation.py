"""Turning graph terms into what a page shows: local links, labels, plain values.

Data IRIs under the configured base resolve at ``/id/<kind>/<slug>`` of this site; ontology
terms at ``/ontology#<name>``. Labels of vocabulary terms (roles, outcomes, meeting modes,
classes, properties) come from the ontology graph, in the page's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from flask import Flask, request, url_for
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from api import db
from api.danish import same_words
from api.i18n import DEFAULT_LANGUAGE, current_language
from kommunegraf.store import ONTOLOGY_GRAPH, GraphStore
from ontology import KG_NS, PREFIXES, RDFS, SKOS, ontology_graph, sparql_prefixes

SPARQL_PREFIXES = sparql_prefixes()


def base_iri() -> str:
    return db.get_config().base_iri


def site_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of one of this site's routes under the configured base (the base IRI
    without its ``id/``), never under the Host the request named: descriptions of the
    service must not say what a client put in its headers."""
    site = base_iri().removesuffix("id/")
    return site.rstrip("/") + url_for(endpoint, **values)


def local_path(iri: str) -> str | None:
    """The path of this site that shows ``iri``, or None for IRIs from elsewhere."""
    base = base_iri()
    if iri.startswith(base) and len(iri) > len(base):
        return "/id/" + iri[len(base):]
    if iri.startswith(KG_NS):
        return "/ontology#" + iri[len(KG_NS):]
    if iri == ONTOLOGY_GRAPH:
        return "/ontology"
    return None


def href(term: Any) -> str | None:
    """Where a link to ``term`` goes: our page for it, else the IRI itself if it is a web IRI."""
    if term is None or isinstance(term, (Literal, BNode)):
        return None
    iri = str(term)
    path = local_path(iri)
    if path is not None:
        return path
    return iri if iri.startswith(("http://", "https://")) else None


def kind_of(iri: Any) -> str | None:
    """The ``kind`` part of a data IRI (``person``, ``body``...), or None."""
    base = base_iri()
    text = str(iri)
    if not text.startswith(base):
        return None
    kind, _, _ = text[len(base):].partition("/")
    return kind or None


def slug_of(iri: Any) -> str:
    text = str(iri)
    base = base_iri()
    if text.startswith(base):
        return text[len(base):].partition("/")[2]
    return text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def curie(iri: Any) -> str:
    """Write an IRI with one of the standard prefixes when one fits."""
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text


def plain(term: Node | None) -> Any:
    """An rdflib term as a Python value: IRIs as str, typed literals as date/int/..."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


def pick(values: Iterable[Any], lang: str | None = None) -> str | None:
    """Choose one label: in the page's language, else Danish, else untagged, else any."""
    found: dict[str | None, str] = {}
    for value in values:
        if value is None:
            continue
        language = value.language if isinstance(value, Literal) else None
        found.setdefault(language, str(value))
    if not found:
        return None
    for language in (lang or current_language(), DEFAULT_LANGUAGE, None):
        if language in found:
            return found[language]
    return next(iter(found.values()))


def _build_vocabulary_labels(store: GraphStore) -> dict[str, dict[str | None, str]]:
    rows = store.select(
        SPARQL_PREFIXES
        + "SELECT ?og ?s ?l WHERE { GRAPH ?og { ?s skos:prefLabel|rdfs:label ?l } }",
        {"og": URIRef(ONTOLOGY_GRAPH)})
    triples: Iterable[tuple[Node, Node]] = [(r["s"], r["l"]) for r in rows]
    if not rows:  # ontology not loaded into the store: fall back to the packaged file
        graph = ontology_graph()
        triples = [(s, o) for p in (SKOS.prefLabel, RDFS.label)
                   for s, o in graph.subject_objects(p)]
    labels: dict[str, dict[str | None, str]] = {}
    for subject, label in triples:
        if isinstance(subject, URIRef) and isinstance(label, Literal):
            labels.setdefault(str(subject), {}).setdefault(label.language, str(label))
    return labels


def vocabulary_label(iri: Any, lang: str | None = None) -> str:
    """The label of a role, outcome, mode, class or property in the page's language."""
    if iri is None:
        return ""
    labels = db.cached("vocabulary-labels", _build_vocabulary_labels).get(str(iri), {})
    for language in (lang or current_language(), DEFAULT_LANGUAGE, None):
        if language in labels:
            return labels[language]
    if labels:
        return next(iter(labels.values()))
    return curie(iri).split(":", 1)[-1]


def local_name(iri: Any) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def url_with(**changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    args: dict[str, Any] = {k: v for k, v in request.args.items()}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    query = urlencode(args)
    return request.path + ("?" + query if query else "")


def evidence_href(doc: Any, start: Any) -> str | None:
    """Link to the place in the document page where a quote starts."""
    path = href(doc)
    if path is None:
        return None
    return f"{path}#c{start}" if start is not None else path


# Markdown emphasis and heading marks that documents converted from Word or web pages carry.
_MARKUP = re.compile(r"\*\*|__|^#{1,6}\s+|(?<=\s)#{1,6}\s+(?=\S)"
                     r"|(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])", re.MULTILINE)


def without_markup(text: Any) -> str:
    """A quote as a person reads it: "**Beslutning**", "*Godkender*" -> "Beslutning",
    "Godkender"; "2 * 3" stays. The stored quote keeps
    the exact characters of the document, so its offsets stay right."""
    return _MARKUP.sub("", str(text))


def adds_to(detail: Any, stated: Any) -> bool:
    """Whether ``detail`` says more than ``stated``: a job title "kommunaldirektørerne" adds
    nothing to the role "kommunaldirektør", nor "Suppleant" to "suppleant"."""
    return bool(detail) and not same_words(str(detail), str(stated or ""))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        href=href, curie=curie, vocabulary_label=vocabulary_label, kind_of=kind_of,
        local_name=local_name, url_with=url_with, adds_to=adds_to)
    app.jinja_env.filters.update(path=href, curie=curie, vlabel=vocabulary_label,
                                 unmarked=without_markup)

