"""The Jinja2 environment and small helpers shared by the site and the thematic report."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..store import atomic_write

GENERATED_FORMAT = "%Y-%m-%d %H:%M UTC"


@cache
def environment() -> Environment:
    """Autoescape on for every template, undefined names are errors."""
    env = Environment(loader=PackageLoader("pipeline", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda x: f"{100 * x:.0f}%"
    env.globals["anchor"] = anchor
    return env


def slug(name: str) -> str:
    """A file name for a municipality: 'Súdwest-Fryslân' -> 'sudwest-fryslan'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "onbekend"


def generated_at() -> str:
    """When the report was generated (shown on the overview page only: other pages carry over unchanged)."""
    return dt.datetime.now(dt.UTC).strftime(GENERATED_FORMAT)


def link_or_copy(source: Path, target: Path) -> bool:
    """Put the file `source` of an earlier version at `target`: a hard link (no new bytes, and never written
    to, since files are only ever replaced), or a copy where links are not possible. False if `source` is gone."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except (FileNotFoundError, FileExistsError):  # never copy over a file: it may be a link into `source`'s version
        return False
    except OSError:
        try:
            shutil.copyfile(source, target)
        except OSError:
            return False
    return True


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
        target = anchor(paragraph, page)
        label = f"{page_label} {int(page)}" if page is not None else page_label
        return Markup(f'<a class="cite" href="{escape(root)}documents/{escape(doc_id)}.html{escape(target)}">'
                      f'{escape(label)}</a>')  # Markup.format escapes the same way, but slowly
    return cite


def anchor(paragraph: int | None, page: int | None) -> str:
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


