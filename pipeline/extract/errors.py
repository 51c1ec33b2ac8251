"""The one error type of the extract stage."""
from __future__ import annotations


class ExtractError(Exception):
    """A document that cannot be read; `kind` names the reason for the report."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
