"""Reading article files: bytes → text, whatever the encoding, with a clear message per bad file.

Article files come from many sites and many years: UTF-8 with or without BOM, UTF-16 from Windows
tools, Windows-1258 from old Vietnamese sites, saved HTML pages. A bad file (empty, binary, huge,
an HTML page without an article) raises `ArticleFileError` naming the file, so that a batch can
report it and go on with the others.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

MAX_FILE_BYTES = 5 * 1024 * 1024

# Magic numbers of files that are certainly not articles (PDF, ZIP/DOCX/XLSX, images, old Office).
_BINARY_MAGIC: tuple[bytes, ...] = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\xd0\xcf\x11\xe0",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
    b"BM",
    b"\x7fELF",
)
_HTML_SNIFF = re.compile(
    r"<(?:!doctype\s+html|html|head|body|article|div|p|meta|title|script)[\s>/]", re.IGNORECASE
)
# Letters only Vietnamese uses: evidence that a legacy decoding guessed right.
_VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")


class ArticleFileError(ValueError):
    """A file that cannot be read as an article; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def _looks_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_MAGIC):
        return True
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.02


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: every other byte of ASCII text is NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    for ratio, encoding in ((odd_nul, "utf-16-le"), (even_nul, "utf-16-be")):
        if ratio > 0.3:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def decode_article_bytes(data: bytes, *, name: str = "<bytes>") -> tuple[str, str]:
    """Decode an article file, returning (text, encoding name).

    BOMs decide first (UTF-8, UTF-16); then strict UTF-8; then Windows-1258, the Vietnamese
    Windows code page, whose tone marks are combining characters (composed later by NFC); then
    Windows-1252. Binary content is refused rather than decoded into noise.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ArticleFileError(name, f"hỏng mã UTF-16 / broken UTF-16 text ({exc})") from exc
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, "utf-16"
    if _looks_binary(data):
        raise ArticleFileError(
            name, "tệp nhị phân, không phải bài viết / binary file, not an article text"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[int, str, str] | None = None
    for encoding in ("cp1258", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = len(_VIETNAMESE_LETTERS.findall(unicodedata.normalize("NFC", text)))
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None:
        return data.decode("latin-1"), "latin-1"
    return best[1], best[2]


def looks_like_html(text: str) -> bool:
    """A saved web page rather than plain text: several HTML tags near the start."""
    head = text[:4096]
    return len(_HTML_SNIFF.findall(head)) >= 2 or head.lstrip().lower().startswith(
        ("<!doctype html", "<html")
    )


def html_to_article_text(html: str, *, name: str = "<html>") -> str:
    """The main text of a saved news page, via trafilatura (main-text extraction and metadata;
    its date comes from htmldate). Returned as plain text in the shape of the text seeds:
    headline, publication date line, then paragraphs, so the same cleaner reads both."""
    import trafilatura  # imported here: plain-text extraction must not pay for lxml start-up

    raw = trafilatura.extract(
        html,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not raw:
        raise ArticleFileError(
            name, "trang HTML không có nội dung bài viết / HTML page with no article text"
        )
    data = json.loads(raw)
    text = (data.get("text") or "").strip()
    if len(text) < 80:
        raise ArticleFileError(
            name, "trang HTML không có nội dung bài viết / HTML page with no article text"
        )
    parts: list[str] = []
    if data.get("title"):
        parts.append(str(data["title"]).strip())
    published = _html_date(data.get("date"))
    if published:
        # Labelled, so that the cleaner takes it as the publication date and not as a
        # site's current-date header.
        parts.append(f"Ngày đăng: {published:%d/%m/%Y}")
    parts.append(text.replace("\n", "\n\n"))
    author = str(data.get("author") or "").strip()
    if author and author not in text:
        # trafilatura moves a byline paragraph into its metadata; put it back as a byline.
        parts.append(f"Tác giả: {author}")
    return "\n\n".join(parts)


def _html_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_article_file(path: Path) -> str:
    """The article text of one file: decoded, and reduced to its main text if it is HTML.

    Raises `ArticleFileError` for a missing, empty, binary or huge (> 5 MB) file and for an HTML
    page with no article in it.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ArticleFileError(
            path, f"không đọc được tệp / cannot read file ({exc.strerror})"
        ) from exc
    if size > MAX_FILE_BYTES:
        raise ArticleFileError(
            path,
            f"tệp quá lớn ({size / 1024 / 1024:.1f} MB > 5 MB) / file too large for an article",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleFileError(
            path, f"không đọc được tệp / cannot read file ({exc.strerror})"
        ) from exc
    return read_article_bytes(data, name=str(path))


def read_article_bytes(data: bytes, *, name: str) -> str:
    """The article text of an uploaded file's bytes (see read_article_file for the refusals)."""
    if len(data) > MAX_FILE_BYTES:
        raise ArticleFileError(
            name,
            f"tệp quá lớn ({len(data) / 1024 / 1024:.1f} MB > 5 MB) / file too large for an article",
        )
    if not data.strip():
        raise ArticleFileError(name, "tệp rỗng / empty file")
    text, _encoding = decode_article_bytes(data, name=name)
    if not text.strip():
        raise ArticleFileError(name, "tệp rỗng / empty file")
    if looks_like_html(text):
        return html_to_article_text(text, name=name)
    return text
