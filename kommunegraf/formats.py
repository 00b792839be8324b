"""The one table of serialisation formats.

It drives HTTP content negotiation, file suffixes and the CLI's ``--format`` alike, so a
format is either known everywhere or nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kommunegraf.errors import KommunegrafError


class UnknownFormat(KommunegrafError):
    """A format name, suffix or media type that kommunegraf does not serve."""


@dataclass(frozen=True)
class RdfFormat:
    """An RDF serialisation: short name, media types (preferred first), suffix, parser id."""

    name: str
    media_types: tuple[str, ...]
    suffix: str
    oxigraph: ox.RdfFormat
    quads: bool = False

    @property
    def media_type(self) -> str:
        return self.media_types[0]


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("ttl", ("text/turtle", "application/x-turtle"), "ttl", ox.RdfFormat.TURTLE),
    RdfFormat("nt", ("application/n-triples",), "nt", ox.RdfFormat.N_TRIPLES),
    RdfFormat("nq", ("application/n-quads",), "nq", ox.RdfFormat.N_QUADS, quads=True),
    RdfFormat("trig", ("application/trig",), "trig", ox.RdfFormat.TRIG, quads=True),
    RdfFormat("jsonld", ("application/ld+json",), "jsonld", ox.RdfFormat.JSON_LD, quads=True),
    RdfFormat("rdfxml", ("application/rdf+xml",), "rdf", ox.RdfFormat.RDF_XML),
)


@dataclass(frozen=True)
class ResultFormat:
    """A SPARQL SELECT/ASK results serialisation."""

    name: str
    media_types: tuple[str, ...]
    oxigraph: ox.QueryResultsFormat


RESULT_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat(
        "json", ("application/sparql-results+json", "application/json"), ox.QueryResultsFormat.JSON
    ),
    ResultFormat(
        "xml", ("application/sparql-results+xml", "application/xml"), ox.QueryResultsFormat.XML
    ),
    ResultFormat("csv", ("text/csv",), ox.QueryResultsFormat.CSV),
    ResultFormat("tsv", ("text/tab-separated-values",), ox.QueryResultsFormat.TSV),
)


def rdf_format(key: str) -> RdfFormat:
    """Find an RDF format by short name, suffix or media type."""
    key = key.strip().lower().lstrip(".")
    for fmt in RDF_FORMATS:
        if key in (fmt.name, fmt.suffix) or key in fmt.media_types:
            return fmt
    names = ", ".join(f.name for f in RDF_FORMATS)
    raise UnknownFormat(f"unknown RDF format {key!r}; known: {names}")


def result_format(key: str) -> ResultFormat:
    """Find a SPARQL results format by short name or media type."""
    key = key.strip().lower()
    for fmt in RESULT_FORMATS:
        if key == fmt.name or key in fmt.media_types:
            return fmt
    names = ", ".join(f.name for f in RESULT_FORMATS)
    raise UnknownFormat(f"unknown results format {key!r}; known: {names}")
