"""A load with a `ReadCache` (each `mkdocs serve` rebuild) parses and checks only the files
that changed since the last one, and finds exactly what a load without it finds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from greenhouse.model import Settings, load_content
from greenhouse.model.reader import ReadCache
from greenhouse_testing import MINI

SETTINGS = Settings(languages=("en", "sv"))


def copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINI / "content", content)
    return content


def test_unchanged_files_are_not_parsed_again_and_the_model_is_the_same(tmp_path: Path) -> None:
    content, cache = copy(tmp_path), ReadCache()
    first = load_content(content, SETTINGS, cache=cache)
    files = cache.parsed
    assert files > 5
    again = load_content(content, SETTINGS, cache=cache)
    assert cache.parsed == 0
    assert again.content == first.content and again.problems == first.problems

    course = content / "courses/kotlin-basics.md"
    course.write_text(course.read_text(encoding="utf-8").replace("title: ", "title: New "))
    edited = load_content(content, SETTINGS, cache=cache)
    assert cache.parsed == 1
    assert edited.content.items["courses/kotlin-basics"].title.startswith("New ")
    assert edited == load_content(content, SETTINGS)


def test_a_bad_file_keeps_its_problems_and_a_file_made_a_link_is_refused(tmp_path: Path) -> None:
    content, cache = copy(tmp_path), ReadCache()
    course = content / "courses/kotlin-basics.md"
    course.write_text(course.read_text(encoding="utf-8").replace("level: ", "level: expert-"))
    first = load_content(content, SETTINGS, cache=cache)
    assert any("level" in p.field for p in first.problems)
    assert load_content(content, SETTINGS, cache=cache).problems == first.problems
    assert cache.parsed == 0

    # Another file in its place (a link to the same text): read anew, and refused.
    moved = tmp_path / "kotlin-basics.md"
    course.rename(moved)
    os.symlink(moved, course)
    linked = load_content(content, SETTINGS, cache=cache)
    assert linked == load_content(content, SETTINGS)
    assert any("symbolic link" in p.message for p in linked.problems)


def test_a_deleted_file_is_forgotten(tmp_path: Path) -> None:
    content, cache = copy(tmp_path), ReadCache()
    load_content(content, SETTINGS, cache=cache)
    (content / "courses/testing-in-practice.md").unlink()
    result = load_content(content, SETTINGS, cache=cache)
    assert result == load_content(content, SETTINGS)
    assert "courses/testing-in-practice" not in result.content.items


def test_an_item_s_image_deleted_between_loads_is_reported(tmp_path: Path) -> None:
    content, cache = copy(tmp_path), ReadCache()
    course = content / "courses/kotlin-basics.md"
    (content / "courses/kotlin.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    course.write_text(
        course.read_text(encoding="utf-8").replace("title: ", "image: kotlin.png\ntitle: ", 1),
        encoding="utf-8",
    )
    assert load_content(content, SETTINGS, cache=cache).problems == ()
    (content / "courses/kotlin.png").unlink()
    again = load_content(content, SETTINGS, cache=cache)
    assert [(p.field, p.message) for p in again.problems] == [
        ("image", "'kotlin.png' does not exist next to this file")
    ]
    assert again == load_content(content, SETTINGS)
