"""Work programmes: a unit's annual programme of tasks and task groups, tasks handed down from the
level above, ad-hoc tasks, and their progress updates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.models import Versioned
from tuyengiao.programmes.choices import ProgrammeStatus, TaskCategory, TaskOrigin, TaskStatus


class Programme(Versioned):
    """The annual work programme of a unit (chương trình công tác năm): one per unit and year."""

    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="programmes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    unit_path_lookup = "unit__path"

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("work programme")
        verbose_name_plural = _("work programmes")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="programme_one_per_unit_year")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme_detail", args=[self.pk])


class Task(Versioned):
    """A task or a task group (a task with children, any depth) of a programme.

    `due_date` is derived by the services from `deadline` or `deadline_month` (the month's last
    day), or the programme's last day when neither is set; roll-ups filter on it. `entered_on`
    is the day the task joined the programme (an ad-hoc task counts from then on).
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=500)
    category = models.CharField(
        _("category"), max_length=20, choices=TaskCategory.choices, default=TaskCategory.OTHER
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=TaskOrigin.choices, default=TaskOrigin.PLANNED
    )
    lead_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="led_tasks",
        verbose_name=_("lead unit"),
    )
    supporting_units = models.ManyToManyField(
        "orgunits.OrgUnit",
        blank=True,
        related_name="supported_tasks",
        verbose_name=_("supporting units"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_month = models.PositiveSmallIntegerField(_("deadline month"), null=True, blank=True)
    due_date = models.DateField(editable=False)
    entered_on = models.DateField(_("entered on"))
    source = models.CharField(_("from directive or meeting"), max_length=300, blank=True)
    directives = models.ManyToManyField(
        "directives.Directive",
        blank=True,
        related_name="tasks",
        verbose_name=_("directives implemented"),
    )
    assigned_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handed_down",
        verbose_name=_("handed down from"),
    )

    unit_path_lookup = "programme__unit__path"

    class Meta:
        ordering = ["programme", "number", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["programme", "due_date"], name="task_programme_due_idx"),
            models.Index(fields=["parent"], name="task_parent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_month__isnull=True)
                | (Q(deadline_month__gte=1) & Q(deadline_month__lte=12)),
                name="task_deadline_month_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("programmes:task_detail", args=[self.pk])


class TaskUpdate(models.Model):
    """A progress report on a task: its status from `date` on, with a note and files.

    The status of a task on a day is that of its latest update dated on or before that day
    (not started when there is none).
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="task-updates/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    unit_path_lookup = "task__programme__unit__path"

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        # Covering: "status on a day" is answered from the index alone (latest date <= day).
        indexes = [
            models.Index(fields=["task", "date", "id", "status"], name="taskupdate_task_date_idx")
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.get_status_display()} {self.date:%d/%m/%Y}"
