"""The GitHub workflows: linted by actionlint and zizmor, and held to the project's rules.

actionlint and zizmor come with the test extras (`scripts/setup` installs them); both
run offline. actionlint also checks the shell of `run:` steps when shellcheck is on PATH.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .helpers import REPO, WORKFLOWS

WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
PINNED_USES = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
SEVERITIES_ALLOWED = {"Unknown", "Informational"}
# The one job that may write, and what it may write.
DEPLOY_PERMISSIONS = {"pages": "write", "id-token": "write"}

requires_portal = pytest.mark.skipif(
    not (REPO / "mkdocs.yml").exists(),
    reason="the portal (mkdocs.yml, scripts/setup, scripts/test) is not in this checkout yet",
)


def load(path: Path) -> dict[str, Any]:
    workflow = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the key `on` as the boolean true.
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


@pytest.fixture(scope="module")
def workflows() -> dict[str, dict[str, Any]]:
    return {path.name: load(path) for path in WORKFLOW_FILES}


def steps(workflow: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def run_lines(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for _, step in steps(workflow) if "run" in step]


def linter(name: str) -> str:
    """The linter installed beside this Python (the venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run scripts/setup (it comes with the test extras)")
    return found


def run_actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [linter("actionlint"), "-color=false", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def zizmor_findings(directory: Path) -> list[dict[str, Any]]:
    result = subprocess.run(
        [linter("zizmor"), "--offline", "--format", "json", str(directory)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"zizmor did not report JSON (exit {result.returncode}):\n{result.stderr}")


def above_informational(findings: list[dict[str, Any]]) -> list[str]:
    return [
        f"{finding['ident']} ({finding['determinations']['severity']}): {finding['desc']} at "
        + ", ".join(
            f"{location['symbolic']['key']['Local']['verbatim_path']}:"
            f"{location['concrete']['location']['start_point']['row'] + 1}"
            for location in finding["locations"]
        )
        for finding in findings
        if finding["determinations"]["severity"] not in SEVERITIES_ALLOWED
    ]


UNSAFE_WORKFLOW = """\
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def test_both_workflows_exist() -> None:
    assert [path.name for path in WORKFLOW_FILES] == ["publish.yml", "pull-request.yml"]


def test_actionlint_finds_nothing() -> None:
    result = run_actionlint(*WORKFLOW_FILES)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_zizmor_finds_nothing_above_informational() -> None:
    assert above_informational(zizmor_findings(WORKFLOWS)) == []


def test_the_linters_do_catch_an_unsafe_workflow(tmp_path: Path) -> None:
    # Guards the two tests above: a linter that cannot see a problem passes anything.
    bad = tmp_path / ".github" / "workflows" / "unsafe.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(UNSAFE_WORKFLOW)

    assert "potentially untrusted" in run_actionlint(bad).stdout
    found = " ".join(above_informational(zizmor_findings(bad.parent)))
    for audit in ("template-injection", "dangerous-triggers", "unpinned-uses", "artipacked"):
        assert audit in found


def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it() -> None:
    for path in WORKFLOW_FILES:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            _, uses, reference = line.partition("uses:")
            if uses and not reference.strip().startswith("./"):
                assert PINNED_USES.match(reference.strip()), f"{path.name}:{number}: {line.strip()}"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_no_run_step_expands_an_expression(path: Path) -> None:
    # `${{ }}` in a shell line is pasted into the script before it runs: text from a pull
    # request (a title, a branch name) could run as code. Values go through `env:`.
    for script in run_lines(load(path)):
        assert "${{" not in script, script


def test_pull_requests_run_without_secrets_or_write_access(workflows) -> None:
    pull_request = workflows["pull-request.yml"]

    assert set(pull_request["on"]) == {"pull_request"}
    assert not re.search(r"\bsecrets\.\w", (WORKFLOWS / "pull-request.yml").read_text())
    for workflow in workflows.values():
        assert "pull_request_target" not in workflow["on"]


def test_permissions_are_the_least_each_job_needs(workflows) -> None:
    writers = {}
    for name, workflow in workflows.items():
        assert workflow["permissions"] == {}, f"{name}: the default must be no permissions"
        for job_id, job in workflow["jobs"].items():
            assert "permissions" in job, f"{name}: job {job_id} must say what it needs"
            granted = job["permissions"]
            assert granted.get("contents", "read") == "read"
            if "write" in granted.values():
                writers[f"{name}:{job_id}"] = granted
    assert writers == {"publish.yml:deploy": DEPLOY_PERMISSIONS}


def test_checkouts_do_not_keep_the_token(workflows) -> None:
    checkouts = [
        step
        for workflow in workflows.values()
        for _, step in steps(workflow)
        if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False


def test_one_publish_at_a_time_and_one_run_per_pull_request(workflows) -> None:
    publish = workflows["publish.yml"]
    pull_request = workflows["pull-request.yml"]

    assert publish["on"]["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in publish["on"]
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert "github.event.pull_request.number" in pull_request["concurrency"]["group"]
    assert pull_request["concurrency"]["cancel-in-progress"] is True


def test_workflows_run_the_projects_own_commands(workflows) -> None:
    pull_request = " ; ".join(run_lines(workflows["pull-request.yml"]))
    publish = " ; ".join(run_lines(workflows["publish.yml"]))

    for command in (
        "scripts/setup",
        ".venv/bin/greenhouse validate --format github",
        ".venv/bin/mkdocs build --strict",
        "scripts/check-links site",
        "scripts/test",
    ):
        assert command in pull_request
    for command in ("scripts/setup", ".venv/bin/mkdocs build --strict", "scripts/publish-index"):
        assert command in publish


@requires_portal
def test_every_script_the_workflows_run_exists_and_is_executable(workflows) -> None:
    scripts = {
        match
        for workflow in workflows.values()
        for script in run_lines(workflow)
        for match in re.findall(r"scripts/[\w.-]+", script)
    }
    assert scripts
    for script in sorted(scripts):
        assert os.access(REPO / script, os.X_OK), f"{script} is missing or not executable"


def test_the_deployment_does_not_depend_on_the_index_sync(workflows) -> None:
    jobs = workflows["publish.yml"]["jobs"]
    deploy_job = next(
        job_id
        for job_id, step in steps(workflows["publish.yml"])
        if step.get("uses", "").startswith("actions/deploy-pages@")
    )
    index_job, index_step = next(
        (job_id, step)
        for job_id, step in steps(workflows["publish.yml"])
        if "scripts/publish-index" in step.get("run", "")
    )

    def needs(job_id: str) -> set[str]:
        direct = jobs[job_id].get("needs", [])
        direct = [direct] if isinstance(direct, str) else direct
        return set(direct).union(*(needs(other) for other in direct))

    deploy_waits_for = needs(deploy_job) | {deploy_job}
    if index_job in deploy_waits_for:
        # The same job, or one the deployment waits for: the step must not fail it.
        assert index_step.get("continue-on-error") is True
    assert index_job not in str(jobs[deploy_job].get("if", ""))
    # And the sync gets the records of the very build that is deployed, where
    # `greenhouse index` reads them.
    assert "build" in needs(index_job)
    uploaded = next(
        step["with"]["path"]
        for _, step in steps(workflows["publish.yml"])
        if step.get("with", {}).get("name") == "search-records"
        and step["uses"].startswith("actions/upload-artifact@")
    )
    downloaded = next(
        step["with"]["path"]
        for step in jobs[index_job]["steps"]
        if step.get("uses", "").startswith("actions/download-artifact@")
    )
    assert uploaded == "site/search/records.json"
    assert downloaded == "site/search/"
    assert "secrets." in str(index_step.get("env", {}))
