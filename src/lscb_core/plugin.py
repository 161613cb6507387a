"""Everything a plugin needs, in one place: the marker, the contract types, content blocks and helpers.

A plugin imports from here and from nowhere else in ``lscb_core``::

    from lscb_core.plugin import Section, SectionContext, hookimpl, prose

The hooks themselves are documented in :mod:`lscb_core._hooks.specs` (see the
hook reference); the names below are what those hooks receive and return.
Everything in a module whose name starts with an underscore is private and may
change in any release.
"""

from __future__ import annotations

from lscb_core._base.blocks import (
    Align,
    Block,
    BulletList,
    Cell,
    Chart,
    Column,
    Heading,
    Image,
    Inline,
    KeyFigure,
    KeyFigures,
    Link,
    NumberedList,
    PageBreak,
    Paragraph,
    Quote,
    Row,
    Signature,
    Table,
    Text,
    WordFragment,
    chart_table,
    paragraph,
)
from lscb_core._base.charts import ChartKind, ChartSpec, ChartUnit, Gap, Series
from lscb_core._base.findings import Finding, Level
from lscb_core._base.locations import DataPath, Location
from lscb_core._base.markers import hookimpl
from lscb_core._base.quantities import (
    Count,
    Money,
    Percent,
    SignedMoney,
    count_field,
    money_field,
    percent_field,
    signed_money_field,
)
from lscb_core._base.suppressed import Suppressed, SuppressedValueError, is_suppressed
from lscb_core._model.editions import Edition, Publishable, Visibility
from lscb_core._model.formatting import date_text, money, number, percent
from lscb_core._model.glossary import GlossaryWords, Term
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.period import PartialDate, ReportingPeriod
from lscb_core._model.plugin_data import DataSchema
from lscb_core._model.profiles import Profile
from lscb_core._model.text import Markdown
from lscb_core._sections.compose import Section, SectionContext
from lscb_core._sections.helpers import (
    bullets,
    flatten_paragraphs,
    join_words,
    number_column,
    plain_rows,
    prose,
    table,
    text_column,
    title_case_first,
)

__all__ = [
    "Align",
    "Block",
    "BulletList",
    "Cell",
    "Chart",
    "ChartKind",
    "ChartSpec",
    "ChartUnit",
    "Column",
    "Count",
    "DataPath",
    "DataSchema",
    "Edition",
    "Finding",
    "Gap",
    "GlossaryWords",
    "Heading",
    "Image",
    "Inline",
    "KeyFigure",
    "KeyFigures",
    "Level",
    "Link",
    "LoadedReport",
    "Location",
    "Markdown",
    "Money",
    "NumberedList",
    "PageBreak",
    "Paragraph",
    "PartialDate",
    "Percent",
    "Profile",
    "Publishable",
    "Quote",
    "ReportingPeriod",
    "Row",
    "Section",
    "SectionContext",
    "Series",
    "Signature",
    "SignedMoney",
    "Suppressed",
    "SuppressedValueError",
    "Table",
    "Term",
    "Text",
    "Visibility",
    "WordFragment",
    "bullets",
    "chart_table",
    "count_field",
    "date_text",
    "flatten_paragraphs",
    "hookimpl",
    "is_suppressed",
    "join_words",
    "money",
    "money_field",
    "number",
    "number_column",
    "paragraph",
    "percent",
    "percent_field",
    "plain_rows",
    "prose",
    "signed_money_field",
    "table",
    "text_column",
    "title_case_first",
]
