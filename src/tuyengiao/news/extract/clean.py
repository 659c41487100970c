"""Cleaning: split a scraped article into title, header lines, body, captions and byline.

Scraped pages carry their site's furniture: menus, banners, share buttons, the page's current-date
header, image file names, photo captions (often twice), the byline and a "Tin cùng chuyên mục" list of
related headlines. None of it is the article; captions are kept apart because their facts (a person's
titles) may still be used.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Text normalisation

# Non-breaking and other exotic spaces are common in scraped headlines (seed 000's title ends with
# one); zero-width characters split words invisibly.
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_MULTI_SPACE = re.compile(r" {2,}")


def normalise_text(text: str) -> str:
    """NFC-compose (Windows-1258 and some editors write tone marks as combining characters),
    unify line ends and spaces, drop zero-width characters. Line structure is kept."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    # Icelandic eth (U+00D0) is a frequent stand-in for Đ in old Vietnamese fonts and pages.
    text = text.replace("\u00d0", "Đ").replace("\u00f0", "đ")
    return text


def collapse_spaces(line: str) -> str:
    """One space between words, none at the ends."""
    return _MULTI_SPACE.sub(" ", line).strip()


# Line classes

_FURNITURE = re.compile(
    r"""^(?:
        skip\ (?:ribbon\ commands|to\ main\ content|navigation)
      | banner\b.*
      | trang\ chủ(?:\s*[>»/|].*)?
      | (?:chia\ sẻ|share)(?:\ bài\ viết|\ bài|\ tin)?(?:\s*:.*)?
      | (?:facebook|twitter|zalo|email|in\ bài|in\ trang|gửi\ email|gửi\ bài|lưu\ bài|bản\ in)
        (?:\s*[|/]\s*\w+)*
      | (?:tin|bài)\ theo\ (?:lĩnh\ vực|chuyên\ mục|chủ\ đề)\b.*
      | (?:chuyên\ mục|lĩnh\ vực|danh\ mục)\s*:.*
      | (?:lượt\ xem|số\ lượt\ xem|lượt\ đọc)\s*:?\s*[\d.,]*
      | (?:cỡ\ chữ|font\ size|phóng\ to|thu\ nhỏ|mặc\ định)(?:\s*[|/-]\s*\S+)*
      | (?:đăng\ nhập|đăng\ ký|tìm\ kiếm|liên\ hệ|sơ\ đồ\ site|rss|menu|top)
      | (?:quay\ lại|trở\ về|về\ đầu\ trang|lên\ đầu\ trang|xem\ tiếp|đọc\ tiếp)\b.*
      | (?:từ\ khóa|từ\ khoá|tags?)\s*:.*
      | (?:ảnh|nguồn\ ảnh|photo)\s*:.*
      | \d+\s*(?:bình\ luận|comments?)
      | like|tweet|\+1
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_PUNCT_ONLY = re.compile(r"^[\W_]*$")
_IMAGE_FILE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp|tiff?|svg)(?:\?\S*)?$", re.IGNORECASE)

# A marker line after which everything is other articles' headlines or comments.
_RELATED_MARKER = re.compile(
    r"""^(?:tin\ cùng\ chuyên\ mục|cùng\ chuyên\ mục|tin\ liên\ quan|bài\ liên\ quan
      | tin\ bài\ liên\ quan|bài\ viết\ liên\ quan|các\ tin\ khác|các\ bài\ khác|tin\ khác
      | tin\ đã\ đưa|tin\ mới\ hơn|tin\ cũ\ hơn|tin\ mới\ nhất|tin\ mới|tin\ đọc\ nhiều
      | đọc\ nhiều\ nhất|xem\ nhiều\ nhất|xem\ thêm|đọc\ thêm|có\ thể\ bạn\ quan\ tâm
      | ý\ kiến\ bạn\ đọc|bình\ luận|gửi\ bình\ luận|ý\ kiến\ của\ bạn
    )\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)

# A line that is only a date stamp, optionally with a weekday, time, time zone and label.
_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s*nhật|cn)"
_DATE_STAMP = re.compile(
    rf"""^(?P<label>(?:cập\ nhật|ngày\ đăng|đăng\ ngày|đăng\ lúc|xuất\ bản|published|updated)
            \s*(?:lúc|ngày)?\s*:?\s*)?
        (?P<wd>{_WEEKDAY}\s*[,-]?\s*)?
        (?:ngày\s*)?
        (?:(?P<t1>\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:am|pm|sa|ch)?)\s*[,|-]?\s*(?:ngày\s*)?)?
        (?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})\s*[/.-]\s*(?P<y>\d{{4}})
        (?:\s*[,|-]?\s*(?:lúc\s*)?(?P<t2>\d{{1,2}}(?::|h)\d{{2}}(?::\d{{2}})?\s*(?:am|pm|sa|ch)?))?
        \s*(?:\(?\[?\s*gmt\s*[+-]\s*\d{{1,2}}(?::?\d{{2}})?\s*\]?\)?)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

_SENTENCE_END = re.compile(r"[.…!?:;]['\"”’)\]]*$")
_BYLINE_LABEL = re.compile(
    r"^(?:tin\s*(?:,|và|&)?\s*ảnh|tin\s*(?:,|và|&)?\s*bài|bài\s*(?:,|và|&)?\s*ảnh|tin|bài|"
    r"bài\s+viết|tác\s+giả|nguồn|theo|pv|phóng\s+viên|nhóm\s+pv)\s*:\s*(?P<name>.+)$",
    re.IGNORECASE,
)
_BYLINE_THEO = re.compile(r"^\(?(?:theo|nguồn)\s+(?P<name>[^()]{2,60})\)?$", re.IGNORECASE)

# Words that start an organisation's name: a line starting with one is an affiliation, not a name.
_ORG_FIRST_WORDS = frozenset(
    [
        "ban",
        "báo",
        "đài",
        "trung",
        "sở",
        "tỉnh",
        "huyện",
        "thành",
        "quận",
        "thị",
        "đảng",
        "hội",
        "văn",
        "phòng",
        "cổng",
        "trang",
        "ubnd",
        "ủy",
        "uỷ",
        "mặt",
        "trường",
        "học",
        "viện",
        "cục",
        "vụ",
        "bộ",
        "tạp",
        "liên",
        "công",
        "tổng",
        "chi",
    ]
)

# Words that mark a photo caption: a short line that names who is pictured doing what.
_CAPTION_CUES = re.compile(
    r"\b(?:phát biểu|chủ trì|dự hội|dự buổi|tham dự|đại biểu|trao|tặng|chụp ảnh|quang cảnh|"
    r"toàn cảnh|làm việc|điểm cầu|tham quan|thăm|tặng hoa|ảnh|hội nghị|hội thảo|tọa đàm|"
    r"toạ đàm|đoàn công tác|kiểm tra|khảo sát|báo cáo tại|trình bày)\b",
    re.IGNORECASE,
)
_CAPTION_TAIL = re.compile(
    r"\b(?:phát biểu|chủ trì|trao|tặng|chụp ảnh|dự|tham dự|trình bày|báo cáo|truyền đạt|"
    r"thông tin|quán triệt|giới thiệu|kiểm tra|thăm|làm việc|chúc mừng|tặng quà|nói chuyện)"
    r"[^.!?]{0,70}\.?['\"”’)]*$",
    re.IGNORECASE,
)
_CAPTION_SUBJECT = re.compile(
    r"^(?:đồng chí|đ/c|ông|bà|các đại biểu|đại biểu|lãnh đạo|quang cảnh|toàn cảnh|đoàn|"
    r"trưởng|phó|bí thư|chủ tịch|giám đốc|ủy viên|uỷ viên|tiến sĩ|ts\.?|pgs|gs)\b",
    re.IGNORECASE,
)
_PHOTO_CREDIT = re.compile(r"\((?:ảnh|ảnh minh họa|ảnh minh hoạ)\s*:?[^)]*\)\s*$", re.IGNORECASE)

# The dateline a news site puts before the first sentence: "(CT)- ", "– ", "TTXVN - ".
_DATELINE = re.compile(
    r"^(?:\([^()]{1,40}\)\s*[-–—:]?\s*|[-–—]+\s*|[A-ZĐ][A-ZĐ0-9.]{1,15}\s*[-–—]+\s+)"
)


@dataclass(frozen=True, slots=True)
class DateStamp:
    """A line that is only a date stamp, as read before interpretation."""

    line: str
    day: int
    month: int
    year: int
    has_time: bool
    has_weekday: bool
    has_label: bool
    in_header: bool


@dataclass(frozen=True, slots=True)
class CleanedArticle:
    """The article split into its parts. `body` paragraphs are the article's own text."""

    title: str | None
    title_confidence: float
    date_stamps: tuple[DateStamp, ...]
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...]
    author: str | None
    author_confidence: float
    dropped: tuple[str, ...]

    @property
    def body(self) -> str:
        """Paragraphs separated by a blank line, as `tuyengiao extract` prints them."""
        return "\n\n".join(self.paragraphs)


def is_furniture(line: str) -> bool:
    """Menus, share buttons, category labels, lone punctuation, image file names, truncated
    alt text ("Đồng chí" alone): lines that belong to the page, not to the article."""
    if _PUNCT_ONLY.match(line) or _IMAGE_FILE.match(line) or _FURNITURE.match(line):
        return True
    # A lone honorific is an image's alt text cut short (seed 004).
    return line.lower() in {"đồng chí", "ông", "bà", "ảnh", "ảnh minh họa", "ảnh minh hoạ"}


def parse_date_stamp(line: str, *, in_header: bool) -> DateStamp | None:
    """Read a line that is nothing but a date stamp ("19/06/2020 - 21:20", "Thứ Ba, 24/11/2020,
    18:50 [GMT+7]", "Chủ nhật, 29/05/2022"); None for any other line."""
    if len(line) > 80:
        return None
    m = _DATE_STAMP.match(line)
    if not m:
        return None
    day, month, year = int(m["d"]), int(m["m"]), int(m["y"])
    if not (1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    return DateStamp(
        line=line,
        day=day,
        month=month,
        year=year,
        has_time=bool(m["t1"] or m["t2"]),
        has_weekday=bool(m["wd"]),
        has_label=bool(m["label"]),
        in_header=in_header,
    )


def looks_like_body(line: str) -> bool:
    """A paragraph of the article: a sentence of some length that ends like a sentence, or a long
    block of text. Headlines, menus and captions without punctuation do not qualify."""
    if len(line) >= 300:
        return True
    return len(line.split()) >= 12 and bool(_SENTENCE_END.search(line))


def is_caption(line: str, *, after_image: bool) -> bool:
    """A photo caption: the line right after an image file name, or a short one-sentence line
    that shows who is pictured ("Đồng chí X, TITLE phát biểu tại hội nghị.", "Các đại biểu dự
    hội thảo"). Captions repeat facts of the body, so dropping them loses nothing."""
    if after_image:
        return True
    if len(line) > 260 or _PHOTO_CREDIT.search(line):
        return bool(_PHOTO_CREDIT.search(line))
    inner = line.rstrip(".…'\"”’) ")
    if re.search(r"[.!?;]\s", inner):
        return False  # more than one sentence: a paragraph, not a caption
    if not _SENTENCE_END.search(line):
        # No closing punctuation: a caption if it names a scene; otherwise an intertitle.
        return len(line.split()) >= 3 and bool(_CAPTION_CUES.search(line))
    return (
        bool(_CAPTION_SUBJECT.match(line))
        and bool(_CAPTION_TAIL.search(line))
        and (len(line) <= 220)
    )


def _name_like(text: str) -> bool:
    """A person's or pen name: 1–6 capitalised words without digits, not an organisation."""
    words = text.split()
    if not 1 <= len(words) <= 6 or any(ch.isdigit() for ch in text):
        return False
    if words[0].lower().strip("(") in _ORG_FIRST_WORDS:
        return False
    if text.isupper():
        return True
    return len(words) >= 2 and all(w[0].isupper() for w in words if w[0].isalpha())


def parse_byline(line: str) -> str | None:
    """The author named by a byline line ("Tin, ảnh: THANH THY", "MAI CHI", "Theo Báo Nhân
    Dân"), without its label; None when the line is not a byline."""
    line = line.strip()
    m = _BYLINE_LABEL.match(line) or _BYLINE_THEO.match(line)
    if m:
        return collapse_spaces(m["name"]).rstrip(".")
    if _SENTENCE_END.search(line) and not line.endswith(")"):
        return None
    # "Nguyễn Hải (Trung tâm Văn hóa huyện)": the name, without the affiliation.
    bare = re.sub(r"\s*\([^()]*\)$", "", line).strip() or line.strip("()")
    if _name_like(bare):
        return bare.strip()
    return None


def strip_dateline(paragraph: str) -> str:
    """Drop the site's dateline tag before the first sentence ("(CT)- ", "– ", "TTXVN - ")."""
    return _DATELINE.sub("", paragraph, count=1).lstrip()


def _cut_related(lines: list[str]) -> tuple[list[str], list[str]]:
    """Cut at the first related-news/comment marker that follows some article text: the rest of
    the page is other articles' headlines (whose document codes the article does not cite)."""
    seen_body = False
    for i, line in enumerate(lines):
        if _RELATED_MARKER.match(line) and seen_body:
            return lines[:i], lines[i:]
        seen_body = seen_body or looks_like_body(line)
    return lines, []


def _pick_title(header: list[str]) -> tuple[str | None, float]:
    """The headline among the lines before the body.

    A repeated line wins (many sites print the headline twice). Otherwise the last line of five
    words or more: banners and menus come above the headline, not below it. A site name in
    capitals is a banner when a line in ordinary case is there too.
    """
    candidates = [h for h in header if len(h.split()) >= 3 and not is_furniture(h)]
    if not candidates:
        return None, 0.0
    repeated = [h for h in candidates if candidates.count(h) > 1]
    if repeated:
        return repeated[0], 0.95
    ordinary = [h for h in candidates if not h.isupper()] or candidates
    long_enough = [h for h in ordinary if len(h.split()) >= 5]
    best = long_enough[-1] if long_enough else max(ordinary, key=len)
    return best, 0.9 if len(candidates) == 1 else 0.7


def clean_article(text: str) -> CleanedArticle:
    """Split normalised article text into title, date stamps, body paragraphs, captions and
    byline; everything else is dropped as page furniture."""
    lines = [collapse_spaces(raw) for raw in normalise_text(text).split("\n")]
    lines = [line for line in lines if line]
    lines, related = _cut_related(lines)
    dropped: list[str] = list(related)

    start = next((i for i, line in enumerate(lines) if looks_like_body(line)), len(lines))
    header, rest = lines[:start], lines[start:]

    stamps: list[DateStamp] = []
    header_text: list[str] = []
    for line in header:
        stamp = parse_date_stamp(line, in_header=True)
        if stamp:
            stamps.append(stamp)
            dropped.append(line)
        elif is_furniture(line):
            dropped.append(line)
        else:
            header_text.append(line)
    title, title_conf = _pick_title(header_text)
    # Header lines that are not the title (category labels, sub-site banners) are furniture;
    # a short dek under the title is rare on these sites and usually repeated in the body.
    dropped.extend(h for h in header_text if h != title)

    # The byline sits after the last paragraph: short lines, a name first, maybe an affiliation.
    author: str | None = None
    author_conf = 0.0
    end = len(rest)
    while end > 0 and (
        is_furniture(rest[end - 1]) or parse_date_stamp(rest[end - 1], in_header=False)
    ):
        end -= 1
    tail_start = end
    while (
        tail_start > 1
        and not looks_like_body(rest[tail_start - 1])
        and (len(rest[tail_start - 1].split()) <= 8)
    ):
        tail_start -= 1
    for line in rest[tail_start:end]:
        name = parse_byline(line)
        if name:
            author = name
            author_conf = 0.9 if _BYLINE_LABEL.match(line) else 0.75
            break
    if author is None:
        tail_start = end  # short closing lines without a name stay in the body

    paragraphs: list[str] = []
    captions: list[str] = []
    after_image = False
    for i, line in enumerate(rest):
        stamp = parse_date_stamp(line, in_header=False)
        if stamp:
            stamps.append(stamp)
            dropped.append(line)
            continue
        if i >= tail_start:
            dropped.append(line)
            continue
        if _IMAGE_FILE.match(line):
            dropped.append(line)
            after_image = True
            continue
        if is_furniture(line) or line == title:
            dropped.append(line)
            after_image = False
            continue
        if author is None and _BYLINE_LABEL.match(line) and len(line) < 80:
            author, author_conf = parse_byline(line), 0.85
            dropped.append(line)
            continue
        if paragraphs and is_caption(line, after_image=after_image):
            captions.append(line)
            after_image = False
            continue
        after_image = False
        paragraphs.append(strip_dateline(line) if not paragraphs else line)

    return CleanedArticle(
        title=title,
        title_confidence=title_conf,
        date_stamps=tuple(stamps),
        paragraphs=tuple(p for p in paragraphs if p),
        captions=tuple(captions),
        author=author,
        author_confidence=author_conf,
        dropped=tuple(dropped),
    )
