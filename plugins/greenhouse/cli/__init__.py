"""The ``greenhouse`` command line: a thin layer over the content model."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from greenhouse import __version__
from greenhouse.model import Settings
from greenhouse.model.settings import PLUGIN_NAME, SettingsError


@dataclass(frozen=True)
class Project:
    """Where the checkout is, as read from its mkdocs.yml."""

    config_file: Path
    root: Path
    content_dir: Path
    site_dir: Path
    settings: Settings

    @property
    def display_prefix(self) -> str:
        return self.content_dir.relative_to(self.root).as_posix() + "/"


def find_project(config_file: str | None) -> Project:
    """The project around `config_file`, or around the current folder's mkdocs.yml."""
    if config_file:
        candidate = Path(config_file).resolve()
        if not candidate.is_file():
            raise click.UsageError(f"{config_file}: no such file")
    else:
        here = Path.cwd().resolve()
        found = next(
            (d / "mkdocs.yml" for d in (here, *here.parents) if (d / "mkdocs.yml").is_file()), None
        )
        if found is None:
            raise click.UsageError(
                "no mkdocs.yml here or above; run this inside a Greenhouse checkout "
                "or pass --config-file"
            )
        candidate = found
    try:
        settings, content_dir, site_dir = read_config(candidate)
    except SettingsError as error:
        raise click.UsageError(f"{candidate.name}: {error}") from None
    return Project(candidate, candidate.parent, content_dir.resolve(), site_dir.resolve(), settings)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.messages.append(record.getMessage())


def read_config(path: Path) -> tuple[Settings, Path, Path]:
    """Settings, the content folder and the site folder, as the build sees them: the file
    is loaded by MkDocs itself (``INHERIT``, ``!ENV``, the plugin's option types), and the
    settings are made from the plugin's options as the plugin makes them."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    # MkDocs logs why a configuration is refused; those lines become the message.
    collect, logger = _Collect(), logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(str(path))
    except MkDocsException as error:
        raise SettingsError("; ".join(collect.messages) or str(error)) from None
    finally:
        logger.removeHandler(collect)
    plugin = config.plugins.get(PLUGIN_NAME)
    options = dict(plugin.config) if plugin is not None else {}
    settings = Settings.from_options(options)
    return settings, Path(config.docs_dir), Path(config.site_dir)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="greenhouse")
@click.option(
    "-f",
    "--config-file",
    metavar="FILE",
    envvar="GREENHOUSE_CONFIG",
    help="The portal's mkdocs.yml (default: found from the current folder upwards).",
)
@click.pass_context
def main(ctx: click.Context, config_file: str | None) -> None:
    """Greenhouse: add, check and publish learning content.

    \b
    Examples:
      greenhouse validate                      check everything in content/
      greenhouse validate content/workshops/   check one folder
      greenhouse new workshop                  create a workshop, asking for each field
      greenhouse new talk --title "Kotlin flows" --summary "Flows without tears." \\
          --competency kotlin --level intermediate --format online \\
          --person astrid-lindqvist --date 2027-05-04T15:00
    """
    ctx.obj = lambda: find_project(config_file)


def _add_commands() -> None:
    from greenhouse.cli import cms, index, new, schema, validate
    from greenhouse.cli.insights import insights_command

    main.add_command(validate.validate)
    main.add_command(new.new)
    main.add_command(schema.schema)
    main.add_command(index.index)
    main.add_command(cms.cms)
    main.add_command(insights_command)


_add_commands()


def run() -> None:  # pragma: no cover - console entry point
    sys.exit(main())
