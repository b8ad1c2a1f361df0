"""Reading one file: bytes to front-matter data, body and the line of every field.

YAML is parsed once, with libyaml when available; the node tree gives each value's
line, reveals duplicated keys (which PyYAML would silently collapse) and the plain
scalars that YAML 1.1 turns into booleans (``language: no``).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from greenhouse.model.problems import Problem

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing: same results, slower
    _Loader = yaml.SafeLoader

#: Larger files are refused before reading: a session page is a few kilobytes.
MAX_FILE_BYTES = 1024 * 1024

_BOOL_TAG = "tag:yaml.org,2002:bool"
_FIELD_LINE = re.compile(r"^\s*-?\s*([A-Za-z_][\w-]*):\s+(.+)$")
_FM_BOUNDARY = YAMLHandler.FM_BOUNDARY

Key = tuple[str | int, ...]


def field_name(key: Iterable[str | int]) -> str:
    """``("sessions", 0, "end")`` -> ``sessions[0].end``."""
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class Document:
    """A parsed file: its data and where each value was written.

    The map of lines is made from the YAML nodes only when first asked for: valid
    files never need it, and validation must stay close to the cost of parsing.
    """

    path: str  # as shown to people, relative to the repository root
    data: dict[str, Any]
    body: str = ""
    first_line: int = 1
    source: str = ""  # the file on disk, when it came from one
    node: yaml.Node | None = None
    line_offset: int = 0
    _lines: dict[Key, int] | None = None
    _booleans: dict[Key, str] = field(default_factory=dict)

    def _walk_nodes(self) -> list[Problem]:
        problems: list[Problem] = []
        self._lines = {}
        if self.node is not None:
            _walk(self.node, (), self, problems, self.line_offset)
        return problems

    @property
    def lines(self) -> dict[Key, int]:
        if self._lines is None:
            self._walk_nodes()
        assert self._lines is not None
        return self._lines

    @property
    def booleans(self) -> dict[Key, str]:
        """Plain scalars that YAML 1.1 read as booleans (``no``, ``on``), by key."""
        self.lines  # noqa: B018 - the walk fills both maps
        return self._booleans

    def line(self, key: Key) -> int:
        """The line of `key`, or of its nearest enclosing field that has one."""
        if self._lines is None and self.node is not None:
            return _line_in(self.node, key, self.line_offset) or self.first_line
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.first_line


def _problem(path: str, line: int, field_: str, message: str) -> list[Problem]:
    return [Problem(path, line, field_, message)]


def read_text(file: str | Path, display: str, root: Path) -> str | list[Problem]:
    """The file's text, or the reason it cannot be used as content."""
    try:
        info = os.lstat(file)
        if stat.S_ISLNK(info.st_mode):
            target = Path(file).resolve()
            if not target.is_relative_to(root.resolve()):
                return _problem(
                    display,
                    1,
                    "file",
                    f"is a symbolic link to {os.fspath(target)}, outside content/; "
                    "copy the file into content/ instead",
                )
            info = os.stat(file)
    except OSError as exc:
        return _problem(display, 1, "file", f"cannot be read ({exc.strerror})")
    size = info.st_size
    if size > MAX_FILE_BYTES:
        return _problem(
            display,
            1,
            "file",
            f"is {size / 1024 / 1024:.1f} MB; content files must be under "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB (link to large material instead)",
        )
    with open(file, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark is accepted and dropped
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return _problem(
            display,
            line,
            "file",
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02X} on line {line}); "
            "save it with UTF-8 encoding",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_markdown(file: str | Path, display: str, root: Path) -> Document | list[Problem]:
    """Split a Markdown file into front matter and body, and parse the front matter."""
    text = read_text(file, display, root)
    if isinstance(text, list):
        return text
    if not text.strip():
        return _problem(
            display,
            1,
            "file",
            "is empty; start it with front matter between two '---' lines "
            "(see CONTRIBUTING.md for an example)",
        )
    first = text.split("\n", 1)[0]
    if not _FM_BOUNDARY.fullmatch(first):
        return _problem(
            display,
            1,
            "file",
            "has no front matter; the first line must be '---', then the fields "
            "(title: ..., summary: ...), then another '---'",
        )
    parts = _FM_BOUNDARY.split(text, 2)
    if len(parts) < 3:
        return _problem(
            display,
            1,
            "front matter",
            "is not closed; add a line '---' after the last field",
        )
    _, front, body = parts
    # The boundary match stops before the first line break, so the front matter's own
    # line 0 is the rest of the opening '---' line: its line N is the file's line N + 1.
    doc = parse_yaml(front, display, line_offset=0)
    if isinstance(doc, list):
        return doc
    doc.body = body.lstrip("\n")
    doc.source = str(file)
    return doc


def read_yaml(file: Path, display: str, root: Path) -> Document | list[Problem]:
    """Parse a whole YAML file (the framework files)."""
    text = read_text(file, display, root)
    if isinstance(text, list):
        return text
    return parse_yaml(text, display, line_offset=0)


def parse_yaml(text: str, display: str, *, line_offset: int) -> Document | list[Problem]:
    """Parse YAML into a mapping, recording lines; problems are located in the file."""
    tab = _tab_indent(text)
    if tab is not None:
        return _problem(
            display,
            tab + line_offset,
            "yaml",
            "indentation uses a tab; YAML needs spaces (replace the tab with two spaces)",
        )
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        what = " ".join(s for s in (exc.context, exc.problem) if s)
        written = _FIELD_LINE.match(text.split("\n")[mark.line]) if mark else None
        if written and "mapping values are not allowed" in what:
            # The usual cause: a colon inside a value. Name the field and show the fix.
            name, value = written.group(1), written.group(2).strip().replace('"', '\\"')
            return _problem(
                display,
                line,
                name,
                f'contains ": ", which YAML reads as a new field; put the value in quotes: '
                f'{name}: "{value}"',
            )
        return _problem(display, line, "yaml", f"is not valid YAML: {what}{_yaml_hint(what)}")
    except yaml.YAMLError as exc:
        return _problem(display, 1 + line_offset, "yaml", f"is not valid YAML: {exc}")
    finally:
        loader.dispose()
    if data is None:
        return _problem(display, 1 + line_offset, "front matter", "has no fields")
    if not isinstance(data, dict):
        return _problem(
            display,
            1 + line_offset,
            "front matter",
            f"must be a set of 'field: value' lines, not a {_yaml_kind(data)}",
        )
    doc = Document(
        path=display,
        data=data,
        first_line=1,
        node=node,
        line_offset=line_offset,
    )
    if _has_duplicate_keys(node):
        return doc._walk_nodes()
    return doc


def _line_in(node: yaml.Node, key: Key, offset: int) -> int | None:
    """The line of `key`, found by walking down the nodes along it (no full walk)."""
    line = None
    for part in key:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == part), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1 + offset, found[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1 + offset
        else:
            break
    return line


def _has_duplicate_keys(node: yaml.Node) -> bool:
    """A quick look for a key written twice, which PyYAML would silently collapse."""
    if isinstance(node, yaml.MappingNode):
        keys = [k.value for k, _ in node.value]
        if len(set(keys)) != len(keys):
            return True
        return any(
            _has_duplicate_keys(v) for _, v in node.value if not isinstance(v, yaml.ScalarNode)
        )
    if isinstance(node, yaml.SequenceNode):
        return any(_has_duplicate_keys(v) for v in node.value if not isinstance(v, yaml.ScalarNode))
    return False


def _walk(node: yaml.Node, key: Key, doc: Document, problems: list[Problem], offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            line = key_node.start_mark.line + 1 + offset
            child = (*key, name)
            if name in seen:
                problems.append(
                    Problem(
                        doc.path,
                        line,
                        field_name(child),
                        f"is written twice (also on line {seen[name]}); keep only one",
                    )
                )
                continue
            seen[name] = line
            doc._lines[child] = line  # type: ignore[index]
            _walk(value_node, child, doc, problems, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, value_node in enumerate(node.value):
            child = (*key, index)
            doc._lines[child] = value_node.start_mark.line + 1 + offset  # type: ignore[index]
            _walk(value_node, child, doc, problems, offset)
    elif (
        isinstance(node, yaml.ScalarNode)
        and node.tag == _BOOL_TAG
        and not node.style  # plain, not quoted ('' from libyaml, None from PyYAML)
        and node.value.lower() not in ("true", "false")
    ):
        doc._booleans[key] = node.value


def _tab_indent(text: str) -> int | None:
    if "\t" not in text:
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number
    return None


def _yaml_hint(what: str) -> str:
    if "mapping values are not allowed" in what:
        return " (a value containing ': ' must be in quotes)"
    if "found character '@'" in what or "found character '`'" in what:
        return " (values starting with @ or ` must be in quotes)"
    if "could not find expected ':'" in what:
        return " (each line needs 'field: value'; put long text in quotes)"
    return ""


def _yaml_kind(value: Any) -> str:
    names: dict[type, str] = {list: "list", str: "line of text"}
    return names.get(type(value), type(value).__name__)
