"""Score bacaudit's findings against the labelled real-page corpus (quality/manifest/*.jsonl).

The labels are character offsets into texts kept in a git-ignored cache; a page whose text no
longer hashes to the manifest's SHA-256 is reported and left out, never scored silently. The
scorer reads whatever JSON the audit writes (`--results FILE`), so an older version's output
can be scored the same way; without `--results` it stages the texts and runs the audit itself.

    python quality/score.py                       # dev and blind splits, this checkout's audit
    python quality/score.py --split blind --results old.json
    python quality/score.py --record "before this round" --version 0.1.0   # append a ledger row

Counting, per category, on the pages that label that category exhaustively:
- recall: must-flag labels overlapped by a finding of their category;
- precision: findings that overlap a must-flag or may-flag label of their category, out of all
  findings of that category (a finding elsewhere is a false alarm);
- violations: findings that overlap a must-not-flag label of their category (also false alarms).
On pages where a category is not exhaustive only findings that touch a label are counted.
A finding of another category on a must-flag contradiction is not an error: the sentence is a
claim and may well be uncited too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MANIFESTS = HERE / "manifest"
CACHE = HERE / "cache"
SYNTHETIC = HERE / "blind" / "synthetic"
LEDGER = ROOT / "docs" / "quality.md"
CATEGORIES = ("contradiction", "uncited", "marketing", "seo_spam")
SPLIT_FILES = {
    "dev": "dev.jsonl",
    "blind": "blind.jsonl",
    "blind-synthetic": "blind_synthetic.jsonl",
}
REBUILD = "see quality/README.md, 'Rebuilding the cache'"


@dataclass
class Label:
    start: int
    end: int
    category: str
    label: str
    reason: str = ""


@dataclass
class Page:
    id: str
    split: str
    url: str | None
    sha256: str
    exhaustive: tuple[str, ...]
    labels: list[Label]
    text: str | None = None
    problem: str | None = None


@dataclass
class Tally:
    labels: int = 0
    found: int = 0
    tp: int = 0
    fp: int = 0
    violations: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.found / self.labels if self.labels else None


def text_path(page: Page) -> Path:
    if page.split == "blind-synthetic":
        return SYNTHETIC / f"{page.id}.txt"
    return CACHE / f"{page.id}.txt"


def load_split(split: str, manifests: Path | None = None) -> list[Page]:
    path = (manifests or MANIFESTS) / SPLIT_FILES[split]
    if not path.is_file():
        return []
    pages = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            labels = [Label(int(x["start"]), int(x["end"]), x["category"], x["label"],
                            x.get("reason", "")) for x in raw.get("labels", [])]
            page = Page(raw["id"], raw.get("split", split), raw.get("url"), raw["sha256"],
                        tuple(raw.get("exhaustive", CATEGORIES)), labels)
        except (ValueError, KeyError, TypeError) as exc:
            raise SystemExit(f"{path}:{n}: malformed manifest line ({exc})") from None
        pages.append(page)
    return pages


def attach_texts(pages: list[Page]) -> None:
    for page in pages:
        path = text_path(page)
        if not path.is_file():
            page.problem = "missing from the cache"
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != page.sha256:
            page.problem = "text no longer matches its SHA-256"
            continue
        page.text = data.decode("utf-8")


def run_audit(pages: list[Page], command: list[str]) -> dict:
    """Stage the texts as <id>.txt in a temporary folder and audit it as one run."""
    with tempfile.TemporaryDirectory(prefix="bacaudit-quality-") as tmp:
        for page in pages:
            Path(tmp, f"{page.id}.txt").write_text(page.text or "", encoding="utf-8")
        out = Path(tmp, "out.json")
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
        proc = subprocess.run([*command, "audit", tmp, "--format", "json", "--out", str(out)],
                              env=env, capture_output=True, text=True)
        if proc.returncode not in (0, 1) or not out.is_file():
            raise SystemExit(f"the audit failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
        return json.loads(out.read_text(encoding="utf-8"))


_WS = re.compile(r"\s+")


def _normalise(text: str) -> tuple[str, list[int]]:
    """Whitespace runs folded to one space, with the raw offset of every kept character."""
    chars: list[str] = []
    where: list[int] = []
    last_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if last_space:
                continue
            chars.append(" ")
            last_space = True
        else:
            chars.append(ch)
            last_space = False
        where.append(i)
    return "".join(chars), where


def locate_finding(raw: str, norm: tuple[str, list[int]], finding: dict) -> tuple[int, int] | None:
    """Map a finding (offsets into the extracted text) back to the raw page text.

    The extracted text folds whitespace, so the finding's text is looked up with whitespace
    folded, taking the occurrence nearest to its reported offset."""
    ftext = _WS.sub(" ", finding.get("text", "")).strip()
    if not ftext:
        return None
    folded, where = norm
    best = None
    pos = folded.find(ftext)
    while pos != -1:
        if best is None or abs(where[pos] - finding.get("start", 0)) < abs(
            where[best] - finding.get("start", 0)
        ):
            best = pos
        pos = folded.find(ftext, pos + 1)
    if best is None:
        return None
    return where[best], where[best + len(ftext) - 1] + 1


def overlaps(a: tuple[int, int], b: Label) -> bool:
    return a[0] < b.end and b.start < a[1]


def score(pages: list[Page], results: dict) -> tuple[dict[str, Tally], Counter, Counter]:
    by_id = {Path(a["source"]).stem: a for a in results.get("articles", [])}
    tallies = {c: Tally() for c in CATEGORIES}
    rule_tp: Counter = Counter()
    rule_fp: Counter = Counter()
    for page in pages:
        if page.text is None:
            continue
        article = by_id.get(page.id, {"findings": []})
        norm = _normalise(page.text)
        spans = []
        for f in article.get("findings", []):
            span = locate_finding(page.text, norm, f)
            if span is not None:
                spans.append((f, span))
        for cat in CATEGORIES:
            tally = tallies[cat]
            exhaustive = cat in page.exhaustive
            mine = [lab for lab in page.labels if lab.category == cat]
            for lab in mine:
                if lab.label != "must-flag":
                    continue
                tally.labels += 1
                if any(f["category"] == cat and overlaps(s, lab) for f, s in spans):
                    tally.found += 1
                else:
                    tally.misses.append(f"{page.id} {cat} [{lab.start}:{lab.end}] "
                                        f"{page.text[lab.start:lab.end][:140]!r} ({lab.reason})")
            for f, s in spans:
                if f["category"] != cat:
                    continue
                touched = [lab for lab in mine if overlaps(s, lab)]
                good = any(lab.label in ("must-flag", "may-flag") for lab in touched)
                bad = any(lab.label == "must-not-flag" for lab in touched)
                if good and not bad:
                    tally.tp += 1
                    rule_tp[f["rule"]] += 1
                elif bad or (exhaustive and not touched):
                    tally.fp += 1
                    rule_fp[f["rule"]] += 1
                    tally.violations += int(bad)
                    why = "MUST-NOT" if bad else "unlabelled"
                    tally.false_alarms.append(
                        f"{page.id} {f['rule']} {why} {f.get('text', '')[:140]!r}")
    return tallies, rule_tp, rule_fp


def fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def table(split: str, n_pages: int, tallies: dict[str, Tally]) -> str:
    lines = [f"split {split}: {n_pages} pages scored",
             f"{'category':<14} {'P':>6} {'R':>6} {'viol':>5} {'tp':>5} {'fp':>5} "
             f"{'found/labels':>13}"]
    for cat, t in tallies.items():
        lines.append(f"{cat:<14} {fmt(t.precision):>6} {fmt(t.recall):>6} {t.violations:>5} "
                     f"{t.tp:>5} {t.fp:>5} {f'{t.found}/{t.labels}':>13}")
    return "\n".join(lines)


def ledger_row(split: str, n_pages: int, tallies: dict[str, Tally], version: str, what: str,
               command: str) -> str:
    cells = []
    for cat in CATEGORIES:
        t = tallies[cat]
        cells.append(f"{fmt(t.precision).strip()} / {fmt(t.recall).strip()} / {t.violations}")
    today = dt.date.today().isoformat()
    return (f"| {today} | {version} | {what} | {split} | {n_pages} | " + " | ".join(cells)
            + f" | `{command}` |")


def append_ledger(row: str) -> None:
    """Rows are only ever appended: a recorded first run is never rewritten."""
    text = LEDGER.read_text(encoding="utf-8") if LEDGER.is_file() else ""
    marker = "<!-- ledger rows end -->"
    if marker not in text:
        raise SystemExit(f"{LEDGER}: the ledger table marker {marker!r} is missing")
    LEDGER.write_text(text.replace(marker, row + "\n" + marker), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", action="append", choices=sorted(SPLIT_FILES),
                    help="split(s) to score (default: dev and blind)")
    ap.add_argument("--results", type=Path,
                    help="audit JSON to score (e.g. an older version's output) instead of running")
    ap.add_argument("--command", default=f"{sys.executable} -m bacaudit",
                    help="how to run bacaudit (default: this Python, this checkout's src/)")
    ap.add_argument("--write-results", type=Path, help="keep the audit JSON that was scored")
    ap.add_argument("--record", metavar="WHAT",
                    help="append one ledger row per split to docs/quality.md, described as WHAT")
    ap.add_argument("--version", default=None, help="version or commit named in the ledger row")
    ap.add_argument("--details", action="store_true",
                    help="list misses and false alarms (dev split only; never the blind split)")
    args = ap.parse_args(argv)
    splits = args.split or ["dev", "blind"]
    status = 0
    for split in splits:
        pages = load_split(split)
        if not pages:
            print(f"split {split}: no manifest at {MANIFESTS / SPLIT_FILES[split]}")
            status = 2
            continue
        attach_texts(pages)
        bad = [p for p in pages if p.problem]
        for p in bad:
            print(f"{split}: {p.id} ({p.url}): {p.problem}; not scored", file=sys.stderr)
        usable = [p for p in pages if p.text is not None]
        if not usable:
            print(f"split {split}: none of its {len(pages)} texts is in the cache; {REBUILD}")
            status = 2
            continue
        results = (json.loads(args.results.read_text(encoding="utf-8")) if args.results
                   else run_audit(usable, args.command.split()))
        if args.write_results:
            args.write_results.write_text(json.dumps(results), encoding="utf-8")
        tallies, rule_tp, rule_fp = score(usable, results)
        print(table(split, len(usable), tallies))
        rules = sorted(set(rule_tp) | set(rule_fp))
        print("per rule (correct / false alarms): "
              + ", ".join(f"{r} {rule_tp[r]}/{rule_fp[r]}" for r in rules))
        if bad:
            print(f"{len(bad)} page(s) not scored (missing or changed text); {REBUILD}")
            status = max(status, 1)
        if args.details and split == "dev":
            for t in tallies.values():
                for m in t.misses:
                    print(f"  miss        {m}")
                for m in t.false_alarms:
                    print(f"  false alarm {m}")
        if args.record:
            version = args.version or results.get("tool", {}).get("version", "?")
            command = "python quality/score.py --split " + split + (
                f" --results {args.results}" if args.results else "")
            append_ledger(ledger_row(split, len(usable), tallies, version, args.record, command))
        print()
    return status


def per_kind_counts(pages: list[Page]) -> dict[str, Counter]:
    """Label counts per category and label type, for the corpus summary."""
    out: dict[str, Counter] = defaultdict(Counter)
    for page in pages:
        for lab in page.labels:
            out[lab.category][lab.label] += 1
    return out


if __name__ == "__main__":
    sys.exit(main())
