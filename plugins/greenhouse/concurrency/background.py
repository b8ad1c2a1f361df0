"""Work that can run on the other core while the build renders pages.

`in_background` forks the build process: the child inherits everything the build has
computed so far (no copying or pickling of the content model), does one job that writes
its own files, and exits; the parent waits for it where the files must exist. Forking is
only safe in a process with a single thread (another thread may hold a lock the child
would then wait for forever), so with other threads running, or where there is no fork,
the job runs in the calling process when it is waited for, with the same result.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections.abc import Callable


class BackgroundJobFailed(RuntimeError):
    """The job raised in the child; its traceback went to standard error."""


class Job:
    """A job started by `in_background`; `wait` returns once it is done, raising if it failed."""

    def __init__(self, work: Callable[[], None], pid: int | None) -> None:
        self._work: Callable[[], None] | None = work if pid is None else None
        self._pid = pid

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def wait(self) -> None:
        if self._work is not None:
            work, self._work = self._work, None
            work()
        if self._pid is not None:
            pid, self._pid = self._pid, None
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise BackgroundJobFailed("the background job failed (see the error above)")

    def cancel(self) -> None:
        """Forget the job (the build failed): reap the child without raising."""
        self._work = None
        if self._pid is not None:
            pid, self._pid = self._pid, None
            os.waitpid(pid, 0)


def fork_is_safe() -> bool:
    """A fork can't leave the child waiting on a lock: the platform forks, no other thread runs."""
    return hasattr(os, "fork") and threading.active_count() == 1


def in_background(work: Callable[[], None]) -> Job:
    """Start `work` in a forked child when that is safe, else defer it to `Job.wait`."""
    if not fork_is_safe():
        return Job(work, None)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: do the job, never return into the build
        code = 0
        try:
            work()
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            sys.stderr.flush()
            os._exit(code)
    return Job(work, pid)
