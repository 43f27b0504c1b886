"""Shared fixtures. Area-specific fixtures live in the area's own test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.services import build_services

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def seed_path() -> Path:
    """The real plan + đề cương (Thị ủy Sa Pa, Chỉ thị 19-CT/TU), a public document."""
    return FIXTURES / "seed_kehoach_19ct.txt"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.test_profile(tmp_path / "data")


@pytest.fixture
def services(settings: Settings):
    return build_services(settings)
