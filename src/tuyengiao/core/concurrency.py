"""Optimistic concurrency for Versioned records: the second save is refused, never lost."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.core.exceptions import ConflictError


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
