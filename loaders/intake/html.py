"""Web pages and agenda XML, parsed with lxml.

A saved page of a meeting portal holds the document inside the site: navigation, a cookie
banner, "Udskriv" and "Tilbage til toppen". Those are dropped (loaders/intake/web.yaml), the
main content is found, and its headings, paragraphs, list items and table rows become lines
(cells separated by tabs). An agenda XML ("dagsorden.xml") is read field by field: each
item's number and title as its heading, each field's name on a line above its text.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from lxml import etree
from lxml import html as lxml_html

from kommunegraf.errors import LoaderError
from loaders.intake.base import Extracted, Extraction, TextBuilder, Tool, one_line
from loaders.intake.plain import decode
from loaders.language import cue

BLOCKS = frozenset({
    "address", "article", "blockquote", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
    "thead", "tr", "ul",
})
# Blocks followed by an empty line; list items, table rows and the like follow each other.
PARAGRAPHS = BLOCKS - {"li", "tr", "dt", "dd", "tbody", "thead", "tfoot"}
CELLS = frozenset({"td", "th"})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@cache
def web() -> dict[str, Any]:
    with (Path(__file__).parent / "web.yaml").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def _tag(element: Any) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _local(element: Any) -> str:
    return etree.QName(element).localname.casefold() if isinstance(element.tag, str) else ""


def _is_site_part(element: Any, in_main: bool) -> bool:
    data = web()
    tag = _tag(element)
    if tag in data["drop_elements"] or (tag in data["site_furniture"] and not in_main):
        return True
    if (element.get("role") or "").lower() in data["drop_roles"]:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    words = set(re.split(r"[\s_\-]+", f"{element.get('id', '')} {element.get('class', '')}"
                         .casefold()))
    if words & _drop_markers():
        return True
    text = one_line(element.text_content())
    return len(text) < 40 and (
        text.casefold() in _drop_phrases() or cue("chrome").match(text) is not None
    )


@cache
def _drop_markers() -> frozenset[str]:
    return frozenset(web()["drop_markers"])


@cache
def _drop_phrases() -> frozenset[str]:
    """Buttons and links beyond the chrome the cleaner knows (cues.yaml's ``chrome``)."""
    return frozenset(p.casefold() for p in web()["drop_phrases"])


def _main_content(root: Any) -> Any:
    for selector in web()["main_content"]:
        if selector.startswith("[role="):
            found = root.xpath(f"//*[@role='{selector[6:-1]}']")
        elif selector.startswith("#"):
            found = root.xpath(f"//*[@id='{selector[1:]}']")
        else:
            found = root.xpath(f"//{selector}")
        if len(found) == 1:
            return found[0]
    body = root.find("body")
    return body if body is not None else root


def _drop_site_parts(element: Any, in_main: bool) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or _is_site_part(child, in_main):  # or a comment
            child.drop_tree()
        else:
            _drop_site_parts(child, in_main)


class _Lines:
    """Inline text gathered into lines, and lines into the document's text."""

    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.pending: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.pending.append(text)

    def flush(self) -> None:
        self.builder.line(one_line("".join(self.pending)))
        self.pending = []

    def walk(self, element: Any) -> None:
        tag = _tag(element)
        if tag == "br":
            self.flush()
        elif tag == "tr":
            self.flush()
            self.builder.row([one_line(cell.text_content()) for cell in element
                              if _tag(cell) in CELLS])
        elif tag == "pre":
            self.flush()
            for line in element.text_content().split("\n"):
                self.builder.line(line)
            self.builder.paragraph_break()
        elif tag in BLOCKS:
            self.flush()
            self.add(element.text)
            for child in element:
                self.walk(child)
            self.flush()
            if tag in PARAGRAPHS:
                self.builder.paragraph_break()
        else:
            self.add(element.text)
            for child in element:
                self.walk(child)
        self.add(element.tail)


def page_text(markup: str) -> str:
    """The main content of an HTML page (or fragment) as lines of text."""
    try:
        root = lxml_html.document_fromstring(_XML_DECLARATION.sub("", markup))
    except (etree.ParserError, ValueError):
        return ""
    main = _main_content(root)
    _drop_site_parts(main, in_main=main.tag != "body")
    lines = _Lines()
    lines.add(main.text)
    for child in main:
        lines.walk(child)
    lines.flush()
    return lines.builder.text()


def read_html(path: Path, data: bytes) -> Extracted:
    """Read a saved web page: its main content, as lines."""
    declared = _CHARSET.search(data[:4096])
    text, encoding, notes, warnings = decode(
        data, declared.group(1).decode("ascii") if declared else None)
    extracted = page_text(text)
    if not extracted.strip():
        raise LoaderError(path, "the web page has no text in its main content")
    return Extracted(extracted, Extraction(Tool.library("lxml")), encoding, notes=tuple(notes),
                     warnings=tuple(warnings))


# --- agenda XML ------------------------------------------------------------------------------


def _child_text(element: Any, names: list[str]) -> str | None:
    for child in element:
        if _local(child) in names and len(child) == 0 and (child.text or "").strip():
            return one_line(child.text or "")
    return None


def _attribute(element: Any, names: list[str]) -> str | None:
    for key, value in element.attrib.items():
        if etree.QName(key).localname.casefold() in names and value.strip():
            return one_line(value)
    return None


def _field_text(value: str) -> list[str]:
    """A field's value, which portals often fill with HTML, as lines."""
    if re.search(r"<[a-zA-Z][^>]*>", value):
        return page_text(value).split("\n")
    return [line.strip() for line in value.split("\n")]


class _Agenda:
    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.names = web()["agenda_xml"]

    def block(self, label: str | None, value: str) -> None:
        if label:
            self.builder.line(label)
        for line in _field_text(value):
            self.builder.line(line)
        self.builder.paragraph_break()

    def walk(self, element: Any) -> None:
        names = self.names
        local = _local(element)
        if local in names["meeting"]:
            short = [child for child in element if len(child) == 0
                     and 0 < len((child.text or "").strip()) <= 80 and "\n" not in
                     (child.text or "").strip()]
            self.builder.line(" ".join(one_line(child.text or "") for child in short))
            self.builder.paragraph_break()
            for child in element:
                if child not in short:
                    self.walk(child)
            return
        if local in names["item"]:
            number = _child_text(element, names["number"]) or _attribute(element, names["number"])
            title = _child_text(element, names["title"]) or _attribute(element, names["title"])
            heading = " ".join(part for part in (f"{number}." if number else None, title) if part)
            self.builder.line(heading)
            self.builder.paragraph_break()
            skip = {*names["number"], *names["title"]}
            for child in element:
                if _local(child) not in skip or len(child):
                    self.walk(child)
            return
        if len(element) == 0:
            value = element.text or ""
            if value.strip():
                label = _attribute(element, names["field_name"]) or etree.QName(element).localname
                self.block(label, value)
            return
        label = _attribute(element, names["field_name"]) or _child_text(element,
                                                                        names["field_name"])
        value = next((c for c in element if _local(c) in names["field_value"]), None)
        if label and value is not None:  # <Felt navn="Beslutning"><Indhold>...</Indhold></Felt>
            inner = (value.text or "") + "".join(
                etree.tostring(c, encoding="unicode", with_tail=True) for c in value)
            self.block(label, inner)
            return
        for child in element:
            self.walk(child)


def read_agenda_xml(path: Path, data: bytes) -> Extracted:
    """Read an agenda XML field by field; raise LoaderError if it is not well-formed XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise LoaderError(path, f"not well-formed XML ({error})") from None
    agenda = _Agenda()
    agenda.walk(root)
    text = agenda.builder.text()
    if not text.strip():
        raise LoaderError(path, "the XML holds no text")
    return Extracted(text, Extraction(Tool.library("lxml")), "utf-8")
