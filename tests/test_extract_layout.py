"""Reading order, paragraphs and running headers from positioned lines (no PDF needed)."""
from pipeline.extract.layout import (
    Line,
    continues,
    page_text,
    paragraphs,
    reading_order,
    running_keys,
    split_running,
)

W, H = 595.0, 842.0


def column(x0: float, x1: float, top: float, texts: list[str], pitch: float = 13.0, size: float = 10.0) -> list[Line]:
    return [Line(x0, top + i * pitch, x1, top + i * pitch + size, t) for i, t in enumerate(texts)]


def test_paragraphs_split_on_larger_pitch_bullets_and_font_size():
    lines = (column(60, 535, 100, ["Kop van het stuk"], size=14)
             + column(60, 535, 125, ["Eerste alinea regel een", "loopt door op regel twee."])
             + column(60, 535, 160, ["Tweede alinea na een witregel."])
             + column(60, 535, 176, ["• een opsomming", "• nog een punt"]))
    assert paragraphs(lines) == ["Kop van het stuk", "Eerste alinea regel een\nloopt door op regel twee.",
                                 "Tweede alinea na een witregel.", "• een opsomming", "• nog een punt"]


def test_two_columns_are_read_left_then_right():
    title = [Line(60, 60, 535, 74, "Een titel over de hele breedte van de pagina")]
    left = column(60, 290, 100, [f"links regel {i} met tekst die de kolom vult" for i in range(8)])
    right = column(310, 535, 100, [f"rechts regel {i} met tekst die de kolom vult" for i in range(8)])
    runs = reading_order(title + right + left, W)
    assert [run[0].text for run in runs] == [title[0].text, left[0].text, right[0].text]
    text = page_text(title + left + right, W)
    assert text.index("links regel 7") < text.index("rechts regel 0")


def test_a_short_right_column_on_a_last_page_is_read_after_the_left():
    left = column(60, 290, 100, [f"links regel {i} met tekst die de kolom vult" for i in range(10)])
    right = column(310, 535, 100, ["Het slot van de tekst staat rechts bovenaan,", "in twee regels proza."])
    text = page_text(left + right, W)
    assert text.index("links regel 9") < text.index("Het slot") < text.index("in twee regels")
    assert "links regel 0 met tekst die de kolom vult\nHet slot" not in text


def test_a_figure_beside_a_column_is_not_a_second_column():
    left = column(60, 290, 100, [f"links regel {i} met tekst die de kolom vult" for i in range(10)])
    figure = column(480, 535, 100, ["81%", "€ 2,4 mln"])
    assert len(reading_order(left + figure, W)) == 1


def test_a_one_page_running_title_the_body_wraps_over_two_lines_leaves_the_text():
    header = Line(350, 30, 535, 40, "Motie: Binnen twee weken een eerste gesprek")
    heading = column(60, 290, 80, ["Motie: Binnen twee weken een", "eerste gesprek"], size=12, pitch=15)
    body = column(60, 290, 120, [f"regel {i} van de lopende tekst in de kolom" for i in range(8)])
    keys = running_keys([[header, *heading, *body]], [H])
    kept, running = split_running([header, *heading, *body], H, keys[0])
    assert running == [header.text] and header not in kept and heading[0] in kept


def test_a_table_of_labels_and_figures_is_not_two_columns():
    labels = column(60, 200, 100, [f"Indicator {i}" for i in range(8)])
    figures = column(480, 535, 100, [f"{i},5%" for i in range(8)])
    assert len(reading_order(labels + figures, W)) == 1


def test_paragraph_running_into_the_next_column_is_one_paragraph():
    left = column(60, 290, 100, ["Eerste alinea die niet af is"] * 7 + ["en verder gaat in de"])
    right = column(310, 535, 100, ["volgende kolom tot hier.", "Nieuwe zin."] + ["Vulregel met tekst."] * 6, pitch=13)
    text = page_text(left + right, W)
    assert "verder gaat in de\nvolgende kolom tot hier." in text


def page(number: int, body: str) -> list[Line]:
    return [Line(60, 30, 300, 40, "Gemeente Lindenburg | Raadsvoorstel"),
            Line(60, 100, 535, 110, body),
            Line(400, 805, 535, 815, f"pagina {number} van 3")]


def test_running_headers_and_page_numbers_leave_the_text():
    pages = [page(n, f"Tekst van pagina {n}.") for n in (1, 2, 3)]
    keys = running_keys(pages, [H] * 3)
    body, running = split_running(pages[1], H, keys[1])
    assert [ln.text for ln in body] == ["Tekst van pagina 2."]
    assert running == ["Gemeente Lindenburg | Raadsvoorstel", "pagina 2 van 3"]


def test_a_repeated_heading_inside_the_body_stays():
    pages = [[Line(60, 300, 535, 310, "Vraag 1"), Line(60, 330, 535, 340, "Tekst.")],
             [Line(60, 300, 535, 310, "Vraag 1"), Line(60, 330, 535, 340, "Tekst.")]]
    keys = running_keys(pages, [H, H])
    assert split_running(pages[0], H, keys[0])[1] == []


def test_ocr_misreadings_of_bullets_and_millions():
    from pipeline.extract.ocr import fix_reading

    assert fix_reading("e in 2018 ging 46% naar de huisarts") == "• in 2018 ging 46% naar de huisarts"
    assert fix_reading("* een POH jeugd") == "• een POH jeugd"
    assert fix_reading("Uitgaven 2023: € 51,8 min (begroot: € 47,0 min)") == "Uitgaven 2023: € 51,8 mln (begroot: € 47,0 mln)"
    assert fix_reading("een gesprek van 30 min met de ouders") == "een gesprek van 30 min met de ouders"
    assert fix_reading("en dan verder") == "en dan verder"
    assert fix_reading("711.913 V-7.078.113 -7.079.493") == "711.913 V -7.078.113 -7.079.493"
    assert fix_reading("een V-snaar en N-33") == "een V-snaar en N-33"


def test_sentence_broken_by_a_paragraph_gap_is_one_paragraph():
    # a list item whose continuation was set apart (an indent or spacing of the producer)
    lines = (column(60, 535, 100, ["1. Weet het college dat gemeenten door hun budget heen raken of al"])
             + column(60, 535, 125, ["zijn, en dat de wachtlijsten groeien?"])
             + column(60, 535, 150, ["2. Speelt dit ook hier?"])
             + column(60, 535, 175, ["Een kop zonder punt"])
             + column(60, 535, 200, ["Nieuwe alinea met een hoofdletter."])
             + column(60, 535, 225, ["a) een punt dat met een kleine letter begint"]))
    assert page_text(lines, W).split("\n\n") == [
        "1. Weet het college dat gemeenten door hun budget heen raken of al\nzijn, en dat de wachtlijsten groeien?",
        "2. Speelt dit ook hier?", "Een kop zonder punt", "Nieuwe alinea met een hoofdletter.",
        "a) een punt dat met een kleine letter begint"]


def test_a_line_left_of_the_open_items_bullet_starts_a_paragraph():
    # a heading set at the margin right under an indented bullet, at the items' own spacing
    lines = (column(64, 400, 100, ["• Tevredenheid cliënten: 79% (onderzoek 2018)"])
             + column(60, 200, 116.5, ["Wat kan beter?"])
             + column(64, 535, 133, ["• Wachttijden specialistische hulp: gemiddeld elf weken, en dat is",
                                     "langer dan de norm"]))
    assert paragraphs(lines) == ["• Tevredenheid cliënten: 79% (onderzoek 2018)", "Wat kan beter?",
                                 "• Wachttijden specialistische hulp: gemiddeld elf weken, en dat is\nlanger dan de norm"]


def test_a_block_ending_mid_sentence_runs_on_into_the_next():
    # text a producer set apart in blocks mid-sentence (hard-wrapped source lines, an indent)
    blocks = ["1. Wilt u de vragenlijst van de", "NOS alsnog invullen, zodat wij kunnen ver-",
              "gelijken met andere gemeenten?", "5. Neemt het college maatregelen om de vraag te dringen,",
              "bijvoorbeeld door preventie?", "2. deze boodschap uit te dragen in het overleg,",
              "en gaat over tot de orde van de dag.", "Financiering van de", "Regio"]
    lines = [ln for i, b in enumerate(blocks) for ln in column(60, 535, 100 + 25 * i, [b])]
    assert page_text(lines, W).split("\n\n") == [
        "1. Wilt u de vragenlijst van de\nNOS alsnog invullen, zodat wij kunnen ver-\ngelijken met andere gemeenten?",
        "5. Neemt het college maatregelen om de vraag te dringen,\nbijvoorbeeld door preventie?",
        "2. deze boodschap uit te dragen in het overleg,", "en gaat over tot de orde van de dag.",
        "Financiering van de\nRegio"]
    assert not continues("Wat gaan we doen", "Wij starten in mei.")
    assert not continues("Programma 4 Jeugd, onderwijs en sport", "bedragen x € 1.000")
    assert not continues("De raad van de gemeente Lindenburg, in vergadering bijeen op 3 mei 2024,", "gelezen het voorstel")
    assert continues("Uit de gesprekken blijkt draagvlak voor een jongerenraad, vergelijkbaar met", "de participatieraad.")
    assert not continues("constaterende dat", "• de wachtlijsten groeien;")
    # running text broken off after a number or inside a bracket goes on; a short label does not
    assert continues("Bij jongens ging het vooral om kinderen op de basisschool (4 tot 12", "jaar), bij meisjes om tieners.")
    assert continues("De kosten van de specialistische jeugdhulp stegen in 2023 tot € 1,2", "miljoen per maand.")
    assert not continues("Aantal jeugdigen 2023", "bron: CBS")


def test_ocr_reads_min_after_a_decimal_figure_as_mln():
    from pipeline.extract.ocr import fix_reading

    assert fix_reading("een besparing van 2,3 min opleveren") == "een besparing van 2,3 mln opleveren"
    assert fix_reading("een bedrag van 4,8 min.") == "een bedrag van 4,8 mln."
    assert fix_reading("wachten 15 min op de bus") == "wachten 15 min op de bus"


def test_an_ocr_heading_tesseract_sets_apart_is_a_paragraph_of_its_own():
    """OCR lines all get one height, so the font-size rule cannot see a heading; Tesseract's paragraphs can."""
    from pipeline.extract.ocr import lines_from_words

    rows = [(1, 1, 1, 300, "Aanleiding"), (2, 1, 1, 350, "De huidige contracten lopen af op 31 december."),
            (2, 1, 2, 400, "De gemeenten kopen deze hulp sinds 2015 samen in."),
            (3, 1, 1, 450, "Een tweede alinea volgt zonder extra witruimte. Totaal lasten 11.512.450"),
            (4, 1, 1, 500, "7.078.113 7.078.840 7.079.493")]
    data = {"text": [], "conf": [], "block_num": [], "par_num": [], "line_num": [], "left": [], "top": [],
            "width": [], "height": []}
    for block, par, line, top, text in rows:
        left = 250
        for word in text.split():
            for key, value in (("text", word), ("conf", 90), ("block_num", block), ("par_num", par),
                               ("line_num", line), ("left", left), ("top", top), ("width", 30 * len(word)),
                               ("height", 40)):
                data[key].append(value)
            left += 30 * len(word) + 20
    lines = lines_from_words(data, 300 / 72)
    assert paragraphs(lines) == ["Aanleiding", "De huidige contracten lopen af op 31 december.\n"
                                 "De gemeenten kopen deze hulp sinds 2015 samen in.",
                                 "Een tweede alinea volgt zonder extra witruimte. Totaal lasten 11.512.450\n"
                                 "7.078.113 7.078.840 7.079.493"]  # a row the OCR engine cut in two
