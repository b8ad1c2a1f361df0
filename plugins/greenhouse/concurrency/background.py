"""Jobs that write files the build never reads, done on another core while it renders pages.

`in_background` starts the job in a child process (``multiprocessing`` with the ``fork``
start method, so the child inherits what the build has computed and nothing is pickled);
the build waits for it where the files must exist. Forking is only safe in a process with
a single thread (another thread may hold a lock the child would then wait for forever),
so with other threads running (``mkdocs serve``), or where there is no fork, the job runs
in the calling process when it is waited for, with the same result.

While ``mkdocs serve`` rebuilds, such a job runs after the rebuild instead (`AfterServing`),
on one thread of its own: the page being edited reloads first, and the files it writes
follow a few seconds later. The next rebuild starts once they are written.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.greenhouse")


class BackgroundJobFailed(RuntimeError):
    """The job raised in the child; its traceback went to standard error."""


class Job:
    """A job started by `in_background`; `wait` returns once it is done, raising if it failed."""

    def __init__(self, work: Callable[[], None], process: BaseProcess | None) -> None:
        self._work: Callable[[], None] | None = work if process is None else None
        self._process = process

    @property
    def forked(self) -> bool:
        return self._process is not None

    def wait(self) -> None:
        if self._work is not None:
            work, self._work = self._work, None
            work()
        if self._process is not None:
            process, self._process = self._process, None
            process.join()
            if process.exitcode != 0:
                raise BackgroundJobFailed("the background job failed (see the error above)")

    def cancel(self) -> None:
        """Forget the job (the build failed): wait for the child without raising."""
        self._work = None
        if self._process is not None:
            process, self._process = self._process, None
            process.join()


def fork_is_safe() -> bool:
    """A fork can't leave the child waiting on a lock: the platform forks, no other thread runs."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def in_background(work: Callable[[], None]) -> Job:
    """Start `work` in a child process when that is safe, else defer it to `Job.wait`."""
    if not fork_is_safe():
        return Job(work, None)
    sys.stdout.flush()
    sys.stderr.flush()
    process = multiprocessing.get_context("fork").Process(target=work)
    process.start()
    return Job(work, process)


class AfterServing:
    """Jobs finished once the ``mkdocs serve`` rebuild they belong to is served, on a
    thread each and one after another (the server's threads then answer the browser's
    reload sooner). The content plugin keeps one for the server's life and settles it
    before each rebuild and at shutdown."""

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []

    def add(self, job: Job, doing: str) -> None:
        """Finish `job` after the jobs added before it; a failure is logged as `doing`
        (e.g. ``greenhouse/calendar: writing the feeds``), since its build is over."""
        before = self._threads[-1] if self._threads else None

        def finish() -> None:
            if before is not None:
                before.join()
            try:
                job.wait()
            except Exception:
                log.exception(f"{doing} failed")
            else:
                log.info(f"{doing}: done")

        thread = threading.Thread(target=finish, name="greenhouse-after-serving")
        self._threads.append(thread)
        thread.start()

    def settle(self) -> None:
        """Wait until every job added is done (also when interrupted while waiting: the
        next call waits for the rest)."""
        while self._threads:
            self._threads[0].join()
            self._threads.pop(0)


def write_whole(target: Path, data: bytes) -> None:
    """Write `target` so that a reader sees the old file or the new one, never half of
    one (``mkdocs serve`` answers requests while these files are written). A write that
    fails leaves neither half a file nor its temporary file behind.

    The file gets the permissions every file of the site gets (the umask's), so that the
    web server may read it; `tempfile`'s files are the owner's only. The temporary file is
    named after this process and thread, the only writers that could meet."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}.part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        with open(os.open(part, flags, 0o666), "wb") as out:
            out.write(data)
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
