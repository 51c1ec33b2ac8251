"""The Jinja2 environment and small helpers shared by the site and the thematic report."""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..store import atomic_write

GENERATED_FORMAT = "%Y-%m-%d %H:%M UTC"


@cache
def environment() -> Environment:
    """Autoescape on for every template, undefined names are errors."""
    env = Environment(loader=PackageLoader("pipeline", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda x: f"{100 * x:.0f}%"
    return env


def slug(name: str) -> str:
    """A file name for a municipality: 'Súdwest-Fryslân' -> 'sudwest-fryslan'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "onbekend"


def write_page(path: Path, template: str, **context) -> None:
    html = environment().get_template(template).render(**context)
    atomic_write(path, html.encode("utf-8"))


def copy_static(folder: Path) -> None:
    """style.css and app.js next to the pages (no CDN, works from file://)."""
    static = resources.files("pipeline").joinpath("static")
    for name in ("style.css", "app.js"):
        atomic_write(folder / name, static.joinpath(name).read_bytes())


def site_cite(root: str, page_label: str):
    """Citation as a link to the paragraph on the document page."""
    def cite(doc_id: str, paragraph: int | None, page: int | None) -> Markup:
        anchor = _anchor(paragraph, page)
        label = f"{page_label} {int(page)}" if page is not None else page_label
        return Markup('<a class="cite" href="{}documents/{}.html{}">{}</a>').format(root, doc_id, anchor, label)
    return cite


def _anchor(paragraph: int | None, page: int | None) -> str:
    """A paragraph's anchor; a table cell (paragraph -1) links to its page."""
    if paragraph is not None and int(paragraph) >= 0:
        return f"#p{int(paragraph)}"
    return f"#page-{int(page)}" if page is not None else ""


def numeric(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number


