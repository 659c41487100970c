"""The application's error types: services raise these, pages and the API render them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


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
    """One refused cell (or row) of an imported spreadsheet, named as a person finds it:
    "Trang tính Nhiệm vụ, dòng 12, cột Thời hạn: …". `row` is the sheet's own row number (1 = the
    first row), `column` the column's header; either is None when the fault is the whole sheet
    or the whole row. `detail` is the reason without the location."""

    def __init__(
        self, detail: str, *, sheet: str, row: int | None = None, column: str | None = None
    ):
        if row is not None and column:
            where = _("Sheet %(sheet)s, row %(row)s, column %(column)s") % {
                "sheet": sheet,
                "row": row,
                "column": column,
            }
        elif row is not None:
            where = _("Sheet %(sheet)s, row %(row)s") % {"sheet": sheet, "row": row}
        else:
            where = _("Sheet %(sheet)s") % {"sheet": sheet}
        super().__init__(f"{where}: {detail}", field=column)
        self.detail = detail
        self.sheet = sheet
        self.row = row
        self.column = column

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportRejected(DomainError):
    """An import refused as a whole: nothing was written. `errors` lists every refused row, in
    sheet and row order, so the person fixes the file once rather than once per error."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda e: (e.sheet, e.row or 0))
        message = ngettext(
            "The file was not imported: %(count)d error.",
            "The file was not imported: %(count)d errors.",
            len(self.errors),
        ) % {"count": len(self.errors)}
        super().__init__(message, extra={"errors": [e.as_dict() for e in self.errors]})
