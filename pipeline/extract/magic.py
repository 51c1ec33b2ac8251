"""The file format from its bytes (magic numbers), never from the file name."""
from __future__ import annotations

import io
import zipfile

from .errors import ExtractError

HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<div", b"<p>", b"<article")
EXTENSIONS = {"pdf": {".pdf"}, "docx": {".docx", ".doc"}, "odt": {".odt"}, "rtf": {".rtf", ".doc"},
              "html": {".html", ".htm", ".xhtml", ".php", ".asp", ".aspx"}, "text": {".txt", ".text", ".md", ".csv"}}


def sniff(data: bytes) -> str:
    """pdf, docx, odt, rtf, html or text; raises ExtractError for empty or unknown binary files."""
    head = data[:2048]
    if not data.strip():
        raise ExtractError("empty", "the file is empty")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ExtractError("unsupported", "an old binary Office file (.doc/.xls, OLE2); save it as .docx or PDF")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    lowered = stripped.lower()
    if lowered.startswith(b"<?xml") and b"<html" in data[:8192].lower():
        return "html"
    if lowered.startswith(b"<") and any(mark in lowered for mark in HTML_MARKS):
        return "html"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a byte order mark
    if b"\x00" in head or _control_share(head) > 0.05:
        raise ExtractError("unsupported", "binary file of an unknown format")
    return "text"


def _zip_kind(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ExtractError("corrupt", f"broken ZIP container: {exc}") from exc
    if "word/document.xml" in names:
        return "docx"
    if mimetype == b"application/vnd.oasis.opendocument.text" or (not mimetype and "content.xml" in names):
        return "odt"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise ExtractError("unsupported", f"an OpenDocument file that is not text ({mimetype.decode(errors='replace')})")
    raise ExtractError("unsupported", "a ZIP archive that is not a DOCX or ODT document")


def _control_share(head: bytes) -> float:
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(1, len(head))


def extension_warning(kind: str, path: str) -> str | None:
    """A warning when the file name promises another format than the content holds."""
    dot = path.rfind(".")
    ext = path[dot:].lower() if dot > path.rfind("/") else ""
    if not ext or any(ext in exts for exts in EXTENSIONS.values()) is False:
        return None
    if ext in EXTENSIONS.get(kind, set()):
        return None
    return f"the file is named {ext} but holds {kind.upper() if kind != 'text' else 'plain text'}; read as {kind}"
