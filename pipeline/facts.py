"""Paragraphs -> typed facts in Dutch notation (percentages, euros, durations, counts, deadlines).

Values follow the taxonomy's conventions: percent as stated (13 for "13%"), euros as a plain
number, durations in days (week 7, working day 7/5, month 365/12 rounded half up, year 365),
deadlines as the last day of the period ("eind 2025" -> 2025-12-31).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .config import FactsConfig
from .records import Fact, Facts, Segmented, Themed
from .segment.dates import MONTH_WORD, MONTHS

VERSION = "1"

WORD_NUMBERS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
    "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50,
    "zestig": 60, "zeventig": 70, "tachtig": 80, "negentig": 90, "honderd": 100, "anderhalf": 1.5, "half": 0.5,
    "halve": 0.5,
}
FRACTIONS = {"helft": 50, "kwart": 25, "derde": 100 / 3, "vijfde": 20, "tiende": 10, "driekwart": 75}
WORD = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
NUM = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+(?:\.\d{1,2})?)"
QUANT = rf"(?:{NUM}|(?:{WORD}))"
SCALE = r"(?:miljard|miljoen|mln\.?|mld\.?|mio\.?|duizend|ton)"

PERCENT = re.compile(rf"(?<![\w.,])(?:(?P<low>{NUM})\s*(?:-|–|tot)\s*)?(?P<n>{NUM})\s*(?:%|procent\b|procentpunt(?:en)?\b)")
ONE_IN = re.compile(rf"\b(?P<a>{QUANT})\s+(?:op|van)\s+(?:de|elke|iedere)\s+(?P<b>{QUANT})\b(?!\s*(?:%|procent|euro|€))",
                    re.IGNORECASE)
FRACTION = re.compile(r"\b(?:(?P<k>twee|drie)\s*)?(?:een\s+|de\s+|ruim\s+de\s+|bijna\s+de\s+|ruim\s+een\s+|met\s+een\s+)?"
                      r"(?P<f>helft|kwart|driekwart|derde|vijfde)\b(?!\s+(?:van\s+het\s+jaar|kwartaal|klas|graad))",
                      re.IGNORECASE)
EURO = re.compile(
    rf"(?:€\s*(?P<a>{NUM})(?:,-|,--)?(?:\s*(?P<as>{SCALE}))?"
    rf"|(?P<b>{QUANT})\s*(?P<bs>{SCALE})\s*(?:euro|€)"
    rf"|(?P<c>{NUM})\s+euro\b"
    rf"|(?P<d>{QUANT})\s+(?P<ds>miljoen|mln\.?|miljard|ton)\b(?!\s+(?:inwoners|mensen|kinderen|jongeren|keer)))",
    re.IGNORECASE)
DURATION = re.compile(
    rf"(?:(?P<low>{QUANT})\s*(?:-|–|tot|à)\s*)?(?P<n>{QUANT})\s+(?P<unit>werkdagen|werkdag|kalenderdagen|dagen|dag|"
    rf"weken|week|maanden|maand|jaren|jaar|uur)\b", re.IGNORECASE)
COUNT_NOUN = (
    r"(?:\w+[- ])?(?:jeugdigen|kinderen|jongeren|ouders|gezinnen|scholen|basisscholen|vo-scholen|praktijken|"
    r"huisartsenpraktijken|aanbieders|zorgaanbieders|jeugdhulpaanbieders|plekken|plaatsen|meldingen|cliënten|clienten|"
    r"deelnemers|respondenten|medewerkers|trajecten|verwijzingen|leerlingen|thuiszitters|huisartsen|professionals|"
    r"locaties|wijken|activiteiten|aanmeldingen|bijeenkomsten|vrijwilligers|pleeggezinnen|pleegouders|gezinshuizen|"
    r"consulenten|coaches|casussen|dossiers|beschikkingen|indicaties|inwoners|zwangeren|moeders|vaders|"
    r"jongerenwerkers|wachtenden|kinderopvangorganisaties|organisaties|teams|wijkteams|fte|keer|"
    r"jeugdige|kind|jongere|ouder|gezin|school|aanbieder|plek|plaats|melding|cliënt|medewerker|traject|leerling)"
)
COUNT = re.compile(rf"(?<![\w.,€-])(?P<n>{QUANT})\s+(?:(?:\w+e|extra|nieuwe|andere)\s+){{0,2}}(?P<noun>{COUNT_NOUN})\b",
                   re.IGNORECASE)
QUARTER = {"eerste": 3, "tweede": 6, "derde": 9, "vierde": 12}
DEADLINE = re.compile(
    rf"\b(?P<cue>uiterlijk(?:\s+(?:op|in|per|voor|vóór|eind))?|vóór|voor|per|vanaf|met ingang van|tot en met|t/m|"
    rf"(?:aan het |tegen het )?eind(?:e)?(?:\s+van)?|ultimo)\s+"
    rf"(?:(?:het\s+)?(?P<q>eerste|tweede|derde|vierde)\s+kwartaal(?:\s+van)?\s+(?P<qy>\d{{4}})"
    rf"|(?P<d>\d{{1,2}})\s+(?P<dm>{MONTH_WORD})\s+(?P<dy>\d{{4}})"
    rf"|(?:(?:de\s+maand|in)\s+)?(?P<m>{MONTH_WORD})\s+(?P<my>\d{{4}})"
    rf"|(?:(?:het\s+)?(?:jaar|in)\s+)?(?P<y>20\d\d)(?![\d-]))",
    re.IGNORECASE)
AGE_CONTEXT = re.compile(r"(?:van|tot|tussen|vanaf|onder|boven|ouder dan|jonger dan|t/m)\s*$|\bleeftijd", re.IGNORECASE)
NOT_DURATION_BEFORE = re.compile(r"(?:afgelopen|komende|eerste|laatste|ruim|over|na|sinds|in de|per)\s*$", re.IGNORECASE)
NOT_DURATION_AFTER = re.compile(r"^\s*(?:per\s+(?:week|maand|jaar|dag)|oud|zwanger|geleden|lang\s+geleden)", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9])")


def parse_number(token: str) -> float:
    """Dutch notation: "1.048.000" = 1048000, "11,2" = 11.2, "twee" = 2."""
    token = token.strip().lower()
    if token in WORD_NUMBERS:
        return float(WORD_NUMBERS[token])
    if "," in token:
        return float(token.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
        return float(token.replace(".", ""))
    return float(token)


def days(quantity: float, unit: str) -> float:
    unit = unit.lower()
    if unit.startswith("werkdag"):
        return round(quantity * 7 / 5, 2)
    if unit.startswith(("dag", "kalenderdag")):
        return quantity
    if unit.startswith("week") or unit == "weken":
        return quantity * 7
    if unit.startswith("maand"):
        return float(Decimal(quantity * 365 / 12).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if unit == "uur":
        return round(quantity / 24, 2)
    return quantity * 365


SCALES = {"miljard": 1e9, "mld": 1e9, "miljoen": 1e6, "mln": 1e6, "mio": 1e6, "duizend": 1e3, "ton": 1e5}


@dataclass(frozen=True)
class Hit:
    kind: str
    value: float | str
    unit: str
    start: int
    end: int


def _percentages(text: str) -> list[Hit]:
    hits = [Hit("percentage", parse_number(m.group("n")), "%", m.start(), m.end()) for m in PERCENT.finditer(text)]
    for m in ONE_IN.finditer(text):
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        if 0 < a < b <= 1000 and b != a and m.group("b").lower() not in ("een", "één"):
            hits.append(Hit("percentage", round(100 * a / b, 1), "%", m.start(), m.end()))
    for m in FRACTION.finditer(text):
        value = FRACTIONS[m.group("f").lower()]
        if m.group("k"):
            value *= WORD_NUMBERS[m.group("k").lower()]
        if value < 100:
            hits.append(Hit("percentage", round(value, 1), "%", m.start(), m.end()))
    return hits


def _amounts(text: str) -> list[Hit]:
    hits = []
    for m in EURO.finditer(text):
        number = m.group("a") or m.group("b") or m.group("c") or m.group("d")
        scale = m.group("as") or m.group("bs") or m.group("ds") or ""
        value = parse_number(number) * SCALES.get(scale.lower().rstrip("."), 1)
        if value >= 1:
            minus = text[max(0, m.start() - 2):m.start()].strip().endswith(("-", "−"))
            hits.append(Hit("amount_eur", -value if minus else value, "EUR", m.start(), m.end()))
    return hits


def _durations(text: str) -> list[Hit]:
    hits = []
    for m in DURATION.finditer(text):
        unit = m.group("unit").lower()
        before, after = text[max(0, m.start() - 25):m.start()], text[m.end():m.end() + 20]
        if NOT_DURATION_AFTER.match(after) or NOT_DURATION_BEFORE.search(before):
            continue
        if unit in ("jaar", "jaren") and (AGE_CONTEXT.search(before) or re.match(r"^\s*(?:en|t/m|tot)\b", after)):
            continue
        if unit == "uur" and parse_number(m.group("n")) not in (24, 48, 72):
            continue
        hits.append(Hit("duration", days(parse_number(m.group("n")), unit), "days", m.start(), m.end()))
    return hits


def _counts(text: str) -> list[Hit]:
    hits = []
    for m in COUNT.finditer(text):
        raw = m.group("n")
        value = parse_number(raw)
        noun = m.group("noun").lower()
        if raw.lower() in ("een", "één") or (re.fullmatch(r"(19|20)\d\d", raw) and noun != "fte"):
            continue
        if noun == "keer" and (value < 10 or re.match(r"^\s*per\b", text[m.end():m.end() + 8])):
            continue
        hits.append(Hit("count", value, "fte" if noun == "fte" else "number", m.start(), m.end()))
    return hits


def _deadlines(text: str, doc_date: str | None) -> list[Hit]:
    hits = []
    for m in DEADLINE.finditer(text):
        if m.group("q"):
            year, month = int(m.group("qy")), QUARTER[m.group("q").lower()]
            value = f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
        elif m.group("d"):
            value = f"{int(m.group('dy'))}-{MONTHS[m.group('dm').lower().rstrip('.')]:02d}-{int(m.group('d')):02d}"
        elif m.group("m"):
            year, month = int(m.group("my")), MONTHS[m.group("m").lower().rstrip(".")]
            value = f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
        else:
            if not m.group("cue").lower().startswith(("uiterlijk", "eind", "ultimo", "vóór", "voor")):
                continue
            value = f"{m.group('y')}-12-31"
        if doc_date and value < doc_date[:10]:
            continue  # a date before the document itself is history, not a deadline
        hits.append(Hit("date_deadline", value, "date", m.start(), m.end()))
    return hits


def _overlaps(hit: Hit, taken: list[Hit]) -> bool:
    return any(hit.start < t.end and t.start < hit.end for t in taken)


def find_facts(text: str, doc_date: str | None = None, kinds: tuple[str, ...] = FactsConfig.kinds) -> list[Hit]:
    """All figures in one paragraph; earlier kinds win overlapping spans (a deadline beats a count)."""
    finders = {"date_deadline": lambda t: _deadlines(t, doc_date), "amount_eur": _amounts,
               "percentage": _percentages, "duration": _durations, "count": _counts}
    taken: list[Hit] = []
    for kind, finder in finders.items():
        if kind in kinds:
            taken.extend(h for h in finder(text) if not _overlaps(h, taken))
    return sorted(taken, key=lambda h: h.start)


def subject_of(text: str, hit: Hit) -> str:
    """A few words of the clause around the figure, as a readable subject."""
    start = max((m.end() for m in SENTENCE_END.finditer(text, 0, hit.start)), default=0)
    clause = text[start:hit.end + 80]
    clause = re.split(r"(?<=[.;:!?])\s", clause[hit.end - start:], maxsplit=1)[0]
    before = text[start:hit.start].split()[-6:]
    after = clause.split()[:6]
    return " ".join(before + ["…"] + after).strip(" ,;:")


def flatten(text: str) -> str:
    """One line, hyphenation undone, so figures split over lines are found."""
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return re.sub(r"[ \t]*\n[ \t]*", " ", text)


def run(segmented: Segmented, themed: Themed, cfg: FactsConfig) -> Facts:
    facts: list[Fact] = []
    seen: set[tuple[str, float | str]] = set()
    for paragraph, tags in zip(segmented.paragraphs, themed.paragraph_tags, strict=True):
        text = flatten(paragraph.text)
        for hit in find_facts(text, segmented.date, cfg.kinds):
            key = (hit.kind, hit.value)
            if key in seen:
                continue  # a figure repeated later in the document is listed once
            seen.add(key)
            facts.append(Fact(kind=hit.kind, value=hit.value, unit=hit.unit, text=text[hit.start:hit.end],
                              subject=subject_of(text, hit), page=paragraph.page, paragraph=paragraph.index,
                              start=hit.start, end=hit.end, themes=[t.id for t in tags]))
    return Facts(facts=facts)
