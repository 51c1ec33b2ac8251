"""A Dutch word list for de-hyphenation: the word forms of spaCy's Dutch lemma tables
(spacy-lookups-data, installed with raadslens), loaded once per process."""
from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources


@cache
def dutch_words() -> frozenset[str]:
    data = resources.files("spacy_lookups_data") / "data"
    words: set[str] = set()
    lookup = json.loads(gzip.decompress((data / "nl_lemma_lookup.json.gz").read_bytes()))
    words.update(lookup)
    words.update(lookup.values())
    index = json.loads(gzip.decompress((data / "nl_lemma_index.json.gz").read_bytes()))
    for forms in index.values():
        words.update(forms)
    return frozenset(w.lower() for w in words if w.isalpha())


def is_word(word: str) -> bool:
    return word in dutch_words()
