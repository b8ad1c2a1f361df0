"""/admin/ in a real build: the editor's page, its generated config and the bundle."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build as build_in_process
from mkdocs.exceptions import Abort

import greenhouse.plugins.cms.plugin as cms_plugin
from greenhouse_testing import NOW, loaded_config

pytestmark = pytest.mark.build


def test_a_build_serves_the_editor_with_its_bundle_and_config(mini_site, build, decap_bundle):
    result = build(mini_site)
    assert result.returncode == 0, result.stderr
    admin = mini_site / "site" / "admin"
    html = (admin / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js"></script>' in html
    # Everything the page loads comes from beside it: no CDN.
    assert not re.search(r'(src|href)="(https?:)?//', html)
    for name in decap_bundle.files():
        assert (admin / name).is_file(), name
    assert not list(admin.glob("*.map"))
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config  # only under `greenhouse cms`
    workshops = next(c for c in config["collections"] if c["name"] == "workshops")
    assert workshops["folder"] == "content/workshops"


def test_a_config_that_cannot_be_written_fails_the_build_and_says_which(
    mini_site: Path,
    decap_bundle: object,
    single_threaded: None,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(config: object) -> str:
        raise ValueError("no options for speakers")

    # Written beside the build, in a forked child that inherits this.
    monkeypatch.setattr(cms_plugin, "cms_config_yaml", broken)
    monkeypatch.setenv("GREENHOUSE_NOW", NOW)
    with pytest.raises(Abort):
        build_in_process(loaded_config(mini_site))
    assert "greenhouse/cms: writing admin/config.yml" in caplog.text
    assert "no options for speakers" in capfd.readouterr().err  # the child's traceback


def test_without_the_bundle_the_site_builds_and_admin_says_how_to_enable_it(mini_site, build):
    config = mini_site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "plugins:\n  - greenhouse/content\n  - greenhouse/cms:\n      bundle: no-such-folder\n",
        encoding="utf-8",
    )
    result = build(mini_site)
    assert result.returncode == 0, result.stderr
    page = (mini_site / "site" / "admin" / "index.html").read_text(encoding="utf-8")
    assert "The web editor is not part of this build" in page
    assert "scripts/setup" in page
    assert not (mini_site / "site" / "admin" / "decap-cms.js").exists()
    assert not (mini_site / "site" / "admin" / "config.yml").exists()


@pytest.mark.browser
def test_admin_loads_its_configuration_in_chromium(mini_site, build, decap_bundle, serve_dir, page):
    result = build(mini_site)
    assert result.returncode == 0, result.stderr
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(serve_dir(mini_site / "site") + "admin/")
    # The GitHub backend of mkdocs.yml: the login screen appears once the config loaded.
    page.get_by_role("button", name=re.compile("Login with GitHub")).wait_for(timeout=20_000)
    assert "Error loading the CMS configuration" not in page.content()
    assert "Config Errors" not in page.content()
    page.screenshot(path=str(mini_site / "admin-login.png"))
    assert not errors
