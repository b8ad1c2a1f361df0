"""Waiting for a plugin's background job where the build needs its files."""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from greenhouse.concurrency.background import AfterServing, BackgroundJobFailed, Job


def finish(job: Job, doing: str, *, after: AfterServing | None = None) -> None:
    """Wait for `job`; if it failed, fail the build saying what it was `doing`
    (e.g. ``greenhouse/calendar: writing the feeds``). Its traceback is already on stderr.

    While ``mkdocs serve`` rebuilds, a job that could not fork is handed to `after` (the
    content plugin's `AfterServing`), so the page being edited reloads without waiting
    for it.
    """
    if after is not None and not job.forked:
        after.add(job, doing)
        return
    try:
        job.wait()
    except BackgroundJobFailed as failure:
        raise PluginError(f"{doing}: {failure}") from failure
