"""Typed records that flow between stages.

Every record is a frozen dataclass that converts to and from plain JSON (`to_json` /
`from_json`), so a stage result can be stored, hashed and sent to another process.
Everything downstream of extraction carries a 1-based `page` so citations come free.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """One input file: where it is, what it holds (hash) and metadata a user supplied."""

    path: str  # relative to the corpus folder, with forward slashes
    sha256: str
    size: int
    mtime_ns: int = 0
    meta: dict[str, Any] = field(default_factory=dict)  # sidecar <file>.meta.json and folder hints


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    text: str
    ocr: bool = False
    header: str = ""  # running header/footer lines removed from the text
    needs_ocr: bool = False  # no text layer and no OCR engine available


@dataclass(frozen=True)
class Table:
    page: int
    header: list[str]
    rows: list[list[str]]
    caption: str = ""


@dataclass(frozen=True)
class Extracted:
    """Text per page, tables, and warnings about the file (e.g. 'needs OCR')."""

    format: str
    pages: list[Page]
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Paragraph:
    index: int
    text: str
    page: int


@dataclass(frozen=True)
class Question:
    number: str
    question: str
    answer: str | None
    page: int = 1


@dataclass(frozen=True)
class Segmented:
    """A document's structure: paragraphs plus what kind of paper it is and whose."""

    paragraphs: list[Paragraph]
    doc_type: str | None
    municipality: str | None
    date: str | None
    title: str
    dictum: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)  # why doc_type/municipality/date were chosen


@dataclass(frozen=True)
class ThemeTag:
    id: str
    score: float
    evidence: list[str]


@dataclass(frozen=True)
class Themed:
    paragraph_tags: list[list[ThemeTag]]  # parallel to Segmented.paragraphs
    doc_themes: list[str]


@dataclass(frozen=True)
class Fact:
    kind: str  # percentage | amount_eur | duration | count | date_deadline
    value: float | str
    unit: str
    text: str  # the quoted span
    subject: str
    page: int
    paragraph: int
    start: int  # character span inside the paragraph text
    end: int
    themes: list[str] = field(default_factory=list)
    indicator: str | None = None


@dataclass(frozen=True)
class Facts:
    facts: list[Fact]


@dataclass(frozen=True)
class Failure:
    """A document that could not be processed: the run goes on and the report lists it."""

    stage: str
    kind: str  # e.g. corrupt, encrypted, empty, unsupported, timeout, internal
    message: str


# --- JSON conversion -----------------------------------------------------------------

def to_json(record: Any) -> Any:
    """A record (or list/dict of them) as plain JSON values."""
    if dataclasses.is_dataclass(record):
        return {f.name: to_json(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, list | tuple):
        return [to_json(x) for x in record]
    if isinstance(record, dict):
        return {k: to_json(v) for k, v in record.items()}
    return record


def from_json(cls: Any, data: Any) -> Any:
    """Rebuild a record of type `cls` from `to_json` output, following the type hints."""
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        inner = [a for a in typing.get_args(cls) if a is not type(None)]
        for candidate in inner:
            if dataclasses.is_dataclass(candidate) or typing.get_origin(candidate):
                return from_json(candidate, data)
        return data
    if origin is list:
        (item,) = typing.get_args(cls)
        return [from_json(item, x) for x in data]
    if origin is dict:
        _, value = typing.get_args(cls)
        return {k: from_json(value, v) for k, v in data.items()}
    if dataclasses.is_dataclass(cls):
        hints = _type_hints(cls)
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: from_json(hints[k], v) for k, v in data.items() if k in known})
    return data


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    """Resolved once per class: resolving them is most of the time of loading a stored result."""
    return typing.get_type_hints(cls)


def dumps(record: Any) -> str:
    """Canonical JSON text of a record: sorted keys, so equal records hash equally."""
    return json.dumps(to_json(record), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()
