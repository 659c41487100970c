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


class RowError(DomainError):
    """One row of an import is wrong; `row` is 1-based as the spreadsheet shows it."""

    def __init__(self, message: str, *, row: int, field: str | None = None, sheet: str = ""):
        super().__init__(message, field=field, extra={"row": row, "sheet": sheet})
        self.row = row
        self.sheet = sheet


class ImportRejected(DomainError):
    """An import found errors: nothing was written. `errors` lists every row error found."""

    def __init__(self, errors: list[RowError]):
        super().__init__(
            f"{len(errors)} error(s); nothing was imported",
            extra={"errors": [{"message": e.message, **e.extra} for e in errors]},
        )
        self.errors = errors
