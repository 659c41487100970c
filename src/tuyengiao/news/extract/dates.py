"""Dates: the page's publication date and the day the reported event began.

Vietnamese news writes the event's day in the lead sentence, often without the year ("Sáng 16/7",
"Chiều 24/11", "Từ ngày 25/2 đến 28/2"); the year then comes from the publication date, or failing
that from the years the lead names ("triển khai nhiệm vụ 6 tháng cuối năm 2021").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .clean import DateStamp
from .record import Span

_PART_OF_DAY = r"(?:sáng|chiều|tối|trưa|đêm|rạng\s+sáng)"
_SEP = r"\s*[/.\-]\s*"
# A day/month written with a trigger word: a bare "60/85" is a figure, not a date.
_EVENT_DATE = re.compile(
    rf"""(?P<trigger>
            (?:từ\s+)?{_PART_OF_DAY}(?:\s+nay)?(?:\s+(?:hôm\s+)?(?:qua|nay))?\s*(?:ngày\s+)?\(?
          | (?:từ\s+|vào\s+|trong\s+|hôm\s+)?ngày\s+
          | (?:hôm\s+nay|hôm\s+qua|chiều\s+qua|sáng\s+qua|mới\s+đây)\s*\(
          | \bnay\s*\(
        )
        (?P<d>\d{{1,2}})(?:\s*(?:-|–|và|đến)\s*(?P<d2>\d{{1,2}}))?{_SEP}(?P<m>\d{{1,2}})
        (?:{_SEP}(?P<y>\d{{4}}))?(?!\d|\s*/\s*\d)
        (?:\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?(?P<ed>\d{{1,2}}){_SEP}(?P<em>\d{{1,2}})
           (?:{_SEP}(?P<ey>\d{{4}}))?)?""",
    re.IGNORECASE | re.VERBOSE,
)
# "ngày 9 tháng 3 năm 2018", as formal documents and some reports write it.
_WORDY_DATE = re.compile(
    r"(?:ngày\s+)(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s+năm\s+(?P<y>\d{4}))?",
    re.IGNORECASE,
)
# A date right after a document code is the document's date ("208-QĐ/TW ngày 08/11/2019").
_CITATION_BEFORE = re.compile(
    r"(?:\d+\s*[-/]\s*[A-ZĐ][A-Za-zĐđ]{0,4}\s*[/-]\s*[A-ZĐ][A-ZĐ0-9-]{0,12}|ban hành|ký)"
    r"\s*,?\s*$"
)
# "năm 2021" names the year; "đến năm 2025", "tầm nhìn đến năm 2030" name a target, not it.
_YEAR_WORD = re.compile(r"(?<!đến )(?<!tới )\bnăm\s+(\d{4})\b", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"\d{4}\s*[-–]\s*\d{4}")


@dataclass(frozen=True, slots=True)
class EventDate:
    """The first day of the event (and the last, for a range), how the year was found, and where."""

    start: dt.date | None
    end: dt.date | None
    confidence: float
    span: Span | None


def _safe_date(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def choose_published(stamps: Sequence[DateStamp]) -> tuple[dt.date | None, float]:
    """The page's publication date from its date stamps.

    A stamp with a time ("19/06/2020 - 21:20") or a label ("Ngày đăng: …") is the publication
    stamp. A weekday and date with
    no time at the top of the page ("Chủ nhật, 29/05/2022") is the site's current-date header,
    printed on every page the day it was scraped: it is not the publication date. A bare date
    line is taken with less confidence.
    """
    timed = [s for s in stamps if s.has_time or s.has_label]
    plain = [s for s in stamps if not s.has_time and not s.has_weekday]
    for group, confidence in ((timed, 0.95), (plain, 0.7)):
        for s in group:
            date = _safe_date(s.year, s.month, s.day)
            if date:
                return date, confidence
    return None, 0.6 if stamps else 0.5


def infer_year(
    month: int, day: int, *, published: dt.date | None, context: str, fallback_text: str
) -> tuple[int | None, float]:
    """The year of a day written without one.

    The publication date decides when there is one: the latest such day not after the page was
    published (an article of 5/1 about "Chiều 28/12" reports last year's meeting). Otherwise the
    years the lead names with "năm YYYY" decide, the latest of them, except that a late-year
    event that also names the next year ("tổng kết năm 2020, triển khai nhiệm vụ năm 2021")
    belongs to the earlier one. Term ranges ("nhiệm kỳ 2020 – 2025") say nothing of the year.
    """
    if published is not None:
        year = published.year
        candidate = _safe_date(year, month, day)
        if candidate and candidate > published + dt.timedelta(days=1):
            year -= 1
        return year, 0.9
    for text, confidence in ((context, 0.75), (fallback_text, 0.6)):
        years = [int(y) for y in _YEAR_WORD.findall(_YEAR_RANGE.sub(" ", text))]
        years = [y for y in years if 1945 <= y <= 2100]
        if not years:
            continue
        if text is fallback_text:
            # Over the whole body, the year named most often (ties: the latest).
            counts = Counter(years)
            return max(counts, key=lambda y: (counts[y], y)), confidence
        latest = max(years)
        if month >= 11 and (latest - 1) in years:
            return latest - 1, confidence
        return latest, confidence
    return None, 0.2


def find_event_date(
    paragraphs: Sequence[str], *, published: dt.date | None, title: str | None = None
) -> EventDate:
    """The first day of the event: the first dated expression of the lead paragraph (then of the
    next two) that is not a cited document's date. Spans are offsets into the joined body."""
    body_text = "\n\n".join(paragraphs)
    offset = 0
    for index, paragraph in enumerate(paragraphs[:3]):
        for m in _iter_dates(paragraph):
            d, mo = int(m["d"]), int(m["m"])
            if not (1 <= d <= 31 and 1 <= mo <= 12):
                continue
            if _CITATION_BEFORE.search(paragraph[max(0, m.start() - 40) : m.start()]):
                continue
            y_raw = m.groupdict().get("y")
            if y_raw:
                year, conf = int(y_raw), 0.95
            else:
                year, conf = infer_year(
                    mo, d, published=published, context=paragraph, fallback_text=body_text
                )
            start = _safe_date(year, mo, d)
            if start is None:
                continue
            end = _range_end(m, year)
            if index > 0:
                conf -= 0.15  # a date outside the lead is less surely the event's
            span = Span(offset + m.start(), offset + m.end())
            return EventDate(start, end, conf, span)
        offset += len(paragraph) + 2
    return EventDate(None, None, 0.4, None)


def _iter_dates(paragraph: str) -> list[re.Match[str]]:
    found = list(_EVENT_DATE.finditer(paragraph)) + list(_WORDY_DATE.finditer(paragraph))
    return sorted(found, key=lambda m: m.start())


def _range_end(m: re.Match[str], year: int | None) -> dt.date | None:
    groups = m.groupdict()
    if groups.get("ed"):
        end_year = int(groups["ey"]) if groups.get("ey") else year
        return _safe_date(end_year, int(groups["em"]), int(groups["ed"]))
    if groups.get("d2"):  # "ngày 25-26/2": the same month
        return _safe_date(year, int(groups["m"]), int(groups["d2"]))
    return None
