"""Pages -> paragraphs and the document's structure: type, municipality, date, title,
motion dictum and written-question pairs (Segmented)."""
from __future__ import annotations

import re

from ..config import SegmentConfig
from ..extract.layout import continues
from ..records import Extracted, Paragraph, Segmented, Source
from . import dates, doctype, doctype_model, motions, places, questions

# the document-type model's hash is part of the version, so a retrained model reruns this stage
VERSION = "3+" + doctype_model.model_hash()
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs_of(extracted: Extracted, min_chars: int = 1) -> list[Paragraph]:
    """Paragraphs in reading order, each with the page it starts on; a sentence broken off by a
    page break is one paragraph."""
    out: list[Paragraph] = []
    for page in extracted.pages:
        for number, block in enumerate(PARAGRAPH_BREAK.split(page.text.strip())):
            block = block.strip("\n")
            if number == 0 and out and out[-1].page < page.number and continues(out[-1].text, block):
                out[-1] = Paragraph(index=out[-1].index, text=out[-1].text + "\n" + block, page=out[-1].page)
            elif len(block.strip()) >= min_chars:
                out.append(Paragraph(index=len(out), text=block, page=page.number))
    return out


def title_of(paragraphs: list[Paragraph]) -> str:
    """The first line that reads like a title: an 'Onderwerp:' line, else the first substantial line."""
    for paragraph in paragraphs[:10]:
        match = re.search(r"^\s*(?:onderwerp|titel|betreft)\s*:\s*(.+)$", paragraph.text, re.IGNORECASE | re.M)
        if match:
            return match.group(1).strip()
    for paragraph in paragraphs[:5]:
        line = paragraph.text.strip().split("\n")[0].strip()
        if len(re.findall(r"[A-Za-zÀ-ÿ]", line)) >= 4:
            return line[:200]
    return ""


def municipality_from_meta(source: Source, cfg: SegmentConfig) -> tuple[str | None, str]:
    """A municipality a user supplied: sidecar first, then the parent folder's name."""
    sidecar = places.official_name(source.meta.get("municipality"))
    if sidecar:
        return sidecar, "sidecar metadata"
    if cfg.use_folder_municipality:
        folder = places.official_name(source.meta.get("folder"))
        if folder:
            return folder, f"folder name '{source.meta['folder']}'"
    return None, ""


def run(extracted: Extracted, source: Source, cfg: SegmentConfig) -> Segmented:
    paragraphs = paragraphs_of(extracted, cfg.min_paragraph_chars)
    texts = [p.text for p in paragraphs]
    full = "\n\n".join(texts)
    doc_type, type_why = doctype.classify(full)
    if source.meta.get("doc_type") in doctype.CUES:
        doc_type, type_why = source.meta["doc_type"], "sidecar metadata"
    municipality, place_why = municipality_from_meta(source, cfg)
    if municipality is None:
        municipality, place_why = places.find_municipality(texts)
    municipality = places.short_name(municipality)
    date, date_why = dates.document_date(texts, doc_type)
    if isinstance(source.meta.get("date"), str) and dates.ISO.match(source.meta["date"]):
        date, date_why = source.meta["date"][:10], "sidecar metadata"
    dictum = motions.find_dictum(texts) if doc_type in ("motie", "amendement") else []
    qa = questions.find_questions(paragraphs) if doc_type == "schriftelijke_vragen" else []
    status, tally = motions.motion_status(full) if doc_type in ("motie", "amendement") else (None, None)
    evidence = {"doc_type": type_why, "municipality": place_why, "date": date_why}
    if doc_type == "schriftelijke_vragen":
        party, member = questions.find_asker(texts)
        evidence.update({k: v for k, v in (("asker_party", party), ("asker_member", member)) if v})
    if status:
        evidence["motion_status"] = status
    if tally:
        evidence["vote_tally"] = tally
    return Segmented(paragraphs=paragraphs, doc_type=doc_type, municipality=municipality, date=date,
                     title=title_of(paragraphs), dictum=dictum, questions=qa, evidence=evidence)
