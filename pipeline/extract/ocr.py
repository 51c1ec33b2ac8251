"""OCR of one PDF page with Tesseract through pytesseract.

pytesseract rather than OCRmyPDF: we OCR only the pages that lack a usable text layer, from a
bitmap pdfium already renders, and want word boxes back (to rebuild paragraphs with the same
layout code as the text layer); OCRmyPDF rewrites whole PDFs and needs Ghostscript and qpdf."""
from __future__ import annotations

import re
import statistics
from functools import cache

from .layout import Line

DPI = 300
# what Tesseract makes of a bullet glyph at the start of a line ("e", "*", "«", ...)
BULLET_READINGS = re.compile(r"^(?:[e*«»°o¢©+►>]|[eo©]\))\s+(?=\S)")
# the V/N (voordelig/nadelig) column of a budget table read glued to a negative amount beside it
GLUED_SIGN = re.compile(r"\b([VN])-(?=\d{1,3}(?:\.\d{3})+\b)")
# 'mln' read as 'min' after an amount: "€ 2 min", or a figure with a decimal comma ("2,3 min")
MILLION = re.compile(r"((?:€\s*\d[\d.,]*|\d+,\d+)\s*)m[i1l|]n\b", re.I)


@cache
def available(language: str) -> bool | str:
    """True, or why OCR cannot run (shown in the document's warnings)."""
    try:
        import pytesseract

        languages = pytesseract.get_languages(config="")
    except ImportError:
        return "pytesseract is not installed"
    except Exception:  # noqa: BLE001 - TesseractNotFoundError and friends
        return "Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-nld)"
    if language not in languages:
        return f"Tesseract has no '{language}' language data (apt-get install tesseract-ocr-{language})"
    return True


def page_lines(page, language: str) -> list[Line]:
    """Render the page at 300 dpi in greyscale and read it; lines in PDF points."""
    import pytesseract

    scale = DPI / 72.0
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_pil()
        data = pytesseract.image_to_data(image, lang=language, config="--psm 3",
                                         output_type=pytesseract.Output.DICT)
    finally:
        bitmap.close()
        page.close()
    return lines_from_words(data, scale)


def lines_from_words(data: dict, scale: float) -> list[Line]:
    """Tesseract's words grouped by (block, paragraph, line) into Lines, which keep Tesseract's paragraph
    (it sets a heading apart, which equal line heights cannot). All lines get the page's median line
    height, so the paragraph rules see pitch, not the jitter of ascenders."""
    groups: dict[tuple, list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip() and float(data["conf"][i]) >= 0:
            groups.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    if not groups:
        return []
    boxes = []
    for (block, paragraph, _), ids in groups.items():
        x0 = min(data["left"][i] for i in ids) / scale
        x1 = max(data["left"][i] + data["width"][i] for i in ids) / scale
        bottom = statistics.median(data["top"][i] + data["height"][i] for i in ids) / scale
        height = statistics.median(data["height"][i] for i in ids) / scale
        text = " ".join(data["text"][i] for i in sorted(ids, key=lambda i: data["left"][i]))
        boxes.append((x0, x1, bottom, height, fix_reading(text), (block, paragraph)))
    size = statistics.median(b[3] for b in boxes) * 1.25
    return [Line(x0, bottom - size, x1, bottom, text, group) for x0, x1, bottom, _, text, group in boxes]


def fix_reading(line: str) -> str:
    """Undo misreadings that change meaning downstream: a bullet read as a letter (so list items
    were no longer items), 'mln' after an amount read as 'min' (a factor of a million), and a V/N
    column glued to a negative amount (the amount was lost)."""
    return GLUED_SIGN.sub(r"\1 -", MILLION.sub(r"\1mln", BULLET_READINGS.sub("• ", line)))
