"""Bytes -> text per page (Extracted). Format by content (magic bytes), not by extension.

Every format ends in the same shape: pages of text in which paragraphs are separated by a
blank line (running headers and footers moved to `Page.header`), plus `Table` records, so
segmentation works the same for PDF, DOCX, ODT, HTML, RTF and plain text.

    magic   -> which reader          text    -> decoding, NFKC, bullets, de-hyphenation
    pdf     -> pdfium + pdfplumber   layout  -> reading order, paragraphs, headers/footers
    ocr     -> Tesseract             office, html -> the other formats
    lang    -> non-Dutch warning     ruled   -> ruled tables (pdfium edges, pdfplumber finder)
"""
from __future__ import annotations

from ..config import ExtractConfig
from ..records import Extracted, Source
from .errors import ExtractError
from .html import extract_html
from .lang import language_warning
from .magic import extension_warning, sniff
from .office import extract_docx, extract_odt, extract_rtf
from .pdf import extract_pdf
from .text import decode_text, normalise, pages_from_text

VERSION = "6"

__all__ = ["VERSION", "ExtractError", "run", "sniff", "decode_text", "normalise"]


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
            raise ExtractError("needs_ocr", "no usable text layer on any page (a scan?) and no OCR was done: "
                               + "; ".join(w for w in result.warnings if w.startswith("needs OCR")))
        ocr_note = " (OCR found no text either)" if any(p.ocr for p in result.pages) else ""
        raise ExtractError("empty", f"no text found in the {result.format} file{ocr_note}")
    warnings = list(result.warnings)
    for warning in (extension_warning(kind, source.path), language_warning(_sample(result))):
        if warning:
            warnings.append(warning)
    return Extracted(format=result.format, pages=result.pages, tables=result.tables, warnings=warnings)


def _sample(result: Extracted) -> str:
    text, size = [], 0
    for page in result.pages:
        text.append(page.text)
        size += len(page.text)
        if size > 20000:
            break
    return "\n".join(text)
