"""Jobs that run beside the build: in a forked child when safe, else when waited for."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from greenhouse.concurrency.background import (
    AfterServing,
    BackgroundJobFailed,
    in_background,
    write_whole,
)
from greenhouse.plugins.jobs import finish


def test_a_job_runs_in_a_child_process_and_wait_returns_when_it_is_done(
    tmp_path: Path, single_threaded: None
) -> None:
    target = tmp_path / "done.txt"
    job = in_background(lambda: target.write_text(str(os.getpid()), encoding="utf-8"))
    assert job.forked
    job.wait()
    assert target.read_text(encoding="utf-8") != str(os.getpid())


def test_a_failing_child_makes_wait_raise(
    single_threaded: None, capfd: pytest.CaptureFixture[str]
) -> None:
    def broken() -> None:
        raise ValueError("records could not be written")

    job = in_background(broken)
    with pytest.raises(BackgroundJobFailed):
        job.wait()
    assert "records could not be written" in capfd.readouterr().err


def test_with_other_threads_the_job_runs_in_process_when_waited_for(tmp_path: Path) -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        target = tmp_path / "done.txt"
        job = in_background(lambda: target.write_text(str(os.getpid()), encoding="utf-8"))
        assert not job.forked and not target.exists()
        job.wait()
        assert target.read_text(encoding="utf-8") == str(os.getpid())
    finally:
        release.set()
        other.join()


def test_while_serving_a_job_runs_after_the_build_and_a_failure_is_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)  # `mkdocs serve` has threads
    other.start()
    after = AfterServing()
    try:
        started = threading.Event()
        proceed = threading.Event()
        target = tmp_path / "feeds.ics"

        def write() -> None:
            started.set()
            proceed.wait(10)
            target.write_text("BEGIN:VCALENDAR", encoding="utf-8")

        finish(in_background(write), "greenhouse/calendar: writing the feeds", after=after)
        assert started.wait(10) and not target.exists()  # finish returned, the job runs on
        proceed.set()
        after.settle()
        assert target.exists()

        def broken() -> None:
            raise ValueError("disk full")

        finish(in_background(broken), "greenhouse/search: writing records", after=after)
        after.settle()
        assert "greenhouse/search: writing records failed" in caplog.text
        assert "disk full" in caplog.text
    finally:
        release.set()
        other.join()


def test_a_whole_file_replaces_the_old_one_and_a_failed_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "search" / "records.json"
    write_whole(target, b"[1]")
    write_whole(target, b"[1, 2]")
    assert target.read_bytes() == b"[1, 2]"

    def full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError, match="No space"):
        write_whole(target, b"[3]")
    assert target.read_bytes() == b"[1, 2]"
    assert [p.name for p in target.parent.iterdir()] == ["records.json"]


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_a_whole_file_is_as_readable_as_any_other_file_of_the_site(
    tmp_path: Path, umask: int
) -> None:
    # The web server reads the feeds and the records as it reads the pages.
    before = os.umask(umask)
    try:
        page = tmp_path / "index.html"
        page.write_bytes(b"<p>")
        write_whole(tmp_path / "calendar.ics", b"BEGIN:VCALENDAR")
    finally:
        os.umask(before)
    assert stat.S_IMODE((tmp_path / "calendar.ics").stat().st_mode) == 0o666 & ~umask
    assert (tmp_path / "calendar.ics").stat().st_mode == page.stat().st_mode
