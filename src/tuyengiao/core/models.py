"""Models every domain app shares: the audit trail and the optimistic-version mixin."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """An editable record: `version` goes up by one on every save made through a service.

    Services update with `filter(pk=..., version=v)`; no row matched means someone else saved first,
    and the service raises ConflictError instead of overwriting their change.
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")


class AuditEntry(models.Model):
    """One create, update or delete of domain data: who, when, what changed, in which unit.

    Written by services in the same transaction as the change. `unit_path` copies the unit's tree
    path (which never changes during a unit's life) so an admin's scope reads the trail with one
    prefix filter, and the entry stays readable after the unit itself is deleted.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    unit = models.ForeignKey(
        "orgunits.OrgUnit", null=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    unit_path = models.CharField(max_length=255, db_index=True)
    changes = models.JSONField(default=dict, blank=True)

    unit_path_lookup = "unit_path"

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
