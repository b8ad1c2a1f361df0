"""The calendar page's choices, from the mini fixture with "now" given explicitly."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from greenhouse.calendar.view import CalendarView
from greenhouse.model import Settings, load_content
from greenhouse_testing import CALENDAR_EXTRA, MINI

NOW = datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("Europe/Stockholm"))


def test_competencies_to_filter_by_are_in_alphabetical_order_whatever_the_case(
    tmp_path: Path,
) -> None:
    content_dir = tmp_path / "content"
    shutil.copytree(MINI / "content", content_dir)
    shutil.copytree(CALENDAR_EXTRA, content_dir, dirs_exist_ok=True)
    framework = content_dir / "framework" / "competencies.yml"
    # A name that starts in lower case ("iOS", "dbt") sorts among the others, not after them.
    framework.write_text(
        framework.read_text(encoding="utf-8").replace("name: Kotlin", "name: kotlin"),
        encoding="utf-8",
    )
    result = load_content(content_dir, Settings())
    assert not result.problems, result.problems
    view = CalendarView(result.content, str, NOW, site_url=None, upcoming_days=365)
    names = [name for _, name in view.filter_competencies]
    assert "kotlin" in names and len(names) >= 3
    assert names == sorted(names, key=str.casefold)
