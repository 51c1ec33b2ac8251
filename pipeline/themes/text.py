"""Dutch text -> lemmas: spaCy's blank Dutch pipeline with the lookup lemmatizer, plus a domain
exception table for plurals the lookup table lacks (kinderen, huisartsen, gemeenten, ...)."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

METADATA_LINE = re.compile(r"^\s*([\w .'-]{2,30}):\s", re.UNICODE)
MIN_WORDS = 2  # a single word is a heading or label: no theme (short slide bullets can carry one)
# Field names of the metadata blocks of Dutch council papers (letterheads, motion and question forms,
# minutes). A paragraph that starts with one of them is metadata, not content. Other "Label: text"
# lines ("Doel: ...", "Conclusie 2: ...", slide bullets) are content and go to the classifier.
METADATA_KEYS = frozenset((
    "onderwerp", "datum", "kenmerk", "ons kenmerk", "uw kenmerk", "agendapunt", "agendanummer", "betreft", "aan", "van",
    "titel", "ingediend door", "indiener", "indieners", "fractie", "stemming", "aanwezig", "afwezig", "bijlage",
    "bijlagen", "zaaknummer", "registratienummer", "documentnummer", "voorstelnummer", "portefeuillehouder", "steller",
    "afdoening", "datum indiening", "vergaderdatum", "datum vergadering", "raadsvergadering", "behandeld door",
    "contactpersoon", "telefoon", "e-mail", "ondertekend", "vragensteller", "nummer", "status", "verzonden",
    "programma", "commissie", "voorzitter", "griffier", "notulist"))
METADATA_MAX_WORDS = 40  # a metadata block of several fields stays short


@cache
def lemma_exceptions() -> dict[str, str]:
    rows = resources.files("pipeline.resources").joinpath("lemmas.tsv").read_text(encoding="utf-8").splitlines()
    pairs = (row.split("\t") for row in rows if row.strip() and not row.startswith("#"))
    return {form: lemma for form, lemma in pairs}


@cache
def nlp():
    """spaCy's blank Dutch pipeline with the lookup lemmatizer (tables from spacy-lookups-data)."""
    import spacy

    pipeline = spacy.blank("nl")
    pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
    pipeline.initialize()
    return pipeline


def dehyphenate(text: str) -> str:
    """Join words broken over lines ("jeugd-\\nhulp") and hard-wrapped lines."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", lambda m: m.group(1) + m.group(2)
                  if m.group(2).islower() else m.group(1) + "-" + m.group(2), text)
    return " ".join(text.split())


_LEMMAS: dict[int, str] = {}  # token hash -> lowercased lemma ("" for whitespace), per process


def lemmas(texts: list[str], clean: bool = False) -> list[list[str]]:
    """Lowercased lemmas per text, with the domain exception table applied (`clean`: the texts are
    already dehyphenated).

    The same lemmas as running the pipeline's lookup lemmatizer, but the look-up is done once per
    distinct token (a dictionary hit afterwards), which makes tagging several times faster."""
    from spacy.attrs import ORTH

    pipeline = nlp()
    table = pipeline.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    strings, exceptions = pipeline.vocab.strings, lemma_exceptions()
    out = []
    for doc in pipeline.tokenizer.pipe(texts if clean else (dehyphenate(t) for t in texts)):
        row = []
        for orth in doc.to_array(ORTH).tolist():
            lemma = _LEMMAS.get(orth)
            if lemma is None:
                text = strings[orth]
                lemma = "" if text.isspace() else exceptions.get(text.lower(), str(table.get(text, table.get(text.lower(), text))).lower())
                if len(_LEMMAS) < 500_000:
                    _LEMMAS[orth] = lemma
            if lemma:
                row.append(lemma)
        out.append(row)
    return out


def metadata_key(text: str) -> str | None:
    """The lowercased label of a "Label: text" paragraph, else None."""
    match = METADATA_LINE.match(text)
    return " ".join(match.group(1).lower().split()) if match else None


def is_taggable(text: str) -> bool:
    """Single words (headings, labels) and metadata blocks ("Onderwerp: ...", "Datum: ...") carry no theme."""
    words = text.split()
    if len(words) < MIN_WORDS:
        return False
    return not (metadata_key(text) in METADATA_KEYS and len(words) < METADATA_MAX_WORDS)
