"""The ``lscb`` program: the command line, then straight out.

Importing lscb is done with the cyclic garbage collector paused, and what
the imports made is then frozen (:func:`gc.freeze`), so that no collection
looks at it again. A build leaves a large heap behind; tearing it down object by object at exit
costs a noticeable share of a single build's time and changes nothing. So the
program runs the exit handlers (temporary folders, worker processes), flushes
its output and leaves with ``os._exit``. Tests and library users call
:func:`lscb_core._cli.main.main` (the click group) and keep normal exits.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

__all__ = ["run"]


def run() -> None:
    """Run ``lscb`` with the arguments of this process, then exit at once with its exit status."""
    # Importing makes next to no garbage, but the collector would look at every new object again and
    # again; what the imports made is then set aside for good (a build's worker is forked from it).
    gc.disable()
    try:
        from lscb_core._cli.main import main
    finally:
        gc.freeze()
        gc.enable()

    code = 0
    try:
        main.main()  # click ends with SystemExit
    except SystemExit as exc:
        code = _status(exc.code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 120  # as Python does when it cannot flush standard output at exit
    os._exit(code)


def _status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
