"""Shared fixtures and hypothesis profiles."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
HERTFORDSHIRE = ROOT / "examples" / "hertfordshire"
BOARDS = Path(__file__).resolve().parent / "boards"

# "ci" keeps runs short and bounded; "thorough" is for a long local run:
#   HYPOTHESIS_PROFILE=thorough make pytest
settings.register_profile("ci", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def hertfordshire(tmp_path: Path) -> Path:
    """A copy of the Hertfordshire board folder that a test may change."""
    target = tmp_path / "hertfordshire"
    shutil.copytree(HERTFORDSHIRE, target)
    return target
