"""Filling the master Word template: body, contents, properties; then a clean, checked package.

docxtpl fills the template's placeholders; the body and contents are
WordprocessingML written by :mod:`lscb_core._render.ooxml`. Afterwards the
package is normalised so that the same inputs give the same bytes, stripped
of personal metadata, and every XML part is parsed again strictly.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import traceback
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from lxml import etree
from markupsafe import Markup, escape

from lscb_core._base.blocks import Block, WordFragment
from lscb_core._base.charts import ChartSpec
from lscb_core._base.errors import in_words
from lscb_core._base.styles import LIST_BULLET, LIST_NUMBER
from lscb_core._render import _docx_compat  # noqa: F401 - must come before any core property is touched
from lscb_core._render.contents import contents_xml
from lscb_core._render.ooxml import ContentsEntry, WordWriter
from lscb_core._render.sandbox import ReportSandbox

__all__ = [
    "DocumentProperties",
    "RenderError",
    "TemplateDocument",
    "build_time",
    "normalise_package",
    "validate_package",
]


class RenderError(Exception):
    """The document could not be made; the message says which file and what went wrong."""


def build_time(fallback: dt.date) -> dt.datetime:
    """The timestamp written into the package: ``SOURCE_DATE_EPOCH`` when set, else ``fallback``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    # A zip package can only date its parts from 1980 to 2107.
    day = min(max(fallback, dt.date(1980, 1, 1)), dt.date(2107, 12, 31))
    return dt.datetime(day.year, day.month, day.day)


class DocumentProperties:
    """What the document says about itself (File > Info in Word)."""

    def __init__(
        self,
        *,
        title: str,
        subject: str,
        author: str,
        keywords: str,
        category: str,
        status: str,
        language: str = "en-GB",
    ) -> None:
        self.title = title
        self.subject = subject
        self.author = author
        self.keywords = keywords
        self.category = category
        self.status = status
        self.language = language


def _finalize(value: Any) -> Any:
    """A value as the template shows it: XML-escaped, with braces and percent signs as references.

    docxtpl turns ``{_{`` and ``%_}`` in its output back into Jinja tags, so the
    characters that could form them are written as character references.
    """
    if hasattr(value, "__html__"):
        return value
    return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;"))


def _sandbox(filters: Mapping[str, Callable[..., Any]]) -> ReportSandbox:
    env = ReportSandbox(autoescape=True, undefined=StrictUndefined, finalize=_finalize)
    env.filters.update(filters)
    return env


class TemplateDocument:
    """A master template being filled in. Implements the writer's ``DocumentParts``.

    ``template`` is the template's path or its (cleaned) bytes; ``name`` names it in messages.
    """

    def __init__(
        self,
        template: Path | bytes,
        filters: Mapping[str, Callable[..., Any]] | None = None,
        *,
        name: str | None = None,
    ) -> None:
        self.template = name or (str(template) if isinstance(template, Path) else "the template")
        self.filters = dict(filters or {})
        try:
            self.tpl = DocxTemplate(io.BytesIO(template) if isinstance(template, bytes) else template)
            self.docx = self.tpl.get_docx()
        except Exception as exc:  # python-docx raises many kinds for a file that is not a Word document
            raise RenderError(
                f"{self.template}: this is not a Word document that can be used as a template ({in_words(exc)})"
            ) from None
        self.part = self.docx.part
        self._numbering = self.part.numbering_part.element
        self._body = ""
        self._bullet, self._decimal_abstract = self._list_numbering()
        self._charts: Any = None

    # --- DocumentParts ------------------------------------------------------------------

    def hyperlink(self, url: str) -> str:
        return str(self.part.relate_to(url, RT.HYPERLINK, is_external=True))

    def image(self, data: bytes) -> str:
        rid, _image = self.part.get_or_add_image(io.BytesIO(data))
        return str(rid)

    def chart(self, spec: ChartSpec, width_cm: float, height_cm: float) -> str:
        if self._charts is None:
            # python-pptx, which writes the chart XML, is imported only when a chart has changed.
            from lscb_core._render.chart_parts import ChartParts

            self._charts = ChartParts(self.part)
        return str(self._charts.add(spec, width_cm, height_cm))

    def restart_numbering(self, start: int) -> int:
        num = self._numbering.add_num(self._decimal_abstract)
        override = num.add_lvlOverride(ilvl=0)
        override.add_startOverride(start)
        return int(num.numId)

    @property
    def bullet_num_id(self) -> int:
        return self._bullet

    def fragment(self, block: WordFragment) -> str:
        fragment: DocxTemplate | None = None
        if block.package is None:
            raise RenderError(
                f"{block.template}: the Word fragment was not checked and cleaned before rendering"
            )
        try:
            fragment = DocxTemplate(io.BytesIO(block.package))
            fragment.render(dict(block.context), jinja_env=_sandbox(self.filters), autoescape=True)
            buffer = io.BytesIO()
            fragment.save(buffer)
            buffer.seek(0)
            return str(self.tpl.new_subdoc(buffer))
        except (TemplateError, TypeError) as exc:
            raise RenderError(f"{block.template}: {_template_problem(exc, fragment)}") from None
        except (OSError, ValueError, KeyError) as exc:
            raise RenderError(
                f"{block.template}: the Word fragment could not be used ({in_words(exc)})"
            ) from None

    def _list_numbering(self) -> tuple[int, int]:
        """The numbering the template's list styles use (bullets numId; decimal abstractNumId)."""
        styles = self.docx.styles.element
        nums = {n.numId: n.abstractNumId.val for n in self._numbering.num_lst}

        def style_num(style_id: str, default: int) -> int:
            found = styles.xpath(f'w:style[@w:styleId="{style_id}"]/w:pPr/w:numPr/w:numId/@w:val')
            return int(found[0]) if found else default

        bullet = style_num(LIST_BULLET.id, 1)
        decimal = style_num(LIST_NUMBER.id, 2)
        return bullet, int(nums.get(decimal, 1))

    # --- filling in ---------------------------------------------------------------------

    def render(
        self,
        blocks: Iterable[Block],
        *,
        context: Mapping[str, Any],
        contents_levels: int = 1,
        pages: Mapping[str, int] | None = None,
        hint: bool = False,
    ) -> list[ContentsEntry]:
        """Write the body and contents and fill the template's placeholders.

        ``hint`` says under the contents how to number its pages in Word.
        """
        writer = WordWriter(self, contents_levels=contents_levels)
        body = writer.write(blocks)
        contents = contents_xml(writer.contents, pages, contents_levels, hint=hint)
        values = dict(context)
        # The body goes in after docxtpl has filled the template: it is Word XML already, and
        # passing megabytes of it through Jinja and docxtpl's fix-ups would only cost time and memory.
        values["body"] = Markup(_BODY_MARKER)
        values["contents"] = Markup(contents)
        try:
            self.tpl.render(values, jinja_env=_sandbox(self.filters), autoescape=True)
        except (TemplateError, TypeError, ValueError, AttributeError, LookupError, ArithmeticError) as exc:
            raise RenderError(f"{self.template}: {_template_problem(exc, self.tpl)}") from None
        document = etree.tostring(self.docx.element, encoding="unicode")
        if len(_MARKER.findall(document)) != 1:
            raise RenderError(
                f"{self.template}: the template must have exactly one paragraph holding only {{{{p body }}}}"
            )
        self._body = body
        return writer.contents

    def save(self, properties: DocumentProperties, when: dt.datetime) -> bytes:
        """The finished package: properties set, personal metadata gone, deterministic, checked."""
        core = self.docx.core_properties
        # Word's document properties hold at most 255 characters each.
        core.title = _fit(properties.title)
        core.subject = _fit(properties.subject)
        core.author = _fit(properties.author)
        core.keywords = _fit(properties.keywords)
        core.category = _fit(properties.category)
        core.content_status = _fit(properties.status)
        core.language = properties.language
        core.comments = ""
        core.last_modified_by = ""
        core.identifier = ""
        core.version = ""
        core.revision = 1
        core.created = when
        core.modified = when
        printed = core._element.find(qn("cp:lastPrinted"))
        if printed is not None:
            core._element.remove(printed)
        _ensure_language(self.docx.styles.element, properties.language)
        if self._charts is not None:
            self._charts.finish(when)
        buffer = io.BytesIO()
        self.tpl.save(buffer)
        # The body is spliced into the saved XML rather than moved into python-docx's tree,
        # which costs time that grows with the square of a long table's rows.
        data = normalise_package(buffer.getvalue(), when, body=self._body)
        validate_package(data)
        return data


def _fit(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _template_problem(exc: BaseException, tpl: Any = None) -> str:
    """What went wrong in a Word template, and where: the part and the text near the tag."""
    if isinstance(exc, TemplateSyntaxError):
        kind = "is malformed"
    elif isinstance(exc, SecurityError):
        kind = "tried something that is not allowed"
    elif isinstance(exc, UndefinedError):
        kind = "uses something the report does not have"
    else:
        kind = "failed"
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, TypeError) and "no loader" in message:
        message = "templates cannot include or import other files"
    where = _where_in_template(exc, tpl)
    return f"the template {kind}{where}: {message}"


def _where_in_template(exc: BaseException, tpl: Any) -> str:
    """`` in word/document.xml, near "Total: {{ budget.totl }}"``, from the Jinja line of the error.

    docxtpl starts each Word paragraph on a new line of the template source,
    so the line number of the error points at the paragraph holding the tag.
    """
    line = getattr(exc, "lineno", None)
    if line is None:
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename == "<template>":
                line = frame.lineno
    part = getattr(getattr(tpl, "current_rendering_part", None), "partname", None)
    where = f" in {str(part).lstrip('/')}" if part else ""
    if line is None or tpl is None or part is None:
        return where
    try:
        source = re.sub(
            r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_part_xml(tpl.current_rendering_part))
        )
        text = re.sub(r"<[^>]+>", "", source.splitlines()[line - 1]).strip()
    except (IndexError, AttributeError, ValueError):
        return where
    shown = text if len(text) <= 80 else text[:77] + "..."
    return f'{where}, near "{shown}"' if shown else where


_BODY_STYLE = "LscbBodyMarker"
_BODY_MARKER = f'<w:p><w:pPr><w:pStyle w:val="{_BODY_STYLE}"/></w:pPr></w:p>'
_MARKER = re.compile(rf'<w:p>\s*<w:pPr>\s*<w:pStyle w:val="{_BODY_STYLE}"/>\s*</w:pPr>\s*</w:p>')
"""The paragraph that stands in the template for the body until the package is written."""


def _strict_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=False)


def _ensure_language(styles: Any, language: str) -> None:
    """Set the document's default language when the template has none."""
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
    if not lang.get(qn("w:val")):
        lang.set(qn("w:val"), language)


_PERSONAL_APP = re.compile(
    rb"<(Company|Manager|Template|TotalTime|HyperlinkBase)>[^<]*</\1>|<(Company|Manager|Template|HyperlinkBase)/>"
)
_DROPPED = (
    "word/comments.xml",
    "word/commentsExtended.xml",
    "word/commentsIds.xml",
    "word/commentsExtensible.xml",
    "word/people.xml",
)


_STORIES = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_HISTORY = re.compile(
    rb"<w:(commentRangeStart|commentRangeEnd|commentReference)\b[^>]*/>"
    rb"|<w:(rPrChange|pPrChange|sectPrChange|tblPrChange|trPrChange|tcPrChange|numberingChange)\b.*?</w:\2>"
    rb"|<w:del\b[^>]*>.*?</w:del>|<w:del\b[^>]*/>|</?w:ins\b[^>]*>"
    rb"|\sw:rsid\w*=\"[0-9A-Fa-f]*\"",
    re.DOTALL,
)
_SETTINGS_HISTORY = re.compile(
    rb"<w:rsids>.*?</w:rsids>|<w:trackRevisions\b[^>]*/>|<w:attachedTemplate\b[^>]*/>", re.DOTALL
)


def normalise_package(data: bytes, when: dt.datetime, *, body: str | None = None) -> bytes:
    """The same package with fixed timestamps and no personal metadata: no comments, no revision history.

    ``body`` (Word XML) takes the place of the body marker paragraph in ``word/document.xml``.
    """
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in _DROPPED:
                continue
            content = source.read(info.filename)
            if info.filename == "docProps/app.xml":
                content = _PERSONAL_APP.sub(b"", content)
            elif _STORIES.fullmatch(info.filename):
                # Tracked changes are accepted and comment anchors removed: the report carries no history.
                content = _HISTORY.sub(b"", content)
                if body is not None and info.filename == "word/document.xml":
                    before, after = _MARKER.split(content.decode("utf-8"), maxsplit=1)
                    content = f"{before}{body}{after}".encode()
            elif info.filename == "word/settings.xml":
                content = _SETTINGS_HISTORY.sub(b"", content)
            elif info.filename.endswith(".rels") or info.filename == "[Content_Types].xml":
                content = _drop_comment_references(content)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def _drop_comment_references(content: bytes) -> bytes:
    return re.sub(
        rb"<(Relationship|Override)[^>]*(comments|people)[^>]*/>", b"", content, flags=re.IGNORECASE
    )


def validate_package(data: bytes) -> None:
    """Parse every XML part strictly; raise :class:`RenderError` naming a malformed one."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(package.read(name), parser=_strict_parser())
                except etree.XMLSyntaxError as exc:
                    raise RenderError(f"the generated part {name} is not well-formed XML: {exc}") from None


def default_template() -> Path:
    """The house-style template shipped with lscb (inside the wheel, or the repository's ``templates/``)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (
        here / "templates" / "default" / "report.docx",
        here.parent.parent / "templates" / "default" / "report.docx",
    ):
        if candidate.is_file():
            return candidate
    raise RenderError("the default template is missing from this installation of lscb")
