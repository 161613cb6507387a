"""The baseline for ``bench_build.py``: the report's content rendered with docxtpl alone.

Reads plain values (headings, paragraphs, lists and tables as strings) from a
JSON file and renders them into the same master template with docxtpl and
python-docx, with no loading, checks, plugins or post-processing. Usage:
``python bare_docxtpl.py CONTENT.json TEMPLATE.docx OUTPUT.docx``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate


def main() -> None:
    render(*sys.argv[1:4])


def render(content_path: str, template_path: str, output_path: str) -> None:
    """Render the plain content into the template and save it."""
    content: dict[str, Any] = json.loads(Path(content_path).read_text(encoding="utf-8"))
    tpl = DocxTemplate(template_path)
    body = tpl.new_subdoc()
    for block in content["blocks"]:
        kind = block["type"]
        if kind == "heading":
            body.add_paragraph(block["text"], style=f"Heading {min(block['level'], 6)}")
        elif kind == "paragraph":
            body.add_paragraph(block["text"], style=block.get("style") or None)
        elif kind == "list":
            for item in block["items"]:
                body.add_paragraph(item, style="List Number" if block["numbered"] else "List Bullet")
        elif kind == "table":
            table = body.add_table(rows=1, cols=len(block["columns"]))
            table.style = "lscb Table"
            for cell, heading in zip(table.rows[0].cells, block["columns"], strict=True):
                cell.text = heading
            for row in block["rows"]:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = value
    context = dict(content["values"])
    context["body"] = body
    context["contents"] = ""
    tpl.render(context, autoescape=True)
    tpl.save(output_path)


if __name__ == "__main__":
    main()
