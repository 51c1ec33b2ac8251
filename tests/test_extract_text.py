"""Text clean-up, language and format sniffing: pure functions, no files."""
import pytest

from pipeline.extract import lang, magic, text


@pytest.mark.parametrize("raw, expected", [
    ("de jeugd-\nhulp in de wijk", "de jeugdhulp\nin de wijk"),          # a compound: joined
    ("kinder-\nmishandeling voorkomen", "kindermishandeling\nvoorkomen"),  # joined word not listed, parts are
    ("jeugd-\nen gezinsteams", "jeugd-\nen gezinsteams"),                # elided compound: kept
    ("Noord-\nHolland en Zeeland", "Noord-Holland\nen Zeeland"),          # a name: hyphen kept, lines joined
    ("een auto-\nongeluk in de wijk", "een auto-\nongeluk in de wijk"),   # a vowel clash keeps its hyphen
    ("zie de jeugd-\nhulp.", "zie de jeugdhulp."),
])
def test_dehyphenation_joins_only_words(raw, expected):
    assert text.dehyphenate(raw) == expected


def test_normalise_ligatures_bullets_and_spaces():
    raw = "\ufb01nanciën en \ufb02exibel\n\uf0b7 eerste punt\n\u25cf tweede punt\n· derde\u00a0punt  \n"
    assert text.normalise(raw) == "financiën en flexibel\n• eerste punt\n• tweede punt\n• derde punt\n"


def test_a_list_item_starts_a_paragraph_as_in_a_pdf():
    raw = ("overwegende dat:\n- de wachttijden oplopen tot\n  twaalf weken;\n- ouders geen zicht hebben;\n"
           "Lasten\n- 250   300\n  1. Weet het college dit?\n  2. Zo ja, sinds wanneer?\n• een punt\n\nslot")
    blocks = text.pages_from_text(raw)[0].text.split("\n\n")
    assert blocks == ["overwegende dat:", "- de wachttijden oplopen tot\n  twaalf weken;",
                      "- ouders geen zicht hebben;\nLasten\n- 250   300",  # a figure after a dash is no item
                      "  1. Weet het college dit?", "  2. Zo ja, sinds wanneer?", "• een punt", "slot"]


def test_an_indented_line_under_a_lead_in_is_an_item_whose_bullet_was_lost():
    raw = ("Uitkomsten\n 80% is tevreden.\n 12% niet,\nvooral ouders.\n\n"
           "constaterende dat:\n  het Rijk geld toezegt, maar dat\n  er een tekort blijft;\n  de reserves slinken;\n\n"
           "13-02-2023  Een nieuwe medewerker pakt de motie op. De komende\n            periode volgt een voorstel.\n\n"
           "- een item dat\n  doorloopt\n\n  een blok dat\n  geheel inspringt")
    blocks = text.pages_from_text(raw)[0].text.split("\n\n")
    assert blocks == ["Uitkomsten", " 80% is tevreden.", " 12% niet,\nvooral ouders.",
                      "constaterende dat:", "  het Rijk geld toezegt, maar dat\n  er een tekort blijft;",
                      "  de reserves slinken;",
                      "13-02-2023  Een nieuwe medewerker pakt de motie op. De komende\n            periode volgt een voorstel.",
                      "- een item dat\n  doorloopt", "  een blok dat\n  geheel inspringt"]


def test_soft_hyphens_and_zero_width_spaces_disappear():
    assert text.normalise("jeugd\u00adhulp\u200b") == "jeugdhulp"


def test_decode_utf8_cp1252_and_utf16():
    assert text.decode_text("Cliënten €".encode()) == "Cliënten €"
    assert text.decode_text("Cliënten €".encode("cp1252")) == "Cliënten €"
    assert text.decode_text("Cliënten".encode("utf-16")) == "Cliënten"


@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.7\n...", "pdf"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html><body>x</body></html>", "html"),
    (b"  <div class='x'><p>Nieuws</p></div>", "html"),
    (b"{\\rtf1\\ansi hallo}", "rtf"),
    ("Gewone tekst met één trema".encode("cp1252"), "text"),
])
def test_sniff_reads_content(data, kind):
    assert magic.sniff(data) == kind


def test_old_binary_word_file_is_named():
    from pipeline.extract.errors import ExtractError

    with pytest.raises(ExtractError, match="OLE2") as info:
        magic.sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert info.value.kind == "unsupported"


def test_extension_that_lies_gives_a_warning():
    assert "holds HTML" in magic.extension_warning("html", "stukken/besluit.pdf")
    assert magic.extension_warning("pdf", "stukken/besluit.pdf") is None
    assert magic.extension_warning("text", "zonder_extensie") is None


def test_language_guess():
    dutch = "De raad van de gemeente heeft in de vergadering besloten dat het college een plan maakt voor " * 3
    english = "The council of the municipality decided in the meeting that the board will make a plan for " * 3
    assert lang.guess_language(dutch)[0] == "nl"
    assert lang.guess_language(english)[0] == "en"
    assert lang.language_warning(dutch) is None
    assert "English" in lang.language_warning(english)
    assert lang.guess_language("te kort")[0] == ""
