"""Shapes of the work-programme pages' input. Rules live in services; these only parse.

The choices (units, task groups, handed-down copies) come from selectors through the view; a field
cleans to the chosen object, so the view hands objects straight to the service.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.orgunits.choices import LEVEL_RANK, Level
from tuyengiao.programmes.choices import TaskCategory, TaskOrigin, TaskStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTHS = [("", "—")] + [(m, str(m)) for m in range(1, 13)]
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class ObjectChoiceField(forms.TypedChoiceField):
    """A select over objects the view already read: submits the pk, cleans to the object."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)
        self.objects: dict[int, Any] = {}

    def set_objects(self, objects: Iterable[Any], label=str, blank: str | None = None) -> None:
        self.objects = {o.pk: o for o in objects}
        self.choices = ([("", blank)] if blank is not None else []) + [
            (o.pk, label(o)) for o in self.objects.values()
        ]

    def clean(self, value: Any) -> Any:
        pk = super().clean(value)
        return self.objects.get(pk) if pk not in (None, "") else None


class ObjectMultipleChoiceField(forms.TypedMultipleChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)
        self.objects: dict[int, Any] = {}

    def set_objects(self, objects: Iterable[Any], label=str) -> None:
        self.objects = {o.pk: o for o in objects}
        self.choices = [(o.pk, label(o)) for o in self.objects.values()]

    def clean(self, value: Any) -> list[Any]:
        return [self.objects[pk] for pk in super().clean(value)]


def unit_label(unit: Any) -> str:
    return unit.short_name or unit.name


def group_label(task: Any) -> str:
    """A task in the parent select, indented by its depth in the outline."""
    indent = "\u00a0\u00a0" * getattr(task, "depth", 0)
    return f"{indent}{task}"[:120]


def copy_label(task: Any) -> str:
    """A handed-down copy: its unit and its current due date."""
    return f"{unit_label(task.programme.unit)} ({task.due_date:%d/%m/%Y})"


# Programmes


class ProgrammeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Leave empty for “Work programme <year>”."),
    )


class ProgrammeApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


# Tasks


class TaskForm(forms.Form):
    """A task's fields as the "add task" and "edit task" forms share them."""

    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    title = forms.CharField(
        label=_("Title"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    parent = ObjectChoiceField(label=_("In task group"), required=False)
    category = forms.ChoiceField(label=_("Category"), choices=TaskCategory.choices)
    lead_unit = ObjectChoiceField(label=_("Lead unit"))
    supporting_units = ObjectMultipleChoiceField(label=_("Supporting units"))
    deadline = forms.DateField(label=_("Deadline"), widget=DATE, required=False)
    deadline_month = forms.TypedChoiceField(
        label=_("or deadline month"),
        choices=MONTHS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    source = forms.CharField(label=_("From directive or meeting"), max_length=300, required=False)

    def __init__(
        self,
        *args: Any,
        units: Iterable[Any] = (),
        groups: Iterable[Any] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        units = list(units)
        self.fields["lead_unit"].set_objects(units, unit_label)
        self.fields["supporting_units"].set_objects(units, unit_label)
        self.fields["parent"].set_objects(groups, group_label, blank=_("— (top level)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("deadline") and data.get("deadline_month"):
            raise forms.ValidationError(_("Give a deadline date or a month, not both."))
        return data


class TaskCreateForm(TaskForm):
    origin = forms.ChoiceField(
        label=_("Origin"),
        choices=[c for c in TaskOrigin.choices if c[0] != TaskOrigin.ASSIGNED],
        initial=TaskOrigin.PLANNED,
        help_text=_("An ad-hoc task counts from the day it is entered."),
    )
    field_order = ["title", "number", "parent", "category", "origin", "lead_unit"]


class TaskEditForm(TaskForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def clean_attachment(self) -> Any:
        file = self.cleaned_data.get("attachment")
        if file and file.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return file


class PropagateForm(forms.Form):
    """Which handed-down copies take the task's new deadline; none is ticked by default."""

    targets = ObjectMultipleChoiceField(label=_("Handed-down tasks"))

    def __init__(self, *args: Any, copies: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["targets"].set_objects(copies, copy_label)


# Handing down


class HandDownMode:
    CHILDREN = "children"
    LEVEL = "level"
    PICK = "pick"
    CHOICES = [
        (CHILDREN, _("All child units")),
        (LEVEL, _("All units of a level in the subtree")),
        (PICK, _("The units I pick")),
    ]


class HandDownForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Hand down to"),
        choices=HandDownMode.CHOICES,
        initial=HandDownMode.CHILDREN,
        widget=forms.RadioSelect,
    )
    level = forms.ChoiceField(label=_("Level"), required=False)
    picked = forms.TypedMultipleChoiceField(
        label=_("Units"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        unit_level: str = Level.CENTRAL,
        children: Iterable[Any] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            (value, label)
            for value, label in Level.choices
            if LEVEL_RANK[Level(value)] > LEVEL_RANK[Level(unit_level)]
        ]
        self.fields["picked"].choices = [(u.pk, unit_label(u)) for u in children]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("mode") == HandDownMode.LEVEL and not data.get("level"):
            self.add_error("level", _("Choose a level."))
        if data.get("mode") == HandDownMode.PICK and not data.get("picked"):
            self.add_error("picked", _("Tick at least one unit."))
        return data
