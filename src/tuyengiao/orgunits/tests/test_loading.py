"""`tuyengiao load-units` over the real administrative units."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tuyengiao.core.models import AuditEntry
from tuyengiao.orgunits import selectors
from tuyengiao.orgunits.admin_data import DATA_FILE
from tuyengiao.orgunits.models import LineageLink, OrgUnit, Reorganisation

pytestmark = pytest.mark.django_db
BEFORE, AFTER = dt.date(2020, 6, 30), dt.date(2026, 1, 1)


def _level_counts(day: dt.date) -> dict[str, int]:
    from django.db.models import Count

    return dict(
        OrgUnit.objects.valid_on(day).values_list("level").annotate(n=Count("pk")).order_by()
    )


def test_load_units_builds_both_structures_and_is_idempotent(operator):
    out = StringIO()
    call_command("load_units", stdout=out)
    assert "14155 units created" in out.getvalue()
    assert _level_counts(BEFORE) == {
        "central": 1,
        "province": 63,
        "district": 696,
        "commune": 10051,
    }
    assert _level_counts(AFTER) == {"central": 1, "province": 34, "commune": 3321}

    central = OrgUnit.objects.get(code="TW")
    assert selectors.orgunit_name_on(central, BEFORE) == "Ban Tuyên giáo Trung ương"
    assert central.name == "Ban Tuyên giáo và Dân vận Trung ương"

    # Nghệ An came through 2025 whole: one unit, renamed, with its old districts and new communes.
    nghe_an = OrgUnit.objects.get(code="P-40")
    assert nghe_an.valid_to is None
    assert selectors.orgunit_name_on(nghe_an, BEFORE) == "Ban Tuyên giáo Tỉnh ủy Nghệ An"
    districts = {
        u.short_name for u in selectors.orgunit_list(user=operator, as_of=BEFORE, parent=nghe_an)
    }
    assert {"Kỳ Sơn", "Tương Dương", "Con Cuông", "Anh Sơn", "Tân Kỳ", "Thanh Chương"} <= districts
    assert not selectors.orgunit_list(
        user=operator, as_of=AFTER, parent=nghe_an, level="district"
    ).exists()

    # Hà Giang and Tuyên Quang merged into the 2025 Tuyên Quang.
    new_tq = OrgUnit.objects.get(code="P25-08")
    came_from = {link.predecessor.code for link in selectors.orgunit_lineage(unit=new_tq).came_from}
    assert came_from == {"P-02", "P-08"}
    assert [
        m.unit
        for m in selectors.orgunit_map_onto(unit=OrgUnit.objects.get(code="P-02"), as_of=AFTER)
    ] == [new_tq]

    # Quảng Ninh's cluster of the seed articles exists before 2025.
    quang_ninh = OrgUnit.objects.get(code="P-22")
    cluster = {
        u.short_name for u in selectors.orgunit_list(user=operator, as_of=BEFORE, parent=quang_ninh)
    }
    assert {"Hạ Long", "Uông Bí", "Quảng Yên", "Đông Triều", "Cẩm Phả", "Móng Cái"} <= cluster

    # Communes split across several new ones keep an unknown share rather than a guess.
    assert LineageLink.objects.filter(share__isnull=True).exists()
    assert LineageLink.objects.filter(share=1).count() > 9000

    counts = (
        OrgUnit.objects.count(),
        Reorganisation.objects.count(),
        LineageLink.objects.count(),
        AuditEntry.objects.count(),
    )
    out = StringIO()
    call_command("load_units", stdout=out)
    assert (
        "0 units created, 0 updated, 14155 unchanged; 0 reorganisations created" in out.getvalue()
    )
    assert counts == (
        OrgUnit.objects.count(),
        Reorganisation.objects.count(),
        LineageLink.objects.count(),
        AuditEntry.objects.count(),
    )


def test_load_units_refuses_unknown_source_version_before_writing(tmp_path):
    with gzip.open(DATA_FILE, "rb") as fh:
        raw = json.loads(fh.read())
    raw["source"]["version"] = "2099.1.0"
    doctored = tmp_path / "units.json.gz"
    with gzip.open(doctored, "wb") as fh:
        fh.write(json.dumps(raw).encode())
    with pytest.raises(CommandError, match=r"2099\.1\.0"):
        call_command("load_units", data=doctored, stdout=StringIO())
    assert OrgUnit.objects.count() == 0


def test_dry_run_writes_nothing():
    out = StringIO()
    call_command("load_units", dry_run=True, stdout=out)
    assert "[dry run] 14155 units created" in out.getvalue()
    assert OrgUnit.objects.count() == 0
