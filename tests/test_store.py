"""The crawl database: named migrations, WAL, one write path, audits carried between runs."""

from __future__ import annotations

import sqlite3

import pytest

from bacaudit.models import Article, AuditResult, Block, Finding, ReferenceRef
from bacaudit.store import MIGRATIONS, PageRow, Store, findings_dataframe, result_from_dict


def make_result(text: str, flagged: str, rule: str = "BA301") -> AuditResult:
    start = text.index(flagged)
    article = Article(
        source="http://site.example/a",
        text=text,
        blocks=[Block("paragraph", text, 0, len(text))],
        kind="html",
        title="A page",
    )
    finding = Finding(
        category="contradiction",
        rule=rule,
        severity="high",
        text=flagged,
        start=start,
        end=start + len(flagged),
        message="Says something the label does not.",
        reference=ReferenceRef("x.y", "The label says so.", "https://ref.example/label"),
        name="SomethingWrong",
    )
    return AuditResult(article, [], [finding], 80, {"contradiction": 20})


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "c.sqlite")
    yield s
    s.close()


def test_pragmas_and_named_migrations(store, tmp_path):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    names = [r[0] for r in store.conn.execute("SELECT name FROM migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    assert store.migrate() == []  # nothing left to apply: reopening is harmless
    again = Store(tmp_path / "c.sqlite")
    assert again.migrate() == [] and again.runs() == []
    again.close()


def test_migration_names_are_unique_and_ordered():
    names = [n for n, _ in MIGRATIONS]
    assert len(names) == len(set(names)) and names == sorted(names)


def test_writes_only_through_the_write_path(store):
    with pytest.raises(RuntimeError, match=r"inside Store\.write"):
        store.add_frontier(1, "http://site.example/", 0, "start")


def test_a_failed_transaction_leaves_nothing(store):
    run = store.start_run("job", {})
    with pytest.raises(ZeroDivisionError), store.write():
        store.add_frontier(run, "http://site.example/", 0, "start")
        _ = 1 / 0
    assert store.pending(run) == []


def test_foreign_keys_are_enforced(store):
    with pytest.raises(sqlite3.IntegrityError), store.write():
        store.add_frontier(999, "http://site.example/", 0, "start")


def test_frontier_dedupes_and_keeps_discovery_order(store):
    run = store.start_run("job", {})
    with store.write():
        assert store.add_frontier(run, "http://site.example/b", 0, "start")
        assert store.add_frontier(run, "http://site.example/a", 1, "link")
        assert not store.add_frontier(run, "http://site.example/b", 3, "link")
        store.mark_alias(run, "http://site.example/a", "http://site.example/b", 0)
    assert store.pending(run) == [("http://site.example/b", 0)]
    with store.write():
        store.set_state(run, "http://site.example/b", "done")
    assert store.requested_count(run) == 1 and store.pending(run) == []


def test_audit_round_trip_and_carry_forward(store, tmp_path):
    text = "Baclofen is fine.\n\nIt is a Schedule III drug, they say."
    result = make_result(text, "It is a Schedule III drug, they say.")
    run1 = store.start_run("job", {})
    with store.write():
        audit1 = store.record_audit(run1, "http://site.example/a", "http://site.example/a", result)
        store.save_page(
            PageRow(
                "http://site.example/a",
                "http://site.example/a",
                '"e1"',
                None,
                result.article.text_sha256,
                200,
                run1,
                audit1,
                ["http://site.example/b"],
            )
        )
        store.finish_run(run1, {"findings": 1}, {})
    page = store.page("http://site.example/a")
    assert page is not None and page.etag == '"e1"' and page.links == ["http://site.example/b"]

    back = store.results(run1)[0]
    assert back.article.text == text and back.article.text_sha256 == result.article.text_sha256
    assert back.article.blocks[0].text == text
    f = back.findings[0]
    assert f.fingerprint == result.findings[0].fingerprint
    assert text[f.start : f.end] == f.text
    assert f.reference is not None and f.reference.source_url == "https://ref.example/label"

    run2 = store.start_run("job", {})
    with store.write():
        audit2 = store.carry_audit(run2, audit1, "http://site.example/a")
    row = store.audit_row(audit2)
    assert row["carried_from"] == audit1 and row["run_id"] == run2
    assert store.finding_keys(run2).keys() == store.finding_keys(run1).keys()
    assert store.counts(run2)["carried"] == 1 and store.counts(run2)["audited"] == 0

    df = findings_dataframe(tmp_path / "c.sqlite")
    assert list(df["run_id"]) == [run2] and bool(df["carried"].iloc[0])
    assert df["fingerprint"].iloc[0] == result.findings[0].fingerprint
    assert len(findings_dataframe(tmp_path / "c.sqlite", run_id=run1)) == 1


def test_result_from_dict_tolerates_missing_blocks():
    r = result_from_dict({"source": "s", "findings": [], "claims": []}, "plain text")
    assert r.article.text == "plain text" and r.article.blocks == [] and r.score == 100


def test_unfinished_run_is_found_for_resume(store):
    a = store.start_run("nightly", {})
    store.start_run("other", {})
    assert store.unfinished_run("nightly") == a
    with store.write():
        store.finish_run(a, {}, {})
    assert store.unfinished_run("nightly") is None
    assert store.previous_completed_run("nightly", before=a + 10) == a


def test_history_command_on_missing_and_broken_files(tmp_path, capsys):
    from bacaudit.cli import main

    assert main(["history", "--db", str(tmp_path / "none.sqlite")]) == 2
    assert "no such crawl database" in capsys.readouterr().err
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    assert main(["history", "--db", str(junk)]) == 2
    err = capsys.readouterr().err
    assert "not a crawl database" in err and "Traceback" not in err
    empty = tmp_path / "empty.sqlite"
    Store(empty).close()
    assert main(["history", "--db", str(empty)]) == 0
    assert "(no runs yet)" in capsys.readouterr().out
