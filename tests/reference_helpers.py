"""Build broken copies of the bundled reference set in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from bacaudit.reference import default_reference_dir

# A sound entry for drugs/naloxone.toml; tests change one field at a time.
GOOD_ENTRY = {
    "id": '"naloxone.history.test"',
    "type": '"history"',
    "statement": '"Naloxone was first made in the 1960s."',
    "sources": '["https://example.org/naloxone-history"]',
    "retrieved": '"2026-01-02"',
    "value": '{ event = "synthesized", year = 1961 }',
    "scope": "{}",
}


def copy_set(tmp_path: Path) -> Path:
    """A writable copy of the bundled set."""
    dest = tmp_path / "refs"
    shutil.copytree(default_reference_dir(), dest)
    return dest


def render_entry(fields: dict[str, str | None]) -> str:
    """TOML for one [[entries]] table; a field whose value is None is left out."""
    lines = ["", "[[entries]]"]
    lines += [f"{k} = {v}" for k, v in fields.items() if v is not None]
    return "\n".join(lines) + "\n"


def append_entry(refs_dir: Path, drug_file: str, **changes: str | None) -> Path:
    """Append GOOD_ENTRY with `changes` to drugs/<drug_file>.toml."""
    fields = {**GOOD_ENTRY, **changes}
    path = refs_dir / "drugs" / f"{drug_file}.toml"
    with path.open("a", encoding="utf-8") as fh:
        fh.write(render_entry(fields))
    return path


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
