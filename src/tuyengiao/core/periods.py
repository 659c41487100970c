"""Reporting periods as values: a year or a half-year (issue 4 adds months, quarters, cut-offs).

"2020" is the year 2020; "2020-H1" / "6 tháng đầu năm 2020" the first half; "2020-H2" the second.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tuyengiao.core.exceptions import DomainError

_HALF = re.compile(r"^\s*(\d{4})\s*-\s*H([12])\s*$", re.IGNORECASE)
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_VN_FIRST_HALF = re.compile(r"6\s*tháng\s*đầu\s*năm\s*(\d{4})", re.IGNORECASE)
_VN_LAST_HALF = re.compile(r"6\s*tháng\s*cuối\s*năm\s*(\d{4})", re.IGNORECASE)
_VN_YEAR = re.compile(r"^\s*năm\s*(\d{4})\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Period:
    """A year (`half` None) or one of its halves (1 or 2)."""

    year: int
    half: int | None = None

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def code(self) -> str:
        return f"{self.year}-H{self.half}" if self.half else str(self.year)

    def __str__(self) -> str:
        if self.half == 1:
            return f"6 tháng đầu năm {self.year}"
        if self.half == 2:
            return f"6 tháng cuối năm {self.year}"
        return f"Năm {self.year}"

    @classmethod
    def parse(cls, text: str, *, field: str = "period") -> Period:
        """Reads "2020", "2020-H1", "6 tháng đầu năm 2020", "năm 2021"."""
        for pattern, half in ((_HALF, None), (_VN_FIRST_HALF, 1), (_VN_LAST_HALF, 2)):
            match = pattern.search(text or "")
            if match:
                return cls(int(match.group(1)), half or int(match.group(2)))
        match = _YEAR.match(text or "") or _VN_YEAR.match(text or "")
        if match:
            return cls(int(match.group(1)))
        raise DomainError(
            f"'{text}' is not a period (e.g. 2020, 2020-H1, 6 tháng đầu năm 2020)", field=field
        )

    @classmethod
    def containing(cls, day: dt.date, *, half: bool) -> Period:
        return cls(day.year, (1 if day.month <= 6 else 2) if half else None)
