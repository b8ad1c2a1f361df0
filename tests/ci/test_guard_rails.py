"""What a contributor meets before CI: the pre-commit hook, code owners, templates."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .helpers import REPO, clean_env

GITHUB = REPO / ".github"
# The folders of the content model, each of which has its owners.
CONTENT_FOLDERS = ["courses", "academy", "hack-week", "workshops", "paths", "people", "framework"]
LD_TEAM = "@greenhouse/learning-and-development"
FORM_FIELD_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def pre_commit() -> str:
    beside = Path(sys.executable).parent / "pre-commit"
    found = str(beside) if beside.exists() else shutil.which("pre-commit")
    if found is None:
        pytest.fail(
            "pre-commit is not installed: run scripts/setup (it comes with the test extras)"
        )
    return found


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A repository with the hook configuration and a `greenhouse` that records its calls."""
    repo = tmp_path / "repo"
    for relative in (
        "content/workshops/intro-to-kotlin.md",
        "content/framework/competencies.yml",
        "plugins/greenhouse/cli.py",
    ):
        (repo / relative).parent.mkdir(parents=True, exist_ok=True)
        (repo / relative).write_text("x\n")
    shutil.copy(REPO / ".pre-commit-config.yaml", repo)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    return repo


def install_greenhouse(repo: Path, exit_status: int) -> Path:
    calls = repo.parent / "calls"
    stub = repo / ".venv" / "bin" / "greenhouse"
    stub.parent.mkdir(parents=True, exist_ok=True)
    stub.write_text(f'#!/bin/sh\necho "$*" >> "{calls}"\nexit {exit_status}\n')
    stub.chmod(0o755)
    return calls


def run_hooks(repo: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [pre_commit(), "run", "--files", *files],
        cwd=repo,
        env=clean_env(PRE_COMMIT_HOME=str(repo.parent / "pre-commit-home"), NO_COLOR="1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_hook_validates_only_the_changed_content_files(checkout: Path) -> None:
    calls = install_greenhouse(checkout, exit_status=0)

    result = run_hooks(
        checkout, "content/workshops/intro-to-kotlin.md", "plugins/greenhouse/cli.py"
    )

    assert result.returncode == 0, result.stdout
    assert calls.read_text().splitlines() == ["validate content/workshops/intro-to-kotlin.md"]


def test_a_framework_change_validates_all_content(checkout: Path) -> None:
    calls = install_greenhouse(checkout, exit_status=0)

    result = run_hooks(checkout, "content/framework/competencies.yml")

    assert result.returncode == 0, result.stdout
    assert sorted(calls.read_text().splitlines()) == [
        "validate",
        "validate content/framework/competencies.yml",
    ]


def test_invalid_content_stops_the_commit(checkout: Path) -> None:
    install_greenhouse(checkout, exit_status=1)

    result = run_hooks(checkout, "content/workshops/intro-to-kotlin.md")

    assert result.returncode == 1
    assert "greenhouse validate (changed content)" in result.stdout
    assert "Failed" in result.stdout


def test_a_change_outside_content_runs_no_validation(checkout: Path) -> None:
    calls = install_greenhouse(checkout, exit_status=1)

    result = run_hooks(checkout, "plugins/greenhouse/cli.py")

    assert result.returncode == 0, result.stdout
    assert not calls.exists()


def code_owners() -> dict[str, list[str]]:
    rules = {}
    for line in (GITHUB / "CODEOWNERS").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            rules[pattern] = owners
    return rules


def test_every_content_folder_has_its_owners() -> None:
    rules = code_owners()

    for folder in CONTENT_FOLDERS:
        assert rules.get(f"/content/{folder}/"), f"content/{folder}/ has no owners"
    assert rules["/content/framework/"] == [LD_TEAM]
    for pattern, owners in rules.items():
        assert owners and all(re.fullmatch(r"@[\w-]+(/[\w-]+)?", owner) for owner in owners)
        if pattern.startswith("/content/"):
            # A misspelt folder would silently route its files to the default owners.
            assert pattern in {"/content/"} | {f"/content/{f}/" for f in CONTENT_FOLDERS}


def issue_form(name: str) -> dict[str, Any]:
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / name).read_text())
    assert form["name"] and form["description"]
    fields = [field for field in form["body"] if field["type"] != "markdown"]
    assert {field["type"] for field in form["body"]} <= FORM_FIELD_TYPES
    ids = [field["id"] for field in fields]
    assert len(ids) == len(set(ids)), "issue form ids must be unique"
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", field_id) for field_id in ids)
    return {field["id"]: field for field in fields}


def test_the_session_proposal_asks_for_what_a_session_page_needs() -> None:
    fields = issue_form("propose-a-session.yml")

    assert {"session-title", "type", "competencies", "when", "who", "format", "language"} <= set(
        fields
    )
    assert fields["type"]["attributes"]["options"] == ["talk", "workshop", "course"]
    # The same words as the content model's `format`, so the answer can be copied over.
    assert fields["format"]["attributes"]["options"] == [
        "in-person",
        "online",
        "hybrid",
        "self-paced",
    ]
    assert all(fields[name]["validations"]["required"] for name in ("session-title", "type"))


def test_a_problem_report_says_where_and_what() -> None:
    fields = issue_form("report-a-problem.yml")

    assert {"where", "what-happened", "expected"} <= set(fields)


def test_issues_start_from_a_form() -> None:
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text())

    assert config["blank_issues_enabled"] is False


def test_the_pull_request_template_asks_what_when_who_and_has_a_checklist() -> None:
    template = (GITHUB / "pull_request_template.md").read_text()

    for heading in ("## What", "## When", "## Who", "## Checklist"):
        assert heading in template
    assert template.count("- [ ] ") >= 3
