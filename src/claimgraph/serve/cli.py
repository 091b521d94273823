"""The `claimgraph` command. Commands live in serve/commands/, one module per area:

extract.py (extract), eval.py (eval ...), corpus.py (ingest, stories, claims, ...),
statements.py (statements), web.py (serve), spark.py (spark extract, spark analyse, load).
Each module exposes ``COMMANDS``, a list of click commands.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from claimgraph.version import __version__

COMMAND_MODULES = ("extract", "eval", "corpus", "statements", "events", "web", "spark")


class ClaimgraphGroup(click.Group):
    """Loads command modules lazily, so `claimgraph --help` stays fast."""

    def _load(self) -> None:
        if getattr(self, "_loaded", False):
            return
        self._loaded = True
        for name in COMMAND_MODULES:
            try:
                module = importlib.import_module(f"claimgraph.serve.commands.{name}")
            except ModuleNotFoundError as exc:
                if exc.name == f"claimgraph.serve.commands.{name}":
                    continue
                raise
            for command in module.COMMANDS:
                self.add_command(command)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load()
        return super().get_command(ctx, cmd_name)


@click.group(cls=ClaimgraphGroup)
@click.version_option(__version__, prog_name="claimgraph")
@click.option("-v", "--verbose", is_flag=True, help="Log progress and details to stderr.")
def cli(verbose: bool) -> None:
    """claimgraph: who said what, with which numbers, across news articles."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def main() -> None:
    cli(prog_name="claimgraph")
