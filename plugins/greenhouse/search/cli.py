"""The body of `greenhouse index`: sync the built search records to Algolia.

The click command is a thin wrapper around `run_index`, which takes the environment
and the output function as arguments so that it runs the same in CI and in tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from greenhouse.search.algolia import (
    AlgoliaSettings,
    ConfigurationError,
    RetryPolicy,
    SyncError,
    load_records,
    sync,
)

__all__ = ["EXIT_CONFIGURATION", "EXIT_FAILED", "EXIT_OK", "run_index"]

EXIT_OK = 0
EXIT_FAILED = 1
"""The sync was refused or did not finish; a re-run converges."""
EXIT_CONFIGURATION = 2
"""Missing environment variables, a missing records file or rejected credentials."""


def run_index(
    records_path: Path | str,
    *,
    dry_run: bool = False,
    allow_mass_delete: bool = False,
    environ: Mapping[str, str] | None = None,
    echo: Callable[[str], None] = print,
    retry: RetryPolicy | None = None,
) -> int:
    """Sync `records_path` to the index named in the environment; return the exit code.

    Prints the plan (`plan: 3 added, 1 changed, 0 deleted, 120 unchanged -> 4 record
    operations in 1 batch call`) and, on failure, one `error:` line that never
    contains the write key.
    """
    try:
        settings = AlgoliaSettings.from_env(os.environ if environ is None else environ)
        records = load_records(records_path)
        sync(
            records,
            settings,
            dry_run=dry_run,
            allow_mass_delete=allow_mass_delete,
            retry=retry,
            echo=echo,
        )
    except ConfigurationError as error:
        echo(f"error: {error}")
        return EXIT_CONFIGURATION
    except SyncError as error:
        echo(f"error: {error}")
        return EXIT_FAILED
    return EXIT_OK
