"""Baseline files (stub)."""

from __future__ import annotations


def load_baseline(path) -> set[str]:
    return set()
