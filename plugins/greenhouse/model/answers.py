"""One value at a time, by validation's rules: for ``greenhouse new``, which checks each
answer when it is given instead of a whole file at the end."""

from __future__ import annotations

from typing import Any

from greenhouse.model.problems import Problem
from greenhouse.model.reader import Document, Key, field_name
from greenhouse.model.types import Content
from greenhouse.model.values import INVALID, Checker, unresolved


def answer_value(field_spec: Any, answer: str | tuple[str, ...]) -> Any:
    """What an answer typed at a prompt (or given by options) means as a front-matter value:
    a list for list fields (commas separate entries), a number for number fields, else text."""
    parts = [answer] if isinstance(answer, str) else list(answer)
    if field_spec.kind == "list":
        return [entry.strip() for part in parts for entry in part.split(",") if entry.strip()]
    text = ", ".join(parts).strip()
    if field_spec.kind == "number":
        for number in (int, float):
            try:
                return number(text)
            except ValueError:
                pass
    return text


def check_answer(
    field_spec: Any,
    raw: Any,
    key: Key,
    *,
    content: Content,
    prefix: str,
    required: bool,
    draft: bool = False,
) -> tuple[Any, list[str]]:
    """The typed value of `raw` for the field at `key`, and why it is wrong (``field:
    message``, as ``greenhouse validate`` says it); INVALID when it is wrong, None when
    it is empty and may be (`required` says whether it may). References must resolve in
    `content`; with `draft` false, they may not point at a draft."""
    if raw is None or raw == "" or raw == []:
        if required:
            return INVALID, [f"{field_name(key)}: is required: {field_spec.help}"]
        return None, []
    problems: list[Problem] = []
    checker = Checker(Document(path="", data={}), content.settings, problems)
    value = checker.value(field_spec, raw, key)
    messages = [f"{p.field}: {p.message}" for p in problems]
    known: dict[str, Any] = {
        "competency": content.framework.competencies,
        "person": content.people,
        "item": content.items,
        "track": content.framework.tracks_by_id,
    }
    for ref in checker.references:
        if ref.id not in known[ref.target]:
            messages.append(
                f"{ref.field}: {unresolved(ref.target, ref.id, known[ref.target], prefix)}"
            )
        elif ref.target == "item" and not draft and not content.items[ref.id].published:
            messages.append(f"{ref.field}: '{ref.id}' is a draft, so it is not on the site")
    return (INVALID if messages else value), messages
