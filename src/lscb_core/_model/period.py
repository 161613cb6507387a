"""Reporting periods and the partly known dates that annual reports use ("September 2015")."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

import attrs

__all__ = ["NotADateError", "PartialDate", "ReportingPeriod", "add_months", "format_date"]

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})


def format_date(day: dt.date) -> str:
    """A date written out as a report writes it: ``28 July 2015``."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


class NotADateError(ValueError):
    """Text that is not written as a date at all (as opposed to a date that does not exist)."""


@functools.total_ordering
@attrs.frozen(order=False)
class PartialDate:
    """A date known to the year, the month or the day (``2015``, ``2015-09``, ``2015-07-28``).

    Partial dates sort by the span they stand for: ``2015`` before ``2015-09``
    before ``2015-09-30``. :meth:`before` asks whether one is certainly earlier.
    """

    year: int = attrs.field(
        validator=attrs.validators.and_(attrs.validators.ge(1900), attrs.validators.le(2200))
    )
    month: int | None = attrs.field(
        default=None,
        validator=attrs.validators.optional([attrs.validators.ge(1), attrs.validators.le(12)]),
    )
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            dt.date(self.year, self.month, self.day)  # raises ValueError for 31 February

    def _key(self) -> tuple[dt.date, dt.date]:
        return (self.first_day, self.last_day)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def before(self, other: PartialDate) -> bool:
        """Whether all of this date's span comes before all of ``other``'s."""
        return self.last_day < other.first_day

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``2015``, ``2015-09``, ``2015-07-28``, ``September 2015`` or ``28 July 2015``.

        Raises :class:`NotADateError` for text not written as a date, and
        ``ValueError`` for a date written as one that does not exist (2015-02-30).
        """
        raw = text.strip()
        iso = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", raw)
        if iso:
            year, month, day = (int(g) if g else None for g in iso.groups())
            assert year is not None
            return cls(year, month, day)
        words = re.fullmatch(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)\.?,?\s+(\d{4})", raw)
        if words and words.group(2).lower() in _MONTHS:
            day_text, month_name, year_text = words.groups()
            return cls(int(year_text), _MONTHS[month_name.lower()], int(day_text) if day_text else None)
        raise NotADateError(f"must be a date like 2015-07-28, 2015-09 or 2015, got {text!r}")

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def text(self) -> str:
        """As a report writes it: ``2015``, ``September 2015`` or ``28 July 2015``."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{calendar.month_name[self.month]} {self.year}"
        return format_date(self.first_day)

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return self.first_day.isoformat()

    def __str__(self) -> str:
        return self.text


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_YEAR_SPAN = re.compile(
    r"(?P<before>.*?)(?P<first>\d{4})(?P<between>\s*[-/–]\s*|\s+to\s+)(?P<last>\d{4}|\d{2})(?P<after>.*)"
)


@attrs.frozen
class ReportingPeriod:
    """The span a report covers: any length, usually a financial year (1 April to 31 March).

    ``label`` is how the report names the period (``2015-16``, ``2019/20``,
    ``July 2019 to June 2020``); when the data does not give one it is worked
    out from the dates (:attr:`standard_label`).
    """

    start: dt.date
    end: dt.date
    label: str = ""

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(
                f"the period ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()})"
            )
        if not self.label.strip():
            object.__setattr__(self, "label", self.standard_label)

    @classmethod
    def financial_year(cls, first_year: int) -> ReportingPeriod:
        """1 April ``first_year`` to 31 March of the next year."""
        return cls(dt.date(first_year, 4, 1), dt.date(first_year + 1, 3, 31))

    @property
    def is_financial_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (
            4,
            1,
            3,
            31,
        ) and (self.end.year == self.start.year + 1)

    @property
    def months(self) -> int:
        """Whole calendar months covered, counting part months."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def span(self) -> str:
        """What a report calls the span it covers: ``year`` for twelve months, else ``period``."""
        return "year" if self.months == 12 else "period"

    @property
    def standard_label(self) -> str:
        """``2015-16`` for a financial year; otherwise ``July 2019 to June 2020``."""
        if self.is_financial_year:
            return f"{self.start.year}-{self.end.year % 100:02d}"
        return self.long_label

    @property
    def long_label(self) -> str:
        """``April 2015 to March 2016``."""
        first = f"{calendar.month_name[self.start.month]} {self.start.year}"
        last = f"{calendar.month_name[self.end.month]} {self.end.year}"
        return first if first == last else f"{first} to {last}"

    @property
    def slug(self) -> str:
        """A label safe in file names: ``2015-16`` or ``2019-07-to-2020-06`` (whatever the label)."""
        if self.is_financial_year:
            return self.standard_label
        return f"{self.start:%Y-%m}-to-{self.end:%Y-%m}"

    def contains(self, when: dt.date | PartialDate) -> bool:
        """Whether ``when`` falls in the period (a partial date overlapping it counts)."""
        if isinstance(when, PartialDate):
            return when.first_day <= self.end and when.last_day >= self.start
        return self.start <= when <= self.end

    def following(self) -> ReportingPeriod:
        """The year that follows, by the calendar: it starts the day after this period ends
        and runs twelve calendar months, whatever this period's own length.

        A July to June year is followed by a July to June year (leap day or not);
        a 17-month or 7-month period by a year from the month after it ends. A
        label the board gave in a style of its own (``2019/20``) is carried on
        (``2020/21``); otherwise the label is worked out from the dates.
        """
        try:
            start = self.end + dt.timedelta(days=1)
            end = add_months(start, 12) - dt.timedelta(days=1)
        except (OverflowError, ValueError):
            # A period ending near the year 9999 has no calendar after it (lscb check points the date out).
            return self
        following = ReportingPeriod(start, end)
        return attrs.evolve(following, label=self._carried_label(following))

    def _carried_label(self, following: ReportingPeriod) -> str:
        if self.label == self.standard_label:
            return following.standard_label
        match = _YEAR_SPAN.fullmatch(self.label)
        if match is None or int(match["first"]) != self.start.year:
            return following.standard_label
        last = match["last"]
        if int(last) not in (self.end.year, self.end.year % 100):
            return following.standard_label
        next_last = f"{following.end.year:04d}" if len(last) == 4 else f"{following.end.year % 100:02d}"
        return f"{match['before']}{following.start.year}{match['between']}{next_last}{match['after']}"

    def next_label(self) -> str:
        """The label of the year that follows (``2016-17``; see :meth:`following`)."""
        try:
            return self.following().label
        except (OverflowError, ValueError):  # a period ending near the year 9999 has no calendar after it
            return "the next period"
