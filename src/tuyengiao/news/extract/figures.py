"""Figures reported by the article: results with their units, money in VND, percentages.

Only result figures count: "60/85 nhiệm vụ" (done/total), "469 công trình, phần việc", "626 tỉ
đồng", "100% xã, phường…". Composition and time ("6 đơn vị", "6 tháng", "6 Huyện ủy") are not
results and are left out. Vietnamese writes "." for thousands and "," for decimals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .record import Figure, Span

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_MULTIPLIERS: dict[str, int] = {
    "nghìn tỷ": 10**12,
    "nghìn tỉ": 10**12,
    "ngàn tỷ": 10**12,
    "ngàn tỉ": 10**12,
    "tỷ": 10**9,
    "tỉ": 10**9,
    "triệu": 10**6,
    "nghìn": 10**3,
    "ngàn": 10**3,
    "": 1,
}
_MONEY = re.compile(
    rf"(?<![\d.,/])(?P<num>{_NUM})\s*(?P<mult>nghìn tỷ|nghìn tỉ|ngàn tỷ|ngàn tỉ|tỷ|tỉ|triệu|"
    r"nghìn|ngàn)?\s*(?:đồng|VNĐ|VND|đ)(?!\w)"
    rf"|(?<![\d.,/])(?P<num2>{_NUM})\s*(?P<mult2>tỷ|tỉ)(?=\s*[,.;)]|\s+(?:từ|cho|trong|với)\b)"
)
_PERCENT = re.compile(rf"(?<![\d.,])(?P<num>{_NUM})\s?%(?P<tail>[^.;:()\n]{{0,90}})")
# Result nouns: what a commission counts as work done. Longer forms first.
_UNITS = (
    r"công trình,\s*phần việc|công trình|phần việc|nhóm nhiệm vụ|nhiệm vụ|chỉ tiêu|lượt người|lượt truy cập|"
    r"lượt xem|lượt|buổi|tin,\s*bài|tin bài|bài viết|tin|bài|hội nghị|lớp|học viên|cuộc|mô hình|"
    r"tập thể|cá nhân|đảng viên|tài liệu|ấn phẩm|cuốn|pa-nô|panô|pano|băng rôn|khẩu hiệu|"
    r"văn bản|sản phẩm|tác phẩm|giải|chương trình|đợt|phóng sự|chuyên đề|cụm pa-nô|"
    r"báo cáo viên|tuyên truyền viên|cộng tác viên|ý kiến|lượt truy cập|video|clip"
)
# "done/total" is a result whatever is counted, units of organisation included ("130/130 xã").
_FRACTION = re.compile(
    rf"(?<![\d/.,])(?P<a>\d+)\s*/\s*(?P<b>\d+)(?![\d/])\s+(?P<unit>{_UNITS}|"
    r"xã, phường, thị trấn|xã, thị trấn|xã|phường|huyện|tỉnh|đơn vị|chi bộ|đảng bộ|cơ sở|"
    r"trường|cơ quan|tổ chức cơ sở đảng|thôn|bản|khu dân cư|tổ dân phố)(?!\w)"
)
_COUNT = re.compile(
    rf"(?<![\d/.,\-])(?P<num>{_NUM})\s+(?:(?P<mult>triệu|nghìn|ngàn|vạn)\s+)?(?P<unit>{_UNITS})(?!\w)"
)
_COUNT_MULTIPLIERS = {"triệu": 10**6, "nghìn": 10**3, "ngàn": 10**3, "vạn": 10**4}
# Numbers that name rather than count: "lần thứ 12", "Cụm 1", "Khóa 13 lớp".
_NAMING_BEFORE = re.compile(r"(?:lần thứ|thứ|số|khóa|khoá|cụm|Cụm|kỳ|năm|tháng|ngày)\s*$")


def parse_number(raw: str) -> int | float:
    """A Vietnamese-written number: "1.250" → 1250, "1,5" → 1.5, "626" → 626."""
    raw = raw.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d{3}", raw) and not raw.startswith("0"):
        raw = raw.replace(",", "")  # "15,000": a thousands comma copied from English layouts
    else:
        raw = raw.replace(",", ".")
    value = float(raw)
    return int(value) if value.is_integer() else value


def money_value(num: str, multiplier: str) -> int:
    """Integer VND, as the system stores money: "626" + "tỉ" → 626_000_000_000."""
    return round(float(parse_number(num)) * _MULTIPLIERS[multiplier])


def find_figures(paragraphs: Sequence[str]) -> tuple[Figure, ...]:
    """Every result figure in the body, in reading order, none overlapping another."""
    text = "\n\n".join(paragraphs)
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(start: int, end: int, value: int | float | str) -> None:
        taken.append((start, end))
        found.append(Figure(text[start:end].strip(), value, Span(start, end)))

    for m in _MONEY.finditer(text):
        num, mult = (m["num"], m["mult"]) if m["num"] else (m["num2"], m["mult2"])
        if free(m.start(), m.end()):
            add(m.start(), m.end(), money_value(num, mult or ""))
    for m in _PERCENT.finditer(text):
        tail = re.sub(r"\s+(?:do|để|nhằm|với|và)\s.*$", "", m["tail"]).rstrip(" ,")
        end = m.end("num") + (len(m.group()) - len(m["num"]) - len(m["tail"])) + len(tail)
        if free(m.start(), end):
            add(m.start(), end, parse_number(m["num"]))
    for m in _FRACTION.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        if b > 0 and a <= b and free(m.start(), m.end()):
            add(m.start(), m.end(), f"{a}/{b}")
    for m in _COUNT.finditer(text):
        if _NAMING_BEFORE.search(text[max(0, m.start() - 10) : m.start()]):
            continue
        if free(m.start(), m.end()):
            value = parse_number(m["num"])
            if m["mult"]:  # "3,2 triệu lượt người" is a count of 3,200,000
                value = round(float(value) * _COUNT_MULTIPLIERS[m["mult"]])
            add(m.start(), m.end(), value)
    return tuple(sorted(found, key=lambda f: f.span.start if f.span else 0))
