"""What a person sees and clicks, in real Chromium against the built mini site."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from greenhouse_testing import CALENDAR_EXTRA, MINI, run_build, write_site_config

pytestmark = [pytest.mark.build, pytest.mark.browser]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build for every test here: none of them changes the content."""
    root = tmp_path_factory.mktemp("calendar-browser")
    shutil.copytree(MINI / "content", root / "content")
    shutil.copytree(CALENDAR_EXTRA, root / "content", dirs_exist_ok=True)
    write_site_config(root)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture
def base_url(built: Path, serve_dir: Callable[[Path], str]) -> str:
    return serve_dir(built)


def test_add_to_calendar_downloads_a_calendar_file(page, base_url: str) -> None:
    # The link is a plain navigation (phones hand text/calendar to their calendar app);
    # Chromium turns it into a download, so look at the response on the way through.
    seen: list[tuple[str, int, str]] = []

    def record(route) -> None:
        response = route.fetch()
        seen.append((route.request.url, response.status, response.headers["content-type"]))
        route.fulfill(response=response)

    page.route("**/*.ics", record)
    page.goto(base_url + "workshops/intro-to-kotlin/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    assert download.value.suggested_filename == "intro-to-kotlin.ics"
    assert len(seen) == 1
    url, status, content_type = seen[0]
    assert url == base_url + "workshops/intro-to-kotlin.ics"
    assert status == 200 and content_type.startswith("text/calendar")
    assert b"BEGIN:VEVENT" in Path(download.value.path()).read_bytes()


def test_calendar_filters_by_competency_and_keeps_it_in_the_url(page, base_url: str) -> None:
    page.goto(base_url + "calendar/")
    sessions = page.locator(".gh-occurrence:visible")
    total = sessions.count()
    page.get_by_label("Competency").select_option(label="Code review")
    assert sessions.count() == 6
    assert set(sessions.locator("h3").all_inner_texts()) == {"Review circle"}
    assert page.url.endswith("?competency=code-review")
    assert page.locator("[data-gh-count]").inner_text() == f"6 of {total} sessions"
    # The filter survives a reload, so the view can be shared as a link.
    page.reload()
    assert page.locator(".gh-occurrence:visible").count() == 6


def test_subscribe_link_follows_the_host_and_copies(page, base_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(base_url + "calendar/")
    feed = page.locator("[data-gh-feed]").first
    expected = base_url + "calendar.ics"
    assert feed.locator(".gh-feed__subscribe").get_attribute("href") == (
        "webcal:" + expected.split(":", 1)[1]
    )
    feed.get_by_role("button", name="Copy link").click()
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert feed.get_by_role("status").inner_text() == "Link copied"


def test_choosing_a_competency_points_the_subscribe_link_at_its_feed(page, base_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(base_url + "calendar/")
    feed = page.locator("[data-gh-feed]").first
    subscribe = feed.locator(".gh-feed__subscribe")
    page.get_by_label("Competency").select_option(label="Code review")
    expected = base_url + "competencies/code-review.ics"
    assert subscribe.get_attribute("href") == "webcal:" + expected.split(":", 1)[1]
    assert feed.locator(".gh-feed__name").inner_text() == "Code review sessions"
    assert feed.locator(".gh-feed__rss").is_hidden()
    feed.get_by_role("button", name="Copy link").click()
    assert page.evaluate("navigator.clipboard.readText()") == expected
    # A shared link opens on the same feed; "All" returns to the whole calendar.
    page.reload()
    assert subscribe.get_attribute("href", timeout=5000).endswith("/competencies/code-review.ics")
    page.get_by_label("Competency").select_option(value="")
    assert subscribe.get_attribute("href").endswith("/calendar.ics")
    assert feed.locator(".gh-feed__name").inner_text() == "Every session"
    assert feed.locator(".gh-feed__rss").is_visible()


def test_calendar_actions_only_while_a_session_is_to_come(built: Path) -> None:
    def page(url: str) -> str:
        return (built / url / "index.html").read_text(encoding="utf-8")

    upcoming = page("workshops/intro-to-kotlin")
    assert "data-gh-add-calendar" in upcoming and "gh-feed-more" in upcoming
    past_only = page("academy/coroutines-in-depth")  # its one session was in 2025
    assert "gh-session--past" in past_only
    assert "data-gh-add-calendar" not in past_only and "gh-feed-more" not in past_only
