"""Entity resolution: one canonical person per real person across documents and the store.

Spellings are merged when they differ in one word only, that word is close (an edit or two:
"Penille"/"Pernille", "Kristiansen"/"Kristensen", "Elias"/"Eliassen"), and there is evidence
beyond the spelling: both occur in the same document, or both are tied to the same body.
Identical names are one person. Every merge keeps its reason, which the browser shows.
The canonical spelling is the one seen in most documents, then most often, then the first
in alphabetical order, unless the store already knows the person.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz

from loaders.facts import DocumentFacts
from loaders.language import message
from loaders.people import normalise_name

WORD_SIMILARITY = 75.0


@dataclass
class Merge:
    """Why a spelling was judged to be the canonical person."""

    variant: str
    canonical: str
    similarity: float
    reason: str


@dataclass
class Resolution:
    """Canonical names for every spelling, and the merges that explain them."""

    canonical: dict[str, str] = field(default_factory=dict)  # normalised spelling -> canonical
    merges: dict[str, Merge] = field(default_factory=dict)  # normalised variant -> merge

    def name(self, spelling: str) -> str:
        return self.canonical.get(normalise_name(spelling), " ".join(spelling.split()))


def _one_word_apart(a: str, b: str) -> tuple[bool, float]:
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b) or len(words_a) < 2:
        return False, 0.0
    differing = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    if len(differing) != 1:
        return False, 0.0
    x, y = differing[0]
    if x[:1] != y[:1] and len(words_a) < 3:
        return False, 0.0
    score = fuzz.ratio(x, y)
    return score >= WORD_SIMILARITY, fuzz.ratio(a, b) / 100


@dataclass(frozen=True)
class NamedIn:
    """What resolution reads of one document: the persons it names, in order (a name once
    per mention), and the bodies it ties them to. Small enough to keep for a whole run while
    the documents' facts wait on disk."""

    document: str  # the document's sha256
    persons: tuple[str, ...]
    mandates: tuple[tuple[str, str], ...]  # (person as named, body)

    @classmethod
    def of(cls, facts: DocumentFacts) -> NamedIn:
        return cls(facts.source.sha256, tuple(p.name for p in facts.persons),
                   tuple((m.person.name, m.body.name) for m in facts.mandates))


def resolve(documents: Sequence[DocumentFacts | NamedIn],
            known: dict[str, str] | None = None) -> Resolution:
    """Resolve the persons named in ``documents`` against each other and ``known``.

    ``known`` maps each spelling already in the store (normalised) to its canonical name.
    """
    known = known or {}
    spellings: dict[str, str] = {}  # normalised -> as written
    doc_count: Counter[str] = Counter()
    mention_count: Counter[str] = Counter()
    documents_of: dict[str, set[str]] = defaultdict(set)
    bodies_of: dict[str, set[str]] = defaultdict(set)
    for document in documents:
        named = document if isinstance(document, NamedIn) else NamedIn.of(document)
        seen_here: set[str] = set()
        for name in named.persons:
            key = normalise_name(name)
            spellings.setdefault(key, " ".join(name.split()))
            mention_count[key] += 1
            seen_here.add(key)
            documents_of[key].add(named.document)
        for key in seen_here:
            doc_count[key] += 1
        for person, body in named.mandates:
            bodies_of[normalise_name(person)].add(body)
    for key, canonical in known.items():
        spellings.setdefault(key, canonical)

    parent: dict[str, str] = {key: key for key in spellings}
    reasons: dict[tuple[str, str], tuple[float, str]] = {}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    keys = sorted(spellings)
    for a, b in _one_word_apart_candidates(keys):
        close, similarity = _one_word_apart(a, b)
        if not close:
            continue
        shared_docs = documents_of[a] & documents_of[b]
        shared_bodies = bodies_of[a] & bodies_of[b]
        known_both = a in known and b in known
        if known_both and known[a] != known[b]:
            continue
        if shared_docs:
            why = message("same_document")
        elif shared_bodies:
            why = message("same_bodies", bodies=", ".join(sorted(shared_bodies)))
        else:
            continue
        reasons[(a, b)] = (similarity, why)
        parent[find(a)] = find(b)

    clusters: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        clusters[find(key)].append(key)
    resolution = Resolution()
    for members in clusters.values():
        stored = [known[m] for m in members if m in known]
        if stored:
            canonical = sorted(stored)[0]
        else:
            best = sorted(members, key=lambda m: (-doc_count[m], -mention_count[m], m))[0]
            canonical = spellings[best]
        canonical_key = normalise_name(canonical)
        for member in members:
            resolution.canonical[member] = canonical
            if member == canonical_key:
                continue
            pair = (
                (member, canonical_key)
                if (member, canonical_key) in reasons
                else (canonical_key, member)
            )
            similarity, why = reasons.get(pair) or _via_cluster(member, canonical_key, reasons)
            variant = spellings[member]
            resolution.merges[member] = Merge(
                variant,
                canonical,
                similarity,
                message(
                    "merge",
                    variant=variant,
                    canonical=canonical,
                    percent=round(similarity * 100),
                    why=why,
                ),
            )
    return resolution


def _one_word_apart_candidates(keys: list[str]) -> list[tuple[str, str]]:
    """The pairs of spellings (in the order of ``keys``) with the same number of words, at
    least two, that differ in exactly one word: the only pairs :func:`_one_word_apart` can
    accept. Found by bucketing each spelling under every way of leaving one word out, so a
    run naming thousands of persons does not compare every spelling with every other."""
    position = {key: number for number, key in enumerate(keys)}
    buckets: dict[tuple[int, int, tuple[str, ...]], list[str]] = defaultdict(list)
    for key in keys:
        words = key.split()
        if len(words) < 2:
            continue
        for left_out in range(len(words)):
            buckets[(len(words), left_out, (*words[:left_out], *words[left_out + 1:]))].append(key)
    pairs = {(a, b) for members in buckets.values() for a, b in combinations(members, 2)}
    return sorted(pairs, key=lambda pair: (position[pair[0]], position[pair[1]]))


def _via_cluster(
    a: str, b: str, reasons: dict[tuple[str, str], tuple[float, str]]
) -> tuple[float, str]:
    """The reason for a merge that went through a third spelling."""
    for (x, y), (similarity, why) in reasons.items():
        if a in (x, y) or b in (x, y):
            return similarity, why
    return fuzz.ratio(a, b) / 100, message("same_person")
