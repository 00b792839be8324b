"""The source document page: its text with every extracted span highlighted and anchored."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from flask import abort, request
from rdflib import URIRef

from api.pages.common import (
    LABEL_PATH,
    collect,
    findings_for,
    kind,
    label,
    properties,
    select,
    value,
    values,
)
from api.presentation import pick, slug_of
from ontology import DCT, KG

KIND_ORDER = ("person", "body", "municipality", "meeting", "agenda-item", "decision", "mandate",
              "name-variant", "substitution", "election-period")


def segments(content: str, spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Cut the text at every span boundary; mark the pieces inside a span, anchor span starts.

    Spans may overlap; a sweep over the boundaries keeps this linear in the number of spans.
    The first piece of each span carries ``id="c<start>"``, so ``#c<start>`` scrolls to it.
    """
    size = len(content)
    clipped = [(max(0, min(s, size)), max(0, min(e, size))) for s, e in spans]
    starts = {s for s, _ in clipped}
    delta: dict[int, int] = {}
    for start, end in clipped:
        if end > start:
            delta[start] = delta.get(start, 0) + 1
            delta[end] = delta.get(end, 0) - 1
    cuts = sorted({0, size, *starts, *delta})
    pieces: list[dict[str, Any]] = []
    active = 0
    for left, right in pairwise(cuts):
        active += delta.get(left, 0)
        pieces.append({"text": content[left:right], "mark": active > 0,
                       "anchor": f"c{left}" if left in starts else None})
    anchors = {p["anchor"] for p in pieces}
    for start in sorted(starts):
        if f"c{start}" not in anchors:  # a span at the very end, or in an empty text
            pieces.append({"text": "", "mark": False, "anchor": f"c{start}"})
    return pieces


SPAN = re.compile(r"^(\d{1,9})-(\d{1,9})$")


def _asked_span(size: int) -> tuple[int, int] | None:
    """The sentence ``?span=start-end`` a link from another page asks to highlight (a
    sentence that states a fact the graph keeps no quote for); 400 if it is not one."""
    asked = request.args.get("span")
    if asked is None:
        return None
    found = SPAN.match(asked)
    if not found or not int(found[1]) < int(found[2]) <= size:
        abort(400, description=f"span must be start-end within the text's {size} characters, "
                               f"start before end: {asked[:40]!r}")
    return int(found[1]), int(found[2])


def page(iri: URIRef) -> dict[str, Any]:
    props = properties(iri)
    content = pick(props.get(str(KG.content)) or []) or ""
    rows = select(f"""
        SELECT ?e ?ev ?start ?end ?quote ?page ?r ?rLabel WHERE {{
          ?ev kg:inDocument ?e .
          ?ev kg:start ?start ; kg:end ?end ; kg:quote ?quote .
          OPTIONAL {{ ?ev kg:page ?page }}
          OPTIONAL {{ ?r kg:evidence ?ev . OPTIONAL {{ ?r {LABEL_PATH} ?rLabel }} }}
        }}""", e=iri)
    spans = collect(rows, "ev", lists=("r",))
    labels: dict[str, list[Any]] = {}
    for row in rows:
        if "r" in row and "rLabel" in row:
            labels.setdefault(str(row["r"]), []).append(row["rLabel"])
    for span in spans:
        start, end = span.get("start"), span.get("end")
        span["exact"] = (isinstance(start, int) and isinstance(end, int)
                         and content[start:end] == span.get("quote"))
        span["about"] = [(r, pick(labels.get(r, [])) or slug_of(r), kind(r)) for r in span["r"]]
    spans.sort(key=lambda s: (s.get("start") if isinstance(s.get("start"), int) else 0,
                              s.get("end") if isinstance(s.get("end"), int) else 0))
    offsets = [(s["start"], s["end"]) for s in spans
               if isinstance(s.get("start"), int) and isinstance(s.get("end"), int)]
    shown_sentence = _asked_span(len(content))
    if shown_sentence:
        offsets.append(shown_sentence)

    derived = collect(select(f"""
        SELECT ?e ?r ?label WHERE {{
          ?r prov:wasDerivedFrom ?e .
          OPTIONAL {{ ?r {LABEL_PATH} ?label }}
        }}""", e=iri), "r", labels=("label",))
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for resource in derived:
        resource_kind = kind(resource["r"])
        if resource_kind == "evidence":
            continue
        resource["label"] = resource.get("label") or slug_of(resource["r"])
        by_kind.setdefault(resource_kind, []).append(resource)
    for group in by_kind.values():
        group.sort(key=lambda r: r["label"].casefold())
    ordered = sorted(by_kind.items(), key=lambda kv: (
        KIND_ORDER.index(kv[0]) if kv[0] in KIND_ORDER else len(KIND_ORDER), kv[0]))

    tools = [row["tool"] for row in select("""
        SELECT ?e ?tool WHERE {
          ?e prov:wasGeneratedBy ?activity . ?activity prov:wasAssociatedWith ?agent .
          ?agent rdfs:label ?tool .
        } ORDER BY ?tool""", e=iri) if "tool" in row]
    ocr_pages = sorted(int(str(row["page"])) for row in select("""
        SELECT ?e ?page WHERE { ?e prov:wasGeneratedBy ?activity . ?activity kg:ocrPage ?page }
        """, e=iri) if "page" in row)

    title = label(props, DCT.title) or value(props, KG.fileName) or slug_of(iri)
    return {
        "template": "document.html",
        "title": title,
        "file_name": value(props, KG.fileName),
        "sha256": value(props, KG.sha256) or slug_of(iri),
        "byte_size": value(props, KG.byteSize),
        "media_type": value(props, KG.mediaType),
        "genre": value(props, KG.genre),
        "notes": values(props, KG.extractionNote),
        "tools": tools,
        "ocr_pages": ocr_pages,
        "content": content,
        "segments": segments(content, offsets) if content else [],
        "spans": spans,
        "derived": ordered,
        "findings": findings_for(iri),
    }
