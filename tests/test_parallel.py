"""`--jobs N`: worker processes give the same report, byte for byte, as one process."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from itertools import count, islice
from pathlib import Path

import pytest

from bacaudit.errors import BacauditError
from bacaudit.models import AuditResult, Document, InputError
from bacaudit.parallel import DEFAULT_BATCH, WINDOW_PER_WORKER, cpu_count, resolve_jobs

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bacaudit", "audit", "--no-progress", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def _same_with_two_jobs(*inputs: str) -> tuple[dict, list[str]]:
    """Both runs' JSON and standard error, which must be identical; returns them parsed."""
    one = _cli(*inputs, "--format", "json", "--jobs", "1")
    two = _cli(*inputs, "--format", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    return json.loads(one.stdout), one.stderr.splitlines()


def test_examples_and_unreadable_inputs_give_the_same_report_with_two_jobs(tmp_path):
    blank = tmp_path / "blank.txt"
    blank.write_text("   \n\n  ", encoding="utf-8")  # fails in a worker: no readable text
    missing = tmp_path / "missing.txt"  # fails while reading, in the parent
    bad_scheme = "ftp://example.invalid/page"
    report, stderr = _same_with_two_jobs(
        str(EXAMPLES / "personal-essay.txt"), str(missing), "examples", str(blank), bad_scheme
    )
    examples = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html"))
    sources = [a["source"] for a in report["articles"]]
    assert sources[0] == str(EXAMPLES / "personal-essay.txt")
    assert len(sources) == 1 + len(examples)
    assert any(a["findings"] for a in report["articles"])
    assert [e["source"] for e in report["errors"]] == [str(missing), str(blank), bad_scheme]
    assert [line.split(": ")[1] for line in stderr] == [str(missing), str(blank), bad_scheme]
    assert all(line.startswith("bacaudit: ") for line in stderr)


def test_seed_report_is_identical_with_two_jobs(seeds_dir):
    report, stderr = _same_with_two_jobs(str(seeds_dir))
    assert stderr == []
    assert len(report["articles"]) == len(list(seeds_dir.glob("*.txt")))
    assert any(c["verdict"] == "contradicted" for a in report["articles"] for c in a["claims"])


def test_jobs_must_not_be_negative():
    run = _cli("examples", "--jobs", "-2")
    assert run.returncode == 2
    assert "--jobs" in run.stderr
    assert "Traceback" not in run.stderr
    with pytest.raises(BacauditError):
        resolve_jobs(-1)
    assert resolve_jobs(0) == cpu_count() >= 1
    assert resolve_jobs(3) == 3


# -- the API, in this process -----------------------------------------------------------------


def _doc(i: int) -> Document | InputError:
    if i % 7 == 3:
        return InputError(f"bad#{i}", "could not be read")
    if i % 7 == 5:
        return Document(source=f"empty#{i}", content=b"  \n", kind="text", encoding="utf-8")
    text = (
        f"Article {i}.\n\nBaclofen is a muscle relaxant. The usual dose is {5 + i % 4} mg "
        "three times a day.\n\nCall now for a free assessment!"
    )
    return Document(source=f"doc#{i}", content=text.encode(), kind="text", encoding="utf-8")


def _as_json(items) -> list[dict]:
    return [
        {"article": r.to_dict()} if isinstance(r, AuditResult) else {"error": r.to_dict()}
        for r in items
    ]


def test_api_results_keep_input_order_and_match_one_process(auditor):
    docs = [_doc(i) for i in range(15)]
    serial = _as_json(auditor.audit_documents(docs))
    parallel = _as_json(auditor.audit_documents(iter(docs), jobs=2))
    assert parallel == serial
    assert [next(iter(d.values()))["source"] for d in parallel] == [d.source for d in docs]
    assert {"error": {"source": "empty#5", "error": "no readable text"}} in parallel


def test_input_is_read_lazily_and_abandoning_the_run_stops_the_workers(auditor):
    pulled = count()

    def endless():
        for i in count():
            next(pulled)
            yield _doc(i * 7)  # i * 7 % 7 == 0: always a readable article

    results = auditor.audit_documents(endless(), jobs=2)
    first = list(islice(results, 4))
    assert [r.article.source for r in first] == ["doc#0", "doc#7", "doc#14", "doc#21"]
    in_flight = next(pulled) - len(first)
    assert 0 < in_flight <= 2 * WINDOW_PER_WORKER * DEFAULT_BATCH + DEFAULT_BATCH
    results.close()
    assert multiprocessing.active_children() == []


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_ctrl_c_ends_a_parallel_run_with_one_line_and_no_workers_left(tmp_path):
    texts = sorted(EXAMPLES.glob("*.txt"))
    for i in range(60):
        for t in texts:
            (tmp_path / f"{i:03d}-{t.name}").write_bytes(t.read_bytes())
    proc = subprocess.Popen(
        [sys.executable, "-m", "bacaudit", "audit", str(tmp_path), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 60
        while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            workers = _children(proc.pid)
        assert len(workers) == 2, "the workers never started"
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the whole group
        stderr = proc.communicate(timeout=30)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert stderr == "bacaudit: interrupted\n"
    assert not [w for w in workers if Path(f"/proc/{w}").exists()]
