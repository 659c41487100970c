"""Article → record: read a published news article into a draft meeting record.

A pipeline of small pure functions over text (DESIGN.md, "Article → record"): `clean` drops page
furniture, `dates` finds the publication and event dates, `people` the organiser, place, chairs
and officials, `documents` the cited codes, `figures` the reported results, `kinds` the event kind.
No database and no network: the import turns the record into a draft for a person to confirm.
"""

from .pipeline import extract_article
from .reading import ArticleFileError, decode_article_bytes, read_article_file
from .record import EVENT_TYPES, JSON_KEYS, ExtractedArticle, Figure, PersonMention, Span

__all__ = [
    "EVENT_TYPES",
    "JSON_KEYS",
    "ArticleFileError",
    "ExtractedArticle",
    "Figure",
    "PersonMention",
    "Span",
    "decode_article_bytes",
    "extract_article",
    "read_article_file",
]
