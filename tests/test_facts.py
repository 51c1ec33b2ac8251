import pytest

from pipeline import facts


def found(text: str, doc_date: str | None = "2024-01-01"):
    return [(h.kind, h.value) for h in facts.find_facts(text, doc_date)]


@pytest.mark.parametrize("text, expected", [
    ("13% van de kinderen", [("percentage", 13)]),
    ("15 procent van het budget", [("percentage", 15)]),
    ("12,5% van de jeugd", [("percentage", 12.5)]),
    ("één op de vijf jongeren", [("percentage", 20)]),
    ("1 op de 8 kinderen", [("percentage", 12.5)]),
    ("ruim de helft van de ouders", [("percentage", 50)]),
    ("€ 1.048.000,- per jaar", [("amount_eur", 1048000)]),
    ("kosten op jaarbasis 11,2 miljoen euro", [("amount_eur", 11200000)]),
    ("een tekort van 2,3 mln", [("amount_eur", 2300000)]),
    ("25.000 euro per jaar", [("amount_eur", 25000)]),
    ("drie ton voor preventie", [("amount_eur", 300000)]),
    ("gemiddeld 29 dagen wachten", [("duration", 29)]),
    ("binnen zes weken", [("duration", 42)]),
    ("binnen 5 werkdagen", [("duration", 7)]),
    ("drie maanden", [("duration", 91)]),
    ("binnen 24 uur", [("duration", 1)]),
    ("736 cliënten", [("count", 736)]),
    ("90 ouders stuurden de vragenlijst terug", [("count", 90)]),
    ("2,5 fte", [("count", 2.5)]),
    ("uiterlijk in het derde kwartaal van 2026", [("date_deadline", "2026-09-30")]),
    ("vóór 1 juli 2025", [("date_deadline", "2025-07-01")]),
    ("uiterlijk eind 2025", [("date_deadline", "2025-12-31")]),
    ("ruim vier van de vijf ouders is tevreden", [("percentage", 80)]),
    ("een kwart van de verwijzingen", [("percentage", 25)]),
    ("bijna driekwart van de gemeenten", [("percentage", 75)]),
    ("zeventig procent van het budget", [("percentage", 70)]),
    ("15-20% van de jongeren", [("percentage", 20)]),
    ("een tekort van 1,6 miljard", [("amount_eur", 1.6e9)]),
    ("een half miljoen extra", [("amount_eur", 500000)]),
    ("€ 450.000,- voor jongerenwerk", [("amount_eur", 450000)]),
    ("tussen de 2,5 ton en 6,9 ton", [("amount_eur", 250000), ("amount_eur", 690000)]),
    ("twaalf maanden", [("duration", 365)]),
    ("zes tot negen weken wachten", [("duration", 63)]),
    ("de eerste 1000 dagen van een kind", [("duration", 1000)]),
    ("tweehonderd aanbieders", [("count", 200)]),
    ("dertien zorgverleners", [("count", 13)]),
    ("21 van de 34 huisartsenpraktijken", [("count", 21), ("count", 34)]),
    ("het aantal daalde van 402 naar 386.", [("count", 402), ("count", 386)]),
    ("steeg van 212 in 2017 naar 268", [("count", 212), ("count", 268)]),
    ("loopt tot en met 2026", [("date_deadline", "2026-12-31")]),
    ("€ 3 à 4 miljoen", [("amount_eur", 3e6), ("amount_eur", 4e6)]),
    ("van € 2,1 naar € 2,5 miljoen", [("amount_eur", 2.1e6), ("amount_eur", 2.5e6)]),
    ("de kosten stijgen van 34.000 naar 61.000 euro", [("amount_eur", 34000), ("amount_eur", 61000)]),
    ("de doorlooptijd daalde van 14 naar 11 maanden", [("duration", 426), ("duration", 335)]),
    ("uiterlijk in oktober 2024", [("date_deadline", "2024-10-31")]),
    ("per 1 januari 2026", [("date_deadline", "2026-01-01")]),
    ("we leveren in het derde kwartaal van 2026 op", [("date_deadline", "2026-09-30")]),  # a quarter needs no cue
    ("start in het 1e kwartaal 2027", [("date_deadline", "2027-03-31")]),
    ("uiterlijk in het 2de kwartaal van 2025", [("date_deadline", "2025-06-30")]),
    ("gereed in Q4 2024", [("date_deadline", "2024-12-31")]),
])
def test_dutch_notation(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "jongeren van 12 tot 18 jaar",
    "16 uur per week",
    "zie pagina 3 van 12",
    "in 2019 begon het project",
    "de afgelopen twee jaar",
    "Pagina 2 van 3",
    "Rekenkamer Zwolle – Preventie in het jeugddomein   7",
    "Programmabegroting 2018 | Apeldoorn | 112",
    "artikel 40 van het Reglement van orde",
    "Zo ja, waarom? 3. Hoeveel kost dat?",
    "bel 06-12345678 of schrijf naar Postbus 9000, 1234 AB",
    "zaaknummer 451208",
    "aangenomen met 27 stemmen voor en 10 tegen",
    "in vier koerslijnen en 18 acties",
    "voor 2018 is het budget verhoogd",
    "twee keer per jaar rapporteren",
    "een rapportcijfer van 7,4",
    "gemeenten met 25.000 tot 50.000 inwoners",
    "jongeren van 12 tot en met 17 jaar",
    "de groep lijdt al twee jaar verlies",
    "in de eerste helft van 2019",
    "(bedragen x € 1.000)",
    "het 12-puntenplan jeugd",
    "Conclusies ........ 3",
    "2",
    "Rekenkamer Oost | Onderzoek naar de inkoop van specialistische\njeugdhulp 5",
    "2016 Midden-Drenthe 25.000 - 50.000 inwoners Verwijzingen naar Halt",
])
def test_not_facts(text):
    assert found(text) == []


def test_past_dates_are_not_deadlines():
    assert found("voor 1 april 2020", doc_date="2023-05-01") == []
    assert found("in het tweede kwartaal van 2022 kwamen er meer aanmeldingen", doc_date="2023-05-01") == []


def test_number_parsing():
    assert facts.parse_number("1.048.000") == 1048000
    assert facts.parse_number("11,2") == 11.2
    assert facts.parse_number("twaalf") == 12


def table(text: str, context: str = ""):
    hits, rest = facts.flattened_table_facts(text, context)
    return [(h.kind, h.value) for h in hits], rest


def test_spaced_table_in_thousands_of_euros():
    text = ("(bedragen x € 1.000)      Rekening 2024   Begroting 2025\n"
            "Preventie en sociale basis jeugd          6.950           7.410\n"
            "Onderdeel              2021      2022")
    hits, rest = table(text)
    assert hits == [("amount_eur", 6950000), ("amount_eur", 7410000)]
    assert "6.950" not in rest


def test_caption_in_the_previous_paragraph_and_glued_cells_with_signs():
    hits, _ = table("Lasten51.36954.27753.694582V\nBaten-7.262-9.694-9.72834V", context="bedragen * € 1.000")
    assert hits == [("amount_eur", v * 1000) for v in (51369, 54277, 53694, 582, -7262, -9694, -9728, 34)]


def test_budget_rows_in_full_euros_and_percentage_rows():
    assert table("Totaal lasten (4)    11.512.450        7.794.187   V")[0] == [("amount_eur", 11512450),
                                                                           ("amount_eur", 7794187)]
    assert table("% jeugdhulp via huisarts                  41      48")[0] == [("percentage", 41), ("percentage", 48)]
    assert table("Kinderen in armoedeAandeel kinderen in een huishouden met bijstand.2,11,9")[0] == [
        ("percentage", 2.1), ("percentage", 1.9)]


def test_count_rows_skip_the_year_column_and_rates_are_no_facts():
    assert table("2016             712                 389")[0] == [("count", 712), ("count", 389)]
    assert table("Hardekernjongeren per 10.000 inw.    2014    1,6 (1,6)\nVerwijzingen    12    14")[0] == []


def test_run_lists_a_repeated_figure_once_and_sets_indicators():
    from pipeline.config import FactsConfig
    from pipeline.records import Paragraph, Segmented, Themed

    paragraphs = [Paragraph(0, "De gemiddelde wachttijd is 12 weken.", 1),
                  Paragraph(1, "Wij willen de wachttijd van 12 weken halveren. 41% van de verwijzingen komt via de huisarts.",
                            2)]
    seg = Segmented(paragraphs=paragraphs, doc_type="motie", municipality=None, date=None, title="")
    result = facts.run(seg, Themed(paragraph_tags=[[], []], doc_themes=[]), FactsConfig())
    assert [(f.kind, f.value, f.page, f.indicator) for f in result.facts] == [
        ("duration", 84, 1, "waiting_time"), ("percentage", 41, 2, "referral_share_gp")]


@pytest.mark.parametrize("kind, context, expected", [
    ("percentage", "12,6% van de jongeren krijgt jeugdhulp", "youth_care_share"),
    ("percentage", "het aandeel preventie in het jeugdbudget", "prevention_budget_share"),
    ("percentage", "85% van de ouders is tevreden over de hulp", "client_satisfaction"),
    ("amount_eur", "het tekort op de jeugdzorg", "youth_care_deficit"),
    ("amount_eur", "de kosten van specialistische jeugdhulp", "youth_care_costs"),
    ("count", "90 ouders stuurden de vragenlijst terug", None),
    ("percentage", "Aandeel jongeren met meer dan één voorziening / 2023 Indicatoren jeugdhulp", None),
])
def test_indicator_vocabulary(kind, context, expected):
    assert facts.indicator_of(kind, context) == expected


def test_plain_numbers_under_a_thousands_caption_are_euros():
    text = "Lasten: Begroting 2021 104.820 | Realisatie 2021 109.415 | Verschil -4.595"
    assert [(h.kind, h.value) for h in facts.find_facts(text, thousands=True)] == [
        ("amount_eur", 104820000), ("amount_eur", 109415000), ("amount_eur", -4595000)]


def test_question_numbers_are_no_counts():
    assert found("Vraag 1 Hoeveel jongeren wachten? Antwoord 2 Er zijn geen wachtenden.") == []


def test_ruled_table_cells_become_facts_with_page_themes_and_indicators():
    from pipeline.config import FactsConfig
    from pipeline.records import Paragraph, Segmented, Table, Themed, ThemeTag

    paragraphs = [Paragraph(0, "Verwijzingen naar jeugdhulp in het afgelopen jaar.", 3),
                  Paragraph(1, "Een andere pagina.", 4)]
    seg = Segmented(paragraphs=paragraphs, doc_type="raadsinformatiebrief", municipality=None, date=None, title="")
    themed = Themed(paragraph_tags=[[ThemeTag("verwijzers", 0.9, [])], []], doc_themes=[])
    table = Table(page=3, header=["Verwijzer", "Aandeel 2024"],
                  rows=[["Huisarts", "41%"], ["Wijkteam", "33 %"], ["Totaal", "n.v.t."]])
    result = facts.run(seg, themed, FactsConfig(), tables=[table])
    assert [(f.kind, f.value, f.subject, f.page, f.paragraph, f.themes, f.indicator) for f in result.facts] == [
        ("percentage", 41, "Huisarts / Aandeel 2024", 3, -1, ["verwijzers"], "referral_share_gp"),
        ("percentage", 33, "Wijkteam / Aandeel 2024", 3, -1, ["verwijzers"], "referral_share_local_team")]


def test_cells_with_their_own_unit_keep_it_in_a_spaced_row():
    text = ("Soort jeugdhulp                 Wachtenden   Gem. wachttijd   Boven norm\n"
            "Specialistische jeugd-ggz             134         17 weken         46%\n"
            "Jeugdhulp met verblijf                 19          9 weken          –")
    assert table(text)[0] == [("count", 134), ("duration", 119), ("percentage", 46), ("count", 19), ("duration", 63)]


def test_table_rows_reflowed_into_running_text():
    # the same rows when a producer wrapped the table text as a paragraph: single spaces, breaks anywhere
    hits, rest = table("Soort jeugdhulp Wachtenden Gem. wachttijd Boven norm Specialistische jeugd-ggz 134 17 weken\n"
                       "46% Ambulante gezinsbegeleiding 58 5 weken 9% (norm: maximaal 4 weken tot intake)")
    assert hits == [("count", 134), ("duration", 119), ("percentage", 46), ("count", 58), ("duration", 35),
                    ("percentage", 9)]
    assert "134" not in rest and "4 weken" in rest  # the prose reader still reads the note
    glued = table("Bedragen x € 1.000Begroting 2023Begroting 2024 Opvoedondersteuning en\n"
                  "preventie1.8451.990 Gezinsteams en lokale jeugdhulp4.2104.395")[0]
    assert glued == [("amount_eur", v * 1000) for v in (1845, 1990, 4210, 4395)]
    spaced = table("Indicator 2019 2022 % jeugdigen met jeugdhulp 12,1 13,4 % jeugdhulp via\n"
                   "huisarts 41 48 Aantal deelnemers opvoedcursussen 310 420")[0]
    assert spaced == [("percentage", 12.1), ("percentage", 13.4), ("percentage", 41), ("percentage", 48),
                      ("count", 310), ("count", 420)]
    balance = table("Totaal lasten (4) 11.512.450 7.794.187 V\n7.078.113 Saldo -11.512.450 -7.794.187")[0]
    assert balance == [("amount_eur", v) for v in (11512450, 7794187, 7078113, -11512450, -7794187)]


def test_a_glued_row_whose_label_wraps_from_the_line_above():
    hits = table("Jongeren met jeugdhulpAandeel jongeren tot 18 jaar.8,68,3 Jongeren met jeugdreclasseringAandeel\n"
                 "jongeren van 12-22 jaar met een maatregel, als percentage van alle jongeren\nvan 12-22 jaar.0,40,3")[0]
    assert ("percentage", 0.4) in hits and ("percentage", 0.3) in hits


def test_reflowed_rows_with_last_years_figure_and_a_unit_column():
    text = ("Jongeren met delict voor rechter % 2015 Midden-Drenthe 0,93 (1,9) 2015 25.000 - 50.000\n"
            "inwoners 1,07 (1,83) Aandeel jongeren dat voor de rechter stond.")
    assert table(text)[0] == [("percentage", 0.93), ("percentage", 1.9), ("percentage", 1.07), ("percentage", 1.83)]
    assert table("Relatief verzuim per 1.000 leerlingen 2016 Drenthe 17 (35) 2016 inwoners 22,32 (48)")[0] == []


def test_figures_in_prose_and_a_table_of_contents_are_not_reflowed_rows():
    assert table("Het aantal steeg van 248 in 2023 naar 212 in 2024, en 12 van de 20 scholen doen mee.")[0] == []
    assert table("Samenvatting ... 3 Conclusies ... 5 1 Kostenstijging ... 5 2 Maatregelen ... 8 3 Inkoop ... 11")[0] == []


def test_running_lines_and_headings_give_no_counts():
    texts = ["Rekenkamer Deventer – Grip op jeugdhulp 3", "Er zijn 3 kinderen.", "Rekenkamer Deventer – Grip op jeugdhulp 4",
             "5-3-2024 3", "5-3-2024 4", "In 2023 waren er 12", "Er zijn 40 gezinnen bereikt met 12"]
    assert facts.running_lines(texts) == {0, 2, 3, 4}
    narrow = ["Rekenkamer Deventer –\nGrip op jeugdhulp 3", "Er zijn 3 kinderen.", "Rekenkamer Deventer –\nGrip op jeugdhulp 4"]
    assert facts.running_lines(narrow) == {0, 2}  # a footer wrapped in a narrow column
    assert found("2 Beheersmaatregelen 2018-2020\nDe besparingen waren groot.") == []
    assert found("Jaarstukken 2018 87") == []
    assert found("In 2024 wachten er nu 87") == [("count", 87)]


def test_a_contract_term_in_a_cell_of_its_own_is_a_duration():
    text = ("Perceel                                 Inschrijvers   Gegund   Looptijd\n"
            "Jeugd-ggz                               29      9     6 jaar\n"
            "Verblijf                                18      8     6 jaar\n"
            "Dyslexie                                 9      4     4 jaar")
    # the same term down the column is one contract term, listed once
    assert table(text)[0] == [("count", 29), ("count", 9), ("duration", 2190), ("count", 18), ("count", 8),
                              ("count", 9), ("count", 4), ("duration", 1460)]
    assert table("Kinderen van 0 tot 4 jaar        412       380")[0] == [("count", 412), ("count", 380)]
