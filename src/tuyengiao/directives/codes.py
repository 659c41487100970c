"""Party document codes: the one place that reads them, for the registry and for article extraction.

Party documents are numbered NUMBER-TYPE/ISSUER ("05-CT/TW", "208-QĐ/TW", "11-NQ/TU"); state
documents NUMBER/TYPE-ISSUER ("45/KH-UBND"). People write a code inside a phrase: "Chỉ thị 05-CT/TW",
"Chỉ thị số 05-CT/TW", "Quy định số 208-QĐ/TW ngày 08/11/2019", "Thông báo Kết luận 173-TB/TW".

- `parse_code(text)` reads one such phrase into a `ParsedCode` (the registry's input), or raises
  `CodeError` with a message and, for a near miss such as the inverted "05/CT-TW", a `suggestion`
  ("05-CT/TW") that a person confirms: a suggestion is offered, never applied silently.
- `find_codes(text)` lists the registry codes cited in running text.
- `normalise_code(raw)` and the regexes `PARTY_CODE`, `STATE_CODE`, `PARTY_ISSUERS` serve the
  article extraction (news/extract/documents.py), which also lists state codes and other types.

Normalised form: the number with at least two digits (party documents write "05", "01"), the type
in its canonical spelling ("QD" → "QĐ", "ctr" → "CTr"), the issuer in capitals ("TƯ" → "TW"), no
spaces. Pure functions: no database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tuyengiao.core.text import fold

# Issuers of party documents (GLOSSARY "Documents"): central, provincial, district, commissions.
PARTY_ISSUERS = frozenset(
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

# Types the extraction recognises in running text (party and state); the registry keeps the
# party types of `REGISTRY_TYPES`.
TYPE_PATTERN = r"(?:NQ|CT|QĐi|QĐ|QD|KL|TB|HD|KH|CTr|CTHĐ|QC|BC|TTr|ĐA|KH|TT|NĐ|CV|QyĐ)"
ISSUER_PATTERN = r"[A-ZĐƯ][A-ZĐƯ0-9]{0,9}"
PARTY_CODE = re.compile(
    rf"(?<![\w/-])(?P<num>\d{{1,4}})\s*[-–]\s*(?P<type>{TYPE_PATTERN})\s*/\s*(?P<iss>{ISSUER_PATTERN})"
    r"(?![\w-])"
)
STATE_CODE = re.compile(
    rf"(?<![\w/-])(?P<num>\d{{1,5}})\s*/\s*(?:(?P<year>\d{{4}})\s*/\s*)?(?P<type>{TYPE_PATTERN})"
    rf"\s*[-–]\s*(?P<iss>{ISSUER_PATTERN}(?:-[A-ZĐ0-9]{{1,10}})?)(?![\w-])"
)

# Canonical spelling of every type, keyed by its upper-case form ("QD" and "QĐ" → "QĐ").
_CANONICAL_TYPES = {
    t.upper(): t
    for t in (
        *("NQ", "CT", "QĐi", "QĐ", "KL", "TB", "HD", "KH", "CTr", "CTHĐ", "QC", "BC"),
        *("TTr", "ĐA", "TT", "NĐ", "CV", "QyĐ"),
    )
}
_CANONICAL_TYPES.update({"QD": "QĐ", "QDI": "QĐi"})

# The party document types the registry keeps (directives.choices.DocumentType), with the words
# that name them in running text, folded. "Quy định" shares "QĐ" with "Quyết định", and the
# Central Committee's regulations are also numbered "QĐi".
REGISTRY_TYPES: dict[str, tuple[str, ...]] = {
    "NQ": ("Nghị quyết",),
    "CT": ("Chỉ thị",),
    "QĐ": ("Quyết định", "Quy định"),
    "QĐi": ("Quy định",),
    "KL": ("Kết luận",),
    "TB": ("Thông báo kết luận", "Thông báo"),
    "HD": ("Hướng dẫn",),
    "KH": ("Kế hoạch",),
    "CTr": ("Chương trình hành động", "Chương trình"),
    "QC": ("Quy chế",),
    "BC": ("Báo cáo",),
}
_WORD_TYPES: dict[str, set[str]] = {}
for _type, _words in REGISTRY_TYPES.items():
    for _word in _words:
        _WORD_TYPES.setdefault(fold(_word), set()).add(_type)

_ISSUER_ALIASES = {"TƯ": "TW"}

_SPACES = re.compile(r"\s+")
_LETTERS = r"A-ZĐƯa-zđư"
# A code of the party form in any case, with spaces anywhere around "-" and "/".
_PARTY_ANY_CASE = re.compile(
    rf"(?P<num>\d{{1,4}})\s*[-–]\s*(?P<type>[{_LETTERS}]{{2,4}})\s*/\s*(?P<iss>[{_LETTERS}][{_LETTERS}0-9]{{0,9}})"
)
# Near misses, each with its repair: the state order "05/CT-TW", or wrong or missing separators
# ("05-CT-TW", "05/CT/TW", "05 CT/TW", "05.CT.TW").
_INVERTED = re.compile(
    rf"(?P<num>\d{{1,5}})\s*/\s*(?P<type>[{_LETTERS}]{{2,4}})\s*[-–]\s*(?P<iss>[{_LETTERS}][{_LETTERS}0-9-]{{0,14}})"
)
_LOOSE = re.compile(
    rf"(?P<num>\d{{1,4}})\s*[-–/._\s]?\s*(?P<type>[{_LETTERS}]{{2,4}})\s*[-–/._\s]\s*(?P<iss>[{_LETTERS}][{_LETTERS}0-9]{{0,9}})"
)
_DATE_NUMERIC = re.compile(
    r"[,;\s]*(?:ban\s+hành\s+)?ngày\s+(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})\s*$",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    r"[,;\s]*(?:ban\s+hành\s+)?ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\s*$",
    re.IGNORECASE,
)
_NUMBER_WORD = re.compile(r"\s*(?:số|so)\s*:?\s*$", re.IGNORECASE)


class CodeError(ValueError):
    """A text that is not a registry code. `suggestion` is the code it most likely meant (offered
    to the person, never applied for them), or None."""

    def __init__(self, message: str, *, suggestion: str | None = None):
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion

    def __str__(self) -> str:
        if self.suggestion:
            return f"{self.message} ({_('did you mean %(code)s?') % {'code': self.suggestion}})"
        return self.message


@dataclass(frozen=True, slots=True)
class ParsedCode:
    """A normalised code and its parts: "05-CT/TW" → number 5, type "CT", issuer "TW"."""

    code: str
    number: int
    doc_type: str
    issuer: str
    issued_on: dt.date | None = None


def canonical_type(raw: str) -> str | None:
    """The canonical spelling of a document type ("qd" → "QĐ", "CTR" → "CTr"), None if unknown."""
    return _CANONICAL_TYPES.get(raw.upper())


def _issuer(raw: str) -> str:
    up = raw.upper()
    return _ISSUER_ALIASES.get(up, up)


def format_code(number: int | str, doc_type: str, issuer: str) -> str:
    """NUMBER-TYPE/ISSUER with the number written with at least two digits ("05-CT/TW")."""
    return f"{int(number):02d}-{doc_type}/{issuer}"


def normalise_code(raw: str) -> str | None:
    """The canonical form of a party code ("05 - CT/TW", "208-QD/TW", "5-CT/TW" → "05-CT/TW",
    "208-QĐ/TW", "05-CT/TW"); None when `raw` is not a party code (including the inverted
    "05/CT-TW", which only `parse_code` repairs, as a suggestion)."""
    m = PARTY_CODE.fullmatch(raw.strip())
    if not m:
        return None
    doc_type = canonical_type(m["type"]) or m["type"]
    return format_code(m["num"], doc_type, _issuer(m["iss"]))


def type_words(doc_type: str) -> tuple[str, ...]:
    """The Vietnamese words for a registry type ("CT" → ("Chỉ thị",)); empty when not one."""
    return REGISTRY_TYPES.get(doc_type, ())


def search_text(*, code: str, doc_type: str, title: str) -> str:
    """The folded text a directive is found by: its type words, code and title, so "chi thi 05"
    finds "05-CT/TW" whatever its title says."""
    return fold(" ".join([*type_words(doc_type), code, title]))[:600]


def _date(day: str, month: str, year: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise CodeError(
            _("'%(date)s' is not a date.") % {"date": f"{day}/{month}/{year}"},
        ) from None


def _split_date(text: str) -> tuple[str, dt.date | None]:
    for pattern in (_DATE_NUMERIC, _DATE_WORDS):
        m = pattern.search(text)
        if m:
            return text[: m.start()], _date(m["d"], m["m"], m["y"])
    return text, None


def _types_of_word(prefix: str) -> set[str] | None:
    """The types a leading word allows ("Chỉ thị" → {"CT"}); None when there is no word."""
    word = _NUMBER_WORD.sub("", prefix).strip(" ,:")
    if not word:
        return None
    types = _WORD_TYPES.get(fold(word))
    if types is None:
        raise CodeError(
            _("'%(word)s' is not a document type; write it as in 'Chỉ thị số 05-CT/TW'.")
            % {"word": word}
        )
    return types


def _registry_type(raw: str) -> str:
    doc_type = canonical_type(raw)
    if doc_type not in REGISTRY_TYPES:
        raise CodeError(
            _("'%(type)s' is not a party document type the registry keeps (%(types)s).")
            % {"type": raw, "types": ", ".join(REGISTRY_TYPES)}
        )
    return doc_type


def _suggest(rest: str) -> CodeError:
    """The refusal of a text that is not NUMBER-TYPE/ISSUER, with a repair when it is a near miss."""
    m = _INVERTED.fullmatch(rest)
    if m:
        issuer_root = m["iss"].split("-")[0].upper()
        doc_type = canonical_type(m["type"])
        if doc_type in REGISTRY_TYPES and issuer_root in PARTY_ISSUERS and "-" not in m["iss"]:
            return CodeError(
                _(
                    "'%(raw)s' is written the way state documents are (NUMBER/TYPE-ISSUER); "
                    "party codes read NUMBER-TYPE/ISSUER."
                )
                % {"raw": rest},
                suggestion=format_code(m["num"], doc_type, _issuer(issuer_root)),
            )
        return CodeError(
            _(
                "'%(raw)s' is a state document code (NUMBER/TYPE-ISSUER); the registry keeps "
                "party documents (NUMBER-TYPE/ISSUER)."
            )
            % {"raw": rest}
        )
    m = _LOOSE.fullmatch(rest)
    if m and canonical_type(m["type"]) in REGISTRY_TYPES:
        return CodeError(
            _("'%(raw)s' is not written as NUMBER-TYPE/ISSUER.") % {"raw": rest},
            suggestion=format_code(m["num"], canonical_type(m["type"]), _issuer(m["iss"])),
        )
    return CodeError(
        _("'%(raw)s' is not a document code; codes read NUMBER-TYPE/ISSUER, as in 05-CT/TW.")
        % {"raw": rest}
    )


def parse_code(text: str) -> ParsedCode:
    """Reads a code as people write it: an optional type word ("Chỉ thị", "Quy định", "Thông báo
    Kết luận"), an optional "số", the code, and an optional "ngày d/m/yyyy" (or "ngày 9 tháng 3
    năm 2018"). Raises CodeError (with a `suggestion` for near misses) on anything else, and when
    the word and the code disagree ("Chỉ thị 11-NQ/TU")."""
    cleaned = _SPACES.sub(" ", text or "").strip().rstrip(".;,")
    if not cleaned:
        raise CodeError(_("The code is empty; write it as in 05-CT/TW."))
    body, issued_on = _split_date(cleaned)
    first_digit = re.search(r"\d", body)
    if first_digit is None:
        raise CodeError(
            _("'%(raw)s' has no number; codes read NUMBER-TYPE/ISSUER, as in 05-CT/TW.")
            % {"raw": cleaned}
        )
    prefix, rest = body[: first_digit.start()], body[first_digit.start() :].strip()
    allowed_types = _types_of_word(prefix)
    m = _PARTY_ANY_CASE.fullmatch(rest)
    if m is None:
        raise _suggest(rest)
    doc_type = _registry_type(m["type"])
    issuer = _issuer(m["iss"])
    if int(m["num"]) == 0:
        raise CodeError(_("A document number starts at 1."))
    code = format_code(m["num"], doc_type, issuer)
    if allowed_types is not None and doc_type not in allowed_types:
        word = prefix.strip()
        raise CodeError(
            _("'%(word)s' does not match the type %(type)s of the code %(code)s.")
            % {"word": _NUMBER_WORD.sub("", word).strip(), "type": doc_type, "code": code},
            suggestion=f"{type_words(doc_type)[0]} {code}",
        )
    return ParsedCode(
        code=code, number=int(m["num"]), doc_type=doc_type, issuer=issuer, issued_on=issued_on
    )


# "ngày d/m/yyyy" right after a code in running text.
_DATE_AFTER = re.compile(
    r"\s*,?\s*(?:ban\s+hành\s+)?ngày\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})",
    re.IGNORECASE,
)


def find_codes(text: str) -> list[ParsedCode]:
    """The registry codes cited in running text, in order of first citation, each once, with the
    issue date when "ngày d/m/yyyy" follows the code. State codes, other types and malformed
    codes are left out (the article extraction reports the malformed ones as warnings)."""
    found: dict[str, ParsedCode] = {}
    for m in PARTY_CODE.finditer(text):
        doc_type = canonical_type(m["type"])
        if doc_type not in REGISTRY_TYPES:
            continue
        code = format_code(m["num"], doc_type, _issuer(m["iss"]))
        if code in found or int(m["num"]) == 0:
            continue
        issued_on = None
        after = _DATE_AFTER.match(text, m.end())
        if after:
            try:
                issued_on = dt.date(int(after["y"]), int(after["m"]), int(after["d"]))
            except ValueError:
                issued_on = None
        found[code] = ParsedCode(
            code=code,
            number=int(m["num"]),
            doc_type=doc_type,
            issuer=_issuer(m["iss"]),
            issued_on=issued_on,
        )
    return list(found.values())
