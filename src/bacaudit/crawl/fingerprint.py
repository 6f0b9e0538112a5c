"""What produced an audit: the auditor's fingerprint.

A page that has not changed keeps its findings from one run to the next only while the auditor
that found them is the same. The fingerprint names everything that can change a finding
without the page changing: the tool version, the reference set (its version and a hash of its
files), the effective configuration (rules on and off, severities, settings; a baseline by
its content) and the model version. Its short hash is stored with every audit and run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import importlib.util
import json
from pathlib import Path
from typing import Any

from .. import __version__

# Config fields that change what is reported, not which findings exist.
NOT_FINDINGS = frozenset({"origin", "fail_on"})
LABELS = {
    "tool": "tool version",
    "reference_version": "reference set version",
    "reference_hash": "reference set content",
    "config": "configuration",
    "rules": "rules",
    "model": "model version",
}


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    try:
        h.update(path.read_bytes())
    except OSError:
        return "missing"
    return h.hexdigest()[:16]


def reference_hash(directory: Path | None) -> str:
    """A hash of the reference set's data files (names and bytes; READMEs left out)."""
    if directory is None or not Path(directory).is_dir():
        return "none"
    h = hashlib.sha256()
    root = Path(directory)
    for f in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".md"):
        h.update(f.relative_to(root).as_posix().encode() + b"\0")
        h.update(f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def model_version() -> str:
    """`bacaudit.parser`'s model version when that module exists, else "none"."""
    try:
        if importlib.util.find_spec("bacaudit.parser") is None:
            return "none"
        mod = importlib.import_module("bacaudit.parser")
    except Exception:  # a broken optional module must not stop a crawl
        return "none"
    for name in ("MODEL_VERSION", "model_version", "__version__"):
        value = getattr(mod, name, None)
        if callable(value):
            try:
                value = value()
            except Exception:
                value = None
        if value:
            return str(value)
    return "none"


def effective_config(config: Any) -> dict[str, Any]:
    if config is None:
        return {}
    try:
        values = dataclasses.asdict(config)
    except TypeError:
        values = dict(vars(config))
    out = {k: v for k, v in values.items() if k not in NOT_FINDINGS and not k.startswith("_")}
    if out.get("baseline"):
        out["baseline"] = _file_hash(Path(out["baseline"]))
    return json.loads(json.dumps(out, sort_keys=True, default=str))


def components(auditor: Any) -> dict[str, Any]:
    refs = getattr(auditor, "refs", None)
    return {
        "tool": __version__,
        "reference_version": str(getattr(refs, "version", "none")),
        "reference_hash": reference_hash(getattr(refs, "directory", None)),
        "config": effective_config(getattr(auditor, "config", None)),
        "rules": sorted(str(getattr(r, "code", type(r).__name__)) for r in auditor.rules)
        if hasattr(auditor, "rules")
        else [],
        "model": model_version(),
    }


def fingerprint_of(parts: dict[str, Any]) -> str:
    blob = json.dumps(parts, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()[:12]


def changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """What differs between two fingerprints, one short phrase each."""
    if old is None:
        return ["auditor unknown (audited before fingerprints were kept)"]
    out: list[str] = []
    for key, label in LABELS.items():
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key == "config" and isinstance(a, dict) and isinstance(b, dict):
            keys = sorted(k for k in {*a, *b} if a.get(k) != b.get(k))
            out.append(f"{label}: {', '.join(keys)}")
        elif key == "rules" and isinstance(a, list) and isinstance(b, list):
            added, removed = sorted(set(b) - set(a)), sorted(set(a) - set(b))
            bits = [f"+{c}" for c in added] + [f"-{c}" for c in removed]
            out.append(f"{label}: {' '.join(bits)}")
        elif key == "reference_hash":
            out.append(label)
        else:
            out.append(f"{label} {a} -> {b}")
    return out


class Fingerprint:
    """The current auditor's fingerprint: its components and their short hash."""

    def __init__(self, auditor: Any) -> None:
        self.components = components(auditor)
        self.fp = fingerprint_of(self.components)
