"""The HTML report in a real headless Chromium: highlights, cards, filters, offline, hostile input.

Reports come from the real CLI (`bacaudit audit ... --format html|json`) over the seed articles
and over this repository's own fixtures, plus one report written from hand-made findings so the
overlap handling is exercised whatever the rules find. Assertions are relationships (marks equal
findings with spans, the clicked card is shown), not fixed numbers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bacaudit.cli import main as cli_main
from bacaudit.models import Finding, InputError, ReferenceRef
from bacaudit.report import html as html_report
from bacaudit.report.names import unique_filenames
from conftest import FIXTURES, ROOT, SEEDS
from report_helpers import CHROMIUM_ARGS, FakeRefs, chromium_path, finding, result

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts"
HOSTILE = FIXTURES / "hostile"
IN_VIEW = "e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight }"


# -- browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    exe = chromium_path()
    if not exe:
        pytest.skip(
            "chromium not installed (Debian: apt-get install chromium; `make test` does it)"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    pw = sync_api.sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
    except Exception as exc:  # a broken browser install is an environment problem, not a bug
        pw.stop()
        pytest.skip(f"chromium at {exe} did not start: {exc}")
    yield b
    b.close()
    pw.stop()


@dataclass
class Watched:
    page: object
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def goto(self, path: Path) -> None:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.dialogs == []
        assert [u for u in self.requests if not u.startswith("file://")] == []


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    w = Watched(page)
    page.on("console", lambda m: m.type == "error" and w.console_errors.append(m.text))
    page.on("pageerror", lambda e: w.console_errors.append(f"pageerror: {e}"))
    page.on("request", lambda r: w.requests.append(r.url))

    def on_dialog(d):
        w.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    yield w
    context.close()


# -- reports -----------------------------------------------------------------------------------


def _cli(*args: str) -> int:
    return cli_main(["audit", *args, "--no-progress"])


@dataclass
class Report:
    out: Path
    articles: list[dict]  # the JSON contract's articles, same order as the HTML pages

    def page(self, i: int) -> Path:
        return self.out / "articles" / unique_filenames(a["source"] for a in self.articles)[i]


def _cli_report(inputs: list[Path], tmp: Path) -> Report:
    out = tmp / "html"
    assert _cli(*map(str, inputs), "--format", "html", "--out", str(out)) in (0, 1)
    assert _cli(*map(str, inputs), "--format", "json", "--out", str(tmp / "audit.json")) in (0, 1)
    doc = json.loads((tmp / "audit.json").read_text(encoding="utf-8"))
    assert doc["articles"], "the CLI audited nothing"
    return Report(out, doc["articles"])


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"seed articles not found at {SEEDS}")
    return _cli_report([SEEDS], tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="module")
def fixtures_report(tmp_path_factory):
    return _cli_report([HOSTILE], tmp_path_factory.mktemp("fixtures"))


SYNTH_TEXT = (
    "Baclofen and alcohol: <script>window.__pwned='title'</script>\n\n"
    "Baclofen is FDA approved for alcohol use disorder, one clinic says.\n\n"
    "Call now on 555 0100 to verify your insurance, best rehab near me, rehab near me.\n\n"
    "<img src=x onerror=\"alert(2);window.__pwned='img'\"> </textarea></style></script>"
    "<script>window.__pwned='breakout'</script> {{ 7*7 }}\n\n"
    '=HYPERLINK("http://evil.example","x")'
)


def _synthetic_findings() -> list[Finding]:
    t = SYNTH_TEXT
    ref = ReferenceRef(
        "baclofen.fda", "Approved for spasticity, not AUD.", "https://example.org/label"
    )
    return [
        finding(t, "Baclofen is FDA", "contradiction", "BA101", "high", extend=36, reference=ref),
        finding(t, "FDA approved", "uncited", "BA201", "medium"),
        finding(t, "one clinic says.", "uncited", "BA202", "low", extend=12),
        finding(t, "Call now", "marketing", "BA301", "medium", extend=36, fix="Delete it."),
        finding(t, "best rehab near me", "seo_spam", "BA401", "low", extend=15),
        finding(t, "<img src=x", "marketing", "BA310", "low", extend=30),
        finding(t, "=HYPERLINK", "seo_spam", "BA402", "low", extend=5),
    ]


@pytest.fixture(scope="module")
def synthetic_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic") / "html"
    r = result(SYNTH_TEXT, _synthetic_findings(), source="https://example.org/<b>x</b>", title=None)
    errors = [InputError("<script>alert(9)</script>.html", "could not <b>parse</b>")]
    html_report.write([r], errors, FakeRefs(), out)
    return Report(out, [json.loads(json.dumps(r.to_dict()))])


# -- checks shared by every report -------------------------------------------------------------


def _check_article_page(w: Watched, path: Path, article: dict) -> None:
    w.goto(path)
    page = w.page
    located = [(i + 1, f) for i, f in enumerate(article["findings"]) if f["end"] > f["start"]]
    assert page.locator("mark[data-category]").count() == len(located)
    assert page.locator("article.card").count() == len(article["findings"])
    seen = page.evaluate(
        """() => { const out = {};
          for (const m of document.querySelectorAll('mark[data-finding]')) {
            const k = m.dataset.finding;
            out[k] = out[k] || {text: '', category: null,
                                rule: document.getElementById('card-' + k).dataset.rule};
            out[k].text += m.textContent;
            if (m.dataset.category) { out[k].category = m.dataset.category; } }
          return out; }"""
    )
    for key, f in located:
        got = seen[str(key)]
        assert (got["rule"], got["category"]) == (f["rule"], f["category"])
        assert got["text"] == f["text"]  # the highlight covers exactly the flagged text
    if located:
        # a click lands on the innermost highlight under the pointer: click one with none inside
        key = page.evaluate(
            "() => [...document.querySelectorAll('mark[data-category]')]"
            ".filter(m => !m.querySelector('mark')).pop().dataset.finding"
        )
        page.click(f"#m-{key}")
        card = page.locator(f"#card-{key}")
        assert card.is_visible()
        assert page.evaluate("document.activeElement.id") == f"card-{key}"
        assert card.evaluate(IN_VIEW)
        for key, _ in located[:12]:  # every highlight opens its own card from the keyboard
            page.focus(f"#m-{key}")
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.id") == f"card-{key}"
    w.assert_clean()


def _check_category_filter(w: Watched, path: Path, article: dict) -> None:
    cats = sorted({f["category"] for f in article["findings"]})
    if not cats:
        return
    w.goto(path)
    page = w.page
    keep = cats[0]
    for other in cats[1:]:
        page.click(f'button.chip[data-filter="category"][data-value="{other}"]')
    visible = page.locator("article.card:visible")
    assert visible.count() == sum(f["category"] == keep for f in article["findings"])
    assert set(visible.evaluate_all("els => els.map(e => e.dataset.category)")) <= {keep}
    others = page.eval_on_selector_all(
        f'mark[data-category]:not([data-category="{keep}"])',
        "ms => ms.map(m => [m.classList.contains('off'), getComputedStyle(m).backgroundColor,"
        " m.getAttribute('tabindex')])",
    )
    assert all(o == [True, "rgba(0, 0, 0, 0)", "-1"] for o in others), others
    page.click(f'button.chip[data-filter="category"][data-value="{keep}"]')
    assert page.locator("article.card:visible").count() == 0
    # printing shows every card again, whatever the filters say
    page.emulate_media(media="print")
    assert page.locator("article.card:visible").count() == len(article["findings"])
    page.emulate_media(media="screen")
    w.assert_clean()


def _check_index(w: Watched, report: Report) -> None:
    w.goto(report.out / "index.html")
    page = w.page
    rows = page.locator("#articles tbody tr")
    assert rows.count() == len(report.articles)

    def scores() -> list[int]:
        return [int(s) for s in page.locator("#articles tbody td:nth-child(2)").all_inner_texts()]

    page.click("#articles th:nth-child(2) button")  # was ascending: now descending
    assert scores() == sorted(scores(), reverse=True)
    page.click("#articles th:nth-child(2) button")
    assert scores() == sorted(scores())
    page.fill("#q", "no article is called this zzzz")
    assert page.locator("#articles tbody tr:visible").count() == 0
    page.fill("#q", "")
    assert page.locator("#articles tbody tr:visible").count() == len(report.articles)
    for cat in ("contradiction", "marketing"):
        page.select_option("#cat", cat)
        expected = sum(any(f["category"] == cat for f in a["findings"]) for a in report.articles)
        assert page.locator("#articles tbody tr:visible").count() == expected
    page.select_option("#cat", "")
    n_links = page.locator("#articles tbody a[href^='articles/']").count()
    assert n_links == len(report.articles)
    w.assert_clean()


def _screenshots(w: Watched, report: Report, prefix: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    w.goto(report.out / "index.html")
    w.page.screenshot(path=str(ARTIFACTS / f"{prefix}-index.png"), full_page=True)
    busiest = max(range(len(report.articles)), key=lambda i: len(report.articles[i]["findings"]))
    w.goto(report.page(busiest))
    w.page.screenshot(path=str(ARTIFACTS / f"{prefix}-article.png"))
    assert (ARTIFACTS / f"{prefix}-article.png").stat().st_size > 0


# -- tests -------------------------------------------------------------------------------------


@pytest.mark.seeds
def test_seed_report_marks_cards_filters(watched, seeds_report):
    for i, article in enumerate(seeds_report.articles):
        _check_article_page(watched, seeds_report.page(i), article)
        _check_category_filter(watched, seeds_report.page(i), article)


@pytest.mark.seeds
def test_seed_index_and_screenshots(watched, seeds_report):
    _check_index(watched, seeds_report)
    _screenshots(watched, seeds_report, "seeds")


def test_fixture_report_marks_cards_filters(watched, fixtures_report):
    for i, article in enumerate(fixtures_report.articles):
        _check_article_page(watched, fixtures_report.page(i), article)
        _check_category_filter(watched, fixtures_report.page(i), article)
    _check_index(watched, fixtures_report)
    _screenshots(watched, fixtures_report, "fixtures")


def test_synthetic_overlaps_in_the_browser(watched, synthetic_report):
    article = synthetic_report.articles[0]
    _check_article_page(watched, synthetic_report.page(0), article)
    _check_category_filter(watched, synthetic_report.page(0), article)
    _screenshots(watched, synthetic_report, "synthetic")


def test_keyboard_opens_cards_and_back_link_returns(watched, synthetic_report):
    watched.goto(synthetic_report.page(0))
    page = watched.page
    page.click("#m-2")  # "FDA approved", nested in the contradiction #1
    assert page.evaluate("document.activeElement.id") == "card-2"
    assert "related" in page.get_attribute("#card-1", "class")
    page.focus("#m-4")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "card-4"
    page.click("#card-4 a[data-show-mark]")
    assert page.evaluate("document.activeElement.id") == "m-4"
    page.focus('button.chip[data-filter="severity"][data-value="low"]')
    page.keyboard.press("Enter")
    assert page.get_attribute('button.chip[data-value="low"]', "aria-pressed") == "false"
    assert page.locator('article.card[data-severity="low"]:visible').count() == 0
    watched.assert_clean()


def test_readable_on_a_phone(browser, synthetic_report):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    for path in (synthetic_report.page(0), synthetic_report.out / "index.html"):
        page.goto(path.resolve().as_uri())
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, path
    context.close()


def _assert_nothing_ran(w: Watched) -> None:
    page = w.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 1  # the report's own
    assert not page.title().startswith("pwned")
    handlers = page.evaluate(
        """() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
             .filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"""
    )
    assert handlers == []
    assert page.locator("img, iframe, form, object, embed").count() == 0
    bad = page.eval_on_selector_all(
        "a[href]",
        "as => as.map(a => a.getAttribute('href'))"
        ".filter(h => !/^(https?:|#|\\.\\.?\\/|articles\\/|index|rules)/i.test(h))",
    )
    assert bad == []
    w.assert_clean()


def test_hostile_articles_run_nothing(watched, fixtures_report):
    sources = [a["source"] for a in fixtures_report.articles]
    for i, src in enumerate(sources):
        watched.goto(fixtures_report.page(i))
        _assert_nothing_ran(watched)
        body = watched.page.inner_text("#article-text")
        if src.endswith("hostile.txt"):
            assert "<script>" in body and "{{ 7*7 }}" in body and "</textarea>" in body
        for key, f in enumerate(fixtures_report.articles[i]["findings"][:5], start=1):
            if f["end"] > f["start"]:  # opening a card over hostile text runs nothing either
                watched.page.click(f"#m-{key}")
                _assert_nothing_ran(watched)
    for name in ("index.html", "rules.html"):
        watched.goto(fixtures_report.out / name)
        _assert_nothing_ran(watched)


def test_synthetic_hostile_text_is_literal(watched, synthetic_report):
    watched.goto(synthetic_report.page(0))
    _assert_nothing_ran(watched)
    body = watched.page.inner_text("#article-text")
    assert "<script>window.__pwned='breakout'</script>" in body and "{{ 7*7 }}" in body
    watched.page.click("#m-6")  # the highlighted <img onerror> text
    _assert_nothing_ran(watched)
    watched.goto(synthetic_report.out / "index.html")
    assert "<script>alert(9)</script>.html" in watched.page.inner_text("body")
    _assert_nothing_ran(watched)
