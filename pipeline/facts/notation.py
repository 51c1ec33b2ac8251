"""Figures in Dutch running text: percentages, euros, durations, counts and deadlines.

Values follow the taxonomy's conventions: percent as stated (13 for "13%"), euros as a plain
number, durations in days (week 7, working day 7/5, month 365/12 rounded half up, year 365),
deadlines as the last day of the period ("eind 2025" -> 2025-12-31). Number words ("tweehonderd",
"eenentwintig") are read by text2num's Dutch parser.
"""
from __future__ import annotations

import calendar
import re

from ..segment.dates import MONTH_WORD, MONTHS
from .numbers import FRACTIONS, NUM, QUANT, SCALE, SCALES, WORD, Hit, days, number_or_none, parse_number

PERCENT = re.compile(
    rf"(?<![\d.,])(?:(?P<low>{NUM})\s*(?:-|–|tot)\s*)?(?P<n>{NUM}|{WORD})\s*(?:%|procent\b|procentpunt(?:en)?\b)",
    re.IGNORECASE)
# "één op de vijf", "1 op de 8", "ruim vier van de vijf": a share, not two counts
ONE_IN = re.compile(rf"(?P<hedge>\b(?:ruim|bijna|circa|ongeveer|zo'n|meer dan|minder dan)\s+)?"
                    rf"(?P<a>{QUANT})\s+(?P<rel>op|van)\s+(?:de|elke|iedere)\s+(?P<b>{QUANT})(?!\s*(?:%|procent|euro|€))",
                    re.IGNORECASE)
FRACTION = re.compile(r"\b(?:(?P<k>twee|drie)\s*)?(?:een\s+|de\s+|ruim\s+de\s+|bijna\s+de\s+|ruim\s+een\s+|met\s+een\s+|"
                      r"bijna\s+|ruim\s+)?(?P<f>helft|kwart|driekwart|derde|vijfde)\b"
                      r"(?!\s+(?:van\s+het\s+jaar|van\s+(?:19|20)\d\d|kwartaal|klas|graad|partij|partijen|lid|fase))",
                      re.IGNORECASE)
EURO = re.compile(
    rf"(?:€\s*(?P<a>{NUM})(?:,-|,--)?(?:\s*(?P<as>{SCALE}))?"
    rf"|(?P<b>{QUANT})\s*(?P<bs>{SCALE})\s*(?:euro|€)"
    rf"|(?P<c>{NUM})\s+euro\b"
    rf"|(?P<d>{QUANT})\s+(?P<ds>miljoen|mln\.?|miljard|ton)\b(?!\s+(?:inwoners|mensen|kinderen|jongeren|keer)))",
    re.IGNORECASE)
MULTIPLIER = re.compile(r"(?:x|\*|×)\s*(?:€\s*)?1\.000(?:\s*euro)?|(?:€|euro)\s*(?:x|\*|×)\s*1\.000", re.IGNORECASE)
DURATION = re.compile(
    rf"(?:(?P<low>{QUANT})\s*(?:-|–|tot|à)\s*)?(?P<n>{QUANT})\s+(?P<unit>werkdagen|werkdag|kalenderdagen|dagen|dag|"
    rf"weken|week|maanden|maand|jaren|jaar|uur)\b", re.IGNORECASE)
COUNT_NOUN = (
    r"(?:\w+[- ])?\w*(?:jeugdigen|kinderen|jongeren|ouders|gezinnen|scholen|praktijken|aanbieders|plekken|plaatsen|"
    r"meldingen|cliënten|clienten|deelnemers|respondenten|medewerkers|trajecten|verwijzingen|leerlingen|thuiszitters|"
    r"huisartsen|professionals|locaties|wijken|activiteiten|aanmeldingen|bijeenkomsten|vrijwilligers|gezinshuizen|"
    r"consulenten|coaches|casussen|dossiers|beschikkingen|indicaties|zwangeren|moeders|vaders|werkers|wachtenden|"
    r"organisaties|teams|gemeenten|huishoudens|gesprekken|interviews|reacties|plaatsingen|personen|gevallen|"
    r"verleners|ondersteuners|scholieren|peuters|baby's|meisjes|jongens|cursussen|aanvragen|klachten|"
    r"fte|keer|maal|jeugdige|kind|jongere|ouder|gezin|school|aanbieder|plek|plaats|melding|cliënt|medewerker|"
    r"traject|leerling|praktijk|gemeente)"
)
COUNT = re.compile(rf"(?<![\w.,€-])(?P<n>{QUANT})\s+(?:(?:\w+e|extra|nieuwe|andere)\s+){{0,2}}(?P<noun>{COUNT_NOUN})\b",
                   re.IGNORECASE)
# the structure of a plan or a report is not a count ("vier koerslijnen", "18 acties")
PLAN_PARTS = (r"(?:\w+[- ])?(?:maatregelen|acties|actiepunten|koerslijnen|speerpunten|doelen|doelstellingen|ambities|"
              r"pijlers|thema's|aanbevelingen|conclusies|onderzoeksvragen|vragen|punten|bewegingen|sporen|stappen|"
              r"opgaven|hoofdstukken|paragrafen|programma's|prioriteiten|fasen|lijnen)\b")
STRUCTURE_BEFORE = re.compile(r"\b(?:vraag|antwoord|artikel|pagina|agendapunt|motie|punt|hoofdstuk|bijlage)\s*$",
                              re.IGNORECASE)
BARE = re.compile(r"(?<![\w.,€/-])(?P<n>\d{1,3}(?:\.\d{3})+|\d+)(?![\w%]|[.,/-]\d|-\w|\s*(?:%|procent|euro|€))")
NOT_COUNT_BEFORE = re.compile(
    r"(?:artikel|art\.|pagina|blz\.?|p\.|nr\.?|nummer|agendapunt|vraag|antwoord|punt|hoofdstuk|bijlage|paragraaf|§|dia|"
    r"versie|motie|amendement|programma|taakveld|kenmerk|zaaknummer|registratienummer|fase|stap|week|groep|klas|"
    r"tel\.?|telefoon|niveau|dag|rapportcijfer|cijfer|score|per|ca\.|leeftijd|jaar|sinds|om|postbus|tot en met|t/m|"
    r"van de|op de|onder de|boven de|tot de|ronde|editie|jaargang|lid|sub|onder|RvO|Jeugdwet|stemmen|zetels|€|"
    r"bijlagen?|pagina \d+ van|\.{2,}|…|[?!;|]|\b[a-z]+:|spoor|perceel|sheet|slide|conclusie|aanbeveling|"
    r"bevinding|actie|doel|onderdeel|deel|module|[-–]|\((?:in )?)\s*$",
    re.IGNORECASE)
NOT_COUNT_AFTER = re.compile(
    rf"^\s*(?:(?:tot|-|–|en|t/m|tot en met)\s*\d+\s*(?:jaar|jarigen)|jaar|jarigen|(?:stemmen|voor|tegen)\b|leden\b|raadsleden|zetels|uur\b|[:.]\d|x\b|"
    rf"{MONTH_WORD}|(?-i:[A-Z]{{2}}\b)|[|–-]\s*$|tot en met \d|t/m \d|-\s*\d|en \d+\s*jaar|inwoners|(?:tot|-|–)\s*[\d.]+\s*inwoners|\)|[.)]\s+[A-Z]|{PLAN_PARTS})",
    re.IGNORECASE)
QUARTER = {"eerste": 3, "tweede": 6, "derde": 9, "vierde": 12}
# "het derde kwartaal van 2026", "het 3e kwartaal 2026", "Q3 2026": a planned moment, with or without a cue
QUARTER_DATE = (r"(?:(?:het\s+)?(?P<q>eerste|tweede|derde|vierde|[1-4](?:e|ste|de))\s+kwartaal(?:\s+van)?\s+"
                r"(?P<qy>20\d\d)|\bQ(?P<qn>[1-4])[\s-]*(?P<qny>20\d\d))(?![\d-])")
QUARTER_ANY = re.compile(QUARTER_DATE, re.IGNORECASE)
DEADLINE = re.compile(
    rf"\b(?P<cue>uiterlijk(?:\s+(?:op|in|per|voor|vóór|eind))?|vóór|voor|per|vanaf|met ingang van|tot en met|t/m|"
    rf"(?:aan het |tegen het )?eind(?:e)?(?:\s+van)?|ultimo)\s+"
    rf"(?:{QUARTER_DATE}"
    rf"|(?P<d>\d{{1,2}})\s+(?P<dm>{MONTH_WORD})\s+(?P<dy>\d{{4}})"
    rf"|(?:(?:de\s+maand|in)\s+)?(?P<m>{MONTH_WORD})\s+(?P<my>\d{{4}})"
    rf"|(?:(?:het\s+)?(?:jaar|in)\s+)?(?P<y>20\d\d)(?![\d-]))",
    re.IGNORECASE)
YEAR_CUES = ("uiterlijk", "eind", "ultimo", "vóór", "tot en met", "t/m")
AGE_CONTEXT = re.compile(r"(?:van|tot|tussen|vanaf|onder|boven|ouder dan|jonger dan|t/m|tot en met|\d\s*[-–])\s*$|"
                         r"\bleeftijd|\(\s*$", re.IGNORECASE)
NOT_DURATION_BEFORE = re.compile(r"(?:\bal|afgelopen|komende|tweede|laatste|ruim|over|na|sinds|in de|per|elk|ieder)\s*$",
                                 re.IGNORECASE)
NOT_DURATION_AFTER = re.compile(r"^\s*(?:per\s+(?:week|maand|jaar|dag)|oud|zwanger|geleden|lang\s+geleden|of ouder|en ouder|"
                                r"jeugdhulp|\))", re.IGNORECASE)


def _percentages(text: str) -> list[Hit]:
    hits = []
    for m in PERCENT.finditer(text):
        value = number_or_none(m.group("n"))
        if value is not None and not (re.fullmatch(r"(?:19|20)\d\d", m.group("n")) and value > 100):
            hits.append(Hit("percentage", value, "%", m.start(), m.end()))
    for m in ONE_IN.finditer(text):
        a, b = number_or_none(m.group("a")), number_or_none(m.group("b"))
        if a is None or b is None or not 0 < a < b <= 1000 or m.group("b").lower() in ("een", "één"):
            continue
        words = not m.group("a")[0].isdigit() and not m.group("b")[0].isdigit()
        if m.group("rel").lower() == "op" or (words and m.group("hedge")):
            hits.append(Hit("percentage", round(100 * a / b, 1), "%", m.start(), m.end()))
    for m in FRACTION.finditer(text):
        value = FRACTIONS[m.group("f").lower()]
        if m.group("k"):
            value *= {"twee": 2, "drie": 3}[m.group("k").lower()]
        if value < 100:
            hits.append(Hit("percentage", round(value, 1), "%", m.start(), m.end()))
    return hits


CHANGE_FROM = re.compile(rf"(?P<x>{NUM}|\b{WORD})\s+(?:naar|tot|à|en|-|–)\s*(?:€\s*)?$", re.IGNORECASE)


def _from_value(text: str, m: re.Match, scale: float, kind: str, unit: str, convert=None) -> list[Hit]:
    """The first figure of "van 34.000 naar 61.000 euro" or "van 14 naar 11 maanden" takes the
    unit of the second."""
    before = CHANGE_FROM.search(text[max(0, m.start() - 30):m.start() + (1 if text[m.start()] == "€" else 0)])
    if not before:
        return []
    value = number_or_none(before.group("x"))
    if value is None or re.fullmatch(r"(?:19|20)\d\d", before.group("x")):
        return []
    start = m.start() - (len(text[max(0, m.start() - 30):m.start()]) - before.start())
    value = convert(value) if convert else value * scale
    return [Hit(kind, value, unit, start, start + len(before.group("x")))]


def _amounts(text: str) -> list[Hit]:
    hits: list[Hit] = []
    carried: list[Hit] = []
    for m in EURO.finditer(text):
        if MULTIPLIER.match(text, max(0, m.start() - 4)) or MULTIPLIER.search(text[max(0, m.start() - 4):m.end()]):
            continue  # "bedragen x € 1.000" is a unit, not an amount
        number = m.group("a") or m.group("b") or m.group("c") or m.group("d")
        scale = m.group("as") or m.group("bs") or m.group("ds") or ""
        value = number_or_none(number)
        if value is None:
            continue
        value *= SCALES.get(scale.lower().rstrip("."), 1)
        if value >= 1:
            minus = text[max(0, m.start() - 2):m.start()].strip().endswith(("-", "−"))
            hits.append(Hit("amount_eur", -value if minus else value, "EUR", m.start(), m.end()))
            carried.extend(_from_value(text, m, SCALES.get(scale.lower().rstrip("."), 1), "amount_eur", "EUR"))
    # "van € 2,1 naar € 2,5 miljoen": the first amount takes the scale of the second
    return [h for h in hits if not _overlaps(h, carried)] + carried


def _durations(text: str) -> list[Hit]:
    hits = []
    for m in DURATION.finditer(text):
        unit = m.group("unit").lower()
        before, after = text[max(0, m.start() - 25):m.start()], text[m.end():m.end() + 20]
        if NOT_DURATION_AFTER.match(after) or NOT_DURATION_BEFORE.search(before):
            continue
        if unit in ("jaar", "jaren") and (AGE_CONTEXT.search(before) or m.group("low")
                                           or re.match(r"^\s*(?:en|t/m|tot)\b", after)):
            continue
        value = number_or_none(m.group("n"))
        if re.search(r"eerste\s*$", before) and value != 1000:
            continue  # "de eerste twee jaar" qualifies another figure; "de eerste 1000 dagen" is a span
        if value is None or (unit == "uur" and value not in (24, 48, 72)):
            continue
        hits.append(Hit("duration", days(value, unit), "days", m.start(), m.end()))
        if not m.group("low"):
            hits.extend(_from_value(text, m, 1, "duration", "days", lambda v, u=unit: days(v, u)))
    return hits


def _counts(text: str) -> list[Hit]:
    hits = []
    for m in COUNT.finditer(text):
        raw = m.group("n")
        value = number_or_none(raw)
        noun = m.group("noun").lower()
        if value is None or raw.lower() in ("een", "één", "half", "halve") or (re.fullmatch(r"(19|20)\d\d", raw) and noun != "fte"):
            continue
        if re.search(r"\bper\s*$", text[max(0, m.start() - 6):m.start()]) or STRUCTURE_BEFORE.search(
                text[max(0, m.start() - 20):m.start()]):
            continue  # "per 1.000 leerlingen" is the base of a rate
        if noun in ("keer", "maal") and (value < 10 or re.match(r"^\s*(?:per|zo)\b", text[m.end():m.end() + 8])):
            continue
        if noun != "fte" and value != int(value):
            continue
        if re.match(r"[^\W\d_]+ [A-Z]", m.group("noun")) and not m.group("noun")[:1].isupper():
            continue  # "50.000 inwoners | Verwijzingen": the noun opens the next cell or sentence
        hits.append(Hit("count", value, "fte" if noun == "fte" else "number", m.start(), m.end()))
    return hits


def _thousands(text: str) -> list[Hit]:
    """Plain numbers under a caption "bedragen x € 1.000": euros × 1000, with their sign."""
    skip = [(m.start(), m.end()) for m in MULTIPLIER.finditer(text)]
    hits = []
    for m in re.finditer(r"(?<![\w.,€/])(?P<sign>[-−]\s?)?(?P<n>\d{1,3}(?:\.\d{3})+|\d+)(?![\w%]|[.,/]\d)", text):
        raw = m.group("n")
        if ("." not in raw and 1900 <= int(raw) <= 2100) or any(a <= m.start() < b for a, b in skip):
            continue
        value = parse_number(raw) * 1000 * (-1 if m.group("sign") else 1)
        if value:
            hits.append(Hit("amount_eur", value, "EUR", m.start(), m.end()))
    return hits


def _bare_counts(text: str) -> list[Hit]:
    """Plain numbers that are neither years, dates, list or page numbers, codes nor votes:
    in council prose these are counts ("van 402 naar 386", "21 van de 34")."""
    hits = []
    for m in BARE.finditer(text):
        raw = m.group("n")
        value = parse_number(raw)
        before, after = text[max(0, m.start() - 20):m.start()], text[m.end():m.end() + 20]
        if value < 2 or ("." not in raw and (1900 <= value <= 2100 or len(raw) > 4)) or len(raw.replace(".", "")) > 6:
            continue
        if NOT_COUNT_BEFORE.search(before) or NOT_COUNT_AFTER.match(after):
            continue
        if not text[:m.start()].strip() and not text[m.end():].strip():
            continue  # a page number standing alone
        if re.search(r"\.{3}|…", text[m.end():m.end() + 80].split("\n")[0]) and re.search(r"\.{3}|…", after + before):
            continue  # a table of contents
        if re.search(r"(?:^|\n)\s*$", before) and re.match(r"^\s*[.)]", after):
            continue  # a list marker "1." at the start of a line
        if re.match(r"^\s{2,}\S*\s*$", after) or re.match(r"^\s*$", after) and re.search(r"\s{3,}$", before):
            continue  # a page number at the end of a header or footer line
        if not text[:m.start()].strip() and re.match(r"^\s+[A-Z][a-z]", after):
            continue  # a section number opening a heading ("2 Beheersmaatregelen")
        if not text[m.end():].strip() and (_title_line(text[:m.start()]) or _footer_line(text[:m.start()])):
            continue  # a page number after a running title ("Jaarstukken 2018 87"), spaces collapsed
        hits.append(Hit("count", value, "number", m.start(), m.end()))
    return hits


def _footer_line(text: str) -> bool:
    """Parts split by bars and no sentence ("Rekenkamer X | Onderzoek naar jeugdhulp"): a running
    footer left in the body, wrapped or not."""
    return "|" in text and len(text) < 200 and not re.search(r"[.:;?!](?:\s|$)", text)


def _title_line(text: str) -> bool:
    """One line of two or more words, none starting in lower case: a title, not a sentence."""
    words = text.split()
    return "\n" not in text.strip() and len(words) >= 2 and not any(w[:1].islower() for w in words)


def _deadlines(text: str, doc_date: str | None) -> list[Hit]:
    """Dates after a cue ("uiterlijk", "vóór", "eind"), and quarters with their year wherever they stand
    (a quarter of a year is how plans set their moments); a date before the document's own is history."""
    hits = []
    for m in [*DEADLINE.finditer(text), *QUARTER_ANY.finditer(text)]:
        if m.group("q") or m.group("qn"):
            year, month = int(m.group("qy") or m.group("qny")), _quarter_end(m.group("q") or m.group("qn"))
            value = f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
        elif m.group("d"):
            value = f"{int(m.group('dy'))}-{MONTHS[m.group('dm').lower().rstrip('.')]:02d}-{int(m.group('d')):02d}"
        elif m.group("m"):
            year, month = int(m.group("my")), MONTHS[m.group("m").lower().rstrip(".")]
            value = f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
        else:
            if not m.group("cue").lower().startswith(YEAR_CUES):
                continue  # "voor 2018" is "for 2018", not a deadline
            value = f"{m.group('y')}-12-31"
        if doc_date and value < doc_date[:10]:
            continue  # a date before the document itself is history, not a deadline
        hit = Hit("date_deadline", value, "date", m.start(), m.end())
        if not _overlaps(hit, hits):  # a quarter after a cue was taken with its cue
            hits.append(hit)
    return hits


def _quarter_end(quarter: str) -> int:
    """The last month of a quarter named "derde", "3e", "3de" or "3"."""
    return 3 * int(quarter[0]) if quarter[0].isdigit() else QUARTER[quarter.lower()]


def _overlaps(hit: Hit, taken: list[Hit]) -> bool:
    return any(hit.start < t.end and t.start < hit.end for t in taken)


KINDS = ("percentage", "amount_eur", "duration", "count", "date_deadline")


def find_facts(text: str, doc_date: str | None = None, kinds: tuple[str, ...] = KINDS,
               thousands: bool = False) -> list[Hit]:
    """All figures in one stretch of prose; earlier finders win overlapping spans (a deadline beats
    a count, a percentage beats a bare number). Under a "bedragen x € 1.000" caption (`thousands`)
    plain numbers are euros × 1000 instead of counts."""
    finders = [("date_deadline", lambda t: _deadlines(t, doc_date)), ("amount_eur", _amounts),
               ("percentage", _percentages), ("duration", _durations), ("count", _counts),
               ("amount_eur", _thousands) if thousands else ("count", _bare_counts)]
    taken: list[Hit] = []
    blocked: list[Hit] = []  # numbers that are no fact but must not be read again: dates, other kinds
    for index, (kind, finder) in enumerate(finders):
        if index == 1:
            blocked.extend(d for d in _all_dates(text) if not _overlaps(d, taken))
        found = [h for h in finder(text) if not _overlaps(h, taken) and not _overlaps(h, blocked)]
        (taken if kind in kinds else blocked).extend(found)
    return sorted(taken, key=lambda h: h.start)


def _all_dates(text: str) -> list[Hit]:
    from ..segment.dates import find_dates

    return [Hit("date", d.value, "", d.start, d.end) for d in find_dates(text)]
