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
    doc_theme_min_share: float = 0.1  # ... that are at least this share of its themed paragraphs
    doc_theme_min_top_ratio: float = 0.3  # ... and at least this fraction of the most frequent theme's count


@dataclass(frozen=True)
class FactsConfig:
    kinds: tuple[str, ...] = ("percentage", "amount_eur", "duration", "count", "date_deadline")


@dataclass(frozen=True)
class RenderConfig:
    language: str = "nl"  # "nl" or "en": labels of the HTML report
    max_quotes_per_municipality: int = 5


@dataclass(frozen=True)
class HarvestConfig:
    """The Open Raadsinformatie harvester (`raadslens harvest`, and the first step of `raadslens nightly`)."""

    base_url: str = "https://api.openraadsinformatie.nl/v1/elastic"
    municipalities: tuple[str, ...] = ()  # index slugs, e.g. ["utrecht", "den_helder"]; empty: no harvesting
    folder: str = "ori"  # subfolder of the corpus that receives the files, one folder per municipality
    since: str = ""  # first harvest: documents last discussed on or after this date (empty: all)
    lookback_days: int = 14  # later harvests re-list this many days before the last one, for late uploads
    page_size: int = 100
    max_documents: int = 0  # per run, 0 = no limit; the rest follows on the next run
    max_bytes: int = 200_000_000  # larger files are skipped with an error
    retries: int = 5  # per request, on 429, 5xx, timeouts and truncated bodies
    backoff_s: float = 2.0  # waits 2, 4, 8, ... s between retries (Retry-After wins on 429 and 503)
    max_wait_s: float = 600.0  # never wait longer than this for one retry
    timeout_s: float = 60.0


@dataclass(frozen=True)
class Config:
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    themes: ThemesConfig = field(default_factory=ThemesConfig)
    facts: FactsConfig = field(default_factory=FactsConfig)
    render: RenderConfig = field(default_factory=RenderConfig)
    harvest: HarvestConfig = field(default_factory=HarvestConfig)

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
