"""PDF extraction end to end on generated files: layout, tables, OCR, and every kind of bad input."""
import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures import bad_inputs
from pdfs import make_pdf

from pipeline import extract
from pipeline.config import ExtractConfig
from pipeline.extract import ocr
from pipeline.facts.cells import ruled_table_facts
from pipeline.records import Source

CFG = ExtractConfig()
FIXTURES = Path(__file__).parent / "fixtures" / "extract"
HAS_TESSERACT = ocr.available("nld") is True


def run(data: bytes, path: str = "stuk.pdf", cfg: ExtractConfig = CFG):
    return extract.run(data, Source(path=path, sha256="", size=len(data)), cfg)


def kind_of(data: bytes, path: str = "stuk.pdf", cfg: ExtractConfig = CFG) -> str:
    with pytest.raises(extract.ExtractError) as info:
        run(data, path, cfg)
    return info.value.kind


@pytest.fixture
def no_tesseract(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda language: "Tesseract is not installed")


def test_running_header_and_page_numbers_go_to_metadata():
    result = run(bad_inputs.text_pdf([bad_inputs.DUTCH, "Tweede alinea over de wijkteams."], pages=3))
    assert [p.number for p in result.pages] == [1, 2, 3]
    for page in result.pages:
        assert "Gemeente Lindenburg" not in page.text and "pagina" not in page.text.split("(")[0]
        assert f"pagina {page.number} van 3" in page.header
        assert len(page.text.split("\n\n")) == 2  # two paragraphs, each over several lines
        assert "\n" in page.text.split("\n\n")[0]


def test_two_column_page_reads_left_column_first():
    text = run(bad_inputs.two_column_pdf()).pages[0].text
    assert text.startswith("Nieuwsbrief jeugdhulp")
    assert text.index("Links alinea 3") < text.index("Rechts alinea 1")
    assert len(text.split("\n\n")) == 7  # the title and three paragraphs per column


def test_ruled_table_is_a_record_and_its_cells_leave_the_text():
    data = make_pdf([["Tabel 1: Indicatoren jeugd", "Een alinea onder de tabel."]],
                    table=[["Indicator", "Nulmeting", "Ambitie"], ["Aandeel jeugd met jeugdhulp", "12%", "10%"]])
    result = run(data)
    assert len(result.tables) == 1
    table = result.tables[0]
    assert (table.header, table.rows, table.page) == (["Indicator", "Nulmeting", "Ambitie"],
                                                      [["Aandeel jeugd met jeugdhulp", "12%", "10%"]], 1)
    assert "12%" not in result.pages[0].text
    assert ruled_table_facts(table)[0].subject == "Aandeel jeugd met jeugdhulp / Nulmeting"


def test_owner_password_only_is_read_user_password_is_an_error():
    assert "jeugdhulp" in run(bad_inputs.owner_password_pdf()).pages[0].text
    assert kind_of(bad_inputs.user_password_pdf()) == "encrypted"


@pytest.mark.parametrize("make, kind", [
    (lambda: (FIXTURES / "leeg.pdf").read_bytes(), "empty"),
    (bad_inputs.truncated_pdf, "corrupt"),
    (bad_inputs.zip_named_pdf, "unsupported"),
    (lambda: b"%PDF-1.7\n garbage without objects", "corrupt"),
])
def test_bad_pdfs_fail_with_a_clear_kind(make, kind):
    assert kind_of(make()) == kind


def test_html_named_pdf_is_read_as_html_with_a_warning():
    result = run((FIXTURES / "nieuws_als_pdf.pdf").read_bytes())
    assert result.format == "html"
    assert "Wachtlijst jeugdhulp korter" in result.pages[0].text
    assert "cookies" not in result.pages[0].text and "Privacy" not in result.pages[0].text
    assert any("named .pdf but holds HTML" in w for w in result.warnings)
    assert result.tables[0].caption == "Wachttijd in weken"


def test_scan_without_tesseract_is_reported_needs_ocr(no_tesseract):
    with pytest.raises(extract.ExtractError) as info:
        run(bad_inputs.scanned_pdf())
    assert info.value.kind == "needs_ocr" and "page(s) without a usable text layer (1)" in str(info.value)


def test_scan_with_a_stamped_page_number_still_needs_ocr(no_tesseract):
    with pytest.raises(extract.ExtractError) as info:
        run(bad_inputs.scanned_pdf(stamp="Pagina 1"))
    assert info.value.kind == "needs_ocr"


def test_mixed_document_flags_only_the_scanned_page(no_tesseract):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(bad_inputs.text_pdf([bad_inputs.DUTCH]))
    document.import_pages(pdfium.PdfDocument(bad_inputs.scanned_pdf()))
    buffer = __import__("io").BytesIO()
    document.save(buffer)
    result = run(buffer.getvalue())
    assert [p.needs_ocr for p in result.pages] == [False, True]
    assert result.pages[1].text == ""
    assert any(w.startswith("needs OCR: 1 page(s)") for w in result.warnings)


@pytest.mark.skipif(not HAS_TESSERACT, reason="Tesseract with Dutch language data is not installed "
                                                "(apt-get install tesseract-ocr tesseract-ocr-nld)")
def test_scan_is_ocrd_in_dutch():
    result = run(bad_inputs.scanned_pdf())
    page = result.pages[0]
    assert page.ocr and not page.needs_ocr
    words = set(page.text.lower().split())
    assert {"gemeente", "investeert", "jeugdhulp", "wachttijd"} <= words
    blocks = page.text.split("\n\n")  # a one-page scan: its header line has no second page to repeat on
    assert len(blocks) == 3 and blocks[1].endswith("korter wordt.") and "sportclubs" in blocks[2]
    assert page.header == "pagina 1 van 1"


def test_garbage_text_layer_is_detected(no_tesseract):
    with pytest.raises(extract.ExtractError) as info:
        run(bad_inputs.garbage_text_layer_pdf())
    assert info.value.kind == "needs_ocr"
    assert "without a usable text layer" in str(info.value)


@pytest.mark.skipif(not HAS_TESSERACT, reason="Tesseract with Dutch language data is not installed "
                                                "(apt-get install tesseract-ocr tesseract-ocr-nld)")
def test_garbage_text_layer_falls_back_to_ocr():
    result = run(bad_inputs.broken_tounicode_pdf())
    assert result.pages[0].ocr
    assert any(w.startswith("unreadable text layer") for w in result.warnings)
    assert {"gemeente", "investeert", "jeugdhulp"} <= set(result.pages[0].text.lower().split())


def test_broken_tounicode_is_flagged_without_tesseract(no_tesseract):
    with pytest.raises(extract.ExtractError) as info:
        run(bad_inputs.broken_tounicode_pdf())
    assert info.value.kind == "needs_ocr"


def test_time_budget_stops_a_slow_document():
    slow = dataclasses.replace(CFG, time_budget_s=0.0)
    assert kind_of(bad_inputs.text_pdf([bad_inputs.DUTCH], pages=3), cfg=slow) == "timeout"


def test_english_document_gets_a_language_warning():
    result = run(bad_inputs.ENGLISH.encode() * 3, path="engels.txt")
    assert any(w.startswith("language:") and "English" in w for w in result.warnings)
    assert not run(bad_inputs.DUTCH.encode() * 3, path="nl.txt").warnings


def test_other_formats_by_magic_bytes(tmp_path):
    rtf = run((FIXTURES / "motie.rtf").read_bytes(), path="motie.doc")
    assert rtf.format == "rtf" and rtf.pages[0].text.split("\n\n")[1].endswith("cliënten te verkorten.")
    text = run((FIXTURES / "brief_cp1252.txt").read_bytes(), path="brief")
    assert "cliënten" in text.pages[0].text and "€ 12.000" in text.pages[0].text
    assert odt_text(tmp_path) == ["Besluit jeugdhulp", "Het college besluit tot een pilot.", "• eerste punt"]


def odt_text(tmp_path) -> list[str]:
    from odf.opendocument import OpenDocumentText
    from odf.text import List, ListItem, P

    document = OpenDocumentText()
    document.text.addElement(P(text="Besluit jeugdhulp"))
    document.text.addElement(P(text="Het college besluit tot een pilot."))
    items = List()
    item = ListItem()
    item.addElement(P(text="eerste punt"))
    items.addElement(item)
    document.text.addElement(items)
    document.save(str(tmp_path / "b.odt"))
    result = run((tmp_path / "b.odt").read_bytes(), path="b.bin")
    assert result.format == "odt"
    return result.pages[0].text.split("\n\n")


MEASURE = """
import json, resource, sys
sys.path.insert(0, sys.argv[2])
from pipeline import extract
from pipeline.config import ExtractConfig
from pipeline.records import Source
data = open(sys.argv[1], 'rb').read()
result = extract.run(data, Source(path='x.pdf', sha256='', size=len(data)), ExtractConfig())
print(json.dumps({'pages': len(result.pages), 'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


@pytest.mark.slow
def test_thousand_pages_stream_with_flat_memory(tmp_path):
    """Peak memory of a 1,000-page file stays within a few MB per 100 pages of a 100-page file."""
    repo = str(Path(__file__).resolve().parents[1])
    peaks = {}
    for pages in (100, 1000):
        path = tmp_path / f"{pages}.pdf"
        path.write_bytes(bad_inputs.long_pdf(pages))
        done = subprocess.run([sys.executable, "-c", MEASURE, str(path), repo], capture_output=True, text=True,
                              check=True, timeout=600)
        peaks[pages] = json.loads(done.stdout)
    assert peaks[1000]["pages"] == 1000
    assert peaks[1000]["rss_mb"] - peaks[100]["rss_mb"] < 40, peaks


def test_fixture_script_writes_every_fixture(tmp_path):
    if shutil.which("true") is None:
        pytest.skip("no POSIX userland")
    names = {k: v for k, v in bad_inputs.FIXTURES.items() if k != "duizend_paginas.pdf"}
    for name, make in names.items():
        (tmp_path / name).write_bytes(make())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
