"""Located problems: the one error object shared by the CLI, the build and PR annotations."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in a content file, located precisely enough to fix it.

    `path` is relative to the repository root (``content/workshops/x.md``), `line` is
    1-based, `field` names the front-matter field (``sessions[0].end``) or what else
    was wrong (``file``, ``yaml``).
    """

    path: str
    line: int
    field: str
    message: str

    def __post_init__(self) -> None:
        # Messages quote what was written: a terminal or a CI log must show it, not obey
        # it (escape sequences), and one problem stays one line of reasonable length.
        for name in ("path", "field", "message"):
            text = getattr(self, name)
            if len(text) > MAX_TEXT or _UNPRINTABLE.search(text):
                object.__setattr__(self, name, _printable(text))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"

    def as_github(self) -> str:
        """A GitHub Actions workflow command that annotates the line in the PR."""
        message = _escape_github(f"{self.field}: {self.message}")
        return (
            f"::error file={_escape_github(self.path, prop=True)},line={self.line},"
            f"title={_escape_github(self.field, prop=True)}::{message}"
        )


#: Longest path, field or message shown; a value quoted in a message can be a megabyte.
MAX_TEXT = 400
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _printable(text: str) -> str:
    shown = _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)
    return shown if len(shown) <= MAX_TEXT else shown[: MAX_TEXT - 1] + "…"


def _escape_github(text: str, *, prop: bool = False) -> str:
    # Workflow commands treat %, CR and LF specially; properties also ':' and ','.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def problems_as_json(problems: Iterable[Problem]) -> str:
    """The problems as a JSON list of objects with path, line, field and message."""
    return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in content:\n{lines}")
