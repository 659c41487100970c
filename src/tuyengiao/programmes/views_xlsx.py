"""Programme spreadsheets on the pages: export a programme with statuses, download the import
template, and import a filled template (all rows or none, every refusal listed by sheet, row
and column). Included by programmes/urls.py through `urlpatterns_xlsx`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tuyengiao.core import xlsx
from tuyengiao.core.exceptions import DomainError, ImportRejected
from tuyengiao.programmes import exports, selectors, services_import


class ProgrammeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def programme_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme as XLSX, with each task's status on the context date."""
    programme = selectors.programme_get(user=request.user, pk=pk)
    content = services_import.programme_export_file(
        user=request.user, programme=programme, as_of=request.as_of
    )
    return _download(
        content,
        f"chuong-trinh-{programme.year}-{programme.unit.code}-{request.as_of:%Y%m%d}.xlsx",
    )


@login_required
def programme_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The empty template for this programme's year, with its unit as the default lead unit."""
    programme = selectors.programme_get(user=request.user, pk=pk)
    content = exports.programme_template_xlsx(year=programme.year, unit_code=programme.unit.code)
    return _download(content, f"mau-chuong-trinh-{programme.year}-{programme.unit.code}.xlsx")


@login_required
def programme_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a filled template (editors of the programme's unit); `?template=1` downloads it."""
    if request.GET.get("template"):
        return programme_import_template(request, pk)
    programme = selectors.programme_get(user=request.user, pk=pk, action="edit")
    form = ProgrammeImportForm(request.POST or None, request.FILES or None)
    rejected = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            xlsx.check_upload_size(upload.size)
            count = services_import.programme_import_xlsx(
                actor=request.user, programme=programme, data=upload.read()
            )
        except ImportRejected as exc:
            rejected = exc
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(
                request,
                ngettext("%(count)d task imported.", "%(count)d tasks imported.", count)
                % {"count": count},
            )
            return redirect(programme)
    return render(
        request,
        "programmes/programme_import.html",
        {"programme": programme, "form": form, "rejected": rejected},
    )


urlpatterns_xlsx = [
    path("<int:pk>/export.xlsx", programme_export, name="programme_export"),
    path("<int:pk>/import/", programme_import, name="programme_import"),
    path(
        "<int:pk>/import/template.xlsx", programme_import_template, name="programme_import_template"
    ),
]
