"""Boards built in both editions, and a built document's text as python-docx reads it back."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from lscb_core._build.build import BuildResult, build_report
from lscb_core._model.editions import Edition


def build_editions(board: Path, out: Path) -> dict[Edition, BuildResult]:
    """``board`` built once in each edition into ``out``; each build must succeed."""
    results = {}
    for edition in Edition:
        result = build_report(board, output=out / f"{board.name}-{edition.value}.docx", edition=edition)
        assert result.ok, [str(f) for f in result.errors]
        results[edition] = result
    return results


def document_text(path: Path | None, *, footers: bool = False) -> str:
    """The document's paragraphs, then its table cells (then its footers), one per line, opened again in python-docx."""
    assert path is not None
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    if footers:
        parts += [p.text for s in document.sections for p in s.footer.paragraphs]
    return "\n".join(parts)
