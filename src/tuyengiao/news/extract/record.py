"""The typed record an article becomes: what was read, how sure we are, and where it came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The event kinds `tuyengiao extract --json` may print; the import maps them onto MeetingKind.
EVENT_TYPES: tuple[str, ...] = (
    "briefing",
    "interim_review",
    "annual_review",
    "workshop",
    "reporters_conference",
    "press_briefing",
    "working_visit",
    "study_session",
    "conference",
    "other",
)

# The keys of the JSON object, in print order. The issue fixes them: no more, no fewer.
JSON_KEYS: tuple[str, ...] = (
    "file",
    "title",
    "published",
    "event_date",
    "event_type",
    "organizer",
    "location",
    "chair",
    "people",
    "documents",
    "figures",
    "author",
    "body",
    "confidence",
)


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) in the cleaned body, for highlighting on review."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A public official named in the article with the titles written beside the name.

    `span` is None when the person was read from a photo caption, which is not body text.
    """

    name: str
    titles: str
    span: Span | None = None

    def to_json_dict(self) -> dict[str, str]:
        return {"name": self.name, "titles": self.titles}


@dataclass(frozen=True, slots=True)
class Figure:
    """A reported figure: the words as written and the value (int, float, or "done/total")."""

    text: str
    value: int | float | str
    span: Span | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value}


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """What one article says about the event it reports, ready for a person to confirm.

    Every field may be wrong: `confidence` holds a 0–1 score per JSON field and `spans` the body
    ranges each value came from (empty where the value came from the title, a header line or a
    caption). `event_end_date` and `warnings` are kept for the import but not printed by
    `to_json_dict`, whose keys the issue fixes.
    """

    file: str
    title: str | None
    published: dt.date | None
    event_date: dt.date | None
    event_end_date: dt.date | None
    event_type: str
    organizer: str | None
    location: str | None
    chair: tuple[PersonMention, ...]
    people: tuple[PersonMention, ...]
    documents: tuple[str, ...]
    figures: tuple[Figure, ...]
    author: str | None
    body: str
    captions: tuple[str, ...] = ()
    confidence: Mapping[str, float] = field(default_factory=dict)
    spans: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        """The object `tuyengiao extract --json` prints: exactly the keys of `JSON_KEYS`."""
        out: dict[str, Any] = {
            "file": self.file,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "event_type": self.event_type,
            "organizer": self.organizer,
            "location": self.location,
            "chair": [p.to_json_dict() for p in self.chair],
            "people": [p.to_json_dict() for p in self.people],
            "documents": list(self.documents),
            "figures": [f.to_json_dict() for f in self.figures],
            "author": self.author,
            "body": self.body,
            "confidence": {
                k: round(float(self.confidence.get(k, 0.0)), 2)
                for k in JSON_KEYS
                if k not in ("file", "confidence")
            },
        }
        assert tuple(out) == JSON_KEYS  # the printed shape is a contract with the import
        return out
