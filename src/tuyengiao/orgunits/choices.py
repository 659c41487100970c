"""Choices of the units app (see GLOSSARY.md for the Vietnamese terms)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Administrative level; a child is always at a deeper level than its parent."""

    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


LEVEL_RANK = {Level.CENTRAL: 0, Level.PROVINCE: 1, Level.DISTRICT: 2, Level.COMMUNE: 3}


class UnitKind(models.TextChoices):
    COMMISSION = "commission", _("Commission")
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    TRAINING_CENTRE = "training_centre", _("Political training centre")
    OTHER = "other", _("Other")


class ReorganisationKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")
    MOVE = "move", _("Move")
