"""Vietnamese numbers, percentages, money and dates, written and read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.formatting import (
    format_date,
    format_date_long,
    format_money,
    format_number,
    format_percent,
    parse_number,
)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234567, None, "1.234.567"),
        (12.5, None, "12,5"),
        (-1234, None, "-1.234"),
        (Decimal("1234.500"), None, "1.234,5"),
        (Decimal("1E+3"), None, "1.000"),
        (0, None, "0"),
        (999, None, "999"),
        (-0.0001, None, "-0,0001"),
        (12.5, 2, "12,50"),
        (1234.5678, 2, "1.234,57"),
        (2.5, 0, "3"),  # half up, as by hand
        (-0.001, 2, "0,00"),  # no "-0"
        (None, None, ""),
        (None, 2, ""),
    ],
)
def test_format_number(value, decimals, text):
    assert format_number(value, decimals=decimals) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (100, "100%"),
        (95.55, "95,6%"),
        (95.0, "95%"),
        (Decimal("33.333"), "33,3%"),
        (0.04, "0%"),
        (-2.25, "-2,3%"),
        (None, ""),
    ],
)
def test_format_percent(value, text):
    assert format_percent(value) == text


def test_format_percent_takes_decimals():
    assert (format_percent(95.555, decimals=2), format_percent(95.5, decimals=0)) == (
        "95,56%",
        "96%",
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (626_000_000_000, "626 tỉ đồng"),
        (1_500_000_000, "1,5 tỉ đồng"),
        (1_234_000_000_000, "1.234 tỉ đồng"),
        (1_234_567_890, "1,23 tỉ đồng"),
        (250_000_000, "250 triệu đồng"),
        (1_234_567, "1,23 triệu đồng"),
        (999_999_999, "1 tỉ đồng"),  # rounds up into the next word, not "1.000 triệu"
        (500_000, "500.000 đồng"),
        (0, "0 đồng"),
        (-1_500_000_000, "-1,5 tỉ đồng"),
        (Decimal("1500000000.00"), "1,5 tỉ đồng"),
        (None, ""),
    ],
)
def test_format_money(value, text):
    assert format_money(value) == text


@pytest.mark.parametrize(
    ("day", "short", "long"),
    [
        (dt.date(2020, 6, 30), "30/06/2020", "ngày 30 tháng 6 năm 2020"),
        (dt.date(2020, 12, 1), "01/12/2020", "ngày 01 tháng 12 năm 2020"),
        # Days below 10 and months 1 and 2 are written with a leading zero in documents.
        (dt.date(2021, 2, 5), "05/02/2021", "ngày 05 tháng 02 năm 2021"),
        (dt.date(2021, 1, 15), "15/01/2021", "ngày 15 tháng 01 năm 2021"),
        (None, "", ""),
    ],
)
def test_format_dates(day, short, long):
    assert (format_date(day), format_date_long(day)) == (short, long)


def test_an_aware_datetime_is_dated_in_vietnam():
    # 20:00 UTC on 30/06 is already 03:00 on 01/07 in Hà Nội.
    moment = dt.datetime(2020, 6, 30, 20, 0, tzinfo=dt.UTC)
    with timezone.override("Asia/Ho_Chi_Minh"):
        assert format_date(moment) == "01/07/2020"
        assert format_date_long(moment) == "ngày 01 tháng 7 năm 2020"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234.567", Decimal(1234567)),
        ("12,5", Decimal("12.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1 234", Decimal(1234)),
        ("1\u00a0234\u00a0567", Decimal(1234567)),
        ("12.5", Decimal("12.5")),
        ("1.234", Decimal(1234)),  # a dot before exactly three digits groups thousands
        ("1234.567", Decimal("1234.567")),  # ... unless the first group is too long for one
        ("0.500", Decimal("0.5")),
        ("1,234,567", Decimal(1234567)),
        ("1,234.5", Decimal("1234.5")),
        ("-3", Decimal(-3)),
        ("\u22123", Decimal(-3)),
        ("+7", Decimal(7)),
        ("95%", Decimal(95)),
        ("95,5 %", Decimal("95.5")),
        ("626 tỉ", Decimal(626_000_000_000)),
        ("626 tỷ", Decimal(626_000_000_000)),
        ("626 tỉ đồng", Decimal(626_000_000_000)),
        ("1,5 triệu", Decimal(1_500_000)),
        ("1.234 tỉ", Decimal(1_234_000_000_000)),
        ("2 nghìn", Decimal(2000)),
        ("3 ngàn", Decimal(3000)),
        ("500.000đ", Decimal(500_000)),
        ("  42  ", Decimal(42)),
        (17, Decimal(17)),
        (Decimal("2.5"), Decimal("2.5")),
    ],
)
def test_parse_number(text, value):
    parsed = parse_number(text)
    assert parsed == value
    assert str(parsed) == str(value)  # 1500000, not 1500000.0


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        None,
        "abc",
        "1.23.4",
        "1..2",
        "12,",
        ".5",
        "1,2,3",
        "12 5",
        "tỉ",
        "1e5",
        "NaN",
        "1-2",
    ],
)
def test_parse_number_errors_quote_the_input(text):
    with translation.override("en"), pytest.raises(DomainError) as error:
        parse_number(text, field="so_lieu")
    assert error.value.field == "so_lieu"
    assert error.value.message.startswith(f"'{text or ''}' is not a number")


def test_written_numbers_read_back():
    for value in (Decimal(1234567), Decimal("12.5"), Decimal("-1234.25"), Decimal(0)):
        assert parse_number(format_number(value)) == value
    for value in (626_000_000_000, 1_500_000_000, 250_000_000, 500_000):
        assert parse_number(format_money(value)) == value
