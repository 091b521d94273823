"""`claimgraph eval NAME`: scores on public benchmark sets (read from ../shared/benchmarks).

Each evaluation is a module ``claimgraph.eval.<name>`` exposing ``command`` (a click
command; ``-`` in NAME is ``_`` in the module name). Missing data is not an error: the
command says so and exits 0.
"""

from __future__ import annotations

import importlib

import click

EVALUATIONS = (
    "polnear",
    "gum",
    "articles",
    "ecbplus",
    "ecbplus-entities",
    "case2021",
    "wikievents",
    "meantime",
    "claims",
    "quantities",
)


class EvalGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [n for n in EVALUATIONS if self.get_command(ctx, n) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in EVALUATIONS:
            return None
        name = f"claimgraph.eval.{cmd_name.replace('-', '_')}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                return None
            raise
        return module.command


@click.group(cls=EvalGroup, name="eval")
def eval_group() -> None:
    """Score claimgraph on public gold data (PolNeAR, GUM, ECB+, CASE 2021, ...)."""


COMMANDS = [eval_group]
