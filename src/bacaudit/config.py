"""Layered settings: shipped defaults, then `bacaudit.toml` or `[tool.bacaudit]`, then flags.

Every setting is declared once, in `SETTINGS`, with its default and its documentation; a test
checks that the README documents each of them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .models import SEVERITIES

SETTINGS: dict[str, tuple[Any, str]] = {
    "disable": ([], 'rule codes to switch off, e.g. ["BA302"]'),
    "enable": ([], "rule codes to switch back on after a broader disable"),
    "severity": ({}, 'per-rule severity overrides, e.g. {BA201 = "low"}'),
    "self_promotion": (
        [],
        "the organisation's own names (facility, brand) flagged as self-promotion",
    ),
    "ignore_blocks": (
        [],
        "exact block texts (whitespace-insensitive) that are known good and never flagged",
    ),
    "baseline": (None, "a baseline file: findings listed there are not reported again"),
    "decisions": (
        None,
        "a decisions file (`bacaudit decisions export`): dismissed findings are hidden",
    ),
    "fail_on": (None, "exit 1 when a finding reaches this severity (low|medium|high)"),
    "nlp_model": (
        "blank",
        '"blank" (offline rules) or an installed spaCy pipeline such as en_core_web_sm',
    ),
    "boilerplate_min_articles": (
        3,
        "a block recurring in this many articles of one run is template boilerplate",
    ),
    "lexicons": (
        {},
        "words added to the rules' lexicons, per family and list (see docs/rules.md)",
    ),
    "article_timeout": (
        30,
        "seconds one article may take to audit before it becomes an input error (0: no limit)",
    ),
}


@dataclass
class Config:
    disable: list[str] = field(default_factory=list)
    enable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    self_promotion: list[str] = field(default_factory=list)
    ignore_blocks: list[str] = field(default_factory=list)
    baseline: str | None = None
    decisions: str | None = None
    fail_on: str | None = None
    nlp_model: str = "blank"
    boilerplate_min_articles: int = 3
    lexicons: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    article_timeout: float = 30.0
    origin: str = "defaults"

    def rule_enabled(self, code: str) -> bool:
        from .rules.base import resolve_code

        code = resolve_code(code)
        enabled = {resolve_code(c) for c in self.enable}
        if code in enabled:
            return True
        for d in self.disable:
            d = resolve_code(d)
            if (
                code == d
                or (d.endswith("X") and code.startswith(d.rstrip("X")))
                or (len(d) < len(code) and code.startswith(d))
            ):
                return False
        return True

    def severity_for(self, code: str, default: str) -> str:
        from .rules.base import resolve_code

        for k, v in self.severity.items():
            if resolve_code(k) == resolve_code(code):
                return v
        return default

    def ignored_block(self, text: str) -> bool:
        norm = " ".join(text.split()).lower()
        return any(norm == " ".join(b.split()).lower() for b in self.ignore_blocks)


def _validate(data: dict[str, Any], origin: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in SETTINGS:
            known = ", ".join(sorted(SETTINGS))
            raise ConfigError(f"{origin}: unknown setting {key!r} (known: {known})")
        default = SETTINGS[key][0]
        if isinstance(default, list) and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise ConfigError(f"{origin}: {key} must be a list of strings")
        if isinstance(default, dict) and not isinstance(value, dict):
            raise ConfigError(f"{origin}: {key} must be a table")
        if key == "severity":
            for code, sev in value.items():
                if sev not in SEVERITIES:
                    raise ConfigError(
                        f"{origin}: severity.{code} must be one of {', '.join(SEVERITIES)}"
                    )
        if key == "fail_on" and value not in (None, *SEVERITIES):
            raise ConfigError(f"{origin}: fail_on must be one of {', '.join(SEVERITIES)}")
        if key == "boilerplate_min_articles" and (not isinstance(value, int) or value < 2):
            raise ConfigError(f"{origin}: boilerplate_min_articles must be a whole number >= 2")
        if key == "lexicons":
            from .rules.lexicon import validate_extensions

            validate_extensions(value, origin)
        elif key == "article_timeout":
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ConfigError(f"{origin}: article_timeout must be a number of seconds >= 0")
            value = float(value)
        out[key] = value
    return out


def load_config(path: str | Path | None = None, start: Path | None = None) -> Config:
    """Read `path`, else `bacaudit.toml`, else `[tool.bacaudit]` of pyproject.toml in `start`."""
    candidates: list[tuple[Path, bool]] = []
    if path is not None:
        p = Path(path)
        candidates.append((p, p.name == "pyproject.toml"))
        if not p.is_file():
            raise ConfigError(f"{p}: config file not found")
    else:
        base = start or Path.cwd()
        candidates += [(base / "bacaudit.toml", False), (base / "pyproject.toml", True)]
    for p, is_pyproject in candidates:
        if not p.is_file():
            continue
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{p}: not valid TOML: {exc}") from None
        if is_pyproject:
            data = data.get("tool", {}).get("bacaudit")
            if data is None:
                continue
            origin = f"{p} [tool.bacaudit]"
        else:
            origin = str(p)
        values = _validate(data, origin)
        for key in ("baseline", "decisions"):
            if values.get(key):
                values[key] = str((p.parent / values[key]).resolve())
        return Config(**values, origin=origin)
    return Config()
