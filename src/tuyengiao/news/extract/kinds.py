"""Event kind: what sort of meeting the article reports (GLOSSARY "Meetings").

The kind is read from the phrase naming the event ("tổ chức Hội nghị giao ban …"), then the
headline, then the lead paragraph. Within one of them the earliest cue wins, so "Hội nghị giao
ban … 6 tháng đầu năm" is a briefing and "hội nghị sơ kết …" an interim review; the bare word
"hội nghị" decides only when nothing more precise is said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# (pattern, kind); specific cues only. Order breaks ties at the same position.
_CUES: tuple[tuple[str, str], ...] = (
    (r"giao ban báo chí|họp báo|cung cấp thông tin (?:cho )?báo chí", "press_briefing"),
    (r"báo cáo viên", "reporters_conference"),
    (
        r"học tập,? quán triệt|quán triệt|nghiên cứu,? học tập|học tập chuyên đề|"
        r"hội nghị chuyên đề|triển khai (?:thực hiện )?nghị quyết|thông báo nhanh kết quả",
        "study_session",
    ),
    (r"sơ kết|6 tháng đầu năm|sáu tháng đầu năm", "interim_review"),
    (r"tổng kết", "annual_review"),
    (r"hội thảo|tọa đàm|toạ đàm|diễn đàn", "workshop"),
    (r"đoàn công tác|làm việc với|kiểm tra|khảo sát|giám sát|thăm và làm việc", "working_visit"),
    (r"giao ban", "briefing"),
)
_COMPILED = tuple((re.compile(rf"\b(?:{p})\b", re.IGNORECASE), kind) for p, kind in _CUES)
_CONFERENCE = re.compile(r"\bhội nghị\b", re.IGNORECASE)


def _earliest(text: str) -> str | None:
    best: tuple[int, int, str] | None = None
    for rank, (pattern, kind) in enumerate(_COMPILED):
        m = pattern.search(text)
        if m and (best is None or (m.start(), rank) < best[:2]):
            best = (m.start(), rank, kind)
    return best[2] if best else None


def classify_event(
    *, event_phrase: str, title: str | None, paragraphs: Sequence[str]
) -> tuple[str, float]:
    """One of the event kinds of `record.EVENT_TYPES`, with a confidence."""
    lead = paragraphs[0] if paragraphs else ""
    for text, confidence in ((event_phrase, 0.85), (title or "", 0.75), (lead, 0.6)):
        kind = _earliest(text)
        if kind:
            return kind, confidence
    for text in (event_phrase, title or "", lead):
        if _CONFERENCE.search(text):
            return "conference", 0.55
    return "other", 0.4
