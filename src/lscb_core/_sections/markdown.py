"""Markdown narrative to content blocks, with real Word structure.

Bold, italic, links, bullet and numbered lists (nested), block quotes with a
source line (a last paragraph starting with an em dash), headings inside a
section (shifted so that they follow the section's own heading without
skipping a level) and simple tables. Raw HTML is shown as text, never
interpreted.

Nothing is dropped however deeply lists and quotes nest: markdown-it's own
nesting limit is raised above ``Limits.markdown_depth``, and text nesting
deeper than that is an error at its line. Lists deeper than Word's nine
levels (``Limits.list_depth``) and quotes deeper than ``Limits.quote_depth``
are flattened into the deepest level shown, with a warning at their line.
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
from lscb_core._base.errors import NarrativeError
from lscb_core._base.limits import Limits, current_limits, limit_text
from lscb_core._base.quantities import SAFE_SCHEMES

__all__ = ["MarkdownDepthError", "MarkdownError", "markdown_blocks"]

Warn = Callable[[int | None, str, str], None]
"""Told of a warning: the line of the Markdown text (1-based, when known), a finding code and the message."""


class MarkdownError(Exception):
    """Markdown that cannot be shown: nesting deeper than can be read, a picture that cannot be used.

    ``line`` (1-based, of the Markdown text) is where, when known.
    """

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


MarkdownDepthError = MarkdownError


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
    on_warning: Warn | None = None,
) -> list[Block]:
    """Blocks for Markdown ``text``; its top heading level becomes ``base_level``.

    ``::: board-only`` fences are worked out before this, in the narrative's
    source (:mod:`lscb_core._model.fences`). A paragraph that is only a picture (``![alt text](images/chart.png)``)
    becomes the block ``on_image(path, alt)`` returns; without it, or for a
    picture inside text, the alternative text is shown.

    A link whose address is not http, https or mailto becomes plain text, and
    ``on_unsafe_link`` (if given) is told its address. ``on_warning`` is told
    of that and of lists and quotes flattened, each at its line. Raises
    :class:`MarkdownDepthError` for text nesting deeper than can be read.
    """
    limits = current_limits()
    # Two token levels a list (the list and its item), and room for what a list item holds.
    _MD.options["maxNesting"] = 2 * limits.markdown_depth + 12
    try:
        tokens = _MD.parse(text)
    except RecursionError:
        raise MarkdownDepthError(None, _too_deep(limits)) from None
    _check_depth(tokens, limits)
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = base_level - min(levels) if levels else 0
    reader = _Reader(tokens, shift, on_unsafe_link, on_image)
    reader.on_warning = on_warning
    reader.lines = text.split("\n")
    reader.list_depth = limits.list_depth
    reader.quote_depth = limits.quote_depth
    return reader.blocks(until=None)


_NESTS = frozenset({"bullet_list_open", "ordered_list_open", "blockquote_open"})
_UNNESTS = frozenset({"bullet_list_close", "ordered_list_close", "blockquote_close"})


def _too_deep(limits: Limits) -> str:
    return f"the lists and quotes here nest deeper than can be read; {limit_text('markdown_depth', limits)}"


def _check_depth(tokens: Sequence[Token], limits: Limits) -> None:
    """Refuse lists and quotes nested deeper than ``markdown_depth`` (markdown-it drops what is deeper still)."""
    depth = 0
    deepest = limits.markdown_depth
    for token in tokens:
        if token.type in _NESTS:
            depth += 1
            if depth > deepest:
                line = token.map[0] + 1 if token.map else None
                raise MarkdownDepthError(line, _too_deep(limits))
        elif token.type in _UNNESTS:
            depth -= 1


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
        self.on_warning: Warn | None = None
        self.lines: list[str] = []
        self.list_depth = 9
        self.quote_depth = 5
        self.lists = 0
        self.quotes = 0
        self.flattening = 0
        self.inline_lines: tuple[int, int] | None = None

    def warn(self, token: Token, code: str, message: str) -> None:
        if self.on_warning is not None:
            self.on_warning(token.map[0] + 1 if token.map else None, code, message)

    def nested(self, token: Token, close: str, kind: str) -> list[Block] | None:
        """The blocks of a list or quote nested deeper than shown, to put in its parent; ``None`` if it is not."""
        if kind == "quote":
            too_deep, limit = self.quotes >= self.quote_depth, self.quote_depth
        else:
            too_deep, limit = self.lists >= self.list_depth, self.list_depth
        if not too_deep:
            return None
        what = "quotes" if kind == "quote" else "lists"
        where = "the document" if kind == "quote" else "a Word document"
        if not self.flattening:  # one warning for the outermost list or quote flattened
            self.warn(
                token,
                "narrative.nesting",
                f"{what} nest more than {limit} deep here, deeper than {where} shows; the deeper ones are shown at level {limit}",
            )
        self.flattening += 1
        try:
            if kind == "quote":
                return self.blocks("blockquote_close")
            out: list[Block] = []
            for item in self.items(close):
                out.extend(item)
            return out
        finally:
            self.flattening -= 1

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
            elif kind in ("bullet_list_open", "ordered_list_open"):
                close = kind.replace("_open", "_close")
                flattened = self.nested(token, close, "list")
                if flattened is not None:
                    out.extend(flattened)
                    continue
                self.lists += 1
                items = self.items(close)
                self.lists -= 1
                if kind == "bullet_list_open":
                    out.append(BulletList(items))
                else:
                    out.append(NumberedList(items, start=int(token.attrGet("start") or 1)))
            elif kind == "blockquote_open":
                flattened = self.nested(token, "blockquote_close", "quote")
                if flattened is not None:
                    out.extend(flattened)
                    continue
                self.quotes += 1
                quoted = self.blocks("blockquote_close")
                self.quotes -= 1
                out.append(_quote(quoted))
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
        try:
            return self.on_image(str(image.attrGet("src") or ""), image.content)
        except NarrativeError as exc:
            raise MarkdownError(inline.map[0] + 1 if inline.map else None, exc.message) from None

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

    def line_of(self, inline: Token, text: str) -> int | None:
        """The line (1-based) of ``text`` inside a paragraph or cell, else the paragraph's first line."""
        if not inline.map:
            return None
        first, last = inline.map
        for number in range(first, min(last, len(self.lines))):
            if text and text in self.lines[number]:
                return number + 1
        return first + 1

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
                    if self.on_warning is not None:
                        self.on_warning(
                            self.line_of(inline, link or ""),
                            "narrative.link-scheme",
                            f"the link to {link or ''!r} is not http, https or mailto, so it is shown as plain text",
                        )
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
