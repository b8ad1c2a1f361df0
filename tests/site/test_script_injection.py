"""Nothing a contributor writes in a page's front matter or headings runs as script.

Material prints some page metadata as it is (the title, ``subtitle`` in the navigation,
``author`` and ``description`` in meta tags, ``location`` of ``redirect.html``), and
its tab title unescapes a heading. Keys the theme would print raw are refused, with their
location, by ``greenhouse validate`` and the build alike; what is accepted is built and
opened in Chromium, page by page, and must show as text without opening a dialog.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenhouse.cli import main
from greenhouse_testing import MINI, run_build, write_site_config

#: Each refused payload: the file, its text, and the located problem it must give.
REFUSED = {
    "index.md": (
        "---\ntitle: Home\nsubtitle: <img src=x onerror=alert('subtitle')>\n---\nHello.\n",
        "content/index.md:3: subtitle: is not a field of a home page",
    ),
    "listed-title.md": (
        "---\ntitle:\n  - <script>alert('list')</script>\n---\nBody.\n",
        "content/listed-title.md:2: title: must be text, not a list",
    ),
    "author.md": (
        '---\ntitle: Author\nauthor: \'"><script>alert("author")</script>\'\n---\nBody.\n',
        "content/author.md:3: author: is not a field of a page",
    ),
    "revised.md": (
        "---\ngit_revision_date_localized: <script>alert('date')</script>\n---\nBody.\n",
        "content/revised.md:2: git_revision_date_localized: is not a field of a page",
    ),
    "redirect.md": (
        "---\ntemplate: redirect.html\nlocation: 'javascript:alert(\"redirect\")//'\n---\n",
        "content/redirect.md:2: template: 'redirect.html' is not one of main.html, "
        "greenhouse/home.html",
    ),
    "redirect-away.md": (
        "---\ntemplate: redirect.html\nlocation: https://evil.example.com/\n---\n",
        "content/redirect-away.md:3: location: is not a field of a page",
    ),
    "not-home.md": (
        "---\ntemplate: greenhouse/home.html\n---\nBody.\n",
        "content/not-home.md:2: template: greenhouse/home.html is the home page's",
    ),
    "admin.md": (
        "---\ntitle: Log in to the editor\n---\nYour password, please.\n",
        "content/admin.md:1: file: /admin/ is the portal's own page",
    ),
    "icon.md": (
        "---\nicon: ../../../etc/passwd\nstatus: new\n---\nBody.\n",
        "content/icon.md:2: icon: is not a field of a page",
    ),
}

#: Accepted payloads: a page's title and description, headings, and the start of an
#: item's body that MkDocs would otherwise read as metadata (MultiMarkdown lines, or a
#: second YAML block).
TITLE = "</title><script>alert('title')</script><img src=x onerror=alert('img')>"
DESCRIPTION = "\"><script>alert('description')</script>"
HEADING = "</title><script>alert('heading')</script>"
ACCEPTED = {
    "index.md": (
        f"---\ntitle: {json.dumps('Home ' + TITLE)}\ndescription: {json.dumps(DESCRIPTION)}\n"
        "featured_paths: [paths/backend-foundations]\n---\nHello.\n"
    ),
    "titled.md": f"---\ntitle: {json.dumps(TITLE)}\nhide: [toc]\n---\nBody.\n",
    "escaped-heading.md": (
        "# &lt;/title&gt;&lt;script&gt;alert('heading')&lt;/script&gt;\n\nText.\n"
    ),
    "raw-heading.md": "# <img src=x onerror=alert('raw-heading')>\n\nText.\n",
    # An attribute list may give a heading any id; the table of contents links to it.
    "heading-id.md": (
        "# Page\n\n## Agenda {: id='agenda\" onmouseover=\"alert(1)' }\n\nText.\n\n"
        "## Notes {: id='notes\"><img src=x onerror=alert(2)>' }\n\nMore.\n"
    ),
}
#: Lines put at the start of an item's body (after its front matter).
BODY_META = (
    'author: \'"><script>alert("body-author")</script>\'\n'
    "subtitle: <img src=x onerror=alert('body-subtitle')>\n"
    "git_revision_date_localized: <img src=x onerror=alert('body-date')>\n\n"
)
BODY_YAML = "---\ntemplate: redirect.html\nlocation: \"javascript:alert('body-redirect')\"\n---\n"


def _site(root: Path, pages: dict[str, str]) -> Path:
    shutil.copytree(MINI / "content", root / "content")
    for name, text in pages.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    write_site_config(root)
    return root


def _put_after_front_matter(file: Path, text: str) -> None:
    source = file.read_text(encoding="utf-8")
    end = source.index("\n---\n", 3) + len("\n---\n")
    file.write_text(source[:end] + text + source[end:], encoding="utf-8")


def test_keys_the_theme_prints_raw_are_refused_by_validate_and_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path, {name: text for name, (text, _) in REFUSED.items()})
    monkeypatch.chdir(site)
    validated = CliRunner().invoke(main, ["validate"], catch_exceptions=False)
    built = run_build(site, quiet=False)
    assert validated.exit_code == 1
    assert built.returncode == 1
    for _, problem in REFUSED.values():
        assert problem in validated.stdout  # every file's problems in one run
        assert problem in built.stderr
    assert "Traceback" not in built.stderr
    assert not (site / "site" / "redirect").exists()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _site(tmp_path_factory.mktemp("hostile"), ACCEPTED)
    _put_after_front_matter(root / "content" / "workshops" / "intro-to-kotlin.md", BODY_META)
    _put_after_front_matter(root / "content" / "courses" / "kotlin-basics.md", BODY_YAML)
    result = run_build(root, quiet=False)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture
def site_url(hostile_site: Path, serve_dir) -> str:
    return serve_dir(hostile_site)


def test_no_page_of_a_hostile_site_opens_a_dialog(page, hostile_site: Path, site_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Every page built from content or generated from it (the web editor's app is not).
    urls = sorted(
        p.parent.relative_to(hostile_site).as_posix().removeprefix(".") + "/"
        for p in hostile_site.rglob("index.html")
        if not p.is_relative_to(hostile_site / "admin")
    )
    assert {"/", "titled/", "workshops/intro-to-kotlin/", "catalogue/"} <= set(urls)
    for url in urls:
        address = site_url + url.removeprefix("/")
        page.goto(address, wait_until="load")
        assert page.url == address  # no redirect either
    assert dialogs == []


def test_titles_and_descriptions_show_as_text(page, site_url: str) -> None:
    page.goto(site_url + "titled/")
    assert page.title() == f"{TITLE} - Greenhouse"
    assert page.locator("article h1").inner_text() == TITLE
    page.goto(site_url)
    assert page.title() == f"Home {TITLE} - Greenhouse"
    assert page.locator('meta[name="description"]').get_attribute("content") == DESCRIPTION


def test_an_escaped_heading_stays_text_in_the_tab_title(page, site_url: str) -> None:
    page.goto(site_url + "escaped-heading/")
    assert page.title() == f"{HEADING} - Greenhouse"
    assert page.locator("article h1").inner_text().startswith(HEADING)
    page.goto(site_url + "raw-heading/")
    assert page.locator("article h1 img[onerror]").count() == 0


def test_a_heading_id_stays_one_attribute_in_the_table_of_contents(page, site_url: str) -> None:
    page.goto(site_url + "heading-id/")
    assert page.locator("[onmouseover], img[onerror]").count() == 0
    links = page.locator(".md-sidebar--secondary a.md-nav__link")
    hrefs = [links.nth(n).get_attribute("href") for n in range(links.count())]
    ids = page.eval_on_selector_all("article h2[id]", "hs => hs.map(h => h.id)")
    assert ids == ['agenda" onmouseover="alert(1)', 'notes"><img src=x onerror=alert(2)>']
    assert len(hrefs) == 2
    assert hrefs[0] == f"#{ids[0]}"  # the link still leads to its heading


def test_an_items_body_never_becomes_page_metadata(page, site_url: str) -> None:
    page.goto(site_url + "workshops/intro-to-kotlin/")
    assert page.locator('meta[name="author"]').count() == 0
    assert page.locator(".md-nav small").count() == 0  # no subtitle
    assert "subtitle:" in page.locator("article").inner_text()  # the lines stay body text
    page.goto(site_url + "courses/kotlin-basics/")
    assert page.url == site_url + "courses/kotlin-basics/"
    assert "template: redirect.html" in page.locator("article").inner_text()
