"""The exported programme and the import template open in LibreOffice, not only in openpyxl.

LibreOffice (Debian's libreoffice-calc-nogui) is installed by `./dev test` where missing; the
test converts the files to CSV headless and reads the tasks back.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess

import pytest

from tuyengiao.programmes import services, services_import
from tuyengiao.programmes.exports import programme_template_xlsx

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice")


def _to_csv(data: bytes, tmp_path) -> list[list[str]]:
    if SOFFICE is None:
        pytest.fail(
            "LibreOffice is missing: ./dev test installs it (apt-get install libreoffice-calc-nogui)"
        )
    source = tmp_path / "file.xlsx"
    source.write_bytes(data)
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    with open(tmp_path / "file.csv", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_exported_programme_opens_in_libreoffice(tree, operator, tmp_path):
    programme = services.programme_create(actor=operator, unit=tree.own, year=2026)
    done = services.task_create(
        actor=operator,
        programme=programme,
        title="Tuyên truyền Nghị quyết Đại hội",
        number="1",
        deadline=dt.date(2026, 3, 31),
    )
    services.task_create(
        actor=operator,
        programme=programme,
        title="Hội nghị báo cáo viên quý II",
        number="2",
        deadline_month=6,
    )
    services.task_progress_add(actor=operator, task=done, status="done", date=dt.date(2026, 3, 30))
    data = services_import.programme_export_file(
        user=operator, programme=programme, as_of=dt.date(2026, 7, 1)
    )
    text = "\n".join(",".join(row) for row in _to_csv(data, tmp_path))
    assert "Tuyên truyền Nghị quyết Đại hội" in text and "Hội nghị báo cáo viên quý II" in text
    assert "1/2" in text  # the totals line: done / total


def test_import_template_opens_in_libreoffice(tmp_path):
    rows = _to_csv(programme_template_xlsx(year=2026, unit_code="P1"), tmp_path)
    assert any("Nội dung nhiệm vụ" in cell for row in rows for cell in row)
