"""How long ``lscb build`` takes on Hertfordshire, against docxtpl alone rendering the same content.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_build.py``).
Both are timed as whole processes in the same run, so the ratio says what
lscb adds (loading with locations, checks, plugins, Markdown, the structure
chart, validation and a deterministic package) on top of a bare render.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _content import plain_content
from _timing import ROOT, python, table, time_call, time_process

BOARD = ROOT / "examples" / "hertfordshire"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs of each measurement (default 9)")
    args = parser.parse_args()

    from lscb_core._render.document import default_template

    lscb = str(Path(python()).with_name("lscb"))
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        content = folder / "content.json"
        content.write_text(json.dumps(plain_content(BOARD)), encoding="utf-8")
        bare = [
            python(),
            str(Path(__file__).with_name("bare_docxtpl.py")),
            str(content),
            str(default_template()),
            str(folder / "bare.docx"),
        ]
        rows = [
            ("bare docxtpl render of the same content (process)", time_process(bare, args.repeat)),
            (
                "lscb build examples/hertfordshire (process)",
                time_process([lscb, "build", str(BOARD), "-q", "-o", str(folder / "lscb.docx")], args.repeat),
            ),
        ]
        print(table(rows, baseline="bare docxtpl render of the same content (process)"))
        print()
        # The same comparison inside one process, imports done: what lscb costs as a library.
        import importlib.util

        from lscb_core._build.build import build_report
        from lscb_core._hooks.manager import make_plugin_manager

        spec = importlib.util.spec_from_file_location(
            "bare_docxtpl", Path(__file__).with_name("bare_docxtpl.py")
        )
        assert spec is not None
        assert spec.loader is not None
        bare_module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bare_module)
        argv = [str(content), str(default_template()), str(folder / "bare.docx")]
        pm = make_plugin_manager()
        build_report(BOARD, output=folder / "warm.docx", pm=pm)
        warm = [
            (
                "bare docxtpl render (in process, warm)",
                time_call(lambda: bare_module.render(*argv), args.repeat),
            ),
            (
                "build_report (in process, warm)",
                time_call(lambda: build_report(BOARD, output=folder / "warm.docx", pm=pm), args.repeat),
            ),
        ]
        print(table(warm, baseline="bare docxtpl render (in process, warm)"))


if __name__ == "__main__":
    main()
