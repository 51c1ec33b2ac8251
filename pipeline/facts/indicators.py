"""The indicator vocabulary (resources/indicators.toml): which shared measure a fact is about."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

RESOURCE = "indicators.toml"


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    kind: str
    all: tuple[re.Pattern, ...]
    none: tuple[re.Pattern, ...]


@cache
def vocabulary() -> tuple[Indicator, ...]:
    data = tomllib.loads(resources.files("pipeline.resources").joinpath(RESOURCE).read_text(encoding="utf-8"))
    return tuple(Indicator(i["id"], i["label"], i["kind"],
                           tuple(re.compile(p, re.IGNORECASE) for p in i.get("all", [])),
                           tuple(re.compile(p, re.IGNORECASE) for p in i.get("none", [])))
                 for i in data["indicator"])


def indicator_of(kind: str, context: str) -> str | None:
    """The first indicator of this kind whose patterns all occur in the context, else None."""
    for indicator in vocabulary():
        if indicator.kind == kind and all(p.search(context) for p in indicator.all) \
                and not any(p.search(context) for p in indicator.none):
            return indicator.id
    return None
