"""Waiting for a plugin's background job where the build needs its files."""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from greenhouse.concurrency.background import BackgroundJobFailed, Job


def finish(job: Job, doing: str) -> None:
    """Wait for `job`; if it failed, fail the build saying what it was `doing`
    (e.g. ``greenhouse/calendar: writing the feeds``). Its traceback is already on stderr."""
    try:
        job.wait()
    except BackgroundJobFailed as failure:
        raise PluginError(f"{doing}: {failure}") from failure
