"""Claim extraction (stub)."""

from __future__ import annotations


def extract_claims(analysis, article, refs) -> list:
    return []
