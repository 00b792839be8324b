"""Linked data: every data IRI ``{base}{kind}/{slug}`` resolves at ``/id/<kind>/<slug>``.

HTML for people, Turtle, N-Triples, JSON-LD or RDF/XML by ``Accept`` or by a suffix
(``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``); 404 for an IRI the data does not use, 406 when
nothing acceptable is offered. The RDF description is every triple with the entity as
subject plus every triple with it as object, from all graphs.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request
from rdflib import URIRef

from api import db
from api.negotiation import (
    HTML_CHOICE,
    TRIPLE_FORMATS,
    alternates,
    by_name,
    link_header,
    negotiate,
    rdf_choices,
)
from api.pagecache import cached_page
from api.pages import page_for
from api.pages.common import exists
from kommunegraf.formats import RdfFormat
from ontology import PREFIXES

bp = Blueprint("entities", __name__)

KIND = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CHOICES = [HTML_CHOICE, *rdf_choices(TRIPLE_FORMATS)]
DESCRIBE = "CONSTRUCT { ?e ?p ?o . ?s ?q ?e } WHERE { { ?e ?p ?o } UNION { ?s ?q ?e } }"


def _iri(kind: str, slug: str) -> URIRef | None:
    """The data IRI for a path, or None when it cannot be an IRI of ours."""
    if not KIND.match(kind) or not slug or "/" in slug:
        return None
    text = db.get_config().base_iri + kind + "/" + slug
    try:
        ox.NamedNode(text)  # rejects spaces, angle brackets and the like before rdflib sees them
    except ValueError:
        return None
    return URIRef(text)


def describe(iri: URIRef, fmt: RdfFormat) -> bytes:
    triples = db.get_store().query(DESCRIBE, {"e": iri})
    return ox.serialize(triples, None, fmt.oxigraph, prefixes=PREFIXES) or b""


@bp.get("/id/<kind>/<slug>")
@cached_page
def entity(kind: str, slug: str) -> Response:
    iri = _iri(kind, slug)
    suffix_choice = None
    if iri is None or not exists(iri):
        stem, dot, suffix = slug.rpartition(".")
        suffix_choice = by_name(CHOICES[1:], suffix) if dot else None
        iri = _iri(kind, stem) if suffix_choice else None
        if iri is None or not exists(iri):
            abort(404)
        slug = stem
    path = f"/id/{kind}/{slug}"
    choice = suffix_choice or negotiate(CHOICES, request.args.get("format"))
    if choice is None:
        abort(406)
    links = link_header(alternates(path, TRIPLE_FORMATS, html_path=path))
    if choice.is_html:
        context = {"iri": str(iri), "kind": kind, "path": path,
                   "alternates": alternates(path, TRIPLE_FORMATS), **page_for(kind)(iri)}
        html = render_template(context.pop("template"), **context)
        response = Response(html, mimetype="text/html")
    else:
        assert choice.rdf is not None
        response = Response(describe(iri, choice.rdf), mimetype=choice.rdf.media_type)
    response.headers["Link"] = links
    if suffix_choice is None:
        response.vary.add("Accept")
    return response
