"""End to end: a contributor adds a peer workshop in the editor, in real Chromium.

The real bundle and decap-server (git mode, or fs mode as `greenhouse cms` runs it by
default) run on 127.0.0.1 against a scratch copy; the `page` fixture fails the test if
any request leaves 127.0.0.1.
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
        choose(page, "level", "Intermediate")
        choose(page, "format", "In person")
        choose(page, "facilitators", "Omar")
        page.get_by_role("button", name="Add session").click()
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
    assert f"workshops/{SLUG}/" in competency_page.read_text(encoding="utf-8")


def test_the_framework_files_open_in_the_editor(
    scratch_clone, build, decap_bundle, server_command, serve_dir, page, tmp_path
):
    """The L&D team edits competencies.yml and careers.yml in the same editor: each is a
    collection with one file, whose form shows what the file holds."""
    (scratch_clone / "site").mkdir()
    portal = serve_dir(scratch_clone / "site")
    admin = portal + "admin/"
    with decap_server(
        scratch_clone, mode="git", origins=[portal.rstrip("/")], command=server_command
    ) as backend:
        env = {LOCAL_BACKEND_ENV: backend.url, LOCAL_MODE_ENV: backend.mode}
        result = build(scratch_clone, env=env)
        assert result.returncode == 0, result.stderr
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


def settled(page) -> None:
    """Wait until the page has rendered what the last change set in motion."""
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def test_the_local_form_is_plainly_worded_and_saves_into_content(
    mini_site, build, decap_bundle, server_command, serve_dir, page, tmp_path
):
    (mini_site / "site").mkdir()
    portal = serve_dir(mini_site / "site")
    admin = portal + "admin/"
    dialogs: list[str] = []

    def accept(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    with decap_server(
        mini_site,
        mode="fs",
        origins=[portal.rstrip("/")],
        command=server_command,
        log=tmp_path / "server.log",
    ) as backend:
        env = {LOCAL_BACKEND_ENV: backend.url, LOCAL_MODE_ENV: backend.mode}
        result = build(mini_site, env=env)
        assert result.returncode == 0, result.stderr
        page.on("dialog", accept)
        page.goto(admin)
        page.get_by_role("button", name="Login").click(timeout=20_000)
        page.get_by_role("link", name=re.compile("Peer workshop")).first.wait_for(timeout=20_000)
        page.goto(admin + "#/collections/workshops/new")
        title = page.locator('[id^="title-field-"]')
        title.wait_for(timeout=20_000)
        page.get_by_role("button", name="Add session").wait_for()
        settled(page)

        # An untouched form has nothing unsaved; typing makes it so.
        assert "unsaved changes" not in page.inner_text("body").lower()
        title.fill("Pairing on Kotlin tests")
        page.get_by_text(re.compile("unsaved changes", re.IGNORECASE)).wait_for()

        # Options read as the portal shows them.
        page.locator('[id^="level-field-"]').click()
        options = page.get_by_role("option")
        assert options.all_inner_texts() == ["Intro", "Intermediate", "Advanced"]
        page.keyboard.press("Escape")
        page.locator('[id^="summary-field-"]').fill("An afternoon of tests, in pairs.")
        choose(page, "competencies", "Kotlin")
        choose(page, "level", "Intermediate")
        choose(page, "format", "In person")
        choose(page, "facilitators", "Omar")

        page.get_by_role("button", name="Add session").click()
        assert page.get_by_text("1 session", exact=True).is_visible()
        assert page.get_by_text("1 sessions").count() == 0
        page.locator('[id^="start-field-"]').fill("2027-05-06T13:00")
        page.locator('[id^="end-field-"]').fill("2027-05-06T16:00")

        # Nothing is published from here: the button says where the file goes.
        assert page.get_by_role("button", name="Publish", exact=True).count() == 0
        page.get_by_role("button", name="Save to content/", exact=True).click()
        page.get_by_text("Save to content/ now").click()
        page.wait_for_url(f"**/entries/{SLUG}", timeout=30_000)
        page.screenshot(path=str(tmp_path / "saved-locally.png"))

    assert all("content/ on this machine" in message for message in dialogs), dialogs
    written = (mini_site / PATH).read_text(encoding="utf-8")
    assert "level: intermediate\nformat: in-person\n" in written
