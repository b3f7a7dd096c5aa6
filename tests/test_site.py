"""The report site of a ``new`` project: no documentation chrome, and tables that fit, in Chromium.

The page is checked as HTML (BeautifulSoup) and as rendered by headless Chromium
(Selenium with the system chromedriver) at 1280 px (no table overflows its column or the
window) and at 390 px (a phone: the numbers are visible, and the label columns stay in
view while the numbers scroll).  Without Chromium the browser tests are skipped, except
in CI, where that is a failure.

``GOV_REPORT_SCREENSHOTS=docs/_static/site`` also saves the screenshots used in the docs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import official as o
import pytest
from bs4 import BeautifulSoup
from conftest import IN_CI, sphinx_build
from reportgen import report_yaml

AGENCY = "某县市场监督管理局"
YEAR = 2025
DATE = "2026年1月20日"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``new``'s project with generated numbers (up to five digits), built as the clerk would."""
    src = tmp_path_factory.mktemp("site") / "report"
    cmd = [sys.executable, "-m", "sphinx_gov_report.cli", "new", str(src), "--agency", AGENCY, "--year", str(YEAR)]
    assert subprocess.run(cmd, capture_output=True, check=False).returncode == 0
    text, _ = report_yaml(3, YEAR, [12000, 0, 3, 0, 1, 20000], {}, seed=5)
    text = re.sub(r"(?m)^agency: .*$", f"agency: {AGENCY}", text)
    text = re.sub(r"(?m)^previous: .*$", "", text)  # no last year here
    text = re.sub(r"(?m)^processing_fee: .*$", "processing_fee: 0", text)  # as the skeleton's 六 says
    (src / "data" / f"{YEAR}.yaml").write_text(text, encoding="utf-8")
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + f'\ngov_report_publication_date = "{DATE}"\n', "utf-8")
    result = sphinx_build(src, src / "_build" / "html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "构建检查：没有警告。" in result.stdout, result.stdout + result.stderr
    return src / "_build" / "html"


@pytest.fixture(scope="module")
def page(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_no_documentation_pages(site: Path) -> None:
    for absent in ("_sources", "search.html", "searchindex.js", "genindex.html"):
        assert not (site / absent).exists(), absent


def test_no_documentation_chrome(page: BeautifulSoup) -> None:
    assert page.select("form, input, [role=search]") == []
    assert page.select(".wy-breadcrumbs, .wy-menu, .rst-footer-buttons") == []
    assert not page.select('a[href*="_sources"], link[rel=search], a[href*="genindex"]')
    text = page.get_text(" ")
    for english in ("Sphinx", "Read the Docs", "View page source", "Built with", "Copyright", "Search"):
        assert english not in text, english


def test_header_and_footer(page: BeautifulSoup) -> None:
    header = page.select_one("header.gov-report-site-header")
    assert [p.get_text() for p in header.select("p")] == [AGENCY, f"{YEAR}年度政府信息公开工作年度报告"]
    footer = page.select_one("footer.gov-report-site-footer")
    assert footer.get_text(" ", strip=True) == f"{AGENCY} 发布日期：{DATE}"
    assert page.find_all("footer") == [footer]


def test_label_cells_are_marked_sticky(page: BeautifulSoup) -> None:
    """The label columns of 表二 (one) and 表三 (three) carry their column; numbers never do."""
    tables = {t["class"][1].split("-")[-1]: t for t in page.select("table.gov-report")}

    def columns(table: str) -> set[str]:
        return {c for th in tables[table].select(".gov-sticky") for c in th["class"] if re.fullmatch(r"gov-c\d+", c)}

    assert columns("二") == {"gov-c0"}
    assert columns("三") == {"gov-c0", "gov-c1", "gov-c2"}
    assert page.select("td.gov-data.gov-sticky") == []
    row = next(th for th in tables["三"].select("th.gov-rowhead") if th.get_text() == o.NEW)
    assert "gov-sticky" in row["class"]


# ---------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(p)]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:  # pragma: no cover - selenium is in the test extra
        missing.append("selenium")
    if missing:
        if IN_CI:
            pytest.fail(f"CI must test the site in Chromium, but these are missing: {', '.join(missing)}")
        pytest.skip(f"Chromium not installed: {', '.join(missing)}")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp()
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(driver, site: Path, width: int, mobile: bool) -> None:  # type: ignore[no-untyped-def]
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900 if not mobile else 844, "deviceScaleFactor": 1, "mobile": mobile},
    )
    driver.get((site / "index.html").as_uri())
    driver.execute_script("return document.fonts.ready")


def _screenshot(driver, name: str) -> None:  # type: ignore[no-untyped-def]
    target = os.environ.get("GOV_REPORT_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        width = driver.execute_script("return window.innerWidth")
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": min(height, 6000), "deviceScaleFactor": 1, "mobile": width < 600},
        )
        driver.save_screenshot(str(Path(target) / name))


MEASURE = """
return [...document.querySelectorAll('.gov-report-scroll')].map(s => {
  const t = s.querySelector('table').getBoundingClientRect();
  return {table: s.querySelector('table').className, scroll: s.scrollWidth, client: s.clientWidth,
          right: t.right, left: t.left, window: document.documentElement.clientWidth};
});
"""


@pytest.mark.browser
def test_no_table_overflows_at_1280(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    _open(browser, site, 1280, mobile=False)
    tables = browser.execute_script(MEASURE)
    assert len(tables) == 3
    for t in tables:
        assert t["scroll"] <= t["client"] + 1, t  # nothing to scroll: the whole table is shown
        assert t["left"] >= 0 and t["right"] <= t["window"], t
    # the sidebar is gone and the content column is wide enough for 表四's 15 columns
    assert browser.execute_script("return document.querySelector('.wy-nav-side').offsetWidth") == 0
    four = browser.execute_script(
        "return [...document.querySelectorAll('table.gov-report-四 td.gov-data')].map(td => td.getBoundingClientRect().right)"
    )
    assert max(four) <= 1280
    _screenshot(browser, "report-1280.png")


CELL = """
const [table, label] = arguments;
const scroll = document.querySelector('table.gov-report-' + table).closest('.gov-report-scroll');
const th = [...scroll.querySelectorAll('th')].find(th => th.textContent.trim() === label);
const tds = [...th.parentElement.querySelectorAll('td.gov-data')];
const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; };
return {label: box(th), first: box(tds[0]), last: box(tds[tds.length - 1]),
        view: scroll.getBoundingClientRect().right, scroll: scroll.scrollWidth, client: scroll.clientWidth};
"""


@pytest.mark.browser
@pytest.mark.parametrize(("table", "label"), [("二", "规章"), ("三", o.NEW), ("三", "1.属于国家秘密")])
def test_phone_shows_numbers_and_keeps_labels(browser, site: Path, table: str, label: str) -> None:  # type: ignore[no-untyped-def]
    _open(browser, site, 390, mobile=True)
    assert browser.execute_script("return document.documentElement.clientWidth") == 390
    before = browser.execute_script(CELL, table, label)
    # labels and the first numbers are on screen without scrolling
    assert before["label"]["left"] >= 0 and before["label"]["width"] > 20, before
    assert before["first"]["right"] <= 390 and before["first"]["left"] >= before["label"]["right"] - 1, before
    # scroll the table to its end: the label is still in view, and so is the last number
    browser.execute_script(
        "const s = document.querySelector('table.gov-report-' + arguments[0]).closest('.gov-report-scroll');"
        "s.scrollLeft = s.scrollWidth;",
        table,
    )
    after = browser.execute_script(CELL, table, label)
    assert after["label"]["left"] >= -1 and after["label"]["right"] <= 390, after
    assert after["last"]["right"] <= after["view"] + 1 and after["last"]["left"] >= after["label"]["right"] - 2, after
    if table == "三" and label == o.NEW:
        assert before["scroll"] > before["client"], "表三 scrolls on a phone: the check above is not vacuous"
        _screenshot(browser, "report-390.png")


@pytest.mark.browser
def test_print_fits_the_page(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    """Printed (A4 at 96 dpi: 794 px wide), every table fits the page and the header stays."""
    _open(browser, site, 794, mobile=False)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        tables = browser.execute_script(MEASURE)
        assert len(tables) == 3
        for t in tables:
            assert t["scroll"] <= t["client"] + 1 and t["right"] <= t["window"], t
        shown = browser.execute_script(
            "return getComputedStyle(document.querySelector('.gov-report-site-header')).display"
        )
        assert shown != "none"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
