"""PDF: the text layer and vector paths through pypdfium2, ruled tables through pdfplumber's
table finder (see ruled.py), OCR for pages without a usable text layer.

pdfplumber parses every glyph in Python (about 15 pages/s); pdfium reads the text layer in C
at hundreds of pages/s. Pages are loaded and closed one at a time, and only their lines are
kept, so memory stays flat however long the document is."""
from __future__ import annotations

import ctypes
import re
import time
import unicodedata
from dataclasses import dataclass, field

from ..config import ExtractConfig
from ..records import Extracted, Page, Table
from . import layout, ocr, ruled
from .errors import ExtractError
from .layout import Line
from .text import normalise


@dataclass
class RawPage:
    """What pass one keeps of a page: its lines (body and edges) and what to do with it."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list = field(default_factory=list)  # (Table, bbox) of ruled tables
    needs_ocr: bool = False
    garbled: bool = False
    ocr: bool = False


class Budget:
    """Wall-clock budget of one document; past it the document fails with kind 'timeout'."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.started = time.monotonic()

    def check(self, where: str) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise ExtractError("timeout", f"extraction took longer than {self.seconds:.0f} s ({where})")


def extract_pdf(data: bytes, cfg: ExtractConfig) -> Extracted:
    """Pass one reads every page (lines, ruled tables) and closes it; OCR where the text layer is
    missing; pass two drops running headers and footers and builds paragraphs."""
    import pypdfium2 as pdfium

    budget = Budget(cfg.time_budget_s)
    warnings: list[str] = []
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ExtractError("encrypted", "the PDF is encrypted and needs a password to open") from exc
        raise ExtractError("corrupt", f"cannot open the PDF: {exc}") from exc
    try:
        total = len(document)
        if total == 0:
            raise ExtractError("corrupt", "the PDF has no pages")
        if total > cfg.max_pages:
            warnings.append(f"only the first {cfg.max_pages} of {total} pages were read")
        raw_pages = []
        for index in range(min(total, cfg.max_pages)):
            budget.check(f"stopped at page {index + 1} of {total}")
            raw_pages.append(read_page(document, index, cfg.tables))
        ocr_pages(document, raw_pages, cfg, budget, warnings)
    finally:
        document.close()
    return assemble(raw_pages, warnings)


def read_page(document, index: int, tables: bool) -> RawPage:
    """One page through pdfium: text runs as lines, whether it draws a ruled table, and whether
    its text layer is missing or unreadable."""
    page = document[index]
    try:
        width, height = page.get_size()
        raw = RawPage(number=index + 1, width=width, height=height)
        textpage = page.get_textpage()
        try:
            chars = textpage.count_chars()
            raw.lines = layout.merge_fragments(_runs(textpage, height)) if chars else []
            if tables and chars and _draws_table(page, height):
                raw.tables = ruled.find_tables(page, textpage, index + 1, width, height)
        finally:
            textpage.close()
        text = " ".join(ln.text for ln in raw.lines)
        raw.garbled = bool(text.strip()) and is_garbage(text)
        # a scan with a stamped page number still needs OCR: little text over a page-sized image
        raw.needs_ocr = not text.strip() or raw.garbled or (len(text.strip()) < 40 and _mostly_image(page))
        return raw
    except ExtractError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken page object is a broken file
        raise ExtractError("corrupt", f"page {index + 1}: {exc.__class__.__name__}: {exc}") from exc
    finally:
        page.close()


def _runs(textpage, height: float) -> list[Line]:
    """pdfium's text rectangles (runs of characters on one line) with their text, placed on the
    baseline of their first character and sized by its font size, so line pitch and font size
    compare exactly between lines."""
    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_double(), ctypes.c_double()
    out = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top)
        if not text.strip():
            continue
        index = textpage.get_index(left + min(2.0, (right - left) / 2), (top + bottom) / 2, 2.0, 2.0)
        if index is None or index < 0:
            index = textpage.get_index((left + right) / 2, (top + bottom) / 2, (right - left) / 2, 2.0)
        found = index is not None and index >= 0
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index) if found else 0.0
        if found and size > 0 and pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, x, y):
            baseline = height - y.value
        else:
            size, baseline = max(1.0, top - bottom), height - bottom
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
        out.append(Line(left, baseline - 0.8 * size, right, baseline + 0.2 * size, text))
    return out


def _draws_table(page, height: float) -> bool:
    """Does the page draw ruled lines or cell boxes in its body (outside the top and bottom
    tenth, where header and footer rules live)? Only such pages go to pdfplumber."""
    import pypdfium2.raw as pdfium_c

    horizontal = vertical = boxes = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if top < 0.1 * height or bottom > 0.9 * height:
            continue
        w, h = right - left, top - bottom
        if h < 3 and w > 15:
            horizontal += 1
        elif w < 3 and h > 8:
            vertical += 1
        elif w > 15 and h > 8:
            segments = pdfium_c.FPDFPath_CountSegments(obj.raw)
            boxes += 1 if segments <= 6 else 3  # one path drawing a whole grid counts as several
        if (horizontal >= 2 and vertical >= 2) or boxes >= 3 or horizontal + boxes >= 4 and vertical + boxes >= 3:
            return True
    return False


def _mostly_image(page) -> bool:
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) > 0.5 * width * height:
            return True
    return False


def is_garbage(text: str) -> bool:
    """A text layer without a usable ToUnicode map decodes to control characters, private-use
    code points, replacement characters or consonant soup: judge by character statistics."""
    chars = [c for c in text if not c.isspace()]
    if len(chars) < 20:
        return False
    odd = sum(1 for c in chars if unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs") or c == "\ufffd")
    if odd / len(chars) > 0.1:
        return True
    letters = [c.lower() for c in chars if c.isalpha()]
    if len(letters) < 0.4 * len(chars):
        return True
    latin = [c for c in letters if "a" <= c <= "z"]
    if len(latin) > 0.8 * len(letters) and latin:
        vowels = sum(1 for c in latin if c in "aeiouy")
        if not 0.25 <= vowels / len(latin) <= 0.6:
            return True
    words = re.findall(r"[^\W\d_]+", text)
    return bool(words) and sum(len(w) for w in words) / len(words) > 15


def ocr_pages(document, raw_pages: list[RawPage], cfg: ExtractConfig, budget: Budget,
              warnings: list[str]) -> None:
    """OCR the pages without a usable text layer when Tesseract is there; otherwise say which
    pages need it. Only those pages are rendered."""
    todo = [p for p in raw_pages if p.needs_ocr]
    if not todo:
        return
    garbled = [p.number for p in todo if p.garbled]
    if garbled:
        warnings.append(f"unreadable text layer (no ToUnicode map?) on {len(garbled)} page(s) ({ranges(garbled)})")
    engine = ocr.available(cfg.ocr_language) if cfg.ocr else "OCR is switched off ([extract] ocr = false)"
    if engine is not True:
        warnings.append(f"needs OCR: {len(todo)} page(s) without a usable text layer ({ranges([p.number for p in todo])}); "
                        f"{engine}")
        for page in todo:
            if page.garbled:
                page.lines = []
        return
    for page in todo:
        budget.check(f"OCR of page {page.number}")
        lines = ocr.page_lines(document[page.number - 1], cfg.ocr_language)
        page.lines, page.ocr, page.needs_ocr = lines, True, False
    warnings.append(f"OCR ({cfg.ocr_language}) on {len(todo)} page(s) ({ranges([p.number for p in todo])})")


def assemble(raw_pages: list[RawPage], warnings: list[str]) -> Extracted:
    """Running headers and footers out, table cells out (they are Table records), captions found,
    the rest into paragraphs."""
    keys = layout.running_keys([p.lines for p in raw_pages], [p.height for p in raw_pages])
    pages: list[Page] = []
    records: list[Table] = []
    for raw, page_keys in zip(raw_pages, keys, strict=True):
        body, running = layout.split_running(raw.lines, raw.height, page_keys)
        for table, bbox in raw.tables:
            body = [ln for ln in body if not _inside(ln, bbox)]
            records.append(Table(page=table.page, header=table.header, rows=table.rows, caption=_caption(body, bbox)))
        text = normalise(layout.page_text(body, raw.width))
        pages.append(Page(number=raw.number, text=text, ocr=raw.ocr, header="\n".join(running),
                          needs_ocr=raw.needs_ocr))
    return Extracted(format="pdf", pages=pages, tables=records, warnings=warnings)


def _inside(line: Line, bbox: tuple) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    return x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1


CAPTION = re.compile(r"^\s*(tabel|table|overzicht|figuur)\b|:\s*$", re.I)


def _caption(body: list[Line], bbox: tuple) -> str:
    """The line right above a table when it reads like a caption ('Tabel 2: ...')."""
    x0, top, x1, _ = bbox
    above = [ln for ln in body if ln.bottom <= top + 1 and top - ln.bottom < 2.5 * ln.height
             and ln.x1 > x0 and ln.x0 < x1]
    if not above:
        return ""
    line = max(above, key=lambda ln: ln.bottom)
    return normalise(line.text.strip()) if CAPTION.search(line.text) else ""


def ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> '1-3, 7'."""
    spans, start = [], numbers[0]
    for prev, cur in zip(numbers, numbers[1:] + [None], strict=True):
        if cur is None or cur != prev + 1:
            spans.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = cur
    return ", ".join(spans)
