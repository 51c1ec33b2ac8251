"""Written questions: numbered question/answer pairs, unanswered ones kept with answer None."""
from __future__ import annotations

import re

from ..records import Paragraph, Question

QUESTION_START = re.compile(r"^\s*(?:vraag\s*(?:(\d{1,2})[.:)]?|:)|(\d{1,2})[.)]\s+(?=\S)|ad\s+(\d{1,2})[.:]?)",
                            re.IGNORECASE)
ANSWER_START = re.compile(r"^\s*(?:antwoord(?:\s+(?:college|van het college|\d{1,2}))?\s*[:.]?|"
                          r"beantwoording\s*:?)", re.IGNORECASE)
INLINE_QA = re.compile(r"^\s*vraag\s*:?\s*(.+?)\s*antwoord\s*:?\s*(.+)$", re.IGNORECASE | re.DOTALL)
CLOSING = re.compile(r"^\s*(?:namens|met vriendelijke groet|hoogachtend|wij zien de beantwoording|"
                     r"ondertekening|het college van)", re.IGNORECASE)


UNIT_START = re.compile(r"^[ \t]*(?:\d{1,2}[.)][ \t]+\S|vraag[ \t]*\d{1,2}\b|antwoord\b(?:[ \t]+(?:college|van het college|\d{1,2}))?[ \t]*[:.]?)",
                        re.IGNORECASE | re.MULTILINE)


def units_of(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Paragraphs split where a numbered question or an answer starts on a line of its own,
    so a list "1. ... 2. ..." in one paragraph yields one unit per question."""
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        starts = [m.start() for m in UNIT_START.finditer(paragraph.text) if m.start() > 0]
        bounds = [0, *starts, len(paragraph.text)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            if paragraph.text[a:b].strip():
                out.append(Paragraph(index=paragraph.index, text=paragraph.text[a:b], page=paragraph.page))
    return out


def find_questions(paragraphs: list[Paragraph]) -> list[Question]:
    """Pairs in document order. A numbered paragraph that follows an answer block starts a new
    pair; an "Antwoord" paragraph attaches to the open question."""
    pairs: list[dict] = []
    for paragraph in units_of(paragraphs):
        text = paragraph.text.strip()
        inline = INLINE_QA.match(text)
        if inline and "?" in inline.group(1):
            pairs.append({"number": str(len(pairs) + 1), "question": inline.group(1).strip(),
                          "answer": inline.group(2).strip(), "page": paragraph.page})
            continue
        if ANSWER_START.match(text) and pairs:
            body = ANSWER_START.sub("", text, count=1).strip()
            current = pairs[-1]
            current["answer"] = (current["answer"] + "\n\n" + body).strip() if current["answer"] else body
            continue
        start = QUESTION_START.match(text)
        if start and ("?" in text or start.group(1)):
            number = next((g for g in start.groups() if g), str(len(pairs) + 1))
            pairs.append({"number": number, "question": text[start.end():].strip(), "answer": None,
                          "page": paragraph.page})
            continue
        if CLOSING.match(text):
            continue
        if pairs and pairs[-1]["answer"] is not None and not start:
            pairs[-1]["answer"] += "\n\n" + text  # an answer running over several paragraphs
    return [Question(number=p["number"], question=p["question"], answer=p["answer"] or None, page=p["page"])
            for p in pairs]


NAME = r"(?:(?i:mevrouw|mevr\.|de heer|dhr\.|raadslid)\s+)?(?P<member>[A-Z][\w.'-]*(?:[ \t]+(?:van|de|der|den|ten|ter|[A-Z][\w.'-]*)){0,4})"
PARTY = r"[A-Z][\w&'-]*(?:[ -][A-Z0-9][\w&'-]*){0,3}"
ASKER = [
    re.compile(rf"^\s*(?i:vragensteller|indiener|raadslid)s?\s*:\s*{NAME}\s*(?:\(\s*(?P<party>{PARTY})\s*\)|,\s*(?:namens\s+)?(?:de\s+)?(?i:fractie)\s+(?:van\s+(?:de\s+)?)?(?P<party2>{PARTY}))?",
               re.MULTILINE),
    re.compile(rf"^\s*(?i:van|fractie)\s*:\s*(?:de\s+)?(?:fractie\s+(?:van\s+(?:de\s+)?)?)?(?P<party>{PARTY})\s*$", re.MULTILINE),
    re.compile(rf"\b(?i:vragen|raadsvragen)\s+van\s+(?:de\s+)?fractie\s+(?:van\s+(?:de\s+)?)?(?P<party>{PARTY})"),
]


def find_asker(paragraphs: list[str]) -> tuple[str | None, str | None]:
    """The asking party and member when the head of the document names them
    ("Vragensteller: S. Verbeek (CDA)", "Indiener: F. Ouali, fractie D66", "Van: de fractie van de SP")."""
    party = member = None
    head = "\n".join(paragraphs[:6])
    for pattern in ASKER:
        for match in pattern.finditer(head):
            found = match.groupdict()
            member = member or (found.get("member") or "").strip() or None
            party = party or (found.get("party") or found.get("party2") or "").strip() or None
    if party and " " in party:
        from .places import gazetteer

        head_words, last = party.rsplit(" ", 1)
        if last in gazetteer().names:  # "fractie D66 Nijmegen": the party is D66
            party = head_words
    return party, member
