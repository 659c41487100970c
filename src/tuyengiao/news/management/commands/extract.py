"""`tuyengiao extract FILE… [--json]`: read article files into records, one line per file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuyengiao.news.extract import ArticleFileError, extract_article, read_article_file


class Command(BaseCommand):
    help = (
        "Extract the meeting record from article files (plain text or saved HTML). With --json, "
        "print JSON Lines: one object per file. A bad file is reported on stderr and the others "
        "still run; the exit code is 1 if any file failed."
    )
    # Pure text processing: no database, so no system checks that might touch it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="article files (.txt, .html)")
        parser.add_argument("--json", action="store_true", help="print JSON Lines")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = 0
        for path in options["files"]:
            try:
                record = extract_article(read_article_file(path), filename=path.name)
            except ArticleFileError as exc:
                failed += 1
                self.stderr.write(f"{path}: {exc.reason}")
                continue
            data = record.to_json_dict()
            if options["json"]:
                self.stdout.write(json.dumps(data, ensure_ascii=False))
            else:
                self.stdout.write(
                    f"{path.name}: {data['event_date'] or '?'} · {data['event_type']} · "
                    f"{data['organizer'] or '?'} · {data['title'] or '?'}"
                )
        if failed:
            raise CommandError(f"{failed} of {len(options['files'])} file(s) could not be read")
