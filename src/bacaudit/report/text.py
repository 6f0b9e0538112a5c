"""Terminal summary: what an editor reads first, one article after another.

Colour only on a terminal and never when NO_COLOR is set (https://no-color.org). Article text
is untrusted: control characters (an ANSI escape in a page could rewrite the terminal) are
shown as visible `\\xNN` instead of being written raw.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import IO

from ..models import CATEGORIES, SEVERITIES, AuditResult, Finding, InputError
from .writers import ReportWriter, RunSummary, feed, register_writer

SHORT = 80
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SEV_COLOUR = {"high": "31;1", "medium": "33", "low": "36"}


def use_colour(stream: IO[str], env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and env.get("TERM") != "dumb"


def clean(value: object) -> str:
    """One line of untrusted text, safe to print: control characters made visible."""
    flat = " ".join(str(value).split())
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", flat)


def shorten(text: str, limit: int = SHORT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _Paint:
    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, code: str, s: str) -> str:
        return f"\033[{code}m{s}\033[0m" if self.on else s


def write(results: list[AuditResult], errors: list[InputError], refs, fh: IO[str]) -> None:
    feed(TextWriter(fh, refs), results, errors)


@register_writer
class TextWriter(ReportWriter):
    """Each article as it arrives; an article a cross-article pass changed is shown again
    (its new score and the findings the pass added) before the totals."""

    format = "text"

    def __init__(self, out, refs) -> None:
        super().__init__(out, refs)
        self._paint: _Paint | None = None
        self._amended = 0

    @property
    def paint(self) -> _Paint:
        if self._paint is None:
            self._paint = _Paint(use_colour(self.out))  # type: ignore[arg-type]
        return self._paint

    def add(self, index: int, item: AuditResult | InputError) -> None:
        if isinstance(item, AuditResult):
            _article(item, self.out, self.paint)  # type: ignore[arg-type]

    def amend(self, index: int, result: AuditResult, added: list[Finding]) -> None:
        fh, paint = self.out, self.paint
        if not self._amended:
            fh.write(paint("1", "Found across the run (template boilerplate):") + "\n")
        self._amended += 1
        fh.write(f"{paint('1', clean(result.article.source))}: score now {result.score}\n")
        for f in added:
            _finding(result.article.text, f, fh, paint)  # type: ignore[arg-type]
        fh.write("\n")

    def close(self, summary: RunSummary) -> None:
        fh, paint = self.out, self.paint
        sev = ", ".join(f"{s} {summary.by_severity[s]}" for s in SEVERITIES)
        mean = summary.mean_score or 0
        errors = summary.errors
        fh.write(
            paint("1", "Total: ")
            + f"{summary.articles} article(s), {summary.findings} finding(s) ({sev}); "
            + f"mean score {mean:.0f}"
            + (f"; {len(errors)} input error(s)" if errors else "")
            + "\n"
        )
        if self.refs is not None:
            refs = self.refs
            fh.write(f"Reference set {clean(refs.version)} ({len(refs.entries)} entries)\n")
        if errors:
            fh.write(paint("31;1", f"Errors ({len(errors)}):") + "\n")
            for e in errors:
                fh.write(f"  {clean(e.source)}: {clean(e.error)}\n")
        self.close_output()


def _article(r: AuditResult, fh: IO[str], paint: _Paint) -> None:
    a = r.article
    title = f" — {clean(shorten(a.title, 100))}" if a.title else ""
    fh.write(paint("1", clean(a.source)) + title + "\n")
    counts = Counter(f.category for f in r.findings)
    by_cat = " · ".join(f"{c} {counts[c]}" for c in CATEGORIES)
    extra = " · ".join(f"{c} {n}" for c, n in sorted(counts.items()) if c not in CATEGORIES)
    by_cat += f" · {extra}" if extra else ""
    fh.write(f"  score {r.score} · {len(r.findings)} finding(s): {by_cat}\n")
    for f in r.findings:
        _finding(a.text, f, fh, paint, a.meta)
    fh.write("\n")


def _finding(text: str, f: Finding, fh: IO[str], paint: _Paint, meta=None) -> None:
    from ..extract.sourcemap import source_position

    line, col = source_position(meta or {}, f.start) or line_col(text, f.start)
    sev = paint(_SEV_COLOUR.get(f.severity, "0"), f"{clean(f.severity):<6}")
    fh.write(
        f"  {sev} {paint('1', clean(f.rule))} {clean(f.category)}  "
        f"{paint('2', f'{line}:{col}')}  “{clean(shorten(f.text))}”\n"
    )
    fh.write(f"         {clean(f.message)}\n")
    if f.reference is not None:
        ref = f.reference
        fh.write(f"         reference: {clean(ref.statement)} ({clean(ref.source_url)})\n")
    if f.fix:
        fh.write(f"         fix: {clean(f.fix)}\n")


def progress(total: int | None, stream: IO[str]) -> Callable[[int | None], None]:
    """A one-line progress display: `tick(n)` after each input, `tick(None)` to clear it.

    With a known total it draws a bar; otherwise a running count with the rate. Writes nothing
    when the stream is not a terminal, so logs and pipes stay clean.
    """
    live = bool(getattr(stream, "isatty", lambda: False)())
    started = time.monotonic()
    width = 24

    def tick(n: int | None) -> None:
        if not live:
            return
        if n is None:
            stream.write("\r\033[K")
            stream.flush()
            return
        elapsed = max(time.monotonic() - started, 1e-6)
        rate = f"{n / elapsed:.1f}/s"
        if total:
            done = min(n, total)
            filled = round(width * done / total)
            bar = "█" * filled + "░" * (width - filled)
            line = f"{bar} {done}/{total} input(s) · {rate}"
        else:
            line = f"audited {n} input(s) · {elapsed:.0f}s · {rate}"
        stream.write(f"\r\033[K{line}")
        stream.flush()

    return tick
