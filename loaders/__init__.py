"""Documents -> RDF: read, clean, extract (one reader per family of documents), resolve
entities, write triples.

Each stage is a function with typed input and output, testable alone:
``read_source`` (bytes -> Source, or LoaderError naming the file and the problem),
``extract`` (Source -> DocumentFacts), ``resolve`` (all DocumentFacts -> Resolution) and
``document_triples`` (DocumentFacts + Resolution -> the document's triples).
"""

from loaders.extract import extract
from loaders.facts import DocumentFacts
from loaders.identifiers import Minter
from loaders.rdf import document_triples
from loaders.resolve import NamedIn, Resolution, resolve
from loaders.source import Source, read_source

__all__ = [
    "DocumentFacts",
    "Minter",
    "NamedIn",
    "Resolution",
    "Source",
    "document_triples",
    "extract",
    "read_source",
    "resolve",
]
