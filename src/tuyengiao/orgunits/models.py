"""Units over time: the tree of commissions and party committees, and how it was reorganised.

A unit's parent never changes during its life. Structural change (merge, split, move) closes the old
units and opens new ones, linked by a Reorganisation; a rename keeps the unit and records the old
name. The tree "as of date D" is the set of units valid at D.
"""

from __future__ import annotations

import datetime as dt

from django.db import connections, models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.models import Versioned
from tuyengiao.orgunits.choices import Level, ReorganisationKind, UnitKind

# A tree path is one fixed-width base-36 segment per level, each ending in "/": "0001/000A/".
PATH_SEGMENT_WIDTH = 4


def subtree_q(lookup: str, path: str, *, vendor: str) -> Q:
    """Rows whose unit path starts with `path`: the unit and its subtree, as one index lookup.

    PostgreSQL answers the prefix LIKE from the `varchar_pattern_ops` index. SQLite's LIKE is
    case-insensitive and never uses an index, so there the same set is given as a range:
    paths are [0-9A-Z/] and each ends in "/", so in byte order every path that starts with
    "…/000Z/" lies in ["…/000Z/", "…/000Z0"). Only SQLite compares bytes; a PostgreSQL locale
    collation ignores "/", which is why the range is not used there.
    """
    if vendor == "sqlite":
        return Q(**{f"{lookup}__gte": path, f"{lookup}__lt": path[:-1] + "0"})
    return Q(**{f"{lookup}__startswith": path})


def valid_on_q(day: dt.date) -> Q:
    """Alive on `day`: valid_from <= day <= valid_to, an open end meaning still alive."""
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class OrgUnitQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> OrgUnitQuerySet:
        """Units alive on `day` (valid_from <= day <= valid_to, an open end meaning still alive)."""
        return self.filter(valid_on_q(day))

    def subtree_of(self, unit: OrgUnit, *, include_self: bool = True) -> OrgUnitQuerySet:
        """The unit and everything below it: one prefix filter on the indexed path."""
        qs = self.filter(subtree_q("path", unit.path, vendor=connections[self.db].vendor))
        return qs if include_self else qs.exclude(pk=unit.pk)


class OrgUnit(Versioned):
    """A commission or party committee, alive from `valid_from` to `valid_to` (open: still alive).

    `path` and `depth` are written once, by `orgunit_create`, from the parent's path; the parent
    never changes, so neither does the path. `search_name` holds the folded current and former
    names for diacritic-free search.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # unique=True gives the index for subtrees: on PostgreSQL Django adds a varchar_pattern_ops
    # twin ("…_like") that answers `path LIKE 'prefix%'`; SQLite uses it for the range form.
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    admin_code = models.CharField(_("administrative area code"), max_length=20, blank=True)
    search_name = models.TextField(editable=False, default="")

    objects = OrgUnitQuerySet.as_manager()

    unit_path_lookup = "path"

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_range",
            ),
        ]
        indexes = [
            models.Index(fields=["parent", "valid_from"], name="orgunit_parent_idx"),
            models.Index(fields=["admin_code"], name="orgunit_admin_code_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgunits:unit_detail", args=[self.pk])

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    def is_ancestor_of(self, other: OrgUnit) -> bool:
        return other.path.startswith(self.path) and other.pk != self.pk


class OrgUnitName(models.Model):
    """A former name: the unit was called `name` until `valid_to` (a rename the next day)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    valid_to = models.DateField(_("valid to"))
    reorganisation = models.ForeignKey(
        "Reorganisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["unit", "valid_to"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_to"], name="orgunitname_unique_end"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (→ {self.valid_to})"


class Reorganisation(models.Model):
    """A merge, split, move or rename taking effect on `effective_date`.

    Predecessors close the day before; successors open on the day. Its `links` say which
    predecessor flowed into which successor, and with what share where one was recorded.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=ReorganisationKind.choices)
    effective_date = models.DateField(_("effective date"))
    decision = models.CharField(_("decision"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Set by loaders ("vietnam-provinces:ward:00004") so that a second run finds what the first made.
    source_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-effective_date", "-id"]
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class LineageLink(models.Model):
    """Part of `predecessor` went into `successor` in a reorganisation.

    `share` is the fraction of the predecessor (of its population, its communes, ...: `share_basis`
    says which) that the successor took. A merge gives the whole predecessor (share 1); a split may
    record shares; where none was recorded the share is empty and a mapping of old figures onto new
    units reports it as unknown instead of guessing. In a rename predecessor and successor are one.
    """

    reorganisation = models.ForeignKey(
        Reorganisation, on_delete=models.CASCADE, related_name="links"
    )
    predecessor = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="predecessor_links"
    )
    share = models.DecimalField(_("share"), max_digits=9, decimal_places=6, null=True, blank=True)
    share_basis = models.CharField(_("share basis"), max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reorganisation", "predecessor", "successor"], name="lineagelink_unique"
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | (Q(share__gt=0) & Q(share__lte=1)),
                name="lineagelink_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
