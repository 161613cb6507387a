"""``python -m lscb_core``: the same as the ``lscb`` command."""

from lscb_core._cli.entry import run

run()
