"""Jobs that write files the build never reads, done on another core while it renders pages.

`in_background` starts the job in a child process (``multiprocessing`` with the ``fork``
start method, so the child inherits what the build has computed and nothing is pickled);
the build waits for it where the files must exist. Forking is only safe in a process with
a single thread (another thread may hold a lock the child would then wait for forever),
so with other threads running (``mkdocs serve``), or where there is no fork, the job runs
in the calling process when it is waited for, with the same result.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable
from multiprocessing.process import BaseProcess


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
