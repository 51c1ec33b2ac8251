"""The rendered site in a real browser: headless Chromium from Debian, driven by Selenium.

Skipped with a reason where no Chromium is installed; CI (`.ci/run`) installs it, and there a
missing browser is a failure, not a skip.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from render_fixture import sample_tables

from pipeline import render
from pipeline.config import RenderConfig

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (make install)"
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        return "no headless Chromium: apt-get install chromium chromium-driver"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,1400",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser-site")
    tables = sample_tables(folder)
    render.render_site(folder, tables, RenderConfig(), run=[])
    render.render_report(tables, "preventie", folder / "rapport", RenderConfig(), ["Ede", "Zwolle", "Leiden"],
                         site=folder)
    return folder


def open_page(driver, path: Path) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(path.as_uri())


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def wait_for(condition, seconds: float = 5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    return condition()


def test_pages_load_without_console_errors_and_show_their_charts(browser, site, tmp_path):
    from selenium.webdriver.common.by import By

    for page, charts in (("index.html", 1), ("themes/preventie.html", 2), ("municipalities/ede.html", 1),
                         ("search.html", 0), ("rapport/index.html", 2)):
        open_page(browser, site / page)
        assert browser.execute_script("return document.readyState") == "complete"
        assert console_errors(browser) == [], page
        svgs = browser.find_elements(By.CSS_SELECTOR, "figure.chart svg[role=img]")
        assert len(svgs) >= charts, page
        for svg in svgs:
            assert svg.size["width"] > 100 and svg.size["height"] > 50, page
    open_page(browser, site / "index.html")
    shot = tmp_path / "overview.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_sorting_a_table(browser, site):
    from selenium.webdriver.common.by import By

    open_page(browser, site / "index.html")
    table = browser.find_element(By.CSS_SELECTOR, "#documenten ~ table.sortable")
    dates = lambda: [r.find_elements(By.TAG_NAME, "td")[1].text for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")]  # noqa: E731
    header = table.find_elements(By.CSS_SELECTOR, "thead th")[1]
    header.find_element(By.CSS_SELECTOR, "button.sort").click()
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = dates()
    known = [d for d in ascending if d != "—"]
    assert known == sorted(known) and len(known) == 5 and ascending[-1] == "—"  # unknown dates go last
    header.find_element(By.CSS_SELECTOR, "button.sort").click()
    assert header.get_attribute("aria-sort") == "descending" and dates() == sorted(known, reverse=True) + ["—"]
    assert console_errors(browser) == []


def test_filters_by_municipality_and_table_filter(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(browser, site / "index.html")
    rows = browser.find_elements(By.CSS_SELECTOR, "#documenten ~ table.filterable tbody tr")
    Select(browser.find_element(By.CSS_SELECTOR, "form.filters select[data-filter=m]")).select_by_visible_text("Ede")
    visible = [r for r in rows if r.is_displayed()]
    assert 0 < len(visible) < len(rows) and all(r.text.startswith("Ede") for r in visible)
    Select(browser.find_element(By.CSS_SELECTOR, "form.filters select[data-filter=m]")).select_by_index(0)
    browser.find_element(By.CSS_SELECTOR, "input.tablefilter").send_keys("begroting")
    visible = [r for r in rows if r.is_displayed()]
    assert len(visible) == 1 and "Leiden" in visible[0].text

    open_page(browser, site / "themes" / "wachttijden.html")  # side-by-side columns follow the filter too
    Select(browser.find_element(By.CSS_SELECTOR, "form.filters select[data-filter=m]")).select_by_visible_text("Ede")
    columns = browser.find_elements(By.CSS_SELECTOR, "table.sidebyside thead th[data-m]")
    assert [c.text for c in columns if c.is_displayed()] == ["Ede"] and len(columns) == 2
    assert console_errors(browser) == []


def test_search_box_finds_paragraphs_and_links_to_the_source(browser, site, tmp_path):
    from selenium.webdriver.common.by import By

    open_page(browser, site / "search.html")
    box = browser.find_element(By.ID, "q")
    box.send_keys("wachtlijst")
    results = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#search-results li"))
    assert results and all("wachtlijst" in r.text.lower() for r in results)
    assert browser.find_elements(By.CSS_SELECTOR, "#search-results mark")
    link = results[0].find_element(By.TAG_NAME, "a").get_attribute("href")
    assert "/documents/" in link and "#p" in link
    open_page(browser, site / "index.html")  # the header's search box carries the query to the search page
    header_box = browser.find_element(By.ID, "site-q")
    header_box.send_keys("preventie")
    header_box.submit()
    wait_for(lambda: "search.html" in browser.current_url)
    found = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#search-results li"))
    assert found and console_errors(browser) == []
    assert browser.save_screenshot(str(tmp_path / "search.png"))


def test_the_thematic_report_prints_to_a_paged_pdf(browser, site, tmp_path):
    import pypdfium2

    from pipeline.render.pdf import to_pdf

    pdf = to_pdf(site / "rapport" / "index.html", tmp_path / "rapport.pdf")
    document = pypdfium2.PdfDocument(pdf)
    text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert len(document) >= 6  # the cover, then every chapter and the sources begin on a new page
    assert "Preventie en vroegsignalering" in text and "[1]" in text
