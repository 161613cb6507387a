"""The public view: made once, given to everything that makes the report, and giving nothing away.

Withheld text is written as unique marker tokens (``zqx...``) and searched for
in every part of the built package, nested packages included. Hidden counts
are tested through their value type and through the proof over the printed
figures. The narrative under test is generated from Python: one expression for
every field and property reachable in the view, and each number also through
every filter and ``+ - * /``. Only a few tests build a whole document; the
rest stop at the view and the rendered narrative.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from lscb_core._base.blocks import Block, Paragraph, Text
from lscb_core._base.errors import NarrativeError
from lscb_core._base.locations import Location
from lscb_core._base.markers import hookimpl
from lscb_core._base.quantities import Count, count_field
from lscb_core._base.suppressed import Suppressed
from lscb_core._build.build import _filters, build_report, template_values
from lscb_core._build.check import check_board
from lscb_core._build.session import load_report
from lscb_core._cli.main import main
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._model.editions import Edition, Publishable
from lscb_core._model.fences import FENCES, fence_lines, resolve_fences
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.plugin_data import DataSchema
from lscb_core._model.text import Markdown
from lscb_core._publication.disclosure import exposed, printed
from lscb_core._publication.relations import RELATIONS, figures_of
from lscb_core._publication.view import OTHER, View, make_view, rebuild
from lscb_core._sections.compose import SectionContext
from lscb_core._sections.templating import NarrativeRenderer

from .boardfactory import make_board
from .conftest import BOARDS, HERTFORDSHIRE

# --- a plugin with data of its own, some of it withheld or suppressible --------------------------------


@attrs.frozen(kw_only=True)
class Visit(Publishable):
    """A plugin's own item that a board can keep out of the public edition."""

    place: str
    note: Markdown | None = None
    children: Count = count_field(suppress="outreach.visits", suppress_by_default=True)


@attrs.frozen(kw_only=True)
class Outreach:
    """A plugin's data: visits, a suppressible count and a total of two counts."""

    visits: tuple[Visit, ...] = ()
    summary: Markdown | None = None
    referrals: Count = count_field(default=0, suppress="outreach.referrals", suppress_by_default=True)
    girls: Count = count_field(default=0, suppress="outreach.referrals", suppress_by_default=True)
    boys: Count = count_field(default=0, suppress="outreach.referrals", suppress_by_default=True)
    young_people: Count = count_field(default=0, sum_of=("girls", "boys"))


class OutreachPlugin:
    """Records what each hook was given, and prints its data in a slot and in the narrative."""

    def __init__(self) -> None:
        self.seen: dict[str, Any] = {}

    @hookimpl
    def lscb_data_schemas(self) -> Sequence[DataSchema]:
        return [DataSchema("outreach", {"outreach.yaml": Outreach})]

    @hookimpl
    def lscb_template_context(self, view: LoadedReport, edition: str) -> Mapping[str, Any]:
        self.seen["template_context"] = view
        return {"outreach": view.plugin_data.get("outreach", {}).get("outreach")}

    @hookimpl
    def lscb_jinja_filters(self) -> Mapping[str, Any]:
        def twice(value: Any) -> Any:
            self.seen.setdefault("filter", []).append(value)
            return value * 2

        return {"twice": twice}

    @hookimpl
    def lscb_slot_content(self, slot: str, context: SectionContext) -> list[Block] | None:
        if slot != "priorities.neglect.progress":
            return None
        self.seen["slot"] = context.loaded
        data = context.loaded.plugin_data.get("outreach", {}).get("outreach")
        if data is None:
            return None
        places = ", ".join(v.place for v in data.visits)
        return [
            Paragraph((Text(f"Visits: {places}; referrals {data.referrals}"),)),
            *context.md(data.summary),
        ]

    @hookimpl
    def lscb_check_public(self, view: LoadedReport) -> None:
        self.seen["check_public"] = view


MARKERS = {
    "review-subject": "zqxreviewsubject",
    "review-response": "zqxreviewresponse",
    "review-learning": "zqxreviewlearning",
    "review-recommendation": "zqxreviewrecommendation",
    "review-quote": "zqxreviewquote",
    "review-reason": "zqxreviewreason",
    "unpublished-subject": "zqxunpublishedsubject",
    "audit-title": "zqxaudittitle",
    "audit-purpose": "zqxauditpurpose",
    "audit-finding": "zqxauditfinding",
    "public-audit-finding": "zqxpublicauditfinding",
    "activity-name": "zqxactivityname",
    "activity-description": "zqxactivitydescription",
    "metric": "zqxmetric",
    "priority-title": "zqxprioritytitle",
    "priority-why": "zqxprioritywhy",
    "group-purpose": "zqxgrouppurpose",
    "group-highlight": "zqxgrouphighlight",
    "member": "zqxmemberrole",
    "inspection-quote": "zqxinspectionquote",
    "partner": "zqxpartner",
    "line": "zqxbudgetline",
    "income": "zqxincome",
    "course": "zqxcourse",
    "agency": "zqxagency",
    "narrative-fence": "zqxnarrativefence",
    "yaml-fence": "zqxyamlfence",
    "plugin-visit": "zqxpluginvisit",
    "plugin-note": "zqxpluginnote",
    "plugin-fence": "zqxpluginfence",
}
"""Unique tokens, each written only in something the public edition must not show."""

WITHHELD_MONEY = (987653, 876543, 876541, 765431)
"""Amounts of withheld money items; with the smallest visible item they hide in 'Other'."""

M = MARKERS
FILES: dict[str, str] = {
    "reviews.yaml": f"""cases:
  - reference: SCR Q
    kind: serious-case-review
    status: completed
    visibility: board-only
    public_summary: The review of SCR Q is for the board only.
    subject: A child {M["review-subject"]} in the county
    learning: [{M["review-learning"]}]
    recommendations: [{{text: Do {M["review-recommendation"]}}}]
    response: Partners did {M["review-response"]}.
    quotations: [{{text: {M["review-quote"]}, source: An inspector}}]
  - reference: PCR R
    kind: partnership-review
    status: completed
    subject: A young person {M["unpublished-subject"]}
    publication: {{decision: not-for-publication, reason: {M["review-reason"]}}}
  - reference: SCR P
    kind: serious-case-review
    status: published
    subject: A published review of neglect
""",
    "audits.yaml": f"""- id: a1
  title: Audit {M["audit-title"]}
  kind: multi-agency
  visibility: board-only
  purpose: To look at {M["audit-purpose"]}.
  findings: [{M["audit-finding"]}]
- id: a2
  title: A public audit
  kind: single-agency
  findings:
    - Records were good.
    - {{text: {M["public-audit-finding"]}, visibility: board-only}}
""",
    "activities.yaml": f"""- id: e1
  name: Event {M["activity-name"]}
  kind: event
  visibility: not-for-publication
  description: {M["activity-description"]}
- id: e2
  name: A public event
  kind: event
  metrics: [{{label: {M["metric"]}, value: 12, visibility: board-only}}, {{label: People who came, value: 40}}]
""",
    "priorities.yaml": f"""themes:
  - id: neglect
    title: Neglect
    priorities:
      - id: neglect
        title: Neglect
        progress: |
          A strategy was agreed.

          ::: board-only
          {M["yaml-fence"]}
          :::
      - id: secret
        title: Priority {M["priority-title"]}
        visibility: board-only
        why: {M["priority-why"]}
    next_steps: Put the strategy to work.
business_plan:
  priorities: [Tackle neglect]
""",
    "structure.yaml": f"""groups:
  - {{id: board, name: The Board, kind: board}}
  - id: sg
    name: Case review group
    kind: sub-group
    reports_to: board
    visibility: board-only
    purpose: {M["group-purpose"]}
    highlights: [{M["group-highlight"]}]
""",
    "members.yaml": f"""meetings_held: 4
members:
  - {{role: Independent chair, attended: 4, possible: 4}}
  - {{role: {M["member"]}, attended: 1, possible: 4, visibility: board-only}}
""",
    "inspections.yaml": f"""- inspectorate: Ofsted
  date: 2015-09
  judgements: [{{subject: The board, grade: good}}]
  quotations: [{{text: {M["inspection-quote"]}, source: Ofsted, visibility: board-only}}]
""",
    "budget.yaml": f"""contributions:
  - {{partner: County Council, amount: 200000}}
  - {{partner: Police, amount: 50000}}
  - {{partner: {M["partner"]}, amount: {WITHHELD_MONEY[0]}, visibility: board-only}}
carry_forward_in: 10000
lines:
  - {{name: Staff, budget: 150000, spend: 160000}}
  - {{name: Training, budget: 20000, spend: 15000}}
  - {{name: {M["line"]}, budget: {WITHHELD_MONEY[1]}, spend: {WITHHELD_MONEY[2]}, visibility: board-only}}
other_income:
  - {{source: Grant, amount: 5000}}
  - {{source: Fees, amount: 3000}}
  - {{source: {M["income"]}, amount: {WITHHELD_MONEY[3]}, visibility: board-only}}
""",
    "training.yaml": f"""courses:
  - {{name: Neglect, attendees: 120, times_run: 6}}
  - {{name: Online safety, attendees: 90, times_run: 4}}
  - {{name: {M["course"]}, attendees: 37, times_run: 2, visibility: board-only}}
by_agency:
  - {{agency: Police, attendees: 100}}
  - {{agency: Health, attendees: 110}}
  - {{agency: {M["agency"]}, attendees: 37, visibility: board-only}}
""",
    "cdop.yaml": """reviews_stated: 19
modifiable_stated: 4
categories_stated:
  - {category: perinatal-or-neonatal-event, reviews: 9}
  - {category: congenital, reviews: 6}
  - {category: infection, reviews: 3}
  - {category: malignancy, reviews: 1}
""".replace("congenital", "chromosomal-genetic-and-congenital-anomalies"),
    "settings.yaml": "suppression:\n  tables: [cdop.figures, training.courses, training.agencies]\n",
    "narrative/foreword.md": f"""The board met four times.

::: board-only
The board discussed {M["narrative-fence"]}.
:::

{{% for c in report.reviews.cases %}}{{{{ c.subject }}}} {{{{ c.response }}}} {{% endfor %}}

Contributions less the first: {{{{ budget.contributions_total - budget.contributions[0].amount }}}}.
""",
    "narrative/cdop.md": """The panel completed {{ cdop.reviews }} reviews; {{ cdop.with_modifiable_factors }} found modifiable factors ({{ cdop.modifiable_percent | percent }}), {{ 100 * cdop.with_modifiable_factors / cdop.reviews }} in a hundred.
""",
    "plugins/outreach/outreach.yaml": f"""visits:
  - {{place: Town hall, children: 40}}
  - {{place: {M["plugin-visit"]}, note: {M["plugin-note"]}, children: 30, visibility: board-only}}
summary: |
  Outreach went well.

  ::: board-only
  {M["plugin-fence"]}
  :::
referrals: 3
girls: 2
boys: 20
young_people: 22
""",
}


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, OutreachPlugin]:
    board = make_board(tmp_path_factory.mktemp("marked") / "board", FILES)
    return board, OutreachPlugin()


def _pm(plugin: object | None = None) -> Any:
    return make_plugin_manager(entry_points=False, extra=[plugin] if plugin else [])


def _view(
    board: Path, plugin: object | None = None, edition: Edition = Edition.PUBLIC
) -> tuple[LoadedReport, View]:
    pm = _pm(plugin)
    loaded = load_report(board, pm=pm)
    return loaded, make_view(loaded, edition)


def _package_text(data: bytes) -> Iterator[tuple[str, bytes]]:
    """Every part of a package, and of every package nested in it, as bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            content = package.read(name)
            yield name, content
            if content[:4] == b"PK\x03\x04":
                for inner, inner_content in _package_text(content):
                    yield f"{name}!{inner}", inner_content


# --- the whole document: at most a few full builds -------------------------------------------------------


@pytest.fixture(scope="module")
def built(
    marked: tuple[Path, OutreachPlugin], tmp_path_factory: pytest.TempPathFactory
) -> dict[Edition, bytes]:
    board, plugin = marked
    folder = tmp_path_factory.mktemp("built")
    out = {}
    for edition in Edition:
        target = folder / f"{edition.value}.docx"
        result = build_report(board, output=target, edition=edition, pm=_pm(plugin))
        assert result.ok, [str(f) for f in result.errors]
        out[edition] = target.read_bytes()
    return out


def _money_forms(amount: int) -> list[bytes]:
    return [f"{amount:,}".encode(), str(amount).encode()]


def test_no_withheld_text_or_amount_is_anywhere_in_the_public_package(built: dict[Edition, bytes]) -> None:
    parts = list(_package_text(built[Edition.PUBLIC]))
    assert any(name == "word/document.xml" for name, _ in parts)
    for name, content in parts:
        for what, marker in MARKERS.items():
            assert marker.encode() not in content, f"{what} in {name}"
        for amount in WITHHELD_MONEY:
            for form in _money_forms(amount):
                assert form not in content, f"{form!r} in {name}"


def test_the_board_edition_carries_every_marker(built: dict[Edition, bytes]) -> None:
    everything = b"".join(content for _, content in _package_text(built[Edition.BOARD]))
    missing = [
        what
        for what, marker in MARKERS.items()
        if marker.encode() not in everything and what not in ("review-reason", "plugin-note", "member")
    ]
    assert missing == []


def _tables(data: bytes) -> dict[str, list[list[str]]]:
    document = Document(io.BytesIO(data))
    return {t.rows[0].cells[0].text: [[c.text for c in r.cells] for r in t.rows] for t in document.tables}


def test_money_withheld_is_inside_other_and_the_totals_stay_true(built: dict[Edition, bytes]) -> None:
    tables = _tables(built[Edition.PUBLIC])
    partners = tables["Partner"]
    # One contribution withheld: the smallest visible (Police) joins it.
    assert [row[0] for row in partners] == ["Partner", "County Council", OTHER, "Total"]
    assert partners[2][1] == f"£{50000 + WITHHELD_MONEY[0]:,}"
    assert partners[-1][1] == f"£{250000 + WITHHELD_MONEY[0]:,}"
    lines = tables["Budget line"]
    assert [row[0] for row in lines] == ["Budget line", "Staff", OTHER, "Total"]
    income = tables["Other income"]
    assert [row[0] for row in income] == ["Other income", "Grant", OTHER, "Total"]
    assert income[2][1] == f"£{3000 + WITHHELD_MONEY[3]:,}"


def test_the_printed_figures_are_the_numbers_in_the_document(
    marked: tuple[Path, OutreachPlugin], built: dict[Edition, bytes]
) -> None:
    """The list the proof runs over is what the document shows, table by table."""
    board, plugin = marked
    _loaded, view = _view(board, plugin)
    figures = figures_of(view.loaded).figures
    tables = _tables(built[Edition.PUBLIC])

    def shown(key: tuple[str | int, ...], money: bool = False) -> str:
        value = figures[key].value
        if isinstance(value, Suppressed):
            return str(value)
        return f"£{value:,}" if money else f"{value:,}"

    partners = tables["Partner"]
    for row in partners[1:-1]:
        assert row[1] == shown(("budget", "contributions", row[0], "amount"), money=True)
    assert partners[-1][1] == shown(("budget", "contributions_total"), money=True)
    for row in tables["Budget line"][1:-1]:
        assert row[1:3] == [
            shown(("budget", "lines", row[0], "budget"), True),
            shown(("budget", "lines", row[0], "spend"), True),
        ]
    total = tables["Budget line"][-1]
    assert total[1:3] == [shown(("budget", "budget_total"), True), shown(("budget", "spend_total"), True)]
    categories = tables["Category of death"]
    for row in categories[1:-1]:
        label = row[0].split(". ", 1)[1]
        (key,) = [k for k, f in figures.items() if k[:2] == ("cdop", "by_category") and label in f.label]
        assert row[1] == shown(key)
    assert categories[-1][1] == shown(("cdop", "categories_total"))
    courses = tables["Name of course"]
    for row in courses[1:-1]:
        assert row[1:] == [
            shown(("training", "courses", row[0].casefold(), "attendees")),
            shown(("training", "courses", row[0].casefold(), "times_run")),
        ]
    assert courses[-1][1:] == [shown(("training", "attendees")), shown(("training", "sessions"))]
    # Every number printed in those tables is in the list (a hidden one is its symbol).
    values = {f"{v:,}" for v in printed(figures_of(view.loaded)).values() if isinstance(v, int)}
    for caption in (
        "Partner",
        "Budget line",
        "Other income",
        "Category of death",
        "Name of course",
        "Agency",
    ):
        for row in tables[caption][1:]:
            for cell in row[1:]:
                number = cell.replace("£", "").replace("-", "")
                if number and number not in ("c", "–") and re.fullmatch(r"[\d,]+", number):
                    assert number in values or cell.startswith("-"), (caption, row)


def test_hidden_counts_print_as_c_in_narrative_and_tables(built: dict[Edition, bytes]) -> None:
    document = Document(io.BytesIO(built[Edition.PUBLIC]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The panel completed 19 reviews; c found modifiable factors (c), c in a hundred." in text
    assert "c: a count from 1 to 5 is not shown" in text
    board = "\n".join(p.text for p in Document(io.BytesIO(built[Edition.BOARD])).paragraphs)
    assert "The panel completed 19 reviews; 4 found modifiable factors (21%)" in board


# --- the view, and what every hook is given ---------------------------------------------------------------


def test_every_hook_that_makes_the_report_gets_the_view(
    marked: tuple[Path, OutreachPlugin], built: dict[Edition, bytes]
) -> None:
    _board, plugin = marked
    for hook in ("template_context", "slot", "check_public"):
        view = plugin.seen[hook]
        assert isinstance(view, LoadedReport)
        data = view.plugin_data["outreach"]["outreach"]
        assert [v.place for v in data.visits] in (["Town hall"], ["Town hall", M["plugin-visit"]])
    text = "\n".join(p.text for p in Document(io.BytesIO(built[Edition.PUBLIC])).paragraphs)
    assert "Visits: Town hall; referrals c" in text
    assert "Outreach went well." in text


def test_a_plugins_data_is_withheld_and_suppressed_as_declared(marked: tuple[Path, OutreachPlugin]) -> None:
    board, plugin = marked
    _loaded, view = _view(board, plugin)
    data = view.loaded.plugin_data["outreach"]["outreach"]
    assert [v.place for v in data.visits] == ["Town hall"]
    assert isinstance(data.referrals, Suppressed)
    assert isinstance(data.girls, Suppressed)
    # The total of girls and boys is published, so one more count is hidden beside the small one.
    assert isinstance(data.boys, Suppressed)
    assert data.young_people == 22
    assert M["plugin-fence"] not in str(data.summary)
    _loaded, board_view = _view(board, plugin, Edition.BOARD)
    whole = board_view.loaded.plugin_data["outreach"]["outreach"]
    assert (whole.referrals, len(whole.visits)) == (3, 2)
    assert M["plugin-fence"] in str(whole.summary)
    assert ":::" not in str(whole.summary)


def test_the_board_view_keeps_everything(marked: tuple[Path, OutreachPlugin]) -> None:
    board, plugin = marked
    loaded, view = _view(board, plugin, Edition.BOARD)
    assert view.listed == ()
    assert view.problems == ()
    assert view.loaded.report.budget == loaded.report.budget
    assert view.loaded.report.reviews == loaded.report.reviews


def _walk(
    value: Any, expression: str, seen: set[int], depth: int = 0, limit: int | None = None
) -> Iterator[tuple[str, Any]]:
    """Every (expression, value) reachable from ``value`` through fields, properties, items and keys.

    A container reached twice (``report.budget`` and ``budget``) is walked once; with ``limit``, only
    the first items of a long list (every kind of field is still reached, not every instance).
    """
    yield expression, value
    if depth > 7 or isinstance(value, str | int | float | bool | Suppressed | Markdown) or value is None:
        return
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, tuple | list):
        for i, item in enumerate(value[:limit]):
            yield from _walk(item, f"{expression}[{i}]", seen, depth + 1, limit)
    elif isinstance(value, Mapping):
        for i, (key, item) in enumerate(value.items()):
            if isinstance(key, str) and key.isidentifier():
                yield from _walk(item, f"{expression}[{key!r}]", seen, depth + 1, limit)
            else:
                yield from _walk(item, f"({expression}.values() | list)[{i}]", seen, depth + 1, limit)
    elif attrs.has(type(value)):
        names = [f.name for f in attrs.fields(type(value))]
        names += [
            name
            for name in dir(type(value))
            if not name.startswith("_") and isinstance(getattr(type(value), name, None), property)
        ]
        for name in names:
            yield from _walk(getattr(value, name), f"{expression}.{name}", seen, depth + 1, limit)


NUMERIC = ("{e}", "{e} | number", "{e} | money", "{e} | percent", "{e} + 1", "{e} - 1", "{e} * 2", "{e} / 2")


def _narrative(
    values: Mapping[str, Any], filters: Sequence[str], limit: int | None = None
) -> tuple[str, list[tuple[str, Any]]]:
    """A narrative with one line per expression: every field and property, numbers through every filter."""
    lines: list[str] = []
    expressions: list[tuple[str, Any]] = []
    seen: set[int] = set()
    for name, value in values.items():
        for expression, found in _walk(value, name, seen, limit=limit):
            forms = ["{e}"]
            if isinstance(found, Suppressed) or (
                isinstance(found, int | float) and not isinstance(found, bool)
            ):
                forms = [*NUMERIC, *(f"{{e}} | {f}" for f in filters)]
            for form in forms:
                code = form.format(e=expression)
                lines.append(f"@{len(expressions)}@ {{{{ {code} }}}}")
                expressions.append((code, found))
    return "\n".join(lines) + "\n", expressions


def _rendered(
    board: Path, plugin: object | None = None, limit: int | None = None
) -> tuple[View, list[tuple[str, Any, str]]]:
    pm = _pm(plugin)
    loaded = load_report(board, pm=pm)
    view = make_view(loaded, Edition.PUBLIC)
    values = template_values(view.loaded, Edition.PUBLIC, pm)
    filters = _filters(pm)
    text, expressions = _narrative(values, sorted(filters), limit)
    output = NarrativeRenderer(values, filters).render(Markdown(text))
    found = dict(re.findall(r"^@(\d+)@ (.*)$", output, re.MULTILINE))
    return view, [(code, value, found.get(str(i), "")) for i, (code, value) in enumerate(expressions)]


@pytest.mark.parametrize("which", ["marked", "hertfordshire", "partnership"])
def test_every_expression_over_the_view_gives_nothing_away(
    which: str, marked: tuple[Path, OutreachPlugin]
) -> None:
    board, plugin = {
        "marked": marked,
        "hertfordshire": (HERTFORDSHIRE, None),
        "partnership": (BOARDS / "partnership", None),
    }[which]
    # Every item of the board with markers; for the larger boards, every kind of field and property.
    _shown, results = _rendered(board, plugin, None if which == "marked" else 3)
    assert len(results) > 300
    everything = "\n".join(out for _, _, out in results)
    for what, marker in MARKERS.items():
        assert marker not in everything, what
    for amount in WITHHELD_MONEY:
        for form in (f"{amount:,}", str(amount), str(amount + 1), f"{amount - 1:,}", f"{amount * 2:,}"):
            assert form not in everything
    hidden = [(code, out) for code, value, out in results if isinstance(value, Suppressed)]
    if which != "hertfordshire":
        assert hidden
    for code, out in hidden:
        assert out.strip() == "c", code


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ("{% if cdop.with_modifiable_factors > 2 %}many{% endif %}", "compared"),
        ("{% if cdop.with_modifiable_factors %}some{% endif %}", "tested as true or false"),
        ("{{ cdop.with_modifiable_factors | int }}", "converted to a whole number"),
        ("{{ cdop.with_modifiable_factors | float }}", "converted to a number"),
        ("{{ cdop.with_modifiable_factors | round }}", "rounded"),
        ("{% for i in range(cdop.with_modifiable_factors) %}x{% endfor %}", "used as a whole number"),
        ("{% for i in cdop.with_modifiable_factors %}x{% endfor %}", "looped over"),
        ("{{ '%d' % cdop.with_modifiable_factors }}", "converted to a whole number"),
        ("{{ '{:,}'.format(cdop.with_modifiable_factors) }}", "formatted as a number"),
        ("{{ {cdop.with_modifiable_factors: 1} }}", "used as a key"),
        ("{{ [cdop.with_modifiable_factors, 2] | max }}", "compared"),
        ("{{ cdop.with_modifiable_factors | twice | int }}", "a figure worked out from"),
    ],
)
def test_narrative_that_would_learn_a_hidden_count_fails_at_its_line(
    template: str, says: str, marked: tuple[Path, OutreachPlugin]
) -> None:
    board, plugin = marked
    pm = _pm(plugin)
    loaded = load_report(board, pm=pm)
    view = make_view(loaded, Edition.PUBLIC)
    values = template_values(view.loaded, Edition.PUBLIC, pm)
    narrative = Markdown(f"First line.\n\n{template}\n", loaded.report.narrative["cdop"].origin)
    with pytest.raises(NarrativeError) as caught:
        NarrativeRenderer(values, _filters(pm)).render(narrative)
    assert caught.value.location is not None
    assert caught.value.location.file.endswith("narrative/cdop.md")
    assert caught.value.location.line == 3
    assert "cdop.with_modifiable_factors" in caught.value.message
    assert says in caught.value.message


# --- the proof -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["marked", "hertfordshire", "partnership"])
def test_nothing_withheld_follows_from_the_printed_figures(
    which: str, marked: tuple[Path, OutreachPlugin]
) -> None:
    board, plugin = {
        "marked": marked,
        "hertfordshire": (HERTFORDSHIRE, None),
        "partnership": (BOARDS / "partnership", None),
    }[which]
    loaded, view = _view(board, plugin)
    assert view.problems == ()
    full, shown = figures_of(loaded), figures_of(view.loaded)
    assert exposed(full, shown) == []
    protected = [
        f
        for f in full.figures.values()
        if f.withheld or isinstance(shown.figures.get(f.key, f).value, Suppressed)
    ]
    if which != "hertfordshire":
        assert protected


def test_the_proof_finds_a_withheld_amount_left_to_subtraction(marked: tuple[Path, OutreachPlugin]) -> None:
    """The old public edition: the withheld contribution left out, the true total shown."""
    board, plugin = marked
    loaded, _ = _view(board, plugin)
    budget = loaded.report.budget
    assert budget is not None
    naive = rebuild(budget, {"contributions": tuple(c for c in budget.contributions if c.is_public)})
    # The true total, as the old edition printed it next to the items shown.
    naive = rebuild(naive, {}, {"contributions_total": budget.contributions_total})
    shown = attrs.evolve(loaded, report=attrs.evolve(loaded.report, budget=naive))
    found = exposed(figures_of(loaded), figures_of(shown))
    assert ("budget", "contributions", M["partner"], "amount") in [f.key for f in found]


def test_a_share_gives_its_numerator_away_when_its_denominator_is_known(
    marked: tuple[Path, OutreachPlugin],
) -> None:
    board, plugin = marked
    loaded, view = _view(board, plugin)
    cdop = view.loaded.report.cdop
    assert cdop is not None
    assert isinstance(cdop.with_modifiable_factors, Suppressed)
    assert isinstance(cdop.modifiable_percent, Suppressed)
    full = loaded.report.cdop
    assert full is not None
    leaky = rebuild(cdop, {}, {**cdop._lscb_view, "modifiable_percent": full.modifiable_percent})  # type: ignore[attr-defined]
    shown = attrs.evolve(view.loaded, report=attrs.evolve(view.loaded.report, cdop=leaky))
    keys = [f.key for f in exposed(figures_of(loaded), figures_of(shown))]
    assert ("cdop", "with_modifiable_factors") in keys


def test_the_relations_are_a_list_that_can_grow() -> None:
    names = [r.name for r in RELATIONS]
    for name in (
        "contributions total",
        "budget and spend totals",
        "variance",
        "other income total",
        "carry forward",
        "stated money",
        "child deaths by category",
        "child deaths by age band",
    ):
        assert name in names
    assert len(set(names)) == len(names)


# --- lscb check --edition public ---------------------------------------------------------------------------


def test_check_lists_what_the_public_edition_leaves_out(marked: tuple[Path, OutreachPlugin]) -> None:
    board, plugin = marked
    findings = check_board(board, pm=_pm(plugin), edition=Edition.PUBLIC).findings
    listed = [f for f in findings if f.code.startswith("public.")]
    assert all(f.location is not None and f.location.line for f in listed), [str(f) for f in listed]
    withheld = "\n".join(f.message for f in listed if f.code == "public.withheld")
    for what in ("SCR Q", "PCR R", "Visit", M["partner"], M["line"], M["income"], M["course"]):
        assert what in withheld, what
    changed = [f for f in listed if f.code == "public.changed"]
    assert {f.message.split("'")[1] for f in changed if OTHER in f.message} >= {"Police", "Training", "Fees"}
    suppressed = [f for f in listed if f.code == "public.suppressed"]
    assert any("cdop.with_modifiable_factors" in f.message for f in suppressed)
    plain = check_board(board, pm=_pm(plugin)).findings
    assert not [f for f in plain if f.code.startswith("public.")]


def test_lscb_check_edition_public_on_the_command_line() -> None:
    result = CliRunner().invoke(
        main, ["check", str(HERTFORDSHIRE), "--edition", "public", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    import json

    findings = json.loads(result.stdout)["findings"]
    (withheld,) = [f for f in findings if f["code"] == "public.withheld"]
    assert "PCR 2014" in withheld["message"]
    assert withheld["file"].endswith("reviews.yaml")
    assert withheld["line"]


def test_a_lone_withheld_item_that_cannot_be_protected_stops_the_public_edition(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {"budget.yaml": "contributions: [{partner: Secret fund, amount: 100, visibility: board-only}]\n"},
    )
    pm = _pm()
    errors = [f for f in check_board(board, pm=pm).findings if f.code == "publication.cannot-withhold"]
    assert len(errors) == 1
    assert errors[0].location is not None
    result = build_report(board, output=tmp_path / "p.docx", pm=pm)
    assert not result.ok
    assert "publication.cannot-withhold" in {f.code for f in result.errors}
    assert not (tmp_path / "p.docx").exists()


# --- fences ------------------------------------------------------------------------------------------


def test_a_misspelt_fence_is_an_error_with_its_place_and_the_known_names(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b", {"narrative/foreword.md": "Hello.\n\n::: board_only\nsecret\n:::\n"})
    (error,) = [f for f in check_board(board, pm=_pm()).findings if f.code == "narrative.fence"]
    assert error.location is not None
    assert error.location.file.endswith("narrative/foreword.md")
    assert error.location.line == 3
    assert "'::: board_only' is not a fence lscb knows" in error.message
    for name in FENCES:
        assert name in error.message
    with pytest.raises(NarrativeError):
        _view(board)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a\n:::\n", "this ':::' closes no passage"),
        ("a\n::: board-only\nb\n", "is never closed"),
        ("a\n:::board-only-ish\nb\n:::\n", "is not a fence lscb knows"),
    ],
)
def test_fences_that_are_not_well_formed(text: str, says: str) -> None:
    with pytest.raises(NarrativeError) as caught:
        resolve_fences(text, Edition.PUBLIC)
    assert says in caught.value.message


def test_fences_are_worked_out_in_the_source_keeping_line_numbers() -> None:
    text = "one\n::: board-only\nsecret\n:::\nfive\n```\n:::\n```\n"
    assert resolve_fences(text, Edition.PUBLIC) == "one\n\n\n\nfive\n```\n:::\n```\n"
    assert resolve_fences(text, Edition.BOARD) == "one\n\nsecret\n\nfive\n```\n:::\n```\n"


def test_a_fence_made_by_a_template_is_an_error() -> None:
    renderer = NarrativeRenderer({"open": "::: board-only"})
    with pytest.raises(NarrativeError) as caught:
        renderer.render("Before\n{{ ':::' }} board-only\nsecret\n")
    assert "a fence must be written in the narrative itself" in caught.value.message
    with pytest.raises(NarrativeError):
        renderer.render("Before\n{% if true %}::: board-only{% endif %}\nsecret\n")


def test_a_board_only_passage_in_a_yaml_markdown_field(marked: tuple[Path, OutreachPlugin]) -> None:
    board, plugin = marked
    _loaded, view = _view(board, plugin)
    progress = view.loaded.report.priorities.themes[0].priorities[0].progress
    assert progress is not None
    assert "A strategy was agreed." in progress.text
    assert M["yaml-fence"] not in progress.text


_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            ["::: board-only", ":::", "::::", "::: board_only", ":::x", "```", "  ::: board-only"]
        ),
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=12
        ),
    ),
    max_size=12,
)


@given(lines=_LINES)
def test_fences_in_any_text_are_worked_out_or_refused_at_their_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    origin = Location("narrative/x.md", 1)
    for edition in Edition:
        refused: NarrativeError | None = None
        try:
            resolved = resolve_fences(text, edition, origin)
        except NarrativeError as exc:
            refused = exc
        if refused is not None:
            line = refused.location.line if refused.location else None
            assert line is not None
            assert 1 <= line <= len(lines)
            continue
        assert resolved.count("\n") == text.count("\n")
        assert fence_lines(resolved) == []


def test_a_withheld_course_of_zeros_is_protected_without_error(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {
            "training.yaml": "courses: [{name: A, attendees: 0}, {name: B, attendees: 0, visibility: board-only}]\nattendees_stated: 0\n"
        },
    )
    loaded, view = _view(board)
    assert view.problems == ()
    assert exposed(figures_of(loaded), figures_of(view.loaded)) == []
    training = view.loaded.report.training
    assert training is not None
    assert [c.name for c in training.courses] == ["A", OTHER]
