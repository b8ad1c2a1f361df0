"""Pages converted with one reused Markdown instance come out as MkDocs' Page.render makes them."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import greenhouse.plugins.conversion as conversion
from greenhouse.concurrency import parallel
from greenhouse.plugins.conversion import ReusedMarkdown
from greenhouse.site.safety import SanitizeExtension
from greenhouse_testing import MINI, NOW, loaded_config, write_site_config

PAGES = {
    "index.md": "# Welcome\n\nSee [the agenda](guide.md#agenda) and [below](#notes).\n\n"
    '## Notes {#notes}\n\n<a id="raw-anchor"></a>Raw HTML, [the docs][docs].\n\n'
    "[docs]: https://example.com/docs\n",
    "guide.md": "# Guide\n\n!!! note\n    Bring a laptop.\n\n## Agenda\n\n| a | b |\n|---|---|\n"
    "| 1 | 2 |\n\n```\ncode\n```\n\n<img src=x onerror=alert(1)>\n",
    # A reference defined on another page stays text here.
    "plain.md": "No heading here, a [link](index.md), [the docs][docs].\n\n## Agenda\n",
}


def site(tmp_path: Path) -> tuple[MkDocsConfig, Files]:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict(
        {
            "site_name": "Test",
            "docs_dir": str(docs),
            "site_dir": str(tmp_path / "site"),
            "markdown_extensions": [
                {"toc": {"permalink": True}},
                "admonition",
                "attr_list",
                "tables",
                "md_in_html",
            ],
            "validation": {"anchors": "info"},
        }
    )
    errors, _ = config.validate()
    assert not errors, errors
    config.markdown_extensions.append(SanitizeExtension())  # type: ignore[arg-type]
    files = Files([File(name, str(docs), config.site_dir, True) for name in PAGES])
    return config, files


def rendered(files: Files, config: MkDocsConfig, render: object) -> list[tuple[object, ...]]:
    result = []
    for file in files:
        page = Page(None, file, config)
        page.read_source(config)
        if render is None:
            page.render(config, files)
        else:
            render(page, config, files)  # type: ignore[operator]
        links = {f.src_uri: a for f, a in (page.links_to_anchors or {}).items()}
        toc = [(t.id, t.title, [c.id for c in t.children]) for t in page.toc]
        result.append((page.content, toc, page.title, page.present_anchor_ids, links))
    return result


def test_every_page_is_what_page_render_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, files = site(tmp_path)
    made: list[markdown.Markdown] = []

    class Counted(markdown.Markdown):
        def __init__(self, **kwargs: object) -> None:
            super().__init__(**kwargs)  # type: ignore[arg-type]
            made.append(self)

    monkeypatch.setattr(conversion.markdown, "Markdown", Counted)
    reused = ReusedMarkdown()
    # Twice over: what one page leaves in the instance never reaches the next.
    ours = rendered(files, config, reused.render) + rendered(files, config, reused.render)
    monkeypatch.undo()
    theirs = rendered(files, config, None)
    assert ours == theirs + theirs
    assert len(made) == 1
    index, guide, plain = theirs
    assert index[2] == "Welcome" and plain[2] == "Plain"  # the title from the first heading
    assert {"notes", "raw-anchor"} <= index[3]
    assert index[4]["guide.md"] == {"agenda": "guide.md#agenda"}
    assert "onerror" not in guide[0] and 'class="admonition note"' in guide[0]
    assert "example.com" in index[0] and "[the docs][docs]" in plain[0]


@pytest.mark.build
def test_a_build_makes_one_markdown_instance_for_all_its_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    write_site_config(tmp_path)
    monkeypatch.setenv("GREENHOUSE_NOW", NOW)
    monkeypatch.setattr(parallel, "fork_is_safe", lambda: False)  # every page in this process
    made: list[markdown.Markdown] = []

    class Counted(markdown.Markdown):
        def __init__(self, **kwargs: object) -> None:
            super().__init__(**kwargs)  # type: ignore[arg-type]
            made.append(self)

    config = loaded_config(tmp_path)
    monkeypatch.setattr(markdown, "Markdown", Counted)
    build(config)
    pages = list((tmp_path / "site").rglob("index.html"))
    assert len(pages) > 20 and len(made) == 1
