"""Full-text search over names, labels, titles, decision texts and evidence quotes.

SPARQL has no accent folding and a CONTAINS scan over every label does not scale (see
PERFORMANCE-NOTES.md: 95 ms for a COUNT at 1M triples in memory, 591 ms on disk), so the
browser searches a small in-process index instead. It is built from the store with fixed
queries (the search term never reaches SPARQL) and rebuilt when the store changes
(:func:`api.db.cached`). Matching folds case and accents (é->e) and treats every word of the
query as a prefix: "jes kaa" finds "Jesper Kaas Schmidt". The Danish letters match both ways
of writing them without them: "Sørensen" is found as "soerensen" and as "sorensen", "Ærø"
as "aeroe" and "aero". A Danish word is also found by its stem (Snowball's Danish stemmer):
"formanden" finds "formand", "udvalgets" finds "udvalg".

People are found by what they are as well as by name: every mandate adds its role, job
title and body to its holder ("kommunaldirektør", "formand uddannelsesstyregruppen"), current
mandates first; a body is found by the names of its members. Each hit says where it comes
from: the meeting of an agenda item or decision, the document of a quote, the role and
period of a person found by role.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal

from api.danish import stem
from api.i18n import format_date, t
from api.presentation import SPARQL_PREFIXES, vocabulary_label
from kommunegraf.store import GraphStore

WORD = re.compile(r"\w+")
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
PER_GROUP = 20
SNIPPET = 90  # characters of context on each side of the first matching word

# What is searched: predicate -> (field name, weight). A higher weight ranks first.
FIELDS = {
    "http://xmlns.com/foaf/0.1/name": ("name", 5),
    "http://www.w3.org/2004/02/skos/core#prefLabel": ("name", 5),
    "http://www.w3.org/2000/01/rdf-schema#label": ("label", 4),
    "http://www.w3.org/2004/02/skos/core#altLabel": ("alias", 4),
    "https://kommunegraf.dk/ontology#variantLabel": ("alias", 3),
    "http://purl.org/dc/terms/title": ("title", 3),
    "https://kommunegraf.dk/ontology#text": ("text", 2),
    "https://kommunegraf.dk/ontology#quote": ("quote", 1),
}

VARIANT_LABEL = "https://kommunegraf.dk/ontology#variantLabel"

KIND_ORDER = ("person", "body", "municipality", "meeting", "agenda-item", "decision", "document",
              "mandate", "election-period", "name-variant", "evidence")

_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss", "đ": "d", "ł": "l"})
_PLAIN = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "đ": "d", "ł": "l"})


def fold(text: str, spelled_out: bool = True) -> str:
    """Lower case without accents: "Ærø" -> "aeroe" (spelled out) or "aero" (plain)."""
    table = _SPELLED_OUT if spelled_out else _PLAIN
    text = unicodedata.normalize("NFC", text).casefold().translate(table)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def word_forms(text: str) -> set[str]:
    """Every folded form of every word of the text."""
    return set(WORD.findall(fold(text))) | set(WORD.findall(fold(text, spelled_out=False)))


def terms(query: str) -> list[tuple[str, ...]]:
    """The query's words, each with its folded forms ("Søren" -> ("soeren", "soren"))."""
    found = []
    for word in WORD.findall(query[:MAX_QUERY_LENGTH])[:MAX_TERMS]:
        base = stem(word)
        forms = dict.fromkeys((fold(word), fold(word, spelled_out=False),
                               fold(base), fold(base, spelled_out=False)))
        found.append(tuple(f for f in forms if f))
    return [f for f in found if f]


def _matches(word: str, wanted: Iterable[tuple[str, ...]]) -> bool:
    forms = (fold(word), fold(word, spelled_out=False))
    return any(f.startswith(t) for f in forms for term in wanted for t in term)


@dataclass(frozen=True)
class Entry:
    """One searchable text of one resource."""

    iri: str
    kind: str
    field: str
    weight: int
    text: str
    label: str
    href: str | None = None
    context: str = ""  # where the hit comes from: its meeting, document, role and period
    boost: float = 0.0  # ranks it higher among entries of the same field (current mandates)


@dataclass
class Hit:
    entry: Entry
    score: float
    snippet: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class SearchIndex:
    """An inverted index from folded words to entries, with prefix lookup by bisection.

    Each entry's folded text and the part of its score that does not depend on the query
    are computed once, when the index is built: a common word ("kommune") matches tens of
    thousands of entries, and a search must only compare strings for each of them.
    """

    entries: list[Entry]
    words: list[str]
    postings: dict[str, list[int]]
    folded: list[str]
    static_scores: list[float]

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> SearchIndex:
        stored = list(entries)
        postings: dict[str, list[int]] = {}
        folded: list[str] = []
        static_scores: list[float] = []
        seen: dict[str, tuple[set[str], str]] = {}  # many texts repeat (names in many graphs)
        for number, entry in enumerate(stored):
            found = seen.get(entry.text)
            if found is None:
                found = seen[entry.text] = (word_forms(entry.text),
                                            " ".join(WORD.findall(fold(entry.text))))
            forms, text = found
            for word in forms:
                postings.setdefault(word, []).append(number)
            folded.append(text)
            static_scores.append(entry.weight * 10.0 + entry.boost - min(len(text), 400) / 400)
        return cls(stored, sorted(postings), postings, folded, static_scores)

    def _prefixed(self, prefix: str) -> set[int]:
        found: set[int] = set()
        position = bisect.bisect_left(self.words, prefix)
        while position < len(self.words) and self.words[position].startswith(prefix):
            found.update(self.postings[self.words[position]])
            position += 1
        return found

    def search(self, query: str) -> list[tuple[str, list[Hit], int]]:
        """Resources with a text containing every query word as a prefix of one of its
        words, by kind, the kind with the best hit first: the best PER_GROUP of each (by field, then
        a text that is the query or starts with it, then shorter texts, then by label), and
        how many there are of that kind."""
        wanted = terms(query)
        if not wanted:
            return []
        matches: set[int] | None = None
        for term in sorted(set(wanted), key=lambda forms: len(forms[0]), reverse=True):
            found: set[int] = set()
            for form in term:
                found |= self._prefixed(form)
            matches = found if matches is None else matches & found
            if not matches:
                return []
        phrase = " ".join(term[0] for term in wanted)
        best: dict[str, tuple[float, int]] = {}
        entries, folded, static_scores = self.entries, self.folded, self.static_scores
        for number in matches or ():
            score = static_scores[number]
            text = folded[number]
            if text.startswith(phrase):
                score += 8 if text == phrase else 4
            iri = entries[number].iri
            current = best.get(iri)
            if current is None or score > current[0]:
                best[iri] = (score, number)
        by_kind: dict[str, list[tuple[float, int]]] = {}
        for score, number in best.values():
            by_kind.setdefault(entries[number].kind, []).append((score, number))
        groups = []
        # The kind with the best hit first ("uddannelsesstyregruppen": the body before the
        # persons whose mandates name it), kinds in a fixed order when their best are equal.
        for kind in sorted(by_kind, key=lambda k: (
                -max(score for score, _ in by_kind[k]),
                KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER), k)):
            ranked = by_kind[kind]
            # Only the entries that can be among the best are sorted by label.
            cut = heapq.nlargest(PER_GROUP, ranked)[-1][0]
            shown = sorted((r for r in ranked if r[0] >= cut),
                           key=lambda r: (-r[0], entries[r[1]].label.casefold()))[:PER_GROUP]
            groups.append((kind, [Hit(entries[n], s) for s, n in shown], len(ranked)))
        return groups


def results(index: SearchIndex, query: str) -> list[tuple[str, list[Hit], int]]:
    """What the search page shows: :meth:`SearchIndex.search`, each shown hit with the
    snippet of its text around the match."""
    groups = index.search(query)
    wanted = terms(query)
    for _kind, shown, _total in groups:
        for hit in shown:
            hit.snippet = snippet(hit.entry.text, wanted)
    return groups


def snippet(text: str, wanted: list[tuple[str, ...]]) -> list[tuple[str, bool]]:
    """The text around the first match, cut into (piece, is_match) for highlighting."""
    found = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    matching = [(s, e) for s, e, w in found if _matches(w, wanted)]
    if not matching:
        return [(text[: 2 * SNIPPET], False)]
    first = matching[0][0]
    left = max(0, first - SNIPPET)
    right = min(len(text), first + SNIPPET)
    pieces: list[tuple[str, bool]] = []
    if left > 0:
        pieces.append(("…", False))
    cursor = left
    for start, end in matching:
        if start < left or end > right:
            continue
        pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    pieces.append((text[cursor:right], False))
    if right < len(text):
        pieces.append(("…", False))
    return [p for p in pieces if p[0]]


def _rows(store: GraphStore, sparql: str, base: str) -> Iterator[dict[str, str]]:
    """Solutions as plain strings: building the index must not pay for rdflib terms."""
    results = store.query(SPARQL_PREFIXES + sparql, {"base": Literal(base)})
    names = [v.value for v in results.variables]
    for solution in results:
        yield {n: solution[n].value for n in names if solution[n] is not None}


def _date(text: str | None) -> dt.date | str | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return text


def build_index(store: GraphStore, base: str, local_path: Any, meeting_label: Any,
                evidence_href: Any) -> SearchIndex:
    """Read every searchable text of the resources under ``base`` into a new index."""
    entries: list[Entry] = []
    predicates = " ".join(f"<{p}>" for p in FIELDS)
    labels: dict[str, str] = {}
    # The union of the graphs repeats a triple once per graph that states it: keep one.
    rows = list({(r["r"], r["p"], r["text"]): r for r in _rows(
        store, "SELECT ?base ?r ?p ?text WHERE { VALUES ?p { " + predicates
        + " } ?r ?p ?text . FILTER(ISIRI(?r) && STRSTARTS(STR(?r), ?base)) }", base)}.values())
    for row in rows:
        name, _ = FIELDS[row["p"]]
        if name in ("name", "label", "title") or row["p"] == VARIANT_LABEL:
            labels.setdefault(row["r"], row["text"])
    # Decisions are named by their agenda item; meetings by body and date.
    meeting_of: dict[str, str] = {}  # agenda item or decision -> its meeting
    for row in _rows(store, """
            SELECT ?base ?d ?item ?title ?number WHERE { ?item kg:decision ?d .
              OPTIONAL { ?item dct:title ?title } OPTIONAL { ?item kg:number ?number }
              FILTER(STRSTARTS(STR(?d), ?base)) }""", base):
        number = f"{row['number']}. " if "number" in row else ""
        labels.setdefault(row["d"], number + row.get("title", ""))
        meeting_of.setdefault(row["d"], row["item"])
    for row in _rows(store, """
            SELECT ?base ?m ?item WHERE { ?m kg:hasAgendaItem ?item .
              FILTER(STRSTARTS(STR(?m), ?base)) }""", base):
        meeting_of[row["item"]] = row["m"]
    meeting_texts: dict[str, str] = {}
    for row in _rows(store, """
            SELECT ?base ?m ?date ?body ?status WHERE { ?m kg:heldBy ?b .
              OPTIONAL { ?m kg:date ?date } OPTIONAL { ?b skos:prefLabel ?body }
              OPTIONAL { ?m kg:meetingStatus ?status }
              FILTER(STRSTARTS(STR(?m), ?base)) }""", base):
        if row["m"] in meeting_texts:
            continue
        text = meeting_texts[row["m"]] = meeting_label(row.get("body"), _date(row.get("date")))
        status = (vocabulary_label(row["status"]) if "status" in row
                  else t("meeting.status_unknown"))
        if row["m"] not in labels:
            labels[row["m"]] = text
            entries.append(Entry(row["m"], "meeting", "label", 2, text, text,
                                 local_path(row["m"]), context=status))
    places = {row["ev"]: (evidence_href(row.get("doc"), row.get("start")), row.get("doc", ""))
              for row in _rows(store, """
            SELECT ?base ?ev ?doc ?start WHERE { ?ev kg:quote ?q .
              OPTIONAL { ?ev kg:inDocument ?doc } OPTIONAL { ?ev kg:start ?start }
              FILTER(STRSTARTS(STR(?ev), ?base)) }""", base)}

    def context(iri: str) -> str:
        """The meeting an agenda item or decision belongs to."""
        owner = meeting_of.get(iri)
        owner = meeting_of.get(owner, owner) if owner else None  # a decision's item's meeting
        return meeting_texts.get(owner or "", "")

    for row in rows:
        iri, text = row["r"], row["text"]
        name, weight = FIELDS[row["p"]]
        if name == "quote":
            place, doc = places.get(iri, (None, ""))
            entries.append(Entry(iri, "evidence", name, weight, text, text, place,
                                 context=labels.get(doc, "")))
            continue
        kind = iri[len(base):].partition("/")[0] or "other"
        label = labels.get(iri) or iri[len(base):]
        entries.append(Entry(iri, kind, name, weight, text, label, local_path(iri),
                             context=context(iri)))
    entries.extend(_mandate_entries(store, base, labels, local_path))
    return SearchIndex.build(entries)


def _period(start: dt.date | str | None, end: dt.date | str | None,
            as_of: dt.date | str | None) -> str:
    """A mandate's period as the documents state it: its dates, else the date of the
    document that states it, else "undated"."""
    if start and end:
        return f"{format_date(start)} – {format_date(end)}"
    if start:
        return f"{t('since')} {format_date(start)}"
    if end:
        return f"{t('until')} {format_date(end)}"
    if as_of:
        return f"{t('body.stated_as_of')} {format_date(as_of)}"
    return t("undated")


def _mandate_entries(store: GraphStore, base: str, labels: dict[str, str],
                     local_path: Any) -> Iterator[Entry]:
    """Each mandate as a text of its holder (role, job title and body: "formand
    Uddannelsesstyregruppen") and as a text of its body (the holder's name), current
    mandates ranked first."""
    today = dt.date.today()
    seen: set[str] = set()
    for row in _rows(store, """
            SELECT ?base ?m ?holder ?role ?jobTitle ?body ?start ?end ?asOf WHERE {
              ?m kg:holder ?holder ; kg:role ?role .
              OPTIONAL { ?m kg:jobTitle ?jobTitle } OPTIONAL { ?m kg:body ?body }
              OPTIONAL { ?m kg:startDate ?start } OPTIONAL { ?m kg:endDate ?end }
              OPTIONAL { ?m kg:statedAsOf ?asOf }
              FILTER(STRSTARTS(STR(?m), ?base)) } ORDER BY ?m""", base):
        if row["m"] in seen:  # a body's or a holder's second label repeats the mandate
            continue
        seen.add(row["m"])
        holder, body = row["holder"], row.get("body", "")
        name, body_label = labels.get(holder, holder[len(base):]), labels.get(body, "")
        role, danish_role = vocabulary_label(row["role"]), vocabulary_label(row["role"], "da")
        end = _date(row.get("end"))
        current = not isinstance(end, dt.date) or end >= today
        period = _period(_date(row.get("start")), end, _date(row.get("asOf")))
        words = dict.fromkeys(w for w in (role, danish_role, row.get("jobTitle"), body_label) if w)
        described = ", ".join(p for p in (role, body_label, period) if p)
        boost = 3.0 if current else 0.0
        yield Entry(holder, "person", "role", 4, " ".join(words), name, local_path(holder),
                    context=described, boost=boost)
        if body:
            yield Entry(body, "body", "member", 2, name, body_label or body[len(base):],
                        local_path(body), context=f"{role}: {name}, {period}", boost=boost)
