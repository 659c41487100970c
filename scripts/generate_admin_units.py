#!/usr/bin/env python3
"""Generate src/tuyengiao/orgunits/data/admin_units.json.gz from vietnam-provinces 2026.9.0.

Why a generated file: vietnam-provinces 2026.9.0 is the first release with the pre-2025 units
(63 provinces, 696 districts, 10,051 communes) and the old -> new mapping of 2025-07-01, but it
declares Python >= 3.12 while tuyengiao runs on 3.11. Its pure-Python data modules import fine on
3.11, so this script downloads the wheel (PyPI, via pip), unpacks it into a temporary directory,
imports it from there and writes only the facts we need. Unit lists are facts; the source is named
inside the file ("source") and in scripts/ADMIN_UNITS.md.

Run (any Python >= 3.11 with pip; no other dependency):

    python3 scripts/generate_admin_units.py                 # download the wheel, write the file
    python3 scripts/generate_admin_units.py --wheel W.whl   # use a wheel (or unpacked dir) you have
    python3 scripts/generate_admin_units.py --check         # exit 1 if the file would change

The wheel is fetched with
    pip download --no-deps --python-version 3.12 --only-binary=:all: vietnam-provinces==2026.9.0

What is read from the wheel (all inside the `vietnam_provinces` package):
    Province.iter_all(), Ward.iter_all()                  the 2025 units (34 + 3,321)
    legacy.Province/District/Ward.iter_all()              the pre-2025 units (63 + 696 + 10,051)
    _province_conversion_2025.OLD_TO_NEW                  old province -> new province(s)
    _ward_conversion_2025.NEW_TO_OLD / OLD_TO_NEW         old ward <-> new ward, with the
                                                          package's `is_partly_merged` flags
The two conversion modules are private; that is acceptable because the version is pinned and
checked here, and scripts/generate_admin_units.py --check catches any drift.

Output (gzip with mtime=0, JSON with sorted keys and sorted lists, so the bytes are reproducible):

    {"format": 1,
     "source": {"package", "version", "data_version", "ward_mapping_source"},
     "effective_date": "2025-07-01",              # first day of the 2025 structure
     "pre2025": {"provinces": [unit], "districts": [unit], "wards": [unit]},
     "y2025": {"provinces": [unit], "wards": [unit]},
     "province_mapping": [{"old": "02", "new": "08"}],
     "ward_mapping": [{"old": "00004", "new": "00004", "partial": false}],
     "partly_merged_old_wards": ["00016", ...],
     "notes": {"dropped_province_mapping": [...], "unresolved_ward_mapping": [...]}}

    unit = {"code", "name", "short_name", "type", "parent"}
      code        GSO code as a zero-padded string: province 2 digits, district 3, ward 5.
                  Codes are unique within one era only: 2025 ward "00004" is not pre-2025 "00004".
      name        full name as the package gives it (whitespace collapsed, NFC)
      short_name  name without the division-type prefix ("Tỉnh Nghệ An" -> "Nghệ An"); the full
                  name when the rest is only a number ("Phường 14", "Quận 1")
      type        one of TYPES below (stable English snake_case)
      parent      code of the parent unit in the same era; null for provinces
    ward_mapping.partial    the package's per-link flag: only part of the old ward went into the
                            new ward (from NEW_TO_OLD, where each link carries its own flag)
    partly_merged_old_wards old wards whose own flag (OLD_TO_NEW) says they were partly merged
    notes.dropped_province_mapping  package province links that no ward link supports (dropped)
    notes.unresolved_ward_mapping   package ward links whose old code is not in the pre-2025 list
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

PACKAGE = "vietnam-provinces"
VERSION = "2026.9.0"
FORMAT = 1
REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "src" / "tuyengiao" / "orgunits" / "data" / "admin_units.json.gz"

# Package division type (Vietnamese) -> (our type, the prefix that starts the unit's name).
# Keyed by level because "thành phố" means a provincial city at district level.
TYPES: dict[str, dict[str, tuple[str, str]]] = {
    "province": {
        "tỉnh": ("province", "Tỉnh"),
        "thành phố trung ương": ("municipality", "Thành phố"),
    },
    "district": {
        "huyện": ("rural_district", "Huyện"),
        "quận": ("urban_district", "Quận"),
        "thành phố": ("district_city", "Thành phố"),
        "thị xã": ("town", "Thị xã"),
    },
    "ward": {
        "xã": ("commune", "Xã"),
        "phường": ("ward", "Phường"),
        "thị trấn": ("township", "Thị trấn"),
        "đặc khu": ("special_zone", "Đặc khu"),
    },
}
WIDTH = {"province": 2, "district": 3, "ward": 5}


def fail(message: str) -> None:
    sys.exit(f"generate_admin_units: {message}")


# Getting the package


def download_wheel(dest: Path) -> Path:
    cmd = [
        sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
        "--python-version", "3.12", "--only-binary=:all:", f"{PACKAGE}=={VERSION}", "-d", str(dest),
    ]  # fmt: skip
    subprocess.run(cmd, check=True)
    wheels = sorted(dest.glob("vietnam_provinces-*.whl"))
    if len(wheels) != 1:
        fail(f"expected one wheel in {dest}, found {[w.name for w in wheels]}")
    return wheels[0]


def import_package(source: Path, workdir: Path) -> Any:
    """Import vietnam_provinces from a wheel or an unpacked directory, never from site-packages."""
    if source.is_file():
        with zipfile.ZipFile(source) as wheel:
            wheel.extractall(workdir)
        root = workdir
    else:
        root = source
    if "vietnam_provinces" in sys.modules:
        fail("vietnam_provinces is already imported; run this script in a fresh interpreter")
    sys.path.insert(0, str(root))
    import vietnam_provinces

    if Path(vietnam_provinces.__file__).resolve().parent.parent != root.resolve():
        fail(f"imported vietnam_provinces from {vietnam_provinces.__file__}, not from {root}")
    if vietnam_provinces.__version__ != VERSION:
        fail(f"{source} holds vietnam-provinces {vietnam_provinces.__version__}, not {VERSION}")
    return vietnam_provinces


# Shaping units


def clean_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


def code_str(level: str, code: int) -> str:
    return f"{int(code):0{WIDTH[level]}d}"


def unit(level: str, obj: Any, parent: str | None) -> dict[str, Any]:
    name = clean_name(obj.name)
    kind = obj.division_type.value
    if kind not in TYPES[level]:
        fail(f"unknown {level} division type {kind!r} for {name} ({obj.code})")
    our_type, prefix = TYPES[level][kind]
    # A few names spell the prefix with other capitals ("Thành Phố Bắc Kạn"): match ignoring case.
    if not name.lower().startswith(prefix.lower() + " "):
        fail(f"{level} {name!r} ({int(obj.code)}) does not start with {prefix!r}")
    rest = name[len(prefix) + 1 :]
    short_name = name if re.fullmatch(r"\d+", rest) else rest
    return {
        "code": code_str(level, obj.code),
        "name": name,
        "short_name": short_name,
        "type": our_type,
        "parent": parent,
    }


def by_code(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    codes = [u["code"] for u in units]
    if len(codes) != len(set(codes)):
        fail("duplicate codes in the package data")
    return sorted(units, key=lambda u: u["code"])


# Building the document


def build(vp: Any) -> dict[str, Any]:
    from vietnam_provinces import _province_conversion_2025 as pconv
    from vietnam_provinces import _ward_conversion_2025 as wconv
    from vietnam_provinces import legacy

    old_provinces = by_code([unit("province", p, None) for p in legacy.Province.iter_all()])
    old_districts = by_code(
        [
            unit("district", d, code_str("province", d.province_code))
            for d in legacy.District.iter_all()
        ]
    )
    old_wards = by_code(
        [unit("ward", w, code_str("district", w.district_code)) for w in legacy.Ward.iter_all()]
    )
    new_provinces = by_code([unit("province", p, None) for p in vp.Province.iter_all()])
    new_wards = by_code(
        [unit("ward", w, code_str("province", w.province_code)) for w in vp.Ward.iter_all()]
    )

    old_ward_codes = {u["code"] for u in old_wards}
    new_ward_codes = {u["code"] for u in new_wards}
    district_province = {u["code"]: u["parent"] for u in old_districts}
    ward_district = {u["code"]: u["parent"] for u in old_wards}
    new_ward_province = {u["code"]: u["parent"] for u in new_wards}

    # Ward links: NEW_TO_OLD carries a flag per link; OLD_TO_NEW holds the same links (checked).
    links: dict[tuple[str, str], bool] = {}
    for entry in wconv.NEW_TO_OLD.values():
        new = code_str("ward", entry.new_ward.code)
        for ref in entry.old_wards:
            links[(code_str("ward", ref.code), new)] = bool(ref.is_partly_merged)
    reverse = {
        (code_str("ward", old), code_str("ward", ref.code))
        for old, entry in wconv.OLD_TO_NEW.items()
        for ref in entry.new_wards
    }
    if reverse != set(links):
        fail("the package's OLD_TO_NEW and NEW_TO_OLD ward tables disagree")

    ward_mapping = []
    unresolved: dict[str, dict[str, Any]] = {}
    for (old, new), partial in sorted(links.items()):
        if new not in new_ward_codes:
            fail(f"ward mapping names unknown 2025 ward {new}")
        if old in old_ward_codes:
            ward_mapping.append({"old": old, "new": new, "partial": partial})
            continue
        # The conversion table and the pre-2025 list are not from the same snapshot for a few
        # districts; such links cannot be attached to a unit we know, so they are kept aside.
        ref = wconv.OLD_TO_NEW[int(old)].old_ward
        item = unresolved.setdefault(
            old, {"old": old, "old_district": code_str("district", ref.district_code), "new": []}
        )
        item["new"].append(new)

    partly_merged = sorted(
        code_str("ward", old)
        for old, entry in wconv.OLD_TO_NEW.items()
        if entry.old_ward.is_partly_merged and code_str("ward", old) in old_ward_codes
    )

    # Province links: keep the package's links that at least one ward link supports, using the
    # pre-2025 list's own parents (the conversion table's province_code is wrong for a few wards).
    supported: dict[tuple[str, str], int] = defaultdict(int)
    for row in ward_mapping:
        old_province = district_province[ward_district[row["old"]]]
        supported[(old_province, new_ward_province[row["new"]])] += 1
    package_links = {
        (code_str("province", old), code_str("province", ref.code))
        for old, entry in pconv.OLD_TO_NEW.items()
        for ref in entry.new_provinces
    }
    if set(supported) - package_links:
        fail(f"ward links imply province links the package lacks: {set(supported) - package_links}")
    province_mapping = [
        {"old": o, "new": n} for o, n in sorted(package_links) if (o, n) in supported
    ]
    dropped = [
        {"old": o, "new": n, "reason": "no ward link supports it"}
        for o, n in sorted(package_links)
        if (o, n) not in supported
    ]

    return {
        "format": FORMAT,
        "source": {
            "package": PACKAGE,
            "version": vp.__version__,
            "data_version": vp.__data_version__,
            "ward_mapping_source": wconv.SOURCE,
        },
        "effective_date": wconv.EFFECTIVE_DATE,
        "pre2025": {"provinces": old_provinces, "districts": old_districts, "wards": old_wards},
        "y2025": {"provinces": new_provinces, "wards": new_wards},
        "province_mapping": province_mapping,
        "ward_mapping": ward_mapping,
        "partly_merged_old_wards": partly_merged,
        "notes": {
            "dropped_province_mapping": dropped,
            "unresolved_ward_mapping": sorted(unresolved.values(), key=lambda i: i["old"]),
        },
    }


def encode(document: dict[str, Any]) -> bytes:
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    buffer = io.BytesIO()
    # mtime=0 and no file name in the header: the same data always gives the same bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8") + b"\n")
    return buffer.getvalue()


def summary(document: dict[str, Any]) -> str:
    pre, new = document["pre2025"], document["y2025"]
    notes = document["notes"]
    return (
        f"pre-2025: {len(pre['provinces'])} provinces, {len(pre['districts'])} districts, "
        f"{len(pre['wards'])} wards; 2025: {len(new['provinces'])} provinces, "
        f"{len(new['wards'])} wards; {len(document['province_mapping'])} province links, "
        f"{len(document['ward_mapping'])} ward links; dropped "
        f"{len(notes['dropped_province_mapping'])} province links, "
        f"{len(notes['unresolved_ward_mapping'])} unresolved old wards"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--wheel", type=Path, help="vietnam-provinces 2026.9.0 wheel or unpacked dir"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the output would change")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="admin-units-") as tmp:
        wheel = args.wheel or download_wheel(Path(tmp) / "dl")
        vp = import_package(wheel, Path(tmp) / "pkg")
        document = build(vp)
    data = encode(document)

    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if current != data:
            print(f"{args.output} is out of date; run scripts/generate_admin_units.py")
            return 1
        print(f"{args.output} is up to date ({summary(document)})")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data):,} bytes): {summary(document)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
