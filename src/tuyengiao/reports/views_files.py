"""Report files on the pages: a report as DOCX (the Party's format) and as XLSX of its figures,
a roll-up's per-unit table as XLSX, and the import of such a table into a form's reports (all
rows or none, every refusal listed by row and column). Added to reports/urls.py through
`urlpatterns_files`.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.core import docx, xlsx
from tuyengiao.core.dates import today
from tuyengiao.core.exceptions import DomainError, ImportRejected
from tuyengiao.core.periods import Period
from tuyengiao.orgunits.selectors import orgunit_get
from tuyengiao.reports import exports, selectors, services_import
from tuyengiao.reports.models import Form
from tuyengiao.web.selectors import context_unit


class FiguresImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def submission_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as a DOCX in the Party's format, for anyone who may read the report."""
    submission = selectors.submission_get(user=request.user, pk=pk)
    content = services_import.submission_docx_file(user=request.user, submission=submission)
    return download(content, exports.docx_filename(submission), docx.CONTENT_TYPE)


@login_required
def submission_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's own figures as XLSX (the import's layout, one unit row)."""
    submission = selectors.submission_get(user=request.user, pk=pk)
    content = services_import.submission_xlsx_file(submission=submission)
    filename = exports.xlsx_filename(submission.form, submission.unit, submission.period)
    return download(content, filename, xlsx.CONTENT_TYPE)


def rollup_form(user, raw: str) -> Form:
    """A form by id or by code (as the roll-up page takes it); 404 when unknown."""
    raw = raw.strip()
    if raw.isdigit():
        return selectors.form_get(user=user, pk=int(raw))
    found = selectors.form_list(user=user).filter(code=raw.upper()).first()
    return selectors.form_get(user=user, pk=found.pk if found else 0)


@login_required
def rollup_xlsx(request: HttpRequest) -> HttpResponse:
    """A roll-up's per-unit table as XLSX: `?form=<id or code>&unit=<id>&period=2020-H1` (the
    roll-up page's parameters; the period defaults to the latest begun)."""
    form = rollup_form(request.user, request.GET.get("form", ""))
    raw_unit = request.GET.get("unit", "")
    unit = orgunit_get(user=request.user, pk=int(raw_unit) if raw_unit.isdigit() else 0)
    try:
        period = period_or_latest(form, request.GET.get("period", ""))
    except DomainError as exc:
        return HttpResponseBadRequest(exc.message)
    content = services_import.rollup_xlsx_file(
        user=request.user, form=form, unit=unit, period=period
    )
    return download(
        content, exports.xlsx_filename(form, unit, period, rollup=True), xlsx.CONTENT_TYPE
    )


def period_or_latest(form: Form, typed: str) -> Period:
    if typed.strip():
        return form.period(typed)
    return Period.containing(today(), kind=form.period_kind, start_day=form.start_day)


@login_required
def form_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a table of figures (the XLSX layout of the exports) into the form's reports of the
    file's period; every row must be a unit the user edits. The result page lists what was
    written, or every refused row with its column."""
    form = selectors.form_get(user=request.user, pk=pk)
    upload_form = FiguresImportForm(request.POST or None, request.FILES or None)
    rejected = result = None
    if request.method == "POST" and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        try:
            xlsx.check_upload_size(upload.size)
            result = services_import.submissions_import_xlsx(
                actor=request.user, form=form, data=upload.read()
            )
        except ImportRejected as exc:
            rejected = exc
        except DomainError as exc:
            upload_form.add_error("file", exc.message)
    unit = context_unit(user=request.user, unit_id=request.unit_context_id)
    template_period = period_or_latest(form, "")
    return render(
        request,
        "reports/import_figures.html",
        {
            "form": form,
            "upload_form": upload_form,
            "rejected": rejected,
            "result": result,
            "unit": unit,
            "template_period": template_period,
            "title": _("Import figures"),
        },
    )


urlpatterns_files = [
    path("submissions/<int:pk>/docx", submission_docx, name="submission_docx"),
    path("submissions/<int:pk>/xlsx", submission_xlsx, name="submission_xlsx"),
    path("rollup/xlsx", rollup_xlsx, name="rollup_xlsx"),
    path("forms/<int:pk>/import/", form_import, name="form_import"),
]
