"""Golden cases: every bad file gives exactly its located problem, and hides no other."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from greenhouse.model import Settings, load_content

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "bad"
MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini" / "content"

VALID_WORKSHOP = (
    "---\ntitle: Fine workshop\nsummary: Written on another machine.\ncompetencies: [kotlin]\n"
    "level: intro\nformat: self-paced\nfacilitators: [asa-lindqvist]\n---\nBody.\n"
)


@pytest.fixture
def bad_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    shutil.copytree(GOLDEN / "content", content, dirs_exist_ok=True)
    # Cases that cannot sit in Git as plain files are made here.
    (content / "workshops" / "latin1.md").write_bytes(
        b"---\ntitle: Caf\xe9\nsummary: Saved as Latin-1.\n---\n"
    )
    (content / "workshops" / "bom.md").write_bytes(b"\xef\xbb\xbf" + VALID_WORKSHOP.encode())
    (content / "workshops" / "crlf.md").write_bytes(VALID_WORKSHOP.replace("\n", "\r\n").encode())
    (content / "workshops" / "huge.md").write_bytes(
        b"---\ntitle: x\n---\n" + b"a" * 5 * 1024 * 1024
    )
    outside = tmp_path / "outside.md"
    outside.write_text(VALID_WORKSHOP, encoding="utf-8")
    os.symlink(outside, content / "workshops" / "linked.md")
    return content


def shown(problems) -> list[str]:
    """The problems as `greenhouse validate` prints them, paths relative to content/."""
    return [str(p).removeprefix("content/") for p in problems]


def test_every_bad_file_gives_exactly_its_message(bad_content: Path) -> None:
    """Each bad file gives exactly the line people read: file, line, field and message
    (tests/golden/bad/expected.txt; the files made in the fixture are listed here)."""
    result = load_content(bad_content, Settings())
    expected = (GOLDEN / "expected.txt").read_text(encoding="utf-8").split("\n")
    expected = [line for line in expected if line] + [
        "workshops/huge.md:1: file: is 5.0 MB; content files must be under 1 MB "
        "(link to large material instead)",
        "workshops/latin1.md:2: file: is not UTF-8 text (byte 0xE9 on line 2); "
        "save it with UTF-8 encoding",
        "workshops/linked.md:1: file: is a symbolic link (to {outside}); links are not "
        "allowed in content/, since they can reach files outside content/: put the file "
        "itself here",
    ]
    outside = bad_content.parent / "outside.md"
    assert shown(result.problems) == sorted(line.format(outside=outside) for line in expected)


def test_bad_files_hide_nothing_else(bad_content: Path) -> None:
    content = load_content(bad_content, Settings()).content
    # Every valid file of the fixture, and the BOM and CRLF files, still load.
    for item_id in (
        "workshops/intro-to-kotlin",
        "paths/backend-foundations",
        "workshops/bom",
        "workshops/crlf",
        "courses/dates-every-way",
    ):
        assert item_id in content.items, item_id
    assert content.items["workshops/crlf"].title == "Fine workshop"


@pytest.mark.parametrize(
    ("needle", "message"),
    [
        (
            "typo-competency.md",
            "'kotlinn' is not in content/framework/competencies.yml (did you mean 'kotlin'?)",
        ),
        ("language-no.md", "no was read as false (a YAML yes/no); write one of en, sv"),
        ("bad-yaml.md", 'put the value in quotes: title: "Kotlin: the good parts"'),
        ("tabs.md", "indentation uses a tab; YAML needs spaces"),
        ("duplicate-key.md", "is written twice (also on line 2)"),
        ("latin1.md", "is not UTF-8 text (byte 0xE9 on line 2)"),
        ("huge.md", "is 5.0 MB; content files must be under 1 MB"),
        ("linked.md", "outside content/"),
        ("unknown-field.md", "is not a field of a workshop (did you mean 'title'?)"),
        ("date-only.md", "needs a time as well as the date"),
        ("loop-a.md", "leads back to itself: paths/loop-a -> paths/loop-b -> paths/loop-a"),
        ("unknown-speaker.md", "(did you mean 'asa-lindqvist'?)"),
        ("Bad_Name.md", "e.g. bad-name.md"),
    ],
)
def test_messages_say_what_would_be_right(bad_content: Path, needle: str, message: str) -> None:
    problems = [
        p for p in load_content(bad_content, Settings()).problems if p.path.endswith(needle)
    ]
    assert any(message in p.message for p in problems), [str(p) for p in problems]


def test_dates_as_strings_and_as_dates_give_the_same_instants(bad_content: Path) -> None:
    item = load_content(bad_content, Settings()).content.items["courses/dates-every-way"]
    starts = [s.start.isoformat() for s in item.sessions]
    assert starts == [
        "2027-03-04T10:00:00+01:00",
        "2027-03-05T10:00:00+01:00",
        "2027-03-06T10:00:00+01:00",
        "2027-03-07T10:00:00+01:00",
    ]
    assert all(s.end - s.start == (s.end - s.start).__class__(hours=1) for s in item.sessions)
