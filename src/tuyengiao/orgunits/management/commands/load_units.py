"""`tuyengiao load-units`: the commission network over the real administrative units."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tuyengiao.orgunits.admin_data import AdminDataError, load_admin_data
from tuyengiao.orgunits.loading import admin_units_load


class Command(BaseCommand):
    help = (
        "Builds the central, provincial, district and commune units of the pre-2025 and 2025 "
        "structures from the bundled vietnam-provinces data, with the 2025 reorganisations. "
        "Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--data", type=Path, help="a data file made by scripts/generate_admin_units.py"
        )
        parser.add_argument("--dry-run", action="store_true", help="show the counts, write nothing")

    def handle(
        self, *args, data: Path | None = None, dry_run: bool = False, verbosity: int = 1, **options
    ) -> None:
        started = time.perf_counter()
        try:
            admin_data = load_admin_data(data)  # refuses unknown formats/versions before any write
        except AdminDataError as exc:
            raise CommandError(str(exc)) from exc
        say = (lambda msg: self.stdout.write(f"  {msg}")) if verbosity > 1 else None
        with transaction.atomic():
            stats = admin_units_load(admin_data, progress=say)
            if dry_run:
                transaction.set_rollback(True)
        if verbosity:
            elapsed = time.perf_counter() - started
            prefix = "[dry run] " if dry_run else ""
            self.stdout.write(
                self.style.SUCCESS(
                    f"{prefix}{stats} from {admin_data.source_package} {admin_data.source_version} in {elapsed:.1f} s"
                )
            )
