"""Web pages (council sites, news): the article, without navigation, scripts and forms."""
from __future__ import annotations

from ..records import Extracted, Table
from .text import decode_text, normalise, pages_from_text

BOILERPLATE_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
                    "svg", "button", "template", "menu", "dialog"]
BOILERPLATE_WORDS = ("cookie", "breadcrumb", "navigation", "navbar", "menu", "sidebar", "share", "social",
                     "footer", "skip", "banner")
BLOCK_TAGS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "dd", "dt", "caption"]


def extract_html(data: bytes) -> Extracted:
    """Blocks of the main content become paragraphs; tables become Table records."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(data), "lxml")
    for tag in soup(BOILERPLATE_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo", "search"]}):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body", "main", "article") or tag.find(["article", "main", "h1"]):
            continue  # never drop a wrapper that holds the content
        marks = " ".join([*(tag.get("class") or []), tag.get("id") or ""]).lower()
        if any(word in marks for word in BOILERPLATE_WORDS):
            tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    tables = []
    for table in root.find_all("table"):
        rows = [[" ".join(c.get_text(" ").split()) for c in tr.find_all(["td", "th"])] for tr in table.find_all("tr")]
        rows = [r for r in rows if any(r)]
        if len(rows) >= 2:
            caption = table.find("caption")
            tables.append(Table(page=1, header=rows[0], rows=rows[1:],
                                caption=" ".join(caption.get_text(" ").split()) if caption else ""))
        table.decompose()
    blocks = []
    for element in root.find_all(BLOCK_TAGS):
        if element.find(BLOCK_TAGS):
            continue  # the inner blocks are taken on their own
        text = " ".join(element.get_text(" ").split())
        if text:
            blocks.append(("• " if element.name == "li" else "") + text)
    if not blocks:
        blocks = [" ".join(root.get_text(" ").split())]
    text = "\n\n".join(blocks)
    return Extracted(format="html", pages=pages_from_text(text),
                     tables=[Table(t.page, [normalise(h) for h in t.header], t.rows, t.caption) for t in tables])
