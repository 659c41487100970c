"""The pipeline: article text → `ExtractedArticle`. Each stage is a pure function of text."""

from __future__ import annotations

from .clean import clean_article, normalise_text
from .dates import choose_published, find_event_date
from .documents import find_documents
from .figures import find_figures
from .kinds import classify_event
from .people import find_location, find_organizer, find_people
from .reading import html_to_article_text, looks_like_html
from .record import ExtractedArticle, Span


def extract_article(text: str, *, filename: str = "") -> ExtractedArticle:
    """Read one article (plain text, or a saved HTML page) into a record for review.

    Order matters only where a stage needs another's result: the event's year needs the
    publication date, the event kind reads the phrase that follows the organiser's "tổ chức".
    """
    if looks_like_html(text):
        text = html_to_article_text(text, name=filename or "<html>")
    cleaned = clean_article(normalise_text(text))
    paragraphs = cleaned.paragraphs

    published, published_conf = choose_published(cleaned.date_stamps)
    event = find_event_date(paragraphs, published=published, title=cleaned.title)
    organizer = find_organizer(paragraphs, cleaned.title)
    location = find_location(paragraphs)
    people = find_people(paragraphs, cleaned.captions)
    documents = find_documents(paragraphs)
    figures = find_figures(paragraphs)
    event_type, type_conf = classify_event(
        event_phrase=organizer.event_phrase, title=cleaned.title, paragraphs=paragraphs
    )

    def spans_of(*items: Span | None) -> tuple[Span, ...]:
        return tuple(s for s in items if s is not None)

    confidence = {
        "title": cleaned.title_confidence,
        "published": published_conf,
        "event_date": event.confidence,
        "event_type": type_conf,
        "organizer": organizer.confidence,
        "location": location.confidence,
        # Chair and people rules are phrase-based: sure when the phrasing is the genre's own.
        "chair": 0.8 if people.chair else 0.6,
        "people": 0.8 if people.people else 0.5,
        "documents": 0.9 if documents.codes else 0.7,
        "figures": 0.75 if figures else 0.6,
        "author": cleaned.author_confidence if cleaned.author else 0.5,
        "body": 0.85 if paragraphs else 0.1,
    }
    return ExtractedArticle(
        file=filename,
        title=cleaned.title,
        published=published,
        event_date=event.start,
        event_end_date=event.end,
        event_type=event_type,
        organizer=organizer.value,
        location=location.value,
        chair=people.chair,
        people=people.people,
        documents=documents.codes,
        figures=figures,
        author=cleaned.author,
        body=cleaned.body,
        captions=cleaned.captions,
        confidence=confidence,
        spans={
            "event_date": spans_of(event.span),
            "organizer": spans_of(organizer.span),
            "location": spans_of(location.span),
            "people": spans_of(*(p.span for p in people.people)),
            "chair": spans_of(*(p.span for p in people.chair)),
            "documents": documents.spans,
            "figures": spans_of(*(f.span for f in figures)),
        },
        warnings=documents.warnings,
    )
