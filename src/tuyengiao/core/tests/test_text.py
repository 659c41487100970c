"""Folding Vietnamese for search: diacritics, Đ/đ, case, punctuation."""

import pytest

from tuyengiao.core.dates import parse_date
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.text import fold, search_terms


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ban Tuyên giáo Tỉnh ủy Nghệ An", "ban tuyen giao tinh uy nghe an"),
        ("Đông Triều", "dong trieu"),
        ("ĐẢNG ỦY phường Ngọc Hà", "dang uy phuong ngoc ha"),
        ("Thị xã  Quảng Yên (cũ)", "thi xa quang yen cu"),
        ("Ủy ban – Hội đồng", "uy ban hoi dong"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_search_terms_are_folded_words():
    assert search_terms("  Tuyên  giáo, Nghệ An ") == ["tuyen", "giao", "nghe", "an"]
    assert search_terms("") == []


def test_parse_date_accepts_iso_and_vietnamese_and_names_the_field():
    assert (
        parse_date("2020-06-30").isoformat() == parse_date("30/06/2020").isoformat() == "2020-06-30"
    )
    with pytest.raises(DomainError) as info:
        parse_date("31/02/2020", field="as_of")
    assert info.value.field == "as_of"
