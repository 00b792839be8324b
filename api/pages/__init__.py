"""The data behind each kind of entity page, one module per page (Datasette's view split).

Each ``page(iri)`` returns the template name and its context; the kind is the first path
segment of the IRI (``{base}{kind}/{slug}``, docs/data-model.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rdflib import URIRef

from api.pages import agenda, body, document, generic, meeting, person

Page = Callable[[URIRef], dict[str, Any]]

PAGES: dict[str, Page] = {
    "person": person.page,
    "body": body.page,
    "municipality": body.page,
    "meeting": meeting.page,
    "agenda-item": agenda.item_page,
    "decision": agenda.decision_page,
    "document": document.page,
}


def page_for(kind: str) -> Page:
    return PAGES.get(kind, generic.page)
