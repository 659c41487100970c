"""`tuyengiao rebuild-tallies`: recomputes the branch tallies of every report from its figures."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from tuyengiao.reports import tallies


class Command(BaseCommand):
    help = (
        "Recompute the per-province tallies the national roll-up reads, from the handed-in "
        "figures. The services keep them; run this after changing figures in the database by hand."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        with transaction.atomic():
            rows = tallies.rebuild()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{rows} branch tallies rebuilt in {time.perf_counter() - start:.1f} s"
                )
            )
