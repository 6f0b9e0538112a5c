"""Property-based fuzzing of the whole pipeline with mutated copies of our own pages.

In the suite it runs a small, fixed sample (48 inputs). `make fuzz` sets FUZZ_INPUTS (100,000
split over two processes), FUZZ_BATCH (inputs rendered per report) and a random seed, and
prints a progress line every FUZZ_PROGRESS inputs. Every input that ever failed is kept under
tests/fixtures/fuzz/ and replayed here on every run. See fuzz_harness.py.
"""

from __future__ import annotations

import os
import sys
import time

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from fuzz_harness import SEEDS, batches, check_batch, load_regressions

LONG_RUN = "FUZZ_INPUTS" in os.environ
INPUTS = int(os.environ.get("FUZZ_INPUTS", "48"))
BATCH = int(os.environ.get("FUZZ_BATCH", "4"))
PROGRESS = int(os.environ.get("FUZZ_PROGRESS", "2000"))

settings.register_profile(
    "fuzz",
    max_examples=max(1, -(-INPUTS // BATCH)),
    deadline=None,
    database=None,
    derandomize=not LONG_RUN,  # the suite's sample is fixed; `make fuzz` passes a seed
    # A failing input is kept as a fixture as it is: shrinking would only add near-copies.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


class Tally:
    def __init__(self) -> None:
        self.inputs = 0
        self.started = time.monotonic()

    def add(self, n: int) -> None:
        before, self.inputs = self.inputs, self.inputs + n
        if LONG_RUN and before // PROGRESS != self.inputs // PROGRESS:
            self.say(f"{self.inputs} inputs")

    def say(self, what: str) -> None:
        elapsed = time.monotonic() - self.started
        print(f"fuzz[{os.getpid()}]: {what} in {elapsed:.0f} s", file=sys.__stderr__, flush=True)


@pytest.fixture(scope="module")
def tally():
    t = Tally()
    yield t
    if LONG_RUN:
        t.say(f"finished: {t.inputs} inputs checked, mutated from {len(SEEDS)} seed pages")


@settings(settings.get_profile("fuzz"))
@given(batch=batches(BATCH))
def test_mutated_pages_never_break_the_pipeline(auditor, tally, batch):
    tally.add(check_batch(auditor, batch))


REGRESSIONS = load_regressions()


@pytest.mark.skipif(not REGRESSIONS, reason="no fuzz regression fixtures yet")
def test_every_input_that_ever_failed_now_passes(auditor):
    for i in range(0, len(REGRESSIONS), 4):
        check_batch(auditor, REGRESSIONS[i:i + 4])
