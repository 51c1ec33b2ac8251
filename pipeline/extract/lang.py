"""Which language a text is in, from the share of very common words (no model, no download).

Good enough to flag a document that is clearly not Dutch: English, German or French
function words outnumber Dutch ones by far in such a text."""
from __future__ import annotations

import re
from collections import Counter

STOPWORDS = {
    "nl": "de het een en van in is dat op te zijn voor met niet aan er om ook als bij door maar naar "
          "wordt worden heeft hebben deze dit over uit kan nog wij u zij werd tot wel dan of geen".split(),
    "en": "the and of to in is that for on with are be this as by it from at or not have has was "
          "which will an were been their they we can".split(),
    "de": "der die und das ist nicht mit den dem sich auf für ein eine zu von im wird sind auch es "
          "des werden bei oder wir sie".split(),
    "fr": "le la les et des est une un du pour dans que qui sur pas par au avec sont ce il nous ou "
          "aux cette mais été".split(),
}
WORD = re.compile(r"[a-zà-ÿ]+")
MIN_WORDS = 40


def guess_language(text: str) -> tuple[str, float]:
    """(language code or "", share of its stopwords among the words); "" when too short to tell."""
    words = WORD.findall(text[:20000].lower())
    if len(words) < MIN_WORDS:
        return "", 0.0
    counts = Counter(words)
    shares = {lang: sum(counts[w] for w in set(stop)) / len(words) for lang, stop in STOPWORDS.items()}
    lang = max(shares, key=shares.get)
    return (lang, shares[lang]) if shares[lang] >= 0.08 else ("", shares[lang])


NAMES = {"en": "English", "de": "German", "fr": "French"}


def language_warning(text: str) -> str | None:
    lang, share = guess_language(text)
    if lang and lang != "nl":
        return f"language: the text looks {NAMES[lang]}, not Dutch ({share:.0%} {NAMES[lang]} function words)"
    return None
