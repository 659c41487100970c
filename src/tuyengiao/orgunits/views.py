"""Unit pages: the tree as of a date, search, a unit's page with its history, and admin actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.htmx import is_partial
from tuyengiao.core.selectors import audit_list
from tuyengiao.orgunits import selectors, services
from tuyengiao.orgunits.choices import ReorganisationKind
from tuyengiao.orgunits.forms import OrgUnitEditForm, OrgUnitForm, ReorganisationForm
from tuyengiao.orgunits.models import OrgUnit

SEARCH_LIMIT = 100


def _form_error(form, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The tree as of the context date, or search results when `q` is given."""
    query = request.GET.get("q", "").strip()
    context = {"query": query}
    if query:
        results = selectors.orgunit_list(user=request.user, as_of=request.as_of, query=query)
        context["results"] = list(results[: SEARCH_LIMIT + 1])
        context["more"] = len(context["results"]) > SEARCH_LIMIT
        context["results"] = context["results"][:SEARCH_LIMIT]
    else:
        roots = selectors.orgunit_roots(user=request.user, as_of=request.as_of)
        context["roots"] = [
            (
                root,
                list(selectors.orgunit_children(user=request.user, unit=root, as_of=request.as_of)),
            )
            for root in roots
        ]
    return render(request, "orgunits/unit_tree.html", context)


@login_required
def unit_children(request: HttpRequest, pk: int) -> HttpResponse:
    """The children of a unit as of the context date (an htmx fragment of the tree)."""
    unit = selectors.orgunit_get(user=request.user, pk=pk)
    children = selectors.orgunit_children(user=request.user, unit=unit, as_of=request.as_of)
    return render(request, "orgunits/partials/_unit_children.html", {"children": children})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.orgunit_get(user=request.user, pk=pk)
    as_of = request.as_of
    can_manage = access.can(request.user, "manage", unit)
    context = {
        "unit": unit,
        "name_on": selectors.orgunit_name_on(unit, as_of),
        "parent_name_on": selectors.orgunit_name_on(unit.parent, as_of) if unit.parent else "",
        "valid_on_date": unit.is_valid_on(as_of),
        "ancestors": selectors.orgunit_ancestors(unit, as_of=as_of),
        "children": selectors.orgunit_children(user=request.user, unit=unit, as_of=as_of),
        "lineage": selectors.orgunit_lineage(unit=unit),
        "former_names": unit.former_names.all(),
        "mapped": selectors.orgunit_map_onto(unit=unit, as_of=as_of)
        if not unit.is_valid_on(as_of)
        else [],
        "can_manage": can_manage,
        "audit": audit_list(user=request.user, unit=unit)[:20] if can_manage else [],
    }
    return render(request, "orgunits/unit_detail.html", context)


@login_required
def unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Creates a child of unit `pk`."""
    parent = selectors.orgunit_get(user=request.user, pk=pk, action="manage")
    form = OrgUnitForm(request.POST or None, initial={"valid_from": request.as_of})
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.orgunit_create(actor=request.user, parent=parent, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Unit created."))
            return redirect(unit)
    return render(
        request, "orgunits/unit_form.html", {"form": form, "parent": parent, "title": _("New unit")}
    )


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.orgunit_get(user=request.user, pk=pk, action="manage")
    initial = {f: getattr(unit, f) for f in services.EDITABLE_FIELDS} | {"version": unit.version}
    form = OrgUnitEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.orgunit_update(actor=request.user, unit=unit, version=version, **data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Unit saved."))
            return redirect(unit)
    return render(
        request, "orgunits/unit_form.html", {"form": form, "unit": unit, "title": _("Edit unit")}
    )


@login_required
def unit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.orgunit_get(user=request.user, pk=pk, action="manage")
    if request.method == "POST":
        parent = unit.parent
        try:
            services.orgunit_delete(actor=request.user, unit=unit)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(unit)
        messages.success(request, _("Unit deleted."))
        return redirect(parent or "orgunits:unit_tree")
    return render(request, "orgunits/unit_delete.html", {"unit": unit})


def _unit_by_code(user, code: str, field: str) -> OrgUnit:
    unit = selectors.orgunit_list(user=user).filter(code=code).first()
    if unit is None:
        raise DomainError(
            _("No unit with code '%(code)s' that you can see.") % {"code": code}, field=field
        )
    return unit


@login_required
def unit_reorganise(request: HttpRequest, pk: int) -> HttpResponse:
    """Records a merge, split, move or rename starting from this unit."""
    unit = selectors.orgunit_get(user=request.user, pk=pk, action="manage")
    form = ReorganisationForm(request.POST or None, initial={"effective_date": request.as_of})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == ReorganisationKind.RENAME:
                services.orgunit_rename(
                    actor=request.user,
                    unit=unit,
                    name=data["new_name"],
                    effective_date=data["effective_date"],
                    decision=data["decision"],
                )
            else:
                others = [
                    _unit_by_code(request.user, c, "other_predecessors")
                    for c in data["other_predecessors"]
                ]
                parent = (
                    _unit_by_code(request.user, data["new_parent"], "new_parent")
                    if data["new_parent"]
                    else unit.parent
                )
                successors = [
                    services.SuccessorSpec(
                        code=code,
                        name=name,
                        parent=parent,
                        share=share,
                        share_basis=data["share_basis"],
                    )
                    for code, name, share in data["successors"]
                ]
                services.reorganisation_record(
                    actor=request.user,
                    kind=data["kind"],
                    effective_date=data["effective_date"],
                    predecessors=[unit, *others],
                    successors=successors,
                    decision=data["decision"],
                    note=data["note"],
                )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Reorganisation recorded."))
            return redirect(unit)
    template = (
        "orgunits/partials/_reorganise_form.html"
        if is_partial(request)
        else "orgunits/unit_reorganise.html"
    )
    return render(request, template, {"form": form, "unit": unit})
