"""Waiting for a plugin's background job where the build needs its files."""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from greenhouse.concurrency.background import BackgroundJobFailed, Job, after_serving


def finish(job: Job, doing: str, *, serving: bool = False) -> None:
    """Wait for `job`; if it failed, fail the build saying what it was `doing`
    (e.g. ``greenhouse/calendar: writing the feeds``). Its traceback is already on stderr.

    While ``mkdocs serve`` rebuilds (`serving`), a job that could not fork runs after the
    rebuild, so the page being edited reloads without waiting for it
    (greenhouse.concurrency.background.after_serving).
    """
    if serving and not job.forked:
        after_serving(job, doing)
        return
    try:
        job.wait()
    except BackgroundJobFailed as failure:
        raise PluginError(f"{doing}: {failure}") from failure
