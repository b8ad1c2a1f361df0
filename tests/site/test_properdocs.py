"""The portal's plugins on ProperDocs, the maintained MkDocs 1.x fork (`scripts/test
--properdocs` installs it in an environment of its own and runs this)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from greenhouse_testing import NOW, REPO

PROPERDOCS = os.environ.get("GREENHOUSE_PROPERDOCS", "")

pytestmark = [
    pytest.mark.build,
    pytest.mark.skipif(
        not PROPERDOCS, reason="run by scripts/test --properdocs (ProperDocs has a venv of its own)"
    ),
]


def test_the_sample_site_builds_strictly_with_properdocs(tmp_path: Path) -> None:
    site = tmp_path / "site"
    environment = {**os.environ, "GREENHOUSE_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [PROPERDOCS, "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in home  # built by ProperDocs, not by an MkDocs found on the path
    course = (site / "courses" / "accessibility-fundamentals" / "index.html").read_text("utf-8")
    assert "<h1>Accessibility fundamentals</h1>" in course
    assert 'class="gh-facts"' in course
    catalogue = (site / "catalogue" / "index.html").read_text(encoding="utf-8")
    assert catalogue.count('class="gh-card gh-card--') >= 20
    assert (site / "competencies" / "accessibility" / "index.html").is_file()
    assert (site / "calendar.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    records = json.loads((site / "search" / "records.json").read_text(encoding="utf-8"))
    assert any(r["url"] == "courses/accessibility-fundamentals/" for r in records)
