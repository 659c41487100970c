"""Document codes cited by the article, normalised to NUMBER-TYPE/ISSUER ("05-CT/TW").

Party documents are numbered NUMBER-TYPE/ISSUER ("208-QĐ/TW", "11-NQ/TU"); state documents
NUMBER/TYPE-ISSUER ("45/KH-UBND"). A party issuer written the state way ("05/CT-TW") is a
typing slip we cannot safely repair, so it is reported as a warning, never silently accepted.
A bare "Chỉ thị 05" has no code and is not listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tuyengiao.directives.codes import PARTY_CODE, PARTY_ISSUERS, STATE_CODE, normalise_code

from .record import Span

# The code grammar lives with the directive registry, so that a code means the same thing in an
# article and in the registry (one implementation: directives/codes.py).

__all__ = ["DocumentCodes", "find_documents", "normalise_code"]


@dataclass(frozen=True, slots=True)
class DocumentCodes:
    codes: tuple[str, ...]
    spans: tuple[Span, ...]
    warnings: tuple[str, ...]


def find_documents(paragraphs: Sequence[str]) -> DocumentCodes:
    """Codes cited in the body, in order of first citation, each once."""
    text = "\n\n".join(paragraphs)
    codes: list[str] = []
    spans: list[Span] = []
    warnings: list[str] = []
    for m in PARTY_CODE.finditer(text):
        code = normalise_code(m.group())
        if code and code not in codes:
            codes.append(code)
            spans.append(Span(m.start(), m.end()))
    for m in STATE_CODE.finditer(text):
        issuer_root = m["iss"].split("-")[0]
        if issuer_root in PARTY_ISSUERS:
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
