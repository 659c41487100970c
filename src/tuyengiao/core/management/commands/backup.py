"""`tuyengiao backup [--output PATH]`: a consistent backup of the database (see core/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from tuyengiao.core.backup import backup_database, database_label, human_size
from tuyengiao.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Writes a consistent backup of the database while the app keeps running: SQLite through "
        "the online backup API, PostgreSQL through pg_dump --format=custom. Default file: "
        "var/backups/tuyengiao-YYYYmmdd-HHMMSS.sqlite3 (.dump on PostgreSQL)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="file to write (never overwritten), or a directory to write the default name into",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)"
        )

    def handle(self, *args, output: Path | None, database: str, verbosity: int, **options) -> None:
        try:
            path = backup_database(output=output, using=database)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Wrote {path} ({human_size(path.stat().st_size)}) "
                    f"from {database_label(using=database)}"
                )
            )
