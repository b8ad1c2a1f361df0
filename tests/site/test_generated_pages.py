"""Generated pages' data: given as it is, or made when the page is rendered."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from greenhouse.plugins.pages import GeneratedPages


def config_for(tmp_path: Path) -> MkDocsConfig:
    config = MkDocsConfig()
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    config.load_dict({"site_name": "Test", "docs_dir": str(docs), "site_dir": str(site)})
    errors, _ = config.validate()
    assert not errors, errors
    config.plugins._current_plugin = "greenhouse/test"  # as while a plugin's on_files runs
    return config


def test_data_made_later_is_made_once_by_the_page_that_renders_it(tmp_path: Path) -> None:
    pages, files, made = GeneratedPages(), Files([]), []

    def make() -> dict[str, int]:
        made.append(1)
        return {"count": 3}

    config = config_for(tmp_path)
    pages.add(files, config, "a/index.md", title="A", template="a.html", make=make)
    pages.add(files, config, "b/index.md", title="B", template="b.html", data={"count": 1})
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
