"""``greenhouse insights`` prints the /insights/ report as text."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from greenhouse.cli import main
from greenhouse_testing import NOW


def test_insights_prints_the_coverage_report(mini_site: Path) -> None:
    result = CliRunner().invoke(
        main, ["-f", str(mini_site / "mkdocs.yml"), "insights", "--now", NOW]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Coverage as of 2026-11-22: 6 learning items, 4 competencies"
    section = lines[lines.index("Competencies with no learning (1)") + 1]
    assert section.split() == ["code-review", "Code", "review"]
    assert "Nothing newer than 12 months (0)" in lines
    assert any(line.split() == ["presenting", "sv", "1", "item(s)"] for line in lines)
    assert any(line.split()[:2] == ["2026-11*", "1"] for line in lines)
    assert "  1. Omar Haddad: 11 given, 12 coming up, 1 item(s) taught" in lines


def test_insights_reports_stale_competencies_later(mini_site: Path) -> None:
    result = CliRunner().invoke(
        main, ["-f", str(mini_site / "mkdocs.yml"), "insights", "--now", "2029-01-01"]
    )
    assert result.exit_code == 0, result.output
    assert "Nothing newer than 12 months (2)" in result.output
    assert "kotlin                       last activity 2027-03-04" in result.output


def test_insights_refuses_broken_content(mini_site: Path) -> None:
    (mini_site / "content/courses/broken.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-f", str(mini_site / "mkdocs.yml"), "insights"])
    assert result.exit_code == 1
    assert "greenhouse validate" in result.output
