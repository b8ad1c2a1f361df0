"""``greenhouse insights``: the coverage report of /insights/, as text for a terminal."""

from __future__ import annotations

import click

from greenhouse.directory import Insights, insights
from greenhouse.model import load_content
from greenhouse.model.settings import SettingsError
from greenhouse.model.types import LEVELS


@click.command("insights")
@click.option(
    "--now",
    "now_text",
    metavar="ISO",
    envvar="GREENHOUSE_NOW",
    help="Report as of this date or time (default: now; also GREENHOUSE_NOW).",
)
@click.pass_obj
def insights_command(get_project, now_text: str | None) -> None:
    """Print how well learning covers the competency framework, as on /insights/.

    Competencies with no learning, with nothing newer than 12 months, only in one
    language; learning per area and level; sessions per month; who teaches most.
    Exits 1 when the content has problems (run `greenhouse validate`).

    \b
    Examples:
      greenhouse insights
      greenhouse insights --now 2026-11-22
    """
    project = get_project()
    result = load_content(
        project.content_dir, project.settings, display_prefix=project.display_prefix
    )
    if result.problems:
        click.echo(
            f"✗ {len(result.problems)} problem(s) in content; run 'greenhouse validate'", err=True
        )
        raise SystemExit(1)
    try:
        now = project.settings.resolve_now(now_text)
    except SettingsError as error:
        raise click.BadParameter(str(error), param_hint="--now") from None
    report = insights(result.content, now)
    for line in report_lines(report):
        click.echo(line)


def report_lines(report: Insights) -> list[str]:
    """The report as plain text lines, in the order of the /insights/ page."""
    lines = [
        f"Coverage as of {report.now.date().isoformat()}: {report.learning_items} learning items, "
        f"{report.competency_count} competencies",
        "",
        f"Competencies with no learning ({len(report.no_learning)})",
        *(f"  {c.id:<28} {c.name}" for c in report.no_learning),
        "",
        f"Nothing newer than 12 months ({len(report.stale)})",
        *(
            f"  {s.competency.id:<28} last activity "
            f"{s.last_activity.isoformat() if s.last_activity else 'undated'}"
            for s in report.stale
        ),
        "",
        f"Only in one language ({len(report.one_language)})",
        *(f"  {o.competency.id:<28} {o.language}  {o.items} item(s)" for o in report.one_language),
        "",
        "Learning per area and level: items (competencies of the area reached at that level)",
        f"  {'area':<28} {'intro':>9} {'intermediate':>13} {'advanced':>11} {'total':>6}  covered",
    ]
    for a in report.areas:
        size = len(a.area.competencies)
        cells = [f"{a.by_level[lv]} ({a.covered_by_level[lv]}/{size})" for lv in LEVELS]
        lines.append(
            f"  {a.area.id:<28} {cells[0]:>9} {cells[1]:>13} {cells[2]:>11} {a.total:>6}  "
            f"{a.competencies_covered}/{size}"
        )
    lines.append(
        f"  {'all areas':<28} {report.by_level['intro']:>9} "
        f"{report.by_level['intermediate']:>13} "
        f"{report.by_level['advanced']:>11} {report.learning_items:>6}"
    )
    lines += ["", "Sessions per month (cancelled in brackets)"]
    lines += [
        f"  {m.month:%Y-%m}{' ' if m.past else '*'} {m.sessions:>4}"
        + (f" ({m.cancelled})" if m.cancelled else "")
        for m in report.sessions_per_month
    ]
    lines += ["  * this month and later: scheduled", "", "Who teaches most (play it forward)"]
    lines += [
        f"  {n}. {a.person.name}: {a.sessions_given} given, {a.sessions_ahead} coming up, "
        f"{a.items_taught} item(s) taught"
        for n, a in enumerate(report.top_teachers, 1)
    ]
    return lines
