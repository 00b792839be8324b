"""Extraction quality on one short document per layout family met in real documents.

The texts in tests/fixtures/layouts/ are written for the project, in the layouts of the
real municipal, regional and inter-municipal documents of the development set (whose texts
stay with their publishers); their gold is in tests/gold/layouts/. The floors are what the
reader reaches on them today: a change that reads a layout worse fails here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from kommunegraf.cli import main
from loaders.evaluation import Evaluation, evaluate_against_gold

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
GOLD = ROOT / "tests" / "gold" / "layouts"
BASE = "https://kommunegraf.dk/id/"

FLOORS = {
    "persons": (0.97, 0.97),
    "meeting_date": (1.0, 1.0),
    "agenda_items": (0.90, 0.85),
    "decisions": (0.80, 0.75),
    "attendance": (0.80, 0.85),
    "absentees": (0.80, 0.95),
    "substitutes": (0.95, 0.85),
    "mandates": (0.75, 0.45),
}


@cache
def evaluation() -> Evaluation:
    return evaluate_against_gold([LAYOUTS], GOLD, BASE)


def test_every_layout_family_has_a_fixture_and_gold() -> None:
    texts = {p.stem for p in LAYOUTS.glob("*.txt")}
    assert texts == {p.stem for p in GOLD.glob("*.yaml")}
    assert evaluation().documents == len(texts) >= 10


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_layouts_meet_their_floor(kind: str) -> None:
    score = evaluation().totals[kind]
    precision, recall = FLOORS[kind]
    assert score.precision >= precision, f"{kind} spurious: {score.spurious}"
    assert score.recall >= recall, f"{kind} missed: {score.missed}"


def run_build(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["--store", str(tmp_path / "store"), "build", "--no-progress", *args]
    )
    return result.exit_code, result.output


def test_each_document_line_says_what_was_read_of_its_meeting(tmp_path: Path) -> None:
    code, output = run_build(tmp_path, str(LAYOUTS / "sbsys-titel-b-sagsnr.txt"))
    assert code == 0, output
    assert "Ældre- og Sundhedsudvalg 14-11-2022: 4 item(s), 4 decision(s)" in output


def test_strict_build_fails_on_a_document_read_only_partly(tmp_path: Path) -> None:
    notice = tmp_path / "opslag.txt"
    notice.write_text("Nyhedsbrev\n\nLise Brandt fortæller om sommerens arrangementer.\n",
                      encoding="utf-8")
    code, output = run_build(tmp_path, str(notice))
    assert code == 0, output
    assert "loaded with warnings" in output and "1 read only partly" in output
    code, output = run_build(tmp_path, "--strict", str(notice))
    assert code == 1, output
