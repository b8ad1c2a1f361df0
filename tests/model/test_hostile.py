"""Hostile and careless content: every case is a located problem, and none stalls.

`tests/golden/hostile/` holds the cases that can sit in Git as plain files, with the
exact line each must give (``path:line: field: message``); links, FIFOs and the large
or many-file cases are made here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from greenhouse.model import Settings, load_content
from greenhouse.model import reader as reader_module
from greenhouse.model.reader import MAX_FILE_BYTES, read_text
from greenhouse.model.values import check_series
from greenhouse_testing import MINI, write_site_config

HOSTILE = Path(__file__).resolve().parent.parent / "golden" / "hostile"

LINK_MESSAGE = (
    "is a symbolic link (to {}); links are not allowed in content/, since they can "
    "reach files outside content/: put the file itself here"
)


def shown(problems) -> list[str]:
    return [str(p).removeprefix("content/") for p in problems]


def expected_lines() -> list[str]:
    text = (HOSTILE / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINI / "content", content)
    shutil.copytree(HOSTILE / "content", content, dirs_exist_ok=True)
    return content


def test_every_hostile_file_gives_exactly_its_message(hostile: Path) -> None:
    result = load_content(hostile, Settings())
    assert sorted(shown(result.problems)) == sorted(expected_lines())


def test_text_from_a_text_area_is_accepted_on_one_line(hostile: Path) -> None:
    items = load_content(hostile, Settings()).content.items
    assert items["workshops/textarea-summary"].summary == (
        "Written in the web editor's text area, over three lines, with an empty one."
    )
    assert items["workshops/crlf-summary"].summary == "One line and another and a third"
    # The other files of the site still load next to the hostile ones.
    assert "workshops/intro-to-kotlin" in items


def test_links_of_every_kind_are_refused_and_hide_nothing(tmp_path: Path, hostile: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.md").write_text("---\ntitle: Outside\n---\n", encoding="utf-8")
    links = {
        "courses/notes.txt": secret,  # not Markdown: MkDocs would copy the target
        "courses/g": outside,  # a folder leading out of content/
        "workshops/copy.md": hostile / "workshops" / "intro-to-kotlin.md",  # inside
        "people/.hidden": secret,  # a hidden name
        ".obsidian/root": Path("/"),  # in a hidden folder, which MkDocs walks too
        "dangling.md": tmp_path / "nothing-here",  # leading nowhere
    }
    (hostile / ".obsidian").mkdir()
    for name, target in links.items():
        os.symlink(target, hostile / name)
    problems = shown(load_content(hostile, Settings()).problems)
    for name, target in links.items():
        assert f"{name}:1: file: " + LINK_MESSAGE.format(target) in problems
    assert not any("Outside" in p or "g/notes.md" in p for p in problems)
    assert sorted(expected_lines()) == sorted(p for p in problems if p.split(":")[0] not in links)


def test_fifos_and_sockets_are_refused_without_being_opened(hostile: Path) -> None:
    os.mkfifo(hostile / "workshops" / "x.md")
    os.mkfifo(hostile / "courses" / "pipe.txt")
    # In a subprocess: were the FIFO opened, the test would fail on the timeout, not hang.
    code = (
        "import sys; from pathlib import Path; from greenhouse.model import Settings, "
        "load_content; [print(p) for p in load_content(Path(sys.argv[1]), Settings()).problems]"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(hostile)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = shown(result.stdout.splitlines())
    message = "is a named pipe (FIFO), not a file; content/ may hold only files and folders"
    assert f"workshops/x.md:1: file: {message}" in lines
    assert f"courses/pipe.txt:1: file: {message}" in lines
    assert len(lines) == len(expected_lines()) + 2


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (os.mkfifo, "is a named pipe (FIFO), not a file; content/ may hold only files and folders"),
        (os.mkdir, "is not a regular file; content must be files"),
        (
            lambda path: os.symlink("/etc/hostname", path),
            "is a symbolic link (to /etc/hostname); links are not allowed in content/, since "
            "they can reach files outside content/: put the file itself here",
        ),
    ],
    ids=["fifo", "folder", "link"],
)
def test_reading_an_entry_that_is_no_file_refuses_it_without_blocking(
    tmp_path: Path, make, message: str
) -> None:
    # Straight to the reader, as for a file swapped in after content/ was listed (the
    # listing refuses these first). In a subprocess: a FIFO opened for reading would block.
    make(tmp_path / "x.md")
    code = (
        "import sys; from pathlib import Path; from greenhouse.model.reader import read_markdown;"
        "print(*read_markdown(sys.argv[1], 'content/x.md', Path(sys.argv[2])), sep='\\n')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "x.md"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.splitlines() == [f"content/x.md:1: file: {message}"]


def path_file(content: Path, slug: str, steps: list[str]) -> None:
    (content / "paths" / f"{slug}.md").write_text(
        f"---\ntitle: Path {slug}\nsummary: One of many.\ncompetencies: [kotlin]\n"
        f"level: intro\nsteps: [{', '.join(steps)}]\n---\n",
        encoding="utf-8",
    )


def test_a_folder_of_pathological_files_is_validated_and_reported(tmp_path: Path) -> None:
    """Each of these took minutes, or never ended, or crashed: now one run of
    `greenhouse validate` reports them all (and finishes in seconds)."""
    shutil.copytree(MINI / "content", tmp_path / "content")
    content = tmp_path / "content"
    write_site_config(tmp_path)
    for name in ("alias-bomb.md", "every-minute.md", "february-30.md"):
        shutil.copy(HOSTILE / "content" / "workshops" / name, content / "workshops")
    # A DAG of 40 paths, each stepping to the next two (the cycle search was exponential).
    for n in range(40):
        steps = [f"paths/dag-{m:02d}" for m in (n + 1, n + 2) if m < 40]
        path_file(
            content,
            f"dag-{n:02d}",
            [*steps, "courses/kotlin-basics", "courses/testing-in-practice"][:2],
        )
    # 1,200 chained paths (the recursive search overflowed Python's stack); the last one
    # leads back to the first, so the whole chain is one long cycle.
    for n in range(1200):
        path_file(
            content,
            f"chain-{n:04d}",
            [f"paths/chain-{(n + 1) % 1200:04d}", "courses/kotlin-basics"],
        )
    # Unknown fields up to nearly 1 MB (every line used to be looked for from the top).
    unknown = "".join(f"field-{n}: {n}\n" for n in range(52_000))
    (content / "workshops" / "unknown-keys.md").write_text(
        "---\ntitle: Many fields\nsummary: Otherwise fine.\ncompetencies: [kotlin]\n"
        "level: intro\nformat: self-paced\nfacilitators: [asa-lindqvist]\n" + unknown + "---\n",
        encoding="utf-8",
    )
    assert (content / "workshops" / "unknown-keys.md").stat().st_size > 900_000
    os.mkfifo(content / "workshops" / "fifo.md")

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [str(Path(sys.executable).with_name("greenhouse")), "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    by_file: dict[str, list[str]] = {}
    for line in lines:
        by_file.setdefault(line.split(":")[0], []).append(line)
    assert by_file.pop("content/workshops/alias-bomb.md") == [
        "content/workshops/alias-bomb.md:4: yaml: uses the alias *a; aliases and anchors (&) "
        "are not allowed in front matter: write the value out"
    ]
    assert "1440 times a day" in by_file.pop("content/workshops/every-minute.md")[0]
    assert "never happens" in by_file.pop("content/workshops/february-30.md")[0]
    assert "named pipe" in by_file.pop("content/workshops/fifo.md")[0]
    unknown_problems = by_file.pop("content/workshops/unknown-keys.md")
    assert len(unknown_problems) == 21  # 20 one by one, then how many more
    assert unknown_problems[0] == (
        "content/workshops/unknown-keys.md:8: field-0: is not a field of a workshop"
    )
    assert "and 51980 more fields are not fields of a workshop" in unknown_problems[-1]
    chain = [by_file.pop(f"content/paths/chain-{n:04d}.md") for n in range(1200)]
    assert all(len(p) == 1 and "leads back to itself: it is one of 1200" in p[0] for p in chain)
    assert chain[0] == [
        "content/paths/chain-0000.md:6: steps: leads back to itself: it is one of 1200 paths "
        "that lead to each other, e.g. paths/chain-0000 -> paths/chain-0001 -> "
        "paths/chain-0002 -> (1195 more) -> paths/chain-1198 -> paths/chain-1199 -> "
        "paths/chain-0000"
    ]
    # The DAG has no cycle, and nothing else is wrong.
    assert by_file == {}, by_file


FRAMEWORK_CASES = {
    "impossible-date": (
        "      - id: dates\n        name: Dates\n        description: 2026-02-30\n",
        "framework/competencies.yml:28: areas[1].competencies[2].description: "
        "'2026-02-30' is not a real date; check the day and month, or put it in quotes",
    ),
    "long-integer": (
        "      - id: numbers\n        name: " + "9" * 5000 + "\n",
        "framework/competencies.yml:27: areas[1].competencies[2].name: '99999999999999999999…' "
        "has too many digits to be a number; put it in quotes if it is text",
    ),
    "next-line-and-syntax-error": (
        "      - id: next\n        name: Next\x85line\n        description: [unclosed\n",
        "framework/competencies.yml:27: yaml: contains U+0085, an invisible line break that "
        "YAML counts and editors do not; delete it (retype the line)",
    ),
    "name-over-two-lines": (
        '      - id: lines\n        name: "Two\\nlines"\n',
        "framework/competencies.yml:27: areas[1].competencies[2].name: "
        "must be a single line (it names a calendar and a page)",
    ),
    "escape-in-name": (
        '      - id: escape\n        name: "Esc\\e[2J"\n',
        "framework/competencies.yml:27: areas[1].competencies[2].name: contains the control "
        "character U+001B at character 4; remove it (it breaks the feed and calendars)",
    ),
}


@pytest.mark.parametrize("case", FRAMEWORK_CASES)
def test_framework_problems_are_located_and_hide_nothing(hostile: Path, case: str) -> None:
    added, message = FRAMEWORK_CASES[case]
    competencies = hostile / "framework" / "competencies.yml"
    text = competencies.read_text(encoding="utf-8")
    assert text.count("\n") == 25  # the cases' lines are counted from here
    competencies.write_text(text + added, encoding="utf-8")
    problems = shown(load_content(hostile, Settings()).problems)
    assert message in problems
    # Every item file's own problems are still reported (besides the references that a
    # broken framework file leaves unresolved).
    assert set(expected_lines()) <= set(problems)


START = datetime(2027, 1, 1, 0, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
EVERY_HOUR = ",".join(str(h) for h in range(24))


@pytest.mark.parametrize(
    ("rule", "problem", "per_year"),
    [
        ("FREQ=MONTHLY;BYDAY=1FR;COUNT=6", None, 6),
        ("FREQ=WEEKLY;BYDAY=MO,WE", None, 105),  # from Monday 4 January, 365 days
        ("FREQ=DAILY;BYHOUR=9,14", None, 730),
        (f"FREQ=DAILY;BYHOUR={EVERY_HOUR}", "more than 1000 times in a year", 1001),
        (
            f"FREQ=YEARLY;BYHOUR={EVERY_HOUR};BYMINUTE=0,30;BYSETPOS="
            + ",".join(str(n) for n in range(1, 33)),
            "more than 24 times on 01 January",
            25,
        ),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "never happens in the 10 years", 0),
        ("FREQ=DAILY;INTERVAL=7;BYDAY=TU", "never happens in the 10 years", 0),  # a Friday
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", None, 1),  # 29 February 2028
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", "never happens", 0),  # first in 2044
        ("FREQ=WEEKLY;UNTIL=20261231T000000Z", "is before the first time it happens", 0),
        ("FREQ=WEEKLY;UNTIL=20400101T000000Z", "more than 10 years after", 0),
    ],
)
def test_a_series_is_bounded_per_day_and_year(
    rule: str, problem: str | None, per_year: int
) -> None:
    found, times = check_series(rule, START)
    assert (found is None) == (problem is None), found
    assert problem is None or problem in (found or "")
    assert times == per_year


def test_a_file_that_grew_since_it_was_measured_is_read_whole_or_refused_as_too_big(
    tmp_path: Path,
) -> None:
    grown = tmp_path / "grown.md"
    text = "---\ntitle: x\n---\n" + "word " * 40_000  # 200 kB
    grown.write_text(text, encoding="utf-8")
    fd = os.open(grown, os.O_RDONLY)
    try:
        # As if fstat had said 10 bytes: the file grew before it was read.
        assert reader_module._read_all(fd, 10).decode("utf-8") == text
    finally:
        os.close(fd)
    assert read_text(grown, "grown.md", tmp_path) == text
    huge = tmp_path / "huge.md"
    huge.write_bytes(b"x" * (MAX_FILE_BYTES + 10))
    fd = os.open(huge, os.O_RDONLY)
    try:
        assert len(reader_module._read_all(fd, 10)) == MAX_FILE_BYTES + 1
    finally:
        os.close(fd)
    [problem] = read_text(huge, "huge.md", tmp_path)
    assert problem.field == "file" and "content files must be under 1 MB" in problem.message
