from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.choices import Role


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class MembershipForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
