"""Build train/dev/test CoNLL-U files from a checkout of UD_English-EWT at the pinned revision.

The release's train file is assembled from the per-document sources in
`not-to-release/sources/`: every sentence whose id is in neither the dev nor the
test file. That gives the same 12,544 / 2,001 / 2,077 split as the release and
works from a snapshot that lacks the large train file.

Usage: python prepare.py UD_ENGLISH_EWT_GIT_DIR OUT_DIR
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REVISION = "15d613d8447b3478787d4c278730a1e48a945efb"  # UD_English-EWT master, 2025-05-10 (r2.16+)
EXPECTED = {"train": 12544, "dev": 2001, "test": 2077}


def git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(repo), *args], check=True,
                          capture_output=True).stdout


def sentences(conllu: str) -> list[str]:
    return [block.strip() + "\n" for block in conllu.split("\n\n") if block.strip()]


def sent_id(block: str) -> str:
    for line in block.splitlines():
        if line.startswith("# sent_id = "):
            return line.split("=", 1)[1].strip()
    raise ValueError("sentence without sent_id")


def main(repo_arg: str, out_arg: str) -> None:
    repo = Path(repo_arg)
    if (repo / ".git").is_dir():
        repo = repo / ".git"
    out = Path(out_arg)
    out.mkdir(parents=True, exist_ok=True)
    splits: dict[str, list[str]] = {}
    for split in ("dev", "test"):
        text = git(repo, "show", f"{REVISION}:en_ewt-ud-{split}.conllu").decode("utf-8")
        splits[split] = sentences(text)
    held = {sent_id(b) for split in ("dev", "test") for b in splits[split]}
    names = git(repo, "ls-tree", "-r", "--name-only", REVISION, "not-to-release/sources")
    train: list[str] = []
    for name in sorted(names.decode().split()):
        if not name.endswith(".conllu"):
            continue
        text = git(repo, "show", f"{REVISION}:{name}").decode("utf-8")
        train.extend(b for b in sentences(text) if sent_id(b) not in held)
    splits["train"] = train
    for split, blocks in splits.items():
        if len(blocks) != EXPECTED[split]:
            sys.exit(f"{split}: {len(blocks)} sentences, expected {EXPECTED[split]}")
        (out / f"{split}.conllu").write_text("\n".join(blocks) + "\n", encoding="utf-8")
        print(f"{split}: {len(blocks)} sentences")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
