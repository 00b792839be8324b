"""Intake of PDF, web pages, agenda XML and Word files, made in the tests from the seeds: each
gives the seed's facts, every quote is the exact extracted text, and PDF quotes name their
page. Bad files fail alone with a clear line."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fpdf import FPDF

from kommunegraf.cli import main
from kommunegraf.errors import LoaderError
from kommunegraf.store import EmbeddedStore
from loaders import extract, read_source
from loaders.facts import DocumentFacts
from tests.conftest import ROOT, SEEDS

if str(ROOT) not in sys.path:  # benchmarks/ is not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.render import docx_bytes, html_page, image_only_pdf, pdf_bytes

MINUTES = SEEDS / "kd-net-referat-2020-05-29.txt"
CASE = SEEDS / "direktionen-2021-09-15.txt"
KG = "https://kommunegraf.dk/ontology#"
PROV = "http://www.w3.org/ns/prov#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def facts_of(path: Path) -> DocumentFacts:
    return extract(read_source(path))


def summary(facts: DocumentFacts) -> dict[str, Any]:
    """What a user relies on: persons, the meeting, its items, decisions and attendance."""
    main = facts.main_meeting
    assert main is not None
    return {
        "persons": {p.name for p in facts.persons},
        "meeting": (main.body.name, main.date),
        "items": [(i.number, " ".join(i.title.split())) for i in main.items],
        "decisions": [(i.number, i.decision.outcomes) for i in main.items if i.decision],
        "attendees": {p.name for p in main.attendees},
        "absentees": {p.name for p in main.absentees},
        "substitutions": {(s.absent.name, s.substitute.name) for s in main.substitutions},
    }


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def assert_quotes_are_exact(facts: DocumentFacts) -> None:
    text = facts.source.text
    spans = [p.span for p in facts.persons] + [i.span for m in facts.meetings for i in m.items]
    assert spans
    for span in spans:
        start, end, quote = facts.clean.quote(span.start, span.end)
        assert text[start:end] == quote


# --- each format gives the seed's facts ---------------------------------------------------


def test_a_one_column_pdf_with_page_header_and_footer_reads_as_its_seed(tmp_path: Path) -> None:
    pdf = write(tmp_path / "referat.pdf", pdf_bytes(MINUTES.read_text(encoding="utf-8")))
    facts = facts_of(pdf)
    assert summary(facts) == summary(facts_of(MINUTES))
    source = facts.source
    assert source.media_type == "application/pdf" and len(source.pages) > 3
    assert "Kommunaldirektørnetværket i Midtjylland" not in source.text  # the running header
    assert "Side 2" not in source.text
    assert any("header" in note for note in source.notes)
    assert "1\tGodkendelse af dagsorden" in source.text  # a table row stays one line
    assert source.extraction is not None and source.extraction.tool.name == "pdfminer.six"
    assert_quotes_are_exact(facts)


def test_a_two_column_pdf_keeps_its_columns_apart(tmp_path: Path) -> None:
    text = MINUTES.read_text(encoding="utf-8")
    pdf = write(tmp_path / "referat.pdf",
                pdf_bytes(text, columns=2, side_by_side=("Deltagere", "Afbud"), font_size=6.5))
    facts = facts_of(pdf)
    assert summary(facts) == summary(facts_of(MINUTES))
    assert ("Afbud: Jesper Hosbond Jensen, Syddjurs Kommune, i stedet deltog Jørgen Andersen"
            in facts.source.text)
    assert_quotes_are_exact(facts)


@pytest.mark.slow
def test_a_scanned_pdf_is_read_by_tesseract_in_danish(tmp_path: Path) -> None:
    scan = write(tmp_path / "scan.pdf",
                 image_only_pdf(pdf_bytes(CASE.read_text(encoding="utf-8"))))
    facts = facts_of(scan)
    assert summary(facts) == summary(facts_of(CASE))
    extraction = facts.source.extraction
    assert extraction is not None and extraction.ocr_pages == (1, 2)
    assert extraction.ocr_tool is not None and extraction.ocr_tool.name == "tesseract"
    assert any("read by OCR" in note for note in facts.source.notes)
    assert "Økonomiske konsekvenser" in facts.source.text  # Danish letters, read right
    assert_quotes_are_exact(facts)


def test_a_web_page_gives_its_main_content_only(tmp_path: Path) -> None:
    text = MINUTES.read_text(encoding="utf-8")
    page = write(tmp_path / "referat.html", html_page(text, "Referat – KD-Net"))
    facts = facts_of(page)
    assert summary(facts) == summary(facts_of(MINUTES))
    for furniture in ("Udskriv", "Tilbage til toppen", "cookies", "Forside", "Dagsordener og",
                      "Rådhuspladsen", "tracking"):
        assert furniture not in facts.source.text
    assert "12\tUdpegninger\t./." in facts.source.text
    assert facts.source.media_type == "text/html"
    assert_quotes_are_exact(facts)


def test_a_web_page_in_cp1252_says_so_in_its_meta_tag(tmp_path: Path) -> None:
    markup = ('<html><head><meta http-equiv="Content-Type" content="text/html; '
              'charset=windows-1252"></head><body><main><h1>Referat</h1>'
              "<p>Afbud: Søren Ærø</p></main></body></html>")
    page = write(tmp_path / "gammel.htm", markup.encode("cp1252"))
    assert read_source(page).text == "Referat\n\nAfbud: Søren Ærø\n"


def test_a_word_file_reads_as_its_seed(tmp_path: Path) -> None:
    word = write(tmp_path / "referat.docx", docx_bytes(MINUTES.read_text(encoding="utf-8")))
    facts = facts_of(word)
    assert summary(facts) == summary(facts_of(MINUTES))
    assert "1\tGodkendelse af dagsorden" in facts.source.text
    assert facts.source.extraction is not None
    assert facts.source.extraction.tool.name == "python-docx"
    assert_quotes_are_exact(facts)


AGENDA_XML = """<?xml version="1.0" encoding="utf-8"?>
<Dagsorden>
  <Moede>
    <Udvalg>Direktionen</Udvalg>
    <Dato>15-09-2021</Dato>
  </Moede>
  <Dagsordenpunkt>
    <Nummer>1</Nummer>
    <Titel>Information fra regionale fora, herunder kommende møder og aktiviteter</Titel>
    <Felt navn="Beslutningstema"><Indhold>Direktionen orienteres om regionale fora.</Indhold></Felt>
    <Felt navn="Sagsfremstilling"><Indhold><![CDATA[<p>Der har været afholdt møde i K98
      d. 14. september.</p><ul><li>KKR</li><li>KD-net</li></ul>]]></Indhold></Felt>
    <Indstilling>Kommunaldirektøren indstiller, at informationer om kommende og afholdte
      møder gennemgås.</Indstilling>
    <Beslutning>Godkendt.</Beslutning>
  </Dagsordenpunkt>
</Dagsorden>
"""


def test_an_agenda_xml_is_read_field_by_field(tmp_path: Path) -> None:
    facts = facts_of(write(tmp_path / "dagsorden.xml", AGENDA_XML))
    text = facts.source.text
    assert text.startswith("Direktionen 15-09-2021\n")  # the meeting's fields as its heading
    assert "1. Information fra regionale fora" in text
    assert "Beslutningstema\nDirektionen orienteres" in text
    assert ("Sagsfremstilling\nDer har været afholdt møde i K98 d. 14. september.\nKKR\nKD-net"
            in text)
    main = facts.main_meeting
    assert main is not None and main.body.name == "Direktionen"
    assert main.date is not None and main.date.isoformat() == "2021-09-15"
    [item] = main.items
    assert item.number == "1" and item.decision is not None
    assert item.decision.outcomes == ["Approved"]


# --- evidence in the store: exact quotes, their page, how the text was made ---------------


def test_pdf_evidence_names_its_page_and_the_document_its_extraction(
        runner: CliRunner, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs / "referat.pdf", pdf_bytes(MINUTES.read_text(encoding="utf-8")))
    result = runner.invoke(main, ["--store", str(tmp_path / "store"), "build", str(docs)])
    assert result.exit_code == 0, result.output
    store = EmbeddedStore(tmp_path / "store")
    try:
        [doc] = store.select(
            f"PREFIX prov: <{PROV}> PREFIX rdfs: <{RDFS}> SELECT ?content ?tool ?ocr WHERE {{ "
            f"?d <{KG}content> ?content ; prov:wasGeneratedBy ?a . ?a <{KG}ocr> ?ocr ; "
            "prov:wasAssociatedWith/rdfs:label ?tool }")
        content = str(doc["content"])
        assert str(doc["tool"]).startswith("pdfminer.six ") and str(doc["ocr"]) == "false"
        rows = store.select(f"SELECT ?start ?end ?quote ?page WHERE {{ ?e <{KG}start> ?start ; "
                            f"<{KG}end> ?end ; <{KG}quote> ?quote ; <{KG}page> ?page }}")
        unpaged = store.select(f"SELECT ?e WHERE {{ ?e <{KG}start> ?s "
                               f"FILTER NOT EXISTS {{ ?e <{KG}page> ?p }} }}")
    finally:
        store.close()
    source = read_source(docs / "referat.pdf")
    assert source.text == content
    assert rows and not unpaged
    pages = set()
    for row in rows:
        start, end, page = int(row["start"]), int(row["end"]), int(row["page"])
        assert content[start:end] == str(row["quote"])
        assert source.pages[page - 1] <= start and (page == len(source.pages)
                                                     or start < source.pages[page])
        pages.add(page)
    assert len(pages) > 3


def test_the_document_page_shows_each_quotes_page_and_the_extraction(tmp_path: Path) -> None:
    from api import create_app
    from kommunegraf.config import load_config
    from kommunegraf.pipeline import build_documents

    docs = tmp_path / "docs"
    docs.mkdir()
    pdf = write(docs / "referat.pdf", pdf_bytes(MINUTES.read_text(encoding="utf-8")))
    config = load_config({"store": str(tmp_path / "store"), "page_cache_mb": "0"}, environ={})
    store = EmbeddedStore(tmp_path / "store")
    try:
        assert not build_documents([docs], store, config).failed
        app = create_app(config, store=store)
        sha = read_source(pdf).sha256
        page = app.test_client().get(f"/id/document/{sha}", headers={"Accept": "text/html"})
        english = app.test_client().get(f"/id/document/{sha}?lang=en",
                                        headers={"Accept": "text/html"})
    finally:
        store.close()
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Tekst udtrukket med" in html and "pdfminer.six" in html
    assert ">side 1, " in html and ">side 3, " in html
    assert ">page 2, " in english.get_data(as_text=True)


# --- every file accounted for -------------------------------------------------------------


def encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.text(20, 20, "Referat fra KD-Net den 29. maj 2020")
    pdf.set_encryption(owner_password="ejer", user_password="hemmelig")
    return bytes(pdf.output())


def graphs_of(store_dir: Path) -> set[str]:
    store = EmbeddedStore(store_dir)
    try:
        return {g for g in store.graphs() if "/document/" in g}
    finally:
        store.close()


def test_every_file_of_a_folder_gets_its_line_and_bad_ones_fail_alone(
        runner: CliRunner, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    good_pdf = pdf_bytes(MINUTES.read_text(encoding="utf-8"))
    write(docs / "a-referat.pdf", good_pdf)
    shutil.copy(CASE, docs / "b-direktionen.txt")
    write(docs / "c-beskadiget.pdf", good_pdf[: len(good_pdf) // 2])
    write(docs / "d-krypteret.pdf", encrypted_pdf())
    write(docs / "e-tom.txt", b"")
    write(docs / "f-binaer.pdf", bytes(range(256)) * 20)
    write(docs / "g-budget.xlsx", b"PK\x03\x04 a spreadsheet")
    shutil.copy(CASE, docs / "h-kopi.txt")
    write(docs / ".DS_Store", b"\x00\x01")
    store = tmp_path / "store"
    result = runner.invoke(main, ["--store", str(store), "build", str(docs)])
    assert result.exit_code == 1
    lines = result.output.splitlines()

    def line_of(name: str) -> str:
        opening = re.compile(r"^(?:loaded|loaded with warnings|FAILED|skipped)  "
                             + re.escape(str(docs / name)) + "[ :]")
        [line] = [line for line in lines if opening.match(line)]
        return line

    assert line_of("a-referat.pdf").startswith("loaded  ")
    assert line_of("b-direktionen.txt").startswith("loaded  ")
    assert line_of("c-beskadiget.pdf").startswith("FAILED  ")
    assert "the PDF is damaged and cannot be read" in line_of("c-beskadiget.pdf")
    assert "protected by a password" in line_of("d-krypteret.pdf")
    assert line_of("e-tom.txt") == f"skipped  {docs / 'e-tom.txt'}: the file is empty (0 bytes)"
    assert line_of("f-binaer.pdf") == (f"FAILED  {docs / 'f-binaer.pdf'}: not a PDF file: it "
                                       "does not begin with %PDF-")
    assert line_of("g-budget.xlsx").startswith("skipped  ")
    assert "unsupported type (.xlsx); read are .txt, .text, .pdf" in line_of("g-budget.xlsx")
    assert line_of("h-kopi.txt") == (f"skipped  {docs / 'h-kopi.txt'}: the same content as "
                                     f"{docs / 'b-direktionen.txt'}")
    assert line_of(".DS_Store").endswith(": a hidden file")
    assert lines[-1].startswith("2 document(s) loaded, 3 failed, 4 skipped")
    # The failures left the store as the good files alone make it.
    alone = tmp_path / "alone"
    runner.invoke(main, ["--store", str(alone), "build", str(docs / "a-referat.pdf"),
                         str(docs / "b-direktionen.txt")])
    assert graphs_of(store) == graphs_of(alone) and len(graphs_of(store)) == 2


def test_a_pdf_page_without_text_is_named_when_tesseract_is_missing(tmp_path: Path) -> None:
    text = CASE.read_text(encoding="utf-8")
    mixed = write(tmp_path / "blandet.pdf", _joined(pdf_bytes(text), image_only_pdf(
        pdf_bytes("Bilag\n\nEt indscannet bilag."))))
    bare = tmp_path / "bin"  # a PATH without tesseract
    bare.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", "from kommunegraf.cli import main; main()", "--store",
         str(tmp_path / "store"), "build", str(mixed)],
        capture_output=True, text=True, env={**os.environ, "PATH": str(bare)}, cwd=ROOT,
        timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"loaded with warnings  {mixed} (" in done.stdout
    assert "warning: page 3 has no text layer; install tesseract-ocr-dan to read it" in done.stdout
    assert "1 document(s) loaded (1 with warnings), 0 failed, 0 skipped" in done.stdout


def _joined(*pdfs: bytes) -> bytes:
    """One PDF of the pages of several, as a scanner's pages appended to a printout."""
    import pypdfium2

    joined = pypdfium2.PdfDocument.new()
    for data in pdfs:
        part = pypdfium2.PdfDocument(data)
        joined.import_pages(part)
        part.close()
    buffer = io.BytesIO()
    joined.save(buffer)
    joined.close()
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("gammel.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
     "an old-format (.doc) or password-protected Word file"),
    ("ikke-zip.docx", b"Referat fra KD-Net", "not a Word document (.docx)"),
    ("tom-side.html", b"<html><body><nav>Politik</nav></body></html>",
     "the web page has no text in its main content"),
    ("dagsorden.xml", b"<Dagsorden><Punkt>", "not well-formed XML"),
])
def test_a_file_its_reader_cannot_read_names_itself_and_why(
        tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    with pytest.raises(LoaderError) as error:
        read_source(write(tmp_path / name, data))
    assert str(error.value).startswith(f"{tmp_path / name}: {reason}")
