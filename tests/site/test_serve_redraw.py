"""``mkdocs serve --dirty`` (scripts/serve) draws again the pages that show an edit, and
leaves the others (greenhouse.plugins.redraw); whatever the edits, the site it serves is
the one a clean build makes."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from mkdocs.commands.build import build as build_in_process
from mkdocs.config import load_config

from greenhouse.model import Settings, load_content
from greenhouse.plugins.content.plugin import get_content_plugin
from greenhouse.plugins.redraw import Changes, config_files
from greenhouse_testing import MINI, NOW, REPO

EDITED = "academy/slos-that-matter"  # lukas-hoffmann; a step of a path, a prerequisite
UNRELATED = {
    "competencies/swedish-for-newcomers/index.html",
    "people/hanna-ek/index.html",
    "courses/svenska-for-nyanlanda/index.html",
}


class Serve:
    """A site built as ``mkdocs serve --dirty`` builds it: one first build, then a dirty
    rebuild after each edit, with a configuration loaded anew each time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.site = root / "site"
        config = load_config(str(root / "mkdocs.yml"))
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugin = get_content_plugin(config)  # kept for the process, as MkDocs keeps it
        build_in_process(config, dirty=True)
        self.settle()

    def settle(self) -> None:
        """Wait for the feeds and search files, written after the pages."""
        assert self.plugin.after is not None
        self.plugin.after.settle()

    def rebuild(self) -> set[str]:
        """Rebuild; the pages drawn (written) again."""
        before = self._stamps()
        build_in_process(load_config(str(self.root / "mkdocs.yml")), dirty=True)
        self.settle()
        after = self._stamps()
        return {page for page, stamp in after.items() if before.get(page) != stamp}

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    def _stamps(self) -> dict[str, int]:
        return {
            p.relative_to(self.site).as_posix(): p.stat().st_mtime_ns
            for p in self.site.rglob("*.html")
        }


def site_config(root: Path, site: str) -> None:
    (root / f"{site}.yml").write_text(
        "\n".join(
            [
                f"INHERIT: {REPO / 'mkdocs.yml'}",
                "docs_dir: content",
                f"site_dir: {root / site}",
                "theme:",
                f"  custom_dir: {root / 'overrides'}",
            ]
        )
        + "\n",
        encoding="utf-8",
    )


@pytest.fixture
def serving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Serve]:
    monkeypatch.setenv("GREENHOUSE_NOW", NOW)
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    site_config(tmp_path, "site")
    (tmp_path / "site.yml").rename(tmp_path / "mkdocs.yml")
    # `mkdocs serve` runs its server and watcher on threads: the feeds and search files are
    # then written after the pages (greenhouse.concurrency.background.AfterServing).
    stop = threading.Event()
    server = threading.Thread(target=stop.wait, daemon=True)
    server.start()
    served = None
    try:
        served = Serve(tmp_path)
        yield served
    finally:
        stop.set()
        if served is not None:
            served.settle()
        # MkDocs keeps the plugins' instances for the process: leave them as a build's.
        load_config(str(tmp_path / "mkdocs.yml")).plugins.on_startup(command="build", dirty=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_dirty_rebuild_draws_the_pages_an_edit_shows_on_and_ends_as_a_clean_build(
    serving: Serve,
) -> None:
    content = serving.root / "content"
    every_page = len(list(serving.site.rglob("*.html")))

    # A title: the item's page and every page that shows it, nothing else.
    edit(content / f"{EDITED}.md", "title: ", "title: Renamed ")
    drawn = serving.rebuild()
    shows_it = {
        f"{EDITED}/index.html",
        "competencies/observability/index.html",
        "competencies/incident-management/index.html",
        "people/lukas-hoffmann/index.html",
        "paths/towards-senior-backend-engineer/index.html",  # a step of it
        "workshops/alerts-that-page-for-the-right-reasons/index.html",  # a prerequisite
    }
    assert shows_it <= drawn
    assert not drawn & UNRELATED
    assert len(drawn) < every_page / 4
    for page in shows_it:
        assert "Renamed " in serving.page(page), page

    # A competency taken away and another given: both pages change.
    edit(content / f"{EDITED}.md", "[observability,", "[python,")
    drawn = serving.rebuild()
    assert {"competencies/observability/index.html", "competencies/python/index.html"} <= drawn
    assert "Renamed " not in serving.page("competencies/observability/index.html")
    assert "Renamed " in serving.page("competencies/python/index.html")

    # A person's name: their page and the pages of what they give.
    edit(content / "people/hanna-ek.md", "name: ", "name: Dr ")
    drawn = serving.rebuild()
    assert {
        "people/hanna-ek/index.html",
        "workshops/sprakcafe-pa-svenska/index.html",
        "hack-week/fikaroulette/index.html",
    } <= drawn
    assert "Dr " in serving.page("workshops/sprakcafe-pa-svenska/index.html")

    # An item deleted, another added: the page goes, the new one comes.
    (content / "academy/okr-utan-angest.md").unlink()
    shutil.copy(content / f"{EDITED}.md", content / "academy/slos-again.md")
    edit(content / "academy/slos-again.md", "title: Renamed ", "title: Again ")
    drawn = serving.rebuild()
    assert not (serving.site / "academy/okr-utan-angest/index.html").exists()
    assert "academy/slos-again/index.html" in drawn

    # A draft leaves the site.
    edit(content / "courses/ux-research-methods.md", "title: ", "status: draft\ntitle: ")
    serving.rebuild()
    assert not (serving.site / "courses/ux-research-methods/index.html").exists()

    # An image the text links to, added after it: the link leads to it now.
    body = content / "academy/slos-again.md"
    body.write_text(body.read_text(encoding="utf-8") + "\n![Chart](slos-chart.png)\n")
    serving.rebuild()
    (content / "academy/slos-chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert "academy/slos-again/index.html" in serving.rebuild()
    assert serving.page("academy/slos-again/index.html").count('src="../slos-chart.png"') == 1
    # The image replaced by an older file: served as it is now.
    older = serving.root / "older.png"
    older.write_bytes(b"\x89PNG\r\n\x1a\nolder")
    os.utime(older, (1_600_000_000, 1_600_000_000))
    older.rename(content / "academy/slos-chart.png")
    serving.rebuild()
    assert (serving.site / "academy/slos-chart.png").read_bytes().endswith(b"older")
    assert_as_clean_build(serving, "clean-1")

    # A template: every page.
    (serving.root / "overrides/item.html").write_text(
        (REPO / "overrides/item.html").read_text(encoding="utf-8") + "{# edited #}\n",
        encoding="utf-8",
    )
    drawn = serving.rebuild()
    assert len(drawn) == len(list(serving.site.rglob("*.html")))

    # And then the same, once more, as the last: nothing to draw but what every build does.
    assert len(serving.rebuild()) < every_page / 4

    assert_as_clean_build(serving, "clean-2")


def assert_as_clean_build(serving: Serve, name: str) -> None:
    """What `serving` serves is what a clean build of the same files makes (as `mkdocs
    serve` without --dirty builds them), file for file."""
    site_config(serving.root, name)
    clean = load_config(str(serving.root / f"{name}.yml"))
    clean.plugins.on_startup(command="serve", dirty=False)
    build_in_process(clean)
    serving.settle()
    expected = serving.root / name
    built = {str(p.relative_to(serving.site)) for p in serving.site.rglob("*") if p.is_file()}
    assert (
        built ^ {str(p.relative_to(expected)) for p in expected.rglob("*") if p.is_file()} == set()
    )
    differ = [
        p
        for p in sorted(built)
        if not p.endswith("sitemap.xml.gz")  # gzip stamps the time it was written
        and (serving.site / p).read_bytes() != (expected / p).read_bytes()
    ]
    assert differ == []
    # The next rebuild goes on from the served site, as `mkdocs serve --dirty` would.
    load_config(str(serving.root / "mkdocs.yml")).plugins.on_startup(command="serve", dirty=True)
    serving.rebuild()


def mini_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINI / "content", content)
    return content


def test_what_changes_when_time_passes_a_session(tmp_path: Path) -> None:
    content = load_content(mini_content(tmp_path), Settings()).content
    stockholm = ZoneInfo("Europe/Stockholm")
    before_workshop = datetime(2027, 3, 4, 8, 0, tzinfo=stockholm)
    during_workshop = datetime(2027, 3, 4, 9, 30, tzinfo=stockholm)
    changes = Changes.between(content, content, then=before_workshop, now=during_workshop)
    # The workshop, the path whose steps show it, and the monthly breakfast, whose
    # 2028-03-03 occurrence came within the coming year (pages list a year ahead).
    assert changes.items == {
        "workshops/intro-to-kotlin",
        "paths/backend-foundations",
        "workshops/knowledge-breakfast",
    }
    assert changes.shows_competency("kotlin") and not changes.everything
    # A monthly series passes an occurrence (the first Friday, 08:30) too.
    first_friday = datetime(2026, 12, 4, 8, 0, tzinfo=stockholm)
    changes = Changes.between(content, content, then=first_friday, now=first_friday.replace(hour=9))
    assert changes.items == {"workshops/knowledge-breakfast"}
    # No time passed: nothing changed.
    same = Changes.between(content, content, then=first_friday, now=first_friday)
    assert not same.items and not same.people and not same.competencies


def test_a_framework_or_page_edit_changes_everything(tmp_path: Path) -> None:
    folder = mini_content(tmp_path)
    before = load_content(folder, Settings()).content
    competencies = folder / "framework/competencies.yml"
    competencies.write_text(competencies.read_text(encoding="utf-8").replace("name: ", "name: X "))
    after = load_content(folder, Settings()).content
    now = datetime(2026, 11, 22, tzinfo=ZoneInfo("UTC"))
    assert Changes.between(before, after, then=now, now=now).everything
    assert Changes.between(before, before, then=now, now=now).redraws("index.md", before)


def test_the_configuration_files_are_the_file_and_those_it_inherits_from(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: A\nINHERIT: 'base/portal.yml'  # shared\n")
    (tmp_path / "base" / "portal.yml").write_text("theme: material\nINHERIT: ../root.yml\n")
    (tmp_path / "root.yml").write_text("site_name: Root\n")
    assert config_files(str(tmp_path / "mkdocs.yml")) == [
        str(tmp_path / "mkdocs.yml"),
        str(tmp_path / "base" / "portal.yml"),
        str(tmp_path / "root.yml"),
    ]
    # A cycle ends where it began; a missing file ends the chain with its name.
    (tmp_path / "root.yml").write_text('INHERIT: "mkdocs.yml"\n')
    assert len(config_files(str(tmp_path / "mkdocs.yml"))) == 3
    (tmp_path / "root.yml").write_text("INHERIT: gone.yml\n")
    assert config_files(str(tmp_path / "mkdocs.yml"))[-1] == str(tmp_path / "gone.yml")
    assert config_files(None) == []
