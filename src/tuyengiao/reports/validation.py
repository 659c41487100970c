"""Reading and checking figures: what a typed value means for its indicator, and the form's rules.

Pure functions over definitions already read from the database; the services call them and write
nothing when any of them complains. Messages name the indicator so the entry page shows them beside
the field and an import shows them with the row and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.formatting import parse_number
from tuyengiao.reports.choices import RuleOperator, ValueType
from tuyengiao.reports.models import FormRule, Indicator

_YES = {"có", "co", "x", "yes", "y", "1", "true", "đạt"}
_NO = {"không", "khong", "no", "n", "0", "false", "chưa", "chua"}

Parsed = tuple[Decimal | None, str]  # (number, text)


def parse_value(indicator: Indicator, raw: object) -> Parsed | None:
    """The stored (number, text) for what was typed, None for an empty entry.

    Raises DomainError(field=indicator code) for a value of the wrong type or out of range.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if indicator.is_computed:
        raise DomainError(
            _("%(name)s is computed from other figures; it cannot be entered")
            % {"name": indicator.name},
            field=indicator.code,
        )
    if indicator.value_type == ValueType.TEXT:
        return None, str(raw).strip()
    if indicator.value_type == ValueType.BOOLEAN:
        if isinstance(raw, bool):
            return Decimal(int(raw)), ""
        word = str(raw).strip().lower()
        if word in _YES:
            return Decimal(1), ""
        if word in _NO:
            return Decimal(0), ""
        raise DomainError(
            _("%(name)s: '%(value)s' is not yes or no (có / không)")
            % {"name": indicator.name, "value": raw},
            field=indicator.code,
        )
    if isinstance(raw, bool):
        raise DomainError(
            _("%(name)s needs a number") % {"name": indicator.name}, field=indicator.code
        )
    if isinstance(raw, int | float | Decimal):
        number = Decimal(str(raw))
    else:
        try:
            number = parse_number(str(raw), field=indicator.code)
        except DomainError:
            raise DomainError(
                _("%(name)s: '%(value)s' is not a number") % {"name": indicator.name, "value": raw},
                field=indicator.code,
            ) from None
    if (
        indicator.value_type in (ValueType.INTEGER, ValueType.MONEY)
        and number != number.to_integral()
    ):
        raise DomainError(
            _("%(name)s must be a whole number, not %(value)s")
            % {"name": indicator.name, "value": raw},
            field=indicator.code,
        )
    low, high = _bounds(indicator)
    if (low is not None and number < low) or (high is not None and number > high):
        raise DomainError(
            _("%(name)s must be between %(low)s and %(high)s, not %(value)s")
            % {
                "name": indicator.name,
                "low": _plain(low) if low is not None else "…",
                "high": _plain(high) if high is not None else "…",
                "value": _plain(number),
            },
            field=indicator.code,
        )
    return number, ""


def _bounds(indicator: Indicator) -> tuple[Decimal | None, Decimal | None]:
    """The indicator's range; counts and money are never negative, a percent is 0–100 unless the
    indicator says otherwise."""
    low, high = indicator.min_value, indicator.max_value
    if low is None and indicator.value_type != ValueType.DECIMAL:
        low = Decimal(0)
    if high is None and indicator.value_type == ValueType.PERCENT:
        high = Decimal(100)
    return low, high


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def hint(indicator: Indicator, *, required: bool) -> str:
    """The rule shown beside the field: "required · 0–100"."""
    parts = [_("required")] if required else []
    if (
        indicator.value_type not in (ValueType.TEXT, ValueType.BOOLEAN)
        and not indicator.is_computed
    ):
        low, high = _bounds(indicator)
        if low is not None and high is not None:
            parts.append(f"{_plain(low)}–{_plain(high)}")
        elif low is not None:
            parts.append(f"≥ {_plain(low)}")
        elif high is not None:
            parts.append(f"≤ {_plain(high)}")
        if indicator.value_type in (ValueType.INTEGER, ValueType.MONEY):
            parts.append(_("whole number"))
    return " · ".join(parts)


_HOLDS = {
    RuleOperator.LTE: lambda a, b: a <= b,
    RuleOperator.LT: lambda a, b: a < b,
    RuleOperator.GTE: lambda a, b: a >= b,
    RuleOperator.EQ: lambda a, b: a == b,
}


def rule_errors(rules: Iterable[FormRule], numbers: Mapping[int, Decimal | None]) -> dict[str, str]:
    """Broken relations among the figures given (indicator id -> number), by the left figure's
    code. A relation with a side still empty is not checked: the draft is not finished."""
    errors: dict[str, str] = {}
    for rule in rules:
        left, right = numbers.get(rule.left_id), numbers.get(rule.right_id)
        if left is None or right is None:
            continue
        if not _HOLDS[RuleOperator(rule.operator)](left, right):
            errors[rule.left.code] = _("%(left)s (%(a)s) must be %(op)s %(right)s (%(b)s)") % {
                "left": rule.left.name,
                "a": _plain(left),
                "op": rule.get_operator_display(),
                "right": rule.right.name,
                "b": _plain(right),
            }
    return errors
