"""Pages for admins to manage the users of their subtree, and for everyone's API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuyengiao import access
from tuyengiao.accounts import selectors, services
from tuyengiao.accounts.forms import MembershipForm, TokenForm, UserCreateForm
from tuyengiao.accounts.models import Membership
from tuyengiao.core.exceptions import DomainError
from tuyengiao.orgunits.selectors import orgunit_get


def _unit_choices(request: HttpRequest) -> list:
    wanted = request.POST.get("unit") or request.GET.get("unit")
    return selectors.role_unit_choices(user=request.user, as_of=request.as_of, include=wanted)


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    unit = (
        orgunit_get(user=request.user, pk=int(request.GET["unit"]))
        if request.GET.get("unit", "").isdigit()
        else None
    )
    users = selectors.user_list(user=request.user, unit=unit)
    return render(request, "accounts/user_list.html", {"users": users[:500], "unit": unit})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    units = _unit_choices(request)
    if not units and not request.user.is_superuser:
        return render(request, "accounts/user_list.html", {"users": [], "denied": True}, status=403)
    form = UserCreateForm(
        request.POST or None, units=units, initial={"unit": request.GET.get("unit")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                unit=orgunit_get(user=request.user, pk=data["unit"]),
                role=data["role"],
                full_name=data["full_name"],
                email=data["email"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("User created."))
            return redirect("accounts:user_detail", user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(user=request.user, pk=pk)
    form = MembershipForm(request.POST or None, units=_unit_choices(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(
                actor=request.user,
                user=target,
                unit=orgunit_get(user=request.user, pk=form.cleaned_data["unit"]),
                role=form.cleaned_data["role"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Role saved."))
            return redirect("accounts:user_detail", target.pk)
    return render(request, "accounts/user_detail.html", {"target": target, "form": form})


@login_required
@require_POST
def membership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = access.get_for_user(
        Membership.objects.select_related("user", "unit"), request.user, "manage", pk=pk
    )
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Role removed."))
    if selectors.user_list(user=request.user).filter(pk=membership.user_id).exists():
        return redirect("accounts:user_detail", membership.user_id)
    return redirect("accounts:user_list")


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        _token, raw = services.token_create(user=request.user, name=form.cleaned_data["name"])
    tokens = request.user.api_tokens.all()
    return render(request, "accounts/token_list.html", {"form": form, "tokens": tokens, "raw": raw})


@login_required
@require_POST
def token_delete(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.token_revoke(user=request.user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:token_list")
