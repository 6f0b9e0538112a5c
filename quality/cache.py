"""Rebuild and check the git-ignored text cache of the real-page corpus.

    python quality/cache.py check                 # which pages are present, missing or changed
    python quality/cache.py import PAGES.jsonl    # lines of {"url": ..., "text": ...}

Import writes `quality/cache/<id>.txt` for every manifest page whose URL matches a line, and
only when the text hashes to the manifest's SHA-256: a different copy of the page is reported,
not stored, because the labels are offsets into the exact text that was labelled.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score import CACHE, SPLIT_FILES, load_split, text_path


def check() -> int:
    missing = changed = ok = 0
    for split in SPLIT_FILES:
        for page in load_split(split):
            path = text_path(page)
            if not path.is_file():
                missing += 1
                print(f"{split} {page.id}: missing ({page.url})")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != page.sha256:
                changed += 1
                print(f"{split} {page.id}: text does not match its SHA-256 ({page.url})")
            else:
                ok += 1
    print(f"{ok} present, {missing} missing, {changed} changed")
    return 0 if not (missing or changed) else 1


def import_pages(source: Path) -> int:
    wanted = {}
    for split in ("dev", "blind"):
        for page in load_split(split):
            wanted.setdefault(page.url, []).append(page)
    CACHE.mkdir(parents=True, exist_ok=True)
    stored = refused = 0
    for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        for page in wanted.get(item.get("url"), []):
            data = item["text"].encode("utf-8")
            if hashlib.sha256(data).hexdigest() != page.sha256:
                refused += 1
                print(f"{source}:{n}: {page.id}: this copy differs from the labelled text")
                continue
            (CACHE / f"{page.id}.txt").write_bytes(data)
            stored += 1
    print(f"{stored} stored, {refused} refused")
    return 0 if not refused else 1


def main(argv: list[str]) -> int:
    if argv[:1] == ["check"]:
        return check()
    if len(argv) == 2 and argv[0] == "import":
        return import_pages(Path(argv[1]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
