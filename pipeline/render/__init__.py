"""Tables -> a static HTML site and thematic reports (Jinja2, autoescape on, StrictUndefined).

Public: `render_site` (the whole site, called by run.py) and `render_report` (one theme over
chosen municipalities and years, printable, with CSV and XLSX of its tables).
"""
from __future__ import annotations

from .common import slug
from .report import render_report
from .site import render_site

VERSION = "3"

__all__ = ["VERSION", "render_report", "render_site", "slug"]
