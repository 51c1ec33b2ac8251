"""Charts written as SVG: structure, escaping, determinism, sizes and the chart cache across versions."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from pipeline.render import charts, svg

EVIL = "<script>alert(1)</script> & Co"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def new_process():
    charts._CACHE.clear()
    yield
    charts._CACHE.clear()


def shares(rows: list[str], cols: list[str]) -> pd.DataFrame:
    return pd.DataFrame([[(i + j) / (len(rows) + len(cols)) for j in range(len(cols))] for i in range(len(rows))],
                        index=rows, columns=cols)


def a_heatmap(rows=("Ede", "Zwolle"), cols=("Preventie", "Wachttijden en wachtlijsten", "Kosten"), counts=True,
              title="Aandeel per thema"):
    values = shares(list(rows), list(cols))
    numbers = pd.DataFrame(3, index=values.index, columns=values.columns) if counts else None
    return charts.heatmap(values, numbers, title, "Thema", "Gemeente", "% van de alinea's", "Heatmap: aandeel")


def a_timeline(points=None):
    points = points or [("Ede", 2019.3, "motie"), ("Ede", 2021.5, "raadsvoorstel"), ("Zwolle", 2023.1, "motie"),
                        ("Leiden", 2022.9, "schriftelijke_vragen")]
    return charts.timeline(points, {"motie": "Motie", "raadsvoorstel": "Raadsvoorstel",
                                    "schriftelijke_vragen": "Schriftelijke vragen"}, "Tijdlijn", "Jaar", "Gemeente",
                           "Documenten per jaar")


def parsed(chart) -> BeautifulSoup:
    return BeautifulSoup(str(chart), "html.parser")


def texts(chart) -> list[str]:
    return [t.get_text() for t in parsed(chart).select("svg text")]


def view_box(chart) -> tuple[float, float]:
    _, _, width, height = parsed(chart).svg["viewbox"].split()
    return float(width), float(height)


@pytest.mark.parametrize("draw", [a_heatmap, a_timeline, lambda: charts.bars({"Ede": 3, "Zwolle": 4.5}, "Wachttijd",
                                                                             "Wachttijd (dagen)", "Gemeente", "alt")])
def test_every_chart_is_an_accessible_well_formed_figure_that_scales(draw):
    chart = draw()
    root = ET.fromstring(str(chart))  # well-formed XML: nothing in the text broke the structure
    assert root.tag == "figure" and root.get("class") == "chart"
    image = root.find(f"{SVG}svg")
    assert image.get("role") == "img" and image.get("aria-label") == root.find("figcaption").text
    assert image.find(f"{SVG}title").text and image.find(f"{SVG}desc").text == image.get("aria-label")
    assert image.get("viewBox").startswith("0 0 ") and "width:100%" in image.get("style")
    page = parsed(chart)
    assert page.select_one("svg text[font-weight=bold]").get_text() == image.find(f"{SVG}title").text  # visible title
    assert not page.find("script") and "href" not in str(chart).replace("url(#", "")
    assert re.findall(r"https?://[^\"]+", str(chart)) == ["http://www.w3.org/2000/svg"]  # nothing external


def test_all_text_from_documents_is_escaped():
    heat = charts.heatmap(shares([EVIL, "Ede"], ["A & B", '"quoted"']), None, EVIL, EVIL, EVIL, EVIL, EVIL)
    bar = charts.bars({EVIL: 2.0, "Ede": 1.0}, EVIL, "x", "y", EVIL)
    line = charts.timeline([(EVIL, 2020.5, "t")], {"t": EVIL}, EVIL, "Jaar", "Gemeente", EVIL)
    for chart in (heat, bar, line):
        ET.fromstring(str(chart))
        assert "<script>" not in str(chart) and "&lt;script&gt;" in str(chart)
        page = parsed(chart)
        assert page.find("script") is None and EVIL in texts(chart)
        assert page.svg["aria-label"] == EVIL and page.figcaption.get_text() == EVIL
    assert "A & B" in texts(heat) and '"quoted"' in texts(heat)


def test_same_inputs_give_the_same_bytes():
    first = [str(a_heatmap()), str(a_timeline()), str(charts.bars({"Ede": 1.5}, "t", "x", "y", "a"))]
    charts._CACHE.clear()
    assert [str(a_heatmap()), str(a_timeline()), str(charts.bars({"Ede": 1.5}, "t", "x", "y", "a"))] == first


def test_bars_one_bar_per_value_with_its_value_at_the_end():
    values = {"Ede": 120.0, "Zwolle": 84.0, "Leiden": -3.5, "Súdwest-Fryslân": 0.25}
    chart = charts.bars(values, "Wachttijd", "Wachttijd (dagen)", "Gemeente", "alt")
    page = parsed(chart)
    bars = page.select(f'rect[fill="{svg.OKABE_ITO[0]}"]')
    assert len(bars) == len(values)
    assert [float(b["width"]) for b in bars][:2] == sorted([float(b["width"]) for b in bars][:2], reverse=True)
    labels = texts(chart)
    for name, value in values.items():
        assert name in labels and f"{value:g}" in labels
    assert "Wachttijd (dagen)" in labels and "Gemeente" in labels


def test_heatmap_has_one_cell_per_value_with_percentage_count_and_a_contrasting_colour():
    chart = a_heatmap()
    page = parsed(chart)
    cells = [r for r in page.select("rect") if r["fill"].startswith("#")]
    assert len(cells) == 2 * 3
    labels = texts(chart)
    assert "0% (3)" in labels and "60% (3)" in labels  # Ede x Preventie, Zwolle x Kosten (the largest)
    assert all(label in labels for label in ("Ede", "Zwolle", "Preventie", "Kosten", "Thema", "Gemeente"))
    assert "% van de alinea's" in labels  # the colour scale's unit
    darkest = page.find("text", string="0% (3)")
    brightest = page.find("text", string="60% (3)")
    assert darkest["fill"] == "#fff" and brightest.get("fill") == "#000"
    assert cells[0]["fill"] == svg.CIVIDIS[0] and cells[-1]["fill"] == svg.CIVIDIS[-1]
    assert "(" not in "".join(texts(a_heatmap(counts=False)))


def test_heatmap_grows_with_rows_and_columns_and_long_labels_get_room():
    small, tall = a_heatmap(), a_heatmap(rows=[f"Gemeente {i}" for i in range(12)])
    wide = a_heatmap(cols=[f"Thema {i}" for i in range(12)])
    assert view_box(tall)[1] > view_box(small)[1] and view_box(wide)[0] > view_box(small)[0]
    long = "Capelle aan den IJssel en nog een hele lange naam"
    chart = a_heatmap(rows=["Ede", long])
    label = parsed(chart).find("text", string=long)
    assert float(label["x"]) - svg.text_width(long) >= svg.PAD + svg.FONT  # clear of the rotated y label
    first_cell = min(float(r["x"]) for r in parsed(chart).select("rect") if r["fill"].startswith("#"))
    assert first_cell > float(label["x"])


def test_timeline_has_a_legend_entry_per_type_integer_years_and_no_jitter():
    points = [("Ede", 2019.3, "motie"), ("Ede", 2019.3, "motie"), ("Zwolle", 2023.1, "raadsvoorstel"),
              ("Leiden", None, "motie")]
    chart = a_timeline(points)
    page = parsed(chart)
    legend = page.select("g.legend")
    assert len(legend) == 2 and {"Motie", "Raadsvoorstel"} <= set(texts(chart))
    assert len({(g.find(True).name, g["fill"]) for g in legend}) == 2  # a shape and colour per type
    drawn = [g.find_all(True) for g in page.select("g[fill-opacity]")]
    assert sum(len(marks) for marks in drawn) == 3  # the undated document is left off
    assert str(drawn[0][0]) == str(drawn[0][1])  # the same date, the same place
    years = [t for t in texts(chart) if t.isdigit()]
    assert years == [str(y) for y in range(2019, 2025)]
    assert {"Ede", "Zwolle", "Jaar", "Gemeente"} <= set(texts(chart)) and "Leiden" not in texts(chart)


def test_empty_input_gives_no_chart():
    assert charts.heatmap(pd.DataFrame(), None, "t", "x", "y", "u", "a") is None
    assert charts.bars({}, "t", "x", "y", "a") is None
    assert charts.bars({"Ede": float("nan")}, "t", "x", "y", "a") is None
    assert charts.timeline([], {}, "t", "x", "y", "a") is None
    assert charts.timeline([("Ede", None, "motie")], {}, "t", "x", "y", "a") is None


def test_a_chart_of_the_previous_version_is_linked_not_drawn(tmp_path, monkeypatch):
    first, second = tmp_path / "v1" / ".charts", tmp_path / "v2" / ".charts"
    with charts.kept_in(first):
        drawn = a_heatmap()
    files = list(first.iterdir())
    assert len(files) == 1 and files[0].read_text(encoding="utf-8") == str(drawn)
    charts._CACHE.clear()  # a new process

    def fail(*args, **kwargs):
        raise AssertionError("drawn again")

    monkeypatch.setattr(svg, "figure", fail)
    with charts.kept_in(second, first):
        assert a_heatmap() == drawn
        with pytest.raises(AssertionError, match="drawn again"):
            a_heatmap(title="Another title")  # not in the previous version: drawn
    assert (second / files[0].name).stat().st_ino == files[0].stat().st_ino


def test_no_label_sticks_out_of_the_chart():
    long = "Een heel lange omschrijving van de as die breder is dan het hele raster"
    town = "Capelle aan den IJssel en Krimpen aan den IJssel"
    drawn = [a_heatmap(rows=["Ede", town], cols=["X"], title=long), a_heatmap(rows=["Ede"], cols=[long, "Y"]),
             charts.bars({town: -1250000.5, "Ede": 3}, long, long, "Gemeente", "a"),
             charts.timeline([(town, 2020.5, "m"), ("Ede", 2021.2, "v")], {"m": long}, "t", long, "y", "a"),
             charts.heatmap(shares(["Ede"], ["X"]), None, "t", long, "Jaar", "%", "a"),
             charts.bars({"Ede": 3}, "t", long, "y", "a"), charts.timeline([("Ede", 2020.5, "m")], {}, "t", long, "y", "a")]
    for chart in drawn:
        width = view_box(chart)[0]
        for label in parsed(chart).select("svg text"):
            if label.get("transform"):
                continue  # rotated: the margins above are checked for these in the tests before
            size = float(label.get("font-size", svg.FONT))
            extent = svg.text_width(label.get_text(), size) * (1.1 if label.get("font-weight") else 1)
            start = float(label["x"]) - {"start": 0, "middle": extent / 2, "end": extent}[label.get("text-anchor",
                                                                                                "start")]
            assert 0 <= start and start + extent <= width, label.get_text()
