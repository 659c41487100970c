"""Dates as the pages and the API take them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tuyengiao.core.exceptions import DomainError


def today() -> dt.date:
    """Today in the commissions' time zone (Asia/Ho_Chi_Minh), not the server's."""
    return timezone.localdate()


def parse_date(
    value: str | None, *, field: str = "as_of", default: dt.date | None = None
) -> dt.date:
    """Parses YYYY-MM-DD (what <input type=date> sends) or dd/mm/yyyy; empty gives `default`/today."""
    if value is None or not value.strip():
        return default or today()
    raw = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise DomainError(f"{field}: '{raw}' is not a date (use YYYY-MM-DD)", field=field)
