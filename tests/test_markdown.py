"""Markdown narrative to content blocks."""

from __future__ import annotations

from lscb_core._base.blocks import BulletList, Heading, Link, NumberedList, Paragraph, Quote, Table, Text
from lscb_core._sections.markdown import markdown_blocks


def test_emphasis_and_links() -> None:
    (para,) = markdown_blocks("Some **bold**, *italic* and a [descriptive link](https://example.org).")
    assert isinstance(para, Paragraph)
    assert para.inlines == (
        Text("Some "),
        Text("bold", bold=True),
        Text(", "),
        Text("italic", italic=True),
        Text(" and a "),
        Link("descriptive link", "https://example.org"),
        Text("."),
    )


def test_unsafe_links_become_text_and_are_reported() -> None:
    seen: list[str] = []
    (para,) = markdown_blocks(
        "[open](file:///etc/passwd), [run](javascript:x) and [ftp](ftp://x.org)", on_unsafe_link=seen.append
    )
    assert isinstance(para, Paragraph)
    assert all(isinstance(i, Text) for i in para.inlines)
    assert "".join(i.text for i in para.inlines) == "open, run and ftp"
    assert seen == ["file:///etc/passwd", "javascript:x", "ftp://x.org"]


def test_headings_follow_the_section_without_skipping() -> None:
    blocks = markdown_blocks("### Deep\n\ntext\n\n#### Deeper\n", base_level=2)
    assert [b.level for b in blocks if isinstance(b, Heading)] == [2, 3]


def test_lists_nest_and_numbered_lists_keep_their_start() -> None:
    (numbered, bullets) = markdown_blocks("3. three\n4. four\n   - inner\n\n- a\n- b\n")
    assert isinstance(numbered, NumberedList)
    assert numbered.start == 3
    assert isinstance(numbered.items[1][1], BulletList)
    assert isinstance(bullets, BulletList)
    assert len(bullets.items) == 2


def test_block_quote_with_a_source_line() -> None:
    (quote,) = markdown_blocks('> "Good work"\n>\n> — Ofsted 2015\n')
    assert isinstance(quote, Quote)
    assert quote.source == "Ofsted 2015"
    assert len(quote.blocks) == 1


def test_html_is_shown_as_text_never_interpreted() -> None:
    (para,) = markdown_blocks("a <b>b</b> <script>x</script>")
    assert isinstance(para, Paragraph)
    assert "".join(i.text for i in para.inlines) == "a <b>b</b> <script>x</script>"


def test_tables_with_right_aligned_numbers() -> None:
    (table,) = markdown_blocks("| Course | Attendees |\n|---|--:|\n| Neglect | 24 |\n")
    assert isinstance(table, Table)
    assert [c.align.value for c in table.columns] == ["left", "right"]
    assert table.rows[0].cells[1].inlines == (Text("24"),)
