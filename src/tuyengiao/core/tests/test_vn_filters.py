"""The `vn` template filters write what core.formatting writes, and never raise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template("{% load vn %}" + source).render(Context(context))


def test_filters_format_figures_and_dates():
    out = render(
        "{{ n|vn_number }} {{ x|vn_number:2 }} {{ p|vn_percent }} {{ p|vn_percent:0 }} "
        "{{ m|vn_money }} {{ d|vn_date }} / {{ d|vn_date_long }}",
        n=1234567,
        x=Decimal("12.5"),
        p=95.55,
        m=626_000_000_000,
        d=dt.date(2020, 6, 30),
    )
    assert out == "1.234.567 12,50 95,6% 96% 626 tỉ đồng 30/06/2020 / ngày 30 tháng 6 năm 2020"


def test_filters_leave_blanks_and_strangers_alone():
    blank = (
        "{{ v|vn_number }}|{{ v|vn_percent }}|{{ v|vn_money }}|{{ v|vn_date }}|{{ v|vn_date_long }}"
    )
    assert render(blank, v=None) == render(blank, v="") == "||||"
    assert render(blank) == "||||"  # a missing variable is "" to Django
    assert render(blank, v="n/a") == "n/a|n/a|n/a|n/a|n/a"
    assert render("{{ v|vn_number }}", v="12.5") == "12,5"  # a figure kept as text
