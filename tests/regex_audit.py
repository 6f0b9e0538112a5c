"""Finds regular expressions of bacaudit that backtrack super-linearly on crafted input.

Run as a script (a process of its own, so the patched `re` never touches the test session):

    python tests/regex_audit.py [--self-check]

Collection is by introspection, not a list kept by hand: `re._compile` is wrapped before
bacaudit is imported, so every pattern compiled by a bacaudit module is recorded, whether at
import (module constants, rule tables), when the auditor is built (patterns made from the
reference set and lexicons), or inline while articles are audited (`re.search(r"...", text)`).
The examples and HTML fixtures are audited once to reach the inline ones.

Only patterns compiled by modules that read article text are kept (ARTICLE_MODULES). Each is
then driven with long crafted strings: runs of one character, runs of two, words and the
pattern's own literal words repeated, each ending in characters that make the match fail
late. A pattern is reported when searching or scanning an 8,000-character string takes over
0.1 s of CPU (the least of three runs) and grows much faster than the string (over 6 times for 4
times the length), or when a single call runs over 2 s. Prints one JSON object: {"patterns": N,
"modules": [...], "slow": [...]}.
"""

from __future__ import annotations

import json
import re
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHORT, LONG = 2_000, 8_000
SLOW_SECONDS = 0.1
GROWTH = 6.0
CAP_SECONDS = 2.0
# Modules whose patterns run on article text (or on the page being extracted); the others
# read the reference set, config, file names and URLs.
ARTICLE_MODULES = (
    "bacaudit.audit",
    "bacaudit.citations",
    "bacaudit.claims",
    "bacaudit.extract",
    "bacaudit.ingest.sniff",
    "bacaudit.nlp",
    "bacaudit.report.highlight",
    "bacaudit.report.text",
    "bacaudit.rules",
    "bacaudit.streaming",
    "bacaudit.verify",
)

_recorded: dict[tuple[str, int], str] = {}
STARTED = time.perf_counter()


def _caller_module() -> str | None:
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name not in ("re", "functools") and not name.startswith(("re.", "sre_", "enum")):
            return name
        frame = frame.f_back
    return None


def install_recorder() -> None:
    original = re._compile  # type: ignore[attr-defined]

    def recording(pattern, flags):
        compiled = original(pattern, flags)
        if isinstance(pattern, str):
            module = _caller_module()
            if module and module.startswith(ARTICLE_MODULES):
                _recorded.setdefault((pattern, int(flags)), module)
        return compiled

    re._compile = recording  # type: ignore[attr-defined]


def exercise_bacaudit() -> None:
    """Import every module and audit real inputs, so every pattern gets compiled."""
    import importlib
    import pkgutil

    import bacaudit

    for info in pkgutil.walk_packages(bacaudit.__path__, "bacaudit."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
    from bacaudit.audit import Auditor
    from bacaudit.config import Config
    from bacaudit.reference import load_reference_set
    from bacaudit.report import writers
    from bacaudit.streaming import stream_run

    auditor = Auditor(load_reference_set(), Config(article_timeout=0))
    inputs = [str(ROOT / "examples"), str(ROOT / "tests" / "fixtures" / "html")]
    out = open("/dev/null", "w", encoding="utf-8")  # noqa: SIM115 - closed below
    try:
        for fmt in ("text", "csv"):
            writer = writers.writer_class(fmt)(out, None)
            stream_run(auditor, auditor.audit_inputs(inputs), [writer])
    except Exception:  # the point is to compile patterns; a report quirk must not hide them
        pass
    finally:
        out.close()


# Runs that make a pattern retry from every position: whitespace of each kind, letters, digits,
# punctuation, and pairs of them; each string ends in characters no pattern expects.
_UNITS = [" ", "\n", "\t", "\u00a0", "a", "A", "1", ".", "-", "'", "a.", "1.", "a-", "a ", "1 ",
    "a'", ", ", "A. ", "a\n", " \n", "1,", "<p>", "word ", "Word. "]  # fmt: skip


def attack_strings(pattern: str, length: int) -> list[str]:
    literals = sorted(set(re.findall(r"[A-Za-z]{3,}", pattern)), key=len)[-6:]
    units = _UNITS + [f"{w} " for w in literals]
    return [unit * max(1, length // len(unit)) + "!\x00" for unit in units]


class _Cap(Exception):
    pass


def _timed(fn, arg: str) -> float:
    """CPU seconds of `fn(arg)`, capped at CAP_SECONDS of CPU: a busy machine that pauses the
    process does not make a pattern look slow."""

    def expire(signum, frame):
        raise _Cap

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, CAP_SECONDS)
    started = time.process_time()
    try:
        fn(arg)
    except _Cap:
        return float("inf")
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    return time.process_time() - started


def _scan(compiled: re.Pattern):
    def run(s: str) -> None:
        for _ in compiled.finditer(s):
            pass

    return run


def slow_cases(pattern: str, flags: int) -> list[dict]:
    compiled = re.compile(pattern, flags)
    slow = []
    longs = attack_strings(pattern, LONG)
    shorts = attack_strings(pattern, SHORT)
    for long, short in zip(longs, shorts, strict=True):
        for how, fn in (("search", compiled.search), ("finditer", _scan(compiled))):
            t_long = _timed(fn, long)
            if t_long < SLOW_SECONDS:
                continue
            if t_long != float("inf"):
                # a shared machine pauses processes: the least of three runs is the pattern's
                t_long = min(t_long, _timed(fn, long), _timed(fn, long))
                if t_long < SLOW_SECONDS:
                    continue
            t_short = min(_timed(fn, short) for _ in range(3 if t_long != float("inf") else 1))
            if t_long == float("inf") or t_long > GROWTH * max(t_short, 1e-4):
                slow.append(
                    {
                        "how": how,
                        "input": (long[:24] + "…") if len(long) > 24 else long,
                        "seconds": None if t_long == float("inf") else round(t_long, 3),
                        "short_seconds": None if t_short == float("inf") else round(t_short, 4),
                    }
                )
                break
        if slow:
            break
    return slow


def main(argv: list[str]) -> int:
    if "--self-check" in argv:  # the detector itself: patterns known to backtrack
        patterns = {(r"^(\w+\s?)+$", 0): "known", (r"\s+$", 0): "known", (r"\w+\.", 0): "known"}
    else:
        install_recorder()
        exercise_bacaudit()
        patterns = dict(_recorded)
    report = {"patterns": len(patterns), "modules": sorted(set(patterns.values())), "slow": []}
    for (pattern, flags), module in sorted(patterns.items(), key=lambda kv: (kv[1], kv[0][0])):
        cases = slow_cases(pattern, flags)
        if cases:
            report["slow"].append(
                {"module": module, "pattern": pattern[:300], "flags": flags, "cases": cases}
            )
    report["seconds"] = round(time.perf_counter() - STARTED, 1)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main(sys.argv[1:]))
