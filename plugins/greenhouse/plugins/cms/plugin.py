"""``greenhouse/cms``: the web editor at /admin/, configured from the content model.

Adds ``admin/index.html``, ``admin/config.yml`` and the vendored Decap bundle to the
build; ``config.yml`` lists every item and person, so it is written on the other core
while the build goes on (`greenhouse.concurrency.background`). Without the bundle (no
Node where the site was built) /admin/ is a page that says how to enable the editor,
and the build still succeeds. Under a plain ``mkdocs serve`` (a local preview), where the
published backend's login cannot work, /admin/ says how to edit locally instead:
``greenhouse cms`` serves the editor against a local backend.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from greenhouse.cms import (
    DECAP_CMS_VERSION,
    Backend,
    Bundle,
    cms_config,
    cms_config_yaml,
    find_bundle,
)
from greenhouse.cms.bundle import default_cache_dir
from greenhouse.cms.server import local_backend_from_env
from greenhouse.concurrency.background import Job, in_background, write_whole
from greenhouse.plugins.cms.config import CmsConfig
from greenhouse.plugins.content.plugin import get_content_plugin
from greenhouse.plugins.jobs import finish
from greenhouse.plugins.pages import GeneratedPages

log = logging.getLogger("mkdocs.plugins.greenhouse.cms")

ADMIN_DIR = "admin"
UNAVAILABLE = f"{ADMIN_DIR}/index.md"
LOCAL_HINT = f"{ADMIN_DIR}/index.md"
CONFIG_YML = f"{ADMIN_DIR}/config.yml"


def _write(target: Path, make: Callable[[], str]) -> None:
    write_whole(target, make().encode("utf-8"))


class CmsPlugin(BasePlugin[CmsConfig]):
    """Serves Decap CMS at /admin/ with a configuration generated at build time."""

    config_job: Job | None = None
    #: The mkdocs command running: `build` unless on_startup said otherwise.
    command: str = "build"

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one instance across `mkdocs serve` rebuilds.
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.root = config_dir
        self.bundle: Bundle | None = find_bundle(self.config.bundle, config_dir)
        if self.bundle is None:
            log.info(
                "the web editor's bundle is not in %s: /admin/ explains how to enable it "
                "(run scripts/setup with Node installed)",
                self.config.bundle or default_cache_dir(),
            )
        self.backend = Backend(**dict(self.config.backend))
        # Set when `greenhouse cms` runs this build beside a local decap-server.
        self.local = local_backend_from_env()
        self.pages = GeneratedPages()
        return config

    # After greenhouse/content (priority 100) has loaded the model this config lists.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.command == "serve" and self.local is None:
            self.pages.add(
                files,
                config,
                LOCAL_HINT,
                title=get_content_plugin(config).view.t("cms_title"),
                template="greenhouse/admin-local.html",
                data={},
            )
            return files
        if self.bundle is None:
            self.pages.add(
                files,
                config,
                UNAVAILABLE,
                title=get_content_plugin(config).view.t("cms_title"),
                template="greenhouse/admin-unavailable.html",
                data={"version": DECAP_CMS_VERSION, "cache": default_cache_dir()},
            )
            return files
        existing = files.get_file_from_path(CONFIG_YML)
        if existing is not None:  # a file of that name in content/ would overwrite it
            files.remove(existing)
        self._stop()
        self.config_job = in_background(
            functools.partial(
                _write,
                Path(config.site_dir) / CONFIG_YML,
                functools.partial(self._config_yml, config),
            )
        )
        index = self._index_html(config)
        files.append(File.generated(config, f"{ADMIN_DIR}/index.html", content=index))
        for name in self.bundle.files():
            source = str(self.bundle.folder / name)
            files.append(File.generated(config, f"{ADMIN_DIR}/{name}", abs_src_path=source))
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        job, self.config_job = self.config_job, None
        if job is not None:
            finish(
                job,
                f"greenhouse/cms: writing {CONFIG_YML}",
                after=get_content_plugin(config).after,
            )

    def on_build_error(self, *, error: Exception) -> None:
        self._stop()

    def _stop(self) -> None:
        if self.config_job is not None:
            self.config_job.cancel()
            self.config_job = None

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        self.pages.apply(context, page.file.src_uri)
        return context

    def _config_yml(self, config: MkDocsConfig) -> str:
        content = get_content_plugin(config).content
        content_folder = os.path.relpath(config.docs_dir, self.root).replace(os.sep, "/")
        return cms_config_yaml(
            cms_config(
                content,
                self.backend,
                content_folder=content_folder,
                site_url=config.site_url,
                language=config.theme.get("language") or "en",
                local=self.local,
            )
        )

    def _index_html(self, config: MkDocsConfig) -> str:
        assert self.bundle is not None
        env = config.theme.get_env()
        env.autoescape = True  # a page of ours, rendered outside the build's environment
        template = env.get_template("greenhouse/admin.html")
        view = get_content_plugin(config).view
        return template.render(
            config=config,
            version=self.bundle.version,
            script="decap-cms.js",
            language=config.theme.get("language") or "en",
            title=view.t("cms_title"),
            # `greenhouse cms --mode fs` publishes nothing: its button writes into content/.
            file_saving=self.local is not None and self.local.mode == "fs",
            t=view.t,
        )
