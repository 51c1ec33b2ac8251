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
])
def test_dutch_notation(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "jongeren van 12 tot 18 jaar",
    "16 uur per week",
    "zie pagina 3 van 12",
    "in 2019 begon het project",
    "de afgelopen twee jaar",
])
def test_not_facts(text):
    assert found(text) == []


def test_past_dates_are_not_deadlines():
    assert found("voor 1 april 2020", doc_date="2023-05-01") == []


def test_number_parsing():
    assert facts.parse_number("1.048.000") == 1048000
    assert facts.parse_number("11,2") == 11.2
    assert facts.parse_number("twaalf") == 12
