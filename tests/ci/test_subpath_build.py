"""The whole portal built for a sub-path: every internal link and asset must resolve.

This is the build an intranet server behind SSO gets (docs/publishing.md): the site
lives under /learning/, not at the root of its host. The built site is crawled from a
local server that serves it only under that path.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from .helpers import REPO, clean_env, run_check_links

SITE_URL = "http://127.0.0.1/learning/"

pytestmark = [
    pytest.mark.build,
    pytest.mark.skipif(
        not (REPO / "mkdocs.yml").exists(), reason="mkdocs.yml is not in this checkout yet"
    ),
]


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("subpath") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO,
        env=clean_env(SITE_URL=SITE_URL),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.fixture(scope="module")
def crawl(subpath_site: Path) -> subprocess.CompletedProcess[str]:
    return run_check_links(subpath_site, "--site-url", SITE_URL)


def test_every_internal_link_and_asset_resolves_under_the_sub_path(
    crawl: subprocess.CompletedProcess[str],
) -> None:
    assert re.search(r"served at http://127\.0\.0\.1:\d+/learning/$", crawl.stderr, re.MULTILINE)
    assert crawl.returncode == 0, crawl.stdout[-4000:]
    assert " 0 broken." in crawl.stdout


def test_the_crawl_reached_every_page_of_the_sitemap(
    subpath_site: Path, crawl: subprocess.CompletedProcess[str]
) -> None:
    listed = [
        loc.text
        for loc in ElementTree.parse(subpath_site / "sitemap.xml").iter()
        if loc.tag.endswith("loc")
    ]
    assert listed, "the sitemap lists no page"
    assert all(url and url.startswith(SITE_URL) for url in listed)

    crawled = re.search(r"^(\d+) pages crawled", crawl.stdout, re.MULTILINE)
    assert crawled, crawl.stdout[-4000:]
    assert int(crawled[1]) >= len(listed)
