"""Reusing Material's navigation HTML and the per-folder parts between pages changes no byte
of any page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2.runtime import Context
from mkdocs.commands.build import build

import greenhouse.plugins.content.plugin as content_plugin
from greenhouse.concurrency import parallel
from greenhouse.plugins import fixed_parts, navigation
from greenhouse_testing import NOW, REPO, loaded_config, write_site_config

pytestmark = pytest.mark.build


def build_site(root: Path, site: Path) -> None:
    build(loaded_config(root, site_dir=str(site)))


def test_every_page_is_the_same_as_with_navigation_rendered_per_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    write_site_config(tmp_path)
    monkeypatch.setenv("GREENHOUSE_NOW", NOW)
    partials: list[navigation._Shared] = []

    class Recorded(navigation._Shared):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            partials.append(self)

    class RecordedFixed(fixed_parts._PerFolder):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self.calls = 0
            fixed.append(self)

        def __call__(self, context: Context) -> Iterator[str]:
            self.calls += 1
            return super().__call__(context)

    fixed: list[RecordedFixed] = []

    monkeypatch.setattr(navigation, "_Shared", Recorded)
    monkeypatch.setattr(fixed_parts, "_PerFolder", RecordedFixed)
    # Every page rendered here, none in helper processes: the counts below are exact.
    monkeypatch.setattr(parallel, "fork_is_safe", lambda: False)
    build_site(tmp_path, tmp_path / "reused")
    monkeypatch.setattr(content_plugin, "reuse_navigation", lambda env, **kwargs: None)
    monkeypatch.setattr(content_plugin, "reuse_fixed_parts", lambda env: None)
    build_site(tmp_path, tmp_path / "rendered")

    reused = sorted(
        p.relative_to(tmp_path / "reused") for p in (tmp_path / "reused").rglob("*.html")
    )
    rendered = sorted(
        p.relative_to(tmp_path / "rendered") for p in (tmp_path / "rendered").rglob("*.html")
    )
    assert reused == rendered and len(reused) > 80
    for name in reused:
        html = (tmp_path / "reused" / name).read_text(encoding="utf-8")
        assert html == (tmp_path / "rendered" / name).read_text(encoding="utf-8"), name
    # The sidebar and the tabs were each rendered for a handful of folders, not per page.
    assert [p.rendered and len(p.rendered) < 20 for p in partials] == [True, True]
    # Every fixed block and partial was used, and rendered once per depth and first folder
    # (the feed links once per competency too), not per page.
    listed = sum(map(len, fixed_parts.FIXED_BLOCKS.values())) + len(fixed_parts.FIXED_PARTIALS)
    assert len(fixed) == listed
    per_folder = [p for p in fixed if not p.variables]
    assert all(0 < len(p.rendered) < p.calls / 3 for p in per_folder), [
        (len(p.rendered), p.calls) for p in per_folder
    ]
    feeds, cards = [p for p in fixed if p.variables]
    assert 0 < len(feeds.rendered) < feeds.calls, (len(feeds.rendered), feeds.calls)
    assert 0 < len(cards.rendered) < cards.calls, (len(cards.rendered), cards.calls)
