"""`tuyengiao evaluate-extraction`: per-field accuracy of the extractor over articles with
expected answers (the seeds in ../shared/seeds by default)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuyengiao.news.extract.evaluate import evaluate_folder

# src/tuyengiao/news/management/commands/ → the repository root is five levels up.
_REPO_ROOT = Path(__file__).resolve().parents[5]
_FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"


def default_seeds_dir() -> Path:
    """The shared seed articles beside the repository, or `TUYENGIAO_SEEDS_DIR`."""
    return Path(os.environ.get("TUYENGIAO_SEEDS_DIR") or _REPO_ROOT / ".." / "shared" / "seeds")


class Command(BaseCommand):
    help = (
        "Print per-field accuracy of article extraction over a folder of articles and a folder "
        "of expected JSON (default: the shared seeds; --fixtures: the news app's fixtures)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=Path, help="folder of article files")
        parser.add_argument("--expected", type=Path, help="folder of expected JSON files")
        parser.add_argument(
            "--fixtures", action="store_true", help="evaluate the news app's fixture articles"
        )
        parser.add_argument("--brief", action="store_true", help="table only, no mismatches")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["fixtures"]:
            articles, expected = _FIXTURES / "articles", _FIXTURES / "expected"
        else:
            articles = options["articles"] or default_seeds_dir()
            expected = options["expected"] or articles / "expected"
        if not Path(expected).is_dir():
            raise CommandError(f"no folder of expected answers at {expected}")
        report = evaluate_folder(Path(articles), Path(expected))
        if not report.total:
            raise CommandError(f"no expected JSON files in {expected}")
        self.stdout.write(f"{report.total} article(s) from {articles}")
        self.stdout.write(report.format_report(details=not options["brief"]))
        if report.errors:
            for name, message in report.errors.items():
                self.stderr.write(f"{name}: {message}")
            raise CommandError(f"{len(report.errors)} article(s) could not be read")
