"""Dates in Dutch notation, and the date of a document itself (not its deadlines)."""
from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {m: i + 1 for i, m in enumerate(
    "januari februari maart april mei juni juli augustus september oktober november december".split())}
MONTHS.update({"jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "okt": 10, "nov": 11, "dec": 12})
MONTH_WORD = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|" \
             r"jan|feb|mrt|apr|jun|jul|aug|sept?|okt|nov|dec)\.?"
# "9 juli 2019", "2 en 3 juli 2008" (first day), "09-07-2019", "29-1-2019", "9.7.2019", "2019-07-09"
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:\s*(?:en|/|-|t/m)\s*\d{{1,2}})?\s+({MONTH_WORD})\s+(\d{{4}})\b",
                            re.IGNORECASE)
NUMERIC = re.compile(r"(?<![\d.,/-])(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?![\d.,/-]*\d)")
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MONTH_YEAR = re.compile(rf"\b({MONTH_WORD})\s+(\d{{4}})\b", re.IGNORECASE)
YEAR = re.compile(r"\b(20[0-3]\d|19[89]\d)\b")

DOC_DATE_CUES = re.compile(
    r"(?:in (?:openbare )?vergadering bijeen op|vergadering (?:van|d\.d\.|op)|raadsvergadering(?: van| d\.d\.| op)?|"
    r"datum(?: raadsvergadering| vergadering| verzending| beantwoording| collegebesluit| brief)?\s*:?|"
    r"d\.d\.|verzonden(?: op)?|beantwoord(?: op)?|vastgesteld(?: op| in de vergadering van)?|"
    r"ingediend(?: op)?|gehouden op|collegevergadering van|besluit van|ingekomen(?: op)?|ontvangen(?: op)?|"
    r"vergaderdatum|verzenddatum|gepubliceerd(?: op)?|geldend (?:van|vanaf)|in werking getreden (?:op|per)|"
    r"vastgesteld door (?:de (?:gemeente)?raad|het college)[^.;]{0,50}? op|"
    r"aangeboden (?:door het college |aan de (?:gemeente)?raad )?op)\s*:?\s*"
    r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\s+)?$",
    re.IGNORECASE)
NOT_DOC_DATE = re.compile(
    r"(?:voor|vóór|uiterlijk|per|vanaf|tot|t/m|na|sinds|peildatum|op|in|eind|begin|medio|"
    r"tussen|van|brief van|voorstel van|motie van|d\.d\.\s*\S+\s+van)\s*$", re.IGNORECASE)


FOOTER = re.compile(r"^[ \t]*(\d{1,2}[-/.]\d{1,2}[-/.]\d{4})[ \t]+\d{1,3}[ \t]*$", re.MULTILINE)
YEAR_ALONE = re.compile(r"^\s*(20[0-3]\d|19[89]\d)\s*$")


@dataclass(frozen=True)
class DateMatch:
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    start: int
    end: int


def _valid(year: int, month: int, day: int | None = None) -> bool:
    return 1900 < year < 2100 and 1 <= month <= 12 and (day is None or 1 <= day <= 31)


def find_dates(text: str) -> list[DateMatch]:
    """All full and month dates in `text`, in order of appearance, overlapping ones dropped."""
    found: list[DateMatch] = []
    for m in DAY_MONTH_YEAR.finditer(text):
        month = MONTHS[m.group(2).lower().rstrip(".")]
        day, year = int(m.group(1)), int(m.group(3))
        if _valid(year, month, day):
            found.append(DateMatch(f"{year:04d}-{month:02d}-{day:02d}", m.start(), m.end()))
    for m in NUMERIC.finditer(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not _valid(year, month, day) and _valid(year, day, month):
            day, month = month, day  # "7/9/2019" in some US-style exports
        if _valid(year, month, day):
            found.append(DateMatch(f"{year:04d}-{month:02d}-{day:02d}", m.start(), m.end()))
    for m in ISO.finditer(text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(year, month, day):
            found.append(DateMatch(m.group(0), m.start(), m.end()))
    for m in MONTH_YEAR.finditer(text):
        if any(d.start <= m.start() < d.end for d in found):
            continue
        month = MONTHS[m.group(1).lower().rstrip(".")]
        found.append(DateMatch(f"{int(m.group(2)):04d}-{month:02d}", m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    kept: list[DateMatch] = []
    for d in found:
        if not kept or d.start >= kept[-1].end:
            kept.append(d)
    return kept


def document_date(paragraphs: list[str], doc_type: str | None) -> tuple[str | None, str]:
    """The document's own date and why: a cued date ("in vergadering bijeen op", "Datum:") first,
    then the first uncued full date near the top that is not a deadline, then a month on the title page."""
    head = paragraphs[:12]
    cued, plain, months = [], [], []
    for index, paragraph in enumerate(paragraphs):
        text = " ".join(paragraph.split())
        for d in find_dates(text):
            before = text[max(0, d.start - 90):d.start]
            if DOC_DATE_CUES.search(before):
                cued.append((index, d))
            elif index < len(head) and not NOT_DOC_DATE.search(before):
                (plain if len(d.value) == 10 else months).append((index, d))
    if cued:
        # answers are dated later than questions: for written questions the last cued date wins
        index, d = cued[-1] if doc_type == "schriftelijke_vragen" else cued[0]
        return d.value, f"cued date in paragraph {index + 1}"
    if plain:
        index, d = plain[0]
        return d.value, f"first date near the top (paragraph {index + 1})"
    if months:
        index, d = months[0]
        return d.value, f"month on the title page (paragraph {index + 1})"
    for index, paragraph in enumerate(paragraphs):  # a slide or page footer: "29-1-2019   6"
        footer = FOOTER.search(paragraph)
        if footer:
            found = find_dates(footer.group(1))
            if found:
                return found[0].value, f"date in a page footer (paragraph {index + 1})"
    for paragraph in paragraphs[-3:]:  # signatures at the end
        text = " ".join(paragraph.split())
        for d in find_dates(text):
            if not NOT_DOC_DATE.search(text[max(0, d.start - 60):d.start]):
                return d.value, "date at the end of the document"
    for index, paragraph in enumerate(paragraphs[:6]):
        if YEAR_ALONE.match(paragraph):
            return paragraph.strip(), f"year on the title page (paragraph {index + 1})"
    return None, "no document date in the text"
