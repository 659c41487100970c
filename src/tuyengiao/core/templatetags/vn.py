"""Vietnamese numbers, money and dates in templates: `{% load vn %}` then
`{{ figure|vn_number }}`, `{{ ratio|vn_percent }}`, `{{ value|vn_money }}`, `{{ day|vn_date }}`.

Like Django's own filters these never raise: None or "" gives "", anything that is not a number
or a date comes back as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from tuyengiao.core import formatting

register = template.Library()


def _number(value: Any, write: Callable[[Any], str]) -> Any:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = Decimal(value)  # a figure that reached the template as text ("12.5")
        except InvalidOperation:
            return value
    try:
        return write(value)
    except (TypeError, ValueError):
        return value


@register.filter
def vn_number(value: Any, decimals: int | None = None) -> Any:
    """1234567 -> 1.234.567; `|vn_number:2` keeps two decimals."""
    places = None if decimals in (None, "") else int(decimals)
    return _number(value, lambda v: formatting.format_number(v, decimals=places))


@register.filter
def vn_percent(value: Any, decimals: int = 1) -> Any:
    """95.55 -> 95,6%."""
    return _number(value, lambda v: formatting.format_percent(v, decimals=int(decimals)))


@register.filter
def vn_money(value: Any) -> Any:
    """626000000000 -> 626 tỉ đồng."""
    return _number(value, formatting.format_money)


@register.filter
def vn_date(value: Any) -> Any:
    """30/06/2020."""
    if value is None or value == "":
        return ""
    return formatting.format_date(value) if isinstance(value, dt.date) else value


@register.filter
def vn_date_long(value: Any) -> Any:
    """ngày 30 tháng 6 năm 2020."""
    if value is None or value == "":
        return ""
    return formatting.format_date_long(value) if isinstance(value, dt.date) else value
