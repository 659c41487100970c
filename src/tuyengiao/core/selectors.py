"""Reads of the audit trail."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tuyengiao import access
from tuyengiao.core.models import AuditEntry


def audit_list(*, user: Any, unit: Any = None) -> QuerySet[AuditEntry]:
    """The audit trail of the subtrees the user administers (optionally, of one unit's subtree)."""
    qs = access.scope(AuditEntry.objects.all(), user, "manage").select_related(
        "actor", "object_type"
    )
    if unit is not None:
        qs = qs.filter(unit_path__startswith=unit.path)
    return qs
