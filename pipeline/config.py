"""Configuration: one frozen dataclass per stage with documented defaults.

A TOML file (`raadslens.toml` in the working folder, or `--config FILE`) overrides any field,
section by section, e.g.::

    [extract]
    max_pages = 2000
    ocr = false

    [themes]
    min_score = 0.5

A stage's section is part of its cache key, so changing it reprocesses only that stage onward.
"""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ExtractConfig:
    max_pages: int = 5000  # pages beyond this are not read (the document gets a warning)
    time_budget_s: float = 300.0  # per document; past it the document fails with kind "timeout"
    ocr: bool = True  # OCR pages without a text layer when Tesseract is installed
    ocr_language: str = "nld"
    tables: bool = True  # look for ruled tables with pdfplumber


@dataclass(frozen=True)
class SegmentConfig:
    use_folder_municipality: bool = True  # a parent folder named after a municipality is metadata
    min_paragraph_chars: int = 1


@dataclass(frozen=True)
class ThemesConfig:
    min_score: float = 0.5  # tags below this score are dropped
    doc_theme_min_paragraphs: int = 2  # a document theme needs this many tagged paragraphs ...
    doc_theme_min_share: float = 0.1  # ... or this share of the document's themed paragraphs


@dataclass(frozen=True)
class FactsConfig:
    kinds: tuple[str, ...] = ("percentage", "amount_eur", "duration", "count", "date_deadline")


@dataclass(frozen=True)
class RenderConfig:
    language: str = "nl"  # "nl" or "en": labels of the HTML report
    max_quotes_per_municipality: int = 5


@dataclass(frozen=True)
class Config:
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    themes: ThemesConfig = field(default_factory=ThemesConfig)
    facts: FactsConfig = field(default_factory=FactsConfig)
    render: RenderConfig = field(default_factory=RenderConfig)

    def section(self, name: str) -> dict:
        """The config slice of one stage as plain values (empty for stages without one)."""
        value = getattr(self, name, None)
        return dataclasses.asdict(value) if value is not None else {}


def load(path: Path | None = None) -> Config:
    """Defaults, overridden by the TOML file at `path` (or ./raadslens.toml when it exists)."""
    if path is None:
        path = Path("raadslens.toml")
        if not path.exists():
            return Config()
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    sections = {}
    for f in dataclasses.fields(Config):
        default = f.default_factory()  # type: ignore[misc]
        overrides = data.pop(f.name, {})
        unknown = set(overrides) - {x.name for x in dataclasses.fields(default)}
        if unknown:
            raise ValueError(f"unknown setting(s) in [{f.name}] of {path}: {', '.join(sorted(unknown))}")
        overrides = {k: tuple(v) if isinstance(v, list) else v for k, v in overrides.items()}
        sections[f.name] = dataclasses.replace(default, **overrides)
    if data:
        raise ValueError(f"unknown section(s) in {path}: {', '.join(sorted(data))}")
    return Config(**sections)
