"""A validation report: the findings of one run, as Python objects, as RDF and as text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from itertools import groupby

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from ontology import KG, PREFIXES

QuoteLookup = Callable[[URIRef], list[tuple[str, str]]]


class Severity(StrEnum):
    """How bad a finding is: the data is wrong, a stated rule is broken, or a gap."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def iri(self) -> URIRef:
        return SH[self.value]

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    @property
    def label_da(self) -> str:
        return {"Violation": "Fejl", "Warning": "Advarsel", "Info": "Oplysning"}[self.value]


@dataclass(frozen=True)
class Finding:
    """One result of validation: which rule says what about which node."""

    severity: Severity
    rule_id: str
    focus_node: Node
    path: str | None
    value: Node | None
    message_da: str
    message_en: str
    source_shape: Node

    def sort_key(self) -> tuple[int, str, str, str, str, str]:
        return (self.severity.rank, self.rule_id, str(self.focus_node), self.path or "",
                "" if self.value is None else str(self.value), self.message_da)


@dataclass
class ValidationReport:
    """The findings of one validation and the sh:ValidationReport graph they come from."""

    findings: list[Finding]
    graph: Graph
    # The nodes judged, when not every node of the graph was: a stored report replaces its
    # findings about these nodes with this report's.
    judged: frozenset[URIRef] | None = None

    @property
    def violations(self) -> int:
        return self._count(Severity.VIOLATION)

    @property
    def warnings(self) -> int:
        return self._count(Severity.WARNING)

    @property
    def infos(self) -> int:
        return self._count(Severity.INFO)

    @property
    def conforms(self) -> bool:
        """True when nothing is wrong: warnings and infos do not make data non-conforming."""
        return self.violations == 0

    def _count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def as_turtle(self) -> str:
        """Serialise the sh:ValidationReport graph as Turtle."""
        return self.graph.serialize(format="turtle")

    def as_text(self, quotes: QuoteLookup | None = None) -> str:
        """Render the findings for people, grouped by rule, in Danish.

        ``quotes`` gives the (quote, document) pairs that state a focus node; they are shown
        under it, so a reader sees the sentence the data came from.
        """
        lines = [
            f"Validering: {_counted(self.violations, 'fejl', 'fejl')}, "
            f"{_counted(self.warnings, 'advarsel', 'advarsler')}, "
            f"{_counted(self.infos, 'oplysning', 'oplysninger')}."
        ]
        if not self.findings:
            lines.append("Ingen fund: data overholder alle regler.")
        for (severity, rule_id), group in groupby(
                self.findings, key=lambda f: (f.severity, f.rule_id)):
            found = list(group)
            lines += ["", f"{severity.label_da.upper()}  {rule_id}  ({len(found)})"]
            shared = len({f.message_da for f in found}) == 1
            if shared:
                lines.append(f"  {found[0].message_da}")
            for finding in found:
                value = "" if finding.value is None else f"  [{_short(finding.value)}]"
                lines.append(f"  - {finding.focus_node}{value}")
                if not shared:
                    lines.append(f"      {finding.message_da}")
                if quotes is not None and isinstance(finding.focus_node, URIRef):
                    for quote, document in quotes(finding.focus_node):
                        lines.append(f"      »{_one_line(quote)}« ({document})")
        return "\n".join(lines) + "\n"


def build_report(results: Graph, shapes: Graph) -> ValidationReport:
    """Turn pyshacl's results graph into a report; tag messages, add rule ids, merge duplicates.

    pyshacl drops the language tag of a SHACL-SPARQL message when it fills in its
    {?variables}; the tag is restored by matching the text against the shape's templates.
    Each sh:ValidationResult gets the kg:ruleId of its source shape.
    """
    findings = []
    for result in sorted(set(results.subjects(RDF.type, SH.ValidationResult)), key=str):
        shape = results.value(result, SH.sourceShape)
        rule_id = _rule_id(shapes, shape)
        results.add((result, KG.ruleId, Literal(rule_id)))
        templates = _templates(shapes, shape, results.value(result, SH.sourceConstraint))
        messages: dict[str, str] = {}
        for message in list(results.objects(result, SH.resultMessage)):
            if not isinstance(message, Literal):
                continue
            language = message.language or _language_of(str(message), templates)
            if language and not message.language:
                results.remove((result, SH.resultMessage, message))
                results.add((result, SH.resultMessage, Literal(str(message), lang=language)))
            messages.setdefault(language or "", str(message))
        generic = messages.get("", "")
        path = results.value(result, SH.resultPath)
        focus = results.value(result, SH.focusNode)
        assert focus is not None and shape is not None, "pyshacl gives every result both"
        findings.append(Finding(
            severity=Severity(str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]),
            rule_id=rule_id,
            focus_node=focus,
            path=None if path is None else render_path(results, path),
            value=simple_term(results.value(result, SH.value)),
            message_da=messages.get("da", generic),
            message_en=messages.get("en", generic),
            source_shape=shape,
        ))
    # Two constraints of one rule can fail on the same value (a count given as text is
    # neither an integer nor >= 0); people need to read that once.
    return ValidationReport(sorted(set(findings), key=Finding.sort_key), results)


def simple_term(value: Node | None) -> Node | None:
    """An xsd:string literal as the simple literal it is in RDF 1.1 (engines write either)."""
    if isinstance(value, Literal) and value.datatype == XSD.string:
        return Literal(str(value))
    return value


def findings_for(report: ValidationReport, nodes: Iterable[Node]) -> list[Finding]:
    """Return the findings of ``report`` whose focus node is one of ``nodes``."""
    wanted = set(nodes)
    return [f for f in report.findings if f.focus_node in wanted]


def empty_report() -> ValidationReport:
    """A report with no findings (for validating nothing)."""
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(True)))
    return ValidationReport([], graph)


def render_path(graph: Graph, path: Node) -> str:
    """Write a SHACL property path in SPARQL syntax with the standard prefixes (^kg:decision)."""
    if isinstance(path, URIRef):
        return _curie(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + render_path(graph, inverse)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        members = Collection(graph, alternatives)
        return "(" + "|".join(render_path(graph, p) for p in members) + ")"
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"),
                              (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return render_path(graph, inner) + suffix
    if graph.value(path, RDF.first) is not None:
        return "/".join(render_path(graph, p) for p in Collection(graph, path))
    return str(path)


def _rule_id(shapes: Graph, shape: Node | None) -> str:
    rule = shapes.value(shape, KG.ruleId) if shape is not None else None
    if rule is not None:
        return str(rule)
    return str(shape).rsplit("#", 1)[-1] if isinstance(shape, URIRef) else "unnamed-rule"


def _templates(shapes: Graph, *nodes: Node | None) -> dict[str, re.Pattern[str]]:
    """The sh:message templates of a shape (or its SPARQL constraint) by language, as regexes."""
    found = {}
    for node in nodes:
        if node is None:
            continue
        for message in shapes.objects(node, SH.message):
            if isinstance(message, Literal) and message.language:
                parts = re.split(r"\{[?$]\w+\}", str(message))
                pattern = "(.*)".join(re.escape(part) for part in parts)
                found[message.language] = re.compile(pattern, re.DOTALL)
    return found


def _language_of(text: str, templates: dict[str, re.Pattern[str]]) -> str | None:
    matching = [lang for lang, pattern in templates.items() if pattern.fullmatch(text)]
    return matching[0] if len(matching) == 1 else None


def _curie(iri: URIRef) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def _short(value: Node) -> str:
    return _curie(value) if isinstance(value, URIRef) else _one_line(str(value))


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _counted(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"
