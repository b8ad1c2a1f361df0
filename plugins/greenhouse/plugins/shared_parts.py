"""Theme parts that come out the same on many pages, rendered once for all of them.

Material draws its navigation, its tabs, its header, its stylesheet and script links, its
footer and its ``__config`` script on every page. Outside the navigation (an item, a
person, a competency) they differ only by where the page sits (their links are relative)
and which section is marked active, so thousands of item pages share a handful of
versions. Templates ask for one with Jinja's public ``{% call %}``::

    {% call gh_once('nav', gh_place) %}{% include "theme/partials/nav.html" %}{% endcall %}

The first page of a place renders the body; the others get the same HTML. The header also
prints the page's title: ``gh_titled`` (`SharedParts.titled`) shares it with each page's
title put in. `place` is the key: ``None`` (render every time) for a page in the
navigation or one that other pages' links lead into. ``theme/…`` names the theme's own
template, beneath ``overrides/``. ``tests/site/test_shared_parts.py`` builds the sample
with and without sharing and compares every page byte for byte.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Hashable, Iterable, Iterator
from urllib.parse import urlsplit

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
)
from jinja2.bccache import Bucket
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

#: Under this prefix, templates are the theme's own, without the overrides.
THEME_PREFIX = "theme"


def with_theme_prefix(env: Environment, config: MkDocsConfig) -> BaseLoader:
    """The environment's loader, plus ``theme/<name>`` for the theme's own ``<name>``."""
    custom_dir = config.theme.custom_dir
    theme_dirs = [d for d in config.theme.dirs if d != custom_dir]
    own = PrefixLoader({THEME_PREFIX: FileSystemLoader(theme_dirs)})
    return ChoiceLoader([env.loader, own]) if env.loader is not None else own


class SharedParts:
    """Rendered parts, per name and place, for one build."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._parts: dict[tuple[str, tuple[str, ...], tuple[Hashable, ...]], Markup] = {}
        self._titled: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {}
        self._nav: Navigation | None = None
        self._targets: frozenset[str] = frozenset()
        self._nav_pages: frozenset[int] = frozenset()

    def clear(self) -> None:
        """Forget every part (a build ended, or failed): the next one draws them again."""
        self._parts.clear()
        self._titled.clear()
        self._nav = None
        self._targets = frozenset()
        self._nav_pages = frozenset()

    def __call__(
        self, name: str, place: object, *more: Hashable, caller: Callable[[], str]
    ) -> Markup:
        """The part `name` for pages at `place` (and what else it depends on, `more`):
        rendered by `caller` the first time, then the same HTML. Anything but a place
        `place` returned (``None``, or Jinja's undefined where a template lost it) draws
        the part for this page alone."""
        if not isinstance(place, tuple) or not self.enabled:
            return Markup(caller())
        key = (name, place, more)
        part = self._parts.get(key)
        if part is None:
            part = self._parts[key] = Markup(caller())
        return part

    def titled(
        self, name: str, place: object, title: object, *, caller: Callable[[], str]
    ) -> Markup:
        """The part `name` for pages at `place` that also prints the page's `title` once
        (Material's header): the first page's HTML, with this page's title where that
        page had its own. A part in which the title is not found exactly once (empty,
        or also in the site's name) is drawn for this page alone."""
        if not isinstance(place, tuple) or not self.enabled:
            return Markup(caller())
        text = str(title)
        key = (name, place)
        around = self._titled.get(key)
        if around is None:
            html = caller()
            if not text or html.count(text) != 1:
                return Markup(html)
            at = html.index(text)
            around = self._titled[key] = (html[:at], html[at + len(text) :])
        return Markup(around[0] + text + around[1])

    def place(
        self, page: Page, nav: Navigation, extra: Iterable[str] = ()
    ) -> tuple[str, ...] | None:
        """What the shared parts depend on for `page`: its folder and the navigation's
        active pages; ``None`` if they depend on the page itself.

        A relative link from a page to any URL outside the page's own folder depends only
        on the folder the page sits in (``courses/`` for ``courses/a/`` and
        ``courses/b/``), so pages whose URL is no link target's ancestor share them. The
        targets are every URL of the navigation (pages and links) and `extra` (the
        logo's link, theme files), which must not change within a build.
        """
        if nav is not self._nav:
            self._nav = nav
            urls = [*_nav_urls(nav.items), *extra]
            if nav.homepage is not None:
                urls.append(nav.homepage.url)
            self._targets = frozenset(_ancestors(u for u in urls if _relative(u)))
            # By identity: `page in nav.pages` compares titles and files, page by page.
            self._nav_pages = frozenset(map(id, nav.pages))
        if page.url in self._targets or id(page) in self._nav_pages:
            return None
        if page.previous_page is not None or page.next_page is not None:
            return None  # the footer links them: outside the navigation there are none
        url = page.url
        folder = posixpath.dirname(url.rstrip("/")) if url.endswith("/") else posixpath.dirname(url)
        return (folder, *(p.file.src_uri for p in nav.pages if p.active))


def _nav_urls(items: Iterable[StructureItem]) -> Iterator[str]:
    """The URL of every page and link in the navigation, sections opened."""
    for item in items:
        if isinstance(item, Section):
            yield from _nav_urls(item.children)
        else:
            url = getattr(item, "url", None)
            if isinstance(url, str):
                yield url


def _relative(url: str) -> bool:
    """A URL the theme writes relative to the page (``url`` filter): no scheme, no host,
    not from the root."""
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith("/"))


def _ancestors(urls: Iterable[str]) -> set[str]:
    """Every folder URL above or at each of `urls` (``''``, ``a/``, ``a/b/`` for
    ``a/b/c``), the query and fragment left out."""
    found = {""}
    for url in urls:
        path = urlsplit(url).path
        parts = path.split("/")
        for n in range(1, len(parts)):
            found.add("/".join(parts[:n]) + "/")
        found.add(path)
    return found


class CompiledTemplates(BytecodeCache):
    """Templates compiled in this process, by Jinja's public bytecode cache: `mkdocs
    serve` makes a new Jinja environment for every rebuild, and compiling the theme's
    templates was a fifth of a rebuild. Jinja keys each by name and file and checks the
    source's checksum, so an edited template is compiled again. What else compiling
    depends on stays the same for a name and file: the autoescape setting is decided by
    the name (``greenhouse.site.safety.autoescape_for``), the environment's options by
    MkDocs, the same for every rebuild."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class ThemeTranslations:
    """Material's ``t(key)`` (its ``partials/language.html``), each key looked up once per
    build: the text in the site's language, else in English, else the key. Material's
    version imports both language files again on every page and builds a dictionary
    of every text on every call; ``overrides/partials/language.html`` calls this."""

    def __init__(self, env: Environment, language: str) -> None:
        self._env = env
        self._language = language
        self._texts: dict[str, Markup] = {}

    def __call__(self, key: str) -> Markup:
        """The text as Material prints it: as the language file has it, not escaped."""
        text = self._texts.get(key)
        if text is None:
            own = self._macro(f"partials/languages/{self._language}.html")
            fallback = self._macro("partials/languages/en.html")
            text = self._texts[key] = Markup(own(key) or fallback(key) or key)
        return text

    def _macro(self, name: str) -> Callable[[str], str]:
        return self._env.get_template(name).module.t  # type: ignore[attr-defined,no-any-return]
