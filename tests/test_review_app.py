"""`bacaudit serve` over HTTP (a real uvicorn server on 127.0.0.1): the guard on every request,
CSRF on forms, decisions recorded and shown, safe redirects. The browser flow is in
test_browser_review.py."""

from __future__ import annotations

import json
import re
from argparse import Namespace
from pathlib import Path

import pytest
import requests

from bacaudit.cli import main as cli_main
from bacaudit.errors import BacauditError
from bacaudit.review.decisions import DecisionStore
from conftest import FIXTURES
from review_helpers import TOKEN, serving

GUIDE = FIXTURES / "markdown" / "naltrexone-guide.md"


@pytest.fixture(scope="module")
def results_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serve") / "audit.json"
    assert cli_main(["audit", str(GUIDE), "--format", "json", "--out", str(out)]) in (0, 1)
    return out


def _args(results: Path, **kw) -> Namespace:
    base = dict(
        db=None, results=str(results), decisions_db=None, host="127.0.0.1", port=0,
        token=None, reviewer="Ana", refs=None,
    )
    base.update(kw)
    return Namespace(**base)


def _state(results: Path, **kw):
    from bacaudit.commands.serve import build_state

    return build_state(_args(results, **kw))


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def test_non_loopback_address_needs_a_token(results_file, monkeypatch, capsys):
    monkeypatch.delenv("BACAUDIT_SERVE_TOKEN", raising=False)
    with pytest.raises(BacauditError, match="give --token"):
        _state(results_file, host="0.0.0.0")
    assert cli_main(["serve", "--results", str(results_file), "--host", "0.0.0.0"]) == 2
    assert "--token" in capsys.readouterr().err
    monkeypatch.setenv("BACAUDIT_SERVE_TOKEN", TOKEN)
    assert _state(results_file, host="0.0.0.0").token == TOKEN


def test_every_request_needs_the_token_when_one_is_set(results_file, tmp_path):
    state = _state(results_file, token=TOKEN, decisions_db=str(tmp_path / "d.sqlite"))
    with serving(state) as base:
        for path in ("/", "/index.html", "/rules.html", "/articles/x.html", "/nope"):
            assert requests.get(base + path, timeout=5).status_code == 401, path
        assert requests.post(base + "/decide", data={"a": "b"}, timeout=5).status_code == 401
        assert requests.get(base + "/?token=wrong-token-123", timeout=5).status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert requests.get(base + "/", headers=auth, timeout=5).status_code == 200
        s = requests.Session()
        first = s.get(f"{base}/?token={TOKEN}", timeout=5, allow_redirects=False)
        assert first.status_code == 303 and "token" not in first.headers["location"]
        assert s.get(base + first.headers["location"], timeout=5).status_code == 200


def test_loopback_refuses_other_host_names(results_file, tmp_path):
    state = _state(results_file, decisions_db=str(tmp_path / "d.sqlite"))
    with serving(state) as base:
        assert requests.get(base + "/", timeout=5).status_code == 200
        evil = requests.get(base + "/", headers={"Host": "attacker.example"}, timeout=5)
        assert evil.status_code == 421


def test_pages_carry_the_strict_policy(results_file, tmp_path):
    state = _state(results_file, decisions_db=str(tmp_path / "d.sqlite"))
    with serving(state) as base:
        r = requests.get(base + "/", timeout=5)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "form-action 'self'" in csp
        assert "script-src 'sha256-" in csp and "unsafe" not in csp
        assert r.headers["x-frame-options"] == "DENY"


def test_decide_needs_csrf_and_same_origin_then_records(results_file, tmp_path):
    db = tmp_path / "d.sqlite"
    state = _state(results_file, decisions_db=str(db))
    with serving(state) as base:
        s = requests.Session()
        index = s.get(base + "/", timeout=5).text
        page = re.search(r'href="(articles/[^"]+)"', index).group(1)
        html = s.get(f"{base}/{page}", timeout=5).text
        fp = re.search(r'name="fingerprint" value="([0-9a-f]+)"', html).group(1)
        form = {"fingerprint": fp, "action": "dismiss", "reason": "wont_fix", "note": "known",
                "next": f"/{page}", "card": "1"}
        assert s.post(base + "/decide", data=form, timeout=5).status_code == 403  # no csrf
        form["csrf"] = _csrf(html)
        other = requests.post(base + "/decide", data=form, timeout=5)  # no session cookie
        assert other.status_code == 403
        cross = s.post(base + "/decide", data=form, headers={"Origin": "http://evil.example"},
                       timeout=5)
        assert cross.status_code == 403
        with DecisionStore(db) as store:
            assert store.all() == {}
        ok = s.post(base + "/decide", data=form, timeout=5, allow_redirects=False)
        assert ok.status_code == 303 and ok.headers["location"] == f"/{page}#card-1"
        with DecisionStore(db) as store:
            d = store.get(fp)
        assert (d.status, d.reason, d.note, d.by) == ("dismissed", "wont_fix", "known", "Ana")
        shown = s.get(f"{base}/{page}?status=dismissed", timeout=5).text
        assert shown.count('data-status="dismissed"') >= 1
        assert 'data-status="open"' not in shown
        form["action"] = "accept"
        assert s.post(base + "/decide", data=form, timeout=5).status_code == 200
        with DecisionStore(db) as store:
            assert (store.get(fp).status, store.get(fp).reason) == ("accepted", "to_fix")
        # a redirect target off this app is never followed
        form["next"] = "https://evil.example/"
        away = s.post(base + "/decide", data=form, timeout=5, allow_redirects=False)
        assert away.headers["location"] == "/#card-1"


def test_reviewer_name_is_recorded(results_file, tmp_path):
    db = tmp_path / "d.sqlite"
    state = _state(results_file, decisions_db=str(db))
    with serving(state) as base:
        s = requests.Session()
        index = s.get(base + "/", timeout=5).text
        r = s.post(base + "/reviewer", data={"csrf": _csrf(index), "by": "Bo  Chen", "next": "/"},
                   timeout=5)
        assert r.status_code == 200 and 'value="Bo Chen"' in r.text


def test_results_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "audit.jsonl"
    bad.write_text('{"source": "a", "findings": []}\nnot json\n')
    state = _state(bad)
    with pytest.raises(BacauditError, match=r"audit\.jsonl: line 2 is not JSON"):
        state.snapshot()


def test_jsonl_results_are_read(tmp_path, results_file):
    articles = json.loads(results_file.read_text())["articles"]
    jsonl = tmp_path / "audit.jsonl"
    lines = [json.dumps(a) for a in articles] + [json.dumps({"summary": {"articles": 1}})]
    jsonl.write_text("\n".join(lines) + "\n")
    snap = _state(jsonl).snapshot()
    assert [r.article.source for r in snap.results] == [a["source"] for a in articles]
    assert [f.fingerprint for f in snap.results[0].findings] == [
        f["fingerprint"] for f in articles[0]["findings"]
    ]
