"""`tuyengiao export-report --form BC-6T --unit D-414 --period 2020-H1 --output FILE.docx`: one
unit's report as a DOCX in the Party's format (or, for FILE.xlsx, its figures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from tuyengiao.accounts.models import User
from tuyengiao.core.exceptions import DomainError
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports import exports, selectors, services_import
from tuyengiao.reports.models import Form, Submission


class Command(BaseCommand):
    help = (
        "Write one unit's report of a form for a period as DOCX (Hướng dẫn 36-HD/VPTW layout) or, "
        "when the output ends in .xlsx, its figures. Reads as --user, or as an operator."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--form", required=True, help="form code, e.g. BC-6T")
        parser.add_argument("--unit", required=True, help="unit code, e.g. D-414")
        parser.add_argument("--period", required=True, help="period, e.g. 2020-H1")
        parser.add_argument("--output", required=True, type=Path, help="FILE.docx or FILE.xlsx")
        parser.add_argument("--user", help="read as this user (default: an operator)")
        parser.add_argument(
            "--show-number",
            action="store_true",
            help="print only the number line ('Số 12-BC/BTGTU'), e.g. for a check script",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        form = Form.objects.filter(code=options["form"].strip().upper()).first()
        if form is None:
            raise CommandError(f"no form with the code {options['form']!r}")
        unit = OrgUnit.objects.filter(code=options["unit"].strip()).first()
        if unit is None:
            raise CommandError(f"no unit with the code {options['unit']!r}")
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        else:
            # The command runs on the server, whose database is the operator's anyway; an
            # unsaved operator reads everything and writes nothing.
            user = User(username="export-report", is_superuser=True, is_active=True)
        try:
            period = form.period(options["period"])
            found = (
                Submission.objects.filter(form=form, unit=unit, period_code=period.code)
                .values_list("pk", flat=True)
                .first()
            )
            if found is None:
                raise CommandError(f"{unit.code} has no report of {form.code} for {period.code}")
            submission = selectors.submission_get(user=user, pk=found)
            output: Path = options["output"]
            if output.suffix.lower() == ".xlsx":
                content = services_import.submission_xlsx_file(submission=submission)
            else:
                content = services_import.submission_docx_file(user=user, submission=submission)
        except (DomainError, PermissionDenied, Http404) as exc:
            raise CommandError(getattr(exc, "message", None) or str(exc) or "not allowed") from exc
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(content)
        day = selectors.report_day(submission)
        number = f"Số {exports.number_line(submission, on=day).strip()}"
        if options["show_number"]:
            self.stdout.write(number)
        elif options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{output}: {submission} ({number}, {submission.get_status_display()}), "
                    f"{len(content):,} bytes"
                )
            )
