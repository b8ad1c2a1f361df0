"""Theme parts drawn once per place (greenhouse.plugins.shared_parts) leave every page as
it would be drawn on its own: the navigation, tabs, header search, Material's settings,
cards, item lines and feed links."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from greenhouse.plugins.shared_parts import SharedParts
from greenhouse_testing import REPO, loaded_config, run_build, write_site_config


def test_every_page_is_the_same_with_and_without_shared_parts(
    sample_portal: Path, tmp_path: Path
) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    write_site_config(tmp_path)
    result = run_build(tmp_path, env={"GREENHOUSE_SHARED_PARTS": "0"})
    assert result.returncode == 0, result.stderr
    alone = tmp_path / "site"
    shared = sorted(p.relative_to(sample_portal) for p in sample_portal.rglob("*.html"))
    assert shared == sorted(p.relative_to(alone) for p in alone.rglob("*.html"))
    assert len(shared) > 100
    different = [
        str(p) for p in shared if (sample_portal / p).read_bytes() != (alone / p).read_bytes()
    ]
    assert different == []


@pytest.fixture
def site(mini_site: Path) -> tuple[SharedParts, list[Page], object]:
    """The mini site's navigation and pages, plus two course pages outside the nav and
    a page whose folder holds a page of the nav."""
    config = loaded_config(mini_site)
    files = Files([])
    for src in (
        "index.md",
        "courses/index.md",
        "academy/index.md",
        "courses/a.md",
        "courses/b.md",
        "academy/c.md",
        "learn.md",
        "learn/deep.md",
    ):
        files.append(File(src, config.docs_dir, config.site_dir, use_directory_urls=True))
    config.nav = ["index.md", "courses/index.md", "academy/index.md", "learn/deep.md"]
    nav = get_navigation(files, config)
    pages = {f.src_uri: f.page or Page(None, f, config) for f in files}
    return SharedParts(), pages, nav  # type: ignore[return-value]


def test_pages_of_one_folder_share_a_place_and_others_do_not(site) -> None:
    shared, pages, nav = site
    place = {src: shared.place(page, nav) for src, page in pages.items()}
    assert place["courses/a.md"] is not None
    assert place["courses/a.md"] == place["courses/b.md"]
    assert place["academy/c.md"] != place["courses/a.md"]
    # In the navigation, or the folder of a page in it: drawn for itself.
    assert place["courses/index.md"] is None
    assert place["index.md"] is None
    assert place["learn.md"] is None
    # Which section is marked active is part of the place.
    pages["courses/index.md"].active = True
    assert shared.place(pages["courses/b.md"], nav) != place["courses/b.md"]


def test_a_part_is_drawn_once_per_name_place_and_key() -> None:
    shared = SharedParts()
    drawn: list[str] = []

    def draw(text: str):
        return lambda: drawn.append(text) or f"<p>{text}</p>"

    assert shared("nav", ("courses", ()), caller=draw("one")) == "<p>one</p>"
    assert shared("nav", ("courses", ()), caller=draw("two")) == "<p>one</p>"
    assert shared("nav", ("academy", ()), caller=draw("three")) == "<p>three</p>"
    assert shared("card", ("courses", ()), "x", caller=draw("four")) == "<p>four</p>"
    assert shared("card", ("courses", ()), "y", caller=draw("five")) == "<p>five</p>"
    assert shared("nav", None, caller=draw("six")) == "<p>six</p>"
    assert shared("nav", None, caller=draw("seven")) == "<p>seven</p>"
    shared.clear()
    assert shared("nav", ("courses", ()), caller=draw("eight")) == "<p>eight</p>"
    assert drawn == ["one", "three", "four", "five", "six", "seven", "eight"]
    off = SharedParts(enabled=False)
    assert off("nav", ("courses", ()), caller=draw("nine")) == "<p>nine</p>"
    assert off("nav", ("courses", ()), caller=draw("ten")) == "<p>ten</p>"
