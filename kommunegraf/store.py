"""The one owner of the graph store: every read and write of the graph goes through here.

The default store is an embedded, persistent Oxigraph store in a folder. Each source document
lives in its own named graph, and replacing a document's graph is one SPARQL Update request:
Oxigraph applies an update in one transaction, so a reader sees the old graph or the new one,
never half, and a failure leaves the store as it was.

The same request keeps the store's default graph equal to the union of the documents' graphs
as a set: a fact stated by a hundred documents is there once. Queries run on that default
graph, so their joins do not multiply rows once per document that repeats a label.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kommunegraf.errors import QueryError, StoreError
from kommunegraf.formats import RdfFormat
from kommunegraf.union import EMBEDDED, VALIDATION_GRAPH

if TYPE_CHECKING:
    from kommunegraf.config import Config

Term = ox.NamedNode | ox.BlankNode | ox.Literal
RdfTriple = tuple[Node, Node, Node]

# Graphs that belong to kommunegraf itself rather than to a source document; the validation
# report's, VALIDATION_GRAPH, comes from kommunegraf.union, with the union it is kept out of.
ONTOLOGY_GRAPH = "https://kommunegraf.dk/ontology"


def to_oxigraph(term: Node) -> Term:
    """Convert an rdflib term to the Oxigraph term the store speaks."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store term {term!r} of type {type(term).__name__}")


def to_rdflib(term: Any) -> Node:
    """Convert an Oxigraph term back to rdflib."""
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.NamedNode):
        return _kept(term)
    if isinstance(term, ox.Literal):
        return _kept(term) if len(term.value) <= KEPT_LITERAL else _literal(term)
    raise StoreError(f"cannot convert {term!r}")


# Longest literal whose conversion is kept (not a document's text or a quote).
KEPT_LITERAL = 120


@lru_cache(maxsize=1 << 16)
def _kept(term: ox.NamedNode | ox.Literal) -> Node:
    """The same IRIs and short values come back from query after query (a body, a role, a
    date), and an rdflib term costs microseconds to make: their conversions are kept."""
    return URIRef(term.value) if isinstance(term, ox.NamedNode) else _literal(term)


def _literal(term: ox.Literal) -> Literal:
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=str(_kept(term.datatype)))


_EMPTY_GRAPH = ox.NamedNode("urn:kommunegraf:empty")


def ntriples(triples: Iterable[RdfTriple]) -> str:
    """Serialise triples as N-Triples lines (also valid inside SPARQL INSERT DATA)."""
    lines = []
    for subject, predicate, obj in triples:
        triple = ox.Triple(
            to_oxigraph(subject),  # type: ignore[arg-type]
            to_oxigraph(predicate),  # type: ignore[arg-type]
            to_oxigraph(obj),
        )
        lines.append(f"{triple} .")
    return "\n".join(lines)


class EmbeddedStore:
    """An Oxigraph store in a folder, or in memory when no folder is given."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        # Writes made through this handle: the folder is locked to one process, so caches of
        # what the store holds compare this instead of counting millions of quads.
        self.generation = 0
        try:
            if path is None:
                self._store = ox.Store()
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as error:
            if path is not None and str(path / "LOCK") in str(error):
                raise StoreError(f"another build or a server with the update token is using "
                                 f"{path}; wait until it ends, or stop it") from None
            raise StoreError(f"cannot open the store in {path}: {error}") from error

    @property
    def location(self) -> str:
        return str(self.path) if self.path else "(in memory)"

    # --- writing -------------------------------------------------------------------------

    def replace_graph(self, graph: str, triples: Iterable[RdfTriple]) -> None:
        """Make ``graph`` hold exactly ``triples``, in one transaction (union kept in step)."""
        try:
            body = ntriples(triples)
        except ValueError as error:
            raise StoreError(
                f"graph <{graph}> not stored: a term is not valid RDF: {error}"
            ) from None
        remember = "" if graph == VALIDATION_GRAPH else f" ;\n{EMBEDDED.remember(graph)}"
        try:
            self._update(
                f"{EMBEDDED.forget(graph)} ;\nDROP SILENT GRAPH <{graph}> ;\n"
                f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}{remember}"
            )
        except QueryError as error:
            raise StoreError(f"graph <{graph}> not stored: {error}") from None

    def remove_graph(self, graph: str) -> None:
        """Remove a named graph and everything in it; a missing graph is not an error."""
        self._update(f"{EMBEDDED.forget(graph)} ;\nDROP SILENT GRAPH <{graph}>")

    def clear(self) -> None:
        """Remove every graph."""
        self._update("DROP SILENT ALL")

    def update(self, update: str) -> None:
        """Run a SPARQL Update in one transaction (the API's token-guarded update path).

        The default graph is derived from the named graphs, so the same transaction rebuilds
        it afterwards: an update should write named graphs (one per document).
        """
        self._update(f"{update} ;\n{EMBEDDED.rebuild()}")

    def _update(self, update: str) -> None:
        self.generation += 1
        try:
            self._store.update(update)
        except SyntaxError as error:
            raise QueryError(f"malformed update: {error}") from error
        except RuntimeError as error:  # the update itself is impossible (a missing graph)
            raise QueryError(f"the update could not be applied: {error}") from error
        except OSError as error:
            raise StoreError(f"cannot write to the store in {self.location}: {error}") from error

    # --- reading -------------------------------------------------------------------------

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, union: bool = True
    ) -> Any:
        """Run a SPARQL query; ``bindings`` are substituted as values, never spliced as text.

        With ``union`` (the default) the default graph is the union of all documents' graphs,
        which is what people and other systems mean by "the graph"; without it the default
        graph is empty and only ``GRAPH`` patterns match. Oxigraph requires every bound
        variable to appear in a SELECT's projection.
        """
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        try:
            return self._store.query(
                sparql,
                substitutions=substitutions or None,
                default_graph=None if union else [_EMPTY_GRAPH],
            )
        except (SyntaxError, RuntimeError) as error:  # RuntimeError: a binding not projected
            raise QueryError(str(error)) from error
        except OSError as error:
            raise StoreError(f"cannot read the store in {self.location}: {error}") from error

    def select(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, union: bool = True
    ) -> list[dict[str, Node]]:
        """Run a SELECT query and return its rows as dicts of rdflib terms (unbound omitted)."""
        solutions = self.query(sparql, bindings, union)
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = to_rdflib(value)
            rows.append(row)
        return rows

    def graphs(self) -> list[str]:
        """Names of all named graphs, sorted."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph: str) -> bool:
        return bool(self._store.contains_named_graph(ox.NamedNode(graph)))

    def triples(self, graph: str) -> Iterator[RdfTriple]:
        """All triples of one named graph, as rdflib terms."""
        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            yield (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))

    def count(self, graph: str | None = None) -> int:
        """Number of quads, in one graph or in the whole store."""
        if graph is None:
            query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        else:
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        return int(next(iter(self.query(query, union=False)))["n"].value)

    # --- export --------------------------------------------------------------------------

    def export(self, fmt: RdfFormat, output: IO[bytes], graph: str | None = None) -> None:
        """Stream the store (or one graph) to ``output`` without building it in memory.

        Quad formats keep the named graphs; triple formats get the union of all graphs.
        """
        try:
            if graph is not None and fmt.quads:
                quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
                ox.serialize(quads, output, fmt.oxigraph)
            elif graph is not None:
                self._store.dump(output, fmt.oxigraph, from_graph=ox.NamedNode(graph))
            elif fmt.quads:
                # The named graphs only: the default graph is their union, rebuilt on import.
                named = (q for q in self._store.quads_for_pattern(None, None, None, None)
                         if not isinstance(q.graph_name, ox.DefaultGraph))
                ox.serialize(named, output, fmt.oxigraph)
            else:
                # The union (the default graph) and the validation report beside it.
                everything = self._store.query(
                    "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION "
                    f"{{ GRAPH <{VALIDATION_GRAPH}> {{ ?s ?p ?o }} }} }}")
                assert isinstance(everything, ox.QueryTriples)
                everything.serialize(output, fmt.oxigraph)
        except OSError as error:
            raise StoreError(f"cannot export from the store in {self.location}: {error}") from error

    def load_file(self, path: Path, fmt: RdfFormat, graph: str | None = None) -> None:
        """Load an RDF file in one transaction (used to re-import an export)."""
        target = ox.NamedNode(graph) if graph else None
        try:
            self._store.load(path=str(path), format=fmt.oxigraph, to_graph=target)
        except (SyntaxError, ValueError) as error:
            raise StoreError(f"{path}: not valid {fmt.name}: {error}") from error
        # Added to, not rebuilt: triples outside any named graph went into the union itself.
        self._update(EMBEDDED.add_all())

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        """Release the store (the folder lock is freed when the object goes away)."""
        self.flush()
        del self._store


class FollowingStore(EmbeddedStore):
    """A read-only view of a store folder that another process may be writing.

    An embedded store folder has one writer at a time. The server follows it read-only, so
    `kommunegraf build` can write the same folder while the server answers. Each load is one
    transaction in the store's log, so a view sees each document whole or not at all.

    A view is opened on a snapshot: a folder of hard links to the store's files, made when
    the files change (checked at most every ``check_seconds``). The writer compacts files
    away as it goes; a read-only handle on the store folder itself would then fail to read a
    file it had not opened yet, while the links keep the snapshot's files until it is let go.
    """

    def __init__(self, path: Path, check_seconds: float = 1.0) -> None:
        self.path = self._source = path
        self.check_seconds = check_seconds
        self.generation = 0  # how many snapshots were opened; caches compare it
        self._snapshots = path.with_name(path.name + ".readers")
        self._lock = threading.Lock()
        self._retired: list[tuple[float, Path]] = []
        if not (path / "CURRENT").exists():
            EmbeddedStore(path).close()  # an empty store to follow until a build writes one
        self._remove_abandoned_snapshots()
        self._stamp: tuple[tuple[str, int, int], ...] = ()
        self._snapshot: Path | None = None
        self._current: ox.Store | None = None
        self.refresh(force=True)
        if self._current is None:
            raise StoreError(f"cannot open the store in {path} for reading")

    @property
    def _store(self) -> ox.Store:  # type: ignore[override]
        if time.monotonic() - self._checked >= self.check_seconds:
            self.refresh()
        assert self._current is not None
        return self._current

    def refresh(self, force: bool = False) -> None:
        """Open a new snapshot if the store's files changed (or if ``force``)."""
        with self._lock:
            self._checked = time.monotonic()
            stamp = self._files_stamp()
            if stamp == self._stamp and not force:
                return
            for _attempt in range(5):  # the writer may swap files while they are linked
                snapshot = self._link_snapshot()
                try:
                    opened = ox.Store.read_only(str(snapshot))
                except OSError:
                    shutil.rmtree(snapshot, ignore_errors=True)
                    stamp = self._files_stamp()
                    continue
                if self._snapshot is not None:
                    self._retired.append((time.monotonic(), self._snapshot))
                self._current, self._snapshot, self._stamp = opened, snapshot, stamp
                self.generation += 1
                break
            self._forget_retired(keep_seconds=600.0)

    def _files_stamp(self) -> tuple[tuple[str, int, int], ...]:
        stamp = []
        with os.scandir(self._source) as entries:
            for entry in entries:
                try:
                    info = entry.stat()
                except FileNotFoundError:  # removed by the writer while listing
                    continue
                stamp.append((entry.name, info.st_mtime_ns, info.st_size))
        return tuple(sorted(stamp))

    def _link_snapshot(self) -> Path:
        self._snapshots.mkdir(exist_ok=True)
        snapshot = self._snapshots / f"{os.getpid()}-{self.generation + 1}-{time.time_ns()}"
        snapshot.mkdir()
        for source in self._source.iterdir():
            if source.name == "LOCK" or not source.is_file():
                continue
            try:
                os.link(source, snapshot / source.name)
            except FileNotFoundError:
                continue  # compacted away meanwhile: the open will tell if it was needed
            except OSError:  # no hard links here (another file system): copy instead
                shutil.copy2(source, snapshot / source.name)
        return snapshot

    def _remove_abandoned_snapshots(self) -> None:
        remove_abandoned_snapshots(self._source)

    def _forget_retired(self, keep_seconds: float) -> None:
        """Delete snapshots let go of longer ago than any request can run."""
        now = time.monotonic()
        for retired_at, snapshot in list(self._retired):
            if now - retired_at >= keep_seconds:
                shutil.rmtree(snapshot, ignore_errors=True)
                self._retired.remove((retired_at, snapshot))

    def _update(self, update: str) -> None:
        raise StoreError(f"the store in {self.path} is open read-only here; write it with "
                         "`kommunegraf build`, or serve it with an update token set")

    def load_file(self, path: Path, fmt: RdfFormat, graph: str | None = None) -> None:
        self._update("")

    def flush(self) -> None:
        """Nothing to write."""

    def close(self) -> None:
        """Let go of the view and delete its snapshots."""
        with self._lock:
            self._current = None
            for _, snapshot in self._retired:
                shutil.rmtree(snapshot, ignore_errors=True)
            if self._snapshot is not None:
                shutil.rmtree(self._snapshot, ignore_errors=True)
            self._retired.clear()
            self._snapshot = None
            with contextlib.suppress(OSError):  # only if no other server left snapshots there
                self._snapshots.rmdir()


def remove_abandoned_snapshots(path: Path) -> None:
    """Delete the snapshots of the store in ``path`` whose process has ended without closing
    them (a server that died, the build's validating workers)."""
    snapshots = path.with_name(path.name + ".readers")
    if not snapshots.is_dir():
        return
    for snapshot in snapshots.iterdir():
        owner = snapshot.name.split("-", 1)[0]
        if owner.isdigit() and not process_exists(int(owner)):
            shutil.rmtree(snapshot, ignore_errors=True)


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


@runtime_checkable
class GraphStore(Protocol):
    """What every store offers: the embedded Oxigraph store and a remote SPARQL server."""

    @property
    def location(self) -> str: ...

    def replace_graph(self, graph: str, triples: Iterable[RdfTriple]) -> None: ...

    def remove_graph(self, graph: str) -> None: ...

    def clear(self) -> None: ...

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, union: bool = True
    ) -> Any: ...

    def select(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, union: bool = True
    ) -> list[dict[str, Node]]: ...

    def graphs(self) -> list[str]: ...

    def has_graph(self, graph: str) -> bool: ...

    def triples(self, graph: str) -> Iterator[RdfTriple]: ...

    def count(self, graph: str | None = None) -> int: ...

    def export(self, fmt: RdfFormat, output: IO[bytes], graph: str | None = None) -> None: ...

    def load_file(self, path: Path, fmt: RdfFormat, graph: str | None = None) -> None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...

    def update(self, update: str) -> None: ...


def open_store(location: str | Path | None, config: Config | None = None, *,
               follow: bool = False) -> GraphStore:
    """Open the store named by a folder path or an http(s) URL of a SPARQL 1.1 server.

    ``None`` or ``":memory:"`` gives a temporary in-memory store. A URL is opened with the remote
    settings of ``config`` (endpoints, credentials, timeout), read from the environment when no
    configuration is given. With ``follow`` a store folder is opened read-only and followed as
    another process writes it (see :class:`FollowingStore`).
    """
    if location is None or str(location) == ":memory:":
        return EmbeddedStore(None)
    text = str(location)
    if text.startswith(("http://", "https://")):
        from kommunegraf.config import load_config
        from kommunegraf.remote import RemoteStore

        if config is None or config.store != text:
            config = load_config({"store": text})
        return RemoteStore.from_config(config)
    return FollowingStore(Path(text)) if follow else EmbeddedStore(Path(text))


def destroy_store(path: Path) -> None:
    """Delete an embedded store's folder (for `build --fresh`)."""
    if path.exists():
        shutil.rmtree(path)
