from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "tuyengiao.directives"
    label = "directives"
    verbose_name = _("Directives")
