"""Smoke test of the benchmark code (benchmarks/): the corpus generator and every phase of the
benchmark at a tiny size. Nothing here is timed or asserts a speed; ``python -m benchmarks``
measures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # benchmarks/ is not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import Corpus, load_gold, near_names, wrap, write_corpus  # noqa: E402
from benchmarks.report import ROWS, SOAK_ROWS  # noqa: E402
from benchmarks.run import Options, run  # noqa: E402
from loaders import extract, read_source  # noqa: E402

GOLD_KEYS = {
    "document",
    "persons",
    "bodies",
    "meetings",
    "agenda_items",
    "decisions",
    "mandates",
    "attendance",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return write_corpus(tmp_path_factory.mktemp("corpus"), 16, seed=7)


def test_generated_documents_parse_into_meetings_and_items(corpus: Corpus) -> None:
    assert len(corpus.documents) == 16
    genres, meetings, exact = set(), 0, 0
    for document, gold_file in zip(corpus.documents, corpus.gold, strict=True):
        gold = load_gold(gold_file)
        genre = document.stem.split("-", 1)[1]
        genres.add(genre)
        facts = extract(read_source(document))
        if genre == "report":
            assert facts.genre == "report"
            continue
        main = facts.main_meeting
        assert main is not None and main.items, document.name
        meetings += 1
        gold_main = next(m for m in gold["meetings"] if m["main"])
        numbers = {item.number or None for item in main.items}
        exact += main.date == gold_main["date"] and numbers == {
            i["number"] for i in gold["agenda_items"]
        }
    assert {"minutes", "agenda"} <= genres
    # The loaders' accuracy is measured by the benchmark; here only that the layouts parse.
    assert exact >= 0.8 * meetings


def test_planted_facts_load_and_hold_together(corpus: Corpus) -> None:
    for gold_file in corpus.gold:
        gold = load_gold(gold_file)
        assert set(gold) == GOLD_KEYS
        persons = {p["name"] for p in gold["persons"]}
        bodies = {b["name"] for b in gold["bodies"]}
        meetings = {m["id"] for m in gold["meetings"]}
        assert sum(1 for m in gold["meetings"] if m["main"]) == 1
        for mandate in gold["mandates"]:
            assert mandate["person"] in persons and mandate["body"] in bodies
        for entry in gold["attendance"]:
            assert entry["person"] in persons and entry["meeting"] in meetings
        for entry in gold["decisions"] + gold["agenda_items"]:
            assert entry["meeting"] in meetings
        for meeting in gold["meetings"]:
            assert meeting["body"] in bodies
    merges = load_gold(corpus.folder / "gold" / "merges.yaml")
    assert isinstance(merges["merges"], list)


def test_generation_is_deterministic(tmp_path: Path, corpus: Corpus) -> None:
    again = write_corpus(tmp_path / "again", 16, seed=7)
    assert [d.read_bytes() for d in again.documents] == [d.read_bytes() for d in corpus.documents]


def test_layout_helpers() -> None:
    import random

    lines = wrap("uddannelsesinstitutionerne " * 8, 40, random.Random(1), hyphenate=1.0)
    assert all(len(line) <= 40 for line in lines)
    assert any(line.endswith("-") for line in lines)
    assert near_names(["Anne Jensen", "Anne Jessen", "Bo Holm"]) == [["Anne Jensen", "Anne Jessen"]]


def test_benchmark_runs_at_the_smallest_size(tmp_path: Path) -> None:
    options = Options(
        sizes=[6],
        out=tmp_path / "out",
        work=tmp_path / "work",
        per_kind=3,
        validate_sample=2,
        full_timeout=120,
        score_docs=6,
        http_duration=1,
        http_requests=40,
        http_levels=[2],
        sparql_repeat=2,
        page_timeout=60,
        rdflib_timeout=60,
        phase_timeout=300,
        soak=3,
        intake_docs=2,
    )
    results = run(options)
    table = results["markdown"]
    for row in ROWS + SOAK_ROWS:
        assert f"| {row} |" in table, row
    assert "### Goals" in table and "### Extraction quality" in table
    size = results["sizes"][0]
    assert size["build"]["loaded"] == 6 and size["build"]["failed"] == 0
    assert size["quality"]["documents_scored"] == 6
    assert size["soak"]["requests"] > 0 and "verdict" in size["soak"], size["soak"]
    assert size["intake"]["pdf"]["documents"] == 2 and size["intake"]["pdf"]["pages"] >= 2
    for phase in ("validate", "search", "rdflib", "quality", "http", "intake"):
        assert "error" not in size[phase], size[phase]
    assert set(size["pages"]) == {"person", "body", "meeting"}


SOAK_LABELS = (
    "requests total",
    "requests/s",
    "latency person, ms",
    "latency body, ms",
    "latency meeting, ms",
    "latency search, ms",
    "latency sparql, ms",
    "5xx responses",
    "requests without a response",
    "other errors",
    "RSS start, MiB",
    "RSS after warm-up, MiB",
    "RSS end, MiB",
    "RSS growth after warm-up, MiB",
    "RSS slope over the last half of the measured part, MiB/min",
    "flat means",
    "verdict",
)


def soak_figures(output: str) -> dict[str, str]:
    """The ``label: value`` lines benchmarks/soak.py prints."""
    return dict(line.split(": ", 1) for line in output.splitlines() if ": " in line)


def test_soak_prints_its_figures_and_fails_on_a_5xx(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from benchmarks import soak

    work = tmp_path / "soak"
    short = ["--duration", "3", "--warmup", "1", "--sample-every", "0.5", "--per-kind", "3"]
    code = soak.main(["--size", "6", "--work", str(work), *short])
    figures = soak_figures(capsys.readouterr().out)
    assert set(SOAK_LABELS) <= set(figures), sorted(figures)
    assert int(figures["requests total"].split()[0]) > 0
    assert float(figures["RSS end, MiB"]) > 0
    assert figures["5xx responses"] == "0"
    assert code == 0 and figures["verdict"].startswith("PASS"), figures
    # The real server answers 503 to a /sparql query that outlives its time limit; a time
    # limit of a microsecond makes the example queries do so, and the soak must fail.
    code = soak.main(["--store", str(work / "store-6"), "--query-timeout", "0.000001", *short])
    figures = soak_figures(capsys.readouterr().out)
    assert int(figures["5xx responses"]) > 0, figures
    assert code == 1 and figures["verdict"].startswith("FAIL") and "5xx" in figures["verdict"]
