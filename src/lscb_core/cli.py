"""The ``lscb`` command line."""

import click

from lscb_core import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lscb")
def main() -> None:
    """Turn a safeguarding board's year into its statutory annual report."""
