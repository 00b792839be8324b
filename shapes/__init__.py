"""SHACL validation of kommunegraf: the shapes (Turtle) and the code that runs them.

The shapes run on the compiled SHACL engine (``shapes.engine``); pyshacl, the reference
implementation (``shapes.reference``), is what the tests hold its findings to.

``validate_store`` validates everything and stores the report; ``validate_document``
validates one new document's resources against their neighbourhood in the store, and
``validate_stored`` stored documents in a batch;
``validate_graph`` validates an rdflib graph.
"""

from shapes.loading import DEFAULT_BASE_IRI, SHAPES_NS, SHAPES_PATH, rule_ids, shapes_graph
from shapes.report import Finding, Severity, ValidationReport, findings_for
from shapes.validation import (
    validate_document,
    validate_graph,
    validate_store,
    validate_stored,
)

__all__ = [
    "DEFAULT_BASE_IRI",
    "SHAPES_NS",
    "SHAPES_PATH",
    "Finding",
    "Severity",
    "ValidationReport",
    "findings_for",
    "rule_ids",
    "shapes_graph",
    "validate_document",
    "validate_graph",
    "validate_store",
    "validate_stored",
]
