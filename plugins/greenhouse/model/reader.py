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
from typing import Any, Generic, TypeVar

import yaml
from frontmatter.default_handlers import YAMLHandler

from greenhouse.model.problems import Problem

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing: same results, slower
    _Loader = yaml.SafeLoader

#: Larger files are refused before reading: a session page is a few kilobytes.
MAX_FILE_BYTES = 1024 * 1024
#: Front matter nested deeper than this is refused (a session is four levels down).
MAX_DEPTH = 16
#: Lines looked up one by one before the whole map of lines is built (see Document.line).
_LOOKUPS_BEFORE_MAP = 8
_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NOCTTY = getattr(os, "O_NOCTTY", 0)
#: Characters YAML reads as line breaks but editors and Git do not: lines would not match.
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
_CONSTRUCTED_TAGS = frozenset(
    {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
)

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
    _lookups: int = 0

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
        """The line of `key`, or of its nearest enclosing field that has one.

        The first few are found by walking down to them; after that the whole map is
        built once, so a file with thousands of problems costs no more than a walk.
        """
        if self._lines is None and self.node is not None:
            self._lookups += 1
            if self._lookups <= _LOOKUPS_BEFORE_MAP:
                return _line_in(self.node, key, self.line_offset) or self.first_line
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.first_line


def _problem(path: str, line: int, field_: str, message: str) -> list[Problem]:
    return [Problem(path, line, field_, message)]


def read_text(file: str | Path, display: str, root: Path) -> str | list[Problem]:
    """The file's text, or the reason it cannot be used as content.

    Only a regular file is read: a symbolic link could publish any file of the machine
    that builds the site, and a FIFO or a device would block the reader for ever. The
    file is opened without following a link, without waiting and without becoming a
    terminal's, then checked on the open descriptor before anything is read, so nothing
    swapped in since the folder was listed is read either; ``lstat`` only says what a
    refused entry is.
    """
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | _O_NOCTTY | _O_BINARY)
    except OSError as exc:
        # A link (ELOOP), or what else made the open fail: say which.
        problem = special_file_problem(file, display)
        if problem is not None:
            return [problem]
        return _problem(display, 1, "file", f"cannot be read ({exc.strerror})")
    try:
        info = os.fstat(fd)
    except OSError as exc:  # pragma: no cover - fstat on an open descriptor
        os.close(fd)
        return _problem(display, 1, "file", f"cannot be read ({exc.strerror})")
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        problem = special_file_problem(file, display)  # a FIFO, a device: say which
        return (
            [problem]
            if problem
            else _problem(display, 1, "file", "is not a regular file; content must be files")
        )
    if info.st_size > MAX_FILE_BYTES:
        os.close(fd)
        return _too_big(display, info.st_size)
    try:
        raw = _read_all(fd, info.st_size)
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:  # it grew while being read
        return _too_big(display, len(raw))
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


def _read_all(fd: int, size: int) -> bytes:
    """The open file's bytes, at most one more than `MAX_FILE_BYTES`. `size` (from
    ``fstat``) sizes the first read: asking for the largest size allowed would allocate
    a megabyte for every file of a few kilobytes."""
    parts: list[bytes] = []
    total, want = 0, size + 1
    while total <= MAX_FILE_BYTES:
        part = os.read(fd, min(want, MAX_FILE_BYTES + 1 - total))
        if not part:
            break
        parts.append(part)
        total += len(part)
        want = 64 * 1024  # it grew since fstat, or the read came short: read on
    return b"".join(parts)


def special_file_problem(file: str | Path, display: str) -> Problem | None:
    """Why the entry `file` may not be in content/ (a link, a FIFO, a device), or None.

    Any symbolic link is refused, wherever it points: Git stores links, and MkDocs
    copies what a link points at into the site.
    """
    try:
        info = os.lstat(file)
    except OSError as exc:
        return Problem(display, 1, "file", f"cannot be read ({exc.strerror})")
    if stat.S_ISLNK(info.st_mode):
        try:
            target = os.readlink(file)
        except OSError:  # pragma: no cover - it was a link a moment ago
            target = "?"
        return Problem(
            display,
            1,
            "file",
            f"is a symbolic link (to {target}); links are not allowed in content/, "
            "since they can reach files outside content/: put the file itself here",
        )
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        return Problem(
            display,
            1,
            "file",
            f"is a {_file_kind(info.st_mode)}, not a file; content/ may hold only files "
            "and folders",
        )
    return None


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _too_big(display: str, size: int) -> list[Problem]:
    return _problem(
        display,
        1,
        "file",
        f"is {size / 1024 / 1024:.1f} MB; content files must be under "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB (link to large material instead)",
    )


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
    """Parse YAML into a mapping, recording lines; problems are located in the file.

    The cost stays linear in the text: aliases are refused before anything is built
    (each level of a 563-byte alias "bomb" multiplies the work), and so is nesting
    deeper than `MAX_DEPTH`.
    """
    tab = _tab_indent(text)
    if tab is not None:
        return _problem(
            display,
            tab + line_offset,
            "yaml",
            "indentation uses a tab; YAML needs spaces (replace the tab with two spaces)",
        )
    early = _unusual_break(text) or (_first_alias(text) if "*" in text else None)
    if early is not None:
        line, message = early
        return _problem(display, line + line_offset, "yaml", message)
    loader = _Loader(text)
    node = None
    try:
        node = loader.get_single_node()
        shape = _shape(node) if node is not None else _Shape()
        if shape.too_deep is not None:
            return _problem(
                display,
                shape.too_deep + line_offset,
                "yaml",
                f"is nested more than {MAX_DEPTH} levels deep; front matter needs a few",
            )
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        what = " ".join(s for s in (exc.context, exc.problem) if s)
        lines = text.split("\n")
        row = mark.line if mark is not None and mark.line < len(lines) else None
        written = _FIELD_LINE.match(lines[row]) if row is not None else None
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
    except (ValueError, OverflowError):
        # A value that looks like a date or a number but is none (2026-02-30, or an
        # integer longer than Python converts): find which, to say where.
        return [_unbuildable(node, display, line_offset)]
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
    if shape.duplicates:
        return doc._walk_nodes()
    return doc


def _unusual_break(text: str) -> tuple[int, str] | None:
    found = _YAML_ONLY_BREAKS.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    code = f"U+{ord(found.group()):04X}"
    return line, (
        f"contains {code}, an invisible line break that YAML counts and editors do not; "
        "delete it (retype the line)"
    )


def _first_alias(text: str) -> tuple[int, str] | None:
    """The line and name of the first alias (``*name``), if the text has one."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else 1
                return line, (
                    f"uses the alias *{event.anchor}; aliases and anchors (&) are not "
                    "allowed in front matter: write the value out"
                )
    except yaml.YAMLError:
        return None  # the parse proper reports it, with its place
    return None


@dataclass
class _Shape:
    duplicates: bool = False
    too_deep: int | None = None  # the line where the nesting goes too deep


def _shape(root: yaml.Node) -> _Shape:
    """One walk over the nodes, without recursion: keys written twice (which PyYAML
    would silently collapse), and nesting beyond `MAX_DEPTH`."""
    shape = _Shape()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            shape.too_deep = node.start_mark.line + 1
            return shape
        if isinstance(node, yaml.MappingNode):
            if not shape.duplicates:
                keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
                shape.duplicates = len(set(keys)) != len(keys)
            stack.extend(
                (v, depth + 1) for _, v in node.value if not isinstance(v, yaml.ScalarNode)
            )
            stack.extend(
                (k, depth + 1) for k, _ in node.value if not isinstance(k, yaml.ScalarNode)
            )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, depth + 1) for v in node.value if not isinstance(v, yaml.ScalarNode))
    return shape


def _unbuildable(root: yaml.Node | None, display: str, offset: int) -> Problem:
    """The first scalar that looks like a date or number but cannot be built."""
    builder = yaml.SafeLoader("")
    stack: list[tuple[yaml.Node, Key]] = [(root, ())] if root is not None else []
    while stack:
        node, key = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                name = k.value if isinstance(k, yaml.ScalarNode) else "?"
                stack += [(v, (*key, name)), (k, key)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(v, (*key, i)) for i, v in reversed(list(enumerate(node.value)))]
        elif isinstance(node, yaml.ScalarNode) and node.tag in _CONSTRUCTED_TAGS:
            try:
                builder.construct_object(node)
            except (ValueError, OverflowError):
                line = node.start_mark.line + 1 + offset
                shown = node.value if len(node.value) <= 40 else node.value[:20] + "…"
                if node.tag.endswith("timestamp"):
                    what = "is not a real date; check the day and month, or put it in quotes"
                else:
                    what = "has too many digits to be a number; put it in quotes if it is text"
                return Problem(display, line, field_name(key) or "yaml", f"'{shown}' {what}")
    return Problem(display, 1 + offset, "yaml", "holds a value that cannot be read")


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


#: What the loader keeps per file besides its parsed document (what checking it found).
Checked = TypeVar("Checked")


class ReadCache(Generic[Checked]):
    """Files read by the last load, reused while they are unchanged: a ``mkdocs serve``
    rebuild parses only the files that changed.

    A file counts as unchanged while ``lstat`` gives the same device, inode, type, size
    and modification and change times (nanoseconds). Each load keeps only the files it
    read (`start`), so a deleted file is forgotten.
    """

    def __init__(self) -> None:
        self._last: dict[tuple[str, str], _Cached[Checked]] = {}
        self._now: dict[tuple[str, str], _Cached[Checked]] = {}
        self.parsed = 0  # files parsed since `start`, the others were reused

    def start(self) -> None:
        """Begin a load: what the last one read is kept for reuse, the rest is dropped."""
        self._last, self._now = self._now, {}
        self.parsed = 0

    def read_markdown(self, file: str | Path, display: str, root: Path) -> Document | list[Problem]:
        """`read_markdown`, or what it gave for the same unchanged file last time."""
        try:
            st = os.lstat(file)
        except OSError:
            return read_markdown(file, display, root)
        key = (st.st_dev, st.st_ino, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        name = (str(file), display)
        known = self._last.get(name)
        if known is not None and known.key == key:
            self._now[name] = known
            return known.doc
        doc = read_markdown(file, display, root)
        self.parsed += 1
        self._now[name] = _Cached(key, doc)
        return doc

    def checked(self, file: str | Path, display: str) -> Checked | None:
        """What `remember` kept for the file this load read (None if it changed)."""
        known = self._now.get((str(file), display))
        return known.checked if known is not None else None

    def remember(self, file: str | Path, display: str, checked: Checked) -> None:
        """Keep what checking the file this load read gave, for the next load to reuse."""
        known = self._now.get((str(file), display))
        if known is not None:
            known.checked = checked


@dataclass
class _Cached(Generic[Checked]):
    key: tuple[int, ...]
    doc: Document | list[Problem]
    checked: Checked | None = None
