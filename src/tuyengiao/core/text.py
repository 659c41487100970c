"""Vietnamese text helpers: diacritic folding for search.

A few lines of our own instead of a 0.1.0 single-maintainer package (see DESIGN.md).
"""

from __future__ import annotations

import re
import unicodedata

# NFD splits "ế" into "e" + marks, but "Đ/đ" is a letter of its own, not "D" + a mark.
_D_TABLE = str.maketrans({"Đ": "D", "đ": "d"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-cases and strips diacritics (including đ), keeping words separated by one space.

    "Ban Tuyên giáo Tỉnh ủy Nghệ An" -> "ban tuyen giao tinh uy nghe an"; "Đông Triều" -> "dong trieu".
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def search_terms(query: str) -> list[str]:
    """The folded words of a search query; a unit matches when its folded name holds all of them."""
    return [term for term in fold(query).split(" ") if term]
