"""`tuyengiao import-articles PATH… --unit CODE --user NAME`: article files into a unit's review
list, with a progress bar for many files."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuyengiao.accounts.models import User
from tuyengiao.news.importing import DUPLICATE, IMPORTED, REFUSED, FileOutcome, article_import_files
from tuyengiao.orgunits.models import OrgUnit

SUFFIXES = {".txt", ".html", ".htm"}


def _files(paths: list[Path]) -> list[Path]:
    """The files named, and the article files (.txt, .html) inside folders named, sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES))
        else:
            out.append(path)
    return out


class Command(BaseCommand):
    help = (
        "Import article files (plain text or saved HTML pages; folders are searched for .txt and "
        ".html) into a unit's list of articles to review. Each file is imported on its own: a bad "
        "file is reported and the others go on; the same text is never imported twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="article files or folders")
        parser.add_argument("--unit", required=True, help="code of the importing unit")
        parser.add_argument(
            "--user", required=True, help="username of the editor the import is recorded for"
        )

    def _read(self, files: list[Path]) -> Iterator[tuple[str, bytes]]:
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                data = b""  # reported as an empty file by the importer, with its name
                self.stderr.write(f"{path}: {exc.strerror}")
            yield path.name, data

    def handle(self, *args: Any, **options: Any) -> None:
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"no unit with the code {options['unit']!r}")
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
        files = _files(options["paths"])
        if not files:
            raise CommandError("no article files found")
        total = len(files)
        verbose = options["verbosity"] > 0
        bar = verbose and total > 1 and sys.stderr.isatty()

        def progress(done: int, outcome: FileOutcome) -> None:
            if bar:
                filled = int(30 * done / total)
                sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
                sys.stderr.flush()
            if outcome.outcome == REFUSED:
                self.stderr.write(("\n" if bar else "") + f"{outcome.name}: {outcome.message}")
            elif verbose and options["verbosity"] > 1:
                self.stdout.write(f"{outcome.name}: {outcome.message}")

        try:
            outcomes = article_import_files(
                actor=user, unit=unit, files=self._read(files), progress=progress
            )
        except PermissionDenied as exc:
            raise CommandError(f"{user} may not import into {unit}") from exc
        if bar:
            sys.stderr.write("\n")
        counts = {
            kind: sum(1 for o in outcomes if o.outcome == kind)
            for kind in (IMPORTED, DUPLICATE, REFUSED)
        }
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{counts[IMPORTED]} imported for review, {counts[DUPLICATE]} already imported, "
                    f"{counts[REFUSED]} refused"
                )
            )
        if counts[REFUSED]:
            raise CommandError(f"{counts[REFUSED]} of {total} file(s) could not be imported")
