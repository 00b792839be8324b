"""Deterministic IRIs: the same input gives the same IRIs on every machine and every run."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from rdflib import URIRef

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


def slug(text: str) -> str:
    """Lower case ASCII slug: æ->ae, ø->oe, å->aa, accents dropped, other runs -> '-'."""
    folded = unicodedata.normalize("NFKD", text.translate(_DANISH))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


class Minter:
    """Mints the IRIs of one base (the ``base_iri`` setting)."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith("/") else base + "/"

    def iri(self, kind: str, *parts: str) -> URIRef:
        return URIRef(f"{self.base}{kind}/" + "--".join(parts))

    def document(self, sha256: str) -> URIRef:
        return self.iri("document", sha256)

    def person(self, canonical_name: str) -> URIRef:
        return self.iri("person", slug(canonical_name))

    def name_variant(self, person_slug: str, variant: str) -> URIRef:
        return self.iri("name-variant", person_slug, slug(variant))

    def body(
        self, canonical_name: str, kommunekode: str | None = None, scope: str | None = None
    ) -> URIRef:
        """A body by its canonical name; ``scope`` keeps a body named only by its kind
        ("Bestyrelsen" of an unnamed owner) apart from others of that name."""
        if kommunekode:
            return self.iri("municipality", kommunekode)
        if scope:
            return self.iri("body", slug(canonical_name), scope)
        return self.iri("body", slug(canonical_name))

    def meeting_slug(
        self, body_slug: str, when: date | None, case_number: str | None, sha256: str
    ) -> str:
        if when is not None:
            return f"{body_slug}--{when.isoformat()}"
        if case_number:
            return f"{body_slug}--{slug(case_number)}"
        return f"{body_slug}--undated-{sha256[:12]}"

    def evidence(self, sha256: str, start: int, end: int) -> URIRef:
        return self.iri("evidence", f"{sha256[:16]}-{start}-{end}")

    def election_period(self, start_year: int, end_year: int) -> URIRef:
        return self.iri("election-period", f"{start_year}-{end_year}")
