"""Meetings: who met, when and where, with which units, about which directives, and what they
concluded. A study session is a meeting of kind `study_session`: its participations carry the
expected and attended head counts per unit, and the directives it studied are its citations."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.models import Versioned
from tuyengiao.meetings.choices import MeetingKind, ParticipationRole, PersonRole


class Meeting(Versioned):
    """One meeting of a unit, from `start_date` to `end_date` (a four-day working visit is one
    meeting). Times are optional: articles often say only "Sáng 16/7".

    Visible to the organiser's subtree and to the subtrees of every unit that took part
    (participant, online point, visited, invited): see `view_via`.
    """

    organiser = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="organised_meetings",
        verbose_name=_("organiser"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=400)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online = models.BooleanField(_("online"), default=False)
    agenda = models.TextField(_("agenda"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    search_name = models.CharField(max_length=800, editable=False, default="")
    directives = models.ManyToManyField(
        "directives.Directive",
        blank=True,
        related_name="meetings",
        verbose_name=_("directives cited"),
    )

    unit_path_lookup = "organiser__path"
    # A participation makes the meeting visible to the unit's subtree (access.scope, "view").
    view_via = (("meetings.Participation", "meeting_id", "unit__path"),)

    class Meta:
        ordering = ["-start_date", "-start_time", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["organiser", "start_date"], name="meeting_organiser_date_idx"),
            models.Index(fields=["start_date", "end_date"], name="meeting_dates_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="meeting_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])


class Participation(models.Model):
    """A unit taking part in a meeting, in one role; for study sessions, with its head counts.

    For a working visit, `visit_start`/`visit_end` are the days the delegation spent with the
    visited unit. `expected`, `attended_in_person` and `attended_online` are counts of people
    (never names): attended ≤ expected when expected is known.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=14, choices=ParticipationRole.choices)
    visit_start = models.DateField(_("visit from"), null=True, blank=True)
    visit_end = models.DateField(_("visit to"), null=True, blank=True)
    expected = models.PositiveIntegerField(_("expected"), null=True, blank=True)
    attended_in_person = models.PositiveIntegerField(_("attended in person"), null=True, blank=True)
    attended_online = models.PositiveIntegerField(_("attended online"), null=True, blank=True)

    unit_path_lookup = "meeting__organiser__path"

    class Meta:
        ordering = ["meeting", "role", "visit_start", "pk"]
        verbose_name = _("participating unit")
        verbose_name_plural = _("participating units")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "unit", "role"], name="participation_one_per_role"
            )
        ]
        indexes = [models.Index(fields=["unit", "meeting"], name="participation_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()}"

    @property
    def attended(self) -> int | None:
        if self.attended_in_person is None and self.attended_online is None:
            return None
        return (self.attended_in_person or 0) + (self.attended_online or 0)


class MeetingPerson(models.Model):
    """A person at a meeting (chair, speaker, attendee) in the position they held that day."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="meeting_roles"
    )
    position = models.ForeignKey(
        "people.Position",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_roles",
    )
    role = models.CharField(_("role"), max_length=10, choices=PersonRole.choices)
    order = models.PositiveSmallIntegerField(default=0)

    unit_path_lookup = "meeting__organiser__path"

    class Meta:
        ordering = ["meeting", "role", "order", "pk"]
        verbose_name = _("person at a meeting")
        verbose_name_plural = _("people at meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "role"], name="meetingperson_one_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()}"


class Conclusion(models.Model):
    """A conclusion of a meeting (kết luận), possibly addressed to one unit (a visited district);
    it becomes tasks in programmes, linked both ways through `tasks`."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="conclusions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("conclusion"))
    addressed_to = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conclusions_received",
        verbose_name=_("addressed to"),
    )
    tasks = models.ManyToManyField(
        "programmes.Task", blank=True, related_name="conclusions", verbose_name=_("tasks")
    )

    unit_path_lookup = "meeting__organiser__path"

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self) -> str:
        return self.text[:80]


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A user's private iCal feed address. The token is the only credential calendar apps can
    send, so it is kept (not hashed) to show the address again; regenerating it revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} · iCal"
