"""The contents page: a real Word TOC field whose entries are filled in at build time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lscb_core._base.styles import toc
from lscb_core._render.ooxml import ContentsEntry, escape

__all__ = ["contents_xml"]


def _pageref(anchor: str, page: int | None) -> str:
    result = f'<w:r><w:t xml:space="preserve">{page}</w:t></w:r>' if page is not None else ""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> PAGEREF {anchor} \\h </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{result}'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def contents_xml(
    entries: Sequence[ContentsEntry], pages: Mapping[str, int] | None = None, levels: int = 1
) -> str:
    """Paragraphs holding a TOC field over ``entries``, each a link to its heading.

    The entries show without Word updating the field. Page numbers are those
    in ``pages`` (by bookmark), else left for Word or LibreOffice to fill when
    fields are updated.
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
    return "".join(out)
