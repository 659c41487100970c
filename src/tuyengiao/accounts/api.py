"""/api/v1/me, /users and /memberships."""

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from tuyengiao import access
from tuyengiao.accounts import selectors, services
from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import Membership
from tuyengiao.orgunits.selectors import orgunit_get

router = Router(tags=["users"])


class MembershipOut(Schema):
    id: int
    user_id: int
    username: str
    unit_id: int
    unit_name: str
    role: Role

    @staticmethod
    def resolve_username(obj) -> str:
        return obj.user.username

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    is_operator: bool
    memberships: list[MembershipOut]


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    is_active: bool
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj) -> list:
        return getattr(obj, "managed_memberships", [])


class UserIn(Schema):
    username: str
    password: str
    full_name: str = ""
    email: str = ""
    unit_id: int
    role: Role


class MembershipIn(Schema):
    user_id: int
    unit_id: int
    role: Role


@router.get("/me", response=MeOut, operation_id="accounts_me_get")
def me(request: HttpRequest):
    """Who you are and where you hold which role."""
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "is_operator": user.is_superuser,
        "memberships": list(Membership.objects.filter(user=user).select_related("user", "unit")),
    }


@router.get("/users", response=list[UserOut], operation_id="accounts_user_list")
@paginate(LimitOffsetPagination)
def user_list(request: HttpRequest):
    """Users holding a role in the subtrees you administer."""
    return selectors.user_list(user=request.user)


@router.post("/users", response={201: UserOut}, operation_id="accounts_user_create")
def user_create(request: HttpRequest, payload: UserIn):
    unit = orgunit_get(user=request.user, pk=payload.unit_id)
    user = services.user_create(
        actor=request.user,
        username=payload.username,
        password=payload.password,
        unit=unit,
        role=payload.role,
        full_name=payload.full_name,
        email=payload.email,
    )
    return Status(201, selectors.user_get(user=request.user, pk=user.pk))


@router.get("/memberships", response=list[MembershipOut], operation_id="accounts_membership_list")
@paginate(LimitOffsetPagination)
def membership_list(request: HttpRequest, unit: int | None = None):
    """Memberships in the units you administer."""
    return selectors.membership_list(
        user=request.user, unit=orgunit_get(user=request.user, pk=unit) if unit else None
    )


@router.post(
    "/memberships", response={201: MembershipOut}, operation_id="accounts_membership_create"
)
def membership_create(request: HttpRequest, payload: MembershipIn):
    unit = orgunit_get(user=request.user, pk=payload.unit_id)
    target = selectors.user_get_for_membership(user=request.user, pk=payload.user_id)
    membership = services.membership_add(
        actor=request.user, user=target, unit=unit, role=payload.role
    )
    return Status(201, membership)


@router.delete("/memberships/{pk}", response={204: None}, operation_id="accounts_membership_delete")
def membership_delete(request: HttpRequest, pk: int):
    membership = access.get_for_user(
        Membership.objects.select_related("user", "unit"), request.user, "manage", pk=pk
    )
    services.membership_remove(actor=request.user, membership=membership)
    return Status(204, None)
