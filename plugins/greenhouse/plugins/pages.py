"""Generated pages: listing pages that exist only in the build, never in content/."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from greenhouse.plugins.redraw import Generated


class GeneratedPages:
    """Virtual pages a plugin adds in `on_files`, each rendered by a template with its data.

    The template gets the data as ``listing`` in its context (see `context_for`). Data
    given as `make` is computed when the page is rendered, once, and only if it is.
    """

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}
        self._make: dict[str, Callable[[], Any]] = {}

    def add(
        self,
        files: Files,
        config: MkDocsConfig,
        src_uri: str,
        *,
        title: str,
        template: str,
        data: Any = None,
        make: Callable[[], Any] | None = None,
        markdown: str = "",
        redraw: bool = True,
    ) -> File:
        """Add `src_uri` (e.g. ``catalogue/index.md``), in place of a file content/ may
        have there, with `data`, or what `make` returns when the page is rendered.

        A dirty rebuild (``mkdocs serve --dirty``) draws it again only if `redraw`: pass
        False when it shows nothing that changed (greenhouse.plugins.redraw)."""
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        meta = yaml.safe_dump({"title": title, "template": template}, allow_unicode=True)
        front = f"---\n{meta}---\n"
        file = Generated.generated(config, src_uri, content=front + markdown)
        assert isinstance(file, Generated)
        file.redraw, file.title = redraw, title
        files.append(file)
        self._data[src_uri] = data
        if make is not None:
            self._make[src_uri] = make
        return file

    def context_for(self, src_uri: str) -> Any:
        """The data given to `src_uri`'s template, or None for a page not generated here."""
        make = self._make.pop(src_uri, None)
        if make is not None:
            self._data[src_uri] = make()
        return self._data.get(src_uri)

    def apply(self, context: Any, src_uri: str) -> None:
        """Give a generated page's template its data as ``listing``."""
        if src_uri in self._data:
            context["listing"] = self.context_for(src_uri)

    def __contains__(self, src_uri: str) -> bool:
        return src_uri in self._data
