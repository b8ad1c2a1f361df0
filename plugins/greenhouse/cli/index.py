"""``greenhouse index``: sync the built search records to Algolia."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option(
    "--records",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Records file (default: search/records.json in the built site).",
)
@click.option("--dry-run", is_flag=True, help="Print the plan and send nothing.")
@click.option(
    "--allow-mass-delete",
    is_flag=True,
    help="Allow deleting more than a fifth of the live index in one run.",
)
@click.pass_obj
def index(get_project, records: Path | None, dry_run: bool, allow_mass_delete: bool) -> None:
    """Sync the built search records to Algolia, sending only what changed.

    Reads ALGOLIA_APP_ID, ALGOLIA_API_KEY (a write key), ALGOLIA_INDEX_NAME and the
    optional ALGOLIA_HOSTS from the environment. Run `mkdocs build` first. Exits 0 when
    synced, 1 when the sync was refused or failed (the live index stays searchable),
    2 when configuration is missing or rejected.

    \b
    Examples (after `mkdocs build`; without the variables it says which are missing):
      ALGOLIA_APP_ID=... ALGOLIA_API_KEY=... ALGOLIA_INDEX_NAME=portal greenhouse index --dry-run
      ALGOLIA_APP_ID=... ALGOLIA_API_KEY=... ALGOLIA_INDEX_NAME=portal greenhouse index
    """
    # Imported here: algoliasearch is only needed by this command.
    from greenhouse.search.cli import run_index

    path = records or get_project().site_dir / "search" / "records.json"
    raise SystemExit(
        run_index(path, dry_run=dry_run, allow_mass_delete=allow_mass_delete, echo=click.echo)
    )
