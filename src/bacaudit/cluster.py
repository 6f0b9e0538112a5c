"""Audits on a Dask distributed cluster (`bacaudit audit ... --scheduler tcp://HOST:PORT`).

- Each worker process builds its Auditor once: a worker plugin carries the reference set and
  the config (a few hundred KB, sent once per worker) and builds the Auditor in `setup`;
  a worker that joins later, or is restarted, builds its own the same way.
- This process reads the inputs lazily (files and URLs are read here, as in a local run) and
  sends the documents, raw bytes and their source, in batches; it keeps a bounded window of
  batches in flight and yields the results in input order.
- Results (AuditResult objects or input errors) come back pickled; the cross-article passes
  (template boilerplate) run here, at the end, over every result, as in a local run, so the
  report is the same byte for byte.
- The time budget: a task runs in a worker thread, where no timer signal can stop it, so this
  side watches each batch; a batch that overruns is audited again one document at a time, the
  document that overruns alone becomes an input error, and the worker holding it is restarted
  (workers started by a nanny, the default of `dask worker`).

`distributed` is an optional dependency: `pip install distributed` (or `bacaudit[cluster]`).
"""

from __future__ import annotations

import hashlib
import pickle
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from .errors import BacauditError
from .models import AuditResult, Document, InputError

if TYPE_CHECKING:
    from .audit import Auditor

Item = Document | InputError
Outcome = AuditResult | InputError

BATCH = 8  # documents per task: amortises the scheduler's per-task cost (~1 ms)
WINDOW_PER_THREAD = 2  # batches in flight per worker thread
PLUGIN_PREFIX = "bacaudit-auditor"
CONNECT_TIMEOUT = 10  # seconds to reach the scheduler

try:  # the plugin must subclass WorkerPlugin when distributed is there; a stand-in otherwise
    from distributed.diagnostics.plugin import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - distributed not installed
    _PluginBase = object  # type: ignore[assignment,misc]


class AuditorPlugin(_PluginBase):  # type: ignore[misc,valid-type]
    """Builds one Auditor per worker process from the reference set and config it carries."""

    def __init__(self, refs: Any, config: Any, name: str) -> None:
        self.refs = refs
        self.config = config
        self.name = name
        self.idempotent = False

    def setup(self, worker) -> None:
        from .audit import Auditor

        worker.bacaudit_auditors = getattr(worker, "bacaudit_auditors", {})
        worker.bacaudit_auditors[self.name] = Auditor(self.refs, self.config)

    def teardown(self, worker) -> None:
        getattr(worker, "bacaudit_auditors", {}).pop(self.name, None)


def audit_batch(batch: list[Item], plugin: str) -> list[Outcome]:
    """The task: audit a batch with this worker's Auditor (built by the plugin)."""
    from distributed import get_worker

    auditor = get_worker().bacaudit_auditors[plugin]
    return [item if isinstance(item, InputError) else auditor.audit_one(item) for item in batch]


def _plugin_name(auditor: Auditor) -> str:
    """One name per reference set and config: a run with other settings gets its own Auditor."""
    digest = hashlib.sha256(pickle.dumps((auditor.refs.version, auditor.config))).hexdigest()
    return f"{PLUGIN_PREFIX}-{digest[:16]}"


def connect(address: str):
    try:
        from distributed import Client
    except ImportError:
        raise BacauditError(
            "--scheduler needs the distributed package: pip install distributed"
        ) from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise BacauditError(f"{address}: cannot reach the Dask scheduler ({exc})") from None
    except ValueError as exc:
        raise BacauditError(f"{address}: not a scheduler address ({exc})") from None


def audit_on_cluster(
    documents: Iterable[Item],
    auditor: Auditor,
    address: str,
    batch_size: int = BATCH,
) -> Iterator[Outcome]:
    """Audit `documents` on the cluster at `address`, yielding outcomes in input order."""
    from .parallel import backstop_seconds

    client = connect(address)
    try:
        name = _plugin_name(auditor)
        client.register_plugin(AuditorPlugin(auditor.refs, auditor.config, name), name=name)
        threads = max(1, sum(client.nthreads().values()))
        limit = threads * WINDOW_PER_THREAD
        budget = auditor.config.article_timeout
        it = iter(documents)
        window: deque[tuple[Any, list[Item]]] = deque()
        retry: deque[list[Item]] = deque()
        done = False
        while True:
            while len(window) < limit and (retry or not done):
                batch = retry.popleft() if retry else list(islice(it, batch_size))
                if not batch:
                    done = True
                    continue
                window.append((client.submit(audit_batch, batch, name, pure=False), batch))
            if not window:
                break
            future, batch = window.popleft()
            try:
                outcomes = future.result(timeout=backstop_seconds(budget, len(batch)))
            except TimeoutError:
                _restart_holder(client, future)
                if len(batch) > 1:
                    retry.extendleft(reversed([[item] for item in batch]))
                    continue
                outcomes = [_overran(batch[0], budget)]
            except Exception as exc:  # the task's worker died more than the scheduler allows
                if len(batch) > 1:
                    retry.extendleft(reversed([[item] for item in batch]))
                    continue
                outcomes = [_lost(batch[0], exc)]
            yield from outcomes
    finally:
        client.close()


def _overran(item: Item, budget: float) -> Outcome:
    from .budget import ArticleTimeout

    if isinstance(item, InputError):
        return item
    return InputError(item.source, ArticleTimeout(item.source, budget).reason)


def _lost(item: Item, exc: Exception) -> Outcome:
    if isinstance(item, InputError):
        return item
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
    return InputError(item.source, f"could not be audited on the cluster ({detail})")


def _restart_holder(client, future) -> None:
    """Restart the worker stuck on `future` (its thread cannot be stopped from outside)."""
    try:
        holders = [w for w, keys in client.processing().items() if future.key in keys]
        future.cancel()
        if holders:
            client.restart_workers(holders, raise_for_error=False)
    except Exception:  # pragma: no cover - a worker without a nanny: leave it, report the input
        pass
