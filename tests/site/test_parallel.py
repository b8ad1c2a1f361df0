"""Pages converted and rendered by forked helpers too: the same site, errors and logs."""

from __future__ import annotations

import gc
import logging
import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from greenhouse.concurrency.parallel import YOURS, SharedLoop
from greenhouse_testing import MINI, REPO, run_build, write_site_config


def take_all(loop: SharedLoop, count: int, mine: list[int]) -> dict[int, object]:
    """What the build does: every item in order, itself when the loop says so."""
    results = {}
    for index in range(count):
        result = loop.take(index)
        if result is YOURS:
            mine.append(index)
            time.sleep(0.002)  # the build's own work on the item
            result = ("caller", index)
        results[index] = result
    loop.close()
    return results


def test_helpers_take_items_from_the_end_and_every_item_is_done_once(
    single_threaded: None,
) -> None:
    parent = os.getpid()

    def work(index: int) -> tuple[str, int]:
        assert os.getpid() != parent
        time.sleep(0.004)
        return ("helper", index)

    loop = SharedLoop(200, work, helpers=2)
    assert loop.forked
    mine: list[int] = []
    results = take_all(loop, 200, mine)
    helped = [i for i, r in results.items() if r == ("helper", i)]
    assert sorted(mine + helped) == list(range(200))
    assert (
        helped and mine and min(helped) > max(mine)
    )  # the caller from the start, helpers from the end


def test_an_item_that_fails_in_a_helper_is_left_to_the_build(single_threaded: None) -> None:
    def work(index: int) -> int:
        if index == 150:
            raise ValueError("template error")
        time.sleep(0.004)
        return index

    loop = SharedLoop(200, work, helpers=1)
    mine: list[int] = []
    results = take_all(loop, 200, mine)
    assert 150 in mine and results[150] == ("caller", 150)
    assert all(results[i] in (i, ("caller", i)) for i in range(200))


def test_items_of_a_helper_that_dies_are_left_to_the_build(single_threaded: None) -> None:
    def work(index: int) -> int:
        if index == 180:
            os._exit(3)
        time.sleep(0.004)
        return index

    loop = SharedLoop(200, work, helpers=1)
    mine: list[int] = []
    results = take_all(loop, 200, mine)
    assert 180 in mine
    assert sorted(results) == list(range(200))


def test_what_a_helper_logs_is_logged_by_the_build(
    single_threaded: None, caplog: pytest.LogCaptureFixture
) -> None:
    def work(index: int) -> int:
        logging.getLogger("mkdocs.plugins.test").warning("page %d: a broken link", index)
        time.sleep(0.004)
        return index

    loop = SharedLoop(50, work, helpers=1, logger="mkdocs")
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        results = take_all(loop, 50, [])
    helped = [i for i, r in results.items() if r == i]
    assert helped
    logged = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.test"]
    assert logged == [f"page {i}: a broken link" for i in helped]


def test_objects_are_kept_out_of_garbage_collection_only_while_helpers_run(
    single_threaded: None,
) -> None:
    before = gc.get_freeze_count()
    loop = SharedLoop(20, lambda index: index, helpers=1)
    assert loop.forked and gc.get_freeze_count() > before
    results = take_all(loop, 20, [])  # closes the loop
    assert sorted(results) == list(range(20))
    assert gc.get_freeze_count() == before


def test_with_other_threads_the_build_does_every_item() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        loop = SharedLoop(10, lambda index: index, helpers=2)
        assert not loop.forked
        assert all(loop.take(i) is YOURS for i in range(10))
    finally:
        release.set()
        other.join()


def portal_config(root: Path, processes: int) -> None:
    """The portal's mkdocs.yml with `processes` set, for the content in `root`."""
    base = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - greenhouse/parallel\n" in base
    (root / "base.yml").write_text(
        base.replace(
            "  - greenhouse/parallel\n", f"  - greenhouse/parallel: {{processes: {processes}}}\n"
        ),
        encoding="utf-8",
    )
    config = write_site_config(root)
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            str(REPO / "mkdocs.yml"), str(root / "base.yml")
        ),
        encoding="utf-8",
    )


#: In every copied course: raw HTML that must lose its handler wherever the page is converted.
UNSAFE = '\n<img src="diagram.png" alt="Diagram" onerror="alert(1)">\n'


def add_courses(content: Path, count: int = 150) -> None:
    """Copies of a course: enough pages that a helper has started before the build has
    converted them all, however busy the machine (the mini site alone can be done first)."""
    basics = (content / "courses" / "kotlin-basics.md").read_text(encoding="utf-8")
    for n in range(count):
        (content / "courses" / f"kotlin-basics-{n}.md").write_text(
            # Dated: the feeds would date an undated copy by when it was written.
            basics.replace("title: Kotlin basics", f"title: Kotlin basics {n}\ndate: 2026-01-01")
            + UNSAFE,
            encoding="utf-8",
        )


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.build
def test_the_site_built_with_helpers_is_the_site_built_by_one_process(tmp_path: Path) -> None:
    sites = {}
    for processes in (1, 2):
        root = tmp_path / str(processes)
        shutil.copytree(MINI / "content", root / "content")
        add_courses(root / "content")
        portal_config(root, processes)
        result = run_build(root, quiet=False)
        assert result.returncode == 0, result.stderr
        sites[processes] = root / "site"
    helped = re.search(r"helpers converted (\d+) and rendered (\d+) of (\d+) pages", result.stderr)
    # The helpers did work (how much depends on how the two processes were scheduled: on a
    # busy machine a helper may convert every page before the build reaches one).
    assert helped and 0 < int(helped[1]) <= int(helped[3]) and 0 < int(helped[2]) <= int(helped[3])
    files = files_of(sites[2])
    assert "search/index/pages.json" in files and files == files_of(sites[1])
    # Helpers write the pages they render; MkDocs, writing nothing for them, says nothing.
    assert "Page skipped" not in result.stderr
    # Sanitized where it was converted, a helper's pages included.
    copies = [files[f"courses/kotlin-basics-{n}/index.html"] for n in range(150)]
    assert all(b'alt="Diagram"' in page and b"onerror" not in page for page in copies)


def site_with_hooks(root: Path, hooks: str) -> None:
    """The mini site with copied courses, two processes, and MkDocs hooks of `hooks`."""
    shutil.copytree(MINI / "content", root / "content")
    add_courses(root / "content")
    portal_config(root, 2)
    (root / "hooks.py").write_text(hooks, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + f"hooks:\n  - {root / 'hooks.py'}\n",
        encoding="utf-8",
    )


@pytest.mark.build
def test_a_post_page_handler_sees_every_page_a_helper_rendered(tmp_path: Path) -> None:
    site_with_hooks(
        tmp_path,
        "def on_post_page(output, page, config):\n"
        "    return output.replace('</body>', '<!-- seen by the hook --></body>')\n",
    )
    result = run_build(tmp_path, quiet=False)
    assert result.returncode == 0, result.stderr
    helped = re.search(r"rendered (\d+) of", result.stderr)
    assert helped and int(helped[1]) > 0
    site = tmp_path / "site"
    # Every page MkDocs builds (the web editor's page is a file the CMS plugin adds).
    pages = [p for p in site.rglob("index.html") if p != site / "admin/index.html"]
    assert len(pages) > 150
    assert all("<!-- seen by the hook -->" in p.read_text(encoding="utf-8") for p in pages)


@pytest.mark.build
def test_plugins_see_which_pages_a_helper_rendered_before_they_fill_in_the_context(
    tmp_path: Path,
) -> None:
    seen = tmp_path / "seen.txt"
    site_with_hooks(
        tmp_path,
        "import greenhouse.plugins.pages as pages\n"
        "def on_page_context(context, page, config, nav):\n"
        f"    with open({str(seen)!r}, 'a') as out:\n"
        "        out.write(f'{pages.PRERENDERED_KEY in context} {page.file.src_uri}\\n')\n"
        "    return context\n",
    )
    result = run_build(tmp_path, quiet=False)
    assert result.returncode == 0, result.stderr
    helped = re.search(r"rendered (\d+) of (\d+) pages", result.stderr)
    assert helped and int(helped[1]) > 0
    lines = seen.read_text(encoding="utf-8").splitlines()
    # Once in the build for every page, and once more in the helper for the pages it renders.
    built = len(lines) - int(helped[1])
    assert built == int(helped[2])
    marked = [line.split(" ", 1)[1] for line in lines if line.startswith("True ")]
    assert len(marked) == int(helped[1]) and len(set(marked)) == len(marked)


@pytest.mark.build
def test_a_template_error_in_a_page_a_helper_renders_fails_the_build_as_usual(
    tmp_path: Path,
) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    course = tmp_path / "overrides/greenhouse/course.html"
    course.write_text(
        course.read_text(encoding="utf-8").replace(
            "{% block item_actions %}", "{% block item_actions %}{{ entry.no_such_field.name }}"
        ),
        encoding="utf-8",
    )
    portal_config(tmp_path, 2)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            str(REPO / "overrides"), str(tmp_path / "overrides")
        ),
        encoding="utf-8",
    )
    result = run_build(tmp_path)
    assert result.returncode != 0
    assert "Error building page 'courses/" in result.stderr
    assert "no_such_field" in result.stderr


@pytest.mark.build
def test_a_broken_link_in_any_page_is_reported_once_and_fails_a_strict_build(
    tmp_path: Path,
) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    add_courses(tmp_path / "content")
    pages = sorted(
        p
        for folder in ("courses", "academy", "workshops", "hack-week", "paths")
        for p in (tmp_path / "content" / folder).glob("*.md")
    )
    for page in pages:
        page.write_text(
            page.read_text(encoding="utf-8") + "\nSee [the notes](no-such-notes.md).\n",
            encoding="utf-8",
        )
    portal_config(tmp_path, 2)
    result = run_build(tmp_path, quiet=False)
    assert result.returncode != 0 and "Aborted with" in result.stdout + result.stderr
    helped = re.search(r"helpers converted (\d+)", result.stderr)
    assert helped and int(helped[1]) > 0
    for page in pages:
        uri = page.relative_to(tmp_path / "content").as_posix()
        assert result.stderr.count(f"Doc file '{uri}' contains a link 'no-such-notes.md'") == 1
