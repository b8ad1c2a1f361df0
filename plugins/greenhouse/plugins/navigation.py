"""Where a page outside the navigation belongs: its folder's page, marked active."""

from __future__ import annotations

import posixpath

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page


class ActiveSection:
    """Marks where a page outside the navigation belongs while it renders.

    A course page is not in the navigation, so Material would show no tab as current;
    marking ``courses/index.md`` active for it makes the tabs show *Learn* and the sidebar
    *Courses*, as for the catalogue itself. The nearest folder above the page's file whose
    index page is in the navigation decides (``people/`` for a person); the home page
    never does. Only the section is marked: the folder's page is not the page shown, so
    Material does not style its link as the current one.
    """

    def __init__(self) -> None:
        self.marked: Page | None = None
        self.nav: Navigation | None = None
        self.in_nav: set[str] = set()
        self.by_folder: dict[str, Page] = {}

    def mark(self, page: Page, nav: Navigation) -> None:
        """Call from ``on_page_context`` of every page: unmarks the last page's section and
        marks this page's, if it is outside the navigation and has one."""
        self.clear()
        # Clearing may have unset a section this page is in (the setter walks up the
        # parents): setting it again restores what MkDocs set for it.
        page.active = True
        if nav is not self.nav:
            self.nav = nav
            self.in_nav = {p.file.src_uri for p in nav.pages}
            self.by_folder = {
                posixpath.dirname(p.file.src_uri): p
                for p in nav.pages
                if p.is_index and "/" in p.file.src_uri
            }
        if page.file.src_uri in self.in_nav:
            return
        folder = posixpath.dirname(page.file.src_uri)
        while folder:
            section = self.by_folder.get(folder)
            if section is not None:
                section.active = True
                self.marked = section
                return
            folder = posixpath.dirname(folder)

    def clear(self) -> None:
        """Unmark the section marked last; after the build, so that nothing stays marked."""
        if self.marked is not None:
            self.marked.active = False
            self.marked = None


def hide_lone_page_sidebar(page: Page, nav: Navigation) -> None:
    """Hide the navigation sidebar of a page whose active top-level entry is a single page
    (Competencies, Careers, People, Calendar…), as Material's ``hide: [navigation]`` does:
    it would hold one link. (The phone's menu still has the whole navigation.)"""
    if any(getattr(entry, "active", False) and not entry.children for entry in nav):
        page.meta["hide"] = [*(page.meta.get("hide") or ()), "navigation"]
