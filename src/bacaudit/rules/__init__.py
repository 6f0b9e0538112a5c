"""Finding rules. Codes: BA1xx contradiction, BA2xx uncited, BA3xx marketing, BA4xx seo_spam."""

from __future__ import annotations

import importlib

RULE_MODULES = ("contradiction", "uncited", "marketing", "seo")


def load_rule_modules() -> None:
    for name in RULE_MODULES:
        importlib.import_module(f"{__name__}.{name}")


def run_level_passes():
    """Callables `(results, auditor) -> None` that add findings needing the whole run."""
    load_rule_modules()
    from .base import RUN_LEVEL_PASSES

    return list(RUN_LEVEL_PASSES)
