"""The application's error types: services raise these, pages and the API render them."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A business rule refused the request. `field` names the input at fault, when there is one."""

    def __init__(
        self, message: str, *, field: str | None = None, extra: dict[str, Any] | None = None
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = dict(extra or {})
        if field:
            self.extra.setdefault("field", field)


class ConflictError(DomainError):
    """Someone else saved the record since it was read: the second save is refused, not lost."""
