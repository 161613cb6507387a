"""Contents page numbers and PDF checks that need no LibreOffice (those that do are in test_libreoffice)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfWriter

from lscb_core._accessibility.pdf import audit_pdf
from lscb_core._build.build import build_report
from lscb_core._cli.main import main
from lscb_core._render.contents import UPDATE_HINT, fill_contents_pages
from lscb_core._render.office import normalise_pdf

from .boardfactory import make_board


def _contents(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.style is not None and p.style.name == "toc 1"]


def test_without_page_numbers_the_contents_says_how_to_update_it_in_word(tmp_path: Path) -> None:
    result = build_report(make_board(tmp_path / "b"), output=tmp_path / "r.docx")
    assert result.ok, [str(f) for f in result.errors]
    paragraphs = [p.text for p in Document(str(tmp_path / "r.docx")).paragraphs]
    assert paragraphs.count(UPDATE_HINT) == 1
    assert all(entry.endswith("\t") for entry in _contents(tmp_path / "r.docx"))


def test_page_numbers_are_written_into_lscbs_own_document(tmp_path: Path) -> None:
    result = build_report(make_board(tmp_path / "b"), output=tmp_path / "r.docx")
    assert result.ok
    data = (tmp_path / "r.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode()
    anchors = sorted(set(re.findall(r"PAGEREF (\S+) ", xml)))
    pages = {anchor: 3 + i for i, anchor in enumerate(anchors)}
    filled = fill_contents_pages(data, pages)
    (tmp_path / "n.docx").write_bytes(filled)
    entries = _contents(tmp_path / "n.docx")
    assert [int(e.rsplit("\t", 1)[1]) for e in entries] == sorted(pages.values())
    # Every other part keeps its bytes; filling twice changes nothing more.
    with zipfile.ZipFile(io.BytesIO(data)) as before, zipfile.ZipFile(io.BytesIO(filled)) as after:
        for name in before.namelist():
            if name != "word/document.xml":
                assert before.read(name) == after.read(name), name
    assert fill_contents_pages(filled, pages) == filled


def _untagged_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_untagged_pdf_fails_the_audit() -> None:
    findings = audit_pdf(_untagged_pdf(), "plain.pdf")
    codes = {f.code for f in findings if f.level.value == "error"}
    assert codes == {"audit.pdf-untagged", "audit.pdf-language", "audit.pdf-title"}


def test_lscb_audit_reads_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "plain.pdf"
    path.write_bytes(_untagged_pdf())
    result = CliRunner().invoke(main, ["audit", str(path), "--format", "json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert "the PDF is not tagged" in payload["findings"][0]["message"]


def test_normalising_a_pdf_keeps_its_length_and_fixes_dates_and_identifiers() -> None:
    sample = (
        b"%PDF-1.6\n1 0 obj<</CreationDate(D:20261201202740Z')/DocChecksum /A6C399433A96AD6ABCDEF0123456789A>>"
        b"endobj\n<xmp:CreateDate>2026-12-01T20:27:40Z</xmp:CreateDate><xmpMM:DocumentID>uuid:"
        b"0b7e6d1e-9d1c-4b6e-8a5f-3c2d1e0f9a8b</xmpMM:DocumentID>\ntrailer\n<</ID [ <44E41BCE1EEDCD9640B707AFA7CCC0B5>\n"
        b"<44E41BCE1EEDCD9640B707AFA7CCC0B5> ]>>\n%%EOF\n"
    )
    other = sample.replace(b"20261201202740", b"20261202101010").replace(b"44E41BCE", b"12345678")
    when = dt.datetime(2016, 3, 31)
    assert normalise_pdf(sample, when) == normalise_pdf(other, when)
    assert len(normalise_pdf(sample, when)) == len(sample)
    assert b"D:20160331000000" in normalise_pdf(sample, when)


def test_page_numbers_on_needs_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lscb_core._render.office as office

    monkeypatch.setattr(office, "office_available", lambda: False)
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--page-numbers", "on"])
    assert result.exit_code == 2
    assert "needs LibreOffice and its Python scripting interface" in result.output
