"""Public officials in their official roles: a person and the positions they held, when and where.

Only what the organisation itself publishes about an official's role ("Ủy viên Ban Thường vụ,
Trưởng Ban Tuyên giáo Thành ủy"): name, title, unit, dates. No private data is kept here.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.models import Versioned


class Person(Versioned):
    """An official, known by name; `search_name` is the folded name for diacritic-free search."""

    full_name = models.CharField(_("full name"), max_length=120)
    search_name = models.CharField(max_length=120, db_index=True, editable=False)

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:person_detail", args=[self.pk])


class Position(Versioned):
    """A title a person held, in a unit, from `valid_from` to `valid_to` (None: still holds it).

    One person holds several positions at once ("Ủy viên Ban Thường vụ" and "Trưởng Ban Tuyên
    giáo"); each is its own row. `unit` is the unit the title belongs to; the unit's editors keep it.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("unit"),
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    unit_path_lookup = "unit__path"

    class Meta:
        ordering = ["person", "valid_from", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="position_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.unit})"

    def held_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)
