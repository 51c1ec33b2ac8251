"""Table cells become facts whose subject joins row label and column header."""
from pipeline.facts.cells import cell_fact, ruled_table_facts
from pipeline.facts.numbers import parse_number
from pipeline.records import Table


def test_indicator_table():
    table = Table(page=4, header=["Indicator", "Nulmeting (2023)", "Ambitie (2026)"],
                  rows=[["Percentage ouders dat zich gehoord voelt", "81 %", "85,5%"],
                        ["Gemiddelde wachttijd (weken)", "16 weken", "12 weken"],
                        ["Aantal uithuisplaatsingen per jaar", "27", "23"],
                        ["Cliënttevredenheid (rapportcijfer)", "6,7", "7,7"]],
                  caption="Tabel 1: Indicatoren")
    facts = ruled_table_facts(table)
    first = facts[0]
    assert (first.kind, first.value, first.unit, first.page) == ("percentage", 81.0, "%", 4)
    assert first.subject == "Percentage ouders dat zich gehoord voelt / Nulmeting (2023)"
    assert [(f.kind, f.value) for f in facts[2:4]] == [("duration", 112.0), ("duration", 84.0)]
    assert [(f.kind, f.value) for f in facts[4:]] == [("count", 27.0), ("count", 23.0)]  # marks are no kind


def test_budget_table_in_thousands_and_percent_columns():
    budget = Table(page=2, header=["Post", "2024", "2025"], rows=[["Jeugdhulp met verblijf", "€ 1.234", "€ 1.300"]],
                   caption="Tabel 3: Begroting jeugd (bedragen x € 1.000)")
    assert [f.value for f in ruled_table_facts(budget)] == [1_234_000.0, 1_300_000.0]
    shares = Table(page=1, header=["Verwijzer", "Aandeel 2022"], rows=[["Huisarts", "45,2"]])
    assert [(f.kind, f.value) for f in ruled_table_facts(shares)] == [("percentage", 45.2)]


def test_cells_that_are_not_figures():
    assert cell_fact("n.v.t.", "") is None
    assert cell_fact("2024", "Jaar") is None
    assert cell_fact("12 km", "") is None
    assert parse_number("1.234.567,8") == 1234567.8
    assert parse_number("1.234") == 1234.0


def test_table_facts_are_plain_fact_records():
    from pipeline.records import Fact, from_json, to_json

    facts = ruled_table_facts(Table(page=1, header=["Post", "2024"], rows=[["Uitvoeringskosten", "€ 300"]]))
    assert [from_json(Fact, to_json(f)) for f in facts] == facts
    assert (facts[0].kind, facts[0].value, facts[0].paragraph) == ("amount_eur", 300.0, -1)


def test_a_duration_cell_is_converted_to_days_as_in_paragraphs():
    from pipeline.facts.cells import cell_fact
    from pipeline.facts.numbers import days
    for cell, unit, expected in (("2 wk", "wk", 14), ("3 maanden", "maanden", 91), ("10 werkdagen", "werkdagen", 14),
                                 ("1,5 jaar", "jaar", 547.5), ("45 dagen", "dagen", 45)):
        assert cell_fact(cell, "") == ("duration", expected, "days"), cell
        assert days(float(cell.split()[0].replace(",", ".")), unit) == expected  # the paragraph facts' conversion
    assert cell_fact("12 uur", "") is None  # a unit a table cell does not carry as a duration
