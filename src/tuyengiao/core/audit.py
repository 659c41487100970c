"""Writing the audit trail. Services call `audit_record` inside their transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from tuyengiao.core.models import AuditAction, AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def user_or_none(actor: Any) -> Any:
    """The actor as a user row to record (updated_by, created_by), or None for anonymous or
    system actors that have no row."""
    return actor if getattr(actor, "pk", None) else None


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audited fields of a record, as JSON-friendly values (a FK as its display string)."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field -> [old, new] for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    obj: models.Model,
    unit: Any,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Records one change of `obj`, filed under `unit` (whose admins may read it)."""
    return AuditEntry.objects.create(
        actor=user_or_none(actor),
        action=action,
        object_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        unit=unit,
        unit_path=unit.path if unit is not None else "",
        changes=changes or {},
    )
