"""Shapes of the people pages' input: a name, a position. Nothing private is asked for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        help_text=_("Only the name; roles are added as positions."),
    )


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PositionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("As the unit publishes it: Trưởng Ban Tuyên giáo Thành ủy."),
    )
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    valid_from = forms.DateField(label=_("From date"), widget=DATE)
    valid_to = forms.DateField(label=_("To date"), widget=DATE, required=False)

    def __init__(self, *args: Any, units: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [(u.pk, u.short_name or u.name) for u in self.units.values()]

    def clean_unit(self) -> Any:
        return self.units[self.cleaned_data["unit"]]


class PositionEndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Last day"), widget=DATE)
