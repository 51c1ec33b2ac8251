import io
import zipfile

import pytest
from pdfs import make_pdf

from pipeline import extract
from pipeline.config import ExtractConfig
from pipeline.records import Source

SOURCE = Source(path="x", sha256="", size=0)
CFG = ExtractConfig()


def run(data: bytes):
    return extract.run(data, SOURCE, CFG)


def test_text_utf8_and_windows_1252():
    assert run("Cliënten wachten.".encode()).pages[0].text == "Cliënten wachten."
    assert run("Cliënten wachten.".encode("cp1252")).pages[0].text == "Cliënten wachten."


def test_form_feeds_are_pages_and_ligatures_are_normalised():
    result = run("Eerste pagina met \ufb01nanciën\fTweede pagina".encode())
    assert [p.number for p in result.pages] == [1, 2]
    assert "financiën" in result.pages[0].text


def test_format_is_read_from_content_not_extension():
    assert extract.sniff(b"%PDF-1.4 ...") == "pdf"
    assert extract.sniff(b"<!DOCTYPE html><html><body>x</body></html>") == "html"
    assert extract.sniff(b"{\\rtf1 hello}") == "rtf"
    assert extract.sniff(b"Gewone tekst") == "text"


def test_pdf_pages_paragraphs_and_table():
    data = make_pdf([["Eerste alinea over jeugdhulp\nloopt door op regel twee.", "Tweede alinea."],
                     ["Pagina twee."]],
                    table=[["Indicator", "Nulmeting", "Ambitie"], ["Aandeel jeugd met jeugdhulp", "12%", "10%"]])
    result = run(data)
    assert result.format == "pdf"
    assert [p.number for p in result.pages] == [1, 2]
    blocks = result.pages[0].text.split("\n\n")
    assert blocks[0] == "Eerste alinea over jeugdhulp\nloopt door op regel twee."
    assert blocks[1] == "Tweede alinea."
    assert result.tables and result.tables[0].header == ["Indicator", "Nulmeting", "Ambitie"]
    assert result.tables[0].rows == [["Aandeel jeugd met jeugdhulp", "12%", "10%"]]


def test_docx(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Motie over preventie")
    document.add_paragraph("De raad verzoekt het college een plan te maken.")
    path = tmp_path / "m.docx"
    document.save(path)
    result = run(path.read_bytes())
    assert result.format == "docx"
    assert result.pages[0].text.split("\n\n") == ["Motie over preventie",
                                                  "De raad verzoekt het college een plan te maken."]


def test_html_drops_navigation_and_scripts():
    html = b"<html><body><nav>Home Menu</nav><article><p>Jeugdhulp in Ede.</p><script>x()</script></article></body></html>"
    result = run(html)
    assert result.pages[0].text == "Jeugdhulp in Ede."


@pytest.mark.parametrize("data, kind", [
    (b"", "empty"),
    (b"   \n  ", "empty"),
    (b"%PDF-1.7\n garbage without objects", "corrupt"),
    (b"\x00\x01\x02binary", "unsupported"),
])
def test_bad_input_raises_a_typed_error(data, kind):
    with pytest.raises(extract.ExtractError) as info:
        run(data)
    assert info.value.kind == kind


def test_zip_that_is_not_a_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(extract.ExtractError) as info:
        run(buffer.getvalue())
    assert info.value.kind == "unsupported"


def test_encrypted_pdf_needs_password_but_owner_only_is_read():
    with pytest.raises(extract.ExtractError) as info:
        run(make_pdf([["Geheim"]], encrypt_user="geheim"))
    assert info.value.kind == "encrypted"
    assert "Leesbaar" in run(make_pdf([["Leesbaar stuk"]], encrypt_user="", encrypt_owner="eigenaar")).pages[0].text


def test_pdf_without_text_layer_needs_ocr():
    with pytest.raises(extract.ExtractError) as info:
        run(make_pdf([[""]]))
    assert info.value.kind in ("needs_ocr", "empty")
