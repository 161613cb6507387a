"""The contents page: a real Word TOC field whose entries are filled in at build time."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence

from lscb_core._base.styles import toc
from lscb_core._render.ooxml import ContentsEntry, escape

__all__ = ["UPDATE_HINT", "contents_xml", "fill_contents_pages"]

UPDATE_HINT = (
    "To show page numbers, open this document in Word, right-click the contents and choose Update Field."
)
"""The line under the contents when lscb could not number its pages (no LibreOffice)."""


def _pageref(anchor: str, page: int | None) -> str:
    result = f'<w:r><w:t xml:space="preserve">{page}</w:t></w:r>' if page is not None else ""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> PAGEREF {anchor} \\h </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{result}'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def contents_xml(
    entries: Sequence[ContentsEntry],
    pages: Mapping[str, int] | None = None,
    levels: int = 1,
    *,
    hint: bool = False,
) -> str:
    """Paragraphs holding a TOC field over ``entries``, each a link to its heading.

    The entries show without Word updating the field. Page numbers are those
    in ``pages`` (by bookmark), else left for Word or LibreOffice to fill when
    fields are updated; ``hint`` adds a line saying how to fill them in Word.
    """
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> TOC \\o "1-{levels}" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    if not entries:
        return f'<w:p><w:pPr><w:pStyle w:val="{toc(1).id}"/></w:pPr>{begin}<w:r><w:t>No sections</w:t></w:r>{end}</w:p>'
    out = []
    last = len(entries) - 1
    for i, entry in enumerate(entries):
        page = (pages or {}).get(entry.anchor)
        link = (
            f'<w:hyperlink w:anchor="{entry.anchor}" w:history="1">'
            f'<w:r><w:t xml:space="preserve">{escape(entry.text)}</w:t></w:r><w:r><w:tab/></w:r>'
            f"{_pageref(entry.anchor, page)}</w:hyperlink>"
        )
        out.append(
            f'<w:p><w:pPr><w:pStyle w:val="{toc(min(entry.level, 9)).id}"/></w:pPr>'
            f"{begin if i == 0 else ''}{link}{end if i == last else ''}</w:p>"
        )
    if hint:
        out.append(
            '<w:p><w:pPr><w:spacing w:before="240"/></w:pPr>'
            f'<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">{escape(UPDATE_HINT)}</w:t></w:r></w:p>'
        )
    return "".join(out)


_EMPTY_PAGEREF = re.compile(
    r'(<w:instrText xml:space="preserve"> PAGEREF (?P<anchor>[^ <]+) \\h </w:instrText></w:r>'
    r'<w:r><w:fldChar w:fldCharType="separate"/></w:r>)(?=<w:r><w:fldChar w:fldCharType="end"/>)'
)


def fill_contents_pages(docx: bytes, pages: Mapping[str, int]) -> bytes:
    """The same package with each contents entry's page number written in (those in ``pages``).

    Only ``word/document.xml`` changes; every other part keeps its bytes, and
    the package stays deterministic.
    """

    def number(match: re.Match[str]) -> str:
        page = pages.get(match.group("anchor"))
        if page is None:
            return match.group(0)
        return f'{match.group(1)}<w:r><w:t xml:space="preserve">{page}</w:t></w:r>'

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                content = _EMPTY_PAGEREF.sub(number, content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()
