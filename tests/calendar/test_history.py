"""File dates for feeds: from one `git log`, or from the file system without Git."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from greenhouse.calendar.history import file_dates


def commit(root: Path, message: str, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-qm", message], check=True, env=env)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_first_and_last_commit_of_each_file(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    content = tmp_path / "content"
    (content / "workshops").mkdir(parents=True)
    (content / "workshops/a.md").write_text("one")
    (content / "workshops/b.md").write_text("one")
    commit(tmp_path, "first", "2026-01-01T10:00:00+00:00")
    (content / "workshops/a.md").write_text("two")
    commit(tmp_path, "second", "2026-02-01T10:00:00+00:00")
    (content / "workshops/c.md").write_text("not committed")

    dates = file_dates(content, ["workshops/a.md", "workshops/b.md", "workshops/c.md"])

    assert (dates["workshops/a.md"].first, dates["workshops/a.md"].last) == (
        at("2026-01-01T10:00:00+00:00"),
        at("2026-02-01T10:00:00+00:00"),
    )
    assert dates["workshops/b.md"].last == at("2026-01-01T10:00:00+00:00")
    assert dates["workshops/c.md"].first > at("2026-02-01T10:00:00+00:00")


def test_an_uncommitted_edit_counts_as_a_change(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "a.md").write_text("one")
    commit(tmp_path, "first", "2026-01-01T10:00:00+00:00")
    (tmp_path / "a.md").write_text("edited")
    os.utime(tmp_path / "a.md", (1_800_000_000, 1_800_000_000))

    dates = file_dates(tmp_path, ["a.md"])["a.md"]

    assert dates.first == at("2026-01-01T10:00:00+00:00")
    assert dates.last == datetime.fromtimestamp(1_800_000_000, UTC)


def test_without_git_the_modification_time_is_used(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("one")
    os.utime(tmp_path / "a.md", (1_700_000_000, 1_700_000_000))
    dates = file_dates(tmp_path, ["a.md", "missing.md"])
    assert dates == {"a.md": dates["a.md"]}
    assert dates["a.md"].last == datetime.fromtimestamp(1_700_000_000, UTC)
