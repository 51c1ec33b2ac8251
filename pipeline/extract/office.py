"""Word (.docx), OpenDocument (.odt) and RTF: paragraphs as the author made them."""
from __future__ import annotations

import io
import re

from ..records import Extracted, Table
from .errors import ExtractError
from .text import decode_text, normalise, pages_from_text


def extract_docx(data: bytes) -> Extracted:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types for broken files
        raise ExtractError("corrupt", f"cannot open the DOCX: {exc}") from exc
    blocks = [p.text for p in document.paragraphs]
    tables = []
    for table in document.tables:
        rows = [[normalise(cell.text).replace("\n", " ").strip() for cell in row.cells] for row in table.rows]
        if len(rows) >= 2:
            tables.append(Table(page=1, header=rows[0], rows=rows[1:]))
    text = "\n\n".join(b.strip() for b in blocks if b.strip())
    return Extracted(format="docx", pages=pages_from_text(text), tables=tables)


def extract_odt(data: bytes) -> Extracted:
    from odf import table as odf_table
    from odf import teletype
    from odf import text as odf_text
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001
        raise ExtractError("corrupt", f"cannot open the ODT: {exc}") from exc
    blocks = []
    for element in document.text.childNodes:  # top level only: document order, no table cells
        if element.tagName in ("text:p", "text:h"):
            blocks.append(teletype.extractText(element))
        elif element.tagName == "text:list":
            blocks += ["• " + teletype.extractText(p) for p in element.getElementsByType(odf_text.P)]
    tables = []
    for element in document.text.getElementsByType(odf_table.Table):
        rows = [[" ".join(teletype.extractText(c).split()) for c in row.getElementsByType(odf_table.TableCell)]
                for row in element.getElementsByType(odf_table.TableRow)]
        if len(rows) >= 2:
            tables.append(Table(page=1, header=rows[0], rows=rows[1:]))
    text = "\n\n".join(b.strip() for b in blocks if b.strip())
    return Extracted(format="odt", pages=pages_from_text(text), tables=tables)


def extract_rtf(data: bytes) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    try:
        text = rtf_to_text(decode_text(data), errors="ignore")
    except Exception as exc:  # noqa: BLE001
        raise ExtractError("corrupt", f"cannot read the RTF: {exc}") from exc
    # \par ends a paragraph in RTF; striprtf gives one line per paragraph
    return Extracted(format="rtf", pages=pages_from_text(re.sub(r"\n(?=\S)", "\n\n", text.strip())))
