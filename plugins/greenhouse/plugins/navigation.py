"""Material's navigation partials, rendered once for all the pages that would get the same HTML.

Material renders the whole navigation (the sidebar and the tabs) into every page, and it is
about a third of the time a page takes to render. For a page that is not in the navigation
(every item, person and generated page below the section pages) only its folder's page is
active (`ActiveSection`) and the output differs between pages only by that and the relative
URLs of its links, so pages that resolve every link the same way get byte-identical HTML.
`reuse_navigation` keeps each partial's output per (base URL, section marked, links as this
page resolves them) and renders it only for a combination it has not seen; pages in the
navigation render it as usual.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Hashable, Iterator
from typing import Any

from jinja2 import Environment
from jinja2.runtime import Context
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

#: Partials whose output depends only on the navigation, the configuration and the page's
#: place in it (Material 9: ``nav.html`` and ``tabs.html`` with what they include).
NAVIGATION_PARTIALS = ("partials/nav.html", "partials/tabs.html")


def reuse_navigation(env: Environment, *, extra_targets: list[Any]) -> None:
    """Make `env` render each navigation partial once per distinct set of resolved links.

    `extra_targets` are URLs the partials may link to besides the navigation's own (the
    home page, the logo). `env` is the build's own environment (MkDocs makes a new one
    for every build and caches compiled templates in it), so nothing outlives a build.
    """
    for name in NAVIGATION_PARTIALS:
        template = env.get_template(name)
        template.root_render_func = _Shared(  # type: ignore[method-assign]
            template.root_render_func, extra_targets
        )


class ReusedRender:
    """A template's render function that reuses its output for every context with the same
    `key`; where `key` is None the output is rendered afresh. Subclasses say what the
    output depends on. It stands for the function it wraps (`__eq__`): a block that calls
    super() finds itself in the context's list of blocks by equality with that function.
    """

    def __init__(self, render: Callable[[Context], Iterator[str]]) -> None:
        self.render = render
        self.rendered: dict[Hashable, str] = {}

    def key(self, context: Context) -> Hashable | None:
        raise NotImplementedError

    def __call__(self, context: Context) -> Iterator[str]:
        key = self.key(context)
        if key is None:
            yield from self.render(context)
            return
        if key not in self.rendered:
            self.rendered[key] = "".join(self.render(context))
        yield self.rendered[key]

    def __eq__(self, other: object) -> bool:
        return other is self or other is self.render

    def __hash__(self) -> int:
        return hash(self.render)


class _Shared(ReusedRender):
    """A navigation partial's output, reused where it cannot differ."""

    def __init__(self, render: Callable[[Context], Iterator[str]], extra: list[Any]) -> None:
        super().__init__(render)
        self.extra = [url for url in extra if isinstance(url, str) and url]
        self.nav: Navigation | None = None

    def key(self, context: Context) -> tuple[str | None, ...] | None:
        page, nav = context.get("page"), context.get("nav")
        # With toc.integrate the sidebar carries the page's own table of contents.
        if page is None or nav is None or "toc.integrate" in (context.get("features") or ()):
            return None
        if nav is not self.nav:
            self.nav = nav
            home = getattr(nav.homepage, "url", None)
            self.targets = [*self.extra, *([home] if home is not None else []), *_urls(nav.items)]
            self.nav_pages = {p.url for p in nav.pages}
        if page.url in self.nav_pages:  # something in the navigation is active
            return None
        # Which folder's page `ActiveSection` marked (each folder's links resolve apart
        # anyway; this keeps the key right should two ever not), and exactly what the
        # `url` filter computes for each link of the partial.
        marked = next((p.url for p in nav.pages if p.active), None)
        resolved = (normalize_url(url, page=page) for url in self.targets)
        return (str(context.get("base_url", "")), marked, *resolved)


def _urls(items: list[Any]) -> Iterator[str]:
    for item in items:
        url = getattr(item, "url", None)
        if isinstance(url, str):
            yield url
        yield from _urls(getattr(item, "children", None) or [])


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
