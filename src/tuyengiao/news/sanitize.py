"""Sanitising article HTML: an explicit allow-list, applied by nh3 (the Rust `ammonia` library).

Everything not listed goes: scripts and styles with their content, event handlers (onerror=...),
inline styles, iframes, forms. Links keep only http(s), mailto, tel and relative addresses and
get rel="noopener noreferrer"; images keep only site-relative sources ("/tin/…"), never another
site's (no tracking pixels, no hot-linking, no mixed content).
"""

from __future__ import annotations

import html as html_lib

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "blockquote",
    "h2", "h3", "h4", "a", "img", "figure", "figcaption",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Dropped with everything inside them (the other unknown tags are dropped, their text kept).
DROP_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea",
    "select", "svg", "math", "title", "head",
}  # fmt: skip


def _site_relative(value: str) -> bool:
    return value.startswith("/") and not value.startswith("//") and "\\" not in value


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _site_relative(value.strip()) else None
    if attribute in {"colspan", "rowspan"}:
        return value if value.isdigit() and 0 < int(value) <= 50 else None
    return value


def sanitize_html(html: str) -> str:
    """The HTML with only the allow-listed tags and attributes left; safe to render as is."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # An image whose source was refused is an empty <img>: drop it rather than show a hole.
    return cleaned.replace("<img>", "").strip()


def html_to_text(html: str) -> str:
    """The text of sanitised HTML, for search and the RSS description's fallback."""
    return html_lib.unescape(
        nh3.clean(html, tags=set(), clean_content_tags=DROP_WITH_CONTENT)
    ).strip()
