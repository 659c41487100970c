from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A membership's role; each role includes the rights of the ones before it."""

    VIEWER = "viewer", _("Viewer")
    EDITOR = "editor", _("Editor")
    APPROVER = "approver", _("Approver")
    ADMIN = "admin", _("Administrator")


ROLE_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.APPROVER: 2, Role.ADMIN: 3}
