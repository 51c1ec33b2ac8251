"""The theme taxonomy as data (`resources/themes.toml`): the rules and the classifier both read it."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    label_en: str
    description: str
    terms: tuple[str, ...]
    description_en: str = ""


def load_taxonomy(path: Path | None = None) -> list[Theme]:
    """The themes of the taxonomy file (the packaged one unless `path` is given)."""
    if path is None:
        raw = resources.files("pipeline.resources").joinpath("themes.toml").read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    themes = []
    for entry in data["theme"]:
        themes.append(Theme(id=entry["id"], label=entry["label"], label_en=entry.get("label_en", entry["label"]),
                            description=entry.get("description", ""), terms=tuple(entry.get("terms", ())),
                            description_en=entry.get("description_en", entry.get("description", ""))))
    ids = [t.id for t in themes]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate theme id in the taxonomy")
    return themes
