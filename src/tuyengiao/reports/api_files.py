"""/api/v1 report files: a report as DOCX (the Party's format) or XLSX of its figures, a roll-up's
per-unit table as XLSX, and the import of such a table into a form's reports.

The same selectors and services as the pages: a report outside your units' subtrees answers 404;
an import writes every row or none, and a refused file answers 400 with `extra.errors`, one
`{sheet, row, column, message}` per refused cell.
"""

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from tuyengiao.core import docx, xlsx
from tuyengiao.orgunits import selectors as unit_selectors
from tuyengiao.reports import exports, selectors, services_import
from tuyengiao.reports.views_files import period_or_latest, rollup_form

router = Router(tags=["reports"])


def _binary(content_type: str, description: str) -> dict:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ImportOut(Schema):
    form: str
    period: str
    created: int
    updated: int
    unchanged: int
    values: int


@router.get(
    "/submissions/{pk}/docx",
    response={200: None},
    operation_id="reports_submission_docx",
    openapi_extra=_binary(docx.CONTENT_TYPE, "The report as DOCX"),
)
def submission_docx(request: HttpRequest, pk: int):
    """The report as a DOCX following Hướng dẫn 36-HD/VPTW: header blocks, number, place and
    date, subject, narrative with its figures, the figures table, signature and recipients."""
    submission = selectors.submission_get(user=request.user, pk=pk)
    content = services_import.submission_docx_file(user=request.user, submission=submission)
    return _file(content, exports.docx_filename(submission), docx.CONTENT_TYPE)


@router.get(
    "/submissions/{pk}/xlsx",
    response={200: None},
    operation_id="reports_submission_xlsx",
    openapi_extra=_binary(xlsx.CONTENT_TYPE, "The report's figures as XLSX"),
)
def submission_xlsx(request: HttpRequest, pk: int):
    """The report's own figures in the import's layout (sheet "Số liệu", one unit row)."""
    submission = selectors.submission_get(user=request.user, pk=pk)
    content = services_import.submission_xlsx_file(submission=submission)
    filename = exports.xlsx_filename(submission.form, submission.unit, submission.period)
    return _file(content, filename, xlsx.CONTENT_TYPE)


@router.get(
    "/rollups/xlsx",
    response={200: None},
    operation_id="reports_rollup_xlsx",
    openapi_extra=_binary(xlsx.CONTENT_TYPE, "The roll-up's per-unit table as XLSX"),
)
def rollup_xlsx(request: HttpRequest, form: str, unit: int, period: str = ""):
    """One row per unit of `unit`'s subtree that reports `form` (id or code) for `period`
    (default: the latest begun), with its own figures and status, then the totals. Importable."""
    report_form = rollup_form(request.user, form)
    target = unit_selectors.orgunit_get(user=request.user, pk=unit)
    chosen = period_or_latest(report_form, period)
    content = services_import.rollup_xlsx_file(
        user=request.user, form=report_form, unit=target, period=chosen
    )
    filename = exports.xlsx_filename(report_form, target, chosen, rollup=True)
    return _file(content, filename, xlsx.CONTENT_TYPE)


@router.post("/forms/{pk}/import", response={201: ImportOut}, operation_id="reports_form_import")
def form_import(request: HttpRequest, pk: int, file: File[UploadedFile]):
    """Writes the figures of an XLSX file in the export's layout into the form's reports for the
    file's period: all rows or none (400 with `extra.errors`). Each unit row must be a unit you
    edit; a unit without a report gets a draft; a locked report may only come back unchanged."""
    report_form = selectors.form_get(user=request.user, pk=pk)
    xlsx.check_upload_size(file.size)
    result = services_import.submissions_import_xlsx(
        actor=request.user, form=report_form, data=file.read()
    )
    return Status(
        201,
        {
            "form": report_form.code,
            "period": result.period.code,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "values": result.values,
        },
    )
