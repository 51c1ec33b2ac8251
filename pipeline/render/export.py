"""The report's tables as CSV files and one XLSX workbook (openpyxl), safe to open in a spreadsheet."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from ..store import atomic_write

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FIXED_TIME = dt.datetime(2000, 1, 1)


def defuse(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    safe = frame.astype(object).map(defuse)
    atomic_write(path, safe.to_csv(index=False).encode("utf-8"))


def write_xlsx(frames: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per table, bold header, frozen first row; every text cell stays text."""
    book = Workbook()
    book.remove(book.active)
    for name, frame in frames.items():
        sheet = book.create_sheet(title=name[:31])
        sheet.append(list(frame.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
            sheet.append([None if v is None else v for v in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":  # text starting with "=" is a formula to openpyxl: keep it text
                    cell.data_type = "s"
        for index, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [min(len(str(v)), 60) for v in frame[column].head(200)])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width + 2
        sheet.freeze_panes = "A2"
    book.properties.creator = "raadslens"
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write(path, _fixed_zip_times(buffer.getvalue()))


def _fixed_zip_times(data: bytes) -> bytes:
    """The same workbook gives the same bytes: zip entries get one fixed time stamp."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content)
            target.writestr(fixed, content)
    return out.getvalue()
