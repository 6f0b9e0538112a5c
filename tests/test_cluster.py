"""`--scheduler`: a real Dask cluster on 127.0.0.1 (two worker processes) gives the same report,
byte for byte, as a local run."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        memory_limit="1GiB",
    ) as c:
        yield c


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bacaudit", "audit", "--no-progress", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def _local_jsonl(auditor, inputs: list[str]) -> str:
    """What `bacaudit audit INPUTS --format jsonl` writes, run here in one process."""
    from bacaudit.report.writers import writer_class
    from bacaudit.streaming import stream_run

    buf = io.StringIO()
    stream_run(auditor, auditor.audit_inputs(inputs), [writer_class("jsonl")(buf, auditor.refs)])
    return buf.getvalue()


def test_cluster_run_equals_a_local_run_byte_for_byte(cluster, auditor, tmp_path):
    missing = tmp_path / "missing.txt"
    inputs = [str(EXAMPLES), str(missing), str(EXAMPLES / "personal-essay.txt")]
    remote = _cli(*inputs, "--format", "jsonl", "--scheduler", cluster.scheduler_address)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == _local_jsonl(auditor, inputs)
    assert remote.stderr.startswith(f"bacaudit: {missing}: ")
    assert '"type":"update"' in remote.stdout  # the cross-article pass ran on the results

    # each worker process built one Auditor, through the plugin, and keeps it
    with distributed.Client(cluster.scheduler_address) as client:
        built = client.run(lambda dask_worker: len(dask_worker.bacaudit_auditors))
    assert sorted(built.values()) == [1, 1]


def test_api_results_come_back_in_input_order(cluster, auditor):
    from bacaudit.cluster import audit_on_cluster
    from bacaudit.models import AuditResult, Document, InputError

    docs: list[Document | InputError] = [
        Document(
            source=f"doc#{i}",
            content=f"Article {i}. The usual dose of baclofen is {5 + i} mg.".encode(),
            kind="text",
            encoding="utf-8",
        )
        for i in range(5)
    ]
    docs.insert(2, InputError("gone.txt", "file not found"))
    docs.append(Document(source="blank", content=b"  \n", kind="text", encoding="utf-8"))
    remote = list(audit_on_cluster(iter(docs), auditor, cluster.scheduler_address, batch_size=2))
    local = list(auditor.audit_documents(docs))

    def as_dicts(items):
        return [i.to_dict() for i in items]

    assert as_dicts(remote) == as_dicts(local)
    assert isinstance(remote[0], AuditResult)
    assert [type(o).__name__ for o in remote].count("InputError") == 2


def test_an_unreachable_scheduler_is_one_line(monkeypatch):
    from bacaudit import cluster as cluster_module
    from bacaudit.errors import BacauditError

    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 1)
    with pytest.raises(BacauditError) as err:
        cluster_module.connect("tcp://127.0.0.1:9")
    message = str(err.value)
    assert message.startswith("tcp://127.0.0.1:9: cannot reach the Dask scheduler")
    assert "\n" not in message
