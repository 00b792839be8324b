"""The organisation chart: which body hører under which, as the documents state it.

The reader records ``org:subOrganizationOf`` for every group it finds in a document about a
body, also where the text only says that the body's secretariat serves the group. The chart
therefore draws a link only where a sentence of a document that records it names both bodies
and says that one is under the other ("hører under", "styregruppe under KD-Net"), and shows
that sentence one click away. A group whose sentence says a secretariat serves it is shown as
served, not as a sub-body; the other recorded links are listed as not stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rdflib import URIRef

from api.pages.common import collect, select, select_for, sentence_around, sentence_href
from api.presentation import href, pick

# Deepest chart drawn (guards against cycles in org:subOrganizationOf).
MAX_DEPTH = 8
# Documents read for the sentence of one link: the first ones that record it.
DOCUMENTS_PER_LINK = 3
# Places of a body's name looked at in one document.
PLACES_PER_NAME = 40

# A sentence that puts the first body under the second.
_UNDER = re.compile(r"\b(?:hører\b[^.]{0,40}?\b(?:under|til)|under|nedsat af|refererer til)\b",
                    re.IGNORECASE)
# A sentence that says a secretariat serves the body.
_SERVED = re.compile(r"sekretariatsbetjen|\bbetjen(?:er|es|ing af)\b", re.IGNORECASE)
# A line that is an item of a list.
_LIST_ITEM = re.compile(r"[ \t]*(?:[-•*o]|\d+[.)])[ \t]")

STATED, SERVED, NOT_STATED = "stated", "served", "not-stated"


@dataclass
class Link:
    """One recorded "hører under" link, with how the documents state it."""

    child: str
    parent: str
    child_label: str
    documents: list[str] = field(default_factory=list)
    status: str = NOT_STATED
    quote: dict[str, Any] | None = None


def _names(bodies: set[str]) -> dict[str, list[str]]:
    """Every name (preferred and other labels) of each body, longest first."""
    names: dict[str, list[str]] = {b: [] for b in bodies}
    for row in select_for(bodies, "SELECT ?r ?name WHERE { {values} "
                                  "?r skos:prefLabel|skos:altLabel ?name }"):
        names[str(row["r"])].append(str(row["name"]))
    return {b: sorted(set(n), key=len, reverse=True) for b, n in names.items()}


def _places(folded: str, name: str) -> list[int]:
    found: list[int] = []
    at = folded.find(name)
    while at >= 0 and len(found) < PLACES_PER_NAME:
        found.append(at)
        at = folded.find(name, at + 1)
    return found


def _lead_in(content: str, start: int) -> tuple[int, int] | None:
    """For a sentence that is an item of a list, the sentence that introduces the list
    ("Der er etableret tre sekretariater under KD-Net." before "• KD-Net sekretariatet")."""
    line = content.rfind("\n", 0, start) + 1
    if not _LIST_ITEM.match(content, line):
        return None
    while line > 0:
        previous = content.rfind("\n", 0, line - 1) + 1
        text = content[previous:line - 1]
        if text.strip() and not _LIST_ITEM.match(text):
            end = previous + len(text.rstrip())
            return sentence_around(content, end - 1, end)
        line = previous
    return None


def _statement(content: str, at: int, length: int, parent_names: list[str]
               ) -> tuple[str, int, int, str] | None:
    """Whether the sentence around ``content[at:at + length]`` (a name of the child) puts it
    under the parent or says a secretariat serves it: (status, start, end, quote) or None."""
    start, end = sentence_around(content, at, at + length)
    folded = content.casefold()
    rest = folded[start:at] + folded[at + length:end]
    if _UNDER.search(rest) and any(p in rest for p in parent_names):
        return STATED, start, end, content[start:end]
    lead = _lead_in(content, start)
    if lead:
        lead_text = folded[lead[0]:lead[1]]
        if _UNDER.search(lead_text) and any(p in lead_text for p in parent_names):
            return STATED, lead[0], end, f"{content[lead[0]:lead[1]]} … {content[start:end]}"
    if _SERVED.search(rest):
        return SERVED, start, end, content[start:end]
    return None


def _classify(links: list[Link]) -> None:
    """Set each link's status and quote from the sentences of the documents recording it."""
    names = _names({link.child for link in links} | {link.parent for link in links})
    documents = {doc for link in links for doc in link.documents}
    contents = {str(row["r"]): str(row["content"]) for row in select_for(
        documents, "SELECT ?r ?content WHERE { {values} ?r kg:content ?content }")}
    for link in links:
        parent_names = [n.casefold() for n in names.get(link.parent, [])]
        for doc in link.documents:
            content = contents.get(doc)
            if not content:
                continue
            folded = content.casefold()
            for name in names.get(link.child, []):
                for at in _places(folded, name.casefold()):
                    found = _statement(content, at, len(name), parent_names)
                    if found and (link.quote is None or found[0] == STATED):
                        status, start, end, quote = found
                        link.status = status
                        link.quote = {"quote": quote, "doc": doc,
                                      "href": sentence_href(URIRef(doc), start, end)}
                    if link.status == STATED:
                        break
                if link.status == STATED:
                    break
            if link.status == STATED:
                break


def links_below(root: URIRef) -> list[Link]:
    """Every recorded link in the organisation below ``root``, classified."""
    rows = select("""
        SELECT ?e ?child ?parent ?label ?g WHERE {
          ?child org:subOrganizationOf+ ?e .
          GRAPH ?g { ?child org:subOrganizationOf ?parent }
          OPTIONAL { ?child skos:prefLabel ?label }
        } ORDER BY ?g""", e=root)
    labels = {r["child"]: pick([x["label"] for x in rows if x["child"] == r["child"]
                                and "label" in x]) for r in rows}
    links: dict[tuple[str, str], Link] = {}
    for row in rows:
        child, parent = str(row["child"]), str(row["parent"])
        link = links.setdefault((child, parent), Link(child, parent, labels[row["child"]] or child))
        if len(link.documents) < DOCUMENTS_PER_LINK and str(row["g"]) not in link.documents:
            link.documents.append(str(row["g"]))
    found = sorted(links.values(), key=lambda link: link.child_label.casefold())
    _classify(found)
    return found


def ancestors(iri: URIRef) -> list[dict[str, Any]]:
    """The bodies ``iri`` is recorded under, nearest first, each with its label."""
    rows = select("""
        SELECT ?e ?anc ?label ?parent WHERE {
          ?e org:subOrganizationOf+ ?anc .
          OPTIONAL { ?anc skos:prefLabel ?label }
          OPTIONAL { ?anc org:subOrganizationOf ?parent }
        }""", e=iri)
    info = {a["anc"]: a for a in collect(rows, "anc", labels=("label",))}
    direct = [str(r["p"]) for r in select(
        "SELECT ?e ?p WHERE { ?e org:subOrganizationOf ?p } ORDER BY ?p", e=iri)]
    chain: list[dict[str, Any]] = []
    current = direct[0] if direct else None
    while current is not None and current in info and len(chain) < MAX_DEPTH:
        chain.append(info[current])
        current = info[current].get("parent")
        if current in {c["anc"] for c in chain}:
            break
    return chain


def tree(root: str, root_label: str, links: list[Link]) -> dict[str, Any]:
    """The chart below ``root`` drawn from the stated links only."""
    children: dict[str, list[Link]] = {}
    for link in links:
        if link.status == STATED:
            children.setdefault(link.parent, []).append(link)

    def build(iri: str, name: str, quote: dict[str, Any] | None, depth: int,
              path: frozenset[str]) -> dict[str, Any]:
        kids = [] if depth >= MAX_DEPTH else [
            build(c.child, c.child_label, c.quote, depth + 1, path | {iri})
            for c in children.get(iri, []) if c.child not in path]
        return {"iri": iri, "label": name, "quote": quote, "children": kids}

    return build(root, root_label, None, 0, frozenset())


def subtree(node: dict[str, Any], iri: str) -> dict[str, Any] | None:
    """The node of ``iri`` in a chart, with what is below it."""
    if node["iri"] == iri:
        return node
    for child in node["children"]:
        found = subtree(child, iri)
        if found:
            return found
    return None


# The SVG picture: one row per body, indented by depth, sized for an A4 page (about 180 mm
# wide: 720 units at 4 units per millimetre, so text of 13 units prints at about 9 pt).
SVG_WIDTH = 720
ROW, INDENT, BOX_HEIGHT, FONT, CHAR = 34, 28, 24, 13, 7.2


def svg(node: dict[str, Any], title: str) -> str:
    """The chart below ``node`` as an SVG picture drawn on the server: every body a box that
    links to its page, lines from each body to those under it."""
    rows: list[tuple[int, dict[str, Any], int | None]] = []  # (depth, node, parent's row)

    def walk(current: dict[str, Any], depth: int, parent: int | None) -> None:
        rows.append((depth, current, parent))
        mine = len(rows) - 1
        for child in current["children"]:
            walk(child, depth + 1, mine)

    walk(node, 0, None)
    height = len(rows) * ROW + 8
    # A group, not an image: it holds links, which a screen reader must reach.
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="orgchart" role="group" '
             f'aria-label={quoteattr(title)} '
             f'viewBox="0 0 {SVG_WIDTH} {height}" width="{SVG_WIDTH}" height="{height}" '
             f'font-family="Helvetica, Arial, sans-serif" font-size="{FONT}">',
             f"<title>{escape(title)}</title>"]
    for number, (depth, current, parent) in enumerate(rows):
        x, y = 4 + depth * INDENT, 4 + number * ROW
        if parent is not None:
            parent_depth = rows[parent][0]
            px = 4 + parent_depth * INDENT + INDENT // 2
            py = 4 + parent * ROW + BOX_HEIGHT
            parts.append(f'<path d="M{px} {py} V{y + BOX_HEIGHT // 2} H{x}" fill="none" '
                         f'stroke="#5b6670" stroke-width="1.5"/>')
        room = (SVG_WIDTH - x - 8 - 16) / CHAR
        label = current["label"] if len(current["label"]) <= room else (
            current["label"][:max(1, int(room) - 1)] + "…")
        width = min(SVG_WIDTH - x - 4, int(len(label) * CHAR) + 16)
        box = (f'<rect x="{x}" y="{y}" width="{width}" height="{BOX_HEIGHT}" rx="4" '
               f'fill="{"#0b5394" if depth == 0 else "#ffffff"}" stroke="#0b5394"/>'
               f'<text x="{x + 8}" y="{y + BOX_HEIGHT // 2 + FONT // 2 - 1}" '
               f'fill="{"#ffffff" if depth == 0 else "#1a1a1a"}">{escape(label)}</text>')
        target = href(URIRef(current["iri"]))
        parts.append(f"<a href={quoteattr(target)}>{box}</a>" if target else box)
    parts.append("</svg>")
    return "".join(parts)
