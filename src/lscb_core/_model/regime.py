"""Statutory regimes: which law and guidance a report is written under."""

from __future__ import annotations

import enum

__all__ = ["Regime"]


class Regime(enum.Enum):
    """The statutory basis of a report, declared by the report itself.

    Local Safeguarding Children Boards published an annual report from 2006 to
    2019; the safeguarding children partnerships that replaced them publish a
    yearly report under Working Together 2018 and then 2023.
    """

    LSCB_2010 = "lscb-wt2010"
    LSCB_2013 = "lscb-wt2013"
    LSCB_2015 = "lscb-wt2015"
    PARTNERSHIP_2018 = "partnership-wt2018"
    PARTNERSHIP_2023 = "partnership-wt2023"

    @property
    def is_partnership(self) -> bool:
        return self.value.startswith("partnership")

    @property
    def guidance(self) -> str:
        """The statutory guidance the regime follows, by its title."""
        year = self.value.rsplit("wt", 1)[1]
        return f"Working Together to Safeguard Children {year}"

    @property
    def report_name(self) -> str:
        """What the guidance calls the report: ``Annual Report`` or ``Yearly Report``."""
        return "Yearly Report" if self.is_partnership else "Annual Report"
