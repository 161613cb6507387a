"""Markdown narrative to content blocks, with real Word structure.

Bold, italic, links, bullet and numbered lists (nested), block quotes with a
source line (a last paragraph starting with an em dash), headings inside a
section (shifted so that they follow the section's own heading without
skipping a level) and simple tables. Raw HTML is shown as text, never
interpreted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from lscb_core._base.blocks import (
    Align,
    Block,
    BulletList,
    Cell,
    Column,
    Heading,
    Inline,
    Link,
    NumberedList,
    Paragraph,
    Quote,
    Row,
    Table,
    Text,
)
from lscb_core._base.quantities import SAFE_SCHEMES

__all__ = ["markdown_blocks"]


_SOURCE_LINE = re.compile(r"^\s*(?:—|–|--)\s*")


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    # Every link reaches our own rule (http, https, mailto only), which also tells the author.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_MD = _parser()


def markdown_blocks(
    text: str,
    *,
    base_level: int = 2,
    on_unsafe_link: Callable[[str], None] | None = None,
    on_image: Callable[[str, str], Block | None] | None = None,
) -> list[Block]:
    """Blocks for Markdown ``text``; its top heading level becomes ``base_level``.

    ``::: board-only`` fences are worked out before this, in the narrative's
    source (:mod:`lscb_core._model.fences`). A paragraph that is only a picture (``![alt text](images/chart.png)``)
    becomes the block ``on_image(path, alt)`` returns; without it, or for a
    picture inside text, the alternative text is shown.

    A link whose address is not http, https or mailto becomes plain text, and
    ``on_unsafe_link`` (if given) is told its address.
    """
    tokens = _MD.parse(text)
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = base_level - min(levels) if levels else 0
    reader = _Reader(tokens, shift, on_unsafe_link, on_image)
    return reader.blocks(until=None)


class _Reader:
    def __init__(
        self,
        tokens: Sequence[Token],
        shift: int,
        on_unsafe_link: Callable[[str], None] | None,
        on_image: Callable[[str, str], Block | None] | None,
    ) -> None:
        self.tokens = tokens
        self.i = 0
        self.shift = shift
        self.on_unsafe_link = on_unsafe_link
        self.on_image = on_image

    def blocks(self, until: str | None) -> list[Block]:
        out: list[Block] = []
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            if until is not None and token.type == until:
                self.i += 1
                return out
            self.i += 1
            kind = token.type
            if kind == "heading_open":
                inline = self.tokens[self.i]
                self.i += 2  # inline, heading_close
                level = max(1, min(6, int(token.tag[1]) + self.shift))
                out.append(Heading(_plain(self.inlines(inline)), level))
            elif kind == "paragraph_open":
                inline = self.tokens[self.i]
                self.i += 2  # inline, paragraph_close
                picture = self.picture(inline)
                if picture is not None:
                    out.append(picture)
                    continue
                inlines = self.inlines(inline)
                if inlines:
                    out.append(Paragraph(inlines))
            elif kind == "bullet_list_open":
                out.append(BulletList(self.items("bullet_list_close")))
            elif kind == "ordered_list_open":
                start = int(token.attrGet("start") or 1)
                out.append(NumberedList(self.items("ordered_list_close"), start=start))
            elif kind == "blockquote_open":
                out.append(_quote(self.blocks("blockquote_close")))
            elif kind in ("fence", "code_block", "html_block"):
                out.extend(
                    Paragraph((Text(line),))
                    for line in token.content.rstrip("\n").split("\n")
                    if line.strip()
                )
            elif kind == "table_open":
                out.append(self.table())
            # hr and anything else carry no content of their own
        return out

    def picture(self, inline: Token) -> Block | None:
        """The block for a paragraph that is a single picture, if there is a resolver for it."""
        children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
        if self.on_image is None or len(children) != 1 or children[0].type != "image":
            return None
        image = children[0]
        return self.on_image(str(image.attrGet("src") or ""), image.content)

    def items(self, close: str) -> tuple[tuple[Block, ...], ...]:
        items: list[tuple[Block, ...]] = []
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            self.i += 1
            if token.type == close:
                break
            if token.type == "list_item_open":
                items.append(tuple(self.blocks("list_item_close")))
        return tuple(items)

    def table(self) -> Table:
        header: list[Column] = []
        rows: list[Row] = []
        current: list[Cell] = []
        in_head = False
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            self.i += 1
            if token.type == "table_close":
                break
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type in ("th_open", "td_open"):
                inline = self.tokens[self.i]
                self.i += 2
                inlines = self.inlines(inline)
                if in_head:
                    style = str(token.attrGet("style") or "")
                    header.append(Column(_plain(inlines), Align.RIGHT if "right" in style else Align.LEFT))
                else:
                    current.append(Cell(inlines))
            elif token.type == "tr_close" and not in_head:
                rows.append(Row(tuple(current)))
                current = []
        return Table(tuple(header), tuple(rows))

    def inlines(self, inline: Token) -> tuple[Inline, ...]:
        out: list[Inline] = []
        bold = italic = False
        link: str | None = None
        link_text: list[str] = []
        for child in inline.children or []:
            kind = child.type
            if kind == "strong_open":
                bold = True
            elif kind == "strong_close":
                bold = False
            elif kind == "em_open":
                italic = True
            elif kind == "em_close":
                italic = False
            elif kind == "link_open":
                link = str(child.attrGet("href") or "")
                link_text = []
            elif kind == "link_close":
                text = "".join(link_text)
                if link and link.lower().startswith(SAFE_SCHEMES):
                    out.append(Link(text or link, link, bold, italic))
                else:
                    if self.on_unsafe_link is not None:
                        self.on_unsafe_link(link or "")
                    out.append(Text(text, bold, italic))
                link = None
            else:
                if kind in ("text", "code_inline", "html_inline"):
                    value = child.content
                elif kind == "softbreak":
                    value = " "
                elif kind == "hardbreak":
                    value = "\n"
                elif kind == "image":
                    value = child.content
                else:
                    value = child.content
                if link is not None:
                    link_text.append(value)
                elif value:
                    if (
                        out
                        and isinstance(out[-1], Text)
                        and out[-1].bold == bold
                        and out[-1].italic == italic
                    ):
                        out[-1] = Text(out[-1].text + value, bold, italic)
                    else:
                        out.append(Text(value, bold, italic))
        return tuple(out)


def _plain(inlines: Sequence[Inline]) -> str:
    return "".join(i.text for i in inlines)


def _quote(blocks: list[Block]) -> Quote:
    """A block quote; a last paragraph that starts with a dash names its source."""
    if blocks and isinstance(blocks[-1], Paragraph):
        text = _plain(blocks[-1].inlines)
        if _SOURCE_LINE.match(text):
            return Quote(tuple(blocks[:-1]), _SOURCE_LINE.sub("", text).strip())
    return Quote(tuple(blocks))
