"""Extraction quality against the hand-written gold annotations (tests/gold/).

Each seed is extracted as in a build (entities resolved across all documents given), its
named graph is read back with SPARQL, and every kind of fact is compared with the gold:
persons, bodies, meetings, agenda items, decisions on the document's own agenda items,
mandates and attendance. Gold entries marked ``uncertain`` count neither way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz
from rdflib import Graph

from loaders import Minter, document_triples, extract, read_source, resolve
from loaders.bodies import normalise as normalise_body
from loaders.people import normalise_name
from ontology import sparql_prefixes

KINDS = (
    "persons",
    "bodies",
    "meetings",
    "meeting_date",
    "agenda_items",
    "decisions",
    "mandates",
    "attendance",
    "attendees",
    "absentees",
    "substitutes",
)
# Kinds scored on a gold file whose ``scored`` list names its parent kind.
DERIVED = {
    "meeting_date": "meetings",
    "attendees": "attendance",
    "absentees": "attendance",
    "substitutes": "attendance",
}
# How alike an extracted item title must be to the gold's (rapidfuzz token-set ratio).
TITLE_SIMILARITY = 80


@dataclass
class Score:
    true_positives: int = 0
    extracted: int = 0
    gold: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    def add(self, other: Score) -> None:
        self.true_positives += other.true_positives
        self.extracted += other.extracted
        self.gold += other.gold
        self.missed += other.missed
        self.spurious += other.spurious


@dataclass
class Evaluation:
    per_document: dict[str, dict[str, Score]]

    @property
    def totals(self) -> dict[str, Score]:
        totals = {kind: Score() for kind in KINDS}
        for scores in self.per_document.values():
            for kind, score in scores.items():
                totals[kind].add(score)
        return totals

    @property
    def documents(self) -> int:
        return len(self.per_document)

    def as_table(self, details: bool = False) -> str:
        rows = [f"{'kind':<14}{'precision':>10}{'recall':>8}{'tp':>6}{'found':>7}{'gold':>6}"]
        for kind, score in self.totals.items():
            if not score.gold and not score.extracted:
                continue
            rows.append(
                f"{kind:<14}{score.precision:>10.3f}{score.recall:>8.3f}"
                f"{score.true_positives:>6}{score.extracted:>7}{score.gold:>6}"
            )
        if details:
            for document, scores in self.per_document.items():
                for kind, score in scores.items():
                    rows.extend(f"  {document}: missed   {kind}: {m}" for m in score.missed)
                    rows.extend(f"  {document}: spurious {kind}: {m}" for m in score.spurious)
        return "\n".join(rows) + "\n"


def _labels_of_gold_bodies(gold: dict[str, Any]) -> dict[str, set[str]]:
    labels: dict[str, set[str]] = {}
    for body in gold.get("bodies") or []:
        labels[body["name"]] = {normalise_body(body["name"])} | {
            normalise_body(a) for a in body.get("aliases") or []
        }
    return labels


def _names_of_gold_persons(gold: dict[str, Any]) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for person in gold.get("persons") or []:
        names[person["name"]] = {normalise_name(person["name"])} | {
            normalise_name(v) for v in person.get("variants") or []
        }
    return names


def _match(
    extracted: list[tuple[str, Any]],
    gold: list[tuple[str, Any, bool]],
    same: Callable[[Any, Any], bool],
) -> Score:
    """One-to-one matching of extracted facts (label, key) with gold (label, key, uncertain)."""
    score = Score()
    used: set[int] = set()
    for label, key in extracted:
        hit = next((i for i, (_, g, _u) in enumerate(gold) if i not in used and same(key, g)), None)
        if hit is None:
            score.extracted += 1
            score.spurious.append(label)
            continue
        used.add(hit)
        if gold[hit][2]:
            continue  # matches an uncertain gold fact: counts neither way
        score.extracted += 1
        score.true_positives += 1
    for index, (label, _key, uncertain) in enumerate(gold):
        if not uncertain:
            score.gold += 1
            if index not in used:
                score.missed.append(label)
    return score


def _query(graph: Graph, query: str) -> list[dict[str, str]]:
    result = graph.query(sparql_prefixes() + query)
    return [{str(k): str(v) for k, v in row.asdict().items()} for row in result]  # type: ignore[union-attr]


def _body_labels(graph: Graph) -> dict[str, set[str]]:
    labels: dict[str, set[str]] = defaultdict(set)
    for row in _query(
        graph,
        "SELECT ?b ?l WHERE { ?b a kg:Body . "
        "{ ?b skos:prefLabel ?l } UNION { ?b skos:altLabel ?l } }",
    ):
        labels[row["b"]].add(normalise_body(row["l"]))
    return labels


def _person_names(graph: Graph) -> dict[str, set[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    for row in _query(
        graph,
        "SELECT ?p ?n WHERE { ?p a kg:Person . { ?p foaf:name ?n } UNION { ?p skos:altLabel ?n } }",
    ):
        names[row["p"]].add(normalise_name(row["n"]))
    return names


def _role_name(iri: str) -> str:
    name = iri.rsplit("#", 1)[-1]
    return "Other" if name == "OtherRole" else name


def _as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _same_title(extracted: str | None, wanted: str | None) -> bool:
    if not extracted or not wanted:
        return False
    similarity = fuzz.token_set_ratio(normalise_name(extracted), normalise_name(wanted))
    return similarity >= TITLE_SIMILARITY


def score_document(graph: Graph, gold: dict[str, Any]) -> dict[str, Score]:
    """Compare one document's graph with its gold annotations (the kinds its ``scored`` names)."""
    gold_bodies = _labels_of_gold_bodies(gold)
    gold_persons = _names_of_gold_persons(gold)
    bodies = _body_labels(graph)
    persons = _person_names(graph)

    def body_is(extracted_iri: str, gold_name: str | None) -> bool:
        if gold_name is None:
            return False
        wanted = gold_bodies.get(gold_name, {normalise_body(gold_name)})
        return bool(bodies.get(extracted_iri, set()) & wanted)

    def person_is(extracted_iri: str, gold_name: str | None) -> bool:
        if gold_name is None:
            return False
        wanted = gold_persons.get(gold_name, {normalise_name(gold_name)})
        return bool(persons.get(extracted_iri, set()) & wanted)

    def uncertain(entry: dict[str, Any]) -> bool:
        return bool(entry.get("uncertain"))

    scores: dict[str, Score] = {}
    scores["persons"] = _match(
        [(sorted(n)[0], iri) for iri, n in persons.items()],
        [(p["name"], p["name"], uncertain(p)) for p in gold.get("persons") or []],
        person_is,
    )
    scores["bodies"] = _match(
        [(sorted(labels)[0], iri) for iri, labels in bodies.items()],
        [(b["name"], b["name"], uncertain(b)) for b in gold.get("bodies") or []],
        body_is,
    )

    meetings = _query(
        graph,
        "SELECT ?m ?b ?d ?main WHERE { ?m a kg:Meeting ; kg:heldBy ?b . OPTIONAL { ?m kg:date ?d }"
        " BIND(EXISTS { ?doc kg:records ?m } AS ?main) }",
    )
    gold_meetings = {m["id"]: m for m in gold.get("meetings") or []}
    main_id = next((m["id"] for m in gold_meetings.values() if m.get("main")), None)
    scores["meetings"] = _match(
        [
            (f"{r['b'].rsplit('/', 1)[-1]} {r.get('d', 'undated')}", (r["b"], _as_date(r.get("d"))))
            for r in meetings
        ],
        [(f"{m['body']} {m.get('date')}", m, uncertain(m)) for m in gold_meetings.values()],
        lambda e, g: body_is(e[0], g.get("body")) and e[1] == _as_date(g.get("date")),
    )
    # The document's own meeting date: right where stated, absent where the text states none.
    main_dates = [_as_date(r.get("d")) for r in meetings if r.get("main") == "true"]
    gold_main = gold_meetings.get(main_id or "", {})
    gold_date = _as_date(gold_main.get("date"))
    scores["meeting_date"] = _match(
        [(str(d), d) for d in main_dates if d is not None],
        [(str(gold_date), gold_date, uncertain(gold_main))] if gold_date else [],
        lambda e, g: e == g,
    )

    items = _query(
        graph,
        "SELECT ?i ?n ?t WHERE { ?doc kg:records ?m . ?m kg:hasAgendaItem ?i ."
        " OPTIONAL { ?i kg:number ?n } OPTIONAL { ?i dct:title ?t } }",
    )
    titles = {r["i"]: r.get("t") for r in items}
    numbers = {r["i"]: r.get("n") for r in items}
    gold_items = [i for i in gold.get("agenda_items") or [] if i.get("meeting") == main_id]

    def item_is(extracted: tuple[str | None, str | None], wanted: dict[str, Any]) -> bool:
        number, title = extracted
        if wanted.get("number") is None:
            return _same_title(title, wanted.get("title"))
        if (number or None) != str(wanted["number"]):
            return False
        return not wanted.get("title") or not title or _same_title(title, wanted["title"])

    scores["agenda_items"] = _match(
        [
            (f"{r.get('n', '(unnumbered)')} {r.get('t', '')}", (r.get("n"), r.get("t")))
            for r in items
        ],
        [(f"{i.get('number')} {i.get('title')}", i, uncertain(i)) for i in gold_items],
        item_is,
    )

    decisions = _query(
        graph,
        "SELECT ?i ?o WHERE { ?doc kg:records ?m . ?m kg:hasAgendaItem ?i . ?i kg:decision ?d ."
        " ?d kg:outcome ?o }",
    )
    gold_decisions = [d for d in gold.get("decisions") or [] if d.get("meeting") == main_id]

    def decision_is(extracted: tuple[str, str], wanted: dict[str, Any]) -> bool:
        item, outcome = extracted
        if outcome != wanted["outcome"]:
            return False
        if wanted.get("item") is not None:
            return numbers.get(item) == str(wanted["item"])
        if wanted.get("item_title"):
            return _same_title(titles.get(item), wanted["item_title"])
        return numbers.get(item) is None

    scores["decisions"] = _match(
        [
            (
                f"{numbers.get(r['i'])} {r['o'].rsplit('#', 1)[-1]}",
                (r["i"], r["o"].rsplit("#", 1)[-1]),
            )
            for r in decisions
        ],
        [
            (f"{d.get('item') or d.get('item_title')} {d['outcome']}", d, uncertain(d))
            for d in gold_decisions
        ],
        decision_is,
    )

    mandates = _query(
        graph, "SELECT ?p ?r ?b WHERE { ?x a kg:Mandate ; kg:holder ?p ; kg:role ?r ; kg:body ?b }"
    )
    scores["mandates"] = _match(
        [
            (
                " ".join((r["p"].rsplit("/", 1)[-1], r["r"].rsplit("#", 1)[-1],
                          r["b"].rsplit("/", 1)[-1])),
                (r["p"], _role_name(r["r"]), r["b"]),
            )
            for r in mandates
        ],
        [
            (f"{m['person']} {m['role']} {m['body']}", m, uncertain(m))
            for m in gold.get("mandates") or []
        ],
        lambda e, g: (
            person_is(e[0], g["person"]) and e[1] == g["role"] and body_is(e[2], g["body"])
        ),
    )

    attendance = _query(
        graph,
        """
        SELECT ?p ?kind WHERE { ?doc kg:records ?m .
          { ?m kg:attendee ?p . BIND("attendee" AS ?kind)
            FILTER NOT EXISTS { ?m kg:substitution/kg:substitute ?p } }
          UNION { ?m kg:absentee ?p . BIND("absentee" AS ?kind) }
          UNION { ?m kg:substitution/kg:substitute ?p . BIND("substitute" AS ?kind) } }""",
    )
    gold_attendance = [a for a in gold.get("attendance") or [] if a.get("meeting") == main_id]

    def attendance_of(kind: str) -> Score:
        return _match(
            [
                (f"{r['kind']} {r['p'].rsplit('/', 1)[-1]}", r["p"])
                for r in attendance
                if r["kind"] == kind
            ],
            [(f"{a['kind']} {a['person']}", a, uncertain(a)) for a in gold_attendance
             if a["kind"] == kind],
            lambda e, g: person_is(e, g["person"]),
        )

    # A person's attendance matches only within its kind, so the whole is the sum of the kinds.
    scores["attendance"] = Score()
    for kind in ("attendee", "absentee", "substitute"):
        scores[kind + "s"] = attendance_of(kind)
        scores["attendance"].add(scores[kind + "s"])
    scored = gold.get("scored")
    if scored is None:
        return scores
    return {
        kind: score
        for kind, score in scores.items()
        if kind in scored or DERIVED.get(kind) in scored
    }


def evaluate_against_gold(paths: Iterable[Path], gold_dir: Path, base_iri: str) -> Evaluation:
    """Extract the documents and score each one that has a gold file."""
    from kommunegraf.pipeline import source_files

    facts = [extract(read_source(found.path)) for found in source_files(paths) if found.readable]
    resolution = resolve(facts)
    minter = Minter(base_iri)
    per_document: dict[str, dict[str, Score]] = {}
    for doc in facts:
        gold_file = gold_dir / (re.sub(r"\.[^.]+$", "", doc.source.path.name) + ".yaml")
        if not gold_file.exists():
            continue
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        graph = Graph()
        for triple in document_triples(doc, resolution, minter):
            graph.add(triple)
        per_document[doc.source.path.name] = score_document(graph, gold)
    return Evaluation(per_document)
