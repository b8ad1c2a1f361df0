"""The competency and career framework: content/framework/*.yml."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from greenhouse.model.fields import specs
from greenhouse.model.problems import Problem
from greenhouse.model.reader import Document, Key, field_name, read_yaml
from greenhouse.model.slug import SLUG_RE
from greenhouse.model.types import (
    FRAMEWORK_FILES,
    LEVELS,
    Area,
    CareerStep,
    Competency,
    Framework,
    Track,
)
from greenhouse.model.values import control_character_problem, suggest

#: The fields each kind of framework entry may have, from their specs (`types`).
FRAMEWORK_KEYS: dict[str, tuple[str, ...]] = {
    what: tuple(s.name for s in specs(model))
    for what, model in (
        ("areas", Area),
        ("competencies", Competency),
        ("tracks", Track),
        ("steps", CareerStep),
    )
}

#: Framework fields that are prose: their line breaks are spaces. The others are names.
_WRAPPING = frozenset({"description", "summary"})

COMPETENCIES_FILE = FRAMEWORK_FILES["competencies"]
CAREERS_FILE = FRAMEWORK_FILES["careers"]


class _FrameworkReader:
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems

    def report(self, doc: Document, key: Key, message: str) -> None:
        self.problems.append(Problem(doc.path, doc.line(key), field_name(key), message))

    def text(
        self, doc: Document, data: dict[str, Any], key: Key, name: str, *, required: bool = True
    ) -> str:
        value = data.get(name)
        if value is None or value == "":
            if required:
                self.report(doc, (*key, name), "is required")
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.report(doc, (*key, name), "must be text")
            return ""
        return self.plain(doc, (*key, name), str(value), one_line=name not in _WRAPPING)

    def plain(self, doc: Document, key: Key, value: str, *, one_line: bool) -> str:
        """`value` as the site shows it: names on one line, descriptions with their line
        breaks as spaces; "" after reporting a control character or a broken name."""
        problem = control_character_problem(value)
        if problem is not None:
            self.report(doc, key, problem)
            return ""
        text = value.strip()
        if not one_line:
            return " ".join(text.split())
        if "\n" in text or "\r" in text or "\u2028" in text or "\u2029" in text:
            self.report(doc, key, "must be a single line (it names a calendar and a page)")
            return ""
        return text

    def id(self, doc: Document, data: dict[str, Any], key: Key, seen: dict[str, int]) -> str:
        ident = self.text(doc, data, key, "id")
        if ident and not SLUG_RE.match(ident):
            self.report(doc, (*key, "id"), f"'{ident}' must be lowercase letters, digits and -")
        elif ident in seen:
            self.report(doc, (*key, "id"), f"'{ident}' is already used on line {seen[ident]}")
        elif ident:
            seen[ident] = doc.line((*key, "id"))
        return ident

    def entries(self, doc: Document, data: Any, key: Key, what: str) -> list[tuple[Key, dict]]:
        """The entries of a list of `what` (areas, competencies, tracks, steps), checked."""
        if not isinstance(data, list) or not data:
            self.report(doc, key, f"must be a list of {what}")
            return []
        allowed = FRAMEWORK_KEYS[what]
        out = []
        for i, entry in enumerate(data):
            if not isinstance(entry, dict):
                self.report(doc, (*key, i), f"must have the fields {', '.join(allowed)}")
                continue
            for name in entry:
                if name not in allowed:
                    self.report(
                        doc,
                        (*key, i, name),
                        f"is not a field here (fields: {', '.join(allowed)})"
                        + suggest(str(name), allowed),
                    )
            out.append(((*key, i), entry))
        return out

    def competencies(self, doc: Document) -> tuple[Area, ...]:
        areas: list[Area] = []
        area_ids: dict[str, int] = {}
        competency_ids: dict[str, int] = {}
        for key, area in self.entries(doc, doc.data.get("areas"), ("areas",), "areas"):
            area_id = self.id(doc, area, key, area_ids)
            members = []
            for ckey, comp in self.entries(
                doc, area.get("competencies"), (*key, "competencies"), "competencies"
            ):
                members.append(
                    Competency(
                        id=self.id(doc, comp, ckey, competency_ids),
                        name=self.text(doc, comp, ckey, "name"),
                        description=self.text(doc, comp, ckey, "description", required=False),
                        area=area_id,
                        levels=self.levels(doc, comp.get("levels"), (*ckey, "levels")),
                        line=doc.line(ckey),
                    )
                )
            areas.append(
                Area(
                    id=area_id,
                    name=self.text(doc, area, key, "name"),
                    description=self.text(doc, area, key, "description", required=False),
                    competencies=tuple(members),
                )
            )
        return tuple(areas)

    def levels(self, doc: Document, data: Any, key: Key) -> MappingProxyType[str, str]:
        if data is None:
            return MappingProxyType({})
        if not isinstance(data, dict):
            self.report(doc, key, "must map levels (intro, intermediate, advanced) to text")
            return MappingProxyType({})
        for level in data:
            if level not in LEVELS:
                self.report(doc, (*key, level), f"'{level}' is not a level{suggest(level, LEVELS)}")
        return MappingProxyType(
            {
                lv: self.plain(doc, (*key, lv), str(data[lv]), one_line=False)
                for lv in LEVELS
                if data.get(lv)
            }
        )

    def tracks(self, doc: Document, competencies: frozenset[str]) -> tuple[Track, ...]:
        tracks: list[Track] = []
        seen: dict[str, int] = {}
        for key, track in self.entries(doc, doc.data.get("tracks"), ("tracks",), "tracks"):
            steps: list[CareerStep] = []
            for skey, step in self.entries(doc, track.get("steps"), (*key, "steps"), "steps"):
                number = step.get("step")
                if not isinstance(number, int) or isinstance(number, bool) or number < 1:
                    self.report(doc, (*skey, "step"), "must be a whole number from 1")
                    continue
                if steps and number <= steps[-1].step:
                    self.report(
                        doc,
                        (*skey, "step"),
                        f"{number} must be greater than the step before it ({steps[-1].step})",
                    )
                steps.append(
                    CareerStep(
                        step=number,
                        title=self.text(doc, step, skey, "title"),
                        summary=self.text(doc, step, skey, "summary", required=False),
                        expects=self.expects(
                            doc, step.get("expects"), (*skey, "expects"), competencies
                        ),
                    )
                )
            tracks.append(
                Track(
                    id=self.id(doc, track, key, seen),
                    name=self.text(doc, track, key, "name"),
                    discipline=self.text(doc, track, key, "discipline", required=False),
                    steps=tuple(steps),
                )
            )
        return tuple(tracks)

    def expects(
        self, doc: Document, data: Any, key: Key, competencies: frozenset[str]
    ) -> MappingProxyType[str, str]:
        if data is None:
            return MappingProxyType({})
        if not isinstance(data, dict):
            self.report(doc, key, "must map competency ids to levels, e.g. {kotlin: intro}")
            return MappingProxyType({})
        valid = {}
        for comp, level in data.items():
            if comp not in competencies:
                self.report(
                    doc,
                    (*key, comp),
                    f"'{comp}' is not in {COMPETENCIES_FILE}{suggest(comp, competencies)}",
                )
            elif level not in LEVELS:
                self.report(
                    doc,
                    (*key, comp),
                    f"'{level}' is not a level (intro, intermediate, advanced)"
                    f"{suggest(str(level), LEVELS)}",
                )
            else:
                valid[comp] = level
        return MappingProxyType(valid)


def load_framework(content_dir: Path, display_prefix: str, problems: list[Problem]) -> Framework:
    """Read both framework files; problems are appended, never raised."""
    reader = _FrameworkReader(problems)
    docs: dict[str, Document | None] = {}
    for name in (COMPETENCIES_FILE, CAREERS_FILE):
        file = content_dir / name
        display = f"{display_prefix}{name}"
        if not file.is_file():
            problems.append(Problem(display, 1, "file", "is missing; the framework needs it"))
            docs[name] = None
            continue
        parsed = read_yaml(file, display, content_dir)
        if isinstance(parsed, list):
            problems.extend(parsed)
            docs[name] = None
        else:
            docs[name] = parsed
    competencies_doc, careers_doc = docs[COMPETENCIES_FILE], docs[CAREERS_FILE]
    areas = _checked(reader.competencies, competencies_doc, problems) or ()
    ids = frozenset(c.id for a in areas for c in a.competencies)
    tracks = _checked(lambda doc: reader.tracks(doc, ids), careers_doc, problems) or ()
    return Framework(areas=areas, tracks=tracks)


def _checked(read: Any, doc: Document | None, problems: list[Problem]) -> Any:
    """`read(doc)`; a defect in it is one located problem, not a traceback hiding the
    other files' problems."""
    if doc is None:
        return None
    try:
        return read(doc)
    except Exception as exc:
        message = f"could not be checked ({type(exc).__name__}: {exc}); please report this"
        problems.append(Problem(doc.path, 1, "file", message))
        return None
