"""Fixtures for the tests of the CI workflows and the scripts they call."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def write_files(tmp_path: Path):
    """Write {relative path: text} under a fresh directory and return it."""

    def write(files: dict[str, str], root: Path | None = None) -> Path:
        root = root or tmp_path / "site"
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return write
