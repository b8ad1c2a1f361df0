"""scripts/check-links on small hand-written sites served under a base path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .helpers import run_check_links, static_server, unused_local_port

BROKEN_LINE = re.compile(r"^error: (?P<page>\S+): (?P<written>\S+) → (?P<reason>.+)$")


def page(body: str, title: str = "Page") -> str:
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"


# A site built for https://intranet.example.com/learning/ with every kind of link a
# MkDocs build produces, good and bad. Served from the site folder, /learning/ is its root.
PORTAL = {
    "index.html": page(
        """
        <link rel="stylesheet" href="assets/style.css">
        <link rel="preconnect" href="https://fonts.example.net">
        <link rel="canonical" href="https://intranet.example.com/learning/">
        <script src="/learning/assets/app.js"></script>
        <h1 id="intro">Welcome</h1>
        <img src="/assets/logo.png" alt="outside the base path">
        <img srcset="assets/logo.png 1x, assets/logo@2x.png 2x" alt="one of two missing">
        <a href="about/">About</a>
        <a href="about">About, without the slash</a>
        <a href="about/#team">The team</a>
        <a href="about/#nobody">Nobody</a>
        <a href="#intro">Intro</a>
        <a href="#missing">Missing</a>
        <a href="#">Top</a>
        <a href="missing/">A page that is not there</a>
        <a href="https://intranet.example.com/learning/workshops/kotlin/">Absolute, same site</a>
        <a href="https://example.org/elsewhere">External</a>
        <a href="mailto:ld@example.com">Mail</a>
        """
    ),
    "about/index.html": page(
        """
        <h2 id="team">Team</h2>
        <a href="../">Home</a>
        <a href="../index.html#intro">Home, intro</a>
        <a href="../workshops/kotlin/">Kotlin</a>
        <a href="/learning/calendar.ics#ignored">Calendar</a>
        """
    ),
    "workshops/kotlin/index.html": page(
        """
        <a href="../../about/#team">Team</a>
        <video><source src="video.webm" type="video/webm"></video>
        <a name="legacy-anchor"></a><a href="#legacy-anchor">Legacy anchor</a>
        """
    ),
    "orphan/index.html": page('<a href="nowhere/">Not linked from anywhere, never crawled</a>'),
    "assets/style.css": "body { color: green; }",
    "assets/app.js": "console.log('hello');",
    "assets/logo.png": "png",
    "calendar.ics": "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
}

EXPECTED_BROKEN = {
    ("/learning/", "/assets/logo.png", "404 File not found"),
    ("/learning/", "assets/logo@2x.png", "404 File not found"),
    ("/learning/", "about/#nobody", "no element with id 'nobody' on /learning/about/"),
    ("/learning/", "#missing", "no element with id 'missing' on /learning/"),
    ("/learning/", "missing/", "404 File not found"),
    ("/learning/workshops/kotlin/", "video.webm", "404 File not found"),
}


def broken_links(stdout: str) -> set[tuple[str, str, str]]:
    return {
        (match["page"], match["written"], match["reason"])
        for match in map(BROKEN_LINE.match, stdout.splitlines())
        if match
    }


@pytest.fixture
def portal(write_files) -> Path:
    return write_files(PORTAL)


def test_reports_exactly_the_broken_links_under_a_base_path(portal: Path) -> None:
    result = run_check_links(portal, "--site-url", "https://intranet.example.com/learning/")

    assert result.returncode == 1, result.stderr
    assert broken_links(result.stdout) == EXPECTED_BROKEN
    assert "3 pages crawled" in result.stdout
    assert "6 broken" in result.stdout


def test_base_path_option_serves_the_site_there_without_a_site_url(portal: Path) -> None:
    result = run_check_links(portal, "--base-path", "learning")

    # The canonical and the absolute link to the intranet host are external now.
    assert broken_links(result.stdout) == EXPECTED_BROKEN
    assert "3 external" in result.stdout


def test_served_at_the_root_every_absolute_base_path_link_breaks(portal: Path) -> None:
    result = run_check_links(portal)

    broken = {written for _, written, _ in broken_links(result.stdout)}
    assert result.returncode == 1
    assert {"/learning/assets/app.js", "/learning/calendar.ics#ignored"} <= broken
    assert "/assets/logo.png" not in broken


def test_pages_in_the_sitemap_are_crawled_even_when_nothing_links_to_them(
    portal: Path,
) -> None:
    (portal / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://intranet.example.com/learning/</loc></url>"
        "<url><loc>https://intranet.example.com/learning/orphan/</loc></url>"
        "</urlset>"
    )
    site_url = ("--site-url", "https://intranet.example.com/learning/")

    with_sitemap = run_check_links(portal, *site_url)
    without_sitemap = run_check_links(portal, *site_url, "--no-sitemap")

    orphan_link = ("/learning/orphan/", "nowhere/", "404 File not found")
    assert broken_links(with_sitemap.stdout) == EXPECTED_BROKEN | {orphan_link}
    assert "4 pages crawled" in with_sitemap.stdout
    assert broken_links(without_sitemap.stdout) == EXPECTED_BROKEN


def test_a_clean_site_passes(write_files) -> None:
    site = write_files(
        {
            "index.html": page('<a href="a/">A</a> <a href="a/#x">A, x</a>'),
            "a/index.html": page('<p id="x">x</p><a href="../">Home</a>'),
        }
    )

    result = run_check_links(site, "--base-path", "/docs/")

    assert result.returncode == 0, result.stdout
    assert "2 pages crawled" in result.stdout
    assert "0 broken" in result.stdout


def test_github_format_prints_error_annotations(portal: Path) -> None:
    result = run_check_links(
        portal, "--site-url", "https://intranet.example.com/learning/", "--format", "github"
    )

    errors = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == len(EXPECTED_BROKEN)
    assert "::error title=Broken link::/learning/: missing/ → 404 File not found" in errors


def test_external_links_are_listed_and_never_fetched_by_default(portal: Path) -> None:
    result = run_check_links(
        portal, "--site-url", "https://intranet.example.com/learning/", "--external"
    )

    assert "External links (1):" in result.stdout
    assert "https://example.org/elsewhere  (first on /learning/)" in result.stdout
    # A preconnect hint names an origin to warm up, not a page to link to.
    assert "fonts.example.net" not in result.stdout
    assert "checked" not in result.stdout.split("External links (1):")[1].splitlines()[2:]


def test_failing_external_links_only_warn(write_files, tmp_path: Path) -> None:
    elsewhere = write_files({"ok.html": page("fine")}, root=tmp_path / "elsewhere")
    with static_server(elsewhere) as other_origin:
        dead = f"http://127.0.0.1:{unused_local_port()}/gone"
        site = write_files(
            {
                "index.html": page(
                    f'<a href="{other_origin}/ok.html">up</a>'
                    f'<a href="{other_origin}/missing.html">404</a>'
                    f'<a href="{dead}">refused</a>'
                )
            }
        )
        result = run_check_links(site, "--check-external", "--format", "github", "--timeout", "5")

    assert result.returncode == 0, result.stdout
    warnings = [line for line in result.stdout.splitlines() if line.startswith("::warning ")]
    assert len(warnings) == 2
    assert any(f"{other_origin}/missing.html → 404" in line for line in warnings)
    assert any(dead in line and "could not be fetched" in line for line in warnings)
    assert "External links: 3 checked, 2 failed (warnings)." in result.stdout


def test_a_folder_without_a_built_site_is_a_usage_error(tmp_path: Path) -> None:
    result = run_check_links(tmp_path)

    assert result.returncode == 2
    assert "build the site first" in result.stderr
