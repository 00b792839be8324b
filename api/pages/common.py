"""What every entity page needs: bound queries, row grouping, quotes and validation findings.

Every query here starts from the bound entity ``?e`` (see PERFORMANCE-NOTES.md: Oxigraph's
planner must not start from a class scan), and every value from a request reaches SPARQL
only through ``bindings``. Oxigraph requires a bound variable to be in the projection, so
each SELECT projects ``?e``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from flask import request
from rdflib import URIRef
from rdflib.term import Node

from api import db
from api.i18n import format_date, t
from api.presentation import (
    SPARQL_PREFIXES,
    evidence_href,
    href,
    kind_of,
    pick,
    plain,
    slug_of,
    vocabulary_label,
)
from kommunegraf.store import VALIDATION_GRAPH

Row = dict[str, Node]

# Predicates that name a resource, in order of preference.
LABEL_PATH = "foaf:name|skos:prefLabel|dct:title|rdfs:label|kg:variantLabel"


def select(sparql: str, **bindings: Node) -> list[Row]:
    """Run a SELECT with the standard prefixes; ``bindings`` are substituted as values."""
    return db.get_store().select(SPARQL_PREFIXES + sparql, bindings)


def exists(iri: URIRef) -> bool:
    """Whether the IRI is used in the data, as subject or as object, in any graph."""
    return bool(db.get_store().query(
        "ASK { { ?e ?p ?o } UNION { ?s ?p ?e } }", {"e": iri}))


def select_for(resources: Iterable[Any], sparql: str) -> list[Row]:
    """Run a SELECT for the given resources (IRIs read from the store, never from a request):
    ``sparql`` is the query with ``{values}`` where ``VALUES ?r { ... }`` goes. None: []."""
    iris = sorted({URIRef(str(r)).n3() for r in resources})
    if not iris:
        return []
    return db.get_store().select(
        SPARQL_PREFIXES + sparql.replace("{values}", f"VALUES ?r {{ {' '.join(iris)} }}"))


def properties(iri: URIRef) -> dict[str, list[Node]]:
    """The entity's (predicate -> objects) over all graphs, without duplicates, except the
    links each document adds (kg:evidence, prov:wasDerivedFrom): a body named by 8,000
    documents has 16,000 of them. Pages read those bounded: :func:`evidence_for`,
    :func:`source_documents`."""
    found: dict[str, list[Node]] = {}
    seen: set[tuple[Node, Node]] = set()
    for row in select("SELECT ?e ?p ?o WHERE { ?e ?p ?o "
                      "FILTER(?p NOT IN (kg:evidence, prov:wasDerivedFrom)) }", e=iri):
        if (row["p"], row["o"]) not in seen:  # a set: a body can have thousands of values
            seen.add((row["p"], row["o"]))
            found.setdefault(str(row["p"]), []).append(row["o"])
    return found


def value(props: Mapping[str, list[Node]], predicate: Any) -> Any:
    """The first value of a predicate as a plain Python value, or None."""
    values = props.get(str(predicate)) or []
    return plain(values[0]) if values else None


def values(props: Mapping[str, list[Node]], predicate: Any) -> list[Any]:
    return [plain(v) for v in props.get(str(predicate)) or []]


def label(props: Mapping[str, list[Node]], *predicates: Any) -> str | None:
    for predicate in predicates:
        chosen = pick(props.get(str(predicate)) or [])
        if chosen:
            return chosen
    return None


def collect(rows: Iterable[Row], key: str | Sequence[str], lists: Sequence[str] = (),
            labels: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Merge rows that describe the same thing (OPTIONALs multiply rows) into one dict each.

    Scalars keep the first bound value, as a plain Python value; ``lists`` gather every
    distinct value; ``labels`` gather every label and keep the one in the page's language.
    """
    keys = (key,) if isinstance(key, str) else tuple(key)
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    raw_labels: dict[tuple[Any, ...], dict[str, list[Node]]] = {}
    for row in rows:
        ident = tuple(row.get(k) for k in keys)
        item = merged.get(ident)
        if item is None:
            item = merged[ident] = {name: [] for name in lists}
            raw_labels[ident] = {name: [] for name in labels}
        for name, term in row.items():
            if name in lists:
                converted = plain(term)
                if converted not in item[name]:
                    item[name].append(converted)
            elif name in labels:
                raw_labels[ident][name].append(term)
            elif item.get(name) is None:
                item[name] = plain(term)
    for ident, item in merged.items():
        for name in labels:
            item[name] = pick(raw_labels[ident][name])
    return list(merged.values())


# Meetings listed on a body's or person's page: the latest; ?meetings=all lists every one.
MEETINGS_SHOWN = 100

# Quotes shown per resource. A body named by a thousand documents has a thousand; the page
# shows the first of them by document and says how many more there are.
QUOTES_SHOWN = 10

_QUOTE_FIELDS = (" OPTIONAL { ?ev kg:start ?start } OPTIONAL { ?ev kg:end ?end }"
                 " OPTIONAL { ?ev kg:inDocument ?doc . OPTIONAL { ?doc dct:title ?docTitle } }")


# Rows shown of the other lists that grow with the documents (a body's mandates, a person's
# agenda items, the documents that name a resource); ?<list>=all shows every one.
ROWS_SHOWN = 100


class Shown(list[Any]):
    """The first rows of a longer list, with ``total``: how many there are in all."""

    total: int = 0


def shows_all(name: str) -> bool:
    """Whether the request asks for every row of the list ``name`` (``?name=all``)."""
    return request.args.get(name) == "all"


def count(sparql: str, **bindings: Node) -> int:
    """The ``?n`` of a one-row COUNT query (0 when it has no row)."""
    rows = select(sparql, **bindings)
    return int(str(rows[0]["n"])) if rows and "n" in rows[0] else 0


def evidence_for(iri: URIRef, *paths: str) -> dict[str, Shown]:
    """Quotes of the entity and of the resources each path reaches from it, by resource IRI.

    ``paths`` are constant SPARQL patterns (from code, never from a request) binding ``?r``
    from ``?e``, e.g. ``?r kg:holder ?e``. At most QUOTES_SHOWN quotes per resource, shown
    by document and position; the entity's own are limited in the query itself.
    """
    own = select(
        "SELECT ?e ?r ?ev ?quote ?start ?end ?doc ?docTitle WHERE { "
        "?e kg:evidence ?ev . BIND(?e AS ?r) ?ev kg:quote ?quote ." + _QUOTE_FIELDS
        + f" }} LIMIT {QUOTES_SHOWN}", e=iri)  # no ORDER BY: that would read every quote
    rows = list(own)
    if paths:
        # The quote is joined inside each branch: after a UNION, Oxigraph joins by scanning
        # every quote in the store (150 ms at 200k triples instead of 1 ms).
        branches = [f"{{ {path} . ?r kg:evidence ?ev . ?ev kg:quote ?quote }}" for path in paths]
        rows += select("SELECT ?e ?r ?ev ?quote ?start ?end ?doc ?docTitle WHERE { "
                       + " UNION ".join(branches) + _QUOTE_FIELDS + " }", e=iri)
    found = _by_resource(rows)
    if len(own) == QUOTES_SHOWN:  # every kg:evidence is a quote; the union has no repeats
        found[str(iri)].total = count(
            "SELECT ?e (COUNT(?ev) AS ?n) WHERE { ?e kg:evidence ?ev } GROUP BY ?e", e=iri)
    return found


def evidence_of(resources: Iterable[str]) -> dict[str, Shown]:
    """Quotes of the given resources (IRIs read from the store), by resource IRI.

    For the rows a page shows: a person's page lists the latest of hundreds of meetings,
    and only their quotes are read.
    """
    return _by_resource(select_for(
        resources, "SELECT ?r ?ev ?quote ?start ?end ?doc ?docTitle WHERE { "
        "{values} ?r kg:evidence ?ev . ?ev kg:quote ?quote ." + _QUOTE_FIELDS + " }"))


def _by_resource(rows: Iterable[Row]) -> dict[str, Shown]:
    """Quote rows grouped by resource, each shown by document and position, at most
    QUOTES_SHOWN of them, with their total."""
    found: dict[str, Shown] = {}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        resource, evidence = str(row["r"]), str(row["ev"])
        if (resource, evidence) in seen:
            continue
        seen.add((resource, evidence))
        start = plain(row.get("start"))
        found.setdefault(resource, Shown()).append({
            "iri": evidence,
            "quote": str(row["quote"]),
            "start": start,
            "end": plain(row.get("end")),
            "doc": plain(row.get("doc")),
            "doc_title": plain(row.get("docTitle")),
            "href": evidence_href(row.get("doc"), start),
        })
    for quotes in found.values():
        quotes.sort(key=lambda q: (str(q["doc"]), q["start"] if isinstance(q["start"], int) else 0))
        quotes.total = len(quotes)
        del quotes[QUOTES_SHOWN:]
    return found


def sentence_href(doc: Any, start: int, end: int) -> str | None:
    """Link to a sentence of a document page, highlighted there (``?span=start-end``)."""
    path = href(doc)
    return f"{path}?span={start}-{end}#c{start}" if path else None


# Where a sentence ends: a full stop, question or exclamation mark before a space, a blank
# line, or the line break before a list item. A full stop after a number ("29. maj") or a
# short lower-case word ("kl.", "v.", "vedr.") is not an end. A quoted sentence is cut to
# SENTENCE_MAX characters around the words found.
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n|\n(?=[ \t]*(?:[-•*]|\d+[.)\t])\s)")
_NOT_AN_END = re.compile(r"(?:\d|(?<![^\W\d])[a-zæøå]{1,3})\.$")
SENTENCE_MAX = 300


def _sentence_ends(content: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) of every sentence end in ``content[start:end]``."""
    return [(m.start(), m.end()) for m in _SENTENCE_END.finditer(content, start, end)
            if not _NOT_AN_END.search(content, max(0, m.start() - 4), m.end())]


def sentence_around(content: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence of ``content`` that holds ``content[start:end]``, at most
    about SENTENCE_MAX characters of it, cut at spaces."""
    ends_before = _sentence_ends(content, max(0, start - SENTENCE_MAX), start)
    if ends_before:
        left = ends_before[-1][1]
    else:
        left = max(0, start - SENTENCE_MAX // 2)
        while 0 < left < start and not content[left - 1].isspace():
            left += 1
    ends_after = _sentence_ends(content, end, end + SENTENCE_MAX)
    if ends_after:
        first_start, first_end = ends_after[0]
        right = first_end if content[first_start] in ".!?" else first_start
    else:
        right = min(len(content), end + SENTENCE_MAX // 2)
        while end < right < len(content) and not content[right].isspace():
            right -= 1
    while left < start and (content[left].isspace() or content[left] in "-•*"):
        left += 1  # from the sentence's first word: not its list mark
    return left, right


def sentences_naming(documents: Iterable[Any], wanted: Mapping[str, Iterable[str]]
                     ) -> dict[str, Shown]:
    """For each key of ``wanted``, the first sentence of the documents (IRIs from the store)
    that contains one of its texts (names, or the words of a statement), as a quote with its
    place: where the graph keeps no quote of its own for a fact, the page shows the sentence
    that states it, not the document's title."""
    rows = select_for(documents, "SELECT ?r ?content ?title WHERE { {values} "
                                 "?r kg:content ?content OPTIONAL { ?r dct:title ?title } }")
    found: dict[str, Shown] = {}
    for row in sorted(rows, key=lambda r: str(r["r"])):
        content, folded = str(row["content"]), str(row["content"]).casefold()
        for key, texts in wanted.items():
            if key in found:
                continue
            places = [(folded.find(text.casefold()), len(text)) for text in texts if text]
            places = [place for place in places if place[0] >= 0]
            if not places:
                continue
            at, length = min(places)
            start, end = sentence_around(content, at, at + length)
            quote: dict[str, Any] = {
                "iri": None, "quote": content[start:end], "start": start, "end": end,
                "doc": str(row["r"]), "doc_title": plain(row.get("title")),
                "href": sentence_href(row["r"], start, end)}
            found[key] = Shown([quote])
            found[key].total = 1
    return found


def quotes_naming(quotes: list[dict[str, Any]], names: Iterable[str]) -> list[dict[str, Any]]:
    """The quotes that mention one of ``names`` (none when none does)."""
    folded = [n.casefold() for n in names if n]
    return [q for q in quotes if any(n in q["quote"].casefold() for n in folded)]


def sentences_of_sources(resources: Iterable[str], names: Sequence[str]) -> dict[str, Shown]:
    """For each resource (IRIs from the store), the first sentence of a document it was read
    from that names one of ``names``: the quote for a fact the graph has no quote of."""
    by_document: dict[str, list[str]] = {}
    for row in select_for(resources, "SELECT ?r ?doc WHERE { {values} "
                                     "?r prov:wasDerivedFrom ?doc }"):
        by_document.setdefault(str(row["doc"]), []).append(str(row["r"]))
    found: dict[str, Shown] = {}
    for doc, owners in sorted(by_document.items()):
        wanted = {owner: names for owner in owners if owner not in found}
        if wanted:
            found.update(sentences_naming([doc], wanted))
    return found


def findings_for(iri: URIRef) -> list[dict[str, Any]]:
    """Validation results whose focus node is the entity, most severe first."""
    rows = select(
        "SELECT ?e ?vg ?result ?severity ?message ?path ?value ?shape ?rule WHERE {"
        " GRAPH ?vg { ?result sh:focusNode ?e ."
        "  OPTIONAL { ?result sh:resultSeverity ?severity }"
        "  OPTIONAL { ?result sh:resultMessage ?message }"
        "  OPTIONAL { ?result sh:resultPath ?path }"
        "  OPTIONAL { ?result sh:value ?value }"
        "  OPTIONAL { ?result sh:sourceShape ?shape }"
        "  OPTIONAL { ?result kg:ruleId ?rule } } }",
        e=iri, vg=URIRef(VALIDATION_GRAPH))
    results = collect(rows, "result", labels=("message",))
    results.sort(key=lambda r: severity_rank(r.get("severity")))
    return results


SEVERITIES = ("Violation", "Warning", "Info")


def severity_rank(severity: Any) -> int:
    name = str(severity or "").rsplit("#", 1)[-1]
    return SEVERITIES.index(name) if name in SEVERITIES else len(SEVERITIES)


def labels_of(resources: Iterable[Node]) -> dict[str, str]:
    """Labels of the given resources (the IRIs among them), by IRI."""
    grouped: dict[str, list[Node]] = {}
    for row in select_for((r for r in resources if isinstance(r, URIRef)),
                          f"SELECT ?r ?label WHERE {{ {{values}} ?r {LABEL_PATH} ?label }}"):
        grouped.setdefault(str(row["r"]), []).append(row["label"])
    return {n: pick(labels) or n for n, labels in grouped.items()}


def source_documents(iri: URIRef) -> Shown:
    """The documents the entity was read from: see :func:`documents_shown`."""
    return documents_shown(iri, "?e prov:wasDerivedFrom ?doc")


def documents_shown(iri: URIRef, link: str) -> Shown:
    """The documents ``link`` (a constant pattern binding ``?doc`` from ``?e``) reaches, as
    (IRI, title), at most ROWS_SHOWN of them (with ``?documents=all`` every one), with their
    total: a body is named by thousands."""
    limit = "" if shows_all("documents") else f" LIMIT {ROWS_SHOWN}"
    documents = [row["doc"] for row in select(
        f"SELECT ?e ?doc WHERE {{ {link} }} ORDER BY ?doc" + limit, e=iri)]
    titles: dict[str, list[Node]] = {str(doc): [] for doc in documents}
    for row in select_for(documents, "SELECT ?r ?title WHERE { {values} "
                                     "?r dct:title|kg:fileName ?title }"):
        titles[str(row["r"])].append(row["title"])
    shown = Shown((doc, pick(found) or doc) for doc, found in sorted(titles.items()))
    shown.total = len(shown)
    if limit and len(shown) == ROWS_SHOWN:
        shown.total = count(f"SELECT ?e (COUNT(?doc) AS ?n) WHERE {{ {link} }} GROUP BY ?e",
                            e=iri)
    return shown


def kind(iri: Any) -> str:
    return kind_of(iri) or "other"


def meeting_title(body_label: str | None, date: Any) -> str:
    title = t("meeting.title", body=body_label or t("unknown"))
    return f"{title}, {format_date(date)}" if date else title


def readable_labels(resources: Iterable[Any]) -> dict[str, str]:
    """What a person reads for each resource, by IRI: its name or title, and for the
    resources that have none, what they are made of: a mandate as "holder, role, body",
    a meeting as "Møde i body, date"; else the slug of its IRI."""
    iris = [r for r in resources if isinstance(r, str | URIRef)]
    found = labels_of(URIRef(str(r)) for r in iris)
    for row in collect(select_for(iris, """
            SELECT ?r ?name ?role ?body WHERE { {values} ?r kg:holder ?holder ; kg:role ?role .
              OPTIONAL { ?holder foaf:name ?name }
              OPTIONAL { ?r kg:body/skos:prefLabel ?body } }"""), "r", labels=("name", "body")):
        parts = [row.get("name"), vocabulary_label(row.get("role")), row.get("body")]
        found.setdefault(row["r"], ", ".join(p for p in parts if p))
    for row in collect(select_for(iris, """
            SELECT ?r ?date ?body WHERE { {values} ?r kg:heldBy ?b .
              OPTIONAL { ?r kg:date ?date } OPTIONAL { ?b skos:prefLabel ?body } }"""),
            "r", labels=("body",)):
        found.setdefault(row["r"], meeting_title(row.get("body"), row.get("date")))
    return {str(r): found.get(str(r)) or slug_of(r) for r in iris}


# Words matched at each end of a stored text to find it in its document.
_ENDS = 8
_LIST_MARK = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s+")


def as_written(text: str | None, documents: Iterable[Any]) -> list[dict[str, Any]]:
    """A stored text (a case description, a decision) in the blocks its document writes it
    in: paragraphs, lists and tables. The reader stores such texts on one line; the document
    keeps the line breaks and the tab-separated columns. A text not found in its documents
    is one paragraph."""
    if not text:
        return []
    words = text.split()
    start_pattern = r"\s+".join(re.escape(w) for w in words[:_ENDS])
    end_pattern = r"\s+".join(re.escape(w) for w in words[-_ENDS:])
    for row in select_for(documents, "SELECT ?r ?content WHERE { {values} "
                                     "?r kg:content ?content }"):
        content = str(row["content"])
        start = re.search(start_pattern, content)
        end = re.compile(end_pattern).search(content, start.start()) if start else None
        if start and end and len(content[start.start():end.end()].split()) == len(words):
            return _blocks(content[start.start():end.end()])
    return [{"kind": "p", "text": " ".join(words)}]


def _blocks(written: str) -> list[dict[str, Any]]:
    """Paragraphs (lines joined), lists (lines with a list mark) and tables (lines of
    tab-separated cells) of a text, in order."""
    blocks: list[dict[str, Any]] = []
    for chunk in re.split(r"\n\s*\n", written):
        lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) > 1 and all("\t" in line for line in lines):
            rows = [[cell.strip() for cell in line.split("\t")] for line in lines]
            blocks.append({"kind": "table", "head": rows[0], "rows": rows[1:]})
            continue
        paragraph: list[str] = []
        for line in lines:
            if _LIST_MARK.match(line):
                if paragraph:
                    blocks.append({"kind": "p", "text": " ".join(paragraph)})
                    paragraph = []
                if not blocks or blocks[-1]["kind"] != "ul":
                    blocks.append({"kind": "ul", "items": []})
                blocks[-1]["items"].append(_LIST_MARK.sub("", line).strip())
            elif blocks and blocks[-1]["kind"] == "ul" and not paragraph:
                blocks[-1]["items"][-1] += " " + line.strip()  # a list item's next line
            else:
                paragraph.append(line.strip())
        if paragraph:
            blocks.append({"kind": "p", "text": " ".join(paragraph)})
    return blocks
