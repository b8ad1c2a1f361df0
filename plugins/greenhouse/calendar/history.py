"""When content files were first published and last changed, from Git or the file system.

Feeds need dates that do not change from one build to the next: the RSS date of an
item without a `date`, and LAST-MODIFIED/SEQUENCE of its sessions. Git gives both
for every file in one `git log` call; files with uncommitted changes, and checkouts
without Git, fall back to the file's modification time.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class FileDates:
    """First publication and last change of one file, as aware UTC datetimes."""

    first: datetime
    last: datetime


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _from_git_log(log: str) -> dict[str, FileDates]:
    """Parse ``git log --format=%x00%ct --name-only`` (newest commit first)."""
    dates: dict[str, FileDates] = {}
    moment: datetime | None = None
    for line in log.splitlines():
        if line.startswith("\0"):
            moment = datetime.fromtimestamp(int(line[1:]), UTC)
        elif line and moment is not None:
            known = dates.get(line)
            # Newest first: the first time a file is seen is its last change.
            dates[line] = FileDates(first=moment, last=known.last if known else moment)
    return dates


def _mtime(file: Path) -> datetime:
    return datetime.fromtimestamp(int(file.stat().st_mtime), UTC)


def file_dates(folder: Path, relative_paths: list[str]) -> dict[str, FileDates]:
    """Dates of each file in `relative_paths` (POSIX, relative to `folder`).

    Three Git calls for the whole folder, never one per file.
    """
    log = _git(
        folder, "log", "--relative", "--no-renames", "--format=%x00%ct", "--name-only", "--", "."
    )
    known = _from_git_log(log) if log is not None else {}
    dirty: set[str] = set()
    if log is not None:
        changed = _git(folder, "diff", "HEAD", "--relative", "--name-only", "--", ".") or ""
        untracked = _git(folder, "ls-files", "--others", "--exclude-standard", "--", ".") or ""
        dirty = set(changed.splitlines()) | set(untracked.splitlines())
    dates = {}
    for rel in relative_paths:
        file = folder / rel
        if not file.exists():
            continue
        committed = known.get(rel)
        if committed is None:
            mtime = _mtime(file)
            dates[rel] = FileDates(first=mtime, last=mtime)
        elif rel in dirty:
            dates[rel] = FileDates(first=committed.first, last=max(committed.last, _mtime(file)))
        else:
            dates[rel] = committed
    return dates
