"""What a Word template must hold for the renderer, and what ``lscb template check`` says about one.

A board's own template must define every style the renderer writes
(:data:`~lscb_core._base.styles.RENDERER_STYLES`, by style id and type), the
list numbering its list styles use, and the placeholders the report is poured
into (``{{p body }}`` and ``{{p contents }}``, each alone in its paragraph).
:func:`template_requirements` names what is missing; ``lscb build`` refuses a
template that lacks any of it. :func:`check_template` adds contrast problems,
once per style (a table header's text against the header row's shading, not
every cell of every table), and what the cleaner refuses or removes
(:mod:`lscb_core._loading.package_clean`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable

import attrs
from lxml import etree

from lscb_core._accessibility.colour import contrast_ratio
from lscb_core._accessibility.package import W_COLOR, W_SHD, W_SZ, W_VAL
from lscb_core._accessibility.styles import Styles
from lscb_core._base import styles as house
from lscb_core._base.findings import Finding, Level, LoadError
from lscb_core._base.locations import Location
from lscb_core._base.namespaces import W

__all__ = ["PLACEHOLDERS", "check_template", "fold_contrast", "styles_markdown", "template_requirements"]

PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    ("body", "{{p body }}"),
    ("contents", "{{p contents }}"),
)
"""The paragraph placeholders the renderer fills: the report's body and its contents."""

MIN_CONTRAST = 4.5
LARGE_CONTRAST = 3.0

_TABLE_CELLS: tuple[tuple[str, str, str], ...] = (
    ("firstRow", house.TABLE_HEADING.id, "header row"),
    ("wholeTable", house.TABLE_TEXT.id, "body cells"),
    ("wholeTable", house.TABLE_NUMBER.id, "body cells"),
    ("band1Horz", house.TABLE_TEXT.id, "striped rows"),
    ("band2Horz", house.TABLE_TEXT.id, "striped rows"),
    ("lastRow", house.TABLE_TEXT.id, "total row"),
)
"""Where the renderer puts each table paragraph style: the table style's condition, the style, in words."""
_IN_TABLES = frozenset(sid for _, sid, _ in _TABLE_CELLS)


def _w(local: str) -> str:
    return f"{{{W}}}{local}"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class _Parts:
    """The XML parts a template check reads."""

    def __init__(self, data: bytes) -> None:
        self.parts: dict[str, etree._Element | None] = {}
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            for name in ("word/document.xml", "word/styles.xml", "word/numbering.xml", "word/settings.xml"):
                self.parts[name] = self._parse(archive, name, names)
            themes = sorted(n for n in names if re.fullmatch(r"word/theme/theme\d*\.xml", n))
            self.parts["theme"] = self._parse(archive, themes[0], names) if themes else None

    @staticmethod
    def _parse(archive: zipfile.ZipFile, name: str, names: set[str]) -> etree._Element | None:
        if name not in names:
            return None
        try:
            return etree.fromstring(archive.read(name), _parser())
        except etree.XMLSyntaxError:
            return None

    def __getitem__(self, name: str) -> etree._Element | None:
        return self.parts.get(name)


def _style_label(style: house.Style) -> str:
    return f'"{style.shown}" (style id {style.id}, a {style.kind} style)'


def _paragraph_texts(document: etree._Element | None) -> list[str]:
    if document is None:
        return []
    return ["".join(str(t) for t in p.itertext(_w("t"))) for p in document.iter(_w("p"))]


def _placeholder_pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"\{\{\s*p\s+" + re.escape(name) + r"\s*\}\}")


def template_requirements(data: bytes, where: Location) -> list[Finding]:
    """Errors for each required style, numbering or placeholder the template lacks, located at ``where``."""

    def error(code: str, message: str) -> Finding:
        return Finding(level=Level.ERROR, code=code, message=message, location=where)

    try:
        parts = _Parts(data)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return [
            error("template.unreadable", "this is not a Word document (.docx) that can be used as a template")
        ]
    found: list[Finding] = []
    defined = Styles(parts["word/styles.xml"], None, None)
    for style in house.RENDERER_STYLES:
        kind = defined.style_kind(style.id)
        if kind is None:
            found.append(
                error(
                    "template.missing-style",
                    f"the template has no style {_style_label(style)}, which the renderer uses; "
                    "copy it from lscb's default template (Word: Organizer; or start from the default template)",
                )
            )
        elif kind != style.kind:
            found.append(
                error(
                    "template.style-type",
                    f"the style {_style_label(style)} is a {kind} style in the template; "
                    f"the renderer needs a {style.kind} style",
                )
            )
    found += _numbering_problems(parts, error)
    texts = _paragraph_texts(parts["word/document.xml"])
    for name, placeholder in PLACEHOLDERS:
        pattern = _placeholder_pattern(name)
        holding = [t for t in texts if pattern.search(t)]
        if not holding:
            found.append(
                error(
                    "template.missing-placeholder",
                    f"the template has no {placeholder} paragraph, where the report's {name} goes; "
                    f"type {placeholder} alone in a paragraph of its own",
                )
            )
        elif len(holding) > 1:
            found.append(error("template.placeholder", f"the template has {placeholder} more than once"))
        elif holding[0].strip() != pattern.search(holding[0]).group(0):  # type: ignore[union-attr]
            found.append(
                error(
                    "template.placeholder",
                    f"{placeholder} must be alone in its paragraph (it has: {holding[0].strip()[:60]!r})",
                )
            )
    return found


def _numbering_problems(parts: _Parts, error: Callable[[str, str], Finding]) -> list[Finding]:
    """The list styles' numbering (their numPr, else the default numIds 1 and 2) must exist."""
    styles_root = parts["word/styles.xml"]
    numbering = parts["word/numbering.xml"]
    nums = set()
    if numbering is not None:
        nums = {n.get(_w("numId")) for n in numbering.iter(_w("num"))}
    found: list[Finding] = []
    for style, default in ((house.LIST_BULLET, "1"), (house.LIST_NUMBER, "2")):
        num_id = default
        if styles_root is not None:
            ids = styles_root.xpath(
                "w:style[@w:styleId=$sid]/w:pPr/w:numPr/w:numId/@w:val", namespaces={"w": W}, sid=style.id
            )
            num_id = str(ids[0]) if isinstance(ids, list) and ids else default
        if num_id not in nums:
            found.append(
                error(
                    "template.missing-numbering",
                    f"the template has no list numbering {num_id} for {_style_label(style)}; "
                    "its lists would lose their bullets or numbers (copy the list styles from lscb's default template)",
                )
            )
    return found


# --- contrast, once per style ------------------------------------------------------------


def _size_points(rpr: dict[str, etree._Element]) -> float:
    size = rpr.get(W_SZ)
    try:
        return int(size.get(W_VAL, "24")) / 2 if size is not None else 12.0
    except ValueError:
        return 12.0


def _bold(rpr: dict[str, etree._Element]) -> bool:
    bold = rpr.get(_w("b"))
    return bold is not None and bold.get(W_VAL, "1").lower() not in ("0", "false", "off")


def _needed(rpr: dict[str, etree._Element]) -> float:
    size = _size_points(rpr)
    large = size >= 18 or (size >= 14 and _bold(rpr))
    return LARGE_CONTRAST if large else MIN_CONTRAST


def contrast_findings(data: bytes, where: Location) -> list[Finding]:
    """One warning for each style whose text is too faint against its own (or its table row's) background."""
    try:
        parts = _Parts(data)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return []
    resolved = Styles(parts["word/styles.xml"], parts["theme"], parts["word/settings.xml"])
    found: list[Finding] = []

    def report(label: str, colour: str, behind: str, needed: float) -> None:
        ratio = contrast_ratio(colour, behind)
        if ratio < needed:
            found.append(
                Finding(
                    level=Level.ERROR,
                    code="template.contrast",
                    message=(
                        f"{label}: text #{colour} on #{behind} has contrast {ratio:.2f}:1 "
                        f"(needs {needed:g}:1); change the style's font colour or shading"
                    ),
                    location=where,
                )
            )

    for sid in resolved.style_ids():
        kind = resolved.style_kind(sid)
        if kind not in ("paragraph", "character") or sid in _IN_TABLES:
            continue
        rpr = {**resolved.defaults, **resolved.rpr(sid)}
        colour = resolved.text_colour(rpr.get(W_COLOR))
        if colour is None:
            continue
        behind = resolved.fill(rpr.get(W_SHD)) or resolved.fill(resolved.ppr(sid).get(W_SHD)) or "FFFFFF"
        report(f'the style "{_shown(resolved, sid)}"', colour, behind, _needed(rpr))

    table = house.TABLE.id
    if resolved.style_kind(table) == "table":
        whole = resolved.table_layer(table, "wholeTable")
        for condition, sid, place in _TABLE_CELLS:
            if resolved.style_kind(sid) != "paragraph":
                continue
            layer = resolved.table_layer(table, condition)
            own = resolved.rpr(sid)
            rpr = {**resolved.defaults, **whole.rpr, **layer.rpr, **own}
            colour = resolved.text_colour(rpr.get(W_COLOR))
            if colour is None:
                continue
            behind = (
                resolved.fill(layer.shd)
                or resolved.fill(whole.shd)
                or resolved.fill(resolved.ppr(sid).get(W_SHD))
                or "FFFFFF"
            )
            report(
                f'the style "{_shown(resolved, sid)}" in the {place} of "{house.TABLE.shown}"',
                colour,
                behind,
                _needed(rpr),
            )
    return _once(found)


def _shown(resolved: Styles, sid: str) -> str:
    for style in house.RENDERER_STYLES:
        if style.id == sid:
            return style.shown
    return resolved.display_name(sid)


def _once(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[str] = set()
    out = []
    for finding in findings:
        if finding.message not in seen:
            seen.add(finding.message)
            out.append(finding)
    return out


_PAIR = re.compile(r"#([0-9A-F]{6}) on #([0-9A-F]{6})")


def fold_contrast(audit: list[Finding], template: bytes, name: str) -> list[Finding]:
    """The audit's findings with contrast problems the template's styles cause said once per style.

    A table style whose header text cannot be read on its shading makes one
    audit warning per header cell; each such warning whose colours match a
    style's problem is replaced by that style's warning (with the number of
    places), located at the template.
    """
    if not any(f.code == "audit.contrast" for f in audit):
        return audit
    styles_problems = contrast_findings(template, Location(name))
    if not styles_problems:
        return audit
    pairs: dict[tuple[str, str], Finding] = {}
    for problem in styles_problems:
        match = _PAIR.search(problem.message)
        if match is not None:
            pairs.setdefault((match.group(1), match.group(2)), problem)
    counts: dict[str, int] = {}
    kept: list[Finding] = []
    for finding in audit:
        match = _PAIR.search(finding.message) if finding.code == "audit.contrast" else None
        cause = pairs.get((match.group(1), match.group(2))) if match is not None else None
        if cause is None:
            kept.append(finding)
        else:
            counts[cause.message] = counts.get(cause.message, 0) + 1
    for problem in styles_problems:
        count = counts.get(problem.message)
        if count:
            places = "1 place" if count == 1 else f"{count} places"
            kept.append(
                attrs.evolve(
                    problem, level=Level.WARNING, message=f"{problem.message} ({places} in the report)"
                )
            )
    return kept


def check_template(data: bytes, name: str) -> list[Finding]:
    """Everything ``lscb template check`` says about a template: requirements, contrast, risky content."""
    from lscb_core._loading.package_clean import clean_package

    where = Location(name)
    findings: list[Finding] = []
    try:
        cleaned = clean_package(data, name)
    except LoadError as exc:
        findings += exc.findings
        if any(f.code == "template.unreadable" for f in exc.findings):
            return findings
        usable = data
    else:
        findings += cleaned.findings
        usable = cleaned.data
    findings += template_requirements(usable, where)
    findings += contrast_findings(usable, where)
    return findings


# --- the contract, for the documentation ---------------------------------------------------

_USES: dict[str, str] = {
    house.NORMAL.id: "body text; every other style is based on it",
    **{
        house.heading(n).id: f"level {n} headings (outline level {n - 1})"
        for n in range(1, house.HEADING_LEVELS + 1)
    },
    house.toc(1).id: "contents entries for chapters",
    house.toc(2).id: "contents entries for sections (when the contents shows two levels)",
    house.QUOTE.id: "quotations",
    house.QUOTE_SOURCE.id: "who said a quotation (the renderer writes the leading dash)",
    house.CAPTION.id: "captions above tables and under figures",
    house.LIST_BULLET.id: "bulleted lists (its numbering gives the bullets)",
    house.LIST_NUMBER.id: "numbered lists (its numbering gives the numbers; each list restarts at 1)",
    house.KEY_FIGURE.id: "a key figure's number",
    house.KEY_FIGURE_LABEL.id: "the label under a key figure",
    house.SIGNATURE.id: "the name under a foreword",
    house.SIGNATURE_ROLE.id: "the signer's role under the name",
    house.TABLE_TEXT.id: "text in table cells",
    house.TABLE_HEADING.id: "the header row's cells (on the table style's header row shading)",
    house.TABLE_NUMBER.id: "numbers in table cells (right-aligned)",
    house.TABLE_NOTE.id: "notes under a table (rounding, suppression)",
    house.TABLE.id: "every table (header row, total row and stripes from its conditional formats)",
    house.HYPERLINK.id: "links",
}


def styles_markdown() -> str:
    """The table of required styles for the documentation, generated from :data:`RENDERER_STYLES`."""
    rows = ["| Style (as Word shows it) | Style id | Type | Used for |", "|---|---|---|---|"]
    for style in house.RENDERER_STYLES:
        rows.append(f"| {style.shown} | `{style.id}` | {style.kind} | {_USES.get(style.id, '')} |")
    return "\n".join(rows) + "\n"
