"""Real builds of hostile and careless content: the build agrees with `validate`.

Either a value is accepted and shows correctly everywhere (pages, `.ics`, `feed.xml`),
or the build stops with the same located message `greenhouse validate` prints; and
nothing outside content/ reaches the site.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from icalendar import Calendar

from greenhouse_testing import NOW, run_build

HOSTILE = Path(__file__).resolve().parent.parent / "golden" / "hostile" / "content"
SECRET = "s3cret-from-the-build-machine"


def site_files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file()] if site.exists() else []


def test_links_in_content_never_reach_the_site(mini_site: Path) -> None:
    outside = mini_site / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "page.md").write_text(f"---\ntitle: Outside\n---\n{SECRET}\n", encoding="utf-8")
    content = mini_site / "content"
    os.symlink(outside / "secret.txt", content / "courses" / "notes.txt")
    os.symlink(outside, content / "g")
    result = run_build(mini_site, quiet=False)
    assert result.returncode != 0
    link = "is a symbolic link (to {}); links are not allowed in content/"
    assert f"content/courses/notes.txt:1: file: {link.format(outside / 'secret.txt')}" in (
        result.stderr
    )
    assert f"content/g:1: file: {link.format(outside)}" in result.stderr
    assert "Traceback" not in result.stderr
    leaked = [
        p for p in site_files(mini_site / "site") if SECRET in p.read_text("utf-8", "replace")
    ]
    assert leaked == []


def test_a_fifo_in_content_stops_the_build_without_blocking_it(mini_site: Path) -> None:
    os.mkfifo(mini_site / "content" / "workshops" / "x.md")
    # As run_build does, with a timeout: were the FIFO opened, this fails instead of hanging.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml"]
    env = {**os.environ, "GREENHOUSE_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        command, cwd=mini_site, capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert result.returncode != 0
    assert "content/workshops/x.md:1: file: is a named pipe (FIFO), not a file" in result.stderr


def test_values_that_once_crashed_the_build_are_located_errors(mini_site: Path) -> None:
    content = mini_site / "content"
    names = ["escape-in-title.md", "year-9999.md", "every-minute.md", "two-line-title.md"]
    for name in names:
        shutil.copy(HOSTILE / "workshops" / name, content / "workshops")
    shutil.copy(HOSTILE / "courses" / "cost-nan.md", content / "courses")
    competencies = content / "framework" / "competencies.yml"
    competencies.write_text(
        competencies.read_text(encoding="utf-8").replace(
            "name: Testing", 'name: "Testing\\nand more"'
        ),
        encoding="utf-8",
    )
    index = content / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "title: Greenhouse\n", "title: Greenhouse\nfeatured_paths: [[paths/a], {b: 1}]\n"
        ),
        encoding="utf-8",
    )
    result = run_build(mini_site, quiet=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    for located in [
        "content/index.md:3: featured_paths[0]: must be a item id, not a list",
        "content/index.md:3: featured_paths[1]: must be a item id, not a set of fields",
        "content/workshops/escape-in-title.md:2: title: contains the control character U+001B",
        "content/workshops/year-9999.md:10: sessions[0].start: the year 9999 is not between",
        "content/workshops/every-minute.md:11: sessions[0].repeat: 'FREQ=DAILY;BYHOUR=",
        "content/workshops/two-line-title.md:2: title: must be a single line",
        "content/courses/cost-nan.md:7: cost.amount: must be a number, not nan",
        "content/framework/competencies.yml:14: areas[0].competencies[1].name: must be a "
        "single line",
    ]:
        assert located in result.stderr, located
    # The error that ends the build names the first problem too.
    assert (
        "ERROR   -  8 problem(s) in content, the first: content/courses/cost-nan.md:7: cost.amount: "
        in result.stderr
    )


def test_text_area_summaries_show_on_one_line_in_calendars_and_the_feed(mini_site: Path) -> None:
    content = mini_site / "content"
    for name in ("textarea-summary.md", "crlf-summary.md"):
        shutil.copy(HOSTILE / "workshops" / name, content / "workshops")
    result = run_build(mini_site, quiet=False)
    assert result.returncode == 0, result.stderr
    site = mini_site / "site"
    one_line = "Written in the web editor's text area, over three lines, with an empty one."
    feed = Calendar.from_ical((site / "workshops" / "textarea-summary.ics").read_bytes())
    assert str(feed.get("X-WR-CALDESC")) == one_line
    event = next(c for c in feed.walk("VEVENT"))
    assert str(event.get("DESCRIPTION")).startswith(one_line + "\n")
    crlf = Calendar.from_ical((site / "workshops" / "crlf-summary.ics").read_bytes())
    assert str(crlf.get("X-WR-CALDESC")) == "One line and another and a third"
    rss = ElementTree.parse(site / "feed.xml").getroot()  # well-formed, or this raises
    descriptions = [d.text for d in rss.iter("description")]
    assert one_line in descriptions
    page = (site / "workshops" / "textarea-summary" / "index.html").read_text(encoding="utf-8")
    assert 'content="Written in the web editor&#39;s text area, over three lines, with' in page
