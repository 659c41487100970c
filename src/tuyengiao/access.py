"""THE permission module: every "may this user see / change this?" question is answered here.

Rights come from memberships: a user holds a role in a unit, and the role applies to the unit and its
whole subtree (the unit's tree path is a prefix of theirs). Roles include the ones before them:

| action    | who may, for a unit U                                                          |
|-----------|--------------------------------------------------------------------------------|
| `view`    | any role in U or an ancestor of U; also any role in a successor of a closed U  |
|           | (a merged province reads the records of the provinces merged into it)          |
| `edit`    | editor or approver in U itself; admin in U or an ancestor                      |
| `approve` | approver or admin in U's parent (approve a child's submission) or in U (sign)  |
| `decide`  | approver in U's parent, or admin in a proper ancestor of U: approve or return  |
|           | U's report (nobody decides on their own unit's report)                         |
| `manage`  | admin in U or an ancestor: create, change, delete, reorganise units; users     |

Superusers (operators) may do everything. Reads of something outside the user's view scope answer
404, exactly as if it did not exist; a visible object the user may not change answers 403.

Each scoped model names the lookup of its unit's path in `unit_path_lookup`
("path" for OrgUnit, "unit__path" for records that belong to a unit). A record that other units
take part in (a meeting: its participants, online points, visited units) names the table that
links them in `view_via` (model, key of the record, lookup of the unit's path); viewers of any of them may read it, only the owner unit's rights
allow changing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connections, models
from django.db.models import Q
from django.http import Http404

from tuyengiao.accounts.choices import ROLE_RANK, Role

Action = Literal["view", "edit", "approve", "decide", "manage"]
ACTIONS: tuple[Action, ...] = ("view", "edit", "approve", "decide", "manage")
M = TypeVar("M", bound=models.Model)

_CACHE_ATTR = "_tuyengiao_grants"


@dataclass(frozen=True, slots=True)
class Grant:
    unit_id: int
    path: str
    role: Role

    def at_least(self, role: Role) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


@dataclass(frozen=True, slots=True)
class Grants:
    """A user's memberships, plus the paths of the closed predecessors of their units."""

    memberships: tuple[Grant, ...]
    predecessor_paths: tuple[str, ...]

    @property
    def view_paths(self) -> tuple[str, ...]:
        return tuple(g.path for g in self.memberships) + self.predecessor_paths


def _depth(path: str) -> int:
    return path.count("/")


def grants_for(user: Any) -> Grants:
    """The user's grants, read once per request and kept on the user object (N's perm cache)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from tuyengiao.accounts.models import Membership
    from tuyengiao.orgunits.models import LineageLink

    memberships: tuple[Grant, ...] = ()
    predecessors: list[str] = []
    if user is not None and user.is_authenticated:
        memberships = tuple(
            Grant(unit_id=unit_id, path=path, role=Role(role))
            for unit_id, path, role in Membership.objects.filter(user=user).values_list(
                "unit_id", "unit__path", "role"
            )
        )
        # Walk lineage backwards, one query per generation: chains are a few steps long
        # (2025 merged the merged units of earlier years), never a tree-sized recursion.
        frontier = {g.unit_id for g in memberships}
        seen = set(frontier)
        while frontier:
            rows = list(
                LineageLink.objects.filter(successor_id__in=frontier)
                .exclude(predecessor_id__in=seen)
                .values_list("predecessor_id", "predecessor__path")
            )
            frontier = {pk for pk, _ in rows} - seen
            seen |= frontier
            predecessors.extend(path for pk, path in rows if pk in frontier)
    grants = Grants(memberships=memberships, predecessor_paths=tuple(sorted(set(predecessors))))
    if user is not None:
        setattr(user, _CACHE_ATTR, grants)
    return grants


def forget(user: Any) -> None:
    """Drops the cached grants, after the user's memberships changed within a request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _is_operator(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def allowed(user: Any, action: Action, unit_path: str | None) -> bool:
    """May `user` do `action` on data of the unit with this tree path? (None: no unit, operators only)."""
    if _is_operator(user):
        return True
    if unit_path is None or user is None or not user.is_authenticated or not user.is_active:
        return False
    grants = grants_for(user)
    if action == "view":
        return any(unit_path.startswith(p) for p in grants.view_paths)
    for g in grants.memberships:
        inside = unit_path.startswith(g.path)
        if action == "edit" and (
            (g.at_least(Role.EDITOR) and unit_path == g.path) or (g.role == Role.ADMIN and inside)
        ):
            return True
        is_self_or_child = unit_path == g.path or (
            inside and _depth(unit_path) == _depth(g.path) + 1
        )
        if action == "approve" and g.at_least(Role.APPROVER) and is_self_or_child:
            return True
        decides = g.role == Role.ADMIN or (g.at_least(Role.APPROVER) and is_self_or_child)
        if action == "decide" and unit_path != g.path and inside and decides:
            return True
        if action == "manage" and g.role == Role.ADMIN and inside:
            return True
    return False


def _path_q(lookup: str, user: Any, action: Action, vendor: str) -> Q:
    """The filter selecting rows whose unit path the user may `action` on. Never matches: pk__in=[]."""
    from tuyengiao.orgunits.models import subtree_q

    grants = grants_for(user)
    q = Q(pk__in=[])
    if action == "view":
        for p in grants.view_paths:
            q |= subtree_q(lookup, p, vendor=vendor)
        return q
    for g in grants.memberships:
        if action == "edit":
            if g.role == Role.ADMIN:
                q |= subtree_q(lookup, g.path, vendor=vendor)
            elif g.at_least(Role.EDITOR):
                q |= Q(**{lookup: g.path})
        elif action == "approve" and g.at_least(Role.APPROVER):
            # Direct children of g's unit: one more path segment, and no further "/" after it.
            q |= Q(**{lookup: g.path}) | Q(
                **{f"{lookup}__startswith": g.path, f"{lookup}__regex": rf"^{g.path}[0-9A-Z]+/$"}
            )
        elif action == "decide" and g.role == Role.ADMIN:
            q |= subtree_q(lookup, g.path, vendor=vendor) & ~Q(**{lookup: g.path})
        elif action == "decide" and g.at_least(Role.APPROVER):
            q |= Q(
                **{f"{lookup}__startswith": g.path, f"{lookup}__regex": rf"^{g.path}[0-9A-Z]+/$"}
            )
        elif action == "manage" and g.role == Role.ADMIN:
            q |= subtree_q(lookup, g.path, vendor=vendor)
    return q


def scope(qs: models.QuerySet[M], user: Any, action: Action = "view") -> models.QuerySet[M]:
    """Restricts `qs` to the rows `user` may `action` on. Every selector over unit data starts here."""
    if _is_operator(user):
        return qs
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    vendor = connections[qs.db].vendor
    q = _path_q(qs.model.unit_path_lookup, user, action, vendor)
    if action == "view":
        # A subquery on the key, not a join: a meeting with ten participating units in the
        # user's subtree must still come back once.
        for model_label, key, lookup in getattr(qs.model, "view_via", ()):
            rows = apps.get_model(model_label)._default_manager
            # Read from the linking table itself: its (unit, record) index answers "which
            # records do units of these subtrees take part in" without touching the records.
            via = rows.filter(_path_q(lookup, user, "view", vendor)).values(key)
            q |= Q(pk__in=via)
    return qs.filter(q)


def unit_path_of(obj: models.Model) -> str:
    """Follows the model's `unit_path_lookup` on an instance ("unit__path" -> obj.unit.path)."""
    value: Any = obj
    for part in type(obj).unit_path_lookup.split("__"):
        value = getattr(value, part)
    return value


def require(user: Any, action: Action, unit: Any) -> None:
    """Raises PermissionDenied (403) unless `user` may `action` on `unit` (None: operators only).

    Callers have already made sure the user can see what they act on (see get_for_user), so a 403
    reveals nothing the user could not read.
    """
    path = None if unit is None else (unit if isinstance(unit, str) else unit_path_of(unit))
    if not allowed(user, action, path):
        raise PermissionDenied(f"not allowed to {action} here")


def get_for_user(qs: models.QuerySet[M], user: Any, action: Action = "view", **lookup: Any) -> M:
    """The one object matching `lookup` that `user` can see, else 404; then `require(action)` on it."""
    obj = scope(qs, user, "view").filter(**lookup).first()
    if obj is None:
        raise Http404("not found")
    if action != "view":
        require(user, action, obj)
    return obj


def can(user: Any, action: Action, obj: models.Model | None) -> bool:
    """For templates and schemas: whether to offer an action (the service still checks)."""
    return allowed(user, action, None if obj is None else unit_path_of(obj))
