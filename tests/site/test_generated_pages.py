"""Generated pages' data: given as it is, or made when the page is rendered."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from greenhouse.plugins.pages import GeneratedPages


def config_for(tmp_path: Path) -> MkDocsConfig:
    config = MkDocsConfig()
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    config.load_dict({"site_name": "Test", "docs_dir": str(docs), "site_dir": str(site)})
    errors, _ = config.validate()
    assert not errors, errors
    return config


class Adding(BasePlugin):  # type: ignore[type-arg]
    """A plugin whose on_files runs `add`: MkDocs records which plugin made each file."""

    def __init__(self, add) -> None:  # type: ignore[no-untyped-def]
        self.add = add

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.add(files, config)
        return files


def test_data_made_later_is_made_once_by_the_page_that_renders_it(tmp_path: Path) -> None:
    pages, files, made = GeneratedPages(), Files([]), []

    def make() -> dict[str, int]:
        made.append(1)
        return {"count": 3}

    def add(files: Files, config: MkDocsConfig) -> None:
        pages.add(files, config, "a/index.md", title="A", template="a.html", make=make)
        pages.add(files, config, "b/index.md", title="B", template="b.html", data={"count": 1})

    config = config_for(tmp_path)
    config.plugins["greenhouse/test"] = Adding(add)
    files = config.plugins.on_files(files, config=config)
    assert "a/index.md" in pages and not made  # nothing is made while files are listed

    first: dict[str, object] = {}
    again: dict[str, object] = {}
    pages.apply(first, "a/index.md")
    pages.apply(again, "a/index.md")
    assert first["listing"] == again["listing"] == {"count": 3} and made == [1]

    given: dict[str, object] = {}
    pages.apply(given, "b/index.md")
    assert given["listing"] == {"count": 1}
    assert [f.src_uri for f in files] == ["a/index.md", "b/index.md"]
    assert {f.generated_by for f in files} == {"greenhouse/test"}
