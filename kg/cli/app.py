"""The ``kg`` group and its one error boundary.

Library errors (:class:`~kg.errors.KGError`) raised anywhere under a command become exit status 1
with the message on stderr; usage errors are click's, exit status 2.
"""

from __future__ import annotations

from typing import Any

import click

from kg.cli.options import EPILOG_DOCS
from kg.errors import KGError

__all__ = ["KGGroup", "main"]


class KGGroup(click.Group):
    """A click group whose commands' library errors become ``Error: message`` and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a KGError becomes a click error with the same message."""
        try:
            return super().invoke(ctx)
        except KGError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG_DOCS)
@click.version_option(package_name="mechkg")
def main() -> None:
    """mechkg: biomedical mechanism claims, graded by the evidence they cite.

    \b
    Typical session:
      kg validate                      check seeds/ and ontology/
      kg build                         write exports/ and list weak-support claims
      kg query weak --format json      claims with no clinical support
      kg paths Cerebrolysin SMO        chains of claims, with their weakest link
      kg sparql weak-support           run a shipped SPARQL query
    """
