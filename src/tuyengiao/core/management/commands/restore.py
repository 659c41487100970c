"""`tuyengiao restore PATH --yes`: replaces the database with a backup (see core/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from tuyengiao.core.backup import check_backup, database_label, human_size, restore_database
from tuyengiao.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Replaces the whole database with a backup made by `tuyengiao backup`. Without --yes it "
        "only checks the file and says what it would do. Stop the application servers first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="the backup file")
        parser.add_argument(
            "--yes", action="store_true", help="really replace the database (no prompt)"
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)"
        )

    def handle(
        self, *args, path: Path, yes: bool, database: str, verbosity: int, **options
    ) -> None:
        target = database_label(using=database)
        try:
            if not yes:
                check_backup(source=path, using=database)
                self.stdout.write(
                    f"Would replace everything in {target} with {path} "
                    f"({human_size(path.stat().st_size)}). Nothing was changed; "
                    "run again with --yes to restore."
                )
                return
            restore_database(source=path, using=database)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored {path} ({human_size(path.stat().st_size)}) into {target}. "
                    "If the backup is older than this version, run `tuyengiao migrate` next."
                )
            )
