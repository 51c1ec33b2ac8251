"""Paragraphs -> theme tags (Themed): Dutch spaCy lemmas, the taxonomy's terms, and a trained classifier.

The taxonomy (`resources/themes.toml`) is data: a user adds a theme there without touching code.
A theme the trained model knows is tagged by the classifier (which sees the rule matches as
features); a theme it does not know yet (newly added to the taxonomy) is tagged by its terms
until `make train` retrains the model. Every tag carries a score (0.5 = the theme's threshold)
and evidence: the words its terms matched and the word n-grams that weigh most for it. Document themes
derive from the paragraph tags by a documented rule (see `doc_themes`).
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources  # noqa: F401 - tests read the packaged taxonomy through this
from pathlib import Path

from ..config import ThemesConfig
from ..records import Segmented, Themed, ThemeTag
from .model import MODEL_FILE, ModelError, ThemeModel, featurize, score
from .model import load as load_model
from .rules import Matcher, build_matcher
from .taxonomy import Theme, load_taxonomy
from .text import dehyphenate, is_taggable, lemma_exceptions, lemmas, nlp

__all__ = ["VERSION", "RESOURCE_FILES", "MODEL_FILE", "ModelError", "Theme", "Matcher", "Tagger", "load_taxonomy",
           "build_matcher", "load_tagger", "tag_paragraphs", "doc_themes", "run", "lemmas", "nlp", "dehyphenate",
           "is_taggable", "lemma_exceptions", "load_model"]

VERSION = "4"
RESOURCE_FILES = ("themes.toml", "lemmas.tsv", f"models/{MODEL_FILE}")


@dataclass(frozen=True)
class Tagger:
    """The rules and (when trained) the classifier; built once per process."""

    matcher: Matcher
    model: ThemeModel | None = None


def load_tagger(taxonomy_path: Path | None = None, model_path: Path | None = None) -> Tagger:
    return Tagger(build_matcher(load_taxonomy(taxonomy_path)), load_model(model_path))


def tag_paragraphs(texts: list[str], tagger: Tagger | Matcher, cfg: ThemesConfig) -> list[list[ThemeTag]]:
    """Theme tags per paragraph, best first. Headings and metadata lines get none."""
    if isinstance(tagger, Matcher):
        tagger = Tagger(tagger)
    matcher, model = tagger.matcher, tagger.model
    clean = [dehyphenate(t) for t in texts]
    tokens = lemmas(clean, clean=True)
    hits = [matcher.matches(t) for t in tokens]
    known: list[str] = []
    probabilities = None
    if model is not None and texts:
        known = model.theme_ids
        x, grams = featurize(clean, tokens, hits, known)
        probabilities = model.probabilities(x)
    out = []
    for i, text in enumerate(texts):
        tags: list[ThemeTag] = []
        if is_taggable(text):
            for j, theme_id in enumerate(known):
                s = round(score(float(probabilities[i, j]), float(model.thresholds[j])), 3)
                if s >= cfg.min_score:
                    evidence = sorted(set(hits[i].get(theme_id, [])))
                    evidence += [f"~{g}" for g in model.explain(grams[i], j) if g not in evidence]
                    tags.append(ThemeTag(id=theme_id, score=s, evidence=evidence))
            for theme_id, terms in hits[i].items():
                if theme_id in known:
                    continue
                s = round(1 - 0.5 ** len(terms), 3)
                if s >= cfg.min_score:
                    tags.append(ThemeTag(id=theme_id, score=s, evidence=sorted(set(terms))))
        out.append(sorted(tags, key=lambda t: (-t.score, t.id)))
    return out


def doc_themes(paragraph_tags: list[list[ThemeTag]], cfg: ThemesConfig) -> list[str]:
    """A document is about a theme when enough of its paragraphs are: at least
    `doc_theme_min_paragraphs` paragraphs carry it, they make up at least `doc_theme_min_share`
    of the themed paragraphs, and at least `doc_theme_min_top_ratio` of the most frequent theme's
    count (a long document touches many themes in passing); the most frequent theme always counts."""
    counts: dict[str, int] = {}
    for tags in paragraph_tags:
        for tag in tags:
            counts[tag.id] = counts.get(tag.id, 0) + 1
    themed = sum(1 for tags in paragraph_tags if tags) or 1
    top = max(counts.values(), default=0)
    chosen = [t for t, n in counts.items()
              if n >= cfg.doc_theme_min_paragraphs and n / themed >= cfg.doc_theme_min_share
              and n >= cfg.doc_theme_min_top_ratio * top or n == top]
    return sorted(chosen, key=lambda t: (-counts[t], t))


def run(segmented: Segmented, tagger: Tagger | Matcher, cfg: ThemesConfig) -> Themed:
    tags = tag_paragraphs([p.text for p in segmented.paragraphs], tagger, cfg)
    return Themed(paragraph_tags=tags, doc_themes=doc_themes(tags, cfg))
