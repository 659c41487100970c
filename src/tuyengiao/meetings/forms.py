"""Shapes of the meeting pages' input. Rules live in services; these only parse.

The meeting form is one page: the meeting's own fields, then one formset each for the units that
took part, the people who chaired and spoke, and (when recording) the conclusions. Each formset
has a few blank rows; a "more rows" button posts the form back with more, so no JavaScript is
needed. Units are typed by code or name (resolved in the view through `pickers.unit_resolve`);
people are chosen from a select the view fills.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.meetings.choices import MeetingKind, ParticipationRole, PersonRole
from tuyengiao.programmes.forms import ObjectChoiceField, ObjectMultipleChoiceField, unit_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
EXTRA_ROWS = 3
MAX_ROWS = 200


class MeetingForm(forms.Form):
    """The meeting's own fields; directives are typed as codes ("05-CT/TW, 208-QĐ/TW")."""

    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=400, widget=forms.TextInput(attrs={"autofocus": True})
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(
        label=_("End date"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty for a one-day meeting."),
    )
    start_time = forms.TimeField(label=_("Start time"), widget=TIME, required=False)
    end_time = forms.TimeField(label=_("End time"), widget=TIME, required=False)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online = forms.BooleanField(
        label=_("Online (with connection points)"),
        required=False,
    )
    directives = forms.CharField(
        label=_("Directives cited"),
        required=False,
        help_text=_("Codes separated by commas, as in 05-CT/TW, 208-QĐ/TW."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class MeetingEditForm(MeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ParticipationRowForm(forms.Form):
    """A unit taking part: typed by code or name; visit days for visited units; head counts for
    study sessions."""

    unit = forms.CharField(
        label=_("Unit (code or name)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"list": "unit-suggestions", "size": 24}),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=ParticipationRole.choices, initial=ParticipationRole.PARTICIPANT
    )
    visit_start = forms.DateField(label=_("Visit from"), widget=DATE, required=False)
    visit_end = forms.DateField(label=_("Visit to"), widget=DATE, required=False)
    expected = forms.IntegerField(label=_("Expected"), min_value=0, required=False)
    attended_in_person = forms.IntegerField(
        label=_("Attended in person"), min_value=0, required=False
    )
    attended_online = forms.IntegerField(label=_("Attended online"), min_value=0, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.cleaned_data.get("DELETE") and not (data.get("unit") or "").strip():
            self.add_error("unit", _("Type a unit's code or name."))
        return data


class PersonRowForm(forms.Form):
    person = ObjectChoiceField(label=_("Person"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=PersonRole.choices, initial=PersonRole.CHAIR)
    position = ObjectChoiceField(label=_("In the position"), required=False)

    def __init__(
        self, *args: Any, people: Iterable[Any] = (), positions: Iterable[Any] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].set_objects(people, blank="—")
        self.fields["position"].set_objects(
            positions, label=position_label, blank=_("— (the one held that day)")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("DELETE") and data.get("person") is None:
            self.add_error("person", _("Choose a person."))
        return data


def position_label(position: Any) -> str:
    until = f"{position.valid_to:%d/%m/%Y}" if position.valid_to else "…"
    return (
        f"{position.person} — {position.title}, {unit_label(position.unit)}"
        f" ({position.valid_from:%d/%m/%Y}–{until})"
    )[:160]


class ConclusionRowForm(forms.Form):
    text = forms.CharField(
        label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )
    addressed_to = forms.CharField(
        label=_("Addressed to (unit code or name)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"list": "unit-suggestions", "size": 30}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("DELETE") and not (data.get("text") or "").strip():
            self.add_error("text", _("A conclusion needs its text."))
        return data


class _PeopleFormSet(forms.BaseFormSet):
    def __init__(
        self, *args: Any, people: Iterable[Any] = (), positions: Iterable[Any] = (), **kwargs: Any
    ) -> None:
        self.people, self.positions = list(people), list(positions)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"people": self.people, "positions": self.positions}


def _formset(form: type[forms.Form], **kwargs: Any) -> Any:
    return forms.formset_factory(
        form, extra=EXTRA_ROWS, can_delete=True, max_num=MAX_ROWS, validate_max=True, **kwargs
    )


ParticipationFormSet = _formset(ParticipationRowForm)
PersonFormSet = _formset(PersonRowForm, formset=_PeopleFormSet)
ConclusionFormSet = _formset(ConclusionRowForm)


# The detail page's forms


class ConclusionAddForm(forms.Form):
    text = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 2}))
    addressed_to = forms.CharField(
        label=_("Addressed to (unit code or name)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"list": "unit-suggestions"}),
    )


class MakeTasksForm(forms.Form):
    """Turns a conclusion into tasks: the units (the organiser and the units below it) and an
    optional deadline within the meeting's year."""

    units = ObjectMultipleChoiceField(label=_("Units receiving the task"))
    title = forms.CharField(
        label=_("Task title"),
        max_length=500,
        required=False,
        help_text=_("Leave empty to use the conclusion's text."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DATE, required=False)

    def __init__(self, *args: Any, units: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].set_objects(units, unit_label)


class DeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
