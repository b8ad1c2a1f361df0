"""The parts of every page that only differ by folder, rendered once per folder.

Every page carries Material's configuration JSON, its stylesheet and script tags, the
palette toggle and the back-to-top button, and our header search with its settings; item
pages with sessions carry the subscribe links of their competencies' calendar feeds, and
competency and people pages carry items' cards. They are built from the configuration
(and the competency, or the item) and link to files of the site (``assets/``,
``feed.xml``, ``competencies/<id>.ics``, ``courses/<slug>/``). MkDocs makes such a link relative
to the page: the same for every page at the same depth (``base_url``) whose first folder
differs from the file's, and for pages in the file's own first folder, the same for all
of them as long as the file sits directly in it (``competencies/<id>.ics`` from
``competencies/<other>/``). `reuse_fixed_parts` therefore keeps each part's output per
``base_url`` and first folder and renders it again only for a combination it has not
seen (at 5,000 items, templates took 16.5 s of CPU before and 11.3 s after, in a build
without helpers).

A part is listed here only if its template reads nothing else from the page and links only
to files in the site's root or one folder deep (or under ``assets/``, where no page lives):
when a theme update or an override breaks that, remove it from `FIXED_BLOCKS` or
`FIXED_PARTIALS` (the byte-for-byte test in tests/site/test_navigation_reuse.py fails).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from jinja2 import Environment, TemplateNotFound
from jinja2.runtime import Context

from greenhouse.plugins.navigation import ReusedRender

#: Blocks, by the template that defines them, that read only the configuration, base_url
#: and build-wide globals (``gh``, ``ghcal``, ``gh_search``, Material's ``lang``).
FIXED_BLOCKS = {
    "base.html": ("config",),  # Material's __config JSON
    # Ours (overrides/main.html); each calls Material's block with super(), inside.
    "main.html": ("styles", "extrahead", "scripts"),
}
#: Partials that read only what those blocks read and the variables named (``card.id``:
#: the ``id`` of ``card``, whose other fields are the same for the same id in one build).
FIXED_PARTIALS: dict[str, tuple[str, ...]] = {
    "partials/palette.html": (),
    "partials/top.html": (),
    "greenhouse/search.html": (),
    "greenhouse/feed-links.html": ("feed_competency",),
    # An item's card links to its page, directly in its type's folder: competency pages
    # show each item among two hundred others, and most items on two or three of them.
    "greenhouse/card.html": ("card.id",),
}

Render = Callable[[Context], Iterator[str]]


def reuse_fixed_parts(env: Environment) -> None:
    """Make `env` render each fixed block and partial once per ``base_url`` and first folder.

    `env` is the build's own environment (MkDocs makes a new one for every build and
    caches compiled templates in it), so nothing outlives a build.
    """
    for name, blocks in FIXED_BLOCKS.items():
        try:
            template = env.get_template(name)
        except TemplateNotFound:  # a theme without it
            continue
        for block in blocks:
            if block in template.blocks:
                template.blocks[block] = _PerFolder(template.blocks[block])
    for name, variables in FIXED_PARTIALS.items():
        try:
            template = env.get_template(name)
        except TemplateNotFound:  # a theme without it
            continue
        template.root_render_func = _PerFolder(  # type: ignore[method-assign]
            template.root_render_func, variables
        )


class _PerFolder(ReusedRender):
    """A part's output, kept per base_url, the page's first folder, the values of
    `variables`, and whether the page has the calendar's ``ghcal`` (a guard: a page
    rendered without the calendar plugin's page context gets its own copy)."""

    def __init__(self, render: Render, variables: tuple[str, ...] = ()) -> None:
        super().__init__(render)
        self.variables = variables

    def key(self, context: Context) -> tuple[object, ...]:
        page = context.get("page")
        return (
            str(context.get("base_url", "")),
            str(getattr(page, "url", "")).split("/", 1)[0],
            "ghcal" in context,
            *(_value(context, name) for name in self.variables),
        )


def _value(context: Context, dotted: str) -> object:
    name, *attributes = dotted.split(".")
    value = context.get(name)
    for attribute in attributes:
        value = getattr(value, attribute, None)
    return value
