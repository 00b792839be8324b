"""Content negotiation driven by the one format table (:mod:`kommunegraf.formats`).

An offer is HTML, an RDF format or a SPARQL results format. The client chooses with a
``format`` parameter or suffix (short name, suffix or media type) or else with ``Accept``;
when nothing offered is acceptable the caller answers 406.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask import request

from kommunegraf.formats import RDF_FORMATS, RESULT_FORMATS, RdfFormat, ResultFormat

HTML = "text/html"

# Formats for a set of triples (an entity's description, CONSTRUCT and DESCRIBE results):
# the triple formats of the table plus JSON-LD.
TRIPLE_FORMATS: tuple[RdfFormat, ...] = tuple(
    f for f in RDF_FORMATS if not f.quads or f.name == "jsonld")


@dataclass(frozen=True)
class Choice:
    """One thing the server can send: HTML, an RDF format or a results format."""

    media_type: str
    rdf: RdfFormat | None = None
    results: ResultFormat | None = None

    @property
    def is_html(self) -> bool:
        return self.rdf is None and self.results is None

    def media_types(self) -> tuple[str, ...]:
        if self.rdf is not None:
            return self.rdf.media_types
        if self.results is not None:
            return self.results.media_types
        return (HTML,)

    def names(self) -> tuple[str, ...]:
        """Everything a ``format`` parameter or a suffix may say to ask for this choice."""
        if self.rdf is not None:
            return (self.rdf.name, self.rdf.suffix, *self.rdf.media_types)
        if self.results is not None:
            return (self.results.name, *self.results.media_types)
        return ("html", HTML)


HTML_CHOICE = Choice(HTML)


def rdf_choices(formats: Iterable[RdfFormat] = TRIPLE_FORMATS) -> list[Choice]:
    return [Choice(f.media_type, rdf=f) for f in formats]


def result_choices(formats: Iterable[ResultFormat] = RESULT_FORMATS) -> list[Choice]:
    return [Choice(f.media_types[0], results=f) for f in formats]


def by_name(choices: Sequence[Choice], name: str) -> Choice | None:
    """Find the offered choice a ``format`` parameter or suffix names, if any."""
    key = name.strip().lower().lstrip(".")
    for choice in choices:
        if key in choice.names():
            return choice
    return None


def negotiate(choices: Sequence[Choice], param: str | None = None) -> Choice | None:
    """Pick what to send: by ``param`` when given, else by ``Accept`` (first choice for */*).

    Returns None when the client accepts nothing offered (the caller answers 406).
    """
    if param:
        return by_name(choices, param)
    accept = request.accept_mimetypes
    if not accept:
        return choices[0]
    # Every media type of a format counts (application/x-turtle, application/json...).
    candidates: list[str] = []
    owner: dict[str, Choice] = {}
    for choice in choices:
        for media_type in choice.media_types():
            if media_type not in owner:
                owner[media_type] = choice
                candidates.append(media_type)
    best = accept.best_match(candidates)
    return owner[best] if best else None


def alternates(path: str, formats: Iterable[RdfFormat] = TRIPLE_FORMATS,
               html_path: str | None = None) -> list[tuple[str, str]]:
    """(href, media type) of the other representations of a page: ``path.suffix`` each."""
    found = [(f"{path}.{f.suffix}", f.media_type) for f in formats]
    if html_path is not None:
        found.insert(0, (html_path, HTML))
    return found


def link_header(links: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f'<{href}>; rel="alternate"; type="{media}"' for href, media in links)
