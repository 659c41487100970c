"""The bundled administrative-unit data and its reader (plain pytest: no Django, no database)."""

from __future__ import annotations

import copy
import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tuyengiao.orgunits.admin_data import (
    DATA_FILE,
    AdminData,
    AdminDataError,
    compare_y2025,
    load_admin_data,
    read_installed_y2025,
)


@pytest.fixture(scope="module")
def data() -> AdminData:
    return load_admin_data()


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    with gzip.open(DATA_FILE, "rb") as fh:
        return json.loads(fh.read())


def write(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "units.json.gz"
    path.write_bytes(gzip.compress(json.dumps(document, ensure_ascii=False).encode()))
    return path


def short_names(units: Any) -> set[str]:
    return {u.short_name for u in units}


# Counts


def test_pre2025_counts(data: AdminData) -> None:
    assert len(data.pre2025_provinces) == 63
    assert len(data.pre2025_districts) == 696
    assert len(data.pre2025_wards) == 10051


def test_y2025_counts(data: AdminData) -> None:
    assert len(data.y2025_provinces) == 34
    assert len(data.y2025_wards) == 3321


def test_type_counts(data: AdminData) -> None:
    assert Counter(u.type for u in data.pre2025_provinces) == {"province": 57, "municipality": 6}
    assert Counter(u.type for u in data.pre2025_districts) == {
        "rural_district": 509,
        "district_city": 86,
        "town": 52,
        "urban_district": 49,
    }
    assert Counter(u.type for u in data.pre2025_wards) == {
        "commune": 7717,
        "ward": 1716,
        "township": 618,
    }
    assert Counter(u.type for u in data.y2025_wards) == {
        "commune": 2621,
        "ward": 687,
        "special_zone": 13,
    }


def test_source_is_named(data: AdminData) -> None:
    assert (data.source_package, data.source_version) == ("vietnam-provinces", "2026.9.0")
    assert str(data.effective_date) == "2025-07-01"


# Known facts


def test_nghe_an_exists_in_both_eras(data: AdminData) -> None:
    assert data.pre2025_province("40").name == "Tỉnh Nghệ An"
    assert data.y2025_province("40").short_name == "Nghệ An"
    assert data.new_province_for_old("40").code == "40"


def test_ha_giang_and_tuyen_quang_merge_into_tuyen_quang(data: AdminData) -> None:
    assert data.pre2025_province("02").short_name == "Hà Giang"
    assert data.new_province_for_old("02").short_name == "Tuyên Quang"
    assert data.new_province_for_old("08").short_name == "Tuyên Quang"
    assert short_names(data.old_provinces_for_new("08")) == {"Hà Giang", "Tuyên Quang"}


def test_ho_chi_minh_city_absorbs_binh_duong_and_ba_ria_vung_tau(data: AdminData) -> None:
    assert short_names(data.old_provinces_for_new("79")) == {
        "Hồ Chí Minh",
        "Bình Dương",
        "Bà Rịa - Vũng Tàu",
    }


def test_quang_ninh_districts(data: AdminData) -> None:
    names = short_names(data.districts_of("22"))
    assert {"Hạ Long", "Uông Bí", "Quảng Yên", "Đông Triều", "Cẩm Phả", "Móng Cái"} <= names
    assert all(d.parent == "22" for d in data.districts_of("22"))


def test_nghe_an_districts(data: AdminData) -> None:
    names = short_names(data.districts_of("40"))
    assert {"Kỳ Sơn", "Tương Dương", "Con Cuông", "Anh Sơn", "Tân Kỳ", "Thanh Chương"} <= names


def test_can_tho_exists_in_both_eras(data: AdminData) -> None:
    assert data.pre2025_province("92").name == "Thành phố Cần Thơ"
    assert data.y2025_province("92").type == "municipality"
    assert short_names(data.old_provinces_for_new("92")) == {"Cần Thơ", "Hậu Giang", "Sóc Trăng"}


def test_short_name_keeps_numbered_names_whole(data: AdminData) -> None:
    district_1 = next(d for d in data.districts_of("79") if d.name == "Quận 1")
    assert district_1.short_name == "Quận 1"


def test_2025_wards_hang_off_provinces_directly(data: AdminData) -> None:
    wards = data.y2025_wards_of("01")
    assert "Ba Đình" in short_names(wards)
    assert all(w.parent == "01" for w in wards)


def test_codes_are_per_era(data: AdminData) -> None:
    # The same code names different wards in the two eras; callers must keep the era.
    assert data.pre2025_ward("00004").short_name == "Trúc Bạch"
    assert data.y2025_ward("00004").short_name == "Ba Đình"


def test_unknown_code_is_a_key_error(data: AdminData) -> None:
    with pytest.raises(KeyError, match="no pre-2025 province with code '99'"):
        data.pre2025_province("99")


# Mapping coverage


def test_every_old_province_has_one_successor(data: AdminData) -> None:
    successors = {p.code: data.new_province_for_old(p.code).code for p in data.pre2025_provinces}
    assert len(successors) == 63
    assert len(set(successors.values())) == 34
    # The package's own table also links Tiền Giang (82) to Tây Ninh (80); the generator drops it.
    assert successors["82"] == "82"


def test_ward_mapping_coverage(data: AdminData) -> None:
    mapped_old = {m.old for m in data.ward_mapping}
    mapped_new = {m.new for m in data.ward_mapping}
    assert len(data.ward_mapping) == 10554
    assert len(mapped_old) == 10023  # of 10,051 pre-2025 wards: 28 have no link
    assert len(mapped_new) == 3316  # of 3,321 2025 wards
    without = {w.short_name for w in data.y2025_wards if w.code not in mapped_new}
    assert without == {"Bạch Long Vĩ", "Cồn Cỏ", "Hoàng Sa", "Lý Sơn", "Côn Đảo"}


def test_ward_mapping_is_many_to_many_with_partial_links(data: AdminData) -> None:
    fan_out = Counter(m.old for m in data.ward_mapping)
    assert max(fan_out.values()) == 5
    assert sum(1 for n in fan_out.values() if n > 1) == 440
    assert sum(1 for m in data.ward_mapping if m.partial) > 0
    assert len(data.partly_merged_old_wards) == 572
    split = data.ward_links_for_old("00019")  # Phường Cửa Nam went into four 2025 wards
    assert len(split) == 4
    assert all(link.partial for link in split)


def test_ward_links_stay_inside_the_province_merge(data: AdminData) -> None:
    for link in data.ward_mapping:
        old_district = data.pre2025_district(data.pre2025_ward(link.old).parent or "")
        old_province = old_district.parent or ""
        assert data.new_province_for_old(old_province).code == data.y2025_ward(link.new).parent


def test_ba_dinh_2025_predecessors(data: AdminData) -> None:
    names = short_names(data.old_wards_for_new("00004"))
    assert {"Trúc Bạch", "Quán Thánh", "Điện Biên"} <= names
    assert "00004" in {w.code for w in data.new_wards_for_old("00004")}


# The reader refuses what it does not understand


def test_it_refuses_an_unknown_format(tmp_path: Path, raw: dict[str, Any]) -> None:
    doc = copy.deepcopy(raw)
    doc["format"] = 2
    with pytest.raises(AdminDataError, match="format 2 is not supported"):
        load_admin_data(write(tmp_path, doc))


def test_it_refuses_an_unknown_source_version(tmp_path: Path, raw: dict[str, Any]) -> None:
    doc = copy.deepcopy(raw)
    doc["source"]["version"] = "2027.1.0"
    expected = (
        r"vietnam-provinces 2027\.1\.0 is not a supported source "
        r"\(supported: vietnam-provinces 2026\.9\.0\); regenerate with "
        r"scripts/generate_admin_units\.py"
    )
    with pytest.raises(AdminDataError, match=expected):
        load_admin_data(write(tmp_path, doc))


def test_it_refuses_a_dangling_parent(tmp_path: Path, raw: dict[str, Any]) -> None:
    doc = copy.deepcopy(raw)
    doc["pre2025"]["districts"][0]["parent"] = "99"
    with pytest.raises(AdminDataError, match="names parent 99, which does not exist"):
        load_admin_data(write(tmp_path, doc))


def test_it_refuses_a_duplicate_code(tmp_path: Path, raw: dict[str, Any]) -> None:
    doc = copy.deepcopy(raw)
    doc["y2025"]["wards"].append(dict(doc["y2025"]["wards"][0]))
    with pytest.raises(AdminDataError, match=r"duplicate code 00004 in y2025\.wards"):
        load_admin_data(write(tmp_path, doc))


def test_it_refuses_a_dangling_mapping_code(tmp_path: Path, raw: dict[str, Any]) -> None:
    doc = copy.deepcopy(raw)
    doc["ward_mapping"][0]["new"] = "99999"
    with pytest.raises(AdminDataError, match="names unknown 2025 ward 99999"):
        load_admin_data(write(tmp_path, doc))


def test_it_refuses_a_missing_key(tmp_path: Path, raw: dict[str, Any]) -> None:
    doc = copy.deepcopy(raw)
    del doc["pre2025"]["wards"][0]["short_name"]
    with pytest.raises(AdminDataError, match=r"pre2025\.wards 00001 lacks the required key"):
        load_admin_data(write(tmp_path, doc))


def test_it_refuses_an_unknown_type(tmp_path: Path, raw: dict[str, Any]) -> None:
    doc = copy.deepcopy(raw)
    doc["pre2025"]["wards"][0]["type"] = "special_zone"  # only exists from 2025
    with pytest.raises(AdminDataError, match="has unknown type 'special_zone'"):
        load_admin_data(write(tmp_path, doc))


def test_it_refuses_a_file_that_is_not_gzip(tmp_path: Path) -> None:
    path = tmp_path / "plain.json"
    path.write_text("{}")
    with pytest.raises(AdminDataError, match="is not gzip-compressed UTF-8 JSON"):
        load_admin_data(path)


def test_it_accepts_the_unchanged_copy(tmp_path: Path, raw: dict[str, Any]) -> None:
    # Guards the refusal tests above: they must fail for the doctored field, not for write().
    assert len(load_admin_data(write(tmp_path, raw)).y2025_wards) == 3321


# The installed package (the pinned 2025.10.1) against the file's 2025 lists


def test_installed_package_differs_from_the_file_as_measured(data: AdminData) -> None:
    installed = read_installed_y2025()
    if installed.version != "2025.10.1":
        pytest.skip(f"measured against 2025.10.1, installed {installed.version}")
    diff = compare_y2025(data, installed)
    assert not diff.agree
    assert len(installed.provinces) == 34
    assert len(installed.wards) == 3321
    assert not diff.provinces_only_in_file
    assert not diff.provinces_only_installed
    retyped = {new.code for old, new in diff.province_changes if old.type != new.type}
    assert retyped == {"22", "24", "75"}  # Quảng Ninh, Bắc Ninh, Đồng Nai: now municipalities
    assert all(old.short_name == new.short_name for old, new in diff.province_changes)
    assert len(diff.wards_only_in_file) == len(diff.wards_only_installed) == 114
    assert len(diff.ward_changes) == 29
