"""The one loader: content/ to typed, immutable objects, or every located problem."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

from dateutil.rrule import rrulestr

from greenhouse.model.fields import spec_map, specs
from greenhouse.model.framework import load_framework
from greenhouse.model.pages import is_top_level, load_pages
from greenhouse.model.problems import Problem
from greenhouse.model.reader import Document, ReadCache, read_markdown, special_file_problem
from greenhouse.model.settings import Settings
from greenhouse.model.slug import SLUG_RE, slugify
from greenhouse.model.types import FOLDER_TYPES, Content, Framework, Item, Person
from greenhouse.model.values import (
    INVALID,
    MAX_PER_YEAR,
    Checker,
    Reference,
    _Partial,
    check_series,
    image_exists,
    localize,
    suggest,
    unresolved,
)


@dataclass(frozen=True)
class LoadResult:
    """What the loader found: the valid content, and every problem (sorted by place)."""

    content: Content
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def content_files(
    content_dir: Path, refused: list[Problem] | None = None, *, display_prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """Every Markdown file under `content_dir`: its path, and its path relative to it (POSIX).

    Links and special files (FIFOs, devices, sockets), whatever their name, are never
    yielded or entered; each is added to `refused` as a problem. Files under a name
    starting with a dot are not yielded (MkDocs leaves them out of the site), but such
    folders are searched for links all the same: MkDocs lists them, following links.
    """
    stack = [(os.fspath(content_dir), "", False)]
    while stack:
        folder, prefix, hidden = stack.pop()
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
        subfolders = []
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_symlink() or not (
                entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False)
            ):
                problem = special_file_problem(entry.path, display_prefix + rel)
                if problem is not None and refused is not None:
                    refused.append(problem)
            elif entry.is_dir(follow_symlinks=False):
                subfolders.append((entry.path, rel + "/", hidden or entry.name.startswith(".")))
            elif entry.name.endswith(".md") and not (hidden or entry.name.startswith(".")):
                yield entry.path, rel
        stack.extend(reversed(subfolders))


def refused_entries(content_dir: Path, display_prefix: str = "") -> list[Problem]:
    """Links and special files anywhere under `content_dir`, as problems (see
    `content_files`): a build checks them before MkDocs lists the folder, since MkDocs
    follows links (one to / would have it list the whole machine)."""
    refused: list[Problem] = []
    for _ in content_files(content_dir, refused, display_prefix=display_prefix):
        pass
    return refused


def load_content(
    content_dir: Path,
    settings: Settings,
    *,
    display_prefix: str | None = None,
    cache: ReadCache[CheckedFile] | None = None,
) -> LoadResult:
    """Read and check everything in `content_dir`.

    One bad file never hides another's problems: every file is checked, then every
    reference across files. `display_prefix` is put before paths in problems
    (default: the content folder's name, so paths read ``content/workshops/x.md``).
    With a `cache`, items and people unchanged since its last load are not parsed again
    (the checks across files run anew).
    """
    if display_prefix is None:
        display_prefix = f"{content_dir.name}/"
    problems: list[Problem] = []
    framework = load_framework(content_dir, display_prefix, problems)
    builder = _Builder(content_dir, display_prefix, settings, problems, cache)
    files = list(content_files(content_dir, problems, display_prefix=display_prefix))
    top_level = [(file, rel) for file, rel in files if is_top_level(rel)]
    pages, page_references = load_pages(top_level, content_dir, display_prefix, settings, problems)
    for file, rel in files:
        builder.add(file, rel)
    builder.references.extend(page_references)
    items, people = builder.finish(framework)
    content = Content(
        settings=settings,
        framework=framework,
        items=MappingProxyType(items),
        people=MappingProxyType(people),
        pages=MappingProxyType(pages),
    )
    return LoadResult(content=content, problems=tuple(sorted(set(problems))))


@dataclass(frozen=True)
class CheckedFile:
    """What checking one unchanged file added, to add again on the next load (serve)."""

    settings: Settings
    problems: tuple[Problem, ...]
    references: tuple[Reference, ...]
    entry: Item | Person | None
    lines: dict[str, int] | None

    def replay(self, builder: _Builder, entry_id: str) -> None:
        builder.problems.extend(self.problems)
        builder.references.extend(self.references)
        if isinstance(self.entry, Person):
            builder.people[entry_id] = self.entry
        elif self.entry is not None:
            builder.items[entry_id] = self.entry
        if self.lines is not None:
            builder.lines[entry_id] = self.lines


class _Builder:
    def __init__(
        self,
        content_dir: Path,
        prefix: str,
        settings: Settings,
        problems: list[Problem],
        cache: ReadCache[CheckedFile] | None,
    ) -> None:
        self.content_dir = content_dir
        self.cache = cache  # None: every file is read and checked (validate, a build)
        if cache is not None:
            cache.start()
        self.prefix = prefix
        self.settings = settings
        self.problems = problems
        self.items: dict[str, Item] = {}
        self.people: dict[str, Person] = {}
        self.references: list[Reference] = []
        # Ids of files that exist, valid or not: a reference to an invalid file is not
        # reported again, since that file's own problems are.
        self.existing: dict[str, set[str]] = {"item": set(), "person": set()}
        self.lines: dict[str, dict[str, int]] = {}  # lines of path fields checked at the end

    def add(self, file: str, rel: str) -> None:
        try:
            self._add(file, rel)
        except Exception as exc:  # a defect must not hide the other files' problems
            self._problem(
                self.prefix + rel,
                1,
                "file",
                f"could not be checked ({type(exc).__name__}: {exc}); please report this",
            )

    def _add(self, file: str, rel: str) -> None:
        display = self.prefix + rel
        parts = rel.split("/")
        if len(parts) == 1:
            return  # pages at the top (index.md, about.md): greenhouse.model.pages
        folder, name = parts[0], parts[-1]
        if folder not in FOLDER_TYPES:
            known = ", ".join(FOLDER_TYPES)
            self._problem(
                display,
                1,
                "file",
                f"'{folder}/' is not a content folder ({known}){suggest(folder, FOLDER_TYPES)}",
            )
            return
        if len(parts) > 2:
            self._problem(display, 1, "file", f"must be directly in {folder}/, not in a subfolder")
            return
        slug = name[:-3]
        if slug == "index":
            self._problem(
                display,
                1,
                "file",
                f"the name 'index' is kept for the {folder}/ catalogue page; give the file "
                "a name made from its title",
            )
            return
        if not SLUG_RE.match(slug):
            self._problem(
                display,
                1,
                "file",
                f"name '{slug}' must be lowercase letters, digits and -, e.g. {slugify(slug)}.md",
            )
            return
        type_name = FOLDER_TYPES[folder]
        self.existing["person" if type_name == "person" else "item"].add(
            slug if type_name == "person" else f"{folder}/{slug}"
        )
        if self.cache is None:
            doc = read_markdown(file, display, self.content_dir)
        else:
            doc = self.cache.read_markdown(file, display, self.content_dir)
        if isinstance(doc, list):
            self.problems.extend(doc)
            return
        declared = doc.data.get("type")
        if declared is not None and declared != type_name:
            self._problem(
                display,
                doc.line(("type",)),
                "type",
                f"'{declared}' disagrees with the folder {folder}/, which holds {type_name}s; "
                "remove the line or move the file",
            )
            return
        entry_id = slug if type_name == "person" else f"{folder}/{slug}"
        last = self.cache.checked(file, display) if self.cache is not None else None
        if last is not None and last.settings == self.settings:
            last.replay(self, entry_id)  # the same file, checked the same way last time
            return
        problems, references = len(self.problems), len(self.references)
        checker = Checker(doc, self.settings, self.problems)
        if type_name == "person":
            self._add_person(doc, checker, slug)
        else:
            self._add_item(doc, checker, file, type_name, entry_id)
        self.references.extend(checker.references)
        if self.cache is not None and "image" not in doc.data:  # an image may go: checked anew
            checked = CheckedFile(
                self.settings,
                tuple(self.problems[problems:]),
                tuple(self.references[references:]),
                self.people.get(slug) if type_name == "person" else self.items.get(entry_id),
                self.lines.get(entry_id),
            )
            self.cache.remember(file, display, checked)

    def _problem(self, path: str, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(path, line, field, message))

    def _add_person(self, doc: Document, checker: Checker, slug: str) -> None:
        values = checker.fields(Person, "person", doc.data, allowed_extra=frozenset({"type"}))
        if values is None:
            return
        values = {k: _build(v) for k, v in values.items()}
        self.people[slug] = Person(id=slug, path=doc.path, body=doc.body, **values)

    def _add_item(
        self, doc: Document, checker: Checker, file: str, type_name: str, item_id: str
    ) -> None:
        values = checker.fields(Item, type_name, doc.data, allowed_extra=frozenset({"type"}))
        if values is None:
            return
        if "image" in values and not image_exists(file, values["image"]):
            checker.report(("image",), f"'{values['image']}' does not exist next to this file")
            return
        sessions = self._sessions(checker, values)
        if sessions is INVALID:
            return
        values["sessions"] = sessions
        if not sessions and needs_sessions(type_name, values.get("format")):
            checker.report(
                ("sessions",), "a workshop needs at least one session unless format is self-paced"
            )
            return
        values = {k: _build(v) for k, v in values.items()}
        if type_name == "path":
            self.lines[item_id] = {k: doc.line((k,)) for k in ("steps", "audience")}
        self.items[item_id] = Item(
            id=item_id, type=type_name, path=doc.path, body=doc.body, **values
        )

    def _sessions(self, checker: Checker, values: dict[str, Any]) -> Any:
        """Put each session in its time zone, and check end, duration and repeat together."""
        out = []
        duration = values.get("duration")
        ok = True
        in_a_year = 0
        for index, partial in enumerate(values.get("sessions", ())):
            key = ("sessions", index)
            session = dict(partial.values)
            zone = session["timezone"]
            start = localize(session["start"], zone)
            end = session.get("end")
            if end is not None:
                end = localize(end, zone)
                if end <= start:
                    checker.report(
                        (*key, "end"),
                        f"{end:%Y-%m-%d %H:%M} must be after the start ({start:%Y-%m-%d %H:%M})",
                    )
                    ok = False
                    continue
            elif duration:
                # In UTC: Python adds wall-clock time within one zone, which is wrong
                # across a daylight-saving change (02:30 + 30 min on spring-forward night).
                end = start.astimezone(UTC) + timedelta(minutes=duration)
                end = end.astimezone(start.tzinfo)
            else:
                checker.report((*key, "end"), "is required when the item has no duration")
                ok = False
                continue
            times = _times_a_year(checker, key, session.get("repeat"), start)
            if times is None:
                ok = False
                continue
            in_a_year += times
            session.update(start=start, end=end)
            out.append(_Partial(partial.model, session))
        if ok and in_a_year > MAX_PER_YEAR:
            checker.report(
                ("sessions",),
                f"would happen {in_a_year} times in a year (each series counted over its first "
                f"year); an item's sessions may happen at most {MAX_PER_YEAR} times a year",
            )
            return INVALID
        return tuple(out) if ok else INVALID

    def finish(self, framework: Framework) -> tuple[dict[str, Item], dict[str, Person]]:
        known: dict[str, Any] = {
            "competency": framework.competencies,
            "person": self.people,
            "item": self.items,
            "track": framework.tracks_by_id,
        }
        by_path = {item.path: item for item in self.items.values()}
        for ref in self.references:
            if ref.id not in known[ref.target] and ref.id not in self.existing.get(ref.target, ()):
                message = unresolved(ref.target, ref.id, known[ref.target], self.prefix)
                self.problems.append(ref.problem(message))
            elif ref.target == "item" and _draft_from_published(ref, self.items, by_path):
                self.problems.append(
                    ref.problem(f"'{ref.id}' is a draft, so it is not on the site")
                )
        self._check_paths(framework)
        return self.items, self.people

    def _check_paths(self, framework: Framework) -> None:
        paths = {i.id: i for i in self.items.values() if i.type == "path"}
        cycles = _cycles(paths)
        for path in paths.values():
            cycle = cycles.get(path.id)
            if cycle:
                self._problem(
                    path.path,
                    self.lines[path.id]["steps"],
                    "steps",
                    "leads back to itself: " + cycle,
                )
            audience = path.audience
            if audience is not None and audience.step is not None:
                track = framework.tracks_by_id.get(audience.track)
                if track is not None and track.step(audience.step) is None:
                    steps = ", ".join(str(s.step) for s in track.steps)
                    self._problem(
                        path.path,
                        self.lines[path.id]["audience"],
                        "audience.step",
                        f"track {track.id} has no step {audience.step} (it has {steps})",
                    )


def needs_sessions(type_name: str, format_: str | None) -> bool:
    """Whether an item must have a session: where the spec says so (talks), and workshops
    unless they are self-paced (the one rule that spans two fields)."""
    sessions = spec_map(Item, type_name).get("sessions")
    if sessions is not None and sessions.required_for(type_name):
        return True
    return type_name == "workshop" and format_ != "self-paced"


def _draft_from_published(ref: Reference, items: dict[str, Item], by_path: dict[str, Item]) -> bool:
    """A published item pointing at a draft: the draft's title would leak onto the site."""
    source, target = by_path.get(ref.path), items.get(ref.id)
    return source is not None and target is not None and source.published and not target.published


def _cycles(paths: dict[str, Item]) -> dict[str, str]:
    """For each path that leads back to itself, how (``a -> b -> a``).

    Linear in paths and steps, without recursion: the strongly connected parts are found
    first (Tarjan's algorithm, iteratively); only a path in one of them can lead back to
    itself. In a small part each path gets its own shortest way round; the paths of a
    large one share one example, so that the search stays linear.
    """
    steps = {p: [s for s in item.steps if s in paths] for p, item in paths.items()}
    cycles: dict[str, str] = {}
    for part in _strongly_connected(steps):
        members = set(part)
        if len(part) == 1 and part[0] not in steps[part[0]]:
            continue  # a path alone, not stepping to itself
        if len(part) <= _OWN_WAY_ROUND:
            for start in part:
                cycles[start] = _way_round(_shortest_way_round(start, steps, members))
            continue
        first = min(part)
        example = _way_round(_shortest_way_round(first, steps, members))
        for start in part:
            cycles[start] = (
                f"it is one of {len(part)} paths that lead to each other, e.g. {example}"
            )
    return cycles


#: Up to how many paths leading to each other each gets its own shortest way round.
_OWN_WAY_ROUND = 50


def _way_round(cycle: list[str]) -> str:
    """``a -> b -> a``; a long way round keeps its ends and says how much is left out."""
    if len(cycle) > 8:
        left_out = len(cycle) - 6
        cycle = [*cycle[:3], f"({left_out} more)", *cycle[-3:]]
    return " -> ".join(cycle)


def _strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    parts: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, next_step = work.pop()
            if next_step == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = graph[node]
            if next_step < len(targets):
                work.append((node, next_step + 1))
                target = targets[next_step]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                part = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    part.append(member)
                    if member == node:
                        break
                parts.append(part)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return parts


def _shortest_way_round(start: str, graph: dict[str, list[str]], members: set[str]) -> list[str]:
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in graph[node]:
            if target not in members:
                continue
            if target == start:
                trail = [node]
                while trail[-1] != start:
                    trail.append(came_from[trail[-1]])
                return [*reversed(trail), start]
            if target not in came_from:
                came_from[target] = node
                queue.append(target)
    return [start, start]  # pragma: no cover - a member of a cycle always gets round


def _times_a_year(
    checker: Checker, key: tuple[Any, ...], rule: str | None, start: datetime
) -> int | None:
    """How often the session happens in its first year; None after reporting why its
    `rule` does not fit."""
    if not rule:
        return 1
    try:
        rrulestr(rule, dtstart=start)
    except (ValueError, TypeError) as exc:
        hint = ""
        if "UNTIL" in str(exc):
            hint = "; write UNTIL in UTC with a Z, e.g. UNTIL=20291231T235959Z"
        checker.report((*key, "repeat"), f"'{rule}' does not fit the session's start ({exc}){hint}")
        return None
    problem, times = check_series(rule, start)
    if problem is not None:
        checker.report((*key, "repeat"), f"'{rule}' is not a usable series: {problem}")
        return None
    return times


def _build(value: Any) -> Any:
    """Turn checked partial objects into their dataclasses, recursively."""
    if isinstance(value, _Partial):
        return value.model(**{k: _build(v) for k, v in value.values.items()})
    if isinstance(value, tuple):
        return tuple(_build(v) for v in value)
    return value


def item_specs(type_name: str) -> list[Any]:
    """The field specs a file of `type_name` may contain, in the contract's order."""
    return list(specs(Person if type_name == "person" else Item, type_name))
