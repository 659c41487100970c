"""Numbers, money and dates written the Vietnamese way, for report narratives, DOCX and pages.

Vietnamese groups thousands with a dot and marks decimals with a comma: "1.234.567", "12,5".
Money is spoken in millions and billions: "626 tỉ đồng", "250 triệu đồng".
These do not follow the active language on purpose: a report's figures read the same whoever
opens it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.core.exceptions import DomainError

Number = int | float | Decimal

BILLION = 10**9
MILLION = 10**6
_MULTIPLIERS = {
    "tỉ": BILLION,
    "tỷ": BILLION,
    "triệu": MILLION,
    "nghìn": 10**3,
    "ngàn": 10**3,
}


def _decimal(value: Number) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"not a number: {value!r}")
    # str() of a float is its shortest exact-looking form: 12.5, not 12.5000000000000001...
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def _round(number: Decimal, decimals: int) -> Decimal:
    # Half up, as people round by hand (and as the reports' spreadsheets do), not banker's.
    return number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _write(number: Decimal, *, strip: bool) -> str:
    """`number` with "." between thousands and "," before decimals; `strip` drops trailing zeros."""
    whole, _dot, fraction = format(abs(number), "f").partition(".")
    if strip:
        fraction = fraction.rstrip("0")
    digits = f"{int(whole):,}".replace(",", ".") + (f",{fraction}" if fraction else "")
    # No "-0" when a small negative rounds away.
    sign = "-" if number < 0 and digits.strip("0.,") else ""
    return sign + digits


def format_number(value: Number | None, *, decimals: int | None = None) -> str:
    """1234567 -> "1.234.567", 12.5 -> "12,5", -1234 -> "-1.234"; None -> "".
    With `decimals`, rounds to that many and keeps them ("12,50"); without, drops trailing zeros."""
    if value is None:
        return ""
    number = _decimal(value)
    if decimals is None:
        return _write(number, strip=True)
    return _write(_round(number, decimals), strip=False)


def format_percent(value: Number | None, *, decimals: int = 1) -> str:
    """95.55 -> "95,6%", 100 -> "100%" (trailing zeros dropped); None -> ""."""
    if value is None:
        return ""
    return _write(_round(_decimal(value), decimals), strip=True) + "%"


def format_money(value: Number | None) -> str:
    """VND as reports say it: "626 tỉ đồng", "1,5 tỉ đồng", "250 triệu đồng", "500.000 đồng";
    at most two decimals of millions or billions. None -> ""."""
    if value is None:
        return ""
    number = _decimal(value)
    amount = abs(number)
    sign = "-" if number < 0 else ""
    if amount >= BILLION:
        return f"{sign}{_write(_round(amount / BILLION, 2), strip=True)} tỉ đồng"
    if amount >= MILLION:
        millions = _round(amount / MILLION, 2)
        if millions >= 1000:  # 999.999.999 rounds to a billion, not to "1.000 triệu"
            return f"{sign}1 tỉ đồng"
        return f"{sign}{_write(millions, strip=True)} triệu đồng"
    dong = _round(amount, 0)
    if dong >= MILLION:
        return f"{sign}1 triệu đồng"
    return f"{sign if dong else ''}{_write(dong, strip=True)} đồng"


def _local_date(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localdate(value)  # the commissions' day, not UTC's
    return value.date() if isinstance(value, dt.datetime) else value


def format_date(value: dt.date | None) -> str:
    """30/06/2020; None -> ""."""
    if value is None:
        return ""
    return _local_date(value).strftime("%d/%m/%Y")


def format_date_long(value: dt.date | None) -> str:
    """ "ngày 30 tháng 6 năm 2020", as a document's place-and-date line writes it: days below 10
    and the months 1 and 2 take a leading zero ("ngày 05 tháng 02 năm 2020") so that nobody can
    add a digit (Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW). None -> ""."""
    if value is None:
        return ""
    day = _local_date(value)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


# Parsing

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_NUMBER = re.compile(r"^([+\-\u2212]?)\s*([0-9][0-9., ]*)$")
_MONEY_WORD = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)$", re.IGNORECASE)
# Thousands groups: a first group of 1-3 digits not starting with 0, then groups of exactly 3.
_GROUPED = {
    mark: re.compile(rf"^[1-9][0-9]{{0,2}}(?:[{mark}][0-9]{{3}})+$") for mark in (".", ",", " ")
}


def _digits(raw: str) -> str | None:
    """Plain "1234.5" from Vietnamese or plain digits, or None when the grouping makes no sense."""
    if " " in raw:
        # "1 234 567" or "1 234,5": spaces group thousands, nothing else.
        whole, comma, fraction = raw.partition(",")
        if not _GROUPED[" "].match(whole) or "." in raw or (comma and not fraction.isdigit()):
            return None
        return whole.replace(" ", "") + (f".{fraction}" if comma else "")
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        # The later mark is the decimal one: "1.234,5" (Vietnamese) or "1,234.5" (English).
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        whole, _mark, fraction = raw.rpartition(decimal_mark)
        if raw.count(decimal_mark) > 1 or not fraction or not _GROUPED[thousands].match(whole):
            return None
        return whole.replace(thousands, "") + "." + fraction
    if commas == 1:  # "12,5": the Vietnamese decimal comma
        whole, _mark, fraction = raw.partition(",")
        return f"{whole}.{fraction}" if fraction else None
    if commas:
        return raw.replace(",", "") if _GROUPED[","].match(raw) else None
    if dots and _GROUPED["."].match(raw):
        return raw.replace(".", "")  # "1.234", "1.234.567"
    if dots == 1:
        whole, _mark, fraction = raw.partition(".")
        return raw if fraction else None  # "12.5", "0.500", "1234.567": a decimal point
    return None if dots else raw


def parse_number(text: str | Number | None, *, field: str = "value") -> Decimal:
    """Reads "1.234.567", "12,5", "1.234,5", "1 234", "12.5", "-3", "95%", and amounts with a
    word: "626 tỉ" (or "tỷ"), "1,5 triệu", "2 nghìn", "250 triệu đồng". Dots before groups of
    exactly three digits group thousands ("1.234" = 1234); a lone dot before anything else is a
    decimal point ("12.5"). Whole results come back without decimals."""
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        return _decimal(text)
    raw = _SPACES.sub(" ", unicodedata.normalize("NFC", str(text or ""))).strip().lower()
    raw = _MONEY_WORD.sub("", raw).removesuffix("%").strip()
    multiplier = 1
    for word, times in _MULTIPLIERS.items():
        if raw.endswith(word):
            raw, multiplier = raw.removesuffix(word).strip(), times
            break
    match = _NUMBER.match(raw)
    digits = _digits(match.group(2)) if match else None
    try:
        if match is None or digits is None:
            raise InvalidOperation
        number = Decimal(digits) * multiplier
        if match.group(1) in ("-", "\u2212"):
            number = -number
        # 1500000, not 1500000.0; 0.5, not 0.500.
        return (
            number.quantize(Decimal(1))
            if number == number.to_integral_value()
            else number.normalize()
        )
    except InvalidOperation:  # also: more digits than a Decimal holds
        raise DomainError(
            _("'%(text)s' is not a number (e.g. 1.234.567, 12,5 or 1,5 tỉ)") % {"text": text or ""},
            field=field,
        ) from None
