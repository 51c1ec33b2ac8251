"""Which municipality wrote a document: metadata first, then a gazetteer over the text.

The gazetteer holds every municipality since 2015 (CBS, via NLExtract) with the other names in
use. A name counts strongly when the text ties it to the council or the municipality ("De raad
van de gemeente X", "gemeenteraad X", "Gemeente X |", "Rekenkamer X"), weakly when it is only
mentioned. Names that are also ordinary words ("Best", "Buren", "Sluis"), "Den Haag" (often the
national government), comparisons ("net als in Amsterdam") and regions ("regio Groningen") need
the strong context. When the text does not tell, the answer is None: never a guess.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Names that are ordinary Dutch words or often mean something else: only a strong context counts.
AMBIGUOUS = {
    "Best", "Buren", "Beek", "Bergen", "Stein", "Putten", "Laren", "Hoorn", "Sluis", "Duiven", "Waterland",
    "Westland", "Voorst", "Goes", "Altena", "Boekel", "Epe", "Echt-Susteren", "Landerd", "Gemert-Bakel",
    "Oost Gelre", "Den Haag", "'s-Gravenhage", "Zeeland", "Renswoude", "Wierden", "Dongen", "Son en Breugel",
    "Eersel", "Texel", "Urk", "Berg en Dal", "Hof van Twente", "Land van Cuijk", "Het Hogeland", "De Bilt",
    "De Ronde Venen", "De Wolden", "De Fryske Marren", "Sittard-Geleen", "Mill en Sint Hubert", "Lopik",
}
# Common names that differ from the official CBS name.
ALIASES = {
    "Den Haag": "'s-Gravenhage", "Den Bosch": "'s-Hertogenbosch", "Hengelo": "Hengelo (O.)",
    "Hengelo (Ov.)": "Hengelo (O.)", "Súdwest Fryslân": "Súdwest-Fryslân", "Bergen (NH)": "Bergen (NH.)",
}
# Adjectives and inhabitants' forms that are not name + "se".
ADJECTIVES = {
    "Haagse": "'s-Gravenhage", "Bossche": "'s-Hertogenbosch", "Nijmeegse": "Nijmegen", "Zwolse": "Zwolle",
    "Groninger": "Groningen", "Groningse": "Groningen", "Zaanse": "Zaanstad", "Goudse": "Gouda",
    "Dordtse": "Dordrecht", "Leidse": "Leiden", "Edese": "Ede", "Enschedese": "Enschede",
    "Bredase": "Breda", "Almeerse": "Almere", "Venlose": "Venlo", "Assense": "Assen",
}
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
NEGATIVE_BEFORE = re.compile(
    r"(?:provincie|regio|jeugdregio|zorgregio|arbeidsmarktregio|regiogemeenten|veiligheidsregio|"
    r"net als in|zoals in|zoals|anders dan in|dan in|vergeleken met|gemeenten als|steden als|bijvoorbeeld|"
    r"o\.a\.|onder meer|waaronder|\ben|naar|samen met|met|gemeenten|,|Universiteit|Hogeschool|Rijksuniversiteit|UMC|Hanzehogeschool)\s*$",
    re.IGNORECASE)
AUTHOR_BEFORE = re.compile(
    r"(?:(?:de\s+)?raad\s+(?:van\s+)?(?:de\s+gemeente|der\s+gemeente)|(?:de\s+)?gemeenteraad(?:\s+van)?|"
    r"(?:college\s+van\s+)?burgemeester\s+en\s+wethouders\s+(?:van|der\s+gemeente)(?:\s+de\s+gemeente)?|"
    r"aan\s+de\s+(?:gemeente)?raad\s+van(?:\s+de\s+gemeente)?)\s*$",
    re.IGNORECASE)
STRONG_BEFORE = re.compile(
    r"(?:gemeente|gemeenteraad|raad van|raad der gemeente|raadsvergadering|rekenkamer(?:commissie)?|"
    r"college van (?:burgemeester en wethouders|b\s*&\s*w|b en w)(?: van(?: de gemeente)?)?|burgemeester van|"
    r"wethouder van|wethouders van|raadsleden van|stad)\s*(?:van\s+)?(?:de\s+gemeente\s+)?$",
    re.IGNORECASE)
STRONG_AFTER = re.compile(rf"^\s*(?:\||,\s*\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}|\s*[-–]\s*(?:De|Het|In|Op)\b)",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, str]  # surface form -> official name
    pattern: re.Pattern


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@cache
def gazetteer() -> Gazetteer:
    """Surface forms of all municipalities since 2015, longest first so "Bergen op Zoom" beats "Bergen"."""
    names: dict[str, str] = {}
    with resources.files("pipeline.resources").joinpath("municipalities.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            official = row["gemeentenaam"]
            forms = {official, *[x.strip() for x in row["andere_namen_in_bron"].split("|") if x.strip()]}
            short = re.sub(r"\s*\((?:[A-Z][a-zA-Z.]*\.?)\)$", "", official)
            forms.add(short)
            for form in forms:
                names.setdefault(form, official)
                if _plain(form) != form:
                    names.setdefault(_plain(form), official)
    for alias, official in ALIASES.items():
        names[alias] = official
    for adjective, official in ADJECTIVES.items():
        names[adjective] = official
    for form, official in list(names.items()):
        if " " not in form and "(" not in form and not form.endswith("se") and form not in ADJECTIVES:
            adjective = form + ("e" if form.endswith("s") else "se")
            names.setdefault(adjective, official)
    forms = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w'-])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])")
    return Gazetteer(names=names, pattern=pattern)


def official_name(value: str | None) -> str | None:
    """The official name for a user-supplied municipality (sidecar or folder slug), or None."""
    if not value:
        return None
    g = gazetteer()
    if value in g.names and value not in ADJECTIVES:
        return g.names[value]
    slug = _slug(value)
    for form, official in g.names.items():
        if _slug(form) == slug and not form.endswith(("se", "er")):
            return official
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _plain(text).lower()).strip("-")


def find_municipality(paragraphs: list[str]) -> tuple[str | None, str]:
    """The authoring municipality named in the text and why, or (None, reason).

    Scores per name: an author cue (the council's own formula "De raad van de gemeente X", the
    signature "Burgemeester en wethouders van X") 10, a letterhead 5, a council context ("gemeente X",
    "Rekenkamer X") 2, a plain mention 1. The best name needs a council context or repeated
    mentions, and a clear lead over the runner-up; a single plain mention counts only when no
    other municipality is named at all."""
    g = gazetteer()
    score: Counter[str] = Counter()
    strong: set[str] = set()
    mentioned: set[str] = set()
    why: dict[str, str] = {}
    for index, paragraph in enumerate(paragraphs):
        text = " ".join(paragraph.split())
        for match in g.pattern.finditer(text):
            form = match.group(1)
            official = g.names[form]
            before = text[max(0, match.start() - 60):match.start()]
            after = text[match.end():match.end() + 40]
            is_adjective = form in ADJECTIVES or (form.endswith("se") and form not in _official_forms())
            if AUTHOR_BEFORE.search(before) and not is_adjective:
                score[official] += 10
                strong.add(official)
                why.setdefault(official, f"author formula '{before[-30:].strip()} {form}'")
            elif STRONG_BEFORE.search(before) and not is_adjective:
                score[official] += 2
                strong.add(official)
                why.setdefault(official, f"council context '{before[-30:].strip()} {form}'")
            elif index < 3 and STRONG_AFTER.match(after) and not is_adjective:
                score[official] += 5  # letterhead: "Gemeente Maastricht | ..." or "Ede, 5 maart 2024"
                strong.add(official)
                why.setdefault(official, f"letterhead '{form}{after[:12]}'")
            elif NEGATIVE_BEFORE.search(before) or form in AMBIGUOUS or official in AMBIGUOUS:
                continue
            else:
                score[official] += 1
                mentioned.add(official)
                why.setdefault(official, f"mentioned as '{form}'")
    if not score:
        return None, "no municipality named in the text"
    (best, points), (_, second) = (score.most_common(2) + [(None, 0)])[:2]
    if best in strong and points > second:
        return best, f"score {points} vs {second}: {why[best]}"
    if points >= 2 and points >= 2 * second + 1:
        return best, f"mentioned {points}x, no other municipality as often ({why[best]})"
    if points == 1 and len(score) == 1:
        return best, f"the only municipality named ({why[best]})"
    return None, "no municipality stands out in the text"


def short_name(official: str | None) -> str | None:
    """'Middelburg' for 'Middelburg (Z.)': the province suffix only where two municipalities
    share the name (Bergen (NH.) and Bergen (L.))."""
    if official is None:
        return None
    short = re.sub(r"\s*\([A-Z][a-zA-Z.]*\)$", "", official)
    if short == official:
        return official
    same = [o for o in set(gazetteer().names.values()) if re.sub(r"\s*\([A-Z][a-zA-Z.]*\)$", "", o) == short]
    return short if len(same) == 1 else official


@cache
def _official_forms() -> frozenset[str]:
    g = gazetteer()
    return frozenset(f for f, official in g.names.items() if f == official or f in ALIASES)
