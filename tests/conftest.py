"""Shared fixtures. The spaCy pipeline and reference set are built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"seed articles not found at {SEEDS} (they live beside the repository)")
    return SEEDS


def seed_path(prefix: str) -> Path:
    """The seed whose file name starts with `prefix` ("000" ...), or skip."""
    matches = sorted(SEEDS.glob(f"{prefix}_*")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return matches[0]


@pytest.fixture(scope="session")
def refs():
    from bacaudit.reference import load_reference_set

    return load_reference_set()


@pytest.fixture(scope="session")
def auditor(refs):
    from bacaudit.audit import Auditor
    from bacaudit.config import Config

    return Auditor(refs, Config())
