"""Numbers in Dutch notation: "1.048.000", "11,2", "twee", "driehonderd", and the unit
conversions of the taxonomy (durations in days). Number words are read by text2num's Dutch parser."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from text_to_num import text2num

# Words text2num does not read as a plain number, or reads differently than a council paper means.
SPECIAL_WORDS = {"een": 1, "één": 1, "anderhalf": 1.5, "half": 0.5, "halve": 0.5}
UNITS = r"(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)"
TENS = r"(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
TEENS = r"(?:tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien)"
SIMPLE = rf"(?:{UNITS}ën?{TENS}|{TENS}|{TEENS}|{UNITS})"
WORD = rf"(?:(?:{SIMPLE})?honderd(?:{SIMPLE})?|(?:{SIMPLE})?duizend|{SIMPLE}|één|anderhalf|half|halve)"
FRACTIONS = {"helft": 50, "kwart": 25, "derde": 100 / 3, "vijfde": 20, "tiende": 10, "driekwart": 75}
NUM = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+(?:\.\d{1,2})?)"
QUANT = rf"(?:{NUM}|\b{WORD}\b)"
SCALE = r"(?:miljard|miljoen|mln\.?|mld\.?|mio\.?|duizend|ton)"
SCALES = {"miljard": 1e9, "mld": 1e9, "miljoen": 1e6, "mln": 1e6, "mio": 1e6, "duizend": 1e3, "ton": 1e5}

@cache
def parse_number(token: str) -> float:
    """Dutch notation: "1.048.000" = 1048000, "11,2" = 11.2, "twee" = 2, "driehonderd" = 300."""
    token = token.strip().lower().replace("−", "-")
    if token.startswith("-"):
        return -parse_number(token[1:])
    if token in SPECIAL_WORDS:
        return float(SPECIAL_WORDS[token])
    if re.fullmatch(r"[a-zë]+", token):
        return float(text2num(token, "nl"))
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
    if unit.startswith("week") or unit in ("weken", "wk"):
        return quantity * 7
    if unit.startswith("maand"):
        return float(Decimal(quantity * 365 / 12).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if unit == "uur":
        return round(quantity / 24, 2)
    return quantity * 365


@dataclass(frozen=True)
class Hit:
    kind: str
    value: float | str
    unit: str
    start: int
    end: int
    label: str = ""  # the row label of a table cell


def number_or_none(token: str) -> float | None:
    try:
        return parse_number(token)
    except (ValueError, TypeError):
        return None
