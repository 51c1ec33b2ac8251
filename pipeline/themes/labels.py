"""The annotation loop: export the paragraphs the model is least sure about to a CSV an analyst
fills in, and import the filled-in CSV as training labels (`corpus/labels/user.jsonl`)."""
from __future__ import annotations

import csv
import hashlib
import heapq
import json
from collections.abc import Iterator
from pathlib import Path

COLUMNS = ["document", "paragraph", "page", "text", "current_tags", "scores", "themes"]
USER_FILE = "user.jsonl"
NONE = "-"  # what an analyst writes in `themes` for "no theme"
# Labels pay off per labelled document (the model is evaluated on whole unseen documents, and the
# learning curve in the README counts documents), so one uncertain slide deck may not fill the sheet.
PER_DOCUMENT = 5


def read_user_labels(folder: Path) -> list[dict]:
    """User-labelled paragraphs ({document, paragraph, text, themes}) from every .jsonl in `folder`."""
    rows: list[dict] = []
    if not Path(folder).is_dir():
        return rows
    for path in sorted(Path(folder).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def uncertainty_rows(documents_jsonl: Path, tagger, limit: int) -> list[dict]:
    """The `limit` taggable paragraphs whose closest theme score lies nearest the threshold (0.5), at
    most PER_DOCUMENT of them from one document. The run's records are read one line at a time and
    only the best candidates are kept, so a large run fits in memory."""
    ranked = heapq.nsmallest(limit, _candidates(documents_jsonl, tagger), key=lambda c: c[0])
    return [row for _, row in ranked]


def _candidates(documents_jsonl: Path, tagger) -> Iterator[tuple[tuple, dict]]:
    """Per document its PER_DOCUMENT least certain taggable paragraphs, as ((margin, path, index), row)."""
    from ..config import ThemesConfig
    from . import is_taggable, tag_paragraphs

    loose = ThemesConfig(min_score=0.0)  # every theme's score, not only the tags
    with open(documents_jsonl, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("status") != "ok":
                continue
            paragraphs = record["paragraphs"]
            texts = [p["text"] for p in paragraphs]
            found = []
            for i, tags in enumerate(tag_paragraphs(texts, tagger, loose)):
                if not is_taggable(texts[i]) or not tags:
                    continue
                margin = min(abs(t.score - 0.5) for t in tags)
                current = [t.id for t in tags if t.score >= 0.5]
                scores = {t.id: t.score for t in tags if t.score >= 0.1}
                found.append(((margin, record["path"], i), {
                    "document": record["path"], "paragraph": i, "page": paragraphs[i]["page"], "text": texts[i],
                    "current_tags": ";".join(current), "scores": json.dumps(scores), "themes": ""}))
            yield from heapq.nsmallest(PER_DOCUMENT, found, key=lambda c: c[0])


def export(documents_jsonl: Path, out_csv: Path, tagger, limit: int = 50) -> int:
    rows = uncertainty_rows(documents_jsonl, tagger, limit)
    with open(out_csv, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def _key(row: dict) -> str:
    return hashlib.sha256(f"{row['document']}\0{row['paragraph']}\0{row['text']}".encode()).hexdigest()


def import_csv(in_csv: Path, labels_dir: Path, theme_ids: list[str]) -> tuple[int, int]:
    """Add the filled-in rows (non-empty `themes`: ids separated by ';' or ',', '-' for none) to the
    user labels; a paragraph labelled again replaces its earlier label. Returns (added, skipped)."""
    known = set(theme_ids)
    new: list[dict] = []
    skipped = 0
    with open(in_csv, encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle), start=2):
            value = (row.get("themes") or "").strip()
            if not value:
                skipped += 1
                continue
            themes = [] if value == NONE else [t.strip() for t in value.replace(",", ";").split(";") if t.strip()]
            unknown = [t for t in themes if t not in known]
            if unknown:
                raise ValueError(f"{in_csv}, line {n}: unknown theme id(s) {', '.join(unknown)}; "
                                 f"use ids of the taxonomy ({', '.join(theme_ids)}) or '{NONE}' for none")
            if not row.get("text") or not row.get("document"):
                raise ValueError(f"{in_csv}, line {n}: `document` and `text` are required")
            new.append({"document": row["document"], "paragraph": int(row.get("paragraph") or 0),
                        "text": row["text"], "themes": sorted(set(themes), key=theme_ids.index)})
    labels_dir.mkdir(parents=True, exist_ok=True)
    path = labels_dir / USER_FILE
    existing = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] \
        if path.exists() else []
    merged = {_key(r): r for r in existing}
    merged.update({_key(r): r for r in new})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in merged.values()), encoding="utf-8")
    return len(new), skipped
