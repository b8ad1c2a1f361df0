"""scripts/publish-index: the search index step of the publish workflow."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import SCRIPTS, clean_env

SYNC_FAILED = 3
CONFIGURED = {
    "ALGOLIA_APP_ID": "APP123",
    "ALGOLIA_API_KEY": "not-a-real-admin-key",
    "ALGOLIA_INDEX_NAME": "greenhouse",
}


@dataclass
class GreenhouseStub:
    """A `greenhouse` first on PATH that records its arguments and exits as told."""

    bin_dir: Path
    calls: Path

    def install(self, exit_status: int) -> None:
        stub = self.bin_dir / "greenhouse"
        stub.write_text(
            f'#!/bin/sh\necho "$@" >> "{self.calls}"\necho "stub greenhouse: $*"\n'
            f"exit {exit_status}\n"
        )
        stub.chmod(0o755)


@pytest.fixture
def greenhouse(tmp_path: Path) -> GreenhouseStub:
    (tmp_path / "bin").mkdir()
    return GreenhouseStub(tmp_path / "bin", tmp_path / "calls")


def run_publish_index(
    greenhouse: GreenhouseStub, *args: str, **variables: str
) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run the script as the workflow does; return the result and the job summary written."""
    summary = greenhouse.bin_dir.parent / "summary.md"
    env = clean_env(**variables, GITHUB_STEP_SUMMARY=str(summary))
    env["PATH"] = f"{greenhouse.bin_dir}:{env['PATH']}"
    result = subprocess.run(
        ["bash", str(SCRIPTS / "publish-index"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    return result, summary.read_text() if summary.exists() else ""


def test_without_algolia_settings_the_sync_is_skipped_with_a_notice(greenhouse) -> None:
    greenhouse.install(exit_status=99)

    result, summary = run_publish_index(greenhouse)

    assert result.returncode == 0, result.stdout + result.stderr
    notices = [line for line in result.stdout.splitlines() if line.startswith("::notice")]
    assert len(notices) == 1
    assert "skipped" in notices[0]
    assert "ALGOLIA_APP_ID ALGOLIA_API_KEY ALGOLIA_INDEX_NAME not set" in notices[0]
    assert "Skipped" in summary
    assert not greenhouse.calls.exists(), "greenhouse index must not run without configuration"


@pytest.mark.parametrize("blank", sorted(CONFIGURED))
def test_one_empty_setting_is_enough_to_skip(greenhouse, blank: str) -> None:
    # An unset repository secret reaches the job as an empty string, not as no variable.
    greenhouse.install(exit_status=99)

    result, _ = run_publish_index(greenhouse, **{**CONFIGURED, blank: ""})

    assert result.returncode == 0
    assert f"::notice title=Search index sync skipped::{blank} not set" in result.stdout
    assert not greenhouse.calls.exists()


def test_a_failed_sync_warns_and_exits_with_its_own_status(greenhouse) -> None:
    greenhouse.install(exit_status=1)

    result, summary = run_publish_index(greenhouse, **CONFIGURED)

    assert result.returncode == SYNC_FAILED
    assert greenhouse.calls.read_text() == "index\n"
    warnings = [line for line in result.stdout.splitlines() if line.startswith("::warning")]
    assert len(warnings) == 1
    assert "greenhouse index exited with status 1" in warnings[0]
    assert "Not synced" in summary
    assert "site itself was published" in summary
    assert CONFIGURED["ALGOLIA_API_KEY"] not in result.stdout + result.stderr + summary


def test_a_configuration_error_from_greenhouse_is_a_failed_sync_too(greenhouse) -> None:
    greenhouse.install(exit_status=2)

    result, _ = run_publish_index(greenhouse, **CONFIGURED)

    assert result.returncode == SYNC_FAILED
    assert "exited with status 2" in result.stdout


def test_a_successful_sync_passes_arguments_through(greenhouse) -> None:
    greenhouse.install(exit_status=0)

    result, summary = run_publish_index(greenhouse, "--dry-run", **CONFIGURED)

    assert result.returncode == 0, result.stdout + result.stderr
    assert greenhouse.calls.read_text() == "index --dry-run\n"
    assert "::warning" not in result.stdout
    assert "Synced to Algolia index `greenhouse`" in summary


def test_a_missing_greenhouse_command_is_a_failed_sync(tmp_path: Path) -> None:
    # A copy outside the checkout, so the checkout's own .venv is not the fallback.
    script = tmp_path / "scripts" / "publish-index"
    script.parent.mkdir()
    script.write_text((SCRIPTS / "publish-index").read_text())
    env = clean_env(**CONFIGURED, PATH="/usr/bin:/bin")

    result = subprocess.run(
        ["bash", str(script)], capture_output=True, text=True, env=env, timeout=60, check=False
    )

    assert result.returncode == SYNC_FAILED
    assert "::warning title=Search index not synced::the greenhouse command was not found" in (
        result.stdout
    )
