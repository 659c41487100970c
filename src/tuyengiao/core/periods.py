"""Reporting periods as values: a month, a quarter, a half-year or a year, with a cut-off day.

Codes: "2020" (the year), "2020-H1" (first half), "2020-Q3" (third quarter), "2020-M06" (June).
Labels are Vietnamese because they are domain data (they head reports): "6 tháng đầu năm 2020".

Many commissions close their figures before the calendar ends ("số liệu tính từ ngày 15/12/2019
đến ngày 14/6/2020"): with `start_day` d > 1 a period starts on day d of the month before its
first calendar month and ends on day d-1 of its last one. The code names the calendar period
either way; `start_day` only moves the dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.core.exceptions import DomainError


class PeriodKind(models.TextChoices):
    MONTH = "month", gettext_lazy("Month")
    QUARTER = "quarter", gettext_lazy("Quarter")
    HALF = "half", gettext_lazy("Half-year")
    YEAR = "year", gettext_lazy("Year")


# Calendar months in one period of each kind; the number of such periods in a year follows.
_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_FROM_ROMAN = {roman: n for n, roman in _ROMAN.items()}
# A cut-off past the 28th would not exist in February.
MAX_START_DAY = 28
MIN_YEAR, MAX_YEAR = 1900, 2999

_YEAR_CODE = re.compile(r"^\s*(\d{4})\s*$")
_CODE = re.compile(r"^\s*(\d{4})\s*-\s*(?:H([12])|Q([1-4])|M(0?[1-9]|1[0-2]))\s*$", re.IGNORECASE)
# Vietnamese phrases may sit inside a longer title ("Sơ kết 6 tháng đầu năm 2020"), so they are
# searched for, not matched whole; a bare year must stand alone ("năm 2021").
_VN_HALF = re.compile(r"(?<!\d)0?6\s*tháng\s*(đầu|cuối)\s*năm\s*(\d{4})(?!\d)", re.IGNORECASE)
_VN_QUARTER = re.compile(
    r"(?<!\w)qu[ýí]\s*(IV|I{1,3}|[1-4])(?![\w])\s*(?:năm\s*|/\s*)(\d{4})(?!\d)", re.IGNORECASE
)
_VN_MONTH = re.compile(r"(?<!\w)tháng\s*(\d{1,2})\s*(?:năm\s*|/\s*)(\d{4})(?!\d)", re.IGNORECASE)
_VN_YEAR = re.compile(r"^\s*năm\s*(\d{4})\s*$", re.IGNORECASE)


def _month_start(index: int, day: int) -> dt.date:
    """Day `day` of the month numbered `index` = year * 12 + (month - 1)."""
    year, month0 = divmod(index, 12)
    return dt.date(year, month0 + 1, day)


def _check_start_day(start_day: int) -> None:
    if isinstance(start_day, bool) or not isinstance(start_day, int):
        raise DomainError(_("The cut-off day must be a whole number."), field="start_day")
    if not 1 <= start_day <= MAX_START_DAY:
        raise DomainError(
            _("The cut-off day must be between 1 and %(max)s.") % {"max": MAX_START_DAY},
            field="start_day",
        )


@dataclass(frozen=True, slots=True)
class Period:
    """One reporting period: `number` counts within the year (month 1-12, quarter 1-4, half 1-2,
    year 1); `start_day` is the cut-off day (1 = calendar dates)."""

    year: int
    kind: PeriodKind = PeriodKind.YEAR
    number: int = 1
    start_day: int = 1

    def __post_init__(self) -> None:
        try:
            kind = PeriodKind(self.kind)
        except ValueError:
            raise DomainError(
                _("'%(kind)s' is not a kind of period.") % {"kind": self.kind}, field="kind"
            ) from None
        object.__setattr__(self, "kind", kind)  # "half" given as text becomes PeriodKind.HALF
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise DomainError(_("The year must be a whole number."), field="year")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise DomainError(
                _("The year must be between %(min)s and %(max)s.")
                % {"min": MIN_YEAR, "max": MAX_YEAR},
                field="year",
            )
        count = 12 // _MONTHS[kind]
        if isinstance(self.number, bool) or not isinstance(self.number, int):
            raise DomainError(_("The period number must be a whole number."), field="number")
        if not 1 <= self.number <= count:
            raise DomainError(
                _("A %(kind)s is numbered 1 to %(count)s, not %(number)s.")
                % {"kind": kind.label.lower(), "count": count, "number": self.number},
                field="number",
            )
        _check_start_day(self.start_day)

    # Construction

    @classmethod
    def of_year(cls, year: int, *, start_day: int = 1) -> Period:
        return cls(year, PeriodKind.YEAR, 1, start_day)

    @classmethod
    def of_half(cls, year: int, number: int, *, start_day: int = 1) -> Period:
        return cls(year, PeriodKind.HALF, number, start_day)

    @classmethod
    def of_quarter(cls, year: int, number: int, *, start_day: int = 1) -> Period:
        return cls(year, PeriodKind.QUARTER, number, start_day)

    @classmethod
    def of_month(cls, year: int, number: int, *, start_day: int = 1) -> Period:
        return cls(year, PeriodKind.MONTH, number, start_day)

    @classmethod
    def containing(cls, day: dt.date, *, kind: PeriodKind | str, start_day: int = 1) -> Period:
        """The period of `kind` whose dates hold `day`: with cut-off 15, 20/12/2019 falls in
        January 2020, the first half of 2020 and the year 2020."""
        _check_start_day(start_day)
        kind = PeriodKind(kind)
        index = day.year * 12 + day.month - 1
        if start_day > 1 and day.day >= start_day:
            index += 1  # past the cut-off: already the next month's figures
        year, month0 = divmod(index, 12)
        return cls(year, kind, month0 // _MONTHS[kind] + 1, start_day)

    @classmethod
    def parse(cls, text: str | None, *, start_day: int = 1, field: str = "period") -> Period:
        """Reads a code ("2020", "2020-H1", "2020-Q2", "2020-M06") or Vietnamese ("năm 2021",
        "6 tháng đầu năm 2020", "quý II năm 2020", "quý 3/2020", "tháng 6 năm 2020",
        "tháng 06/2020"); a half, quarter or month may sit inside a longer title."""
        _check_start_day(start_day)
        # Text pasted from Word may come decomposed (e + combining marks): compose it first.
        raw = unicodedata.normalize("NFC", text or "")
        found = cls._find(raw)
        if found is not None:
            year, kind, number = found
            try:
                return cls(year, kind, number, start_day)
            except DomainError:
                pass  # "tháng 13/2020", "năm 0999": reported below as not a period
        raise DomainError(
            _(
                "'%(text)s' is not a period (e.g. 2020, 2020-H1, 2020-Q2, 2020-M06, "
                "6 tháng đầu năm 2020, quý II năm 2020, tháng 6 năm 2020)"
            )
            % {"text": text or ""},
            field=field,
        )

    @staticmethod
    def _find(raw: str) -> tuple[int, PeriodKind, int] | None:
        if match := _YEAR_CODE.match(raw) or _VN_YEAR.match(raw):
            return int(match.group(1)), PeriodKind.YEAR, 1
        if match := _CODE.match(raw):
            half, quarter, month = match.group(2, 3, 4)
            if half:
                return int(match.group(1)), PeriodKind.HALF, int(half)
            if quarter:
                return int(match.group(1)), PeriodKind.QUARTER, int(quarter)
            return int(match.group(1)), PeriodKind.MONTH, int(month)
        if match := _VN_HALF.search(raw):
            return int(match.group(2)), PeriodKind.HALF, 1 if match.group(1).lower() == "đầu" else 2
        if match := _VN_QUARTER.search(raw):
            numeral = match.group(1).upper()
            number = _FROM_ROMAN.get(numeral) or int(numeral)
            return int(match.group(2)), PeriodKind.QUARTER, number
        if match := _VN_MONTH.search(raw):
            return int(match.group(2)), PeriodKind.MONTH, int(match.group(1))
        return None

    # Dates

    @property
    def _first_month(self) -> int:
        """The period's first calendar month as year * 12 + (month - 1)."""
        return self.year * 12 + (self.number - 1) * _MONTHS[self.kind]

    @property
    def _last_month(self) -> int:
        return self._first_month + _MONTHS[self.kind] - 1

    @property
    def start(self) -> dt.date:
        if self.start_day == 1:
            return _month_start(self._first_month, 1)
        return _month_start(self._first_month - 1, self.start_day)

    @property
    def end(self) -> dt.date:
        # The day before the next period starts, whatever the cut-off.
        following = self._last_month + 1 - (self.start_day > 1)
        return _month_start(following, self.start_day) - dt.timedelta(days=1)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def covers(self, other: Period) -> bool:
        """Whether `other`'s calendar months all lie within this period's (cut-off days aside):
        the year covers its halves, a half its quarters, a quarter its months."""
        return self._first_month <= other._first_month and other._last_month <= self._last_month

    # Neighbours

    def previous(self) -> Period:
        """The period of the same kind just before: January 2020 -> December 2019."""
        if self.number > 1:
            return dataclasses.replace(self, number=self.number - 1)
        return dataclasses.replace(self, year=self.year - 1, number=12 // _MONTHS[self.kind])

    def next(self) -> Period:
        """The period of the same kind just after: the second half of 2020 -> the first of 2021."""
        if self.number < 12 // _MONTHS[self.kind]:
            return dataclasses.replace(self, number=self.number + 1)
        return dataclasses.replace(self, year=self.year + 1, number=1)

    def same_period_last_year(self) -> Period:
        """What a report compares with ("so với cùng kỳ năm trước")."""
        return dataclasses.replace(self, year=self.year - 1)

    def with_start_day(self, start_day: int) -> Period:
        return dataclasses.replace(self, start_day=start_day)

    # Names

    @property
    def half(self) -> int | None:
        """1 or 2 for a half-year, else None (the roll-ups read periods this way)."""
        return self.number if self.kind == PeriodKind.HALF else None

    @property
    def code(self) -> str:
        if self.kind == PeriodKind.HALF:
            return f"{self.year}-H{self.number}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.year}-M{self.number:02d}"
        return str(self.year)

    def __str__(self) -> str:
        if self.kind == PeriodKind.HALF:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"Quý {_ROMAN[self.number]} năm {self.year}"
        if self.kind == PeriodKind.MONTH:
            return f"Tháng {self.number} năm {self.year}"
        return f"Năm {self.year}"
