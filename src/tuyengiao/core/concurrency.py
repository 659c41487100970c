"""Optimistic concurrency for Versioned records: the second save is refused, never lost."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.core.audit import user_or_none
from tuyengiao.core.exceptions import ConflictError, DomainError


def check_version(current: Any, version: int) -> None:
    """Raises ConflictError naming who saved `current` and when, unless it is still at `version`
    (the version the editor read). Call it on a row locked with select_for_update()."""
    if current.version != version:
        raise ConflictError(
            _("Changed by %(user)s at %(time)s; reload to see their change.")
            % {
                "user": current.updated_by or _("someone"),
                "time": timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y"),
            },
            extra={"current_version": current.version},
        )


def version_sent(request: Any, sent: int | None) -> int:
    """The version an API client read: the `If-Match` header wins over the body's `version`
    (NetBox's ETag). Without either, the write is refused: saving blind would overwrite."""
    if_match = request.headers.get("If-Match", "").strip('W/"')
    version = int(if_match) if if_match.isdigit() else sent
    if version is None:
        raise DomainError("version is required (or an If-Match header)", field="version")
    return version


def save_new_version(current: Any, *, actor: Any) -> None:
    """Saves `current` (read with select_for_update and passed through check_version) as the next
    version, by `actor`, and reloads it so the caller sees the stored values."""
    current.version = F("version") + 1
    current.updated_by = user_or_none(actor)
    current.save()
    current.refresh_from_db()
