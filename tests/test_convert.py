"""The converter: round trips, strict scalars, and errors in the words a report author uses."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given

from lscb_core._base.findings import LoadError
from lscb_core._base.quantities import Percent, SignedMoney, percent_field, signed_money_field
from lscb_core._loading.yamlfile import parse_yaml
from lscb_core._model.budget import Budget
from lscb_core._model.convert import converter, structure, unstructure
from lscb_core._model.members import Member
from lscb_core._model.period import PartialDate
from lscb_core._model.report import AnnualReport
from lscb_core._model.training import Course

from .strategies import reports


@given(reports())
def test_unstructure_then_structure_gives_the_same_report(report: AnnualReport) -> None:
    raw = unstructure(report)
    assert structure(raw, AnnualReport) == report
    # structure() tries the quick converter first; the detailed one reads every report alike.
    assert converter().structure(raw, AnnualReport) == report


def _errors(text: str, cl: type) -> list[str]:
    doc = parse_yaml(text, "f.yaml")
    with pytest.raises(LoadError) as info:
        structure(doc.value, cl, doc.sources)
    return [str(f) for f in info.value.findings]


def test_money_with_a_unit_suffix_is_located_and_explained() -> None:
    errors = _errors("lines:\n  - name: Services\n    spend: 48,311k\n", Budget)
    assert errors == [
        'f.yaml:3:12: error: spend must be a whole number of pounds, got "48,311k" [load.invalid]'
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3), ("1,234", 1234), ("£1,234", None), ("3.0", 3), ("-3", None), ("true", None), ("2.5", None)],
)
def test_counts_are_whole_non_negative_numbers(value: str, expected: int | None) -> None:
    doc = parse_yaml(f"name: c\nattendees: {value}\n", "f.yaml")
    if expected is None:
        with pytest.raises(LoadError):
            structure(doc.value, Course, doc.sources)
    else:
        assert structure(doc.value, Course, doc.sources).attendees == expected


def test_every_problem_is_found_though_the_quick_converter_stops_at_the_first() -> None:
    errors = _errors(
        "lines:\n  - name: Services\n    spend: 48,311k\n  - name: Staff\n    spend: lots\n", Budget
    )
    assert [e.split(": error:")[0] for e in errors] == ["f.yaml:3:12", "f.yaml:5:12"]


def test_pounds_sign_and_thousands_separators_are_accepted_for_money() -> None:
    doc = parse_yaml("carry_forward_in: '£100,595'\n", "f.yaml")
    assert structure(doc.value, Budget, doc.sources).carry_forward_in == 100595


def test_unknown_key_suggests_the_right_one() -> None:
    assert _errors("role: Chair\natended: 3\n", Member) == [
        "f.yaml:2:1: error: unknown key 'atended' in this file; did you mean 'attended'? [load.unknown-key]"
    ]


def test_missing_required_key_names_the_record() -> None:
    assert _errors("lines:\n  - spend: 3\n", Budget) == [
        "f.yaml:2:5: error: lines[0] needs the key 'name' [load.missing-key]"
    ]


def test_impossible_attendance_is_an_error_at_the_member() -> None:
    assert _errors("role: Chair\nattended: 5\npossible: 4\n", Member) == [
        "f.yaml:1:1: error: 'Chair' attended 5 meetings but could attend only 4 [load.invalid]"
    ]


def test_enum_values_are_matched_loosely_and_misspellings_suggested() -> None:
    doc = parse_yaml("role: x\ncategory: Lay Member\n", "f.yaml")
    assert structure(doc.value, Member, doc.sources).category.value == "lay-member"
    errors = _errors("role: x\ncategory: advisor\n", Member)
    assert errors[0].endswith(
        """category must be one of member, adviser, lay-member, business-unit; got "advisor"; did you mean 'adviser'? [load.invalid]"""
    )


def test_a_single_value_where_a_list_belongs_is_an_error_not_a_list_of_letters() -> None:
    assert _errors("notes: oops\n", Budget) == [
        'f.yaml:1:8: error: notes must be a list, got "oops"; write each item on a line of its own'
        " after '- ' (in brackets, a comma starts a new item) [load.invalid]"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015", PartialDate(2015)),
        ("2015-09", PartialDate(2015, 9)),
        ("2015-07-28", PartialDate(2015, 7, 28)),
        ("September 2015", PartialDate(2015, 9)),
        ("28th July 2015", PartialDate(2015, 7, 28)),
    ],
)
def test_partial_dates_read_the_ways_reports_write_them(text: str, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


def test_impossible_dates_are_refused() -> None:
    with pytest.raises(ValueError, match="day is out of range"):
        PartialDate(2015, 2, 30)
    assert PartialDate(2015, 9).text == "September 2015"
    assert PartialDate.of(dt.date(2015, 7, 28)).text == "28 July 2015"


def test_how_a_value_is_read_comes_from_its_type_not_from_message_text() -> None:
    from lscb_core._model.period import NotADateError, PartialDate

    with pytest.raises(NotADateError):
        PartialDate.parse("next spring")
    with pytest.raises(ValueError, match="day is out of range") as no_such_day:
        PartialDate.parse("2015-02-30")
    assert not isinstance(no_such_day.value, NotADateError)


@attrs.frozen
class _Fees:
    paid: SignedMoney = signed_money_field()
    share: Percent = percent_field()


def test_a_quantity_is_read_as_its_type_says() -> None:
    assert structure({"paid": "-£2,855", "share": "23%"}, _Fees) == _Fees(-2855, 23.0)
    with pytest.raises(LoadError) as caught:
        structure({"paid": "2855 pounds", "share": "150%"}, _Fees)
    assert sorted(f.message for f in caught.value.findings) == [
        'paid must be a whole number of pounds, got "2855 pounds"',
        'share must be a percentage from 0 to 100, got "150%"',
    ]
