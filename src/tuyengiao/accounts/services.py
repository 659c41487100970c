"""Writes to users, memberships and API tokens. Admins manage users within their own subtree."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import ApiToken, Membership, User, hash_token
from tuyengiao.core.audit import audit_record
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.models import AuditAction
from tuyengiao.orgunits.models import OrgUnit


def _check_role(role: str) -> Role:
    if role not in Role.values:
        raise DomainError(_("Unknown role '%(role)s'.") % {"role": role}, field="role")
    return Role(role)


@transaction.atomic
def membership_add(*, actor: Any, user: User, unit: OrgUnit, role: str) -> Membership:
    """Gives `user` a role in `unit` (or changes the role they hold there)."""
    access.require(actor, "manage", unit)
    role = _check_role(role)
    membership, created = Membership.objects.get_or_create(
        user=user, unit=unit, defaults={"role": role}
    )
    before = {} if created else {"role": membership.role}
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=membership,
        unit=unit,
        changes={"user": [None, user.username], "role": [before.get("role"), role]},
    )
    access.forget(user)
    return membership


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership) -> None:
    """Takes a role away. An admin cannot remove their own last admin membership (no lock-out)."""
    access.require(actor, "manage", membership.unit)
    if membership.user_id == getattr(actor, "pk", None) and membership.role == Role.ADMIN:
        raise DomainError(_("You cannot remove your own administrator role."), field="role")
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=membership,
        unit=membership.unit,
        changes={"user": [membership.user.username, None], "role": [membership.role, None]},
    )
    membership.delete()
    access.forget(membership.user)


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    unit: OrgUnit,
    role: str,
    full_name: str = "",
    email: str = "",
) -> User:
    """Creates a user with a first membership in `unit` (which the actor must administer)."""
    access.require(actor, "manage", unit)
    username = username.strip()
    if not username:
        raise DomainError(_("The username is required."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            _("The username '%(name)s' is taken.") % {"name": username}, field="username"
        )
    _check_role(role)
    user = User(username=username, full_name=full_name.strip(), email=email.strip())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from None
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=user,
        unit=unit,
        changes={"username": [None, username]},
    )
    membership_add(actor=actor, user=user, unit=unit, role=role)
    return user


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Creates an API token for the user; returns it and the raw key, which is shown only once."""
    name = name.strip() or _("API token")
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=raw[3:11], key_hash=hash_token(raw)
    )
    return token, raw


def token_authenticate(raw: str) -> User | None:
    """The active user owning this raw token, or None. Marks the token used."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw.strip())).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def token_revoke(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise DomainError(_("Not your token."))
    token.delete()
