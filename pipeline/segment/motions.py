"""The dictum of motions and amendments: the items of the instruction to the executive."""
from __future__ import annotations

import re

DICTUM_INTRO = re.compile(
    r"(?:verzoekt|verzoeken)\s+(?:het\s+college|de\s+burgemeester|het\s+presidium)[^:\n]*?[:,]?|"
    r"(?:draagt|dragen)\s+het\s+college\s+op[^:\n]*?[:,]?|roept\s+het\s+college\s+op[^:\n]*?[:,]?|"
    r"(?:we|wij)\s+geven\s+het\s+college\s+(?:de\s+)?opdracht(?:\s+om)?\s*:?|"
    r"wat\s+(?:vragen\s+(?:we|wij)|vraagt\s+de\s+raad)\s+(?:aan\s+)?het\s+college\s*\??\s*:?|"
    r"^\s*(?:dit|daarom)\s+vragen\s+(?:we|wij)\s+(?:aan\s+)?het\s+college[^\n]{0,20}?[:.]?\s*$|"
    r"(?:we|wij)\s+vragen\s+het\s+college(?:\s+om)?\s*:|"
    r"^\s*besluit\s*:\s*$|^\s*(?:en\s+)?besluit\s*:?\s*(?=\n\s*(?:I|1|a)[.)])|"
    r"besluit\s+(?:het\s+(?:ontwerp)?besluit|het\s+voorstel|tot\s+wijziging)[^:\n]*?(?:te\s+wijzigen|als\s+volgt)[^:\n]*:|"
    r"(?:verzoekt|vraagt)\s+de\s+(?:burgemeester|raad)[^:\n]*?:",
    re.IGNORECASE | re.MULTILINE)
DICTUM_END = re.compile(
    r"^\s*(?:en\s+gaat\s+over\s+tot\s+de\s+orde|ingediend\s+door|toelichting|ondertekend|fractie|"
    r"stemming|stemuitslag|aangenomen|verworpen|ingetrokken|namens|handtekening|"
    r"[A-Z]\.\s?[A-Z]?\.?\s?\w+\s*\(|(?:de\s+)?indiener)",
    re.IGNORECASE)
ITEM_MARKER = re.compile(r"^\s*(?:[-–•·*▪■►◦]|\d{1,2}[.)]|[a-z][.)]|(?:I|II|III|IV|V|VI|VII|VIII|IX|X)[.)]|\(\w{1,2}\))\s*")
STATUS = re.compile(r"\b(aangenomen|verworpen|ingetrokken|overgenomen|aangehouden)\b", re.IGNORECASE)
TALLY = re.compile(r"(\d{1,2})\s+(?:stemmen\s+)?voor\b.{0,30}?(\d{1,2})\s+(?:stemmen\s+)?tegen", re.IGNORECASE)


def _strip_marker(item: str) -> str:
    return ITEM_MARKER.sub("", item, count=1).strip()


def _split_items(block: str) -> list[str]:
    """Items of a block: one per list marker when the lines carry markers, else the block itself."""
    lines = block.split("\n")
    if sum(bool(ITEM_MARKER.match(ln)) for ln in lines) >= 2:
        items: list[str] = []
        for line in lines:
            if ITEM_MARKER.match(line) or not items:
                items.append(line)
            else:
                items[-1] += "\n" + line
        return [_strip_marker(i) for i in items if _strip_marker(i)]
    inline = re.split(r"\s+(?=(?:\d{1,2}[.)]|[-–•])\s+[a-z])", block)  # bullets inline in one line
    if len(inline) >= 2:
        return [_strip_marker(i) for i in inline if _strip_marker(i)]
    return [_strip_marker(block)] if _strip_marker(block) else []


def find_dictum(paragraphs: list[str]) -> list[str]:
    """Instruction items after the dictum intro, up to the closing formula or the signatures."""
    for index, paragraph in enumerate(paragraphs):
        match = DICTUM_INTRO.search(paragraph)
        if not match:
            continue
        items: list[str] = []
        rest = paragraph[match.end():].strip()
        if rest:
            items.extend(_split_items(rest))
        for following in paragraphs[index + 1:]:
            if DICTUM_END.match(following) or DICTUM_INTRO.search(following):
                break
            head, _, tail = following.partition("\nen gaat over tot de orde")
            items.extend(_split_items(head.strip()))
            if tail:
                break
        items = [re.sub(r",?\s*en gaat over tot de orde van de dag\.?$", "", i, flags=re.IGNORECASE).strip()
                 for i in items]
        items = [i for i in items if len(i) > 3]
        if items:
            return items
    return []


def motion_status(text: str) -> tuple[str | None, str | None]:
    """Outcome (aangenomen, verworpen, ...) and vote tally ("27-10") when the text states them."""
    tail = text[-1500:]
    status = STATUS.search(tail)
    tally = TALLY.search(tail)
    return (status.group(1).lower() if status else None,
            f"{tally.group(1)}-{tally.group(2)}" if tally else None)
