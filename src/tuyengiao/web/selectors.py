"""Reads behind the dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count

from tuyengiao.orgunits.selectors import orgunit_list, orgunit_roots


def dashboard_summary(*, user: Any, as_of: dt.date) -> list[dict]:
    """For each top unit the user sees: how many units of each level its subtree holds on `as_of`."""
    rows = []
    for root in orgunit_roots(user=user, as_of=as_of):
        counts = dict(
            orgunit_list(user=user, as_of=as_of, subtree_of=root)
            .order_by()
            .values_list("level")
            .annotate(n=Count("pk"))
        )
        rows.append({"unit": root, "counts": counts})
    return rows
