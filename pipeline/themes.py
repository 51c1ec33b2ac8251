"""Paragraphs -> theme tags (Themed): Dutch spaCy lemmas matched against the taxonomy's terms.

The taxonomy (`resources/themes.toml`) is data: a user adds a theme there without touching code.
Each tag carries a score and the matched terms as evidence. Document themes derive from the
paragraph tags by a documented rule (see `doc_themes`).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .config import ThemesConfig
from .records import Segmented, Themed, ThemeTag

VERSION = "1"
RESOURCE_FILES = ("themes.toml", "lemmas.tsv")
METADATA_LINE = re.compile(r"^\s*[\w .'-]{2,30}:\s", re.UNICODE)
MIN_WORDS = 4  # headings and slide titles get no theme


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    label_en: str
    description: str
    terms: tuple[str, ...]


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
                            description=entry.get("description", ""), terms=tuple(entry.get("terms", ()))))
    ids = [t.id for t in themes]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate theme id in the taxonomy")
    return themes


@cache
def lemma_exceptions() -> dict[str, str]:
    rows = resources.files("pipeline.resources").joinpath("lemmas.tsv").read_text(encoding="utf-8").splitlines()
    pairs = (row.split("\t") for row in rows if row.strip() and not row.startswith("#"))
    return {form: lemma for form, lemma in pairs}


@cache
def nlp():
    """spaCy's blank Dutch pipeline with the lookup lemmatizer (tables from spacy-lookups-data)."""
    import spacy

    pipeline = spacy.blank("nl")
    pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
    pipeline.initialize()
    return pipeline


def dehyphenate(text: str) -> str:
    """Join words broken over lines ("jeugd-\\nhulp") and hard-wrapped lines."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", lambda m: m.group(1) + m.group(2)
                  if m.group(2).islower() else m.group(1) + "-" + m.group(2), text)
    return " ".join(text.split())


def lemmas(texts: list[str]) -> list[list[str]]:
    """Lowercased lemmas per text, with the domain exception table applied."""
    exceptions = lemma_exceptions()
    out = []
    for doc in nlp().pipe(dehyphenate(t) for t in texts):
        out.append([exceptions.get(tok.lower_, (tok.lemma_ or tok.text).lower()) for tok in doc if not tok.is_space])
    return out


def _term_regex(term: str, exceptions: dict[str, str]) -> re.Pattern:
    """A term as a regex over space-joined lemmas: "x" whole lemma, "x*" prefix, "*x*" infix."""
    parts = []
    for part in term.lower().split():
        core = re.escape(exceptions.get(part.strip("*"), part.strip("*")))
        if part == "*":
            parts.append(r"\S+")
        elif part.startswith("*") and part.endswith("*"):
            parts.append(rf"\S*{core}\S*")
        elif part.endswith("*"):
            parts.append(rf"{core}\S*")
        else:
            parts.append(core)
    return re.compile(r"(?<!\S)" + " ".join(parts) + r"(?!\S)")


@dataclass(frozen=True)
class Matcher:
    themes: tuple[Theme, ...]
    rules: tuple[tuple[str, str, re.Pattern], ...]  # (theme id, term, regex over joined lemmas)

    def matches(self, tokens: list[str]) -> dict[str, list[str]]:
        """Theme id -> terms found in the token list (each term counted once)."""
        joined = " ".join(tokens)
        found: dict[str, list[str]] = {}
        for theme_id, term, pattern in self.rules:
            if pattern.search(joined):
                found.setdefault(theme_id, []).append(term)
        return found


def build_matcher(taxonomy: list[Theme]) -> Matcher:
    exceptions = lemma_exceptions()
    rules = tuple((theme.id, term, _term_regex(term, exceptions)) for theme in taxonomy for term in theme.terms)
    return Matcher(themes=tuple(taxonomy), rules=rules)


def is_taggable(text: str) -> bool:
    """Headings, metadata lines and signatures carry no theme."""
    words = text.split()
    if len(words) < MIN_WORDS:
        return False
    return not (METADATA_LINE.match(text) and len(words) < 12)


def tag_paragraphs(texts: list[str], matcher: Matcher, cfg: ThemesConfig) -> list[list[ThemeTag]]:
    out = []
    for text, tokens in zip(texts, lemmas(texts), strict=True):
        tags: list[ThemeTag] = []
        if is_taggable(text):
            for theme_id, terms in matcher.matches(tokens).items():
                score = round(1 - 0.5 ** len(terms), 3)
                if score >= cfg.min_score:
                    tags.append(ThemeTag(id=theme_id, score=score, evidence=sorted(set(terms))))
        out.append(sorted(tags, key=lambda t: (-t.score, t.id)))
    return out


def doc_themes(paragraph_tags: list[list[ThemeTag]], cfg: ThemesConfig) -> list[str]:
    """A document is about a theme when enough of its paragraphs are: at least
    `doc_theme_min_paragraphs` paragraphs carry it, or (for short documents) it covers at least
    `doc_theme_min_share` of the themed paragraphs and is the most frequent theme."""
    counts: dict[str, int] = {}
    for tags in paragraph_tags:
        for tag in tags:
            counts[tag.id] = counts.get(tag.id, 0) + 1
    themed = sum(1 for tags in paragraph_tags if tags) or 1
    top = max(counts.values(), default=0)
    chosen = [t for t, n in counts.items()
              if n >= cfg.doc_theme_min_paragraphs and n / themed >= cfg.doc_theme_min_share or n == top]
    return sorted(chosen, key=lambda t: (-counts[t], t))


def run(segmented: Segmented, matcher: Matcher, cfg: ThemesConfig) -> Themed:
    tags = tag_paragraphs([p.text for p in segmented.paragraphs], matcher, cfg)
    return Themed(paragraph_tags=tags, doc_themes=doc_themes(tags, cfg))
