"""The sample portal (the repository's own content/), built once per test worker, for the
tests of what every page looks like: accessibility, layout and HTML conformance."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from greenhouse_testing import REPO, run_build, write_site_config


@pytest.fixture(scope="session")
def sample_portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built sample site (its ``site/`` folder)."""
    root = tmp_path_factory.mktemp("portal")
    shutil.copytree(REPO / "content", root / "content")
    write_site_config(root)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"
