"""Document codes cited by the article, normalised to NUMBER-TYPE/ISSUER ("05-CT/TW").

Party documents are numbered NUMBER-TYPE/ISSUER ("208-QĐ/TW", "11-NQ/TU"); state documents
NUMBER/TYPE-ISSUER ("45/KH-UBND"). A party issuer written the state way ("05/CT-TW") is a
typing slip we cannot safely repair, so it is reported as a warning, never silently accepted.
A bare "Chỉ thị 05" has no code and is not listed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .record import Span

# Issuers of party documents (GLOSSARY "Documents"): central, provincial, district, commissions.
_PARTY_ISSUERS = frozenset(
    [
        "TW",
        "TU",
        "HU",
        "QU",
        "ĐU",
        "ĐUK",
        "BTGTW",
        "BTGTU",
        "BTGHU",
        "BTGQU",
        "BTGĐU",
        "BTCTW",
        "BTCTU",
        "BDVTW",
        "BDVTU",
        "BKTTW",
        "VPTW",
        "BCSĐ",
        "BCĐ",
        "UBKTTW",
        "UBKTTU",
        "TƯ",
    ]
)
_TYPE = r"(?:NQ|CT|QĐi|QĐ|QD|KL|TB|HD|KH|CTr|CTHĐ|QC|BC|TTr|ĐA|KH|TT|NĐ|CV|QyĐ)"
_ISSUER = r"[A-ZĐƯ][A-ZĐƯ0-9]{0,9}"
_PARTY_CODE = re.compile(
    rf"(?<![\w/-])(?P<num>\d{{1,4}})\s*[-–]\s*(?P<type>{_TYPE})\s*/\s*(?P<iss>{_ISSUER})"
    r"(?![\w-])"
)
_STATE_CODE = re.compile(
    rf"(?<![\w/-])(?P<num>\d{{1,5}})\s*/\s*(?:(?P<year>\d{{4}})\s*/\s*)?(?P<type>{_TYPE})\s*[-–]"
    rf"\s*(?P<iss>{_ISSUER}(?:-[A-ZĐ0-9]{{1,10}})?)(?![\w-])"
)


@dataclass(frozen=True, slots=True)
class DocumentCodes:
    codes: tuple[str, ...]
    spans: tuple[Span, ...]
    warnings: tuple[str, ...]


def normalise_code(raw: str) -> str | None:
    """The canonical form of a party code ("05 - CT/TW", "208-QD/TW" → "05-CT/TW", "208-QĐ/TW");
    None when `raw` is not a party code (including the inverted "05/CT-TW")."""
    m = _PARTY_CODE.fullmatch(raw.strip())
    if not m:
        return None
    doc_type = "QĐ" if m["type"] == "QD" else m["type"]
    return f"{m['num']}-{doc_type}/{m['iss']}"


def find_documents(paragraphs: Sequence[str]) -> DocumentCodes:
    """Codes cited in the body, in order of first citation, each once."""
    text = "\n\n".join(paragraphs)
    codes: list[str] = []
    spans: list[Span] = []
    warnings: list[str] = []
    for m in _PARTY_CODE.finditer(text):
        code = normalise_code(m.group())
        if code and code not in codes:
            codes.append(code)
            spans.append(Span(m.start(), m.end()))
    for m in _STATE_CODE.finditer(text):
        issuer_root = m["iss"].split("-")[0]
        if issuer_root in _PARTY_ISSUERS:
            warnings.append(
                f"malformed document code {m.group()!r}: party codes read NUMBER-TYPE/ISSUER"
            )
            continue
        year = f"{m['year']}/" if m["year"] else ""
        code = f"{m['num']}/{year}{m['type']}-{m['iss']}"
        if code not in codes:
            codes.append(code)
            spans.append(Span(m.start(), m.end()))
    order = sorted(range(len(codes)), key=lambda i: spans[i].start)
    return DocumentCodes(
        tuple(codes[i] for i in order), tuple(spans[i] for i in order), tuple(warnings)
    )
