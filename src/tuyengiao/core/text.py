"""Vietnamese text helpers: diacritic folding for search, and a Vietnamese sort key.

A few lines of our own instead of a 0.1.0 single-maintainer package (see DESIGN.md).
"""

from __future__ import annotations

import re
import unicodedata

# NFD splits "ế" into "e" + marks, but "Đ/đ" is a letter of its own, not "D" + a mark.
_D_TABLE = str.maketrans({"Đ": "D", "đ": "d"})
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


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


def _letter_key(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    tone = next((_TONES.index(m) + 1 for m in decomposed if m in _TONES), 0)
    base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
    position = _ALPHABET.find(base)
    return (position if position >= 0 else 100 + ord(base[:1] or " "), tone)


def vietnamese_sort_key(text: str) -> tuple:
    """Sort key putting "Đông Triều" after "Dương" and before "Em", as a Vietnamese reader expects.

    Python's default order puts every "Đ" word after "Z"; PostgreSQL's vi-x-icu collation agrees
    with this key. Letters first compare by base letter, then by tone.
    """
    letters = [_letter_key(ch) for ch in unicodedata.normalize("NFC", text) if not ch.isspace()]
    return (tuple(k[0] for k in letters), tuple(k[1] for k in letters))
