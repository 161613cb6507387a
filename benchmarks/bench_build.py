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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, python, table, time_process

BOARD = ROOT / "examples" / "hertfordshire"


def plain_content() -> dict[str, Any]:
    """The Hertfordshire report's content as plain strings, from the same sections lscb builds."""
    from lscb_core.build import template_values
    from lscb_core.editions import Edition
    from lscb_core.loading.folder import load_report
    from lscb_core.plugins import make_plugin_manager
    from lscb_core.render import blocks as b
    from lscb_core.render.narrative import NarrativeRenderer
    from lscb_core.sections import SectionContext, compose

    pm = make_plugin_manager()
    loaded = load_report(BOARD, pm=pm)
    values = template_values(loaded, Edition.PUBLIC, pm)
    context = SectionContext(loaded=loaded, edition=Edition.PUBLIC, pm=pm, renderer=NarrativeRenderer(values))

    def text(inlines: Any) -> str:
        return "".join(i.text for i in inlines)

    out: list[dict[str, Any]] = []

    def add(block: Any) -> None:
        if isinstance(block, b.Heading):
            out.append({"type": "heading", "text": block.text, "level": block.level})
        elif isinstance(block, b.Paragraph):
            out.append({"type": "paragraph", "text": text(block.inlines), "style": block.style})
        elif isinstance(block, b.BulletList | b.NumberedList):
            items = [text(p.inlines) for item in block.items for p in item if isinstance(p, b.Paragraph)]
            out.append({"type": "list", "numbered": isinstance(block, b.NumberedList), "items": items})
        elif isinstance(block, b.Quote):
            for inner in block.blocks:
                add(inner)
        elif isinstance(block, b.Table):
            out.append(
                {
                    "type": "table",
                    "columns": [c.heading for c in block.columns],
                    "rows": [[text(c.inlines) for c in r.cells] for r in block.rows],
                }
            )
        elif isinstance(block, b.KeyFigures):
            for figure in block.figures:
                out.append({"type": "paragraph", "text": f"{figure.value} {figure.label}", "style": None})
        elif isinstance(block, b.Signature):
            out.append({"type": "paragraph", "text": block.name, "style": None})

    for section in compose(context):
        for block in section.blocks:
            add(block)
    plain = {k: v for k, v in values.items() if isinstance(v, str)}
    return {"values": plain, "blocks": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs of each measurement (default 9)")
    args = parser.parse_args()

    from lscb_core.render.document import default_template

    lscb = str(Path(python()).with_name("lscb"))
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        content = folder / "content.json"
        content.write_text(json.dumps(plain_content()), encoding="utf-8")
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


if __name__ == "__main__":
    main()
