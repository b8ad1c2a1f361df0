"""Top-level pages: a small set of typed front-matter fields, located problems for the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from greenhouse.model import Settings, TopPage, load_content

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini" / "content"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "content")
    return tmp_path / "content"


def problems_of(content: Path, name: str, text: str) -> list[str]:
    (content / name).write_text(text, encoding="utf-8")
    result = load_content(content, Settings())
    return [str(p) for p in result.problems]


@pytest.mark.parametrize(
    ("name", "front", "problem"),
    [
        (
            "index.md",
            "title: Home\nsubtitle: <b>new</b>",
            "content/index.md:3: subtitle: is not a field of a home page (did you mean 'title'?); "
            "a home page may have title, description, featured_paths, hide, template "
            "(see CONTRIBUTING.md)",
        ),
        (
            "about.md",
            "author: Someone",
            "content/about.md:2: author: is not a field of a page; a page may have title, "
            "description, hide, template (see CONTRIBUTING.md)",
        ),
        ("about.md", "title: [a, b]", "content/about.md:2: title: must be text, not a list"),
        (
            "about.md",
            "title: {a: 1}",
            "content/about.md:2: title: must be text, not a set of fields",
        ),
        ("about.md", "title: 'Two\n\n  lines'", "content/about.md:2: title: must be a single line"),
        ("about.md", f"title: {'x' * 121}", "content/about.md:2: title: is too long"),
        (
            "about.md",
            f"description: {'x' * 281}",
            "content/about.md:2: description: is too long (281 characters; at most 280)",
        ),
        (
            "about.md",
            "template: redirect.html",
            "content/about.md:2: template: 'redirect.html' is not one of main.html, "
            "greenhouse/home.html",
        ),
        (
            "about.md",
            "template: greenhouse/home.html",
            "content/about.md:2: template: greenhouse/home.html is the home page's "
            "(content/index.md); use main.html",
        ),
        (
            "about.md",
            "featured_paths: [paths/backend-foundations]",
            "content/about.md:2: featured_paths: is only for the home page (content/index.md)",
        ),
        (
            "about.md",
            "hide: [toc, header]",
            "content/about.md:2: hide[1]: 'header' is not one of navigation, toc, footer, path, "
            "tags, feedback",
        ),
        ("about.md", "hide: toc", "content/about.md:2: hide: must be a list, e.g. hide: [toc]"),
        (
            "index.md",
            "featured_paths:\n  - paths/backend-foundations\n  - {id: x}",
            "content/index.md:4: featured_paths[1]: must be a item id, not a set of fields",
        ),
        (
            "index.md",
            "featured_paths: [paths/nowhere]",
            "content/index.md:2: featured_paths[0]: 'paths/nowhere' is not in content/",
        ),
    ],
)
def test_a_pages_front_matter_is_checked_like_an_items(
    content: Path, name: str, front: str, problem: str
) -> None:
    found = problems_of(content, name, f"---\n{front}\n---\n# Heading\n")
    assert len(found) == 1, found
    assert found[0].startswith(problem)


def test_every_problem_of_a_page_is_reported_in_one_run(content: Path) -> None:
    found = problems_of(
        content,
        "about.md",
        "---\ntitle: [x]\nsubtitle: y\nauthor: z\ntemplate: redirect.html\n---\n",
    )
    assert [p.split(": ", 2)[:2] for p in found] == [
        ["content/about.md:2", "title"],
        ["content/about.md:3", "subtitle"],
        ["content/about.md:4", "author"],
        ["content/about.md:5", "template"],
    ]


def test_a_valid_page_becomes_typed_metadata(content: Path) -> None:
    (content / "index.md").write_text(
        "---\ntitle: 2026\ndescription: Learn with us.\nhide: [toc]\ntemplate: main.html\n"
        "featured_paths: [paths/backend-foundations]\n---\nHello.\n",
        encoding="utf-8",
    )
    result = load_content(content, Settings())
    assert result.ok, result.problems
    home = result.content.pages["index.md"]
    assert isinstance(home, TopPage)
    assert home.meta() == {
        "title": "2026",
        "description": "Learn with us.",
        "template": "main.html",
        "hide": ["toc"],
        "featured_paths": ["paths/backend-foundations"],
    }
    assert home.body == "Hello.\n"


@pytest.mark.parametrize(
    "text",
    [
        "# About\n\nThe portal.\n",
        # MkDocs would read these lines as metadata; for the portal they are the text.
        "author: <script>alert(1)</script>\nsubtitle: x\n\nText.\n",
    ],
)
def test_a_page_without_front_matter_has_no_metadata(content: Path, text: str) -> None:
    (content / "about.md").write_text(text, encoding="utf-8")
    result = load_content(content, Settings())
    assert result.ok, result.problems
    about = result.content.pages["about.md"]
    assert about.meta() == {}
    assert about.body == text


@pytest.mark.parametrize("name", ["admin", "catalogue", "courses", "people", "calendar"])
def test_a_page_may_not_take_the_place_of_the_portals_own(content: Path, name: str) -> None:
    found = problems_of(content, f"{name}.md", "---\ntitle: Log in\n---\nYour password:\n")
    assert found == [
        f"content/{name}.md:1: file: /{name}/ is the portal's own page; "
        "give this page another file name"
    ]


def test_a_page_that_cannot_be_read_is_located(content: Path) -> None:
    (content / "about.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    found = problems_of(content, "broken.md", "---\ntitle: [unclosed\n---\n")
    assert [p.split(": ", 2)[:2] for p in found] == [
        ["content/about.md:2", "file"],
        ["content/broken.md:3", "yaml"],
    ]
