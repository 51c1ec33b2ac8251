"""Document type from the document's own structure and wording.

Each type has cues; a cue in the first lines (the title block) weighs more than one in the body.
The highest total wins; a document without any cue gets None.
"""
from __future__ import annotations

import re

MONTHS = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
# (pattern, weight in the title block, weight in the body)
CUES: dict[str, list[tuple[str, float, float]]] = {
    "motie": [
        (r"^\s*motie\b", 6, 1), (r"\bmotie\s*[-–:]", 3, 1), (r"verzoekt het college", 3, 3), (r"draagt het college op", 3, 3),
        (r"roept het college op", 3, 3), (r"geven het college (?:de )?opdracht", 3, 3),
        (r"gaat over tot de orde van de dag", 3, 3), (r"wat vragen we (?:aan )?het college", 3, 3),
        (r"\bmotie vreemd aan de orde", 6, 2),
    ],
    "amendement": [
        (r"^\s*amendement\b", 8, 1), (r"ontwerpbesluit .{0,40}te wijzigen", 4, 4),
        (r"besluit .{0,30}als volgt te wijzigen", 4, 4), (r"wordt (?:als volgt )?gewijzigd", 0, 1),
    ],
    "schriftelijke_vragen": [
        (r"schriftelijke vragen", 6, 2), (r"vragen (?:ex|op grond van) artikel", 6, 3),
        (r"beantwoording (?:van )?(?:de )?(?:schriftelijke )?(?:raads)?vragen", 6, 3), (r"\braadsvragen\b", 4, 2),
        (r"^\s*vraag\s*\d", 0, 1.5), (r"^\s*antwoord(?: college| van het college)?\s*:?", 0, 1.5),
        (r"hebben de volgende vragen", 2, 3), (r"beantwoording binnen", 0, 2),
        (r"vragen (?:ex |op grond van )?art(?:ikel|\.)\s*\d+", 6, 3), (r"de volgende vragen", 1, 2),
        (r"\bvragensteller\b", 3, 2), (r"graag (?:een )?antwoord", 0, 1.5), (r"^\s*vraag\s*:", 1, 2),
        (r"bedankt voor (?:uw|de|je) vra(?:ag|gen)", 1, 2), (r"(?:van de wethouder|van het college) (?:willen )?weten", 2, 2),
    ],
    "raadsvoorstel": [
        (r"^\s*raadsvoorstel\b", 6, 1), (r"voorstel aan de (?:gemeente)?raad", 5, 2),
        (r"(?:voorgesteld|ontwerp)(?:\s|-)?besluit", 2, 1.5), (r"\bbeslispunten\b", 2, 2),
        (r"stelt (?:de raad|u) voor", 2, 2), (r"\bbesluit\s*:", 0, 1.5), (r"de raad wordt voorgesteld", 3, 3),
    ],
    "raadsinformatiebrief": [
        (r"raadsinformatiebrief", 7, 2), (r"informatiebrief", 4, 1), (r"\bcollegebrief\b", 4, 1),
        (r"^\s*geachte (?:raad|raadsleden|leden van de raad)", 1, 2),
        (r"(?:informeren|berichten) wij u", 2, 2), (r"met vriendelijke groet", 0, 1),
        (r"\braadsbrief\b", 5, 1), (r"^\s*aan de (?:leden van de )?gemeenteraad", 2, 0),
        (r"\bverzenddatum\b", 2, 0), (r"(?:brengen|stellen) wij u (?:hiermee |met deze brief )?(?:op de hoogte|in kennis)", 2, 2),
        (r"(?:halfjaar|kwartaal|voortgangs)rapportage", 3, 1), (r"geachte raads- en commissieleden", 2, 2),
    ],
    "beleidsplan": [
        (r"\bbeleidsplan\b", 4, 1), (r"\bbeleidskader\b", 3, 1), (r"\bactieprogramma\b", 3, 1),
        (r"\buitvoeringsagenda\b", 2, 1), (r"\bjeugdagenda\b", 3, 1), (r"\b(?:lokaal|integraal) plan\b", 3, 1),
        (r"\bpresentatie\b", 3, 1), (r"\bkoers\b", 2, 0.5), (r"\bvisie\b", 2, 0.5), (r"\bambitie", 1, 0.5),
        (r"\bbeleidsnota\b", 4, 1), (r"\bmeerjarenplan\b", 3, 1),
        (r"\b(?:jeugd|preventie)?beleid\b", 2, 0.3), (r"\bplan van aanpak\b", 2, 1), (r"^\s*voorwoord\s*$", 1, 1),
        (r"\bprogramma\b", 1, 0), (r"\baanpak\b", 1, 0.3), (r"\bvoortgangsnotitie\b", 2, 1),
    ],
    "begroting": [
        (r"\b(?:programma)?begroting\b", 4, 1), (r"\b(?:kadernota|voorjaarsnota|najaarsnota|jaarstukken|perspectiefnota)\b", 4, 0.5),
        (r"\bjaarrekening\b", 4, 1), (r"\bjaarverslag\b", 3, 1),
        (r"wat willen we bereiken", 2, 3), (r"wat gaan we (?:daarvoor )?doen", 2, 3), (r"wat mag het kosten", 2, 3),
        (r"\bnulmeting\b", 0, 2), (r"\bindicator(?:en)?\b", 0, 1), (r"\blasten\b", 0, 0.5),
        (r"\btaakveld\b", 2, 1.5), (r"\bbeleidsindicator", 1, 2), (r"\bprogramma \d", 2, 1),
    ],
    "rekenkamerrapport": [
        (r"\brekenkamer(?:commissie)?\b", 4, 1), (r"\baanbevelingen\b", 1, 1.5),
        (r"\bbestuurlijke reactie\b", 2, 3), (r"\bnawoord\b", 1, 2), (r"\bonderzoeksvra(?:ag|gen)\b", 1, 1.5),
        (r"\bconclusies\b", 1, 1), (r"\bnormenkader\b", 1, 2),
    ],
    "nieuwsbericht": [
        (r"(?-i:^[A-Z][A-Z' ]{2,30}\s*[-–—]\s+[A-Z])", 5, 0),
        (rf"^\s*(?:\d{{1,2}}\s+)?{MONTHS}\s+\d{{4}}\s*$", 2, 0), (r"(?:\"|”)\s*,?\s*(?:zegt|aldus|vertelt)\b", 0, 2),
        (r"\b(?:zegt|vertelt|aldus|noemt|vraagt) (?:wethouder|burgemeester|gedeputeerde|directeur)\b", 0, 2),
        (r"\bpersbericht\b", 5, 1), (r"\bleestijd\b", 4, 2), (r"\bdelen op (?:social media|facebook|x|linkedin)", 3, 2),
        (r"\b(?:wethouder|burgemeester) [A-Z][\w ]{2,40}?(?:\([^)]*\) )?(?:zegt|vertelt|legt uit)\b", 0, 2),
(r"^\s*nieuws\b", 5, 1), (r"\bwethouder [A-Z]\w+ \(", 0, 1),
        (r"\bgepubliceerd\b", 2, 1), (r"\bmeer informatie\b", 0, 1),
    ],
    "notulen": [
        (r"\bnotulen\b", 6, 1), (r"\bverslag van de\b", 4, 1), (r"\bbesluitenlijst\b", 5, 1),
        (r"^\s*aanwezig\s*:?", 2, 3), (r"\bvoorzitter\b", 1, 1), (r"de voorzitter (?:opent|sluit)", 2, 3),
        (r"\bafwezig\b", 1, 1), (r"\bcommissievergadering\b", 2, 1), (r"\bwoordvoerder", 0, 0.5),
        (r"\bverslag\b", 4, 0.5), (r"\bvergaderdatum\b", 3, 1), (r"\bgriffier\b", 2, 1), (r"\bnotulist\b", 3, 1),
        (r"\b(?:de )?[A-Z][\w-]*-fractie\b", 0, 1), (r"\bfractie van\b", 0, 0.5),
        (r"\b(?:mevrouw|de heer) [A-Z][\w.' -]{1,30}\([A-Z][\w&-]*\)", 0, 1.5),
    ],
}
# A genre word opening the very first line names the type outright ("Motie: ...", "AMENDEMENT A-12").
FIRST_LINE = {
    "motie": r"motie\b", "amendement": r"amendement\b", "raadsvoorstel": r"raadsvoorstel\b",
    "raadsinformatiebrief": r"raadsinformatiebrief\b", "notulen": r"(?:notulen|besluitenlijst)\b",
    "schriftelijke_vragen": r"(?:schriftelijke vragen|raadsvragen|beantwoording (?:van )?(?:schriftelijke |raads)?vragen)\b",
}
FIRST_LINE_WEIGHT = 8
COMPILED = {t: [(re.compile(p, re.IGNORECASE | re.MULTILINE), h, b) for p, h, b in cues] for t, cues in CUES.items()}
TITLE_LINES = 8


def scores(text: str) -> dict[str, float]:
    """Evidence per document type: title-block cues weigh more than body cues."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    title = "\n".join(lines[:TITLE_LINES])
    body = "\n".join(lines[TITLE_LINES:])
    out = {}
    for doc_type, cues in COMPILED.items():
        total = 0.0
        for pattern, in_title, in_body in cues:
            if pattern.search(title):
                total += in_title
            hits = len(pattern.findall(body)) + len(pattern.findall(title))
            total += in_body * min(hits, 3)
        first = FIRST_LINE.get(doc_type)
        if first and lines and re.match(rf"\s*{first}", lines[0], re.IGNORECASE):
            total += FIRST_LINE_WEIGHT
        out[doc_type] = total
    return out


# The rules decide when their evidence is clear; otherwise the classifier's probabilities weigh in.
CLEAR_SCORE, CLEAR_MARGIN = 6.0, 3.0


def combine(rule_scores: dict[str, float], probs: dict[str, float] | None) -> tuple[str | None, str]:
    ranked = sorted(rule_scores.items(), key=lambda kv: -kv[1])
    (best, score), (second, runner_up) = ranked[0], ranked[1]
    rules_why = f"{best} {score:.1f} vs {second} {runner_up:.1f}"
    if score >= CLEAR_SCORE and score - runner_up >= CLEAR_MARGIN or probs is None:
        return (best, rules_why) if score > 0 else (None, "no cue of any document type")
    blended = {t: rule_scores.get(t, 0.0) / max(score, 1.0) + probs.get(t, 0.0) for t in rule_scores}
    choice = max(blended, key=blended.get)
    return choice, f"weak cues ({rules_why}); with the classifier {choice} p={probs.get(choice, 0):.2f}"


def classify(text: str) -> tuple[str | None, str]:
    from . import doctype_model

    return combine(scores(text), doctype_model.probabilities(text))
