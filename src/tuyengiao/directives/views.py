"""Directive registry pages: the list (search, type filter), register, edit, delete.

The registry is readable by every signed-in user; writes go to the editors of the keeping unit
(403 otherwise). A refused code is shown on the form with the code it probably meant.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.core.exceptions import DomainError
from tuyengiao.directives import selectors, services
from tuyengiao.directives.choices import DocumentType
from tuyengiao.directives.forms import DirectiveEditForm, DirectiveForm
from tuyengiao.directives.models import Directive
from tuyengiao.orgunits.selectors import orgunit_get
from tuyengiao.web.selectors import context_unit

PAGE_SIZE = 50


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    suggestion = exc.extra.get("suggestion")
    if suggestion:
        form.suggestion = suggestion


def directive_link(directive: Directive, user: Any) -> str | None:
    """Where a row of the list leads: the directive's page once the meetings app provides it,
    until then its edit page for those who may edit it."""
    try:
        return directive.get_absolute_url()
    except NoReverseMatch:
        pass
    if access.can(user, "edit", directive):
        return reverse("directives:directive_edit", args=[directive.pk])
    return None


@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    """Every registered document, searchable diacritic-free or by code, filtered by type."""
    search = request.GET.get("q", "").strip()
    doc_type = request.GET.get("type", "")
    if doc_type not in DocumentType.values:
        doc_type = ""
    directives = selectors.directive_list(
        user=request.user, search=search or None, doc_type=doc_type or None
    )
    page = Paginator(directives, PAGE_SIZE).get_page(request.GET.get("page"))
    for directive in page:
        directive.link = directive_link(directive, request.user)
    unit = context_unit(user=request.user, unit_id=request.unit_context_id)
    context = {
        "page": page,
        "q": search,
        "type": doc_type,
        "types": DocumentType.choices,
        "can_create": unit is not None and access.can(request.user, "edit", unit),
        "unit": unit,
    }
    return render(request, "directives/directive_list.html", context)


@login_required
def directive_create(request: HttpRequest) -> HttpResponse:
    """Registers a document kept by the unit in context (its editors)."""
    unit = context_unit(user=request.user, unit_id=request.unit_context_id)
    if unit is None:
        raise Http404("no unit in context")
    unit = orgunit_get(user=request.user, pk=unit.pk, action="edit")
    form = DirectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            directive = services.directive_create(
                actor=request.user, unit=unit, **form.cleaned_data
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Registered: %(code)s") % {"code": directive.code})
            return redirect("directives:directive_list")
    return render(
        request, "directives/directive_form.html", {"form": form, "unit": unit, "directive": None}
    )


@login_required
def directive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Changes a document; a stale version is refused with who changed it and when."""
    directive = selectors.directive_get(user=request.user, pk=pk, action="edit")
    initial = {
        "code": directive.code,
        "title": directive.title,
        "issued_on": directive.issued_on,
        "term": directive.term,
        "status": directive.status,
        "version": directive.version,
    }
    form = DirectiveEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.directive_update(
                actor=request.user, directive=directive, version=version, **data
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("directives:directive_list")
    context = {"form": form, "unit": directive.unit, "directive": directive}
    return render(request, "directives/directive_form.html", context)


@login_required
def directive_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks, then deletes a document registered by mistake; one that is cited stays."""
    directive = selectors.directive_get(user=request.user, pk=pk, action="edit")
    error = None
    if request.method == "POST":
        try:
            services.directive_delete(actor=request.user, directive=directive)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Deleted: %(code)s") % {"code": directive.code})
            return redirect("directives:directive_list")
    context = {"directive": directive, "error": error}
    return render(
        request, "directives/directive_delete.html", context, status=400 if error else 200
    )
