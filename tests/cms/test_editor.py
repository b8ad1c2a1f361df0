"""End to end: a contributor adds a peer workshop in the editor, in real Chromium.

The real bundle and decap-server (git mode) run on 127.0.0.1 against a scratch clone;
the `page` fixture fails the test if any request leaves 127.0.0.1.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from greenhouse.cli import main
from greenhouse.cms.server import LOCAL_BACKEND_ENV, LOCAL_MODE_ENV, decap_server

pytestmark = [pytest.mark.build, pytest.mark.browser]

SLUG = "pairing-on-kotlin-tests"
BRANCH = f"cms/workshops/{SLUG}"
PATH = f"content/workshops/{SLUG}.md"

#: What a person would write for the same workshop, except for block-style lists:
#: Decap's YAML writer cannot be told to write [kotlin, testing] (see docs/cms.md).
EXPECTED = """---
title: Pairing on Kotlin tests
summary: An afternoon writing tests for real Kotlin code, in pairs.
competencies:
  - kotlin
  - testing
level: intermediate
format: in-person
facilitators:
  - omar-haddad
sessions:
  - start: 2027-05-06T13:00
    end: 2027-05-06T16:00
    location: Stockholm, room Echo
---
"""


def choose(page, field: str, *typed: str) -> None:
    """Pick options of a select by typing, as a person using the keyboard would."""
    box = page.locator(f'[id^="{field}-field-"]')
    for text in typed:
        box.fill(text)
        box.press("Enter")


def test_a_workshop_made_in_the_editor_becomes_a_valid_branch_and_a_page(
    scratch_clone, git, build, decap_bundle, server_command, serve_dir, page, tmp_path
):
    log = tmp_path / "decap-server.log"
    (scratch_clone / "site").mkdir()
    portal = serve_dir(scratch_clone / "site")
    admin = portal + "admin/"
    with decap_server(
        scratch_clone,
        mode="git",
        origins=[portal.rstrip("/")],
        command=server_command,
        log=log,
    ) as backend:
        env = {LOCAL_BACKEND_ENV: backend.url, LOCAL_MODE_ENV: backend.mode}
        result = build(scratch_clone, env=env)
        assert result.returncode == 0, result.stderr
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(admin)
        page.get_by_role("button", name="Login").click(timeout=20_000)
        page.get_by_role("link", name=re.compile("Peer workshop")).first.wait_for(timeout=20_000)
        page.goto(admin + "#/collections/workshops/new")

        page.locator('[id^="title-field-"]').fill("Pairing on Kotlin tests")
        page.locator('[id^="summary-field-"]').fill(
            "An afternoon writing tests for real Kotlin code, in pairs."
        )
        choose(page, "competencies", "Kotlin", "Testing")
        choose(page, "level", "intermediate")
        choose(page, "format", "in-person")
        choose(page, "facilitators", "Omar")
        page.get_by_role("button", name="Add sessions").click()
        page.locator('[id^="start-field-"]').fill("2027-05-06T13:00")
        page.locator('[id^="end-field-"]').fill("2027-05-06T16:00")
        page.locator('[id^="location-field-"]').fill("Stockholm, room Echo")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(f"**/entries/{SLUG}", timeout=30_000)
        page.screenshot(path=str(tmp_path / "saved.png"))

    # Saved as a pull request would be: on its own branch, main untouched.
    assert git(scratch_clone, "branch", "--show-current").strip() == "main"
    assert not (scratch_clone / PATH).exists()
    assert git(scratch_clone, "show", f"{BRANCH}:{PATH}") == EXPECTED

    git(scratch_clone, "checkout", "-q", BRANCH)
    check = CliRunner().invoke(
        main, ["-f", str(scratch_clone / "mkdocs.yml"), "validate", str(scratch_clone / PATH)]
    )
    assert check.exit_code == 0, check.output

    rebuilt = build(scratch_clone)
    assert rebuilt.returncode == 0, rebuilt.stderr
    site = scratch_clone / "site"
    item_page = (site / "workshops" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Pairing on Kotlin tests" in item_page
    assert "Stockholm, room Echo" in item_page

    competency_page = site / "competencies" / "kotlin" / "index.html"
    if not competency_page.exists():
        pytest.skip(
            "/competencies/kotlin/ is not in this build: competency pages are another "
            "feature's, not merged here yet; the workshop's own page shows it"
        )
    assert f"workshops/{SLUG}/" in competency_page.read_text(encoding="utf-8")


def test_the_framework_files_open_in_the_editor(
    scratch_clone, build, decap_bundle, server_command, serve_dir, page, tmp_path
):
    """The L&D team edits competencies.yml and careers.yml in the same editor: each is a
    collection with one file, whose form shows what the file holds."""
    with decap_server(scratch_clone, mode="git", command=server_command) as backend:
        env = {LOCAL_BACKEND_ENV: backend.url, LOCAL_MODE_ENV: backend.mode}
        result = build(scratch_clone, env=env)
        assert result.returncode == 0, result.stderr
        admin = serve_dir(scratch_clone / "site") + "admin/"
        page.goto(admin)
        page.get_by_role("button", name="Login").click(timeout=20_000)
        page.get_by_role("link", name=re.compile("Competencies")).first.wait_for(timeout=20_000)
        for name, first_id in (("careers", "backend-engineer"), ("competencies", "engineering")):
            page.goto(admin + f"#/collections/{name}/entries/{name}")
            page.reload()  # a fresh editor on the file (a route change alone keeps the last)
            first = page.locator('[id^="id-field-"]').first
            first.wait_for(timeout=20_000)
            assert first.input_value() == first_id
            page.screenshot(path=str(tmp_path / f"{name}.png"))
        assert "Error loading the CMS configuration" not in page.content()
