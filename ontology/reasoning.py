"""Check with HermiT (through owlready2) that the ontology, or a graph using it, has a model.

HermiT runs offline from the jar bundled with owlready2 and needs Java on PATH. The
ontology has about 1,300 triples; one check takes about 1 s, nearly all of it JVM start.
"""

import io
import logging
import time

import owlready2
from rdflib import Graph

from ontology import ONTOLOGY_IRI, ontology_graph

__all__ = ["OntologyInconsistent", "ReasonerFailed", "check_consistency"]

log = logging.getLogger(__name__)


class OntologyInconsistent(Exception):
    """HermiT found that the checked graph is contradictory (it has no model)."""


class ReasonerFailed(Exception):
    """HermiT could not run: Java is missing or the reasoner rejected its input."""


def check_consistency(graph: Graph | None = None) -> None:
    """Run HermiT on ``graph`` (default: the ontology) and raise if it is inconsistent.

    xsd:date is not in the OWL 2 datatype map, so HermiT is told to ignore unsupported
    datatypes instead of failing on the ranges of kg:date, kg:startDate and kg:endDate.

    owlready2 deletes the N-Triples file it hands to HermiT only on success, so each failed
    check leaves one file (about 180 kB for the ontology) in the temporary directory.

    :raises OntologyInconsistent: the graph has no model.
    :raises ReasonerFailed: the reasoner could not be run.
    """
    if graph is None:
        graph = ontology_graph()
    ntriples = graph.serialize(format="nt", encoding="utf-8")
    world = owlready2.World()
    started = time.perf_counter()
    try:
        world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(ntriples), format="ntriples")
        owlready2.sync_reasoner_hermit(
            world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
        )
    except owlready2.OwlReadyInconsistentOntologyError as error:
        raise OntologyInconsistent(
            f"HermiT found the graph inconsistent ({len(graph)} triples): some individual "
            "is forced into an unsatisfiable class, e.g. two disjoint classes"
        ) from error
    except (owlready2.OwlReadyJavaError, OSError) as error:
        raise ReasonerFailed(f"could not run HermiT (is Java 8+ on PATH?): {error}") from error
    finally:
        world.close()
        log.debug("HermiT consistency check took %.2f s", time.perf_counter() - started)
