"""Benchmark corpora, streamed: each Document is read or made when the auditor asks for it.

`text`: the seed articles beside the repository when present, else the bundled examples'
.txt files, else generated articles (`generated` asks for those). `html`: the examples'
pages and the HTML test fixtures. A folder: its .txt/.md/.html/.htm files. The files are
cycled to the requested count, so the benchmark's memory reflects the auditor, never the corpus.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bacaudit.models import Document

ROOT = Path(__file__).resolve().parents[1]
# beside the repository; a worktree one level further down finds them one level up
SEEDS = next(
    (p for p in (ROOT.parent / "shared" / "seeds", ROOT.parents[1] / "shared" / "seeds")
     if p.is_dir()),
    ROOT.parent / "shared" / "seeds",
)  # fmt: skip
EXAMPLES = ROOT / "examples"
HTML_FIXTURES = ROOT / "tests" / "fixtures" / "html"
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")


@dataclass
class Corpus:
    """Where the articles come from; `stream(n)` yields n Documents lazily."""

    name: str
    files: list[Path]
    generated: bool = False
    paragraphs: int = 12  # of each generated article

    def describe(self) -> str:
        if self.generated:
            return f"{self.name}: generated articles"
        folders = sorted({str(_short(p.parent)) for p in self.files})
        return f"{self.name}: {len(self.files)} files cycled from {', '.join(folders)}"

    def stream(self, n: int) -> Iterator[Document]:
        if self.generated:
            for i in range(n):
                text = generated_article(i, self.paragraphs)
                yield Document(
                    source=f"generated#{i}", content=text.encode(), kind="text", encoding="utf-8"
                )
            return
        for i, path in enumerate(itertools.islice(itertools.cycle(self.files), n)):
            kind = "html" if path.suffix.lower() in HTML_SUFFIXES else "text"
            yield Document(
                source=f"{path.name}#{i}",
                content=path.read_bytes(),
                kind=kind,
                encoding="utf-8" if kind == "text" else None,
            )


def _short(path: Path) -> Path:
    try:
        return path.relative_to(ROOT)
    except ValueError:
        return path


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes)


def choose(spec: str) -> Corpus:
    """`text`, `html`, `generated` (~600 words each), `generated-short` (~200), or a folder."""
    if spec == "generated":
        return Corpus("generated", [], generated=True)
    if spec == "generated-short":
        return Corpus("generated-short", [], generated=True, paragraphs=4)
    if spec == "text":
        for folder in (SEEDS, EXAMPLES):
            files = _files(folder, TEXT_SUFFIXES)
            if files:
                return Corpus("text", files)
        return Corpus("text", [], generated=True)
    if spec == "html":
        files = _files(EXAMPLES, HTML_SUFFIXES) + _files(HTML_FIXTURES, HTML_SUFFIXES)
        if not files:
            raise SystemExit("benchmark: no .html pages in examples/ or tests/fixtures/html/")
        return Corpus("html", files)
    folder = Path(spec)
    files = _files(folder, TEXT_SUFFIXES + HTML_SUFFIXES)
    if not files:
        raise SystemExit(f"benchmark: no .txt, .md or .html articles in {folder}")
    return Corpus(str(folder), files)


# -- generated articles: a fallback when no files are at hand --------------------------------

_SENTENCES = (
    "{drug} is a prescription medicine that some doctors use when patients ask about "
    "cutting down on drinking.",
    "The usual starting dose of {drug} is {low} mg three times a day, raised slowly.",
    "Patients should not take more than {high} mg of {drug} in a day without advice.",
    "A small study followed {n} participants for twelve weeks.",
    "Side effects included drowsiness, dizziness and nausea in about {pct}% of people.",
    "Stopping {drug} suddenly can cause withdrawal, so doses are tapered over days.",
    "Talk to your doctor before combining {drug} with alcohol or sleeping pills.",
    "Researchers are still comparing it with other treatments for alcohol use disorder.",
    "Call our helpline today for a free, confidential assessment.",
    "Insurance may cover part of the cost of treatment at our centre.",
)
_DRUGS = ("baclofen", "naltrexone", "acamprosate", "gabapentin", "topiramate")


def generated_article(i: int, paragraphs: int = 12) -> str:
    """A plausible article of some 600 words, different for each `i` (every paragraph too),
    same on every run."""
    rng = random.Random(i)
    drug = _DRUGS[i % len(_DRUGS)]
    out = [f"What to know about {drug}"]
    for _ in range(paragraphs):
        picks = rng.sample(_SENTENCES, 4)
        out.append(
            f"Note {i}.{_ + 1}: "
            + " ".join(
                s.format(
                    drug=drug,
                    low=rng.choice((5, 10, 15)),
                    high=rng.choice((60, 80, 100)),
                    n=rng.randint(20, 400),
                    pct=rng.randint(5, 40),
                )
                for s in picks
            )
        )
    if i % 4 == 0:  # a site-wide sign-off: the template-boilerplate pass has work to do
        out.append("Questions about your treatment? Our advisors answer messages every weekday.")
    return "\n\n".join(out)
