"""The site in a real browser: Debian's headless Chromium driven by Selenium, against a real
`kemi-lod serve` over a fresh build of the repository's data.

A visitor opens the project index, opens a project, follows its funder and runs an example
query in the SPARQL editor (YASGUI); a browser with page scripts off runs one with the plain
form; axe-core (npm) checks every kind of page, at 1280 and 375 px, for WCAG 2.0/2.1 A and AA violations. The
project page's screenshot and the axe results are kept as test artefacts: in the test's tmp
folder and copied to $KEMI_LOD_ARTEFACTS (default tests/artefacts/, git-ignored).

`.ci/run` installs `chromium` and `chromium-driver` (apt) and axe-core (npm, AXE_CORE_JS names
its axe.min.js). Elsewhere a missing browser or axe-core skips these tests; in CI it fails them.
No browser is ever downloaded: Selenium is given both paths, and Selenium Manager runs offline.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support import REPO, TESTS, free_port

pytestmark = pytest.mark.slow  # a real browser, server or checker: minutes, not seconds

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# Root on a closed network: no sandbox (it needs user namespaces), nothing fetched in the background.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,1024")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PROJECT, PROJECT_TITLE = "liiketta-kemiin", "Liikettä Kemiin! -liikuntaneuvontahanke"
FUNDER, FUNDER_NAME = "aluehallintovirasto", "Aluehallintovirasto"
EXAMPLE = "funding-by-funder"
PART_PROJECT, CITY = "kaupunkiviljely", "kemin-kaupunki"  # the city's share for 2020 is part of the municipal funding
PART_TITLE = "Ympärivuotinen kaupunkiviljely ja lähiruoan tuottaminen Kemissä"


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def artefacts_dir() -> Path:
    return Path(os.environ.get("KEMI_LOD_ARTEFACTS") or TESTS / "artefacts")


def keep_artefact(path: Path) -> Path:
    """Copy a file the test wrote into the artefacts folder (what CI keeps after the run)."""
    target = artefacts_dir() / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return target


# --- fixtures: the server (of kemi_build, conftest.py), the browser, axe-core -------------------


@contextlib.contextmanager
def _serving(root: Path):
    """The URL of a real `kemi-lod serve` of `root` on a free loopback port."""
    port = free_port()
    exe = Path(sys.executable).with_name("kemi-lod")
    process = subprocess.Popen([str(exe), "serve", "--config", str(REPO / "kemi-lod.yaml"), "--root", str(root),
                                "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(url + "/", timeout=5) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            pytest.fail("kemi-lod serve did not answer within 20 s")
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def site(kemi_build) -> str:
    with _serving(kemi_build) as url:
        yield url


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory) -> str:
    """The same data built with project lists of 20 rows (tests/test_find.py), served."""
    from test_find import build_paged

    with _serving(build_paged(tmp_path_factory.mktemp("paged") / "build")) as url:
        yield url


def _chromium(folder: Path, scripts: bool = True):
    """Debian's Chromium through its own driver; `scripts=False`: a browser that runs no page script."""
    if not CHROMIUM.is_file():
        _missing(f"the browser {CHROMIUM} is missing (Debian package chromium; .ci/run installs it)")
    if not CHROMEDRIVER.is_file():
        _missing(f"the WebDriver {CHROMEDRIVER} is missing (Debian package chromium-driver, not the same "
                 "as chromium; .ci/run installs it)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed (pip install -e '.[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={folder / 'profile'}"):
        options.add_argument(flag)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SE_OFFLINE", "true")  # Selenium Manager must never fetch a browser or driver
        service = Service(executable_path=str(CHROMEDRIVER), log_output=str(folder / "chromedriver.log"))
        driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(120)
    if not scripts:  # pages load without running their scripts (axe turns it back on for itself)
        page_scripts(driver, False)
    return driver


def page_scripts(driver, on: bool) -> None:
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not on})


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = _chromium(tmp_path_factory.mktemp("chromium"))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """A browser with page scripts off: what the query page must still serve."""
    driver = _chromium(tmp_path_factory.mktemp("chromium-plain"), scripts=False)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def axe_source() -> str:
    path = os.environ.get("AXE_CORE_JS")
    if not path or not Path(path).is_file():
        _missing("set AXE_CORE_JS to axe.min.js (npm install axe-core; .ci/run does)")
    return Path(path).read_text(encoding="utf-8")


# --- helpers ------------------------------------------------------------------------------------


def wait_for(driver, css: str, timeout: float = 30):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def click_and_wait(driver, element, css: str):
    """Click a link or button and wait until the next page (with `css`) has replaced this one."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    # The old document is marked, and the wait is for a document without the mark. Selenium's
    # staleness_of asks the old element, and Chrome answers that with an error other than
    # "stale" once the document is gone ("Node with given id does not belong to the document").
    driver.execute_script("document.documentElement.dataset.kemiOld = '1'")
    element.click()

    def replaced(d) -> bool:
        try:
            return d.execute_script("return document.documentElement.dataset.kemiOld") is None
        except WebDriverException:  # between two documents
            return False

    WebDriverWait(driver, 30).until(replaced)
    return wait_for(driver, css)


def run_query_example(driver, site: str, name: str) -> None:
    """Open the query page, pick an example in the editor's picker and run it with the editor's
    button; returns when the editor's result table is there."""
    from selenium.webdriver.support.ui import Select

    driver.get(site + "/sparql")
    wait_for(driver, "#query-editor .CodeMirror")
    title = next(e["title"] for e in _editor_data(driver)["examples"] if e["name"] == name)
    Select(driver.find_element("css selector", "select#query-example")).select_by_visible_text(title)
    tab = wait_for(driver, ".tabsList .tab.active a span")
    assert tab.text == title
    run = [b for b in driver.find_elements("css selector", ".yasqe_queryButton") if b.is_displayed()]
    assert len(run) == 1
    run[0].click()
    wait_for(driver, ".tabPanel.active .yasr table.dataTable tbody tr")


def _editor_data(driver) -> dict:
    return json.loads(driver.execute_script("return document.getElementById('query-editor-data').textContent"))


def run_query_example_without_scripts(driver, site: str, name: str) -> None:
    """The same without page scripts: the example's link fills the form, its button sends it."""
    driver.get(site + "/sparql")
    wait_for(driver, "textarea#query")
    link = driver.find_element("css selector", f'a[href="sparql?example={name}"]')
    click_and_wait(driver, link, "textarea#query")
    button = driver.find_element("css selector", 'form button[type="submit"]')
    click_and_wait(driver, button, "main h1")


def axe_violations(driver, source: str) -> list[dict]:
    driver.execute_script(source)
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
          .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                 nodes: v.nodes.map(n => n.target.join(" "))}))))
          .catch(e => done({error: String(e)}));
        """,
        WCAG_TAGS,
    )
    assert not isinstance(result, dict), result
    return result


# --- a visitor's path ---------------------------------------------------------------------------


def test_a_visitor_goes_from_the_project_index_to_a_funder_and_runs_an_example_query(browser, site, tmp_path):
    by = "css selector"
    browser.get(site + "/")
    index_link = browser.find_element(by, 'nav a[href="id/project/index.html"]')
    click_and_wait(browser, index_link, "table.sortable tbody tr")
    assert browser.current_url == site + "/id/project/index.html"
    assert len(browser.find_elements(by, "table.sortable tbody tr")) == 44
    # the build's order is by title in Finnish order; the script sorts by the same keys
    def order():  # read in one script: a row moved by the sort between look-ups would be a stale node
        return browser.execute_script("return [...document.querySelectorAll('table.sortable tbody th a')].map(a => a.href)")

    def sort_by(column: int) -> None:  # the button looked up afresh each time, for the same reason
        browser.find_element(by, f"table.sortable thead th:nth-child({column}) button").click()

    built_order = order()
    assert browser.find_element(by, "table.sortable thead th:nth-child(1)").get_attribute("aria-sort") == "ascending"
    sort_by(1)
    assert order() == built_order[::-1]
    sort_by(1)
    assert order() == built_order
    # sort.js has turned each column header into a button; sorting by budget reorders the rows
    sort_by(4)
    assert browser.find_element(by, "table.sortable thead th:nth-child(4)").get_attribute("aria-sort") == "ascending"
    assert order() != built_order

    project = browser.find_element(by, f'table.sortable tbody th a[href="{PROJECT}.html"]')
    assert project.text == PROJECT_TITLE
    click_and_wait(browser, project, "main h1")
    assert browser.current_url == f"{site}/id/project/{PROJECT}.html"
    # the resource IRI itself is answered with the same page by content negotiation
    browser.get(f"{site}/id/project/{PROJECT}")
    assert wait_for(browser, "main h1").text == PROJECT_TITLE
    assert browser.find_element(by, "main h1").text == PROJECT_TITLE
    assert browser.title.startswith(PROJECT_TITLE)
    shot = tmp_path / "project-page.png"
    browser.set_window_size(1280, browser.execute_script("return document.documentElement.scrollHeight") + 200)
    assert browser.save_screenshot(str(shot))
    browser.set_window_size(1280, 1024)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    keep_artefact(shot)

    funder = browser.find_element(by, "#funding-1 td:nth-child(2) a")
    assert funder.text == FUNDER_NAME
    click_and_wait(browser, funder, "main h1")
    assert browser.current_url == f"{site}/id/org/{FUNDER}.html"
    assert browser.find_element(by, "main h1").text == FUNDER_NAME
    funded = [a.text for a in browser.find_elements(by, "#rahoitetut ~ div table tbody th a")]
    assert PROJECT_TITLE in funded

    run_query_example(browser, site, EXAMPLE)
    assert browser.find_element(by, "main h1").text == "SPARQL-kysely"
    expected = list(csv.reader(io.StringIO((REPO / "queries" / f"{EXAMPLE}.csv").read_text(encoding="utf-8"))))
    table = ".tabPanel.active .yasr table.dataTable"
    head = [th.text for th in browser.find_elements(by, f"{table} thead th .dt-column-title")]
    assert head == ["", *expected[0]]  # the editor numbers the rows in a first column
    assert len(browser.find_elements(by, f"{table} tbody tr")) == len(expected) - 1
    # a column sorts, and the result downloads as CSV (a link the table plugin makes)
    browser.find_element(by, f"{table} thead th:nth-child(2) .dt-column-order").click()
    assert browser.find_element(by, f"{table} thead th:nth-child(2)").get_attribute("aria-sort") in ("ascending", "descending")
    assert browser.find_element(by, ".tabPanel.active .yasr_downloadIcon").is_displayed()
    # the raw answer, SPARQL JSON results, shown and downloadable in the Response view
    browser.find_element(by, ".tabPanel.active .yasr .select_response").click()
    raw = browser.execute_script("return document.querySelector('.tabPanel.active .yasr .CodeMirror').CodeMirror.getValue()")
    assert json.loads(raw)["head"]["vars"] == expected[0]
    assert browser.find_element(by, ".tabPanel.active .yasr_downloadIcon").is_displayed()
    # nothing was asked of any other server, and no query or result was stored in the browser
    # (the prefix completion caches our prefix list)
    assert set(browser.execute_script("return Object.keys(localStorage)")) <= {"prefixes"}
    hosts = browser.execute_script("return [...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).host))]")
    assert hosts == [site.removeprefix("http://")]


def test_without_scripts_the_query_form_sends_the_query_and_the_table_comes_back(plain, site):
    by = "css selector"
    run_query_example_without_scripts(plain, site, EXAMPLE)
    assert plain.find_elements(by, "#query-editor") == []  # no editor: the page's scripts did not run
    expected = list(csv.reader(io.StringIO((REPO / "queries" / f"{EXAMPLE}.csv").read_text(encoding="utf-8"))))
    head = [th.text for th in plain.find_elements(by, "table#results thead th")]
    rows = plain.find_elements(by, "table#results tbody tr")
    assert head == expected[0]
    assert len(rows) == len(expected) - 1
    assert plain.find_element(by, "table#results caption").text == f"Kyselyn tulos: {len(expected) - 1} riviä"


def test_the_project_list_filters_by_text_department_fund_and_year(browser, site):
    """find.js: the counts it shows agree with the example queries' own counts."""
    from selenium.webdriver.support.ui import Select

    by = "css selector"
    browser.get(site + "/id/project/index.html")
    wait_for(browser, "form.find select")

    def shown() -> list[str]:
        return browser.execute_script(
            "return [...document.querySelectorAll('table.findable tbody tr')].filter(r => !r.hidden).map(r => r.cells[0].textContent)")

    status = browser.find_element(by, "form.find .find-status")
    assert len(shown()) == 44 and status.text == "Näytetään 44 / 44 hanketta."
    labels = {e.text: e.get_attribute("for") for e in browser.find_elements(by, "form.find label")}
    assert set(labels) == {"Hae", "Toimiala", "Rahasto", "Vuosi"}
    with (REPO / "queries" / "money-by-department.csv").open(encoding="utf-8") as f:
        per_department = {r["name"]: int(r["projects"]) for r in csv.DictReader(f) if r["name"]}  # "": no department
    department = Select(browser.find_element(by, f"#{labels['Toimiala']}"))
    for name, count in per_department.items():
        department.select_by_visible_text(name)
        assert len(shown()) == count, name
    department.select_by_index(0)
    with (REPO / "queries" / "concurrent-projects-per-year.csv").open(encoding="utf-8") as f:
        per_year = {r["year"]: int(r["projects"]) for r in csv.DictReader(f)}
    year = Select(browser.find_element(by, f"#{labels['Vuosi']}"))
    for value, count in per_year.items():
        year.select_by_visible_text(value)
        assert len(shown()) == count, value
    year.select_by_index(0)
    fund = Select(browser.find_element(by, f"#{labels['Rahasto']}"))
    fund.select_by_visible_text("Euroopan aluekehitysrahasto")
    erdf = shown()
    assert 0 < len(erdf) < 44
    fund.select_by_index(0)
    box = browser.find_element(by, f"#{labels['Hae']}")
    box.send_keys("kaupunkiviljely")
    assert shown() == [PART_TITLE]
    assert status.text == "Näytetään 1 / 44 hanketta."


def test_a_list_split_into_pages_is_searched_through_its_index(browser, paged_site):
    """find.js on a split list: the search and the facets go through find.json, every page."""
    from selenium.webdriver.support.ui import Select

    by = "css selector"
    browser.get(paged_site + "/id/project/index-2.html")
    wait_for(browser, "form.find select")
    labels = {e.text: e.get_attribute("for") for e in browser.find_elements(by, "form.find label")}
    status = browser.find_element(by, "form.find .find-status")
    assert status.text == "Haku käy läpi kaikki 44 hanketta."
    browser.find_element(by, f"#{labels['Hae']}").send_keys("kaupunkiviljely")
    found = browser.find_elements(by, "ul.find-results a")
    assert [a.text for a in found] == [PART_TITLE]  # the project is on the first page, not this one
    assert not browser.find_element(by, "table.findable").is_displayed()
    assert status.text == "1 / 44 hanketta."
    browser.find_element(by, f"#{labels['Hae']}").clear()
    browser.execute_script("arguments[0].dispatchEvent(new Event('input'))", browser.find_element(by, f"#{labels['Hae']}"))
    with (REPO / "queries" / "concurrent-projects-per-year.csv").open(encoding="utf-8") as f:
        per_year = {r["year"]: int(r["projects"]) for r in csv.DictReader(f)}
    year = Select(browser.find_element(by, f"#{labels['Vuosi']}"))
    for value, count in per_year.items():
        year.select_by_visible_text(value)
        assert len(browser.find_elements(by, "ul.find-results li")) == count, value
    link = browser.find_elements(by, "ul.find-results a")[0]
    click_and_wait(browser, link, "main h1")
    assert "/id/project/" in browser.current_url and browser.current_url.endswith(".html")


# --- money as a reader sees it ------------------------------------------------------------------

# the first text of each amount of the funding table's amount column: the value, as laid out
_VALUE_EDGES = """
return [...document.querySelectorAll("section[aria-labelledby=rahoitus] tbody td:nth-child(4) .money")].map(span => {
  const range = document.createRange();
  range.selectNodeContents(span.firstChild);
  const value = range.getBoundingClientRect(), notes = span.querySelector(".money-notes").getBoundingClientRect();
  return {text: span.firstChild.textContent, right: value.right, bottom: value.bottom, notesTop: notes.top};
});
"""


def test_amounts_line_up_with_their_status_below_and_a_part_leads_to_its_whole(browser, site):
    by = "css selector"
    browser.get(f"{site}/id/project/{PART_PROJECT}.html")
    wait_for(browser, "section[aria-labelledby=rahoitus] table")
    amounts = browser.execute_script(_VALUE_EDGES)
    assert [a["text"].replace("\u00a0", " ") for a in amounts] == ["359 904 € ", "89 976 € ", "31 670 € "]
    # right-aligned values, each with its status (and year) on the line below it
    assert max(a["right"] for a in amounts) - min(a["right"] for a in amounts) < 1
    assert all(a["notesTop"] >= a["bottom"] - 1 for a in amounts)
    cell = browser.find_element(by, "#funding-3 td:nth-child(4)")
    assert " ".join(cell.text.split()) == "31 670 € (suunniteltu, vuosi 2020) sisältyy osuuteen: kuntien rahoitus 89 976 €"
    cell.find_element(by, ".part a").click()
    assert browser.current_url.endswith(f"/id/project/{PART_PROJECT}.html#funding-2")
    assert browser.execute_script("return document.querySelector(':target').id") == "funding-2"


# --- accessibility: axe-core on every kind of page ----------------------------------------------


def _first(built: Path, kind: str) -> str:
    return f"id/{kind}/" + sorted(p.name for p in (built / "id" / kind).glob("*.html") if p.stem != "index")[0]


# Every kind of page, as its file under the web root. Served, "query page" is what `kemi-lod
# serve` answers at /sparql; from disk, it is the static sparql.html.
PAGES = {
    "home": lambda built: "index.html",
    "project index": lambda built: "id/project/index.html",
    "organisation index": lambda built: "id/org/index.html",
    "programme index": lambda built: "id/programme/index.html",
    "person index": lambda built: "id/person/index.html",
    "source index": lambda built: "id/source/index.html",
    "project": lambda built: f"id/project/{PROJECT}.html",
    "project with a part of a contribution": lambda built: f"id/project/{PART_PROJECT}.html",
    "organisation": lambda built: f"id/org/{FUNDER}.html",
    "the city, funder of many projects": lambda built: f"id/org/{CITY}.html",
    "person": lambda built: _first(built, "person"),
    "programme": lambda built: _first(built, "programme"),
    "source": lambda built: _first(built, "source"),
    "vocabulary": lambda built: "ontology/index.html",
    "query page": lambda built: "sparql",
    "static query page": lambda built: "sparql.html",
}
AXE_REPORT: dict[str, list] = {}


@pytest.mark.parametrize("kind", [*PAGES, "query page with results", "query page without scripts, with results",
                                  "query page without scripts, with an error"])
def test_axe_finds_no_wcag_21_aa_violations(browser, plain, site, kemi_build, axe_source, kind, tmp_path):
    """Each kind of page at 1280 and at 375 px."""
    driver = plain if "without scripts" in kind else browser
    if kind == "query page with results":
        run_query_example(driver, site, EXAMPLE)
    elif kind == "query page without scripts, with results":
        run_query_example_without_scripts(driver, site, EXAMPLE)
        wait_for(driver, "table#results")
    elif kind == "query page without scripts, with an error":
        driver.get(site + "/sparql")
        area = wait_for(driver, "textarea#query")
        area.clear()
        area.send_keys("SELECT * WHERE { ?s ?p }")
        click_and_wait(driver, driver.find_element("css selector", 'form button[type="submit"]'), "#error")
    else:
        driver.get(f"{site}/{PAGES[kind](kemi_build)}")
        wait_for(driver, "main h1")
        if kind == "query page":
            wait_for(driver, "#query-editor .CodeMirror")  # axe sees the editor, not the form it replaces
    if driver is plain:
        page_scripts(plain, True)  # for axe: the page loaded without its own scripts, which do not run now
    try:
        violations = axe_violations(driver, axe_source)
        _resize(driver, NARROW, 800)  # and on a phone's width
        violations += [{**v, "width": NARROW} for v in axe_violations(driver, axe_source)]
    finally:
        driver.set_window_size(1280, 1024)
        if driver is plain:
            page_scripts(plain, False)
    AXE_REPORT[kind] = violations
    report = tmp_path / "axe-report.json"
    report.write_text(json.dumps(AXE_REPORT, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    keep_artefact(report)
    assert violations == []


def test_axe_reports_the_violations_of_a_page_known_to_have_them(browser, axe_source):
    """The harness itself: a page without a language, a title, an image text or a field label fails."""
    browser.get("data:text/html;charset=utf-8,<!DOCTYPE html><html><body><main><h1>x</h1>"
                "<img src='x.png'><input type='text'><p style='color:%23bbb'>grey</p></main></body></html>")
    violations = axe_violations(browser, axe_source)
    assert sorted(v["id"] for v in violations) == ["color-contrast", "document-title", "html-has-lang", "image-alt", "label"]


# --- from disk, and on a phone ------------------------------------------------------------------

NARROW = 375


def _sideways_overflow(driver) -> int:
    """How many CSS pixels the page is wider than the window (0: it never scrolls sideways)."""
    return driver.execute_script(
        "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth;")


@pytest.fixture
def narrow(browser):
    _resize(browser, NARROW, 800)
    yield browser
    browser.set_window_size(1280, 1024)


def _resize(driver, width: int, height: int) -> None:
    """The window at `width`, once the page's layout has it (a moment later on a busy machine)."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.set_window_size(width, height)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.documentElement.clientWidth;") <= width)


@pytest.mark.parametrize("kind", [k for k in PAGES if k != "query page"])
def test_every_kind_of_page_works_from_disk_at_375_px_without_sideways_scrolling(narrow, kemi_build, kind, tmp_path):
    narrow.get((kemi_build / PAGES[kind](kemi_build)).as_uri())
    wait_for(narrow, "main h1")
    assert narrow.find_element("css selector", "link[rel=stylesheet]")  # the stylesheet loaded from disk
    assert narrow.execute_script("return getComputedStyle(document.body).maxWidth;") == "1152px"
    assert _sideways_overflow(narrow) == 0
    if kind in ("project", "project index"):
        shot = tmp_path / f"{kind.replace(' ', '-')}-375px.png"
        narrow.set_window_size(NARROW, min(4000, narrow.execute_script("return document.documentElement.scrollHeight") + 100))
        assert narrow.save_screenshot(str(shot))
        keep_artefact(shot)


@pytest.mark.parametrize("kind", ["query page", "query page with results"])
def test_the_served_query_page_fits_375_px(narrow, site, kind, tmp_path):
    if kind == "query page":
        narrow.get(site + "/sparql")
        wait_for(narrow, "#query-editor .CodeMirror")
    else:
        run_query_example(narrow, site, EXAMPLE)
    assert _sideways_overflow(narrow) == 0
    shot = tmp_path / f"{kind.replace(' ', '-')}-375px.png"
    assert narrow.save_screenshot(str(shot))
    keep_artefact(shot)


def test_from_disk_every_menu_entry_opens_a_page(browser, kemi_build):
    by = "css selector"
    home = (kemi_build / "index.html").as_uri()
    browser.get(home)
    entries = [a.get_attribute("href") for a in browser.find_elements(by, 'nav[aria-label="Päävalikko"] a')]
    assert len(entries) == 9 and all(e.startswith("file://") for e in entries)
    for href in entries:
        browser.get(home)
        relative = href.removeprefix(kemi_build.as_uri() + "/")  # as the home page writes it
        link = browser.find_element(by, f'nav[aria-label="Päävalikko"] a[href="{relative}"]')
        click_and_wait(browser, link, "main h1")
        assert browser.current_url == href
        assert browser.find_elements(by, "header nav") and not browser.find_elements(by, "#parentDirLinkBox"), href
    # a project found from the index, and a funder from the project, all as files
    browser.get((kemi_build / "id/project/index.html").as_uri())
    click_and_wait(browser, browser.find_element(by, f'a[href="{PROJECT}.html"]'), "main h1")
    click_and_wait(browser, browser.find_element(by, "#funding-1 td:nth-child(2) a"), "main h1")
    assert browser.current_url == (kemi_build / "id" / "org" / f"{FUNDER}.html").as_uri()
    assert browser.find_element(by, "main h1").text == FUNDER_NAME
