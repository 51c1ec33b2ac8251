"""Bytes -> text per page (Extracted). Format by content (magic bytes), not by extension.

Every format ends in the same shape: pages of text in which paragraphs are separated by a
blank line, so segmentation works the same for PDF, DOCX, ODT, HTML, RTF and plain text.
"""
from __future__ import annotations

import io
import re
import statistics
import time
import unicodedata
import zipfile

from .config import ExtractConfig
from .records import Extracted, Page, Source, Table

VERSION = "1"


class ExtractError(Exception):
    """A document that cannot be read; `kind` names the reason for the report."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def sniff(data: bytes) -> str:
    """The file format from its first bytes: pdf, docx, odt, rtf, html or text."""
    head = data[:2048]
    if not data.strip():
        raise ExtractError("empty", "the file is empty")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile as exc:
            raise ExtractError("corrupt", f"broken ZIP container: {exc}") from exc
        if "word/document.xml" in names:
            return "docx"
        if "content.xml" in names:
            return "odt"
        raise ExtractError("unsupported", "a ZIP archive that is not a DOCX or ODT document")
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in lowered or b"<head" in lowered:
        return "html"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractError("unsupported", "binary file of an unknown format")
    return "text"


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM, or UTF-16 with BOM), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def normalise(text: str) -> str:
    """NFKC (ligatures such as U+FB01 become 'fi'), unified line ends, no odd spaces."""
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00ad", "").replace("\u200b", "")
    return re.sub(r"[ \t\u00a0\u2009\u202f]+\n", "\n", text)


def pages_from_text(text: str) -> list[Page]:
    """Form feeds separate pages in text exports; otherwise the text is one page."""
    parts = normalise(text).split("\f")
    return [Page(number=i + 1, text=part.strip("\n")) for i, part in enumerate(parts)]


# --- PDF -------------------------------------------------------------------------------

def _lines_to_paragraphs(lines: list[dict]) -> str:
    """Rebuild paragraphs from layout: a vertical gap clearly larger than usual starts one."""
    if not lines:
        return ""
    heights = [ln["bottom"] - ln["top"] for ln in lines if ln["bottom"] > ln["top"]]
    height = statistics.median(heights) if heights else 10.0
    out: list[str] = []
    previous_bottom = None
    for line in lines:
        if previous_bottom is not None and line["top"] - previous_bottom > 0.6 * height:
            out.append("")
        out.append(line["text"])
        previous_bottom = line["bottom"]
    return "\n".join(out)


def _table_records(page, page_number: int) -> list[Table]:
    tables = []
    for found in page.find_tables():
        rows = [[(cell or "").replace("\n", " ").strip() for cell in row] for row in found.extract()]
        rows = [row for row in rows if any(row)]
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            tables.append(Table(page=page_number, header=rows[0], rows=rows[1:]))
    return tables


def extract_pdf(data: bytes, cfg: ExtractConfig) -> Extracted:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    started = time.monotonic()
    pages: list[Page] = []
    tables: list[Table] = []
    warnings: list[str] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for broken files, often wrapped
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise ExtractError("encrypted", "the PDF is encrypted and needs a password") from exc
        raise ExtractError("corrupt", f"cannot open the PDF: {cause.__class__.__name__}: {cause}") from exc
    with pdf:
        total = len(pdf.pages)
        if total > cfg.max_pages:
            warnings.append(f"only the first {cfg.max_pages} of {total} pages were read")
        for index in range(min(total, cfg.max_pages)):
            if time.monotonic() - started > cfg.time_budget_s:
                raise ExtractError("timeout", f"extraction took longer than {cfg.time_budget_s:.0f} s "
                                   f"(stopped at page {index + 1} of {total})")
            page = pdf.pages[index]
            try:
                lines = page.extract_text_lines(strip=True, return_chars=False)
                text = _lines_to_paragraphs(lines)
                if cfg.tables and (page.lines or page.rects):
                    tables.extend(_table_records(page, index + 1))
            except Exception as exc:
                raise ExtractError("corrupt", f"page {index + 1}: {exc.__class__.__name__}: {exc}") from exc
            finally:
                page.close()  # frees the page's parsed objects: memory stays flat
            needs_ocr = not text.strip()
            pages.append(Page(number=index + 1, text=normalise(text), needs_ocr=needs_ocr))
    empty = [p.number for p in pages if p.needs_ocr]
    if empty:
        warnings.append(f"needs OCR: {len(empty)} page(s) without a text layer ({_ranges(empty)})")
    return Extracted(format="pdf", pages=pages, tables=tables, warnings=warnings)


def _ranges(numbers: list[int]) -> str:
    spans, start = [], numbers[0]
    for prev, cur in zip(numbers, numbers[1:] + [None], strict=True):
        if cur != prev + 1 if cur is not None else True:
            spans.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = cur
    return ", ".join(spans)


# --- office and web formats ------------------------------------------------------------

def extract_docx(data: bytes) -> Extracted:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ExtractError("corrupt", f"cannot open the DOCX: {exc}") from exc
    blocks = [p.text for p in document.paragraphs]
    tables = []
    for table in document.tables:
        rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        if len(rows) >= 2:
            tables.append(Table(page=1, header=rows[0], rows=rows[1:]))
            blocks.append("\n".join("  ".join(r) for r in rows))
    text = "\n\n".join(b.strip() for b in blocks if b.strip())
    return Extracted(format="docx", pages=pages_from_text(text), tables=tables)


def extract_odt(data: bytes) -> Extracted:
    from odf import teletype
    from odf import text as odf_text
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
    except Exception as exc:
        raise ExtractError("corrupt", f"cannot open the ODT: {exc}") from exc
    blocks = [teletype.extractText(el) for el in document.getElementsByType(odf_text.P)
              + document.getElementsByType(odf_text.H)]
    text = "\n\n".join(b.strip() for b in blocks if b.strip())
    return Extracted(format="odt", pages=pages_from_text(text))


def extract_rtf(data: bytes) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    text = rtf_to_text(decode_text(data))
    return Extracted(format="rtf", pages=pages_from_text(re.sub(r"\n(?=\S)", "\n\n", text)))


BOILERPLATE_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
                    "svg", "button", "template"]
BLOCK_TAGS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre", "blockquote", "dd", "dt"]


def extract_html(data: bytes) -> Extracted:
    """The article of a web page: navigation, scripts and forms are dropped, blocks become paragraphs."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(data), "lxml")
    for tag in soup(BOILERPLATE_TAGS):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = []
    for element in root.find_all(BLOCK_TAGS):
        if element.find(BLOCK_TAGS):
            continue  # the inner blocks are taken on their own
        text = " ".join(element.get_text(" ").split())
        if text:
            blocks.append(text)
    if not blocks:
        blocks = [" ".join(root.get_text(" ").split())]
    return Extracted(format="html", pages=pages_from_text("\n\n".join(blocks)))


def run(data: bytes, source: Source, cfg: ExtractConfig) -> Extracted:
    """Read one file's bytes. Raises ExtractError for files that cannot be read."""
    kind = sniff(data)
    if kind == "pdf":
        result = extract_pdf(data, cfg)
    elif kind == "docx":
        result = extract_docx(data)
    elif kind == "odt":
        result = extract_odt(data)
    elif kind == "rtf":
        result = extract_rtf(data)
    elif kind == "html":
        result = extract_html(data)
    else:
        result = Extracted(format="text", pages=pages_from_text(decode_text(data)))
    if not any(p.text.strip() for p in result.pages):
        if any(p.needs_ocr for p in result.pages):
            raise ExtractError("needs_ocr", "no text layer on any page (a scan?) and no OCR was done")
        raise ExtractError("empty", f"no text found in the {result.format} file")
    return result
