"""Article → record extraction: the seeds, the fixtures, each pipeline stage, and bad input.

Plain pytest, no database: the extractor is pure functions over text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tuyengiao.news.extract import (
    JSON_KEYS,
    ArticleFileError,
    decode_article_bytes,
    extract_article,
    read_article_file,
)
from tuyengiao.news.extract.clean import clean_article, is_furniture, parse_date_stamp
from tuyengiao.news.extract.dates import choose_published, find_event_date, infer_year
from tuyengiao.news.extract.documents import find_documents, normalise_code
from tuyengiao.news.extract.evaluate import FIELDS, compare_field, evaluate_folder
from tuyengiao.news.extract.figures import find_figures, parse_number
from tuyengiao.news.extract.kinds import classify_event
from tuyengiao.news.extract.people import find_people, read_title_chain
from tuyengiao.news.extract.reading import MAX_FILE_BYTES

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"


def seeds_dir() -> Path:
    """../shared/seeds beside the repository, or TUYENGIAO_SEEDS_DIR."""
    default = Path(__file__).resolve().parents[4] / ".." / "shared" / "seeds"
    path = Path(os.environ.get("TUYENGIAO_SEEDS_DIR") or default)
    if not (path / "expected").is_dir():
        pytest.fail(
            f"seed articles not found at {path} (expected the shared seeds with an expected/ "
            "folder); set TUYENGIAO_SEEDS_DIR to their folder"
        )
    return path


def _cases(articles: Path, expected: Path) -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for path in sorted(expected.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append((articles / data["file"], data))
    return out


def _check_all_fields(article: Path, expected: dict[str, Any]) -> None:
    got = extract_article(read_article_file(article), filename=article.name).to_json_dict()
    assert tuple(got) == JSON_KEYS
    wrong = [f for f in FIELDS if not compare_field(f, got, expected)]
    details = {f: (got.get(f) if f != "body" else got["body"][:200]) for f in wrong}
    assert not wrong, f"{article.name}: wrong fields {wrong}: {details}"


# The five seed articles, field by field


SEED_NAMES = [
    "000_4164da14a6ec1b0a",
    "001_7b4006af6d2009e8",
    "002_fffa89e5df594c8e",
    "003_8a86f902b07e2de6",
    "004_d7032f70f8ddd4de",
]


@pytest.mark.parametrize("stem", SEED_NAMES)
def test_seed_matches_expected(stem: str) -> None:
    seeds = seeds_dir()
    expected = json.loads((seeds / "expected" / f"{stem}.json").read_text(encoding="utf-8"))
    _check_all_fields(seeds / expected["file"], expected)


def test_every_seed_has_a_test() -> None:
    assert sorted(p.stem for p in (seeds_dir() / "expected").glob("*.json")) == SEED_NAMES


def test_evaluate_folder_reports_full_accuracy_on_seeds() -> None:
    report = evaluate_folder(seeds_dir(), seeds_dir() / "expected")
    assert report.total == 5
    assert report.overall == 1.0, report.format_report()
    assert "event_date" in report.format_report()


# The news app's own fixture articles


FIXTURE_CASES = _cases(FIXTURES / "articles", FIXTURES / "expected")


def test_there_are_enough_fixtures() -> None:
    assert len(FIXTURE_CASES) >= 6
    assert any(p.suffix == ".html" for p, _ in FIXTURE_CASES)


@pytest.mark.parametrize(
    ("article", "expected"), FIXTURE_CASES, ids=[p.name for p, _ in FIXTURE_CASES]
)
def test_fixture_matches_expected(article: Path, expected: dict[str, Any]) -> None:
    _check_all_fields(article, expected)


def test_malformed_code_in_fixture_is_a_warning() -> None:
    path = FIXTURES / "articles" / "106_resolution_study.txt"
    record = extract_article(read_article_file(path), filename=path.name)
    assert "05-CT/TW" not in record.documents
    assert any("05/CT-TW" in w for w in record.warnings)


# Cleaning


def test_furniture_lines_are_recognised() -> None:
    for line in [
        "Chia sẻ bài viết",
        "Skip Ribbon Commands",
        "789532.jpg",
        ".",
        "Đồng chí",
        "Tin theo lĩnh vực Tổng hợp",
        "Banner Ban tuyên giáo sub-site-1",
        "In bài",
    ]:
        assert is_furniture(line), line
    assert not is_furniture("Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị.")


def test_cleaner_drops_menus_captions_related_list_and_keeps_byline() -> None:
    text = (
        "Trang chủ\nTin tức\n\nHội nghị báo cáo viên tháng 5\n\n"
        "Chia sẻ\n\n"
        "Sáng 12/5, Ban Tuyên giáo Tỉnh ủy tổ chức Hội nghị báo cáo viên định kỳ tháng 5 "
        "năm 2022 tại Hội trường Tỉnh ủy.\n\n"
        "hoi-nghi.jpg\nQuang cảnh hội nghị\n\n"
        "Đồng chí Nguyễn Văn An, Trưởng Ban Tuyên giáo Tỉnh ủy phát biểu tại hội nghị.\n\n"
        "Hội nghị đã thông tin tình hình thời sự trong nước và quốc tế nổi bật của tháng.\n\n"
        "Tin, ảnh: HỒNG MINH\n\nTin cùng chuyên mục\n\nQuán triệt Chỉ thị 35-CT/TW\n"
        "Quán triệt Chỉ thị 35-CT/TW\n"
    )
    cleaned = clean_article(text)
    assert cleaned.title == "Hội nghị báo cáo viên tháng 5"
    assert cleaned.author == "HỒNG MINH"
    assert cleaned.paragraphs[0].startswith("Sáng 12/5")
    assert len(cleaned.paragraphs) == 2
    assert "Quang cảnh hội nghị" in cleaned.captions
    assert "35-CT/TW" not in cleaned.body and "Chia sẻ" not in cleaned.body
    assert find_documents(cleaned.paragraphs).codes == ()


def test_dateline_tag_is_stripped_from_first_paragraph() -> None:
    for tag in ("(CT)- ", "– ", "TTXVN - ", "(Baoquangninh.vn) - "):
        text = f"Tiêu đề bài viết về hội nghị\n\n{tag}Chiều 24/11, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị giao ban cụm thi đua."
        assert clean_article(text).paragraphs[0].startswith("Chiều 24/11"), tag


# Dates


@pytest.mark.parametrize(
    ("line", "date", "has_time", "has_weekday"),
    [
        ("19/06/2020 - 21:20", (2020, 6, 19), True, False),
        ("Thứ Ba, 24/11/2020, 18:50 [GMT+7]", (2020, 11, 24), True, True),
        ("Chủ nhật,  29/05/2022", (2022, 5, 29), False, True),
        ("Cập nhật: 08:15 25/11/2021", (2021, 11, 25), True, False),
        ("Thứ hai, 10/01/2022 | 14:30", (2022, 1, 10), True, True),
    ],
)
def test_date_stamp_lines(
    line: str, date: tuple[int, int, int], has_time: bool, has_weekday: bool
) -> None:
    stamp = parse_date_stamp(unicodedata.normalize("NFC", line.replace("  ", " ")), in_header=True)
    assert stamp is not None
    assert (stamp.year, stamp.month, stamp.day) == date
    assert (stamp.has_time, stamp.has_weekday) == (has_time, has_weekday)


def test_current_date_header_is_not_the_publication_date() -> None:
    stamp = parse_date_stamp("Chủ nhật, 29/05/2022", in_header=True)
    assert stamp is not None
    assert choose_published([stamp])[0] is None
    timed = parse_date_stamp("Thứ Ba, 24/11/2020, 18:50 [GMT+7]", in_header=True)
    assert timed is not None
    assert choose_published([stamp, timed])[0] == dt.date(2020, 11, 24)


def test_event_day_without_year_takes_the_publication_year() -> None:
    event = find_event_date(
        ["Sáng 16/7, Ban Tuyên giáo tổ chức hội nghị."], published=dt.date(2021, 7, 17)
    )
    assert event.start == dt.date(2021, 7, 16)


def test_event_late_in_year_reported_in_january_is_last_year() -> None:
    event = find_event_date(
        ["Chiều 28/12, Ban Tuyên giáo tổ chức hội nghị tổng kết."], published=dt.date(2021, 1, 5)
    )
    assert event.start == dt.date(2020, 12, 28)


def test_event_year_from_the_lead_when_there_is_no_page_date() -> None:
    lead = (
        "Sáng 16/7, Ban Tuyên giáo Trung ương tổ chức hội nghị sơ kết công tác tuyên giáo "
        "6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2021, nhiệm kỳ 2020 – 2025."
    )
    assert find_event_date([lead], published=None).start == dt.date(2021, 7, 16)
    # Targets ("đến năm 2030") do not date the event.
    assert (
        infer_year(
            6,
            15,
            published=None,
            fallback_text="",
            context="tầm nhìn đến năm 2030 cho cán bộ năm 2023",
        )[0]
        == 2023
    )


def test_date_range_gives_first_and_last_day() -> None:
    event = find_event_date(
        [
            "Từ ngày 25/2 đến 28/2, đoàn công tác làm việc với huyện "
            "để triển khai nhiệm vụ năm 2020."
        ],
        published=None,
    )
    assert (event.start, event.end) == (dt.date(2020, 2, 25), dt.date(2020, 2, 28))
    event = find_event_date(
        ["Trong 2 ngày 14-15/9/2023, Ban Tuyên giáo tổ chức giao ban."], published=None
    )
    assert (event.start, event.end) == (dt.date(2023, 9, 14), dt.date(2023, 9, 15))


def test_full_dates_with_dashes_and_words() -> None:
    assert find_event_date(
        ["Ngày 19-6-2020, Ban Tuyên giáo Thành ủy tổ chức hội nghị."], published=None
    ).start == dt.date(2020, 6, 19)
    assert find_event_date(
        ["Sáng nay (10/1), tại Hà Nội, hội nghị đã diễn ra."], published=dt.date(2022, 1, 10)
    ).start == dt.date(2022, 1, 10)


def test_a_cited_documents_date_is_not_the_event_date() -> None:
    event = find_event_date(
        [
            "Quán triệt Quy định số 208-QĐ/TW ngày 08/11/2019 của Ban Bí thư.",
            "Chiều 3/3/2020, Huyện ủy tổ chức hội nghị.",
        ],
        published=None,
    )
    assert event.start == dt.date(2020, 3, 3)


def test_text_with_no_date_gives_null_dates() -> None:
    record = extract_article(
        "Bài viết không có ngày\n\nBan Tuyên giáo Tỉnh ủy đã tổ chức nhiều "
        "hoạt động tuyên truyền ý nghĩa trong thời gian qua tại cơ sở."
    )
    assert record.event_date is None and record.published is None
    assert record.to_json_dict()["event_date"] is None
    assert record.confidence["event_date"] < 0.5


# Document codes


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("05-CT/TW", "05-CT/TW"),
        ("208 - QĐ/TW", "208-QĐ/TW"),
        ("208-QD/TW", "208-QĐ/TW"),
        ("11-NQ/TU", "11-NQ/TU"),
        ("173-TB/TW", "173-TB/TW"),
        ("05/CT-TW", None),
        ("60/85", None),
    ],
)
def test_code_normalisation(raw: str, code: str | None) -> None:
    assert normalise_code(raw) == code


def test_documents_in_their_written_forms() -> None:
    text = (
        "Triển khai Chỉ thị 05-CT/TW, Chỉ thị số 05-CT/TW và Quy định số 208-QĐ/TW ngày "
        "08/11/2019; Thông báo Kết luận 173-TB/TW; Nghị quyết số 11-NQ/TU; Chỉ thị 05 của Bộ "
        "Chính trị; Kế hoạch số 45/KH-UBND của UBND tỉnh."
    )
    found = find_documents([text])
    assert found.codes == ("05-CT/TW", "208-QĐ/TW", "173-TB/TW", "11-NQ/TU", "45/KH-UBND")
    assert found.warnings == ()


def test_inverted_party_code_is_not_silently_accepted() -> None:
    found = find_documents(["Thực hiện Chỉ thị 05/CT-TW của Bộ Chính trị."])
    assert found.codes == ()
    assert found.warnings and "05/CT-TW" in found.warnings[0]


# Figures


def test_figures_with_units_money_and_percent() -> None:
    text = (
        "Hoàn thành 60/85 nhiệm vụ, nhóm nhiệm vụ; 469 công trình, phần việc trị giá 626 tỉ "
        "đồng; 1,5 tỷ đồng; 850 triệu đồng; 2.500.000 đồng; 100% xã, phường đạt chuẩn; "
        "tỷ lệ 96,5%; 41.500 lượt người; 3,2 triệu lượt người."
    )
    values = [f.value for f in find_figures([text])]
    assert values == [
        "60/85",
        469,
        626_000_000_000,
        1_500_000_000,
        850_000_000,
        2_500_000,
        100,
        96.5,
        41500,
        3_200_000,
    ]


def test_composition_and_time_are_not_figures() -> None:
    text = (
        "Cụm 1 gồm 6 đơn vị; làm việc với 6 Huyện ủy trong 6 tháng đầu năm; hội nghị lần thứ "
        "12; từ ngày 25/2 đến 28/2."
    )
    assert find_figures([text]) == ()


def test_number_parsing() -> None:
    assert parse_number("1.250") == 1250
    assert parse_number("1,5") == 1.5
    assert parse_number("626") == 626


# People and chair


def test_title_chain_stops_at_the_verb() -> None:
    text = ", Tỉnh ủy viên, Phó Trưởng ban Thường trực làm trưởng đoàn làm việc với huyện."
    assert read_title_chain(text, 0)[0] == "Tỉnh ủy viên, Phó Trưởng ban Thường trực"
    text = " - Ủy viên Ban Thường vụ Tỉnh ủy - Trưởng Ban Tuyên giáo Tỉnh ủy; lãnh đạo các huyện"
    assert read_title_chain(text, 0)[0] == (
        "Ủy viên Ban Thường vụ Tỉnh ủy - Trưởng Ban Tuyên giáo Tỉnh ủy"
    )


def test_people_chains_and_chair_rules() -> None:
    body = [
        "Sáng 5/10, Ban Tuyên giáo Tỉnh ủy tổ chức giao ban báo chí. Đồng chí Lê Văn Hùng, Ủy "
        "viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo Tỉnh ủy và đồng chí Nguyễn Thị Lan, "
        "Giám đốc Sở Thông tin và Truyền thông đồng chủ trì hội nghị.",
        "Dự hội nghị có ông Trần Đức Thuần - Trưởng Ban Dân vận Tỉnh ủy. Phát biểu chỉ đạo, Ủy "
        "viên Bộ Chính trị, Bí thư Tỉnh ủy Phạm Minh Chính đề nghị tăng cường tuyên truyền.",
    ]
    result = find_people(body)
    names = [p.name for p in result.people]
    assert names == ["Lê Văn Hùng", "Nguyễn Thị Lan", "Trần Đức Thuần", "Phạm Minh Chính"]
    assert [p.name for p in result.chair] == ["Lê Văn Hùng", "Nguyễn Thị Lan"]
    assert result.people[3].titles == "Ủy viên Bộ Chính trị, Bí thư Tỉnh ủy"
    assert result.people[0].span is not None


def test_speaking_is_not_chairing_but_heading_a_delegation_is() -> None:
    speaker = find_people(
        [
            "Đồng chí Trần Việt Trường, Trưởng Ban Tuyên giáo Thành ủy, phát "
            "biểu chỉ đạo tại hội nghị."
        ]
    )
    assert speaker.chair == () and speaker.people[0].name == "Trần Việt Trường"
    head = find_people(
        [
            "Đoàn công tác do đồng chí Kha Văn Tám, Tỉnh ủy viên, Phó Trưởng ban "
            "Thường trực làm trưởng đoàn làm việc với huyện."
        ]
    )
    assert [p.name for p in head.chair] == ["Kha Văn Tám"]


def test_caption_titles_are_used_when_fuller() -> None:
    result = find_people(
        ["Đồng chí Phan Thị Hải Hường phát biểu ý kiến thảo luận."],
        captions=[
            "Đồng chí Phan Thị Hải Hường, Trưởng ban Tuyên giáo Thành ủy Hạ Long, Giám "
            "đốc Trung tâm chính trị thành phố Hạ Long phát biểu ý kiến tại hội nghị."
        ],
    )
    assert result.people[0].titles.endswith("Giám đốc Trung tâm chính trị thành phố Hạ Long")


def test_places_and_history_are_not_people() -> None:
    result = find_people(["Bí thư Thành ủy Hà Nội dự hội nghị; học tập phong cách Hồ Chí Minh."])
    assert result.people == ()


# Event kinds


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        (" Hội nghị giao ban công tác tuyên giáo 6 tháng đầu năm 2020", "briefing"),
        (" hội nghị sơ kết công tác tuyên giáo 6 tháng đầu năm", "interim_review"),
        (" hội nghị tổng kết công tác tuyên giáo năm 2022", "annual_review"),
        (" hội thảo “Nâng cao hiệu quả công tác tuyên giáo”", "workshop"),
        (" Hội nghị báo cáo viên Tỉnh ủy định kỳ tháng 3", "reporters_conference"),
        (" giao ban báo chí định kỳ tháng 10/2022", "press_briefing"),
        (" hội nghị học tập, quán triệt Nghị quyết Trung ương 4", "study_session"),
        (" Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12", "conference"),
        (" lễ kỷ niệm 90 năm Ngày truyền thống", "other"),
    ],
)
def test_event_kind(phrase: str, kind: str) -> None:
    assert classify_event(event_phrase=phrase, title=None, paragraphs=[])[0] == kind


def test_working_visit_from_the_lead() -> None:
    lead = "Từ ngày 25/2 đến 28/2, đoàn công tác của Ban Tuyên giáo Tỉnh ủy làm việc với 6 huyện."
    assert (
        classify_event(event_phrase="", title="Tăng cường tuyên truyền", paragraphs=[lead])[0]
        == "working_visit"
    )


# Record shape


def test_json_has_exactly_the_issue_keys_and_spans_point_into_the_body() -> None:
    path = seeds_dir() / "004_d7032f70f8ddd4de.txt"
    record = extract_article(read_article_file(path), filename=path.name)
    data = record.to_json_dict()
    assert list(data) == list(JSON_KEYS)
    assert set(data["confidence"]) == set(JSON_KEYS) - {"file", "confidence"}
    assert all(0.0 <= v <= 1.0 for v in data["confidence"].values())
    (span,) = record.spans["documents"]
    assert record.body[span.start : span.end] == "11-NQ/TU"
    (loc,) = record.spans["location"]
    assert record.body[loc.start : loc.end] == "TP Hạ Long"
    json.dumps(data, ensure_ascii=False)  # serialisable as printed


# Bad input and encodings


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letter, then the tone as a combining
    mark (Python's codec does not decompose by itself)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return bytes(out)


SAMPLE = (
    "Hội nghị giao ban công tác tuyên giáo\n\n19/06/2020 - 21:20\n\n"
    "Ngày 19-6-2020, Ban Tuyên giáo Thành ủy Cần Thơ tổ chức Hội nghị giao ban công tác tuyên "
    "giáo 6 tháng đầu năm 2020. Đồng chí Trần Việt Trường, Trưởng Ban Tuyên giáo Thành ủy chủ "
    "trì hội nghị.\n\nTin, ảnh: THANH THY\n"
)


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("utf-16-le"),
        encode_cp1258,
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le-no-bom", "windows-1258"],
)
def test_encodings_decode_to_the_same_record(tmp_path: Path, encode: Any) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(encode(SAMPLE))
    record = extract_article(read_article_file(path), filename=path.name)
    assert record.organizer == "Ban Tuyên giáo Thành ủy Cần Thơ"
    assert [p.name for p in record.chair] == ["Trần Việt Trường"]
    assert record.event_date == dt.date(2020, 6, 19)


def test_windows_1258_is_detected() -> None:
    text, encoding = decode_article_bytes(encode_cp1258(SAMPLE))
    assert encoding == "cp1258"
    assert unicodedata.normalize("NFC", text) == SAMPLE


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(256)) * 4, "binary"),
    ],
    ids=["empty", "blank", "pdf", "png", "noise"],
)
def test_bad_files_raise_a_clear_per_file_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleFileError) as info:
        read_article_file(path)
    assert message in str(info.value) and "bad.txt" in str(info.value)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ArticleFileError, match="too large"):
        read_article_file(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleFileError, match="cannot read"):
        read_article_file(tmp_path / "nope.txt")


def test_html_with_no_article_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Trang chủ</title></head><body><nav><ul>"
        "<li><a href='/'>Trang chủ</a></li><li><a href='/tin'>Tin tức</a></li></ul></nav>"
        "<footer>© Báo điện tử</footer></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(ArticleFileError, match="no article"):
        read_article_file(path)


def test_html_page_reduces_to_main_text_with_its_date() -> None:
    path = FIXTURES / "articles" / "104_annual_review.html"
    text = read_article_file(path)
    assert "<" not in text and "Trang chủ" not in text and "tracking" not in text
    assert "80-KL/TW" not in text  # related headlines are not the article
    record = extract_article(text, filename=path.name)
    assert record.published == dt.date(2022, 12, 27)


def test_one_bad_file_does_not_stop_the_evaluation(tmp_path: Path) -> None:
    articles, expected = tmp_path / "a", tmp_path / "e"
    articles.mkdir()
    expected.mkdir()
    (articles / "good.txt").write_text(SAMPLE, encoding="utf-8")
    (articles / "bad.txt").write_bytes(b"")
    for name in ("good.txt", "bad.txt"):
        (expected / f"{name}.json").write_text(json.dumps({"file": name, "title": "x"}))
    report = evaluate_folder(articles, expected)
    assert report.total == 2 and list(report.errors) == ["bad.txt"]
    assert "ERROR" in report.format_report()


def test_lists_of_people_after_cac_dong_chi() -> None:
    text = (
        "Chủ trì hội nghị có các đồng chí: Nguyễn Văn An, Bí thư Tỉnh ủy; Trần Thị Bình, Phó Bí "
        "thư Thường trực Tỉnh ủy. Dự hội nghị có các đồng chí Lê Văn Cường, Trưởng Ban Tuyên "
        "giáo Tỉnh ủy; Phạm Văn Dũng, Giám đốc Sở Văn hóa và Lý Thị Em, Chủ tịch Hội Nhà báo tỉnh."
    )
    result = find_people([text])
    assert [(p.name, p.titles) for p in result.people] == [
        ("Nguyễn Văn An", "Bí thư Tỉnh ủy"),
        ("Trần Thị Bình", "Phó Bí thư Thường trực Tỉnh ủy"),
        ("Lê Văn Cường", "Trưởng Ban Tuyên giáo Tỉnh ủy"),
        ("Phạm Văn Dũng", "Giám đốc Sở Văn hóa"),
        ("Lý Thị Em", "Chủ tịch Hội Nhà báo tỉnh"),
    ]
    assert [p.name for p in result.chair] == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_titles_in_brackets_and_organisation_names_with_va() -> None:
    result = find_people(
        [
            "Tới dự có ông Vũ Minh Hoàng (Phó Chủ tịch UBND tỉnh) và đồng chí Đỗ Văn Tú, Giám "
            "đốc Sở Kế hoạch và Đầu tư."
        ]
    )
    assert [(p.name, p.titles) for p in result.people] == [
        ("Vũ Minh Hoàng", "Phó Chủ tịch UBND tỉnh"),
        ("Đỗ Văn Tú", "Giám đốc Sở Kế hoạch và Đầu tư"),
    ]
    assert result.chair == ()


def test_title_is_the_headline_not_the_site_banner() -> None:
    text = (
        "CỔNG THÔNG TIN ĐIỆN TỬ BAN TUYÊN GIÁO TỈNH ỦY NGHỆ AN\nTrang chủ\n"
        "Hội nghị giao ban công tác tuyên giáo quý III\n"
        "Chiều 3/10, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị giao ban công tác tuyên giáo quý III "
        "năm 2023."
    )
    assert clean_article(text).title == "Hội nghị giao ban công tác tuyên giáo quý III"
