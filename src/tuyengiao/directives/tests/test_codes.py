"""The code parser: every way codes are written in real text, normalisation, and refusals with
suggestions for near misses (never a silent guess)."""

from __future__ import annotations

import datetime as dt

import pytest

from tuyengiao.directives.codes import CodeError, find_codes, normalise_code, parse_code


@pytest.mark.parametrize(
    ("text", "code", "number", "doc_type", "issuer", "issued_on"),
    [
        ("Chỉ thị 05-CT/TW", "05-CT/TW", 5, "CT", "TW", None),
        ("Chỉ thị số 05-CT/TW", "05-CT/TW", 5, "CT", "TW", None),
        (
            "Quy định số 208-QĐ/TW ngày 08/11/2019",
            "208-QĐ/TW",
            208,
            "QĐ",
            "TW",
            dt.date(2019, 11, 8),
        ),
        ("Kết luận 01-KL/TW", "01-KL/TW", 1, "KL", "TW", None),
        ("Thông báo Kết luận 173-TB/TW", "173-TB/TW", 173, "TB", "TW", None),
        (
            "Nghị quyết số 11-NQ/TU ngày 9/3/2018",
            "11-NQ/TU",
            11,
            "NQ",
            "TU",
            dt.date(2018, 3, 9),
        ),
        ("05-CT/TW", "05-CT/TW", 5, "CT", "TW", None),
        ("  05 - CT / TW ", "05-CT/TW", 5, "CT", "TW", None),
        ("208-QD/TW", "208-QĐ/TW", 208, "QĐ", "TW", None),
        ("5-CT/TW", "05-CT/TW", 5, "CT", "TW", None),
        ("chỉ thị số 05-ct/tw.", "05-CT/TW", 5, "CT", "TW", None),
        ("Chương trình hành động số 12-CTr/TU", "12-CTr/TU", 12, "CTr", "TU", None),
        ("Quy định số 08-QĐi/TW", "08-QĐi/TW", 8, "QĐi", "TW", None),
        (
            "Nghị quyết số 11-NQ/TU ngày 9 tháng 3 năm 2018",
            "11-NQ/TU",
            11,
            "NQ",
            "TU",
            dt.date(2018, 3, 9),
        ),
        (
            "Quyết định số 99-QĐ/BTGTU, ngày 1/7/2025",
            "99-QĐ/BTGTU",
            99,
            "QĐ",
            "BTGTU",
            dt.date(2025, 7, 1),
        ),
    ],
)
def test_the_written_forms_parse_and_normalise(text, code, number, doc_type, issuer, issued_on):
    parsed = parse_code(text)
    assert (parsed.code, parsed.number, parsed.doc_type, parsed.issuer, parsed.issued_on) == (
        code,
        number,
        doc_type,
        issuer,
        issued_on,
    )


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("05/CT-TW", "05-CT/TW"),
        ("Chỉ thị số 05/CT-TW", "05-CT/TW"),
        ("11/NQ-TU", "11-NQ/TU"),
        ("05-CT-TW", "05-CT/TW"),
        ("05/CT/TW", "05-CT/TW"),
        ("05 CT/TW", "05-CT/TW"),
        ("05CT/TW", "05-CT/TW"),
        ("Chỉ thị 11-NQ/TU", "Nghị quyết 11-NQ/TU"),
    ],
)
def test_near_misses_are_refused_with_a_suggestion(text, suggestion):
    with pytest.raises(CodeError) as caught:
        parse_code(text)
    assert caught.value.suggestion == suggestion
    assert caught.value.message and suggestion in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Chỉ thị 05",
        "CT/TW",
        "45/KH-UBND",  # a state document: not a near miss of a party code
        "05-XY/TW",
        "Quyết nghị 05-CT/TW",
        "05-CT/TW ngày 31/02/2020",
        "0-CT/TW",
        "05-CT/TW của Bộ Chính trị và 06-CT/TW",
        "hello",
    ],
)
def test_malformed_inputs_are_refused_without_a_guess(text):
    with pytest.raises(CodeError) as caught:
        parse_code(text)
    assert caught.value.suggestion is None
    assert caught.value.message


def test_a_state_code_is_named_as_such():
    with pytest.raises(CodeError, match="state document"):
        parse_code("45/KH-UBND")


def test_find_codes_in_running_text_with_dates():
    text = (
        "Triển khai Chỉ thị 05-CT/TW, Chỉ thị số 05-CT/TW và Quy định số 208-QĐ/TW ngày "
        "08/11/2019; Thông báo Kết luận 173-TB/TW; Nghị quyết số 11-NQ/TU; Chỉ thị 05 của Bộ "
        "Chính trị; Kế hoạch số 45/KH-UBND của UBND tỉnh; Chỉ thị 05/CT-TW; Công văn 12-CV/TU."
    )
    found = find_codes(text)
    assert [p.code for p in found] == ["05-CT/TW", "208-QĐ/TW", "173-TB/TW", "11-NQ/TU"]
    assert found[1].issued_on == dt.date(2019, 11, 8)
    assert found[0].issued_on is None


def test_normalise_code_is_the_one_the_extraction_uses():
    from tuyengiao.news.extract import documents

    assert documents.normalise_code is normalise_code
    assert normalise_code("208 - QD/TW") == "208-QĐ/TW"
    assert normalise_code("05/CT-TW") is None
