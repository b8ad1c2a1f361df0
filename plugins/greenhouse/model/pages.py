"""Top-level pages (``content/index.md``, ``content/contribute.md``, ...): their front matter.

A page in no content folder is a plain page, but its front matter still reaches the
theme, which prints some keys as they are (``subtitle`` in every page's navigation,
``author`` in a meta tag, ``template: redirect.html`` with its ``location``). So pages
go through the same checks as items: a small set of typed fields, declared once here,
and a located problem for any other key. The build gives the theme only these fields.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontmatter.default_handlers import YAMLHandler

from greenhouse.model.fields import FieldSpec, spec, spec_map
from greenhouse.model.problems import Problem
from greenhouse.model.reader import Document, read_markdown, read_text
from greenhouse.model.settings import Settings
from greenhouse.model.types import FOLDER_TYPES
from greenhouse.model.values import Checker, Reference, suggest

#: The content type of ``content/index.md`` and of every other top-level page.
HOME_PAGE = "home page"
PAGE = "page"
_PAGES = frozenset({HOME_PAGE, PAGE})

#: Our templates a page may ask for; the home page's own is for content/index.md only.
HOME_TEMPLATE = "greenhouse/home.html"
PAGE_TEMPLATES: tuple[str, ...] = ("main.html", HOME_TEMPLATE)
#: Parts of the page Material can hide (``hide: [toc]``).
HIDEABLE: tuple[str, ...] = ("navigation", "toc", "footer", "path", "tags", "feedback")
#: Addresses of the portal's own pages and folders. A page named after one would take
#: the place of a catalogue or of the web editor at /admin/ without a word.
RESERVED_NAMES = frozenset(
    {
        *FOLDER_TYPES,
        "framework",
        "catalogue",
        "competencies",
        "careers",
        "calendar",
        "insights",
        "admin",
        "search",
        "assets",
    }
)


@dataclass(frozen=True)
class TopPage:
    """A Markdown page directly in content/, with the only front matter it may have."""

    src_uri: str  # e.g. contribute.md
    path: str  # as shown to people, e.g. content/contribute.md
    body: str = ""
    title: str | None = spec(
        "string",
        "The page's title (plain text); without it, the page's first # heading.",
        types=_PAGES,
        min=1,
        max=120,
    )
    description: str | None = spec(
        "text",
        "One or two sentences for search engines and link previews (plain text).",
        types=_PAGES,
        max=280,
    )
    featured_paths: tuple[str, ...] = spec(
        "list",
        "Learning paths the home page shows, in this order (ids such as paths/first-steps).",
        types=frozenset({HOME_PAGE}),
        default=(),
        of=FieldSpec(kind="ref", help="A learning path id.", ref="item"),
        unique=True,
    )
    hide: tuple[str, ...] = spec(
        "list",
        "Parts of the page to leave out: " + ", ".join(HIDEABLE) + ".",
        types=_PAGES,
        default=(),
        of=FieldSpec(kind="enum", help="A part of the page.", choices=HIDEABLE),
        unique=True,
    )
    template: str | None = spec(
        "enum",
        f"One of the portal's page templates: main.html, or {HOME_TEMPLATE} for content/index.md.",
        types=_PAGES,
        choices=PAGE_TEMPLATES,
    )

    def meta(self) -> dict[str, Any]:
        """What the theme may read of this page (MkDocs' ``page.meta``): the given fields."""
        meta: dict[str, Any] = {}
        for name in ("title", "description", "template"):
            value = getattr(self, name)
            if value is not None:
                meta[name] = value
        if self.hide:
            meta["hide"] = list(self.hide)
        if self.featured_paths:
            meta["featured_paths"] = list(self.featured_paths)
        return meta


def is_top_level(rel: str) -> bool:
    """Whether `rel` (a path relative to content/) is a page directly in content/."""
    return "/" not in rel


def load_pages(
    files: Iterable[tuple[str, str]],
    content_dir: Path,
    prefix: str,
    settings: Settings,
    problems: list[Problem],
) -> tuple[dict[str, TopPage], list[Reference]]:
    """Check each top-level page in `files` (path on disk, path relative to content/).

    Returns the valid pages by their path relative to content/, and the references
    (``featured_paths``) to resolve once every item is read.
    """
    pages: dict[str, TopPage] = {}
    references: list[Reference] = []
    for file, rel in files:
        display = prefix + rel
        try:
            page = _load_page(file, rel, display, content_dir, settings, problems, references)
        except Exception as exc:  # a defect must not hide the other files' problems
            problems.append(
                Problem(
                    display,
                    1,
                    "file",
                    f"could not be checked ({type(exc).__name__}: {exc}); please report this",
                )
            )
            continue
        if page is not None:
            pages[rel] = page
    return pages, references


def _load_page(
    file: str,
    rel: str,
    display: str,
    content_dir: Path,
    settings: Settings,
    problems: list[Problem],
    references: list[Reference],
) -> TopPage | None:
    name = rel.removesuffix(".md")
    if name in RESERVED_NAMES:
        problems.append(
            Problem(
                display,
                1,
                "file",
                f"/{name}/ is the portal's own page; give this page another file name",
            )
        )
        return None
    doc = _read_page(file, display, content_dir)
    if isinstance(doc, list):
        problems.extend(doc)
        return None
    kind = HOME_PAGE if rel == "index.md" else PAGE
    checker = Checker(doc, settings, problems)
    known = spec_map(TopPage, kind)
    unknown = [name for name in doc.data if name not in known]
    for name in unknown:
        checker.report((str(name),), _unknown(str(name), kind, known))
    values = checker.fields(TopPage, kind, {k: v for k, v in doc.data.items() if k in known})
    if doc.data.get("template") == HOME_TEMPLATE and kind != HOME_PAGE:
        checker.report(
            ("template",), f"{HOME_TEMPLATE} is the home page's (content/index.md); use main.html"
        )
        return None
    if values is None or unknown:
        return None
    references.extend(checker.references)
    return TopPage(src_uri=rel, path=doc.path, body=doc.body, **values)


def _unknown(name: str, kind: str, known: Iterable[str]) -> str:
    if name == "featured_paths":
        return "is only for the home page (content/index.md)"
    allowed = ", ".join(known)
    return (
        f"is not a field of a {kind}{suggest(name, known)}; a {kind} may have {allowed} "
        "(see CONTRIBUTING.md)"
    )


def _read_page(file: str, display: str, content_dir: Path) -> Document | list[Problem]:
    """The page's front matter and body; a page may have no front matter at all."""
    text = read_text(file, display, content_dir)
    if isinstance(text, list):
        return text
    if YAMLHandler.FM_BOUNDARY.fullmatch(text.split("\n", 1)[0]):
        return read_markdown(file, display, content_dir)
    return Document(path=display, data={}, body=text, source=os.fspath(file))
