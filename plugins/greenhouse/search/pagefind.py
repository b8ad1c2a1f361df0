"""Pagefind indexing alongside the build: pages go to a ``pagefind --service`` process as
they are rendered, so the index is built while the rest renders.

The service reads requests on stdin and answers on stdout, each a base64-encoded JSON
object followed by a comma (the protocol of Pagefind's own Node and Python clients; its
Python client reads one answer per 0.1 s, too slow for thousands of pages). Pages are
written into a staging folder laid out like the site, and every
`PagefindIndexer.batch_size` of them Pagefind is asked to index that folder
(``AddDir``): the index is exactly the one the CLI builds from the same files under
``--site``. Pagefind runs at the lowest CPU priority (``nice``), so the rendering, which
everything waits for, comes first, and gets one request at a time. Together these took
the 5,000-item benchmark from 32–45 s to 32–35 s over three alternating runs against
one ``AddFile`` request per page (docs/performance.md).

Pagefind reads only a page's ``<html>`` tag (its language), its ``<title>`` and the element
marked ``data-pagefind-body``; `indexed_part` hands it just those, when the template marks
where that element ends with `BODY_END`. The full page is most of the bytes (Material's
header, navigation and scripts): Pagefind then parses a fifth of them, in about half the
time, and builds the same index.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

#: Written by our templates right after the ``data-pagefind-body`` element's end tag. Page
#: text never contains it: titles are escaped and Markdown's HTML is sanitized (no comments).
BODY_END = "<!--/data-pagefind-body-->"


def indexed_part(html: str) -> str:
    """The part of a rendered page Pagefind indexes, as a page of its own; `html` unchanged
    when it has no marked body (Pagefind then reads it whole, as the CLI would)."""
    body = html.find("data-pagefind-body")
    end = html.find(BODY_END, body)
    opening = html.find("<html")
    title = html.find("<title>")
    title_end = html.find("</title>", title)
    if min(body, end, opening, title, title_end) < 0 or title > body:
        return html
    start = html.rfind("<", 0, body)
    html_tag = html[opening : html.index(">", opening) + 1]
    return (
        f"<!doctype html>{html_tag}<head>{html[title : title_end + len('</title>')]}</head>"
        f"<body>{html[start:end]}</body></html>"
    )


def _in_memory() -> str | None:
    """Linux's shared-memory folder when there is one: a folder per page costs next to
    nothing there, against a fifth of a millisecond on a disk the build just emptied."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


class PagefindError(RuntimeError):
    """Pagefind refused a request or stopped; the message is Pagefind's."""


class PagefindIndexer:
    """One in-memory Pagefind index, fed pages in batches from a staging folder and written
    once at the end.

    `add` writes the page into the staging folder and returns at once (Pagefind works
    while the caller goes on); each batch's folder is removed once Pagefind has read it.
    `write` hands over the last batch, waits for every page, stops the service, removes
    the staging folder and writes the bundle into `output`. `indexed` counts the pages
    Pagefind says it indexed (a page it could not parse is skipped, not an error).
    """

    #: Pages per ``AddDir`` request: small enough that Pagefind starts early and little is
    #: left for the end, large enough that its threads each get a share of every batch.
    batch_size = 100

    def __init__(self, executable: str | Path, *, exclude_selectors: list[str]) -> None:
        # A file, not a pipe, for what it says on stderr: nobody reads it unless it fails.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        nice = shutil.which("nice")
        self._process = subprocess.Popen(
            [*([nice, "-n", "19"] if nice else []), str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        self._staging = Path(tempfile.mkdtemp(prefix="greenhouse-pagefind-", dir=_in_memory()))
        self._ids = itertools.count(1)
        self._answers: dict[int, dict[str, Any]] = {}
        self._errors: list[str] = []
        self._pending: set[int] = set()
        self._changed = threading.Condition()
        self._stopping = False
        assert self._process.stdout is not None
        self._reader = threading.Thread(
            target=self._read, args=(self._process.stdout,), daemon=True
        )
        self._reader.start()
        self._outbox: queue.Queue[tuple[int, bytes, Path | None] | None] = queue.Queue()
        self._writer = threading.Thread(target=self._write_requests, daemon=True)
        self._writer.start()
        self._batches = itertools.count(1)
        self._batch_dir: Path | None = None
        self._in_batch = 0
        self.pages = 0
        self.indexed = 0
        try:
            answer = self._ask(
                {"type": "NewIndex", "config": {"exclude_selectors": exclude_selectors}}
            )
        except BaseException:
            self.abort()
            raise
        self._index_id = answer["index_id"]

    def add(self, html: str, url: str) -> None:
        """Index the page at `url` (site-absolute, e.g. ``/courses/kotlin/``)."""
        if self._batch_dir is None:
            self._batch_dir = self._staging / str(next(self._batches))
        relative = url.lstrip("/")
        if relative == "" or relative.endswith("/"):
            relative += "index.html"  # Pagefind gives the folder's URL for its index.html
        path = self._batch_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        self.pages += 1
        self._in_batch += 1
        if self._in_batch >= self.batch_size:
            self._hand_over()

    def _hand_over(self) -> None:
        """Ask Pagefind to index the batch written so far (URLs are paths under its folder)."""
        if self._batch_dir is not None:
            folder, self._batch_dir, self._in_batch = self._batch_dir, None, 0
            self._send({"type": "AddDir", "index_id": self._index_id, "path": str(folder)}, folder)

    def write(self, output: Path) -> None:
        """Write the index bundle as the folder `output` once every page is indexed; stop
        Pagefind.

        Pagefind hands the files over in its answer and `write_bundle` writes them. Its own
        ``WriteFiles`` could leave a file empty: the service exits as soon as its input
        closes, and on a busy machine its last writes were seen still under way when it
        had answered (``pagefind-entry.json`` empty in 6 of 20 builds).
        """
        try:
            self._hand_over()
            files = self._ask({"type": "GetFiles", "index_id": self._index_id})["files"]
        finally:
            self.close()
        write_bundle(files, output)

    def abort(self) -> None:
        """Stop Pagefind at once, writing nothing (the build failed)."""
        self._process.kill()
        self.close()

    def close(self) -> None:
        self._stopping = True  # the writer drops what is still queued
        if self._writer.is_alive():
            self._outbox.put(None)
            self._writer.join()
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._reader.join(timeout=10)
        self._stderr.close()
        shutil.rmtree(self._staging, ignore_errors=True)

    def _send(self, payload: dict[str, Any], folder: Path | None = None) -> int:
        """Queue `payload`; `folder` is removed once Pagefind has answered it."""
        message_id = next(self._ids)
        with self._changed:
            self._raise_errors()
            self._pending.add(message_id)
        request = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
        self._outbox.put((message_id, base64.b64encode(request) + b",", folder))
        return message_id

    def _write_requests(self) -> None:
        """Hand requests over one at a time: the next once Pagefind has answered the last,
        so that what waits is in the staging folder, not in Pagefind's memory and threads;
        a batch's folder goes once it is answered, so the staging folder stays small."""
        assert self._process.stdin is not None
        stopped = False
        while (request := self._outbox.get()) is not None:
            if stopped or self._stopping:  # keep emptying the queue so that `add` never blocks
                continue
            message_id, data, folder = request
            try:
                self._process.stdin.write(data)
                self._process.stdin.flush()
            except (BrokenPipeError, ValueError):  # Pagefind stopped: `_ask` says so
                stopped = True
                continue
            with self._changed:
                while message_id in self._pending and self._reader.is_alive():
                    self._changed.wait(timeout=1)
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send `payload` and wait for its answer and for every earlier request's."""
        message_id = self._send(payload)
        with self._changed:
            while self._pending and self._reader.is_alive():
                self._changed.wait(timeout=1)
            self._raise_errors()
            if message_id not in self._answers:
                raise PagefindError(f"pagefind --service stopped: {self._said()}")
            return self._answers.pop(message_id)

    def _said(self) -> str:
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # alive, but nothing more will be read from it
            self._process.kill()
            self._process.wait()
        self._stderr.seek(0)
        said = self._stderr.read().decode("utf-8", "replace").strip()
        return said[-2000:] or f"exit status {self._process.returncode}"

    def _raise_errors(self) -> None:
        if self._errors:
            raise PagefindError("; ".join(self._errors[:3]))

    def _read(self, stdout: IO[bytes]) -> None:
        # An answer can be the whole bundle (tens of MB): its pieces are joined once, at its end.
        started: list[bytes] = []
        try:
            while chunk := stdout.read1(1 << 20):  # type: ignore[attr-defined]
                *messages, rest = chunk.split(b",")
                if messages:
                    messages[0] = b"".join((*started, messages[0]))
                    started.clear()
                for message in messages:
                    self._receive(json.loads(base64.b64decode(message)))
                if rest:
                    started.append(rest)
        except Exception as error:  # a garbled answer: nothing after it can be trusted
            with self._changed:
                self._errors.append(f"reading what pagefind --service answered: {error!r}")
            self._process.kill()
        finally:
            with self._changed:
                self._changed.notify_all()

    def _receive(self, answer: dict[str, Any]) -> None:
        payload = answer.get("payload") or {}
        message_id = answer.get("message_id")
        with self._changed:
            if payload.get("type") == "Error":
                self._errors.append(str(payload.get("message")))
            if payload.get("type") == "IndexedDir":  # nobody waits for those
                self.indexed += int(payload.get("page_count") or 0)
            elif isinstance(message_id, int):
                self._answers[message_id] = payload
            if isinstance(message_id, int):
                self._pending.discard(message_id)
            self._changed.notify_all()


def write_bundle(files: list[dict[str, Any]], output: Path) -> None:
    """Write the files of Pagefind's ``GetFiles`` answer (``{path, content}``, the content
    base64-encoded) as the folder `output`, whole or not at all: they go into a new folder
    beside it, which then takes its place, so neither a failure nor a site being served
    meanwhile sees half a bundle. Every error names the file.
    """
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    except OSError as error:
        raise PagefindError(f"writing {output}: {error.strerror or error}") from error
    try:
        folders: set[Path] = set()
        for file in files:
            try:
                name = Path(file["path"])
                content = base64.b64decode(file["content"], validate=True)
            except (KeyError, TypeError, ValueError) as error:
                raise PagefindError(
                    f"pagefind sent a file that cannot be read ({error}): {str(file)[:120]}"
                ) from error
            if name.is_absolute() or ".." in name.parts:
                raise PagefindError(f"pagefind named a file outside its folder: {name}")
            path = staging / name
            try:
                if path.parent not in folders:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(path.parent)
                path.write_bytes(content)
            except OSError as error:
                raise PagefindError(
                    f"writing {output / name}: {error.strerror or error}"
                ) from error
        _replace_folder(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _replace_folder(new: Path, output: Path) -> None:
    """Put the folder `new` where `output` is; the old one, if any, goes once `new` is in."""
    aside = None
    try:
        if output.exists():
            aside = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
            output.rename(aside / output.name)
        new.rename(output)
    except OSError as error:
        if aside is not None and (aside / output.name).exists():
            with contextlib.suppress(OSError):  # the old bundle stays, if it can
                (aside / output.name).rename(output)
        raise PagefindError(f"writing {output}: {error.strerror or error}") from error
    finally:
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
