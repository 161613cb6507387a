"""The accessibility rules, applied to a document in reading order."""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs
from lxml import etree

from lscb_core._accessibility.charts import audit_charts
from lscb_core._accessibility.colour import _HIGHLIGHTS, contrast_ratio
from lscb_core._accessibility.package import (
    _EMPTY,
    _TEXTBOX_TAGS,
    A_GRAPHICDATA,
    DECORATIVE,
    R_ID,
    V_IMAGEDATA,
    W_B,
    W_BACKGROUND,
    W_BODY,
    W_COLOR,
    W_DOCUMENT,
    W_FLDCHAR,
    W_FLDSIMPLE,
    W_FOOTERREF,
    W_GRIDSPAN,
    W_HEADERREF,
    W_HIGHLIGHT,
    W_HMERGE,
    W_HYPERLINK,
    W_INSTRTEXT,
    W_NUMID,
    W_NUMPR,
    W_OUTLINE,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_R,
    W_RPR,
    W_RSTYLE,
    W_SECTPR,
    W_SHD,
    W_SZ,
    W_TBLHEADER,
    W_TBLPR,
    W_TBLSTYLE,
    W_TC,
    W_TR,
    W_TRPR,
    W_VAL,
    W_VANISH,
    W_VMERGE,
    WP_ANCHOR,
    WP_DOCPR,
    WP_INLINE,
    Package,
    UnreadableError,
    _blocks,
    _cell_pr,
    _children,
    _int,
    _on,
    _on_attr,
    _own_runs,
    _Props,
    _raw_text,
    _run_text,
    _val,
    _w,
    _wrapped,
)
from lscb_core._accessibility.styles import Styles, _Look, _outline_level
from lscb_core._base.findings import Finding, Level
from lscb_core._base.locations import DataPath, Location
from lscb_core._base.namespaces import DC
from lscb_core._base.styles import STRUCTURE_NAMES

_VAGUE_LINK_TEXT = frozenset({"click here", "here", "link", "this link", "read more", "more"})
_URL_PREFIXES = ("http://", "https://", "www.")
_SENTENCE_END = tuple(".:;?!")
_BULLET_START = tuple("•◦▪▫■□●○‣⁃–—-*>·")
_SNIPPET_LENGTH = 30


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return "no text"
    if len(text) > _SNIPPET_LENGTH:
        text = text[:_SNIPPET_LENGTH].rstrip() + "…"
    return f'"{text}"'


@attrs.frozen
class _Where:
    """Where a paragraph sits: its data path, its name for people, and what lies beneath it."""

    path: DataPath
    place: str
    background: str
    table_rpr: _Props = _EMPTY


@attrs.frozen
class _Para:
    """What the fake-heading rule needs to know about a body paragraph."""

    ordinal: int
    path: DataPath
    place: str
    text: str
    all_bold: bool
    structural: bool
    listed: bool


@attrs.define
class _Field:
    instruction: str = ""
    in_result: bool = False
    result: str = ""


class Auditor:
    def __init__(self, package: Package, where: Location) -> None:
        self._package = package
        self._where = where
        self._found: list[tuple[int, int, Finding]] = []
        self._ordinal = 0
        self._paragraphs = 0
        self._tables = 0
        self._previous_level = 0
        self._seen_heading = False
        self._contrast_seen: set[tuple[str, str, DataPath]] = set()
        self._styles: Styles

    def run(self) -> list[Finding]:
        package = self._package
        package_rels = package.relationships("")
        main = next(
            (t for kind, _, t in package_rels if kind.endswith("/officeDocument")), "word/document.xml"
        )
        document = package.xml(main)
        body = document.find(W_BODY)
        if document.tag != W_DOCUMENT or body is None:
            raise UnreadableError(f"its main part {main} is not a Word document body")
        rels = package.relationships(main)
        by_kind = {kind.rsplit("/", 1)[-1]: target for kind, _, target in reversed(rels)}

        def optional(part: str | None) -> etree._Element | None:
            return package.xml(part) if part is not None and package.has(part) else None

        self._styles = Styles(
            optional(by_kind.get("styles")), optional(by_kind.get("theme")), optional(by_kind.get("settings"))
        )
        core_part = next((t for kind, _, t in package_rels if kind.endswith("/core-properties")), None)
        self._properties(optional(core_part or "docProps/core.xml"))

        page_colour = document.find(W_BACKGROUND)
        page = self._styles.colour(page_colour, "color", "themeColor", "themeTint", "themeShade") or "FFFFFF"
        top: list[_Para | None] = []
        for block in _blocks(body):
            if block.tag == W_P:
                self._paragraphs += 1
                n = self._paragraphs
                top.append(self._paragraph(block, _Where(("paragraph", n), f"paragraph {n}", page)))
            else:
                self._table(block, page)
                top.append(None)
        self._fake_headings(top)
        self._headers_and_footers(document, {rid: target for _, rid, target in rels})
        for finding in audit_charts(self._package._archive, self._where, document):
            self._found.append((self._next_ordinal(), len(self._found), finding))
        return [finding for _, _, finding in sorted(self._found, key=lambda item: item[:2])]

    def _report(self, level: Level, code: str, message: str, path: DataPath, ordinal: int) -> None:
        finding = Finding(level=level, code=code, message=message, path=path, location=self._where)
        self._found.append((ordinal, len(self._found), finding))

    def _next_ordinal(self) -> int:
        self._ordinal += 1
        return self._ordinal

    def _properties(self, core: etree._Element | None) -> None:
        def text(tag: str) -> str:
            el = core.find(f"{{{DC}}}{tag}") if core is not None else None
            return (el.text or "").strip() if el is not None else ""

        if not text("title"):
            self._report(
                Level.ERROR,
                "audit.title-missing",
                "the document has no title (set it in File > Info > Properties > Title); screen readers announce it",
                ("properties", "title"),
                0,
            )
        if not text("language") and not self._styles.default_language:
            self._report(
                Level.ERROR,
                "audit.language-missing",
                "the document does not say what language it is in (neither the Language property nor a default language in its styles is set)",
                ("properties", "language"),
                0,
            )

    # Paragraphs -----------------------------------------------------------

    def _paragraph(self, p: etree._Element, where: _Where) -> _Para:
        ordinal = self._next_ordinal()
        styles = self._styles
        ppr = _children(p.find(W_PPR))
        sid = styles.paragraph_style(_val(ppr.get(W_PSTYLE)))
        para_rpr = styles.rpr(sid)
        para_ppr = styles.ppr(sid)
        table_rpr = where.table_rpr

        texts: dict[etree._Element, str] = {}
        visible: list[tuple[str, tuple[_Props, ...]]] = []
        for run in _own_runs(p):
            text = _run_text(run)
            if not text:
                continue
            direct = _children(run.find(W_RPR))
            char_rpr = styles.rpr(styles.character_style(_val(direct.get(W_RSTYLE))))
            levels = (direct, char_rpr, para_rpr, table_rpr)
            if self._toggle(W_VANISH, levels):
                continue
            texts[run] = text
            visible.append((text, levels))
        text = "".join(texts.values())
        place = f"{where.place} ({_snippet(text)})"

        outline = ppr.get(W_OUTLINE)
        level = _outline_level(outline) if outline is not None else styles.heading_level(sid)
        names = styles.names(sid)
        title = level is None and any(name == "title" for name in names)
        if text.strip():
            self._heading_order(level, title, place, where.path, ordinal)

        self._images(p, place, where.path, ordinal)
        self._links(p, texts, place, where.path, ordinal)

        background = styles.fill(ppr.get(W_SHD) if W_SHD in ppr else para_ppr.get(W_SHD)) or where.background
        bold_runs = []
        for run_text, run_levels in visible:
            if not run_text.strip():
                continue
            bold = self._toggle(W_B, run_levels)
            bold_runs.append(bold)
            self._run_contrast(run_text, run_levels, bold, background, place, where.path, ordinal)

        structural = level is not None or title or any(_structural_name(name) for name in names)
        numbered = ppr.get(W_NUMPR) if W_NUMPR in ppr else para_ppr.get(W_NUMPR)
        listed = (
            (numbered is not None and _val(numbered.find(W_NUMID)) not in (None, "0"))
            or any("list" in name for name in names)
            or text.lstrip().startswith(_BULLET_START)
        )
        return _Para(
            ordinal=ordinal,
            path=where.path,
            place=place,
            text=text.strip(),
            all_bold=bool(bold_runs) and all(bold_runs),
            structural=structural,
            listed=listed,
        )

    def _toggle(self, tag: str, levels: tuple[_Props, ...]) -> bool:
        """Bold, hidden and the like: direct formatting decides, else styles' settings cancel in pairs."""
        direct, *styled = levels
        if tag in direct:
            return _on(direct[tag])
        found = [_on(props[tag]) for props in styled if tag in props]
        if not found:
            return _on(self._styles.defaults.get(tag))
        return sum(found) % 2 == 1

    def _lookup(self, tag: str, levels: tuple[_Props, ...]) -> etree._Element | None:
        for props in (*levels, self._styles.defaults):
            found = props.get(tag)
            if found is not None:
                return found
        return None

    def _heading_order(
        self, level: int | None, title: bool, place: str, path: DataPath, ordinal: int
    ) -> None:
        if title:
            self._previous_level = 0
            self._seen_heading = True
            return
        if level is None:
            return
        previous = self._previous_level
        if level > previous + 1:
            skipped = (
                f"level {previous + 1}" if level == previous + 2 else f"levels {previous + 1}-{level - 1}"
            )
            if not self._seen_heading:
                message = f"{place}: the first heading is level {level}; start with level 1"
            elif previous == 0:
                message = f"{place}: heading level {level} follows the title (skips {skipped})"
            else:
                message = f"{place}: heading level {level} follows level {previous} (skips {skipped})"
            self._report(Level.ERROR, "audit.heading-skip", message, path, ordinal)
        self._previous_level = level
        self._seen_heading = True

    def _images(self, holder: etree._Element, place: str, path: DataPath, ordinal: int) -> None:
        for drawing in holder.iter(WP_INLINE, WP_ANCHOR):
            doc_pr = drawing.find(WP_DOCPR)
            if doc_pr is None or _on_attr(doc_pr.get("hidden")):
                continue
            if (doc_pr.get("descr") or "").strip():
                continue
            if any(_on_attr(mark.get("val")) for mark in doc_pr.iter(DECORATIVE)):
                continue
            data = drawing.find(f".//{A_GRAPHICDATA}")
            uri = data.get("uri", "") if data is not None else ""
            # A text box's words are read out; it needs no description of its own.
            if next(drawing.iter(*_TEXTBOX_TAGS), None) is not None and uri.endswith("wordprocessingShape"):
                continue
            kind = _drawing_kind(uri)
            if kind == "chart":  # charts have rules of their own: lscb_core._accessibility.charts
                continue
            name = doc_pr.get("name") or ""
            named = f' "{name}"' if name else ""
            self._report(
                Level.ERROR,
                "audit.image-alt-missing",
                f"{place}: {kind}{named} has no alt text and is not marked as decorative",
                path,
                ordinal,
            )
        for image in holder.iter(V_IMAGEDATA):
            shape = image.getparent()
            if shape is None or (shape.get("alt") or "").strip():
                continue
            inside_object = any(a.tag == _w("object") for a in image.iterancestors())
            kind = "embedded object" if inside_object else "picture"
            name = shape.get("id") or ""
            named = f' "{name}"' if name else ""
            self._report(
                Level.ERROR,
                "audit.image-alt-missing",
                f"{place}: {kind}{named} (an old-style VML image) has no alt text",
                path,
                ordinal,
            )

    def _links(
        self, p: etree._Element, texts: Mapping[etree._Element, str], place: str, path: DataPath, ordinal: int
    ) -> None:
        def text_of(el: etree._Element) -> str:
            return "".join(texts.get(run, "") for run in el.iter(W_R))

        for link in p.iter(W_HYPERLINK):
            self._link_text(text_of(link), place, path, ordinal)
        for simple in p.iter(W_FLDSIMPLE):
            if _is_hyperlink_field(simple.get(_w("instr"), "")):
                self._link_text(text_of(simple), place, path, ordinal)
        # Links pasted from the web or made by older tools are often HYPERLINK field codes instead.
        fields: list[_Field] = []
        for run in p.iter(W_R):
            for child in run:
                if child.tag == W_FLDCHAR:
                    kind = child.get(_w("fldCharType"))
                    if kind == "begin":
                        fields.append(_Field())
                    elif kind == "separate" and fields:
                        fields[-1].in_result = True
                    elif kind == "end" and fields:
                        field = fields.pop()
                        if _is_hyperlink_field(field.instruction):
                            self._link_text(field.result, place, path, ordinal)
                elif child.tag == W_INSTRTEXT and fields and not fields[-1].in_result:
                    fields[-1].instruction += child.text or ""
            shown = texts.get(run, "")
            if shown:
                for field in fields:
                    if field.in_result:
                        field.result += shown

    def _link_text(self, text: str, place: str, path: DataPath, ordinal: int) -> None:
        stripped = " ".join(text.split())
        if not stripped:
            return
        words = " ".join(re.sub(r"[^\w\s]", " ", stripped.lower()).split())
        if stripped.lower().startswith(_URL_PREFIXES):
            problem = "is a bare web address; say where the link goes instead"
        elif words in _VAGUE_LINK_TEXT:
            problem = "does not say where the link goes"
        else:
            return
        self._report(
            Level.WARNING,
            "audit.link-text",
            f"{place}: link text {_snippet(stripped)} {problem}",
            path,
            ordinal,
        )

    def _run_contrast(
        self,
        text: str,
        levels: tuple[_Props, ...],
        bold: bool,
        background: str,
        place: str,
        path: DataPath,
        ordinal: int,
    ) -> None:
        styles = self._styles
        colour = styles.text_colour(self._lookup(W_COLOR, levels))
        if colour is None:
            return
        highlight = _val(self._lookup(W_HIGHLIGHT, levels))
        behind = _HIGHLIGHTS.get(highlight or "") or styles.fill(self._lookup(W_SHD, levels)) or background
        key = (colour, behind, path)
        if key in self._contrast_seen:
            return
        size = _int(_val(self._lookup(W_SZ, levels))) or 20
        # WCAG's large text: 18pt, or 14pt bold (sizes are in half-points).
        large = size >= 36 or (bold and size >= 28)
        needed = 3.0 if large else 4.5
        ratio = contrast_ratio(colour, behind)
        if ratio >= needed:
            return
        self._contrast_seen.add(key)
        shown = int(ratio * 100) / 100
        self._report(
            Level.WARNING,
            "audit.contrast",
            f"{place}: text {_snippet(text)} is #{colour} on #{behind}, contrast {shown:.2f}:1 (needs {needed:g}:1)",
            path,
            ordinal,
        )

    def _fake_headings(self, top: list[_Para | None]) -> None:
        for i, para in enumerate(top):
            if para is None or not _looks_like_heading(para):
                continue
            following = next((b for b in top[i + 1 :] if b is None or b.text), None)
            if following is None or not _reads_as_body_text(following):
                continue
            self._report(
                Level.ERROR,
                "audit.fake-heading",
                f"{para.place}: bold text that looks like a heading but has no heading style",
                para.path,
                para.ordinal,
            )

    # Tables ---------------------------------------------------------------

    def _table(self, tbl: etree._Element, outer: str) -> None:
        self._tables += 1
        n = self._tables
        ordinal = self._next_ordinal()
        path: DataPath = ("table", n)
        rows = list(_wrapped(tbl, W_TR))
        cells = [list(_wrapped(row, W_TC)) for row in rows]
        spans = [[_int(_val(_cell_pr(tc).get(W_GRIDSPAN))) or 1 for tc in row] for row in cells]
        width = max((sum(row) for row in spans), default=0)
        first = _raw_text(rows[0]) if rows else ""
        place = f"table {n} ({_snippet(first)})"
        if len(rows) >= 2 and width >= 2:
            self._data_table(rows, cells, spans, place, path, ordinal)

        styles = self._styles
        tbl_pr = tbl.find(W_TBLPR)
        style_id = _val(tbl_pr.find(W_TBLSTYLE)) if tbl_pr is not None else None
        look = _Look.of(tbl_pr)
        table_fill = styles.fill(tbl_pr.find(W_SHD) if tbl_pr is not None else None) or outer
        for r, row in enumerate(cells):
            col = 0
            for c, cell in enumerate(row):
                span = spans[r][c]
                layer = styles.table_cell_layer(style_id, look, r, len(rows), col, span, width)
                col += span
                fill = styles.fill(_cell_pr(cell).get(W_SHD)) or styles.fill(layer.shd)
                where = _Where(
                    path=("table", n, "row", r + 1, "cell", c + 1),
                    place=f"table {n}, row {r + 1}, cell {c + 1}",
                    background=fill or table_fill,
                    table_rpr=layer.rpr,
                )
                for block in _blocks(cell):
                    if block.tag == W_P:
                        self._paragraph(block, where)
                    else:
                        self._table(block, where.background)

    def _data_table(
        self,
        rows: list[etree._Element],
        cells: list[list[etree._Element]],
        spans: list[list[int]],
        place: str,
        path: DataPath,
        ordinal: int,
    ) -> None:
        headers = 0
        for row in rows:
            row_pr = row.find(W_TRPR)
            if row_pr is None or not _on(row_pr.find(W_TBLHEADER)):
                break
            headers += 1
        if headers == 0:
            self._report(
                Level.ERROR,
                "audit.table-header-missing",
                f"{place}: the first row is not marked as a header row (Table Properties > Row > Repeat as header row)",
                path,
                ordinal,
            )
        merged = next(
            (
                (r, c)
                for r, row in enumerate(cells)
                for c, cell in enumerate(row)
                if spans[r][c] > 1 or W_VMERGE in _cell_pr(cell) or W_HMERGE in _cell_pr(cell)
            ),
            None,
        )
        if merged is not None:
            self._report(
                Level.WARNING,
                "audit.merged-cells",
                f"{place}: has merged cells (first at row {merged[0] + 1}, cell {merged[1] + 1}), which screen readers announce unreliably",
                path,
                ordinal,
            )
        # An unmarked table is reported above as if its first row were its header; check that row too.
        for r in range(max(headers, 1)):
            for c, cell in enumerate(cells[r]):
                merge = _cell_pr(cell).get(W_VMERGE)
                if merge is not None and merge.get(W_VAL) != "restart":
                    continue
                if _raw_text(cell).strip():
                    continue
                self._report(
                    Level.WARNING,
                    "audit.empty-header-cell",
                    f"{place}, row {r + 1}, cell {c + 1}: header cell is empty",
                    ("table", path[1], "row", r + 1, "cell", c + 1),
                    ordinal,
                )

    # Headers and footers ----------------------------------------------------

    def _headers_and_footers(self, document: etree._Element, targets: Mapping[str, str]) -> None:
        parts: dict[str, tuple[str, int]] = {}
        counts = {"header": 0, "footer": 0}
        for section in document.iter(W_SECTPR):
            for ref in section:
                if ref.tag not in (W_HEADERREF, W_FOOTERREF):
                    continue
                target = targets.get(ref.get(R_ID) or "")
                if target is None or target in parts or not self._package.has(target):
                    continue
                kind = "header" if ref.tag == W_HEADERREF else "footer"
                counts[kind] += 1
                parts[target] = (kind, counts[kind])
        for target, (kind, n) in parts.items():
            root = self._package.xml(target)
            place = f"{kind} {n} ({_snippet(_raw_text(root))})"
            self._images(root, place, (kind, n), self._next_ordinal())


def _structural_name(name: str) -> bool:
    return name.startswith(STRUCTURE_NAMES)


def _is_hyperlink_field(instruction: str) -> bool:
    return instruction.strip().upper().startswith("HYPERLINK")


def _drawing_kind(uri: str) -> str:
    for suffix, kind in (
        ("/picture", "picture"),
        ("/chart", "chart"),
        ("/diagram", "SmartArt graphic"),
        ("wordprocessingShape", "shape"),
        ("wordprocessingGroup", "group of shapes"),
        ("wordprocessingCanvas", "drawing canvas"),
    ):
        if uri.endswith(suffix):
            return kind
    return "image" if uri else "drawing"


def _reads_as_body_text(para: _Para) -> bool:
    """Prose or a list, not a bold line or a signature's role line after a bold name."""
    if para.all_bold or para.structural:
        return False
    return para.listed or len(para.text) > 100 or para.text.rstrip("\"'”’)]").endswith((*_SENTENCE_END, "…"))


def _looks_like_heading(para: _Para) -> bool:
    """Short, all bold, not a sentence, not a list item, and not already styled as something."""
    text = para.text
    return (
        0 < len(text) <= 100
        and para.all_bold
        and not para.structural
        and not para.listed
        and not text.endswith(_SENTENCE_END)
        and any(ch.isalpha() for ch in text)
    )
