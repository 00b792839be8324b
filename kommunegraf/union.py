"""The SPARQL Update text that keeps the union of the documents' graphs in step with them.

Every store keeps the union of its documents' graphs as a set (a fact stated by a hundred
documents is there once), and queries read it as their default graph, so their joins do not
multiply rows once per document that repeats a label. The embedded store and the Oxigraph
server keep it in their default graph; Virtuoso and generic SPARQL servers in the named graph
:data:`UNION_GRAPH` (docs/remote-store.md says why). A :class:`UnionLayout` says where a store
keeps it and which of its graphs are not part of it; the updates are the same for all:

- before a graph is replaced or dropped, :meth:`~UnionLayout.forget` the facts only it states;
- after it is written, :meth:`~UnionLayout.remember` it (add it to the union);
- after an arbitrary update, :meth:`~UnionLayout.rebuild` the union from the graphs;
- to tell a store whose union is missing (written by a kommunegraf that did not keep it),
  :meth:`~UnionLayout.has_union` and :meth:`~UnionLayout.has_members`.

This module only writes the text; kommunegraf.store and kommunegraf.remote send it, each in
the same request (and, where the server allows, the same transaction) as the write it follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from kommunegraf.errors import StoreError

# The last SHACL validation report: a named graph of its own, never part of the union.
VALIDATION_GRAPH = "https://kommunegraf.dk/graph/validation"
# Where the union is kept on servers whose own default graph cannot be it: Virtuoso's default
# graph is every graph, its system graphs included; a generic server's may be the union of all
# its graphs with duplicates. Queries name it as their default graph, and other systems may
# query it by this name.
UNION_GRAPH = "https://kommunegraf.dk/graph/union"
# Graph names a document is written to before it is swapped in (Virtuoso); never part of it.
STAGING_PREFIX = "urn:kommunegraf:staging:"


def iri(graph: str) -> str:
    """``<graph>`` for update text, after checking it is an IRI (nothing can be spliced in)."""
    try:
        return str(ox.NamedNode(graph))
    except ValueError as error:
        raise StoreError(f"<{graph}> is not a valid graph IRI: {error}") from None


@dataclass(frozen=True)
class UnionLayout:
    """Where a store keeps the union, and which of its graphs the union is not made of."""

    # The named graph that holds the union; None for the store's own default graph.
    graph: str | None = None
    # Graphs that are not part of the union (besides the union's own graph).
    excluded: tuple[str, ...] = (VALIDATION_GRAPH,)
    # Graphs whose IRI starts with this are not part of it either (staging graphs).
    excluded_prefix: str | None = None
    # Nor graphs whose whole IRI matches this regular expression (a server's own graphs);
    # one expression that Python's re and SPARQL's REGEX read alike.
    excluded_pattern: str | None = None

    def is_member(self, graph: str) -> bool:
        """Whether ``graph`` is one of the graphs the union is made of."""
        return not (
            graph in self.excluded
            or graph == self.graph
            or (self.excluded_prefix is not None and graph.startswith(self.excluded_prefix))
            or (
                self.excluded_pattern is not None
                and re.fullmatch(self.excluded_pattern, graph) is not None
            )
        )

    def _target(self) -> str:
        """The union as the target of ADD or DROP."""
        return f"GRAPH {iri(self.graph)}" if self.graph else "DEFAULT"

    def _template(self) -> str:
        """The triples ``?s ?p ?o`` of the union, as a pattern or an INSERT/DELETE template."""
        return f"GRAPH {iri(self.graph)} {{ ?s ?p ?o }}" if self.graph else "?s ?p ?o"

    def _members(self, variable: str, *also: str) -> str:
        """A FILTER keeping ``?variable`` to the graphs the union is made of (and not ``also``)."""
        graph = f"?{variable}"
        excluded = [*also, *self.excluded, *([self.graph] if self.graph else [])]
        tests = [f"{graph} != {iri(name)}" for name in dict.fromkeys(excluded)]
        if self.excluded_prefix is not None:
            tests.append(f"!STRSTARTS(STR({graph}), {ox.Literal(self.excluded_prefix)})")
        if self.excluded_pattern is not None:
            pattern = ox.Literal("^(" + self.excluded_pattern + ")$")
            tests.append(f"!REGEX(STR({graph}), {pattern})")
        return f"FILTER({' && '.join(tests)})"

    def forget(self, graph: str, keep: str | None = None) -> str:
        """The update that removes from the union the facts only ``graph`` states.

        A fact stays while another graph of the union states it. Facts the graph ``keep``
        states stay too: on Virtuoso that is the staged new version of the document, so an
        unchanged fact is not deleted only to be added again (deleting costs Virtuoso about
        half a millisecond a triple).
        """
        target = iri(graph)
        kept = f" FILTER NOT EXISTS {{ GRAPH {iri(keep)} {{ ?s ?p ?o }} }}" if keep else ""
        return (
            f"DELETE {{ {self._template()} }} WHERE {{ GRAPH {target} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} {self._members('other', graph)} }}"
            f"{kept} }}"
        )

    def remember(self, graph: str) -> str:
        """The update that adds the facts of ``graph`` to the union (a set: no duplicates).

        ``ADD``, not ``INSERT ... WHERE``: Virtuoso runs it as a bulk copy, 10 to 30 times
        faster for a graph of a few thousand triples; Oxigraph reads it as that very INSERT.
        """
        return f"ADD SILENT GRAPH {iri(graph)} TO {self._target()}"

    def add_all(self) -> str:
        """The update that adds every graph of the union to it (nothing is removed)."""
        return (
            f"INSERT {{ {self._template()} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
            f"{self._members('g')} }}"
        )

    def rebuild(self) -> str:
        """The update that makes the union again from all the graphs it is made of."""
        return f"DROP SILENT {self._target()} ;\n{self.add_all()}"

    def has_union(self) -> str:
        """An ASK whether the union holds anything (it names its graphs itself)."""
        return f"ASK {{ {self._template()} }}"

    def has_members(self) -> str:
        """An ASK whether any graph the union is made of holds anything."""
        return f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} {self._members('g')} }}"


# The embedded store: the union is its default graph, made of every graph but the report.
EMBEDDED = UnionLayout()
