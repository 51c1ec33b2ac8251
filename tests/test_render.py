"""The report: pages, citations, charts, languages, determinism, the thematic report and its exports."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from render_fixture import record, sample_records, sample_tables

from pipeline import aggregate, render
from pipeline.config import RenderConfig
from pipeline.themes import load_taxonomy

GENERATED = re.compile(r"(Gegenereerd|Generated) \d{4}-\d\d-\d\d \d\d:\d\d UTC")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    render.render_site(folder, sample_tables(folder), RenderConfig(), run=[])
    return folder


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_page_is_written(site):
    for theme in load_taxonomy():
        assert (site / "themes" / f"{theme.id}.html").exists()
    for name in ("zwolle", "ede", "leiden", "onbekend"):
        assert (site / "municipalities" / f"{name}.html").exists(), name
    for rec in sample_records():
        assert (site / "documents" / f"{rec['id']}.html").exists()
    for name in ("index.html", "search.html", "app.js", "style.css"):
        assert (site / name).exists()


def test_overview_shows_coverage_failures_ocr_heatmap_and_first_run(site):
    page = soup(site / "index.html")
    text = page.get_text(" ")
    assert "broken.pdf" in text and "cannot open the PDF" in text
    assert "scan.pdf" in text and "needs OCR" in text
    heatmap = page.select_one("figure.chart svg")
    assert heatmap is not None and heatmap["role"] == "img" and "Heatmap" in heatmap["aria-label"]
    assert "eerste run" in page.select_one("#changes").find_next("p").get_text()
    rows = {tr.th.get_text(strip=True): tr for tr in page.select("table.matrix tbody tr")}
    ede = [td.get_text(" ", strip=True) for td in rows["Ede"].find_all("td")]
    assert ede[0] == "50% (2)"  # preventie: 2 of Ede's 4 paragraphs, in 2 documents


def test_theme_page_puts_municipalities_side_by_side_with_a_citation_for_every_value(site):
    page = soup(site / "themes" / "wachttijden.html")
    table = page.select_one("table.sidebyside")
    header = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert header[1:] == ["Ede", "Zwolle"]
    first = table.tbody.find("tr")
    assert first.th.get_text(strip=True) == "Gemiddelde wachttijd"  # indicator rows come before kinds
    cells = [td.get_text(" ", strip=True) for td in first.find_all("td")]
    assert cells[0].startswith("120 dagen 2022") and cells[1].startswith("84 dagen 2023")
    values = page.select("div.val")
    assert values and all(v.select_one("a.cite")["href"].startswith("../documents/") for v in values)
    for link in page.select("a.cite"):
        doc, _, anchor = link["href"].partition("#")
        target = soup(site / "themes" / doc)
        assert anchor == "" or target.find(id=anchor) is not None, link["href"]
    assert page.find(string=re.compile("Aantallen"))  # a fact without indicator falls back to its kind
    chart = [f for f in page.select("figure.chart") if "Gemiddelde wachttijd" in f.get_text()]
    assert chart and "Ede 120 dagen" in chart[0].figcaption.get_text()


def test_theme_page_counts_per_municipality_and_links_to_its_page_per_municipality(site):
    page = soup(site / "themes" / "preventie.html")
    assert page.select_one("p.lead").get_text() == {th.id: th for th in load_taxonomy()}["preventie"].description
    rows = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in page.select("table.theme-summary tbody tr")}
    assert list(rows) == ["Ede", "Leiden", "Zwolle"]
    # documents, paragraphs, share, motions, questions, figures, newest
    assert rows["Zwolle"][:6] == ["1", "2", "67%", "1", "0", "1"] and rows["Ede"][4] == "1"
    for link in page.select("table.theme-summary a, #tijdlijn ~ table a"):
        assert (site / "themes" / link["href"]).exists(), link["href"]
    assert [q.h3.get_text() for q in page.select("section.quotes-of")] == ["Ede", "Leiden", "Zwolle"]
    assert len(page.select("ul.quotes li")) == 3  # the overview keeps one quote per municipality
    assert page.select_one("ul.motions") is None and page.select_one("ol.qa") is None  # those are one level down


def test_theme_page_of_a_municipality_lists_its_motions_questions_quotes_and_timeline(site):
    zwolle = soup(site / "themes" / "preventie" / "zwolle.html")
    motion = zwolle.select_one("ul.motions > li")
    assert "Zwolle" in motion.get_text() and "aangenomen (27-10)" in motion.get_text()
    assert [li.get_text() for li in motion.select("ol.dictum li")][0].startswith("een plan voor preventie")
    assert zwolle.select_one("#tijdlijn").find_next("figure").select_one("svg") is not None
    assert {td.get_text(strip=True) for td in zwolle.select("#tijdlijn ~ table tbody tr td:first-child")} == {"Zwolle"}
    ede = soup(site / "themes" / "preventie" / "ede.html")
    qa = ede.select("ol.qa > li")
    assert "85 kinderen" in qa[0].get_text() and "nog niet beantwoord" in qa[1].get_text()
    assert [q.h3.get_text() for q in ede.select("section.quotes-of")] == ["Ede"]
    for link in ede.select("a[href]"):
        href = link["href"].partition("#")[0]
        if href and not href.startswith(("http", "mailto")):
            assert (site / "themes" / "preventie" / href).resolve().exists(), link["href"]
    assert not (site / "themes" / "preventie" / "onbekend.html").exists()  # nothing of it on the theme


def test_document_page_highlights_themes_with_evidence(site):
    rec = sample_records()[0]
    page = soup(site / "documents" / f"{rec['id']}.html")
    tagged = page.select("section.par.tagged")
    assert len(tagged) == 3 and "bewijs: preventie" in tagged[0].get_text()
    assert "aangenomen (27-10)" in page.get_text() and "heading MOTIE" in page.get_text()
    broken = soup(site / "documents" / f"{sample_records()[4]['id']}.html")
    assert "cannot open the PDF" in broken.select_one("p.error").get_text()


def test_search_index_is_a_script_per_municipality_with_every_paragraph(site):
    parts = sorted((site / "search").glob("*.js"))
    assert [p.stem for p in parts] == sorted(p.stem for p in (site / "municipalities").glob("*.html"))
    page = soup(site / "search.html")
    assert sorted(s["src"] for s in page.select("script[src^='search/']")) == [f"search/{p.name}" for p in parts]
    texts = [p.read_text(encoding="utf-8") for p in parts]
    assert all(t.startswith("(window.RAADSLENS_INDEX = window.RAADSLENS_INDEX || []).push([") for t in texts)
    assert sum(t.count('"u":') for t in texts) == sum(len(r["paragraphs"]) for r in sample_records())
    zwolle = (site / "search" / "zwolle.js").read_text(encoding="utf-8")
    assert '"m":"Zwolle"' in zwolle and '"m":"Ede"' not in zwolle
    assert not any("<" in t for t in texts)


def test_english_labels_and_unknown_language(tmp_path):
    render.render_site(tmp_path, sample_tables(tmp_path), RenderConfig(language="en"), run=[])
    page = soup(tmp_path / "index.html")
    assert page.html["lang"] == "en" and page.h1.get_text() == "Overview"
    theme = soup(tmp_path / "themes" / "wachttijden.html")
    assert "Average waiting time" in theme.get_text()
    taxonomy = {th.id: th for th in load_taxonomy()}["wachttijden"]
    assert theme.select_one("p.lead").get_text() == taxonomy.description_en != taxonomy.description
    assert (tmp_path / "municipalities" / "unknown.html").exists() and "(unknown)" in page.get_text()
    with pytest.raises(ValueError, match="language"):
        render.render_site(tmp_path, sample_tables(tmp_path), RenderConfig(language="fr"), run=[])


def test_same_input_gives_identical_pages_but_for_the_generated_line_of_the_overview(tmp_path):
    from pipeline.render import charts

    outputs = []
    for name in ("a", "b"):
        charts._CACHE.clear()  # draw every chart again
        folder = tmp_path / name
        tables = sample_tables(folder)
        render.render_site(folder, tables, RenderConfig(), run=[{"id": 1, "status": "ok", "documents": 6,
                                                                  "processed": 6, "fresh": 0, "failed": 1}])
        render.render_report(tables, "preventie", folder / "rapport", RenderConfig(), ["Ede", "Zwolle"], 2019,
                             site=folder)
        outputs.append(folder)
    files = sorted(p.relative_to(outputs[0]) for p in outputs[0].rglob("*") if p.is_file() and p.suffix != ".parquet")
    assert len(files) > 20
    for rel in files:
        one, two = (outputs[0] / rel).read_bytes(), (outputs[1] / rel).read_bytes()
        if rel.suffix == ".html":
            one_lines, two_lines = one.decode().splitlines(), two.decode().splitlines()
            differing = [a for a, b in zip(one_lines, two_lines, strict=True) if a != b]
            assert len(differing) <= 1 and all(GENERATED.search(line) for line in differing), rel
            # the overview and the printed report say when; other pages carry over unchanged between versions
            assert sum(bool(GENERATED.search(line)) for line in one_lines) == (rel.name == "index.html"), rel
        else:
            assert one == two, rel


def test_changes_since_the_previous_run(tmp_path):
    records = sample_records()
    previous = sample_tables(tmp_path / "old", records[:3] + [record("gone.txt", "Ede", None, None, [])]).documents
    changed = [dict(records[0], doc_type="amendement")] + records[1:]
    render.render_site(tmp_path, sample_tables(tmp_path, changed), RenderConfig(), run=[], previous=previous)
    items = [li.get_text(" ", strip=True) for li in soup(tmp_path / "index.html").select("ul.changes li")]
    assert any(i.startswith("Nieuw leiden/begroting.txt") for i in items)
    assert "Verwijderd gone.txt" in items
    assert any(i.startswith("Anders gelezen zwolle/motie.txt — doc_type (voorheen motie, nu amendement)")
               for i in items)


def test_thematic_report_numbers_citations_and_exports_the_same_tables(tmp_path):
    folder = tmp_path / "site"
    records = sample_records()
    records[2]["facts"][0]["text"] = "=HYPERLINK(\"http://x\")"  # a spreadsheet must show this as text
    tables = sample_tables(folder, records)
    render.render_site(folder, tables, RenderConfig(), run=[])
    page_path = render.render_report(tables, "preventie", tmp_path / "rapport", RenderConfig(), ["Ede", "Zwolle"],
                                     2020, site=folder)
    page = soup(page_path)
    assert [th.get_text() for th in page.select("table.sidebyside thead th")][1:] == ["Ede", "Zwolle"]
    assert "2019" not in page.select_one("table.sidebyside").get_text()  # the plan of 2019 is outside the period
    notes = page.select("ol.footnotes > li")
    assert notes and [n["id"] for n in notes] == [f"bron-{i}" for i in range(1, len(notes) + 1)]
    for ref in page.select("sup.fn a"):
        assert page.find(id=ref["href"][1:]) is not None
    for link in page.select("ol.footnotes a"):
        assert (page_path.parent / link["href"].split("#")[0]).resolve().exists()
    assert "@media print" in (tmp_path / "rapport" / "style.css").read_text(encoding="utf-8")
    motions = pd.read_csv(tmp_path / "rapport" / "motions.csv")
    assert list(motions.dictum) == ["een plan voor preventie op scholen voor te leggen",
                                    "hiervoor € 250.000 vrij te maken"]
    questions = pd.read_csv(tmp_path / "rapport" / "questions.csv")
    assert questions.answer.isna().tolist() == [False, True]
    book = load_workbook(tmp_path / "rapport" / "preventie.xlsx")
    assert book.sheetnames == ["indicators", "motions", "questions", "quotes", "sources"]
    sheet = book["motions"]
    assert [c.value for c in sheet[1]][:3] == ["municipality", "date", "doc_type"] and sheet.max_row == 3
    cited = {int(n) for name in ("indicators", "motions", "questions", "quotes")
             for n in pd.read_csv(tmp_path / "rapport" / f"{name}.csv").citation}
    assert cited == set(range(1, len(notes) + 1))  # every exported row has the footnote number it has in print

    all_years = render.render_report(tables, "preventie", tmp_path / "all", RenderConfig(), site=folder)
    xlsx = load_workbook(tmp_path / "all" / "preventie.xlsx")["indicators"]
    quotes = [c.value for c in xlsx["I"]]
    assert "=HYPERLINK(\"http://x\")" in quotes and all(c.data_type != "f" for c in xlsx["I"])
    assert "'=HYPERLINK" in (tmp_path / "all" / "indicators.csv").read_text(encoding="utf-8")
    assert "Leiden" in soup(all_years).select_one("table.sidebyside thead").get_text()


def test_unknown_theme_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="unknown theme"):
        render.render_report(sample_tables(tmp_path), "nope", tmp_path / "r", RenderConfig())


def test_read_tables_round_trips_what_write_tables_wrote(tmp_path):
    tables = sample_tables(tmp_path)
    aggregate.write_tables(tables, tmp_path / "data")
    again = aggregate.read_tables(tmp_path / "data")
    assert again.documents.doc_id.tolist() == tables.documents.doc_id.tolist()
    assert aggregate.indicator_table(aggregate.theme_facts(again, "preventie"))[0]["group"] == "prevention_share"


HOSTILE_TEXT = """Schriftelijke vragen van de gemeente Zutphen, 3 april 2023

Vraag 1
Weet u dat <script>alert('x')</script> en <img src=x onerror="alert(1)"> in een brief over jeugdhulp en preventie stonden?

Antwoord
Ja. De link <a href="javascript:alert(2)">klik</a> leidde naar 40 procent meer preventie op scholen.
"""
HOSTILE_HTML = """<html><head><title>Preventie <script>alert(0)</script></title></head><body>
<p onmouseover="alert(4)">De gemeente Zutphen investeert in preventie. <script>alert(1)</script></p>
<p>Klik <a href="javascript:alert(2)">hier</a> <img src=x onerror="alert(3)"> voor 30 procent meer preventie.</p>
<svg><script>alert(5)</script></svg><iframe src="javascript:alert(6)"></iframe>
<p>&lt;script&gt;alert("tekst")&lt;/script&gt; en javascript:alert(7) staan letterlijk in de tekst.</p></body></html>
"""


def assert_inert(page: Path) -> None:
    """No script but our own static files, no event-handler attribute, no javascript: URL anywhere."""
    dom = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for script in dom.find_all("script"):
        src = script.get("src", "")
        assert (src.rsplit("/", 1)[-1] == "app.js" or src.startswith("search/")) and not script.string, page
    for element in dom.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (page, element.name, name)
            if name.lower() in ("href", "src", "action", "xlink:href"):
                assert not str(value).strip().lower().startswith("javascript:"), (page, value)
    assert not dom.find_all(["iframe", "object", "embed"]), page


def test_a_hostile_document_renders_as_text_on_every_page(tmp_path, tiny_corpus):
    from conftest import write

    from pipeline import cli, run
    from pipeline.config import Config

    write(tiny_corpus, "zutphen/vragen.txt", HOSTILE_TEXT)
    write(tiny_corpus, "zutphen/pagina.html", HOSTILE_HTML)
    out = tmp_path / "out"
    run.analyse(tiny_corpus, out, Config(), progress=False)
    assert cli.main(["report", "--theme", "preventie", "--municipalities", "Zutphen,Ede", "--data", str(out)]) == 0
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 20 and (out / "rapport-preventie" / "index.html") in pages
    for page in pages:
        assert_inert(page)
    records = {r["path"]: r for r in map(json.loads, (out / "data" / "documents.jsonl").read_text().splitlines())}
    doc_page = (out / "documents" / f"{records['zutphen/vragen.txt']['id']}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in doc_page  # shown as text, not run
    assert "&lt;a href=&#34;javascript:alert(2)&#34;&gt;" in doc_page
    index = (out / "search" / "zutphen.js").read_text(encoding="utf-8")
    assert "<" not in index and "\\u003cscript\\u003e" in index
    report = (out / "rapport-preventie" / "index.html").read_text(encoding="utf-8")
    assert "Zutphen" in report
    for name in ("indicators", "motions", "questions", "quotes", "sources"):
        assert (out / "rapport-preventie" / f"{name}.csv").exists()

    (tiny_corpus / "zutphen" / "pagina.html").unlink()  # the next run says what changed
    assert run.analyse(tiny_corpus, out, Config(), progress=False).stage_calls == 0
    changes = [li.get_text(" ", strip=True) for li in BeautifulSoup(
        (out / "index.html").read_text(encoding="utf-8"), "html.parser").select("ul.changes li")]
    assert changes == ["Verwijderd zutphen/pagina.html"]


def test_report_command_errors_are_clear(tmp_path, capsys):
    from pipeline import cli

    assert cli.main(["report", "--theme", "preventie", "--data", str(tmp_path)]) == 1
    assert "no analysed data" in capsys.readouterr().err
    tables = sample_tables(tmp_path)
    aggregate.write_tables(tables, tmp_path / "data")
    assert cli.main(["report", "--theme", "nope", "--data", str(tmp_path)]) == 2
    assert "unknown theme" in capsys.readouterr().err
    assert cli.main(["report", "--theme", "preventie", "--municipalities", "ede,Velsen", "--from", "2020",
                     "--data", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "no documents of Velsen" in captured.err and "rapport-preventie" in captured.out
    page = soup(tmp_path / "rapport-preventie" / "index.html")
    assert page.select_one("dl.meta dd").get_text() == "Ede, Velsen"
    assert page.select_one("#cijfers").find("table") is None  # Ede's one preventie figure is of 2019


def test_pages_are_complete_without_javascript(site):
    page = soup(site / "index.html")
    assert len(page.select("#documenten ~ table tbody tr")) == len(sample_records())
    assert page.select_one("form.filters").has_attr("hidden")  # controls that need JS appear only with it
    assert soup(site / "search.html").find("noscript") is not None
    theme = soup(site / "themes" / "preventie.html")
    assert theme.select("table.sidebyside div.val") and theme.select("ul.quotes li")


def test_an_empty_corpus_still_renders(tmp_path):
    tables = sample_tables(tmp_path, [])
    render.render_site(tmp_path, tables, RenderConfig(), run=[])
    assert soup(tmp_path / "index.html").select_one("p.lead").get_text().startswith("0 documenten")
    render.render_report(tables, "preventie", tmp_path / "r", RenderConfig(), ["Ede"], site=tmp_path)
    assert (tmp_path / "r" / "preventie.xlsx").exists()


def test_the_overview_lists_the_newest_documents_when_there_are_many(tmp_path, monkeypatch):
    from pipeline.render import site as site_module

    monkeypatch.setattr(site_module, "MAX_LISTED", 3)
    records = sample_records()
    render.render_site(tmp_path, sample_tables(tmp_path), RenderConfig(), run=[])
    page = soup(tmp_path / "index.html")
    rows = page.select("#documenten ~ table.filterable tbody tr")
    dated = sorted((r for r in records if r.get("date")), key=lambda r: r["date"])[-3:]
    assert len(rows) == 3 and sorted(r.select("td")[1].get_text() for r in rows) == sorted(r["date"] for r in dated)
    assert page.select_one("p.lead").get_text().startswith(f"{len(records)} documenten")
    assert f"De nieuwste 3 van {len(records)} documenten" in page.get_text()
    assert len(list((tmp_path / "documents").glob("*.html"))) == len(records)  # every document keeps its page
