"""``greenhouse validate``: every problem in one run, one line each."""

from __future__ import annotations

from pathlib import Path

import click

from greenhouse.model import Problem, load_content
from greenhouse.model.problems import problems_as_json


def _selected(paths: tuple[str, ...], root: Path) -> list[str]:
    """The given paths as repository-relative prefixes; a missing path is a usage error."""
    selected = []
    for given in paths:
        path = Path(given).resolve()
        if not path.exists():
            raise click.BadParameter(f"{given}: no such file or folder", param_hint="PATH")
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            raise click.BadParameter(f"{given} is outside the project", param_hint="PATH") from None
        selected.append(rel + ("/" if path.is_dir() else ""))
    return selected


def _wanted(problem: Problem, selected: list[str]) -> bool:
    return not selected or any(
        problem.path == s or (s.endswith("/") and problem.path.startswith(s)) or s == "./"
        for s in selected
    )


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text: path:line: field: message; github: workflow annotations; json: a list.",
)
@click.pass_obj
def validate(get_project, paths: tuple[str, ...], output: str) -> None:
    """Check content against the content model.

    Everything is read, so that references between files are checked too; with PATHs,
    only problems in those files or folders are reported. Exits 0 when valid, 1 when
    not, 2 on a usage error.

    \b
    Examples:
      greenhouse validate
      greenhouse validate content/workshops/intro-to-kotlin.md
      greenhouse validate --format json | jq '.[].message'
    """
    project = get_project()
    selected = _selected(paths, project.root)
    result = load_content(
        project.content_dir, project.settings, display_prefix=project.display_prefix
    )
    problems = [p for p in result.problems if _wanted(p, selected)]
    if output == "json":
        click.echo(problems_as_json(problems))
    else:
        for problem in problems:
            click.echo(problem.as_github() if output == "github" else str(problem))
    content = result.content
    if problems:
        files = len({p.path for p in problems})
        click.echo(f"✗ {len(problems)} problem(s) in {files} file(s)", err=True)
        raise SystemExit(1)
    click.echo(
        f"✓ valid: {len(content.items)} items, {len(content.people)} people, "
        f"{len(content.framework.competencies)} competencies, "
        f"{len(content.framework.tracks)} career tracks",
        err=True,
    )
