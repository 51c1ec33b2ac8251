"""Taxonomy terms matched on lemmas, token by token.

A term is one or more parts: "x" the lemma itself, "x*" a lemma starting with x, "*x*" a lemma
containing x, "*" any lemma. The parts are indexed by kind (exact and prefix cores in dictionaries),
so a lemma never seen before costs a few look-ups and one substring test per infix part (about 5 µs,
against about 50 µs for testing the 427 parts of the shipped taxonomy in turn), and the result is
cached per distinct lemma.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .taxonomy import Theme

Part = tuple[str, str]  # (kind: "exact" | "prefix" | "infix" | "any", core)


def parse_term(term: str, exceptions: dict[str, str], word_lemmas: dict[str, str] | None = None) -> tuple[Part, ...]:
    """`word_lemmas` maps a whole word of a term to its lemma as `lemmas()` gives it (exceptions
    included), so a term is written in plain words ("kansrijke start", "gesprekken met") and still
    matches the lemmatized text; the cores of wildcard parts go through the exception table only."""
    parts = []
    for part in term.lower().split():
        core = part.strip("*")
        stem = exceptions.get(core, core)
        if part == "*":
            parts.append(("any", ""))
        elif part.startswith("*") and part.endswith("*"):
            parts.append(("infix", stem))
        elif part.endswith("*"):
            parts.append(("prefix", stem))
        else:
            parts.append(("exact", (word_lemmas or {}).get(core, stem)))
    return tuple(parts)


@dataclass(frozen=True)
class _PartIndex:
    """The parts by kind (each part occurs once): exact and prefix cores map to their part's index;
    infix cores are tested in turn."""

    exact: dict[str, int]
    prefix: dict[str, int]
    prefix_lengths: tuple[int, ...]  # ascending
    infix: tuple[tuple[str, int], ...]
    any: tuple[int, ...]

    @classmethod
    def of(cls, parts: tuple[Part, ...]) -> _PartIndex:
        def of_kind(kind: str) -> dict[str, int]:
            return {core: i for i, (k, core) in enumerate(parts) if k == kind}

        prefix = of_kind("prefix")
        return cls(exact=of_kind("exact"), prefix=prefix, prefix_lengths=tuple(sorted({len(c) for c in prefix})),
                   infix=tuple(of_kind("infix").items()), any=tuple(of_kind("any").values()))

    def lookup(self, token: str) -> frozenset[int]:
        """Indices of the parts that match this lemma."""
        found = [*self.any]
        if token in self.exact:
            found.append(self.exact[token])
        for n in self.prefix_lengths:
            if n > len(token):
                break
            if token[:n] in self.prefix:
                found.append(self.prefix[token[:n]])
        found += [i for core, i in self.infix if core in token]
        return frozenset(found)


@dataclass(frozen=True)
class Matcher:
    themes: tuple[Theme, ...]
    rules: tuple[tuple[str, tuple[int, ...]], ...]  # (theme id, indices into parts), one per distinct term
    parts: tuple[Part, ...]
    _cache: dict[str, frozenset[int]] = field(default_factory=dict, compare=False, repr=False)
    _index: _PartIndex = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", _PartIndex.of(self.parts))

    def _token_parts(self, token: str) -> frozenset[int]:
        """Indices (into parts) of the parts this lemma matches; cached per distinct lemma."""
        hit = self._cache.get(token)
        if hit is None:
            hit = self._index.lookup(token)
            if len(self._cache) < 200_000:
                self._cache[token] = hit
        return hit

    def matches(self, tokens: list[str]) -> dict[str, list[str]]:
        """Theme id -> the distinct words of the token list that its terms match (lemmas; a phrase as
        its words joined by spaces). A word that several terms match counts once, so a term written
        twice ("adviesraad", "*adviesraad*") does not double its weight, and the evidence shows the
        words of the paragraph rather than the patterns."""
        words_of: dict[int, list[str]] = {}  # part index -> the distinct tokens it matches
        for token in dict.fromkeys(tokens):
            for i in self._token_parts(token):
                words_of.setdefault(i, []).append(token)
        per_token: list[frozenset[int]] = []  # only needed for phrases: the parts each token matches
        starts: dict[int, list[int]] = {}  # part index -> the positions of the tokens it matches
        found: dict[str, dict[str, None]] = {}
        for theme_id, ids in self.rules:
            if ids[0] not in words_of:
                continue
            if len(ids) == 1:
                words = words_of[ids[0]]
            else:
                if not per_token:
                    per_token = [self._token_parts(t) for t in tokens]
                    for position, parts in enumerate(per_token):
                        for i in parts:
                            starts.setdefault(i, []).append(position)
                words = _phrases(tokens, per_token, starts[ids[0]], ids)
            if words:
                found.setdefault(theme_id, {}).update(dict.fromkeys(words))
        return {theme_id: list(words) for theme_id, words in found.items()}


def _phrases(tokens: list[str], per_token: list[frozenset[int]], starts: list[int], ids: tuple[int, ...]) -> list[str]:
    """The distinct token sequences that match the parts `ids` in order (`starts`: where the first matches)."""
    n = len(ids)
    return list(dict.fromkeys(" ".join(tokens[start:start + n]) for start in starts
                              if start + n <= len(tokens) and all(ids[k] in per_token[start + k] for k in range(1, n))))


def build_matcher(taxonomy: list[Theme], exceptions: dict[str, str] | None = None) -> Matcher:
    from .text import lemma_exceptions, lemmas

    exceptions = lemma_exceptions() if exceptions is None else exceptions
    words = sorted({part for theme in taxonomy for term in theme.terms for part in term.lower().split() if "*" not in part})
    word_lemmas = {word: found[0] for word, found in zip(words, lemmas(words), strict=True) if len(found) == 1}
    parsed = [(theme.id, term, parse_term(term, exceptions, word_lemmas)) for theme in taxonomy for term in theme.terms]
    parts = tuple(dict.fromkeys(part for _, _, ps in parsed for part in ps))
    index = {part: i for i, part in enumerate(parts)}
    rules = tuple(dict.fromkeys((theme_id, tuple(index[p] for p in ps)) for theme_id, _, ps in parsed))
    return Matcher(themes=tuple(taxonomy), rules=rules, parts=parts)
