"""The fixture ladder: a temporary store, then the app, then its test client and CLI runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kommunegraf.config import Config, load_config
from kommunegraf.store import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """Settings for one test: a store folder of its own, defaults otherwise."""
    return load_config({"store": str(tmp_path / "store")}, environ={})


@pytest.fixture
def store(config: Config) -> Iterator[EmbeddedStore]:
    """An empty embedded store on disk in the test's temporary folder."""
    opened = EmbeddedStore(Path(config.store))
    yield opened
    opened.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
