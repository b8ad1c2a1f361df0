"""Which pages a ``mkdocs serve --dirty`` rebuild draws again: those that show an edit.

MkDocs' dirty rebuild draws a page again only when its file says `File.is_modified()`:
a content file newer than its built page, or any generated file. Alone, that leaves
every other page that shows the edit stale, and draws every generated page. The
greenhouse plugins know which page shows what, so on a dirty rebuild:

- `DirtyRebuild`, which the content plugin keeps for the server's life, compares the
  model with the last build's (`Changes.between`) and removes the built pages of content
  files that show a change (`Changes.redraws`), so MkDocs draws them again, and whatever
  the last build wrote that this one does not;
- a generated page is a `Generated` file, modified only when it may show a change
  (`GeneratedPages.add(redraw=...)`; by default, always).

A change to anything else (the framework, a top-level page, the theme, mkdocs.yml) draws
every page again, as do the first build and the build after a failed one. Plain builds
(``mkdocs build``, ``mkdocs serve`` without ``--dirty``) draw every page and never ask.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from greenhouse.calendar.occurrences import WINDOW_EDGES, session_starts
from greenhouse.model.types import Content, Item, Person

log = logging.getLogger("mkdocs.plugins.greenhouse.content")

E = TypeVar("E", Item, Person)


class Generated(File):
    """A page made by a plugin that MkDocs' dirty rebuild reads and draws again only if
    `redraw`. A page it does not read has no title of its own: the content plugin gives
    those in the navigation their `title` (the navigation shows it on every page)."""

    redraw: bool = True
    title: str | None = None

    def is_modified(self) -> bool:
        return self.redraw


@dataclass(frozen=True)
class Changes:
    """What changed since the last build of this ``mkdocs serve --dirty``.

    `items` are the ids of items that were added, removed or edited, that a session of
    started or ended since, or that show one of those (path steps, prerequisites) or
    a changed person. `competencies` and `people` are the ids their pages show them
    under, before and after the change.
    """

    everything: bool
    items: frozenset[str] = frozenset()
    competencies: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()

    @classmethod
    def all(cls) -> Changes:
        """Everything may have changed: every page is drawn again."""
        return cls(everything=True)

    @classmethod
    def between(
        cls,
        before: Content,
        after: Content,
        *,
        then: datetime,
        now: datetime,
        moved: frozenset[str] = frozenset(),
    ) -> Changes:
        """The changes from `before` (built at `then`) to `after` (built at `now`);
        `moved` are the names of files added or removed meanwhile (a body that names one
        may link to it)."""
        if (
            before.settings != after.settings
            or before.framework != after.framework
            or before.pages != after.pages
        ):
            return cls.all()
        changed = _differing(before.items, after.items)
        changed |= {i.id for i in after.items.values() if _session_passed(i, then, now)}
        changed |= {i.id for i in after.items.values() if _names_any(i.body, moved)}
        people = _differing(before.people, after.people)
        people |= {p.id for p in after.people.values() if _names_any(p.body, moved)}
        shown = set(changed)
        for item in [*before.items.values(), *after.items.values()]:
            if people & set(item.people) or changed & {*item.steps, *item.prerequisites}:
                shown.add(item.id)
        items = _both(before.items, after.items, shown)
        persons = _both(before.people, after.people, people)
        return cls(
            everything=False,
            items=frozenset(shown),
            competencies=frozenset(
                {c for i in items for c in (*i.competencies, *i.looking_for)}
                | {c for p in persons if p.mentoring for c in p.mentoring.competencies}
            ),
            people=frozenset(people | {p for i in items for p in i.people}),
        )

    def redraws(self, src_uri: str, content: Content) -> bool:
        """Whether the page of the content file `src_uri` may show a change."""
        if self.everything:
            return True
        name = src_uri.removesuffix(".md")
        if name in content.items:
            return name in self.items
        if name.startswith("people/"):
            return name.removeprefix("people/") in self.people
        return True  # top-level pages (the home page shows what is new and coming)

    def shows_any(self, item_ids: Iterable[str]) -> bool:
        """Whether a page listing `item_ids` may show a change (if the same items were
        listed in the same order last time: see `Shown`)."""
        return self.everything or not self.items.isdisjoint(item_ids)

    def shows_competency(self, competency_id: str) -> bool:
        """Whether the competency's page may show a change."""
        return self.everything or competency_id in self.competencies


class Shown:
    """What each listing page showed in the last build (kept by a plugin across rebuilds):
    a page whose list of items changed, or that lists a changed item, is drawn again.
    Each build begins with `start`: a page the last build did not make is drawn."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[object, ...]] = {}
        self._now: dict[str, tuple[object, ...]] = {}

    def start(self) -> None:
        self._last, self._now = self._now, {}

    def redraw(
        self, changes: Changes, src_uri: str, item_ids: Iterable[str], *more: object
    ) -> bool:
        """Whether the page `src_uri`, listing `item_ids` (and whatever in `more` it also
        shows, such as a count), must be drawn again."""
        ids = tuple(item_ids)
        shown = (*more, ids)
        last = self._last.get(src_uri)
        self._now[src_uri] = shown
        return last != shown or changes.shows_any(ids)


class DirtyRebuild:
    """What one ``mkdocs serve --dirty`` keeps from build to build, and the steps that use
    it; the content plugin calls them from its events and keeps this for the server's
    life. Plain builds have none: they draw every page."""

    def __init__(self) -> None:
        self.last: tuple[Content, datetime] | None = None  # the model and clock last built
        self.setup: tuple[tuple[str, int, int], ...] = ()  # `setup_stamp` then
        self.sources: frozenset[str] = frozenset()  # the files of content/ then
        self.media: dict[str, tuple[int, ...]] = {}  # its other files (images...) then
        self.outputs: frozenset[str] = frozenset()  # what the build wrote, in the site

    def start(
        self,
        files: Files,
        config: MkDocsConfig,
        content: Content,
        now: datetime,
        *,
        problems: bool,
    ) -> Changes:
        """In ``on_files``: what changed since the last build. The built pages of content
        files that show a change are removed, so that MkDocs draws them again; when
        everything may have changed, the whole site is."""
        last, self.last = self.last, None  # set again once this build has succeeded
        setup, self.setup = self.setup, setup_stamp(config)
        # A file added or removed changes the links to it (MkDocs rewrites a link to a
        # file that exists, and leaves the others as written).
        sources, self.sources = self.sources, frozenset(f.src_uri for f in files)
        moved = frozenset(PurePosixPath(src).name for src in sources ^ self.sources)
        # MkDocs copies a file again only if it is newer than its copy: one replaced by an
        # older file (`mv old.png chart.png`) is copied again here too.
        media, self.media = self.media, media_stamps(files, config)
        replaced = {src for src, stamp in media.items() if self.media.get(src, stamp) != stamp}
        remove_outputs(config, [f.dest_uri for f in files if f.src_uri in replaced])
        if last is None:
            return self._everything(config, "the first build")
        if problems:
            return self._everything(config, "content problems")
        if setup != self.setup:
            return self._everything(config, "mkdocs.yml or the theme changed")
        changes = Changes.between(last[0], content, then=last[1], now=now, moved=moved)
        if changes.everything:
            return self._everything(config, "the framework or a top-level page changed")
        # (The pages of items and people gone are not made any more: `before_env`.)
        pages = [
            f.dest_uri for f in files.documentation_pages() if changes.redraws(f.src_uri, content)
        ]
        remove_outputs(config, pages)
        log.info(f"greenhouse: drawing again the pages that show the change ({len(pages)})")
        return changes

    def _everything(self, config: MkDocsConfig, why: str) -> Changes:
        log.debug(f"greenhouse: drawing every page ({why})")
        empty_site(config)
        return Changes.all()

    def after_nav(self, nav: Navigation, config: MkDocsConfig) -> None:
        """In ``on_nav``: a page MkDocs does not read has no title, which the navigation
        shows. A generated page in the navigation that is not drawn again gets the title
        it was made with, unless mkdocs.yml gives one; a content file in it (the top-level
        pages, an item someone listed there) is drawn again always."""
        for page in nav.pages:
            file = page.file
            if isinstance(file, Generated) and not file.is_modified() and page.title is None:
                page.title = file.title
        remove_outputs(config, [p.file.dest_uri for p in nav.pages if not p.file.generated_by])

    def before_env(self, files: Files, config: MkDocsConfig, changes: Changes) -> None:
        """In ``on_env``, once every plugin has added its files: what the last build wrote
        and this one does not (the page of a deleted item, the list pages of a shorter
        catalogue, a deleted image) goes, as a clean build would leave it out. The theme's
        own pages are drawn only when they may change: the 404 page shows the navigation
        (and problems, which draw everything), the sitemap lists the pages."""
        outputs, self.outputs = self.outputs, frozenset(f.dest_uri for f in files)
        remove_outputs(config, outputs - self.outputs)
        if not changes.everything:
            config.theme.static_templates.discard("404.html")
            if outputs == self.outputs:
                config.theme.static_templates.discard("sitemap.xml")

    def built(self, content: Content, now: datetime) -> None:
        """After a build without content problems: the next one compares with this."""
        self.last = (content, now)

    def failed(self) -> None:
        """After a failed build: the next one draws every page."""
        self.last = None


def remove_outputs(config: MkDocsConfig, dest_uris: Iterable[str]) -> None:
    """Delete these files of the built site (those the last build wrote and this one
    does not write)."""
    for dest_uri in dest_uris:
        try:
            os.remove(os.path.join(config.site_dir, dest_uri))
        except (FileNotFoundError, IsADirectoryError):
            continue


def media_stamps(files: Files, config: MkDocsConfig) -> dict[str, tuple[int, ...]]:
    """The files of content/ that are no pages (images...), with their identity, size and
    times: one that differs from the last build's is copied again."""
    docs = os.path.join(os.path.abspath(config.docs_dir), "")
    stamps: dict[str, tuple[int, ...]] = {}
    for file in files:
        source = file.abs_src_path
        if file.is_documentation_page() or not source or not source.startswith(docs):
            continue
        try:
            st = os.lstat(source)
        except OSError:
            continue
        stamps[file.src_uri] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return stamps


def empty_site(config: MkDocsConfig) -> None:
    """Remove everything built: a dirty rebuild that draws every page then leaves nothing
    of the last build behind either (the page of an item deleted meanwhile)."""
    if not os.path.isdir(config.site_dir):
        return
    with os.scandir(config.site_dir) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.remove(entry.path)


def setup_stamp(config: MkDocsConfig) -> tuple[tuple[str, int, int], ...]:
    """The configuration file and every file of the theme's custom_dir (``overrides/``),
    with their sizes and change times: a rebuild after any of them changed draws every page
    again. (The theme's own files are a package's: they do not change while serving.)"""
    paths = config_files(config.config_file_path)
    if config.theme.custom_dir:
        for root, _dirs, names in os.walk(config.theme.custom_dir):
            paths += [os.path.join(root, name) for name in names]
    stamp = []
    for path in sorted(paths):
        try:
            st = os.stat(path)
        except OSError:
            continue
        stamp.append((path, st.st_size, st.st_mtime_ns))
    return tuple(stamp)


def config_files(path: str | None) -> list[str]:
    """The configuration file and those it inherits from (``INHERIT:``), absolute
    (`mkdocs serve` names the file as given for its first build, absolute for others)."""
    found: list[str] = []
    while path and os.path.abspath(path) not in found:
        path = os.path.abspath(path)
        found.append(path)
        try:
            with open(path, encoding="utf-8") as text:
                inherit = next((m for m in map(_INHERIT.match, text) if m), None)
        except OSError:
            break
        path = os.path.join(os.path.dirname(path), inherit.group(1)) if inherit else None
    return found


_INHERIT = re.compile(r"INHERIT:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$")


def _names_any(body: str, names: frozenset[str]) -> bool:
    return any(name in body for name in names)


def _differing(before: Mapping[str, E], after: Mapping[str, E]) -> set[str]:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def _both(before: Mapping[str, E], after: Mapping[str, E], ids: Iterable[str]) -> list[E]:
    """The entries `ids` before and after (one of them, if it was added or removed)."""
    return [e for key in ids for e in (before.get(key), after.get(key)) if e is not None]


def _session_passed(item: Item, then: datetime, now: datetime) -> bool:
    """An occurrence of a session of `item` crossed the edge of a window pages count in
    (`WINDOW_EDGES`: it began or ended, came within the coming year...) between the two
    builds: the pages that show it are out of date."""
    return now > then and any(
        next(session_starts(session, then + edge, now + edge), None) is not None
        for session in item.sessions
        for edge in WINDOW_EDGES
    )
