"""Reporting periods: kinds, cut-off days, codes, Vietnamese labels and parsing."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import translation

from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.periods import Period, PeriodKind

D = dt.date
H1, H2 = Period.of_half(2020, 1), Period.of_half(2020, 2)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# Construction


def test_kinds_have_english_labels_for_translation():
    assert [(k.value, str(k.label)) for k in PeriodKind] == [
        ("month", "Month"),
        ("quarter", "Quarter"),
        ("half", "Half-year"),
        ("year", "Year"),
    ]


def test_named_constructors_match_the_plain_one():
    assert Period.of_year(2020) == Period(2020) == Period(2020, PeriodKind.YEAR, 1, 1)
    assert Period.of_half(2020, 2, start_day=15) == Period(2020, PeriodKind.HALF, 2, 15)
    assert Period.of_quarter(2020, 3) == Period(2020, PeriodKind.QUARTER, 3)
    assert Period.of_month(2020, 6) == Period(2020, PeriodKind.MONTH, 6)
    # The kind may come as text (a form, a model field) and is stored as the choice.
    assert Period(2020, "half", 1).kind is PeriodKind.HALF


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((2020, PeriodKind.MONTH, 13), "number"),
        ((2020, PeriodKind.MONTH, 0), "number"),
        ((2020, PeriodKind.QUARTER, 5), "number"),
        ((2020, PeriodKind.HALF, 3), "number"),
        ((2020, PeriodKind.YEAR, 2), "number"),
        ((2020, PeriodKind.HALF, 1, 0), "start_day"),
        ((2020, PeriodKind.HALF, 1, 29), "start_day"),
        ((2020, "week", 1), "kind"),
        ((2020, 1), "kind"),  # the old Period(year, half) spelling is refused, not misread
        ((20, PeriodKind.YEAR, 1), "year"),
        (("2020", PeriodKind.YEAR, 1), "year"),
    ],
)
def test_it_refuses_impossible_periods(args, field):
    with pytest.raises(DomainError) as error:
        Period(*args)
    assert error.value.field == field


def test_it_is_a_frozen_hashable_value():
    assert {Period.of_half(2020, 1), H1} == {H1}
    with pytest.raises(dataclasses.FrozenInstanceError):
        H1.number = 2  # type: ignore[misc]


# Dates


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period.of_year(2020), D(2020, 1, 1), D(2020, 12, 31)),
        (H1, D(2020, 1, 1), D(2020, 6, 30)),
        (H2, D(2020, 7, 1), D(2020, 12, 31)),
        (Period.of_quarter(2020, 1), D(2020, 1, 1), D(2020, 3, 31)),
        (Period.of_quarter(2020, 4), D(2020, 10, 1), D(2020, 12, 31)),
        (Period.of_month(2020, 2), D(2020, 2, 1), D(2020, 2, 29)),
        (Period.of_month(2021, 2), D(2021, 2, 1), D(2021, 2, 28)),
        (Period.of_month(2020, 12), D(2020, 12, 1), D(2020, 12, 31)),
        # Cut-off on the 15th: from the 15th of the month before to the 14th of the last month.
        (Period.of_half(2020, 1, start_day=15), D(2019, 12, 15), D(2020, 6, 14)),
        (Period.of_half(2020, 2, start_day=15), D(2020, 6, 15), D(2020, 12, 14)),
        (Period.of_year(2020, start_day=15), D(2019, 12, 15), D(2020, 12, 14)),
        (Period.of_quarter(2020, 1, start_day=15), D(2019, 12, 15), D(2020, 3, 14)),
        (Period.of_quarter(2020, 4, start_day=15), D(2020, 9, 15), D(2020, 12, 14)),
        (Period.of_month(2020, 1, start_day=15), D(2019, 12, 15), D(2020, 1, 14)),
        (Period.of_month(2020, 3, start_day=28), D(2020, 2, 28), D(2020, 3, 27)),
        (Period.of_month(2020, 3, start_day=2), D(2020, 2, 2), D(2020, 3, 1)),
    ],
)
def test_start_and_end(period, start, end):
    assert (period.start, period.end) == (start, end)


def test_periods_of_one_kind_follow_each_other_without_gap():
    for kind in PeriodKind:
        for start_day in (1, 15, 28):
            period = Period(2019, kind, 1, start_day)
            for _ in range(30):
                following = period.next()
                assert following.start == period.end + dt.timedelta(days=1)
                assert following.previous() == period
                period = following


def test_contains_reads_the_cut_off_dates():
    cut = H1.with_start_day(15)
    assert cut.contains(D(2019, 12, 15)) and cut.contains(D(2020, 6, 14))
    assert not cut.contains(D(2019, 12, 14)) and not cut.contains(D(2020, 6, 15))
    assert H1.contains(D(2020, 6, 30)) and not H1.contains(D(2020, 7, 1))


@pytest.mark.parametrize(
    ("day", "kind", "start_day", "code"),
    [
        (D(2020, 6, 30), PeriodKind.HALF, 1, "2020-H1"),
        (D(2020, 7, 1), PeriodKind.HALF, 1, "2020-H2"),
        (D(2020, 8, 9), PeriodKind.QUARTER, 1, "2020-Q3"),
        (D(2020, 8, 9), PeriodKind.MONTH, 1, "2020-M08"),
        (D(2020, 8, 9), "year", 1, "2020"),
        # Past the cut-off the figures already belong to the next month, even the next year.
        (D(2019, 12, 15), PeriodKind.YEAR, 15, "2020"),
        (D(2019, 12, 15), PeriodKind.HALF, 15, "2020-H1"),
        (D(2019, 12, 14), PeriodKind.HALF, 15, "2019-H2"),
        (D(2019, 12, 20), PeriodKind.MONTH, 15, "2020-M01"),
        (D(2020, 6, 14), PeriodKind.HALF, 15, "2020-H1"),
        (D(2020, 6, 15), PeriodKind.HALF, 15, "2020-H2"),
        (D(2020, 3, 15), PeriodKind.QUARTER, 15, "2020-Q2"),
    ],
)
def test_containing(day, kind, start_day, code):
    period = Period.containing(day, kind=kind, start_day=start_day)
    assert (period.code, period.start_day) == (code, start_day)
    assert period.contains(day)


def test_covers_compares_calendar_months():
    year = Period.of_year(2020)
    assert year.covers(H1) and year.covers(Period.of_month(2020, 12)) and year.covers(year)
    assert H1.covers(Period.of_quarter(2020, 2)) and not H1.covers(Period.of_quarter(2020, 3))
    assert Period.of_quarter(2020, 2).covers(Period.of_month(2020, 6))
    assert not H1.covers(year) and not year.covers(Period.of_month(2021, 1))
    # A cut-off moves the dates, not which months a period reports on.
    assert year.with_start_day(15).covers(Period.of_month(2020, 1))


# Neighbours


@pytest.mark.parametrize(
    ("period", "previous", "last_year"),
    [
        (Period.of_month(2020, 1), Period.of_month(2019, 12), Period.of_month(2019, 1)),
        (Period.of_month(2020, 7), Period.of_month(2020, 6), Period.of_month(2019, 7)),
        (Period.of_quarter(2020, 1), Period.of_quarter(2019, 4), Period.of_quarter(2019, 1)),
        (H1, Period.of_half(2019, 2), Period.of_half(2019, 1)),
        (H2, H1, Period.of_half(2019, 2)),
        (Period.of_year(2020), Period.of_year(2019), Period.of_year(2019)),
    ],
)
def test_previous_and_same_period_last_year(period, previous, last_year):
    assert period.previous() == previous
    assert period.same_period_last_year() == last_year


def test_neighbours_keep_the_cut_off():
    cut = Period.of_month(2020, 1, start_day=20)
    assert cut.previous() == Period.of_month(2019, 12, start_day=20)
    assert cut.next().start_day == cut.same_period_last_year().start_day == 20
    assert cut.with_start_day(1) == Period.of_month(2020, 1)
    with pytest.raises(DomainError):
        cut.with_start_day(31)


# Names


@pytest.mark.parametrize(
    ("period", "code", "label"),
    [
        (Period.of_year(2020), "2020", "Năm 2020"),
        (H1, "2020-H1", "6 tháng đầu năm 2020"),
        (H2, "2020-H2", "6 tháng cuối năm 2020"),
        (Period.of_quarter(2020, 2), "2020-Q2", "Quý II năm 2020"),
        (Period.of_quarter(2020, 4), "2020-Q4", "Quý IV năm 2020"),
        (Period.of_month(2020, 6), "2020-M06", "Tháng 6 năm 2020"),
        (Period.of_month(2020, 11, start_day=15), "2020-M11", "Tháng 11 năm 2020"),
    ],
)
def test_code_and_vietnamese_label_read_back(period, code, label):
    assert (period.code, str(period)) == (code, label)
    assert Period.parse(code, start_day=period.start_day) == period
    assert Period.parse(label, start_day=period.start_day) == period


def test_half_is_kept_for_the_rollups():
    assert (H1.half, H2.half) == (1, 2)
    assert Period.of_year(2020).half is None and Period.of_quarter(2020, 1).half is None


# Parsing


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2020", "2020"),
        (" 2020 ", "2020"),
        ("2020-H1", "2020-H1"),
        ("2020-h2", "2020-H2"),
        ("2020 - Q2", "2020-Q2"),
        ("2020-M06", "2020-M06"),
        ("2020-M6", "2020-M06"),
        ("2020-M12", "2020-M12"),
        ("6 tháng đầu năm 2020", "2020-H1"),
        ("6 tháng cuối năm 2020", "2020-H2"),
        ("06 tháng đầu năm 2020", "2020-H1"),
        ("Sơ kết 6 tháng đầu năm 2020", "2020-H1"),
        ("năm 2021", "2021"),
        ("Năm 2021", "2021"),
        ("quý I năm 2020", "2020-Q1"),
        ("quý 3/2020", "2020-Q3"),
        ("Quý III/2020", "2020-Q3"),
        ("QUÝ IV NĂM 2019", "2019-Q4"),
        ("quí 2 năm 2020", "2020-Q2"),
        ("Báo cáo quý II năm 2020 của Ban Tuyên giáo", "2020-Q2"),
        ("tháng 6 năm 2020", "2020-M06"),
        ("tháng 06/2020", "2020-M06"),
        ("Tháng 12/2019", "2019-M12"),
        ("Báo cáo tháng 11 năm 2020", "2020-M11"),
        # Decomposed text (pasted from some editors) reads like composed text.
        ("6 tha\u0301ng đầu năm 2020", "2020-H1"),
    ],
)
def test_parse(text, code):
    assert Period.parse(text).code == code


def test_parse_applies_the_cut_off():
    period = Period.parse("6 tháng đầu năm 2020", start_day=15)
    assert (period.start, period.end) == (D(2019, 12, 15), D(2020, 6, 14))


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "H1",
        "2020-H3",
        "2020-Q5",
        "2020-M13",
        "2020-M00",
        "20201",
        "tháng 13/2020",
        "tháng 0 năm 2020",
        "quý V năm 2020",
        "quý 5/2020",
        "6 tháng giữa năm 2020",
        "Tổng kết năm",
        "năm 0999",
    ],
)
def test_parse_errors_name_the_field_and_show_examples(text):
    with pytest.raises(DomainError) as error:
        Period.parse(text, field="ky_bao_cao")
    assert error.value.field == "ky_bao_cao"
    assert error.value.message.startswith(f"'{text or ''}' is not a period")
    assert "2020-H1" in error.value.message and "quý II năm 2020" in error.value.message


def test_parse_refuses_a_bad_cut_off_as_such():
    with pytest.raises(DomainError) as error:
        Period.parse("2020", start_day=30)
    assert error.value.field == "start_day"
