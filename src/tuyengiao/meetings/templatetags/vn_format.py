"""Numbers as Vietnamese documents write them: "1.234" (dot between thousands), "87,5" (comma
before decimals). Reports quote the figures of these pages, so they read the same in both languages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def vn_number(value: int | float | None, decimals: int = 0) -> str:
    """1234 → "1.234"; 87.5 with decimals=1 → "87,5"; None → "—"."""
    if value is None or value == "":
        return "—"
    text = f"{float(value):,.{int(decimals)}f}" if decimals else f"{round(float(value)):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@register.filter
def vn_percent(value: float | None) -> str:
    """87.5 → "87,5%"; 100.0 → "100%"; None → "—"."""
    if value is None:
        return "—"
    decimals = 0 if float(value).is_integer() else 1
    return f"{vn_number(value, decimals)}%"


@register.filter
def lookup(mapping: dict, key: str):
    return mapping.get(key, key)
