"""Pure text clean-up shared by every format: decoding, Unicode normalisation, bullets,
de-hyphenation against a Dutch word list, and plain-text pages."""
from __future__ import annotations

import re
import unicodedata

from ..records import Page
from .words import is_word

# glyph bullets, including the Symbol/Wingdings private-use code points Word exports use
BULLETS = "\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2043\u25ba\u25b8\u27a2\u2219\u00b7\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0e0"
BULLET_LINE = re.compile(rf"^([ \t]*)[{BULLETS}][ \t]*", re.M)
SPACES = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
FUNCTION_WORDS = {"en", "of", "tot", "en/of", "noch", "maar", "dan", "als", "tegen", "naar", "met", "voor"}
HYPHEN_BREAK = re.compile(r"(\w+)-\n([^\W\d_]\w*)(\S*)( +|(?=\n)|\Z)")
VOWELS = set("aeiouyáéíóúàèëïöü")
MARKER = r"[ \t]*(?:•|[-–*]|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t]"  # a list item's bullet, dash, number or letter
# a line break before a list item whose text starts with a letter ("- 250" in a table row is no item)
ITEM_LINE = re.compile(rf"(?<=\S)[ \t]*\n(?={MARKER}+[^\W\d_])")
ITEM_START = re.compile(MARKER)
BLOCKS = re.compile(r"(\n[ \t]*\n)")
CLAUSE_END = re.compile(r"[.:;?!]['\"”’)]?$")
HEADING_WORDS = 6  # a first line this short is a heading or lead-in, whatever it ends with


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM, or UTF-16 with BOM), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def normalise(text: str) -> str:
    """NFKC (ligatures such as U+FB01 become 'fi'), unified line ends, odd spaces and bullets
    made plain, hyphens at line ends joined where the result is a word."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "").replace("\x02", "-")
    text = "".join(ch if unicodedata.category(ch) != "Co" or ch in BULLETS else " " for ch in text)
    text = BULLET_LINE.sub(r"\1• ", text)
    text = unicodedata.normalize("NFKC", text)  # after bullets: NFKC turns the middle dot into itself
    text = SPACES.sub(" ", text)
    text = re.sub(r" +\n", "\n", text)
    return dehyphenate(text)


def dehyphenate(text: str) -> str:
    """'jeugd-\\nhulp' -> 'jeugdhulp' when that is a (compound) word; 'jeugd-\\nen' and
    'Noord-\\nHolland' keep their hyphen. The joined word moves up to the first line."""
    def join(match: re.Match) -> str:
        left, right, rest, space = match.groups()
        if should_join(left, right):
            word = left + right
        elif right[:1].isupper() and left[-1:].isalpha():
            word = f"{left}-{right}"
        else:
            return match.group(0)
        return word + rest + ("\n" if space else "")

    return HYPHEN_BREAK.sub(join, text)


def should_join(left: str, right: str) -> bool:
    if not right[:1].islower() or not left[-1:].isalpha() or left.isupper():
        return False
    if right.lower() in FUNCTION_WORDS:
        return False  # 'jeugd- en gezinshulp': an elided compound, not a line-break hyphen
    if is_word((left + right).lower()):
        return True
    if len(left) < 3 or (left[-1].lower() in VOWELS and right[0].lower() in VOWELS):
        return False  # 'e-mail', 'zorg-ouder'... a vowel clash keeps its hyphen in Dutch
    return is_word(right.lower()) or is_word(_singular(right.lower()))


def _singular(word: str) -> str:
    for suffix in ("en", "s", "'s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


def pages_from_text(text: str) -> list[Page]:
    """Form feeds separate pages in text exports; otherwise the text is one page. A list item starts a
    paragraph of its own, also without a blank line before it, as the PDF reader makes it: a document
    is cut into the same paragraphs whichever format it comes in."""
    parts = split_indented(ITEM_LINE.sub("\n\n", normalise(text))).split("\f")
    return [Page(number=i + 1, text=part.strip("\n")) for i, part in enumerate(parts)]


def split_indented(text: str) -> str:
    """Under a lead-in line that is not indented, an indented line starts a paragraph of its own when
    the line before it closes a clause or is a short heading: a list item whose bullet glyph the
    export lost (' 82% van de ouders ...'). Other indented lines go on the line before (hanging
    indents, a column of text beside dates); so do the lines of an item and of a block indented as a
    whole (a layout export)."""
    blocks = BLOCKS.split(text)
    for b, block in enumerate(blocks):
        if block[:1] in " \t\n" or ITEM_START.match(block):
            continue
        lines = block.split("\n")
        for i in range(1, len(lines)):
            before = lines[i - 1].strip()
            if lines[i][:1] in " \t" and (CLAUSE_END.search(before) or (i == 1 and len(before.split()) <= HEADING_WORDS)):
                lines[i] = "\n" + lines[i]
        blocks[b] = "\n".join(lines)
    return "".join(blocks)
