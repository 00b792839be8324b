"""The hand-written gold of real documents and of the layout fixtures is consistent.

Every reference resolves (meetings, items, persons, bodies), every value is one of the
contract's, and, for the layout fixtures whose texts are in the repository, every evidence
quote is in the text. The real documents' texts belong to their publishers and stay out of the
repository (tests/gold/real/manifest.yaml says how to retrieve them).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent
GOLD = sorted((ROOT / "gold" / "real").glob("*.yaml")) + sorted(
    (ROOT / "gold" / "layouts").glob("*.yaml")
)
LAYOUT_TEXTS = ROOT / "fixtures" / "layouts"
OUTCOMES = {"Approved", "Noted", "Discussed", "Appointed", "Rejected", "Postponed", "Other"}
ROLES = {"Chair", "ViceChair", "Member", "Substitute", "MunicipalDirector", "Director", "Mayor",
         "Other"}
KINDS = {"attendee", "absentee", "substitute"}


def _collapsed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def problems_of(gold: dict[str, Any], text: str | None) -> list[str]:
    problems: list[str] = []
    persons = {p["name"] for p in gold["persons"]}
    bodies = {b["name"] for b in gold["bodies"]}
    meetings = {m["id"] for m in gold["meetings"]}
    items = {(i["meeting"], i["number"]) for i in gold["agenda_items"]}

    def check(condition: bool, message: str) -> None:
        if not condition:
            problems.append(message)

    def quoted(entry: dict[str, Any], what: str) -> None:
        if text is not None:
            check(_collapsed(entry.get("evidence") or "") in text, f"{what}: evidence not in text")

    check(sum(1 for m in gold["meetings"] if m["main"]) == 1, "not exactly one main meeting")
    for body in gold["bodies"]:
        check(body["parent"] is None or body["parent"] in bodies, f"parent {body['parent']}")
    for meeting in gold["meetings"]:
        check(meeting["body"] in bodies, f"meeting body {meeting['body']}")
        check(meeting["date"] is None or isinstance(meeting["date"], datetime.date), "date")
        quoted(meeting, f"meeting {meeting['id']}")
    for item in gold["agenda_items"]:
        check(item["meeting"] in meetings, "item's meeting")
        check(item["number"] is None or isinstance(item["number"], str), "item number")
    for decision in gold["decisions"]:
        check(decision["meeting"] in meetings, "decision's meeting")
        check(decision["item"] is None or (decision["meeting"], decision["item"]) in items,
              f"decision's item {decision['item']}")
        check(decision["outcome"] in OUTCOMES, f"outcome {decision['outcome']}")
        quoted(decision, f"decision {decision['item']}")
    for mandate in gold["mandates"]:
        check(mandate["person"] in persons, f"mandate person {mandate['person']}")
        check(mandate["body"] in bodies, f"mandate body {mandate['body']}")
        check(mandate["role"] in ROLES, f"role {mandate['role']}")
        quoted(mandate, f"mandate {mandate['person']}")
    for entry in gold["attendance"]:
        check(entry["meeting"] in meetings, "attendance's meeting")
        check(entry["person"] in persons, f"attendance person {entry['person']}")
        check(entry["substitute_for"] is None or entry["substitute_for"] in persons,
              f"substitute_for {entry['substitute_for']}")
        check(entry["kind"] in KINDS, f"attendance kind {entry['kind']}")
        quoted(entry, f"attendance {entry['person']}")
    return problems


@pytest.mark.parametrize("path", [p for p in GOLD if p.name != "manifest.yaml"],
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_file_is_consistent(path: Path) -> None:
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    text_file = LAYOUT_TEXTS / gold["document"]
    text = _collapsed(text_file.read_text(encoding="utf-8")) if text_file.exists() else None
    if path.parent.name == "layouts":
        assert text is not None, f"no fixture text {text_file}"
    assert problems_of(gold, text) == []


def test_the_manifest_lists_every_real_gold_file_and_how_to_retrieve_it() -> None:
    manifest = yaml.safe_load((ROOT / "gold" / "real" / "manifest.yaml").read_text("utf-8"))
    listed = {entry["file"].removesuffix(".txt") for entry in manifest}
    gold = {p.stem for p in (ROOT / "gold" / "real").glob("*.yaml") if p.name != "manifest.yaml"}
    assert listed == gold
    assert all(entry["url"] and entry["query"] for entry in manifest)
    assert len({entry["publisher"] for entry in manifest}) >= 10
