"""Live figures in narrative text, formatted the Vietnamese way.

A narrative section may write "Hoàn thành {{NV_XONG}}/{{NV_TONG}} nhiệm vụ, tổng giá trị
{{GT_CONGTRINH}}": each {{CODE}} becomes the report's figure over the unit's subtree ("60/85",
"626 tỉ đồng", "100%"); {{CODE.own}} the unit's own figure. A figure not reported yet reads "…".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from tuyengiao.core.formatting import format_money, format_number, format_percent
from tuyengiao.reports.choices import ValueType

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_\-]+)(\.own)?\s*\}\}")
MISSING = "…"


def placeholder_codes(text: str) -> list[str]:
    return [m.group(1).upper() for m in _PLACEHOLDER.finditer(text or "")]


def format_figure(value_type: str, value: Decimal | str | None) -> str:
    """A figure as a Vietnamese report prints it."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        return value
    if value_type == ValueType.PERCENT:
        return format_percent(value)
    if value_type == ValueType.MONEY:
        return format_money(value)
    if value_type == ValueType.BOOLEAN:
        return "có" if value else "không"
    if value_type == ValueType.INTEGER:
        return format_number(value.quantize(Decimal(1)) if value == value.to_integral() else value)
    return format_number(value)


def render_narrative(
    text: str,
    *,
    types: Mapping[str, str],
    totals: Mapping[str, Decimal | str | None],
    own: Mapping[str, Decimal | str | None],
) -> str:
    """`text` with each placeholder replaced by its formatted figure (codes by indicator code)."""

    def replace(match: re.Match[str]) -> str:
        code = match.group(1).upper()
        if code not in types:
            return match.group(0)
        source = own if match.group(2) else totals
        return format_figure(types[code], source.get(code))

    return _PLACEHOLDER.sub(replace, text or "")
