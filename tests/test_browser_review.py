"""Triage in a real headless Chromium against `bacaudit serve` over a real crawl database.

A small site on 127.0.0.1 is crawled, served with a token, a finding is dismissed in the page;
it stays dismissed on reload and after the site is crawled again (the crawl counts it as
dismissed and leaves it out of its reports); a request without the token is refused; the
hostile article's script never runs.
"""

from __future__ import annotations

import json
from argparse import Namespace

import pytest

from bacaudit.crawl import run_crawl
from report_helpers import CHROMIUM_ARGS, chromium_path
from review_helpers import PROMO_LINE, TOKEN, crawl_job, serving, site_server, write_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    exe = chromium_path()
    if not exe:
        pytest.skip("chromium not installed (Debian: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    pw = sync_api.sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
    except Exception as exc:  # a broken browser install is an environment problem
        pw.stop()
        pytest.skip(f"chromium at {exe} did not start: {exc}")
    yield b
    b.close()
    pw.stop()


def _watch(page) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {"errors": [], "dialogs": [], "requests": []}
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))

    def on_dialog(d):
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    return seen


def _promo_card(page):
    return page.locator("article.card", has_text=PROMO_LINE).filter(
        has=page.locator('[data-rule="BA301"], a[href$="#BA301"]')
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The small site on 127.0.0.1, crawled once; the triage test crawls it again."""
    tmp = tmp_path_factory.mktemp("review-site")
    write_site(tmp / "site")
    with site_server(tmp / "site") as base:
        yield base, tmp


def _state(db, token):
    from bacaudit.commands.serve import build_state

    return build_state(
        Namespace(db=db, results=None, decisions_db=None, host="127.0.0.1", port=0,
                  token=token, reviewer="Ana", refs=None)
    )


@pytest.fixture(scope="module")
def first_run(site, auditor):
    job = crawl_job(*site)
    return job, run_crawl(job, auditor=auditor, log=lambda line: None)


def test_hostile_article_runs_nothing(browser, first_run):
    job, _ = first_run
    with serving(_state(job.db, None)) as base:
        context = browser.new_context()
        page = context.new_page()
        seen = _watch(page)
        page.goto(f"{base}/")
        links = page.eval_on_selector_all(
            "table#articles a", "as => as.map(a => a.getAttribute('href'))"
        )
        assert len(links) >= 2
        literal = []
        for href in links:
            page.goto(f"{base}/{href}")
            literal.append("<script>" in page.inner_text("#article-text"))
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert page.evaluate("document.scripts.length") == 1  # the report's own
            assert not page.title().startswith("pwned")
            handlers = page.evaluate(
                """() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
                     .filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"""
            )
            assert handlers == []
            assert page.locator("img, iframe, object, embed").count() == 0
            actions = page.eval_on_selector_all(
                "form", "fs => fs.map(f => f.getAttribute('action'))"
            )
            assert set(actions) <= {"/decide", "/reviewer"}
            for mark in page.locator("mark[data-finding]").all()[:4]:
                mark.click()  # opening a card over hostile text runs nothing either
            assert page.evaluate("typeof window.__pwned") == "undefined"
        assert any(literal), "the hostile article's markup-looking text is shown as text"
        assert seen["dialogs"] == [] and seen["errors"] == []
        assert all(u.startswith(base) for u in seen["requests"])
        context.close()


def test_triage_survives_reload_and_a_new_crawl(browser, auditor, first_run):
    job, first = first_run
    assert first.counts["dismissed"] == 0 and first.counts["findings"] > 0
    with serving(_state(job.db, TOKEN)) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        seen = _watch(page)
        page.goto(f"{base}/?token={TOKEN}")
        assert page.url == f"{base}/"  # the token moved into a cookie, out of the URL
        assert "crawl run 1" in page.inner_text(".review-summary")
        page.click("table#articles a:has-text('Starting baclofen safely')")
        article_url = page.url
        card = _promo_card(page)
        assert card.count() == 1
        card.locator('input[name="note"]').fill("our own hotline, kept on purpose")
        card.locator('select[name="reason"]').select_option("wont_fix")
        card.locator('button[value="dismiss"]').click()
        page.wait_for_load_state("load")
        card = _promo_card(page)
        assert card.locator(".decision").get_attribute("data-status") == "dismissed"
        assert "our own hotline" in card.inner_text() and "by Ana" in card.inner_text()

        page.reload()
        card = _promo_card(page)
        assert card.locator(".decision").get_attribute("data-status") == "dismissed"

        # the site is crawled again: the decision holds, and the crawl counts it
        second = run_crawl(job, auditor=auditor, log=lambda line: None)
        assert second.run_id == first.run_id + 1
        assert second.counts["dismissed"] == 1
        report = json.loads((second.out_dir / "report.json").read_text(encoding="utf-8"))
        texts = [(f["rule"], f["text"]) for a in report["articles"] for f in a["findings"]]
        assert ("BA301", PROMO_LINE) not in texts  # hidden from the run's reports
        page.goto(article_url)
        card = _promo_card(page)
        assert card.locator(".decision").get_attribute("data-status") == "dismissed"
        page.goto(f"{base}/")
        summary = page.inner_text(".review-summary")
        assert "crawl run 2" in summary and "Dismissed (1)" in summary
        page.click("a[data-status-count='dismissed']")
        rows = page.locator("table#articles tbody tr")
        assert rows.count() == 1 and "Starting baclofen safely" in rows.inner_text()

        # reopen brings it back
        page.goto(article_url)
        _promo_card(page).locator('button[value="reopen"]').click()
        page.wait_for_load_state("load")
        assert _promo_card(page).locator(".decision").get_attribute("data-status") == "open"
        assert seen["errors"] == [] and seen["dialogs"] == []
        assert all(u.startswith(base) for u in seen["requests"])

        # no token, no page
        stranger = browser.new_context()
        response = stranger.new_page().goto(f"{base}/")
        assert response.status == 401
        assert "token is required" in response.text()
        stranger.close()
        context.close()

