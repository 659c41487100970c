"""People pages: the list with diacritic-free search, a person with their positions (add, end),
create, edit and delete. Officials' public roles only: name, title, unit, dates.

Readable by every signed-in user; a position is written by the editors of its unit, a name by
the editors of a unit where the person holds a position (services.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuyengiao import access
from tuyengiao.core.dates import today
from tuyengiao.core.exceptions import DomainError
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.selectors import orgunit_children
from tuyengiao.people import selectors, services
from tuyengiao.people.forms import PersonEditForm, PersonForm, PositionEndForm, PositionForm
from tuyengiao.people.models import Person
from tuyengiao.web.selectors import context_unit

PAGE_SIZE = 50


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _position_units(request: HttpRequest) -> list[OrgUnit]:
    """Units offered for a new position: the unit in context and its children, those the user
    edits (an admin picks a unit further down by putting it in context)."""
    unit = context_unit(user=request.user, unit_id=request.unit_context_id)
    if unit is None:
        return []
    units = [unit, *orgunit_children(user=request.user, unit=unit, as_of=request.as_of)]
    return [u for u in units if access.can(request.user, "edit", u)]


def _can_add_people(user) -> bool:
    return access.scope(OrgUnit.objects.all(), user, "edit").exists()


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    people = selectors.person_list(user=request.user, search=search or None)
    context = {
        "page": Paginator(people, PAGE_SIZE).get_page(request.GET.get("page")),
        "q": search,
        "can_create": _can_add_people(request.user),
    }
    return render(request, "people/person_list.html", context)


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    if not _can_add_people(request.user):
        raise PermissionDenied("not allowed to add people")
    form = PersonForm(request.POST or None)
    namesakes: list[Person] = []
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["full_name"]
        namesakes = list(selectors.person_list(user=request.user, search=name)[:10])
        if namesakes and not request.POST.get("confirm_namesake"):
            form.add_error(None, _("People with this name exist: is it one of them?"))
        else:
            try:
                person = services.person_create(actor=request.user, full_name=name)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Added: %(name)s") % {"name": person.full_name})
                return redirect(person)
    return render(
        request, "people/person_form.html", {"form": form, "person": None, "namesakes": namesakes}
    )


def _detail(
    request: HttpRequest,
    person: Person,
    *,
    position_form: PositionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    units = _position_units(request)
    positions = list(person.positions.all())
    for position in positions:
        position.can_edit = access.can(request.user, "edit", position)
        position.held_today = position.held_on(today())
    context = {
        "person": person,
        "positions": positions,
        "can_edit": services.can_edit_person(request.user, person),
        "position_form": position_form
        or (PositionForm(units=units, initial={"valid_from": request.as_of}) if units else None),
        "today": today(),
    }
    return render(request, "people/person_detail.html", context, status=status)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The person and every position they held, with the forms their units' editors use."""
    return _detail(request, selectors.person_get(user=request.user, pk=pk))


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    if not services.can_edit_person(request.user, person):
        raise PermissionDenied("not allowed to edit this person")
    form = PersonEditForm(
        request.POST or None, initial={"full_name": person.full_name, "version": person.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(person)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@login_required
@require_POST
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deletes a person entered by mistake (from the edit page); refused while meetings name them."""
    person = selectors.person_get(user=request.user, pk=pk)
    try:
        services.person_delete(actor=request.user, person=person)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(person)
    messages.success(request, _("Deleted: %(name)s") % {"name": person.full_name})
    return redirect("people:person_list")


@login_required
def position_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect(person)
    units = _position_units(request)
    if not units:
        raise PermissionDenied("no unit to add a position in")
    form = PositionForm(request.POST, units=units)
    if form.is_valid():
        try:
            services.position_add(actor=request.user, person=person, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Position added."))
            return redirect(person)
    return _detail(request, person, position_form=form, status=400)


@login_required
@require_POST
def position_end(request: HttpRequest, pk: int) -> HttpResponse:
    position = selectors.position_get(user=request.user, pk=pk, action="edit")
    form = PositionEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the last day of the position."))
        return redirect(position.person)
    try:
        services.position_end(actor=request.user, position=position, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Position ended."))
    return redirect(position.person)
